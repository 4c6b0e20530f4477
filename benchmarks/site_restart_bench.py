#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Is more parallelism than "one instance per site at a time" safe? Restarts of one site on the lab.

On the container lab (scripts/lab.sh up), for the instance of one site on every WAS host, three runs:

* ``serial``: restart the site's instance host after host, each waiting for its CPong (what the tomcat
  role does within a site);
* ``parallel``: restart all of them at the same moment, wait until all answer CPing;
* ``other-sites``: restart the instances of two different sites on different hosts at the same moment
  (what the role's waves do), the baseline for "parallel is fine across sites".

Before each run a session is started through web-01 (counter n); after it the same cookie must give
n+1 (the session survived in the cluster). Printed per run: wall time until every restarted instance
answered CPing (ratio to the serial run), whether the session survived, and the DeltaManager's state
transfer lines each restarted instance logged (``session state ... received in N ms``,
``No session state ... timing out``, ``skipping state transfer``).

    . scripts/env.sh && flock /tmp/team/lock.lab python benchmarks/site_restart_bench.py [--site a] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time

WAS = ['was-01', 'was-02']
SITES = {'a': ('a-was', 8009), 'b': ('b-was', 8019)}
WEB_PORT = 8081
CPING = r'''
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
try:
    s = socket.create_connection((host, port), 2); s.settimeout(2)
    s.sendall(bytes([0x12, 0x34, 0, 1, 10])); data = s.recv(5); s.close()
    print('ok' if data == b'AB\x00\x01\x09' else 'bad')
except OSError:
    print('down')
'''
STATE_RE = re.compile(r'(session state .*|No session state.*|skipping state transfer.*|Manager \[.*\]; session state.*)')


def sh(*args, check=True):
    return subprocess.run(args, capture_output=True, text=True, check=check).stdout


def address(host):
    return sh('docker', 'exec', host, 'hostname', '-I').split()[0]


def cping(host, port):
    # from web-01: the firewall lets the web hosts reach AJP
    return sh('docker', 'exec', 'web-01', 'python3', '-c', CPING, address(host), str(port)).strip() == 'ok'


def log_mark(host, instance):
    out = sh('docker', 'exec', host, 'sh', '-c', 'cat /usr/local/tomcat/%s/logs/catalina.*.log | wc -l' % instance)
    return int(out.strip() or 0)


def state_lines(host, instance, mark):
    out = sh('docker', 'exec', host, 'sh', '-c', 'cat /usr/local/tomcat/%s/logs/catalina.*.log | tail -n +%d'
             % (instance, mark + 1))
    return [m.group(1)[:120] for m in STATE_RE.finditer(out)]


def request(site, cookie=None):
    cmd = ['curl', '-s', '-m', '60', '-D', '-', '-H', 'Host: %s-site.example' % site,
           'http://127.0.0.1:%d/sessionTest.jsp' % WEB_PORT]
    if cookie:
        cmd[1:1] = ['-H', 'Cookie: JSESSIONID=%s' % cookie]
    out = sh(*cmd, check=False)
    counter = re.search(r'(?m)^counter=(\d+)', out)
    new = re.search(r'JSESSIONID=([^;\s]+)', out)
    return (int(counter.group(1)) if counter else None), (new.group(1) if new else cookie)


def restart(steps, parallel):
    """steps: [(host, instance, port)]; returns the seconds until every step answered CPing."""
    start = time.time()
    procs = []
    for host, instance, port in steps:
        proc = subprocess.Popen(['docker', 'exec', host, 'systemctl', 'restart', 'tomcat-%s' % instance])
        if parallel:
            procs.append(proc)
            continue
        proc.wait()
        wait_cping([(host, instance, port)], start + 300)
    for proc in procs:
        proc.wait()
    wait_cping(steps, start + 300)
    return time.time() - start


def wait_cping(steps, deadline):
    pending = list(steps)
    while pending:
        if time.time() > deadline:
            raise SystemExit('no CPong within 300 s from %s' % pending)
        pending = [s for s in pending if not cping(s[0], s[2])]
        if pending:
            time.sleep(1)


def run(name, steps, parallel, site):
    before, cookie = request(site)
    before, cookie = request(site, cookie)
    marks = dict(((h, i), log_mark(h, i)) for h, i, _p in steps)
    seconds = restart(steps, parallel)
    after, _cookie = request(site, cookie)
    out = {'run': name, 'seconds': round(seconds, 1), 'counter_before': before, 'counter_after': after,
           'session_survived': before is not None and after == before + 1,
           'state_transfer': dict(('%s %s' % k, state_lines(k[0], k[1], v)) for k, v in marks.items())}
    print(json.dumps(out))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--site', default='a', choices=sorted(SITES))
    parser.add_argument('--json')
    args = parser.parse_args()
    instance, port = SITES[args.site]
    other = 'b' if args.site == 'a' else 'a'
    results = [
        run('serial', [(h, instance, port) for h in WAS], False, args.site),
        run('parallel', [(h, instance, port) for h in WAS], True, args.site),
        run('other-sites', [(WAS[0], instance, port), (WAS[1],) + SITES[other]], True, args.site),
    ]
    base = results[0]['seconds']
    for r in results:
        print('%-12s %6.1f s (%.2fx serial)  session %s  %s' % (
            r['run'], r['seconds'], r['seconds'] / base, 'survived' if r['session_survived'] else 'LOST',
            '; '.join('%s: %s' % (k, ' | '.join(v) or '-') for k, v in r['state_transfer'].items())))
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump(results, handle, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())
