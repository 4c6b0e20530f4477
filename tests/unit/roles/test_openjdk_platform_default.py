# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The openjdk role's lists of the Java releases each platform ships and the JAVA_HOME of the release the rule
chooses from them.

The rule (webtier.tomcat_cluster.java_default) over each list of vars/<platform>.yml gives the documented default.
The JAVA_HOME of that release is checked on trees laid out like the packages of Debian 13 (openjdk-21-jre-headless
21.0.13: /usr/lib/jvm/java-21-openjdk-amd64 and the link java-1.21.0-openjdk-amd64) and EL9 (java-21-openjdk
21.0.5.0.10-3.el9 spec: versioned sdkdir, jrelnk, alternatives jre_21_openjdk / jre_21 / jre_openjdk, as 17's).
"""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_default import default_java_version
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_home import choose_java_home, scan_jvm_root

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ROLE = os.path.join(ROOT, "roles", "openjdk")


def _role_yaml(*parts):
    with open(os.path.join(ROLE, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@pytest.mark.parametrize("name", ["Debian_12.yml", "Debian_13.yml", "RedHat_9.yml"])
def test_the_lists_of_the_platforms_give_the_documented_defaults(name):
    """The rule over each list alone (no Tomcat line given: every line)."""
    majors = _role_yaml("vars", name)["__openjdk_lts_majors"]
    assert majors == sorted(majors) and all(isinstance(m, int) for m in majors)
    assert default_java_version(majors) == {"Debian_12.yml": 17, "Debian_13.yml": 21, "RedHat_9.yml": 21}[name]


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
