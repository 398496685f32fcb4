"""Test inputs for ``drafter import``: the five seed reports as they appear on government web pages.

Each variant is made from a seed by one transformation a real web copy shows (page furniture,
no title line, half-width punctuation and numbering, Traditional characters, reworded
subsection headings) and can be written as .txt or .docx. The variants are data for the
tests in ``test_import_unseen.py``; nothing here knows how drafter reads them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from helpers import REPO

SEEDS = REPO / "seeds"

# Furniture of a government web page, above and below the report.
FURNITURE_TOP = [
    "无障碍 简体|繁体",
    "今天是：2026年3月5日 星期四",
    "索引号：11140000MB1234567X/2026-00031",
    "发布机构：某县人民政府办公室",
    "公文生成日期：2026-01-10",
    "来源：某县司法局",
    "发布日期：2026-01-12",
    "备注/文号：灵政发〔2026〕3号",
    "【 字体：大 中 小 】",
]
FURNITURE_BOTTOM = [
    "【 打印 】【 扫一扫 】",
    "点击数：1024",
    "发布时间：2026-01-12 09:30:00",
    "【 关闭窗口 】",
    "打印本页  关闭窗口",
]
SET_TURN = re.compile(r"现将.{0,30}(报告|汇报|总结)如下[：:。]?$")


def seed_text(prefix: str) -> str:
    """Return the text of the seed whose file name starts with ``prefix``."""
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def body_lines(text: str) -> list[str]:
    """Return the non-empty lines of ``text``, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def with_furniture(text: str) -> str:
    """The report inside a web page: site header, page title repeated, 索引号…, 打印/扫一扫."""
    lines = body_lines(text)
    title = next((line for line in lines if line.endswith("报告") and len(line) <= 40), "")
    top = FURNITURE_TOP + ([title] if title else [])
    return "\n".join(top + lines + FURNITURE_BOTTOM) + "\n"


def without_title(text: str, opening: str) -> str:
    """Drop the lines before the opening paragraph and the signature after the last paragraph;
    ``opening`` replaces the opening's words up to its first “坚持”."""
    lines = body_lines(text)
    start = next(i for i, line in enumerate(lines) if re.match(r"^\d{4}\s*年", line) and len(line) > 50)
    end = max(i for i, line in enumerate(lines) if len(line) > 30) + 1
    first = lines[start]
    return "\n".join([opening + first[first.index("坚持") + 2:], *lines[start + 1: end]]) + "\n"


def half_width(text: str) -> str:
    """Half-width punctuation and odd numbering: “一,、” “(一)” “一.” as web copies have them."""
    out = []
    level1 = 0
    for line in body_lines(text):
        match = re.match(r"^([一二三四五六七八九十]{1,3})、(.*)$", line)
        if match:
            level1 += 1
            marker = ("一,、", "一.", "一、")[level1 % 3].replace("一", match.group(1))
            line = marker + match.group(2)
        line = re.sub(r"^（([一二三四五六七八九十]{1,3})）", r"(\1)", line)
        out.append(line.replace("，", ",").replace("；", ";").replace("：", ":"))
    return "\n".join(out) + "\n"


def traditional(text: str) -> str:
    """The report in Traditional characters."""
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def reworded_headings(text: str, words: dict[str, str]) -> str:
    """Subsection headings with some words replaced (a county's own phrasing)."""
    out = []
    for line in body_lines(text):
        if re.match(r"^[（(][一二三四五六七八九十]{1,3}[）)]", line):
            for old, new in words.items():
                line = line.replace(old, new)
        out.append(line)
    return "\n".join(out) + "\n"


def write_docx(path: Path, text: str) -> Path:
    """Write ``text`` as a Word document, a paragraph a line."""
    import docx

    document = docx.Document()
    for line in body_lines(text):
        document.add_paragraph(line)
    document.save(str(path))
    return path


VARIANTS: dict[str, Callable[[str], str]] = {
    "furniture": with_furniture,
    "half_width": half_width,
    "traditional": traditional,
}


def sentences(text: str) -> list[str]:
    """Split text into sentences at 。！？；, with their heading markers removed."""
    pieces = re.split(r"[。！？；!?;]|[：:](?=[一二三四五六七八九十]是)", text)
    result = []
    for piece in pieces:
        piece = re.sub(r"^\s*(?:[一二三四五六七八九十]{1,3}[、，,．.]+|[（(][一二三四五六七八九十\d]{1,3}[）)]"
                       r"|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]{1,3}是)", "", piece.strip())
        if piece:
            result.append(piece)
    return result


def comparable(text: str) -> str:
    """Return ``text`` without spaces and punctuation, for a containment test that ignores them."""
    return re.sub(r"[\s，。、；：？！,.;:?!“”\"'‘’（）()《》〈〉【】\[\]…—\-·]", "", text)
