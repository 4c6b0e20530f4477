# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""The common body and argument spec pieces of the XML modules (tomcat_server, tomcat_connector,
tomcat_engine, tomcat_cluster, tomcat_valve, tomcat_distributable, and tomcat_server_xml, which makes the
edits of the first five in one call)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import os
import traceback

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_cluster_spec import build_cluster, edit_cluster
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_server_xml_edit import (
    plan_connector, plan_engine, plan_server, plan_valve,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import (
    HAS_LXML, LXML_IMPORT_ERROR, MASK, TomcatXmlError, describe_os_error, edit_file, is_secret, os_error,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._validation import (
    ValidationError, check_file_attributes, check_nul,
)

# The file every XML module edits (doc fragment webtier.tomcat_cluster.tomcat_xml, and .server_xml
# or the module's own path documentation).
XML_FILE_ARGS = dict(
    path=dict(type='path', required=True),
    backup=dict(type='bool', default=False),
)

# The <Service> a server.xml module works in (doc fragment webtier.tomcat_cluster.tomcat_xml.service).
SERVICE_ARGS = dict(
    service=dict(type='str', default='Catalina'),
)


# The options of each server.xml element: the options of tomcat_server, tomcat_connector, tomcat_engine and
# tomcat_valve (tomcat_cluster's are CLUSTER_OPTIONS in _tomcat_cluster_spec), and the suboptions of
# tomcat_server_xml's server, connectors, engine, valves and cluster.
SERVER_OPTIONS = dict(
    port=dict(type='int'),
    shutdown=dict(type='str', no_log=True),
    address=dict(type='str'),
)

CONNECTOR_OPTIONS = dict(
    port=dict(type='int', required=True),
    state=dict(type='str', choices=['present', 'absent'], default='present'),
    protocol=dict(type='str'),
    address=dict(type='str'),
    secret=dict(type='str', no_log=True),
    secret_required=dict(type='bool'),
    redirect_port=dict(type='int'),
    attributes=dict(type='dict', no_log=True),
    allow_no_secret=dict(type='bool', default=False),
    tomcat_line=dict(type='str'),
)

ENGINE_OPTIONS = dict(
    jvm_route=dict(type='str'),
    default_host=dict(type='str'),
    name=dict(type='str'),
)

VALVE_OPTIONS = dict(
    host=dict(type='str', default='localhost'),
    class_name=dict(type='str', required=True),
    attributes=dict(type='dict', no_log=True),
    state=dict(type='str', choices=['present', 'absent'], default='present'),
)


def server_edit(p):
    return plan_server(port=p['port'], shutdown=p['shutdown'], address=p['address'])


# tomcat_line (the target Tomcat line, _tomcat_lines.LINES, or a release of one) is checked by plan_connector,
# before the file is read: an unknown line, or an attribute the line removed, is a TomcatXmlError (fail_json, the
# file untouched); not given (None), nothing line-specific is checked.
def connector_edit(p, service):
    return plan_connector(p['port'], service=service, state=p['state'], protocol=p['protocol'],
                          address=p['address'], secret=p['secret'], secret_required=p['secret_required'],
                          redirect_port=p['redirect_port'], attributes=p['attributes'],
                          allow_no_secret=p['allow_no_secret'], tomcat_line=p['tomcat_line'])


def engine_edit(p, service):
    return plan_engine(service=service, jvm_route=p['jvm_route'], default_host=p['default_host'], name=p['name'])


def valve_edit(p, service):
    return plan_valve(p['class_name'], service=service, host=p['host'], state=p['state'], attributes=p['attributes'])


def cluster_edit(p, service):
    node = None
    if p['state'] == 'present':
        node = build_cluster(p['channel_send_options'], p['manager'], p['membership'], p['receiver'],
                             p['replication_filter'], p['jvm_route_binder'])
    return lambda doc: edit_cluster(doc, node, service=service, state=p['state'])


def server_xml_edits(p):
    """tomcat_server_xml's options -> the edits, in the order the module makes them: server, connectors (in list
    order), engine, valves (in list order), cluster. Each is validated here, before the file is read."""
    service = p['service']
    edits = []
    if p['server'] is not None:
        edits.append(server_edit(p['server']))
    edits.extend(connector_edit(c, service) for c in p['connectors'] or [])
    if p['engine'] is not None:
        edits.append(engine_edit(p['engine'], service))
    edits.extend(valve_edit(v, service) for v in p['valves'] or [])
    if p['cluster'] is not None:
        edits.append(cluster_edit(p['cluster'], service))
    return edits


def xml_argument_spec(*pieces, **options):
    """XML_FILE_ARGS + the given shared pieces (e.g. SERVICE_ARGS) + the module's own options."""
    spec = dict(XML_FILE_ARGS)
    for piece in pieces:
        spec.update(piece)
    spec.update(options)
    return spec


def xml_module(*pieces, **module_args):
    """The AnsibleModule of an XML module: the argument spec xml_argument_spec(*pieces), check mode supported;
    module_args go to AnsibleModule (add_file_common_args=True for tomcat_server_xml's file options)."""
    return AnsibleModule(argument_spec=xml_argument_spec(*pieces), supports_check_mode=True, **module_args)


def service_element_main(options, edit):
    """main() of the modules of one element of a <Service> (tomcat_connector, tomcat_engine, tomcat_valve and
    tomcat_cluster): the file, SERVICE_ARGS and the element's options; edit(params, service) prepares the edit."""
    run_module(xml_module(SERVICE_ARGS, options), lambda p: edit(p, p['service']))


def _sub_params(value):
    """The parameter dicts of a suboptions option: its dict, or the dicts of its list."""
    return [item for item in (value if isinstance(value, list) else [value]) if isinstance(item, dict)]


def _no_log_leaves(spec, params):
    """(container, name, value, option spec) of every no_log option without suboptions, also inside suboptions and
    lists of them."""
    found = []
    for name, opts in spec.items():
        value = params.get(name)
        if opts.get('options'):
            for item in _sub_params(value):
                found.extend(_no_log_leaves(opts['options'], item))
        elif opts.get('no_log'):
            found.append((params, name, value, opts))
    return found


def _no_log_dicts(spec, params):
    """(container, name) of every no_log dict option without suboptions, also inside suboptions and lists of them."""
    return [(container, name) for container, name, value, opts in _no_log_leaves(spec, params)
            if opts.get('type') == 'dict' and isinstance(value, dict)]


def _no_log_strings(spec, params):
    """The values of the other no_log options (strings), also inside suboptions and lists of them."""
    return [value for container, name, value, opts in _no_log_leaves(spec, params) if isinstance(value, str)]


def _protect_dict_options(module, params):
    """Dict options with no_log (connector/valve attributes): hide only the secret-named values.

    no_log on a dict option makes Ansible hide every value of it everywhere in the result (also a
    "1000" or "true" in the diff). Values of non-secret attributes are taken off that list again;
    values of secret attributes, and of the other no_log options, stay on it. The invocation shows
    none of the values, only the names. This holds for such options inside suboptions too (the
    connectors and valves of tomcat_server_xml).
    """
    spec = module.argument_spec
    found = _no_log_dicts(spec, params)
    keep = set(_no_log_strings(spec, params))
    for container, name in found:
        keep.update(str(v) for k, v in container[name].items() if is_secret(k) and v is not None and not isinstance(v, bool))
    for container, name in found:
        for v in container[name].values():
            if isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v) not in keep:
                module.no_log_values.discard(str(v))
    for container, name in _no_log_dicts(spec, module.params):
        container[name] = dict((k, MASK) for k in container[name])


def _check_file(params, file_attributes, check_mode):
    """The path (no NUL byte) and, with file_attributes, the owner, group and mode, checked before the file is
    read, as file_contents checks them (the same shared checks): a bad mode or an unknown owner or group fails
    the module with the file untouched. Returns the owner/group names to leave alone (unknown in check mode)."""
    try:
        check_nul(params['path'], 'path')
        if not file_attributes:
            return []
        return check_file_attributes(params.get('owner'), params.get('group'), params.get('mode'), check_mode)
    except ValidationError as exc:
        raise TomcatXmlError('%s; the file was not changed' % exc)


def run_module(module, prepare, file_attributes=False):
    """Common body of the XML modules.

    prepare(params) validates the options (raising TomcatXmlError) and returns edit(doc) ->
    list of change descriptions, or a list of such edits (made one after the other, each on the
    result of the one before); the validation runs before the file is read. In check mode a
    file that does not exist yet (an earlier task that check mode skipped would have created it)
    is reported as a change with a note (msg and a warning), instead of a failure; outside check
    mode a missing file is an error. With file_attributes (a module made with add_file_common_args),
    the owner, group and mode options are applied to the file as well, also when its content is
    already right. The path, and the file attributes, are checked before the file is read (see _check_file);
    in check mode an unknown owner or group is a warning and reported as a change.
    """
    params = copy.deepcopy(module.params)
    path = params['path']
    try:
        unknown = _check_file(params, file_attributes, module.check_mode)
        edit = prepare(params)
    except TomcatXmlError as exc:
        _protect_dict_options(module, params)
        fail(module, exc, path=path)
    _protect_dict_options(module, params)
    for name in unknown:
        module.warn('%s: the %s %s does not exist; assuming an earlier task would create it (check mode)'
                    % (path, name, params[name]))
    if module.check_mode and not os.path.exists(path):
        note = ('%s does not exist yet; check mode assumes that an earlier task (skipped in check mode) creates it, '
                'and reports this edit as a change' % path)
        module.warn(note)
        module.exit_json(changed=True, changes=[], msg=note, path=path)
    if not HAS_LXML:
        from ansible.module_utils.basic import missing_required_lib
        module.fail_json(msg=missing_required_lib('lxml'), exception=LXML_IMPORT_ERROR)
    try:
        result = edit_file(path, edit, check_mode=module.check_mode,
                           backup=params.get('backup', False),
                           mover=module.atomic_move,
                           backup_fn=module.backup_local, want_diff=module._diff)
    except TomcatXmlError as exc:
        fail(module, exc, path=path)
    except Exception as exc:  # pylint: disable=broad-except
        if os_error(exc) is not None:
            module.fail_json(msg='cannot edit %s: %s; the file was not changed' % (path, describe_os_error(exc)),
                             path=path)
        # a bug, not bad input: still a one-line message (the type only, the text might quote
        # file content) and the file untouched; the traceback goes to -vvv
        module.fail_json(msg='unexpected %s while editing %s; the file was not changed' % (type(exc).__name__, path),
                         path=path, exception=traceback.format_exc())
    if file_attributes:
        changed = result['changed']
        file_args = module.load_file_common_arguments(dict(module.params, **dict((n, None) for n in unknown)),
                                                      path=path)
        result['changed'] = module.set_fs_attributes_if_different(file_args, changed) or bool(unknown)
        if result['changed'] and not changed:
            result['changes'] = ['%s: owner, group or mode set' % path]
    diff = result.pop('diff', None)
    if module._diff and diff:
        result['diff'] = diff
    result['path'] = path
    module.exit_json(**result)
