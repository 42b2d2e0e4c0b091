"""ECS-shaped log events.

Every event is a plain dict with *nested* objects ({"log": {"level": ...}}) rather
than dotted keys: Elasticsearch maps both the same way, but nested objects can
never collide with an object mapping ("log.level" vs "log": {...}).

Values that come from a request (user name, user agent, path, ...) are treated
as inert data: they are only ever truncated and stored as strings; nothing here
formats, evaluates or interprets them.

Every field an event can carry is listed, with its type, in fields.json (the
catalogue the index template is built from): a new field goes there too, or
test/app/test_fields.py fails.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import traceback
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

ECS_VERSION = "8.11.0"

# Upper bounds for stored strings. They keep one event well below any bulk size
# limit and match the `ignore_above` values of the index template (fields.json;
# test/app/test_fields.py checks every written value against them).
MAX_USER_NAME = 256
MAX_USER_AGENT = 1024
MAX_URL_PATH = 1024
MAX_REASON = 1024
MAX_ERROR_MESSAGE = 4096
MAX_STACK_TRACE = 16384

LEVELS = ("debug", "info", "warning", "error", "critical")

# event.dataset values, one per kind of event.
DATASET_AUTH = "lab.auth"
DATASET_HTTP = "lab.http"
DATASET_ADMIN = "lab.admin"
DATASET_SHIPPER = "lab.shipper"
DATASET_APP = "lab.app"


def utc_timestamp(now: datetime | None = None) -> str:
    """ISO 8601 UTC with millisecond precision, e.g. 2026-11-27T10:00:00.123Z."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    # isoformat, not strftime: a few times cheaper, and this runs for every event.
    return now.isoformat(timespec="milliseconds") + "Z"


def inert(value: Any, limit: int) -> str | None:
    """Return `value` as bounded, encodable text, or None if it is not a string.

    Lone surrogates (possible via JSON "\\ud800" escapes) cannot be encoded as
    UTF-8; they are replaced so neither stdout nor the bulk request can fail.
    """
    if not isinstance(value, str):
        return None
    text = value[:limit]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def merge_fields(*parts: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge field dicts; None values are left out."""
    out: dict[str, Any] = {}
    for part in parts:
        _merge(out, part)
    return out


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if value is None:
            continue
        if isinstance(value, dict):
            target = into.get(key)
            if isinstance(target, dict):
                _merge(target, value)
            else:
                nested: dict[str, Any] = {}
                _merge(nested, value)
                if nested:
                    into[key] = nested
        else:
            into[key] = value


def http_fields(path: str | None, method: str | None, status: int | None) -> dict[str, Any]:
    return {
        "url": {"path": inert(path, MAX_URL_PATH)},
        "http": {
            "request": {"method": inert(method, 16)},
            "response": {"status_code": status},
        },
    }


def client_fields(source_ip: str | None, user_agent: str | None) -> dict[str, Any]:
    return {
        "source": {"ip": source_ip},
        "user_agent": {"original": inert(user_agent, MAX_USER_AGENT)},
    }


def auth_fields(action: str, outcome: str, user_name: str | None) -> dict[str, Any]:
    return {
        "event": {"category": ["authentication"], "action": action, "outcome": outcome},
        "user": {"name": inert(user_name, MAX_USER_NAME)},
    }


def error_fields(exc: BaseException) -> dict[str, Any]:
    cls = type(exc)
    name = cls.__qualname__ if cls.__module__ in ("builtins", "__main__") else f"{cls.__module__}.{cls.__qualname__}"
    stack = "".join(traceback.format_exception(cls, exc, exc.__traceback__))
    return {
        "error": {
            "type": name,
            "message": inert(str(exc), MAX_ERROR_MESSAGE),
            # Keep the end of the trace: the innermost frames are the useful part.
            "stack_trace": inert(stack[-MAX_STACK_TRACE:], MAX_STACK_TRACE),
        }
    }


def build_event(
    level: str,
    message: str,
    *,
    dataset: str,
    service_name: str,
    host_name: str,
    fields: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    if level not in LEVELS:
        raise ValueError(f"unknown log level {level!r}")
    event: dict[str, Any] = {
        "@timestamp": utc_timestamp(now),
        "log": {"level": level},
        "message": message,
        "ecs": {"version": ECS_VERSION},
        "service": {"name": service_name},
        "host": {"name": host_name},
        "event": {"id": str(uuid.uuid4()), "kind": "event", "dataset": dataset},
    }
    if fields:
        _merge(event, fields)
    return event


class EventLogger:
    """Writes each event as one JSON line to `stream` and hands it to `sink`.

    `sink` is the shipper's enqueue function (or None when shipping is off); it
    gets the event and its JSON line, so the event is serialized once for both
    stdout and the bulk request. The line is queued for stdout before the event
    is handed to the sink, so an event is visible in `docker logs` even if it is
    later dropped on its way to Elasticsearch.

    `flush_interval` > 0 (the app's real stdout): lines are written in batches,
    one write per `flush_interval` at most (see _LineBatcher); 0 (tests): each
    line is written and flushed at once.
    """

    def __init__(
        self,
        service_name: str,
        host_name: str | None = None,
        stream: TextIO | None = None,
        sink: Callable[[dict[str, Any], str], None] | None = None,
        flush_interval: float = 0.0,
    ) -> None:
        self.service_name = service_name
        self.host_name = host_name or socket.gethostname()
        self._stream = stream
        self._sink = sink
        self._lock = threading.Lock()
        self._batcher = _LineBatcher(self._write_text, flush_interval) if flush_interval > 0 else None

    def set_sink(self, sink: Callable[[dict[str, Any], str], None] | None) -> None:
        self._sink = sink

    def emit(self, level: str, message: str, *, dataset: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
        event = build_event(
            level,
            message,
            dataset=dataset,
            service_name=self.service_name,
            host_name=self.host_name,
            fields=fields,
        )
        # ensure_ascii keeps the line pure ASCII: terminals and log drivers can never
        # choke on it, and control characters in user input stay escaped.
        line = json.dumps(event, ensure_ascii=True, separators=(",", ":"))
        if self._batcher is not None:
            self._batcher.add(line)
        else:
            self._write_text(line + "\n")
        sink = self._sink
        if sink is not None:
            sink(event, line)
        return event

    def flush(self) -> None:
        """Write every queued line now (no-op without batching)."""
        if self._batcher is not None:
            self._batcher.flush()

    def close(self) -> None:
        """Flush and stop batching: lines emitted afterwards are written at once. Safe to call twice."""
        if self._batcher is not None:
            self._batcher.close()

    def _write_text(self, text: str) -> None:
        with self._lock:
            try:
                if self._stream is None:
                    _write_stdout(text)
                else:
                    self._stream.write(text)
                    self._stream.flush()
            except (OSError, ValueError):
                # A closed or broken stdout must not take the request down with it.
                pass


def _write_stdout(text: str) -> None:
    """Writes all of `text` to the process's stdout.

    The image's stdout is unbuffered (PYTHONUNBUFFERED): sys.stdout.write hands the bytes to one write(2) and ignores
    a short count, which a pipe can return for a write longer than PIPE_BUF interrupted by a signal. A batch of lines
    is that long, so it goes to the file descriptor here, in a loop until every byte is written.
    """
    out = sys.stdout
    try:
        fd = out.fileno()
    except (OSError, ValueError, AttributeError):  # replaced by something without a descriptor (e.g. a test capture)
        out.write(text)
        out.flush()
        return
    out.flush()  # anything the stream holds goes first
    view = memoryview(text.encode("utf-8"))
    while view:
        view = view[os.write(fd, view) :]


class _LineBatcher:
    """Collects lines and writes them in one call per `interval` seconds at most, in order.

    Why: one write per event cost the app a system call and a lock hand-off per
    request, and the container engine a wake-up per line on its way to `docker
    logs` (profiled under the ingest benchmark). Batched, a line reaches stdout
    at most `interval` later (the app uses 50 ms); what is written is whole
    lines, in the order they were added. Nothing is dropped: the writer is woken
    early once `max_lines` wait, and while `max_pending` wait (stdout blocked,
    e.g. nobody reads the pipe) add() blocks, as a blocked write did before, so
    memory stays bounded. flush() writes at once; close() (the app's shutdown, via
    gunicorn's worker_exit and atexit) flushes and makes later lines synchronous.
    A process killed outright (SIGKILL) loses at most the last `interval` of
    stdout lines; those events still went to the shipper's buffer.

    The writer thread sleeps while nothing is queued: an idle app does not wake up.
    """

    def __init__(
        self, write: Callable[[str], None], interval: float, max_lines: int = 512, max_pending: int = 10000
    ) -> None:
        self._write = write
        self._interval = interval
        self._max_lines = max_lines
        self._max_pending = max(max_pending, max_lines)
        lock = threading.Lock()
        self._cond = threading.Condition(lock)  # the writer thread waits here for lines
        self._room = threading.Condition(lock)  # add() waits here while `max_pending` lines wait
        self._pending: list[str] = []
        # Held while a batch is taken AND written, so two writers (the thread, a flush()) cannot swap batches.
        self._write_lock = threading.Lock()
        self._closed = False
        self._thread: threading.Thread | None = None

    def add(self, line: str) -> None:
        with self._cond:
            while len(self._pending) >= self._max_pending and not self._closed:
                self._room.wait()  # stdout is not keeping up: wait, as a blocked write did
            if not self._closed:
                self._pending.append(line)
                if self._thread is None:
                    # Started on first use, i.e. in the process that writes (after gunicorn's fork).
                    self._thread = threading.Thread(target=self._run, name="lab-stdout", daemon=True)
                    self._thread.start()
                if len(self._pending) == 1 or len(self._pending) >= self._max_lines:
                    self._cond.notify()
                return
        # Closed: write through, in order after everything flushed by close().
        with self._write_lock:
            self._write(line + "\n")

    def flush(self) -> None:
        with self._write_lock:
            with self._cond:
                batch, self._pending = self._pending, []
                self._room.notify_all()  # room again for add()s waiting on a full list
            if batch:
                self._write("\n".join(batch) + "\n")

    def close(self) -> None:
        # Under the write lock: a line added after this (written through) cannot overtake the last batch.
        with self._write_lock:
            with self._cond:
                self._closed = True
                batch, self._pending = self._pending, []
                self._cond.notify_all()
                self._room.notify_all()
            if batch:
                self._write("\n".join(batch) + "\n")
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(1.0)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                # The first line of a batch waits `interval` for the others (less if many arrive).
                if len(self._pending) < self._max_lines:
                    self._cond.wait(self._interval)
                if self._closed:
                    return
            self.flush()


def iter_json_lines(text: str) -> Iterable[dict[str, Any]]:
    """Parse JSON lines (helper for tests and tooling); skips non-JSON lines."""
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError:
            continue
