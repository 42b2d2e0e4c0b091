"""The index template, built from the field catalogue (labapp/fields.json): its shape, that it maps exactly
the catalogue's mapped fields with their parameters, and that a malformed catalogue is refused."""

import json

import pytest

from labapp.mapping import FIELDS, field_properties, index_template, is_mapped, load_catalogue


def test_template_shape():
    t = index_template("lab-logs")
    assert t["index_patterns"] == ["lab-logs*"]
    assert t["data_stream"] == {}
    assert t["priority"] >= 200
    # An explicit 250 ms refresh: events searchable within a second, and no "search idle" shards.
    assert t["template"]["settings"] == {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "250ms"}
    m = t["template"]["mappings"]
    assert m["dynamic"] is False
    p = m["properties"]
    assert p["@timestamp"]["type"] == "date"
    assert p["source"]["properties"]["ip"]["type"] == "ip"
    assert p["message"]["type"] == "text"
    assert p["http"]["properties"]["response"]["properties"]["status_code"]["type"] == "long"
    for path in [
        ("user", "name"),
        ("log", "level"),
        ("event", "id"),
        ("event", "action"),
        ("event", "outcome"),
        ("event", "category"),
        ("service", "name"),
        ("host", "name"),
        ("error", "type"),
        ("user_agent", "original"),
    ]:
        assert p[path[0]]["properties"][path[1]]["type"] == "keyword", path
    assert p["user_agent"]["properties"]["original"]["ignore_above"] > 0
    assert p["error"]["properties"]["message"]["type"] == "text"
    assert p["error"]["properties"]["stack_trace"]["type"] == "text"


def mapped_leaves(properties, prefix=""):
    for key, value in properties.items():
        if "properties" in value:
            yield from mapped_leaves(value["properties"], f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def test_template_maps_exactly_the_mapped_catalogue_fields_with_their_types():
    mapped = dict(mapped_leaves(index_template("lab-logs")["template"]["mappings"]["properties"]))
    assert set(mapped) == {name for name, entry in FIELDS.items() if is_mapped(entry)}
    for name, mapping in mapped.items():
        entry = FIELDS[name]
        assert mapping["type"] == entry["type"], name
        assert mapping == {k: v for k, v in entry.items() if k in ("type", "ignore_above", "index")}, name
    # The app's own settings and lockout changes stay in _source only (dynamic: false).
    assert "lab.lockout.enabled" not in mapped and "lab.log_shipping" not in mapped


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"a.b": {"type": "keywrod"}}, "type must be one of"),
        ({"a.b": {"type": "keyword", "ignore_abve": 10}}, "unknown keys"),
        ({"a.b": {"type": "keyword", "mapped": "no"}}, "mapped must be a bool"),
        ({"a": {"type": "keyword"}, "a.b": {"type": "long"}}, "both a field and the object"),
        ({"a..b": {"type": "keyword"}}, "not a field path"),
        ({}, "non-empty"),
    ],
)
def test_a_bad_catalogue_edit_is_refused(tmp_path, fields, message):
    path = tmp_path / "fields.json"
    path.write_text(json.dumps({"fields": fields}))
    with pytest.raises(ValueError, match=message):
        load_catalogue(path)


def test_field_properties_nest_in_catalogue_order_and_skip_unmapped():
    fields = {
        "b.y": {"type": "long"},
        "a": {"type": "date", "readByExtension": True, "note": "n"},
        "b.x": {"type": "keyword", "ignore_above": 8},
        "b.z": {"type": "boolean", "mapped": False},
    }
    props = field_properties(fields)
    assert props == {
        "b": {"properties": {"y": {"type": "long"}, "x": {"type": "keyword", "ignore_above": 8}}},
        "a": {"type": "date"},
    }
    assert list(props) == ["b", "a"]
