"""Reads a bulk response: which operations Elasticsearch stored, which to resend, which to give up on.

Pure: no I/O, no state, no clock. The worker (shipper.py) acts on the outcome of each item:

* ITEM_OK - stored (2xx), or already stored by an earlier attempt (409: the bulk uses `create` with the event's
  event.id as `_id`, so a resent event can never be indexed twice).
* ITEM_RETRY - ES could not take it now (429: write queue full, typically during the very attack the lab shows;
  5xx; or no usable status, where resending is safe for the same reason as above). Resent with backoff.
* ITEM_PERMANENT - refused for good (other 4xx, e.g. 400 mapper_parsing_exception): resending cannot help.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Per-item outcomes of a bulk response.
ITEM_OK = "ok"  # stored (2xx), or already stored by an earlier attempt (409)
ITEM_RETRY = "retry"  # transient (429, 5xx, no usable status): send again later
ITEM_PERMANENT = "permanent"  # refused for good (other 4xx): sending again cannot help


@dataclass(frozen=True)
class ItemResult:
    outcome: str  # ITEM_OK, ITEM_RETRY or ITEM_PERMANENT
    status: int | None = None
    error: tuple[str, str] | None = None  # (error.type, error.reason) as sent by ES


def classify_item_status(status: Any) -> str:
    if isinstance(status, bool) or not isinstance(status, int):
        # Cannot tell whether it was stored: resending is safe (create + _id).
        return ITEM_RETRY
    if 200 <= status < 300 or status == 409:
        return ITEM_OK
    if status == 429 or status >= 500:
        return ITEM_RETRY
    return ITEM_PERMANENT


def classify_bulk_items(response: Any, expected: int) -> list[ItemResult] | None:
    """One ItemResult per operation of a bulk request of `expected` operations, or
    None if the response does not say which items made it (the caller resends all).

    Pure: no I/O, no state; the response is untrusted data."""
    items = response.get("items") if isinstance(response, dict) else None
    if not isinstance(items, list) or len(items) != expected:
        return None
    results: list[ItemResult] = []
    for item in items:
        result = next(iter(item.values()), {}) if isinstance(item, dict) and item else {}
        if not isinstance(result, dict):
            result = {}
        status = result.get("status")
        outcome = classify_item_status(status)
        error: tuple[str, str] | None = None
        if outcome != ITEM_OK:
            raw = result.get("error")
            if isinstance(raw, dict):
                error = (str(raw.get("type", "unknown"))[:256], str(raw.get("reason", ""))[:1024])
            else:
                error = ("unknown", f"item status {str(status)[:64]}")
        results.append(ItemResult(outcome, status if isinstance(status, int) else None, error))
    return results
