# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tomcat_server_xml through its real main(): the same file as one task per edit, one write, all-or-nothing
validation, secrets, check mode and the file attributes."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import json
import os
import stat

import pytest
import yaml

from ansible.plugins.doc_fragments import files as files_fragment
from ansible_collections.webtier.tomcat_cluster.plugins.modules import (
    tomcat_cluster, tomcat_connector, tomcat_engine, tomcat_server, tomcat_server_xml, tomcat_valve,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import (
    ERROR_VALVE, FRAGMENTS, SECRET, UID1, UID2, argument_spec, compare_options, run, run_json,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import (
    server_xml_variants, stock_server_xml, write,
)

AJP = dict(port=8009, protocol='AJP/1.3', address='10.0.0.11', secret=SECRET, secret_required=True, redirect_port=8443,
           attributes={'maxParameterCount': '1000', 'tomcatAuthentication': False})
HTTP = dict(port=8081, protocol='HTTP/1.1', address='127.0.0.1',
            attributes={'connectionTimeout': '20000', 'maxParameterCount': '1000'})
VALVE = dict(class_name=ERROR_VALVE, attributes={'showReport': False, 'showServerInfo': False})
CLUSTER = dict(manager=dict(type='delta', expire_sessions_on_shutdown=False, notify_listeners_on_replication=True),
               membership=dict(type='static', members=[dict(host='10.0.0.11', port=4000, unique_id=UID1),
                                                       dict(host='10.0.0.12', port=4000, unique_id=UID2)]),
               receiver=dict(address='10.0.0.11', port=4000, auto_bind=1, selector_timeout=100, max_threads=6))


def role_args(path, route='a-was1'):
    """What roles/tomcat/tasks/instance.yml gives the module."""
    return copy.deepcopy(dict(path=path, server=dict(port=-1, address='127.0.0.1'),
                              connectors=[dict(port=8080, state='absent'), HTTP, AJP],
                              engine=dict(jvm_route=route), valves=[VALVE], cluster=CLUSTER))


def one_task_each(path, route='a-was1'):
    """The same edits as role_args, as one task of each single module, in the same order."""
    return [(tomcat_server, dict(path=path, port=-1, address='127.0.0.1')),
            (tomcat_connector, dict(path=path, port=8080, state='absent')),
            (tomcat_connector, dict(HTTP, path=path)),
            (tomcat_connector, dict(AJP, path=path)),
            (tomcat_engine, dict(path=path, jvm_route=route)),
            (tomcat_valve, dict(VALVE, path=path)),
            (tomcat_cluster, dict(copy.deepcopy(CLUSTER), path=path))]


def test_documentation_matches_argument_spec(monkeypatch):
    doc = yaml.safe_load(tomcat_server_xml.DOCUMENTATION)
    for fragment in doc['extends_documentation_fragment']:
        if fragment in FRAGMENTS:
            doc.setdefault('options', {}).update(yaml.safe_load(FRAGMENTS[fragment])['options'])
    doc['options'].update(yaml.safe_load(files_fragment.ModuleDocFragment.DOCUMENTATION)['options'])
    assert 'ansible.builtin.files' in doc['extends_documentation_fragment']
    captured = argument_spec(monkeypatch, tomcat_server_xml)
    assert captured['kwargs']['supports_check_mode'] is True and captured['kwargs']['add_file_common_args'] is True
    spec = dict(captured['spec'])
    for name in ('mode', 'owner', 'group', 'seuser', 'serole', 'setype', 'selevel', 'unsafe_writes', 'attributes'):
        spec.setdefault(name, dict(doc['options'][name]))
    compare_options(doc['options'], spec, 'tomcat_server_xml')
    assert spec['cluster']['options']['membership']['options']['members']['options']['unique_id']['required'] is True
    for section, options in (('server', ('shutdown',)), ('connectors', ('secret', 'attributes')), ('valves', ('attributes',))):
        for opt in options:
            assert spec[section]['options'][opt]['no_log'] is True, (section, opt)
    assert yaml.safe_load(tomcat_server_xml.EXAMPLES)[0]['webtier.tomcat_cluster.tomcat_server_xml']


def test_the_element_options_are_documented_once():
    """tomcat_server_xml's element suboptions are the single modules' options (one doc fragment), with absolute
    O(...) references."""
    elements = yaml.safe_load(FRAGMENTS['webtier.tomcat_cluster.tomcat_xml.elements'])['options']
    for name, single in (('server', 'server'), ('connectors', 'connector'), ('engine', 'engine'), ('valves', 'valve'),
                         ('cluster', 'cluster')):
        nested = elements[name]['suboptions']
        prefix = name + ('[].' if elements[name]['type'] == 'list' else '.')
        text = FRAGMENTS['webtier.tomcat_cluster.tomcat_xml.' + single]
        for option in nested:
            text = text.replace('O(%s' % option, 'O(%s%s' % (prefix, option))
        assert nested == yaml.safe_load(text)['options'], name
    text = yaml.safe_dump(elements)
    assert 'O(server.port=-1)' in text and 'O(valves[].class_name)' in text and 'O(cluster.receiver.port)' in text


VARIANTS = server_xml_variants()


@pytest.mark.parametrize('loader', [loader for dummy, loader in VARIANTS], ids=[name for name, dummy in VARIANTS])
def test_one_call_writes_the_file_of_one_task_per_edit(monkeypatch, tmp_path, loader):
    data = loader()
    single = write(tmp_path, data, name='single.xml')
    expected_changes = []
    for module, args in one_task_each(single):
        expected_changes.extend(run(monkeypatch, module, args).result['changes'])
    combined = write(tmp_path, data, name='combined.xml')
    res = run(monkeypatch, tomcat_server_xml, role_args(combined))
    assert not res.failed and res.result['changed'] is True
    with open(combined, 'rb') as a, open(single, 'rb') as b:
        assert a.read() == b.read()
    assert res.result['changes'] == expected_changes
    again = run(monkeypatch, tomcat_server_xml, role_args(combined))
    assert again.result['changed'] is False and again.result['changes'] == []


def test_check_mode_reports_the_edits_and_writes_nothing(monkeypatch, tmp_path):
    data = stock_server_xml()
    path = write(tmp_path, data)
    res = run(monkeypatch, tomcat_server_xml, role_args(path), check=True)
    assert res.result['changed'] is True and 'Engine: jvmRoute unset -> "a-was1"' in res.result['changes']
    assert 'jvmRoute="a-was1"' in res.result['diff']['after'] and 'secret="(hidden, changed)"' in res.result['diff']['after']
    assert SECRET not in json.dumps(res.result)
    assert open(path, 'rb').read() == data


def test_check_mode_on_a_new_host_reports_a_change(monkeypatch, tmp_path):
    res = run(monkeypatch, tomcat_server_xml, role_args(str(tmp_path / 'missing.xml')), check=True)
    assert res.result['changed'] is True and 'does not exist yet' in res.result['msg'] and res.result['warnings']


@pytest.mark.parametrize('broken,msg', [
    (lambda a: a['connectors'][2].update(secret=None, secret_required=True), 'refuses to start'),
    (lambda a: a['engine'].update(jvm_route='a was1'), 'jvm_route'),
    (lambda a: a['valves'][0].update(class_name='not a class'), 'class_name'),
    (lambda a: a['connectors'].append(dict(port=70000)), 'between 1 and 65535'),
    (lambda a: a['cluster']['membership']['members'][0].update(unique_id='{1,2,3}'), 'unique_id'),
    (lambda a: a['connectors'][1].update(tomcat_line='11.0', attributes={'rejectIllegalHeader': False}),
     'rejectIllegalHeader of Connector[port=8081] was removed in Tomcat 11.0'),
    (lambda a: a['connectors'][2].update(tomcat_line='11.0.22', attributes={'allowHostHeaderMismatch': True}),
     'allowHostHeaderMismatch of Connector[port=8009] was removed in Tomcat 11.0'),
    (lambda a: a['connectors'][0].update(tomcat_line='10'), "tomcat_line '10' is not a Tomcat line these edits know"),
], ids=['ajp-without-secret', 'bad-route', 'bad-valve', 'bad-port', 'bad-unique-id', 'removed-in-11.0',
        'removed-in-11.0.22', 'unknown-tomcat-line'])
def test_one_bad_edit_changes_nothing_and_says_which(monkeypatch, tmp_path, broken, msg):
    data = stock_server_xml()
    path = write(tmp_path, data)
    args = role_args(path)
    broken(args)
    res = run(monkeypatch, tomcat_server_xml, args)
    assert res.failed and msg in res.result['msg'], res.result['msg']
    assert SECRET not in json.dumps(res.result)
    assert open(path, 'rb').read() == data
    assert sorted(os.listdir(str(tmp_path))) == ['server.xml']


@pytest.mark.parametrize('check', [False, True], ids=['apply', 'check'])
def test_each_connector_is_checked_against_its_own_tomcat_line(monkeypatch, tmp_path, check):
    """tomcat_line is per connector item: 10.1 writes rejectIllegalHeader, a line not given checks nothing, and the
    same call with 11.0 on one item fails as a whole, the file unchanged (also in check mode)."""
    data = stock_server_xml()
    path = write(tmp_path, data)
    args = role_args(path)
    args['connectors'][1] = dict(HTTP, tomcat_line='10.1', attributes=dict(HTTP['attributes'], rejectIllegalHeader=False))
    args['connectors'][2]['tomcat_line'] = '11.0.22'
    res = run(monkeypatch, tomcat_server_xml, args, check=check)
    assert not res.failed and res.result['changed'] is True, res.result
    assert 'Connector[port=8081]: added to Service Catalina' in res.result['changes']
    assert 'rejectIllegalHeader="false"' in res.result['diff']['after']
    assert (open(path, 'rb').read() == data) is check
    refused = copy.deepcopy(args)
    refused['connectors'][1]['tomcat_line'] = '11.0'
    written = open(path, 'rb').read()
    res = run(monkeypatch, tomcat_server_xml, refused, check=check)
    assert res.failed and 'rejectIllegalHeader of Connector[port=8081] was removed in Tomcat 11.0' in res.result['msg']
    assert open(path, 'rb').read() == written


def test_secrets_never_leave_the_module_and_other_values_stay_readable(capsys, tmp_path):
    path = write(tmp_path, stock_server_xml())
    args = role_args(path)
    args['connectors'][2] = dict(AJP, attributes={'maxParameterCount': '1000', 'keystorePass': 'KeyLeak3'})
    out, res = run_json(capsys, tomcat_server_xml, args, check=True)
    assert res['changed'] is True
    assert SECRET not in out and 'KeyLeak3' not in out
    invocation = res['invocation']['module_args']
    assert invocation['connectors'][2]['attributes'] == {'maxParameterCount': '(hidden)', 'keystorePass': '(hidden)'}
    assert invocation['valves'][0]['attributes'] == {'showReport': '(hidden)', 'showServerInfo': '(hidden)'}
    # no_log on the attributes dicts would hide every "1000" and "20000"; only the secret-named values are hidden
    after = res['diff']['after']
    assert 'connectionTimeout="20000"' in after and 'maxParameterCount="1000"' in after
    assert 'keystorePass="(hidden, changed)"' in after


def test_the_file_attributes_are_set_also_when_the_content_is_right(monkeypatch, tmp_path):
    path = write(tmp_path, stock_server_xml(), mode=0o644)
    run(monkeypatch, tomcat_server_xml, role_args(path))
    data = open(path, 'rb').read()
    checked = run(monkeypatch, tomcat_server_xml, dict(role_args(path), mode='0640'), check=True)
    assert checked.result['changed'] is True and stat.S_IMODE(os.stat(path).st_mode) == 0o644
    res = run(monkeypatch, tomcat_server_xml, dict(role_args(path), mode='0640'))
    assert res.result['changed'] is True and res.result['changes'] == ['%s: owner, group or mode set' % path]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640 and open(path, 'rb').read() == data
    again = run(monkeypatch, tomcat_server_xml, dict(role_args(path), mode='0640'))
    assert again.result['changed'] is False


def test_the_cluster_can_be_removed_in_the_same_call(monkeypatch, tmp_path):
    path = write(tmp_path, stock_server_xml())
    run(monkeypatch, tomcat_server_xml, role_args(path))
    res = run(monkeypatch, tomcat_server_xml, dict(path=path, cluster=dict(state='absent')))
    assert res.result['changes'] == ['Cluster: removed from the Engine of Service Catalina']
    without = write(tmp_path, stock_server_xml(), name='without.xml')
    run(monkeypatch, tomcat_server_xml, dict(role_args(without), cluster=None))
    with open(path, 'rb') as a, open(without, 'rb') as b:
        assert a.read() == b.read()


def test_nothing_given_changes_nothing(monkeypatch, tmp_path):
    data = stock_server_xml()
    path = write(tmp_path, data)
    res = run(monkeypatch, tomcat_server_xml, dict(path=path))
    assert res.result['changed'] is False and open(path, 'rb').read() == data


def file_state(path):
    st = os.stat(path)
    with open(path, 'rb') as f:
        return f.read(), st.st_mtime_ns, st.st_ino, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid


@pytest.mark.parametrize('bad, msg', [
    (dict(mode='0999'), "mode '0999' is not an octal number"),
    (dict(mode='u=rw\n'), "mode 'u=rw\\n' is neither octal"),
    (dict(mode=0o17777), 'mode 8191 is out of range'),
    (dict(owner='no-such-user-webtier'), "unknown owner 'no-such-user-webtier'"),
    (dict(group='no-such-group-webtier'), "unknown group 'no-such-group-webtier'"),
    (dict(owner='root\x00'), 'unknown owner'),
])
def test_a_bad_mode_owner_or_group_fails_before_the_valid_edit_is_written(monkeypatch, tmp_path, bad, msg):
    path = write(tmp_path, stock_server_xml(), mode=0o644)
    os.utime(path, (1000000000, 1000000000))
    before = file_state(path)
    res = run(monkeypatch, tomcat_server_xml, dict(role_args(path), **bad))
    assert res.failed and msg in res.result['msg'] and 'the file was not changed' in res.result['msg']
    assert 'exception' not in res.result and '\n' not in res.result['msg'].replace('\\n', '')
    assert file_state(path) == before
    assert sorted(os.listdir(str(tmp_path))) == [os.path.basename(path)]      # no temporary file, no backup left


def test_an_unknown_owner_in_check_mode_is_a_warning_and_a_change(monkeypatch, tmp_path):
    path = write(tmp_path, stock_server_xml())
    run(monkeypatch, tomcat_server_xml, role_args(path))
    before = file_state(path)
    res = run(monkeypatch, tomcat_server_xml, dict(role_args(path), owner='no-such-user-webtier'), check=True)
    assert not res.failed and res.result['changed'] is True
    assert any('owner no-such-user-webtier does not exist' in w for w in res.result['warnings'])
    assert file_state(path) == before


def test_a_nul_byte_in_the_path_fails_cleanly_also_in_check_mode(monkeypatch, tmp_path):
    path = write(tmp_path, stock_server_xml())
    for check in (False, True):
        res = run(monkeypatch, tomcat_server_xml, role_args(path + '\x00.bak'), check=check)
        assert res.failed and 'contains a NUL byte' in res.result['msg'] and 'exception' not in res.result


@pytest.mark.parametrize('check', [False, True])
def test_every_xml_module_refuses_a_nul_byte_in_the_path(monkeypatch, tmp_path, check):
    path = write(tmp_path, stock_server_xml())
    before = file_state(path)
    for module, args in one_task_each(path + '\x00'):
        res = run(monkeypatch, module, args, check=check)
        assert res.failed and 'contains a NUL byte' in res.result['msg'], module.__name__
        assert 'exception' not in res.result
    assert file_state(path) == before
