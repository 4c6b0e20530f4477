# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The webapp_snapshot module through its real main() on real trees in tmp_path: documentation against the
argument spec, check and diff mode, the roll's sequence, and clear failures (no traceback, nothing changed)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

import pytest
import yaml

from ansible_collections.webtier.tomcat_cluster.plugins.modules import webapp_snapshot
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import (
    argument_spec, compare_options,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.plugins.module_utils.test__webapp_snapshot import (
    deploy, instance, tree, without_work,
)


def test_documentation_matches_argument_spec(monkeypatch):
    doc = yaml.safe_load(webapp_snapshot.DOCUMENTATION)
    examples = yaml.safe_load(webapp_snapshot.EXAMPLES)
    ret = yaml.safe_load(webapp_snapshot.RETURN)
    assert doc['module'] == 'webapp_snapshot' and doc['version_added'] == '0.1.0' and doc['author']
    assert set(ret) == {'had_previous', 'actions'}
    assert all('webtier.tomcat_cluster.webapp_snapshot' in task for task in examples)
    captured = argument_spec(monkeypatch, webapp_snapshot)
    assert captured['kwargs']['supports_check_mode'] is True
    compare_options(doc['options'], captured['spec'], 'webapp_snapshot')


def test_the_rolls_sequence_saved_deploy_restored(tmp_path, capsys):
    base = instance(str(tmp_path / 'a-was'))
    before = tree(base)
    check = run_module(webapp_snapshot, dict(base=base, name='app', state='saved', _ansible_check_mode=True,
                                             _ansible_diff=True), capsys)
    assert check['_rc'] == 0 and check['changed'] is True and tree(base) == before
    assert check['diff'] == {'before_header': base, 'after_header': base,
                             'before': 'webapps/app/\ndeploy/app.war\nwork/Catalina/localhost/app/\n',
                             'after': 'deploy/app.war\ndeploy/app.previous/\ndeploy/app.war.previous\n'
                                      'work/Catalina/localhost/app/\n'}
    saved = run_module(webapp_snapshot, dict(base=base, name='app', state='saved'), capsys)
    assert saved['changed'] is True and saved['had_previous'] is True and 'diff' not in saved
    assert saved['actions'] == check['actions']
    again = run_module(webapp_snapshot, dict(base=base, name='app', state='saved', _ansible_diff=True), capsys)
    assert again['changed'] is False and again['diff']['before'] == again['diff']['after']
    deploy(base)
    restored = run_module(webapp_snapshot, dict(base=base, name='app', state='restored'), capsys)
    assert restored['changed'] is True and restored['had_previous'] is True
    assert tree(base) == without_work(before)
    twice = run_module(webapp_snapshot, dict(base=base, name='app', state='restored'), capsys)
    assert twice['changed'] is False and twice['actions'] == [] and tree(base) == without_work(before)


def test_discarded(tmp_path, capsys):
    base = instance(str(tmp_path))
    run_module(webapp_snapshot, dict(base=base, name='app', state='saved'), capsys)
    result = run_module(webapp_snapshot, dict(base=base, name='app', state='discarded', _ansible_diff=True), capsys)
    assert result['changed'] is True and result['had_previous'] is True
    assert result['diff']['after'] == 'deploy/app.war\nwork/Catalina/localhost/app/\n'


@pytest.mark.parametrize('name, words', [
    ('a/b', "no '/'"), ('..', "not '.' or '..'"), ('a\x00b', 'control character'), ('x' * 300, 'at most 200'),
])
def test_bad_names_fail_clearly(tmp_path, capsys, name, words):
    base = instance(str(tmp_path))
    before = tree(base)
    result = run_module(webapp_snapshot, dict(base=base, name=name, state='saved'), capsys)
    assert result['_rc'] == 1 and result['failed'] is True and words in result['msg']
    assert result['error'] == 'invalid' and result['changed'] is False and result['actions'] == []
    assert 'exception' not in result and 'Traceback' not in result['_raw']
    assert tree(base) == before


def test_a_link_in_place_of_the_webapp_fails_and_changes_nothing(tmp_path, capsys):
    base = instance(str(tmp_path / 'base'))
    os.rename(os.path.join(base, 'webapps', 'app'), str(tmp_path / 'real-app'))
    os.symlink(str(tmp_path / 'real-app'), os.path.join(base, 'webapps', 'app'))
    before, elsewhere = tree(base), tree(str(tmp_path / 'real-app'))
    result = run_module(webapp_snapshot, dict(base=base, name='app', state='saved'), capsys)
    assert result['_rc'] == 1 and result['error'] == 'unsupported'
    assert result['msg'].startswith('webapps/app in %s is a symbolic link (to %s)' % (base, tmp_path / 'real-app'))
    assert 'Traceback' not in result['_raw']
    assert tree(base) == before and tree(str(tmp_path / 'real-app')) == elsewhere


def test_missing_base_and_bad_state(tmp_path, capsys):
    result = run_module(webapp_snapshot, dict(base=str(tmp_path / 'nope'), name='app', state='saved'), capsys)
    assert result['_rc'] == 1 and 'does not exist' in result['msg']
    result = run_module(webapp_snapshot, dict(base=str(tmp_path), name='app', state='present'), capsys)
    assert result['_rc'] == 1 and 'state' in result['msg']
