#!/usr/bin/env bash
# Fixes what the linters can fix by themselves, across the whole repository:
# eslint --fix (e.g. `import type` for type-only imports), prettier --write, ruff check --fix and ruff format.
# Then `npm run lint` (or `npx eslint .`) shows what is left for a person. Review the diff before committing.
# Arguments, if any, replace the whole repository as the paths ESLint and Prettier work on.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
bin="$repo/node_modules/.bin"
paths=("$@")
[ "${#paths[@]}" -eq 0 ] && paths=(.)

rc=0
# ESLint first: its fixes (split type imports) change lines Prettier then lays out.
"$bin/eslint" --fix --no-warn-ignored -- "${paths[@]}" || rc=1
"$bin/prettier" --write --ignore-unknown --log-level warn -- "${paths[@]}" || rc=1
if venv=$(bash "$repo/scripts/app-venv.sh"); then
  "$venv/bin/ruff" check --fix --no-cache . || rc=1
  "$venv/bin/ruff" format --no-cache . || rc=1
else
  rc=1
fi
# Non-zero when findings remain that need a person (the fixes above are kept either way).
exit "$rc"
