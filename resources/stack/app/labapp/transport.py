"""The Elasticsearch side of log shipping: the official client behind the three calls the worker makes
(put the index template, bulk, close), with every failure mapped to one of two exceptions:

* ShipUnavailable - ES could not take the request now (down, timeout, 429, 5xx): the worker retries it.
* ShipRejected - ES refused the request as a whole (4xx other than 429).

Retries and backoff are the worker's (shipper.py); the client is told not to add its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any


class ShipUnavailable(Exception):
    """Elasticsearch could not take the request now (down, timeout, 429, 5xx): retry."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ShipRejected(Exception):
    """Elasticsearch refused the request as a whole (4xx other than 429)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ElasticsearchTransport:
    """Thin adapter over the official client that maps its errors to ours."""

    def __init__(
        self,
        url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        api_key: str | None = None,
        ca_file: str | None = None,
        request_timeout: float = 5.0,
    ) -> None:
        import logging

        from elasticsearch import Elasticsearch

        # The client logs every failed attempt itself; our own events already say
        # what matters, so keep its chatter off stderr.
        logging.getLogger("elastic_transport").setLevel(logging.ERROR)
        kwargs: dict[str, Any] = {
            "request_timeout": request_timeout,
            # Retries and backoff are ours (see LogShipper); the client must not add its own.
            "max_retries": 0,
            "retry_on_timeout": False,
        }
        if api_key:
            kwargs["api_key"] = api_key
        elif username:
            kwargs["basic_auth"] = (username, password or "")
        if ca_file:
            kwargs["ca_certs"] = ca_file
        self._client = Elasticsearch(url, **kwargs)
        self.request_timeout = request_timeout

    def _call(self, fn: Callable[[], Any]) -> Any:
        from elasticsearch import ApiError, TransportError

        try:
            return fn()
        except ApiError as exc:
            status = exc.meta.status if getattr(exc, "meta", None) is not None else None
            if status is not None and (status == 429 or status >= 500):
                raise ShipUnavailable(f"Elasticsearch answered HTTP {status}", status) from None
            raise ShipRejected(f"Elasticsearch rejected the request: HTTP {status} {exc.message}", status) from None
        except TransportError as exc:
            raise ShipUnavailable(f"Elasticsearch unreachable: {type(exc).__name__}") from None

    def put_index_template(self, name: str, body: dict[str, Any], timeout: float) -> None:
        client = self._client.options(request_timeout=timeout)
        self._call(lambda: client.indices.put_index_template(name=name, body=body))

    def bulk(self, operations: list[dict[str, Any] | str], timeout: float) -> dict[str, Any]:
        """`operations`: action and source lines, each a dict or an already serialized JSON line (sent as it is)."""
        client = self._client.options(request_timeout=timeout)
        resp = self._call(lambda: client.bulk(operations=operations, filter_path="errors,items.*.status,items.*.error"))
        return dict(resp.body)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._client.close()
