#!/bin/bash
# Monitoring Lab test bed -- entrypoint of the Elasticsearch STAND-IN image (test-only).
# Like the official image: `eswrapper` (the default CMD) or options starting with "-" start Elasticsearch;
# anything else is run as a command. Settings come from environment variables with dots
# (discovery.type=single-node, http.host=127.0.0.1, http.port=19200, cluster.name=..., xpack.*=... ignored),
# ES_SETTING_* variables, or -Ekey=value options; the launcher reads them (see es-engine/README.md).
# ES_JAVA_OPTS (e.g. "-Xms512m -Xmx512m") is honoured. Data: /usr/share/elasticsearch/data.
set -e
if [[ $# -eq 0 || "$1" == eswrapper || "$1" == -* ]]; then
  [[ "${1:-}" == eswrapper ]] && shift
  exec /usr/share/elasticsearch/bin/elasticsearch "$@"
fi
exec "$@"
