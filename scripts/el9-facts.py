#!/usr/bin/env python
# SPDX-License-Identifier: GPL-3.0-or-later
"""Regenerate the EL9 fact files under tests/data/el9/ from fetched copies of EL9's sources.

Reads bare git directories (as `git clone --mirror` or the fetch tool leaves them) with
`git show <commit>:<path>`; writes facts (port types, httpd booleans, file contexts, package file
lists, alternatives links, httpd's include order, the EPEL 9 packages the roles install), never the
sources themselves. Each file records where every fact came from (repository, branch, path, commit).

  scripts/el9-facts.py --policy /work/.mirror/fedora-selinux+selinux-policy/repo \\
      --rpm-sources /work/.mirror --epel-specs /work/.mirror/major+fedora-rpm-specs/repo [--out tests/data/el9]

--policy is a fedora-selinux/selinux-policy git dir (branch c9s: CentOS Stream 9's policy sources);
--rpm-sources a directory that holds openela-main+<package>/repo git dirs (branch el9: RHEL 9's
source packages); --epel-specs a major/fedora-rpm-specs git dir (branch main: Fedora dist-git's spec
files, for the EPEL 9 packages, which are built from the same dist-git). Only the standard library and git
are needed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys

POLICY_REPO = "fedora-selinux/selinux-policy"
POLICY_BRANCH = "c9s"
RPM_BRANCH = "el9"
# source package -> binary packages looked at (all %package names are recorded)
RPM_PACKAGES = (
    "httpd", "mod_jk", "java-17-openjdk", "java-21-openjdk", "firewalld", "selinux-policy", "libselinux", "libsemanage",
    "policycoreutils", "python-lxml", "util-linux", "redhat-rpm-config", "gcc", "make", "tar", "gzip", "openssl",
)
# binary packages whose %files are recorded (of the others only the name)
FILES_OF = (
    "httpd", "httpd-core", "httpd-filesystem", "httpd-devel", "httpd-tools", "mod_ssl", "mod_jk", "firewalld",
    "python3-firewall", "policycoreutils", "policycoreutils-python-utils", "python3-policycoreutils",
    "python3-libselinux", "python3-libsemanage", "python3-lxml", "openssl", "openssl-libs",
)
# EPEL 9 source packages whose binary packages the roles install (roles/*/vars/RedHat*.yml: *_epel_packages). EPEL 9
# builds them from the epel9 branch of Fedora's dist-git (src.fedoraproject.org/rpms/<package>); what is read is
# major/fedora-rpm-specs, a copy of dist-git's spec files (the rpm-specs-latest tarball: rawhide)
EPEL_REPO = "major/fedora-rpm-specs"
EPEL_BRANCH = "main"
EPEL_PACKAGES = ("python-prometheus_client",)
# the targeted policy's build-time conditions for .fc files (ifdef/ifndef)
FC_DEFINES = {"distro_redhat": True, "enable_mcs": True}
# directories whose file contexts the roles depend on (after file_contexts.subs_dist): every rule that can
# match a path below one of them is kept
FC_ROOTS = (
    "/etc/httpd/", "/usr/lib/httpd/", "/var/log/httpd/", "/var/cache/httpd/", "/var/run/httpd/",
    "/usr/sbin/httpd", "/usr/local/tomcat/", "/usr/lib/jvm/", "/etc/alternatives/", "/usr/bin/java",
    "/etc/pki/tls/", "/etc/systemd/system/",
)
# port-type interface names in corenetwork that are not <name>_port
CONNECT_SPECIAL = {
    "all_ports": "all",
    "all_ephemeral_ports": "ephemeral_port_t",
    "all_unreserved_ports": "unreserved_port_t",
    "all_reserved_ports": "reserved_port_t",
    "generic_port": "port_t",
}
RPM_MACROS = {
    "_prefix": "/usr", "_exec_prefix": "/usr", "_sysconfdir": "/etc", "_localstatedir": "/var", "_var": "/var",
    "_bindir": "/usr/bin", "_sbindir": "/usr/sbin", "_libdir": "/usr/lib64", "_libexecdir": "/usr/libexec",
    "_datadir": "/usr/share", "_mandir": "/usr/share/man", "_includedir": "/usr/include",
    "_unitdir": "/usr/lib/systemd/system", "_tmpfilesdir": "/usr/lib/tmpfiles.d", "_rundir": "/run",
    "_defaultdocdir": "/usr/share/doc", "_rpmconfigdir": "/usr/lib/rpm", "_jvmdir": "/usr/lib/jvm",
    "_arch": "{arch}", "nil": "", "?1": "", "dist": ".el9",
    "python3_sitearch": "/usr/lib64/python3.9/site-packages", "python3_sitelib": "/usr/lib/python3.9/site-packages",
}


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir] + list(args), check=True, capture_output=True,
                          text=True).stdout


class Source:
    """One file of one commit of a fetched repository."""

    def __init__(self, gitdir, repo, branch):
        self.gitdir = gitdir
        self.repo = repo
        self.branch = branch
        self.commit = git(gitdir, "rev-parse", branch).strip()
        self.subject = git(gitdir, "log", "-1", "--format=%s", self.commit).strip()

    def show(self, path):
        return git(self.gitdir, "show", "%s:%s" % (self.commit, path))

    def ls(self, prefix):
        return git(self.gitdir, "ls-tree", "-r", "--name-only", self.commit, prefix).split()

    def provenance(self, *paths):
        return {"repository": self.repo, "branch": self.branch, "commit": self.commit, "subject": self.subject,
                "paths": list(paths)}


# ---------------------------------------------------------------------------------------------- ports

_NETWORK_PORT_RE = re.compile(r"^network_port\((?P<args>[^)]*)\)")
_PORTCON_RE = re.compile(r"^portcon\s+(?P<proto>\w+)\s+(?P<range>\d+(?:-\d+)?)\s+gen_context\(\w+:\w+:(?P<type>\w+)\s*,")


def _range(text):
    low, dummy, high = text.strip().partition("-")
    return int(low), int(high or low)


def ports_facts(policy):
    path = "policy/modules/kernel/corenetwork.te.in"
    text = policy.show(path)
    ports = []
    defaults = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        match = _NETWORK_PORT_RE.match(line)
        if match:
            args = [a.strip() for a in match.group("args").split(",")]
            args = [a for a in args if a]
            name, rest = args[0], args[1:]
            if len(rest) % 3:
                raise SystemExit("%s:%d: cannot read %s" % (path, lineno, line))
            ranges = []
            for i in range(0, len(rest), 3):
                low, high = _range(rest[i + 1])
                ranges.append({"proto": rest[i], "low": low, "high": high, "level": rest[i + 2]})
            ports.append({"name": name, "type": "%s_port_t" % name, "ranges": ranges, "line": lineno})
            continue
        match = _PORTCON_RE.match(line)
        if match:
            low, high = _range(match.group("range"))
            defaults.append({"type": match.group("type"), "proto": match.group("proto"), "low": low, "high": high,
                             "line": lineno})
    return {
        "topic": "EL9 SELinux port types: every network_port() of corenetwork.te.in, and the portcon defaults",
        "provenance": [policy.provenance(path)],
        "notes": [
            "network_port(name, proto,range,level, ...) declares <name>_port_t; semanage port -l lists these ranges",
            "portcon_defaults cover the ports no network_port() names (earlier portcon entries take precedence in the"
            " policy; the narrowest range wins for semanage/the kernel)",
            "a port in no range at all is port_t (the 'port' initial SID)",
        ],
        "ports": ports,
        "portcon_defaults": defaults,
    }


# --------------------------------------------------------------------------------------- httpd booleans

_BLOCK_OPEN_RE = re.compile(r"^(?P<kind>tunable_policy|optional_policy|ifdef|ifndef|booleans?_policy)\(`(?P<cond>[^']*)'?")
_GEN_TUNABLE_RE = re.compile(r"^gen_(?:tunable|bool)\((?P<name>\w+)\s*,\s*(?P<value>true|false)\)")
_CORENET_RE = re.compile(r"corenet_(?P<proto>tcp|udp|sctp)_(?P<op>connect|bind)_(?P<what>\w+?)\((?P<domain>\w+)\)")
_PATTERN_RE = re.compile(r"^(?P<macro>\w+_pattern)\((?P<domain>\w+),\s*(?P<dir>[\w{} ]+?),\s*(?P<target>\w+)\)")
_ALLOW_RE = re.compile(r"^allow\s+(?P<domain>\w+)\s+(?P<target>\w+):(?P<cls>\w+)\s+(?P<perms>[^;]+);")
_CAN_EXEC_RE = re.compile(r"^can_exec\((?P<domain>\w+),\s*(?P<target>\w+)\)")


def _port_type_of(what):
    if what in CONNECT_SPECIAL:
        return CONNECT_SPECIAL[what]
    if what.endswith("_port"):
        return what + "_t"
    return None


def _te_lines(text):
    """(lineno, line, conditions) of apache.te: conditions = the enclosing tunable/ifdef conditions, each
    prefixed with '!' in an else branch; optional_policy blocks add 'optional'."""
    stack = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _BLOCK_OPEN_RE.match(line)
        if match:
            kind = match.group("kind")
            cond = match.group("cond") if kind != "optional_policy" else "optional"
            if kind == "ifndef":
                cond = "!" + cond
            stack.append([kind, cond])
            continue
        if re.match(r"^',\s*`$", line):
            if stack:
                stack[-1][1] = "!(%s)" % stack[-1][1]
            continue
        if line.startswith("')"):
            if stack:
                stack.pop()
            continue
        conds = [c for k, c in stack if k == "tunable_policy"]
        wrappers = [c for k, c in stack if k != "tunable_policy"]
        yield lineno, line, conds, wrappers


def httpd_selinux_facts(policy, booleans_source):
    te_path = "policy/modules/contrib/apache.te"
    te = policy.show(te_path)
    targeted_path = "SOURCES/booleans-targeted.conf"
    targeted = {}
    for line in booleans_source.show(targeted_path).splitlines():
        match = re.match(r"^\s*(\w+)\s*=\s*(\w+)", line)
        if match:
            targeted[match.group(1)] = match.group(2).lower() == "true"
    tunables = {}
    for line in te.splitlines():
        match = _GEN_TUNABLE_RE.match(line.strip())
        if match:
            tunables[match.group("name")] = match.group("value") == "true"

    rules = []
    file_access = []
    for lineno, line, conds, wrappers in _te_lines(te):
        for match in _CORENET_RE.finditer(line):
            if match.group("domain") != "httpd_t" or _port_type_of(match.group("what")) is None:
                continue
            rules.append({
                "interface": "corenet_%s_%s_%s" % (match.group("proto"), match.group("op"), match.group("what")),
                "operation": "name_" + match.group("op"), "proto": match.group("proto"),
                "port_type": _port_type_of(match.group("what")), "tunables": conds,
                "within": wrappers, "line": lineno,
            })
        if conds:
            continue
        match = _PATTERN_RE.match(line) or _ALLOW_RE.match(line) or _CAN_EXEC_RE.match(line)
        if match and match.group("domain") == "httpd_t":
            entry = {"rule": line, "target": match.group("target"), "line": lineno, "within": wrappers}
            file_access.append(entry)

    booleans = {}
    for name in sorted(set(tunables) | {n for n in targeted if n.startswith("httpd_")}):
        if not name.startswith("httpd_"):
            continue
        granted = [r for r in rules if any(name in re.findall(r"\w+", c) for c in r["tunables"])
                   and not any(c.startswith("!") for c in r["tunables"])]
        booleans[name] = {
            "default_in_te": tunables.get(name),
            "default_in_booleans_targeted": targeted.get(name),
            "default": targeted.get(name, tunables.get(name, False)),
            "tcp_connect": sorted({r["port_type"] for r in granted if r["proto"] == "tcp" and r["operation"] == "name_connect"
                                   and r["tunables"] == [name]}),
            "tcp_bind": sorted({r["port_type"] for r in granted if r["proto"] == "tcp" and r["operation"] == "name_bind"
                                and r["tunables"] == [name]}),
            "udp_bind": sorted({r["port_type"] for r in granted if r["proto"] == "udp" and r["operation"] == "name_bind"
                                and r["tunables"] == [name]}),
            "rules": [{"interface": r["interface"], "line": r["line"], "tunables": r["tunables"], "within": r["within"]}
                      for r in granted],
        }
    unconditional = [r for r in rules if not r["tunables"]]
    return {
        "topic": "What httpd_t may do on EL9: the httpd booleans (defaults, ports they open) and the rules without one",
        "provenance": [policy.provenance(te_path), booleans_source.provenance(targeted_path)],
        "notes": [
            "default: booleans-targeted.conf overrides the gen_tunable default of the .te",
            "port types come from the corenet_<proto>_<connect|bind>_<name>_port(httpd_t) interface names;"
            " corenet_tcp_connect_all_ports is 'all', *_all_ephemeral_ports is ephemeral_port_t",
            "tcp_connect/tcp_bind/udp_bind list what the boolean alone grants; rules under 'a && b' conditions are"
            " in rules only",
            "within: optional_policy/ifdef wrappers (optional blocks apply when the other module is installed)",
        ],
        "httpd_t_without_boolean": {
            "tcp_bind": sorted({r["port_type"] for r in unconditional if r["proto"] == "tcp" and r["operation"] == "name_bind"}),
            "udp_bind": sorted({r["port_type"] for r in unconditional if r["proto"] == "udp" and r["operation"] == "name_bind"}),
            "tcp_connect": sorted({r["port_type"] for r in unconditional if r["proto"] == "tcp" and r["operation"] == "name_connect"}),
            "rules": [{"interface": r["interface"], "line": r["line"], "within": r["within"]} for r in unconditional],
        },
        "booleans": booleans,
        "file_access": file_access,
    }


# ---------------------------------------------------------------------------------------- file contexts

_FC_RE = re.compile(r"^(?P<regex>\S+)\s+(?:(?P<ftype>-[-dlspcb])\s+)?(?P<context>gen_context\([^)]*\)|<<none>>)")


def _fc_stem(regex):
    stem = []
    escaped = False
    for char in regex:
        if escaped:
            stem.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
            continue
        if char in ".^$?*+|[({":
            break
        stem.append(char)
    return "".join(stem)


def _fc_lines(text):
    stack = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("dnl", 1)[0].strip() if raw.lstrip().startswith("')") else raw.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"^(ifdef|ifndef)\(`(\w+)'\s*,\s*`$", line)
        if match:
            value = FC_DEFINES.get(match.group(2), False)
            stack.append(value if match.group(1) == "ifdef" else not value)
            continue
        if re.match(r"^',\s*`$", line):
            stack[-1] = not stack[-1]
            continue
        if line.startswith("')"):
            stack.pop()
            continue
        if all(stack):
            yield lineno, line


def file_context_facts(policy, rpm_policy):
    modules_conf = {}
    conf_paths = ("SOURCES/modules-targeted-base.conf", "SOURCES/modules-targeted-contrib.conf")
    for conf in conf_paths:
        for line in rpm_policy.show(conf).splitlines():
            match = re.match(r"^\s*(\w+)\s*=\s*(\w+)", line)
            if match:
                modules_conf[match.group(1)] = match.group(2)
    subs_path = "config/file_contexts.subs_dist"
    subs = []
    for line in policy.show(subs_path).splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            subs.append({"alias": parts[0], "equivalent": parts[1]})
    rules = []
    read = []
    for path in policy.ls("policy/modules"):
        if not path.endswith(".fc"):
            continue
        module = os.path.basename(path)[:-3]
        if modules_conf.get(module, "off") == "off":
            continue
        read.append(path)
        for lineno, line in _fc_lines(policy.show(path)):
            match = _FC_RE.match(line)
            if not match:
                continue
            regex = match.group("regex")
            stem = _fc_stem(regex)
            if not any(root.startswith(stem) or stem.startswith(root) for root in FC_ROOTS):
                continue
            context = match.group("context")
            setype = None
            if context != "<<none>>":
                setype = context[len("gen_context("):].split(",")[0].split(":")[2]
            rules.append({"regex": regex, "file_type": match.group("ftype") or "", "type": setype,
                          "module": module, "file": path, "line": lineno})
    return {
        "topic": "EL9 file contexts (targeted policy) of the paths the roles write or run",
        "provenance": [policy.provenance(subs_path, "policy/modules/**/*.fc (%d files of modules not 'off')" % len(read)),
                       rpm_policy.provenance(*conf_paths)],
        "notes": [
            "rules: every .fc rule (distro_redhat build, modules enabled in the targeted policy) whose literal stem"
            " can lead to a path under one of roots; in policy source order",
            "the label of a path: substitute the longest alias prefix of substitutions, then the most specific"
            " matching rule wins as fc_sort orders them (regex after literal, longer stem, longer string, with"
            " file type; ties: the later rule) - the test code implements this",
            "file_type: '' any, '--' regular file, '-d' directory, '-l' symlink, '-s' socket; type null = <<none>>",
        ],
        "roots": list(FC_ROOTS),
        "substitutions": subs,
        "rules": rules,
    }


# ------------------------------------------------------------------------------------------- rpm specs

def _spec_globals(spec):
    macros = dict(RPM_MACROS)
    for line in spec.splitlines():
        match = re.match(r"^%(?:global|define)\s+(\w+)\s+(.+?)\s*$", line)
        if match and "(" not in match.group(1):
            macros.setdefault(match.group(1), match.group(2))
    for line in spec.splitlines():
        match = re.match(r"^(Name|Version|Release):\s*(\S+)", line)
        if match:
            macros.setdefault(match.group(1).lower(), match.group(2))
    return macros


def _expand(text, macros, depth=0):
    def repl(match):
        name = match.group(1) or match.group(2)
        optional = name.startswith("?")
        key = name.lstrip("?!")
        if key in macros:
            return str(macros[key])
        return "" if optional else match.group(0)
    for dummy in range(10):
        new = re.sub(r"%\{([?!]?\w+)\}|%(\w+)\b(?![({])", repl, text)
        if new == text:
            break
        text = new
    return text


def spec_packages(spec, macros):
    name = _expand(macros["name"], macros)
    packages = [name]
    for line in spec.splitlines():
        match = re.match(r"^%package\s+(-n\s+)?(\S+)", line)
        if match:
            sub = _expand(match.group(2), macros)
            packages.append(sub if match.group(1) else "%s-%s" % (name, sub))
    return name, packages


def _files_header(args, name, macros):
    """The binary package of a %files line (its arguments) and the -f file lists it reads."""
    args = args.split()
    pkg = name
    lists = []
    i = 0
    while i < len(args):
        if args[i] in ("-f", "-n"):
            if args[i] == "-n":
                pkg = _expand(args[i + 1], macros)
            else:
                lists.append(_expand(args[i + 1], macros))
            i += 2
            continue
        pkg = "%s-%s" % (name, _expand(args[i], macros))
        i += 1
    return pkg, lists


def spec_files(spec, macros):
    """{binary package: [{'path', 'dir', 'exclude', 'config'}]} from the %files sections."""
    name = _expand(macros["name"], macros)
    files = {}
    current = None
    for raw in spec.splitlines():
        line = raw.strip()
        match = re.match(r"^%files\b(.*)$", line)
        if match:
            pkg, dummy = _files_header(match.group(1), name, macros)
            current = files.setdefault(pkg, [])
            continue
        if re.match(r"^%(package|description|prep|build|install|check|changelog|post|pre|postun|preun|posttrans|"
                    r"pretrans|triggerin|triggerun|clean)\b", line):
            current = None
            continue
        if current is None or not line or line.startswith("#") or line.startswith("%if") or line in ("%else", "%endif"):
            continue
        entry = {"dir": False, "exclude": False, "config": False}
        while True:
            match = re.match(r"^%(dir|exclude|config|attr|caps|verify|defattr|ghost|license|doc|lang)(\([^)]*\))?\s*(.*)$",
                             line)
            if not match:
                break
            word = match.group(1)
            if word in ("dir", "exclude", "config"):
                entry[word] = True
            if word in ("license", "doc", "defattr", "lang"):
                line = ""
                break
            line = match.group(3)
        if not line.startswith("%") and not line.startswith("/"):
            continue
        path = _expand(line.split()[0], macros)
        if "%" in path or not path.startswith("/"):
            continue
        entry["path"] = path
        current.append(entry)
    return files


def rpm_facts(sources):
    packages = {}
    provenance = []
    for src_name, src in sources.items():
        path = "SPECS/%s.spec" % src_name
        spec = src.show(path)
        macros = _spec_globals(spec)
        name, names = spec_packages(spec, macros)
        files = spec_files(spec, macros)
        provenance.append(src.provenance(path))
        provides = {}
        for line in spec.splitlines():
            match = re.match(r"^Provides:\s*(/\S+)", line)
            if match:
                provides.setdefault(name, []).append(match.group(1))
        for pkg in names:
            owned = [f for f in files.get(pkg, []) if not f["path"].startswith("/usr/share/man/")]
            packages[pkg] = {"source": src_name, "files": owned if pkg in FILES_OF else [],
                             "provides_paths": provides.get(pkg, [])}
    # mod_jk: %{aplibdir} is `apxs -q LIBEXECDIR` (= httpd's --libexecdir, %{_libdir}/httpd/modules)
    if "mod_jk" in packages:
        spec = sources["mod_jk"].show("SPECS/mod_jk.spec")
        if "%{aplibdir}/*" in spec:
            packages["mod_jk"]["files"].append({"path": "/usr/lib64/httpd/modules/mod_jk.so", "dir": False,
                                                "exclude": False, "config": False,
                                                "note": "%{aplibdir}/* with aplibdir = `apxs -q LIBEXECDIR`"
                                                        " (httpd.spec: --libexecdir=%{_libdir}/httpd/modules)"})
    return {
        "topic": "EL9 binary packages built by the source packages the roles use, with the paths their %files own",
        "provenance": provenance,
        "notes": [
            "files: %files entries with the standard EL9 macros expanded (/usr/lib64 for %{_libdir}); globs are kept"
            " as globs; exclude=true entries are not in that package (another subpackage owns them); man pages left out",
            "files are recorded for the packages the roles install or rely on; of the others only the name (and"
            " Provides: of a path, such as util-linux's /sbin/nologin)",
            "java-17-openjdk's and java-21-openjdk's %files use macros (files_jre_headless ...): see java17.json and"
            " java21.json for their paths",
            "{arch} stands for the architecture (x86_64, aarch64, ...)",
        ],
        "packages": packages,
    }


def spec_extras(spec, macros):
    """Binary packages of %pyproject_extras_subpkg/%python_extras_subpkg lines (-n <name> <extra>...):
    <name>+<extra> each; the macro writes their %package and %files."""
    found = []
    for line in spec.splitlines():
        match = re.match(r"^%\{?(?:pyproject|python)_extras_subpkg\}?\s+(.*)$", line.strip())
        if not match:
            continue
        args = match.group(1).split()
        base = None
        i = 0
        while i < len(args):
            if args[i] in ("-n", "-i", "-f"):
                if args[i] == "-n":
                    base = _expand(args[i + 1], macros)
                i += 2
                continue
            if not args[i].startswith("-") and base:
                found.append("%s+%s" % (base, _expand(args[i], macros)))
            i += 1
    return found


def spec_file_lists(spec, macros):
    """{binary package: [the -f file lists of its %files]} (paths written at build time)."""
    name = _expand(macros["name"], macros)
    lists = {}
    for match in re.finditer(r"^%files\b(.*)$", spec, re.M):
        pkg, found = _files_header(match.group(1), name, macros)
        lists.setdefault(pkg, []).extend(found)
    return lists


def epel_facts(src):
    packages = {}
    paths = []
    for src_name in EPEL_PACKAGES:
        path = "specs/%s.spec" % src_name
        spec = src.show(path)
        paths.append(path)
        macros = _spec_globals(spec)
        dummy, names = spec_packages(spec, macros)
        files = spec_files(spec, macros)
        lists = spec_file_lists(spec, macros)
        save_files = re.findall(r"^%pyproject_save_files\s+(.+?)\s*$", spec, re.M)
        extras = spec_extras(spec, macros)
        declared = {}
        for line in spec.splitlines():
            match = re.match(r"^%package\s+(-n\s+)?(\S+)", line)
            if match:
                sub = _expand(match.group(2), macros)
                declared[sub if match.group(1) else "%s-%s" % (_expand(macros["name"], macros), sub)] = line.strip()
            match = re.match(r"^%\{?(?:pyproject|python)_extras_subpkg\}?\s", line)
            if match:
                for pkg in spec_extras(line, macros):
                    declared[pkg] = line.strip()
        for pkg in names + extras:
            if pkg not in files and pkg not in extras:
                # a %package without %files (the source name of a python-* spec) builds no rpm
                continue
            entry = {"source": src_name, "declared_by": declared.get(pkg, "Name: " + macros["name"]),
                     "srcname": macros.get("srcname"), "version_read": _expand(macros["version"], macros),
                     "files": [f for f in files.get(pkg, []) if not f["path"].startswith("/usr/share/man/")],
                     "file_lists": lists.get(pkg, [])}
            if "%{pyproject_files}" in lists.get(pkg, []):
                entry["pyproject_save_files"] = [_expand(s, macros) for s in save_files]
            if pkg in extras:
                entry["extras_of"] = pkg.split("+", 1)[0]
            packages[pkg] = entry
    return {
        "topic": "EPEL 9 binary packages the roles install (their *_epel_packages), with the paths their %files own",
        "provenance": [src.provenance(*paths)],
        "notes": [
            "EPEL 9 builds python3-prometheus_client from Fedora dist-git's python-prometheus_client.spec (epel9"
            " branch), which is not reachable from here; the binary package names come from %s's copy of dist-git's"
            " spec files (src.fedoraproject.org's rpm-specs-latest tarball, i.e. rawhide): declared_by is the spec"
            " line that makes each package (%%package -n python3-%%{srcname}, srcname prometheus_client)" % EPEL_REPO,
            "version_read is that of the copy read (rawhide), not necessarily EPEL 9's build; the binary package"
            " names are what the tests rely on",
            "a %package without %files builds no rpm and is left out; <name>+<extra> packages come from"
            " %pyproject_extras_subpkg",
            "file_lists: %files -f lists written at build time; with %{pyproject_files} the paths are those"
            " %pyproject_save_files names (the module and its dist-info under python3_sitelib,"
            " /usr/lib/python3.9/site-packages on EL9): files then holds only what the spec lists itself",
            "EPEL is not enabled on a fresh Rocky/RHEL 9: dnf install epel-release (RHEL: codeready-builder and the"
            " epel-release rpm) first (docs/rocky9.md, EPEL)",
        ],
        "packages": packages,
    }


def java_facts(src, src_name):
    path = "SPECS/%s.spec" % src_name
    spec = src.show(path)
    g = {}
    for key in ("featurever", "interimver", "updatever", "patchver", "buildver", "rpmrelease", "origin"):
        match = re.search(r"^%global\s+" + key + r"\s+(\S+)", spec, re.M)
        g[key] = match.group(1)
    version = "%s.%s.%s.%s.%s" % (g["featurever"], g["interimver"], g["updatever"], g["patchver"], g["buildver"])
    release = "%s.el9" % g["rpmrelease"]
    feature = g["featurever"]
    origin = g["origin"]
    sdkdir = "java-%s-%s-%s-%s.{arch}" % (feature, origin, version, release)
    jrelnk = "jre-%s-%s-%s-%s.{arch}" % (feature, origin, version, release)
    macros = {"_jvmdir": "/usr/lib/jvm", "_bindir": "/usr/bin", "origin": origin, "javaver": feature,
              "sdkdir -- %{?1}": sdkdir, "jrelnk -- %{?1}": jrelnk,
              "jrebindir -- %{?1}": "/usr/lib/jvm/%s/bin" % sdkdir, "sdkbindir -- %{?1}": "/usr/lib/jvm/%s/bin" % sdkdir}
    alt_java = re.search(r"^%global\s+alt_java_name\s+(\S+)", spec, re.M)
    if alt_java:
        macros["alt_java_name"] = alt_java.group(1)

    def expand(text):
        for key, value in sorted(macros.items(), key=lambda kv: -len(kv[0])):
            text = text.replace("%{" + key + "}", value)
        return text

    def macro_body(name):
        start = spec.index("%%define %s() %%{expand:" % name)
        end = spec.index("\n}\n", start)
        return spec[start:end]

    def alternatives(body, package):
        result = []
        loop_values = None
        for raw in body.splitlines():
            line = raw.strip()
            match = re.match(r"^for X in (.+?)\s*;\s*do$", line)
            if match:
                loop_values = [expand(v) for v in match.group(1).split()]
                continue
            if line == "done":
                loop_values = None
                continue
            line = expand(line)
            match = re.search(r"--(install|slave)\s+(\S+)\s+(\S+)\s+(\S+)", line)
            if not match or "/man" in match.group(2):
                continue
            for value in (loop_values or [None]):
                link, name, target = match.group(2), match.group(3), match.group(4)
                if value is not None:
                    link = link.replace('"$X"', value).replace("$X", value)
                if name == "$key":
                    # the key set before this command
                    key = re.findall(r"key=(\S+)", body[:body.find(raw)])[-1]
                    name = expand(key).replace('"$X"', value or "").replace("$X", value or "")
                result.append({"command": match.group(1), "link": link, "name": name, "target": target,
                               "package": package})
        return result

    links = alternatives(macro_body("alternatives_java_install"), "java-%s-%s-headless" % (feature, origin))
    links += alternatives(macro_body("alternatives_javac_install"), "java-%s-%s-devel" % (feature, origin))
    headless = macro_body("files_jre_headless")
    owned = []
    for raw in headless.splitlines():
        line = expand(raw.strip())
        match = re.match(r"^(%dir\s+)?(/usr/lib/jvm/\S+)$", line)
        if match and "%" not in match.group(2):
            owned.append({"path": match.group(2).rstrip("/"), "dir": bool(match.group(1)) or match.group(2).endswith("/")})
    install_link = re.search(r"ln -sf %\{sdkdir -- \$suffix\} %\{jrelnk -- \$suffix\}", spec) is not None
    debug = re.findall(r"^%global\s+(debug_suffix_unquoted|fastdebug_suffix_unquoted)\s+(\S+)", spec, re.M)
    return {
        "topic": "EL9 " + src_name + ": runtime directory, the links its scriptlets make (alternatives) and what"
                 " -headless owns under /usr/lib/jvm",
        "provenance": [src.provenance(path)],
        "notes": [
            "alternatives --install <link> <name> <path> makes <link> -> /etc/alternatives/<name> -> <path>; --slave"
            " links follow their master (java); posttrans of -headless runs alternatives_java_install, posttrans of"
            " -devel alternatives_javac_install",
            "%install makes the package's own link /usr/lib/jvm/<jrelnk> -> <sdkdir> (relative)",
            "the -slowdebug/-fastdebug builds register the same names with <sdkdir><suffix> targets",
        ],
        "version": version,
        "release": release,
        "feature": int(feature),
        "sdkdir": sdkdir,
        "jrelnk": jrelnk,
        "jrelnk_is_package_link_to_sdkdir": install_link,
        "debug_suffixes": dict(debug),
        "headless_owns": owned,
        "alternatives": links,
    }


def httpd_conf_facts(httpd, mod_jk):
    conf_path = "SOURCES/httpd.conf"
    conf = httpd.show(conf_path)
    includes = []
    for lineno, line in enumerate(conf.splitlines(), start=1):
        match = re.match(r"^\s*(Include|IncludeOptional)\s+(\S+)", line)
        if match:
            includes.append({"directive": match.group(1), "glob": match.group(2), "line": lineno})
    server_root = re.search(r'^ServerRoot\s+"?([^"\s]+)', conf, re.M).group(1)
    listen = re.findall(r"^Listen\s+(.+?)\s*$", conf, re.M)
    spec = httpd.show("SPECS/httpd.spec")
    loop = re.search(r"for f in ([^;]+); do\n\s*install -m 644 -p \$RPM_SOURCE_DIR/\$f \\\n\s*\$RPM_BUILD_ROOT%\{_sysconfdir\}/httpd/conf\.d/\$f",
                     spec)
    conf_d = []
    for name in loop.group(1).split():
        text = httpd.show("SOURCES/" + name)
        conf_d.append({
            "file": "conf.d/" + name, "source": "SOURCES/" + name,
            "virtual_hosts": re.findall(r"^\s*<VirtualHost\s+([^>]+)>", text, re.M),
            "listen": re.findall(r"^\s*Listen\s+(.+?)\s*$", text, re.M),
        })
    extra = re.search(r"for f in (\w[\w ]*); do\n\s*install -m 644 docs/conf/extra/httpd-\$\{f\}\.conf", spec)
    for name in (extra.group(1).split() if extra else []):
        conf_d.append({"file": "conf.d/%s.conf" % name, "source": "docs/conf/extra/httpd-%s.conf (upstream tarball)" % name,
                       "virtual_hosts": [], "listen": [], "note": "not in the git repository; upstream's autoindex config"})
    ssl = httpd.show("SOURCES/ssl.conf")
    jk_spec = mod_jk.show("SPECS/mod_jk.spec")
    jk_conf_d = re.findall(r"^Source\d+:\s+(\S+)", jk_spec, re.M)
    return {
        "topic": "EL9 httpd: how httpd.conf includes conf.d, and the conf.d files the packages install",
        "provenance": [httpd.provenance(conf_path, "SPECS/httpd.spec", "SOURCES/ssl.conf", "SOURCES/welcome.conf",
                                        "SOURCES/manual.conf", "SOURCES/userdir.conf"),
                       mod_jk.provenance("SPECS/mod_jk.spec")],
        "notes": [
            "Include/IncludeOptional globs are expanded in name order (apr_fnmatch + sort), so conf.d/*.conf is read"
            " in the C locale order of the file names",
            "with name-based virtual hosts the first <VirtualHost> read for an address:port is the default for it;"
            " _default_:443 and *:443 both match every address",
        ],
        "server_root": server_root,
        "includes": includes,
        "listen": listen,
        "conf_d": conf_d,
        "package_of_conf_d": {"conf.d/ssl.conf": "mod_ssl", "conf.d/manual.conf": "httpd-manual",
                              "conf.d/welcome.conf": "httpd-core", "conf.d/userdir.conf": "httpd-core",
                              "conf.d/autoindex.conf": "httpd-core"},
        "ssl_conf": {
            "certificate_file": re.search(r"^SSLCertificateFile\s+(\S+)", ssl, re.M).group(1),
            "key_file": re.search(r"^SSLCertificateKeyFile\s+(\S+)", ssl, re.M).group(1),
            "session_cache": re.search(r"^SSLSessionCache\s+(\S+)", ssl, re.M).group(1),
        },
        "mod_jk_conf_d_files": ["conf.d/" + os.path.basename(s.replace("%{pkg_name}", "mod_jk"))
                                for s in jk_conf_d if s.endswith(".sample")],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--policy", required=True, help="git dir of fedora-selinux/selinux-policy")
    parser.add_argument("--policy-branch", default=POLICY_BRANCH)
    parser.add_argument("--rpm-sources", required=True,
                        help="directory with openela-main+<package>/repo git dirs (RHEL 9 source packages)")
    parser.add_argument("--rpm-branch", default=RPM_BRANCH)
    parser.add_argument("--epel-specs", required=True,
                        help="git dir of major/fedora-rpm-specs (Fedora dist-git's spec files, for the EPEL 9 packages)")
    parser.add_argument("--epel-branch", default=EPEL_BRANCH)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "el9"))
    args = parser.parse_args(argv)

    policy = Source(args.policy, POLICY_REPO, args.policy_branch)
    rpm = {}
    for name in RPM_PACKAGES:
        gitdir = os.path.join(args.rpm_sources, "openela-main+%s" % name, "repo")
        if not os.path.isdir(gitdir):
            raise SystemExit("missing %s (fetch github:openela-main/%s)" % (gitdir, name))
        rpm[name] = Source(gitdir, "openela-main/%s" % name, args.rpm_branch)
    epel = Source(args.epel_specs, EPEL_REPO, args.epel_branch)

    out = os.path.normpath(args.out)
    os.makedirs(out, exist_ok=True)
    facts = {
        "ports.json": ports_facts(policy),
        "httpd_selinux.json": httpd_selinux_facts(policy, rpm["selinux-policy"]),
        "file_contexts.json": file_context_facts(policy, rpm["selinux-policy"]),
        "packages.json": rpm_facts(rpm),
        "java17.json": java_facts(rpm["java-17-openjdk"], "java-17-openjdk"),
        "java21.json": java_facts(rpm["java-21-openjdk"], "java-21-openjdk"),
        "httpd_conf.json": httpd_conf_facts(rpm["httpd"], rpm["mod_jk"]),
        "epel.json": epel_facts(epel),
    }
    for name, data in facts.items():
        data = dict({"generator": "scripts/el9-facts.py"}, **data)
        with open(os.path.join(out, name), "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, sort_keys=False)
            handle.write("\n")
        print("wrote %s" % os.path.join(out, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
