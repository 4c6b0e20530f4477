# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

# Documentation: cluster_model.yml and deprecated_vars.yml beside this file (one file per filter, so that ansible-doc
# shows each filter's own page). The restart waves and drain pairs are in roll.py, the verify reports in verify.py.

import os
from collections.abc import Mapping, Sequence

import yaml

from ansible.errors import AnsibleError, AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text
from ansible.utils.display import Display

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _cluster_model as model
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _deprecations as deprecations

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


def deprecated_vars(names):
    """Filter entry point: see deprecated_vars.yml."""
    out = []
    for old, new, version in deprecations.deprecated_vars(names):
        msg = deprecations.deprecation_message(old, new)
        display.deprecated(msg, version=version, collection_name=COLLECTION)
        out.append(msg)
    return out


class FilterModule:
    """webtier.tomcat_cluster cluster model filters: the model and the deprecated variable names."""

    def filters(self):
        return {
            'cluster_model': cluster_model,
            'deprecated_vars': deprecated_vars,
        }
