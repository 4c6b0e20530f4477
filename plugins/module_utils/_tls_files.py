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

Whether the certificate covers a name is decided by OpenSSL's own host check (``openssl x509 -checkhost``,
``-checkip`` for an address), never by splitting openssl's text output: one subjectAltName entry
``evil.test, DNS:victim.test`` (or with a line break) prints exactly like two entries. The names shown in
the result (``dns_names``, ``ip_addresses``) are read from the certificate's DER encoding by
:func:`subject_alt_names`, one list element per entry, control characters escaped; they are for display
and never make a name valid (a certificate without any DNS name is refused, as browsers do).

Problems are collected as sentences (never with key material) instead of raising, so that a
caller can refuse a whole configuration with one message naming every bad file.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import ipaddress
import os
import re
import tempfile

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError

PEM_CERT_RE = re.compile(r'-----BEGIN CERTIFICATE-----\r?\n.*?-----END CERTIFICATE-----', re.S)
_ENCRYPTED_KEY_RE = re.compile(r'-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type:\s*4,\s*ENCRYPTED', re.M)
_DATE_FORMAT = '%b %d %H:%M:%S %Y'


class TlsToolError(WebtierError):
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


# -- subjectAltName from the DER encoding (display only) ------------------------------------------

_SAN_OID = b'\x55\x1d\x11'  # 2.5.29.17
_CONTROL = re.compile(r'[\x00-\x1f\x7f-\x9f\\]')


def _der(data, pos, end):
    """``(tag, start, stop)`` of the DER element at ``pos`` (its content is ``data[start:stop]``)."""
    if pos + 2 > end:
        raise ValueError('truncated DER element at offset %d' % pos)
    tag = data[pos]
    if tag & 0x1f == 0x1f:
        raise ValueError('unexpected high tag number at offset %d' % pos)
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7f
        if not 0 < count <= 4 or pos + count > end:
            raise ValueError('bad DER length at offset %d' % pos)
        length = int.from_bytes(data[pos:pos + count], 'big')
        pos += count
    if pos + length > end:
        raise ValueError('DER element at offset %d runs past its container' % pos)
    return tag, pos, pos + length


def _children(data, start, stop):
    pos = start
    while pos < stop:
        tag, begin, end = _der(data, pos, stop)
        yield tag, begin, end
        pos = end


def _shown(raw):
    """A dNSName as text for display: one string per entry, control characters (and backslashes) escaped."""
    return _CONTROL.sub(lambda m: '\\x%02x' % ord(m.group(0)), raw.decode('latin-1'))


def pem_to_der(pem):
    """The DER bytes of one PEM certificate block; ValueError when it is not valid base64."""
    lines = [line.strip() for line in (pem or '').strip().splitlines()]
    body = ''.join(line for line in lines if line and not line.startswith('-----'))
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError('the PEM block is not valid base64: %s' % exc)


def subject_alt_names(der):
    """``(dns_names, ip_addresses)`` of a DER certificate's subjectAltName, one element per entry.

    Read from the structure itself (Certificate > TBSCertificate > [3] extensions > 2.5.29.17 >
    GeneralNames), so an entry ``evil.test, DNS:victim.test`` stays one element; control characters are
    shown as ``\\xNN``. For display only: whether a name is covered is OpenSSL's decision (:meth:`OpenSSL.check_host`).
    Raises ValueError for a malformed encoding.
    """
    dns, ips = [], []
    tag, start, stop = _der(der, 0, len(der))
    tbs = next(_children(der, start, stop), None)
    if tag != 0x30 or tbs is None or tbs[0] != 0x30:
        raise ValueError('not a DER certificate')
    for tag, begin, end in _children(der, tbs[1], tbs[2]):
        if tag != 0xa3:  # [3] EXPLICIT Extensions
            continue
        for seq_tag, seq_begin, seq_end in _children(der, begin, end):
            for ext_tag, ext_begin, ext_end in _children(der, seq_begin, seq_end):
                parts = list(_children(der, ext_begin, ext_end))
                if not parts or parts[0][0] != 0x06 or der[parts[0][1]:parts[0][2]] != _SAN_OID:
                    continue
                value = parts[-1]
                if value[0] != 0x04:
                    raise ValueError('subjectAltName without its OCTET STRING')
                names_tag, names_begin, names_end = _der(der, value[1], value[2])
                if names_tag != 0x30:
                    raise ValueError('subjectAltName is not a sequence of names')
                for name_tag, name_begin, name_end in _children(der, names_begin, names_end):
                    raw = der[name_begin:name_end]
                    if name_tag == 0x82:    # [2] dNSName
                        dns.append(_shown(raw))
                    elif name_tag == 0x87:  # [7] iPAddress
                        try:
                            ips.append(str(ipaddress.ip_address(bytes(raw))))
                        except ValueError:
                            ips.append('invalid address 0x%s' % binascii.hexlify(raw).decode('ascii'))
    return dns, ips


def is_host_name(name):
    """A name that can be asked about: not empty, no whitespace or control characters, at most 253 characters."""
    return (isinstance(name, str) and 0 < len(name) <= 253 and not _CONTROL.search(name.replace('\\', ''))
            and not any(c.isspace() for c in name))


def _ip_literal(name):
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def parse_x509_text(out):
    """The lines of ``openssl x509 -noout -nameopt RFC2253 -subject -issuer -startdate -enddate
    -fingerprint -sha256 -ext authorityInfoAccess`` -> dict (the names come from :func:`subject_alt_names`)."""
    info = {'subject': None, 'issuer': None, 'not_before': None, 'not_after': None,
            'fingerprint_sha256': None, 'dns_names': [], 'ip_addresses': [], 'ocsp_uri': None}
    section = None
    for line in out.splitlines():
        stripped = line.strip()
        if section and line[:1].isspace() and stripped:
            if section == 'aia' and stripped.startswith('OCSP - URI:') and info['ocsp_uri'] is None:
                info['ocsp_uri'] = stripped[len('OCSP - URI:'):].strip()
            continue
        section = None
        if stripped.startswith('Authority Information Access'):
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
                             '-enddate', '-fingerprint', '-sha256', '-ext', 'authorityInfoAccess'], pem)
        if rc != 0:
            return None, _first_line(err) or 'openssl x509 failed'
        info = parse_x509_text(out or '')
        missing = [key for key in ('subject', 'issuer', 'not_before', 'not_after') if info[key] is None]
        if missing:
            raise TlsToolError('openssl x509 exited 0 but printed no %s of the certificate: is %s really the openssl '
                               'binary?' % (', '.join(missing), self.binary))
        try:
            info['dns_names'], info['ip_addresses'] = subject_alt_names(pem_to_der(pem))
        except (ValueError, IndexError) as exc:
            return None, 'cannot read its subjectAltName: %s' % exc
        return info, None

    def x509_pubkey(self, pem):
        rc, out, err = self(['x509', '-noout', '-pubkey'], pem)
        if rc != 0:
            return None, _first_line(err)
        if not (out or '').strip():
            raise TlsToolError('openssl x509 -pubkey exited 0 but printed no public key: is %s really the openssl '
                               'binary?' % self.binary)
        return out.strip(), None

    def key_pubkey(self, path):
        # -passin with an empty password: an encrypted key fails instead of prompting
        rc, out, err = self(['pkey', '-in', path, '-pubout', '-passin', 'pass:'])
        if rc != 0:
            return None, _first_line(err)
        if not (out or '').strip():
            raise TlsToolError('openssl pkey exited 0 but printed no public key: is %s really the openssl binary?'
                               % self.binary)
        return out.strip(), None

    def check_host(self, pem, name):
        """OpenSSL's own decision whether the certificate is valid for ``name`` (``-checkhost``, or ``-checkip``
        for an IP address): True or False; TlsToolError when openssl does not answer as expected."""
        option, label = ('-checkip', 'IP') if _ip_literal(name) else ('-checkhost', 'Hostname')
        rc, out, err = self(['x509', '-noout', option, name], pem)
        answer = (out or '').strip()
        if rc == 0 and answer == '%s %s does match certificate' % (label, name):
            return True
        if rc == 0 and answer == '%s %s does NOT match certificate' % (label, name):
            return False
        raise TlsToolError('openssl x509 %s %s gave no clear answer (exit %d): %s'
                           % (option, name, rc, _first_line(err) or _first_line(out) or 'no output'))

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
        names_shown = ', '.join(info['dns_names'])
        for name in server_names:
            if not is_host_name(name):
                problems.append('server name %r is not a host name (empty, whitespace or control characters)' % (name,))
                continue
            if not info['dns_names'] and not _ip_literal(name):
                problems.append('certificate %s has no DNS subjectAltName, so clients reject it for %s' % (certificate, name))
                break
            # OpenSSL decides, on the certificate itself; the listed names are only shown
            if not openssl.check_host(leaf, name):
                problems.append('certificate %s does not cover %s (its names: %s)' % (
                    certificate, name, names_shown))

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
