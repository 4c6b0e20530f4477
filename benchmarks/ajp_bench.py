# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""AJP client benchmark against a real Tomcat 9 on loopback.

1. Latency: CPing on one connection, CPing on a fresh connection per ping (what ajp_ping does),
   and, in the same run and interleaved, a bare TCP connect+close to the same port (the
   telnet / wait_for baseline). Goal: fresh-connection CPing p50 <= 1.5 x bare connect p50.
2. Fan-out: 50 targets of which 10 are blackholed (5 connectors that failed to start: port bound,
   no CPong; 5 listeners with a full backlog: SYN dropped, connect never completes), timeout T.
   Goal: wall time <= T + 0.5 s.

Usage (from the repository root, after `. scripts/env.sh`):

    python benchmarks/ajp_bench.py                 # starts its own Tomcat from $WEBTIER_FIXTURES
    python benchmarks/ajp_bench.py --port 8009     # use a running connector instead (fan-out needs --broken-port)
    python benchmarks/ajp_bench.py -n 2000 --timeout 2 --json results.json
"""

from __future__ import (absolute_import, division, print_function)

import argparse
import importlib.util
import json
import os
import platform
import socket
import statistics
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, '.cache', 'collections'))

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _ajp as ajp  # noqa: E402


def _load_fixture_module():
    spec = importlib.util.spec_from_file_location('webtier_tomcat_fixture', os.path.join(ROOT, 'tests', 'integration', 'conftest.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


SERVER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector protocol="AJP/1.3" address="127.0.0.1" port="${ajp_port}" secret="BenchmarkSecret0123456789abcdef" />
    <Connector protocol="AJP/1.3" address="127.0.0.1" port="${ajp_broken_port}" />
    <Engine name="Catalina" defaultHost="localhost" jvmRoute="bench1">
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false" />
    </Engine>
  </Service>
</Server>
"""


def pct(values, p):
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summary(samples):
    us = [x * 1e6 for x in samples]
    return {'n': len(us), 'min_us': round(min(us), 1), 'p50_us': round(pct(us, 50), 1), 'p90_us': round(pct(us, 90), 1),
            'p99_us': round(pct(us, 99), 1), 'mean_us': round(statistics.mean(us), 1)}


def bare_connect(host, port):
    t = time.perf_counter()
    s = socket.create_connection((host, port), timeout=3)
    s.close()
    return time.perf_counter() - t


def fresh_cping(host, port):
    t = time.perf_counter()
    res = ajp.ping(host, port, timeout=3, count=1)
    took = time.perf_counter() - t
    if not res['healthy']:
        raise RuntimeError(res['msg'])
    return took


def raw_fresh_cping(host, port):
    """The least a client can do (no resolver, no classification): the lower bound for fresh_cping."""
    t = time.perf_counter()
    s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)
    s.settimeout(3)
    s.connect((host, port))
    s.sendall(ajp.CPING)
    data = s.recv(5)
    s.close()
    took = time.perf_counter() - t
    if data != b'AB\x00\x01\x09':
        raise RuntimeError('no CPong: %r' % data)
    return took


def latency(host, port, n):
    conn = ajp.AjpConnection(host, port, connect_timeout=3, read_timeout=3).connect()
    try:
        for dummy in range(200):            # warm-up: JIT, thread pools
            conn.cping()
            fresh_cping(host, port)
            bare_connect(host, port)
            raw_fresh_cping(host, port)
        bare, one, fresh, raw = [], [], [], []
        for dummy in range(n):               # interleaved so that noise hits all three alike
            bare.append(bare_connect(host, port))
            t = time.perf_counter()
            conn.cping()
            one.append(time.perf_counter() - t)
            fresh.append(fresh_cping(host, port))
            raw.append(raw_fresh_cping(host, port))
    finally:
        conn.close()
    out = {'bare_connect_close': summary(bare), 'cping_one_connection': summary(one), 'cping_fresh_connection': summary(fresh),
           'raw_fresh_cping_lower_bound': summary(raw)}
    out['ratio_raw_p50_to_bare_p50'] = round(out['raw_fresh_cping_lower_bound']['p50_us'] / out['bare_connect_close']['p50_us'], 2)
    out['ratio_fresh_p50_to_bare_p50'] = round(out['cping_fresh_connection']['p50_us'] / out['bare_connect_close']['p50_us'], 2)
    out['ratio_one_p50_to_bare_p50'] = round(out['cping_one_connection']['p50_us'] / out['bare_connect_close']['p50_us'], 2)
    return out


class FullBacklogListener(object):
    """A port whose accept queue is full: further SYNs are dropped, connect() hangs (a DROP rule)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(0)
        self.port = self.sock.getsockname()[1]
        self.fillers = []
        for dummy in range(4):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(('127.0.0.1', self.port))
            self.fillers.append(s)
        time.sleep(0.05)

    def close(self):
        for s in self.fillers:
            s.close()
        self.sock.close()


def fanout(host, port, broken_port, timeout, total=50, dead=10, parallel=True):
    listeners = [FullBacklogListener() for dummy in range(dead - dead // 2)]
    try:
        targets = [{'host': host, 'port': port, 'name': 'ok%02d' % i} for i in range(total - dead)]
        targets += [{'host': host, 'port': broken_port, 'name': 'failed-connector%d' % i} for i in range(dead // 2)]
        targets += [{'host': '127.0.0.1', 'port': lst.port, 'name': 'dropped%d' % i} for i, lst in enumerate(listeners)]
        targets = [ajp.parse_target(t) for t in targets]
        start = time.perf_counter()
        results = ajp.ping_many(targets, timeout=timeout, count=1, parallel=parallel)
        wall = time.perf_counter() - start
    finally:
        for lst in listeners:
            lst.close()
    errors = {}
    for r in results:
        errors[r['error'] or 'healthy'] = errors.get(r['error'] or 'healthy', 0) + 1
    return {'targets': total, 'blackholed': dead, 'timeout_s': timeout, 'parallel': parallel, 'wall_s': round(wall, 3),
            'budget_s': timeout + 0.5, 'outcomes': errors, 'goal_met': wall <= timeout + 0.5}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('-n', type=int, default=1000, help='samples per latency series (default 1000)')
    ap.add_argument('--timeout', type=float, default=2.0, help='timeout T for the fan-out run (default 2)')
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, help='an existing AJP connector (default: start a Tomcat from the fixture)')
    ap.add_argument('--broken-port', type=int, help='a bound but never-answering port for the fan-out run')
    ap.add_argument('--sequential', action='store_true', help='also run the fan-out sequentially (costs 10 x T)')
    ap.add_argument('--json', help='write the results to this file')
    args = ap.parse_args()

    tomcat = None
    if args.port is None:
        fx = _load_fixture_module()
        reason = fx.missing_reason()
        if reason:
            sys.exit('cannot start Tomcat: %s' % reason)
        base = tempfile.mkdtemp(prefix='ajp-bench-')
        tomcat = fx.TomcatInstance(base, SERVER_XML, java_opts='-Xms64m -Xmx128m -XX:+UseSerialGC', name='ajp-bench')
        tomcat.start(cping=['ajp_port'])
        port, broken = tomcat.ports['ajp_port'], tomcat.ports['ajp_broken_port']
    else:
        port, broken = args.port, args.broken_port
    try:
        res = {'python': platform.python_version(), 'machine': '%s, %d CPUs' % (platform.machine(), os.cpu_count() or 0),
               'tomcat': 'fixture apache-tomcat-9.0.70 (started by the benchmark)' if tomcat else '%s:%d' % (args.host, port)}
        res['latency'] = latency(args.host, port, args.n)
        if broken:
            res['fanout'] = [fanout(args.host, port, broken, args.timeout)]
            if args.sequential:
                res['fanout'].append(fanout(args.host, port, broken, args.timeout, parallel=False))
    finally:
        if tomcat:
            tomcat.stop()

    lat = res['latency']
    print('AJP latency on %s (%s), n=%d per series, interleaved' % (res['machine'], res['tomcat'], args.n))
    print('%-28s %9s %9s %9s %9s %9s' % ('series', 'min us', 'p50 us', 'p90 us', 'p99 us', 'mean us'))
    for key in ('bare_connect_close', 'cping_one_connection', 'cping_fresh_connection', 'raw_fresh_cping_lower_bound'):
        s = lat[key]
        print('%-28s %9.1f %9.1f %9.1f %9.1f %9.1f' % (key, s['min_us'], s['p50_us'], s['p90_us'], s['p99_us'], s['mean_us']))
    print('fresh-connection CPing p50 / bare connect p50 = %.2f (goal <= 1.5)' % lat['ratio_fresh_p50_to_bare_p50'])
    print('one-connection CPing p50 / bare connect p50 = %.2f' % lat['ratio_one_p50_to_bare_p50'])
    print('lower bound (minimal raw-socket fresh CPing) p50 / bare connect p50 = %.2f' % lat['ratio_raw_p50_to_bare_p50'])
    for f in res.get('fanout', []):
        print('fan-out %s: %d targets, %d blackholed, T=%.1f s: wall %.3f s (budget %.1f s, %s) outcomes %s' % (
            'parallel' if f['parallel'] else 'sequential', f['targets'], f['blackholed'], f['timeout_s'], f['wall_s'],
            f['budget_s'], 'met' if f['goal_met'] else 'MISSED', f['outcomes']))
    if args.json:
        with open(args.json, 'w') as fh:
            json.dump(res, fh, indent=2, sort_keys=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
