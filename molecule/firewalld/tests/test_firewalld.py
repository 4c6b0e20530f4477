# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""firewalld_access against a real firewalld 1.3 (molecule verify, testinfra).

converge.yml has applied, on firewalld-server: 8009/tcp only from firewalld-allowed (exclusive),
5000/tcp + 45564/udp among the peers (server, allowed, an IPv6 documentation address),
4000-4010/tcp only from allowed, 80/tcp to everyone. prepare.yml started HTTP listeners on the
server (80, 4005, 5000, 8009, 8011). The tests run in file order: the state checks first, then
the ones that call the module again (check mode, exclusive, absent, offline, errors); every one
of those restores the converged state, so `molecule verify` can be repeated.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import time

import pytest
from testinfra.modules.ansible import AnsibleException

MODULE = 'webtier.tomcat_cluster.firewalld_access'
SERVER, ALLOWED, OUTSIDER = 'firewalld-server', 'firewalld-allowed', 'firewalld-outsider'

# Every host of the scenario: the foundation checks (systemd PID 1, firewalld running) run on each.
testinfra_hosts = ['ansible://all']

CONNECT = (
    "python3 -c 'import socket,sys\n"
    "try:\n"
    "    s = socket.create_connection((\"{ip}\", {port}), timeout=5)\n"
    "    s.sendall(b\"GET / HTTP/1.0\\r\\n\\r\\n\")\n"
    "    print(s.recv(64).decode(errors=\"replace\").splitlines()[0])\n"
    "except OSError as e:\n"
    "    print(\"ERR\", e); sys.exit(1)'"
)


@pytest.fixture(scope='module')
def hosts(get):
    return dict((name, get(name)) for name in (SERVER, ALLOWED, OUTSIDER))


def _ip(host):
    return host.check_output("ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1").strip()


@pytest.fixture(scope='module')
def ips(hosts):
    return dict((name, _ip(host)) for name, host in hosts.items())


def connect(hosts, ips, client, port):
    """'ok' when ``client`` gets an HTTP answer from the server's ``port``, else the error text."""
    out = hosts[client].run(CONNECT.format(ip=ips[SERVER], port=port))
    if out.rc == 0 and out.stdout.startswith('HTTP/1.0'):
        return 'ok'
    return (out.stdout + out.stderr).strip()


def assert_allowed_only(hosts, ips, port):
    assert connect(hosts, ips, ALLOWED, port) == 'ok'
    refused = connect(hosts, ips, OUTSIDER, port)
    assert refused != 'ok'
    # the default zone rejects with icmp-host-prohibited
    assert 'No route to host' in refused or 'timed out' in refused, refused


def fw_access(server, check=False, **args):
    """Run the module on the server through ansible ad-hoc; return its result (failed or not).

    ansible's --tree output (what testinfra reads) carries no `failed` key, so a result without
    the module's always-returned `rules_added` is the failure.
    """
    try:
        result = server.ansible(MODULE, json.dumps(args), check=check)
    except AnsibleException as exc:
        result = exc.result
    result['failed'] = bool(result.get('failed')) or 'rules_added' not in result
    return result


def rich_rules(server, permanent):
    cmd = 'firewall-cmd %s--zone=public --list-rich-rules' % ('--permanent ' if permanent else '')
    return sorted(line for line in server.check_output(cmd).splitlines() if line.strip())


def ports(server, permanent):
    return sorted(server.check_output('firewall-cmd %s--zone=public --list-ports' % ('--permanent ' if permanent else '')).split())


def wait_running(server):
    for dummy in range(60):
        if server.run('firewall-cmd --state').rc == 0:
            return
        time.sleep(0.5)
    raise AssertionError('firewalld did not come back: %s' % server.run('systemctl status firewalld').stdout)


def rule(ip, port, proto='tcp', family='ipv4'):
    return 'rule family="%s" source address="%s" port port="%s" protocol="%s" accept' % (family, ip, port, proto)


# --- foundation checks ------------------------------------------------------------------------

def test_systemd_is_pid1(host):
    assert host.run('ps -p 1 -o comm=').stdout.strip() == 'systemd'
    state = host.run('systemctl is-system-running').stdout.strip()
    assert state in ('running', 'degraded'), state


def test_firewalld_running(host):
    assert host.service('firewalld').is_running
    assert host.run('firewall-cmd --state').stdout.strip() == 'running'
    # nftables backend, no iptables in the image (keeps Docker's embedded DNS alive)
    assert 'FirewallBackend=nftables' in host.file('/etc/firewalld/firewalld.conf').content_string
    assert not host.exists('iptables')


# --- the converged state ----------------------------------------------------------------------

def test_listeners_up(hosts):
    for port in (80, 4005, 5000, 8009, 8011):
        assert hosts[SERVER].socket('tcp://0.0.0.0:%d' % port).is_listening, port


def test_ajp_only_from_allowed(hosts, ips):
    assert_allowed_only(hosts, ips, 8009)


def test_range_only_from_allowed(hosts, ips):
    assert_allowed_only(hosts, ips, 4005)


def test_cluster_port_among_peers(hosts, ips):
    assert_allowed_only(hosts, ips, 5000)


def test_http_open_to_all(hosts, ips):
    assert connect(hosts, ips, ALLOWED, 80) == 'ok'
    assert connect(hosts, ips, OUTSIDER, 80) == 'ok'


def test_not_opened_port_is_closed(hosts, ips):
    assert connect(hosts, ips, ALLOWED, 8011) != 'ok'


def test_rules_rendered_as_rich_rules(hosts, ips):
    rules = rich_rules(hosts[SERVER], permanent=True)
    expected = [
        rule(ips[ALLOWED], 8009),
        rule(ips[ALLOWED], '4000-4010'),
        rule(ips[ALLOWED], 5000), rule(ips[SERVER], 5000), rule('2001:db8::10', 5000, family='ipv6'),
        rule(ips[ALLOWED], 45564, 'udp'), rule(ips[SERVER], 45564, 'udp'), rule('2001:db8::10', 45564, 'udp', 'ipv6'),
    ]
    assert sorted(expected) == rules
    assert ports(hosts[SERVER], permanent=True) == ['80/tcp']


def test_runtime_and_permanent_agree(hosts):
    server = hosts[SERVER]
    assert rich_rules(server, permanent=False) == rich_rules(server, permanent=True)
    assert ports(server, permanent=False) == ports(server, permanent=True)


def test_reload_keeps_the_rules(hosts, ips):
    before = rich_rules(hosts[SERVER], permanent=False)
    hosts[SERVER].check_output('firewall-cmd --reload')
    assert rich_rules(hosts[SERVER], permanent=False) == before
    assert_allowed_only(hosts, ips, 8009)


def test_restart_keeps_the_rules(hosts, ips):
    before = rich_rules(hosts[SERVER], permanent=False)
    hosts[SERVER].check_output('systemctl restart firewalld')
    wait_running(hosts[SERVER])
    assert rich_rules(hosts[SERVER], permanent=False) == before
    assert_allowed_only(hosts, ips, 8009)
    assert connect(hosts, ips, OUTSIDER, 80) == 'ok'


# --- calling the module again -----------------------------------------------------------------

def test_check_mode_reports_and_changes_nothing(hosts, ips):
    server = hosts[SERVER]
    before = rich_rules(server, permanent=True), rich_rules(server, permanent=False)
    result = fw_access(server, check=True, ports=['8009/tcp'], sources=[ips[OUTSIDER]], exclusive=True)
    assert result['changed'] is True
    assert result['rules_added'] == [rule(ips[OUTSIDER], 8009)]
    assert result['rules_removed'] == [rule(ips[ALLOWED], 8009)]
    assert result['changes']['permanent'] == result['changes']['runtime']
    assert (rich_rules(server, permanent=True), rich_rules(server, permanent=False)) == before
    assert_allowed_only(hosts, ips, 8009)


def test_exclusive_removes_a_source_that_left(hosts, ips):
    server = hosts[SERVER]
    # the outsider joins (e.g. a new web host) ...
    result = fw_access(server, ports=['8009/tcp'], sources=[ips[ALLOWED], ips[OUTSIDER]])
    assert result['changed'] and result['rules_added'] == [rule(ips[OUTSIDER], 8009)], result
    assert connect(hosts, ips, OUTSIDER, 8009) == 'ok'
    # ... and leaves the inventory again: exclusive drops its rule, runtime and permanent
    result = fw_access(server, ports=['8009/tcp'], sources=[ips[ALLOWED]], exclusive=True)
    assert result['changed'] and result['rules_removed'] == [rule(ips[OUTSIDER], 8009)], result
    assert result['changes']['permanent']['removed'] == result['changes']['runtime']['removed']
    assert rule(ips[OUTSIDER], 8009) not in rich_rules(server, permanent=True)
    assert rule(ips[OUTSIDER], 8009) not in rich_rules(server, permanent=False)
    assert_allowed_only(hosts, ips, 8009)


def test_offline_mode_then_absent(hosts, ips):
    """Daemon stopped: offline=never fails, auto writes the permanent config; start; then absent."""
    server = hosts[SERVER]
    server.check_output('systemctl stop firewalld')
    try:
        assert server.run('firewall-cmd --state').rc != 0
        refused = fw_access(server, ports=['8011/tcp'], sources=[ips[ALLOWED]], offline='never')
        assert refused['failed'] and 'firewalld is not running and offline=never' in refused['msg'], refused

        result = fw_access(server, ports=['8011/tcp'], sources=[ips[ALLOWED]])
        assert result['changed'] and result['offline'] is True, result
        assert list(result['changes']) == ['permanent']
        written = server.check_output('firewall-offline-cmd --zone=public --list-rich-rules')
        assert rule(ips[ALLOWED], 8011) in written
        again = fw_access(server, ports=['8011/tcp'], sources=[ips[ALLOWED]])
        assert again['changed'] is False and again['offline'] is True, again
    finally:
        server.check_output('systemctl start firewalld')
        wait_running(server)
    # the offline rule is live once firewalld runs
    assert rule(ips[ALLOWED], 8011) in rich_rules(server, permanent=False)
    assert_allowed_only(hosts, ips, 8011)

    # absent (no sources) closes the port in both configurations, and is idempotent
    result = fw_access(server, ports=['8011/tcp'], state='absent')
    assert result['changed'] and result['rules_removed'] == [rule(ips[ALLOWED], 8011)], result
    assert connect(hosts, ips, ALLOWED, 8011) != 'ok'
    assert not [r for r in rich_rules(server, True) + rich_rules(server, False) if '8011' in r]
    assert fw_access(server, ports=['8011/tcp'], state='absent')['changed'] is False


@pytest.mark.parametrize('args, message', [
    ({'ports': ['8009/tcpx'], 'sources': ['10.0.0.5/24', 'web-01.example']},
     "Invalid options: ports: '8009/tcpx': protocol must be one of tcp, udp, sctp, dccp; "
     "sources: '10.0.0.5/24' has host bits set"),
    ({'ports': ['8009/tcp'], 'zone': 'nosuchzone'}, 'INVALID_ZONE: nosuchzone'),
])
def test_errors_are_clear(hosts, args, message):
    server = hosts[SERVER]
    before = rich_rules(server, permanent=True)
    result = fw_access(server, **args)
    assert result.get('failed') and message in result['msg'], result
    assert 'Traceback' not in json.dumps(result)
    assert rich_rules(server, permanent=True) == before
