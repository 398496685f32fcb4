"""Issue 12 point 20: the wizard's words say what is meant (a pty run and the declared help texts)."""

from __future__ import annotations

from pathlib import Path

from helpers import require

pexpect = require("pexpect")

from wizard_pty import FIELDS, STEPS, UP, Clerk, prepared  # noqa: E402


def test_the_fill_menu_and_the_items_of_a_part_say_what_they_are(tmp_path: Path) -> None:
    prepared(tmp_path / "报告.yaml", done_before="measures.disputes")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.see("这一小节怎么填？")
    menu = clerk.see("跳过本小节")
    assert "只写工作内容，不填数字" in menu and "本小节没有数字" not in menu
    clerk.interrupt()

    prepared(tmp_path / "报告.yaml", done_before="problems")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.see("这一小节怎么填？")
    menu = clerk.see("跳过这一部分")
    assert "写内容" in menu and "工作内容" not in menu        # 存在的不足 is no 工作内容
    clerk.child.send(UP + UP + "\r")                          # 写内容
    clerk.keep_heading()
    screen = clerk.see("（每条一段）：")
    assert screen.rstrip().endswith("内容") and not screen.rstrip().endswith("工作内容")
    clerk.interrupt()


def test_government_examples_and_one_way_to_list() -> None:
    for key in ("printer", "red_header"):
        assert "县委" not in FIELDS[key].help and "人民政府" in FIELDS[key].help
    assert "一行一个" not in FIELDS["recipients"].help
    problems = next(s for s in STEPS if s.id == "problems")
    leadership = next(s for s in STEPS if s.id == "measures.leadership")
    assert (problems.items_noun, leadership.items_noun) == ("内容", "工作内容")
