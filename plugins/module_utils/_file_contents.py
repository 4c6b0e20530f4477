# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""The logic of the module ``file_contents``: several files, each from a given content and with its owner,
group and mode, in one module call (instead of ``ansible.builtin.template``'s two module calls per file).

:func:`prepare` checks every item and reads every current file before anything is written (so a bad item
changes nothing); :func:`apply` then writes the files that differ, one after the other, atomically (a temporary
file in the same directory, fsync, ``AnsibleModule.atomic_move``), and applies the attributes with
``AnsibleModule.set_fs_attributes_if_different``, which is what ``ansible.builtin.copy`` uses.

No message built here contains a file's content.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import errno
import os
import tempfile
import traceback

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import (
    ValidationError, check_file_attributes, check_path, group_known, is_octal, mode_problem, owner_known,
)

# a new file's mode when no mode is given, before the umask: what AnsibleModule.atomic_move gives
DEFAULT_MODE = 0o666

# the checks live in _validation (shared with the XML modules and the directories module); these names stay
# for the callers of this module
check_mode_value = mode_problem
__all__ = ['FileContentsError', 'apply', 'check_mode_value', 'group_known', 'is_octal', 'owner_known', 'prepare']


class FileContentsError(WebtierError):
    """A clear one-line failure; ``path`` names the file, ``exception`` is a traceback for unexpected errors."""

    def __init__(self, msg, path=None, exception=None):
        super().__init__(msg)
        self.path = path
        self.exception = exception
        self.partial = None


def strerror(exc):
    """The OSError behind exc (AnsibleModule.atomic_move raises a plain Exception caused by one), described in
    a few words; None when there is none."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (IOError, OSError)):
            text = exc.strerror or type(exc).__name__
            if exc.errno == errno.EPERM:
                text += ' (an immutable file, see lsattr/chattr, or a read-only mount?)'
            return text
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _read(target, where):
    try:
        with open(target, 'rb') as f:
            return f.read()
    except (IOError, OSError) as exc:
        raise FileContentsError('%s: cannot read the current file: %s' % (where, strerror(exc)), path=target) from exc


def prepare(items, check_mode=False):
    """Check every item and read every current file; returns (entries, warnings). Writes nothing.

    An entry is a dict: path (normalised as the OS resolves it, see _validation.check_path), target (the file
    written: a symbolic link is followed), data (bytes), secret, owner, group, mode, force, exists, before (the
    current bytes, or None when the file is missing or left alone by force=false), skip (attributes not
    checked: an owner or group unknown in check mode). Raises FileContentsError naming the item and its problem.
    Owner, group and mode are checked with the shared _validation.check_file_attributes (also used by the XML
    modules and directories) before anything is written.

    In check mode a missing parent directory, an unknown owner or an unknown group is a warning, not an error:
    an earlier task skipped in check mode would create it.
    """
    entries, warnings, seen, targets = [], [], set(), {}
    for index, item in enumerate(items):
        raw = item.get('path')
        try:
            path = check_path(raw, 'path')
        except ValidationError as exc:
            raise FileContentsError('files[%d]: %s' % (index, exc), path=raw) from None
        where = 'files[%d] (%s)' % (index, path)
        if path in seen:
            raise FileContentsError('%s: the path is listed twice' % where, path=path)
        seen.add(path)
        content, secret = item.get('content'), item.get('secret_content')
        if (content is None) == (secret is None):
            raise FileContentsError('%s: give exactly one of content and secret_content' % where, path=path)
        text = content if secret is None else secret
        try:
            data = text.encode('utf-8')
        except UnicodeError:
            raise FileContentsError('%s: the content is not valid text (cannot be encoded as UTF-8)' % where,
                                    path=path) from None
        try:
            unknown = check_file_attributes(item.get('owner'), item.get('group'), item.get('mode'), check_mode)
        except ValidationError as exc:
            raise FileContentsError('%s: %s' % (where, exc), path=path) from None
        target = os.path.realpath(path)
        if target in targets:
            raise FileContentsError('%s: is the same file as %s' % (where, targets[target]), path=path)
        targets[target] = path
        entry = dict(path=path, target=target, data=data, secret=secret is not None, owner=item.get('owner'),
                     group=item.get('group'), mode=item.get('mode'), force=item.get('force', True) is not False,
                     exists=False, before=None, skip=set())
        for name in unknown:
            warnings.append('%s: the %s %s does not exist; assuming an earlier task would create it '
                            '(check mode)' % (path, name, entry[name]))
            entry['skip'].add(name)
        parent = os.path.dirname(target)
        if os.path.lexists(target):
            if os.path.isdir(target):
                raise FileContentsError('%s: is a directory' % where, path=path)
            if not os.path.exists(target):
                raise FileContentsError('%s: is a symbolic link that cannot be resolved (a loop?)' % where, path=path)
            if not os.path.isfile(target):
                raise FileContentsError('%s: exists and is not a regular file' % where, path=path)
            entry['exists'] = True
            if entry['force']:
                entry['before'] = _read(target, where)
        elif not os.path.isdir(parent):
            if os.path.exists(parent):
                raise FileContentsError('%s: the parent %s is not a directory' % (where, parent), path=path)
            if not check_mode:
                raise FileContentsError('%s: the parent directory %s does not exist' % (where, parent), path=path)
            warnings.append('%s: the parent directory %s does not exist; assuming an earlier task would create '
                            'it (check mode)' % (path, parent))
        entries.append(entry)
    return entries, warnings


def _file_args(module, entry):
    params = dict(owner=entry['owner'], group=entry['group'], mode=entry['mode'])
    for name in entry['skip']:
        params[name] = None
    return module.load_file_common_arguments(params, path=entry['target'])


def _write_atomic(module, entry):
    """Write entry's data to a temporary file in the target's directory, fsync, atomic_move it over the target.

    An existing file is replaced with its own attributes (atomic_move copies them; the wanted ones were applied
    just before), a new one appears with mode 0600 (umask 077 during the move) and gets the default mode,
    0666 minus the umask as with ansible.builtin.copy, only when no numeric mode follows.
    """
    target = entry['target']
    fd, tmp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(target), suffix='.tmp',
                               dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(entry['data'])
            f.flush()
            os.fsync(f.fileno())
        if entry['exists']:
            module.atomic_move(tmp, target)
            return
        umask = os.umask(0o077)
        try:
            module.atomic_move(tmp, target)
        finally:
            os.umask(umask)
        if not is_octal(entry['mode']):
            os.chmod(target, DEFAULT_MODE & ~umask)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _diff(entry):
    before = entry['before'] or b''
    return {
        'before_header': entry['path'],
        'after_header': entry['path'],
        'before': before.decode('utf-8', 'replace'),
        'after': entry['data'].decode('utf-8'),
    }


def apply(module, entries):
    """Bring every entry to its content and attributes, in order (only report in check mode).

    Returns the result: changed, files ([{path, changed, created}]) and diff (one item per file whose content
    changes, none for secret_content files). Raises FileContentsError on the first file that cannot be written;
    its ``partial`` attribute is the result for the files before it (they stay written).
    """
    results, diffs, any_changed = [], [], False
    for entry in entries:
        try:
            changed = _apply_one(module, entry)
        except FileContentsError as exc:
            exc.partial = dict(changed=any_changed, files=results)
            raise
        any_changed = any_changed or changed
        content_changes = entry['force'] or not entry['exists']
        content_changes = content_changes and entry['before'] != entry['data']
        results.append({'path': entry['path'], 'changed': changed, 'created': not entry['exists']})
        if content_changes and not entry['secret']:
            diffs.append(_diff(entry))
    return dict(changed=any_changed, files=results, diff=diffs)


def _apply_one(module, entry):
    """Apply one entry; returns whether it changed (or would, in check mode)."""
    if entry['exists'] and not entry['force']:
        return False
    if entry['exists']:
        # the attributes first, so that the new content never has the old mode or owner
        changed = module.set_fs_attributes_if_different(_file_args(module, entry), False, None, expand=False)
        changed = changed or bool(entry['skip'])
        if entry['before'] == entry['data']:
            return changed
    if module.check_mode:
        return True
    try:
        _write_atomic(module, entry)
    except Exception as exc:  # pylint: disable=broad-except
        raise _write_error(entry, exc) from exc
    module.set_fs_attributes_if_different(_file_args(module, entry), True, None, expand=False)
    return True


def _write_error(entry, exc):
    reason = strerror(exc)
    if reason is not None:
        return FileContentsError('cannot write %s: %s' % (entry['path'], reason), path=entry['path'])
    return FileContentsError('cannot write %s: unexpected %s' % (entry['path'], type(exc).__name__),
                             path=entry['path'], exception=traceback.format_exc())
