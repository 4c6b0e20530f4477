#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: tomcat_server
short_description: Set the shutdown port, shutdown command and address of Tomcat's server.xml
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Sets attributes of the C(<Server>) element of a Tomcat C(conf/server.xml); a second Tomcat
    instance on the same host needs its own shutdown port.
  - Only the changed attribute values are rewritten; comments, the XML declaration, line endings,
    indentation and attribute order of the file stay as they are.
  - The shutdown command is a secret; it never appears in the diff, the result or error messages.
  - Options that are not given are left as they are in the file.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.tomcat_xml
  - webtier.tomcat_cluster.tomcat_xml.server_xml
  - webtier.tomcat_cluster.tomcat_xml.server
seealso:
  - module: webtier.tomcat_cluster.tomcat_connector
  - module: webtier.tomcat_cluster.tomcat_engine
'''

EXAMPLES = r'''
- name: Second instance on the host gets its own shutdown port (the seed's b-was)
  webtier.tomcat_cluster.tomcat_server:
    path: /opt/tomcat/b-was/conf/server.xml
    port: 8015

- name: Random shutdown command, loopback only, keep a backup
  webtier.tomcat_cluster.tomcat_server:
    path: /opt/tomcat/a-was/conf/server.xml
    port: 8005
    shutdown: "{{ tomcat_shutdown_command }}"
    address: 127.0.0.1
    backup: true
'''

RETURN = r'''
path:
  description: The file that was edited.
  returned: always
  type: str
  sample: /opt/tomcat/a-was/conf/server.xml
changes:
  description: What changed, one line per attribute. Secret values are shown as C((hidden)).
  returned: always
  type: list
  elements: str
  sample: ['Server: port "8005" -> "8015"']
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
    SERVER_OPTIONS, run_module, server_edit, xml_module,
)


def main():
    run_module(xml_module(SERVER_OPTIONS), server_edit)


if __name__ == '__main__':
    main()
