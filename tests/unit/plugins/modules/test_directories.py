# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The directories module through its real main() on a real tree (owner and group: the running user's),
and its plan (module_utils _directories)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import grp
import os
import pwd
import stat

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._directories import (
    DirectoriesError, missing_components, normalize,
)
from ansible_collections.webtier.tomcat_cluster.plugins.modules import directories
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module, warning_messages
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import check_module_documentation

USER = pwd.getpwuid(os.getuid()).pw_name
GROUP = grp.getgrgid(os.getgid()).gr_name


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def args(tmp_path, **extra):
    base = str(tmp_path / 'a-was')
    out = dict(owner=USER, group=GROUP, mode='0750', directories=[
        dict(path=base, mode='0755'),
        dict(path=base + '/conf'),
        dict(path=base + '/logs', mode='0700'),
        dict(path=base + '/webapps/ROOT/WEB-INF'),
    ])
    out.update(extra)
    return out


def test_documentation_matches_argument_spec(monkeypatch):
    check_module_documentation(monkeypatch, directories, {'directories'})


def test_check_mode_creates_nothing_and_reports_every_new_directory(tmp_path, capsys):
    result = run_module(directories, dict(args(tmp_path), _ansible_check_mode=True, _ansible_diff=True), capsys)
    assert result['changed'] is True
    assert [d['created'] for d in result['directories']] == [True] * 4
    assert not (tmp_path / 'a-was').exists()
    assert [d['after']['state'] for d in result['diff']] == ['directory'] * 4


def test_creates_with_attributes_then_is_idempotent(tmp_path, capsys):
    result = run_module(directories, args(tmp_path), capsys)
    assert result['_rc'] == 0 and result['changed'] is True
    base = tmp_path / 'a-was'
    assert mode_of(base) == 0o755
    assert mode_of(base / 'conf') == 0o750
    assert mode_of(base / 'logs') == 0o700
    # the parents created on the way get the item's attributes, as with ansible.builtin.file
    assert mode_of(base / 'webapps') == 0o750 and mode_of(base / 'webapps' / 'ROOT' / 'WEB-INF') == 0o750
    again = run_module(directories, dict(args(tmp_path), _ansible_diff=True), capsys)
    assert again['changed'] is False and again['diff'] == []
    assert [d['changed'] for d in again['directories']] == [False] * 4


def test_corrects_the_mode_of_an_existing_directory_only_where_it_differs(tmp_path, capsys):
    run_module(directories, args(tmp_path), capsys)
    os.chmod(str(tmp_path / 'a-was' / 'logs'), 0o777)
    check = run_module(directories, dict(args(tmp_path), _ansible_check_mode=True), capsys)
    assert check['changed'] is True and mode_of(tmp_path / 'a-was' / 'logs') == 0o777
    result = run_module(directories, dict(args(tmp_path), _ansible_diff=True), capsys)
    assert [d['changed'] for d in result['directories']] == [False, False, True, False]
    assert mode_of(tmp_path / 'a-was' / 'logs') == 0o700
    assert result['diff'][0]['before']['mode'] == '0777' and result['diff'][0]['after']['mode'] == '0700'


def test_follows_a_link_to_a_directory(tmp_path, capsys):
    (tmp_path / 'real').mkdir(mode=0o777)
    os.symlink(str(tmp_path / 'real'), str(tmp_path / 'link'))
    result = run_module(directories, dict(directories=[dict(path=str(tmp_path / 'link'), mode='0750')]), capsys)
    assert result['changed'] is True and mode_of(tmp_path / 'real') == 0o750
    assert os.path.islink(str(tmp_path / 'link'))


def test_a_file_in_the_way_fails_and_changes_nothing_after_it(tmp_path, capsys):
    (tmp_path / 'a-was').mkdir()
    (tmp_path / 'a-was' / 'conf').write_text('not a directory')
    result = run_module(directories, args(tmp_path), capsys)
    assert result['_rc'] == 1 and result['failed'] is True
    assert 'conf already exists and is not a directory' in result['msg']
    assert not (tmp_path / 'a-was' / 'logs').exists()


def test_an_unknown_owner_fails_cleanly(tmp_path, capsys):
    result = run_module(directories, args(tmp_path, owner='no-such-user-webtier'), capsys)
    assert result['_rc'] == 1 and result['failed'] is True and 'Traceback' not in result['msg']


def test_normalize_takes_the_defaults_and_refuses_bad_paths():
    items = normalize([{'path': '/x/y/', 'owner': 'root'}, {'path': '/x/z'}], {'owner': 'tomcat', 'group': 'g'})
    assert items == [{'path': '/x/y', 'owner': 'root', 'group': 'g', 'mode': None},
                     {'path': '/x/z', 'owner': 'tomcat', 'group': 'g', 'mode': None}]
    with pytest.raises(DirectoriesError, match=r'directories\[0\]: path must be an absolute path'):
        normalize([{'path': 'relative'}], {})
    with pytest.raises(DirectoriesError, match=r'directories\[1\]: /x is listed twice'):
        normalize([{'path': '/x'}, {'path': '/x/'}], {})


def test_relative_path_is_a_clear_error(capsys):
    result = run_module(directories, dict(directories=[dict(path='relative/dir')]), capsys)
    assert result['_rc'] == 1 and 'must be an absolute path' in result['msg']


def test_missing_components_outermost_first():
    present = {'/', '/usr', '/usr/local'}
    assert missing_components('/usr/local/tomcat/a-was', present.__contains__) == [
        '/usr/local/tomcat', '/usr/local/tomcat/a-was']
    assert missing_components('/usr/local', present.__contains__) == []


def test_dotdot_after_a_symbolic_link_is_refused_and_nothing_is_created(tmp_path, capsys):
    (tmp_path / 'target' / 'sub').mkdir(parents=True)
    os.symlink(str(tmp_path / 'target' / 'sub'), str(tmp_path / 'link'))
    result = run_module(directories, dict(directories=[dict(path=str(tmp_path / 'first')),
                                                       dict(path=str(tmp_path) + '/link/../logs')]), capsys)
    assert result['_rc'] == 1 and result['failed'] is True
    assert "directories[1]: path %s/link/../logs: '..' follows the symbolic link" % tmp_path in result['msg']
    assert not (tmp_path / 'first').exists() and not (tmp_path / 'logs').exists()
    assert not (tmp_path / 'target' / 'logs').exists()


@pytest.mark.parametrize('check', [False, True])
def test_a_nul_byte_in_a_path_fails_cleanly(tmp_path, capsys, check):
    result = run_module(directories, dict(directories=[dict(path=str(tmp_path / 'first')),
                                                       dict(path=str(tmp_path / 'logs\x00x'))],
                                          _ansible_check_mode=check), capsys)
    assert result['_rc'] == 1 and 'directories[1]: path' in result['msg'] and 'NUL byte' in result['msg']
    assert 'Traceback' not in result['msg'] and 'exception' not in result
    assert os.listdir(str(tmp_path)) == []


@pytest.mark.parametrize('bad, msg', [(dict(mode='0999'), "mode '0999' is not an octal number"),
                                      (dict(owner='no-such-user-webtier'), "unknown owner 'no-such-user-webtier'"),
                                      (dict(group='no-such-group-webtier'), "unknown group 'no-such-group-webtier'")])
def test_bad_attributes_are_refused_before_anything_is_created(tmp_path, capsys, bad, msg):
    items = args(tmp_path)
    items['directories'][-1].update(bad)
    result = run_module(directories, items, capsys)
    assert result['_rc'] == 1 and msg in result['msg'] and 'directories[3]' in result['msg']
    assert os.listdir(str(tmp_path)) == []


def test_an_unknown_owner_in_check_mode_is_a_warning(tmp_path, capsys):
    result = run_module(directories, dict(args(tmp_path, owner='no-such-user-webtier'), _ansible_check_mode=True),
                        capsys)
    assert result['_rc'] == 0 and result['changed'] is True
    assert any('owner no-such-user-webtier does not exist' in w for w in warning_messages(result))
