# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""tomcat_engine through its real main(), plus what every XML module shares: missing lxml,
ownership, unexpected errors, unsupported encodings, an immutable file."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import stat
import subprocess

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _tomcat_xml_module
from ansible_collections.webtier.tomcat_cluster.plugins.modules import tomcat_engine
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner import (
    SECRET, Bad, Case, run, XmlModuleContract, NewHostValidation,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import conf_web_xml, stock_server_xml, write

CASE = Case('engine', tomcat_engine, lambda p: dict(path=p, jvm_route='a-was1'), stock_server_xml,
            ['-    <Engine name="Catalina" defaultHost="localhost">',
             '+    <Engine name="Catalina" defaultHost="localhost" jvmRoute="a-was1">'],
            lambda p: dict(path=p, jvm_route=''))

BAD = [
    Bad('web.xml-as-server.xml', tomcat_engine, lambda p: dict(path=p, jvm_route='a'), conf_web_xml, 'is not a Tomcat server.xml'),
    Bad('jvm-route-newline', tomcat_engine, lambda p: dict(path=p, jvm_route='was1\n'), stock_server_xml, 'may only contain'),
    Bad('unknown-host', tomcat_engine, lambda p: dict(path=p, default_host='www'), stock_server_xml, 'is not one of the Engine'),
    Bad('no-service', tomcat_engine, lambda p: dict(path=p, service='Other', jvm_route='a'), stock_server_xml, 'no <Service name="Other">'),
]


class TestContract(XmlModuleContract, NewHostValidation):
    """The checks every XML module passes (tests/unit/helpers/tomcat_xml_module_runner.py)."""

    module = tomcat_engine
    cases = [CASE]
    bad = BAD
    invalid_on_new_host = (dict(jvm_route='was1\n'), 'may only contain')


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
    monkeypatch.setattr(_tomcat_xml_module, 'HAS_LXML', False)
    monkeypatch.setattr(_tomcat_xml_module, 'LXML_IMPORT_ERROR', 'ImportError: No module named lxml')
    path = write(tmp_path, stock_server_xml())
    res = run(monkeypatch, tomcat_engine, dict(path=path, jvm_route='a'))
    assert res.failed and 'lxml' in res.result['msg']


def test_unexpected_errors_are_reported_without_traceback_in_msg(monkeypatch, tmp_path):
    from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _tomcat_xml_module

    def boom(*args, **kwargs):
        def edit(doc):
            raise KeyError(SECRET)
        return edit

    monkeypatch.setattr(tomcat_engine, 'engine_edit', boom)
    data = stock_server_xml()
    path = write(tmp_path, data)
    res = run(monkeypatch, tomcat_engine, dict(path=path, jvm_route='a'))
    assert res.failed and res.result['msg'].startswith('unexpected KeyError while editing')
    assert SECRET not in res.result['msg'] and open(path, 'rb').read() == data
    assert _tomcat_xml_module.engine_edit is not boom


@pytest.mark.parametrize('encoding', ['idna', 'undefined', 'unknown'])
def test_declared_codec_gives_a_clear_message(monkeypatch, tmp_path, encoding):
    data = stock_server_xml().replace(b'encoding="UTF-8"', b'encoding="%s"' % encoding.encode(), 1)
    path = write(tmp_path, data)
    res = run(monkeypatch, tomcat_engine, dict(path=path, jvm_route='a1'))
    assert res.failed and 'names the encoding "%s", which this module does not support' % encoding in res.result['msg']
    assert open(path, 'rb').read() == data


def test_immutable_file_reports_the_os_error(monkeypatch, tmp_path):
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
