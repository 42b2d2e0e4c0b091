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
    _app, client, _cap = make_app()
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
    _app, client, cap = make_app()
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
    _app, client, cap = make_app()
    r = client.post("/login", data=creds)
    assert r.status_code == 401
    assert r.get_json() == {"error": "invalid credentials"}
    (e,) = cap.by_message("Failed login attempt")
    assert e["user"]["name"] == creds["username"]
    assert metric(client, "lab_failed_logins_total") == 1


def test_demo_user_is_configurable(make_app):
    _app, client, _cap = make_app(demo_user="alice")
    assert client.post("/login", data={"username": "demo", "password": DEMO_PASSWORD}).status_code == 401
    assert client.post("/login", data={"username": "alice", "password": DEMO_PASSWORD}).status_code == 200


def test_password_never_logged(make_app):
    _app, client, cap = make_app()
    client.post("/login", data={"username": "demo", "password": "hunter2-secret"})
    client.post("/login", data={"username": "demo", "password": DEMO_PASSWORD})
    text = cap.stream.getvalue()
    assert "hunter2-secret" not in text and DEMO_PASSWORD not in text


def test_xss_username_stored_verbatim_as_text(make_app):
    _app, client, cap = make_app()
    r = client.post("/login", data={"username": XSS, "password": "x"})
    assert r.status_code == 401
    assert XSS not in r.get_data(as_text=True)  # not reflected
    (e,) = cap.by_message("Failed login attempt")
    assert e["user"]["name"] == XSS  # exact text, not escaped/mangled/evaluated


def test_thirty_rapid_failures_counted(make_app):
    _app, client, cap = make_app()
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
    (
        "huge password",
        dict(json={"username": "demo", "password": "p" * 2000}),
        "field password exceeds 1024 characters",
    ),
    (
        "invalid JSON",
        dict(data=b'{"username": "demo", "password": ', content_type="application/json"),
        "not valid JSON",
    ),
    ("JSON array", dict(data=b'["demo", "x"]', content_type="application/json"), "JSON body must be an object"),
    ("deeply nested JSON", dict(data=b"[" * 5000 + b"]" * 5000, content_type="application/json"), "not valid JSON"),
    (
        "non-UTF-8 JSON",
        dict(data=b'{"username": "\xff\xfe", "password": "x"}', content_type="application/json"),
        "not valid UTF-8",
    ),
    (
        "non-UTF-8 raw form",
        dict(data=b"username=\xc3\x28&password=x", content_type="application/x-www-form-urlencoded"),
        "not valid UTF-8",
    ),
    (
        "non-UTF-8 percent form",
        dict(data=b"username=%FF%FE&password=x", content_type="application/x-www-form-urlencoded"),
        "not valid UTF-8",
    ),
    (
        "lone surrogate",
        dict(data=b'{"username": "\\ud800", "password": "x"}', content_type="application/json"),
        "not valid Unicode",
    ),
    (
        "duplicate field",
        dict(data=b"username=demo&username=x&password=y", content_type="application/x-www-form-urlencoded"),
        "duplicate form field",
    ),
    ("body over 16 kB", dict(data={"username": "demo", "password": "x", "pad": "z" * 17000}), "exceeds 16384 bytes"),
    ("unsupported type", dict(data=b"username=demo", content_type="text/plain"), "unsupported content type"),
    ("empty body", dict(), "missing field: username"),
]


@pytest.mark.parametrize("name,kwargs,reason", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_requests_400_and_not_a_failed_login(make_app, name, kwargs, reason):
    _app, client, cap = make_app()
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
    _app, client, cap = make_app()
    client.post("/login", data={"username": "B" * 10240, "password": "x"})
    (e,) = cap.by_action("login-malformed")
    assert e["user"]["name"] == "B" * 256
    assert "10240 received" in e["event"]["reason"]
    assert len(cap.stream.getvalue()) < 4000  # the 10 kB never reaches the log


def test_non_string_username_not_stored(make_app):
    _app, client, cap = make_app()
    client.post("/login", json={"username": {"__class__": "x"}, "password": "x"})
    (e,) = cap.by_action("login-malformed")
    assert "user" not in e


def test_malformed_json_is_not_interpreted(make_app):
    """A JSON string that looks like code is just a (wrong) user name."""
    _app, client, cap = make_app()
    payload = "__import__('os').system('touch /tmp/pwned')"
    r = client.post("/login", data=json.dumps({"username": payload, "password": "x"}), content_type="application/json")
    assert r.status_code == 401
    assert cap.by_message("Failed login attempt")[0]["user"]["name"] == payload


def test_get_login_not_allowed(make_app):
    _app, client, _cap = make_app()
    r = client.get("/login")
    assert r.status_code == 405
    assert r.get_json() == {"error": "method not allowed"}


def strings(obj):
    """Every string anywhere in parsed JSON (keys and values)."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield key
            yield from strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from strings(value)


# One of each class the app refuses in a user name; the name is otherwise harmless.
REFUSED_CHARS = [
    ("NUL", "\x00"),
    ("C0 SOH", "\x01"),
    ("C0 TAB", "\t"),
    ("C0 LF", "\n"),
    ("C0 CR", "\r"),
    ("C0 ESC", "\x1b"),
    ("C0 US", "\x1f"),
    ("DEL", "\x7f"),
    ("C1 PAD", "\x80"),
    ("C1 NEL", "\x85"),
    ("C1 CSI", "\x9b"),
    ("C1 APC", "\x9f"),
    ("LRE", "\u202a"),
    ("RLE", "\u202b"),
    ("PDF", "\u202c"),
    ("LRO", "\u202d"),
    ("RLO", "\u202e"),
    ("LRI", "\u2066"),
    ("RLI", "\u2067"),
    ("FSI", "\u2068"),
    ("PDI", "\u2069"),
]


@pytest.mark.parametrize("as_json", [False, True], ids=["form", "json"])
@pytest.mark.parametrize("name,char", REFUSED_CHARS, ids=[c[0] for c in REFUSED_CHARS])
def test_control_and_bidi_characters_in_username_are_malformed(make_app, name, char, as_json):
    _app, client, cap = make_app(lockout_enabled=True, lockout_threshold=1)
    creds = {"username": f"adm{char}in", "password": "x"}
    r = client.post("/login", json=creds) if as_json else client.post("/login", data=creds)
    assert r.status_code == 400, r.get_data(as_text=True)
    reason = r.get_json()["reason"]
    assert reason == f"field username contains a control or bidi character (U+{ord(char):04X})"
    (e,) = cap.by_action("login-malformed")
    assert e["event"]["reason"] == reason
    assert "authentication" not in e["event"]["category"]
    assert e["user"]["name"] == "adm\ufffdin"  # never the raw character
    assert not any(char in text for text in strings(cap.all()))
    assert cap.by_message("Failed login attempt") == []
    assert metric(client, "lab_failed_logins_total") == 0
    assert metric(client, "lab_malformed_login_requests_total") == 1
    # not a password attempt: it does not feed the lockout (threshold 1)
    assert client.post("/login", data={"username": "demo", "password": DEMO_PASSWORD}).status_code == 200


def test_nul_in_raw_form_body_is_malformed(make_app):
    _app, client, _cap = make_app()
    r = client.post("/login", data=b"username=de\x00mo&password=x", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400
    assert "U+0000" in r.get_json()["reason"]


@pytest.mark.parametrize(
    "username",
    ["Zoë", "名前", "a b", "o'brien", "\xa0x", "x\u2029", "\u202fx", "x\u2065", "\u206ax"],
    ids=["latin", "cjk", "space", "quote", "nbsp-after-C1", "para-sep", "nnbsp", "u2065", "u206a"],
)
def test_other_unicode_user_names_are_normal_attempts(make_app, username):
    _app, client, cap = make_app()
    r = client.post("/login", json={"username": username, "password": "x"})
    assert r.status_code == 401
    assert cap.by_message("Failed login attempt")[0]["user"]["name"] == username


def test_refused_characters_never_logged_raw_in_other_malformed_events(make_app):
    _app, client, cap = make_app()
    r = client.post("/login", json={"username": "adm\u202ein"})  # password missing
    assert r.status_code == 400 and "missing field: password" in r.get_json()["reason"]
    (e,) = cap.by_action("login-malformed")
    assert e["user"]["name"] == "adm\ufffdin"


DUPLICATE_KEYS = [
    ("username twice", b'{"username": "demo", "username": "admin", "password": "x"}', "duplicate JSON key: username"),
    ("password twice", b'{"username": "demo", "password": "a", "password": "b"}', "duplicate JSON key: password"),
    ("nested object", b'{"username": "demo", "password": "x", "extra": {"a": 1, "a": 2}}', "duplicate JSON key: a"),
    (
        "escaped spelling",
        b'{"username": "demo", "usern\\u0061me": "admin", "password": "x"}',
        "duplicate JSON key: username",
    ),
]


@pytest.mark.parametrize("name,body,reason", DUPLICATE_KEYS, ids=[d[0] for d in DUPLICATE_KEYS])
def test_duplicate_json_keys_are_malformed(make_app, name, body, reason):
    _app, client, cap = make_app()
    r = client.post("/login", data=body, content_type="application/json")
    assert r.status_code == 400
    assert r.get_json() == {"error": "malformed request", "reason": reason}
    (e,) = cap.by_action("login-malformed")
    assert e["event"]["reason"] == reason
    assert cap.by_message("Failed login attempt") == []
    assert metric(client, "lab_failed_logins_total") == 0
    assert metric(client, "lab_malformed_login_requests_total") == 1


def test_duplicate_json_key_reason_is_bounded_and_inert(make_app):
    _app, client, cap = make_app()
    key = "k\u202e\x00\ud800" + "z" * 100
    body = json.dumps({"username": "demo", "password": "x"})[:-1] + f", {json.dumps(key)}: 1, {json.dumps(key)}: 2}}"
    r = client.post("/login", data=body, content_type="application/json")
    assert r.status_code == 400
    reason = r.get_json()["reason"]
    assert reason == "duplicate JSON key: k\ufffd\ufffd?" + "z" * 28
    assert cap.by_action("login-malformed")[0]["event"]["reason"] == reason
