"""Set values in a layout.yaml text, keeping its comments, order and layout."""

from __future__ import annotations

import re
from typing import Any

import yaml

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?P<rest>.*)$")


def yaml_scalar(value: Any) -> str:
    """Return ``value`` as one line of YAML flow text (lists in brackets, strings quoted when needed)."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return text.removesuffix("...").strip()


def set_values(text: str, values: dict[tuple[str, ...], Any]) -> tuple[str, list[tuple[str, ...]]]:
    """Return ``text`` with each key path in ``values`` set, and the paths the text does not have.

    A key's comment stays where it was; nested keys are found by their indentation
    (two spaces a level), as in the layout files drafter writes.
    """
    lines = text.splitlines(keepends=True)
    stack: list[str] = []
    done: set[tuple[str, ...]] = set()
    for index, line in enumerate(lines):
        match = _KEY_LINE.match(line.rstrip("\r\n"))
        if not match:
            continue
        level = len(match["indent"]) // 2
        stack = stack[:level] + [match["key"]]
        path = tuple(stack)
        if path not in values:
            continue
        value, comment = _split_comment(match["rest"])
        new = f"{match['indent']}{match['key']}: {yaml_scalar(values[path])}"
        if comment:   # the comment keeps its column where the new value leaves room
            column = line.find(comment, len(match["indent"]) + len(match["key"]) + 1 + len(value))
            new = new.ljust(column) if len(new) < column else new + "  "
            new += comment
        ending = line[len(line.rstrip("\r\n")):]
        lines[index] = new + ending
        done.add(path)
    return "".join(lines), [path for path in values if path not in done]


def _split_comment(rest: str) -> tuple[str, str]:
    """Split what follows ``key:`` into the value text and the comment (with its ``#``)."""
    text = rest.strip()
    if text[:1] in ("'", '"'):
        quote = text[0]
        end = text.find(quote, 1)
        while quote == "'" and end != -1 and text[end + 1:end + 2] == "'":   # '' inside single quotes
            end = text.find(quote, end + 2)
        if end != -1:
            after = text[end + 1:]
            hash_at = after.find("#")
            return text[:end + 1], after[hash_at:].strip() if hash_at != -1 else ""
    match = re.search(r"(^|\s)#", text)
    if match is None:
        return text, ""
    return text[:match.start()].strip(), text[match.start():].strip()
