# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The five XML modules through their real main(): docs, check mode, diff, idempotency, failures."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import difflib
import json
import os
import stat
import sys

import pytest
import yaml

from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args
from ansible_collections.webtier.tomcat_cluster.plugins.doc_fragments import tomcat_xml as tomcat_xml_fragment
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import tomcat_xml
from ansible_collections.webtier.tomcat_cluster.plugins.modules import (
    tomcat_cluster, tomcat_connector, tomcat_distributable, tomcat_engine, tomcat_server, tomcat_valve,
)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'module_utils'))
from test_tomcat_xml_sources import (  # noqa: E402 pylint: disable=wrong-import-position
    conf_web_xml, debian_server_xml, root_web_xml, stock_server_xml, write,
)

MODULES = [tomcat_server, tomcat_connector, tomcat_engine, tomcat_cluster, tomcat_distributable, tomcat_valve]
SECRET = 'Zq8kW3nR5tY7uI9oP1aSdF'
SHUTDOWN = 'Kx7Yw2Qs9ShutMeDown'
UID1 = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}'
UID2 = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2}'
ERROR_VALVE = 'org.apache.catalina.valves.ErrorReportValve'


class _Exit(Exception):
    def __init__(self, result, failed):
        super(_Exit, self).__init__(result)
        self.result = result
        self.failed = failed


class _Spec(Exception):
    pass


def run(monkeypatch, module, args, check=False, diff=True):
    # AnsibleModule.warn records process-wide, or prints once a controller module was imported
    # by any test: collect this run's warnings directly
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, msg: warnings.append(msg))

    def exit_json(self, **kwargs):
        kwargs['warnings'] = warnings
        raise _Exit(kwargs, False)

    def fail_json(self, **kwargs):
        raise _Exit(kwargs, True)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)
    full = dict(args)
    full['_ansible_check_mode'] = check
    full['_ansible_diff'] = diff
    with patch_module_args(full):
        with pytest.raises(_Exit) as info:
            module.main()
    return info.value


def argument_spec(monkeypatch, module):
    captured = {}

    def init(self, argument_spec, **kwargs):
        captured['spec'] = argument_spec
        captured['kwargs'] = kwargs
        raise _Spec()

    monkeypatch.setattr(basic.AnsibleModule, '__init__', init)
    with pytest.raises(_Spec):
        module.main()
    return captured


def compare_options(doc_opts, spec, where):
    assert set(doc_opts) == set(spec), where
    for name, sd in spec.items():
        dd = doc_opts[name]
        w = '%s.%s' % (where, name)
        assert dd.get('type', 'str') == sd.get('type', 'str'), w
        assert dd.get('default') == sd.get('default'), w
        assert dd.get('choices') == sd.get('choices'), w
        assert bool(dd.get('required', False)) == bool(sd.get('required', False)), w
        assert dd.get('elements') == sd.get('elements'), w
        assert dd.get('description'), w
        if 'options' in sd:
            compare_options(dd['suboptions'], sd['options'], w)
        else:
            assert 'suboptions' not in dd, w


@pytest.mark.parametrize('module', MODULES, ids=[m.__name__.rsplit('.', 1)[1] for m in MODULES])
def test_documentation_matches_argument_spec(monkeypatch, module):
    name = module.__name__.rsplit('.', 1)[1]
    doc = yaml.safe_load(module.DOCUMENTATION)
    assert 'webtier.tomcat_cluster.tomcat_xml' in doc['extends_documentation_fragment']
    doc['options'].update(yaml.safe_load(tomcat_xml_fragment.ModuleDocFragment.DOCUMENTATION)['options'])
    if 'webtier.tomcat_cluster.tomcat_xml.server_xml' in doc['extends_documentation_fragment']:
        doc['options'].update(yaml.safe_load(tomcat_xml_fragment.ModuleDocFragment.SERVER_XML)['options'])
    examples = yaml.safe_load(module.EXAMPLES)
    ret = yaml.safe_load(module.RETURN)
    assert doc['module'] == name and doc['version_added'] == '0.1.0' and doc['author']
    assert set(ret) == {'path', 'changes', 'backup_file', 'msg'}
    assert all('webtier.tomcat_cluster.%s' % name in task for task in examples)
    captured = argument_spec(monkeypatch, module)
    assert captured['kwargs']['supports_check_mode'] is True
    compare_options(doc['options'], captured['spec'], name)
    for opt in ('secret', 'shutdown'):
        if opt in captured['spec']:
            assert captured['spec'][opt]['no_log'] is True


def unified(before, after):
    return [line for line in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm='', n=0)
            if line[:1] in '+-' and not line.startswith(('+++', '---'))]


# (module, args builder, file loader, expected changed lines, absent args)
def connector_args(path):
    return dict(path=path, port=8009, protocol='AJP/1.3', address='127.0.0.1', secret=SECRET,
                attributes={'tomcatAuthentication': False, 'maxParameterCount': '1000'})


def cluster_args(path):
    return dict(path=path, channel_send_options=6,
                membership=dict(type='static', members=[dict(host='127.0.0.1', port=4000, unique_id=UID1),
                                                        dict(host='127.0.0.1', port=4001, unique_id=UID2)]),
                receiver=dict(address='127.0.0.1', port=4000))


CASES = [
    ('server', tomcat_server, lambda p: dict(path=p, port=8015, shutdown=SHUTDOWN), stock_server_xml,
     ['-<Server port="8005" shutdown="SHUTDOWN">', '+<Server port="8015" shutdown="%s">' % SHUTDOWN], None),
    ('server-debian', tomcat_server, lambda p: dict(path=p, port=8015), debian_server_xml,
     ['-<Server port="-1" shutdown="SHUTDOWN">', '+<Server port="8015" shutdown="SHUTDOWN">'], None),
    ('connector', tomcat_connector, connector_args, stock_server_xml,
     ['+    <Connector port="8009"', '+               protocol="AJP/1.3"', '+               address="127.0.0.1"',
      '+               secret="%s"' % SECRET, '+               tomcatAuthentication="false"',
      '+               maxParameterCount="1000" />'],
     lambda p: dict(path=p, port=8009, state='absent')),
    ('engine', tomcat_engine, lambda p: dict(path=p, jvm_route='a-was1'), stock_server_xml,
     ['-    <Engine name="Catalina" defaultHost="localhost">',
      '+    <Engine name="Catalina" defaultHost="localhost" jvmRoute="a-was1">'],
     lambda p: dict(path=p, jvm_route='')),
    ('cluster', tomcat_cluster, cluster_args, debian_server_xml, 18, lambda p: dict(path=p, state='absent')),
    ('distributable', tomcat_distributable, lambda p: dict(path=p), root_web_xml, ['+  <distributable/>'],
     lambda p: dict(path=p, state='absent')),
    ('valve', tomcat_valve, lambda p: dict(path=p, class_name=ERROR_VALVE, attributes=dict(showReport=False, showServerInfo=False)),
     stock_server_xml, ['+        <Valve className="%s"' % ERROR_VALVE, '+               showReport="false"',
                        '+               showServerInfo="false" />'],
     lambda p: dict(path=p, class_name=ERROR_VALVE, state='absent')),
    ('server-port-disabled', tomcat_server, lambda p: dict(path=p, port=-1, address='127.0.0.1'), stock_server_xml,
     ['-<Server port="8005" shutdown="SHUTDOWN">', '+<Server port="-1" shutdown="SHUTDOWN">'], None),
]


@pytest.mark.parametrize('case', CASES, ids=[c[0] for c in CASES])
def test_check_apply_idempotent_absent(monkeypatch, tmp_path, case):
    _name, module, build, loader, expected, absent = case
    original = loader()
    sub = tmp_path / 'WEB-INF'
    sub.mkdir()
    path = write(sub, original, name='web.xml' if module is tomcat_distributable else 'server.xml', mode=0o640)
    args = build(path)

    # check mode: reports the change and the diff, writes nothing
    res = run(monkeypatch, module, args, check=True)
    assert not res.failed and res.result['changed'] is True
    assert res.result['diff']['before'] != res.result['diff']['after']
    assert open(path, 'rb').read() == original
    assert sorted(os.listdir(str(sub))) == [os.path.basename(path)]

    # apply: only the intended lines change
    res = run(monkeypatch, module, dict(args, backup=True))
    assert not res.failed and res.result['changed'] is True and res.result['changes']
    assert res.result['warnings'] == []
    after = open(path, 'rb').read()
    lines = unified(original, after)
    if isinstance(expected, int):
        assert len(lines) == expected and all(line.startswith('+') for line in lines)
    else:
        assert lines == expected
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert open(res.result['backup_file'], 'rb').read() == original
    os.unlink(res.result['backup_file'])
    # secrets never in the result, the diff or the change list
    dumped = json.dumps(res.result)
    assert SECRET not in dumped and SHUTDOWN not in dumped

    # second apply: no change, byte-identical
    res = run(monkeypatch, module, args)
    assert res.result['changed'] is False and res.result['changes'] == [] and 'diff' not in res.result
    assert open(path, 'rb').read() == after

    if absent is not None:
        res = run(monkeypatch, module, absent(path))
        assert res.result['changed'] is True
        assert open(path, 'rb').read() == original
        res = run(monkeypatch, module, absent(path))
        assert res.result['changed'] is False


def test_diff_shows_the_change_and_hides_secrets(monkeypatch, tmp_path):
    path = write(tmp_path, stock_server_xml())
    res = run(monkeypatch, tomcat_connector, connector_args(path), check=True)
    diff = res.result['diff']
    assert 'secret="(hidden, changed)"' in diff['after']
    assert SECRET not in json.dumps(res.result)
    res = run(monkeypatch, tomcat_server, dict(path=path, shutdown=SHUTDOWN), check=True)
    assert res.result['changes'] == ['Server: shutdown (hidden) -> (hidden)']
    assert 'shutdown="(hidden, changed)"' in res.result['diff']['after']
    assert SHUTDOWN not in json.dumps(res.result)
    res = run(monkeypatch, tomcat_server, dict(path=path, port=8015), diff=False)
    assert 'diff' not in res.result


BAD = [
    ('malformed', tomcat_connector, connector_args, lambda: stock_server_xml()[:-20], 'not well-formed XML'),
    ('web.xml-as-server.xml', tomcat_engine, lambda p: dict(path=p, jvm_route='a'), conf_web_xml, 'is not a Tomcat server.xml'),
    ('server.xml-as-web.xml', tomcat_distributable, lambda p: dict(path=p), stock_server_xml, 'root element is <Server>'),
    ('no-service', tomcat_connector, lambda p: dict(connector_args(p), service='Other'), stock_server_xml, 'no <Service name="Other">'),
    ('no-engine', tomcat_cluster, cluster_args, lambda: stock_server_xml().replace(b'<Engine name="Catalina" defaultHost="localhost">', b'<Egnine>')
     .replace(b'</Engine>\n  </Service>', b'</Egnine>\n  </Service>'), 'has no <Engine>'),
    ('duplicate-connectors', tomcat_connector, lambda p: dict(path=p, port=8080, attributes={'maxThreads': 10}),
     lambda: stock_server_xml().replace(b'<!-- A "Connector" using the shared thread pool-->', b'<Connector port="8080"/>'),
     '2 live Connectors use port 8080'),
    ('invalid-port', tomcat_connector, lambda p: dict(path=p, port=70000, protocol='HTTP/1.1'), stock_server_xml, 'between 1 and 65535'),
    ('invalid-shutdown-port', tomcat_server, lambda p: dict(path=p, port=-5, shutdown=SHUTDOWN), stock_server_xml, 'between 1 and 65535'),
    ('invalid-redirect', tomcat_connector, lambda p: dict(connector_args(p), redirect_port=0), stock_server_xml, 'redirect_port'),
    ('invalid-uniqueid', tomcat_cluster,
     lambda p: dict(cluster_args(p), membership=dict(type='static', members=[dict(host='127.0.0.1', port=4000, unique_id='{1,2,3}')])),
     stock_server_xml, 'exactly 16 bytes'),
    ('receiver-not-a-member', tomcat_cluster, lambda p: dict(cluster_args(p), receiver=dict(address='127.0.0.1', port=4002)),
     stock_server_xml, 'must match exactly one static member'),
    ('non-string-attribute', tomcat_connector, lambda p: dict(connector_args(p), attributes={'maxThreads': [1, 2]}),
     stock_server_xml, 'must be a string, boolean or integer'),
    ('ajp-without-secret', tomcat_connector, lambda p: dict(path=p, port=8009, protocol='AJP/1.3', address='0.0.0.0',
                                                            secret_required=False), stock_server_xml, 'without a secret'),
    ('ajp-secret-required', tomcat_connector, lambda p: dict(path=p, port=8009, protocol='AJP/1.3'), stock_server_xml,
     'refuses to start'),
]


@pytest.mark.parametrize('case', BAD, ids=[c[0] for c in BAD])
def test_bad_input_fails_clearly_and_leaves_the_file_alone(monkeypatch, tmp_path, case):
    _name, module, build, loader, msg = case
    data = loader()
    path = write(tmp_path, data)
    res = run(monkeypatch, module, build(path))
    assert res.failed, res.result
    assert msg in res.result['msg']
    assert 'Traceback' not in res.result['msg']
    assert SECRET not in json.dumps(res.result) and SHUTDOWN not in json.dumps(res.result)
    assert open(path, 'rb').read() == data
    assert os.listdir(str(tmp_path)) == ['server.xml']


@pytest.mark.skipif(not hasattr(os, 'geteuid') or os.geteuid() != 0, reason='needs root to chown')
def test_apply_keeps_owner_group_and_mode(monkeypatch, tmp_path):
    path = write(tmp_path, stock_server_xml(), mode=0o640)
    os.chown(path, 4321, 4322)
    res = run(monkeypatch, tomcat_engine, dict(path=path, jvm_route='a-was1'))
    assert res.result['changed']
    st = os.stat(path)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 4322, 0o640)
    assert os.listdir(str(tmp_path)) == ['server.xml']


def test_missing_file_and_missing_lxml(monkeypatch, tmp_path):
    res = run(monkeypatch, tomcat_engine, dict(path=str(tmp_path / 'nope.xml'), jvm_route='a'))
    assert res.failed and 'does not exist' in res.result['msg']
    monkeypatch.setattr(tomcat_xml, 'HAS_LXML', False)
    monkeypatch.setattr(tomcat_xml, 'LXML_IMPORT_ERROR', 'ImportError: No module named lxml')
    path = write(tmp_path, stock_server_xml())
    res = run(monkeypatch, tomcat_engine, dict(path=path, jvm_route='a'))
    assert res.failed and 'lxml' in res.result['msg']


@pytest.mark.parametrize('case', CASES, ids=[c[0] for c in CASES])
def test_check_mode_on_a_new_host_reports_a_change(monkeypatch, tmp_path, case):
    _name, module, build, _loader, _expected, _absent = case
    path = str(tmp_path / 'base' / 'conf' / 'server.xml')
    res = run(monkeypatch, module, build(path), check=True)
    assert not res.failed and res.result['changed'] is True and res.result['changes'] == []
    assert 'does not exist yet' in res.result['msg'] and res.result['msg'] in res.result['warnings']
    assert not os.path.exists(str(tmp_path / 'base'))
    # outside check mode the missing file stays an error
    res = run(monkeypatch, module, build(path))
    assert res.failed and res.result['msg'] == '%s does not exist' % path


@pytest.mark.parametrize('module,args,msg', [
    (tomcat_engine, dict(jvm_route='was1\n'), 'may only contain'),
    (tomcat_connector, dict(port=8009, protocol='AJP/1.3', attributes={'secret': 'x'}), 'set secret with the secret option'),
    (tomcat_cluster, dict(channel_send_options=2 ** 40), 'channel_send_options must be between'),
    (tomcat_server, dict(port=70000), 'port must be between'),
])
def test_check_mode_on_a_new_host_still_validates(monkeypatch, tmp_path, module, args, msg):
    res = run(monkeypatch, module, dict(args, path=str(tmp_path / 'server.xml')), check=True)
    assert res.failed and msg in res.result['msg']


def test_unexpected_errors_are_reported_without_traceback_in_msg(monkeypatch, tmp_path):
    from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import tomcat_xml_server

    def boom(**kwargs):
        def edit(doc):
            raise KeyError(SECRET)
        return edit

    monkeypatch.setattr(tomcat_engine, 'plan_engine', boom)
    data = stock_server_xml()
    path = write(tmp_path, data)
    res = run(monkeypatch, tomcat_engine, dict(path=path, jvm_route='a'))
    assert res.failed and res.result['msg'].startswith('unexpected KeyError while editing')
    assert SECRET not in res.result['msg'] and open(path, 'rb').read() == data
    assert tomcat_xml_server.plan_engine is not boom


def test_distributable_warns_outside_web_inf(monkeypatch, tmp_path):
    path = write(tmp_path, conf_web_xml(), name='web.xml')
    res = run(monkeypatch, tomcat_distributable, dict(path=path), check=True)
    assert res.result['changed'] and any('WEB-INF/web.xml' in w for w in res.result['warnings'])


# ---------------------------------------------------------------------------------------------
# hostile input through the whole AnsibleModule pipeline (invocation, no_log scrubbing)
# ---------------------------------------------------------------------------------------------

def run_json(capsys, module, args, check=False):
    """main() as Ansible runs it: the printed JSON result, invocation and no_log filtering included."""
    full = dict(args, _ansible_check_mode=check, _ansible_diff=True)
    capsys.readouterr()
    with patch_module_args(full):
        with pytest.raises(SystemExit):
            module.main()
    out = capsys.readouterr().out
    return out, json.loads(out)


LEAKS = ('TrustLeak1', 'SslLeak2', 'KeyLeak3', 'CertLeak4')


def test_password_like_attributes_never_leave_the_module(capsys, tmp_path):
    data = stock_server_xml().replace(b'               redirectPort="8443" />',
                                      b'               redirectPort="8443"\n               keystorePass="KeyLeak3" />', 1)
    path = write(tmp_path, data)
    attrs = {'truststorePassword': 'TrustLeak1', 'SSLPassword': 'SslLeak2', 'certificateKeystorePassword': 'CertLeak4',
             'maxThreads': '200', 'tomcatAuthentication': False, 'maxParameterCount': 1000}
    out, res = run_json(capsys, tomcat_connector, dict(path=path, port=8080, attributes=attrs), check=True)
    assert res['changed'] is True
    assert not any(leak in out for leak in LEAKS)
    assert res['invocation']['module_args']['attributes'] == dict((k, '(hidden)') for k in attrs)
    after = res['diff']['after']
    # the values of other attributes are not scrubbed from the diff (no_log would hide every "200")
    assert 'maxThreads="200"' in after and 'maxParameterCount="1000"' in after and 'keystorePass="(hidden)"' in after
    assert 'truststorePassword="(hidden, changed)"' in after
    assert 'Connector[port=8080]: SSLPassword unset -> (hidden)' in res['changes']
    assert open(path, 'rb').read() == data


def test_attributes_stay_hidden_when_argument_validation_fails(capsys, tmp_path):
    path = write(tmp_path, stock_server_xml())
    out, res = run_json(capsys, tomcat_connector, dict(path=path, port='eighty', attributes={'truststorePassword': 'TrustLeak1'}))
    assert res['failed'] and 'port' in res['msg']
    assert 'TrustLeak1' not in out


@pytest.mark.parametrize('port,msg', [(True, 'port must be an integer, got a boolean'), (8009.9, 'cannot be converted to an int'),
                                      (2 ** 40, 'port must be between 1 and 65535')])
def test_port_true_and_fractions_are_refused(capsys, tmp_path, port, msg):
    data = stock_server_xml()
    path = write(tmp_path, data)
    out, res = run_json(capsys, tomcat_connector, dict(path=path, port=port, protocol='HTTP/1.1'))
    assert res['failed'] and msg in res['msg'], res['msg']
    assert open(path, 'rb').read() == data


@pytest.mark.parametrize('encoding', ['idna', 'undefined', 'unknown'])
def test_declared_codec_gives_a_clear_message(monkeypatch, tmp_path, encoding):
    data = stock_server_xml().replace(b'encoding="UTF-8"', b'encoding="%s"' % encoding.encode(), 1)
    path = write(tmp_path, data)
    res = run(monkeypatch, tomcat_engine, dict(path=path, jvm_route='a1'))
    assert res.failed and 'names the encoding "%s", which this module does not support' % encoding in res.result['msg']
    assert open(path, 'rb').read() == data


def test_immutable_file_reports_the_os_error(monkeypatch, tmp_path):
    import subprocess
    data = stock_server_xml()
    path = write(tmp_path, data)
    if os.geteuid() != 0 or subprocess.call(['chattr', '+i', path], stderr=subprocess.DEVNULL) != 0:
        pytest.skip('chattr +i not possible here')
    try:
        res = run(monkeypatch, tomcat_engine, dict(path=path, jvm_route='a1', backup=True))
    finally:
        subprocess.call(['chattr', '-i', path])
    assert res.failed and 'Operation not permitted' in res.result['msg'] and 'unexpected' not in res.result['msg']
    assert open(path, 'rb').read() == data
    assert os.listdir(str(tmp_path)) == ['server.xml']


def test_values_with_a_trailing_newline_are_refused(monkeypatch, tmp_path):
    data = stock_server_xml()
    path = write(tmp_path, data)
    for module, args, msg in ((tomcat_engine, dict(jvm_route='was1\n'), 'may only contain'),
                              (tomcat_connector, dict(port=8080, attributes={'foo\n': 'x'}), 'is not a valid attribute name'),
                              (tomcat_server, dict(address='127.0.0.1\n'), 'address must be')):
        res = run(monkeypatch, module, dict(args, path=path))
        assert res.failed and msg in res.result['msg']
        assert open(path, 'rb').read() == data


def test_valve_attributes_are_hidden_like_the_connector_ones(capsys, tmp_path):
    path = write(tmp_path, stock_server_xml())
    attrs = {'showReport': False, 'connectionPassword': 'TrustLeak1', 'errorCode.404': 'x.html'}
    out, res = run_json(capsys, tomcat_valve, dict(path=path, class_name='org.example.Valve', attributes=attrs), check=True)
    assert res['changed'] and 'TrustLeak1' not in out
    assert res['invocation']['module_args']['attributes'] == dict((k, '(hidden)') for k in attrs)
    assert 'errorCode.404="x.html"' in res['diff']['after'] and 'connectionPassword="(hidden, changed)"' in res['diff']['after']


def test_disabled_shutdown_port_removes_the_address(monkeypatch, tmp_path):
    data = stock_server_xml().replace(b'<Server port="8005" shutdown="SHUTDOWN">',
                                      b'<Server port="8005" shutdown="SHUTDOWN" address="127.0.0.1">')
    path = write(tmp_path, data)
    res = run(monkeypatch, tomcat_server, dict(path=path, port=-1, address='127.0.0.1'))
    assert res.result['changes'] == ['Server: port "8005" -> "-1"', 'Server: address "127.0.0.1" -> unset']
    assert open(path, 'rb').read() == stock_server_xml().replace(b'<Server port="8005"', b'<Server port="-1"')
    res = run(monkeypatch, tomcat_server, dict(path=path, port=-1, address='127.0.0.1'))
    assert res.result['changed'] is False
