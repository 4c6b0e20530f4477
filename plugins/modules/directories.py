#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: directories
short_description: Several directories, each with its owner, group and mode, in one call
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Ensures that every directory of O(directories) exists with its owner, group and mode, in the order given,
    as one C(ansible.builtin.file) task with O(ignore:state=directory) per directory would, but in one module
    call (one round trip to the host instead of one per directory).
  - A missing directory is created together with its missing parents; like C(ansible.builtin.file), every
    directory created on the way gets the item's owner, group and mode. An existing directory only gets its
    attributes corrected. A symbolic link to a directory is followed.
  - A path that exists and is not a directory is an error; nothing after it is changed.
  - Every item is checked before the first directory is created (absolute path, listed once, a valid mode, a
    known owner and group); when any item is wrong the module fails naming it and changes nothing.
  - A path is taken as the OS resolves it. A path with a NUL byte is refused, and so is a C(..) that the OS
    would resolve elsewhere than the text says - one that follows a symbolic link (the OS goes to the parent of
    the link's target), a missing directory or a file. A C(..) after a real directory is simply dropped.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
attributes:
  check_mode:
    support: full
    details:
      - In check mode an unknown owner or group is not an error but a warning (an earlier task, skipped in check
        mode, would create it).
  diff_mode:
    support: full
options:
  directories:
    description:
      - The directories, in the order they are created. Each is a dictionary; an attribute it does not set comes
        from the module option of the same name (O(owner), O(group), O(mode)), and one that is set nowhere is left
        as it is (a new directory then gets the default of the system, as with C(ansible.builtin.file)).
    type: list
    elements: dict
    required: true
    suboptions:
      path:
        description:
          - Absolute path of the directory. A path may be listed only once.
          - No NUL byte, and no C(..) after a symbolic link, a missing directory or a file (see the description).
        type: path
        required: true
      owner:
        description: Owner of the directory.
        type: str
      group:
        description: Group of the directory.
        type: str
      mode:
        description: Mode of the directory, as C(ansible.builtin.file) takes it (V("0750"), V("u=rwx,g=rx,o=")).
        type: raw
  owner:
    description: Owner of the directories that do not set one.
    type: str
  group:
    description: Group of the directories that do not set one.
    type: str
  mode:
    description: Mode of the directories that do not set one.
    type: raw
seealso:
  - module: ansible.builtin.file
'''

EXAMPLES = r'''
- name: Create the CATALINA_BASE of an instance
  webtier.tomcat_cluster.directories:
    owner: tomcat
    group: tomcat
    mode: "0750"
    directories:
      - path: /usr/local/tomcat/a-was
        owner: root
      - path: /usr/local/tomcat/a-was/conf
        owner: root
      - path: /usr/local/tomcat/a-was/logs
      - path: /usr/local/tomcat/a-was/webapps
'''

RETURN = r'''
directories:
  description: Each directory, in the order given, with whether it was created and whether anything changed.
  returned: always
  type: list
  elements: dict
  sample: [{path: /usr/local/tomcat/a-was, created: false, changed: false},
           {path: /usr/local/tomcat/a-was/logs, created: true, changed: true}]
'''

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._directories import (
    DirectoriesError, check_attributes, missing_components, normalize,
)
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail


def file_args(module, path, entry):
    """The arguments of AnsibleModule.set_fs_attributes_if_different, as ansible.builtin.file builds them (no
    SELinux context and no attributes given: they are left as they are)."""
    params = dict(owner=entry['owner'], group=entry['group'], mode=entry['mode'])
    for name in entry.get('skip') or ():
        params[name] = None
    return module.load_file_common_arguments(params, path=path)


def ensure(module, entry):
    """Apply one item; returns (changed, created, diff)."""
    path = entry['path']
    target = os.path.realpath(path) if os.path.islink(path) else path
    diff = {'before': {'path': path}, 'after': {'path': path}}
    if os.path.exists(target):
        if not os.path.isdir(target):
            module.fail_json(msg='%s already exists and is not a directory' % path, path=path)
        changed = module.set_fs_attributes_if_different(file_args(module, target, entry), False, diff, expand=False)
        return changed, False, diff
    diff['before']['state'] = 'absent'
    diff['after']['state'] = 'directory'
    if module.check_mode:
        return True, True, diff
    for current in missing_components(target, os.path.exists):
        try:
            os.mkdir(current)
        except OSError as exc:
            # something else may have created it meanwhile; a directory is fine
            if not os.path.isdir(current):
                module.fail_json(msg='could not create %s: %s' % (current, exc.strerror or exc), path=path)
        module.set_fs_attributes_if_different(file_args(module, current, entry), True, diff, expand=False)
    return True, True, diff


def main():
    module = AnsibleModule(
        argument_spec=dict(
            directories=dict(type='list', elements='dict', required=True, options=dict(
                path=dict(type='path', required=True),
                owner=dict(type='str'),
                group=dict(type='str'),
                mode=dict(type='raw'),
            )),
            owner=dict(type='str'),
            group=dict(type='str'),
            mode=dict(type='raw'),
        ),
        supports_check_mode=True,
    )
    try:
        entries = normalize(module.params['directories'], module.params)
        warnings = check_attributes(entries, module.check_mode)
    except DirectoriesError as exc:
        fail(module, exc)
    for warning in warnings:
        module.warn(warning)
    results, diffs, any_changed = [], [], False
    for entry in entries:
        changed, created, diff = ensure(module, entry)
        any_changed = any_changed or changed
        results.append({'path': entry['path'], 'created': created, 'changed': changed})
        if changed:
            diffs.append(diff)
    result = dict(changed=any_changed, directories=results)
    if module._diff:
        result['diff'] = diffs
    module.exit_json(**result)


if __name__ == '__main__':
    main()
