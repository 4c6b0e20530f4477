# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The cluster model through real Ansible: hostvars, role defaults, play vars, both roles' entry points.

One ansible-playbook run (connection local, no facts): the tomcat role's validate.yml + resolve.yml on the
WAS hosts and the httpd_modjk role's facts.yml on the web host write what they computed to JSON files.
The model is computed once (the action cluster_facts) and both roles read the same fact; their views must
agree on every jvmRoute, address and AJP port; inventory values, templated host vars,
the tomcat role's defaults (for a WAS host without tomcat_instances) and a deprecated variable name are
all exercised.
"""

from __future__ import annotations

import json

import pytest
import yaml

from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.playbook import run_play

AJP_SECRET = 'Abcdefgh12345678XYZ'

CHILDREN = yaml.safe_load("""
was:
  hosts:
    was-01:
      tomcat_private_address: "{{ '10.0.0.' ~ 1 }}"
    was-02:
      tomcat_private_address: 10.0.0.2
      tomcat_instances:
        - {name: a-was, site: a, shutdown_port: 8005, ajp_port: 8109, cluster_port: 5000, multicast_port: 45564,
           jvm_route: special}
web:
  hosts:
    web-01:
      tomcat_private_address: 10.0.1.1
""")
PLAYBOOK = """- name: WAS side
  hosts: was
  gather_facts: false
  vars:
    tomcat_firewalld_enabled: true
  tasks:
    - ansible.builtin.include_role:
        name: webtier.tomcat_cluster.tomcat
        tasks_from: validate.yml
    - ansible.builtin.include_role:
        name: webtier.tomcat_cluster.tomcat
        tasks_from: resolve.yml
        # the role's variables (vars/main.yml: __tomcat_resolved, ... from the model) for the task below
        public: true
    - ansible.builtin.copy:
        content: "{{ {'resolved': __tomcat_resolved, 'address': __tomcat_address, 'web': __tomcat_web_addresses,
                      'order': ansible_facts.webtier_cluster_model.order,
                      'model': ansible_facts.webtier_cluster_model} | to_json }}"
        dest: "%(out)s/{{ inventory_hostname }}.json"
        mode: "0600"

- name: Web side
  hosts: web
  gather_facts: false
  tasks:
    - ansible.builtin.include_role:
        name: webtier.tomcat_cluster.httpd_modjk
        tasks_from: facts.yml
    - ansible.builtin.copy:
        content: "{{ dict(httpd_modjk_topology, model=ansible_facts.webtier_cluster_model) | to_json }}"
        dest: "%(out)s/{{ inventory_hostname }}.json"
        mode: "0600"
"""


@pytest.fixture(scope='module')
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('cluster-model')
    out = tmp / 'out'
    out.mkdir()
    proc = run_play(tmp, CHILDREN, PLAYBOOK % {'out': out}, {'tomcat_ajp_secret': AJP_SECRET}, merge_output=True)
    return dict((p.stem, json.loads(p.read_text())) for p in out.iterdir()), proc.stdout


def test_was_hosts_resolve_their_instances(run):
    data = run[0]
    was1, was2 = data['was-01'], data['was-02']
    assert was1['address'] == '10.0.0.1' and was2['address'] == '10.0.0.2'
    assert [(i['name'], i['jvm_route'], i['ajp_port']) for i in was1['resolved']] == [
        ('a-was', 'a-was1', 8009), ('b-was', 'b-was1', 8019)]        # the tomcat role's defaults
    assert [(i['name'], i['jvm_route'], i['ajp_port']) for i in was2['resolved']] == [('a-was', 'special', 8109)]
    assert was1['web'] == ['10.0.1.1']
    members = was1['resolved'][0]['members']
    assert [m['host'] for m in members] == ['10.0.0.1', '10.0.0.2']
    assert members == was2['resolved'][0]['members']                  # the same list on every host
    assert was1['order'] == was2['order']
    assert [(s['host'], s['name'], s['wave']) for s in was1['order']] == [
        ('was-01', 'a-was', 0), ('was-01', 'b-was', 0), ('was-02', 'a-was', 1)]


def test_web_side_agrees_with_the_was_side(run):
    data = run[0]
    topology = data['web-01']
    assert [(m['name'], m['host'], m['port'], m['site']) for m in topology['members']] == [
        ('a-was1', '10.0.0.1', 8009, 'a'), ('b-was1', '10.0.0.1', 8019, 'b'), ('special', '10.0.0.2', 8109, 'a')]
    assert [(s['name'], s['balancer'], [m['name'] for m in s['members']]) for s in topology['sites']] == [
        ('a', 'a-loadbalancer', ['a-was1', 'special']), ('b', 'b-loadbalancer', ['b-was1'])]
    assert topology['ping_targets'][2] == {'host': '10.0.0.2', 'port': 8109, 'name': 'special'}


def test_one_model_for_both_roles(run):
    """Computed once in the run (the WAS play), reused by the web play: the very same fact everywhere."""
    data = run[0]
    models = [data[h]['model'] for h in ('was-01', 'was-02', 'web-01')]
    assert models[0] == models[1] == models[2]
    assert models[0]['errors'] == [] and models[0]['run'] and len(models[0]['inputs']) == 64


def test_deprecated_name_is_reported(run):
    stdout = run[1]
    assert 'tomcat_firewalld_enabled is deprecated, use tomcat_firewall_manage' in stdout
