# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_tomcat_cluster_spec: defaults from the option spec, validation, placement in a real server.xml, idempotency."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_cluster_spec import (
    CLUSTER_OPTIONS, build_cluster, edit_cluster, normalize_unique_id,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import TomcatXmlError, XmlDocument
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import (
    changed_lines, server_xml_variants, stock_server_xml,
)

UID1 = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}'
UID2 = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2}'
STATIC = dict(type='static', members=[dict(host='10.0.0.1', port=5000, unique_id=UID1),
                                      dict(host='10.0.0.2', port=5000, unique_id=UID2)])
RECEIVER = dict(address='10.0.0.1', port=5000)
VARIANTS = server_xml_variants()


def static_cluster(**kw):
    args = dict(membership=STATIC, receiver=RECEIVER)
    args.update(kw)
    return build_cluster(**args)


def attrs(node):
    return node.attr_dict()


def test_defaults_come_from_the_option_spec():
    """One definition: what a direct caller leaves out is the argument spec's default."""
    spec = CLUSTER_OPTIONS
    given = dict(channel_send_options=spec['channel_send_options']['default'],
                 replication_filter=spec['replication_filter']['default'],
                 jvm_route_binder=spec['jvm_route_binder']['default'])
    for section in ('manager', 'membership', 'receiver'):
        given[section] = dict((k, v.get('default')) for k, v in spec[section]['options'].items())
    full = build_cluster(**given)
    short = build_cluster()
    assert [(n.tag, n.attrs) for n in _walk(full)] == [(n.tag, n.attrs) for n in _walk(short)]
    mem = short.children[1].children[0]
    assert attrs(mem)['address'] == spec['membership']['options']['address']['default'] == '228.0.0.4'


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def test_default_is_tomcats_documented_multicast_cluster():
    node = build_cluster()
    assert attrs(node) == {'className': 'org.apache.catalina.ha.tcp.SimpleTcpCluster', 'channelSendOptions': '8'}
    manager, channel, rv, jv, listener = node.children
    assert attrs(manager)['className'].endswith('DeltaManager')
    assert attrs(manager)['expireSessionsOnShutdown'] == 'false'
    mem, rcv, sender, i1, i2 = channel.children
    assert attrs(mem) == {'className': 'org.apache.catalina.tribes.membership.McastService', 'address': '228.0.0.4',
                          'port': '45564', 'frequency': '500', 'dropTime': '3000'}
    assert attrs(rcv)['address'] == 'auto' and attrs(rcv)['autoBind'] == '100' and attrs(rcv)['port'] == '4000'
    assert attrs(rv)['className'].endswith('ReplicationValve') and attrs(jv)['className'].endswith('JvmRouteBinderValve')
    assert attrs(listener)['className'].endswith('ClusterSessionListener')


def test_backup_manager_and_multicast_bind():
    node = build_cluster(6, manager={'type': 'backup'}, membership={'bind': '10.0.0.1', 'domain': 'a'},
                         receiver={'port': 5000}, replication_filter=r'.*\.gif', jvm_route_binder=False)
    assert attrs(node.children[0]) == {'className': 'org.apache.catalina.ha.session.BackupManager',
                                       'notifyListenersOnReplication': 'true', 'mapSendOptions': '6'}
    assert attrs(node.children[1].children[0])['bind'] == '10.0.0.1'
    assert [attrs(c)['className'].rsplit('.', 1)[1] for c in node.children[2:]] == ['ReplicationValve', 'ClusterSessionListener']


def test_static_membership():
    node = static_cluster()
    mem = node.children[1].children[0]
    assert attrs(mem)['className'].endswith('StaticMembershipService')
    assert [attrs(m)['uniqueId'] for m in mem.children] == [UID1, UID2]
    assert attrs(node.children[1].children[1])['autoBind'] == '1'


@pytest.mark.parametrize('value,expected', [
    (UID1, UID1), ('0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1', UID1), ([0] * 15 + [1], UID1),
    ('{ -128, 127,0,0,0,0,0,0,0,0,0,0,0,0,0,0}', '{-128,127,0,0,0,0,0,0,0,0,0,0,0,0,0,0}'),
])
def test_unique_id_normalisation(value, expected):
    assert normalize_unique_id(value, 'u') == expected


@pytest.mark.parametrize('value,msg', [
    ('{0,0,0,1}', 'exactly 16 bytes, got 4'),
    ('{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}', 'exactly 16 bytes, got 17'),
    ('{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,200}', 'outside -128..127'),
    ('{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,x}', 'not a decimal byte'),
    (12, 'must be a string'),
])
def test_invalid_unique_id(value, msg):
    with pytest.raises(TomcatXmlError, match=msg):
        normalize_unique_id(value, 'u')


@pytest.mark.parametrize('kwargs,msg', [
    (dict(receiver=dict(address='10.0.0.9', port=5000)), 'must match exactly one static member'),
    (dict(receiver=dict(address='10.0.0.1', port=5001)), 'must match exactly one static member'),
    (dict(receiver=dict(port=5000)), 'needs receiver.address'),
    (dict(receiver=dict(address='10.0.0.1', port=5000, auto_bind=0)), 'receiver.auto_bind must be between 1 and 2147483647, got 0'),
    (dict(receiver=dict(address='10.0.0.1', port=5000, auto_bind=10)), 'auto_bind 1'),
    (dict(receiver=dict(address='10.0.0.1', port=0)), 'receiver.port must be between'),
    (dict(membership=dict(type='static', members=[])), 'must list every node'),
    (dict(membership=dict(type='static', members=[dict(host='10.0.0.1', port=5000, unique_id=UID1),
                                                  dict(host='10.0.0.2', port=5000, unique_id=UID1)])), 'used by another member'),
    (dict(membership=dict(type='static', members=[dict(host='10.0.0.1', port=5000, unique_id=UID1),
                                                  dict(host='10.0.0.1', port=5000, unique_id=UID2)])), 'listed twice'),
    (dict(membership=dict(type='multicast', address='10.0.0.1'), receiver={}), 'not a multicast address'),
    (dict(membership=dict(type='multicast', address='nope'), receiver={}), 'not an IP address'),
    (dict(membership=dict(type='multicast', frequency=500, drop_time=100), receiver={}), 'must be larger'),
    (dict(membership=dict(type='multicast', members=[{}]), receiver={}), 'only applies to membership.type static'),
    (dict(manager=dict(type='delta', map_send_options=6)), 'only applies to the backup manager'),
    (dict(channel_send_options=0), 'channel_send_options must be between 1 and 2147483647'),
])
def test_cluster_validation(kwargs, msg):
    with pytest.raises(TomcatXmlError, match=msg):
        static_cluster(**kwargs)


def test_ipv6_receiver_matches_member_written_differently():
    members = [dict(host='fd00::1', port=5000, unique_id=UID1), dict(host='fd00::2', port=5000, unique_id=UID2)]
    build_cluster(membership=dict(type='static', members=members), receiver=dict(address='fd00:0::1', port=5000))


@pytest.mark.parametrize('name,loader', VARIANTS, ids=[v[0] for v in VARIANTS])
def test_cluster_goes_below_the_commented_sample_and_is_idempotent(name, loader):
    data = loader()
    doc = XmlDocument(data)
    assert edit_cluster(doc, static_cluster()) == ['Cluster: added to the Engine of Service Catalina']
    removed, added = changed_lines(doc.original_text, doc.text)
    assert removed == []
    assert added[0] == '      <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster" channelSendOptions="8">'
    assert added[1].startswith('        <Manager ') and added[-1] == '      </Cluster>'
    assert len(added) == 18
    lines = doc.text.splitlines()
    at = lines.index(added[0])
    assert lines[at - 1] == '      -->' and lines[at - 2] == '      <Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"/>'
    engine = doc.root.find('Service/Engine')
    kids = [c.tag for c in engine if isinstance(c.tag, str)]
    assert kids == ['Cluster', 'Realm', 'Host']
    again = XmlDocument(doc.to_bytes())
    assert edit_cluster(again, static_cluster()) == [] and not again.changed
    # a different spec replaces the subtree in place
    assert edit_cluster(again, static_cluster(channel_send_options=6)) == ['Cluster: replaced in the Engine of Service Catalina']
    removed, added = changed_lines(again.original_text, again.text)
    assert removed == [lines[at]] and added == [lines[at].replace('"8"', '"6"')]
    # absent removes exactly what was added
    assert edit_cluster(again, None, state='absent') == ['Cluster: removed from the Engine of Service Catalina']
    assert again.to_bytes() == data
    assert edit_cluster(again, None, state='absent') == []


def test_hand_written_cluster_with_other_attribute_order_is_equal():
    node = static_cluster()
    doc = XmlDocument(stock_server_xml())
    edit_cluster(doc, node)
    text = doc.text.replace('className="org.apache.catalina.ha.tcp.SimpleTcpCluster" channelSendOptions="8"',
                            'channelSendOptions="8"\n               className="org.apache.catalina.ha.tcp.SimpleTcpCluster"')
    text = text.replace('<Manager ', '<!-- keep me -->\n        <Manager ')
    doc = XmlDocument(text.encode())
    assert edit_cluster(doc, node) == []


def test_cluster_errors_on_duplicates_and_missing_engine():
    doc = XmlDocument(stock_server_xml())
    edit_cluster(doc, static_cluster())
    text = doc.text.replace('      <!-- Use the LockOutRealm', '      <Cluster className="x"/>\n      <!-- Use the LockOutRealm')
    with pytest.raises(TomcatXmlError, match='2 live <Cluster> elements'):
        edit_cluster(XmlDocument(text.encode()), static_cluster())
    with pytest.raises(TomcatXmlError, match='has no <Engine>'):
        edit_cluster(XmlDocument(b'<Server><Service name="Catalina"/></Server>'), static_cluster())


def test_cluster_in_engine_without_comment_goes_before_realm():
    data = (b'<Server>\n  <Service name="Catalina">\n    <Engine name="C">\n      <Realm className="r"/>\n'
            b'      <Host name="h"/>\n    </Engine>\n  </Service>\n</Server>\n')
    doc = XmlDocument(data)
    edit_cluster(doc, build_cluster())
    assert doc.text.index('<Cluster') < doc.text.index('<Realm')
    assert '\n      <Cluster ' in doc.text and '\n      </Cluster>\n      <Realm' in doc.text


@pytest.mark.parametrize('kwargs,msg', [
    (dict(membership=dict(type='multicast', drop_time=10 ** 20), receiver={}), 'membership.drop_time must be between 1 and 2147483647'),
    (dict(channel_send_options=2 ** 40), 'channel_send_options must be between 1 and 2147483647'),
    (dict(channel_send_options=True), 'channel_send_options must be an integer, got a boolean'),
    (dict(channel_send_options=6.0), 'channel_send_options must be an integer, got a float'),
    (dict(receiver=dict(address='10.0.0.1', port=5000, max_threads=2 ** 31)), 'receiver.max_threads must be between 1 and 2147483647'),
    (dict(receiver=dict(address='10.0.0.1', port=5000, selector_timeout=-1)), 'receiver.selector_timeout must be between 0'),
    (dict(manager=dict(type='backup', map_send_options=2 ** 32)), 'manager.map_send_options must be between 1 and 2147483647'),
    (dict(membership=dict(type='static', members=[dict(host='10.0.0.1', port=True, unique_id=UID1)])),
     'membership.members[0].port must be an integer, got a boolean'),
    (dict(membership=dict(type='multicast', bind='10.0.0.1\n'), receiver={}), 'membership.bind must be a non-empty string'),
    (dict(membership=dict(type='static', members=[dict(host='10.0.0.1\n', port=5000, unique_id=UID1)])),
     'membership.members[0].host must be a non-empty string'),
    (dict(receiver=dict(address='10.0.0.1 ', port=5000)), 'receiver.address must be a non-empty string'),
    (dict(replication_filter='.*\\.gif\n'), 'replication_filter must not contain control characters'),
])
def test_cluster_values_fit_java_and_match_in_full(kwargs, msg):
    with pytest.raises(TomcatXmlError) as info:
        static_cluster(**kwargs)
    assert msg in str(info.value)


@pytest.mark.parametrize('value', [[0] * 15 + [1.5], [0] * 15 + [1.0], [0.0] * 16, [0] * 15 + [True], [0] * 15 + ['1.5'],
                                   '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1.5}', '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1_0}',
                                   '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,\u00b2}', 1.5])
def test_unique_id_is_never_truncated(value):
    with pytest.raises(TomcatXmlError):
        normalize_unique_id(value, 'u')


@pytest.mark.parametrize('address', ['0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0', '*'])
def test_the_receiver_never_binds_a_wildcard_address(address):
    """The receiver deserializes what anybody who reaches it sends (docs/security.md)."""
    with pytest.raises(TomcatXmlError, match='every interface'):
        build_cluster(receiver=dict(address=address, port=4000))


def test_session_attribute_filter_is_written_with_its_warning():
    pattern = r'java\.lang\.(?:Boolean|Integer|Long|Number|String)|com\.example\..*'
    manager = build_cluster(manager=dict(session_attribute_filter=pattern)).children[0]
    assert attrs(manager)['sessionAttributeValueClassNameFilter'] == pattern
    assert attrs(manager)['warnOnSessionAttributeFilterFailure'] == 'true'
    # not set, or empty: no filter (Tomcat's default), the manager as before
    for unset in (None, ''):
        manager = build_cluster(manager=dict(session_attribute_filter=unset)).children[0]
        assert 'sessionAttributeValueClassNameFilter' not in attrs(manager)


@pytest.mark.parametrize('pattern, msg', [
    ('java\\.lang\\.(', 'not a regular expression'),
    ('java\\.lang\\..*\n', 'session_attribute_filter'),
])
def test_a_bad_session_attribute_filter_is_refused(pattern, msg):
    with pytest.raises(TomcatXmlError, match=msg):
        build_cluster(manager=dict(session_attribute_filter=pattern))
