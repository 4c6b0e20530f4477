# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of module_utils._tomcat_status: the strict exposition parser (what the status page prints is read,
anything else fails with TomcatStatusError naming the line, never another exception), the summary the module returns
and the request it sends (remote_addr 127.0.0.1, the secret, the size cap). The page below is an excerpt of what
roles/tomcat/files/webtier-status/status.jsp printed on Tomcat 9.0.70 (a 2-member DeltaManager cluster)."""

from __future__ import annotations

import math

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _tomcat_status as ts
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp import AjpError, AjpResponse

SECRET = 'Zx9UnitTestSecretValue42'

PAGE = '''# HELP tomcat_up 1 when the status page was served.
# TYPE tomcat_up gauge
tomcat_up 1
# HELP tomcat_info The Engine's jvmRoute and Tomcat's server info, as labels; the value is 1.
# TYPE tomcat_info gauge
tomcat_info{jvm_route="node2",server_info="Apache Tomcat/9.0.70 (Debian)"} 1
# HELP tomcat_sessions_active Sessions held by the context's manager.
# TYPE tomcat_sessions_active gauge
tomcat_sessions_active{context="/"} 0
tomcat_sessions_active{context="/app"} 3
tomcat_sessions_active{context="/webtier-status"} 0
# TYPE tomcat_sessions_route_active gauge
tomcat_sessions_route_active{context="/",route="node2"} 0
tomcat_sessions_route_active{context="/app",route="node2"} 2
tomcat_sessions_route_active{context="/webtier-status",route="node2"} 0
# TYPE tomcat_session_manager_info gauge
tomcat_session_manager_info{context="/app",manager="org.apache.catalina.ha.session.DeltaManager"} 1
# TYPE tomcat_cluster_messages_sent_total counter
tomcat_cluster_messages_sent_total{context="/app",event="session_delta"} 7
# TYPE tomcat_cluster_members gauge
tomcat_cluster_members{cluster="Catalina"} 1
# TYPE tomcat_threads_busy gauge
tomcat_threads_busy{name="ajp-nio-127.0.0.1-50503"} 1
# TYPE tomcat_jvm_uptime_seconds gauge
tomcat_jvm_uptime_seconds 45.201
# TYPE tomcat_status_errors_total counter
tomcat_status_errors_total 0
'''


def parse(text):
    return ts.parse_exposition(text)[0]


def by_series(samples):
    return dict((ts.format_series(s['name'], s['labels']), s['value']) for s in samples)


# ---------------------------------------------------------------------------------------------------------------
# the parser
# ---------------------------------------------------------------------------------------------------------------

def test_the_page_is_read():
    samples, types = ts.parse_exposition(PAGE.encode('utf-8'))
    series = by_series(samples)
    assert series['tomcat_up'] == 1.0
    assert series['tomcat_sessions_active{context="/app"}'] == 3
    assert series['tomcat_jvm_uptime_seconds'] == 45.201
    assert samples[1]['labels'] == {'jvm_route': 'node2', 'server_info': 'Apache Tomcat/9.0.70 (Debian)'}
    assert types['tomcat_cluster_messages_sent_total'] == 'counter'
    assert types['tomcat_up'] == 'gauge'
    assert len(samples) == 14


@pytest.mark.parametrize('text,value', [
    ('1', 1.0), ('-2.5', -2.5), ('1e3', 1000.0), ('1.5E-3', 0.0015), ('.5', 0.5), ('+3', 3.0),
    ('NaN', None), ('+Inf', float('inf')), ('-Inf', float('-inf')), ('Inf', float('inf')), ('nan', None),
])
def test_values(text, value):
    got = parse('m %s\n' % text)[0]['value']
    if value is None:
        assert math.isnan(got)
    else:
        assert got == value


def test_label_escapes_and_a_trailing_comma_and_a_timestamp():
    s = parse('m{a="x\\\\y",b="q\\"uote",c="new\\nline",} 2 1700000000000\n')[0]
    assert s['labels'] == {'a': 'x\\y', 'b': 'q"uote', 'c': 'new\nline'}
    assert ts.format_series('m', s['labels']) == 'm{a="x\\\\y",b="q\\"uote",c="new\\nline"}'


def test_empty_lines_plain_comments_crlf_and_no_final_newline():
    samples = parse('# a comment\n\nm 1\r\n#HELP-ish\nn{} 2')
    assert [(s['name'], s['value']) for s in samples] == [('m', 1.0), ('n', 2.0)]


@pytest.mark.parametrize('text,why', [
    ('<html><body>Error</body></html>\n', 'a metric name was expected'),
    ('m\n', 'white space and a value'),
    ('m one\n', "'one' is not a number"),
    ('m 1 2 3\n', 'a value and an optional timestamp'),
    ('m 1 soon\n', 'the timestamp'),
    ('m{a=1} 1\n', 'is not quoted'),
    ('m{a="1} 1\n', 'without its closing quote'),
    ('m{a="\\t"} 1\n', 'unknown escape'),
    ('m{a="1" b="2"} 1\n', '"," or "}" was expected'),
    ('m{a="1",a="2"} 1\n', 'label a given twice'),
    ('m{1a="1"} 1\n', 'a label name was expected'),
    ('m{a} 1\n', 'without "="'),
    ('m 1\nm 2\n', 'given twice'),
    ('m{a="1"} 1\nm{a="1"} 2\n', 'given twice'),
    ('# TYPE m flavour\n', 'unknown metric type'),
    ('# TYPE m gauge\n# TYPE m gauge\n', 'second # TYPE'),
    ('m 1\n# TYPE m gauge\n', 'after its samples'),
    ('# HELP m a\n# HELP m b\n', 'second # HELP'),
    ('# HELP\n', 'malformed'),
    ('m 1\x00\n', 'control character'),
    ('m{a="\x1b[31m"} 1\n', 'control character'),
    ('m 0x10\n', 'is not a number'),
    ('m 1_000\n', 'is not a number'),
    ('m Infinity\n', 'is not a number'),
])
def test_hostile_pages_fail_naming_the_line(text, why):
    with pytest.raises(ts.TomcatStatusError) as e:
        parse('ok 1\n' + text)
    assert e.value.kind == 'not_exposition'
    assert 'line ' in e.value.msg and why in e.value.msg, e.value.msg


def test_limits():
    with pytest.raises(ts.TomcatStatusError) as e:
        ts.parse_exposition(b'm 1\n' * 10, max_bytes=20)
    assert e.value.kind == 'too_large'
    with pytest.raises(ts.TomcatStatusError) as e:
        ts.parse_exposition('m 1\n' * 10, max_bytes=20)
    assert e.value.kind == 'too_large'
    with pytest.raises(ts.TomcatStatusError) as e:
        parse('m{a="%s"} 1\n' % ('x' * ts.MAX_LINE))
    assert 'longer than' in e.value.msg
    with pytest.raises(ts.TomcatStatusError) as e:
        parse(''.join('m%d 1\n' % i for i in range(ts.MAX_SAMPLES + 1)))
    assert e.value.kind == 'too_large'


def test_not_utf8_and_not_text():
    with pytest.raises(ts.TomcatStatusError) as e:
        ts.parse_exposition(b'm 1\n\xff\xfe\n')
    assert e.value.kind == 'not_exposition' and 'not UTF-8' in e.value.msg
    with pytest.raises(ts.TomcatStatusError):
        ts.parse_exposition(None)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400),
                 st.lists(st.sampled_from(['m', '{', '}', '"', '\\', '=', ',', ' ', '1', 'NaN', '\n', '#', 'a',
                                           'HELP', 'TYPE', 'gauge', '+Inf', 'e', '.', '\t', '\r']),
                          max_size=60).map(''.join)))
def test_anything_either_parses_or_fails_cleanly(data):
    try:
        samples, types = ts.parse_exposition(data)
    except ts.TomcatStatusError as e:
        assert e.kind in ('not_exposition', 'too_large') and e.msg
        return
    for s in samples:
        assert isinstance(s['value'], float) and isinstance(s['labels'], dict)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.from_regex(r'[a-zA-Z_][a-zA-Z0-9_]{0,8}', fullmatch=True),
                       st.text(st.characters(blacklist_categories=('Cs', 'Cc')), max_size=20) | st.just('a\nb\\"c'),
                       max_size=4),
       st.floats(allow_nan=False) | st.integers(-2 ** 53, 2 ** 53))
def test_what_the_page_writes_is_read_back(labels, value):
    """The page escapes label values as the format wants (\\\\, \\", \\n); format_series does the same."""
    text = '%s %r\n' % (ts.format_series('m', labels), float(value))
    text = text.replace(' inf\n', ' +Inf\n').replace(' -inf\n', ' -Inf\n')
    s = parse(text)[0]
    assert s['labels'] == labels and s['value'] == float(value)


# ---------------------------------------------------------------------------------------------------------------
# the summary
# ---------------------------------------------------------------------------------------------------------------

def test_summary_of_the_page():
    out = ts.summarize(parse(PAGE))
    assert out == {'jvm_route': 'node2', 'server_info': 'Apache Tomcat/9.0.70 (Debian)', 'route_sessions': 2,
                   'cluster_members': 1, 'status_errors': 0,
                   'sessions': {'/': {'active': 0, 'route_active': 0}, '/app': {'active': 3, 'route_active': 2},
                                '/webtier-status': {'active': 0, 'route_active': 0}}}


def test_summary_without_cluster_or_route():
    page = 'tomcat_up 1\ntomcat_info{jvm_route="",server_info="x"} 1\ntomcat_sessions_active{context="/"} 4\n'
    out = ts.summarize(parse(page))
    assert out['jvm_route'] == '' and out['route_sessions'] is None and out['cluster_members'] is None
    assert out['sessions'] == {'/': {'active': 4, 'route_active': None}}
    assert out['status_errors'] is None


def test_summary_ignores_route_series_of_another_route():
    page = ('tomcat_up 1\ntomcat_info{jvm_route="a",server_info="x"} 1\n'
            'tomcat_sessions_route_active{context="/",route="b"} 4\n')
    assert ts.summarize(parse(page))['route_sessions'] == 0


def test_route_mismatch():
    with pytest.raises(ts.TomcatStatusError) as e:
        ts.summarize(parse(PAGE), route='node1')
    assert e.value.kind == 'route_mismatch' and "'node2', not 'node1'" in e.value.msg
    assert e.value.details == {'jvm_route': 'node2'}
    assert ts.summarize(parse(PAGE), route='node2')['jvm_route'] == 'node2'


@pytest.mark.parametrize('page,why', [
    ('m 1\n', 'tomcat_up 1'),
    ('tomcat_up 0\ntomcat_info{jvm_route="a"} 1\n', 'tomcat_up 1'),
    ('tomcat_up 1\n', 'tomcat_info'),
    ('tomcat_up 1\ntomcat_info{server_info="x"} 1\n', 'tomcat_info'),
    ('tomcat_up 1\ntomcat_info{jvm_route="a"} 1\ntomcat_info{jvm_route="b"} 1\n', 'tomcat_info'),
])
def test_incomplete_pages(page, why):
    with pytest.raises(ts.TomcatStatusError) as e:
        ts.summarize(parse(page))
    assert e.value.kind == 'incomplete' and why in e.value.msg


@pytest.mark.parametrize('value', ['-1', '1.5', 'NaN', '+Inf'])
def test_counts_must_be_counts(value):
    page = 'tomcat_up 1\ntomcat_info{jvm_route="a"} 1\ntomcat_sessions_active{context="/"} %s\n' % value
    with pytest.raises(ts.TomcatStatusError) as e:
        ts.summarize(parse(page))
    assert 'not a count' in e.value.msg


def test_result_values():
    assert ts.result_value(3.0) == 3 and isinstance(ts.result_value(3.0), int)
    assert ts.result_value(0.25) == 0.25
    assert ts.result_value(float('nan')) == 'NaN'
    assert ts.result_value(float('inf')) == '+Inf' and ts.result_value(float('-inf')) == '-Inf'
    assert ts.result_value(1e300) == 1e300


# ---------------------------------------------------------------------------------------------------------------
# options and the request
# ---------------------------------------------------------------------------------------------------------------

def test_options():
    o = ts.check_options('10.0.0.5', secret=SECRET, route='a-was1')
    assert o == {'host': '10.0.0.5', 'port': 8009, 'secret': SECRET, 'uri': ts.DEFAULT_URI, 'timeout': 10.0,
                 'route': 'a-was1'}


@pytest.mark.parametrize('kw,why', [
    (dict(host='10.0.0.5:8009'), 'host'),
    (dict(host='h', port=0), 'port'),
    (dict(host='h', uri='status.jsp'), 'uri'),
    (dict(host='h', uri='/x\r\nX: y'), 'uri'),
    (dict(host='h', timeout=0), 'timeout'),
    (dict(host='h', route='a.b'), 'route'),
    (dict(host='h', route='a\n'), 'route'),
    (dict(host='h', secret='a\nb'), 'secret'),
])
def test_bad_options(kw, why):
    with pytest.raises(ts.TomcatStatusError) as e:
        ts.check_options(**kw)
    assert e.value.kind == 'invalid' and why in e.value.msg
    assert 'a\nb' not in e.value.msg


def answer(status, body=b'', truncated=False):
    resp = AjpResponse()
    resp.status = status
    resp.reason = str(status)
    resp.body = body
    resp.truncated = truncated
    resp.elapsed = 0.001
    return resp


def scripted(resp):
    sent = []

    def request(host, port, **kw):
        sent.append(dict(kw, host=host, port=port))
        if isinstance(resp, Exception):
            raise resp
        return resp
    return request, sent


def test_read_status_sends_loopback_and_the_secret():
    request, sent = scripted(answer(200, PAGE.encode()))
    out = ts.read_status(ts.check_options('10.0.0.5', 8019, secret=SECRET), request=request)
    assert sent == [{'host': '10.0.0.5', 'port': 8019, 'uri': ts.DEFAULT_URI, 'secret': SECRET, 'timeout': 10.0,
                     'remote_addr': '127.0.0.1', 'max_content': ts.MAX_PAGE}]
    assert out['url'] == 'ajp://10.0.0.5:8019/webtier-status/status.jsp' and out['status'] == 200
    assert out['route_sessions'] == 2 and out['jvm_route'] == 'node2'
    assert out['metrics'][0] == {'name': 'tomcat_up', 'labels': {}, 'value': 1}
    assert out['metrics'][-2] == {'name': 'tomcat_jvm_uptime_seconds', 'labels': {}, 'value': 45.201}


@pytest.mark.parametrize('resp,kind,why', [
    (answer(403), 'forbidden', 'secret is missing or wrong'),
    (answer(404), 'unexpected_status', 'not deployed'),
    (answer(500, b'boom'), 'unexpected_status', 'answered 500'),
    (answer(200, b'x' * 10, truncated=True), 'too_large', 'larger than'),
    (answer(200, b'<html>oops</html>'), 'not_exposition', 'line 1'),
    (answer(200, b'some 1\n'), 'incomplete', 'tomcat_up 1'),
    (AjpError('refused', 'connection refused'), 'refused', 'connection refused'),
    (AjpError('timeout', 'no answer within 10 s'), 'timeout', 'no answer'),
])
def test_read_status_failures(resp, kind, why):
    request, dummy = scripted(resp)
    with pytest.raises(ts.TomcatStatusError) as e:
        ts.read_status(ts.check_options('10.0.0.5', secret=SECRET), request=request)
    assert e.value.kind == kind and why in e.value.msg, e.value.msg
    assert e.value.details['url'] == 'ajp://10.0.0.5:8009/webtier-status/status.jsp'
    assert SECRET not in e.value.msg
