#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The first converge of the WAS tier on 2 hosts against 6 hosts, in one run (issue: start order in waves).

For each size (2, then 6; ``--sizes``) the script starts that many fresh Debian 12 systemd containers
(scale-was-01 ...) on their own docker network, writes an inventory of them (the lab's two seed instances
a-was and b-was per host, small heaps, multicast membership, the Tomcat fixture from $WEBTIER_FIXTURES, AJP
allowed from one documentation address as no web host is part of it), and times ``playbooks/was.yml``: OpenJDK,
Tomcat, the instances, firewalld and the starts. The containers are removed afterwards. Printed: the wall time
of each size, the ratio to the smallest size (goal <= 1.5 for 6 against 2: the configuration runs on all hosts in
parallel and the instances start in waves, one per site at a time across all hosts, not host after host), the
load average, and the CPU seconds the whole machine was busy during each converge (controller, docker and every
container, from /proc/stat) with their ratio. Busy seconds / cores is the shortest wall time this machine allows
for that work: when the 6-host converge needs about three times the CPU of the 2-host one, its wall time cannot
be below about three times either on 2 cores, whatever runs in parallel.

    . scripts/env.sh && python benchmarks/scale_bench.py [--sizes 2 6] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import string
import subprocess
import sys
import tempfile
import time

from operations_bench import lab_run_args

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
NET = 'webtier-scale'
INSTANCES = [
    {'name': 'a-was', 'site': 'a', 'shutdown_port': 8005, 'ajp_port': 8009, 'cluster_port': 5000,
     'multicast_port': 45564},
    {'name': 'b-was', 'site': 'b', 'shutdown_port': 8015, 'ajp_port': 8019, 'cluster_port': 5001,
     'multicast_port': 45565},
]


def log(msg):
    print('[scale] %s' % msg, file=sys.stderr, flush=True)


def loadavg():
    with open('/proc/loadavg', encoding='ascii') as handle:
        return ' '.join(handle.read().split()[:3])


def cpu_times():
    """(busy, total) CPU seconds of the whole machine so far (/proc/stat: every process, containers included)."""
    with open('/proc/stat', encoding='ascii') as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    tick = os.sysconf('SC_CLK_TCK')
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields) - idle) / tick, sum(fields) / tick


def docker(*args, check=True):
    return subprocess.run(('docker',) + args, capture_output=True, text=True, check=check).stdout


def names(count):
    return ['scale-was-%02d' % i for i in range(1, count + 1)]


def destroy():
    for name in docker('ps', '-aq', '--filter', 'label=webtier.bench=1').split():
        docker('rm', '-f', name, check=False)
    docker('network', 'rm', NET, check=False)


def create(count):
    docker('network', 'create', '--label', 'webtier.bench=1', NET)
    for name in names(count):
        subprocess.run(lab_run_args(name, network=NET, label='webtier.bench=1'), capture_output=True, check=True)
    for name in names(count):
        end = time.time() + 60
        while time.time() < end:
            state = subprocess.run(['docker', 'exec', name, 'systemctl', 'is-system-running', '--wait'],
                                   capture_output=True, text=True, check=False).stdout.strip()
            if state in ('running', 'degraded'):
                break
            time.sleep(1)
        else:
            raise SystemExit('%s: systemd did not come up' % name)


def inventory(count, directory):
    alphabet = string.ascii_letters + string.digits
    data = {'all': {
        'vars': {'ansible_connection': 'community.docker.docker', 'ansible_python_interpreter': '/usr/bin/python3',
                 'ansible_become': False, 'tomcat_was_group': 'was', 'tomcat_web_group': 'web',
                 'tomcat_ajp_secret': ''.join(secrets.choice(alphabet) for dummy in range(32))},
        'children': {
            'was': {'hosts': dict((name, {}) for name in names(count)),
                    'vars': {'tomcat_version': '9.0.70', 'tomcat_archive_dir': os.environ.get('WEBTIER_FIXTURES', ''),
                             'tomcat_instances': INSTANCES, 'tomcat_cluster_membership': 'multicast',
                             'tomcat_catalina_opts': '-Xms64m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1',
                             'tomcat_ajp_allowed_sources': ['192.0.2.10']}},
            'web': {'hosts': {}}}}}
    path = os.path.join(directory, 'hosts.json')
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(data, handle)
    return path


def converge(count):
    destroy()
    create(count)
    with tempfile.TemporaryDirectory(prefix='webtier-scale-') as tmp:
        path = inventory(count, tmp)
        log('%d hosts: ansible-playbook playbooks/was.yml' % count)
        start, (busy0, dummy) = time.monotonic(), cpu_times()
        proc = subprocess.run(['ansible-playbook', '-i', path, os.path.join(ROOT, 'playbooks', 'was.yml')], cwd=ROOT,
                              capture_output=True, text=True, check=False)
        seconds, busy = time.monotonic() - start, cpu_times()[0] - busy0
    destroy()
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-6000:] + proc.stderr[-2000:])
        raise SystemExit('%d hosts: was.yml failed (rc %d)' % (count, proc.returncode))
    cores = os.cpu_count() or 1
    print('%d WAS hosts x %d instances: %.1f s, CPU busy %.1f s = %.0f%% of %d cores (floor on this machine %.1f s; '
          'load average after: %s)' % (count, len(INSTANCES), seconds, busy, 100 * busy / (seconds * cores), cores,
                                       busy / cores, loadavg()), flush=True)
    return {'hosts': count, 'seconds': round(seconds, 1), 'cpu_busy_s': round(busy, 1), 'cores': cores}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--sizes', type=int, nargs='+', default=[2, 6], help='numbers of WAS hosts (default 2 6)')
    parser.add_argument('--json', help='write the figures to this file')
    args = parser.parse_args()
    log('load average before: %s' % loadavg())
    results = [converge(count) for count in args.sizes]
    base = results[0]['seconds'] or 1
    for row in results:
        print('%d hosts: %7.1f s  ratio %.2f (to %d hosts; goal <= 1.5 for 6 against 2); CPU busy %.1f s, ratio %.2f' % (
            row['hosts'], row['seconds'], row['seconds'] / base, results[0]['hosts'], row['cpu_busy_s'],
            row['cpu_busy_s'] / (results[0]['cpu_busy_s'] or 1)))
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump(results, handle, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())
