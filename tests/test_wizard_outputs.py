"""The wizard keeps what the clerk made elsewhere: an edit in a text editor during the questionnaire,
a document polished in Word before the wizard's "生成 Word 文档"."""

from __future__ import annotations

from pathlib import Path

from helpers import require  # noqa: E402

require("pexpect")

from helpers import VALID_REPORT  # noqa: E402
from wizard_pty import DOWN, STEPS, Clerk, prepared, read  # noqa: E402


def test_an_edit_in_notepad_during_the_questionnaire_is_noticed_and_reloaded(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="", finished=True,
                    figures={"reconsideration_received": 10, "reconsideration_accepted": 8})
    clerk = Clerk(tmp_path, "edit", "报告.yaml", "--section", "矛盾纠纷")
    clerk.fill()
    disputes = next(s for s in STEPS if s.id == "measures.disputes")
    first, *others = disputes.fields
    clerk.see(f"{first.display}：")
    path.write_text(path.read_text(encoding="utf-8").replace("测试县人民政府", "测试县司法局"), encoding="utf-8")
    clerk.child.send("\x1511\r")
    clerk.see("被其他程序（如记事本）修改过")
    clerk.choose("怎么办？")                                  # 读入文件中的改动
    for field in others:
        clerk.answer(field.key)
    clerk.items_done()
    clerk.choose("核对无误就保存")
    clerk.choose("现在就生成 Word 文档", DOWN)                # 否
    assert clerk.end() == 0
    data = read(path)
    assert data["meta"]["issuer"] == "测试县司法局"             # the edit made in the text editor
    assert data["measures"]["disputes"]["figures"]["reconsideration_received"] == 10
    assert list(tmp_path.glob("*修改前*")) == []


def test_the_wizards_render_keeps_a_document_edited_in_word(tmp_path: Path) -> None:
    path = tmp_path / "报告.yaml"
    path.write_text(VALID_REPORT, encoding="utf-8")
    document = tmp_path / "灵丘县人民政府2025年法治政府建设年度报告.docx"
    document.write_bytes(b"PK\x03\x04 a document the clerk polished in WPS")
    clerk = Clerk(tmp_path, "edit", "报告.yaml")
    clerk.choose("核对无误就保存")
    clerk.choose("现在就生成 Word 文档")                      # 是
    clerk.see("已另存为")
    clerk.see("已生成 Word 文档")
    assert clerk.end() == 0
    [backup] = tmp_path.glob("灵丘县人民政府2025年法治政府建设年度报告.修改前-*.docx")
    assert backup.read_bytes() == b"PK\x03\x04 a document the clerk polished in WPS"
    assert document.read_bytes().startswith(b"PK\x03\x04") and document.stat().st_size > 5000


DISPUTES = next(s for s in STEPS if s.id == "measures.disputes")


def _editing_disputes(tmp_path: Path) -> tuple[Path, Clerk]:
    """Return a finished report and ``drafter edit`` opened on its 矛盾纠纷 figures."""
    path = prepared(tmp_path / "报告.yaml", done_before="", finished=True,
                    figures={"reconsideration_received": 10})
    clerk = Clerk(tmp_path, "edit", "报告.yaml", "--section", "矛盾纠纷")
    clerk.fill()
    return path, clerk


def _edit_in_notepad(path: Path) -> str:
    """Change the file as a clerk would in Notepad meanwhile; return what it now holds."""
    edited = path.read_text(encoding="utf-8").replace("测试县人民政府", "测试县司法局")
    path.write_text(edited, encoding="utf-8")
    return edited


def test_ctrl_c_after_an_edit_in_notepad_keeps_both(tmp_path: Path) -> None:
    path, clerk = _editing_disputes(tmp_path)
    disputes = DISPUTES
    clerk.answer(disputes.fields[0].key, "12", clear=True)   # a change of this run, written at once
    clerk.see(f"{disputes.fields[1].display}：")
    edited = _edit_in_notepad(path)
    clerk.child.send("5\r")                                 # another answer: the file changed meanwhile
    clerk.choose("怎么办？", "\x1b[B")                       # 保留问答中的内容写入文件
    shown = clerk.see(f"{disputes.fields[2].display}：")
    assert "被其他程序修改过的文件已另存为" in shown and "报告.修改前-" in shown  # the clerk is told where
    screen = clerk.interrupt()
    [backup] = tmp_path.glob("报告.修改前-*.yaml")
    assert backup.read_text(encoding="utf-8") == edited
    assert "Traceback" not in screen
    assert read(path)["measures"]["disputes"]["figures"]["reconsideration_accepted"] == 5


def test_ctrl_c_without_a_change_leaves_an_edit_in_notepad_alone(tmp_path: Path) -> None:
    """The wizard changed nothing: the file as Notepad saved it stays, with no backup beside it."""
    path, clerk = _editing_disputes(tmp_path)
    clerk.see(f"{DISPUTES.fields[0].display}：")
    edited = _edit_in_notepad(path)
    screen = clerk.interrupt()
    assert not list(tmp_path.glob("报告.修改前-*.yaml"))
    assert "没有改动" in screen and "Traceback" not in screen
    assert path.read_text(encoding="utf-8") == edited
