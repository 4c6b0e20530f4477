#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: tomcat_engine
short_description: Set jvmRoute, defaultHost and name of the Engine in Tomcat's server.xml
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Sets attributes of the live C(<Engine>) of a C(<Service>) in Tomcat's C(conf/server.xml).
    The commented-out sample C(<Engine ... jvmRoute="jvm1">) of the stock file is not touched.
  - C(jvmRoute) is the suffix Tomcat appends to session ids; it must equal the route of the
    matching mod_jk worker for sticky sessions.
  - Only the changed attributes are rewritten; the rest of the file stays as it is.
  - Options that are not given are left as they are in the file.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.tomcat_xml
  - webtier.tomcat_cluster.tomcat_xml.server_xml
  - webtier.tomcat_cluster.tomcat_xml.service
  - webtier.tomcat_cluster.tomcat_xml.engine
seealso:
  - module: webtier.tomcat_cluster.tomcat_cluster
  - module: webtier.tomcat_cluster.tomcat_connector
'''

EXAMPLES = r'''
- name: Route of the first instance on the first host (mod_jk worker a-was1)
  webtier.tomcat_cluster.tomcat_engine:
    path: /opt/tomcat/a-was/conf/server.xml
    jvm_route: a-was1

- name: Remove the jvmRoute again
  webtier.tomcat_cluster.tomcat_engine:
    path: /opt/tomcat/a-was/conf/server.xml
    jvm_route: ""
'''

RETURN = r'''
path:
  description: The file that was edited.
  returned: always
  type: str
  sample: /opt/tomcat/a-was/conf/server.xml
changes:
  description: What changed, one line per attribute.
  returned: always
  type: list
  elements: str
  sample: ['Engine: jvmRoute unset -> "a-was1"']
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
    ENGINE_OPTIONS, engine_edit, service_element_main,
)


def main():
    service_element_main(ENGINE_OPTIONS, engine_edit)


if __name__ == '__main__':
    main()
