"""A tiny stand-in for Elasticsearch's template and bulk APIs, on 127.0.0.1 only.

It answers the way Elasticsearch does for what the app uses: PUT
/_index_template/<name>, POST /_bulk with `create` operations (201, or 409 when
the _id already exists). Failures can be scripted per request.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeElasticsearch:
    def __init__(self, port: int = 0, tls: ssl.SSLContext | None = None) -> None:
        self.templates: dict[str, dict[str, Any]] = {}
        self.docs: dict[str, dict[str, Any]] = {}  # _id -> source
        self.order: list[str] = []  # _ids in the order they were stored
        self.requests: list[tuple] = []  # (method, path)
        self.authorizations: list[str | None] = []  # the Authorization header of each request
        self.bulk_bodies: list[list[dict[str, Any]]] = []
        # Scripted answers for upcoming bulk requests: an int (whole-request HTTP
        # status), a dict {_id: item_status} for per-item failures, or
        # "commit-then-503".
        self.bulk_script: deque[Any] = deque()
        self.template_script: deque[int] = deque()
        # Optional per-document rule: source -> item status to fail with (or None).
        self.item_rule = None
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _send(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                # The official client refuses to talk to anything without this header.
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length)

            def do_GET(self) -> None:
                fake.requests.append(("GET", self.path))
                fake.authorizations.append(self.headers.get("Authorization"))
                self._send(200, {"version": {"number": "9.0.0"}, "tagline": "You Know, for Search"})

            def _template(self, body: bytes, path: str) -> None:
                with fake.lock:
                    status = fake.template_script.popleft() if fake.template_script else 200
                if status != 200:
                    self._send(status, {"error": {"type": "scripted"}, "status": status})
                    return
                with fake.lock:
                    fake.templates[path.rsplit("/", 1)[1]] = json.loads(body)
                self._send(200, {"acknowledged": True})

            def do_PUT(self) -> None:
                self._dispatch("PUT")

            def do_POST(self) -> None:
                self._dispatch("POST")

            def _dispatch(self, method: str) -> None:
                body = self._body()
                path = self.path.split("?")[0]
                with fake.lock:
                    fake.requests.append((method, path))
                    fake.authorizations.append(self.headers.get("Authorization"))
                if path.startswith("/_index_template/") and method == "PUT":
                    self._template(body, path)
                elif path == "/_bulk":  # the official client uses PUT, curl users often POST
                    self._bulk(body)
                else:
                    self._send(404, {"error": "not found", "status": 404})

            def _bulk(self, body: bytes) -> None:
                lines = [json.loads(line) for line in body.decode("utf-8").splitlines() if line.strip()]
                with fake.lock:
                    fake.bulk_bodies.append(lines)
                    script = fake.bulk_script.popleft() if fake.bulk_script else None
                if isinstance(script, int):
                    self._send(script, {"error": {"type": "scripted", "reason": "scripted"}, "status": script})
                    return
                # "commit-then-503": store the documents, then fail the response, as
                # when a connection drops after Elasticsearch did the work.
                commit_then_fail = script == "commit-then-503"
                per_item = script if isinstance(script, dict) else {}
                items = []
                errors = False
                with fake.lock:
                    for action, source in zip(lines[0::2], lines[1::2], strict=True):
                        ((op, meta),) = action.items()
                        _id = meta["_id"]
                        rule = fake.item_rule(source) if fake.item_rule else None
                        if _id in per_item or rule:
                            st = per_item.get(_id) or rule
                            items.append(
                                {
                                    op: {
                                        "_id": _id,
                                        "status": st,
                                        "error": {"type": "scripted_exception", "reason": f"scripted {st}"},
                                    }
                                }
                            )
                            errors = True
                        elif op == "create" and _id in fake.docs:
                            items.append(
                                {
                                    op: {
                                        "_id": _id,
                                        "status": 409,
                                        "error": {
                                            "type": "version_conflict_engine_exception",
                                            "reason": f"[{_id}]: version conflict, document already exists",
                                        },
                                    }
                                }
                            )
                            errors = True
                        else:
                            fake.docs[_id] = dict(source, _index=meta.get("_index"), _op=op)
                            fake.order.append(_id)
                            items.append({op: {"_id": _id, "status": 201, "result": "created"}})
                if commit_then_fail:
                    self._send(503, {"error": {"type": "scripted"}, "status": 503})
                    return
                self._send(200, {"took": 1, "errors": errors, "items": items})

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> FakeElasticsearch:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, predicate, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if predicate(self):
                    return True
            time.sleep(0.02)
        with self.lock:
            return predicate(self)

    def stored(self) -> list[dict[str, Any]]:
        with self.lock:
            return [self.docs[i] for i in self.order]
