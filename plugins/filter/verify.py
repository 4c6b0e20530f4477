# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

# Documentation: verify_pairs.yml, verify_sessions.yml, verify_matrix.yml, verify_member_status.yml and
# verify_collect.yml beside this file (one file per filter). The logic: plugins/module_utils/_cluster_report.py.

from ansible.errors import AnsibleError, AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _cluster_report as report


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
    """The reports of playbooks/verify.yml: AJP pairs, sessions, the ping matrix, member status, what broke."""

    def filters(self):
        return {
            'verify_pairs': verify_pairs,
            'verify_sessions': verify_sessions,
            'verify_matrix': verify_matrix,
            'verify_member_status': verify_member_status,
            'verify_collect': verify_collect,
        }
