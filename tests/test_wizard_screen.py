"""What the clerk sees on the terminal (a pyte model of it): errors next to the input, small windows.

Each test drives the real ``drafter new`` / ``drafter edit`` through a pseudo-terminal
(see ``wizard_pty``) and reads the screen as it stands, row by row.
"""

from __future__ import annotations

from pathlib import Path

from helpers import require

from drafter.datafile import save_report

pexpect = require("pexpect")
require("pyte")

from wizard_pty import (  # noqa: E402
    CLEAR,
    DOWN,
    ENTER,
    FIELDS,
    STEPS,
    STRUCTURE,
    THIS_YEAR,
    Clerk,
    prepared,
    prompt,
    read,
)


def test_a_refused_answer_is_explained_right_under_the_input(tmp_path: Path) -> None:
    prepared(tmp_path / "报告.yaml", done_before="measures.disputes")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml", size=(40, 120), terminal=True)
    clerk.fill()
    clerk.answer("reconsideration_received", "abc")
    clerk.see("请只填阿拉伯数字")
    clerk.settle()
    question, error = clerk.row_of(prompt("reconsideration_received")), clerk.row_of("不是数字")
    assert 0 < error - question <= 2, "\n".join(clerk.display())
    assert clerk.display()[error].lstrip().startswith("✗")
    clerk.child.send(CLEAR + "7" + ENTER)
    clerk.see(prompt("reconsideration_accepted"))
    clerk.interrupt()


def _header_on_top(clerk: Clerk) -> None:
    top = clerk.display()[0]
    assert top.startswith(("第 1 部分", "准备 ·")) and "/124 项" in top, "\n".join(clerk.display())


def test_a_60_by_20_window_runs_start_to_finish(tmp_path: Path) -> None:
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml", size=(20, 60), terminal=True)
    clerk.answer("issuer", "测试县人民政府")
    clerk.choose(FIELDS["level"].display)
    clerk.answer("year", str(THIS_YEAR - 1), clear=True)
    for field in STRUCTURE.meta.fields[3:]:
        clerk.answer(field.key)
    for field in STRUCTURE.opening.fields:
        clerk.answer(field.key)
    for step in STEPS[2:]:
        block = step.block
        if step.id == "measures.disputes":
            clerk.fill()
            for number, field in enumerate(step.fields, start=1):
                clerk.see(prompt(field.key))
                if number in (1, 12, 23):  # the header stays, the counter leads the title
                    clerk.settle()
                    _header_on_top(clerk)
                    title = clerk.display()[1]  # numbered as printed: the skipped ones before it do not count
                    assert title.startswith(f"第 {number}/23 项 · （一）健全矛盾纠纷") and title.endswith("…")
                if number == 1:
                    clerk.child.send("abc" + ENTER)
                    clerk.see("请只填阿拉伯数字")
                    clerk.settle()
                    below = clerk.row_of("不是数字") - clerk.row_of(prompt(field.key))
                    assert 0 < below <= 2 and clerk.row_of("不是数字") < clerk.rows
                    clerk.child.send(CLEAR + "12" + ENTER)
                else:
                    clerk.child.send(ENTER)
            clerk.items_done()
        elif block.optional:
            clerk.choose(f"有没有“{block.heading}”要写？")
        elif block.items_required:
            clerk.fill()
            clerk.paragraph(f"一是关于{block.heading}的第一条。")
            clerk.items_done()
        else:
            clerk.skip_section()
    clerk.see("核对无误就保存")
    clerk.child.send(ENTER)
    clerk.choose("现在就生成 Word 文档", DOWN)
    assert clerk.end() == 0
    data = read(tmp_path / "报告.yaml")
    assert "progress" not in data
    assert data["measures"]["disputes"]["figures"]["reconsideration_received"] == 12


def test_resizing_draws_the_screen_anew_and_keeps_what_was_typed(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="measures.disputes")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml", size=(20, 60), terminal=True)
    clerk.fill()
    clerk.answer("reconsideration_received", "5")
    clerk.see(prompt("reconsideration_accepted"))
    clerk.child.send("4")
    clerk.settle()
    clerk.resize(18, 46)
    clerk.settle(0.6)
    shown = clerk.display()
    assert sum(prompt("reconsideration_accepted") in row for row in shown) == 1, "\n".join(shown)
    assert shown[0].startswith("第 1 部分"), "\n".join(shown)
    assert any(row.startswith("第 2/23 项") and row.endswith("…") for row in shown)  # cut at the new width
    clerk.child.send(ENTER)
    clerk.see(prompt("reconsideration_concluded"))
    clerk.interrupt()
    assert read(path)["measures"]["disputes"]["figures"]["reconsideration_accepted"] == 4


def test_typed_units_and_bracketed_years_are_stored_clean(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="meta")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.answer("issuer")
    clerk.choose(FIELDS["level"].display)
    clerk.answer("year")
    clerk.answer("recipients")
    clerk.answer("doc_number", "测政函[2026]3号")
    assert "已把“测政函[2026]3号”写作“测政函〔2026〕3号”" in clerk.see(prompt("signer"))
    clerk.interrupt()
    assert read(path)["meta"]["doc_number"] == "测政函〔2026〕3号"

    path = prepared(tmp_path / "报告.yaml", done_before="measures.disputes")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.fill()
    clerk.answer("reconsideration_received", "66件")
    assert "已把“66件”按 66 处理" in clerk.see(prompt("reconsideration_accepted"))
    clerk.interrupt()
    assert read(path)["measures"]["disputes"]["figures"]["reconsideration_received"] == 66


def test_the_review_is_one_page_and_each_step_another_within_40_rows(tmp_path: Path) -> None:
    items = {"measures.leadership": ["一是县委常委会专题听取法治政府建设工作汇报，研究部署重点任务。"]}
    path = prepared(tmp_path / "报告.yaml", done_before="", finished=True,
                    figures={"reconsideration_received": 5, "reconsideration_accepted": 9})
    data = read(path)
    data["measures"]["leadership"] = {"items": items["measures.leadership"]}
    save_report(path, STRUCTURE, data)
    clerk = Clerk(tmp_path, "edit", "报告.yaml", size=(40, 120), terminal=True)
    clerk.see("要修改哪一部分")
    clerk.settle()
    shown = clerk.display()
    assert shown[0].startswith("核对填写内容"), "\n".join(shown)
    assert any("放弃本次修改" in row for row in shown)               # the last entry is on the page too
    assert any("工作内容 1 条：一是县委常委会专题听取法治政" in row and row.endswith("……") for row in shown)
    disputes = next(n for n, s in enumerate(STEPS) if s.id == "measures.disputes")
    clerk.child.send(DOWN * (disputes + 1) + ENTER)
    clerk.see("改哪一项？")
    clerk.settle()
    shown = clerk.display()
    assert shown[0].startswith("╭") and "已填" in shown[1], "\n".join(shown)  # the header stays
    assert any("“受理行政复议案件”（9件）不能大于“收到行政复议申请”（5件）" in row for row in shown)
    assert any("受理行政复议案件：9件 ✗" in row for row in shown)
    assert any(row.lstrip().startswith("工作内容（0 条）") for row in shown)  # the page's last entry
    clerk.child.send("\x1b\r")                                           # back to the review
    clerk.see("要修改哪一部分")
    clerk.interrupt()


def test_menu_entries_too_long_for_the_window_end_in_an_ellipsis(tmp_path: Path) -> None:
    prepared(tmp_path / "报告.yaml", done_before="", finished=True)
    clerk = Clerk(tmp_path, "edit", "报告.yaml", size=(20, 60), terminal=True)
    clerk.see("要修改哪一部分")
    clerk.settle()
    entry = next(row for row in clerk.display() if "健全政府机构职能体系" in row)
    assert entry.endswith("…") and "没有工作内容" not in entry  # cut at the edge, marked
    clerk.interrupt()


def test_the_progress_header_keeps_to_one_line_in_a_narrow_window() -> None:
    """README: the progress takes one line. A long part title gives way; where and how much stay."""
    from rich.cells import cell_len

    from drafter.wizard.screen import fit_header

    text = "第 3 部分 / 共 5 部分 · 党政主要负责人履行推进法治建设第一责任人职责情况 · 已填 4/124 项"
    assert fit_header(text, 120) == text
    short = fit_header(text, 56)  # a 60-column window, in its box
    assert cell_len(short) <= 56 and short.startswith("第 3 部分 / 共 5 部分 · 党政") and short.endswith("已填 4/124 项")
    assert cell_len(fit_header(text, 30)) <= 30
