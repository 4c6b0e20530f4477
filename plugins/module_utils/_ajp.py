# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: use the ajp_ping / ajp_request modules.

"""A small AJP13 client (standard library only).

It speaks the two exchanges a web host needs to check a Tomcat AJP connector:

* CPing/CPong (``12 34 00 01 0A`` answered by ``41 42 00 01 09``), the health check mod_jk
  itself uses. Tomcat answers it before any secret check, so no secret is needed.
* FORWARD_REQUEST (type 2), i.e. an HTTP request carried over AJP, with the secret sent as
  attribute ``0x0C``; the response is read from SEND_HEADERS, SEND_BODY_CHUNK and END_RESPONSE
  packets, answering GET_BODY_CHUNK with the request body.

Every failure is raised as :class:`AjpError` whose ``kind`` is one of :data:`ERROR_KINDS`; no
other exception leaves the public functions for network problems. Invalid arguments raise
ValueError from the ``check_*`` functions, the one place that validates them (the modules call
those too).
"""

from __future__ import annotations

import errno
import math
import re
import socket
import struct
import time

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._http_tokens import (
    check_header_name,
    check_method as _check_method_token,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._net_deadline import (
    Deadline as _Deadline,
    ResolveError,
    fmt_seconds as _fmt_s,
    numeric_address as _numeric_address,
    resolve as _resolve_bounded,
)
# The response body decoder is shared with https_request; these names stay importable from here.
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._text_codec import (  # noqa: F401 pylint: disable=unused-import
    content_charset,
    decode_content,
)

DEFAULT_PORT = 8009
# The options that name the AJP connector a module asks (doc fragment webtier.tomcat_cluster.ajp; ajp_request
# documents them itself), the first of the module's argument spec.
AJP_TARGET_ARGS = {
    'host': {'type': 'str', 'required': True},
    'port': {'type': 'int', 'default': DEFAULT_PORT},
}
DEFAULT_PACKET_SIZE = 8192
MAX_PACKET_SIZE = 65536
# Upper bounds of the options (documented in the modules): a timeout of at most an hour, at most
# 1000 CPings per target, and at most 64 MiB of response body kept (the rest is read and dropped,
# and the response says ``truncated``).
MAX_TIMEOUT = 3600
MAX_COUNT = 1000
MAX_CONTENT = 64 * 1024 * 1024

# Packet magic: web server -> container, container -> web server ("AB").
MAGIC_TO_CONTAINER = b'\x12\x34'
MAGIC_FROM_CONTAINER = b'AB'

CPING = b'\x12\x34\x00\x01\x0a'

# Message types
FORWARD_REQUEST = 2
SEND_BODY_CHUNK = 3
SEND_HEADERS = 4
END_RESPONSE = 5
GET_BODY_CHUNK = 6
CPONG_REPLY = 9

MESSAGE_NAMES = {
    SEND_BODY_CHUNK: 'SEND_BODY_CHUNK',
    SEND_HEADERS: 'SEND_HEADERS',
    END_RESPONSE: 'END_RESPONSE',
    GET_BODY_CHUNK: 'GET_BODY_CHUNK',
    CPONG_REPLY: 'CPONG_REPLY',
}

# Every value of ``error`` the modules return (null aside): the network and protocol classes of
# AjpError, then the two HTTP outcomes ajp_request adds.
ERROR_KINDS = (
    'refused',         # connection refused (nothing listens)
    'timeout',         # connect, read or the overall deadline ran out
    'reset',           # connection reset by the peer
    'closed',          # peer closed the connection cleanly before a complete answer
    'not_ajp',         # the peer answered, but not with AJP13 (wrong magic, e.g. HTTP/1.1 400)
    'protocol_error',  # truncated, oversized, malformed or unexpected AJP packet
    'resolve_error',   # the host name does not resolve
    'unreachable',     # no route to the host / network, address not available
    'forbidden',       # (ajp_request) the container answered 403 (secret missing or wrong)
    'unexpected_status',  # (ajp_request) any other status outside status_code
)

METHOD_CODES = {
    'OPTIONS': 1, 'GET': 2, 'HEAD': 3, 'POST': 4, 'PUT': 5, 'DELETE': 6, 'TRACE': 7,
    'PROPFIND': 8, 'PROPPATCH': 9, 'MKCOL': 10, 'COPY': 11, 'MOVE': 12, 'LOCK': 13,
    'UNLOCK': 14, 'ACL': 15, 'REPORT': 16, 'VERSION-CONTROL': 17, 'CHECKIN': 18,
    'CHECKOUT': 19, 'UNCHECKOUT': 20, 'SEARCH': 21, 'MKWORKSPACE': 22, 'UPDATE': 23,
    'LABEL': 24, 'MERGE': 25, 'BASELINE-CONTROL': 26, 'MKACTIVITY': 27,
}
SC_M_JK_STORED = 0xFF

SAFE_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'REPORT', 'SEARCH'))

REQUEST_HEADER_CODES = {
    'accept': 0xA001, 'accept-charset': 0xA002, 'accept-encoding': 0xA003,
    'accept-language': 0xA004, 'authorization': 0xA005, 'connection': 0xA006,
    'content-type': 0xA007, 'content-length': 0xA008, 'cookie': 0xA009, 'cookie2': 0xA00A,
    'host': 0xA00B, 'pragma': 0xA00C, 'referer': 0xA00D, 'user-agent': 0xA00E,
}

RESPONSE_HEADER_NAMES = {
    0xA001: 'Content-Type', 0xA002: 'Content-Language', 0xA003: 'Content-Length',
    0xA004: 'Date', 0xA005: 'Last-Modified', 0xA006: 'Location', 0xA007: 'Set-Cookie',
    0xA008: 'Set-Cookie2', 0xA009: 'Servlet-Engine', 0xA00A: 'Status',
    0xA00B: 'WWW-Authenticate',
}

# Request attributes
ATTR_QUERY_STRING = 0x05
ATTR_ROUTE = 0x06
ATTR_REQ_ATTRIBUTE = 0x0A
ATTR_SECRET = 0x0C
ATTR_STORED_METHOD = 0x0D
ATTR_ARE_DONE = 0xFF

# errno values that mean "no route": reported as 'unreachable'
_UNREACHABLE_ERRNOS = frozenset(
    getattr(errno, name) for name in ('EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENETDOWN', 'EHOSTDOWN')
    if hasattr(errno, name)
)


class AjpError(WebtierError):
    """A classified AJP failure: ``kind`` is one of ERROR_KINDS, ``msg`` is for humans; str() is ``kind: msg``."""

    def __init__(self, kind, msg):
        super().__init__(msg, kind=kind)
        self.args = ('%s: %s' % (kind, msg),)


class Deadline(_Deadline):
    """The shared overall time budget (module_utils._net_deadline), raising AjpError('timeout') when spent."""

    def expired_error(self, what):
        return AjpError('timeout', 'overall deadline of %s s exceeded before %s' % (_fmt_s(self.seconds), what))


# ---------------------------------------------------------------------------------------
# Argument checks: the one place that validates what the modules and the functions below accept
# ---------------------------------------------------------------------------------------

_INTEGER = re.compile(r'[+-]?[0-9]+')
_HOST_LABEL = re.compile(r'[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?')
_ZONE_ID = re.compile(r'[A-Za-z0-9_.-]+')
# C0 controls and DEL; header values may contain HTAB
_CONTROL = re.compile(r'[\x00-\x1f\x7f]')
_CONTROL_BUT_TAB = re.compile(r'[\x00-\x08\x0a-\x1f\x7f]')
_CONTROL_NAMES = {'\r': 'CR', '\n': 'LF', '\x00': 'NUL', '\t': 'TAB'}


def check_int(name, value, minimum, maximum):
    """``value`` as an int in [minimum, maximum], else ValueError naming ``name``.

    Booleans are refused (``True`` is not port 1) and so are fractions (``8009.9`` is not 8009);
    a float with an integral value and a string of decimal digits are converted.
    """
    original = value
    if isinstance(value, bool):
        raise ValueError('%s must be an integer, got the boolean %s' % (name, value))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError('%s must be a whole number, got %r' % (name, value))
        value = int(value)
    elif isinstance(value, str):
        if not _INTEGER.fullmatch(value.strip()):
            raise ValueError('%s must be an integer, got %r' % (name, value))
        value = int(value.strip())
    elif not isinstance(value, int):
        raise ValueError('%s must be an integer, got %r' % (name, value))
    if not minimum <= value <= maximum:
        raise ValueError('%s must be between %d and %d, got %s' % (name, minimum, maximum, _fmt_number(original)))
    return value


def check_port(value, name='port', minimum=1):
    """A TCP port, 1-65535 (``minimum=0`` for a server_port passed on to Tomcat)."""
    return check_int(name, value, minimum, 65535)


def check_packet_size(value, name='packet_size'):
    """An AJP packet size: Tomcat's default 8192 up to the protocol's 65536; strings are refused."""
    if isinstance(value, str):
        raise ValueError('%s must be an integer, got %r' % (name, value))
    return check_int(name, value, DEFAULT_PACKET_SIZE, MAX_PACKET_SIZE)


def check_count(value, name='count'):
    """Number of CPings per target, 1-MAX_COUNT."""
    return check_int(name, value, 1, MAX_COUNT)


def check_timeout(value, name='timeout'):
    """Seconds as a float in (0, MAX_TIMEOUT]; inf, nan, huge values and booleans are refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError('%s must be a number of seconds, got %r' % (name, value))
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError('%s must be a finite number of seconds (greater than 0 and at most %d), got %s'
                         % (name, MAX_TIMEOUT, value))
    if not 0 < value <= MAX_TIMEOUT:
        raise ValueError('%s must be greater than 0 and at most %d seconds, got %s' % (name, MAX_TIMEOUT, _fmt_number(value)))
    return float(value)


def _fmt_number(value):
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10 ** 15:
        return '%.3g' % value if abs(value) < 10 ** 300 else 'an integer of %d digits' % len(str(abs(value)))
    return '%r' % (value,)


def is_ip_address(value):
    """True for an IPv4 or IPv6 literal (without brackets; an IPv6 zone id ``%eth0`` is allowed)."""
    if not isinstance(value, str):
        return False
    for family in (socket.AF_INET, socket.AF_INET6):
        addr = value
        if family == socket.AF_INET6 and '%' in value:
            addr, zone = value.split('%', 1)
            if not _ZONE_ID.fullmatch(zone):
                continue
        try:
            socket.inet_pton(family, addr)
        except (OSError, ValueError):
            continue
        return True
    return False


def check_host(value, name='host'):
    """A host name (IDN allowed), an IPv4 address or an IPv6 address (in brackets or not).

    Returns ``value`` unchanged; raises ValueError for anything that is neither (``host:8009:x``,
    spaces, control characters, an empty string).
    """
    if not isinstance(value, str) or not value:
        raise ValueError('%s must be a non-empty host name or address, got %r' % (name, value))
    host = value[1:-1] if value.startswith('[') and value.endswith(']') else value
    if is_ip_address(host):
        return value
    if ':' in host or host != value:
        raise ValueError('%s %r is neither a host name nor an IPv6 address (an IPv6 address with a port is '
                         'written [address]:port)' % (name, value))
    try:
        ascii_name = host if _is_ascii(host) else host.encode('idna').decode('ascii')
    except UnicodeError:
        ascii_name = None
    labels = (ascii_name or '').split('.')
    if labels and labels[-1] == '' and len(labels) > 1:
        labels.pop()  # a fully qualified name may end with a dot
    if not ascii_name or len(ascii_name) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise ValueError('%s %r is not a valid host name or address' % (name, value))
    return value


def _is_ascii(text):
    try:
        text.encode('ascii')
    except UnicodeError:
        return False
    return True


def _control_char(text, allow_tab=False):
    """Name and position of the first control character in ``text``, or None."""
    m = (_CONTROL_BUT_TAB if allow_tab else _CONTROL).search(text)
    if m is None:
        return None
    ch = m.group(0)
    return '%s at position %d' % (_CONTROL_NAMES.get(ch, 'control character 0x%02X' % ord(ch)), m.start())


def check_text(name, value, allow_tab=False, quote=True):
    """Refuse CR, LF, NUL and the other C0/DEL control characters in a string sent to Tomcat.

    With ``quote=False`` the message does not repeat the value (secrets, header values).
    """
    if value is None:
        return value
    if not isinstance(value, str):
        raise ValueError('%s must be a string' % name)
    where = _control_char(value, allow_tab=allow_tab)
    if where:
        raise ValueError('%s contains a control character (%s)%s: CR, LF, NUL and other control characters are '
                         'refused' % (name, where, ': %r' % value if quote else ''))
    return value


def check_method(value):
    """An HTTP method, an RFC 9110 token (``GET``, ``PROPFIND``, ``MY-METHOD``): the shared validator
    of module_utils._http_tokens, also used by https_request."""
    return _check_method_token(value)


def check_uri(value):
    """A request path (``/`` first, optional ``?query``) without control characters."""
    if not isinstance(value, str) or not value.startswith('/'):
        raise ValueError('uri must start with "/", got %r' % (value,))
    return check_text('uri', value)


def check_headers(headers):
    """Request headers as a list of (name, value) strings: names are HTTP tokens, values have no CR/LF/NUL.

    The message names the header but never repeats its value (it may carry credentials).
    """
    if isinstance(headers, dict):
        headers = list(headers.items())
    out = []
    for name, value in headers or []:
        name = check_header_name(str(name))
        value = '' if value is None else str(value)
        check_text('the value of header %r' % name, value, allow_tab=True, quote=False)
        out.append((name, value))
    return out


def format_address(host, port):
    """``host:port`` with IPv6 literals in brackets."""
    if ':' in host and not host.startswith('['):
        return '[%s]:%s' % (host, port)
    return '%s:%s' % (host, port)


class AjpConnection(object):
    """One TCP connection to an AJP13 connector. Use as a context manager; always closes."""

    RECV_BLOCK = 16384

    def __init__(self, host, port=DEFAULT_PORT, connect_timeout=5.0, read_timeout=10.0, deadline=None,
                 packet_size=DEFAULT_PACKET_SIZE):
        self.host = check_host(host)
        self.port = check_port(port)
        self.connect_timeout = None if connect_timeout is None else check_timeout(connect_timeout, 'connect_timeout')
        self.read_timeout = None if read_timeout is None else check_timeout(read_timeout, 'read_timeout')
        self.deadline = deadline if deadline is not None else Deadline(None)
        self.packet_size = check_packet_size(packet_size)
        self.sock = None
        self.peer = None
        self._buf = b''

    @property
    def address(self):
        return format_address(self.host, self.port)

    # -- connection ---------------------------------------------------------------------
    def connect(self):
        host = self.host
        if host.startswith('[') and host.endswith(']'):
            host = host[1:-1]
        infos = _numeric_address(host, self.port) or _resolve(host, self.port, self.deadline.timeout_for(self.connect_timeout, 'resolving'))
        if not infos:
            raise AjpError('resolve_error', 'no address for %s' % host)
        last = None
        for family, socktype, proto, dummy, sockaddr in infos:
            sock = None
            try:
                sock = socket.socket(family, socktype, proto)
                sock.settimeout(self.deadline.timeout_for(self.connect_timeout, 'connecting'))
                sock.connect(sockaddr)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.sock = sock
                self.peer = sockaddr
                return self
            except AjpError as e:
                _close_quietly(sock)
                last = e
                break
            except OSError as e:
                _close_quietly(sock)
                last = self._classify(e, 'connecting to %s (%s)' % (self.address, sockaddr[0]), 'connect')
                if last.kind == 'timeout':
                    # every address would cost another timeout: stop here
                    break
        raise last

    def close(self):
        sock, self.sock = self.sock, None
        _close_quietly(sock)

    def __enter__(self):
        return self.connect()

    def __exit__(self, *exc):
        self.close()
        return False

    def local_address(self):
        try:
            return self.sock.getsockname()[0]
        except (OSError, AttributeError):
            return None

    # -- raw I/O -----------------------------------------------------------------------
    def _classify(self, exc, what, phase):
        if isinstance(exc, socket.timeout):
            limit = self.connect_timeout if phase == 'connect' else self.read_timeout
            if self.deadline.remaining() is not None and self.deadline.remaining() <= (limit or 0):
                return AjpError('timeout', 'timed out %s (overall deadline %s s)' % (what, _fmt_s(self.deadline.seconds)))
            return AjpError('timeout', 'timed out after %s s %s' % (_fmt_s(limit), what))
        if isinstance(exc, ConnectionRefusedError):
            return AjpError('refused', 'connection refused %s' % what)
        if isinstance(exc, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
            return AjpError('reset', 'connection reset by peer %s' % what)
        if exc.errno in _UNREACHABLE_ERRNOS:
            return AjpError('unreachable', '%s %s' % (exc.strerror or exc, what))
        return AjpError('reset' if phase != 'connect' else 'unreachable', '%s %s' % (exc.strerror or exc, what))

    def send(self, data, what='sending'):
        if self.sock is None:
            raise AjpError('closed', 'not connected to %s' % self.address)
        try:
            self.sock.settimeout(self.deadline.timeout_for(self.read_timeout, what))
            self.sock.sendall(data)
        except OSError as e:
            raise self._classify(e, '%s to %s' % (what, self.address), 'send')

    def recv_exact(self, count, what):
        """Read exactly ``count`` bytes. Returns (data, None) or (partial, 'eof').

        Reads in blocks and keeps what follows in a buffer, so a whole small packet costs one recv().
        """
        buf = self._buf
        while len(buf) < count:
            try:
                self.sock.settimeout(self.deadline.timeout_for(self.read_timeout, what))
                chunk = self.sock.recv(max(count - len(buf), self.RECV_BLOCK))
            except OSError as e:
                self._buf = buf
                raise self._classify(e, 'waiting for %s from %s (%d of %d bytes received)' % (what, self.address, len(buf), count), 'read')
            if not chunk:
                self._buf = b''
                return buf, 'eof'
            buf += chunk
        self._buf = buf[count:]
        return buf[:count], None

    def read_packet(self, what='a reply'):
        """Read one container->server packet; returns (type, payload-after-type)."""
        if self.sock is None:
            raise AjpError('closed', 'not connected to %s' % self.address)
        header, eof = self.recv_exact(4, what)
        if not header:
            raise AjpError('closed', 'connection closed by %s without %s' % (self.address, what))
        if header[:2] != MAGIC_FROM_CONTAINER[:len(header[:2])]:
            raise self._not_ajp(header)
        if eof:
            raise AjpError('protocol_error', 'truncated packet header from %s: %d of 4 bytes before the connection closed'
                           % (self.address, len(header)))
        length = struct.unpack('>H', header[2:4])[0]
        if length == 0:
            raise AjpError('protocol_error', 'empty AJP packet (length 0) from %s' % self.address)
        if length > self.packet_size - 4:
            raise AjpError('protocol_error', 'oversized AJP packet from %s: length %d exceeds packet_size %d'
                           % (self.address, length, self.packet_size))
        payload, eof = self.recv_exact(length, what)
        if eof:
            raise AjpError('protocol_error', 'truncated AJP packet from %s: %d of %d payload bytes before the connection closed'
                           % (self.address, len(payload), length))
        return _byte(payload, 0), payload[1:]

    def _not_ajp(self, first):
        """The peer spoke something that is not AJP; read a little more to say what."""
        data = first + self._buf
        self._buf = b''
        if len(data) < 64:
            try:
                self.sock.settimeout(min(0.2, self.deadline.timeout_for(self.read_timeout, 'reading a non-AJP reply')))
                more = self.sock.recv(256)
                data += more
            except (OSError, AjpError):
                pass
        if data.startswith(b'HTTP/'):
            line = data.split(b'\r\n', 1)[0].split(b'\n', 1)[0]
            return AjpError('not_ajp', '%s answered with HTTP (%s): an HTTP connector, not AJP13'
                            % (self.address, line.decode('latin-1')[:80]))
        return AjpError('not_ajp', '%s answered with bytes %s instead of the AJP13 magic 41 42'
                        % (self.address, _hexdump(data[:16])))

    # -- CPing ------------------------------------------------------------------------
    def cping(self):
        """Send one CPing and wait for the CPong. Returns the round trip in seconds."""
        start = time.monotonic()
        self.send(CPING, 'sending CPing')
        ptype, rest = self.read_packet('a CPong')
        if ptype != CPONG_REPLY:
            raise AjpError('protocol_error', 'expected CPong (type 9) from %s, got %s (type %d, %d bytes)'
                           % (self.address, MESSAGE_NAMES.get(ptype, 'an unknown packet'), ptype, len(rest) + 1))
        if rest:
            raise AjpError('protocol_error', 'CPong from %s has %d unexpected extra bytes' % (self.address, len(rest)))
        return time.monotonic() - start


def _resolve(host, port, timeout):
    """getaddrinfo() bounded by ``timeout`` (module_utils._net_deadline.resolve), failing as resolve_error."""
    try:
        return _resolve_bounded(host, port, timeout)
    except ResolveError as e:
        raise AjpError('resolve_error', e.strerror or str(e))


def _close_quietly(sock):
    if sock is not None:
        try:
            sock.close()
        except OSError:
            pass


def _byte(data, index):
    return bytearray(data[index:index + 1])[0]


def _hexdump(data):
    return ' '.join('%02x' % b for b in bytearray(data)) or '(none)'


# ---------------------------------------------------------------------------------------
# Health check
# ---------------------------------------------------------------------------------------

def ping(host, port=DEFAULT_PORT, timeout=3.0, count=1, packet_size=DEFAULT_PACKET_SIZE, connect_timeout=None,
         read_timeout=None):
    """CPing ``count`` times on one connection. Never raises for network problems.

    ``timeout`` is the overall budget for the whole check (connect plus every exchange); the
    connect and each read are also capped by ``connect_timeout``/``read_timeout`` when given.
    Returns a dict: host, port, healthy, error, msg, pings, latency_ms {min, avg, max}.
    Invalid arguments raise ValueError (see the ``check_*`` functions).
    """
    timeout = check_timeout(timeout)
    count = check_count(count)
    port = check_port(port)
    deadline = Deadline(timeout)
    result = {'host': host, 'port': port, 'healthy': False, 'error': None, 'msg': '', 'pings': 0,
              'latency_ms': {'min': None, 'avg': None, 'max': None}}
    samples = []
    conn = AjpConnection(host, port, connect_timeout=connect_timeout if connect_timeout is not None else timeout,
                         read_timeout=read_timeout if read_timeout is not None else timeout,
                         deadline=deadline, packet_size=packet_size)
    try:
        conn.connect()
        for dummy in range(count):
            samples.append(conn.cping())
    except AjpError as e:
        result['error'] = e.kind
        result['msg'] = e.msg
    finally:
        conn.close()
    result['pings'] = len(samples)
    if samples:
        ms = [s * 1000.0 for s in samples]
        result['latency_ms'] = {'min': round(min(ms), 3), 'avg': round(sum(ms) / len(ms), 3), 'max': round(max(ms), 3)}
    if result['error'] is None:
        result['healthy'] = True
        result['msg'] = '%d CPong%s from %s' % (len(samples), '' if len(samples) == 1 else 's', conn.address)
    elif samples:
        result['msg'] = '%s (after %d good CPong%s)' % (result['msg'], len(samples), '' if len(samples) == 1 else 's')
    return result


def parse_target(target, default_port=DEFAULT_PORT):
    """Normalise a target: 'host', 'host:port', '[v6]:port', 'v6' or a dict {host, port, name}.

    Raises ValueError for anything else, for example ``host:8009:x`` (neither a host name nor an
    IPv6 address), a port ``true`` or ``8009.9``, or a host with spaces or control characters.
    Surrounding whitespace of a string target is ignored.
    """
    if isinstance(target, dict):
        unknown = set(target) - set(('host', 'port', 'name'))
        if unknown:
            raise ValueError('target %r has unknown keys: %s' % (target, ', '.join(sorted(unknown))))
        host = target.get('host')
        if not host or not isinstance(host, str):
            raise ValueError('target %r needs a host' % (target,))
        port = target.get('port')
        port = default_port if port is None else port
        name = target.get('name')
    elif isinstance(target, str):
        text = target.strip()
        name = None
        if text.startswith('['):
            end = text.find(']')
            if end < 0:
                raise ValueError('target %r: unclosed [ in IPv6 address' % target)
            host = text[1:end]
            rest = text[end + 1:]
            if rest and not rest.startswith(':'):
                raise ValueError('target %r: expected [address]:port' % target)
            port = rest[1:] if rest else default_port
            if not is_ip_address(host):
                raise ValueError('target %r: %r in brackets is not an IPv6 address' % (target, host))
        elif text.count(':') == 1:
            host, port = text.split(':')
        else:
            host, port = text, default_port  # a bare host name or an IPv6 literal without port
        if not host:
            raise ValueError('target %r has no host' % target)
        if isinstance(port, str) and not re.fullmatch(r'[0-9]+', port):
            raise ValueError('target %r: port %r is not a number' % (target, port))
    else:
        raise ValueError('target %r must be a "host:port" string or a dict with host and port' % (target,))
    try:
        check_host(host)
        port = check_port(port)
    except ValueError as e:
        raise ValueError('target %r: %s' % (target, e))
    return {'host': host, 'port': port, 'name': str(name) if name else format_address(host, port)}


def ping_many(targets, timeout=3.0, count=1, parallel=True, packet_size=DEFAULT_PACKET_SIZE, max_workers=64):
    """Check every target (dicts from :func:`parse_target`); result order follows ``targets``.

    With ``parallel`` the checks run in threads, so N dead targets cost about one ``timeout``
    (as long as N <= max_workers). Invalid arguments raise ValueError before any check starts.
    """
    timeout = check_timeout(timeout)
    count = check_count(count)
    packet_size = check_packet_size(packet_size)

    def one(target):
        res = ping(target['host'], target['port'], timeout=timeout, count=count, packet_size=packet_size)
        out = {'name': target['name']}
        out.update(res)
        return out

    if not parallel or len(targets) <= 1:
        return [one(t) for t in targets]
    with ThreadPoolExecutor(max_workers=max(1, min(max_workers, len(targets)))) as pool:
        return list(pool.map(one, targets))


# ---------------------------------------------------------------------------------------
# FORWARD_REQUEST
# ---------------------------------------------------------------------------------------

def _ajp_string(value):
    if value is None:
        return b'\xff\xff'
    if not isinstance(value, bytes):
        value = str(value).encode('utf-8')
    if len(value) >= 0xFFFF:
        raise ValueError('string of %d bytes is too long for AJP' % len(value))
    return struct.pack('>H', len(value)) + value + b'\x00'


def encode_forward_request(method='GET', uri='/', protocol='HTTP/1.1', remote_addr='127.0.0.1', remote_host=None,
                           server_name='localhost', server_port=80, is_ssl=False, headers=None, secret=None,
                           query_string=None, route=None, request_attributes=None, packet_size=DEFAULT_PACKET_SIZE):
    """Build the FORWARD_REQUEST packet (with its 4-byte header).

    ``headers`` is a list of (name, value) pairs (a dict is accepted too); well-known names are
    sent as their 0xA0xx codes. ``uri`` may carry ``?query``, which becomes attribute 0x05 unless
    ``query_string`` is given. ``request_attributes`` is a list of (name, value) sent as 0x0A.
    """
    method = check_method((method or 'GET').upper())
    check_uri(uri)
    if '?' in uri:
        uri, q = uri.split('?', 1)
        if query_string is None:
            query_string = q
    server_port = check_port(server_port, 'server_port', minimum=0)
    headers = check_headers(headers)
    check_text('protocol', protocol)
    if remote_addr is not None and not is_ip_address(remote_addr):
        raise ValueError('remote_addr must be an IPv4 or IPv6 address, got %r' % (remote_addr,))
    check_text('remote_host', remote_host)
    if server_name is not None:
        check_server_name(server_name)
    check_text('secret', secret, quote=False)
    check_text('query string', query_string)
    check_text('route', route)
    for name, value in request_attributes or []:
        check_text('request attribute name', name)
        check_text('the value of request attribute %r' % (name,), value, quote=False)

    code = METHOD_CODES.get(method, SC_M_JK_STORED)
    out = [struct.pack('>BB', FORWARD_REQUEST, code), _ajp_string(protocol), _ajp_string(uri),
           _ajp_string(remote_addr), _ajp_string(remote_host), _ajp_string(server_name),
           struct.pack('>HB', server_port, 1 if is_ssl else 0), struct.pack('>H', len(headers))]
    for name, value in headers:
        hcode = REQUEST_HEADER_CODES.get(str(name).lower())
        if hcode is not None:
            out.append(struct.pack('>H', hcode))
        else:
            encoded = str(name).encode('utf-8')
            if len(encoded) >= 0xA000:
                raise ValueError('header name too long')
            out.append(_ajp_string(encoded))
        out.append(_ajp_string(value))
    # mod_jk sends the secret first
    if secret:
        out.append(struct.pack('>B', ATTR_SECRET) + _ajp_string(secret))
    if query_string:
        out.append(struct.pack('>B', ATTR_QUERY_STRING) + _ajp_string(query_string))
    if route:
        out.append(struct.pack('>B', ATTR_ROUTE) + _ajp_string(route))
    if code == SC_M_JK_STORED:
        out.append(struct.pack('>B', ATTR_STORED_METHOD) + _ajp_string(method))
    for name, value in request_attributes or []:
        out.append(struct.pack('>B', ATTR_REQ_ATTRIBUTE) + _ajp_string(name) + _ajp_string(value))
    out.append(struct.pack('>B', ATTR_ARE_DONE))
    payload = b''.join(out)
    if len(payload) > packet_size - 4:
        raise ValueError('the request (%d bytes of URI, headers and attributes) does not fit into one AJP packet of '
                         'packet_size %d' % (len(payload), packet_size))
    return MAGIC_TO_CONTAINER + struct.pack('>H', len(payload)) + payload


def encode_body_packet(chunk):
    """A request body packet: no type byte, uint16 chunk length, data. b'' gives the empty packet."""
    if not chunk:
        return MAGIC_TO_CONTAINER + b'\x00\x00'
    return MAGIC_TO_CONTAINER + struct.pack('>HH', len(chunk) + 2, len(chunk)) + chunk


class _Reader(object):
    """Cursor over a packet payload; raises protocol_error when it runs short."""

    def __init__(self, data, what):
        self.data = data
        self.pos = 0
        self.what = what

    def _need(self, n):
        if self.pos + n > len(self.data):
            raise AjpError('protocol_error', 'malformed %s: needs %d more bytes at offset %d of %d'
                           % (self.what, n, self.pos, len(self.data)))

    def u8(self):
        self._need(1)
        v = _byte(self.data, self.pos)
        self.pos += 1
        return v

    def u16(self):
        self._need(2)
        v = struct.unpack('>H', self.data[self.pos:self.pos + 2])[0]
        self.pos += 2
        return v

    def peek_u16(self):
        self._need(2)
        return struct.unpack('>H', self.data[self.pos:self.pos + 2])[0]

    def string(self):
        n = self.u16()
        if n == 0xFFFF:
            return None
        self._need(n + 1)
        raw = self.data[self.pos:self.pos + n]
        self.pos += n + 1
        return raw.decode('utf-8', 'replace')

    def raw(self, n):
        self._need(n)
        v = self.data[self.pos:self.pos + n]
        self.pos += n
        return v


class AjpResponse(object):
    def __init__(self):
        self.status = None
        self.reason = None
        self.header_list = []
        self.body = b''
        self.reuse = None
        self.elapsed = None
        self.truncated = False

    @property
    def headers(self):
        """Dict of lower-case names; repeated headers are joined with ', ' (like ansible.builtin.uri)."""
        out = {}
        for name, value in self.header_list:
            key = name.lower()
            out[key] = value if key not in out else out[key] + ', ' + value
        return out

    def get_all(self, name):
        name = name.lower()
        return [v for n, v in self.header_list if n.lower() == name]

    @property
    def cookies(self):
        out = {}
        for value in self.get_all('set-cookie'):
            first = value.split(';', 1)[0]
            if '=' in first:
                k, v = first.split('=', 1)
                out[k.strip()] = v.strip()
        return out

    def jvm_route(self, cookie_name='JSESSIONID'):
        value = self.cookies.get(cookie_name)
        if value and '.' in value:
            return value.rsplit('.', 1)[1] or None
        return None


def _parse_send_headers(rest):
    r = _Reader(rest, 'SEND_HEADERS packet')
    status = r.u16()
    reason = r.string()
    count = r.u16()
    headers = []
    for dummy in range(count):
        code = r.peek_u16()
        if code & 0xFF00 == 0xA000:
            r.u16()
            name = RESPONSE_HEADER_NAMES.get(code)
            if name is None:
                raise AjpError('protocol_error', 'unknown response header code 0x%04X' % code)
        else:
            name = r.string()
            if name is None:
                raise AjpError('protocol_error', 'null response header name')
        headers.append((name, r.string() or ''))
    return status, reason, headers


def check_server_name(value, name='server_name'):
    """The server name passed to Tomcat (and the default Host header): no whitespace or control characters."""
    if not isinstance(value, str) or not value:
        raise ValueError('%s must be a non-empty string, got %r' % (name, value))
    check_text(name, value)
    if any(c.isspace() for c in value):
        raise ValueError('%s must not contain whitespace, got %r' % (name, value))
    return value


def prepare_request(host, port=DEFAULT_PORT, method='GET', uri='/', headers=None, body=None, secret=None,
                    remote_addr=None, server_name=None, server_port=80, is_ssl=False, protocol='HTTP/1.1',
                    packet_size=DEFAULT_PACKET_SIZE, route=None):
    """Validate a request and complete its headers, without any network traffic.

    Returns a dict of the :func:`encode_forward_request` arguments plus ``body`` (bytes).
    Raises ValueError when an argument is invalid or the request does not fit into one packet.
    :func:`forward_request` calls it first; modules call it before deciding about check mode.
    """
    check_host(host)
    check_port(port)
    packet_size = check_packet_size(packet_size)
    server_port = check_port(server_port, 'server_port', minimum=0)
    if body is not None and not isinstance(body, bytes):
        body = str(body).encode('utf-8')
    hdrs = check_headers(headers)
    names = set(n.lower() for n, dummy in hdrs)
    server_name = check_server_name(server_name) if server_name else (host[1:-1] if host.startswith('[') else host)
    if 'host' not in names:
        host_header = '[%s]' % server_name if ':' in server_name and not server_name.startswith('[') else server_name
        if server_port not in (80, 443):
            host_header = '%s:%s' % (host_header, server_port)
        hdrs.insert(0, ('Host', host_header))
    if 'content-length' in names:
        hdrs = [(n, v) for n, v in hdrs if n.lower() != 'content-length']
    if body:
        hdrs.append(('Content-Length', str(len(body))))
    elif (method or '').upper() in ('POST', 'PUT', 'PATCH'):
        hdrs.append(('Content-Length', '0'))
    prepared = dict(method=method, uri=uri, protocol=protocol, remote_addr=remote_addr, server_name=server_name,
                    server_port=server_port, is_ssl=is_ssl, headers=hdrs, secret=secret, route=route,
                    packet_size=packet_size)
    # The real remote_addr (the local end of the connection) is only known after connecting; a
    # trial encoding with the longest IPv4 address checks every field and the packet size now.
    trial = dict(prepared)
    trial['remote_addr'] = remote_addr or '255.255.255.255'
    encode_forward_request(**trial)
    prepared['body'] = body
    return prepared


def forward_request(host, port=DEFAULT_PORT, method='GET', uri='/', headers=None, body=None, secret=None,
                    timeout=10.0, connect_timeout=None, read_timeout=None, remote_addr=None, server_name=None,
                    server_port=80, is_ssl=False, protocol='HTTP/1.1', packet_size=DEFAULT_PACKET_SIZE,
                    max_content=MAX_CONTENT, route=None):
    """Send one HTTP request over AJP and read the complete response.

    ``timeout`` is the overall deadline for the whole exchange; connect and each read are
    also capped by ``connect_timeout``/``read_timeout`` (default: ``timeout``).
    At most ``max_content`` bytes of the body are kept; the rest is read and dropped and the
    response's ``truncated`` is True.
    Returns an :class:`AjpResponse`; raises :class:`AjpError` (403 is *not* raised here,
    callers decide with :func:`classify_status`), or ValueError before connecting when an
    argument is invalid (see :func:`prepare_request`).
    """
    timeout = check_timeout(timeout)
    req = prepare_request(host, port, method=method, uri=uri, headers=headers, body=body, secret=secret,
                          remote_addr=remote_addr, server_name=server_name, server_port=server_port, is_ssl=is_ssl,
                          protocol=protocol, packet_size=packet_size, route=route)
    body = req.pop('body')
    packet_size = req['packet_size']

    deadline = Deadline(timeout)
    start = time.monotonic()
    conn = AjpConnection(host, port, connect_timeout=connect_timeout if connect_timeout is not None else timeout,
                         read_timeout=read_timeout if read_timeout is not None else timeout,
                         deadline=deadline, packet_size=packet_size)
    resp = AjpResponse()
    with conn:
        req['remote_addr'] = req['remote_addr'] or _plain_address(conn.local_address()) or '127.0.0.1'
        packet = encode_forward_request(**req)
        max_chunk = packet_size - 6
        pending = body or b''
        first, pending = pending[:max_chunk], pending[max_chunk:]
        # Tomcat reads the first body packet right after the request when Content-Length > 0
        conn.send(packet + (encode_body_packet(first) if first else b''), 'sending FORWARD_REQUEST')
        body_parts = []
        size = 0
        while True:
            ptype, rest = conn.read_packet('the response' if resp.status is None else 'the rest of the response')
            if ptype == SEND_HEADERS:
                if resp.status is not None:
                    raise AjpError('protocol_error', 'second SEND_HEADERS packet from %s' % conn.address)
                resp.status, resp.reason, resp.header_list = _parse_send_headers(rest)
            elif ptype == SEND_BODY_CHUNK:
                r = _Reader(rest, 'SEND_BODY_CHUNK packet')
                n = r.u16()
                chunk = r.raw(n)
                if size + n > max_content:
                    resp.truncated = True
                    chunk = chunk[:max(0, max_content - size)]
                body_parts.append(chunk)
                size += len(chunk)
            elif ptype == GET_BODY_CHUNK:
                want = _Reader(rest, 'GET_BODY_CHUNK packet').u16()
                want = max(0, min(want, max_chunk))
                piece, pending = pending[:want], pending[want:]
                conn.send(encode_body_packet(piece), 'sending the request body')
            elif ptype == END_RESPONSE:
                resp.reuse = bool(_Reader(rest, 'END_RESPONSE packet').u8()) if rest else False
                break
            else:
                raise AjpError('protocol_error', 'unexpected %s (type %d) from %s while reading the response'
                               % (MESSAGE_NAMES.get(ptype, 'unknown packet'), ptype, conn.address))
        if resp.status is None:
            raise AjpError('protocol_error', 'END_RESPONSE from %s without SEND_HEADERS' % conn.address)
        resp.body = b''.join(body_parts)
    resp.elapsed = time.monotonic() - start
    return resp


def _plain_address(addr):
    """A local socket address as remote_addr: IPv6 without its zone id."""
    return addr.split('%', 1)[0] if addr else addr


def classify_status(status):
    """Error class for an HTTP status seen over AJP: 'forbidden' for 403, else None."""
    return 'forbidden' if status == 403 else None
