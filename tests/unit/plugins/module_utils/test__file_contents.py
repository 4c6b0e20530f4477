# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_file_contents: the checks, the plan and the writes on real files in tmp_path, with a real
AnsibleModule."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import errno
import grp
import os
import pwd
import shutil

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _file_contents as fc

USER = pwd.getpwuid(os.getuid()).pw_name
GROUP = grp.getgrgid(os.getgid()).gr_name


def real_module(check_mode=False):
    with patch_module_args({'_ansible_check_mode': check_mode}):
        return AnsibleModule(argument_spec={}, supports_check_mode=True)


@pytest.mark.parametrize('mode', [None, 0o640, 0, 0o7777, '0640', '640', '04755', 'u=rw,g=r,o=', 'a+x', 'u+X,go-w',
                                  '=r', 'g=u'])
def test_valid_modes(mode):
    assert fc.check_mode_value(mode) is None


@pytest.mark.parametrize('mode, problem', [
    ('0698', 'is not an octal number'), ('017777', 'out of range'), (0o10000, 'out of range'), (-1, 'out of range'),
    ('rw-r--r--', 'neither octal'), ('u=rw;g=r', 'neither octal'), ('', 'neither octal'), ('u=rw,', 'neither octal'),
    ('k=r', 'neither octal'), (True, 'must be an octal string'), (6.4, 'must be an octal string'),
])
def test_invalid_modes(mode, problem):
    assert problem in fc.check_mode_value(mode)


def test_is_octal():
    assert fc.is_octal(0o640) and fc.is_octal('0640') and not fc.is_octal('u=rw') and not fc.is_octal(None)


def test_owner_and_group_lookup():
    assert fc.owner_known(USER) and fc.owner_known('0') and not fc.owner_known('no-such-user-webtier')
    assert fc.group_known(GROUP) and fc.group_known('0') and not fc.group_known('no-such-group-webtier')


def test_strerror_finds_the_cause():
    try:
        try:
            raise OSError(errno.ENOSPC, 'No space left on device')
        except OSError as exc:
            raise Exception('Could not replace') from exc
    except Exception as outer:  # pylint: disable=broad-except
        assert fc.strerror(outer) == 'No space left on device'
    assert 'immutable' in fc.strerror(OSError(errno.EPERM, 'Operation not permitted'))
    assert fc.strerror(ValueError('x')) is None


def test_prepare_reads_the_current_files_and_writes_nothing(tmp_path):
    (tmp_path / 'a').write_bytes(b'old')
    entries, warnings = fc.prepare([
        {'path': str(tmp_path / 'a'), 'content': u'n\u00e9w', 'mode': '0640'},
        {'path': str(tmp_path) + '/./b/', 'secret_content': 'key', 'force': False},
        {'path': str(tmp_path / 'c'), 'content': 'c', 'force': False},
    ])
    assert warnings == []
    assert [e['path'] for e in entries] == [str(tmp_path / n) for n in 'abc']
    assert entries[0]['data'] == u'n\u00e9w'.encode('utf-8') and entries[0]['before'] == b'old'
    assert entries[0]['exists'] and not entries[0]['secret'] and entries[0]['force']
    assert entries[1]['secret'] and not entries[1]['exists'] and entries[1]['before'] is None
    assert entries[1]['owner'] is None and entries[1]['mode'] is None
    assert sorted(os.listdir(str(tmp_path))) == ['a']


def test_prepare_skips_reading_a_file_left_alone(tmp_path):
    (tmp_path / 'a').write_bytes(b'old')
    entries, dummy = fc.prepare([{'path': str(tmp_path / 'a'), 'content': 'x', 'force': False}])
    assert entries[0]['exists'] and entries[0]['before'] is None


def test_prepare_follows_a_link_and_refuses_two_names_of_one_file(tmp_path):
    (tmp_path / 'real').write_text('x')
    os.symlink(str(tmp_path / 'real'), str(tmp_path / 'link'))
    entries, dummy = fc.prepare([{'path': str(tmp_path / 'link'), 'content': 'y'}])
    assert entries[0]['target'] == str(tmp_path / 'real') and entries[0]['before'] == b'x'
    with pytest.raises(fc.FileContentsError, match='is the same file as %s' % (tmp_path / 'real')):
        fc.prepare([{'path': str(tmp_path / 'real'), 'content': 'y'}, {'path': str(tmp_path / 'link'), 'content': 'y'}])


def test_a_dangling_link_creates_its_target(tmp_path):
    os.symlink('target', str(tmp_path / 'link'))
    entries, dummy = fc.prepare([{'path': str(tmp_path / 'link'), 'content': 'x'}])
    assert entries[0]['target'] == str(tmp_path / 'target') and not entries[0]['exists']
    fc.apply(real_module(), entries)
    assert os.path.islink(str(tmp_path / 'link')) and (tmp_path / 'target').read_bytes() == b'x'


@pytest.mark.parametrize('build, message', [
    (lambda t: {'path': 'rel', 'content': 'x'}, "files[0]: path must be an absolute path, got 'rel'"),
    (lambda t: {'path': None, 'content': 'x'}, 'files[0]: path must be an absolute path, got None'),
    (lambda t: {'path': str(t / 'loop'), 'content': 'x'}, 'is a symbolic link that cannot be resolved'),
    (lambda t: {'path': str(t / 'fifo'), 'content': 'x'}, 'exists and is not a regular file'),
    (lambda t: {'path': str(t / 'plain' / 'x'), 'content': 'x'}, 'the parent %s is not a directory'),
    (lambda t: {'path': str(t / 'x'), 'content': u'bad \udc80'}, 'cannot be encoded as UTF-8'),
    (lambda t: {'path': str(t / 'x'), 'content': 'x', 'mode': 'rwx'}, "mode 'rwx' is neither octal"),
])
def test_prepare_refuses(tmp_path, build, message):
    os.symlink(str(tmp_path / 'loop'), str(tmp_path / 'loop'))
    os.mkfifo(str(tmp_path / 'fifo'))
    (tmp_path / 'plain').write_text('a file')
    if '%s' in message:
        message = message % (tmp_path / 'plain')
    with pytest.raises(fc.FileContentsError) as info:
        fc.prepare([build(tmp_path)])
    assert message in str(info.value)


def test_prepare_in_check_mode_warns_about_what_an_earlier_task_would_create(tmp_path):
    path = str(tmp_path / 'later' / 'x')
    entries, warnings = fc.prepare([{'path': path, 'content': 'x', 'owner': 'no-such-user-webtier',
                                     'group': 'no-such-group-webtier'}], check_mode=True)
    assert entries[0]['skip'] == {'owner', 'group'} and not entries[0]['exists']
    assert len(warnings) == 3 and all(path in w and 'check mode' in w for w in warnings)
    with pytest.raises(fc.FileContentsError, match='the parent directory %s does not exist' % (tmp_path / 'later')):
        fc.prepare([{'path': path, 'content': 'x'}])


def test_apply_writes_atomically_and_reports(tmp_path):
    (tmp_path / 'a').write_bytes(b'old')
    os.chmod(str(tmp_path / 'a'), 0o644)
    module = real_module()
    entries, dummy = fc.prepare([{'path': str(tmp_path / 'a'), 'content': 'new\n', 'mode': '0600'},
                                 {'path': str(tmp_path / 'b'), 'secret_content': 'key\n', 'mode': '0600'}])
    result = fc.apply(module, entries)
    assert result['changed'] is True
    assert result['files'] == [{'path': str(tmp_path / 'a'), 'changed': True, 'created': False},
                               {'path': str(tmp_path / 'b'), 'changed': True, 'created': True}]
    assert result['diff'] == [{'before_header': str(tmp_path / 'a'), 'after_header': str(tmp_path / 'a'),
                               'before': 'old', 'after': 'new\n'}]
    assert (tmp_path / 'a').read_bytes() == b'new\n' and (tmp_path / 'b').read_bytes() == b'key\n'
    assert sorted(os.listdir(str(tmp_path))) == ['a', 'b']


def test_apply_in_check_mode_writes_nothing(tmp_path):
    (tmp_path / 'a').write_bytes(b'old')
    entries, dummy = fc.prepare([{'path': str(tmp_path / 'a'), 'content': 'new'},
                                 {'path': str(tmp_path / 'b'), 'content': 'b'}], check_mode=True)
    result = fc.apply(real_module(check_mode=True), entries)
    assert [f['changed'] for f in result['files']] == [True, True]
    assert sorted(os.listdir(str(tmp_path))) == ['a'] and (tmp_path / 'a').read_bytes() == b'old'


def test_a_write_failure_names_the_file_and_keeps_the_earlier_files(tmp_path):
    (tmp_path / 'one').mkdir()
    (tmp_path / 'two').mkdir()
    entries, dummy = fc.prepare([{'path': str(tmp_path / 'one' / 'a'), 'content': 'a'},
                                 {'path': str(tmp_path / 'two' / 'b'), 'secret_content': 'Zq8kW3nR5tY7'},
                                 {'path': str(tmp_path / 'one' / 'c'), 'content': 'c'}])
    # the directory goes away between the checks and the writes: a real I/O failure
    shutil.rmtree(str(tmp_path / 'two'))
    with pytest.raises(fc.FileContentsError) as info:
        fc.apply(real_module(), entries)
    assert str(info.value) == 'cannot write %s: No such file or directory' % (tmp_path / 'two' / 'b')
    assert info.value.path == str(tmp_path / 'two' / 'b') and info.value.exception is None
    assert info.value.partial == {'changed': True, 'files': [{'path': str(tmp_path / 'one' / 'a'), 'changed': True,
                                                              'created': True}]}
    assert (tmp_path / 'one' / 'a').read_bytes() == b'a' and not (tmp_path / 'one' / 'c').exists()
    assert 'Zq8kW3nR5tY7' not in str(info.value)


def test_an_unexpected_error_carries_a_traceback_apart_from_the_message(tmp_path):
    entries, dummy = fc.prepare([{'path': str(tmp_path / 'a'), 'content': 'a'}])

    class Broken(object):
        check_mode = False

        def atomic_move(self, src, dest):
            raise RuntimeError('boom')

    with pytest.raises(fc.FileContentsError) as info:
        fc.apply(Broken(), entries)
    assert str(info.value) == 'cannot write %s: unexpected RuntimeError' % (tmp_path / 'a')
    assert 'Traceback' in info.value.exception and 'RuntimeError: boom' in info.value.exception
    assert os.listdir(str(tmp_path)) == []    # the temporary file is removed
