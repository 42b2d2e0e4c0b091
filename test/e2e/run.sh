#!/usr/bin/env bash
# End-to-end tests in a real VS Code (code-server 4.139.1 = VS Code 1.139.1) driven by Debian chromium.
# Assumes `npm run build && npm run build:tests` were done. Installs code-server on first use (cached).
#   bash test/e2e/run.sh [extra mocha args, e.g. --grep palette]
# MLAB_E2E_KEEP_TMP=1 keeps the temp folders (user data, logs) for inspection.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

[[ -f dist/extension.js ]] || { echo "[e2e] dist/extension.js missing: run npm run build" >&2; exit 2; }
[[ -f out/test/e2e/suite/index.js && -d out/test/e2e/ui ]] || { echo "[e2e] out/test/e2e missing: run npm run build:tests" >&2; exit 2; }

start=$(date +%s)
bash testbed/vscode/install.sh
mkdir -p artifacts/e2e

set +e
npx --no-install mocha --config test/e2e/.mocharc.json "$@" 2>&1 | tee artifacts/e2e/mocha.log
rc=${PIPESTATUS[0]}
set -e

echo "[e2e] ---- summary ----"
grep -E '^\s+[0-9]+ (passing|failing|pending)' artifacts/e2e/mocha.log | sed 's/^ */[e2e] /' || echo "[e2e] (no mocha summary found)"
echo "[e2e] mocha exit $rc; whole run $(( $(date +%s) - start )) s; artifacts in artifacts/e2e/"
exit "$rc"
