# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""The plan of the module ``directories``: several directories, each with its owner, group and mode, in one
module call (instead of one ``ansible.builtin.file`` call per directory). The module applies the plan with
AnsibleModule's ``set_fs_attributes_if_different``, which is what ``ansible.builtin.file`` uses.

Paths, owners, groups and modes are checked with the collection's shared checks (``_validation``) before the
first directory is created."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import (
    ValidationError, check_file_attributes, check_path,
)


class DirectoriesError(WebtierError):
    """Bad input: the message names the item."""


ATTRIBUTES = ('owner', 'group', 'mode')


def normalize(items, defaults):
    """The items as [{path, owner, group, mode}], each attribute from the item or else from defaults.

    A path must be absolute, without a NUL byte, and without a ``..`` that the OS would resolve elsewhere than
    the text says (see _validation.check_path); a path listed twice is an error (its attributes would depend
    on the order).
    """
    out, seen = [], set()
    for index, item in enumerate(items):
        try:
            path = check_path(item.get('path'), 'path')
        except ValidationError as exc:
            raise DirectoriesError('directories[%d]: %s' % (index, exc)) from None
        if path in seen:
            raise DirectoriesError('directories[%d]: %s is listed twice' % (index, path))
        seen.add(path)
        entry = {'path': path}
        for name in ATTRIBUTES:
            value = item.get(name)
            entry[name] = defaults.get(name) if value is None else value
        out.append(entry)
    return out


def check_attributes(entries, check_mode=False):
    """Check the owner, group and mode of every entry before anything is created; returns the warnings.

    Raises DirectoriesError naming the item. In check mode an unknown owner or group is a warning (an earlier
    task, skipped in check mode, would create it) and the entry's ``skip`` lists it, to be left alone.
    """
    warnings = []
    for index, entry in enumerate(entries):
        try:
            unknown = check_file_attributes(entry['owner'], entry['group'], entry['mode'], check_mode)
        except ValidationError as exc:
            raise DirectoriesError('directories[%d] (%s): %s' % (index, entry['path'], exc)) from None
        entry['skip'] = unknown
        for name in unknown:
            warnings.append('%s: the %s %s does not exist; assuming an earlier task would create it (check mode)'
                            % (entry['path'], name, entry[name]))
    return warnings


def missing_components(path, exists):
    """The directories to create for path, outermost first (path itself last); [] when it exists.

    exists(p) tells whether p exists (a symbolic link counts as existing). As with ``ansible.builtin.file``
    (state=directory), every directory created on the way gets the item's owner, group and mode.
    """
    missing = []
    current = path
    while not exists(current):
        missing.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return list(reversed(missing))
