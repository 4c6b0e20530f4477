# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which boolean httpd needs for the AJP ports, from `semanage port -l` as EL9 prints it.

SEMANAGE holds the lines of `semanage port -l` for the types that matter here, with the port
lists of CentOS Stream 9's policy/modules/kernel/corenetwork.te.in (c9s).
"""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.filter.httpd_selinux import FilterModule, httpd_selinux
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._selinux_ports import (
    SelinuxPortsError,
    httpd_plan,
    parse_semanage_ports,
    port_type,
)

SEMANAGE = """SELinux Port Type              Proto    Port Number

commplex_main_port_t           tcp      5000
commplex_link_port_t           tcp      4331, 5001
ephemeral_port_t               tcp      32768-60999
ftp_port_t                     tcp      21, 989, 990
http_cache_port_t              tcp      8080, 8118, 8123, 10001-10010
http_cache_port_t              udp      3130
http_port_t                    tcp      80, 81, 443, 488, 8008, 8009, 8443, 9000
jboss_management_port_t        tcp      4447, 4712, 7600, 9123, 9990, 9999, 18001
memcache_port_t                tcp      11211
mxi_port_t                     tcp      8005
reserved_port_t                tcp      1-511
hi_reserved_port_t             tcp      512-1023
squid_port_t                   tcp      3128, 3401, 4827
unreserved_port_t              tcp      61000-65535, 1024-32767
"""


def test_parse_keeps_types_protocols_and_ranges():
    records = parse_semanage_ports(SEMANAGE)
    assert ("http_port_t", "tcp", 8009, 8009) in records
    assert ("http_cache_port_t", "tcp", 10001, 10010) in records
    assert ("http_cache_port_t", "udp", 3130, 3130) in records
    assert ("unreserved_port_t", "tcp", 1024, 32767) in records
    assert parse_semanage_ports(SEMANAGE.splitlines()) == records
    assert parse_semanage_ports(None) == []
    assert parse_semanage_ports("") == []


def test_the_narrowest_range_wins():
    records = parse_semanage_ports(SEMANAGE)
    assert port_type(records, 8009) == "http_port_t"          # also inside 1024-32767
    assert port_type(records, 8019) == "unreserved_port_t"
    assert port_type(records, 8080) == "http_cache_port_t"
    assert port_type(records, 10005) == "http_cache_port_t"
    assert port_type(records, 40000) == "ephemeral_port_t"
    assert port_type(records, 3130) == "unreserved_port_t"    # 3130 is http_cache_port_t for udp only
    assert port_type([], 80) == "reserved_port_t"
    assert port_type([], 8099) == "unreserved_port_t"


def test_seed_ports_8009_and_8019_need_httpd_can_network_connect():
    plan = httpd_plan(SEMANAGE, [8009, 8019, 8009], 8099)
    assert plan["boolean"] == "httpd_can_network_connect"
    assert plan["ports"] == [
        {"port": 8009, "type": "http_port_t", "relay": True},
        {"port": 8019, "type": "unreserved_port_t", "relay": False},
    ]
    assert plan["status_port"] == {"port": 8099, "type": "unreserved_port_t", "action": "label"}


def test_8009_alone_is_reached_with_httpd_can_network_relay():
    assert httpd_plan(SEMANAGE, [8009], None)["boolean"] == "httpd_can_network_relay"


@pytest.mark.parametrize("port", [80, 8080, 8118, 10010, 3128, 11211, 21, 32768, 60999])
def test_every_type_httpd_can_network_relay_allows(port):
    assert httpd_plan(SEMANAGE, [port])["boolean"] == "httpd_can_network_relay"


@pytest.mark.parametrize("port", [8005, 5000, 8019, 61000, 1024, 9990])
def test_other_types_need_httpd_can_network_connect(port):
    assert httpd_plan(SEMANAGE, [port])["boolean"] == "httpd_can_network_connect"


def test_a_local_label_of_the_ajp_port_gives_the_narrower_boolean():
    local = "SELinux Port Type              Proto    Port Number\n\nhttp_port_t                    tcp      8019\n"
    merged = SEMANAGE + local
    plan = httpd_plan(merged, [8009, 8019], local_output=local)
    assert plan["boolean"] == "httpd_can_network_relay"


def test_a_local_modification_of_a_policy_port_wins():
    # semanage port -m -t http_port_t -p tcp 5000: -l lists both, -l -C only the local one
    local = "http_port_t                    tcp      5000\n"
    merged = SEMANAGE + local
    assert port_type(parse_semanage_ports(merged), 5000, local=parse_semanage_ports(local)) == "http_port_t"
    assert httpd_plan(merged, [5000], local_output=local)["boolean"] == "httpd_can_network_relay"


def test_status_port_already_bindable_or_owned_by_another_service():
    assert httpd_plan(SEMANAGE, [8009], 8080)["status_port"]["action"] == "none"
    assert httpd_plan(SEMANAGE, [8009], 9990)["status_port"]["action"] == "none"      # jboss_management_port_t
    conflict = httpd_plan(SEMANAGE, [8009], 8005)["status_port"]
    assert conflict == {"port": 8005, "type": "mxi_port_t", "action": "conflict"}
    assert httpd_plan(SEMANAGE, [8009], 40000)["status_port"]["action"] == "label"
    assert httpd_plan(SEMANAGE, [8009], "")["status_port"] is None


def test_no_ajp_port_needs_no_boolean():
    assert httpd_plan(SEMANAGE, [])["boolean"] == ""


def test_string_ports_from_the_inventory():
    assert httpd_plan(SEMANAGE, ["8009"], "8099")["ports"][0]["port"] == 8009


@pytest.mark.parametrize("ports, status", [(8009, None), (None, None), ([0], None), (["x"], None), ([8009], 70000)])
def test_bad_ports_are_clear_errors(ports, status):
    with pytest.raises(SelinuxPortsError):
        httpd_plan(SEMANAGE, ports, status)


def test_bad_semanage_output():
    with pytest.raises(SelinuxPortsError, match="semanage"):
        parse_semanage_ports({"stdout": SEMANAGE})


def test_filter_plugin():
    assert FilterModule().filters()["httpd_selinux"] is httpd_selinux
    assert httpd_selinux(SEMANAGE, [8009, 8019], 8099)["boolean"] == "httpd_can_network_connect"
    with pytest.raises(AnsibleFilterError, match="httpd_selinux: "):
        httpd_selinux(SEMANAGE, "8009")
