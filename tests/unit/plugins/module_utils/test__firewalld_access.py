# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_firewalld_access.py: option validation, rule rendering/parsing, planning (no firewalld needed)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._firewalld_access import (
    FirewalldAccessError,
    FirewalldCli,
    Rule,
    ZoneState,
    firewalld_error,
    manage,
    parse_list_all,
    parse_port,
    parse_rich_rule,
    parse_source,
    plan_changes,
    render_rich_rule,
    validate_params,
    validate_zone,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.firewalld_fake import FIREWALL_CMD, OFFLINE_CMD, FakeFirewalld, FakeZone

WEB1 = '192.0.2.10'
WEB2 = '192.0.2.11'
AJP = 'rule family="ipv4" source address="%s" port port="8009" protocol="tcp" accept'

# `firewall-cmd --zone=public --list-all` as printed by firewalld 1.3.3 (Debian 12) in the
# molecule containers, with one rich rule and two ports.
REAL_LIST_ALL = (
    'public (active)\n'
    '  target: default\n'
    '  icmp-block-inversion: no\n'
    '  interfaces: \n'
    '  sources: \n'
    '  services: dhcpv6-client ssh\n'
    '  ports: 80/tcp 4000-4100/udp\n'
    '  protocols: \n'
    '  forward: yes\n'
    '  masquerade: no\n'
    '  forward-ports: \n'
    '  source-ports: 5353/udp\n'
    '  icmp-blocks: \n'
    '  rich rules: \n'
    '\trule family="ipv4" source address="172.30.0.3" port port="8009" protocol="tcp" accept\n'
    '\trule family="ipv4" source address="172.30.0.0/24" log prefix="x" level="info" accept\n'
)


# --- validation -------------------------------------------------------------------------------

@pytest.mark.parametrize('text, port, proto', [
    ('8009/tcp', '8009', 'tcp'),
    ('45564/udp', '45564', 'udp'),
    ('4000-4100/tcp', '4000-4100', 'tcp'),
    ('8009-8009/tcp', '8009', 'tcp'),
    (' 80/TCP ', '80', 'tcp'),
    ('1/sctp', '1', 'sctp'),
    ('65535/dccp', '65535', 'dccp'),
])
def test_parse_port_valid(text, port, proto):
    spec = parse_port(text)
    assert (spec.port, spec.proto) == (port, proto)
    assert str(spec) == '%s/%s' % (port, proto)


@pytest.mark.parametrize('text, reason', [
    ('8009', 'PORT/PROTOCOL'),
    ('8009/icmp', 'protocol must be one of'),
    ('0/tcp', 'outside 1-65535'),
    ('70000/tcp', 'outside 1-65535'),
    ('4100-4000/tcp', 'above its end'),
    ('ajp/tcp', 'PORT/PROTOCOL'),
    ('8009/tcp;reboot', 'PORT/PROTOCOL'),
    ('', 'PORT/PROTOCOL'),
])
def test_parse_port_invalid(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_port(text)


# Full-match semantics: `^...$` would let a trailing newline through; every control character
# anywhere is refused instead of being stripped (only plain spaces around a value are forgiven).
CONTROL = ['\n', '\r', '\t', '\x00', '\x0b', '\x7f', '\x85', '\u2028']


@pytest.mark.parametrize('char', CONTROL)
@pytest.mark.parametrize('template', ['8009/tcp{0}', '{0}8009/tcp', '8009{0}/tcp', '8009/tcp{0}x', '4000-{0}4100/udp'])
def test_parse_port_refuses_control_characters(template, char):
    with pytest.raises(ValueError, match='control character'):
        parse_port(template.format(char))


@pytest.mark.parametrize('value', [True, False, 8009, 8009.0, 8009.9, None, ['8009/tcp'], {'port': 8009}, b'8009/tcp'])
def test_parse_port_refuses_non_strings(value):
    with pytest.raises(ValueError, match='must be a string'):
        parse_port(value)


@pytest.mark.parametrize('text, reason', [
    ('8009.9/tcp', 'PORT/PROTOCOL'),
    ('8009.0/tcp', 'PORT/PROTOCOL'),
    ('1e3/tcp', 'PORT/PROTOCOL'),
    ('True', 'PORT/PROTOCOL'),
    ('0x1F49/tcp', 'PORT/PROTOCOL'),
    ('+8009/tcp', 'PORT/PROTOCOL'),
    ('-8009/tcp', 'PORT/PROTOCOL'),
    ('8009 /tcp', 'PORT/PROTOCOL'),
    (u'\u0668\u0660\u0660\u0669/tcp', 'PORT/PROTOCOL'),  # Arabic-Indic digits: int() would take them
    ('8009/tcp/udp', 'PORT/PROTOCOL'),
    ('9' * 5000 + '/tcp', 'outside 1-65535'),
    ('00000000000000000000008009/tcp', None),
    ('65536/tcp', 'outside 1-65535'),
    ('1-65536/tcp', 'outside 1-65535'),
])
def test_parse_port_numbers_are_plain_decimal(text, reason):
    if reason is None:
        assert str(parse_port(text)) == '8009/tcp'  # leading zeros: the same number
        return
    with pytest.raises(ValueError, match=reason):
        parse_port(text)


@pytest.mark.parametrize('text, family, address', [
    ('192.0.2.10', 'ipv4', '192.0.2.10'),
    ('192.0.2.10/32', 'ipv4', '192.0.2.10'),
    ('192.0.2.0/24', 'ipv4', '192.0.2.0/24'),
    ('2001:DB8:0:0::1', 'ipv6', '2001:db8::1'),
    ('2001:db8::/64', 'ipv6', '2001:db8::/64'),
    ('::1/128', 'ipv6', '::1'),
])
def test_parse_source_valid(text, family, address):
    source = parse_source(text)
    assert (source.family, source.address) == (family, address)


@pytest.mark.parametrize('text, reason', [
    ('web-01.example.com', 'not an IPv4/IPv6'),
    ('192.0.2.300', 'not an IPv4/IPv6'),
    ('192.0.2.10/24', 'host bits set'),
    ('10.0.0.1/33', 'not an IPv4/IPv6'),
    ('', 'empty'),
    ('192.0.2.10" accept rule family="ipv4', 'not an IPv4/IPv6'),
])
def test_parse_source_invalid(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_source(text)


@pytest.mark.parametrize('char', CONTROL)
@pytest.mark.parametrize('template', ['192.0.2.10{0}', '{0}192.0.2.10', '192.0.2.0/24{0}', '2001:db8::1{0}'])
def test_parse_source_refuses_control_characters(template, char):
    with pytest.raises(ValueError, match='control character'):
        parse_source(template.format(char))


@pytest.mark.parametrize('value', [True, 3232235786, 1.5, None, ['192.0.2.10']])
def test_parse_source_refuses_non_strings(value):
    with pytest.raises(ValueError, match='must be a string'):
        parse_source(value)


@pytest.mark.parametrize('text, reason', [
    ('010.0.0.1', 'leading zeros'),
    ('10.0.0.01', 'leading zeros'),
    ('10.0.0.0/08', None),  # a prefix length with a leading zero is not ambiguous
    ('fe80::1%eth0', 'zone indexes'),
    ('::ffff:192.0.2.10', 'IPv4-mapped'),
    ('::ffff:192.0.2.0/120', 'IPv4-mapped'),
    ('3232235786', 'not an IPv4/IPv6'),
    ('True', 'not an IPv4/IPv6'),
])
def test_parse_source_refuses_ambiguous_spellings(text, reason):
    if reason is None:
        assert parse_source(text).address == '10.0.0.0/8'
        return
    with pytest.raises(ValueError, match=reason):
        parse_source(text)


@pytest.mark.parametrize('zone', ['public', 'internal', 'my_zone-2', 'a' * 17, 'work/sub'])
def test_validate_zone_valid(zone):
    assert validate_zone(zone) == zone


@pytest.mark.parametrize('zone, reason', [
    ('public\n', 'control character'),
    ('pub\tlic', 'control character'),
    ('a' * 18, 'longer than'),
    ('a.b', 'not a valid'),
    ('/public', 'not a valid'),
    ('public/', 'not a valid'),
    ('a/b/c', 'not a valid'),
    ('', 'not a valid'),
    ('bad zone', 'not a valid'),
    ('--zone=x', 'not a valid'),
    (True, 'must be a string'),
    (1, 'must be a string'),
])
def test_validate_zone_invalid(zone, reason):
    with pytest.raises(ValueError, match=reason):
        validate_zone(zone)


def test_validate_params_normalises_and_deduplicates():
    opts = validate_params({'ports': ['8009/tcp', '8009-8009/tcp', '45564/UDP'],
                            'sources': [WEB1, WEB1 + '/32', '2001:db8::1'], 'zone': 'internal'})
    assert [str(p) for p in opts['ports']] == ['8009/tcp', '45564/udp']
    assert [s.address for s in opts['sources']] == [WEB1, '2001:db8::1']
    assert opts['zone'] == 'internal'
    assert (opts['state'], opts['exclusive'], opts['permanent'], opts['immediate'], opts['offline']) == \
        ('present', False, True, True, 'auto')


def test_validate_params_reports_every_problem():
    with pytest.raises(FirewalldAccessError) as info:
        validate_params({'ports': ['8009', '80/tcp', '99999/udp'], 'sources': ['web-01', WEB1], 'zone': 'bad zone'})
    problems = info.value.details['problems']
    assert len(problems) == 4
    assert "ports: '8009'" in info.value.msg
    assert "99999/udp" in info.value.msg
    assert "sources: 'web-01'" in info.value.msg
    assert "zone: 'bad zone'" in info.value.msg


def test_validate_params_reports_control_characters_escaped():
    with pytest.raises(FirewalldAccessError) as info:
        validate_params({'ports': ['8009/tcp\n'], 'sources': ['192.0.2.10\n'], 'zone': 'public\n'})
    assert len(info.value.details['problems']) == 3
    assert "'8009/tcp\\n' contains a control character" in info.value.msg  # shown escaped, never raw
    assert '\n' not in info.value.msg


def test_validate_params_needs_ports_and_a_configuration():
    with pytest.raises(FirewalldAccessError, match='at least one'):
        validate_params({'ports': []})
    with pytest.raises(FirewalldAccessError, match='nothing to change'):
        validate_params({'ports': ['80/tcp'], 'permanent': False, 'immediate': False})


# --- rendering and parsing --------------------------------------------------------------------

def test_render_rich_rule_ipv4_ipv6_and_range():
    assert render_rich_rule(parse_port('8009/tcp'), parse_source(WEB1)) == AJP % WEB1
    assert render_rich_rule(parse_port('4000-4100/udp'), parse_source('2001:db8::/64')) == \
        'rule family="ipv6" source address="2001:db8::/64" port port="4000-4100" protocol="udp" accept'


def test_rendered_rules_parse_back_to_the_same_rule():
    for port in ('8009/tcp', '45564/udp', '4000-4100/sctp'):
        for source in (WEB1, '192.0.2.0/24', '2001:db8::1', 'fe80::/10'):
            rule = Rule(parse_port(port), parse_source(source))
            parsed = parse_rich_rule(rule.text)
            assert parsed == rule
            assert parsed.text == rule.text


def test_parse_rich_rule_matches_equivalent_spellings():
    listed = 'rule family="ipv6" source address="2001:DB8:0::1/128" port port="8009" protocol="tcp" accept'
    rule = parse_rich_rule(listed)
    assert rule == Rule(parse_port('8009/tcp'), parse_source('2001:db8::1'))
    assert rule.text == listed  # removal uses firewalld's own spelling


@pytest.mark.parametrize('line', [
    'rule priority="-10" family="ipv4" source address="192.0.2.10" port port="8009" protocol="tcp" accept',
    'rule family="ipv4" source NOT address="192.0.2.10" port port="8009" protocol="tcp" accept',
    'rule family="ipv4" source address="192.0.2.10" port port="8009" protocol="tcp" reject',
    'rule family="ipv4" source address="192.0.2.10" port port="8009" protocol="tcp" log prefix="ajp" accept',
    'rule family="ipv4" source ipset="web" port port="8009" protocol="tcp" accept',
    'rule family="ipv4" source address="192.0.2.10" service name="http" accept',
    'rule family="ipv4" destination address="192.0.2.1" port port="8009" protocol="tcp" accept',
    'rule family="ipv6" source address="192.0.2.10" port port="8009" protocol="tcp" accept',
    'rule family="ipv4" source address="192.0.2.10" port port="8009" protocol="tcp" accept limit value="1/m"',
    'rule family="ipv4" source address="192.0.2.10 port port="8009" protocol="tcp" accept',
    'rule protocol value="icmp" accept',
    '',
])
def test_parse_rich_rule_ignores_foreign_rules(line):
    assert parse_rich_rule(line) is None


def test_parse_list_all_real_output():
    parsed = parse_list_all(REAL_LIST_ALL)
    assert parsed['zone'] == 'public'
    assert [str(p) for p in parsed['ports']] == ['80/tcp', '4000-4100/udp']
    assert len(parsed['rich_rules']) == 2
    state = ZoneState(parsed['ports'], parsed['rich_rules'])
    assert [r.source.address for r in state.managed] == ['172.30.0.3']
    assert state.port_open(parse_port('4050/udp'))
    assert not state.port_open(parse_port('4050/tcp'))
    assert not state.port_open(parse_port('3999-4001/udp'))


def test_parse_list_all_empty_zone():
    parsed = parse_list_all(FakeZone().list_all('internal'))
    assert parsed == {'zone': 'internal', 'ports': [], 'rich_rules': []}


def test_fake_prints_like_firewalld():
    fake = FakeZone(['80/tcp', '4000-4100/udp'], [
        'rule family="ipv4" source address="172.30.0.3" port port="8009" protocol="tcp" accept',
        'rule family="ipv4" source address="172.30.0.0/24" log prefix="x" level="info" accept'])
    text = fake.list_all('public', ' (active)')
    assert parse_list_all(text) == parse_list_all(REAL_LIST_ALL.replace('5353/udp', ''))


def test_firewalld_error():
    assert firewalld_error('', 'Error: INVALID_ZONE: nosuch\n') == ('INVALID_ZONE', 'INVALID_ZONE: nosuch')
    assert firewalld_error('', 'Error: NOT_RUNNING\n') == ('NOT_RUNNING', 'NOT_RUNNING')
    assert firewalld_error('', 'something else') is None


# --- planning ---------------------------------------------------------------------------------

def _state(ports=(), sources_8009=()):
    return ZoneState([parse_port(p) for p in ports], [AJP % s for s in sources_8009])


def _plan(zone_state, ports, sources=(), **kwargs):
    return plan_changes(zone_state, [parse_port(p) for p in ports], [parse_source(s) for s in sources], **kwargs)


def test_plan_present_with_sources_adds_one_rule_per_source_and_port():
    plan = _plan(_state(), ['8009/tcp', '45564/udp'], [WEB1, '2001:db8::/64'])
    assert [r.display() for r in plan.add] == [
        AJP % WEB1,
        'rule family="ipv6" source address="2001:db8::/64" port port="8009" protocol="tcp" accept',
        'rule family="ipv4" source address="192.0.2.10" port port="45564" protocol="udp" accept',
        'rule family="ipv6" source address="2001:db8::/64" port port="45564" protocol="udp" accept',
    ]
    assert not plan.remove


def test_plan_is_empty_when_state_matches():
    assert not _plan(_state(sources_8009=[WEB1, WEB2]), ['8009/tcp'], [WEB2, WEB1]).changed
    assert not _plan(_state(sources_8009=[WEB1, WEB2]), ['8009/tcp'], [WEB1], exclusive=False).changed
    assert not _plan(_state(['80/tcp']), ['80/tcp']).changed
    assert not _plan(_state(['4000-4100/tcp']), ['4050/tcp']).changed


def test_plan_exclusive_removes_a_source_that_left():
    plan = _plan(_state(sources_8009=[WEB1, WEB2]), ['8009/tcp'], [WEB1], exclusive=True)
    assert not plan.add
    assert [r.display() for r in plan.remove] == [AJP % WEB2]


def test_plan_exclusive_closes_the_open_to_all_port():
    plan = _plan(_state(['8009/tcp']), ['8009/tcp'], [WEB1], exclusive=True)
    assert [r.display() for r in plan.add] == [AJP % WEB1]
    assert [r.display() for r in plan.remove] == ['port 8009/tcp']


def test_plan_warns_when_the_port_is_open_to_all_without_exclusive():
    plan = _plan(_state(['8009/tcp']), ['8009/tcp'], [WEB1])
    assert [r.display() for r in plan.remove] == []
    assert 'open to everyone' in plan.warnings[0]


def test_plan_open_to_all_and_exclusive_drops_source_rules():
    plan = _plan(_state(sources_8009=[WEB1]), ['8009/tcp'], exclusive=True)
    assert [r.display() for r in plan.add] == ['port 8009/tcp']
    assert [r.display() for r in plan.remove] == [AJP % WEB1]


def test_plan_exclusive_only_touches_the_given_ports():
    state = ZoneState([parse_port('80/tcp')], [AJP % WEB2, AJP.replace('8009', '8010') % WEB2])
    plan = _plan(state, ['8010/tcp'], [WEB1], exclusive=True)
    assert [r.display() for r in plan.remove] == [AJP.replace('8009', '8010') % WEB2]


def test_plan_absent_with_sources_removes_only_those():
    plan = _plan(_state(['8009/tcp'], [WEB1, WEB2]), ['8009/tcp'], [WEB2], state='absent')
    assert not plan.add
    assert [r.display() for r in plan.remove] == [AJP % WEB2]


def test_plan_absent_without_sources_closes_the_port():
    plan = _plan(_state(['8009/tcp'], [WEB1, WEB2]), ['8009/tcp'], state='absent')
    assert [r.display() for r in plan.remove] == ['port 8009/tcp', AJP % WEB1, AJP % WEB2]
    assert not _plan(_state(), ['8009/tcp'], state='absent').changed


def test_state_apply_and_view():
    state = _state(['8009/tcp', '80/tcp'], [WEB2])
    plan = _plan(state, ['8009/tcp'], [WEB1], exclusive=True)
    after = state.apply(plan)
    assert after.view([parse_port('8009/tcp')]) == [AJP % WEB1]
    assert state.view([parse_port('8009/tcp')]) == sorted(['port 8009/tcp', AJP % WEB2])
    assert [str(p) for p in after.ports] == ['80/tcp']


# --- manage() against the fake CLI ------------------------------------------------------------

def _cli(fake):
    return FirewalldCli(fake, firewall_cmd=FIREWALL_CMD, offline_cmd=OFFLINE_CMD)


def _changes(fake):
    return [c for c in fake.commands if any(a.startswith(('--add-', '--remove-')) for a in c)]


def test_manage_online_then_idempotent():
    fake = FakeFirewalld()
    params = {'ports': ['8009/tcp'], 'sources': [WEB1, WEB2]}
    result = manage(params, _cli(fake))
    assert result['changed'] and result['zone'] == 'public' and not result['offline']
    assert result['rules_added'] == [AJP % WEB1, AJP % WEB2]
    assert fake.permanent['public'].rich_rules == fake.runtime['public'].rich_rules == [AJP % WEB1, AJP % WEB2]
    assert len(_changes(fake)) == 2  # one batched call per configuration
    assert '+' not in result['diff']['before'] and AJP % WEB1 in result['diff']['after']

    fake.commands = []
    again = manage(params, _cli(fake))
    assert not again['changed'] and again['rules_added'] == [] and _changes(fake) == []
    assert again['diff']['before'] == again['diff']['after']


def test_manage_check_mode_changes_nothing():
    fake = FakeFirewalld()
    fake.permanent['public'].ports.append('8009/tcp')
    result = manage({'ports': ['8009/tcp'], 'sources': [WEB1], 'exclusive': True}, _cli(fake), check_mode=True)
    assert result['changed']
    assert result['rules_added'] == [AJP % WEB1] and result['rules_removed'] == ['port 8009/tcp']
    assert result['changes']['permanent']['removed'] == ['port 8009/tcp']
    assert result['changes']['runtime']['removed'] == []
    assert _changes(fake) == []
    assert fake.permanent['public'].ports == ['8009/tcp']


def test_manage_permanent_only_and_immediate_only():
    fake = FakeFirewalld()
    manage({'ports': ['80/tcp'], 'immediate': False}, _cli(fake))
    assert fake.permanent['public'].ports == ['80/tcp'] and fake.runtime['public'].ports == []
    manage({'ports': ['443/tcp'], 'permanent': False}, _cli(fake))
    assert fake.permanent['public'].ports == ['80/tcp'] and fake.runtime['public'].ports == ['443/tcp']


def test_manage_offline_writes_permanent_only():
    fake = FakeFirewalld(running=False)
    result = manage({'ports': ['8009/tcp'], 'sources': [WEB1], 'zone': 'internal'}, _cli(fake))
    assert result['offline'] and result['changed']
    assert list(result['changes']) == ['permanent']
    assert fake.permanent['internal'].rich_rules == [AJP % WEB1]
    assert all(c[0] == OFFLINE_CMD for c in fake.commands[1:])
    assert any('not running' in w for w in result['warnings'])
    fake.running = True
    fake.reload()
    assert not manage({'ports': ['8009/tcp'], 'sources': [WEB1], 'zone': 'internal'}, _cli(fake))['changed']


def test_manage_offline_never_and_runtime_only_fail_clearly():
    with pytest.raises(FirewalldAccessError, match='not running and offline=never'):
        manage({'ports': ['80/tcp'], 'offline': 'never'}, _cli(FakeFirewalld(running=False)))
    with pytest.raises(FirewalldAccessError, match='permanent=false'):
        manage({'ports': ['80/tcp'], 'permanent': False}, _cli(FakeFirewalld(running=False)))


def test_manage_unknown_zone():
    with pytest.raises(FirewalldAccessError, match='INVALID_ZONE: nosuch') as info:
        manage({'ports': ['80/tcp'], 'zone': 'nosuch'}, _cli(FakeFirewalld()))
    assert 'does not exist' in info.value.msg
    assert info.value.details['rc'] == 112


def test_manage_validates_before_touching_firewalld():
    fake = FakeFirewalld()
    with pytest.raises(FirewalldAccessError, match='Invalid options'):
        manage({'ports': ['8009/tcp', 'x/tcp'], 'sources': [WEB1]}, _cli(fake))
    assert fake.commands == []


def test_manage_without_firewalld_installed():
    with pytest.raises(FirewalldAccessError, match='install firewalld'):
        manage({'ports': ['80/tcp']}, FirewalldCli(FakeFirewalld(), None, None))


def test_manage_reports_partial_failures():
    fake = FakeFirewalld(broken_option='--add-rich-rule')
    with pytest.raises(FirewalldAccessError, match='did not apply every change') as info:
        manage({'ports': ['8009/tcp'], 'sources': [WEB1, WEB2]}, _cli(fake))
    assert 'INVALID_RULE' in info.value.msg


def test_manage_failure_after_the_permanent_change_says_so():
    fake = FakeFirewalld(runtime_error='COMMAND_FAILED: nft failed')
    with pytest.raises(FirewalldAccessError) as info:
        manage({'ports': ['8009/tcp'], 'sources': [WEB1]}, _cli(fake))
    assert 'COMMAND_FAILED' in info.value.msg
    assert 'the permanent configuration of zone public was already changed' in info.value.msg
    assert info.value.details['changed'] is True
    assert info.value.details['changes']['permanent']['added'] == [AJP % WEB1]
    assert fake.permanent['public'].rich_rules == [AJP % WEB1] and fake.runtime['public'].rich_rules == []


def test_manage_first_failure_claims_no_change():
    fake = FakeFirewalld(broken_option='--add-port')
    with pytest.raises(FirewalldAccessError) as info:
        manage({'ports': ['80/tcp']}, _cli(fake))
    assert 'changed' not in info.value.details and 'already changed' not in info.value.msg


def test_manage_absent_exclusive_flow():
    fake = FakeFirewalld()
    cli = _cli(fake)
    manage({'ports': ['8009/tcp'], 'sources': [WEB1, WEB2]}, cli)
    result = manage({'ports': ['8009/tcp'], 'sources': [WEB1], 'exclusive': True}, cli)
    assert result['rules_removed'] == [AJP % WEB2]
    assert fake.runtime['public'].rich_rules == [AJP % WEB1]
    result = manage({'ports': ['8009/tcp'], 'state': 'absent'}, cli)
    assert result['rules_removed'] == [AJP % WEB1]
    assert fake.runtime['public'].rich_rules == fake.permanent['public'].rich_rules == []


def test_manage_default_zone_comes_from_the_first_read():
    fake = FakeFirewalld(default_zone='internal')
    result = manage({'ports': ['80/tcp']}, _cli(fake))
    assert result['zone'] == 'internal'
    assert fake.permanent['internal'].ports == fake.runtime['internal'].ports == ['80/tcp']
    assert fake.commands[0] == [FIREWALL_CMD, '--permanent', '--list-all']
    fake.commands = []
    assert not manage({'ports': ['80/tcp']}, _cli(fake))['changed']
    # an unchanged run costs two firewall-cmd calls: permanent and runtime --list-all
    assert fake.commands == [[FIREWALL_CMD, '--permanent', '--list-all'], [FIREWALL_CMD, '--zone=internal', '--list-all']]


def test_manage_offline_refuses_to_split_a_range():
    fake = FakeFirewalld(running=False)
    fake.permanent['public'].ports.append('7000-7020/tcp')
    with pytest.raises(FirewalldAccessError, match=r'7009/tcp is only open as part of a larger range \(7000-7020/tcp\)'):
        manage({'ports': ['7009/tcp'], 'state': 'absent'}, _cli(fake))
    assert fake.permanent['public'].ports == ['7000-7020/tcp']
    # the exact entry is fine offline
    assert manage({'ports': ['7000-7020/tcp'], 'state': 'absent'}, _cli(fake))['changed']
    assert fake.permanent['public'].ports == []
