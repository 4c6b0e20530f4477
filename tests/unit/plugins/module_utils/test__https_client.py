# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_https_client against a real TLS server on loopback (Python's ssl + http.server)."""

from __future__ import annotations

import http.server
import socket
import ssl
import threading

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _https_client as hc
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tls_pki import Pki
from ansible_collections.webtier.tomcat_cluster.tests.unit.plugins.module_utils.test__net_deadline import (
    HTTP_HEAD_UNKNOWN_LENGTH,
    SLACK,
    HostileServer,
    endless_body,
    trickle,
    trickle_body,
    within,
)


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    return Pki(tmp_path_factory.mktemp('pki'))


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        body = ('host=%s\nsni=%s\ncookie=%s\n' % (self.headers.get('Host'), self.server.sni[-1] if self.server.sni else '',
                                                  self.headers.get('Cookie', ''))).encode()
        self.send_response(200 if self.path != '/missing' else 404)
        self.send_header('Content-Type', 'text/plain; charset=UTF-8')
        self.send_header('Set-Cookie', 'JSESSIONID=ABC.a-was1; Path=/; Secure; HttpOnly')
        self.send_header('Set-Cookie', 'plain=1; Path=/')
        self.send_header('Strict-Transport-Security', 'max-age=63072000')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class TlsServer(object):
    def __init__(self, cert, key, max_version=None, min_version=None):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        if max_version:
            ctx.maximum_version = max_version
        if min_version:
            ctx.minimum_version = min_version
        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Handler)
        self.httpd.sni = []

        def sni(sock, name, _ctx):
            self.httpd.sni.append(name)
        ctx.sni_callback = sni
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(pki):
    servers = []

    def start(cert=None, key=None, **kw):
        srv = TlsServer(cert or pki.fullchain, key or pki.key, **kw)
        servers.append(srv)
        return srv
    yield start
    for srv in servers:
        srv.close()


def ca(pki):
    with open(pki.ca) as handle:
        return handle.read()


def test_verified_request_with_sni_host_and_cookies(server, pki):
    srv = server()
    res = hc.request('127.0.0.1', 'www.a.example', port=srv.port, uri='/page', headers={'Cookie': 'JSESSIONID=X'},
                     context=hc.make_context(ca_content=ca(pki)))
    assert res['error'] is None and res['status'] == 200
    body = res['content_bytes'].decode()
    assert 'host=www.a.example:%d' % srv.port in body and 'sni=www.a.example' in body and 'cookie=JSESSIONID=X' in body
    assert res['tls']['verified'] is True and res['tls']['version'] == 'TLSv1.3'
    assert res['tls']['subject'] == 'CN=a.example' and res['tls']['issuer'] == 'CN=test intermediate CA'
    assert res['tls']['dns_names'] == ['a.example', 'www.a.example']
    assert res['cookies'] == {'JSESSIONID': 'ABC.a-was1', 'plain': '1'}
    assert res['secure_cookies'] == ['JSESSIONID'] and res['httponly_cookies'] == ['JSESSIONID']
    assert res['headers']['strict-transport-security'] == 'max-age=63072000'


def test_ca_from_a_file_and_tls12(server, pki):
    srv = server()
    res = hc.request('127.0.0.1', 'a.example', port=srv.port, context=hc.make_context(ca_path=pki.ca, max_version='TLSv1.2'))
    assert res['error'] is None and res['tls']['version'] == 'TLSv1.2'


def test_name_the_certificate_does_not_cover(server, pki):
    srv = server()
    res = hc.request('127.0.0.1', 'b.example', port=srv.port, context=hc.make_context(ca_content=ca(pki)))
    assert res['error'] == 'certificate' and "Hostname mismatch" in res['msg'] and res['status'] == -1


def test_unknown_ca_and_expired_certificate(server, pki):
    srv = server()
    res = hc.request('127.0.0.1', 'a.example', port=srv.port, context=hc.make_context())
    assert res['error'] == 'certificate' and 'unable to get local issuer certificate' in res['msg']
    srv = server(cert=pki.expired)
    res = hc.request('127.0.0.1', 'a.example', port=srv.port, context=hc.make_context(ca_content=ca(pki) + open(pki.chain).read()))
    assert res['error'] == 'certificate' and 'expired' in res['msg']


def test_without_validation(server, pki):
    srv = server(cert=pki.expired)
    res = hc.request('127.0.0.1', 'whatever.example', port=srv.port, context=hc.make_context(validate_certs=False))
    assert res['error'] is None and res['tls']['verified'] is False and 'subject' not in res['tls']


def test_no_common_protocol(server, pki):
    srv = server(min_version=ssl.TLSVersion.TLSv1_3)
    res = hc.request('127.0.0.1', 'a.example', port=srv.port, context=hc.make_context(ca_content=ca(pki), max_version='TLSv1.2'))
    assert res['error'] == 'tls' and res['tls'] is None


def test_refused_and_not_tls():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    assert hc.request('127.0.0.1', 'a.example', port=port, timeout=3)['error'] == 'refused'
    plain = socket.socket()
    plain.bind(('127.0.0.1', 0))
    plain.listen(1)
    try:
        def answer():
            conn = plain.accept()[0]
            conn.recv(1024)
            conn.sendall(b'HTTP/1.1 400 Bad Request\r\n\r\n')
            conn.close()
        threading.Thread(target=answer, daemon=True).start()
        res = hc.request('127.0.0.1', 'a.example', port=plain.getsockname()[1], timeout=3)
        assert res['error'] == 'tls', res
    finally:
        plain.close()


def test_parse_cookies_tolerates_odd_values():
    values, secure, http_only = hc.parse_cookies(['a=1; Secure', 'weird"=x;y', 'b=2; HttpOnly'])
    assert values['a'] == '1' and values['b'] == '2' and secure == ['a'] and http_only == ['b']


# -- hostile servers: one deadline for the whole request, a size limit for the body ----------------------

def test_request_trickled_headers_deadline(pki):
    head = b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok'
    with HostileServer(trickle(head), tls=(pki.fullchain, pki.key)) as srv:
        res, error, elapsed = within(2 + SLACK, hc.request, '127.0.0.1', 'a.example', port=srv.port,
                                     context=hc.make_context(ca_content=ca(pki)), timeout=2)
    assert error is None, error
    assert res['error'] == 'timeout' and 'within the timeout of 2 s' in res['msg'] and res['status'] == -1
    assert srv.sent >= 2 and res['elapsed'] < 2 + SLACK


def test_request_trickled_body_deadline(pki):
    with HostileServer(trickle_body(HTTP_HEAD_UNKNOWN_LENGTH), tls=(pki.fullchain, pki.key)) as srv:
        res, error, elapsed = within(2 + SLACK, hc.request, '127.0.0.1', 'a.example', port=srv.port,
                                     context=hc.make_context(ca_content=ca(pki)), timeout=2)
    assert error is None, error
    assert res['error'] == 'timeout' and srv.sent >= 2


def test_request_endless_body_is_truncated_at_max_content(pki):
    with HostileServer(endless_body(HTTP_HEAD_UNKNOWN_LENGTH), tls=(pki.fullchain, pki.key)) as srv:
        res, error, elapsed = within(10 + SLACK, hc.request, '127.0.0.1', 'a.example', port=srv.port,
                                     context=hc.make_context(ca_content=ca(pki)), timeout=10, max_content=200000)
    assert error is None, error
    assert res['error'] is None and res['status'] == 200
    assert res['truncated'] is True and len(res['content_bytes']) == 200000


def test_request_complete_body_is_not_truncated(server, pki):
    srv = server()
    res = hc.request('127.0.0.1', 'a.example', port=srv.port, context=hc.make_context(ca_content=ca(pki)))
    assert res['error'] is None and res['truncated'] is False


@pytest.mark.parametrize('method, headers, uri, words', [
    ('GET /x HTTP/1.1', {}, '/', 'contains a space at position 3'),
    ('', {}, '/', 'method \'\' is not a valid HTTP method: it is empty'),
    ('GET\r\nX-Injected: 1', {}, '/', 'contains CR at position 3'),
    ('GE\x00T', {}, '/', 'contains NUL at position 2'),
    ('GET', {'X A': '1'}, '/', "header name 'X A' is not a valid HTTP header name"),
    ('GET', {'': '1'}, '/', 'a header name is empty'),
    ('GET', {'X-A': 'v\r\nX-Injected: 1'}, '/', "the value of header 'X-A' contains a control character"),
    ('GET', {}, '/a b HTTP/1.1\r\nX: y', 'contains a space at position 2'),
])
def test_request_forged_method_headers_and_uri_are_refused(method, headers, uri, words):
    with pytest.raises(ValueError) as e:
        hc.request('127.0.0.1', 'a.example', port=1, method=method, headers=headers, uri=uri)
    assert words in str(e.value)
    if 'X-A' in headers:
        assert 'Injected' not in str(e.value)   # a header value is never repeated (it may be a credential)


def test_request_token_methods_are_accepted():
    for method in ('GET', 'PROPFIND', 'MY-METHOD', 'X!#$%&\'*+.^_`|~'):
        hc.check_request(method, {'X-Ok': 'a\tb'}, '/a?b=c')
