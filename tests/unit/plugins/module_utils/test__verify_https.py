# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_verify_https and the verify_https_problems filter: verify.yml's HTTPS report."""

from __future__ import annotations

from ansible_collections.webtier.tomcat_cluster.plugins.filter.verify_https_problems import verify_https_problems
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._verify_https import vhost_problems

MEMBERS = [{'site': 'a', 'route': 'a-was1'}, {'site': 'a', 'route': 'a-was2'}, {'site': 'b', 'route': 'b-was1'}]
A = {'name': 'a', 'server_name': 'a-site.example', 'hsts': True}
B = {'name': 'b', 'server_name': 'b-site.example', 'hsts': False}
PAGE = 'instance=a-was\nnode=a-was1\nsession=X.a-was1\ncounter=1\nscheme=https\nsecure=true\n'


def good(item, route='a-was1', content=PAGE, hsts=None):
    headers = {'content-type': 'text/plain'}
    if item['hsts'] if hsts is None else hsts:
        headers['strict-transport-security'] = 'max-age=63072000'
    return {'item': item, 'status': 200, 'error': None, 'tls': {'version': 'TLSv1.3'}, 'content': content,
            'cookies': {'JSESSIONID': 'X.' + route}, 'secure_cookies': ['JSESSIONID'], 'headers': headers}


def test_all_good():
    assert vhost_problems('web-01', {'results': [good(A), good(B, route='b-was1')]}, MEMBERS) == []


def test_every_kind_of_problem():
    results = [
        {'item': A, 'status': -1, 'error': 'certificate', 'msg': 'https://a-site.example:443/ via 10.0.0.1: certificate verify failed'},
        good(B, route='b-was1', content=PAGE.replace('scheme=https', 'scheme=http').replace('secure=true', 'secure=false')),
        dict(good(A), tls={'version': 'TLSv1'}),
        good(A, route='b-was1'),
        dict(good(A), secure_cookies=[]),
        good(A, hsts=False),
        good(B, route='b-was1', hsts=True),
    ]
    out = vhost_problems('web-01', {'results': results}, MEMBERS)
    assert out == [
        'web-01 -> https vhost a-site.example: https://a-site.example:443/ via 10.0.0.1: certificate verify failed',
        'web-01 -> https vhost b-site.example: Tomcat saw scheme=http secure=false (mod_jk did not forward the TLS attributes)',
        'web-01 -> https vhost a-site.example: negotiated TLSv1, not TLS 1.2 or 1.3',
        'web-01 -> https vhost a-site.example: served by route "b-was1", not one of a-was1,a-was2',
        'web-01 -> https vhost a-site.example: the session cookie has no Secure flag',
        'web-01 -> https vhost a-site.example: Strict-Transport-Security missing, expected it',
        'web-01 -> https vhost b-site.example: Strict-Transport-Security sent, expected none',
    ]


def test_redirects():
    redirects = {'results': [
        {'item': A, 'status': 301, 'location': 'https://a-site.example/sessionTest.jsp'},
        {'item': B, 'status': 200, 'location': None},
        {'item': A, 'status': 302, 'location': 'https://a-site.example/sessionTest.jsp'},
    ]}
    out = vhost_problems('web-02', {'results': []}, MEMBERS, redirects)
    assert out == [
        'web-02 -> http vhost b-site.example: expected a permanent redirect to https://b-site.example/..., got HTTP 200 ',
        'web-02 -> http vhost a-site.example: expected a permanent redirect to https://a-site.example/..., got HTTP 302 '
        'https://a-site.example/sessionTest.jsp',
    ]
    other_port = {'results': [{'item': A, 'status': 308, 'location': 'https://a-site.example:8443/x'}]}
    assert vhost_problems('web-02', {}, MEMBERS, other_port, https_port=8443) == []


def test_missing_keys_never_raise():
    out = verify_https_problems({'results': [{}, 'skipped', {'item': 'x', 'status': 200}]}, 'web-01')
    assert len(out) >= 1
    assert verify_https_problems(None, 'web-01', None, None) == []
