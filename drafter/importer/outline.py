"""Heading levels of a published report: 一、 / （一）/(一) / 1. / （1）, and the 一是…二是… items.

Each cleaned line becomes a ``Node``: a heading of level 1–4 (with its run-in text,
as in “（一）法治理念有待提高。部分工作人员……”) or a paragraph (maybe starting
with an item marker 一是/二是). A “1、” standing where “一、” belongs (the next
level-1 heading is “二、”) is taken as level 1. Paragraphs a page break or a PDF
copy cut in two are joined again.
"""

from __future__ import annotations

import re

import msgspec

_CN = "[一二三四五六七八九十]{1,3}"
# A marker may be followed by stray marks from a web copy: “一,、” “一.” “(一)、” “1.、”.
_AFTER = r"[、，,．.：:\s]*"
_L1 = re.compile(rf"^({_CN})\s*[、，,．.]{_AFTER}(.*)$")
_L1_ARABIC = re.compile(rf"^(\d{{1,2}})\s*、{_AFTER}(.*)$")
_L2 = re.compile(rf"^[（(]\s*({_CN})\s*[）)]{_AFTER}(.*)$")
_L3 = re.compile(rf"^(\d{{1,2}})\s*[.．、](?![\d%]){_AFTER}(.*)$")
_L4 = re.compile(rf"^[（(]\s*(\d{{1,2}})\s*[）)]{_AFTER}(.*)$")
_ITEM = re.compile(rf"^({_CN})是(?![否的])(.*)$")
# Where a paragraph may end; a line ending otherwise was cut by a page break (when it is long).
ENDERS = "。！？；：…"
JOIN_MIN = 30
RUN_IN_MAX = 100

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_value(text: str) -> int:
    """Return the value of a Chinese ordinal: 一 → 1, 十 → 10, 十二 → 12, 二十一 → 21."""
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


class Node(msgspec.Struct, frozen=True):
    """One line of the report body: a heading (level 1–4) or a paragraph (level 0)."""

    level: int
    number: int  # the heading's ordinal, or the item's (一是 → 1) for a paragraph; 0 when none
    text: str  # without its marker
    line: int  # line number in the source file
    raw: str  # the line as cleaned, marker included
    marker: str = ""  # the marker as written: 一、 （一） 1. （1） 一是

    @property
    def is_heading(self) -> bool:
        return self.level > 0

    @property
    def is_item(self) -> bool:
        """A paragraph starting with 一是/二是…"""
        return self.level == 0 and self.number > 0

    def run_in(self) -> tuple[str, str]:
        """Return (heading, text after it) of a heading line: “法治理念有待提高。部分……”."""
        return split_run_in(self.text)


def split_run_in(text: str) -> tuple[str, str]:
    """Split “heading。text” where the heading is short; a line without “。” is all heading."""
    for index, ch in enumerate(text[: RUN_IN_MAX + 1]):
        if ch in "。！？":
            return text[:index].strip(), text[index + 1:].strip()
    return text.strip(), ""


def classify(line: str, number: int) -> Node:
    """Return the node of one cleaned line."""
    for level, pattern in ((2, _L2), (4, _L4), (1, _L1), (3, _L3)):
        match = pattern.match(line)
        if match and match.group(2).strip():
            ordinal = match.group(1)
            value = int(ordinal) if ordinal.isdigit() else cn_value(ordinal)
            marker = line[: match.start(2)].strip()
            return Node(level, value, match.group(2).strip(), number, line, marker)
    match = _ITEM.match(line)
    if match and match.group(2).strip():
        return Node(0, cn_value(match.group(1)), match.group(2).strip(), number, line, match.group(1) + "是")
    return Node(0, 0, line, number, line)


def build_outline(lines: list[str], numbers: list[int]) -> list[Node]:
    """Return the nodes of the body lines: levels fixed, cut paragraphs joined."""
    nodes = [classify(line, number) for line, number in zip(lines, numbers, strict=True)]
    nodes = _promote_mistyped_level1(nodes)
    return _join_cut_paragraphs(nodes)


def _promote_mistyped_level1(nodes: list[Node]) -> list[Node]:
    """Take “1、标题” as “一、标题” where the level-1 sequence needs it (the next one is 二、)."""
    result = list(nodes)
    chinese_l1 = [(i, n.number) for i, n in enumerate(nodes)
                  if n.level == 1 and not n.marker[:1].isdigit()]
    for index, node in enumerate(nodes):
        if node.level != 3 or not _L1_ARABIC.match(node.raw):
            continue
        before = [num for i, num in chinese_l1 if i < index]
        after = [num for i, num in chinese_l1 if i > index]
        fits_before = (before[-1] == node.number - 1) if before else node.number == 1
        if after and after[0] == node.number + 1 and fits_before and len(split_run_in(node.text)[0]) <= 60:
            result[index] = msgspec.structs.replace(node, level=1)
    return result


def _join_cut_paragraphs(nodes: list[Node]) -> list[Node]:
    result: list[Node] = []
    for node in nodes:
        if result and _continues(result[-1], node):
            previous = result[-1]
            result[-1] = msgspec.structs.replace(previous, text=previous.text + node.raw, raw=previous.raw + node.raw)
            continue
        result.append(node)
    return result


def _continues(previous: Node, node: Node) -> bool:
    """Return whether ``node`` is the rest of ``previous``, cut by a page break."""
    if node.is_heading or node.is_item:
        return False
    if previous.text.endswith(tuple(ENDERS)) or len(previous.text) < JOIN_MIN:
        return False
    if previous.is_heading:
        return bool(previous.run_in()[1])  # a heading alone on its line is not cut
    return True
