# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What each exporter of a host reads, taken from the cluster model (module_utils._cluster_model.build_model).

The metrics role writes the result (plus the address, port and timeout) as the exporter's JSON configuration:
- tier ``modjk`` (a web host): the status worker's URL, the site of every balancer and the members the inventory
  expects in each balancer (the series ``modjk_member_expected`` that the alert ModJkMemberMissing compares with);
- tier ``tomcat`` (a WAS host): this host's instances (AJP address and port, route, site) and how many other members
  each one's cluster should see (``webtier_tomcat_cluster_members_expected``).

Pure Python (no Ansible import).
"""

from __future__ import annotations

TIERS = ('modjk', 'tomcat')


class MetricsConfigError(ValueError):
    """The model does not describe what the exporter of this host needs."""


def modjk_settings(model, status_url):
    """The tier-specific part of a web host's exporter configuration."""
    if not isinstance(model, dict) or not isinstance(model.get('sites'), list):
        raise MetricsConfigError('the cluster model has no sites (is it the fact webtier_cluster_model?)')
    if not isinstance(status_url, str) or not status_url.startswith(('http://', 'https://')):
        raise MetricsConfigError('status_url must be the http(s) URL of the status worker, got %r' % (status_url,))
    sites = {}
    expected = []
    for site in model['sites']:
        sites[site['balancer']] = site['name']
        for member in site.get('members') or []:
            expected.append({'balancer': site['balancer'], 'member': member['name'],
                             'route': member.get('route') or member['name'], 'site': site['name']})
    return {'tier': 'modjk', 'status_url': status_url, 'sites': sites, 'expected_members': expected}


def _cluster_peers(model, inst):
    """The other members of inst's cluster: the instances of the same site with clustering on, on every WAS host."""
    if not inst.get('cluster_enabled'):
        return 0
    count = 0
    for host in model['was_hosts'].values():
        for other in host.get('instances') or []:
            if other.get('cluster_enabled') and other['site'] == inst['site']:
                count += 1
    return max(count - 1, 0)


def tomcat_settings(model, host, ajp_secret=''):
    """The tier-specific part of a WAS host's exporter configuration (the AJP secret included: the role keeps the
    file readable by the exporter's user only)."""
    if not isinstance(model, dict) or not isinstance(model.get('was_hosts'), dict):
        raise MetricsConfigError('the cluster model has no was_hosts (is it the fact webtier_cluster_model?)')
    if host not in model['was_hosts']:
        raise MetricsConfigError('%s is not a WAS host of the cluster model (WAS hosts: %s)'
                                 % (host, ', '.join(sorted(model['was_hosts'])) or 'none'))
    instances = []
    for inst in model['was_hosts'][host].get('instances') or []:
        instances.append({'name': inst['name'], 'site': inst['site'], 'host': inst['address'],
                          'port': inst['ajp_port'], 'route': inst['jvm_route'],
                          'expected_members': _cluster_peers(model, inst)})
    return {'tier': 'tomcat', 'ajp_secret': ajp_secret or '', 'instances': instances}


def exporter_settings(model, tier, host=None, status_url=None, ajp_secret=''):
    """Dispatch on the tier: see modjk_settings and tomcat_settings."""
    if tier == 'modjk':
        return modjk_settings(model, status_url)
    if tier == 'tomcat':
        return tomcat_settings(model, host, ajp_secret)
    raise MetricsConfigError('tier must be one of %s, got %r' % (', '.join(TIERS), tier))
