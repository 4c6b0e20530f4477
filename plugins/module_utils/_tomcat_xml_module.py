# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Private to this collection, no compatibility promise: do not use it from other collections.
"""The common body and argument spec pieces of the XML modules (tomcat_server, tomcat_connector,
tomcat_engine, tomcat_cluster, tomcat_valve, tomcat_distributable)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import traceback

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._tomcat_xml_document import (
    HAS_LXML, LXML_IMPORT_ERROR, MASK, TomcatXmlError, describe_os_error, edit_file, is_secret, os_error,
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


def xml_argument_spec(*pieces, **options):
    """XML_FILE_ARGS + the given shared pieces (e.g. SERVICE_ARGS) + the module's own options."""
    spec = dict(XML_FILE_ARGS)
    for piece in pieces:
        spec.update(piece)
    spec.update(options)
    return spec


def _protect_dict_options(module, params):
    """Dict options with no_log (connector/valve attributes): hide only the secret-named values.

    no_log on a dict option makes Ansible hide every value of it everywhere in the result (also a
    "1000" or "true" in the diff). Values of non-secret attributes are taken off that list again;
    values of secret attributes, and of the other no_log options, stay on it. The invocation shows
    none of the values, only the names.
    """
    spec = module.argument_spec
    for name, opts in spec.items():
        value = params.get(name)
        if opts.get('type') != 'dict' or not opts.get('no_log') or not isinstance(value, dict):
            continue
        keep = set(params[o] for o in spec if o != name and spec[o].get('no_log') and isinstance(params.get(o), str))
        keep.update(str(v) for k, v in value.items() if is_secret(k) and v is not None and not isinstance(v, bool))
        for v in value.values():
            if isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v) not in keep:
                module.no_log_values.discard(str(v))
        module.params[name] = dict((k, MASK) for k in value)


def run_module(module, prepare):
    """Common body of the XML modules.

    prepare(params) validates the options (raising TomcatXmlError) and returns edit(doc) ->
    list of change descriptions; the validation runs before the file is read. In check mode a
    file that does not exist yet (an earlier task that check mode skipped would have created it)
    is reported as a change with a note (msg and a warning), instead of a failure; outside check
    mode a missing file is an error.
    """
    params = dict(module.params)
    path = params['path']
    try:
        edit = prepare(params)
    except TomcatXmlError as exc:
        _protect_dict_options(module, params)
        module.fail_json(msg=str(exc), path=path)
    _protect_dict_options(module, params)
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
        module.fail_json(msg=str(exc), path=path)
    except Exception as exc:  # pylint: disable=broad-except
        if os_error(exc) is not None:
            module.fail_json(msg='cannot edit %s: %s; the file was not changed' % (path, describe_os_error(exc)),
                             path=path)
        # a bug, not bad input: still a one-line message (the type only, the text might quote
        # file content) and the file untouched; the traceback goes to -vvv
        module.fail_json(msg='unexpected %s while editing %s; the file was not changed' % (type(exc).__name__, path),
                         path=path, exception=traceback.format_exc())
    diff = result.pop('diff', None)
    if module._diff and diff:
        result['diff'] = diff
    result['path'] = path
    module.exit_json(**result)
