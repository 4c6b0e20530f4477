#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The same server.xml edit through our modules and through community.general.xml.

The edit is the seed's: a live AJP connector (secret, loopback) before the Engine, jvmRoute on
the Engine, and a static-membership SimpleTcpCluster inside the Engine before the Realm. It is
applied to a fresh copy of the fixture's stock conf/server.xml.

Both task lists run through ansible-playbook (connection local, same interpreter, same host,
interleaved in the same run). Each round runs every approach twice on a fresh copy. Reported:
the median wall time per run, the ratio ours / cg.xml, what each reports as changed on the second
run, how many AJP connectors and clusters the file holds after two runs, and how many lines of
the stock file changed that the edit did not ask for.

    . scripts/env.sh && python benchmarks/xml_bench.py [--rounds 3] [--json out.json]
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import argparse
import difflib
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

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_cluster_spec import build_cluster  # noqa: E402
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import render  # noqa: E402

SECRET = 'BenchSecret0123456789abcdefABCDEF'
UID = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,%d}'
MEMBERS = [{'host': '127.0.0.1', 'port': 4000, 'unique_id': UID % 1}, {'host': '127.0.0.1', 'port': 4001, 'unique_id': UID % 2}]
RECEIVER = {'address': '127.0.0.1', 'port': 4000}

OURS = """---
- name: Our modules
  hosts: localhost
  gather_facts: false
  tasks:
    - name: AJP connector
      webtier.tomcat_cluster.tomcat_connector:
        path: "{{ target }}"
        port: 8009
        protocol: AJP/1.3
        address: 127.0.0.1
        secret: "{{ secret }}"
        redirect_port: 8443
    - name: JvmRoute
      webtier.tomcat_cluster.tomcat_engine:
        path: "{{ target }}"
        jvm_route: a-was1
    - name: Cluster
      webtier.tomcat_cluster.tomcat_cluster:
        path: "{{ target }}"
        membership:
          type: static
          members: "{{ members }}"
        receiver: "{{ receiver }}"
"""

CGXML = """---
- name: community.general.xml
  hosts: localhost
  gather_facts: false
  tasks:
    - name: AJP connector before the Engine
      community.general.xml:
        path: "{{ target }}"
        xpath: /Server/Service[@name='Catalina']/Engine
        insertbefore: true
        input_type: xml
        add_children:
          - '<Connector port="8009" protocol="AJP/1.3" address="127.0.0.1" secret="{{ secret }}" redirectPort="8443"/>'
    - name: JvmRoute
      community.general.xml:
        path: "{{ target }}"
        xpath: /Server/Service[@name='Catalina']/Engine
        attribute: jvmRoute
        value: a-was1
    - name: Cluster before the Realm
      community.general.xml:
        path: "{{ target }}"
        xpath: /Server/Service[@name='Catalina']/Engine/Realm
        insertbefore: true
        input_type: xml
        add_children:
          - "{{ cluster_xml }}"
"""


def stock_server_xml():
    fixtures = os.environ.get('WEBTIER_FIXTURES') or os.path.join(ROOT, '.cache', 'fixtures')
    path = os.path.join(fixtures if os.path.isabs(fixtures) else os.path.join(ROOT, fixtures), 'apache-tomcat-9.0.70', 'conf', 'server.xml')
    with open(path, 'rb') as f:
        return f.read()


def run_playbook(work, playbook, target):
    env = dict(os.environ)
    env.setdefault('ANSIBLE_COLLECTIONS_PATH', os.path.join(ROOT, '.cache', 'collections'))
    env.setdefault('ANSIBLE_CONFIG', os.path.join(ROOT, 'ansible.cfg'))
    env.update({'ANSIBLE_STDOUT_CALLBACK': 'ansible.posix.json', 'ANSIBLE_NOCOLOR': '1',
                'ANSIBLE_LOCAL_TEMP': os.path.join(work, 'tmp'), 'ANSIBLE_HOME': os.path.join(work, 'home')})
    exe = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    if not os.path.exists(exe):
        exe = shutil.which('ansible-playbook')
    cmd = [exe, '-i', 'localhost,', '-c', 'local', '-e', '@' + os.path.join(work, 'vars.json'),
           '-e', 'target=%s' % target, '-e', 'ansible_python_interpreter=%s' % sys.executable, playbook]
    start = time.monotonic()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=work, check=False)
    took = time.monotonic() - start
    out = proc.stdout.decode('utf-8', 'replace')
    if proc.returncode != 0:
        raise SystemExit('ansible-playbook failed (%s):\n%s\n%s' % (playbook, out[-3000:], proc.stderr.decode()[-2000:]))
    stats = json.loads(out[out.index('{'):])['stats']['localhost']
    return took, stats


def module_tasks(target, cluster_xml):
    """(module file, args) for the same three edits, run as plain module processes."""
    import ansible  # the ansible package ships community.general next to ansible-core
    cg = os.path.join(os.path.dirname(os.path.dirname(ansible.__file__)), 'ansible_collections', 'community', 'general',
                      'plugins', 'modules', 'xml.py')
    ours = os.path.join(ROOT, 'plugins', 'modules')
    svc = "/Server/Service[@name='Catalina']"
    return {
        'ours': [
            (os.path.join(ours, 'tomcat_connector.py'),
             dict(path=target, port=8009, protocol='AJP/1.3', address='127.0.0.1', secret=SECRET, redirect_port=8443)),
            (os.path.join(ours, 'tomcat_engine.py'), dict(path=target, jvm_route='a-was1')),
            (os.path.join(ours, 'tomcat_cluster.py'),
             dict(path=target, membership={'type': 'static', 'members': MEMBERS}, receiver=RECEIVER)),
        ],
        'cg.xml': [
            (cg, dict(path=target, xpath=svc + '/Engine', insertbefore=True, input_type='xml',
                      add_children=['<Connector port="8009" protocol="AJP/1.3" address="127.0.0.1" secret="%s" redirectPort="8443"/>'
                                    % SECRET])),
            (cg, dict(path=target, xpath=svc + '/Engine', attribute='jvmRoute', value='a-was1')),
            (cg, dict(path=target, xpath=svc + '/Engine/Realm', insertbefore=True, input_type='xml', add_children=[cluster_xml])),
        ],
    }


def run_modules(work, tasks):
    """Run each module as `python module.py args.json` (what AnsiballZ does, minus the transport).

    The module files are copied to a private directory first: community.general's modules
    directory holds modules named like stdlib modules (pkgutil.py), which would shadow them.
    """
    env = dict(os.environ)
    env['PYTHONPATH'] = os.path.join(ROOT, '.cache', 'collections')
    mods = os.path.join(work, 'modules')
    if not os.path.isdir(mods):
        os.makedirs(mods)
    start = time.monotonic()
    changed = 0
    for i, (source, params) in enumerate(tasks):
        module = os.path.join(mods, 'run_' + os.path.basename(source))
        if not os.path.exists(module):
            shutil.copy(source, module)
        argfile = os.path.join(work, 'args-%d.json' % i)
        with open(argfile, 'w') as f:
            json.dump({'ANSIBLE_MODULE_ARGS': params}, f)
        proc = subprocess.run([sys.executable, module, argfile], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        out = proc.stdout.decode('utf-8', 'replace')
        res = json.loads(out[out.index('{'):])
        if res.get('failed'):
            raise SystemExit('%s failed: %s' % (module, res.get('msg')))
        changed += 1 if res.get('changed') else 0
    return time.monotonic() - start, changed


def load_main(path):
    import importlib.util
    spec = importlib.util.spec_from_file_location('bench_' + os.path.basename(path)[:-3], path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.main


def run_in_process(mains, tasks):
    """Call each module's main() in this process (module logic only, no interpreter start-up)."""
    import contextlib
    import io
    from ansible.module_utils.testing import patch_module_args
    start = time.monotonic()
    changed = 0
    for source, params in tasks:
        buf = io.StringIO()
        with patch_module_args(params), contextlib.redirect_stdout(buf):
            try:
                mains[source]()
            except SystemExit:
                pass
        res = json.loads(buf.getvalue())
        if res.get('failed'):
            raise SystemExit('%s failed: %s' % (source, res.get('msg')))
        changed += 1 if res.get('changed') else 0
    return time.monotonic() - start, changed


def collateral_lines(stock, after, intended_markers):
    """Lines of the stock file removed or rewritten although the edit did not ask for it."""
    before = stock.decode().splitlines()
    now = after.decode().splitlines()
    removed = [line for line in difflib.unified_diff(before, now, lineterm='', n=0)
               if line.startswith('-') and not line.startswith('---')]
    return [line for line in removed if not any(m in line for m in intended_markers)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--json', help='write the results here as JSON too')
    args = ap.parse_args()

    stock = stock_server_xml()
    cluster = build_cluster(membership={'type': 'static', 'members': MEMBERS}, receiver=RECEIVER)
    work = tempfile.mkdtemp(prefix='xml-bench.')
    try:
        with open(os.path.join(work, 'vars.json'), 'w') as f:
            json.dump({'secret': SECRET, 'members': MEMBERS, 'receiver': RECEIVER,
                       'cluster_xml': render(cluster, '', '  ', '\n', False, False)}, f)
        books = {}
        for name, text in (('ours', OURS), ('cg.xml', CGXML)):
            books[name] = os.path.join(work, '%s.yml' % name.replace('.', '_'))
            with open(books[name], 'w') as f:
                f.write(text)
        results = {name: {'first_s': [], 'second_s': [], 'second_changed': None, 'first_changed': None} for name in books}
        for rnd in range(args.rounds):
            order = list(books) if rnd % 2 == 0 else list(reversed(list(books)))
            for name in order:
                target = os.path.join(work, 'server-%s-%d.xml' % (name, rnd))
                with open(target, 'wb') as f:
                    f.write(stock)
                t1, s1 = run_playbook(work, books[name], target)
                with open(target, 'rb') as f:
                    after_first = f.read()
                t2, s2 = run_playbook(work, books[name], target)
                with open(target, 'rb') as f:
                    after_second = f.read()
                r = results[name]
                r['first_s'].append(t1)
                r['second_s'].append(t2)
                r['first_changed'] = s1['changed']
                r['second_changed'] = s2['changed']
                r['second_run_byte_identical'] = after_first == after_second
                text = after_second.decode()
                r['ajp_connectors_after_two_runs'] = text.count('<Connector port="8009" protocol="AJP/1.3" address="127.0.0.1"') + \
                    text.count('<Connector port="8009"\n')
                r['clusters_after_two_runs'] = text.count('<Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster" channelSendOptions')
                r['xml_declaration_after'] = text.splitlines()[0]
                r['collateral_changed_lines_first_run'] = len(collateral_lines(stock, after_first, ('<Engine name="Catalina" defaultHost',)))
        # the three modules alone, as plain processes (no ansible-playbook start-up in the figure)
        cluster_xml = render(cluster, '', '  ', '\n', False, False)
        mod = {name: {'first_s': [], 'second_s': []} for name in books}
        for rnd in range(args.rounds * 3):
            order = list(books) if rnd % 2 == 0 else list(reversed(list(books)))
            for name in order:
                target = os.path.join(work, 'mod-%s-%d.xml' % (name, rnd))
                with open(target, 'wb') as f:
                    f.write(stock)
                tasks = module_tasks(target, cluster_xml)[name]
                t1, c1 = run_modules(work, tasks)
                t2, c2 = run_modules(work, tasks)
                mod[name]['first_s'].append(t1)
                mod[name]['second_s'].append(t2)
                mod[name]['second_changed'] = c2
        # the same, in this process: the modules' own work (parse, edit, compare, write)
        inproc = {name: {'first_s': [], 'second_s': []} for name in books}
        mains = {}
        for name in books:
            for source, dummy in module_tasks('x', cluster_xml)[name]:
                if source not in mains:
                    mains[source] = load_main(source)
        iterations = args.rounds * 20
        for rnd in range(iterations):
            for name in (list(books) if rnd % 2 == 0 else list(reversed(list(books)))):
                target = os.path.join(work, 'inproc-%s.xml' % name)
                with open(target, 'wb') as f:
                    f.write(stock)
                tasks = module_tasks(target, cluster_xml)[name]
                t1, c1 = run_in_process(mains, tasks)
                t2, c2 = run_in_process(mains, tasks)
                inproc[name]['first_s'].append(t1)
                inproc[name]['second_s'].append(t2)
                inproc[name]['second_changed'] = c2
        summary = {}
        for name, r in results.items():
            summary[name] = dict(r)
            summary[name]['first_s'] = round(statistics.median(r['first_s']), 3)
            summary[name]['second_s'] = round(statistics.median(r['second_s']), 3)
        ratio_first = summary['ours']['first_s'] / summary['cg.xml']['first_s']
        ratio_second = summary['ours']['second_s'] / summary['cg.xml']['second_s']
        modsum = {name: {'first_s': round(statistics.median(m['first_s']), 3), 'second_s': round(statistics.median(m['second_s']), 3),
                         'second_changed': m['second_changed']} for name, m in mod.items()}
        insum = {name: {'first_ms': round(1000 * statistics.median(m['first_s']), 2),
                        'second_ms': round(1000 * statistics.median(m['second_s']), 2),
                        'second_changed': m['second_changed']} for name, m in inproc.items()}
        report = {'rounds': args.rounds, 'results': summary, 'modules_only': modsum, 'in_process': insum,
                  'ratio_ours_over_cgxml_in_process_first': round(insum['ours']['first_ms'] / insum['cg.xml']['first_ms'], 3),
                  'ratio_ours_over_cgxml_in_process_second': round(insum['ours']['second_ms'] / insum['cg.xml']['second_ms'], 3),
                  'ratio_ours_over_cgxml_modules_only_first': round(modsum['ours']['first_s'] / modsum['cg.xml']['first_s'], 3),
                  'ratio_ours_over_cgxml_modules_only_second': round(modsum['ours']['second_s'] / modsum['cg.xml']['second_s'], 3),
                  'ratio_ours_over_cgxml_first_run': round(ratio_first, 3),
                  'ratio_ours_over_cgxml_second_run': round(ratio_second, 3),
                  'python': sys.version.split()[0]}
        header = ('approach', 'run1 [s]', 'run2 [s]', 'chg1', 'chg2', 'AJP', 'Cluster', 'collateral', 'declaration')
        print('%-8s %10s %10s %8s %8s %6s %8s %10s  %s' % header)
        for name in ('ours', 'cg.xml'):
            s = summary[name]
            print('%-8s %10.2f %10.2f %8d %8d %6d %8d %10d  %s' % (
                name, s['first_s'], s['second_s'], s['first_changed'], s['second_changed'], s['ajp_connectors_after_two_runs'],
                s['clusters_after_two_runs'], s['collateral_changed_lines_first_run'], s['xml_declaration_after']))
        print('wall-time ratio ours/cg.xml: first run %.2f, second run %.2f (median of %d rounds)' % (ratio_first, ratio_second, args.rounds))
        print('modules only (3 module processes per run, median of %d): ours %.3f s / %.3f s, cg.xml %.3f s / %.3f s; '
              'ratio %.2f (first) %.2f (second); second run changed: ours %d, cg.xml %d' % (
                  args.rounds * 3, modsum['ours']['first_s'], modsum['ours']['second_s'], modsum['cg.xml']['first_s'],
                  modsum['cg.xml']['second_s'], report['ratio_ours_over_cgxml_modules_only_first'],
                  report['ratio_ours_over_cgxml_modules_only_second'], modsum['ours']['second_changed'], modsum['cg.xml']['second_changed']))
        print('in process (3 main() calls per run, median of %d): ours %.2f ms / %.2f ms, cg.xml %.2f ms / %.2f ms; '
              'ratio %.2f (first) %.2f (second)' % (
                  iterations, insum['ours']['first_ms'], insum['ours']['second_ms'], insum['cg.xml']['first_ms'],
                  insum['cg.xml']['second_ms'], report['ratio_ours_over_cgxml_in_process_first'],
                  report['ratio_ours_over_cgxml_in_process_second']))
        if args.json:
            with open(args.json, 'w') as f:
                json.dump(report, f, indent=2)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
