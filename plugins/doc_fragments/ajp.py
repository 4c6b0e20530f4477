# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):
    """Where the modules that ask one Tomcat instance over AJP (webapp_health, tomcat_status_info) connect."""

    DOCUMENTATION = r'''
options:
  host:
    description:
      - Host name, IPv4 or IPv6 address of the instance's AJP connector (its C(address)).
    type: str
    required: true
  port:
    description:
      - TCP port of the AJP connector, 1 to 65535.
    type: int
    default: 8009
'''
