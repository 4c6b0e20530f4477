# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_net_deadline: one deadline for a whole request, against hostile servers on loopback.

:class:`HostileServer` is a real TCP (optionally TLS) server in a thread on 127.0.0.1; the behaviours
below trickle one byte every half second or send a body that never ends. The network modules' tests
(jkstatus, https_request, ajp) use them too. Every "returns in time" check runs the call in a thread
and waits for it with a bound (:func:`within`), so a regression fails quickly instead of hanging.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _net_deadline as nd

# How much longer than its timeout a call may take: generous, so a correct but slow machine passes.
SLACK = 3.0


class HostileServer(object):
    """Accepts connections on 127.0.0.1 and runs ``behaviour(conn, server)`` for each in a thread.

    ``tls=(cert, key)`` wraps each connection in TLS first. :meth:`close` stops every behaviour
    (they wait with :meth:`wait`, which returns False once the server is closing).
    """

    def __init__(self, behaviour, tls=None):
        self.behaviour = behaviour
        self.context = None
        if tls:
            self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.context.load_cert_chain(*tls)
        self.requests = []
        self.sent = 0
        self._stop = threading.Event()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.threads = []
        self._accepter = threading.Thread(target=self._accept, daemon=True)
        self._accepter.start()

    def _accept(self):
        while not self._stop.is_set():
            try:
                conn, dummy = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            worker = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            self.threads.append(worker)
            worker.start()

    def _handle(self, conn):
        try:
            conn.settimeout(10)
            if self.context is not None:
                conn = self.context.wrap_socket(conn, server_side=True)
            self.behaviour(conn, self)
        except (OSError, ValueError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def wait(self, seconds):
        """Sleep ``seconds`` unless the server is closing; False when it is."""
        return not self._stop.wait(seconds)

    def close(self):
        self._stop.set()
        self.sock.close()
        self._accepter.join(5)
        for worker in self.threads:
            worker.join(5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def read_request(conn):
    """The request head (up to the empty line) as bytes, recorded in server.requests by the behaviours."""
    data = b''
    while b'\r\n\r\n' not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def trickle(response, every=0.5):
    """Read the request, then send ``response`` one byte every ``every`` seconds (each read is fast)."""
    def behaviour(conn, server):
        server.requests.append(read_request(conn))
        for i in range(len(response)):
            conn.sendall(response[i:i + 1])
            server.sent += 1
            if not server.wait(every):
                return
    return behaviour


def trickle_body(head, every=0.5):
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


@pytest.fixture
def hostile():
    servers = []

    def start(behaviour, **kw):
        srv = HostileServer(behaviour, **kw)
        servers.append(srv)
        return srv
    yield start
    for srv in servers:
        srv.close()


def get(port, timeout, max_bytes=1024 * 1024):
    conn = nd.DeadlineHTTPConnection('127.0.0.1', port, nd.Deadline(timeout))
    try:
        conn.request('GET', '/', headers={'Host': 'x'})
        return nd.read_limited(conn.getresponse(), max_bytes)
    finally:
        conn.close()


# -- the deadline ------------------------------------------------------------------------------------

def test_deadline_budget():
    d = nd.Deadline(None)
    assert d.remaining() is None and d.timeout_for(3, 'x') == 3 and d.timeout_for(None, 'x') is None
    d = nd.Deadline(0.5)
    assert 0 < d.timeout_for(10, 'x') <= 0.5 and d.timeout_for(0.1, 'x') == 0.1
    d = nd.Deadline(0.01)
    end = time.monotonic() + 5
    while d.remaining() > 0 and time.monotonic() < end:
        time.sleep(0.005)
    with pytest.raises(nd.DeadlineExceeded) as e:
        d.timeout_for(10, 'reading the answer')
    assert isinstance(e.value, socket.timeout) and 'the overall deadline of 0.01 s ran out reading the answer' in str(e.value)


def test_http_trickled_status_line_deadline(hostile):
    srv = hostile(trickle(HTTP_SMALL))
    dummy, error, elapsed = within(2 + SLACK, get, srv.port, 2)
    assert isinstance(error, nd.DeadlineExceeded), error
    assert 1.5 <= elapsed < 2 + SLACK and srv.sent >= 2   # the bytes did arrive, one by one


def test_http_trickled_body_deadline(hostile):
    srv = hostile(trickle_body(HTTP_HEAD_UNKNOWN_LENGTH))
    dummy, error, elapsed = within(2 + SLACK, get, srv.port, 2)
    assert isinstance(error, nd.DeadlineExceeded), error
    assert srv.sent >= 2


@pytest.mark.parametrize('head', [HTTP_HEAD_UNKNOWN_LENGTH, HTTP_HEAD_CHUNKED])
def test_http_endless_body_is_cut_at_the_size_limit(hostile, head):
    if head is HTTP_HEAD_CHUNKED:
        # an endless chunked body: one big chunk that never ends is as endless as many
        head += b'fffffff\r\n'
    srv = hostile(endless_body(head))
    result, error, elapsed = within(10 + SLACK, get, srv.port, 10, 300000)
    assert error is None, error
    body, truncated = result
    assert len(body) == 300000 and truncated is True and set(body) == {ord('x')}


def test_http_small_answer_is_complete(hostile):
    srv = hostile(canned(HTTP_SMALL))
    assert get(srv.port, 5) == (b'hello', False)
    assert srv.requests[0].startswith(b'GET / HTTP/1.1\r\n')


def test_connect_refused_and_resolve_errors():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(ConnectionRefusedError):
        nd.connect('127.0.0.1', port, nd.Deadline(2))
    with pytest.raises(nd.ResolveError) as e:
        nd.resolve('name.invalid', 80, 5)
    assert isinstance(e.value, socket.gaierror) and 'name.invalid' in e.value.strerror


def test_send_all_is_bounded_by_the_deadline(hostile):
    """A peer that never reads: sending 64 MiB stops at the deadline instead of blocking forever."""
    def never_read(conn, server):
        while server.wait(0.1):
            pass
    srv = hostile(never_read)
    sock = nd.connect('127.0.0.1', srv.port, nd.Deadline(5))
    try:
        dummy, error, elapsed = within(1 + SLACK, nd.send_all, sock, b'x' * (64 * 1024 * 1024), nd.Deadline(1))
    finally:
        sock.close()
    assert isinstance(error, socket.timeout), error
