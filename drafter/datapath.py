"""Read and write report data by path: the one place that walks the nested mappings of a report file.

A path is a tuple of keys as ``Structure.field_paths`` gives them, e.g.
``("measures", "disputes", "figures", "mediation_cases")``. Reading never creates
anything and treats a level that is not a mapping as absent; writing creates the
missing levels (replacing a level that is not a mapping, as the writer would).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .structure import Structure
from .values import is_empty


def mapping_at(data: dict[str, Any], path: Sequence[Any]) -> dict[str, Any]:
    """Return the mapping at ``path`` inside report data, creating the missing levels."""
    node = data
    for step in path:
        child = node.get(step)
        if not isinstance(child, dict):
            child = {}
            node[step] = child
        node = child
    return node


def value_at(data: Any, path: Sequence[Any]) -> Any:
    """Return the value at ``path`` (None when a level is missing or is not a mapping)."""
    node = data
    for step in path:
        if not isinstance(node, dict):
            return None
        node = node.get(step)
    return node


def has_key_at(data: Any, path: Sequence[Any]) -> bool:
    """Return whether the last key of ``path`` is written in the data (even with an empty value)."""
    *parents, last = path
    holder = value_at(data, parents)
    return isinstance(holder, dict) and last in holder


def set_at(data: dict[str, Any], path: Sequence[Any], value: Any) -> None:
    """Set the value at ``path``, creating the missing levels."""
    *parents, last = path
    mapping_at(data, parents)[last] = value


def remove_at(data: Any, path: Sequence[Any]) -> None:
    """Remove the key at ``path`` when it is there (the levels above stay)."""
    *parents, last = path
    holder = value_at(data, parents)
    if isinstance(holder, dict):
        holder.pop(last, None)


def field_value(structure: Structure, data: Any, key: str) -> Any:
    """Return the value of field ``key`` as written in report data (None when not written)."""
    return value_at(data, structure.field_paths[key])


def set_field(structure: Structure, data: dict[str, Any], key: str, value: Any) -> None:
    """Write ``value`` as field ``key`` of report data (None: not reported)."""
    set_at(data, structure.field_paths[key], value)


def field_values(structure: Structure, data: Any) -> dict[str, Any]:
    """Return the written value of every declared field that is reported, by field key."""
    found = {key: value_at(data, path) for key, path in structure.field_paths.items()}
    return {key: value for key, value in found.items() if not is_empty(value)}


def block_id_of(structure: Structure, key: str) -> str:
    """Return the id of the part or subsection figure ``key`` belongs to (``measures.disputes``);
    empty for a field of the metadata or the opening."""
    path = structure.field_paths[key]
    return ".".join(path[: path.index("figures")]) if "figures" in path else ""
