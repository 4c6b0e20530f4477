# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real servers on loopback for the network tests: one home for what the AJP, HTTP and TLS tests share.

Not a test file: the tests import it as ``ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback``.

- :func:`free_port`: a loopback port nothing listens on (connecting is refused);
- :class:`LoopbackServer`: accepts on loopback and runs ``behaviour(conn, server)`` for each connection in a
  thread (optionally inside TLS); the fake AJP peer (``ajp_fake.FakeAjpServer``) and the hostile HTTP servers
  (:class:`HostileServer` and the behaviours :func:`trickle`, :func:`trickle_body`, :func:`endless_body`,
  :func:`canned`) are ones;
- :class:`HttpServerThread`: an ``http.server`` handler served in a thread (optionally over TLS), e.g.
  :class:`TlsServer`, the HTTPS server of the https_client and https_request tests (:class:`EchoHandler`);
- :func:`closing_all`: ``with closing_all(make) as start``, every server ``start`` made is closed at the end
  (the tests' server fixtures);
- :func:`within`: a call in a thread, bounded, so that a regression fails quickly instead of hanging.
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import ssl
import threading
import time

# How much longer than its timeout a call may take: generous, so a correct but slow machine passes.
SLACK = 3.0


def free_port(host='127.0.0.1'):
    """A loopback port nothing listens on (bound, then closed again: connecting is refused)."""
    s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)
    try:
        s.bind((host, 0))
        return s.getsockname()[1]
    finally:
        s.close()


def server_context(cert, key):
    """A TLS server context with ``cert`` (the full chain) and ``key``."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


@contextlib.contextmanager
def closing_all(make):
    """``with closing_all(make) as start: srv = start(*args, **kw)``; everything ``start`` made is closed at the end."""
    made = []

    def start(*args, **kw):
        obj = make(*args, **kw)
        made.append(obj)
        return obj
    try:
        yield start
    finally:
        for obj in made:
            obj.close()


class LoopbackServer(object):
    """Listens on loopback; serves every connection with ``behaviour(conn, server)`` in a thread of its own.

    ``tls=(cert, key)`` wraps each connection in TLS first; ``conn_timeout`` is each connection's socket
    timeout. ``accept=False`` binds and listens but never accepts (a full backlog). Behaviours record what
    they saw in ``requests`` and count what they sent in ``sent``; an OSError, ValueError or AssertionError
    of a behaviour ends its connection and is kept in ``errors``. :meth:`close` stops every behaviour (they
    wait with :meth:`wait`, which returns False once the server is closing) and closes every connection.
    """

    join_timeout = 5

    def __init__(self, behaviour, host='127.0.0.1', backlog=16, accept=True, tls=None, conn_timeout=None):
        self.sock = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(backlog)
        self.sock.settimeout(0.1)
        self.host = host
        self.port = self.sock.getsockname()[1]
        self.behaviour = behaviour
        self.context = server_context(*tls) if tls else None
        self.conn_timeout = conn_timeout
        self.stopping = threading.Event()
        self.connections = 0
        self.requests = []
        self.sent = 0
        self.errors = []
        self.threads = []
        self._conns = []
        if accept:
            self._spawn(self._serve)

    def _spawn(self, target, *args):
        worker = threading.Thread(target=target, args=args, daemon=True)
        self.threads.append(worker)
        worker.start()

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, dummy = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.connections += 1
            self._conns.append(conn)
            self._spawn(self._handle, conn)

    def _handle(self, conn):
        try:
            if self.conn_timeout is not None:
                conn.settimeout(self.conn_timeout)
            if self.context is not None:
                conn = self.context.wrap_socket(conn, server_side=True)
            self.behaviour(conn, self)
        except (OSError, ValueError, AssertionError) as e:
            self.errors.append(e)
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def wait(self, seconds):
        """Sleep ``seconds`` inside a behaviour unless the server is closing; False when it is."""
        return not self.stopping.wait(seconds)

    def close(self):
        self.stopping.set()
        for conn in self._conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        try:
            self.sock.close()
        except OSError:
            pass
        for worker in self.threads:
            worker.join(self.join_timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class HttpServerThread(object):
    """``handler`` (an ``http.server.BaseHTTPRequestHandler`` class) served on 127.0.0.1 in a thread.

    ``context``: a TLS server context to wrap the listening socket in. ``self.httpd`` is the server (handlers
    reach it as ``self.server``), ``self.port`` its port.
    """

    def __init__(self, handler, context=None):
        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
        if context is not None:
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """A request handler that logs nothing and answers with :meth:`answer`."""

    def answer(self, status, body, headers=()):
        """Send ``status``, ``headers`` (name, value pairs), a Content-Length and ``body``."""
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class EchoHandler(QuietHandler):
    """GET: 200 (404 for /missing) with the Host header, the SNI name and the Cookie header in the body, and
    cookies (one Secure and HttpOnly) and HSTS in the head."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        body = ('host=%s\nsni=%s\ncookie=%s\n' % (self.headers.get('Host'), self.server.sni[-1] if self.server.sni else '',
                                                  self.headers.get('Cookie', ''))).encode()
        self.answer(200 if self.path != '/missing' else 404, body, [
            ('Content-Type', 'text/plain; charset=UTF-8'), ('Set-Cookie', 'JSESSIONID=ABC.a-was1; Path=/; Secure; HttpOnly'),
            ('Set-Cookie', 'plain=1; Path=/'), ('Strict-Transport-Security', 'max-age=63072000')])


class TlsServer(HttpServerThread):
    """EchoHandler over TLS on loopback; ``self.httpd.sni`` lists the server names the clients sent."""

    def __init__(self, cert, key, max_version=None, min_version=None):
        ctx = server_context(cert, key)
        if max_version:
            ctx.maximum_version = max_version
        if min_version:
            ctx.minimum_version = min_version
        sni = []
        ctx.sni_callback = lambda sock, name, _ctx: sni.append(name)
        super(TlsServer, self).__init__(EchoHandler, ctx)
        self.httpd.sni = sni


# -- hostile HTTP(S) servers: a real TCP (optionally TLS) server whose behaviour misbehaves -------------------

class HostileServer(LoopbackServer):
    """A :class:`LoopbackServer` on 127.0.0.1 for HTTP behaviours (each connection with a 10 s timeout)."""

    def __init__(self, behaviour, tls=None):
        super(HostileServer, self).__init__(behaviour, tls=tls, conn_timeout=10)


def read_request(conn):
    """The request head (up to the empty line) as bytes, recorded in server.requests by the behaviours."""
    data = b''
    while b'\r\n\r\n' not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def trickle(response, every=0.2):
    """Read the request, then send ``response`` one byte every ``every`` seconds (each read is fast; a deadline of
    2 s still sees several bytes when the machine is busy and the TLS handshake slow)."""
    def behaviour(conn, server):
        server.requests.append(read_request(conn))
        for i in range(len(response)):
            conn.sendall(response[i:i + 1])
            server.sent += 1
            if not server.wait(every):
                return
    return behaviour


def trickle_body(head, every=0.2):
    """Read the request, send ``head`` at once, then a body of one byte every ``every`` seconds, forever."""
    def behaviour(conn, server):
        server.requests.append(read_request(conn))
        conn.sendall(head)
        while server.wait(every):
            conn.sendall(b'x')
            server.sent += 1
    return behaviour


def endless_body(head):
    """Read the request, send ``head``, then a body as fast as the client takes it, until it goes away."""
    def behaviour(conn, server):
        server.requests.append(read_request(conn))
        conn.sendall(head)
        block = b'x' * 65536
        while server.wait(0):
            conn.sendall(block)
            server.sent += len(block)
    return behaviour


def canned(response):
    """Read the request, answer ``response`` and close."""
    def behaviour(conn, server):
        server.requests.append(read_request(conn))
        conn.sendall(response)
    return behaviour


HTTP_HEAD_UNKNOWN_LENGTH = b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n'
HTTP_HEAD_CHUNKED = b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n'
HTTP_SMALL = (b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\n'
              b'hello')


def within(seconds, func, *args, **kwargs):
    """``func(*args, **kwargs)`` in a thread; fails the test unless it returns (or raises) within ``seconds``.

    Returns ``(result, exception, elapsed)``.
    """
    box = {}

    def work():
        start = time.monotonic()
        try:
            box['result'] = func(*args, **kwargs)
        except BaseException as exc:  # pylint: disable=broad-except
            box['error'] = exc
        box['elapsed'] = time.monotonic() - start

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), 'the call did not return within %.1f s' % seconds
    return box.get('result'), box.get('error'), box['elapsed']
