# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise: its functions and
# data shapes may change in any release. Use the filter webtier.tomcat_cluster.cluster_model instead.

"""The cluster model: one computation of the topology that the tomcat role, the httpd_modjk role and
playbooks/verify.yml all read (through the ``webtier.tomcat_cluster.cluster_model`` filter).

Pure Python on plain data (no Ansible import), so it is unit-tested directly. :func:`build_model`
takes the inventory as plain data:

``was_hosts`` / ``web_hosts``
    host names of the WAS and web groups, in inventory order (the order numbers the jvmRoutes);
``hostvars``
    per host a mapping of the inventory settings found for it (the names of :data:`SETTINGS`) and
    ``default_ipv4_address`` (the fact ``ansible_facts.default_ipv4.address``), only keys that exist;
``defaults``
    the calling host's own values (``host``; for it they win over its hostvars, because they are what its
    play resolved: play vars, role defaults), which also stand in for a host whose hostvars lack a setting
    unless they are the calling host's own inventory value;
``role_defaults``
    the tomcat role's defaults, the last fallback;
``sites`` / ``members``
    ``httpd_modjk_sites`` / ``httpd_modjk_members`` of the web tier (None or empty: derived).

and returns one dictionary (see :func:`build_model`) with ``errors`` and ``warnings``; it never raises
on bad input. Every error names the host, the instance and the field. Names and addresses are checked with
the collection's shared checks (``_validation``: the whole value, ASCII, no control character, addresses as IP
addresses or RFC 1123 host names). :func:`check_arguments` is the type check of the filter's own arguments.
"""

from __future__ import annotations

import hashlib
import ipaddress
import posixpath
from collections.abc import Mapping

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _roll
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import (
    INSTANCE_NAME, MEMBER_NAME, ROUTE, TOMCAT_VERSION, ValidationError, check_address, has_control_chars, is_token,
    to_int,
)

# Inventory settings the model reads per WAS host (hostvars, else defaults).
SETTINGS = (
    'tomcat_instances',
    'tomcat_private_address',
    'tomcat_version',
    'tomcat_install_root',
    'tomcat_cluster_enabled',
    'tomcat_cluster_manager',
    'tomcat_cluster_membership',
    'tomcat_cluster_multicast_address',
    'tomcat_catalina_opts',
    'tomcat_base_catalina_opts',
    'tomcat_java_opts',
)
# Settings that are per host by nature: never taken from another host's defaults.
PER_HOST = ('tomcat_private_address',)
FACTS_ADDRESS = 'default_ipv4_address'

MANAGERS = ('delta', 'backup')
MEMBERSHIPS = ('multicast', 'static')
CHECKS = ('was', 'web')

BACKUP_MIN_MEMBERS = 3
# Keys of a site that the model computes; any other key of an httpd_modjk_sites item is kept as it is.
SITE_KEYS = ('name', 'server_name', 'server_aliases', 'balancer', 'mounts', 'unmounts', 'directives', 'tls',
             'members')

# the tomcat role's status context (roles/tomcat/files/webtier-status, docs/metrics.md): never forwarded by httpd
STATUS_UNMOUNTS = ('/webtier-status', '/webtier-status/*')
_BOOL_TRUE = ('true', 'yes', 'on', '1', 'y', 't')
_BOOL_FALSE = ('false', 'no', 'off', '0', 'n', 'f')
_MISSING = object()


class _Problems:
    """Collects errors and warnings (order kept, duplicates dropped)."""

    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, msg):
        if msg not in self.errors:
            self.errors.append(msg)

    def warn(self, msg):
        if msg not in self.warnings:
            self.warnings.append(msg)


def _where(host, instance=None):
    return '%s: instance %s' % (host, instance) if instance else str(host)


def _is_list(value):
    return isinstance(value, (list, tuple))


_to_int = to_int


def _to_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0 if value in (0, 1) else None
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _BOOL_TRUE:
            return True
        if low in _BOOL_FALSE:
            return False
    return None


def _opt_str(value):
    return '' if value is None else value


def unique_id(host, instance):
    """StaticMember uniqueId: md5 of ``<inventory host>/<instance>``, 16 signed decimal bytes in braces."""
    digest = hashlib.md5(('%s/%s' % (host, instance)).encode('utf-8')).digest()  # nosec - an id, not a secret
    return '{' + ','.join(str(b - 256 if b > 127 else b) for b in bytearray(digest)) + '}'


class _Sources:
    """Where the settings of a host come from (see :func:`build_model`)."""

    def __init__(self, local_host, hostvars, defaults, role_defaults):
        self.local_host = local_host
        self.hostvars = hostvars
        self.defaults = defaults
        self.role_defaults = role_defaults

    def get(self, name, host):
        """The value of setting ``name`` for ``host`` (``_MISSING`` when nobody sets it).

        The calling host's own values (``defaults``) stand in for another host that does not set a
        setting only when they are not the calling host's own inventory value: those may be specific to
        that host (host_vars, a group of its own), while a play var or a role default applies to every host.
        """
        own = self.hostvars.get(host) or {}
        if host == self.local_host and name in self.defaults:
            return self.defaults[name]
        if name in own:
            return own[name]
        if name in PER_HOST:
            return _MISSING
        if name in self.defaults:
            local = (self.hostvars.get(self.local_host) or {}) if self.local_host is not None else {}
            if name not in local or local[name] != self.defaults[name]:
                return self.defaults[name]
        return self.role_defaults.get(name, _MISSING)


def _address(host, sources, problems):
    """(address, source) of a host: tomcat_private_address, else the default IPv4 fact; (None, None) if unknown.

    An address must be an IP address or an RFC 1123 host name (plain spaces around it are forgiven, a control
    character anywhere is not): otherwise the error goes to problems and the result is (None, 'invalid').
    """
    explicit = sources.get('tomcat_private_address', host)
    fact = (sources.hostvars.get(host) or {}).get(FACTS_ADDRESS)
    for value, source, what in ((explicit, 'tomcat_private_address', 'tomcat_private_address'),
                                (fact, 'facts', 'the address fact (default_ipv4.address)')):
        if isinstance(value, str) and value.strip(' '):
            try:
                return check_address(value, what), source
            except ValidationError as exc:
                problems.error('%s: %s' % (host, exc))
                return None, 'invalid'
    return None, None


class _HostSettings:
    """The settings of one WAS host with their types checked (errors name the host and the variable)."""

    def __init__(self, host, index, address, sources, problems):
        self.host = host
        self.index = index
        self.address = address

        def get(name):
            return sources.get(name, host)

        self.instances = get('tomcat_instances')
        self.version = self._str(get('tomcat_version'), 'tomcat_version', problems)
        self.install_root = self._str(get('tomcat_install_root'), 'tomcat_install_root', problems)
        if self.install_root and (not self.install_root.startswith('/') or has_control_chars(self.install_root)):
            problems.error('%s: tomcat_install_root %r must be an absolute path (without control characters)'
                           % (host, self.install_root))
        self.cluster_enabled = self._bool(get('tomcat_cluster_enabled'), 'tomcat_cluster_enabled', problems)
        self.cluster_manager = self._choice(get('tomcat_cluster_manager'), 'tomcat_cluster_manager', MANAGERS, problems)
        self.cluster_membership = self._choice(get('tomcat_cluster_membership'), 'tomcat_cluster_membership',
                                               MEMBERSHIPS, problems)
        self.multicast_address = self._str(get('tomcat_cluster_multicast_address'),
                                           'tomcat_cluster_multicast_address', problems)
        self.catalina_opts = self._str(get('tomcat_catalina_opts'), 'tomcat_catalina_opts', problems, '')
        self.base_catalina_opts = self._str(get('tomcat_base_catalina_opts'), 'tomcat_base_catalina_opts',
                                            problems, '')
        self.java_opts = self._str(get('tomcat_java_opts'), 'tomcat_java_opts', problems, '')

    def _str(self, value, name, problems, missing=None):
        if value is _MISSING or value is None:
            if missing is None:
                problems.error('%s: %s is not set' % (self.host, name))
            return missing
        if not isinstance(value, str):
            problems.error('%s: %s must be a string, got %r' % (self.host, name, value))
            return missing
        return value

    def _bool(self, value, name, problems):
        if value is _MISSING:
            problems.error('%s: %s is not set' % (self.host, name))
            return False
        out = _to_bool(value)
        if out is None:
            problems.error('%s: %s must be a boolean, got %r' % (self.host, name, value))
            return False
        return out

    def _choice(self, value, name, choices, problems):
        if value not in choices:
            problems.error('%s: %s must be one of %s, got %r'
                           % (self.host, name, ', '.join(choices), None if value is _MISSING else value))
            return choices[0]
        return value


def _port(item, field, where, problems, required):
    value = item.get(field, None)
    if value is None:
        if required:
            problems.error('%s: %s is required' % (where, field))
        return None
    port = _to_int(value)
    if port is None or not 1 <= port <= 65535:
        problems.error('%s: %s %r must be a port number (1-65535)' % (where, field, value))
        return None
    return port


def _instance(host, pos, item, settings, problems, was_problems):
    """One tomcat_instances item with every default filled in (None when it cannot be used at all).

    ``problems`` gets what every consumer needs (name, site, AJP port, jvmRoute), ``was_problems``
    what only the WAS tier needs (the other ports, the cluster and the version).
    """
    if not isinstance(item, Mapping):
        problems.error('%s: tomcat_instances[%d] must be a dictionary, got %r' % (host, pos, item))
        return None
    name = item.get('name')
    if not INSTANCE_NAME(name):
        problems.error("%s: tomcat_instances[%d]: name %r must be 1-63 lower-case letters, digits, '-' or '_' "
                       "(it names the CATALINA_BASE and the unit)" % (host, pos, name))
        return None
    where = _where(host, name)

    def text(field, default, sink):
        value = item.get(field, None)
        if value is None:
            return default
        if not isinstance(value, str):
            sink.error('%s: %s must be a string, got %r' % (where, field, value))
            return default
        return value

    site = text('site', '', problems) or name
    if not ROUTE(site):
        problems.error("%s: site %r must be letters, digits, '-' or '_'" % (where, site))
    route = text('jvm_route', '', problems) or '%s%d' % (name, settings.index)
    if not ROUTE(route):
        problems.error("%s: jvm_route %r must be letters, digits, '-' or '_' (it becomes the JSESSIONID suffix "
                       "and the mod_jk worker name)" % (where, route))
    enabled = item.get('cluster_enabled', None)
    enabled = settings.cluster_enabled if enabled is None else _to_bool(enabled)
    if enabled is None:
        was_problems.error('%s: cluster_enabled must be a boolean, got %r' % (where, item.get('cluster_enabled')))
        enabled = False
    manager = item.get('cluster_manager', None) or settings.cluster_manager
    if manager not in MANAGERS:
        was_problems.error('%s: cluster_manager must be one of %s, got %r' % (where, ', '.join(MANAGERS), manager))
    membership = item.get('cluster_membership', None) or settings.cluster_membership
    if membership not in MEMBERSHIPS:
        was_problems.error('%s: cluster_membership must be one of %s, got %r'
                           % (where, ', '.join(MEMBERSHIPS), membership))
    multicast = enabled and membership == 'multicast'
    multicast_address = text('multicast_address', '', was_problems) or settings.multicast_address or ''
    if multicast:
        try:
            if not ipaddress.ip_address(multicast_address).is_multicast:
                raise ValueError(multicast_address)
        except ValueError:
            was_problems.error('%s: multicast_address %r is not a multicast address (224.0.0.0/4)'
                               % (where, multicast_address))
    version = text('version', '', was_problems) or settings.version or ''
    if version and not TOMCAT_VERSION(version):
        was_problems.error('%s: version %r is not a Tomcat version (digits, letters, dots)' % (where, version))
    root = (settings.install_root or '').rstrip('/') or '/'
    return {
        'name': name,
        'site': site,
        'host': host,
        'address': settings.address,
        'shutdown_port': _port(item, 'shutdown_port', where, was_problems, True),
        'ajp_port': _port(item, 'ajp_port', where, problems, True),
        'http_port': _port(item, 'http_port', where, was_problems, False),
        'cluster_enabled': enabled,
        'cluster_port': _port(item, 'cluster_port', where, was_problems, enabled) or 0,
        'cluster_manager': manager,
        'cluster_membership': membership,
        'multicast_address': multicast_address,
        'multicast_port': _port(item, 'multicast_port', where, was_problems, multicast) or 0,
        'members': [],
        'jvm_route': route,
        'base': posixpath.join(root, name),
        'unit': 'tomcat-%s.service' % name,
        'version': version,
        'catalina_home': posixpath.join(root, 'apache-tomcat-%s' % version),
        'catalina_opts': ' '.join(s for s in (settings.base_catalina_opts, settings.catalina_opts,
                                              text('catalina_opts', '', was_problems)) if s),
        'java_opts': ' '.join(s for s in (settings.java_opts, text('java_opts', '', was_problems)) if s),
    }


def _check_ports(host, instances, problems):
    """TCP and UDP ports of one host must be distinct across its instances."""
    used = {}
    for inst in instances:
        fields = [('tcp', 'shutdown_port'), ('tcp', 'ajp_port'), ('tcp', 'http_port')]
        if inst['cluster_enabled']:
            fields.append(('tcp', 'cluster_port'))
            if inst['cluster_membership'] == 'multicast':
                fields.append(('udp', 'multicast_port'))
        for proto, field in fields:
            port = inst[field]
            if not port:
                continue
            other = used.get((proto, port))
            if other:
                problems.error('%s: %s %d (%s) is also the %s of instance %s; every instance needs its own ports'
                               % (_where(host, inst['name']), field, port, proto, other[1], other[0]))
            else:
                used[(proto, port)] = (inst['name'], field)


def _check_routes(instances, was_group, problems):
    seen = {}
    for inst in instances:
        other = seen.get(inst['jvm_route'])
        if other:
            problems.error("%s: jvm_route %r is also the jvmRoute of %s; jvmRoutes must be unique across the group "
                           "'%s'" % (_where(inst['host'], inst['name']), inst['jvm_route'],
                                     _where(other['host'], other['name']), was_group))
        else:
            seen[inst['jvm_route']] = inst


def _check_clusters(instances, problems):
    """One site is one cluster: the same settings on every member, and no multicast group shared by two sites."""
    by_site = {}
    for inst in instances:
        by_site.setdefault(inst['site'], []).append(inst)
    groups = {}
    for site, members in by_site.items():
        clustered = [i for i in members if i['cluster_enabled']]
        if not clustered:
            continue
        ref = clustered[0]
        ref_where = _where(ref['host'], ref['name'])
        for inst in members:
            where = _where(inst['host'], inst['name'])
            if not inst['cluster_enabled']:
                problems.error('%s: cluster_enabled is false, but site %s is clustered on %s (one site is one '
                               'cluster)' % (where, site, ref_where))
                continue
            fields = ['cluster_manager', 'cluster_membership']
            if ref['cluster_membership'] == 'multicast':
                fields += ['multicast_address', 'multicast_port']
            for field in fields:
                if inst[field] != ref[field]:
                    problems.error('%s: %s %r differs from %r on %s (one site is one cluster)'
                                   % (where, field, inst[field], ref[field], ref_where))
        if ref['cluster_membership'] == 'multicast' and ref['multicast_port']:
            key = (ref['multicast_address'], ref['multicast_port'])
            other = groups.get(key)
            if other:
                problems.error('%s: multicast group %s:%d of site %s is also the group of site %s (%s); the two '
                               'sites would join one cluster' % (ref_where, key[0], key[1], site, other[0],
                                                                 other[1]))
            else:
                groups[key] = (site, ref_where)
        if ref['cluster_manager'] == 'backup' and len(clustered) < BACKUP_MIN_MEMBERS:
            problems.warn('site %s uses BackupManager with %d member(s): it keeps one backup copy per session and '
                          'only pays off from %d members on; DeltaManager replicates to every member'
                          % (site, len(clustered), BACKUP_MIN_MEMBERS))
    return by_site


def _static_members(by_site):
    """Every clustered instance lists all clustered instances of its site (itself included), stable ids.

    The instances of one site share one list object (the model is read, never changed, by its consumers).
    """
    for members in by_site.values():
        clustered = [i for i in members if i['cluster_enabled']]
        listing = [{'host': i['address'], 'port': i['cluster_port'], 'unique_id': unique_id(i['host'], i['name'])}
                   for i in clustered]
        for inst in clustered:
            inst['members'] = listing


def _as_list(value, what, problems, default):
    if value is None:
        return list(default)
    if isinstance(value, str) or not _is_list(value):
        problems.error('%s must be a list, got %r' % (what, value))
        return list(default)
    return list(value)


def _sites(given, members, suffix, default_mounts, problems):
    """httpd_modjk_sites with every key filled in (or one site per distinct site of the members)."""
    if given:
        items = list(given) if _is_list(given) else []
        if not items:
            problems.error('httpd_modjk_sites must be a list of dictionaries, got %r' % (given,))
    else:
        items = []
        for member in members:
            if member['site'] not in [s['name'] for s in items]:
                items.append({'name': member['site']})
    out = []
    for pos, item in enumerate(items):
        if not isinstance(item, Mapping) or not isinstance(item.get('name'), str) or not item.get('name'):
            problems.error('httpd_modjk_sites[%d] must be a dictionary with a name, got %r' % (pos, item))
            continue
        name = item['name']
        what = 'site %s' % name
        if not ROUTE(name):
            problems.error("%s: name must be letters, digits, '-' or '_'" % what)
        if name in [s['name'] for s in out]:
            problems.error('%s: listed twice in httpd_modjk_sites' % what)
        site = dict((k, v) for k, v in item.items() if k not in SITE_KEYS)
        site.update({
            'name': name,
            'server_name': item.get('server_name') or name + suffix,
            'server_aliases': _as_list(item.get('server_aliases'), what + ': server_aliases', problems, []),
            'balancer': item.get('balancer') or name + '-loadbalancer',
            'mounts': _as_list(item.get('mounts'), what + ': mounts', problems, default_mounts),
            'unmounts': _as_list(item.get('unmounts'), what + ': unmounts', problems, []),
            'directives': _as_list(item.get('directives'), what + ': directives', problems, []),
            'tls': item.get('tls'),
        })
        if not is_token(site['server_name']):
            problems.error('%s: server_name %r must be a string without white space, control characters, quotes, '
                           "'<', '>' or '&'" % (what, site['server_name']))
        for field in ('server_aliases', 'mounts', 'unmounts'):
            for value in site[field]:
                if not is_token(value):
                    problems.error("%s: %s: %r must be a string without white space, control characters, quotes, "
                                   "'<', '>' or '&'" % (what, field, value))
        site['unmounts'] += [u for u in STATUS_UNMOUNTS if u not in site['unmounts']]
        if not ROUTE(site['balancer']):
            problems.error("%s: balancer %r must be letters, digits, '-' or '_'" % (what, site['balancer']))
        if not site['mounts']:
            problems.error('%s: mounts is empty (nothing would be forwarded to the balancer)' % what)
        site['members'] = [m for m in members if m['site'] == name]
        out.append(site)
    return out


def _explicit_members(given, problems):
    """httpd_modjk_members: [{name, site, host, port, route}] checked and completed."""
    out = []
    for pos, item in enumerate(given if _is_list(given) else []):
        if not isinstance(item, Mapping):
            problems.error('httpd_modjk_members[%d] must be a dictionary, got %r' % (pos, item))
            continue
        name = item.get('name')
        what = 'httpd_modjk_members[%d]' % pos
        port = _to_int(item.get('port'))
        if port is None or not 1 <= port <= 65535:
            problems.error('%s: port %r must be a port number (1-65535)' % (what, item.get('port')))
        member = {
            'name': name,
            'route': item.get('route') or name,
            'site': item.get('site'),
            'host': item.get('host'),
            'port': port,
            'was_host': item.get('was_host') or item.get('host'),
            'instance': item.get('instance') or name,
        }
        out.append(member)
    return out


def _check_members(members, sites, explicit_members, explicit_sites, problems):
    """mod_jk's view: sites and members that match; explicit members are also checked one by one.

    Discovered members are instances, whose names, routes and sites :func:`_instance` and
    :func:`_check_routes` have checked already.
    """
    if explicit_members:
        names = {}
        routes = {}
        for pos, member in enumerate(members):
            what = 'httpd_modjk_members[%d]' % pos
            for field, pattern in (('name', MEMBER_NAME), ('route', ROUTE), ('site', ROUTE)):
                value = member[field]
                if not pattern(value):
                    problems.error("%s: %s %r must be letters, digits, '-' or '_'%s"
                                   % (what, field, value, " or '.'" if field == 'name' else ''))
            if not isinstance(member['host'], str) or not member['host']:
                problems.error('%s: host is missing' % what)
            else:
                try:
                    check_address(member['host'], 'host')
                except ValidationError as exc:
                    problems.error('%s: %s' % (what, exc))
            for field, seen in (('name', names), ('route', routes)):
                other = seen.get(member[field])
                if other is not None:
                    problems.error('%s: %s %r is also the %s of %s (every Tomcat instance needs its own jvmRoute)'
                                   % (what, field, member[field], field, other))
                else:
                    seen[member[field]] = what
    for site in sites:
        if not site['members']:
            problems.error('site %s: no WAS instance serves it (no %s has site: %s)'
                           % (site['name'], 'httpd_modjk_members entry' if explicit_members else 'tomcat_instances item',
                              site['name']))
    if explicit_sites:
        site_names = [s['name'] for s in sites]
        for member in members:
            if member['site'] not in site_names:
                problems.error('%s: instance %s: site %s has no virtual host in httpd_modjk_sites (the instance '
                               'would get no traffic through mod_jk)'
                               % (member['was_host'], member['instance'], member['site']))


def _type_name(value):
    return 'null' if value is None else type(value).__name__


def check_arguments(hostvars, groups, was_group='was', web_group='web', host=None, settings=None, sites=None,
                    members=None, server_name_suffix='-site.example', default_mounts=None, checks=None):
    """The type check of the cluster_model filter's arguments, at its entry (the inventory data inside them is
    :func:`build_model`'s business, which reports rather than raises). Raises ValueError naming the argument."""
    def bad(name, expected, value):
        raise ValueError('%s must be %s, got %s' % (name, expected, _type_name(value)))

    if not isinstance(hostvars, Mapping):
        bad('the input', 'hostvars (a dictionary of host name to variables)', hostvars)
    if not isinstance(groups, Mapping):
        bad('groups', 'the groups variable (a dictionary of group name to host names)', groups)
    for name, value in (('was_group', was_group), ('web_group', web_group)):
        if not isinstance(value, str) or not value:
            bad(name, 'a group name', value)
        hosts = groups.get(value)
        if hosts is not None and (not _is_list(hosts) or not all(isinstance(h, str) for h in hosts)):
            raise ValueError("groups['%s'] must be a list of host names, got %r" % (value, hosts))
    if host is not None and not isinstance(host, str):
        bad('host', 'a host name', host)
    if settings is not None and not isinstance(settings, Mapping):
        bad('settings', 'a dictionary of the settings of host', settings)
    for name, value in (('sites', sites), ('members', members)):
        if value and not _is_list(value):
            bad(name, 'a list of dictionaries', value)
    if not isinstance(server_name_suffix, str):
        bad('server_name_suffix', 'a string', server_name_suffix)
    if default_mounts is not None and (not _is_list(default_mounts)
                                       or not all(isinstance(m, str) for m in default_mounts)):
        bad('default_mounts', 'a list of strings', default_mounts)
    if checks is not None and not _is_list(checks):
        bad('checks', 'a list of %s' % ' and '.join(CHECKS), checks)
    unknown = [c for c in checks or () if c not in CHECKS]
    if unknown:
        raise ValueError('unknown checks %s (known: %s)' % (unknown, ', '.join(CHECKS)))


def build_model(was_hosts, web_hosts=None, hostvars=None, defaults=None, host=None, sites=None, members=None,
                server_name_suffix='-site.example', default_mounts=('/*',), was_group='was', web_group='web',
                checks=CHECKS, web_addresses_required=False, role_defaults=None):
    """The cluster model of an inventory (see the module docstring for the inputs).

    Returns a dict with
    ``was_hosts`` (host -> {name, index, address, address_source, instances: [...]}),
    ``was_addresses`` (host -> address), ``web_hosts`` ([{name, address}]), ``web_addresses`` (unique),
    ``sites`` ([{name, server_name, server_aliases, balancer, mounts, unmounts, directives, members}]),
    ``members`` (mod_jk members [{name, route, site, host, port, was_host, instance}]),
    ``ping_targets`` ([{host, port, name}] of the members), ``order`` (the start/restart steps
    [{host, address, name, unit, ajp_port, jvm_route, site, wave, target}]), ``web_addresses_unknown`` (one
    message per web host whose address is unknown), ``errors`` and ``warnings``.
    ``checks`` selects the validations: ``was`` (ports, cluster settings, addresses of the web hosts
    when ``web_addresses_required``) and ``web`` (mod_jk members and sites).
    """
    problems = _Problems()
    clean = {}
    for name, hvars in (hostvars.items() if isinstance(hostvars, Mapping) else ()):
        if hvars is not None and not isinstance(hvars, Mapping):
            problems.error('%s: its hostvars must be a dictionary, got %s' % (name, type(hvars).__name__))
            hvars = {}
        clean[name] = hvars
    hostvars = clean
    defaults = defaults if isinstance(defaults, Mapping) else {}
    role_defaults = role_defaults if isinstance(role_defaults, Mapping) else {}
    checks = tuple(checks or ())
    was_list = list(was_hosts) if _is_list(was_hosts) else []
    web_list = list(web_hosts) if _is_list(web_hosts) else []
    if not was_list:
        problems.error("the inventory group '%s' (tomcat_was_group) does not exist or has no hosts" % was_group)
    if host is not None and was_list and host not in was_list:
        problems.error("%s is not in the inventory group '%s' (tomcat_was_group); the group defines the cluster "
                       "members and the jvmRoute numbering" % (host, was_group))

    was_problems = problems if 'was' in checks else _Problems()
    sources = _Sources(host, hostvars, defaults, role_defaults)
    model_hosts = {}
    all_instances = []
    for index, name in enumerate(was_list, 1):
        address, source = _address(name, sources, problems)
        if address is None and source is None:
            problems.error('%s: the private address is unknown: set tomcat_private_address or gather its facts '
                           'first (the playbooks gather the facts of both groups in their first play)' % name)
        settings = _HostSettings(name, index, address, sources, was_problems)
        raw = settings.instances
        instances = []
        if raw is _MISSING or raw is None:
            problems.error('%s: tomcat_instances is not set' % name)
        elif not _is_list(raw) or not raw:
            problems.error('%s: tomcat_instances must be a non-empty list of dictionaries, got %r' % (name, raw))
        else:
            for pos, item in enumerate(raw):
                inst = _instance(name, pos, item, settings, problems, was_problems)
                if inst is None:
                    continue
                if inst['name'] in [i['name'] for i in instances]:
                    problems.error('%s: instance name %s is listed twice in tomcat_instances' % (name, inst['name']))
                    continue
                instances.append(inst)
        _check_ports(name, instances, was_problems)
        all_instances.extend(instances)
        model_hosts[name] = {'name': name, 'index': index, 'address': address, 'address_source': source,
                             'instances': instances}

    _check_routes(all_instances, was_group, problems)
    _static_members(_check_clusters(all_instances, was_problems))

    web = []
    web_unknown = []
    for name in web_list:
        address, source = _address(name, _Sources(None, hostvars, {}, {}), was_problems)
        if address is None and source is None:
            msg = ("%s: the private address of this host of the group '%s' (tomcat_web_group) is unknown: set "
                   "tomcat_private_address or gather its facts first (AJP is opened to it)" % (name, web_group))
            web_unknown.append(msg)
            if web_addresses_required:
                was_problems.error(msg)
        web.append({'name': name, 'address': address})
    web_addresses = []
    for item in web:
        if item['address'] and item['address'] not in web_addresses:
            web_addresses.append(item['address'])

    if members:
        jk_members = _explicit_members(members, problems)
    else:
        jk_members = [{'name': i['jvm_route'], 'route': i['jvm_route'], 'site': i['site'], 'host': i['address'],
                       'port': i['ajp_port'], 'was_host': i['host'], 'instance': i['name']} for i in all_instances]
    jk_sites = _sites(sites, jk_members, server_name_suffix, default_mounts, problems)
    if 'web' in checks:
        if not jk_members:
            problems.error("no mod_jk member is known: the hosts of the group '%s' need tomcat_instances (or set "
                           'httpd_modjk_members)' % was_group)
        _check_members(jk_members, jk_sites, bool(members), bool(sites), problems)

    return {
        'was_group': was_group,
        'web_group': web_group,
        'was_hosts': model_hosts,
        'was_addresses': dict((h, v['address']) for h, v in model_hosts.items() if v['address']),
        'web_hosts': web,
        'web_addresses': web_addresses,
        # the web hosts whose address is unknown (an error where web_addresses_required: the tomcat role opens AJP
        # to them); a play limited to some web hosts has not gathered the others' facts
        'web_addresses_unknown': web_unknown,
        'sites': jk_sites,
        'members': jk_members,
        'ping_targets': [{'host': m['host'], 'port': m['port'], 'name': m['name']} for m in jk_members],
        'order': start_order(all_instances),
        'errors': problems.errors,
        'warnings': problems.warnings,
    }


def _step(inst, wave):
    return {'host': inst['host'], 'address': inst['address'], 'name': inst['name'], 'unit': inst['unit'],
            'ajp_port': inst['ajp_port'], 'jvm_route': inst['jvm_route'], 'site': inst['site'], 'wave': wave,
            'target': {'host': inst['address'], 'port': inst['ajp_port'], 'name': inst['jvm_route']}}


def start_order(instances):
    """The start/restart steps in inventory order; ``wave`` = how many steps of the same site come before.

    A site is one cluster: its instances start one after another (DeltaManager instances that start
    together stall on the session state transfer). Different sites are different clusters and share a wave.
    """
    seen = {}
    out = []
    for inst in instances:
        wave = seen.get(inst['site'], 0)
        seen[inst['site']] = wave + 1
        out.append(_step(inst, wave))
    return out


# The restart waves over ``order`` live in _roll.py (cluster_waves); still importable as ``waves`` from here for
# benchmarks/model_bench.py.
waves = _roll.cluster_waves
