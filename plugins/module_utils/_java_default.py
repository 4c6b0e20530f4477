# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise: its functions and
# data shapes may change in any release. Use the webtier.tomcat_cluster.java_default filter instead.

"""The Tomcat lines the collection supports, the Java each one runs on, and the two rules that read them.

:data:`TOMCAT_JAVA` is the one table of the supported Tomcat lines (9.0, 10.1, 11.0) and their Java range: the
tomcat role's checks (:func:`tomcat_java_problems`, filter ``tomcat_java_problems``), the default Java of the
``openjdk`` role (:func:`default_java_version`, filter ``java_default``) and the lines the XML edits know
(``_tomcat_lines.LINES``) all read it.

The Java feature release the ``openjdk`` role installs when ``openjdk_version`` is not set, the rule written once:
the newest LTS release (:data:`LTS_RELEASES`) that

* the host's distribution ships as a supported JRE package (the list of the role's OS variables,
  ``__openjdk_lts_majors`` of ``roles/openjdk/vars/<platform>.yml``, each with its provenance), and
* every Tomcat line in use runs on (:data:`TOMCAT_JAVA`: the oldest Java release of the line, from the
  Tomcat project's "which version" table, and the newest one the collection runs it on).

Releases that are not LTS are never chosen, even when the distribution ships them.
"""

from __future__ import annotations

import re

from collections.abc import Mapping

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError

# Java LTS feature releases, oldest first.
LTS_RELEASES = (8, 11, 17, 21, 25)

# The supported Tomcat lines, oldest first: line -> (oldest Java feature release it runs on, newest one the collection
# runs it on). Add a line here, once, and every rule above follows.
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


# `openjdk version "17.0.13"`, `openjdk version "1.8.0_392"` (Java 8 and older: the feature release is the 2nd field)
_JAVA_VERSION_RE = re.compile(r'version "(?:1\.)?([0-9]+)')


def _line_key(line):
    return tuple(int(part) for part in line.split("."))


def _release_of_a_line(version):
    """Whether ``version`` is a full release (<line>.<patch>) of a line of :data:`TOMCAT_JAVA`."""
    head, dot, patch = str(version).rpartition(".")
    return bool(dot) and head in TOMCAT_JAVA and patch.isdigit() and patch.isascii()


def java_feature(output):
    """The Java feature release that ``java -version`` printed in ``output`` (its stderr), 0 when none shows."""
    match = _JAVA_VERSION_RE.search(output or "")
    return int(match.group(1)) if match else 0


def tomcat_java_problems(versions, java_result=None, java_home="", check_mode=False):
    """The problems of a host's Tomcat releases and of its Java, in the words of the tomcat role (none: ``[]``).

    ``versions``: the host's Tomcat releases (its instances' and ``tomcat_extra_versions``). Each must be a full
    release of a line of :data:`TOMCAT_JAVA` (``10.1.60``, not ``10.1`` nor ``10.0.27``); when one is not, that is
    the only problem. ``java_result``: the registered result of ``<java_home>/bin/java -version`` (``rc``,
    ``stderr``, ``msg``; None: the releases only). Its Java must be at least the newest of the oldest Java releases
    of the lines in use; a Java that is missing or does not run is a problem unless ``check_mode`` (a new host in
    check mode: the openjdk role would install it).
    """
    if isinstance(versions, (str, bytes)) or not isinstance(versions, (list, tuple)):
        raise JavaDefaultError("the Tomcat releases must be a list, got %s" % type(versions).__name__)
    if java_result is not None and not isinstance(java_result, Mapping):
        raise JavaDefaultError("the result of java -version must be a dictionary, got %s" % type(java_result).__name__)
    bad = [str(v) for v in versions if not _release_of_a_line(v)]
    if bad:
        lines = sorted(TOMCAT_JAVA, key=_line_key)
        return ["Unsupported Tomcat release %s (tomcat_version, an instance's version or tomcat_extra_versions): "
                "give a full release of a supported line, %s (e.g. 9.0.109, 10.1.60, 11.0.22)."
                % (", ".join(bad), " or ".join(line + ".x" for line in lines))]
    if java_result is None or not versions:
        return []
    used = []
    for version in versions:
        line = str(version).rpartition(".")[0]
        if line not in used:
            used.append(line)
    required = max(TOMCAT_JAVA[line][0] for line in used)
    rc = java_result.get("rc", 1)
    if rc == 0:
        feature = java_feature(java_result.get("stderr"))
        if feature >= required:
            return []
        found = "is Java %d" % feature
    elif check_mode:
        return []
    else:
        found = "is missing or does not run: %s" % re.sub(r"[.]$", "", str(java_result.get("msg") or "").strip())
    return ["Tomcat %s needs Java %d or newer; %s/bin/java %s. Run the openjdk role first (its default Java suits the "
            "lines in use) or point tomcat_java_home at a newer JDK/JRE."
            % (" and ".join(used), required, java_home, found)]
