# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_httpd_tls and the httpd_modjk_tls_sites filter: the HTTPS plan of role httpd_modjk."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.filter.httpd_modjk_tls_sites import httpd_modjk_tls_sites
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._httpd_tls import TlsPlanError, plan


def site(name='a', tls=None, aliases=()):
    out = {'name': name, 'server_name': '%s-site.example' % name, 'server_aliases': list(aliases)}
    if tls is not None:
        out['tls'] = tls
    return out


def test_sites_without_tls_have_no_entry():
    assert plan([site(), site('b', tls=None), dict(site('c'), tls={}), dict(site('d'), tls=False)]) == []


def test_controller_files_go_into_the_tree():
    (entry,) = plan([site(tls={'certificate': 'pki/a.crt', 'key': 'pki/a.key', 'chain': 'pki/ca.crt'},
                          aliases=['www.a-site.example'])], redirect=True)
    assert entry == {
        'name': 'a', 'server_name': 'a-site.example', 'server_names': ['a-site.example', 'www.a-site.example'],
        'remote_src': False, 'certificate_src': 'pki/a.crt', 'key_src': 'pki/a.key', 'chain_src': 'pki/ca.crt',
        'redirect': True, 'hsts': False, 'ocsp_stapling': True,
        'files': ['tls-a.crt', 'tls-a.key'], 'certificate_file': 'tls-a.crt', 'key_file': 'tls-a.key',
        'certificate': '${WEBTIER_MODJK_DIR}/tls-a.crt', 'key': '${WEBTIER_MODJK_DIR}/tls-a.key', 'chain': None,
    }


def test_host_files_are_used_in_place():
    (entry,) = plan([site(tls={'certificate': '/etc/le/fullchain.pem', 'key': '/etc/le/privkey.pem',
                               'remote_src': 'yes', 'hsts': True, 'redirect': False})], redirect=True)
    assert entry['files'] == [] and entry['certificate'] == '/etc/le/fullchain.pem' and entry['key'] == '/etc/le/privkey.pem'
    assert entry['chain'] is None and entry['ocsp_stapling'] is False and entry['hsts'] is True and entry['redirect'] is False
    (entry,) = plan([site(tls={'certificate': '/c', 'key': '/k', 'chain': '/ch', 'remote_src': True})],
                    ocsp_stapling=False)
    assert entry['chain'] == '/ch' and entry['ocsp_stapling'] is False


@pytest.mark.parametrize('tls,message', [
    ({'key': 'k'}, 'site a: tls.certificate is required'),
    ({'certificate': 'c'}, 'site a: tls.key is required'),
    ({'certificate': 'c', 'key': 'k', 'chian': 'x'}, 'site a: unknown tls key(s) chian'),
    ({'certificate': 'c', 'key': 'k', 'redirect': 'maybe'}, "site a: tls.redirect must be a boolean, got 'maybe'"),
    ({'certificate': ['c'], 'key': 'k'}, 'site a: tls.certificate must be a path'),
    ({'certificate': 'c"x', 'key': 'k'}, 'must not contain quotes'),
    ('yes', 'site a: tls must be a dict'),
])
def test_bad_tls_settings(tls, message):
    with pytest.raises(TlsPlanError, match=message.replace('(', r'\(').replace(')', r'\)')):
        plan([site(tls=tls)])


def test_bad_input_shapes():
    with pytest.raises(TlsPlanError):
        plan({'name': 'a'})
    with pytest.raises(TlsPlanError, match='every site needs name and server_name'):
        plan([{'name': 'a'}])


def test_filter_wraps_errors():
    assert httpd_modjk_tls_sites([site()]) == []
    with pytest.raises(AnsibleFilterError, match='httpd_modjk_tls_sites: site a: tls.key is required'):
        httpd_modjk_tls_sites([site(tls={'certificate': 'c'})])
