# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The java_home_info module through its real main() on real EL9- and Debian-like trees under tmp_path:
the same choice as the java_home filter on what find + stat report, in one call."""

from __future__ import annotations

import os

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.filter.java_home import java_home as java_home_filter
from ansible_collections.webtier.tomcat_cluster.plugins.modules import java_home_info
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.module_runner import run_module, warning_messages
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import check_module_documentation, merged_documentation

VER = "17.0.13.0.11-3.el9.x86_64"
NEW = "java-17-openjdk-" + VER
FAST = NEW + "-fastdebug"
DEB = "java-17-openjdk-amd64"


@pytest.fixture
def dirs(tmp_path):
    base = os.path.realpath(str(tmp_path))
    root, alt = os.path.join(base, "usr/lib/jvm"), os.path.join(base, "etc/alternatives")
    os.makedirs(root)
    os.makedirs(alt)
    return root, alt


def jdk(root, name):
    os.makedirs(os.path.join(root, name, "bin"))
    os.makedirs(os.path.join(root, name, "lib"))
    for rel in ("bin/java", "lib/jrt-fs.jar"):
        with open(os.path.join(root, name, rel), "w") as handle:
            handle.write("x")


def el9(root, alt):
    jdk(root, NEW)
    jdk(root, FAST)
    os.symlink(os.path.join(root, NEW), os.path.join(root, "jre-17-openjdk-" + VER))
    os.symlink(os.path.join(root, FAST), os.path.join(root, "jre-17-openjdk-" + VER + "-fastdebug"))
    os.symlink(os.path.join(root, NEW), os.path.join(alt, "jre_17"))
    os.symlink(os.path.join(alt, "jre_17"), os.path.join(root, "jre-17"))
    os.symlink(os.path.join(root, "jre-17-openjdk-" + VER), os.path.join(alt, "jre_17_openjdk"))
    os.symlink(os.path.join(alt, "jre_17_openjdk"), os.path.join(root, "jre-17-openjdk"))
    # by hand: what the role's find (depth 3, java/java-*/jre/jre-*) and stat loop report
    files = [{"path": os.path.join(root, d), "isdir": True, "islnk": False} for d in (NEW, FAST)]
    files += [{"path": os.path.join(root, d, "bin/java"), "isdir": False, "islnk": False} for d in (NEW, FAST)]
    targets = {"jre-17": NEW, "jre-17-openjdk": NEW, "jre-17-openjdk-" + VER: NEW, "jre-17-openjdk-" + VER + "-fastdebug": FAST}
    files += [{"path": os.path.join(root, n), "isdir": False, "islnk": True} for n in targets]
    links = [{"item": os.path.join(root, n), "stat": {"exists": True, "islnk": True, "lnk_source": os.path.join(root, t)}}
             for n, t in targets.items()]
    links.append({"item": os.path.join(alt, "jre_17"),
                  "stat": {"exists": True, "islnk": True, "lnk_source": os.path.join(root, NEW)}})
    return files, links


def debian(root, alt):
    jdk(root, DEB)
    os.symlink(DEB, os.path.join(root, "java-1.17.0-openjdk-amd64"))
    os.symlink("java-1.17.0-openjdk-amd64", os.path.join(root, "default-java"))
    files = [{"path": os.path.join(root, DEB), "isdir": True, "islnk": False},
             {"path": os.path.join(root, DEB, "bin/java"), "isdir": False, "islnk": False},
             {"path": os.path.join(root, "java-1.17.0-openjdk-amd64"), "isdir": False, "islnk": True}]
    links = [{"item": os.path.join(root, "java-1.17.0-openjdk-amd64"),
              "stat": {"exists": True, "islnk": True, "lnk_source": os.path.join(root, DEB)}},
             {"item": os.path.join(alt, "jre_17"), "stat": {"exists": False}}]
    return files, links


def run(dirs, capsys, check=False, **extra):
    root, alt = dirs
    args = dict(version=17, root=root, alternatives=alt, _ansible_check_mode=check)
    args.update(extra)
    return run_module(java_home_info, args, capsys)


def test_documentation_matches_argument_spec(monkeypatch):
    dummy, ret, dummy = check_module_documentation(monkeypatch, java_home_info, {'java_home'}, every_example=False)
    doc = merged_documentation(java_home_info)
    assert doc['attributes']['check_mode']['support'] == 'full' and doc['attributes']['diff_mode']['support'] == 'none'
    assert doc['attributes']['platform']['platforms'] == 'posix'
    assert set(ret['java_home']['contains']) == {'path', 'resolved', 'feature', 'kind', 'stable', 'skipped'}


@pytest.mark.parametrize("layout, path, kind", [
    (el9, "jre-17-openjdk", "alternatives link jre_17_openjdk"),
    (debian, DEB, "Debian runtime directory"),
])
@pytest.mark.parametrize("check", [False, True])
def test_same_choice_as_the_filter_on_find_and_stat(dirs, capsys, layout, path, kind, check):
    root, alt = dirs
    files, links = layout(root, alt)
    result = run(dirs, capsys, check=check)
    assert result['_rc'] == 0 and result['changed'] is False and 'failed' not in result
    assert result['java_home'] == java_home_filter(files, links, 17, root=root, alternatives=alt)
    assert result['java_home']['path'] == os.path.join(root, path)
    assert result['java_home']['kind'] == kind and result['java_home']['stable'] is True
    assert result['java_home']['feature'] == 17


def test_el9_debug_build_behind_jre_17_and_the_system_java(dirs, capsys):
    root, alt = dirs
    el9(root, alt)
    os.unlink(os.path.join(alt, "jre_17"))
    os.symlink(os.path.join(root, FAST), os.path.join(alt, "jre_17"))
    choice = run(dirs, capsys)['java_home']
    assert choice['path'] == os.path.join(root, "jre-17-openjdk") and choice['resolved'] == os.path.join(root, NEW)
    assert any(s['path'] == os.path.join(root, "jre-17") and 'debug' in s['reason'] for s in choice['skipped'])
    assert run(dirs, capsys, java=os.path.join(root, NEW, "bin/java"))['java_home']['path'] == os.path.join(root, "jre-17-openjdk")
    assert run(dirs, capsys, java=os.path.join(root, FAST, "bin/java"))['java_home']['path'] == ''


def test_another_version_finds_nothing(dirs, capsys):
    el9(*dirs)
    result = run(dirs, capsys, version=21)
    assert result['_rc'] == 0 and result['java_home']['path'] == '' and result['java_home']['feature'] == 21


def test_missing_root_is_no_error(dirs, capsys):
    root, dummy = dirs
    os.rmdir(root)
    result = run(dirs, capsys)
    assert result['_rc'] == 0 and 'failed' not in result
    assert result['java_home'] == {'path': '', 'resolved': '', 'feature': 17, 'kind': '', 'stable': False, 'skipped': []}


def test_dangling_link_and_link_loop_are_refused(dirs, capsys):
    root, alt = dirs
    jdk(root, NEW)
    os.symlink(os.path.join(root, "jre-17-openjdk-gone"), os.path.join(root, "jre-17-openjdk"))
    os.symlink(os.path.join(alt, "jre_17"), os.path.join(root, "jre-17"))
    os.symlink(os.path.join(root, "jre-17"), os.path.join(alt, "jre_17"))
    result = run(dirs, capsys)
    assert result['_rc'] == 0
    choice = result['java_home']
    assert choice['path'] == os.path.join(root, NEW) and choice['stable'] is False
    assert {s['path'] for s in choice['skipped']} == {os.path.join(root, n) for n in ("jre-17-openjdk", "jre-17")} | {
        os.path.join(alt, "jre_17")}


def test_unreadable_alternatives_path_fails_in_one_line(dirs, capsys):
    root, dummy = dirs
    jdk(root, NEW)
    result = run(dirs, capsys, alternatives=os.path.join(root, NEW, "bin/java"))
    assert result['_rc'] == 1 and result['failed'] is True
    assert result['msg'].startswith('java_home_info: cannot read ') and 'Not a directory' in result['msg']
    assert '\n' not in result['msg'] and 'Traceback' not in result['msg']


def test_version_must_be_an_int(dirs, capsys):
    result = run(dirs, capsys, version='seventeen')
    assert result['_rc'] == 1 and 'version' in result['msg'] and 'Traceback' not in result['msg']


# --- hostile names (issue 23) ---------------------------------------------------------------------------------

def all_text(value):
    """Every string in a result (keys too)."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in [k] + all_text(v)]
    if isinstance(value, list):
        return [t for v in value for t in all_text(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("suffix", ["\n", "\r", "\t", "\x1b", "\u2028"])
def test_a_link_named_jre_17_and_a_newline_is_not_the_jre_17_link(dirs, capsys, suffix):
    root, alt = dirs
    jdk(root, NEW)
    os.symlink(os.path.join(root, NEW), os.path.join(root, "jre-17" + suffix))
    java_home = run(dirs, capsys)["java_home"]
    assert java_home["path"] == os.path.join(root, NEW) and java_home["stable"] is False
    assert java_home["kind"].startswith("versioned runtime directory")


@pytest.mark.parametrize("suffix", ["\n", "\t"])
def test_a_runtime_directory_with_a_control_character_is_never_chosen(dirs, capsys, suffix):
    root, alt = dirs
    jdk(root, NEW + suffix)
    assert run(dirs, capsys)["java_home"]["path"] == ""
    os.symlink(os.path.join(root, NEW + suffix), os.path.join(root, "jre-17"))
    java_home = run(dirs, capsys)["java_home"]
    assert java_home["path"] == "" and java_home["resolved"] == ""
    assert [s["path"] for s in java_home["skipped"]] == [os.path.join(root, "jre-17")]
    assert "control character" in java_home["skipped"][0]["reason"] and suffix not in java_home["skipped"][0]["reason"]


def test_names_that_are_not_utf8_are_skipped_with_a_warning(dirs, capsys):
    root, alt = dirs
    bad = os.fsencode(root) + b"/java-17-openjdk-17.0.99.0.1-1.el9.x86_64\xff"
    os.makedirs(bad + b"/bin")
    with open(bad + b"/bin/java", "w") as handle:
        handle.write("x")
    os.symlink(bad, os.fsencode(root) + b"/jre-17-openjdk")
    os.symlink(bad, os.fsencode(alt) + b"/jre_17")
    os.symlink(bad, os.fsencode(root) + b"/jre-17-\xfe")
    jdk(root, NEW)
    result = run(dirs, capsys)
    assert result["_rc"] == 0 and "failed" not in result
    java_home = result["java_home"]
    assert java_home["path"] == os.path.join(root, NEW) and java_home["stable"] is False
    for text in all_text(result):
        text.encode("utf-8")                       # no lone surrogate anywhere: Ansible can return it
    warnings = [w for w in warning_messages(result) if "not valid UTF-8" in w]
    assert any("java-17-openjdk-17.0.99.0.1-1.el9.x86_64\\udcff" in w for w in warnings), warnings
    assert any("jre-17-\\udcfe" in w for w in warnings), warnings
    assert any("the target of the link %s/jre-17-openjdk" % root in w for w in warnings), warnings
    assert any("the target of the link %s/jre_17" % alt in w for w in warnings), warnings


@pytest.mark.parametrize("option", ["root", "alternatives", "java"])
def test_a_nul_byte_in_a_path_option_fails_cleanly(dirs, capsys, option):
    root, alt = dirs
    values = dict(root=root, alternatives=alt, java=os.path.join(root, NEW, "bin/java"))
    result = run(dirs, capsys, **{option: values[option] + "\x00x"})
    assert result["_rc"] == 1 and result["msg"].startswith("java_home_info: %s " % option)
    assert "NUL byte" in result["msg"] and "exception" not in result
