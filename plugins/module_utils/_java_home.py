# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise: its functions and
# data shapes may change in any release. Use the webtier.tomcat_cluster.java_home filter instead.

"""Choose a JAVA_HOME under /usr/lib/jvm that survives Java updates.

Behind the ``webtier.tomcat_cluster.java_home`` filter (used by the ``openjdk`` role). What the
choice relies on:

* **EL9** (``java-17-openjdk`` spec of el9, ``alternatives_java_install``): the runtime lives in
  ``/usr/lib/jvm/java-17-openjdk-<version>-<release>.<arch>``, a directory that changes with every
  update (the old one is deleted by ``dnf update``). The package registers stable alternatives links:
  ``/usr/lib/jvm/jre-17-openjdk`` (``jre_17_openjdk``), ``/usr/lib/jvm/jre-17`` (``jre_17``, through
  ``/etc/alternatives/jre_17``, which JWS uses) and, with ``-devel``, ``/usr/lib/jvm/java-17-openjdk``
  (``java_sdk_17_openjdk``). The ``-fastdebug``/``-slowdebug`` builds register the same links (the
  fastdebug build with the *same* priority), so a link is only taken when it resolves to a release
  build.
* **Debian**: ``/usr/lib/jvm/java-17-openjdk-<debian arch>`` is the package's own directory and does not
  change across updates (``java-1.17.0-openjdk-<arch>`` is a link to it).

Entries are what ``ansible.builtin.find`` (``file_type: any``, ``depth: 3``) reports for
``/usr/lib/jvm`` plus ``ansible.builtin.stat`` results of the links among them (``lnk_source`` is the
resolved path). A runtime directory is one that holds ``bin/java`` in that listing.

:func:`scan_jvm_root` builds the same two lists on the host itself (behind the
``webtier.tomcat_cluster.java_home_info`` module): one module call instead of a find and a stat per link.

Names are matched with the collection's shared checks (``_validation.NamePattern``: the whole name, ASCII,
no control character), so ``jre-17`` followed by a newline is not the ``jre-17`` link, and a runtime whose
path holds a control character is never chosen. On the host, an entry whose name is not valid UTF-8 is
skipped with a warning (Ansible cannot return such a name).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import posixpath
import re
import stat

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import (
    NamePattern, has_control_chars, is_utf8,
)

JVM_ROOT = "/usr/lib/jvm"
ALTERNATIVES_DIR = "/etc/alternatives"

_DEBUG_SUFFIXES = ("-fastdebug", "-slowdebug")
# EL: java-17-openjdk-17.0.13.0.11-3.el9.x86_64 (the part after "openjdk-" starts with a digit)
_EL_VERSIONED_RE = NamePattern(r"java-(?P<feature>[0-9]+)-openjdk-[0-9][^/]*")
# Debian: java-17-openjdk-amd64 (Debian architecture names do not start with a digit)
_DEBIAN_DIR_RE = NamePattern(r"java-(?P<feature>[0-9]+)-openjdk-[a-z][a-z0-9_]*")
_DEBIAN_LINK_RE = NamePattern(r"java-1\.(?P<feature>[0-9]+)\.0-openjdk-[a-z][a-z0-9_]*")
_ETC_ALTERNATIVES_RE = NamePattern(r"jre_(?P<feature>[0-9]+)")

# Candidates directly under the JVM root, best first: (regex, kind, stable). The rank is the
# position; /etc/alternatives/jre_<n> ranks between jre-<n> and java-<n>-openjdk.
_ROOT_KINDS = (
    (NamePattern(r"jre-(?P<feature>[0-9]+)-openjdk"), "alternatives link jre_{n}_openjdk", True),
    (NamePattern(r"jre-(?P<feature>[0-9]+)"), "alternatives link jre_{n}", True),
    (None, "alternatives link {alternatives}/jre_{n}", True),
    (NamePattern(r"java-(?P<feature>[0-9]+)-openjdk"), "alternatives link java_sdk_{n}_openjdk (-devel)", True),
    (NamePattern(r"java-(?P<feature>[0-9]+)"), "alternatives link java_sdk_{n} (-devel)", True),
    (_DEBIAN_DIR_RE, "Debian runtime directory", True),
    (_DEBIAN_LINK_RE, "Debian runtime link", True),
    (_EL_VERSIONED_RE, "versioned runtime directory (changes with every update)", False),
)
_RANK_ETC_ALTERNATIVES = 2


class JavaHomeError(WebtierError, ValueError):
    """Input that is not a find/stat listing."""


def _is_debug(name):
    """Whether a basename is a -fastdebug/-slowdebug build."""
    return name.endswith(_DEBUG_SUFFIXES)


def _feature_of(name):
    """Feature release encoded in a runtime directory's basename, or None."""
    base = name[:-len("-fastdebug")] if _is_debug(name) else name
    for regex in (_EL_VERSIONED_RE, _DEBIAN_DIR_RE):
        match = regex.match(base)
        if match:
            return int(match.group("feature"))
    return None


def _version_key(text):
    """Sort key for an EVR-like string: numbers compare as numbers, letters as text."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"[0-9]+|[A-Za-z]+", text)]


def _as_bool(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def parse_listing(files, links=None, root=JVM_ROOT):
    """Normalise find/stat results.

    Returns ``(entries, homes)``: ``entries`` maps each path directly under ``root`` (plus any
    alternatives link from ``links``) to ``{'islnk': bool, 'resolved': str or None}``;
    ``homes`` is the set of directories under ``root`` that hold ``bin/java``.
    """
    if files is None:
        files = []
    if not isinstance(files, (list, tuple)):
        raise JavaHomeError("java_home expects the 'files' list of ansible.builtin.find, got %s" % type(files).__name__)
    root = root.rstrip("/") or "/"
    entries = {}
    homes = set()
    for item in files:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            raise JavaHomeError("every entry of the find listing needs a 'path', got %r" % (item,))
        path = posixpath.normpath(item["path"])
        parent = posixpath.dirname(path)
        if parent == root:
            islnk = _as_bool(item.get("islnk", False))
            entries[path] = {"islnk": islnk, "resolved": None if islnk else path}
        elif posixpath.basename(path) == "java" and posixpath.basename(parent) == "bin":
            home = posixpath.dirname(parent)
            if posixpath.dirname(home) == root and not _as_bool(item.get("isdir", False)):
                homes.add(home)
    for result in links or []:
        if not isinstance(result, dict) or result.get("skipped"):
            continue
        stat = result.get("stat", result)
        if not isinstance(stat, dict):
            continue
        path = stat.get("path") or result.get("item")
        if not isinstance(path, str):
            continue
        path = posixpath.normpath(path)
        if not stat.get("exists", False):
            if path in entries:
                entries[path]["resolved"] = None
            continue
        if _as_bool(stat.get("islnk", False)):
            source = stat.get("lnk_source")
            resolved = posixpath.normpath(source) if isinstance(source, str) and source else None
            entries[path] = {"islnk": True, "resolved": resolved}
        elif path not in entries:
            entries[path] = {"islnk": False, "resolved": path}
    return entries, homes


def _classify(path, root, alternatives):
    """(rank, kind, feature, stable) for a candidate path, or None when it is not a JAVA_HOME candidate."""
    name = posixpath.basename(path)
    parent = posixpath.dirname(path)
    if parent == alternatives:
        match = _ETC_ALTERNATIVES_RE.match(name)
        if not match:
            return None
        feature = int(match.group("feature"))
        return (_RANK_ETC_ALTERNATIVES, _ROOT_KINDS[_RANK_ETC_ALTERNATIVES][1].format(n=feature, alternatives=alternatives),
                feature, True)
    if parent != root:
        return None
    for rank, (regex, kind, stable) in enumerate(_ROOT_KINDS):
        match = regex.match(name) if regex is not None else None
        if match:
            feature = int(match.group("feature"))
            return rank, kind.format(n=feature), feature, stable
    return None


def choose_java_home(files, links=None, feature=None, java=None, root=JVM_ROOT, alternatives=ALTERNATIVES_DIR):
    """Pick the JAVA_HOME to write into unit files.

    :param files: ``files`` of ``ansible.builtin.find`` over ``root`` (``file_type: any``, ``depth: 3``).
    :param links: ``results`` of ``ansible.builtin.stat`` over the links among them (and
        ``<alternatives>/jre_<feature>``), so that each link's ``lnk_source`` is known.
    :param feature: only runtimes of this feature release (17); ``None`` = any.
    :param java: resolved path of the system's ``java`` (``/usr/bin/java``'s ``lnk_source``); when given,
        only links and directories that resolve to that runtime are considered, and ``feature`` defaults
        to its feature release.
    :param root: where the runtimes are installed.
    :param alternatives: the alternatives directory (``/etc/alternatives``).
    :returns: ``{'path', 'resolved', 'feature', 'kind', 'stable', 'skipped'}``; ``path`` is ``''``
        when no candidate qualifies (``skipped`` says why each one was refused).
    """
    for name, value in (("root", root), ("alternatives", alternatives)):
        if not isinstance(value, str) or not value or has_control_chars(value):
            raise JavaHomeError("%s must be a directory path, got %r" % (name, value))
    if links is not None and not isinstance(links, (list, tuple)):
        raise JavaHomeError("links must be the 'results' list of ansible.builtin.stat, got %s" % type(links).__name__)
    root = posixpath.normpath(root)
    alternatives = posixpath.normpath(alternatives)
    if feature is not None:
        try:
            feature = int(feature)
        except (TypeError, ValueError):
            raise JavaHomeError("feature must be a Java feature release such as 17, got %r" % (feature,))
    entries, homes = parse_listing(files, links, root)
    wanted_home = None
    if java:
        if not isinstance(java, str):
            raise JavaHomeError("java must be the resolved path of the java binary, got %r" % (java,))
        java = posixpath.normpath(java)
        wanted_home = posixpath.dirname(posixpath.dirname(java)) if posixpath.basename(java) == "java" else java
        if feature is None:
            feature = _feature_of(posixpath.basename(wanted_home))

    candidates = []
    skipped = []
    for path in sorted(entries):
        info = entries[path]
        classified = _classify(path, root, alternatives)
        if classified is None:
            continue
        rank, kind, cand_feature, stable = classified
        resolved = info["resolved"]
        if _is_debug(posixpath.basename(path)):
            skipped.append({"path": path, "reason": "debug build (-fastdebug/-slowdebug)"})
            continue
        if feature is not None and cand_feature != feature:
            continue
        if resolved is None:
            skipped.append({"path": path, "reason": "link target unknown or missing"})
            continue
        if has_control_chars(resolved) or not is_utf8(resolved):
            skipped.append({"path": path, "reason": "resolves to a path with a control character or a name that is "
                                                    "not valid UTF-8: %s" % ascii(resolved)})
            continue
        if _is_debug(posixpath.basename(resolved)):
            skipped.append({"path": path, "reason": "resolves to a debug build: %s" % resolved})
            continue
        if resolved not in homes:
            skipped.append({"path": path, "reason": "no bin/java in %s under %s" % (resolved, root)})
            continue
        resolved_feature = _feature_of(posixpath.basename(resolved))
        if resolved_feature is not None and resolved_feature != cand_feature:
            skipped.append({"path": path, "reason": "resolves to Java %d: %s" % (resolved_feature, resolved)})
            continue
        if wanted_home is not None and resolved != wanted_home:
            skipped.append({"path": path, "reason": "not the system java's runtime (%s)" % wanted_home})
            continue
        candidates.append((rank, path, {
            "path": path, "resolved": resolved, "feature": cand_feature, "kind": kind, "stable": stable,
        }))

    if not candidates:
        return {"path": "", "resolved": "", "feature": feature, "kind": "", "stable": False, "skipped": skipped}
    # newest runtime first (only matters among versioned directories), then the best kind and the
    # highest feature release; Python's sort is stable
    candidates.sort(key=lambda c: c[1])
    candidates.sort(key=lambda c: _version_key(posixpath.basename(c[2]["resolved"])), reverse=True)
    candidates.sort(key=lambda c: (c[0], -c[2]["feature"]))
    chosen = dict(candidates[0][2])
    chosen["skipped"] = skipped
    return chosen


# What the openjdk role asked ansible.builtin.find for: patterns, depth (file_type any, recurse,
# hidden false, follow false)
FIND_PATTERNS = ("java", "java-*", "jre", "jre-*")
FIND_DEPTH = 3


def _find_entry(path, st):
    """The keys of one ansible.builtin.find ``files`` item that parse_listing reads (from lstat)."""
    return {
        "path": path,
        "isdir": stat.S_ISDIR(st.st_mode),
        "isreg": stat.S_ISREG(st.st_mode),
        "islnk": stat.S_ISLNK(st.st_mode),
    }


def _stat_result(path):
    """One loop item of ansible.builtin.stat (follow false) registered in a loop over ``path``.

    Like stat: a missing path is ``exists: false``; a link (dangling or looping too) has ``lnk_source``
    = ``os.path.realpath`` and ``lnk_target`` = ``os.readlink``; any other OSError is raised.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return {"item": path, "stat": {"exists": False}}
    info = _find_entry(path, st)
    info["exists"] = True
    if info["islnk"]:
        info["lnk_source"] = os.path.realpath(path)
        info["lnk_target"] = os.readlink(path)
    return {"item": path, "stat": info}


def _walk_error(exc):
    # find skips the directories it may not read (or that vanished meanwhile)
    if exc.errno in (errno.EPERM, errno.EACCES, errno.ENOENT):
        return
    raise exc


def _not_utf8(path, warnings, what):
    warnings.append("%s %s is skipped: its name is not valid UTF-8 (Ansible cannot return it; rename it)"
                    % (what, ascii(path)))


def scan_jvm_root(root=JVM_ROOT, alternatives=ALTERNATIVES_DIR, feature=None, warnings=None):
    """List ``root`` and resolve its links on this host as the openjdk role's find + stat tasks did.

    ``files`` is what ``ansible.builtin.find`` (``paths: root``, ``file_type: any``, ``recurse: true``,
    ``depth: 3``, ``patterns`` :data:`FIND_PATTERNS`, no hidden entries, links not followed) returns:
    every entry whose basename matches a pattern, at most 3 levels below ``root``
    (``root/java-17-openjdk-amd64/bin/java``), with ``isdir``/``isreg``/``islnk`` from ``lstat``. The walk
    descends into every directory (not only matching ones), never into a link. A missing ``root`` (or
    one that is no directory) gives ``[]``, as find does (with a warning there).

    ``links`` is what ``ansible.builtin.stat`` registers in a loop over the links of ``files`` plus
    ``<alternatives>/jre_<feature>`` (when ``feature`` is given): see :func:`_stat_result`.

    An entry whose name is not valid UTF-8 (Python reads it with lone surrogates, which Ansible cannot return)
    is skipped, and so is a directory below it and a link whose target is such a name; each is named (with
    escapes) in a message appended to ``warnings`` (a list, when given).

    :returns: ``(files, links)``, sorted by path, for :func:`choose_java_home`.
    :raises OSError: when a directory or link cannot be read for another reason than find skips.
    """
    if feature is not None:
        try:
            feature = int(feature)
        except (TypeError, ValueError):
            raise JavaHomeError("feature must be a Java feature release such as 17, got %r" % (feature,))
    if warnings is None:
        warnings = []
    files = []
    if os.path.isdir(root):
        base_depth = (root.rstrip(os.sep) + os.sep).count(os.sep)
        for top, dirs, names in os.walk(root, onerror=_walk_error, followlinks=False):
            deepest = False
            for name in names + dirs:
                path = os.path.normpath(os.path.join(top, name))
                # find's depth: root/x is 1, root/x/bin/java is 3
                depth = path.count(os.sep) - base_depth + 1
                deepest = deepest or depth >= FIND_DEPTH
                if not is_utf8(name):
                    if depth <= FIND_DEPTH and (name in dirs or any(fnmatch.fnmatch(name, p) for p in FIND_PATTERNS)):
                        _not_utf8(path, warnings, "the entry")
                    if name in dirs:
                        dirs.remove(name)
                    continue
                if depth > FIND_DEPTH or name.startswith(".") or not any(fnmatch.fnmatch(name, p) for p in FIND_PATTERNS):
                    continue
                try:
                    st = os.lstat(path)
                except OSError:
                    # find skips (and warns about) an entry it cannot lstat
                    continue
                files.append(_find_entry(path, st))
            if deepest:
                # nothing below is reported (find reads those directories anyway, to no effect)
                del dirs[:]
    files.sort(key=lambda item: item["path"])
    paths = [item["path"] for item in files if item["islnk"]]
    if feature is not None:
        paths.append(os.path.join(alternatives, "jre_%d" % feature))
    links = []
    for path in paths:
        result = _stat_result(path)
        info = result["stat"]
        if not all(is_utf8(info.get(key, "")) for key in ("lnk_source", "lnk_target")):
            _not_utf8(info["lnk_source"], warnings, "the target of the link %s," % path)
            continue
        links.append(result)
    return files, links
