#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: java_home_info
short_description: Find the JAVA_HOME of an OpenJDK release that survives Java updates
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Lists O(root) and resolves the links in it on the host, and returns the JAVA_HOME a systemd unit should name,
    exactly as the filter P(webtier.tomcat_cluster.java_home#filter) chooses it from an M(ansible.builtin.find)
    of O(root) (C(file_type=any), C(recurse=true), C(depth=3), patterns C(java), C(java-*), C(jre), C(jre-*)) and an
    M(ansible.builtin.stat) of each link found plus C(<alternatives>/jre_<version>), but in one module call instead
    of one find and one stat per link.
  - "Order of preference: the alternatives links of the EL packages (C(jre-17-openjdk), C(jre-17),
    C(/etc/alternatives/jre_17), then C(java-17-openjdk) and C(java-17) of the C(-devel) package), then
    Debian's C(java-17-openjdk-<arch>) directory (stable across updates) and its C(java-1.17.0-openjdk-<arch>)
    link, and only as a last resort the newest versioned EL directory C(java-17-openjdk-<version>-<release>.<arch>),
    which C(dnf update) replaces (the result then says RV(java_home.stable=false))."
  - A candidate is taken only when it resolves to a directory directly under O(root) that holds C(bin/java) and is
    not a C(-fastdebug)/C(-slowdebug) build. A dangling link is refused (it resolves to no such directory).
  - A missing O(root) is not an error; RV(java_home.path) is then empty, as it is when no runtime qualifies.
  - Names are matched as a whole, so an entry named C(jre-17) followed by a newline is not the C(jre-17) link,
    and a runtime whose path holds a control character is never chosen (it is listed in RV(java_home.skipped)).
  - An entry of O(root) whose name is not valid UTF-8 (and a directory below it, and a link that points to such a
    name) is skipped with a warning that names it with escapes; Ansible could not return such a name.
  - A NUL byte in O(root), O(alternatives) or O(java) is an error.
  - Never changes anything.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.attributes.info_module
options:
  version:
    description: The Java feature release (for example V(17)); only runtimes of this release qualify.
    type: int
    required: true
  root:
    description: The directory the runtimes are installed in.
    type: path
    default: /usr/lib/jvm
  alternatives:
    description: The alternatives directory; C(<alternatives>/jre_<version>) is a candidate.
    type: path
    default: /etc/alternatives
  java:
    description:
      - The resolved path of the system's C(java) binary (C(lnk_source) of a stat of C(/usr/bin/java)).
        When given, only links and directories that resolve to that runtime qualify.
    type: path
notes:
  - Links are resolved as M(ansible.builtin.stat) resolves them (C(os.path.realpath)), so a O(root) reached through
    a symbolic link makes every link resolve outside O(root); the newest versioned directory is then chosen.
seealso:
  - module: ansible.builtin.find
  - module: ansible.builtin.stat
'''

EXAMPLES = r'''
- name: Find the stable JAVA_HOME of OpenJDK 17
  webtier.tomcat_cluster.java_home_info:
    version: 17
  register: jvm
  # EL9: /usr/lib/jvm/jre-17-openjdk; Debian 12: /usr/lib/jvm/java-17-openjdk-amd64

- name: Fail when no release build of OpenJDK 17 is installed
  ansible.builtin.assert:
    that:
      - jvm.java_home.path | length > 0
    fail_msg: "No OpenJDK 17 runtime. Refused: {{ jvm.java_home.skipped | to_json }}"

- name: The runtime of the system's java
  webtier.tomcat_cluster.java_home_info:
    version: 17
    java: /usr/lib/jvm/java-17-openjdk-17.0.13.0.11-3.el9.x86_64/bin/java
'''

RETURN = r'''
java_home:
  description: The choice, as the filter P(webtier.tomcat_cluster.java_home#filter) returns it.
  returned: always
  type: dict
  contains:
    path:
      description: The JAVA_HOME; empty when no runtime qualifies.
      type: str
      sample: /usr/lib/jvm/jre-17-openjdk
    resolved:
      description: The directory the path resolves to now; empty when no runtime qualifies.
      type: str
      sample: /usr/lib/jvm/java-17-openjdk-17.0.13.0.11-3.el9.x86_64
    feature:
      description: The Java feature release.
      type: int
      sample: 17
    kind:
      description: What the path is; empty when no runtime qualifies.
      type: str
      sample: alternatives link jre_17_openjdk
    stable:
      description: False when the path is a versioned directory that the next update removes (or no runtime qualifies).
      type: bool
      sample: true
    skipped:
      description: Candidates that were refused, each with C(path) and C(reason).
      type: list
      elements: dict
      sample: [{path: /usr/lib/jvm/jre-17, reason: "resolves to a debug build: /usr/lib/jvm/java-17-openjdk-17.0.13.0.11-3.el9.x86_64-fastdebug"}]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_home import (
    ALTERNATIVES_DIR, JVM_ROOT, JavaHomeError, choose_java_home, scan_jvm_root,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import ValidationError, check_nul


def main():
    module = AnsibleModule(
        argument_spec=dict(
            version=dict(type='int', required=True),
            root=dict(type='path', default=JVM_ROOT),
            alternatives=dict(type='path', default=ALTERNATIVES_DIR),
            java=dict(type='path'),
        ),
        supports_check_mode=True,
    )
    params = module.params
    warnings = []
    try:
        for name in ('root', 'alternatives', 'java'):
            if params[name] is not None:
                check_nul(params[name], name)
        files, links = scan_jvm_root(params['root'], params['alternatives'], params['version'], warnings)
        choice = choose_java_home(files, links, feature=params['version'], java=params['java'] or None,
                                  root=params['root'], alternatives=params['alternatives'])
    except (JavaHomeError, ValidationError) as exc:
        fail(module, exc, msg='java_home_info: %s' % exc)
    except OSError as exc:
        fail(module, exc, msg='java_home_info: cannot read %s: %s' % (exc.filename or params['root'], exc.strerror or exc))
    for warning in warnings:
        module.warn('java_home_info: %s' % warning)
    module.exit_json(changed=False, java_home=choice)


if __name__ == '__main__':
    main()
