#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: tomcat_valve
short_description: Manage a Valve of a Host in Tomcat's server.xml
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Ensures a live C(<Valve>) identified by its O(class_name) is present in, or absent from, a
    C(<Host>) of the Engine of a C(<Service>) in Tomcat's C(conf/server.xml).
  - A new valve is written after the last valve of the Host (Tomcat runs valves in document
    order), else as the Host's last child, with the indentation and attribute layout of the
    existing valves.
  - Only the changed attributes are rewritten; comments, the XML declaration, line endings,
    indentation and attribute order of the rest of the file stay as they are. Attributes that
    are not in O(attributes) are left as they are on an existing valve.
  - Two live valves with the same class in the Host are an error.
  - Commented-out valves are not touched.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.tomcat_xml
  - webtier.tomcat_cluster.tomcat_xml.server_xml
  - webtier.tomcat_cluster.tomcat_xml.service
  - webtier.tomcat_cluster.tomcat_xml.valve
seealso:
  - module: webtier.tomcat_cluster.tomcat_connector
  - module: webtier.tomcat_cluster.tomcat_engine
'''

EXAMPLES = r'''
- name: Error pages without the stack trace and the Tomcat version
  webtier.tomcat_cluster.tomcat_valve:
    path: /opt/tomcat/a-was/conf/server.xml
    class_name: org.apache.catalina.valves.ErrorReportValve
    attributes:
      showReport: false
      showServerInfo: false

- name: No access log on the second instance
  webtier.tomcat_cluster.tomcat_valve:
    path: /opt/tomcat/b-was/conf/server.xml
    class_name: org.apache.catalina.valves.AccessLogValve
    state: absent
'''

RETURN = r'''
path:
  description: The file that was edited.
  returned: always
  type: str
  sample: /opt/tomcat/a-was/conf/server.xml
changes:
  description: What changed, one line per attribute or element. Secret values are shown as C((hidden)).
  returned: always
  type: list
  elements: str
  sample: ['Valve[org.apache.catalina.valves.ErrorReportValve]: added to Host localhost']
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

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_module import (
    VALVE_OPTIONS, valve_edit, service_element_main,
)


def main():
    service_element_main(VALVE_OPTIONS, valve_edit)


if __name__ == '__main__':
    main()
