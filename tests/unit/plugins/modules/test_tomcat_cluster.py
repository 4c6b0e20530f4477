# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tomcat_cluster through its real main(): docs (defaults from the one option spec), check mode,
apply, idempotency, and what AnsibleModule itself enforces on the spec."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.webtier.tomcat_cluster.plugins.modules import tomcat_cluster
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import (
    UID1, UID2, Bad, Case, run, XmlModuleContract, NewHostValidation,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import debian_server_xml, stock_server_xml, write


def cluster_args(path):
    return dict(path=path, channel_send_options=6,
                membership=dict(type='static', members=[dict(host='127.0.0.1', port=4000, unique_id=UID1),
                                                        dict(host='127.0.0.1', port=4001, unique_id=UID2)]),
                receiver=dict(address='127.0.0.1', port=4000))


CASE = Case('cluster', tomcat_cluster, cluster_args, debian_server_xml, 18, lambda p: dict(path=p, state='absent'))

BAD = [
    Bad('no-engine', tomcat_cluster, cluster_args,
        lambda: stock_server_xml().replace(b'<Engine name="Catalina" defaultHost="localhost">', b'<Egnine>')
        .replace(b'</Engine>\n  </Service>', b'</Egnine>\n  </Service>'), 'has no <Engine>'),
    Bad('invalid-uniqueid', tomcat_cluster,
        lambda p: dict(cluster_args(p), membership=dict(type='static', members=[dict(host='127.0.0.1', port=4000, unique_id='{1,2,3}')])),
        stock_server_xml, 'exactly 16 bytes'),
    Bad('float-uniqueid', tomcat_cluster,
        lambda p: dict(cluster_args(p), membership=dict(type='static', members=[dict(host='127.0.0.1', port=4000,
                                                                                     unique_id=[0] * 15 + [1.5])])),
        stock_server_xml, 'is not a decimal byte'),
    Bad('receiver-not-a-member', tomcat_cluster, lambda p: dict(cluster_args(p), receiver=dict(address='127.0.0.1', port=4002)),
        stock_server_xml, 'must match exactly one static member'),
    Bad('drop-time-huge', tomcat_cluster, lambda p: dict(path=p, membership=dict(drop_time=10 ** 20)), stock_server_xml,
        'membership.drop_time must be between 1 and 2147483647'),
    Bad('channel-send-options-huge', tomcat_cluster, lambda p: dict(path=p, channel_send_options=2 ** 40), stock_server_xml,
        'channel_send_options must be between 1 and 2147483647'),
    # what AnsibleModule enforces from the option spec (not validated a second time)
    Bad('unknown-key', tomcat_cluster, lambda p: dict(path=p, manager=dict(kind='delta')), stock_server_xml, 'kind'),
    Bad('bad-choice', tomcat_cluster, lambda p: dict(path=p, membership=dict(type='gossip')), stock_server_xml, 'gossip'),
    Bad('member-without-unique-id', tomcat_cluster,
        lambda p: dict(cluster_args(p), membership=dict(type='static', members=[dict(host='127.0.0.1', port=4000)])),
        stock_server_xml, 'unique_id'),
    Bad('manager-not-a-dict', tomcat_cluster, lambda p: dict(path=p, manager='delta'), stock_server_xml, 'dictionary requested'),
]


class TestContract(XmlModuleContract, NewHostValidation):
    """The checks every XML module passes (tests/unit/helpers/tomcat_xml_module_runner.py)."""

    module = tomcat_cluster
    cases = [CASE]
    bad = BAD
    invalid_on_new_host = (dict(channel_send_options=2 ** 40), 'channel_send_options must be between')


def test_defaults_apply_when_a_section_is_left_out(monkeypatch, tmp_path):
    path = write(tmp_path, stock_server_xml())
    res = run(monkeypatch, tomcat_cluster, dict(path=path, manager=dict(expire_sessions_on_shutdown='yes')))
    assert res.result['changed']
    text = open(path).read()
    assert 'expireSessionsOnShutdown="true"' in text and 'address="228.0.0.4"' in text and 'autoBind="100"' in text
