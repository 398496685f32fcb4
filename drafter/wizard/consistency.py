"""Check one answer against the declared rules at once, with the validator's own code (``validate.check_rules``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from ..problems import Level
from ..structure import Rule, Structure
from ..validate import check_field, check_rules


class Conflict(msgspec.Struct, frozen=True):
    """A declared rule the answer breaks: the message, how serious, and the other fields involved."""

    message: str
    level: Level
    others: tuple[str, ...]


def rules_of(structure: Structure, key: str) -> list[Rule]:
    """Return the rules that look at field ``key`` (the report year's field for the date rules)."""
    return [rule for rule in structure.rules() if key in structure.rule_fields(rule)]


def conflicts(structure: Structure, values: Mapping[str, Any], key: str, raw: Any) -> list[Conflict]:
    """Return the rules broken when field ``key`` takes ``raw`` beside the other ``values``.

    ``values`` are the typed values already answered (``Answers.parsed()``); ``raw`` is
    typed as ``drafter check`` types it, and a value it refuses breaks no rule.
    """
    typed = dict(values)
    typed.pop(key, None)
    verdict = check_field(structure.fields[key], raw)
    if verdict.value is not None:
        typed[key] = verdict.value
    elif verdict.refusal is not None:
        return []
    return [Conflict(finding.message, level,
                     tuple(k for k in structure.rule_fields(rule) if k != key and k in typed))
            for rule, finding, level in check_rules(structure, typed, rules_of(structure, key))]
