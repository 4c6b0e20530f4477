# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: use the https_request module instead.
"""One HTTPS request to a given address, for a given server name.

The logic behind ``webtier.tomcat_cluster.https_request``: connect to ``address:port`` (a web
host's own address, not what DNS says about the site), send the site's name as SNI and ``Host``,
and verify the server certificate for that name against a CA given as text or file (or the
system's trust store). ``ansible.builtin.uri`` cannot separate the address it connects to from
the name it verifies, which is what checking every virtual host of every web host needs.

``timeout`` is the budget of the whole request (resolve, connect, handshake, send, status line, headers
and body; module_utils._net_deadline), however slowly the server answers, and at most ``max_content``
bytes of the body are read (``truncated`` says there was more). The method and the header names are
checked as RFC 9110 tokens (module_utils._http_tokens) before anything is sent.
Standard library only (Python 3.8+).
"""

from __future__ import annotations

import http.client
import http.cookies
import socket
import ssl
import time

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._http_tokens import (
    check_header_name,
    check_method,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._net_deadline import (
    MAX_CONTENT,
    Deadline,
    DeadlineExceeded,
    DeadlineHTTPSConnection,
    ResolveError,
    fmt_seconds,
    read_limited,
)

TLS_VERSIONS = {
    'TLSv1.2': ssl.TLSVersion.TLSv1_2,
    'TLSv1.3': ssl.TLSVersion.TLSv1_3,
}


def make_context(validate_certs=True, ca_content=None, ca_path=None, min_version=None, max_version=None):
    if validate_certs:
        ctx = ssl.create_default_context(cafile=ca_path or None, cadata=ca_content or None)
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if min_version:
        ctx.minimum_version = TLS_VERSIONS[min_version]
    if max_version:
        ctx.maximum_version = TLS_VERSIONS[max_version]
    return ctx


def _classify(exc, timeout=None):
    if isinstance(exc, DeadlineExceeded):
        return 'timeout', 'no complete answer within the timeout of %s s (%s)' % (fmt_seconds(timeout), exc)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return 'certificate', getattr(exc, 'verify_message', None) or str(exc)
    if isinstance(exc, ssl.SSLError):
        return 'tls', exc.reason or str(exc)
    if isinstance(exc, ConnectionRefusedError):
        return 'refused', 'connection refused'
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return 'timeout', 'timed out (timeout %s s)' % fmt_seconds(timeout)
    if isinstance(exc, ConnectionResetError):
        return 'reset', 'connection reset by peer'
    if isinstance(exc, ResolveError):
        return 'resolve_error', exc.strerror or str(exc)
    if isinstance(exc, socket.gaierror):
        return 'resolve_error', str(exc)
    if isinstance(exc, http.client.HTTPException):
        return 'protocol_error', '%s: %s' % (type(exc).__name__, exc)
    return 'unreachable', str(exc)


def _name_of(rdns):
    """('commonName', 'x') tuples of getpeercert() -> 'CN=x,O=y'."""
    short = {'commonName': 'CN', 'organizationName': 'O', 'organizationalUnitName': 'OU', 'countryName': 'C',
             'localityName': 'L', 'stateOrProvinceName': 'ST'}
    parts = []
    for rdn in rdns or ():
        for key, value in rdn:
            parts.append('%s=%s' % (short.get(key, key), value))
    return ','.join(parts)


def parse_cookies(set_cookie_headers):
    """Set-Cookie header values -> ({name: value}, [names with the Secure attribute], [HttpOnly names])."""
    values, secure, http_only = {}, [], []
    for header in set_cookie_headers:
        jar = http.cookies.SimpleCookie()
        try:
            jar.load(header)
        except http.cookies.CookieError:
            name, dummy, rest = header.partition('=')
            values[name.strip()] = rest.split(';', 1)[0].strip()
            continue
        for name, morsel in jar.items():
            values[name] = morsel.value
            if morsel['secure']:
                secure.append(name)
            if morsel['httponly']:
                http_only.append(name)
    return values, secure, http_only


def check_request(method, headers, uri='/'):
    """The method and the header names as RFC 9110 tokens, header values without CR, LF or NUL, and a uri
    that starts with ``/`` and has no space or control character (nothing can forge another request line).

    Raises ValueError naming what is wrong (a header's value is never repeated: it may be a credential).
    """
    check_method(method)
    if not isinstance(uri, str) or not uri.startswith('/'):
        raise ValueError('uri must start with /, got %r' % (uri,))
    for pos, ch in enumerate(uri):
        if ord(ch) <= 0x20 or ord(ch) == 0x7f:
            raise ValueError('uri %r contains %s at position %d: spaces and control characters are refused '
                             '(percent-encode them)' % (uri, 'a space' if ch == ' ' else 'a control character', pos))
    for name, value in (headers or {}).items():
        check_header_name(name)
        text = '' if value is None else str(value)
        for pos, ch in enumerate(text):
            if (ord(ch) < 0x20 and ch != '\t') or ord(ch) == 0x7f:
                raise ValueError('the value of header %r contains a control character at position %d: CR, LF, '
                                 'NUL and other control characters are refused' % (name, pos))


def request(address, server_name, port=443, uri='/', method='GET', headers=None, body=None, context=None,
            timeout=10.0, max_content=MAX_CONTENT):
    """Send one request; returns a dict (never raises for network or TLS failures: see ``error``).

    ``timeout`` bounds the whole request; at most ``max_content`` bytes of the body are kept in
    ``content_bytes`` and ``truncated`` says whether the body went on (the rest is not read).
    Invalid arguments (method, header names and values) raise ValueError before connecting.
    """
    headers = dict(headers or {})
    check_request(method, headers, uri)
    if not any(k.lower() == 'host' for k in headers):
        headers['Host'] = server_name if port == 443 else '%s:%d' % (server_name, port)
    context = context or make_context()
    start = time.monotonic()
    result = {'status': -1, 'error': None, 'tls': None}
    conn = DeadlineHTTPSConnection(address, port, Deadline(timeout), context, server_name=server_name)
    try:
        conn.request(method, uri, body=body.encode('utf-8') if body is not None else None, headers=headers)
        sock = conn.sock
        tls = {'version': sock.version(), 'cipher': sock.cipher()[0], 'bits': sock.cipher()[2]}
        peer = sock.getpeercert()
        if peer:
            tls.update({
                'subject': _name_of(peer.get('subject')),
                'issuer': _name_of(peer.get('issuer')),
                'not_after': peer.get('notAfter'),
                'dns_names': [v for k, v in peer.get('subjectAltName', ()) if k == 'DNS'],
            })
        tls['verified'] = context.verify_mode == ssl.CERT_REQUIRED
        result['tls'] = tls
        response = conn.getresponse()
        content, truncated = read_limited(response, max_content)
    except Exception as exc:  # every failure becomes an error class, the caller decides
        result['error'], result['msg'] = _classify(exc, timeout)
        result['elapsed'] = round(time.monotonic() - start, 4)
        return result
    finally:
        conn.close()
    result['elapsed'] = round(time.monotonic() - start, 4)
    result['status'] = response.status
    result['reason'] = response.reason
    merged = {}
    for name, value in response.getheaders():
        key = name.lower()
        merged[key] = merged[key] + ', ' + value if key in merged else value
    result['headers'] = merged
    cookies, secure, http_only = parse_cookies(response.msg.get_all('Set-Cookie') or [])
    result['cookies'] = cookies
    result['secure_cookies'] = secure
    result['httponly_cookies'] = http_only
    result['content_bytes'] = content
    result['truncated'] = truncated
    return result
