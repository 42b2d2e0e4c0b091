#!/bin/bash
# Monitoring Lab test bed -- smoke check of an Elasticsearch-API engine, the way the official v9 clients talk to it
# (curl with `application/vnd.elasticsearch+json; compatible-with=9` media types).
#
#   testbed/es-engine/smoke.sh [URL]            URL default http://127.0.0.1:9200 (loopback only)
#
# Checks: GET/HEAD /, index template with explicit mappings + data_stream, bulk create into the data stream,
# range query, sort on @timestamp + keyword tiebreaker with search_after, date_histogram (fixed_interval),
# terms agg, _count, msearch, GET/DELETE _data_stream, and the X-Elastic-Product header on every answer.
# Uses its own names (mlab-smoke-*), removes them at the end. Bounded: ~20 requests, 10 s timeout each.
# Prints "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
URL="${1:-http://127.0.0.1:9200}"
case "$URL" in
  http://127.* | http://localhost* | http://\[::1\]*) ;;
  *) echo "smoke.sh: refusing non-loopback URL $URL" >&2; exit 2 ;;
esac
command -v jq >/dev/null || { echo "smoke.sh: needs jq" >&2; exit 2; }

JSON='application/vnd.elasticsearch+json; compatible-with=9'
NDJSON='application/vnd.elasticsearch+x-ndjson; compatible-with=9'
DS="mlab-smoke-default"
TPL="mlab-smoke"
pass=0 fail=0
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

ok()  { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$1"; [[ -n "${2:-}" ]] && printf '     %s\n' "$(head -c 600 <<<"$2")"; }

# req METHOD PATH [BODY] [CONTENT_TYPE]: sets $status, $body, $product (X-Elastic-Product value).
req() {
  local method="$1" path="$2" data="${3:-}" ctype="${4:-$JSON}"
  local args=(-sS -m 10 -X "$method" -D "$TMP/h" -o "$TMP/b" -w '%{http_code}' -H "Accept: $JSON")
  [[ -n "$data" ]] && args+=(-H "Content-Type: $ctype" --data-binary "$data")
  [[ "$method" == HEAD ]] && args=(-sS -m 10 -I -D "$TMP/h" -o "$TMP/b" -w '%{http_code}' -H "Accept: $JSON")
  status="$(curl "${args[@]}" "$URL$path" 2>"$TMP/err")" || status="000"
  body="$(cat "$TMP/b" 2>/dev/null)"
  product="$(tr -d '\r' <"$TMP/h" 2>/dev/null | awk -F': *' 'tolower($1) == "x-elastic-product" { print $2 }')"
  if [[ "$status" != 000 && "$product" != "Elasticsearch" ]]; then
    bad "$method $path: X-Elastic-Product header missing (got '$product')"
  fi
}

# check NAME JQ_EXPR: passes when the last body satisfies the jq expression.
check() {
  if jq -e "$2" >/dev/null 2>&1 <<<"$body"; then ok "$1"; else bad "$1 (status $status)" "$body"; fi
}

# 0. Clean up leftovers of an earlier run (ignore errors).
req DELETE "/_data_stream/$DS"
req DELETE "/_index_template/$TPL"

# 1. Root: what client.info() / client.ping() use.
req GET /
check "GET / (info)" '.version.number | startswith("9.")'
req HEAD /
[[ "$status" == 200 ]] && ok "HEAD / (ping)" || bad "HEAD / (ping) status $status"

# 2. Index template with explicit mappings + data_stream.
req PUT "/_index_template/$TPL" '{
  "index_patterns": ["mlab-smoke-*"],
  "data_stream": {},
  "priority": 500,
  "template": {
    "settings": { "number_of_shards": 1, "number_of_replicas": 0 },
    "mappings": { "dynamic": "strict", "properties": {
      "@timestamp": { "type": "date" },
      "event":  { "properties": { "id": { "type": "keyword" }, "outcome": { "type": "keyword" } } },
      "source": { "properties": { "ip": { "type": "ip" } } },
      "user":   { "properties": { "name": { "type": "keyword" } } },
      "message": { "type": "text" },
      "bytes":  { "type": "long" }
    } }
  }
}'
check "PUT _index_template with data_stream" '.acknowledged == true'

# 3. Bulk create 40 documents into the data stream (2 per second, so timestamps tie in pairs).
bulk=""
for i in $(seq 0 39); do
  s=$((i / 2)); outcome=success; ((i % 4 == 0)) && outcome=failure
  bulk+="{\"create\":{}}"$'\n'
  bulk+="$(printf '{"@timestamp":"2026-01-01T00:%02d:%02dZ","event":{"id":"e%03d","outcome":"%s"},"source":{"ip":"10.0.0.%d"},"user":{"name":"u%d"},"message":"login attempt %d","bytes":%d}' \
    $((s / 60)) $((s % 60)) "$i" "$outcome" $((i % 5)) $((i % 3)) "$i" $((i * 10)))"$'\n'
done
req POST "/$DS/_bulk?refresh=true" "$bulk" "$NDJSON"
check "bulk create into data stream" '.errors == false and (.items | length) == 40 and (.items[0].create._index | startswith(".ds-mlab-smoke-default-"))'

# 4. Range query.
req POST "/$DS/_search" '{"size":0,"track_total_hits":true,"query":{"bool":{"filter":[{"range":{"@timestamp":{"gte":"2026-01-01T00:00:05Z","lt":"2026-01-01T00:00:10Z"}}}]}}}'
check "range query (10 hits)" '.hits.total.value == 10'

# 5. Sort on @timestamp + keyword tiebreaker, paged with search_after.
q='{"size":15,"sort":[{"@timestamp":"desc"},{"event.id":"asc"}],"query":{"match_all":{}}}'
req POST "/$DS/_search" "$q"
check "sort page 1" '(.hits.hits | length) == 15 and .hits.hits[0]._source.event.id == "e038" and .hits.hits[1]._source.event.id == "e039"'
ids="$(jq -r '[.hits.hits[]._source.event.id] | join(",")' <<<"$body" 2>/dev/null)"
after="$(jq -c '.hits.hits[-1].sort' <<<"$body" 2>/dev/null)"
seen=15
while [[ -n "$after" && "$after" != null ]]; do
  req POST "/$DS/_search" "$(jq -c --argjson a "$after" '. + {search_after: $a}' <<<"$q")"
  n="$(jq '.hits.hits | length' <<<"$body" 2>/dev/null || echo 0)"
  ((n == 0)) && break
  ids+=",$(jq -r '[.hits.hits[]._source.event.id] | join(",")' <<<"$body")"
  after="$(jq -c '.hits.hits[-1].sort' <<<"$body")"
  seen=$((seen + n))
  ((seen > 100)) && break
done
uniq_ids="$(tr ',' '\n' <<<"$ids" | sort -u | wc -l)"
[[ "$seen" == 40 && "$uniq_ids" == 40 ]] && ok "search_after paging (40 unique in 3 pages)" || bad "search_after paging: seen $seen unique $uniq_ids"

# 6. date_histogram (fixed_interval) + terms agg.
req POST "/$DS/_search" '{"size":0,"aggs":{
  "per5s":{"date_histogram":{"field":"@timestamp","fixed_interval":"5s","min_doc_count":0}},
  "outcome":{"terms":{"field":"event.outcome","size":5}},
  "top_ip":{"terms":{"field":"source.ip","size":2,"order":{"_count":"desc"}}}}}'
check "date_histogram fixed_interval" '(.aggregations.per5s.buckets | length) == 4 and all(.aggregations.per5s.buckets[]; .doc_count == 10)'
check "terms agg" '.aggregations.outcome.buckets == [{"key":"success","doc_count":30},{"key":"failure","doc_count":10}]'

# 7. _count.
req POST "/$DS/_count" '{"query":{"term":{"event.outcome":"failure"}}}'
check "_count" '.count == 10'

# 8. msearch.
ms='{"index":"'"$DS"'"}
{"size":0,"query":{"term":{"user.name":"u0"}}}
{"index":"'"$DS"'"}
{"size":1,"sort":[{"@timestamp":"asc"},{"event.id":"asc"}]}
'
req POST "/_msearch" "$ms" "$NDJSON"
check "msearch" '(.responses | length) == 2 and .responses[0].hits.total.value == 14 and .responses[1].hits.hits[0]._source.event.id == "e000"'

# 9. Data stream endpoints (served by the test-only compat plugin on the real engine).
req GET "/_data_stream/$DS"
check "GET _data_stream" '.data_streams[0].name == "'"$DS"'" and .data_streams[0].template == "'"$TPL"'"'

# 10. An error keeps its status code and ES error shape.
req POST "/$DS/_search" '{"query":{"no_such_query":{}}}'
[[ "$status" == 400 ]] && check "error status + shape" '.error.type != null and .status == 400' || bad "error status $status (want 400)" "$body"

# Clean up.
req DELETE "/_data_stream/$DS"
check "DELETE _data_stream" '.acknowledged == true'
req DELETE "/_index_template/$TPL"
check "DELETE _index_template" '.acknowledged == true'

echo "$pass passed, $fail failed"
((fail == 0))
