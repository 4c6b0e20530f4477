# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    """The attributes that the modules of this collection share, written once.

    The modules list ansible.builtin.action_common_attributes (the descriptions of check mode, diff mode and the
    platform) and then this fragment. DOCUMENTATION sets the platform of every module that runs on the managed
    host: posix. The variants add the support of a kind of module. A module lists its own attribute keys only where
    they differ (its own check mode or diff mode details); what it sets itself takes precedence over a fragment.
    """

    # Every module that runs on the managed host (webtier.tomcat_cluster.attributes).
    DOCUMENTATION = r'''
attributes:
  platform:
    platforms: posix
'''

    # A module that only reads (webtier.tomcat_cluster.attributes.info_module), with the fragment above.
    INFO_MODULE = r'''
attributes:
  check_mode:
    support: full
    details: The module only reads; it runs the same way in check mode.
  diff_mode:
    support: none
'''
