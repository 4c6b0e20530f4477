#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: https_request
short_description: Send an HTTPS request to one address for one virtual host, verifying its certificate
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Connects to O(address) (for example one web host of several behind the same site name), sends O(server_name)
    as TLS SNI and C(Host) header, verifies the server certificate for O(server_name) against O(ca_content),
    O(ca_path) or the system trust store, and sends one HTTP request.
  - M(ansible.builtin.uri) verifies the name it connects to; checking a virtual host on each of several web hosts
    before DNS points at them needs the address and the name apart, like C(curl --resolve).
  - Returns the negotiated TLS version and cipher, the certificate's subject, issuer and names, the response
    status, headers and cookies (with their C(Secure) flag). Network and TLS failures are classified in RV(error)
    instead of failing, unless O(fail_on_error) is set.
  - Python standard library only (C(ssl), C(http.client)).
options:
  address:
    description: Host name or IP address to connect to.
    type: str
    required: true
  port:
    description: TCP port.
    type: int
    default: 443
  server_name:
    description:
      - The virtual host's name, sent as SNI and C(Host) (with C(:port) when O(port) is not 443), and the name the
        certificate must be valid for.
    type: str
    required: true
  uri:
    description:
      - Path and query string, starting with C(/).
      - Spaces and control characters (CR, LF, NUL, ...) are refused before connecting; percent-encode them.
    type: str
    default: /
  method:
    description:
      - HTTP method, converted to upper case.
      - It must be an HTTP token (RFC 9110, letters, digits and C(!#$%&'*+-.^_`|~)); an empty method, or one with a
        space (C(GET /x HTTP/1.1)), CR, LF or another control character, fails the task before connecting.
    type: str
    default: GET
  headers:
    description:
      - Request headers (C(Host) overrides the default; C(Cookie) sends a session).
      - Names must be HTTP tokens and values must not contain CR, LF, NUL or other control characters (TAB is
        allowed); the task fails before connecting otherwise, naming the header but never repeating its value.
    type: dict
    default: {}
  body:
    description: Request body, sent as UTF-8.
    type: str
  ca_content:
    description: PEM text of the CA certificates to trust (for example a C(lookup('file', ...)) of a private CA).
    type: str
  ca_path:
    description: PEM file on the host the task runs on with the CA certificates to trust.
    type: path
  validate_certs:
    description:
      - Verify the certificate chain and the name. Without O(ca_content) and O(ca_path) the system trust store is used.
      - V(false) still reports the TLS version and cipher, never the certificate (RV(tls.verified=false)).
    type: bool
    default: true
  min_tls_version:
    description: Lowest TLS version the client offers (to prove that a server refuses what is below it, set O(max_tls_version)).
    type: str
    choices: [TLSv1.2, TLSv1.3]
  max_tls_version:
    description: Highest TLS version the client offers.
    type: str
    choices: [TLSv1.2, TLSv1.3]
  status_code:
    description: Statuses that count as success.
    type: list
    elements: int
    default: [200]
  timeout:
    description:
      - Seconds allowed for the whole request, however slowly the server answers - resolving O(address),
        connecting, the TLS handshake, sending, and reading the status line, the headers and the body.
      - Greater than 0 and at most 3600. When it runs out, RV(error) is C(timeout).
    type: float
    default: 10
  return_content:
    description:
      - Return the body in RV(content).
      - At most the first 64 MiB of a body are read (see RV(truncated)), whether O(return_content) is set or not.
    type: bool
    default: false
  fail_on_error:
    description: Fail the task on a network or TLS error or a status outside O(status_code). V(false) only reports RV(error).
    type: bool
    default: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
attributes:
  check_mode:
    support: partial
    details:
      - Safe methods (GET, HEAD, OPTIONS) are sent in check mode too; other methods are skipped and reported as changed.
  diff_mode:
    support: none
notes:
  - C(changed) is V(false) for GET, HEAD and OPTIONS and V(true) for other methods.
seealso:
  - module: ansible.builtin.uri
  - module: webtier.tomcat_cluster.tls_certificate_info
'''

EXAMPLES = r'''
- name: Site a over HTTPS through this web host, verified with the private CA
  webtier.tomcat_cluster.https_request:
    address: "{{ ansible_facts['default_ipv4']['address'] }}"
    server_name: a-site.example
    uri: /sessionTest.jsp
    ca_content: "{{ lookup('ansible.builtin.file', 'pki/ca.crt') }}"
    return_content: true
  register: page

- name: Tomcat saw the request as secure
  ansible.builtin.assert:
    that:
      - page.tls.version in ['TLSv1.2', 'TLSv1.3']
      - "'secure=true' in page.content"
      - "'JSESSIONID' in page.secure_cookies"

- name: The site still speaks TLS 1.2 to older clients
  webtier.tomcat_cluster.https_request:
    address: web-01.example.com
    server_name: a-site.example
    max_tls_version: TLSv1.2
    method: HEAD
'''

RETURN = r'''
status:
  description: HTTP status, -1 when no response was received.
  returned: always
  type: int
  sample: 200
reason:
  description: Reason phrase.
  returned: when a response was received
  type: str
  sample: OK
headers:
  description: Response headers, lower-case names, repeated headers joined with C(, ).
  returned: when a response was received
  type: dict
cookies:
  description: Cookies set by the response (name to value).
  returned: when a response was received
  type: dict
  sample: {"JSESSIONID": "5A1B3C.a-was1"}
secure_cookies:
  description: Names of the cookies set with the C(Secure) attribute.
  returned: when a response was received
  type: list
  elements: str
  sample: [JSESSIONID]
httponly_cookies:
  description: Names of the cookies set with the C(HttpOnly) attribute.
  returned: when a response was received
  type: list
  elements: str
content:
  description:
    - The body (at most its first 64 MiB), decoded with the C(charset) of the response's C(Content-Type), or as
      UTF-8 when it names none; invalid bytes are replaced.
    - When the charset cannot decode the body (not a valid name, unknown to Python such as C(bogus), not a text
      encoding such as C(rot13) or C(base64), or one such as C(idna)), the body is decoded as UTF-8 and the task
      warns why.
  returned: when O(return_content=true) and a response was received
  type: str
truncated:
  description:
    - Whether the response body was longer than 64 MiB. Only the first 64 MiB are read (the rest is not, the
      connection is closed), and the task warns.
  returned: when a response was received
  type: bool
  sample: false
tls:
  description: The TLS session, null when the handshake did not complete.
  returned: always
  type: dict
  contains:
    version:
      description: Negotiated protocol.
      type: str
      sample: TLSv1.3
    cipher:
      description: Negotiated cipher suite (OpenSSL name).
      type: str
      sample: TLS_AES_256_GCM_SHA384
    bits:
      description: Secret bits of the cipher.
      type: int
      sample: 256
    verified:
      description: The certificate chain and name were verified.
      type: bool
    subject:
      description: Subject of the server certificate (only when verified).
      type: str
      sample: CN=a-site.example
    issuer:
      description: Issuer of the server certificate (only when verified).
      type: str
    not_after:
      description: End of validity as the ssl module prints it (only when verified).
      type: str
      sample: Dec  1 20:00:00 2027 GMT
    dns_names:
      description: DNS names of the certificate (only when verified).
      type: list
      elements: str
elapsed:
  description: Seconds from connecting to the end of the response or to the failure (at most about O(timeout)).
  returned: always
  type: float
error:
  description:
    - Null on success. C(certificate) (verification failed, RV(msg) says why), C(tls) (handshake refused, for example
      no common protocol), C(refused), C(timeout), C(reset), C(resolve_error), C(unreachable), C(protocol_error), or
      C(unexpected_status).
  returned: always
  type: str
url:
  description: The request as C(https://server_name:port/uri via address) (for messages).
  returned: always
  type: str
msg:
  description: Human-readable outcome.
  returned: always
  type: str
'''

import math

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._https_client import (
    check_request,
    make_context,
    request,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._net_deadline import MAX_CONTENT
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._text_codec import decode_content

SAFE_METHODS = ('GET', 'HEAD', 'OPTIONS')
MAX_TIMEOUT = 3600


def main():
    module = AnsibleModule(
        argument_spec=dict(
            address=dict(type='str', required=True),
            port=dict(type='int', default=443),
            server_name=dict(type='str', required=True),
            uri=dict(type='str', default='/'),
            method=dict(type='str', default='GET'),
            headers=dict(type='dict', default={}),
            body=dict(type='str'),
            ca_content=dict(type='str'),
            ca_path=dict(type='path'),
            validate_certs=dict(type='bool', default=True),
            min_tls_version=dict(type='str', choices=['TLSv1.2', 'TLSv1.3']),
            max_tls_version=dict(type='str', choices=['TLSv1.2', 'TLSv1.3']),
            status_code=dict(type='list', elements='int', default=[200]),
            timeout=dict(type='float', default=10),
            return_content=dict(type='bool', default=False),
            fail_on_error=dict(type='bool', default=True),
        ),
        mutually_exclusive=[('ca_content', 'ca_path')],
        supports_check_mode=True,
    )
    p = module.params
    method = p['method'].upper()
    url = 'https://%s:%d%s via %s' % (p['server_name'], p['port'], p['uri'], p['address'])
    try:
        check_request(method, p['headers'], p['uri'])
    except ValueError as exc:
        fail(module, exc, url=url)
    if not 0 < p['port'] < 65536:
        module.fail_json(msg='port must be 1..65535, got %d' % p['port'], url=url)
    if not (math.isfinite(p['timeout']) and 0 < p['timeout'] <= MAX_TIMEOUT):
        module.fail_json(msg='timeout must be greater than 0 and at most %d seconds, got %s'
                         % (MAX_TIMEOUT, p['timeout']), url=url)
    changed = method not in SAFE_METHODS
    if module.check_mode and changed:
        module.exit_json(changed=True, status=-1, tls=None, elapsed=0.0, error=None, url=url,
                         msg='%s not sent in check mode' % method)
    try:
        context = make_context(p['validate_certs'], p['ca_content'], p['ca_path'], p['min_tls_version'],
                               p['max_tls_version'])
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError: unreadable or bad CA data
        fail(module, exc, msg='cannot load the CA certificates: %s' % exc, url=url)

    res = request(p['address'], p['server_name'], port=p['port'], uri=p['uri'], method=method,
                  headers=p['headers'], body=p['body'], context=context, timeout=p['timeout'],
                  max_content=MAX_CONTENT)
    body = res.pop('content_bytes', None)
    if res.get('truncated'):
        module.warn('the response body is longer than %d MiB: only the first %d MiB were read (truncated=true)'
                    % (MAX_CONTENT // (1024 * 1024), MAX_CONTENT // (1024 * 1024)))
    if body is not None and p['return_content']:
        res['content'], problem = decode_content(body, res.get('headers', {}).get('content-type'))
        if problem:
            module.warn('content: %s' % problem)
    res['url'] = url
    if res['error'] is None and res['status'] not in p['status_code']:
        res['error'] = 'unexpected_status'
        res['msg'] = 'status %d from %s, expected one of %s' % (res['status'], url, p['status_code'])
    elif res['error'] is None:
        res['msg'] = 'OK (%d) from %s over %s in %.3f s' % (res['status'], url, res['tls']['version'], res['elapsed'])
    else:
        res['msg'] = '%s: %s (%s)' % (url, res.get('msg') or res['error'], res['error'])
    if res['error'] and p['fail_on_error']:
        module.fail_json(changed=changed, **res)
    module.exit_json(changed=changed, **res)


if __name__ == '__main__':
    main()
