#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
---
module: jkstatus_member
short_description: Set a mod_jk load balancer member active, disabled or stopped, and drain it
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Changes the activation of load balancer members through mod_jk's status worker (C(cmd=update&vwa=a|d|s)),
    addressed by balancer and member name, by route (the Tomcat C(jvmRoute)), by WAS host, or by a combination.
  - Sends an update only for members whose activation differs, then reads the status back and fails unless the
    new activation is in place. Optionally waits until the members have no request in flight (C(busy) = 0).
  - Returns each member's activation, state, busy, sessions and errors before and after.
  - "B(The change lives in the shared memory of one httpd only:) apply it on every web host (run the task on each),
    and expect an httpd restart or graceful reload (for example a configuration change by role
    C(webtier.tomcat_cluster.httpd_modjk)) to reset every member to the activation in C(workers.properties)."
extends_documentation_fragment:
  - webtier.tomcat_cluster.jkstatus
options:
  activation:
    description:
      - V(active) (C(ACT)) receives new and sticky requests.
      - V(disabled) (C(DIS)) receives no new sessions but still the requests of sessions that stick to it
        (use it to drain an instance gently).
      - V(stopped) (C(STP)) receives no requests at all; sessions sticky to it fail over to the other members.
    type: str
    required: true
    choices: [active, disabled, stopped]
  balancer:
    description:
      - The load balancer worker, for example C(a-loadbalancer).
      - When not given, members of every load balancer are considered.
    type: str
  member:
    description:
      - The member's worker name (in the collection's lab equal to its route, for example C(a-was1)).
      - At least one of O(member), O(route) and O(was_host) is required; a member must match all that are given.
    type: str
  route:
    description:
      - The member's route, that is the C(jvmRoute) of its Tomcat instance.
    type: str
  was_host:
    description:
      - The WAS host the member points at, compared with the member's configured host and with the address
        mod_jk resolved it to; when neither matches literally, O(was_host) is resolved and its addresses compared.
      - Alone it selects every member on that host (every instance), in every balancer unless O(balancer) is given.
    type: str
  drain:
    description:
      - After setting the activation, wait until no selected member has a request in flight (C(busy) = 0 on this
        httpd), polling every O(drain_interval) seconds for at most O(drain_timeout) seconds.
      - Only with O(activation=disabled) or O(activation=stopped). A disabled member keeps receiving the
        requests of its sticky sessions, so C(busy) = 0 there is a moment without requests, not the end of
        traffic; a stopped member receives no new requests, so C(busy) only goes down.
      - Not done in check mode.
    type: bool
    default: false
  drain_timeout:
    description:
      - Seconds to wait for O(drain) (0 to 86400).
    type: float
    default: 300
  drain_interval:
    description:
      - Seconds between two reads of C(busy) while draining (0.05 to 60).
    type: float
    default: 1
  require_others_ok:
    description:
      - With O(activation=disabled) or O(activation=stopped), first check that every balancer of the selected
        members keeps at least one other member that is C(ACT) with state C(OK), C(OK/IDLE) or C(OK/BUSY), and
        fail naming the members that are not, changing nothing. Also checked in check mode (a preflight).
    type: bool
    default: false
  recover_others:
    description:
      - "With O(require_others_ok=true), before refusing, deal with the other members of the balancer that are C(ACT)
        but in an error state (C(ERR), C(ERR/REC), C(ERR/PRB), C(ERR/FRC)): mod_jk keeps a member that failed once in
        C(ERR) until a request probes it, also after its Tomcat is healthy again (a restart after a kill -9)."
      - "Each such member is checked from this web host, at the host and port the status worker shows for it - a
        CPing answered by a CPong, then C(GET /webtier-recover-check) over AJP with O(secret) answered with any HTTP
        status but 403 (the AJP connector and the engine process requests; the path is no webapp's, so Tomcat answers
        404, runs no application code and leaves no session behind). When both pass, a member in C(ERR) gets the status worker's
        C(cmd=recover) (mod_jk marks it C(ERR/REC): the next request may go to it) and the status is read again; a
        member already C(ERR/REC) or C(ERR/FRC) needs no command (mod_jk takes requests to it already and refuses
        C(recover) for it); a member being probed (C(ERR/PRB)) is read again until it leaves that state. A member
        that ends C(ERR/REC), C(ERR/FRC) or C(OK) counts as OK for O(require_others_ok)."
      - "A member whose checks fail stays a refusal (RV(error=others_not_ok)), named with what failed, for example
        C(a-loadbalancer/a-was2 is ACT and ERR on this web host; CPong to 172.20.0.3:8009 failed: connection refused ...:
        not recovered). Another member that is not C(ACT), or a balancer without another member, is refused before
        anything is checked or recovered."
      - B(Also done in check mode), see the notes. RV(recovered) lists what was recovered.
    type: bool
    default: false
    version_added: 0.2.0
  secret:
    description:
      - The AJP secret of the members (the C(secret) of their Tomcat AJP connectors), sent with the AJP C(GET) of
        O(recover_others). Without it, a connector that requires a secret answers 403 and the member is not recovered.
    type: str
    version_added: 0.2.0
  recover_timeout:
    description:
      - "With O(recover_others), the seconds each member may take (greater than 0, at most 300): its CPong and its
        AJP C(GET) together, and the wait for mod_jk to show it out of C(ERR/PRB)."
    type: float
    default: 10
    version_added: 0.2.0
  disable_first:
    description:
      - With O(activation=stopped) and O(drain=true), first set C(DIS) and wait up to this many seconds for no request
        in flight (a grace for the requests that belong to no session; the sticky ones still reach the member), then
        set C(STP) and drain as O(drain) says. One call instead of two, as a drained restart does it.
      - A grace that runs out with requests in flight goes on to C(STP), or fails with O(fail_on_drain_timeout=true)
        (the members stay C(DIS), and the result says changed).
      - Not done in check mode.
    type: float
    version_added: 0.2.0
  wait_ok:
    description:
      - With O(activation=active), after setting it wait until every selected member's state is C(OK), C(OK/IDLE) or
        C(OK/BUSY) on this httpd, polling every O(drain_interval) seconds for at most O(drain_timeout) seconds, and
        fail naming the members that are not (the activation change stays in place and the result says changed).
      - Not done in check mode.
    type: bool
    default: false
    version_added: 0.2.0
  fail_on_drain_timeout:
    description:
      - What happens when O(drain_timeout) runs out with requests still in flight.
      - V(true) fails the task, naming the busy members (the activation change stays in place).
      - V(false) succeeds with RV(drained=false) and a warning.
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    details:
      - Reads the status and reports what would change; sends no update and does not drain. Check mode cannot
        tell that a status worker is read-only (only an update reveals it).
      - With O(recover_others=true), the recover of a healthy member B(is) sent in check mode (see the notes).
  diff_mode:
    support: full
    details: "One line C(balancer/member: ACTIVATION) per selected member."
notes:
  - A read-only status worker (C(worker.<name>.read_only=true)) refuses every update; the module fails saying so.
  - A failure after an update was applied (for example the read-back gets an HTML page, times out, or a later
    update of another member is refused) reports C(changed=true), and RV(msg) says which members were set to
    which activation, because they were.
  - "O(recover_others=true) sends C(cmd=recover) in check mode too, by design: the roll's preflight runs this module
    in check mode, and a refusal because mod_jk still marks a healthy member C(ERR) is what it is meant to fix.
    A recover changes no configuration and nothing a graceful reload would not reset; it is what mod_jk's own
    maintenance does to a member in C(ERR) once its C(recover_time) has passed and a request arrives, and the module
    only sends it for a member it has just checked over AJP. The activation of the selected members is still only
    predicted. Leave O(recover_others) false for a check mode that sends nothing."
  - "C(changed) counts a recover only outside check mode: in check mode C(changed) stays the prediction of the
    activation change (a real run afterwards has nothing left to recover), and RV(recovered) and RV(msg) say what was
    recovered. A refusal or failure after a recover reports RV(recovered) too."
  - The recover applies to this httpd only, like every change of this module; the preflight runs on every web host.
seealso:
  - module: webtier.tomcat_cluster.jkstatus_info
  - module: community.general.haproxy
'''

EXAMPLES = r'''
- name: Stop sending new sessions to a-was1 and wait until its requests are done
  webtier.tomcat_cluster.jkstatus_member:
    balancer: a-loadbalancer
    member: a-was1
    activation: disabled
    drain: true
    drain_timeout: 120

- name: Take every instance of was-01 out of every balancer (on every web host)
  webtier.tomcat_cluster.jkstatus_member:
    was_host: "{{ hostvars['was-01']['tomcat_private_address'] }}"
    activation: stopped
    drain: true
  when: inventory_hostname in groups['web']

- name: Put the instance with jvmRoute b-was2 back into service
  webtier.tomcat_cluster.jkstatus_member:
    route: b-was2
    activation: active
  register: back

- name: Preflight of a roll - every other member OK; recover those mod_jk still marks ERR after a restart
  webtier.tomcat_cluster.jkstatus_member:
    balancer: a-loadbalancer
    member: a-was1
    activation: stopped
    require_others_ok: true
    recover_others: true
    secret: "{{ tomcat_ajp_secret }}"
  check_mode: true     # predicts the activation; the recover of a healthy member is sent anyway (see the notes)
  when: inventory_hostname in groups['web']

- name: Its state must be OK again
  ansible.builtin.assert:
    that: back.members | map(attribute='after.state') | select('match', '^OK') | list | length == back.members | length
'''

RETURN = r'''
msg:
  description: What was done (or would be done in check mode).
  returned: always
  type: str
  sample: "set DIS: a-loadbalancer/a-was1 (was ACT); drained (busy 0) after 2.0 s"
activation:
  description: The activation the members were set to, as mod_jk prints it.
  returned: always
  type: str
  sample: DIS
members:
  description: The selected members, in the order of the status worker.
  returned: always
  type: list
  elements: dict
  contains:
    balancer:
      description: The lb worker.
      type: str
      sample: a-loadbalancer
    name:
      description: The member's worker name.
      type: str
      sample: a-was1
    route:
      description: The member's route.
      type: str
      sample: a-was1
    host:
      description: The member's AJP host.
      type: str
      sample: 172.16.2.1
    port:
      description: The member's AJP port.
      type: int
      sample: 8009
    changed:
      description: Whether this member's activation was (or would be) changed.
      type: bool
      sample: true
    before:
      description: C(activation), C(state), C(busy), C(sessions) and C(errors) before the change.
      type: dict
      sample: {"activation": "ACT", "state": "OK", "busy": 3, "sessions": 120, "errors": 0}
    after:
      description:
        - The same keys after the change (and after draining when O(drain=true)), read back from the status worker.
        - In check mode the predicted values (the new activation, everything else as before).
      type: dict
      sample: {"activation": "DIS", "state": "OK", "busy": 0, "sessions": 120, "errors": 0}
drained:
  description: With O(drain=true) outside check mode, whether every selected member reached C(busy) = 0 in time; otherwise null.
  returned: always
  type: bool
  sample: true
drain_seconds:
  description: Seconds spent waiting for the drain.
  returned: always
  type: float
  sample: 2.013
disabled_seconds:
  description: With O(disable_first), the seconds the members were C(DIS) before they went C(STP); otherwise null.
  returned: always
  type: float
  sample: 10.0
  version_added: 0.2.0
recovered:
  description:
    - With O(recover_others), the other members that were in an error state, passed the AJP checks and now count as
      OK (also in check mode, and on failure when some were recovered before it); otherwise an empty list.
  returned: always
  type: list
  elements: dict
  version_added: 0.2.0
  contains:
    balancer:
      description: The lb worker.
      type: str
      sample: a-loadbalancer
    member:
      description: The member's worker name.
      type: str
      sample: a-was2
    host:
      description: The member's AJP host, as the status worker shows it (where the checks went).
      type: str
      sample: 172.20.0.3
    port:
      description: The member's AJP port.
      type: int
      sample: 8009
    state_before:
      description: Its state before.
      type: str
      sample: ERR
    state_after:
      description: Its state after (C(ERR/REC) means mod_jk sends it the next request).
      type: str
      sample: ERR/REC
    recover_sent:
      description: Whether C(cmd=recover) was sent (only for C(ERR); mod_jk refuses it for the other states).
      type: bool
      sample: true
jk_version:
  description: mod_jk's version as the status worker reports it.
  returned: always
  type: str
  sample: mod_jk/1.2.48
url:
  description: The status worker that was used.
  returned: always
  type: str
  sample: http://127.0.0.1:8090/jkstatus
error:
  description:
    - On failure, the error class (for example C(unreachable), C(read_only), C(unknown_member), C(drain_timeout),
      C(others_not_ok), C(not_ok)).
  returned: failure
  type: str
  sample: read_only
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._jkstatus import (
    JkStatusClient,
    JkStatusError,
    connection_argument_spec,
    url_secrets,
    set_activation,
)


def main():
    spec = connection_argument_spec()
    spec.update(
        activation=dict(type='str', required=True, choices=['active', 'disabled', 'stopped']),
        balancer=dict(type='str'),
        member=dict(type='str'),
        route=dict(type='str'),
        was_host=dict(type='str'),
        drain=dict(type='bool', default=False),
        drain_timeout=dict(type='float', default=300),
        drain_interval=dict(type='float', default=1),
        fail_on_drain_timeout=dict(type='bool', default=True),
        require_others_ok=dict(type='bool', default=False),
        wait_ok=dict(type='bool', default=False),
        disable_first=dict(type='float'),
        recover_others=dict(type='bool', default=False),
        secret=dict(type='str', no_log=True),
        recover_timeout=dict(type='float', default=10),
    )
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_one_of=[('member', 'route', 'was_host')])
    module.no_log_values.update(url_secrets(module.params['url']))
    p = module.params
    try:
        client = JkStatusClient.from_params(p)
        result = set_activation(
            client, p['activation'], balancer=p['balancer'], member=p['member'], route=p['route'],
            was_host=p['was_host'], check_mode=module.check_mode, drain=p['drain'],
            drain_timeout=p['drain_timeout'], drain_interval=p['drain_interval'],
            fail_on_drain_timeout=p['fail_on_drain_timeout'], require_others_ok=p['require_others_ok'],
            wait_ok=p['wait_ok'], disable_first=p['disable_first'], recover_others=p['recover_others'],
            secret=p['secret'], recover_timeout=p['recover_timeout'])
    except JkStatusError as e:
        # after an applied update, result carries changed=True (the message says what was applied)
        partial = dict(e.details.get('result') or {})
        partial.pop('diff', None)
        partial.pop('msg', None)
        partial['changed'] = bool(partial.get('changed'))
        fail(module, e, **partial)
    if not module._diff:
        result.pop('diff')
    for warning in result.pop('warnings'):
        module.warn(warning)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
