#!/bin/sh
# Monitoring Lab: one-shot Kibana setup (the `kibana-setup` service of compose.yaml, profile `full`).
#
# Waits until Kibana reports itself available, checks that it is the version this file was written for, and
# imports the lab's saved objects (saved-objects.ndjson: data view, saved searches, visualizations, dashboard)
# through the saved objects API with overwrite=true. The data view's pattern follows LAB_LOG_INDEX (the file says
# "lab-logs*", the default), so a lab that writes to another index gets a data view on that one. The objects have fixed ids, so running it again replaces
# them instead of adding copies. This script is the ONLY implementation of the import: plain `docker compose`
# and the extension both run it in the Kibana image (its own sh and curl; no jq there, hence the grep/sed).
#
# Exit status: 0 imported; 1 Kibana never became available (timeout); 2 version mismatch; 3 import refused or
# partially failed (Kibana's errors are printed); 4 bad configuration.
set -eu

KIBANA_URL=${KIBANA_URL:-http://kibana:5601}
EXPECTED=${KIBANA_EXPECTED_VERSION:-}
FILE=${SAVED_OBJECTS_FILE:-/lab/kibana/saved-objects.ndjson}
TIMEOUT=${KIBANA_WAIT_TIMEOUT_SECONDS:-300}
INTERVAL=${KIBANA_WAIT_INTERVAL_SECONDS:-5}
INDEX=${LAB_LOG_INDEX:-lab-logs}

log() { echo "kibana-setup: $*"; }

[ -n "$EXPECTED" ] || { log "KIBANA_EXPECTED_VERSION is not set"; exit 4; }
[ -r "$FILE" ] || { log "cannot read the saved objects file $FILE"; exit 4; }
# The lab's index names are lowercase letters, digits and . _ - (the app and src/core/config check the same):
# nothing that sed or JSON would read as syntax.
case "$INDEX" in
  [!a-z0-9]*|*[!a-z0-9._-]*)
    log "LAB_LOG_INDEX '$INDEX' is not a lab log index name (lowercase letters, digits, '.', '_' or '-', starting with a letter or digit)"
    exit 4 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
body_file="$work/response"
# Kibana wants a part named "file" with a .ndjson name: the copy that is sent keeps the file's own name.
import_file="$work/$(basename "$FILE")"
# Only the data view's title carries the pattern; ids (monitoring-lab-logs) stay fixed so deep links keep working.
sed 's|"title":"lab-logs\*"|"title":"'"$INDEX"'*"|' "$FILE" > "$import_file"
grep -qF "\"title\":\"$INDEX*\"" "$import_file" || { log "$FILE has no data view titled lab-logs* to point at $INDEX*"; exit 4; }
[ "$INDEX" = lab-logs ] || log "data view pattern: $INDEX* (LAB_LOG_INDEX)"

# GET/POST helper: prints the HTTP status (000 when Kibana could not be reached), body goes to $body_file.
http() {
  curl -sS -o "$body_file" -w '%{http_code}' --max-time 30 -H 'kbn-xsrf: monitoring-lab' "$@" 2>/dev/null || true
}

# Kibana answers 503 with the text "Kibana server is not ready yet" while it starts (saved object migrations can
# take minutes on a small machine), and /api/status says "degraded" before "available": wait for "available".
start=$(date +%s)
last=""
while :; do
  code=$(http "$KIBANA_URL/api/status")
  body=$(cat "$body_file" 2>/dev/null || true)
  # The overall status object comes first in the response; its "level" is the first one inside it.
  level=$(printf '%s' "$body" | tr -d '\n' | sed -n 's/.*"overall":{[^}]*"level":"\([a-z]*\)".*/\1/p')
  if [ "$code" = 200 ] && [ "$level" = available ]; then break; fi
  case "$code" in
    000) state="not reachable yet" ;;
    503) if [ -n "$level" ]; then state="status $level"; else state="not ready yet (HTTP 503)"; fi ;;
    *) state="HTTP $code${level:+, status $level}" ;;
  esac
  elapsed=$(( $(date +%s) - start ))
  if [ "$elapsed" -ge "$TIMEOUT" ]; then
    log "gave up after ${elapsed}s waiting for Kibana at $KIBANA_URL to report available (last: $state)"
    exit 1
  fi
  if [ "$state" != "$last" ]; then log "waiting for Kibana at $KIBANA_URL: $state (${elapsed}s)"; last=$state; fi
  sleep "$INTERVAL"
done

version=$(printf '%s' "$body" | tr -d '\n' | sed -n 's/.*"version":{"number":"\([^"]*\)".*/\1/p')
if [ "$version" != "$EXPECTED" ]; then
  log "Kibana reports version '${version:-unknown}', but these saved objects are for $EXPECTED (compose.yaml pins both): not importing"
  exit 2
fi
log "Kibana $version is available; importing $(grep -c . "$import_file") saved objects"

code=$(http -X POST "$KIBANA_URL/api/saved_objects/_import?overwrite=true" -F "file=@$import_file;type=application/ndjson")
body=$(cat "$body_file" 2>/dev/null || true)
if [ "$code" = 200 ] && printf '%s' "$body" | grep -q '"success":true'; then
  count=$(printf '%s' "$body" | sed -n 's/.*"successCount":\([0-9]*\).*/\1/p')
  log "imported ${count:-all} saved objects (overwrite by fixed ids)"
  exit 0
fi
log "import failed (HTTP $code): $body"
exit 3
