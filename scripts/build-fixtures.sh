#!/usr/bin/env bash
# Build the offline test fixtures under .cache/fixtures (never committed):
#   apache-tomcat-9.0.70.tar.gz   upstream-shaped Tomcat 9 tarball assembled from Debian's
#                                 libtomcat9-java jars + the tomcat9 source package's bin/ and conf/
#   tomcat-connectors-<v>-src.tar.gz   mod_jk source (1.2.50) from Debian trixie's source package, for the
#                                 build-from-source path (what Rocky 9 needs)
# Everything comes from the Debian mirror apt already uses; a private apt state is used for
# deb-src so the system's apt configuration is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
log() { printf '[fixtures] %s\n' "$*" >&2; }
OUT=$PWD/.cache/fixtures
V=9.0.70
mkdir -p "$OUT"

need_pkgs=()
[ -f /usr/share/java/tomcat9-catalina-$V.jar ] || need_pkgs+=(libtomcat9-java)
command -v jar >/dev/null 2>&1 || need_pkgs+=(openjdk-17-jdk-headless)
command -v unzip >/dev/null 2>&1 || need_pkgs+=(unzip)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq update
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq install -y "${need_pkgs[@]}" >/dev/null
fi

mirror=$(debian_mirror)
APTDIR=$PWD/.cache/aptsrc

apt_state() {  # apt_state <suite>: a private apt configuration with deb-src for <suite>; prints APT_CONFIG
  local suite=$1
  mkdir -p "$APTDIR/$suite"/{lists/partial,cache/archives/partial,etc/none} "$APTDIR/src"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" \
    > "$APTDIR/$suite/etc/sources.list"
  cat > "$APTDIR/$suite/apt.conf" <<CONF
Dir::Etc::SourceList "$APTDIR/$suite/etc/sources.list";
Dir::Etc::SourceParts "$APTDIR/$suite/etc/none";
Dir::State::Lists "$APTDIR/$suite/lists";
Dir::Cache "$APTDIR/$suite/cache";
Debug::NoLocking "true";
CONF
  APT_CONFIG=$APTDIR/$suite/apt.conf apt-get -qq update
  echo "$APTDIR/$suite/apt.conf"
}

fetch_source() {  # fetch_source <suite> <source package> <regex>: files of the source package whose
  # names match <regex> (e.g. the upstream orig tarball), each checked against its SHA256 in Sources
  local conf url file sum n=0
  conf=$(apt_state "$1")
  while read -r url file _ sum; do
    url=${url//\'/}; sum=${sum#SHA256:}
    python3 - "$url" "$APTDIR/src/$file" "$sum" <<'PY2'
import hashlib, sys, urllib.request
url, dest, want = sys.argv[1:]
data = urllib.request.urlopen(url, timeout=120).read()
got = hashlib.sha256(data).hexdigest()
if got != want:
    sys.exit("sha256 mismatch for %s: %s != %s" % (url, got, want))
open(dest, "wb").write(data)
PY2
    n=$((n + 1))
  done < <(APT_CONFIG=$conf apt-get source --print-uris -qq "$2" 2>/dev/null | grep -E "/[^/']*($3)' ")
  [ "$n" -gt 0 ] || { log "no files matching '$3' in source package $2 ($1)"; return 1; }
}

# --- Tomcat 9.0.70 tarball ---------------------------------------------------------------
if [ ! -f "$OUT/apache-tomcat-$V.tar.gz" ]; then
  ls "$APTDIR"/src/tomcat9_$V.orig.tar.xz >/dev/null 2>&1 || fetch_source bookworm tomcat9 '\.orig\.tar\.xz|\.debian\.tar\.xz'
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  tar -C "$work" -xf "$APTDIR"/src/tomcat9_$V.orig.tar.xz
  SRC=$work/tomcat9-$V J=/usr/share/java H=$work/dist/apache-tomcat-$V
  mkdir -p "$H"/{bin,lib,conf,logs,temp,webapps,work}
  for f in catalina.sh startup.sh shutdown.sh setclasspath.sh configtest.sh version.sh digest.sh \
           tool-wrapper.sh makebase.sh daemon.sh ciphers.sh; do
    install -m 0755 "$SRC/bin/$f" "$H/bin/$f"
  done
  install -m 0644 "$SRC/bin/catalina-tasks.xml" "$H/bin/catalina-tasks.xml"
  install -m 0644 "$J/tomcat9-juli-$V.jar" "$H/bin/tomcat-juli.jar"
  # bootstrap.jar: upstream build.xml's "files.bootstrap" pattern set, cut from Debian's jars
  B=$work/bootstrap; mkdir -p "$B"
  ( cd "$B"
    unzip -q "$J/tomcat9-catalina-$V.jar" 'org/apache/catalina/startup/Bootstrap*' \
      'org/apache/catalina/startup/catalina.properties' 'org/apache/catalina/startup/CatalinaProperties*' \
      'org/apache/catalina/startup/ClassLoaderFactory*' 'org/apache/catalina/startup/Constants*' \
      'org/apache/catalina/startup/SafeForkJoinWorkerThreadFactory*' 'org/apache/catalina/startup/Tool*' \
      'org/apache/catalina/security/SecurityClassLoad*' 'org/apache/catalina/webresources/war/*'
    unzip -q "$J/tomcat9-util-$V.jar" 'org/apache/tomcat/util/buf/UriUtil*'
    printf 'Manifest-Version: 1.0\nMain-Class: org.apache.catalina.startup.Bootstrap\nClass-Path: commons-daemon.jar\nImplementation-Title: Apache Tomcat Bootstrap\nImplementation-Version: %s\n' "$V" > MANIFEST.MF
    jar --create --file "$H/bin/bootstrap.jar" --manifest MANIFEST.MF org )
  declare -A M=( [annotations-api]=annotations-api [catalina-ant]=catalina-ant [catalina-ha]=catalina-ha
    [catalina-storeconfig]=storeconfig [catalina-tribes]=tribes [catalina]=catalina [el-api]=el-api
    [jasper-el]=jasper-el [jasper]=jasper [jaspic-api]=jaspic-api [jsp-api]=jsp-api [servlet-api]=servlet-api
    [tomcat-api]=api [tomcat-coyote]=coyote [tomcat-dbcp]=dbcp [tomcat-jdbc]=jdbc [tomcat-jni]=jni
    [tomcat-util-scan]=util-scan [tomcat-util]=util [tomcat-websocket]=websocket [websocket-api]=websocket-api )
  for k in "${!M[@]}"; do install -m 0644 "$J/tomcat9-${M[$k]}-$V.jar" "$H/lib/$k.jar"; done
  for l in cs de es fr ja ko pt-BR ru zh-CN; do install -m 0644 "$J/tomcat9-i18n-$l-$V.jar" "$H/lib/tomcat-i18n-$l.jar"; done
  install -m 0644 "$(readlink -f $J/eclipse-jdt-core.jar)" "$H/lib/ecj-3.32.0.jar"
  install -m 0600 "$SRC"/conf/*.xml "$SRC"/conf/*.xsd "$SRC"/conf/*.properties "$SRC"/conf/*.policy "$H/conf/"
  cp -r "$SRC/webapps/ROOT" "$H/webapps/ROOT"
  cp "$SRC"/{LICENSE,NOTICE,RELEASE-NOTES,RUNNING.txt} "$H/"
  tar -C "$work/dist" --owner=0 --group=0 -czf "$OUT/apache-tomcat-$V.tar.gz.part" "apache-tomcat-$V"
  mv "$OUT/apache-tomcat-$V.tar.gz.part" "$OUT/apache-tomcat-$V.tar.gz"
  rm -rf "$work"; trap - EXIT
  log "built $OUT/apache-tomcat-$V.tar.gz"
fi
# an unpacked copy for tests that run Tomcat directly on loopback
if [ ! -x "$OUT/apache-tomcat-$V/bin/catalina.sh" ]; then
  tar -C "$OUT" -xzf "$OUT/apache-tomcat-$V.tar.gz"
fi

# --- tomcat-connectors (mod_jk) source ---------------------------------------------------
if ! ls "$OUT"/tomcat-connectors-*-src.tar.gz >/dev/null 2>&1; then
  # trixie's source package carries tomcat-connectors 1.2.50 (bookworm's is 1.2.48)
  ls "$APTDIR"/src/libapache-mod-jk_*.orig.tar.* >/dev/null 2>&1 || fetch_source trixie libapache-mod-jk '\.orig\.tar\.gz'
  orig=$(ls "$APTDIR"/src/libapache-mod-jk_*.orig.tar.* | sort -V | tail -n1)
  ver=$(basename "$orig" | sed -E 's/^libapache-mod-jk_([0-9.]+)\.orig.*/\1/')
  cp "$orig" "$OUT/tomcat-connectors-$ver-src.tar.${orig##*.tar.}"
  log "copied mod_jk source $ver"
fi
ls -l "$OUT"
