"""Clean the lines of a published report: Simplified characters, Chinese punctuation, no debris.

What a report copied from a web page or saved from Word brings along: Traditional
characters, half-width commas and brackets, full-width digits, spaces around
numbers (``2 次``), invisible characters, Word bookmarks, a few garbled characters
from a wrong encoding, and the page around the text (索引号, 发布时间, 打印,
扫一扫…). Garbled spots are kept as they are and reported, never guessed at.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import msgspec

from ..plaintext import INVISIBLE

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
# Full-width punctuation a Chinese text uses; spaces next to them are never meaningful.
CN_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕…—·"
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE), None)
_FOLD = {**{0xFF10 + i: 0x30 + i for i in range(10)},               # ０-９
         **{0xFF21 + i: 0x41 + i for i in range(26)},               # Ａ-Ｚ
         **{0xFF41 + i: 0x61 + i for i in range(26)},               # ａ-ｚ
         0xFF05: 0x25, 0xFF0B: 0x2B, 0x00A0: 0x20, 0x3000: 0x20, 0x09: 0x20}
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
# A "?" that stands for characters the encoding lost: after a Chinese character or mark,
# followed by ASCII junk (?,F  ?!) or by another Chinese character.
_GARBLE_START = re.compile(rf"(?<=[{CJK}{CN_PUNCT}])\?(?=[!,.;:A-Za-z{CJK}])|\ufffd+")
_LATIN_JUNK = re.compile(r"[A-Za-z\u00c0-\u024f]")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！"}

# Lines of the web page around the report (site furniture), matched at the start of a line.
DEBRIS = tuple(re.compile(p) for p in (
    r"^(索\s*引\s*号|信息分类|信息名称|发布机构|发文机关|发布日期|成文日期|(?:公文)?生成日期|(?:备注\s*[/／]\s*)?文\s*号|时\s*效|"
    r"有\s*效\s*性|主题分类|主\s*题\s*词|公开方式|公开范围|公开时限|标\s*题|来\s*源|更新时间|"
    r"发布时间|浏览次数|访问次数|点击数|阅读数|作\s*者|责任编辑|编\s*辑|字号|分\s*类)\s*[:：]",
    r"^(您|你)?(当前|现在)的?(所在)?位置",
    r"^首页\s*[>＞»]",
    r"^[【\[]?\s*字\s*体\s*[:：]",
    # one or more page buttons on a line: “打印本页  关闭窗口”, “【打印】 | 【关闭】”
    r"^(\s*[【\[]?\s*(打印本页|打印|关闭窗口|关闭|收藏本页|收藏|分享到|分享|返回顶部|返回列表)\s*[】\]]?\s*[|｜/]?)+\s*$",
    r"^[|｜\s]+$",
    r"^无障碍(\s|$|[|｜]|浏览)",
    r"简体\s*[|｜/]\s*繁体",
    r"^(今天是|今天|今日)\s*[:：]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(\s*星期.)?\s*$",
    r"^(\s*[【\[]\s*(打印|打印本页|关闭|关闭窗口|收藏|分享|扫一扫|字体[:：]?.{0,8}|大\s*中\s*小)\s*[】\]]\s*)+$",
    r"^扫一扫",
    r"^(相关(解读|政策|稿件|链接|文件|阅读|新闻|附件))\s*$",
    r"^(上一篇|下一篇|附件下载)\s*[:：]?",
    r"^(主办单位|承办单位|版权所有|网站标识码|ICP备|网站地图|联系我们)",
))


class Garble(msgspec.Struct, frozen=True):
    """A spot where characters were lost to a wrong encoding: the text around it, for the clerk."""

    line: int
    text: str
    context: str


class Cleaned(msgspec.Struct):
    """Cleaned lines (empty ones dropped) with their source line numbers, and what cleaning did."""

    lines: list[str] = msgspec.field(default_factory=list)
    numbers: list[int] = msgspec.field(default_factory=list)
    converted: int = 0  # characters changed from Traditional to Simplified
    garbles: list[Garble] = msgspec.field(default_factory=list)
    doubled: int = 0  # doubled punctuation made single (“，，” “，。”)


# Punctuation doubled by a web copy: “，，” → “，”, “，。” → “。”; never “……” or “——”.
_DOUBLED = re.compile(r"([，、；：。])\1+|[，、；：]+(?=[。！？])")


def single_punctuation(line: str) -> tuple[str, int]:
    """Return ``line`` with doubled punctuation made single, and how many spots changed."""
    return _DOUBLED.subn(lambda m: m.group(1) or "", line)


@lru_cache(maxsize=1)
def _converter():  # noqa: ANN202 - opencc has no type hints
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, int]:
    """Return ``text`` in Simplified characters and how many characters changed (OpenCC t2s)."""
    converted = _converter().convert(text)
    changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    return converted, max(changed, 1) if len(converted) != len(text) else changed


def clean_lines(raw_lines: list[str]) -> Cleaned:
    """Return the non-empty lines cleaned, Traditional characters converted when there are any."""
    result = Cleaned()
    text, result.converted = to_simplified("\n".join(raw_lines))
    for number, raw in enumerate(text.split("\n"), start=1):
        line, garbles = clean_line(raw)
        line, doubled = single_punctuation(line)
        result.doubled += doubled
        for spot in garbles:
            result.garbles.append(Garble(number, spot, _context(line, spot)))
        if line:
            result.lines.append(line)
            result.numbers.append(number)
    return result


def clean_line(raw: str) -> tuple[str, list[str]]:
    """Return one line cleaned, and the garbled spots found in it (kept in the text as they are)."""
    line = _BOOKMARK.sub("", raw.translate(_INVISIBLE)).translate(_FOLD)
    line = "".join(ch for ch in line if unicodedata.category(ch) != "Cc")
    spans = garbled_spans(line)
    pieces, start = [], 0
    for begin, end in spans:
        pieces.append(_normalize(line[start:begin]))
        pieces.append(line[begin:end])
        start = end
    pieces.append(_normalize(line[start:]))
    return "".join(pieces).strip(), [line[b:e] for b, e in spans]


def garbled_spans(line: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each garbled spot: a stray ``?`` with the junk that follows it."""
    spans: list[tuple[int, int]] = []
    for match in _GARBLE_START.finditer(line):
        start, end = match.start(), match.end()
        if spans and start < spans[-1][1]:
            continue
        if line[start] == "?":
            # The junk after it: ASCII marks, then Chinese characters up to the last Latin letter
            # among the next few (皡瘟赫笸ā比脒x: what GBK bytes look like read the wrong way).
            while end < len(line) and line[end] in "!,.;:":
                end += 1
            window = line[end:end + 12]
            latin = [m.end() for m in _LATIN_JUNK.finditer(window)]
            if latin:
                end += latin[-1]
        spans.append((start, end))
    return spans


def _normalize(text: str) -> str:
    """Chinese punctuation beside Chinese text; no spaces around numbers and Chinese marks."""
    chars = list(text)
    for index, ch in enumerate(chars):
        if ch not in _HALF_TO_FULL:
            continue
        before = chars[index - 1] if index else ""
        after = chars[index + 1] if index + 1 < len(chars) else ""
        if ch in ",:" and before.isdigit() and after.isdigit():
            continue  # 1,000 and 17:07
        if _is_cjk(before) or _is_cjk(after) or before in CN_PUNCT or after in CN_PUNCT:
            chars[index] = _HALF_TO_FULL[ch]
        elif ch in "()" and _bracket_of_chinese(text, index):
            chars[index] = _HALF_TO_FULL[ch]
    text = "".join(chars)
    return re.sub(r"\s+", lambda m: _space(text, m.start(), m.end()), text)


def _space(text: str, start: int, end: int) -> str:
    """Keep one space between two Chinese names or two numbers; none around a number and Chinese."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if not before or not after:
        return ""
    if before in CN_PUNCT or after in CN_PUNCT:
        return ""
    kinds = {"cjk" if _is_cjk(ch) else "digit" if ch.isdigit() or ch == "%" else "other"
             for ch in (before, after)}
    if kinds == {"cjk", "digit"}:
        return ""  # 2 次, 委员会 2023 年
    return " "


def _bracket_of_chinese(text: str, index: int) -> bool:
    """Return whether the bracket at ``index`` encloses Chinese text: (1) stays, (乡镇) turns."""
    if text[index] == "(":
        inside = text[index + 1: text.find(")", index) if ")" in text[index:] else len(text)]
    else:
        inside = text[text.rfind("(", 0, index) + 1: index]
    return any(_is_cjk(ch) for ch in inside)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


def _context(line: str, spot: str, width: int = 12) -> str:
    at = line.find(spot)
    if at < 0:
        return spot
    return line[max(0, at - width): at + len(spot) + width]


def is_debris(line: str) -> bool:
    """Return whether ``line`` is furniture of the web page the report was copied from."""
    return any(pattern.search(line) for pattern in DEBRIS)
