#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: tomcat_server_xml
short_description: Make the Server, Connector, Engine, Valve and Cluster edits of Tomcat's server.xml in one call
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Makes the edits of M(webtier.tomcat_cluster.tomcat_server), M(webtier.tomcat_cluster.tomcat_connector),
    M(webtier.tomcat_cluster.tomcat_engine), M(webtier.tomcat_cluster.tomcat_valve) and
    M(webtier.tomcat_cluster.tomcat_cluster) on one C(conf/server.xml), in one module call, and writes the file once.
  - The edits are made in this order, each on the result of the one before, so the file ends up exactly as
    after one task per edit in that order. O(server), then O(connectors) in list order, then O(engine), then
    O(valves) in list order, then O(cluster). An option that is not given makes no edit.
  - Every edit is validated before the file is read. When one of them fails, the file is not changed at all.
  - Each suboption means what the option of the same name means in the single module; the descriptions here
    are short and the single module's documentation has the details.
  - The file options (O(owner), O(group), O(mode) and the SELinux ones) are applied to the file too, also when
    its content is already right.
  - O(mode), O(owner) and O(group) are checked with the edits, before the file is read (a mode that is neither
    octal nor symbolic, an owner or a group this host does not know); when one is wrong the module fails and the
    file is not changed. In check mode an unknown owner or group is a warning, and the file is reported as
    changed (an earlier task, skipped in check mode, would create the user or group).
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.files
  - webtier.tomcat_cluster.tomcat_xml
  - webtier.tomcat_cluster.tomcat_xml.server_xml
  - webtier.tomcat_cluster.tomcat_xml.service
options:
  server:
    description:
      - The attributes of C(<Server>), as in M(webtier.tomcat_cluster.tomcat_server).
    type: dict
    suboptions:
      port:
        description:
          - The shutdown port; V(-1) disables it (and removes C(address)).
        type: int
      shutdown:
        description:
          - The shutdown command, a secret. Printable ASCII without spaces.
        type: str
      address:
        description:
          - The address of the shutdown port; an empty string removes the attribute.
        type: str
  connectors:
    description:
      - The C(<Connector>) elements of O(service), each as in M(webtier.tomcat_cluster.tomcat_connector),
        identified by its port.
    type: list
    elements: dict
    suboptions:
      port:
        description:
          - The port of the connector. It identifies the connector within the service.
        type: int
        required: true
      state:
        description:
          - Whether the connector should exist.
        type: str
        choices: [present, absent]
        default: present
      protocol:
        description:
          - The C(protocol) attribute, for example V(AJP/1.3) or V(HTTP/1.1).
        type: str
      address:
        description:
          - The address the connector listens on; an empty string removes the attribute.
        type: str
      secret:
        description:
          - The AJP shared secret; an empty string removes the attribute.
        type: str
      secret_required:
        description:
          - The C(secretRequired) attribute.
        type: bool
      redirect_port:
        description:
          - The C(redirectPort) attribute.
        type: int
      attributes:
        description:
          - Other attributes of the connector, by their Tomcat names; V(null) removes one.
          - The values are never shown in the invocation; password-like ones are also hidden in the diff and in
            RV(changes).
        type: dict
      allow_no_secret:
        description:
          - Allow an AJP connector without a secret on a non-loopback address (see CVE-2020-1938).
        type: bool
        default: false
  engine:
    description:
      - The attributes of the C(<Engine>) of O(service), as in M(webtier.tomcat_cluster.tomcat_engine).
    type: dict
    suboptions:
      jvm_route:
        description:
          - The C(jvmRoute) attribute. Letters, digits, C(_) and C(-); an empty string removes it.
        type: str
      default_host:
        description:
          - The C(defaultHost) attribute. It must name one of the Engine's C(<Host>) elements.
        type: str
      name:
        description:
          - The C(name) attribute of the Engine.
        type: str
  valves:
    description:
      - C(<Valve>) elements of a C(<Host>), each as in M(webtier.tomcat_cluster.tomcat_valve), identified by
        its class name.
    type: list
    elements: dict
    suboptions:
      host:
        description:
          - The C(name) of the C(<Host>).
        type: str
        default: localhost
      class_name:
        description:
          - The C(className) of the valve, a fully qualified Java class name.
        type: str
        required: true
      attributes:
        description:
          - Other attributes of the valve, by their Tomcat names; V(null) removes one.
          - The values are never shown in the invocation; password-like ones are also hidden in the diff and in
            RV(changes).
        type: dict
      state:
        description:
          - Whether the valve should exist.
        type: str
        choices: [present, absent]
        default: present
  cluster:
    description:
      - 'The C(<Cluster>) of the Engine of O(service), as in M(webtier.tomcat_cluster.tomcat_cluster): the same suboptions
        and defaults; its documentation has the details.'
      - Its edit is the last one, after those of O(valves).
    type: dict
    suboptions:
      state:
        description:
          - Whether the cluster should exist.
        type: str
        choices:
          - present
          - absent
        default: present
      channel_send_options:
        description:
          - The C(channelSendOptions) of the cluster, as the integer bit set (8 asynchronous, 6 acknowledged and synchronous).
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
            choices:
              - delta
              - backup
            default: delta
          expire_sessions_on_shutdown:
            description:
              - C(expireSessionsOnShutdown) of the DeltaManager. V(true) expires sessions cluster-wide when one node
                stops.
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
            choices:
              - multicast
              - static
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
                  - Port of the node's Receiver (default O(cluster.receiver.port)).
                type: int
              unique_id:
                description:
                  - 16 bytes identifying the node, as a string V({0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}) or a list of 16
                    integers from -128 to 127.
                type: raw
                required: true
              domain:
                description:
                  - The member's domain (default O(cluster.membership.domain)).
                type: str
      receiver:
        description:
          - The C(NioReceiver) that accepts replication traffic on this node.
        type: dict
        suboptions:
          address:
            description:
              - The listen address; V(auto) is the address the host name resolves to. Static membership needs this
                node's real address here.
            type: str
            default: auto
          port:
            description:
              - The first port tried.
            type: int
            default: 4000
          auto_bind:
            description:
              - How many ports from O(cluster.receiver.port) on to try. At least 1.
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
          - Whether to add the C(JvmRouteBinderValve), which moves a session to the new node's jvmRoute after a mod_jk
            failover.
        type: bool
        default: true
seealso:
  - module: webtier.tomcat_cluster.tomcat_server
  - module: webtier.tomcat_cluster.tomcat_connector
  - module: webtier.tomcat_cluster.tomcat_engine
  - module: webtier.tomcat_cluster.tomcat_valve
  - module: webtier.tomcat_cluster.tomcat_cluster
'''

EXAMPLES = r'''
- name: An instance's server.xml in one call
  webtier.tomcat_cluster.tomcat_server_xml:
    path: /opt/tomcat/a-was/conf/server.xml
    server:
      port: -1
    connectors:
      - port: 8080
        state: absent
      - port: 8009
        protocol: AJP/1.3
        address: 10.0.0.11
        secret: "{{ tomcat_ajp_secret }}"
        redirect_port: 8443
        attributes:
          maxParameterCount: "1000"
    engine:
      jvm_route: a-was1
    valves:
      - class_name: org.apache.catalina.valves.ErrorReportValve
        attributes:
          showReport: false
          showServerInfo: false
    cluster:
      membership:
        type: multicast
        bind: 10.0.0.11
      receiver:
        address: 10.0.0.11
        port: 4000
    owner: root
    group: tomcat
    mode: "0640"
'''

RETURN = r'''
path:
  description: The file that was edited.
  returned: always
  type: str
  sample: /opt/tomcat/a-was/conf/server.xml
changes:
  description: What changed, one line per attribute or element, in the order of the edits. Secret values are
    shown as C((hidden)).
  returned: always
  type: list
  elements: str
  sample: ['Connector[port=8080]: removed', 'Engine: jvmRoute unset -> "a-was1"']
backup_file:
  description: Name of the backup file.
  returned: changed and O(backup=true)
  type: str
  sample: /opt/tomcat/a-was/conf/server.xml.1234.2026-01-01@10:00:00~
msg:
  description: The note that the file does not exist yet, in check mode (the edits are then reported as a change).
  returned: in check mode, when O(path) does not exist
  type: str
  sample: >-
    /opt/tomcat/a-was/conf/server.xml does not exist yet; check mode assumes that an earlier task
    (skipped in check mode) creates it, and reports this edit as a change
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_cluster_spec import CLUSTER_OPTIONS
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_module import (
    CONNECTOR_OPTIONS, ENGINE_OPTIONS, SERVER_OPTIONS, SERVICE_ARGS, VALVE_OPTIONS, run_module, server_xml_edits,
    xml_argument_spec,
)


def main():
    module = AnsibleModule(
        argument_spec=xml_argument_spec(
            SERVICE_ARGS,
            server=dict(type='dict', options=SERVER_OPTIONS),
            connectors=dict(type='list', elements='dict', options=CONNECTOR_OPTIONS),
            engine=dict(type='dict', options=ENGINE_OPTIONS),
            valves=dict(type='list', elements='dict', options=VALVE_OPTIONS),
            cluster=dict(type='dict', options=CLUSTER_OPTIONS),
        ),
        supports_check_mode=True,
        add_file_common_args=True,
    )
    run_module(module, server_xml_edits, file_attributes=True)


if __name__ == '__main__':
    main()
