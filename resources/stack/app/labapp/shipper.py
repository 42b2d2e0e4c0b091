"""Ships log events to an Elasticsearch data stream from a background thread.

Design, in short:

* Events go into a bounded in-memory queue (`buffer_max`). When it is full the
  OLDEST queued event is dropped: during an exercise the newest events (the
  attack that is happening now) are the ones worth keeping. Every drop is
  counted (lab_log_events_dropped_total) and reported by a rate-limited WARNING
  event - never silently.
* A single worker thread takes batches (`batch_size`, or whatever arrived within
  `flush_interval` = 100 ms) and sends them with one bulk request of `create`
  operations whose `_id` is the event's event.id. A retried bulk therefore can
  never index an event twice: the second copy is answered with 409, which is
  counted as delivered.
* While Elasticsearch is unreachable, times out, or answers 429/5xx, the same
  batch is retried with exponential backoff (0.25 s doubling up to 5 s) for as
  long as it takes; newer events wait in the queue behind it, so events arrive
  in order. The same holds for single ITEMS of a bulk answered 429/5xx (ES's
  write queue is full - typically during the very attack the lab shows): only
  those items are resent, with backoff, bounded by the buffer like any
  backlog. classify_bulk_items() decides per item. Only a permanent item error
  (4xx other than 409/429, e.g. 400 mapper_parsing_exception) drops the event
  at once; a whole bulk request refused with such a status is retried
  `max_item_retries` times, then dropped.
* Before the first bulk the worker PUTs the index template, so the data stream
  is created with our mappings (never with dynamic guesses). The app itself
  never waits for any of this: it serves requests while ES is down.
* close() flushes what it can within a bounded time; whatever is left is
  counted as dropped (it was already written to stdout).
* Every dropped event is counted, in total and by reason (DROP_REASONS):
  `dropped`, `dropped_by_reason()`, and the `on_dropped(n, reason)` callback
  that feeds lab_log_events_dropped_total{reason} and /health.

This module is the worker (queue, batching, backoff, retries, drop counting). The
rest of log shipping lives next to it, one thing per module:

* mapping.py - the index template (settings and field mappings);
* transport.py - the Elasticsearch client wrapper (ElasticsearchTransport) and
  the two errors it raises, ShipUnavailable and ShipRejected;
* bulk.py - the pure per-item reading of a bulk response (classify_bulk_items).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .bulk import ITEM_OK, ITEM_RETRY, classify_bulk_items
from .events import DATASET_SHIPPER
from .mapping import index_template
from .transport import ShipRejected, ShipUnavailable

EmitFn = Callable[..., Any]

# Why an event was dropped (the `reason` label of lab_log_events_dropped_total).
DROP_BUFFER_OVERFLOW = "buffer_overflow"  # the buffer was full: the oldest event made room
DROP_REJECTED = "rejected"  # Elasticsearch refused it for good (mapping error, 4xx)
DROP_SHUTDOWN = "shutdown"  # still buffered when the app stopped, or logged after that
DROP_REASONS = (DROP_BUFFER_OVERFLOW, DROP_REJECTED, DROP_SHUTDOWN)


def next_backoff(current: float, initial: float, cap: float) -> float:
    """Doubling backoff: initial, 2*initial, ... capped at `cap`."""
    if current <= 0:
        return initial
    return min(current * 2, cap)


@dataclass(slots=True)
class _Pending:
    event: dict[str, Any]
    # The event as the JSON line the app already wrote to stdout: sent as the bulk source as it is,
    # so an event is serialized once (None: the transport serializes `event`).
    line: str | None = None
    attempts: int = 0

    @property
    def event_id(self) -> str:
        return str(self.event["event"]["id"])


class _Reporter:
    """Accumulates a count and lets it be reported at most once per interval."""

    def __init__(self, interval: float, clock: Callable[[], float]) -> None:
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._pending = 0
        self._last: float | None = None
        self.detail: tuple[str, str] | None = None

    def add(self, n: int, detail: tuple[str, str] | None = None) -> None:
        with self._lock:
            self._pending += n
            if detail is not None:
                self.detail = detail

    def take(self, force: bool = False) -> tuple[int, tuple[str, str] | None]:
        with self._lock:
            now = self._clock()
            if self._pending == 0:
                return 0, None
            if not force and self._last is not None and now - self._last < self._interval:
                return 0, None
            n, detail = self._pending, self.detail
            self._pending, self.detail, self._last = 0, None, now
            return n, detail


class LogShipper:
    def __init__(
        self,
        transport: Any,
        index: str,
        *,
        buffer_max: int = 10000,
        batch_size: int = 500,
        flush_interval: float = 0.1,
        backoff_initial: float = 0.25,
        backoff_max: float = 5.0,
        max_item_retries: int = 3,
        request_timeout: float = 5.0,
        warn_interval: float = 10.0,
        on_shipped: Callable[[int], None] | None = None,
        on_dropped: Callable[[int, str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if buffer_max < 1 or batch_size < 1:
            raise ValueError("buffer_max and batch_size must be positive")
        self.transport = transport
        self.index = index
        self.template_name = f"{index}-template"
        self.buffer_max = buffer_max
        self.batch_size = min(batch_size, buffer_max)
        self.flush_interval = flush_interval
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.max_item_retries = max_item_retries
        self.request_timeout = request_timeout
        self._on_shipped = on_shipped
        self._on_dropped = on_dropped
        self._clock = clock
        self._emit: EmitFn | None = None

        self._cond = threading.Condition()
        self._queue: deque[_Pending] = deque()
        self._inflight: list[_Pending] = []
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._stopping = False
        self._closed = False
        self._deadline: float | None = None
        self._backoff = 0.0

        self.template_installed = False
        self.es_available: bool | None = None  # None until the first attempt
        self._stats_lock = threading.Lock()
        self.shipped = 0
        self.dropped = 0
        self._dropped_by_reason: dict[str, int] = dict.fromkeys(DROP_REASONS, 0)
        self.last_error: str | None = None
        self.undelivered_at_shutdown = 0
        self._overflow = _Reporter(warn_interval, clock)
        self._undeliverable = _Reporter(warn_interval, clock)
        self._retrying = _Reporter(warn_interval, clock)
        self._unavailable_warned_at: float | None = None
        self._warn_interval = warn_interval

    # ------------------------------------------------------------------ public

    def attach_logger(self, emit: EmitFn) -> None:
        """`emit(level, message, dataset=..., fields=...)` - the app's EventLogger.emit."""
        self._emit = emit

    def dropped_by_reason(self) -> dict[str, int]:
        """Dropped events so far, per reason (every reason present, 0 if none)."""
        with self._stats_lock:
            return dict(self._dropped_by_reason)

    @property
    def buffered(self) -> int:
        with self._cond:
            return len(self._queue) + len(self._inflight)

    def enqueue(self, event: dict[str, Any], line: str | None = None) -> None:
        """Called from request threads; O(1) and never blocks on the network.

        `line`, when given, is `event` already serialized as JSON (EventLogger's stdout line)."""
        dropped = 0
        pending = _Pending(event, line)
        with self._cond:
            closed = self._closed
            if closed:
                dropped = 1
            else:
                self._queue.append(pending)
                while len(self._queue) > self.buffer_max:
                    self._queue.popleft()  # drop OLDEST, keep the newest
                    dropped += 1
                if len(self._queue) >= self.batch_size:
                    self._cond.notify()
        if dropped:
            self._count_dropped(dropped, DROP_SHUTDOWN if closed else DROP_BUFFER_OVERFLOW)
            if not closed:
                self._overflow.add(dropped)
                self._report_overflow()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="lab-log-shipper", daemon=True)
        self._thread.start()

    def close(self, timeout: float = 3.0) -> bool:
        """Flush within `timeout` seconds and stop. Returns True if nothing was lost."""
        with self._cond:
            if self._stopping:
                already = True
            else:
                already = False
                self._stopping = True
                self._deadline = self._clock() + timeout
                self._cond.notify_all()
        self._wake.set()
        thread = self._thread
        if thread is None:
            if not already:
                self._abandon_leftovers()
        else:
            thread.join(timeout + self.request_timeout + 1.0)
            if thread.is_alive():
                return False
        return self.undelivered_at_shutdown == 0

    # ------------------------------------------------------------------ worker

    def _run(self) -> None:
        try:
            while True:
                if self._stopping and (self._past_deadline() or self.buffered == 0):
                    break
                try:
                    self._step()
                    self._report_overflow()
                    self._report_undeliverable()
                    self._report_retrying()
                except Exception as exc:  # the worker must never die silently
                    self.last_error = f"{type(exc).__name__}: {exc}"
                    self._log(
                        "error", "Log shipper error", action="log-shipper-error", error=(type(exc).__name__, str(exc))
                    )
                    self._sleep_backoff()
        finally:
            self._abandon_leftovers()

    def _step(self) -> None:
        if not self.template_installed:
            if self._install_template():
                self._backoff = 0.0
            else:
                self._sleep_backoff()
            return
        if not self._inflight:
            batch = self._take_batch()
            with self._cond:
                self._inflight = batch
            if not batch:
                return
        if self._send_inflight():
            self._backoff = 0.0
        else:
            self._sleep_backoff()

    def _take_batch(self) -> list[_Pending]:
        with self._cond:
            if len(self._queue) < self.batch_size and not self._stopping:
                self._cond.wait(self.flush_interval)
            n = min(self.batch_size, len(self._queue))
            return [self._queue.popleft() for _ in range(n)]

    def _timeout(self) -> float:
        if self._deadline is None:
            return self.request_timeout
        return max(0.05, min(self.request_timeout, self._deadline - self._clock()))

    def _install_template(self) -> bool:
        try:
            self.transport.put_index_template(self.template_name, index_template(self.index), self._timeout())
        except ShipUnavailable as exc:
            self._mark_unavailable(str(exc))
            return False
        except ShipRejected as exc:
            # A rejected template will not fix itself, but shipping without it would
            # create the data stream with guessed mappings. Keep retrying (slowly,
            # via backoff) and say so loudly.
            self.last_error = str(exc)
            self._log(
                "error",
                "Index template rejected by Elasticsearch",
                action="log-template-failed",
                error=("ShipRejected", str(exc)),
            )
            return False
        self.template_installed = True
        self._mark_available()
        self._log("info", "Index template installed", action="log-template-installed")
        return True

    def _send_inflight(self) -> bool:
        batch = list(self._inflight)
        operations: list[dict[str, Any] | str] = []
        for pending in batch:
            operations.append({"create": {"_index": self.index, "_id": pending.event_id}})
            operations.append(pending.event if pending.line is None else pending.line)
        try:
            response = self.transport.bulk(operations, self._timeout())
        except ShipUnavailable as exc:
            self._mark_unavailable(str(exc))
            return False
        except ShipRejected as exc:
            self._mark_available()
            self.last_error = str(exc)
            keep, give_up = [], []
            for pending in batch:
                pending.attempts += 1
                (give_up if pending.attempts > self.max_item_retries else keep).append(pending)
            with self._cond:
                self._inflight = keep
            if give_up:
                self._give_up(give_up, ("bulk_rejected", str(exc)))
            return False

        results = classify_bulk_items(response, len(batch))
        if results is None:
            # Cannot tell which events made it: resend the batch. Safe thanks to _id + create.
            self._mark_unavailable("unexpected bulk response")
            return False
        self._mark_available()

        retry: list[_Pending] = []
        give_up: list[_Pending] = []
        delivered = 0
        give_up_detail: tuple[str, str] | None = None
        retry_detail: tuple[str, str] | None = None
        for pending, result in zip(batch, results, strict=True):
            if result.outcome == ITEM_OK:
                delivered += 1  # 409: an earlier attempt already stored it
            elif result.outcome == ITEM_RETRY:
                # ES is busy (write queue full, shard not ready): not the event's fault.
                # Resent after a backoff for as long as it takes, like a 429 for the
                # whole request; the buffer bounds what waits behind it. Not counted in
                # `attempts`: that bounds whole-request rejections only.
                retry.append(pending)
                retry_detail = result.error
            else:
                give_up.append(pending)
                give_up_detail = result.error

        with self._cond:
            self._inflight = retry  # failed items stay first in line: order is kept
        if delivered:
            self._count_shipped(delivered)
        if retry:
            self.last_error = f"{len(retry)} event(s) to retry: {retry_detail[0] if retry_detail else 'unknown'}"
            self._retrying.add(len(retry), retry_detail)
            self._report_retrying()
        if give_up:
            self._give_up(give_up, give_up_detail)
        return not retry

    def _give_up(self, pendings: list[_Pending], detail: tuple[str, str] | None) -> None:
        self._count_dropped(len(pendings), DROP_REJECTED)
        self._undeliverable.add(len(pendings), detail)
        self._report_undeliverable()

    def _sleep_backoff(self) -> None:
        self._backoff = next_backoff(self._backoff, self.backoff_initial, self.backoff_max)
        delay = self._backoff
        if self._stopping:
            remaining = (self._deadline or 0) - self._clock()
            time.sleep(max(0.0, min(delay, remaining)))
        else:
            # close() sets _wake so a long backoff does not eat the shutdown budget.
            self._wake.wait(delay)

    def _past_deadline(self) -> bool:
        return self._deadline is not None and self._clock() >= self._deadline

    def _abandon_leftovers(self) -> None:
        with self._cond:
            left = len(self._queue) + len(self._inflight)
            self._queue.clear()
            self._inflight = []
            self._closed = True
        self.undelivered_at_shutdown = left
        if left:
            self._count_dropped(left, DROP_SHUTDOWN)
            # Goes to stdout (the sink is closed now); the events themselves were
            # already printed there when they were logged.
            self._log(
                "warning",
                "Log events not delivered before shutdown",
                action="log-shutdown-undelivered",
                dropped=left,
            )

    # ------------------------------------------------------------ bookkeeping

    def _count_shipped(self, n: int) -> None:
        with self._stats_lock:
            self.shipped += n
        if self._on_shipped:
            self._on_shipped(n)

    def _count_dropped(self, n: int, reason: str) -> None:
        # Request threads (overflow) and the worker both count drops.
        with self._stats_lock:
            self.dropped += n
            self._dropped_by_reason[reason] += n
        if self._on_dropped:
            self._on_dropped(n, reason)

    def _mark_unavailable(self, reason: str) -> None:
        self.last_error = reason
        was = self.es_available
        self.es_available = False
        now = self._clock()
        if (
            was is not False
            or self._unavailable_warned_at is None
            or now - self._unavailable_warned_at >= self._warn_interval * 6
        ):
            self._unavailable_warned_at = now
            self._log(
                "warning",
                "Elasticsearch unavailable, buffering log events",
                action="log-shipping-unavailable",
                error=("ShipUnavailable", reason),
            )

    def _mark_available(self) -> None:
        was = self.es_available
        self.es_available = True
        if was is False:
            self._log("info", "Elasticsearch reachable again, shipping resumed", action="log-shipping-resumed")

    def _report_overflow(self) -> None:
        n, _ = self._overflow.take()
        if n:
            self._log(
                "warning",
                "Log buffer full: dropped oldest events",
                action="log-buffer-overflow",
                dropped=n,
            )

    def _report_retrying(self) -> None:
        n, detail = self._retrying.take()
        if n:
            self._log(
                "warning",
                "Elasticsearch asked to retry log events later, retrying",
                action="log-delivery-retrying",
                retrying=n,
                error=detail,
            )

    def _report_undeliverable(self) -> None:
        n, detail = self._undeliverable.take()
        if n:
            self._log(
                "warning",
                "Log events could not be delivered to Elasticsearch",
                action="log-delivery-failed",
                dropped=n,
                error=detail,
            )

    def _log(
        self,
        level: str,
        message: str,
        *,
        action: str,
        dropped: int | None = None,
        retrying: int | None = None,
        error: tuple[str, str] | None = None,
    ) -> None:
        if self._emit is None:
            return
        fields: dict[str, Any] = {"event": {"action": action}}
        if dropped is not None:
            fields["lab"] = {"dropped_events": dropped}
        if retrying is not None:
            fields["lab"] = {"retried_events": retrying}
        if error is not None:
            fields["error"] = {"type": error[0], "message": error[1][:4096]}
        self._emit(level, message, dataset=DATASET_SHIPPER, fields=fields)
