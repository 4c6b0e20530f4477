# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: httpd_modjk_tls_sites
short_description: The HTTPS virtual hosts of role httpd_modjk and the files each one needs
version_added: 0.1.0
author: webtier maintainers
description:
  - Takes the role's sites (each with an optional C(tls) dictionary) and returns one entry per site that has
    C(tls), with the paths httpd's configuration names and the files the role copies into its candidate tree.
  - "C(tls) keys: C(certificate) and C(key) (required), C(chain) (optional intermediates), C(remote_src) (the
    paths are on the web host and are used where they are), C(redirect) (HTTP to HTTPS) and C(hsts)."
  - Controller files become C(tls-<site>.crt) (the certificate followed by the chain) and C(tls-<site>.key) in
    the tree, referenced as C(${WEBTIER_MODJK_DIR}/...), so that they go live only with a configuration that
    passed the checks. Unknown keys and missing certificate or key fail with the site's name.
positional: redirect, hsts, ocsp_stapling
options:
  _input:
    description: The sites, each with at least C(name) and C(server_name) (C(server_aliases) and C(tls) optional).
    type: list
    elements: dict
    required: true
  redirect:
    description: Default of C(tls.redirect).
    type: bool
    default: false
  hsts:
    description: Default of C(tls.hsts).
    type: bool
    default: false
  ocsp_stapling:
    description: Staple OCSP responses for sites with a C(chain) (the issuer is needed to ask the responder).
    type: bool
    default: true
"""

EXAMPLES = r"""
- name: HTTPS entries of the sites
  ansible.builtin.debug:
    msg: "{{ sites | webtier.tomcat_cluster.httpd_modjk_tls_sites(redirect=true) }}"
  vars:
    sites:
      - name: a
        server_name: a-site.example
        server_aliases: [www.a-site.example]
        tls:
          certificate: pki/a-site.crt
          key: pki/a-site.key
          chain: pki/intermediate.crt
      - name: b
        server_name: b-site.example
        tls:
          certificate: /etc/letsencrypt/live/b-site.example/fullchain.pem
          key: /etc/letsencrypt/live/b-site.example/privkey.pem
          remote_src: true
  # -> [{name: a, certificate: "${WEBTIER_MODJK_DIR}/tls-a.crt", files: [tls-a.crt, tls-a.key],
  #      ocsp_stapling: true, redirect: true, ...},
  #     {name: b, certificate: /etc/letsencrypt/live/b-site.example/fullchain.pem, files: [], ...}]
"""

RETURN = r"""
_value:
  description: One entry per site with C(tls).
  type: list
  elements: dict
  contains:
    name:
      description: Site name.
      type: str
    server_name:
      description: The site's ServerName.
      type: str
    server_names:
      description: ServerName and ServerAliases (the names the certificate must cover).
      type: list
      elements: str
    remote_src:
      description: The files are on the web host.
      type: bool
    certificate_src:
      description: C(tls.certificate) as given.
      type: str
    key_src:
      description: C(tls.key) as given.
      type: str
    chain_src:
      description: C(tls.chain) as given, or null.
      type: str
    certificate:
      description: What C(SSLCertificateFile) names.
      type: str
    key:
      description: What C(SSLCertificateKeyFile) names.
      type: str
    chain:
      description: What C(SSLCertificateChainFile) names (only for a separate chain on the host), or null.
      type: str
    files:
      description: Names of the files the role writes into its tree for this site (empty with C(remote_src)).
      type: list
      elements: str
    certificate_file:
      description: Name of the certificate file in the tree, or null.
      type: str
    key_file:
      description: Name of the key file in the tree, or null.
      type: str
    redirect:
      description: The HTTP virtual host redirects to HTTPS.
      type: bool
    hsts:
      description: HTTPS responses carry Strict-Transport-Security.
      type: bool
    ocsp_stapling:
      description: C(SSLUseStapling on) for this site.
      type: bool
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._httpd_tls import TlsPlanError, plan


def httpd_modjk_tls_sites(sites, redirect=False, hsts=False, ocsp_stapling=True):
    """Filter entry point: see DOCUMENTATION."""
    try:
        return plan(sites, redirect=redirect, hsts=hsts, ocsp_stapling=ocsp_stapling)
    except TlsPlanError as exc:
        raise AnsibleFilterError("httpd_modjk_tls_sites: %s" % exc) from exc


class FilterModule:
    """webtier.tomcat_cluster.httpd_modjk_tls_sites."""

    def filters(self):
        return {"httpd_modjk_tls_sites": httpd_modjk_tls_sites}
