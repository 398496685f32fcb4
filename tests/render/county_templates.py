"""Three county 红头 templates as a clerk's Word file would have them, made with python-docx.

One has a one-line red text header, one an image logo, one a joint two-line header
(中共灵丘县委 / 灵丘县人民政府) with 文件 beside it, set in a borderless table. Each
has the GB/T 9704 page (22 lines of 28 characters on the grid), a placeholder
发文字号 with the red rule as its bottom border, a title and a body placeholder, and
page numbers "— n —" outside on odd and even pages.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

RED = RGBColor(0xFF, 0x00, 0x00)
HEADER_TEXT = "灵丘县人民政府文件"
JOINT_LINES = ("中共灵丘县委", "灵丘县人民政府")
NUMBER = "灵政发〔20××〕×号"


def png(width: int = 600, height: int = 90) -> bytes:
    """Return a red banner with a white band, as PNG bytes (no imaging library needed)."""
    rows = []
    for y in range(height):
        white = height // 3 <= y < height // 3 + 6
        pixel = b"\xff\xff\xff" if white else b"\xe0\x10\x10"
        rows.append(b"\x00" + pixel * width)
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


def _fonts(run, east_asian: str, size: float, color: RGBColor | None = None) -> None:
    run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    rPr = run._r.get_or_add_rPr()
    fonts = rPr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rPr.insert(0, fonts)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), east_asian)


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(18)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")
    sectPr = section._sectPr
    old = sectPr.find(qn("w:docGrid"))
    if old is not None:
        sectPr.remove(old)
    sectPr.append(grid)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    rPr = normal.element.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), "仿宋_GB2312")
    rPr.insert(0, fonts)
    fmt = normal.paragraph_format
    fmt.line_spacing, fmt.line_spacing_rule = Pt(28.95), WD_LINE_SPACING.EXACTLY
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False


def _footers(document) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                        WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        _fonts(paragraph.add_run("— "), "宋体", 14)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            run = paragraph.add_run()
            _fonts(run, "宋体", 14)
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
            elif text == " PAGE ":
                instr = OxmlElement("w:instrText")
                instr.text = text
                run._r.append(instr)
            else:
                run.text = text
        _fonts(paragraph.add_run(" —"), "宋体", 14)


def _red_text(paragraph, text: str, size: float) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    _fonts(paragraph.add_run(text), "方正小标宋简体", size, RED)


def _rest(document) -> None:
    """The lines under the header: blank lines, the 发文字号 with the red rule, the title, the body."""
    for _ in range(2):
        document.add_paragraph()
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(number.add_run(NUMBER), "仿宋_GB2312", 16)
    pBdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "6"), ("color", "FF0000")):
        bottom.set(qn(f"w:{key}"), value)
    pBdr.append(bottom)
    pPr = number._p.get_or_add_pPr()
    pPr.insert(0 if pPr.find(qn("w:pStyle")) is None else 1, pBdr)
    document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(title.add_run("关于××××的报告"), "方正小标宋简体", 22)
    document.add_paragraph()
    document.add_paragraph("××××：")


def text_header() -> bytes:
    document = docx.Document()
    _page(document)
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    first.paragraph_format.space_before = Pt(70)
    _red_text(first, HEADER_TEXT, 42)
    _rest(document)
    _footers(document)
    return _save(document)


def image_header(picture: bytes) -> bytes:
    document = docx.Document()
    _page(document)
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    first.add_run().add_picture(BytesIO(picture), width=Mm(150))
    _rest(document)
    _footers(document)
    return _save(document)


def joint_header() -> bytes:
    document = docx.Document()
    _page(document)
    table = document.add_table(rows=2, cols=2)
    table.autofit = False
    for row, text in zip(table.rows, JOINT_LINES, strict=True):
        row.cells[0].width, row.cells[1].width = Mm(110), Mm(46)
        paragraph = row.cells[0].paragraphs[0]
        _red_text(paragraph, text, 28)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
    word = table.cell(0, 1).merge(table.cell(1, 1))
    word.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _red_text(word.paragraphs[0], "文件", 48)
    _rest(document)
    _footers(document)
    return _save(document)


def _save(document) -> bytes:
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def write_all(folder: Path) -> dict[str, Path]:
    """Write the three templates into ``folder``; return them by kind (text, image, joint)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {"text": text_header(), "image": image_header(png()), "joint": joint_header()}
    paths = {}
    for kind, data in made.items():
        path = folder / f"县政府公文模板_{kind}.docx"
        path.write_bytes(data)
        paths[kind] = path
    return paths
