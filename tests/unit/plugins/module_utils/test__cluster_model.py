# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster model: defaults, overrides, validation messages, start order and waves."""

from __future__ import annotations

import copy
import hashlib
import os

import pytest
import yaml

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _cluster_model as cm
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _roll as roll

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
with open(os.path.join(ROOT, 'roles', 'tomcat', 'defaults', 'main.yml'), encoding='utf-8') as _f:
    ROLE_DEFAULTS = dict((k, v) for k, v in yaml.safe_load(_f).items() if k in cm.SETTINGS and '{{' not in str(v))

SEED = copy.deepcopy(ROLE_DEFAULTS['tomcat_instances'])
WAS = ['was-01', 'was-02']
WEB = ['web-01', 'web-02']


def facts(*hosts, base='10.0.0.'):
    return dict((h, {cm.FACTS_ADDRESS: base + str(n)}) for n, h in enumerate(hosts, 1))


def build(hostvars=None, was=None, web=None, defaults=None, **kw):
    hv = facts(*(WAS + WEB)) if hostvars is None else hostvars
    d = dict(ROLE_DEFAULTS)
    d.update(defaults or {})
    return cm.build_model(WAS if was is None else was, WEB if web is None else web, hv, d, **kw)


def inst(name, site, base, **kw):
    out = {'name': name, 'site': site, 'shutdown_port': 8005 + base, 'ajp_port': 8009 + base,
           'cluster_port': 5000 + base // 10, 'multicast_port': 45564 + base // 10}
    out.update(kw)
    return out


def with_instances(per_host, hosts=None):
    hv = facts(*(WAS + WEB)) if hosts is None else hosts
    for host, instances in per_host.items():
        hv.setdefault(host, {})['tomcat_instances'] = instances
    return hv


def jinja_unique_id(host, name):
    """The role's former Jinja: md5 hex, two digits at a time, as signed bytes."""
    hx = hashlib.md5(('%s/%s' % (host, name)).encode()).hexdigest()
    values = [int(hx[n * 2:n * 2 + 2], 16) for n in range(16)]
    return '{' + ','.join(str(b - 256 if b > 127 else b) for b in values) + '}'


def one_error(model, *needles):
    hits = [e for e in model['errors'] if all(n in e for n in needles)]
    assert hits, model['errors']
    return hits[0]


# --- the seed ------------------------------------------------------------------------------------

def test_seed_topology():
    model = build(host='was-01')
    assert model['errors'] == [] and model['warnings'] == []
    routes = [(i['host'], i['name'], i['jvm_route']) for h in model['was_hosts'].values() for i in h['instances']]
    assert routes == [('was-01', 'a-was', 'a-was1'), ('was-01', 'b-was', 'b-was1'),
                      ('was-02', 'a-was', 'a-was2'), ('was-02', 'b-was', 'b-was2')]
    a1 = model['was_hosts']['was-01']['instances'][0]
    assert a1['base'] == '/usr/local/tomcat/a-was'
    assert a1['unit'] == 'tomcat-a-was.service'
    assert a1['catalina_home'] == '/usr/local/tomcat/apache-tomcat-%s' % ROLE_DEFAULTS['tomcat_version']
    assert a1['catalina_opts'] == ROLE_DEFAULTS['tomcat_base_catalina_opts'] + ' ' + ROLE_DEFAULTS['tomcat_catalina_opts']
    assert a1['java_opts'] == ''
    assert a1['http_port'] is None
    assert a1['members'] == [{'host': '10.0.0.1', 'port': 5000, 'unique_id': jinja_unique_id('was-01', 'a-was')},
                             {'host': '10.0.0.2', 'port': 5000, 'unique_id': jinja_unique_id('was-02', 'a-was')}]
    assert model['was_addresses'] == {'was-01': '10.0.0.1', 'was-02': '10.0.0.2'}
    assert model['web_hosts'] == [{'name': 'web-01', 'address': '10.0.0.3'}, {'name': 'web-02', 'address': '10.0.0.4'}]
    assert model['web_addresses'] == ['10.0.0.3', '10.0.0.4']


def test_seed_web_side():
    model = build(checks=['web'])
    assert model['errors'] == []
    assert [(m['name'], m['site'], m['host'], m['port'], m['was_host'], m['instance']) for m in model['members']] == [
        ('a-was1', 'a', '10.0.0.1', 8009, 'was-01', 'a-was'), ('b-was1', 'b', '10.0.0.1', 8019, 'was-01', 'b-was'),
        ('a-was2', 'a', '10.0.0.2', 8009, 'was-02', 'a-was'), ('b-was2', 'b', '10.0.0.2', 8019, 'was-02', 'b-was')]
    assert all(m['route'] == m['name'] for m in model['members'])
    site_a = model['sites'][0]
    assert {k: site_a[k] for k in ('name', 'server_name', 'balancer', 'mounts', 'unmounts', 'server_aliases',
                                   'directives', 'tls')} == {
        'name': 'a', 'server_name': 'a-site.example', 'balancer': 'a-loadbalancer', 'mounts': ['/*'],
        'unmounts': ['/webtier-status', '/webtier-status/*'], 'server_aliases': [], 'directives': [], 'tls': None}
    assert [m['name'] for m in site_a['members']] == ['a-was1', 'a-was2']
    assert model['ping_targets'][0] == {'host': '10.0.0.1', 'port': 8009, 'name': 'a-was1'}


def test_start_order_and_waves():
    model = build()
    assert [(s['host'], s['name'], s['wave']) for s in model['order']] == [
        ('was-01', 'a-was', 0), ('was-01', 'b-was', 0), ('was-02', 'a-was', 1), ('was-02', 'b-was', 1)]
    step = model['order'][2]
    assert step == {'host': 'was-02', 'address': '10.0.0.2', 'name': 'a-was', 'unit': 'tomcat-a-was.service',
                    'ajp_port': 8009, 'jvm_route': 'a-was2', 'site': 'a', 'wave': 1,
                    'target': {'host': '10.0.0.2', 'port': 8009, 'name': 'a-was2'}}
    waves = roll.cluster_waves(model['order'], {'was-01': ['a-was'], 'was-02': ['a-was', 'b-was']})
    assert [[(s['host'], s['name']) for s in w] for w in waves] == [
        [('was-01', 'a-was'), ('was-02', 'b-was')], [('was-02', 'a-was')]]
    assert [s['wave'] for w in waves for s in w] == [0, 0, 1]
    assert roll.cluster_waves(model['order'], {}) == []
    assert roll.cluster_waves(model['order'], {'was-09': ['a-was']}) == []
    with pytest.raises(ValueError):
        roll.cluster_waves(model['order'], ['was-01'])


# --- where settings come from ----------------------------------------------------------------------

def _status(web_host, *routes, **kw):
    members = [{'balancer': r.split('-')[0] + '-loadbalancer', 'name': r, 'route': r, 'activation': 'ACT'}
               for r in routes]
    return dict({'item': web_host, 'members': members, 'failed': False}, **kw)


def test_drain_targets_only_where_a_status_worker_serves_the_route():
    model = build(was=['was-01', 'was-02'])
    steps = [s for s in model['order'] if s['host'] == 'was-02']
    results = [
        _status('web-01', 'a-was1', 'a-was2', 'b-was1', 'b-was2'),
        # httpd not installed yet (a first rollout): the status worker does not answer
        {'item': 'web-02', 'failed': True, 'msg': 'connection refused'},
        {'item': 'web-03', 'unreachable': True},
        {'item': 'web-04', 'skipped': True},
        # a renamed loop_var, as the tomcat role registers it
        {'web_host': 'web-05', 'ansible_loop_var': 'web_host', 'failed': False,
         'members': _status('web-05', 'b-was2')['members']},
    ]
    got = roll.drain_targets(results, steps)
    assert [(t['web_host'], t['balancer'], t['member'], t['instance'], t['host']) for t in got] == [
        ('web-01', 'a-loadbalancer', 'a-was2', 'a-was', 'was-02'),
        ('web-01', 'b-loadbalancer', 'b-was2', 'b-was', 'was-02'),
        ('web-05', 'b-loadbalancer', 'b-was2', 'b-was', 'was-02')]
    assert all(t['route'] == t['member'] for t in got)
    # nothing serves: a plain restart
    assert roll.drain_targets([results[1], results[2]], steps) == []
    assert roll.drain_targets(results, []) == []
    # a member whose route is some other instance's is never drained
    assert roll.drain_targets([_status('web-01', 'a-was1')], steps) == []


def test_drain_targets_bad_input():
    with pytest.raises(ValueError, match='list of jkstatus_info results'):
        roll.drain_targets({'results': []}, [])
    # odd entries are ignored, never a traceback
    assert roll.drain_targets([None, 'x', {'item': 'web-01', 'members': 'no'}, {'members': []}],
                              [{'jvm_route': 'a-was1', 'name': 'a-was', 'host': 'was-01'}]) == []


def test_calling_host_uses_its_settings_others_their_hostvars():
    hv = with_instances({'was-02': [inst('a-was', 'a', 0, jvm_route='custom')]})
    hv['was-01']['tomcat_cluster_manager'] = 'backup'   # inventory value, but the play says delta
    hv['was-02']['tomcat_version'] = '9.0.110'
    own = {'tomcat_instances': [inst('a-was', 'a', 0)], 'tomcat_cluster_manager': 'delta'}
    model = build(hv, host='was-01', defaults=own)
    was1 = model['was_hosts']['was-01']['instances']
    was2 = model['was_hosts']['was-02']['instances']
    assert [i['cluster_manager'] for i in was1] == ['delta']
    assert [i['jvm_route'] for i in was2] == ['custom']
    assert was2[0]['catalina_home'].endswith('apache-tomcat-9.0.110')
    assert was1[0]['catalina_home'].endswith('apache-tomcat-' + ROLE_DEFAULTS['tomcat_version'])


def test_a_host_var_of_the_calling_host_is_not_a_default_for_the_others():
    own = [inst('a-was', 'a', 0, jvm_route='special')]
    hv = facts(*WAS)
    hv['was-02']['tomcat_instances'] = own                  # was-01 has no tomcat_instances in the inventory
    model = cm.build_model(WAS, [], hv, dict(ROLE_DEFAULTS, tomcat_instances=own), host='was-02',
                           role_defaults=ROLE_DEFAULTS)
    assert model['errors'] == []
    assert [i['jvm_route'] for i in model['was_hosts']['was-01']['instances']] == ['a-was1', 'b-was1']
    # a play var (the calling host's value is not its inventory value) applies to every host
    play = [inst('a-was', 'a', 0, cluster_manager='backup')]
    model = cm.build_model(WAS, [], hv, dict(ROLE_DEFAULTS, tomcat_instances=play), host='was-02',
                           role_defaults=ROLE_DEFAULTS)
    assert [i['cluster_manager'] for h in WAS for i in model['was_hosts'][h]['instances']] == ['backup', 'backup']


def test_address_explicit_facts_unknown():
    hv = facts(*WAS)
    hv['was-01']['tomcat_private_address'] = '192.168.5.1'
    del hv['was-02'][cm.FACTS_ADDRESS]
    model = build(hv, web=[])
    assert model['was_hosts']['was-01']['address'] == '192.168.5.1'
    assert model['was_hosts']['was-01']['address_source'] == 'tomcat_private_address'
    one_error(model, 'was-02:', 'private address is unknown', 'tomcat_private_address')
    # the address of the calling host never becomes another host's
    model = build(facts('was-01'), web=[], host='was-01', defaults={'tomcat_private_address': '10.9.9.9'})
    assert model['was_hosts']['was-01']['address'] == '10.9.9.9'
    one_error(model, 'was-02:', 'private address is unknown')


def test_web_address_required_only_when_asked():
    hv = facts(*WAS)
    assert build(hv)['errors'] == []
    one_error(build(hv, web_addresses_required=True), 'web-01:', 'tomcat_web_group', 'unknown')
    hv.update(facts('web-01', 'web-02', base='10.1.0.'))
    hv['web-02'][cm.FACTS_ADDRESS] = '10.1.0.1'
    assert build(hv, web_addresses_required=True)['web_addresses'] == ['10.1.0.1']


def test_jvm_route_override_and_empty_default():
    hv = with_instances({'was-01': [inst('a-was', 'a', 0, jvm_route='node-a'), inst('b-was', 'b', 10, jvm_route='')]})
    model = build(hv)
    assert [i['jvm_route'] for i in model['was_hosts']['was-01']['instances']] == ['node-a', 'b-was1']


def test_instance_version_and_opts():
    hv = with_instances({'was-01': [inst('a-was', 'a', 0, version='10.1.34', catalina_opts='-Dx=1', java_opts='-Dy'),
                                    inst('b-was', 'b', 10, http_port=8080)]})
    model = build(hv, defaults={'tomcat_install_root': '/opt/tc/', 'tomcat_java_opts': '-Dz'})
    a, b = model['was_hosts']['was-01']['instances']
    assert a['version'] == '10.1.34' and a['catalina_home'] == '/opt/tc/apache-tomcat-10.1.34'
    assert a['base'] == '/opt/tc/a-was'
    assert a['catalina_opts'].endswith(' -Dx=1') and a['java_opts'] == '-Dz -Dy'
    assert b['http_port'] == 8080 and b['version'] == ROLE_DEFAULTS['tomcat_version']


def test_string_ports_are_accepted():
    hv = with_instances({'was-01': [inst('a-was', 'a', 0, ajp_port='8009')]})
    model = build(hv)
    assert model['errors'] == []
    assert model['was_hosts']['was-01']['instances'][0]['ajp_port'] == 8009


# --- validation -----------------------------------------------------------------------------------

@pytest.mark.parametrize('field,other', [('ajp_port', 'ajp_port'), ('cluster_port', 'cluster_port'),
                                         ('shutdown_port', 'ajp_port')])
def test_tcp_port_collision_names_host_instance_field(field, other):
    b = inst('b-was', 'b', 10)
    b[field] = inst('a-was', 'a', 0)[other]
    model = build(with_instances({'was-02': [inst('a-was', 'a', 0), b]}), checks=['was'])
    msg = one_error(model, 'was-02: instance b-was', field)
    assert 'is also the %s of instance a-was' % other in msg


def test_udp_and_tcp_ports_are_separate_and_disabled_cluster_frees_ports():
    a = inst('a-was', 'a', 0, multicast_port=8019)          # UDP 8019 next to b's TCP 8019
    b = inst('b-was', 'b', 10, cluster_enabled=False, cluster_port=5000, multicast_port=45564)
    model = build(with_instances({'was-01': [a, b]}), was=['was-01'])
    assert [e for e in model['errors'] if 'port' in e] == []
    b.update(cluster_enabled=True, multicast_port=8019)
    model = build(with_instances({'was-01': [a, b]}), was=['was-01'])
    one_error(model, 'was-01: instance b-was', 'cluster_port 5000 (tcp)')
    one_error(model, 'was-01: instance b-was', 'multicast_port 8019 (udp) is also the multicast_port of instance a-was')


def test_static_membership_does_not_use_the_multicast_port():
    a = inst('a-was', 'a', 0, cluster_membership='static')
    b = inst('b-was', 'b', 10, cluster_membership='static', multicast_port=45564)
    assert [e for e in build(with_instances({'was-01': [a, b], 'was-02': [a, b]}))['errors'] if 'port' in e] == []


@pytest.mark.parametrize('value', [0, 65536, 'x', True, -1, 80.5])
def test_bad_port_values(value):
    model = build(with_instances({'was-01': [inst('a-was', 'a', 0, shutdown_port=value)]}))
    one_error(model, 'was-01: instance a-was', 'shutdown_port', '1-65535')


@pytest.mark.parametrize('field', ['shutdown_port', 'ajp_port'])
def test_required_ports(field):
    item = inst('a-was', 'a', 0)
    del item[field]
    one_error(build(with_instances({'was-01': [item]})), 'was-01: instance a-was: %s is required' % field)


def test_cluster_ports_required_only_while_clustered():
    item = inst('a-was', 'a', 0)
    del item['cluster_port'], item['multicast_port']
    model = build(with_instances({'was-01': [item]}))
    one_error(model, 'cluster_port is required')
    one_error(model, 'multicast_port is required')
    item['cluster_enabled'] = False
    assert build(with_instances({'was-01': [item]}, facts(*WAS)), was=['was-01'], web=[])['errors'] == []


@pytest.mark.parametrize('name', ['A-was', '', 'a/was', None, 'x' * 64, '-a'])
def test_bad_instance_names(name):
    one_error(build(with_instances({'was-01': [inst(name, 'a', 0)]})), 'was-01: tomcat_instances[0]: name')


def test_duplicate_instance_name():
    model = build(with_instances({'was-01': [inst('a-was', 'a', 0), inst('a-was', 'b', 10)]}))
    one_error(model, 'was-01: instance name a-was is listed twice')


@pytest.mark.parametrize('raw', [[], 'a-was', {'name': 'a-was'}, None, [None], [['x']]])
def test_unusable_instance_lists(raw):
    model = build(with_instances({'was-01': raw}))
    assert any(e.startswith('was-01: tomcat_instances') for e in model['errors']), model['errors']


def test_jvm_route_format_and_uniqueness_across_hosts():
    model = build(with_instances({'was-01': [inst('a-was', 'a', 0, jvm_route='a.1')]}))
    one_error(model, 'was-01: instance a-was', "jvm_route 'a.1'", 'JSESSIONID')
    model = build(with_instances({'was-01': [inst('a-was', 'a', 0, jvm_route='same')],
                                  'was-02': [inst('a-was', 'a', 0, jvm_route='same')]}), checks=['web'])
    msg = one_error(model, "was-02: instance a-was: jvm_route 'same'")
    assert 'was-01: instance a-was' in msg and "'was'" in msg
    # the default scheme collides with an explicit route of another host
    model = build(with_instances({'was-02': [inst('a-was', 'a', 0, jvm_route='a-was1')]}))
    one_error(model, "was-02: instance a-was: jvm_route 'a-was1' is also the jvmRoute of was-01: instance a-was")


def test_cluster_settings_per_site():
    hv = with_instances({'was-02': [inst('a-was', 'a', 0, cluster_manager='backup'),
                                    inst('b-was', 'b', 10, multicast_port=45570)]})
    model = build(hv)
    one_error(model, "was-02: instance a-was: cluster_manager 'backup' differs from 'delta' on was-01: instance a-was")
    one_error(model, 'was-02: instance b-was: multicast_port 45570 differs from 45565')
    hv = with_instances({'was-02': [inst('a-was', 'a', 0, cluster_enabled=False), inst('b-was', 'b', 10)]})
    one_error(build(hv), 'was-02: instance a-was: cluster_enabled is false, but site a is clustered on was-01')
    hv = with_instances({'was-01': [inst('a-was', 'a', 0, cluster_membership='static'), inst('b-was', 'b', 10)]})
    one_error(build(hv), "was-02: instance a-was: cluster_membership 'multicast' differs from 'static'")


def test_two_sites_on_one_multicast_group():
    hv = with_instances(dict((h, [inst('a-was', 'a', 0), inst('b-was', 'b', 10, multicast_port=45564)]) for h in WAS))
    model = build(hv)
    one_error(model, 'multicast group 228.0.0.4:45564 of site b is also the group of site a')
    # on different addresses the same port is fine (and on one host the UDP port check catches it first)
    hv = with_instances({'was-01': [inst('a-was', 'a', 0)], 'was-02': [inst('b-was', 'b', 0, multicast_address='228.0.0.5')]})
    assert build(hv)['errors'] == []


@pytest.mark.parametrize('value,ok', [('228.0.0.4', True), ('ff02::1', True), ('10.0.0.1', False), ('x', False)])
def test_multicast_address(value, ok):
    hv = with_instances(dict((h, [inst('a-was', 'a', 0, multicast_address=value)]) for h in WAS))
    model = build(hv)
    assert (model['errors'] == []) is ok, model['errors']
    if not ok:
        one_error(model, 'was-01: instance a-was: multicast_address')


def test_bad_host_settings_name_the_variable():
    hv = facts(*WAS)
    hv['was-02'].update({'tomcat_cluster_manager': 'round-robin', 'tomcat_cluster_enabled': 'maybe',
                         'tomcat_install_root': 'relative', 'tomcat_version': 9})
    model = build(hv)
    for needle in ('tomcat_cluster_manager must be one of delta, backup', 'tomcat_cluster_enabled must be a boolean',
                   'tomcat_install_root', 'tomcat_version must be a string'):
        one_error(model, 'was-02: ' + needle)
    assert not any(e.startswith('was-01') for e in model['errors'])


def test_backup_manager_warning():
    hv = with_instances(dict((h, [inst('a-was', 'a', 0, cluster_manager='backup')]) for h in WAS))
    model = build(hv)
    assert model['errors'] == []
    assert len(model['warnings']) == 1 and 'site a uses BackupManager with 2 member(s)' in model['warnings'][0]
    hv = with_instances(dict((h, [inst('a-was', 'a', 0, cluster_manager='backup')]) for h in WAS + ['was-03']),
                        facts(*(WAS + ['was-03'])))
    assert cm.build_model(WAS + ['was-03'], [], hv, ROLE_DEFAULTS)['warnings'] == []
    assert build(with_instances(dict((h, [inst('a-was', 'a', 0, cluster_manager='backup')]) for h in WAS)),
                 checks=['web'])['warnings'] == []


def test_host_not_in_group_and_empty_group():
    one_error(build(host='web-01'), "web-01 is not in the inventory group 'was' (tomcat_was_group)")
    one_error(build(was=[]), "group 'was' (tomcat_was_group) does not exist or has no hosts")


def test_checks_select_the_validations():
    b = inst('b-was', 'b', 10, ajp_port=8009)
    hv = with_instances({'was-01': [inst('a-was', 'a', 0), b]})
    assert [e for e in build(hv, checks=['web'])['errors'] if 'is also the' in e] == []
    assert build(hv, checks=['was'])['errors']
    model = build(checks=['was'], sites=[{'name': 'c'}])
    assert model['errors'] == []
    one_error(build(checks=['web'], sites=[{'name': 'c'}]), 'site c: no WAS instance serves it')


# --- the web tier ---------------------------------------------------------------------------------

def test_explicit_sites_and_their_checks():
    sites = [{'name': 'a', 'server_name': 'www.a.example', 'server_aliases': ['a.example'], 'mounts': ['/app/*'],
              'unmounts': ['/static/*'], 'tls': {'certificate': 'x'}, 'custom': 1},
             {'name': 'c', 'balancer': 'c-lb', 'server_name': ''}]
    model = build(sites=sites, server_name_suffix='.test', default_mounts=['/x/*'])
    a, c = model['sites']
    assert a['server_name'] == 'www.a.example' and a['mounts'] == ['/app/*'] and a['tls'] == {'certificate': 'x'}
    assert a['custom'] == 1 and a['balancer'] == 'a-loadbalancer'
    assert c['server_name'] == 'c.test' and c['balancer'] == 'c-lb' and c['mounts'] == ['/x/*']
    one_error(model, 'site c: no WAS instance serves it')
    one_error(model, 'was-01: instance b-was: site b has no virtual host in httpd_modjk_sites')
    one_error(model, 'was-02: instance b-was: site b has no virtual host in httpd_modjk_sites')


@pytest.mark.parametrize('site,needle', [({'name': 'a', 'mounts': []}, 'site a: mounts is empty'),
                                         ({'name': 'a b'}, 'site a b: name'),
                                         ({'name': 'a', 'balancer': 'x y'}, "site a: balancer 'x y'"),
                                         ({'name': 'a', 'mounts': '/*'}, 'site a: mounts must be a list'),
                                         ({'server_name': 'x'}, 'httpd_modjk_sites[0] must be a dictionary')])
def test_bad_sites(site, needle):
    one_error(build(sites=[site, {'name': 'b'}], checks=['web']), needle)


def test_duplicate_site():
    one_error(build(sites=[{'name': 'a'}, {'name': 'a'}, {'name': 'b'}]), 'site a: listed twice')


def test_explicit_members():
    members = [{'name': 'm1', 'site': 'a', 'host': '10.5.0.1', 'port': 8009},
               {'name': 'm2', 'site': 'a', 'host': '10.5.0.2', 'port': '8009', 'route': 'r2'}]
    model = build(members=members, checks=['web'])
    assert model['errors'] == []
    assert model['members'] == [
        {'name': 'm1', 'route': 'm1', 'site': 'a', 'host': '10.5.0.1', 'port': 8009, 'was_host': '10.5.0.1',
         'instance': 'm1'},
        {'name': 'm2', 'route': 'r2', 'site': 'a', 'host': '10.5.0.2', 'port': 8009, 'was_host': '10.5.0.2',
         'instance': 'm2'}]
    assert [s['name'] for s in model['sites']] == ['a']
    bad = members + [{'name': 'm1', 'site': 'a b', 'port': 0, 'route': 'r2'}]
    model = build(members=bad, checks=['web'])
    for needle in ("httpd_modjk_members[2]: site 'a b'", 'httpd_modjk_members[2]: host is missing',
                   'httpd_modjk_members[2]: port 0', "httpd_modjk_members[2]: name 'm1' is also the name of "
                   'httpd_modjk_members[0]', "route 'r2' is also the route of httpd_modjk_members[1]"):
        one_error(model, needle)


def test_no_members_at_all():
    hv = facts(*WAS)
    model = cm.build_model(WAS, [], hv, {}, checks=['web'])
    one_error(model, 'was-01: tomcat_instances is not set')
    one_error(model, 'no mod_jk member is known')


def test_garbage_never_raises():
    for garbage in (None, 1, 'x', [1, 2], {'a': 1}):
        model = cm.build_model(garbage, garbage, garbage, garbage, host=garbage if isinstance(garbage, str) else None,
                               sites=garbage, members=garbage)
        assert isinstance(model['errors'], list)


def test_stable_and_identical_from_every_host():
    hv = with_instances({'was-02': [inst('a-was', 'a', 0, cluster_membership='static')]})
    hv['was-01']['tomcat_instances'] = [inst('a-was', 'a', 0, cluster_membership='static')]
    first = build(hv, host='was-01', defaults={'tomcat_instances': hv['was-01']['tomcat_instances']})
    assert first == build(copy.deepcopy(hv), host='was-01', defaults={'tomcat_instances': hv['was-01']['tomcat_instances']})
    assert first['was_hosts'] == build(hv, host='was-02', defaults={'tomcat_instances': hv['was-02']['tomcat_instances']})['was_hosts']
    assert first['was_hosts'] == build(hv)['was_hosts']


# --- hostile input (issue 23): whole-value names, addresses, a route that is missing -------------------------

HOSTILE = ['\n', '\r\n', '\t', '\x00', '\x1b', '\x85', '\u2028']


@pytest.mark.parametrize('suffix', HOSTILE)
@pytest.mark.parametrize('field, needle', [('name', 'name'), ('jvm_route', 'jvm_route'), ('site', 'site'),
                                           ('version', 'version')])
def test_instance_names_with_a_trailing_control_character_are_refused(suffix, field, needle):
    item = inst('a-was', 'a', 0, version='9.0.109')
    item[field] = item[field] if field != 'jvm_route' else 'a-was1'
    item[field] += suffix
    model = build(with_instances({'was-01': [item]}))
    one_error(model, 'was-01', needle, repr(item[field]))   # an error stops the rollout (the role asserts none)


@pytest.mark.parametrize('suffix', HOSTILE)
@pytest.mark.parametrize('field', ['name', 'route', 'site'])
def test_member_names_with_a_trailing_control_character_are_refused(suffix, field):
    member = {'name': 'm1', 'site': 'a', 'host': '10.5.0.1', 'port': 8009, 'route': 'm1'}
    member[field] += suffix
    model = build(members=[member], sites=[{'name': 'a'}], checks=['web'])
    one_error(model, 'httpd_modjk_members[0]: %s %r' % (field, member[field]))


@pytest.mark.parametrize('address', ['10.0.0.9\n', '10.0.0.9\nListen 80', '\n', '10.0.0.9\x00', '10.0.0.9\t',
                                     '10.0.0.300', 'was_01', '-was', '10.0.0.0/24'])
def test_a_bad_private_address_is_an_error_and_never_used(address):
    hv = facts(*(WAS + WEB))
    hv['was-01']['tomcat_private_address'] = address
    model = build(hv)
    one_error(model, 'was-01: tomcat_private_address %r' % address)
    assert model['was_hosts']['was-01']['address'] is None and 'was-01' not in model['was_addresses']
    assert not [e for e in model['errors'] if 'was-01: the private address is unknown' in e]   # one error, not two
    hv['was-01'].pop('tomcat_private_address')
    hv['web-01']['tomcat_private_address'] = address
    model = build(hv)
    one_error(model, 'web-01: tomcat_private_address %r' % address)
    assert model['web_hosts'][0] == {'name': 'web-01', 'address': None}


@pytest.mark.parametrize('address', ['10.0.0.9', ' 10.0.0.9 ', 'fd00::9', 'was-01.example.com', 'was-01'])
def test_ip_addresses_and_rfc1123_host_names_are_addresses(address):
    hv = facts(*(WAS + WEB))
    hv['was-01']['tomcat_private_address'] = address
    model = build(hv)
    assert model['errors'] == [] and model['was_addresses']['was-01'] == address.strip()


def test_a_bad_address_fact_and_a_bad_member_host_are_errors():
    hv = facts(*(WAS + WEB))
    hv['was-02'][cm.FACTS_ADDRESS] = '10.0.0.2\n'
    one_error(build(hv), 'was-02: the address fact (default_ipv4.address)')
    member = {'name': 'm1', 'site': 'a', 'host': '10.5.0.1\n', 'port': 8009}
    one_error(build(members=[member], checks=['web']), "httpd_modjk_members[0]: host '10.5.0.1\\n'")


@pytest.mark.parametrize('site, needle', [
    ({'name': 'a', 'server_name': 'a.example\nListen 80'}, 'server_name'),
    ({'name': 'a', 'server_aliases': ['www.a.example\n']}, 'server_aliases'),
    ({'name': 'a', 'mounts': ['/*\nJkMount /x evil']}, 'mounts'),
    ({'name': 'a', 'balancer': 'a-lb\n'}, 'balancer'),
    ({'name': 'a\n'}, 'name must be'),
])
def test_site_names_with_a_line_break_are_refused(site, needle):
    one_error(build(sites=[site], checks=['web']), 'site a', needle)


def test_a_bad_install_root_and_hostvars_that_are_no_dictionary():
    one_error(build(defaults={'tomcat_install_root': '/opt/tc\n'}), 'tomcat_install_root')
    hv = facts(*(WAS + WEB))
    hv['web-01'] = ['not', 'vars']
    one_error(build(hv), 'web-01: its hostvars must be a dictionary, got list')


def test_a_string_of_unicode_digits_is_no_port():
    hv = with_instances({'was-01': [inst('a-was', 'a', 0, ajp_port='\u0668\u0660\u0660\u0669')]})
    one_error(build(hv), 'was-01: instance a-was: ajp_port')


def test_drain_targets_a_missing_route_never_matches():
    results = [_status('web-01', 'a-was1'),
               {'item': 'web-02', 'failed': False, 'members': [{'balancer': 'lb', 'name': 'x'},
                                                               {'balancer': 'lb', 'name': 'y', 'route': None},
                                                               {'balancer': 'lb', 'name': 'z', 'route': ''}]}]
    for step in ({'name': 'a-was', 'host': 'was-01'}, {'name': 'a-was', 'host': 'was-01', 'jvm_route': None},
                 {'name': 'a-was', 'host': 'was-01', 'jvm_route': ''}, 'a-was'):
        assert roll.drain_targets(results, [step]) == [], step
    got = roll.drain_targets(results, [{'name': 'a-was', 'host': 'was-01', 'jvm_route': 'a-was1'}])
    assert [(t['web_host'], t['member']) for t in got] == [('web-01', 'a-was1')]


@pytest.mark.parametrize('kwargs, needle', [
    (dict(hostvars=[]), 'the input must be hostvars'), (dict(groups=['was']), 'groups must be'),
    (dict(groups={'was': 'was-01'}), "groups['was'] must be a list of host names"),
    (dict(settings='x'), 'settings must be a dictionary'), (dict(sites='a'), 'sites must be a list'),
    (dict(members={'a': 1}), 'members must be a list'), (dict(server_name_suffix=5), 'server_name_suffix must be a'),
    (dict(default_mounts=5), 'default_mounts must be a list of strings'), (dict(default_mounts='/*'), 'default_mounts'),
    (dict(checks='was'), 'checks must be a list'), (dict(checks=['all']), 'unknown checks'),
    (dict(was_group=None), 'was_group must be a group name'), (dict(host=1), 'host must be a host name'),
])
def test_check_arguments(kwargs, needle):
    args = dict(hostvars={}, groups={'was': ['was-01']})
    args.update(kwargs)
    with pytest.raises(ValueError, match=needle.replace('[', r'\[').replace(']', r'\]')):
        cm.check_arguments(**args)
    cm.check_arguments({}, {'was': ['was-01'], 'web': None}, settings={}, sites=[], members=None, default_mounts=['/*'],
                       checks=['was'])
