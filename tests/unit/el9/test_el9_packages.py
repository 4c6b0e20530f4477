# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The RedHat package names and paths of the roles exist in EL9 (tests/data/el9/packages.json, httpd_conf.json:
the el9 spec files of openela-main/<package>); the names a role marks as EPEL's (*_epel_packages) exist in EPEL 9
(tests/data/el9/epel.json: Fedora dist-git's spec files, which EPEL 9 builds from)."""

from __future__ import annotations

import fnmatch
import glob
import importlib.util
import os
import posixpath

import pytest
import yaml

_SPEC = importlib.util.spec_from_file_location("webtier_el9_facts", os.path.join(os.path.dirname(__file__), "facts.py"))
facts = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(facts)

PACKAGES = facts.load("packages.json")["packages"]
EPEL_PACKAGES = facts.load("epel.json")["packages"]


def _redhat_vars():
    """(role, file, name, value) of every variable of roles/*/vars/RedHat*.yml."""
    found = []
    for path in sorted(glob.glob(os.path.join(facts.ROLES, "*", "vars", "RedHat*.yml"))):
        role = path.split(os.sep)[-3]
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        for name, value in data.items():
            found.append((role, os.path.basename(path), name, value))
    return found


def _package_names(epel=False):
    """(where, package) of every *_packages list of the RedHat var files: the EPEL ones (*_epel_packages) with
    ``epel``, else all the others."""
    names = []
    for role, vars_file, name, value in _redhat_vars():
        if not name.endswith("_packages") or name.endswith("_epel_packages") != epel:
            continue
        # the openjdk role's packages are those of the Java release it installs by default on EL9 (openjdk_version
        # unset: the rule over vars/RedHat_9.yml, 21)
        variables = facts.openjdk_vars("RedHat", "9") if role == "openjdk" else facts.role_vars(role, "RedHat")
        for package in value:
            package = facts.render(package, variables)
            names.append(("%s/%s:%s" % (role, vars_file, name), package))
    return names


def _owned(path):
    """The packages whose %files list ``path`` (exactly or by a glob) or that Provide it."""
    owners = []
    for name, package in PACKAGES.items():
        matches = {False: False, True: False}
        for entry in package["files"]:
            pattern = entry["path"].rstrip("/")
            if path == pattern or fnmatch.fnmatchcase(path, pattern):
                matches[entry["exclude"]] = True
        # an %exclude in the same %files section takes the path out of that package
        if (matches[False] and not matches[True]) or path in package["provides_paths"]:
            owners.append(name)
    return owners


def _is_commit(text):
    return len(text) == 40 and all(char in "0123456789abcdef" for char in text)


def test_the_fact_files_name_their_sources():
    for name in ("packages.json", "httpd_conf.json", "java17.json", "java21.json"):
        for source in facts.load(name)["provenance"]:
            assert source["repository"].startswith("openela-main/") and source["branch"] == "el9"
            assert len(source["commit"]) == 40
    # epel.json is not EL9's own: it names the repository, branch, commit and spec it was read from, and says in
    # its notes which repository that is and that EPEL 9 builds from Fedora's epel9 branch
    data = facts.load("epel.json")
    assert data["provenance"] and data["packages"]
    for source in data["provenance"]:
        assert "/" in source["repository"] and source["repository"] in " ".join(data["notes"])
        assert source["branch"] and source["subject"] and _is_commit(source["commit"])
        assert all(path.endswith(".spec") for path in source["paths"])
    assert "epel9" in " ".join(data["notes"])
    for package in data["packages"].values():
        assert package["declared_by"].startswith(("%package", "%pyproject_extras_subpkg", "Name:"))


def test_every_var_file_package_list_is_found():
    assert len(_package_names()) > 15


def test_the_openjdk_package_is_that_of_the_el9_default():
    assert facts.openjdk_default("RedHat", "9") == 21
    assert ("openjdk/RedHat.yml:__openjdk_packages", "java-21-openjdk-headless") in _package_names()


@pytest.mark.parametrize("where, package", _package_names())
def test_every_redhat_package_name_exists_in_el9(where, package):
    assert package in PACKAGES, "%s names %s, which no EL9 spec builds" % (where, package)


@pytest.mark.parametrize("where, package", _package_names(epel=True))
def test_every_epel_package_name_exists_in_epel9(where, package):
    """Only the lists a role marks as EPEL's (*_epel_packages) may name EPEL packages, and only those."""
    assert package in EPEL_PACKAGES, "%s names %s, which the EPEL spec files of epel.json do not build" % (where, package)
    assert package not in PACKAGES, "%s names %s as EPEL's, but EL9 builds it (packages.json)" % (where, package)


def test_the_metrics_role_marks_its_epel_package():
    assert ("metrics/RedHat.yml:__metrics_epel_packages", "python3-prometheus_client") in _package_names(epel=True)


# paths the roles create themselves (or that something other than a package creates): the directory they are
# created in must be a package's
CREATED = {
    "__httpd_modjk_include_file": "the role's include file",
    "__httpd_modjk_shm_dir": "the role creates it (mod_jk's package would own it)",
    "__httpd_modjk_tls_stapling_cache": "httpd creates the shmcb file",
    "__httpd_modjk_tls_init_certificate": "httpd-init.service (mod_ssl) creates it",
}


def _redhat_paths():
    found = []
    for role, vars_file, name, value in _redhat_vars():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and item.startswith("/"):
                found.append(("%s:%s" % (role, name), name, item.split("(")[0]))
    return found


@pytest.mark.parametrize("where, name, path", _redhat_paths())
def test_every_redhat_path_exists_in_el9(where, name, path):
    if name in CREATED:
        parent = posixpath.dirname(path)
        assert _owned(parent), "%s: %s is created in %s, which no EL9 package owns" % (where, path, parent)
    else:
        assert _owned(path), "%s: no EL9 package installs %s" % (where, path)


def test_the_default_tls_certificate_is_the_one_ssl_conf_names():
    ssl = facts.load("httpd_conf.json")["ssl_conf"]
    assert facts.role_vars("httpd_modjk")["__httpd_modjk_tls_init_certificate"] == ssl["certificate_file"]
    assert _owned("/usr/lib/systemd/system/httpd-init.service") == ["mod_ssl"]


def test_mod_jk_package_paths_are_the_roles():
    """EL9's mod_jk spec installs mod_jk.so into httpd's module directory and owns /var/cache/httpd/mod_jk,
    the paths the role builds into; its conf.d files are *.sample, which conf.d/*.conf does not include."""
    variables = facts.role_vars("httpd_modjk")
    module = facts.render(variables["__httpd_modjk_module_path"], variables)
    assert "mod_jk" in _owned(module)
    assert "mod_jk" in _owned(variables["__httpd_modjk_shm_dir"])
    for conf in facts.load("httpd_conf.json")["mod_jk_conf_d_files"]:
        assert not fnmatch.fnmatchcase(conf, "conf.d/*.conf"), conf


def test_apxs_and_the_module_directory():
    variables = facts.role_vars("httpd_modjk")
    assert _owned(variables["__httpd_modjk_apxs"]) == ["httpd-devel"]
    assert "httpd-core" in _owned(variables["__httpd_modjk_modules_dir"])
    assert "httpd-core" in _owned(variables["__httpd_modjk_configtest"][0])
