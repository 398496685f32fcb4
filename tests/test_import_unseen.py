"""``drafter import`` on reports it has never seen: the seeds as web pages publish them.

The inputs come from ``import_corpus.py`` (page furniture, no title line, half-width
punctuation and numbering, Traditional characters, reworded headings; .txt and .docx).
Each class of failure in reading them has its own tests, with negative controls.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import opencc
import pytest
from helpers import run_check, run_drafter
from import_corpus import (
    FURNITURE_BOTTOM,
    FURNITURE_TOP,
    SET_TURN,
    VARIANTS,
    body_lines,
    comparable,
    reworded_headings,
    seed_text,
    sentences,
    without_title,
    write_docx,
)

from drafter.importer import import_report
from drafter.importer.figures import FigureFinder, resolve
from drafter.templateset import find_template_set

T2S = opencc.OpenCC("t2s")
STRUCTURE = find_template_set("default").structure
SEED_PREFIXES = ["000", "001", "002", "003", "004"]
FINDER = FigureFinder(STRUCTURE)
# The closing of a report: 特此报告, the signature, the date, 附注, 版记; and a seed page's own footer.
_CLOSING = re.compile(r"^(特此报告|抄送|[（(]此件|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|扫一扫|相关(解读|政策|稿件))")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


def strings(value: Any) -> list[str]:
    """Return every string held anywhere in ``value`` (a report's data)."""
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return [] if value is None else [str(value)]


def report_body(text: str) -> list[str]:
    """Return the lines from the opening paragraph to the closing, furniture left out."""
    lines = body_lines(T2S.convert(text))
    start = next(i for i, line in enumerate(lines) if re.match(r"^\d{4}\s*年", line) and len(line) > 50)
    kept = []
    for line in lines[start:]:
        short_organ = len(line) <= 30 and re.search(r"(政府|县委|办公室|局)$", line)
        if _CLOSING.match(line) or short_organ or line in FURNITURE_BOTTOM:
            continue
        kept.append(_BOOKMARK.sub("", line))
    return kept


def template_headings(year: int | None) -> set[str]:
    """The part and subsection headings drafter writes itself (with 下一年度 as the year)."""
    headings = set()
    for block in STRUCTURE.blocks():
        headings.add(comparable(block.heading))
        if year:
            headings.add(comparable(block.heading.replace("下一年度", f"{year + 1}年")))
    return headings


def lost_sentences(source_text: str, data: dict[str, Any]) -> list[str]:
    """Return the sentences of the source's body that appear nowhere in the report data."""
    held = comparable(T2S.convert("".join(strings(data))))
    own = template_headings((data.get("meta") or {}).get("year"))
    lost = []
    lines = report_body(source_text)
    opening = data.get("opening") or {}
    if "text" not in opening:  # the template's own opening: its theme and summary must come from it
        assert opening.get("theme") and opening.get("summary"), opening
        assert comparable(opening["theme"]) in comparable(T2S.convert(lines[0]))
        lines = lines[1:]
    for line in lines:
        for sentence in sentences(line):
            if SET_TURN.search(sentence) or "报告如下" in sentence:
                continue  # the set turn: the template writes it
            plain = comparable(sentence)
            if len(plain) >= 4 and plain not in held and plain not in own:
                lost.append(sentence)
    return lost


def import_text(tmp_path: Path, text: str, name: str = "report.txt") -> dict[str, Any]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_report(path, write=False).data


@pytest.mark.parametrize("variant", ["plain", *VARIANTS])
@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_every_sentence_of_the_source_is_kept(tmp_path: Path, prefix: str, variant: str) -> None:
    text = seed_text(prefix)
    if variant != "plain":
        text = VARIANTS[variant](text)
    data = import_text(tmp_path, text)
    assert lost_sentences(text, data) == []


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_every_sentence_is_kept_from_a_word_document(tmp_path: Path, prefix: str) -> None:
    text = VARIANTS["furniture"](seed_text(prefix))
    path = write_docx(tmp_path / "report.docx", text)
    assert lost_sentences(text, import_report(path, write=False).data) == []


def test_retention_check_finds_a_lost_sentence(tmp_path: Path) -> None:
    """Negative control: a sentence removed from the data is reported as lost."""
    text = seed_text("003")
    data = import_text(tmp_path, text)
    items = data["measures"]["leadership"]["items"]
    data["measures"]["leadership"]["items"] = items[1:]
    lost = lost_sentences(text, data)
    assert lost and comparable(lost[0]) in comparable(items[0])


def test_the_opening_paragraph_is_kept_whole(tmp_path: Path) -> None:
    text = seed_text("000")
    data = import_text(tmp_path, text)
    opening = data["opening"]["text"]
    assert opening.startswith("2023年，岚县坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神")
    assert opening.endswith("为岚县全方位推动高质量发展提供了坚实的法治保障。")
    assert "报告如下" not in opening


def test_an_opening_in_the_template_s_own_words_is_not_kept_twice(tmp_path: Path) -> None:
    data = import_text(tmp_path, seed_text("003"))
    assert "text" not in data["opening"]
    assert data["opening"]["theme"] == "围绕“三区两地”“四个灵丘”发展定位，以建设更高水平的法治灵丘为目标"


def test_a_city_s_own_honour_in_the_opening_stays(tmp_path: Path) -> None:
    opening = ("2023年，某市坚持以习近平新时代中国特色社会主义思想为指导，荣获全国法治政府建设示范市，"
               "法治政府建设取得新成效。现将有关情况报告如下：")
    data = import_text(tmp_path, opening + "\n一、主要举措和成效\n（一）加强党的领导\n县政府常务会议学法12次。\n")
    assert "荣获全国法治政府建设示范市" in data["opening"]["text"]


# --- 1. the issuer ----------------------------------------------------------------------------------

NO_TITLE_OPENING = "2024年，在市委、市政府和县委的正确领导下，某县人民政府坚持"


def test_issuer_is_the_full_organ_name_not_a_phrase(tmp_path: Path) -> None:
    text = without_title(seed_text("003"), NO_TITLE_OPENING)
    result = import_report(write_txt(tmp_path, text), write=False)
    meta = result.data["meta"]
    assert meta["issuer"] == "某县人民政府" and meta["level"] == "县级政府"


@pytest.mark.parametrize("opening", [
    "2024年，在市委、市政府的正确领导下，全县上下坚持",
    "2024年，按照省委、省政府部署，坚持",
    "2024年，根据市委依法治市办要求，坚持",
])
def test_no_issuer_is_taken_from_a_fragment(tmp_path: Path, opening: str) -> None:
    text = without_title(seed_text("003"), opening)
    path = write_txt(tmp_path, text)
    result = import_report(path, tmp_path / "out.yaml")
    assert "issuer" not in result.data["meta"]
    checked = run_check(tmp_path / "out.yaml")
    assert checked.code == 1 and any("发文机关" in line for line in checked.errors)


def test_issuer_from_a_title_line_still_wins(tmp_path: Path) -> None:
    data = import_text(tmp_path, VARIANTS["furniture"](seed_text("004")))
    assert data["meta"]["issuer"] == "灵寿县人民政府"


# --- 2. a figure from the wrong sentence -----------------------------------------------------------

SHORT_REPORT = """\
某县人民政府关于2024年法治政府建设情况的报告
2024年，某县坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实习近平法治思想，扎实推进法治政府建设各项工作。
一、主要举措和成效
（一）加强党的领导
县委常委会听取法治建设工作汇报2次。{extra}
二、存在的问题
一是法治意识有待提高。
三、下一步工作安排
一是持续深化法治政府建设。
"""


def test_a_generic_wording_after_another_name_is_listed_not_filled(tmp_path: Path) -> None:
    result = import_report(write_txt(tmp_path, SHORT_REPORT.format(extra="“三书”按期办复率100%。")), write=False)
    assert "suggestion_reply_rate" not in result.figures.accepted
    assert any(item.key == "suggestion_reply_rate" and "别的名称" in why for item, why in result.dropped)
    assert "supervision" not in result.data["measures"]  # no subsection the source never had


def test_the_same_wording_with_its_own_name_is_filled(tmp_path: Path) -> None:
    """Negative control: the rate named by its own subject is read."""
    extra = "（二）自觉接受监督\n人大代表建议和政协提案办复率100%。"
    result = import_report(write_txt(tmp_path, SHORT_REPORT.format(extra="\n" + extra)), write=False)
    assert result.figures.accepted["suggestion_reply_rate"].value == 100


def test_a_generic_wording_in_another_subsection_is_not_filled(tmp_path: Path) -> None:
    result = import_report(write_txt(tmp_path, SHORT_REPORT.format(extra="相关建议办复率100%。")), write=False)
    assert "suggestion_reply_rate" not in result.data["measures"].get("supervision", {}).get("figures", {})
    assert any(item.key == "suggestion_reply_rate" and "小节" in why for item, why in result.dropped)


def test_a_figure_named_in_full_in_another_subsection_is_filled_with_a_note(tmp_path: Path) -> None:
    extra = "全年受理行政复议案件23件。"
    result = import_report(write_txt(tmp_path, SHORT_REPORT.format(extra=extra)), write=False)
    assert result.figures.accepted["reconsideration_accepted"].value == 23
    assert "不在本项所在小节" in result.noted["reconsideration_accepted"]


def test_the_summary_shows_the_source_sentence_and_marks_doubts(tmp_path: Path) -> None:
    source = write_txt(tmp_path, SHORT_REPORT.format(extra="全年受理行政复议案件23件。“三书”按期办复率100%。"))
    shown = run_drafter("import", str(source), "-o", str(tmp_path / "out.yaml"))
    assert shown.code == 0
    assert "受理行政复议案件23件" in shown.stdout  # the source sentence beside the figure
    assert "不在本项所在小节" in shown.stdout and "别的名称" in shown.stdout


# --- 3. wording that differs slightly -------------------------------------------------------------

@pytest.mark.parametrize("sentence, key, value", [
    ("共开展全员执法规范化培训4次。", "training_sessions", 4),
    ("开展行政执法培训十二期。", "training_sessions", 12),
    ("12名新进执法人员全部通过行政执法资格考试。", "exam_passed", 12),
    ("开展法治宣传“六进”活动32场次。", "publicity_events", 32),
    ("全年开展32场次普法活动。", "publicity_events", 32),
    ("覆盖群众两万余人次。", "people_reached", "2万余"),
    ("制发复议意见书2件。", "reconsideration_opinion_letters", 2),
])
def test_figures_in_slightly_different_wording(sentence: str, key: str, value: Any) -> None:
    found, _ = FINDER.find(sentence, 1)
    assert {e.key: e.value for e in resolve(found).accepted.values()} == {key: value}


@pytest.mark.parametrize("sentence", [
    "高效办成一件事。",              # a lone 一 is a word, not a count
    "开展行政执法培训4人次。",        # 人次 is not 期 nor 次
    "制发复议意见书2批。",            # 批 is not 份 nor 件
])
def test_wording_that_is_not_the_figure_is_not_read(sentence: str) -> None:
    found, _ = FINDER.find(sentence, 1)
    assert resolve(found).accepted == {}


# --- 5. no spliced sentences ----------------------------------------------------------------------

def test_imported_opening_fields_read_as_sentences(tmp_path: Path) -> None:
    opening = ("2024年，某镇坚持以习近平新时代中国特色社会主义思想为指导，扎实推进法治政府建设，"
               "现将某镇2024年法治建设工作情况及2025年度工作思路总结如下：")
    data = import_text(tmp_path, SHORT_REPORT.replace(SHORT_REPORT.splitlines()[1], opening).format(extra=""))
    opening_data = data["opening"]
    assert opening_data["text"] == "2024年，某镇坚持以习近平新时代中国特色社会主义思想为指导，扎实推进法治政府建设。"
    for key in ("theme", "summary"):  # the template puts these between its own words
        value = opening_data.get(key, "")
        assert "如下" not in value and "扎实推进法治政府建设" not in value


# --- 6. web page furniture ------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_web_page_furniture_is_gone(tmp_path: Path, prefix: str) -> None:
    data = import_text(tmp_path, VARIANTS["furniture"](seed_text(prefix)))
    held = "\n".join(strings(data))
    for line in FURNITURE_TOP + FURNITURE_BOTTOM:
        assert line not in held
    for word in ("打印", "扫一扫", "简体|繁体", "点击数", "索引号", "星期四"):
        assert word not in held
    assert "unplaced" not in data


def test_the_page_s_own_fields_are_used_as_hints(tmp_path: Path) -> None:
    result = import_report(write_txt(tmp_path, VARIANTS["furniture"](seed_text("002"))), write=False)
    found = {item.key: item for item in result.frame.found}
    assert result.data["meta"]["doc_number"] == "灵政发〔2026〕3号"
    assert str(result.data["meta"]["written_date"]) == "2026-01-10"  # 公文生成日期, as a guess
    assert "推测" in found["written_date"].how


def test_the_document_s_own_number_beats_the_page_s(tmp_path: Path) -> None:
    data = import_text(tmp_path, VARIANTS["furniture"](seed_text("000")))
    assert data["meta"]["doc_number"] == "岚报〔2024〕1号"
    assert data["meta"]["red_header"] == "中共岚县县委文件"  # the repeated page title is not the title


# --- 7. odd heading numbering ---------------------------------------------------------------------

def test_odd_heading_numbers_are_recognised_and_dropped(tmp_path: Path) -> None:
    data = import_text(tmp_path, VARIANTS["half_width"](seed_text("000")))
    headings = [v for k, v in walk(data) if k == "heading"]
    assert headings and all(not re.match(r"^[、，,．.：:]", h) for h in headings)
    assert data["measures"]["heading"] == "主要做法及成效"


# --- 8. departments and townships -----------------------------------------------------------------

def test_a_department_s_report_gets_the_department_template(tmp_path: Path) -> None:
    text = seed_text("003").replace("灵丘县人民政府", "灵丘县司法局")
    result = import_report(write_txt(tmp_path, text), write=False)
    assert result.data["template"] == "department" and result.data["meta"]["level"] == "政府部门"
    assert "department" in result.template_reason


def test_a_township_s_report_gets_the_township_level(tmp_path: Path) -> None:
    text = seed_text("003").replace("灵丘县人民政府", "红石塄乡人民政府").replace("灵丘县", "红石塄乡")
    result = import_report(write_txt(tmp_path, text), write=False)
    assert result.data["meta"]["level"] == "乡镇" and "乡镇" in result.template_reason


def test_a_county_report_names_no_template_reason(tmp_path: Path) -> None:
    result = import_report(write_txt(tmp_path, seed_text("003")), write=False)
    assert result.data["template"] == "default" and result.template_reason == ""


# --- 9. doubled punctuation -----------------------------------------------------------------------

def test_doubled_punctuation_is_cleaned_and_counted(tmp_path: Path) -> None:
    text = SHORT_REPORT.format(extra="").replace("工作汇报2次。", "工作汇报2次，，推动落实，。")
    result = import_report(write_txt(tmp_path, text), write=False)
    held = "".join(strings(result.data))
    assert "，，" not in held and "，。" not in held and result.doubled == 2


def test_ellipsis_and_dashes_are_not_doubled_punctuation(tmp_path: Path) -> None:
    text = SHORT_REPORT.format(extra="“一是……二是……”——确保落实。")
    result = import_report(write_txt(tmp_path, text), write=False)
    assert "“一是……二是……”——确保落实。" in "".join(strings(result.data)) and result.doubled == 0


# --- the corpus as Word documents, without a title, with reworded headings -----------------------

def test_a_report_without_a_title_line_keeps_every_sentence(tmp_path: Path) -> None:
    text = without_title(seed_text("003"), NO_TITLE_OPENING)
    assert lost_sentences(text, import_text(tmp_path, text)) == []


def test_reworded_headings_are_kept_as_the_subsection_headings(tmp_path: Path) -> None:
    text = reworded_headings(seed_text("003"), {"强化": "着力强化", "持续": "不断", "健全": "完善"})
    data = import_text(tmp_path, text)
    headings = [v for k, v in walk(data) if k == "heading"]
    assert any(h.startswith("着力强化") for h in headings)
    assert lost_sentences(text, data) == []


def walk(value: Any) -> list[tuple[str, Any]]:
    """Return every (key, value) pair of nested mappings."""
    if isinstance(value, dict):
        return [(k, v) for k, v in value.items()] + [pair for v in value.values() for pair in walk(v)]
    if isinstance(value, list):
        return [pair for v in value for pair in walk(v)]
    return []


def write_txt(tmp_path: Path, text: str, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_third_level_headings_stay_in_their_item(tmp_path: Path) -> None:
    extra = "\n1.深学笃行习近平法治思想\n县政府常务会议集体学法12次。\n2.压实法治建设责任。县委印发工作要点。"
    data = import_text(tmp_path, SHORT_REPORT.format(extra=extra))
    items = "\n".join(data["measures"]["leadership"]["items"])
    assert "深学笃行习近平法治思想" in items and "压实法治建设责任" in items
