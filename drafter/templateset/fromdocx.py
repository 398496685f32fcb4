"""Read a county's own 红头 Word template into layout settings.

What a .docx states directly is read: page size and margins, the line grid, the
body font (the Normal style), the red header's font, size and colour, the title's
font and size, the red rule under the 发文字号 (a bottom border), and the page
numbers' text, position and font in the footers. What it does not state is
named, each with the layout setting to fill in by hand. The template itself is
kept as the set's base: its 版头 (text, image or joint header) is copied into
every report (see ``render/basedocx.py``).
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import Any

import docx
import msgspec
from docx.oxml.ns import qn

from ..errors import DrafterError, package_reason
from ..render.basedocx import BaseHeader, is_red_paragraph, read_base_header, run_font
from ..render.layoutvalues import SIZE_NAMES
from ..yamlsource import read_bytes

EMU_PER_MM = 36000
TWIPS_PER_PT = 20
_ALIGN = {"right": "right", "end": "right", "left": "left", "start": "left", "center": "center"}


class TemplateReading(msgspec.Struct):
    """What a template told: layout values by key path, and what it could not tell."""

    values: dict[tuple[str, ...], Any] = msgspec.field(default_factory=dict)
    unread: list[tuple[str, str]] = msgspec.field(default_factory=list)   # (setting, what it is)
    header_kind: str = ""

    def set(self, path: tuple[str, ...], value: Any) -> None:
        self.values[path] = value

    def miss(self, setting: str, what: str) -> None:
        self.unread.append((setting, what))


def read_template_docx(path: Path) -> TemplateReading:
    """Read ``path`` (a .docx) into layout values; raise ``DrafterError`` when it is not a Word file."""
    raw = read_bytes(path, "Word 模板文件")
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises several types for a file that is not a .docx
        raise DrafterError(f"无法读取 Word 模板：{package_reason(exc)}（请确认是 .docx 文件，"
                           "不是 .doc 或 .wps；可在 Word/WPS 中“另存为 .docx”）", file=path) from None
    reading = TemplateReading()
    _page(document, reading)
    _body_font(document, reading)
    header = read_base_header(document)
    reading.header_kind = header.kind
    _red_header(header, reading)
    _red_rule(header, reading)
    _title(document, header, reading)
    _page_numbers(document, reading)
    for level in range(1, 5):
        reading.miss(f"fonts.heading{level}", f"{'一二三四'[level - 1]}级标题的字体和字号（Word 模板里读不出，沿用国标）")
    return reading


def _mm(emu: int | None) -> float | None:
    if emu is None:
        return None
    value = round(emu / EMU_PER_MM, 1)
    return int(value) if value == int(value) else value


def _size(points: float) -> str:
    """Return a font size as the layout file writes it: 三号 for 16 pt, else 15.5pt."""
    names = {value: name for name, value in SIZE_NAMES.items()}
    return names.get(points, f"{points:g}pt")


def _page(document: Any, reading: TemplateReading) -> None:
    section = document.sections[0]
    measures = [_mm(value) for value in (section.page_width, section.page_height, section.top_margin,
                                         section.bottom_margin, section.left_margin, section.right_margin)]
    if any(value is None for value in measures):
        reading.miss("page", "纸张大小和页边距")
        return
    width, height, top, bottom, left, right = (value or 0 for value in measures)
    reading.set(("page", "width"), width)
    reading.set(("page", "height"), height)
    reading.set(("page", "margin_top"), top)
    reading.set(("page", "margin_left"), left)
    reading.set(("page", "text_width"), _mm(round((width - left - right) * EMU_PER_MM)))
    reading.set(("page", "text_height"), _mm(round((height - top - bottom) * EMU_PER_MM)))
    grid = section._sectPr.find(qn("w:docGrid"))
    pitch = grid.get(qn("w:linePitch")) if grid is not None else None
    if pitch and pitch.isdigit() and int(pitch) > 0 and grid.get(qn("w:type")) in ("lines", "linesAndChars",
                                                                                    "snapToChars"):
        pitch_pt = int(pitch) / TWIPS_PER_PT
        text_height_pt = (height - top - bottom) / 25.4 * 72
        reading.set(("grid", "lines_per_page"), math.floor(text_height_pt / pitch_pt + 0.01))
        reading.set(("grid", "line_pitch"), f"{pitch_pt:g}pt")
    else:
        reading.miss("grid.lines_per_page", "每页行数（模板没有指定行网格）")


def _body_font(document: Any, reading: TemplateReading) -> None:
    normal = document.styles["Normal"].element
    name, size = run_font(normal.rPr, document.styles.element)
    if name:
        reading.set(("fonts", "body", "family"), name)
    else:
        reading.miss("fonts.body.family", "正文字体")
    if size:
        reading.set(("fonts", "body", "size"), _size(size))


def _red_header(header: BaseHeader, reading: TemplateReading) -> None:
    if header.kind == "图片":
        reading.miss("fonts.red_header", "版头是图片：文字的字体无从读出（版头按模板原样使用）")
        return
    if not header.red_font:
        reading.miss("fonts.red_header", "版头（发文机关标志）的字体、字号和颜色")
        return
    name, size, color = header.red_font
    reading.set(("fonts", "red_header", "family"), name)
    if size:
        reading.set(("fonts", "red_header", "size"), _size(size))
    reading.set(("fonts", "red_header", "color"), f"#{color}")


def _red_rule(header: BaseHeader, reading: TemplateReading) -> None:
    border = header.number.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") \
        if header.number is not None else None
    if border is None:
        reading.miss("red_rule", "红色分隔线（模板的发文字号下没有段落下框线；若是画的线条，则随版头原样使用）")
        return
    color = border.get(qn("w:color"))
    if color and re.fullmatch(r"[0-9A-Fa-f]{6}", color):
        reading.set(("red_rule", "color"), f"#{color.upper()}")
    size = border.get(qn("w:sz"))
    if size and size.isdigit():
        reading.set(("red_rule", "width"), f"{int(size) / 8:g}pt")


def _title(document: Any, header: BaseHeader, reading: TemplateReading) -> None:
    styles = document.styles.element
    body = document.element.body
    past = False
    for p in body.iter(qn("w:p")):
        if header.number is not None and p is header.source_number:
            past = True
            continue
        if not past and header.number is not None:
            continue
        text = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
        if is_red_paragraph(p):   # the 版头 itself, in a template without a 发文字号
            continue
        jc = p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
        if not text or jc is None or jc.get(qn("w:val")) != "center":
            continue
        run = p.find(qn("w:r"))
        name, size = run_font(run.find(qn("w:rPr")) if run is not None else None, styles)
        if name:
            reading.set(("fonts", "title", "family"), name)
        if size:
            reading.set(("fonts", "title", "size"), _size(size))
        return
    reading.miss("fonts.title", "标题的字体和字号（模板里没有居中的标题行）")


def _page_numbers(document: Any, reading: TemplateReading) -> None:
    section = document.sections[0]
    found = False
    for footer, key in ((section.footer, "odd"), (section.even_page_footer, "even")):
        if footer.is_linked_to_previous and key == "even":
            continue
        for paragraph in footer.paragraphs:
            p = paragraph._p
            instructions = "".join(node.text or "" for node in p.iter(qn("w:instrText")))
            simple = [f for f in p.iter(qn("w:fldSimple")) if "PAGE" in (f.get(qn("w:instr")) or "")]
            if "PAGE" not in instructions and not simple:
                continue
            jc = p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
            reading.set(("page_number", key), _ALIGN.get(jc.get(qn("w:val")) if jc is not None else "left", "left"))
            if key == "odd":
                found = True
                prefix, suffix = _around_page_field(p)
                reading.set(("page_number", "format"), f"{prefix}{{n}}{suffix}")
                run = p.find(qn("w:r"))
                name, size = run_font(run.find(qn("w:rPr")) if run is not None else None,
                                      document.styles.element)
                if name:
                    reading.set(("fonts", "page_number", "family"), name)
                if size:
                    reading.set(("fonts", "page_number", "size"), _size(size))
            break
    if not found:
        reading.miss("page_number", "页码（模板页脚里没有 PAGE 域）")


def _around_page_field(p: Any) -> tuple[str, str]:
    """Return the text before and after the PAGE field of footer paragraph ``p``."""
    before, after, state = [], [], "before"
    for node in p.iter(qn("w:t"), qn("w:fldChar"), qn("w:fldSimple")):
        if node.tag == qn("w:fldChar"):
            kind = node.get(qn("w:fldCharType"))
            state = {"begin": "field", "end": "after"}.get(kind, state)
        elif node.tag == qn("w:fldSimple"):
            state = "after"
        elif state == "before":
            before.append(node.text or "")
        elif state == "after" and node.getparent().getparent().tag != qn("w:fldSimple"):
            after.append(node.text or "")
    return "".join(before), "".join(after)
