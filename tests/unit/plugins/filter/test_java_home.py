# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The JAVA_HOME chooser over /usr/lib/jvm listings shaped like EL9's and Debian 12's.

The EL9 names follow the el9 java-17-openjdk spec (sdkdir = java-17-openjdk-<version>-<release>.<arch>
plus the debug suffix; alternatives jre_openjdk, jre_17, jre_17_openjdk; jrelnk links); the Debian
listing is the one of the local test image (openjdk-17-jre-headless 17.0.x on bookworm).
"""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.filter.java_home import FilterModule, java_home
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_home import (
    JavaHomeError,
    choose_java_home,
    parse_listing,
)

JVM = "/usr/lib/jvm"
OLD = "java-17-openjdk-17.0.12.0.7-2.el9.x86_64"
NEW = "java-17-openjdk-17.0.13.0.11-3.el9.x86_64"
NEW_FAST = NEW + "-fastdebug"
NEW_SLOW = NEW + "-slowdebug"
J21 = "java-21-openjdk-21.0.5.0.10-3.el9.x86_64"


class Host:
    """A fake /usr/lib/jvm: real directories (with or without bin/java) and links, as find + stat report them."""

    def __init__(self):
        self.dirs = {}
        self.links = {}

    def jdk(self, name, java=True):
        self.dirs["%s/%s" % (JVM, name)] = java
        return self

    def link(self, path, target):
        """``path`` -> ``target`` (a basename under /usr/lib/jvm or an absolute path); resolved like realpath."""
        if not path.startswith("/"):
            path = "%s/%s" % (JVM, path)
        if not target.startswith("/"):
            target = "%s/%s" % (JVM, target)
        self.links[path] = target
        return self

    def realpath(self, path):
        seen = set()
        while path in self.links and path not in seen:
            seen.add(path)
            path = self.links[path]
        return path

    def find_files(self):
        """What ansible.builtin.find (file_type any, depth 3, patterns java/java-*/jre/jre-*) returns."""
        files = []
        for path, has_java in sorted(self.dirs.items()):
            files.append({"path": path, "isdir": True, "islnk": False, "isreg": False})
            if has_java:
                files.append({"path": path + "/bin/java", "isdir": False, "islnk": False, "isreg": True})
        for path in sorted(self.links):
            if path.startswith(JVM + "/"):
                files.append({"path": path, "isdir": False, "islnk": True, "isreg": False})
        return files

    def stat_results(self, extra=("/etc/alternatives/jre_17",)):
        """What ansible.builtin.stat in a loop over the links (plus ``extra``) registers."""
        results = []
        paths = [p for p in sorted(self.links) if p.startswith(JVM + "/")] + list(extra)
        for path in paths:
            if path in self.links:
                stat = {"exists": True, "path": path, "islnk": True, "lnk_source": self.realpath(path),
                        "lnk_target": self.links[path]}
            else:
                stat = {"exists": False}
            results.append({"item": path, "stat": stat, "changed": False})
        return results

    def choose(self, **kwargs):
        return choose_java_home(self.find_files(), self.stat_results(), **kwargs)


def el9(sdk=NEW, jre17=None, jre17_openjdk=None, debug=()):
    """An EL9 host with java-17-openjdk-headless ``sdk`` and the links its %post creates."""
    host = Host().jdk(sdk)
    for suffix in debug:
        host.jdk(sdk + suffix)
        host.link("jre-17-openjdk-" + sdk[len("java-17-openjdk-"):] + suffix, sdk + suffix)
    host.link("jre-17-openjdk-" + sdk[len("java-17-openjdk-"):], sdk)
    # alternatives: /usr/lib/jvm/<link> -> /etc/alternatives/<key> -> target
    host.link("/etc/alternatives/jre_17", jre17 or sdk)
    host.link("jre-17", "/etc/alternatives/jre_17")
    host.link("/etc/alternatives/jre_17_openjdk", jre17_openjdk or ("jre-17-openjdk-" + sdk[len("java-17-openjdk-"):]))
    host.link("jre-17-openjdk", "/etc/alternatives/jre_17_openjdk")
    host.link("/etc/alternatives/jre_openjdk", sdk)
    host.link("jre-openjdk", "/etc/alternatives/jre_openjdk")
    host.link("/etc/alternatives/jre", sdk)
    host.link("jre", "/etc/alternatives/jre")
    return host


def debian12():
    """The local Debian 12 image: ls -la /usr/lib/jvm."""
    return Host().jdk("java-17-openjdk-amd64").link("java-1.17.0-openjdk-amd64", "java-17-openjdk-amd64")


def test_el9_prefers_the_jre_17_openjdk_alternatives_link():
    choice = el9().choose(feature=17)
    assert choice["path"] == JVM + "/jre-17-openjdk"
    assert choice["resolved"] == JVM + "/" + NEW
    assert choice["stable"] is True
    assert choice["feature"] == 17
    assert "jre_17_openjdk" in choice["kind"]


def test_el9_java_home_does_not_change_across_an_update():
    before = el9(sdk=OLD).choose(feature=17)
    after = el9(sdk=NEW).choose(feature=17)
    assert before["path"] == after["path"] == JVM + "/jre-17-openjdk"
    assert before["resolved"] != after["resolved"]


def test_el9_during_an_update_both_versioned_directories_exist():
    host = el9(sdk=NEW).jdk(OLD)
    assert host.choose(feature=17)["path"] == JVM + "/jre-17-openjdk"


def test_el9_without_the_openjdk_link_takes_jre_17_then_etc_alternatives():
    host = el9()
    del host.links[JVM + "/jre-17-openjdk"]
    assert host.choose(feature=17)["path"] == JVM + "/jre-17"
    del host.links[JVM + "/jre-17"]
    choice = host.choose(feature=17)
    assert choice["path"] == "/etc/alternatives/jre_17"
    assert choice["stable"] is True


def test_el9_debug_builds_are_never_chosen():
    # fastdebug has the same alternatives priority as the release build, so jre_17 may point at it
    host = el9(jre17=NEW_FAST, debug=("-fastdebug", "-slowdebug"))
    choice = host.choose(feature=17)
    assert choice["path"] == JVM + "/jre-17-openjdk"
    assert choice["resolved"] == JVM + "/" + NEW
    reasons = {s["path"]: s["reason"] for s in choice["skipped"]}
    assert "debug" in reasons[JVM + "/jre-17"]
    assert "debug" in reasons[JVM + "/" + NEW_FAST]
    assert "debug" in reasons[JVM + "/" + NEW_SLOW]


def test_el9_all_links_on_a_debug_build_fall_back_to_the_release_directory_unstable():
    host = el9(jre17=NEW_FAST, jre17_openjdk=NEW_FAST, debug=("-fastdebug",))
    choice = host.choose(feature=17)
    assert choice["path"] == JVM + "/" + NEW
    assert choice["stable"] is False
    assert "versioned" in choice["kind"]


def test_el9_newest_versioned_directory_when_no_link_exists():
    host = Host().jdk(OLD).jdk(NEW).jdk(NEW_FAST)
    choice = host.choose(feature=17)
    assert choice["path"] == JVM + "/" + NEW
    assert choice["stable"] is False


def test_version_order_is_numeric_not_textual():
    host = Host().jdk("java-17-openjdk-17.0.9.0.9-1.el9.x86_64").jdk("java-17-openjdk-17.0.10.0.7-1.el9.x86_64")
    assert host.choose(feature=17)["path"].endswith("17.0.10.0.7-1.el9.x86_64")


def test_only_debug_builds_installed_gives_no_java_home():
    host = Host().jdk(NEW_FAST).link("jre-17", NEW_FAST)
    choice = host.choose(feature=17)
    assert choice["path"] == ""
    assert choice["stable"] is False
    assert {s["path"] for s in choice["skipped"]} == {JVM + "/" + NEW_FAST, JVM + "/jre-17"}


def test_a_link_to_a_directory_without_bin_java_is_refused():
    host = Host().jdk(NEW, java=False).link("jre-17-openjdk", NEW)
    choice = host.choose(feature=17)
    assert choice["path"] == ""
    assert "no bin/java" in choice["skipped"][0]["reason"]


def test_a_dangling_link_is_refused():
    host = el9()
    host.links["/etc/alternatives/jre_17_openjdk"] = JVM + "/jre-17-openjdk-gone"
    assert host.choose(feature=17)["path"] == JVM + "/jre-17"


def test_a_link_named_17_that_resolves_to_21_is_refused():
    host = el9().jdk(J21)
    host.links["/etc/alternatives/jre_17_openjdk"] = JVM + "/" + J21
    choice = host.choose(feature=17)
    assert choice["path"] == JVM + "/jre-17"
    assert any("Java 21" in s["reason"] for s in choice["skipped"])


def test_the_generic_links_are_not_candidates():
    # jre, jre-openjdk follow whatever Java is the system default (another major after an install)
    host = Host().jdk(NEW).link("jre", NEW).link("jre-openjdk", NEW)
    choice = host.choose(feature=17)
    assert choice["path"] == JVM + "/" + NEW
    assert choice["stable"] is False


def test_feature_selects_among_several_releases_and_none_takes_the_highest():
    host = el9()
    host.jdk(J21).link("/etc/alternatives/jre_21_openjdk", J21).link("jre-21-openjdk", "/etc/alternatives/jre_21_openjdk")
    assert host.choose(feature=17)["path"] == JVM + "/jre-17-openjdk"
    assert host.choose(feature="17")["path"] == JVM + "/jre-17-openjdk"
    assert host.choose(feature=21)["path"] == JVM + "/jre-21-openjdk"
    assert host.choose()["path"] == JVM + "/jre-21-openjdk"
    assert host.choose(feature=11)["path"] == ""


def test_system_java_mode_maps_usr_bin_java_to_its_stable_link():
    host = el9()
    host.jdk(J21).link("jre-21-openjdk", J21)
    # /usr/bin/java -> /etc/alternatives/java -> the versioned directory's bin/java
    choice = host.choose(java=JVM + "/" + NEW + "/bin/java")
    assert choice["path"] == JVM + "/jre-17-openjdk"
    assert choice["feature"] == 17
    choice = host.choose(java=JVM + "/" + J21 + "/bin/java")
    assert choice["path"] == JVM + "/jre-21-openjdk"


def test_system_java_mode_refuses_links_to_another_runtime():
    host = el9(sdk=NEW).jdk(OLD)
    host.links["/etc/alternatives/jre_17_openjdk"] = JVM + "/" + OLD
    choice = host.choose(java=JVM + "/" + NEW + "/bin/java")
    assert choice["path"] == JVM + "/jre-17"
    assert any("system java" in s["reason"] for s in choice["skipped"])


def test_debian12_takes_the_package_directory():
    choice = debian12().choose(feature=17)
    assert choice["path"] == JVM + "/java-17-openjdk-amd64"
    assert choice["stable"] is True
    assert choice["kind"] == "Debian runtime directory"


def test_debian12_system_java_mode():
    choice = debian12().choose(java=JVM + "/java-17-openjdk-amd64/bin/java")
    assert choice["path"] == JVM + "/java-17-openjdk-amd64"


def test_debian_link_is_used_when_the_directory_is_not_listed_by_name():
    host = Host().jdk("java-17-openjdk-arm64").link("java-1.17.0-openjdk-arm64", "java-17-openjdk-arm64")
    files = [f for f in host.find_files() if f["path"] != JVM + "/java-17-openjdk-arm64"]
    choice = choose_java_home(files, host.stat_results(), feature=17)
    assert choice["path"] == JVM + "/java-1.17.0-openjdk-arm64"


def test_links_without_a_stat_result_are_not_used():
    host = el9()
    choice = choose_java_home(host.find_files(), [], feature=17)
    assert choice["path"] == JVM + "/" + NEW
    assert choice["stable"] is False
    assert all("unknown" in s["reason"] for s in choice["skipped"])


def test_empty_or_missing_listing():
    assert choose_java_home([], [], feature=17)["path"] == ""
    assert choose_java_home(None, None, feature=17)["path"] == ""


def test_skipped_loop_items_and_plain_stat_dicts_are_accepted():
    host = el9()
    results = host.stat_results() + [{"skipped": True, "item": "/x"}]
    plain = [r["stat"] for r in host.stat_results() if r["stat"]["exists"]]
    assert choose_java_home(host.find_files(), results, feature=17)["path"] == JVM + "/jre-17-openjdk"
    assert choose_java_home(host.find_files(), plain, feature=17)["path"] == JVM + "/jre-17-openjdk"


def test_other_roots_and_alternatives_dirs():
    files = [{"path": "/opt/jvm/java-17-openjdk-17.0.13.0.11-3.el9.x86_64", "isdir": True},
             {"path": "/opt/jvm/java-17-openjdk-17.0.13.0.11-3.el9.x86_64/bin/java"},
             {"path": "/opt/jvm/jre-17", "islnk": True}]
    target = "/opt/jvm/java-17-openjdk-17.0.13.0.11-3.el9.x86_64"
    links = [{"item": "/opt/jvm/jre-17", "stat": {"exists": True, "islnk": True, "lnk_source": target}},
             {"item": "/opt/alt/jre_17", "stat": {"exists": True, "islnk": True, "lnk_source": target}}]
    choice = choose_java_home(files, links, feature=17, root="/opt/jvm/", alternatives="/opt/alt")
    assert choice["path"] == "/opt/jvm/jre-17"
    del files[2]
    del links[0]
    choice = choose_java_home(files, links, feature=17, root="/opt/jvm", alternatives="/opt/alt")
    assert choice["path"] == "/opt/alt/jre_17"


def test_parse_listing_ignores_deeper_entries_and_directories_named_java():
    files = [{"path": JVM + "/" + NEW, "isdir": True},
             {"path": JVM + "/" + NEW + "/bin/java", "isdir": True},  # a directory named java is no runtime
             {"path": JVM + "/" + NEW + "/lib/jrt-fs.jar"},
             {"path": JVM + "/" + NEW + "/legal/java.base", "isdir": True}]
    entries, homes = parse_listing(files)
    assert list(entries) == [JVM + "/" + NEW]
    assert homes == set()


@pytest.mark.parametrize("bad", ["a string", {"files": []}, 17])
def test_bad_listing_is_a_clear_error(bad):
    with pytest.raises(JavaHomeError, match="find"):
        choose_java_home(bad)


def test_bad_entries_and_arguments():
    with pytest.raises(JavaHomeError, match="path"):
        choose_java_home([{"name": "x"}])
    with pytest.raises(JavaHomeError, match="feature"):
        choose_java_home([], feature="seventeen")
    with pytest.raises(JavaHomeError, match="java"):
        choose_java_home([], java=["/usr/bin/java"])


def test_filter_plugin_wraps_errors_and_is_registered():
    assert FilterModule().filters()["java_home"] is java_home
    assert java_home(el9().find_files(), el9().stat_results(), 17)["path"] == JVM + "/jre-17-openjdk"
    assert java_home(debian12().find_files(), debian12().stat_results(), 17, java="")["path"].endswith("amd64")
    with pytest.raises(AnsibleFilterError, match="java_home: "):
        java_home("not a list")


# --- hostile names (issue 23) ---------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["\n", "\r\n", "\t", "\x00", "\x85", "\u2028"])
def test_a_name_with_a_trailing_control_character_is_no_candidate(suffix):
    host = Host().jdk(NEW).link("jre-17" + suffix, NEW).link("jre-17-openjdk" + suffix, NEW)
    host.link("java-17-openjdk" + suffix, NEW)
    chosen = host.choose(feature=17)
    assert chosen["path"] == JVM + "/" + NEW and chosen["stable"] is False
    assert not any(suffix in s["path"] for s in chosen["skipped"])
    host = Host().jdk(NEW + suffix).jdk("java-17-openjdk-amd64" + suffix)
    assert host.choose(feature=17)["path"] == ""


@pytest.mark.parametrize("digits", ["\u0661\u0667", "\uff11\uff17"])
def test_a_feature_release_in_unicode_digits_is_no_candidate(digits):
    host = Host().jdk(NEW).link("jre-" + digits, NEW)
    chosen = host.choose()
    assert chosen["path"] == JVM + "/" + NEW


def test_a_link_to_a_runtime_with_a_line_break_is_refused():
    host = Host().jdk(NEW + "\n").link("jre-17", NEW + "\n")
    chosen = host.choose(feature=17)
    assert chosen["path"] == "" and chosen["skipped"][0]["path"] == JVM + "/jre-17"
    assert "control character" in chosen["skipped"][0]["reason"] and "\n" not in chosen["skipped"][0]["reason"]


@pytest.mark.parametrize("kwargs, needle", [(dict(root=17), "root must be a directory path"),
                                            (dict(alternatives=None), "alternatives must be"),
                                            (dict(root="/usr/lib/jvm\n"), "root must be"),
                                            (dict(links="x"), "links must be")])
def test_arguments_of_the_wrong_type_are_a_filter_error(kwargs, needle):
    with pytest.raises(AnsibleFilterError, match="java_home: " + needle):
        java_home(el9().find_files(), **dict(dict(links=el9().stat_results()), **kwargs))
