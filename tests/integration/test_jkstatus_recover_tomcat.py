# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""jkstatus_member's recover_others against real Tomcat 9.0.70 AJP connectors on loopback (fixture tomcat_instance).

The member that mod_jk still marks in error is a real Tomcat: the secret-protected connector of the AJP test
instance (healthy), its connector without a secret (bound, but it never answers a CPing), a wrong secret (Tomcat
answers 403), and an instance killed with SIGKILL and started again (the case of issue 25).

The status worker is a loopback HTTP server that answers like mod_jk's: ``cmd=list&mime=xml`` with the captured
list-1.2.50.xml, a-was2's state, host and port edited (no capture shows an error state: the texts are those of
tomcat-connectors' jk_lb_worker.h), and ``cmd=recover`` as jk_status.c's recover_worker() does (1.2.48 and 1.2.50:
only a member in ERR is marked ERR/REC; any other state is refused with "Marking worker for recovery failed").
The same against a live httpd + mod_jk would be a molecule test.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.modules import jkstatus_member
from ansible_collections.webtier.tomcat_cluster.tests.integration.conftest import AJP_SECRET, AJP_SERVER_XML
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import HttpServerThread, QuietHandler, closing_all
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module as run
from ansible_collections.webtier.tomcat_cluster.tests.unit.plugins.modules.test_jkstatus_modules import member_at

pytestmark = pytest.mark.tomcat

FIXTURES = os.path.join(os.path.dirname(__file__), '..', 'unit', 'plugins', 'module_utils', 'fixtures', 'jkstatus')
XML = 'text/xml;charset=UTF-8'
RESULT = (b'<?xml version="1.0" encoding="UTF-8" ?>\n<jk:status\n  xmlns:jk="http://tomcat.apache.org">\n'
          b'  <jk:result\n    type="%s"\n    message="%s"\n  />\n</jk:status>\n')


def fixture(name):
    with open(os.path.join(FIXTURES, name), 'rb') as f:
        return f.read()


class RecoveringStatusWorker(HttpServerThread):
    """mod_jk's status worker for a-loadbalancer/a-was2 at ``host:port`` in ``state``: list, and recover as
    jk_status.c's recover_worker() (ERR -> ERR/REC, any other state refused). Records every query."""

    def __init__(self, host, port, state, body=None):
        self.member = dict(host=host, port=port, state=state)
        self.body = body or fixture('list-1.2.50.xml')
        self.calls = []
        outer = self

        class Handler(QuietHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                outer.calls.append(query)
                m = outer.member
                if query.get('cmd') == 'list':
                    body = member_at(outer.body, 'a-was2', m['state'], m['host'], m['port'])
                elif query.get('cmd') == 'recover' and (query.get('w'), query.get('sw')) == ('a-loadbalancer', 'a-was2'):
                    if m['state'] == 'ERR':
                        m['state'] = 'ERR/REC'
                        body = RESULT % (b'OK', b'Action finished')
                    else:
                        body = RESULT % (b'ERROR', b'Marking worker for recovery failed')
                else:
                    body = RESULT % (b'ERROR', b'Invalid command.')
                self.answer(200, body, [('Content-Type', XML)])

        super(RecoveringStatusWorker, self).__init__(Handler)
        self.url = 'http://127.0.0.1:%d/jkstatus' % self.port

    def cmds(self):
        return [c['cmd'] for c in self.calls]


@pytest.fixture
def status_worker():
    with closing_all(RecoveringStatusWorker) as start:
        yield start


# the AJP test instance's connectors: ajp_port (secret), ajp_broken_port (no secret: bound, never answers)
BROKEN_XML = '\n'.join(line for line in AJP_SERVER_XML.splitlines()
                       if '<Connector' not in line or '${ajp_port}' in line or '${ajp_broken_port}' in line)


@pytest.fixture(scope='module')
def tc(tomcat_instance):
    inst = tomcat_instance(BROKEN_XML, cping=['ajp_port'], name='jkstatus_recover')
    yield inst
    inst.kill()


def preflight(url, capsys, check_mode=True, **kw):
    args = {'url': url, 'balancer': 'a-loadbalancer', 'member': 'a-was1', 'activation': 'stopped',
            'require_others_ok': True, 'recover_others': True, 'secret': AJP_SECRET, 'recover_timeout': 3,
            'timeout': 5, '_ansible_check_mode': check_mode}
    args.update(kw)
    r = run(jkstatus_member, args, capsys)
    assert AJP_SECRET not in r['_raw'] and 'Traceback' not in r['_raw']
    return r


def test_healthy_tomcat_in_err_is_checked_and_recovered_in_check_mode(tc, status_worker, capsys):
    sw = status_worker('127.0.0.1', tc.ports['ajp_port'], 'ERR')
    r = preflight(sw.url, capsys)
    assert r['_rc'] == 0, r
    assert sw.cmds() == ['list', 'recover', 'list']
    assert sw.calls[1] == {'cmd': 'recover', 'mime': 'xml', 'w': 'a-loadbalancer', 'sw': 'a-was2'}
    assert r['recovered'] == [dict(balancer='a-loadbalancer', member='a-was2', host='127.0.0.1',
                                   port=tc.ports['ajp_port'], state_before='ERR', state_after='ERR/REC',
                                   recover_sent=True)]
    assert r['changed'] is True and 'would set STP: a-loadbalancer/a-was1' in r['msg']   # the predicted activation
    assert 'recovered: a-loadbalancer/a-was2' in r['msg']
    # a second preflight: ERR/REC needs no command (mod_jk would refuse it), the member is checked again
    r = preflight(sw.url, capsys)
    assert r['_rc'] == 0 and sw.cmds()[3:] == ['list'] and r['recovered'][0]['recover_sent'] is False


def test_recover_is_changed_outside_check_mode(tc, status_worker, capsys):
    body = fixture('list-1.2.50.xml').replace(b'activation="ACT"', b'activation="STP"', 1)   # a-was1 STP already
    sw = status_worker('127.0.0.1', tc.ports['ajp_port'], 'ERR', body=body)
    r = preflight(sw.url, capsys, check_mode=False)
    assert r['_rc'] == 0 and r['changed'] is True and r['recovered'][0]['recover_sent'] is True, r
    assert sw.cmds() == ['list', 'recover', 'list']   # no update: a-was1 is STP
    sw.member['state'] = 'ERR'
    r = preflight(sw.url, capsys, check_mode=True)
    assert r['_rc'] == 0 and r['changed'] is False and r['recovered'][0]['recover_sent'] is True, r


def test_wrong_secret_is_refused_with_the_403(tc, status_worker, capsys):
    sw = status_worker('127.0.0.1', tc.ports['ajp_port'], 'ERR')
    r = preflight(sw.url, capsys, secret='NotTheSecret4242')
    assert r['_rc'] == 1 and r['error'] == 'others_not_ok' and r['changed'] is False, r
    assert 'AJP GET /webtier-recover-check to 127.0.0.1:%d answered 403: the AJP secret is wrong' % tc.ports['ajp_port'] in r['msg']
    assert sw.cmds() == ['list'] and 'NotTheSecret4242' not in r['_raw']


def test_connector_that_never_answers_is_refused(tc, status_worker, capsys):
    # Tomcat binds a connector without a secret but refuses to start it: connections are accepted, no CPong comes
    sw = status_worker('127.0.0.1', tc.ports['ajp_broken_port'], 'ERR')
    r = preflight(sw.url, capsys, recover_timeout=1.5)
    assert r['_rc'] == 1 and r['error'] == 'others_not_ok', r
    assert ('a-loadbalancer/a-was2 is ACT and ERR on this web host; CPong to 127.0.0.1:%d failed:'
            % tc.ports['ajp_broken_port']) in r['msg'] and r['msg'].endswith('not recovered')
    assert sw.cmds() == ['list']


def test_killed_then_restarted_instance_is_refused_then_recovered(tomcat_instance, status_worker, capsys):
    inst = tomcat_instance(BROKEN_XML, cping=['ajp_port'], name='jkstatus_recover_kill')
    try:
        port = inst.ports['ajp_port']
        sw = status_worker('127.0.0.1', port, 'ERR')
        inst.kill()   # SIGKILL
        r = preflight(sw.url, capsys)
        assert r['_rc'] == 1 and r['error'] == 'others_not_ok', r
        assert 'CPong to 127.0.0.1:%d failed: connection refused' % port in r['msg']
        assert sw.cmds() == ['list'] and sw.member['state'] == 'ERR'
        inst.start(cping=['ajp_port'])
        r = preflight(sw.url, capsys)
        assert r['_rc'] == 0 and r['recovered'][0]['state_after'] == 'ERR/REC', r
        assert sw.cmds()[1:] == ['list', 'recover', 'list']
    finally:
        inst.kill()
