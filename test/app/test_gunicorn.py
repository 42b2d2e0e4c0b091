"""The real server: gunicorn on 127.0.0.1:<free port>, SIGTERM handling, config checks."""

import http.client
import json
import runpy
import signal
import subprocess
import sys
import time

import pytest

from conftest import APP_DIR, DEMO_PASSWORD, ClosedPort, clean_env, free_port
from fake_es import FakeElasticsearch


def start(env):
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=APP_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def request(port, method, path, body=None, headers=None, **kw):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request(method, path, body=body, headers=headers or {}, **kw)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def wait_healthy(port, proc, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"gunicorn exited early: {proc.communicate()}")
        try:
            status, body = request(port, "GET", "/health")
            if status == 200:
                return json.loads(body)
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("gunicorn did not become healthy")


@pytest.fixture
def es():
    server = FakeElasticsearch().start()
    yield server
    server.stop()


def test_gunicorn_serves_ships_and_stops_on_sigterm(es):
    port = free_port()
    env = clean_env(
        LAB_HOST="127.0.0.1",
        LAB_PORT=str(port),
        LAB_DEMO_PASSWORD=DEMO_PASSWORD,
        LAB_ELASTICSEARCH_URL=es.url,
        LAB_ADMIN_TOKEN="tok",
    )
    proc = start(env)
    try:
        health = wait_healthy(port, proc)
        assert health["status"] == "ok"
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        assert request(port, "POST", "/login", "username=demo&password=wrong", form)[0] == 401
        assert request(port, "POST", "/login", f"username=demo&password={DEMO_PASSWORD}", form)[0] == 200
        status, body = request(port, "GET", "/error")
        assert status == 500 and b"Traceback" not in body
        # chunked body without Content-Length above 16 kB: still a 400, not a crash
        status, _ = request(
            port,
            "POST",
            "/login",
            iter([b"username=" + b"a" * 20000]),
            form | {"Transfer-Encoding": "chunked"},
            encode_chunked=True,
        )
        assert status == 400
        status, metrics = request(port, "GET", "/metrics")
        assert status == 200 and b"lab_failed_logins_total 1.0" in metrics
        # log right before SIGTERM: must still be flushed on the way out
        assert request(port, "POST", "/login", "username=last-one&password=x", form)[0] == 401
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
        elapsed = time.monotonic() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert elapsed < 5.0
    events = [json.loads(line) for line in out.splitlines()]  # stdout is JSON lines only
    messages = [e["message"] for e in events]
    assert messages.count("Failed login attempt") == 2
    assert "Login succeeded" in messages and "Unhandled exception" in messages
    assert "Malformed login request" in messages
    assert es.wait_for(lambda f: any(d.get("user", {}).get("name") == "last-one" for d in f.docs.values()), timeout=1)
    assert "Worker exiting" in err


def test_gunicorn_stops_within_bound_when_es_unreachable():
    port = free_port()
    down = ClosedPort()
    env = clean_env(
        LAB_HOST="127.0.0.1", LAB_PORT=str(port), LAB_DEMO_PASSWORD=DEMO_PASSWORD, LAB_ELASTICSEARCH_URL=down.url
    )
    proc = start(env)
    try:
        wait_healthy(port, proc)
        assert (
            request(
                port, "POST", "/login", "username=x&password=y", {"Content-Type": "application/x-www-form-urlencoded"}
            )[0]
            == 401
        )
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
        elapsed = time.monotonic() - t0
    finally:
        down.release()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert elapsed < 6.0, (elapsed, err)  # 3 s flush budget + slack, well under docker's 10 s
    notices = [json.loads(line) for line in out.splitlines() if "log-shutdown-undelivered" in line]
    assert notices, (out, err)
    assert notices[0]["lab"]["dropped_events"] >= 2  # app-started + the failed login


def test_gunicorn_fails_fast_without_password():
    port = free_port()
    proc = start(clean_env(LAB_HOST="127.0.0.1", LAB_PORT=str(port)))
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode != 0
    assert "LAB_DEMO_PASSWORD is required" in err


def test_gunicorn_config_one_worker_threads(monkeypatch):
    monkeypatch.setenv("LAB_DEMO_PASSWORD", "x")
    monkeypatch.delenv("LAB_HOST", raising=False)
    monkeypatch.delenv("LAB_PORT", raising=False)
    cfg = runpy.run_path(str(APP_DIR / "gunicorn.conf.py"))
    assert cfg["workers"] == 1
    assert cfg["worker_class"] == "gthread" and cfg["threads"] >= 2
    assert cfg["bind"] == ["0.0.0.0:8080"]
    assert cfg["preload_app"] is False  # the shipper thread must start in the worker
    assert cfg["graceful_timeout"] < 10
    monkeypatch.setenv("LAB_HOST", "127.0.0.1")
    monkeypatch.setenv("LAB_PORT", "9999")
    assert runpy.run_path(str(APP_DIR / "gunicorn.conf.py"))["bind"] == ["127.0.0.1:9999"]
