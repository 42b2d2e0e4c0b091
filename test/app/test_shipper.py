"""LogShipper logic with an in-process fake transport: batching, flush timing,
backoff, overflow, per-item errors (409 = delivered), shutdown flush.
(The bulk-response classifier is tested in test_bulk.py, the template in test_mapping.py.)"""

import threading
import time
import uuid
from collections import deque
from itertools import pairwise

import pytest

from labapp.events import build_event
from labapp.shipper import LogShipper, next_backoff
from labapp.transport import ShipRejected, ShipUnavailable


def event(n):
    e = build_event("info", f"event {n}", dataset="lab.test", service_name="t", host_name="h")
    e["seq"] = n
    return e


class FakeTransport:
    """Behaves like ES (201 on new _id, 409 on existing) unless a script says otherwise.

    bulk_script entries: an exception instance to raise, or a dict {_id: status}
    of per-item statuses for one call."""

    def __init__(self):
        self.lock = threading.Lock()
        self.template_calls = []
        self.template_script = deque()
        self.bulk_calls = []  # list of (time, [ids])
        self.bulk_script = deque()
        self.stored = []  # sources, in arrival order
        self.ids = set()

    def put_index_template(self, name, body, timeout):
        with self.lock:
            self.template_calls.append((time.monotonic(), name, body))
            action = self.template_script.popleft() if self.template_script else None
        if isinstance(action, Exception):
            raise action

    def bulk(self, operations, timeout):
        ids = [op["create"]["_id"] for op in operations[0::2]]
        with self.lock:
            self.bulk_calls.append((time.monotonic(), ids))
            action = self.bulk_script.popleft() if self.bulk_script else None
        if isinstance(action, Exception):
            raise action
        if callable(action):
            return action(operations)
        per_item = action or {}
        items = []
        with self.lock:
            for meta, source in zip(operations[0::2], operations[1::2], strict=True):
                _id = meta["create"]["_id"]
                assert meta["create"]["_index"] == "lab-logs"
                if _id in per_item:
                    items.append(
                        {"create": {"status": per_item[_id], "error": {"type": "x_exception", "reason": "scripted"}}}
                    )
                elif _id in self.ids:
                    items.append({"create": {"status": 409, "error": {"type": "version_conflict_engine_exception"}}})
                else:
                    self.ids.add(_id)
                    self.stored.append(source)
                    items.append({"create": {"status": 201}})
        return {"errors": any(i["create"]["status"] >= 300 for i in items), "items": items}

    def seqs(self):
        with self.lock:
            return [s.get("seq") for s in self.stored if "seq" in s]


def wait_until(pred, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.01)
    return pred()


class Log:
    """Captures the shipper's own events (not fed back into the shipper)."""

    def __init__(self):
        self.events = []

    def __call__(self, level, message, *, dataset, fields=None):
        self.events.append({"level": level, "message": message, "fields": fields or {}})

    def actions(self):
        return [e["fields"].get("event", {}).get("action") for e in self.events]


FAST = dict(flush_interval=0.05, backoff_initial=0.01, backoff_max=0.05)


@pytest.fixture
def shippers():
    made = []

    def factory(transport, **kw):
        opts = dict(FAST)
        opts.update(kw)
        s = LogShipper(transport, "lab-logs", **opts)
        made.append(s)
        return s

    yield factory
    for s in made:
        s.close(timeout=0.5)


def test_backoff_sequence_doubles_and_caps():
    seq, cur = [], 0.0
    for _ in range(8):
        cur = next_backoff(cur, 0.25, 5.0)
        seq.append(cur)
    assert seq == [0.25, 0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


def test_template_first_then_create_ops_with_event_id(shippers):
    t = FakeTransport()
    s = shippers(t)
    events = [event(i) for i in range(5)]
    for e in events:
        s.enqueue(e)
    s.start()
    assert wait_until(lambda: t.seqs() == [0, 1, 2, 3, 4])
    assert len(t.template_calls) == 1
    _, name, body = t.template_calls[0]
    assert name == "lab-logs-template" and body["index_patterns"] == ["lab-logs*"]
    assert t.template_calls[0][0] <= t.bulk_calls[0][0]
    assert t.bulk_calls[0][1] == [e["event"]["id"] for e in events]
    assert s.shipped == 5 and s.dropped == 0


def test_flushes_within_interval_below_size_threshold(shippers):
    t = FakeTransport()
    s = shippers(t, flush_interval=0.25, batch_size=500)
    s.start()
    assert wait_until(lambda: len(t.template_calls) == 1)
    t0 = time.monotonic()
    s.enqueue(event(1))
    assert wait_until(lambda: t.seqs() == [1], timeout=2.0)
    assert time.monotonic() - t0 < 0.9  # 250 ms interval + scheduling slack


def test_size_threshold_flushes_before_interval(shippers):
    t = FakeTransport()
    s = shippers(t, flush_interval=30.0, batch_size=10)
    s.start()
    assert wait_until(lambda: len(t.template_calls) == 1)
    time.sleep(0.05)  # let the worker settle into its (30 s) wait
    for i in range(10):
        s.enqueue(event(i))
    assert wait_until(lambda: len(t.seqs()) == 10, timeout=2.0)
    for i in range(10, 13):
        s.enqueue(event(i))
    time.sleep(0.3)
    assert len(t.seqs()) == 10  # below threshold: waits for the interval


def test_es_down_buffers_then_delivers_in_order_with_backoff(shippers):
    t = FakeTransport()
    for _ in range(6):
        t.template_script.append(ShipUnavailable("down"))
    log = Log()
    s = shippers(t, backoff_initial=0.02, backoff_max=0.08)
    s.attach_logger(log)
    s.start()
    for i in range(50):
        s.enqueue(event(i))
    assert wait_until(lambda: t.seqs() == list(range(50)))
    times = [c[0] for c in t.template_calls]
    assert len(times) == 7
    gaps = [b - a for a, b in pairwise(times)]
    # 0.02, 0.04, 0.08, 0.08, ... (capped); allow scheduling slack upwards only
    for gap, expected in zip(gaps, [0.02, 0.04, 0.08, 0.08, 0.08, 0.08], strict=True):
        assert gap >= expected * 0.9
    assert max(gaps) < 0.4  # uncapped, the last gap would be 0.64 s
    assert s.dropped == 0
    assert "log-shipping-unavailable" in log.actions()
    assert log.actions().count("log-shipping-unavailable") == 1  # not once per retry
    assert "log-shipping-resumed" in log.actions()


def test_bulk_429_and_5xx_retried_until_delivered_without_dropping(shippers):
    t = FakeTransport()
    for status in (503, 429, 502, 500, 503, 429, 504):  # more than max_item_retries
        t.bulk_script.append(ShipUnavailable("busy", status))
    s = shippers(t, max_item_retries=2)
    for i in range(3):
        s.enqueue(event(i))
    s.start()
    assert wait_until(lambda: t.seqs() == [0, 1, 2])
    assert len(t.bulk_calls) == 8
    assert s.dropped == 0 and s.shipped == 3


def test_409_counts_as_delivered(shippers):
    t = FakeTransport()
    events = [event(i) for i in range(3)]
    t.ids.add(events[1]["event"]["id"])  # "already stored" by an earlier attempt
    s = shippers(t)
    for e in events:
        s.enqueue(e)
    s.start()
    assert wait_until(lambda: s.shipped == 3)
    time.sleep(0.1)
    assert len(t.bulk_calls) == 1  # nothing retried
    assert s.dropped == 0


def test_retried_bulk_cannot_duplicate(shippers):
    """Response lost after ES stored the docs: the resend gets 409s, no double."""
    t = FakeTransport()
    real_bulk = t.bulk
    state = {"first": True}

    def lossy(operations, timeout):
        resp = real_bulk(operations, timeout)
        if state["first"]:
            state["first"] = False
            raise ShipUnavailable("connection reset after write")
        return resp

    t.bulk = lossy
    s = shippers(t)
    for i in range(4):
        s.enqueue(event(i))
    s.start()
    assert wait_until(lambda: s.shipped == 4)
    assert t.seqs() == [0, 1, 2, 3]
    assert len(t.bulk_calls) == 2


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_transient_item_errors_retried_until_delivered_never_dropped(shippers, status):
    """ES's write queue is full during the attack itself: items get 429/5xx."""
    t = FakeTransport()
    events = [event(i) for i in range(3)]
    bad = events[1]["event"]["id"]
    for _ in range(10):  # far more than max_item_retries
        t.bulk_script.append({bad: status})
    log = Log()
    drops = []
    s = shippers(t, max_item_retries=3, on_dropped=lambda n, reason: drops.append((n, reason)))
    s.attach_logger(log)
    for e in events:
        s.enqueue(e)
    s.start()
    assert wait_until(lambda: t.seqs() == [0, 2, 1])
    # first call had all three; then only the failing one, until it got through
    assert [ids for _, ids in t.bulk_calls] == [[e["event"]["id"] for e in events]] + [[bad]] * 10
    assert s.dropped == 0 and drops == [] and s.shipped == 3
    assert s.dropped_by_reason() == {"buffer_overflow": 0, "rejected": 0, "shutdown": 0}
    assert "log-delivery-failed" not in log.actions()
    retrying = [e for e in log.events if e["fields"]["event"]["action"] == "log-delivery-retrying"]
    assert retrying and retrying[0]["level"] == "warning"
    assert retrying[0]["fields"]["error"]["type"] == "x_exception"


def test_transient_item_retries_back_off(shippers):
    t = FakeTransport()
    e = event(0)
    for _ in range(5):
        t.bulk_script.append({e["event"]["id"]: 429})
    s = shippers(t, backoff_initial=0.02, backoff_max=0.08)
    s.enqueue(e)
    s.start()
    assert wait_until(lambda: s.shipped == 1)
    times = [c[0] for c in t.bulk_calls]
    gaps = [b - a for a, b in pairwise(times)]
    for gap, expected in zip(gaps, [0.02, 0.04, 0.08, 0.08, 0.08], strict=True):
        assert gap >= expected * 0.9


def test_transient_item_retries_are_bounded_by_the_buffer(shippers):
    """While items are retried, newer events wait in the buffer; its bound holds."""
    t = FakeTransport()
    first = event(0)
    for _ in range(1000):
        t.bulk_script.append({first["event"]["id"]: 429})
    s = shippers(t, buffer_max=5, batch_size=5, warn_interval=60)
    s.enqueue(first)
    s.start()
    assert wait_until(lambda: len(t.bulk_calls) >= 2)  # `first` is being retried
    for i in range(1, 21):
        s.enqueue(event(i))
    assert s.buffered <= 5 + 1  # the queue's bound, plus the item in flight
    assert s.dropped_by_reason()["buffer_overflow"] == 15
    assert s.dropped_by_reason()["rejected"] == 0


def test_transient_item_retries_do_not_use_up_request_rejection_retries(shippers):
    t = FakeTransport()
    e = event(0)
    for _ in range(5):
        t.bulk_script.append({e["event"]["id"]: 503})
    t.bulk_script.append(ShipRejected("HTTP 400", 400))  # one rejection of the whole request
    s = shippers(t, max_item_retries=2)
    s.enqueue(e)
    s.start()
    assert wait_until(lambda: s.shipped == 1)
    assert s.dropped == 0 and len(t.bulk_calls) == 7


@pytest.mark.parametrize("status", [400, 403, 404, 413])
def test_permanent_item_errors_dropped_at_once_counted_and_logged(shippers, status):
    t = FakeTransport()
    events = [event(i) for i in range(3)]
    bad = events[1]["event"]["id"]
    t.bulk_script.append({bad: status})
    log = Log()
    drops = []
    s = shippers(t, max_item_retries=3, on_dropped=lambda n, reason: drops.append((n, reason)))
    s.attach_logger(log)
    for e in events:
        s.enqueue(e)
    s.start()
    assert wait_until(lambda: s.dropped == 1)
    time.sleep(0.1)
    assert t.seqs() == [0, 2]
    assert len(t.bulk_calls) == 1  # retrying a mapping error cannot help
    assert drops == [(1, "rejected")] and s.shipped == 2
    assert s.dropped_by_reason() == {"buffer_overflow": 0, "rejected": 1, "shutdown": 0}
    (failed,) = [e for e in log.events if e["fields"]["event"]["action"] == "log-delivery-failed"]
    assert failed["level"] == "warning"
    assert failed["fields"]["lab"]["dropped_events"] == 1
    assert failed["fields"]["error"]["type"] == "x_exception"


def test_item_error_recovers(shippers):
    t = FakeTransport()
    events = [event(i) for i in range(3)]
    t.bulk_script.append({events[0]["event"]["id"]: 429})
    s = shippers(t)
    for e in events:
        s.enqueue(e)
    s.start()
    assert wait_until(lambda: s.shipped == 3)
    assert sorted(t.seqs()) == [0, 1, 2] and s.dropped == 0


def test_whole_request_rejected_is_bounded(shippers):
    t = FakeTransport()
    for _ in range(10):
        t.bulk_script.append(ShipRejected("HTTP 400", 400))
    s = shippers(t, max_item_retries=2)
    for i in range(2):
        s.enqueue(event(i))
    s.start()
    assert wait_until(lambda: s.dropped == 2)
    assert len(t.bulk_calls) == 3
    assert s.dropped_by_reason()["rejected"] == 2


def test_unexpected_response_is_resent(shippers):
    t = FakeTransport()
    t.bulk_script.append(lambda ops: {"errors": False, "items": []})  # wrong length
    s = shippers(t)
    for i in range(2):
        s.enqueue(event(i))
    s.start()
    assert wait_until(lambda: s.shipped == 2)
    assert len(t.bulk_calls) == 2 and t.seqs() == [0, 1]


def test_worker_survives_unexpected_exceptions(shippers):
    t = FakeTransport()
    t.bulk_script.append(KeyError("boom"))
    log = Log()
    s = shippers(t)
    s.attach_logger(log)
    s.enqueue(event(0))
    s.start()
    assert wait_until(lambda: t.seqs() == [0])
    assert "log-shipper-error" in log.actions()


def test_overflow_drops_oldest_counts_and_warns_rate_limited(shippers):
    t = FakeTransport()
    log = Log()
    drops = []
    s = shippers(t, buffer_max=5, on_dropped=lambda n, reason: drops.append(n), warn_interval=60)
    s.attach_logger(log)
    for i in range(12):
        s.enqueue(event(i))  # worker not started: everything stays buffered
    assert s.buffered == 5
    assert s.dropped == 7 and sum(drops) == 7
    assert s.dropped_by_reason() == {"buffer_overflow": 7, "rejected": 0, "shutdown": 0}
    warnings = [e for e in log.events if e["fields"]["event"]["action"] == "log-buffer-overflow"]
    assert len(warnings) == 1  # rate-limited
    assert warnings[0]["level"] == "warning"
    assert warnings[0]["fields"]["lab"]["dropped_events"] == 1
    s.start()
    assert wait_until(lambda: t.seqs() == [7, 8, 9, 10, 11])  # the newest survive, in order


def test_overflow_while_es_down_is_reported_when_rate_limit_allows(shippers):
    t = FakeTransport()
    for _ in range(1000):
        t.template_script.append(ShipUnavailable("down"))
    log = Log()
    s = shippers(t, buffer_max=3, warn_interval=0.2)
    s.attach_logger(log)
    s.start()
    for i in range(10):
        s.enqueue(event(i))
    # one immediate warning for the first drop, a later one for the rest
    assert wait_until(
        lambda: (
            sum(
                e["fields"]["lab"]["dropped_events"]
                for e in log.events
                if e["fields"]["event"]["action"] == "log-buffer-overflow"
            )
            == 7
        ),
        timeout=3,
    )


def test_overflow_warning_through_app_logger_is_not_silent_or_recursive():
    """With the real EventLogger the warning itself is buffered; it must not loop."""
    import io

    from labapp.events import EventLogger

    t = FakeTransport()
    stream = io.StringIO()
    s = LogShipper(t, "lab-logs", buffer_max=3, warn_interval=60)
    logger = EventLogger("svc", stream=stream, sink=s.enqueue)
    s.attach_logger(logger.emit)
    for i in range(10):
        logger.emit("info", f"e{i}", dataset="lab.test")
    assert s.buffered == 3
    assert stream.getvalue().count("Log buffer full: dropped oldest events") == 1
    assert s.dropped == 8  # 7 app events + 1 for the warning's own push
    s.close(timeout=0.5)


def test_close_flushes_pending_events(shippers):
    t = FakeTransport()
    s = shippers(t, flush_interval=10.0, batch_size=1000)
    s.start()
    assert wait_until(lambda: len(t.template_calls) == 1)
    for i in range(20):
        s.enqueue(event(i))
    t0 = time.monotonic()
    assert s.close(timeout=2.0) is True
    assert time.monotonic() - t0 < 1.0
    assert t.seqs() == list(range(20))


def test_close_is_bounded_when_es_is_down(shippers):
    t = FakeTransport()
    for _ in range(10000):
        t.template_script.append(ShipUnavailable("down"))
    log = Log()
    s = shippers(t, backoff_initial=0.25, backoff_max=5.0)
    s.attach_logger(log)
    s.start()
    for i in range(5):
        s.enqueue(event(i))
    time.sleep(0.3)
    t0 = time.monotonic()
    assert s.close(timeout=1.0) is False
    assert time.monotonic() - t0 < 2.0
    assert s.dropped == 5
    (notice,) = [e for e in log.events if e["fields"]["event"]["action"] == "log-shutdown-undelivered"]
    assert notice["fields"]["lab"]["dropped_events"] == 5
    s.enqueue(event(99))  # after close: counted, not buffered
    assert s.dropped == 6 and s.buffered == 0
    assert s.dropped_by_reason() == {"buffer_overflow": 0, "rejected": 0, "shutdown": 6}


def test_ids_are_event_ids():
    e = event(0)
    assert uuid.UUID(e["event"]["id"]).version == 4


def test_event_is_serialized_once_the_stdout_line_is_the_bulk_source(shippers):
    """The logger's JSON line goes into the bulk as it is: the same text as stdout, the same event."""
    import io
    import json

    from labapp.events import EventLogger

    t = FakeTransport()
    s = shippers(t)
    stream = io.StringIO()
    logger = EventLogger("svc", stream=stream, sink=s.enqueue)
    s.start()
    sent = [logger.emit("warning", f"e{i} \u00e9\u202e", dataset="lab.test") for i in range(3)]
    assert wait_until(lambda: len(t.stored) == 3)
    lines = stream.getvalue().splitlines()
    assert t.stored == lines  # strings, byte for byte what stdout got (ASCII-only JSON)
    assert [json.loads(source) for source in t.stored] == sent
    # The action lines still carry each event's id, so a resent batch cannot index twice.
    assert [i for _, ids in t.bulk_calls for i in ids] == [e["event"]["id"] for e in sent]
