"""Flask application factory: routes, event emission, metrics hooks."""

from __future__ import annotations

import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from flask import Flask, Response, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from . import events as ev
from .config import Config
from .lockout import LockoutPolicy, retry_after_header
from .metrics import CONTENT_TYPE, LabMetrics
from .shipper import LogShipper
from .transport import ElasticsearchTransport
from .validation import MAX_BODY_BYTES, Malformed, client_ip, parse_json_object, parse_login, read_body

SHUTDOWN_FLUSH_SECONDS = 3.0
# stdout lines are written in batches, at most this long after their event (events.py _LineBatcher): one write per
# batch instead of one per event. Flushed on shutdown.
STDOUT_FLUSH_SECONDS = 0.05


@dataclass
class LabState:
    """Everything the routes share; reachable as app.extensions["lab"]."""

    config: Config
    events: ev.EventLogger
    metrics: LabMetrics
    lockout: LockoutPolicy
    shipper: LogShipper | None
    _shutdown_done: bool = False

    def shutdown(self, timeout: float = SHUTDOWN_FLUSH_SECONDS) -> None:
        """Flush buffered events (bounded by `timeout`). Safe to call twice."""
        if self._shutdown_done:
            return
        self._shutdown_done = True
        try:
            if self.shipper is not None:
                self.shipper.close(timeout)
                close = getattr(self.shipper.transport, "close", None)
                if close:
                    close()
        finally:
            # Last: the shipper's own shutdown notice goes through it too.
            self.events.close()

    def shipping_status(self) -> str:
        if self.shipper is None:
            return "disabled"
        if self.shipper.es_available is None:
            return "starting"
        if not self.shipper.es_available:
            return "unavailable"
        return "ok" if self.shipper.template_installed else "starting"


def create_app(
    config: Config | None = None,
    *,
    stream: TextIO | None = None,
    transport: Any = None,
    start_shipper: bool = True,
    shipper_options: dict[str, Any] | None = None,
    clock: Callable[[], float] | None = None,
    stdout_flush_interval: float | None = None,
) -> Flask:
    """Build the app. The keyword arguments exist for tests (output stream, fake
    Elasticsearch transport, shipper timings, lockout clock, stdout batching: by
    default on for the real stdout, off for a given `stream`)."""
    config = config or Config.from_env()
    app = Flask(__name__)
    # Bounds chunked bodies too; /login turns the resulting 413 into a 400.
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False

    metrics = LabMetrics()
    if stdout_flush_interval is None:
        stdout_flush_interval = STDOUT_FLUSH_SECONDS if stream is None else 0.0
    events = ev.EventLogger(config.service_name, stream=stream, flush_interval=stdout_flush_interval)
    lockout = LockoutPolicy(
        config.lockout_enabled,
        config.lockout_threshold,
        config.lockout_window_seconds,
        **({"clock": clock} if clock else {}),
    )
    metrics.lockout_enabled.set(1 if lockout.enabled else 0)

    shipper: LogShipper | None = None
    if config.shipping_enabled:
        if transport is None:
            transport = ElasticsearchTransport(
                config.elasticsearch_url,
                username=config.elasticsearch_username,
                password=config.elasticsearch_password,
                api_key=config.elasticsearch_api_key,
                ca_file=config.elasticsearch_ca_file,
            )
        shipper = LogShipper(
            transport,
            config.log_index,
            buffer_max=config.log_buffer_max,
            on_shipped=metrics.log_events_shipped.inc,
            on_dropped=metrics.count_dropped,
            **(shipper_options or {}),
        )
        shipper.attach_logger(events.emit)
        events.set_sink(shipper.enqueue)
        metrics.log_buffer_size.set_function(lambda: shipper.buffered)

    state = LabState(config, events, metrics, lockout, shipper)
    app.extensions["lab"] = state

    events.emit(
        "info",
        "Lab app started",
        dataset=ev.DATASET_APP,
        fields={
            "event": {"action": "app-started"},
            "lab": {
                "log_shipping": bool(shipper),
                "log_index": config.log_index if shipper else None,
                "lockout_enabled": lockout.enabled,
                "behind_proxy": config.behind_proxy,
                "trusted_proxy_hops": config.trusted_proxy_hops if config.behind_proxy else None,
            },
        },
    )
    if shipper is not None and start_shipper:
        shipper.start()

    _register_hooks(app, state)
    _register_routes(app, state)
    return app


# --------------------------------------------------------------------- helpers


def _source_ip(state: LabState) -> str | None:
    # Asked twice per login (lockout key, event fields): worked out once per request.
    if "lab_source_ip" not in g:
        cfg = state.config
        g.lab_source_ip = client_ip(
            request.remote_addr, request.headers.get("X-Forwarded-For"), cfg.behind_proxy, cfg.trusted_proxy_hops
        )
    return g.lab_source_ip


def _request_fields(state: LabState, status: int) -> dict[str, Any]:
    # Disjoint keys (url, http / source, user_agent), and every caller passes this through ev.merge_fields, which
    # drops the None values: one merge per event instead of two.
    return {
        **ev.http_fields(request.path, request.method, status),
        **ev.client_fields(_source_ip(state), request.headers.get("User-Agent")),
    }


def _json(body: dict[str, Any], status: int, headers: dict[str, str] | None = None) -> Response:
    # What jsonify() answers outside debug mode (compact, ASCII, keys in order, a final newline), without the detour
    # through the app's JSON provider: this runs for every login.
    text = json.dumps(body, ensure_ascii=True, separators=(",", ":")) + "\n"
    return Response(text, status, headers, mimetype="application/json")


# Added to every answer that does not set them itself.
_SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
)


def _register_hooks(app: Flask, state: LabState) -> None:
    @app.before_request
    def _start_timer() -> None:
        g.lab_t0 = time.perf_counter()

    @app.after_request
    def _finish(resp: Response) -> Response:
        t0 = g.get("lab_t0")
        if t0 is not None:
            # The rule template ("/login"), never the raw path: bounded label cardinality.
            route = request.url_rule.rule if request.url_rule is not None else "unmatched"
            state.metrics.observe_request(route, resp.status_code, time.perf_counter() - t0)
        headers = resp.headers
        # setdefault() three times: each absent name costs a scan and a raised KeyError; one pass over the names does.
        present = {name.lower() for name, _ in headers}
        for name, value in _SECURITY_HEADERS:
            if name.lower() not in present:
                headers.add(name, value)
        if request.path.startswith(("/login", "/admin")):
            headers["Cache-Control"] = "no-store"
        return resp

    @app.errorhandler(Exception)
    def _on_exception(exc: Exception) -> Response:
        if isinstance(exc, HTTPException):
            # 404, 405, ...: a generic JSON answer, not an application error.
            resp = exc.get_response()
            body = jsonify(error=(exc.name or "error").lower())
            resp.set_data(body.get_data())
            resp.mimetype = "application/json"
            return resp
        state.metrics.errors.inc()
        event = state.events.emit(
            "error",
            "Unhandled exception",
            dataset=ev.DATASET_HTTP,
            fields=ev.merge_fields(
                {"event": {"category": ["web"], "action": "unhandled-exception", "outcome": "failure"}},
                _request_fields(state, 500),
                ev.error_fields(exc),
            ),
        )
        # Generic on purpose: no exception text, type or trace reaches the client.
        # The event id lets a person find the full story in Kibana.
        return _json({"error": "internal server error", "event_id": event["event"]["id"]}, 500)


def _register_routes(app: Flask, state: LabState) -> None:
    cfg = state.config

    @app.get("/")
    def index() -> Response:
        nonce = secrets.token_urlsafe(16)
        html = render_template("index.html", nonce=nonce, service_name=cfg.service_name)
        resp = Response(html, mimetype="text/html")
        resp.headers["Content-Security-Policy"] = (
            f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
        return resp

    @app.get("/health")
    def health() -> Response:
        body = {"status": "ok", "service": cfg.service_name, "log_shipping": state.shipping_status()}
        if state.shipper is not None:
            body["log_buffer"] = state.shipper.buffered
            # Events that will never reach Elasticsearch (they are still in stdout).
            body["log_dropped"] = state.shipper.dropped
            body["log_dropped_by_reason"] = state.shipper.dropped_by_reason()
        return _json(body, 200)

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(state.metrics.exposition(), content_type=CONTENT_TYPE)

    @app.post("/login")
    def login() -> Response:
        try:
            username, password = parse_login(request)
        except Malformed as bad:
            state.metrics.malformed_logins.inc()
            state.events.emit(
                "warning",
                "Malformed login request",
                dataset=ev.DATASET_AUTH,
                fields=ev.merge_fields(
                    # Deliberately NOT category "authentication": this is not a login attempt.
                    {
                        "event": {
                            "category": ["web"],
                            "action": "login-malformed",
                            "outcome": "failure",
                            "reason": bad.reason,
                        }
                    },
                    {"user": {"name": ev.inert(bad.username, ev.MAX_USER_NAME)}},
                    _request_fields(state, 400),
                ),
            )
            return _json({"error": "malformed request", "reason": bad.reason}, 400)

        source = _source_ip(state)
        # Checks the lockout AND counts this attempt as a failure in one locked step,
        # so concurrent guesses cannot all slip past the check (undone on success).
        wait = state.lockout.begin_attempt(source)
        if wait is not None:
            state.metrics.lockouts.inc()
            state.events.emit(
                "warning",
                "Login blocked by lockout",
                dataset=ev.DATASET_AUTH,
                fields=ev.merge_fields(
                    ev.auth_fields("login-locked-out", "failure", username), _request_fields(state, 429)
                ),
            )
            return _json(
                {"error": "too many failed attempts, try again later"}, 429, {"Retry-After": retry_after_header(wait)}
            )

        # Compare both parts in constant time and without short-circuiting.
        user_ok = hmac.compare_digest(username.encode("utf-8"), cfg.demo_user.encode("utf-8"))
        pass_ok = hmac.compare_digest(password.encode("utf-8"), cfg.demo_password.encode("utf-8"))
        if user_ok and pass_ok:
            state.lockout.record_success(source)
            state.metrics.successful_logins.inc()
            state.events.emit(
                "info",
                "Login succeeded",
                dataset=ev.DATASET_AUTH,
                fields=ev.merge_fields(
                    ev.auth_fields("login-succeeded", "success", username), _request_fields(state, 200)
                ),
            )
            return _json({"status": "ok", "message": "Login succeeded"}, 200)

        state.metrics.failed_logins.inc()
        state.events.emit(
            "warning",
            "Failed login attempt",
            dataset=ev.DATASET_AUTH,
            fields=ev.merge_fields(ev.auth_fields("login-failed", "failure", username), _request_fields(state, 401)),
        )
        return _json({"error": "invalid credentials"}, 401)

    @app.get("/error")
    def error() -> Response:
        raise RuntimeError("Simulated failure triggered via /error")

    # ------------------------------------------------------------- admin API

    def _authorized() -> bool:
        token = cfg.admin_token
        header = request.headers.get("Authorization", "")
        scheme, _, provided = header.partition(" ")
        if not token or scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(provided.strip().encode("utf-8"), token.encode("utf-8"))

    def _forbidden() -> Response:
        state.events.emit(
            "warning",
            "Admin authentication failed",
            dataset=ev.DATASET_ADMIN,
            fields=ev.merge_fields(
                # "iam", not "authentication": keeps brute-force queries on the login only.
                {"event": {"category": ["iam"], "action": "admin-auth-failed", "outcome": "failure"}},
                _request_fields(state, 403),
            ),
        )
        return _json({"error": "forbidden"}, 403)

    @app.get("/admin/lockout")
    def lockout_state() -> Response:
        if not _authorized():
            return _forbidden()
        return _json(state.lockout.state(), 200)

    @app.post("/admin/lockout")
    def lockout_configure() -> Response:
        if not _authorized():
            return _forbidden()
        try:
            data = parse_json_object(read_body(request))
        except Malformed as bad:
            return _json({"error": "malformed request", "reason": bad.reason}, 400)
        unknown = set(data) - {"enabled", "threshold", "window_seconds"}
        if unknown:
            return _json(
                {"error": "malformed request", "reason": "unknown fields: " + ", ".join(sorted(unknown))[:200]}, 400
            )
        if not isinstance(data.get("enabled"), bool):
            return _json({"error": "malformed request", "reason": "enabled must be true or false"}, 400)
        try:
            new_state = state.lockout.configure(
                enabled=data["enabled"], threshold=data.get("threshold"), window_seconds=data.get("window_seconds")
            )
        except ValueError as exc:
            return _json({"error": "malformed request", "reason": str(exc)}, 400)
        state.metrics.lockout_enabled.set(1 if new_state["enabled"] else 0)
        state.events.emit(
            "info",
            "Lockout settings changed",
            dataset=ev.DATASET_ADMIN,
            fields=ev.merge_fields(
                {"event": {"category": ["configuration"], "action": "lockout-config-changed", "outcome": "success"}},
                {"lab": {"lockout": new_state}},
                _request_fields(state, 200),
            ),
        )
        return _json(new_state, 200)
