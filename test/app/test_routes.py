"""/error, /health, /metrics and X-Forwarded-For handling."""

import flask
import pytest
from prometheus_client.parser import text_string_to_metric_families
from werkzeug.middleware.proxy_fix import ProxyFix

from conftest import DEMO_PASSWORD
from labapp.validation import client_ip


def samples(client):
    r = client.get("/metrics")
    assert r.status_code == 200
    assert r.content_type.startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(r.get_data(as_text=True)):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def test_error_returns_generic_500_without_internals(make_app):
    _app, client, cap = make_app()
    r = client.get("/error")
    assert r.status_code == 500
    assert r.mimetype == "application/json"
    body = r.get_json()
    assert set(body) == {"error", "event_id"}
    assert body["error"] == "internal server error"
    text = r.get_data(as_text=True)
    for leak in ("Traceback", "RuntimeError", "Simulated failure", ".py", "line ", "labapp"):
        assert leak not in text
    # the id points at the logged event
    (e,) = cap.by_action("unhandled-exception")
    assert e["event"]["id"] == body["event_id"]


def test_error_counts(make_app):
    _app, client, cap = make_app()
    for _ in range(3):
        client.get("/error")
    assert samples(client)[("lab_errors_total", ())] == 3
    assert len(cap.by_action("unhandled-exception")) == 3


def test_health(make_app):
    _app, client, cap = make_app()
    r = client.get("/health")
    assert r.status_code == 200
    assert r.get_json() == {"status": "ok", "service": "lab-app", "log_shipping": "disabled"}
    assert cap.by_action("app-started")  # health checks themselves are not logged
    assert len(cap.all()) == 1


def test_health_reports_dropped_log_events(make_app):
    app, client, _cap = make_app(elasticsearch_url="http://127.0.0.1:9", create_kwargs={"start_shipper": False})
    body = client.get("/health").get_json()
    assert body["log_dropped"] == 0
    assert body["log_dropped_by_reason"] == {"buffer_overflow": 0, "rejected": 0, "shutdown": 0}
    shipper = app.extensions["lab"].shipper
    shipper.buffer_max = 2  # the buffer overflows with the next events
    for _ in range(5):
        client.post("/login", data={"username": "u", "password": "p"})
    body = client.get("/health").get_json()
    assert body["log_buffer"] == 2
    assert body["log_dropped"] == body["log_dropped_by_reason"]["buffer_overflow"] >= 3
    s = samples(client)
    assert s[("lab_log_events_dropped_total", (("reason", "buffer_overflow"),))] == body["log_dropped"]


def test_404_is_json_and_not_an_error_event(make_app):
    _app, client, cap = make_app()
    r = client.get("/does-not-exist")
    assert r.status_code == 404 and r.get_json() == {"error": "not found"}
    assert cap.by_action("unhandled-exception") == []


def test_metrics_exposition(make_app):
    _app, client, _cap = make_app()
    client.post("/login", data={"username": "demo", "password": "bad"})
    client.post("/login", data={"username": "demo", "password": "bad"})
    client.post("/login", data={"username": "demo", "password": DEMO_PASSWORD})
    client.get("/error")
    s = samples(client)
    assert s[("lab_failed_logins_total", ())] == 2
    assert s[("lab_successful_logins_total", ())] == 1
    assert s[("lab_errors_total", ())] == 1
    for reason in ("buffer_overflow", "rejected", "shutdown"):  # every reason exposed from the start
        assert s[("lab_log_events_dropped_total", (("reason", reason),))] == 0
    assert s[("lab_log_events_shipped_total", ())] == 0

    def key(route, status):
        return ("lab_http_request_duration_seconds_count", (("route", route), ("status", status)))

    assert s[key("/login", "401")] == 2
    assert s[key("/login", "200")] == 1
    assert s[key("/error", "500")] == 1
    assert (
        s[("lab_http_request_duration_seconds_bucket", (("le", "+Inf"), ("route", "/login"), ("status", "401")))] == 2
    )


def test_metrics_route_label_is_template_not_raw_path(make_app):
    _app, client, _cap = make_app()
    for i in range(5):
        client.get(f"/random-{i}")
    s = samples(client)
    routes = {dict(labels).get("route") for (name, labels) in s if name == "lab_http_request_duration_seconds_count"}
    assert "unmatched" in routes
    assert not any(r and r.startswith("/random-") for r in routes)


def _source_ip(make_app, behind_proxy, xff, remote="192.0.2.10", **overrides):
    _app, client, cap = make_app(behind_proxy=behind_proxy, **overrides)
    headers = {"X-Forwarded-For": xff} if xff is not None else {}
    client.post(
        "/login", data={"username": "u", "password": "p"}, headers=headers, environ_base={"REMOTE_ADDR": remote}
    )
    (e,) = cap.by_message("Failed login attempt")
    return e["source"]["ip"]


def test_xff_ignored_by_default(make_app):
    assert _source_ip(make_app, False, "203.0.113.7") == "192.0.2.10"


def test_xff_rightmost_address_when_behind_proxy(make_app):
    # The proxy appends the address it saw; what is left of it came from the client.
    assert _source_ip(make_app, True, "203.0.113.7") == "203.0.113.7"
    assert _source_ip(make_app, True, " 2001:db8::1 ") == "2001:db8::1"
    assert _source_ip(make_app, True, "10.1.2.3, 198.51.100.20") == "198.51.100.20"


def test_client_cannot_choose_its_address_by_prepending_xff(make_app):
    """A brute-forcer that sends X-Forwarded-For: <random> must still be one source."""
    spoofed = "203.0.113.66, 10.9.9.9"  # sent by the client
    real = "198.51.100.20"  # appended by the proxy
    assert _source_ip(make_app, True, f"{spoofed}, {real}") == real
    # a quote opened by the client must not swallow what the proxy appended
    assert _source_ip(make_app, True, f'"203.0.113.66, {real}') == real


def test_xff_trusted_hops_counts_from_the_right(make_app):
    # client -> proxy A -> proxy B -> app: B appends A's address, A the client's.
    xff = "203.0.113.66, 198.51.100.20, 10.0.0.5"
    assert _source_ip(make_app, True, xff, trusted_proxy_hops=2) == "198.51.100.20"
    assert _source_ip(make_app, True, xff, trusted_proxy_hops=1) == "10.0.0.5"
    assert _source_ip(make_app, True, xff, trusted_proxy_hops=3) == "203.0.113.66"
    # fewer entries than trusted proxies: the header is not what our proxies wrote
    assert _source_ip(make_app, True, "198.51.100.20", trusted_proxy_hops=2) == "192.0.2.10"


def test_invalid_xff_falls_back_to_peer(make_app):
    # source.ip is an `ip` field: junk must never reach it
    assert _source_ip(make_app, True, "203.0.113.7, not-an-ip") == "192.0.2.10"
    assert _source_ip(make_app, True, "<script>") == "192.0.2.10"
    assert _source_ip(make_app, True, "203.0.113.7, ") == "192.0.2.10"


def test_no_xff_behind_proxy_uses_peer(make_app):
    assert _source_ip(make_app, True, None) == "192.0.2.10"


@pytest.mark.parametrize("hops", [1, 2, 3])
@pytest.mark.parametrize(
    "xff",
    ["203.0.113.7", "203.0.113.7, 198.51.100.20", "1.1.1.1, 2.2.2.2, 3.3.3.3, 4.4.4.4", "2001:db8::1, 198.51.100.20"],
)
def test_client_ip_agrees_with_werkzeug_proxyfix(xff, hops):
    seen = {}

    def inner(environ, start_response):
        seen["addr"] = environ["REMOTE_ADDR"]
        start_response("204 No Content", [])
        return [b""]

    ProxyFix(inner, x_for=hops)({"REMOTE_ADDR": "192.0.2.10", "HTTP_X_FORWARDED_FOR": xff}, lambda *a: None)
    assert client_ip("192.0.2.10", xff, True, hops) == seen["addr"]


def test_every_answer_has_the_security_headers_once(make_app):
    _app, client, _ = make_app(lockout_enabled=True, lockout_threshold=1)
    answers = [
        client.get("/"),
        client.post("/login", json={"username": "demo", "password": "wrong"}),  # 401
        client.post("/login", json={"username": "demo", "password": "wrong"}),  # 429, locked out
        client.get("/nope"),  # 404 from werkzeug's own response
        client.get("/health"),
    ]
    assert [r.status_code for r in answers] == [200, 401, 429, 404, 200]
    for r in answers:
        for name, value in (
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
        ):
            assert r.headers.getlist(name) == [value], (r.status_code, name)
    assert answers[1].headers["Cache-Control"] == "no-store" and "Cache-Control" not in answers[4].headers
    assert answers[2].headers["Retry-After"].isdigit()


def test_json_answers_are_what_jsonify_writes(make_app):
    app, client, _ = make_app()
    r = client.post("/login", json={"username": "demo", "password": "wrong"})
    with app.app_context():
        expected = flask.jsonify({"error": "invalid credentials"})
    assert r.mimetype == expected.mimetype == "application/json"
    assert r.get_data() == expected.get_data() == b'{"error":"invalid credentials"}\n'
