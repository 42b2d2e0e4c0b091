#!/usr/bin/env bash
# The whole test suite on a fresh machine, test bed included:
#   deps → test bed (Docker engine, stand-in images, registry) → build → unit → lint (scripts/lint.sh) → app (pytest)
#   → integration (real engine, Elasticsearch-API engine, Prometheus) → end-to-end (code-server) → package.
# (The attach bed starts in the background after the bed phase; its own phase checks it before integration.)
# Every phase runs even when an earlier one failed (so one run shows everything), prints its wall time,
# and the script ends with one summary line "total: N passed, N failed". Exit status is non-zero on any failure.
# MLAB_KEEP_BED=1 leaves the test bed running afterwards (handy during development).
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export MLAB_CACHE="${MLAB_CACHE:-$HOME/.cache/monitoring-lab}"
logs="$repo/artifacts/test-logs"
mkdir -p "$logs"

total_passed=0
total_failed=0
total_skipped=0
failed_phases=()
summary=()

# runner_count LOG MOCHA_WORD PYTEST_WORDS: sums mocha's "  N passing" lines and adds pytest's last
# summary line's counts for the given words (a regex: "failed|errors?" counts collection and fixture errors
# as failures). pytest prints one summary line; mocha one per run. Prints 0 when there is none.
runner_count() {
  local log=$1 mocha_word=$2 pytest_words=$3 mocha pytest
  mocha=$(grep -Eo "^ *[0-9]+ ${mocha_word}" "$log" | awk '{s+=$1} END {print s+0}')
  pytest=$(grep -E "^(=+ )?[0-9]+ (passed|failed|errors?|skipped).* in [0-9.]+s" "$log" | tail -1 | grep -Eo "[0-9]+ (${pytest_words})\b" | awk '{s+=$1} END {print s+0}')
  echo $((mocha + pytest))
}

# The fewest tests each phase may pass (test/phase-floors.txt: "phase count" lines). A phase that passes fewer
# lost tests somewhere (a file no longer compiled, a suite skipped): that is a failure, not a smaller success.
floor_of() {
  awk -v phase="$1" '$1 == phase { print $2 }' "$repo/test/phase-floors.txt" 2>/dev/null
}

# run_phase NAME COMMAND...: runs the command, tees its output to a log, counts passes and failures
# from the runner's own summary lines (mocha: "N passing"/"N failing"; pytest: "N passed"/"N failed").
run_phase() {
  local name=$1; shift
  local log="$logs/$name.log" start=$SECONDS rc passed failed skipped
  echo
  echo "=== phase: $name"
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  passed=$(runner_count "$log" passing passed)
  failed=$(runner_count "$log" failing 'failed|errors?')
  # Skipped tests are shown, never hidden: a suite that stopped at its first failure reports its later steps here.
  skipped=$(runner_count "$log" pending skipped)
  local floor; floor=$(floor_of "$name")
  if [ -n "$floor" ] && [ "$passed" -lt "$floor" ]; then
    echo "=== phase $name: only $passed tests passed, fewer than its floor of $floor (test/phase-floors.txt)"
    [ "$rc" -eq 0 ] && rc=1
  fi
  # A phase that failed without a runner count (e.g. the build, or a floor) still counts as one failure.
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
  [ "$rc" -ne 0 ] && failed_phases+=("$name")
  summary+=("$(printf '%-12s %4ss  exit %-3s %s passed, %s failed, %s skipped' "$name" $((SECONDS - start)) "$rc" "$passed" "$failed" "$skipped")")
  echo "=== phase $name: exit $rc in $((SECONDS - start)) s"
  return 0
}

bed_down() {
  if [ "${MLAB_KEEP_BED:-0}" != "1" ]; then
    bash "$repo/testbed/attach/attach.sh" down >/dev/null 2>&1 || true
    bash "$repo/testbed/bed.sh" down || true
  fi
}
trap bed_down EXIT

install_deps() {
  if [ "${CI:-}" = "true" ] || [ ! -d node_modules ]; then npm ci --no-audit --no-fund; else echo "node_modules present (CI=true forces npm ci)"; fi
}

app_tests() {
  # The app's pinned requirements plus pytest and ruff, made once per set of pins (the lint phase made it already).
  local venv; venv=$(bash scripts/app-venv.sh) || return 1
  "$venv/bin/python" -m pytest test/app -q -p no:cacheprovider
}

build_all() {
  # From nothing: a failed compile must not leave yesterday's out/ or dist/ to be tested.
  rm -rf out dist
  npm run -s build && npm run -s typecheck && npm run -s build:tests
}

bed_up() {
  bash testbed/bed.sh up && source "$(bash testbed/bed.sh env)" && docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}})'
}

package_check() {
  npm run -s package && node scripts/check-vsix.mjs dist/monitoring-lab.vsix
}

run_phase deps install_deps
# code-server (for the e2e phase) installs in the background while the test bed builds: both are minutes
# on a cold machine and independent of each other.
bash testbed/vscode/install.sh > "$logs/vscode-install.log" 2>&1 &
vscode_install_pid=$!
run_phase bed bed_up
# bed_up ran in a subshell of the pipe: load its environment here for the phases that follow.
if [ -f "$MLAB_CACHE/bed/bed.env" ]; then source "$MLAB_CACHE/bed/bed.env"; fi
# The attach bed (testbed/attach: a two-node Elasticsearch behind nginx, Prometheus, the app) starts in the
# background while build, unit and lint run; the attach phase below waits for it and runs its smoke check.
bash testbed/attach/attach.sh up > "$logs/attach-up.log" 2>&1 &
attach_up_pid=$!
run_phase build build_all
run_phase unit npx mocha --config test/unit/.mocharc.json
# ESLint + Prettier on the paths in .lint-scope, ruff on the app (scripts/lint.sh says why a scope).
run_phase lint bash scripts/lint.sh
run_phase app app_tests
attach_up_rc=0
wait "$attach_up_pid" || attach_up_rc=$?
run_phase attach bash -c 'cat "$1"; [ "$2" -eq 0 ] && bash testbed/attach/attach.sh smoke' _ "$logs/attach-up.log" "$attach_up_rc"
run_phase integration npx mocha --config test/integration/.mocharc.json
# Collected here, in the main shell: run_phase runs its command in a pipeline (a subshell), which cannot wait
# for this shell's background job.
vscode_install_rc=0
wait "$vscode_install_pid" || vscode_install_rc=$?
run_phase vscode bash -c 'cat "$1"; exit "$2"' _ "$logs/vscode-install.log" "$vscode_install_rc"
run_phase e2e bash test/e2e/run.sh
run_phase package package_check

echo
echo "=== summary (logs in artifacts/test-logs/)"
printf '%s\n' "${summary[@]}"
[ "$total_skipped" -gt 0 ] && echo "skipped: $total_skipped (see the phase table)"
echo "total: $total_passed passed, $total_failed failed"
if [ "${#failed_phases[@]}" -gt 0 ]; then
  echo "failed phases: ${failed_phases[*]}"
  exit 1
fi
