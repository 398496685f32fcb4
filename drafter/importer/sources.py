"""Read a published report into lines of text: a Word .docx, or a .txt saved from Word or a web page."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from ..errors import DrafterError
from ..plaintext import clean, private_use, private_use_message, removed_message, split_lines
from ..values import cn_ordinal
from ..yamlsource import read_bytes
from .docxpackage import open_docx

MAX_BYTES = 20_000_000
TEXT_SUFFIXES = (".txt", ".text")
DOCX_SUFFIXES = (".docx",)


class SourceText(msgspec.Struct):
    """The lines of a source document, in reading order, and how it was read."""

    path: Path
    lines: list[str]
    kind: str  # "docx" or "txt"
    encoding: str = ""
    notes: list[str] = msgspec.field(default_factory=list)


def read_source(path: Path) -> SourceText:
    """Return the lines of ``path``; raise a ``DrafterError`` in Chinese when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise DrafterError("不能直接读取旧版 Word 文件（.doc）；请在 Word 或 WPS 中“另存为”.docx 后再导入",
                           file=path)
    if suffix not in TEXT_SUFFIXES + DOCX_SUFFIXES:
        raise DrafterError("只能导入 Word 文档（.docx）或纯文本文件（.txt）；网页请把正文复制到记事本，"
                           "保存为 .txt 后再导入", file=path)
    raw = read_bytes(path, "要导入的报告文件", max_bytes=MAX_BYTES)
    if suffix in DOCX_SUFFIXES:
        lines, notes = _text_notes(split_lines("\n".join(_docx_lines(raw, path))))
        return SourceText(path, lines, "docx", notes=notes)
    text, encoding, notes = decode_text(raw, path)
    lines, more = _text_notes(split_lines(text))
    return SourceText(path, lines, "txt", encoding, notes + more)


def decode_text(raw: bytes, path: Path) -> tuple[str, str, list[str]]:
    """Return the text of a plain-text file, its encoding and notes (the approach of yamlsource.py).

    UTF-8 (with or without BOM) and UTF-16 (with BOM, or recognised by its zero bytes) are
    taken as they are; anything else is read as GB18030, the superset of GBK and GB2312 that
    Chinese Windows saves by default.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16", []
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        return raw.decode(utf16, errors="replace"), utf16, [
            "文件是 UTF-16 编码（没有编码标记），已自动识别；请对照原文核对"]
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030", ["文件是 GBK/GB18030 编码，已自动识别"]
    except UnicodeDecodeError:
        pass
    return (raw.decode("utf-8", errors="replace"), "utf-8",
            ["文件编码无法完全识别，无法识别的字节已换成“\ufffd”，请对照原文核对"])


def _utf16_without_bom(raw: bytes) -> str | None:
    """Return ``utf-16-le``/``utf-16-be`` when ``raw`` looks like UTF-16 text without a BOM.

    Text in UTF-8 or GBK never holds a zero byte; UTF-16 text does, for every ASCII
    character (digits, line ends), always on the same side of each two-byte unit.
    """
    if len(raw) < 2 or len(raw) % 2 or b"\x00" not in raw:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    if odd > 4 * even:
        return "utf-16-le"
    if even > 4 * odd:
        return "utf-16-be"
    return None


def _text_notes(lines: list[str]) -> tuple[list[str], list[str]]:
    """Return ``lines`` without characters no report can hold, and notes on what was found."""
    cleaned, removed, private = [], [], []
    for line in lines:
        text, gone = clean(line)
        cleaned.append(text)
        removed += gone
        private += private_use(text)
    notes = []
    if removed:
        notes.append(removed_message(removed))
    if private:
        notes.append(private_use_message(private))
    return cleaned, notes


def _docx_lines(raw: bytes, path: Path) -> list[str]:
    """Return the paragraphs of a .docx body in order, table cells included, one line each.

    Numbers Word adds by itself (automatic numbering “一、”“（一）”“1.”, or a heading style
    without a typed number) are not in the text: they are written in front of the line, so
    the heading levels read the same as in a typed document.
    """
    document = open_docx(raw, path)
    numbers = _Numbering(document)
    lines: list[str] = []

    def walk(parent) -> None:  # noqa: ANN001 - an oxml element
        for child in parent.iterchildren():
            if child.tag == _w("p"):
                text = _paragraph_text(child)
                if text.strip():
                    text = numbers.marker(child, text) + text
                lines.extend(text.split("\n"))
            elif child.tag == _w("tbl"):
                for row in child.iterchildren(_w("tr")):
                    for cell in row.iterchildren(_w("tc")):
                        walk(cell)
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    walk(content)

    walk(document.element.body)
    return lines


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def _paragraph_text(element) -> str:  # noqa: ANN001
    parts = []
    for node in element.iter():
        if node.tag == _w("t"):
            parts.append(node.text or "")
        elif node.tag in (_w("tab"), _w("ptab")):
            parts.append("\t")
        elif node.tag in (_w("br"), _w("cr")):
            parts.append("\n")
    return "".join(parts)


_TYPED_MARKER = re.compile(r"^\s*([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def _cn(n: int) -> str:
    """Word's Chinese list number: 十二 for 12, 一百零一 for 101; zero or less stays in digits."""
    return cn_ordinal(n) if n > 0 else str(n)


def _integer(text: str | None, default: int, low: int, high: int) -> int:
    """Return the integer attribute ``text``, or ``default`` when absent or not a number in range."""
    try:
        number = int(text) if text is not None else default
    except ValueError:
        return default
    return number if low <= number <= high else default


def _level(text: str | None) -> int | None:
    """Return a numbering level 0–8 (as Word has), or None for a missing or impossible one."""
    level = _integer(text, -1, 0, 8)
    return None if level < 0 else level


class _Numbering:
    """Word's automatic numbers and heading styles, turned back into typed markers."""

    FORMATS = {"decimal": str, "chineseCounting": _cn, "chineseCountingThousand": _cn,
               "ideographTraditional": _cn, "japaneseCounting": _cn, "decimalFullWidth": str,
               "decimalEnclosedParen": lambda n: f"({n})", "decimalEnclosedCircle": str}
    HEADING_MARKERS = {1: "{}、", 2: "（{}）", 3: "{}."}

    def __init__(self, document) -> None:  # noqa: ANN001
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        self.style_heading: dict[str, int] = {}
        self.counters: dict[str, list[int]] = {}
        self.heading_counters = [0, 0, 0, 0]
        self._read_numbering(document)
        self._read_styles(document)

    def _read_numbering(self, document) -> None:  # noqa: ANN001
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.iterchildren(_w("abstractNum")):
            levels = {}
            for lvl in node.iterchildren(_w("lvl")):
                fmt, text, start = lvl.find(_w("numFmt")), lvl.find(_w("lvlText")), lvl.find(_w("start"))
                ilvl = _level(lvl.get(_w("ilvl"), "0"))
                if ilvl is None:
                    continue  # a level Word would not show either
                levels[ilvl] = (
                    fmt.get(_w("val")) if fmt is not None else "decimal",
                    text.get(_w("val")) if text is not None else "",
                    _integer(start.get(_w("val")) if start is not None else None, 1, 0, 32767))
            abstract[node.get(_w("abstractNumId"))] = levels
        for num in root.iterchildren(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is not None:
                for ilvl, spec in abstract.get(ref.get(_w("val")), {}).items():
                    self.levels[(num.get(_w("numId")), ilvl)] = spec

    def _read_styles(self, document) -> None:  # noqa: ANN001
        for style in document.styles:
            element = style.element
            heading = _HEADING_STYLE.match(style.name or "")
            if heading and 1 <= int(heading.group(1)) <= 3:
                self.style_heading[style.style_id] = int(heading.group(1))
            ppr = element.find(_w("pPr"))
            num = ppr.find(_w("numPr")) if ppr is not None else None
            if num is not None and num.find(_w("numId")) is not None:
                ilvl = _level(num.find(_w("ilvl")).get(_w("val")) if num.find(_w("ilvl")) is not None else "0")
                if ilvl is not None:
                    self.style_numbering[style.style_id] = (num.find(_w("numId")).get(_w("val")), ilvl)

    def marker(self, paragraph, text: str) -> str:  # noqa: ANN001
        """Return the number Word shows in front of ``paragraph`` (empty when none, or typed)."""
        ppr = paragraph.find(_w("pPr"))
        style = ppr.find(_w("pStyle")) if ppr is not None else None
        style_id = style.get(_w("val")) if style is not None else ""
        num = ppr.find(_w("numPr")) if ppr is not None else None
        numbering = None
        if num is not None and num.find(_w("numId")) is not None:
            ilvl = num.find(_w("ilvl"))
            level = _level(ilvl.get(_w("val")) if ilvl is not None else "0")
            numbering = (num.find(_w("numId")).get(_w("val")), level) if level is not None else None
        elif style_id in self.style_numbering:
            numbering = self.style_numbering[style_id]
        if numbering is not None and numbering[0] != "0":  # numId 0: numbering switched off
            found = self._numbered(*numbering)
            if found is not None:
                return found
        level = self.style_heading.get(style_id)
        if level is None or _TYPED_MARKER.match(text):
            return ""
        self.heading_counters[level] += 1
        for deeper in range(level + 1, len(self.heading_counters)):
            self.heading_counters[deeper] = 0
        number = self.heading_counters[level]
        return self.HEADING_MARKERS[level].format(cn_ordinal(number) if level < 3 else number)

    def _numbered(self, num_id: str, ilvl: int) -> str | None:
        spec = self.levels.get((num_id, ilvl))
        if spec is None:
            return None
        fmt, template, start = spec
        if fmt in ("bullet", "none") or not template:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 10)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0

        def level_number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            level_fmt = self.levels.get((num_id, index), (fmt, "", 1))[0]
            return self.FORMATS.get(level_fmt, str)(max(counters[index], 1))

        return re.sub(r"%(\d)", level_number, template)
