"""Year over year (同比) sentences and the roll-up of unit reports (drafter merge)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from drafter.datafile import dump_report
from drafter.render.compare import change_percent_text, change_text
from drafter.templateset import load_structure
from drafter.values import Number
from tests.helpers import REPO, docx_text, run_drafter

STRUCTURE = load_structure(REPO / "templates/default/structure.yaml")
THIS_YEAR = REPO / "examples" / "灵丘县2025.yaml"


@pytest.mark.parametrize("now, before, unit, kind, expected", [
    (3218, 4216, "次", "count", "同比减少998次"),
    (12, 10, "件", "count", "同比增加2件"),
    (7, 7, "件", "count", "与上年持平"),
    (Decimal("99.2"), Decimal("98"), "%", "percent", "同比提高1.2个百分点"),
    (Decimal("16.76"), Decimal("15.5"), "万件", "amount", "同比增加1.26万件"),
    (5, None, "件", "count", ""),
])
def test_change_words(now, before, unit, kind, expected) -> None:
    def as_number(value):
        return None if value is None else Number(value)

    assert change_text(as_number(now), as_number(before), unit, kind) == expected


@pytest.mark.parametrize("now, before, expected", [
    (3218, 4216, "同比下降23.7%"), (110, 100, "同比增长10%"), (5, 0, ""), (8, 8, "与上年持平"),
])
def test_change_percent_words(now, before, expected) -> None:
    assert change_percent_text(Number(now), Number(before), "count") == expected


@pytest.mark.parametrize("now, before, unit, expected", [
    ("2862", "2800余", "件", ""),            # an approximate figure: no exact difference to write
    ("2900余", "2862", "件", ""),
    ("4216以上", "4216", "次", ""),           # not 与上年持平
    ("10544", "1.2万", "件", ""),             # written to another magnitude: the difference was never counted
    ("16.76万", "15.2万", "件", "同比增加1.56万件"),  # both in 万: the difference in 万 too
    ("16.76万", "15.2", "万件", "同比增加1.56万件"),  # 万 of a 万件 field is the field's own unit
])
def test_no_exact_change_from_an_approximate_figure(now, before, unit, expected) -> None:
    from drafter.values import parse_in_unit

    def parsed(text: str) -> object:
        return parse_in_unit("amount", unit, text).value

    assert change_text(parsed(now), parsed(before), unit, "amount") == expected
    assert bool(change_percent_text(parsed(now), parsed(before), "amount")) == bool(expected)


def _last_year(tmp_path: Path, drop: tuple[str, ...] = ()) -> Path:
    data = yaml.safe_load(THIS_YEAR.read_text(encoding="utf-8"))
    data["meta"]["year"] = 2024
    data["meta"]["written_date"] = "2025-01-10"
    changes = {("enforcement", "enterprise_inspections"): 4216, ("functions", "hotline_cases"): 9544,
               ("disputes", "mediation_total"): 2862, ("publicity", "legal_aid_cases"): 150}
    for (section, key), value in changes.items():
        figures = data["measures"][section]["figures"]
        if key in drop:
            figures.pop(key, None)
        else:
            figures[key] = value
    path = tmp_path / "灵丘县2024.yaml"
    path.write_text(dump_report(STRUCTURE, data), encoding="utf-8")
    return path


def test_two_years_render_year_over_year_sentences(tmp_path: Path) -> None:
    previous = _last_year(tmp_path)
    out = tmp_path / "2025.docx"
    result = run_drafter("render", str(THIS_YEAR), "--previous", str(previous), "-o", str(out))
    assert result.code == 0, result.output
    text = docx_text(out)
    # the clerk's item already says "全年全县入企入户检查3218次，比上年减少998次": not said twice
    assert "3218次，同比减少998次" not in text and "入企入户检查3218次，比上年减少998次" in text
    assert text.count("3218次") == 1 and text.count("998次") == 1  # no bare 同比减少998次 either
    # the item says 10544件 but not the change: the sentence gives both
    assert "承办群众诉求10544件，同比增加1000件" in text
    assert "调解矛盾纠纷2862件，与上年持平" in text
    assert "法律援助案件139件，同比减少11件" in text


def test_missing_last_year_value_drops_only_its_comparison(tmp_path: Path) -> None:
    previous = _last_year(tmp_path, drop=("legal_aid_cases",))
    out = tmp_path / "2025.docx"
    assert run_drafter("render", str(THIS_YEAR), "--previous", str(previous), "-o", str(out)).code == 0
    text = docx_text(out)
    assert "法律援助案件139件，" in text
    assert "法律援助案件139件，同比" not in text
    assert "承办群众诉求10544件，同比增加1000件" in text
    for bad in ("，，", "，。", "None"):
        assert bad not in text


def test_previous_key_in_the_report_file(tmp_path: Path) -> None:
    previous = _last_year(tmp_path)
    data = yaml.safe_load(THIS_YEAR.read_text(encoding="utf-8"))
    data["previous"] = previous.name
    current = tmp_path / "灵丘县2025.yaml"
    current.write_text(dump_report(STRUCTURE, data), encoding="utf-8")
    assert "previous: 灵丘县2024.yaml" in current.read_text(encoding="utf-8")
    out = tmp_path / "2025.docx"
    assert run_drafter("render", str(current), "-o", str(out)).code == 0
    assert "承办群众诉求10544件，同比增加1000件" in docx_text(out)


def test_previous_of_the_wrong_year_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "2025.docx"
    result = run_drafter("render", str(THIS_YEAR), "--previous", str(THIS_YEAR), "-o", str(out))
    assert result.code == 1
    assert "应为 2024 年" in result.output
    assert not out.exists()


def _with_previous(tmp_path: Path, name: str) -> Path:
    current = tmp_path / "灵丘县2025.yaml"
    current.write_text(f"previous: {name}\n" + THIS_YEAR.read_text(encoding="utf-8"), encoding="utf-8")
    return current


@pytest.mark.parametrize("case, message", [
    ("missing", "上年度数据文件: 上年度数据文件用不了："),
    ("errors", "有 1 处错误，无法用于同比（运行 drafter check"),
    ("wrong year", "报告年度是 2023，而本报告是 2025 年，应为 2024 年"),
    ("good", ""),
])
def test_check_and_render_agree_on_last_years_file(tmp_path: Path, case: str, message: str) -> None:
    """Promise 1: what would stop 同比 in a render is an error of check, at the previous: line."""
    last = _last_year(tmp_path)
    text = last.read_text(encoding="utf-8")
    if case == "errors":
        last.write_text(text.replace("enterprise_inspections: 4216", "enterprise_inspections: abc"), encoding="utf-8")
    elif case == "wrong year":
        last.write_text(text.replace("year: 2024", "year: 2023"), encoding="utf-8")
    current = _with_previous(tmp_path, "没有这个文件.yaml" if case == "missing" else last.name)
    checked = run_drafter("check", str(current))
    rendered = run_drafter("render", str(current), "-o", str(tmp_path / "out.docx"))
    assert (checked.code == 0) == (rendered.code == 0) == (case == "good"), (checked.output, rendered.output)
    if message:
        assert f"{current}:1: " in checked.output and message in checked.output, checked.output
        assert message in rendered.output and "Traceback" not in rendered.output
        assert not (tmp_path / "out.docx").exists()


def test_check_takes_last_years_file_like_render(tmp_path: Path) -> None:
    last = _last_year(tmp_path)
    last.write_text(last.read_text(encoding="utf-8").replace("year: 2024", "year: 2022"), encoding="utf-8")
    result = run_drafter("check", str(THIS_YEAR), "--previous", str(last))
    assert result.code == 1 and f"{last}: 上年度数据文件: " in result.output and "应为 2024 年" in result.output


UNIT = """\
meta:
  issuer: {name}
  level: 乡镇
  year: {year}
measures:
  disputes:
    figures:
{figures}
    items:
      - {name}调解工作的做法。
problems:
  items: [{name}的不足。]
next_year:
  items: [{name}的安排。]
"""


def _unit(tmp_path: Path, file: str, name: str, figures: dict[str, object], year: int = 2025) -> Path:
    lines = "\n".join(f"      {k}: {v}" for k, v in figures.items()) or "      {}"
    path = tmp_path / file
    path.write_text(UNIT.format(name=name, year=year, figures=lines), encoding="utf-8")
    return path


@pytest.fixture()
def units(tmp_path: Path) -> list[Path]:
    return [
        _unit(tmp_path, "a.yaml", "甲镇人民政府", {"mediation_total": 100, "mediation_success": 90,
                                                  "mediation_success_rate": 90, "reconsideration_received": 3}),
        _unit(tmp_path, "b.yaml", "乙镇人民政府", {"mediation_total": 300, "mediation_success": 297,
                                                  "mediation_success_rate": 99, "court_appearance_rate": 100}),
        _unit(tmp_path, "c.yaml", "丙镇人民政府", {"mediation_total": "50余", "mediation_success": 40,
                                                  "reconsideration_received": 2}),
    ]


def test_merge_sums_counts_recomputes_rates_and_reports(tmp_path: Path, units: list[Path]) -> None:
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), *map(str, units), "--issuer", "示例县人民政府")
    assert result.code == 0, result.output
    merged = yaml.safe_load(out.read_text(encoding="utf-8"))
    figures = merged["measures"]["disputes"]["figures"]
    assert figures["mediation_total"] == "450余"
    assert figures["mediation_success"] == 427
    assert figures["mediation_success_rate"] == pytest.approx(94.9)  # 427/450, not the mean of 90 and 99
    assert figures["reconsideration_received"] == 5
    assert figures.get("court_appearance_rate") is None  # a rate without counts is not averaged
    assert figures.get("litigation_cases") is None  # reported by no unit: absent, not 0
    assert "乙镇人民政府" in result.output  # named as missing for 收到行政复议申请
    assert "比率无法汇总" in result.output and "行政机关负责人出庭应诉率" in result.output
    pooled = merged["measures"]["disputes"]["from_units"]
    assert pooled["甲镇人民政府"] == ["甲镇人民政府调解工作的做法。"]
    assert merged["problems"]["from_units"]["丙镇人民政府"] == ["丙镇人民政府的不足。"]
    assert run_drafter("check", str(out)).code == 0
    docx_out = tmp_path / "汇总.docx"
    rendered = run_drafter("render", str(out), "-o", str(docx_out))
    assert rendered.code == 0, rendered.output
    text = docx_text(docx_out)
    assert "共调解矛盾纠纷450余件，调解成功427件，调解成功率94.9%" in text
    assert "甲镇人民政府调解工作的做法" not in text  # pooled items wait for the clerk


def test_merge_reports_duplicate_units(tmp_path: Path, units: list[Path]) -> None:
    twin = _unit(tmp_path, "a2.yaml", "甲镇人民政府", {"mediation_total": 1})
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), *map(str, units), str(twin), "--issuer", "示例县人民政府")
    assert result.code == 0, result.output
    assert "单位重复" in result.output and str(twin) in result.output
    figures = yaml.safe_load(out.read_text(encoding="utf-8"))["measures"]["disputes"]["figures"]
    assert figures["mediation_total"] == "450余"


def test_a_leftover_unit_of_last_year_listed_first_stops_the_merge(tmp_path: Path, units: list[Path]) -> None:
    old = _unit(tmp_path, "d.yaml", "丁镇人民政府", {"mediation_total": 7}, year=2024)
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), str(old), *map(str, units), "--issuer", "示例县人民政府")
    assert result.code == 1, result.output
    assert "年度不一致" in result.output and "2024 年：" in result.output and str(old) in result.output
    assert "--year" in result.output
    assert not out.exists()


def test_merge_year_from_the_option_names_units_of_another_year(tmp_path: Path, units: list[Path]) -> None:
    old = _unit(tmp_path, "d.yaml", "丁镇人民政府", {"mediation_total": 7}, year=2024)
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), str(old), *map(str, units), "--year", "2025", "--issuer", "示例县人民政府")
    assert result.code == 1, result.output
    assert f"{old}:4（2024 年，丁镇人民政府）" in result.output and "汇总的是 2025 年" in result.output
    assert str(units[0]) not in result.output  # only the odd one is named
    assert not out.exists()
    excluded = run_drafter("merge", str(out), str(old), *map(str, units), "--year", "2025",
                           "--exclude", str(old), "--issuer", "示例县人民政府")
    assert excluded.code == 0, excluded.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["meta"]["year"] == 2025


def test_merge_year_from_into_wins_over_the_units(tmp_path: Path, units: list[Path]) -> None:
    county = tmp_path / "县.yaml"
    county.write_text(UNIT.format(name="示例县人民政府", year=2024, figures="      mediation_total: 400"),
                      encoding="utf-8")
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), *map(str, units), "--into", str(county))
    assert result.code == 1, result.output
    assert "汇总的是 2024 年" in result.output and str(county) in result.output
    clash = run_drafter("merge", str(out), *map(str, units), "--into", str(county), "--year", "2025")
    assert clash.code == 2 and "--year 2025" in clash.output
    assert not out.exists()


def test_merge_into_county_file_takes_this_runs_totals_and_says_so(tmp_path: Path, units: list[Path]) -> None:
    county = tmp_path / "县.yaml"
    county.write_text(UNIT.format(name="示例县人民政府", year=2025,
                                  figures="      mediation_total: 400\n      litigation_cases: 9")
                      .replace("level: 乡镇", "level: 县级政府")
                      .replace("    items:\n", "    from_units:\n      旧镇人民政府: [上次汇总的内容。]\n    items:\n"),
                      encoding="utf-8")
    before = county.read_bytes()
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), *map(str, units), "--into", str(county))
    assert result.code == 0, result.output
    merged = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert merged["meta"]["issuer"] == "示例县人民政府"
    figures = merged["measures"]["disputes"]["figures"]
    assert figures["mediation_total"] == "450余"
    assert figures["mediation_success"] == 427
    assert "“人民调解组织调解矛盾纠纷”：县级文件中原为 400，已改为本次各单位的合计 450余" in result.output
    assert figures["litigation_cases"] == 9  # no unit reported it: kept, and listed
    assert "沿用了县级文件中原有的数" in result.output
    assert "旧镇人民政府" not in merged["measures"]["disputes"]["from_units"]  # an earlier merge's items
    assert county.read_bytes() == before


def test_merge_output_is_never_into_and_never_replaced_without_force(tmp_path: Path, units: list[Path]) -> None:
    county = tmp_path / "县.yaml"
    county.write_text(UNIT.format(name="示例县人民政府", year=2025, figures="      mediation_total: 400"),
                      encoding="utf-8")
    before = county.read_bytes()
    onto_into = run_drafter("merge", str(county), *map(str, units), "--into", str(county), "--force")
    assert onto_into.code == 2 and "不能写到本命令读取的文件" in onto_into.output
    assert county.read_bytes() == before
    out = tmp_path / "汇总.yaml"
    out.write_text("# 上次汇总后手工改过的内容\n", encoding="utf-8")
    refused = run_drafter("merge", str(out), *map(str, units), "--issuer", "示例县人民政府")
    assert refused.code == 1 and "--force" in refused.output and str(out) in refused.output
    assert out.read_text(encoding="utf-8") == "# 上次汇总后手工改过的内容\n"
    forced = run_drafter("merge", str(out), *map(str, units), "--issuer", "示例县人民政府", "--force")
    assert forced.code == 0, forced.output
    assert "450余" in out.read_text(encoding="utf-8")


def test_merge_refuses_units_with_errors(tmp_path: Path, units: list[Path]) -> None:
    bad = _unit(tmp_path, "bad.yaml", "坏镇人民政府", {"mediation_total": "abc"})
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), str(units[0]), str(bad), "--issuer", "示例县人民政府")
    assert result.code == 1
    assert "“abc”不是数字" in result.output
    assert not out.exists()


def test_merge_errors_name_the_figure_not_a_line_of_the_file_it_did_not_write(tmp_path: Path) -> None:
    """Each unit is right on its own; their sums break a rule. The merged file is not written, so
    the message names the figures, not lines of a file the clerk cannot open."""
    county = _unit(tmp_path, "县.yaml", "示例县人民政府", {"reconsideration_received": 40, "reconsideration_accepted": 36})
    first = _unit(tmp_path, "a.yaml", "甲镇人民政府", {"reconsideration_received": 3})
    second = _unit(tmp_path, "b.yaml", "乙镇人民政府", {"reconsideration_received": 3})
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), str(first), str(second), "--into", str(county))
    assert result.code == 1 and not out.exists(), result.output
    assert "没有写入" in result.output and "受理行政复议案件" in result.output and str(county) in result.output
    assert f"{out}:" not in result.output  # no line of the unwritten file


def test_merge_names_units_made_with_another_structure(tmp_path: Path, units: list[Path]) -> None:
    other = tmp_path / "dept.yaml"
    other.write_text(UNIT.format(name="示例县司法局", year=2025,
                                 figures="      mediation_total: 10\n      reconsideration_received: 10")
                     .replace("meta:", "template: department\nmeta:").replace("level: 乡镇", "level: 政府部门"),
                     encoding="utf-8")
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), *map(str, units), str(other), "--issuer", "示例县人民政府")
    assert result.code == 0, result.output
    assert "结构不同" in result.output and "示例县司法局" in result.output
    figures = yaml.safe_load(out.read_text(encoding="utf-8"))["measures"]["disputes"]["figures"]
    assert figures["reconsideration_received"] == 15  # the department's figure is summed
    # its 调解总数 without 调解成功 stays out of the pair, and the table says so
    assert figures["mediation_total"] == "450余"
    assert "“示例县司法局”填了“人民调解组织调解矛盾纠纷”，没有填“调解成功”，这些数字没有计入合计" in result.output


def _merged_figures(out: Path) -> dict[str, object]:
    return yaml.safe_load(out.read_text(encoding="utf-8"))["measures"]["disputes"]["figures"]


def test_merge_rate_uses_only_units_reporting_part_and_whole(tmp_path: Path) -> None:
    # 甲: 100 received, 90 successful, 90%; 乙: 50 successful, no total. Not 140 of 100, 140%.
    a = _unit(tmp_path, "a.yaml", "甲镇人民政府", {"mediation_total": 100, "mediation_success": 90,
                                                  "mediation_success_rate": 90})
    b = _unit(tmp_path, "b.yaml", "乙镇人民政府", {"mediation_success": 50})
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), str(a), str(b), "--issuer", "示例县人民政府")
    assert result.code == 0, result.output
    figures = _merged_figures(out)
    assert (figures["mediation_total"], figures["mediation_success"], figures["mediation_success_rate"]) == (
        100, 90, 90)
    assert "“乙镇人民政府”填了“调解成功”，没有填“人民调解组织调解矛盾纠纷”，这些数字没有计入合计" in result.output
    checked = run_drafter("check", str(out))
    assert checked.code == 0, checked.output


def test_merge_sums_amounts_and_keeps_the_duo_qualifier(tmp_path: Path) -> None:
    a = _unit(tmp_path, "a.yaml", "甲镇人民政府", {"mediators": "30多"}).read_text(encoding="utf-8")
    a_path = tmp_path / "a.yaml"
    a_path.write_text(a.replace("  disputes:", "  functions:\n    figures:\n      hall_cases: 16.76\n  disputes:"),
                      encoding="utf-8")
    b = _unit(tmp_path, "b.yaml", "乙镇人民政府", {"mediators": 5})
    b.write_text(b.read_text(encoding="utf-8").replace(
        "  disputes:", "  functions:\n    figures:\n      hall_cases: 1.24\n  disputes:"), encoding="utf-8")
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), str(a_path), str(b), "--issuer", "示例县人民政府")
    assert result.code == 0, result.output
    merged = yaml.safe_load(out.read_text(encoding="utf-8"))["measures"]
    assert merged["functions"]["figures"]["hall_cases"] == 18  # 万件: an amount, summed
    assert merged["disputes"]["figures"]["mediators"] == "35多"


def test_merge_of_a_zero_whole_leaves_the_rate_blank(tmp_path: Path) -> None:
    a = _unit(tmp_path, "a.yaml", "甲镇人民政府", {"mediation_total": 0, "mediation_success": 0,
                                                  "mediation_success_rate": 100})
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), str(a), "--issuer", "示例县人民政府")
    assert result.code == 0, result.output
    figures = _merged_figures(out)
    assert figures["mediation_total"] == 0 and figures.get("mediation_success_rate") is None
    assert "比率无法汇总" in result.output


def test_merge_checks_the_merged_data_before_writing(tmp_path: Path) -> None:
    template = tmp_path / "模板"
    assert run_drafter("template", "init", str(template)).code == 0
    structure = template / "structure.yaml"
    text = structure.read_text(encoding="utf-8")
    old = "            label: 人民调解员\n            unit: 人\n"
    assert text.count(old) == 1
    structure.write_text(text.replace(old, old + "            max: 100\n"), encoding="utf-8")
    units = []
    for file, name in (("a.yaml", "甲镇人民政府"), ("b.yaml", "乙镇人民政府")):
        path = _unit(tmp_path, file, name, {"mediators": 60})
        path.write_text(f"template: {template}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        units.append(str(path))
    out = tmp_path / "汇总.yaml"
    result = run_drafter("merge", str(out), *units, "--issuer", "示例县人民政府")
    assert result.code == 1, result.output
    assert "没有写入" in result.output and "人民调解员" in result.output and "120" in result.output
    assert not out.exists()


def test_merge_refuses_to_write_over_one_of_its_unit_files(tmp_path: Path, units: list[Path]) -> None:
    before = units[1].read_bytes()
    result = run_drafter("merge", str(units[1]), *map(str, units), "--issuer", "示例县人民政府", "--force")
    assert result.code == 2, result.output
    assert "不能写到本命令读取的文件" in result.output
    assert units[1].read_bytes() == before
