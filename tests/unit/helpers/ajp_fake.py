# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An in-process fake AJP13 peer for what a real Tomcat cannot be made to do.

Not a test file: the AJP tests import it as
``ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.ajp_fake``.

Each connection is served in its own thread by a *behaviour*: a callable ``(conn, server)``.
The behaviours below cover slow replies, truncated and oversized packets, garbage, silence,
resets mid-packet, an HTTP listener, and scripted FORWARD_REQUEST responses.
"""

from __future__ import annotations

import socket
import struct
import time

from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import LoopbackServer, closing_all, free_port

CPING = b'\x0a'
CPONG = b'AB\x00\x01\x09'

# timeouts every AJP module refuses (one check, module_utils/_ajp.check_timeout), with the words of the refusal
BAD_TIMEOUTS = [
    ({'timeout': float('inf')}, 'timeout must be a finite number of seconds'),
    ({'timeout': 'inf'}, 'timeout must be a finite number of seconds'),
    ({'timeout': float('nan')}, 'timeout must be a finite number of seconds'),
    ({'timeout': 1e308}, 'at most 3600 seconds'),
    ({'timeout': 1e9}, 'at most 3600 seconds'),
]


closed_port = free_port   # a loopback port nothing listens on (connecting is refused)


class FakeAjpServer(LoopbackServer):
    """Listen on loopback; serve every connection with ``behaviour(conn, server)`` in a thread.

    ``server.requests`` gets the decoded FORWARD_REQUESTs (and bodies) the behaviours append.
    """

    join_timeout = 2


def servers():
    """``with servers() as start: srv = start(behaviour, **kw)``; every server is closed at the end.

    The tests wrap it in a ``server`` fixture.
    """
    return closing_all(FakeAjpServer)


def recv_exact(conn, n):
    data = b''
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_client_packet(conn):
    """Read one web-server->container packet; returns the payload or None on EOF."""
    head = recv_exact(conn, 4)
    if head is None:
        return None
    assert head[:2] == b'\x12\x34', head
    n = struct.unpack('>H', head[2:])[0]
    return recv_exact(conn, n) if n else b''


def ajp_string(value):
    if value is None:
        return b'\xff\xff'
    raw = value.encode('utf-8') if not isinstance(value, bytes) else value
    return struct.pack('>H', len(raw)) + raw + b'\x00'


def packet(payload):
    return b'AB' + struct.pack('>H', len(payload)) + payload


def send_headers(status, reason, headers):
    out = struct.pack('>BH', 4, status) + ajp_string(reason) + struct.pack('>H', len(headers))
    for name, value in headers:
        if isinstance(name, int):
            out += struct.pack('>H', name)
        else:
            out += ajp_string(name)
        out += ajp_string(value)
    return packet(out)


def body_chunk(data):
    return packet(struct.pack('>BH', 3, len(data)) + data + b'\x00')


def end_response(reuse=True):
    return packet(struct.pack('>BB', 5, 1 if reuse else 0))


def get_body_chunk(n):
    return packet(struct.pack('>BH', 6, n))


def parse_forward_request(payload):
    """Decode enough of a FORWARD_REQUEST for assertions."""
    pos = [0]

    def u8():
        v = bytearray(payload[pos[0]:pos[0] + 1])[0]
        pos[0] += 1
        return v

    def u16():
        v = struct.unpack('>H', payload[pos[0]:pos[0] + 2])[0]
        pos[0] += 2
        return v

    def string():
        n = u16()
        if n == 0xFFFF:
            return None
        v = payload[pos[0]:pos[0] + n].decode('utf-8')
        assert payload[pos[0] + n:pos[0] + n + 1] == b'\x00'
        pos[0] += n + 1
        return v

    assert u8() == 2
    req = {'method_code': u8(), 'protocol': string(), 'uri': string(), 'remote_addr': string(),
           'remote_host': string(), 'server_name': string(), 'server_port': u16(), 'is_ssl': u8(),
           'headers': [], 'attributes': []}
    for dummy in range(u16()):
        peek = struct.unpack('>H', payload[pos[0]:pos[0] + 2])[0]
        if peek & 0xFF00 == 0xA000:
            name = u16()
        else:
            name = string()
        req['headers'].append((name, string()))
    while True:
        code = u8()
        if code == 0xFF:
            break
        if code == 0x0A:
            req['attributes'].append((code, (string(), string())))
        elif code == 0x0B:
            req['attributes'].append((code, u16()))
        else:
            req['attributes'].append((code, string()))
    assert pos[0] == len(payload), 'trailing bytes after the request terminator'
    return req


# -- behaviours ---------------------------------------------------------------------------

def packets(conn, answer_cping=True):
    """Each web-server->container packet's payload until EOF; a CPing is answered with a CPong (and not
    yielded) unless ``answer_cping`` is False."""
    while True:
        payload = read_client_packet(conn)
        if payload is None:
            return
        if answer_cping and payload == CPING:
            conn.sendall(CPONG)
            continue
        yield payload


def cpong(conn, server):
    """A healthy connector: answer every CPing, keep the connection open (like Tomcat)."""
    for dummy in packets(conn):
        pass


def slow_cpong(delay):
    def behaviour(conn, server):
        for dummy in packets(conn, answer_cping=False):
            if not server.wait(delay):
                return
            conn.sendall(CPONG)
    return behaviour


def reply_after_cping(data, then_close=True):
    """Read the CPing, send ``data`` verbatim, then close (or keep silent until stopped)."""
    def behaviour(conn, server):
        if read_client_packet(conn) is None:
            return
        conn.sendall(data)
        if not then_close:
            server.wait(60)
    return behaviour


def silence(conn, server):
    """Accept, read everything, never answer."""
    conn.settimeout(0.2)
    while not server.stopping.is_set():
        try:
            if not conn.recv(4096):
                return
        except socket.timeout:
            continue


def close_immediately(conn, server):
    """Read the CPing, then close without a reply (what a paused Tomcat does)."""
    read_client_packet(conn)
    conn.close()


def drip(conn, server):
    """A valid header announcing a big packet, then one byte every 0.2 s: every read is fast, only
    the overall deadline can stop the client."""
    read_client_packet(conn)
    conn.sendall(b'AB\x01\x00')
    while server.wait(0.2):
        conn.sendall(b'\x03')


def reset_mid_packet(conn, server):
    """Half a packet, then an RST (SO_LINGER 0)."""
    read_client_packet(conn)
    conn.sendall(b'AB\x00\x10\x04\x00')
    time.sleep(0.05)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    conn.close()


def http_listener(conn, server):
    """What Tomcat's HTTP connector answers to a CPing."""
    conn.recv(4096)
    conn.sendall(b'HTTP/1.1 400 \r\nContent-Type: text/html;charset=utf-8\r\nContent-Language: en\r\n'
                 b'Content-Length: 435\r\nDate: Sun, 22 Nov 2026 06:00:00 GMT\r\nConnection: close\r\n\r\n<!doctype html>')


def responder(status=200, reason=None, headers=None, chunks=(b'hello',), reuse=True, read_body=True):
    """Answer FORWARD_REQUESTs; records each decoded request (and its body) in server.requests."""
    def behaviour(conn, server):
        for payload in packets(conn):
            req = parse_forward_request(payload)
            length = 0
            for name, value in req['headers']:
                if name == 0xA008:
                    length = int(value)
            body = b''
            if length and read_body:
                while True:
                    chunk = read_client_packet(conn)
                    assert chunk is not None, 'EOF while reading the body'
                    if not chunk:
                        break
                    n = struct.unpack('>H', chunk[:2])[0]
                    body += chunk[2:2 + n]
                    if len(body) >= length:
                        break
                    conn.sendall(get_body_chunk(8186))
            req['body'] = body
            server.requests.append(req)
            out = send_headers(status, reason if reason is not None else str(status), headers or [])
            for c in chunks:
                out += body_chunk(c)
            out += body_chunk(b'') + end_response(reuse)
            conn.sendall(out)
            if not reuse:
                return
    return behaviour
