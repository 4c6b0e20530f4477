#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: cluster_facts
short_description: The cluster model of the inventory, computed once per run, as one fact
version_added: 0.2.0
author:
  - webtier maintainers (@webtier)
description:
  - Computes the cluster model of the WAS and web groups - addresses, Tomcat instances, ports, jvmRoutes, sites,
    mod_jk members, start order, and every problem of the inventory - with the filter
    P(webtier.tomcat_cluster.cluster_model#filter), and publishes it as the fact C(webtier_cluster_model)
    (C(ansible_facts['webtier_cluster_model'])). Both roles, the verify role and the day-2 playbooks read that fact.
  - Runs on the controller, for every host of the play; gather the network facts of both groups first.
  - Every host gets the model of its own inputs. Hosts with the same inputs - the usual case - share one computation
    per run (the same C(ansible-playbook) process) - the first computes it, under a lock in the run's local temporary
    directory, and the others, and any later task of the run with the same inputs, get that model without a new
    computation; RV(computed) says which happened. A web host whose own C(httpd_modjk_sites) differ gets its own.
  - The inputs are the inventory (hostvars and groups), with the roles' defaults for what it does not set (the
    seed's two instances per WAS host, the derived sites). The calling role passes its own resolved values (O(settings),
    O(web)) so that play variables count too.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.attributes.info_module
attributes:
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
  check_mode:
    details: Reads the inventory only; the same in check mode.
options:
  was_group:
    description: The inventory group of the WAS hosts (C(tomcat_was_group)).
    type: str
    default: was
  web_group:
    description: The inventory group of the web hosts (C(tomcat_web_group)).
    type: str
    default: web
  host:
    description: The WAS host whose resolved values O(settings) are (the tomcat role passes C(inventory_hostname)).
    type: str
  settings:
    description:
      - The calling WAS host's resolved values of the model's settings (C(tomcat_instances), C(tomcat_version),
        C(tomcat_private_address), the cluster settings, the JVM options). A value that differs from that host's
        inventory value and from the role's default (a play variable) stands in for every WAS host that does not set it.
    type: dict
    default: {}
  web:
    description:
      - The calling web host's resolved C(httpd_modjk_sites), C(httpd_modjk_members), C(httpd_modjk_server_name_suffix)
        and C(httpd_modjk_default_mounts). What is not given comes from the first web host's hostvars, else the
        role's defaults.
    type: dict
    default: {}
notes:
  - The model is validated for both tiers; its C(errors) list every problem, and each
    role refuses to change anything while it is not empty.
seealso:
  - plugin: webtier.tomcat_cluster.cluster_model
    plugin_type: filter
'''

EXAMPLES = r'''
- name: The cluster model of this run
  webtier.tomcat_cluster.cluster_facts:
    was_group: was
    web_group: web

- name: Refuse an inventory with problems
  ansible.builtin.assert:
    that:
      - ansible_facts['webtier_cluster_model']['errors'] | length == 0
    fail_msg: "{{ ansible_facts['webtier_cluster_model']['errors'] | join('; ') }}"
'''

RETURN = r'''
computed:
  description: Whether the model was computed by this task (false - a model of the same run and inputs was reused).
  returned: always
  type: bool
ansible_facts:
  description: The fact.
  returned: always
  type: dict
  contains:
    webtier_cluster_model:
      description:
        - The cluster model (see the RETURN of the filter P(webtier.tomcat_cluster.cluster_model#filter)) - C(was_hosts),
          C(was_addresses), C(web_hosts), C(web_addresses), C(web_addresses_unknown), C(sites), C(members),
          C(ping_targets), C(order), C(errors),
          C(warnings) - plus C(run) and C(inputs), which identify the run and the inputs it was computed for.
      type: dict
'''

from ansible.module_utils.basic import AnsibleModule


def main():
    # the work is done by the action plugin (plugins/action/cluster_facts.py) on the controller
    module = AnsibleModule(argument_spec=dict(
        was_group=dict(type='str', default='was'), web_group=dict(type='str', default='web'), host=dict(type='str'),
        settings=dict(type='dict', default={}), web=dict(type='dict', default={})), supports_check_mode=True)
    module.fail_json(msg='cluster_facts runs as an action plugin on the controller; it cannot run on a host')


if __name__ == '__main__':
    main()
