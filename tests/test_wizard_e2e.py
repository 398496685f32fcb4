"""Drive the real ``drafter new`` / ``drafter edit`` through a pseudo-terminal, as a clerk would.

Each test spawns ``python -m drafter …`` under pexpect, waits for stable Chinese
text on the screen and types keys: "\\r" is Enter, "\\x1b[A"/"\\x1b[B" the arrow
keys, "\\x15" (Ctrl-U) clears a default, "\\x1b\\r" (Esc, Enter) finishes a
multi-line paragraph, "\\x03" is Ctrl-C.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

from helpers import require  # noqa: E402

pexpect = require("pexpect")

from helpers import REPO, run_check  # noqa: E402
from wizard_pty import (  # noqa: E402
    CLEAR,
    DOWN,
    ENTER,
    FIELDS,
    FINISH_TEXT,
    STEPS,
    STRUCTURE,
    THIS_YEAR,
    UP,
    Clerk,
    prepared,
    prompt,
    read,
    render_available,
)

YEAR = THIS_YEAR - 1  # the year a clerk reports on, in the first months after it (asked again otherwise)

from drafter.datafile import save_report  # noqa: E402


def test_full_run_writes_a_file_that_passes_check_and_renders(tmp_path: Path) -> None:
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    screen = clerk.see(prompt("issuer"))
    assert "准备 · 文档信息 · 已填 0/" in screen
    clerk.child.send("测试县人民政府" + ENTER)
    clerk.choose(FIELDS["level"].display)
    clerk.answer("year", str(YEAR), clear=True)
    clerk.answer("recipients", "中共测试县委、县人大常委会")
    clerk.answer("doc_number", f"测政函〔{THIS_YEAR}〕3号")
    clerk.answer("signer")
    clerk.answer("written_date", f"{THIS_YEAR}年1月8日", clear=True)
    clerk.answer("note")
    clerk.answer("copy_to", "县纪委监委")
    clerk.answer("printer", "测试县人民政府办公室")
    clerk.answer("print_date")
    clerk.answer("red_header")
    for field in STRUCTURE.opening.fields:
        clerk.answer(field.key)

    for step in STEPS[2:]:
        block = step.block
        if step.id == "measures.leadership":
            screen = clerk.see("这一小节怎么填？")
            # the count includes the document's questions: 10 of the 12 were answered
            assert (f"第 1 部分 / 共 {len(STRUCTURE.parts)} 部分 · 主要举措和成效 · "
                    f"已填 10/{len(STRUCTURE.fields)} 项") in screen
            clerk.child.send(ENTER)
            clerk.keep_heading()
            clerk.answer("committee_law_hearings", "3")
            clerk.answer("collective_law_study", "１２ ")    # full-width digits and a stray space
            screen = clerk.see(prompt("law_documents"))
            assert "已把“１２”按 12 处理" in screen or "按 12 处理" in screen
            clerk.child.send("5" + ENTER)
            for field in step.fields[3:]:
                clerk.answer(field.key)                    # not reported
            clerk.paragraph("县委常委会专题听取法治建设工作汇报，\n推动法治建设各项任务落实。")
            clerk.items_done()
        elif block.optional:
            clerk.choose(f"有没有“{block.heading}”要写？")    # 没有
        elif block.items_required:
            clerk.fill()                  # 写内容
            clerk.paragraph(f"一是关于{block.heading}的第一条。")
            clerk.items_done()
        else:
            clerk.skip_section()

    assert "核对填写内容" in clerk.see("核对无误就保存")      # one row per step, the first words
    clerk.see("已填 3/4 项数字 · 工作内容 1 条：县委常委会")
    clerk.child.send(ENTER)                                  # 保存，完成
    clerk.see("现在就生成 Word 文档")
    rendering = render_available()
    clerk.child.send(ENTER if rendering else DOWN + ENTER)
    if rendering:
        clerk.see("已生成 Word 文档")
    assert clerk.end() == 0

    path = tmp_path / "报告.yaml"
    data = read(path)
    assert "progress" not in data
    assert data["meta"]["issuer"] == "测试县人民政府"
    assert data["meta"]["recipients"] == ["中共测试县委", "县人大常委会"]
    assert data["meta"]["written_date"] == dt.date(THIS_YEAR, 1, 8)
    assert data["meta"]["print_date"] == dt.date(THIS_YEAR, 1, 8)
    assert data["meta"]["note"] == "此件公开发布"
    figures = data["measures"]["leadership"]["figures"]
    assert figures == {"committee_law_hearings": 3, "collective_law_study": 12,
                       "law_documents": 5, "law_report_units": None}
    assert data["measures"]["leadership"]["items"] == [
        "县委常委会专题听取法治建设工作汇报，\n推动法治建设各项任务落实。"]
    assert data["problems"]["items"] and data["next_year"]["items"]

    checked = run_check(path)
    assert checked.code == 0, checked.output
    if rendering:
        assert list(tmp_path.glob("*.docx"))
        rendered = subprocess.run([sys.executable, "-m", "drafter", "render", str(path), "-o",
                                   str(tmp_path / "again.docx")], cwd=REPO, capture_output=True,
                                  text=True, encoding="utf-8", timeout=120)
        assert rendered.returncode == 0, rendered.stdout + rendered.stderr
        assert (tmp_path / "again.docx").stat().st_size > 0


def test_wrong_numbers_are_refused_and_asked_again(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="measures.disputes")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.fill()
    clerk.answer("reconsideration_received", "abc")
    assert "“abc”不是数字" in clerk.see("请只填阿拉伯数字")
    clerk.child.send(CLEAR + "-3" + ENTER)
    clerk.see("数量不能小于 0")
    clerk.child.send(CLEAR + "1.5" + ENTER)
    clerk.see("应为整数")
    clerk.child.send(CLEAR + "5" + ENTER)
    clerk.answer("reconsideration_accepted", "9")
    assert "“受理行政复议案件”（9件）不能大于“收到行政复议申请”（5件）" in clerk.see("怎么办？")
    assert read(path)["measures"]["disputes"]["figures"]["reconsideration_accepted"] is None
    clerk.child.send(ENTER)                                  # 重新填写
    clerk.answer("reconsideration_accepted", "4", clear=True)
    clerk.answer("reconsideration_concluded", "6")           # 审结 > 受理 (4): a warning (carried-over cases)
    assert "上年受理、本年审结的结转案件" in clerk.see("怎么办？")
    clerk.child.send(DOWN * 2 + ENTER)                       # 返回修改“受理行政复议案件”
    clerk.answer("reconsideration_accepted", "5", clear=True)
    clerk.see("怎么办？")                                    # 审结 6 > 受理 5 still
    clerk.child.send(DOWN + ENTER)                           # 重新填写“审结行政复议案件”
    clerk.answer("reconsideration_concluded", "5", clear=True)
    clerk.see(prompt("reconsideration_upheld"))
    clerk.interrupt()
    figures = read(path)["measures"]["disputes"]["figures"]
    assert (figures["reconsideration_received"], figures["reconsideration_accepted"],
            figures["reconsideration_concluded"]) == (5, 5, 5)


def test_paragraphs_are_added_reordered_edited_and_removed(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="problems")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.fill()                          # 写工作内容
    for text in ("一是甲。", "二是乙。", "三是丙。"):
        clerk.paragraph(text)
    clerk.choose("（每条一段）：", DOWN * 3)           # 调整顺序
    clerk.choose("移动哪一条？", DOWN * 2)                    # 3. 三是丙。
    clerk.choose("移到第几条？", UP * 2)                      # 第 1 条
    clerk.choose("（每条一段）：", DOWN)               # 修改一条
    clerk.choose("修改哪一条？", DOWN)                        # 2. 一是甲。
    clerk.see("修改第 2 条")
    clerk.child.send(CLEAR + "一是甲（改）。" + FINISH_TEXT)
    clerk.choose("（每条一段）：", DOWN * 2)           # 删除一条
    clerk.choose("删除哪一条？", DOWN * 2)                    # 3. 二是乙。
    clerk.choose("确定删除第 3 条“二是乙。”吗？", DOWN)       # 是
    screen = clerk.see("（每条一段）：")
    assert "1. 三是丙。" in screen and "2. 一是甲（改）。" in screen
    assert read(path)["problems"]["items"] == ["三是丙。", "一是甲（改）。"]  # saved at once
    clerk.child.send(UP + ENTER)                              # 写好了，继续
    clerk.see("这一小节怎么填？")                             # the next part
    clerk.interrupt()
    assert read(path)["progress"]["done"][-1] == "problems"


def test_ctrl_c_keeps_answers_and_the_next_run_resumes_there(tmp_path: Path) -> None:
    path = tmp_path / "报告.yaml"
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.answer("issuer", "测试县人民政府")
    clerk.choose(FIELDS["level"].display, DOWN)             # 设区的市
    clerk.answer("year", str(YEAR), clear=True)
    clerk.see(prompt("recipients"))
    said = clerk.interrupt()
    assert "已保存到 报告.yaml，下次运行 drafter new -o 报告.yaml 可以接着填" in said
    data = read(path)
    assert data["meta"]["issuer"] == "测试县人民政府" and data["meta"]["level"] == "设区的市"
    assert data["progress"]["asked"] == ["issuer", "level", "year"]
    assert run_check(path).code == 0                         # a half-done file is still valid

    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    screen = clerk.see(prompt("recipients"))
    assert "接着上次填写" in screen and "从“文档信息”的“主送机关”开始" in screen
    clerk.child.send("中共测试县委" + ENTER)
    for key in ("doc_number", "signer", "written_date", "note", "copy_to", "printer",
                "print_date", "red_header"):
        clerk.answer(key)
    for field in STRUCTURE.opening.fields:
        clerk.answer(field.key)
    clerk.fill()                          # （一）: fill
    clerk.answer("committee_law_hearings", "4")
    clerk.answer("collective_law_study")                     # not reported, but asked
    clerk.see(prompt("law_documents"))
    clerk.interrupt()
    data = read(path)
    assert data["meta"]["issuer"] == "测试县人民政府"
    assert data["meta"]["recipients"] == ["中共测试县委"]
    assert data["measures"]["leadership"]["figures"]["committee_law_hearings"] == 4

    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    screen = clerk.see(prompt("law_documents"))
    assert "从“（一）加强党的领导，深入学习贯彻习近平法治思想”的“印发法治建设工作文件”开始" in screen
    assert "党委常委会、政府常务会议集体学法：（未填）" in screen
    clerk.interrupt()


def test_a_closed_terminal_loses_no_answer(tmp_path: Path) -> None:
    path = tmp_path / "报告.yaml"
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.answer("issuer", "测试县人民政府")
    clerk.choose(FIELDS["level"].display)
    clerk.see(prompt("year"))
    clerk.child.kill(signal.SIGHUP)                           # the window is closed
    clerk.child.expect(pexpect.EOF)
    clerk.child.close()
    data = read(path)
    assert data["meta"]["issuer"] == "测试县人民政府" and data["meta"]["level"] == "县级政府"
    assert data["progress"]["asked"] == ["issuer", "level"]
    assert [p.name for p in tmp_path.iterdir()] == ["报告.yaml"]  # no half-written file beside it

    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    assert "从“文档信息”的“报告年度”开始" in clerk.see(prompt("year"))
    clerk.interrupt()


def test_interrupted_at_the_review_resumes_at_the_review(tmp_path: Path) -> None:
    prepared(tmp_path / "报告.yaml", done_before="")            # every step done, not finished
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    screen = clerk.see("核对无误就保存")
    assert "问题已经全部答完，现在进入核对" in screen
    clerk.interrupt()
    assert "progress" in read(tmp_path / "报告.yaml")


def test_from_last_year_carries_metadata_and_shows_last_figures(tmp_path: Path) -> None:
    last = {"drafter": 1, "template": "default",
            "meta": {"issuer": "灵丘县人民政府", "level": "县级政府", "year": YEAR - 1,
                     "recipients": ["中共灵丘县委", "县人大常委会"], "signer": "张三",
                     "written_date": dt.date(YEAR, 1, 10), "note": "此件公开发布",
                     "copy_to": ["县纪委监委"], "printer": "灵丘县人民政府办公室",
                     "doc_number": f"灵政函〔{YEAR}〕6号"},
            "measures": {"disputes": {"figures": {"reconsideration_received": 12}},
                         "leadership": {"figures": {"committee_law_hearings": 4}}}}
    save_report(tmp_path / "上年.yaml", STRUCTURE, last)
    clerk = Clerk(tmp_path, "new", "--from", "上年.yaml", "-o", "报告.yaml")
    clerk.see(prompt("issuer"))
    clerk.see("灵丘县人民政府")                               # offered as the answer
    clerk.child.send(ENTER)
    clerk.choose(FIELDS["level"].display)
    clerk.see(prompt("year"))
    clerk.see(str(YEAR))                                     # the year moved on by one
    clerk.child.send(ENTER)
    for key in ("recipients", "doc_number", "signer", "written_date", "note", "copy_to",
                "printer", "print_date", "red_header"):
        clerk.answer(key)
    for field in STRUCTURE.opening.fields:
        clerk.answer(field.key)
    clerk.fill()
    assert "上年：4次" in clerk.see(prompt("committee_law_hearings"))
    clerk.interrupt()
    data = read(tmp_path / "报告.yaml")
    meta = data["meta"]
    assert meta["issuer"] == "灵丘县人民政府" and meta["year"] == YEAR
    assert meta["recipients"] == ["中共灵丘县委", "县人大常委会"]
    assert meta["copy_to"] == ["县纪委监委"] and meta["printer"] == "灵丘县人民政府办公室"
    assert meta["signer"] == "张三" and meta["doc_number"] is None
    assert data["previous"] == "上年.yaml" and data["template"] == "default"


def test_edit_revisits_a_section_and_the_review_jumps_back(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="", finished=True,
                    figures={"reconsideration_received": 10, "reconsideration_accepted": 8})
    clerk = Clerk(tmp_path, "edit", "报告.yaml", "--section", "矛盾纠纷")
    clerk.fill()                          # 填写数字 (they exist)
    clerk.answer("reconsideration_received", "11", clear=True)
    disputes = next(s for s in STEPS if s.id == "measures.disputes")
    for field in disputes.fields[1:]:
        clerk.answer(field.key)
    clerk.items_done()
    clerk.see("核对无误就保存")
    clerk.see("已填 2/23 项数字")
    clerk.child.send(DOWN * 2 + ENTER)                       # 修改：开头
    clerk.choose("改哪一项？", DOWN * 2)                      # straight to 本地工作主线 alone
    clerk.answer("theme", "以建设更高水平的法治测试县为目标")
    clerk.see("核对无误就保存")                               # back at the review at once
    clerk.child.send(DOWN * 2 + ENTER)                       # 修改：开头 again
    clerk.choose("改哪一项？", "\x1b\r")                    # Esc Enter: back to the review
    clerk.choose("核对无误就保存")                            # 保存，完成
    clerk.choose("现在就生成 Word 文档", DOWN)                # 否
    assert clerk.end() == 0
    data = read(path)
    assert data["measures"]["disputes"]["figures"]["reconsideration_received"] == 11
    assert data["opening"]["theme"] == "以建设更高水平的法治测试县为目标"
    assert "progress" not in data


def test_new_on_a_finished_file_points_to_edit(tmp_path: Path) -> None:
    prepared(tmp_path / "报告.yaml", done_before="", finished=True)
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.see("drafter edit 报告.yaml")
    assert clerk.end() == 1


def test_without_a_terminal_new_points_to_check_and_render(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUTF8="1")
    done = subprocess.run([sys.executable, "-m", "drafter", "new", "-o", "报告.yaml"],
                          cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, encoding="utf-8", timeout=30)
    assert done.returncode == 2
    assert "不是终端" in done.stderr
    assert "drafter check" in done.stderr and "drafter render" in done.stderr
    assert not (tmp_path / "报告.yaml").exists()


def test_unknown_section_lists_the_names(tmp_path: Path) -> None:
    prepared(tmp_path / "报告.yaml", done_before="", finished=True)
    clerk = Clerk(tmp_path, "edit", "报告.yaml", "--section", "没有这一节")
    text = clerk.see("disputes（")
    assert "没有“没有这一节”这一节" in text
    assert clerk.end() == 2



ESC_ENTER = "\x1b\r"


def test_esc_enter_in_every_menu_goes_back_or_is_ignored(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="measures.disputes")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.choose("这一小节怎么填？", ESC_ENTER)               # ignored: still the same menu
    clerk.keep_heading()
    clerk.answer("reconsideration_received", "5")
    clerk.answer("reconsideration_accepted", "9")
    clerk.see("怎么办？")
    clerk.child.send(ESC_ENTER)                              # back: 重新填写
    clerk.answer("reconsideration_accepted", "4", clear=True)
    for field in next(s for s in STEPS if s.id == "measures.disputes").fields[2:]:
        clerk.answer(field.key)
    clerk.see("（每条一段）：")
    clerk.child.send(ESC_ENTER + ENTER)                      # ignored, then 添加一条
    clerk.see("新的一条")
    clerk.child.send("一是依法化解行政争议。" + FINISH_TEXT)
    clerk.choose("（每条一段）：", DOWN)              # 修改一条
    clerk.choose("修改哪一条？", ESC_ENTER)                   # back to the list
    clerk.see("（每条一段）：")
    clerk.interrupt()
    data = read(path)["measures"]["disputes"]
    assert data["figures"]["reconsideration_accepted"] == 4
    assert data["items"] == ["一是依法化解行政争议。"]


def test_esc_enter_on_a_choice_and_the_review_leaves_nothing_blank(tmp_path: Path) -> None:
    path = prepared(tmp_path / "报告.yaml", done_before="meta", meta={"level": None})
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.answer("issuer")
    clerk.choose(FIELDS["level"].display, ESC_ENTER)          # ignored, then Enter picks
    clerk.see(prompt("year"))
    assert read(path)["meta"]["level"] == "县级政府"
    clerk.interrupt()

    prepared(path, done_before="")
    clerk = Clerk(tmp_path, "new", "-o", "报告.yaml")
    clerk.see("核对无误就保存")
    clerk.child.send(ESC_ENTER)                              # ignored: the review stays
    clerk.child.send(ENTER)                                  # 保存，完成
    clerk.choose("现在就生成 Word 文档", ESC_ENTER)            # Esc means no
    clerk.see("以后可以运行：drafter render")
    assert clerk.end() == 0
