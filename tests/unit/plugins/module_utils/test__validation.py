# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_validation: the one place of the collection's name, address, path and file attribute checks
(hostile input: trailing newlines, control characters, Unicode digits, NUL bytes, '..' through links)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _validation as v

HOSTILE_SUFFIXES = ['\n', '\r', '\r\n', '\t', '\x00', '\x0b', '\x1b', '\x7f', '\x85', '\u2028', '\u2029']


@pytest.mark.parametrize('pattern, good', [
    (v.INSTANCE_NAME, 'a-was'), (v.ROUTE, 'a-was1'), (v.MEMBER_NAME, 'a.was_1'), (v.TOMCAT_VERSION, '9.0.109'),
    (v.XML_ATTRIBUTE_NAME, 'maxThreads'), (v.JAVA_CLASS_NAME, 'org.apache.catalina.valves.ErrorReportValve'),
    (v.FIREWALLD_ZONE, 'public'),
])
@pytest.mark.parametrize('suffix', HOSTILE_SUFFIXES)
def test_a_name_with_a_trailing_control_character_never_matches(pattern, good, suffix):
    assert pattern(good)
    assert not pattern(good + suffix)
    assert not pattern(suffix + good)
    assert not pattern(good[:1] + suffix + good[1:])


@pytest.mark.parametrize('value', [None, 17, b'a-was', ['a-was'], ''])
def test_a_name_that_is_no_string_never_matches(value):
    assert not v.ROUTE(value) and v.ROUTE.match(value) is None


def test_names_are_ascii_only():
    assert not v.TOMCAT_VERSION('\u0669.0.1')          # an Arabic-Indic digit: \d would take it
    assert not v.ROUTE('a-w\u0430s')                   # a Cyrillic a
    assert v.FIREWALLD_ZONE.match('work/sub').group('base') == 'work'


@pytest.mark.parametrize('value, token', [
    ('10.0.0.1', True), ('AJP/1.3', True), ('', False), ('a b', False), ('a\n', False), ('a\x00', False),
    ('a\x01b', False), ('a\x7f', False), ('a"b', False), ('a<b', False), ('a&b', False), ('a\u2028', False),
    ('a\u00a0b', False), (None, False), (8009, False),
])
def test_tokens(value, token):
    assert v.is_token(value) is token


@pytest.mark.parametrize('value, number', [
    (8009, 8009), ('8009', 8009), (' 8009 ', 8009), ('-1', -1), (True, None), ('8009\n', None), ('\u0668\u0660', None),
    ('0x1f', None), (None, None), (8.0, None), ('', None),
])
def test_to_int(value, number):
    assert v.to_int(value) == number


@pytest.mark.parametrize('value, expected', [
    ('10.0.0.1', '10.0.0.1'), (' 10.0.0.1 ', '10.0.0.1'), ('::1', '::1'), ('fe80::1%eth0', 'fe80::1%eth0'),
    ('was-01', 'was-01'), ('was-01.example.com', 'was-01.example.com'), ('a' * 63 + '.example', 'a' * 63 + '.example'),
])
def test_addresses(value, expected):
    assert v.check_address(value, 'address') == expected


@pytest.mark.parametrize('value, problem', [
    ('10.0.0.1\n', 'control character'), ('10.0.0.1\nListen 80', 'control character'), ('\t10.0.0.1', 'control'),
    ('10.0.0.300', 'neither an IP address nor a host name'), ('-was', 'neither'), ('was-', 'neither'),
    ('was_01', 'neither'), ('a' * 64 + '.example', 'neither'), ('', 'neither'), ('10.0.0.0/24', 'neither'),
    ('[::1]', 'neither'), ('w\u00e4s', 'neither'), ('a..b', 'neither'), (17, 'must be a string'),
])
def test_bad_addresses(value, problem):
    with pytest.raises(v.ValidationError, match=problem):
        v.check_address(value, 'tomcat_private_address')


def test_utf8():
    assert v.is_utf8('jre-17') and v.is_utf8('r\u00e9glages')
    assert not v.is_utf8(b'java-17-\xff'.decode('utf-8', 'surrogateescape'))


# --- paths --------------------------------------------------------------------------------------------------

@pytest.fixture
def tree(tmp_path):
    """<tmp>/etc/conf (a directory), <tmp>/etc/link -> <tmp>/target/sub, <tmp>/etc/file, <tmp>/target/sub."""
    (tmp_path / 'etc' / 'conf').mkdir(parents=True)
    (tmp_path / 'target' / 'sub').mkdir(parents=True)
    (tmp_path / 'etc' / 'file').write_text('x')
    os.symlink(str(tmp_path / 'target' / 'sub'), str(tmp_path / 'etc' / 'link'))
    return tmp_path


def test_a_path_is_normalised_as_the_os_resolves_it(tree):
    etc = str(tree / 'etc')
    assert v.check_path(etc + '//conf/./f.conf', 'path') == etc + '/conf/f.conf'
    assert v.check_path(etc + '/conf/../f.conf', 'path') == etc + '/f.conf'     # a real directory: same as the OS
    assert v.check_path(etc + '/link/f.conf', 'path') == etc + '/link/f.conf'   # a link without '..': the OS follows
    (tree / 'target' / 'sub' / 'x').mkdir()                                     # a real directory behind a link
    assert v.check_path(etc + '/link/x/../f.conf', 'path') == etc + '/link/f.conf'
    assert v.check_path('/..', 'path') == '/'
    with open(v.check_path(etc + '/conf/../file', 'path')) as f:
        assert f.read() == 'x'


@pytest.mark.parametrize('relative, problem', [
    ('etc/link/../f.conf', "'..' follows the symbolic link"),
    ('etc/conf/../link/../f.conf', "'..' follows the symbolic link"),
    ('etc/missing/../f.conf', 'does not exist'),
    ('etc/file/../f.conf', 'is not a directory'),
])
def test_a_dotdot_the_os_resolves_elsewhere_is_refused(tree, relative, problem):
    with pytest.raises(v.ValidationError, match=problem):
        v.check_path(str(tree / relative), 'path')


def test_what_the_os_does_with_dotdot_after_a_link(tree):
    """The reason for the refusal: the OS names the file beside the link's target, the text says etc/f.conf."""
    (tree / 'target' / 'f.conf').write_text('beside the target')
    with open(str(tree / 'etc' / 'link' / '..' / 'f.conf')) as f:
        assert f.read() == 'beside the target'
    assert not (tree / 'etc' / 'f.conf').exists()


@pytest.mark.parametrize('value, problem', [
    ('/etc/f.conf\x00', 'contains a NUL byte'), ('/etc/\x00/f.conf', 'NUL'), ('relative', 'must be an absolute path'),
    ('', 'must be an absolute path'), (None, 'must be an absolute path'), (17, 'must be an absolute path'),
])
def test_bad_paths(value, problem):
    with pytest.raises(v.ValidationError, match=problem):
        v.check_path(value, 'path')


def test_nul():
    assert v.check_nul('/usr/lib/jvm', 'root') == '/usr/lib/jvm'
    with pytest.raises(v.ValidationError, match='root .* contains a NUL byte'):
        v.check_nul('/usr/lib/jvm\x00', 'root')


# --- file attributes ----------------------------------------------------------------------------------------

@pytest.mark.parametrize('mode', ['0644\n', 'u=rw\n', 'u=rw,g=r\n', '\u0660\u0666\u0664\u0664', '0644\x00', ' 0644'])
def test_a_mode_with_a_control_character_or_unicode_digits_is_refused(mode):
    assert v.mode_problem(mode)


@pytest.mark.parametrize('name', ['root\n', 'root\x00', '0\n', '-1', '+0', ' 0', '\u0660', '', None])
def test_hostile_owner_and_group_names_are_unknown(name):
    assert not v.owner_known(name) and not v.group_known(name)


def test_check_file_attributes():
    assert v.check_file_attributes('root', '0', '0640') == []
    assert v.check_file_attributes(None, None, None) == []
    with pytest.raises(v.ValidationError, match="mode '0999' is not an octal number"):
        v.check_file_attributes('root', None, '0999', check_mode=True)
    with pytest.raises(v.ValidationError, match="unknown owner 'no-such-user-webtier'"):
        v.check_file_attributes('no-such-user-webtier', None, '0640')
    with pytest.raises(v.ValidationError, match="unknown group 'no-such-group-webtier'"):
        v.check_file_attributes(None, 'no-such-group-webtier', None)
    assert v.check_file_attributes('no-such-user-webtier', 'no-such-group-webtier', None, check_mode=True) == [
        'owner', 'group']
