# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The openjdk role's lists of the Java releases each platform ships, the Java release it installs by default and the
JAVA_HOME of that release.

The rule (webtier.tomcat_cluster.java_default) over each list of vars/<platform>.yml gives the documented default; the
role's own expressions (vars/main.yml: the OS variables files, __openjdk_version) give it too, through the real
ansible-playbook for faked platforms (only ``ansible_facts`` and ``role_path`` are renamed so that a play can set
them), and the java_home entry point passes its argument validation without openjdk_version.
The JAVA_HOME of that release is checked on trees laid out like the packages of Debian 13 (openjdk-21-jre-headless
21.0.13: /usr/lib/jvm/java-21-openjdk-amd64 and the link java-1.21.0-openjdk-amd64) and EL9 (java-21-openjdk
21.0.5.0.10-3.el9 spec: versioned sdkdir, jrelnk, alternatives jre_21_openjdk / jre_21 / jre_openjdk, as 17's).
"""

from __future__ import annotations

import json
import os

import pytest
import yaml

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_default import default_java_version
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_home import choose_java_home, scan_jvm_root
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.playbook import run_playbook, write_inventory

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ROLE = os.path.join(ROOT, "roles", "openjdk")


def _role_yaml(*parts):
    with open(os.path.join(ROLE, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


# host -> (ansible_facts subset, the vars files loaded in order (test_os_vars_selection.py checks them), the default
# Java release; None: it fails)
PLATFORMS = {
    "debian12": ({"os_family": "Debian", "distribution": "Debian", "distribution_major_version": "12"},
                 ["Debian.yml", "Debian_12.yml"], 17),
    "debian13": ({"os_family": "Debian", "distribution": "Debian", "distribution_major_version": "13"},
                 ["Debian.yml", "Debian_13.yml"], 21),
    "rocky9": ({"os_family": "RedHat", "distribution": "Rocky", "distribution_major_version": "9"},
               ["RedHat.yml", "RedHat_9.yml"], 21),
    "rhel9": ({"os_family": "RedHat", "distribution": "RedHat", "distribution_major_version": "9"},
              ["RedHat.yml", "RedHat_9.yml"], 21),
    "debian14": ({"os_family": "Debian", "distribution": "Debian", "distribution_major_version": "14"},
                 ["Debian.yml"], None),
}


def _faked(value):
    return value.replace("ansible_facts", "fake_facts").replace("role_path", "fake_role_path")


def _run(tmp_path, group_vars=None):
    role_vars = {name: _faked(value) if isinstance(value, str) else value
                 for name, value in _role_yaml("vars", "main.yml").items()}
    play = [{
        "name": "Platforms",
        "hosts": "all",
        "gather_facts": False,
        "vars": dict(role_vars, fake_role_path=ROLE),
        "tasks": [
            {"name": "Load", "ansible.builtin.include_vars": "{{ __openjdk_vars_file }}",
             "loop": "{{ __openjdk_vars_files }}", "loop_control": {"loop_var": "__openjdk_vars_file"}},
            {"name": "Version", "ansible.builtin.debug": {"msg": "{{ __openjdk_version }}"}, "ignore_errors": True},
            {"name": "Packages", "ansible.builtin.debug": {"msg": "{{ __openjdk_packages }}"}, "ignore_errors": True},
        ],
    }]
    defaults = _role_yaml("defaults", "main.yml")
    (tmp_path / "pb.yml").write_text(yaml.safe_dump(play))
    hosts = {name: {"fake_facts": facts} for name, (facts, dummy, dummy_version) in PLATFORMS.items()}
    inventory = write_inventory(tmp_path, {"platforms": {"hosts": hosts}}, **dict(defaults, **(group_vars or {})))
    proc = run_playbook(tmp_path, "-i", inventory, tmp_path / "pb.yml", ANSIBLE_STDOUT_CALLBACK="ansible.builtin.json",
                        ANSIBLE_LOCALHOST_WARNING="0")
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        pytest.fail("no JSON from ansible-playbook (rc %s): %s %s" % (proc.returncode, proc.stdout[-3000:], proc.stderr))
    return {t["task"]["name"]: t["hosts"] for t in data["plays"][0]["tasks"]}


@pytest.fixture(scope="module")
def by_default(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("openjdk-platforms"))


@pytest.mark.parametrize("host", sorted(PLATFORMS))
def test_the_default_java_release_per_platform(by_default, host):
    expected = PLATFORMS[host][2]
    result = by_default["Version"][host]
    if expected is None:
        assert result.get("failed"), result
        assert "set openjdk_version" in result["msg"], result
    else:
        assert not result.get("failed"), result
        assert int(result["msg"]) == expected
        package = ("openjdk-%d-jre-headless" if PLATFORMS[host][0]["os_family"] == "Debian"
                   else "java-%d-openjdk-headless") % expected
        assert by_default["Packages"][host]["msg"] == [package]


def test_an_explicit_openjdk_version_wins(tmp_path):
    results = _run(tmp_path, {"openjdk_version": 25})
    for host in PLATFORMS:
        assert int(results["Version"][host]["msg"]) == 25, results["Version"][host]


def test_the_tomcat_lines_of_the_inventory_count(tmp_path):
    """Tomcat 11.0 needs Java 17: still 17/21; a release of an unknown line is left to the tomcat role, which
    refuses it by name (the default is that of every line)."""
    results = _run(tmp_path, {"tomcat_version": "11.0.22", "tomcat_instances": [{"name": "a", "version": "9.0.109"}]})
    assert {h: int(results["Version"][h]["msg"]) for h in PLATFORMS if PLATFORMS[h][2]} == {
        "debian12": 17, "debian13": 21, "rocky9": 21, "rhel9": 21}
    results = _run(tmp_path, {"tomcat_extra_versions": ["8.5.100"]})
    assert int(results["Version"]["debian12"]["msg"]) == 17, results["Version"]["debian12"]


@pytest.mark.parametrize("name", ["Debian_12.yml", "Debian_13.yml", "RedHat_9.yml"])
def test_the_lists_of_the_platforms_give_the_documented_defaults(name):
    """The rule over each list alone (no Tomcat line given: every line)."""
    majors = _role_yaml("vars", name)["__openjdk_lts_majors"]
    assert majors == sorted(majors) and all(isinstance(m, int) for m in majors)
    assert default_java_version(majors) == {"Debian_12.yml": 17, "Debian_13.yml": 21, "RedHat_9.yml": 21}[name]


def test_the_argument_specs_allow_every_release_the_role_can_default_to():
    specs = _role_yaml("meta", "argument_specs.yml")["argument_specs"]
    for entry in ("main", "java_home"):
        option = specs[entry]["options"]["openjdk_version"]
        assert option["type"] == "int" and not option.get("required") and "default" not in option
        for name in ("Debian_12.yml", "Debian_13.yml", "RedHat_9.yml"):
            assert default_java_version(_role_yaml("vars", name)["__openjdk_lts_majors"]) in option["choices"]
    # unset, not null: a null value would fail the choices of the argument validation
    assert "openjdk_version" not in _role_yaml("defaults", "main.yml")


def _tree(tmp_path, links):
    """Real directories and links under tmp_path/usr/lib/jvm and tmp_path/etc/alternatives."""
    for path, target in links:
        full = os.path.join(str(tmp_path), path.lstrip("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if target is None:
            os.makedirs(os.path.join(full, "bin"))
            with open(os.path.join(full, "bin", "java"), "w", encoding="utf-8") as handle:
                handle.write("")
        else:
            os.symlink(os.path.join(str(tmp_path), target.lstrip("/")) if target.startswith("/") else target, full)
    root = os.path.join(str(tmp_path), "usr/lib/jvm")
    alternatives = os.path.join(str(tmp_path), "etc/alternatives")
    os.makedirs(alternatives, exist_ok=True)
    files, links_found = scan_jvm_root(root, alternatives, feature=21)
    return choose_java_home(files, links_found, feature=21, root=root, alternatives=alternatives), root


def test_debian13_java_home_is_the_package_directory(tmp_path):
    choice, root = _tree(tmp_path, [
        ("/usr/lib/jvm/java-21-openjdk-amd64", None),
        ("/usr/lib/jvm/java-1.21.0-openjdk-amd64", "java-21-openjdk-amd64"),
        ("/etc/alternatives/java", "/usr/lib/jvm/java-21-openjdk-amd64/bin/java"),
    ])
    assert choice["path"] == os.path.join(root, "java-21-openjdk-amd64")
    assert choice["stable"] and choice["feature"] == 21


def test_el9_java21_java_home_is_the_alternatives_link(tmp_path):
    sdk = "java-21-openjdk-21.0.5.0.10-3.el9.x86_64"
    jrelnk = "jre-21-openjdk-21.0.5.0.10-3.el9.x86_64"
    choice, root = _tree(tmp_path, [
        ("/usr/lib/jvm/" + sdk, None),
        ("/usr/lib/jvm/" + jrelnk, sdk),
        ("/etc/alternatives/jre_21_openjdk", "/usr/lib/jvm/" + jrelnk),
        ("/etc/alternatives/jre_21", "/usr/lib/jvm/" + sdk),
        ("/etc/alternatives/jre_openjdk", "/usr/lib/jvm/" + sdk),
        ("/usr/lib/jvm/jre-21-openjdk", "/etc/alternatives/jre_21_openjdk"),
        ("/usr/lib/jvm/jre-21", "/etc/alternatives/jre_21"),
        ("/usr/lib/jvm/jre-openjdk", "/etc/alternatives/jre_openjdk"),
    ])
    assert choice["path"] == os.path.join(root, "jre-21-openjdk")
    assert choice["stable"] and choice["resolved"] == os.path.join(root, sdk)


def _java_home_play(tmp_path, extra):
    """The java_home entry point as the tomcat role includes it (tasks_from: java_home, argument validation on)."""
    jvm = tmp_path / "jvm"
    alternatives = tmp_path / "alternatives"
    alternatives.mkdir()
    for feature in (21, 25):
        (jvm / ("java-%d-openjdk-amd64" % feature) / "bin").mkdir(parents=True)
        (jvm / ("java-%d-openjdk-amd64" % feature) / "bin" / "java").write_text("")
    play = [{"name": "JAVA_HOME", "hosts": "all", "gather_facts": False, "tasks": [
        {"name": "Find", "ansible.builtin.include_role": {"name": "webtier.tomcat_cluster.openjdk",
                                                          "tasks_from": "java_home"}},
        {"name": "Report", "ansible.builtin.debug": {"var": "openjdk_java_home"}}]}]
    (tmp_path / "pb.yml").write_text(yaml.safe_dump(play))
    inventory = write_inventory(tmp_path, {"hosts": {"hosts": {"localhost": {}}}})
    variables = dict({"__openjdk_jvm_root": str(jvm), "__openjdk_alternatives_dir": str(alternatives)}, **extra)
    proc = run_playbook(tmp_path, "-i", inventory, "-e", json.dumps(variables), tmp_path / "pb.yml",
                        ANSIBLE_STDOUT_CALLBACK="ansible.builtin.json", ANSIBLE_LOCALHOST_WARNING="0")
    data = json.loads(proc.stdout)
    results = {t["task"]["name"].split(" : ", 1)[-1]: t["hosts"]["localhost"] for t in data["plays"][0]["tasks"]}
    return proc.returncode, results, jvm


def test_java_home_without_openjdk_version_passes_the_argument_validation(tmp_path):
    """openjdk_version unset: the validation passes and the platform's default is used (the platform's list given
    here, as the OS variables would: the facts of this machine do not matter)."""
    rc, results, jvm = _java_home_play(tmp_path, {"__openjdk_lts_majors": [21, 25]})
    assert rc == 0, results
    assert results["Report"]["openjdk_java_home"] == str(jvm / "java-21-openjdk-amd64")


def test_java_home_with_an_explicit_release(tmp_path):
    rc, results, jvm = _java_home_play(tmp_path, {"openjdk_version": 25})
    assert rc == 0, results
    assert results["Report"]["openjdk_java_home"] == str(jvm / "java-25-openjdk-amd64")
    assert results["java_home | Gather the facts that choose the OS variables"].get("skipped")


def test_java_home_refuses_java_8(tmp_path):
    rc, results, dummy = _java_home_play(tmp_path, {"openjdk_version": 8})
    assert rc != 0
    failed = [r for r in results.values() if r.get("failed")]
    assert "must be one of: 11, 17, 21, 25" in failed[0]["msg"], failed
