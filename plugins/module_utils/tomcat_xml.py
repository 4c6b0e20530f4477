# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Edit Tomcat XML files (server.xml, web.xml) while keeping everything else byte-identical.

lxml parses the file (comments and processing instructions kept, no blank-text removal, no
entity resolution, no network) and is used to find live elements and to check every result.
The edits themselves are splices into the original text: a scanner records where every element
and comment starts and ends, and an element is located by its document-order position, which is
the same for lxml and the scanner. Everything outside the edited spans therefore survives as
written: the XML declaration, comments, line endings, indentation, attribute order and layout.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import codecs
import difflib
import os
import re
import shutil
import stat
import tempfile
import time
import traceback

try:
    from lxml import etree
    HAS_LXML = True
    LXML_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - depends on the managed host
    etree = None
    HAS_LXML = False
    LXML_IMPORT_ERROR = traceback.format_exc()


# Attribute names whose values are never shown (diff, results, errors).
SECRET_ATTRIBUTES = frozenset((
    'secret', 'requiredsecret', 'shutdown', 'password', 'keystorepass', 'truststorepass',
    'keypass', 'certificatekeystorepassword', 'certificatekeypassword',
    'certificatekeystorepasswordfile', 'connectionpassword',
))
MASK = '********'


class TomcatXmlError(Exception):
    """A clear, user-facing failure. Messages never contain secret values."""


def is_secret(name):
    return name.lower() in SECRET_ATTRIBUTES


def local_name(tag):
    if not isinstance(tag, str):
        return None
    return tag.rsplit('}', 1)[-1]


# --------------------------------------------------------------------------------------------
# scanner: where nodes are in the original text
# --------------------------------------------------------------------------------------------

_NAME = r'[^\s/>=<"\']+'
_START_RE = re.compile(r'<(' + _NAME + r')')
_ATTR_RE = re.compile(r'(\s+)(' + _NAME + r')\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_TAG_CLOSE_RE = re.compile(r'\s*(/?)>')
_END_RE = re.compile(r'</(' + _NAME + r')\s*>')


class _Attr(object):
    __slots__ = ('name', 'lead_start', 'name_start', 'value_start', 'value_end', 'quote', 'end')


class _Span(object):
    """Text positions of one element or comment."""
    __slots__ = ('kind', 'name', 'start', 'end', 'name_end', 'tag_end', 'attrs_end', 'empty', 'attrs', 'depth')

    def __init__(self, kind, start, depth):
        self.kind = kind
        self.start = start
        self.depth = depth
        self.end = None
        self.name = None
        self.name_end = None
        self.tag_end = None
        self.attrs_end = None
        self.empty = False
        self.attrs = []


def _skip_doctype(text, pos):
    depth = 0
    i = pos + 2
    quote = None
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = None
        elif c in '"\'':
            quote = c
        elif c == '[':
            depth += 1
        elif c == ']':
            depth -= 1
        elif c == '>' and depth <= 0:
            return i + 1
        i += 1
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
            end = text.find('-->', lt + 4)
            if end < 0:
                raise TomcatXmlError('unterminated comment')
            if stack:
                span = _Span('comment', lt, len(stack))
                span.end = end + 3
                comments.append(span)
            pos = end + 3
            continue
        if text.startswith('<![CDATA[', lt):
            end = text.find(']]>', lt)
            pos = end + 3
            continue
        if text.startswith('<?', lt):
            end = text.find('?>', lt)
            pos = end + 2
            continue
        if text.startswith('<!', lt):
            pos = _skip_doctype(text, lt)
            continue
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
        span = _Span('element', lt, len(stack))
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
# the document
# --------------------------------------------------------------------------------------------

_DECL_RE = re.compile(br'^<\?xml\s[^>]*?\?>')
_ENC_RE = re.compile(br'encoding\s*=\s*["\']([A-Za-z0-9._-]+)["\']')


def _parser():
    return etree.XMLParser(remove_blank_text=False, remove_comments=False, remove_pis=False,
                           resolve_entities=False, no_network=True, load_dtd=False,
                           strip_cdata=False, huge_tree=False)


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
                self.encoding = e.group(1).decode('ascii')
        try:
            codecs.lookup(self.encoding)
            self.text = body.decode(self.encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise TomcatXmlError('cannot decode the file as %s: %s' % (self.encoding, exc))
        self.original_text = self.text
        self.newline = '\r\n' if '\r\n' in self.text else '\n'
        self._load()

    # -- loading ---------------------------------------------------------------------------
    def _load(self):
        data = self.text.encode(self.encoding)
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as exc:
            raise TomcatXmlError('not well-formed XML: %s' % exc)
        self.root = root
        el_spans, cm_spans = scan(self.text)
        elems = [e for e in root.iter() if isinstance(e.tag, str)]
        comments = [c for c in root.iter() if c.tag is etree.Comment]
        if len(elems) != len(el_spans) or len(comments) != len(cm_spans):
            raise TomcatXmlError('the file uses constructs this module cannot edit safely '
                                 '(entity-expanded elements or unusual markup)')
        self._spans = {}
        for e, s in zip(elems, el_spans):
            if local_name(e.tag) != s.name.rsplit(':', 1)[-1]:
                raise TomcatXmlError('internal mismatch between parser and scanner at <%s>' % s.name)
            self._spans[e] = s
        for c, s in zip(comments, cm_spans):
            self._spans[c] = s
        self._elems = elems
        self._comments = comments

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
        current = elem.get(name)
        if current == value:
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
# diff and masking
# --------------------------------------------------------------------------------------------

_SECRET_RE = re.compile(r'(?i)(\b(?:%s)\s*=\s*)("([^"]*)"|\'([^\']*)\')' % '|'.join(sorted(SECRET_ATTRIBUTES)))


def _secret_values(text):
    vals = set()
    for m in _SECRET_RE.finditer(text):
        vals.add(m.group(3) if m.group(3) is not None else m.group(4))
    return vals


def mask_secrets(text, known=None):
    """Replace secret attribute values; values not in known are marked as changed."""
    def repl(m):
        val = m.group(3) if m.group(3) is not None else m.group(4)
        q = m.group(2)[0]
        label = MASK
        if known is not None and val not in known:
            label = MASK + ' (changed)'
        return m.group(1) + q + label + q
    return _SECRET_RE.sub(repl, text)


def masked_pair(before, after):
    known = _secret_values(before)
    return mask_secrets(before), mask_secrets(after, known)


def unified_diff(before, after, path='file'):
    b, a = masked_pair(before, after)
    return ''.join(difflib.unified_diff(b.splitlines(True), a.splitlines(True),
                                        'before: %s' % path, 'after: %s' % path))


# --------------------------------------------------------------------------------------------
# file IO
# --------------------------------------------------------------------------------------------

def read_file(path):
    if not os.path.exists(path):
        raise TomcatXmlError('%s does not exist' % path)
    if not os.path.isfile(path):
        raise TomcatXmlError('%s is not a regular file' % path)
    try:
        with open(path, 'rb') as f:
            return f.read()
    except (IOError, OSError) as exc:
        raise TomcatXmlError('cannot read %s: %s' % (path, exc.strerror or exc))


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
# running an edit for a module
# --------------------------------------------------------------------------------------------

def edit_file(path, edit, check_mode=False, backup=False, mover=None, backup_fn=None, want_diff=True):
    """Load path, call edit(doc) -> list of change descriptions, write when changed.

    Returns a dict: changed, changes, diff (before/after with secrets masked, when want_diff),
    backup_file. Raises TomcatXmlError; the file is untouched when anything fails.
    """
    data = read_file(path)
    doc = XmlDocument(data, path)
    changes = edit(doc) or []
    result = {'changed': doc.changed, 'changes': changes if doc.changed else []}
    if doc.changed and want_diff:
        before, after = masked_pair(doc.original_text, doc.text)
        result['diff'] = {'before': before, 'after': after,
                          'before_header': path, 'after_header': path}
    if doc.changed:
        if not check_mode:
            if backup:
                result['backup_file'] = (backup_fn or backup_file)(path)
            try:
                write_atomic(path, doc.to_bytes(), mover)
            except (IOError, OSError) as exc:
                raise TomcatXmlError('cannot write %s: %s' % (path, exc.strerror or exc))
    return result


def run_module(module, edit):
    """Common body of the XML modules: edit module.params['path'] and exit."""
    if not HAS_LXML:
        from ansible.module_utils.basic import missing_required_lib
        module.fail_json(msg=missing_required_lib('lxml'), exception=LXML_IMPORT_ERROR)
    path = module.params['path']
    try:
        result = edit_file(path, edit, check_mode=module.check_mode,
                           backup=module.params.get('backup', False),
                           mover=module.atomic_move,
                           backup_fn=module.backup_local, want_diff=module._diff)
    except TomcatXmlError as exc:
        module.fail_json(msg=str(exc), path=path)
    except Exception as exc:  # pylint: disable=broad-except
        # a bug, not bad input: still a one-line message (the type only, the text might quote
        # file content) and the file untouched; the traceback goes to -vvv
        module.fail_json(msg='unexpected %s while editing %s; the file was not changed' % (type(exc).__name__, path),
                         path=path, exception=traceback.format_exc())
    diff = result.pop('diff', None)
    if module._diff and diff:
        result['diff'] = diff
    result['path'] = path
    module.exit_json(**result)


def common_argument_spec(**extra):
    """path + backup, shared by all XML modules."""
    spec = dict(
        path=dict(type='path', required=True),
        backup=dict(type='bool', default=False),
    )
    spec.update(extra)
    return spec
