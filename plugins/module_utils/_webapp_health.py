# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: use the webapp_health module.

"""The health gate of the drained roll: every webapp of one Tomcat instance, checked over AJP until all pass.

Per webapp (a directory or WAR name under ``webapps/``, named by Tomcat's rules, :func:`context_name`):

1. **Started, as Tomcat sees it.** Tomcat's mapper holds only started contexts: MapperListener registers a
   context on its ``AFTER_START_EVENT`` and unregisters it on ``BEFORE_STOP_EVENT``
   (``java/org/apache/catalina/mapper/MapperListener.java``, ``lifecycleEvent``; 9.0.x), and a context whose
   start failed never fires ``AFTER_START_EVENT`` (``LifecycleBase.start()`` stops it instead). For a request
   of the bare context path ``/app`` the mapper finds no servlet path, and with the context's
   ``mapperContextRootRedirectEnabled`` (default true) it sets a redirect to ``/app/``
   (``Mapper.internalMapWrapper``: "The path is empty, redirect to \\"/\\""), which ``CoyoteAdapter.postParseRequest``
   sends with ``response.sendRedirect()``: a 302 whose ``Location`` is ``/app/``. A context that is not in the
   mapper does not match, so ``/app`` falls through to ROOT (``/`` matches every path), usually a 404; with no
   ROOT either, ``StandardHostValve.invoke`` answers 404. Measured on the fixture's Tomcat 9.0.70
   (tests/integration/test_webapp_health_tomcat.py): a started context answers ``GET /app`` with
   302 ``Location: /app/``, a context whose web.xml is malformed answers 404. ROOT (path ``""``) has nothing
   to redirect: only its health URI is checked, and a 404 there counts as "not started" (a ROOT that failed
   leaves no context for ``/``: 404 for every path).
2. **Healthy.** The health URI (default the context root ``/app/``) answers one of the given statuses, or,
   without any, a status below 500 that is not 404. A servlet whose ``load-on-startup`` failed (a class that
   does not exist) does not stop the context (unless the Host's ``failCtxIfServletStartFails``); Tomcat marks
   that servlet permanently unavailable and answers its URLs with 404.

Sources (apache/tomcat, branch 9.0.x at 2d575916b0a7, 2026-08-21; the same code in 10.1.x):
``java/org/apache/catalina/mapper/Mapper.java`` 885-892 (the context root redirect in ``internalMapWrapper``),
``connector/CoyoteAdapter.java`` 801-816 (``postParseRequest`` sends it) and 708-719 (no context: go on to the
valves), ``mapper/MapperListener.java`` 446-470 (register on AFTER_START_EVENT, unregister on BEFORE_STOP_EVENT),
``core/StandardHostValve.java`` 96-100 (no context: 404), ``util/ContextName.java`` 48-96 (the naming) and
``core/StandardContext.java`` ``loadOnStartup`` (a load failure is logged; the context fails only with
``failCtxIfServletStartFails``).

Limits: a directory of ROOT (or of a parent context ``/a`` for ``/a/b``) with the context's name is redirected
by the DefaultServlet too; of parallel versions (``app##2``, ``app##3``) the mapper's redirect cannot tell which
one is started.

When the gate fails and the instance's log directory is known, :func:`first_severe` reads the first SEVERE line
of the last start (:func:`scan_logs`). Every text returned passes through :func:`redact`.

Pure Python (no Ansible import); the network goes through module_utils._ajp.
"""

from __future__ import annotations

import os
import re
import time

from urllib.parse import quote, unquote, urlsplit

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp import (
    AJP_TARGET_ARGS,
    DEFAULT_PORT,
    AjpError,
    check_host,
    check_int,
    check_port,
    check_text,
    check_timeout,
    check_uri,
    format_address,
    forward_request,
    prepare_request,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import (
    ROUTE,
    ValidationError,
    check_path,
    has_control_chars,
)

# the longest SEVERE line (and Location header) returned, after redaction
MAX_LINE = 500
# of each log file, at most the last LOG_WINDOW bytes are read; one line is read in pieces of at most MAX_READ
LOG_WINDOW = 64 * 1024 * 1024
MAX_READ = 64 * 1024
MAX_WEBAPPS = 1000

# Tomcat's naming (org.apache.catalina.util.ContextName, 9.0.x and 10.1.x)
ROOT_NAME = 'ROOT'
VERSION_MARKER = '##'
FWD_SLASH_REPLACEMENT = '#'

# The start markers of the catalina log: org/apache/catalina/core/LocalStrings.properties
# standardService.start.name=Starting service [{0}] and standardEngine.start=Starting Servlet engine: [{0}]
# (the same texts in 9.0.70 and 10.1.60; English, the locale of the tomcat role's units)
START_MARKERS = ('Starting service [', 'Starting Servlet engine: [')

# JULI OneLineFormatter (the default of conf/logging.properties): "07-Dec-2026 06:50:12.345 SEVERE [main] ...";
# java.util.logging.SimpleFormatter's second line: "SEVERE: ..."
_SEVERE_RE = re.compile(r'^(?:[^\[\]]{0,80}\s)?SEVERE(?:\s+\[|:\s)')
_TIME_RE = re.compile(r'^(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?')
_MONTHS = dict((m, i + 1) for i, m in enumerate('jan feb mar apr may jun jul aug sep oct nov dec'.split()))
_CATALINA_LOG = re.compile(r'catalina(?:\.[^/]*)?\.log')
_LOCALHOST_LOG = re.compile(r'localhost(?:\.[^/]*)?\.log')

# key=value, key="value", key: 'value', "key":"value" for every key naming a secret or a password
_SECRET_KV = re.compile(r'''(?i)([\w.-]*(?:secret|password|passwd)[\w.-]*["']?\s*[=:]\s*)'''
                        r'''("[^"]*"?|'[^']*'?|[^\s,;&\]\)}>"']+)''')
_CONTROL = re.compile(u'[\x00-\x1f\x7f-\x9f\u2028\u2029]')
REDACTED = '********'

# what the path of a request may carry unencoded (RFC 3986 pchar and "/", less ";" which Tomcat reads as a
# path parameter); everything else is percent-encoded (UTF-8), as Tomcat's URIEncoding decodes it
_PATH_SAFE = "/!$&'()*+,=:@-._~"


# The module's options (plugins/modules/webapp_health.py documents them); check_options() takes them by name.
ARGUMENT_SPEC = dict(AJP_TARGET_ARGS, **{
    'secret': {'type': 'str', 'no_log': True},
    'timeout': {'type': 'float', 'default': 10},
    'deadline': {'type': 'float', 'default': 120},
    'interval': {'type': 'float', 'default': 2},
    'retry_statuses': {'type': 'list', 'elements': 'int', 'default': [502, 503, 504]},
    'route': {'type': 'str'},
    'webapps': {'type': 'list', 'elements': 'dict', 'required': True, 'options': {
        'name': {'type': 'str', 'required': True},
        'uri': {'type': 'str'},
        'statuses': {'type': 'list', 'elements': 'int'},
    }},
    'log_dir': {'type': 'path'},
})


class WebappHealthError(ValidationError):
    """Invalid options of the gate (a ValueError); ``msg`` never holds the secret."""


# ------------------------------------------------------------------------------------------------------------
# names and statuses
# ------------------------------------------------------------------------------------------------------------

def context_name(name):
    """Tomcat's ContextName for a directory or WAR name under webapps/: ``{name, base_name, path, version,
    display}``.

    ``ROOT`` is the path ``""``, ``a#b`` is ``/a/b``, ``app##3`` is ``/app`` in version ``3``, ``app.war`` is the
    directory ``app`` (HostConfig strips ``.war`` from a WAR's name). As in ``ContextName(String, boolean)``, a
    leading ``/`` is dropped and any other ``/`` is read as ``#``. Refused (WebappHealthError): control characters,
    ``\\``, an empty version after ``##`` and empty, ``.`` or ``..`` path segments.
    """
    if not isinstance(name, str):
        raise WebappHealthError('webapp name must be a string, got %r' % (name,))
    if has_control_chars(name):
        raise WebappHealthError('webapp name %r contains a control character' % (name,))
    if '\\' in name:
        raise WebappHealthError('webapp name %r contains "\\"' % (name,))
    tmp = name[1:] if name.startswith('/') else name
    tmp = tmp.replace('/', FWD_SLASH_REPLACEMENT)
    if tmp.startswith(VERSION_MARKER) or not tmp:
        tmp = ROOT_NAME + tmp
    if tmp.lower().endswith('.war'):
        tmp = tmp[:-4]
    base_name = tmp
    index = base_name.find(VERSION_MARKER)
    if index > -1:
        version, stem = base_name[index + 2:], base_name[:index]
        if not version:
            raise WebappHealthError('webapp name %r: the version after "##" is empty' % (name,))
    else:
        version, stem = '', base_name
    if stem == ROOT_NAME:
        path = ''
    else:
        segments = stem.split(FWD_SLASH_REPLACEMENT)
        if any(s in ('', '.', '..') for s in segments):
            raise WebappHealthError('webapp name %r: every part of the context path between "#" must be a name '
                                    '(not empty, "." or "..")' % (name,))
        path = '/' + '/'.join(segments)
    return {'name': name, 'base_name': base_name, 'path': path, 'version': version,
            'display': path + (VERSION_MARKER + version if version else '')}


def encode_path(path):
    """A context path as it goes into a request: percent-encoded UTF-8 where RFC 3986 wants it."""
    return quote(path, safe=_PATH_SAFE)


def default_uri(path):
    """The context root: ``/app/`` for ``/app``, ``/`` for ROOT."""
    return encode_path(path) + '/'


def check_statuses(statuses, what='statuses'):
    """The healthy statuses as a sorted list of ints from 100 to 999 (empty or None: the default rule)."""
    if statuses is None:
        return []
    if not isinstance(statuses, (list, tuple)):
        raise WebappHealthError('%s must be a list of HTTP statuses, got %r' % (what, statuses))
    out = []
    for value in statuses:
        try:
            out.append(check_int(what, value, 100, 999))
        except ValueError as e:
            raise WebappHealthError(str(e))
    return sorted(set(out))


def status_healthy(status, statuses):
    """Whether ``status`` counts as healthy: one of ``statuses``, or without any, below 500 and not 404."""
    if status is None:
        return False
    if statuses:
        return status in statuses
    return status < 500 and status != 404


def describe_statuses(statuses):
    """``below 500, not 404`` or ``200, 204``."""
    return ', '.join(str(s) for s in statuses) if statuses else 'below 500, not 404'


def is_context_redirect(status, location, path):
    """Whether an answer to ``GET <path>`` is the mapper's context root redirect: 302 to ``<path>/``.

    ``Location`` is relative (Tomcat's default ``useRelativeRedirects``) or absolute; its path, decoded, must be
    ``<path>/`` (a query string, a ``;jsessionid`` path parameter and a fragment are ignored).
    """
    if status != 302 or not location or not path:
        return False
    try:
        target = urlsplit(location.strip()).path
    except ValueError:
        return False
    target = target.split(';', 1)[0]
    return unquote(target) == path + '/'


# ------------------------------------------------------------------------------------------------------------
# redaction
# ------------------------------------------------------------------------------------------------------------

def redact(text, secret=None, limit=MAX_LINE):
    """``text`` safe to show: the secret's value and the values of ``*secret*=``, ``*password*=``, ``*passwd*=``
    (``=`` or ``:``, quoted or not) replaced by ``********``, control characters by ``?``, then cut to ``limit``
    characters (``...`` at the end). None stays None."""
    if text is None:
        return None
    text = str(text)
    if secret:
        text = text.replace(secret, REDACTED)
    text = _SECRET_KV.sub(lambda m: m.group(1) + REDACTED, text)
    text = _CONTROL.sub('?', text.rstrip('\r\n'))
    if limit and len(text) > limit:
        text = text[:max(0, limit - 3)] + '...'
    return text


# ------------------------------------------------------------------------------------------------------------
# the logs
# ------------------------------------------------------------------------------------------------------------

def log_time(line):
    """The OneLineFormatter timestamp at the start of ``line`` as a comparable tuple, or None."""
    m = _TIME_RE.match(line)
    if not m:
        return None
    month = _MONTHS.get(m.group(2).lower())
    if month is None:
        return None
    frac = (m.group(7) or '0').ljust(6, '0')
    return (int(m.group(3)), month, int(m.group(1)), int(m.group(4)), int(m.group(5)), int(m.group(6)), int(frac))


def is_severe(line):
    return bool(_SEVERE_RE.match(line))


def is_start_marker(line):
    """An INFO line with one of START_MARKERS (OneLineFormatter, or SimpleFormatter's ``INFO: ...``)."""
    if line.startswith('INFO: '):
        return any(line.startswith('INFO: ' + marker) for marker in START_MARKERS)
    return ' INFO ' in line[:120] and any(marker in line for marker in START_MARKERS)


def names_context(line, ctx):
    """Whether a log line names the context: ``[<path>]`` (``[/app##3]`` for a version, ``[]`` for ROOT, as
    Tomcat's messages write a context's name) or its directory as a path component (``/webapps/app/...``)."""
    if '[%s]' % ctx['display'] in line:
        return True
    pattern = r'(?:^|[/\\\[])' + re.escape(ctx['base_name']) + r'(?:[/\\\]]|\.war\b)'
    return re.search(pattern, line) is not None


def log_files(log_dir, pattern):
    """The files of ``log_dir`` whose name matches ``pattern``, newest first (mtime, then name)."""
    found = []
    for entry in os.listdir(log_dir):
        if not pattern.fullmatch(entry):
            continue
        full = os.path.join(log_dir, entry)
        try:
            st = os.stat(full)
        except OSError:
            continue
        if os.path.isfile(full):
            found.append((st.st_mtime, entry, full))
    found.sort(reverse=True)
    return [full for dummy, dummy, full in found]


def read_lines(path, window=LOG_WINDOW):
    """The complete lines of the last ``window`` bytes of a file, decoded as UTF-8 (invalid bytes replaced).

    A line longer than MAX_READ is cut to its first MAX_READ bytes; the rest is skipped (never read as a line).
    """
    with open(path, 'rb') as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        start = max(0, size - window)
        f.seek(start)
        partial = start > 0  # the first piece is the tail of a line that began before the window
        while True:
            piece = f.readline(MAX_READ)
            if not piece:
                return
            whole = piece.endswith(b'\n')
            if not partial:
                yield piece.decode('utf-8', 'replace').rstrip('\r\n')
            partial = not whole


class _Scan(object):
    """The first SEVERE line after the last start marker, overall and per context."""

    def __init__(self, contexts):
        self.contexts = contexts
        self.reset()

    def reset(self, marker_time=None, marker=False):
        self.marker = marker
        self.marker_time = marker_time
        self.first = None
        self.per_context = [None] * len(self.contexts)

    def feed(self, line, when):
        if not is_severe(line):
            return
        if self.first is None:
            self.first = (when, line)
        for i, ctx in enumerate(self.contexts):
            if self.per_context[i] is None and names_context(line, ctx):
                self.per_context[i] = (when, line)


def _scan_file(scan, path, window):
    last = None
    for line in read_lines(path, window):
        when = log_time(line) or last
        last = when
        if is_start_marker(line):
            scan.reset(marker_time=when, marker=True)
        else:
            scan.feed(line, when)


def _earliest(candidates):
    """The first of ``(time, line)`` candidates by time (an unknown time counts as late), None for none."""
    present = [c for c in candidates if c is not None]
    if not present:
        return None
    return min(present, key=lambda c: (c[0] is None, c[0] or ()))


def scan_logs(log_dir, contexts, window=LOG_WINDOW):
    """The first SEVERE line of the last start, for each context (None when there is none).

    The catalina log (the newest ``catalina.*.log``): the lines after its last start marker (``Starting service
    [...]`` / ``Starting Servlet engine: [...]``); when it has no marker (it rotated after the start), the lines after
    the marker of the one before it, then all of it. The Host's log (the newest ``localhost.*.log``): the lines
    logged at or after the marker's time. The default conf/logging.properties sends the Host's container loggers
    (``org.apache.catalina.core.ContainerBase.[Catalina].[localhost]``) only there, so a failed
    ``load-on-startup`` (``Servlet [x] in web application [/app] threw load() exception``) is in the localhost log,
    not in the catalina log (measured on Tomcat 9.0.70).
    Per context: the earliest SEVERE line of both logs that names it (:func:`names_context`), else the earliest
    SEVERE line of both. Raises OSError when ``log_dir`` cannot be read.
    """
    catalina = log_files(log_dir, _CATALINA_LOG)
    if not catalina:
        return [None] * len(contexts)
    scan = _Scan(contexts)
    _scan_file(scan, catalina[0], window)
    if not scan.marker and len(catalina) > 1:
        rotated = _Scan(contexts)
        for path in (catalina[1], catalina[0]):
            _scan_file(rotated, path, window)
        if rotated.marker:
            scan = rotated
    host = _Scan(contexts)
    localhost = log_files(log_dir, _LOCALHOST_LOG)[:1]
    if localhost and scan.marker_time is not None:
        last = None
        for line in read_lines(localhost[0], window):
            when = log_time(line) or last
            last = when
            if when is not None and when >= scan.marker_time:
                host.feed(line, when)
    out = []
    for i in range(len(contexts)):
        best = _earliest([scan.per_context[i], host.per_context[i]]) or _earliest([scan.first, host.first])
        out.append(best[1] if best else None)
    return out


def first_severe(log_dir, contexts, secret=None, limit=MAX_LINE, window=LOG_WINDOW):
    """:func:`scan_logs` with every line redacted: ``(lines, problem)``; ``problem`` says why the logs could not
    be read (None when they could)."""
    try:
        lines = scan_logs(log_dir, contexts, window)
    except OSError as e:
        return [None] * len(contexts), 'cannot read the logs in %s: %s' % (log_dir, e.strerror or e)
    return [redact(line, secret, limit) for line in lines], None


# ------------------------------------------------------------------------------------------------------------
# options
# ------------------------------------------------------------------------------------------------------------

def check_options(host, port=DEFAULT_PORT, secret=None, timeout=10.0, deadline=120.0, interval=2.0, route=None,
                  webapps=None, log_dir=None, retry_statuses=(502, 503, 504)):
    """Every option checked before anything is sent: the webapps as a list of ``{name, path, version, display,
    base_name, uri, statuses}``. Raises WebappHealthError naming the option (never repeating the secret)."""
    try:
        check_host(host)
        check_port(port)
        timeout = check_timeout(timeout)
        deadline = check_timeout(deadline, 'deadline')
        interval = check_timeout(interval, 'interval')
        check_text('secret', secret, quote=False)
    except ValueError as e:
        raise WebappHealthError(str(e))
    if route is not None and not ROUTE(route):
        raise WebappHealthError('route %r is not a jvmRoute (letters, digits, "_" and "-")' % (route,))
    if log_dir is not None:
        try:
            log_dir = check_path(log_dir, 'log_dir')
        except ValidationError as e:
            raise WebappHealthError(e.msg)
    if not webapps:
        raise WebappHealthError('webapps is empty: name at least one webapp (for example ROOT)')
    if len(webapps) > MAX_WEBAPPS:
        raise WebappHealthError('webapps: at most %d webapps, got %d' % (MAX_WEBAPPS, len(webapps)))
    out = []
    seen = {}
    for index, item in enumerate(webapps):
        if not isinstance(item, dict) or not isinstance(item.get('name'), str) or not item['name']:
            raise WebappHealthError('webapps[%d] needs a name (the directory or WAR under webapps/, ROOT for the '
                                    'root context), got %r' % (index, item))
        ctx = context_name(item['name'])
        if ctx['display'] in seen:
            raise WebappHealthError('webapps: %r and %r are the same context %s'
                                    % (seen[ctx['display']], item['name'], ctx['display'] or '(ROOT)'))
        seen[ctx['display']] = item['name']
        uri = item.get('uri') or default_uri(ctx['path'])
        try:
            check_uri(uri)
            for probe in (uri, encode_path(ctx['path']) or '/'):
                prepare_request(host, port, uri=probe, secret=secret)
        except ValueError as e:
            raise WebappHealthError('webapp %s: %s' % (item['name'], e))
        ctx['uri'] = uri
        ctx['statuses'] = check_statuses(item.get('statuses'), 'webapp %s: statuses' % item['name'])
        out.append(ctx)
    retry = check_statuses(list(retry_statuses or []), 'retry_statuses') if retry_statuses else []
    return {'host': host, 'port': port, 'secret': secret, 'timeout': timeout, 'deadline': deadline,
            'interval': interval, 'route': route, 'webapps': out, 'log_dir': log_dir, 'retry_statuses': retry}


# ------------------------------------------------------------------------------------------------------------
# the gate
# ------------------------------------------------------------------------------------------------------------

def _route_problem(resp, route, what):
    """Why the answer is not from ``route`` (a JSESSIONID of another jvmRoute), or None."""
    if route is None:
        return None
    cookie = resp.cookies.get('JSESSIONID')
    if cookie is None:
        return None
    got = resp.jvm_route()
    if got == route:
        return None
    return '%s answered from jvmRoute %s, not %s' % (what, got or '(none: the session id has no route)', route)


class Gate(object):
    """One instance's webapps, checked until all pass or the deadline passes.

    ``request`` (default :func:`_ajp.forward_request`), ``clock`` and ``sleep`` are parameters for the tests.
    """

    def __init__(self, options, request=None, clock=time.monotonic, sleep=time.sleep):
        self.o = options
        self.request = request or forward_request
        self.clock = clock
        self.sleep = sleep
        self.address = format_address(options['host'], options['port'])

    def _get(self, uri, budget):
        """(response, None) or (None, why there was no answer)."""
        if budget <= 0:
            return None, 'not sent: the deadline passed'
        try:
            resp = self.request(self.o['host'], self.o['port'], method='GET', uri=uri, secret=self.o['secret'],
                                timeout=min(self.o['timeout'], budget), max_content=64 * 1024)
        except AjpError as e:
            return None, 'no answer (%s: %s)' % (e.kind, e.msg)
        except OSError as e:
            return None, 'no answer (%s)' % (e.strerror or e,)
        return resp, None

    def check(self, ctx, end):
        """One check of one webapp: its result entry (``severe`` is filled in later)."""
        o = self.o
        problems = []
        path = ctx['path']
        started = None
        if path:
            probe = encode_path(path)
            resp, why = self._get(probe, end - self.clock())
            if resp is None:
                started = False
                problems.append('context %s: GET %s: %s' % (path, probe, why))
            else:
                location = resp.headers.get('location')
                started = is_context_redirect(resp.status, location, path)
                if not started:
                    seen = '%d' % resp.status
                    if location:
                        seen += ' to %s' % redact(location, o['secret'], 200)
                    problems.append('context %s not started (GET %s answered %s, not the redirect to %s/)'
                                    % (path, probe, seen, path))
                else:
                    bad_route = _route_problem(resp, o['route'], 'GET %s' % probe)
                    if bad_route:
                        problems.append(bad_route)
        uri = ctx['uri']
        resp, why = self._get(uri, end - self.clock())
        status = None
        rule = describe_statuses(ctx['statuses'])
        if resp is None:
            problems.insert(0, 'GET %s: %s' % (uri, why))
            if not path:
                started = False
        else:
            status = resp.status
            if not path:
                # a 404 for every path is a ROOT that is not in the mapper; the AJP connector answers 403 to a
                # request without the right secret before any mapping, so a 403 proves nothing either
                started = status not in (403, 404)
            if not status_healthy(status, ctx['statuses']):
                extra = ''
                if status == 403:
                    extra = ', the AJP secret is missing or wrong, or the application denied access'
                elif not path and status == 404:
                    extra = ', ROOT not started or no such page'
                problems.insert(0, 'GET %s answered %d (healthy: %s%s)' % (uri, status, rule, extra))
            elif not path and status == 403:
                problems.insert(0, 'GET %s answered 403: the AJP secret is missing or wrong, or the application denied '
                                   'access (ROOT not proven started)' % uri)
            else:
                bad_route = _route_problem(resp, o['route'], 'GET %s' % uri)
                if bad_route:
                    problems.insert(0, bad_route)
        healthy = not problems and bool(started)
        # "not yet" until the deadline: no answer (Tomcat not up yet), or a status of retry_statuses (an application
        # warming up). Anything else is final: once the AJP connector answers, Tomcat has deployed its webapps
        # (the Service starts its Engine, whose Host deploys them, before its Connectors), so a context that is
        # not in the mapper will not start, and an unhealthy answer is the application's.
        waiting = not healthy and (status is None or status in o['retry_statuses'])
        return {'name': ctx['name'], 'context_path': path, 'uri': uri, 'status': status, 'started': bool(started),
                'healthy': healthy, 'problem': redact('; '.join(problems), o['secret'], 0) if problems else None,
                'severe': None, 'waiting': waiting}

    def run(self):
        """Poll until every webapp is healthy or the deadline passes: ``(ok, results, elapsed)``.

        Every request gets the smaller of ``timeout`` and the time left, so the whole call ends by the deadline
        (and a refused connection or a timeout only means "not yet"). A webapp that passed is not checked again.
        """
        o = self.o
        start = self.clock()
        end = start + o['deadline']
        results = [None] * len(o['webapps'])
        while True:
            for i, ctx in enumerate(o['webapps']):
                if results[i] is None or not results[i]['healthy']:
                    results[i] = self.check(ctx, end)
            if all(r['healthy'] for r in results) or not any(r['waiting'] for r in results):
                break
            left = end - self.clock()
            if left <= 0:
                break
            self.sleep(min(o['interval'], left))
            if end - self.clock() <= 0:
                break
        return all(r['healthy'] for r in results), results, round(self.clock() - start, 3)


def failure_message(results, address, severe_by_name):
    """One sentence per failing webapp: ``webapp app on h:8009: <problem>; first SEVERE: <line>``."""
    parts = []
    for r in results:
        if r['healthy']:
            continue
        text = 'webapp %s on %s: %s' % (r['name'], address, r['problem'])
        line = severe_by_name.get(r['name'])
        if line:
            text += '; first SEVERE: %s' % line
        parts.append(text)
    return ' | '.join(parts)


def run_gate(options, request=None, clock=time.monotonic, sleep=time.sleep):
    """The whole gate for checked ``options``: the module's result (``ok``, ``webapps``, ``elapsed``, ``severe``,
    ``msg``, ``warning``)."""
    gate = Gate(options, request=request, clock=clock, sleep=sleep)
    ok, results, elapsed = gate.run()
    for result in results:
        del result['waiting']
    severe = None
    warning = None
    if not ok and options['log_dir']:
        failing = [(i, ctx) for i, ctx in enumerate(options['webapps']) if not results[i]['healthy']]
        lines, warning = first_severe(options['log_dir'], [ctx for dummy, ctx in failing], options['secret'])
        for (i, dummy), line in zip(failing, lines):
            results[i]['severe'] = line
        severe = next((line for line in lines if line), None)
    if ok:
        msg = 'all %d webapp(s) on %s healthy after %.3f s' % (len(results), gate.address, elapsed)
    else:
        bad = [r for r in results if not r['healthy']]
        msg = '%d of %d webapp(s) on %s failed the health gate within %s s: %s' % (
            len(bad), len(results), gate.address, ('%.3f' % options['deadline']).rstrip('0').rstrip('.'),
            failure_message(results, gate.address, dict((r['name'], r['severe']) for r in results)))
    return {'ok': ok, 'webapps': results, 'elapsed': elapsed, 'severe': severe,
            'msg': redact(msg, options['secret'], 0), 'warning': warning}
