# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: use the verify_https_problems filter instead.
"""The HTTPS part of playbooks/verify.yml's report: what is wrong with the TLS vhosts of a web host.

Pure Python on plain data: the registered loop results of ``webtier.tomcat_cluster.https_request``
(items: the ``tls_sites`` of the httpd_modjk topology) and of ``ansible.builtin.uri`` for the
HTTP -> HTTPS redirects. Missing keys (a skipped or failed task registers less) never raise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

SECURE_VERSIONS = ('TLSv1.2', 'TLSv1.3')


def _results(registered):
    results = registered.get('results', []) if isinstance(registered, Mapping) else []
    return [r for r in results if isinstance(r, Mapping)]


def _line_value(content, key):
    match = re.search(r'(?m)^%s=(.*)$' % re.escape(key), content or '')
    return match.group(1).strip() if match else None


def vhost_problems(web_host, vhosts, members=None, redirects=None, https_port=443):
    """One sentence per broken TLS vhost of ``web_host``.

    ``vhosts``: registered https_request loop over the TLS sites (``return_content``, the session test
    page); ``members``: the mod_jk members ({site, route}); ``redirects``: registered uri loop over the
    sites with ``redirect`` (``follow_redirects: none``).
    """
    out = []
    for res in _results(vhosts):
        item = res.get('item') if isinstance(res.get('item'), Mapping) else {}
        where = '%s -> https vhost %s' % (web_host, item.get('server_name'))
        if res.get('error') or res.get('status') != 200:
            out.append('%s: %s' % (where, res.get('msg') or res.get('error') or 'HTTP %s' % res.get('status')))
            continue
        tls = res.get('tls') if isinstance(res.get('tls'), Mapping) else {}
        if tls.get('version') not in SECURE_VERSIONS:
            out.append('%s: negotiated %s, not TLS 1.2 or 1.3' % (where, tls.get('version')))
        content = res.get('content')
        scheme, secure = _line_value(content, 'scheme'), _line_value(content, 'secure')
        if scheme != 'https' or secure != 'true':
            out.append('%s: Tomcat saw scheme=%s secure=%s (mod_jk did not forward the TLS attributes)'
                       % (where, scheme, secure))
        routes = [m.get('route') for m in members or [] if isinstance(m, Mapping) and m.get('site') == item.get('name')]
        cookie = (res.get('cookies') or {}).get('JSESSIONID', '')
        route = cookie.split('.')[-1] if '.' in cookie else ''
        if route not in routes:
            out.append('%s: served by route "%s", not one of %s' % (where, route, ','.join(str(r) for r in routes)))
        elif 'JSESSIONID' not in (res.get('secure_cookies') or []):
            out.append('%s: the session cookie has no Secure flag' % where)
        hsts = 'strict-transport-security' in (res.get('headers') or {})
        if bool(item.get('hsts')) != hsts:
            out.append('%s: Strict-Transport-Security %s, expected %s' % (
                where, 'sent' if hsts else 'missing', 'it' if item.get('hsts') else 'none'))
    for res in _results(redirects):
        item = res.get('item') if isinstance(res.get('item'), Mapping) else {}
        port = '' if int(https_port) == 443 else ':%d' % int(https_port)
        want = 'https://%s%s/' % (item.get('server_name'), port)
        location = res.get('location') or (res.get('headers') or {}).get('location') or ''
        if res.get('status') not in (301, 308) or not location.startswith(want):
            out.append('%s -> http vhost %s: expected a permanent redirect to %s..., got HTTP %s %s' % (
                web_host, item.get('server_name'), want, res.get('status'), location))
    return out
