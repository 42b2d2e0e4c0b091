# shellcheck shell=bash
# Debian packages the bed needs on the host. Installed only when missing, so a
# warm run never touches apt.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# docker.io: engine + CLI; debootstrap: the base image; docker-registry: the
# local registry for the pull path; iptables: the bridge smoke test's FORWARD
# rule (docker.io pulls it in today; listed because the test calls it itself);
# the rest are used by the scripts themselves.
MLAB_HOST_PACKAGES=(docker.io debootstrap docker-registry iptables ca-certificates curl tar procps util-linux)

package_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]
}

ensure_host_packages() { ensure_packages "${MLAB_HOST_PACKAGES[@]}"; }

# ensure_packages PKG...: installs the Debian packages of the list that are missing (root only). Also used by
# testbed/attach/attach.sh for its own list (nginx, openssh-server).
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    package_installed "$p" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    log "host packages present"
    return 0
  fi
  [[ $EUID -eq 0 ]] || die "missing Debian packages (${missing[*]}) and not root; install them or rerun as root"
  local apt_log="$MLAB_LOG_DIR/apt-host.log"
  mkdir -p "$MLAB_LOG_DIR"
  log "installing missing host packages: ${missing[*]} (log $apt_log)"
  # One update per run, only because something is missing. The lock timeout
  # lets us wait for an apt-get that is already running instead of failing.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update >>"$apt_log" 2>&1 ||
    { tail -n 20 "$apt_log" >&2; die "apt-get update failed; see $apt_log"; }
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends \
    "${missing[@]}" >>"$apt_log" 2>&1 ||
    { tail -n 20 "$apt_log" >&2; die "apt-get install ${missing[*]} failed; see $apt_log"; }
}
