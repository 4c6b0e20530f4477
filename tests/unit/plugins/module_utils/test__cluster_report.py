# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""verify.yml's report: broken pairs, broken sessions, the CPing matrix."""

from __future__ import annotations

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _cluster_report as rep

MEMBERS = [
    {'name': 'a-was1', 'route': 'a-was1', 'site': 'a', 'host': '10.0.0.1', 'port': 8009},
    {'name': 'a-was2', 'route': 'a-was2', 'site': 'a', 'host': '10.0.0.2', 'port': 8009},
    {'name': 'b-was1', 'route': 'b-was1', 'site': 'b', 'host': '10.0.0.1', 'port': 8019},
]
SITES = [{'name': 'a', 'server_name': 'a-site.example'}, {'name': 'b', 'server_name': 'b-site.example'}]
REGEX = r'(?m)^counter=(\d+)'


def target(member, healthy=True, error=None, msg='ok', lat=None):
    return {'name': member['name'], 'host': member['host'], 'port': member['port'], 'healthy': healthy,
            'error': error, 'msg': msg, 'latency_ms': lat if lat is not None else {'min': 0.1, 'avg': 0.25, 'max': 0.5}}


def good_ping():
    return {'targets': [target(m) for m in MEMBERS], 'healthy_count': 3, 'unhealthy_count': 0}


def good_ajp():
    return {'results': [{'item': m, 'status': 200, 'jvm_route': m['route'], 'error': None} for m in MEMBERS]}


def good_http():
    return {'results': [{'item': s, 'status': 200, 'cookies': {'JSESSIONID': 'ABC.%s-was1' % s['name']}}
                        for s in SITES]}


def test_all_good_is_empty():
    assert rep.pair_report('web-01', good_ping(), good_ajp(), good_http(), MEMBERS) == []


def test_every_broken_pair_is_named():
    ping = good_ping()
    ping['targets'][1] = target(MEMBERS[1], healthy=False, error='refused', msg='connection refused', lat={})
    ajp = good_ajp()
    ajp['results'][0] = {'item': MEMBERS[0], 'failed': True, 'status': 403, 'error': 'forbidden', 'msg': 'no'}
    ajp['results'][2]['jvm_route'] = None
    http = good_http()
    http['results'][0] = {'item': SITES[0], 'status': 503, 'msg': 'Status code was 503'}
    http['results'][1]['cookies'] = {'JSESSIONID': 'XYZ.a-was1'}
    assert rep.pair_report('web-01', ping, ajp, http, MEMBERS) == [
        'web-01 -> a-was2 (10.0.0.2:8009): CPing failed: refused connection refused',
        'web-01 -> a-was1 (10.0.0.1:8009): AJP request failed: forbidden',
        'web-01 -> b-was1: answered with jvmRoute none, expected b-was1',
        'web-01 -> vhost a-site.example: HTTP 503 Status code was 503',
        'web-01 -> vhost b-site.example: served by route "a-was1", not one of b-was1',
    ]


def test_module_failure_and_missing_results():
    out = rep.pair_report('web-02', {'failed': True, 'msg': 'bad target'}, {}, {'results': [{'item': SITES[0]}]},
                          MEMBERS)
    assert out == ['web-02: ajp_ping failed: bad target', 'web-02 -> vhost a-site.example: HTTP ? ']
    assert rep.pair_report('web-02', None, None, None, None) == []


def test_session_report():
    start = {'results': [
        {'item': SITES[0], 'status': 200, 'cookies': {'JSESSIONID': 'S.a-was1'}, 'content': 'node=a-was1\ncounter=1\n'},
        {'item': SITES[1], 'status': 500, 'cookies': {}, 'content': ''}]}
    steps = {'results': [
        {'item': [start['results'][0], 'web-01'], 'status': 200, 'content': 'counter=2\n'},
        {'item': [start['results'][0], 'web-02'], 'status': 200, 'content': 'counter=2\n'},
        {'item': [start['results'][1], 'web-01'], 'status': 500, 'content': ''}]}
    assert rep.session_report(start, steps, 'web-01', REGEX) == [
        'session a-site.example via web-02: HTTP 200, counter 2 (expected 3)',
        'session b-site.example via web-01: no session started (HTTP 500, counter x)']
    steps['results'][1]['content'] = 'counter=3\n'
    assert rep.session_report(start, steps, 'web-01', REGEX)[1:] == []
    assert rep.session_report({}, {}, 'web-01', REGEX) == []


def test_ping_matrix():
    bad = target(MEMBERS[1], healthy=False, error='timeout', lat={'min': None, 'avg': None, 'max': None})
    lines = rep.ping_matrix({'web-02': {'targets': [bad]}, 'web-01': good_ping(), 'web-03': {}})
    assert lines[0].split() == ['web', 'worker', 'address', 'state', 'CPong', 'ms', 'min/avg/max']
    assert lines[1] == 'web-01       a-was1    10.0.0.1:8009         OK          0.1/0.2/0.5'
    assert lines[4] == 'web-02       a-was2    10.0.0.2:8009         TIMEOUT     -'
    assert len(lines) == 5


def test_member_status():
    member = {'balancer': 'a-loadbalancer', 'name': 'a-was1', 'activation': 'ACT', 'state': 'OK/IDLE', 'busy': 0,
              'sessions': 12, 'errors': 0}
    lines = rep.member_status({
        'web-02': {'failed': True, 'msg': 'status worker unreachable: connection refused'},
        'web-01': {'members': [member, {'balancer': 'b-loadbalancer', 'name': 'b-was1', 'activation': 'STP'}, 'x']},
        'web-03': {'skipped': True},
        'web-04': None})
    assert lines[0].split() == ['web', 'balancer/member', 'activation', 'state', 'busy', 'sessions', 'errors']
    assert lines[1].split() == ['web-01', 'a-loadbalancer/a-was1', 'ACT', 'OK/IDLE', '0', '12', '0']
    assert lines[2].split() == ['web-01', 'b-loadbalancer/b-was1', 'STP', '?', '?', '?', '?']
    assert lines[3] == 'web-02       status worker not read: status worker unreachable: connection refused'
    assert lines[4] == 'web-03       status worker not read: no result'
    assert lines[5] == 'web-04       status worker not read: no result'
    assert len(lines) == 6
    assert rep.member_status({}) == lines[:1]


def test_collect():
    assert rep.collect({'web-01': ['x'], 'web-02': []}, ['web-01', 'web-02', 'web-03'], 'unreachable') == [
        'x', 'web-03: unreachable']
