# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the exporters listen and where the scrapes come from: the filters metrics_targets and metrics_sources.

The default ports have no SELinux port type in EL9's policy: checked against tests/data/el9/ports.json (every
network_port() of CentOS Stream 9's corenetwork.te.in, see scripts/el9-facts.py).
"""

from __future__ import annotations

import json
import os

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.filter.metrics import (
    FilterModule,
    metrics_sources,
    metrics_targets,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._metrics_targets import DEFAULT_PORTS

PORTS_JSON = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'data', 'el9', 'ports.json')


def facts(address):
    return {'ansible_facts': {'default_ipv4': {'address': address, 'interface': 'eth0'}}}


HOSTVARS = {
    'web-01': facts('10.0.1.11'),
    'web-02': dict(facts('10.0.1.12'), metrics_listen_address='10.0.9.12', metrics_modjk_port=19650),
    'was-01': dict(facts('10.0.2.11'), tomcat_private_address='10.0.3.11'),
    'was-02': dict(facts('10.0.2.12'), tomcat_private_address='10.0.3.12', metrics_listen_address='',
                   metrics_tomcat_port='9700'),
    'was-v6': {'tomcat_private_address': 'fd00::3:13'},
    'injected': {'ansible_default_ipv4': {'address': '10.0.4.1'}},
    'nofacts': {'ansible_host': 'nofacts.example'},
    'mon-01': facts('10.0.0.9'),
    'mon-02': dict(facts('10.0.0.10'), metrics_scrape_address='10.0.5.10'),
    'mon-03': {'ansible_host': '10.0.0.9'},
    'mon-v6': {'ansible_host': 'fd00::9'},
}


def test_the_filters_are_registered():
    assert set(FilterModule().filters()) == {'metrics_targets', 'metrics_sources'}


def test_the_default_ports_have_no_selinux_port_type_on_el9():
    with open(PORTS_JSON, encoding='utf-8') as f:
        ports = json.load(f)['ports']
    assert DEFAULT_PORTS == {'modjk': 9650, 'tomcat': 9651}
    for port in DEFAULT_PORTS.values():
        assert not [p['type'] for p in ports for r in p['ranges'] if r['proto'] == 'tcp' and r['low'] <= port <= r['high']]


def test_web_hosts_default_address_and_port_and_the_overrides():
    assert metrics_targets(['web-01', 'web-02'], HOSTVARS, 'modjk') == [
        {'host': 'web-01', 'address': '10.0.1.11', 'port': 9650, 'target': '10.0.1.11:9650'},
        {'host': 'web-02', 'address': '10.0.9.12', 'port': 19650, 'target': '10.0.9.12:19650'},
    ]


def test_was_hosts_listen_on_the_private_address_unless_told_otherwise():
    out = metrics_targets(['was-01', 'was-02', 'was-v6'], HOSTVARS, 'tomcat')
    assert out == [
        {'host': 'was-01', 'address': '10.0.3.11', 'port': 9651, 'target': '10.0.3.11:9651'},
        # an empty metrics_listen_address is unset; a port given as a string (templated) is taken
        {'host': 'was-02', 'address': '10.0.3.12', 'port': 9700, 'target': '10.0.3.12:9700'},
        {'host': 'was-v6', 'address': 'fd00::3:13', 'port': 9651, 'target': '[fd00::3:13]:9651'},
    ]
    # the private address is a WAS host's: a web host on the same machine uses its default address
    assert metrics_targets(['was-01'], HOSTVARS, 'modjk')[0]['address'] == '10.0.2.11'
    assert metrics_targets(['injected'], HOSTVARS, 'modjk')[0]['target'] == '10.0.4.1:9650'
    assert metrics_targets([], HOSTVARS, 'modjk') == []


@pytest.mark.parametrize('hosts,hostvars,tier,message', [
    (['nofacts'], HOSTVARS, 'modjk', 'nofacts: no address for its modjk exporter: set metrics_listen_address, or gather'),
    (['nofacts'], HOSTVARS, 'tomcat', 'set metrics_listen_address (or tomcat_private_address)'),
    (['web-01'], {'web-01': dict(facts('10.0.1.11'), metrics_listen_address='0.0.0.0')}, 'modjk',
     'web-01: metrics_listen_address is 0.0.0.0; an exporter listens on one address'),
    (['w'], {'w': {'metrics_listen_address': '::'}}, 'tomcat', 'w: metrics_listen_address is ::;'),
    (['w'], {'w': {'tomcat_private_address': 'was-01.example'}}, 'tomcat',
     "w: tomcat_private_address is 'was-01.example', not an IP address"),
    (['w'], {'w': dict(facts('10.0.0.1'), metrics_tomcat_port=70000)}, 'tomcat',
     'w: metrics_tomcat_port must be a port between 1 and 65535, got 70000'),
    (['w'], {'w': dict(facts('10.0.0.1'), metrics_modjk_port='http')}, 'modjk', "got 'http'"),
    (['ghost'], HOSTVARS, 'modjk', 'ghost is not a host of the inventory'),
    ('web-01', HOSTVARS, 'modjk', 'expected a list of inventory host names'),
    (['web-01'], HOSTVARS, 'httpd', "the tier must be one of modjk, tomcat, got 'httpd'"),
])
def test_targets_refused_clearly(hosts, hostvars, tier, message):
    with pytest.raises(AnsibleFilterError) as err:
        metrics_targets(hosts, hostvars, tier)
    assert str(err.value).startswith('metrics_targets: ') and message in str(err.value)


def test_sources_are_single_host_networks_sorted_without_repeats():
    assert metrics_sources(['mon-v6', 'mon-02', 'mon-01', 'mon-03'], HOSTVARS) == [
        '10.0.0.9/32', '10.0.5.10/32', 'fd00::9/128']
    assert metrics_sources([], HOSTVARS) == []
    assert metrics_sources(None, HOSTVARS) == []
    assert metrics_sources(['injected'], HOSTVARS) == ['10.0.4.1/32']


@pytest.mark.parametrize('hostvars,message', [
    ({'m': {'ansible_host': 'mon.example'}}, 'm: no address its scrapes come from: set metrics_scrape_address'),
    ({'m': {'metrics_scrape_address': '10.0.0.300'}}, "m: metrics_scrape_address is '10.0.0.300', not an IP"),
    ({'m': {'ansible_host': '0.0.0.0'}}, 'm: ansible_host is 0.0.0.0;'),
])
def test_sources_refused_clearly(hostvars, message):
    with pytest.raises(AnsibleFilterError) as err:
        metrics_sources(['m'], hostvars)
    assert str(err.value).startswith('metrics_sources: ') and message in str(err.value)
