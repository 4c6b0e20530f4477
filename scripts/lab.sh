#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The lab: was-01, was-02, web-01, web-02, monitoring (Prometheus) and an outsider as Debian 12 systemd containers (Debian 13 with
# WEBTIER_LAB_DEBIAN=13; the Tomcat line with WEBTIER_TOMCAT_VERSION, see inventories/lab) on one
# private docker network, then the lab CA and site certificates (scripts/lab_ca.yml), the rollout
# (playbooks/site.yml) and its verification (playbooks/verify.yml) against inventories/lab.
#   scripts/lab.sh up        create what is missing, converge, verify (run it again: idempotent)
#   scripts/lab.sh destroy   remove the containers and the network
#   scripts/lab.sh create    only create what is missing (containers, network, secret): no rollout
#   scripts/lab.sh status    show the containers and how to reach the sites
set -euo pipefail
cd "$(dirname "$0")/.."
NET=webtier-lab
case ${WEBTIER_LAB_DEBIAN:-12} in
  12|13) IMAGE=webtier/debian${WEBTIER_LAB_DEBIAN:-12}-systemd:latest ;;
  *) echo "[lab] WEBTIER_LAB_DEBIAN=${WEBTIER_LAB_DEBIAN} is not a Debian release of the lab (12 or 13)" >&2; exit 2 ;;
esac
HOSTS=(was-01 was-02 web-01 web-02 monitoring outsider)
PROMETHEUS_PORT=${WEBTIER_LAB_PROMETHEUS_PORT:-9090}
declare -A HTTP_PORT=([web-01]=${WEBTIER_LAB_PORT_WEB01:-8081} [web-02]=${WEBTIER_LAB_PORT_WEB02:-8082})
declare -A HTTPS_PORT=([web-01]=${WEBTIER_LAB_TLS_PORT_WEB01:-8443} [web-02]=${WEBTIER_LAB_TLS_PORT_WEB02:-8444})
log() { printf '[lab] %s\n' "$*" >&2; }

destroy() {
  for h in "${HOSTS[@]}"; do docker rm -f "$h" >/dev/null 2>&1 || true; done
  docker network rm "$NET" >/dev/null 2>&1 || true
  log "lab removed"
}

status() {
  docker ps -a --filter label=webtier.lab --format 'table {{.Names}}\t{{.Status}}\t{{.Ports}}'
  cat <<TXT

Sites (through mod_jk on each web host; published on loopback):
  curl -H 'Host: a-site.example' http://127.0.0.1:${HTTP_PORT[web-01]}/sessionTest.jsp   # web-01, site a
  curl -H 'Host: b-site.example' http://127.0.0.1:${HTTP_PORT[web-01]}/sessionTest.jsp   # web-01, site b
  curl -H 'Host: a-site.example' http://127.0.0.1:${HTTP_PORT[web-02]}/sessionTest.jsp   # web-02, site a
  curl -H 'Host: b-site.example' http://127.0.0.1:${HTTP_PORT[web-02]}/sessionTest.jsp   # web-02, site b
HTTPS (certificates from the lab CA in .cache/lab/tls, made by scripts/lab_ca.yml):
  curl --cacert .cache/lab/tls/ca.crt --resolve a-site.example:${HTTPS_PORT[web-01]}:127.0.0.1 https://a-site.example:${HTTPS_PORT[web-01]}/sessionTest.jsp   # web-01, site a
  curl --cacert .cache/lab/tls/ca.crt --resolve b-site.example:${HTTPS_PORT[web-02]}:127.0.0.1 https://b-site.example:${HTTPS_PORT[web-02]}/sessionTest.jsp   # web-02, site b
Prometheus (every exporter, scraped every 5 s; the alert rules of roles/monitoring/files/webtier.rules.yml):
  http://127.0.0.1:${PROMETHEUS_PORT}/alerts   and   http://127.0.0.1:${PROMETHEUS_PORT}/graph?g0.expr=modjk_member_busy
Shell on a host:  docker exec -it was-01 bash
Run a playbook:   . scripts/env.sh && ansible-playbook -i inventories/lab -e @.cache/lab/secrets.yml playbooks/verify.yml
TXT
}

start_containers() {
  docker network inspect "$NET" >/dev/null 2>&1 || docker network create --label webtier.lab=1 "$NET" >/dev/null
  for h in "${HOSTS[@]}"; do
    if [ "$(docker inspect -f '{{.State.Running}}' "$h" 2>/dev/null)" = true ]; then
      # a web host of a lab from before HTTPS lacks the published 443: recreate it (site.yml converges it again)
      [ -z "${HTTPS_PORT[$h]:-}" ] || [ -n "$(docker port "$h" 443/tcp 2>/dev/null)" ] && continue
      log "$h does not publish 443; recreating it"
    fi
    docker rm -f "$h" >/dev/null 2>&1 || true
    publish=()
    [ -n "${HTTP_PORT[$h]:-}" ] && publish=(-p "127.0.0.1:${HTTP_PORT[$h]}:80" -p "127.0.0.1:${HTTPS_PORT[$h]}:443")
    [ "$h" = monitoring ] && publish=(-p "127.0.0.1:${PROMETHEUS_PORT}:9090")
    log "starting $h"
    # --privileged is refused on this kind of host: grant what systemd and firewalld need instead
    docker run -d --name "$h" --hostname "$h" --network "$NET" --label webtier.lab=1 \
      --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add NET_RAW \
      --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
      --cgroupns host -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /run/lock \
      "${publish[@]}" "$IMAGE" >/dev/null
  done
  for h in "${HOSTS[@]}"; do  # systemd's bus appears a moment after the container starts
    for _ in $(seq 1 30); do
      state=$(docker exec "$h" systemctl is-system-running --wait 2>/dev/null || true)
      case $state in running|degraded) break ;; esac
      sleep 1
    done
    case $state in running|degraded) ;; *) log "$h: systemd is '$state'"; exit 1 ;; esac
  done
}

secrets() {
  mkdir -p .cache/lab
  if [ ! -s .cache/lab/secrets.yml ]; then
    # the subshell keeps umask 077 to this one file (the rest of the script creates files others read)
    ( umask 077
      python3 -c 'import secrets, string; a = string.ascii_letters + string.digits; print("tomcat_ajp_secret: " + "".join(secrets.choice(a) for _ in range(32)))' \
        > .cache/lab/secrets.yml )
  fi
}

up() {
  scripts/bootstrap.sh
  # shellcheck source=scripts/env.sh
  . scripts/env.sh
  start_containers
  secrets
  local start=$SECONDS
  for pb in scripts/lab_ca.yml playbooks/site.yml playbooks/verify.yml; do
    [ -f "$pb" ] || { log "$pb does not exist yet; skipped"; continue; }
    log "ansible-playbook $pb"
    ansible-playbook -i inventories/lab -e @.cache/lab/secrets.yml "$pb"
  done
  log "rollout + verification took $((SECONDS - start)) s"
  status
}

case ${1:-up} in
  up) up ;;
  destroy) destroy ;;
  create) start_containers; secrets ;;
  status) status ;;
  *) echo "usage: $0 up|create|destroy|status" >&2; exit 2 ;;
esac
