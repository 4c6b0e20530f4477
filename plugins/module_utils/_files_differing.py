# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""Which files of a source directory a copy to a destination directory would change (filter files_differing).

Works on one ansible.builtin.find listing of both directories (with get_checksum): a name is listed when
its copy in the destination is missing, is not a regular file, has other content than the source, or has
another owner, group or mode than wanted; also when the source is missing or not a regular file (the copy
then fails as it would have without this check). What is not listed, a copy would leave as it is.
"""

from __future__ import annotations

import os

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError


class FilesDifferingError(WebtierError):
    """Bad input (a listing without checksums, a mode that is not octal)."""


def _octal(mode, what):
    if mode is None:
        return None
    if isinstance(mode, int):
        return mode
    try:
        return int(str(mode), 8)
    except ValueError:
        raise FilesDifferingError('%s must be an octal mode such as "0640", got %r' % (what, mode)) from None


def files_differing(files, names, src_dir, dest_dir, owner=None, group=None, mode=None):
    """The names (in the order given) whose copy from src_dir to dest_dir would change something."""
    want_mode = _octal(mode, 'mode')
    by_path = {}
    for entry in files or []:
        path = entry.get('path')
        if path:
            by_path[os.path.normpath(path)] = entry
    out = []
    for name in names:
        src = by_path.get(os.path.normpath(os.path.join(src_dir, name)))
        dest = by_path.get(os.path.normpath(os.path.join(dest_dir, name)))
        if not _regular(src) or not _regular(dest):
            out.append(name)
            continue
        if 'checksum' not in src or 'checksum' not in dest:
            raise FilesDifferingError('the listing of %s has no checksum: run ansible.builtin.find with get_checksum: true'
                                      % (name,))
        if (src['checksum'] != dest['checksum']
                or (owner is not None and dest.get('pw_name') != owner)
                or (group is not None and dest.get('gr_name') != group)
                or (want_mode is not None and _octal(dest.get('mode'), 'the mode of ' + name) != want_mode)):
            out.append(name)
    return out


def _regular(entry):
    return entry is not None and bool(entry.get('isreg')) and not entry.get('islnk')
