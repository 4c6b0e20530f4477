# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: files_differing
short_description: The files a copy from one directory to another would change
version_added: 0.1.0
author: webtier maintainers
description:
  - Takes one M(ansible.builtin.find) listing of a source and a destination directory (with C(get_checksum=true))
    and returns the O(names) whose copy from O(src_dir) to O(dest_dir) (M(ansible.builtin.copy) with
    C(remote_src=true) and the given O(owner), O(group) and O(mode)) would change something.
  - A name is returned when the destination file is missing or is not a regular file, when its checksum differs
    from the source's, or when its owner, group or mode differs from the wanted ones; also when the source is
    missing or not a regular file, so that the copy runs and fails as it would have. The other names a copy
    would leave as they are, so a loop over the result makes one module call per changed file instead of one
    per file.
positional: names, src_dir, dest_dir
options:
  _input:
    description: The C(files) list of M(ansible.builtin.find) over O(src_dir) and O(dest_dir), with checksums.
    type: list
    elements: dict
    required: true
  names:
    description: The file names, relative to both directories.
    type: list
    elements: str
    required: true
  src_dir:
    description: The source directory.
    type: str
    required: true
  dest_dir:
    description: The destination directory.
    type: str
    required: true
  owner:
    description: The owner the destination files must have (C(pw_name) of the listing); unset means any.
    type: str
  group:
    description: The group the destination files must have (C(gr_name) of the listing); unset means any.
    type: str
  mode:
    description: The octal mode the destination files must have (for example V("0640")); unset means any.
    type: str
"""

EXAMPLES = r"""
- name: List both trees
  ansible.builtin.find:
    paths: [/etc/app/candidate, /etc/app/live]
    file_type: any
    get_checksum: true
  register: trees

- name: Promote the files that differ
  ansible.builtin.copy:
    src: "/etc/app/candidate/{{ item }}"
    dest: "/etc/app/live/{{ item }}"
    remote_src: true
    owner: root
    group: root
    mode: "0640"
  loop: >-
    {{ trees.files | webtier.tomcat_cluster.files_differing(['app.conf', 'workers.properties'],
         '/etc/app/candidate', '/etc/app/live', owner='root', group='root', mode='0640') }}
"""

RETURN = r"""
_value:
  description: The names whose copy would change something, in the order of O(names).
  type: list
  elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._files_differing import (
    FilesDifferingError,
    files_differing as _files_differing,
)


def files_differing(files, names, src_dir, dest_dir, owner=None, group=None, mode=None):
    """Filter entry point: see DOCUMENTATION."""
    try:
        return _files_differing(files, names, src_dir, dest_dir, owner=owner, group=group, mode=mode)
    except FilesDifferingError as exc:
        raise AnsibleFilterError("files_differing: %s" % exc) from exc


class FilterModule:
    """webtier.tomcat_cluster.files_differing."""

    def filters(self):
        return {"files_differing": files_differing}
