# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The exporter's tier tomcat (module_utils/_exporter.py) against a real Tomcat 9.0.70 on loopback with the webtier
status page (roles/tomcat/files/webtier-status/) behind the AJP secret: the real program in a subprocess, scraped over
HTTP and parsed with prometheus_client's parser.

An instance entry whose port is closed reads 0 in webtier_tomcat_up while the live one still reads, within one
timeout; a wrong AJP secret reads 0 too (Tomcat answers 403).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from ansible_collections.webtier.tomcat_cluster.tests.integration.conftest import AJP_JVM_ROUTE, AJP_SECRET
from ansible_collections.webtier.tomcat_cluster.tests.integration.test_tomcat_status_tomcat import (
    SINGLE_XML,
    status_files,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import SLACK, LoopbackServer, free_port
from ansible_collections.webtier.tomcat_cluster.tests.unit.plugins.module_utils.test__exporter import parse, value as one

pytestmark = pytest.mark.tomcat

MODULE = 'ansible_collections.webtier.tomcat_cluster.plugins.module_utils._exporter'
TIMEOUT = 3


@pytest.fixture(scope='module')
def tomcat(tomcat_instance):
    inst = tomcat_instance(SINGLE_XML, name='exporter', cping=['ajp_port'], files=status_files(), timeout=90)
    yield inst
    inst.stop()


@pytest.fixture
def exporter(tmp_path):
    """Factory: ``exporter(secret, instances)`` starts the program with that configuration; returns scrape()."""
    procs = []

    def start(secret, instances):
        port = free_port()
        config = tmp_path / ('tomcat-%d.json' % port)
        config.write_text(json.dumps({'tier': 'tomcat', 'listen_address': '127.0.0.1', 'port': port,
                                      'timeout': TIMEOUT, 'ajp_secret': secret, 'instances': instances}))
        proc = subprocess.Popen([sys.executable, '-m', MODULE, '--config', str(config)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
        procs.append(proc)

        def scrape():
            end = time.monotonic() + 30
            while True:
                try:
                    start = time.monotonic()
                    with urllib.request.urlopen('http://127.0.0.1:%d/metrics' % port, timeout=30) as resp:
                        text = resp.read().decode('utf-8')
                    return parse(text)[0], time.monotonic() - start
                except OSError:
                    if proc.poll() is not None or time.monotonic() > end:
                        raise AssertionError('the exporter does not answer (rc %s): %s'
                                             % (proc.poll(), proc.stderr.read() if proc.poll() is not None else ''))
                    time.sleep(0.1)
        scrape.proc = proc
        return scrape

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()


def instance(name, site, port, route=AJP_JVM_ROUTE, expected=1):
    return {'name': name, 'site': site, 'host': '127.0.0.1', 'port': port, 'route': route, 'expected_members': expected}


def silent(conn, server):
    """A peer that accepts and never answers (a hung JVM)."""
    server.wait(60)


def test_the_page_of_a_real_tomcat_with_tomcat_and_site_labels(tomcat, exporter):
    dead = free_port()
    with LoopbackServer(silent) as hung:
        scrape = exporter(AJP_SECRET, [instance('a-was', 'a', tomcat.ports['ajp_port'], expected=2),
                                       instance('gone-was', 'b', dead, route='gone', expected=0),
                                       instance('hung-was', 'b', hung.port, route='hung')])
        got, elapsed = scrape()
    # the instances are read at once: the hung one costs one timeout, not one per instance
    assert TIMEOUT - 0.5 < elapsed < TIMEOUT + SLACK
    assert one(got, 'webtier_tomcat_up', tomcat='hung-was', site='b') == 0
    assert one(got, 'webtier_tomcat_up', tomcat='a-was', site='a') == 1
    assert one(got, 'webtier_tomcat_up', tomcat='gone-was', site='b') == 0
    assert one(got, 'webtier_tomcat_cluster_members_expected', tomcat='a-was', site='a') == 2
    assert one(got, 'webtier_tomcat_cluster_members_expected', tomcat='gone-was', site='b') == 0
    assert one(got, 'tomcat_up', tomcat='a-was', site='a') == 1
    assert one(got, 'tomcat_info', tomcat='a-was', site='a', jvm_route='a-was1') == 1
    assert one(got, 'tomcat_jvm_uptime_seconds', tomcat='a-was', site='a') > 0
    assert one(got, 'tomcat_status_errors_total', tomcat='a-was', site='a') == 0
    # every series of the page carries both labels; the dead instance has none of the page's series
    page = [(name, lab) for name, rows in got.items() if name.startswith('tomcat_') for lab, dummy in rows]
    assert page and all(lab['tomcat'] == 'a-was' and lab['site'] == 'a' for dummy, lab in page)
    assert {n for n, dummy in page} >= {'tomcat_sessions_active', 'tomcat_threads_busy', 'tomcat_jvm_heap_used_bytes',
                                        'tomcat_sessions_created_total'}
    assert one(got, 'tomcat_sessions_active', tomcat='a-was', context='/webtier-status') == 0
    scrape.proc.send_signal(signal.SIGTERM)
    out, err = scrape.proc.communicate(timeout=10)
    assert scrape.proc.returncode == 0 and 'Traceback' not in err
    # one line for the dead instance, however many scrapes
    assert [line for line in err.splitlines() if 'gone-was' in line] == [
        line for line in err.splitlines() if line.startswith('webtier-exporter: tomcat gone-was (site b): ')]
    assert len([line for line in err.splitlines() if 'gone-was' in line]) == 1


def test_a_wrong_secret_or_another_route_reads_0(tomcat, exporter):
    port = tomcat.ports['ajp_port']
    scrape = exporter('WrongSecret0123456789', [instance('a-was', 'a', port)])
    got, dummy = scrape()
    assert one(got, 'webtier_tomcat_up', tomcat='a-was', site='a') == 0
    assert 'tomcat_up' not in got
    scrape = exporter(AJP_SECRET, [instance('a-was', 'a', port, route='a-was2'), instance('same', 'a', port)])
    got, dummy = scrape()
    # another instance answers on that port than the inventory says
    assert one(got, 'webtier_tomcat_up', tomcat='a-was', site='a') == 0
    assert one(got, 'webtier_tomcat_up', tomcat='same', site='a') == 1
    scrape.proc.send_signal(signal.SIGTERM)
    dummy, err = scrape.proc.communicate(timeout=10)
    assert "jvmRoute 'a-was1', not 'a-was2'" in err
