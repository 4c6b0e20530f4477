# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every role installs what its SELinux and firewalld tasks need, under the names of each OS family.

The roles' tasks are scanned for the modules and commands they use; each needs packages (EL9 names:
ansible.posix.seboolean imports ``selinux`` and ``semanage``, community.general.seport imports
``selinux`` and ``seobject``; ``semanage`` is the CLI of policycoreutils-python-utils; firewall-cmd is
firewalld's, and on Debian firewalld does not start without netbase's /etc/protocols). The packages
must be in the role's ``__<role>_selinux_packages`` / ``__<role>_firewalld_packages`` of vars/<family>.yml,
and the task that installs that list must run before the first task that needs it.
"""

from __future__ import annotations

import os
import re

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ROLES = os.path.join(ROOT, "roles")

# what a module or command needs on EL9 (RedHat family, SELinux enabled)
SELINUX_NEEDS = {
    "ansible.posix.seboolean": {"python3-libselinux", "python3-libsemanage"},
    "community.general.seport": {"python3-libselinux", "python3-policycoreutils"},
    "community.general.sefcontext": {"python3-libselinux", "python3-policycoreutils"},
    "semanage": {"policycoreutils-python-utils"},
}
FIREWALLD_NEEDS = {
    "RedHat": {"firewalld"},
    "Debian": {"firewalld", "netbase"},
}
FIREWALLD_MODULES = ("webtier.tomcat_cluster.firewalld_access", "ansible.posix.firewalld")


def _roles():
    return sorted(r for r in os.listdir(ROLES) if os.path.isdir(os.path.join(ROLES, r, "tasks")))


def _vars(role, family):
    path = os.path.join(ROLES, role, "vars", family + ".yml")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _tasks(role):
    """(file, index, task) for every task of the role, blocks flattened, in file order."""
    out = []
    tasks_dir = os.path.join(ROLES, role, "tasks")
    for name in sorted(os.listdir(tasks_dir)):
        if not name.endswith(".yml"):
            continue
        with open(os.path.join(tasks_dir, name), encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or []

        def walk(items):
            for task in items:
                if not isinstance(task, dict):
                    continue
                for key in ("block", "rescue", "always"):
                    if key in task:
                        walk(task[key])
                out.append((name, len(out), task))

        walk(data)
    return out


def _uses(task):
    """Modules and commands (semanage) a task uses."""
    used = set()
    for key, value in task.items():
        if key in SELINUX_NEEDS or key in FIREWALLD_MODULES:
            used.add(key)
        if key in ("ansible.builtin.command", "ansible.builtin.shell"):
            text = value if isinstance(value, str) else yaml.safe_dump(value)
            if re.search(r"\bsemanage\b", text):
                used.add("semanage")
    return used


def _installs(task, var):
    for key in ("ansible.builtin.package", "ansible.builtin.dnf", "ansible.builtin.apt"):
        if key in task:
            name = task[key].get("name", "") if isinstance(task[key], dict) else ""
            if var in (name if isinstance(name, str) else yaml.safe_dump(name)):
                return True
    return False


@pytest.mark.parametrize("role", _roles())
def test_selinux_packages_cover_the_modules_on_el9(role):
    tasks = _tasks(role)
    needed = set()
    first_use = None
    for name, index, task in tasks:
        for used in _uses(task) & set(SELINUX_NEEDS):
            needed |= SELINUX_NEEDS[used]
            if first_use is None:
                first_use = (name, index)
    var = "__%s_selinux_packages" % role
    if not needed:
        return
    redhat = _vars(role, "RedHat")
    assert var in redhat, "%s uses SELinux modules but vars/RedHat.yml has no %s" % (role, var)
    missing = needed - set(redhat[var])
    assert not missing, "%s: %s lacks %s" % (role, var, sorted(missing))
    assert _vars(role, "Debian").get(var) == [], "%s: Debian has no SELinux; %s must be []" % (role, var)
    installers = [(name, index) for name, index, task in tasks if _installs(task, var)]
    assert installers, "%s: no task installs %s" % (role, var)
    if any(name == first_use[0] for name, dummy in installers):
        # installed in the same tasks file: before the first use
        assert min(i for n, i in installers if n == first_use[0]) < first_use[1]


@pytest.mark.parametrize("role", _roles())
def test_firewalld_is_installed_where_firewalld_access_runs(role):
    tasks = _tasks(role)
    users = [(name, index) for name, index, task in tasks if _uses(task) & set(FIREWALLD_MODULES)]
    if not users:
        return
    var = "__%s_firewalld_packages" % role
    for family, needs in FIREWALLD_NEEDS.items():
        packages = _vars(role, family).get(var)
        assert packages is not None, "%s: vars/%s.yml has no %s" % (role, family, var)
        assert needs <= set(packages), "%s: %s on %s lacks %s" % (role, var, family, sorted(needs - set(packages)))
    # named directly, or through a variable of vars/main.yml that is built from it (httpd_modjk installs firewalld in
    # its httpd package transaction, __httpd_modjk_extra_packages)
    names = {var} | {k for k, v in _vars(role, "main").items() if var in str(v)}
    assert any(_installs(task, name) for dummy, dummy_index, task in tasks for name in names), "%s: no task installs %s" % (role, var)
    started = [task for dummy, dummy_index, task in tasks
               if any(k in task and isinstance(task[k], dict) and task[k].get("name") == "firewalld"
                      and task[k].get("state") == "started"
                      for k in ("ansible.builtin.systemd", "ansible.builtin.service", "ansible.builtin.systemd_service"))]
    assert started, "%s uses firewalld but never starts it" % role


def test_the_web_role_installs_selinux_tools_before_seboolean():
    """The review's finding: httpd_modjk ran seboolean/seport without the bindings."""
    tasks = [t for n, dummy, t in _tasks("httpd_modjk") if n == "selinux.yml"]
    assert _installs(tasks[0], "__httpd_modjk_selinux_packages")
    assert {"python3-libsemanage", "policycoreutils-python-utils", "python3-libselinux"} <= set(
        _vars("httpd_modjk", "RedHat")["__httpd_modjk_selinux_packages"])
