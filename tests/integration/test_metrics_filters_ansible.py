# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The filters metrics_targets and metrics_sources through real Ansible: the real hostvars (templated host variables,
the tomcat role's tomcat_private_address, ansible_host), as the metrics and monitoring roles call them."""

from __future__ import annotations

import json

import yaml

from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.playbook import run_play, run_playbook, write_inventory

CHILDREN = yaml.safe_load("""
web:
  hosts:
    web-01:
      metrics_listen_address: "{{ '10.0.1.' ~ 11 }}"
was:
  hosts:
    was-01:
      tomcat_private_address: 10.0.2.11
      metrics_tomcat_port: "{{ 9000 + 700 }}"
monitoring:
  hosts:
    mon-01:
      ansible_host: 10.0.0.9
    mon-02:
      metrics_scrape_address: fd00::9
""")
PLAYBOOK = """- name: The filters on the real hostvars
  hosts: localhost
  gather_facts: false
  tasks:
    - ansible.builtin.copy:
        content: "{{ {'web': groups['web'] | webtier.tomcat_cluster.metrics_targets(hostvars, 'modjk'),
                      'was': groups['was'] | webtier.tomcat_cluster.metrics_targets(hostvars, 'tomcat'),
                      'sources': groups['monitoring'] | webtier.tomcat_cluster.metrics_sources(hostvars),
                      'none': groups['nothing'] | default([]) | webtier.tomcat_cluster.metrics_sources(hostvars)}
                     | to_json }}"
        dest: "%s/out.json"
        mode: "0600"
"""


def test_the_filters_read_the_real_hostvars(tmp_path):
    run_play(tmp_path, CHILDREN, PLAYBOOK % tmp_path)
    out = json.loads((tmp_path / 'out.json').read_text())
    assert out == {
        'web': [{'host': 'web-01', 'address': '10.0.1.11', 'port': 9650, 'target': '10.0.1.11:9650'}],
        'was': [{'host': 'was-01', 'address': '10.0.2.11', 'port': 9700, 'target': '10.0.2.11:9700'}],
        'sources': ['10.0.0.9/32', 'fd00::9/128'],
        'none': [],
    }


def test_a_host_without_an_address_fails_naming_it(tmp_path):
    (tmp_path / 'pb.yml').write_text(PLAYBOOK.replace("groups['monitoring']", "['web-01']") % tmp_path)
    children = dict(CHILDREN, web={'hosts': {'web-01': {'metrics_listen_address': '{{ undefined_thing }}'}}})
    proc = run_playbook(tmp_path, '-i', write_inventory(tmp_path, children), tmp_path / 'pb.yml')
    assert proc.returncode != 0
    assert 'undefined_thing' in proc.stdout and 'Traceback' not in proc.stdout + proc.stderr
