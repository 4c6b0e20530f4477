#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: file_contents
short_description: Several files from given contents, each with its owner, group and mode, in one call
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Writes every file of O(files) from the content given, in the order given, and applies its owner, group and
    mode, as one C(ansible.builtin.copy) task with O(ignore:content) per file would, but in one module call (one
    round trip to the host instead of two per file for C(ansible.builtin.template)). Render templates on the
    controller with the C(ansible.builtin.template) lookup and pass the result as O(files[].content).
  - Every item is checked first (absolute path, listed once, parent directory present, not a directory, exactly
    one of O(files[].content) and O(files[].secret_content), a valid mode, a known owner and group) and every
    current file is read; when any item is wrong the module fails naming it and writes nothing.
  - A file whose bytes differ from the content, or that is missing, is written atomically (a temporary file in
    the same directory, then a rename); then its owner, group and mode are applied, also when the content was
    already right. The owner, group and mode of an existing file are corrected before its new content is moved
    in, and a new file appears with mode V(0600) until they are applied, so a new content is never readable with
    looser permissions than asked for (with a symbolic O(files[].mode), a new file briefly has the default mode).
  - Because the checks come first, a failure while writing is an I/O problem (a full or read-only file system,
    an immutable file); the files before the failing one stay written.
  - A symbolic link is followed (the file it points to is written).
  - A path is taken as the OS resolves it. A path with a NUL byte is refused, and so is a C(..) that the OS
    would resolve elsewhere than the text says - one that follows a symbolic link (the OS goes to the parent of
    the link's target, not to the directory of the link), a missing directory or a file. A C(..) after a real
    directory is simply dropped.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
attributes:
  check_mode:
    support: full
    details:
      - In check mode a missing parent directory, owner or group is not an error but a warning (an earlier task,
        skipped in check mode, would create it); the file is reported as changed.
  diff_mode:
    support: full
    details:
      - The diff is a list with one item per file whose content changes. A file given with
        O(files[].secret_content) is never in the diff; a change of owner, group or mode only is not either.
options:
  files:
    description:
      - The files, in the order they are written. Each is a dictionary.
    type: list
    elements: dict
    required: true
    suboptions:
      path:
        description:
          - Absolute path of the file. A path may be listed only once. Its parent directory must exist.
          - No NUL byte, and no C(..) after a symbolic link, a missing directory or a file (see the description).
        type: path
        required: true
      content:
        description:
          - The content of the file, written as UTF-8 exactly as given (no newline added or removed).
          - Exactly one of O(files[].content) and O(files[].secret_content) is required.
        type: str
      secret_content:
        description:
          - Instead of O(files[].content), for private keys, passwords and the like. The same, but the file is
            never shown in a diff and its content never appears in the results or in messages.
        type: str
      owner:
        description: Owner of the file (a user name or a uid). Not set means as it is (for a new file, the
          user the module runs as).
        type: str
      group:
        description: Group of the file (a group name or a gid). Not set means as it is (for a new file, the
          user's or the directory's group).
        type: str
      mode:
        description:
          - Mode of the file, as C(ansible.builtin.copy) takes it (V("0640"), V("u=rw,g=r,o=")). Quote octal
            modes. Not set means as it is (for a new file, V(0666) minus the umask).
        type: raw
      force:
        description:
          - When V(false) and the file exists, it is left alone entirely (content, owner, group and mode), as
            with C(ansible.builtin.copy) O(ignore:force=false); it is only created when it is missing.
        type: bool
        default: true
seealso:
  - module: ansible.builtin.copy
  - module: ansible.builtin.template
  - module: webtier.tomcat_cluster.directories
'''

EXAMPLES = r'''
- name: Write the configuration of an instance in one call
  webtier.tomcat_cluster.file_contents:
    files:
      - path: /usr/local/tomcat/a-was/conf/server.xml
        content: "{{ lookup('ansible.builtin.template', 'server.xml.j2') }}"
        owner: root
        group: tomcat
        mode: "0640"
      - path: /usr/local/tomcat/a-was/bin/setenv.sh
        content: "{{ lookup('ansible.builtin.template', 'setenv.sh.j2') }}"
        owner: root
        group: tomcat
        mode: "0750"
      - path: /usr/local/tomcat/a-was/conf/tls/key.pem
        secret_content: "{{ tls_private_key }}"
        owner: root
        group: tomcat
        mode: "0640"
      - path: /usr/local/tomcat/a-was/conf/logging.properties
        content: "{{ lookup('ansible.builtin.file', 'logging.properties', rstrip=false) }}"
        force: false
'''

RETURN = r'''
files:
  description: Each file, in the order given, with whether it was created and whether anything changed.
  returned: always
  type: list
  elements: dict
  sample: [{path: /usr/local/tomcat/a-was/conf/server.xml, created: false, changed: true},
           {path: /usr/local/tomcat/a-was/bin/setenv.sh, created: true, changed: true}]
diff:
  description:
    - One item per file whose content changes (or would, in check mode), with the file's path as both headers;
      the content before is empty for a new file. No item for a O(files[].secret_content) file.
  returned: in diff mode
  type: list
  elements: dict
  sample: [{before_header: /usr/local/tomcat/a-was/bin/setenv.sh, after_header: /usr/local/tomcat/a-was/bin/setenv.sh,
            before: "", after: "CATALINA_OPTS=-Xmx1g\n"}]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._file_contents import (
    FileContentsError, apply, prepare,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            files=dict(type='list', elements='dict', required=True, options=dict(
                path=dict(type='path', required=True),
                content=dict(type='str'),
                secret_content=dict(type='str', no_log=True),
                owner=dict(type='str'),
                group=dict(type='str'),
                mode=dict(type='raw'),
                force=dict(type='bool', default=True),
            )),
        ),
        supports_check_mode=True,
    )
    try:
        entries, warnings = prepare(module.params['files'], module.check_mode)
    except FileContentsError as exc:
        fail(module, exc, path=exc.path)
    for warning in warnings:
        module.warn(warning)
    try:
        result = apply(module, entries)
    except FileContentsError as exc:
        extra = dict(exc.partial or {})
        if exc.exception:
            extra['exception'] = exc.exception
        fail(module, exc, path=exc.path, **extra)
    if not module._diff:
        del result['diff']
    module.exit_json(**result)


if __name__ == '__main__':
    main()
