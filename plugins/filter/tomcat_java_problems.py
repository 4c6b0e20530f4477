# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: tomcat_java_problems
short_description: What is wrong with a host's Tomcat releases and its Java
version_added: 0.1.0
author: webtier maintainers
description:
  - Returns the problems of the Tomcat releases in O(_input) and of the Java that runs them, as the C(tomcat) role
    reports them before it changes anything; an empty list when there is none.
  - Every release must be a full release of a supported line, 9.0.x, 10.1.x or 11.0.x (V(10.1.60), not V(10.1) nor
    V(10.0.27)). When one is not, that is the only problem returned (C(Unsupported Tomcat release ...)).
  - "With O(java_result), the Java must be at least the oldest release every line in use runs on: 9.0 runs on Java 8,
    10.1 on 11, 11.0 on 17 (the table of the filter C(java_default)); a problem reads C(Tomcat 10.1 needs Java 11 or
    newer; <java_home>/bin/java is Java 8. ...). A Java that is missing or does not run is a problem unless
    O(check_mode) is true (a new host in check mode, where the C(openjdk) role would install it)."
positional: java_result
options:
  _input:
    description: The host's Tomcat releases (its instances' and C(tomcat_extra_versions)).
    type: list
    elements: str
    required: true
  java_result:
    description:
      - The registered result of C(<java_home>/bin/java -version) (C(ansible.builtin.command) with
        C(failed_when=false)); its C(rc), C(stderr) and C(msg) are read.
      - Unset, only the releases are checked.
    type: dict
  java_home:
    description: The JAVA_HOME whose C(bin/java) gave O(java_result), as the problem names it.
    type: str
    default: ""
  check_mode:
    description: Whether the play runs in check mode (a Java that is missing or does not run is then no problem).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Read the Java version
  ansible.builtin.command:
    argv: ["{{ java_home }}/bin/java", -version]
  register: java_version
  changed_when: false
  failed_when: false

- name: Check the releases and their Java
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join(' ') }}"
  vars:
    problems: >-
      {{ ['10.1.60', '11.0.22'] | webtier.tomcat_cluster.tomcat_java_problems(java_version, java_home=java_home,
         check_mode=ansible_check_mode) }}
"""

RETURN = r"""
_value:
  description: The problems, each a sentence; empty when the releases are supported and the Java runs them.
  type: list
  elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_default import (
    JavaDefaultError,
    tomcat_java_problems as _tomcat_java_problems,
)


def tomcat_java_problems(versions, java_result=None, java_home="", check_mode=False):
    """Filter entry point: see DOCUMENTATION."""
    try:
        return _tomcat_java_problems(versions, java_result, java_home, check_mode)
    except JavaDefaultError as exc:
        raise AnsibleFilterError("tomcat_java_problems: %s" % exc) from exc


class FilterModule:
    """webtier.tomcat_cluster.tomcat_java_problems."""

    def filters(self):
        return {"tomcat_java_problems": tomcat_java_problems}
