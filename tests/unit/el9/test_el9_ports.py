# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every port the collection binds or connects to on EL9, against EL9's whole port table.

`semanage port -l` is generated from tests/data/el9/ports.json (every network_port() of c9s
corenetwork.te.in plus the portcon defaults) and fed to the collection's own plan
(plugins/module_utils/_selinux_ports.py behind the httpd_selinux filter). What httpd_t may then do
is read from tests/data/el9/httpd_selinux.json (apache.te), not from the module's own tables.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import re

import pytest
import yaml

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._selinux_ports import (
    httpd_plan,
    parse_semanage_ports,
    port_type,
)

_SPEC = importlib.util.spec_from_file_location("webtier_el9_facts", os.path.join(os.path.dirname(__file__), "facts.py"))
facts = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(facts)

SEMANAGE = facts.semanage_port_list()
RECORDS = parse_semanage_ports(SEMANAGE)


def _check_web_plan(ajp_ports, status_port, where):
    """The plan for these ports is sound on EL9: its boolean lets httpd_t connect to every AJP port and
    the status port is one httpd_t may bind once the plan is applied."""
    plan = httpd_plan(SEMANAGE, ajp_ports, status_port)
    for entry in plan["ports"]:
        assert entry["type"] == facts.reference_port_type(entry["port"]), where
        assert facts.httpd_may_connect(plan["boolean"], entry["type"]), (
            "%s: AJP port %d is %s on EL9; %s does not let httpd_t connect to it"
            % (where, entry["port"], entry["type"], plan["boolean"]))
    status = plan["status_port"]
    if status_port is not None:
        assert status["type"] == facts.reference_port_type(int(status_port)), where
        assert status["action"] != "conflict", (
            "%s: status port %s is %s on EL9 (another service's type, which httpd_t may not bind and the role"
            " refuses to take)" % (where, status_port, status["type"]))
        bound_type = "http_port_t" if status["action"] == "label" else status["type"]
        assert facts.httpd_may_bind(bound_type), (where, status)
    return plan


# ------------------------------------------------------------------------------ the facts and the parser

def test_the_port_table_is_the_whole_of_corenetwork():
    ports = facts.load("ports.json")
    assert ports["provenance"][0]["repository"] == "fedora-selinux/selinux-policy"
    assert len(ports["provenance"][0]["commit"]) == 40
    assert len(ports["ports"]) > 300
    by_type = {p["type"]: p for p in ports["ports"]}
    assert {(r["proto"], r["low"]) for r in by_type["http_port_t"]["ranges"]} >= {("tcp", 80), ("tcp", 443), ("tcp", 8009)}
    assert [(r["proto"], r["low"]) for r in by_type["preupgrade_port_t"]["ranges"]] == [("tcp", 8099)]
    defaults = {(d["type"], d["proto"], d["low"], d["high"]) for d in ports["portcon_defaults"]}
    assert {("unreserved_port_t", "tcp", 1024, 32767), ("ephemeral_port_t", "tcp", 32768, 60999),
            ("unreserved_port_t", "tcp", 61000, 65535), ("reserved_port_t", "tcp", 1, 511),
            ("hi_reserved_port_t", "tcp", 512, 1023)} <= defaults


def test_the_generated_semanage_output_parses_to_every_range():
    expected = sum(len(p["ranges"]) for p in facts.load("ports.json")["ports"])
    expected += len(facts.load("ports.json")["portcon_defaults"])
    assert len(RECORDS) == expected


def _boundaries():
    ports = set()
    for dummy, low, high in facts.port_records("tcp"):
        ports.update(p for p in (low - 1, low, high, high + 1) if 0 < p < 65536)
    return sorted(ports)


def test_the_module_types_every_port_as_el9_does():
    """port_type (narrowest range wins) agrees with EL9's table at every range boundary (tcp and udp)."""
    wrong = []
    for proto in ("tcp", "udp"):
        for port in _boundaries():
            got = port_type(RECORDS, port, proto)
            want = facts.reference_port_type(port, proto)
            if got != want:
                wrong.append((proto, port, got, want))
    assert wrong == []


def test_the_module_booleans_match_apache_te():
    """RELAY_TYPES/BIND_TYPES of the module are what apache.te grants (no more, no less)."""
    from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _selinux_ports as mod
    selinux = facts.load("httpd_selinux.json")
    assert set(selinux["booleans"][mod.RELAY_BOOLEAN]["tcp_connect"]) == set(mod.RELAY_TYPES)
    assert selinux["booleans"][mod.CONNECT_BOOLEAN]["tcp_connect"][0] == "all"
    assert set(selinux["httpd_t_without_boolean"]["tcp_bind"]) == set(mod.BIND_TYPES)
    for name in (mod.RELAY_BOOLEAN, mod.CONNECT_BOOLEAN, "httpd_graceful_shutdown", "httpd_run_preupgrade"):
        assert selinux["booleans"][name]["default"] is False, name
    assert selinux["booleans"]["httpd_run_preupgrade"]["tcp_bind"] == ["preupgrade_port_t"]
    assert selinux["httpd_t_without_boolean"]["tcp_connect"] == []


# ------------------------------------------------------------------------------------------ the defaults

def _default_instances():
    return facts.role_yaml("tomcat", "defaults", "main.yml")["tomcat_instances"]


def test_the_defaults_plan_cleanly_on_el9():
    web = facts.role_yaml("httpd_modjk", "defaults", "main.yml")
    ajp = [i["ajp_port"] for i in _default_instances()]
    plan = _check_web_plan(ajp, web["httpd_modjk_status_port"], "role defaults")
    assert plan["boolean"] == "httpd_can_network_connect"   # 8019 is unreserved_port_t


def test_the_default_status_port_is_not_another_services_port():
    port = facts.role_yaml("httpd_modjk", "defaults", "main.yml")["httpd_modjk_status_port"]
    assert facts.reference_port_type(int(port)) in facts.GENERIC_PORT_TYPES + ("http_port_t", "http_cache_port_t"), (
        "httpd_modjk_status_port %s is %s on EL9" % (port, facts.reference_port_type(int(port))))


@pytest.mark.parametrize("key", ["httpd_modjk_http_port", "httpd_modjk_https_port"])
def test_httpd_may_bind_its_http_and_https_ports(key):
    port = facts.role_yaml("httpd_modjk", "defaults", "main.yml")[key]
    assert facts.httpd_may_bind(facts.reference_port_type(int(port)))


def test_the_drain_url_names_the_status_port():
    """The tomcat role's default status URL (a literal, or a template whose fallback is a port number) names
    httpd_modjk's default status port."""
    port = facts.role_yaml("httpd_modjk", "defaults", "main.yml")["httpd_modjk_status_port"]
    text = str(facts.role_yaml("tomcat", "defaults", "main.yml")["tomcat_restart_drain_status_url"])
    text += str(facts.role_yaml("tomcat", "vars", "main.yml").get("__tomcat_status_url", ""))
    named = re.findall(r"https?://[^/:]+:(\d+)/", text) + re.findall(r"httpd_modjk_status_port\s*\|\s*default\((\d+)\)", text)
    assert named and set(named) == {str(port)}, (text, port)


# what the WAS ports are on EL9: Tomcat runs unconfined_service_t (bin_t catalina.sh started by systemd),
# which may bind any port, so these need no label; relabelling them would take them from other services
WAS_PORT_TYPES = {
    ("tcp", 8005): "mxi_port_t", ("tcp", 8015): "unreserved_port_t",
    ("tcp", 8009): "http_port_t", ("tcp", 8019): "unreserved_port_t",
    ("tcp", 5000): "commplex_main_port_t", ("tcp", 5001): "commplex_link_port_t",
    ("udp", 45564): "ephemeral_port_t", ("udp", 45565): "ephemeral_port_t",
}


def test_the_was_ports_of_the_defaults_and_why_they_are_not_relabelled():
    seen = {}
    for instance in _default_instances():
        for key, proto in (("shutdown_port", "tcp"), ("ajp_port", "tcp"), ("cluster_port", "tcp"), ("multicast_port", "udp")):
            port = instance[key]
            seen[(proto, port)] = port_type(RECORDS, port, proto)
    assert seen == WAS_PORT_TYPES
    assert facts.role_yaml("tomcat", "defaults", "main.yml")["tomcat_selinux_port_type"] == ""


# ------------------------------------------------------------------------------- the lab's inventories

def _inventory_ports():
    """(where, ajp ports, status port) of every inventory and molecule scenario that sets instances."""
    web_default = facts.role_yaml("httpd_modjk", "defaults", "main.yml")["httpd_modjk_status_port"]
    found = []
    for inv in sorted(glob.glob(os.path.join(facts.ROOT, "inventories", "*"))):
        was = os.path.join(inv, "group_vars", "was.yml")
        web = os.path.join(inv, "group_vars", "web.yml")
        if not os.path.exists(was):
            continue
        with open(was, encoding="utf-8") as handle:
            instances = (yaml.safe_load(handle) or {}).get("tomcat_instances")
        status = web_default
        if os.path.exists(web):
            with open(web, encoding="utf-8") as handle:
                status = (yaml.safe_load(handle) or {}).get("httpd_modjk_status_port", web_default)
        if instances:
            found.append((os.path.relpath(inv, facts.ROOT), [i["ajp_port"] for i in instances], status))
    for scenario in sorted(glob.glob(os.path.join(facts.ROOT, "molecule", "*", "molecule.yml"))):
        with open(scenario, encoding="utf-8") as handle:
            text = handle.read()
        # molecule.yml holds ${VAR} substitutions; YAML still parses them as strings
        config = yaml.safe_load(text) or {}
        inventory = (config.get("provisioner") or {}).get("inventory") or {}
        variables = {}
        for section in ("group_vars", "host_vars"):
            for values in (inventory.get(section) or {}).values():
                variables.update(values or {})
        instances = variables.get("tomcat_instances")
        if instances:
            found.append((os.path.relpath(scenario, facts.ROOT), [i["ajp_port"] for i in instances],
                          variables.get("httpd_modjk_status_port", web_default)))
    return found


def test_the_lab_inventories_are_found():
    where = [w for w, dummy, dummy2 in _inventory_ports()]
    assert "inventories/lab" in where and "inventories/example" in where
    assert any(w.startswith("molecule/") for w in where)


@pytest.mark.parametrize("where, ajp, status", _inventory_ports(), ids=lambda v: v if isinstance(v, str) else None)
def test_the_lab_ports_plan_cleanly_on_el9(where, ajp, status):
    _check_web_plan(ajp, status, where)


# ----------------------------------------------------------------------------- what a user would choose

@pytest.mark.parametrize("ajp", [[8009], [8019], [8009, 8019, 8029], [8109, 8209], [9009], [18009], [8080],
                                 [40000], [61000], [5000], [8005]])
def test_other_ajp_ports_get_a_boolean_that_reaches_them(ajp):
    plan = _check_web_plan(ajp, None, "AJP %s" % ajp)
    relay = all(facts.httpd_may_connect("httpd_can_network_relay", p["type"]) for p in plan["ports"])
    assert plan["boolean"] == ("httpd_can_network_relay" if relay else "httpd_can_network_connect")


def _gaps():
    """Ports of 1024-65535 that no network_port() names (their type is a portcon default): the first,
    middle and last port of every gap between named tcp ranges."""
    named = sorted((low, high) for setype, low, high in facts.port_records("tcp")
                   if setype not in facts.GENERIC_PORT_TYPES)
    gaps = []
    start = 1024
    for low, high in named + [(65536, 65536)]:
        if high < start:
            continue
        if low > start:
            gaps.append((start, low - 1))
        start = max(start, high + 1)
    ports = set()
    for low, high in gaps:
        ports.update((low, (low + high) // 2, high))
    return sorted(ports)


def test_every_unnamed_status_port_plans_a_label():
    ports = _gaps()
    assert len(ports) > 100
    bad = []
    for port in ports:
        status = httpd_plan(SEMANAGE, [8009], port)["status_port"]
        if status["action"] != "label" or not facts.httpd_may_bind("http_port_t"):
            bad.append((port, status))
    assert bad == []


def _named_ports():
    result = []
    for setype, low, high in facts.port_records("tcp"):
        if setype in facts.GENERIC_PORT_TYPES or low < 1024:
            continue
        result.append((low, setype))
    return sorted(set(result))


def test_a_status_port_of_another_service_is_refused_and_one_httpd_may_bind_is_kept():
    for port, dummy in _named_ports():
        setype = facts.reference_port_type(port)
        status = httpd_plan(SEMANAGE, [8009], port)["status_port"]
        assert status["type"] == setype
        assert status["action"] == ("none" if facts.httpd_may_bind(setype) else "conflict"), (port, setype, status)


def test_8099_the_old_default_is_refused_on_el9():
    status = httpd_plan(SEMANAGE, [8009, 8019], 8099)["status_port"]
    assert status == {"port": 8099, "type": "preupgrade_port_t", "action": "conflict"}


def test_the_role_refuses_a_conflicting_status_port_with_a_message():
    tasks = facts.role_yaml("httpd_modjk", "tasks", "selinux.yml")
    refuse = [t for t in tasks if "ansible.builtin.assert" in t
              and any("conflict" in str(c) for c in t["ansible.builtin.assert"]["that"])]
    assert len(refuse) == 1
    message = refuse[0]["ansible.builtin.assert"]["fail_msg"]
    assert "httpd_modjk_status_port" in message and "['status_port']['type']" in message
    seport = [t for t in tasks if "community.general.seport" in t]
    assert seport and all("'label'" in str(t.get("when")) for t in seport)
