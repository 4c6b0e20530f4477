#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The project's one test command (make test / .ci/run). Installs and starts what it needs, then runs:
#   unit     pytest: unit tests + integration tests on loopback (real Tomcat 9 from the fixture)
#   sanity   ansible-test sanity on a copy at ansible_collections/webtier/tomcat_cluster
#   lint     ansible-lint, production profile
#   docs     antsibull-docs lint-collection-docs --plugin-docs
#   changelog antsibull-changelog lint
#   build    ansible-galaxy collection build + install into a scratch path
#   molecule every scenario under molecule/ (real systemd containers, testinfra verifiers)
# Ends with one line "N passed, N failed": pytest cases + testinfra cases of every scenario + one
# per sanity/lint/docs/changelog/build step (a step that fails without a failed case counts as one failure).
# Usage: scripts/test.sh [all|unit|sanity|lint|docs|changelog|build|molecule [scenario...]]
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
what=${1:-all}; shift || true

scripts/bootstrap.sh || { echo "bootstrap failed"; echo "0 passed, 1 failed"; exit 1; }
# shellcheck source=scripts/env.sh
. scripts/env.sh
LOGS=$WEBTIER_ROOT/.cache/logs; mkdir -p "$LOGS" "$ANSIBLE_LOCAL_TEMP"
passed=0; failed=0; summary=(); SIDE_STEPS=()

record() {  # record <name> <rc> <seconds> [passed] [failed]; in the side lane: to $SIDE_FILE, replayed later
  local name=$1 rc=$2 secs=$3 p=${4:-} f=${5:-}
  if [ -n "${SIDE_FILE:-}" ]; then printf 'R|%s|%s|%s|%s|%s\n' "$name" "$rc" "$secs" "$p" "$f" >>"$SIDE_FILE"; return; fi
  if [ -z "$p" ]; then if [ "$rc" = 0 ]; then p=1 f=0; else p=0 f=1; fi; fi
  [ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
  passed=$((passed + p)); failed=$((failed + f))
  summary+=("$(printf '%-22s %-4s %4ss  %s passed, %s failed' "$name" "$([ "$rc" = 0 ] && echo ok || echo FAIL)" "$secs" "$p" "$f")")
}

say() {  # say <line>: a line of the summary (in the side lane: to $SIDE_FILE)
  if [ -n "${SIDE_FILE:-}" ]; then printf 'S|%s\n' "$1" >>"$SIDE_FILE"; else summary+=("$1"); fi
}

replay() {  # replay <file>: the records and summary lines the side lane wrote, into this shell's summary
  local line a b c d e
  while IFS= read -r line; do
    case $line in
      R\|*) IFS='|' read -r a b c d e <<<"${line#R|}"; record "$a" "$b" "$c" "$d" "$e" ;;
      S\|*) summary+=("${line#S|}") ;;
    esac
  done <"$1"
}

run_step() {  # run_step <name> <command...>: log to .cache/logs/<name>.log, show the tail on failure
  local name=$1; shift
  local log=$LOGS/$name.log start=$SECONDS rc
  echo "==> $name"
  "$@" >"$log" 2>&1; rc=$?
  if [ $rc != 0 ]; then echo "--- $name failed (rc=$rc), last lines of $log:"; tail -n 60 "$log"; fi
  STEP_SECS=$((SECONDS - start)); return $rc
}

step_unit() {
  local xml=$LOGS/pytest.xml rc p f
  run_step pytest python -m pytest -q -r fEs --junitxml="$xml" tests/unit tests/integration; rc=$?
  read -r p f < <(python - "$xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print(0, 1); sys.exit()
suites = [root] if root.tag == "testsuite" else list(root)
t = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skip = sum(int(s.get("skipped", 0)) for s in suites)
print(t - bad - skip, bad)
PY
)
  record "pytest" "$rc" "$STEP_SECS" "$p" "$f"
  while read -r line; do summary+=("    $line"); done < <(grep -aoE '^(FAILED|ERROR) [^ ]+::[^ ]+' "$LOGS/pytest.log" | sort -u | head -n 10)
}

sanity_copy() {
  local dest=$WEBTIER_ROOT/.cache/sanity/ansible_collections/webtier/tomcat_cluster
  rm -rf "$dest"; mkdir -p "$dest"
  tar -C "$WEBTIER_ROOT" --exclude=./.venv --exclude=./.cache --exclude=./.git --exclude=./build \
      --exclude='__pycache__' --exclude=./tests/output -cf - . | tar -C "$dest" -xf -
  # ansible-test takes its file list from git; a throw-away repository makes the copy complete
  git -C "$dest" init -q && git -C "$dest" add -A >/dev/null
  echo "$dest"
}

offline_get_pip() {
  # ansible-test bootstraps pip in its venvs from ci-files.testing.ansible.com; when that is not
  # reachable, put the offline stand-in where ansible-test looks for a cached copy.
  local ver cache
  ver=$(python - <<'PY2'
import re, ansible_test, pathlib
src = pathlib.Path(ansible_test.__file__).parent.joinpath("_internal", "python_requirements.py").read_text()
print(re.search(r"pip='([0-9.]+)'", src).group(1))
PY2
)
  cache=$HOME/.ansible/test/cache/get_pip_${ver//./_}.py
  [ -f "$cache" ] && return 0
  if python -c "import urllib.request as u; u.urlopen('https://ci-files.testing.ansible.com/ansible-test/get-pip-$ver.py', timeout=5)" 2>/dev/null; then
    return 0
  fi
  mkdir -p "$(dirname "$cache")"
  cp "$WEBTIER_ROOT/tests/sanity/get_pip_offline.py" "$cache"
  echo "[sanity] using the offline get-pip stand-in for pip $ver ($cache)"
}

step_sanity() {
  local dest
  dest=$(sanity_copy)
  offline_get_pip
  run_step sanity bash -c "cd '$dest' && ansible-test sanity --python 3.11 --color no"
  record "ansible-test sanity" $? "$STEP_SECS"
}

step_lint() {
  run_step lint ansible-lint --offline
  record "ansible-lint" $? "$STEP_SECS"
}

step_build() {
  local out=$WEBTIER_ROOT/.cache/build
  rm -rf "$out"; mkdir -p "$out/collections"
  # --offline: dependencies (ansible.posix, community.general) resolve to the ones the venv's
  # `ansible` package carries, as Galaxy is not reachable here
  run_step build env ANSIBLE_COLLECTIONS_PATH="$out/collections" bash -c "set -e
    ansible-galaxy collection build --force --output-path '$out' .
    ansible-galaxy collection install --offline -p '$out/collections' '$out'/webtier-tomcat_cluster-*.tar.gz
    test -f '$out/collections/ansible_collections/webtier/tomcat_cluster/MANIFEST.json'
    # every module of the tree, documented from the installed copy (the list is derived, so a
    # new module is checked without editing this step)
    n=0; bad=()
    for f in plugins/modules/*.py; do
      m=\$(basename \"\$f\" .py); [ \"\$m\" = __init__ ] && continue
      n=\$((n + 1))
      if ansible-doc webtier.tomcat_cluster.\$m | grep -q \"^> MODULE webtier.tomcat_cluster.\$m ($out/collections/\"; then
        echo \"ansible-doc webtier.tomcat_cluster.\$m: ok\"
      else
        bad+=(\"\$m\")
      fi
    done
    echo \"ansible-doc: \$n modules, \${#bad[@]} failed \${bad[*]}\"
    [ \"\$n\" -gt 0 ] && [ \${#bad[@]} = 0 ]"
  record "galaxy build+install" $? "$STEP_SECS"
}

step_docs() {
  # the collection's documentation as docs.ansible.com would render it: every plugin's and
  # role's docs, their markup and references (M(), O(), RV(), seealso)
  run_step docs antsibull-docs lint-collection-docs --plugin-docs .
  record "antsibull-docs lint" $? "$STEP_SECS"
}

step_changelog() {
  run_step changelog antsibull-changelog lint
  record "antsibull-changelog lint" $? "$STEP_SECS"
}

molecule_run() {  # molecule_run <scenario>: molecule test; its rc and seconds go to .cache/logs/molecule-<s>.result
  run_step "molecule-$1" env CI=true timeout 2700 molecule test -s "$1" </dev/null
  echo "$? $STEP_SECS" >"$LOGS/molecule-$1.result"
}

molecule_record() {  # molecule_record <scenario>: its line in the summary, from its log and result
  local s=$1 log=$LOGS/molecule-$1.log rc=1 secs=0 p f
  read -r rc secs <"$LOGS/molecule-$s.result" || true
  # count the testinfra cases of the verify step ("== 24 passed, 1 failed in 86.6s ==")
  p=$(grep -aoE '^=+ .*[0-9]+ passed' "$log" | tail -n1 | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
  f=$(grep -aoE '^=+ .*[0-9]+ failed' "$log" | tail -n1 | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
  record "molecule $s" "$rc" "$secs" "${p:-}" "${f:-0}"
  # the names of failed testinfra cases go into the summary, so the last lines of a red run name them
  while read -r line; do say "    $line"; done < <(grep -aoE '^(FAILED|ERROR) [^ ]+::[^ ]+' "$log" | sort -u | head -n 10)
  # and why: the first lines of the assertions and of the failed tasks they quote (cut to 300 characters)
  [ "$rc" = 0 ] || while read -r line; do say "      $line"; done < <(
    { grep -aE '^E +(Assertion|assert )' "$log" | head -n 8
      grep -aE -A4 'fatal: \[' "$log" | grep -aE 'fatal: \[|^ *"?msg"?:' | head -n 8; } | cut -c1-300)
}

step_molecule() {  # step_molecule [scenario...]; SIDE_STEPS: step functions for the side lane
  local scenarios=("$@") side=() s f st pid=
  if [ ${#scenarios[@]} = 0 ]; then
    # every scenario, the full lab ("default") last; the two short ones (firewalld, was: 2 and 5 minutes) run in a
    # side lane beside the others, after the static checks of SIDE_STEPS, unless WEBTIER_MOLECULE_SERIAL=1: the long
    # scenarios spend most of their time waiting on Tomcat and on load tests, so this takes about 10 minutes off
    # make test
    for f in molecule/*/molecule.yml; do
      [ -f "$f" ] || continue
      s=${f#molecule/}; s=${s%/molecule.yml}
      case $s in
        default) ;;
        firewalld|was) if [ "${WEBTIER_MOLECULE_SERIAL:-0}" = 1 ]; then scenarios+=("$s"); else side+=("$s"); fi ;;
        *) scenarios+=("$s") ;;
      esac
    done
    [ -f molecule/default/molecule.yml ] && scenarios+=(default)
  fi
  if [ ${#side[@]} -gt 0 ]; then
    : >"$LOGS/side.records"
    ( SIDE_FILE=$LOGS/side.records
      for st in "${SIDE_STEPS[@]}"; do "$st"; done
      for s in "${side[@]}"; do molecule_run "$s"; molecule_record "$s"; done ) &
    pid=$!
  else
    for st in "${SIDE_STEPS[@]}"; do "$st"; done
  fi
  for s in "${scenarios[@]}"; do molecule_run "$s"; molecule_record "$s"; done
  if [ -n "$pid" ]; then
    wait "$pid"
    replay "$LOGS/side.records"
  fi
}

case $what in
  # the static checks run in the side lane of the molecule step (beside tomcat10), one after the other
  all) step_unit; SIDE_STEPS=(step_sanity step_lint step_docs step_changelog step_build); step_molecule ;;
  unit) step_unit ;;
  sanity) step_sanity ;;
  lint) step_lint ;;
  docs) step_docs ;;
  changelog) step_changelog ;;
  build) step_build ;;
  molecule) step_molecule "$@" ;;
  *) echo "usage: $0 [all|unit|sanity|lint|docs|changelog|build|molecule [scenario...]]"; exit 2 ;;
esac

echo
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
