#!/bin/bash
# Monitoring Lab test bed -- builds the TEST-ONLY Elasticsearch engine (real Elasticsearch from Maven Central,
# embedded by a small launcher; see README.md) into a cache directory outside the clone:
#
#   ${MLAB_CACHE:-$HOME/.cache/monitoring-lab}/es-engine/<content-hash>/
#     bin/elasticsearch          start script (ES_JAVA_OPTS, settings from env vars with dots, -Ekey=value)
#     lib/*.jar                  Elasticsearch server + its libraries (Java module path)
#     modules/transport-netty4/  the real HTTP/transport module
#     modules/mlab-test-compat/  our small test-only plugin (GET /, GET/DELETE _data_stream)
#     launcher/                  EsLauncher (new Node(...))
#     jre/                       a Java runtime copied from a JDK 21+ on this machine
#     config/ data/ logs/ plugins/
#
# Rebuilds only when the inputs (pom.xml, sources, this script, bin/, the JDK version) changed.
# Prints the engine directory as the last line on stdout; everything else goes to stderr.
# Variables: MLAB_CACHE, MLAB_ES_JDK (a JDK >= 21 with javac; default: the Temurin 25 JDK
# under /usr/lib/jvm, else JAVA_HOME), MLAB_ES_FORCE=1 to rebuild anyway.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_ROOT="${MLAB_CACHE:-$HOME/.cache/monitoring-lab}/es-engine"

say() { printf '[es-engine] %s\n' "$*" >&2; }
die() { printf '[es-engine] ERROR: %s\n' "$*" >&2; exit 1; }

java_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }

find_jdk() {
  local c
  for c in "${MLAB_ES_JDK:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 "${JAVA_HOME:-}"; do
    [[ -n "$c" && -x "$c/bin/javac" && -x "$c/bin/jar" ]] || continue
    local m; m="$(java_major "$c")"
    [[ -n "$m" && "$m" -ge 21 ]] && { printf '%s\n' "$c"; return 0; }
  done
  return 1
}
JDK="$(find_jdk)" || die "no JDK >= 21 with javac found; set MLAB_ES_JDK"
command -v mvn >/dev/null || die "mvn not found (Debian package maven)"

# Content hash of everything that decides the result.
hash="$(
  cd "$HERE"
  {
    find pom.xml build.sh bin config src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    printf 'jdk=%s\n' "$(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$JDK/release")"
  } | sha256sum | cut -c1-16
)"
OUT="$CACHE_ROOT/$hash"
if [[ -f "$OUT/.complete" && "${MLAB_ES_FORCE:-0}" != 1 ]]; then
  say "engine up to date: $OUT"
  printf '%s\n' "$OUT"
  exit 0
fi

mkdir -p "$CACHE_ROOT"
WORK="$(mktemp -d "$CACHE_ROOT/.build-$hash.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
T="$WORK/engine"
mkdir -p "$T"/{bin,lib,launcher,modules/transport-netty4,modules/mlab-test-compat,config,data,logs,plugins} "$WORK/deps" "$WORK/classes"
t0=$SECONDS

say "resolving Elasticsearch jars from Maven Central (mvn; cached in ~/.m2)"
mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies \
  -DoutputDirectory="$WORK/deps" -DincludeScope=runtime >"$WORK/mvn.log" 2>&1 ||
  { tail -n 30 "$WORK/mvn.log" >&2; die "mvn dependency:copy-dependencies failed"; }

for j in "$WORK"/deps/*.jar; do
  case "$(basename "$j")" in
    transport-netty4-*.jar | netty-*.jar) cp "$j" "$T/modules/transport-netty4/" ;;
    *) cp "$j" "$T/lib/" ;;
  esac
done
server_jar="$(ls "$T"/lib/elasticsearch-[0-9]*.jar)"
ES_VERSION="$(basename "$server_jar" .jar)"; ES_VERSION="${ES_VERSION#elasticsearch-}"
# The published module jar carries its own descriptor (and entitlement policy) under META-INF/es-plugins/.
(cd "$T/modules/transport-netty4" && "$JDK/bin/jar" xf transport-netty4-*.jar META-INF/es-plugins/transport-netty4/plugin-descriptor.properties &&
  mv META-INF/es-plugins/transport-netty4/plugin-descriptor.properties . && rm -rf META-INF)
[[ -f "$T/modules/transport-netty4/plugin-descriptor.properties" ]] || die "no plugin descriptor in transport-netty4 jar"

say "compiling launcher and test-only compat plugin against Elasticsearch $ES_VERSION"
CP="$(ls "$T"/lib/*.jar | tr '\n' ':')"
"$JDK/bin/javac" --release 21 -nowarn -Xlint:none -d "$WORK/classes/launcher" -cp "$CP" \
  $(find "$HERE/src/launcher" -name '*.java') 2>&1 | grep -v '^Note:' >&2 || true
"$JDK/bin/javac" --release 21 -nowarn -Xlint:none -d "$WORK/classes/compat" -cp "$CP" \
  $(find "$HERE/src/compat-plugin" -name '*.java') 2>&1 | grep -v '^Note:' >&2 || true
[[ -f "$WORK/classes/launcher/dev/mlab/esengine/EsLauncher.class" ]] || die "launcher did not compile"
[[ -f "$WORK/classes/compat/dev/mlab/esengine/compat/CompatPlugin.class" ]] || die "compat plugin did not compile"
"$JDK/bin/jar" cf "$T/launcher/mlab-es-launcher.jar" -C "$WORK/classes/launcher" .
"$JDK/bin/jar" cf "$T/modules/mlab-test-compat/mlab-test-compat.jar" -C "$WORK/classes/compat" .
cat >"$T/modules/mlab-test-compat/plugin-descriptor.properties" <<EOF
description=Monitoring Lab TEST-ONLY gaps: GET / and GET/DELETE _data_stream (modules not on Maven Central)
version=$ES_VERSION
name=mlab-test-compat
classname=dev.mlab.esengine.compat.CompatPlugin
java.version=21
elasticsearch.version=$ES_VERSION
EOF

# A copy of the JDK's runtime (no jlink: the server's entitlement module `requires jdk.jlink`, and a JDK
# without packaged modules -- Temurin 25 -- refuses to link jdk.jlink into a new image).
say "Java runtime: copying $JDK (without sources, headers, man pages)"
mkdir -p "$T/jre"
cp -a "$JDK/bin" "$JDK/conf" "$JDK/lib" "$JDK/release" "$T/jre/"
[[ -d "$JDK/legal" ]] && cp -a "$JDK/legal" "$T/jre/"
rm -f "$T/jre/lib/src.zip" "$T/jre/lib/ct.sym"

# Elastic's own native libraries (libzstd, libvec) are not on Maven Central. zstd is needed by the
# best_compression codec: point the server at the distribution's libzstd (Debian: libzstd1), by absolute path,
# so the same link works on the host and in the image (both Debian, same multiarch path).
zstd="$(ls /usr/lib/x86_64-linux-gnu/libzstd.so.1 2>/dev/null || true)"
if [[ -n "$zstd" ]]; then
  mkdir -p "$T/lib/platform/linux-x64"
  ln -s /usr/lib/x86_64-linux-gnu/libzstd.so.1 "$T/lib/platform/linux-x64/libzstd.so"
else
  say "WARNING: no /usr/lib/x86_64-linux-gnu/libzstd.so.1 (package libzstd1): index.codec=best_compression will fail"
fi
if command -v cc >/dev/null; then
  mkdir -p "$T/lib/platform/linux-x64"
  cc -O2 -shared -fPIC -o "$T/lib/platform/linux-x64/libvec.so" "$HERE/src/native/vec_stub.c" ||
    die "could not compile src/native/vec_stub.c"
else
  say "WARNING: no C compiler: no libvec stub, so the server disables native access (zstd, best_compression)"
fi
cp "$HERE/bin/elasticsearch" "$T/bin/elasticsearch"
cp "$HERE/config/log4j2.properties" "$T/config/log4j2.properties"
chmod 0755 "$T/bin/elasticsearch"
printf 'es_version=%s\nhash=%s\njdk=%s\n' "$ES_VERSION" "$hash" "$(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$JDK/release")" >"$T/ENGINE-INFO"
touch "$T/.complete"

rm -rf "$OUT"
mv "$T" "$OUT"
ln -sfn "$hash" "$CACHE_ROOT/current"
# Drop older builds (keep the current one only).
find "$CACHE_ROOT" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/[0-9a-f]{16}' ! -name "$hash" -exec rm -rf {} +
say "built $OUT in $((SECONDS - t0)) s ($(du -sm "$OUT" | cut -f1) MB)"
printf '%s\n' "$OUT"
