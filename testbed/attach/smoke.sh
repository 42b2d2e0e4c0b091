#!/usr/bin/env bash
# Smoke check of the attach test bed (testbed/attach/attach.sh up), with curl, from its env file:
#   bash testbed/attach/smoke.sh [ENV_FILE]     default: ${MLAB_CACHE:-$HOME/.cache/monitoring-lab}/attach/attach.env
# Elasticsearch through nginx: with the password -> 200 and 2 nodes; with the API key -> 200; without credentials
# or with a wrong password -> 401; the forbidden API key -> 403. Prometheus through nginx: with the token -> its
# node job is up; without or with a wrong token -> 401. TLS: verified with the CA file; refused without it.
# The lab app answers /health. Prints "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
ENV_FILE="${1:-${MLAB_CACHE:-$HOME/.cache/monitoring-lab}/attach/attach.env}"
[[ -f "$ENV_FILE" ]] || { echo "smoke: no env file $ENV_FILE (run testbed/attach/attach.sh up)" >&2; exit 2; }
# shellcheck disable=SC1090
source "$ENV_FILE"

pass=0 fail=0
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; }

# status ARGS...: the HTTP status of a curl request (000 when the request itself failed, e.g. TLS).
status() { curl -sS --noproxy '*' -m 10 -o /dev/null -w '%{http_code}' "$@" 2>/dev/null || true; }
expect() {
  local want="$1" name="$2" got
  shift 2
  got="$(status "$@")"
  if [[ "$got" == "$want" ]]; then ok "$name ($got)"; else bad "$name: want $want, got $got"; fi
}

CA=(--cacert "$MLAB_ATTACH_CA_FILE")
ES_AUTH=(-u "$MLAB_ATTACH_ES_USERNAME:$MLAB_ATTACH_ES_PASSWORD")

nodes="$(curl -fsS --noproxy '*' -m 10 "${CA[@]}" "${ES_AUTH[@]}" "$MLAB_ATTACH_ES_URL/_cluster/health" | jq -r '.number_of_nodes' 2>/dev/null)"
if [[ "$nodes" == 2 ]]; then ok "Elasticsearch through nginx with basic auth: 2 nodes"; else bad "Elasticsearch through nginx: want 2 nodes, got '${nodes}'"; fi
expect 200 "Elasticsearch GET / with basic auth" "${CA[@]}" "${ES_AUTH[@]}" "$MLAB_ATTACH_ES_URL/"
expect 200 "Elasticsearch with the API key" "${CA[@]}" -H "Authorization: ApiKey $MLAB_ATTACH_ES_API_KEY" "$MLAB_ATTACH_ES_URL/"
expect 401 "Elasticsearch without credentials" "${CA[@]}" "$MLAB_ATTACH_ES_URL/"
expect 401 "Elasticsearch with a wrong password" "${CA[@]}" -u "$MLAB_ATTACH_ES_USERNAME:wrong" "$MLAB_ATTACH_ES_URL/"
expect 403 "Elasticsearch with the forbidden API key" "${CA[@]}" -H "Authorization: ApiKey $MLAB_ATTACH_ES_API_KEY_FORBIDDEN" "$MLAB_ATTACH_ES_URL/"
expect 000 "TLS without the CA is refused" "${ES_AUTH[@]}" "$MLAB_ATTACH_ES_URL/"
fp="$(curl -sS --noproxy '*' -m 10 "${CA[@]}" -w '%{certs}' -o /dev/null "$MLAB_ATTACH_ES_URL/" 2>/dev/null | grep -c 'BEGIN CERTIFICATE')"
if [[ "$fp" -ge 2 ]]; then ok "nginx sends the CA in its chain (caFingerprint can match)"; else bad "nginx sends $fp certificates, want 2"; fi
want_fp="$(openssl x509 -in "$MLAB_ATTACH_CA_FILE" -noout -fingerprint -sha256 | sed 's/^.*=//')"
if [[ "$want_fp" == "$MLAB_ATTACH_CA_FINGERPRINT" ]]; then ok "MLAB_ATTACH_CA_FINGERPRINT is the CA's SHA-256"; else bad "fingerprint mismatch"; fi

PROM_AUTH=(-H "Authorization: Bearer $MLAB_ATTACH_PROM_TOKEN")
up="$(curl -fsS --noproxy '*' -m 10 "${CA[@]}" "${PROM_AUTH[@]}" --data-urlencode 'query=up{job="node"}' "$MLAB_ATTACH_PROM_URL/api/v1/query" | jq -r '.data.result[0].value[1]' 2>/dev/null)"
if [[ "$up" == 1 ]]; then ok "Prometheus through nginx with the token: up{job=\"node\"} = 1"; else bad "Prometheus with the token: up{job=\"node\"} = '${up}'"; fi
expect 401 "Prometheus without a token" "${CA[@]}" "$MLAB_ATTACH_PROM_URL/api/v1/query?query=up"
expect 401 "Prometheus with a wrong token" "${CA[@]}" -H "Authorization: Bearer wrong" "$MLAB_ATTACH_PROM_URL/api/v1/query?query=up"

expect 200 "lab app /health" "$MLAB_ATTACH_APP_URL/health"

echo "$pass passed, $fail failed"
[[ "$fail" -eq 0 ]]
