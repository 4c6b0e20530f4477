# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise: its functions and
# data shapes may change in any release. Use the webtier.tomcat_cluster.java_default filter instead.

"""The Java feature release the ``openjdk`` role installs when ``openjdk_version`` is not set.

The rule, written once: the newest LTS release (:data:`LTS_RELEASES`) that

* the host's distribution ships as a supported JRE package (the list of the role's OS variables,
  ``__openjdk_lts_majors`` of ``roles/openjdk/vars/<platform>.yml``, each with its provenance), and
* every Tomcat line in use runs on (:data:`TOMCAT_JAVA`: the oldest Java release of the line, from the
  Tomcat project's "which version" table, and the newest one the collection runs it on).

Releases that are not LTS are never chosen, even when the distribution ships them.
"""

from __future__ import annotations

import re

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError

# Java LTS feature releases, oldest first.
LTS_RELEASES = (8, 11, 17, 21, 25)

# Tomcat line -> (oldest Java feature release it runs on, newest one the collection runs it on).
# Oldest: tomcat.apache.org/whichversion.html (9.0: 8 and later, 10.1: 11 and later, 11.0: 17 and later).
# Newest: 21 for every line (the newest release the collection's tests run Tomcat on); raise it here, once, when
# a newer Java is tested.
TOMCAT_JAVA = {
    "9.0": (8, 21),
    "10.1": (11, 21),
    "11.0": (17, 21),
}

_LINE_RE = re.compile(r"^([0-9]+)\.([0-9]+)(?:\.[0-9]+)?$")


class JavaDefaultError(WebtierError, ValueError):
    """No LTS release fits, or input of the wrong shape."""


def tomcat_line(version):
    """``'9.0'`` for ``'9.0.109'`` (or ``'9.0'``); JavaDefaultError for anything else."""
    text = str(version).strip()
    match = _LINE_RE.match(text)
    if not match:
        raise JavaDefaultError("%r is not a Tomcat release (<major>.<minor>.<patch>, e.g. 10.1.40)" % (version,))
    return "%d.%d" % (int(match.group(1)), int(match.group(2)))


def _major(value):
    if isinstance(value, bool):
        raise JavaDefaultError("%r is not a Java feature release" % (value,))
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text.isdigit():
        raise JavaDefaultError("%r is not a Java feature release (a number such as 17)" % (value,))
    return int(text)


def _known_line(version):
    """The line of ``version`` when it is a release (or a line) of :data:`TOMCAT_JAVA`, else None."""
    if not str(version).strip():
        return None
    try:
        line = tomcat_line(version)
    except JavaDefaultError:
        return None
    return line if line in TOMCAT_JAVA else None


def java_range(tomcat_versions=None):
    """``(lines, oldest, newest)``: the Tomcat lines of ``tomcat_versions`` (releases or lines; none, or none of a
    known line: every line of :data:`TOMCAT_JAVA`) and the Java releases all of them run on."""
    if tomcat_versions is None:
        tomcat_versions = []
    if isinstance(tomcat_versions, (str, bytes)) or not isinstance(tomcat_versions, (list, tuple, set, frozenset)):
        raise JavaDefaultError("the Tomcat releases must be a list, got %s" % type(tomcat_versions).__name__)
    # A release of a line not in the table, or not a release at all, is left out: the tomcat role refuses it by name
    # ("Unsupported Tomcat release ..."), before it changes anything, with the variable it came from.
    lines = sorted({line for line in map(_known_line, tomcat_versions) if line},
                   key=lambda l: tuple(map(int, l.split("."))))
    if not lines:
        lines = sorted(TOMCAT_JAVA, key=lambda l: tuple(map(int, l.split("."))))
    oldest = max(TOMCAT_JAVA[line][0] for line in lines)
    newest = min(TOMCAT_JAVA[line][1] for line in lines)
    return lines, oldest, newest


def default_java_version(shipped, tomcat_versions=None):
    """The newest LTS release in ``shipped`` (the Java feature releases the distribution ships as supported JRE
    packages) that every Tomcat line of ``tomcat_versions`` runs on (none given: every line of :data:`TOMCAT_JAVA`).

    Raises JavaDefaultError when none fits (the message says what the distribution ships and what Tomcat needs).
    """
    if shipped is None:
        raise JavaDefaultError("the Java releases this distribution ships are not known (no OS variables list them): "
                               "set openjdk_version")
    if isinstance(shipped, (str, bytes)) or not isinstance(shipped, (list, tuple, set, frozenset)):
        raise JavaDefaultError("the distribution's Java releases must be a list, got %s" % type(shipped).__name__)
    majors = sorted({_major(v) for v in shipped})
    lines, oldest, newest = java_range(tomcat_versions)
    fitting = [m for m in majors if m in LTS_RELEASES and oldest <= m <= newest]
    if not fitting:
        lts = [m for m in majors if m in LTS_RELEASES]
        raise JavaDefaultError(
            "no Java LTS release fits: the distribution ships %s, Tomcat %s needs Java %d to %d; set openjdk_version"
            % ("LTS " + ", ".join(map(str, lts)) if lts else "no LTS release", " and ".join(lines), oldest, newest))
    return fitting[-1]
