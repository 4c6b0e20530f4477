# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ajp_ping and ajp_request through ansible-playbook itself (connection local) against real Tomcat.

Runs tests/integration/targets/ajp/tasks/main.yml with the ports of the shared ajp_tomcat fixture.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import shutil
import socket
import subprocess
import sys

import pytest

pytestmark = pytest.mark.tomcat

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
TARGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'targets', 'ajp')


def _closed_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _ansible_playbook():
    cand = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return cand if os.path.exists(cand) else shutil.which('ansible-playbook')


def test_ajp_modules_through_ansible_playbook(ajp_tomcat, tmp_path):
    playbook_bin = _ansible_playbook()
    if not playbook_bin:
        pytest.skip('ansible-playbook not found')
    ports = ajp_tomcat.ports
    inventory = {
        'all': {
            'vars': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable},
            'children': {
                'web': {'hosts': {'web-01': {}}},
                'was': {
                    'hosts': {'was-01': {'tomcat_private_address': '127.0.0.1'},
                              'was-02': {'tomcat_private_address': '127.0.0.1'}},
                    'vars': {'tomcat_instances': [
                        {'name': 'a-was', 'site': 'a', 'ajp_port': ports['ajp_port']},
                        {'name': 'b-was', 'site': 'b', 'ajp_port': ports['ajp_open_port']}]},
                },
            },
        },
    }
    (tmp_path / 'inventory.json').write_text(json.dumps(inventory))
    extra = {
        'ajp_test_host': '127.0.0.1',
        'ajp_test_port': ports['ajp_port'],
        'ajp_test_open_port': ports['ajp_open_port'],
        'ajp_test_broken_port': ports['ajp_broken_port'],
        'ajp_test_http_port': ports['http_port'],
        'ajp_test_closed_port': _closed_port(),
        'ajp_test_secret': ajp_tomcat.secret,
        'ajp_test_jvm_route': ajp_tomcat.jvm_route,
    }
    (tmp_path / 'vars.json').write_text(json.dumps(extra))
    (tmp_path / 'site.yml').write_text(
        '---\n- name: AJP modules\n  hosts: web\n  gather_facts: false\n  tasks:\n'
        '    - name: Run the ajp target\n      ansible.builtin.include_tasks: %s\n' % os.path.join(TARGET, 'tasks', 'main.yml'))
    env = dict(os.environ)
    env.setdefault('ANSIBLE_COLLECTIONS_PATH', os.path.join(ROOT, '.cache', 'collections'))
    env.setdefault('ANSIBLE_CONFIG', os.path.join(ROOT, 'ansible.cfg'))
    env.update({'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_FORCE_COLOR': '0', 'ANSIBLE_LOCAL_TEMP': str(tmp_path / 'ansible-tmp'),
                'ANSIBLE_HOME': str(tmp_path / 'ansible-home')})
    proc = subprocess.run([playbook_bin, '-i', str(tmp_path / 'inventory.json'), '-e', '@' + str(tmp_path / 'vars.json'),
                           str(tmp_path / 'site.yml')], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=300, check=False)
    out = proc.stdout.decode('utf-8', 'replace')
    assert proc.returncode == 0, out
    assert 'failed=0' in out
    assert 'Every WAS host x instance was checked' in out
    assert ajp_tomcat.secret not in out
    assert 'Traceback' not in out
