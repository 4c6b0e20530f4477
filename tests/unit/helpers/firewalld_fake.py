# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A tiny stand-in for firewall-cmd / firewall-offline-cmd, for unit tests only (no tests here).

Imported as ``ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.firewalld_fake``.

firewalld cannot run on the controller (it needs its own network namespace, D-Bus and root), so
the planning code is exercised here against this fake; the real daemon is exercised by the
molecule scenario ``molecule/firewalld``. The fake prints ``--list-all`` the way firewalld 1.3
does and accepts the add/remove options the module uses.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

FIREWALL_CMD = '/usr/bin/firewall-cmd'
OFFLINE_CMD = '/usr/bin/firewall-offline-cmd'


class FakeZone(object):
    def __init__(self, ports=None, rich_rules=None):
        self.ports = list(ports or [])
        self.rich_rules = list(rich_rules or [])

    def copy(self):
        return FakeZone(self.ports, self.rich_rules)

    def list_all(self, name, annotation=''):
        lines = [
            name + annotation,
            '  target: default',
            '  icmp-block-inversion: no',
            '  interfaces: ',
            '  sources: ',
            '  services: dhcpv6-client ssh',
            '  ports: ' + ' '.join(self.ports),
            '  protocols: ',
            '  forward: yes',
            '  masquerade: no',
            '  forward-ports: ',
            '  source-ports: ',
            '  icmp-blocks: ',
            '  rich rules: ',
        ]
        lines += ['\t' + rule for rule in self.rich_rules]
        return '\n'.join(lines) + '\n'


class FakeFirewalld(object):
    """Holds a permanent and a runtime configuration of some zones; records every command."""

    def __init__(self, running=True, zones=('public', 'internal'), default_zone='public', broken_option=None,
                 runtime_error=None):
        self.running = running
        self.default_zone = default_zone
        self.permanent = dict((z, FakeZone()) for z in zones)
        self.runtime = dict((z, FakeZone()) for z in zones)
        self.commands = []
        # broken_option: that option is refused with a warning (rc 0), as firewall-cmd does for
        # one bad item among several; runtime_error: every runtime change fails with rc 13 and
        # this text (the permanent configuration still changes)
        self.broken_option = broken_option
        self.runtime_error = runtime_error

    def reload(self):
        self.runtime = dict((name, zone.copy()) for name, zone in self.permanent.items())

    def __call__(self, argv, environ_update=None, **kwargs):
        self.commands.append(list(argv))
        binary, args = argv[0], list(argv[1:])
        if binary == FIREWALL_CMD and args == ['--state']:
            return (0, 'running\n', '') if self.running else (252, '', 'not running\n')
        if binary == FIREWALL_CMD and not self.running:
            return 252, '', 'FirewallD is not running\n'
        if binary == OFFLINE_CMD or '--permanent' in args:
            config = self.permanent
        else:
            config = self.runtime
        args = [a for a in args if a != '--permanent']
        if args == ['--get-default-zone']:
            return 0, self.default_zone + '\n', ''
        zone_name = self.default_zone
        rest = []
        for arg in args:
            if arg.startswith('--zone='):
                zone_name = arg.split('=', 1)[1]
            else:
                rest.append(arg)
        if zone_name not in config:
            return 112, '', 'Error: INVALID_ZONE: %s\n' % zone_name
        zone = config[zone_name]
        if rest == ['--list-all']:
            return 0, zone.list_all(zone_name, ' (active)' if config is self.runtime else ''), ''
        if self.runtime_error and config is self.runtime:
            return 13, '', 'Error: %s\n' % self.runtime_error
        warnings = []
        for arg in rest:
            option, value = arg.split('=', 1)
            if option == self.broken_option:
                warnings.append('Warning: INVALID_RULE: %s' % value)
                continue
            action, dummy, kind = option[2:].partition('-')
            items = {'port': zone.ports, 'rich-rule': zone.rich_rules}.get(kind)
            if items is None or action not in ('add', 'remove'):
                return 2, '', 'usage: unknown option %s\n' % option
            if action == 'add' and value in items:
                warnings.append('Warning: ALREADY_ENABLED: %s' % value)
            elif action == 'add':
                items.append(value)
            elif value in items:
                items.remove(value)
            else:
                warnings.append('Warning: NOT_ENABLED: %s' % value)
        return 0, 'success\n', '\n'.join(warnings)
