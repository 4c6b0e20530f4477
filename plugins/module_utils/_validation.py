# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""Every name, address, path and file attribute check of the collection, in one place.

The modules, module_utils and filters validate their input here and nowhere else, so that one rule holds
everywhere:

* A name is checked against its **whole** value: :class:`NamePattern` applies ``fullmatch`` (``^...$`` with
  ``re.match`` also accepts a trailing newline), in ASCII mode (``\\d`` would accept any Unicode digit), and
  refuses control characters (:func:`has_control_chars`) before the pattern sees the value.
* An address is an IP address or an RFC 1123 host name (:func:`check_address`).
* A path is checked as the OS resolves it (:func:`check_path`): no NUL byte, and no ``..`` that the OS would
  apply elsewhere than the text says (after a symbolic link, a missing directory or a file).
* A file's owner, group and mode are checked before anything is written (:func:`check_file_attributes`).

Pure Python (no Ansible import), so that modules, module_utils and controller plugins all use it. The
checks raise :class:`ValidationError` (a ValueError) or return a bool; callers turn it into ``fail_json``,
their own error type or an entry of a list of errors.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import grp
import ipaddress
import os
import pwd
import re

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError


class ValidationError(WebtierError, ValueError):
    """A value that fails a check; the message says why, without the caller's context."""


# C0 controls (newline, tab, NUL, ...), DEL, C1 controls and the Unicode line and paragraph separators
_CONTROL_RE = re.compile(u'[\x00-\x1f\x7f-\x9f\u2028\u2029]')


def has_control_chars(value):
    """Whether the string value contains a control character or a line break of any kind."""
    return bool(_CONTROL_RE.search(value))


def is_utf8(value):
    """Whether the str value can be encoded as UTF-8: False for a file name that was not valid UTF-8 on disk
    (Python decodes such bytes to lone surrogates, which Ansible cannot return as a result)."""
    try:
        value.encode('utf-8')
    except UnicodeError:
        return False
    return True


class NamePattern:
    """A regular expression that a whole name must match.

    ``match(value)`` is the match object (groups are available) or None: None also for a value that is not a
    string or that contains a control character. Patterns are written without ``^``/``$``.
    """

    def __init__(self, pattern, flags=0):
        self.regex = re.compile(pattern, re.ASCII | flags)
        self.pattern = pattern

    def match(self, value):
        if not isinstance(value, str) or has_control_chars(value):
            return None
        return self.regex.fullmatch(value)

    def __call__(self, value):
        return self.match(value) is not None


# Names of the cluster model and the XML modules
INSTANCE_NAME = NamePattern(r'[a-z0-9][a-z0-9_-]{0,62}')       # CATALINA_BASE and systemd unit
ROUTE = NamePattern(r'[A-Za-z0-9_-]+')                          # jvmRoute, site, balancer
MEMBER_NAME = NamePattern(r'[A-Za-z0-9_.-]+')                   # mod_jk worker name
TOMCAT_VERSION = NamePattern(r'[0-9][0-9A-Za-z.+_-]*')
XML_ATTRIBUTE_NAME = NamePattern(r'[A-Za-z_][A-Za-z0-9_.-]*')
JAVA_CLASS_NAME = NamePattern(r'[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*')
# firewalld's own rule (io/zone.py): letters, digits, ``_`` and ``-``, at most one inner ``/``
FIREWALLD_ZONE = NamePattern(r'(?P<base>[A-Za-z0-9_-]+)(?:/[A-Za-z0-9_-]+)?')
# an integer written as text, plain spaces around it forgiven
INTEGER_TEXT = NamePattern(r' *-?[0-9]+ *')

# a value written into an XML attribute or a config line as one token: no white space (Unicode white space
# included, hence not ASCII mode), quotes, '<', '>' or '&'
_TOKEN_RE = re.compile(r'[^\s<>&"\']+')


def is_token(value):
    """A non-empty string without white space, control characters, quotes, '<', '>' or '&'."""
    return isinstance(value, str) and not has_control_chars(value) and _TOKEN_RE.fullmatch(value) is not None


def to_int(value):
    """An int from an int or a string of ASCII digits (spaces around it forgiven); None otherwise (bools too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if INTEGER_TEXT(value):
        return int(value)
    return None


# ------------------------------------------------------------------------------------------------------------
# addresses
# ------------------------------------------------------------------------------------------------------------

_HOST_LABEL = NamePattern(r'[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?')


def is_ip_address(value):
    """An IPv4 or IPv6 address (no network, no brackets)."""
    if not isinstance(value, str) or has_control_chars(value):
        return False
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def is_hostname(value):
    """A host name by RFC 1123: dot-separated labels of letters, digits and inner '-', 1-63 characters each,
    253 in all; the last label is not all digits (that would be a mistyped IPv4 address)."""
    if not isinstance(value, str) or not value or len(value) > 253:
        return False
    labels = value.split('.')
    return all(_HOST_LABEL(label) for label in labels) and not labels[-1].isdigit()


def check_address(value, what):
    """An IP address or an RFC 1123 host name, with plain spaces around it forgiven; returns it without them.

    A control character (a newline) anywhere is refused, never stripped.
    """
    if not isinstance(value, str):
        raise ValidationError('%s must be a string, got %r' % (what, value))
    if has_control_chars(value):
        raise ValidationError('%s %r contains a control character (newline, tab, ...)' % (what, value))
    text = value.strip(' ')
    if not (is_ip_address(text) or is_hostname(text)):
        raise ValidationError('%s %r is neither an IP address nor a host name (RFC 1123)' % (what, value))
    return text


# ------------------------------------------------------------------------------------------------------------
# paths
# ------------------------------------------------------------------------------------------------------------

def check_nul(value, what):
    """A path that the OS can take: a string without a NUL byte (the OS ends a path at the first NUL)."""
    if not isinstance(value, str):
        raise ValidationError('%s must be a string, got %r' % (what, value))
    if '\x00' in value:
        raise ValidationError('%s %r contains a NUL byte' % (what, value))
    return value


def check_path(value, what, exists=os.path.exists, islink=os.path.islink, isdir=os.path.isdir):
    """An absolute path as the OS resolves it, normalised (duplicate '/', '.' and trailing '/' dropped).

    Refused: a non-string, a relative path, a NUL byte, and a ``..`` whose meaning for the OS differs from the
    text: the OS applies ``..`` to the directory it has reached, so after a symbolic link it goes to the parent
    of the link's target (``/etc/link/../f.conf`` is not ``/etc/f.conf``), and after a missing directory or a
    file it fails. A ``..`` after an existing real directory is dropped with that directory, which is what the
    OS does. The functions that look at the file system are parameters for the tests.
    """
    if not isinstance(value, str) or not value or not os.path.isabs(value):
        raise ValidationError('%s must be an absolute path, got %r' % (what, value))
    check_nul(value, what)
    lexical = '/'
    for part in value.split('/'):
        if part in ('', '.'):
            continue
        if part != '..':
            lexical = os.path.join(lexical, part)
            continue
        if lexical != '/':
            if islink(lexical):
                raise ValidationError("%s %s: '..' follows the symbolic link %s, so the OS resolves it beside the "
                                      "link's target, not in %s; give the path without '..'"
                                      % (what, value, lexical, os.path.dirname(lexical)))
            if not exists(lexical):
                raise ValidationError("%s %s: '..' follows %s, which does not exist (the OS cannot resolve the path); "
                                      "give the path without '..'" % (what, value, lexical))
            if not isdir(lexical):
                raise ValidationError("%s %s: '..' follows %s, which is not a directory (the OS cannot resolve the "
                                      "path); give the path without '..'" % (what, value, lexical))
        lexical = os.path.dirname(lexical)
    return os.path.normpath(value)


# ------------------------------------------------------------------------------------------------------------
# file attributes (owner, group, mode), checked before the first write
# ------------------------------------------------------------------------------------------------------------

# one clause of a symbolic mode, the grammar AnsibleModule._symbolic_mode_to_octal accepts
_SYMBOLIC_CLAUSE = NamePattern(r'[ugoa]*(?:[-+=][rwxXstugo]*)+')
_OCTAL = NamePattern(r'[0-7]+')
_DIGITS = NamePattern(r'[0-9]+')


def mode_problem(mode):
    """None when mode is acceptable for AnsibleModule.set_mode_if_different, else why not."""
    if mode is None:
        return None
    if isinstance(mode, bool):
        return 'mode must be an octal string such as "0644", an integer or a symbolic mode, got %r' % (mode,)
    if isinstance(mode, int):
        return None if 0 <= mode <= 0o7777 else 'mode %r is out of range (0 to 07777)' % (mode,)
    if not isinstance(mode, str):
        return 'mode must be an octal string such as "0644", an integer or a symbolic mode, got %r' % (mode,)
    if _DIGITS(mode) or (mode.isdigit() and not has_control_chars(mode)):
        if not _OCTAL(mode):
            return 'mode %r is not an octal number' % (mode,)
        return None if int(mode, 8) <= 0o7777 else 'mode %r is out of range (0 to 07777)' % (mode,)
    if mode and all(_SYMBOLIC_CLAUSE(clause) for clause in mode.split(',')):
        return None
    return 'mode %r is neither octal (such as "0644") nor symbolic (such as "u=rw,g=r,o=")' % (mode,)


def is_octal(mode):
    """Whether mode is an absolute (numeric) mode, not None and not symbolic."""
    return (isinstance(mode, int) and not isinstance(mode, bool)) or _DIGITS(mode)


def _known(name, lookup):
    if not isinstance(name, str) or not name or has_control_chars(name):
        return False
    if _DIGITS(name):
        return True
    try:
        lookup(name)
    except (KeyError, ValueError):
        return False
    return True


def owner_known(name):
    """Whether name is a user of this host (or a numeric uid)."""
    return _known(name, pwd.getpwnam)


def group_known(name):
    """Whether name is a group of this host (or a numeric gid)."""
    return _known(name, grp.getgrnam)


def check_file_attributes(owner=None, group=None, mode=None, check_mode=False):
    """Check a file's wanted owner, group and mode before anything is written.

    Raises ValidationError for a bad mode, and for an unknown owner or group outside check mode. In check
    mode an unknown owner or group is not an error (an earlier task, skipped in check mode, would create it):
    the names among ``owner`` and ``group`` that are unknown are returned, for the caller to warn and to skip.
    """
    problem = mode_problem(mode)
    if problem:
        raise ValidationError(problem)
    unknown = []
    for name, value, known in (('owner', owner, owner_known), ('group', group, group_known)):
        if value is not None and not known(value):
            if not check_mode:
                raise ValidationError('unknown %s %r' % (name, value))
            unknown.append(name)
    return unknown
