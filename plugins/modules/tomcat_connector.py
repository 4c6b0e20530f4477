#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: tomcat_connector
short_description: Manage a Connector (AJP or HTTP) in Tomcat's server.xml
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Ensures a live C(<Connector>) identified by its O(service) and O(port) is present with the
    given attributes, or absent. Ports are compared as numbers, so C(port="08009") or
    C(port=" 8009 ") is the connector on 8009 (and is rewritten as C(port="8009")).
  - Commented-out connectors (such as the AJP sample in the stock server.xml) are not touched.
    A new connector is written after the existing connectors of the service, below the last
    commented-out connector sample if there is one, with the indentation and attribute layout
    of the existing connectors.
  - Only the changed attributes are rewritten; comments, the XML declaration, line endings,
    indentation and attribute order of the rest of the file stay as they are.
  - Options that are not given are left as they are on an existing connector.
  - Secure by default for AJP. The module refuses to write an AJP connector that has no secret while
    C(secretRequired) is true, because Tomcat would refuse to start it. It also refuses an AJP
    connector without a secret on a non-loopback address unless O(allow_no_secret=true).
  - The secret never appears in the diff, the result or error messages.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.tomcat_xml
  - webtier.tomcat_cluster.tomcat_xml.server_xml
  - webtier.tomcat_cluster.tomcat_xml.service
  - webtier.tomcat_cluster.tomcat_xml.connector
seealso:
  - module: webtier.tomcat_cluster.tomcat_engine
  - module: webtier.tomcat_cluster.ajp_ping
'''

EXAMPLES = r'''
- name: AJP connector on the private address with a shared secret
  webtier.tomcat_cluster.tomcat_connector:
    path: /opt/tomcat/a-was/conf/server.xml
    port: 8009
    protocol: AJP/1.3
    address: "{{ tomcat_private_address }}"
    secret: "{{ tomcat_ajp_secret }}"
    redirect_port: 8443
    attributes:
      maxParameterCount: "1000"
      tomcatAuthentication: false

- name: HTTP connector of a Tomcat 11.0 instance (attributes that 11.0 removed are refused, not written)
  webtier.tomcat_cluster.tomcat_connector:
    path: /opt/tomcat/c-was/conf/server.xml
    port: 8080
    protocol: HTTP/1.1
    address: 127.0.0.1
    tomcat_line: "11.0"
    attributes:
      maxParameterCount: "1000"

- name: No plain HTTP connector on the second instance
  webtier.tomcat_cluster.tomcat_connector:
    path: /opt/tomcat/b-was/conf/server.xml
    port: 8080
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
  sample: ['Connector[port=8009]: added to Service Catalina']
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
    CONNECTOR_OPTIONS, connector_edit, service_element_main,
)


def main():
    service_element_main(CONNECTOR_OPTIONS, connector_edit)


if __name__ == '__main__':
    main()
