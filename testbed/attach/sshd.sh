#!/usr/bin/env bash
# Remote Docker engine over SSH, for tests (TEST ONLY): Debian's OpenSSH server on 127.0.0.1 whose one key
# reaches the test bed's private engine through `docker system dial-stdio` (what the Docker CLI and the
# product run for ssh:// hosts).
#
#   bash testbed/attach/sshd.sh up      # makes a host key, a client key, authorized_keys, known_hosts; starts sshd
#   bash testbed/attach/sshd.sh down    # stops sshd; removes the keys
#   bash testbed/attach/sshd.sh env     # path of the env file (MLAB_SSH_DOCKER_HOST, MLAB_SSH_IDENTITY, ...)
#
# Port MLAB_SSHD_PORT (default 18422), 127.0.0.1 only, public-key only. The key's authorized_keys line forces
# the command (`DOCKER_HOST=<bed socket> docker system dial-stdio`, whatever the client asks to run), allows
# no pty, no agent or X11 forwarding, and port forwarding only to 127.0.0.1 (the lab's published ports: the
# tunnels). Needs the bed's engine (bash testbed/bed.sh up) and the Debian package openssh-server.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib/common.sh"
source "$HERE/../lib/packages.sh"

STATE="$MLAB_CACHE/sshd"
PORT="${MLAB_SSHD_PORT:-18422}"
PIDFILE="$STATE/sshd.pid"
LOGFILE="$STATE/sshd.log"
ENV_FILE="$STATE/sshd.env"
SSH_USER="$(id -un)"

sshd_answers() {
  # The server's banner on the port (bash's /dev/tcp; no client needed).
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT && head -c 8 <&3" 2>/dev/null | grep -q '^SSH-2.0'
}

cmd_up() {
  ensure_packages openssh-server openssh-client docker.io
  mkdir -p "$STATE" && chmod 700 "$STATE"
  if pid_from_file "$PIDFILE" >/dev/null && sshd_answers && [[ -f "$ENV_FILE" ]]; then
    log "sshd already answers on 127.0.0.1:$PORT"
    return 0
  fi
  [[ -S "$MLAB_SOCK" ]] || die "no engine socket $MLAB_SOCK: run 'bash testbed/bed.sh up' first"
  rm -f "$STATE"/host_ed25519* "$STATE"/client_ed25519*
  ssh-keygen -q -t ed25519 -N '' -C "mlab-test-sshd-host" -f "$STATE/host_ed25519"
  ssh-keygen -q -t ed25519 -N '' -C "mlab-test-client" -f "$STATE/client_ed25519"
  local forced="env DOCKER_HOST=unix://$MLAB_SOCK docker system dial-stdio"
  printf 'command="%s",no-pty,no-agent-forwarding,no-X11-forwarding,permitopen="127.0.0.1:*" %s\n' \
    "$forced" "$(cat "$STATE/client_ed25519.pub")" >"$STATE/authorized_keys"
  printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$STATE/host_ed25519.pub")" >"$STATE/known_hosts"
  chmod 600 "$STATE/authorized_keys" "$STATE/client_ed25519" "$STATE/host_ed25519"
  cat >"$STATE/sshd_config" <<EOF
# Written by testbed/attach/sshd.sh (TEST ONLY).
Port $PORT
ListenAddress 127.0.0.1
HostKey $STATE/host_ed25519
PidFile $PIDFILE
AuthorizedKeysFile $STATE/authorized_keys
AllowUsers $SSH_USER
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowTcpForwarding local
AllowAgentForwarding no
X11Forwarding no
PermitTTY no
# Each Docker API connection of a client is a channel on one SSH connection; other clients (the Docker CLI)
# open one connection each: room for bursts.
MaxStartups 100
MaxSessions 100
LogLevel VERBOSE
EOF
  # Privilege separation needs this directory when sshd runs as root.
  if [[ $EUID -eq 0 ]]; then mkdir -p /run/sshd && chmod 755 /run/sshd; fi
  /usr/sbin/sshd -t -f "$STATE/sshd_config" || die "sshd rejected $STATE/sshd_config"
  # sshd -D writes its own pidfile (PidFile); start_group's pidfile is the same process (exec).
  start_group "$STATE/group.pid" "$LOGFILE" /usr/sbin/sshd -D -e -f "$STATE/sshd_config"
  local deadline=$((SECONDS + 10))
  until sshd_answers; do
    ((SECONDS < deadline)) || { tail -n 20 "$LOGFILE" >&2; die "sshd did not answer on 127.0.0.1:$PORT"; }
    sleep 0.2
  done
  {
    echo "# Written by testbed/attach/sshd.sh up on $(date -Is) (TEST ONLY)."
    printf 'export MLAB_SSH_DOCKER_HOST=%q\n' "ssh://$SSH_USER@127.0.0.1:$PORT"
    printf 'export MLAB_SSH_IDENTITY=%q\n' "$STATE/client_ed25519"
    printf 'export MLAB_SSH_KNOWN_HOSTS=%q\n' "$STATE/known_hosts"
    printf 'export MLAB_SSH_PORT=%q\n' "$PORT"
    printf 'export MLAB_SSH_USER=%q\n' "$SSH_USER"
  } >"$ENV_FILE"
  log "sshd: ssh://$SSH_USER@127.0.0.1:$PORT -> $MLAB_SOCK (env file $ENV_FILE)"
}

cmd_down() {
  stop_group sshd "$STATE/group.pid" 10
  rm -f "$STATE"/host_ed25519* "$STATE"/client_ed25519* "$STATE/authorized_keys" "$STATE/known_hosts" "$ENV_FILE"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  env) printf '%s\n' "$ENV_FILE" ;;
  *) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
