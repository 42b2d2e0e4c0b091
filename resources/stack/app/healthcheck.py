"""Container health check (the slim image has no curl): exit 0 if /health says ok."""

import json
import os
import sys
import urllib.request

host = os.environ.get("LAB_HOST", "0.0.0.0")
if host in ("", "0.0.0.0", "::", "[::]"):
    host = "127.0.0.1"  # a wildcard bind is reachable on loopback
elif ":" in host and not host.startswith("["):
    host = f"[{host}]"
port = os.environ.get("LAB_PORT", "8080")

try:
    with urllib.request.urlopen(f"http://{host}:{port}/health", timeout=3) as resp:
        ok = resp.status == 200 and json.load(resp).get("status") == "ok"
except Exception as exc:  # any failure means unhealthy
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
sys.exit(0 if ok else 1)
