# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: exporter_settings
short_description: What a host's metrics exporter reads, from the cluster model
version_added: 0.3.0
author: webtier maintainers
description:
  - Takes the cluster model (the fact C(webtier_cluster_model) of P(webtier.tomcat_cluster.cluster_facts#module)) and
    returns the tier-specific part of the configuration of a host's exporter, which the C(metrics) role writes.
  - Tier V(modjk) (a web host) - the status worker's URL, the site of every balancer and the members the inventory
    expects in each balancer.
  - Tier V(tomcat) (a WAS host) - the host's instances (AJP address and port, jvmRoute, site), the AJP secret, and
    for each instance how many other members its cluster should see (the instances of the same site with clustering
    on, on every WAS host).
positional: tier
options:
  _input:
    description: The cluster model.
    type: dict
    required: true
  tier:
    description: V(modjk) or V(tomcat).
    type: str
    required: true
  host:
    description: The WAS host (tier V(tomcat)).
    type: str
  status_url:
    description: The URL of the web host's status worker (tier V(modjk)).
    type: str
  ajp_secret:
    description: The AJP secret of the instances (tier V(tomcat)); empty for none.
    type: str
    default: ''
"""

EXAMPLES = r"""
- name: What this WAS host's exporter reads
  ansible.builtin.debug:
    msg: >-
      {{ ansible_facts['webtier_cluster_model'] | webtier.tomcat_cluster.exporter_settings('tomcat',
         host=inventory_hostname) }}
"""

RETURN = r"""
_value:
  description: The tier-specific configuration (C(tier) and C(status_url), C(sites), C(expected_members); or
    C(tier), C(ajp_secret), C(instances)).
  type: dict
"""

import os

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._exporter import RUNTIME_FILES

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._metrics_config import (
    MetricsConfigError,
    exporter_settings as _exporter_settings,
)


def exporter_settings(model, tier, host=None, status_url=None, ajp_secret=''):
    """Filter entry point: see DOCUMENTATION."""
    try:
        return _exporter_settings(model, tier, host=host, status_url=status_url, ajp_secret=ajp_secret)
    except MetricsConfigError as exc:
        raise AnsibleFilterError('exporter_settings: %s' % exc) from exc


def exporter_files(role_path):
    """The exporter's code: the module_utils files of its import closure (``_exporter.RUNTIME_FILES``), as paths
    on the controller, from the path of a role of this collection."""
    if not isinstance(role_path, str) or not role_path:
        raise AnsibleFilterError('exporter_files: give it role_path, got %r' % (role_path,))
    base = os.path.normpath(os.path.join(role_path, '..', '..', 'plugins', 'module_utils'))
    return [os.path.join(base, name) for name in RUNTIME_FILES]


class FilterModule:
    """webtier.tomcat_cluster.exporter_settings and exporter_files."""

    def filters(self):
        return {'exporter_settings': exporter_settings, 'exporter_files': exporter_files}
