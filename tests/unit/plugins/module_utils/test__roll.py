# SPDX-License-Identifier: GPL-3.0-or-later
"""The drained roll's plan (plugins/module_utils/_roll.py): waves, who does what, WARs, the session counter."""

import os

import pytest
import yaml

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _cluster_model as model
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _roll as roll

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
with open(os.path.join(ROOT, 'roles', 'tomcat', 'defaults', 'main.yml'), encoding='utf-8') as _f:
    ROLE_DEFAULTS = dict((k, v) for k, v in yaml.safe_load(_f).items() if k in model.SETTINGS and '{{' not in str(v))
WAS = ['was-01', 'was-02']
WEB = ['web-01', 'web-02']


def lab_model():
    """The seed layout (the tomcat role's defaults: a-was and b-was on two WAS hosts) on 10.0.0.x."""
    hostvars = {'was-01': {model.FACTS_ADDRESS: '10.0.0.11'}, 'was-02': {model.FACTS_ADDRESS: '10.0.0.12'},
                'web-01': {model.FACTS_ADDRESS: '10.0.0.21'}, 'web-02': {model.FACTS_ADDRESS: '10.0.0.22'}}
    result = model.build_model(WAS, WEB, hostvars, dict(ROLE_DEFAULTS))
    assert result['errors'] == []
    return result


def status(web_host, routes, balancer=lambda r: r.split('-')[0] + '-loadbalancer'):
    return {'item': web_host, 'members': [{'name': r, 'route': r, 'balancer': balancer(r)} for r in routes],
            'changed': False}


ROUTES = ['a-was1', 'b-was1', 'a-was2', 'b-was2']


def test_waves_serial_follow_the_model_order_with_one_vocabulary():
    waves = roll.roll_waves(lab_model(), serial=True)
    assert [[s['route'] for s in w] for w in waves] == [[r] for r in ROUTES]
    step = waves[0][0]
    assert step['inventory_host'] == 'was-01' and step['address'] == '10.0.0.11' and step['instance'] == 'a-was'
    assert step['unit'] == 'tomcat-a-was.service' and step['base'] == '/usr/local/tomcat/a-was'
    assert step['target'] == {'host': '10.0.0.11', 'port': 8009, 'name': 'a-was1'}
    assert step['peer']['route'] == 'a-was2' and step['peer']['address'] == '10.0.0.12'


def test_waves_by_site_put_one_instance_of_each_site_in_a_wave():
    waves = roll.roll_waves(lab_model())
    assert [[s['route'] for s in w] for w in waves] == [['a-was1', 'b-was1'], ['a-was2', 'b-was2']]


@pytest.mark.parametrize('limits, expected', [
    (dict(sites=['a']), ['a-was1', 'a-was2']),
    (dict(hosts=['was-02']), ['a-was2', 'b-was2']),
    (dict(instances=['b-was'], hosts=['was-01']), ['b-was1']),
    (dict(routes=['b-was2', 'a-was1']), ['a-was1', 'b-was2']),
    (dict(routes=[]), []),
])
def test_limits_and_routes(limits, expected):
    assert [w[0]['route'] for w in roll.roll_waves(lab_model(), serial=True, **limits)] == expected


def test_staged_routes_come_from_the_was_hosts_facts():
    hostvars = {'was-01': {'pending': ['b-was1']}, 'was-02': {}, 'web-01': {'pending': ['a-was1']}}
    waves = roll.roll_waves(lab_model(), serial=True, hostvars=hostvars, staged='pending', staged_hosts=WEB)
    assert [w[0]['route'] for w in waves] == ['b-was1']
    # the handler: only the play's hosts are read
    waves = roll.roll_waves(lab_model(), hostvars={'was-01': {'q': ['a-was1']}, 'was-02': {'q': ['a-was2']}},
                            staged='q', staged_hosts=['was-02'])
    assert [[s['route'] for s in w] for w in waves] == [['a-was2']]


@pytest.mark.parametrize('bad', [None, 'a', {'order': 'x'}, {'order': ['x']}])
def test_waves_refuse_what_is_not_a_model(bad):
    with pytest.raises(roll.RollError):
        roll.roll_waves(bad)


@pytest.mark.parametrize('limit', ['a', [1], [''], {'a': 1}])
def test_waves_refuse_limits_that_are_not_lists_of_names(limit):
    with pytest.raises(roll.RollError):
        roll.roll_waves(lab_model(), sites=limit)


def test_plan_on_a_web_host_drives_its_own_status_worker_and_the_leader_changes():
    wave = roll.roll_waves(lab_model(), serial=True)[0]
    lead = roll.roll_plan(wave, [status('web-01', ROUTES)], 'web-01', WEB)
    assert lead['on_web'] and lead['leader'] == 'web-01'
    assert lead['web'] == [{'web_host': 'web-01', 'balancer': 'a-loadbalancer', 'member': 'a-was1', 'route': 'a-was1',
                            'instance': 'a-was', 'inventory_host': 'was-01'}]
    assert [s['route'] for s in lead['change']] == ['a-was1'] == [s['route'] for s in lead['verify']]
    assert [s['route'] for s in lead['checks']] == ['a-was1']
    other = roll.roll_plan(wave, [status('web-02', ROUTES)], 'web-02', WEB)
    assert other['leader'] == 'web-01' and other['change'] == [] and other['checks'] == []
    assert [t['web_host'] for t in other['web']] == ['web-02']


def test_plan_on_a_web_host_takes_its_targets_from_the_model():
    """The web host's own httpd serves what the model configures: no status worker read before the preflight."""
    model = lab_model()
    wave = roll.roll_waves(model, serial=True)[1]  # b-was1
    plan = roll.roll_plan(wave, [], 'web-02', WEB, model=model)
    assert plan['web'] == [{'web_host': 'web-02', 'balancer': 'b-loadbalancer', 'member': 'b-was1', 'route': 'b-was1',
                            'instance': 'b-was', 'inventory_host': 'was-01'}]
    with pytest.raises(roll.RollError):
        roll.roll_plan(wave, [], 'web-02', WEB, model={'order': []})


def test_plan_on_a_was_host_changes_its_own_and_drives_every_serving_web_host():
    wave = roll.roll_waves(lab_model())[0]  # a-was1 (was-01) and b-was1 (was-01)
    results = [status('web-01', ROUTES), {'item': 'web-02', 'failed': True, 'msg': 'connection refused'}]
    plan = roll.roll_plan(wave, results, 'was-01', WEB)
    assert not plan['on_web'] and plan['leader'] == 'was-01'
    assert [s['route'] for s in plan['change']] == ['a-was1', 'b-was1']
    assert [(t['web_host'], t['member']) for t in plan['web']] == [('web-01', 'a-was1'), ('web-01', 'b-was1')]
    # no session check from a WAS host: the firewall admits AJP from the web hosts only
    assert plan['checks'] == []
    other = roll.roll_plan(wave, results, 'was-02', WEB)
    assert other['change'] == [] and other['web'] == []


def test_plan_first_rollout_nothing_serves_nothing_is_drained_and_only_cpong_checks():
    wave = roll.roll_waves(lab_model())[0]
    plan = roll.roll_plan(wave, [{'item': 'web-01', 'skipped': True}], 'was-01', WEB)
    assert plan['web'] == [] and plan['verify'] == [] and len(plan['change']) == 2


def test_plan_a_member_without_a_route_never_matches():
    wave = roll.roll_waves(lab_model(), serial=True)[0]
    res = [{'item': 'web-01', 'members': [{'name': 'x', 'balancer': 'a-loadbalancer'},
                                          {'name': 'y', 'route': '', 'balancer': 'a-loadbalancer'}]}]
    assert roll.roll_plan(wave, res, 'web-01', WEB)['web'] == []


@pytest.mark.parametrize('wave', [None, 'a', [{'x': 1}]])
def test_plan_refuses_what_is_not_a_wave(wave):
    with pytest.raises(roll.RollError):
        roll.roll_plan(wave, [], 'web-01', WEB)


def test_webapps_of_each_instance_from_its_was_host():
    steps = roll.roll_waves(lab_model(), hosts=['was-01'], serial=True)
    hostvars = {'was-01': {'tomcat_webapps': [{'name': 'app', 'src': '/x/app.war'},
                                              {'name': 'shop', 'src': '/x/shop.war', 'instances': ['b-was']}],
                           'tomcat_group': 'web'}}
    items = roll.roll_webapps([s for w in steps for s in w], hostvars)
    assert [(i['step']['route'], i['webapp']['name'], i['group']) for i in items] == [
        ('a-was1', 'app', 'web'), ('b-was1', 'app', 'web'), ('b-was1', 'shop', 'web')]
    assert [i['webapp']['name'] for i in roll.roll_webapps([steps[1][0]], hostvars, names=['shop'])] == ['shop']
    # a WAS host whose inventory sets no tomcat_webapps: the role's view
    assert roll.roll_webapps([steps[0][0]], {}, default_webapps=[{'name': 'd', 'src': 'd.war'}])[0]['group'] == 'tomcat'


@pytest.mark.parametrize('webapps', [
    'app', [{'src': 'x'}], [None], [{'name': 'a/b', 'src': 'x'}], [{'name': '..', 'src': 'x'}],
    [{'name': 'app'}], [{'name': 'app', 'src': ''}], [{'name': 'app', 'src': 'x', 'health_uri': 'app/'}],
    [{'name': 'app', 'src': 'x', 'health_statuses': [200, '204']}],
    [{'name': 'app', 'src': 'x', 'health_statuses': [True]}], [{'name': 'app', 'src': 'x', 'health_statuses': 200}],
    [{'name': 'app', 'src': 'x', 'health_statuses': [99]}],
])
def test_webapps_refuse_bad_items(webapps):
    step = roll.roll_waves(lab_model(), serial=True)[0][0]
    with pytest.raises(roll.RollError):
        roll.roll_webapps([step], {'was-01': {'tomcat_webapps': webapps}})


def test_gates_name_every_war_of_each_instance_with_its_health_settings():
    steps = [s for w in roll.roll_waves(lab_model(), hosts=['was-01'], serial=True) for s in w]
    hostvars = {'was-01': {'tomcat_webapps': [
        {'name': 'app', 'src': '/x/app.war'},
        {'name': 'shop', 'src': '/x/shop.war', 'instances': ['b-was'], 'health_uri': '/shop/health',
         'health_statuses': [200, 204]}]}}
    gates = roll.roll_gates(steps, hostvars)
    assert [(g['step']['route'], g['webapps']) for g in gates] == [
        ('a-was1', [{'name': 'app'}]),
        ('b-was1', [{'name': 'app'}, {'name': 'shop', 'uri': '/shop/health', 'statuses': [200, 204]}])]
    # no WARs, no gate; the role's view for a WAS host without tomcat_webapps
    assert roll.roll_gates(steps, {}) == []
    assert [g['webapps'] for g in roll.roll_gates(steps[:1], {}, [{'name': 'd', 'src': 'd.war'}])] == [[{'name': 'd'}]]


def test_changed_instances_of_instance_and_deploy_loops():
    inst = {'ansible_loop_var': '__tomcat_instance'}
    deploy = {'ansible_loop_var': '__tomcat_deploy'}
    results = [
        {'results': [dict(inst, changed=False, __tomcat_instance={'name': 'a-was'}),
                     dict(inst, changed=True, __tomcat_instance={'name': 'b-was'})]},
        {'skipped': True},
        {'results': [dict(deploy, changed=True, __tomcat_deploy={'step': {'instance': 'a-was'}}),
                     dict(deploy, changed=True, __tomcat_deploy={'step': {'instance': 'b-was'}})]},
    ]
    assert roll.changed_instances(results) == ['b-was', 'a-was']
    assert roll.changed_instances([]) == []
    with pytest.raises(roll.RollError):
        roll.changed_instances([{'results': [{'changed': True, 'item': 'a-was'}]}])


def test_stopped_per_host_from_the_registered_systemd_results():
    def item(name, state, **extra):
        return dict({'ansible_loop_var': '__tomcat_instance', '__tomcat_instance': {'name': name},
                     'status': {'ActiveState': state}}, **extra)
    hostvars = {'was-01': {'__tomcat_enabled': {'results': [item('a-was', 'active'), item('b-was', 'inactive')]}},
                'was-02': {'__tomcat_enabled': {'skipped': True}},
                'was-03': {'__tomcat_enabled': {'results': [item('a-was', '', skipped=True), item('b-was', 'failed')]}},
                'was-04': {}}
    assert roll.stopped_per_host(hostvars, ['was-01', 'was-02', 'was-03', 'was-04', 'was-09'], '__tomcat_enabled') == {
        'was-01': ['b-was'], 'was-02': [], 'was-03': ['b-was'], 'was-04': [], 'was-09': []}
    with pytest.raises(roll.RollError):
        roll.stopped_per_host({'was-01': {'k': {'results': [{'item': 'a-was'}]}}}, ['was-01'], 'k')
    with pytest.raises(roll.RollError):
        roll.stopped_per_host({}, 'was-01', 'k')


@pytest.mark.parametrize('content, counter', [
    ('node=a-was1\ncounter=7\n', 7), ('counter=12\r\nx', 12), ('counter=7x\n', None), ('xcounter=1\n', None),
    ('', None), (None, None), (3, None),
])
def test_session_counter(content, counter):
    assert roll.session_counter(content) == counter


def test_failure_message_of_a_looped_task():
    result = {'msg': 'One or more items failed', 'results': [
        {'failed': True, 'msg': 'a-was1 is not ACT'}, {'failed': False, 'msg': 'ok'},
        {'failed': True, 'msg': 'a-was1 is not ACT'}]}
    assert roll.failure_message(result) == 'One or more items failed; a-was1 is not ACT'
    assert roll.failure_message(None) == roll.failure_message({}) == 'another host of the play failed'
