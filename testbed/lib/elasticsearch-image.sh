# shellcheck shell=bash
# Monitoring Lab test bed -- builds the Elasticsearch STAND-IN image (test-only), tagged with the exact reference
# the product uses, docker.elastic.co/elasticsearch/elasticsearch:9.5.3, so its "image present -> skip pull"
# path runs unchanged. Inside: real Elasticsearch 9.5.3 from Maven Central, embedded by a small launcher
# (testbed/es-engine/README.md says what differs from the official image).
#
# Run by `bed.sh up` as a hook once the base image exists:   bash testbed/lib/elasticsearch-image.sh
# or sourced, then:                                          build_elasticsearch_image
# Steps: es-engine/build.sh (cached by content hash under $MLAB_CACHE/es-engine/), stage the engine + Dockerfile
# into $MLAB_CACHE/es-engine/image-context, then build_image from lib/images.sh (rebuilds only when the
# context's hash or the base image changed; `docker build --network host` so apt reaches the mirror).

_MLAB_ES_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=images.sh
source "$_MLAB_ES_LIB/images.sh"

build_elasticsearch_image() {
  local testbed engine ctx t0
  testbed="$(dirname "$_MLAB_ES_LIB")"
  t0="$(now)"
  engine="$(MLAB_CACHE="$MLAB_CACHE" bash "$testbed/es-engine/build.sh" | tail -n 1)" ||
    die "es-engine/build.sh failed"
  [[ -f "$engine/.complete" ]] || die "es-engine/build.sh gave no engine directory (got '$engine')"
  log "es-engine ready: $engine ($(elapsed "$t0") s)"

  ctx="$MLAB_CACHE/es-engine/image-context"
  rm -rf "$ctx.tmp"
  mkdir -p "$ctx.tmp"
  cp -a "$testbed/images/elasticsearch/." "$ctx.tmp/"
  # Hard links: no second copy of the ~290 MB engine in the cache (same file system).
  cp -al "$engine" "$ctx.tmp/es" 2>/dev/null || cp -a "$engine" "$ctx.tmp/es"
  rm -rf "$ctx.tmp/es/data" "$ctx.tmp/es/logs"
  rm -rf "$ctx"
  mv "$ctx.tmp" "$ctx"

  build_image "$MLAB_IMAGE_ELASTICSEARCH" "$ctx" "$MLAB_IMAGE_BASE"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  build_elasticsearch_image "$@"
fi
