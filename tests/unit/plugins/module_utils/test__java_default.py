# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The table of the supported Tomcat lines and their Java (plugins/module_utils/_java_default.py), the default Java
release rule and the tomcat role's checks of its releases and Java, and their filters (java_default,
tomcat_java_problems)."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.filter import tomcat_java_problems as problems_filter
from ansible_collections.webtier.tomcat_cluster.plugins.filter.java_default import FilterModule, java_default
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _tomcat_lines
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_default import (
    LTS_RELEASES,
    TOMCAT_JAVA,
    JavaDefaultError,
    default_java_version,
    java_feature,
    java_range,
    tomcat_java_problems,
    tomcat_line,
)


@pytest.mark.parametrize("shipped, versions, expected", [
    # the platforms of the role's OS variables
    ([17], None, 17),                       # Debian 12
    ([21, 25], None, 21),                   # Debian 13: 25 is beyond every Tomcat line's newest Java
    ([8, 11, 17, 21], None, 21),            # EL9
    # the lines in use narrow the range from below
    ([8, 11], ["9.0.109"], 11),
    ([8, 11], ["9.0.109", "10.1.40"], 11),
    ([8, 11, 17], ["11.0.22"], 17),
    ([11, 17, 21, 25], ["9.0.109", "10.1.40", "11.0.22"], 21),
    # releases that are not LTS are never chosen, duplicates and order do not matter
    ([21, 22, 23, 24], None, 21),
    ([25, 21, 21], [], 21),
    (("17", "21"), ("10.1",), 21),
    ({11, 17}, ["", "9.0.109"], 17),
])
def test_the_newest_lts_release_that_every_line_runs_on(shipped, versions, expected):
    assert default_java_version(shipped, versions) == expected
    assert java_default(shipped, versions) == expected


@pytest.mark.parametrize("shipped, versions, words", [
    ([8], ["10.1.40"], ["LTS 8", "Tomcat 10.1 needs Java 11 to 21", "openjdk_version"]),
    ([8, 11], ["9.0.1", "11.0.22"], ["Tomcat 9.0 and 11.0 needs Java 17 to 21"]),
    ([25], None, ["LTS 25", "Java 17 to 21"]),
    ([22, 24], None, ["no LTS release"]),
    ([], None, ["no LTS release"]),
])
def test_no_fitting_release_says_why(shipped, versions, words):
    with pytest.raises(JavaDefaultError) as info:
        default_java_version(shipped, versions)
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize("shipped, versions", [
    (None, None),
    ("17", None),
    (17, None),
    ([True], None),
    (["seventeen"], None),
    ([17], "10.1.40"),
])
def test_bad_input_is_refused(shipped, versions):
    with pytest.raises(JavaDefaultError):
        default_java_version(shipped, versions)
    with pytest.raises(AnsibleFilterError, match="^java_default: "):
        java_default(shipped, versions)


@pytest.mark.parametrize("versions, expected", [
    (["8.5.100"], 21), (["10"], 21), (["10.1.x"], 21), (["10.0.27"], 21), (["10.0.27", "9.0.109"], 21),
    (["12.0.1", "11.0.22"], 21),
])
def test_releases_of_unknown_lines_are_left_to_the_tomcat_role(versions, expected):
    """Not a release of a known line: left out (every line counts when none is left); the tomcat role refuses it
    by name before it changes anything (molecule tomcat10's refusal test)."""
    assert default_java_version([8, 11, 17, 21, 25], versions) == expected
    assert java_range(versions)[0] == java_range([v for v in versions if v in ("9.0.109", "11.0.22")])[0]


def test_unset_releases_is_the_distribution_question():
    with pytest.raises(JavaDefaultError, match="set openjdk_version"):
        default_java_version(None)


@pytest.mark.parametrize("version, line", [
    ("9.0.109", "9.0"), ("10.1", "10.1"), (" 11.0.22 ", "11.0"), (10.1, "10.1"), ("09.0.1", "9.0"),
])
def test_tomcat_line(version, line):
    assert tomcat_line(version) == line


def test_java_range_of_every_line_and_of_none():
    assert java_range(None) == (["9.0", "10.1", "11.0"], 17, 21)
    assert java_range([]) == java_range(None)
    assert java_range(["9.0.109"]) == (["9.0"], 8, 21)
    assert java_range(["10.1.40", "9.0.1"]) == (["9.0", "10.1"], 11, 21)


def test_the_table_is_consistent():
    """Each line's range is ordered and holds an LTS release; the oldest Java of each line is the Tomcat project's."""
    assert {line: low for line, (low, high) in TOMCAT_JAVA.items()} == {"9.0": 8, "10.1": 11, "11.0": 17}
    for low, high in TOMCAT_JAVA.values():
        assert low <= high
        assert any(low <= lts <= high for lts in LTS_RELEASES)
    assert list(LTS_RELEASES) == sorted(LTS_RELEASES)


def test_the_filter_is_registered():
    assert FilterModule().filters() == {"java_default": java_default}


def test_the_xml_edits_know_the_lines_of_the_table():
    assert _tomcat_lines.LINES == ("9.0", "10.1", "11.0") == tuple(TOMCAT_JAVA)


# --- the tomcat role's checks (tasks/version.yml): the messages are the role's, word for word ---------------------

UNSUPPORTED = ("Unsupported Tomcat release %s (tomcat_version, an instance's version or tomcat_extra_versions): give a "
               "full release of a supported line, 9.0.x or 10.1.x or 11.0.x (e.g. 9.0.109, 10.1.60, 11.0.22).")
ADVICE = ("Run the openjdk role first (its default Java suits the lines in use) or point tomcat_java_home at a newer "
          "JDK/JRE.")


def _java(feature_text, rc=0):
    return {"rc": rc, "stderr": 'openjdk version "%s" 2024-10-15\nOpenJDK Runtime Environment' % feature_text}


@pytest.mark.parametrize("versions, bad", [
    (["10.0.27"], "10.0.27"),
    (["10.1"], "10.1"),
    (["10.1.60", "8.5.100", "11", "11.0.x", "09.0.1", "10.1.60.1"], "8.5.100, 11, 11.0.x, 09.0.1, 10.1.60.1"),
    ([" 10.1.60"], " 10.1.60"),
])
def test_a_release_of_no_supported_line_is_the_only_problem(versions, bad):
    expected = [UNSUPPORTED % bad]
    assert tomcat_java_problems(versions) == expected
    # whatever the Java: it is not read before the releases are right
    assert tomcat_java_problems(versions, _java("1.8.0_392"), "/opt/jdk8") == expected
    assert problems_filter.tomcat_java_problems(versions) == expected


@pytest.mark.parametrize("versions, java, required", [
    (["9.0.109"], "1.8.0_392", 8),
    (["10.1.60"], "11.0.25", 11),
    (["10.1.60", "9.0.109"], "17.0.13", 11),
    (["11.0.22", "10.1.60"], "21.0.5", 17),
    (["11.0.22"], "25", 17),
])
def test_a_java_recent_enough_is_no_problem(versions, java, required):
    assert tomcat_java_problems(versions) == []
    assert tomcat_java_problems(versions, _java(java), "/usr/lib/jvm/jre") == []
    assert max(TOMCAT_JAVA[v.rsplit(".", 1)[0]][0] for v in versions) == required


@pytest.mark.parametrize("versions, stderr, expected", [
    (["10.1.60"], 'openjdk version "1.8.0_392"',
     "Tomcat 10.1 needs Java 11 or newer; /opt/fake-java8/bin/java is Java 8. "),
    (["10.1.60", "9.0.109", "11.0.22", "10.1.61"], 'openjdk version "11.0.25"',
     "Tomcat 10.1 and 9.0 and 11.0 needs Java 17 or newer; /opt/fake-java8/bin/java is Java 11. "),
    (["11.0.22"], "no version here", "Tomcat 11.0 needs Java 17 or newer; /opt/fake-java8/bin/java is Java 0. "),
])
def test_an_old_java_is_refused_naming_the_lines_and_the_java(versions, stderr, expected):
    result = {"rc": 0, "stderr": stderr}
    assert tomcat_java_problems(versions, result, "/opt/fake-java8") == [expected + ADVICE]
    # check mode does not excuse a Java that runs
    assert tomcat_java_problems(versions, result, "/opt/fake-java8", check_mode=True) == [expected + ADVICE]


@pytest.mark.parametrize("result, found", [
    ({"rc": 2, "msg": "[Errno 2] No such file or directory: b'/opt/no-java/bin/java'"},
     "is missing or does not run: [Errno 2] No such file or directory: b'/opt/no-java/bin/java'"),
    ({"rc": 1, "msg": " non-zero return code. \n"}, "is missing or does not run: non-zero return code"),
    ({}, "is missing or does not run: "),
])
def test_a_missing_java_is_refused_except_in_check_mode(result, found):
    expected = "Tomcat 10.1 needs Java 11 or newer; /opt/no-java/bin/java %s. %s" % (found, ADVICE)
    assert tomcat_java_problems(["10.1.60"], result, "/opt/no-java") == [expected]
    # a new host in check mode: no Java yet, the openjdk role would install it
    assert tomcat_java_problems(["10.1.60"], result, "/opt/no-java", check_mode=True) == []


@pytest.mark.parametrize("stderr, feature", [
    ('openjdk version "17.0.13" 2024-10-15', 17),
    ('openjdk version "1.8.0_392"', 8),
    ('java version "21" 2023-09-19 LTS', 21),
    ('openjdk version "25-ea"', 25),
    ("", 0),
    (None, 0),
])
def test_java_feature(stderr, feature):
    assert java_feature(stderr) == feature


@pytest.mark.parametrize("versions, result", [
    ("10.1.60", None),
    (None, None),
    (["10.1.60"], "rc=0"),
])
def test_the_problems_filter_refuses_bad_input(versions, result):
    with pytest.raises(JavaDefaultError):
        tomcat_java_problems(versions, result)
    with pytest.raises(AnsibleFilterError, match="^tomcat_java_problems: "):
        problems_filter.tomcat_java_problems(versions, result)


def test_the_problems_filter_is_registered():
    filters = problems_filter.FilterModule().filters()
    assert filters == {"tomcat_java_problems": problems_filter.tomcat_java_problems}
