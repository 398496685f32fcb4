"""The text side of rendering: figures woven into sentences, missing figures dropped cleanly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.render.blocks import DocNumber, Heading, Paragraph, Recipients, Signature, Title
from drafter.render.context import FIG_START, MISSING, build_context
from drafter.render.markup import parse_blocks
from drafter.render.text import TextRenderer
from drafter.templateset import find_template_set, load_structure
from drafter.templateset.loading import load_phrases
from drafter.validate import validate
from drafter.yamlsource import LoadedYaml

TEMPLATE_SET = find_template_set("default")
STRUCTURE = load_structure(TEMPLATE_SET.structure_path)
RENDERER = TextRenderer([TEMPLATE_SET.text_dir])
GUIDING = load_phrases([TEMPLATE_SET.path])
FIGURES = [f for block in STRUCTURE.figure_blocks() for f in block.figures]

BAD_PATTERNS = [
    ("None", "None"), ("，，", "doubled comma"), ("，。", "comma before full stop"),
    ("。，", "comma after full stop"), ("、、", "doubled enumeration comma"), ("（）", "empty brackets"),
    ("其中。", "dangling 其中"), ("其中，", "dangling 其中"), ("：。", "colon before full stop"),
    (MISSING, "missing-figure marker"), (FIG_START, "figure marker"), ("{{", "template braces"),
    ("、。", "enumeration comma before full stop"), ("年内。", "lead without clause"),
]


def _data(figures: dict[str, object]) -> dict:
    data: dict = {"meta": {"issuer": "某某县人民政府", "year": 2025}}
    for key, value in figures.items():
        path = STRUCTURE.field_paths[key]
        node = data
        for step in path[:-1]:
            node = node.setdefault(step, {})
        node[path[-1]] = value
    return data


def _render(data: dict) -> list:
    report, _ = validate(LoadedYaml(path=Path("test.yaml"), data=data), STRUCTURE)
    context = build_context(report, STRUCTURE, GUIDING)
    return parse_blocks(RENDERER.render(context))


_BREAKDOWN_PARTS = {key for rule in STRUCTURE.rules() if rule.name == "sum_within"
                    and rule.args["whole"] == "reconsideration_concluded" for key in rule.args["parts"]}


def _value_strategy(kind: str) -> st.SearchStrategy:
    if kind == "percent":
        return st.sampled_from([100, 99.2, 84.8, 50])
    if kind == "amount":
        return st.sampled_from([16.76, 12000, 3.5])
    return st.one_of(st.integers(min_value=1, max_value=99999), st.sampled_from(["400余", "10余"]))


@st.composite
def figure_subsets(draw: st.DrawFn) -> dict[str, object]:
    chosen = draw(st.lists(st.sampled_from(FIGURES), unique_by=lambda f: f.key, max_size=len(FIGURES)))
    return {f.key: draw(_value_strategy(f.kind)) for f in chosen}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(figure_subsets())
def test_any_subset_of_figures_renders_clean_sentences(figures: dict[str, object]) -> None:
    blocks = _render(_data(figures))
    text = "\n".join(getattr(b, "text", "") for b in blocks)
    for pattern, name in BAD_PATTERNS:
        assert pattern not in text, f"{name} in: {text}"
    for block in blocks:
        if isinstance(block, Paragraph):
            assert not block.text.startswith(("，", "、", "。")), block.text
            assert block.text.endswith(("。", "：", "；")), block.text
            assert not re.search(r"[，。]其中[。，]?$", block.text), block.text
    for key, value in figures.items():
        if key in _BREAKDOWN_PARTS and "reconsideration_concluded" not in figures:
            continue  # a breakdown is written only after its total (the validator warns)
        spec = STRUCTURE.fields[key]
        shown = f"{value}{spec.shown_unit}"
        assert shown in text, f"{spec.label} {shown} missing from text"


def test_no_figures_means_no_figure_sentences() -> None:
    blocks = _render(_data({}))
    assert not [b for b in blocks if isinstance(b, Heading) and b.level == 2]


def test_breakdown_drops_missing_items_and_keeps_order() -> None:
    blocks = _render(_data({"reconsideration_concluded": 9, "reconsideration_upheld": 3,
                            "reconsideration_revoked": 1}))
    paragraph = next(b.text for b in blocks if isinstance(b, Paragraph) and "审结" in b.text)
    assert "年内，审结行政复议案件9件，其中维持3件、撤销1件。" in paragraph


def test_breakdown_without_items_leaves_no_dangling_qizhong() -> None:
    blocks = _render(_data({"reconsideration_concluded": 9}))
    paragraph = next(b.text for b in blocks if isinstance(b, Paragraph) and "审结" in b.text)
    assert paragraph == "年内，审结行政复议案件9件。"


def test_qizhong_goes_with_the_clause_before_it() -> None:
    blocks = _render(_data({"reconsideration_upheld": 3}))
    assert not [b for b in blocks if isinstance(b, Paragraph) and "维持" in b.text]
    blocks = _render(_data({"reconsideration_upheld": 3, "reconsideration_concluded": 5}))
    assert Paragraph("年内，审结行政复议案件5件，其中维持3件。") in blocks


def test_a_clause_names_its_subject_when_the_one_before_is_missing() -> None:
    blocks = _render(_data({"reconsideration_accepted": 64}))
    paragraph = next(b.text for b in blocks if isinstance(b, Paragraph) and "64件" in b.text)
    assert paragraph == "年内，受理行政复议案件64件。"
    blocks = _render(_data({"reconsideration_received": 66, "reconsideration_accepted": 64,
                            "reconsideration_concluded": 60}))
    assert Paragraph("年内，共收到行政复议申请66件，受理64件，审结60件。") in blocks


def test_wording_follows_the_administrative_level() -> None:
    data = _data({"mediators": 1346, "rule_of_law_meetings": 3})
    data["meta"]["level"] = "设区的市"
    data["meta"]["issuer"] = "某某经济开发区管理委员会"  # its ending names no kind of government
    text = "\n".join(getattr(b, "text", "") for b in _render(data))
    assert "全市共有人民调解员1346人" in text
    assert "召开全面依法治市委员会会议3次" in text
    assert "全县" not in text


def test_numbers_dates_and_document_number_follow_gbt15835() -> None:
    data = _data({"hotline_satisfaction": 84.8, "hall_cases": 16.76, "publicity_events": "400余"})
    data["meta"].update({"doc_number": "灵政函[2022]6号", "written_date": "2026-01-08",
                         "recipients": ["中共某某县委"], "red_header": "中共某某县委文件", "signer": "张三"})
    blocks = _render(data)
    text = "\n".join(getattr(b, "text", "") for b in blocks)
    assert "群众满意度84.8%" in text
    assert "16.76万件" in text
    assert "400余场次" in text
    assert DocNumber("灵政函〔2022〕6号", ("张三",)) in blocks
    assert Signature("某某县人民政府", "2026年1月8日") in blocks
    assert Recipients("中共某某县委：") in blocks


def test_user_text_is_data_not_template_or_markup() -> None:
    data = _data({})
    data["problems"] = {"items": ["{{ meta.issuer }}的问题。", "# 不是标题", "@版头 不是版头"]}
    blocks = _render(data)
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert "一是{{ meta.issuer }}的问题。" in texts
    assert "二是# 不是标题" in texts
    multi = _data({})
    multi["problems"] = {"items": ["第一段。\n# 第二段不是标题\n@署名 也不是署名"]}
    blocks = _render(multi)
    assert Paragraph("# 第二段不是标题") in blocks
    assert Paragraph("@署名 也不是署名") in blocks
    assert not [b for b in blocks if isinstance(b, Heading) and "第二段" in b.text]


@pytest.mark.parametrize("year, phrase", [
    (2021, "党的十九大和十九届二中、三中、四中、五中、六中全会精神"),
    (2024, "党的二十大和二十届二中、三中全会精神"),
    (2025, "党的二十大和二十届二中、三中、四中全会精神"),
    (2027, "党的二十大和二十届二中、三中、四中全会精神"),
])
def test_guiding_thought_follows_the_year(year: int, phrase: str) -> None:
    data = _data({})
    data["meta"]["year"] = year
    opening = next(b.text for b in _render(data) if isinstance(b, Paragraph))
    assert f"深入学习贯彻{phrase}，" in opening


def test_guiding_thought_can_be_overridden() -> None:
    data = _data({})
    data["opening"] = {"guiding_thought": "党的二十届四中全会精神"}
    opening = next(b.text for b in _render(data) if isinstance(b, Paragraph))
    assert "深入学习贯彻党的二十届四中全会精神，" in opening


def test_formal_report_has_recipients_turn_and_closing() -> None:
    data = _data({})
    data["meta"]["recipients"] = ["中共某某县委", "县人大常委会"]
    blocks = _render(data)
    assert isinstance(blocks[0], Title)
    assert blocks[0].lines == ("某某县人民政府", "关于2025年度法治政府建设情况的报告")
    assert blocks[1] == Recipients("中共某某县委、县人大常委会：")
    assert blocks[2].text.endswith("现将有关情况报告如下：")
    assert Paragraph("特此报告。") in blocks


def test_next_year_heading_names_the_year() -> None:
    data = _data({})
    data["next_year"] = {"items": ["继续推进。"]}
    headings = [b.text for b in _render(data) if isinstance(b, Heading)]
    assert "一、2026年主要安排" in headings


LINES_SET = find_template_set(str(Path(__file__).parent / "data" / "templates" / "lines_with_figures"))
LINES_RENDERER = TextRenderer(LINES_SET.text_dirs)


def _render_with_lines_set(figures: dict[str, object]) -> str:
    report, _ = validate(LoadedYaml(path=Path("test.yaml"), data=_data(figures)), LINES_SET.structure)
    context = build_context(report, LINES_SET.structure, GUIDING)
    return "\n".join(getattr(b, "text", "") for b in parse_blocks(LINES_RENDERER.render(context)))


def test_a_plain_line_with_a_missing_figure_is_left_out() -> None:
    # a line outside {% call sentence() %}: kept whole when its figure is there, else left out whole
    assert "全年收到行政复议申请10件，依法全部登记。" in _render_with_lines_set(
        {"reconsideration_received": 10, "mediation_total": 5})
    text = _render_with_lines_set({"mediation_total": 5})
    assert "共调解矛盾纠纷5件。" in text
    assert "依法全部登记" not in text and "收到行政复议申请" not in text


def test_a_clause_whose_lead_holds_a_missing_figure_is_left_out() -> None:
    assert "审结行政复议案件9件，其中维持3件、驳回2件，共调解矛盾纠纷5件。" in _render_with_lines_set(
        {"reconsideration_concluded": 9, "reconsideration_upheld": 3, "reconsideration_dismissed": 2,
         "mediation_total": 5})
    text = _render_with_lines_set({"reconsideration_upheld": 3, "reconsideration_dismissed": 2,
                                   "mediation_total": 5})
    assert "共调解矛盾纠纷5件。" in text
    assert "维持" not in text and "审结" not in text


def test_a_subsection_with_only_an_intro_is_written() -> None:
    data = _data({})
    data.setdefault("measures", {})["disputes"] = {"intro": "全县坚持和发展新时代“枫桥经验”。"}
    blocks = _render(data)
    assert Paragraph("全县坚持和发展新时代“枫桥经验”。") in blocks
    disputes = STRUCTURE.parts[0].sections[[s.key for s in STRUCTURE.parts[0].sections].index("disputes")]
    assert any(isinstance(b, Heading) and disputes.heading in b.text for b in blocks)
