#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: ajp_request
short_description: Send an HTTP request to Tomcat over AJP13, like ansible.builtin.uri
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
description:
  - Sends one request to a Tomcat AJP connector as mod_jk would (an AJP13 FORWARD_REQUEST, with
    the AJP secret as request attribute C(0x0C)) and reads the complete response.
  - Use it to prove end to end that a WAS instance serves a page through AJP, that the secret on
    the web side matches the connector, and which C(jvmRoute) answered (the suffix of the
    C(JSESSIONID) cookie).
  - A response whose status is not in O(status_code) fails the task. A 403 is reported with
    RV(error=forbidden), because Tomcat answers 403 when the secret is missing or wrong.
  - Network and protocol failures are classified in RV(error) like in M(webtier.tomcat_cluster.ajp_ping).
  - Pure Python standard library; needs Python 3.8 or later on the managed host.
options:
  host:
    description:
      - Host name, IPv4 or IPv6 address of the AJP connector.
      - Anything else (for example C(host:8009), spaces or control characters) fails the task before connecting.
    type: str
    required: true
  port:
    description:
      - TCP port of the AJP connector, 1 to 65535. V(true) or V(8009.9) are refused, not converted.
    type: int
    default: 8009
  uri:
    description:
      - Path and optional query string, for example C(/app/health.jsp?deep=1). Must start with C(/).
      - Control characters (CR, LF, NUL, TAB and the others below 0x20, and DEL) are refused.
    type: str
    default: /
  method:
    description:
      - HTTP method, converted to upper case. Methods outside the AJP method table are sent as a stored method
        (attribute C(0x0D)).
      - It must be an HTTP token (RFC 9110, letters, digits and C(!#$%&'*+-.^_`|~)); an empty method, or one with a
        space (C(GET /x HTTP/1.1)), CR, LF or another control character, fails the task before connecting (the
        same check as M(webtier.tomcat_cluster.https_request)).
    type: str
    default: GET
  headers:
    description:
      - Request headers. C(Host) defaults to O(server_name); C(Content-Length) is computed from O(body).
      - Names must be HTTP header names (letters, digits and C(!#$%&'*+.^_`|~-)), so an empty name is
        refused; values must not contain CR, LF, NUL or other control characters (TAB is allowed).
        Messages name the offending header but never repeat its value.
    type: dict
    default: {}
  body:
    description:
      - Request body, sent as UTF-8 in AJP body packets (answering Tomcat's GET_BODY_CHUNK).
    type: str
  secret:
    description:
      - The AJP secret (the connector's C(secret), mod_jk's C(worker.<name>.secret)).
      - Leave unset to test a connector with C(secretRequired=false), or to prove that requests
        without the secret are refused (expect O(status_code=[403])).
      - Never shown in results or messages.
    type: str
  status_code:
    description: Statuses that count as success, each from 100 to 999; at least one.
    type: list
    elements: int
    default: [200]
  timeout:
    description:
      - Seconds allowed for the whole exchange (connect, send, and reading the complete response).
        It also caps the connect and each read.
      - Greater than 0 and at most 3600 (one hour); V(inf), V(nan) and larger values are refused.
    type: float
    default: 10
  return_content:
    description:
      - Return the response body in RV(content).
      - At most the first 64 MiB of a body are kept (see RV(truncated)).
    type: bool
    default: false
  remote_addr:
    description:
      - Client address passed to Tomcat (C(request.getRemoteAddr())), an IPv4 or IPv6 address.
      - Defaults to the local address of the connection.
    type: str
  server_name:
    description:
      - Server name passed to Tomcat (C(request.getServerName())) and default C(Host) header. Defaults to O(host).
      - Whitespace and control characters are refused.
    type: str
  server_port:
    description: Server port passed to Tomcat (C(request.getServerPort())), 0 to 65535.
    type: int
    default: 80
  packet_size:
    description:
      - Largest AJP packet, in bytes; match the connector's C(packetSize) (default 8192, at least 8192 and
        at most 65536). The request line, headers and attributes must fit in one packet.
    type: int
    default: 8192
attributes:
  check_mode:
    support: partial
    details:
      - Safe methods (GET, HEAD, OPTIONS, TRACE, PROPFIND, REPORT, SEARCH) are sent in check mode too.
      - Other methods are not sent in check mode; the task reports C(changed) and does nothing.
        Their arguments are checked all the same, so an invalid request fails in check mode too.
  diff_mode:
    support: none
notes:
  - The result's C(changed) is V(false) for safe methods and V(true) for all others, because such requests may change
    the state of the application.
seealso:
  - module: webtier.tomcat_cluster.ajp_ping
  - module: ansible.builtin.uri
'''

EXAMPLES = r'''
- name: Request the session test page through AJP with the secret
  webtier.tomcat_cluster.ajp_request:
    host: "{{ tomcat_private_address }}"
    port: 8009
    uri: /sessionTest.jsp
    secret: "{{ tomcat_ajp_secret }}"
  register: page

- name: The answer came from this host's instance
  ansible.builtin.assert:
    that:
      - page.status == 200
      - page.jvm_route == 'a-was' ~ (groups['was'].index(inventory_hostname) + 1)

- name: A request without the secret must be refused
  webtier.tomcat_cluster.ajp_request:
    host: "{{ tomcat_private_address }}"
    port: 8009
    status_code: [403]

# The web -> WAS matrix: each web host sends a request to each WAS instance of site a
- name: Request / from every a-site instance via AJP
  webtier.tomcat_cluster.ajp_request:
    host: "{{ hostvars[item.0]['tomcat_private_address'] }}"
    port: "{{ item.1.ajp_port }}"
    uri: /
    method: HEAD
    secret: "{{ tomcat_ajp_secret }}"
    server_name: a-site.com
    timeout: 5
  loop: "{{ groups['was'] | product(hostvars[groups['was'][0]]['tomcat_instances'] | selectattr('site', '==', 'a')) | list }}"
  loop_control:
    label: "{{ item.0 }}:{{ item.1.ajp_port }}"
  when: inventory_hostname in groups['web']

- name: POST a form and keep the body of the answer
  webtier.tomcat_cluster.ajp_request:
    host: was-01.example.com
    uri: /app/echo
    method: POST
    headers:
      Content-Type: application/x-www-form-urlencoded
    body: "a=1&b=2"
    secret: "{{ tomcat_ajp_secret }}"
    return_content: true
'''

RETURN = r'''
status:
  description: HTTP status of the response, or -1 when no response was received.
  returned: always
  type: int
  sample: 200
reason:
  description: Reason phrase as sent by Tomcat (Tomcat 9 sends the numeric status, for example C(200)).
  returned: when a response was received
  type: str
  sample: "200"
headers:
  description: Response headers with lower-case names; repeated headers are joined with C(, ).
  returned: when a response was received
  type: dict
  sample: {"content-type": "text/html;charset=UTF-8", "set-cookie": "JSESSIONID=5A1B.a-was1; Path=/; HttpOnly"}
content:
  description:
    - The response body (at most its first 64 MiB), decoded with the C(charset) of the response's
      C(Content-Type), or as UTF-8 when it names none; invalid bytes are replaced.
    - When the charset cannot decode the body (unknown to Python such as C(bogus), not a text encoding
      such as C(base64) or C(rot13), or one such as C(idna) or C(undefined)), the body is decoded as
      UTF-8 and the task warns why (the same decoder as M(webtier.tomcat_cluster.https_request)).
  returned: when O(return_content=true) and a response was received
  type: str
  sample: "session=5A1B.a-was1 count=1"
truncated:
  description:
    - Whether the response body was longer than 64 MiB. The whole response is still read, but
      only the first 64 MiB are kept for RV(content); the task warns.
  returned: when a response was received
  type: bool
  sample: false
elapsed:
  description:
    - Seconds from connecting to the end of the response, or to the network or protocol failure.
    - V(0.0) when nothing was sent (invalid arguments, or an unsafe method in check mode).
  returned: always
  type: float
  sample: 0.004
cookies:
  description: Cookies set by the response (name to value).
  returned: when a response was received
  type: dict
  sample: {"JSESSIONID": "5A1B3C4D5E6F.a-was1"}
jvm_route:
  description:
    - The suffix of the C(JSESSIONID) cookie set by the response, after the last C(.), that is the
      C(jvmRoute) of the instance that answered.
    - Null when the response sets no such cookie.
  returned: always
  type: str
  sample: a-was1
error:
  description:
    - Null on success. C(forbidden) for a 403 outside O(status_code) (AJP secret missing or wrong);
      C(unexpected_status) for other statuses outside O(status_code); otherwise the network or
      protocol error class (C(refused), C(timeout), C(reset), C(closed), C(not_ajp), C(protocol_error),
      C(resolve_error), C(unreachable)).
  returned: always
  type: str
  sample: null
url:
  description: The request as C(ajp://host:port/uri) (for messages).
  returned: always
  type: str
  sample: ajp://10.0.2.11:8009/sessionTest.jsp
msg:
  description: Human-readable outcome.
  returned: always
  type: str
  sample: "OK (200) from ajp://10.0.2.11:8009/sessionTest.jsp in 0.004 s"
'''

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp import (
    AJP_TARGET_ARGS,
    DEFAULT_PACKET_SIZE,
    MAX_CONTENT,
    SAFE_METHODS,
    AjpError,
    check_int,
    check_method,
    check_timeout,
    classify_status,
    decode_content,
    format_address,
    forward_request,
    prepare_request,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail


def main():
    module = AnsibleModule(
        argument_spec=dict(
            AJP_TARGET_ARGS,
            uri=dict(type='str', default='/'),
            method=dict(type='str', default='GET'),
            headers=dict(type='dict', default={}),
            body=dict(type='str'),
            secret=dict(type='str', no_log=True),
            status_code=dict(type='list', elements='int', default=[200]),
            timeout=dict(type='float', default=10),
            return_content=dict(type='bool', default=False),
            remote_addr=dict(type='str'),
            server_name=dict(type='str'),
            server_port=dict(type='int', default=80),
            packet_size=dict(type='int', default=DEFAULT_PACKET_SIZE),
        ),
        supports_check_mode=True,
    )
    p = module.params
    method = p['method'].upper()
    url = 'ajp://%s%s' % (format_address(p['host'], p['port']), p['uri'])
    base = dict(url=url, status=-1, elapsed=0.0, jvm_route=None, error=None)

    # Every argument is checked (and the request encoded once) before check mode decides, so an
    # invalid request fails the same way in check mode.
    request = dict(method=method, uri=p['uri'], headers=list((p['headers'] or {}).items()), body=p['body'],
                   secret=p['secret'], remote_addr=p['remote_addr'] or None, server_name=p['server_name'],
                   server_port=p['server_port'], packet_size=p['packet_size'])
    try:
        check_method(method)
        timeout = check_timeout(p['timeout'])
        if not p['status_code']:
            raise ValueError('status_code is empty: give at least one expected status')
        status_codes = [check_int('status_code', code, 100, 999) for code in p['status_code']]
        prepare_request(p['host'], p['port'], **request)
    except ValueError as e:
        fail(module, e, msg='%s %s: %s' % (method or '(no method)', url, e), **base)

    safe = method in SAFE_METHODS
    if module.check_mode and not safe:
        module.exit_json(changed=True, msg='check mode: %s %s not sent' % (method, url), **base)

    start = time.monotonic()
    try:
        resp = forward_request(p['host'], p['port'], timeout=timeout, max_content=MAX_CONTENT, **request)
    except AjpError as e:
        base['error'] = e.kind
        base['elapsed'] = round(time.monotonic() - start, 6)
        fail(module, e, msg='%s %s failed (%s): %s' % (method, url, e.kind, e.msg), **base)
    except ValueError as e:
        fail(module, e, msg='%s %s: %s' % (method, url, e), **base)

    headers_out = resp.headers
    result = dict(
        changed=not safe,
        url=url,
        status=resp.status,
        reason=resp.reason,
        headers=headers_out,
        cookies=resp.cookies,
        jvm_route=resp.jvm_route(),
        elapsed=round(resp.elapsed, 6),
        truncated=resp.truncated,
        error=None,
    )
    if resp.truncated:
        module.warn('the response body is longer than %d MiB: only the first %d MiB are kept (truncated=true)'
                    % (MAX_CONTENT // (1024 * 1024), MAX_CONTENT // (1024 * 1024)))
    if p['return_content']:
        result['content'], problem = decode_content(resp.body, headers_out.get('content-type'))
        if problem:
            module.warn('content: %s' % problem)
    if resp.status not in status_codes:
        kind = classify_status(resp.status) or 'unexpected_status'
        result['error'] = kind
        why = ' (the AJP secret is missing or wrong, or the application denied access)' if kind == 'forbidden' else ''
        result['msg'] = 'Status code was %d and not %s: %s %s%s' % (resp.status, status_codes, method, url, why)
        module.fail_json(**result)
    result['msg'] = 'OK (%d) from %s in %.3f s' % (resp.status, url, resp.elapsed)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
