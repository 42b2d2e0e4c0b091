"""Prometheus metrics.

Each app instance gets its own CollectorRegistry so several apps (tests) can live
in one process. The values are per process, which is why the app runs with ONE
gunicorn worker (plus threads): with several workers every scrape would hit a
random worker and the counters would jump around.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
)

from .shipper import DROP_REASONS

# The *_created samples only add noise to a lab's /metrics page.
disable_created_metrics()

CONTENT_TYPE = CONTENT_TYPE_LATEST

_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class LabMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        ProcessCollector(registry=self.registry)
        r = self.registry
        # prometheus_client appends "_total" to counter names on exposition.
        self.failed_logins = Counter("lab_failed_logins", "Failed login attempts (wrong credentials).", registry=r)
        self.successful_logins = Counter("lab_successful_logins", "Successful logins.", registry=r)
        self.malformed_logins = Counter(
            "lab_malformed_login_requests",
            "Rejected malformed login requests (not counted as failed logins).",
            registry=r,
        )
        self.lockouts = Counter("lab_login_lockouts", "Login attempts rejected by the lockout.", registry=r)
        self.errors = Counter("lab_errors", "Unhandled exceptions answered with HTTP 500.", registry=r)
        self.log_events_dropped = Counter(
            "lab_log_events_dropped",
            "Log events that were never delivered to Elasticsearch, by reason (buffer_overflow, rejected, shutdown).",
            labelnames=("reason",),
            registry=r,
        )
        # Every reason exposed from the start (at 0): a rate() over a series that
        # only appears with the first drop misses that drop.
        for reason in DROP_REASONS:
            self.log_events_dropped.labels(reason=reason)
        self.log_events_shipped = Counter(
            "lab_log_events_shipped", "Log events delivered to Elasticsearch.", registry=r
        )
        self.log_buffer_size = Gauge("lab_log_buffer_events", "Log events waiting to be shipped.", registry=r)
        self.lockout_enabled = Gauge("lab_lockout_enabled", "1 if the login lockout is on.", registry=r)
        self.request_duration = Histogram(
            "lab_http_request_duration_seconds",
            "HTTP request duration.",
            labelnames=("route", "status"),
            buckets=_BUCKETS,
            registry=r,
        )

        # (route, status) -> the histogram's child: labels() costs a lock and a tuple build per request.
        self._durations: dict[tuple[str, int], Any] = {}

    def observe_request(self, route: str, status: int, seconds: float) -> None:
        child = self._durations.get((route, status))
        if child is None:
            # Routes are rule templates and statuses HTTP codes: the cache stays as small as the label set.
            child = self._durations.setdefault(
                (route, status), self.request_duration.labels(route=route, status=str(status))
            )
        child.observe(seconds)

    def count_dropped(self, n: int, reason: str) -> None:
        """The shipper's on_dropped callback."""
        self.log_events_dropped.labels(reason=reason).inc(n)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
