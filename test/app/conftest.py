"""Shared fixtures for the lab app tests.

All network traffic in these tests stays on 127.0.0.1.
"""

from __future__ import annotations

import io
import json
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
APP_DIR = REPO / "resources" / "stack" / "app"
sys.path.insert(0, str(APP_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from labapp import Config, create_app  # noqa: E402

DEMO_PASSWORD = "correct-horse-battery"
ADMIN_TOKEN = "t0k3n-for-tests-0123456789abcdef"


class Captured:
    """Parsed JSON lines written by the app's EventLogger."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def all(self) -> list[dict[str, Any]]:
        out = []
        for line in self.stream.getvalue().splitlines():
            out.append(json.loads(line))  # every line must be valid JSON
        return out

    def by_action(self, action: str) -> list[dict[str, Any]]:
        return [e for e in self.all() if e.get("event", {}).get("action") == action]

    def by_message(self, message: str) -> list[dict[str, Any]]:
        return [e for e in self.all() if e.get("message") == message]


@pytest.fixture
def make_app() -> Callable[..., Any]:
    """make_app(**config_overrides) -> (app, client, captured); shipping off unless asked."""
    created = []

    def factory(create_kwargs: dict[str, Any] | None = None, **overrides: Any):
        values = {"demo_password": DEMO_PASSWORD, "elasticsearch_url": "", "admin_token": ADMIN_TOKEN}
        values.update(overrides)
        stream = io.StringIO()
        app = create_app(Config(**values), stream=stream, **(create_kwargs or {}))
        created.append(app)
        return app, app.test_client(), Captured(stream)

    yield factory
    for app in created:
        app.extensions["lab"].shutdown(timeout=1.0)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ClosedPort:
    """A port that refuses connections: bound but never listening, so no other
    process (e.g. a parallel test run) can start a server on it meanwhile."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def release(self) -> int:
        self.sock.close()
        return self.port


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAB_")}
    env.update(extra)
    return env
