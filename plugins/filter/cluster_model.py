# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

# Documentation: cluster_model.yml, cluster_waves.yml, deprecated_vars.yml, drain_targets.yml, verify_*.yml beside this file
# (one file per filter, so that ansible-doc shows each filter's own page).

import os
from collections.abc import Mapping, Sequence

import yaml

from ansible.errors import AnsibleError, AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text
from ansible.utils.display import Display

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _cluster_model as model
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _cluster_report as report

COLLECTION = 'webtier.tomcat_cluster'
_ROLE_DEFAULTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                              'roles', 'tomcat', 'defaults', 'main.yml')
_cache = {}
display = Display()


def _templated(value):
    if isinstance(value, str):
        return '{{' in value or '{%' in value
    if isinstance(value, dict):
        return any(_templated(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_templated(v) for v in value)
    return False


def tomcat_role_defaults(path=_ROLE_DEFAULTS):
    """The model settings among the tomcat role's defaults that are plain data (no template)."""
    if path not in _cache:
        try:
            with open(path, encoding='utf-8') as handle:
                data = yaml.safe_load(handle) or {}
        except (OSError, yaml.YAMLError):
            data = {}
        _cache[path] = dict((k, v) for k, v in data.items() if k in model.SETTINGS and not _templated(v))
    return dict(_cache[path])


def _is_vars(value):
    """A host's variables: a dictionary (HostVarsVars), not a string or a list."""
    return isinstance(value, Mapping) or (hasattr(value, '__getitem__') and hasattr(value, '__contains__')
                                          and not isinstance(value, (str, bytes, Sequence)))


def _host_inputs(hostvars, hosts, errors):
    """Per host the model settings present in its hostvars and its default IPv4 address fact.

    A fact that is not what setup returns (``ansible_facts`` or ``default_ipv4`` not a dictionary, as a
    set_fact can leave it) counts as no fact.
    """
    out = {}
    for name in hosts:
        if name in out:
            continue
        try:
            hvars = hostvars[name]
        except (KeyError, AnsibleError):
            continue
        if not _is_vars(hvars):
            errors.append('%s: its hostvars must be a dictionary, got %s' % (name, type(hvars).__name__))
            out[name] = {}
            continue
        found = {}
        for key in model.SETTINGS:
            if key not in hvars:
                continue
            try:
                found[key] = hvars[key]
            except AnsibleError as exc:
                errors.append('%s: %s cannot be resolved: %s' % (name, key, to_text(exc).splitlines()[0]))
        try:
            facts = hvars['ansible_facts'] if 'ansible_facts' in hvars else {}
            ipv4 = facts.get('default_ipv4') if isinstance(facts, Mapping) else None
            address = ipv4.get('address') if isinstance(ipv4, Mapping) else None
        except AnsibleError:
            address = None
        if address:
            found[model.FACTS_ADDRESS] = address
        out[name] = found
    return out


def cluster_model(hostvars, groups, was_group='was', web_group='web', host=None, settings=None, sites=None,
                  members=None, server_name_suffix='-site.example', default_mounts=None, checks=None,
                  web_addresses_required=False, warn=True):
    """Filter entry point: see cluster_model.yml. The arguments' types are checked here, at the entry, once."""
    try:
        model.check_arguments(hostvars, groups, was_group=was_group, web_group=web_group, host=host,
                              settings=settings, sites=sites, members=members, server_name_suffix=server_name_suffix,
                              default_mounts=default_mounts, checks=checks)
    except ValueError as exc:
        raise AnsibleFilterError('cluster_model: %s' % exc) from None
    checks = list(checks) if checks else list(model.CHECKS)
    was_hosts = list(groups.get(was_group) or [])
    web_hosts = list(groups.get(web_group) or [])
    errors = []
    inputs = _host_inputs(hostvars, was_hosts + web_hosts, errors)
    result = model.build_model(
        was_hosts, web_hosts, inputs, dict(settings or {}), host=host, sites=sites or None, members=members or None,
        server_name_suffix=server_name_suffix,
        default_mounts=list(default_mounts) if default_mounts is not None else ['/*'],
        was_group=was_group, web_group=web_group, checks=checks, web_addresses_required=web_addresses_required,
        role_defaults=tomcat_role_defaults())
    result['errors'] = errors + result['errors']
    if warn:
        for msg in result['warnings']:
            display.warning('%s: %s' % (COLLECTION, msg))
    return result


def cluster_waves(order, selected):
    """Filter entry point: see cluster_waves.yml."""
    try:
        return model.waves(order, selected)
    except (ValueError, KeyError, TypeError) as exc:
        raise AnsibleFilterError('cluster_waves: %s' % exc) from exc


def drain_targets(status_results, steps):
    """Filter entry point: see drain_targets.yml."""
    try:
        return model.drain_targets(status_results, steps)
    except (ValueError, KeyError, TypeError) as exc:
        raise AnsibleFilterError('drain_targets: %s' % exc) from exc


def deprecated_vars(names):
    """Filter entry point: see deprecated_vars.yml."""
    out = []
    for old, new, version in model.deprecated_vars(names):
        msg = model.deprecation_message(old, new)
        display.deprecated(msg, version=version, collection_name=COLLECTION)
        out.append(msg)
    return out


def _by_host(hostvars, hosts, key):
    out = {}
    for name in hosts or []:
        try:
            hvars = hostvars[name]
            if key in hvars:
                out[name] = hvars[key]
        except (KeyError, AnsibleError):
            continue
    return out


def _report(name, function, *args):
    """A report filter's result; input of the wrong shape is a filter error naming the filter, never a traceback."""
    try:
        return function(*args)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise AnsibleFilterError('%s: %s: %s' % (name, type(exc).__name__, exc)) from exc


def verify_pairs(ping, ajp, http, web_host, members):
    """Filter entry point: see verify_pairs.yml."""
    return _report('verify_pairs', report.pair_report, web_host, ping, ajp, http, members)


def verify_sessions(start, steps, first_web, counter_regex):
    """Filter entry point: see verify_sessions.yml."""
    return _report('verify_sessions', report.session_report, start, steps, first_web, counter_regex)


def verify_matrix(hostvars, hosts, key='verify_ping'):
    """Filter entry point: see verify_matrix.yml."""
    return _report('verify_matrix', lambda: report.ping_matrix(_by_host(hostvars, hosts, key)))


def verify_member_status(hostvars, hosts, key='verify_jkstatus'):
    """Filter entry point: see verify_member_status.yml."""
    return _report('verify_member_status', lambda: report.member_status(_by_host(hostvars, hosts, key)))


def verify_collect(hostvars, hosts, key='verify_broken', missing='unreachable or failed before the checks ran'):
    """Filter entry point: see verify_collect.yml."""
    return _report('verify_collect', lambda: report.collect(_by_host(hostvars, hosts, key), list(hosts or []), missing))


class FilterModule:
    """webtier.tomcat_cluster cluster model filters."""

    def filters(self):
        return {
            'cluster_model': cluster_model,
            'cluster_waves': cluster_waves,
            'deprecated_vars': deprecated_vars,
            'drain_targets': drain_targets,
            'verify_pairs': verify_pairs,
            'verify_sessions': verify_sessions,
            'verify_matrix': verify_matrix,
            'verify_member_status': verify_member_status,
            'verify_collect': verify_collect,
        }
