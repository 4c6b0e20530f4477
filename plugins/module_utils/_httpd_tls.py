# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: used by the httpd_modjk_tls_sites filter.
"""The HTTPS plan of role httpd_modjk: which sites get a TLS virtual host, with which files.

Input: the role's normalised sites (``__httpd_modjk_sites``), each with an optional ``tls`` dict::

    tls:
      certificate: a-site.crt     # PEM; may already hold the intermediates
      key: a-site.key
      chain: intermediate.crt     # optional
      remote_src: false           # true: the paths are on the web host, used where they are
      redirect: false             # HTTP -> HTTPS (default: the role's httpd_modjk_tls_redirect)
      hsts: false                 # Strict-Transport-Security (default: httpd_modjk_tls_hsts)

Controller files are copied into the role's candidate tree as ``tls-<site>.crt`` (certificate
followed by the chain, as SSLCertificateFile wants it: no deprecated SSLCertificateChainFile)
and ``tls-<site>.key``, so that they go live only together with the configuration that passed
the checks. Files on the host are referenced in place (a renewal by another tool takes effect at
the next reload); a separate chain there is named with SSLCertificateChainFile.
"""

from __future__ import annotations

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError

TLS_KEYS = ('certificate', 'key', 'chain', 'remote_src', 'redirect', 'hsts')
TREE_VARIABLE = '${WEBTIER_MODJK_DIR}'


class TlsPlanError(WebtierError, ValueError):
    """A site's tls settings are unusable."""


def _bool(value, what):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ('yes', 'true', 'on', '1', 'no', 'false', 'off', '0'):
        return value.lower() in ('yes', 'true', 'on', '1')
    raise TlsPlanError('%s must be a boolean, got %r' % (what, value))


def _path(value, what, required):
    if value is None or value == '':
        if required:
            raise TlsPlanError('%s is required' % what)
        return None
    if not isinstance(value, str):
        raise TlsPlanError('%s must be a path (string), got %r' % (what, value))
    if any(c in value for c in '\n\r"'):
        raise TlsPlanError('%s must not contain quotes or line breaks: %r' % (what, value))
    return value


def plan_site(site, redirect=False, hsts=False, ocsp_stapling=True):
    """One site's TLS entry, or None when the site has no ``tls``."""
    tls = site.get('tls')
    if tls is None or tls == {} or tls is False:
        return None
    name = site['name']
    if not isinstance(tls, dict):
        raise TlsPlanError('site %s: tls must be a dict with certificate and key, got %r' % (name, tls))
    unknown = sorted(set(tls) - set(TLS_KEYS))
    if unknown:
        raise TlsPlanError('site %s: unknown tls key(s) %s; allowed: %s' % (name, ', '.join(unknown), ', '.join(TLS_KEYS)))
    what = 'site %s: tls.%%s' % name
    certificate = _path(tls.get('certificate'), what % 'certificate', True)
    key = _path(tls.get('key'), what % 'key', True)
    chain = _path(tls.get('chain'), what % 'chain', False)
    remote_src = _bool(tls.get('remote_src', False), what % 'remote_src')
    entry = {
        'name': name,
        'server_name': site['server_name'],
        'server_names': [site['server_name']] + list(site.get('server_aliases') or []),
        'remote_src': remote_src,
        'certificate_src': certificate,
        'key_src': key,
        'chain_src': chain,
        'redirect': _bool(tls.get('redirect', redirect), what % 'redirect'),
        'hsts': _bool(tls.get('hsts', hsts), what % 'hsts'),
        # a responder can only be asked with the issuer certificate, which is in the chain
        'ocsp_stapling': bool(ocsp_stapling) and chain is not None,
    }
    if remote_src:
        entry.update({
            'files': [],
            'certificate_file': None,
            'key_file': None,
            'certificate': certificate,
            'key': key,
            'chain': chain,
        })
    else:
        cert_file = 'tls-%s.crt' % name
        key_file = 'tls-%s.key' % name
        entry.update({
            'files': [cert_file, key_file],
            'certificate_file': cert_file,
            'key_file': key_file,
            'certificate': '%s/%s' % (TREE_VARIABLE, cert_file),
            'key': '%s/%s' % (TREE_VARIABLE, key_file),
            'chain': None,  # concatenated into the certificate file
        })
    return entry


def plan(sites, redirect=False, hsts=False, ocsp_stapling=True):
    """The TLS entries of every site that has ``tls`` (in site order)."""
    if not isinstance(sites, list):
        raise TlsPlanError('expected the list of sites, got %r' % type(sites).__name__)
    out = []
    for site in sites:
        if not isinstance(site, dict) or 'name' not in site or 'server_name' not in site:
            raise TlsPlanError('every site needs name and server_name, got %r' % (site,))
        entry = plan_site(site, redirect=redirect, hsts=hsts, ocsp_stapling=ocsp_stapling)
        if entry is not None:
            out.append(entry)
    return out
