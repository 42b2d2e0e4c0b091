"""Exact shape of the ECS events the app writes to stdout."""

import io
import json
import os
import re
import threading
import time
import uuid
from datetime import UTC, datetime

from werkzeug.test import EnvironBuilder

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


# ----------------------------------------------------------- batched stdout lines


class CountingStream(io.StringIO):
    """A stream that counts write calls (one per batch when batching works)."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text):
        self.writes += 1
        return super().write(text)


def lines_of(stream):
    text = stream.getvalue()
    assert text == "" or text.endswith("\n")  # whole lines only
    return [json.loads(line) for line in text.splitlines()]


def test_batched_lines_arrive_within_the_interval_in_few_writes():
    stream = CountingStream()
    logger = ev.EventLogger("svc", host_name="h1", stream=stream, flush_interval=0.2)
    try:
        for i in range(50):
            logger.emit("info", f"m{i}", dataset="lab.app")
        assert stream.getvalue() == ""  # not yet: the batch waits for the interval
        deadline = time.monotonic() + 3.0
        while len(lines_of(stream)) < 50 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert [e["message"] for e in lines_of(stream)] == [f"m{i}" for i in range(50)]
        assert stream.writes <= 2  # one batch (two if the writer woke between the emits)
    finally:
        logger.close()


def test_batched_lines_from_many_threads_are_whole_in_order_and_once():
    stream = CountingStream()
    logger = ev.EventLogger("svc", host_name="h1", stream=stream, flush_interval=0.005)

    def emit_many(t):
        for i in range(300):
            logger.emit("info", f"{t}:{i}", dataset="lab.app")

    threads = [threading.Thread(target=emit_many, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    logger.close()
    messages = [e["message"] for e in lines_of(stream)]
    assert len(messages) == 8 * 300 and len(set(messages)) == 8 * 300
    for t in range(8):  # each thread's lines in the order it emitted them
        mine = [int(m.split(":")[1]) for m in messages if m.startswith(f"{t}:")]
        assert mine == list(range(300))
    assert stream.writes < 8 * 300  # batched, not one write per line


def test_close_flushes_and_later_lines_go_straight_out():
    stream = io.StringIO()
    logger = ev.EventLogger("svc", host_name="h1", stream=stream, flush_interval=60.0)
    logger.emit("info", "before", dataset="lab.app")
    logger.emit("info", "before-2", dataset="lab.app")
    logger.close()  # no 60 s wait: close writes what is queued
    assert [e["message"] for e in lines_of(stream)] == ["before", "before-2"]
    logger.emit("info", "after", dataset="lab.app")  # e.g. the shipper's shutdown notice
    assert [e["message"] for e in lines_of(stream)] == ["before", "before-2", "after"]
    logger.close()  # twice is fine


def test_app_shutdown_flushes_batched_stdout(make_app):
    app, client, cap = make_app(create_kwargs={"stdout_flush_interval": 60.0})
    assert client.post("/login", data={"username": "x", "password": "y"}).status_code == 401
    assert cap.by_message("Failed login attempt") == []  # still in the batch
    app.extensions["lab"].shutdown(timeout=1.0)
    assert len(cap.by_message("Failed login attempt")) == 1


def test_stdout_writer_finishes_short_writes(monkeypatch, capfd):
    # A pipe may take part of a long write (a signal arrived): the rest must still be written.
    real_write = os.write
    calls = []

    def short_write(fd, data):
        calls.append(len(data))
        return real_write(fd, bytes(data[:1000]))

    monkeypatch.setattr(ev.os, "write", short_write)
    text = "".join(f'{{"n":{i},"pad":"{"x" * 90}"}}\n' for i in range(100))
    ev._write_stdout(text)
    monkeypatch.undo()
    out = capfd.readouterr().out
    assert out == text and len(calls) > 1


def test_request_without_user_agent_has_no_user_agent_object(make_app):
    app, _client, cap = make_app()
    environ = EnvironBuilder("/login", method="POST", data={"username": "x", "password": "y"}).get_environ()
    environ.pop("HTTP_USER_AGENT", None)  # werkzeug's test client always sends one
    environ["REMOTE_ADDR"] = "192.0.2.7"
    statuses = []
    b"".join(app(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    assert statuses == ["401 UNAUTHORIZED"]
    (e,) = cap.by_message("Failed login attempt")
    assert "user_agent" not in e  # a None value leaves no empty object behind
    assert e["url"] == {"path": "/login"} and e["source"] == {"ip": "192.0.2.7"}
    assert e["http"] == {"request": {"method": "POST"}, "response": {"status_code": 401}}


def test_batching_waits_instead_of_growing_while_stdout_is_blocked():
    released = threading.Event()
    written = []

    def blocked_write(text):
        released.wait(10)  # nobody reads the pipe until released
        written.append(text)

    batcher = ev._LineBatcher(blocked_write, interval=0.001, max_lines=10, max_pending=50)
    done = threading.Event()

    def produce():
        for i in range(300):
            batcher.add(f"line {i}")
        done.set()

    threading.Thread(target=produce, daemon=True).start()
    time.sleep(0.3)
    # One batch is stuck in the write, at most max_pending more wait: the producer waits instead of queueing all 300.
    assert not done.is_set()
    assert len(batcher._pending) <= 50
    released.set()
    assert done.wait(5)
    batcher.close()
    assert "".join(written).splitlines() == [f"line {i}" for i in range(300)]
