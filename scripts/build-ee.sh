#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the execution environment of execution-environment.yml without a container registry or
# Galaxy, and prove it by running the verify playbook from inside it against the container lab.
#   scripts/build-ee.sh          base image (cached), collection tarballs, ansible-builder build, smoke test
#   scripts/build-ee.sh verify   the same, then webtier.tomcat_cluster.verify inside the EE against the
#                                running lab (make lab first), with ansible-navigator and with docker run
# Not part of make test (a cold build takes several minutes). Output: .cache/ee/, image
# webtier/tomcat-cluster-ee:0.1.0; logs in .cache/logs/ee-*.log.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
log() { printf '[ee] %s\n' "$*" >&2; }

BASE=webtier/ee-base:debian12
EE=webtier/tomcat-cluster-ee:0.1.0
OUT=.cache/ee
VENV=.cache/ee-venv
BUILDER_PINS=(ansible-builder==3.2.0 ansible-navigator==26.10.0)
BASE_PACKAGES=python3,python3-pip,python3-venv,ca-certificates,openssh-client,git,rsync
# the base image is rebuilt when what goes into it changes (not on every edit of this script)
recipe=$(printf 'bookworm minbase %s host-ca v1' "$BASE_PACKAGES" | sha256sum | cut -c1-16)

scripts/bootstrap.sh
# shellcheck source=scripts/env.sh
. scripts/env.sh
mkdir -p "$OUT/collections" .cache/logs

# 1. ansible-builder and ansible-navigator in their own venv (they pin ansible-core/-lint differently)
if [ ! -x "$VENV/bin/ansible-builder" ] || ! "$VENV/bin/pip" freeze 2>/dev/null | grep -qx "${BUILDER_PINS[0]}"; then
  log "installing ${BUILDER_PINS[*]} into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "${BUILDER_PINS[@]}" >.cache/logs/ee-venv.log 2>&1 || {
    tail -n 20 .cache/logs/ee-venv.log >&2; exit 1; }
fi

# 2. the base image: Debian 12 minbase with python3, pip and an ssh client, made with debootstrap
#    (what quay.io/ansible/... or registry.redhat.io/.../ee-minimal-rhel9 provide elsewhere)
if [ "$(docker image inspect -f '{{ index .Config.Labels "webtier.recipe" }}' "$BASE" 2>/dev/null)" != "$recipe" ]; then
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
  root=$(mktemp -d /var/tmp/webtier-ee-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  log "debootstrap bookworm for $BASE (1-2 minutes)"
  debootstrap --variant=minbase \
    --include="$BASE_PACKAGES" \
    bookworm "$root" "$(debian_mirror)" >.cache/logs/ee-debootstrap.log 2>&1 || {
    tail -n 20 .cache/logs/ee-debootstrap.log >&2; exit 1; }
  # trust what this build host trusts (here: the CA of a TLS-inspecting egress proxy in front of
  # PyPI); elsewhere this is Debian's own bundle again
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import \
    -c 'ENV PIP_BREAK_SYSTEM_PACKAGES=1' -c 'ENV LANG=C.UTF-8' -c 'CMD ["bash"]' - "${BASE%%:*}:import" >/dev/null
  printf 'FROM %s:import\nLABEL webtier.recipe=%s\n' "${BASE%%:*}" "$recipe" \
    | docker build -q -t "$BASE" - >/dev/null
  docker rmi "${BASE%%:*}:import" >/dev/null
  rm -rf "$root"; trap - EXIT
  log "built $BASE"
else
  log "$BASE is up to date"
fi

# 3. the collections, as tarballs ee/requirements.yml installs with ansible-galaxy --offline:
#    this collection from the tree, its dependencies packed from the venv's `ansible` package
#    (an installed collection holds MANIFEST.json + FILES.json, which is what an artifact is)
rm -f "$OUT"/collections/*.tar.gz
tmp=$(mktemp -d)
ansible-galaxy collection build --force --output-path "$tmp" . >/dev/null
mv "$tmp"/webtier-tomcat_cluster-*.tar.gz "$OUT/collections/webtier-tomcat_cluster-0.1.0.tar.gz"
rmdir "$tmp"
for c in ansible/posix community/general; do
  # the copies in the `ansible` package lack some files their FILES.json lists (CI settings such as
  # .azure-pipelines): the artifact lists what is there, and MANIFEST.json the new FILES.json checksum
  python - "$c" "$OUT/collections/${c/\//-}.tar.gz" <<'PY'
import hashlib, importlib, io, json, os, sys, tarfile
ns, name = sys.argv[1].split('/')
src = next(os.path.join(b, ns, name) for b in importlib.import_module('ansible_collections').__path__
           if os.path.isfile(os.path.join(b, ns, name, 'MANIFEST.json')))
files = json.load(open(os.path.join(src, 'FILES.json')))
files['files'] = [f for f in files['files'] if f['name'] == '.' or os.path.lexists(os.path.join(src, f['name']))]
files_json = json.dumps(files, indent=4).encode()
manifest = json.load(open(os.path.join(src, 'MANIFEST.json')))
manifest['file_manifest_file']['chksum_sha256'] = hashlib.sha256(files_json).hexdigest()
with tarfile.open(sys.argv[2], 'w:gz') as tar:
    for arcname, data in (('MANIFEST.json', json.dumps(manifest, indent=4).encode()), ('FILES.json', files_json)):
        info = tarfile.TarInfo(arcname)
        info.size, info.mode = len(data), 0o644
        tar.addfile(info, io.BytesIO(data))
    for f in files['files']:
        if f['name'] != '.':
            tar.add(os.path.join(src, f['name']), arcname=f['name'], recursive=False)
print('[ee] packed %s %s from %s (%d files)' % (sys.argv[1], manifest['collection_info']['version'], src,
                                                 len(files['files'])), file=sys.stderr)
PY
done

# 4. ansible-builder
log "ansible-builder build -> $EE (log: .cache/logs/ee-build.log)"
start=$SECONDS
"$VENV/bin/ansible-builder" build -f execution-environment.yml -c "$OUT/context" --container-runtime docker \
  -t "$EE" -v 3 >.cache/logs/ee-build.log 2>&1 || { tail -n 40 .cache/logs/ee-build.log >&2; exit 1; }
log "built $EE in $((SECONDS - start)) s ($(docker image inspect -f '{{ .Size }}' "$EE" | awk '{printf "%d MB", $1/1000000}'))"

# 5. smoke test: what is inside
docker run --rm -e ANSIBLE_NOCOLOR=1 "$EE" bash -c '
  set -e
  ansible --version | head -n1
  ansible-runner --version
  ansible-galaxy collection list 2>/dev/null | grep -E "^(webtier.tomcat_cluster|ansible.posix|community.general) "
  python3 -c "import lxml.etree as e; print(\"lxml\", \".\".join(map(str, e.LXML_VERSION)))"
  ansible-doc -t module webtier.tomcat_cluster.ajp_ping | head -n1
  ansible-doc -t filter webtier.tomcat_cluster.httpd_modjk_tls_sites | head -n1' | sed 's/^/[ee]   /' >&2

[ "${1:-}" = verify ] || exit 0

# 6. webtier.tomcat_cluster.verify from inside the EE against the lab (scripts/lab.sh up first).
#    The lab is reached with docker exec (community.docker.docker): the docker socket and the
#    static docker CLI are mounted into the EE, and community.docker (a lab need, not the
#    collection's) is mounted read-only from the venv. Content comes from the EE:
#    ANSIBLE_COLLECTIONS_PATH puts the EE's collections first (the tree's ansible.cfg would
#    otherwise point at the working tree).
[ "$(docker inspect -f '{{.State.Running}}' web-01 2>/dev/null)" = true ] || { log "the lab is not running: make lab"; exit 1; }
docker_cli=$(command -v docker)
cdocker=$(python -c 'import ansible_collections.community.docker as c; print(list(c.__path__)[0])')
mounts=(-v /var/run/docker.sock:/var/run/docker.sock -v "$docker_cli:/usr/local/bin/docker:ro"
        -v "$cdocker:/opt/lab-collections/ansible_collections/community/docker:ro")
collections_path=/usr/share/ansible/collections:/opt/lab-collections
# the tree's ansible.cfg points collections_path at the working tree; inside the EE use this one
cfg=$WEBTIER_ROOT/$OUT/ansible.cfg
printf '[defaults]\ncollections_path = %s\ninterpreter_python = auto_silent\nforks = 10\nhost_key_checking = false\n' \
  "$collections_path" >"$cfg"
log "ansible-navigator run webtier.tomcat_cluster.verify --eei $EE (log: .cache/logs/ee-navigator.log)"
start=$SECONDS
nav_mounts=()
for m in "${mounts[@]}"; do [ "$m" = -v ] || nav_mounts+=(--eev "$m"); done
"$VENV/bin/ansible-navigator" run playbooks/verify.yml -i inventories/lab -e @.cache/lab/secrets.yml \
  --eei "$EE" --ce docker --pp never --mode stdout --lf .cache/logs/ee-navigator-internal.log \
  --pae false "${nav_mounts[@]}" \
  --senv "ANSIBLE_COLLECTIONS_PATH=$collections_path" --senv "WEBTIER_ROOT=$WEBTIER_ROOT" \
  --senv "ANSIBLE_CONFIG=$cfg" --senv ANSIBLE_FORCE_COLOR=0 \
  >.cache/logs/ee-navigator.log 2>&1 || { tail -n 40 .cache/logs/ee-navigator.log >&2; exit 1; }
grep -E 'All good|HTTPS good' .cache/logs/ee-navigator.log | sed 's/^ *//; s/^/[ee]   /' >&2
log "verify through ansible-navigator: ok in $((SECONDS - start)) s"

log "docker run $EE ansible-playbook webtier.tomcat_cluster.verify (log: .cache/logs/ee-docker-run.log)"
start=$SECONDS
# as root like ansible-navigator's run (the image's user 1000 cannot read the lab's 0600 secrets file)
docker run --rm --user 0 "${mounts[@]}" -v "$WEBTIER_ROOT:$WEBTIER_ROOT" -w "$WEBTIER_ROOT" \
  -e ANSIBLE_COLLECTIONS_PATH=$collections_path -e "ANSIBLE_CONFIG=$cfg" -e "WEBTIER_ROOT=$WEBTIER_ROOT" -e ANSIBLE_NOCOLOR=1 \
  "$EE" bash -c 'ansible-doc -l webtier.tomcat_cluster 2>/dev/null | head -n 3 >&2
    ansible-doc webtier.tomcat_cluster.https_request | head -n 1 >&2
    exec ansible-playbook -i inventories/lab -e @.cache/lab/secrets.yml webtier.tomcat_cluster.verify' \
  >.cache/logs/ee-docker-run.log 2>&1 || { tail -n 40 .cache/logs/ee-docker-run.log >&2; exit 1; }
grep -E '^> MODULE|All good|HTTPS good' .cache/logs/ee-docker-run.log | sed 's/^ *//; s/^/[ee]   /' >&2
log "verify through docker run: ok in $((SECONDS - start)) s"
