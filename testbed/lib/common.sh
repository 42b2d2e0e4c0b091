# shellcheck shell=bash disable=SC2034  # (variables here are used by the files that source this one)
# Shared paths and helpers for the Monitoring Lab test bed.
# Sourced by bed.sh and by the other lib/*.sh files; safe to source more than once.

[[ -n "${_MLAB_COMMON_SH:-}" ]] && return 0
_MLAB_COMMON_SH=1

MLAB_TESTBED_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Everything the bed creates lives under the cache root, so a warm run reuses it
# and `rm -rf "$MLAB_CACHE"` is a full reset.
MLAB_CACHE="${MLAB_CACHE:-$HOME/.cache/monitoring-lab}"
MLAB_BED_DIR="$MLAB_CACHE/bed"
MLAB_SOCK="$MLAB_BED_DIR/docker.sock"
MLAB_DATA_ROOT="$MLAB_BED_DIR/root"
MLAB_EXEC_ROOT="$MLAB_BED_DIR/exec"
MLAB_DOCKER_PID="$MLAB_BED_DIR/docker.pid"
MLAB_DOCKER_LOG="$MLAB_BED_DIR/dockerd.log"
MLAB_LOG_DIR="$MLAB_BED_DIR/logs"
MLAB_ENV_FILE="$MLAB_BED_DIR/bed.env"

MLAB_REGISTRY_PORT="${MLAB_REGISTRY_PORT:-5055}"
MLAB_REGISTRY="127.0.0.1:$MLAB_REGISTRY_PORT"
MLAB_REGISTRY_DIR="$MLAB_BED_DIR/registry"
MLAB_REGISTRY_PID="$MLAB_BED_DIR/registry.pid"
MLAB_REGISTRY_LOG="$MLAB_BED_DIR/registry.log"
MLAB_REGISTRY_CONFIG="$MLAB_BED_DIR/registry.yml"

# The image label that records the content hash an image was built from.
MLAB_HASH_LABEL="org.monitoring-lab.testbed.hash"

# Image references. The stand-ins carry the exact references the product uses,
# so the product's "image present -> skip pull" path runs unchanged in tests.
MLAB_IMAGE_BASE="mlab-testbed/debian:bookworm"
MLAB_IMAGE_PYTHON="python:3.11-slim-bookworm"
MLAB_IMAGE_PROMETHEUS="prom/prometheus:v2.42.0"
MLAB_IMAGE_NODE_EXPORTER="prom/node-exporter:v1.5.0"
MLAB_IMAGE_ELASTICSEARCH="docker.elastic.co/elasticsearch/elasticsearch:9.5.3"

# Only our own engine, never a system one that may exist on the machine.
export DOCKER_HOST="unix://$MLAB_SOCK"
# The engine has no buildx: BuildKit builds fail, the legacy builder works.
export DOCKER_BUILDKIT=0

log()  { printf '[bed] %s\n' "$*" >&2; }
warn() { printf '[bed] WARNING: %s\n' "$*" >&2; }
die()  { printf '[bed] ERROR: %s\n' "$*" >&2; exit 1; }

# now: seconds since the epoch with milliseconds, for phase timings.
now() { date +%s.%3N; }

# elapsed START: seconds since START, one decimal.
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }

# pid_from_file FILE: prints the pid in FILE if that process is alive.
pid_from_file() {
  local file="$1" pid
  [[ -s "$file" ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  printf '%s\n' "$pid"
}

# group_alive PGID: true while any process of that process group exists.
group_alive() { kill -0 -- "-$1" 2>/dev/null; }

# stop_group NAME PIDFILE [TIMEOUT]: stops the process group led by the pid in
# PIDFILE. The leader gets SIGTERM first so it can shut down its children in
# order (dockerd stops containers and its containerd); what is left of the group
# then gets SIGTERM, and SIGKILL when the timeout runs out. Never by name.
stop_group() {
  local name="$1" pidfile="$2" timeout="${3:-30}" pid pgid deadline
  if ! pid="$(pid_from_file "$pidfile")"; then
    log "$name: not running"
    rm -f "$pidfile"
    return 0
  fi
  pgid="$(ps -o pgid= -p "$pid" | tr -d ' ')"
  if [[ "$pgid" != "$pid" ]]; then
    # Not a group leader (started by something else): stop only that pid.
    warn "$name (pid $pid) does not lead its own process group; stopping only that pid"
    pgid=""
  fi
  log "$name: stopping pid $pid${pgid:+ (process group $pgid)}"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if [[ -n "$pgid" ]] && group_alive "$pgid"; then
    kill -TERM -- "-$pgid" 2>/dev/null || true
    while group_alive "$pgid" && ((SECONDS < deadline)); do sleep 0.2; done
  fi
  if kill -0 "$pid" 2>/dev/null || { [[ -n "$pgid" ]] && group_alive "$pgid"; }; then
    warn "$name did not stop within ${timeout} s; sending SIGKILL"
    if [[ -n "$pgid" ]]; then kill -KILL -- "-$pgid" 2>/dev/null || true; else kill -KILL "$pid" 2>/dev/null || true; fi
    local i
    for i in $(seq 1 25); do
      kill -0 "$pid" 2>/dev/null || { [[ -n "$pgid" ]] && group_alive "$pgid"; } || break
      sleep 0.2
    done
  fi
  if kill -0 "$pid" 2>/dev/null; then
    die "$name (pid $pid) is still running after SIGKILL"
  fi
  rm -f "$pidfile"
  log "$name: stopped"
}

# start_group PIDFILE LOG CMD...: starts CMD in a new session (so it leads its
# own process group and can be stopped as a group), output to LOG. The pid is
# written by the process itself just before exec, so it is always the real one.
start_group() {
  local pidfile="$1" logfile="$2"
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016  # $$ and $@ are for the inner bash
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  local i
  for i in $(seq 1 50); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.1
  done
  die "could not start $1 (no pidfile $pidfile after 5 s); see $logfile"
}
