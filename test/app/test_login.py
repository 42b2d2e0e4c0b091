"""/, /login: the 200 / 401 / 400 paths and the malformed-input handling."""

import json
import re

import pytest

from conftest import DEMO_PASSWORD

XSS = "<img src=x onerror=alert(1)>"


def metric(client, name):
    for line in client.get("/metrics").get_data(as_text=True).splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not exposed")


def test_index_page_has_login_form_and_no_external_resources(make_app):
    app, client, cap = make_app()
    r = client.get("/")
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert '<form id="login" method="post" action="/login">' in html
    assert 'name="username"' in html and 'name="password"' in html
    assert "http://" not in html and "https://" not in html
    # nothing loaded from anywhere: no src/href attributes, no CSS imports or url()
    assert not re.search(r"\b(src|href)\s*=", html)
    assert "@import" not in html and "url(" not in html
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    # the nonce in the CSP is the one used by the inline script
    nonce = csp.split("script-src 'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in html


@pytest.mark.parametrize("as_json", [False, True])
def test_correct_password_200(make_app, as_json):
    app, client, cap = make_app()
    creds = {"username": "demo", "password": DEMO_PASSWORD}
    r = client.post("/login", json=creds) if as_json else client.post("/login", data=creds)
    assert r.status_code == 200
    assert r.get_json()["status"] == "ok"
    assert len(cap.by_message("Login succeeded")) == 1
    assert cap.by_message("Failed login attempt") == []


@pytest.mark.parametrize(
    "creds",
    [
        {"username": "demo", "password": "wrong"},
        {"username": "admin", "password": DEMO_PASSWORD},  # right password, wrong user
        {"username": "demo", "password": DEMO_PASSWORD + "x"},
    ],
)
def test_wrong_credentials_401(make_app, creds):
    app, client, cap = make_app()
    r = client.post("/login", data=creds)
    assert r.status_code == 401
    assert r.get_json() == {"error": "invalid credentials"}
    (e,) = cap.by_message("Failed login attempt")
    assert e["user"]["name"] == creds["username"]
    assert metric(client, "lab_failed_logins_total") == 1


def test_demo_user_is_configurable(make_app):
    app, client, cap = make_app(demo_user="alice")
    assert client.post("/login", data={"username": "demo", "password": DEMO_PASSWORD}).status_code == 401
    assert client.post("/login", data={"username": "alice", "password": DEMO_PASSWORD}).status_code == 200


def test_password_never_logged(make_app):
    app, client, cap = make_app()
    client.post("/login", data={"username": "demo", "password": "hunter2-secret"})
    client.post("/login", data={"username": "demo", "password": DEMO_PASSWORD})
    text = cap.stream.getvalue()
    assert "hunter2-secret" not in text and DEMO_PASSWORD not in text


def test_xss_username_stored_verbatim_as_text(make_app):
    app, client, cap = make_app()
    r = client.post("/login", data={"username": XSS, "password": "x"})
    assert r.status_code == 401
    assert XSS not in r.get_data(as_text=True)  # not reflected
    (e,) = cap.by_message("Failed login attempt")
    assert e["user"]["name"] == XSS  # exact text, not escaped/mangled/evaluated


def test_thirty_rapid_failures_counted(make_app):
    app, client, cap = make_app()
    codes = [client.post("/login", data={"username": "demo", "password": f"guess{i}"}).status_code for i in range(30)]
    assert codes == [401] * 30
    assert len(cap.by_message("Failed login attempt")) == 30
    assert metric(client, "lab_failed_logins_total") == 30


MALFORMED = [
    ("missing password (form)", dict(data={"username": "demo"}), "missing field: password"),
    ("missing username (json)", dict(json={"password": "x"}), "missing field: username"),
    ("empty password", dict(data={"username": "demo", "password": ""}), "missing field: password"),
    ("non-string username", dict(json={"username": ["demo"], "password": "x"}), "field username must be a string"),
    ("numeric password", dict(json={"username": "demo", "password": 1234}), "field password must be a string"),
    ("object username", dict(json={"username": {"$ne": None}, "password": "x"}), "field username must be a string"),
    ("10 kB username", dict(data={"username": "A" * 10240, "password": "x"}), "field username exceeds 256 characters"),
    ("huge password", dict(json={"username": "demo", "password": "p" * 2000}), "field password exceeds 1024 characters"),
    ("invalid JSON", dict(data=b'{"username": "demo", "password": ', content_type="application/json"), "not valid JSON"),
    ("JSON array", dict(data=b'["demo", "x"]', content_type="application/json"), "JSON body must be an object"),
    ("deeply nested JSON", dict(data=b"[" * 5000 + b"]" * 5000, content_type="application/json"), "not valid JSON"),
    ("non-UTF-8 JSON", dict(data=b'{"username": "\xff\xfe", "password": "x"}', content_type="application/json"), "not valid UTF-8"),
    ("non-UTF-8 raw form", dict(data=b"username=\xc3\x28&password=x", content_type="application/x-www-form-urlencoded"), "not valid UTF-8"),
    ("non-UTF-8 percent form", dict(data=b"username=%FF%FE&password=x", content_type="application/x-www-form-urlencoded"), "not valid UTF-8"),
    ("lone surrogate", dict(data=b'{"username": "\\ud800", "password": "x"}', content_type="application/json"), "not valid Unicode"),
    ("duplicate field", dict(data=b"username=demo&username=x&password=y", content_type="application/x-www-form-urlencoded"), "duplicate form field"),
    ("body over 16 kB", dict(data={"username": "demo", "password": "x", "pad": "z" * 17000}), "exceeds 16384 bytes"),
    ("unsupported type", dict(data=b"username=demo", content_type="text/plain"), "unsupported content type"),
    ("empty body", dict(), "missing field: username"),
]


@pytest.mark.parametrize("name,kwargs,reason", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_requests_400_and_not_a_failed_login(make_app, name, kwargs, reason):
    app, client, cap = make_app()
    r = client.post("/login", **kwargs)
    assert r.status_code == 400, r.get_data(as_text=True)
    body = r.get_json()
    assert body["error"] == "malformed request"
    assert reason in body["reason"]
    (e,) = cap.by_action("login-malformed")
    assert e["message"] == "Malformed login request"
    assert e["log"]["level"] == "warning"
    assert "authentication" not in e["event"]["category"]
    assert reason in e["event"]["reason"]
    assert e["http"]["response"]["status_code"] == 400
    assert cap.by_message("Failed login attempt") == []
    assert metric(client, "lab_failed_logins_total") == 0
    assert metric(client, "lab_malformed_login_requests_total") == 1


def test_oversized_username_logged_truncated_as_text(make_app):
    app, client, cap = make_app()
    client.post("/login", data={"username": "B" * 10240, "password": "x"})
    (e,) = cap.by_action("login-malformed")
    assert e["user"]["name"] == "B" * 256
    assert "10240 received" in e["event"]["reason"]
    assert len(cap.stream.getvalue()) < 4000  # the 10 kB never reaches the log


def test_non_string_username_not_stored(make_app):
    app, client, cap = make_app()
    client.post("/login", json={"username": {"__class__": "x"}, "password": "x"})
    (e,) = cap.by_action("login-malformed")
    assert "user" not in e


def test_malformed_json_is_not_interpreted(make_app):
    """A JSON string that looks like code is just a (wrong) user name."""
    app, client, cap = make_app()
    payload = "__import__('os').system('touch /tmp/pwned')"
    r = client.post("/login", data=json.dumps({"username": payload, "password": "x"}), content_type="application/json")
    assert r.status_code == 401
    assert cap.by_message("Failed login attempt")[0]["user"]["name"] == payload


def test_get_login_not_allowed(make_app):
    app, client, cap = make_app()
    r = client.get("/login")
    assert r.status_code == 405
    assert r.get_json() == {"error": "method not allowed"}
