# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The exporter (module_utils/_exporter.py): mod_jk families from the status worker answers captured from real mod_jk
1.2.48 and 1.2.50 (fixtures/jkstatus/), served by a real HTTP server on loopback; hostile answers; the tomcat tier's
families from a page; bad configuration files; and the real program, run from a copy laid out as the metrics role
installs it, by a Python that has no Ansible, scraped over HTTP.

The Tomcat side against real Tomcat: tests/integration/test_exporter_tomcat.py.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _exporter as ex
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _jkstatus as jk
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _tomcat_status as ts
from ansible_collections.webtier.tomcat_cluster.tests.integration.conftest import ipv6_loopback
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.loopback import (
    SLACK,
    HostileServer,
    HttpServerThread,
    QuietHandler,
    closing_all,
    free_port,
    trickle,
)

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, 'fixtures', 'jkstatus')
MODULE_UTILS = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..', 'plugins', 'module_utils'))
IMPORT = re.compile(r'^\s*from ansible_collections\.webtier\.tomcat_cluster\.plugins\.module_utils\.(\w+) import',
                    re.M)


def fixture(name):
    with open(os.path.join(FIXTURES, name), 'rb') as f:
        return f.read()


SITES = {'a-loadbalancer': 'a', 'b-loadbalancer': 'b'}
EXPECTED = [{'balancer': 'a-loadbalancer', 'member': m, 'route': m, 'site': 'a'} for m in ('a-was1', 'a-was2', 'a-was3')]


def modjk_config(url, timeout=2.0, **kw):
    config = {'tier': 'modjk', 'listen_address': '127.0.0.1', 'port': 9650, 'timeout': timeout, 'status_url': url,
              'sites': SITES, 'expected_members': EXPECTED}
    config.update(kw)
    return ex.check_config(config)


class Canned(QuietHandler):
    """Answers every GET with the server's ``status``, ``ctype`` and ``body``; records the request lines."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.seen.append(self.path)
        self.answer(self.server.status, self.server.body, [('Content-Type', self.server.ctype)])


def make_server(body, status=200, ctype='text/xml; charset=UTF-8'):
    srv = HttpServerThread(Canned)
    srv.httpd.body, srv.httpd.status, srv.httpd.ctype, srv.httpd.seen = body, status, ctype, []
    return srv


@pytest.fixture
def serve():
    with closing_all(make_server) as start:
        yield start


def exposition(families):
    """The families as prometheus_client prints them, parsed back: {name: [(labels, value)]} (name without the
    counter's _total, as the parser gives it) and {name: type}."""
    class Once:
        def collect(self):
            return ex.to_prometheus(families)
    registry = CollectorRegistry()
    registry.register(Once())
    text = generate_latest(registry).decode('utf-8')
    samples, types = parse(text)
    return samples, types, text


def parse(text):
    """An exposition parsed by prometheus_client: {sample name: [(labels, value)]}, {family name: type}."""
    samples, types = {}, {}
    for fam in text_string_to_metric_families(text):
        types[fam.name] = fam.type
        for s in fam.samples:
            samples.setdefault(s.name, []).append((s.labels, s.value))
    return samples, types


def value(samples, name, **labels):
    found = [v for lab, v in samples.get(name, []) if all(lab.get(k) == want for k, want in labels.items())]
    assert len(found) == 1, (name, labels, found)
    return found[0]


def scrape(config, capsys=None):
    fams = ex.Scraper(config).scrape()
    return exposition(fams)


# ---------------------------------------------------------------------------------------------------------------
# what the exporter needs at run time
# ---------------------------------------------------------------------------------------------------------------

def import_closure(start='_exporter'):
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        with open(os.path.join(MODULE_UTILS, name + '.py'), encoding='utf-8') as f:
            todo.extend(IMPORT.findall(f.read()))
    return sorted(n + '.py' for n in seen)


def test_runtime_files_are_the_import_closure():
    assert list(ex.RUNTIME_FILES) == import_closure()
    # prometheus_client is imported inside functions only: ansible-test imports module_utils without it
    with open(os.path.join(MODULE_UTILS, '_exporter.py'), encoding='utf-8') as f:
        assert not re.search(r'^(from|import) prometheus_client', f.read(), re.M)


# ---------------------------------------------------------------------------------------------------------------
# mod_jk: the captured answers
# ---------------------------------------------------------------------------------------------------------------

def test_modjk_families_from_a_real_status_worker(serve):
    srv = serve(fixture('list-1.2.48-a-was1-disabled.xml'))
    samples, types, text = scrape(modjk_config('http://127.0.0.1:%d/jkstatus' % srv.port))
    # one request, the status worker's list in XML
    assert srv.httpd.seen == ['/jkstatus?cmd=list&mime=xml']
    assert value(samples, 'modjk_status_up') == 1
    assert value(samples, 'modjk_info', jk_version='mod_jk/1.2.48') == 1
    a1 = {'balancer': 'a-loadbalancer', 'member': 'a-was1', 'route': 'a-was1', 'site': 'a'}
    assert value(samples, 'modjk_member_activation', activation='DIS', **a1) == 1
    assert value(samples, 'modjk_member_activation', activation='ACT', **a1) == 0
    assert value(samples, 'modjk_member_activation', activation='STP', **a1) == 0
    assert sorted(lab['state'] for lab, dummy in samples['modjk_member_state'] if lab['member'] == 'a-was1'
                  and lab['balancer'] == 'a-loadbalancer') == sorted(ex.STATES)
    assert sum(v for lab, v in samples['modjk_member_state'] if lab['member'] == 'a-was1'
               and lab['balancer'] == 'a-loadbalancer') == 1
    assert value(samples, 'modjk_member_error', **a1) == 0
    status = jk.parse_status(fixture('list-1.2.48-a-was1-disabled.xml'))
    member = [m for b in status['balancers'] for m in b['members'] if m['name'] == 'a-was1'
              and m['balancer'] == 'a-loadbalancer'][0]
    for attr, name, mtype, dummy in ex.MEMBER_FIELDS:
        parsed = name[:-len('_total')] if mtype == 'counter' else name
        assert types[parsed] == mtype
        assert value(samples, name, **a1) == member[attr], name
    # the inventory's members, a-was3 included though mod_jk has no such member
    assert sorted(lab['member'] for lab, dummy in samples['modjk_member_expected']) == ['a-was1', 'a-was2', 'a-was3']
    # a balancer the configuration does not know has the site ""
    assert value(samples, 'modjk_member_busy', balancer='b-loadbalancer', member='b-was1') == member_field(
        status, 'b-loadbalancer', 'b-was1', 'busy')
    assert '# TYPE modjk_member_sessions_total counter' in text
    assert '# TYPE modjk_member_reply_timeouts gauge' in text


def member_field(status, balancer, name, field):
    return [m for b in status['balancers'] for m in b['members'] if m['name'] == name and m['balancer'] == balancer][0][field]


def test_a_member_shared_by_two_balancers_has_a_series_in_each():
    status = jk.parse_status(fixture('list-1.2.50-busy-shared-member.xml'))
    samples, dummy, dummy = exposition(ex.modjk_families(status, modjk_config('http://127.0.0.1/jkstatus')))
    balancers = sorted(lab['balancer'] for lab, v in samples['modjk_member_busy'] if lab['member'] == 'a-was1')
    assert balancers == ['a-loadbalancer', 'dup-lb']
    assert all(v == 1 for lab, v in samples['modjk_member_busy'] if lab['member'] == 'a-was1')


def test_odd_names_are_escaped_and_a_repeated_member_is_not_a_second_series():
    odd = 'a"b\\c\nd é'
    status = {'jk_version': 'mod_jk/"1"', 'web_server': None, 'balancers': [
        {'name': odd, 'members': [
            {'balancer': odd, 'name': odd, 'route': '}{', 'activation': 'ACT', 'state': 'ERR/PRB', 'busy': 3},
            {'balancer': odd, 'name': odd, 'route': 'again', 'activation': 'DIS', 'state': 'OK', 'busy': 9},
            # missing and non-numeric fields: their series are left out, the others are there
            {'balancer': odd, 'name': 'bare'},
            {'balancer': odd, 'name': 'weird', 'activation': 'XXX', 'state': 'unknown', 'busy': 'many',
             'elected': True, 'errors': 2},
        ]}]}
    config = modjk_config('http://127.0.0.1/jkstatus', sites={odd: 'site "x"'})
    samples, dummy, dummy = exposition(ex.modjk_families(status, config))
    assert value(samples, 'modjk_member_busy', member=odd) == 3
    assert value(samples, 'modjk_member_busy', member=odd, route='}{', site='site "x"', balancer=odd) == 3
    assert value(samples, 'modjk_member_error', member=odd) == 1
    assert value(samples, 'modjk_info', jk_version='mod_jk/"1"', web_server='') == 1
    assert [lab['member'] for lab, dummy in samples['modjk_member_busy']] == [odd]
    assert not [lab for lab, dummy in samples['modjk_member_activation'] if lab['member'] == 'bare']
    assert not [lab for lab, dummy in samples['modjk_member_error'] if lab['member'] == 'bare']
    # an activation or state outside mod_jk's lists still shows, as 1
    assert value(samples, 'modjk_member_activation', member='weird', activation='XXX') == 1
    assert value(samples, 'modjk_member_state', member='weird', state='unknown') == 1
    assert value(samples, 'modjk_member_errors_total', member='weird') == 2
    assert not [lab for lab, dummy in samples.get('modjk_member_requests_total', []) if lab['member'] == 'weird']


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE status [<!ENTITY a "aaaaaaaaaa">'
                  + b''.join(b'<!ENTITY %s "%s">' % (bytes([0x62 + i]), (b'&%s;' % bytes([0x61 + i])) * 10)
                             for i in range(8))
                  + b']><status>&i;</status>')


@pytest.mark.parametrize('body,status,ctype', [
    (b'not xml at all', 200, 'text/plain'),
    (fixture('tomcat-404.html'), 200, 'text/html;charset=utf-8'),
    (fixture('tomcat-404.html'), 404, 'text/html;charset=utf-8'),
    (b'', 200, 'text/xml'),
    (b'<?xml version="1.0"?><html><body>hello</body></html>', 200, 'text/xml'),
    (fixture('list-1.2.50.xml')[:2000], 200, 'text/xml'),      # truncated
    (fixture('update-read-only-1.2.50.xml'), 200, 'text/xml'),  # type="ERROR"
    (BILLION_LAUGHS, 200, 'text/xml'),
    (b'<status>' + b'x' * (jk.MAX_BODY + 10) + b'</status>', 200, 'text/xml'),
    (fixture('list-1.2.50.xml'), 500, 'text/xml'),
])
def test_hostile_answers_are_modjk_status_up_0_and_one_log_line(serve, capsys, body, status, ctype):
    srv = serve(body, status, ctype)
    config = modjk_config('http://127.0.0.1:%d/jkstatus' % srv.port)
    scraper = ex.Scraper(config)
    for dummy in range(2):
        samples, dummy, dummy = exposition(scraper.scrape())
        assert value(samples, 'modjk_status_up') == 0
        assert set(samples) == {'modjk_status_up', 'modjk_member_expected'}
    err = capsys.readouterr().err
    # logged once for the two scrapes: when the failure began
    assert len(err.splitlines()) == 1 and err.startswith('webtier-exporter: ') and 'http://127.0.0.1:' in err, err
    assert 'Traceback' not in err
    srv.httpd.body, srv.httpd.status = fixture('list-1.2.50.xml'), 200
    samples, dummy, dummy = exposition(scraper.scrape())
    assert value(samples, 'modjk_status_up') == 1
    assert capsys.readouterr().err.strip().endswith('reads again')


def test_an_unreachable_or_slow_status_worker_costs_one_timeout(capsys):
    samples, dummy, dummy = scrape(modjk_config('http://127.0.0.1:%d/jkstatus' % free_port()))
    assert value(samples, 'modjk_status_up') == 0
    assert 'connection refused' in capsys.readouterr().err
    with HostileServer(trickle(b'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n<status>', every=0.3)) as srv:
        start = time.monotonic()
        samples, dummy, dummy = scrape(modjk_config('http://127.0.0.1:%d/jkstatus' % srv.port, timeout=1))
        assert time.monotonic() - start < 1 + SLACK
    assert value(samples, 'modjk_status_up') == 0
    assert 'within 1 s' in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------------------------
# the tomcat tier's families (the page itself: tests/integration/test_exporter_tomcat.py)
# ---------------------------------------------------------------------------------------------------------------

PAGE = b'''# HELP tomcat_up 1 when the page was served
# TYPE tomcat_up gauge
tomcat_up 1
# HELP tomcat_info Tomcat's \\\\ info\\nsecond line
# TYPE tomcat_info gauge
tomcat_info{jvm_route="a-was1",server_info="Apache Tomcat/9.0.70"} 1
# TYPE tomcat_sessions_created_total counter
tomcat_sessions_created_total{context="/app"} 7
tomcat_odd{tomcat="x",site="y"} NaN
'''


def tomcat_config(**kw):
    config = {'tier': 'tomcat', 'listen_address': '127.0.0.1', 'port': 9651, 'timeout': 5, 'ajp_secret': '',
              'instances': [{'name': 'a-was', 'site': 'a', 'host': '127.0.0.1', 'port': 8009, 'route': 'a-was1',
                             'expected_members': 1},
                            {'name': 'b-was', 'site': 'b', 'host': '127.0.0.1', 'port': 8019, 'route': 'b-was1',
                             'expected_members': 0}]}
    config.update(kw)
    return ex.check_config(config)


def test_tomcat_families_add_the_instance_and_site_labels():
    helps = {}
    samples, types = ts.parse_exposition(PAGE, helps=helps)
    assert helps['tomcat_info'] == "Tomcat's \\ info\nsecond line"
    fams = ex.tomcat_families(tomcat_config(), {'a-was': (samples, types, helps, {}, {}), 'b-was': None})
    got, kinds, text = exposition(fams)
    a, b = {'tomcat': 'a-was', 'site': 'a'}, {'tomcat': 'b-was', 'site': 'b'}
    for name, labels, want in (('webtier_tomcat_up', a, 1), ('webtier_tomcat_up', b, 0),
                               ('webtier_tomcat_cluster_members_expected', a, 1),
                               ('webtier_tomcat_cluster_members_expected', b, 0), ('tomcat_up', a, 1),
                               ('tomcat_info', dict(a, jvm_route='a-was1'), 1),
                               ('tomcat_sessions_created_total', dict(a, context='/app'), 7)):
        assert value(got, name, **labels) == want, (name, labels)
    assert kinds['tomcat_sessions_created'] == 'counter' and kinds['tomcat_info'] == 'gauge'
    # a page label that the exporter sets itself is kept as exported_<name>
    assert math.isnan(value(got, 'tomcat_odd', tomcat='a-was', site='a', exported_tomcat='x', exported_site='y'))
    assert kinds['tomcat_odd'] == 'unknown'
    assert '# HELP tomcat_info Tomcat\'s \\\\ info\\nsecond line' in text


# ---------------------------------------------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------------------------------------------

GOOD_MODJK = {'tier': 'modjk', 'listen_address': '10.0.0.5', 'port': 9650, 'timeout': 5,
              'status_url': 'http://127.0.0.1:8090/jkstatus', 'sites': {'a-loadbalancer': 'a'},
              'expected_members': EXPECTED}
GOOD_TOMCAT = {'tier': 'tomcat', 'listen_address': 'fd00::6', 'port': '9651', 'timeout': '2.5', 'ajp_secret': '',
               'instances': [{'name': 'a-was', 'site': 'a', 'host': '10.0.0.6', 'port': 8009, 'route': 'was-01-a',
                              'expected_members': 1}]}


def test_good_configurations():
    assert ex.check_config(GOOD_MODJK)['timeout'] == 5.0
    config = ex.check_config(GOOD_TOMCAT)
    assert config['port'] == 9651 and config['timeout'] == 2.5 and config['listen_address'] == 'fd00::6'
    assert config['instances'][0]['options']['secret'] is None
    assert config['instances'][0]['options']['route'] == 'was-01-a'


def changed(base, **kw):
    out = json.loads(json.dumps(base))
    for key, val in kw.items():
        if val is DROP:
            out.pop(key)
        else:
            out[key] = val
    return out


DROP = object()


@pytest.mark.parametrize('content,message', [
    (None, 'cannot read'),
    (b'{"tier": ', 'is not JSON'),
    (b'\xff\xfe', 'is not JSON'),
    (b'[]', "tier must be one of modjk, tomcat, got None"),
    (changed(GOOD_MODJK, tier='httpd'), "tier must be one of modjk, tomcat, got 'httpd'"),
    (changed(GOOD_MODJK, listen_address='0.0.0.0'), 'listen_address must be one address of the host, not 0.0.0.0'),
    (changed(GOOD_MODJK, listen_address='web-01'), "listen_address must be an IP address, got 'web-01'"),
    (changed(GOOD_MODJK, port=0), 'port must be between 1 and 65535, got 0'),
    (changed(GOOD_MODJK, port=True), 'port must be an integer, got True'),
    (changed(GOOD_MODJK, timeout=0), 'timeout must be between'),
    (changed(GOOD_MODJK, timeout='soon'), "timeout must be a number, got 'soon'"),
    (changed(GOOD_MODJK, status_url='ftp://x/'), 'status_url: url must be an http:// or https:// URL'),
    (changed(GOOD_MODJK, sites=['a']), 'sites must be an object of balancer name -> site name'),
    (changed(GOOD_MODJK, expected_members=[{'balancer': 'a'}]), 'expected_members[0] lacks member, route, site'),
    (changed(GOOD_MODJK, status_url=DROP), 'the configuration lacks status_url'),
    (changed(GOOD_MODJK, extra=1), 'the configuration has unknown keys extra'),
    (changed(GOOD_TOMCAT, instances=[]), 'instances must be a non-empty list'),
    (changed(GOOD_TOMCAT, instances=[dict(GOOD_TOMCAT['instances'][0], route='a b')]),
     'instances[0] (a-was): route must be a jvmRoute'),
    (changed(GOOD_TOMCAT, instances=GOOD_TOMCAT['instances'] * 2), "instances[1]: the name 'a-was' is given twice"),
    (changed(GOOD_TOMCAT, instances=[dict(GOOD_TOMCAT['instances'][0], port=70000)]),
     'instances[0].port must be between 1 and 65535'),
    (changed(GOOD_TOMCAT, ajp_secret=123456789), 'ajp_secret must be a string, got a int'),
    (changed(GOOD_TOMCAT, ajp_secret='bad\nsecret'), 'secret'),
])
def test_bad_configuration_exits_2_with_one_line(tmp_path, capsys, content, message):
    path = tmp_path / 'x.json'
    if content is not None:
        path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    assert ex.main(['--config', str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith('webtier-exporter: bad configuration: '), err
    assert message in err, err


# ---------------------------------------------------------------------------------------------------------------
# the program, as the metrics role runs it
# ---------------------------------------------------------------------------------------------------------------

def wait_listening(address, port, proc, timeout=20):
    end = time.monotonic() + timeout
    host = '[%s]' % address if ':' in address else address
    while True:
        try:
            with urllib.request.urlopen('http://%s:%d/metrics' % (host, port), timeout=5) as resp:
                return resp.read().decode('utf-8'), resp.headers.get('Content-Type')
        except OSError:
            if proc.poll() is not None or time.monotonic() > end:
                out, err = proc.communicate(timeout=5)
                raise AssertionError('the exporter did not listen (rc %s): %s' % (proc.returncode, err))
            time.sleep(0.1)


@pytest.fixture
def installed(tmp_path):
    """The layout of the metrics role: RUNTIME_FILES under lib/ansible_collections/.../module_utils/, and a copy of
    prometheus_client (nothing else from the venv: it has Ansible) under deps/."""
    python = shutil.which('python3', path='/usr/bin')
    if python is None:
        pytest.skip('no /usr/bin/python3')
    lib = tmp_path / 'lib'
    dest = lib.joinpath('ansible_collections', 'webtier', 'tomcat_cluster', 'plugins', 'module_utils')
    dest.mkdir(parents=True)
    for name in ex.RUNTIME_FILES:
        shutil.copy(os.path.join(MODULE_UTILS, name), str(dest / name))
    import prometheus_client
    shutil.copytree(os.path.dirname(prometheus_client.__file__), str(tmp_path / 'deps' / 'prometheus_client'))
    env = {'PATH': '/usr/bin:/bin', 'PYTHONPATH': '%s:%s' % (lib, tmp_path / 'deps'), 'PYTHONDONTWRITEBYTECODE': '1'}
    no_ansible = subprocess.run([python, '-s', '-c', 'import ansible'], env=env, capture_output=True, text=True, check=False)
    if no_ansible.returncode == 0:
        pytest.skip('%s can import ansible: it would not prove the exporter runs without it' % python)
    assert 'ModuleNotFoundError' in no_ansible.stderr
    return python, env, tmp_path


@pytest.mark.parametrize('address', ['127.0.0.1', '::1'])
def test_the_installed_exporter_runs_without_ansible_and_stops_on_sigterm(installed, serve, address):
    python, env, tmp = installed
    if address == '::1' and not ipv6_loopback():
        pytest.skip('no IPv6 loopback')
    srv = serve(fixture('list-1.2.50.xml'))
    port = free_port(address)
    config = tmp / 'modjk.json'
    config.write_text(json.dumps(dict(GOOD_MODJK, listen_address=address, port=port,
                                      status_url='http://127.0.0.1:%d/jkstatus' % srv.port)))
    proc = subprocess.Popen([python, '-s', '-m', 'ansible_collections.webtier.tomcat_cluster.plugins.module_utils._exporter',
                             '--config', str(config)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        text, ctype = wait_listening(address, port, proc)
        assert ctype.startswith('text/plain')
        fams = {f.name: f for f in text_string_to_metric_families(text)}
        assert [s.value for s in fams['modjk_status_up'].samples] == [1]
        assert len(fams['modjk_member_activation'].samples) == 4 * 3
        assert fams['process_start_time_seconds'].samples[0].value > 0
        # the status worker goes away: the next scrape says so, the process stays
        srv.close()
        text, dummy = wait_listening(address, port, proc)
        assert 'modjk_status_up 0.0' in text
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert 'Traceback' not in err
    lines = err.splitlines()
    assert lines[0] == 'webtier-exporter: modjk exporter listening on %s port %d' % (address, port)
    assert len(lines) == 2 and 'connection refused' in lines[1], err


def test_a_port_in_use_is_one_line_and_exit_1(installed):
    python, env, tmp = installed
    with HostileServer(lambda conn, server: None) as busy:
        config = tmp / 'modjk.json'
        config.write_text(json.dumps(dict(GOOD_MODJK, listen_address='127.0.0.1', port=busy.port)))
        res = subprocess.run([python, '-s', '-m', 'ansible_collections.webtier.tomcat_cluster.plugins.module_utils._exporter',
                              '--config', str(config)], env=env, capture_output=True, text=True, timeout=30, check=False)
    assert res.returncode == 1
    assert res.stderr.startswith('webtier-exporter: cannot listen on 127.0.0.1 port %d: ' % busy.port), res.stderr
    assert len(res.stderr.splitlines()) == 1


def test_main_module_is_runnable_from_the_venv_too():
    res = subprocess.run([sys.executable, '-m', 'ansible_collections.webtier.tomcat_cluster.plugins.module_utils._exporter',
                          '--config', '/nonexistent.json'], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)), check=False)
    assert res.returncode == 2 and res.stderr.startswith('webtier-exporter: bad configuration: cannot read'), res.stderr
