# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run the XML modules' real main() in tests, and the checks every XML module must pass.

Not a test file: the per-module tests (tests/unit/plugins/modules/test_tomcat_*.py) import it as
``ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_module_runner``.

A case is ``Case(name, module, build, loader, expected, absent)``: ``build(path)`` gives the
module arguments, ``loader()`` the original file, ``expected`` the exact changed lines of a
unified diff (or their number, all additions), ``absent(path)`` the arguments that undo it.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import collections
import difflib
import importlib
import json
import os
import stat

import pytest
import yaml

from ansible.module_utils import basic
from ansible.module_utils.testing import patch_module_args
from ansible.utils.plugin_docs import add_fragments
from ansible_collections.webtier.tomcat_cluster.plugins.doc_fragments import tomcat_xml as tomcat_xml_fragment
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import write

SECRET = 'Zq8kW3nR5tY7uI9oP1aSdF'
SHUTDOWN = 'Kx7Yw2Qs9ShutMeDown'
UID1 = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1}'
UID2 = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2}'
ERROR_VALVE = 'org.apache.catalina.valves.ErrorReportValve'

Case = collections.namedtuple('Case', 'name module build loader expected absent')
Bad = collections.namedtuple('Bad', 'name module build loader msg')

# every fragment of tomcat_xml.py: webtier.tomcat_cluster.tomcat_xml (DOCUMENTATION) and .<name> (NAME)
FRAGMENTS = dict(('webtier.tomcat_cluster.tomcat_xml' + ('' if var == 'DOCUMENTATION' else '.' + var.lower()), text)
                 for var, text in vars(tomcat_xml_fragment.ModuleDocFragment).items() if var.isupper())


class Exit(Exception):
    def __init__(self, result, failed):
        super(Exit, self).__init__(result)
        self.result = result
        self.failed = failed


class _Spec(Exception):
    pass


def name_of(module):
    return module.__name__.rsplit('.', 1)[1]


def run(monkeypatch, module, args, check=False, diff=True):
    """main() with exit_json/fail_json captured (result as passed, before Ansible's filtering)."""
    # AnsibleModule.warn records process-wide, or prints once a controller module was imported
    # by any test: collect this run's warnings directly
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, msg: warnings.append(msg))

    def exit_json(self, **kwargs):
        kwargs['warnings'] = warnings
        raise Exit(kwargs, False)

    def fail_json(self, **kwargs):
        raise Exit(kwargs, True)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)
    full = dict(args)
    full['_ansible_check_mode'] = check
    full['_ansible_diff'] = diff
    with patch_module_args(full):
        with pytest.raises(Exit) as info:
            module.main()
    return info.value


def run_json(capsys, module, args, check=False):
    """main() as Ansible runs it: the printed JSON result, invocation and no_log filtering included."""
    full = dict(args, _ansible_check_mode=check, _ansible_diff=True)
    capsys.readouterr()
    with patch_module_args(full):
        with pytest.raises(SystemExit):
            module.main()
    out = capsys.readouterr().out
    return out, json.loads(out)


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


class _FragmentLoader(object):
    """The doc fragments of ansible.builtin and of this collection by name, as ansible-doc's loader finds them."""

    PACKAGES = {'ansible.builtin': 'ansible.plugins.doc_fragments',
                'webtier.tomcat_cluster': 'ansible_collections.webtier.tomcat_cluster.plugins.doc_fragments'}

    def get(self, name):
        collection, dummy, plugin = name.rpartition('.')
        if collection not in self.PACKAGES:
            return None     # add_fragments then retries with the last part as the variable (tomcat_xml.server_xml)
        fragment = importlib.import_module('%s.%s' % (self.PACKAGES[collection], plugin)).ModuleDocFragment
        return type('ModuleDocFragment', (fragment,), {'ansible_name': name})


def merged_documentation(module):
    """The module's DOCUMENTATION with its doc fragments merged, by ansible's own add_fragments (as ansible-doc
    renders it; ``extends_documentation_fragment`` is consumed)."""
    doc = yaml.safe_load(module.DOCUMENTATION)
    add_fragments(doc, module.__file__, _FragmentLoader(), is_module=True)
    return doc


def check_module_documentation(monkeypatch, module, returns, doc=None, every_example=True):
    """What every module's documentation must do: name the module, version_added and author; RETURN has exactly
    the keys ``returns``; the EXAMPLES use the module (``every_example``: all of them, else at least one); the
    options of DOCUMENTATION (or of ``doc``, the parsed one with its fragments merged) are the argument spec's,
    and the module supports check mode. Returns ``(doc, ret, captured)`` (``captured``: :func:`argument_spec`)."""
    name = name_of(module)
    doc = doc or yaml.safe_load(module.DOCUMENTATION)
    ret = yaml.safe_load(module.RETURN)
    assert doc['module'] == name and doc['version_added'] == '0.1.0' and doc['author']
    assert set(ret) == set(returns)
    uses = ['webtier.tomcat_cluster.%s' % name in task for task in yaml.safe_load(module.EXAMPLES)]
    assert all(uses) if every_example else any(uses)
    captured = argument_spec(monkeypatch, module)
    assert captured['kwargs']['supports_check_mode'] is True
    compare_options(doc['options'], captured['spec'], name)
    return doc, ret, captured


def check_documentation(monkeypatch, module):
    """An XML module: DOCUMENTATION (with its fragments) matches the argument spec; EXAMPLES and RETURN fit."""
    doc = yaml.safe_load(module.DOCUMENTATION)
    assert 'webtier.tomcat_cluster.tomcat_xml' in doc['extends_documentation_fragment']
    for fragment in doc['extends_documentation_fragment']:
        if fragment in FRAGMENTS:
            doc.setdefault('options', {}).update(yaml.safe_load(FRAGMENTS[fragment])['options'])
    dummy, dummy, captured = check_module_documentation(monkeypatch, module, {'path', 'changes', 'backup_file', 'msg'}, doc)
    for opt in ('secret', 'shutdown', 'attributes'):
        if opt in captured['spec']:
            assert captured['spec'][opt]['no_log'] is True


def unified(before, after):
    return [line for line in difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm='', n=0)
            if line[:1] in '+-' and not line.startswith(('+++', '---'))]


def file_name(module):
    return 'web.xml' if name_of(module) == 'tomcat_distributable' else 'server.xml'


def check_apply_idempotent_absent(monkeypatch, tmp_path, case):
    """Check mode writes nothing; apply changes exactly the expected lines; rerun and absent."""
    module, original = case.module, case.loader()
    sub = tmp_path / 'WEB-INF'
    sub.mkdir()
    path = write(sub, original, name=file_name(module), mode=0o640)
    args = case.build(path)

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
    if isinstance(case.expected, int):
        assert len(lines) == case.expected and all(line.startswith('+') for line in lines)
    else:
        assert lines == case.expected
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

    if case.absent is not None:
        res = run(monkeypatch, module, case.absent(path))
        assert res.result['changed'] is True
        assert open(path, 'rb').read() == original
        res = run(monkeypatch, module, case.absent(path))
        assert res.result['changed'] is False


def check_new_host_check_mode(monkeypatch, tmp_path, case):
    """Check mode on a file that does not exist yet: changed with a note; a real run fails."""
    path = str(tmp_path / 'base' / 'conf' / file_name(case.module))
    res = run(monkeypatch, case.module, case.build(path), check=True)
    assert not res.failed and res.result['changed'] is True and res.result['changes'] == []
    assert 'does not exist yet' in res.result['msg'] and res.result['msg'] in res.result['warnings']
    assert not os.path.exists(str(tmp_path / 'base'))
    res = run(monkeypatch, case.module, case.build(path))
    assert res.failed and res.result['msg'] == '%s does not exist' % path


def check_bad_input(monkeypatch, tmp_path, bad):
    """A clear one-line failure, nothing secret in it, the file byte-identical, no stray files."""
    data = bad.loader()
    path = write(tmp_path, data)
    res = run(monkeypatch, bad.module, bad.build(path))
    assert res.failed, res.result
    assert bad.msg in res.result['msg']
    assert 'Traceback' not in res.result['msg']
    assert SECRET not in json.dumps(res.result) and SHUTDOWN not in json.dumps(res.result)
    assert open(path, 'rb').read() == data
    assert os.listdir(str(tmp_path)) == ['server.xml']


def check_new_host_still_validates(monkeypatch, tmp_path, module, args, msg):
    res = run(monkeypatch, module, dict(args, path=str(tmp_path / 'server.xml')), check=True)
    assert res.failed and msg in res.result['msg']


class XmlModuleContract(object):
    """The checks every XML module passes, written once: a module's test file subclasses it (as ``TestContract``)
    with ``module``, ``cases`` (:class:`Case`: check mode, apply, idempotency, absent), ``new_host_cases`` (check
    mode on a host without the file; default: ``cases``) and ``bad`` (:class:`Bad`); pytest parametrizes the
    tests below with them (``pytest_generate_tests``) and names each by its ``name``."""

    module = None
    cases = ()
    new_host_cases = None
    bad = ()

    def pytest_generate_tests(self, metafunc):
        for arg, values in (('case', self.cases), ('new_host_case', self.new_host_cases or self.cases), ('bad', self.bad)):
            if arg in metafunc.fixturenames:
                metafunc.parametrize(arg, values, ids=[v.name for v in values])

    def test_documentation_matches_argument_spec(self, monkeypatch):
        check_documentation(monkeypatch, self.module)

    def test_check_apply_idempotent_absent(self, monkeypatch, tmp_path, case):
        check_apply_idempotent_absent(monkeypatch, tmp_path, case)

    def test_check_mode_on_a_new_host_reports_a_change(self, monkeypatch, tmp_path, new_host_case):
        check_new_host_check_mode(monkeypatch, tmp_path, new_host_case)

    def test_bad_input_fails_clearly_and_leaves_the_file_alone(self, monkeypatch, tmp_path, bad):
        check_bad_input(monkeypatch, tmp_path, bad)


class NewHostValidation(object):
    """With :class:`XmlModuleContract`, for a module that validates its arguments even before the file exists:
    ``invalid_on_new_host = (args, words of the failure)``."""

    invalid_on_new_host = ()   # (args, words of the failure): set by the subclass

    def test_check_mode_on_a_new_host_still_validates(self, monkeypatch, tmp_path):
        check_new_host_still_validates(monkeypatch, tmp_path, self.module, *self.invalid_on_new_host)
