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
  - Each suboption means what the option of the same name means in the single module, and is documented the same.
  - The file options (O(owner), O(group), O(mode) and the SELinux ones) are applied to the file too, also when
    its content is already right.
  - O(mode), O(owner) and O(group) are checked with the edits, before the file is read (a mode that is neither
    octal nor symbolic, an owner or a group this host does not know); when one is wrong the module fails and the
    file is not changed. In check mode an unknown owner or group is a warning, and the file is reported as
    changed (an earlier task, skipped in check mode, would create the user or group).
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - ansible.builtin.files
  - webtier.tomcat_cluster.tomcat_xml
  - webtier.tomcat_cluster.tomcat_xml.server_xml
  - webtier.tomcat_cluster.tomcat_xml.service
  - webtier.tomcat_cluster.tomcat_xml.elements
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

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_cluster_spec import CLUSTER_OPTIONS
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_module import (
    CONNECTOR_OPTIONS, ENGINE_OPTIONS, SERVER_OPTIONS, SERVICE_ARGS, VALVE_OPTIONS, run_module, server_xml_edits,
    xml_module,
)


def main():
    module = xml_module(
        SERVICE_ARGS,
        dict(
            server=dict(type='dict', options=SERVER_OPTIONS),
            connectors=dict(type='list', elements='dict', options=CONNECTOR_OPTIONS),
            engine=dict(type='dict', options=ENGINE_OPTIONS),
            valves=dict(type='list', elements='dict', options=VALVE_OPTIONS),
            cluster=dict(type='dict', options=CLUSTER_OPTIONS),
        ),
        add_file_common_args=True,
    )
    run_module(module, server_xml_edits, file_attributes=True)


if __name__ == '__main__':
    main()
