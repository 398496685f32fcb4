"""drafter merge as a county clerk runs it: figures of the county's own bodies, rates, --exclude, --issuer."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers import run_drafter

UNIT = """\
meta:
  issuer: {name}
  level: {level}
  year: 2025
measures:
  leadership:
    figures:
      committee_law_hearings: {hearings}
  disputes:
    figures:
      mediation_total: {total}
      mediation_success: {success}
      mediation_success_rate: {rate}
    items:
      - {name}调解工作的做法。
problems:
  items: [{name}的不足。]
leaders_duty:
  figures:
    leader_instructions: {instructions}
    rule_of_law_meetings: {meetings}
next_year:
  items: [{name}的安排。]
"""


def _report(path: Path, name: str, *, level: str = "乡镇", hearings: int = 2, total: int = 100,
            success: int = 99, rate: float = 99, instructions: int = 12, meetings: int = 3) -> Path:
    path.write_text(UNIT.format(name=name, level=level, hearings=hearings, total=total, success=success,
                                rate=rate, instructions=instructions, meetings=meetings), encoding="utf-8")
    return path


@pytest.fixture()
def towns(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "乡镇"
    folder.mkdir()
    return [_report(folder / "甲镇.yaml", "甲镇人民政府", total=2862, success=2850, rate=99.6),
            _report(folder / "乙镇.yaml", "乙镇人民政府", total=100, success=90, rate=90)]


def _figures(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {**data["measures"]["leadership"]["figures"], **data["measures"]["disputes"]["figures"],
            **(data.get("leaders_duty", {}).get("figures") or {})}


def test_own_body_figures_are_not_summed_and_are_left_empty_without_into(tmp_path: Path, towns: list[Path]) -> None:
    out = tmp_path / "全县.yaml"
    result = run_drafter("merge", str(out), *map(str, towns), "--issuer", "灵丘县人民政府")
    assert result.code == 0, result.output
    figures = _figures(out)
    for key in ("committee_law_hearings", "leader_instructions", "rule_of_law_meetings"):
        assert figures.get(key) is None, key  # 2+2 hearings of two towns' committees are not the county's 4
    assert figures["mediation_total"] == 2962  # a count of the towns' work is still summed
    assert "各单位的数不相加" in result.output and "汇总文件中留空，请填写本级的数" in result.output
    assert "召开全面依法治县委员会会议" in result.output


def test_into_keeps_the_county_own_figures_and_words_a_rate_as_recomputed(tmp_path: Path,
                                                                          towns: list[Path]) -> None:
    county = _report(tmp_path / "县.yaml", "灵丘县人民政府", level="县级政府", hearings=4, total=3000,
                     success=2990, rate=99.7, instructions=5, meetings=3)
    out = tmp_path / "全县.yaml"
    result = run_drafter("merge", str(out), *map(str, towns), "--into", str(county))
    assert result.code == 0, result.output
    figures = _figures(out)
    assert (figures["committee_law_hearings"], figures["leader_instructions"], figures["rule_of_law_meetings"]) == (
        4, 5, 3)
    assert "召开全面依法治县委员会会议：县级文件中原为" not in result.output.replace("”", "")
    assert "沿用了县级文件中的数，没有把各单位的数相加" in result.output
    assert figures["mediation_success_rate"] == pytest.approx(99.3)  # 2940 / 2962
    assert "“调解成功率”：县级文件中原为 99.7，已按本次各单位相加后的数重新计算为 99.3" in result.output
    assert "合计 99.3" not in result.output
    assert "“人民调解组织调解矛盾纠纷”：县级文件中原为 3000，已改为本次各单位的合计 2962" in result.output
    assert run_drafter("check", str(out)).code == 0


def test_merge_declaration_is_checked_in_the_structure(tmp_path: Path) -> None:
    from tests.helpers import DEFAULT_TEMPLATE

    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "structure.yaml").write_text(
        "extends: default\nversion: 1\nname: 试验\nparts:\n  leaders_duty:\n    figures:\n"
        "      leader_instructions:\n        merge: average\n", encoding="utf-8")
    assert DEFAULT_TEMPLATE.is_dir()
    result = run_drafter("template", "check", str(folder))
    assert result.code != 0 and result.code != 70, result.output
    assert "不认识的汇总方式“average”" in result.output and "structure.yaml:8" in result.output


def test_exclude_by_bare_file_name_says_what_it_excluded(tmp_path: Path, towns: list[Path]) -> None:
    leftover = _report(towns[0].parent / "去年剩的.yaml", "丙镇人民政府", hearings=9, total=7, success=7, rate=100)
    leftover.write_text(leftover.read_text(encoding="utf-8").replace("year: 2025", "year: 2024"), encoding="utf-8")
    out = tmp_path / "全县.yaml"
    result = run_drafter("merge", str(out), *map(str, [*towns, leftover]), "--issuer", "灵丘县人民政府",
                         "--exclude", "去年剩的.yaml", cwd=tmp_path)
    assert result.code == 0, result.output
    assert f"已排除：{leftover}（--exclude 去年剩的.yaml）" in result.output
    assert _figures(out)["mediation_total"] == 2962


def test_an_exclude_matching_no_input_is_refused(tmp_path: Path, towns: list[Path]) -> None:
    out = tmp_path / "全县.yaml"
    result = run_drafter("merge", str(out), *map(str, towns), "--issuer", "灵丘县人民政府", "--exclude", "去年.yaml")
    assert result.code == 2, result.output
    assert "--exclude 去年.yaml 没有对应本次要汇总的任何文件" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_merge_without_issuer_asks_for_the_option_not_about_an_unwritten_file(tmp_path: Path,
                                                                              towns: list[Path]) -> None:
    out = tmp_path / "汇总新.yaml"
    result = run_drafter("merge", str(out), str(towns[0]))
    assert result.code == 2, result.output
    assert "请加 --issuer 某某县人民政府（汇总报告的发文机关）" in result.output
    assert "汇总新.yaml:" not in result.output and not out.exists()
