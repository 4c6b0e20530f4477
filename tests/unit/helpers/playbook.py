# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run the real ansible-playbook from a test (connection local), the one way the integration tests do it.

Not a test file: the integration tests import it as
``ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.playbook``.

:func:`run_playbook` runs the venv's ``ansible-playbook`` (the one next to this Python, else the one on PATH;
the test is skipped when there is none) with this checkout as the collection (``ANSIBLE_COLLECTIONS_PATH`` and
``ANSIBLE_CONFIG`` unless the environment sets them, as ``scripts/env.sh`` does), no colours, and its
temporary directory and ``ANSIBLE_HOME`` under the test's own ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))


def ansible_playbook():
    """The venv's ansible-playbook, else the one on PATH, else None."""
    cand = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    return cand if os.path.exists(cand) else shutil.which('ansible-playbook')


def ansible_env(tmp_path, **extra):
    """The environment for ansible-playbook: this checkout as the collection, no colour, state under tmp_path."""
    env = dict(os.environ)
    env.setdefault('ANSIBLE_COLLECTIONS_PATH', os.path.join(ROOT, '.cache', 'collections'))
    env.setdefault('ANSIBLE_CONFIG', os.path.join(ROOT, 'ansible.cfg'))
    env.update({'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_FORCE_COLOR': '0', 'ANSIBLE_LOCAL_TEMP': str(tmp_path / 'ansible-tmp'),
                'ANSIBLE_HOME': str(tmp_path / 'ansible-home')})
    env.update(extra)
    return env


def run_playbook(tmp_path, *args, cwd=ROOT, timeout=300, merge_output=False, **env):
    """``ansible-playbook *args`` (text); ``env``: more environment variables (e.g. ANSIBLE_STDOUT_CALLBACK).

    Returns the CompletedProcess; ``merge_output`` puts stderr (warnings, deprecations) into its stdout.
    """
    binary = ansible_playbook()
    if not binary:
        pytest.skip('ansible-playbook not found')
    return subprocess.run([binary] + [str(a) for a in args], cwd=str(cwd), env=ansible_env(tmp_path, **env),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT if merge_output else subprocess.PIPE,
                          text=True, errors='replace', timeout=timeout, check=False)


def write_inventory(tmp_path, children, **group_vars):
    """``inventory.json`` in tmp_path: the groups ``children`` (a dict, as in a YAML inventory), every host with
    connection local and this Python, and ``group_vars`` for all. Returns its path."""
    all_vars = dict({'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}, **group_vars)
    path = tmp_path / 'inventory.json'
    path.write_text(json.dumps({'all': {'vars': all_vars, 'children': children}}))
    return path


def run_play(tmp_path, children, playbook, group_vars=None, **kw):
    """Write ``playbook`` (the text of a playbook) and an inventory of ``children`` (:func:`write_inventory`) into
    tmp_path and run it (:func:`run_playbook` with ``kw``); it must succeed. Returns the CompletedProcess."""
    (tmp_path / 'pb.yml').write_text(playbook)
    proc = run_playbook(tmp_path, '-i', write_inventory(tmp_path, children, **(group_vars or {})), tmp_path / 'pb.yml', **kw)
    assert proc.returncode == 0, proc.stdout[-4000:] + (proc.stderr or '')[-2000:]
    return proc
