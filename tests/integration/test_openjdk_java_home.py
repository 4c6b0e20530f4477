# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""roles/openjdk/tasks/java_home.yml through ansible-playbook (connection local) on real directory trees.

The trees are laid out like an EL9 host's /usr/lib/jvm and /etc/alternatives (java-17-openjdk %post:
versioned sdkdir, jrelnk link, alternatives jre_17 / jre_17_openjdk) and like Debian 12's, with real
directories and symlinks, so ansible.builtin.find/stat produce what they produce on a host. Only the
two roots differ (internal role variables, passed as extra vars).
"""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.playbook import run_playbook

OLD = 'java-17-openjdk-17.0.12.0.7-2.el9.x86_64'
NEW = 'java-17-openjdk-17.0.13.0.11-3.el9.x86_64'


def _jdk(jvm, name):
    bin_dir = jvm / name / 'bin'
    bin_dir.mkdir(parents=True)
    java = bin_dir / 'java'
    java.write_text('#!/bin/sh\n')
    java.chmod(0o755)
    (jvm / name / 'lib').mkdir()
    (jvm / name / 'lib' / 'jrt-fs.jar').write_text('')


def _ln(link, target):
    if link.is_symlink():
        link.unlink()
    link.symlink_to(target)


def _el9_install(jvm, alt, sdk):
    """What java-17-openjdk-headless's files and %post leave behind."""
    _jdk(jvm, sdk)
    evr = sdk[len('java-17-openjdk-'):]
    _ln(jvm / ('jre-17-openjdk-' + evr), sdk)
    for key, target in (('jre_openjdk', jvm / sdk), ('jre_17', jvm / sdk),
                        ('jre_17_openjdk', jvm / ('jre-17-openjdk-' + evr)), ('jre', jvm / sdk)):
        _ln(alt / key, target)
    for link, key in (('jre-openjdk', 'jre_openjdk'), ('jre-17', 'jre_17'), ('jre-17-openjdk', 'jre_17_openjdk'),
                      ('jre', 'jre')):
        _ln(jvm / link, alt / key)


def _el9_remove(jvm, sdk):
    shutil.rmtree(jvm / sdk)
    (jvm / ('jre-17-openjdk-' + sdk[len('java-17-openjdk-'):])).unlink()


def _run(tmp_path, jvm, alt, check=False):
    site = tmp_path / 'site.yml'
    site.write_text(
        '---\n- name: JAVA_HOME\n  hosts: localhost\n  gather_facts: false\n  tasks:\n'
        '    - name: Find the JAVA_HOME\n      ansible.builtin.include_role:\n'
        '        name: webtier.tomcat_cluster.openjdk\n        tasks_from: java_home.yml\n'
        '    - name: Report\n      ansible.builtin.debug:\n        var: openjdk_java_home\n')
    extra = {'__openjdk_jvm_root': str(jvm), '__openjdk_alternatives_dir': str(alt),
             'ansible_python_interpreter': sys.executable}
    proc = run_playbook(tmp_path, '-i', 'localhost,', '-c', 'local', '-e', json.dumps(extra), site, *(['--check'] if check else []),
                        ANSIBLE_STDOUT_CALLBACK='ansible.builtin.json', ANSIBLE_LOCALHOST_WARNING='0',
                        ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
    out = proc.stdout
    try:
        data = json.loads(out)
    except ValueError:
        pytest.fail('no JSON from ansible-playbook (rc %s): %s %s' % (proc.returncode, out, proc.stderr))
    tasks = data['plays'][0]['tasks']
    # names as the json callback gives them ('openjdk : java_home | ...' for the role's tasks)
    results = {t['task']['name'].split(' : ', 1)[-1]: t['hosts'].get('localhost', {}) for t in tasks}
    return proc.returncode, results, data['stats']['localhost']


def test_el9_tree_gives_the_alternatives_link_before_and_after_an_update(tmp_path):
    jvm, alt = tmp_path / 'jvm', tmp_path / 'alternatives'
    jvm.mkdir()
    alt.mkdir()
    _el9_install(jvm, alt, OLD)
    rc, results, stats = _run(tmp_path, jvm, alt)
    assert rc == 0, results
    assert results['Report']['openjdk_java_home'] == str(jvm / 'jre-17-openjdk')
    assert stats['changed'] == 0

    # dnf update: the new build's %post repoints the alternatives, the old directory goes away
    _el9_install(jvm, alt, NEW)
    _el9_remove(jvm, OLD)
    rc, results, dummy = _run(tmp_path, jvm, alt, check=True)
    assert rc == 0, results
    assert results['Report']['openjdk_java_home'] == str(jvm / 'jre-17-openjdk')
    assert (jvm / 'jre-17-openjdk' / 'bin' / 'java').resolve() == (jvm / NEW / 'bin' / 'java').resolve()


def test_el9_tree_with_a_fastdebug_build_behind_jre_17(tmp_path):
    jvm, alt = tmp_path / 'jvm', tmp_path / 'alternatives'
    jvm.mkdir()
    alt.mkdir()
    _el9_install(jvm, alt, NEW)
    _jdk(jvm, NEW + '-fastdebug')
    _ln(alt / 'jre_17', jvm / (NEW + '-fastdebug'))
    (jvm / 'jre-17-openjdk').unlink()
    rc, results, dummy = _run(tmp_path, jvm, alt)
    assert rc == 0, results
    # jre-17 and /etc/alternatives/jre_17 lead to the debug build: the release directory is used, with a warning
    assert results['Report']['openjdk_java_home'] == str(jvm / NEW)
    warning = results['java_home | Warn that JAVA_HOME is a versioned directory (the next Java update removes it)']
    assert 'next update' in warning['msg']
    assert 'debug build' in warning['msg']


def test_debian_tree(tmp_path):
    jvm, alt = tmp_path / 'jvm', tmp_path / 'alternatives'
    jvm.mkdir()
    alt.mkdir()
    _jdk(jvm, 'java-17-openjdk-amd64')
    _ln(jvm / 'java-1.17.0-openjdk-amd64', 'java-17-openjdk-amd64')
    _ln(alt / 'java', jvm / 'java-17-openjdk-amd64' / 'bin' / 'java')
    rc, results, dummy = _run(tmp_path, jvm, alt)
    assert rc == 0, results
    assert results['Report']['openjdk_java_home'] == str(jvm / 'java-17-openjdk-amd64')


def test_no_release_build_is_a_clear_failure(tmp_path):
    jvm, alt = tmp_path / 'jvm', tmp_path / 'alternatives'
    jvm.mkdir()
    alt.mkdir()
    _jdk(jvm, NEW + '-slowdebug')
    _ln(jvm / 'jre-17', jvm / (NEW + '-slowdebug'))
    rc, results, dummy = _run(tmp_path, jvm, alt)
    assert rc != 0
    failed = results['java_home | Fail when no release build of the OpenJDK version was found']
    assert failed['failed'] is True
    assert 'No OpenJDK 17 runtime' in failed['msg']
    assert 'debug build' in failed['msg']
    assert 'Traceback' not in json.dumps(results)
