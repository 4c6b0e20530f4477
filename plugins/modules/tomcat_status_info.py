#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: tomcat_status_info
short_description: Read a Tomcat instance's own figures (sessions per context and per jvmRoute, cluster, threads, heap) over AJP
version_added: 0.2.0
author:
  - webtier maintainers (@webtier)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.attributes.info_module
  - webtier.tomcat_cluster.ajp
description:
  - Requests the webtier status page that the tomcat role installs in every instance (the context C(/webtier-status),
    C(status.jsp)) over AJP13 with the secret, as M(webtier.tomcat_cluster.ajp_request) does, and parses its
    Prometheus text exposition format (0.0.4).
  - The page reads Tomcat's MBeans in the instance itself - the session managers of its contexts, the cluster channel,
    the connectors' thread pools and the JVM. The collection's C(docs/metrics.md) lists every metric and its MBean.
  - The page lets only loopback clients in (a C(RemoteAddrValve) in its C(META-INF/context.xml); httpd does not
    forward C(/webtier-status/)). The module sends the client address C(127.0.0.1) in the AJP request, so it works
    from any host that reaches the connector and knows the secret; without the right secret Tomcat answers 403.
  - RV(route_sessions) is what a session drain waits for - the sessions whose id ends with C(.<jvmRoute>) of this
    instance. RV(sessions) C(active) is not - with DeltaManager (and BackupManager) it counts the sessions
    replicated from the other members too.
  - A page that is not the status page (an error page, garbage, a page larger than 4 MiB) fails the task with a
    message naming the first bad line.
  - Pure Python standard library; needs Python 3.8 or later on the managed host.
options:
  secret:
    description:
      - The AJP secret of the connector. Never shown in results or messages.
      - Leave unset only for a connector with C(secretRequired=false).
    type: str
  uri:
    description:
      - The status page's path, starting with C(/).
    type: str
    default: /webtier-status/status.jsp
  timeout:
    description:
      - Seconds allowed for the whole request (connect, send, the complete answer). Greater than 0 and at most 3600.
    type: float
    default: 10
  route:
    description:
      - The instance's expected C(jvmRoute). When given, the task fails unless the page reports this jvmRoute (another
        instance answered on this host and port).
      - Letters, digits, C(_) and C(-).
    type: str
attributes:
  check_mode:
    details:
      - The module only reads (one GET request); it runs in check mode too.
notes:
  - Sample values are numbers; C(NaN) and infinities are returned as the strings C(NaN), C(+Inf) and C(-Inf), which
    JSON cannot carry as numbers. Integral values are returned as integers.
seealso:
  - module: webtier.tomcat_cluster.ajp_request
  - module: webtier.tomcat_cluster.jkstatus_member
  - name: Prometheus text exposition format
    description: The format of the status page.
    link: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
'''

EXAMPLES = r'''
- name: Tomcat's own figures of a-was on this host
  webtier.tomcat_cluster.tomcat_status_info:
    host: "{{ tomcat_private_address }}"
    port: 8009
    secret: "{{ tomcat_ajp_secret }}"
    route: a-was1
  register: a_was

- name: Show the sessions that stick to a-was1 and the members it sees
  ansible.builtin.debug:
    msg: "{{ a_was.route_sessions }} session(s) on {{ a_was.jvm_route }}, {{ a_was.cluster_members }} other member(s)"

- name: Wait until no session sticks to a-was1 any more (after it was set DIS in mod_jk)
  webtier.tomcat_cluster.tomcat_status_info:
    host: "{{ tomcat_private_address }}"
    port: 8009
    secret: "{{ tomcat_ajp_secret }}"
    route: a-was1
  register: drain
  until: drain.route_sessions == 0
  retries: 60
  delay: 10
'''

RETURN = r'''
metrics:
  description: Every sample of the page, in page order.
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: The metric's name.
      type: str
      sample: tomcat_sessions_active
    labels:
      description: Its labels (name to value).
      type: dict
      sample: {"context": "/shop"}
    value:
      description: Its value; the strings C(NaN), C(+Inf), C(-Inf) for those.
      type: raw
      sample: 3
sessions:
  description:
    - Per context path (C(/) for ROOT) - C(active), the sessions its manager holds (replicated ones included), and
      C(route_active), those whose id ends with C(.<jvmRoute>) of this instance (null without a jvmRoute).
  returned: success
  type: dict
  sample: {"/": {"active": 2, "route_active": 1}, "/webtier-status": {"active": 0, "route_active": 0}}
route_sessions:
  description: The sum of C(route_active) over all contexts - the sessions that stick to this instance; null when the
    instance has no jvmRoute.
  returned: success
  type: int
  sample: 1
jvm_route:
  description: The jvmRoute of the instance that answered (C("") when its Engine has none).
  returned: success
  type: str
  sample: a-was1
server_info:
  description: Tomcat's server info.
  returned: success
  type: str
  sample: Apache Tomcat/9.0.70 (Debian)
cluster_members:
  description: The other cluster members the instance sees; null when it has no cluster.
  returned: success
  type: int
  sample: 1
status_errors:
  description: MBeans the page could not read since it was loaded (C(tomcat_status_errors_total)).
  returned: success
  type: int
  sample: 0
status:
  description: The HTTP status of the answer, -1 without an answer.
  returned: always
  type: int
  sample: 200
url:
  description: The request as C(ajp://host:port/uri).
  returned: always
  type: str
  sample: ajp://10.0.2.11:8009/webtier-status/status.jsp
elapsed:
  description: Seconds the request took.
  returned: always
  type: float
  sample: 0.012
error:
  description:
    - Null on success. C(invalid) (options), C(forbidden) (403 - the AJP secret is missing or wrong),
      C(unexpected_status), C(not_exposition) (the answer is not the status page), C(too_large), C(incomplete) (no
      C(tomcat_up 1) or C(tomcat_info)), C(route_mismatch), or an AJP error class of
      M(webtier.tomcat_cluster.ajp_ping) (C(refused), C(timeout), ...).
  returned: always
  type: str
  sample: null
msg:
  description: Human-readable outcome.
  returned: always
  type: str
  sample: "a-was1: 1 session(s) of this route in 3 context(s), 1 other cluster member(s)"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_status import (
    ARGUMENT_SPEC,
    TomcatStatusError,
    check_options,
    read_status,
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    base = dict(changed=False, status=-1, url=None, elapsed=0.0)
    try:
        options = check_options(**dict((k, p[k]) for k in ARGUMENT_SPEC))
        result = read_status(options)
    except TomcatStatusError as e:
        out = dict(base)
        out.update(e.details)
        fail(module, e, msg='tomcat_status_info: %s' % e.msg, **out)
    route = result['jvm_route'] or '(no jvmRoute)'
    members = result['cluster_members']
    msg = '%s: %s session(s) of this route in %d context(s), %s' % (
        route, result['route_sessions'] if result['route_sessions'] is not None else 'unknown',
        len(result['sessions']), 'no cluster' if members is None else '%d other cluster member(s)' % members)
    module.exit_json(changed=False, error=None, msg=msg, **result)


if __name__ == '__main__':
    main()
