# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""scan_jvm_root on real directories and links: it reports what the openjdk role's find + stat tasks
reported, so choose_java_home gives the same choice.

Each layout is checked three ways: against hand-written find/stat data, against the real
ansible.builtin.find and ansible.builtin.stat modules run on the same tree, and by the choice.
"""

from __future__ import annotations

import os

import pytest

from ansible.modules import find as find_module
from ansible.modules import stat as stat_module

from ansible_collections.webtier.tomcat_cluster.plugins.filter.java_home import java_home as java_home_filter
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_home import (
    FIND_DEPTH,
    FIND_PATTERNS,
    JavaHomeError,
    choose_java_home,
    scan_jvm_root,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module

VER = "17.0.13.0.11-3.el9.x86_64"
NEW = "java-17-openjdk-" + VER
FAST = NEW + "-fastdebug"
DEB = "java-17-openjdk-amd64"


class Tree:
    """A real <tmp>/usr/lib/jvm and <tmp>/etc/alternatives."""

    def __init__(self, tmp_path):
        base = os.path.realpath(str(tmp_path))
        self.root = os.path.join(base, "usr", "lib", "jvm")
        self.alt = os.path.join(base, "etc", "alternatives")
        os.makedirs(self.root)
        os.makedirs(self.alt)

    def at(self, path):
        """A path under root, or under the alternatives dir with an ``alt:`` prefix."""
        if path.startswith("alt:"):
            return os.path.join(self.alt, path[4:])
        return os.path.join(self.root, path)

    def file(self, path):
        full = self.at(path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as handle:
            handle.write("x")
        return self

    def jdk(self, name, java=True):
        os.makedirs(self.at(name + "/lib/server"))
        self.file(name + "/lib/server/libjvm.so").file(name + "/lib/jrt-fs.jar")
        if java:
            self.file(name + "/bin/java").file(name + "/bin/keytool")
        return self

    def link(self, path, target, relative=False):
        os.symlink(target if relative else self.at(target), self.at(path))
        return self


def el9(tmp_path):
    """The links java-17-openjdk-headless and its -fastdebug build create on EL9."""
    tree = Tree(tmp_path).jdk(NEW).jdk(FAST)
    tree.file(NEW + "/lib/jfr/java")               # depth 4: never listed
    tree.link("jre-17-openjdk-" + VER, NEW).link("jre-17-openjdk-" + VER + "-fastdebug", FAST)
    tree.link("alt:jre_17", NEW).link("jre-17", "alt:jre_17")
    tree.link("alt:jre_17_openjdk", "jre-17-openjdk-" + VER).link("jre-17-openjdk", "alt:jre_17_openjdk")
    tree.link("alt:jre_openjdk", NEW).link("jre-openjdk", "alt:jre_openjdk")
    tree.link("alt:jre", NEW).link("jre", "alt:jre")
    return tree


def el9_find(tree):
    """By hand: what find (file_type any, depth 3, java/java-*/jre/jre-*) lists for el9()."""
    dirs = [NEW, FAST]
    links = ["jre", "jre-17", "jre-17-openjdk", "jre-17-openjdk-" + VER, "jre-17-openjdk-" + VER + "-fastdebug",
             "jre-openjdk"]
    files = [{"path": tree.at(d), "isdir": True, "islnk": False, "isreg": False} for d in dirs]
    files += [{"path": tree.at(d + "/bin/java"), "isdir": False, "islnk": False, "isreg": True} for d in dirs]
    files += [{"path": tree.at(n), "isdir": False, "islnk": True, "isreg": False} for n in links]
    return files


def el9_stat(tree):
    """By hand: the stat loop over the links of el9_find plus <alternatives>/jre_17."""
    targets = {"jre": NEW, "jre-17": NEW, "jre-17-openjdk": NEW, "jre-17-openjdk-" + VER: NEW,
               "jre-17-openjdk-" + VER + "-fastdebug": FAST, "jre-openjdk": NEW}
    out = [{"item": tree.at(n), "stat": {"exists": True, "path": tree.at(n), "islnk": True, "lnk_source": tree.at(t)}}
           for n, t in sorted(targets.items())]
    out.append({"item": tree.at("alt:jre_17"),
                "stat": {"exists": True, "path": tree.at("alt:jre_17"), "islnk": True, "lnk_source": tree.at(NEW)}})
    return out


def debian(tmp_path):
    """Debian 12's openjdk-17-jre-headless (+ default-java's link and the jinfo file)."""
    tree = Tree(tmp_path).jdk(DEB)
    tree.link("java-1.17.0-openjdk-amd64", DEB, relative=True)
    tree.link("default-java", "java-1.17.0-openjdk-amd64", relative=True)
    tree.file(".java-1.17.0-openjdk-amd64.jinfo")
    os.makedirs(tree.at("openjdk-17/src"))
    return tree


def debian_find(tree):
    return [{"path": tree.at(DEB), "isdir": True, "islnk": False, "isreg": False},
            {"path": tree.at(DEB + "/bin/java"), "isdir": False, "islnk": False, "isreg": True},
            {"path": tree.at("java-1.17.0-openjdk-amd64"), "isdir": False, "islnk": True, "isreg": False}]


def debian_stat(tree):
    link = tree.at("java-1.17.0-openjdk-amd64")
    return [{"item": link, "stat": {"exists": True, "path": link, "islnk": True, "lnk_source": tree.at(DEB)}},
            {"item": tree.at("alt:jre_17"), "stat": {"exists": False}}]


def flags(files):
    return sorted((f["path"], f["isdir"], f["islnk"], f["isreg"]) for f in files)


PARSE_KEYS = ("exists", "path", "islnk", "lnk_source")
ALL_KEYS = PARSE_KEYS + ("isdir", "isreg", "lnk_target")


def stats(links, keys=PARSE_KEYS):
    """The stat keys parse_listing reads (or all scan reports), by item (find's order is the directory order)."""
    return sorted((r["item"], sorted((k, r["stat"][k]) for k in keys if k in r["stat"])) for r in links)


def real_find_and_stat(tree, capsys, version=17):
    """The openjdk role's two tasks, run for real (in-process) on the tree."""
    listing = run_module(find_module, dict(paths=[tree.root], file_type="any", recurse=True, depth=3,
                                           patterns=["java", "java-*", "jre", "jre-*"]), capsys)
    assert listing["_rc"] == 0
    results = []
    for path in [f["path"] for f in listing["files"] if f["islnk"]] + [tree.alt + "/jre_" + str(version)]:
        res = run_module(stat_module, dict(path=path, get_checksum=False, get_mime=False, get_attributes=False), capsys)
        assert res["_rc"] == 0
        results.append({"item": path, "stat": res["stat"], "changed": False})
    return listing["files"], results


def choice_of(tree, feature=17, **kwargs):
    files, links = scan_jvm_root(tree.root, tree.alt, feature)
    return choose_java_home(files, links, feature=feature, root=tree.root, alternatives=tree.alt, **kwargs)


def test_find_parameters_are_the_roles():
    assert FIND_PATTERNS == ("java", "java-*", "jre", "jre-*") and FIND_DEPTH == 3


@pytest.mark.parametrize("layout, by_hand_find, by_hand_stat, path, kind, stable", [
    (el9, el9_find, el9_stat, "jre-17-openjdk", "alternatives link jre_17_openjdk", True),
    (debian, debian_find, debian_stat, DEB, "Debian runtime directory", True),
])
def test_scan_equals_find_and_stat_and_gives_the_filters_choice(tmp_path, capsys, layout, by_hand_find, by_hand_stat,
                                                                path, kind, stable):
    tree = layout(tmp_path)
    files, links = scan_jvm_root(tree.root, tree.alt, 17)
    # what find + stat report, by hand
    assert flags(files) == flags(by_hand_find(tree))
    assert stats(links) == stats(by_hand_stat(tree))
    # ... and as the real modules report it
    real_files, real_links = real_find_and_stat(tree, capsys)
    assert flags(files) == flags(real_files)
    assert stats(links, ALL_KEYS) == stats(real_links, ALL_KEYS)
    # the same choice as the filter on the role's data
    got = choose_java_home(files, links, feature=17, root=tree.root, alternatives=tree.alt)
    expected = java_home_filter(by_hand_find(tree), by_hand_stat(tree), 17, root=tree.root, alternatives=tree.alt)
    assert got == expected
    assert got == java_home_filter(real_files, real_links, 17, root=tree.root, alternatives=tree.alt)
    assert got["path"] == tree.at(path) and got["kind"] == kind and got["stable"] is stable
    assert got["feature"] == 17


def test_el9_debug_builds_and_the_system_java(tmp_path):
    tree = el9(tmp_path)
    os.unlink(tree.at("alt:jre_17"))
    os.symlink(tree.at(FAST), tree.at("alt:jre_17"))  # same priority: jre_17 may pick the fastdebug build
    choice = choice_of(tree)
    assert choice["path"] == tree.at("jre-17-openjdk") and choice["resolved"] == tree.at(NEW)
    reasons = {s["path"]: s["reason"] for s in choice["skipped"]}
    assert "debug build" in reasons[tree.at("jre-17")] and "debug" in reasons[tree.at(FAST)]
    assert choice_of(tree, java=tree.at(NEW + "/bin/java"))["path"] == tree.at("jre-17-openjdk")
    assert choice_of(tree, java=tree.at(FAST + "/bin/java"))["path"] == ""


def test_without_links_the_versioned_directory_is_unstable(tmp_path):
    tree = Tree(tmp_path).jdk(NEW).jdk("java-17-openjdk-17.0.12.0.7-2.el9.x86_64")
    choice = choice_of(tree)
    assert choice["path"] == tree.at(NEW) and choice["stable"] is False and "versioned" in choice["kind"]


def test_depth_and_patterns_as_find_counts_them(tmp_path, capsys):
    tree = Tree(tmp_path).jdk(NEW)
    tree.file("vendor/java-17/bin/java")    # bin/java at depth 4: not listed, so vendor/java-17 is no runtime
    tree.file("other/bin/java")             # depth 3 under a directory matching no pattern: listed
    tree.file("jre-17-openjdk/bin/java")    # a real directory named like a link
    tree.file(".java-17/bin/java")          # the hidden directory is skipped, not its content
    tree.file("javac").file("java-x.jinfo").file("JAVA-17")
    files, dummy = scan_jvm_root(tree.root, tree.alt, 17)
    rel = sorted(os.path.relpath(f["path"], tree.root) for f in files)
    assert rel == sorted([".java-17/bin/java", NEW, NEW + "/bin/java", "java-x.jinfo", "jre-17-openjdk",
                          "jre-17-openjdk/bin/java", "other/bin/java", "vendor/java-17"])
    real_files, dummy = real_find_and_stat(tree, capsys)
    assert flags(files) == flags(real_files)
    choice = choice_of(tree)
    assert choice["path"] == tree.at("jre-17-openjdk") and choice["resolved"] == tree.at("jre-17-openjdk")


def test_a_link_to_a_directory_is_listed_not_followed(tmp_path):
    tree = Tree(tmp_path).jdk(NEW).link("jre-17", NEW)
    files, dummy = scan_jvm_root(tree.root, tree.alt, 17)
    assert [f["path"] for f in files] == [tree.at(NEW), tree.at(NEW + "/bin/java"), tree.at("jre-17")]


def test_trailing_slash_on_root(tmp_path):
    tree = el9(tmp_path)
    assert scan_jvm_root(tree.root + "/", tree.alt + "/", 17) == scan_jvm_root(tree.root, tree.alt, 17)


def test_dangling_link_is_reported_as_stat_does_and_refused(tmp_path, capsys):
    tree = el9(tmp_path)
    os.unlink(tree.at("alt:jre_17_openjdk"))
    os.symlink(tree.at("jre-17-openjdk-gone"), tree.at("alt:jre_17_openjdk"))
    files, links = scan_jvm_root(tree.root, tree.alt, 17)
    by_item = {r["item"]: r["stat"] for r in links}
    # stat (follow false): the link exists; lnk_source is realpath's answer, a path that does not exist
    assert by_item[tree.at("jre-17-openjdk")]["exists"] is True
    assert by_item[tree.at("jre-17-openjdk")]["lnk_source"] == tree.at("jre-17-openjdk-gone")
    real_files, real_links = real_find_and_stat(tree, capsys)
    assert stats(links, ALL_KEYS) == stats(real_links, ALL_KEYS)
    choice = choose_java_home(files, links, feature=17, root=tree.root, alternatives=tree.alt)
    assert choice == java_home_filter(real_files, real_links, 17, root=tree.root, alternatives=tree.alt)
    assert choice["path"] == tree.at("jre-17")
    reasons = {s["path"]: s["reason"] for s in choice["skipped"]}
    assert "no bin/java in %s" % tree.at("jre-17-openjdk-gone") in reasons[tree.at("jre-17-openjdk")]


def test_link_loop_is_refused_without_error(tmp_path, capsys):
    tree = Tree(tmp_path).jdk(NEW).link("jre-17-openjdk", NEW)
    tree.link("jre-17", "alt:jre_17").link("alt:jre_17", "jre-17")
    files, links = scan_jvm_root(tree.root, tree.alt, 17)
    real_files, real_links = real_find_and_stat(tree, capsys)
    assert flags(files) == flags(real_files) and stats(links, ALL_KEYS) == stats(real_links, ALL_KEYS)
    choice = choose_java_home(files, links, feature=17, root=tree.root, alternatives=tree.alt)
    assert choice == java_home_filter(real_files, real_links, 17, root=tree.root, alternatives=tree.alt)
    assert choice["path"] == tree.at("jre-17-openjdk")
    assert {s["path"] for s in choice["skipped"]} == {tree.at("jre-17"), tree.at("alt:jre_17")}


def test_missing_root_lists_nothing_and_still_stats_the_alternatives_link(tmp_path):
    tree = Tree(tmp_path)
    os.rmdir(tree.root)
    files, links = scan_jvm_root(tree.root, tree.alt, 17)
    assert files == [] and links == [{"item": tree.at("alt:jre_17"), "stat": {"exists": False}}]
    assert choice_of(tree)["path"] == ""
    with open(tree.root, "w") as handle:   # not a directory: find lists nothing either
        handle.write("x")
    assert scan_jvm_root(tree.root, tree.alt, 17)[0] == []


def test_without_feature_no_alternatives_link_is_statted(tmp_path):
    tree = el9(tmp_path)
    dummy, links = scan_jvm_root(tree.root, tree.alt)
    assert tree.at("alt:jre_17") not in [r["item"] for r in links]
    with pytest.raises(JavaHomeError, match="feature"):
        scan_jvm_root(tree.root, tree.alt, "seventeen")


def test_a_path_component_that_is_a_file_is_an_oserror(tmp_path):
    tree = Tree(tmp_path).jdk(NEW)
    with pytest.raises(OSError):
        scan_jvm_root(tree.root, tree.at(NEW + "/bin/java"), 17)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every directory")
def test_an_unreadable_directory_is_skipped_as_find_skips_it(tmp_path):
    tree = Tree(tmp_path).jdk(NEW).jdk(DEB)
    os.chmod(tree.at(DEB), 0)
    try:
        files, dummy = scan_jvm_root(tree.root, tree.alt, 17)
    finally:
        os.chmod(tree.at(DEB), 0o755)
    assert tree.at(DEB) in [f["path"] for f in files]
    assert tree.at(DEB + "/bin/java") not in [f["path"] for f in files]
