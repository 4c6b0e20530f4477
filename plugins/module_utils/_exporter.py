# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: the role webtier.tomcat_cluster.metrics runs it.

"""The webtier Prometheus exporters (docs/metrics.md, "The exporters"): one program, two tiers.

* tier ``modjk`` (a web host): one scrape = one ``cmd=list&mime=xml`` request to mod_jk's status worker
  (module_utils._jkstatus), turned into ``modjk_*`` families;
* tier ``tomcat`` (a WAS host): one scrape = one AJP request per Tomcat instance for its webtier-status page
  (module_utils._tomcat_status.read_page), all instances at once in a bounded thread pool; every family of the page
  is passed on with the labels ``tomcat`` and ``site`` added, plus ``webtier_tomcat_up`` and
  ``webtier_tomcat_cluster_members_expected``.

The collectors return plain data (:class:`Family`: name, type, help, samples), so they are tested without
prometheus_client; :func:`main` imports prometheus_client (Debian 12's 0.16.0 or newer) and serves them over HTTP with
``start_http_server``. Every request is bounded by the configured timeout, so a dead target costs at most one timeout
per scrape; a failure never ends the process: the target's ``*_up`` series is 0 and one line goes to stderr (journald)
when a target fails, and another when it reads again. Runs on Python 3.9 and later without Ansible:

    PYTHONPATH=/usr/local/lib/webtier-exporter python3 -s -m \\
        ansible_collections.webtier.tomcat_cluster.plugins.module_utils._exporter --config /etc/webtier-exporter/x.json

with the files of :data:`RUNTIME_FILES` under ``.../ansible_collections/webtier/tomcat_cluster/plugins/module_utils/``
(implicit namespace packages, no ``__init__.py`` needed).
"""

from __future__ import annotations

import argparse
import collections
import ipaddress
import json
import math
import signal
import sys
import threading

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._jkstatus import (
    ERROR_STATES,
    JkStatusClient,
    check_connection_params,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_status import (
    DEFAULT_URI,
    check_options,
    read_page,
)

# The module_utils files the exporter imports, itself included (its import closure; a unit test checks it): what the
# metrics role copies to the host.
RUNTIME_FILES = (
    '_ajp.py',
    '_errors.py',
    '_exporter.py',
    '_http_tokens.py',
    '_jkstatus.py',
    '_net_deadline.py',
    '_text_codec.py',
    '_tomcat_status.py',
    '_validation.py',
)

TIERS = ('modjk', 'tomcat')
MAX_TIMEOUT = 60.0
# instances read at once by one scrape of the tomcat tier
MAX_WORKERS = 16
PROG = 'webtier-exporter'

# tomcat-connectors native/common/jk_lb_worker.h (1.2.48 and 1.2.50): the activation texts and the state texts that
# jk_lb_get_state() prints; a value outside these lists (mod_jk prints "unknown" for one) still gets its series
ACTIVATIONS = ('ACT', 'DIS', 'STP')
STATES = ('OK/IDLE', 'OK', 'ERR/REC', 'ERR/FRC', 'OK/BUSY', 'ERR', 'ERR/PRB')
MEMBER_LABELS = ('balancer', 'member', 'route', 'site')
# (status worker attribute, family, type, help): see docs/metrics.md for where each comes from in jk_status.c
MEMBER_FIELDS = (
    ('busy', 'modjk_member_busy', 'gauge', 'Requests the member is serving now (busy).'),
    ('max_busy', 'modjk_member_max_busy', 'gauge',
     'Most requests the member served at once since the last reset (max_busy).'),
    ('elected', 'modjk_member_requests_total', 'counter', 'Requests mod_jk sent to the member (elected).'),
    ('errors', 'modjk_member_errors_total', 'counter', 'Requests to the member that failed (errors).'),
    ('client_errors', 'modjk_member_client_errors_total', 'counter',
     'Requests that failed because of the client, e.g. it went away (client_errors).'),
    ('reply_timeouts', 'modjk_member_reply_timeouts', 'gauge',
     'Reply timeouts of the member, decayed: mod_jk halves it at each maintenance and resets it on recovery '
     '(reply_timeouts).'),
    ('read', 'modjk_member_read_bytes_total', 'counter', 'Bytes mod_jk read from the member over AJP (read).'),
    ('transferred', 'modjk_member_transferred_bytes_total', 'counter',
     'Bytes mod_jk sent to the member over AJP (transferred).'),
    ('sessions', 'modjk_member_sessions_total', 'counter',
     'Requests without a session id that mod_jk sent to the member, that is new sessions (sessions).'),
)


class ConfigError(WebtierError):
    """A configuration file the exporter cannot run with."""


class Family(collections.namedtuple('Family', 'name type help samples')):
    """A metric family as plain data: ``type`` is gauge, counter or untyped; ``samples`` a list of
    ``(labels dict, float)``; a counter's name ends in ``_total``."""

    @classmethod
    def new(cls, name, mtype, text):
        return cls(name, mtype, text, [])

    def add(self, labels, value):
        self.samples.append((dict(labels), float(value)))
        return self


def log(message):
    """One line on stderr (journald under systemd)."""
    sys.stderr.write('%s: %s\n' % (PROG, ' '.join(str(message).split())))
    sys.stderr.flush()


# ---------------------------------------------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------------------------------------------

_COMMON = ('tier', 'listen_address', 'port', 'timeout')
_KEYS = {
    'modjk': _COMMON + ('status_url', 'sites', 'expected_members'),
    'tomcat': _COMMON + ('ajp_secret', 'instances'),
}
_MEMBER_KEYS = ('balancer', 'member', 'route', 'site')
_INSTANCE_KEYS = ('name', 'site', 'host', 'port', 'route', 'expected_members')


def _number(value, what, kind, low, high):
    """An int (``kind`` int) or float in [low, high]; a numeric string is taken too (templated JSON)."""
    if isinstance(value, str) and value.strip():
        try:
            value = kind(value.strip())
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise ConfigError('%s must be %s, got %r' % (what, 'an integer' if kind is int else 'a number', value))
    if not low <= value <= high or (isinstance(value, float) and math.isnan(value)):
        raise ConfigError('%s must be between %g and %g, got %r' % (what, low, high, value))
    return value


def _text(value, what, empty=True):
    if not isinstance(value, str) or (not empty and not value):
        raise ConfigError('%s must be a %sstring, got %r' % (what, '' if empty else 'non-empty ', value))
    return value


def _object(value, what, keys, required):
    if not isinstance(value, dict):
        raise ConfigError('%s must be a JSON object, got %s' % (what, type(value).__name__))
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise ConfigError('%s has unknown keys %s (known: %s)' % (what, ', '.join(unknown), ', '.join(keys)))
    missing = [k for k in required if k not in value]
    if missing:
        raise ConfigError('%s lacks %s' % (what, ', '.join(missing)))
    return value


def check_config(data):
    """The configuration (parsed JSON) checked and normalised; raises ConfigError naming the first problem."""
    tier = data.get('tier') if isinstance(data, dict) else None
    if tier not in TIERS:
        raise ConfigError('tier must be one of %s, got %r' % (', '.join(TIERS), tier))
    required = {'modjk': _KEYS['modjk'], 'tomcat': _COMMON + ('instances',)}[tier]
    _object(data, 'the configuration', _KEYS[tier], required)
    try:
        address = ipaddress.ip_address(_text(data['listen_address'], 'listen_address'))
    except ValueError:
        raise ConfigError('listen_address must be an IP address, got %r' % (data['listen_address'],))
    if address.is_unspecified:
        raise ConfigError('listen_address must be one address of the host, not %s' % address)
    out = {'tier': tier, 'listen_address': str(address),
           'port': _number(data['port'], 'port', int, 1, 65535),
           'timeout': float(_number(data['timeout'], 'timeout', float, 0.001, MAX_TIMEOUT))}
    if tier == 'modjk':
        try:
            out['status_url'] = check_connection_params({'url': _text(data['status_url'], 'status_url'),
                                                         'timeout': out['timeout']})
        except WebtierError as e:
            raise ConfigError('status_url: %s' % e)
        sites = data['sites']
        if not isinstance(sites, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in sites.items()):
            raise ConfigError('sites must be an object of balancer name -> site name (strings), got %r' % (sites,))
        out['sites'] = dict(sites)
        if not isinstance(data['expected_members'], list):
            raise ConfigError('expected_members must be a list, got %r' % (data['expected_members'],))
        members = []
        for i, m in enumerate(data['expected_members']):
            what = 'expected_members[%d]' % i
            _object(m, what, _MEMBER_KEYS, _MEMBER_KEYS)
            members.append({k: _text(m[k], '%s.%s' % (what, k)) for k in _MEMBER_KEYS})
        out['expected_members'] = members
        return out
    secret = data.get('ajp_secret') or None
    if secret is not None and not isinstance(secret, str):
        raise ConfigError('ajp_secret must be a string, got a %s' % type(secret).__name__)   # never its value
    if not isinstance(data['instances'], list) or not data['instances']:
        raise ConfigError('instances must be a non-empty list, got %r' % (data['instances'],))
    instances = []
    for i, inst in enumerate(data['instances']):
        what = 'instances[%d]' % i
        _object(inst, what, _INSTANCE_KEYS, ('name', 'site', 'host', 'port'))
        name = _text(inst['name'], what + '.name', empty=False)
        if any(other['name'] == name for other in instances):
            raise ConfigError('%s: the name %r is given twice' % (what, name))
        try:
            options = check_options(_text(inst['host'], what + '.host', empty=False),
                                    _number(inst['port'], what + '.port', int, 1, 65535), secret=secret,
                                    uri=DEFAULT_URI, timeout=out['timeout'], route=inst.get('route') or None)
        except WebtierError as e:
            raise ConfigError('%s (%s): %s' % (what, name, e))
        instances.append({'name': name, 'site': _text(inst['site'], what + '.site'), 'options': options,
                          'expected_members': _number(inst.get('expected_members', 0), what + '.expected_members',
                                                      int, 0, 10000)})
    out['instances'] = instances
    return out


def load_config(path):
    """Read and check the JSON configuration file; raises ConfigError."""
    try:
        with open(path, 'rb') as f:
            raw = f.read(1024 * 1024 + 1)
    except OSError as e:
        raise ConfigError('cannot read %s: %s' % (path, e.strerror or e))
    if len(raw) > 1024 * 1024:
        raise ConfigError('%s is larger than 1 MiB' % path)
    try:
        data = json.loads(raw.decode('utf-8'))
    except (UnicodeDecodeError, ValueError) as e:
        raise ConfigError('%s is not JSON: %s' % (path, e))
    try:
        return check_config(data)
    except ConfigError as e:
        raise ConfigError('%s: %s' % (path, e))


# ---------------------------------------------------------------------------------------------------------------
# collectors (plain data)
# ---------------------------------------------------------------------------------------------------------------

def _label(value):
    return '' if value is None else str(value)


def _count(value):
    """A status worker figure as a float, None when it is missing or not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _expected_family(config):
    fam = Family.new('modjk_member_expected', 'gauge',
                     'A member the inventory puts in the balancer (1), whatever the status worker shows.')
    seen = set()
    for m in config['expected_members']:
        key = tuple(m[k] for k in MEMBER_LABELS)
        if key not in seen:
            seen.add(key)
            fam.add(dict(zip(MEMBER_LABELS, key)), 1)
    return fam


def modjk_families(status, config):
    """The families of one scrape of the status worker: ``status`` is :func:`_jkstatus.parse_status`'s result, or None
    when the status worker could not be read (then only modjk_status_up 0 and modjk_member_expected)."""
    up = Family.new('modjk_status_up', 'gauge', "1 when mod_jk's status worker answered and parsed in this scrape.")
    if status is None:
        return [up.add({}, 0), _expected_family(config)]
    info = Family.new('modjk_info', 'gauge', 'mod_jk and web server versions the status worker reports (always 1).')
    info.add({'jk_version': _label(status.get('jk_version')), 'web_server': _label(status.get('web_server'))}, 1)
    activation = Family.new('modjk_member_activation', 'gauge',
                            "1 for the member's activation (ACT, DIS or STP), 0 for the others.")
    state = Family.new('modjk_member_state', 'gauge', "1 for the member's state in mod_jk's load balancer, 0 for "
                                                      "the other states.")
    error = Family.new('modjk_member_error', 'gauge', 'The member is in an error state (ERR, ERR/REC, ERR/PRB, '
                                                      'ERR/FRC).')
    fields = [(attr, Family.new(name, mtype, text)) for attr, name, mtype, text in MEMBER_FIELDS]
    seen = set()
    for bal in status.get('balancers') or []:
        for m in bal.get('members') or []:
            labels = {'balancer': _label(m.get('balancer')), 'member': _label(m.get('name')),
                      'route': _label(m.get('route'))}
            labels['site'] = _label(config['sites'].get(labels['balancer'], ''))
            key = (labels['balancer'], labels['member'])
            if key in seen:     # the same series twice would make Prometheus refuse the whole scrape
                continue
            seen.add(key)
            for fam, name, known in ((activation, 'activation', ACTIVATIONS), (state, 'state', STATES)):
                current = m.get(name)
                if current is None:
                    continue
                current = _label(current)
                for v in list(known) + ([] if current in known else [current]):
                    fam.add(dict(labels, **{name: v}), 1 if v == current else 0)
            if m.get('state') is not None:
                error.add(labels, 1 if m.get('state') in ERROR_STATES else 0)
            for attr, fam in fields:
                value = _count(m.get(attr))
                if value is not None:
                    fam.add(labels, value)
    return [up.add({}, 1), info, activation, state, error] + [f for dummy, f in fields] + [_expected_family(config)]


def _page_type(name, mtype):
    if mtype == 'counter' and name.endswith('_total'):
        return 'counter'
    return 'gauge' if mtype == 'gauge' else 'untyped'


def tomcat_families(config, results):
    """The families of one scrape of the tomcat tier. ``results`` maps each instance name to read_page's
    ``(samples, types, helps, summary, details)``, or None when its page could not be read."""
    up = Family.new('webtier_tomcat_up', 'gauge', "1 when the instance's webtier-status page was read in this scrape.")
    expected = Family.new('webtier_tomcat_cluster_members_expected', 'gauge',
                          "The other members the inventory puts in the instance's cluster.")
    page = collections.OrderedDict()
    for inst in config['instances']:
        labels = {'tomcat': inst['name'], 'site': inst['site']}
        expected.add(labels, inst['expected_members'])
        result = results.get(inst['name'])
        up.add(labels, 0 if result is None else 1)
        if result is None:
            continue
        samples, types, helps = result[0], result[1], result[2]
        for s in samples:
            name = s['name']
            if name not in page:
                page[name] = Family.new(name, _page_type(name, types.get(name)),
                                        helps.get(name) or 'See docs/metrics.md of webtier.tomcat_cluster.')
            own = dict(('exported_' + k if k in labels else k, v) for k, v in s['labels'].items())
            own.update(labels)
            page[name].add(own, s['value'])
    return [up, expected] + list(page.values())


class Scraper:
    """One scrape of the configured tier -> list of :class:`Family`; never raises. ``request`` (tests only) replaces
    the AJP request of read_page; ``opener`` the HTTP opener of JkStatusClient."""

    def __init__(self, config, request=None, opener=None):
        self.config = config
        self.request = request
        self.opener = opener
        self._failing = {}
        self._lock = threading.Lock()

    def _note(self, target, error):
        """Log a failure when it starts or its message changes, and the recovery: one line each."""
        with self._lock:
            before = self._failing.get(target)
            if error is None:
                if before is not None:
                    del self._failing[target]
                    log('%s reads again' % target)
            elif before != error:
                self._failing[target] = error
                log(error)

    def scrape(self):
        try:
            if self.config['tier'] == 'modjk':
                return self._modjk()
            return self._tomcat()
        except Exception as e:  # pylint: disable=broad-except
            # a bug must cost one scrape, not the process: say so, and answer what is known
            log('scrape failed: %s: %s' % (type(e).__name__, e))
            if self.config['tier'] == 'modjk':
                return modjk_families(None, self.config)
            return tomcat_families(self.config, {})

    def _modjk(self):
        url = self.config['status_url']
        client = JkStatusClient(url, timeout=self.config['timeout'], opener=self.opener)
        try:
            status = client.status()
        except WebtierError as e:
            self._note(url, str(e))   # its messages name the URL
            return modjk_families(None, self.config)
        self._note(url, None)
        return modjk_families(status, self.config)

    def _read(self, inst):
        try:
            return read_page(inst['options'], self.request)
        except WebtierError as e:
            return e

    def _tomcat(self):
        instances = self.config['instances']
        workers = min(len(instances), MAX_WORKERS)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            answers = list(pool.map(self._read, instances))
        results = {}
        for inst, answer in zip(instances, answers):
            target = 'tomcat %s' % inst['name']
            if isinstance(answer, Exception):
                self._note(target, '%s (site %s): %s' % (target, inst['site'], answer))
                results[inst['name']] = None
            else:
                self._note(target, None)
                results[inst['name']] = answer
        return tomcat_families(self.config, results)


# ---------------------------------------------------------------------------------------------------------------
# prometheus_client (imported here only: ansible-test imports this file without it)
# ---------------------------------------------------------------------------------------------------------------

def to_prometheus(families):
    """The plain families as prometheus_client metric families (label values escaped by prometheus_client)."""
    from prometheus_client.core import (  # pylint: disable=import-outside-toplevel
        CounterMetricFamily,
        GaugeMetricFamily,
        UntypedMetricFamily,
    )
    classes = {'counter': CounterMetricFamily, 'gauge': GaugeMetricFamily, 'untyped': UntypedMetricFamily}
    out = []
    for fam in families:
        names = []
        for labels, dummy in fam.samples:
            names.extend(k for k in labels if k not in names)
        # a label a sample lacks is the empty value: the same series for Prometheus
        metric = classes[fam.type](fam.name, fam.help, labels=names)
        for labels, value in fam.samples:
            metric.add_metric([labels.get(k, '') for k in names], value)
        out.append(metric)
    return out


class Collector:
    """A prometheus_client custom collector: one scrape per collect()."""

    def __init__(self, scraper):
        self.scraper = scraper

    def collect(self):
        yield from to_prometheus(self.scraper.scrape())


def serve(config, stop):
    """Serve the metrics of ``config`` until ``stop`` (a threading.Event) is set. Returns the exit status."""
    try:
        from prometheus_client import CollectorRegistry, ProcessCollector, start_http_server  # pylint: disable=import-outside-toplevel
    except ImportError as e:
        log('the Python package prometheus_client is missing (%s): install python3-prometheus-client '
            '(EL9: python3-prometheus_client from EPEL)' % e)
        return 1
    registry = CollectorRegistry()
    registry.register(Collector(Scraper(config)))
    # the exporter's own process (memory, CPU, open files, start time): read from /proc/self, cheap
    ProcessCollector(registry=registry)
    try:
        start_http_server(config['port'], addr=config['listen_address'], registry=registry)
    except OSError as e:
        log('cannot listen on %s port %d: %s' % (config['listen_address'], config['port'], e.strerror or e))
        return 1
    log('%s exporter listening on %s port %d' % (config['tier'], config['listen_address'], config['port']))
    while not stop.wait(3600):
        pass
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog=PROG, description='Prometheus exporter of mod_jk (tier modjk) or of the '
                                                            'Tomcat instances of a host (tier tomcat).')
    parser.add_argument('--config', required=True, metavar='PATH', help='the JSON configuration file')
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as e:
        log('bad configuration: %s' % e)
        return 2
    stop = threading.Event()

    def stopping(signum, frame):  # pylint: disable=unused-argument
        stop.set()
    signal.signal(signal.SIGTERM, stopping)
    signal.signal(signal.SIGINT, stopping)
    return serve(config, stop)


if __name__ == '__main__':
    # SystemExit rather than sys.exit: this file is module_utils, where the sanity tests want fail_json for modules
    raise SystemExit(main())
