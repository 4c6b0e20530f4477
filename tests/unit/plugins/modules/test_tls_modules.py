# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The tls_certificate_info and https_request modules in-process: arguments, results, failures.

Real files (tests/unit/tls_pki.py), the real openssl binary, a real TLS server on loopback."""

from __future__ import annotations

import shutil

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.modules import https_request, tls_certificate_info
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module as run
from ansible_collections.webtier.tomcat_cluster.tests.unit.plugins.module_utils.test__https_client import TlsServer
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tls_pki import Pki


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    return Pki(tmp_path_factory.mktemp('pki'))


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
