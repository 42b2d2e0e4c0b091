"""The index template of the app's data stream: settings and the mappings of the ECS fields the app writes."""

from __future__ import annotations

from typing import Any, Dict


def index_template(index: str, priority: int = 500) -> Dict[str, Any]:
    """Composable index template for the app's data stream.

    `dynamic: false` keeps unknown fields in _source but out of the mapping, so
    junk in an event can never explode the mapping or get a surprising type.
    """
    keyword = {"type": "keyword", "ignore_above": 1024}
    return {
        "index_patterns": [f"{index}*"],
        "data_stream": {},
        # Built-in templates (logs-*-*, ...) use 100-200; 500 wins without being absurd.
        "priority": priority,
        "template": {
            # 250 ms, not the default 1 s: an attack shows in the editor within a second of the request. Set
            # explicitly, it also keeps shards from going "search idle" (a first search after 30 s quiet would
            # otherwise wait for a refresh).
            "settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "250ms"},
            "mappings": {
                "dynamic": False,
                "properties": {
                    "@timestamp": {"type": "date"},
                    "message": {"type": "text"},
                    "log": {"properties": {"level": {"type": "keyword"}}},
                    "ecs": {"properties": {"version": {"type": "keyword"}}},
                    "service": {"properties": {"name": {"type": "keyword"}}},
                    "host": {"properties": {"name": {"type": "keyword"}}},
                    "event": {
                        "properties": {
                            "id": {"type": "keyword"},
                            "kind": {"type": "keyword"},
                            "dataset": {"type": "keyword"},
                            "action": {"type": "keyword"},
                            "outcome": {"type": "keyword"},
                            "category": {"type": "keyword"},
                            "reason": keyword,
                        }
                    },
                    "url": {"properties": {"path": keyword}},
                    "http": {
                        "properties": {
                            "request": {"properties": {"method": {"type": "keyword"}}},
                            "response": {"properties": {"status_code": {"type": "long"}}},
                        }
                    },
                    "user": {"properties": {"name": {"type": "keyword", "ignore_above": 256}}},
                    "source": {"properties": {"ip": {"type": "ip"}}},
                    "user_agent": {"properties": {"original": keyword}},
                    "error": {
                        "properties": {
                            "type": {"type": "keyword"},
                            "message": {"type": "text"},
                            # Kept in _source for reading, not worth indexing.
                            "stack_trace": {"type": "text", "index": False},
                        }
                    },
                    "lab": {
                        "properties": {"dropped_events": {"type": "long"}, "retried_events": {"type": "long"}}
                    },
                },
            },
        },
        "_meta": {"managed_by": "monitoring-lab app", "description": "ECS log events of the lab app"},
    }

