"""Reading and writing report data by field path: one set of helpers for wizard, import, merge and forms."""

from __future__ import annotations

from typing import Any

from helpers import DEFAULT_TEMPLATE

from drafter.datapath import (
    block_id_of,
    field_value,
    field_values,
    has_key_at,
    mapping_at,
    remove_at,
    set_at,
    set_field,
    value_at,
)
from drafter.templateset import load_structure

STRUCTURE = load_structure(DEFAULT_TEMPLATE / "structure.yaml")
FIGURE = next(f.key for f in STRUCTURE.figures())


def test_reading_never_creates_and_treats_a_non_mapping_as_absent() -> None:
    data: dict[str, Any] = {"meta": "一段文字", "measures": {"disputes": None}}
    assert value_at(data, ("meta", "issuer")) is None
    assert value_at(data, ("measures", "disputes", "figures", "x")) is None
    assert value_at(data, ("nowhere",)) is None
    assert value_at(data, ()) is data
    assert data == {"meta": "一段文字", "measures": {"disputes": None}}


def test_writing_creates_the_levels_and_replaces_a_non_mapping() -> None:
    data: dict[str, Any] = {"meta": "一段文字"}
    set_at(data, ("meta", "issuer"), "岚县人民政府")
    set_at(data, ("measures", "disputes", "items"), ["一条"])
    assert data == {"meta": {"issuer": "岚县人民政府"}, "measures": {"disputes": {"items": ["一条"]}}}
    assert mapping_at(data, ("measures", "disputes")) is data["measures"]["disputes"]


def test_a_key_written_empty_is_there_and_can_be_removed() -> None:
    data: dict[str, Any] = {"meta": {"note": None}}
    assert has_key_at(data, ("meta", "note"))
    assert not has_key_at(data, ("meta", "issuer"))
    assert not has_key_at({"meta": [1]}, ("meta", "note"))
    remove_at(data, ("meta", "note"))
    remove_at(data, ("opening", "theme"))  # absent: nothing happens, nothing is created
    assert data == {"meta": {}}


def test_fields_by_key_follow_the_declared_paths() -> None:
    data: dict[str, Any] = {}
    set_field(STRUCTURE, data, "issuer", "岚县人民政府")
    set_field(STRUCTURE, data, FIGURE, 12)
    set_field(STRUCTURE, data, "note", " ")
    path = STRUCTURE.field_paths[FIGURE]
    assert data["meta"]["issuer"] == "岚县人民政府"
    assert value_at(data, path) == 12 and path[-2] == "figures"
    assert field_value(STRUCTURE, data, FIGURE) == 12
    assert field_values(STRUCTURE, data) == {"issuer": "岚县人民政府", FIGURE: 12}  # the blank note is not reported
    assert block_id_of(STRUCTURE, FIGURE) == ".".join(path[:-2])
    assert block_id_of(STRUCTURE, "issuer") == ""
