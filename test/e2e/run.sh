#!/usr/bin/env bash
# End-to-end tests in a real VS Code (code-server 4.139.1 = VS Code 1.139.1) driven by Debian chromium.
# Assumes `npm run build && npm run build:tests` were done. Installs code-server on first use (cached).
#   bash test/e2e/run.sh [extra mocha args, e.g. --grep palette]
# MLAB_E2E_DEV=1 runs the development build instead of the packaged .vsix.
# MLAB_E2E_KEEP_TMP=1 keeps the temp folders (user data, logs) for inspection.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

[[ -f out/test/e2e/suite/index.js && -d out/test/e2e/ui ]] || { echo "[e2e] out/test/e2e missing: run npm run build:tests" >&2; exit 2; }

start=$(date +%s)
bash testbed/vscode/install.sh
mkdir -p artifacts/e2e

# The extension under test is what users install: the packaged .vsix (production build: minified entry, lazily
# loaded vendor bundles, only the files .vscodeignore lets through), unpacked. MLAB_E2E_DEV=1 runs the
# development build from the repository instead (quicker while working on a test).
if [[ "${MLAB_E2E_DEV:-}" != 1 ]]; then
  npm run -s package >artifacts/e2e/package.log 2>&1 || { cat artifacts/e2e/package.log >&2; echo "[e2e] npm run package failed" >&2; exit 2; }
  rm -rf out/e2e-vsix
  python3 -m zipfile -e dist/monitoring-lab.vsix out/e2e-vsix
  export MLAB_E2E_EXTENSION_DIR="$ROOT/out/e2e-vsix/extension"
  [[ -f "$MLAB_E2E_EXTENSION_DIR/package.json" ]] || { echo "[e2e] the .vsix holds no extension/package.json" >&2; exit 2; }
  echo "[e2e] extension under test: dist/monitoring-lab.vsix ($(stat -c %s dist/monitoring-lab.vsix) bytes), unpacked in out/e2e-vsix; entry bundle $(stat -c %s "$MLAB_E2E_EXTENSION_DIR/dist/extension.js") bytes"
else
  [[ -f dist/extension.js ]] || { echo "[e2e] dist/extension.js missing: run npm run build" >&2; exit 2; }
  echo "[e2e] extension under test: the development build in $ROOT (MLAB_E2E_DEV=1)"
fi
set +e
npx --no-install mocha --config test/e2e/.mocharc.json "$@" 2>&1 | tee artifacts/e2e/mocha.log
rc=${PIPESTATUS[0]}
set -e

echo "[e2e] ---- summary ----"
grep -E '^\s+[0-9]+ (passing|failing|pending)' artifacts/e2e/mocha.log | sed 's/^ */[e2e] /' || echo "[e2e] (no mocha summary found)"
echo "[e2e] mocha exit $rc; whole run $(( $(date +%s) - start )) s; artifacts in artifacts/e2e/"
exit "$rc"
