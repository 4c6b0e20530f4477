# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The firewalld_access module entry point: argument spec, docs, check/diff mode, fail_json."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest
import yaml

from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args
from ansible_collections.webtier.tomcat_cluster.plugins.modules import firewalld_access
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.firewalld_fake import FIREWALL_CMD, OFFLINE_CMD, FakeFirewalld

AJP = 'rule family="ipv4" source address="192.0.2.10" port port="8009" protocol="tcp" accept'


class _Exit(Exception):
    def __init__(self, result, failed):
        super(_Exit, self).__init__(result)
        self.result = result
        self.failed = failed


def _run(monkeypatch, args, fake=None, bins=(FIREWALL_CMD, OFFLINE_CMD)):
    """Run main() with ``args``; firewall-cmd is answered by ``fake`` (firewalld cannot run here)."""
    warned = []

    def warn(self, warning):
        # recorded here: where module.warn() ends up depends on what else the test run imported
        # (with ansible's controller code loaded, ansible-core 2.19 routes it to the display)
        warned.append(warning)

    def exit_json(self, **kwargs):
        kwargs['warnings'] = list(warned)
        raise _Exit(kwargs, False)

    def fail_json(self, **kwargs):
        raise _Exit(kwargs, True)

    def get_bin_path(self, name, *a, **kw):
        for path in bins:
            if path.endswith('/' + name):
                return path
        return None

    def run_command(self, argv, **kwargs):
        if fake is None:
            raise AssertionError('firewalld must not be called: %s' % argv)
        return fake(argv, **kwargs)

    monkeypatch.setattr(basic.AnsibleModule, 'warn', warn)
    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)
    monkeypatch.setattr(basic.AnsibleModule, 'get_bin_path', get_bin_path)
    monkeypatch.setattr(basic.AnsibleModule, 'run_command', run_command)
    with patch_module_args(args):
        with pytest.raises(_Exit) as info:
            firewalld_access.main()
    return info.value


def test_documentation_matches_argument_spec():
    doc = yaml.safe_load(firewalld_access.DOCUMENTATION)
    assert 'webtier.tomcat_cluster.attributes' in doc['extends_documentation_fragment']
    assert doc['attributes']['check_mode']['support'] == doc['attributes']['diff_mode']['support'] == 'full'
    yaml.safe_load(firewalld_access.EXAMPLES)
    yaml.safe_load(firewalld_access.RETURN)
    assert doc['module'] == 'firewalld_access'
    assert doc['version_added'] == '0.1.0'
    assert set(doc['options']) == {'zone', 'ports', 'sources', 'state', 'exclusive', 'permanent', 'immediate', 'offline'}
    assert doc['options']['ports']['required'] is True
    assert doc['options']['offline']['choices'] == ['auto', 'never']


def test_examples_cover_the_three_use_cases():
    examples = yaml.safe_load(firewalld_access.EXAMPLES)
    ports = [task['webtier.tomcat_cluster.firewalld_access']['ports'] for task in examples]
    assert ['8009/tcp'] in ports and ['5000/tcp', '45564/udp'] in ports and ['80/tcp', '443/tcp'] in ports


def test_missing_ports_is_an_argument_error(monkeypatch):
    out = _run(monkeypatch, {})
    assert out.failed and 'ports' in out.result['msg']


def test_bad_choice(monkeypatch):
    out = _run(monkeypatch, {'ports': ['80/tcp'], 'offline': 'always'})
    assert out.failed and 'offline' in out.result['msg']


def test_invalid_values_fail_before_firewalld_is_called(monkeypatch):
    out = _run(monkeypatch, {'ports': ['8009/tcpx'], 'sources': ['192.0.2.10/24']})
    assert out.failed
    assert "'8009/tcpx'" in out.result['msg'] and 'host bits set' in out.result['msg']
    json.dumps(out.result)


def test_no_firewalld(monkeypatch):
    out = _run(monkeypatch, {'ports': ['80/tcp']}, bins=())
    assert out.failed and 'install firewalld' in out.result['msg']


def test_present_then_idempotent_with_diff(monkeypatch):
    fake = FakeFirewalld()
    args = {'ports': ['8009/tcp'], 'sources': ['192.0.2.10'], '_ansible_diff': True}
    out = _run(monkeypatch, args, fake)
    assert not out.failed and out.result['changed']
    assert out.result['rules_added'] == [AJP]
    assert AJP in out.result['diff']['after'] and AJP not in out.result['diff']['before']
    out = _run(monkeypatch, args, fake)
    assert not out.result['changed'] and out.result['rules_added'] == []


def test_check_mode(monkeypatch):
    fake = FakeFirewalld()
    out = _run(monkeypatch, {'ports': ['8009/tcp'], 'sources': ['192.0.2.10'], '_ansible_check_mode': True}, fake)
    assert out.result['changed'] and out.result['rules_added'] == [AJP]
    assert 'diff' not in out.result
    assert fake.permanent['public'].rich_rules == [] and fake.runtime['public'].rich_rules == []


def test_unknown_zone_message(monkeypatch):
    out = _run(monkeypatch, {'ports': ['80/tcp'], 'zone': 'nosuch'}, FakeFirewalld())
    assert out.failed
    assert 'INVALID_ZONE: nosuch' in out.result['msg'] and out.result['rc'] == 112


def test_daemon_down_offline_never(monkeypatch):
    out = _run(monkeypatch, {'ports': ['80/tcp'], 'offline': 'never'}, FakeFirewalld(running=False))
    assert out.failed and 'not running' in out.result['msg']


def test_daemon_down_offline_auto_warns(monkeypatch):
    fake = FakeFirewalld(running=False)
    out = _run(monkeypatch, {'ports': ['80/tcp']}, fake)
    assert out.result['changed'] and out.result['offline']
    assert any('not running' in w for w in out.result.get('warnings', []))
    assert fake.permanent['public'].ports == ['80/tcp']


@pytest.mark.parametrize('ports, shown', [
    ([True], "'True'"),
    ([8009.0], "'8009.0'"),
    ([8009.9], "'8009.9'"),
    ([8009], "'8009'"),
    (['8009/tcp\n'], "'8009/tcp\\n' contains a control character"),
    ([{'port': 8009}], "is not PORT/PROTOCOL"),
])
def test_non_port_values_are_refused_before_firewalld(monkeypatch, ports, shown):
    out = _run(monkeypatch, {'ports': ports})
    assert out.failed and shown in out.result['msg'], out.result['msg']
    assert 'Traceback' not in out.result['msg']


@pytest.mark.parametrize('args, shown', [
    ({'ports': ['80/tcp'], 'sources': ['192.0.2.10\n']}, "'192.0.2.10\\n' contains a control character"),
    ({'ports': ['80/tcp'], 'sources': [True]}, "'True' is not an IPv4/IPv6"),
    ({'ports': ['80/tcp'], 'zone': 'public\n'}, "'public\\n' contains a control character"),
    ({'ports': ['80/tcp'], 'exclusive': 'maybe'}, 'exclusive'),
])
def test_bad_sources_zone_and_flags(monkeypatch, args, shown):
    out = _run(monkeypatch, args)
    assert out.failed and shown in out.result['msg'], out.result['msg']


def test_unexpected_errors_become_one_clear_message(monkeypatch):
    def broken(argv, **kwargs):
        raise RuntimeError('boom')

    out = _run(monkeypatch, {'ports': ['80/tcp']}, broken)
    assert out.failed
    assert out.result['msg'] == 'firewalld_access: unexpected RuntimeError: boom'
    assert 'Traceback' in out.result['exception'] and 'Traceback' not in out.result['msg']


def test_partial_failure_is_reported_as_changed(monkeypatch):
    fake = FakeFirewalld(runtime_error='COMMAND_FAILED: nft failed')
    out = _run(monkeypatch, {'ports': ['8009/tcp'], 'sources': ['192.0.2.10']}, fake)
    assert out.failed and out.result['changed'] is True
    assert 'already changed' in out.result['msg']
    json.dumps(out.result)
