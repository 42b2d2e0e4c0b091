"""classify_bulk_items: the pure per-item reading of a bulk response (409 = delivered, 429/5xx = retry,
other 4xx = permanent, anything unreadable = retry or resend all)."""

import pytest

from labapp.bulk import ITEM_OK, ITEM_PERMANENT, ITEM_RETRY, ItemResult, classify_bulk_items


def item(status=None, error=None, op="create"):
    body = {}
    if status is not None:
        body["status"] = status
    if error is not None:
        body["error"] = error
    return {op: body}


def test_classify_bulk_items_per_item():
    mapping = {"type": "mapper_parsing_exception", "reason": "failed to parse field [source.ip]"}
    busy = {"type": "es_rejected_execution_exception", "reason": "rejected execution (queue capacity 10000)"}
    response = {
        "errors": True,
        "items": [
            item(201),
            item(200),
            item(409, {"type": "version_conflict_engine_exception"}),
            item(429, busy),
            item(500),
            item(503, busy),
            item(400, mapping),
            item(404, {"type": "index_not_found_exception"}),
            item(),
            item("201"),
            item(True),
            {},
            "junk",
            {"create": "junk"},
        ],
    }
    assert [r.outcome for r in classify_bulk_items(response, 14)] == [
        ITEM_OK,
        ITEM_OK,
        ITEM_OK,
        ITEM_RETRY,
        ITEM_RETRY,
        ITEM_RETRY,
        ITEM_PERMANENT,
        ITEM_PERMANENT,
        # no usable status: cannot tell whether it was stored, resending is safe
        ITEM_RETRY,
        ITEM_RETRY,
        ITEM_RETRY,
        ITEM_RETRY,
        ITEM_RETRY,
        ITEM_RETRY,
    ]
    results = classify_bulk_items(response, 14)
    assert results[0] == ItemResult(ITEM_OK, 201, None)
    assert results[3] == ItemResult(ITEM_RETRY, 429, ("es_rejected_execution_exception", busy["reason"]))
    assert results[6] == ItemResult(ITEM_PERMANENT, 400, ("mapper_parsing_exception", mapping["reason"]))
    assert results[4].error == ("unknown", "item status 500")


@pytest.mark.parametrize(
    "response", [None, [], "x", {}, {"items": None}, {"items": [item(201)]}, {"items": [item(201)] * 3}]
)
def test_classify_bulk_items_unusable_response(response):
    assert classify_bulk_items(response, 2) is None


def test_classify_bulk_items_bounds_error_text():
    huge = {"type": "t" * 5000, "reason": "r" * 5000}
    (result,) = classify_bulk_items({"items": [item(400, huge)]}, 1)
    assert len(result.error[0]) <= 256 and len(result.error[1]) <= 1024
