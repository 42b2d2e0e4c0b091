"""Exact shape of the ECS events the app writes to stdout."""

import re
import uuid
from datetime import UTC, datetime

from conftest import DEMO_PASSWORD
from labapp import events as ev

TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
BASE_KEYS = {"@timestamp", "log", "message", "ecs", "service", "host", "event"}


def assert_base(e, level, message):
    assert set(e) >= BASE_KEYS
    assert TS.match(e["@timestamp"]), e["@timestamp"]
    assert e["log"] == {"level": level}
    assert e["message"] == message
    assert e["ecs"]["version"] == ev.ECS_VERSION
    assert e["service"]["name"] == "lab-app"
    assert isinstance(e["host"]["name"], str) and e["host"]["name"]
    assert uuid.UUID(e["event"]["id"]).version == 4
    assert e["event"]["dataset"]

    # Nested objects only: no dotted keys anywhere.
    def walk(obj):
        for key, value in obj.items():
            assert "." not in key, key
            if isinstance(value, dict):
                walk(value)

    walk(e)


def test_timestamp_format_has_milliseconds_and_z():
    t = datetime(2026, 11, 27, 10, 0, 0, 123456, tzinfo=UTC)
    assert ev.utc_timestamp(t) == "2026-11-27T10:00:00.123Z"


def test_failed_login_event_shape(make_app):
    _app, client, cap = make_app()
    r = client.post("/login", data={"username": "mallory", "password": "nope"}, headers={"User-Agent": "ua-test/1.0"})
    assert r.status_code == 401
    (e,) = cap.by_message("Failed login attempt")
    assert_base(e, "warning", "Failed login attempt")
    assert e["event"]["category"] == ["authentication"]
    assert e["event"]["outcome"] == "failure"
    assert e["event"]["action"] == "login-failed"
    assert e["event"]["dataset"] == "lab.auth"
    assert e["user"] == {"name": "mallory"}
    assert e["source"] == {"ip": "127.0.0.1"}
    assert e["user_agent"] == {"original": "ua-test/1.0"}
    assert e["url"] == {"path": "/login"}
    assert e["http"] == {"request": {"method": "POST"}, "response": {"status_code": 401}}
    assert "error" not in e


def test_success_event_shape(make_app):
    _app, client, cap = make_app()
    r = client.post("/login", json={"username": "demo", "password": DEMO_PASSWORD})
    assert r.status_code == 200
    (e,) = cap.by_message("Login succeeded")
    assert_base(e, "info", "Login succeeded")
    assert e["event"]["category"] == ["authentication"]
    assert (e["event"]["outcome"], e["event"]["action"]) == ("success", "login-succeeded")
    assert e["user"]["name"] == "demo"
    assert e["http"]["response"]["status_code"] == 200


def test_error_event_shape(make_app):
    _app, client, cap = make_app()
    assert client.get("/error").status_code == 500
    (e,) = cap.by_action("unhandled-exception")
    assert_base(e, "error", "Unhandled exception")
    assert e["error"]["type"] == "RuntimeError"
    assert e["error"]["message"] == "Simulated failure triggered via /error"
    assert e["error"]["stack_trace"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: Simulated failure" in e["error"]["stack_trace"]
    assert e["url"]["path"] == "/error"
    assert e["http"]["response"]["status_code"] == 500


def test_event_ids_unique_and_every_line_is_json(make_app):
    _app, client, cap = make_app()
    for _ in range(20):
        client.post("/login", data={"username": "x", "password": "y"})
    client.get("/error")
    events = cap.all()  # raises if any line is not JSON
    assert len(events) == 22  # app-started + 20 failures + 1 error
    ids = [e["event"]["id"] for e in events]
    assert len(set(ids)) == len(ids)


def test_service_name_from_config(make_app):
    _app, client, cap = make_app(service_name="shop-frontend")
    client.post("/login", data={"username": "x", "password": "y"})
    assert {e["service"]["name"] for e in cap.all()} == {"shop-frontend"}


def test_inert_truncates_and_rejects_non_strings():
    assert ev.inert("a" * 300, 256) == "a" * 256
    assert ev.inert(12, 256) is None
    assert ev.inert({"$gt": ""}, 256) is None
    assert ev.inert("\ud800x", 10) == "?x"  # lone surrogate made encodable


def test_stdout_is_default_stream(capsys):
    logger = ev.EventLogger("svc", host_name="h1")
    logger.emit("info", "hello", dataset="lab.app")
    out = capsys.readouterr().out
    (e,) = list(ev.iter_json_lines(out))
    assert e["message"] == "hello" and e["host"]["name"] == "h1"
    assert out.endswith("\n") and out.count("\n") == 1
