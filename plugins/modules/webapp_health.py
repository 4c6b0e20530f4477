#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: webapp_health
short_description: Wait until every webapp of a Tomcat instance has started and answers healthy, over AJP
version_added: 0.2.0
author:
  - webtier maintainers (@webtier)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
  - webtier.tomcat_cluster.attributes.info_module
  - webtier.tomcat_cluster.ajp
description:
  - The health gate of the drained roll. After an instance was restarted or upgraded, or a WAR deployed, and before
    it goes back into service, every webapp on it must pass; the task polls until they all do or O(deadline) passes.
  - It runs on the WAS host of the instance and talks AJP13 with the secret straight to the instance's connector,
    as M(webtier.tomcat_cluster.ajp_request) does.
  - Each webapp must pass two checks. B(Started), as Tomcat itself sees it - Tomcat's mapper holds only started
    contexts and, with C(mapperContextRootRedirectEnabled) (the default), answers C(GET /app) with a 302 redirect to
    C(/app/); a context that failed to start is not in the mapper, so C(/app) falls through to ROOT (usually a 404).
    ROOT has nothing to redirect; for it a 404 at the health URI counts as not started (a ROOT that failed leaves
    Tomcat without a context for C(/), 404 for every path). B(Healthy) - the health URI answers one of the
    O(webapps[].statuses), by default any status below 500 that is not 404. A servlet whose C(load-on-startup)
    failed does not stop its context, but Tomcat answers its URLs with 404, so point the health URI at it.
  - A refused connection or a timeout only means "not yet" until the deadline.
  - When the gate fails and O(log_dir) is given, the report names the first SEVERE line of the instance's last
    start that names the webapp (else the first SEVERE line of that start), from the catalina and localhost logs.
  - Pure Python standard library; needs Python 3.8 or later on the managed host.
options:
  secret:
    description:
      - The AJP secret of the connector. Never shown in results or messages, nor any place of a SEVERE line where
        it appears.
      - Leave unset only for a connector with C(secretRequired=false); without the right secret Tomcat answers 403
        to every request and the gate fails.
    type: str
  timeout:
    description:
      - Seconds allowed for each request (connect, send, the complete answer); it is also cut to the time left
        before O(deadline). Greater than 0 and at most 3600.
    type: float
    default: 10
  deadline:
    description:
      - Seconds to poll until every webapp passes; the task then fails naming each webapp that did not.
        Greater than 0 and at most 3600. The task ends by the deadline, whatever the peer does.
    type: float
    default: 120
  interval:
    description:
      - Seconds to wait between two rounds of checks. Greater than 0 and at most 3600.
    type: float
    default: 2
  retry_statuses:
    description:
      - The statuses that mean "not yet", as from an application warming up. The gate asks again until O(deadline).
      - Any other failure is final at once and the gate stops polling. Once the AJP connector answers, Tomcat has
        deployed its webapps (a Service starts its Engine, whose Host deploys them, before its Connectors), so a
        context that is not in the mapper will not start, and an unhealthy answer is the application's. No
        answer at all (connection refused, a timeout) is always "not yet".
    type: list
    elements: int
    default: [502, 503, 504]
  route:
    description:
      - The instance's C(jvmRoute). When given, an answer that sets a C(JSESSIONID) cookie must come from it (the
        cookie's suffix C(.<route>)); an answer without a session cookie is not held to it.
      - Letters, digits, C(_) and C(-).
    type: str
  webapps:
    description:
      - The webapps of the instance; each must pass. A webapp that passed is not checked again in later rounds.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - The context's directory (or WAR) name under C(webapps/), named by Tomcat's rules - C(ROOT) is the
            context path C(""), C(a#b) is C(/a/b), C(app##3) is C(/app) in version C(3), C(app.war) is C(app).
          - Control characters, C(\), an empty version after C(##), and empty, C(.) or C(..) parts of the path
            are refused. Two names of the same context are refused.
        type: str
        required: true
      uri:
        description:
          - The health URI, a path and optional query starting with C(/), as sent to Tomcat (percent-encoded).
          - Default the context root C(/<path>/) (C(/) for ROOT).
        type: str
      statuses:
        description:
          - The statuses that count as healthy, each from 100 to 999. Empty or unset - any status below 500 that is
            not 404.
        type: list
        elements: int
  log_dir:
    description:
      - The instance's C(<CATALINA_BASE>/logs). When given and the gate fails, RV(severe) and the message carry the
        first SEVERE line of the last start (see the notes); when the logs cannot be read the task warns.
    type: path
attributes:
  check_mode:
    details:
      - The module only reads (GET requests and the logs); it runs in check mode too.
notes:
  - >-
    The logs are read as the default C(conf/logging.properties) writes them (JULI C(OneLineFormatter), English
    messages) - the newest C(catalina.*.log) after its last C(Starting service [...]) or
    C(Starting Servlet engine: [...]) line, and the lines of the newest C(localhost.*.log) logged since then (the
    Host's loggers, where a failed C(load-on-startup) is reported, write only there). A line names a webapp when it holds C([/path]) (C([]) for ROOT,
    C([/app##3]) for a version) or the webapp's directory as a path component. At most the last 64 MiB of each file
    are read.
  - SEVERE lines are redacted before they are returned - the value of O(secret) wherever it appears and the values of
    C(secret=), C(password=), C(passwd=), C(requiredSecret=) (any key containing C(secret), C(password) or C(passwd),
    with C(=) or C(:), quoted or not) become C(********), control characters C(?) - and cut to 500 characters.
  - Limits of the started check - a directory of ROOT (or of a parent context) with the webapp's path is redirected
    by Tomcat's DefaultServlet as well; of parallel versions (C(app##2), C(app##3)) the redirect cannot tell which
    one started. A Host or Context with C(mapperContextRootRedirectEnabled=false) never redirects, so its contexts
    never pass.
seealso:
  - module: webtier.tomcat_cluster.ajp_request
  - module: webtier.tomcat_cluster.ajp_ping
  - name: Tomcat 9 context naming
    description: How the name of a context's directory or WAR gives its path and version.
    link: https://tomcat.apache.org/tomcat-9.0-doc/config/context.html#Naming
'''

EXAMPLES = r'''
- name: Every webapp of a-was started and healthy before it goes back into service
  webtier.tomcat_cluster.webapp_health:
    host: "{{ tomcat_private_address }}"
    port: 8009
    secret: "{{ tomcat_ajp_secret }}"
    route: a-was1
    log_dir: /usr/local/tomcat/a-was/logs
    deadline: 180
    webapps:
      - name: ROOT
        uri: /sessionTest.jsp
        statuses: [200]
      - name: shop
      - name: api#v2
        uri: /api/v2/health?deep=1
        statuses: [200, 204]
  register: gate

- name: Show how long the gate took
  ansible.builtin.debug:
    msg: "{{ gate.webapps | map(attribute='name') | join(', ') }} healthy after {{ gate.elapsed }} s"
'''

RETURN = r'''
webapps:
  description: One entry per webapp of O(webapps), in order, as last checked.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The name as given.
      type: str
      sample: shop
    context_path:
      description: The context path (C("") for ROOT).
      type: str
      sample: /shop
    uri:
      description: The health URI requested.
      type: str
      sample: /shop/
    status:
      description: The status of the health URI's answer, null without an answer.
      type: int
      sample: 200
    started:
      description: Whether Tomcat had started the context (its redirect of the context path; for ROOT, an answer
        other than 404).
      type: bool
      sample: true
    healthy:
      description: Whether the webapp passed both checks.
      type: bool
      sample: true
    problem:
      description: Why it did not pass, null when it did.
      type: str
      sample: "GET /shop/ answered 404 (healthy: below 500, not 404); context /shop not started (GET /shop answered 404, not the redirect to /shop/)"
    severe:
      description: The redacted first SEVERE line for this webapp, when it failed and O(log_dir) was given.
      type: str
      sample: null
elapsed:
  description: Seconds the gate took.
  returned: always
  type: float
  sample: 4.021
severe:
  description:
    - The redacted first SEVERE line of the first failing webapp (see the notes), when the gate failed and
      O(log_dir) was given; null otherwise.
  returned: always
  type: str
  sample: "07-Dec-2026 06:50:12.345 SEVERE [main] org.apache.catalina.core.StandardContext.startInternal Context [/shop] startup failed due to previous errors"
msg:
  description: Human-readable outcome; on failure one part per failing webapp.
  returned: always
  type: str
  sample: >-
    1 of 2 webapp(s) on 10.0.0.5:8009 failed the health gate within 120 s: webapp shop on 10.0.0.5:8009: GET /shop/
    answered 404 (healthy: below 500, not 404); context /shop not started (...); first SEVERE: ...
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._webapp_health import ARGUMENT_SPEC, check_options, run_gate


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    p = module.params
    base = dict(changed=False, webapps=[], elapsed=0.0, severe=None)
    try:
        options = check_options(**dict((k, p[k]) for k in ARGUMENT_SPEC))
    except ValueError as e:
        fail(module, e, msg='webapp_health: %s' % e, **base)

    result = run_gate(options)
    if result['warning']:
        module.warn(result['warning'])
    out = dict(changed=False, webapps=result['webapps'], elapsed=result['elapsed'], severe=result['severe'],
               msg=result['msg'])
    if not result['ok']:
        module.fail_json(**out)
    module.exit_json(**out)


if __name__ == '__main__':
    main()
