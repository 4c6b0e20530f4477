# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter plugin around the cluster model: inputs from hostvars, role defaults, errors, warnings."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleError, AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.filter import cluster_model as flt
from ansible_collections.webtier.tomcat_cluster.plugins.filter import roll as roll_flt
from ansible_collections.webtier.tomcat_cluster.plugins.filter import verify as verify_flt

GROUPS = {'was': ['was-01', 'was-02'], 'web': ['web-01']}


class Broken:
    """A hostvars entry whose value fails to template, as an undefined variable does."""

    def __init__(self, data, broken):
        self.data, self.broken = data, broken

    def __contains__(self, key):
        return key in self.data or key in self.broken

    def __getitem__(self, key):
        if key in self.broken:
            raise AnsibleError("'ansible_host' is undefined\nmore detail")
        return self.data[key]


def hostvars(**extra):
    out = {'was-01': {'ansible_facts': {'default_ipv4': {'address': '10.0.0.1'}}},
           'was-02': {'ansible_facts': {'default_ipv4': {'address': '10.0.0.2'}}, 'tomcat_private_address': '10.9.0.2'},
           'web-01': {'ansible_facts': {'default_ipv4': {'address': '10.0.1.1'}}}}
    for host, values in extra.items():
        out[host.replace('_', '-')].update(values)
    return out


def test_role_defaults_are_read_from_the_tomcat_role():
    defaults = flt.tomcat_role_defaults()
    assert [i['name'] for i in defaults['tomcat_instances']] == ['a-was', 'b-was']
    assert 'tomcat_private_address' not in defaults       # a template: never a plain default
    assert flt.tomcat_role_defaults('/nonexistent/main.yml') == {}


def test_model_from_hostvars_facts_and_explicit_addresses():
    model = flt.cluster_model(hostvars(), GROUPS, host='was-01', web_addresses_required=True, warn=False)
    assert model['errors'] == []
    assert model['was_addresses'] == {'was-01': '10.0.0.1', 'was-02': '10.9.0.2'}
    assert model['web_addresses'] == ['10.0.1.1']
    assert [m['name'] for m in model['members']] == ['a-was1', 'b-was1', 'a-was2', 'b-was2']


def test_settings_of_the_calling_host_and_fallback_for_others():
    hv = hostvars(was_02={'tomcat_instances': [{'name': 'x', 'shutdown_port': 1, 'ajp_port': 2, 'cluster_port': 3,
                                                'multicast_port': 4}]})
    settings = {'tomcat_instances': [{'name': 'own', 'shutdown_port': 8005, 'ajp_port': 8009, 'cluster_port': 5000,
                                      'multicast_port': 45564}], 'tomcat_cluster_membership': 'static'}
    model = flt.cluster_model(hv, GROUPS, host='was-01', settings=settings, warn=False)
    assert [i['name'] for i in model['was_hosts']['was-01']['instances']] == ['own']
    assert [i['name'] for i in model['was_hosts']['was-02']['instances']] == ['x']
    assert model['was_hosts']['was-02']['instances'][0]['cluster_membership'] == 'static'


def test_unresolvable_hostvar_is_an_error_not_a_traceback():
    hv = hostvars()
    hv['was-02'] = Broken({'ansible_facts': {}}, ['tomcat_private_address'])
    model = flt.cluster_model(hv, GROUPS, warn=False)
    assert model['errors'][0] == "was-02: tomcat_private_address cannot be resolved: 'ansible_host' is undefined"
    assert any('was-02: the private address is unknown' in e for e in model['errors'])


def test_bad_arguments():
    with pytest.raises(AnsibleFilterError, match='hostvars'):
        flt.cluster_model(None, GROUPS)
    with pytest.raises(AnsibleFilterError, match='unknown checks'):
        flt.cluster_model({}, GROUPS, checks=['all'])
    with pytest.raises(AnsibleFilterError, match='cluster_waves'):
        roll_flt.cluster_waves([], ['was-01'])
    with pytest.raises(AnsibleFilterError, match='drain_targets'):
        roll_flt.drain_targets({}, [])


def test_waves_and_verify_filters():
    model = flt.cluster_model(hostvars(), GROUPS, warn=False)
    waves = roll_flt.cluster_waves(model['order'], {'was-01': ['a-was', 'b-was'], 'was-02': ['a-was']})
    assert [[s['jvm_route'] for s in w] for w in waves] == [['a-was1', 'b-was1'], ['a-was2']]
    status = [{'web_host': 'web-01', 'ansible_loop_var': 'web_host', 'changed': False,
               'members': [{'balancer': 'a-loadbalancer', 'name': 'a-was1', 'route': 'a-was1'}]},
              {'web_host': 'web-02', 'ansible_loop_var': 'web_host', 'failed': True, 'msg': 'refused'}]
    assert [(t['web_host'], t['member']) for t in roll_flt.drain_targets(status, waves[0])] == [('web-01', 'a-was1')]
    hv = {'web-01': {'verify_ping': {'targets': []}, 'verify_broken': ['x']}, 'web-02': {}}
    assert verify_flt.verify_collect(hv, ['web-01', 'web-02']) == ['x', 'web-02: unreachable or failed before the checks ran']
    assert verify_flt.verify_matrix(hv, ['web-01', 'web-02', 'web-03'])[1:] == []
    hv['web-01']['verify_jkstatus'] = {'members': [{'balancer': 'a-loadbalancer', 'name': 'a-was1'}]}
    assert [line.split()[:2] for line in verify_flt.verify_member_status(hv, ['web-02', 'web-01'])[1:]] == [
        ['web-01', 'a-loadbalancer/a-was1']]
    assert verify_flt.verify_pairs({}, {}, {}, 'web-01', []) == []
    assert verify_flt.verify_sessions({}, {}, 'web-01', 'x') == []


def test_deprecated_vars_filter(monkeypatch):
    seen = []
    monkeypatch.setattr(flt.display, 'deprecated', lambda msg, **kw: seen.append((msg, kw)))
    out = flt.deprecated_vars(['tomcat_firewalld_zone', 'tomcat_instances'])
    assert out == ['tomcat_firewalld_zone is deprecated, use tomcat_firewall_zone (the old name is used while the new '
                   'one is not set)']
    assert seen == [(out[0], {'version': '0.3.0', 'collection_name': 'webtier.tomcat_cluster'})]


def test_warnings_are_displayed(monkeypatch):
    seen = []
    monkeypatch.setattr(flt.display, 'warning', seen.append)
    hv = hostvars(was_01={'tomcat_cluster_manager': 'backup'}, was_02={'tomcat_cluster_manager': 'backup'})
    model = flt.cluster_model(hv, GROUPS)
    assert len(model['warnings']) == 2 and len(seen) == 2
    assert seen[0].startswith('webtier.tomcat_cluster: site a uses BackupManager')


@pytest.mark.parametrize('args, kwargs, needle', [
    ((hostvars(), GROUPS), dict(settings='tomcat_version=9'), 'cluster_model: settings must be a dictionary'),
    ((list(hostvars()), GROUPS), {}, 'cluster_model: the input must be hostvars'),
    ((hostvars(), GROUPS), dict(default_mounts=1), 'cluster_model: default_mounts must be a list of strings'),
    ((hostvars(), GROUPS), dict(server_name_suffix=1), 'cluster_model: server_name_suffix must be a string'),
    ((hostvars(), ['was']), {}, 'cluster_model: groups must be'),
    ((hostvars(), {'was': 'was-01'}), {}, "groups\\['was'\\] must be a list of host names"),
    ((hostvars(), GROUPS), dict(sites='a'), 'cluster_model: sites must be a list'),
    ((hostvars(), GROUPS), dict(members='a'), 'cluster_model: members must be a list'),
    ((hostvars(), GROUPS), dict(checks='was'), 'cluster_model: checks must be a list'),
])
def test_arguments_of_the_wrong_type_are_a_filter_error(args, kwargs, needle):
    with pytest.raises(AnsibleFilterError, match=needle):
        flt.cluster_model(*args, warn=False, **kwargs)


@pytest.mark.parametrize('ipv4', ['10.0.0.1', ['10.0.0.1'], 17, None, {'address': ['10.0.0.1']}])
def test_facts_that_are_not_what_setup_returns_never_raise(ipv4):
    hv = hostvars()
    hv['was-01']['ansible_facts'] = {'default_ipv4': ipv4}
    hv['web-01']['ansible_facts'] = 'not facts'
    model = flt.cluster_model(hv, GROUPS, web_addresses_required=True, warn=False)
    assert any('was-01: the private address is unknown' in e for e in model['errors'])
    assert any('web-01' in e and 'unknown' in e for e in model['errors'])


def test_hostvars_of_a_host_that_are_not_a_dictionary_are_an_error():
    hv = hostvars()
    hv['web-01'] = 'web-01'
    model = flt.cluster_model(hv, GROUPS, warn=False)
    assert 'web-01: its hostvars must be a dictionary, got str' in model['errors']


def test_a_private_address_with_a_line_break_is_an_error():
    hv = hostvars(was_01={'tomcat_private_address': '10.0.0.1\nListen 80'})
    model = flt.cluster_model(hv, GROUPS, warn=False)
    assert any(e.startswith('was-01: tomcat_private_address ') and 'control character' in e for e in model['errors'])
    assert 'was-01' not in model['was_addresses']


def test_drain_targets_filter_never_pairs_missing_routes():
    status = [{'item': 'web-01', 'failed': False, 'members': [{'balancer': 'lb', 'name': 'norute'}]}]
    assert roll_flt.drain_targets(status, [{'name': 'a-was', 'host': 'was-01'}]) == []
    assert roll_flt.drain_targets(status, [{'name': 'a-was', 'host': 'was-01', 'jvm_route': None}]) == []


@pytest.mark.parametrize('call, needle', [
    (lambda: verify_flt.verify_sessions({'results': [{'status': 200, 'content': 'n=1', 'cookies': {'JSESSIONID': 'x'},
                                                      'item': {'server_name': 'a'}}]}, {'results': []}, 'web-01',
                                        '(unclosed'),
     'verify_sessions: ValueError: counter_regex'),
    (lambda: verify_flt.verify_matrix(['web-01'], ['web-01']), 'verify_matrix: '),
    (lambda: verify_flt.verify_collect({'web-01': {'verify_broken': 5}}, ['web-01']), 'verify_collect: '),
])
def test_report_filters_fail_clearly_on_input_of_the_wrong_shape(call, needle):
    with pytest.raises(AnsibleFilterError, match=needle):
        call()


def test_each_filter_has_one_home():
    """model filters in cluster_model.py, the restart/roll filters in roll.py, the verify reports in verify.py."""
    homes = {
        flt: {'cluster_model', 'deprecated_vars'},
        roll_flt: {'roll_waves', 'roll_plan', 'roll_webapps', 'roll_gates', 'changed_instances', 'roll_failure',
                   'session_counter', 'cluster_waves', 'drain_targets', 'stopped_per_host'},
        verify_flt: {'verify_pairs', 'verify_sessions', 'verify_matrix', 'verify_member_status', 'verify_collect'},
    }
    for plugin, names in homes.items():
        assert set(plugin.FilterModule().filters()) == names, plugin.__name__
