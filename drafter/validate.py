"""Check a report file against its structure: every problem at once, each with file, line and field.

Knows no terminal and no docx: it returns the parsed ``Report`` and a list of
``Problem``; the CLI decides how to show them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec

from .datafile import BLOCK_KEYS, TOP_KEYS
from .problems import Level, Problem
from .rules import RULES, Facts, Finding
from .structure import KINDS_WITH_UNIT, Field, Group, Rule, Section, Structure
from .values import ValueRefused, is_empty, numeric, parse_in_unit
from .yamlsource import KeyPath, LoadedYaml


class Report(msgspec.Struct):
    """One year's report, parsed: typed values by key, and the text of every block."""

    path: Path
    template: str = "default"
    previous: str | None = None
    values: dict[str, Any] = msgspec.field(default_factory=dict)
    headings: dict[str, str] = msgspec.field(default_factory=dict)
    intros: dict[str, str] = msgspec.field(default_factory=dict)
    items: dict[str, list[str]] = msgspec.field(default_factory=dict)

    def block_items(self, block: Section) -> list[str]:
        """Return the clerk's items of ``block`` (empty when none)."""
        return self.items.get(".".join(block.path), [])


def _holds_nothing(value: Any) -> bool:
    """Whether ``value`` is empty all the way down: no text, number or date anywhere in it."""
    if isinstance(value, dict):
        return all(_holds_nothing(v) for v in value.values())
    if isinstance(value, list):
        return all(_holds_nothing(v) for v in value)
    return is_empty(value)


UNFINISHED_FIELD = "问卷进度"  # the field of the warning on an unfinished questionnaire
# Roles whose field, left blank (and not required), leaves a visible gap in the document: a
# draft may lack it, so check and render warn instead of refusing.
BLANK_ROLE_WARNINGS = {
    "written_date": "没有填写：生成的报告落款下没有日期。草稿可以先空着，定稿前请填写，如 2026-01-08",
}


def validate(loaded: LoadedYaml, structure: Structure) -> tuple[Report, list[Problem]]:
    """Return the parsed report and every problem in it, errors and warnings."""
    checker = _Checker(loaded, structure)
    checker.run()
    return checker.report, loaded.problems + checker.problems


class FieldVerdict(msgspec.Struct, frozen=True):
    """What the validator says of one field's value: the typed value (None when empty or refused)
    and its findings, each a level and a Chinese message."""

    value: Any
    findings: tuple[tuple[Level, str], ...] = ()

    @property
    def refusal(self) -> str | None:
        """Return the message of the first error, or None when the value is accepted."""
        return next((message for level, message in self.findings if level is Level.ERROR), None)

    @property
    def warnings(self) -> tuple[str, ...]:
        """Return the messages of the warnings."""
        return tuple(message for level, message in self.findings if level is Level.WARNING)


def check_field(spec: Field, raw: Any, *, zeros_printed: bool = False, role: str = "") -> FieldVerdict:
    """Check one field's written value as ``drafter check`` does (the wizard asks the same).

    ``zeros_printed``: the report type prints 0 (``report: zeros_printed``), so a 0 is no warning.
    ``role``: the role the field plays (``report: roles``), whose value gets that role's cleaning.
    """
    if is_empty(raw):
        return FieldVerdict(None, _missing(spec) if spec.required else ())
    try:
        parsed = parse_in_unit(spec.kind, spec.unit, raw, role)
    except ValueRefused as exc:
        return FieldVerdict(None, ((Level.ERROR, exc.message),))
    findings = [(Level.WARNING, note) for note in parsed.notes]
    refused = out_of_bounds(spec, parsed.value)
    if refused is None and spec.kind == "choice" and parsed.value not in spec.choices:
        close = difflib.get_close_matches(parsed.value, spec.choices, n=1, cutoff=0.3)
        refused = (f"“{parsed.value}”不是可选的值，可选：" + "、".join(spec.choices)
                   + (f"；是不是“{close[0]}”？" if close else ""))
    if refused is not None:
        return FieldVerdict(None, (*findings, (Level.ERROR, refused)))
    if numeric(parsed.value) == 0 and spec.kind in KINDS_WITH_UNIT and not spec.zero and not zeros_printed:
        findings.append((Level.WARNING, f"填的是 0：报告不写“0{spec.unit}”，这一项在报告中略去不写"
                         "（没有发生就不必填）"))
    return FieldVerdict(parsed.value, tuple(findings))


def _missing(spec: Field) -> tuple[tuple[Level, str], ...]:
    """Return the finding on a required field left blank; one with a declared default is written with it.

    A report imported or collected from a form may not know such a field (the
    行政层级): the file stays usable, and render writes the default check names
    (``with_defaults``).
    """
    if is_empty(spec.default):
        return ((Level.ERROR, "必须填写" + (f"（{spec.help.rstrip('。')}）" if spec.help else "")),)
    why = spec.help.rstrip("。") + "。" if spec.help else ""
    choices = f"，可选：{'、'.join(spec.choices)}" if spec.choices else ""
    return ((Level.WARNING, f"没有填写，生成文档时按默认的“{spec.default}”写。{why}请填写{choices}"),)


def rule_facts(structure: Structure, values: Mapping[str, Any]) -> Facts:
    """Return what the rules look at: the typed ``values`` with the labels, units and roles of ``structure``."""
    return Facts(values, {k: f.label for k, f in structure.fields.items()},
                 {k: f.shown_unit for k, f in structure.fields.items()}, structure.report.roles)


def check_rules(structure: Structure, values: Mapping[str, Any],
                rules: Iterable[Rule]) -> Iterator[tuple[Rule, Finding, Level]]:
    """Yield each broken rule of ``rules`` over the typed ``values``, its finding and its level."""
    facts = rule_facts(structure, values)
    for rule in rules:
        for finding in RULES[rule.name].check(rule.args, facts):
            yield rule, finding, Level.WARNING if finding.level == "warning" else rule.level


def out_of_bounds(spec: Field, value: Any) -> str | None:
    """Return why ``value`` lies outside the bounds of ``spec``, or None."""
    number = numeric(value)
    if number is None:
        return None
    low, high = spec.bounds()
    unit = spec.shown_unit
    if low is not None and number < Decimal(str(low)):
        return f"{value}{unit} 小于允许的最小值 {low}{unit}"
    if high is not None and number > Decimal(str(high)):
        return f"{value}{unit} 超过了允许的最大值 {high}{unit}"
    return None


class _Checker:
    def __init__(self, loaded: LoadedYaml, structure: Structure) -> None:
        self.loaded = loaded
        self.structure = structure
        self.problems: list[Problem] = []
        self.report = Report(path=loaded.path)
        self.labels = {f.key: f.label for f in structure.fields.values()}

    def add(self, level: Level, at: KeyPath, message: str, label: str = "") -> None:
        self.problems.append(Problem(level, message, self.loaded.path,
                                     self.loaded.line_of(at), label))

    def run(self) -> None:
        data = self.loaded.data
        self._unknown_keys(data, (), set(TOP_KEYS) | {p.key for p in self.structure.parts},
                           "报告数据文件")
        self.report.template = str(data.get("template") or "default")
        if isinstance(data.get("previous"), (list, dict)):
            self.add(Level.ERROR, ("previous",), "这里应填上年度数据文件的文件名", TOP_KEYS["previous"])
        elif not is_empty(data.get("previous")):
            self.report.previous = str(data["previous"])
        for group in (self.structure.meta, self.structure.opening):
            self._group(group, data.get(group.key), (group.key,))
        for part in self.structure.parts:
            self._part(part, data.get(part.key), (part.key,))
        if not is_empty(data.get("unplaced")):
            count = len(data["unplaced"]) if isinstance(data["unplaced"], list) else 1
            self.add(Level.WARNING, ("unplaced",), f"还有 {count} 段导入时未能归入小节的文字，生成文档时不会写入；"
                     "请移到合适小节的 items 下，或删除", "unplaced")
        if "progress" in data:
            self._unfinished(data["progress"])
        self._rules()

    def _unfinished(self, progress: Any) -> None:
        """Warn that the questionnaire of this file was left unfinished, with what is left."""
        raw = progress if isinstance(progress, dict) else {}
        done, asked = _names(raw.get("done")), _names(raw.get("asked"))
        # The questionnaire's steps (wizard/steps.py): 文档信息, 开头, then each block with figures or items.
        steps = [(g.key, g.fields) for g in (self.structure.meta, self.structure.opening)]
        steps += [(".".join(b.path), b.figures) for b in self.structure.figure_blocks()]
        left = [(key, fields) for key, fields in steps if key not in done]
        if not left:  # every step answered: only the final review is left
            return
        questions = sum(1 for _, fields in left for f in fields if f.key not in asked)
        path = self.loaded.path
        self.add(Level.WARNING, ("progress",),
                 f"问卷还没有填完：还有 {len(left)} 个小节没有填，其中 {questions} 个问题没有回答，"
                 f"生成的报告会缺少这些内容；运行 drafter new -o {path} 可以接着填"
                 "（填完后这一项自动删除）", UNFINISHED_FIELD)

    def _as_mapping(self, value: Any, at: KeyPath, title: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add(Level.ERROR, at, "这里应是下一级的“字段: 值”，而不是一个值或列表", title)
            return {}
        return value

    def _unknown_keys(self, mapping: dict[str, Any], at: KeyPath, known: set[str],
                      where: str, fields: tuple[Field, ...] = ()) -> None:
        for key in mapping:
            if key in known:
                continue
            if _holds_nothing(mapping[key]):  # e.g. the empty outline of a subsection the template dropped
                self.add(Level.WARNING, at + (key,), f"{where}中没有“{key}”这一项（模板里可能已经删去）；"
                         "这里没有填写任何内容，生成时不用，可以删去这几行", key)
                continue
            self.add(Level.ERROR, at + (key,), f"{where}中没有“{key}”这个字段"
                     + self._suggest(key, known, fields, at), key)

    def _suggest(self, key: str, known: set[str], fields: tuple[Field, ...], at: KeyPath) -> str:
        by_label = {f.label: f.key for f in fields}
        if key in by_label:
            return f"；“{key}”请写成 {by_label[key]}"
        elsewhere = self.structure.field_paths.get(key)
        if elsewhere:
            return self._belongs(key, elsewhere, at)
        close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
        close_label = difflib.get_close_matches(key, sorted(by_label), n=1, cutoff=0.5)
        if close:
            label = self.labels.get(close[0])
            return f"，是不是想写 {close[0]}" + (f"（{label}）" if label else "") + "？"
        if close_label:
            return f"，是不是想写 {by_label[close_label[0]]}（{close_label[0]}）？"
        return ""

    def _belongs(self, key: str, elsewhere: KeyPath, at: KeyPath) -> str:
        """Say where a known field written in the wrong place belongs."""
        if elsewhere[-2] != "figures":  # a field of meta or opening
            group = self.structure.meta if elsewhere[0] == "meta" else self.structure.opening
            return f"；“{self.labels[key]}”属于“{group.title}”（{group.key}:），请移到那里"
        if elsewhere[:-2] == at:
            return f"；“{self.labels[key]}”应写在本小节的 figures: 下面"
        block = self.structure.block(".".join(elsewhere[:-2]))
        return f"；“{self.labels[key]}”属于“{block.heading}”，请移到那里"

    def _group(self, group: Group, value: Any, at: KeyPath) -> None:
        values = self._as_mapping(value, at, group.title)
        self._unknown_keys(values, at, {f.key for f in group.fields}, group.title, group.fields)
        for spec in group.fields:
            self._value(spec, values, at)

    def _value(self, spec: Field, values: dict[str, Any], at: KeyPath) -> None:
        verdict = check_field(spec, values.get(spec.key), zeros_printed=self.structure.report.zeros_printed,
                              role=self.structure.report.role_of(spec.key))
        for level, message in verdict.findings:
            self.add(level, at + (spec.key,), message, spec.label)
        blank = BLANK_ROLE_WARNINGS.get(self.structure.report.role_of(spec.key), "")
        if blank and not spec.required and is_empty(values.get(spec.key)):
            self.add(Level.WARNING, at + (spec.key,), blank, spec.label)
        if verdict.value is not None:
            self.report.values[spec.key] = verdict.value

    def _part(self, part: Section, value: Any, at: KeyPath) -> None:
        values = self._as_mapping(value, at, part.heading)
        known = set(BLOCK_KEYS) | {s.key for s in part.sections}
        self._unknown_keys(values, at, known, f"“{part.heading}”",
                           tuple(f for s in part.sections for f in s.figures) + part.figures)
        for section in part.sections:
            self._block(section, values.get(section.key), at + (section.key,), nested=True)
        self._block(part, values, at, nested=False)
        if not (part.optional or part.items_required) and not self._holds_content(part):
            line = self.loaded.line_of(at) if part.key in self.loaded.data else 0  # not written at all: no line
            self.problems.append(Problem(Level.WARNING, _empty_part(part), self.loaded.path, line, part.heading))

    def _holds_content(self, part: Section) -> bool:
        """Return whether a part (or a subsection of it) has a figure, an item or an opening sentence."""
        for block in (part, *part.sections):
            block_id = ".".join(block.path)
            if self.report.items.get(block_id) or self.report.intros.get(block_id):
                return True
            if any(self.report.values.get(f.key) is not None for f in block.figures):
                return True
        return False

    def _block(self, block: Section, value: Any, at: KeyPath, nested: bool) -> None:
        values = self._as_mapping(value, at, block.heading)
        if nested:
            self._unknown_keys(values, at, set(BLOCK_KEYS), f"“{block.heading}”", block.figures)
        block_id = ".".join(block.path)
        for key, target in (("heading", self.report.headings), ("intro", self.report.intros)):
            text = values.get(key)
            if is_empty(text):
                continue
            if isinstance(text, (list, dict)):
                self.add(Level.ERROR, at + (key,), "这里应是一段文字", BLOCK_KEYS[key])
            else:
                target[block_id] = str(text).strip()
        figures = self._as_mapping(values.get("figures"), at + ("figures",), "数字")
        self._unknown_keys(figures, at + ("figures",), {f.key for f in block.figures},
                           f"“{block.heading}”的数字", block.figures)
        for spec in block.figures:
            self._value(spec, figures, at + ("figures",))
        self._items(block, values.get("items"), at + ("items",))
        self._from_units(values.get("from_units"), at + ("from_units",))

    def _from_units(self, raw: Any, at: KeyPath) -> None:
        if raw is None:
            return
        if not isinstance(raw, dict) or not all(isinstance(v, list) for v in raw.values()):
            self.add(Level.ERROR, at, "应写成“单位名称: [各条内容]”", BLOCK_KEYS["from_units"])

    def _items(self, block: Section, raw: Any, at: KeyPath) -> None:
        block_id = ".".join(block.path)
        if is_empty(raw):
            if block.items_required and not self.report.intros.get(block_id):  # a part of one paragraph
                self.add(Level.WARNING, at, _empty_part(block), block.heading)
            return
        entries = raw if isinstance(raw, list) else [raw]
        items = []
        for index, entry in enumerate(entries):
            if isinstance(entry, (list, dict)):
                self.add(Level.ERROR, at + (index,), "每一条应是一段文字，YAML 却读成了别的结构：文字里有“: ”，或以“- ”“? ”开头时会这样；"
                         "请把冒号改成中文全角“：”，或给整段加引号", BLOCK_KEYS["items"])
            elif not is_empty(entry):
                items.append(str(entry).strip())
        self.report.items[block_id] = items

    def _rules(self) -> None:
        for _, finding, level in check_rules(self.structure, self.report.values, self.structure.rules()):
            self.add(level, self.structure.field_paths[finding.field], finding.message,
                     self.labels[finding.field])


def _empty_part(block: Section) -> str:
    return f"“{block.heading}”还没有内容，这是年度报告必须写的部分"


def with_defaults(structure: Structure, values: dict[str, Any]) -> dict[str, Any]:
    """Return ``values`` with the declared default of every required field left blank (check warns of each)."""
    filled = dict(values)
    for spec in structure.fields.values():
        if spec.required and spec.key not in filled and not is_empty(spec.default):
            filled[spec.key] = parse_in_unit(spec.kind, spec.unit, spec.default).value
    return filled


def count_filled(report: Report, structure: Structure) -> tuple[int, int]:
    """Return (figures reported, figures declared) over the whole structure."""
    figures = structure.figures()
    return sum(1 for f in figures if f.key in report.values), len(figures)


__all__ = ["Report", "FieldVerdict", "validate", "check_field", "check_rules", "count_filled", "with_defaults",
           "is_empty"]


def _names(raw: Any) -> set[str]:
    """Return the step or field names of a ``progress`` entry (a damaged entry names none)."""
    return {str(x) for x in raw if x is not None} if isinstance(raw, list) else set()
