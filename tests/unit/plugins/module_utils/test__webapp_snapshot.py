# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_webapp_snapshot on real trees in temporary directories (no file system mock): the name checks,
Tomcat's work directory names, and the state machine (saved, restored, discarded) with the exact tree (paths,
contents, modes) after every step, including generated sequences and names (hypothesis)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import stat
import string
import tempfile

import pytest
from hypothesis import assume, given, settings, strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _webapp_snapshot as ws

set_hypothesis_home_dir(os.path.join(os.path.dirname(os.path.abspath(__file__)), *(['..'] * 4 + ['.cache', 'hypothesis'])))
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None)

NAME_CHARS = 'abcXYZ019.#-_'
VALID_CHARS = string.ascii_letters + string.digits + '.#-_'


def tree(base):
    """{relative path: ('dir', mode) | ('file', bytes, mode)} of everything below base (links as ('link', target))."""
    out = {}
    for root, dirs, files in os.walk(base):
        for name in dirs + files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, base)
            st_ = os.lstat(path)
            if stat.S_ISLNK(st_.st_mode):
                out[rel] = ('link', os.readlink(path))
            elif stat.S_ISDIR(st_.st_mode):
                out[rel] = ('dir', stat.S_IMODE(st_.st_mode))
            elif not stat.S_ISREG(st_.st_mode):
                out[rel] = ('special', stat.S_IFMT(st_.st_mode))
            else:
                with open(path, 'rb') as f:
                    out[rel] = ('file', f.read(), stat.S_IMODE(st_.st_mode))
    return out


def write(path, data, mode=0o640):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)
    os.chmod(path, mode)


def instance(base, name='app', war=b'WAR v1', unpacked=b'<web-app v1/>', work=True):
    """A CATALINA_BASE with the webapp deployed: the WAR in deploy/, unpacked in webapps/, compiled JSPs in work/."""
    for sub in ('deploy', 'webapps', 'logs'):
        os.makedirs(os.path.join(base, sub), exist_ok=True)
    if war is not None:
        write(os.path.join(base, 'deploy', name + '.war'), war)
    if unpacked is not None:
        write(os.path.join(base, 'webapps', name, 'WEB-INF', 'web.xml'), unpacked, 0o644)
        write(os.path.join(base, 'webapps', name, 'index.jsp'), b'hello ' + unpacked, 0o600)
        os.chmod(os.path.join(base, 'webapps', name), 0o750)
    if work:
        write(os.path.join(base, ws.WORK_PARENT, ws.work_dir_name(name), 'org', 'index_jsp.class'), b'compiled')
    return base


def deploy(base, name='app', version=b'v2'):
    """What the tomcat role does: a new WAR in deploy/, unpacked anew, then Tomcat compiles its JSPs."""
    write(os.path.join(base, 'deploy', name + '.war'), b'WAR ' + version)
    write(os.path.join(base, 'webapps', name, 'WEB-INF', 'web.xml'), b'<web-app ' + version + b'/>', 0o644)
    write(os.path.join(base, ws.WORK_PARENT, ws.work_dir_name(name), 'org', 'index_jsp.class'), b'compiled ' + version)


def without_work(t, name='app'):
    prefix = os.path.join(ws.WORK_PARENT, ws.work_dir_name(name))
    return dict((k, v) for k, v in t.items() if not (k == prefix or k.startswith(prefix + '/')))


def no_work(t):
    return dict((k, v) for k, v in t.items() if k != 'work' and not k.startswith('work/'))


def live(t, name='app'):
    """The live part of a tree: webapps/<name> and deploy/<name>.war."""
    return dict((k, v) for k, v in t.items()
                if k == 'deploy/%s.war' % name or k == 'webapps/' + name or k.startswith('webapps/%s/' % name))


# ------------------------------------------------------------------------------------------------------------
# names
# ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('name', ['ROOT', 'app', 'shop#v2', 'app##3', 'a.b-c_d', '.hidden', 'x' * 200, '##2'])
def test_valid_names(name):
    assert ws.check_name(name) == name


@pytest.mark.parametrize('name, words', [
    ('', 'non-empty'), ('.', "not '.' or '..'"), ('..', "not '.' or '..'"), ('a/b', "no '/'"), ('../etc', "no '/'"),
    ('a\x00b', 'control character'), ('a\nb', 'control character'), ('x' * 201, 'at most 200'), ('a b', "no '/'"),
    ('caf\u00e9', "no '/'"), ('a*', "no '/'"), (None, 'non-empty'), (5, 'non-empty'),
])
def test_invalid_names(name, words):
    with pytest.raises(ws.ValidationError) as exc:
        ws.check_name(name)
    assert words in exc.value.msg


@pytest.mark.parametrize('name, work', [
    ('ROOT', 'ROOT'), ('app', 'app'), ('foo#bar', 'foo#bar'), ('##2', 'ROOT##2'), ('ROOT##2', 'ROOT##2'),
    ('app##3', 'app##3'), ('foo##', 'foo'), ('ROOT#x', 'ROOT#x'), ('a.b', 'a.b'),
])
def test_work_dir_names_are_tomcats(name, work):
    # org.apache.catalina.util.ContextName(name, false) -> (path, version) -> ContextName(path, version).getBaseName()
    assert ws.work_dir_name(name) == work


@PROPERTY
@given(st.text(alphabet=NAME_CHARS, min_size=1, max_size=ws.MAX_NAME).filter(lambda n: n not in ('.', '..')))
def test_generated_valid_names_save_and_restore_exactly(name):
    with tempfile.TemporaryDirectory() as tmp:
        base = instance(os.path.join(tmp, 'base'), name)
        before = tree(base)
        saved = ws.run(base, name, 'saved')
        assert saved['changed'] and saved['had_previous']
        # every name the module made is inside deploy/ and starts with the webapp's own name
        assert all(p == 'deploy/%s.war' % name or p.startswith('deploy/%s.' % name) or p.startswith(ws.WORK_PARENT)
                   or p in ('deploy', 'webapps', 'logs', 'work', 'work/Catalina')
                   for p in tree(base))
        deploy(base, name)
        restored = ws.run(base, name, 'restored')
        assert restored['changed'] and restored['had_previous']
        assert tree(base) == without_work(before, name)


@PROPERTY
@given(st.one_of(
    st.text(min_size=1, max_size=20).filter(lambda n: any(c not in VALID_CHARS for c in n)),
    st.text(alphabet=NAME_CHARS, min_size=ws.MAX_NAME + 1, max_size=ws.MAX_NAME + 50),
    st.sampled_from(['.', '..']),
))
def test_generated_invalid_names_are_refused_and_change_nothing(name):
    with tempfile.TemporaryDirectory() as tmp:
        base = instance(os.path.join(tmp, 'base'))
        before = tree(base)
        with pytest.raises(ws.WebappSnapshotError) as exc:
            ws.run(base, name, 'saved')
        assert exc.value.kind == 'invalid' and exc.value.msg
        assert tree(base) == before


# ------------------------------------------------------------------------------------------------------------
# the state machine, step by step, with the exact tree
# ------------------------------------------------------------------------------------------------------------

def test_saved_moves_the_directory_and_copies_the_war_with_its_attributes(tmp_path):
    base = instance(str(tmp_path))
    os.utime(os.path.join(base, 'deploy', 'app.war'), (1000000000, 1000000000))
    before = tree(base)
    result = ws.run(base, 'app', 'saved')
    assert result['changed'] is True and result['had_previous'] is True
    assert result['actions'] == ['copied deploy/app.war to deploy/app.war.previous',
                                 'moved webapps/app to deploy/app.previous']
    after = tree(base)
    expected = dict((k, v) for k, v in before.items() if not k.startswith('webapps/app'))
    expected.update(('deploy/app.previous' + k[len('webapps/app'):], v) for k, v in before.items()
                    if k.startswith('webapps/app'))
    expected['deploy/app.war.previous'] = before['deploy/app.war']
    assert after == expected
    war, copy = os.stat(os.path.join(base, 'deploy/app.war')), os.stat(os.path.join(base, 'deploy/app.war.previous'))
    assert copy.st_mtime == war.st_mtime == 1000000000 and copy.st_uid == war.st_uid and copy.st_gid == war.st_gid
    assert result['diff']['before'] == 'webapps/app/\ndeploy/app.war\nwork/Catalina/localhost/app/\n'
    assert result['diff']['after'] == ('deploy/app.war\ndeploy/app.previous/\ndeploy/app.war.previous\n'
                                       'work/Catalina/localhost/app/\n')


def test_saved_then_restored_gives_back_the_exact_tree(tmp_path):
    base = instance(str(tmp_path))
    before = tree(base)
    ws.run(base, 'app', 'saved')
    deploy(base)
    assert tree(base)['deploy/app.war'][1] == b'WAR v2'
    result = ws.run(base, 'app', 'restored')
    assert result['changed'] is True and result['had_previous'] is True
    assert result['actions'] == ['wrote deploy/app.previous.restoring', 'removed webapps/app',
                                 'moved deploy/app.previous to webapps/app',
                                 'moved deploy/app.war.previous to deploy/app.war',
                                 'removed work/Catalina/localhost/app', 'removed deploy/app.previous.restoring']
    assert tree(base) == without_work(before)


def test_saved_twice_keeps_the_first_snapshot(tmp_path):
    base = instance(str(tmp_path / 'base'))
    before = tree(base)
    ws.run(base, 'app', 'saved')
    once = tree(base)
    again = ws.run(base, 'app', 'saved')
    assert again['changed'] is False and again['had_previous'] is True and again['actions'] == []
    assert tree(base) == once
    deploy(base)
    # a rerun of the roll after the new WAR was copied but not unpacked: still the first snapshot
    os.rename(os.path.join(base, 'webapps', 'app'), os.path.join(str(tmp_path), 'elsewhere'))
    assert ws.run(base, 'app', 'saved')['changed'] is False
    ws.run(base, 'app', 'restored')
    assert tree(base) == without_work(before)


def test_restored_twice_does_not_remove_the_restored_webapp(tmp_path):
    base = instance(str(tmp_path))
    ws.run(base, 'app', 'saved')
    deploy(base)
    ws.run(base, 'app', 'restored')
    restored = tree(base)
    again = ws.run(base, 'app', 'restored')
    assert again == dict(changed=False, had_previous=False, actions=[], diff=again['diff'])
    assert again['diff']['before'] == again['diff']['after']
    assert tree(base) == restored


def test_restored_without_anything_saved_does_nothing(tmp_path):
    base = instance(str(tmp_path))
    before = tree(base)
    for attempt in range(2):
        result = ws.run(base, 'app', 'restored')
        assert attempt in (0, 1)
        assert result['changed'] is False and result['actions'] == []
        assert tree(base) == before


def test_first_deploy_saved_then_restored_removes_the_webapp(tmp_path):
    base = str(tmp_path)
    os.makedirs(os.path.join(base, 'webapps', 'ROOT'))
    before = tree(base)
    saved = ws.run(base, 'app', 'saved')
    assert saved['had_previous'] is False
    assert saved['actions'] == ['created deploy', 'wrote deploy/app.previous.none']
    assert tree(base)['deploy'] == ('dir', 0o750)
    assert tree(base)['deploy/app.previous.none'][2] == 0o640
    assert ws.run(base, 'app', 'saved')['changed'] is False      # saved twice: still "nothing before"
    deploy(base)
    restored = ws.run(base, 'app', 'restored')
    assert restored['had_previous'] is False
    assert restored['actions'] == ['removed webapps/app', 'removed deploy/app.war',
                                   'removed work/Catalina/localhost/app', 'removed deploy/app.previous.none']
    expected = dict(before, deploy=('dir', 0o750), work=tree(base)['work'])
    expected.update((k, v) for k, v in tree(base).items() if k.startswith('work'))
    assert tree(base) == expected
    assert ws.run(base, 'app', 'restored')['changed'] is False    # restored twice: nothing left to remove


def test_saved_replaces_an_older_snapshot(tmp_path):
    base = instance(str(tmp_path))
    ws.run(base, 'app', 'saved')
    deploy(base)
    v2 = tree(base)
    result = ws.run(base, 'app', 'saved')
    assert result['actions'] == ['copied deploy/app.war to deploy/app.war.previous', 'removed deploy/app.previous',
                                 'moved webapps/app to deploy/app.previous']
    after = tree(base)
    assert after['deploy/app.war.previous'] == v2['deploy/app.war']
    assert after['deploy/app.previous/WEB-INF/web.xml'] == v2['webapps/app/WEB-INF/web.xml']
    assert dict((k[len('deploy/app.previous'):], v) for k, v in after.items() if k.startswith('deploy/app.previous')
                and k != 'deploy/app.previous.none') == dict((k[len('webapps/app'):], v) for k, v in v2.items()
                                                             if k.startswith('webapps/app'))
    assert not [k for k in after if k.startswith('webapps/app') or '.trash-' in k or '.tmp-' in k]


def test_war_only_and_directory_only_webapps(tmp_path):
    # a WAR never unpacked: saved keeps the WAR alone; restored removes the failed unpacked dir
    base = instance(str(tmp_path / 'a'), unpacked=None, work=False)
    before = tree(base)
    assert ws.run(base, 'app', 'saved')['actions'] == ['copied deploy/app.war to deploy/app.war.previous']
    deploy(base)
    ws.run(base, 'app', 'restored')
    assert no_work(tree(base)) == before
    # an unpacked dir without a WAR (the role's ROOT): saved twice keeps it; restored removes the failed WAR
    base = instance(str(tmp_path / 'b'), name='ROOT', war=None, work=False)
    before = tree(base)
    assert ws.run(base, 'ROOT', 'saved')['actions'] == ['moved webapps/ROOT to deploy/ROOT.previous']
    assert ws.run(base, 'ROOT', 'saved')['changed'] is False
    deploy(base, 'ROOT')
    result = ws.run(base, 'ROOT', 'restored')
    assert 'removed deploy/ROOT.war' in result['actions'] and 'removed work/Catalina/localhost/ROOT' in result['actions']
    assert no_work(tree(base)) == before


def test_a_stale_snapshot_is_dropped_by_a_first_deploy(tmp_path):
    base = instance(str(tmp_path))
    ws.run(base, 'app', 'saved')
    os.unlink(os.path.join(base, 'deploy', 'app.war'))    # the webapp was removed by hand, its snapshot left
    result = ws.run(base, 'app', 'saved')
    assert result['had_previous'] is False
    assert result['actions'] == ['wrote deploy/app.previous.none', 'removed deploy/app.previous',
                                 'removed deploy/app.war.previous']


def test_discarded_removes_the_snapshot_or_the_marker(tmp_path):
    base = instance(str(tmp_path))
    before = tree(base)
    ws.run(base, 'app', 'saved')
    deploy(base)
    deployed = tree(base)
    result = ws.run(base, 'app', 'discarded')
    assert result['had_previous'] is True
    assert result['actions'] == ['removed deploy/app.previous', 'removed deploy/app.war.previous']
    assert tree(base) == dict((k, v) for k, v in deployed.items() if not k.startswith('deploy/app.previous')
                              and k != 'deploy/app.war.previous')
    assert ws.run(base, 'app', 'discarded')['changed'] is False
    assert ws.run(base, 'app', 'restored')['changed'] is False
    assert before != tree(base)
    empty = str(tmp_path / 'new')
    os.makedirs(empty)
    ws.run(empty, 'app', 'saved')
    assert ws.run(empty, 'app', 'discarded')['actions'] == ['removed deploy/app.previous.none']


def test_check_mode_reports_and_changes_nothing(tmp_path):
    base = instance(str(tmp_path))
    before = tree(base)
    result = ws.run(base, 'app', 'saved', check_mode=True)
    assert result['changed'] is True and result['actions'][-1] == 'moved webapps/app to deploy/app.previous'
    assert tree(base) == before
    assert result['diff']['after'] != result['diff']['before']


def test_an_interrupted_restore_is_finished_by_restored_and_blocks_the_others(tmp_path):
    base = instance(str(tmp_path))
    before = tree(base)
    ws.run(base, 'app', 'saved')
    deploy(base)
    # the restore stopped after moving the directory back: the journal says the WAR is still to come
    layout = ws.Layout(base, 'app')
    state = ws.inspect(layout)
    ops = ws.plan(layout, state, 'restored')[0]
    ws.execute(layout, ops[:3])
    for wanted in ('saved', 'discarded'):
        with pytest.raises(ws.WebappSnapshotError) as exc:
            ws.run(base, 'app', wanted)
        assert exc.value.kind == 'interrupted' and 'run state=restored again' in exc.value.msg
    result = ws.run(base, 'app', 'restored')
    assert result['actions'] == ['moved deploy/app.war.previous to deploy/app.war', 'removed work/Catalina/localhost/app',
                                 'removed deploy/app.previous.restoring']
    assert tree(base) == without_work(before)


def test_a_garbled_journal_is_refused(tmp_path):
    base = instance(str(tmp_path))
    write(os.path.join(base, 'deploy', 'app.previous.restoring'), b'rm -rf /\n')
    before = tree(base)
    with pytest.raises(ws.WebappSnapshotError) as exc:
        ws.run(base, 'app', 'restored')
    assert 'not a restore journal' in exc.value.msg
    assert tree(base) == before


# ------------------------------------------------------------------------------------------------------------
# hostile trees: refused before any change
# ------------------------------------------------------------------------------------------------------------

# "<path> <what is put there>": the words of the refusal
HOSTILE = {
    'webapps/app link': 'is a symbolic link (to ', 'webapps/app file': 'is a file, not a directory',
    'deploy/app.war link': 'is a symbolic link', 'deploy/app.war dir': 'is a directory, not a file',
    'deploy/app.war fifo': 'is a special file', 'deploy/app.previous file': 'is a file, not a directory',
    'deploy/app.war.previous link': 'is a symbolic link', 'deploy/app.previous.none dir': 'is a directory, not a file',
    'work/Catalina/localhost/app link': 'is a symbolic link', 'work/Catalina link': 'is a symbolic link',
    'webapps link': 'is a symbolic link',
}


@pytest.mark.parametrize('wanted', ws.STATES)
@pytest.mark.parametrize('rel, make, words', [tuple(key.split()) + (words,) for key, words in HOSTILE.items()])
def test_links_and_wrong_kinds_are_refused_byte_identical(tmp_path, wanted, rel, make, words):
    base = str(tmp_path / 'base')
    instance(base)
    outside = tmp_path / 'outside'
    write(str(outside / 'secret'), b'do not touch', 0o600)
    path = os.path.join(base, rel)
    if os.path.isdir(path) and not os.path.islink(path):
        os.rename(path, str(tmp_path / 'moved-away'))
    elif os.path.lexists(path):
        os.unlink(path)
    if make == 'link':
        os.symlink(str(outside), path)
    elif make == 'file':
        write(path, b'not a directory')
    elif make == 'fifo':
        os.mkfifo(path)
    else:
        os.makedirs(path)
    before, outside_before = tree(base), tree(str(outside))
    with pytest.raises(ws.WebappSnapshotError) as exc:
        ws.run(base, 'app', wanted)
    assert exc.value.kind == 'unsupported'
    assert rel in exc.value.msg and words in exc.value.msg and 'Nothing was changed' in exc.value.msg
    assert tree(base) == before and tree(str(outside)) == outside_before


def test_a_base_that_is_a_link_is_followed(tmp_path):
    real = instance(str(tmp_path / 'real'))
    os.symlink(real, str(tmp_path / 'link'))
    result = ws.run(str(tmp_path / 'link'), 'app', 'saved')
    assert result['changed'] and result['diff']['before_header'] == real
    assert os.path.isdir(os.path.join(real, 'deploy', 'app.previous'))


@pytest.mark.parametrize('base, words', [
    ('relative/path', 'must be an absolute path'), ('/no/such/base/anywhere', 'does not exist'),
    ('/tmp/a\x00b', 'NUL byte'), ('', 'must be an absolute path'),
])
def test_bad_bases_are_refused(base, words):
    with pytest.raises(ws.WebappSnapshotError) as exc:
        ws.run(base, 'app', 'saved')
    assert words in exc.value.msg and exc.value.kind == 'invalid'


def test_a_base_that_is_a_file_or_has_dotdot_after_a_link(tmp_path):
    write(str(tmp_path / 'file'), b'x')
    with pytest.raises(ws.WebappSnapshotError) as exc:
        ws.run(str(tmp_path / 'file'), 'app', 'saved')
    assert 'is not a directory' in exc.value.msg
    os.makedirs(str(tmp_path / 'a' / 'b'))
    os.symlink(str(tmp_path / 'a' / 'b'), str(tmp_path / 'l'))
    with pytest.raises(ws.WebappSnapshotError) as exc:
        ws.run(str(tmp_path / 'l') + '/../a', 'app', 'saved')
    assert "'..' follows the symbolic link" in exc.value.msg


def test_an_io_failure_names_the_step_and_what_was_done(tmp_path):
    base = instance(str(tmp_path))
    os.chmod(os.path.join(base, 'webapps'), 0o500)       # the move out of webapps/ fails
    try:
        if os.access(os.path.join(base, 'webapps'), os.W_OK):
            pytest.skip('running as root: permissions do not stop the rename')
        with pytest.raises(ws.WebappSnapshotError) as exc:
            ws.run(base, 'app', 'saved')
    finally:
        os.chmod(os.path.join(base, 'webapps'), 0o755)
    assert exc.value.kind == 'io'
    assert exc.value.msg.startswith('could not move webapps/app to deploy/app.previous in %s: Permission denied' % base)
    assert exc.value.actions == ['copied deploy/app.war to deploy/app.war.previous']
    assert os.path.isdir(os.path.join(base, 'webapps', 'app'))   # the live webapp is whole


# ------------------------------------------------------------------------------------------------------------
# generated sequences: whatever was there, saved (any number of times) + a deploy + restored gives it back
# ------------------------------------------------------------------------------------------------------------

@PROPERTY
@given(start=st.fixed_dictionaries({'war': st.booleans(), 'unpacked': st.booleans(), 'work': st.booleans(),
                                    'old': st.sampled_from(['none', 'snapshot', 'discarded'])}),
       saves=st.integers(1, 3), deploys=st.integers(0, 2), restores=st.integers(1, 3))
def test_generated_sequences_restore_exactly_what_was_saved(start, saves, deploys, restores):
    with tempfile.TemporaryDirectory() as tmp:
        base = instance(os.path.join(tmp, 'base'), war=b'WAR v0', unpacked=b'v0', work=start['work'])
        # a snapshot beside a WAR whose unpacked directory is gone reads as an earlier saved (documented): not a start
        assume(start['old'] != 'snapshot' or start['unpacked'])
        if start['old'] != 'none':
            ws.run(base, 'app', 'saved')
            deploy(base, version=b'v1')
            if start['old'] == 'discarded':
                ws.run(base, 'app', 'discarded')
        if not start['war'] and os.path.exists(os.path.join(base, 'deploy/app.war')):
            os.unlink(os.path.join(base, 'deploy/app.war'))
        if not start['unpacked'] and os.path.exists(os.path.join(base, 'webapps/app')):
            os.rename(os.path.join(base, 'webapps/app'), os.path.join(tmp, 'gone'))
        before = live(tree(base))
        saved = [ws.run(base, 'app', 'saved') for count in range(saves)]
        assert len(saved) == saves
        for n in range(deploys):
            deploy(base, version=b'v%d' % (n + 5))
        results = [ws.run(base, 'app', 'restored') for count in range(restores)]
        after = tree(base)
        assert live(after) == before
        assert [r['changed'] for r in results[1:]] == [False] * (restores - 1)
        assert not [k for k in after if k.startswith('deploy/app.') and k != 'deploy/app.war'
                    or '.trash-' in k or '.tmp-' in k]
