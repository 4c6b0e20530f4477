# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers of the EL9 tests: the fact files of tests/data/el9 and what the roles set.

The fact files come from EL9's own sources (scripts/el9-facts.py; each names its repository, branch,
path and commit). Nothing here reads outside the repository.
"""

from __future__ import annotations

import functools
import json
import os
import re

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DATA = os.path.join(ROOT, "tests", "data", "el9")
ROLES = os.path.join(ROOT, "roles")

GENERIC_PORT_TYPES = ("unreserved_port_t", "ephemeral_port_t", "reserved_port_t", "hi_reserved_port_t", "port_t")


@functools.lru_cache(maxsize=None)
def load(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as handle:
        return json.load(handle)


# ------------------------------------------------------------------------------------------------ ports

def port_records(proto="tcp"):
    """(type, low, high) of every network_port() range and portcon default of ``proto``."""
    facts = load("ports.json")
    records = [(p["type"], r["low"], r["high"]) for p in facts["ports"] for r in p["ranges"] if r["proto"] == proto]
    records += [(d["type"], d["low"], d["high"]) for d in facts["portcon_defaults"] if d["proto"] == proto]
    return records


def reference_port_type(port, proto="tcp"):
    """The type EL9 gives ``port``: the narrowest range that holds it (policy only, no local changes)."""
    best = None
    for setype, low, high in port_records(proto):
        if low <= port <= high and (best is None or high - low < best[0]):
            best = (high - low, setype)
    return best[1] if best else "port_t"


@functools.lru_cache(maxsize=None)
def semanage_port_list():
    """``semanage port -l`` as EL9 prints it, built from ports.json: one line per type and protocol."""
    facts = load("ports.json")
    lines = {}
    order = []
    entries = [(p["type"], r) for p in facts["ports"] for r in p["ranges"]]
    entries += [(d["type"], d) for d in facts["portcon_defaults"]]
    for setype, rng in entries:
        key = (setype, rng["proto"])
        if key not in lines:
            lines[key] = []
            order.append(key)
        text = str(rng["low"]) if rng["low"] == rng["high"] else "%d-%d" % (rng["low"], rng["high"])
        lines[key].append(text)
    out = ["SELinux Port Type              Proto    Port Number", ""]
    for key in sorted(order):
        out.append("%-30s %-8s %s" % (key[0], key[1], ", ".join(lines[key])))
    return "\n".join(out) + "\n"


def httpd_may_connect(boolean, setype):
    """Whether ``httpd_t`` may name_connect a tcp port of ``setype`` with ``boolean`` on (apache.te)."""
    facts = load("httpd_selinux.json")
    allowed = set(facts["httpd_t_without_boolean"]["tcp_connect"])
    if boolean:
        allowed |= set(facts["booleans"][boolean]["tcp_connect"])
    return "all" in allowed or setype in allowed


def httpd_may_bind(setype):
    """Whether ``httpd_t`` may name_bind a tcp port of ``setype`` without any boolean (apache.te)."""
    return setype in load("httpd_selinux.json")["httpd_t_without_boolean"]["tcp_bind"]


# ---------------------------------------------------------------------------------------- file contexts

def _fc_sort_key(rule):
    """fc_sort.py's specificity (support/fc_sort.py of selinux-policy): regex < literal, then stem length,
    string length, with a file type."""
    meta = False
    stem_len = str_len = 0
    skip = False
    for char in rule["regex"]:
        if skip:
            skip = False
            continue
        if char in ".^$?*+|[({":
            meta = True
        if char == "\\":
            skip = True
        if not meta:
            stem_len += 1
        str_len += 1
    return (not meta, stem_len, str_len, bool(rule["file_type"]))


_FILE_TYPES = {"file": "--", "dir": "-d", "link": "-l", "socket": "-s"}


@functools.lru_cache(maxsize=None)
def _sorted_rules():
    rules = load("file_contexts.json")["rules"]
    # sorted() is stable: among equally specific rules the later one stays later and wins
    return [(rule, re.compile(r"^(?:%s)$" % rule["regex"])) for rule in sorted(rules, key=_fc_sort_key)]


def fc_substitute(path):
    """file_contexts.subs_dist: a path below an alias is looked up as the equivalent path."""
    best = None
    for sub in load("file_contexts.json")["substitutions"]:
        alias = sub["alias"]
        if path == alias or path.startswith(alias + "/"):
            if best is None or len(alias) > len(best["alias"]):
                best = sub
    return best["equivalent"] + path[len(best["alias"]):] if best else path


def fc_label(path, file_type="file"):
    """The type matchpathcon gives ``path`` on EL9 (the most specific matching rule, as fc_sort orders
    them; the last one wins). Only for paths under the fact file's roots."""
    looked_up = fc_substitute(path)
    roots = load("file_contexts.json")["roots"]
    if not any(looked_up.startswith(root) or looked_up + "/" == root for root in roots):
        raise AssertionError("%s is under none of the roots of file_contexts.json (%s): add a root to"
                             " scripts/el9-facts.py and regenerate" % (looked_up, roots))
    wanted = _FILE_TYPES[file_type]
    for rule, regex in reversed(_sorted_rules()):
        if rule["file_type"] and rule["file_type"] != wanted:
            continue
        if regex.match(looked_up):
            return rule["type"]
    return None


# what each refpolicy macro of apache.te grants on the target type (policy/support/*_patterns.spt)
_PATTERN_ACCESS = {
    "read_files_pattern": {"file": {"read"}},
    "read_lnk_files_pattern": {"link": {"read"}},
    "mmap_files_pattern": {"file": {"read", "map", "execute"}},
    "manage_files_pattern": {"file": {"read", "write", "create", "append", "unlink"}, "dir": {"list", "add_name"}},
    "manage_dirs_pattern": {"dir": {"list", "create", "add_name", "rmdir"}},
    "manage_lnk_files_pattern": {"link": {"read", "create", "unlink"}},
    "manage_sock_files_pattern": {"socket": {"create", "write", "unlink"}},
    "create_files_pattern": {"file": {"create"}, "dir": {"add_name"}},
    "create_dirs_pattern": {"dir": {"create", "add_name"}},
    "append_files_pattern": {"file": {"append"}},
    "list_dirs_pattern": {"dir": {"list"}},
    "setattr_files_pattern": {"file": {"setattr"}},
    "setattr_dirs_pattern": {"dir": {"setattr"}},
}
_ALLOW_ACCESS = {
    ("dir", "list_dir_perms"): {"dir": {"list"}},
    ("file", "map"): {"file": {"map"}},
    ("file", "read_file_perms"): {"file": {"read"}},
    ("file", "manage_file_perms"): {"file": {"read", "write", "create", "append", "unlink"}},
}


@functools.lru_cache(maxsize=None)
def httpd_file_access():
    """{type: {'file'|'dir'|'link'|'socket': set of access}} that httpd_t has without a boolean, from the
    unconditional rules of apache.te (file_access of httpd_selinux.json)."""
    table = {}
    for entry in load("httpd_selinux.json")["file_access"]:
        if entry["within"]:
            continue
        rule = entry["rule"]
        grants = None
        match = re.match(r"^(\w+_pattern)\(", rule)
        if match:
            grants = _PATTERN_ACCESS.get(match.group(1))
        match = re.match(r"^allow\s+httpd_t\s+\w+:(\w+)\s+([^;]+);", rule)
        if match:
            grants = _ALLOW_ACCESS.get((match.group(1), match.group(2).strip()))
        if not grants:
            continue
        for cls, access in grants.items():
            table.setdefault(entry["target"], {}).setdefault(cls, set()).update(access)
    return table


# -------------------------------------------------------------------------------------------- the roles

def role_yaml(role, *parts):
    with open(os.path.join(ROLES, role, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def role_vars(role, family="RedHat"):
    """defaults, then vars/main.yml, then vars/<family>.yml (later wins), as the role sees them."""
    merged = dict(role_yaml(role, "defaults", "main.yml"))
    merged.update(role_yaml(role, "vars", "main.yml"))
    merged.update(role_yaml(role, "vars", "%s.yml" % family))
    return merged


def openjdk_default(family="RedHat", major="9"):
    """The Java release the openjdk role installs by default on <family> <major> (openjdk_version unset): the rule
    (filter webtier.tomcat_cluster.java_default) over the releases vars/<family>_<major>.yml lists, every Tomcat line
    (21 on EL9, which ships 8, 11, 17 and 21)."""
    from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_default import default_java_version
    return default_java_version(role_yaml("openjdk", "vars", "%s_%s.yml" % (family, major))["__openjdk_lts_majors"])


def openjdk_vars(family="RedHat", major="9"):
    """role_vars of the openjdk role on <family> <major> with openjdk_version unset: __openjdk_version is the
    platform's default (vars/main.yml computes it with the rule; render() resolves only plain names)."""
    merged = role_vars("openjdk", family)
    merged.update(role_yaml("openjdk", "vars", "%s_%s.yml" % (family, major)))
    merged.pop("openjdk_version", None)
    merged["__openjdk_version"] = openjdk_default(family, major)
    return merged


_SIMPLE_REF = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*\}\}")


def render(value, variables, depth=0):
    """Resolve ``{{ name }}`` references (only plain variable names) in a string."""
    if not isinstance(value, str) or depth > 10:
        return value

    def repl(match):
        name = match.group(1)
        if name not in variables:
            raise KeyError(name)
        return str(render(variables[name], variables, depth + 1))
    return _SIMPLE_REF.sub(repl, value)
