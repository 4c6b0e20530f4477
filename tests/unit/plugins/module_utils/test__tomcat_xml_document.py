# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_tomcat_xml_document: preservation, splicing, verification against lxml, masking, atomic writes."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import stat

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils import _tomcat_xml_document as tx
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import (
    Node, TomcatXmlError, XmlDocument, edit_file, mask_secrets, masked_pair, scan, write_atomic,
)
from ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_xml_sources import (
    changed_lines, conf_web_xml, crlf, debian_server_xml, root_web_xml, server_xml_variants, stock_server_xml, write,
)


def test_sources_are_real_tomcat_files():
    assert stock_server_xml().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    deb = debian_server_xml()
    assert b'<Server port="-1" shutdown="SHUTDOWN">' in deb
    assert deb.replace(b'port="-1"', b'port="8005"', 1) == stock_server_xml()
    assert b'<web-app' in conf_web_xml() and b'<web-app' in root_web_xml()


@pytest.mark.parametrize('name,loader', server_xml_variants(), ids=[v[0] for v in server_xml_variants()])
def test_scanner_agrees_with_lxml_on_real_files(name, loader):
    doc = XmlDocument(loader())
    spans, comments = scan(doc.text)
    assert len(spans) == len([e for e in doc.root.iter() if isinstance(e.tag, str)])
    assert len(comments) > 10
    engine = doc.root.find('Service/Engine')
    s = doc.span(engine)
    assert doc.text[s.start:s.tag_end] == '<Engine name="Catalina" defaultHost="localhost">'
    assert doc.text[s.end - len('</Engine>'):s.end] == '</Engine>'


@pytest.mark.parametrize('loader', [stock_server_xml, conf_web_xml, root_web_xml, lambda: crlf(stock_server_xml())])
def test_load_without_change_is_byte_identical(loader):
    data = loader()
    doc = XmlDocument(data)
    assert not doc.changed
    assert doc.to_bytes() == data


def test_declaration_quotes_bom_and_encoding_survive_an_edit():
    src = (b'\xef\xbb\xbf<?xml version=\'1.0\' encoding=\'ISO-8859-1\'?>\n'
           b'<!-- caf\xe9 -->\n<Server port="8005">\n  <Service name="x"/>\n</Server>\n')
    doc = XmlDocument(src)
    doc.set_attr(doc.root, 'port', '8015')
    out = doc.to_bytes()
    assert out == src.replace(b'8005', b'8015')


def test_crlf_line_endings_survive_insertions():
    doc = XmlDocument(crlf(stock_server_xml()))
    engine = doc.root.find('Service/Engine')
    doc.insert_first_child(engine, Node('Valve', [('className', 'x.Y')]))
    text = doc.to_bytes()
    assert b'\n' not in text.replace(b'\r\n', b'')
    assert b'\r\n      <Valve className="x.Y" />\r\n' in text


def test_set_attr_replace_insert_remove_keep_layout():
    doc = XmlDocument(stock_server_xml())
    before = doc.text
    conn = doc.root.find('Service/Connector')
    assert doc.set_attr(conn, 'connectionTimeout', '30000')
    conn = doc.root.find('Service/Connector')
    assert doc.set_attr(conn, 'maxThreads', '50')     # multi-line attributes: new line, aligned
    conn = doc.root.find('Service/Connector')
    assert doc.set_attr(conn, 'protocol', None)
    conn = doc.root.find('Service/Connector')
    assert not doc.set_attr(conn, 'protocol', None)
    assert not doc.set_attr(conn, 'port', '8080')
    removed, added = changed_lines(before, doc.text)
    assert removed == ['    <Connector port="8080" protocol="HTTP/1.1"',
                       '               connectionTimeout="20000"',
                       '               redirectPort="8443" />']
    assert added == ['    <Connector port="8080"',
                     '               connectionTimeout="30000"',
                     '               redirectPort="8443"',
                     '               maxThreads="50" />']


def test_attribute_values_are_escaped_and_compared_unescaped():
    doc = XmlDocument(stock_server_xml())
    valve = list(doc.root.iter('Valve'))[0]
    assert valve.get('pattern') == '%h %l %u %t "%r" %s %b'
    assert not doc.set_attr(valve, 'pattern', '%h %l %u %t "%r" %s %b')
    doc.set_attr(valve, 'pattern', 'a<b&"c"')
    assert 'pattern="a&lt;b&amp;&quot;c&quot;"' in doc.text
    assert doc.root.find('.//Valve').get('pattern') == 'a<b&"c"'


def test_single_quoted_attribute_keeps_its_quotes():
    doc = XmlDocument(b"<Server port='8005' shutdown='SHUTDOWN'/>")
    doc.set_attr(doc.root, 'port', "80'15")
    assert doc.text == "<Server port='80&apos;15' shutdown='SHUTDOWN'/>"


def test_remove_drops_whole_lines_only_when_alone():
    doc = XmlDocument(stock_server_xml())
    before = doc.text
    doc.remove(doc.root.find('Service/Connector'))
    removed, added = changed_lines(before, doc.text)
    assert added == [] and len(removed) == 3 and removed[0].strip().startswith('<Connector port="8080"')
    doc = XmlDocument(b'<a><b/> <c/>\n</a>')
    doc.remove(doc.root.find('c'))
    assert doc.text == '<a><b/>\n</a>'


def test_insert_into_self_closed_parent():
    doc = XmlDocument(b'<Server>\n  <Service name="a"/>\n</Server>\n')
    doc.insert_first_child(doc.root.find('Service'), Node('Engine', [('name', 'a')]))
    assert doc.text == '<Server>\n  <Service name="a">\n    <Engine name="a" />\n  </Service>\n</Server>\n'


def test_commented_out_elements_are_invisible():
    doc = XmlDocument(stock_server_xml())
    assert [c.get('port') for c in doc.root.iter('Connector')] == ['8080']
    assert doc.root.find('.//Cluster') is None
    assert len(doc.root.findall('.//Engine')) == 1


@pytest.mark.parametrize('data,msg', [
    (b'<Server port="8005">', 'not well-formed XML'),
    (b'<Server port="8005"></Servr>', 'not well-formed XML'),
    (b'', 'not well-formed XML'),
    (b'\xff\xfe<\x00a\x00/\x00>\x00', 'UTF-16'),
    (b'<?xml version="1.0" encoding="nonsense-enc"?><a/>', 'names the encoding "nonsense-enc", which this module does not support'),
    (b'<?xml version="1.0" encoding="UTF-8"?><a x="\xff"/>', 'cannot decode the file as utf-8 (invalid byte at offset 44)'),
])
def test_bad_files_give_clear_errors(data, msg):
    with pytest.raises(TomcatXmlError) as info:
        XmlDocument(data)
    assert msg in str(info.value)


def test_tricky_markup_is_located_correctly():
    data = (b'<?xml version="1.0"?>\n<?xml-stylesheet href="a>b"?>\n<!DOCTYPE Server [\n  <!ELEMENT Server ANY>\n'
            b'  <!-- <Server port="1"> in the subset -->\n]>\n'
            b'<Server port="8005">\n  <?pi <Engine/> ?>\n  <Desc><![CDATA[<Service name="fake"> ]]></Desc>\n'
            b'  <Valve pattern="%h > /x" other=\'a"b\'/>\n  <Service name="real" >\n    <Engine name="e"/>\n  </Service >\n</Server>\n')
    doc = XmlDocument(data)
    assert doc.to_bytes() == data
    svc = doc.root.find('Service')
    assert doc.text[doc.span(svc).start:doc.span(svc).tag_end] == '<Service name="real" >'
    doc.set_attr(doc.root.find('Valve'), 'other', 'c')
    doc.set_attr(doc.root.find('Service/Engine'), 'jvmRoute', 'r1')
    assert doc.text == data.decode().replace("other='a\"b'", "other='c'").replace('<Engine name="e"/>', '<Engine name="e" jvmRoute="r1"/>')


def test_text_entities_stay_unexpanded_and_markup_entities_are_refused():
    data = b'<!DOCTYPE a [<!ENTITY e "text">]>\n<a>&e;</a>'
    doc = XmlDocument(data)
    assert doc.to_bytes() == data
    doc.set_attr(doc.root, 'x', '1')
    assert doc.text == '<!DOCTYPE a [<!ENTITY e "text">]>\n<a x="1">&e;</a>'
    with pytest.raises(TomcatXmlError, match=r'uses the entity reference &e; \(line 2\), which stands for markup'):
        XmlDocument(b'<!DOCTYPE a [<!ENTITY e "<b/>">]>\n<a>&e;</a>')


def test_masking_hides_secrets_and_marks_changes():
    before = '<Server port="8005" shutdown="SHUTDOWN">\n<Connector secret=\'s3cret\' requiredSecret="x"/>'
    after = before.replace('s3cret', 'n3w')
    assert 'SHUTDOWN' not in mask_secrets(before) and 's3cret' not in mask_secrets(before)
    b, a = masked_pair(before, after)
    assert 's3cret' not in b + a and 'n3w' not in b + a
    assert a.splitlines()[1] == "<Connector secret='(hidden, changed)' requiredSecret=\"(hidden)\"/>"
    assert b.splitlines()[1] == "<Connector secret='(hidden)' requiredSecret=\"(hidden)\"/>"


def test_write_atomic_keeps_mode_and_replaces_inode(tmp_path):
    path = write(tmp_path, stock_server_xml(), mode=0o600)
    ino = os.stat(path).st_ino
    write_atomic(path, b'<Server/>')
    st = os.stat(path)
    assert stat.S_IMODE(st.st_mode) == 0o600
    assert st.st_ino != ino
    assert open(path, 'rb').read() == b'<Server/>'
    assert os.listdir(str(tmp_path)) == ['server.xml']


@pytest.mark.skipif(not hasattr(os, 'geteuid') or os.geteuid() != 0, reason='needs root to chown')
def test_write_atomic_keeps_ownership(tmp_path):
    path = write(tmp_path, stock_server_xml(), mode=0o640)
    os.chown(path, 4321, 4322)
    write_atomic(path, b'<Server/>')
    st = os.stat(path)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 4322, 0o640)


def test_write_atomic_follows_symlinks(tmp_path):
    real = write(tmp_path, b'<a/>', name='real.xml')
    link = tmp_path / 'link.xml'
    link.symlink_to(real)
    write_atomic(str(link), b'<b/>')
    assert link.is_symlink() and open(real, 'rb').read() == b'<b/>'


def set_port_8015(doc):
    """An edit for edit_file(): the Server's port becomes 8015."""
    doc.set_attr(doc.root, 'port', '8015')
    return ['port']


def test_edit_file_check_mode_backup_and_failure(tmp_path):
    data = stock_server_xml()
    path = write(tmp_path, data)

    res = edit_file(path, set_port_8015, check_mode=True, backup=True)
    assert res['changed'] and 'backup_file' not in res
    assert open(path, 'rb').read() == data
    res = edit_file(path, set_port_8015, backup=True)
    assert res['changed'] and open(res['backup_file'], 'rb').read() == data
    assert open(path, 'rb').read() == data.replace(b'port="8005"', b'port="8015"')
    assert '<Server port="8015" shutdown="(hidden)">' in res['diff']['after']
    assert 'SHUTDOWN' not in res['diff']['before'] + res['diff']['after']
    res2 = edit_file(path, set_port_8015)
    assert not res2['changed'] and res2['changes'] == [] and 'diff' not in res2

    def broken(doc):
        doc.set_attr(doc.root, 'port', '1')
        raise TomcatXmlError('nope')

    current = open(path, 'rb').read()
    with pytest.raises(TomcatXmlError):
        edit_file(path, broken)
    assert open(path, 'rb').read() == current


def test_missing_and_unreadable_paths(tmp_path):
    with pytest.raises(TomcatXmlError, match='does not exist'):
        edit_file(str(tmp_path / 'nope.xml'), lambda d: [])
    with pytest.raises(TomcatXmlError, match='not a regular file'):
        edit_file(str(tmp_path), lambda d: [])


def test_render_aligns_attributes_like_the_stock_connectors():
    node = Node('Connector', [('port', '8009'), ('protocol', 'AJP/1.3')])
    assert tx.render(node, '    ', '  ', '\n', True) == '<Connector port="8009"\n               protocol="AJP/1.3" />'
    nested = Node('A', [('x', '1')], [Node('B'), Node('C', [], [Node('D')])])
    assert tx.render(nested, '  ', '  ', '\n', False, False) == '<A x="1">\n    <B/>\n    <C>\n      <D/>\n    </C>\n  </A>'


# ---------------------------------------------------------------------------------------------
# hostile input (issue 10): locate with certainty or refuse; never show a secret
# ---------------------------------------------------------------------------------------------

CRAFTED_DOCTYPE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE Server [\n'
    b'  <!-- ] > <Server port="1"><Service name="Catalina"><Connector port="8009" protocol="AJP/1.3" '
    b'secret="OldSecret1"/></Service></Server> -->\n'
    b'  <!ENTITY x "]> <Server port=\'2\'>">\n  <?pi ]> <Engine/> ?>\n]>\n'
    b'<Server port="8005">\n  <Service name="Catalina">\n'
    b'    <Connector port="8009" protocol="AJP/1.3" secret="OldSecret1"/>\n'
    b'    <Engine name="Catalina" defaultHost="localhost"/>\n  </Service>\n</Server>\n')


def test_crafted_doctype_never_leads_to_an_edit_inside_the_dtd():
    data = CRAFTED_DOCTYPE
    doc = XmlDocument(data)
    conn = doc.root.find('Service/Connector')
    doc.set_attr(conn, 'secret', 'NewSecret22')
    assert doc.root.find('Service/Connector').get('secret') == 'NewSecret22'
    prolog, body = data.split(b'<Server port="8005">')
    out = doc.to_bytes()
    assert out.startswith(prolog) and out.count(b'OldSecret1') == 1  # the one inside the DTD comment
    assert out == data.replace(b'secret="OldSecret1"/>\n    <Engine', b'secret="NewSecret22"/>\n    <Engine')


@pytest.mark.parametrize('doctype', [
    b"<!DOCTYPE Server [ <!-- Tomcat's --> ]>",
    b'<!DOCTYPE Server [ <!-- a "quote --> <!ATTLIST Server port CDATA "8005"> ]>',
    b'<!DOCTYPE Server SYSTEM "server]>.dtd">',
    b'<!DOCTYPE Server PUBLIC "-//x//y" \'a>b\' [ <?pi ]> ?> ]>',
])
def test_doctype_variants_are_read(doctype):
    data = doctype + b'\n<Server port="8005">\n  <Service name="x"/>\n</Server>\n'
    doc = XmlDocument(data)
    doc.set_attr(doc.root, 'port', '8015')
    assert doc.to_bytes() == data.replace(b'port="8005">', b'port="8015">')


def _shifted_scan(real_scan, mutate):
    def fake(text):
        spans, comments = real_scan(text)
        mutate(spans, comments)
        return spans, comments
    return fake


@pytest.mark.parametrize('mutate,msg', [
    (lambda s, c: s[2].attrs.pop(), 'cannot locate the attributes of <Connector>'),
    (lambda s, c: setattr(s[2], 'tag_end', s[3].tag_end), 'cannot locate <Connector> on line'),
    (lambda s, c: setattr(s[2].attrs[2], 'value_end', s[2].attrs[2].value_end - 1), 'cannot locate the attributes of <Connector>'),
])
def test_a_scanner_that_disagrees_with_lxml_is_refused(monkeypatch, mutate, msg):
    data = CRAFTED_DOCTYPE.replace(b'"/>\n    <Engine', b'"/>\n\n    <Engine')
    XmlDocument(data)
    monkeypatch.setattr(tx, 'scan', _shifted_scan(tx.scan, mutate))
    with pytest.raises(TomcatXmlError, match=msg):
        XmlDocument(data)


def test_comment_mismatch_is_refused(monkeypatch):
    data = b'<Server>\n  <!-- one -->\n  <!-- two -->\n</Server>\n'

    def swap(spans, comments):
        comments[0].start, comments[0].end = comments[1].start, comments[1].end
    monkeypatch.setattr(tx, 'scan', _shifted_scan(tx.scan, swap))
    with pytest.raises(TomcatXmlError, match='cannot locate the comment on line 2'):
        XmlDocument(data)


@pytest.mark.parametrize('data', [
    b'<!DOCTYPE S [<!ENTITY c "<Connector port=\'8009\'/>">]>\n<Server><Service name="Catalina">&c;</Service></Server>',
    b'<!DOCTYPE S [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<Server>&e;</Server>',
])
def test_entities_that_produce_markup_are_refused(data):
    with pytest.raises(TomcatXmlError, match='which stands for markup or an external file'):
        XmlDocument(data)


@pytest.mark.parametrize('encoding', [b'idna', b'undefined', b'unknown', b'utf-7', b'rot13', b'base64', b'UTF-16', b'x\xffy'])
def test_unsupported_encodings_are_named(encoding):
    with pytest.raises(TomcatXmlError) as info:
        XmlDocument(b'<?xml version="1.0" encoding="' + encoding + b'"?>\n<Server port="8005"/>\n')
    assert 'which this module does not support (supported: UTF-8' in str(info.value)


@pytest.mark.parametrize('name', ['secret', 'requiredSecret', 'shutdown', 'password', 'connectionPassword', 'keystorePass',
                                  'keyPass', 'truststorePass', 'truststorePassword', 'SSLPassword', 'certificateKeystorePassword',
                                  'certificateKeyPassword', 'SSLPass', 'sslpassphrase', 'credentials', 'x:secret'])
def test_password_like_names_are_secret(name):
    assert tx.is_secret(name)


@pytest.mark.parametrize('name', ['port', 'address', 'maxThreads', 'keystoreFile', 'protocol', 'className', 'shutdownDelay'])
def test_other_names_are_not_secret(name):
    assert not tx.is_secret(name)


def test_masking_covers_context_lines_comments_and_entities():
    before = ('<!DOCTYPE a [<!ENTITY pw "EntSecret99">]>\n<a>\n  <!-- <b SSLPassword="InComment1"/> -->\n'
              '  <c secret="&pw;" truststorePassword=\'Trust1\' keystorePass="Key1" port="1"/>\n</a>\n')
    after = before.replace('port="1"', 'port="2"')
    b, a = masked_pair(before, after)
    for value in ('EntSecret99', 'InComment1', 'Trust1', 'Key1'):
        assert value not in b + a
    assert '(changed)' not in a and 'port="2"' in a


@pytest.mark.parametrize('data', [
    b'<Server><Service name="Catalina"><Connector secret="abc&LeakPart999;x"/></Service></Server>',
    b'<Server><Connector truststorePassword="x&LeakPart999"/></Server>',
    b'<Server><Connector keystorePass="LeakPart999/></Server>',
    b'<!DOCTYPE a [<!ENTITY pw "<LeakPart999>">]>\n<Server><Connector SSLPassword="&pw;"/></Server>',
])
def test_parser_errors_do_not_quote_secrets(data):
    with pytest.raises(TomcatXmlError) as info:
        XmlDocument(data)
    assert str(info.value).startswith('not well-formed XML: ') and ', line ' in str(info.value)
    assert 'LeakPart' not in str(info.value)


@pytest.mark.parametrize('value,ok', [(0, True), (2 ** 31 - 1, True), (-2 ** 31, True), (2 ** 31, False), (-2 ** 31 - 1, False),
                                      (10 ** 20, False), (True, False), (1.0, False), ('1', False), (None, False)])
def test_java_int(value, ok):
    if ok:
        assert tx.java_int(value, 'n') == value
    else:
        with pytest.raises(TomcatXmlError, match='n must be'):
            tx.java_int(value, 'n')


def _immutable(path):
    import subprocess
    if not hasattr(os, 'geteuid') or os.geteuid() != 0:
        pytest.skip('chattr +i needs root')
    if subprocess.call(['chattr', '+i', path], stderr=subprocess.DEVNULL) != 0:
        pytest.skip('the file system does not support chattr +i')


def test_immutable_file_gives_the_os_error(tmp_path):
    import subprocess
    data = stock_server_xml()
    path = write(tmp_path, data)

    _immutable(path)
    try:
        with pytest.raises(TomcatXmlError) as info:
            edit_file(path, set_port_8015, backup=True)
        assert 'Operation not permitted' in str(info.value) and 'the file was not changed' in str(info.value)
    finally:
        subprocess.call(['chattr', '-i', path])
    assert open(path, 'rb').read() == data
    assert os.listdir(str(tmp_path)) == ['server.xml']


def test_os_errors_behind_a_mover_are_shown(tmp_path):
    import errno
    data = stock_server_xml()
    path = write(tmp_path, data)

    def mover(src, dest):
        try:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        except OSError as exc:
            raise Exception('Could not replace %r with %r.' % (dest, src)) from exc  # as AnsibleModule.atomic_move does

    with pytest.raises(TomcatXmlError, match='cannot write .*: Read-only file system; the file was not changed'):
        edit_file(path, set_port_8015, backup=True, mover=mover)
    assert open(path, 'rb').read() == data
    assert os.listdir(str(tmp_path)) == ['server.xml']
