# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The JAVA_HOME the tomcat role falls back to on EL9 survives `dnf update java-17-openjdk-headless`.

tests/data/el9/java17.json holds what the el9 java-17-openjdk spec installs under /usr/lib/jvm and the
links its scriptlets make (alternatives --install). The tests lay that tree out in tmp_path, as the
package and its %posttrans leave it, and check what java_home_info chooses there; and that the tomcat
role's fallback (tasks/resolve.yml, when openjdk_java_home is undefined, e.g. the upgrade.yml stage play)
is java_home_info's choice, not the real path of /usr/bin/java (a versioned directory on EL9).
The trees are java-17-openjdk's (openjdk_version: 17); java-21-openjdk, the EL9 default, lays out the same links
(tests/data/el9/java21.json; tests/unit/roles/test_openjdk_platform_default.py checks its JAVA_HOME).
"""

from __future__ import annotations

import importlib.util
import os

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_home import choose_java_home, scan_jvm_root

_SPEC = importlib.util.spec_from_file_location("webtier_el9_facts", os.path.join(os.path.dirname(__file__), "facts.py"))
facts = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(facts)

JAVA = facts.load("java17.json")
ARCH = "x86_64"
MODULE = "webtier.tomcat_cluster.java_home_info"


def _in(tmp, path):
    return os.path.join(str(tmp), path.lstrip("/"))


def install_el9_java(tmp, version=None, release=None, packages=("java-17-openjdk-headless",)):
    """Lay out what the -headless package installs and what its %posttrans alternatives calls link, under tmp.
    Another version/release installs beside the first one (an update before the old one is removed)."""
    old = "%s-%s" % (JAVA["version"], JAVA["release"])
    new = "%s-%s" % (version or JAVA["version"], release or JAVA["release"])

    def concrete(path):
        return path.replace("{arch}", ARCH).replace(old, new)

    for entry in JAVA["headless_owns"]:
        path = _in(tmp, concrete(entry["path"]))
        if os.path.lexists(path):
            continue
        if entry["dir"]:
            os.makedirs(path, exist_ok=True)
        elif not os.path.basename(path).startswith("jre-"):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("")
    sdkdir = concrete(JAVA["sdkdir"])
    jrelnk = _in(tmp, "/usr/lib/jvm/" + concrete(JAVA["jrelnk"]))
    assert JAVA["jrelnk_is_package_link_to_sdkdir"]
    if not os.path.lexists(jrelnk):
        os.symlink(sdkdir, jrelnk)     # %install: ln -sf <sdkdir> <jrelnk> (relative)
    for alt in JAVA["alternatives"]:
        if alt["package"] not in packages:
            continue
        link = _in(tmp, alt["link"])
        managed = _in(tmp, "/etc/alternatives/" + alt["name"])
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.makedirs(os.path.dirname(managed), exist_ok=True)
        for path in (link, managed):
            if os.path.lexists(path):
                os.remove(path)
        os.symlink(managed, link)
        os.symlink(_in(tmp, concrete(alt["target"])), managed)
    return _in(tmp, "/usr/lib/jvm/" + sdkdir)


def _choose(tmp):
    root = _in(tmp, "/usr/lib/jvm")
    alternatives = _in(tmp, "/etc/alternatives")
    files, links = scan_jvm_root(root, alternatives, 17)
    return choose_java_home(files, links, feature=17, root=root, alternatives=alternatives)


def test_the_spec_facts_have_the_links_the_choice_relies_on():
    links = {(a["link"], a["name"]) for a in JAVA["alternatives"] if a["package"] == "java-17-openjdk-headless"}
    assert {("/usr/lib/jvm/jre-17-openjdk", "jre_17_openjdk"), ("/usr/lib/jvm/jre-17", "jre_17"),
            ("/usr/lib/jvm/jre-openjdk", "jre_openjdk"), ("/usr/bin/java", "java"), ("/usr/lib/jvm/jre", "jre")} <= links
    assert JAVA["sdkdir"].startswith("java-17-openjdk-17.") and JAVA["sdkdir"].endswith(".el9.{arch}")
    assert JAVA["debug_suffixes"] == {"debug_suffix_unquoted": "-slowdebug", "fastdebug_suffix_unquoted": "-fastdebug"}


def test_java_home_info_chooses_the_stable_link_on_the_el9_tree(tmp_path):
    sdkdir = install_el9_java(tmp_path)
    choice = _choose(tmp_path)
    assert choice["path"] == _in(tmp_path, "/usr/lib/jvm/jre-17-openjdk")
    assert choice["resolved"] == sdkdir
    assert choice["stable"] is True


def test_the_real_path_of_usr_bin_java_is_the_versioned_directory(tmp_path):
    """What the fallback must not name: dirname(dirname(realpath(/usr/bin/java))) is the sdkdir, which the
    next update removes."""
    sdkdir = install_el9_java(tmp_path)
    java = os.path.realpath(_in(tmp_path, "/usr/bin/java"))
    assert os.path.dirname(os.path.dirname(java)) == sdkdir
    assert os.path.basename(sdkdir).startswith("java-17-openjdk-17.")


def test_after_an_update_the_stable_link_follows_the_new_runtime(tmp_path):
    install_el9_java(tmp_path)
    first = _choose(tmp_path)
    newer = install_el9_java(tmp_path, release="99.el9")
    second = _choose(tmp_path)
    assert second["path"] == first["path"]
    assert second["resolved"] == newer


def _resolve_tasks():
    return facts.role_yaml("tomcat", "tasks", "resolve.yml")


def _fallback_tasks():
    """The tasks of resolve.yml that run when neither tomcat_java_home nor openjdk_java_home is set."""
    return [t for t in _resolve_tasks() if "openjdk_java_home is not defined" in str(t.get("when", ""))]


def _expand(tasks, role):
    """(role, task) of ``tasks`` with include_role/import_role (tasks_from) and include_tasks/import_tasks
    followed into the tasks they run."""
    result = []
    for task in tasks:
        result.append((role, task))
        for key in ("ansible.builtin.include_role", "ansible.builtin.import_role", "include_role", "import_role"):
            if key in task:
                args = task[key]
                name = args["name"].split(".")[-1]
                tasks_from = args.get("tasks_from", "main")
                # an entry point is named without .yml (so that its argument spec is validated)
                tasks_from = tasks_from if tasks_from.endswith(".yml") else tasks_from + ".yml"
                result += _expand(facts.role_yaml(name, "tasks", tasks_from), name)
        for key in ("ansible.builtin.include_tasks", "ansible.builtin.import_tasks", "include_tasks", "import_tasks"):
            if key in task:
                target = task[key] if isinstance(task[key], str) else task[key].get("file")
                result += _expand(facts.role_yaml(role, "tasks", target), role)
    return result


def _fallback_calls():
    return [(role, task) for role, task in _expand(_fallback_tasks(), "tomcat") if MODULE in task]


def test_the_fallback_calls_java_home_info():
    used = [key for role, task in _expand(_fallback_tasks(), "tomcat") for key in task if "." in key]
    assert _fallback_calls(), "roles/tomcat/tasks/resolve.yml falls back with %s, not %s" % (used, MODULE)


def test_the_fallback_does_not_take_the_real_path_of_usr_bin_java():
    text = str(_resolve_tasks())
    for bad in ("lnk_source", "realpath", "readlink -f"):
        assert bad not in text, "resolve.yml uses %s of /usr/bin/java (a versioned directory on EL9)" % bad


def test_java_home_resolved_is_the_choice_of_java_home_info():
    """__tomcat_java_home_resolved (without tomcat_java_home) is java_home_info's java_home.path, directly or
    through the variable the included tasks set from it; java_home_info looks in /usr/lib/jvm."""
    calls = _fallback_calls()
    assert len(calls) == 1
    role, call = calls[0]
    register = call.get("register")
    assert register
    names = {register}
    for dummy, task in _expand(_fallback_tasks(), "tomcat"):
        for key in ("ansible.builtin.set_fact", "set_fact"):
            for name, value in (task.get(key) or {}).items():
                if register in str(value) and "path" in str(value):
                    names.add(name)
    # a role variable of the tomcat role (vars/main.yml), read after resolve.yml ran the fallback
    expression = facts.role_yaml("tomcat", "vars", "main.yml")["__tomcat_java_home_resolved"]
    fallback = expression.split("else", 1)[-1]
    assert any(name in fallback for name in names), (expression, names)
    # openjdk_version unset: the Java release is the EL9 default of the rule (21), whose package java21.json describes
    variables = facts.openjdk_vars("RedHat", "9") if role == "openjdk" else facts.role_vars(role, "RedHat")
    root = facts.render(str((call[MODULE] or {}).get("root", "/usr/lib/jvm")), variables)
    assert root == "/usr/lib/jvm"
    version = facts.render(str((call[MODULE] or {}).get("version")), variables)
    default = facts.openjdk_default("RedHat", "9")
    assert version == str(default) == str(facts.load("java%d.json" % default)["feature"])


@pytest.mark.parametrize("suffix", ["-fastdebug"])
def test_a_debug_build_behind_jre_17_is_not_chosen(tmp_path, suffix):
    """The fastdebug build registers jre_17 with the same priority: the stable link of the release build wins."""
    sdkdir = install_el9_java(tmp_path)
    debug = sdkdir + suffix
    os.makedirs(os.path.join(debug, "bin"))
    with open(os.path.join(debug, "bin", "java"), "w", encoding="utf-8") as handle:
        handle.write("")
    managed = _in(tmp_path, "/etc/alternatives/jre_17")
    os.remove(managed)
    os.symlink(debug, managed)
    choice = _choose(tmp_path)
    assert choice["path"] == _in(tmp_path, "/usr/lib/jvm/jre-17-openjdk")
    assert choice["resolved"] == sdkdir
