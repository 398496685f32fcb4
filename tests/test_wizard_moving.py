"""Moving around the wizard and what it shows, through ``python -m drafter new`` in a pty.

Issue 12 points 10, 13 and 14: ``--section`` that names several subsections asks (or,
without a terminal, lists them); a word of a help text finds its subsection; the
subsection numbers on screen are those the .docx prints; a line break in a work item
is a new paragraph of the same item, on screen as in the document.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import require  # noqa: E402

pexpect = require("pexpect")

from helpers import REPO  # noqa: E402
from wizard_pty import DOWN, ENTER, FINISH_TEXT, UP, Clerk, prepared, prompt, read  # noqa: E402


def _render(path: Path) -> list[str]:
    """Render ``path`` with the real CLI; return the paragraphs of the reopened .docx."""
    import docx

    target = path.with_suffix(".docx")
    done = subprocess.run([sys.executable, "-m", "drafter", "render", str(path), "-o", str(target)],
                          cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(REPO), PYTHONUTF8="1"))
    assert done.returncode == 0, done.stdout + done.stderr
    return [p.text for p in docx.Document(str(target)).paragraphs]


def test_the_number_on_screen_is_the_number_the_document_prints(tmp_path: Path) -> None:
    # （一）（二） have figures, （三）（四）（五） nothing: 矛盾纠纷, declared （六）, prints as （三）
    path = prepared(tmp_path / "报告.yaml", done_before="measures.disputes",
                    figures={"committee_law_hearings": 3, "hall_units": 5})
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    screen = clerk.see("这一小节怎么填？")
    assert "（三）健全矛盾纠纷行政预防调处化解体系" in screen and "（六）" not in screen
    clerk.child.send(ENTER)
    screen = clerk.see(prompt("reconsideration_received"))
    assert "（三）健全矛盾纠纷行政预防调处化解体系，维护社会和谐稳定 · 第 1/" in screen
    clerk.child.send("7" + ENTER)
    clerk.see(prompt("reconsideration_accepted"))
    clerk.interrupt()
    assert read(path)["measures"]["disputes"]["figures"]["reconsideration_received"] == 7
    paragraphs = _render(path)
    assert "（三）健全矛盾纠纷行政预防调处化解体系，维护社会和谐稳定" in paragraphs
    assert not any(p.startswith("（六）") for p in paragraphs)


def test_without_a_terminal_a_section_naming_several_is_listed(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUTF8="1")
    done = subprocess.run([sys.executable, "-m", "drafter", "new", "-o", "报告.yaml", "--section", "法治"],
                          cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, encoding="utf-8", timeout=30)
    assert done.returncode == 2, done.stderr
    assert "“法治”对应 6 个小节" in done.stderr
    assert "leadership（加强党的领导，深入学习贯彻习近平法治思想）" in done.stderr
    assert "publicity（加强法治宣传教育，提升公共法律服务质效）" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "报告.yaml").exists()


def test_a_section_naming_several_asks_which(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="measures.leadership")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml", "--section", "法治")
    screen = clerk.see("“法治”对应好几个小节，填哪一个？")
    clerk.see("以上 6 个小节都填")
    assert "加强法治宣传教育，提升公共法律服务质效" in screen + clerk.child.before
    clerk.child.send(DOWN * 2 + ENTER)                        # the third: 法治宣传教育
    screen = clerk.see("这一小节怎么填？")
    assert "加强法治宣传教育，提升公共法律服务质效" in screen
    clerk.child.send(DOWN + ENTER)                            # 只写工作内容
    clerk.paragraph("开展“八五”普法总结验收。")
    clerk.items_done()
    screen = clerk.see("这一小节怎么填？")                     # then the first one not answered
    assert "加强党的领导" in screen
    clerk.interrupt()
    assert read(path)["measures"]["publicity"]["items"] == ["开展“八五”普法总结验收。"]


def test_a_word_of_a_help_text_finds_its_section_and_says_so(tmp_path: Path) -> None:
    prepared(tmp_path / "报告.yaml", done_before="measures.leadership")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml", "--section", "公证")
    screen = clerk.see("这一小节怎么填？")
    assert "“公证”出现在“加强法治宣传教育，提升公共法律服务质效”的说明" in screen
    clerk.interrupt()


def test_a_line_break_is_a_new_paragraph_of_the_same_item(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="problems")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.choose("这一小节怎么填？")
    clerk.choose("工作内容（每条一段）：")                     # 添加一条
    clerk.see("另起一段")                                     # the editor says what a line break does
    clerk.child.send("法治宣传针对性不强，\r群众参与度不高。" + FINISH_TEXT)
    screen = clerk.see("工作内容（每条一段）：")
    assert "  1. 法治宣传针对性不强，\n     群众参与度不高。" in screen.replace("\r", "")
    clerk.child.send(ENTER)                                   # 添加一条
    clerk.see("新的一条")
    clerk.child.send("执法人员力量不足。" + FINISH_TEXT)
    clerk.choose("工作内容（每条一段）：", DOWN)              # 修改一条
    assert "1. 法治宣传针对性不强， ↵ 群众参与度不高。" in clerk.see("2. 执法人员力量不足。")
    clerk.child.send(UP * 10 + ENTER)                         # 返回
    clerk.see("工作内容（每条一段）：")
    clerk.interrupt()
    assert read(path)["problems"]["items"] == ["法治宣传针对性不强，\n群众参与度不高。", "执法人员力量不足。"]
    paragraphs = _render(path)
    first = paragraphs.index("一是法治宣传针对性不强，")
    assert paragraphs[first + 1:first + 3] == ["群众参与度不高。", "二是执法人员力量不足。"]
