# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

# Documentation: metrics_targets.yml and metrics_sources.yml beside this file (one file per filter). The rule:
# plugins/module_utils/_metrics_targets.py.

from ansible.errors import AnsibleError, AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._metrics_targets import (
    MetricsTargetsError,
    sources,
    targets,
)


def _run(name, function, *args):
    """The rule's result; a bad inventory is a filter error naming the filter, never a traceback."""
    try:
        return function(*args)
    except MetricsTargetsError as exc:
        raise AnsibleFilterError('%s: %s' % (name, exc)) from exc
    except AnsibleFilterError:
        raise
    except AnsibleError as exc:
        # a host variable that does not template (undefined, a broken expression)
        raise AnsibleFilterError('%s: %s' % (name, exc)) from exc


def metrics_targets(hosts, hostvars, tier):
    """Filter entry point: see metrics_targets.yml."""
    return _run('metrics_targets', targets, hosts, hostvars, tier)


def metrics_sources(hosts, hostvars):
    """Filter entry point: see metrics_sources.yml."""
    return _run('metrics_sources', sources, hosts, hostvars)


class FilterModule:
    """Where the exporters listen and where the scrapes come from (the metrics and monitoring roles)."""

    def filters(self):
        return {
            'metrics_targets': metrics_targets,
            'metrics_sources': metrics_sources,
        }
