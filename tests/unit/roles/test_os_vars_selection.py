# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The OS variables files each role loads: vars/<os_family>.yml, then vars/<os_family>_<major>.yml and
vars/<distribution>_<major>.yml where they exist (the most specific last, so its values win).

The roles' own expressions (openjdk and httpd_modjk: vars/main.yml; tomcat: the loop of its first include_vars task)
run through the real ansible-playbook for faked platforms; only ``ansible_facts`` and ``role_path`` are renamed so
that a play can set them.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
import yaml

from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.playbook import run_playbook, write_inventory

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ROLES = os.path.join(ROOT, "roles")

FACTS = {
    "debian12": {"os_family": "Debian", "distribution": "Debian", "distribution_major_version": "12"},
    "debian13": {"os_family": "Debian", "distribution": "Debian", "distribution_major_version": "13"},
    "rocky9": {"os_family": "RedHat", "distribution": "Rocky", "distribution_major_version": "9"},
    "rhel9": {"os_family": "RedHat", "distribution": "RedHat", "distribution_major_version": "9"},
}


def _load(*parts):
    with open(os.path.join(ROLES, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _expression(role):
    if role == "tomcat":
        task = [t for t in _load("tomcat", "tasks", "main.yml") if "ansible.builtin.include_vars" in t][0]
        assert task["ansible.builtin.include_vars"] == "{{ __tomcat_vars_file }}"
        assert task["loop_control"]["loop_var"] == "__tomcat_vars_file"
        return task["loop"]
    task = [t for t in _load(role, "tasks", "main.yml") if "ansible.builtin.include_vars" in t][0]
    name = "__%s_vars_files" % role
    assert task["loop"] == "{{ %s }}" % name
    return _load(role, "vars", "main.yml")[name]


def _selected(tmp_path, role, role_path):
    expression = _expression(role).replace("ansible_facts", "fake_facts").replace("role_path", "fake_role_path")
    listing = "{{ %s | map('basename') | list }}" % expression.strip()[2:-2].strip()
    play = [{"name": "Select", "hosts": "all", "gather_facts": False, "vars": {"fake_role_path": role_path},
             "tasks": [{"name": "Files", "ansible.builtin.debug": {"msg": listing}}]}]
    (tmp_path / "pb.yml").write_text(yaml.safe_dump(play))
    inventory = write_inventory(tmp_path, {"platforms": {"hosts": {h: {"fake_facts": f} for h, f in FACTS.items()}}})
    proc = run_playbook(tmp_path, "-i", inventory, tmp_path / "pb.yml", ANSIBLE_STDOUT_CALLBACK="ansible.builtin.json",
                        ANSIBLE_LOCALHOST_WARNING="0")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    hosts = json.loads(proc.stdout)["plays"][0]["tasks"][0]["hosts"]
    return {host: result["msg"] for host, result in hosts.items()}


@pytest.mark.parametrize("role", ["openjdk", "tomcat", "httpd_modjk"])
def test_the_roles_files(tmp_path, role):
    """Debian 12 and EL9 load what they loaded before (the family file, plus openjdk's lists of Java releases)."""
    extra = {"openjdk": {"debian12": ["Debian_12.yml"], "debian13": ["Debian_13.yml"], "rocky9": ["RedHat_9.yml"],
                         "rhel9": ["RedHat_9.yml"]}}.get(role, {})
    selected = _selected(tmp_path, role, os.path.join(ROLES, role))
    for host, facts in FACTS.items():
        assert selected[host] == [facts["os_family"] + ".yml"] + extra.get(host, []), (host, selected[host])


@pytest.mark.parametrize("role", ["openjdk", "tomcat", "httpd_modjk"])
def test_the_most_specific_file_is_loaded_last(tmp_path, role):
    fake = tmp_path / "role"
    (fake / "vars").mkdir(parents=True)
    for name in ("Debian.yml", "RedHat.yml", "Debian_13.yml", "RedHat_9.yml", "Rocky_9.yml", "Debian_12.yml.orig"):
        (fake / "vars" / name).write_text("---\n{}\n")
    shutil.copy(os.path.join(ROLES, role, "vars", "main.yml"), str(fake / "vars" / "main.yml"))
    selected = _selected(tmp_path, role, str(fake))
    assert selected == {
        "debian12": ["Debian.yml"],
        "debian13": ["Debian.yml", "Debian_13.yml"],
        "rocky9": ["RedHat.yml", "RedHat_9.yml", "Rocky_9.yml"],
        "rhel9": ["RedHat.yml", "RedHat_9.yml"],
    }
