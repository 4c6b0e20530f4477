# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: use the firewalld_access module instead.
"""Declarative "these ports, open to these sources" on top of firewalld's CLI tools.

The logic behind the ``webtier.tomcat_cluster.firewalld_access`` module:

* validation and normalisation of ports (``8009/tcp``, ``4000-4100/udp``) and sources
  (IPv4/IPv6 addresses and networks), before anything touches firewalld;
* rendering of a source restriction as one firewalld rich rule per (source, port), and parsing
  of the rich rules firewalld lists back, so that only rules of exactly that shape are managed;
* planning (what to add and remove in one configuration, permanent or runtime) and the
  before/after text used for diff mode;
* a thin runner over ``firewall-cmd`` (daemon running) and ``firewall-offline-cmd`` (daemon
  stopped, permanent configuration only).

Nothing here imports firewalld's Python package: the same code runs on the controller (unit
tests) and on any managed host interpreter, whatever Python firewalld itself was built for.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
import re
import shlex

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import (
    FIREWALLD_ZONE, NamePattern, has_control_chars,
)

PROTOCOLS = ('tcp', 'udp', 'sctp', 'dccp')
ACTION = 'accept'

# Names and control characters are checked with the collection's shared checks (_validation: whole value,
# ASCII, no control character). The zone name follows firewalld's own rule (io/zone.py), and at most 17
# characters before the ``/`` (netfilter chain name length).
_PORT_RE = NamePattern(r'(?P<lo>[0-9]+)(?:-(?P<hi>[0-9]+))?/(?P<proto>[A-Za-z]+)')
ZONE_NAME_MAX = 17
_IPV4_LEADING_ZERO_RE = re.compile(r'(?:^|[.])0[0-9]')
_FW_ERROR_RE = re.compile(r'(?:Error|Warning): ([A-Z_]+)(?::\s*(.*))?')

# firewalld's exit code when the daemon is not running (errors.NOT_RUNNING)
RC_NOT_RUNNING = 252
# firewall-cmd warnings that mean "nothing to do", not a failure
BENIGN = ('ALREADY_ENABLED', 'NOT_ENABLED', 'ZONE_ALREADY_SET', 'ALREADY_SET')


class FirewalldAccessError(WebtierError):
    """An error with a message meant for the user (becomes fail_json's msg) and result ``details``."""


class _Keyed(object):
    """Equality and hash by ``key()``, between objects of the same class (PortSpec, Source)."""

    __slots__ = ()

    def key(self):
        raise NotImplementedError

    def __eq__(self, other):
        return isinstance(other, type(self)) and self.key() == other.key()

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.key())

    def __repr__(self):
        return '%s(%r)' % (type(self).__name__, str(self))


class PortSpec(_Keyed):
    """One port or port range with its protocol, normalised (``8009-8009/tcp`` -> ``8009/tcp``)."""

    __slots__ = ('lo', 'hi', 'proto')

    def __init__(self, lo, hi, proto):
        self.lo = lo
        self.hi = hi
        self.proto = proto

    @property
    def port(self):
        """The port part as firewalld writes it: ``8009`` or ``4000-4100``."""
        if self.lo == self.hi:
            return str(self.lo)
        return '%d-%d' % (self.lo, self.hi)

    def covers(self, other):
        """True when every port of ``other`` is inside this range, same protocol."""
        return self.proto == other.proto and self.lo <= other.lo and other.hi <= self.hi

    def key(self):
        return (self.lo, self.hi, self.proto)

    def __str__(self):
        return '%s/%s' % (self.port, self.proto)


def _text(value, what):
    """``value`` as a string without surrounding spaces; refuse non-strings and control characters.

    Only plain spaces around the value are forgiven. A newline, tab or other control character
    anywhere (``"8009/tcp\\n"``, ``"192.0.2.10\\n"``) is refused rather than silently stripped,
    like every other value that is not exactly what was meant. Booleans, numbers and other
    non-strings are refused (the module's argument spec already turns list elements into strings).
    """
    if not isinstance(value, str):
        raise ValueError('%s must be a string, not %s (%r)' % (what, type(value).__name__, value))
    if has_control_chars(value):
        raise ValueError('%r contains a control character (newline, tab, ...)' % (value,))
    return value.strip(' ')


def parse_port(value):
    """Parse ``PORT/PROTO`` or ``LOW-HIGH/PROTO``; raise ValueError with a readable reason."""
    text = _text(value, 'a port')
    match = _PORT_RE.match(text)
    if not match:
        raise ValueError("'%s' is not PORT/PROTOCOL or LOW-HIGH/PROTOCOL (e.g. 8009/tcp, 4000-4100/udp)" % text)
    proto = match.group('proto').lower()
    if proto not in PROTOCOLS:
        raise ValueError("'%s': protocol must be one of %s" % (text, ', '.join(PROTOCOLS)))
    digits = [match.group('lo')] + ([match.group('hi')] if match.group('hi') is not None else [])
    for number in digits:
        # the length check first: int() of thousands of digits is slow or refused outright
        if len(number.lstrip('0')) > 5 or not 1 <= int(number) <= 65535:
            raise ValueError("'%s': port %s is outside 1-65535" % (text, number))
    lo = int(digits[0])
    hi = int(digits[-1])
    if lo > hi:
        raise ValueError("'%s': range start %d is above its end %d" % (text, lo, hi))
    return PortSpec(lo, hi, proto)


class Source(_Keyed):
    """A normalised source address: ``family`` is ``ipv4`` or ``ipv6``; ``address`` as rendered."""

    __slots__ = ('family', 'network')

    def __init__(self, network):
        self.network = network
        self.family = 'ipv%d' % network.version

    @property
    def address(self):
        """Host addresses without prefix, networks in CIDR form (IPv6 compressed, lower case)."""
        if self.network.prefixlen == self.network.max_prefixlen:
            return str(self.network.network_address)
        return str(self.network)

    def key(self):
        return (self.network.version, self.network)

    def __str__(self):
        return self.address


def parse_source(value, strict=True):
    """Parse an IPv4/IPv6 address or network.

    With ``strict`` (user input), a network with host bits set (``10.0.0.5/24``) is an error,
    since it is most likely a typo for either the host or the network.
    """
    text = _text(value, 'a source')
    if not text:
        raise ValueError('an empty string is not an address')
    if '%' in text:
        raise ValueError("'%s': IPv6 zone indexes (%%interface) cannot be used in firewalld rules" % text)
    if ':' not in text and _IPV4_LEADING_ZERO_RE.search(text.split('/')[0]):
        # Python < 3.9.5 reads 010.0.0.1 as 10.0.0.1, other tools as octal 8.0.0.1
        raise ValueError("'%s': an IPv4 address with leading zeros is ambiguous; write it without them" % text)
    try:
        network = ipaddress.ip_network(u'%s' % text, strict=strict)
    except ValueError as exc:
        if strict and '/' in text:
            try:
                ipaddress.ip_network(u'%s' % text, strict=False)
            except ValueError:
                pass
            else:
                raise ValueError("'%s' has host bits set; use the host address without prefix or the network address (%s)"
                                 % (text, ipaddress.ip_network(u'%s' % text, strict=False)))
        raise ValueError("'%s' is not an IPv4/IPv6 address or network (%s)" % (text, exc))
    if network.version == 6 and getattr(network.network_address, 'ipv4_mapped', None) is not None \
            and network.prefixlen >= 96:
        raise ValueError("'%s' is an IPv4-mapped IPv6 address, which never matches IPv4 traffic in firewalld; "
                         "use the IPv4 form %s" % (text, network.network_address.ipv4_mapped))
    return Source(network)


def validate_zone(zone):
    """A firewalld zone name by firewalld's own rules, or None for the default zone."""
    if zone is None:
        return None
    text = _text(zone, 'the zone')
    match = FIREWALLD_ZONE.match(text)
    if not match:
        raise ValueError("'%s' is not a valid firewalld zone name (letters, digits, _ and -, at most one inner /)" % text)
    if len(match.group('base')) > ZONE_NAME_MAX:
        raise ValueError("'%s' is longer than firewalld's %d characters for a zone name" % (text, ZONE_NAME_MAX))
    return text


def _parse_each(items, parse, option, problems):
    """The distinct values ``parse`` makes of ``items``, in their order; each item it refuses (ValueError) adds
    ``<option>: <reason>`` to ``problems`` instead."""
    values = []
    for item in items or []:
        try:
            value = parse(item)
        except ValueError as exc:
            problems.append('%s: %s' % (option, exc))
            continue
        if value not in values:
            values.append(value)
    return values


def validate_params(params):
    """Validate and normalise the module options; raise FirewalldAccessError listing every problem."""
    problems = []
    ports = _parse_each(params.get('ports'), parse_port, 'ports', problems)
    sources = _parse_each(params.get('sources'), parse_source, 'sources', problems)
    zone = None
    try:
        zone = validate_zone(params.get('zone'))
    except ValueError as exc:
        problems.append('zone: %s' % exc)
    if not params.get('ports') and not problems:
        problems.append('ports: at least one PORT/PROTOCOL is required')
    if not params.get('permanent', True) and not params.get('immediate', True):
        problems.append('permanent and immediate are both false: there is nothing to change')
    if problems:
        raise FirewalldAccessError('Invalid options: ' + '; '.join(problems), problems=problems)
    return {
        'zone': zone,
        'ports': ports,
        'sources': sources,
        'state': params.get('state', 'present'),
        'exclusive': bool(params.get('exclusive', False)),
        'permanent': bool(params.get('permanent', True)),
        'immediate': bool(params.get('immediate', True)),
        'offline': params.get('offline', 'auto'),
    }


# --- rules -------------------------------------------------------------------------------------

class Rule(object):
    """One managed entry: a plain zone port (``source`` None) or an accept rich rule for a source.

    ``text`` is how firewalld lists it (kept when parsed, so removal uses firewalld's own string).
    """

    __slots__ = ('port', 'source', 'text')

    def __init__(self, port, source=None, text=None):
        self.port = port
        self.source = source
        self.text = text if text is not None else render(port, source)

    @property
    def is_port(self):
        return self.source is None

    def key(self):
        return (self.port.key(), self.source.key() if self.source is not None else None)

    def __eq__(self, other):
        return isinstance(other, Rule) and self.key() == other.key()

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.key())

    def display(self):
        """One line for diffs and return values."""
        if self.is_port:
            return 'port %s' % self.port
        return self.text

    def __repr__(self):
        return 'Rule(%r)' % self.display()


def render_rich_rule(port, source):
    """The rich rule for ``port`` (PortSpec) from ``source`` (Source), in firewalld's own layout."""
    return 'rule family="%s" source address="%s" port port="%s" protocol="%s" %s' % (
        source.family, source.address, port.port, port.proto, ACTION)


def render(port, source=None):
    if source is None:
        return '%s' % port
    return render_rich_rule(port, source)


def parse_rich_rule(line):
    """Return a Rule when ``line`` is a rule of the managed shape, else None.

    Managed shape: ``rule family=F source address=A port port=P protocol=X accept`` (what
    render_rich_rule writes). Anything else (priority, NOT, destination, log, limit, ipset
    sources, other actions, services...) belongs to someone else and is never touched.
    """
    text = line.strip()
    try:
        tokens = shlex.split(text)
    except ValueError:
        return None
    if len(tokens) != 8 or tokens[0] != 'rule' or tokens[2] != 'source' or tokens[4] != 'port' or tokens[7] != ACTION:
        return None
    pairs = {}
    for index in (1, 3, 5, 6):
        key, sep, value = tokens[index].partition('=')
        if not sep:
            return None
        pairs[key] = value
    if set(pairs) != set(('family', 'address', 'port', 'protocol')):
        return None
    try:
        port = parse_port('%s/%s' % (pairs['port'], pairs['protocol']))
        source = parse_source(pairs['address'], strict=False)
    except ValueError:
        return None
    if source.family != pairs['family']:
        return None
    return Rule(port, source, text=text)


def parse_port_list(text):
    """Parse firewalld's space separated ``8009/tcp 4000-4100/udp`` list (unknown items skipped)."""
    ports = []
    for item in text.split():
        try:
            ports.append(parse_port(item))
        except ValueError:
            continue
    return ports


def parse_list_all(output):
    """Parse ``firewall-cmd [--permanent] --zone Z --list-all`` output.

    Returns ``{'zone': name, 'ports': [PortSpec], 'rich_rules': [str]}``.
    """
    lines = output.splitlines()
    zone = None
    ports = []
    rich = []
    in_rich = False
    for raw in lines:
        if not raw.strip():
            continue
        if zone is None and not raw[:1].isspace():
            zone = raw.split()[0]
            continue
        stripped = raw.strip()
        if in_rich:
            if stripped.startswith('rule'):
                rich.append(stripped)
                continue
            in_rich = False
        if stripped.startswith('ports:'):
            ports = parse_port_list(stripped[len('ports:'):])
        elif stripped.startswith('rich rules:'):
            in_rich = True
            rest = stripped[len('rich rules:'):].strip()
            if rest.startswith('rule'):
                rich.append(rest)
    return {'zone': zone, 'ports': ports, 'rich_rules': rich}


class ZoneState(object):
    """What one configuration (permanent or runtime) of one zone holds, as far as we care."""

    def __init__(self, ports, rich_rules):
        self.ports = list(ports)
        self.rich_rules = list(rich_rules)
        self.managed = [r for r in (parse_rich_rule(line) for line in self.rich_rules) if r is not None]

    @classmethod
    def from_list_all(cls, output):
        parsed = parse_list_all(output)
        return cls(parsed['ports'], parsed['rich_rules'])

    def port_open(self, port):
        """The zone opens ``port`` to everyone (an entry equal to or covering it)."""
        return any(existing.covers(port) for existing in self.ports)

    def rules_for(self, port):
        """Managed rich rules of ``port`` (exact port/range and protocol)."""
        return [rule for rule in self.managed if rule.port == port]

    def view(self, ports):
        """Sorted display lines of everything relevant to ``ports`` (for diff mode)."""
        lines = []
        for port in ports:
            for existing in self.ports:
                if existing.covers(port) or port.covers(existing):
                    line = 'port %s' % existing
                    if line not in lines:
                        lines.append(line)
            for rule in self.rules_for(port):
                if rule.text not in lines:
                    lines.append(rule.text)
        return sorted(lines)

    def apply(self, plan):
        """A new ZoneState as it should look after ``plan`` (used for diff and check mode)."""
        ports = [p for p in self.ports if p not in [r.port for r in plan.remove if r.is_port]]
        ports += [r.port for r in plan.add if r.is_port]
        removed = set(r.text for r in plan.remove if not r.is_port)
        rich = [line for line in self.rich_rules if line.strip() not in removed]
        rich += [r.text for r in plan.add if not r.is_port]
        return ZoneState(ports, rich)


class Plan(object):
    """Changes for one configuration: rules to add and remove, plus warnings."""

    def __init__(self):
        self.add = []
        self.remove = []
        self.warnings = []

    @property
    def changed(self):
        return bool(self.add or self.remove)

    def _add(self, rule):
        if rule not in self.add:
            self.add.append(rule)

    def _remove(self, rule):
        if rule.text not in [r.text for r in self.remove]:
            self.remove.append(rule)


def plan_changes(zone_state, ports, sources, state='present', exclusive=False):
    """Compute the Plan that makes ``zone_state`` match the request.

    present, no sources   : the port is open to all (zone port); exclusive also drops the
                            managed per-source rules of that port (they are redundant).
    present, sources      : one rich rule per source and port; exclusive drops managed rules of
                            that port for other sources AND the open-to-all zone port.
    absent, no sources    : the port is closed: zone port and every managed rule of it removed.
    absent, sources       : the rules of these sources are removed (others untouched).
    """
    plan = Plan()
    for port in ports:
        existing = zone_state.rules_for(port)
        if state == 'present':
            if not sources:
                if not zone_state.port_open(port):
                    plan._add(Rule(port))
                if exclusive:
                    for rule in existing:
                        plan._remove(rule)
                continue
            for source in sources:
                wanted = Rule(port, source)
                if wanted not in existing:
                    plan._add(wanted)
            if exclusive:
                for rule in existing:
                    if rule.source not in sources:
                        plan._remove(rule)
                if zone_state.port_open(port):
                    plan._remove(Rule(port))
            elif zone_state.port_open(port):
                plan.warnings.append(
                    'port %s is open to everyone in this zone, so the source restriction has no effect; '
                    'use exclusive=true to close it to other sources' % port)
        else:
            if not sources:
                if zone_state.port_open(port):
                    plan._remove(Rule(port))
                for rule in existing:
                    plan._remove(rule)
            else:
                for rule in existing:
                    if rule.source in sources:
                        plan._remove(rule)
    return plan


# --- talking to firewalld ----------------------------------------------------------------------

def firewalld_error(stdout, stderr):
    """The firewalld error code and text from a CLI failure (``INVALID_ZONE: foo``), or None."""
    for text in (stderr or '', stdout or ''):
        match = _FW_ERROR_RE.search(text)
        if match:
            return match.group(1), (match.group(0).split(': ', 1)[1] if ': ' in match.group(0) else match.group(1))
    return None


class FirewalldCli(object):
    """Reads and changes one zone through firewall-cmd (online) or firewall-offline-cmd.

    ``run_command`` is AnsibleModule.run_command (or anything with the same signature).
    """

    def __init__(self, run_command, firewall_cmd=None, offline_cmd=None):
        self._run = run_command
        self.firewall_cmd = firewall_cmd
        self.offline_cmd = offline_cmd
        self.calls = []

    def run(self, argv, check=True):
        rc, out, err = self._run(argv, environ_update={'LANG': 'C', 'LC_ALL': 'C'})
        self.calls.append({'cmd': argv, 'rc': rc})
        if check and rc != 0:
            code = firewalld_error(out, err)
            detail = '%s' % code[1] if code else (err or out).strip()
            hint = ''
            if code and code[0] == 'INVALID_ZONE':
                hint = ' (the zone does not exist in this configuration)'
            raise FirewalldAccessError('firewalld refused "%s" (rc=%d): %s%s' % (' '.join(argv), rc, detail, hint),
                                       rc=rc, stdout=out, stderr=err, cmd=argv)
        return rc, out, err

    def _base(self, permanent, online):
        if online:
            argv = [self.firewall_cmd]
            if permanent:
                argv.append('--permanent')
            return argv
        if not permanent:
            raise FirewalldAccessError('the runtime configuration needs a running firewalld')
        return [self.offline_cmd]

    def read(self, zone, permanent, online):
        """Return ``(zone name, ZoneState)``; without ``zone``, firewalld's default zone is read.

        Raises NotRunning when firewall-cmd finds no daemon (so no separate --state call).
        """
        argv = self._base(permanent, online) + (['--zone=%s' % zone] if zone else []) + ['--list-all']
        rc, out, err = self.run(argv, check=False)
        if online and rc == RC_NOT_RUNNING:
            raise NotRunning()
        if rc != 0:
            self.run(argv)  # raises with firewalld's message
        return parse_list_all(out)['zone'] or zone, ZoneState.from_list_all(out)

    def change(self, zone, plan, permanent, online):
        """Apply ``plan`` with one call per kind of change.

        With several items, firewall-cmd only prints a warning (rc 0) for an item it refuses;
        such warnings (other than already enabled / not enabled) become an error.
        """
        base = self._base(permanent, online) + ['--zone=%s' % zone]
        batches = (
            ('--remove-rich-rule=%s', [r.text for r in plan.remove if not r.is_port]),
            ('--remove-port=%s', [str(r.port) for r in plan.remove if r.is_port]),
            ('--add-rich-rule=%s', [r.text for r in plan.add if not r.is_port]),
            ('--add-port=%s', [str(r.port) for r in plan.add if r.is_port]),
        )
        for option, items in batches:
            if not items:
                continue
            argv = base + [option % item for item in items]
            dummy, out, err = self.run(argv)
            refused = [line.strip() for line in (err or '').splitlines()
                       if line.strip().startswith(('Warning:', 'Error:')) and not any(code in line for code in BENIGN)]
            if refused:
                raise FirewalldAccessError('firewalld did not apply every change to zone %s: %s' % (zone, ' | '.join(refused)),
                                           cmd=argv, stderr=err)


class NotRunning(Exception):
    """firewall-cmd could not reach the daemon."""


def _section(title, lines):
    return ['# %s' % title] + (lines or ['# (no rules for these ports)'])


def manage(params, cli, check_mode=False):
    """Do the whole job for the module; return the result dict or raise FirewalldAccessError."""
    opts = validate_params(params)
    warnings = []

    if not cli.firewall_cmd and not cli.offline_cmd:
        raise FirewalldAccessError('firewall-cmd was not found: install firewalld on the host')

    names = []
    if opts['permanent']:
        names.append('permanent')
    if opts['immediate']:
        names.append('runtime')

    # The first read tells whether the daemon runs and, without a zone, which one is the default.
    zone = opts['zone']
    online = bool(cli.firewall_cmd)
    states = {}
    if online:
        try:
            zone, states[names[0]] = cli.read(zone, names[0] == 'permanent', True)
        except NotRunning:
            online = False
    if not online:
        if opts['offline'] == 'never':
            raise FirewalldAccessError('firewalld is not running and offline=never; start firewalld '
                                       '(systemctl start firewalld) or use offline=auto to change the permanent configuration')
        if not cli.offline_cmd:
            raise FirewalldAccessError('firewalld is not running and firewall-offline-cmd was not found')
        if not opts['permanent']:
            raise FirewalldAccessError('firewalld is not running and permanent=false: the runtime configuration '
                                       'only exists while the daemon runs')
        names = ['permanent']
        zone, states['permanent'] = cli.read(zone, True, False)

    result = {
        'changed': False,
        'zone': zone,
        'offline': not online,
        'ports': [str(p) for p in opts['ports']],
        'sources': [s.address for s in opts['sources']],
        'rules_added': [],
        'rules_removed': [],
        'changes': {},
    }
    before_text, after_text = [], []
    applied = []

    for name in names:
        permanent = name == 'permanent'
        if name not in states:
            dummy, states[name] = cli.read(zone, permanent, online)
        state = states[name]
        plan = plan_changes(state, opts['ports'], opts['sources'], opts['state'], opts['exclusive'])
        for warning in plan.warnings:
            if warning not in warnings:
                warnings.append(warning)
        after = state.apply(plan)
        title = '%s configuration of zone %s%s' % (name, zone, ' (offline)' if not online else '')
        before_text += _section(title, state.view(opts['ports']))
        after_text += _section(title, after.view(opts['ports']))
        result['changes'][name] = {'added': [r.display() for r in plan.add], 'removed': [r.display() for r in plan.remove]}
        for rule in plan.add:
            if rule.display() not in result['rules_added']:
                result['rules_added'].append(rule.display())
        for rule in plan.remove:
            if rule.display() not in result['rules_removed']:
                result['rules_removed'].append(rule.display())
        if not plan.changed:
            continue
        if not online:
            inside = [r.port for r in plan.remove if r.is_port and r.port not in state.ports]
            if inside:
                raise FirewalldAccessError(
                    'firewalld is not running and %s is only open as part of a larger range (%s); '
                    'firewall-offline-cmd removes exact entries only: start firewalld or change the range'
                    % (', '.join(str(p) for p in inside), ', '.join(str(p) for p in state.ports if any(p.covers(i) for i in inside))))
        result['changed'] = True
        if not check_mode:
            try:
                cli.change(zone, plan, permanent, online)
            except FirewalldAccessError as exc:
                # say what is already changed: the permanent configuration goes first
                if applied:
                    exc.msg += ' (the %s configuration of zone %s was already changed)' % (' and '.join(applied), zone)
                    exc.details['changed'] = True
                exc.details['changes'] = result['changes']
                raise
            applied.append(name)

    if not online and opts['immediate'] and result['changed']:
        warnings.append('firewalld is not running: only the permanent configuration was changed; '
                        'it takes effect when firewalld starts')

    result['diff'] = {'before': '\n'.join(before_text) + '\n', 'after': '\n'.join(after_text) + '\n'}
    result['warnings'] = warnings
    return result
