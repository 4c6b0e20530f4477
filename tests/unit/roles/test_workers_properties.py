# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""workers.properties of role httpd_modjk: the failover knobs (issue 26) as the role's defaults render them.

The template is rendered with Jinja2 as Ansible does (trim_blocks, Ansible's core filters); every knob of
defaults/main.yml must be documented in meta/argument_specs.yml with the same default. No timings here: the
figures behind the defaults come from benchmarks/failover_knobs_bench.py (docs/web.md).
"""

from __future__ import annotations

import os
import re

import jinja2
import pytest
import yaml
from ansible.plugins.filter.core import FilterModule

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ROLE = os.path.join(ROOT, "roles", "httpd_modjk")
KNOBS = ("ping_mode", "ping_timeout", "connect_timeout", "prepost_timeout", "conn_ping_interval", "retries",
         "retry_interval", "socket_connect_timeout", "recover_time")


def _yaml(*parts):
    with open(os.path.join(ROLE, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _defaults():
    return {k: v for k, v in _yaml("defaults", "main.yml").items() if not (isinstance(v, str) and "{{" in v)}


def render(**overrides):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(ROLE, "templates")), trim_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(FilterModule().filters())
    members = [{"name": "a-was%d" % n, "site": "a", "host": "10.0.0.%d" % n, "port": 8009, "route": "a-was%d" % n,
                "instance": "a-was", "was_host": "was-0%d" % n}
               for n in (1, 2)]
    values = dict(_defaults(), ansible_managed="managed", httpd_modjk_ajp_secret="s" * 16,
                  __httpd_modjk_sites=[{"name": "a", "server_name": "a-site.example", "balancer": "a-loadbalancer"}],
                  __httpd_modjk_members=members)
    values.update(overrides)
    return env.get_template("workers.properties.j2").render(values)


def props(text):
    return dict(re.findall(r"^(worker\.[^=\s]+)=(.*)$", text, re.M))


def test_defaults_render_every_knob_of_the_shared_member_worker():
    defaults = _defaults()
    p = props(render())
    w = "worker.webtier-ajp13."
    assert p[w + "ping_mode"] == defaults["httpd_modjk_ping_mode"]
    assert p[w + "ping_timeout"] == str(defaults["httpd_modjk_ping_timeout"])
    assert p[w + "retries"] == str(defaults["httpd_modjk_retries"])
    assert p[w + "retry_interval"] == str(defaults["httpd_modjk_retry_interval"])
    assert p["worker.a-loadbalancer.recover_time"] == str(defaults["httpd_modjk_recover_time"])
    # 0 = not written: mod_jk derives them from ping_timeout (C and P of ping_mode, I: ping_timeout / 100 s)
    for knob in ("connect_timeout", "prepost_timeout", "conn_ping_interval"):
        if defaults["httpd_modjk_" + knob] == 0:
            assert w + knob not in p


def test_knobs_are_written_when_set():
    p = props(render(httpd_modjk_connect_timeout=700, httpd_modjk_prepost_timeout=500,
                     httpd_modjk_conn_ping_interval=20, httpd_modjk_retries=3, httpd_modjk_retry_interval=10))
    w = "worker.webtier-ajp13."
    assert (p[w + "connect_timeout"], p[w + "prepost_timeout"], p[w + "conn_ping_interval"]) == ("700", "500", "20")
    assert (p[w + "retries"], p[w + "retry_interval"]) == ("3", "10")


def test_empty_ping_mode_writes_no_ping_mode():
    text = render(httpd_modjk_ping_mode="")
    assert "ping_mode" not in text
    assert "\n\n\n" not in text


@pytest.mark.parametrize("knob", KNOBS)
def test_every_knob_is_a_documented_role_variable(knob):
    name = "httpd_modjk_" + knob
    spec = _yaml("meta", "argument_specs.yml")["argument_specs"]["main"]["options"][name]
    assert spec["default"] == _defaults()[name]
    assert spec["type"] == ("str" if knob == "ping_mode" else "int")
    assert spec["description"]
