# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTPS templates of role httpd_modjk rendered by real Ansible (connection local).

Covers the branches the lab does not: a redirecting site, a site with files on the host and a separate chain,
OCSP stapling, HSTS with includeSubDomains, a port other than 443, HTTP compression left on, and a site
without TLS, whose virtual host file must stay exactly what it was before HTTPS existed.
"""

from __future__ import annotations

import json
import os

import pytest
import yaml

from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.playbook import ROOT, run_play

AJP_SECRET = 'Abcdefgh12345678XYZ'
TEMPLATES = os.path.join(ROOT, 'roles', 'httpd_modjk', 'templates')

CHILDREN = yaml.safe_load("""
was:
  hosts:
    was-01: {tomcat_private_address: 10.0.0.1}
web:
  hosts:
    web-01:
      tomcat_private_address: 10.0.1.1
      httpd_modjk_https_port: 8443
      httpd_modjk_tls_hsts_include_subdomains: true
      httpd_modjk_sites:
        - name: a
          server_name: a-site.example
          server_aliases: [www.a-site.example]
          tls: {certificate: /pki/a.crt, key: /pki/a.key, chain: /pki/chain.crt, redirect: true, hsts: true}
        - name: b
          server_name: b-site.example
          unmounts: [/static/*]
          tls: {certificate: /etc/ssl/b.crt, key: /etc/ssl/b.key, chain: /etc/ssl/chain.crt, remote_src: true}
        - name: c
          server_name: c-site.example
    web-02:
      tomcat_private_address: 10.0.1.2
      httpd_modjk_tls_http_compression: true
      httpd_modjk_sites:
        - name: a
          server_name: a-site.example
          tls: {certificate: /pki/a.crt, key: /pki/a.key}
    web-03:
      tomcat_private_address: 10.0.1.3
""")

PLAYBOOK = """- name: Render the HTTPS templates
  hosts: web
  gather_facts: false
  tasks:
    - ansible.builtin.include_role:
        name: webtier.tomcat_cluster.httpd_modjk
        tasks_from: facts.yml
        public: true
    - ansible.builtin.include_vars: %(templates)s/../vars/Debian.yml
    - ansible.builtin.set_fact:
        # what tls_files.yml sets from tls_certificate_info: site a's certificate names a responder
        __httpd_modjk_tls_stapled: "{{ ['a'] if inventory_hostname == 'web-01' else [] }}"
    - ansible.builtin.file:
        path: "%(out)s/{{ inventory_hostname }}"
        state: directory
        mode: "0700"
    - ansible.builtin.template:
        src: %(templates)s/vhost.conf.j2
        dest: "%(out)s/{{ inventory_hostname }}/10-site-{{ item['name'] }}.conf"
        mode: "0600"
      loop: "{{ __httpd_modjk_sites }}"
    - ansible.builtin.template:
        src: %(templates)s/tls.conf.j2
        dest: "%(out)s/{{ inventory_hostname }}/05-tls.conf"
        mode: "0600"
      when: __httpd_modjk_tls_sites | length > 0
    - ansible.builtin.copy:
        content: "{{ {'conf_files': __httpd_modjk_conf_files, 'firewall': httpd_modjk_firewall_ports,
                      'tls_sites': httpd_modjk_topology['tls_sites'] | map(attribute='name'),
                      'https_port': httpd_modjk_topology['https_port']} | to_json }}"
        dest: "%(out)s/{{ inventory_hostname }}/facts.json"
        mode: "0600"
"""

# the virtual host of a site without tls, as the role rendered it before HTTPS existed
PLAIN_VHOST = """# Ansible managed
# site c -> lb worker c-loadbalancer
<VirtualHost *:80>
    ServerName c-site.example
    ErrorLog /var/log/apache2/c-site_error.log
    CustomLog /var/log/apache2/c-site_access.log webtier_modjk
    JkMount /* c-loadbalancer
    JkUnMount /webtier-status c-loadbalancer
    JkUnMount /webtier-status/* c-loadbalancer
</VirtualHost>
"""


@pytest.fixture(scope='module')
def out(tmp_path_factory):
    tmp = tmp_path_factory.mktemp('httpd-tls')
    rendered = tmp / 'out'
    rendered.mkdir()
    run_play(tmp, CHILDREN, PLAYBOOK % {'out': rendered, 'templates': TEMPLATES}, {'tomcat_ajp_secret': AJP_SECRET},
             cwd=tmp, timeout=600)
    return rendered


def read(out, host, name):
    return (out / host / name).read_text()


def test_site_without_tls_is_unchanged(out):
    assert read(out, 'web-01', '10-site-c.conf') == PLAIN_VHOST


def test_redirecting_site_serves_nothing_over_http(out):
    conf = read(out, 'web-01', '10-site-a.conf')
    http, _sep, https = conf.partition('<VirtualHost *:8443>')
    assert 'Redirect permanent / https://a-site.example:8443/' in http and 'JkMount' not in http
    assert 'ServerAlias www.a-site.example' in http and 'ServerAlias www.a-site.example' in https
    assert 'SSLCertificateFile "${WEBTIER_MODJK_DIR}/tls-a.crt"' in https
    assert 'SSLCertificateKeyFile "${WEBTIER_MODJK_DIR}/tls-a.key"' in https
    assert 'SSLCertificateChainFile' not in https  # the chain is appended to tls-a.crt
    assert 'SSLUseStapling on' in https
    assert 'Header always set Strict-Transport-Security "max-age=63072000; includeSubDomains"' in https
    assert 'JkMount /* a-loadbalancer' in https and 'SSLOptions +StdEnvVars' in https
    for line in ('SSLProtocol -all +TLSv1.2 +TLSv1.3', 'SSLHonorCipherOrder off', 'SSLCompression off',
                 'SSLSessionTickets off', 'SetEnv no-gzip 1', 'SSLOpenSSLConfCmd Curves X25519:prime256v1:secp384r1'):
        assert '\n    %s\n' % line in https, line


def test_host_files_are_named_in_place(out):
    conf = read(out, 'web-01', '10-site-b.conf')
    http, _sep, https = conf.partition('<VirtualHost *:8443>')
    assert 'JkMount /* b-loadbalancer' in http and 'JkUnMount /static/* b-loadbalancer' in http
    assert 'SSLCertificateFile "/etc/ssl/b.crt"' in https and 'SSLCertificateKeyFile "/etc/ssl/b.key"' in https
    assert 'SSLCertificateChainFile "/etc/ssl/chain.crt"' in https
    assert 'JkUnMount /static/* b-loadbalancer' in https
    assert 'SSLUseStapling' not in https and 'Strict-Transport-Security' not in https


def test_server_wide_part(out):
    conf = read(out, 'web-01', '05-tls.conf')
    assert 'Listen 8443 https' in conf
    assert 'SSLStaplingCache "shmcb:${APACHE_RUN_DIR}/webtier_ssl_stapling(131072)"' in conf
    assert '<VirtualHost *:8443>\n    ServerName default.invalid' in conf and 'Redirect 404 /' in conf
    other = read(out, 'web-02', '05-tls.conf')
    assert 'Listen' not in other and 'SSLStaplingCache' not in other and '<VirtualHost *:443>' in other


def test_compression_left_on(out):
    assert 'no-gzip' not in read(out, 'web-02', '10-site-a.conf')


def test_files_firewall_and_topology(out):
    facts = json.loads(read(out, 'web-01', 'facts.json'))
    assert facts['conf_files'] == ['00-modjk.conf', '01-hardening.conf', 'workers.properties', '10-site-a.conf',
                                   '10-site-b.conf', '10-site-c.conf', '05-tls.conf', 'tls-a.crt', 'tls-a.key']
    assert facts['firewall'] == ['80/tcp', '8443/tcp'] and facts['tls_sites'] == ['a', 'b'] and facts['https_port'] == 8443
    assert json.loads(read(out, 'web-02', 'facts.json'))['firewall'] == ['80/tcp', '443/tcp']
    plain = json.loads(read(out, 'web-03', 'facts.json'))
    assert plain['firewall'] == ['80/tcp'] and plain['tls_sites'] == []
    assert not [f for f in plain['conf_files'] if 'tls' in f]
    assert '<VirtualHost *:443>' not in read(out, 'web-03', '10-site-a.conf')
