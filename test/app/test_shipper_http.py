"""The real Elasticsearch client against a tiny ES-like server on 127.0.0.1."""

import time

import pytest

from conftest import ClosedPort
from fake_es import FakeElasticsearch
from labapp.transport import ElasticsearchTransport, ShipRejected, ShipUnavailable

FAST = {"flush_interval": 0.05, "backoff_initial": 0.02, "backoff_max": 0.1}


@pytest.fixture
def es():
    server = FakeElasticsearch().start()
    yield server
    server.stop()


def test_transport_error_mapping(es):
    tr = ElasticsearchTransport(es.url, request_timeout=2)
    es.bulk_script.extend([503, 429, 400])
    with pytest.raises(ShipUnavailable) as e1:
        tr.bulk([{"create": {"_index": "lab-logs", "_id": "1"}}, {"a": 1}], timeout=2)
    assert e1.value.status == 503
    with pytest.raises(ShipUnavailable) as e2:
        tr.bulk([{"create": {"_index": "lab-logs", "_id": "1"}}, {"a": 1}], timeout=2)
    assert e2.value.status == 429
    with pytest.raises(ShipRejected) as e3:
        tr.bulk([{"create": {"_index": "lab-logs", "_id": "1"}}, {"a": 1}], timeout=2)
    assert e3.value.status == 400
    # exactly one HTTP request per call: the client's own retries are off
    assert len(es.bulk_bodies) == 3
    resp = tr.bulk([{"create": {"_index": "lab-logs", "_id": "1"}}, {"a": 1}], timeout=2)
    assert resp["items"][0]["create"]["status"] == 201
    tr.close()


def test_transport_unreachable_is_unavailable():
    down = ClosedPort()
    tr = ElasticsearchTransport(down.url, request_timeout=1)
    try:
        with pytest.raises(ShipUnavailable):
            tr.put_index_template("x-template", {"index_patterns": ["x*"]}, timeout=1)
    finally:
        tr.close()
        down.release()


def test_app_ships_failed_login_to_es(make_app, es):
    _app, client, cap = make_app(elasticsearch_url=es.url, create_kwargs={"shipper_options": FAST})
    r = client.post("/login", data={"username": "mallory", "password": "x"})
    assert r.status_code == 401
    assert es.wait_for(lambda f: any(d.get("message") == "Failed login attempt" for d in f.docs.values()))
    assert "lab-logs-template" in es.templates
    assert es.templates["lab-logs-template"]["data_stream"] == {}
    assert es.requests[0] == ("PUT", "/_index_template/lab-logs-template")  # template before any bulk
    (local,) = cap.by_message("Failed login attempt")
    stored = es.docs[local["event"]["id"]]  # _id == event.id
    assert stored["_op"] == "create" and stored["_index"] == "lab-logs"
    assert stored["user"]["name"] == "mallory"
    assert stored["source"]["ip"] == "127.0.0.1"
    assert stored["log"]["level"] == "warning"
    assert es.wait_for(
        lambda f: "lab_log_events_shipped_total 0.0" not in client.get("/metrics").get_data(as_text=True)
    )
    assert client.get("/health").get_json()["log_shipping"] == "ok"


def test_custom_index_name(make_app, es):
    _app, client, _cap = make_app(
        elasticsearch_url=es.url, log_index="lab-logs-team1", create_kwargs={"shipper_options": FAST}
    )
    client.get("/error")
    assert es.wait_for(lambda f: any(d.get("message") == "Unhandled exception" for d in f.docs.values()))
    assert "lab-logs-team1-template" in es.templates
    assert es.templates["lab-logs-team1-template"]["index_patterns"] == ["lab-logs-team1*"]
    assert {d["_index"] for d in es.docs.values()} == {"lab-logs-team1"}


def test_app_serves_while_es_down_and_delivers_in_order_later(make_app):
    down = ClosedPort()
    app, client, _cap = make_app(elasticsearch_url=down.url, create_kwargs={"shipper_options": FAST})
    for i in range(30):  # the brute-force burst
        assert client.post("/login", data={"username": f"user{i}", "password": "x"}).status_code == 401
    time.sleep(0.3)
    assert client.get("/health").get_json()["log_shipping"] == "unavailable"
    assert client.get("/health").get_json()["log_buffer"] >= 30
    es = FakeElasticsearch(down.release()).start()  # ES comes up on that port
    try:
        assert es.wait_for(
            lambda f: sum(1 for d in f.docs.values() if d.get("message") == "Failed login attempt") == 30
        )
        users = [d["user"]["name"] for d in es.stored() if d.get("message") == "Failed login attempt"]
        assert users == [f"user{i}" for i in range(30)]  # in order
        messages = [d["message"] for d in es.stored()]
        assert "Elasticsearch unavailable, buffering log events" in messages  # the outage itself is logged
        assert len(es.order) == len(set(es.order))
    finally:
        app.extensions["lab"].shutdown(timeout=1)
        es.stop()


def test_bulk_failures_and_conflicts_against_http(make_app, es):
    # ES stores the first bulk but the answer is lost (503); then it is busy a while.
    es.bulk_script.extend(["commit-then-503", 503, 429, 500])
    app, client, _cap = make_app(elasticsearch_url=es.url, create_kwargs={"shipper_options": FAST})
    shipper = app.extensions["lab"].shipper
    for i in range(5):
        client.post("/login", data={"username": f"u{i}", "password": "x"})
    assert es.wait_for(lambda f: sum(1 for d in f.docs.values() if d.get("message") == "Failed login attempt") == 5)
    assert es.wait_for(lambda f: shipper.buffered == 0 and shipper.shipped == len(f.order))
    assert len(es.bulk_bodies) >= 5
    # the resend of the committed batch was answered with 409s and counted as delivered
    assert shipper.dropped == 0
    assert len(es.order) == len(set(es.order))  # every event stored exactly once
    assert 'lab_log_events_dropped_total{reason="rejected"} 0.0' in client.get("/metrics").get_data(as_text=True)


def test_per_item_rejection_dropped_counted_and_exposed(make_app, es):
    app, client, cap = make_app(
        elasticsearch_url=es.url, create_kwargs={"shipper_options": dict(FAST, max_item_retries=2)}
    )
    shipper = app.extensions["lab"].shipper
    es.item_rule = lambda src: 400 if src.get("user", {}).get("name") == "poison" else None
    r = client.post("/login", data={"username": "poison", "password": "x"})
    assert r.status_code == 401
    (ev,) = cap.by_message("Failed login attempt")
    bad = ev["event"]["id"]
    assert es.wait_for(lambda f: shipper.dropped == 1)
    attempts = sum(1 for body in es.bulk_bodies for op in body[0::2] if op["create"]["_id"] == bad)
    assert attempts == 1  # a mapping error is permanent: no pointless resends
    assert bad not in es.docs
    assert es.wait_for(
        lambda f: any(d.get("event", {}).get("action") == "log-delivery-failed" for d in f.docs.values())
    )
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'lab_log_events_dropped_total{reason="rejected"} 1.0' in metrics
    assert 'lab_log_events_dropped_total{reason="buffer_overflow"} 0.0' in metrics
    health = client.get("/health").get_json()
    assert health["log_dropped"] == 1
    assert health["log_dropped_by_reason"] == {"buffer_overflow": 0, "rejected": 1, "shutdown": 0}


def test_per_item_429_and_5xx_retried_until_stored(make_app, es):
    """The bulk request succeeds but ES answers single items 429/5xx (write queue full)."""
    app, client, cap = make_app(
        elasticsearch_url=es.url, create_kwargs={"shipper_options": dict(FAST, max_item_retries=2)}
    )
    shipper = app.extensions["lab"].shipper
    busy = {"n": 0}

    def rule(src):
        if src.get("user", {}).get("name") == "busy" and busy["n"] < 8:  # far more than max_item_retries
            busy["n"] += 1
            return (429, 503, 500, 502)[busy["n"] % 4]
        return None

    es.item_rule = rule
    r = client.post("/login", data={"username": "busy", "password": "x"})
    assert r.status_code == 401
    (ev,) = cap.by_message("Failed login attempt")
    assert es.wait_for(lambda f: ev["event"]["id"] in f.docs)
    assert busy["n"] == 8
    assert shipper.dropped == 0
    assert 'lab_log_events_dropped_total{reason="rejected"} 0.0' in client.get("/metrics").get_data(as_text=True)
    assert client.get("/health").get_json()["log_dropped"] == 0
