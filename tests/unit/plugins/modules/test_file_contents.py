# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The file_contents module through its real main() on real files in tmp_path (the tests run as root, so
chown to another user works; the tests that need that are skipped otherwise)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import grp
import json
import os
import pwd
import stat

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.modules import file_contents
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module, warning_messages
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import (
    check_module_documentation, merged_documentation, run,
)

USER = pwd.getpwuid(os.getuid()).pw_name
GROUP = grp.getgrgid(os.getgid()).gr_name
SECRET = '-----BEGIN PRIVATE KEY-----\nQk9HVVMtS2V5LXdlYnRpZXItWnE4a1czblI1\n-----END PRIVATE KEY-----\n'
SECRET_MARK = 'Qk9HVVMtS2V5LXdlYnRpZXItWnE4a1czblI1'
SERVER_XML = '<Server port="-1">\n  <Service name="Catalina"/>\n</Server>\n'
SETENV = 'CATALINA_OPTS="-Xmx1g"'            # no trailing newline: none must be added
UNICODE = u'# r\u00e9glages \u2013 \u65e5\u672c\n\n'  # non-ASCII and a blank last line

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason='chown to another user needs root')


def mode_of(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


def _other(lookup, names, own_id, what):
    """The first of ``names`` that ``lookup`` knows and whose id is not ``own_id`` (skip the test when none)."""
    for name in names:
        try:
            entry = lookup(name)
        except KeyError:
            continue
        if entry[2] != own_id:
            return entry
    pytest.skip('no second %s on this host' % what)


def other_user():
    """A user and a group that are not the running ones (root runs the tests): nobody / nogroup."""
    return _other(pwd.getpwnam, ('nobody', 'daemon'), os.getuid(), 'user')


def other_group():
    return _other(grp.getgrnam, ('nogroup', 'nobody', 'daemon'), os.getgid(), 'group')


def conf(tmp_path):
    base = tmp_path / 'conf'
    base.mkdir(exist_ok=True)
    return base


def args(tmp_path, **extra):
    base = conf(tmp_path)
    out = dict(files=[
        dict(path=str(base / 'server.xml'), content=SERVER_XML, owner=USER, group=GROUP, mode='0640'),
        dict(path=str(base / 'setenv.sh'), content=SETENV, mode='0750'),
        dict(path=str(base / 'notes.txt'), content=UNICODE, mode=0o644),
        dict(path=str(base / 'key.pem'), secret_content=SECRET, mode='0600'),
    ])
    out.update(extra)
    return out


def snapshot(directory):
    """{name: (bytes, mode, uid, gid)} of every entry of a directory (files only, recursively)."""
    out = {}
    for root, dummy, names in os.walk(str(directory)):
        for name in names:
            path = os.path.join(root, name)
            st = os.stat(path)
            with open(path, 'rb') as f:
                out[os.path.relpath(path, str(directory))] = (f.read(), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)
    return out


def test_documentation_matches_argument_spec(monkeypatch):
    doc, dummy, captured = check_module_documentation(monkeypatch, file_contents, {'files', 'diff'})
    assert doc['extends_documentation_fragment'] == ['ansible.builtin.action_common_attributes', 'webtier.tomcat_cluster.attributes']
    doc = merged_documentation(file_contents)
    assert doc['attributes']['check_mode']['support'] == 'full'
    assert doc['attributes']['diff_mode']['support'] == 'full'
    assert 'secret_content' in ' '.join(doc['attributes']['diff_mode']['details'])
    assert doc['attributes']['platform']['platforms'] == 'posix'
    assert all(isinstance(line, str) for line in doc['description'])
    sub = captured['spec']['files']['options']
    assert sub['secret_content']['no_log'] is True
    assert [name for name, spec in sub.items() if spec.get('no_log')] == ['secret_content']


def test_creates_several_files_byte_exact_then_is_idempotent(tmp_path, capsys):
    result = run_module(file_contents, args(tmp_path), capsys)
    assert result['_rc'] == 0 and result['changed'] is True
    base = tmp_path / 'conf'
    assert result['files'] == [{'path': str(base / name), 'changed': True, 'created': True}
                               for name in ('server.xml', 'setenv.sh', 'notes.txt', 'key.pem')]
    assert (base / 'server.xml').read_bytes() == SERVER_XML.encode('utf-8')
    assert (base / 'setenv.sh').read_bytes() == SETENV.encode('utf-8')       # no newline added
    assert (base / 'notes.txt').read_bytes() == UNICODE.encode('utf-8')      # UTF-8, blank last line kept
    assert (base / 'key.pem').read_bytes() == SECRET.encode('utf-8')
    assert [mode_of(base / n) for n in ('server.xml', 'setenv.sh', 'notes.txt', 'key.pem')] == [
        0o640, 0o750, 0o644, 0o600]
    assert sorted(os.listdir(str(base))) == ['key.pem', 'notes.txt', 'server.xml', 'setenv.sh']   # no temp files
    before = snapshot(base)
    again = run_module(file_contents, dict(args(tmp_path), _ansible_diff=True), capsys)
    assert again['changed'] is False and again['diff'] == []
    assert [f['changed'] for f in again['files']] == [False] * 4
    assert [f['created'] for f in again['files']] == [False] * 4
    assert snapshot(base) == before


def test_a_new_file_without_mode_gets_the_default_mode(tmp_path, capsys):
    path = conf(tmp_path) / 'plain.txt'
    umask = os.umask(0o022)
    try:
        result = run_module(file_contents, dict(files=[dict(path=str(path), content='x\n')]), capsys)
        assert os.umask(0o022) == 0o022   # the module restored the umask it found
    finally:
        os.umask(umask)
    assert result['changed'] is True and mode_of(path) == 0o644


def test_a_content_change_rewrites_only_that_file(tmp_path, capsys):
    run_module(file_contents, args(tmp_path), capsys)
    base = tmp_path / 'conf'
    inodes = {name: os.stat(str(base / name)).st_ino for name in ('server.xml', 'setenv.sh', 'notes.txt')}
    changed = args(tmp_path)
    changed['files'][1]['content'] = SETENV + '\nJAVA_HOME=/opt/jdk\n'
    result = run_module(file_contents, dict(changed, _ansible_diff=True), capsys)
    assert result['changed'] is True
    assert [f['changed'] for f in result['files']] == [False, True, False, False]
    assert (base / 'setenv.sh').read_bytes() == (SETENV + '\nJAVA_HOME=/opt/jdk\n').encode('utf-8')
    assert mode_of(base / 'setenv.sh') == 0o750
    assert os.stat(str(base / 'setenv.sh')).st_ino != inodes['setenv.sh']      # replaced by a rename
    assert os.stat(str(base / 'server.xml')).st_ino == inodes['server.xml']    # untouched
    assert os.stat(str(base / 'notes.txt')).st_ino == inodes['notes.txt']
    assert result['diff'] == [{'before_header': str(base / 'setenv.sh'), 'after_header': str(base / 'setenv.sh'),
                               'before': SETENV, 'after': SETENV + '\nJAVA_HOME=/opt/jdk\n'}]


def test_a_mode_only_change_is_applied_and_not_diffed(tmp_path, capsys):
    run_module(file_contents, args(tmp_path), capsys)
    base = tmp_path / 'conf'
    os.chmod(str(base / 'server.xml'), 0o666)
    inode = os.stat(str(base / 'server.xml')).st_ino
    check = run_module(file_contents, dict(args(tmp_path), _ansible_check_mode=True, _ansible_diff=True), capsys)
    assert check['changed'] is True and check['diff'] == [] and mode_of(base / 'server.xml') == 0o666
    result = run_module(file_contents, dict(args(tmp_path), _ansible_diff=True), capsys)
    assert [f['changed'] for f in result['files']] == [True, False, False, False]
    assert result['diff'] == []
    assert mode_of(base / 'server.xml') == 0o640
    assert os.stat(str(base / 'server.xml')).st_ino == inode    # the content was not rewritten
    assert (base / 'server.xml').read_bytes() == SERVER_XML.encode('utf-8')


@needs_root
def test_an_owner_and_group_change_is_applied_content_untouched(tmp_path, capsys):
    user, group = other_user(), other_group()
    run_module(file_contents, args(tmp_path), capsys)
    path = tmp_path / 'conf' / 'server.xml'
    inode = os.stat(str(path)).st_ino
    wanted = args(tmp_path)
    wanted['files'][0].update(owner=user.pw_name, group=group.gr_name)
    result = run_module(file_contents, dict(wanted, _ansible_diff=True), capsys)
    assert [f['changed'] for f in result['files']] == [True, False, False, False] and result['diff'] == []
    st = os.stat(str(path))
    assert (st.st_uid, st.st_gid, st.st_ino) == (user.pw_uid, group.gr_gid, inode)
    assert path.read_bytes() == SERVER_XML.encode('utf-8')
    assert run_module(file_contents, wanted, capsys)['changed'] is False


@needs_root
def test_a_new_content_gets_the_new_owner_and_mode(tmp_path, capsys):
    user = other_user()
    path = conf(tmp_path) / 'key.pem'
    path.write_text('old\n')
    os.chmod(str(path), 0o644)
    result = run_module(file_contents, dict(files=[
        dict(path=str(path), secret_content=SECRET, owner=user.pw_name, mode='0600')]), capsys)
    assert result['changed'] is True and result['files'][0]['created'] is False
    st = os.stat(str(path))
    assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (user.pw_uid, 0o600)
    assert path.read_bytes() == SECRET.encode('utf-8')


def test_check_mode_writes_nothing_and_reports(tmp_path, capsys):
    base = conf(tmp_path)
    (base / 'setenv.sh').write_text('old')
    os.chmod(str(base / 'setenv.sh'), 0o750)
    before = snapshot(base)
    result = run_module(file_contents, dict(args(tmp_path), _ansible_check_mode=True, _ansible_diff=True), capsys)
    assert result['_rc'] == 0 and result['changed'] is True
    assert [(f['changed'], f['created']) for f in result['files']] == [(True, True), (True, False), (True, True), (True, True)]
    assert snapshot(base) == before
    # one diff per content change, the secret file left out; a new file's before is ''
    assert [d['after_header'] for d in result['diff']] == [str(base / n) for n in ('server.xml', 'setenv.sh', 'notes.txt')]
    assert result['diff'][0] == {'before_header': str(base / 'server.xml'), 'after_header': str(base / 'server.xml'),
                                 'before': '', 'after': SERVER_XML}
    assert result['diff'][1]['before'] == 'old' and result['diff'][1]['after'] == SETENV
    assert result['diff'][2]['after'] == UNICODE
    assert SECRET_MARK not in result['_raw']


def test_no_diff_key_outside_diff_mode(tmp_path, capsys):
    result = run_module(file_contents, args(tmp_path), capsys)
    assert 'diff' not in result


def test_force_false_leaves_an_existing_file_alone_and_creates_a_missing_one(tmp_path, capsys):
    base = conf(tmp_path)
    (base / 'logging.properties').write_text('mine\n')
    os.chmod(str(base / 'logging.properties'), 0o666)
    items = dict(files=[
        dict(path=str(base / 'logging.properties'), content='theirs\n', mode='0640', force=False),
        dict(path=str(base / 'new.properties'), content='fresh\n', mode='0640', force=False),
    ])
    check = run_module(file_contents, dict(items, _ansible_check_mode=True, _ansible_diff=True), capsys)
    assert [f['changed'] for f in check['files']] == [False, True] and not (base / 'new.properties').exists()
    result = run_module(file_contents, dict(items, _ansible_diff=True), capsys)
    assert [(f['changed'], f['created']) for f in result['files']] == [(False, False), (True, True)]
    assert (base / 'logging.properties').read_bytes() == b'mine\n' and mode_of(base / 'logging.properties') == 0o666
    assert (base / 'new.properties').read_bytes() == b'fresh\n' and mode_of(base / 'new.properties') == 0o640
    assert [d['after_header'] for d in result['diff']] == [str(base / 'new.properties')]
    again = run_module(file_contents, items, capsys)
    assert again['changed'] is False


def test_secret_content_never_in_the_output_nor_the_diff(tmp_path, capsys, monkeypatch):
    base = conf(tmp_path)
    (base / 'key.pem').write_text('an older key\n')
    items = dict(files=[dict(path=str(base / 'key.pem'), secret_content=SECRET, mode='0600'),
                        dict(path=str(base / 'cert.pem'), content='CERT\n')])
    # as Ansible prints it (invocation and no_log filtering included)
    result = run_module(file_contents, dict(items, _ansible_diff=True), capsys)
    assert result['changed'] is True and result['files'][0]['changed'] is True
    assert SECRET_MARK not in result['_raw']
    assert [d['after_header'] for d in result['diff']] == [str(base / 'cert.pem')]
    assert (base / 'key.pem').read_bytes() == SECRET.encode('utf-8')
    # and the result as the module builds it, before Ansible's filtering, in check mode too
    os.unlink(str(base / 'key.pem'))
    os.unlink(str(base / 'cert.pem'))
    res = run(monkeypatch, file_contents, items, check=True)
    assert not res.failed and SECRET_MARK not in json.dumps(res.result)
    assert [d['after_header'] for d in res.result['diff']] == [str(base / 'cert.pem')]


def test_secret_content_never_in_a_failure(tmp_path, monkeypatch):
    items = dict(files=[dict(path=str(tmp_path / 'missing' / 'key.pem'), secret_content=SECRET)])
    res = run(monkeypatch, file_contents, items)
    assert res.failed and SECRET_MARK not in json.dumps(res.result)
    items = dict(files=[dict(path=str(tmp_path / 'key.pem'), secret_content=SECRET, content='x')])
    res = run(monkeypatch, file_contents, items)
    assert res.failed and SECRET_MARK not in json.dumps(res.result)


def bad_cases(tmp_path):
    """(name, the bad item, the message it must give); each bad item comes after a good file in the list."""
    base = tmp_path / 'conf'
    return [
        ('relative', dict(path='conf/other.xml', content='x'), "files[1]: path must be an absolute path, got 'conf/other.xml'"),
        ('duplicate', dict(path=str(base) + '//server.xml/', content='x'),
         'files[1] (%s): the path is listed twice' % (base / 'server.xml')),
        ('missing parent', dict(path=str(base / 'nowhere' / 'x.xml'), content='x'),
         'files[1] (%s): the parent directory %s does not exist' % (base / 'nowhere' / 'x.xml', base / 'nowhere')),
        ('both contents', dict(path=str(base / 'b.xml'), content='x', secret_content=SECRET),
         'files[1] (%s): give exactly one of content and secret_content' % (base / 'b.xml')),
        ('no content', dict(path=str(base / 'b.xml')),
         'files[1] (%s): give exactly one of content and secret_content' % (base / 'b.xml')),
        ('a directory', dict(path=str(base / 'sub'), content='x'), 'files[1] (%s): is a directory' % (base / 'sub')),
        ('unknown owner', dict(path=str(base / 'b.xml'), content='x', owner='no-such-user-webtier'),
         "files[1] (%s): unknown owner 'no-such-user-webtier'" % (base / 'b.xml')),
        ('unknown group', dict(path=str(base / 'b.xml'), content='x', group='no-such-group-webtier'),
         "files[1] (%s): unknown group 'no-such-group-webtier'" % (base / 'b.xml')),
        ('bad mode', dict(path=str(base / 'b.xml'), content='x', mode='0698'),
         "files[1] (%s): mode '0698' is not an octal number" % (base / 'b.xml')),
        ('mode out of range', dict(path=str(base / 'b.xml'), content='x', mode=0o17777),
         'files[1] (%s): mode 8191 is out of range (0 to 07777)' % (base / 'b.xml')),
        ('bad symbolic mode', dict(path=str(base / 'b.xml'), content='x', mode='u=rw;g=r'),
         "files[1] (%s): mode 'u=rw;g=r' is neither octal" % (base / 'b.xml')),
    ]


@pytest.mark.parametrize('index', range(11))
def test_bad_input_fails_clearly_and_writes_nothing(tmp_path, capsys, index):
    base = conf(tmp_path)
    (base / 'sub').mkdir()
    (base / 'existing.xml').write_text('keep me\n')
    os.chmod(str(base / 'existing.xml'), 0o666)
    name, bad, msg = bad_cases(tmp_path)[index]
    before = snapshot(base)
    items = dict(files=[dict(path=str(base / 'server.xml'), content=SERVER_XML),
                        bad,
                        dict(path=str(base / 'existing.xml'), content='replaced\n', mode='0600')])
    result = run_module(file_contents, items, capsys)
    assert result['_rc'] == 1 and result['failed'] is True, name
    assert msg in result['msg'], (name, result['msg'])
    assert '\n' not in result['msg'] and 'Traceback' not in result['msg'] and 'exception' not in result
    assert snapshot(base) == before, name          # the first file is not created, the last one not touched
    assert sorted(os.listdir(str(base))) == ['existing.xml', 'sub']


def test_check_mode_still_validates(tmp_path, capsys):
    base = conf(tmp_path)
    result = run_module(file_contents, dict(files=[dict(path=str(base / 'a'), content='x'),
                                                   dict(path=str(base / 'a/'), content='y')],
                                            _ansible_check_mode=True), capsys)
    assert result['failed'] is True and 'listed twice' in result['msg']


def test_missing_parent_in_check_mode_is_a_change_and_a_warning(tmp_path, capsys):
    path = tmp_path / 'base' / 'conf' / 'server.xml'
    result = run_module(file_contents, dict(files=[dict(path=str(path), content=SERVER_XML, owner='no-such-user-webtier',
                                                        mode='0640')],
                                            _ansible_check_mode=True, _ansible_diff=True), capsys)
    assert result['_rc'] == 0 and result['changed'] is True
    assert result['files'] == [{'path': str(path), 'changed': True, 'created': True}]
    assert result['diff'][0]['before'] == '' and result['diff'][0]['after'] == SERVER_XML
    warnings = warning_messages(result)
    assert any('parent directory %s does not exist' % path.parent in w and 'check mode' in w for w in warnings)
    assert any('owner no-such-user-webtier does not exist' in w for w in warnings)
    assert not (tmp_path / 'base').exists()


def test_unknown_owner_of_an_existing_file_in_check_mode_is_a_change(tmp_path, capsys):
    path = conf(tmp_path) / 'server.xml'
    path.write_text(SERVER_XML)
    result = run_module(file_contents, dict(files=[dict(path=str(path), content=SERVER_XML, owner='no-such-user-webtier')],
                                            _ansible_check_mode=True), capsys)
    assert result['_rc'] == 0 and result['changed'] is True and result['files'][0]['created'] is False
    assert path.read_text() == SERVER_XML


def test_a_symbolic_link_is_followed(tmp_path, capsys):
    base = conf(tmp_path)
    (base / 'real.xml').write_text('old')
    os.symlink('real.xml', str(base / 'link.xml'))
    result = run_module(file_contents, dict(files=[dict(path=str(base / 'link.xml'), content='new', mode='0640')]),
                        capsys)
    assert result['changed'] is True and result['files'][0]['path'] == str(base / 'link.xml')
    assert os.path.islink(str(base / 'link.xml')) and (base / 'real.xml').read_text() == 'new'
    assert mode_of(base / 'real.xml') == 0o640


def test_symbolic_mode(tmp_path, capsys):
    path = conf(tmp_path) / 'run.sh'
    items = dict(files=[dict(path=str(path), content='#!/bin/sh\n', mode='u=rwx,g=rx,o=')])
    assert run_module(file_contents, items, capsys)['changed'] is True
    assert mode_of(path) == 0o750
    assert run_module(file_contents, items, capsys)['changed'] is False


def test_dotdot_after_a_symbolic_link_is_refused_and_nothing_is_written(tmp_path, capsys):
    """<conf>/link/../f.conf: the OS names f.conf beside the link's target, the text <conf>/f.conf; refused."""
    base = conf(tmp_path)
    (tmp_path / 'target' / 'sub').mkdir(parents=True)
    os.symlink(str(tmp_path / 'target' / 'sub'), str(base / 'link'))
    before = snapshot(tmp_path)
    result = run_module(file_contents, dict(files=[dict(path=str(base / 'ok.conf'), content='x'),
                                                   dict(path=str(base) + '/link/../f.conf', content='x')]), capsys)
    assert result['_rc'] == 1 and result['failed'] is True
    assert "files[1]: path %s/link/../f.conf: '..' follows the symbolic link %s/link" % (base, base) in result['msg']
    assert 'Traceback' not in result['msg'] and 'exception' not in result
    assert snapshot(tmp_path) == before
    assert not (base / 'f.conf').exists() and not (tmp_path / 'target' / 'f.conf').exists()


def test_dotdot_after_a_real_directory_is_the_file_the_os_names(tmp_path, capsys):
    base = conf(tmp_path)
    (base / 'sub').mkdir()
    result = run_module(file_contents, dict(files=[dict(path=str(base) + '/sub/../f.conf', content='x')]), capsys)
    assert result['changed'] is True and result['files'][0]['path'] == str(base / 'f.conf')
    assert (base / 'f.conf').read_text() == 'x'


@pytest.mark.parametrize('check', [False, True])
def test_a_nul_byte_in_a_path_fails_cleanly(tmp_path, capsys, check):
    base = conf(tmp_path)
    result = run_module(file_contents, dict(files=[dict(path=str(base / 'ok.conf'), content='x'),
                                                   dict(path=str(base / 'f.conf') + '\x00.bak', content='x')],
                                            _ansible_check_mode=check), capsys)
    assert result['_rc'] == 1 and result['failed'] is True
    assert 'files[1]: path' in result['msg'] and 'contains a NUL byte' in result['msg']
    assert 'Traceback' not in result['msg'] and 'exception' not in result
    assert os.listdir(str(base)) == []


@pytest.mark.parametrize('bad', [dict(mode='0999'), dict(mode='u=rw\n'), dict(owner='no-such-user-webtier'),
                                 dict(group='no-such-group-webtier'), dict(owner='root\n'), dict(owner='root\x00')])
def test_bad_attributes_of_an_existing_file_leave_it_byte_identical(tmp_path, capsys, bad):
    path = conf(tmp_path) / 'server.xml'
    path.write_text('keep me\n')
    os.utime(str(path), (1000000000, 1000000000))
    before = (path.read_bytes(), os.stat(str(path)).st_mtime_ns, mode_of(path))
    result = run_module(file_contents, dict(files=[dict(dict(path=str(path), content=SERVER_XML), **bad)]), capsys)
    assert result['_rc'] == 1 and result['failed'] is True and 'Traceback' not in result['msg']
    assert (path.read_bytes(), os.stat(str(path)).st_mtime_ns, mode_of(path)) == before
