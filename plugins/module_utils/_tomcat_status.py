# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: use the tomcat_status_info module.

"""Tomcat's own figures, read from the webtier-status page over AJP with the secret.

The tomcat role installs ``roles/tomcat/files/webtier-status/`` as the context ``/webtier-status`` of every instance:
``status.jsp`` reads Tomcat's MBeans from the platform MBeanServer and prints them in the Prometheus text exposition
format 0.0.4 (docs/metrics.md lists every metric and its MBean). Its ``RemoteAddrValve`` answers 403 to every remote
address but loopback, so :func:`read_status` sends ``remote_addr`` 127.0.0.1 explicitly (the AJP client's default is
the local address of the connection, which is the private address when the connector listens there); only a holder of
the AJP secret gets that far.

:func:`parse_exposition` is a small, strict parser of what the page prints (comments, ``# HELP`` / ``# TYPE``,
samples with labels, floats including ``NaN`` and ``+Inf``, an optional timestamp); anything else raises
:class:`TomcatStatusError` with the line number, never an unhandled exception. :func:`summarize` derives what a
session drain and an operator need (sessions per context, the sessions sticking to this instance's jvmRoute, the
cluster members seen).

Pure Python (no Ansible import); the network goes through module_utils._ajp.
"""

from __future__ import annotations

import math
import re
import time

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp import (
    AJP_TARGET_ARGS,
    DEFAULT_PORT,
    AjpError,
    check_host,
    check_port,
    check_text,
    check_timeout,
    check_uri,
    classify_status,
    format_address,
    forward_request,
    prepare_request,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import ROUTE

DEFAULT_URI = '/webtier-status/status.jsp'
# the page of an instance with a few hundred contexts is well below 1 MiB
MAX_PAGE = 4 * 1024 * 1024
MAX_LINE = 64 * 1024
MAX_SAMPLES = 100000
# the address the page's RemoteAddrValve lets in
REMOTE_ADDR = '127.0.0.1'

ARGUMENT_SPEC = dict(AJP_TARGET_ARGS, **{
    'secret': {'type': 'str', 'no_log': True},
    'uri': {'type': 'str', 'default': DEFAULT_URI},
    'timeout': {'type': 'float', 'default': 10},
    'route': {'type': 'str'},
})

_NAME = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
_LABEL_NAME = re.compile(r'[a-zA-Z_][a-zA-Z0-9_]*')
_METRIC_NAME = re.compile(_NAME)
_HELP_TYPE = re.compile(r'#[ \t]+(HELP|TYPE)[ \t]+(' + _NAME + r')(?:[ \t]+(.*))?')
_FLOAT = re.compile(r'[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?')
_SPECIAL = {'nan': float('nan'), '+inf': float('inf'), 'inf': float('inf'), '-inf': float('-inf')}
_TIMESTAMP = re.compile(r'-?[0-9]{1,19}')
_TYPES = ('counter', 'gauge', 'histogram', 'summary', 'untyped')
_CONTROL = re.compile(u'[\x00-\x08\x0a-\x1f\x7f]')


class TomcatStatusError(WebtierError):
    """A failure for the user: invalid options (``invalid``), an answer that is not the status page (``forbidden``,
    ``unexpected_status``, ``not_exposition``, ``too_large``), a page without what the module needs
    (``incomplete``), another instance than expected (``route_mismatch``), or an AJP error class."""


# ------------------------------------------------------------------------------------------------------------
# options
# ------------------------------------------------------------------------------------------------------------

def check_options(host, port=DEFAULT_PORT, secret=None, uri=DEFAULT_URI, timeout=10, route=None):
    """The module's options, checked before any traffic; raises TomcatStatusError(kind='invalid')."""
    try:
        check_host(host)
        check_port(port)
        check_uri(uri)
        timeout = check_timeout(timeout)
        if secret is not None:
            check_text('secret', secret, quote=False)
        if route is not None and not ROUTE(route):
            raise ValueError('route must be a jvmRoute (letters, digits, "_" and "-"), got %r' % (route,))
        prepare_request(host, port, uri=uri, secret=secret, remote_addr=REMOTE_ADDR)
    except ValueError as e:
        raise TomcatStatusError(str(e), kind='invalid')
    return {'host': host, 'port': port, 'secret': secret, 'uri': uri, 'timeout': timeout, 'route': route or None}


# ------------------------------------------------------------------------------------------------------------
# the exposition format
# ------------------------------------------------------------------------------------------------------------

def _bad(lineno, why, line=None):
    shown = ''
    if line is not None:
        shown = ': %r' % (line[:80] + ('...' if len(line) > 80 else ''),)
    return TomcatStatusError('not the status page (Prometheus text format 0.0.4): line %d: %s%s' % (lineno, why, shown),
                             kind='not_exposition')


def parse_value(text):
    """A sample value as Go's ParseFloat reads the format's floats: decimal or exponent notation, ``NaN``,
    ``+Inf``, ``-Inf`` (case-insensitive, as Prometheus accepts them). Raises ValueError otherwise."""
    special = _SPECIAL.get(text.lower())
    if special is not None:
        return special
    if not _FLOAT.fullmatch(text):
        raise ValueError('%r is not a number' % (text,))
    return float(text)


def _label_value(line, pos, lineno):
    """The quoted label value starting at line[pos] == '"': (value, position after the closing quote)."""
    out = []
    i = pos + 1
    while i < len(line):
        c = line[i]
        if c == '"':
            return ''.join(out), i + 1
        if c == '\\':
            if i + 1 >= len(line):
                break
            nxt = line[i + 1]
            if nxt == 'n':
                out.append('\n')
            elif nxt in '\\"':
                out.append(nxt)
            else:
                raise _bad(lineno, 'unknown escape \\%s in a label value' % nxt, line)
            i += 2
            continue
        out.append(c)
        i += 1
    raise _bad(lineno, 'label value without its closing quote', line)


def _labels(line, pos, lineno):
    """The labels starting at line[pos] == '{': (dict, position after '}')."""
    labels = {}
    i = pos + 1
    while True:
        while i < len(line) and line[i] in ' \t':
            i += 1
        if i < len(line) and line[i] == '}':
            return labels, i + 1
        m = _LABEL_NAME.match(line, i)
        if not m:
            raise _bad(lineno, 'a label name was expected at column %d' % (i + 1), line)
        name = m.group(0)
        i = m.end()
        while i < len(line) and line[i] in ' \t':
            i += 1
        if i >= len(line) or line[i] != '=':
            raise _bad(lineno, 'label %s without "="' % name, line)
        i += 1
        while i < len(line) and line[i] in ' \t':
            i += 1
        if i >= len(line) or line[i] != '"':
            raise _bad(lineno, 'the value of label %s is not quoted' % name, line)
        value, i = _label_value(line, i, lineno)
        if name in labels:
            raise _bad(lineno, 'label %s given twice' % name, line)
        labels[name] = value
        while i < len(line) and line[i] in ' \t':
            i += 1
        if i < len(line) and line[i] == ',':
            i += 1
            continue
        if i < len(line) and line[i] == '}':
            return labels, i + 1
        raise _bad(lineno, '"," or "}" was expected after label %s' % name, line)


def parse_exposition(data, max_bytes=MAX_PAGE, helps=None):
    """Parse the text exposition format (bytes or str). Returns ``(samples, types)``: samples as a list of
    ``{name, labels, value}`` (value a float, NaN and infinities included) in page order, types as
    ``{family: type}`` from the ``# TYPE`` lines. A dict given as ``helps`` receives ``{family: text}`` from the
    ``# HELP`` lines (unescaped). Raises :class:`TomcatStatusError` (``not_exposition``, ``too_large``) naming the
    line for anything the format does not allow."""
    if isinstance(data, bytes):
        if len(data) > max_bytes:
            raise TomcatStatusError('the status page is larger than %d bytes' % max_bytes, kind='too_large')
        try:
            data = data.decode('utf-8')
        except UnicodeDecodeError as e:
            raise TomcatStatusError('not the status page: it is not UTF-8 text (byte %d)' % e.start,
                                    kind='not_exposition')
    elif not isinstance(data, str):
        raise TomcatStatusError('not the status page: no text', kind='not_exposition')
    elif len(data) > max_bytes:
        raise TomcatStatusError('the status page is larger than %d bytes' % max_bytes, kind='too_large')
    lines = data.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    samples = []
    types = {}
    seen_helps = set()
    seen = set()
    for lineno, line in enumerate(lines, 1):
        if len(line) > MAX_LINE:
            raise _bad(lineno, 'longer than %d characters' % MAX_LINE)
        if line.endswith('\r'):
            line = line[:-1]
        if _CONTROL.search(line):
            raise _bad(lineno, 'control character', line)
        if not line.strip(' \t'):
            continue
        if line.startswith('#'):
            m = _HELP_TYPE.fullmatch(line)
            if not m:
                if re.match(r'#[ \t]+(HELP|TYPE)\b', line):
                    raise _bad(lineno, 'malformed # HELP or # TYPE line', line)
                continue    # a plain comment
            kind, name, rest = m.group(1), m.group(2), (m.group(3) or '')
            if kind == 'TYPE':
                if rest.strip() not in _TYPES:
                    raise _bad(lineno, 'unknown metric type %r' % rest.strip(), line)
                if name in types:
                    raise _bad(lineno, 'second # TYPE line for %s' % name, line)
                if any(s['name'] == name for s in samples):
                    raise _bad(lineno, '# TYPE of %s after its samples' % name, line)
                types[name] = rest.strip()
            else:
                if name in seen_helps:
                    raise _bad(lineno, 'second # HELP line for %s' % name, line)
                seen_helps.add(name)
                if helps is not None:
                    helps[name] = _unescape_help(rest)
            continue
        m = _METRIC_NAME.match(line)
        if not m:
            raise _bad(lineno, 'a metric name was expected', line)
        name = m.group(0)
        pos = m.end()
        labels = {}
        if pos < len(line) and line[pos] == '{':
            labels, pos = _labels(line, pos, lineno)
        rest = line[pos:]
        if not rest or rest[0] not in ' \t':
            raise _bad(lineno, 'white space and a value were expected after the metric', line)
        fields = rest.split()
        if len(fields) not in (1, 2):
            raise _bad(lineno, 'a value and an optional timestamp were expected after the metric', line)
        try:
            value = parse_value(fields[0])
        except ValueError as e:
            raise _bad(lineno, str(e), line)
        if len(fields) == 2 and not _TIMESTAMP.fullmatch(fields[1]):
            raise _bad(lineno, 'the timestamp %r is not an integer' % fields[1], line)
        key = (name, tuple(sorted(labels.items())))
        if key in seen:
            raise _bad(lineno, 'the series %s is given twice' % format_series(name, labels), line)
        seen.add(key)
        samples.append({'name': name, 'labels': labels, 'value': value})
        if len(samples) > MAX_SAMPLES:
            raise TomcatStatusError('the status page has more than %d samples' % MAX_SAMPLES, kind='too_large')
    return samples, types


def _unescape_help(text):
    """A ``# HELP`` text as the format writes it (``\\\\`` and ``\\n`` escaped) -> the text."""
    return re.sub(r'\\(.)', lambda m: '\n' if m.group(1) == 'n' else m.group(1), text)


def format_series(name, labels):
    """``name{a="1",b="2"}`` for messages."""
    if not labels:
        return name
    return '%s{%s}' % (name, ','.join('%s="%s"' % (k, _escape(labels[k])) for k in sorted(labels)))


def _escape(value):
    """A label value as the format writes it: backslash, double quote and line feed escaped."""
    return value.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')


def result_value(value):
    """A sample value for the module's result: an int when it is integral, a float otherwise, and the strings
    ``NaN``, ``+Inf``, ``-Inf`` (JSON has no such numbers)."""
    if math.isnan(value):
        return 'NaN'
    if math.isinf(value):
        return '+Inf' if value > 0 else '-Inf'
    if value == int(value) and abs(value) < 2 ** 63:
        return int(value)
    return value


# ------------------------------------------------------------------------------------------------------------
# what the module returns
# ------------------------------------------------------------------------------------------------------------

def _count(sample, what):
    value = sample['value']
    if math.isnan(value) or math.isinf(value) or value < 0 or value != int(value):
        raise TomcatStatusError('%s is %s, not a count' % (what, result_value(value)), kind='not_exposition')
    return int(value)


def summarize(samples, route=None):
    """The module's figures from the parsed samples: ``{jvm_route, server_info, sessions, route_sessions,
    cluster_members, status_errors}``. Raises TomcatStatusError when the page lacks ``tomcat_up 1`` or exactly one
    ``tomcat_info`` (``incomplete``), or when ``route`` is given and differs from the page's jvmRoute
    (``route_mismatch``)."""
    up = [s for s in samples if s['name'] == 'tomcat_up']
    if len(up) != 1 or up[0]['value'] != 1:
        raise TomcatStatusError('the page has no "tomcat_up 1": not the webtier status page', kind='incomplete')
    info = [s for s in samples if s['name'] == 'tomcat_info']
    if len(info) != 1 or 'jvm_route' not in info[0]['labels']:
        raise TomcatStatusError('the page has no single tomcat_info with a jvm_route label: not the webtier status page',
                                kind='incomplete')
    jvm_route = info[0]['labels']['jvm_route']
    server_info = info[0]['labels'].get('server_info')
    if route is not None and jvm_route != route:
        raise TomcatStatusError('the instance that answered has the jvmRoute %r, not %r: another instance listens on '
                                'this host and port' % (jvm_route, route), kind='route_mismatch',
                                jvm_route=jvm_route)
    sessions = {}
    for s in samples:
        context = s['labels'].get('context')
        if context is None:
            continue
        if s['name'] == 'tomcat_sessions_active':
            sessions.setdefault(context, {'active': None, 'route_active': None})['active'] = _count(
                s, format_series(s['name'], s['labels']))
        elif s['name'] == 'tomcat_sessions_route_active' and s['labels'].get('route') == jvm_route:
            sessions.setdefault(context, {'active': None, 'route_active': None})['route_active'] = _count(
                s, format_series(s['name'], s['labels']))
    route_sessions = None
    if jvm_route:
        route_sessions = sum(v['route_active'] or 0 for v in sessions.values())
    members = [s for s in samples if s['name'] == 'tomcat_cluster_members']
    cluster_members = sum(_count(s, format_series(s['name'], s['labels'])) for s in members) if members else None
    errors = [s for s in samples if s['name'] == 'tomcat_status_errors_total']
    status_errors = _count(errors[0], 'tomcat_status_errors_total') if len(errors) == 1 else None
    return {'jvm_route': jvm_route, 'server_info': server_info, 'sessions': sessions, 'route_sessions': route_sessions,
            'cluster_members': cluster_members, 'status_errors': status_errors}


def read_page(options, request=None):
    """Request the status page over AJP (``request``: :func:`_ajp.forward_request` unless the tests give another),
    parse it and check that it is the webtier status page (of ``options['route']`` when given). Returns
    ``(samples, types, helps, summary, details)``: :func:`parse_exposition`'s samples and types, the ``# HELP`` texts,
    :func:`summarize`'s figures and ``{url, status, elapsed}``. Raises TomcatStatusError for every failure; the AJP
    error classes are kept in its ``kind``."""
    request = request or forward_request
    url = 'ajp://%s%s' % (format_address(options['host'], options['port']), options['uri'])
    start = time.monotonic()
    try:
        resp = request(options['host'], options['port'], uri=options['uri'], secret=options['secret'],
                       timeout=options['timeout'], remote_addr=REMOTE_ADDR, max_content=MAX_PAGE)
    except AjpError as e:
        raise TomcatStatusError('GET %s failed (%s): %s' % (url, e.kind, e.msg), kind=e.kind, url=url,
                                elapsed=round(time.monotonic() - start, 6))
    except ValueError as e:
        raise TomcatStatusError('GET %s: %s' % (url, e), kind='invalid', url=url)
    elapsed = round(time.monotonic() - start, 6)
    details = {'url': url, 'status': resp.status, 'elapsed': elapsed}
    if resp.status != 200:
        kind = classify_status(resp.status) or 'unexpected_status'
        why = ''
        if kind == 'forbidden':
            why = (' (the AJP secret is missing or wrong, or the page refused the client address: it lets only '
                   'loopback in)')
        elif resp.status == 404:
            why = ' (the webtier-status context is not deployed or not started)'
        raise TomcatStatusError('GET %s answered %d%s' % (url, resp.status, why), kind=kind, **details)
    if resp.truncated:
        raise TomcatStatusError('GET %s: the status page is larger than %d bytes' % (url, MAX_PAGE),
                                kind='too_large', **details)
    helps = {}
    try:
        samples, types = parse_exposition(resp.body, helps=helps)
        summary = summarize(samples, options['route'])
    except TomcatStatusError as e:
        details.update(e.details)
        raise TomcatStatusError('GET %s: %s' % (url, e.msg), kind=e.kind, **details)
    return samples, types, helps, summary, details


def read_status(options, request=None):
    """Request the status page over AJP (see :func:`read_page`) and return the module's result (without
    ``changed``/``msg``). Raises TomcatStatusError for every failure; the AJP error classes are kept in its ``kind``."""
    samples, dummy, dummy, summary, details = read_page(options, request)
    metrics = [{'name': s['name'], 'labels': s['labels'], 'value': result_value(s['value'])} for s in samples]
    out = dict(details, metrics=metrics)
    out.update(summary)
    return out
