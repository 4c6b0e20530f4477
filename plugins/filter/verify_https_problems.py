# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: verify_https_problems
short_description: The broken TLS virtual hosts of one web host, for playbooks/verify.yml
version_added: 0.1.0
author: webtier maintainers
description:
  - Takes the registered loop of M(webtier.tomcat_cluster.https_request) over the C(tls_sites) of the
    C(httpd_modjk_topology) fact (the session test page of every TLS vhost, with O(_input) items being those
    sites) and returns one sentence per problem.
  - "A vhost is broken when the request failed (certificate not valid for the name against the given CA, TLS
    refused, not 200), the protocol is not TLS 1.2 or 1.3, the page does not show C(scheme=https) and
    C(secure=true) (mod_jk did not forward the TLS attributes to Tomcat), the session cookie's route is not one
    of the site's members or the cookie lacks C(Secure), or Strict-Transport-Security is sent where it is off or
    missing where it is on."
  - O(redirects) adds the sites with C(redirect); each must answer 301 or 308 to C(https://<server_name>/).
positional: web_host, members, redirects, https_port
options:
  _input:
    description: The registered result of the https_request loop.
    type: dict
    required: true
  web_host:
    description: The web host the requests went through (for the sentences).
    type: str
    required: true
  members:
    description: The mod_jk members (C(httpd_modjk_topology.members)), for the routes of each site.
    type: list
    elements: dict
    default: []
  redirects:
    description: The registered result of an M(ansible.builtin.uri) loop (C(follow_redirects=none)) over the sites with C(redirect).
    type: dict
    default: {}
  https_port:
    description: The HTTPS port the redirects must name (nothing for 443).
    type: int
    default: 443
"""

EXAMPLES = r"""
- name: Collect the broken TLS vhosts of this web host
  ansible.builtin.set_fact:
    verify_tls_broken: >-
      {{ verify_tls_vhosts | webtier.tomcat_cluster.verify_https_problems(inventory_hostname,
         httpd_modjk_topology['members'], verify_tls_redirects, httpd_modjk_topology['https_port']) }}
"""

RETURN = r"""
_value:
  description: One sentence per problem, for example C(web-01 -> https vhost a-site.example - Tomcat saw scheme=http secure=false).
  type: list
  elements: str
"""

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._verify_https import vhost_problems


def verify_https_problems(vhosts, web_host, members=None, redirects=None, https_port=443):
    """Filter entry point: see DOCUMENTATION."""
    return vhost_problems(web_host, vhosts, members=members, redirects=redirects, https_port=https_port)


class FilterModule:
    """webtier.tomcat_cluster.verify_https_problems."""

    def filters(self):
        return {"verify_https_problems": verify_https_problems}
