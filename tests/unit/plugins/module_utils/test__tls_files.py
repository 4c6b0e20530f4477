# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""module_utils/_tls_files: certificate / key / chain checks with the real openssl binary on real files."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _tls_files as tf

pytestmark = pytest.mark.skipif(shutil.which('openssl') is None, reason='needs the openssl binary')


def _run(argv, data=None):
    proc = subprocess.run(argv, input=data, capture_output=True, text=True, check=False,
                          env=dict(os.environ, LC_ALL='C'))
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def ossl():
    return tf.OpenSSL(_run)


def check(ossl, *args, **kwargs):
    return tf.check(ossl, *args, **kwargs)


# -- pure helpers --------------------------------------------------------------------------------

@pytest.mark.parametrize('cert,name,ok', [
    ('cert', 'a.example', True),
    ('cert', 'A.Example', True),
    ('wildcard', 'www.example.org', True),
    ('wildcard', 'example.org', False),
    ('wildcard', 'a.b.example.org', False),
    ('cert', 'b.example', False),
    ('wildcard', '127.0.0.1', True),
    ('wildcard', '127.0.0.2', False),
])
def test_check_host_is_openssls_decision(ossl, pki, cert, name, ok):
    with open(getattr(pki, cert)) as handle:
        assert ossl.check_host(handle.read(), name) is ok


def test_parse_openssl_date():
    assert tf.parse_openssl_date('Dec  2 20:11:00 2026 GMT') == datetime.datetime(2026, 12, 2, 20, 11, tzinfo=datetime.timezone.utc)
    with pytest.raises(ValueError):
        tf.parse_openssl_date('2026-12-02')


def test_split_certificates(pki):
    with open(pki.fullchain) as handle:
        assert len(tf.split_certificates(handle.read())) == 2
    assert tf.split_certificates('') == []


# -- good files ------------------------------------------------------------------------------------

def test_good_certificate_key_and_chain(ossl, pki):
    res = check(ossl, pki.cert, pki.key, chain=pki.chain, ca=pki.ca, server_names=['a.example', 'www.a.example'])
    assert res['problems'] == [] and res['valid'] is True
    cert = res['certificate']
    assert cert['subject'] == 'CN=a.example' and cert['issuer'] == 'CN=test intermediate CA'
    assert cert['dns_names'] == ['a.example', 'www.a.example']
    assert 88 <= cert['days_left'] <= 90 and cert['self_signed'] is False and cert['ocsp_uri'] is None
    assert res['private_key'] == {'path': pki.key, 'matches': True, 'encrypted': False}
    assert res['chain']['count'] == 1 and res['chain']['verified'] is True


def test_fullchain_file_counts_its_intermediates(ossl, pki):
    res = check(ossl, pki.fullchain, pki.key, server_names=['a.example'])
    assert res['valid'] and res['chain']['count'] == 1 and res['chain']['verified'] is True


def test_rsa_key_and_certificate(ossl, pki):
    assert check(ossl, pki.rsa_cert, pki.rsa_key_file, chain=pki.chain, server_names=['a.example'])['valid']


def test_self_signed_without_chain_is_not_verified(ossl, pki):
    res = check(ossl, pki.self_signed, pki.key, server_names=['a.example'])
    assert res['valid'] and res['chain']['verified'] is None and res['certificate']['self_signed'] is True


def test_wildcard_and_ip_names(ossl, pki):
    res = check(ossl, pki.wildcard, pki.key, server_names=['www.example.org'])
    assert res['valid'], res['problems']
    assert res['certificate']['ip_addresses'] == ['127.0.0.1']
    res = check(ossl, pki.wildcard, pki.key, server_names=['example.org'])
    assert res['problems'] == ['certificate %s does not cover example.org (its names: *.example.org)' % pki.wildcard]


def test_ocsp_uri_is_reported(ossl, pki):
    assert check(ossl, pki.ocsp, pki.key)['certificate']['ocsp_uri'] == 'http://ocsp.example/'


# -- bad files ------------------------------------------------------------------------------------

def test_key_mismatch(ossl, pki):
    res = check(ossl, pki.cert, pki.other_key, chain=pki.chain)
    assert res['valid'] is False and res['private_key']['matches'] is False
    assert res['problems'] == ['private key %s does not belong to certificate %s (their public keys differ)'
                               % (pki.other_key, pki.cert)]


def test_expired_and_not_yet_valid(ossl, pki):
    res = check(ossl, pki.expired, pki.key)
    assert len(res['problems']) == 1 and 'expired on' in res['problems'][0] and res['certificate']['days_left'] < 0
    res = check(ossl, pki.future, pki.key)
    assert res['problems'] == ['certificate %s (CN=a.example) is not valid before %s'
                               % (pki.future, res['certificate']['not_before'])]


def test_expired_leaf_also_fails_the_chain(ossl, pki):
    res = check(ossl, pki.expired, pki.key, chain=pki.chain, ca=pki.ca)
    assert res['chain']['verified'] is False
    assert 'certificate has expired (the server certificate)' in res['chain']['error']


def test_min_valid_days(ossl, pki):
    assert check(ossl, pki.short, pki.key, min_valid_days=3)['valid']
    res = check(ossl, pki.short, pki.key, min_valid_days=30)
    assert len(res['problems']) == 1 and 'in less than 30 days' in res['problems'][0]


def test_names_not_covered_and_no_san(ossl, pki):
    res = check(ossl, pki.cert, pki.key, server_names=['b.example'])
    assert res['problems'] == ['certificate %s does not cover b.example (its names: a.example, www.a.example)' % pki.cert]
    res = check(ossl, pki.no_san, pki.key, server_names=['a.example', 'www.a.example'])
    assert res['problems'] == ['certificate %s has no DNS subjectAltName, so clients reject it for a.example' % pki.no_san]


def test_encrypted_key_is_refused_without_reading_it(ossl, pki):
    res = check(ossl, pki.cert, pki.encrypted_key)
    assert res['private_key']['encrypted'] is True and res['private_key']['matches'] is None
    assert res['problems'] == ['private key %s is encrypted; httpd would ask for a passphrase at every start'
                               % pki.encrypted_key]


def test_garbage_key(ossl, pki):
    res = check(ossl, pki.cert, pki.garbage_key)
    assert len(res['problems']) == 1 and res['problems'][0].startswith('private key %s cannot be read' % pki.garbage_key)
    with open(pki.garbage_key) as handle:
        assert handle.read() not in ' '.join(res['problems'])


def test_wrong_chain_and_wrong_ca(ossl, pki):
    res = check(ossl, pki.cert, pki.key, chain=pki.other_ca)
    assert res['chain']['verified'] is False
    assert res['problems'] == ['certificate %s does not verify against its own chain: unable to get local issuer '
                               'certificate (the server certificate)' % pki.cert]
    res = check(ossl, pki.cert, pki.key, chain=pki.chain, ca=pki.other_ca)
    assert res['chain']['verified'] is False and 'against the CA in %s' % pki.other_ca in res['problems'][0]


def test_expired_intermediate(ossl, pki):
    res = check(ossl, pki.cert, pki.key, chain=pki.expired_chain, ca=pki.ca)
    assert res['chain']['error'] == 'certificate has expired (chain certificate at depth 1)', res['chain']


def test_missing_empty_and_not_pem_files(ossl, pki, tmp_path):
    missing = str(tmp_path / 'nope.crt')
    res = check(ossl, missing, str(tmp_path / 'nope.key'), chain=str(tmp_path))
    assert res['problems'] == ['certificate file %s does not exist' % missing,
                               'chain file %s is not a regular file' % tmp_path,
                               'private key file %s does not exist' % (tmp_path / 'nope.key')]
    assert check(ossl, pki.empty)['problems'] == ['certificate file %s is empty' % pki.empty]
    assert check(ossl, pki.not_pem)['problems'] == ['certificate file %s holds no PEM certificate' % pki.not_pem]


def test_unreadable_file(ossl, pki, tmp_path):
    if os.geteuid() == 0:
        pytest.skip('root reads every file')
    path = tmp_path / 'locked.crt'
    shutil.copy(pki.cert, path)
    path.chmod(0)
    assert 'cannot be read' in check(ossl, str(path))['problems'][0]


def test_every_problem_at_once(ossl, pki):
    res = check(ossl, pki.expired, pki.other_key, chain=pki.chain, ca=pki.other_ca, server_names=['b.example'])
    assert len(res['problems']) == 4, res['problems']


def test_temporary_files_are_removed(ossl, pki, tmp_path):
    check(ossl, pki.cert, pki.key, chain=pki.chain, tmpdir=str(tmp_path))
    assert os.listdir(str(tmp_path)) == []


def test_missing_openssl_binary(pki):
    with pytest.raises(tf.TlsToolError):
        tf.check(tf.OpenSSL(_run, binary='/nonexistent/openssl'), pki.cert)


# -- hostile subjectAltName entries: the host check is OpenSSL's, never a split of its text ----------------

def _der_length(n):
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(raw)]) + raw


def san_der(*dns_names):
    """The DER value of a subjectAltName extension with these dNSName entries, byte for byte as given."""
    names = b''.join(b'\x82' + _der_length(len(n)) + n for n in dns_names)
    return b'\x30' + _der_length(len(names)) + names


def openssl_cert(directory, name, ext_section):
    """A self-signed certificate made by the real openssl binary with the [ext] section ``ext_section``."""
    cnf = os.path.join(str(directory), name + '.cnf')
    with open(cnf, 'w') as handle:
        handle.write('[req]\ndistinguished_name = dn\n[dn]\n[ext]\n' + ext_section)
    crt, key = os.path.join(str(directory), name + '.crt'), os.path.join(str(directory), name + '.key')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
                    '-keyout', key, '-out', crt, '-days', '30', '-subj', '/CN=evil.test', '-config', cnf,
                    '-extensions', 'ext'], check=True, capture_output=True)
    return crt


@pytest.fixture(scope='module')
def hostile(tmp_path_factory):
    d = tmp_path_factory.mktemp('hostile')
    return {
        # one dNSName whose text is "evil.test, DNS:victim.test" (a section value is never split on commas)
        'comma': openssl_cert(d, 'comma', 'subjectAltName = @alt\n[alt]\nDNS.1 = evil.test, DNS:victim.test\n'),
        # one dNSName with a line break inside, as raw DER
        'newline': openssl_cert(d, 'newline', 'subjectAltName = DER:%s\n'
                                % san_der(b'evil.test\nDNS:victim.test').hex()),
        # the honest certificate with two entries, for contrast
        'two': openssl_cert(d, 'two', 'subjectAltName = DNS:evil.test, DNS:victim.test\n'),
    }


def test_comma_inside_one_san_entry_is_not_a_second_name(ossl, hostile):
    res = check(ossl, hostile['comma'], server_names=['victim.test'])
    assert res['valid'] is False
    assert res['certificate']['dns_names'] == ['evil.test, DNS:victim.test']   # one entry, shown as one
    assert res['problems'] == ['certificate %s does not cover victim.test (its names: evil.test, DNS:victim.test)'
                               % hostile['comma']]
    assert check(ossl, hostile['comma'], server_names=['evil.test'])['valid'] is False


def test_line_break_inside_one_san_entry_is_not_a_second_name(ossl, hostile):
    res = check(ossl, hostile['newline'], server_names=['victim.test'])
    assert res['valid'] is False and len(res['problems']) == 1
    assert res['certificate']['dns_names'] == ['evil.test\\x0aDNS:victim.test']
    assert '\n' not in res['problems'][0]


def test_two_real_san_entries_are_both_covered(ossl, hostile):
    res = check(ossl, hostile['two'], server_names=['victim.test', 'evil.test'])
    assert res['valid'] is True and res['certificate']['dns_names'] == ['evil.test', 'victim.test']


@pytest.mark.parametrize('name', ['victim.test\nHostname victim.test', 'a b', '', '\x00'])
def test_server_names_that_are_not_host_names_are_problems(ossl, hostile, name):
    res = check(ossl, hostile['two'], server_names=[name])
    assert res['valid'] is False and 'is not a host name' in res['problems'][0]


def test_subject_alt_names_from_der(pki):
    with open(pki.wildcard) as handle:
        der = tf.pem_to_der(tf.split_certificates(handle.read())[0])
    assert tf.subject_alt_names(der) == (['*.example.org'], ['127.0.0.1'])
    with open(pki.no_san) as handle:
        assert tf.subject_alt_names(tf.pem_to_der(handle.read())) == ([], [])
    with pytest.raises(ValueError):
        tf.subject_alt_names(der[:40])


def fake_openssl(tmp_path, script):
    path = os.path.join(str(tmp_path), 'openssl')
    with open(path, 'w') as handle:
        handle.write('#!/bin/sh\n' + script)
    os.chmod(path, 0o755)
    return path


def test_openssl_that_prints_nothing_is_a_tool_error(tmp_path, pki):
    silent = tf.OpenSSL(_run, fake_openssl(tmp_path, 'cat >/dev/null\nexit 0\n'))
    with pytest.raises(tf.TlsToolError) as e:
        tf.check(silent, pki.cert, pki.key, server_names=['a.example'])
    assert 'exited 0 but printed no subject' in str(e.value) and 'really the openssl binary' in str(e.value)


def test_openssl_whose_host_check_says_nothing_is_a_tool_error(tmp_path, pki):
    # a real openssl for everything but -checkhost, which answers nothing
    real = shutil.which('openssl')
    wrapper = fake_openssl(tmp_path, 'case "$*" in *-checkhost*) cat >/dev/null; exit 0;; esac\nexec %s "$@"\n' % real)
    with pytest.raises(tf.TlsToolError) as e:
        tf.check(tf.OpenSSL(_run, wrapper), pki.cert, server_names=['a.example'])
    assert 'gave no clear answer' in str(e.value)
