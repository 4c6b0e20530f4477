# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A SimpleTcpCluster element from a structured spec (tomcat_cluster), validated up front.

Tomcat only logs warnings (or fails late, at start) for several mistakes that this module turns
into errors: a static uniqueId that is not 16 bytes, a Receiver that matches no static member,
autoBind below 1, a non-multicast membership address.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
import re

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils.tomcat_xml import (
    Node, TomcatXmlError, check_port, check_text, etree, java_int, local_name, same_element,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils.tomcat_xml_server import (
    check_token, find_engine,
)

_BYTE_RE = re.compile(r'[+-]?[0-9]+')

PKG_HA = 'org.apache.catalina.ha'
PKG_TRIBES = 'org.apache.catalina.tribes'
CLUSTER_CLASS = PKG_HA + '.tcp.SimpleTcpCluster'
MANAGERS = {
    'delta': PKG_HA + '.session.DeltaManager',
    'backup': PKG_HA + '.session.BackupManager',
}

DEFAULTS = {
    'manager': {'type': 'delta', 'expire_sessions_on_shutdown': False,
                'notify_listeners_on_replication': True, 'map_send_options': None},
    'membership': {'type': 'multicast', 'address': '228.0.0.4', 'port': 45564, 'bind': None,
                   'frequency': 500, 'drop_time': 3000, 'members': None, 'domain': None},
    'receiver': {'address': 'auto', 'port': 4000, 'auto_bind': None, 'selector_timeout': 5000,
                 'max_threads': 6},
}


def _merged(section, given):
    if given is not None and not isinstance(given, dict):
        raise TomcatXmlError('%s must be a dictionary' % section)
    out = dict(DEFAULTS[section])
    for k, v in (given or {}).items():
        if k not in out:
            raise TomcatXmlError('%s: unknown key %s (known: %s)' % (section, k, ', '.join(sorted(out))))
        if v is not None:
            out[k] = v
    return out


def _int(value, what, minimum=None, maximum=None):
    """Every number written is read by Tomcat as a Java int (or long): refuse what does not fit."""
    return java_int(value, what, minimum, maximum)


def _bool(value, what):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    raise TomcatXmlError('%s must be a boolean' % what)


def _str(value, what):
    return check_token(value, what)


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


def build_cluster(channel_send_options=8, manager=None, membership=None, receiver=None,
                  replication_filter='', jvm_route_binder=True):
    """Validate the spec and return the Node for the whole <Cluster> subtree."""
    cso = _int(channel_send_options, 'channel_send_options', 1)
    mgr = _merged('manager', manager)
    mem = _merged('membership', membership)
    rcv = _merged('receiver', receiver)

    if mgr['type'] not in MANAGERS:
        raise TomcatXmlError('manager.type must be delta or backup, got %s' % mgr['type'])
    mgr_attrs = [('className', MANAGERS[mgr['type']])]
    if mgr['type'] == 'delta':
        mgr_attrs.append(('expireSessionsOnShutdown', _bool(mgr['expire_sessions_on_shutdown'], 'manager.expire_sessions_on_shutdown')))
        mgr_attrs.append(('notifyListenersOnReplication', _bool(mgr['notify_listeners_on_replication'],
                                                                'manager.notify_listeners_on_replication')))
        if mgr['map_send_options'] is not None:
            raise TomcatXmlError('manager.map_send_options only applies to the backup manager')
    else:
        mgr_attrs.append(('notifyListenersOnReplication', _bool(mgr['notify_listeners_on_replication'],
                                                                'manager.notify_listeners_on_replication')))
        mgr_attrs.append(('mapSendOptions', str(_int(mgr['map_send_options'] if mgr['map_send_options'] is not None else 6,
                                                     'manager.map_send_options', 1))))

    mtype = mem['type']
    if mtype not in ('multicast', 'static'):
        raise TomcatXmlError('membership.type must be multicast or static, got %s' % mtype)
    auto_bind = rcv['auto_bind'] if rcv['auto_bind'] is not None else (1 if mtype == 'static' else 100)
    auto_bind = _int(auto_bind, 'receiver.auto_bind', 1)
    rport = _int(rcv['port'], 'receiver.port')
    check_port(rport, 'receiver.port')
    raddr = _str(rcv['address'], 'receiver.address')
    rcv_attrs = [('className', PKG_TRIBES + '.transport.nio.NioReceiver'), ('address', raddr),
                 ('port', str(rport)), ('autoBind', str(auto_bind)),
                 ('selectorTimeout', str(_int(rcv['selector_timeout'], 'receiver.selector_timeout', 0))),
                 ('maxThreads', str(_int(rcv['max_threads'], 'receiver.max_threads', 1)))]

    if mtype == 'multicast':
        if mem['members']:
            raise TomcatXmlError('membership.members only applies to membership.type static')
        addr = _str(mem['address'], 'membership.address')
        try:
            if not ipaddress.ip_address(addr).is_multicast:
                raise TomcatXmlError('membership.address %s is not a multicast address' % addr)
        except ValueError:
            raise TomcatXmlError('membership.address %s is not an IP address' % addr)
        mport = _int(mem['port'], 'membership.port')
        check_port(mport, 'membership.port')
        freq = _int(mem['frequency'], 'membership.frequency', 1)
        drop = _int(mem['drop_time'], 'membership.drop_time', 1)
        if drop <= freq:
            raise TomcatXmlError('membership.drop_time (%d) must be larger than membership.frequency (%d)' % (drop, freq))
        attrs = [('className', PKG_TRIBES + '.membership.McastService'), ('address', addr),
                 ('port', str(mport)), ('frequency', str(freq)), ('dropTime', str(drop))]
        if mem['bind']:
            attrs.append(('bind', _str(mem['bind'], 'membership.bind')))
        if mem['domain']:
            attrs.append(('domain', _str(mem['domain'], 'membership.domain')))
        membership_node = Node('Membership', attrs)
    else:
        members = mem['members']
        if not members or not isinstance(members, list):
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
            if not isinstance(m, dict):
                raise TomcatXmlError('%s must be a dictionary with host, port and unique_id' % what)
            unknown = set(m) - set(('host', 'port', 'unique_id', 'domain'))
            if unknown:
                raise TomcatXmlError('%s: unknown key(s) %s' % (what, ', '.join(sorted(unknown))))
            host = _str(m.get('host'), what + '.host')
            port = _int(m.get('port', rport) if m.get('port') is not None else rport, what + '.port')
            check_port(port, what + '.port')
            if m.get('unique_id') is None:
                raise TomcatXmlError('%s.unique_id is required' % what)
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
                attrs.append(('domain', _str(domain, what + '.domain')))
            kids.append(Node('Member', attrs))
        if local != 1:
            raise TomcatXmlError('the Receiver (%s:%d) must match exactly one static member (host and port); '
                                 'matches: %d' % (raddr, rport, local))
        if auto_bind != 1:
            raise TomcatXmlError('static membership needs receiver.auto_bind 1: another port would not match the local member')
        membership_node = Node('Membership', [('className', PKG_TRIBES + '.membership.StaticMembershipService')], kids)

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
