"""How the report reads: magnitude words and units, the clerk's enumerators, sentence subjects."""

from __future__ import annotations

import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from helpers import docx_text

from drafter.errors import StructureError
from drafter.problems import Level
from drafter.render.context import build_context
from drafter.render.enumerators import form_of, numbered
from drafter.render.markup import parse_blocks
from drafter.render.pipeline import render_report_file
from drafter.render.text import TextRenderer, sentence, strip_markers
from drafter.templateset import find_template_set, load_structure
from drafter.templateset.loading import load_phrases
from drafter.validate import validate
from drafter.values import Number, parse_in_unit
from drafter.yamlsource import LoadedYaml

TEMPLATE_SET = find_template_set("default")
STRUCTURE = load_structure(TEMPLATE_SET.structure_path)
PHRASES = load_phrases([TEMPLATE_SET.path])


def render_text(data: dict) -> str:
    """Render report data (already nested as the YAML holds it) to plain text."""
    data = {"meta": {"issuer": "某某县人民政府", "year": 2025}, **data}
    report, problems = validate(LoadedYaml(path=Path("t.yaml"), data=data), STRUCTURE)
    assert not [p for p in problems if p.level.name == "ERROR"], problems
    renderer = TextRenderer([TEMPLATE_SET.text_dir])
    blocks = parse_blocks(renderer.render(build_context(report, STRUCTURE, PHRASES)))
    return "\n".join(getattr(b, "text", "") for b in blocks)


def figures(section: str, **values: object) -> dict:
    return {"measures": {section: {"figures": values}}}


# ---- 1. magnitude words ------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "written", "value"), [
    ("16.76万", "16.76万件", Decimal("16.76")),
    ("16.76", "16.76万件", Decimal("16.76")),
    ("1.2亿", "1.2亿件", 12000),
    ("16万余", "16万余件", 16),
])
def test_a_magnitude_word_in_a_wan_unit_reads_once(typed: str, written: str, value: object) -> None:
    text = render_text(figures("functions", hall_cases=typed))
    assert written in text
    assert "万万" not in text and "亿万" not in text
    parsed = parse_in_unit("amount", "万件", typed).value
    assert parsed.value == value  # counted in 万件, so sums and 同比 agree with plain 16.76
    assert str(parsed) == typed  # and written back as the clerk wrote it


def test_yishang_and_zuoyou_follow_the_unit() -> None:
    text = render_text(figures("functions", hotline_cases="80以上", hotline_satisfaction="99%以上",
                               hall_cases="16.76万左右"))
    assert "共承办群众诉求80件以上，群众满意度99%以上。" in text
    assert "16.76万件左右" in text


def test_a_hundred_percent_and_more_is_refused() -> None:
    data = {"meta": {"issuer": "某某县人民政府", "year": 2025},
            **figures("functions", hotline_satisfaction="100%以上")}
    _, problems = validate(LoadedYaml(path=Path("t.yaml"), data=data), STRUCTURE)
    [problem] = [p for p in problems if p.field == "12345热线群众满意度"]
    assert problem.level.name == "ERROR" and "百分比最大是 100%" in problem.message


def test_a_magnitude_word_with_a_plain_unit_is_kept() -> None:
    text = render_text(figures("publicity", notary_fees_waived="12.5万", people_reached="3万余"))
    assert "减免公证费12.5万元" in text and "受众3万余人次" in text
    assert parse_in_unit("amount", "元", "12.5万").value == Number(125000, "", "万")


def test_last_years_wan_figure_compares_in_the_same_unit() -> None:
    this_year = parse_in_unit("amount", "万件", "16.76万").value
    last_year = parse_in_unit("amount", "万件", 15.5).value
    from drafter.render.compare import change_text
    assert change_text(this_year, last_year, "万件", "amount") == "同比增加1.26万件"


# ---- 2. enumerators ----------------------------------------------------------------------

@pytest.mark.parametrize(("items", "default", "expected"), [
    (["法治宣传不够。", "执法力量薄弱。"], "一是", ["一是法治宣传不够。", "二是执法力量薄弱。"]),
    (["一是法治宣传不够。", "二是执法力量薄弱。"], "一是", ["一是法治宣传不够。", "二是执法力量薄弱。"]),
    (["一是法治宣传不够。", "执法力量薄弱。"], "一是", ["一是法治宣传不够。", "二是执法力量薄弱。"]),
    (["首先，法治宣传不够。", "其次，执法力量薄弱。", "最后，考核偏软。"], "一是",
     ["首先，法治宣传不够。", "其次，执法力量薄弱。", "最后，考核偏软。"]),
    (["1.法治宣传不够。", "3.执法力量薄弱。"], "一是", ["1.法治宣传不够。", "2.执法力量薄弱。"]),
    (["（1）法治宣传不够。", "二是执法力量薄弱。"], "一是", ["（1）法治宣传不够。", "（2）执法力量薄弱。"]),
    (["最后一公里问题仍在。", "考核偏软。"], "一是", ["一是最后一公里问题仍在。", "二是考核偏软。"]),
    (["10.5万件未办结。", "考核偏软。"], "1.", ["1.10.5万件未办结。", "2.考核偏软。"]),
    # a single item takes no enumerator, not even its own: 一是 without 二是 reads unfinished
    (["最后一公里问题仍在。"], "一是", ["最后一公里问题仍在。"]),
    (["一是法治宣传不够。"], "一是", ["法治宣传不够。"]),
    # numbers of headings or lists typed by habit give way to the part's own
    (["（一）甲。", "一、乙。", "①丙。", "1)丁。", "(二) 戊。"], "一是",
     ["一是甲。", "二是乙。", "三是丙。", "四是丁。", "五是戊。"]),
])
def test_the_clerks_own_enumerators_are_kept_and_none_is_added(items, default, expected) -> None:
    assert numbered(items, form_of(items, default)) == expected


def test_one_form_through_the_measures_part() -> None:
    text = render_text({"measures": {
        "leadership": {"items": ["（1）专题听取汇报。", "组织集体学法。"]},
        "functions": {"items": ["优化营商环境。", "2.推进一网通办。"]}}})
    lines = text.splitlines()
    assert "（1）专题听取汇报。" in lines and "（2）组织集体学法。" in lines
    assert "（1）优化营商环境。" in lines and "（2）推进一网通办。" in lines


def test_the_problems_part_keeps_a_clerks_yishi_once() -> None:
    text = render_text({"problems": {"items": ["一是法治宣传不够。", "二是执法力量薄弱。"]}})
    assert "一是法治宣传不够。" in text.splitlines()
    assert "一是一是" not in text and "二是二是" not in text


def test_the_wizard_tells_the_clerk_which_form_is_wanted() -> None:
    for key in ("problems", "next_year"):
        help_text = STRUCTURE.block(key).help
        assert "不必" in help_text and "一是" in help_text, help_text


# ---- 3. subjects -------------------------------------------------------------------------

def _sentence(body: str, subject: str = "") -> str:
    return strip_markers(sentence(lambda: body, subject=subject))


def test_the_subject_stays_when_the_first_clause_goes() -> None:
    text = render_text(figures("functions", hotline_satisfaction=99.2))
    assert "12345政务服务便民热线群众满意度99.2%。" in text
    text = render_text(figures("functions", hotline_cases=8063, hotline_satisfaction=99.2))
    assert "12345政务服务便民热线共承办群众诉求8063件，群众满意度99.2%。" in text


def test_the_subject_goes_with_the_last_clause() -> None:
    from drafter.render.context import MISSING
    assert _sentence(f"共承办{MISSING}\n满意度{MISSING}", subject="热线") == ""


@pytest.mark.parametrize(("section", "values", "expected"), [
    ("disputes", {"mediation_success": 15}, "全年各级人民调解组织调解成功15件。"),
    ("disputes", {"full_time_mediators": 12}, "全县共有专职人民调解员12名。"),
    ("disputes", {"reconsideration_suggestion_letters": 2}, "制发行政复议建议书2份。"),
    ("decisions", {"adviser_opinions": 30}, "政府法律顾问提出法律意见建议30条。"),
    ("enforcement", {"case_review_fix_rate": 100}, "开展行政执法案卷评查，整改率100%。"),
])
def test_every_declared_subject_is_kept(section: str, values: dict, expected: str) -> None:
    assert expected in render_text(figures(section, **values)).splitlines()


def test_the_subject_is_recorded_for_the_lint() -> None:
    renderer = TextRenderer([TEMPLATE_SET.text_dir])
    data = {"meta": {"issuer": "某县人民政府", "year": 2025},
            "measures": {"functions": {"figures": {"hotline_cases": 8063}},
                         "disputes": {"figures": {"mediation_total": 20}}}}
    report, _ = validate(LoadedYaml(path=Path("t.yaml"), data=data), STRUCTURE)
    renderer.render(build_context(report, STRUCTURE, PHRASES))
    assert {"群众满意度", "共承办群众诉求", "调解成功率"} <= renderer.dependent


# ---- 4. zeros ----------------------------------------------------------------------------

def test_a_zero_with_declared_words_reads_as_them() -> None:
    text = render_text(figures("disputes", reconsideration_received=0, reconsideration_accepted=0,
                               litigation_cases=0, court_appearance_rate=100))
    # a rate of no cases says nothing (and check warns about it): the sentence leaves it out
    assert "年内，未收到行政复议申请。未发生行政应诉案件。" in text
    assert "0件" not in text and "受理" not in text and "出庭应诉率" not in text


def test_a_rate_whose_whole_is_zero_is_left_out_and_warned() -> None:
    data = {"meta": {"issuer": "某某县人民政府", "year": 2025},
            **figures("enforcement", case_files_reviewed=137, case_review_problems=0, case_review_fix_rate=100)}
    report, problems = validate(LoadedYaml(path=Path("t.yaml"), data=data), STRUCTURE)
    warned = [p for p in problems if p.field == "案卷评查问题整改率"]
    assert len(warned) == 1 and warned[0].level is Level.WARNING and "无从算起" in warned[0].message
    text = render_text(data)
    assert "开展行政执法案卷评查，评查案卷137宗，未发现问题。" in text and "整改率" not in text
    with_problems = render_text({**data, **figures("enforcement", case_files_reviewed=137, case_review_problems=5,
                                                   case_review_fix_rate=100)})
    assert "发现问题5个，整改率100%" in with_problems


def test_a_zero_without_words_is_left_out_with_a_warning() -> None:
    data = {"meta": {"issuer": "某某县人民政府", "year": 2025},
            **figures("disputes", reconsideration_received=3, reconsideration_mediated=0,
                      reconsideration_concluded=3, reconsideration_upheld=3)}
    report, problems = validate(LoadedYaml(path=Path("t.yaml"), data=data), STRUCTURE)
    warned = [p for p in problems if p.field == "行政复议调解和解结案"]
    assert len(warned) == 1 and "报告不写“0件”" in warned[0].message
    text = render_text(data)
    assert "审结3件，其中维持3件。" in text and "调解和解" not in text and "0件" not in text


def test_a_section_with_only_unwritten_zeros_is_left_out_and_numbering_holds() -> None:
    text = render_text({"measures": {"leadership": {"figures": {"committee_law_hearings": 0}},
                                     "functions": {"figures": {"hotline_cases": 5}}}})
    assert "加强党的领导" not in text
    assert "（一）健全政府机构职能体系" in text


def test_zero_words_are_only_for_counts() -> None:
    bad = TEMPLATE_SET.structure_path.read_text(encoding="utf-8").replace(
        "kind: percent\n            aliases: ['热线…满意度'", "kind: percent\n            zero: 无\n"
        "            aliases: ['热线…满意度'", 1)
    assert "zero: 无" in bad
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "structure.yaml"
        target.write_text(bad, encoding="utf-8")
        with pytest.raises(StructureError) as caught:
            load_structure(target)
    assert any("zero（填 0 时的写法）只能用于数量或金额" in p.message for p in caught.value.problems)


# ---- 5. domain rules ---------------------------------------------------------------------

@pytest.mark.parametrize(("values", "field", "words"), [
    ({"reconsideration_received": 10, "reconsideration_accepted": 8, "reconsideration_concluded": 11},
     "审结行政复议案件", "上年受理、本年审结的结转案件也计入本年审结数"),
    ({"litigation_cases": 5, "litigation_concluded": 7}, "审结行政诉讼案件", "上年未结、本年审结的行政诉讼案件"),
])
def test_carried_over_cases_make_more_concluded_than_accepted_a_warning(values, field, words) -> None:
    data = {"meta": {"issuer": "某某县人民政府", "year": 2025}, **figures("disputes", **values)}
    report, problems = validate(LoadedYaml(path=Path("t.yaml"), data=data), STRUCTURE)
    [problem] = [p for p in problems if p.field == field]
    assert problem.level.name == "WARNING"
    assert "大于" in problem.message and words in problem.message and "不能大于" not in problem.message
    assert "审结" in render_text(data)


def test_a_part_larger_than_its_whole_stays_an_error_where_it_cannot_be() -> None:
    data = {"meta": {"issuer": "某某县人民政府", "year": 2025},
            **figures("disputes", mediators=10, full_time_mediators=12)}
    _, problems = validate(LoadedYaml(path=Path("t.yaml"), data=data), STRUCTURE)
    [problem] = [p for p in problems if p.field == "专职人民调解员"]
    assert problem.level.name == "ERROR" and "不能大于" in problem.message


@pytest.mark.parametrize("name", ["default", "department"])
def test_every_rule_says_why_it_holds(name: str) -> None:
    structure = load_structure(find_template_set(name).structure_path)
    rules = list(structure.rules())
    assert len(rules) >= 10
    for rule in rules:
        reason = rule.args.get("reason", "")
        assert 6 <= len(reason) <= 60 and "\n" not in reason, (rule.name, rule.args)


@pytest.mark.parametrize(("section", "values", "expected"), [
    ("publicity", {"notary_home_visits": 12}, "公证机构上门服务12人次。"),
    ("publicity", {"people_reached": "5万"}, "普法活动受众5万人次。"),
    ("emergency", {"rescue_members": 50}, "应急救援人员50人。"),
])
def test_a_lone_later_clause_names_what_it_is_about(section: str, values: dict, expected: str) -> None:
    assert expected in render_text(figures(section, **values)).splitlines()


# ---- 6. numbering of any subset, in the .docx --------------------------------------------

def test_the_docx_numbers_whatever_subset_is_filled_in_the_structures_order(tmp_path: Path) -> None:
    data = {"drafter": 1, "template": "default",
            "meta": {"issuer": "某某县人民政府", "year": 2025},
            "next_year": {"items": ["继续推进。"]},
            "measures": {"publicity": {"figures": {"legal_aid_cases": 30}},
                         "leadership": {"figures": {"committee_law_hearings": 0}},  # a zero alone: left out
                         "disputes": {"items": ["一是化解纠纷。", "二是办理复议。"]}},
            "problems": {"items": ["首先，宣传不够。", "其次，力量薄弱。"]}}
    source = tmp_path / "report.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines = docx_text(render_report_file(source, tmp_path / "out.docx")).splitlines()
    headings = [line for line in lines if re.match(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)", line)]
    assert headings == ["一、主要举措和成效", "（一）健全矛盾纠纷行政预防调处化解体系，维护社会和谐稳定",
                        "（二）加强法治宣传教育，提升公共法律服务质效", "二、存在的不足和原因", "三、2026年主要安排"]
    assert "一是化解纠纷。" in lines and "二是办理复议。" in lines  # the clerk's own form
    assert "首先，宣传不够。" in lines and "其次，力量薄弱。" in lines and "继续推进。" in lines


_ONLY_AFTER_WHOLE = {key for rule in STRUCTURE.rules() if rule.args.get("needs_whole") for key in rule.args["parts"]}


@pytest.mark.parametrize("spec", [f for f in STRUCTURE.figures()
                                  if f.kind in ("count", "amount") and f.key not in _ONLY_AFTER_WHOLE],
                         ids=lambda f: f.key)
def test_every_unit_reads_once_with_a_wan_value(spec) -> None:
    path = STRUCTURE.field_paths[spec.key]
    data: dict = {}
    node = data
    for step in path[:-1]:
        node = node.setdefault(step, {})
    node[path[-1]] = "3万"
    text = render_text(data)
    written = "3万" + (spec.unit[1:] if spec.unit.startswith("万") else spec.unit)
    assert written in text, (spec.key, text)
    assert "万万" not in text


@pytest.mark.parametrize(("level", "committee", "executive"), [
    ("县级政府", "县委常委会", "县政府常务会议"),
    ("设区的市", "市委常委会", "市政府常务会议"),
    ("乡镇", "镇党委会议", "镇长办公会议"),
])
def test_meetings_are_named_as_the_level_calls_them(level: str, committee: str, executive: str) -> None:
    text = render_text({"meta": {"issuer": "某某人民政府", "year": 2025, "level": level},
                        **figures("leadership", committee_law_hearings=2, collective_law_study=10)})
    assert f"年内，{committee}听取法治建设工作汇报2次，{committee}、{executive}集体学法10次。" in text
    assert "党委常委会" not in text


@pytest.mark.parametrize(("issuer", "area", "committee"), [
    ("平城区人民政府", "全区", "区委常委会"), ("古交市人民政府", "全市", "市委常委会"),
    ("鄂托克旗人民政府", "全旗", "旗委常委会"), ("灵丘县人民政府", "全县", "县委常委会"),
])
def test_the_words_follow_the_issuers_kind_of_government(issuer: str, area: str, committee: str) -> None:
    """A 市辖区, a county-level city or a banner is no 县: phrases.yaml issuer_endings win over the level."""
    data = {"meta": {"issuer": issuer, "level": "县级政府", "year": 2025},
            **figures("enforcement", enterprise_inspections=3218)}
    data["measures"]["leadership"] = {"figures": {"committee_law_hearings": 2}}
    report, _ = validate(LoadedYaml(path=Path("t.yaml"), data=data), STRUCTURE)
    renderer = TextRenderer([TEMPLATE_SET.text_dir])
    text = renderer.render(build_context(report, STRUCTURE, PHRASES))
    assert f"{area}入企入户检查" in strip_markers(text) and committee in strip_markers(text)
