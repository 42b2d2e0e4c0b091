#!/usr/bin/env bash
# Monitoring Lab test bed: a private Docker engine, stand-in images carrying the
# exact references the product uses, and a local registry for the pull path.
#
#   bash testbed/bed.sh up      # idempotent; cold ~minutes, warm ~seconds
#   bash testbed/bed.sh down    # stops registry + engine (by pidfile); keeps the image cache
#   bash testbed/bed.sh status  # what runs, which images
#   bash testbed/bed.sh env     # path of the env file tests `source`
#
# Everything lives under $MLAB_CACHE (default ~/.cache/monitoring-lab); the
# engine's data-root persists, so images survive `down` and warm runs are fast.
# Containers must use host networking (the engine has no bridge) and tests talk
# to 127.0.0.1 only.
#
# Stand-in images (test only; built from Debian packages, tagged with the exact
# references the product uses, pushed to $MLAB_REGISTRY too):
#   python:3.11-slim-bookworm   Debian python3 3.11.2 + pip/venv; trusts the host CA bundle
#   prom/prometheus:v2.42.0     Debian prometheus 2.42.0+ds, official paths/user/CMD
#   prom/node-exporter:v1.5.0   Debian prometheus-node-exporter 1.5.0, official paths/user
#   docker.elastic.co/elasticsearch/elasticsearch:9.5.3  via lib/elasticsearch-image.sh, if present
# plus their parent mlab-testbed/debian:bookworm (debootstrap minbase).
set -euo pipefail

BED_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BED_DIR/lib/common.sh"
source "$BED_DIR/lib/packages.sh"
source "$BED_DIR/lib/dockerd.sh"
source "$BED_DIR/lib/images.sh"
source "$BED_DIR/lib/registry.sh"

# The Elasticsearch stand-in is built by someone else's hook, if present.
ES_HOOK="$BED_DIR/lib/elasticsearch-image.sh"

# Stand-ins pushed to the local registry (the Elasticsearch one is added if the hook built it).
STANDIN_IMAGES=("$MLAB_IMAGE_PYTHON" "$MLAB_IMAGE_PROMETHEUS" "$MLAB_IMAGE_NODE_EXPORTER")

usage() {
  sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

# phase NAME FUNCTION...: runs FUNCTION and prints its wall time.
phase() {
  local name="$1" t0
  shift
  t0="$(now)"
  "$@"
  printf '[bed] phase %-10s %6s s\n' "$name" "$(elapsed "$t0")" >&2
}

build_images() {
  build_base_image
  build_image "$MLAB_IMAGE_PYTHON" "$BED_DIR/images/python" "$MLAB_IMAGE_BASE"
  build_image "$MLAB_IMAGE_PROMETHEUS" "$BED_DIR/images/prometheus" "$MLAB_IMAGE_BASE"
  build_image "$MLAB_IMAGE_NODE_EXPORTER" "$BED_DIR/images/node-exporter" "$MLAB_IMAGE_BASE"
}

# The hook runs as its own bash process (its `exit` or `set -e` cannot end
# bed.sh half-way); it gets DOCKER_HOST, DOCKER_BUILDKIT and MLAB_CACHE in its
# environment and can `source "$(dirname "$0")/images.sh"` for build_image.
run_es_hook() {
  if [[ ! -f "$ES_HOOK" ]]; then
    log "no $ES_HOOK; skipping the Elasticsearch stand-in"
    return 0
  fi
  log "running $ES_HOOK"
  MLAB_CACHE="$MLAB_CACHE" bash "$ES_HOOK" || die "$ES_HOOK failed"
}

publish_images() {
  local tag
  for tag in "${STANDIN_IMAGES[@]}"; do publish_image "$tag"; done
  if [[ -n "$(image_hash "$MLAB_IMAGE_ELASTICSEARCH")" ]]; then
    publish_image "$MLAB_IMAGE_ELASTICSEARCH"
  fi
}

write_env_file() {
  local tmp="$MLAB_ENV_FILE.tmp"
  {
    echo "# Written by testbed/bed.sh up on $(date -Is). Source it: . \"$MLAB_ENV_FILE\""
    printf 'export MLAB_CACHE=%q\n' "$MLAB_CACHE"
    printf 'export DOCKER_HOST=%q\n' "unix://$MLAB_SOCK"
    echo "export DOCKER_BUILDKIT=0"
    printf 'export MLAB_REGISTRY=%q\n' "$MLAB_REGISTRY"
    printf 'export MLAB_IMAGE_BASE=%q\n' "$MLAB_IMAGE_BASE"
    printf 'export MLAB_IMAGE_PYTHON=%q\n' "$MLAB_IMAGE_PYTHON"
    printf 'export MLAB_IMAGE_PROMETHEUS=%q\n' "$MLAB_IMAGE_PROMETHEUS"
    printf 'export MLAB_IMAGE_NODE_EXPORTER=%q\n' "$MLAB_IMAGE_NODE_EXPORTER"
    if [[ -n "$(image_hash "$MLAB_IMAGE_ELASTICSEARCH")" ]]; then
      printf 'export MLAB_IMAGE_ELASTICSEARCH=%q\n' "$MLAB_IMAGE_ELASTICSEARCH"
    fi
  } >"$tmp"
  mv "$tmp" "$MLAB_ENV_FILE"
  log "env file: $MLAB_ENV_FILE"
}

cmd_up() {
  local t0
  t0="$(now)"
  mkdir -p "$MLAB_BED_DIR" "$MLAB_LOG_DIR"
  # One `up` at a time: two concurrent ones would start two engines on one data-root.
  exec 9>"$MLAB_BED_DIR/up.lock"
  flock -w 900 9 || die "another bed.sh up holds $MLAB_BED_DIR/up.lock for over 15 minutes"
  phase packages ensure_host_packages
  phase dockerd dockerd_start
  phase images build_images
  phase es-hook run_es_hook
  phase registry registry_start
  phase push publish_images
  phase env write_env_file
  printf '[bed] up: total %s s\n' "$(elapsed "$t0")" >&2
}

cmd_down() {
  # Registry first: it does not depend on the engine, but the engine's
  # containers may be using it.
  registry_stop
  dockerd_stop
  log "down; image cache kept in $MLAB_DATA_ROOT"
}

cmd_status() {
  dockerd_status
  registry_status
  if docker_answers; then
    local tag hash
    for tag in "$MLAB_IMAGE_BASE" "${STANDIN_IMAGES[@]}" "$MLAB_IMAGE_ELASTICSEARCH"; do
      hash="$(image_hash "$tag")"
      if [[ -n "$hash" ]]; then
        printf 'image:    %-55s %8s  hash %s\n' "$tag" "$(image_size "$tag")" "${hash:0:12}"
      else
        printf 'image:    %-55s (not built)\n' "$tag"
      fi
    done
  fi
  printf 'env file: %s%s\n' "$MLAB_ENV_FILE" "$([[ -f "$MLAB_ENV_FILE" ]] || echo ' (not written yet)')"
}

main() {
  case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) printf '%s\n' "$MLAB_ENV_FILE" ;;
    -h | --help | help) usage 0 ;;
    *) usage 2 >&2 ;;
  esac
}

main "$@"
