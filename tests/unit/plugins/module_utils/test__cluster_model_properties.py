# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property-based tests of the cluster model over generated inventories.

Inventories: 1-8 WAS hosts, 1-4 sites, a different instance list per host (subset, order, instance names),
jvm_route overrides, static and multicast membership, DeltaManager and BackupManager. Invariants: jvmRoutes
unique; every balancer member is an instance of that site; static member lists and uniqueIds stable across
runs and hosts, and distinct; no port used twice on a host; the restart order never has two instances of one
site in flight at once. Broken inventories (random ports, random routes) are reported exactly when broken.
"""

from __future__ import annotations

import copy
import os

from hypothesis import given, settings, strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _cluster_model as cm
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _roll as roll

SITES = ['a', 'b', 'c', 'd']
BASE = {'tomcat_version': '9.0.109', 'tomcat_install_root': '/usr/local/tomcat', 'tomcat_cluster_enabled': True,
        'tomcat_cluster_manager': 'delta', 'tomcat_cluster_membership': 'multicast',
        'tomcat_cluster_multicast_address': '228.0.0.4', 'tomcat_catalina_opts': '', 'tomcat_base_catalina_opts': '',
        'tomcat_java_opts': '', 'tomcat_instances': []}
# reproducible in CI, nothing written to the working tree, no timing assertions on a shared machine
set_hypothesis_home_dir(os.path.join(os.path.dirname(os.path.abspath(__file__)), *(['..'] * 4 + ['.cache', 'hypothesis'])))
PROPERTY = settings(max_examples=100, deadline=None, derandomize=True, database=None)


@st.composite
def inventories(draw):
    hosts = ['was-%02d' % n for n in range(1, draw(st.integers(1, 8)) + 1)]
    sites = SITES[:draw(st.integers(1, 4))]
    cluster = dict((s, {'cluster_manager': draw(st.sampled_from(cm.MANAGERS)),
                        'cluster_membership': draw(st.sampled_from(cm.MEMBERSHIPS)),
                        'cluster_enabled': draw(st.sampled_from([True, True, True, False]))}) for s in sites)
    hostvars = {}
    for pos, host in enumerate(hosts):
        instances = []
        for site in draw(st.lists(st.sampled_from(sites), min_size=1, max_size=len(sites), unique=True)):
            k = SITES.index(site)
            name = draw(st.sampled_from(['%s-was' % site, '%s-app' % site]))
            item = dict(cluster[site], name=name, site=site, shutdown_port=8005 + 10 * k, ajp_port=8009 + 10 * k,
                        cluster_port=5000 + k, multicast_port=45564 + k)
            if draw(st.booleans()):
                item['jvm_route'] = 'r-%s-%s' % (name, host)
            if draw(st.booleans()):
                item['http_port'] = 8080 + k
            instances.append(item)
        hostvars[host] = {cm.FACTS_ADDRESS: '10.0.0.%d' % (pos + 1), 'tomcat_instances': instances}
    return hosts, hostvars


def build(hosts, hostvars, host=None):
    defaults = dict(BASE)
    if host:
        defaults['tomcat_instances'] = hostvars[host]['tomcat_instances']
    return cm.build_model(hosts, [], hostvars, defaults, host=host)


def instances_of(model):
    return [i for h in model['was_hosts'].values() for i in h['instances']]


@PROPERTY
@given(inventories())
def test_generated_inventories_are_valid_and_routes_unique(inv):
    model = build(*inv)
    assert model['errors'] == []
    routes = [i['jvm_route'] for i in instances_of(model)]
    assert len(routes) == len(set(routes)) == sum(len(hv['tomcat_instances']) for hv in inv[1].values())
    members = [m['route'] for m in model['members']]
    assert sorted(members) == sorted(routes)


@PROPERTY
@given(inventories())
def test_every_balancer_member_is_an_instance_of_that_site(inv):
    model = build(*inv)
    by_route = dict((i['jvm_route'], i) for i in instances_of(model))
    for site in model['sites']:
        assert site['members'], site
        for member in site['members']:
            inst = by_route[member['route']]
            assert inst['site'] == site['name'] == member['site']
            assert (member['was_host'], member['instance'], member['host'], member['port']) == (
                inst['host'], inst['name'], inst['address'], inst['ajp_port'])
    assert sorted(s['name'] for s in model['sites']) == sorted(set(i['site'] for i in instances_of(model)))


@PROPERTY
@given(inventories())
def test_static_members_stable_across_runs_and_hosts_and_distinct(inv):
    hosts, hostvars = inv
    model = build(hosts, hostvars)
    again = build(hosts, copy.deepcopy(hostvars))
    assert model == again
    for host in hosts:
        assert build(hosts, hostvars, host=host)['was_hosts'] == model['was_hosts']
    ids = set()
    for inst in instances_of(model):
        ids.add(cm.unique_id(inst['host'], inst['name']))
        if not inst['cluster_enabled']:
            assert inst['members'] == []
            continue
        peers = [i for i in instances_of(model) if i['site'] == inst['site'] and i['cluster_enabled']]
        assert inst['members'] == [{'host': p['address'], 'port': p['cluster_port'],
                                    'unique_id': cm.unique_id(p['host'], p['name'])} for p in peers]
        uids = [m['unique_id'] for m in inst['members']]
        assert len(uids) == len(set(uids))
        assert all(len(u.strip('{}').split(',')) == 16 for u in uids)
    assert len(ids) == len(instances_of(model))


@PROPERTY
@given(inventories())
def test_no_port_used_twice_on_a_host(inv):
    model = build(*inv)
    for host in model['was_hosts'].values():
        used = []
        for inst in host['instances']:
            used += [('tcp', inst['shutdown_port']), ('tcp', inst['ajp_port'])]
            if inst['http_port']:
                used.append(('tcp', inst['http_port']))
            if inst['cluster_enabled']:
                used.append(('tcp', inst['cluster_port']))
                if inst['cluster_membership'] == 'multicast':
                    used.append(('udp', inst['multicast_port']))
        assert len(used) == len(set(used)), used


@PROPERTY
@given(inventories(), st.data())
def test_restart_order_never_runs_two_instances_of_a_site_at_once(inv, data):
    model = build(*inv)
    order = model['order']
    assert len(set((s['site'], s['wave']) for s in order)) == len(order)
    selected = {}
    for host, hv in inv[1].items():
        names = [i['name'] for i in hv['tomcat_instances']]
        selected[host] = data.draw(st.lists(st.sampled_from(names), unique=True)) if data.draw(st.booleans()) else []
    waves = roll.cluster_waves(order, selected)
    flat = [s for wave in waves for s in wave]
    assert all(wave for wave in waves)
    for wave in waves:
        assert len(set(s['site'] for s in wave)) == len(wave)   # one instance per site in flight
    expected = [s for s in order if s['name'] in selected.get(s['host'], [])]
    assert sorted((s['host'], s['name']) for s in flat) == sorted((s['host'], s['name']) for s in expected)
    for site in set(s['site'] for s in expected):            # a site's steps keep the inventory order
        assert [(s['host'], s['name']) for s in flat if s['site'] == site] == [
            (s['host'], s['name']) for s in expected if s['site'] == site]
    per_site = [sum(1 for s in expected if s['site'] == site) for site in set(s['site'] for s in expected)]
    assert len(waves) == max(per_site or [0])                # and nothing waits longer than it must


@st.composite
def random_ports(draw):
    hosts = ['was-%02d' % n for n in range(1, draw(st.integers(1, 3)) + 1)]
    pool = st.integers(1, 6)
    hostvars = {}
    for pos, host in enumerate(hosts):
        instances = []
        for n in range(draw(st.integers(1, 4))):
            item = {'name': 'i%d' % n, 'site': 'i%d' % n, 'shutdown_port': draw(pool), 'ajp_port': draw(pool),
                    'cluster_port': draw(pool), 'multicast_port': draw(pool),
                    'cluster_membership': 'multicast', 'multicast_address': '228.0.%d.%d' % (pos, n)}
            if draw(st.booleans()):
                item['http_port'] = draw(pool)
            instances.append(item)
        hostvars[host] = {cm.FACTS_ADDRESS: '10.0.0.%d' % (pos + 1), 'tomcat_instances': instances}
    return hosts, hostvars


@PROPERTY
@given(random_ports())
def test_port_collisions_are_reported_exactly_when_they_exist(inv):
    hosts, hostvars = inv
    model = build(hosts, hostvars)
    for host in hosts:
        seen = set()
        collide = False
        for item in hostvars[host]['tomcat_instances']:
            for proto, field in (('tcp', 'shutdown_port'), ('tcp', 'ajp_port'), ('tcp', 'http_port'),
                                 ('tcp', 'cluster_port'), ('udp', 'multicast_port')):
                if field in item:
                    collide = collide or (proto, item[field]) in seen
                    seen.add((proto, item[field]))
        reported = [e for e in model['errors'] if e.startswith(host + ': instance') and 'is also the' in e]
        assert bool(reported) == collide, (hostvars[host], model['errors'])


@PROPERTY
@given(st.lists(st.sampled_from(['r1', 'r2', 'r3', None]), min_size=1, max_size=6))
def test_route_collisions_are_reported_exactly_when_they_exist(routes):
    hosts = ['was-%02d' % n for n in range(1, len(routes) + 1)]
    hostvars = {}
    for pos, (host, route) in enumerate(zip(hosts, routes)):
        item = {'name': 'a-was', 'site': 'a', 'shutdown_port': 8005, 'ajp_port': 8009, 'cluster_port': 5000,
                'multicast_port': 45564}
        if route:
            item['jvm_route'] = route
        hostvars[host] = {cm.FACTS_ADDRESS: '10.0.0.%d' % (pos + 1), 'tomcat_instances': [item]}
    model = build(hosts, hostvars)
    given_routes = [r for r in routes if r]
    assert bool([e for e in model['errors'] if 'jvm_route' in e]) == (len(given_routes) != len(set(given_routes)))


# control characters and line breaks of every kind: C0, DEL, C1, the Unicode line and paragraph separators
CONTROL = st.one_of(st.characters(min_codepoint=0, max_codepoint=0x1f), st.sampled_from(['\x7f', '\x85', '\x9f',
                                                                                         '\u2028', '\u2029']))
INSTANCE_FIELDS = ('name', 'site', 'jvm_route', 'version')
MEMBER_FIELDS = ('name', 'route', 'site')


@st.composite
def hostile(draw, good):
    """A good value with control characters appended (mostly a trailing newline), prepended or inserted."""
    bad = draw(st.lists(CONTROL, min_size=1, max_size=3).map(''.join))
    where = draw(st.sampled_from(['end', 'end', 'end', 'start', 'inside']))
    if where == 'end':
        return good + bad
    if where == 'start':
        return bad + good
    cut = draw(st.integers(1, len(good) - 1))
    return good[:cut] + bad + good[cut:]


@PROPERTY
@given(inventories(), st.data())
def test_no_hostile_instance_name_or_address_is_accepted(inv, data):
    hosts, hostvars = copy.deepcopy(inv)
    host = data.draw(st.sampled_from(hosts))
    field = data.draw(st.sampled_from(INSTANCE_FIELDS + ('tomcat_private_address',)))
    if field == 'tomcat_private_address':
        value = data.draw(hostile(data.draw(st.sampled_from(['10.0.0.9', 'fd00::9', 'was-09.example']))))
        hostvars[host]['tomcat_private_address'] = value
    else:
        item = data.draw(st.sampled_from(hostvars[host]['tomcat_instances']))
        good = {'name': item['name'], 'site': item['site'], 'jvm_route': item.get('jvm_route') or 'r-x',
                'version': '9.0.109'}[field]
        value = data.draw(hostile(good))
        item[field] = value
    model = build(hosts, hostvars)
    assert [e for e in model['errors'] if e.startswith(host + ':') and repr(value) in e], (field, value, model['errors'])
    if field == 'tomcat_private_address':
        assert host not in model['was_addresses']


@PROPERTY
@given(st.sampled_from(MEMBER_FIELDS), st.data())
def test_no_hostile_mod_jk_member_name_is_accepted(field, data):
    member = {'name': 'm-1', 'route': 'm-1', 'site': 'a', 'host': '10.5.0.1', 'port': 8009}
    member[field] = data.draw(hostile(member[field] if len(member[field]) > 1 else member[field] * 2))
    model = cm.build_model(['was-01'], [], {}, dict(BASE), members=[member], sites=[{'name': 'a'}], checks=['web'])
    assert [e for e in model['errors'] if e.startswith('httpd_modjk_members[0]: %s %r' % (field, member[field]))], (
        member, model['errors'])
