"""Moving around the wizard and what it asks, through ``python -m drafter new`` in a pty.

Issue 12 points 8 and 10–14: PgUp goes back one question and PgDn skips the rest of a
subsection's figures; ``--section`` that names several subsections asks (or, without a
terminal, lists them), and a word of a help text finds its subsection; a subsection's
own heading and a part's opening sentence are asked and printed; with ``--from`` last
year's 主线, 成效 and work items are at hand; the subsection numbers on screen are those
the .docx prints; a line break in a work item is a new paragraph of the same item, on
screen as in the document.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import require  # noqa: E402

pexpect = require("pexpect")

from helpers import REPO  # noqa: E402
from wizard_pty import (  # noqa: E402
    DOWN,
    ENTER,
    FIELDS,
    FINISH_TEXT,
    HEADING,
    INTRO,
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
    clerk.keep_heading()
    screen = clerk.see(prompt("reconsideration_received"))
    assert "第 1/23 项 · （三）健全矛盾纠纷行政预防调处化解体系，维护社会和谐稳定" in screen  # counter first
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
    clerk.keep_heading()
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
    clerk.fill()
    clerk.choose("（每条一段）：")                     # 添加一条
    clerk.see("另起一段")                                     # the editor says what a line break does
    clerk.child.send("法治宣传针对性不强，\r群众参与度不高。" + FINISH_TEXT)
    screen = clerk.see("（每条一段）：")
    assert "  1. 法治宣传针对性不强，\n     群众参与度不高。" in screen.replace("\r", "")
    clerk.child.send(ENTER)                                   # 添加一条
    clerk.see("新的一条")
    clerk.child.send("执法人员力量不足。" + FINISH_TEXT)
    clerk.choose("（每条一段）：", DOWN)              # 修改一条
    assert "1. 法治宣传针对性不强， ↵ 群众参与度不高。" in clerk.see("2. 执法人员力量不足。")
    clerk.child.send(UP * 10 + ENTER)                         # 返回
    clerk.see("（每条一段）：")
    clerk.interrupt()
    assert read(path)["problems"]["items"] == ["法治宣传针对性不强，\n群众参与度不高。", "执法人员力量不足。"]
    paragraphs = _render(path)
    first = paragraphs.index("一是法治宣传针对性不强，")
    assert paragraphs[first + 1:first + 3] == ["群众参与度不高。", "二是执法人员力量不足。"]


# point 8: back one question, skip the rest of the figures --------------------------------


def test_page_up_goes_back_one_question_and_the_screen_says_so(tmp_path: Path) -> None:
    path = tmp_path / "报告.yaml"
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    assert "PgUp 上一题" in clerk.see(prompt("issuer"))
    clerk.child.send("测试县人民政府" + ENTER)
    clerk.choose(FIELDS["level"].display)
    clerk.answer("year", str(THIS_YEAR), clear=True)
    clerk.see(prompt("recipients"))
    clerk.child.send(PAGE_UP)                                 # back to 报告年度, this year shown
    screen = clerk.see(prompt("year"))
    assert f"回车保留“{THIS_YEAR}”" in screen
    clerk.child.send(str(THIS_YEAR - 1) + ENTER)              # typing replaces it
    clerk.see(prompt("recipients"))                           # and on to the question left
    clerk.interrupt()
    assert read(path)["meta"]["year"] == THIS_YEAR - 1


def test_page_up_crosses_back_into_the_step_before(tmp_path: Path) -> None:
    prepared(tmp_path / "报告.yaml", done_before="measures.disputes")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.see("这一小节怎么填？")
    clerk.child.send(PAGE_UP)                                 # the menu of 矛盾纠纷: back into 监督
    clerk.see("自觉接受各类监督，规范行政权力运行")            # its last question: it was skipped,
    clerk.choose("这一小节怎么填？", UP)                      # so its menu; 跳过本小节 again
    clerk.see("健全矛盾纠纷行政预防调处化解体系")
    clerk.choose("这一小节怎么填？")                          # 填写数字
    clerk.keep_heading()
    clerk.see(prompt("reconsideration_received"))
    clerk.child.send(PAGE_UP)                                 # first figure: back to the heading
    clerk.see(HEADING)
    clerk.child.send(PAGE_UP)                                 # heading: back to the menu
    clerk.see("这一小节怎么填？")
    clerk.interrupt()


def test_page_down_skips_the_rest_of_the_figures(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="measures.disputes")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.fill()
    assert "PgDn 跳过本节其余数字" in clerk.see(prompt("reconsideration_received"))
    clerk.child.send("5" + ENTER)
    clerk.answer("reconsideration_accepted", "4")
    clerk.see(prompt("reconsideration_concluded"))
    clerk.child.send(PAGE_DOWN)                               # 21 figures left alone
    clerk.items_done()
    clerk.see("这一小节怎么填？")                              # the next subsection
    clerk.interrupt()
    data = read(path)
    figures = data["measures"]["disputes"]["figures"]
    assert (figures["reconsideration_received"], figures["reconsideration_accepted"]) == (5, 4)
    assert all(v is None for k, v in figures.items() if k not in ("reconsideration_received",
                                                                  "reconsideration_accepted"))
    assert "measures.disputes" in data["progress"]["done"]


def test_one_document_question_is_changed_without_walking_the_others(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="", finished=True,
                    meta={"doc_number": "测政函〔2026〕3号", "recipients": ["县人大常委会"]})
    clerk = Clerk(tmp_path, "edit", "报告.yaml", "--section", "meta")
    clerk.answer("issuer")                                    # Enter keeps each
    clerk.choose(FIELDS["level"].display)
    clerk.answer("year")
    clerk.answer("recipients")
    clerk.answer("doc_number", "测政函〔2026〕5号")
    clerk.see(prompt("signer"))
    clerk.child.send(PAGE_DOWN)                               # the other 7 stay as they are
    clerk.choose("核对无误就保存")
    clerk.choose("现在就生成 Word 文档", DOWN)
    assert clerk.end() == 0
    meta = read(path)["meta"]
    assert meta["doc_number"] == "测政函〔2026〕5号" and meta["recipients"] == ["县人大常委会"]
    assert meta["written_date"].isoformat() == f"{THIS_YEAR}-01-08"


# point 11: a subsection's own heading, a part's opening sentence -------------------------------


def test_own_heading_and_opening_sentence_reach_the_document(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="measures.emergency",
                    figures={"reconsideration_received": 5})
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.choose("这一小节怎么填？", DOWN)                    # 只写工作内容
    screen = clerk.see(HEADING)
    assert "可以改成本地的提法" in screen
    clerk.see("健全突发事件应对体系，提升依法应急处置能力")    # the template's, Enter keeps it
    clerk.child.send("完善应急体系，全力提升依法应急处置能力" + ENTER)
    clerk.paragraph("修订完善应急预案。")
    clerk.items_done()
    for _ in range(3):                                        # 法治宣传, 关键少数, 数字法治
        clerk.skip_section()
    clerk.fill()                                              # 存在的不足: 写工作内容, keep no heading
    clerk.see("（每条一段）：")
    clerk.child.send(PAGE_UP)                                 # back: the opening sentence
    clerk.see(INTRO)
    clerk.child.send("2025年，我县法治政府建设取得一定成效，但还存在一些不足，主要是：" + ENTER)
    clerk.paragraph("法治宣传针对性不强。")
    clerk.items_done()
    clerk.see("这一小节怎么填？")
    clerk.interrupt()
    data = read(path)
    assert data["measures"]["emergency"]["heading"] == "完善应急体系，全力提升依法应急处置能力"
    assert "heading" not in data["measures"]["disputes"]
    assert data["problems"]["intro"] == "2025年，我县法治政府建设取得一定成效，但还存在一些不足，主要是："
    paragraphs = _render(path)
    assert "（二）完善应急体系，全力提升依法应急处置能力" in paragraphs
    part = paragraphs.index("二、存在的不足和原因")
    assert paragraphs[part + 1:part + 3] == [
        "2025年，我县法治政府建设取得一定成效，但还存在一些不足，主要是：", "法治宣传针对性不强。"]  # one item


# point 12: last year's 主线, 成效 and work items ---------------------------------------------


def test_last_years_theme_summary_and_items_are_at_hand(tmp_path: Path) -> None:
    last = {"drafter": 1, "template": "default",
            "meta": {"issuer": "灵丘县人民政府", "level": "县级政府", "year": 2024},
            "opening": {"theme": "以建设更高水平的法治灵丘为目标",
                        "summary": "为全县经济社会发展提供了坚实的法治保障"},
            "measures": {"disputes": {"heading": "聚焦矛盾化解排查，有效维护社会大局安全稳定",
                                      "items": ["严格履行行政复议和应诉职责。", "深入推进信访工作法治化。"]}}}
    save_report(tmp_path / "上年.yaml", STRUCTURE, last)
    path = tmp_path / "报告.yaml"
    clerk = Clerk(tmp_path, "new", "--from", "上年.yaml", "-o", "报告.yaml")
    for key in [f.key for f in STRUCTURE.meta.fields]:
        if FIELDS[key].kind == "choice":
            clerk.choose(FIELDS[key].display)
        else:
            clerk.answer(key)
    clerk.answer("guiding_thought")
    assert "回车保留“以建设更高水平的法治灵丘为目标”" in clerk.see(prompt("theme"))
    clerk.child.send(ENTER)
    assert "回车保留“为全县经济社会发展提供了坚实的法治保障”" in clerk.see(prompt("summary"))
    clerk.child.send(ENTER)
    clerk.answer("text")
    for _ in range(5):                                        # （一）…（五）
        clerk.skip_section()
    clerk.choose("这一小节怎么填？", DOWN)                    # 矛盾纠纷: 只写工作内容
    assert "上年：聚焦矛盾化解排查，有效维护社会大局安全稳定（按 Tab 同上年）" in clerk.see(HEADING)
    clerk.child.send("\t")                                    # last year's heading
    screen = clerk.see("（每条一段）：")
    assert "上年的工作内容（2 条）" in screen and "2. 深入推进信访工作法治化。" in screen
    clerk.child.send(DOWN + ENTER)                            # 从上年的 2 条中复制一条再修改
    clerk.choose("复制上年的哪一条？", DOWN)                  # the second
    clerk.see("从上年复制")
    clerk.child.send("\x1b[D" + "，全年化解信访积案12件" + FINISH_TEXT)   # ← before 。, then type
    clerk.see("（每条一段）：")
    clerk.interrupt()
    data = read(path)
    assert data["opening"]["theme"] == "以建设更高水平的法治灵丘为目标"
    assert data["opening"]["summary"] == "为全县经济社会发展提供了坚实的法治保障"
    assert data["measures"]["disputes"]["heading"] == "聚焦矛盾化解排查，有效维护社会大局安全稳定"
    assert data["measures"]["disputes"]["items"] == ["深入推进信访工作法治化，全年化解信访积案12件。"]
