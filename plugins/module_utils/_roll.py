# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise: its functions and
# data shapes may change in any release. Use the webtier.tomcat_cluster.roll_waves and roll_plan filters
# (and cluster_waves, drain_targets: the restart waves and drain pairs over the cluster model's order).
"""The drained roll: which instances, in which waves, and who does what in a wave.

One roll sequence (the tomcat role's tasks/roll_wave.yml) serves the role's change-triggered restarts and
the day-2 playbooks (rolling restart, upgrade, deploy). It runs in one of two places:

* on the WAS hosts (the role's handler): each WAS host changes its own instances of the wave and drives
  the status worker of every web host that serves them (delegated, one web host after another);
* on the web hosts (the playbooks): each web host drives its own status worker, all of them at the same
  time, and the first web host of the play (the leader) changes the instances on their WAS hosts and checks
  them. The cost of a wave then does not grow with the number of web hosts.

The step of an instance (``roll_waves``) names it with one vocabulary: ``inventory_host``, ``address``,
``instance``, ``route``, ``unit``, ``site``, ``ajp_port``, ``base``, ``target`` (the instance as an ajp_ping
target) and ``peer`` (another instance of the same site whose session must reach this one after the change, or
None).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError

CHANGES = ('restart', 'release', 'webapps')
# a webapp's context directory name under webapps/ (Tomcat's naming: '#' for '/', '##' before a version)
WEBAPP_NAME_RE = re.compile(r'^[A-Za-z0-9_.#-]+$')
# the session test page (templates/sessionTest.jsp.j2 of the tomcat role) prints the session's counter on a line
# of its own: the one definition of how it is read (the roll's session check, verify.yml, the tests)
SESSION_COUNTER_RE = re.compile(r'(?m)^counter=(\d+)\r?$')
ON_DRAIN_TIMEOUT = ('continue', 'fail')


class RollError(WebtierError, ValueError):
    """Input that is not a cluster model, a wave or a list of names."""


def _names(value, what):
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise RollError('%s must be a list of names, got %r' % (what, value))
    out = []
    for item in value:
        if not isinstance(item, str) or not item:
            raise RollError('%s must be a list of names, got the item %r' % (what, item))
        out.append(item)
    return out


def _steps_of(model):
    if not isinstance(model, Mapping) or not isinstance(model.get('order'), list):
        raise RollError('expected the cluster model (with its order), got %s' % type(model).__name__)
    bases = {}
    hosts = model.get('was_hosts') if isinstance(model.get('was_hosts'), Mapping) else {}
    for host, data in hosts.items():
        for inst in (data.get('instances') or []) if isinstance(data, Mapping) else []:
            if isinstance(inst, Mapping):
                bases[(host, inst.get('name'))] = inst.get('base')
    steps = []
    for item in model['order']:
        if not isinstance(item, Mapping):
            raise RollError('the model order holds %r, not a step' % (item,))
        steps.append({
            'inventory_host': item['host'], 'address': item['address'], 'instance': item['name'],
            'route': item['jvm_route'], 'unit': item['unit'], 'site': item['site'], 'ajp_port': item['ajp_port'],
            'base': bases.get((item['host'], item['name'])),
            # the instance as an ajp_ping target
            'target': {'host': item['address'], 'port': item['ajp_port'], 'name': item['jvm_route']},
        })
    return steps


def staged_routes(model, hostvars, staged, staged_hosts=None):
    """The jvmRoutes that the WAS hosts noted in the fact ``staged`` (hosts without it noted nothing).

    ``staged_hosts``: the hosts to read (the play's hosts); those that are not WAS hosts of the model are left out,
    and when none is, every WAS host of the model is read (a play on the web hosts).
    """
    was_hosts = list(model.get('was_hosts') or {})
    hosts = [h for h in (_names(staged_hosts, 'staged_hosts') if staged_hosts else []) if h in was_hosts] or was_hosts
    routes = []
    for host in hosts:
        if host not in hostvars:
            continue
        noted = hostvars[host][staged] if staged in hostvars[host] else []
        for route in _names(noted, '%s of %s' % (staged, host)):
            if route not in routes:
                routes.append(route)
    return routes


def roll_waves(model, routes=None, hosts=None, instances=None, sites=None, serial=False, hostvars=None, staged=None,
               staged_hosts=None):
    """The instances to roll, in the model's order, grouped into waves that run one after another.

    ``routes``: the jvmRoutes to roll (None = every instance), or with ``staged`` those the WAS hosts noted in
    that fact (``staged_routes``); ``hosts``, ``instances``, ``sites``: limits (empty = no limit).
    ``serial``: one instance per wave (the playbooks); otherwise a wave holds at most one instance of each site
    (a site is one cluster, whose members must not go down together) and different sites share a wave (the
    role's handler). Every step gets its ``peer``: the first other instance of its site in the
    model's order (None for a site of one instance).
    """
    steps = _steps_of(model)
    if staged:
        if hostvars is None:
            raise RollError('staged needs hostvars')
        routes = list(routes or []) + staged_routes(model, hostvars, staged, staged_hosts)
    wanted = None if routes is None else set(_names(routes, 'routes'))
    limits = [(key, set(_names(value, key))) for key, value in
              (('inventory_host', hosts), ('instance', instances), ('site', sites))]
    waves = []
    per_site = {}
    for step in steps:
        if wanted is not None and step['route'] not in wanted:
            continue
        if any(allowed and step[key] not in allowed for key, allowed in limits):
            continue
        peers = [s for s in steps if s['site'] == step['site'] and s['route'] != step['route']]
        item = dict(step, peer=dict(peers[0]) if peers else None)
        if serial:
            waves.append([item])
            continue
        index = per_site.get(step['site'], 0)
        per_site[step['site']] = index + 1
        while len(waves) <= index:
            waves.append([])
        waves[index].append(item)
    return waves


def _serving(status_results):
    """(web host, members) of every status worker read that answered; the results of a jkstatus_info task looped
    over the web hosts (the loop variable, ``item`` or the one ``ansible_loop_var`` names, is the web host). A
    web host whose read failed, was skipped or was unreachable (httpd not there yet) serves nothing."""
    out = []
    for res in status_results:
        if not isinstance(res, Mapping) or res.get('failed') or res.get('skipped') or res.get('unreachable'):
            continue
        web_host = res.get(res.get('ansible_loop_var') or 'item')
        members = res.get('members')
        if isinstance(web_host, str) and web_host and isinstance(members, list):
            out.append((web_host, [m for m in members if isinstance(m, Mapping)]))
    return out


def _served(serving, route):
    """(web host, member) of every member with this route; a missing or empty route never matches."""
    if not isinstance(route, str) or not route:
        return
    for web_host, members in serving:
        for member in members:
            if member.get('route') == route:
                yield web_host, member


def _targets(status_results, wave):
    """(web host, balancer, member) of the wave's routes on every status worker that answered."""
    if not isinstance(status_results, list):
        raise RollError('expected the results of the status worker reads, got %s' % type(status_results).__name__)
    serving = _serving(status_results)
    return [{'web_host': web_host, 'balancer': member.get('balancer'), 'member': member.get('name'),
             'route': step['route'], 'instance': step['instance'], 'inventory_host': step['inventory_host']}
            for step in wave for web_host, member in _served(serving, step['route'])]


def _model_targets(model, wave, web_host):
    """(web host, balancer, member) of the wave's routes as the cluster model configures every web host."""
    if not isinstance(model, Mapping) or not isinstance(model.get('members'), list):
        raise RollError('expected the cluster model (with its members and sites), got %s' % type(model).__name__)
    balancers = dict((site.get('name'), site.get('balancer')) for site in model.get('sites') or []
                     if isinstance(site, Mapping))
    out = []
    for step in wave:
        for member in model['members']:
            if isinstance(member, Mapping) and member.get('route') and member.get('route') == step['route']:
                out.append({'web_host': web_host, 'balancer': balancers.get(member.get('site')),
                            'member': member.get('name'), 'route': step['route'], 'instance': step['instance'],
                            'inventory_host': step['inventory_host']})
    return out


def roll_plan(wave, status_results, host, web_hosts, leader=None, model=None):
    """Who does what in one wave, seen from ``host``.

    ``wave``: an item of ``roll_waves``. ``status_results``: the results of the jkstatus_info task of the wave,
    looped over the web hosts whose status worker ``host`` reads (itself on a web host, every web host on a WAS
    host). ``web_hosts``: the web group. ``leader``: on the web hosts, the host that changes and checks the
    instances (default: the first web host). ``model``: on a web host, the cluster model, whose members and sites
    say what its own httpd serves (its status worker need not be read first; the preflight reads it).

    Returns ``{web, change, verify, checks, leader, on_web}``: ``web`` the (web host, balancer, member) targets
    this host drives through the status workers; ``change`` the steps this host changes (on their WAS hosts);
    ``verify`` those it checks with an AJP request;
    ``checks`` the steps whose session check it makes (those with a reachable peer: from a web host only, as the
    firewall admits AJP from the web hosts).
    """
    if not isinstance(wave, list) or not all(isinstance(s, Mapping) and 'route' in s for s in wave):
        raise RollError('expected a wave of roll_waves, got %r' % (wave,))
    web = _names(web_hosts, 'web_hosts')
    on_web = host in web
    if on_web:
        leader = leader or web[0]
        change = list(wave) if host == leader else []
    else:
        leader = host
        change = [s for s in wave if s['inventory_host'] == host]
    if on_web and model is not None:
        targets = _model_targets(model, wave, host)
    else:
        targets = _targets(status_results, wave if on_web else change)
    served = set(t['route'] for t in targets)
    return {
        # a WAS host drives the status workers for its own instances only; a web host for the whole wave
        'web': targets,
        'change': change,
        # the AJP 200 check after the change: every instance from a web host; from a WAS host the drained ones (an
        # instance no web host serves yet, as on a first rollout, is checked by CPong alone)
        'verify': [s for s in change if on_web or s['route'] in served],
        'checks': [s for s in change if on_web and s.get('peer')],
        'leader': leader,
        'on_web': on_web,
    }


def roll_webapps(steps, hostvars, names=None, default_webapps=None, default_group='tomcat'):
    """The WARs to deploy to each changed instance: ``[{step, webapp, group}]`` in the order of ``steps``.

    The WARs of an instance are the ``tomcat_webapps`` of its WAS host (its hostvars, else ``default_webapps``,
    the role's view) whose ``instances`` list is absent or names the instance, limited to ``names`` when given.
    ``group`` is the WAS host's ``tomcat_group`` (the group of the unpacked files).
    """
    if not isinstance(steps, list):
        raise RollError('expected the steps to change, got %s' % type(steps).__name__)
    wanted = set(_names(names, 'names')) if names else None
    out = []
    for step in steps:
        host_vars = hostvars[step['inventory_host']] if step['inventory_host'] in hostvars else {}
        webapps = host_vars['tomcat_webapps'] if 'tomcat_webapps' in host_vars else default_webapps
        group = host_vars['tomcat_group'] if 'tomcat_group' in host_vars else default_group
        if webapps is None:
            webapps = []
        if not isinstance(webapps, list):
            raise RollError('%s: tomcat_webapps must be a list, got %s'
                            % (step['inventory_host'], type(webapps).__name__))
        for webapp in webapps:
            _check_webapp(step['inventory_host'], webapp)
            if wanted is not None and webapp['name'] not in wanted:
                continue
            only = webapp.get('instances')
            if only is not None and step['instance'] not in only:
                continue
            out.append({'step': step, 'webapp': dict(webapp), 'group': group})
    return out


def _check_webapp(host, webapp):
    if not isinstance(webapp, Mapping) or not isinstance(webapp.get('name'), str):
        raise RollError('%s: every tomcat_webapps item needs a name, got %r' % (host, webapp))
    name = webapp['name']
    if not WEBAPP_NAME_RE.match(name) or name in ('.', '..'):
        raise RollError("%s: the tomcat_webapps name %r must be a context directory name (letters, digits, '.', '#', "
                        "'-', '_')" % (host, name))
    if not isinstance(webapp.get('src'), str) or not webapp['src']:
        raise RollError('%s: the tomcat_webapps item %s needs src (a WAR on the controller)' % (host, name))
    statuses = webapp.get('health_statuses')
    if statuses is not None and (not isinstance(statuses, list) or not all(
            isinstance(code, int) and not isinstance(code, bool) and 100 <= code <= 599 for code in statuses)):
        raise RollError('%s: health_statuses of %s must be a list of HTTP statuses, got %r' % (host, name, statuses))
    uri = webapp.get('health_uri')
    if uri is not None and (not isinstance(uri, str) or not uri.startswith('/')):
        raise RollError('%s: health_uri of %s must be a path starting with /, got %r' % (host, name, uri))


def roll_gates(steps, hostvars, default_webapps=None):
    """The health gate of each step: ``[{step, webapps}]`` for the steps with WARs (tomcat_webapps).

    ``webapps``: the arguments of the webapp_health module for the instance, every WAR of the instance (a change
    to one instance can break any of its applications): ``[{name, uri, statuses}]``, ``uri`` and ``statuses`` only
    when the item sets ``health_uri`` and ``health_statuses``.
    """
    gates = []
    for step in steps if isinstance(steps, list) else _names(steps, 'steps'):
        webapps = []
        for item in roll_webapps([step], hostvars, default_webapps=default_webapps):
            gate = {'name': item['webapp']['name']}
            for key, arg in (('health_uri', 'uri'), ('health_statuses', 'statuses')):
                if item['webapp'].get(key) is not None:
                    gate[arg] = item['webapp'][key]
            webapps.append(gate)
        if webapps:
            gates.append({'step': step, 'webapps': webapps})
    return gates


def changed_instances(results):
    """The names of the instances of the changed items of registered loop results (unique, in order).

    ``results``: registered results of tasks looped over the instances (loop variable ``__tomcat_instance``, the
    resolved instance) or over the deploys of roll_webapps (``__tomcat_deploy``); a result without ``results`` (a
    skipped task) holds none.
    """
    out = []
    for result in results if isinstance(results, list) else [results]:
        items = result.get('results') if isinstance(result, Mapping) else None
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, Mapping) or not item.get('changed'):
                continue
            loop_var = item.get(item.get('ansible_loop_var') or 'item')
            if not isinstance(loop_var, Mapping):
                raise RollError('expected results looped over instances or deploys, got the item %r' % (loop_var,))
            name = loop_var['step']['instance'] if isinstance(loop_var.get('step'), Mapping) else loop_var.get('name')
            if name not in out:
                out.append(name)
    return out


def session_counter(content):
    """The counter the session test page printed, or None (no page, or not a page of the session test)."""
    if not isinstance(content, str):
        return None
    match = SESSION_COUNTER_RE.search(content)
    return int(match.group(1)) if match else None


def failure_message(result):
    """The messages of a failed task result (a looped task: those of its failed items), for the roll's report.

    Without a result (a host stopped because another host of the play failed) it says so."""
    if not isinstance(result, Mapping):
        result = {}
    messages = [result.get('msg')]
    for item in result.get('results') or []:
        if isinstance(item, Mapping) and item.get('failed'):
            messages.append(item.get('msg'))
    out = []
    for msg in messages:
        if isinstance(msg, str) and msg.strip() and msg.strip() not in out:
            out.append(msg.strip())
    return '; '.join(out) or 'another host of the play failed'


# The restart waves and drain pairs over the cluster model's ``order`` (filters cluster_waves, drain_targets).

def cluster_waves(order, selected):
    """Group the selected steps of ``order`` into waves that run one after another.

    ``selected``: mapping host -> instance names to (re)start (hosts missing from it are skipped).
    Within a wave every step belongs to a different site; a site's steps keep the order of ``order``.
    """
    if not isinstance(selected, Mapping):
        raise ValueError('selected must be a mapping of host to instance names, got %r' % (selected,))
    counters = {}
    out = []
    for step in order:
        names = selected.get(step['host'])
        if not names or step['name'] not in names:
            continue
        wave = counters.get(step['site'], 0)
        counters[step['site']] = wave + 1
        while len(out) <= wave:
            out.append([])
        item = dict(step)
        item['wave'] = wave
        out[wave].append(item)
    return out


def stopped_per_host(hostvars, hosts, key):
    """``{host: [instance names]}``: the instances that the registered systemd results ``key`` of each host (looped
    over the resolved instances, loop variable ``__tomcat_instance`` or the one ``ansible_loop_var`` names) report
    not active. A host without the result (or a skipped task, as in check mode) has none."""
    out = {}
    for host in _names(hosts, 'hosts'):
        result = hostvars[host][key] if host in hostvars and key in hostvars[host] else {}
        names = []
        for item in (result.get('results') or []) if isinstance(result, Mapping) else []:
            if not isinstance(item, Mapping) or item.get('skipped'):
                continue
            instance = item.get(item.get('ansible_loop_var') or 'item')
            state = (item.get('status') or {}).get('ActiveState', '') if isinstance(item.get('status'), Mapping) else ''
            if not isinstance(instance, Mapping) or not isinstance(instance.get('name'), str):
                raise RollError('%s: expected results looped over the instances, got the item %r' % (host, instance))
            if state != 'active':
                names.append(instance['name'])
        out[host] = names
    return out


def drain_targets(status_results, steps):
    """The (web host, member) pairs to drain before restarting ``steps``: where a status worker serves them.

    ``status_results``: the ``results`` of a jkstatus_info task looped over the web hosts (the loop variable,
    ``item`` or the one ``ansible_loop_var`` names, is the web host).
    A web host whose status worker did not answer (failed, skipped or unreachable: httpd not installed yet, as
    on a first rollout) serves nothing. A member serves a step when its route is the step's jvmRoute (unique in
    the WAS group); a missing or empty route never matches (a step without a jvmRoute is served by no member).
    Returns [{web_host, balancer, member, route, instance, host}] in the order of ``steps``, then of the web hosts.
    """
    if not isinstance(status_results, list) or not isinstance(steps, list):
        raise ValueError('expected the list of jkstatus_info results and the list of steps, got %s and %s'
                         % (type(status_results).__name__, type(steps).__name__))
    serving = _serving(status_results)
    return [{'web_host': web_host, 'balancer': member.get('balancer'), 'member': member.get('name'),
             'route': step['jvm_route'], 'instance': step['name'], 'host': step['host']}
            for step in steps if isinstance(step, Mapping)
            for web_host, member in _served(serving, step.get('jvm_route'))]
