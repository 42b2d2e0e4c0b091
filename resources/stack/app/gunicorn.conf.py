"""gunicorn settings for the lab app.

ONE worker process with threads, on purpose: the failed-login counters, the
lockout state and the log buffer live in process memory. With several worker
processes each would keep its own copy - Prometheus would scrape a random
worker's counters, and an attacker would get `threshold x workers` attempts
before the lockout kicks in. Threads give enough concurrency for a lab.
"""

import os
import sys

# Fail fast, in the master, with a readable message instead of a worker traceback.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from labapp.config import Config, ConfigError

try:
    Config.from_env()
except ConfigError as _exc:
    sys.stderr.write(f"lab-app: configuration error: {_exc}\n")
    sys.stderr.flush()
    sys.exit(2)

_host = os.environ.get("LAB_HOST", "0.0.0.0")
_port = os.environ.get("LAB_PORT", "8080")
if ":" in _host and not _host.startswith("["):
    _host = f"[{_host}]"  # IPv6 literal

wsgi_app = "wsgi:app"
bind = [f"{_host}:{_port}"]
workers = 1
worker_class = "gthread"
threads = int(os.environ.get("LAB_THREADS", "8"))
timeout = 30
# SIGTERM: gunicorn stops accepting, lets running requests finish, then the
# worker_exit hook below flushes the log buffer (bounded to 3 s). Keep the total
# below Docker's default 10 s stop timeout.
graceful_timeout = 8
keepalive = 5
preload_app = False
# stdout carries the app's JSON events only; gunicorn's own messages go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LAB_GUNICORN_LOGLEVEL", "info")
# Request line/header limits (gunicorn defaults are generous).
limit_request_line = 8190
limit_request_fields = 100
# The app decides whether to trust X-Forwarded-For (LAB_BEHIND_PROXY); gunicorn
# must not rewrite REMOTE_ADDR or the URL scheme on its own.
forwarded_allow_ips = "127.0.0.1"
# gunicorn >= 24 opens a runtime control socket under $HOME by default. The app
# user has no home, and two instances (tests) would fight over one path: off.
control_socket_disable = True
# Heartbeat files in RAM: works with a read-only root filesystem and avoids
# worker timeouts caused by a slow overlay /tmp (gunicorn's container advice).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def worker_exit(server, worker):
    """Runs in the worker process after its loop ended (e.g. on SIGTERM)."""
    app = getattr(worker, "wsgi", None)
    extensions = getattr(app, "extensions", None) or {}
    state = extensions.get("lab")
    if state is not None:
        state.shutdown()
