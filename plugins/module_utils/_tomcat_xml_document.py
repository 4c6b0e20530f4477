# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""The XML document and its byte-preserving writes (server.xml, web.xml).

lxml parses the file (comments and processing instructions kept, no blank-text removal, no
entity resolution, no network) and is used to find live elements and to check every result.
The edits themselves are splices into the original text: a scanner records where every element
and comment starts and ends, and an element is located by its document-order position, which is
the same for lxml and the scanner. Every scanned position is then checked against what lxml
reports for the same node (tag name, the line its start tag ends on, attribute names and values,
comment text); when anything disagrees the file is refused, so an edit never lands anywhere but
in the element lxml sees. Everything outside the edited spans survives as written: the XML
declaration, comments, line endings, indentation, attribute order and layout.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import bisect
import codecs
import errno
import os
import re
import shutil
import stat
import struct
import tempfile
import time
import traceback

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import WebtierError
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import has_control_chars, is_token

try:
    from lxml import etree
    HAS_LXML = True
    LXML_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - depends on the managed host
    etree = None
    HAS_LXML = False
    LXML_IMPORT_ERROR = traceback.format_exc()


# How every secret value is shown: in change lines, in the diff, in error messages.
MASK = '(hidden)'
MASK_CHANGED = '(hidden, changed)'

# An attribute is secret when its name (any case) contains one of these words, or is "shutdown"
# (the shutdown command of <Server>). That covers secret, requiredSecret, password,
# connectionPassword, keystorePass, keyPass, truststorePass, truststorePassword, SSLPassword,
# certificateKeystorePassword, certificateKeyPassword, ... in every Tomcat component.
SECRET_NAME_WORDS = ('pass', 'secret', 'credential', 'token')
_SECRET_NAME_RE = re.compile('|'.join(SECRET_NAME_WORDS), re.IGNORECASE)

JAVA_INT_MIN = -2 ** 31
JAVA_INT_MAX = 2 ** 31 - 1


class TomcatXmlError(WebtierError):
    """A clear, user-facing failure. Messages never contain secret values."""


def is_secret(name):
    """True for attribute names whose values are never shown (see SECRET_NAME_WORDS)."""
    if not isinstance(name, str):
        return False
    name = name.rsplit('}', 1)[-1].rsplit(':', 1)[-1]
    return name.lower() == 'shutdown' or bool(_SECRET_NAME_RE.search(name))


def local_name(tag):
    if not isinstance(tag, str):
        return None
    return tag.rsplit('}', 1)[-1]


# --------------------------------------------------------------------------------------------
# values written into attributes
# --------------------------------------------------------------------------------------------

# The checks themselves are the collection's shared ones (_validation); these wrappers raise TomcatXmlError.


def java_int(value, what, minimum=None, maximum=None):
    """An integer option that Tomcat reads as a Java int: no bool, no float, within range."""
    if isinstance(value, bool) or not isinstance(value, int):
        kind = 'a boolean' if isinstance(value, bool) else 'a %s' % type(value).__name__
        raise TomcatXmlError('%s must be an integer, got %s' % (what, kind))
    low = JAVA_INT_MIN if minimum is None else max(minimum, JAVA_INT_MIN)
    high = JAVA_INT_MAX if maximum is None else min(maximum, JAVA_INT_MAX)
    if not low <= value <= high:
        raise TomcatXmlError('%s must be between %d and %d, got %d' % (what, low, high, value))
    return value


def check_port(value, what, allow=()):
    """A TCP port (1-65535, plus the special values in allow)."""
    if isinstance(value, bool) or not isinstance(value, int):
        java_int(value, what)
    if value in allow:
        return value
    return java_int(value, what, 1, 65535)


def check_text(value, what, allow_empty=False):
    """A string written into an attribute: no control characters (newline, tab, NUL, ...) nor line breaks."""
    if not isinstance(value, str):
        raise TomcatXmlError('%s must be a string' % what)
    if not value and not allow_empty:
        raise TomcatXmlError('%s must not be empty' % what)
    if has_control_chars(value):
        raise TomcatXmlError('%s must not contain control characters (newline, tab, ...)' % what)
    return value


def check_token(value, what):
    """A value without white space, quotes, '<', '>' or '&' (addresses, protocols, names)."""
    if not is_token(value):
        raise TomcatXmlError('%s must be a non-empty string without white space, control characters, '
                             'quotes, "<", ">" or "&"' % what)
    return value


def require_root(doc, name, kind):
    """The root element of doc, which must be <name> (kind names the file type in the message)."""
    if local_name(doc.root.tag) != name:
        raise TomcatXmlError('%s is not a %s: its root element is <%s>, expected <%s>'
                             % (doc.path or 'the file', kind, local_name(doc.root.tag), name))
    return doc.root


# --------------------------------------------------------------------------------------------
# scanner: where nodes are in the original text
# --------------------------------------------------------------------------------------------

_NAME = r'[^\s/>=<"\']+'
_START_RE = re.compile(r'<(' + _NAME + r')')
_ATTR_RE = re.compile(r'(\s+)(' + _NAME + r')\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_TAG_CLOSE_RE = re.compile(r'\s*(/?)>')
_END_RE = re.compile(r'</(' + _NAME + r')\s*>')
_PE_REF_RE = re.compile(r'%[^\s%;<>\[\]"\']+;')


class _Attr(object):
    __slots__ = ('name', 'lead_start', 'name_start', 'value_start', 'value_end', 'quote', 'end')


class _Span(object):
    """Text positions of one element or comment."""
    __slots__ = ('name', 'start', 'end', 'name_end', 'tag_end', 'attrs_end', 'empty', 'attrs')

    def __init__(self, start):
        self.start = start
        self.end = None
        self.name = None
        self.name_end = None
        self.tag_end = None
        self.attrs_end = None
        self.empty = False
        self.attrs = []


def _find(text, what, pos, error):
    at = text.find(what, pos)
    if at < 0:
        raise TomcatXmlError(error)
    return at + len(what)


def _skip_quoted(text, pos):
    return _find(text, text[pos], pos + 1, 'unterminated quoted literal in the DOCTYPE')


def _skip_internal_subset(text, pos):
    """pos is just after '['; returns the position after the closing ']'.

    The internal subset holds markup declarations (quoted literals may contain anything),
    comments, processing instructions, parameter-entity references and white space.
    """
    n = len(text)
    while pos < n:
        c = text[pos]
        if c == ']':
            return pos + 1
        if c.isspace():
            pos += 1
        elif text.startswith('<!--', pos):
            pos = _find(text, '-->', pos + 4, 'unterminated comment in the DOCTYPE')
        elif text.startswith('<?', pos):
            pos = _find(text, '?>', pos + 2, 'unterminated processing instruction in the DOCTYPE')
        elif text.startswith('<!', pos):
            pos += 2
            while pos < n and text[pos] != '>':
                if text[pos] in '"\'':
                    pos = _skip_quoted(text, pos)
                elif text[pos] == '<':
                    raise TomcatXmlError('cannot read a declaration in the DOCTYPE')
                else:
                    pos += 1
            if pos >= n:
                raise TomcatXmlError('unterminated declaration in the DOCTYPE')
            pos += 1
        else:
            m = _PE_REF_RE.match(text, pos)
            if not m:
                raise TomcatXmlError('cannot read the DOCTYPE internal subset')
            pos = m.end()
    raise TomcatXmlError('unterminated DOCTYPE')


def _skip_doctype(text, pos):
    """pos is at '<!DOCTYPE'; returns the position after its closing '>'."""
    pos += len('<!DOCTYPE')
    n = len(text)
    while pos < n:
        c = text[pos]
        if c in '"\'':
            pos = _skip_quoted(text, pos)
        elif c == '[':
            pos = _skip_internal_subset(text, pos + 1)
        elif c == '>':
            return pos + 1
        elif c == '<':
            break
        else:
            pos += 1
    raise TomcatXmlError('unterminated DOCTYPE')


def scan(text):
    """Return (elements, comments): spans in document order; comments only inside the root."""
    elements = []
    comments = []
    stack = []
    pos = 0
    while True:
        lt = text.find('<', pos)
        if lt < 0:
            break
        if text.startswith('<!--', lt):
            end = _find(text, '-->', lt + 4, 'unterminated comment')
            if stack:
                span = _Span(lt)
                span.end = end
                comments.append(span)
            pos = end
            continue
        if text.startswith('<![CDATA[', lt):
            if not stack:
                raise TomcatXmlError('CDATA section outside the root element')
            pos = _find(text, ']]>', lt + 9, 'unterminated CDATA section')
            continue
        if text.startswith('<?', lt):
            pos = _find(text, '?>', lt + 2, 'unterminated processing instruction')
            continue
        if text.startswith('<!DOCTYPE', lt):
            if stack or elements:
                raise TomcatXmlError('DOCTYPE after the root element')
            pos = _skip_doctype(text, lt)
            continue
        if text.startswith('<!', lt):
            raise TomcatXmlError('cannot read the markup at offset %d' % lt)
        if text.startswith('</', lt):
            m = _END_RE.match(text, lt)
            if not m or not stack:
                raise TomcatXmlError('unexpected end tag at offset %d' % lt)
            span = stack.pop()
            span.end = m.end()
            pos = m.end()
            continue
        m = _START_RE.match(text, lt)
        if not m:
            raise TomcatXmlError('cannot read the tag at offset %d' % lt)
        span = _Span(lt)
        span.name = m.group(1)
        span.name_end = m.end()
        p = m.end()
        while True:
            am = _ATTR_RE.match(text, p)
            if not am:
                break
            a = _Attr()
            a.name = am.group(2)
            a.lead_start = am.start(1)
            a.name_start = am.start(2)
            if am.group(3) is not None:
                a.quote = '"'
                a.value_start, a.value_end = am.start(3), am.end(3)
            else:
                a.quote = "'"
                a.value_start, a.value_end = am.start(4), am.end(4)
            a.end = am.end()
            span.attrs.append(a)
            p = am.end()
        cm = _TAG_CLOSE_RE.match(text, p)
        if not cm:
            raise TomcatXmlError('cannot read the attributes of <%s> at offset %d' % (span.name, lt))
        span.attrs_end = p
        span.tag_end = cm.end()
        span.empty = bool(cm.group(1))
        elements.append(span)
        if span.empty:
            span.end = span.tag_end
        else:
            stack.append(span)
        pos = span.tag_end
    if stack:
        raise TomcatXmlError('unclosed element <%s>' % stack[-1].name)
    return elements, comments


_PREDEFINED = {'lt': '<', 'gt': '>', 'amp': '&', 'quot': '"', 'apos': "'"}
_REF_RE = re.compile(r'&(#x[0-9A-Fa-f]+|#[0-9]+|[^\s&;#]+);')
_ATTR_WS_RE = re.compile(r'[\t\n\r]')


def _attr_value(raw):
    """The value lxml reports for raw attribute text, or None when it uses a general entity."""
    if '&' not in raw and not _ATTR_WS_RE.search(raw):
        return raw
    raw = raw.replace('\r\n', ' ')
    raw = re.sub(r'[\t\n\r]', ' ', raw)
    out = []
    pos = 0
    for m in _REF_RE.finditer(raw):
        out.append(raw[pos:m.start()])
        ref = m.group(1)
        if ref.startswith('#x'):
            out.append(chr(int(ref[2:], 16)))
        elif ref.startswith('#'):
            out.append(chr(int(ref[1:])))
        elif ref in _PREDEFINED:
            out.append(_PREDEFINED[ref])
        else:
            return None
        pos = m.end()
    out.append(raw[pos:])
    return ''.join(out)


# --------------------------------------------------------------------------------------------
# new content: a tiny element model rendered with the file's own indentation
# --------------------------------------------------------------------------------------------

class Node(object):
    """An element to write: tag (may carry a prefix), ordered attributes, element children."""

    def __init__(self, tag, attrs=None, children=None):
        self.tag = tag
        self.attrs = list(attrs or [])
        self.children = list(children or [])

    def attr_dict(self):
        return dict(self.attrs)


def escape_attr(value, quote='"'):
    value = value.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    value = value.replace('\n', '&#10;').replace('\r', '&#13;').replace('\t', '&#9;')
    if quote == '"':
        return value.replace('"', '&quot;')
    return value.replace("'", '&apos;')


def render(node, indent, unit, nl, align_attrs=False, space_before_close=True):
    """Render node; the first line carries no indent (the caller places it), others do."""
    close = ' />' if space_before_close else '/>'
    head = '<' + node.tag
    parts = ['%s="%s"' % (k, escape_attr(v)) for k, v in node.attrs]
    if parts:
        if align_attrs and len(parts) > 1:
            pad = nl + indent + ' ' * (len(head) + 1)
            head = head + ' ' + pad.join(parts)
        else:
            head = head + ' ' + ' '.join(parts)
    if not node.children:
        return head + close
    lines = [head + '>']
    for child in node.children:
        lines.append(indent + unit + render(child, indent + unit, unit, nl, False, space_before_close))
    lines.append(indent + '</' + node.tag + '>')
    return nl.join(lines)


def same_element(elem, node):
    """Compare a live lxml element and a Node: tag, attributes (any order), element children."""
    if local_name(elem.tag) != node.tag.rsplit(':', 1)[-1]:
        return False
    if dict(elem.attrib) != node.attr_dict():
        return False
    kids = [c for c in elem if isinstance(c.tag, str)]
    if len(kids) != len(node.children):
        return False
    return all(same_element(k, n) for k, n in zip(kids, node.children))


# --------------------------------------------------------------------------------------------
# masking: secret attribute values never leave the module
# --------------------------------------------------------------------------------------------

_LOOSE_ATTR_RE = re.compile(r'(?<![-\w.:])([A-Za-z_:][-\w.:]*)\s*=\s*(?:"([^"]*)|\'([^\']*))')
_ENTITY_DECL_RE = re.compile(r'(<!ENTITY\s+)([^\s%]+)(\s+)("[^"]*"|\'[^\']*\')')
_ENTITY_USE_RE = re.compile(r'&([^\s&;#]+);')
_SECRET_HIT_RE = re.compile('|'.join(SECRET_NAME_WORDS + ('shutdown',)))
_ASCII_LOWER = dict((c, c + 32) for c in range(ord('A'), ord('Z') + 1))
_VALUE_AFTER_NAME_RE = re.compile(r'\s*=\s*("[^"]*"|\'[^\']*\')')
_NAME_START_RE = re.compile(r'[A-Za-z_:]')


def _is_name_char(c):
    return c.isalnum() or c in '-_.:'


def _secret_attrs(text):
    """(value_start, value_end) of every secret attribute in text, in order, comments included.

    Starts from the secret words (cheap on a large file), widens each hit to the whole name and
    takes the quoted value after "=".
    """
    spans = []
    done = 0
    n = len(text)
    # case-insensitive search on an ASCII-lowered copy (same length): much faster than re.I
    for m in _SECRET_HIT_RE.finditer(text.translate(_ASCII_LOWER)):
        if m.start() < done:
            continue
        start, end = m.start(), m.end()
        while start > 0 and _is_name_char(text[start - 1]):
            start -= 1
        while end < n and _is_name_char(text[end]):
            end += 1
        value = _VALUE_AFTER_NAME_RE.match(text, end)
        if value is None or not _NAME_START_RE.match(text, start) or not is_secret(text[start:end]):
            continue
        spans.append((value.start(1) + 1, value.end(1) - 1))
        done = value.end()
    return spans


def _secret_entities(text, spans):
    """Names of the general entities used in secret attribute values."""
    names = set()
    for start, end in spans:
        names.update(_ENTITY_USE_RE.findall(text, start, end))
    return names


def _secret_values(text):
    return set(text[start:end] for start, end in _secret_attrs(text))


def mask_secrets(text, known=None):
    """Replace the values of secret attributes (and of entities they use) with MASK.

    Works on any text, comments included. A value not in known (the values of the text before
    the change) is shown as MASK_CHANGED, so a rotated secret still shows as a changed line.
    """
    def label(value):
        return MASK if known is None or value in known else MASK_CHANGED

    spans = _secret_attrs(text)
    entities = _secret_entities(text, spans) if '<!ENTITY' in text else ()
    out = []
    pos = 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(label(text[start:end]))
        pos = end
    out.append(text[pos:])
    masked = ''.join(out)
    if not entities:
        return masked

    def repl_entity(m):
        if m.group(2) not in entities:
            return m.group(0)
        q = m.group(4)[0]
        return m.group(1) + m.group(2) + m.group(3) + q + label(m.group(4)[1:-1]) + q

    return _ENTITY_DECL_RE.sub(repl_entity, masked)


def masked_pair(before, after):
    """Both texts masked; secrets that differ from every secret of before are marked changed."""
    known = _secret_values(before)
    for m in _ENTITY_DECL_RE.finditer(before):
        known.add(m.group(4)[1:-1])
    return mask_secrets(before), mask_secrets(after, known)


def scrub_message(msg, text):
    """Remove from a parser message anything it quotes from a secret value of text.

    lxml quotes entity names, characters and tag names from the text. A secret attribute with a
    stray "&" ("Entity 'xyz' not defined") would otherwise show part of the secret. Values that
    are not terminated run to the end of the text, so they hide anything quoted after them.
    """
    secrets = []
    for m in _LOOSE_ATTR_RE.finditer(text):
        if is_secret(m.group(1)):
            secrets.append(m.group(2) if m.group(2) is not None else m.group(3))
    entities = _secret_entities(text, _secret_attrs(text))
    for m in _ENTITY_DECL_RE.finditer(text):
        if m.group(2) in entities:
            secrets.append(m.group(4))
    secrets = [s for s in secrets if s]
    if not secrets:
        return msg

    def repl(m):
        token = m.group(2)
        if token and any(token in s for s in secrets):
            return m.group(1) + MASK + m.group(1)
        return m.group(0)

    msg = re.sub(r'([\'"])([^\'"]*)\1', repl, msg)
    for s in sorted(secrets, key=len, reverse=True):
        if len(s) >= 3:
            msg = msg.replace(s, MASK)
    return msg


# --------------------------------------------------------------------------------------------
# the document
# --------------------------------------------------------------------------------------------

_DECL_RE = re.compile(br'<\?xml\s[^>]*?\?>')
_ENC_RE = re.compile(br'encoding\s*=\s*(["\'])(.*?)\1')

# Encodings that Python and libxml2 decode alike, so that the text this module edits is the
# text lxml checks. Anything else is refused with a message naming these.
SUPPORTED_ENCODINGS = ('UTF-8', 'US-ASCII', 'ISO-8859-1 to -16', 'windows-1250 to -1258', 'KOI8-R', 'KOI8-U')
_CODECS = frozenset(['utf-8', 'ascii', 'koi8-r', 'koi8-u']
                    + ['iso8859-%d' % i for i in range(1, 17) if i != 12]
                    + ['cp%d' % i for i in range(1250, 1259)])


def _codec(name):
    shown = name.decode('ascii', 'replace')
    try:
        info = codecs.lookup(shown)
    except LookupError:
        info = None
    if info is None or info.name not in _CODECS:
        raise TomcatXmlError('the XML declaration names the encoding "%s", which this module does not support '
                             '(supported: %s)' % (shown, ', '.join(SUPPORTED_ENCODINGS)))
    return info.name


def _parser():
    return etree.XMLParser(remove_blank_text=False, remove_comments=False, remove_pis=False,
                           resolve_entities=False, no_network=True, load_dtd=False,
                           strip_cdata=False, huge_tree=False)


_LINE_END_RE = re.compile(r'\r\n|\r|\n')

# lxml builds without XML_PARSE_BIG_LINES report at most this line number
_MAX_RELIABLE_LINE = 65534


class XmlDocument(object):
    """One XML file as text plus its lxml tree; every edit is a splice into the text."""

    def __init__(self, data, path=None):
        if not HAS_LXML:
            raise TomcatXmlError('the Python library lxml is required')
        self.path = path
        self.original = data
        self.bom = b''
        body = data
        if body.startswith(codecs.BOM_UTF8):
            self.bom, body = codecs.BOM_UTF8, body[3:]
        elif body.startswith(codecs.BOM_UTF16_LE) or body.startswith(codecs.BOM_UTF16_BE):
            raise TomcatXmlError('UTF-16 encoded files are not supported')
        self.encoding = 'utf-8'
        m = _DECL_RE.match(body)
        if m:
            e = _ENC_RE.search(m.group(0))
            if e:
                self.encoding = _codec(e.group(2))
        try:
            self.text = body.decode(self.encoding)
        except UnicodeError as exc:
            where = getattr(exc, 'start', None)
            raise TomcatXmlError('cannot decode the file as %s%s' % (
                self.encoding, '' if where is None else ' (invalid byte at offset %d)' % (where + len(self.bom))))
        self.original_text = self.text
        self.newline = '\r\n' if '\r\n' in self.text else '\n'
        self._load()

    # -- loading ---------------------------------------------------------------------------
    def _load(self):
        # The parser sees the line ends already normalised (as XML prescribes anyway): libxml2
        # 2.9 (Rocky 9, Debian 11) counts some CRLF line ends in comments twice, so its sourceline
        # would not match the text otherwise. The tree is the same either way.
        data = _LINE_END_RE.sub('\n', self.text).encode(self.encoding)
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as exc:
            raise TomcatXmlError('not well-formed XML: %s' % scrub_message(str(exc), self.text))
        self.root = root
        self._refuse_markup_entities(root)
        el_spans, cm_spans = scan(self.text)
        elems = [e for e in root.iter() if isinstance(e.tag, str)]
        comments = [c for c in root.iter() if c.tag is etree.Comment]
        if len(elems) != len(el_spans) or len(comments) != len(cm_spans):
            raise TomcatXmlError('the file uses constructs this module cannot edit safely '
                                 '(entity-expanded elements or unusual markup)')
        lines = [0] + [m.end() for m in _LINE_END_RE.finditer(self.text)]

        def line_of(pos):
            return bisect.bisect_right(lines, pos)

        self._spans = {}
        for e, s in zip(elems, el_spans):
            self._verify_element(e, s, line_of)
            self._spans[e] = s
        for c, s in zip(comments, cm_spans):
            inner = _LINE_END_RE.sub('\n', self.text[s.start + 4:s.end - 3])
            if (c.text or '') != inner or not self._same_line(c, line_of(s.end - 1)):
                raise TomcatXmlError('cannot locate the comment on line %s with certainty; the file was not changed'
                                     % c.sourceline)
            self._spans[c] = s
        self._elems = elems
        self._comments = comments

    @staticmethod
    def _same_line(node, line):
        reported = node.sourceline
        return reported is None or reported >= _MAX_RELIABLE_LINE or reported == line

    def _verify_element(self, elem, span, line_of):
        """The scanned span must be the element lxml sees: name, line, attributes."""
        where = '<%s> on line %s' % (local_name(elem.tag), elem.sourceline)
        if local_name(elem.tag) != span.name.rsplit(':', 1)[-1] or not self._same_line(elem, line_of(span.tag_end - 1)):
            raise TomcatXmlError('cannot locate %s with certainty; the file was not changed' % where)
        scanned = [a for a in span.attrs if a.name != 'xmlns' and not a.name.startswith('xmlns:')]
        keys = list(elem.attrib.keys())
        if [a.name.rsplit(':', 1)[-1] for a in scanned] != [local_name(k) for k in keys]:
            raise TomcatXmlError('cannot locate the attributes of %s with certainty; the file was not changed' % where)
        for a, k in zip(scanned, keys):
            value = _attr_value(self.text[a.value_start:a.value_end])
            if value is not None and value != elem.get(k):
                raise TomcatXmlError('cannot locate the attributes of %s with certainty; the file was not changed' % where)

    def _refuse_markup_entities(self, root):
        refs = [n for n in root.iter() if n.tag is etree.Entity]
        if not refs:
            return
        dtd = root.getroottree().docinfo.internalDTD
        decls = dict((en.name, en) for en in dtd.iterentities()) if dtd is not None else {}
        for ref in refs:
            decl = decls.get(ref.name)
            content = decl.content if decl is not None else None
            if content is None or '<' in content:
                raise TomcatXmlError(
                    'the file uses the entity reference &%s; (line %s), which stands for markup or an external file: '
                    'elements it produces are invisible to this module, so it refuses to edit the file. Replace the '
                    'reference with the elements it stands for.' % (ref.name, ref.sourceline))

    @property
    def changed(self):
        return self.text != self.original_text

    def to_bytes(self):
        if not self.changed:
            return self.original
        return self.bom + self.text.encode(self.encoding)

    def span(self, node):
        return self._spans[node]

    def _splice(self, start, end, new):
        self.text = self.text[:start] + new + self.text[end:]
        self._load()

    # -- queries ---------------------------------------------------------------------------
    @staticmethod
    def children(parent, name):
        return [c for c in parent if local_name(c.tag) == name]

    def line_start(self, pos):
        return self.text.rfind('\n', 0, pos) + 1

    def indent_of(self, node):
        """The whitespace before node on its line, or None if something else precedes it."""
        s = self.span(node)
        ls = self.line_start(s.start)
        prefix = self.text[ls:s.start]
        return prefix if prefix.strip() == '' else None

    def indent_unit(self):
        kids = [c for c in self.root if isinstance(c.tag, str) or c.tag is etree.Comment]
        for k in kids:
            ind = self.indent_of(k)
            if ind:
                return ind
        return '  '

    def child_indent(self, parent):
        for c in parent:
            if isinstance(c.tag, str) or c.tag is etree.Comment:
                ind = self.indent_of(c)
                if ind is not None:
                    return ind
        base = self.indent_of(parent) or ''
        return base + self.indent_unit()

    def multiline_attrs(self, elem):
        s = self.span(elem)
        return len(s.attrs) > 1 and any('\n' in self.text[a.lead_start:a.name_start] for a in s.attrs[1:])

    def space_before_close(self, elem):
        s = self.span(elem)
        return self.text[s.attrs_end:s.tag_end].startswith(' ')

    # -- attribute edits -------------------------------------------------------------------
    def set_attr(self, elem, name, value):
        """Set (value str) or remove (value None) one attribute; returns True if changed."""
        if elem.get(name) == value:
            return False
        s = self.span(elem)
        attr = None
        for a in s.attrs:
            if a.name == name:
                attr = a
        if value is None:
            if attr is None:
                return False
            self._splice(attr.lead_start, attr.end, '')
            return True
        if attr is not None:
            self._splice(attr.value_start, attr.value_end, escape_attr(value, attr.quote))
            return True
        text = '%s="%s"' % (name, escape_attr(value))
        if s.attrs:
            last = s.attrs[-1]
            lead = self.text[last.lead_start:last.name_start]
            if '\n' in lead and len(s.attrs) > 1:
                self._splice(last.end, last.end, lead + text)
            else:
                self._splice(last.end, last.end, ' ' + text)
        else:
            self._splice(s.name_end, s.name_end, ' ' + text)
        return True

    # -- element edits ---------------------------------------------------------------------
    def insert_after(self, node, new, indent=None, align_attrs=False, space_before_close=True):
        """Insert Node new on its own line right after node (an element or a comment)."""
        if indent is None:
            indent = self.indent_of(node) or ''
        s = self.span(node)
        body = render(new, indent, self.indent_unit(), self.newline, align_attrs, space_before_close)
        self._splice(s.end, s.end, self.newline + indent + body)

    def insert_before(self, node, new, indent=None, align_attrs=False, space_before_close=True):
        own = self.indent_of(node)
        if indent is None:
            indent = own or ''
        s = self.span(node)
        body = render(new, indent, self.indent_unit(), self.newline, align_attrs, space_before_close)
        if own is not None:
            ls = self.line_start(s.start)
            self._splice(ls, ls, indent + body + self.newline)
        else:
            self._splice(s.start, s.start, body + self.newline + indent)

    def insert_first_child(self, parent, new, align_attrs=False, space_before_close=True):
        indent = self.child_indent(parent)
        s = self.span(parent)
        body = render(new, indent, self.indent_unit(), self.newline, align_attrs, space_before_close)
        if s.empty:
            pind = self.indent_of(parent) or ''
            close = self.text[s.attrs_end:s.tag_end]
            tag = s.name
            self._splice(s.attrs_end, s.tag_end,
                         close.replace('/', '').rstrip() + self.newline + indent + body
                         + self.newline + pind + '</' + tag + '>')
        else:
            self._splice(s.tag_end, s.tag_end, self.newline + indent + body)

    def remove(self, node):
        """Remove an element (with its subtree) or comment; whole lines when it stands alone."""
        s = self.span(node)
        ls = self.line_start(s.start)
        le = self.text.find('\n', s.end)
        le = len(self.text) if le < 0 else le + 1
        before = self.text[ls:s.start]
        after = self.text[s.end:le]
        if before.strip() == '' and after.strip() == '':
            self._splice(ls, le, '')
        else:
            start = s.start
            while start > ls and self.text[start - 1] in ' \t':
                start -= 1
            self._splice(start, s.end, '')

    def replace(self, elem, new, space_before_close=True):
        indent = self.indent_of(elem) or ''
        s = self.span(elem)
        body = render(new, indent, self.indent_unit(), self.newline, False, space_before_close)
        self._splice(s.start, s.end, body)


# --------------------------------------------------------------------------------------------
# file IO
# --------------------------------------------------------------------------------------------

def os_error(exc):
    """The OSError behind exc (itself, or its cause/context chain), or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (IOError, OSError)):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def describe_os_error(exc):
    err = os_error(exc)
    if err is None:
        return type(exc).__name__
    text = err.strerror or type(err).__name__
    if err.errno == errno.EPERM:
        text += ' (an immutable file, see lsattr/chattr, or a read-only mount?)'
    return text


def read_file(path):
    if not os.path.exists(path):
        raise TomcatXmlError('%s does not exist' % path)
    if not os.path.isfile(path):
        raise TomcatXmlError('%s is not a regular file' % path)
    try:
        with open(path, 'rb') as f:
            return f.read()
    except (IOError, OSError) as exc:
        raise TomcatXmlError('cannot read %s: %s' % (path, describe_os_error(exc)))


# Linux inode flags (chattr): an immutable or append-only file cannot be replaced
_FS_IOC_GETFLAGS = (2 << 30) | (struct.calcsize('l') << 16) | (ord('f') << 8) | 1
_FS_IMMUTABLE_FL = 0x10
_FS_APPEND_FL = 0x20


def check_replaceable(path):
    """Refuse an immutable/append-only file before anything (a backup) is written."""
    try:
        import fcntl
        fd = os.open(path, os.O_RDONLY | getattr(os, 'O_NONBLOCK', 0))
    except (ImportError, OSError):
        return
    try:
        buf = fcntl.ioctl(fd, _FS_IOC_GETFLAGS, b'\0' * struct.calcsize('l'))
        flags = struct.unpack('i', buf[:4])[0]
    except (OSError, IOError, ValueError):
        return  # not supported by the file system or the platform: the rename reports it
    finally:
        os.close(fd)
    if flags & (_FS_IMMUTABLE_FL | _FS_APPEND_FL):
        kind = 'immutable' if flags & _FS_IMMUTABLE_FL else 'append-only'
        raise TomcatXmlError('cannot write %s: %s: the file is %s (lsattr shows the flag, "chattr -%s" removes it); '
                             'the file was not changed' % (path, os.strerror(errno.EPERM), kind, kind[0]))


def backup_file(path):
    """Copy path to path.<pid>.<timestamp>~ keeping metadata (like AnsibleModule.backup_local)."""
    ext = time.strftime('%Y-%m-%d@%H:%M:%S~', time.localtime(time.time()))
    dest = '%s.%s.%s' % (path, os.getpid(), ext)
    shutil.copy2(path, dest)
    return dest


def write_atomic(path, data, mover=None):
    """Write data to a temp file in path's directory, copy mode and owner, rename over path.

    mover(src, dest), e.g. AnsibleModule.atomic_move, replaces the plain rename (SELinux contexts).
    """
    path = os.path.realpath(path)
    dirname = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), suffix='.tmp', dir=dirname)
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        st = os.stat(path)
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except OSError:
            pass
        if mover is not None:
            mover(tmp, path)
        else:
            os.rename(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# --------------------------------------------------------------------------------------------
# one edit of one file
# --------------------------------------------------------------------------------------------

def edit_file(path, edit, check_mode=False, backup=False, mover=None, backup_fn=None, want_diff=True):
    """Load path, call edit(doc) -> list of change descriptions, write when changed.

    edit may also be a list of such functions: each edits the document the one before it made,
    parsed again (so they behave as the same edits made by one module call each, in this order),
    and the file is written once, at the end.

    Returns a dict: changed, changes, diff (before/after with secrets masked, when want_diff),
    backup_file. Raises TomcatXmlError; the file is untouched when anything fails.
    """
    data = read_file(path)
    doc = first = XmlDocument(data, path)
    changes = []
    for step in edit if isinstance(edit, (list, tuple)) else [edit]:
        if doc.changed:
            doc = XmlDocument(doc.to_bytes(), path)
        changes.extend(step(doc) or [])
    changed = doc.to_bytes() != first.original
    result = {'changed': changed, 'changes': changes if changed else []}
    if changed and want_diff:
        before, after = masked_pair(first.original_text, doc.text)
        result['diff'] = {'before': before, 'after': after,
                          'before_header': path, 'after_header': path}
    if changed and not check_mode:
        backup_name = None
        check_replaceable(path)
        try:
            if backup:
                backup_name = (backup_fn or backup_file)(path)
            write_atomic(path, doc.to_bytes(), mover)
        except Exception as exc:  # pylint: disable=broad-except
            # AnsibleModule.atomic_move raises a plain Exception with the OSError as its cause
            if os_error(exc) is None:
                raise
            if backup_name and os.path.exists(backup_name):
                os.unlink(backup_name)
            raise TomcatXmlError('cannot write %s: %s; the file was not changed' % (path, describe_os_error(exc)))
        if backup_name:
            result['backup_file'] = backup_name
    return result
