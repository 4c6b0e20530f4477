# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The exporters' settings, from models that module_utils._cluster_model builds (the seed topology and variants)."""

from __future__ import annotations

import os

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _metrics_config as mc
from ansible_collections.webtier.tomcat_cluster.tests.unit.plugins.module_utils.test__cluster_model import build, facts, inst

URL = 'http://127.0.0.1:8090/jkstatus'


def test_modjk_settings_name_every_balancer_and_member_of_the_seed():
    model = build()
    got = mc.exporter_settings(model, 'modjk', status_url=URL)
    assert got['tier'] == 'modjk' and got['status_url'] == URL
    assert got['sites'] == {s['balancer']: s['name'] for s in model['sites']}
    assert len(got['expected_members']) == len(model['members']) == 4
    for entry in got['expected_members']:
        assert got['sites'][entry['balancer']] == entry['site']
        assert entry['member'] == entry['route']
    assert {e['route'] for e in got['expected_members']} == {m['route'] for m in model['members']}


def test_tomcat_settings_list_this_hosts_instances_and_their_peers():
    model = build()
    got = mc.exporter_settings(model, 'tomcat', host='was-01', ajp_secret='s3cret')
    assert got['ajp_secret'] == 's3cret'
    assert [i['name'] for i in got['instances']] == [i['name'] for i in model['was_hosts']['was-01']['instances']]
    for entry in got['instances']:
        assert entry['host'] == '10.0.0.1'
        # two WAS hosts, one instance of each site on each: one peer
        assert entry['expected_members'] == 1
        assert entry['route'] and isinstance(entry['port'], int)


def test_peers_count_only_instances_of_the_same_site_with_clustering_on():
    hostvars = facts('was-01', 'was-02', 'was-03', 'web-01')
    hostvars['was-01']['tomcat_instances'] = [inst('a1', 'a', 0), inst('b1', 'b', 10, cluster_enabled=False)]
    hostvars['was-02']['tomcat_instances'] = [inst('a2', 'a', 0), inst('b2', 'b', 10, cluster_enabled=False)]
    hostvars['was-03']['tomcat_instances'] = [inst('a3', 'a', 0)]
    model = build(hostvars=hostvars, was=['was-01', 'was-02', 'was-03'], web=['web-01'])
    assert not model['errors'], model['errors']
    got = {}
    for host in ('was-01', 'was-02', 'was-03'):
        got.update((i['name'], i['expected_members']) for i in mc.tomcat_settings(model, host)['instances'])
    assert got == {'a1': 2, 'a2': 2, 'a3': 2, 'b1': 0, 'b2': 0}


@pytest.mark.parametrize('call, needle', [
    (lambda m: mc.exporter_settings(m, 'httpd'), 'tier must be one of modjk, tomcat'),
    (lambda m: mc.exporter_settings(m, 'tomcat', host='web-01'), 'web-01 is not a WAS host'),
    (lambda m: mc.exporter_settings(m, 'modjk', status_url='ftp://x'), 'status_url must be'),
    (lambda m: mc.exporter_settings({}, 'modjk', status_url=URL), 'has no sites'),
    (lambda m: mc.exporter_settings(None, 'tomcat', host='was-01'), 'has no was_hosts'),
])
def test_bad_inputs_say_what_is_wrong(call, needle):
    with pytest.raises(mc.MetricsConfigError, match=needle):
        call(build())


def test_exporter_files_are_the_runtime_closure_next_to_the_roles():
    from ansible_collections.webtier.tomcat_cluster.plugins.filter.exporter_settings import exporter_files
    from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._exporter import RUNTIME_FILES
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
    files = exporter_files(os.path.join(root, 'roles', 'metrics'))
    assert [os.path.basename(f) for f in files] == list(RUNTIME_FILES)
    assert all(os.path.isfile(f) and os.path.dirname(f) == os.path.join(root, 'plugins', 'module_utils') for f in files)
