# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""The logic of the module ``webapp_snapshot``: keep the previous version of a deployed webapp of a Tomcat
instance (``CATALINA_BASE``) so that a deploy that fails its health gate can be undone.

Names, relative to the base (``<n>`` = the webapp's context directory name):

* live: ``webapps/<n>/`` (the unpacked webapp, in Tomcat's appBase) and ``deploy/<n>.war`` (the WAR the
  collection deployed);
* snapshot: ``deploy/<n>.previous/`` (the unpacked webapp, moved there) and ``deploy/<n>.war.previous`` (a copy
  of the WAR); ``deploy/<n>.previous.none`` (the marker "there was no previous version": a first deploy);
  ``deploy/<n>.previous.restoring`` (the journal of a restore in progress, listing the parts of the snapshot);
* ``work/Catalina/localhost/<Tomcat base name>/`` (the JSPs compiled from the webapp).

:func:`inspect` reads what is where (and refuses symbolic links and wrong kinds of file), :func:`plan` turns it and
the wanted state into operations, :func:`simulate` computes what is where after them (check and diff mode),
:func:`execute` does them. Every operation is a rename within one file system, a new file written to a temporary
name and renamed, or a removal of a directory that is first renamed away (to a hidden ``.<n>.trash-*`` name in
``deploy/``, or beside a work directory), so that no final name ever holds a half-written or half-removed tree.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import errno
import os
import shutil
import stat
import tempfile

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import (
    NamePattern, ValidationError, check_path, has_control_chars,
)

STATES = ('saved', 'restored', 'discarded')
MAX_NAME = 200
# Tomcat's context directory names: letters, digits, '.', '#' (for '/' in the context path), '-', '_'
NAME = NamePattern(r'[A-Za-z0-9._#-]{1,%d}' % MAX_NAME)

# Tomcat's ContextName (org.apache.catalina.util.ContextName)
ROOT_NAME = 'ROOT'
VERSION_MARKER = '##'
# the work directory of the contexts of Host "localhost" in Engine "Catalina" (StandardContext.postWorkDirectory)
WORK_PARENT = 'work/Catalina/localhost'

DIRECTORY, FILE, ABSENT = 'directory', 'file', 'absent'
PARTS = ('dir', 'war')


class WebappSnapshotError(WebtierError):
    """A failure for the user; ``actions`` are the operations done before it (paths relative to the base)."""

    def __init__(self, msg, kind=None, actions=None):
        super().__init__(msg, kind)
        self.actions = list(actions or [])


def check_name(name):
    """The webapp's context directory name, or ValidationError: letters, digits, '.', '#', '-', '_'; not '.' or
    '..'; at most MAX_NAME characters (the snapshot's names add up to 24 to it, and a file name has 255 bytes)."""
    if not isinstance(name, str) or not name:
        raise ValidationError('name must be a non-empty string, got %r' % (name,))
    if has_control_chars(name):
        raise ValidationError('name %r contains a control character (NUL, newline, ...)' % (name,))
    if len(name) > MAX_NAME:
        raise ValidationError('name is %d characters long; at most %d are allowed' % (len(name), MAX_NAME))
    if name in ('.', '..') or not NAME(name):
        raise ValidationError("name %r is not a Tomcat context directory name: letters, digits, '.', '#', '-' "
                              "and '_' only (no '/'), and not '.' or '..'" % (name,))
    return name


def work_dir_name(name):
    """The name of the work directory Tomcat gives the context deployed from ``webapps/<name>``.

    HostConfig deploys the directory as ``ContextName(name, false)`` (path and version); StandardContext's work
    directory is then the base name of ``ContextName(path, version)``: ``ROOT`` for the root context (Tomcat 7 and
    later; ``_`` was Tomcat 5 and 6), ``foo#bar`` for ``/foo/bar``, ``ROOT##2`` for ``##2``, ``foo`` for ``foo##``.
    """
    base = name
    if base.startswith(VERSION_MARKER):
        base = ROOT_NAME + base
    index = base.find(VERSION_MARKER)
    if index > -1:
        version, plain = base[index + 2:], base[:index]
    else:
        version, plain = '', base
    path = '' if plain == ROOT_NAME else '/' + plain.replace('#', '/')
    if path in ('/', '/ROOT'):
        path = ''
    out = ROOT_NAME if not path else path[1:].replace('/', '#')
    if version:
        out += VERSION_MARKER + version
    return out


class Layout:
    """The paths of one webapp of one instance, relative to the (resolved) base."""

    def __init__(self, base, name):
        self.base = base
        self.name = name
        self.live_dir = 'webapps/%s' % name
        self.war = 'deploy/%s.war' % name
        self.snap_dir = 'deploy/%s.previous' % name
        self.snap_war = 'deploy/%s.war.previous' % name
        self.marker = 'deploy/%s.previous.none' % name
        self.journal = 'deploy/%s.previous.restoring' % name
        self.work = '%s/%s' % (WORK_PARENT, work_dir_name(name))

    def kinds(self):
        """Every tracked path with the kind it must have when present, in the order of the diff."""
        return [(self.live_dir, DIRECTORY), (self.war, FILE), (self.snap_dir, DIRECTORY), (self.snap_war, FILE),
                (self.marker, FILE), (self.journal, FILE), (self.work, DIRECTORY)]

    def path(self, rel):
        return os.path.join(self.base, rel)


def check_base(base):
    """The base as the OS resolves it (a symbolic link is followed), or WebappSnapshotError."""
    try:
        path = check_path(base, 'base')
    except ValidationError as exc:
        raise WebappSnapshotError(exc.msg, 'invalid') from None
    real = os.path.realpath(path)
    if not os.path.isdir(real):
        what = 'does not exist' if not os.path.lexists(path) else 'is not a directory'
        raise WebappSnapshotError('base %s %s (it must be the CATALINA_BASE of the instance)' % (path, what),
                                  'invalid')
    return real


def _reason(exc):
    return exc.strerror or type(exc).__name__


def _lstat(layout, rel):
    try:
        return os.lstat(layout.path(rel))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WebappSnapshotError('cannot look at %s in %s: %s' % (rel, layout.base, _reason(exc)), 'io') from None


def _kind_of(st):
    if st is None:
        return ABSENT
    if stat.S_ISDIR(st.st_mode):
        return DIRECTORY
    if stat.S_ISREG(st.st_mode):
        return FILE
    if stat.S_ISLNK(st.st_mode):
        return 'symbolic link'
    return 'special file'


def _refuse(layout, rel, found, wanted):
    where = '%s in %s' % (rel, layout.base)
    if found == 'symbolic link':
        target = os.readlink(layout.path(rel))
        return WebappSnapshotError('%s is a symbolic link (to %s): links inside base are neither followed nor moved; '
                                   'replace it by a %s. Nothing was changed.' % (where, target, wanted), 'unsupported')
    article = 'an' if found[0] in 'aeiou' else 'a'
    return WebappSnapshotError('%s is %s %s, not a %s. Nothing was changed.' % (where, article, found, wanted),
                               'unsupported')


def inspect(layout):
    """What is where: {rel: kind} for every tracked path (plus the parents ``deploy``, ``webapps``, the work
    parents, the devices of ``deploy`` and ``webapps``, and the parts listed by a restore journal).

    Raises WebappSnapshotError for a symbolic link or a wrong kind of file at any of them (nothing is changed).
    """
    state = {}
    parents = ['deploy', 'webapps', 'work', 'work/Catalina', WORK_PARENT]
    devices = {'.': os.stat(layout.base).st_dev}
    for rel in parents:
        st = _lstat(layout, rel)
        kind = _kind_of(st)
        if kind not in (ABSENT, DIRECTORY):
            raise _refuse(layout, rel, kind, DIRECTORY)
        state[rel] = kind
        if st is not None:
            devices[rel] = st.st_dev
    for rel, wanted in layout.kinds():
        parent = os.path.dirname(rel)
        if state[parent] == ABSENT:
            state[rel] = ABSENT
            continue
        kind = _kind_of(_lstat(layout, rel))
        if kind not in (ABSENT, wanted):
            raise _refuse(layout, rel, kind, wanted)
        state[rel] = kind
    state['_devices'] = devices
    state['_journal_parts'] = _read_journal(layout) if state[layout.journal] == FILE else None
    return state


def _read_journal(layout):
    try:
        with open(layout.path(layout.journal), 'r') as f:
            text = f.read(4096)
    except (OSError, UnicodeError) as exc:
        raise WebappSnapshotError('cannot read %s: %s' % (layout.journal, getattr(exc, 'strerror', None) or exc),
                                  'io') from None
    parts = text.split()
    if not parts or any(part not in PARTS for part in parts):
        raise WebappSnapshotError('%s in %s is not a restore journal of this module (it must list "dir" and/or '
                                  '"war"); look at it and remove it. Nothing was changed.'
                                  % (layout.journal, layout.base), 'unsupported')
    return set(parts)


def _journal_text(parts):
    return ''.join('%s\n' % part for part in PARTS if part in parts)


# ------------------------------------------------------------------------------------------------------------
# plan: operations are ('mkdir', rel), ('remove', rel), ('move', src, dst), ('copy', src, dst), ('write', rel, text)
# ------------------------------------------------------------------------------------------------------------

def _present(state, rel):
    return state[rel] != ABSENT


def plan(layout, state, wanted):
    """(operations, had_previous) that bring the tree from ``state`` (from :func:`inspect`) to ``wanted``."""
    if wanted not in STATES:
        raise WebappSnapshotError('state must be one of %s, got %r' % (', '.join(STATES), wanted), 'invalid')
    if wanted == 'restored':
        return _plan_restored(layout, state)
    if _present(state, layout.journal):
        raise WebappSnapshotError('a restore of %s was interrupted (%s exists): run state=restored again to finish '
                                  'it first. Nothing was changed.' % (layout.name, layout.journal), 'interrupted')
    if wanted == 'saved':
        return _plan_saved(layout, state)
    snapshot = [rel for rel in (layout.snap_dir, layout.snap_war, layout.marker) if _present(state, rel)]
    return [('remove', rel) for rel in snapshot], _has_snapshot(layout, state)


def _has_snapshot(layout, state):
    return _present(state, layout.snap_dir) or _present(state, layout.snap_war)


def _plan_saved(layout, state):
    ops = []
    live_dir, war = _present(state, layout.live_dir), _present(state, layout.war)
    marker, snap_war = _present(state, layout.marker), _present(state, layout.snap_war)
    if not _present(state, 'deploy') and (live_dir or not war):
        ops.append(('mkdir', 'deploy'))
    if live_dir:
        # a new snapshot: the old one goes; the live directory moves last, so the webapp stays whole until then
        if marker:
            ops.append(('remove', layout.marker))
        if war:
            ops.append(('copy', layout.war, layout.snap_war))
        elif snap_war:
            ops.append(('remove', layout.snap_war))
        if _present(state, layout.snap_dir):
            ops.append(('remove', layout.snap_dir))
        ops.append(('move', layout.live_dir, layout.snap_dir))
        return ops, True
    if marker:
        # an earlier saved found nothing: it stays so; snapshot parts beside the marker are leftovers
        ops.extend(('remove', rel) for rel in (layout.snap_dir, layout.snap_war) if _present(state, rel))
        return ops, False
    if war:
        if _has_snapshot(layout, state):
            # an earlier saved moved the unpacked directory away: keep what it saved
            return ops, True
        ops.append(('copy', layout.war, layout.snap_war))
        return ops, True
    if snap_war:
        # nothing live but a WAR copy: the live WAR was removed after that snapshot (saved copies it, never
        # moves it), so the snapshot is stale: this is a first deploy. The marker first, then the removals.
        ops.append(('write', layout.marker, _MARKER_TEXT % layout.name))
        ops.extend(('remove', rel) for rel in (layout.snap_dir, layout.snap_war) if _present(state, rel))
        return ops, False
    if _present(state, layout.snap_dir):
        # an earlier saved moved a webapp that had no WAR: keep it
        return ops, True
    ops.append(('write', layout.marker, _MARKER_TEXT % layout.name))
    return ops, False


_MARKER_TEXT = ('There was no previous version of the webapp %s: webapp_snapshot state=restored removes the '
                'webapp.\n')


def _plan_restored(layout, state):
    ops = []
    parts = state.get('_journal_parts')
    if parts is None and _present(state, layout.marker):
        # the first deploy of the webapp failed: it did not exist before. The marker goes last.
        leftovers = (layout.live_dir, layout.war, layout.snap_dir, layout.snap_war, layout.work)
        ops.extend(('remove', rel) for rel in leftovers if _present(state, rel))
        ops.append(('remove', layout.marker))
        return ops, False
    if parts is None:
        parts = set()
        if _present(state, layout.snap_dir):
            parts.add('dir')
        if _present(state, layout.snap_war):
            parts.add('war')
        if not parts:
            return ops, False
        ops.append(('write', layout.journal, _journal_text(parts)))
    # with a journal (an interrupted restore resumed), a part whose snapshot is gone is already back
    if 'dir' not in parts or _present(state, layout.snap_dir):
        if _present(state, layout.live_dir):
            ops.append(('remove', layout.live_dir))
        if 'dir' in parts:
            ops.append(('move', layout.snap_dir, layout.live_dir))
    if 'war' in parts:
        if _present(state, layout.snap_war):
            ops.append(('move', layout.snap_war, layout.war))
    elif _present(state, layout.war):
        ops.append(('remove', layout.war))
    ops.extend(('remove', rel) for rel in (layout.marker, layout.work) if _present(state, rel))
    # the journal goes last: until then, running restored again finishes the restore
    ops.append(('remove', layout.journal))
    return ops, True


def simulate(state, ops):
    """The {rel: kind} after the operations."""
    after = dict((k, v) for k, v in state.items() if not k.startswith('_'))
    for op in ops:
        if op[0] == 'mkdir':
            after[op[1]] = DIRECTORY
        elif op[0] == 'remove':
            after[op[1]] = ABSENT
        elif op[0] == 'move':
            after[op[2]] = after[op[1]]
            after[op[1]] = ABSENT
        elif op[0] == 'copy':
            after[op[2]] = FILE
        else:
            after[op[1]] = FILE
    return after


def describe(layout, kinds):
    """The diff text: one line per tracked path that exists, directories with a trailing '/'."""
    lines = []
    for rel, _wanted in layout.kinds():
        kind = kinds.get(rel, ABSENT)
        if kind == DIRECTORY:
            lines.append('%s/\n' % rel)
        elif kind != ABSENT:
            lines.append('%s\n' % rel)
    return ''.join(lines) or '(none)\n'


def action_text(op):
    if op[0] == 'mkdir':
        return 'created %s' % op[1]
    if op[0] == 'remove':
        return 'removed %s' % op[1]
    if op[0] == 'move':
        return 'moved %s to %s' % (op[1], op[2])
    if op[0] == 'copy':
        return 'copied %s to %s' % (op[1], op[2])
    return 'wrote %s' % op[1]


# ------------------------------------------------------------------------------------------------------------
# execute
# ------------------------------------------------------------------------------------------------------------

def check_devices(layout, state, ops):
    """Refuse, before anything is done, operations that would rename between deploy/ and webapps/ on two file
    systems (os.rename cannot; a copy would not be atomic)."""
    touches_webapps = any(len(op) > 1 and op[0] in ('move', 'remove') and op[1].startswith('webapps/')
                          or op[0] == 'move' and op[2].startswith('webapps/') for op in ops)
    devices = state.get('_devices', {})
    deploy = devices.get('deploy', devices.get('.'))   # a missing deploy/ is created in the base
    if touches_webapps and devices.get('webapps', deploy) != deploy:
        raise WebappSnapshotError('deploy and webapps in %s are on different file systems: the snapshot moves the '
                                  'unpacked webapp between them with a rename, which needs one file system. Nothing '
                                  'was changed.' % layout.base, 'unsupported')


def _trash_dir(layout, rel):
    if rel.startswith('work/'):
        return os.path.dirname(layout.path(rel))
    return layout.path('deploy')


def _remove(layout, rel):
    path = layout.path(rel)
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        os.unlink(path)
        return
    # an empty directory from mkdtemp is replaced by the rename; the tree then goes under a name nobody uses
    trash = tempfile.mkdtemp(prefix='.%s.trash-' % layout.name, dir=_trash_dir(layout, rel))
    try:
        os.rename(path, trash)
    except OSError:
        os.rmdir(trash)
        raise
    shutil.rmtree(trash)


def _fsync(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy(layout, src, dst):
    """Copy src to dst (contents, mode, times, extended attributes, owner and group) through a temporary file
    beside dst, renamed over it."""
    source = layout.path(src)
    fd, tmp = tempfile.mkstemp(prefix='.%s.tmp-' % layout.name, dir=os.path.dirname(layout.path(dst)))
    os.close(fd)
    try:
        # follow_symlinks=False: if src were swapped for a link meanwhile, the copy fails instead of following it
        shutil.copy2(source, tmp, follow_symlinks=False)
        st = os.lstat(source)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, '%s is no longer a regular file' % src)
        mine = os.lstat(tmp)
        if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
            os.chown(tmp, st.st_uid, st.st_gid)
            os.chmod(tmp, stat.S_IMODE(st.st_mode))   # chown may clear setuid/setgid bits
        _fsync(tmp)
        os.rename(tmp, layout.path(dst))
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _write(layout, rel, text):
    fd, tmp = tempfile.mkstemp(prefix='.%s.tmp-' % layout.name, dir=os.path.dirname(layout.path(rel)))
    try:
        with os.fdopen(fd, 'w') as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o640)
        os.rename(tmp, layout.path(rel))
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def execute(layout, ops):
    """Do the operations in order; returns the actions. On an OS error raises WebappSnapshotError naming the
    operation, with the actions done before it."""
    actions = []
    for op in ops:
        try:
            if op[0] == 'mkdir':
                os.mkdir(layout.path(op[1]), 0o750)
            elif op[0] == 'remove':
                _remove(layout, op[1])
            elif op[0] == 'move':
                os.rename(layout.path(op[1]), layout.path(op[2]))
            elif op[0] == 'copy':
                _copy(layout, op[1], op[2])
            else:
                _write(layout, op[1], op[2])
        except OSError as exc:
            done = ('; done before: %s' % ', '.join(actions)) if actions else '; nothing was changed before'
            raise WebappSnapshotError('could not %s in %s: %s%s' % (_verb(action_text(op)), layout.base, _reason(exc),
                                                                    done), 'io', actions) from None
        actions.append(action_text(op))
    return actions


def _verb(text):
    for past, present in (('created', 'create'), ('removed', 'remove'), ('moved', 'move'), ('copied', 'copy'),
                          ('wrote', 'write')):
        if text.startswith(past + ' '):
            return present + text[len(past):]
    return text


def run(base, name, wanted, check_mode=False):
    """The module's work: result dict with changed, had_previous, actions and diff ({before, after} texts)."""
    try:
        name = check_name(name)
    except ValidationError as exc:
        raise WebappSnapshotError(exc.msg, 'invalid') from None
    layout = Layout(check_base(base), name)
    state = inspect(layout)
    ops, had_previous = plan(layout, state, wanted)
    check_devices(layout, state, ops)
    before = describe(layout, state)
    after = describe(layout, simulate(state, ops))
    actions = [action_text(op) for op in ops] if check_mode else execute(layout, ops)
    return dict(changed=bool(ops), had_previous=had_previous, actions=actions,
                diff=dict(before_header=layout.base, after_header=layout.base, before=before, after=after))
