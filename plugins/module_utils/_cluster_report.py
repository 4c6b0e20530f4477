# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise: its functions and
# data shapes may change in any release. Use the verify_* filters of webtier.tomcat_cluster instead.

"""The report of playbooks/verify.yml: broken pairs, the CPing matrix and the mod_jk member status, from registered results.

Pure Python on plain data (the registered results of ajp_ping, ajp_request, uri and jkstatus_info), no Ansible import.
Every function tolerates missing keys (a skipped or failed task registers less) and never raises on them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MATRIX_FORMAT = '%-12s %-9s %-21s %-11s %s'


def _get(data, *path, **kw):
    default = kw.get('default')
    for key in path:
        if not isinstance(data, Mapping) or key not in data:
            return default
        data = data[key]
    return default if data is None else data


def _first(*values):
    for value in values:
        if value is not None:
            return value
    return '?'


def _results(registered):
    results = _get(registered, 'results', default=[])
    return [r for r in results if isinstance(r, Mapping)]


def pair_report(web_host, ping, ajp, http, members):
    """Broken pairs seen from one web host: CPing, AJP with the secret, HTTP through each virtual host.

    ``ping``: the registered ajp_ping result; ``ajp``/``http``: registered loops of ajp_request (items:
    members) and uri (items: sites); ``members``: the mod_jk members ({name, route, site, ...}).
    """
    out = []
    for target in _get(ping, 'targets', default=[]):
        if not isinstance(target, Mapping) or target.get('healthy'):
            continue
        out.append('%s -> %s (%s:%s): CPing failed: %s %s' % (
            web_host, target.get('name'), target.get('host'), target.get('port'),
            _first(target.get('error')), _get(target, 'msg', default='')))
    if _get(ping, 'failed', default=False) and _get(ping, 'targets') is None:
        out.append('%s: ajp_ping failed: %s' % (web_host, _first(_get(ping, 'msg'))))
    for res in _results(ajp):
        item = _get(res, 'item', default={})
        if res.get('failed') or res.get('status') != 200:
            out.append('%s -> %s (%s:%s): AJP request failed: %s' % (
                web_host, item.get('name'), item.get('host'), item.get('port'),
                _first(res.get('error'), res.get('msg'), res.get('status'))))
        elif res.get('jvm_route') != item.get('route'):
            out.append('%s -> %s: answered with jvmRoute %s, expected %s' % (
                web_host, item.get('name'), res.get('jvm_route') or 'none', item.get('route')))
    for res in _results(http):
        item = _get(res, 'item', default={})
        routes = [m.get('route') for m in members or [] if isinstance(m, Mapping) and m.get('site') == item.get('name')]
        cookie = _get(res, 'cookies', 'JSESSIONID', default='')
        route = cookie.split('.')[-1] if '.' in cookie else ''
        if res.get('status') != 200:
            out.append('%s -> vhost %s: HTTP %s %s' % (web_host, item.get('server_name'), _first(res.get('status')),
                                                       _get(res, 'msg', default='')))
        elif route not in routes:
            out.append('%s -> vhost %s: served by route "%s", not one of %s' % (
                web_host, item.get('server_name'), route, ','.join(str(r) for r in routes)))
    return out


def _counter(content, regex):
    try:
        match = re.search(regex, content if isinstance(content, str) else '')
    except (re.error, TypeError) as exc:
        raise ValueError('counter_regex %r is not a regular expression: %s' % (regex, exc)) from None
    return match.group(1) if match and match.groups() else 'x'


def session_report(start, steps, first_web, counter_regex):
    """Broken session pairs: a session started through ``first_web`` must count up through every web host.

    ``start``: registered uri loop over the sites (one session each); ``steps``: registered uri loop over
    (start result, web host) pairs, in the order the requests were sent.
    """
    out = []
    step_results = _results(steps)
    for begin in _results(start):
        site = _get(begin, 'item', 'server_name')
        first = _counter(begin.get('content'), counter_regex)
        if begin.get('status') != 200 or 'JSESSIONID' not in _get(begin, 'cookies', default={}) \
                or not first.isdigit():
            out.append('session %s via %s: no session started (HTTP %s, counter %s)'
                       % (site, first_web, _first(begin.get('status')), first))
            continue
        mine = [s for s in step_results if _get(s, 'item', default=[None])[0] is not None
                and _get(s['item'][0], 'item', 'server_name') == site]
        for index, step in enumerate(mine, 1):
            got = _counter(step.get('content'), counter_regex)
            want = int(first) + index
            if step.get('status') != 200 or got != str(want):
                via = step['item'][1] if len(step['item']) > 1 else '?'
                out.append('session %s via %s: HTTP %s, counter %s (expected %d)'
                           % (site, via, _first(step.get('status')), got, want))
    return out


def ping_matrix(results):
    """Lines of the CPing matrix: web host, worker, address, state, CPong min/avg/max ms.

    ``results``: mapping web host -> its registered ajp_ping result (hosts in sorted order).
    """
    lines = [MATRIX_FORMAT % ('web', 'worker', 'address', 'state', 'CPong ms min/avg/max')]
    for host in sorted(results or {}):
        for target in _get(results[host], 'targets', default=[]):
            if not isinstance(target, Mapping):
                continue
            lat = target.get('latency_ms') or {}
            if lat.get('avg') is not None:
                ms = '%.1f/%.1f/%.1f' % (lat.get('min') or 0.0, lat['avg'], lat.get('max') or 0.0)
            else:
                ms = '-'
            state = 'OK' if target.get('healthy') else str(target.get('error') or 'FAIL').upper()
            lines.append(MATRIX_FORMAT % (host, target.get('name'), '%s:%s' % (target.get('host'), target.get('port')),
                                          state, ms))
    return lines


STATUS_FORMAT = '%-12s %-28s %-10s %-10s %5s %8s %6s'


def member_status(results):
    """Lines of the mod_jk member status: web host, balancer/member, activation, state, busy, sessions, errors.

    ``results``: mapping web host -> its registered jkstatus_info result (hosts in sorted order). A host whose
    status worker could not be read gets one line with the module's message instead.
    """
    lines = [STATUS_FORMAT % ('web', 'balancer/member', 'activation', 'state', 'busy', 'sessions', 'errors')]
    for host in sorted(results or {}):
        result = results[host]
        if not isinstance(result, Mapping) or _get(result, 'failed') or _get(result, 'skipped'):
            msg = _get(result, 'msg', default='no result') if isinstance(result, Mapping) else 'no result'
            lines.append('%-12s status worker not read: %s' % (host, msg))
            continue
        for member in _get(result, 'members', default=[]):
            if not isinstance(member, Mapping):
                continue
            lines.append(STATUS_FORMAT % (
                host, '%s/%s' % (member.get('balancer'), member.get('name')), _first(member.get('activation')),
                _first(member.get('state')), _first(member.get('busy')), _first(member.get('sessions')),
                _first(member.get('errors'))))
    return lines


def collect(per_host, hosts, missing):
    """One list from the per-host lists, in the order of ``hosts``; a host without one gets ``missing``."""
    out = []
    for host in hosts:
        found = per_host.get(host)
        if found is None:
            out.append('%s: %s' % (host, missing))
        else:
            out.extend(found)
    return out
