# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A throw-away PKI for the TLS tests (root CA, intermediate, server certificates good and bad).

Built with ``cryptography`` (an ansible-core dependency, so present wherever the tests run) because
it can set any validity period, which the openssl CLI of Debian 12 cannot (no -not_before). The
files are real PEM files checked by the real openssl binary and served by a real ssl server.
"""

from __future__ import annotations

import datetime
import ipaddress
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _key(kind='ec'):
    if kind == 'rsa':
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def _cert(subject_key, subject, issuer_key, issuer, ca=False, pathlen=None, names=(), ips=(), not_before=None,
          not_after=None, ocsp_uri=None):
    builder = (x509.CertificateBuilder()
               .subject_name(_name(subject)).issuer_name(_name(issuer))
               .public_key(subject_key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(not_before or NOW - DAY)
               .not_valid_after(not_after or NOW + 90 * DAY)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=pathlen), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                                      key_encipherment=False, data_encipherment=False,
                                                      key_agreement=False, key_cert_sign=True, crl_sign=True,
                                                      encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    alt = [x509.DNSName(n) for n in names] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    if alt:
        builder = builder.add_extension(x509.SubjectAlternativeName(alt), critical=False)
    if ocsp_uri:
        builder = builder.add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
            x509.oid.AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_uri))]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode('ascii')


def key_pem(key, password=None):
    enc = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc).decode('ascii')


class Pki(object):
    """Files in ``directory``; attributes name their paths."""

    def __init__(self, directory):
        self.dir = str(directory)
        root_key, inter_key = _key(), _key()
        root = _cert(root_key, 'test root CA', root_key, 'test root CA', ca=True)
        inter = _cert(inter_key, 'test intermediate CA', root_key, 'test root CA', ca=True, pathlen=0)
        old_inter = _cert(inter_key, 'test intermediate CA', root_key, 'test root CA', ca=True, pathlen=0,
                          not_before=NOW - 30 * DAY, not_after=NOW - DAY)
        other_root_key = _key()
        other_root = _cert(other_root_key, 'other root CA', other_root_key, 'other root CA', ca=True)
        self.server_key = _key()
        self.rsa_key = _key('rsa')
        other_key = _key()
        names = ['a.example', 'www.a.example']

        self.ca = self._write('ca.crt', pem(root))
        self.other_ca = self._write('other-ca.crt', pem(other_root))
        self.chain = self._write('chain.crt', pem(inter))
        self.expired_chain = self._write('expired-chain.crt', pem(old_inter))
        self.key = self._write('server.key', key_pem(self.server_key))
        self.other_key = self._write('other.key', key_pem(other_key))
        self.rsa_key_file = self._write('rsa.key', key_pem(self.rsa_key))
        self.encrypted_key = self._write('encrypted.key', key_pem(self.server_key, b'secret-passphrase'))
        self.garbage_key = self._write('garbage.key', 'not a key\n')
        self.empty = self._write('empty.crt', '')
        self.not_pem = self._write('not-pem.crt', 'hello\n')

        leaf = _cert(self.server_key, 'a.example', inter_key, 'test intermediate CA', names=names)
        self.cert = self._write('server.crt', pem(leaf))
        self.fullchain = self._write('fullchain.crt', pem(leaf) + pem(inter))
        rsa_leaf = _cert(self.rsa_key, 'a.example', inter_key, 'test intermediate CA', names=names)
        self.rsa_cert = self._write('rsa.crt', pem(rsa_leaf))
        self.expired = self._write('expired.crt', pem(_cert(self.server_key, 'a.example', inter_key,
                                                            'test intermediate CA', names=names,
                                                            not_before=NOW - 30 * DAY, not_after=NOW - DAY)))
        self.future = self._write('future.crt', pem(_cert(self.server_key, 'a.example', inter_key,
                                                          'test intermediate CA', names=names,
                                                          not_before=NOW + DAY, not_after=NOW + 30 * DAY)))
        self.short = self._write('short.crt', pem(_cert(self.server_key, 'a.example', inter_key,
                                                        'test intermediate CA', names=names,
                                                        not_after=NOW + 5 * DAY)))
        self.no_san = self._write('no-san.crt', pem(_cert(self.server_key, 'a.example', inter_key,
                                                          'test intermediate CA')))
        self.wildcard = self._write('wildcard.crt', pem(_cert(self.server_key, '*.example.org', inter_key,
                                                              'test intermediate CA', names=['*.example.org'],
                                                              ips=['127.0.0.1'])))
        self.ocsp = self._write('ocsp.crt', pem(_cert(self.server_key, 'a.example', inter_key, 'test intermediate CA',
                                                      names=names, ocsp_uri='http://ocsp.example/')))
        self.self_signed = self._write('self-signed.crt', pem(_cert(self.server_key, 'a.example', self.server_key,
                                                                    'a.example', names=names)))

    def _write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, 'w') as handle:
            handle.write(text)
        return path
