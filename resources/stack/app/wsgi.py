"""WSGI entry point: `gunicorn --config gunicorn.conf.py` loads `wsgi:app`.

The app (and its log shipper thread) is created here, i.e. inside the worker
process after the fork; threads do not survive a fork, so it must not be
preloaded in the gunicorn master.
"""

import atexit

from labapp import create_app

app = create_app()

# gunicorn.conf.py's worker_exit hook flushes on SIGTERM; this covers other
# servers (e.g. `flask --app wsgi run`). shutdown() is idempotent.
atexit.register(app.extensions["lab"].shutdown)
