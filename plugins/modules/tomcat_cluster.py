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
  - webtier.tomcat_cluster.tomcat_xml
  - webtier.tomcat_cluster.tomcat_xml.server_xml
  - webtier.tomcat_cluster.tomcat_xml.service
options:
  state:
    description:
      - Whether the cluster should exist.
    type: str
    choices: [present, absent]
    default: present
  channel_send_options:
    description:
      - The C(channelSendOptions) of the cluster, as the integer bit set (8 asynchronous,
        6 acknowledged and synchronous).
    type: int
    default: 8
  manager:
    description:
      - The session manager for the applications marked C(<distributable/>).
    type: dict
    suboptions:
      type:
        description:
          - V(delta) (C(DeltaManager), all-to-all) or V(backup) (C(BackupManager), one backup node).
        type: str
        choices: [delta, backup]
        default: delta
      expire_sessions_on_shutdown:
        description:
          - C(expireSessionsOnShutdown) of the DeltaManager. V(true) expires sessions cluster-wide when one node stops.
        type: bool
        default: false
      notify_listeners_on_replication:
        description:
          - C(notifyListenersOnReplication).
        type: bool
        default: true
      map_send_options:
        description:
          - C(mapSendOptions) of the BackupManager. When not set, 6 for the BackupManager. Refused for the DeltaManager.
        type: int
      session_attribute_filter:
        description:
          - C(sessionAttributeValueClassNameFilter) of the manager, with C(warnOnSessionAttributeFilterFailure=true),
            a regular expression that the fully qualified class name of every session attribute value must match
            (for example C(java\.lang\.String|java\.lang\.Integer|com\.example\..*)).
          - An attribute of another class is not replicated, and one that arrives in replicated session data is
            dropped with a warning. The check runs after the value was deserialized, so it does not stop a
            deserialization attack on the cluster receiver; the network is the defence there (docs/security.md).
          - Not set (the default) means no filter, as in Tomcat.
        type: str
  membership:
    description:
      - How the nodes find each other.
    type: dict
    suboptions:
      type:
        description:
          - V(multicast) (C(McastService)) or V(static) (C(StaticMembershipService) with one C(<Member>) per node).
        type: str
        choices: [multicast, static]
        default: multicast
      address:
        description:
          - Multicast group address. Multicast only.
        type: str
        default: 228.0.0.4
      port:
        description:
          - Multicast port. Multicast only.
        type: int
        default: 45564
      bind:
        description:
          - The interface address the multicast socket binds to. Multicast only.
        type: str
      frequency:
        description:
          - Heartbeat interval in milliseconds. Multicast only.
        type: int
        default: 500
      drop_time:
        description:
          - Milliseconds without heartbeat after which a member is dropped. Multicast only.
          - Larger than O(membership.frequency).
        type: int
        default: 3000
      domain:
        description:
          - The membership domain, to keep several clusters on one multicast group apart.
        type: str
      members:
        description:
          - Every node of the cluster, this one included, for V(static) membership. The same list on every node.
        type: list
        elements: dict
        suboptions:
          host:
            description:
              - Address of the node's Receiver.
            type: str
            required: true
          port:
            description:
              - Port of the node's Receiver (default O(receiver.port)).
            type: int
          unique_id:
            description:
              - 16 bytes identifying the node, as a string V({0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}) or a list of 16 integers
                from -128 to 127.
            type: raw
            required: true
          domain:
            description:
              - The member's domain (default O(membership.domain)).
            type: str
  receiver:
    description:
      - The C(NioReceiver) that accepts replication traffic on this node.
    type: dict
    suboptions:
      address:
        description:
          - The listen address; V(auto) is the address the host name resolves to. Static membership
            needs this node's real address here.
        type: str
        default: auto
      port:
        description:
          - The first port tried.
        type: int
        default: 4000
      auto_bind:
        description:
          - How many ports from O(receiver.port) on to try. At least 1.
          - When not set, 100, and 1 with static membership (which needs exactly 1).
        type: int
      selector_timeout:
        description:
          - C(selectorTimeout) in milliseconds.
        type: int
        default: 5000
      max_threads:
        description:
          - C(maxThreads) of the receiver.
        type: int
        default: 6
  replication_filter:
    description:
      - The C(filter) of the C(ReplicationValve), a regular expression of request URIs that never change the session.
    type: str
    default: ''
  jvm_route_binder:
    description:
      - Whether to add the C(JvmRouteBinderValve), which moves a session to the new node's jvmRoute after a mod_jk failover.
    type: bool
    default: true
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

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_cluster_spec import CLUSTER_OPTIONS
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_module import (
    SERVICE_ARGS, cluster_edit, run_module, xml_argument_spec,
)


def main():
    module = AnsibleModule(
        argument_spec=xml_argument_spec(SERVICE_ARGS, CLUSTER_OPTIONS),
        supports_check_mode=True,
    )
    run_module(module, lambda p: cluster_edit(p, p['service']))


if __name__ == '__main__':
    main()
