#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: ajp_ping
short_description: Check Tomcat AJP13 connectors with CPing/CPong
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.attributes.info_module
description:
  - Opens a TCP connection to each target, sends AJP13 CPing packets and waits for the CPong
    answers, the same probe mod_jk uses (C(ping_mode)). This replaces C(telnet was-01 8009)
    and port checks such as M(ansible.builtin.wait_for), which only prove that a port is bound.
    A Tomcat AJP connector that failed to start (for example C(secretRequired) without a
    C(secret)) still listens, but never answers a CPing.
  - Tomcat answers CPing before it checks the AJP secret, so no secret is needed.
  - Every failure is classified (see RV(targets[].error)); the module never prints a traceback for
    network problems. The socket is always closed after the check (Tomcat keeps idle AJP
    connections open forever by default).
  - The check runs on the host the task runs on; use C(delegate_to) to probe from the web hosts.
  - Pure Python standard library; needs Python 3.8 or later on the managed host.
options:
  targets:
    description:
      - The connectors to check.
      - Each item is a string C(host:port) (C([ipv6]:port) for IPv6 literals; a bare host name
        means port 8009), or a dictionary with the keys C(host), C(port) (default 8009) and
        C(name) (default C(host:port)), which is used in the results and messages.
      - Host names, IPv4 and IPv6 addresses are accepted. Anything else fails the task with
        C(invalid target) before any check runs, for example C(host:8009:x), a host with spaces or
        control characters, or a port that is not a whole number from 1 to 65535 (V(true) and
        V(8009.9) are refused, not converted). Surrounding whitespace of a string is ignored.
    type: list
    elements: raw
    required: true
  timeout:
    description:
      - Seconds allowed for the whole check of one target, that is the TCP connect plus all
        O(count) CPing/CPong exchanges. It also caps the connect and each read.
      - Greater than 0 and at most 3600 (one hour); V(inf), V(nan) and larger values are refused.
      - With O(parallel=true) a run with many dead targets takes about one O(timeout).
    type: float
    default: 3
  count:
    description:
      - Number of CPings sent one after the other on the same connection to each target, 1 to 1000.
    type: int
    default: 1
  parallel:
    description:
      - Check all targets at the same time (one thread per target, at most 64 at once).
      - When V(false), targets are checked one after another.
    type: bool
    default: true
  fail_on_unhealthy:
    description:
      - Fail the task when at least one target is unhealthy. The message names every unhealthy target.
      - When V(false), the task succeeds and the results tell which targets are unhealthy.
    type: bool
    default: true
  packet_size:
    description:
      - Largest AJP packet accepted, in bytes; match the connector's C(packetSize) (Tomcat's
        default 8192, at least 8192 and at most 65536). A reply announcing a longer packet is a C(protocol_error).
    type: int
    default: 8192
attributes:
  check_mode:
    details: The module only reads; it runs the same checks in check mode.
notes:
  - A healthy CPong proves that the AJP connector accepts and serves connections (its protocol
    handler is running and not paused). It does not prove that the secret is right or that a
    web application is deployed; use M(webtier.tomcat_cluster.ajp_request) for that.
seealso:
  - module: webtier.tomcat_cluster.ajp_request
  - module: ansible.builtin.wait_for
'''

EXAMPLES = r'''
- name: Check the local AJP connector after a restart, retrying until Tomcat is up
  webtier.tomcat_cluster.ajp_ping:
    targets:
      - "127.0.0.1:8009"
    timeout: 2
  register: ajp_local
  until: ajp_local is succeeded
  retries: 30
  delay: 2

# The web -> WAS matrix: every web host checks every AJP connector of every WAS host.
# tomcat_instances is the group variable of the was group (see docs/interfaces.md).
- name: Check every WAS AJP connector from every web host
  webtier.tomcat_cluster.ajp_ping:
    targets: >-
      {{ groups['was'] | map('extract', hostvars, 'tomcat_private_address')
         | product(hostvars[groups['was'][0]]['tomcat_instances'] | map(attribute='ajp_port'))
         | map('join', ':') | list }}
    count: 3
    timeout: 3
  when: inventory_hostname in groups['web']

- name: The same matrix with readable names (WAS host / instance) in the results
  webtier.tomcat_cluster.ajp_ping:
    targets: |-
      {% set out = [] %}
      {% for was in groups['was'] %}
      {%   for inst in hostvars[was]['tomcat_instances'] %}
      {%     set _ = out.append({'name': was ~ '/' ~ inst.name,
                                 'host': hostvars[was]['tomcat_private_address'] | default(hostvars[was]['ansible_host'] | default(was)),
                                 'port': inst.ajp_port}) %}
      {%   endfor %}
      {% endfor %}
      {{ out }}
    timeout: 3
    count: 3
  when: inventory_hostname in groups['web']

- name: Report without failing, then show what is down
  webtier.tomcat_cluster.ajp_ping:
    targets:
      - host: was-01.example.com
        port: 8009
        name: a-was1
      - host: was-02.example.com
        port: 8009
        name: a-was2
      - "[2001:db8::12]:8019"
    fail_on_unhealthy: false
  register: ajp

- name: Show unhealthy connectors
  ansible.builtin.debug:
    msg: "{{ ajp.targets | rejectattr('healthy') | map(attribute='name') | list }}"
'''

RETURN = r'''
targets:
  description: One result per target, in the order of O(targets).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The target's name (C(host:port) unless a name was given).
      type: str
      sample: a-was1
    host:
      description: Host name or address that was checked.
      type: str
      sample: 10.0.2.11
    port:
      description: TCP port that was checked.
      type: int
      sample: 8009
    healthy:
      description: Whether all O(count) CPings got a CPong within O(timeout).
      type: bool
      sample: true
    error:
      description:
        - Null when healthy, otherwise the error class.
        - C(refused) nothing listens; C(timeout) no connection or no CPong in time (also a connector
          that failed to start but whose port is bound); C(reset) connection reset; C(closed) the peer
          closed without a CPong (for example Tomcat shutting down); C(not_ajp) the peer is not
          AJP13 (for example an HTTP connector answering C(HTTP/1.1 400)); C(protocol_error)
          truncated, oversized or unexpected packet; C(resolve_error) the host name does not
          resolve; C(unreachable) no route to the host.
      type: str
      sample: timeout
    msg:
      description: Human-readable outcome.
      type: str
      sample: "timed out after 3 s waiting for a CPong from 10.0.2.12:8009 (0 of 4 bytes received)"
    pings:
      description: Number of CPongs received.
      type: int
      sample: 3
    latency_ms:
      description: CPing round-trip times in milliseconds (null values when no CPong was received).
      type: dict
      contains:
        min:
          description: Fastest round trip.
          type: float
        avg:
          description: Average round trip.
          type: float
        max:
          description: Slowest round trip.
          type: float
      sample: {"min": 0.061, "avg": 0.083, "max": 0.12}
healthy_count:
  description: Number of healthy targets.
  returned: always
  type: int
  sample: 3
unhealthy_count:
  description: Number of unhealthy targets.
  returned: always
  type: int
  sample: 1
msg:
  description: Summary; on failure it names every unhealthy target and why.
  returned: always
  type: str
  sample: "1 of 4 AJP targets unhealthy: a-was2 (timeout: timed out after 3 s waiting for a CPong from 10.0.2.12:8009)"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp import (
    DEFAULT_PACKET_SIZE,
    check_count,
    check_packet_size,
    check_timeout,
    parse_target,
    ping_many,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail


def main():
    module = AnsibleModule(
        argument_spec=dict(
            targets=dict(type='list', elements='raw', required=True),
            timeout=dict(type='float', default=3),
            count=dict(type='int', default=1),
            parallel=dict(type='bool', default=True),
            fail_on_unhealthy=dict(type='bool', default=True),
            packet_size=dict(type='int', default=DEFAULT_PACKET_SIZE),
        ),
        supports_check_mode=True,
    )
    p = module.params
    try:
        timeout = check_timeout(p['timeout'])
        count = check_count(p['count'])
        packet_size = check_packet_size(p['packet_size'])
    except ValueError as e:
        fail(module, e)
    if not p['targets']:
        module.fail_json(msg='targets is empty: give at least one "host:port"')

    targets = []
    for item in p['targets']:
        try:
            targets.append(parse_target(item))
        except ValueError as e:
            fail(module, e, msg='invalid target: %s' % e)

    results = ping_many(targets, timeout=timeout, count=count, parallel=p['parallel'], packet_size=packet_size)
    bad = [r for r in results if not r['healthy']]
    healthy = len(results) - len(bad)
    if bad:
        msg = '%d of %d AJP targets unhealthy: %s' % (
            len(bad), len(results), '; '.join('%s (%s: %s)' % (r['name'], r['error'], r['msg']) for r in bad))
    else:
        msg = 'all %d AJP targets answered %d CPing%s' % (len(results), count, '' if count == 1 else 's')
    out = dict(changed=False, targets=results, healthy_count=healthy, unhealthy_count=len(bad), msg=msg)
    if bad and p['fail_on_unhealthy']:
        module.fail_json(**out)
    module.exit_json(**out)


if __name__ == '__main__':
    main()
