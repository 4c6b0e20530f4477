# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

# Documentation: roll_waves.yml, roll_plan.yml, roll_webapps.yml, roll_gates.yml, changed_instances.yml,
# roll_failure.yml, session_counter.yml, cluster_waves.yml, stopped_per_host.yml and drain_targets.yml beside this
# file (one file per filter).
# The logic: plugins/module_utils/_roll.py.

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _roll as roll


def _call(name, func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except (roll.RollError, KeyError, TypeError, AttributeError) as exc:
        raise AnsibleFilterError('%s: %s' % (name, exc)) from exc


def roll_waves(model, routes=None, hosts=None, instances=None, sites=None, serial=False, hostvars=None, staged=None,
               staged_hosts=None):
    """Filter entry point: see roll_waves.yml."""
    return _call('roll_waves', roll.roll_waves, model, routes=routes, hosts=hosts, instances=instances, sites=sites,
                 serial=serial, hostvars=hostvars, staged=staged, staged_hosts=staged_hosts)


def roll_plan(wave, status_results, host, web_hosts, leader=None, model=None):
    """Filter entry point: see roll_plan.yml."""
    return _call('roll_plan', roll.roll_plan, wave, status_results, host, web_hosts, leader=leader, model=model)


def roll_webapps(steps, hostvars, names=None, default_webapps=None, default_group='tomcat'):
    """Filter entry point: see roll_webapps.yml."""
    return _call('roll_webapps', roll.roll_webapps, steps, hostvars, names=names, default_webapps=default_webapps,
                 default_group=default_group)


def roll_gates(steps, hostvars, default_webapps=None):
    """Filter entry point: see roll_gates.yml."""
    return _call('roll_gates', roll.roll_gates, steps, hostvars, default_webapps=default_webapps)


def changed_instances(results):
    """Filter entry point: see changed_instances.yml."""
    return _call('changed_instances', roll.changed_instances, results)


def session_counter(content):
    """Filter entry point: see session_counter.yml."""
    return roll.session_counter(content)


def roll_failure(result):
    """Filter entry point: see roll_failure.yml."""
    return roll.failure_message(result)


def cluster_waves(order, selected):
    """Filter entry point: see cluster_waves.yml."""
    try:
        return roll.cluster_waves(order, selected)
    except (ValueError, KeyError, TypeError) as exc:
        raise AnsibleFilterError('cluster_waves: %s' % exc) from exc


def stopped_per_host(hostvars, hosts, key='__tomcat_enabled'):
    """Filter entry point: see stopped_per_host.yml."""
    return _call('stopped_per_host', roll.stopped_per_host, hostvars, hosts, key)


def drain_targets(status_results, steps):
    """Filter entry point: see drain_targets.yml."""
    try:
        return roll.drain_targets(status_results, steps)
    except (ValueError, KeyError, TypeError) as exc:
        raise AnsibleFilterError('drain_targets: %s' % exc) from exc


class FilterModule:
    """The drained roll: which instances in which waves, and who does what in a wave."""

    def filters(self):
        return {
            'roll_waves': roll_waves,
            'roll_plan': roll_plan,
            'roll_webapps': roll_webapps,
            'roll_gates': roll_gates,
            'changed_instances': changed_instances,
            'session_counter': session_counter,
            'roll_failure': roll_failure,
            'cluster_waves': cluster_waves,
            'drain_targets': drain_targets,
            'stopped_per_host': stopped_per_host,
        }
