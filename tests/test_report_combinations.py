"""Random reports read right: any subset of figures with any values (0, 万, 余, 以上), any subset
of subsections in any order in the file, the clerk's enumerators or none. The text lint finds
nothing, and headings, numbering and part order follow the structure."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.problems import errors
from drafter.render.blocks import Document, Heading
from drafter.render.context import build_context
from drafter.render.markup import parse_blocks
from drafter.render.text import TextRenderer
from drafter.render.textcheck import document_text, expectations
from drafter.report import OpenedReport
from drafter.templateset import find_template_set, load_structure
from drafter.templateset.loading import load_phrases
from drafter.textlint import lint_text
from drafter.validate import validate
from drafter.yamlsource import LoadedYaml

TEMPLATE_SET = find_template_set("default")
STRUCTURE = load_structure(TEMPLATE_SET.structure_path)
PHRASES = load_phrases([TEMPLATE_SET.path])
MEASURES = STRUCTURE.block("measures")
SECTION_KEYS = [s.key for s in MEASURES.sections]
LABEL_TO_KEY = {f.label: f.key for f in STRUCTURE.figures()}
ITEM_OPENINGS = ["", "", "一是", "首先，", "1.", "（1）"]


def _value(kind: str) -> st.SearchStrategy[object]:
    if kind == "percent":
        return st.sampled_from([100, 99.2, 0, 50, "99%以上", "95.5%"])
    if kind == "amount":
        return st.sampled_from([16.76, 0, "1.2万", "3.5亿", 12000, "16万余", "2.5万左右"])
    return st.one_of(st.integers(min_value=0, max_value=30000),
                     st.sampled_from([0, "400余", "10以上", "3万", "1.5万余", "20多", "100左右"]))


@st.composite
def reports(draw: st.DrawFn) -> dict:
    """Report data: random figures, random items, the measures' subsections in random order."""
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**16)))
    chosen = draw(st.lists(st.sampled_from(STRUCTURE.figures()), unique_by=lambda f: f.key, max_size=40))
    data: dict = {"meta": {"issuer": "某某县人民政府", "year": 2025}}
    for spec in chosen:
        node = data
        for step in STRUCTURE.field_paths[spec.key][:-1]:
            node = node.setdefault(step, {})
        node[spec.key] = draw(_value(spec.kind))
    opening = draw(st.sampled_from(ITEM_OPENINGS))
    with_items = draw(st.lists(st.sampled_from(SECTION_KEYS), unique=True, min_size=1, max_size=4))
    for key in with_items:
        count = draw(st.integers(min_value=1, max_value=3))
        data.setdefault("measures", {}).setdefault(key, {})["items"] = [
            f"{opening}{key}工作第{n}项。" if n == 1 else f"{key}工作第{n}项。" for n in range(1, count + 1)]
    for part in ("problems", "leaders_duty", "next_year"):
        count = draw(st.integers(min_value=1, max_value=5))
        style = draw(st.sampled_from(ITEM_OPENINGS))
        data[part] = {**data.get(part, {}), "items": [f"{style}{part}第{n}条。" for n in range(1, count + 1)]}
    measures = data["measures"]
    keys = list(measures)
    rng.shuffle(keys)
    data["measures"] = {key: measures[key] for key in keys}  # the file's order is the clerk's
    return data


def _valid(data: dict) -> tuple:
    """Validate, dropping figures that break an error rule (the checker would refuse them)."""
    for _ in range(10):
        report, problems = validate(LoadedYaml(path=Path("r.yaml"), data=data), STRUCTURE)
        bad = {LABEL_TO_KEY[p.field] for p in errors(problems) if p.field in LABEL_TO_KEY}
        if not errors(problems):
            return report, problems
        assert bad, errors(problems)
        for key in bad:
            node = data
            for step in STRUCTURE.field_paths[key][:-1]:
                node = node[step]
            node.pop(key, None)
    raise AssertionError("could not make the report valid")


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(reports())
def test_any_report_reads_right(data: dict) -> None:
    report, problems = _valid(data)
    renderer = TextRenderer([TEMPLATE_SET.text_dir])
    blocks = parse_blocks(renderer.render(build_context(report, STRUCTURE, PHRASES)))
    opened = OpenedReport(LoadedYaml(path=Path("r.yaml"), data=data), TEMPLATE_SET, STRUCTURE, report, problems)
    text = document_text(Document(blocks=blocks))
    findings = lint_text(text, expectations(opened, frozenset(renderer.dependent)))
    assert findings == [], "\n".join(f.format() for f in findings) + "\n\n" + text

    headings = [b for b in blocks if isinstance(b, Heading)]
    declared = [s.heading for s in MEASURES.sections]
    shown = [re.sub(r"^（[一二三四五六七八九十]+）", "", h.text) for h in headings if h.level == 2]
    assert shown == sorted(shown, key=declared.index)  # the structure's order, not the file's
    assert "0件" not in text and "万万" not in text
