"""The wizard's pieces without a terminal: steps, saved progress, rules at once, the items list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from helpers import DEFAULT_TEMPLATE, run_check

from drafter.problems import Level
from drafter.templateset import load_structure
from drafter.wizard.answers import Answers
from drafter.wizard.consistency import conflicts
from drafter.wizard.items import clean, move, preview
from drafter.wizard.lastyear import LastYear
from drafter.wizard.progress import header_text
from drafter.wizard.review import collect_problems, field_entry, sign, status, step_problems
from drafter.wizard.session import Session, default_year
from drafter.wizard.steps import build_steps, candidates, find_steps

STRUCTURE = load_structure(DEFAULT_TEMPLATE / "structure.yaml")
STEPS = build_steps(STRUCTURE)


def test_steps_follow_the_structure() -> None:
    assert [s.id for s in STEPS[:2]] == ["meta", "opening"]
    blocks = [".".join(b.path) for b in STRUCTURE.figure_blocks()]
    assert [s.id for s in STEPS[2:]] == blocks
    disputes = next(s for s in STEPS if s.id == "measures.disputes")
    assert disputes.title == disputes.block.heading and disputes.part_number == 1
    assert disputes.keys == [f.key for f in disputes.block.figures]
    assert STEPS[-1].part_number == len(STRUCTURE.parts)


@pytest.mark.parametrize(("name", "expected"), [
    ("disputes", "measures.disputes"), ("measures.disputes", "measures.disputes"),
    ("矛盾纠纷", "measures.disputes"), ("meta", "meta"), ("文档信息", "meta"),
    ("problems", "problems"),
])
def test_a_section_is_found_by_key_or_heading(name: str, expected: str) -> None:
    assert [s.id for s in find_steps(STEPS, [name])] == [expected]


def test_a_section_is_found_by_the_reports_own_heading_or_a_word_of_its_help() -> None:
    own = {"measures.disputes": "聚焦矛盾化解排查，有效维护社会大局安全稳定"}
    assert [c.step.id for c in candidates(STEPS, "矛盾化解", own)] == ["measures.disputes"]
    assert candidates(STEPS, "矛盾化解") == []
    found = candidates(STEPS, "公证")
    assert [c.step.id for c in found] == ["measures.publicity"] and found[0].why.startswith("说明“")
    assert [c.step.id for c in candidates(STEPS, "减免公证费")] == ["measures.publicity"]
    assert candidates(STEPS, "减免公证费")[0].why == "数字“减免公证费”"
    several = [c.step.id for c in candidates(STEPS, "法治")]
    assert len(several) == 6 and several[0] == "measures.leadership"
    assert [c.step.id for c in candidates(STEPS, "disputes")] == ["measures.disputes"]


def test_an_unknown_section_is_refused() -> None:
    with pytest.raises(KeyError):
        find_steps(STEPS, ["不存在"])


def test_progress_is_saved_in_the_file_and_accepted_by_check(tmp_path: Path) -> None:
    path = tmp_path / "报告.yaml"
    answers = Answers.start(path, STRUCTURE, template="default")
    answers.set("issuer", "测试县人民政府")
    answers.set("year", 2025)
    answers.set("level", "乡镇")
    answers.set("reconsideration_received", 5)
    for key in ("issuer", "level", "year"):
        answers.mark_asked(key)
    answers.save()
    text = path.read_text(encoding="utf-8")
    assert "progress:" in text and "问卷进度" in text
    assert text.index("progress:") > text.index("measures:")          # after the report itself
    assert run_check(path).code == 0

    again = Answers.load(path, STRUCTURE)
    assert not again.finished
    assert again.was_asked("level") and not again.was_asked("recipients")
    assert again.get("reconsideration_received") == 5
    assert again.get("signer") is None                                  # not reported

    again.mark_done("meta", STEPS[0].keys)
    assert again.is_done("meta") and again.progress.asked == []
    again.finish()
    again.save()
    assert "progress" not in yaml.safe_load(path.read_text(encoding="utf-8"))
    assert Answers.load(path, STRUCTURE).finished


def test_a_damaged_progress_entry_restarts_the_walk(tmp_path: Path) -> None:
    path = tmp_path / "报告.yaml"
    path.write_text("drafter: 1\nmeta:\n  issuer: 甲\nprogress: 乱写的\n", encoding="utf-8")
    answers = Answers.load(path, STRUCTURE)
    assert not answers.finished and not answers.is_done("meta")
    assert answers.get("issuer") == "甲"


def test_items_are_kept_per_block(tmp_path: Path) -> None:
    answers = Answers.start(tmp_path / "r.yaml", STRUCTURE, template="default")
    problems = STRUCTURE.parts[1]
    answers.set_items(problems, ["一是……", "二是……"])
    assert answers.items(problems) == ["一是……", "二是……"]
    answers.save()
    assert yaml.safe_load((tmp_path / "r.yaml").read_text(encoding="utf-8"))[
        "problems"]["items"] == ["一是……", "二是……"]


def test_a_broken_rule_is_found_at_once() -> None:
    found = conflicts(STRUCTURE, {"reconsideration_received": 5}, "reconsideration_accepted", 9)
    assert len(found) == 1
    assert found[0].level is Level.ERROR
    assert found[0].message == "“受理行政复议案件”（9件）不能大于“收到行政复议申请”（5件）"
    assert found[0].others == ("reconsideration_received",)
    assert conflicts(STRUCTURE, {"reconsideration_received": 5}, "reconsideration_accepted", 4) == []
    assert conflicts(STRUCTURE, {}, "reconsideration_accepted", 9) == []   # nothing to compare yet
    assert conflicts(STRUCTURE, {"reconsideration_received": 5}, "reconsideration_accepted", None) == []


def test_a_rate_mismatch_is_a_warning() -> None:
    values = {"mediation_total": 200, "mediation_success": 190}
    found = conflicts(STRUCTURE, values, "mediation_success_rate", 80)
    assert [c.level for c in found] == [Level.WARNING]
    assert set(found[0].others) == {"mediation_total", "mediation_success"}


def test_a_date_before_the_report_year_is_caught() -> None:
    found = conflicts(STRUCTURE, {"year": 2025}, "written_date", dt.date(2025, 12, 1))
    assert found and found[0].others == ("year",)


@pytest.mark.parametrize(("index", "to", "expected"), [
    (0, 2, ["b", "c", "a"]), (2, 0, ["c", "a", "b"]), (1, 1, ["a", "b", "c"]), (0, 9, ["b", "c", "a"]),
])
def test_items_move(index: int, to: int, expected: list[str]) -> None:
    assert move(["a", "b", "c"], index, to) == expected


def test_items_text_is_cleaned_and_previewed() -> None:
    assert clean("\n  第一行  \n第二行\n\n") == "第一行\n第二行"
    assert clean("\u3000\u3000首行缩进\r\n\t第二行\n\n第三行") == "首行缩进\n第二行\n第三行"
    assert clean(None) == ""
    assert preview("第一行\n第二行") == "第一行 ↵ 第二行"          # two paragraphs of one item
    assert preview("字" * 50, 10) == "字" * 10 + "……"


def test_the_header_says_part_and_count(tmp_path: Path) -> None:
    answers = Answers.start(tmp_path / "r.yaml", STRUCTURE, template="default")
    answers.set("reconsideration_received", 5)
    total = len(STRUCTURE.fields)  # the document's own questions count too
    disputes = next(s for s in STEPS if s.id == "measures.disputes")
    assert header_text(disputes, answers, 5) == f"第 1 部分 / 共 5 部分 · 主要举措和成效 · 已填 1/{total} 项"
    answers.set("issuer", "测试县人民政府")
    assert header_text(STEPS[0], answers, 5) == f"准备 · 文档信息 · 已填 2/{total} 项"


@pytest.mark.parametrize(("today", "year"), [(dt.date(2026, 1, 8), 2025), (dt.date(2026, 11, 23), 2026)])
def test_the_default_year(today: dt.date, year: int) -> None:
    assert default_year(today) == year


def test_defaults_carry_last_year_over(tmp_path: Path) -> None:
    answers = Answers.start(tmp_path / "r.yaml", STRUCTURE, template="default")
    last = LastYear(values={"issuer": "灵丘县人民政府", "year": 2024, "doc_number": "灵政函〔2025〕6号",
                            "written_date": dt.date(2025, 1, 10), "reconsideration_received": 66})
    session = Session(None, answers, STEPS, last, today=dt.date(2026, 1, 8))  # type: ignore[arg-type]
    fields = STRUCTURE.fields
    assert session._default(fields["issuer"]) == "灵丘县人民政府"
    assert session._default(fields["year"]) == 2025
    assert session._default(fields["doc_number"]) is None            # a new number every year
    assert session._default(fields["note"]) == "此件公开发布"
    assert session._default(fields["reconsideration_received"]) is None  # figures are never carried
    answers.set("year", 2025)
    assert session._default(fields["written_date"]) == dt.date(2026, 1, 8)  # today, after the year
    answers.set("written_date", dt.date(2026, 1, 9))
    assert session._default(fields["print_date"]) == dt.date(2026, 1, 9)
    answers.mark_asked("issuer")
    answers.set("issuer", None)
    assert session._default(fields["issuer"]) is None                # asked and left empty stays empty


def test_the_review_marks_missing_figures_errors_and_warnings(tmp_path: Path) -> None:
    answers = Answers.start(tmp_path / "r.yaml", STRUCTURE, template="default")
    answers.set("issuer", "测试县人民政府")
    answers.set("reconsideration_received", 5)
    answers.set("reconsideration_accepted", 9)          # breaks part_of: an error
    answers.set("mediation_total", 200)
    answers.set("mediation_success", 190)
    answers.set("mediation_success_rate", 80)           # breaks rate: a warning
    problems = collect_problems(answers, STEPS)
    assert [p.level for p in problems["reconsideration_accepted"]] == [Level.ERROR]
    assert [p.level for p in problems["mediation_success_rate"]] == [Level.WARNING]
    assert problems["year"] and problems["year"][0].message.startswith("必须填写")
    disputes = next(s for s in STEPS if s.id == "measures.disputes")
    assert sign(step_problems(disputes, problems)) == " ✗"
    assert sign(problems["mediation_success_rate"]) == " ⚠" and sign([]) == ""
    assert status(answers, disputes) == "已填 5/23 项数字 · 没有工作内容"
    answers.set_items(disputes.block, ["一是依法化解行政争议，行政复议案件全部按期办结。", "二是乙。"])
    assert status(answers, disputes) == "已填 5/23 项数字 · 工作内容 2 条：一是依法化解行政争议，行政复……"
    last = LastYear(values={"reconsideration_accepted": 4})
    fields = STRUCTURE.fields
    assert field_entry(answers, fields["reconsideration_accepted"], last, problems) == \
        "受理行政复议案件：9件（上年 4件） ✗"
    assert field_entry(answers, fields["reconsideration_concluded"], None, problems) == "审结行政复议案件：（未填）"


def test_pasted_paragraphs_always_read_back(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    answers = Answers.start(path, STRUCTURE, template="default")
    pasted = ["第一行\n\t第二行", "  a: b\n  - c", "#注释样\n'引号\"", "x\r\ny", "null"]
    answers.set_items(STRUCTURE.parts[1], [clean(t) for t in pasted])
    answers.save()
    again = Answers.load(path, STRUCTURE)
    assert again.items(STRUCTURE.parts[1]) == [clean(t) for t in pasted]


def test_the_template_is_named_as_the_report_file_will_find_it(tmp_path: Path) -> None:
    from drafter.templateset import find_template_set
    from drafter.wizard.lastyear import file_reference, template_reference

    report = tmp_path / "out" / "报告.yaml"
    report.parent.mkdir()
    assert template_reference(find_template_set("department"), report) == "department"
    assert template_reference(find_template_set(str(DEFAULT_TEMPLATE)), report) == "default"
    own = tmp_path / "我县模板"
    own.mkdir()
    (own / "structure.yaml").write_text("extends: default\n", encoding="utf-8")
    reference = template_reference(find_template_set(str(own)), report)
    assert reference == "../我县模板"
    assert find_template_set(reference, relative_to=report.parent).path == own.resolve()
    assert file_reference(tmp_path / "上年.yaml", report) == "../上年.yaml"


def test_a_finished_step_is_saved_as_done_at_once(tmp_path: Path) -> None:
    # a step is marked done in the file when it ends, not only at the next answer or interrupt
    path = tmp_path / "报告.yaml"
    answers = Answers.start(path, STRUCTURE, template="default")
    meta = STEPS[0]
    for key in meta.keys:
        answers.mark_asked(key)
    answers.save()
    Session(None, answers, STEPS, LastYear()).run_step(meta)  # nothing left to ask: no screen needed
    assert Answers.load(path, STRUCTURE).is_done(meta.id)


def test_an_interrupt_saves_what_is_not_saved_yet(tmp_path: Path) -> None:
    from drafter.wizard.run import _interrupted

    class GoneTerminal:
        def say(self, *args, **kwargs) -> None:
            raise OSError(5, "Input/output error")

    path = tmp_path / "报告.yaml"
    answers = Answers.start(path, STRUCTURE, template="default")
    answers.save()
    answers.set("issuer", "测试县人民政府")
    answers.mark_asked("issuer")
    assert _interrupted(GoneTerminal(), answers, "下次接着填") == 130
    again = Answers.load(path, STRUCTURE)
    assert again.get("issuer") == "测试县人民政府" and again.was_asked("issuer")


def test_the_file_header_names_the_report_only_once_its_year_is_known(tmp_path: Path) -> None:
    answers = Answers.start(tmp_path / "报告.yaml", STRUCTURE, template="default")
    answers.set("issuer", "测试县人民政府")
    answers.save()
    first = (tmp_path / "报告.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# drafter 报告数据文件 · {STRUCTURE.name}"
    answers.set("year", 2025)
    answers.save()
    first = (tmp_path / "报告.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# drafter 报告数据文件 · 测试县人民政府2025年法治政府建设年度报告"


def test_titles_carry_the_numbers_and_headings_the_document_prints(tmp_path: Path) -> None:
    from drafter.wizard.numbering import step_titles

    answers = Answers.start(tmp_path / "r.yaml", STRUCTURE, template="default")
    answers.set("committee_law_hearings", 3)
    answers.set("reconsideration_received", 0)                 # printed as 未收到行政复议申请
    answers.set("hall_units", 0)                               # a 0 without such words is not
    disputes = next(s for s in STEPS if s.id == "measures.disputes")
    emergency = next(s for s in STEPS if s.id == "measures.emergency")
    answers.set_text(emergency.block, "heading", "完善应急体系，全力提升依法应急处置能力")
    answers.set_items(emergency.block, ["修订应急预案。"])
    titles = step_titles(STEPS, answers)
    assert titles["measures.leadership"].startswith("（一）")
    assert titles["measures.functions"].startswith("（二）")     # asked now: the number it would take
    assert titles["measures.disputes"] == f"（二）{disputes.title}"
    assert titles["measures.emergency"] == "（三）完善应急体系，全力提升依法应急处置能力"
    assert titles["problems"] == "存在的不足和原因" and titles["meta"] == "文档信息"
    bare = step_titles(STEPS, answers, unprinted_bare=True)
    assert bare["measures.functions"] == STEPS[3].title and bare["measures.decisions"] == STEPS[4].title
    assert bare["measures.disputes"].startswith("（二）") and bare["measures.emergency"].startswith("（三）")
