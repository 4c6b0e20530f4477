# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise.
"""The seed's defaults that the cluster model falls back to, as plain data.

The model is computed once per run for both roles (the action plugin ``cluster_facts``), so it cannot read one
role's defaults: a WAS host or web host whose inventory does not set a setting gets the value below, which is the
roles' own default (``tests/unit/plugins/module_utils/test__seed.py`` holds them equal to roles/*/defaults/main.yml).
"""

from __future__ import annotations

import copy

# The tomcat role's defaults of the model's settings (the seed: a-was and b-was on every WAS host).
TOMCAT = {
    'tomcat_instances': [
        {'name': 'a-was', 'site': 'a', 'shutdown_port': 8005, 'ajp_port': 8009, 'cluster_port': 5000,
         'multicast_port': 45564},
        {'name': 'b-was', 'site': 'b', 'shutdown_port': 8015, 'ajp_port': 8019, 'cluster_port': 5001,
         'multicast_port': 45565},
    ],
    'tomcat_version': '9.0.109',
    'tomcat_install_root': '/usr/local/tomcat',
    'tomcat_cluster_enabled': True,
    'tomcat_cluster_manager': 'delta',
    'tomcat_cluster_membership': 'multicast',
    'tomcat_cluster_multicast_address': '228.0.0.4',
    'tomcat_catalina_opts': '-Xms256m -Xmx512m',
    'tomcat_base_catalina_opts': '-Djava.net.preferIPv4Stack=true -Djava.awt.headless=true',
    'tomcat_java_opts': '',
}
# The tomcat role's firewall defaults, which decide whether the web hosts' addresses are required (AJP is
# opened to them).
FIREWALL = {
    'tomcat_firewall_manage': True,
    'tomcat_ajp_allowed_sources': [],
}
# The httpd_modjk role's defaults of the web tier's inputs.
WEB = {
    'httpd_modjk_sites': [],
    'httpd_modjk_members': [],
    'httpd_modjk_server_name_suffix': '-site.example',
    'httpd_modjk_default_mounts': ['/*'],
}


def tomcat():
    """A copy of :data:`TOMCAT` (the model's callers may not change the seed)."""
    return copy.deepcopy(TOMCAT)
