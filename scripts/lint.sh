#!/usr/bin/env bash
# npm run lint: ESLint (eslint.config.mjs), Prettier --check (.prettierrc.json) and ruff check + ruff format --check
# (ruff.toml). Every tool runs even when an earlier one failed; the exit status is non-zero if any failed.
#
# ESLint and Prettier check the paths listed in .lint-scope (one file, folder or glob a line): `.`, the whole
# repository (what they skip is in eslint.config.mjs's ignores and .prettierignore). ruff checks all of the app's Python.
#
# ruff comes from the app's Python environment (scripts/app-venv.sh: pinned in test/app/requirements-test.txt).
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bin="$repo/node_modules/.bin"

scope=()
while read -r line; do
  line=${line%%#*}
  line=${line%"${line##*[![:space:]]}"}
  [ -z "$line" ] && continue
  # A listed file that is gone (renamed, deleted by later work) is skipped with a note, not an error.
  if [[ "$line" != *[*?[]* ]] && [ ! -e "$line" ]; then echo "lint: .lint-scope lists $line, which does not exist (skipped)"; continue; fi
  scope+=("$line")
done < "$repo/.lint-scope"
if [ "${#scope[@]}" -eq 0 ]; then echo "lint: .lint-scope lists no paths" >&2; exit 2; fi

failed=()
step() {
  local name=$1; shift
  echo "--- lint: $name"
  if "$@"; then echo "--- lint: $name passed"; else echo "--- lint: $name FAILED"; failed+=("$name"); fi
}

# --no-warn-ignored: a listed file ESLint does not lint (JSON) is skipped silently, not a warning.
step eslint "$bin/eslint" --max-warnings 0 --no-warn-ignored --no-error-on-unmatched-pattern -- "${scope[@]}"
# --ignore-unknown: a listed file Prettier has no parser for is skipped; .prettierignore applies to listed files too.
step prettier "$bin/prettier" --check --ignore-unknown --no-error-on-unmatched-pattern --log-level warn -- "${scope[@]}"
if venv=$(bash "$repo/scripts/app-venv.sh"); then
  step "ruff check" "$venv/bin/ruff" check --no-cache .
  step "ruff format" "$venv/bin/ruff" format --check --no-cache .
else
  echo "lint: could not make the app's Python environment (scripts/app-venv.sh)"
  failed+=(ruff)
fi

if [ "${#failed[@]}" -gt 0 ]; then
  echo "lint: FAILED: ${failed[*]} (scripts/lint-fix.sh fixes what can be fixed automatically)"
  exit 1
fi
echo "lint: passed (eslint + prettier on .lint-scope: ${scope[*]}; ruff on the app)"
