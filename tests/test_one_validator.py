"""The wizard and ``drafter check`` judge with one validator: the same value gets the same verdict and
the same words, a field at a time and for the declared rules between fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from helpers import DEFAULT_TEMPLATE

from drafter.datapath import set_field
from drafter.problems import Level
from drafter.structure import Field, Rule, Structure
from drafter.templateset import load_structure
from drafter.validate import BLANK_ROLE_WARNINGS, check_field, validate
from drafter.values import ValueRefused
from drafter.wizard.consistency import conflicts, rules_of
from drafter.wizard.questions import parse_answer
from drafter.yamlsource import LoadedYaml

STRUCTURE = load_structure(DEFAULT_TEMPLATE / "structure.yaml")
TYPED = ["", " ", "0", "12", "１２", "-3", "1.5", "101", "400余", "16.76万", "abc", "2025",
         "1999", "2026-02-30", "2026年1月8日", "县级政府", "县政府", "甲、乙"]


def _kinds_once(structure: Structure) -> list[Field]:
    """One field of each (kind, unit, required, bounds, choices, zero) among the declared fields."""
    seen: dict[tuple[Any, ...], Field] = {}
    for spec in structure.fields.values():
        seen.setdefault((spec.kind, spec.unit, spec.required, spec.bounds(), spec.choices, bool(spec.zero)), spec)
    return list(seen.values())


def _check_says(structure: Structure, spec: Field, raw: Any) -> list[tuple[Level, str]]:
    """Return what ``drafter check`` says about field ``spec`` alone in a file where it holds ``raw``."""
    data: dict[str, Any] = {"drafter": 1, "template": "default"}
    set_field(structure, data, spec.key, raw)
    _, problems = validate(LoadedYaml(path=Path("t.yaml"), data=data), structure)
    return [(p.level, p.message) for p in problems if p.field == spec.label]


@pytest.mark.parametrize("spec", _kinds_once(STRUCTURE), ids=lambda s: s.key)
def test_a_typed_answer_gets_the_verdict_and_words_of_check(spec: Field) -> None:
    assert len({f.label for f in STRUCTURE.fields.values()}) == len(STRUCTURE.fields)  # labels tell fields apart
    for typed in TYPED:
        said = _check_says(STRUCTURE, spec, typed)
        errors = [message for level, message in said if level is Level.ERROR]
        reminder = BLANK_ROLE_WARNINGS.get(STRUCTURE.report.role_of(spec.key), "")
        if not typed.strip() and reminder:
            # the other difference: check reminds of a blank 成文日期 (the document would print no
            # date); the wizard takes the blank answer of a draft without a note
            assert said == [(Level.WARNING, reminder)] and parse_answer(spec, typed).value is None, said
            continue
        try:
            answer = parse_answer(spec, typed)
        except ValueRefused as refused:
            if not typed.strip() and spec.required and not errors:
                # the one difference: check writes a required field's default, the clerk must answer it
                assert spec.default is not None and [level for level, _ in said] == [Level.WARNING], said
                continue
            assert errors and refused.message == errors[0], (spec.key, typed, said)
            continue
        assert not errors, (spec.key, typed, said)
        assert list(answer.notes) == [m for level, m in said if level is Level.WARNING], (spec.key, typed)
        # what the wizard writes, check accepts: no error, and no warning the wizard did not give
        again = _check_says(STRUCTURE, spec, answer.value)
        assert all(level is Level.WARNING and message in answer.notes for level, message in again), \
            (spec.key, typed, answer.value, again)


def test_the_verdicts_differ_where_they_should() -> None:
    """Guard against a vacuous agreement: the typed answers above meet refusals, warnings and acceptances."""
    count = next(f for f in STRUCTURE.figures() if f.kind == "count" and not f.zero)
    assert check_field(count, "abc").refusal.startswith("“abc”不是数字")
    assert check_field(count, "12").findings == () and str(check_field(count, "12").value) == "12"
    assert check_field(count, "0").warnings and str(check_field(count, "0").value) == "0"
    assert check_field(count, "0", zeros_printed=True).findings == ()
    assert check_field(count, "１２").warnings == ("已把“１２”按 12 处理",)
    level = STRUCTURE.fields["level"]
    assert check_field(level, "县政府").refusal.startswith("“县政府”不是可选的值")


def _breaking(structure: Structure, rule: Rule) -> dict[str, Any]:
    """Return typed values that break ``rule``."""
    args, year = rule.args, structure.report.role("year")
    if rule.name == "part_of":
        return {args["part"]: 9, args["whole"]: 5}
    if rule.name == "sum_within":
        return {**{key: 5 for key in args["parts"]}, args["whole"]: 1}
    if rule.name == "rate":
        return {args["rate"]: 50, args["part"]: 9, args["whole"]: 10}
    if rule.name == "rate_of":
        return {args["rate"]: 100, args["whole"]: 0}
    if rule.name == "not_before":
        return {args["field"]: dt.date(2026, 1, 5), args["earlier"]: dt.date(2026, 1, 8)}
    assert rule.name == "after_year" and year is not None
    return {args["field"]: dt.date(2025, 3, 1), year: 2025}


def _as_written(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("rule", list(STRUCTURE.rules()), ids=lambda r: f"{r.name}:{r.line}")
def test_an_answer_breaking_a_rule_gets_the_words_of_check(rule: Rule) -> None:
    values = _breaking(STRUCTURE, rule)
    data: dict[str, Any] = {"drafter": 1, "template": "default"}
    for key, value in values.items():
        set_field(STRUCTURE, data, key, _as_written(value))
    _, problems = validate(LoadedYaml(path=Path("t.yaml"), data=data), STRUCTURE)
    labels = {STRUCTURE.fields[k].label for k in STRUCTURE.rule_fields(rule)}
    from_check = {(p.level, p.message) for p in problems
                  if p.field in labels and not p.message.startswith("必须填写")}
    assert from_check, rule
    for key in STRUCTURE.rule_fields(rule):  # the wizard asks any of them last
        assert rule in rules_of(STRUCTURE, key)
        others = {k: v for k, v in values.items() if k != key}
        found = conflicts(STRUCTURE, others, key, _as_written(values[key]))
        assert {(c.level, c.message) for c in found} <= from_check, (rule, key)
        assert any(c.message in {m for _, m in from_check} for c in found), (rule, key)
        assert all(key not in c.others and set(c.others) <= set(values) for c in found)
    if rule.name == "sum_within":  # the other parts still break it
        return
    key = STRUCTURE.rule_fields(rule)[0]  # left empty: the rule has nothing to compare
    assert conflicts(STRUCTURE, {k: v for k, v in values.items() if k != key}, key, None) == []


def test_the_date_rules_read_the_year_from_its_role() -> None:
    """after_year compares with whichever field plays the role ``year``, and the wizard rechecks
    the dates when that field is answered."""
    rule = next(r for r in STRUCTURE.rules() if r.name == "after_year")
    year_key = STRUCTURE.report.role("year")
    assert year_key is not None and year_key in STRUCTURE.rule_fields(rule)
    assert rule in rules_of(STRUCTURE, year_key)
    date_key = rule.args["field"]
    found = conflicts(STRUCTURE, {date_key: dt.date(2025, 3, 1)}, year_key, "2025")
    assert [c.others for c in found] == [(date_key,)]
    assert "不在报告年度（2025年）之后" in found[0].message
    assert conflicts(STRUCTURE, {date_key: dt.date(2026, 3, 1)}, year_key, "2025") == []
