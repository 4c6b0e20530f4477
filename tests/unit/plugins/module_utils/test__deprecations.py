# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The deprecated variable names (plugins/module_utils/_deprecations.py): which, their new names, the messages."""

from __future__ import annotations

import re

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _deprecations as deprecations


def test_deprecated_vars():
    found = deprecations.deprecated_vars(['tomcat_firewall_manage', 'tomcat_firewalld_enabled',
                                          'httpd_modjk_was_group', 'httpd_modjk_was_group'])
    assert found == [('httpd_modjk_was_group', 'tomcat_was_group', '0.3.0'),
                     ('tomcat_firewalld_enabled', 'tomcat_firewall_manage', '0.3.0')]
    assert deprecations.deprecated_vars(None) == []
    assert deprecations.deprecated_vars(()) == []


def test_deprecation_messages():
    assert deprecations.deprecation_message('tomcat_firewalld_enabled', 'tomcat_firewall_manage') == (
        'tomcat_firewalld_enabled is deprecated, use tomcat_firewall_manage (the old name is used while the new one '
        'is not set)')
    assert "tomcat role's default" in deprecations.deprecation_message('httpd_modjk_default_instances', None)
    assert 'no longer read' in deprecations.deprecation_message('rolling_restart_ajp_secret', None)


def test_every_deprecated_name_has_a_release_and_a_message():
    for old, (new, version) in deprecations.DEPRECATED_VARS.items():
        assert re.match(r'^\d+\.\d+\.\d+$', version), old
        assert new is None or (new != old and new not in deprecations.DEPRECATED_VARS), old
        msg = deprecations.deprecation_message(old, new)
        assert msg.startswith(old + ' is deprecated'), old
        assert new is None or new in msg, old
