# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action plugin of webtier.tomcat_cluster.cluster_facts: the cluster model, computed once per run, as one fact.

Documentation: plugins/modules/cluster_facts.py. Runs on the controller: reads the inventory (hostvars,
groups), computes the model with the filter webtier.tomcat_cluster.cluster_model and publishes it as the fact
``webtier_cluster_model`` (``ansible_facts['webtier_cluster_model']``). Every host gets the model of its own inputs;
hosts with the same inputs (the usual case) share one computation per run: the first one computes it under a lock
in the run's local temporary directory (ansible-playbook removes it at the end), the others read it, and a model
of the same run and inputs that a host already holds is published again without being computed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Mapping

from ansible import constants as C
from ansible.errors import AnsibleActionFail, AnsibleError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase

from ansible_collections.webtier.tomcat_cluster.plugins.filter.cluster_model import cluster_model
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _seed as seed

FACT = 'webtier_cluster_model'
ARGUMENT_SPEC = dict(
    was_group=dict(type='str', default='was'),
    web_group=dict(type='str', default='web'),
    host=dict(type='str'),
    settings=dict(type='dict', default={}),
    web=dict(type='dict', default={}),
)
_MISSING = object()


def run_id(pid=None, proc='/proc'):
    """The ansible-playbook process that runs this task (the parent of the worker): its pid and start time."""
    pid = os.getppid() if pid is None else pid
    try:
        with open(os.path.join(proc, str(pid), 'stat'), encoding='ascii') as handle:
            start = handle.read().rsplit(')', 1)[1].split()[19]
    except (OSError, IndexError):
        start = '?'
    return '%d-%s' % (pid, start)


def _get(hostvars, host, name):
    """``hostvars[host][name]`` as Ansible resolves it, or _MISSING."""
    if not host:
        return _MISSING
    try:
        hvars = hostvars[host]
        return hvars[name] if name in hvars else _MISSING
    except (KeyError, AnsibleError):
        return _MISSING


def effective_inputs(hostvars, groups, args):
    """The inputs that decide the model, with what the model would take anyway left out.

    A setting of the calling WAS host counts only where it differs from that host's inventory value and from the
    seed (a play variable); the web tier's inputs are the calling web host's, else the first web host's, else the
    seed. Unknown web host addresses are no error of the model (``web_addresses_unknown``): the tomcat role, which
    opens AJP to them, refuses them itself, so a play limited to some web hosts works.
    """
    was_hosts = list(groups.get(args['was_group']) or [])
    web_hosts = list(groups.get(args['web_group']) or [])
    host = args['host']
    facts = _get(hostvars, host, 'ansible_facts')
    ipv4 = facts.get('default_ipv4') if isinstance(facts, Mapping) else None
    # the role's default private address is the host's default IPv4 address, which the model reads from the facts
    fact_address = ipv4.get('address') if isinstance(ipv4, Mapping) else _MISSING
    settings = {}
    for name, value in (args['settings'] or {}).items():
        inventory = _get(hostvars, host, name)
        default = fact_address if name == 'tomcat_private_address' else seed.TOMCAT.get(name, _MISSING)
        if value is None or value == inventory or (inventory is _MISSING and value == default):
            continue
        settings[name] = value
    web = {}
    first_web = web_hosts[0] if web_hosts else None
    for name, default in seed.WEB.items():
        if name in (args['web'] or {}):
            web[name] = args['web'][name]
        else:
            value = _get(hostvars, first_web, name)
            web[name] = default if value is _MISSING else value
    return dict(was_group=args['was_group'], web_group=args['web_group'], host=host if settings else None,
                settings=settings, web=web)


def digest(inputs):
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=repr).encode('utf-8')).hexdigest()


class ActionModule(ActionBase):
    """Compute the cluster model once per run and publish it as the fact ``webtier_cluster_model``."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        validation = ArgumentSpecValidator(ARGUMENT_SPEC).validate(self._task.args)
        if validation.error_messages:
            raise AnsibleActionFail('cluster_facts: %s' % '; '.join(validation.error_messages))
        args = validation.validated_parameters
        hostvars = task_vars.get('hostvars') or {}
        groups = task_vars.get('groups') or {}
        inputs = effective_inputs(hostvars, groups, args)
        this_run, key = run_id(), digest(inputs)

        hosts = [task_vars.get('inventory_hostname')] + list(groups.get(args['was_group']) or []) \
            + list(groups.get(args['web_group']) or [])
        for host in hosts:
            facts = task_vars.get('ansible_facts') if host == task_vars.get('inventory_hostname') \
                else _get(hostvars, host, 'ansible_facts')
            known = facts.get(FACT) if isinstance(facts, Mapping) else None
            if isinstance(known, Mapping) and known.get('run') == this_run and known.get('inputs') == key:
                result.update(changed=False, computed=False, ansible_facts={FACT: dict(known)})
                return result

        cache = os.path.join(C.DEFAULT_LOCAL_TMP, 'webtier-cluster-model-%s.json' % key)
        try:
            with open(cache + '.lock', 'a', encoding='ascii') as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    with open(cache, encoding='utf-8') as handle:
                        known = json.load(handle)
                except (OSError, ValueError):
                    known = None
                if isinstance(known, Mapping) and known.get('run') == this_run and known.get('inputs') == key:
                    result.update(changed=False, computed=False, ansible_facts={FACT: known})
                    return result
                model = self._compute(hostvars, groups, inputs, this_run, key)
                tmp = '%s.%d' % (cache, os.getpid())
                with open(tmp, 'w', encoding='utf-8') as handle:
                    json.dump(model, handle, default=str)
                os.replace(tmp, cache)
        except OSError:
            # no local temporary directory to share it through: this host computes its own
            model = self._compute(hostvars, groups, inputs, this_run, key)
        result.update(changed=False, computed=True, ansible_facts={FACT: model})
        return result

    @staticmethod
    def _compute(hostvars, groups, inputs, this_run, key):
        web = inputs['web']
        try:
            model = cluster_model(
                hostvars, groups, was_group=inputs['was_group'], web_group=inputs['web_group'], host=inputs['host'],
                settings=inputs['settings'], sites=web['httpd_modjk_sites'], members=web['httpd_modjk_members'],
                server_name_suffix=web['httpd_modjk_server_name_suffix'],
                default_mounts=web['httpd_modjk_default_mounts'], checks=['was', 'web'])
        except AnsibleError as exc:
            raise AnsibleActionFail('cluster_facts: %s' % exc) from None
        return dict(model, run=this_run, inputs=key)
