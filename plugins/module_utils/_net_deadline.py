# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: use the network modules instead.

"""One time budget for a whole network operation, shared by every network module of the collection.

A socket timeout bounds one blocking call only: a peer that answers one byte every half second never
trips a two-second read timeout, and a body that never ends is read forever. Here a :class:`Deadline`
is the budget of the whole operation (resolve, connect, TLS handshake, send and every read); each
blocking call gets the smaller of its own timeout and the time left, and once the time is up the next
call raises :class:`DeadlineExceeded`, a ``socket.timeout`` (``TimeoutError``), so the callers' existing
handlers classify it as a timeout.

* :class:`Deadline` - the budget (the AJP client subclasses it to raise its own error);
* :func:`resolve` - ``getaddrinfo()`` bounded by the budget;
* :func:`connect` - a TCP connection within the budget;
* :func:`deadline_reader` - a buffered reader over a socket whose every ``recv`` is bounded;
* :func:`send_all` - ``sendall()`` in pieces, each bounded;
* :class:`DeadlineHTTPConnection` / :class:`DeadlineHTTPSConnection` - ``http.client`` on top of them;
* :func:`read_limited` - at most ``max_bytes`` of an HTTP response body, saying whether there was more.

Standard library only (Python 3.8+).
"""

from __future__ import annotations

import http.client
import io
import socket
import threading
import time

# The most of a response body the modules keep (the documented size limit).
MAX_CONTENT = 64 * 1024 * 1024
_SEND_BLOCK = 65536
_READ_BLOCK = 65536


class DeadlineExceeded(socket.timeout):
    """The overall deadline ran out (a ``socket.timeout``, so it is classified as a timeout everywhere)."""


class ResolveError(socket.gaierror):
    """The host name does not resolve, or resolving it took longer than the time left."""


def fmt_seconds(value):
    """``2.0`` -> ``'2'``, ``0.25`` -> ``'0.25'``, None -> ``'unlimited'``."""
    if value is None:
        return 'unlimited'
    return ('%.3f' % value).rstrip('0').rstrip('.')


class Deadline(object):
    """Overall time budget; every blocking call gets min(its own timeout, time left)."""

    def __init__(self, seconds=None):
        self.seconds = seconds
        self.expires = None if seconds is None else time.monotonic() + seconds

    def remaining(self):
        """Seconds left (negative once expired), None without a limit."""
        if self.expires is None:
            return None
        return self.expires - time.monotonic()

    def expired_error(self, what):
        """The exception raised by :meth:`timeout_for` once the time is up (subclasses raise their own)."""
        return DeadlineExceeded('the overall deadline of %s s ran out %s' % (fmt_seconds(self.seconds), what))

    def timeout_for(self, op_timeout, what):
        """The timeout for the next blocking call, or raise :meth:`expired_error` when no time is left."""
        left = self.remaining()
        if left is None:
            return op_timeout
        if left <= 0:
            raise self.expired_error(what)
        if op_timeout is None:
            return left
        return min(op_timeout, left)

    def timed_out(self, exc, what):
        """What to raise for a socket timeout ``exc`` of a call given :meth:`timeout_for`: the deadline's own
        error when it is the deadline that ran out, else ``exc`` (the step's own timeout)."""
        left = self.remaining()
        if left is not None and left <= 0.01:
            return self.expired_error(what)
        return exc


def numeric_address(host, port):
    """``getaddrinfo()`` result for an IP literal without calling the resolver, else None."""
    for family, sockaddr in ((socket.AF_INET, (host, port)), (socket.AF_INET6, (host, port, 0, 0))):
        try:
            socket.inet_pton(family, host)
        except (OSError, ValueError):
            continue
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, '', sockaddr)]
    return None


def resolve(host, port, timeout):
    """``getaddrinfo()`` bounded by ``timeout`` seconds (None: unbounded).

    The resolver itself cannot be interrupted, so it runs in a daemon thread that is abandoned when it
    takes too long. Raises :class:`ResolveError` (a ``socket.gaierror``) with a message naming the host.
    """
    infos = numeric_address(host, port)
    if infos:
        return infos
    box = {}

    def work():
        try:
            box['infos'] = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        except socket.gaierror as e:
            box['error'] = 'cannot resolve %s: %s' % (host, e.strerror or e)
        except (UnicodeError, ValueError, OSError) as e:
            box['error'] = 'invalid host name %r: %s' % (host, e)

    worker = threading.Thread(target=work, name='resolve-%s' % host)
    worker.daemon = True
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise ResolveError(socket.EAI_AGAIN, 'resolving %s timed out after %s s' % (host, fmt_seconds(timeout)))
    if 'error' in box:
        raise ResolveError(socket.EAI_NONAME, box['error'])
    if not box.get('infos'):
        raise ResolveError(socket.EAI_NONAME, 'no address for %s' % host)
    return box['infos']


def connect(host, port, deadline, op_timeout=None):
    """A TCP socket connected to ``host:port`` within ``deadline`` (each attempt also capped by ``op_timeout``).

    Tries every address of the host until one answers; a timeout stops at once (another address would cost
    another timeout). Raises OSError (``ConnectionRefusedError``, :class:`ResolveError`, ``socket.timeout``...).
    """
    if host.startswith('[') and host.endswith(']'):
        host = host[1:-1]
    infos = resolve(host, port, deadline.timeout_for(op_timeout, 'resolving %s' % host))
    last = None
    for family, socktype, proto, dummy, sockaddr in infos:
        sock = socket.socket(family, socktype, proto)
        what = 'connecting to %s' % (sockaddr[0],)
        try:
            sock.settimeout(deadline.timeout_for(op_timeout, what))
            sock.connect(sockaddr)
            return sock
        except socket.timeout as exc:
            sock.close()
            raise deadline.timed_out(exc, what)
        except OSError as e:
            sock.close()
            last = e
    raise last


class DeadlineSocketIO(socket.SocketIO):
    """A raw reader over a socket whose every ``recv_into`` is bounded by the deadline."""

    def __init__(self, sock, deadline, op_timeout=None, what='reading the answer'):
        super(DeadlineSocketIO, self).__init__(sock, 'rb')
        self._deadline = deadline
        self._op_timeout = op_timeout
        self._what = what

    def readinto(self, b):
        self._sock.settimeout(self._deadline.timeout_for(self._op_timeout, self._what))
        try:
            return super(DeadlineSocketIO, self).readinto(b)
        except socket.timeout as exc:
            raise self._deadline.timed_out(exc, self._what)


def deadline_reader(sock, deadline, op_timeout=None, what='reading the answer'):
    """``sock.makefile('rb')`` whose reads are bounded by ``deadline``.

    Like ``makefile``, it holds a reference on the socket, so closing the socket (http.client does when
    the server says ``Connection: close``) waits until the reader is closed too.
    """
    raw = DeadlineSocketIO(sock, deadline, op_timeout, what)
    sock._io_refs += 1  # what socket.makefile() does: the socket stays open while the reader is in use
    return io.BufferedReader(raw, io.DEFAULT_BUFFER_SIZE)


def send_all(sock, data, deadline, op_timeout=None, what='sending the request'):
    """``sock.sendall(data)`` in pieces, each bounded by the time left (a slow reader cannot stretch it)."""
    view = memoryview(data).cast('B')
    sent = 0
    while sent < len(view):
        sock.settimeout(deadline.timeout_for(op_timeout, what))
        try:
            sent += sock.send(view[sent:sent + _SEND_BLOCK])
        except socket.timeout as exc:
            raise deadline.timed_out(exc, what)


class _ReaderSource(object):
    """What ``http.client.HTTPResponse`` is given instead of the socket: its ``makefile`` is deadline-bounded."""

    def __init__(self, sock, deadline, op_timeout):
        self._sock = sock
        self._deadline = deadline
        self._op_timeout = op_timeout

    def makefile(self, mode='rb', *args, **kwargs):
        return deadline_reader(self._sock, self._deadline, self._op_timeout)


class DeadlineHTTPConnection(http.client.HTTPConnection):
    """``http.client.HTTPConnection`` whose connect, send and every read of the response (status line,
    headers, body) share one :class:`Deadline`; ``op_timeout`` caps each step as a socket timeout would."""

    def __init__(self, host, port, deadline, op_timeout=None):
        super(DeadlineHTTPConnection, self).__init__(host, port, timeout=op_timeout)
        self.deadline = deadline
        self.response_class = self._response

    def _response(self, sock, *args, **kwargs):
        return http.client.HTTPResponse(_ReaderSource(sock, self.deadline, self.timeout), *args, **kwargs)

    def connect(self):
        self.sock = connect(self.host, self.port, self.deadline, self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            return super(DeadlineHTTPConnection, self).send(data)
        if self.sock is None:
            self.connect()
        send_all(self.sock, data, self.deadline, self.timeout)
        return None


class DeadlineHTTPSConnection(DeadlineHTTPConnection):
    """:class:`DeadlineHTTPConnection` over TLS: connects to ``host`` but speaks TLS for ``server_name``
    (SNI and certificate name); the handshake is bounded by the same deadline."""

    default_port = http.client.HTTPS_PORT

    def __init__(self, host, port, deadline, context, server_name=None, op_timeout=None):
        super(DeadlineHTTPSConnection, self).__init__(host, port, deadline, op_timeout)
        self.context = context
        self.server_name = server_name or host

    def connect(self):
        super(DeadlineHTTPSConnection, self).connect()
        sock = self.sock
        try:
            sock.settimeout(self.deadline.timeout_for(self.timeout, 'during the TLS handshake'))
            try:
                self.sock = self.context.wrap_socket(sock, server_hostname=self.server_name)
            except socket.timeout as exc:
                raise self.deadline.timed_out(exc, 'during the TLS handshake')
        except BaseException:
            self.sock = None
            sock.close()
            raise


def read_limited(response, max_bytes):
    """At most ``max_bytes`` of an ``http.client.HTTPResponse`` body: ``(body, truncated)``.

    ``truncated`` is True when the body goes on after ``max_bytes``; the rest is not read (the caller closes
    the connection), so a body that never ends costs ``max_bytes``, not forever. Every read is bounded by the
    connection's deadline.
    """
    parts = []
    size = 0
    while size < max_bytes:
        data = response.read(min(_READ_BLOCK, max_bytes - size))
        if not data:
            return b''.join(parts), False
        parts.append(data)
        size += len(data)
    return b''.join(parts), bool(response.read(1))
