# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: use the tls_certificate_info module instead.
"""Checks of a TLS certificate, its private key and its chain before a web server uses them.

The logic behind ``webtier.tomcat_cluster.tls_certificate_info``. Everything is read with the
``openssl`` command line tool, which every host that runs mod_ssl has, so the same code runs on
any managed host interpreter (Python 3.8+) without the ``cryptography`` package:

* the certificate file may hold the server certificate followed by intermediates (what
  ``SSLCertificateFile`` accepts); a separate chain file may add more;
* the private key must be readable without a passphrase (httpd starts unattended) and belong
  to the certificate (same public key);
* the certificate must be valid now (and for ``min_valid_days`` more days), cover every
  requested server name through its subjectAltName, and, when intermediates or a CA are given,
  verify with ``openssl verify -purpose sslserver``.

Problems are collected as sentences (never with key material) instead of raising, so that a
caller can refuse a whole configuration with one message naming every bad file.
"""

from __future__ import annotations

import datetime
import os
import re
import tempfile

PEM_CERT_RE = re.compile(r'-----BEGIN CERTIFICATE-----\r?\n.*?-----END CERTIFICATE-----', re.S)
_ENCRYPTED_KEY_RE = re.compile(r'-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type:\s*4,\s*ENCRYPTED', re.M)
_DATE_FORMAT = '%b %d %H:%M:%S %Y'


class TlsToolError(Exception):
    """openssl is missing or failed in a way that says nothing about the files."""


def split_certificates(text):
    """The PEM certificate blocks of a file's text, in order."""
    return PEM_CERT_RE.findall(text or '')


def parse_openssl_date(value):
    """``Dec  2 20:11:00 2026 GMT`` (openssl's default) -> an aware UTC datetime."""
    parts = value.split()
    if len(parts) != 5 or parts[4] not in ('GMT', 'UTC'):
        raise ValueError('unexpected date format from openssl: %r' % value)
    stamp = datetime.datetime.strptime(' '.join(parts[:4]), _DATE_FORMAT)
    return stamp.replace(tzinfo=datetime.timezone.utc)


def name_matches(pattern, name):
    """RFC 6125 matching of one DNS subjectAltName against a host name (wildcard = one left label)."""
    pattern = pattern.lower().rstrip('.')
    name = name.lower().rstrip('.')
    if pattern == name:
        return True
    if not pattern.startswith('*.'):
        return False
    suffix = pattern[1:]  # ".example.com"
    if suffix.count('.') < 2:  # "*.com" covers nothing
        return False
    head, dot, rest = name.partition('.')
    return bool(head) and bool(dot) and '.' + rest == suffix


def parse_x509_text(out):
    """The lines of ``openssl x509 -noout -nameopt RFC2253 -subject -issuer -startdate -enddate
    -fingerprint -sha256 -ext subjectAltName,authorityInfoAccess`` -> dict."""
    info = {'subject': None, 'issuer': None, 'not_before': None, 'not_after': None,
            'fingerprint_sha256': None, 'dns_names': [], 'ip_addresses': [], 'ocsp_uri': None}
    section = None
    for line in out.splitlines():
        stripped = line.strip()
        if section and line[:1].isspace() and stripped:
            if section == 'san':
                for entry in stripped.split(','):
                    kind, dummy, value = entry.strip().partition(':')
                    if kind == 'DNS':
                        info['dns_names'].append(value.strip())
                    elif kind in ('IP Address', 'IP'):
                        info['ip_addresses'].append(value.strip())
            elif section == 'aia' and stripped.startswith('OCSP - URI:') and info['ocsp_uri'] is None:
                info['ocsp_uri'] = stripped[len('OCSP - URI:'):].strip()
            continue
        section = None
        if stripped.startswith('X509v3 Subject Alternative Name'):
            section = 'san'
        elif stripped.startswith('Authority Information Access'):
            section = 'aia'
        elif stripped.startswith('subject='):
            info['subject'] = stripped[len('subject='):].strip()
        elif stripped.startswith('issuer='):
            info['issuer'] = stripped[len('issuer='):].strip()
        elif stripped.startswith('notBefore='):
            info['not_before'] = parse_openssl_date(stripped[len('notBefore='):])
        elif stripped.startswith('notAfter='):
            info['not_after'] = parse_openssl_date(stripped[len('notAfter='):])
        elif stripped.lower().startswith('sha256 fingerprint='):
            info['fingerprint_sha256'] = stripped.split('=', 1)[1].strip()
    return info


class OpenSSL(object):
    """A thin runner over the openssl binary. ``run(argv, data=None) -> (rc, stdout, stderr)``."""

    def __init__(self, run, binary='openssl'):
        self._run = run
        self.binary = binary

    def __call__(self, args, data=None):
        try:
            return self._run([self.binary] + list(args), data)
        except OSError as exc:
            raise TlsToolError('cannot run %s: %s' % (self.binary, exc))

    def x509_info(self, pem):
        rc, out, err = self(['x509', '-noout', '-nameopt', 'RFC2253', '-subject', '-issuer', '-startdate',
                             '-enddate', '-fingerprint', '-sha256', '-ext', 'subjectAltName,authorityInfoAccess'], pem)
        if rc != 0:
            return None, _first_line(err) or 'openssl x509 failed'
        return parse_x509_text(out), None

    def x509_pubkey(self, pem):
        rc, out, err = self(['x509', '-noout', '-pubkey'], pem)
        return (out.strip(), None) if rc == 0 else (None, _first_line(err))

    def key_pubkey(self, path):
        # -passin with an empty password: an encrypted key fails instead of prompting
        rc, out, err = self(['pkey', '-in', path, '-pubout', '-passin', 'pass:'])
        return (out.strip(), None) if rc == 0 else (None, _first_line(err))

    def verify(self, leaf_path, untrusted_path=None, ca_path=None, partial_chain=False):
        args = ['verify', '-purpose', 'sslserver']
        if ca_path:
            args += ['-CAfile', ca_path]
        if partial_chain:
            args += ['-partial_chain']
        if untrusted_path:
            args += ['-untrusted', untrusted_path]
        rc, out, err = self(args + [leaf_path])
        text = (out + '\n' + err).strip()
        if rc == 0 and re.search(r': OK\s*$', out.strip()):
            return True, None
        return False, _verify_error(text)


def _first_line(text):
    for line in (text or '').splitlines():
        line = line.strip()
        if line:
            return line
    return ''


def _verify_error(text):
    """The reason of a failed ``openssl verify``: 'error 10 at 0 depth lookup: certificate has expired'."""
    m = re.search(r'error (\d+) at (\d+) depth lookup:\s*(.+)', text)
    if m:
        depth = int(m.group(2))
        where = 'the server certificate' if depth == 0 else 'chain certificate at depth %d' % depth
        return '%s (%s)' % (m.group(3).strip(), where)
    return _first_line(text) or 'verification failed'


def _read(path, what, problems):
    if not path:
        return None
    if not os.path.exists(path):
        problems.append('%s %s does not exist' % (what, path))
        return None
    if not os.path.isfile(path):
        problems.append('%s %s is not a regular file' % (what, path))
        return None
    try:
        with open(path, 'rb') as handle:
            data = handle.read()
    except (IOError, OSError) as exc:
        problems.append('%s %s cannot be read: %s' % (what, path, exc.strerror or exc))
        return None
    if not data.strip():
        problems.append('%s %s is empty' % (what, path))
        return None
    return data.decode('ascii', 'replace')


def _iso(stamp):
    return stamp.strftime('%Y-%m-%dT%H:%M:%SZ') if stamp else None


def check(openssl, certificate, private_key=None, chain=None, ca=None, server_names=(), min_valid_days=0,
          now=None, tmpdir=None):
    """Check the files; returns the result dict of the tls_certificate_info module (``problems`` lists
    every reason to refuse them, ``valid`` is true when there is none)."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    problems = []
    result = {
        'certificate': {'path': certificate},
        'private_key': {'path': private_key, 'matches': None, 'encrypted': None},
        'chain': {'path': chain, 'count': 0, 'verified': None, 'error': None},
        'problems': problems,
    }

    cert_text = _read(certificate, 'certificate file', problems)
    blocks = split_certificates(cert_text)
    if cert_text is not None and not blocks:
        problems.append('certificate file %s holds no PEM certificate' % certificate)
    chain_text = _read(chain, 'chain file', problems)
    chain_blocks = split_certificates(chain_text)
    if chain_text is not None and not chain_blocks:
        problems.append('chain file %s holds no PEM certificate' % chain)
    if ca:
        ca_text = _read(ca, 'CA file', problems)
        if ca_text is not None and not split_certificates(ca_text):
            problems.append('CA file %s holds no PEM certificate' % ca)
    intermediates = blocks[1:] + chain_blocks
    result['chain']['count'] = len(intermediates)

    leaf = blocks[0] if blocks else None
    info = None
    if leaf:
        info, error = openssl.x509_info(leaf)
        if info is None:
            problems.append('certificate file %s: the first certificate cannot be parsed: %s' % (certificate, error))
    if info:
        days_left = (info['not_after'] - now).total_seconds() / 86400.0
        result['certificate'].update({
            'subject': info['subject'],
            'issuer': info['issuer'],
            'not_before': _iso(info['not_before']),
            'not_after': _iso(info['not_after']),
            'days_left': int(days_left // 1),
            'fingerprint_sha256': info['fingerprint_sha256'],
            'dns_names': info['dns_names'],
            'ip_addresses': info['ip_addresses'],
            'ocsp_uri': info['ocsp_uri'],
            'self_signed': info['subject'] == info['issuer'],
        })
        if info['not_after'] <= now:
            problems.append('certificate %s (%s) expired on %s' % (certificate, info['subject'], _iso(info['not_after'])))
        elif days_left < min_valid_days:
            problems.append('certificate %s (%s) expires on %s, in less than %d days' % (
                certificate, info['subject'], _iso(info['not_after']), min_valid_days))
        if info['not_before'] > now:
            problems.append('certificate %s (%s) is not valid before %s' % (
                certificate, info['subject'], _iso(info['not_before'])))
        for name in server_names:
            if not info['dns_names']:
                problems.append('certificate %s has no DNS subjectAltName, so clients reject it for %s' % (certificate, name))
                break
            if not any(name_matches(pattern, name) for pattern in info['dns_names']):
                problems.append('certificate %s does not cover %s (its names: %s)' % (
                    certificate, name, ', '.join(info['dns_names'])))

    if private_key:
        _check_key(openssl, private_key, leaf if info else None, certificate, result, problems)

    if info and (intermediates or ca):
        _check_chain(openssl, leaf, intermediates, ca, result, problems, tmpdir)

    result['valid'] = not problems
    return result


def _check_key(openssl, private_key, leaf, certificate, result, problems):
    key_text = _read(private_key, 'private key file', problems)
    if key_text is None:
        return
    encrypted = bool(_ENCRYPTED_KEY_RE.search(key_text))
    result['private_key']['encrypted'] = encrypted
    del key_text
    if encrypted:
        problems.append('private key %s is encrypted; httpd would ask for a passphrase at every start' % private_key)
        return
    key_pub, error = openssl.key_pubkey(private_key)
    if key_pub is None:
        problems.append('private key %s cannot be read (not a PEM/DER private key?): %s' % (private_key, error))
        return
    if leaf is None:
        return
    cert_pub, error = openssl.x509_pubkey(leaf)
    if cert_pub is None:
        problems.append('certificate %s: no public key: %s' % (certificate, error))
        return
    result['private_key']['matches'] = key_pub == cert_pub
    if key_pub != cert_pub:
        problems.append('private key %s does not belong to certificate %s (their public keys differ)' % (
            private_key, certificate))


def _check_chain(openssl, leaf, intermediates, ca, result, problems, tmpdir):
    workdir = tempfile.mkdtemp(prefix='tls-check-', dir=tmpdir)
    try:
        leaf_path = os.path.join(workdir, 'leaf.pem')
        with open(leaf_path, 'w') as handle:
            handle.write(leaf + '\n')
        untrusted = None
        if intermediates:
            untrusted = os.path.join(workdir, 'intermediates.pem')
            with open(untrusted, 'w') as handle:
                handle.write('\n'.join(intermediates) + '\n')
        if ca:
            ok, error = openssl.verify(leaf_path, untrusted_path=untrusted, ca_path=ca)
            against = 'the CA in %s' % ca
        else:
            # no trust anchor given: the chain itself must lead from the certificate to its last element
            ok, error = openssl.verify(leaf_path, untrusted_path=untrusted, ca_path=untrusted, partial_chain=True)
            against = 'its own chain'
        result['chain']['verified'] = ok
        result['chain']['error'] = error
        if not ok:
            problems.append('certificate %s does not verify against %s: %s' % (result['certificate']['path'], against, error))
    finally:
        for name in os.listdir(workdir):
            os.unlink(os.path.join(workdir, name))
        os.rmdir(workdir)
