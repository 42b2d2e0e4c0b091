#!/usr/bin/env bash
# Called by build_image on a staging copy of this directory: copies the host's CA
# bundle in, so pip inside later builds can verify PyPI through the machine's
# TLS-intercepting proxy. The bundle's content is part of the image hash.
set -euo pipefail
stage="${1:?usage: prepare.sh STAGING_DIR}"
bundle="${MLAB_HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
[[ -s "$bundle" ]] || { echo "prepare.sh: host CA bundle $bundle is missing (install ca-certificates or set MLAB_HOST_CA_BUNDLE)" >&2; exit 1; }
cp "$bundle" "$stage/host-ca-bundle.crt"
