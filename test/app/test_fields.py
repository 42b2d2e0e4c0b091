"""The field catalogue (labapp/fields.json) against what the app really writes.

Events of every kind are made with the real code: the app's routes (auth, http, admin, app start) and a
real LogShipper reporting its own troubles (shipper). Every field they carry must be catalogued, hold a
value of the catalogued type (the type it is mapped with, unless the catalogue says it is not mapped);
every catalogued field must be written by some event. A field added to an event but not to the catalogue
(or the other way round) fails here. That the template maps the catalogue as it says is test_mapping.py;
the extension's side is test/unit/core/logs/fieldCatalogue.test.ts.
"""

import io
import ipaddress
import threading
import time
from collections import deque
from datetime import datetime

import pytest

from conftest import ADMIN_TOKEN, DEMO_PASSWORD
from labapp import events as ev
from labapp.mapping import CATALOGUE_PATH, FIELDS, is_mapped
from labapp.shipper import LogShipper
from labapp.transport import ShipRejected, ShipUnavailable

LONG = "x" * 5000


def leaves(obj, prefix=""):
    """(dotted path, value) of every non-object value; a list is one value (ES maps its elements)."""
    for key, value in obj.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from leaves(value, path + ".")
        else:
            yield path, value


def has_type(value, es_type):
    if isinstance(value, list):
        return bool(value) and all(has_type(v, es_type) for v in value)
    if es_type in ("keyword", "text"):
        return isinstance(value, str)
    if es_type == "long":
        return isinstance(value, int) and not isinstance(value, bool)
    if es_type == "boolean":
        return isinstance(value, bool)
    if es_type == "date":
        try:
            return isinstance(value, str) and datetime.fromisoformat(value.replace("Z", "+00:00")) is not None
        except ValueError:
            return False
    if es_type == "ip":
        try:
            return isinstance(value, str) and ipaddress.ip_address(value) is not None
        except ValueError:
            return False
    raise AssertionError(f"no value check for type {es_type}")


class NoES:
    """Accepts the template and every bulk: enough for an app with shipping on whose shipper never starts."""

    def put_index_template(self, name, body, timeout):
        pass

    def bulk(self, operations, timeout):
        return {"items": [{"create": {"status": 201}} for _ in operations[0::2]]}


def app_events(make_app):
    """Events of the app itself: start (shipping off and on, behind a proxy or not), every auth outcome,
    an unhandled exception, admin refused and admin lockout change. Long inputs test the bounds."""
    out = []
    _app, _client, cap = make_app(behind_proxy=True, trusted_proxy_hops=1)
    out += cap.all()
    _app, _client, cap = make_app(
        elasticsearch_url="http://127.0.0.1:9", create_kwargs={"transport": NoES(), "start_shipper": False}
    )
    out += cap.all()

    _app, client, cap = make_app(lockout_enabled=True, lockout_threshold=2, lockout_window_seconds=60)
    ua = {"User-Agent": LONG}
    assert client.post("/login", json={"username": "demo", "password": DEMO_PASSWORD}, headers=ua).status_code == 200
    assert client.post("/login", data={"username": "x" * 256, "password": "nope"}, headers=ua).status_code == 401
    assert client.post("/login", data={"username": "mallory", "password": "nope"}).status_code == 401
    assert client.post("/login", data={"username": "mallory", "password": "nope"}).status_code == 429
    assert client.post("/login", data={"username": LONG, "password": "x"}).status_code == 400
    assert client.post("/login", data="{", content_type="application/json").status_code == 400
    assert client.get("/error", headers=ua).status_code == 500
    assert client.get("/admin/lockout", headers={"Authorization": "Bearer wrong"}).status_code == 403
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    body = {"enabled": True, "threshold": 3, "window_seconds": 30}
    assert client.post("/admin/lockout", json=body, headers=admin).status_code == 200
    out += cap.all()
    return out


class ScriptedES:
    """The template: refused, then unreachable, then accepted. Bulks: a worker crash, 429 for every item
    (retried), then 400 for every item (given up)."""

    def __init__(self):
        self.template = deque([ShipRejected("HTTP 400 bad template", 400), ShipUnavailable("unreachable")])
        self.bulks = deque([RuntimeError("boom"), 429, 400])

    def put_index_template(self, name, body, timeout):
        if self.template:
            raise self.template.popleft()

    def bulk(self, operations, timeout):
        answer = self.bulks.popleft() if self.bulks else 201
        if isinstance(answer, Exception):
            raise answer
        error = {"type": "x_exception", "reason": LONG}
        return {"items": [{"create": {"status": answer, "error": error}} for _ in operations[0::2]]}


def shipper_events():
    """The shipper's own events, written through the app's real EventLogger: template refused, ES
    unavailable and back, template installed, buffer overflow, worker error, items retried and given up,
    events left at shutdown."""
    stream = io.StringIO()
    logger = ev.EventLogger("lab-app", stream=stream)
    opts = dict(
        buffer_max=2, batch_size=2, flush_interval=0.01, backoff_initial=0.001, backoff_max=0.002, warn_interval=0.0
    )

    def payload(n):
        return ev.build_event("info", f"payload {n}", dataset="lab.test", service_name="t", host_name="h")

    def actions():
        return [e["event"]["action"] for e in ev.iter_json_lines(stream.getvalue())]

    shipper = LogShipper(ScriptedES(), "lab-logs", **opts)
    shipper.attach_logger(logger.emit)
    for n in range(3):
        shipper.enqueue(payload(n))  # one more than the buffer holds: overflow
    shipper.start()
    deadline = time.monotonic() + 5
    while "log-delivery-failed" not in actions() and time.monotonic() < deadline:
        time.sleep(0.01)
    shipper.close(1.0)

    idle = LogShipper(ScriptedES(), "lab-logs", **opts)
    idle.attach_logger(logger.emit)
    idle.enqueue(payload(9))
    idle.close(0.1)  # never started: the event is left over
    got = list(ev.iter_json_lines(stream.getvalue()))
    assert not [t for t in threading.enumerate() if t.name == "lab-log-shipper" and t.is_alive()]
    return got


SHIPPER_ACTIONS = {
    "log-template-failed",
    "log-shipping-unavailable",
    "log-shipping-resumed",
    "log-template-installed",
    "log-buffer-overflow",
    "log-shipper-error",
    "log-delivery-retrying",
    "log-delivery-failed",
    "log-shutdown-undelivered",
}


@pytest.fixture
def emitted(make_app):
    events = app_events(make_app) + shipper_events()
    assert events
    return events


def test_events_of_every_kind_are_made(emitted):
    datasets = {e["event"]["dataset"] for e in emitted}
    kinds = {value for name, value in vars(ev).items() if name.startswith("DATASET_")}
    assert kinds <= datasets, f"no event made for {kinds - datasets}: add one to this test"
    actions = {e["event"].get("action") for e in emitted}
    assert actions >= SHIPPER_ACTIONS, SHIPPER_ACTIONS - actions


def test_every_emitted_field_is_catalogued_with_a_value_of_its_type(emitted):
    problems = set()
    for e in emitted:
        for path, value in leaves(e):
            entry = FIELDS.get(path)
            if entry is None:
                problems.add(f"{path} (dataset {e['event']['dataset']}) is not in {CATALOGUE_PATH.name}")
            elif not has_type(value, entry["type"]):
                problems.add(f"{path} = {value!r:.60} is not a {entry['type']}")
    assert not problems, sorted(problems)


def test_every_catalogued_field_is_written_by_some_event(emitted):
    written = {path for e in emitted for path, _ in leaves(e)}
    stale = set(FIELDS) - written
    assert not stale, f"catalogued but never written (remove, or make the event in this test): {sorted(stale)}"


def test_bounded_keywords_are_written_within_ignore_above(emitted):
    # A keyword longer than ignore_above is stored but not indexed: it could never be found by its value.
    for e in emitted:
        for path, value in leaves(e):
            limit = FIELDS.get(path, {}).get("ignore_above")
            if limit is not None:
                assert len(value) <= limit, (path, len(value))


def test_catalogue_flags_what_the_extension_reads():
    read = {name for name, entry in FIELDS.items() if entry.get("readByExtension")}
    # The exact set is the TypeScript test's business; here: the basics the panels cannot do without.
    assert {"@timestamp", "event.id", "event.action", "source.ip", "user.name"} <= read
    assert all(is_mapped(FIELDS[name]) for name in read)
