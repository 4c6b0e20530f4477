# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to this collection, no compatibility promise: its functions and
# data shapes may change in any release. Use the jkstatus_info / jkstatus_member modules instead.

"""Client for mod_jk's status worker (jkstatus), shared by jkstatus_info and jkstatus_member.

What it relies on (tomcat-connectors ``native/common/jk_status.c`` and ``xdocs/reference/status.xml``):

* requests are ``GET <url>?cmd=list|show|update&mime=xml[&w=<balancer>][&sw=<member>][&vwa=a|d|s]``;
* the HTTP status is 200 even when the command failed: the outcome is the ``result`` element at the
  end of the body (``type="OK"`` or ``type="ERROR"`` with a ``message``), so the body is always parsed;
* XML is used, not ``mime=prop``: in the properties format a member's keys are prefixed with the member's
  name only (``worker.a-was1.busy``), so two balancers sharing a member name cannot be told apart;
* a status worker with ``read_only=true`` answers every update (and ``recover``) with
  ``This command is not allowed in read only mode.``
* ``cmd=recover&w=<balancer>&sw=<member>`` marks a member whose state is ``ERR`` for recovery (``ERR/REC``: the
  next request may go to it); any other state is refused with ``Marking worker for recovery failed``
  (``recover_worker()`` in jk_status.c, the same in 1.2.48 and 1.2.50). :func:`recover_members` uses it after
  checking the member itself over AJP (module_utils._ajp).

Every failure leaves the public functions as :class:`JkStatusError` with a ``kind`` from :data:`ERROR_KINDS`.
``timeout`` bounds each whole request (connect, send and every read of the answer, however slowly it
arrives: :func:`deadline_open` over module_utils._net_deadline), and an answer larger than :data:`MAX_BODY`
is refused. A failure after :func:`set_activation` applied an update says what was applied and carries
``changed=True`` in ``details['result']``. Standard library only (Python 3.8+ on the web host).
"""

from __future__ import annotations

import base64
import http.client
import re
import socket
import ssl
import time
import xml.etree.ElementTree as ET

from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp import (
    AjpError,
    check_timeout as _check_ajp_timeout,
    forward_request as _ajp_forward_request,
    format_address as _format_address,
    ping as _ajp_ping,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._net_deadline import (
    Deadline,
    DeadlineHTTPConnection,
    DeadlineHTTPSConnection,
)

DEFAULT_URL = 'http://127.0.0.1:8090/jkstatus'
DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 60.0
MAX_BODY = 16 * 1024 * 1024
MAX_DRAIN_TIMEOUT = 86400.0
MAX_RECOVER_TIMEOUT = 300.0
RECOVER_POLL = 0.5

# option value -> mod_jk's activation text, and the text -> the vwa parameter of cmd=update
ACTIVATIONS = {'active': 'ACT', 'disabled': 'DIS', 'stopped': 'STP'}
VWA = {'ACT': 'a', 'DIS': 'd', 'STP': 's'}

ERROR_KINDS = (
    'invalid',            # bad module arguments
    'unreachable',        # connection refused, no route, name does not resolve
    'timeout',            # no answer within the timeout
    'tls',                # certificate validation or TLS handshake failed
    'auth',               # HTTP 401
    'forbidden',          # HTTP 403 (for example httpd's Require ip)
    'http_error',         # any other HTTP error status
    'not_status_worker',  # the URL answered, but not with the status worker's XML (HTML page, 404, ...)
    'read_only',          # the status worker is read-only and refuses updates
    'access_denied',      # the status worker's own user list refused the request
    'unknown_balancer',
    'unknown_member',
    'status_error',       # the status worker answered type=ERROR for another reason
    'update_failed',      # the update was accepted but the activation did not change
    'drain_timeout',      # members still busy when the drain timeout ran out
    'others_not_ok',      # require_others_ok: another member of the balancer is not ACT and OK (or there is none)
    'not_ok',             # wait_ok: a member did not reach an OK state in time
)

# result messages of jk_status.c -> error kind
_RESULT_KINDS = (
    ('not allowed in read only mode', 'read_only'),
    ('access denied', 'access_denied'),
    ('could not find given worker', 'unknown_balancer'),
    ('worker type has no sub workers', 'unknown_balancer'),
    ('worker type not implemented', 'unknown_balancer'),
    ('could not find sub worker', 'unknown_member'),
)

# member attributes converted to int (all others stay strings)
_INT_FIELDS = frozenset((
    'port', 'lbfactor', 'distance', 'lbmult', 'lbvalue', 'elected', 'sessions', 'errors', 'client_errors',
    'reply_timeouts', 'transferred', 'read', 'busy', 'max_busy', 'connected', 'max_connected',
    'time_to_recover_min', 'time_to_recover_max', 'connection_pool_timeout', 'ping_timeout',
    'connect_timeout', 'prepost_timeout', 'reply_timeout', 'connection_ping_interval', 'retries',
    'recovery_options', 'busy_limit', 'max_packet_size', 'last_reset_at', 'last_reset_ago',
    'member_count', 'good', 'degraded', 'bad', 'map_count', 'recover_time', 'error_escalation_time',
    'max_reply_timeouts', 'time_to_maintenance_min', 'time_to_maintenance_max',
))
_BALANCER_FIELDS = ('name', 'sticky_session', 'sticky_session_force', 'method', 'lock', 'retries',
                    'recover_time', 'member_count', 'good', 'degraded', 'bad', 'busy', 'max_busy')
# what the member module shows before/after (the info module returns every attribute)
SUMMARY_FIELDS = ('activation', 'state', 'busy', 'sessions', 'errors')
OK_STATES = ('OK', 'OK/IDLE', 'OK/BUSY')
# The state texts of tomcat-connectors native/common/jk_lb_worker.h (JK_LB_STATE_TEXT_*, lines 77-83 in 1.2.48 and
# 1.2.50): OK/IDLE, OK, ERR/REC, ERR/FRC, OK/BUSY, ERR, ERR/PRB. There is no bare "REC": the status worker prints
# jk_lb_get_state(), that is one of these texts. ERR: mod_jk saw the member fail and waits (recover_time, then its
# maintenance, which only runs when requests arrive); ERR/REC: marked for recovery, the next request may go to it;
# ERR/FRC: forced recovery (every member was in error); ERR/PRB: a request is probing it right now.
ERROR_STATES = ('ERR', 'ERR/REC', 'ERR/PRB', 'ERR/FRC')
# after a recover (or when mod_jk marked it itself): jk_lb_worker.c's JK_WORKER_USABLE (state <= JK_LB_STATE_FORCE)
# takes ERR/REC and ERR/FRC as usable, so the next request goes to the member
RECOVERING_STATES = ('ERR/REC', 'ERR/FRC')


class JkStatusError(WebtierError):
    """A failure talking to the status worker; ``kind`` is one of :data:`ERROR_KINDS`."""

    def __init__(self, kind: str, msg: str, **details):
        super().__init__(msg, kind=kind, **details)


def connection_argument_spec() -> dict:
    """The connection options every jkstatus module shares (doc fragment webtier.tomcat_cluster.jkstatus)."""
    return dict(
        url=dict(type='str', default=DEFAULT_URL),
        url_username=dict(type='str'),
        url_password=dict(type='str', no_log=True),
        timeout=dict(type='float', default=DEFAULT_TIMEOUT),
        validate_certs=dict(type='bool', default=True),
    )


def url_secrets(url) -> list:
    """The password written into a URL (refused by check_connection_params), for the module's no_log_values."""
    try:
        password = urlsplit(url or '').password
    except ValueError:
        return []
    return [password] if password else []


def check_connection_params(params: dict) -> str:
    """Validate the connection options; return the status worker URL without a trailing ``?``."""
    url = (params.get('url') or '').strip()
    timeout = params.get('timeout')
    if timeout is None or not 0 < timeout <= MAX_TIMEOUT:
        raise JkStatusError('invalid', 'timeout must be greater than 0 and at most %g seconds, got %s'
                            % (MAX_TIMEOUT, timeout))
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError as e:
        raise JkStatusError('invalid', 'url %r is not a valid URL: %s' % (url, e))
    if parts.scheme not in ('http', 'https') or not parts.hostname:
        raise JkStatusError('invalid', 'url must be an http:// or https:// URL of the status worker, got %r' % url)
    if parts.username is not None or parts.password is not None:
        # never echo a password that was put into the URL
        raise JkStatusError('invalid', 'url must not contain credentials; use url_username and url_password')
    if parts.query or parts.fragment:
        raise JkStatusError('invalid', 'url must not contain a query string or fragment (the modules add '
                            'cmd=, mime=, w= and sw= themselves), got %r' % url)
    if params.get('url_password') and not params.get('url_username'):
        raise JkStatusError('invalid', 'url_password needs url_username')
    return url


def _local(tag: str) -> str:
    return tag.rsplit('}', 1)[-1].rsplit(':', 1)[-1]


def _convert(attrib: dict) -> dict:
    out = {}
    for key, value in attrib.items():
        if key in _INT_FIELDS:
            try:
                value = int(value)
            except ValueError:
                pass
        out[key] = value
    return out


def _split_address(address: str):
    """``'172.18.0.3:8009'`` / ``'[::1]:8009'`` -> ``'172.18.0.3'`` / ``'::1'``; None for unresolved/invalid."""
    if not address or ':' not in address:
        return None
    host = address.rsplit(':', 1)[0]
    return host[1:-1] if host.startswith('[') and host.endswith(']') else host


def _describe_body(body: bytes, content_type: str) -> str:
    text = body[:4096].decode('utf-8', 'replace')
    title = re.search(r'<title[^>]*>(.*?)</title>', text, re.I | re.S)
    if title:
        what = 'an HTML page titled %r' % re.sub(r'\s+', ' ', title.group(1)).strip()[:120]
    elif re.search(r'<html', text, re.I):
        what = 'an HTML page'
    elif not text.strip():
        what = 'an empty body'
    else:
        what = 'a body starting with %r' % re.sub(r'\s+', ' ', text).strip()[:80]
    return '%s (Content-Type %s)' % (what, content_type or 'unset')


def parse_status(body: bytes, content_type: str = '', url: str = '') -> dict:
    """Parse a ``mime=xml`` answer of the status worker.

    Returns ``{'result': {'type', 'message'}, 'jk_version', 'web_server', 'server', 'balancers': [...]}``
    where each balancer is a dict with ``members`` (a list of member dicts, each with ``balancer``).
    A ``type="ERROR"`` result raises :class:`JkStatusError` with the matching kind; anything that is not the
    status worker's XML raises ``not_status_worker``.
    """
    where = ' from %s' % url if url else ''
    not_status = ('expected the mod_jk status worker\'s XML%s but got %s: is url the status worker\'s '
                  'JkMount?' % (where, _describe_body(body, content_type)))
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        if 'unbound prefix' not in str(e):
            raise JkStatusError('not_status_worker', not_status)
        # a status worker with worker.<name>.xmlns=- keeps its element prefix without declaring it
        try:
            root = ET.fromstring(re.sub(rb'(</?)[A-Za-z_][\w.-]*:', rb'\1', body))
        except ET.ParseError:
            raise JkStatusError('not_status_worker', not_status)
    if _local(root.tag) != 'status':
        raise JkStatusError('not_status_worker', not_status)

    out = {'result': None, 'jk_version': None, 'web_server': None, 'server': None, 'balancers': []}
    for elem in root:
        name = _local(elem.tag)
        if name == 'result':
            out['result'] = {'type': elem.get('type'), 'message': elem.get('message')}
        elif name == 'software':
            out['jk_version'] = elem.get('jk_version')
            out['web_server'] = elem.get('web_server')
        elif name == 'server':
            out['server'] = {'name': elem.get('name'), 'port': _convert({'port': elem.get('port')})['port']}
        elif name == 'balancers':
            for bal in elem:
                if _local(bal.tag) == 'balancer':
                    out['balancers'].append(_parse_balancer(bal))
        elif name == 'balancer':  # cmd=show&w=<balancer>
            out['balancers'].append(_parse_balancer(elem))
    result = out['result']
    if result is None:
        raise JkStatusError('not_status_worker', 'the status worker\'s answer%s has no result element '
                            '(truncated output?)' % where)
    if result['type'] != 'OK':
        message = result['message'] or '(no message)'
        kind = 'status_error'
        for needle, k in _RESULT_KINDS:
            if needle in message.lower():
                kind = k
        raise JkStatusError(kind, 'the status worker%s answered %s: %s' % (where, result['type'], message),
                            result=result)
    return out


def _parse_balancer(elem) -> dict:
    bal = _convert(elem.attrib)
    members = []
    for sub in elem:
        if _local(sub.tag) == 'member':
            member = _convert(sub.attrib)
            member['balancer'] = bal.get('name')
            members.append(member)
    bal['members'] = members
    return bal


def activation_of(value: str) -> str:
    """``'disabled'``/``'DIS'``/``'d'`` -> ``'DIS'``."""
    v = (value or '').strip().lower()
    for key, text in ACTIVATIONS.items():
        if v in (key, text.lower(), key[0]):
            return text
    raise JkStatusError('invalid', 'activation must be one of %s, got %r' % (', '.join(ACTIVATIONS), value))


def summary(member: dict) -> dict:
    return {k: member.get(k) for k in SUMMARY_FIELDS}


def describe(member: dict) -> str:
    return '%s/%s (route %s, %s:%s, %s %s, busy %s)' % (
        member.get('balancer'), member.get('name'), member.get('route'), member.get('host'), member.get('port'),
        member.get('activation'), member.get('state'), member.get('busy'))


class _Answer:
    """What :func:`deadline_open` returns: ``read(n)``, ``headers`` and ``close()`` (the connection too)."""

    def __init__(self, conn, response):
        self._conn = conn
        self._response = response
        self.headers = response.msg
        self.status = response.status
        self.reason = response.reason

    def read(self, amt=None):
        return self._response.read(amt)

    def close(self):
        try:
            self._response.close()
        finally:
            self._conn.close()


def deadline_open(url, method='GET', timeout=DEFAULT_TIMEOUT, validate_certs=True, follow_redirects='none',
                  headers=None, http_agent=None, url_username=None, url_password=None, force_basic_auth=False):
    """The default opener of :class:`JkStatusClient`: one HTTP(S) request whose ``timeout`` bounds the whole
    request - connect, TLS handshake, send, status line, headers and every read of the body - however slowly
    the status worker answers (module_utils._net_deadline).

    It takes the keyword arguments of ``ansible.module_utils.urls.open_url`` that the client uses and answers
    like it: a response with ``read``, ``headers`` and ``close``, or ``urllib.error.HTTPError`` for a status of
    300 or more (redirects are never followed). It connects directly to the URL's host (no proxy from the
    environment: the status worker is normally on loopback).
    """
    parts = urlsplit(url)
    deadline = Deadline(timeout)
    if parts.scheme == 'https':
        if validate_certs:
            context = ssl.create_default_context()
        else:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        conn = DeadlineHTTPSConnection(parts.hostname, parts.port or 443, deadline, context)
    else:
        conn = DeadlineHTTPConnection(parts.hostname, parts.port or 80, deadline)
    send = dict(headers or {})
    if http_agent:
        send['User-Agent'] = http_agent
    if url_username and force_basic_auth:
        token = base64.b64encode(('%s:%s' % (url_username, url_password or '')).encode('utf-8')).decode('ascii')
        send['Authorization'] = 'Basic %s' % token
    path = (parts.path or '/') + ('?' + parts.query if parts.query else '')
    try:
        conn.request(method, path, headers=send)
        response = conn.getresponse()
    except BaseException:
        conn.close()
        raise
    answer = _Answer(conn, response)
    if response.status >= 300:
        raise HTTPError(url, response.status, response.reason, response.msg, answer)
    return answer


class JkStatusClient:
    """Talks to one status worker. ``opener`` defaults to :func:`deadline_open` (``open_url``'s interface)."""

    def __init__(self, url: str, url_username: str = None, url_password: str = None,
                 timeout: float = DEFAULT_TIMEOUT, validate_certs: bool = True, opener=None):
        self.url = url
        self.username = url_username
        self.password = url_password
        self.timeout = timeout
        self.validate_certs = validate_certs
        self._open = opener or deadline_open

    @classmethod
    def from_params(cls, params: dict, opener=None) -> 'JkStatusClient':
        url = check_connection_params(params)
        return cls(url, params.get('url_username'), params.get('url_password'), params['timeout'],
                   params.get('validate_certs', True), opener=opener)

    def request(self, **query) -> dict:
        """One GET with ``mime=xml`` plus ``query``; returns the parsed answer (see :func:`parse_status`)."""
        query = dict(query, mime='xml')
        full = '%s?%s' % (self.url, urlencode(sorted(query.items())))
        body, ctype = self._get(full)
        return parse_status(body, ctype, self.url)

    def _get(self, full: str):
        kwargs = dict(method='GET', timeout=self.timeout, validate_certs=self.validate_certs,
                      follow_redirects='none', headers={'Accept': 'application/xml, text/xml'},
                      http_agent='webtier.tomcat_cluster-jkstatus')
        if self.username:
            kwargs.update(url_username=self.username, url_password=self.password or '', force_basic_auth=True)
        try:
            resp = self._open(full, **kwargs)
            try:
                body = resp.read(MAX_BODY + 1)
                ctype = resp.headers.get('Content-Type', '') if getattr(resp, 'headers', None) else ''
            finally:
                resp.close()
        except HTTPError as e:
            error = self._http_error(e)
            try:
                e.close()
            except Exception:  # pylint: disable=broad-except
                pass
            raise error
        except (socket.timeout, TimeoutError):
            raise JkStatusError('timeout', 'no complete answer from the status worker at %s within %g s (the timeout '
                                'bounds the whole request)' % (self.url, self.timeout))
        except URLError as e:
            raise self._url_error(e.reason)
        except (ConnectionError, OSError) as e:
            # ansible's urls raises its own ConnectionError/SSLValidationError (both subclasses of Exception)
            raise self._url_error(e)
        except Exception as e:  # pylint: disable=broad-except
            name = type(e).__name__
            if 'SSL' in name or 'Certificate' in name:
                raise JkStatusError('tls', 'TLS problem talking to %s: %s' % (self.url, e))
            if isinstance(e, http.client.HTTPException):
                raise JkStatusError('not_status_worker', '%s did not answer with valid HTTP (%s: %s)'
                                    % (self.url, name, e))
            raise JkStatusError('unreachable', 'cannot reach the status worker at %s: %s: %s' % (self.url, name, e))
        if len(body) > MAX_BODY:
            raise JkStatusError('not_status_worker', 'the answer from %s is larger than %d bytes; that is not '
                                'the status worker' % (self.url, MAX_BODY))
        return body, ctype

    def _http_error(self, e: HTTPError) -> JkStatusError:
        code = e.code
        if code == 401:
            return JkStatusError('auth', '%s answered 401 Unauthorized: %s' % (
                self.url, 'url_username/url_password were not accepted' if self.username
                else 'it needs url_username and url_password'), status=code)
        if code == 403:
            return JkStatusError('forbidden', '%s answered 403 Forbidden: httpd does not allow this client '
                                 '(the status vhost allows loopback and httpd_modjk_status_admin_sources only)'
                                 % self.url, status=code)
        if code == 404:
            try:
                body = e.read(4096) if e.fp is not None else b''
            except Exception:  # pylint: disable=broad-except
                body = b''
            ctype = e.headers.get('Content-Type', '') if e.headers else ''
            return JkStatusError('not_status_worker', '%s answered 404 Not Found with %s: no status worker is '
                                 'mounted at this URL' % (self.url, _describe_body(body, ctype)), status=code)
        if 300 <= code < 400:
            return JkStatusError('not_status_worker', '%s answered a redirect (%d) to %s instead of the status '
                                 'worker\'s XML' % (self.url, code, e.headers.get('Location') if e.headers else '?'),
                                 status=code)
        return JkStatusError('http_error', '%s answered HTTP %d %s' % (self.url, code, e.reason), status=code)

    def _url_error(self, reason) -> JkStatusError:
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return JkStatusError('timeout', 'no answer from the status worker at %s within %g s' % (self.url, self.timeout))
        if isinstance(reason, ssl.SSLError) or 'certificate' in str(reason).lower():
            return JkStatusError('tls', 'TLS problem talking to %s: %s' % (self.url, reason))
        if isinstance(reason, ConnectionRefusedError):
            what = 'connection refused (is httpd running, and is the status worker\'s listener on this address and port?)'
        elif isinstance(reason, socket.gaierror):
            what = 'the host name does not resolve (%s)' % reason
        else:
            what = str(reason)
        return JkStatusError('unreachable', 'cannot reach the status worker at %s: %s' % (self.url, what))

    # -- commands ---------------------------------------------------------------------------------

    def status(self) -> dict:
        return self.request(cmd='list')

    def set_activation(self, balancer: str, member: str, activation: str) -> dict:
        try:
            return self.request(cmd='update', w=balancer, sw=member, vwa=VWA[activation])
        except JkStatusError as e:
            raise self._read_only(e)

    def recover(self, balancer: str, member: str) -> dict:
        """``cmd=recover``: mod_jk marks a member in state ``ERR`` for recovery (``ERR/REC``). Any other state is
        refused with ``Marking worker for recovery failed`` (kind ``status_error``)."""
        try:
            return self.request(cmd='recover', w=balancer, sw=member)
        except JkStatusError as e:
            raise self._read_only(e)

    def _read_only(self, e: JkStatusError) -> JkStatusError:
        if e.kind != 'read_only':
            return e
        return JkStatusError('read_only', 'the status worker at %s is read-only (worker.<name>.read_only=true '
                             'in workers.properties): it shows the members but refuses to change them; '
                             'point url at a read/write status worker (role httpd_modjk: '
                             'httpd_modjk_status_read_only: false)' % self.url, **e.details)


# -- selection ------------------------------------------------------------------------------------

def find_balancers(status: dict, balancer: str = None) -> list:
    balancers = status['balancers']
    if balancer is None:
        return balancers
    found = [b for b in balancers if b.get('name') == balancer]
    if not found:
        raise JkStatusError('unknown_balancer', 'no load balancer %r on this status worker; it has: %s' % (
            balancer, ', '.join(b.get('name') for b in balancers) or '(none)'))
    return found


def select_members(status: dict, balancer: str = None, member: str = None, route: str = None,
                   was_host: str = None, resolver=None) -> list:
    """The members matching every given criterion (at least one of member, route, was_host is required).

    ``was_host`` matches the member's configured ``host`` or the address mod_jk resolved it to; when
    nothing matches literally, ``was_host`` is resolved (``resolver``, default ``socket.getaddrinfo``)
    and compared with the members' addresses.
    """
    if not (member or route or was_host):
        raise JkStatusError('invalid', 'give member, route or was_host to say which member(s) to change')
    for name, value in (('member', member), ('balancer', balancer)):
        if value and ('*' in value or '?' in value):
            raise JkStatusError('invalid', '%s must be a plain name, not a wildcard: %r' % (name, value))
    candidates = [m for b in find_balancers(status, balancer) for m in b['members']]
    chosen = [m for m in candidates
              if (member is None or m.get('name') == member) and (route is None or m.get('route') == route)]
    if was_host is not None:
        wanted = was_host.strip().lower()
        by_name = [m for m in chosen if wanted in ((m.get('host') or '').lower(), _split_address(m.get('address')))]
        if not by_name and chosen:
            ips = _resolve(was_host, resolver)
            by_name = [m for m in chosen if _split_address(m.get('address')) in ips
                       or (m.get('host') or '') in ips]
        chosen = by_name
    if not chosen:
        given = (('balancer', balancer), ('member', member), ('route', route), ('was_host', was_host))
        crit = ', '.join('%s=%s' % (k, v) for k, v in given if v is not None)
        raise JkStatusError('unknown_member', 'no load balancer member matches %s; members: %s' % (
            crit, '; '.join(describe(m) for m in candidates) or '(none)'))
    return chosen


def _resolve(host: str, resolver=None) -> set:
    resolver = resolver or socket.getaddrinfo
    try:
        return {info[4][0] for info in resolver(host, None)}
    except (OSError, UnicodeError):
        return set()


def _key(m: dict):
    return (m.get('balancer'), m.get('name'))


def lookup(status: dict, keys) -> list:
    index = {_key(m): m for b in status['balancers'] for m in b['members']}
    missing = [k for k in keys if k not in index]
    if missing:
        raise JkStatusError('unknown_member', 'member(s) %s disappeared from the status worker (httpd reloaded '
                            'with another configuration?)' % ', '.join('%s/%s' % k for k in missing))
    return [index[k] for k in keys]


# -- operations -----------------------------------------------------------------------------------

def info(client: JkStatusClient, balancer: str = None) -> dict:
    status = client.status()
    balancers = find_balancers(status, balancer)
    return dict(
        url=client.url,
        jk_version=status['jk_version'],
        web_server=status['web_server'],
        balancers=balancers,
        members=[m for b in balancers for m in b['members']],
    )


def _others(status: dict, keys):
    """``(balancer, others)`` for every balancer holding one of ``keys``: the members of it not in ``keys``."""
    selected = set(keys)
    for bal in status['balancers']:
        if any(_key(m) in selected for m in bal['members']):
            yield bal, [m for m in bal['members'] if _key(m) not in selected]


def member_ok(member: dict, recovered=(), also_ok=()) -> bool:
    """ACT and OK, OK/IDLE or OK/BUSY (or a state in ``also_ok``); a member in ``recovered`` (keys) may also be
    ERR/REC or ERR/FRC."""
    if member.get('activation') != 'ACT':
        return False
    state = member.get('state')
    return (state in OK_STATES or state in also_ok
            or (_key(member) in set(recovered) and state in RECOVERING_STATES))


def check_others(status: dict, keys, recovered=(), failed=None, also_ok=()) -> None:
    """Raise ``others_not_ok`` unless every balancer of ``keys`` keeps another member that is ACT and OK.

    ``recovered``: keys of members that :func:`recover_members` checked and recovered (ERR/REC and ERR/FRC accepted for
    them); ``failed``: key -> what failed when it checked the member, named in the refusal; ``also_ok``: states
    accepted for every member (the check before a recover: the error states, which the recover deals with).
    """
    failed = failed or {}
    problems = []
    for bal, others in _others(status, keys):
        if not others:
            problems.append('%s has no other member to serve it' % bal.get('name'))
        for m in others:
            if member_ok(m, recovered, also_ok):
                continue
            k = _key(m)
            if k in failed:
                problems.append('%s/%s is %s and %s on this web host; %s: not recovered' % (
                    k[0], k[1], m.get('activation'), m.get('state'), failed[k]))
            else:
                problems.append('%s/%s is not ACT and OK: %s' % (k[0], k[1], describe(m)))
    if problems:
        raise JkStatusError('others_not_ok', 'refusing to take %s out of service: %s' % (
            ', '.join('%s/%s' % k for k in keys), '; '.join(problems)))


# The path of recover_others' AJP GET: no webapp's (Tomcat answers 404 from the mapper or ROOT's default servlet), so
# no application code runs and no session is left behind. "GET /" ran ROOT's welcome page, which may create a session
# (the collection's own session test page does): a 30-minute session that a session drain then waited for.
RECOVER_CHECK_URI = '/webtier-recover-check'


def check_member_ajp(host: str, port: int, secret=None, timeout: float = 10.0, clock=time.monotonic) -> str:
    """Check a Tomcat AJP connector from this host: one CPong, then ``GET`` :data:`RECOVER_CHECK_URI` over AJP with
    ``secret``.

    Returns None when both passed (any HTTP status but 403 from the GET: Tomcat parsed the request and the engine
    answered it, normally 404), else what failed, for a message (never the secret). ``timeout`` bounds both together.
    """
    address = _format_address(host, port) if host else '%s:%s' % (host, port)
    start = clock()
    try:
        pong = _ajp_ping(host, port, timeout=timeout, count=1)
    except ValueError as e:  # a host or port the status worker printed but the AJP client refuses
        return 'cannot check %s: %s' % (address, e)
    if not pong['healthy']:
        return 'CPong to %s failed: %s' % (address, pong['msg'] or pong['error'])
    remaining = timeout - (clock() - start)
    if remaining <= 0:
        return 'no time left for the AJP GET %s to %s after the CPong (recover_timeout %g s)' % (RECOVER_CHECK_URI, address, timeout)
    try:
        resp = _ajp_forward_request(host, port, method='GET', uri=RECOVER_CHECK_URI, secret=secret, timeout=remaining,
                                    headers=[('User-Agent', 'webtier.tomcat_cluster-jkstatus-recover')],
                                    max_content=65536)
    except AjpError as e:
        return 'AJP GET %s to %s failed: %s' % (RECOVER_CHECK_URI, address, e.msg)
    except ValueError as e:
        return 'cannot send the AJP GET %s to %s: %s' % (RECOVER_CHECK_URI, address, e)
    if resp.status == 403:
        return ('AJP GET %s to %s answered 403: the AJP secret is %s (Tomcat refuses the request before its engine '
                'sees it, so nothing proves the engine works)' % (RECOVER_CHECK_URI, address,
                                                                  'wrong' if secret else 'missing: give secret'))
    return None


def recover_members(client: JkStatusClient, status: dict, keys, secret=None, timeout: float = 10.0,
                    checker=None, clock=time.monotonic, sleep=time.sleep):
    """Recover the other members of the balancers of ``keys`` that are ACT but in an error state, if they are healthy.

    For each such member (:data:`ERROR_STATES`): ``checker(host, port, secret, timeout)`` (default
    :func:`check_member_ajp`: CPong and an AJP ``GET``, once per host:port); when it passes, a member in ``ERR``
    gets ``cmd=recover`` and the status is read again until it is ERR/REC, ERR/FRC or OK (a member being probed,
    ERR/PRB, is waited for), within ``timeout`` seconds per member. A member already ERR/REC or ERR/FRC needs no
    command (mod_jk refuses it for them: only ERR can be marked).

    Returns ``(status, recovered, failed)``: the last status read, the list of accepted members
    (``balancer``, ``member``, ``host``, ``port``, ``state_before``, ``state_after``, ``recover_sent``) and
    key -> what failed for the others. Failures of the status worker itself (unreachable, read-only, ...) raise, with
    the members recovered so far in ``details['recovered']``.
    """
    checker = checker or check_member_ajp
    candidates = [m for dummy, others in _others(status, keys) for m in others
                  if m.get('activation') == 'ACT' and m.get('state') in ERROR_STATES]
    checks = {}
    recovered = []
    failed = {}
    for m in candidates:
        k = _key(m)
        start = clock()
        address = (m.get('host'), m.get('port'))
        if address not in checks:
            checks[address] = checker(m.get('host'), m.get('port'), secret, timeout)
        if checks[address]:
            failed[k] = checks[address]
            continue
        sent = False
        refused = None
        current = m
        try:
            while True:
                state = current.get('state')
                if current.get('activation') != 'ACT':
                    # changed meanwhile (someone set it DIS/STP): not ours to recover; check_others names it
                    break
                if state in OK_STATES or state in RECOVERING_STATES:
                    recovered.append(dict(balancer=k[0], member=k[1], host=m.get('host'), port=m.get('port'),
                                          state_before=m.get('state'), state_after=state, recover_sent=sent))
                    break
                if state == 'ERR' and sent:
                    failed[k] = ('its checks passed and it was marked for recovery, but mod_jk set it ERR again '
                                 '(a request failed on it)')
                    break
                if state == 'ERR':
                    try:
                        client.recover(k[0], k[1])
                        sent = True
                    except JkStatusError as e:
                        if e.kind != 'status_error':
                            raise
                        # "Marking worker for recovery failed": it left ERR meanwhile (mod_jk's own maintenance)
                        refused = e.msg
                    if sent:
                        status = client.status()
                        current = lookup(status, [k])[0]
                        continue
                waited = clock() - start
                if waited >= timeout:
                    failed[k] = ('its checks passed, but mod_jk refused to recover it (%s)' % refused if refused else
                                 'its checks passed, but mod_jk still shows %s after %.1f s' % (state, waited))
                    break
                sleep(max(0.0, min(RECOVER_POLL, timeout - waited)))
                status = client.status()
                current = lookup(status, [k])[0]
        except JkStatusError as e:
            raise JkStatusError(e.kind, 'while recovering %s/%s (its CPong and AJP GET passed): %s' % (k[0], k[1], e.msg),
                                **dict(e.details, recovered=recovered))
    return status, recovered, failed


def _wait_until(client: JkStatusClient, keys, done, timeout: float, interval: float, clock, sleep):
    """Poll the members in ``keys`` until ``done(member)`` holds for all of them or ``timeout`` runs out.
    Returns ``(reached, seconds, members)``."""
    start = clock()
    while True:
        members = lookup(client.status(), keys)
        waited = clock() - start
        if all(done(m) for m in members):
            return True, waited, members
        if waited >= timeout:
            return False, waited, members
        sleep(max(0.0, min(interval, timeout - waited)))


def wait_drained(client: JkStatusClient, keys, timeout: float, interval: float,
                 clock=time.monotonic, sleep=time.sleep):
    """Poll until every member in ``keys`` has busy == 0. Returns ``(drained, seconds, members)``."""
    return _wait_until(client, keys, lambda m: m.get('busy') == 0, timeout, interval, clock, sleep)


def wait_state_ok(client: JkStatusClient, keys, timeout: float, interval: float,
                  clock=time.monotonic, sleep=time.sleep):
    """Poll until every member in ``keys`` has a state of OK_STATES. Returns ``(ok, seconds, members)``."""
    return _wait_until(client, keys, lambda m: m.get('state') in OK_STATES, timeout, interval, clock, sleep)


def _failed_after_update(error: JkStatusError, applied, target: str, url: str, jk_version) -> JkStatusError:
    """``error`` raised after the status worker applied the updates of ``applied``: the same kind, a message that
    says what was applied, and ``changed=True`` in ``details['result']`` (the members did change)."""
    what = ', '.join('%s/%s (was %s)' % (m['balancer'], m['name'], m.get('activation')) for m in applied)
    msg = ('%s; the status worker had already applied the update: set %s on %s, so %s %s now'
           % (error.msg, target, what, 'that member is' if len(applied) == 1 else 'those members are', target))
    details = {k: v for k, v in error.details.items() if k != 'result'}
    details['result'] = dict(changed=True, activation=target, url=url, jk_version=jk_version)
    return JkStatusError(error.kind, msg, **details)


def set_activation(client: JkStatusClient, activation: str, balancer: str = None, member: str = None,
                   route: str = None, was_host: str = None, check_mode: bool = False, drain: bool = False,
                   drain_timeout: float = 300.0, drain_interval: float = 1.0, fail_on_drain_timeout: bool = True,
                   require_others_ok: bool = False, wait_ok: bool = False, disable_first=None, resolver=None,
                   recover_others: bool = False, secret=None, recover_timeout: float = 10.0, checker=None,
                   clock=time.monotonic, sleep=time.sleep) -> dict:
    """Set the activation of the selected members; optionally wait until they are drained (busy == 0), or with
    ``wait_ok`` (activation active) until their state is OK, OK/IDLE or OK/BUSY (``drain_timeout`` bounds both).

    With ``require_others_ok`` and ``recover_others``, the other members that are ACT but in an error state are
    checked over AJP and recovered first (:func:`recover_members`, ``secret``, ``recover_timeout``, ``checker``), also
    in check mode: a recover changes no configuration, only what mod_jk's own maintenance would do with the next
    request. It counts as ``changed`` outside check mode only.

    Returns the module result (``changed``, ``msg``, ``members`` with ``before``/``after``, ``drained``,
    ``drain_seconds``, ``recovered``, ``diff``, ``warnings``); raises :class:`JkStatusError` on failure. A drain
    timeout with ``fail_on_drain_timeout`` raises ``drain_timeout`` with the result in ``details['result']``.
    """
    target = activation_of(activation)
    if drain and target == 'ACT':
        raise JkStatusError('invalid', 'drain waits for busy = 0, which only makes sense for activation '
                            'disabled or stopped')
    if disable_first is not None and (target != 'STP' or not drain or not 0 <= disable_first <= MAX_DRAIN_TIMEOUT):
        raise JkStatusError('invalid', 'disable_first (a grace with the members DIS before they go STP) needs activation '
                            'stopped with drain, and between 0 and %g seconds, got %s' % (MAX_DRAIN_TIMEOUT, disable_first))
    if wait_ok and target != 'ACT':
        raise JkStatusError('invalid', 'wait_ok waits for the state OK of a member that takes requests, which only '
                            'makes sense for activation active')
    if not 0 <= drain_timeout <= MAX_DRAIN_TIMEOUT:
        raise JkStatusError('invalid', 'drain_timeout must be between 0 and %g seconds, got %s'
                            % (MAX_DRAIN_TIMEOUT, drain_timeout))
    if not 0.05 <= drain_interval <= 60:
        raise JkStatusError('invalid', 'drain_interval must be between 0.05 and 60 seconds, got %s' % drain_interval)
    if recover_others and not require_others_ok:
        raise JkStatusError('invalid', 'recover_others recovers the members that require_others_ok would refuse: '
                            'set require_others_ok: true with it')
    if recover_others and not (isinstance(recover_timeout, (int, float)) and 0 < recover_timeout <= MAX_RECOVER_TIMEOUT):
        raise JkStatusError('invalid', 'recover_timeout must be greater than 0 and at most %g seconds, got %s'
                            % (MAX_RECOVER_TIMEOUT, recover_timeout))

    status = client.status()
    chosen = select_members(status, balancer, member, route, was_host, resolver=resolver)
    keys = [_key(m) for m in chosen]
    recovered = []
    if require_others_ok and target != 'ACT':
        if not recover_others:
            check_others(status, keys)
        else:
            # what no recover can fix (another member DIS or STP, no other member) is refused first, changing nothing
            check_others(status, keys, also_ok=ERROR_STATES)
            try:
                checked, recovered, failed = recover_members(client, status, keys, secret=secret, timeout=recover_timeout,
                                                             checker=checker, clock=clock, sleep=sleep)
                check_others(checked, keys, recovered=[(r['balancer'], r['member']) for r in recovered], failed=failed)
            except JkStatusError as e:
                raise _with_recovered(e, recovered, check_mode, client.url, status['jk_version'])
    try:
        result = _apply(client, status, chosen, keys, target, check_mode, drain, drain_timeout, drain_interval,
                        fail_on_drain_timeout, wait_ok, disable_first, clock, sleep)
    except JkStatusError as e:
        raise _with_recovered(e, recovered, check_mode, client.url, status['jk_version'])
    result['recovered'] = recovered
    if recovered:
        result['msg'] += '; ' + _describe_recovered(recovered)
        result['changed'] = result['changed'] or (not check_mode and any(r['recover_sent'] for r in recovered))
    return result


def _describe_recovered(recovered) -> str:
    return 'checked over AJP and recovered: %s' % ', '.join(
        '%s/%s (%s:%s, %s -> %s%s)' % (r['balancer'], r['member'], r['host'], r['port'], r['state_before'],
                                       r['state_after'], ' with cmd=recover' if r['recover_sent'] else '')
        for r in recovered)


def _with_recovered(error: JkStatusError, recovered, check_mode: bool, url: str, jk_version) -> JkStatusError:
    """``error`` with the members recovered before it in its message and ``details['result']``."""
    recovered = recovered or error.details.get('recovered') or []
    if not recovered:
        return error
    details = {k: v for k, v in error.details.items() if k not in ('result', 'recovered')}
    result = dict(error.details.get('result') or dict(url=url, jk_version=jk_version))
    sent = not check_mode and any(r['recover_sent'] for r in recovered)
    result['changed'] = bool(result.get('changed')) or sent
    result['recovered'] = recovered
    details['result'] = result
    return JkStatusError(error.kind, '%s; before that, %s' % (error.msg, _describe_recovered(recovered)), **details)


def _apply(client, status, chosen, keys, target, check_mode, drain, drain_timeout, drain_interval, fail_on_drain_timeout,
           wait_ok, disable_first, clock, sleep) -> dict:
    """set_activation after its preflight: the updates, the read-back, the drain and the wait for OK."""
    before = {_key(m): dict(m) for m in chosen}
    to_change = [m for m in chosen if m.get('activation') != target]

    drained = None
    seconds = 0.0
    warnings = []
    applied = []
    disabled_seconds = None
    if check_mode:
        after_members = [dict(m, activation=target) for m in chosen]
    else:
        try:
            if disable_first is not None and to_change:
                # DIS first: no new sessions, the sticky ones still served; a grace for the requests without one
                for m in [m for m in to_change if m.get('activation') != 'DIS']:
                    client.set_activation(m['balancer'], m['name'], 'DIS')
                    applied.append(m)
                idle, disabled_seconds, dis_members = wait_drained(
                    client, keys, disable_first, drain_interval, clock=clock, sleep=sleep)
                if not idle and fail_on_drain_timeout:
                    raise JkStatusError('drain_timeout', 'not drained with DIS after %.0f s: %s' % (
                        disabled_seconds, ', '.join('%s/%s busy=%s' % (m['balancer'], m['name'], m.get('busy'))
                                                    for m in dis_members if m.get('busy'))))
            for m in to_change:
                client.set_activation(m['balancer'], m['name'], target)
                if m not in applied:
                    applied.append(m)
            if to_change:
                after_members = lookup(client.status(), keys)
                wrong = [m for m in after_members if m.get('activation') != target]
                if wrong:
                    changing = set(_key(m) for m in to_change)
                    done = [m for m in after_members if _key(m) in changing and m.get('activation') == target]
                    raise JkStatusError('update_failed', 'the status worker accepted the update but %s' % '; '.join(
                        '%s/%s is still %s' % (m['balancer'], m['name'], m.get('activation')) for m in wrong),
                        result=dict(changed=bool(done), activation=target, url=client.url,
                                    jk_version=status['jk_version']))
            else:
                after_members = chosen
            if drain:
                drained, seconds, after_members = wait_drained(client, keys, drain_timeout, drain_interval,
                                                               clock=clock, sleep=sleep)
            if wait_ok:
                ok, seconds, after_members = wait_state_ok(client, keys, drain_timeout, drain_interval,
                                                           clock=clock, sleep=sleep)
                if not ok:
                    raise JkStatusError('not_ok', 'not in state OK after %.0f s: %s' % (seconds, ', '.join(
                        '%s/%s is %s' % (m['balancer'], m['name'], m.get('state')) for m in after_members
                        if m.get('state') not in OK_STATES)),
                        result=dict(changed=bool(applied), activation=target, url=client.url,
                                    jk_version=status['jk_version']))
        except JkStatusError as e:
            if not applied or 'changed' in (e.details.get('result') or {}):
                raise
            raise _failed_after_update(e, applied, target, client.url, status['jk_version'])
    if drained is False:
        busy = ', '.join('%s/%s busy=%s' % (m['balancer'], m['name'], m.get('busy'))
                         for m in after_members if m.get('busy'))
        warnings.append('not drained after %.0f s: %s' % (seconds, busy))

    after = {_key(m): m for m in after_members}
    rows = []
    for k in keys:
        b, a = before[k], after[k]
        rows.append(dict(balancer=k[0], name=k[1], route=b.get('route'), host=b.get('host'), port=b.get('port'),
                         changed=b.get('activation') != target, before=summary(b), after=summary(a)))
    names = ', '.join('%s/%s' % k for k in keys)
    if to_change:
        msg = '%s %s: %s' % ('would set' if check_mode else 'set', target,
                             ', '.join('%s/%s (was %s)' % (m['balancer'], m['name'], m.get('activation'))
                                       for m in to_change))
    else:
        msg = 'already %s: %s' % (target, names)
    if disabled_seconds is not None:
        msg += '; DIS for %.1f s first' % disabled_seconds
    if drained is True:
        msg += '; drained (busy 0) after %.1f s' % seconds
    elif drained is False:
        msg += '; ' + warnings[-1]
    result = dict(
        changed=bool(to_change),
        msg=msg,
        activation=target,
        members=rows,
        drained=drained,
        drain_seconds=round(seconds, 3),
        disabled_seconds=None if disabled_seconds is None else round(disabled_seconds, 3),
        jk_version=status['jk_version'],
        url=client.url,
        diff=dict(before=''.join('%s/%s: %s\n' % (k[0], k[1], before[k].get('activation')) for k in keys),
                  after=''.join('%s/%s: %s\n' % (k[0], k[1], target) for k in keys)),
    )
    if drained is False and fail_on_drain_timeout:
        raise JkStatusError('drain_timeout', msg, result=result)
    result['warnings'] = warnings
    return result
