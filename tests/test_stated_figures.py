"""A figure the clerk's own work item already states is not repeated in the figure sentence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import REPO, docx_text
from test_report_wording import render_text

from drafter.render.pipeline import render_report_file
from drafter.render.stated import stated_figures
from drafter.report import open_report

EXAMPLES = REPO / "examples"
RECEIVED = "收到行政复议申请"


def disputes(item: str, **values: object) -> dict:
    return {"measures": {"disputes": {"figures": values, "items": [item]}}}


def test_a_figure_the_item_states_is_left_out_of_the_sentence() -> None:
    text = render_text(disputes("复议机构共收到行政复议申请66件，依法审查后受理。",
                                reconsideration_received=66, reconsideration_accepted=64))
    assert "年内，受理行政复议案件64件。" in text  # the sentence keeps what the item does not say
    assert text.count("66件") == 1 and "复议机构共收到行政复议申请66件" in text  # said once, in the clerk's words


@pytest.mark.parametrize("item", [
    "复议机构共收到行政复议申请65件。",  # another number: both are printed, the clerk sees the difference
    "复议机构共收到行政复议申请66件次。",  # a longer unit is not the same figure
    "复议机构共收到行政复议申请660件。",  # a longer number
    "复议机构收到的申请66件。",  # another wording: not sure it is the same figure
    "共收到行政复议申请66件，其中上年结转的收到行政复议申请60件。",  # the items give two values
])
def test_only_the_same_name_number_and_unit_count_as_stated(item: str) -> None:
    text = render_text(disputes(item, reconsideration_received=66))
    assert "年内，共收到行政复议申请66件。" in text


def test_a_number_right_after_the_unit_starts_the_next_figure() -> None:
    """接待来访群众145批371人次 states both figures: the digits after 批 are the next one's."""
    text = render_text(disputes("全年接待来访群众145批371人次。", petition_batches=145, petition_visitors=371))
    assert text.count("145批") == 1 and text.count("371人次") == 1


def test_a_figure_stated_in_another_subsection_is_still_printed() -> None:
    data = disputes("共收到行政复议申请66件。", reconsideration_received=66)
    data["measures"]["supervision"] = {"items": ["收到行政复议申请66件。"]}
    data["measures"]["disputes"]["items"] = ["做好行政复议工作。"]
    assert "年内，共收到行政复议申请66件。" in render_text(data)


def test_filler_words_and_aliases_are_read_like_the_import_reads_them() -> None:
    text = render_text(disputes("全年收到复议申请共计66件。", reconsideration_received=66))
    assert "年内，共收到行政复议申请66件" not in text


def test_every_reported_figure_still_appears_somewhere(tmp_path: Path) -> None:
    """Leaving a clause out never loses a number: each one the sentence would print is in the text."""
    for example in sorted(EXAMPLES.glob("*.yaml")):
        opened = open_report(example)
        if not opened.structure.report.figures_once:
            continue
        text = docx_text(render_report_file(example, tmp_path / f"{example.stem}.docx"))
        for key, value in opened.report.values.items():
            spec = opened.structure.fields[key]
            if opened.structure.field_paths[key][-2:-1] != ("figures",) or value in (None, 0):
                continue
            number = str(value).rstrip("余多")
            assert number in text, f"{example.name}: {spec.label} {value}"


def test_a_set_can_keep_repeating_its_figures(tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "default"
    shutil.copytree(REPO / "templates" / "default", templates)
    structure = templates / "structure.yaml"
    structure.write_text(structure.read_text(encoding="utf-8").replace(
        "figures_once: true", "figures_once: false"), encoding="utf-8")
    report = tmp_path / "曲沃县2024.yaml"
    shutil.copy(EXAMPLES / "曲沃县2024.yaml", report)
    source = report.read_text(encoding="utf-8")
    report.write_text(source.replace("template: default", f"template: {templates}"), encoding="utf-8")
    text = docx_text(render_report_file(report, tmp_path / "out.docx"))
    assert "年内，共收到行政复议申请66件" in text


def test_the_example_reads_each_figure_once(tmp_path: Path) -> None:
    text = docx_text(render_report_file(EXAMPLES / "曲沃县2024.yaml", tmp_path / "out.docx"))
    assert text.count(f"{RECEIVED}66件") == 1  # only the clerk's "复议机构共收到行政复议申请66件"
    # item 1 says 收到66件、受理64件、维持17件…, and 驳回 as 4 + 23: the sentence keeps only what it adds
    assert "年内，审结行政复议案件64件，其中驳回27件。" in text
    assert "办理免费法律咨询2710件，法律援助案件128件" not in text  # item 1 of (六) says both


def test_a_stated_figure_comes_back_when_its_details_follow() -> None:
    """其中 details the clause before it: leaving that clause out would misattribute the detail."""
    text = render_text(disputes("审结行政复议案件64件，均在法定期限内办结。",
                                reconsideration_concluded=64, reconsideration_upheld=17))
    assert "年内，审结行政复议案件64件，其中维持17件。" in text
    text = render_text(disputes("审结行政复议案件64件，其中维持17件。",
                                reconsideration_concluded=64, reconsideration_upheld=17))
    assert "年内" not in text  # both stated: no figure sentence at all


def test_with_last_year_a_figure_is_repeated_only_for_a_comparison_the_items_lack(tmp_path: Path) -> None:
    opened = open_report(EXAMPLES / "灵丘县2025.yaml")
    last = {"enterprise_inspections": 4216, "hotline_cases": 9544, "committee_law_hearings": 2,
            "leader_instructions": 10}
    assert {"enterprise_inspections", "hotline_cases", "leader_instructions"} <= stated_figures(
        opened.structure, opened.report)  # without last year, all three are said by the items
    compared = opened.template_set.compared_figures  # the figures whose 同比 the templates write
    assert {"enterprise_inspections", "hotline_cases"} <= compared and "leader_instructions" not in compared
    stated = stated_figures(opened.structure, opened.report, last, compared)
    assert "enterprise_inspections" in stated  # "3218次，比上年减少998次": the change is stated too
    assert "hotline_cases" not in stated  # "10544件" without the change: the sentence adds 同比增加1000件
    assert "leader_instructions" in stated  # its sentence writes no 同比: the item's 批示12次 says it all
    compared_too = compared | {"leader_instructions"}  # were its change written: 12次 against 10 is no "2次"
    assert "leader_instructions" not in stated_figures(opened.structure, opened.report, last, compared_too)


@pytest.mark.parametrize("item, stated", [
    ("深化改革，全县已有251项依申请权力事项划转县行政审批局集中行使。", True),  # '{n}依申请权力'
    ("深化改革，全县已有252项依申请权力事项划转县行政审批局集中行使。", False),  # another number
    ("20家单位的635项政务服务事项进驻政务大厅。", False),  # not this figure's wording
])
def test_a_number_before_its_wording_counts_too(item: str, stated: bool) -> None:
    text = render_text({"measures": {"functions": {"figures": {"centralized_powers": 251}, "items": [item]}}})
    assert ("251项依申请权力事项划转至行政审批局集中行使" not in text) == stated


def test_a_magnitude_in_the_unit_is_read_as_the_unit() -> None:
    text = render_text({"measures": {"functions": {"figures": {"hall_cases": "16.76"},
                                                   "items": ["政务大厅窗口全年受理行政审批服务事项16.76万件。"]}}})
    assert text.count("16.76万件") == 1


def test_with_last_years_file_a_stated_figure_and_its_change_go_together(tmp_path: Path) -> None:
    """The item says 入企入户检查3218次，比上年减少998次: the figure sentence writes neither the figure
    nor a bare 同比减少998次; a figure whose change cannot be computed (1.2万 last year) or is not
    written by the templates is not repeated either."""
    example = EXAMPLES / "灵丘县2025.yaml"
    last = tmp_path / "灵丘县2024.yaml"
    text = example.read_text(encoding="utf-8")
    for old, new in (("year: 2025 ", "year: 2024 "), ("written_date: 2026-01-08", "written_date: 2025-01-08"),
                     ("enterprise_inspections: 3218 ", "enterprise_inspections: 4216 "),
                     ("hotline_cases: 10544 ", "hotline_cases: 1.2万 ")):
        assert old in text, old
        text = text.replace(old, new, 1)
    last.write_text(text, encoding="utf-8")
    document = render_report_file(example, tmp_path / "out.docx", previous=last)
    paragraphs = docx_text(document).splitlines()
    assert not [p for p in paragraphs if p.startswith("同比")]
    body = "\n".join(paragraphs)
    assert body.count("3218次") == 1 and body.count("998次") == 1   # in the clerk's item only
    assert body.count("10544件") == 1                             # no 同比 to add: not repeated
