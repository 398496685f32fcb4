"""Check one answer against the declared rules at once, with the validator's own rule functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..problems import Level
from ..rules import RULES, Facts
from ..structure import Rule, Structure
from ..values import PARSERS, ValueRefused, is_empty


@dataclass(frozen=True)
class Conflict:
    """A declared rule the answer breaks: the message, how serious, and the other fields involved."""

    message: str
    level: Level
    others: tuple[str, ...]


def rules_of(structure: Structure, key: str) -> list[Rule]:
    """Return the rules that involve field ``key`` (the report year for the date rules)."""
    return [rule for rule in structure.rules()
            if key in rule.fields() or (key == "year" and rule.name == "after_year")]


def conflicts(structure: Structure, values: Mapping[str, Any], key: str, raw: Any) -> list[Conflict]:
    """Return the rules broken when field ``key`` takes ``raw`` beside the other ``values``.

    ``values`` are the typed values already answered (``Answers.parsed()``).
    """
    typed = dict(values)
    typed.pop(key, None)
    if not is_empty(raw):
        try:
            typed[key] = PARSERS[structure.fields[key].kind](raw).value
        except ValueRefused:
            return []
    facts = Facts(typed, {k: f.label for k, f in structure.fields.items()},
                  {k: f.shown_unit for k, f in structure.fields.items()})
    found = []
    for rule in rules_of(structure, key):
        for finding in RULES[rule.name].check(rule.args, facts):
            others = tuple(k for k in rule.fields() if k != key and k in typed)
            if rule.name == "after_year" and key != "year" and "year" in typed:
                others += ("year",)
            if key == "year" and rule.name == "after_year":
                others = tuple(rule.fields())
            found.append(Conflict(finding.message, rule.level, others))
    return found
