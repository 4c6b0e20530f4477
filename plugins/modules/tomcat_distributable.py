#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: tomcat_distributable
short_description: Mark a web application distributable in its WEB-INF/web.xml
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Ensures C(<distributable/>) is present in, or absent from, a web application's
    C(WEB-INF/web.xml). Without it Tomcat gives the application a C(StandardManager) and
    replicates none of its sessions, even inside a C(<Cluster>).
  - Works for web.xml files without a namespace (2.3) and with the J2EE, Java EE and Jakarta EE
    namespaces. The element is written with the prefix of the C(<web-app>) element.
  - A new element is placed after C(<icon>), C(<display-name>) and C(<description>) (where the 2.3
    DTD wants it), otherwise as the first child of C(<web-app>).
  - Tomcat ignores C(<distributable/>) in C(conf/web.xml); the module warns when O(path) is not a
    C(WEB-INF/web.xml).
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.tomcat_xml
options:
  path:
    description:
      - Path of the application's C(WEB-INF/web.xml). A symbolic link is followed and the file it points to is edited.
    type: path
    required: true
  state:
    description:
      - Whether C(<distributable/>) should be present.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: webtier.tomcat_cluster.tomcat_cluster
'''

EXAMPLES = r'''
- name: Replicate the sessions of the ROOT application
  webtier.tomcat_cluster.tomcat_distributable:
    path: /opt/tomcat/a-was/webapps/ROOT/WEB-INF/web.xml
'''

RETURN = r'''
path:
  description: The file that was edited.
  returned: always
  type: str
  sample: /opt/tomcat/a-was/webapps/ROOT/WEB-INF/web.xml
changes:
  description: What changed.
  returned: always
  type: list
  elements: str
  sample: ['web-app: <distributable/> added']
backup_file:
  description: Name of the backup file.
  returned: changed and O(backup=true)
  type: str
  sample: /opt/tomcat/a-was/webapps/ROOT/WEB-INF/web.xml.1234.2026-01-01@10:00:00~
msg:
  description: The note that the file does not exist yet, in check mode (the edit is then reported as a change).
  returned: in check mode, when O(path) does not exist
  type: str
  sample: >-
    /opt/tomcat/a-was/conf/server.xml does not exist yet; check mode assumes that an earlier task
    (skipped in check mode) creates it, and reports this edit as a change
'''

import os

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_web_xml_edit import plan_distributable
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_module import run_module, xml_module


def main():
    module = xml_module(dict(state=dict(type='str', choices=['present', 'absent'], default='present')))
    path = os.path.normpath(module.params['path'])
    if not path.endswith(os.path.join('WEB-INF', 'web.xml')):
        module.warn('%s is not a WEB-INF/web.xml; Tomcat only honours <distributable/> in an application\'s own '
                    'deployment descriptor' % path)
    run_module(module, lambda p: plan_distributable(state=p['state']))


if __name__ == '__main__':
    main()
