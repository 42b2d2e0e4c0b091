#!/usr/bin/env bash
# Runs the lab from a terminal: installs the project's dependencies if needed, builds, then starts the stack
# through the same core the extension uses (dist/cli.js). Extra arguments go to `monitoring-lab up`,
# e.g. `npm run lab -- --profile full`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
npm run -s build
node dist/cli.js up "$@"
