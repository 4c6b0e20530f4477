#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: jkstatus_info
short_description: Read mod_jk load balancers and their members from the status worker
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Asks mod_jk's status worker (C(cmd=list&mime=xml)) for every load balancer worker and its members and
    returns their activation (C(ACT), C(DIS), C(STP)), runtime state (C(OK), C(OK/IDLE), C(OK/BUSY), C(ERR),
    C(ERR/REC), C(ERR/PRB), C(ERR/FRC)), requests in flight (C(busy)), sessions, errors, route, host and port.
  - The values are those of one httpd (its shared memory). Every web host has its own; run the task on each.
  - Never changes anything. Use M(webtier.tomcat_cluster.jkstatus_member) to change a member's activation.
extends_documentation_fragment:
  - webtier.tomcat_cluster.jkstatus
  - webtier.tomcat_cluster.attributes.info_module
options:
  balancer:
    description:
      - Only return this load balancer worker (for example C(a-loadbalancer)). Fails when there is no such balancer.
      - By default every load balancer is returned.
    type: str
seealso:
  - module: webtier.tomcat_cluster.jkstatus_member
  - module: webtier.tomcat_cluster.ajp_ping
'''

EXAMPLES = r'''
- name: Read the load balancers of this web host's httpd
  webtier.tomcat_cluster.jkstatus_info:
  register: jk

- name: Every member must be active and OK
  ansible.builtin.assert:
    that:
      - jk.members | rejectattr('activation', 'eq', 'ACT') | list | length == 0
      - jk.members | rejectattr('state', 'in', ['OK', 'OK/IDLE', 'OK/BUSY']) | list | length == 0
    fail_msg: "{{ jk.members | map(attribute='name') | zip(jk.members | map(attribute='state')) | list }}"

- name: One balancer, through a status worker behind Basic authentication
  webtier.tomcat_cluster.jkstatus_info:
    url: https://web-01.example.com:8443/jkstatus
    url_username: ops
    url_password: "{{ vault_jkstatus_password }}"
    balancer: b-loadbalancer
  delegate_to: localhost
'''

RETURN = r'''
url:
  description: The status worker that was asked.
  returned: always
  type: str
  sample: http://127.0.0.1:8090/jkstatus
jk_version:
  description: mod_jk's version as the status worker reports it.
  returned: always
  type: str
  sample: mod_jk/1.2.50
web_server:
  description: The web server's version string.
  returned: always
  type: str
  sample: Apache/2.4.62 (Debian)
balancers:
  description: The load balancer workers (only O(balancer) when it is given), in the order of C(worker.list).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name of the lb worker.
      type: str
      sample: a-loadbalancer
    sticky_session:
      description: C(True) or C(False) as mod_jk prints it.
      type: str
    method:
      description: Balancing method (C(Request), C(Traffic), C(Busyness), C(Sessions), C(Next)).
      type: str
    member_count:
      description: Number of members.
      type: int
    good:
      description: Members rated good (active and not in error).
      type: int
    degraded:
      description: Members rated degraded (for example disabled).
      type: int
    bad:
      description: Members rated bad (stopped or in error).
      type: int
    busy:
      description: Requests in flight through this balancer.
      type: int
    members:
      description: The members, with the same keys as RV(members).
      type: list
      elements: dict
  sample:
    - name: a-loadbalancer
      sticky_session: "True"
      method: Request
      member_count: 2
      good: 2
      degraded: 0
      bad: 0
      busy: 0
      members: []
members:
  description:
    - Every member of the returned balancers, flattened; each carries its RV(members[].balancer).
    - Besides the keys below, every other attribute the status worker prints for a member is returned too
      (for example C(lbfactor), C(distance), C(domain), C(redirect), C(elected), C(connected), C(max_busy),
      C(client_errors), C(reply_timeouts), C(transferred), C(read)); numbers as integers.
  returned: always
  type: list
  elements: dict
  contains:
    balancer:
      description: The lb worker this member belongs to.
      type: str
      sample: a-loadbalancer
    name:
      description: The member's worker name.
      type: str
      sample: a-was1
    route:
      description: The member's route (the Tomcat C(jvmRoute) that sticky sessions carry).
      type: str
      sample: a-was1
    host:
      description: The AJP host as configured.
      type: str
      sample: 172.16.2.1
    port:
      description: The AJP port.
      type: int
      sample: 8009
    address:
      description: The address mod_jk resolved the host to (C(ip:port)), or C(unresolved).
      type: str
      sample: 172.16.2.1:8009
    activation:
      description:
        - C(ACT) active; C(DIS) disabled (only requests of sessions sticky to it); C(STP) stopped (no requests).
      type: str
      sample: ACT
    state:
      description: Runtime state.
      type: str
      sample: OK/IDLE
    busy:
      description: Requests in flight on this member now.
      type: int
      sample: 0
    sessions:
      description: Sessions created on this member (requests without a session balanced to it), counted since the last reset.
      type: int
      sample: 12
    errors:
      description: Errors counted against this member.
      type: int
      sample: 0
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._jkstatus import (
    JkStatusClient,
    JkStatusError,
    connection_argument_spec,
    url_secrets,
    info,
)


def main():
    spec = connection_argument_spec()
    spec.update(balancer=dict(type='str'))
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    module.no_log_values.update(url_secrets(module.params['url']))
    try:
        client = JkStatusClient.from_params(module.params)
        result = info(client, module.params['balancer'])
    except JkStatusError as e:
        fail(module, e, changed=False)
    module.exit_json(changed=False, **result)


if __name__ == '__main__':
    main()
