# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: httpd_selinux
short_description: The SELinux boolean and port labels httpd needs to reach AJP members
version_added: 0.1.0
author: webtier maintainers
description:
  - Reads the port types of a host (the output of C(semanage port -l)) and says which boolean lets
    C(httpd_t) connect to every AJP port - C(httpd_can_network_relay) when all of them are of a type that
    boolean allows (C(http_port_t) such as 8009, C(http_cache_port_t), C(squid_port_t), C(memcache_port_t),
    C(ftp_port_t), C(gopher_port_t), ephemeral ports), otherwise C(httpd_can_network_connect) (any port) - and
    whether the status listener's port needs the C(http_port_t) label.
  - A port that already has another service's type is reported as a conflict instead of being relabelled.
positional: ajp_ports, status_port, local
options:
  _input:
    description: The stdout of C(semanage port -l) (a string or its lines).
    type: raw
    required: true
  ajp_ports:
    description: The AJP ports of the mod_jk members.
    type: list
    elements: int
    required: true
  status_port:
    description: The port of the status listener; omit for none.
    type: int
  local:
    description: The stdout of C(semanage port -l -C) (local customisations, which win over the policy).
    type: raw
"""

EXAMPLES = r"""
- name: Read the port types
  ansible.builtin.command: semanage port -l
  register: ports
  changed_when: false

- name: Let httpd reach the AJP ports with the narrowest boolean
  ansible.posix.seboolean:
    name: "{{ (ports.stdout | webtier.tomcat_cluster.httpd_selinux([8009, 8019], 8090)).boolean }}"
    state: true
    persistent: true
"""

RETURN = r"""
_value:
  description: The plan.
  type: dict
  contains:
    boolean:
      description: C(httpd_can_network_relay) or C(httpd_can_network_connect); empty without AJP ports.
      type: str
    ports:
      description: Each AJP port with its C(type) and whether C(httpd_can_network_relay) reaches it (C(relay)).
      type: list
      elements: dict
    status_port:
      description:
        - C(port), C(type) and C(action) - V(none) (httpd may bind it already), V(label) (a port nobody owns,
          to be labelled C(http_port_t)) or V(conflict) (it belongs to another service); null without a status port.
      type: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._selinux_ports import (
    SelinuxPortsError,
    httpd_plan,
)


def httpd_selinux(semanage_output, ajp_ports, status_port=None, local=None):
    """Filter entry point: see DOCUMENTATION."""
    try:
        return httpd_plan(semanage_output, ajp_ports, status_port=status_port, local_output=local)
    except SelinuxPortsError as exc:
        raise AnsibleFilterError("httpd_selinux: %s" % exc) from exc


class FilterModule:
    """webtier.tomcat_cluster.httpd_selinux."""

    def filters(self):
        return {"httpd_selinux": httpd_selinux}
