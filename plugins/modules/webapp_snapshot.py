#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
---
module: webapp_snapshot
short_description: Keep the previous version of a deployed webapp of a Tomcat instance, to undo a deploy
version_added: 0.1.0
author:
  - webtier maintainers (@webtier)
description:
  - Keeps the previous version of one webapp of a Tomcat instance before a deploy (O(state=saved)), puts it back
    when the deploy fails its health gate (O(state=restored)), or drops it (O(state=discarded)).
  - The webapp is the WAR C(<base>/deploy/<name>.war) that the collection deployed, unpacked into
    C(<base>/webapps/<name>/). The snapshot lives in C(<base>/deploy/), which is not Tomcat's appBase, so Tomcat
    never deploys it - C(<name>.previous/) (the unpacked directory, moved there) and C(<name>.war.previous) (a copy
    of the WAR, with its mode, owner, group and times) - or, when there was no previous version (a first deploy),
    the marker file C(<name>.previous.none).
  - O(state=saved) moves the unpacked directory (so that the next deploy unpacks its WAR anew) and copies the WAR
    (so that the deploy's checksum comparison still sees the current WAR). An older snapshot is replaced. A missing
    C(deploy/) directory is created (mode V(0750)).
  - O(state=restored) removes C(webapps/<name>/) and moves the snapshot back (C(<name>.previous/) to
    C(webapps/<name>/), C(<name>.war.previous) over C(deploy/<name>.war)); after a first deploy (the marker) it
    removes C(webapps/<name>/) and C(deploy/<name>.war), as the webapp did not exist before. Either way it also
    removes C(<base>/work/Catalina/localhost/<base name>/), the JSPs compiled from the failed WAR. The base name is
    Tomcat's (C(ContextName)) - V(ROOT) for C(ROOT), V(foo#bar) for C(foo#bar), V(ROOT##2) for C(##2).
  - O(state=discarded) removes the snapshot or the marker (after a good roll; housekeeping).
  - Every step is atomic - a rename within one file system, a new file written under a temporary name and renamed,
    or a directory first renamed to a hidden C(.<name>.trash-*) name and then removed - so no final name ever holds
    a half-written or half-removed tree. C(deploy/) and C(webapps/) must therefore be on one file system. The
    instance should be stopped meanwhile (the collection's roll does so).
  - Everything is checked before the first change; then the module fails with a message naming the path, and
    leaves every file as it was. O(base) may be a symbolic link (it is followed, as Tomcat follows it), but nothing
    inside it that the module looks at may be one - C(deploy/), C(webapps/), C(work/Catalina/localhost/) and the
    webapp's entries in them are refused when they are links or of the wrong kind (a file where a directory
    belongs, or the reverse).
notes:
  - "The state machine (C(D) = C(webapps/<name>/), C(W) = C(deploy/<name>.war), snapshot = C(<name>.previous/)
    and/or C(<name>.war.previous), marker = C(<name>.previous.none)):"
  - "O(state=saved) with C(D): a new snapshot (the old snapshot or marker goes). Without C(D) but with a snapshot or
    the marker: nothing changes - an earlier O(state=saved) already moved C(D) away, and running it twice must not
    lose what the first one saved. Without C(D) but with C(W) and neither: C(W) alone is saved. With neither C(D)
    nor C(W): the marker (a first deploy); a snapshot with a WAR copy found then is stale (O(state=saved) copies
    C(W), never moves it, so C(W) was removed since) and is removed; a snapshot of a directory alone is kept."
  - "O(state=restored) with a snapshot: it is moved back, and whatever it lacks is removed from the live side (no
    C(<name>.previous/): C(D) is removed; no C(<name>.war.previous): C(W) is removed), so the webapp is exactly as
    it was when it was saved. With the marker: C(D) and C(W) are removed, then the marker. With neither: nothing
    changes (C(changed=false)) - this is a second O(state=restored), which must not remove the webapp it restored."
  - "A restore first writes the journal C(deploy/<name>.previous.restoring) (the parts of the snapshot) and removes
    it last: an interrupted restore is finished by running O(state=restored) again, and O(state=saved) and
    O(state=discarded) refuse to run while the journal exists."
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - webtier.tomcat_cluster.attributes
attributes:
  diff_mode:
    support: full
    details:
      - The diff lists, before and after, which of the webapp's entries exist (paths relative to O(base),
        directories with a trailing C(/)).
  check_mode:
    support: full
    details:
      - RV(actions) are then the actions that would be done.
options:
  base:
    description:
      - The instance's C(CATALINA_BASE), an absolute path to an existing directory. A symbolic link is followed.
      - No NUL byte, and no C(..) after a symbolic link, a missing directory or a file.
    type: path
    required: true
  name:
    description:
      - The webapp's context directory name in C(webapps/) (V(ROOT), V(app), V(shop#v2) for C(/shop/v2),
        V(app##3) for version 3 of C(/app)).
      - Letters, digits, C(.), C(#), C(-) and C(_) only (no C(/)), not V(.) or V(..), at most 200 characters.
    type: str
    required: true
  state:
    description:
      - V(saved) before a deploy, V(restored) to undo it, V(discarded) to drop the snapshot. See the notes.
    type: str
    choices: [saved, restored, discarded]
    required: true
seealso:
  - module: webtier.tomcat_cluster.directories
'''

EXAMPLES = r'''
- name: Keep the running version of the webapp shop before the deploy
  webtier.tomcat_cluster.webapp_snapshot:
    base: /usr/local/tomcat/a-was
    name: shop
    state: saved

- name: Undo the deploy of shop, which failed its health gate
  webtier.tomcat_cluster.webapp_snapshot:
    base: /usr/local/tomcat/a-was
    name: shop
    state: restored

- name: Drop the snapshot after a good roll
  webtier.tomcat_cluster.webapp_snapshot:
    base: /usr/local/tomcat/a-was
    name: shop
    state: discarded
'''

RETURN = r'''
had_previous:
  description:
    - Whether there is a previous version. O(state=saved) - the snapshot holds one (V(false) - the marker of a first
      deploy); O(state=restored) - one was put back (V(false) - a first deploy was undone, or nothing was to be done);
      O(state=discarded) - a snapshot was removed.
  returned: success
  type: bool
  sample: true
actions:
  description: What was moved, copied, written or removed, in order, paths relative to O(base) (in check mode, what
    would be).
  returned: always
  type: list
  elements: str
  sample: [copied deploy/shop.war to deploy/shop.war.previous, removed deploy/shop.previous,
           moved webapps/shop to deploy/shop.previous]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._errors import fail
from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._webapp_snapshot import (
    STATES, WebappSnapshotError, run,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            base=dict(type='path', required=True),
            name=dict(type='str', required=True),
            state=dict(type='str', required=True, choices=list(STATES)),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        result = run(params['base'], params['name'], params['state'], module.check_mode)
    except WebappSnapshotError as exc:
        fail(module, exc, changed=bool(exc.actions), actions=exc.actions)
    if not module._diff:
        del result['diff']
    module.exit_json(**result)


if __name__ == '__main__':
    main()
