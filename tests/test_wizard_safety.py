"""What a clerk typed or saved survives the wizard's keys (pty tests): an edit opened and left
writes nothing, a paragraph being changed in ``edit`` or in a step gone back to survives Ctrl-C,
PgDn keeps what last year's file offered, and a YAML file that is no report is left alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import require  # noqa: E402

pexpect = require("pexpect")

from wizard_pty import (  # noqa: E402
    DOWN,
    ENTER,
    FINISH_TEXT,
    PAGE_DOWN,
    PAGE_UP,
    STRUCTURE,
    THIS_YEAR,
    UP,
    Clerk,
    prepared,
    prompt,
    read,
)

from drafter.datafile import save_report  # noqa: E402


def test_edit_opened_and_stopped_leaves_the_file_byte_for_byte(tmp_path: Path) -> None:
    """A comment the clerk wrote in the file is not replaced when nothing was changed."""
    path = prepared(tmp_path / "报告.yaml", done_before="", finished=True, meta={"signer": "王建国"})
    text = path.read_text(encoding="utf-8").replace("signer: 王建国", "signer: 王建国   # 待县长确认，别删这个备注")
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    clerk = Clerk(tmp_path, "edit", "报告.yaml")
    clerk.see("核对无误就保存")
    said = clerk.interrupt()
    assert "没有改动" in said and "已保存" not in said
    assert path.read_bytes() == before


def test_edit_keeps_a_paragraph_being_changed_and_offers_it_back(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="", finished=True)
    data = read(path)
    data["problems"] = {"items": ["一是甲。"]}
    save_report(path, STRUCTURE, data)
    clerk = Clerk(tmp_path, "edit", "报告.yaml", "--section", "problems")
    clerk.fill()                                             # 写内容, the opening sentence kept
    clerk.choose("（每条一段）：", DOWN)                      # 修改一条
    clerk.choose("修改哪一条？")
    clerk.see("修改第 1 条")
    clerk.child.send("乙")
    said = clerk.interrupt()
    assert "已保存到 报告.yaml" in said
    kept = read(path)
    assert kept["problems"]["items"] == ["一是甲。"]           # the item itself is not changed behind the clerk
    assert kept["progress"] == {"finished": True, "draft": {"step": "problems", "item": 0, "text": "一是甲。乙"}}

    clerk = Clerk(tmp_path, "edit", "报告.yaml")
    clerk.choose("接着写这一条吗？")                          # 是
    clerk.see("修改第 1 条")
    clerk.child.send("丙" + FINISH_TEXT)
    clerk.items_done()
    clerk.choose("核对无误就保存")                            # 保存，完成
    clerk.choose("现在就生成 Word 文档", DOWN)
    assert clerk.end() == 0
    data = read(path)
    assert data["problems"]["items"] == ["一是甲。乙丙"] and "progress" not in data


def test_a_paragraph_changed_in_a_step_gone_back_to_is_offered_on_resume(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="leaders_duty")
    data = read(path)
    data["problems"] = {"items": ["一是甲。"]}
    save_report(path, STRUCTURE, data)
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.see("这一小节怎么填？")                            # 党政主要负责人… (leaders_duty)
    clerk.child.send(PAGE_UP)                                # back to 存在的不足 (problems), done
    clerk.choose("（每条一段）：", DOWN)                      # 修改一条
    clerk.choose("修改哪一条？")
    clerk.see("修改第 1 条")
    clerk.child.send("乙")
    clerk.interrupt()
    assert read(path)["progress"]["draft"] == {"step": "problems", "item": 0, "text": "一是甲。乙"}

    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.choose("接着写这一条吗？")                          # offered before going on
    clerk.see("修改第 1 条")
    clerk.child.send(FINISH_TEXT)
    clerk.items_done()
    clerk.see("这一小节怎么填？")                            # on with leaders_duty
    clerk.interrupt()
    data = read(path)
    assert data["problems"]["items"] == ["一是甲。乙"] and "draft" not in data["progress"]


def test_pgdn_keeps_what_last_years_file_offered(tmp_path: Path) -> None:
    last = {"drafter": 1, "template": "default",
            "meta": {"issuer": "灵丘县人民政府", "level": "县级政府", "year": THIS_YEAR - 2,
                     "recipients": ["中共灵丘县委", "县人大常委会"], "signer": "张三",
                     "written_date": dt.date(THIS_YEAR - 1, 1, 10), "note": "此件公开发布",
                     "copy_to": ["县纪委监委"], "printer": "灵丘县人民政府办公室"}}
    save_report(tmp_path / "上年.yaml", STRUCTURE, last)
    clerk = Clerk(tmp_path, "new", "--from", "上年.yaml", "-o", "报告.yaml")
    clerk.answer("issuer")
    clerk.choose(STRUCTURE.fields["level"].display)
    clerk.answer("year")
    clerk.see(prompt("recipients"))
    clerk.child.send(PAGE_DOWN)                              # 跳过本节其余问题
    clerk.see(prompt("guiding_thought"))
    clerk.interrupt()
    meta = read(tmp_path / "报告.yaml")["meta"]
    assert meta["recipients"] == ["中共灵丘县委", "县人大常委会"] and meta["signer"] == "张三"
    assert meta["note"] == "此件公开发布" and meta["copy_to"] == ["县纪委监委"]
    assert meta["printer"] == "灵丘县人民政府办公室"


def test_a_yaml_file_that_is_no_report_is_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text("todo:\n  - 问王科长要复议数字\n", encoding="utf-8")
    before = notes.read_bytes()
    for command in (("edit", "notes.yaml"), ("new", "-o", "notes.yaml")):
        clerk = Clerk(tmp_path, *command)
        assert "不是报告数据文件" in clerk.see("drafter 不会改动它")
        assert clerk.end() != 0
    assert notes.read_bytes() == before


def test_stepping_back_and_forth_changes_nothing(tmp_path: Path) -> None:
    """PgUp and PgDn over answered questions of a finished report write nothing."""
    path = prepared(tmp_path / "报告.yaml", done_before="", finished=True)
    before = path.read_bytes()
    clerk = Clerk(tmp_path, "edit", "报告.yaml", "--section", "meta")
    clerk.see(prompt("issuer"))
    clerk.child.send(ENTER)
    clerk.see(STRUCTURE.fields["level"].display)
    clerk.child.send(PAGE_UP)
    clerk.see(prompt("issuer"))
    clerk.child.send(UP)                                     # a stray arrow key in a text prompt
    said = clerk.interrupt()
    assert "没有改动" in said
    assert path.read_bytes() == before


def test_text_typed_without_enter_survives_ctrl_c_and_pgup(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="opening")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.see(prompt("guiding_thought"))
    clerk.child.send("党的二十大和二十届二中全会精神")            # no Enter
    clerk.interrupt()
    assert read(path)["opening"]["guiding_thought"] == "党的二十大和二十届二中全会精神"

    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    assert "党的二十大和二十届二中全会精神" in clerk.see(prompt("guiding_thought"))  # offered again
    clerk.child.send(ENTER)
    clerk.see(prompt("theme"))
    clerk.child.send("以建设法治测试县为目标")                    # no Enter
    clerk.child.send(PAGE_UP)
    clerk.see(prompt("guiding_thought"))
    clerk.interrupt()
    opening = read(path)["opening"]
    assert opening["theme"] == "以建设法治测试县为目标"
    assert opening["guiding_thought"] == "党的二十大和二十届二中全会精神"


def test_a_number_typed_without_enter_survives_ctrl_c(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="measures.leadership")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.choose("这一小节怎么填？")                          # 填写数字和内容
    clerk.keep_heading()
    clerk.see(prompt("committee_law_hearings"))
    clerk.child.send("3")                                    # no Enter
    clerk.interrupt()
    figures = read(path)["measures"]["leadership"]["figures"]
    assert figures["committee_law_hearings"] == 3
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.choose("这一小节怎么填？")                          # the heading was answered before
    assert "回车保留“3”" in clerk.see(prompt("committee_law_hearings"))  # asked again, offering it
    clerk.interrupt()
