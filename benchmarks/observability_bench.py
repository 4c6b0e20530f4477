#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Does scraping disturb the cluster? A drained rolling restart under load, without and with Prometheus scraping every
exporter every 5 s, in one run on the container lab (scripts/lab.sh up: metrics_enabled, Prometheus on the host
monitoring). Then the graph of docs/observability.md, from the scraped run.

* ``unscraped``: Prometheus stopped on the monitoring container (the exporters run, nobody reads them);
  playbooks/rolling_restart.yml under the shared load generator (the load of operations_bench.py: per site 10
  clients of short GET/POST requests and 4 clients of 4-second POSTs, each checking its session counter);
* ``scraped``: Prometheus started again (every exporter every 5 s, the alert rules evaluated every 5 s); the same roll
  under the same load.

Printed per run: wall time of the playbook (ratio to unscraped), requests OK and failed, lost sessions, the scrapes
Prometheus made during the run and how long the slowest took; and which alerts fired during the scraped roll (none
should: a roll leaves each member DIS/STP for seconds, ModJkMemberNotActive waits 15 minutes).
``--graph PNG`` plots ``modjk_member_busy`` per member, as web-01's mod_jk saw it during the scraped roll, from
Prometheus's range query (matplotlib; ``pip install matplotlib``).

    . scripts/env.sh && python benchmarks/observability_bench.py [--graph docs/img/busy-during-roll.png] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import operations_bench as ops  # noqa: E402  (the lab's load and playbook runner)
from ansible_collections.webtier.tomcat_cluster.tests.support import lab  # noqa: E402
from ansible_collections.webtier.tomcat_cluster.tests.support.prometheus import Prometheus  # noqa: E402

MONITORING = 'monitoring'
URL = 'http://127.0.0.1:%s' % os.environ.get('WEBTIER_LAB_PROMETHEUS_PORT', '9090')


def prometheus(state):
    subprocess.run(['docker', 'exec', MONITORING, 'systemctl', state, 'prometheus'], check=True)


def ready(prom):
    def up():
        try:
            return all(t['health'] == 'up' for t in prom.targets()) and prom.targets()
        except OSError:
            return False
    lab.wait_for(up, 120, 'Prometheus up with every target up', interval=1)


def scrapes(prom, start, end):
    """(scrapes of the exporters in [start, end], the slowest scrape in s) from Prometheus's own series."""
    window = '%ds' % max(int(end - start), 1)
    at = '@ %d' % int(end)
    count = prom.query('sum(count_over_time(scrape_duration_seconds{job=~"webtier_.*"}[%s] %s))' % (window, at))
    slowest = prom.query('max(max_over_time(scrape_duration_seconds{job=~"webtier_.*"}[%s] %s))' % (window, at))
    return (int(count[0][1]) if count else 0), (round(slowest[0][1], 3) if slowest else None)


def roll(mode):
    t0 = time.time()
    result = ops.playbook(mode, 'rolling_restart.yml', {})
    return dict(result, start=t0, end=time.time())


def graph(prom, run, path):
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        raise SystemExit('--graph needs matplotlib: pip install matplotlib') from None
    start, end = int(run['start']) - 15, int(run['end']) + 15
    series = prom.query_range('modjk_member_busy{host="web-01"}', start, end, 5)
    fig, ax = plt.subplots(figsize=(10, 4.2), dpi=100)
    for labels, values in sorted(series, key=lambda s: s[0]['route']):
        ax.step([t - start for t, dummy in values], [v for dummy, v in values], where='post', label=labels['route'])
    ax.set_xlabel('seconds (playbooks/rolling_restart.yml ran from %d to %d s)'
                  % (run['start'] - start, run['end'] - start))
    ax.set_ylabel('busy requests (modjk_member_busy)')
    ax.set_title('Busy requests per member, as web-01 saw them, during a drained rolling restart under load\n'
                 '(%d requests OK, %d failed, %d sessions lost; Prometheus scraping every 5 s)'
                 % (run['ok'], run['failed'], run['lost']), fontsize=10)
    ax.legend(title='member (route)', loc='upper right', fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    print('graph: %s (%d series, %s to %s UTC)'
          % (path, len(series), time.strftime('%H:%M:%S', time.gmtime(start)), time.strftime('%H:%M:%S', time.gmtime(end))))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--graph', help='write the busy-per-member graph of the scraped roll here (PNG)')
    parser.add_argument('--json', help='also write the results here')
    args = parser.parse_args()
    prom = Prometheus(URL)
    prometheus('stop')
    try:
        base = roll('unscraped')
    finally:
        prometheus('start')
    ready(prom)
    scraped = roll('scraped')
    base['scrapes'], base['slowest'] = 0, None
    scraped['scrapes'], scraped['slowest'] = scrapes(prom, scraped['start'], scraped['end'])
    fired = prom.query('count by (alertname) (max_over_time(ALERTS{alertstate="firing"}[%ds] @ %d))'
                       % (int(scraped['end'] - scraped['start']) + 1, int(scraped['end'])))
    print('%-10s %8s %6s %8s %7s %5s %8s %10s' % ('run', 'wall s', 'ratio', 'ok', 'failed', 'lost', 'scrapes',
                                                  'slowest s'))
    for r in (base, scraped):
        print('%-10s %8.1f %5.2fx %8d %7d %5d %8d %10s'
              % (r['mode'], r['wall'], r['wall'] / base['wall'], r['ok'], r['failed'], r['lost'], r['scrapes'],
                 r['slowest']))
    print('alerts firing during the scraped roll: %s' % (
        ', '.join(labels['alertname'] for labels, dummy in fired) or 'none'))
    if args.graph:
        graph(prom, scraped, args.graph)
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump([base, scraped], handle, indent=2)


if __name__ == '__main__':
    main()
