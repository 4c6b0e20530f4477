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

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import free_port
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.playbook import run_playbook, write_inventory

pytestmark = pytest.mark.tomcat

TARGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'targets', 'ajp')


def test_ajp_modules_through_ansible_playbook(ajp_tomcat, tmp_path):
    ports = ajp_tomcat.ports
    inventory = write_inventory(tmp_path, {
        'web': {'hosts': {'web-01': {}}},
        'was': {
            'hosts': {'was-01': {'tomcat_private_address': '127.0.0.1'},
                      'was-02': {'tomcat_private_address': '127.0.0.1'}},
            'vars': {'tomcat_instances': [
                {'name': 'a-was', 'site': 'a', 'ajp_port': ports['ajp_port']},
                {'name': 'b-was', 'site': 'b', 'ajp_port': ports['ajp_open_port']}]},
        },
    })
    extra = {
        'ajp_test_host': '127.0.0.1',
        'ajp_test_port': ports['ajp_port'],
        'ajp_test_open_port': ports['ajp_open_port'],
        'ajp_test_broken_port': ports['ajp_broken_port'],
        'ajp_test_http_port': ports['http_port'],
        'ajp_test_closed_port': free_port(),
        'ajp_test_secret': ajp_tomcat.secret,
        'ajp_test_jvm_route': ajp_tomcat.jvm_route,
    }
    (tmp_path / 'vars.json').write_text(json.dumps(extra))
    (tmp_path / 'site.yml').write_text(
        '---\n- name: AJP modules\n  hosts: web\n  gather_facts: false\n  tasks:\n'
        '    - name: Run the ajp target\n      ansible.builtin.include_tasks: %s\n' % os.path.join(TARGET, 'tasks', 'main.yml'))
    proc = run_playbook(tmp_path, '-i', inventory, '-e', '@' + str(tmp_path / 'vars.json'), tmp_path / 'site.yml',
                        merge_output=True)
    out = proc.stdout
    assert proc.returncode == 0, out
    assert 'failed=0' in out
    assert 'Every WAS host x instance was checked' in out
    assert ajp_tomcat.secret not in out
    assert 'Traceback' not in out
