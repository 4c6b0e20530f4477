# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""The cluster spec behind tomcat_cluster: its options, the SimpleTcpCluster subtree, its placement.

CLUSTER_OPTIONS is the one definition of the options and their defaults; the module's argument
spec is built from it, and build_cluster fills what a direct caller leaves out from it too.
Types, choices, required keys and unknown keys are AnsibleModule's business; this module checks
what AnsibleModule cannot: Java int ranges, values written in full, and the mistakes Tomcat only
logs or reports late at start (a static uniqueId that is not 16 bytes, a Receiver that matches
no static member, autoBind below 1, a non-multicast membership address).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
import re

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import (
    Node, TomcatXmlError, check_port, check_text, check_token, etree, java_int, local_name, same_element,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_server_xml_lookup import find_engine

_BYTE_RE = re.compile(r'[+-]?[0-9]+')

PKG_HA = 'org.apache.catalina.ha'
PKG_TRIBES = 'org.apache.catalina.tribes'
CLUSTER_CLASS = PKG_HA + '.tcp.SimpleTcpCluster'
MANAGERS = {
    'delta': PKG_HA + '.session.DeltaManager',
    'backup': PKG_HA + '.session.BackupManager',
}

# Defaults that depend on another option (map_send_options 6 for the backup manager, auto_bind
# 100 or 1 with static membership) are applied in build_cluster and described in the docs.
CLUSTER_OPTIONS = dict(
    state=dict(type='str', choices=['present', 'absent'], default='present'),
    channel_send_options=dict(type='int', default=8),
    manager=dict(type='dict', apply_defaults=True, options=dict(
        type=dict(type='str', choices=list(MANAGERS), default='delta'),
        expire_sessions_on_shutdown=dict(type='bool', default=False),
        notify_listeners_on_replication=dict(type='bool', default=True),
        map_send_options=dict(type='int'),
        session_attribute_filter=dict(type='str'),
    )),
    membership=dict(type='dict', apply_defaults=True, options=dict(
        type=dict(type='str', choices=['multicast', 'static'], default='multicast'),
        address=dict(type='str', default='228.0.0.4'),
        port=dict(type='int', default=45564),
        bind=dict(type='str'),
        frequency=dict(type='int', default=500),
        drop_time=dict(type='int', default=3000),
        domain=dict(type='str'),
        members=dict(type='list', elements='dict', options=dict(
            host=dict(type='str', required=True),
            port=dict(type='int'),
            unique_id=dict(type='raw', required=True),
            domain=dict(type='str'),
        )),
    )),
    receiver=dict(type='dict', apply_defaults=True, options=dict(
        address=dict(type='str', default='auto'),
        port=dict(type='int', default=4000),
        auto_bind=dict(type='int'),
        selector_timeout=dict(type='int', default=5000),
        max_threads=dict(type='int', default=6),
    )),
    replication_filter=dict(type='str', default=''),
    jvm_route_binder=dict(type='bool', default=True),
)


def _default(name):
    return CLUSTER_OPTIONS[name].get('default')


def _section(name, given):
    """A dict option as AnsibleModule hands it over (every key, defaults applied)."""
    out = dict((k, v.get('default')) for k, v in CLUSTER_OPTIONS[name]['options'].items())
    out.update((k, v) for k, v in (given or {}).items() if v is not None)
    return out


def _int(value, what, minimum=None, maximum=None):
    """Every number written is read by Tomcat as a Java int (or long): refuse what does not fit."""
    return java_int(value, what, minimum, maximum)


def _bool(value):
    return 'true' if value else 'false'


def normalize_unique_id(value, what):
    """uniqueId: '{0,..,1}', '0,..,1' or a list of 16 integers -128..127 -> '{0,...,1}'."""
    if isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith('{') and text.endswith('}'):
            text = text[1:-1]
        items = [t.strip() for t in text.split(',')] if text else []
    else:
        raise TomcatXmlError('%s must be a string like "{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}" or a list of 16 integers' % what)
    if len(items) != 16:
        raise TomcatXmlError('%s must have exactly 16 bytes, got %d (Tomcat rejects it at start)' % (what, len(items)))
    out = []
    for item in items:
        if isinstance(item, str) and _BYTE_RE.fullmatch(item):
            n = int(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            n = item
        else:
            raise TomcatXmlError('%s: %r is not a decimal byte (an integer from -128 to 127)' % (what, item))
        if not -128 <= n <= 127:
            raise TomcatXmlError('%s: %d is outside -128..127 (Tomcat parses each value as a signed byte)' % (what, n))
        out.append(str(n))
    return '{' + ','.join(out) + '}'


def _same_host(a, b):
    if a == b:
        return True
    try:
        return ipaddress.ip_address(a.strip('[]')) == ipaddress.ip_address(b.strip('[]'))
    except ValueError:
        return False


def build_cluster(channel_send_options=None, manager=None, membership=None, receiver=None,
                  replication_filter=None, jvm_route_binder=None):
    """Validate the spec and return the Node for the whole <Cluster> subtree.

    Arguments left out (None) take their default from CLUSTER_OPTIONS.
    """
    cso = _int(_default('channel_send_options') if channel_send_options is None else channel_send_options,
               'channel_send_options', 1)
    replication_filter = _default('replication_filter') if replication_filter is None else replication_filter
    jvm_route_binder = _default('jvm_route_binder') if jvm_route_binder is None else jvm_route_binder
    mgr = _section('manager', manager)
    mem = _section('membership', membership)
    rcv = _section('receiver', receiver)

    mgr_attrs = [('className', MANAGERS[mgr['type']])]
    if mgr['type'] == 'delta':
        mgr_attrs.append(('expireSessionsOnShutdown', _bool(mgr['expire_sessions_on_shutdown'])))
        mgr_attrs.append(('notifyListenersOnReplication', _bool(mgr['notify_listeners_on_replication'])))
        if mgr['map_send_options'] is not None:
            raise TomcatXmlError('manager.map_send_options only applies to the backup manager')
    else:
        mgr_attrs.append(('notifyListenersOnReplication', _bool(mgr['notify_listeners_on_replication'])))
        mgr_attrs.append(('mapSendOptions', str(_int(mgr['map_send_options'] if mgr['map_send_options'] is not None else 6,
                                                     'manager.map_send_options', 1))))

    if mgr['session_attribute_filter']:
        mgr_attrs.extend(_attribute_filter(mgr['session_attribute_filter']))

    mtype = mem['type']
    auto_bind = rcv['auto_bind'] if rcv['auto_bind'] is not None else (1 if mtype == 'static' else 100)
    auto_bind = _int(auto_bind, 'receiver.auto_bind', 1)
    rport = check_port(rcv['port'], 'receiver.port')
    raddr = _receiver_address(rcv['address'])
    rcv_attrs = [('className', PKG_TRIBES + '.transport.nio.NioReceiver'), ('address', raddr),
                 ('port', str(rport)), ('autoBind', str(auto_bind)),
                 ('selectorTimeout', str(_int(rcv['selector_timeout'], 'receiver.selector_timeout', 0))),
                 ('maxThreads', str(_int(rcv['max_threads'], 'receiver.max_threads', 1)))]

    if mtype == 'multicast':
        if mem['members']:
            raise TomcatXmlError('membership.members only applies to membership.type static')
        addr = check_token(mem['address'], 'membership.address')
        try:
            if not ipaddress.ip_address(addr).is_multicast:
                raise TomcatXmlError('membership.address %s is not a multicast address' % addr)
        except ValueError:
            raise TomcatXmlError('membership.address %s is not an IP address' % addr)
        mport = check_port(mem['port'], 'membership.port')
        freq = _int(mem['frequency'], 'membership.frequency', 1)
        drop = _int(mem['drop_time'], 'membership.drop_time', 1)
        if drop <= freq:
            raise TomcatXmlError('membership.drop_time (%d) must be larger than membership.frequency (%d)' % (drop, freq))
        attrs = [('className', PKG_TRIBES + '.membership.McastService'), ('address', addr),
                 ('port', str(mport)), ('frequency', str(freq)), ('dropTime', str(drop))]
        if mem['bind']:
            attrs.append(('bind', check_token(mem['bind'], 'membership.bind')))
        if mem['domain']:
            attrs.append(('domain', check_token(mem['domain'], 'membership.domain')))
        membership_node = Node('Membership', attrs)
    else:
        membership_node = _static_membership(mem, raddr, rport, auto_bind)

    channel = Node('Channel', [('className', PKG_TRIBES + '.group.GroupChannel')], [
        membership_node,
        Node('Receiver', rcv_attrs),
        Node('Sender', [('className', PKG_TRIBES + '.transport.ReplicationTransmitter')], [
            Node('Transport', [('className', PKG_TRIBES + '.transport.nio.PooledParallelSender')]),
        ]),
        Node('Interceptor', [('className', PKG_TRIBES + '.group.interceptors.TcpFailureDetector')]),
        Node('Interceptor', [('className', PKG_TRIBES + '.group.interceptors.MessageDispatchInterceptor')]),
    ])
    check_text(replication_filter, 'replication_filter', allow_empty=True)
    children = [Node('Manager', mgr_attrs), channel,
                Node('Valve', [('className', PKG_HA + '.tcp.ReplicationValve'), ('filter', replication_filter)])]
    if jvm_route_binder:
        children.append(Node('Valve', [('className', PKG_HA + '.session.JvmRouteBinderValve')]))
    children.append(Node('ClusterListener', [('className', PKG_HA + '.session.ClusterSessionListener')]))
    return Node('Cluster', [('className', CLUSTER_CLASS), ('channelSendOptions', str(cso))], children)


def _receiver_address(value):
    """The Receiver deserializes what anybody who reaches it sends: never a wildcard address."""
    addr = check_token(value, 'receiver.address')
    try:
        unspecified = ipaddress.ip_address(addr.strip('[]')).is_unspecified
    except ValueError:
        unspecified = addr == '*'
    if unspecified:
        raise TomcatXmlError('receiver.address %s would let the cluster receiver listen on every interface; the '
                             'receiver deserializes what it is sent and authenticates no one, so bind it to this '
                             "node's private address (see the collection's docs/security.md)" % addr)
    return addr


def _attribute_filter(pattern):
    """sessionAttributeValueClassNameFilter (and warnOnSessionAttributeFilterFailure): a regular expression."""
    check_text(pattern, 'manager.session_attribute_filter')
    try:
        re.compile(pattern)
    except re.error as exc:
        raise TomcatXmlError('manager.session_attribute_filter is not a regular expression: %s' % exc)
    return [('sessionAttributeValueClassNameFilter', pattern), ('warnOnSessionAttributeFilterFailure', 'true')]


def _static_membership(mem, raddr, rport, auto_bind):
    members = mem['members']
    if not members:
        raise TomcatXmlError('membership.members must list every node (host, port, unique_id) for static membership')
    if raddr == 'auto':
        raise TomcatXmlError('static membership needs receiver.address set to this node\'s address '
                             '(Tomcat finds the local member by the Receiver address and port)')
    kids = []
    seen_ids = set()
    seen_eps = set()
    local = 0
    for i, m in enumerate(members):
        what = 'membership.members[%d]' % i
        host = check_token(m.get('host'), what + '.host')
        port = check_port(m['port'] if m.get('port') is not None else rport, what + '.port')
        uid = normalize_unique_id(m.get('unique_id'), what + '.unique_id')
        if uid in seen_ids:
            raise TomcatXmlError('%s.unique_id %s is used by another member' % (what, uid))
        if (host, port) in seen_eps:
            raise TomcatXmlError('%s: %s:%d is listed twice' % (what, host, port))
        seen_ids.add(uid)
        seen_eps.add((host, port))
        if _same_host(host, raddr) and port == rport:
            local += 1
        attrs = [('className', PKG_TRIBES + '.membership.StaticMember'), ('host', host),
                 ('port', str(port)), ('uniqueId', uid)]
        domain = m.get('domain') or mem['domain']
        if domain:
            attrs.append(('domain', check_token(domain, what + '.domain')))
        kids.append(Node('Member', attrs))
    if local != 1:
        raise TomcatXmlError('the Receiver (%s:%d) must match exactly one static member (host and port); '
                             'matches: %d' % (raddr, rport, local))
    if auto_bind != 1:
        raise TomcatXmlError('static membership needs receiver.auto_bind 1: another port would not match the local member')
    return Node('Membership', [('className', PKG_TRIBES + '.membership.StaticMembershipService')], kids)


def _cluster_anchor(doc, engine):
    """(mode, node): after the stock commented-out <Cluster>, else before the first Realm/Host."""
    comment = None
    for c in engine:
        if c.tag is etree.Comment and '<Cluster' in (c.text or ''):
            comment = c
        if local_name(c.tag) in ('Realm', 'Host', 'Valve'):
            break
    if comment is not None:
        return 'after', comment
    for c in engine:
        if local_name(c.tag) in ('Realm', 'Host', 'Valve'):
            return 'before', c
    return 'first', engine


def edit_cluster(doc, node, service='Catalina', state='present'):
    engine = find_engine(doc, service)
    live = doc.children(engine, 'Cluster')
    if len(live) > 1:
        raise TomcatXmlError('the Engine of Service %s has %d live <Cluster> elements; fix the file first' % (service, len(live)))
    if state == 'absent':
        if live:
            doc.remove(live[0])
            return ['Cluster: removed from the Engine of Service %s' % service]
        return []
    if live:
        if same_element(live[0], node):
            return []
        doc.replace(live[0], node)
        return ['Cluster: replaced in the Engine of Service %s' % service]
    mode, anchor = _cluster_anchor(doc, engine)
    indent = doc.child_indent(engine)
    if mode == 'after':
        doc.insert_after(anchor, node, indent=indent)
    elif mode == 'before':
        doc.insert_before(anchor, node, indent=indent)
    else:
        doc.insert_first_child(engine, node)
    return ['Cluster: added to the Engine of Service %s' % service]
