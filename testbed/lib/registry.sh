# shellcheck shell=bash
# A local registry (Debian's docker-registry, i.e. distribution 2.8) on
# 127.0.0.1:$MLAB_REGISTRY_PORT, so tests can exercise the product's pull path.
# The engine talks plain http to 127.0.0.1 registries without extra flags.
source "$(dirname "${BASH_SOURCE[0]}")/images.sh"

MLAB_REGISTRY_TIMEOUT="${MLAB_REGISTRY_TIMEOUT:-15}"

registry_answers() {
  curl -fsS --noproxy '*' --max-time 2 -o /dev/null "http://$MLAB_REGISTRY/v2/" 2>/dev/null
}

write_registry_config() {
  mkdir -p "$MLAB_REGISTRY_DIR"
  # Loopback only; no debug listener (it would open another port).
  cat >"$MLAB_REGISTRY_CONFIG" <<EOF
# Written by testbed/bed.sh; regenerated on every start.
version: 0.1
log:
  level: warn
  fields:
    service: mlab-testbed-registry
storage:
  filesystem:
    rootdirectory: $MLAB_REGISTRY_DIR
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: $MLAB_REGISTRY
  headers:
    X-Content-Type-Options: [nosniff]
EOF
}

registry_start() {
  command -v docker-registry >/dev/null || die "docker-registry not found (package docker-registry missing?)"
  if registry_answers; then
    if pid_from_file "$MLAB_REGISTRY_PID" >/dev/null; then
      log "registry already answers on $MLAB_REGISTRY"
      return 0
    fi
    die "something else already answers on $MLAB_REGISTRY (no bed registry pidfile $MLAB_REGISTRY_PID); set MLAB_REGISTRY_PORT"
  fi
  local pid
  if pid="$(pid_from_file "$MLAB_REGISTRY_PID")"; then
    log "registry (pid $pid) running but not answering yet; waiting"
  else
    write_registry_config
    printf '\n==== %s bed.sh starting registry ====\n' "$(date -Is)" >>"$MLAB_REGISTRY_LOG"
    start_group "$MLAB_REGISTRY_PID" "$MLAB_REGISTRY_LOG" docker-registry serve "$MLAB_REGISTRY_CONFIG"
    pid="$(tr -dc '0-9' <"$MLAB_REGISTRY_PID")"
  fi
  local deadline=$((SECONDS + MLAB_REGISTRY_TIMEOUT))
  until registry_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$MLAB_REGISTRY_LOG" >&2 || true
      die "registry (pid $pid) exited during start-up; see $MLAB_REGISTRY_LOG"
    fi
    ((SECONDS < deadline)) || die "registry did not answer on http://$MLAB_REGISTRY/v2/ within ${MLAB_REGISTRY_TIMEOUT} s; see $MLAB_REGISTRY_LOG"
    sleep 0.2
  done
  log "registry (pid $pid) answers on $MLAB_REGISTRY"
}

registry_stop() { stop_group registry "$MLAB_REGISTRY_PID" 15; }

registry_status() {
  local pid
  if pid="$(pid_from_file "$MLAB_REGISTRY_PID")"; then
    if registry_answers; then
      printf 'registry: running, pid %s, http://%s (storage %s)\n' "$pid" "$MLAB_REGISTRY" "$MLAB_REGISTRY_DIR"
    else
      printf 'registry: pid %s alive but not answering on %s\n' "$pid" "$MLAB_REGISTRY"
    fi
  else
    printf 'registry: not running\n'
  fi
}

# publish_image TAG: pushes TAG as $MLAB_REGISTRY/TAG unless the registry already
# got this build. The marker lives inside the registry's storage, so wiping the
# storage also forgets what was pushed.
publish_image() {
  local tag="$1" hash marker_dir marker remote
  hash="$(image_hash "$tag")"
  [[ -n "$hash" ]] || die "publish_image $tag: image missing or without $MLAB_HASH_LABEL label"
  marker_dir="$MLAB_REGISTRY_DIR/.mlab-pushed"
  marker="$marker_dir/$(safe_name "$tag")"
  remote="$MLAB_REGISTRY/$tag"
  if [[ -f "$marker" && "$(cat "$marker")" == "$hash" ]]; then
    log "registry has $remote (${hash:0:12})"
    return 0
  fi
  local push_log t0
  push_log="$MLAB_LOG_DIR/push-$(safe_name "$tag").log"
  mkdir -p "$marker_dir" "$MLAB_LOG_DIR"
  t0="$(now)"
  docker tag "$tag" "$remote" || die "docker tag $tag $remote failed"
  if ! docker push "$remote" >"$push_log" 2>&1; then
    tail -n 20 "$push_log" >&2
    die "docker push $remote failed; see $push_log"
  fi
  printf '%s\n' "$hash" >"$marker"
  log "pushed $remote in $(elapsed "$t0") s"
}
