#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: firewalld_access
short_description: Open ports in a firewalld zone to a declared list of sources
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Declares, in one task, which ports a firewalld zone opens and to whom, and keeps that true
    as the inventory changes (O(exclusive)).
  - With O(sources), each (source, port) pair becomes one firewalld rich rule
    C(rule family="ipv4" source address="10.0.0.5" port port="8009" protocol="tcp" accept).
    Rich rules were chosen over a dedicated zone bound to the sources because a source address
    can belong to only one zone; a host that is both a web and a WAS peer, or a source already
    bound to another zone, would make per-purpose zones collide, and zone bindings change what
    every other port and service of that host accepts. Rich rules only add the accept for the
    given port, live in the zone the administrator already uses, and are what
    C(firewall-cmd --list-rich-rules) shows.
  - Without O(sources), the port is opened to everyone as a plain zone port (C(--add-port)).
  - Only rich rules of exactly the shape above are managed. Rules with a priority, a log, a
    limit, a destination, an inverted source, an ipset or another action are left alone.
  - Works through firewalld's own CLI tools, C(firewall-cmd) while the daemon runs and
    C(firewall-offline-cmd) when it does not (O(offline)). They are used rather than the Python
    bindings so that the module runs under any interpreter Ansible picks on the host.
  - Ports are compared with firewalld's range semantics, so a port inside an open range such as
    C(4000-4100/tcp) counts as open to everyone.
options:
  zone:
    description:
      - The firewalld zone to change. Defaults to the default zone (C(firewall-cmd --get-default-zone)).
      - The zone must exist in every configuration that is changed.
      - Checked by firewalld's rules before firewalld is called - ASCII letters, digits, C(_) and
        C(-), at most one inner C(/), and at most 17 characters before it.
    type: str
  ports:
    description:
      - Ports as C(PORT/PROTOCOL) or C(LOW-HIGH/PROTOCOL), protocol one of C(tcp), C(udp),
        C(sctp), C(dccp), for example C(8009/tcp), C(45564/udp), C(4000-4100/tcp).
      - All of them are validated before firewalld is touched. Spaces around a value are
        ignored; a newline or other control character anywhere in it is refused, and so is
        anything else that is not exactly C(PORT/PROTOCOL), such as C(8009.5/tcp), a bare
        number or a boolean.
    type: list
    elements: str
    required: true
  sources:
    description:
      - IPv4 or IPv6 addresses or networks (C(10.0.0.5), C(10.0.0.0/24), C(2001:db8::/64)) that
        may connect to O(ports).
      - An empty list means open to everyone (with O(state=present)), or close the ports
        completely (with O(state=absent)). A list computed from an inventory group that
        happens to be empty therefore opens the ports to everyone; guard such calls (for
        example with C(when) or an assert) where that must not happen, such as AJP.
      - A network with host bits set (C(10.0.0.5/24)) is refused as a probable typo, and so
        are IPv4 addresses with leading zeros (C(010.0.0.5)), IPv6 zone indexes
        (C(fe80::1%eth0)), IPv4-mapped IPv6 addresses (C(::ffff:192.0.2.10), which never
        match IPv4 traffic) and values with control characters.
    type: list
    elements: str
    default: []
  state:
    description:
      - V(present) opens O(ports) to O(sources); V(absent) removes the rules of O(sources) for
        O(ports), or with no O(sources) closes O(ports) (zone port and every managed rich rule).
    type: str
    choices: [present, absent]
    default: present
  exclusive:
    description:
      - With O(state=present), also remove the managed rich rules of O(ports) whose source is
        not in O(sources) (for example a web host that left the inventory) and, when O(sources)
        is not empty, the open-to-everyone zone port of O(ports).
      - With empty O(sources), it removes the now redundant per-source rules of O(ports).
      - Other ports and rules are never touched.
    type: bool
    default: false
  permanent:
    description:
      - Change the permanent configuration (survives C(firewall-cmd --reload) and restarts).
    type: bool
    default: true
  immediate:
    description:
      - Change the runtime configuration of the running daemon.
      - Ignored, with a warning when something changes, while firewalld is not running and
        O(offline=auto).
    type: bool
    default: true
  offline:
    description:
      - What to do when firewalld is not running.
      - V(auto) changes the permanent configuration with C(firewall-offline-cmd); the rules take
        effect when firewalld starts. Needs O(permanent=true).
      - V(never) fails with a clear message.
    type: str
    choices: [auto, never]
    default: auto
requirements:
  - firewalld (C(firewall-cmd), and C(firewall-offline-cmd) for offline use) on the managed host.
notes:
  - Check mode is supported and reports what would change; diff mode shows the rules of O(ports)
    before and after, per configuration.
  - Ranges are matched as written; overlapping ranges from other sources are not merged.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
seealso:
  - module: ansible.posix.firewalld
'''

EXAMPLES = r'''
- name: AJP only from the web tier (the rules of web hosts that left are removed)
  webtier.tomcat_cluster.firewalld_access:
    ports:
      - 8009/tcp
    sources: "{{ groups['web'] | map('extract', hostvars, 'tomcat_private_address') | list }}"
    exclusive: true

- name: Session replication and membership only among the WAS peers
  webtier.tomcat_cluster.firewalld_access:
    zone: public
    ports:
      - 5000/tcp
      - 45564/udp
    sources: "{{ groups['was'] | map('extract', hostvars, 'tomcat_private_address') | list }}"
    exclusive: true

- name: HTTP to everyone on the web tier
  webtier.tomcat_cluster.firewalld_access:
    ports:
      - 80/tcp
      - 443/tcp

- name: Close a port range completely (zone port and every per-source rule)
  webtier.tomcat_cluster.firewalld_access:
    ports:
      - 4000-4100/tcp
    state: absent

- name: Prepare the permanent configuration of an image while firewalld is stopped
  webtier.tomcat_cluster.firewalld_access:
    ports:
      - 8009/tcp
    sources:
      - 192.0.2.10
      - 2001:db8::/64
    offline: auto
'''

RETURN = r'''
zone:
  description: The zone that was examined (the default zone when O(zone) was not given).
  returned: always
  type: str
  sample: public
offline:
  description: True when firewalld was not running and firewall-offline-cmd changed the permanent configuration only.
  returned: always
  type: bool
  sample: false
ports:
  description: The requested ports, normalised.
  returned: always
  type: list
  elements: str
  sample: ["8009/tcp", "4000-4100/udp"]
sources:
  description: The requested sources, normalised (host addresses without prefix, IPv6 compressed).
  returned: always
  type: list
  elements: str
  sample: ["192.0.2.10", "2001:db8::/64"]
rules_added:
  description:
    - Rules added (or that would be added in check mode) in any configuration, rich rules as
      firewalld lists them, zone ports as C(port PORT/PROTO).
  returned: always
  type: list
  elements: str
  sample: ['rule family="ipv4" source address="192.0.2.10" port port="8009" protocol="tcp" accept']
rules_removed:
  description: Rules removed (or that would be removed in check mode) in any configuration, same format as RV(rules_added).
  returned: always
  type: list
  elements: str
  sample: ["port 8009/tcp"]
changes:
  description: Rules added and removed per configuration (C(permanent), C(runtime)).
  returned: always
  type: dict
  sample:
    permanent:
      added: ['rule family="ipv4" source address="192.0.2.10" port port="8009" protocol="tcp" accept']
      removed: ["port 8009/tcp"]
    runtime:
      added: []
      removed: []
'''

import traceback

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._firewalld_access import (
    FirewalldAccessError,
    FirewalldCli,
    manage,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            zone=dict(type='str'),
            ports=dict(type='list', elements='str', required=True),
            sources=dict(type='list', elements='str', default=[]),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            exclusive=dict(type='bool', default=False),
            permanent=dict(type='bool', default=True),
            immediate=dict(type='bool', default=True),
            offline=dict(type='str', choices=['auto', 'never'], default='auto'),
        ),
        supports_check_mode=True,
    )
    cli = FirewalldCli(
        module.run_command,
        firewall_cmd=module.get_bin_path('firewall-cmd'),
        offline_cmd=module.get_bin_path('firewall-offline-cmd'),
    )
    try:
        result = manage(module.params, cli, check_mode=module.check_mode)
    except FirewalldAccessError as exc:
        fail(module, exc, **exc.details)
    except Exception as exc:  # pylint: disable=broad-except
        # a bug, not bad input: one line for the user, the traceback only at -vvv
        module.fail_json(msg='firewalld_access: unexpected %s: %s' % (type(exc).__name__, exc),
                         exception=traceback.format_exc())
    for warning in result.pop('warnings'):
        module.warn(warning)
    diff = result.pop('diff')
    if module._diff:
        result['diff'] = diff
    module.exit_json(**result)


if __name__ == '__main__':
    main()
