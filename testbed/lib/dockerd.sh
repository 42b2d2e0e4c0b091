# shellcheck shell=bash
# The test bed's own Docker engine: its own socket, data-root and exec-root under
# $MLAB_CACHE/bed, so it never clashes with a system engine, and the data-root
# (images) survives between runs.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MLAB_DOCKERD_TIMEOUT="${MLAB_DOCKERD_TIMEOUT:-30}"

docker_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# wait_for_docker TIMEOUT [PID]: polls `docker version` until the engine
# answers; gives up early if PID (the dockerd we started) has exited.
wait_for_docker() {
  local timeout="$1" pid="${2:-}" deadline
  deadline=$(($(date +%s) + timeout))
  while ! docker_answers; do
    if (($(date +%s) >= deadline)); then
      tail -n 20 "$MLAB_DOCKER_LOG" >&2 2>/dev/null || true
      die "dockerd did not answer on $MLAB_SOCK within ${timeout} s; see $MLAB_DOCKER_LOG"
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$MLAB_DOCKER_LOG" >&2 2>/dev/null || true
      die "dockerd (pid $pid) exited during start-up; see $MLAB_DOCKER_LOG"
    fi
    sleep 0.2
  done
}

dockerd_start() {
  command -v dockerd >/dev/null || die "dockerd not found (package docker.io missing?)"
  mkdir -p "$MLAB_BED_DIR" "$MLAB_DATA_ROOT" "$MLAB_EXEC_ROOT"
  if docker_answers; then
    log "dockerd already answers on $MLAB_SOCK"
    return 0
  fi
  local pid
  if pid="$(pid_from_file "$MLAB_DOCKER_PID")"; then
    # Running but not answering yet (another bed.sh just started it): wait for it.
    log "dockerd (pid $pid) is running but not answering yet; waiting"
    wait_for_docker "$MLAB_DOCKERD_TIMEOUT" "$pid"
    return 0
  fi
  rm -f "$MLAB_DOCKER_PID"
  printf '\n==== %s bed.sh starting dockerd ====\n' "$(date -Is)" >>"$MLAB_DOCKER_LOG"
  # --bridge=none and no iptables/forwarding/masquerading: containers use host
  # networking on 127.0.0.1 and nothing can be routed off the machine.
  # setsid: dockerd leads its own process group (with its containerd), so
  # `bed.sh down` can stop exactly that group. In a non-interactive shell the
  # background child is not a group leader, so setsid does not fork and $! is dockerd.
  setsid dockerd \
    --host "unix://$MLAB_SOCK" \
    --data-root "$MLAB_DATA_ROOT" \
    --exec-root "$MLAB_EXEC_ROOT" \
    --pidfile "$MLAB_DOCKER_PID" \
    --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
    </dev/null >>"$MLAB_DOCKER_LOG" 2>&1 9>&- &
  pid=$!
  wait_for_docker "$MLAB_DOCKERD_TIMEOUT" "$pid"
  log "dockerd (pid $pid) answers on $MLAB_SOCK: engine $(docker version --format '{{.Server.Version}}')"
}

dockerd_stop() {
  stop_group dockerd "$MLAB_DOCKER_PID" 60
  unmount_leftovers
}

# unmount_leftovers: dockerd leaves mounts behind in its own dirs after it stops
# (e.g. exec-root/netns/default, an nsfs mount), and they make `rm -rf
# "$MLAB_CACHE"` fail with "Device or resource busy". Only mounts under the
# bed's exec-root and data-root (which dockerd bind-mounts onto itself) are
# touched; deepest first.
unmount_leftovers() {
  local mnt
  if docker_answers; then
    warn "an engine still answers on $MLAB_SOCK; leaving its mounts alone"
    return 0
  fi
  # /proc/mounts escapes spaces as \040; our paths have none, and anything odd is skipped.
  awk -v a="$MLAB_EXEC_ROOT" -v b="$MLAB_DATA_ROOT" \
    '$2 == a || $2 == b || index($2, a "/") == 1 || index($2, b "/") == 1 { print $2 }' /proc/mounts | sort -r |
    while IFS= read -r mnt; do
      umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null ||
        warn "could not unmount $mnt (left by dockerd)"
    done
}

dockerd_status() {
  local pid
  if pid="$(pid_from_file "$MLAB_DOCKER_PID")"; then
    if docker_answers; then
      printf 'dockerd:  running, pid %s, %s, engine %s\n' "$pid" "$DOCKER_HOST" \
        "$(docker version --format '{{.Server.Version}}')"
      printf '          %s containers running, %s images\n' \
        "$(docker ps -q | wc -l)" "$(docker images -q | sort -u | wc -l)"
    else
      printf 'dockerd:  pid %s alive but not answering on %s\n' "$pid" "$MLAB_SOCK"
    fi
  else
    printf 'dockerd:  not running\n'
  fi
}
