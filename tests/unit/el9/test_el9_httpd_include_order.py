# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""On EL9 the role's include file is read before every packaged conf.d file that defines a 443 vhost.

httpd.conf reads `IncludeOptional conf.d/*.conf` in name order; mod_ssl's conf.d/ssl.conf defines
`<VirtualHost _default_:443>`. The first vhost read for *:443 is the default for unknown names, so the
role's TLS catch-all only is the default when its include file sorts before ssl.conf
(tests/data/el9/httpd_conf.json, from the el9 httpd spec and its SOURCES).
"""

from __future__ import annotations

import fnmatch
import importlib.util
import os
import posixpath

_SPEC = importlib.util.spec_from_file_location("webtier_el9_facts", os.path.join(os.path.dirname(__file__), "facts.py"))
facts = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(facts)

CONF = facts.load("httpd_conf.json")


def _include_file():
    return facts.role_vars("httpd_modjk", "RedHat")["__httpd_modjk_include_file"]


def _conf_d_glob():
    globs = [i["glob"] for i in CONF["includes"] if i["glob"].startswith("conf.d/")]
    assert globs == ["conf.d/*.conf"]
    return posixpath.join(CONF["server_root"], globs[0])


def _https_vhost_files():
    return [entry["file"] for entry in CONF["conf_d"]
            if any(v.endswith(":443") for v in entry["virtual_hosts"])]


def test_the_facts_say_ssl_conf_defines_the_default_443_vhost():
    assert {"directive": "IncludeOptional", "glob": "conf.d/*.conf"} in [
        {"directive": i["directive"], "glob": i["glob"]} for i in CONF["includes"]]
    ssl = [e for e in CONF["conf_d"] if e["file"] == "conf.d/ssl.conf"][0]
    assert ssl["virtual_hosts"] == ["_default_:443"]
    assert CONF["package_of_conf_d"]["conf.d/ssl.conf"] == "mod_ssl"
    assert _https_vhost_files() == ["conf.d/ssl.conf"]


def test_the_include_file_is_read_by_httpd_conf():
    path = _include_file()
    assert fnmatch.fnmatchcase(path, _conf_d_glob()), (path, _conf_d_glob())


def test_the_include_file_sorts_before_every_packaged_443_vhost():
    """IncludeOptional reads the directory in strcmp order (apr_dir_read + qsort), i.e. byte order."""
    name = posixpath.basename(_include_file()).encode()
    for conf in _https_vhost_files():
        other = posixpath.basename(conf).encode()
        assert name < other, (
            "%s is read after %s (<VirtualHost _default_:443>), so the role's TLS catch-all is not the default"
            " vhost for 443 on EL9" % (_include_file(), conf))


def test_a_renamed_include_file_has_its_old_name_removed():
    """When the include file is not the historical conf.d/webtier-modjk.conf, the role removes that one
    (a leftover copy would load the configuration twice, and still after ssl.conf)."""
    include = _include_file()
    old = posixpath.join(posixpath.dirname(include), "webtier-modjk.conf")
    if include == old:
        return
    variables = facts.role_vars("httpd_modjk", "RedHat")
    removed = variables.get("__httpd_modjk_disable_files") or []
    tasks = facts.role_yaml("httpd_modjk", "tasks", "config.yml")
    remover = [t for t in tasks if "ansible.builtin.file" in t and t["ansible.builtin.file"].get("state") == "absent"
               and "__httpd_modjk_disable_files" in str(t.get("loop", ""))]
    assert old in removed and remover, "nothing in roles/httpd_modjk removes the old include file %s" % old
