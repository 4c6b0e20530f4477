#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: tomcat_cluster
short_description: Manage the SimpleTcpCluster of an Engine in Tomcat's server.xml
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Ensures the live C(<Cluster>) inside the C(<Engine>) of a C(<Service>) is a
    C(org.apache.catalina.ha.tcp.SimpleTcpCluster) built from a structured spec, or that there is none.
  - The generated subtree is Tomcat's documented default cluster (C(cluster-howto)) with the given
    settings. It contains the manager, a C(GroupChannel) with the membership service, a C(NioReceiver),
    a C(ReplicationTransmitter) with a C(PooledParallelSender), the C(TcpFailureDetector) and
    C(MessageDispatchInterceptor) interceptors, a C(ReplicationValve), the C(JvmRouteBinderValve)
    and a C(ClusterSessionListener).
  - The whole subtree is compared with the desired one (element order, attributes in any order,
    comments and whitespace ignored). When it differs it is replaced as a whole; when it is equal
    nothing is written, so a second run reports no change.
  - A new cluster goes right after the stock file's commented-out C(<Cluster>) sample, else before
    the first C(Realm), C(Host) or C(Valve) of the Engine, indented like its siblings.
  - Every number written must fit a Java int. Checks what Tomcat only reports late (at start, or as
    a warning). A static C(uniqueId) must be 16 signed decimal bytes (integers, never floats) and
    unique. The local Receiver address and port must match exactly one
    static member. C(autoBind) must be at least 1 (exactly 1 with static membership). A multicast
    membership address must be a multicast address.
  - Comments inside an existing C(<Cluster>) are lost when it is replaced.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.tomcat_xml
  - webtier.tomcat_cluster.tomcat_xml.server_xml
  - webtier.tomcat_cluster.tomcat_xml.service
  - webtier.tomcat_cluster.tomcat_xml.cluster
seealso:
  - module: webtier.tomcat_cluster.tomcat_engine
  - module: webtier.tomcat_cluster.tomcat_distributable
'''

EXAMPLES = r'''
- name: Static membership between two WAS hosts (no multicast needed)
  webtier.tomcat_cluster.tomcat_cluster:
    path: /opt/tomcat/a-was/conf/server.xml
    channel_send_options: 6
    membership:
      type: static
      members:
        - {host: 172.16.2.1, port: 5000, unique_id: "{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}"}
        - {host: 172.16.2.2, port: 5000, unique_id: "{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2}"}
    receiver:
      address: "{{ tomcat_private_address }}"
      port: 5000

- name: Multicast membership, the seed's setup
  webtier.tomcat_cluster.tomcat_cluster:
    path: /opt/tomcat/a-was/conf/server.xml
    manager:
      type: backup
    membership:
      type: multicast
      address: 228.0.0.4
      port: 45564
      bind: "{{ tomcat_private_address }}"
    receiver:
      address: "{{ tomcat_private_address }}"
      port: 5000

- name: No cluster
  webtier.tomcat_cluster.tomcat_cluster:
    path: /opt/tomcat/a-was/conf/server.xml
    state: absent
'''

RETURN = r'''
path:
  description: The file that was edited.
  returned: always
  type: str
  sample: /opt/tomcat/a-was/conf/server.xml
changes:
  description: What changed.
  returned: always
  type: list
  elements: str
  sample: ['Cluster: added to the Engine of Service Catalina']
backup_file:
  description: Name of the backup file.
  returned: changed and O(backup=true)
  type: str
  sample: /opt/tomcat/a-was/conf/server.xml.1234.2026-01-01@10:00:00~
msg:
  description: The note that the file does not exist yet, in check mode (the edit is then reported as a change).
  returned: in check mode, when O(path) does not exist
  type: str
  sample: >-
    /opt/tomcat/a-was/conf/server.xml does not exist yet; check mode assumes that an earlier task
    (skipped in check mode) creates it, and reports this edit as a change
'''

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_cluster_spec import CLUSTER_OPTIONS
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_module import (
    cluster_edit, service_element_main,
)


def main():
    service_element_main(CLUSTER_OPTIONS, cluster_edit)


if __name__ == '__main__':
    main()
