# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The jkstatus_info and jkstatus_member module entry points: argument handling and clean failures.

Only what happens before or without a status worker runs here (a refused connection on loopback is real);
the modules against real httpd + mod_jk: molecule/default/tests/test_jkstatus.py."""

from __future__ import annotations

import json
import socket

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.webtier.tomcat_cluster.plugins.modules import jkstatus_info, jkstatus_member


def run(module, args, capsys):
    with patch_module_args(args):
        with pytest.raises(SystemExit) as exc:
            module.main()
    out = capsys.readouterr().out
    result = json.loads(out)
    result['_rc'] = exc.value.code
    result['_raw'] = out
    return result


def closed_port_url():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return 'http://127.0.0.1:%d/jkstatus' % port


def test_info_unreachable_fails_cleanly(capsys):
    r = run(jkstatus_info, {'url': closed_port_url(), 'timeout': 2}, capsys)
    assert r['_rc'] == 1 and r['failed'] is True
    assert r['error'] == 'unreachable' and 'connection refused' in r['msg']
    assert 'Traceback' not in r['_raw']


def test_member_needs_a_selector(capsys):
    r = run(jkstatus_member, {'activation': 'disabled', 'url': closed_port_url()}, capsys)
    assert r['failed'] is True and 'one of the following is required: member, route, was_host' in r['msg']


def test_member_activation_choices(capsys):
    r = run(jkstatus_member, {'activation': 'paused', 'route': 'a-was1'}, capsys)
    assert r['failed'] is True and 'activation' in r['msg'] and 'active, disabled, stopped' in r['msg']


@pytest.mark.parametrize('args, text', [
    ({'url': 'http://ops:Hidden4567@127.0.0.1:8099/jkstatus'}, 'must not contain credentials'),
    ({'timeout': 600}, 'at most 60'),
    ({'drain': True, 'activation': 'active'}, 'only makes sense'),
    ({'drain_timeout': -5}, 'drain_timeout'),
])
def test_member_bad_arguments_fail_before_any_request(args, text, capsys):
    base = {'activation': 'disabled', 'route': 'a-was1', 'url': closed_port_url()}
    base.update(args)
    r = run(jkstatus_member, base, capsys)
    assert r['failed'] is True and r['error'] == 'invalid' and text in r['msg'], r
    assert 'Hidden4567' not in r['_raw']


def test_member_password_is_not_logged(capsys):
    r = run(jkstatus_member, {'activation': 'stopped', 'route': 'a-was1', 'url': closed_port_url(),
                              'url_username': 'ops', 'url_password': 'Secret98765', 'timeout': 2}, capsys)
    assert r['failed'] is True and r['error'] == 'unreachable'
    assert 'Secret98765' not in r['_raw']


def test_info_credentials_in_url_are_refused_and_masked(capsys):
    r = run(jkstatus_info, {'url': 'http://ops:Hidden4567@127.0.0.1:8099/jkstatus'}, capsys)
    assert r['failed'] is True and r['error'] == 'invalid' and 'must not contain credentials' in r['msg']
    assert 'Hidden4567' not in r['_raw']
