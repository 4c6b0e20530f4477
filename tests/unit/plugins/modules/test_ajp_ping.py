# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of the ajp_ping module's argument handling and results, against the in-process
fake AJP peer. (Real Tomcat: tests/integration/test_ajp_tomcat.py and, through ansible-playbook,
tests/integration/test_ajp_ansible.py.)"""

from __future__ import annotations

import time

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.modules import ajp_ping
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers import ajp_fake as fake
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module as run
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import SLACK, within


@pytest.fixture
def server():
    with fake.servers() as start:
        yield start


def test_ping_all_healthy(server, capsys):
    a, b = server(fake.cpong), server(fake.cpong)
    res = run(ajp_ping, {'targets': ['127.0.0.1:%d' % a.port, {'host': 'localhost', 'port': b.port, 'name': 'b-was1'}],
                         'count': 3}, capsys)
    assert res['_rc'] == 0
    assert res['changed'] is False
    assert res['healthy_count'] == 2 and res['unhealthy_count'] == 0
    assert [t['name'] for t in res['targets']] == ['127.0.0.1:%d' % a.port, 'b-was1']
    assert all(t['pings'] == 3 and t['error'] is None for t in res['targets'])


def test_ping_failure_names_every_unhealthy_target(server, capsys):
    good, silent, http = server(fake.cpong), server(fake.silence), server(fake.http_listener)
    dead = fake.closed_port()
    start = time.monotonic()
    res = run(ajp_ping, {'targets': ['127.0.0.1:%d' % good.port, {'host': '127.0.0.1', 'port': silent.port, 'name': 'silent'},
                                     {'host': '127.0.0.1', 'port': http.port, 'name': 'http'},
                                     {'host': '127.0.0.1', 'port': dead, 'name': 'dead'}],
                         'timeout': 1}, capsys)
    assert time.monotonic() - start < 1.6
    assert res['_rc'] == 1 and res['failed'] is True
    assert res['unhealthy_count'] == 3 and res['healthy_count'] == 1
    assert res['msg'].startswith('3 of 4 AJP targets unhealthy: ')
    for piece in ('silent (timeout', 'http (not_ajp', 'dead (refused'):
        assert piece in res['msg']
    assert 'Traceback' not in res['_raw']


def test_ping_fail_on_unhealthy_false(server, capsys):
    res = run(ajp_ping, {'targets': ['127.0.0.1:%d' % fake.closed_port()], 'fail_on_unhealthy': False}, capsys)
    assert res['_rc'] == 0 and not res.get('failed')
    assert res['targets'][0]['healthy'] is False and res['targets'][0]['error'] == 'refused'


def test_ping_check_mode_still_checks(server, capsys):
    srv = server(fake.cpong)
    res = run(ajp_ping, {'targets': ['127.0.0.1:%d' % srv.port], '_ansible_check_mode': True}, capsys)
    assert res['_rc'] == 0 and res['healthy_count'] == 1
    assert srv.connections == 1


@pytest.mark.parametrize('args,words', [
    ({'targets': ['was-01:http']}, 'invalid target'),
    ({'targets': []}, 'targets is empty'),
    ({'targets': ['a:1'], 'timeout': 0}, 'timeout must be greater than 0'),
    ({'targets': ['a:1'], 'count': 0}, 'count must be between 1 and 1000'),
    ({'targets': ['a:1'], 'packet_size': 1024}, 'packet_size must be between'),
    ({'targets': [{'hots': 'a'}]}, 'unknown keys'),
])
def test_ping_bad_arguments(args, words, capsys):
    res = run(ajp_ping, args, capsys)
    assert res['_rc'] == 1
    assert words in res['msg']


@pytest.mark.parametrize('args,words', fake.BAD_TIMEOUTS + [
    ({'timeout': float('-inf')}, 'timeout must be a finite number of seconds'),
    ({'timeout': 'NaN'}, 'timeout must be a finite number of seconds'),
    ({'timeout': 3601}, 'at most 3600 seconds'),
    ({'count': True}, 'count must be an integer, got the boolean True'),
    ({'count': 1001}, 'count must be between 1 and 1000'),
    ({'count': 10 ** 12}, 'count must be between 1 and 1000'),
    ({'packet_size': True}, 'packet_size must be an integer'),
    ({'targets': ['host:8009:x']}, "invalid target: target 'host:8009:x': host 'host:8009:x' is neither a host name"),
    ({'targets': [{'host': 'was-01', 'port': True}]}, 'invalid target'),
    ({'targets': [{'host': 'was-01', 'port': 8009.9}]}, 'port must be a whole number, got 8009.9'),
    ({'targets': ['was-01:8009.9']}, "port '8009.9' is not a number"),
    ({'targets': ['was 01:8009']}, 'not a valid host name'),
    ({'targets': ['was-01\r\n:8009']}, 'not a valid host name'),
    ({'targets': [None]}, 'must be a "host:port" string'),
    ({'targets': [['was-01', 8009]]}, 'must be a "host:port" string'),
])
def test_ping_bad_input_fails_clearly_without_checking(server, args, words, capsys):
    # A silent peer: a timeout that slipped through would hang (1e9) or crash (inf, nan)
    srv = server(fake.silence)
    base = {'targets': ['127.0.0.1:%d' % srv.port]}
    base.update(args)
    start = time.monotonic()
    res = run(ajp_ping, base, capsys)
    assert time.monotonic() - start < 1
    assert res['_rc'] == 1 and res['failed'] is True
    assert words in res['msg'], res['msg']
    assert 'Traceback' not in res['_raw'] and 'exception' not in res
    assert srv.connections == 0


def test_ping_timeout_upper_bound_is_accepted(server, capsys):
    srv = server(fake.cpong)
    res = run(ajp_ping, {'targets': ['127.0.0.1:%d' % srv.port], 'timeout': 3600}, capsys)
    assert res['_rc'] == 0 and res['healthy_count'] == 1


def trickled_cpong(conn, server):
    """Read the CPing, then answer the CPong one byte every 0.5 s: each read is fast, the whole is not."""
    fake.read_client_packet(conn)
    for i in range(len(fake.CPONG)):
        conn.sendall(fake.CPONG[i:i + 1])
        if not server.wait(0.5):
            return


def test_ping_trickled_cpong_deadline(server, capsys):
    srv = server(trickled_cpong)
    res, error, elapsed = within(2 + SLACK, run, ajp_ping, {'targets': ['127.0.0.1:%d' % srv.port], 'timeout': 2,
                                                            'count': 3}, capsys)
    assert error is None, error
    assert res['_rc'] == 1 and res['targets'][0]['error'] == 'timeout' and 'deadline' in res['targets'][0]['msg']
    assert elapsed < 2 + SLACK and 'Traceback' not in res['_raw']
