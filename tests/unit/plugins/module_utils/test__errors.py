# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One base error (plugins/module_utils/_errors.py) and one failure path for the modules."""

from __future__ import annotations

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp import AjpError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._directories import DirectoriesError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError, fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._file_contents import FileContentsError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._files_differing import FilesDifferingError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._firewalld_access import FirewalldAccessError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._httpd_tls import TlsPlanError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._java_home import JavaHomeError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._jkstatus import JkStatusError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._roll import RollError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._selinux_ports import SelinuxPortsError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tls_files import TlsToolError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import TomcatXmlError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import ValidationError

PLAIN = (DirectoriesError, FilesDifferingError, TlsToolError, TomcatXmlError)
VALUE_ERRORS = (TlsPlanError, JavaHomeError, RollError, SelinuxPortsError, ValidationError)


class Module:
    def __init__(self):
        self.failed = None

    def fail_json(self, **kwargs):
        self.failed = kwargs


def failed(exc, **kwargs):
    module = Module()
    fail(module, exc, **kwargs)
    return module.failed


@pytest.mark.parametrize('cls', PLAIN + VALUE_ERRORS)
def test_every_module_utils_error_is_a_webtier_error_with_its_old_shape(cls):
    exc = cls('bad input')
    assert isinstance(exc, WebtierError) and str(exc) == 'bad input' and exc.args == ('bad input',)
    assert exc.msg == 'bad input' and exc.kind is None and exc.details == {}
    if cls in VALUE_ERRORS:
        # callers catch these as ValueError
        assert isinstance(exc, ValueError)
    assert failed(exc) == {'msg': 'bad input'}


def test_the_errors_with_a_kind_or_details_keep_their_attributes():
    ajp = AjpError('timeout', 'no answer')
    assert str(ajp) == 'timeout: no answer' and ajp.msg == 'no answer' and ajp.kind == 'timeout'
    jk = JkStatusError('read_only', 'read-only status worker', result={'changed': True})
    assert str(jk) == jk.msg == 'read-only status worker' and jk.kind == 'read_only'
    assert jk.details == {'result': {'changed': True}}
    fw = FirewalldAccessError('refused', changed=True)
    assert str(fw) == fw.msg == 'refused' and fw.kind is None and fw.details == {'changed': True}
    fc = FileContentsError('cannot write', path='/x')
    assert (str(fc), fc.path, fc.exception, fc.partial, fc.kind) == ('cannot write', '/x', None, None, None)


def test_fail_puts_the_message_the_kind_and_the_result():
    assert failed(JkStatusError('invalid', 'bad url'), changed=False) == {
        'msg': 'bad url', 'error': 'invalid', 'changed': False}
    assert list(failed(JkStatusError('invalid', 'bad url'), changed=False)) == ['msg', 'error', 'changed']
    # a result that names the error itself wins, in its own place
    out = failed(AjpError('refused', 'no'), msg='GET / failed (refused): no', url='x', error='refused', elapsed=0.1)
    assert out == {'msg': 'GET / failed (refused): no', 'url': 'x', 'error': 'refused', 'elapsed': 0.1}
    assert list(out) == ['msg', 'url', 'error', 'elapsed']
    assert failed(ValueError('port must be 1..65535'), url='x') == {'msg': 'port must be 1..65535', 'url': 'x'}
    assert 'exception' not in failed(TomcatXmlError('broken'), path='/p')


def test_fail_uses_a_message_extended_after_the_error_was_raised():
    exc = FirewalldAccessError('refused', changes=[])
    exc.msg += ' (already changed)'
    exc.details['changed'] = True
    assert failed(exc, **exc.details) == {'msg': 'refused (already changed)', 'changes': [], 'changed': True}
