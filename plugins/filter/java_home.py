# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: java_home
short_description: Choose a JAVA_HOME under /usr/lib/jvm that survives Java updates
version_added: 0.1.0
author: webtier maintainers
description:
  - Takes the listing of C(/usr/lib/jvm) (the O(_input) C(files) of M(ansible.builtin.find) with
    C(file_type=any) and C(depth=3)) and the M(ansible.builtin.stat) results of the links in it, and
    returns the JAVA_HOME a systemd unit should name.
  - "Order of preference: the alternatives links of the EL packages (C(jre-17-openjdk), C(jre-17),
    C(/etc/alternatives/jre_17), then C(java-17-openjdk) and C(java-17) of the C(-devel) package), then
    Debian's C(java-17-openjdk-<arch>) directory (stable across updates) and its C(java-1.17.0-openjdk-<arch>)
    link, and only as a last resort the newest versioned EL directory C(java-17-openjdk-<version>-<release>.<arch>),
    which C(dnf update) replaces (the result then says RV(_value.stable=false))."
  - A candidate is taken only when it resolves to a directory of the listing that holds C(bin/java) and is
    not a C(-fastdebug)/C(-slowdebug) build.
positional: links, feature, java
options:
  _input:
    description: The C(files) list of M(ansible.builtin.find) over O(root).
    type: list
    elements: dict
    required: true
  links:
    description:
      - The C(results) of M(ansible.builtin.stat) run in a loop over the links among O(_input) (and
        C(/etc/alternatives/jre_<feature>)), or plain stat dictionaries. A link without a stat result is
        not used.
    type: list
    elements: dict
    default: []
  feature:
    description: Only runtimes of this Java feature release (for example V(17)); unset means any (highest wins).
    type: int
  java:
    description:
      - The resolved path of the system's C(java) binary (C(lnk_source) of a stat of C(/usr/bin/java)).
        Only links and directories resolving to that runtime qualify, and O(feature) defaults to its release.
    type: str
  root:
    description: The directory the runtimes are installed in.
    type: str
    default: /usr/lib/jvm
  alternatives:
    description: The alternatives directory; C(<alternatives>/jre_<feature>) is a candidate when O(links) has its stat.
    type: str
    default: /etc/alternatives
"""

EXAMPLES = r"""
- name: List the runtimes
  ansible.builtin.find:
    paths: /usr/lib/jvm
    file_type: any
    recurse: true
    depth: 3
    patterns: [java, "java-*", jre, "jre-*"]
  register: jvm

- name: Resolve the links among them
  ansible.builtin.stat:
    path: "{{ item }}"
    get_checksum: false
    get_mime: false
    get_attributes: false
  loop: "{{ jvm.files | selectattr('islnk') | map(attribute='path') | list + ['/etc/alternatives/jre_17'] }}"
  register: jvm_links

- name: Use the stable JAVA_HOME of OpenJDK 17
  ansible.builtin.set_fact:
    java_home: "{{ (jvm.files | webtier.tomcat_cluster.java_home(jvm_links.results, 17)).path }}"
    # EL9: /usr/lib/jvm/jre-17-openjdk; Debian 12: /usr/lib/jvm/java-17-openjdk-amd64
"""

RETURN = r"""
_value:
  description: The choice.
  type: dict
  contains:
    path:
      description: The JAVA_HOME; empty when no runtime qualifies.
      type: str
    resolved:
      description: The directory the path resolves to now.
      type: str
    feature:
      description: The Java feature release.
      type: int
    kind:
      description: What the path is (for example C(alternatives link jre_17_openjdk)).
      type: str
    stable:
      description: False when the path is a versioned directory that the next update removes.
      type: bool
    skipped:
      description: Candidates that were refused, each with C(path) and C(reason).
      type: list
      elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_home import (
    ALTERNATIVES_DIR,
    JVM_ROOT,
    JavaHomeError,
    choose_java_home,
)


def java_home(files, links=None, feature=None, java=None, root=JVM_ROOT, alternatives=ALTERNATIVES_DIR):
    """Filter entry point: see DOCUMENTATION."""
    try:
        return choose_java_home(files, links=links, feature=feature, java=java or None, root=root,
                                alternatives=alternatives)
    except JavaHomeError as exc:
        raise AnsibleFilterError("java_home: %s" % exc) from exc


class FilterModule:
    """webtier.tomcat_cluster.java_home."""

    def filters(self):
        return {"java_home": java_home}
