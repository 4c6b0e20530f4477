# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: os_vars_files
short_description: The OS variables files of a role for a host, least specific first
version_added: 0.1.0
author: webtier maintainers
description:
  - "Returns the files of O(_input)/vars/ that exist among C(<os_family>.yml), C(<os_family>_<major>.yml) and
    C(<distribution>_<major>.yml), in this order and without repeats: loaded one after the other with
    C(ansible.builtin.include_vars), the most specific file's values win (the linux-system-roles way)."
  - The one rule of the collection's roles (openjdk, tomcat, httpd_modjk) for their per-platform variables.
positional: facts
options:
  _input:
    description: The role's directory (C(role_path)).
    type: path
    required: true
  facts:
    description: The host's facts (C(ansible_facts)); C(os_family), C(distribution) and C(distribution_major_version) are read.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Load the OS variables (Rocky 9 - RedHat.yml then RedHat_9.yml, where they exist)
  ansible.builtin.include_vars: "{{ item }}"
  loop: "{{ role_path | webtier.tomcat_cluster.os_vars_files(ansible_facts) }}"
"""

RETURN = r"""
_value:
  description: The paths of the files that exist, least specific first.
  type: list
  elements: path
"""

import os

from ansible.errors import AnsibleFilterError


def os_vars_files(role_path, facts):
    """Filter entry point: see DOCUMENTATION."""
    if not isinstance(facts, dict):
        raise AnsibleFilterError("os_vars_files: the facts must be a dict (ansible_facts), got %s"
                                 % type(facts).__name__)
    try:
        family, name, major = (str(facts[k]) for k in ('os_family', 'distribution', 'distribution_major_version'))
    except KeyError as exc:
        raise AnsibleFilterError("os_vars_files: the facts lack %s (gather at least the min subset)" % exc) from exc
    files = []
    for stem in (family, '%s_%s' % (family, major), '%s_%s' % (name, major)):
        path = os.path.join(str(role_path), 'vars', stem + '.yml')
        if path not in files and os.path.isfile(path):
            files.append(path)
    return files


class FilterModule:
    """webtier.tomcat_cluster.os_vars_files."""

    def filters(self):
        return {"os_vars_files": os_vars_files}
