# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise: its functions and
# data shapes may change in any release. Use the filter webtier.tomcat_cluster.deprecated_vars instead.
"""The deprecated variable names of the collection's roles and playbooks, their new names and messages.

Pure Python on plain data (no Ansible import); the filter ``webtier.tomcat_cluster.deprecated_vars`` turns each
into one deprecation warning.
"""

from __future__ import annotations

# Variables renamed for "one name per concept"; the old names work until the release named here.
DEPRECATED_VARS = {
    'tomcat_firewalld_enabled': ('tomcat_firewall_manage', '0.3.0'),
    'tomcat_firewalld_zone': ('tomcat_firewall_zone', '0.3.0'),
    'tomcat_selinux_enabled': ('tomcat_selinux_manage', '0.3.0'),
    'httpd_modjk_was_group': ('tomcat_was_group', '0.3.0'),
    'httpd_modjk_default_instances': (None, '0.3.0'),
    # the options of the playbooks' drained roll before it became the tomcat role's roll entry point
    'rolling_restart_hosts': ('tomcat_roll_hosts', '0.3.0'),
    'rolling_restart_instances': ('tomcat_roll_instances', '0.3.0'),
    'rolling_restart_sites': ('tomcat_roll_sites', '0.3.0'),
    'rolling_restart_drain_timeout': ('tomcat_restart_drain_timeout', '0.3.0'),
    'rolling_restart_stop_timeout': ('tomcat_restart_stop_timeout', '0.3.0'),
    'rolling_restart_start_timeout': ('tomcat_start_timeout', '0.3.0'),
    'rolling_restart_on_drain_timeout': ('tomcat_restart_on_drain_timeout', '0.3.0'),
    'rolling_restart_status_url': ('tomcat_restart_drain_status_url', '0.3.0'),
    'deploy_webapps': ('tomcat_roll_webapps', '0.3.0'),
    'rolling_restart_ajp_secret': (None, '0.3.0'),
    'rolling_restart_web_hosts': (None, '0.3.0'),
    'rolling_restart_session_uri': (None, '0.3.0'),
    'rolling_restart_counter_regex': (None, '0.3.0'),
    'rolling_restart_unit_prefix': (None, '0.3.0'),
}


def deprecated_vars(names):
    """[(old, new or None, removed_in)] for the deprecated variable names among ``names``."""
    out = []
    for name in names or ():
        if name in DEPRECATED_VARS:
            new, version = DEPRECATED_VARS[name]
            out.append((name, new, version))
    return sorted(set(out))


def deprecation_message(old, new):
    if old == 'httpd_modjk_default_instances':
        return ("httpd_modjk_default_instances is deprecated: a WAS host without tomcat_instances in the inventory "
                "is assumed to run the tomcat role's default instances (read from the role itself)")
    if new is None and old.startswith('rolling_restart_'):
        return ('%s is deprecated and no longer read: the roll uses each WAS host\'s tomcat_ajp_secret, the web '
                "group, the tomcat role's session test page and units" % old)
    return '%s is deprecated, use %s (the old name is used while the new one is not set)' % (old, new)
