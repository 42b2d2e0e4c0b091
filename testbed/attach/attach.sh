#!/usr/bin/env bash
# Monitoring Lab attach test bed: an "existing stack" for attach mode, all on 127.0.0.1 (TEST ONLY).
#
#   bash testbed/attach/attach.sh up            # idempotent; needs the bed's engine (bash testbed/bed.sh up)
#   bash testbed/attach/attach.sh down          # stops everything, removes data, certificates and secrets
#   bash testbed/attach/attach.sh stop-node N   # SIGTERM to Elasticsearch node N (1 or 2); the cluster goes yellow
#   bash testbed/attach/attach.sh start-node N  # starts node N again and waits until it rejoined
#   bash testbed/attach/attach.sh status        # what runs
#   bash testbed/attach/attach.sh env           # path of the env file tests `source`
#   bash testbed/attach/attach.sh smoke         # curl checks (testbed/attach/smoke.sh)
#
# What runs (ports from MLAB_ATTACH_PORT_BASE, default 18400; outside the lab's defaults, the bed's registry
# and the kernel's ephemeral range that tests' free ports come from):
#   base+1, base+2     Elasticsearch nodes n1, n2 (HTTP; transport on base+11, base+12): one cluster, 256 MB heap
#                      each, from the test bed's embedded engine (testbed/es-engine/build.sh)
#   base+43            nginx, TLS: basic auth (or an API key) in front of both nodes (one upstream)
#   base+44            nginx, TLS: Prometheus behind a bearer token
#   base+90, base+91   Prometheus and Node Exporter: the bed's images on its engine, host network
#   base+80            the lab app (gunicorn from the app's venv), shipping its logs through nginx
# Certificates (a CA + a server certificate), the htpasswd file, the passwords, the API keys and the token are
# made at `up` under $MLAB_CACHE/attach/ and removed at `down`; nothing secret is in the repository.
set -euo pipefail

ATTACH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$ATTACH_DIR/../.." && pwd)"
source "$ATTACH_DIR/../lib/common.sh"
source "$ATTACH_DIR/../lib/packages.sh"
source "$ATTACH_DIR/../lib/dockerd.sh"

STATE="$MLAB_CACHE/attach"
LOGS="$STATE/logs"
ENV_FILE="$STATE/attach.env"
SECRETS="$STATE/secrets.env"
PKI="$STATE/pki"

BASE="${MLAB_ATTACH_PORT_BASE:-18400}"
ES_HTTP_PORT=("" $((BASE + 1)) $((BASE + 2)))
ES_TRANSPORT_PORT=("" $((BASE + 11)) $((BASE + 12)))
NGINX_ES_PORT=$((BASE + 43))
NGINX_PROM_PORT=$((BASE + 44))
APP_PORT=$((BASE + 80))
PROM_PORT=$((BASE + 90))
NODE_EXPORTER_PORT=$((BASE + 91))

ES_CLUSTER="mlab-attach"
ES_USER="mlab-attach"
LOG_INDEX="${MLAB_ATTACH_LOG_INDEX:-mlab-attach-logs}"
PROM_CONTAINER="mlab-attach-prometheus"
NODE_EXPORTER_CONTAINER="mlab-attach-node-exporter"
CONTAINER_LABEL="org.monitoring-lab.testbed=attach"

# nginx + openssh-server (for the remote-engine test's sshd) + what the scripts call.
MLAB_ATTACH_PACKAGES=(nginx openssh-server openssl curl jq)

# The one process group per component: pidfile and log.
pidfile() { printf '%s/%s.pid\n' "$STATE" "$1"; }
logfile() { printf '%s/%s.log\n' "$LOGS" "$1"; }

# wait_until SECONDS WHAT PID CMD...: polls CMD until it succeeds; fails early when PID (if given) exited.
wait_until() {
  local timeout="$1" what="$2" pid="$3" deadline
  shift 3
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then die "$what: not ready within ${timeout} s"; fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then die "$what: process $pid exited (see its log in $LOGS)"; fi
    sleep 0.3
  done
}

running() { pid_from_file "$(pidfile "$1")" >/dev/null; }

# ---------------------------------------------------------------- secrets, certificates, htpasswd
rand_hex() { openssl rand -hex "$1"; }

make_secrets() {
  [[ -s "$SECRETS" ]] && return 0
  local api_id api_key bad_id bad_key
  api_id="$(rand_hex 10)" api_key="$(rand_hex 16)" bad_id="$(rand_hex 10)" bad_key="$(rand_hex 16)"
  umask 077
  {
    printf 'ES_PASSWORD=%s\n' "$(rand_hex 16)"
    # The encoded form Elasticsearch returns (base64 of "id:key"), what clients send as "Authorization: ApiKey ...".
    printf 'ES_API_KEY=%s\n' "$(printf '%s:%s' "$api_id" "$api_key" | base64 -w0)"
    printf 'ES_API_KEY_FORBIDDEN=%s\n' "$(printf '%s:%s' "$bad_id" "$bad_key" | base64 -w0)"
    printf 'PROM_TOKEN=%s\n' "$(rand_hex 24)"
    printf 'APP_DEMO_PASSWORD=%s\n' "$(rand_hex 12)"
    printf 'APP_ADMIN_TOKEN=%s\n' "$(rand_hex 24)"
  } >"$SECRETS.tmp"
  mv "$SECRETS.tmp" "$SECRETS"
}

make_pki() {
  [[ -s "$PKI/fullchain.pem" ]] && return 0
  rm -rf "$PKI" && mkdir -p "$PKI" && chmod 700 "$PKI"
  (
    cd "$PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -sha256 \
      -subj "/CN=Monitoring Lab attach test CA $(date +%s)" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "extendedKeyUsage=serverAuth" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "basicConstraints=CA:FALSE" >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -sha256 \
      -extfile server.ext 2>/dev/null
    # nginx sends the CA too, so a client pinning the CA's fingerprint (caFingerprint) finds it in the chain.
    cat server.crt ca.crt >fullchain.pem
    chmod 600 ca.key server.key
    chmod 644 ca.crt
  )
  log "made a CA and a server certificate for 127.0.0.1 in $PKI"
}

ca_fingerprint() {
  openssl x509 -in "$PKI/ca.crt" -noout -fingerprint -sha256 | sed 's/^.*=//'
}

# ---------------------------------------------------------------- Elasticsearch (two nodes)
es_engine() {
  local engine
  engine="$(MLAB_CACHE="$MLAB_CACHE" bash "$REPO/testbed/es-engine/build.sh" | tail -n 1)" || die "es-engine/build.sh failed"
  [[ -x "$engine/bin/elasticsearch" ]] || die "es-engine/build.sh gave no engine (got '$engine')"
  printf '%s\n' "$engine"
}

es_url() { printf 'http://127.0.0.1:%s\n' "${ES_HTTP_PORT[$1]}"; }

es_node_start() {
  local n="$1" engine="$2" name="es-n$1"
  if running "$name"; then return 0; fi
  mkdir -p "$STATE/es/n$n" "$STATE/es/tmp"
  printf '\n==== %s attach.sh starting node n%s ====\n' "$(date -Is)" >>"$(logfile "$name")"
  start_group "$(pidfile "$name")" "$(logfile "$name")" \
    env ES_JAVA_OPTS="-Xms256m -Xmx256m" ES_TMPDIR="$STATE/es/tmp" "$engine/bin/elasticsearch" \
    -Ecluster.name="$ES_CLUSTER" -Enode.name="n$n" -Epath.data="$STATE/es/n$n" \
    -Ehttp.host=127.0.0.1 -Ehttp.port="${ES_HTTP_PORT[$n]}" \
    -Etransport.host=127.0.0.1 -Etransport.port="${ES_TRANSPORT_PORT[$n]}" \
    -Ediscovery.seed_hosts="127.0.0.1:${ES_TRANSPORT_PORT[1]},127.0.0.1:${ES_TRANSPORT_PORT[2]}" \
    -Ecluster.initial_master_nodes=n1,n2 \
    -Ecluster.routing.allocation.disk.threshold_enabled=false
}

es_cluster_has() {
  # es_cluster_has NODES STATUS: the cluster (asked through any live node) has NODES nodes and is at least STATUS.
  local n url
  for n in 1 2; do
    url="$(es_url "$n")"
    curl -fsS --noproxy '*' -m 5 \
      "$url/_cluster/health?wait_for_nodes=$1&wait_for_status=$2&timeout=2s" 2>/dev/null |
      jq -e --argjson n "$1" '.timed_out == false and .number_of_nodes == $n' >/dev/null && return 0
  done
  return 1
}

es_log_index_green() {
  curl -fsS --noproxy '*' -m 5 "$(es_url 1)/_cluster/health/$LOG_INDEX?wait_for_status=green&timeout=2s" |
    jq -e '.status == "green" and .active_shards >= 2' >/dev/null
}

es_up() {
  local engine
  engine="$(es_engine)"
  es_node_start 1 "$engine"
  es_node_start 2 "$engine"
  wait_until 180 "Elasticsearch cluster (2 nodes, green)" "" es_cluster_has 2 green
  log "Elasticsearch: 2 nodes, green ($(es_url 1), $(es_url 2))"
}

# A real team's cluster keeps a replica of its log index; the app's own template says 0 replicas (a one-node
# lab). A template of higher priority, identical otherwise, gives the bed's data stream one replica, so a
# stopped node leaves the cluster yellow and the feed going. Put before the app starts (its first event
# creates the data stream).
es_replica_template() {
  local venv="$1" body
  body="$(PYTHONPATH="$REPO/resources/stack/app" "$venv/bin/python" -c '
import json, sys
from labapp.mapping import index_template
t = index_template(sys.argv[1], priority=501)
t["template"]["settings"]["number_of_replicas"] = 1
t["_meta"] = {"managed_by": "monitoring-lab attach test bed", "description": "the app template with 1 replica"}
print(json.dumps(t))' "$LOG_INDEX")"
  curl -fsS --noproxy '*' -m 10 -X PUT -H 'Content-Type: application/json' --data-binary "$body" \
    "$(es_url 1)/_index_template/$LOG_INDEX-attach-replicas" >/dev/null ||
    die "could not put the replica template for $LOG_INDEX"
}

# ---------------------------------------------------------------- nginx
write_nginx_conf() {
  local d="$STATE/nginx" user_line=""
  mkdir -p "$d/temp" "$d/logs"
  # shellcheck disable=SC1090
  source "$SECRETS"
  umask 077
  printf '%s:%s\n' "$ES_USER" "$(openssl passwd -apr1 "$ES_PASSWORD")" >"$d/htpasswd"
  # Workers run as the user who runs the bed (the htpasswd under $HOME must be readable to them).
  if [[ $EUID -eq 0 ]]; then user_line="user $(id -un) $(id -gn);"; fi
  cat >"$d/nginx.conf" <<EOF
# Written by testbed/attach/attach.sh up (TEST ONLY); regenerated on every start.
$user_line
worker_processes 1;
pid $d/nginx.pid;
error_log $LOGS/nginx-error.log warn;
events { worker_connections 512; }
http {
  access_log $LOGS/nginx-access.log;
  client_body_temp_path $d/temp/body;
  proxy_temp_path $d/temp/proxy;
  fastcgi_temp_path $d/temp/fastcgi;
  uwsgi_temp_path $d/temp/uwsgi;
  scgi_temp_path $d/temp/scgi;
  server_tokens off;
  # The map keys are long (whole Authorization headers).
  map_hash_bucket_size 256;
  ssl_certificate $PKI/fullchain.pem;
  ssl_certificate_key $PKI/server.key;
  ssl_protocols TLSv1.2 TLSv1.3;

  # An API key in place of the password: auth_basic's realm "off" lets it through; the forbidden key gets 403
  # (an authenticated identity without the right privileges, as Elasticsearch would answer).
  map \$http_authorization \$es_realm {
    "ApiKey $ES_API_KEY" off;
    default "Elasticsearch (attach test bed)";
  }
  map \$http_authorization \$es_forbidden {
    "ApiKey $ES_API_KEY_FORBIDDEN" 1;
    default 0;
  }
  map \$http_authorization \$prom_allowed {
    "Bearer $PROM_TOKEN" 1;
    default 0;
  }

  upstream elasticsearch {
    server 127.0.0.1:${ES_HTTP_PORT[1]} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:${ES_HTTP_PORT[2]} max_fails=1 fail_timeout=5s;
    keepalive 16;
  }

  server {
    listen 127.0.0.1:$NGINX_ES_PORT ssl;
    server_name localhost;
    client_max_body_size 100m;
    location / {
      if (\$es_forbidden) { return 403 '{"error":{"type":"security_exception","reason":"action is unauthorized for API key"},"status":403}'; }
      auth_basic \$es_realm;
      auth_basic_user_file $d/htpasswd;
      proxy_pass http://elasticsearch;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_buffering off;
      proxy_read_timeout 120s;
      proxy_connect_timeout 2s;
      # Only a node that cannot be reached is skipped; an answer (even 503) is Elasticsearch's and passes through.
      proxy_next_upstream error timeout;
    }
  }

  server {
    listen 127.0.0.1:$NGINX_PROM_PORT ssl;
    server_name localhost;
    location / {
      if (\$prom_allowed = 0) {
        add_header WWW-Authenticate 'Bearer realm="prometheus"' always;
        return 401 'bearer token required\n';
      }
      proxy_pass http://127.0.0.1:$PROM_PORT;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 60s;
    }
  }
}
EOF
}

nginx_answers() { curl -sS --noproxy '*' -m 2 --cacert "$PKI/ca.crt" -o /dev/null "https://127.0.0.1:$NGINX_ES_PORT/"; }

nginx_up() {
  command -v nginx >/dev/null || die "nginx not found (Debian package nginx)"
  if running nginx; then return 0; fi
  write_nginx_conf
  nginx -t -q -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" -e "$LOGS/nginx-error.log" ||
    die "nginx rejected $STATE/nginx/nginx.conf"
  start_group "$(pidfile nginx)" "$(logfile nginx)" \
    nginx -p "$STATE/nginx" -c "$STATE/nginx/nginx.conf" -e "$LOGS/nginx-error.log" -g 'daemon off;'
  wait_until 15 nginx "$(pid_from_file "$(pidfile nginx)" || true)" nginx_answers
  log "nginx: https://127.0.0.1:$NGINX_ES_PORT (Elasticsearch), https://127.0.0.1:$NGINX_PROM_PORT (Prometheus)"
}

# ---------------------------------------------------------------- Prometheus + Node Exporter (bed images)
container_running() { [[ "$(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" == true ]]; }

prom_up() {
  docker_answers || die "the test bed's engine does not answer on $MLAB_SOCK: run 'bash testbed/bed.sh up' first"
  mkdir -p "$STATE/prometheus"
  cat >"$STATE/prometheus/prometheus.yml" <<EOF
# Written by testbed/attach/attach.sh (TEST ONLY). The lab's job names: node, app, prometheus.
global:
  scrape_interval: 5s
  evaluation_interval: 5s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["127.0.0.1:$NODE_EXPORTER_PORT"]
  - job_name: app
    static_configs:
      - targets: ["127.0.0.1:$APP_PORT"]
  - job_name: prometheus
    static_configs:
      - targets: ["127.0.0.1:$PROM_PORT"]
EOF
  chmod 644 "$STATE/prometheus/prometheus.yml"
  if ! container_running "$NODE_EXPORTER_CONTAINER"; then
    docker rm -f -v "$NODE_EXPORTER_CONTAINER" >/dev/null 2>&1 || true
    docker run -d --name "$NODE_EXPORTER_CONTAINER" --label "$CONTAINER_LABEL" --network host \
      "$MLAB_IMAGE_NODE_EXPORTER" --web.listen-address="127.0.0.1:$NODE_EXPORTER_PORT" >/dev/null
  fi
  if ! container_running "$PROM_CONTAINER"; then
    docker rm -f -v "$PROM_CONTAINER" >/dev/null 2>&1 || true
    docker run -d --name "$PROM_CONTAINER" --label "$CONTAINER_LABEL" --network host \
      -v "$STATE/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro" \
      "$MLAB_IMAGE_PROMETHEUS" --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus \
      --storage.tsdb.retention.time=1d --web.listen-address="127.0.0.1:$PROM_PORT" >/dev/null
  fi
}

prom_ready() {
  curl -fsS --noproxy '*' -m 2 -o /dev/null "http://127.0.0.1:$PROM_PORT/-/ready" &&
    curl -fsS --noproxy '*' -m 2 -o /dev/null "http://127.0.0.1:$NODE_EXPORTER_PORT/metrics"
}

prom_down() {
  docker_answers || return 0
  docker rm -f -v "$PROM_CONTAINER" "$NODE_EXPORTER_CONTAINER" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- the lab app
app_venv() {
  bash "$REPO/scripts/app-venv.sh" || die "scripts/app-venv.sh failed"
}

app_up() {
  local venv="$1"
  if running app; then return 0; fi
  # shellcheck disable=SC1090
  source "$SECRETS"
  printf '\n==== %s attach.sh starting the app ====\n' "$(date -Is)" >>"$(logfile app)"
  (
    cd "$REPO/resources/stack/app"
    start_group "$(pidfile app)" "$(logfile app)" env \
      LAB_HOST=127.0.0.1 LAB_PORT="$APP_PORT" LAB_DEMO_USER=demo LAB_DEMO_PASSWORD="$APP_DEMO_PASSWORD" \
      LAB_ADMIN_TOKEN="$APP_ADMIN_TOKEN" LAB_LOG_INDEX="$LOG_INDEX" LAB_SERVICE_NAME=lab-app \
      LAB_ELASTICSEARCH_URL="https://127.0.0.1:$NGINX_ES_PORT" LAB_ELASTICSEARCH_USERNAME="$ES_USER" \
      LAB_ELASTICSEARCH_PASSWORD="$ES_PASSWORD" LAB_ELASTICSEARCH_CA_FILE="$PKI/ca.crt" \
      LAB_GUNICORN_LOGLEVEL=warning \
      "$venv/bin/gunicorn" --config gunicorn.conf.py
  )
  wait_until 30 "lab app" "$(pid_from_file "$(pidfile app)" || true)" \
    curl -fsS --noproxy '*' -m 2 "http://127.0.0.1:$APP_PORT/health"
  log "lab app: http://127.0.0.1:$APP_PORT (logs to data stream $LOG_INDEX through nginx)"
}

# ---------------------------------------------------------------- env file
write_env() {
  # shellcheck disable=SC1090
  source "$SECRETS"
  local tmp="$ENV_FILE.tmp" self="$ATTACH_DIR/attach.sh"
  umask 077
  {
    echo "# Written by testbed/attach/attach.sh up on $(date -Is) (TEST ONLY). Source it: . \"$ENV_FILE\""
    printf 'export MLAB_ATTACH_ES_URL=%q\n' "https://127.0.0.1:$NGINX_ES_PORT"
    printf 'export MLAB_ATTACH_ES_USERNAME=%q\n' "$ES_USER"
    printf 'export MLAB_ATTACH_ES_PASSWORD=%q\n' "$ES_PASSWORD"
    printf 'export MLAB_ATTACH_ES_API_KEY=%q\n' "$ES_API_KEY"
    printf 'export MLAB_ATTACH_ES_API_KEY_FORBIDDEN=%q\n' "$ES_API_KEY_FORBIDDEN"
    printf 'export MLAB_ATTACH_ES_NODE_URLS=%q\n' "$(es_url 1),$(es_url 2)"
    printf 'export MLAB_ATTACH_CA_FILE=%q\n' "$PKI/ca.crt"
    printf 'export MLAB_ATTACH_CA_FINGERPRINT=%q\n' "$(ca_fingerprint)"
    printf 'export MLAB_ATTACH_PROM_URL=%q\n' "https://127.0.0.1:$NGINX_PROM_PORT"
    printf 'export MLAB_ATTACH_PROM_TOKEN=%q\n' "$PROM_TOKEN"
    printf 'export MLAB_ATTACH_PROM_DIRECT_URL=%q\n' "http://127.0.0.1:$PROM_PORT"
    printf 'export MLAB_ATTACH_PROM_JOB_NODE=node\n'
    printf 'export MLAB_ATTACH_PROM_JOB_APP=app\n'
    printf 'export MLAB_ATTACH_PROM_INSTANCE_NODE=%q\n' "127.0.0.1:$NODE_EXPORTER_PORT"
    printf 'export MLAB_ATTACH_APP_URL=%q\n' "http://127.0.0.1:$APP_PORT"
    printf 'export MLAB_ATTACH_APP_DEMO_USER=demo\n'
    printf 'export MLAB_ATTACH_APP_DEMO_PASSWORD=%q\n' "$APP_DEMO_PASSWORD"
    printf 'export MLAB_ATTACH_APP_ADMIN_TOKEN=%q\n' "$APP_ADMIN_TOKEN"
    printf 'export MLAB_ATTACH_LOG_INDEX=%q\n' "$LOG_INDEX"
    printf 'export MLAB_ATTACH_STOP_NODE=%q\n' "bash $self stop-node"
    printf 'export MLAB_ATTACH_START_NODE=%q\n' "bash $self start-node"
  } >"$tmp"
  mv "$tmp" "$ENV_FILE"
}

# ---------------------------------------------------------------- commands
cmd_up() {
  local t0 venv
  t0="$(now)"
  mkdir -p "$STATE" "$LOGS"
  # fd 9: start_group closes it in what it starts, so no long-running child keeps the lock.
  exec 9>"$STATE/up.lock"
  flock -w 600 9 || die "another attach.sh up holds $STATE/up.lock"
  ensure_packages "${MLAB_ATTACH_PACKAGES[@]}"
  make_secrets
  make_pki
  # Prometheus, Node Exporter and the app's venv get going while the two nodes start (the slow part).
  prom_up
  es_up
  venv="$(app_venv)"
  es_replica_template "$venv"
  nginx_up
  app_up "$venv"
  # The app's first event ("Lab app started") creates the data stream; its replica lands on the other node.
  wait_until 60 "the app's data stream $LOG_INDEX (green, primary + replica)" "" es_log_index_green
  wait_until 60 "Prometheus and Node Exporter" "" prom_ready
  write_env
  printf '[bed] attach up: %s s; env file %s\n' "$(elapsed "$t0")" "$ENV_FILE" >&2
}

cmd_down() {
  stop_group app "$(pidfile app)" 15
  stop_group nginx "$(pidfile nginx)" 10
  prom_down
  stop_group es-n1 "$(pidfile es-n1)" 30
  stop_group es-n2 "$(pidfile es-n2)" 30
  # Data, certificates, secrets and the env file go; the logs stay for a post-mortem.
  if [[ -d "$STATE" ]]; then
    find "$STATE" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} +
  fi
  log "attach bed down (logs kept in $LOGS)"
}

node_arg() {
  [[ "${1:-}" == 1 || "${1:-}" == 2 ]] || die "node number must be 1 or 2 (got '${1:-}')"
  printf '%s\n' "$1"
}

# Two master-eligible nodes: the voting configuration holds one of them, so stopping it without notice would
# leave the other without a master. As an operator would (and as Elasticsearch's docs say for taking a
# master-eligible node away), the node is excluded from voting first; the cluster stays up, yellow, on one node.
cmd_stop_node() {
  local n other
  n="$(node_arg "${1:-}")"
  other=$((3 - n))
  curl -fsS --noproxy '*' -m 40 -X POST "$(es_url "$other")/_cluster/voting_config_exclusions?node_names=n$n&timeout=30s" \
    >/dev/null || die "could not exclude n$n from the voting configuration (is n$other running?)"
  stop_group "es-n$n" "$(pidfile "es-n$n")" 30
  wait_until 60 "node n$other alone (yellow)" "" es_cluster_has 1 yellow
  log "node n$n stopped; the cluster runs on n$other"
}

cmd_start_node() {
  local n
  n="$(node_arg "${1:-}")"
  es_node_start "$n" "$(es_engine)"
  wait_until 120 "node n$n rejoining" "" es_cluster_has 2 yellow
  curl -fsS --noproxy '*' -m 10 -X DELETE "$(es_url "$n")/_cluster/voting_config_exclusions?wait_for_removal=false" \
    >/dev/null || warn "could not clear the voting configuration exclusions"
  log "node n$n is back: 2 nodes"
}

cmd_status() {
  local c pid
  for c in es-n1 es-n2 nginx app; do
    if pid="$(pid_from_file "$(pidfile "$c")")"; then printf '%-8s running, pid %s\n' "$c" "$pid"; else printf '%-8s not running\n' "$c"; fi
  done
  for c in "$PROM_CONTAINER" "$NODE_EXPORTER_CONTAINER"; do
    if docker_answers && container_running "$c"; then printf '%-26s running\n' "$c"; else printf '%-26s not running\n' "$c"; fi
  done
  for c in 1 2; do
    if curl -fsS --noproxy '*' -m 5 "$(es_url "$c")/_cluster/health" 2>/dev/null |
      jq -c '{cluster_name, status, number_of_nodes}'; then break; fi
  done
  printf 'env file: %s%s\n' "$ENV_FILE" "$([[ -f "$ENV_FILE" ]] || echo ' (not written)')"
}

usage() {
  sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

main() {
  case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    stop-node) cmd_stop_node "${2:-}" ;;
    start-node) cmd_start_node "${2:-}" ;;
    status) cmd_status ;;
    env) printf '%s\n' "$ENV_FILE" ;;
    smoke) bash "$ATTACH_DIR/smoke.sh" "$ENV_FILE" ;;
    -h | --help | help) usage 0 ;;
    *) usage 2 >&2 ;;
  esac
}

main "$@"
