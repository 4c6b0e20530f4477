#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day-2 operations on the lab under load: the role's restart plain against drained, then scale-out and scale-in.

On the container lab (scripts/lab.sh up), in one run:

* ``plain``: playbooks/was.yml with a changed tomcat_catalina_opts (it is in the unit, so all four instances
  restart through the tomcat role's handler) and tomcat_restart_drain=false: the restart as it was before the
  drain, one instance per site at a time, each waiting for its CPong;
* ``drained``: the same change back to the inventory's options with the default drain: each instance set DIS
  then STP on both web hosts (waiting for the requests in flight), restarted, checked (CPong, AJP 200 from its
  jvmRoute) and set ACT again;
* ``scale-out`` (``--scale-out``): a third WAS host, was-03, is started as a container and added to a copy of
  the inventory; playbooks/site.yml installs its instances (they join the multicast clusters) and every web
  host's workers gain a-was3 and b-was3 (graceful reload). Checked afterwards: both members ACT and OK on every
  web host, and new sessions reach them;
* ``scale-in``: site.yml with the lab's own inventory removes them from the workers again; was-03 is removed.

During each run the outsider container runs the shared load generator (tests/support/load_client.py) against both web hosts: per
site, 10 clients of short GET/POST requests and 4 clients of 4-second POSTs (20 sessions and 8 long POSTs in
all), each client keeping its session and checking that the counter goes up by one. Printed per run: wall time
of the playbook (ratio to plain), requests OK and failed (long POSTs among them), lost sessions.

    . scripts/env.sh && flock /tmp/team/lock.lab python benchmarks/operations_bench.py [--scale-out] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, '.cache', 'collections'))

from ansible_collections.webtier.tomcat_cluster.tests.support import lab, load  # noqa: E402

INVENTORY = os.path.join(ROOT, 'inventories', 'lab')
SECRETS = os.path.join(ROOT, '.cache', 'lab', 'secrets.yml')
OPTS = '-Xms64m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1'  # inventories/lab/group_vars/was.yml
TAG = '/tmp/restart-bench'
KEYS = ('ok', 'short_ok', 'long_ok', 'failed', 'lost')


def sh(*args, check=True):
    return subprocess.run(args, capture_output=True, text=True, check=check).stdout


def wait_for(pred, deadline, what):
    try:
        return lab.wait_for(pred, deadline, what, interval=1)
    except AssertionError as exc:
        raise SystemExit(str(exc)) from None


def start_load():
    configs = dict(('-' + site, {'webs': ['web-01', 'web-02'], 'server_name': site + '-site.example',
                                 'uri': '/sessionTest.jsp', 'short_clients': 10, 'long_clients': 4,
                                 'long_seconds': 4, 'max_seconds': 1200}) for site in ('a', 'b'))
    run = load.Load(load.in_container('outsider'), TAG, configs)
    run.start(120)
    return run


def stop_load(run):
    run.stop()
    totals = dict((k, 0) for k in KEYS)
    totals['failures'] = []
    for data in run.totals(300).values():
        for key in KEYS:
            totals[key] += data[key]
        totals['failures'] += data['failures']
    totals['long_failed'] = sum(1 for f in totals['failures'] if ' long ' in f)
    return totals


def playbook(mode, playbook_name, extra, inventory=INVENTORY):
    run = start_load()
    t0 = time.time()
    try:
        res = lab.run_playbook(inventory, playbook_name, '-e', '@' + SECRETS, '-e', json.dumps(extra), timeout=None)
        wall = time.time() - t0
    finally:
        totals = stop_load(run)
    # printed at once: a later run that fails must not take this one's figures with it
    print('%s: %s in %.1f s, load %s' % (mode, playbook_name, wall, json.dumps(dict((k, totals[k]) for k in KEYS))),
          flush=True)
    if res.returncode != 0:
        sys.stderr.write(res.stdout[-6000:] + res.stderr[-2000:])
        raise SystemExit('%s: %s failed (rc %d)' % (mode, playbook_name, res.returncode))
    return dict(totals, mode=mode, wall=round(wall, 1))


def restart(mode, opts):
    extra = {'tomcat_catalina_opts': opts, 'tomcat_restart_drain': mode == 'drained',
             'tomcat_restart_drain_timeout': 2}
    return playbook(mode, 'was.yml', extra)


def lab_run_args(name, network='webtier-lab', label='webtier.lab=1'):
    """`docker run` of a lab container, as scripts/lab.sh starts them (also used by scale_bench.py)."""
    return ['docker', 'run', '-d', '--name', name, '--hostname', name, '--network', network,
            '--label', label, '--cap-add', 'SYS_ADMIN', '--cap-add', 'NET_ADMIN', '--cap-add', 'NET_RAW',
            '--security-opt', 'seccomp=unconfined', '--security-opt', 'apparmor=unconfined', '--cgroupns', 'host',
            '-v', '/sys/fs/cgroup:/sys/fs/cgroup:rw', '--tmpfs', '/run', '--tmpfs', '/run/lock',
            'webtier/debian12-systemd:latest']


def members(web):
    out = sh('docker', 'exec', web, 'curl', '-sS', '-m', '10', lab.STATUS_URL + '?cmd=list&mime=prop')
    return lab.members(out, keys=('activation', 'state', 'sessions'))


def scale(new='was-03'):
    sh('docker', 'rm', '-f', new, check=False)
    sh(*lab_run_args(new))
    wait_for(lambda: sh('docker', 'exec', new, 'systemctl', 'is-system-running', '--wait',
                        check=False).strip() in ('running', 'degraded'), 60, new + "'s systemd")
    tmp = tempfile.mkdtemp(prefix='webtier-scale-')
    try:
        inventory = os.path.join(tmp, 'lab')
        shutil.copytree(INVENTORY, inventory)
        hosts = os.path.join(inventory, 'hosts.yml')
        with open(hosts, encoding='utf-8') as handle:
            text = handle.read()
        with open(hosts, 'w', encoding='utf-8') as handle:
            handle.write(text.replace('        was-02:\n', '        was-02:\n        %s:\n' % new, 1))
        out = playbook('scale-out', 'site.yml', {}, inventory=inventory)
        # new sessions reach the new members on every web host (sessions are counted per member)
        for dummy in range(20):
            for web in ('web-01', 'web-02'):
                for site in ('a', 'b'):
                    sh('docker', 'exec', 'outsider', 'curl', '-s', '-o', '/dev/null', '-m', '10', '-H',
                       'Host: %s-site.example' % site, 'http://%s/sessionTest.jsp' % web, check=False)
        out['new_members'] = dict((web, dict((m, v) for m, v in members(web).items() if m.endswith('was3')))
                                  for web in ('web-01', 'web-02'))
        back = playbook('scale-in', 'site.yml', {})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        sh('docker', 'rm', '-f', new, check=False)
    return [out, back]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--scale-out', action='store_true', help='also add a third WAS host under load, then remove it')
    parser.add_argument('--json', help='also write the results here')
    args = parser.parse_args()
    results = [restart('plain', OPTS + ' -Dwebtier.bench=plain'), restart('drained', OPTS)]
    if args.scale_out:
        results += scale()
    base = results[0]['wall'] or 1
    print('%-9s %8s %6s %8s %8s %7s %12s %5s' % ('run', 'wall s', 'ratio', 'ok', 'long ok', 'failed',
                                                 'long failed', 'lost'))
    for r in results:
        print('%-9s %8.1f %5.2fx %8d %8d %7d %12d %5d' % (r['mode'], r['wall'], r['wall'] / base, r['ok'],
                                                          r['long_ok'], r['failed'], r['long_failed'], r['lost']))
    for r in results:
        if 'new_members' in r:
            print('scale-out: the new members on the web hosts: %s' % json.dumps(r['new_members']))
        for failure in r['failures'][:10]:
            print('%s failure: %s' % (r['mode'], failure))
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump(results, handle, indent=2)


if __name__ == '__main__':
    main()
