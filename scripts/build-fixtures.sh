#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the offline test fixtures under .cache/fixtures (never committed):
#   apache-tomcat-<v>.tar.gz      upstream-shaped Tomcat tarballs (and an unpacked copy beside each):
#                                 9.0.70  from Debian's libtomcat9-java jars + the tomcat9 source package's
#                                         bin/ and conf/ (bookworm)
#                                 10.1.55 from libtomcat10-java 10.1.55-1~deb12u1 + tomcat10's bin/ and conf/
#                                         (bookworm)
#                                 10.1.60 from libtomcat10-java 10.1.60-1~deb12u1 + tomcat10's bin/ and conf/
#                                         (bookworm-security)
#                                 11.0.22 from libtomcat11-java 11.0.22-1~deb13u1 + the bin/ and conf/ of the
#                                         tomcat11-common and tomcat11 packages (trixie; see tomcat11_tree)
#   tomcat10-examples-<v>.war     Tomcat's examples webapp (10.1.60) from Debian's tomcat10-examples package,
#                                 with two test overrides (see its section below)
#   tomcat-connectors-<v>-src.tar.gz   mod_jk source (1.2.50) from Debian trixie's source package, for the
#                                 build-from-source path (what Rocky 9 needs)
# Usage: scripts/build-fixtures.sh [TOMCAT_VERSION...]
#   Without arguments (what bootstrap.sh runs) it builds $WEBTIER_FIXTURES_TOMCAT, default
#   "9.0.70 10.1.60 10.1.55 11.0.22" (what make test and make lab use: 10.1.55 is the other side of molecule
#   tomcat10's upgrade test; 11.0.22 is what the 11.0 tests of make test run), plus $WEBTIER_TOMCAT_VERSION
#   when set (the lab's line switch) (10.1.55 about 20 s the first time; 10.1.60 about 30 s; 11.0.22 about
#   40 s). Every fixture is built once and cached; a cached run downloads nothing and takes about 0.1 s.
# Everything comes from the Debian mirror apt already uses, each download checked against the hash
# Debian publishes for it (Packages for the .debs, Sources for the source files); a private apt state is
# used for deb-src, and for the Packages of trixie, so the system's apt configuration is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
log() { printf '[fixtures] %s\n' "$*" >&2; }
OUT=$PWD/.cache/fixtures
APTDIR=$PWD/.cache/aptsrc
mkdir -p "$OUT"

# Tomcat 10.1 releases Debian ships: <version> -> "<Debian version of libtomcat10-java and tomcat10> <suite>"
declare -A TOMCAT10=(
  [10.1.55]="10.1.55-1~deb12u1 bookworm"
  [10.1.60]="10.1.60-1~deb12u1 bookworm-security"
)
# Tomcat 11.0 releases Debian ships: <version> -> "<Debian version of libtomcat11-java and tomcat11> <suite>"
# (trixie: the system's apt has only bookworm, so the .deb comes through a private apt state as well)
declare -A TOMCAT11=(
  [11.0.22]="11.0.22-1~deb13u1 trixie"
)
if [ $# -gt 0 ]; then versions=("$@"); else read -r -a versions <<< "${WEBTIER_FIXTURES_TOMCAT:-9.0.70 10.1.60 10.1.55 11.0.22}"; fi
[ -n "${WEBTIER_TOMCAT_VERSION:-}" ] && versions+=("$WEBTIER_TOMCAT_VERSION")
for v in "${versions[@]}"; do
  [ "$v" = 9.0.70 ] || [ -n "${TOMCAT10[$v]:-}" ] || [ -n "${TOMCAT11[$v]:-}" ] || {
    log "no fixture recipe for Tomcat $v (known: 9.0.70 ${!TOMCAT10[*]} ${!TOMCAT11[*]})"; exit 2; }
done
missing=()
for v in "${versions[@]}"; do
  [ -f "$OUT/apache-tomcat-$v.tar.gz" ] || [[ " ${missing[*]} " == *" $v "* ]] || missing+=("$v")
done

need_pkgs=()
if [[ " ${missing[*]} " == *" 9.0.70 "* ]]; then
  [ -f /usr/share/java/tomcat9-catalina-9.0.70.jar ] || need_pkgs+=(libtomcat9-java)
fi
if [ ${#missing[@]} -gt 0 ]; then
  [ -f /usr/share/java/eclipse-jdt-core.jar ] || need_pkgs+=(libeclipse-jdt-core-java)
  command -v jar >/dev/null 2>&1 || need_pkgs+=(openjdk-17-jdk-headless)
  command -v unzip >/dev/null 2>&1 || need_pkgs+=(unzip)
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  apt_install "${need_pkgs[@]}"
fi

mirror=$(debian_mirror)
apt_state() {  # apt_state <suite> [deb]: a private apt configuration with deb-src for <suite> (and with deb too,
  # for the binary packages of a suite the system's apt does not have, such as trixie; once there, the deb line
  # stays, so that a later deb-src-only call does not drop the Packages lists); prints APT_CONFIG
  local suite=$1 m=$mirror want_deb=${2:-}
  case $suite in *-security) m=$(debian_mirror debian-security) ;; esac
  mkdir -p "$APTDIR/$suite"/{lists/partial,cache/archives/partial,etc/none} "$APTDIR/src"
  grep -q '^deb ' "$APTDIR/$suite/etc/sources.list" 2>/dev/null && want_deb=deb
  { echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $m $suite main"
    [ "$want_deb" != deb ] || echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $m $suite main"
  } > "$APTDIR/$suite/etc/sources.list"
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

download() {  # download <dest> <ALGO:hex> <url>...: the first URL that answers, checked against the hash
  python3 - "$@" <<'PY2'
import hashlib, os, sys, urllib.error, urllib.request
dest, want, urls = sys.argv[1], sys.argv[2], sys.argv[3:]
algo, _, want = want.partition(":")
for url in urls:
    try:
        data = urllib.request.urlopen(url, timeout=120).read()
    except urllib.error.HTTPError as exc:
        print("[fixtures] %s: HTTP %s%s" % (url, exc.code, ", trying the next mirror path" if url != urls[-1] else ""),
              file=sys.stderr)
        continue
    got = hashlib.new(algo.lower(), data).hexdigest()
    if got != want:
        sys.exit("%s mismatch for %s: %s != %s (published by Debian)" % (algo, url, got, want))
    with open(dest + ".part", "wb") as f:
        f.write(data)
    os.replace(dest + ".part", dest)
    sys.exit(0)
sys.exit("none of %s could be downloaded" % " ".join(urls))
PY2
}

fetch_source() {  # fetch_source <suite> <source package[=version]> <regex>: files of the source package whose
  # names match <regex> (e.g. the upstream orig tarball), each checked against its SHA256 in Sources.
  # The security archive's pool may lack the source files on some mirrors; the same file name in the main
  # archive's pool (where the orig tarball of the same upstream release also lives) is tried next, and
  # must have the hash the security suite's Sources publishes.
  local conf url file sum n=0
  conf=$(apt_state "$1")
  while read -r url file _ sum; do
    url=${url//\'/}
    download "$APTDIR/src/$file" "$sum" "$url" "$mirror/pool/${url#*/pool/updates/}"
    n=$((n + 1))
  done < <(APT_CONFIG=$conf apt-get source --print-uris -qq "$2" 2>/dev/null | grep -E "/[^/']*($3)' ")
  [ "$n" -gt 0 ] || { log "no files matching '$3' in source package $2 ($1)"; return 1; }
}

fetch_deb() {  # fetch_deb <package>=<version> [suite]: prints the path of the .deb (cached under .cache/aptsrc/deb),
  # checked against the SHA256 of the Packages list the system's apt has (signed by Debian's archive key); with
  # a suite, of that suite's Packages list in a private apt state (apt_state <suite> deb: trixie, which the
  # system's apt does not have)
  local line url file sum conf
  mkdir -p "$APTDIR/deb"
  if [ -n "${2:-}" ]; then
    conf=$(apt_state "$2" deb)
    line=$(APT_CONFIG=$conf apt-get download --print-uris -qq "$1" 2>/dev/null | head -n1 || true)
    [ -n "$line" ] || { log "Debian $2 has no $1"; return 1; }
  else
    line=$(apt-get download --print-uris -qq "$1" 2>/dev/null | head -n1 || true)
    if [ -z "$line" ]; then
      apt_update
      line=$(apt-get download --print-uris -qq "$1" 2>/dev/null | head -n1 || true)
    fi
  fi
  [ -n "$line" ] || { log "apt knows no $1: the suites bookworm and bookworm-security must be in apt's sources"; return 1; }
  read -r url file _ sum <<< "$line"
  url=${url//\'/}
  [ -f "$APTDIR/deb/$file" ] || download "$APTDIR/deb/$file" "$sum" "$url"
  echo "$APTDIR/deb/$file"
}

# --- Tomcat tarballs --------------------------------------------------------------------
tomcat11_tree() {  # tomcat11_tree <version> <Debian version> <suite> <dir>: upstream's bin/, conf/ and the rest of
  # what build_tomcat takes from an orig tarball, rebuilt under <dir> from Debian's binary packages.
  # The mirror serves no tomcat11 orig tarball (HTTP 404 for tomcat11_11.0.22.orig.tar.xz in trixie and
  # trixie-security, while the Sources lists name it), so:
  #   bin/*.sh, bin/catalina-tasks.xml  tomcat11-common's /usr/share/tomcat11/bin (installed from upstream's bin/
  #                                     unchanged: debian/tomcat11-common.install "bin/*")
  #   conf/*.xml, catalina.properties   tomcat11's /usr/share/tomcat11/etc (debian/tomcat11.install "conf/*.xml",
  #                                     "conf/catalina.properties"), with the one Debian patch on them reversed:
  #                                     0023-disable-shutdown-by-socket (server.xml port="-1"), from the source
  #                                     package's debian.tar.xz (checked against Sources); a patch that no
  #                                     longer reverses fails the build
  #   conf/logging.properties, *.xsd    tomcat11 installs Debian's own logging.properties (SystemdFormatter, no
  #                                     manager handlers) and no .xsd: upstream's files come from the tomcat10
  #                                     10.1.60 orig tarball (upstream made no change to them between 10.1.60
  #                                     and 11.0.22: compared with apache/tomcat tag 11.0.22 when this was written)
  #   webapps/ROOT                      Debian's default_root (index.html, META-INF/context.xml) from tomcat11:
  #                                     upstream's ROOT is in no binary package (no WEB-INF/web.xml therefore)
  #   RELEASE-NOTES, RUNNING.txt        tomcat11-common's /usr/share/doc (upstream's, gzipped); no LICENSE, NOTICE
  # No conf/catalina.policy: 11.0 has no SecurityManager support.
  local V=$1 debver=$2 suite=$3 D=$4 x=$work/deb11 pkg
  mkdir -p "$x" "$D"/{bin,conf,webapps}
  for pkg in tomcat11-common tomcat11; do dpkg-deb -x "$(fetch_deb "$pkg=$debver" "$suite")" "$x"; done
  ls "$APTDIR/src/tomcat11_$debver.debian.tar.xz" >/dev/null 2>&1 || fetch_source "$suite" "tomcat11=$debver" '\.debian\.tar\.xz'
  ls "$APTDIR/src/tomcat10_10.1.60.orig.tar.xz" >/dev/null 2>&1 || fetch_source bookworm-security tomcat10=10.1.60-1~deb12u1 '\.orig\.tar\.xz'
  cp "$x"/usr/share/tomcat11/bin/*.sh "$x/usr/share/tomcat11/bin/catalina-tasks.xml" "$D/bin/"
  cp "$x"/usr/share/tomcat11/etc/*.xml "$x/usr/share/tomcat11/etc/catalina.properties" "$D/conf/"
  tar -C "$x" -xf "$APTDIR/src/tomcat11_$debver.debian.tar.xz" debian/patches/0023-disable-shutdown-by-socket.patch
  patch -s -R --no-backup-if-mismatch -d "$D" -p1 < "$x/debian/patches/0023-disable-shutdown-by-socket.patch"
  grep -q '<Server port="8005" shutdown="SHUTDOWN">' "$D/conf/server.xml"
  tar -C "$x" -xf "$APTDIR/src/tomcat10_10.1.60.orig.tar.xz" tomcat10-10.1.60/conf/logging.properties \
    tomcat10-10.1.60/conf/jaspic-providers.xsd tomcat10-10.1.60/conf/tomcat-users.xsd
  cp "$x"/tomcat10-10.1.60/conf/* "$D/conf/"
  cp -r "$x/usr/share/tomcat11-root/default_root" "$D/webapps/ROOT"
  gunzip -c "$x/usr/share/doc/tomcat11-common/RELEASE-NOTES.gz" > "$D/RELEASE-NOTES"
  gunzip -c "$x/usr/share/doc/tomcat11-common/RUNNING.txt.gz" > "$D/RUNNING.txt"
}

build_tomcat() {  # build_tomcat <version>: .cache/fixtures/apache-tomcat-<version>.tar.gz
  local V=$1 major=${1%%.*} P J SRC H B debver suite deb
  P=tomcat$major                        # Debian's name of the line: tomcat9, tomcat10, tomcat11
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  if [ "$major" = 9 ]; then
    ls "$APTDIR/src/tomcat9_$V.orig.tar.xz" >/dev/null 2>&1 || fetch_source bookworm tomcat9 '\.orig\.tar\.xz|\.debian\.tar\.xz'
    J=/usr/share/java                   # libtomcat9-java, installed above
  else
    if [ "$major" = 10 ]; then read -r debver suite <<< "${TOMCAT10[$V]}"
    else read -r debver suite <<< "${TOMCAT11[$V]}"; fi
    # libtomcat10-java / libtomcat11-java unpacked privately (releases side by side; nothing is installed);
    # 11 from trixie, through the private apt state of that suite (checked against its Packages list)
    if [ "$major" = 10 ]; then
      ls "$APTDIR/src/${P}_$V.orig.tar.xz" >/dev/null 2>&1 || fetch_source "$suite" "$P=$debver" '\.orig\.tar\.xz'
      deb=$(fetch_deb "lib$P-java=$debver")
    else
      deb=$(fetch_deb "lib$P-java=$debver" "$suite")
    fi
    dpkg-deb -x "$deb" "$work/deb"
    J=$work/deb/usr/share/java
  fi
  SRC=$work/$P-$V H=$work/dist/apache-tomcat-$V
  if [ "$major" -ge 11 ]; then tomcat11_tree "$V" "$debver" "$suite" "$SRC"
  else tar -C "$work" -xf "$APTDIR/src/${P}_$V.orig.tar.xz"; fi
  mkdir -p "$H"/{bin,lib,conf,logs,temp,webapps,work}
  for f in catalina.sh startup.sh shutdown.sh setclasspath.sh configtest.sh version.sh digest.sh \
           tool-wrapper.sh makebase.sh daemon.sh ciphers.sh migrate.sh; do
    if [ -f "$SRC/bin/$f" ]; then install -m 0755 "$SRC/bin/$f" "$H/bin/$f"; fi   # migrate.sh: 10.1 and 11.0
  done
  install -m 0644 "$SRC/bin/catalina-tasks.xml" "$H/bin/catalina-tasks.xml"
  install -m 0644 "$J/$P-juli-$V.jar" "$H/bin/tomcat-juli.jar"
  # bootstrap.jar: upstream build.xml's "files.bootstrap" pattern set (the same in 9.0, 10.1 and 11.0), cut
  # from Debian's jars; 11.0 has no org/apache/catalina/security/SecurityClassLoad (the SecurityManager
  # support is gone) although the pattern set still names it, and unzip fails on a pattern matching nothing
  B=$work/bootstrap; mkdir -p "$B"
  local seccl=()
  [ "$major" -ge 11 ] || seccl=('org/apache/catalina/security/SecurityClassLoad*')
  ( cd "$B"
    unzip -q "$J/$P-catalina-$V.jar" 'org/apache/catalina/startup/Bootstrap*' \
      'org/apache/catalina/startup/catalina.properties' 'org/apache/catalina/startup/CatalinaProperties*' \
      'org/apache/catalina/startup/ClassLoaderFactory*' 'org/apache/catalina/startup/Constants*' \
      'org/apache/catalina/startup/SafeForkJoinWorkerThreadFactory*' 'org/apache/catalina/startup/Tool*' \
      "${seccl[@]}" 'org/apache/catalina/webresources/war/*'
    unzip -q "$J/$P-util-$V.jar" 'org/apache/tomcat/util/buf/UriUtil*'
    printf 'Manifest-Version: 1.0\nMain-Class: org.apache.catalina.startup.Bootstrap\nClass-Path: commons-daemon.jar\nImplementation-Title: Apache Tomcat Bootstrap\nImplementation-Version: %s\n' "$V" > MANIFEST.MF
    jar --create --file "$H/bin/bootstrap.jar" --manifest MANIFEST.MF org )
  # upstream lib/ name -> Debian's jar name (websocket-client-api is 10.1 and 11.0 only; Debian ships no
  # catalina-ssi or tomcat-coyote-ffm jar; libtomcat11-java has the same jars as libtomcat10-java)
  declare -A M=( [annotations-api]=annotations-api [catalina-ant]=catalina-ant [catalina-ha]=catalina-ha
    [catalina-storeconfig]=storeconfig [catalina-tribes]=tribes [catalina]=catalina [el-api]=el-api
    [jasper-el]=jasper-el [jasper]=jasper [jaspic-api]=jaspic-api [jsp-api]=jsp-api [servlet-api]=servlet-api
    [tomcat-api]=api [tomcat-coyote]=coyote [tomcat-dbcp]=dbcp [tomcat-jdbc]=jdbc [tomcat-jni]=jni
    [tomcat-util-scan]=util-scan [tomcat-util]=util [tomcat-websocket]=websocket [websocket-api]=websocket-api )
  [ "$major" = 9 ] || M[websocket-client-api]=websocket-client-api
  local k l ecj
  for k in "${!M[@]}"; do install -m 0644 "$J/$P-${M[$k]}-$V.jar" "$H/lib/$k.jar"; done
  for l in cs de es fr ja ko pt-BR ru zh-CN; do install -m 0644 "$J/$P-i18n-$l-$V.jar" "$H/lib/tomcat-i18n-$l.jar"; done
  ecj=$(readlink -f /usr/share/java/eclipse-jdt-core.jar)   # eclipse-jdt-core-3.32.0.jar
  install -m 0644 "$ecj" "$H/lib/ecj-$(basename "$ecj" .jar | sed 's/^eclipse-jdt-core-//').jar"
  install -m 0600 "$SRC"/conf/*.xml "$SRC"/conf/*.xsd "$SRC"/conf/*.properties "$H/conf/"
  [ "$major" -ge 11 ] || install -m 0600 "$SRC"/conf/*.policy "$H/conf/"   # no SecurityManager in 11.0
  cp -r "$SRC/webapps/ROOT" "$H/webapps/ROOT"
  for f in LICENSE NOTICE RELEASE-NOTES RUNNING.txt; do [ ! -f "$SRC/$f" ] || cp "$SRC/$f" "$H/"; done
  tar -C "$work/dist" --owner=0 --group=0 -czf "$OUT/apache-tomcat-$V.tar.gz.part" "apache-tomcat-$V"
  mv "$OUT/apache-tomcat-$V.tar.gz.part" "$OUT/apache-tomcat-$V.tar.gz"
  rm -rf "$work"; trap - EXIT
  log "built $OUT/apache-tomcat-$V.tar.gz"
}

for v in "${missing[@]}"; do build_tomcat "$v"; done
for v in "${versions[@]}"; do
  # an unpacked copy for tests that run Tomcat directly on loopback or read its pristine files
  [ -x "$OUT/apache-tomcat-$v/bin/catalina.sh" ] || tar -C "$OUT" -xzf "$OUT/apache-tomcat-$v.tar.gz"
done

# --- Tomcat's examples webapp as a WAR (issue 25: an application nobody here wrote) -------------
# tomcat10-examples-<v>.war, from Debian's tomcat10-examples package of the same release as the tarball
# fixture (TOMCAT10 above: 10.1.60-1~deb12u1, bookworm-security), downloaded like libtomcat10-java (checked
# against the SHA256 of the Packages list) and unpacked privately. The WAR is the package's webapp tree,
# /usr/share/tomcat10-examples/examples. Symlinks: none in that package. Its two JSTL jars are regular files
# in WEB-INF/lib (taglibs-standard-{impl,spec}-1.2.5-migrated-0.0.1.jar, already migrated to jakarta.*;
# Debian's libtaglibs-standard-*-java 1.2.5 in /usr/share/java is javax.* and no use to Tomcat 10). A
# symlink in another release's package fails the build, by name, instead of ending as a dangling entry.
# Debian's context descriptor /etc/tomcat10/Catalina/localhost/examples.xml is not used: it only points
# docBase at /usr/share/tomcat10-examples/examples with allowLinking="true" (for jars linked from
# /usr/share/java that the package does not have); a WAR brings its own META-INF/context.xml.
# Overrides, the ones a user deploying the app behind mod_jk would also need (each marked in the file):
#   META-INF/context.xml  without the RemoteCIDRValve allow="127.0.0.0/8,::1/128": mod_jk forwards the real
#                         client address over AJP, so behind httpd every client would get 403. The rest
#                         (the Rfc6265CookieProcessor with sameSiteCookies="strict") is kept.
#   WEB-INF/web.xml       <session-config><session-timeout>1</session-timeout></session-config> (1 minute):
#                         the tests' session drain waits until the instance has no sessions left, which
#                         must end. <distributable/> is NOT added: the tomcat role enforces it on deploy.
# Without arguments $WEBTIER_FIXTURES_EXAMPLES (default "10.1.60"; "" builds none) is built; with Tomcat
# versions as arguments only when WEBTIER_FIXTURES_EXAMPLES is set. Cached like the tarballs: built once
# (about 4 s the first time, 3 s with the .deb cached under .cache/aptsrc/deb); a cached run downloads nothing.
build_examples() {  # build_examples <version>: .cache/fixtures/tomcat10-examples-<version>.war
  local V=$1 debver suite deb X links
  read -r debver suite <<< "${TOMCAT10[$V]}"
  exwork=$(mktemp -d); trap 'rm -rf "$exwork"' EXIT
  deb=$(fetch_deb "tomcat10-examples=$debver")
  dpkg-deb -x "$deb" "$exwork/deb"
  X=$exwork/deb/usr/share/tomcat10-examples/examples
  if [ ! -f "$X/WEB-INF/web.xml" ] || [ ! -f "$X/META-INF/context.xml" ]; then
    log "tomcat10-examples $debver: no webapp under /usr/share/tomcat10-examples/examples"; return 1
  fi
  links=$(find "$X" -type l -printf '%P -> %l\n')
  [ -z "$links" ] || { log "tomcat10-examples $debver has symlinks (resolve each from the Debian package that ships its target, or leave it out and say why):"
                       printf '  %s\n' "$links" >&2; return 1; }
  python3 - "$X" "$OUT/tomcat10-examples-$V.war" <<'PYWAR'
import os, re, sys, zipfile
import xml.etree.ElementTree as ET
src, war = sys.argv[1], sys.argv[2]

def edit(rel, change):
    path = os.path.join(src, rel)
    st = os.stat(path)
    with open(path, encoding='utf-8') as f:
        text = f.read()
    new = change(text)
    ET.fromstring(new.encode('utf-8'))            # still well-formed
    with open(path, 'w', encoding='utf-8') as f:
        f.write(new)
    os.utime(path, (st.st_atime, st.st_mtime))    # the package's time stamp: the WAR depends only on the .deb

def no_remote_valve(text):
    new, n = re.subn(r'[ \t]*<Valve\s+className="org\.apache\.catalina\.valves\.Remote(?:CIDR|Addr)Valve"[^>]*/>[ \t]*\n?', '', text)
    if n != 1:
        sys.exit('META-INF/context.xml: expected one RemoteCIDRValve/RemoteAddrValve, found %d' % n)
    return new.replace('<Context>', '<Context>\n  <!-- webtier fixture: the RemoteCIDRValve allow="127.0.0.0/8,::1/128" of the package is removed;\n'
                       '       behind mod_jk the request carries the real client address (AJP forwards it) -->', 1)

def short_sessions(text):
    if 'session-config' in text or text.count('</web-app>') != 1:
        sys.exit('WEB-INF/web.xml: has a session-config already, or not one </web-app>')
    return text.replace('</web-app>', '    <!-- webtier fixture: sessions expire after 1 minute, so that a session drain ends;\n'
                        '         the distributable element is left to the tomcat role, which enforces it on deploy -->\n'
                        '    <session-config>\n        <session-timeout>1</session-timeout>\n    </session-config>\n\n'
                        '</web-app>')

edit('META-INF/context.xml', no_remote_valve)
edit('WEB-INF/web.xml', short_sessions)
with zipfile.ZipFile(war + '.part', 'w', zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(dirs) + sorted(files):
            path = os.path.join(root, name)
            z.write(path, os.path.relpath(path, src))
os.replace(war + '.part', war)
PYWAR
  rm -rf "$exwork"; trap - EXIT
  log "built $OUT/tomcat10-examples-$V.war from tomcat10-examples $debver"
}

if [ $# -gt 0 ]; then read -r -a ex_versions <<< "${WEBTIER_FIXTURES_EXAMPLES:-}"
else read -r -a ex_versions <<< "${WEBTIER_FIXTURES_EXAMPLES-10.1.60}"; fi
for v in "${ex_versions[@]}"; do
  [ -n "${TOMCAT10[$v]:-}" ] || { log "no examples recipe for Tomcat $v (known: ${!TOMCAT10[*]})"; exit 2; }
  [ -f "$OUT/tomcat10-examples-$v.war" ] || build_examples "$v"
done

# --- tomcat-connectors (mod_jk) source ---------------------------------------------------
if ! ls "$OUT"/tomcat-connectors-*-src.tar.gz >/dev/null 2>&1; then
  # trixie's source package carries tomcat-connectors 1.2.50 (bookworm's is 1.2.48)
  ls "$APTDIR"/src/libapache-mod-jk_*.orig.tar.* >/dev/null 2>&1 || fetch_source trixie libapache-mod-jk '\.orig\.tar\.gz'
  orig=$(find "$APTDIR/src" -maxdepth 1 -name 'libapache-mod-jk_*.orig.tar.*' | sort -V | tail -n1)
  ver=$(basename "$orig" | sed -E 's/^libapache-mod-jk_([0-9.]+)\.orig.*/\1/')
  cp "$orig" "$OUT/tomcat-connectors-$ver-src.tar.${orig##*.tar.}"
  log "copied mod_jk source $ver"
fi
ls -l "$OUT"
