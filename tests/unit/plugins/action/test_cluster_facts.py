# SPDX-License-Identifier: GPL-3.0-or-later
"""The action cluster_facts: which inputs decide the model, the run's identity, the seed as the roles' defaults."""

import os

import yaml

from ansible_collections.webtier.tomcat_cluster.plugins.action import cluster_facts as action
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _seed as seed

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
GROUPS = {'was': ['was-01', 'was-02'], 'web': ['web-01']}


def args(**kw):
    out = dict(was_group='was', web_group='web', host=None, settings={}, web={}, web_addresses_required=None)
    out.update(kw)
    return out


def hostvars(**per_host):
    base = {'was-01': {'ansible_facts': {'default_ipv4': {'address': '10.0.0.1'}}},
            'was-02': {'ansible_facts': {'default_ipv4': {'address': '10.0.0.2'}}},
            'web-01': {'ansible_facts': {'default_ipv4': {'address': '10.0.1.1'}}}}
    for host, extra in per_host.items():
        base[host].update(extra)
    return base


def role_defaults(role):
    with open(os.path.join(ROOT, 'roles', role, 'defaults', 'main.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def test_the_seed_is_the_roles_defaults():
    tomcat, httpd = role_defaults('tomcat'), role_defaults('httpd_modjk')
    assert dict((k, tomcat[k]) for k in seed.TOMCAT) == seed.TOMCAT
    assert dict((k, httpd[k]) for k in seed.WEB) == seed.WEB
    assert tomcat['tomcat_ajp_allowed_sources'] == seed.FIREWALL['tomcat_ajp_allowed_sources']
    assert 'default(true)' in tomcat['tomcat_firewall_manage'] and seed.FIREWALL['tomcat_firewall_manage'] is True


def test_a_was_hosts_defaults_inventory_and_facts_are_not_inputs():
    """The tomcat role passes every resolved value: those the model would take anyway change nothing."""
    settings = dict(seed.tomcat(), tomcat_private_address='10.0.0.1', tomcat_version='10.1.60')
    hv = hostvars(**{'was-01': {'tomcat_version': '10.1.60'}})
    inputs = action.effective_inputs(hv, GROUPS, args(host='was-01', settings=settings, web_addresses_required=True))
    assert inputs['settings'] == {} and inputs['host'] is None
    # the web side asks with nothing: the same inputs, so the same model is reused
    assert action.digest(inputs) == action.digest(action.effective_inputs(hv, GROUPS, args()))


def test_a_play_variable_is_an_input():
    settings = dict(seed.tomcat(), tomcat_catalina_opts='-Xmx2g')
    inputs = action.effective_inputs(hostvars(), GROUPS, args(host='was-01', settings=settings))
    assert inputs['settings'] == {'tomcat_catalina_opts': '-Xmx2g'} and inputs['host'] == 'was-01'


def test_the_web_inputs_come_from_the_caller_then_the_first_web_host_then_the_seed():
    hv = hostvars(**{'web-01': {'httpd_modjk_server_name_suffix': '.example.org'}})
    inputs = action.effective_inputs(hv, GROUPS, args())
    assert inputs['web'] == dict(seed.WEB, httpd_modjk_server_name_suffix='.example.org')
    inputs = action.effective_inputs(hv, GROUPS, args(web={'httpd_modjk_default_mounts': ['/app/*']}))
    assert inputs['web']['httpd_modjk_default_mounts'] == ['/app/*']
    assert action.effective_inputs({}, {'was': []}, args())['web'] == seed.WEB


def test_unknown_web_addresses_are_listed_not_errors():
    """A play limited to some web hosts has not gathered the others' facts: the web role's model must still work;
    the tomcat role, which opens AJP to them, refuses them itself (tasks/validate.yml)."""
    from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _cluster_model as model
    inputs = {'was-01': {model.FACTS_ADDRESS: '10.0.0.1'}, 'was-02': {model.FACTS_ADDRESS: '10.0.0.2'}}
    built = model.build_model(['was-01', 'was-02'], ['web-01'], inputs, seed.tomcat())
    assert built['errors'] == []
    assert len(built['web_addresses_unknown']) == 1 and built['web_addresses_unknown'][0].startswith('web-01: ')
    required = model.build_model(['was-01', 'was-02'], ['web-01'], inputs, seed.tomcat(), web_addresses_required=True)
    assert required['errors'] == required['web_addresses_unknown']


def test_the_run_is_the_ansible_playbook_process(tmp_path):
    (tmp_path / '4242').mkdir()
    (tmp_path / '4242' / 'stat').write_text('4242 (ansible-playboo) S ' + ' '.join(str(n) for n in range(1, 30)))
    assert action.run_id(4242, str(tmp_path)) == '4242-19'  # field 22 of stat: the start time
    assert action.run_id(4343, str(tmp_path)) == '4343-?'
    assert action.run_id() == action.run_id()
