# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The default Java release rule (plugins/module_utils/_java_default.py) and its filter (java_default)."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.filter.java_default import FilterModule, java_default
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_default import (
    LTS_RELEASES,
    TOMCAT_JAVA,
    JavaDefaultError,
    default_java_version,
    java_range,
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
