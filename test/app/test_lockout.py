"""Lockout policy (unit, with a fake clock) and its admin API."""

import hmac
import threading
import time

import pytest

import labapp.app
from conftest import ADMIN_TOKEN, DEMO_PASSWORD
from labapp.lockout import LockoutPolicy


class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def auth(token=ADMIN_TOKEN):
    return {"Authorization": f"Bearer {token}"}


# ------------------------------------------------------------------ policy


def test_disabled_by_default_never_locks():
    clock = FakeClock()
    p = LockoutPolicy(clock=clock)
    for _ in range(50):
        p.record_failure("1.2.3.4")
    assert p.retry_after("1.2.3.4") is None


def test_threshold_window_and_per_source():
    clock = FakeClock()
    p = LockoutPolicy(enabled=True, threshold=3, window_seconds=60, clock=clock)
    for _ in range(2):
        p.record_failure("1.1.1.1")
    assert p.retry_after("1.1.1.1") is None  # 2 < 3
    p.record_failure("1.1.1.1")
    assert p.retry_after("1.1.1.1") == pytest.approx(60)
    assert p.retry_after("2.2.2.2") is None  # other sources unaffected
    clock.t += 59.5
    assert p.retry_after("1.1.1.1") == pytest.approx(0.5)
    clock.t += 0.6
    assert p.retry_after("1.1.1.1") is None  # window passed


def test_failures_spread_beyond_window_do_not_lock():
    clock = FakeClock()
    p = LockoutPolicy(enabled=True, threshold=3, window_seconds=10, clock=clock)
    for _ in range(10):
        p.record_failure("1.1.1.1")
        clock.t += 6  # never 3 within 10 s
    assert p.retry_after("1.1.1.1") is None


def test_success_resets_and_enabling_later_counts_earlier_failures():
    clock = FakeClock()
    p = LockoutPolicy(enabled=False, threshold=2, window_seconds=60, clock=clock)
    p.record_failure("a")
    p.record_failure("a")
    p.configure(enabled=True)
    assert p.retry_after("a") is not None
    p.record_success("a")
    assert p.retry_after("a") is None


def test_source_table_is_bounded():
    p = LockoutPolicy(enabled=True, threshold=1, window_seconds=60, clock=FakeClock(), max_sources=100)
    for i in range(1000):
        p.record_failure(f"10.0.{i // 256}.{i % 256}")
    assert p.tracked_sources() == 100


def run_concurrently(n, fn):
    """Call fn(i) from n threads released together; returns the results by i."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def worker(i):
        barrier.wait()
        results[i] = fn(i)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads)
    return results


def test_begin_attempt_checks_and_counts_in_one_step():
    clock = FakeClock()
    p = LockoutPolicy(enabled=True, threshold=3, window_seconds=60, clock=clock)
    assert [p.begin_attempt("a") for _ in range(3)] == [None, None, None]
    assert p.begin_attempt("a") == pytest.approx(60)
    clock.t += 10
    assert p.begin_attempt("a") == pytest.approx(50)  # blocked attempts do not extend the lockout
    assert p.begin_attempt("b") is None
    p.record_success("a")  # right credentials: the counted attempt is undone
    assert p.begin_attempt("a") is None


def test_begin_attempt_counts_while_disabled():
    p = LockoutPolicy(enabled=False, threshold=2, window_seconds=60, clock=FakeClock())
    assert [p.begin_attempt("a") for _ in range(5)] == [None] * 5
    p.configure(enabled=True)
    assert p.begin_attempt("a") is not None


def test_concurrent_attempts_never_exceed_threshold():
    p = LockoutPolicy(enabled=True, threshold=5, window_seconds=60)
    results = run_concurrently(32, lambda i: p.begin_attempt("192.0.2.1"))
    assert sum(1 for r in results if r is None) == 5
    assert all(r > 0 for r in results if r is not None)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"threshold": 0},
        {"threshold": True},
        {"window_seconds": 0},
        {"threshold": "5"},
        {"enabled": "yes"},
        {"threshold": 100000},
    ],
)
def test_configure_validates(kwargs):
    p = LockoutPolicy()
    with pytest.raises(ValueError):
        p.configure(**kwargs)
    assert p.state() == {"enabled": False, "threshold": 5, "window_seconds": 60}


# ----------------------------------------------------------------- via app


def fail(client, ip="192.0.2.1"):
    return client.post("/login", data={"username": "demo", "password": "bad"}, environ_base={"REMOTE_ADDR": ip})


def test_app_lockout_429_after_threshold(make_app):
    clock = FakeClock()
    _app, client, cap = make_app(
        lockout_enabled=True, lockout_threshold=5, lockout_window_seconds=60, create_kwargs={"clock": clock}
    )
    codes = [fail(client).status_code for _ in range(7)]
    assert codes == [401] * 5 + [429] * 2
    r = fail(client)
    assert r.status_code == 429
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    # correct password is blocked too while locked out
    ok = client.post(
        "/login", data={"username": "demo", "password": DEMO_PASSWORD}, environ_base={"REMOTE_ADDR": "192.0.2.1"}
    )
    assert ok.status_code == 429
    locked = cap.by_action("login-locked-out")
    assert len(locked) == 4
    assert locked[0]["message"] == "Login blocked by lockout"
    assert locked[0]["event"]["category"] == ["authentication"]
    assert locked[0]["event"]["outcome"] == "failure"
    assert locked[0]["http"]["response"]["status_code"] == 429
    assert len(cap.by_message("Failed login attempt")) == 5  # blocked attempts are not failures
    # another source is not affected
    assert fail(client, ip="198.51.100.2").status_code == 401
    # after the window it opens again
    clock.t += 61
    assert fail(client).status_code == 401


class SlowHmac:
    """Stands in for the app's `hmac` module: the credential check takes 20 ms.
    That is the gap in which a lockout that checks first and records later lets
    every concurrent request through; an atomic check-and-record does not care."""

    @staticmethod
    def compare_digest(a, b):
        time.sleep(0.02)
        return hmac.compare_digest(a, b)


def test_concurrent_wrong_passwords_get_at_most_threshold_guesses(make_app, monkeypatch):
    monkeypatch.setattr(labapp.app, "hmac", SlowHmac)
    app, client, cap = make_app(lockout_enabled=True, lockout_threshold=5, lockout_window_seconds=60)
    clients = [app.test_client() for _ in range(32)]  # one per thread
    codes = run_concurrently(32, lambda i: fail(clients[i]).status_code)
    assert sorted(codes) == [401] * 5 + [429] * 27
    assert len(cap.by_message("Failed login attempt")) == 5  # evaluated as password guesses
    assert len(cap.by_action("login-locked-out")) == 27
    text = client.get("/metrics").get_data(as_text=True)
    assert "lab_failed_logins_total 5.0" in text and "lab_login_lockouts_total 27.0" in text


def test_correct_login_is_not_left_counted_as_failure(make_app):
    _app, client, _cap = make_app(lockout_enabled=True, lockout_threshold=2, lockout_window_seconds=60)
    good = {"username": "demo", "password": DEMO_PASSWORD}
    for _ in range(5):
        assert client.post("/login", data=good, environ_base={"REMOTE_ADDR": "192.0.2.1"}).status_code == 200
    assert [fail(client).status_code for _ in range(3)] == [401, 401, 429]


def test_lockout_off_by_default_in_app(make_app):
    _app, client, _cap = make_app()
    assert [fail(client).status_code for _ in range(30)] == [401] * 30


def test_malformed_requests_do_not_feed_lockout(make_app):
    _app, client, _cap = make_app(lockout_enabled=True, lockout_threshold=1)
    for _ in range(5):
        assert client.post("/login", data={"username": "demo"}).status_code == 400
    assert fail(client, ip="127.0.0.1").status_code == 401
    assert fail(client, ip="127.0.0.1").status_code == 429


def test_admin_requires_token(make_app):
    app, client, cap = make_app()
    body = {"enabled": True}
    assert client.post("/admin/lockout", json=body).status_code == 403
    assert client.post("/admin/lockout", json=body, headers=auth("wrong")).status_code == 403
    assert client.post("/admin/lockout", json=body, headers={"Authorization": ADMIN_TOKEN}).status_code == 403
    assert (
        client.post("/admin/lockout", json=body, headers={"Authorization": f"Basic {ADMIN_TOKEN}"}).status_code == 403
    )
    assert client.get("/admin/lockout", headers=auth(ADMIN_TOKEN + "x")).status_code == 403
    assert app.extensions["lab"].lockout.enabled is False
    events = cap.by_action("admin-auth-failed")
    assert len(events) == 5
    assert events[0]["event"]["category"] == ["iam"]
    assert ADMIN_TOKEN not in cap.stream.getvalue()


def test_admin_disabled_without_token(make_app):
    _app, client, _cap = make_app(admin_token=None)
    assert client.get("/admin/lockout", headers=auth("")).status_code == 403
    assert client.get("/admin/lockout", headers={"Authorization": "Bearer "}).status_code == 403
    assert client.post("/admin/lockout", json={"enabled": True}, headers=auth("None")).status_code == 403


def test_admin_runtime_switch(make_app):
    _app, client, cap = make_app()
    r = client.get("/admin/lockout", headers=auth())
    assert r.status_code == 200
    assert r.get_json() == {"enabled": False, "threshold": 5, "window_seconds": 60}
    assert [fail(client).status_code for _ in range(3)] == [401] * 3

    r = client.post("/admin/lockout", json={"enabled": True, "threshold": 3, "window_seconds": 120}, headers=auth())
    assert r.status_code == 200
    assert r.get_json() == {"enabled": True, "threshold": 3, "window_seconds": 120}
    assert fail(client).status_code == 429  # the 3 earlier failures already count
    (changed,) = cap.by_action("lockout-config-changed")
    assert changed["lab"]["lockout"] == {"enabled": True, "threshold": 3, "window_seconds": 120}
    assert "lab_lockout_enabled 1.0" in client.get("/metrics").get_data(as_text=True)

    r = client.post("/admin/lockout", json={"enabled": False}, headers=auth())
    assert r.get_json() == {"enabled": False, "threshold": 3, "window_seconds": 120}
    assert fail(client).status_code == 401
    assert client.get("/admin/lockout", headers=auth()).get_json()["enabled"] is False


@pytest.mark.parametrize(
    "body",
    [
        {"threshold": 3},  # enabled missing
        {"enabled": "true"},
        {"enabled": True, "threshold": 0},
        {"enabled": True, "threshold": 2.5},
        {"enabled": True, "window_seconds": -5},
        {"enabled": True, "treshold": 3},  # typo must not be ignored silently
        [True],
    ],
)
def test_admin_rejects_bad_bodies(make_app, body):
    app, client, _cap = make_app()
    r = client.post("/admin/lockout", json=body, headers=auth())
    assert r.status_code == 400
    assert app.extensions["lab"].lockout.state() == {"enabled": False, "threshold": 5, "window_seconds": 60}


def test_admin_rejects_invalid_json(make_app):
    _app, client, _cap = make_app()
    r = client.post("/admin/lockout", data=b"{nope", content_type="application/json", headers=auth())
    assert r.status_code == 400


def test_admin_rejects_duplicate_json_keys(make_app):
    app, client, _cap = make_app()
    r = client.post(
        "/admin/lockout", data=b'{"enabled": false, "enabled": true}', content_type="application/json", headers=auth()
    )
    assert r.status_code == 400
    assert r.get_json()["reason"] == "duplicate JSON key: enabled"
    assert app.extensions["lab"].lockout.enabled is False
