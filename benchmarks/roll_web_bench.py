#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drained roll with 2 web hosts against 4, in one run: its cost must not grow with the web tier.

On the container lab (scripts/lab.sh up), two more web hosts (web-03, web-04) are started as containers and
converged with playbooks/web.yml from a copy of the lab's inventory that lists all four (the WAS hosts' AJP
firewall opened to them by the tomcat role's firewall tasks). Then playbooks/rolling_restart.yml rolls the same
instances (site a: a-was1, a-was2) with the 2-web inventory and with the 4-web one, alternating (2, 4, 2, 4, ...)
so that the machine's drift hits both alike. Each web host drives its own status worker (the roll runs on the
web hosts, all at once), so every status-worker step costs one module call per web host in parallel, not one
after the other. Printed: each run's wall time, the median per size and the ratio 4/2 (goal <= 1.2), and the
CPU seconds the machine was busy per run. web-03 and web-04 are removed at the end.

    . scripts/env.sh && python benchmarks/roll_web_bench.py [--pairs 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, '.cache', 'collections'))

from ansible_collections.webtier.tomcat_cluster.tests.support import lab  # noqa: E402
from operations_bench import lab_run_args  # noqa: E402
from scale_bench import cpu_times  # noqa: E402

INVENTORY = os.path.join(ROOT, 'inventories', 'lab')
SECRETS = os.path.join(ROOT, '.cache', 'lab', 'secrets.yml')
EXTRA_WEB = ('web-03', 'web-04')


def log(msg):
    print('[roll-web] %s' % msg, file=sys.stderr, flush=True)


def sh(*args, check=True):
    return subprocess.run(args, capture_output=True, text=True, check=check).stdout


def inventory_with(tmp, web_hosts):
    inventory = os.path.join(tmp, 'web%d' % len(web_hosts))
    shutil.copytree(INVENTORY, inventory)
    hosts = os.path.join(inventory, 'hosts.yml')
    with open(hosts, encoding='utf-8') as handle:
        text = handle.read()
    listed = ''.join('        %s:\n' % h for h in web_hosts)
    with open(hosts, 'w', encoding='utf-8') as handle:
        handle.write(text.replace('        web-01:\n        web-02:\n', listed, 1))
    return inventory


def playbook(inventory, name, *extra):
    res = lab.run_playbook(inventory, name, '-e', '@' + SECRETS, *extra, timeout=None)
    if res.returncode != 0:
        sys.stderr.write(res.stdout[-6000:] + res.stderr[-2000:])
        raise SystemExit('%s failed (rc %d)' % (name, res.returncode))
    return res


def roll(inventory):
    busy0, dummy = cpu_times()
    t0 = time.monotonic()
    playbook(inventory, 'rolling_restart.yml', '-e', json.dumps({'tomcat_roll_sites': ['a']}))
    wall = time.monotonic() - t0
    busy1, dummy = cpu_times()
    return wall, busy1 - busy0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--pairs', type=int, default=3, help='rolls per size, alternating (default 3)')
    parser.add_argument('--json', help='also write the results here')
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix='webtier-roll-web-')
    try:
        for name in EXTRA_WEB:
            sh('docker', 'rm', '-f', name, check=False)
            sh(*lab_run_args(name))
        for name in EXTRA_WEB:
            lab.wait_for(lambda n=name: sh('docker', 'exec', n, 'systemctl', 'is-system-running', '--wait',
                                           check=False).strip() in ('running', 'degraded'), 90, name + "'s systemd")
        two = inventory_with(tmp, ['web-01', 'web-02'])
        four = inventory_with(tmp, ['web-01', 'web-02'] + list(EXTRA_WEB))
        log('converging web-03 and web-04, and opening AJP to them on the WAS hosts')
        playbook(four, 'was.yml', '--tags', 'tomcat_firewall')
        playbook(four, 'web.yml', '--limit', ','.join(('was',) + EXTRA_WEB))
        results = {2: [], 4: []}
        for index in range(args.pairs):
            for size, inventory in ((2, two), (4, four)):
                wall, busy = roll(inventory)
                results[size].append({'wall': round(wall, 1), 'busy_cpu_s': round(busy, 1)})
                log('pair %d, %d web hosts: %.1f s wall, %.1f CPU s busy' % (index + 1, size, wall, busy))
    finally:
        for name in EXTRA_WEB:
            sh('docker', 'rm', '-f', name, check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    median = dict((size, statistics.median(r['wall'] for r in runs)) for size, runs in results.items())
    cpu = dict((size, statistics.median(r['busy_cpu_s'] for r in runs)) for size, runs in results.items())
    print('%-10s %10s %10s %10s %14s' % ('web hosts', 'min s', 'median s', 'max s', 'median CPU s'))
    for size, runs in results.items():
        walls = [r['wall'] for r in runs]
        print('%-10d %10.1f %10.1f %10.1f %14.1f' % (size, min(walls), median[size], max(walls), cpu[size]))
    print('ratio 4/2 (median wall): %.2f   (goal <= 1.2)' % (median[4] / median[2]))
    print('ratio 4/2 (median busy CPU): %.2f' % (cpu[4] / cpu[2]))
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump({'runs': results, 'median': median, 'ratio': median[4] / median[2]}, handle, indent=2)


if __name__ == '__main__':
    main()
