# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The EL9 labels of the files the roles write or run, and whether httpd_t may use them.

Labels come from the .fc rules in tests/data/el9/file_contexts.json (c9s policy, modules of the targeted
policy) through a matchpathcon-like matcher (facts.fc_label); what httpd_t may do with each type comes
from the unconditional rules of apache.te (facts.httpd_file_access).
"""

from __future__ import annotations

import importlib.util
import os

import pytest

_SPEC = importlib.util.spec_from_file_location("webtier_el9_facts", os.path.join(os.path.dirname(__file__), "facts.py"))
facts = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(facts)


def _web_vars():
    variables = facts.role_vars("httpd_modjk", "RedHat")
    return variables


def _v(variables, name):
    return facts.render(variables[name], variables)


# ------------------------------------------------------------------------------------------ the matcher

@pytest.mark.parametrize("path, file_type, label", [
    ("/etc/httpd/conf/httpd.conf", "file", "httpd_config_t"),
    ("/etc/httpd/logs", "link", "etc_t"),                        # /etc/httpd/.* -l wins over /etc/httpd(/.*)?
    ("/usr/lib64/httpd/modules/mod_ssl.so", "file", "httpd_modules_t"),   # /usr/lib64 = /usr/lib (subs_dist)
    ("/run/httpd/sslcache", "file", "httpd_var_run_t"),          # /run = /var/run
    ("/var/cache/httpd/ssl", "dir", "httpd_cache_t"),
    ("/usr/sbin/httpd", "file", "httpd_exec_t"),                 # more specific than /usr/(.*/)?sbin(/.*)?
    ("/usr/local/tomcat/x/bin/catalina.sh", "file", "bin_t"),     # /usr/(.*/)?bin(/.*)? beats /usr/.*
    ("/usr/local/tomcat/x/conf/server.xml", "file", "usr_t"),
    ("/etc/pki/tls/certs/localhost.crt", "file", "cert_t"),
])
def test_the_matcher_gives_the_known_labels(path, file_type, label):
    assert facts.fc_label(path, file_type) == label


def test_the_fact_file_names_its_sources():
    fc = facts.load("file_contexts.json")
    assert {p["repository"] for p in fc["provenance"]} == {"fedora-selinux/selinux-policy", "openela-main/selinux-policy"}
    assert all(len(p["commit"]) == 40 for p in fc["provenance"])
    modules = {rule["module"] for rule in fc["rules"]}
    assert {"apache", "corecommands", "files", "tomcat"} <= modules or {"apache", "corecommands", "files"} <= modules


# ----------------------------------------------------------------------------------- the web host (EL9)

# what httpd_t needs for each kind of file the role writes
NEEDS = {
    "config": {"file": {"read"}, "dir": {"list"}},
    "module": {"file": {"read", "map", "execute"}},
    "log": {"file": {"create", "append"}},
    "shm": {"file": {"create", "write", "map"}, "dir": {"add_name"}},
    "runtime": {"file": {"create", "write"}},
}


def _web_files():
    """(path, file type, what httpd_t does with it) of every file and directory the web role writes on EL9."""
    variables = _web_vars()
    conf_dir = _v(variables, "__httpd_modjk_conf_dir")
    files = [
        (_v(variables, "__httpd_modjk_include_file"), "file", "config"),
        (conf_dir, "dir", "config"),
        (_v(variables, "__httpd_modjk_candidate_dir"), "dir", "config"),
        (_v(variables, "__httpd_modjk_live_dir"), "dir", "config"),
        (_v(variables, "__httpd_modjk_module_path"), "file", "module"),
        (_v(variables, "__httpd_modjk_shm_dir"), "dir", "shm"),
        (_v(variables, "__httpd_modjk_shm_file"), "file", "shm"),
        (_v(variables, "__httpd_modjk_log_file"), "file", "log"),
        (_v(variables, "__httpd_modjk_log_dir") + "/jkstatus_error.log", "file", "log"),
        (_v(variables, "__httpd_modjk_log_dir") + "/default-vhost_access.log", "file", "log"),
        (_v(variables, "__httpd_modjk_tls_stapling_cache").split("(")[0], "file", "runtime"),
    ]
    for tree in ("__httpd_modjk_candidate_dir", "__httpd_modjk_live_dir"):
        for name in ("00-modjk.conf", "01-hardening.conf", "workers.properties", "05-tls.conf", "10-site-a.conf",
                     "tls-a.crt", "tls-a.key"):
            files.append(("%s/%s" % (_v(variables, tree), name), "file", "config"))
    return files


@pytest.mark.parametrize("path, file_type, use", _web_files(), ids=lambda v: v if isinstance(v, str) and v.startswith("/") else None)
def test_httpd_may_use_every_file_the_web_role_writes(path, file_type, use):
    label = facts.fc_label(path, file_type)
    granted = facts.httpd_file_access().get(label, {})
    for cls, access in NEEDS[use].items():
        if cls == "dir" and file_type != "dir":
            continue
        if cls != "dir" and file_type == "dir":
            continue
        have = sorted(granted.get(cls, set()))
        assert access <= granted.get(cls, set()), (
            "%s is %s on EL9; httpd_t may %s it, needs %s (%s)" % (path, label, have, sorted(access), use))


def test_the_role_writes_its_config_where_httpd_config_t_applies():
    assert facts.fc_label(_v(_web_vars(), "__httpd_modjk_conf_dir"), "dir") == "httpd_config_t"
    assert facts.fc_label(_v(_web_vars(), "__httpd_modjk_include_file"), "file") == "httpd_config_t"


def test_the_shm_dir_is_httpd_cache_t_as_mod_jk_package_expects():
    assert facts.fc_label(_v(_web_vars(), "__httpd_modjk_shm_dir"), "dir") == "httpd_cache_t"


# ------------------------------------------------------------------------------------ the WAS hosts (EL9)

def test_catalina_sh_is_bin_t_so_systemd_can_start_it():
    """init_t enters unconfined_service_t through bin_t entry points only; the role relabels the tree with
    restorecon, which gives catalina.sh the policy's default: bin_t."""
    tomcat = facts.role_yaml("tomcat", "defaults", "main.yml")
    home = "%s/apache-tomcat-%s" % (tomcat["tomcat_install_root"], tomcat["tomcat_version"])
    assert facts.fc_label(home + "/bin/catalina.sh", "file") == "bin_t"
    assert facts.fc_label(home + "/bin/startup.sh", "file") == "bin_t"
    assert facts.fc_label(home + "/lib/catalina.jar", "file") == "lib_t"     # /usr/(.*/)?lib(/.*)? (libraries.fc)
    assert facts.fc_label(tomcat["tomcat_install_root"] + "/a-was/conf/server.xml", "file") == "usr_t"
    assert tomcat["tomcat_selinux_restorecon"] is True
