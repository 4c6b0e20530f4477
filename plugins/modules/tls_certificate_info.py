#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: tls_certificate_info
short_description: Check a TLS certificate, its private key and chain before a web server uses them
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Reads a PEM certificate file (the server certificate, optionally followed by intermediates, as
    C(SSLCertificateFile) accepts it), an optional separate chain file and the private key on the managed host,
    and reports every reason why a web server should not go live with them in RV(problems).
  - "Checked: the files exist and hold PEM data; the certificate is valid now and for O(min_valid_days) more days;
    it covers every name in O(server_names) through its subjectAltName, as OpenSSL's own host check decides it; the
    private key is not encrypted (httpd would prompt at every start) and belongs to the certificate (same public
    key); when intermediates or O(ca) are given, the certificate verifies with C(openssl verify -purpose sslserver)
    against O(ca), or without O(ca) against its own chain (the chain must lead from the certificate to its last
    element; an expired intermediate is reported too)."
  - Whether the certificate covers a name is decided by C(openssl x509 -checkhost) (C(-checkip) for an IP address)
    on the certificate itself, never by reading openssl's text output, where one subjectAltName entry
    C(evil.test, DNS:victim.test) (or one with a line break) looks exactly like two. A certificate without any DNS
    subjectAltName covers no host name (browsers ignore the subject's CN).
  - Never fails because of what it finds; the caller decides (see the examples). It fails only when C(openssl)
    cannot be run or does not answer like openssl (for example an O(openssl_path) that prints nothing). Key
    material is never returned or printed; only the public key is compared.
  - Role C(webtier.tomcat_cluster.httpd_modjk) runs it on the candidate TLS files of every site and refuses the
    candidate configuration when a site has a problem.
options:
  certificate:
    description: PEM file with the server certificate first, optionally followed by intermediate certificates.
    type: path
    required: true
  private_key:
    description: The private key (PEM or DER, RSA, EC or Ed25519) that belongs to O(certificate). Not checked when unset.
    type: path
  chain:
    description: A separate PEM file with intermediate certificates (added to those in O(certificate)).
    type: path
  ca:
    description:
      - PEM file with the trust anchors (root CAs) the certificate must verify against, with the intermediates
        as untrusted helpers.
      - Without it the chain is checked only for being the certificate's own chain (issuer links and validity).
    type: path
  server_names:
    description:
      - Host names (or IP addresses) the certificate must be valid for (the site's ServerName and ServerAlias values).
      - A name that is empty or contains whitespace or control characters is reported in RV(problems).
    type: list
    elements: str
    default: []
  min_valid_days:
    description: Report a certificate that expires in fewer days than this (0 reports only an expired one).
    type: int
    default: 0
  openssl_path:
    description: The openssl binary; by default the first C(openssl) on the PATH.
    type: path
requirements:
  - The C(openssl) command line tool on the managed host (package C(openssl), present wherever mod_ssl is), 1.0.2
    or later (C(-checkhost)).
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.attributes.info_module
seealso:
  - module: community.crypto.x509_certificate_info
  - module: webtier.tomcat_cluster.https_request
'''

EXAMPLES = r'''
- name: Check the certificate of site a before it goes live
  webtier.tomcat_cluster.tls_certificate_info:
    certificate: /etc/pki/tls/certs/a-site.example.crt
    private_key: /etc/pki/tls/private/a-site.example.key
    chain: /etc/pki/tls/certs/intermediate.crt
    server_names:
      - a-site.example
      - www.a-site.example
    min_valid_days: 14
  register: a_tls

- name: Refuse it with every reason at once
  ansible.builtin.assert:
    that:
      - a_tls.valid
    fail_msg: "{{ a_tls.problems | join('; ') }}"

- name: Days until the certificate expires
  ansible.builtin.debug:
    msg: "{{ a_tls.certificate.subject }} expires in {{ a_tls.certificate.days_left }} days"
'''

RETURN = r'''
valid:
  description: True when RV(problems) is empty.
  returned: always
  type: bool
  sample: false
problems:
  description: Every reason to refuse the files, one sentence each.
  returned: always
  type: list
  elements: str
  sample:
    - private key /etc/ssl/a.key does not belong to certificate /etc/ssl/a.crt (their public keys differ)
    - certificate /etc/ssl/a.crt (CN=a-site.example) expired on 2026-01-01T00:00:00Z
certificate:
  description: What the server certificate (the first one of O(certificate)) says.
  returned: always
  type: dict
  contains:
    path:
      description: O(certificate).
      type: str
    subject:
      description: Subject in RFC 2253 form.
      type: str
      sample: CN=a-site.example
    issuer:
      description: Issuer in RFC 2253 form.
      type: str
      sample: CN=webtier lab intermediate CA
    not_before:
      description: Start of validity, ISO 8601 UTC.
      type: str
      sample: "2026-12-01T20:00:00Z"
    not_after:
      description: End of validity, ISO 8601 UTC.
      type: str
      sample: "2027-12-01T20:00:00Z"
    days_left:
      description: Whole days until RV(certificate.not_after) (negative once expired).
      type: int
      sample: 364
    dns_names:
      description:
        - DNS names of the subjectAltName extension, one element per entry, read from the certificate's DER
          encoding (an entry C(evil.test, DNS:victim.test) stays one element); control characters are shown as
          C(\xNN).
        - For display only; they never make a name valid (see O(server_names)).
      type: list
      elements: str
      sample: [a-site.example]
    ip_addresses:
      description: IP addresses of the subjectAltName extension (for display only).
      type: list
      elements: str
      sample: []
    fingerprint_sha256:
      description: SHA-256 fingerprint, colon-separated hex.
      type: str
    ocsp_uri:
      description: The OCSP responder named in the certificate (Authority Information Access), or null.
      type: str
    self_signed:
      description: Subject equals issuer.
      type: bool
private_key:
  description: What was found about the private key.
  returned: always
  type: dict
  contains:
    path:
      description: O(private_key).
      type: str
    encrypted:
      description: The key is protected by a passphrase (null when not read).
      type: bool
    matches:
      description: The key's public key is the certificate's (null when not compared).
      type: bool
chain:
  description: The intermediates (from O(certificate) after the first and from O(chain)) and their verification.
  returned: always
  type: dict
  contains:
    path:
      description: O(chain).
      type: str
    count:
      description: Number of intermediate certificates.
      type: int
      sample: 1
    verified:
      description: C(openssl verify) succeeded (null when there was nothing to verify against).
      type: bool
    error:
      description: The reason verification failed, for example C(certificate has expired (chain certificate at depth 1)).
      type: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tls_files import (
    OpenSSL,
    TlsToolError,
    check,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            certificate=dict(type='path', required=True),
            private_key=dict(type='path'),
            chain=dict(type='path'),
            ca=dict(type='path'),
            server_names=dict(type='list', elements='str', default=[]),
            min_valid_days=dict(type='int', default=0),
            openssl_path=dict(type='path'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    if p['min_valid_days'] < 0:
        module.fail_json(msg='min_valid_days must be 0 or more, got %d' % p['min_valid_days'])
    binary = p['openssl_path'] or module.get_bin_path('openssl')
    if not binary:
        module.fail_json(msg='openssl was not found on the PATH of the managed host; install the openssl package '
                             'or set openssl_path')

    def run(argv, data=None):
        return module.run_command(argv, data=data, environ_update={'LC_ALL': 'C'}, handle_exceptions=False)

    try:
        result = check(OpenSSL(run, binary), p['certificate'], private_key=p['private_key'], chain=p['chain'],
                       ca=p['ca'], server_names=p['server_names'], min_valid_days=p['min_valid_days'],
                       tmpdir=module.tmpdir)
    except (TlsToolError, ValueError) as exc:
        fail(module, exc, msg='cannot check %s: %s' % (p['certificate'], exc))
    module.exit_json(changed=False, **result)


if __name__ == '__main__':
    main()
