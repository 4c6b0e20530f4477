# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: java_default
short_description: The Java LTS release to install for Tomcat on a distribution
version_added: 0.1.0
author: webtier maintainers
description:
  - Returns the newest Java LTS feature release (8, 11, 17, 21 or 25) that is in O(_input), the releases the
    host's distribution ships as supported JRE packages, and that every Tomcat line of O(tomcat_versions) runs on.
  - "The Java range of each Tomcat line: 9.0 runs on Java 8 to 21, 10.1 on 11 to 21, 11.0 on 17 to 21 (the oldest
    release from the Tomcat project, the newest the one the collection runs the line on)."
  - The default of the C(openjdk) role's C(openjdk_version).
  - Fails when no release fits, naming what the distribution ships and what the Tomcat lines need.
positional: tomcat_versions
options:
  _input:
    description: The Java feature releases the distribution ships as supported JRE packages (for example V([21, 25])).
    type: list
    elements: int
    required: true
  tomcat_versions:
    description:
      - The Tomcat releases (V(9.0.109)) or lines (V(10.1)) in use; empty or unset means every line the filter knows.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: The Java release for Tomcat 10.1 on Debian 13 (which ships OpenJDK 21 and 25)
  ansible.builtin.debug:
    msg: "{{ [21, 25] | webtier.tomcat_cluster.java_default(['10.1.40']) }}"  # 21
"""

RETURN = r"""
_value:
  description: The Java feature release.
  type: int
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_default import (
    JavaDefaultError,
    default_java_version,
)


def java_default(shipped, tomcat_versions=None):
    """Filter entry point: see DOCUMENTATION."""
    try:
        return default_java_version(shipped, tomcat_versions)
    except JavaDefaultError as exc:
        raise AnsibleFilterError("java_default: %s" % exc) from exc


class FilterModule:
    """webtier.tomcat_cluster.java_default."""

    def filters(self):
        return {"java_default": java_default}
