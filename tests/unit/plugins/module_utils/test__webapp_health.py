# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of module_utils._webapp_health: Tomcat's context naming, the status rules, the mapper redirect,
the log scan and its redaction (with hostile input), the options and the poll loop against scripted answers.
(Real Tomcat: tests/integration/test_webapp_health_tomcat.py.)"""

from __future__ import annotations

import os

import pytest

from hypothesis import given, settings, strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _webapp_health as wh
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp import AjpError, AjpResponse

set_hypothesis_home_dir(os.path.join(os.path.dirname(os.path.abspath(__file__)), *(['..'] * 4 + ['.cache', 'hypothesis'])))
PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)

SECRET = 'Zx9UnitTestSecretValue42'


# -- naming (org.apache.catalina.util.ContextName) ---------------------------------------------------------------

@pytest.mark.parametrize('name, path, version, display', [
    ('ROOT', '', '', ''),
    ('ROOT##2', '', '2', '##2'),
    ('app', '/app', '', '/app'),
    ('a#b', '/a/b', '', '/a/b'),
    ('a#b#c', '/a/b/c', '', '/a/b/c'),
    ('app##3', '/app', '3', '/app##3'),
    ('app##1.2-rc#x', '/app', '1.2-rc#x', '/app##1.2-rc#x'),
    ('app.war', '/app', '', '/app'),
    ('APP.WAR', '/APP', '', '/APP'),
    ('a#b##7.war', '/a/b', '7', '/a/b##7'),
    ('/app', '/app', '', '/app'),
    ('/a/b', '/a/b', '', '/a/b'),
    ('##4', '', '4', '##4'),
    ('my app', '/my app', '', '/my app'),
    ('root', '/root', '', '/root'),
])
def test_context_name(name, path, version, display):
    ctx = wh.context_name(name)
    assert (ctx['path'], ctx['version'], ctx['display']) == (path, version, display)


@pytest.mark.parametrize('name, words', [
    ('app##', 'version'),
    ('#app', 'every part'),
    ('app#', 'every part'),
    ('a##1', None),
    ('a#.#b', 'every part'),
    ('..', 'every part'),
    ('a\\b', '"\\"'),
    ('a\nb', 'control character'),
    ('a\x00b', 'control character'),
    (3, 'must be a string'),
])
def test_context_name_refused(name, words):
    if words is None:
        assert wh.context_name(name)['path'] == '/a'
        return
    with pytest.raises(wh.WebappHealthError) as e:
        wh.context_name(name)
    assert words in e.value.msg


@pytest.mark.parametrize('path, uri', [
    ('', '/'), ('/app', '/app/'), ('/a/b', '/a/b/'), ('/my app', '/my%20app/'), ('/a;b', '/a%3Bb/'),
    ('/caf\u00e9', '/caf%C3%A9/'), ('/a?b', '/a%3Fb/'), ('/100%', '/100%25/'),
])
def test_default_uri_is_encoded(path, uri):
    assert wh.default_uri(path) == uri


@given(st.text(min_size=1, max_size=40))
@PROPERTY
def test_context_name_never_raises_other_errors(name):
    try:
        ctx = wh.context_name(name)
    except wh.WebappHealthError as e:
        assert isinstance(e, ValueError) and e.msg
        return
    assert ctx['path'] == '' or ctx['path'].startswith('/')
    assert '//' not in ctx['path'] and not ctx['path'].endswith('/')
    # the request URI is ASCII, starts with "/" and decodes to the path
    uri = wh.default_uri(ctx['path'])
    assert uri.isascii() and uri.startswith('/') and uri.endswith('/')
    assert wh.is_context_redirect(302, uri, ctx['path']) is bool(ctx['path'])


# -- statuses and the redirect -------------------------------------------------------------------------------

@pytest.mark.parametrize('status, statuses, healthy', [
    (200, [], True), (204, [], True), (302, [], True), (401, [], True), (403, [], True), (404, [], False),
    (499, [], True), (500, [], False), (503, [], False), (None, [], False),
    (200, [200], True), (204, [200], False), (404, [404], True), (503, [503, 200], True),
])
def test_status_rule(status, statuses, healthy):
    assert wh.status_healthy(status, statuses) is healthy


def test_describe_statuses():
    assert wh.describe_statuses([]) == 'below 500, not 404'
    assert wh.describe_statuses([200, 204]) == '200, 204'


@pytest.mark.parametrize('value', [[True], ['x'], [99], [1000], [200.5], 'abc', 200])
def test_statuses_refused(value):
    with pytest.raises(wh.WebappHealthError):
        wh.check_statuses(value)


def test_statuses_sorted_unique():
    assert wh.check_statuses([204, 200, 204, '301']) == [200, 204, 301]
    assert wh.check_statuses(None) == []


@pytest.mark.parametrize('status, location, path, started', [
    (302, '/app/', '/app', True),
    (302, 'http://h:8080/app/', '/app', True),
    (302, '/app/?x=1', '/app', True),
    (302, '/app/;jsessionid=1', '/app', True),
    (302, '/my%20app/', '/my app', True),
    (302, '/a/b/', '/a/b', True),
    (301, '/app/', '/app', False),
    (302, '/app', '/app', False),
    (302, '/other/app/', '/app', False),
    (302, '/login', '/app', False),
    (302, None, '/app', False),
    (404, None, '/app', False),
    (302, '/', '', False),
    (302, 'http://[::1', '/app', False),
])
def test_context_redirect(status, location, path, started):
    assert wh.is_context_redirect(status, location, path) is started


# -- redaction -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize('text, hidden', [
    ('secret=abc123 other', 'abc123'),
    ('requiredSecret="abc 123" x', 'abc 123'),
    ("password='p@ss'", 'p@ss'),
    ('keystorePassword=ks1, next', 'ks1'),
    ('passwd: hunter2', 'hunter2'),
    ('{"secret":"s3cr3t"}', 's3cr3t'),
    ('SECRET=UPPER', 'UPPER'),
    ('<Connector secret="xyz" port="8009">', 'xyz'),
])
def test_redact_key_values(text, hidden):
    out = wh.redact(text)
    assert hidden not in out and wh.REDACTED in out


def test_redact_secret_anywhere_and_controls():
    line = 'x %s y\x1b[31mred\x00 %s' % (SECRET, SECRET)
    out = wh.redact(line, SECRET)
    assert SECRET not in out and out.count(wh.REDACTED) == 2
    assert '\x1b' not in out and '\x00' not in out


def test_redact_caps_after_redaction():
    line = 'a' * 490 + SECRET + 'b' * 100
    out = wh.redact(line, SECRET)
    assert len(out) == wh.MAX_LINE and out.endswith('...')
    assert SECRET[:8] not in out
    assert wh.redact(None) is None


@given(st.text(max_size=300), st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF), min_size=1,
                                      max_size=40), st.sampled_from(['secret', 'password', 'passwd', 'requiredSecret']),
       st.sampled_from(['=', '="', ": '", '= ']))
@PROPERTY
def test_redact_never_leaks(prefix, secret, key, sep):
    line = '%s %s %s%s%s tail' % (prefix, secret, key, sep, secret)
    out = wh.redact(line, secret)
    assert secret not in out
    assert len(out) <= wh.MAX_LINE
    assert not any(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f for c in out)


# -- the logs ------------------------------------------------------------------------------------------------

T = '07-Dec-2026 06:%02d:%02d.%03d'


def line(minute, second, level, text, ms=0):
    return '%s %s [main] %s' % (T % (minute, second, ms), level, text)


OLD_START = [
    line(1, 0, 'INFO', 'org.apache.catalina.core.StandardService.startInternal Starting service [Catalina]'),
    line(1, 1, 'SEVERE', 'org.apache.catalina.core.StandardContext.startInternal Context [/app] startup failed due to previous errors'),
]
NEW_START = [
    line(5, 0, 'INFO', 'org.apache.catalina.core.StandardService.startInternal Starting service [Catalina]'),
    line(5, 0, 'INFO', 'org.apache.catalina.core.StandardEngine.startInternal Starting Servlet engine: [Apache Tomcat/9.0.70]'),
    line(5, 1, 'SEVERE', 'org.apache.tomcat.util.digester.Digester.fatalError Parse fatal error at line [1] column [21]'),
    '\tat org.apache.Something(Something.java:1)',
    line(5, 2, 'SEVERE', 'org.apache.tomcat.util.descriptor.web.WebXmlParser.parseWebXml Parse error in application '
         'web.xml file at [file:/opt/t/webapps/bad/WEB-INF/web.xml]'),
    line(5, 3, 'SEVERE', 'org.apache.catalina.core.StandardContext.startInternal Context [/bad] startup failed due to '
         'previous errors'),
    line(5, 4, 'SEVERE', 'org.apache.catalina.core.StandardContext.startInternal Context [] startup failed due to '
         'previous errors'),
    line(5, 5, 'SEVERE', 'org.apache.catalina.core.StandardContext.startInternal Context [/v##3] startup failed '
         'secret="%s" requiredSecret=%s' % (SECRET, SECRET)),
]


def write_logs(tmp_path, files):
    for i, (name, lines) in enumerate(files):
        p = tmp_path / name
        p.write_text('\n'.join(lines) + '\n', encoding='utf-8')
        os.utime(p, (1000000 + i, 1000000 + i))   # later in the list = newer
    return str(tmp_path)


def ctx(name):
    return wh.context_name(name)


def test_scan_after_last_marker_names_context(tmp_path):
    d = write_logs(tmp_path, [('catalina.2026-12-06.log', ['x']), ('catalina.2026-12-07.log', OLD_START + NEW_START),
                              ('catalina.out', [line(9, 9, 'SEVERE', 'not read: catalina.out [/bad]')])])
    lines, problem = wh.first_severe(d, [ctx('bad'), ctx('app'), ctx('ROOT'), ctx('v##3'), ctx('zzz')], SECRET)
    assert problem is None
    assert 'webapps/bad/WEB-INF/web.xml' in lines[0]
    # /app failed in the old start only: the first SEVERE line of the last start is the fallback
    assert 'Parse fatal error' in lines[1] and '[/app]' not in lines[1]
    assert 'Context []' in lines[2]
    assert 'Context [/v##3]' in lines[3] and SECRET not in lines[3] and lines[3].count(wh.REDACTED) == 2
    assert 'Parse fatal error' in lines[4]


def test_scan_localhost_log_since_the_marker(tmp_path):
    d = write_logs(tmp_path, [
        ('localhost.2026-12-07.log', [
            line(1, 30, 'SEVERE', 'org.apache.catalina.core.StandardContext.loadOnStartup Servlet [x] in web application [/los] threw load() exception (old)'),
            line(5, 1, 'SEVERE', 'org.apache.catalina.core.StandardContext.loadOnStartup Servlet [x] in web application [/los] threw load() exception', ms=500),
            'java.lang.ClassNotFoundException: com.example.Missing']),
        ('catalina.2026-12-07.log', OLD_START + NEW_START)])
    lines, dummy = wh.first_severe(d, [ctx('los'), ctx('other')])
    assert lines[0].endswith('threw load() exception') and '06:05:01.500' in lines[0]
    # no line names "other": the earliest SEVERE of both logs since the start
    assert 'Parse fatal error' in lines[1]


def test_scan_rotated_catalina_log(tmp_path):
    d = write_logs(tmp_path, [('catalina.2026-12-06.log', OLD_START + NEW_START[:3]),
                              ('catalina.2026-12-07.log', [NEW_START[4].replace('06:05:02', '00:00:01')])])
    lines, dummy = wh.first_severe(d, [ctx('bad'), ctx('x')])
    assert 'webapps/bad/' in lines[0]
    assert 'Parse fatal error' in lines[1]


def test_scan_without_marker_reads_newest(tmp_path):
    d = write_logs(tmp_path, [('catalina.log', [line(1, 1, 'SEVERE', 'Context [/app] failed')])])
    assert wh.first_severe(d, [ctx('app')])[0] == [line(1, 1, 'SEVERE', 'Context [/app] failed')]


def test_scan_simple_formatter(tmp_path):
    d = write_logs(tmp_path, [('catalina.log', ['Dec 07, 2026 6:00:00 AM org.apache.X start',
                                                'INFO: Starting service [Catalina]',
                                                'Dec 07, 2026 6:00:01 AM org.apache.Y startInternal',
                                                'SEVERE: Context [/app] startup failed due to previous errors'])])
    assert wh.first_severe(d, [ctx('app')])[0] == ['SEVERE: Context [/app] startup failed due to previous errors']


def test_scan_no_logs_and_unreadable(tmp_path):
    assert wh.first_severe(str(tmp_path), [ctx('app')]) == ([None], None)
    lines, problem = wh.first_severe(str(tmp_path / 'missing'), [ctx('app')])
    assert lines == [None] and 'cannot read the logs' in problem


def test_scan_long_lines_and_binary(tmp_path):
    huge = 'x' * (wh.MAX_READ * 3) + ' SEVERE [main] hidden in a continuation [/app]'
    p = tmp_path / 'catalina.2026-12-07.log'
    p.write_bytes(b'\xff\xfe\x00garbage\n' + huge.encode() + b'\n' + line(5, 0, 'INFO', 'Starting service [C]').encode()
                  + b'\n' + line(5, 1, 'SEVERE', 'Context [/app] \xe9 failed ' + 'y' * 2000).encode('latin-1') + b'\n')
    lines, dummy = wh.first_severe(str(tmp_path), [ctx('app')])
    assert lines[0].startswith(T % (5, 1, 0)) and len(lines[0]) == wh.MAX_LINE


def test_scan_window_skips_partial_first_line(tmp_path):
    text = line(5, 0, 'INFO', 'Starting service [C]') + '\n' + line(5, 1, 'SEVERE', 'first [/app]') + '\n'
    p = tmp_path / 'catalina.2026-12-07.log'
    p.write_text(text)
    # a window that starts in the middle of the SEVERE line: only complete lines count
    assert wh.scan_logs(str(tmp_path), [ctx('app')], window=10) == [None]


@given(st.lists(st.one_of(
    st.text(max_size=120),
    st.builds(lambda m, t: line(5, m % 60, 'SEVERE', t), st.integers(0, 59), st.text(max_size=80)),
    st.just(NEW_START[0]),
    st.just('SEVERE [x] password=%s and %s' % (SECRET, SECRET)),
), max_size=30))
@PROPERTY
def test_scan_hostile_logs(tmp_path_factory, lines):
    d = tmp_path_factory.mktemp('logs')
    (d / 'catalina.2026-12-07.log').write_text('\n'.join(lines), encoding='utf-8', errors='surrogatepass')
    (d / 'localhost.2026-12-07.log').write_text('\n'.join(reversed(lines)), encoding='utf-8', errors='surrogatepass')
    found, problem = wh.first_severe(str(d), [ctx('app'), ctx('ROOT'), ctx('a#b##2')], SECRET)
    assert problem is None
    for text in found:
        assert text is None or (SECRET not in text and len(text) <= wh.MAX_LINE and '\n' not in text)


# -- options -------------------------------------------------------------------------------------------------

GOOD = dict(host='127.0.0.1', port=8009, secret=SECRET, timeout=1.0, deadline=2.0, interval=0.1,
            webapps=[{'name': 'ROOT'}, {'name': 'app', 'uri': '/app/health', 'statuses': [200]}])


def test_options_ok():
    o = wh.check_options(**GOOD)
    assert [w['uri'] for w in o['webapps']] == ['/', '/app/health']
    assert o['webapps'][1]['statuses'] == [200]


@pytest.mark.parametrize('change, words', [
    ({'host': 'h:8009'}, 'host'),
    ({'port': 0}, 'port must be between 1 and 65535'),
    ({'timeout': 0}, 'timeout must be greater than 0'),
    ({'deadline': float('inf')}, 'deadline must be a finite number'),
    ({'deadline': -1}, 'deadline must be greater than 0'),
    ({'interval': 0}, 'interval must be greater than 0'),
    ({'route': 'a.b'}, 'route'),
    ({'secret': 'abc\ndef'}, 'secret contains a control character'),
    ({'log_dir': 'logs'}, 'log_dir must be an absolute path'),
    ({'webapps': []}, 'webapps is empty'),
    ({'webapps': [{'uri': '/x'}]}, 'needs a name'),
    ({'webapps': [{'name': ''}]}, 'needs a name'),
    ({'webapps': [{'name': 'ROOT'}, {'name': 'ROOT.war'}]}, 'the same context (ROOT)'),
    ({'webapps': [{'name': 'a#b'}, {'name': '/a/b'}]}, 'the same context /a/b'),
    ({'webapps': [{'name': 'app', 'uri': 'app/'}]}, 'webapp app: uri must start with "/"'),
    ({'webapps': [{'name': 'app', 'uri': '/a\r\nX: y'}]}, 'control character'),
    ({'webapps': [{'name': 'app', 'uri': '/' + 'x' * 9000}]}, 'webapp app:'),
    ({'webapps': [{'name': 'app', 'statuses': [1000]}]}, 'webapp app: statuses must be between 100 and 999'),
    ({'webapps': [{'name': 'app##'}]}, 'version'),
])
def test_options_refused(change, words):
    args = dict(GOOD)
    args.update(change)
    with pytest.raises(wh.WebappHealthError) as e:
        wh.check_options(**args)
    assert words in e.value.msg
    assert SECRET not in e.value.msg


# -- the poll loop against scripted answers --------------------------------------------------------------------

def answer(status, location=None, cookie=None):
    resp = AjpResponse()
    resp.status = status
    resp.reason = str(status)
    if location:
        resp.header_list.append(('Location', location))
    if cookie:
        resp.header_list.append(('Set-Cookie', 'JSESSIONID=%s; Path=/' % cookie))
    resp.elapsed = 0.001
    return resp


class Clock(object):
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def scripted(clock, script, cost=0.01):
    """A fake forward_request: ``script[uri]`` is a list of answers (the last one repeats) or an exception."""
    calls = []

    def request(host, port, method, uri, secret, timeout, max_content):
        calls.append((uri, timeout))
        clock.now += min(cost, timeout)
        items = script[uri]
        item = items.pop(0) if len(items) > 1 else items[0]
        if isinstance(item, Exception):
            raise item
        return item
    request.calls = calls
    return request


def gate(clock, script, **change):
    args = dict(GOOD)
    args.update(change)
    req = scripted(clock, script)
    return wh.run_gate(wh.check_options(**args), request=req, clock=clock, sleep=clock.sleep), req


def test_gate_passes_after_refused_and_warming_up():
    clock = Clock()
    refused = AjpError('refused', 'connection refused by 127.0.0.1:8009')
    res, req = gate(clock, {'/': [refused, answer(200)],
                            '/app': [refused, answer(302, '/app/'), answer(302, '/app/')],
                            '/app/health': [refused, answer(503), answer(200)]})
    assert res['ok'] is True, res
    assert [w['healthy'] for w in res['webapps']] == [True, True]
    assert res['webapps'][1] == {'name': 'app', 'context_path': '/app', 'uri': '/app/health', 'status': 200,
                                 'started': True, 'healthy': True, 'problem': None, 'severe': None}
    # ROOT passed in round 2 and was not asked again in round 3
    assert [u for u, dummy in req.calls].count('/') == 2
    assert clock.sleeps == [0.1, 0.1]
    assert res['msg'].startswith('all 2 webapp(s) on 127.0.0.1:8009 healthy')


def test_gate_polls_a_warming_up_status_until_the_deadline():
    clock = Clock()
    res, req = gate(clock, {'/': [answer(200)], '/app': [answer(302, '/app/')], '/app/health': [answer(503)]},
                    deadline=1.0, interval=0.25)
    assert res['ok'] is False and res['webapps'][1]['status'] == 503
    # asked in every round (each request costs the fake 0.01 s) until the deadline
    assert 0.99 <= clock.now <= 1.1 and [u for u, dummy in req.calls].count('/app/health') >= 4
    res, req = gate(Clock(), {'/': [answer(200)], '/app': [answer(302, '/app/')], '/app/health': [answer(503)]},
                    deadline=1.0, interval=0.25, retry_statuses=[])
    assert res['ok'] is False and [u for u, dummy in req.calls].count('/app/health') == 1


def test_gate_fails_at_once_on_a_final_answer_naming_each_webapp(tmp_path):
    d = write_logs(tmp_path, [('catalina.2026-12-07.log', NEW_START + [
        line(5, 6, 'SEVERE', 'Context [/app] startup failed secret=%s' % SECRET)])])
    clock = Clock()
    res, req = gate(clock, {'/': [answer(200)], '/app': [answer(404)], '/app/health': [answer(404)]},
                    log_dir=d, deadline=1.0, interval=0.25)
    assert res['ok'] is False
    app = res['webapps'][1]
    assert app['started'] is False and app['healthy'] is False and app['status'] == 404
    assert app['problem'] == ('GET /app/health answered 404 (healthy: 200); context /app not started '
                              '(GET /app answered 404, not the redirect to /app/)')
    assert res['msg'].startswith('1 of 2 webapp(s) on 127.0.0.1:8009 failed the health gate within 1 s: '
                                 'webapp app on 127.0.0.1:8009: GET /app/health answered 404')
    assert '; first SEVERE: ' in res['msg'] and 'Context [/app] startup failed secret=' + wh.REDACTED in res['msg']
    assert res['severe'] == app['severe'] and SECRET not in res['msg'] and SECRET not in str(res['webapps'])
    # Tomcat answered: the context will not start any more, no need to wait for the deadline
    assert clock.now < 0.1 and clock.sleeps == []
    assert all(0 < t <= 1.0 for dummy, t in req.calls)


def test_gate_route_and_secret_messages():
    clock = Clock()
    res, dummy = gate(clock, {'/': [answer(403)], '/app': [answer(302, '/app/')],
                              '/app/health': [answer(200, cookie='ABC.b-was2')]}, route='a-was1', deadline=0.05)
    root, app = res['webapps']
    assert 'the AJP secret is missing or wrong' in root['problem']
    assert app['problem'] == 'GET /app/health answered from jvmRoute b-was2, not a-was1'
    assert app['started'] is True and app['healthy'] is False


def test_gate_route_without_cookie_or_with_its_own():
    clock = Clock()
    res, dummy = gate(clock, {'/': [answer(200, cookie='X.a-was1')], '/app': [answer(302, '/app/')],
                              '/app/health': [answer(200)]}, route='a-was1')
    assert res['ok'] is True


def test_gate_root_404_is_not_started():
    clock = Clock()
    res, dummy = gate(clock, {'/': [answer(404)], '/app': [answer(302, '/app/')], '/app/health': [answer(200)]},
                      deadline=0.05)
    root = res['webapps'][0]
    assert root['started'] is False
    assert root['problem'] == 'GET / answered 404 (healthy: below 500, not 404, ROOT not started or no such page)'


def test_gate_timeouts_end_by_the_deadline():
    clock = Clock()
    timeout = AjpError('timeout', 'no answer')
    req = scripted(clock, {'/': [timeout], '/app': [timeout], '/app/health': [timeout]}, cost=0.4)
    o = wh.check_options(**{**GOOD, 'deadline': 1.0, 'timeout': 0.4})
    res = wh.run_gate(o, request=req, clock=clock, sleep=clock.sleep)
    assert res['ok'] is False
    assert 'no answer (timeout: no answer)' in res['webapps'][0]['problem']
    # the last request got only the time that was left, and the gate ended by the deadline
    assert [round(t, 6) for dummy, t in req.calls] == [0.4, 0.4, 0.2]
    assert abs(clock.now - 1.0) < 1e-9 and clock.sleeps == []
    assert res['webapps'][1]['problem'].startswith('GET /app/health: no answer (timeout')


def test_gate_nothing_sent_after_the_deadline():
    clock = Clock()
    req = scripted(clock, {'/': [AjpError('timeout', 'no answer')], '/app': [answer(302, '/app/')],
                           '/app/health': [answer(200)]}, cost=1.0)
    res = wh.run_gate(wh.check_options(**{**GOOD, 'deadline': 1.0, 'timeout': 5}), request=req, clock=clock,
                      sleep=clock.sleep)
    app = res['webapps'][1]
    assert app['problem'] == ('GET /app/health: not sent: the deadline passed; '
                              'context /app: GET /app: not sent: the deadline passed')
    assert len(req.calls) == 1 and res['elapsed'] == 1.0
