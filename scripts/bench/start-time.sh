#!/usr/bin/env bash
# Start → all healthy, lite profile, images present: Monitoring Lab's orchestrator (dist/cli.js up, which ends when
# every service answers its healthcheck's question; `status` is checked right after to say healthy too) next to
# `docker-compose up -d` plus waiting for the same health checks, on the same engine and images, both on a
# compose bridge network with ports on 127.0.0.1. Each side runs RUNS times from nothing (containers and
# volumes removed before every run), the two alternating which goes first. Needs the test bed: bash testbed/bed.sh up.
# The baseline is Debian's docker-compose 1.29 (Compose v2 is not available here); it predates the top-level
# `name:` key, so it gets a copy of compose.yaml without that line (the project name comes from .env).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
RUNS=${RUNS:-3}
source "$(bash testbed/bed.sh env)"
command -v docker-compose >/dev/null || apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
[ -f dist/cli.js ] || npm run -s build
work=$(mktemp -d)
trap 'node dist/cli.js reset --project mlab-bench-ours --lab-dir "$work/ours" >/dev/null 2>&1 || true; (cd "$work/compose" 2>/dev/null && docker-compose -f compose.v1.yaml down -v >/dev/null 2>&1) || true; rm -rf "$work"' EXIT

ports() { # base → the CLI's port flags
  echo "--port-app $(( $1 )) --port-elasticsearch $(( $1 + 1 )) --port-prometheus $(( $1 + 2 )) --port-node-exporter $(( $1 + 3 )) --port-kibana $(( $1 + 4 )) --port-grafana $(( $1 + 5 ))"
}
ours_flags="--project mlab-bench-ours --lab-dir $work/ours --network-mode bridge --build-host-network $(ports 28500)"

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Warm-up: builds the app image once (both sides then find it present) and renders the lab folder.
node dist/cli.js up $ours_flags >/dev/null
ours_dir=$(ls -d "$work"/ours/stack-*)
mkdir -p "$work/compose"
cp -r "$ours_dir"/. "$work/compose/"
sed '/^name: /d' "$ours_dir/compose.yaml" > "$work/compose/compose.v1.yaml"
sed -i 's/^COMPOSE_PROJECT_NAME=.*/COMPOSE_PROJECT_NAME=mlab-bench-compose/; s/^LAB_APP_PORT=.*/LAB_APP_PORT=28600/; s/^LAB_ELASTICSEARCH_PORT=.*/LAB_ELASTICSEARCH_PORT=28601/; s/^LAB_PROMETHEUS_PORT=.*/LAB_PROMETHEUS_PORT=28602/; s/^LAB_NODE_EXPORTER_PORT=.*/LAB_NODE_EXPORTER_PORT=28603/' "$work/compose/.env"

run_ours() {
  node dist/cli.js reset $ours_flags >/dev/null
  local t0 st; t0=$(now_ms); node dist/cli.js up $ours_flags >/dev/null; ours+=($(( $(now_ms) - t0 )))
  # Outside the timing: what `up` said is what `status` says right after it (every service healthy).
  st=$(LANG=C node dist/cli.js status $ours_flags)
  [ "$(grep -cw healthy <<<"$st")" -eq 4 ] || { echo "run $i: up returned, but status says:" >&2; echo "$st" >&2; exit 1; }
  node dist/cli.js reset $ours_flags >/dev/null
}
run_compose() {
  (cd "$work/compose" && docker-compose -f compose.v1.yaml down -v >/dev/null 2>&1 || true)
  local t0 deadline ids states; t0=$(now_ms)
  (cd "$work/compose" && docker-compose -f compose.v1.yaml up -d >/dev/null 2>&1)
  deadline=$(( $(date +%s) + 300 ))
  while :; do
    ids=$(docker ps -aq --filter label=com.docker.compose.project=mlab-bench-compose)
    states=$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' $ids)
    [ "$(echo "$states" | grep -c healthy)" -eq 4 ] && break
    [ "$(date +%s)" -gt "$deadline" ] && { echo "compose run $i: not healthy after 300 s: $states" >&2; exit 1; }
    sleep 0.2
  done
  compose+=($(( $(now_ms) - t0 )))
  (cd "$work/compose" && docker-compose -f compose.v1.yaml down -v >/dev/null 2>&1)
}

ours=(); compose=()
for i in $(seq "$RUNS"); do
  # Alternating which side goes first: on a shared machine the load drifts, and a fixed order would hand the
  # second side of every pair the same bias.
  if (( i % 2 )); then run_ours; run_compose; else run_compose; run_ours; fi
  echo "run $i: monitoring-lab ${ours[-1]} ms, docker-compose + health wait ${compose[-1]} ms (load $(cut -d' ' -f1 /proc/loadavg))"
done
echo "median start → all healthy (lite, images present, $RUNS runs): monitoring-lab $(printf '%s\n' "${ours[@]}" | median) ms, docker-compose 1.29 $(printf '%s\n' "${compose[@]}" | median) ms"

# Figures for docs/benchmarks.md (scripts/bench/all.mjs), also printed: the ratio per run pair, and both sides.
p95() { sort -n | awk '{a[NR]=$1} END {i=int(0.95*NR+0.999); if(i<1)i=1; print a[i]}'; }
ratios=(); for i in "${!ours[@]}"; do ratios+=("$(awk -v o="${ours[$i]}" -v c="${compose[$i]}" 'BEGIN {printf "%.3f", o/c}')"); done
ours_med=$(printf '%s\n' "${ours[@]}" | median); compose_med=$(printf '%s\n' "${compose[@]}" | median)
ratio_med=$(printf '%s\n' "${ratios[@]}" | median); ratio_p95=$(printf '%s\n' "${ratios[@]}" | p95)
met=$(awk -v r="$ratio_med" 'BEGIN {print (r <= 0.85) ? "true" : "false"}')
figure() {
  echo "FIGURE $1"
  [ -n "${MLAB_BENCH_RESULTS:-}" ] && echo "$1" >> "$MLAB_BENCH_RESULTS"
  return 0
}
figure "{\"id\":\"start.ratio\",\"figure\":\"start → all healthy (lite, images present): monitoring-lab ÷ docker-compose 1.29 + the same health waits, per run pair\",\"unit\":\"ratio\",\"median\":$ratio_med,\"p95\":$ratio_p95,\"samples\":$RUNS,\"goal\":\"median ≤ 0.85\",\"met\":$met,\"command\":\"RUNS=$RUNS bash scripts/bench/start-time.sh\"}"
figure "{\"id\":\"start.ours\",\"figure\":\"monitoring-lab up → all healthy (lite, images present)\",\"unit\":\"ms\",\"median\":$ours_med,\"p95\":$(printf '%s\n' "${ours[@]}" | p95),\"samples\":$RUNS,\"command\":\"RUNS=$RUNS bash scripts/bench/start-time.sh\"}"
figure "{\"id\":\"start.compose\",\"figure\":\"docker-compose 1.29 up -d + waiting for the same health checks\",\"unit\":\"ms\",\"median\":$compose_med,\"p95\":$(printf '%s\n' "${compose[@]}" | p95),\"samples\":$RUNS,\"command\":\"RUNS=$RUNS bash scripts/bench/start-time.sh\"}"
