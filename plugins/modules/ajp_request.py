#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: ajp_request
short_description: Send an HTTP request to Tomcat over AJP13, like ansible.builtin.uri
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
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
    description: Host name, IPv4 or IPv6 address of the AJP connector.
    type: str
    required: true
  port:
    description: TCP port of the AJP connector.
    type: int
    default: 8009
  uri:
    description: Path and optional query string, for example C(/app/health.jsp?deep=1). Must start with C(/).
    type: str
    default: /
  method:
    description:
      - HTTP method. Methods outside the AJP method table are sent as a stored method (attribute C(0x0D)).
    type: str
    default: GET
  headers:
    description:
      - Request headers. C(Host) defaults to O(server_name); C(Content-Length) is computed from O(body).
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
    type: str
  status_code:
    description: Statuses that count as success.
    type: list
    elements: int
    default: [200]
  timeout:
    description:
      - Seconds allowed for the whole exchange (connect, send, and reading the complete response).
        It also caps the connect and each read.
    type: float
    default: 10
  return_content:
    description: Return the response body in RV(content).
    type: bool
    default: false
  remote_addr:
    description: Client address passed to Tomcat (C(request.getRemoteAddr())). Defaults to the local address of the connection.
    type: str
  server_name:
    description: Server name passed to Tomcat (C(request.getServerName())) and default C(Host) header. Defaults to O(host).
    type: str
  server_port:
    description: Server port passed to Tomcat (C(request.getServerPort())).
    type: int
    default: 80
  packet_size:
    description:
      - Largest AJP packet, in bytes; match the connector's C(packetSize) (default 8192, at most 65536).
        The request line, headers and attributes must fit in one packet.
    type: int
    default: 8192
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: partial
    details:
      - Safe methods (GET, HEAD, OPTIONS, TRACE, PROPFIND, REPORT, SEARCH) are sent in check mode too.
      - Other methods are not sent in check mode; the task reports C(changed) and does nothing.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
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
  description: The response body, decoded as UTF-8 (invalid bytes replaced).
  returned: when O(return_content=true) and a response was received
  type: str
  sample: "session=5A1B.a-was1 count=1"
elapsed:
  description: Seconds from connecting to the end of the response (or to the failure).
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

import re

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils.ajp import (
    DEFAULT_PACKET_SIZE,
    MAX_PACKET_SIZE,
    SAFE_METHODS,
    AjpError,
    classify_status,
    format_address,
    forward_request,
)


def _charset(headers):
    m = re.search(r'charset=([\w.:-]+)', headers.get('content-type', ''), re.I)
    return m.group(1) if m else 'utf-8'


def main():
    module = AnsibleModule(
        argument_spec=dict(
            host=dict(type='str', required=True),
            port=dict(type='int', default=8009),
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
    method = p['method'].strip().upper()
    url = 'ajp://%s%s' % (format_address(p['host'], p['port']), p['uri'])
    base = dict(url=url, status=-1, elapsed=0.0, jvm_route=None, error=None)

    if not re.match(r'^[A-Z][A-Z0-9_-]*$', method):
        module.fail_json(msg='method %r is not a valid HTTP method' % p['method'], **base)
    if not p['uri'].startswith('/'):
        module.fail_json(msg='uri must start with "/", got %r' % p['uri'], **base)
    if not 0 < p['port'] < 65536:
        module.fail_json(msg='port must be between 1 and 65535, got %d' % p['port'], **base)
    if not 0 <= p['server_port'] < 65536:
        module.fail_json(msg='server_port must be between 0 and 65535, got %d' % p['server_port'], **base)
    if p['timeout'] <= 0:
        module.fail_json(msg='timeout must be greater than 0, got %s' % p['timeout'], **base)
    if not DEFAULT_PACKET_SIZE <= p['packet_size'] <= MAX_PACKET_SIZE:
        module.fail_json(msg='packet_size must be between %d and %d, got %d'
                         % (DEFAULT_PACKET_SIZE, MAX_PACKET_SIZE, p['packet_size']), **base)

    safe = method in SAFE_METHODS
    if module.check_mode and not safe:
        module.exit_json(changed=True, msg='check mode: %s %s not sent' % (method, url), **base)

    headers = [(str(k), '' if v is None else str(v)) for k, v in (p['headers'] or {}).items()]
    try:
        resp = forward_request(p['host'], p['port'], method=method, uri=p['uri'], headers=headers, body=p['body'],
                               secret=p['secret'], timeout=p['timeout'], remote_addr=p['remote_addr'],
                               server_name=p['server_name'], server_port=p['server_port'], packet_size=p['packet_size'])
    except AjpError as e:
        base['error'] = e.kind
        module.fail_json(msg='%s %s failed (%s): %s' % (method, url, e.kind, e.msg), **base)
    except ValueError as e:
        module.fail_json(msg='%s %s: %s' % (method, url, e), **base)

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
        error=None,
    )
    if p['return_content']:
        try:
            result['content'] = resp.body.decode(_charset(headers_out), 'replace')
        except LookupError:
            result['content'] = resp.body.decode('utf-8', 'replace')
    if resp.status not in p['status_code']:
        kind = classify_status(resp.status) or 'unexpected_status'
        result['error'] = kind
        why = ' (the AJP secret is missing or wrong, or the application denied access)' if kind == 'forbidden' else ''
        result['msg'] = 'Status code was %d and not %s: %s %s%s' % (resp.status, p['status_code'], method, url, why)
        module.fail_json(**result)
    result['msg'] = 'OK (%d) from %s in %.3f s' % (resp.status, url, resp.elapsed)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
