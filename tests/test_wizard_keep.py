"""Nothing typed is lost, nothing is appended by surprise, last year's figure in one key (pty tests)."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from helpers import require  # noqa: E402

pexpect = require("pexpect")

from wizard_pty import (  # noqa: E402
    DOWN,
    ENTER,
    FINISH_TEXT,
    STEPS,
    STRUCTURE,
    UP,
    Clerk,
    prepared,
    prompt,
    read,
)

from drafter.datafile import save_report  # noqa: E402

BACKSPACE = "\x7f"


def test_the_paragraph_being_typed_survives_a_closed_window(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="problems")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.fill()                          # 写内容
    clerk.choose("（每条一段）：")                    # 添加一条
    clerk.see("新的一条")
    clerk.child.send("一是学法用法的氛围")
    time.sleep(1.5)
    clerk.child.send("还不够浓厚")
    time.sleep(0.3)
    clerk.child.kill(signal.SIGHUP)                           # the window is closed mid-sentence
    clerk.child.expect(pexpect.EOF)
    clerk.child.close()
    draft = read(path)["progress"]["draft"]
    assert draft == {"step": "problems", "item": None, "text": "一是学法用法的氛围还不够浓厚"}

    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    screen = clerk.see("接着写这一条吗？")
    assert "上次正在写的一条也已保留" in screen
    assert "上次正在写新的一条，还没有保存：“一是学法用法的氛围还不够浓厚”" in screen
    clerk.child.send(ENTER)                                  # 是
    clerk.see("新的一条")
    clerk.child.send("。" + FINISH_TEXT)
    clerk.see("（每条一段）：")
    clerk.interrupt()
    data = read(path)
    assert data["problems"]["items"] == ["一是学法用法的氛围还不够浓厚。"]
    assert "draft" not in data["progress"]


def test_ctrl_c_keeps_a_changed_paragraph_and_no_discards_it(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="problems")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.fill()
    clerk.paragraph("一是甲。")
    clerk.choose("（每条一段）：", DOWN)               # 修改一条
    clerk.choose("修改哪一条？")
    clerk.see("修改第 1 条")
    clerk.child.send("乙")
    said = clerk.interrupt()
    assert "已保存到 报告.yaml" in said
    assert read(path)["progress"]["draft"] == {"step": "problems", "item": 0, "text": "一是甲。乙"}

    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.choose("接着写这一条吗？", DOWN)                    # 否: give it up
    clerk.see("（每条一段）：")
    clerk.interrupt()
    data = read(path)
    assert data["problems"]["items"] == ["一是甲。"] and "draft" not in data["progress"]


def test_typing_replaces_a_prefilled_figure_and_backspace_clears_it(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="measures.disputes")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.fill()
    clerk.answer("reconsideration_received", "5")
    clerk.answer("reconsideration_accepted", "7")
    clerk.choose("怎么办？")                                  # 重新填写
    screen = clerk.see(prompt("reconsideration_accepted"))
    assert "回车保留“7”，直接输入新数字替换" in screen
    clerk.child.send("4" + ENTER)                            # replaces 7 (not 74)
    clerk.answer("reconsideration_concluded", "3")
    clerk.see(prompt("reconsideration_upheld"))
    clerk.interrupt()
    figures = read(path)["measures"]["disputes"]["figures"]
    assert (figures["reconsideration_accepted"], figures["reconsideration_concluded"]) == (4, 3)

    prepared(path, done_before="", finished=True,
             figures={"reconsideration_received": 10, "reconsideration_accepted": 8})
    clerk = Clerk(tmp_path, "edit", "报告.yaml", "--section", "矛盾纠纷")
    clerk.fill()
    clerk.answer("reconsideration_received", "11")           # typed over 10
    screen = clerk.see(prompt("reconsideration_accepted"))
    assert "回车保留“8”" in screen
    clerk.child.send(BACKSPACE + ENTER)                      # cleared on purpose
    screen = clerk.see(prompt("reconsideration_concluded"))
    assert "受理行政复议案件：（未填）" in screen
    clerk.interrupt()
    figures = read(path)["measures"]["disputes"]["figures"]
    assert figures["reconsideration_received"] == 11 and figures["reconsideration_accepted"] is None


def test_edit_keeps_the_progress_of_an_unfinished_file(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="measures.disputes")
    clerk = Clerk(tmp_path, "edit", "报告.yaml", "--section", "开头")
    for field in STRUCTURE.opening.fields:
        clerk.answer(field.key)
    clerk.choose("核对无误就保存")                            # 保存（问卷还没答完…）
    assert "进度已保留" in clerk.see("从第一个没答的问题接着填")
    clerk.choose("现在就生成 Word 文档", DOWN)
    assert clerk.end() == 0
    assert "measures.disputes" not in read(path)["progress"]["done"]

    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    screen = "".join(clerk.see("这一小节怎么填？").split())  # long lines wrap
    assert "接着上次填写" in screen and "从“（一）健全矛盾纠纷" in screen  # nothing before it is printed
    clerk.interrupt()


def test_edit_can_discard_every_change(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="", finished=True,
                    figures={"reconsideration_received": 10})
    before = path.read_bytes()
    clerk = Clerk(tmp_path, "edit", "报告.yaml", "--section", "矛盾纠纷")
    clerk.fill()
    clerk.answer("reconsideration_received", "12")
    clerk.see(prompt("reconsideration_accepted"))
    assert read(path)["measures"]["disputes"]["figures"]["reconsideration_received"] == 12
    clerk.child.send(ENTER)
    for field in next(s for s in STEPS if s.id == "measures.disputes").fields[2:]:
        clerk.answer(field.key)
    clerk.items_done()
    clerk.choose("核对无误就保存", UP)                         # the last entry: 放弃本次修改
    clerk.choose("确定放弃本次的全部修改吗？", DOWN)            # 是
    clerk.see("恢复成了修改前的样子")
    assert clerk.end() == 0
    assert path.read_bytes() == before


def test_tab_answers_with_last_years_figure(tmp_path: Path) -> None:
    last = {"drafter": 1, "template": "default",
            "meta": {"issuer": "测试县人民政府", "level": "县级政府", "year": 2024},
            "measures": {"leadership": {"figures": {"committee_law_hearings": 4,
                                                    "collective_law_study": 12}}}}
    save_report(tmp_path / "上年.yaml", STRUCTURE, last)
    path = prepared(tmp_path / "报告.yaml", done_before="measures.leadership")
    clerk = Clerk(tmp_path, "new", "--from", "上年.yaml", "-o", "报告.yaml")
    clerk.fill()
    assert "上年：4次（按 Tab 同上年）" in clerk.see(prompt("committee_law_hearings"))
    clerk.child.send("\t")                                   # one key: 4, and on to the next
    clerk.answer("collective_law_study", "13")
    clerk.see(prompt("law_documents"))
    clerk.interrupt()
    figures = read(path)["measures"]["leadership"]["figures"]
    assert (figures["committee_law_hearings"], figures["collective_law_study"]) == (4, 13)
