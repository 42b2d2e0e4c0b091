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
    stdout and the bulk request. Writing to stdout first means an event is
    visible in `docker logs` even if it is later dropped on its way to
    Elasticsearch.
    """

    def __init__(
        self,
        service_name: str,
        host_name: str | None = None,
        stream: TextIO | None = None,
        sink: Callable[[dict[str, Any], str], None] | None = None,
    ) -> None:
        self.service_name = service_name
        self.host_name = host_name or socket.gethostname()
        self._stream = stream
        self._sink = sink
        self._lock = threading.Lock()

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
        self._write(line)
        sink = self._sink
        if sink is not None:
            sink(event, line)
        return event

    def _write(self, line: str) -> None:
        stream = self._stream if self._stream is not None else sys.stdout
        with self._lock:
            try:
                stream.write(line + "\n")
                stream.flush()
            except (OSError, ValueError):
                # A closed or broken stdout must not take the request down with it.
                pass


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
