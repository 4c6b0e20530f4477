# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: use the filters metrics_targets and metrics_sources.

"""Where each host's exporter listens, and where the scrapes come from: one rule for the metrics role (the exporter's
address, port and firewall sources) and the monitoring role (Prometheus' targets).

Address of a host's exporter: ``metrics_listen_address``; else, on a WAS host (tier ``tomcat``),
``tomcat_private_address``; else the host's default IPv4 address from its facts. Port: ``metrics_<tier>_port``,
else :data:`DEFAULT_PORTS` (neither has an SELinux port type in EL9's policy: both are ``unreserved_port_t``).
Address of a monitoring host: ``metrics_scrape_address``; else its default IPv4 address; else ``ansible_host`` when it
is an IP address.

Pure Python (no Ansible import).
"""

from __future__ import annotations

import ipaddress

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError

DEFAULT_PORTS = {'modjk': 9650, 'tomcat': 9651}
TIERS = tuple(DEFAULT_PORTS)


class MetricsTargetsError(WebtierError, ValueError):
    """An inventory that does not say where an exporter listens or where a scrape comes from."""


def _get(hvars, key):
    try:
        value = hvars.get(key)
    except AttributeError:
        return None
    return None if value is None or value == '' else value


def _default_ipv4(hvars):
    facts = _get(hvars, 'ansible_facts')
    for ipv4 in ((facts.get('default_ipv4') if isinstance(facts, dict) else None), _get(hvars, 'ansible_default_ipv4')):
        if isinstance(ipv4, dict) and ipv4.get('address'):
            return ipv4['address'], 'its default IPv4 address'
    return None, None


def _address(host, value, source):
    try:
        address = ipaddress.ip_address(str(value).strip())
    except ValueError:
        raise MetricsTargetsError('%s: %s is %r, not an IP address' % (host, source, value))
    if address.is_unspecified:
        raise MetricsTargetsError('%s: %s is %s; an exporter listens on one address of the host, and a scrape comes '
                                  'from one: set it to an address of the host' % (host, source, address))
    return address


def _hostvars(hostvars, host):
    try:
        hvars = hostvars[host]
    except KeyError:
        raise MetricsTargetsError('%s is not a host of the inventory' % (host,))
    return hvars


def _hosts(hosts):
    if hosts is None:
        return []
    if isinstance(hosts, str) or not isinstance(hosts, (list, tuple)):
        raise MetricsTargetsError('expected a list of inventory host names, got %r' % (hosts,))
    return list(hosts)


def target(host, hvars, tier):
    """``{host, address, port, target}`` of the exporter of ``host`` (its hostvars ``hvars``) for ``tier``."""
    if tier not in TIERS:
        raise MetricsTargetsError('the tier must be one of %s, got %r' % (', '.join(TIERS), tier))
    value, source = _get(hvars, 'metrics_listen_address'), 'metrics_listen_address'
    if value is None and tier == 'tomcat':
        value, source = _get(hvars, 'tomcat_private_address'), 'tomcat_private_address'
    if value is None:
        value, source = _default_ipv4(hvars)
    if value is None:
        raise MetricsTargetsError('%s: no address for its %s exporter: set metrics_listen_address%s, or gather its '
                                  'facts (default_ipv4)' % (host, tier, ' (or tomcat_private_address)'
                                                            if tier == 'tomcat' else ''))
    address = _address(host, value, source)
    key = 'metrics_%s_port' % tier
    port = _get(hvars, key)
    if port is None:
        port = DEFAULT_PORTS[tier]
    try:
        port = int(str(port).strip())
    except ValueError:
        port = None
    if port is None or not 1 <= port <= 65535:
        raise MetricsTargetsError('%s: %s must be a port between 1 and 65535, got %r' % (host, key, _get(hvars, key)))
    shown = '[%s]' % address if address.version == 6 else str(address)
    return {'host': host, 'address': str(address), 'port': port, 'target': '%s:%d' % (shown, port)}


def targets(hosts, hostvars, tier):
    """:func:`target` of every host of ``hosts`` (inventory names), in their order."""
    return [target(h, _hostvars(hostvars, h), tier) for h in _hosts(hosts)]


def sources(hosts, hostvars):
    """The addresses the monitoring hosts scrape from, as single-host networks (``10.0.0.9/32``, ``fd00::9/128``),
    sorted (IPv4 first) and without repeats."""
    found = set()
    for host in _hosts(hosts):
        hvars = _hostvars(hostvars, host)
        value, source = _get(hvars, 'metrics_scrape_address'), 'metrics_scrape_address'
        if value is None:
            value, source = _default_ipv4(hvars)
        if value is None:
            candidate = _get(hvars, 'ansible_host')
            try:
                if candidate is not None:
                    ipaddress.ip_address(str(candidate).strip())
                    value, source = candidate, 'ansible_host'
            except ValueError:
                pass
        if value is None:
            raise MetricsTargetsError('%s: no address its scrapes come from: set metrics_scrape_address, gather its '
                                      'facts (default_ipv4), or give it an IP address as ansible_host' % host)
        found.add(ipaddress.ip_network(_address(host, value, source)))
    return [str(n) for n in sorted(found, key=lambda n: (n.version, n))]
