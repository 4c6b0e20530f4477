#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Compatibility check of a change on the container lab: converge the lab with an earlier commit (BASE),
# then with the new code (NEW), and require that the second converge changes nothing and leaves the
# generated files byte-identical: every instance's server.xml, the tomcat-*.service units, workers.properties
# and the virtual hosts (the live mod_jk tree).
#
#   flock /tmp/team/lock.lab scripts/compat-check.sh [BASE [NEW]]
#
# BASE  a commit (default: d55dd3f, the commit before the cluster model, issue 11)
# NEW   a commit, or "worktree" (default): the working tree as it is
# Each commit is checked out as a git worktree under .cache/compat/ and used as the collection with its
# own inventories/lab; the venv, the fixtures and the lab's secret come from this tree. The lab containers
# must exist (scripts/lab.sh up creates them). Prints the PLAY RECAP of both converges, the changed count
# per host of the NEW converge and a diff (secrets masked) of every file that differs; exit 0 only when
# the NEW converge reported changed=0 on every host and every file is identical.
set -euo pipefail
cd "$(dirname "$0")/.."
MAIN=$(pwd)
BASE=${1:-d55dd3f}
NEW=${2:-worktree}
WORK=$MAIN/.cache/compat
LOGS=$WORK/logs
SECRETS=$MAIN/.cache/lab/secrets.yml
HOSTS_WAS=(was-01 was-02)
HOSTS_WEB=(web-01 web-02)
log() { printf '[compat] %s\n' "$*" >&2; }

# shellcheck source=scripts/env.sh
. scripts/env.sh
mkdir -p "$WORK" "$LOGS"
for h in "${HOSTS_WAS[@]}" "${HOSTS_WEB[@]}"; do
  [ "$(docker inspect -f '{{.State.Running}}' "$h" 2>/dev/null)" = true ] || {
    log "lab container $h is not running: run scripts/lab.sh up first"; exit 2; }
done
[ -s "$SECRETS" ] || { log "$SECRETS is missing: run scripts/lab.sh up first"; exit 2; }

tree_of() {  # tree_of <ref>: path of a worktree checked out at <ref> ("worktree" = this tree)
  local ref=$1 dir
  if [ "$ref" = worktree ]; then echo "$MAIN"; return; fi
  dir=$WORK/tree-$(git rev-parse --short "$ref^{commit}")
  if [ ! -d "$dir" ]; then
    git worktree add --detach "$dir" "$ref" >&2
  fi
  mkdir -p "$dir/.cache/collections/ansible_collections/webtier"
  ln -sfn "$dir" "$dir/.cache/collections/ansible_collections/webtier/tomcat_cluster"
  # the lab CA and site certificates (inventories/lab reads $WEBTIER_ROOT/.cache/lab/tls): the ones of this checkout
  [ -e "$dir/.cache/lab" ] || ln -s "$MAIN/.cache/lab" "$dir/.cache/lab"
  echo "$dir"
}

converge() {  # converge <label> <tree>: site.yml of that tree against its inventories/lab
  local label=$1 tree=$2 rc=0 start=$SECONDS
  log "converge with $label ($tree)"
  ( export ANSIBLE_COLLECTIONS_PATH=$tree/.cache/collections ANSIBLE_CONFIG=$tree/ansible.cfg \
           WEBTIER_ROOT=$tree WEBTIER_FIXTURES=$MAIN/.cache/fixtures ANSIBLE_LOCAL_TEMP=$WORK/tmp
    cd "$tree" && ansible-playbook -i inventories/lab -e @"$SECRETS" playbooks/site.yml ) \
    > "$LOGS/$label.log" 2>&1 || rc=$?
  log "$label converge took $((SECONDS - start)) s"
  sed -n '/PLAY RECAP/,$p' "$LOGS/$label.log" | grep -E '^\S+ +: ok=' >&2 || true
  [ $rc = 0 ] || { log "$label: ansible-playbook failed (rc=$rc), see $LOGS/$label.log"; tail -n 30 "$LOGS/$label.log" >&2; }
  return $rc
}

snapshot() {  # snapshot <dir>: the generated files of every lab host
  local dir=$1 h f
  rm -rf "$dir"; mkdir -p "$dir"
  for h in "${HOSTS_WAS[@]}" "${HOSTS_WEB[@]}"; do
    mkdir -p "$dir/$h"
    for f in $(docker exec "$h" sh -c 'ls -d /usr/local/tomcat/*/conf/server.xml /etc/systemd/system/tomcat-*.service \
                 /etc/apache2/webtier-modjk/live/* /etc/httpd/webtier-modjk/live/* 2>/dev/null || true'); do
      docker exec "$h" cat "$f" > "$dir/$h/$(echo "$f" | tr / _)"
    done
  done
}

mask() { sed -E 's/(secret(=|="))[^" ]*/\1(hidden)/g; s/(shutdown=")[^"]*/\1(hidden)/g' "$1"; }

base_tree=$(tree_of "$BASE")
new_tree=$(tree_of "$NEW")
converge base "$base_tree"
snapshot "$WORK/snap-base"
converge new "$new_tree"
snapshot "$WORK/snap-new"

status=0
log "NEW converge, changed per host:"
while read -r host _ ok changed rest; do
  n=${changed#changed=}
  printf '  %-8s %s %s\n' "$host" "$ok" "$changed" >&2
  [ "$n" = 0 ] || status=1
done < <(sed -n '/PLAY RECAP/,$p' "$LOGS/new.log" | grep -E '^\S+ +: ok=' | awk '{print $1, $2, $3, $4}')
if [ $status != 0 ]; then
  log "the NEW converge changed something; the changed tasks:"
  grep -E '^changed: ' "$LOGS/new.log" | sort | uniq -c >&2 || true
fi

files=0; differ=0
for f in $( (cd "$WORK/snap-base" && find . -type f; cd "$WORK/snap-new" && find . -type f) | sort -u); do
  files=$((files + 1))
  if ! cmp -s "$WORK/snap-base/$f" "$WORK/snap-new/$f"; then
    differ=$((differ + 1)); status=1
    log "differs: $f"
    diff -u <(mask "$WORK/snap-base/$f" 2>/dev/null || true) <(mask "$WORK/snap-new/$f" 2>/dev/null || true) >&2 || true
  fi
done
log "$files generated files compared, $differ differ (server.xml, units, workers.properties, vhosts)"
log "result: $([ $status = 0 ] && echo 'compatible: 0 changed, files byte-identical' || echo 'NOT compatible')"
exit $status
