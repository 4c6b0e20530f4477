# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tls_certificate_info and https_request modules in-process: arguments, results, failures.

Real files (tests/unit/tls_pki.py), hostile certificates made by the real openssl binary, the real openssl
binary, a real TLS server on loopback and hostile ones (trickling, endless, odd charsets)."""

from __future__ import annotations

import shutil

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.modules import https_request, tls_certificate_info
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module as run
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import warning_messages
from ansible_collections.webtier.tomcat_cluster.tests.unit.plugins.module_utils.test__tls_files import openssl_cert, san_der
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import (
    HTTP_HEAD_UNKNOWN_LENGTH,
    SLACK,
    HostileServer,
    TlsServer,
    canned,
    endless_body,
    trickle,
    trickle_body,
    within,
)


@pytest.fixture
def server(pki):
    srv = TlsServer(pki.fullchain, pki.key)
    yield srv
    srv.close()


needs_openssl = pytest.mark.skipif(shutil.which('openssl') is None, reason='needs the openssl binary')


@needs_openssl
def test_info_good_files(pki, capsys):
    res = run(tls_certificate_info, {'certificate': pki.cert, 'private_key': pki.key, 'chain': pki.chain,
                                     'ca': pki.ca, 'server_names': ['a.example'], '_ansible_check_mode': True}, capsys)
    assert res['_rc'] == 0 and res['changed'] is False and res['valid'] is True and res['problems'] == []
    assert res['chain']['verified'] is True and res['private_key']['matches'] is True


@needs_openssl
def test_info_reports_problems_without_failing_and_without_key_material(pki, capsys):
    res = run(tls_certificate_info, {'certificate': pki.expired, 'private_key': pki.other_key}, capsys)
    assert res['_rc'] == 0 and res['valid'] is False and len(res['problems']) == 2
    with open(pki.other_key) as handle:
        body = handle.read().split('\n')[1]
    assert body not in res['_raw']


def test_info_fails_clearly_without_openssl(pki, capsys):
    res = run(tls_certificate_info, {'certificate': pki.cert, 'openssl_path': '/nonexistent/openssl'}, capsys)
    assert res['_rc'] == 1 and res['failed'] is True and 'cannot check' in res['msg']
    res = run(tls_certificate_info, {'certificate': pki.cert, 'min_valid_days': -1}, capsys)
    assert res['_rc'] == 1 and 'min_valid_days' in res['msg']


def ca(pki):
    with open(pki.ca) as handle:
        return handle.read()


def test_request_ok(server, pki, capsys):
    res = run(https_request, {'address': '127.0.0.1', 'port': server.port, 'server_name': 'a.example',
                              'ca_content': ca(pki), 'return_content': True}, capsys)
    assert res['_rc'] == 0 and res['changed'] is False and res['status'] == 200
    assert 'sni=a.example' in res['content'] and res['tls']['verified'] is True
    assert res['msg'].startswith('OK (200) from https://a.example:%d/ via 127.0.0.1 over TLSv1.3' % server.port)
    assert res['secure_cookies'] == ['JSESSIONID']


def test_request_failures(server, pki, capsys):
    res = run(https_request, {'address': '127.0.0.1', 'port': server.port, 'server_name': 'b.example',
                              'ca_content': ca(pki)}, capsys)
    assert res['_rc'] == 1 and res['error'] == 'certificate' and 'Hostname mismatch' in res['msg']
    res = run(https_request, {'address': '127.0.0.1', 'port': server.port, 'server_name': 'a.example',
                              'ca_path': pki.ca, 'uri': '/missing', 'fail_on_error': False}, capsys)
    assert res['_rc'] == 0 and res['status'] == 404 and res['error'] == 'unexpected_status'
    res = run(https_request, {'address': '127.0.0.1', 'server_name': 'a.example', 'uri': 'x'}, capsys)
    assert res['_rc'] == 1 and 'uri must start with /' in res['msg']
    res = run(https_request, {'address': '127.0.0.1', 'server_name': 'a.example', 'ca_path': pki.garbage_key}, capsys)
    assert res['_rc'] == 1 and res['msg'].startswith('cannot load the CA certificates')
    res = run(https_request, {'address': '127.0.0.1', 'server_name': 'a.example', 'ca_path': pki.ca,
                              'ca_content': 'x'}, capsys)
    assert res['_rc'] == 1 and 'mutually exclusive' in res['msg']


def test_request_unsafe_method_in_check_mode_is_not_sent(pki, capsys):
    res = run(https_request, {'address': '127.0.0.1', 'port': 1, 'server_name': 'a.example', 'method': 'post',
                              '_ansible_check_mode': True}, capsys)
    assert res['_rc'] == 0 and res['changed'] is True and res['status'] == -1 and 'not sent in check mode' in res['msg']


# -- https_request against hostile servers ---------------------------------------------------------

def test_request_trickling_server_deadline(pki, capsys):
    head = b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok'
    with HostileServer(trickle(head), tls=(pki.fullchain, pki.key)) as srv:
        res, error, elapsed = within(2 + SLACK, run, https_request, {
            'address': '127.0.0.1', 'port': srv.port, 'server_name': 'a.example', 'ca_content': ca(pki),
            'timeout': 2}, capsys)
    assert error is None, error
    assert res['_rc'] == 1 and res['error'] == 'timeout' and 'within the timeout of 2 s' in res['msg']
    assert 'Traceback' not in res['_raw'] and elapsed < 2 + SLACK


def test_request_endless_body_deadline_or_truncated(pki, capsys):
    with HostileServer(endless_body(HTTP_HEAD_UNKNOWN_LENGTH), tls=(pki.fullchain, pki.key)) as srv:
        res, error, elapsed = within(20 + SLACK, run, https_request, {
            'address': '127.0.0.1', 'port': srv.port, 'server_name': 'a.example', 'ca_content': ca(pki),
            'timeout': 20}, capsys)
    assert error is None, error
    # 64 MiB arrive well within 20 s on loopback: the body is cut at the documented limit
    assert res['_rc'] == 0 and res['truncated'] is True and res['status'] == 200, res.get('msg')
    assert any('only the first 64 MiB' in w for w in warning_messages(res))


def test_request_trickled_body_deadline(pki, capsys):
    with HostileServer(trickle_body(HTTP_HEAD_UNKNOWN_LENGTH), tls=(pki.fullchain, pki.key)) as srv:
        res, error, elapsed = within(2 + SLACK, run, https_request, {
            'address': '127.0.0.1', 'port': srv.port, 'server_name': 'a.example', 'ca_content': ca(pki),
            'timeout': 2, 'return_content': True}, capsys)
    assert error is None, error
    assert res['_rc'] == 1 and res['error'] == 'timeout'


@pytest.mark.parametrize('charset', ['bogus', 'idna', 'rot13', 'base64', 'undefined', '"utf-8\\"x"'])
def test_request_hostile_charset_falls_back_to_utf8(pki, charset, capsys):
    body = u'h\u00e9llo'.encode('utf-8')
    answer = (b'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=' + charset.encode() +
              b'\r\nContent-Length: %d\r\nConnection: close\r\n\r\n' % len(body) + body)
    with HostileServer(canned(answer), tls=(pki.fullchain, pki.key)) as srv:
        res = run(https_request, {'address': '127.0.0.1', 'port': srv.port, 'server_name': 'a.example',
                                  'ca_content': ca(pki), 'return_content': True}, capsys)
    assert res['_rc'] == 0 and res['content'] == u'h\u00e9llo', res
    assert any('decoded as UTF-8' in w for w in warning_messages(res)), res
    assert 'Traceback' not in res['_raw']


def test_request_real_charset_is_used(pki, capsys):
    body = u'h\u00e9llo'.encode('iso-8859-1')
    answer = (b'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Length: %d\r\n'
              b'Connection: close\r\n\r\n' % len(body) + body)
    with HostileServer(canned(answer), tls=(pki.fullchain, pki.key)) as srv:
        res = run(https_request, {'address': '127.0.0.1', 'port': srv.port, 'server_name': 'a.example',
                                  'ca_content': ca(pki), 'return_content': True}, capsys)
    assert res['_rc'] == 0 and res['content'] == u'h\u00e9llo' and not warning_messages(res)


@pytest.mark.parametrize('args, words', [
    ({'method': 'GET /x HTTP/1.1'}, 'not a valid HTTP method: it contains a space'),
    ({'method': ''}, 'not a valid HTTP method: it is empty'),
    ({'method': 'GET\r\nX-Injected: 1'}, 'contains CR'),
    ({'method': 'GET\n'}, 'contains LF'),
    ({'method': 'G\x01ET'}, 'control character 0x01'),
    ({'headers': {'X A': '1'}}, 'is not a valid HTTP header name'),
    ({'headers': {'X-A': 'Basic c2VjcmV0\r\nX-Injected: 1'}}, "the value of header 'X-A' contains a control"),
    ({'uri': '/x HTTP/1.1\r\nX-Injected: 1'}, 'spaces and control characters are refused'),
    ({'timeout': float('inf')}, 'timeout must be greater than 0 and at most 3600'),
    ({'timeout': 0}, 'timeout must be greater than 0'),
])
def test_request_forged_method_fails_before_connecting(args, words, capsys):
    # port 1 on loopback is closed: had the module connected, the error would be 'refused'
    for check_mode in (False, True):
        base = {'address': '127.0.0.1', 'port': 1, 'server_name': 'a.example', '_ansible_check_mode': check_mode}
        base.update(args)
        res = run(https_request, base, capsys)
        assert res['_rc'] == 1 and res['failed'] is True and words in res['msg'], res
        assert res.get('error') is None and 'Traceback' not in res['_raw']
        assert 'c2VjcmV0' not in res['msg']


# -- tls_certificate_info: hostile certificates and a silent openssl --------------------------------------

@needs_openssl
def test_info_comma_in_one_san_entry_is_not_valid_for_the_second_name(tmp_path, capsys):
    cert = openssl_cert(tmp_path, 'comma', 'subjectAltName = @alt\n[alt]\nDNS.1 = evil.test, DNS:victim.test\n')
    res = run(tls_certificate_info, {'certificate': cert, 'server_names': ['victim.test']}, capsys)
    assert res['_rc'] == 0 and res['valid'] is False
    assert res['certificate']['dns_names'] == ['evil.test, DNS:victim.test']
    assert 'does not cover victim.test' in res['problems'][0]


@needs_openssl
def test_info_line_break_in_one_san_entry_is_not_valid_for_the_second_name(tmp_path, capsys):
    cert = openssl_cert(tmp_path, 'newline', 'subjectAltName = DER:%s\n' % san_der(b'evil.test\nDNS:victim.test').hex())
    res = run(tls_certificate_info, {'certificate': cert, 'server_names': ['victim.test']}, capsys)
    assert res['_rc'] == 0 and res['valid'] is False and 'does not cover victim.test' in res['problems'][0]


def test_info_openssl_that_prints_nothing_fails_cleanly(tmp_path, pki, capsys):
    silent = tmp_path / 'openssl'
    silent.write_text('#!/bin/sh\ncat >/dev/null\nexit 0\n')
    silent.chmod(0o755)
    res = run(tls_certificate_info, {'certificate': pki.cert, 'private_key': pki.key, 'server_names': ['a.example'],
                                     'openssl_path': str(silent)}, capsys)
    assert res['_rc'] == 1 and res['failed'] is True
    assert res['msg'].startswith('cannot check %s: openssl x509 exited 0 but printed no subject' % pki.cert)
    assert 'Traceback' not in res['_raw'] and 'TypeError' not in res['_raw']
