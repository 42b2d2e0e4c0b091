"""The index template of the app's data stream: settings and the mappings of the ECS fields the app writes.

The fields and their types are not listed here but in fields.json, the one catalogue of the event fields
(what events.py writes, what the template maps, what the extension reads); field_properties() turns its
mapped entries into the template's nested `properties`. Tests check the writer (test/app/test_fields.py)
and the reader (test/unit/core/logs/fieldCatalogue.test.ts) against the same file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

CATALOGUE_PATH = Path(__file__).with_name("fields.json")

# Elasticsearch field types the catalogue may use (those of the fields the app writes).
FIELD_TYPES = ("date", "text", "keyword", "long", "ip", "boolean")
# Keys of a catalogue entry copied into the mapping as they are, in this order.
MAPPING_PARAMS = ("type", "ignore_above", "index")
# Keys of a catalogue entry that describe the field and stay out of the mapping.
CATALOGUE_ONLY = ("mapped", "readByExtension", "note")


def load_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, dict[str, Any]]:
    """The `fields` of the catalogue: dotted ECS path -> entry, in file order. Raises ValueError when
    the file would make a wrong or ambiguous mapping, so a bad edit fails the tests and the app's start."""
    fields = json.loads(path.read_text(encoding="utf-8"))["fields"]
    if not isinstance(fields, dict) or not fields:
        raise ValueError(f"{path.name}: 'fields' must be a non-empty object")
    for name, entry in fields.items():
        if not isinstance(entry, dict):
            raise ValueError(f"{path.name}: {name}: an entry must be an object")
        unknown = set(entry) - set(MAPPING_PARAMS) - set(CATALOGUE_ONLY)
        if unknown:
            raise ValueError(f"{path.name}: {name}: unknown keys {sorted(unknown)}")
        if entry.get("type") not in FIELD_TYPES:
            raise ValueError(f"{path.name}: {name}: type must be one of {FIELD_TYPES}, not {entry.get('type')!r}")
        for key, kind in (("ignore_above", int), ("index", bool), ("mapped", bool), ("readByExtension", bool)):
            if key in entry and (type(entry[key]) is not kind):
                raise ValueError(f"{path.name}: {name}: {key} must be a {kind.__name__}")
        if not name or any(not part for part in name.split(".")):
            raise ValueError(f"{path.name}: {name!r} is not a field path")
        for other in fields:
            if other.startswith(name + "."):
                raise ValueError(f"{path.name}: {name} cannot be both a field and the object holding {other}")
    return fields


FIELDS = load_catalogue()


def is_mapped(entry: Mapping[str, Any]) -> bool:
    return entry.get("mapped", True) is not False


def field_properties(fields: Mapping[str, Mapping[str, Any]] = FIELDS) -> dict[str, Any]:
    """The mapped catalogue fields as nested `properties` ({"log": {"properties": {"level": {...}}}})."""
    properties: dict[str, Any] = {}
    for name, entry in fields.items():
        if not is_mapped(entry):
            continue
        *parents, leaf = name.split(".")
        node = properties
        for part in parents:
            node = node.setdefault(part, {"properties": {}})["properties"]
        node[leaf] = {key: entry[key] for key in MAPPING_PARAMS if key in entry}
    return properties


def index_template(index: str, priority: int = 500) -> dict[str, Any]:
    """Composable index template for the app's data stream.

    `dynamic: false` keeps unknown fields in _source but out of the mapping, so
    junk in an event can never explode the mapping or get a surprising type.
    """
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
            "mappings": {"dynamic": False, "properties": field_properties()},
        },
        "_meta": {"managed_by": "monitoring-lab app", "description": "ECS log events of the lab app"},
    }
