# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of the ajp_request module's argument handling and results, against the in-process
fake AJP peer. (Real Tomcat: tests/integration/test_ajp_tomcat.py and, through ansible-playbook,
tests/integration/test_ajp_ansible.py.)"""

from __future__ import annotations

import time

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.modules import ajp_request
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers import ajp_fake as fake
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module as run
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import warning_messages
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import SLACK, within

SECRET = 'Zx9UnitTestSecretValue42'


@pytest.fixture
def server():
    with fake.servers() as start:
        yield start


def test_request_ok_with_jvm_route(server, capsys):
    srv = server(fake.responder(headers=[(0xA001, 'text/plain;charset=UTF-8'),
                                         (0xA007, 'JSESSIONID=0A1B2C.b-was2; Path=/; HttpOnly')], chunks=(u'h\u00e9llo'.encode('utf-8'),)))
    res = run(ajp_request, {'host': '127.0.0.1', 'port': srv.port, 'uri': '/s.jsp?x=1', 'secret': SECRET,
                            'headers': {'X-Test': 'yes'}, 'return_content': True}, capsys)
    assert res['_rc'] == 0, res
    assert res['status'] == 200 and res['changed'] is False
    assert res['jvm_route'] == 'b-was2'
    assert res['cookies'] == {'JSESSIONID': '0A1B2C.b-was2'}
    assert res['content'] == u'h\u00e9llo'
    assert res['url'] == 'ajp://127.0.0.1:%d/s.jsp?x=1' % srv.port
    assert SECRET not in res['_raw']
    assert (0x0C, SECRET) in srv.requests[0]['attributes']


def test_request_403_is_forbidden(server, capsys):
    srv = server(fake.responder(status=403, reuse=False))
    res = run(ajp_request, {'host': '127.0.0.1', 'port': srv.port}, capsys)
    assert res['_rc'] == 1 and res['error'] == 'forbidden' and res['status'] == 403
    assert 'secret is missing or wrong' in res['msg']
    assert 'content' not in res


def test_request_403_expected(server, capsys):
    srv = server(fake.responder(status=403, reuse=False))
    res = run(ajp_request, {'host': '127.0.0.1', 'port': srv.port, 'status_code': [403]}, capsys)
    assert res['_rc'] == 0 and res['error'] is None


def test_request_unexpected_status(server, capsys):
    srv = server(fake.responder(status=500))
    res = run(ajp_request, {'host': '127.0.0.1', 'port': srv.port}, capsys)
    assert res['_rc'] == 1 and res['error'] == 'unexpected_status'
    assert 'Status code was 500 and not [200]' in res['msg']


def test_request_post_body(server, capsys):
    srv = server(fake.responder(status=201))
    res = run(ajp_request, {'host': '127.0.0.1', 'port': srv.port, 'method': 'post', 'body': 'a=1&b=2',
                            'status_code': [201]}, capsys)
    assert res['_rc'] == 0 and res['changed'] is True
    assert srv.requests[0]['body'] == b'a=1&b=2'


def test_request_check_mode_skips_unsafe(server, capsys):
    srv = server(fake.responder())
    res = run(ajp_request, {'host': '127.0.0.1', 'port': srv.port, 'method': 'DELETE', '_ansible_check_mode': True}, capsys)
    assert res['_rc'] == 0 and res['changed'] is True and 'not sent' in res['msg']
    assert srv.connections == 0


def test_request_check_mode_runs_safe(server, capsys):
    srv = server(fake.responder())
    res = run(ajp_request, {'host': '127.0.0.1', 'port': srv.port, 'method': 'HEAD', '_ansible_check_mode': True}, capsys)
    assert res['_rc'] == 0 and res['status'] == 200
    assert len(srv.requests) == 1


def test_request_network_errors(server, capsys):
    res = run(ajp_request, {'host': '127.0.0.1', 'port': fake.closed_port()}, capsys)
    assert res['_rc'] == 1 and res['error'] == 'refused' and res['status'] == -1
    srv = server(fake.silence)
    start = time.monotonic()
    res = run(ajp_request, {'host': '127.0.0.1', 'port': srv.port, 'timeout': 0.5}, capsys)
    assert res['error'] == 'timeout' and time.monotonic() - start < 1.0
    assert 'Traceback' not in res['_raw']


@pytest.mark.parametrize('args,words', [
    ({'uri': 'index.jsp'}, 'uri must start with "/"'),
    ({'method': 'GET /x'}, 'not a valid HTTP method'),
    ({'port': 0}, 'port must be between'),
    ({'timeout': -1}, 'timeout must be greater than 0'),
    ({'headers': {'X-Big': 'x' * 9000}}, 'does not fit into one AJP packet'),
])
def test_request_bad_arguments(server, args, words, capsys):
    srv = server(fake.responder())
    base = {'host': '127.0.0.1', 'port': srv.port}
    base.update(args)
    res = run(ajp_request, base, capsys)
    assert res['_rc'] == 1
    assert words in res['msg']


@pytest.mark.parametrize('args,words', fake.BAD_TIMEOUTS + [
    ({'port': True}, 'port must be an integer, got the boolean True'),
    ({'server_port': True}, 'server_port must be an integer, got the boolean True'),
    ({'server_port': 65536}, 'server_port must be between 0 and 65535'),
    ({'packet_size': True}, 'packet_size must be an integer'),
    ({'status_code': [True]}, 'status_code must be an integer, got the boolean True'),
    ({'status_code': [2000]}, 'status_code must be between 100 and 999'),
    ({'status_code': []}, 'status_code is empty'),
    ({'host': 'host:8009:x'}, "host 'host:8009:x' is neither a host name nor an IPv6 address"),
    ({'host': '127.0.0.1\n'}, 'not a valid host name'),
    ({'host': ''}, 'must be a non-empty host name'),
    ({'uri': '/a\r\nX-Injected: 1'}, 'uri contains a control character (CR at position 2)'),
    ({'uri': '/a\x00'}, 'uri contains a control character (NUL at position 2)'),
    ({'headers': {'': 'x'}}, 'a header name is empty'),
    ({'headers': {'X-A\r\nX-B': 'x'}}, 'is not a valid HTTP header name'),
    ({'headers': {'X-A': 'v\r\nX-Injected: 1'}}, "the value of header 'X-A' contains a control character (CR"),
    ({'headers': {'Host': 'a-site.com\nX-Injected: 1'}}, "the value of header 'Host' contains a control character (LF"),
    ({'server_name': 'a-site.com\r\nX-Injected: 1'}, 'server_name contains a control character'),
    ({'remote_addr': '10.0.0.1\r\nX-Injected: 1'}, 'remote_addr must be an IPv4 or IPv6 address'),
    ({'secret': 'Zx9Unit\r\nInjected'}, 'secret contains a control character (CR at position 7)'),
    ({'method': 'GET /x HTTP/1.1'}, 'not a valid HTTP method'),
])
def test_request_bad_input_fails_before_connecting(args, words, capsys):
    # A closed port: had the module connected, the error would be 'refused'
    base = {'host': '127.0.0.1', 'port': fake.closed_port()}
    base.update(args)
    for check_mode in (False, True):
        for method in (None, 'DELETE'):
            run_args = dict(base, _ansible_check_mode=check_mode)
            if method and 'method' not in args:
                run_args['method'] = method
            res = run(ajp_request, run_args, capsys)
            assert res['_rc'] == 1 and res['failed'] is True, res
            assert words in res['msg'], res['msg']
            assert res['error'] is None and res['status'] == -1 and res['elapsed'] == 0.0
            assert 'Traceback' not in res['_raw'] and 'exception' not in res
            if 'secret' in args or 'headers' in args:
                assert 'Injected' not in res['msg']     # neither the secret nor a header value is repeated


def test_request_fractional_port_is_refused(capsys):
    # AnsibleModule (ansible-core 2.19) refuses it itself; older cores refuse floats for type int too
    res = run(ajp_request, {'host': '127.0.0.1', 'port': 8009.9}, capsys)
    assert res['_rc'] == 1 and "'port'" in res['msg'] and 'int' in res['msg']
    assert 'Traceback' not in res['_raw']


def test_request_refusals_never_show_the_secret_or_header_values(capsys):
    res = run(ajp_request, {'host': '127.0.0.1', 'port': fake.closed_port(), 'secret': SECRET + '\n',
                            'headers': {'Authorization': 'Basic QWxhZGRpbjpvcGVu'}}, capsys)
    assert res['_rc'] == 1 and 'secret contains a control character' in res['msg']
    assert SECRET not in res['_raw']
    res = run(ajp_request, {'host': '127.0.0.1', 'port': fake.closed_port(), 'secret': SECRET,
                            'headers': {'Authorization': 'Basic QWxhZGRpbjpvcGVu\r\n'}}, capsys)
    assert res['_rc'] == 1 and "the value of header 'Authorization'" in res['msg']
    assert 'QWxhZGRpbjpvcGVu' not in res['msg'] and SECRET not in res['_raw']


def test_request_elapsed_is_measured_on_failure(server, capsys):
    srv = server(fake.silence)
    res = run(ajp_request, {'host': '127.0.0.1', 'port': srv.port, 'timeout': 0.3}, capsys)
    assert res['error'] == 'timeout'
    assert 0.25 <= res['elapsed'] < 1.0


def trickled_body(conn, server):
    """Read the request, send the headers, then body packets one byte every 0.5 s, forever."""
    fake.read_client_packet(conn)
    conn.sendall(fake.send_headers(200, 'OK', [(0xA001, 'text/plain')]))
    data = fake.body_chunk(b'x' * 16) * 1000
    for i in range(len(data)):
        conn.sendall(data[i:i + 1])
        if not server.wait(0.5):
            return


def test_request_trickled_body_deadline(server, capsys):
    srv = server(trickled_body)
    res, error, elapsed = within(2 + SLACK, run, ajp_request, {'host': '127.0.0.1', 'port': srv.port, 'timeout': 2,
                                                               'return_content': True}, capsys)
    assert error is None, error
    assert res['_rc'] == 1 and res['error'] == 'timeout' and 'deadline' in res['msg']
    assert elapsed < 2 + SLACK and 'Traceback' not in res['_raw']


@pytest.mark.parametrize('method', ['GET /x HTTP/1.1', '', ' ', 'GET\r\n', 'GE\x00T', 'GET:'])
def test_request_forged_method_is_refused_before_connecting(method, capsys):
    res = run(ajp_request, {'host': '127.0.0.1', 'port': fake.closed_port(), 'method': method}, capsys)
    assert res['_rc'] == 1 and 'not a valid HTTP method' in res['msg'] and res['error'] is None, res


@pytest.mark.parametrize('charset', ['bogus', 'idna', 'rot13'])
def test_request_hostile_charset_falls_back_to_utf8(server, charset, capsys):
    srv = server(fake.responder(headers=[(0xA001, 'text/plain; charset=%s' % charset)],
                                chunks=(u'h\u00e9llo'.encode('utf-8'),)))
    res = run(ajp_request, {'host': '127.0.0.1', 'port': srv.port, 'return_content': True}, capsys)
    assert res['_rc'] == 0 and res['content'] == u'h\u00e9llo'
    assert any('decoded as UTF-8' in w for w in warning_messages(res))
