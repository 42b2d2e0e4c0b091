#!/usr/bin/env bash
# The lab app's Python environment for its tests and its linter: the app's pinned requirements plus
# test/app/requirements-test.txt (pytest, ruff). Made once per set of pins in $MLAB_CACHE/venv-app (rebuilt when
# either file changes), then reused. Prints the environment's directory; progress goes to stderr.
# Used by scripts/test-all.sh (app phase) and scripts/lint.sh (ruff).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache="${MLAB_CACHE:-$HOME/.cache/monitoring-lab}"
venv="$cache/venv-app"
stamp=$(cat "$repo/resources/stack/app/requirements.txt" "$repo/test/app/requirements-test.txt" | sha256sum | cut -c1-16)
# One maker at a time: CI's attach bed (testbed/attach) and its lint phase may ask at the same time.
mkdir -p "$cache"
exec 9>"$cache/venv-app.lock"
flock 9
if [ ! -f "$venv/.stamp-$stamp" ]; then
  echo "app-venv: installing the app's Python requirements into $venv" >&2
  mkdir -p "$cache"
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q -r "$repo/resources/stack/app/requirements.txt" -r "$repo/test/app/requirements-test.txt" >&2
  touch "$venv/.stamp-$stamp"
fi
echo "$venv"
