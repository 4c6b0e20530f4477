# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_net_deadline: one deadline for a whole request, against hostile servers on loopback.

The hostile servers (``HostileServer``: a real TCP, optionally TLS, server in a thread on 127.0.0.1, whose
behaviours trickle one byte every half second or send a body that never ends) live in
tests/unit/helpers/loopback.py, shared with the network modules' tests (jkstatus, https_request, ajp). Every
"returns in time" check runs the call in a thread and waits for it with a bound (``within``), so a
regression fails quickly instead of hanging.
"""

from __future__ import annotations

import socket
import time

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _net_deadline as nd
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import (
    HTTP_HEAD_CHUNKED,
    HTTP_HEAD_UNKNOWN_LENGTH,
    HTTP_SMALL,
    SLACK,
    HostileServer,
    canned,
    closing_all,
    endless_body,
    free_port,
    trickle,
    trickle_body,
    within,
)


@pytest.fixture
def hostile():
    with closing_all(HostileServer) as start:
        yield start


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
    with pytest.raises(ConnectionRefusedError):
        nd.connect('127.0.0.1', free_port(), nd.Deadline(2))
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
