#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The idempotent rerun of playbooks/site.yml against the first converge, on the container lab.

In one run: recreate the lab's containers (``scripts/lab.sh destroy`` + ``scripts/lab.sh create``: fresh
Debian 12 systemd containers, nothing converged), make the lab CA (this checkout's ``scripts/lab_ca.yml``,
controller only, not timed), then time ``ansible-playbook -i inventories/lab playbooks/site.yml`` twice: the first
converge and the rerun with nothing to change. Printed: both wall times, the ratio rerun / first (goal
<= 0.35), the PLAY RECAP of each run per host (ok, changed, skipped and "reported" = ok + skipped, the
tasks a host went through) and the rerun's changed= per host, which must be 0 (exit 1 otherwise), and the
load average before and after.

``--ref COMMIT`` converges with the playbooks and roles of an earlier commit (a git worktree under
.cache/bench/, as scripts/compat-check.sh does) to measure a baseline with this same script;
``--profile`` enables ansible.posix.profile_tasks for both runs and prints the slowest tasks of the rerun.

    . scripts/env.sh && flock /tmp/team/lock.lab python benchmarks/converge_bench.py [--ref COMMIT] [--profile]
        [--no-recreate] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
WORK = os.path.join(ROOT, '.cache', 'bench')
SECRETS = os.path.join(ROOT, '.cache', 'lab', 'secrets.yml')
RECAP_RE = re.compile(r'^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)')
PROFILE_RE = re.compile(r'^(.+?) -+ (\d+\.\d+)s$')


def log(msg):
    print('[bench] %s' % msg, file=sys.stderr, flush=True)


def loadavg():
    with open('/proc/loadavg', encoding='ascii') as handle:
        return ' '.join(handle.read().split()[:3])


def tree_of(ref):
    """The directory whose playbooks and roles are used: this tree, or a worktree checked out at ref."""
    if ref == 'worktree':
        return ROOT
    sha = subprocess.run(['git', 'rev-parse', '--short', ref + '^{commit}'], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    tree = os.path.join(WORK, 'tree-' + sha)
    if not os.path.isdir(tree):
        subprocess.run(['git', 'worktree', 'add', '--detach', tree, sha], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    link_dir = os.path.join(tree, '.cache', 'collections', 'ansible_collections', 'webtier')
    os.makedirs(link_dir, exist_ok=True)
    link = os.path.join(link_dir, 'tomcat_cluster')
    if not os.path.islink(link):
        os.symlink(tree, link)
    # the lab's secret, CA and site certificates (inventories/lab reads $WEBTIER_ROOT/.cache/lab/tls) stay those
    # of this checkout
    lab = os.path.join(tree, '.cache', 'lab')
    if not os.path.lexists(lab):
        os.symlink(os.path.join(ROOT, '.cache', 'lab'), lab)
    return tree


def playbook_env(tree, profile):
    env = dict(os.environ)
    env.update({'ANSIBLE_COLLECTIONS_PATH': os.path.join(tree, '.cache', 'collections'),
                'ANSIBLE_CONFIG': os.path.join(tree, 'ansible.cfg'), 'WEBTIER_ROOT': tree,
                'WEBTIER_FIXTURES': os.path.join(ROOT, '.cache', 'fixtures'),
                'ANSIBLE_LOCAL_TEMP': os.path.join(WORK, 'tmp'), 'ANSIBLE_FORCE_COLOR': '0', 'NO_COLOR': '1'})
    if profile:
        env['ANSIBLE_CALLBACKS_ENABLED'] = 'ansible.posix.profile_tasks'
        env['PROFILE_TASKS_TASK_OUTPUT_LIMIT'] = 'all'
    return env


def run_playbook(tree, playbook, label, profile):
    os.makedirs(os.path.join(WORK, 'logs'), exist_ok=True)
    path = os.path.join(WORK, 'logs', label + '.log')
    cmd = ['ansible-playbook', '-i', 'inventories/lab', '-e', '@' + SECRETS, playbook]
    log('%s: %s (log %s)' % (label, ' '.join(cmd), os.path.relpath(path, ROOT)))
    start = time.monotonic()
    with open(path, 'w', encoding='utf-8') as out:
        proc = subprocess.run(cmd, cwd=tree, env=playbook_env(tree, profile), stdout=out, stderr=subprocess.STDOUT,
                              check=False)
    seconds = time.monotonic() - start
    with open(path, encoding='utf-8') as handle:
        text = handle.read()
    if proc.returncode != 0:
        log('%s failed (rc=%d); the end of its log:\n%s' % (label, proc.returncode, '\n'.join(text.splitlines()[-30:])))
        sys.exit(2)
    return seconds, text


def recap(text):
    """Per host {ok, changed, skipped, reported} from the PLAY RECAP (ok counts the changed tasks too)."""
    hosts = {}
    for line in text[text.rfind('PLAY RECAP'):].splitlines():
        match = RECAP_RE.match(line)
        if match:
            ok, changed, skipped = int(match.group(2)), int(match.group(3)), int(match.group(6))
            hosts[match.group(1)] = {'ok': ok, 'changed': changed, 'skipped': skipped, 'reported': ok + skipped}
    return hosts


def slowest(text, count):
    """The profile_tasks lines of the run: [(task, seconds)], slowest first."""
    rows = []
    for line in text[text.rfind('PLAY RECAP'):].splitlines():
        match = PROFILE_RE.match(line.strip())
        if match:
            rows.append((match.group(1).strip(), float(match.group(2))))
    return sorted(rows, key=lambda row: -row[1])[:count]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--ref', default='worktree', help='commit to converge with (default: this working tree)')
    parser.add_argument('--no-recreate', action='store_true',
                        help='keep the existing containers (the "first" converge is then not a fresh one)')
    parser.add_argument('--profile', action='store_true', help='ansible.posix.profile_tasks in both runs')
    parser.add_argument('--top', type=int, default=25, help='slowest tasks of the rerun to print with --profile')
    parser.add_argument('--json', help='write the figures to this file')
    args = parser.parse_args()

    tree = tree_of(args.ref)
    load_before = loadavg()
    if not args.no_recreate:
        log('recreating the lab containers')
        subprocess.run([os.path.join(ROOT, 'scripts', 'lab.sh'), 'destroy'], cwd=ROOT, check=True)
        subprocess.run([os.path.join(ROOT, 'scripts', 'lab.sh'), 'create'], cwd=ROOT, check=True)
    # lab scaffolding, not part of what is measured: this checkout's, also with --ref (older trees had it in playbooks/)
    run_playbook(tree, os.path.join(ROOT, 'scripts', 'lab_ca.yml'), 'lab_ca', False)
    first_s, first_log = run_playbook(tree, 'playbooks/site.yml', 'first', args.profile)
    rerun_s, rerun_log = run_playbook(tree, 'playbooks/site.yml', 'rerun', args.profile)
    load_after = loadavg()
    first, rerun = recap(first_log), recap(rerun_log)
    ratio = rerun_s / first_s

    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=tree, check=True, capture_output=True,
                            text=True).stdout.strip()
    dirty = args.ref == 'worktree' and subprocess.run(['git', 'status', '--porcelain', '--', 'roles', 'playbooks'],
                                                      cwd=tree, capture_output=True, text=True,
                                                      check=True).stdout.strip() != ''
    where = os.path.relpath(tree, ROOT) if tree != ROOT else '.'
    print('site.yml on the lab, tree %s (%s%s)' % (where, commit, ' + uncommitted roles/playbooks changes' if dirty else ''))
    print('load average: %s before, %s after' % (load_before, load_after))
    print('first converge: %7.1f s' % first_s)
    print('rerun:          %7.1f s' % rerun_s)
    print('ratio rerun / first: %.2f (goal <= 0.35)' % ratio)
    print('%-10s %24s   %24s' % ('host', 'first ok/changed/skipped', 'rerun ok/changed/skipped'))
    for host in sorted(set(first) | set(rerun)):
        one, two = first.get(host, {}), rerun.get(host, {})
        print('%-10s %10s/%s/%s (%s)   %10s/%s/%s (%s)' % (
            host, one.get('ok'), one.get('changed'), one.get('skipped'), one.get('reported'),
            two.get('ok'), two.get('changed'), two.get('skipped'), two.get('reported')))
    print('(reported = ok + skipped: the tasks a host went through; ok includes changed)')
    changed = dict((host, row['changed']) for host, row in rerun.items())
    print('rerun changed=: %s' % ', '.join('%s %d' % item for item in sorted(changed.items())))
    if args.profile:
        print('slowest tasks of the rerun (profile_tasks):')
        for task, seconds in slowest(rerun_log, args.top):
            print('  %6.2f s  %s' % (seconds, task))
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump({'tree': tree, 'commit': commit, 'dirty': dirty, 'first_s': first_s, 'rerun_s': rerun_s,
                       'ratio': ratio, 'first': first, 'rerun': rerun, 'load_before': load_before,
                       'load_after': load_after}, handle, indent=2)
    if any(changed.values()) or not changed:
        print('FAIL: the rerun changed something (or reported no host)')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
