# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise: its functions and
# data shapes may change in any release. Use the webtier.tomcat_cluster.httpd_selinux filter instead.

"""What httpd (``httpd_t``) needs from SELinux to reach mod_jk's AJP members, from ``semanage port -l``.

Facts from CentOS Stream 9's selinux-policy (``c9s`` branch):

* ``policy/modules/contrib/apache.te``: ``httpd_can_network_relay`` lets ``httpd_t`` connect to
  ``gopher_port_t``, ``ftp_port_t``, ``http_port_t``, ``http_cache_port_t``, ``squid_port_t``,
  ``memcache_port_t`` and every ephemeral port (32768-60999); ``httpd_can_network_connect`` to every
  port. Both are off by default, and so is ``httpd_graceful_shutdown`` (the only other rule that lets
  ``httpd_t`` connect to ``http_port_t``); without one of the two booleans httpd cannot open AJP
  connections even to 8009.
* ``policy/modules/kernel/corenetwork.te.in``: ``http_port_t`` is tcp 80, 81, 443, 488, 8008, 8009,
  8443, 9000; ``http_cache_port_t`` tcp 8080, 8118, 8123, 10001-10010; there is no ``ajp_port_t`` or
  ``tomcat_port_t``. 8019 (the second seed instance) is ``unreserved_port_t``: only
  ``httpd_can_network_connect`` reaches it.
* ``httpd_t`` may bind ``http_port_t``, ``http_cache_port_t``, ``ntop_port_t``, ``jboss_management_port_t``,
  ``jboss_messaging_port_t`` and ``puppet_port_t`` (the status listener).

The port types are read from the host (``semanage port -l``, local customisations included), not from a
table, so a site that labelled its AJP ports itself gets the narrower boolean.
"""

from __future__ import annotations

import re

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError

RELAY_BOOLEAN = "httpd_can_network_relay"
CONNECT_BOOLEAN = "httpd_can_network_connect"
RELAY_TYPES = frozenset((
    "gopher_port_t", "ftp_port_t", "http_port_t", "http_cache_port_t", "squid_port_t", "memcache_port_t",
    "ephemeral_port_t",
))
BIND_TYPES = frozenset((
    "http_port_t", "http_cache_port_t", "ntop_port_t", "jboss_management_port_t", "jboss_messaging_port_t",
    "puppet_port_t",
))
# Catch-all types of port ranges nobody owns; giving such a port http_port_t takes it from nobody.
GENERIC_TYPES = frozenset(("unreserved_port_t", "reserved_port_t", "hi_reserved_port_t", "ephemeral_port_t", "port_t"))
STATUS_LABEL_TYPE = "http_port_t"

# applied with fullmatch, ASCII only (``$`` would accept a trailing newline, ``\d`` any Unicode digit)
_LINE_RE = re.compile(r"(?P<type>[a-z0-9_]+_t)\s+(?P<proto>tcp|udp|dccp|sctp)\s+(?P<ports>\d[\d\s,-]*)", re.ASCII)


class SelinuxPortsError(WebtierError, ValueError):
    """Input that is not semanage output or a port."""


def parse_semanage_ports(text):
    """``semanage port -l`` output -> list of ``(type, proto, low, high)``, in the order listed."""
    if text is None:
        return []
    if isinstance(text, (list, tuple)):
        text = "\n".join(str(line) for line in text)
    if not isinstance(text, str):
        raise SelinuxPortsError("expected the stdout of 'semanage port -l', got %s" % type(text).__name__)
    records = []
    for line in text.splitlines():
        match = _LINE_RE.fullmatch(line.strip())
        if not match:
            continue
        for part in match.group("ports").split(","):
            part = part.strip()
            if not part:
                continue
            low, dummy, high = part.partition("-")
            low_n = int(low)
            high_n = int(high) if high else low_n
            records.append((match.group("type"), match.group("proto"), low_n, high_n))
    return records


def _port(value, what):
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise SelinuxPortsError("%s must be a TCP port number, got %r" % (what, value))
    if not 0 < port < 65536:
        raise SelinuxPortsError("%s must be between 1 and 65535, got %d" % (what, port))
    return port


def port_type(records, port, proto="tcp", local=None):
    """The type the kernel uses for ``port``: the narrowest range that holds it; a local customisation
    (``semanage port -l -C``, ``local``) of the same range wins over the policy's."""
    best = None
    for source_rank, recs in ((0, local or []), (1, records)):
        for setype, rproto, low, high in recs:
            if rproto != proto or not low <= port <= high:
                continue
            key = (high - low, source_rank)
            if best is None or key < best[0]:
                best = (key, setype)
    if best is not None:
        return best[1]
    if port < 1024:
        return "reserved_port_t"
    return "unreserved_port_t"


def httpd_plan(semanage_output, ajp_ports, status_port=None, local_output=None):
    """The boolean httpd needs for ``ajp_ports`` and what to do about the status listener's port.

    :returns: ``{'boolean' ('' without AJP ports), 'ports': [{'port', 'type', 'relay'}], 'status_port': {'port', 'type',
        'action'} or None}``; ``action`` is ``none`` (httpd may already bind it), ``label`` (a port nobody
        owns: give it ``http_port_t``) or ``conflict`` (it belongs to another service's type: relabelling
        would break that service, so the caller should refuse).
    """
    records = parse_semanage_ports(semanage_output)
    local = parse_semanage_ports(local_output)
    if isinstance(ajp_ports, (str, int)) or ajp_ports is None:
        raise SelinuxPortsError("ajp_ports must be a list of port numbers, got %r" % (ajp_ports,))
    ports = []
    for value in ajp_ports:
        port = _port(value, "an AJP port")
        if any(p["port"] == port for p in ports):
            continue
        setype = port_type(records, port, local=local)
        ports.append({"port": port, "type": setype, "relay": setype in RELAY_TYPES})
    ports.sort(key=lambda p: p["port"])
    if not ports:
        boolean = ""
    elif all(p["relay"] for p in ports):
        boolean = RELAY_BOOLEAN
    else:
        boolean = CONNECT_BOOLEAN
    status = None
    if status_port not in (None, ""):
        port = _port(status_port, "the status port")
        setype = port_type(records, port, local=local)
        if setype in BIND_TYPES:
            action = "none"
        elif setype in GENERIC_TYPES:
            action = "label"
        else:
            action = "conflict"
        status = {"port": port, "type": setype, "action": action}
    return {"boolean": boolean, "ports": ports, "status_port": status}
