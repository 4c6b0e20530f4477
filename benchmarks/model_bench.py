#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster model at scale: a generated inventory of 500 WAS hosts x 4 instances and 20 web hosts.

Measures, in one run, the pure model (build + validation, both tiers' checks, static members for every
instance, the start order) and the waves of a restart of every instance, for the seed topology
(2 WAS hosts x 2 instances, the baseline) and for the large inventory; prints the median times, the cost
per instance and the ratio per instance large / seed (1.0 = linear). Goal: the large model < 1 s.

    . scripts/env.sh && python benchmarks/model_bench.py [--hosts 500] [--instances 4] [--web 20] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, '.cache', 'collections'))

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _cluster_model as cm  # noqa: E402

DEFAULTS = {'tomcat_version': '9.0.109', 'tomcat_install_root': '/usr/local/tomcat', 'tomcat_cluster_enabled': True,
            'tomcat_cluster_manager': 'delta', 'tomcat_cluster_membership': 'static',
            'tomcat_cluster_multicast_address': '228.0.0.4', 'tomcat_catalina_opts': '-Xmx512m',
            'tomcat_base_catalina_opts': '-Djava.net.preferIPv4Stack=true', 'tomcat_java_opts': ''}


def inventory(hosts, instances, web):
    was = ['was-%03d' % n for n in range(1, hosts + 1)]
    webs = ['web-%02d' % n for n in range(1, web + 1)]
    items = [{'name': 's%d-was' % k, 'site': 's%d' % k, 'shutdown_port': 8005 + 10 * k, 'ajp_port': 8009 + 10 * k,
              'cluster_port': 5000 + k, 'multicast_port': 45564 + k} for k in range(instances)]
    hostvars = {}
    for pos, host in enumerate(was + webs):
        hostvars[host] = {cm.FACTS_ADDRESS: '10.%d.%d.%d' % (pos // 65536, pos // 256 % 256, pos % 256)}
    for host in was:
        hostvars[host]['tomcat_instances'] = items
    defaults = dict(DEFAULTS, tomcat_instances=items)
    sites = [{'name': 's%d' % k, 'server_name': 's%d.example' % k} for k in range(instances)]
    return was, webs, hostvars, defaults, sites


def measure(hosts, instances, web, rounds):
    was, webs, hostvars, defaults, sites = inventory(hosts, instances, web)
    build, plan = [], []
    model = None
    for _round in range(rounds):
        start = time.perf_counter()
        model = cm.build_model(was, webs, hostvars, defaults, host=was[0], sites=sites, web_addresses_required=True)
        build.append(time.perf_counter() - start)
        start = time.perf_counter()
        waves = cm.waves(model['order'], dict((h, [i['name'] for i in defaults['tomcat_instances']]) for h in was))
        plan.append(time.perf_counter() - start)
    assert model['errors'] == [], model['errors'][:5]
    assert len(model['members']) == hosts * instances and len(waves) == hosts
    return {'hosts': hosts, 'instances': hosts * instances, 'web_hosts': web,
            'build_s': statistics.median(build), 'waves_s': statistics.median(plan), 'waves': len(waves),
            'static_members_per_instance': len(model['was_hosts'][was[0]]['instances'][0]['members'])}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--hosts', type=int, default=500)
    parser.add_argument('--instances', type=int, default=4)
    parser.add_argument('--web', type=int, default=20)
    parser.add_argument('--rounds', type=int, default=5)
    parser.add_argument('--json', help='write the figures to this file')
    args = parser.parse_args()
    seed = measure(2, 2, 2, max(args.rounds, 50))
    large = measure(args.hosts, args.instances, args.web, args.rounds)
    per_seed = seed['build_s'] / seed['instances']
    per_large = large['build_s'] / large['instances']
    out = {'seed': seed, 'large': large, 'per_instance_ratio': per_large / per_seed,
           'goal_large_under_1s': large['build_s'] + large['waves_s'] < 1.0}
    for name in ('seed', 'large'):
        r = out[name]
        print('%-5s %4d WAS hosts x %d instances, %2d web hosts: model %8.1f ms (%.1f us/instance, %d static members '
              'each), waves of a full restart %6.1f ms (%d waves)'
              % (name, r['hosts'], r['instances'] // r['hosts'], r['web_hosts'], r['build_s'] * 1000,
                 r['build_s'] / r['instances'] * 1e6, r['static_members_per_instance'], r['waves_s'] * 1000,
                 r['waves']))
    print('per-instance cost large / seed: %.2fx (1.0 = linear); large model + waves under 1 s: %s'
          % (out['per_instance_ratio'], 'yes' if out['goal_large_under_1s'] else 'NO'))
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump(out, handle, indent=2)
    return 0 if out['goal_large_under_1s'] else 1


if __name__ == '__main__':
    sys.exit(main())
