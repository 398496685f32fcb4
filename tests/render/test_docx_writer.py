"""The .docx, reopened with python-docx: page, grid, styles, fonts, texts and the parts Word reads."""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import given
from hypothesis import strategies as st

from drafter.atomic import atomic_write
from drafter.render import ooxml
from drafter.render.blocks import (
    DocNumber,
    Document,
    Heading,
    Imprint,
    Note,
    Paragraph,
    RedHeader,
    Signature,
    Title,
)
from drafter.render.docx import docx_parts, text_width, write_docx
from drafter.render.package import package_parts
from drafter.render.stamp import stamp, stamped_package, zip_package

from .sample import COPY_TO, DOC_NUMBER, ISSUER, PRINT_DATE, PRINTER, RED_HEADER, SIGNER, sample_document

BODY_CHAR = 15.75  # points: 3号 with -0.25 pt spacing, 28 to a 156 mm line


@pytest.fixture(scope="module")
def opened(sample_docx):
    return docx.Document(str(sample_docx))


def fonts_of(style):
    """Return the four font slots and the hint of a style's w:rFonts."""
    rFonts = style.element.rPr.find(qn("w:rFonts"))
    return {slot: rFonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs", "hint")}


def paragraphs_by_style(opened, name):
    return [p for p in opened.paragraphs if p.style.name == name]


def test_returns_docx_bytes(layout):
    data = write_docx(sample_document(), layout)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_written_atomically_and_reopened(layout, tmp_path, monkeypatch):
    """The document is written whole to a temporary file beside the target, then renamed over it:
    up to the rename the old file is untouched, so a failure never leaves half a document."""
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old document")
    seen: dict = {}
    real_replace = os.replace

    def replace(source, destination):
        seen.update(source=Path(source), destination=Path(destination), old=Path(destination).read_bytes(),
                    title=docx.Document(str(source)).core_properties.title)
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    atomic_write(target, write_docx(sample_document(), layout), what="Word 文档")
    assert seen["destination"] == target and seen["old"] == b"old document"
    assert seen["source"].parent == tmp_path  # same folder, same file system: the rename is atomic
    assert seen["title"].startswith("示例县人民政府")  # complete before it replaced anything
    assert docx.Document(str(target)).core_properties.title.startswith("示例县人民政府")
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_page_is_a4_with_gbt9704_margins(opened):
    section = opened.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert section.top_margin.twips == 2098 and section.bottom_margin.twips == 1984
    assert section.left_margin.twips == 1587 and section.right_margin.twips == 1474


def test_line_grid_and_even_odd_footers(opened):
    grid = opened.element.body.sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    assert opened.settings.odd_and_even_pages_header_footer is True


def test_body_style(opened):
    normal = opened.styles["Normal"]
    assert fonts_of(normal) == {"ascii": "Times New Roman", "hAnsi": "Times New Roman",
                                "eastAsia": "仿宋_GB2312", "cs": "Times New Roman", "hint": "eastAsia"}
    assert normal.font.size == Pt(16)
    fmt = normal.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing.twips == 579
    assert fmt.first_line_indent.twips == 630          # two characters
    assert fmt.widow_control is False
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert normal.element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"   # -0.25 pt
    pPr = normal.element.pPr
    assert pPr.find(qn("w:autoSpaceDE")).get(qn("w:val")) == "0"


@pytest.mark.parametrize("style, font, size", [
    ("公文标题", "方正小标宋简体", 22),
    ("发文机关标志", "方正小标宋简体", 42),
    ("发文字号", "仿宋_GB2312", 16),
    ("签发人姓名", "楷体_GB2312", 16),
    ("一级标题", "黑体", 16),
    ("二级标题", "楷体_GB2312", 16),
    ("三级标题", "仿宋_GB2312", 16),
    ("四级标题", "仿宋_GB2312", 16),
    ("页码", "宋体", 14),
    ("版记", "仿宋_GB2312", 14),
])
def test_role_styles_have_their_fonts(opened, style, font, size):
    found = opened.styles[style]
    assert fonts_of(found)["eastAsia"] == font and fonts_of(found)["ascii"] == "Times New Roman"
    assert found.font.size == Pt(size)
    spacing = found.element.rPr.find(qn("w:spacing"))
    assert (spacing is not None) == (size == 16)    # only 3号 text is condensed onto the grid


def test_red_header_is_red_and_centred(opened):
    style = opened.styles["发文机关标志"]
    assert str(style.font.color.rgb) == "FF0000"
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    [header] = paragraphs_by_style(opened, "发文机关标志")
    assert header.text == RED_HEADER


def test_long_red_header_shrinks_to_one_line(layout):
    long_mark = "中共示例县委员会示例县人民政府联合文件"
    opened = docx.Document(io.BytesIO(write_docx(Document(blocks=[RedHeader(long_mark)]), layout)))
    [run] = opened.paragraphs[0].runs
    assert run.font.size.pt * text_width(long_mark) <= 156 / 25.4 * 72
    assert run.font.size.pt > 16


def test_doc_number_line(opened):
    [line] = paragraphs_by_style(opened, "发文字号")
    assert line.text == f"{DOC_NUMBER}\t签发人：{SIGNER}"
    assert line.runs[-1].text == SIGNER and line.runs[-1].style.name == "签发人姓名"
    style = opened.styles["发文字号"]
    assert style.paragraph_format.first_line_indent == Pt(BODY_CHAR)       # one character in
    [stop] = style.paragraph_format.tab_stops
    assert stop.alignment == WD_TAB_ALIGNMENT.RIGHT
    assert abs(stop.position.pt - (156 / 25.4 * 72 - BODY_CHAR)) < 0.1     # one character from the right
    border = line.paragraph_format.element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == "FF0000" and border.get(qn("w:val")) == "single"


def test_doc_number_without_signers_is_centred(layout):
    document = Document(blocks=[RedHeader(RED_HEADER), DocNumber("示政发〔2025〕1号")])
    opened = docx.Document(io.BytesIO(write_docx(document, layout)))
    number = opened.paragraphs[1]
    assert number.text == "示政发〔2025〕1号" and number.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_blocks_in_order_with_their_styles(opened):
    texts = [(p.style.name, p.text) for p in opened.paragraphs if p.text]
    assert texts[0] == ("发文机关标志", RED_HEADER)
    assert texts[1][0] == "发文字号"
    assert texts[2] == ("公文标题", "示例县人民政府\n关于2024年度法治政府建设情况的报告")
    assert texts[3] == ("主送机关", "市人民政府：")
    assert texts[4][0] == "Normal" and texts[4][1].startswith("2024年")
    headings = [(style, text) for style, text in texts if style.endswith("级标题")]
    assert headings[:4] == [("一级标题", "一、主要举措和成效"), ("二级标题", "（一）加强组织领导，压实法治建设责任"),
                            ("三级标题", "1. 健全工作机制"), ("四级标题", "（1）完善考核办法")]
    assert texts[-3:] == [("署名", ISSUER), ("成文日期", "2025年1月8日"), ("附注", "（此件公开发布）")]


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_headings_have_outline_levels(opened, level):
    style = opened.styles[("一", "二", "三", "四")[level - 1] + "级标题"]
    assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)
    assert style.paragraph_format.keep_with_next is True
    assert style.base_style.name == "Normal"   # indented two characters like the body


def test_title_and_recipients_spacing(opened):
    [title] = paragraphs_by_style(opened, "公文标题")
    [recipients] = paragraphs_by_style(opened, "主送机关")
    assert title.paragraph_format.space_before.pt > 2 * 28.95 - 10     # two blank lines under the rule
    assert recipients.paragraph_format.space_before.twips == 579        # one blank line under the title
    assert opened.styles["公文标题"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert opened.styles["主送机关"].paragraph_format.first_line_indent == 0


def test_signature_and_date_positions(opened):
    [issuer] = paragraphs_by_style(opened, "署名")
    [date] = paragraphs_by_style(opened, "成文日期")
    two = 2 * BODY_CHAR
    assert issuer.paragraph_format.space_before.twips == 579            # one blank line
    assert date.paragraph_format.left_indent.pt - issuer.paragraph_format.left_indent.pt == pytest.approx(two, abs=0.05)
    # the longer of issuer and (date + two characters) ends two characters from the right
    widest = max(text_width(ISSUER), text_width(date.text) + 2) * BODY_CHAR
    assert issuer.paragraph_format.left_indent.pt + widest == pytest.approx(156 / 25.4 * 72 - two, abs=0.1)
    assert issuer.style.paragraph_format.keep_with_next and date.paragraph_format.keep_with_next


def test_short_date_follows_the_issuer(layout):
    long_issuer = "中共示例县委全面依法治县委员会办公室"   # 18 characters, longer than the date
    document = Document(blocks=[Signature(long_issuer, "2025年1月8日")])
    opened = docx.Document(io.BytesIO(write_docx(document, layout)))
    issuer, date = opened.paragraphs[:2]
    width = 156 / 25.4 * 72
    assert issuer.paragraph_format.left_indent.pt == pytest.approx(width - 2 * BODY_CHAR - 18 * BODY_CHAR, abs=0.1)
    assert date.paragraph_format.left_indent.pt == pytest.approx(issuer.paragraph_format.left_indent.pt + 2 * BODY_CHAR)


def test_note_is_parenthesised_once(layout):
    document = Document(blocks=[Paragraph("正文。"), Note("此件公开发布"), Note("（此件不公开）")])
    opened = docx.Document(io.BytesIO(write_docx(document, layout)))
    assert [p.text for p in opened.paragraphs[1:3]] == ["（此件公开发布）", "（此件不公开）"]
    assert opened.paragraphs[1].style.name == "附注"


def test_page_number_footers(opened):
    section = opened.sections[0]
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        assert paragraph.style.name == "页码"
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        instructions = [t.text for t in paragraph.paragraph_format.element.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]
        kinds = [c.get(qn("w:fldCharType")) for c in paragraph.paragraph_format.element.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd.paragraph_format.right_indent == Pt(14)
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and even.paragraph_format.left_indent == Pt(14)
    assert not section.footer.is_linked_to_previous and not section.even_page_footer.is_linked_to_previous


def test_imprint_table(opened):
    [table] = opened.tables
    rows = [row.cells[0].paragraphs[0] for row in table.rows]
    assert rows[0].text == "抄送：" + "，".join(COPY_TO) + "。"
    assert rows[1].text == f"{PRINTER}\t{PRINT_DATE}印发"
    assert all(p.style.name == "版记" for p in rows)
    copy_fmt = rows[0].paragraph_format
    assert copy_fmt.first_line_indent == Pt(-3 * 14) and copy_fmt.left_indent == Pt(4 * 14)
    [stop] = rows[1].paragraph_format.tab_stops
    assert stop.alignment == WD_TAB_ALIGNMENT.RIGHT
    tblPr = ooxml.element(table).tblPr
    anchor = tblPr.find(qn("w:tblpPr"))
    assert anchor.get(qn("w:tblpYSpec")) == "bottom" and anchor.get(qn("w:vertAnchor")) == "margin"
    borders = tblPr.find(qn("w:tblBorders"))
    widths = {side: borders.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "bottom", "insideH")}
    assert widths == {"top": "8", "bottom": "8", "insideH": "6"}      # 0.35 mm thick, 0.25 mm thin
    assert borders.find(qn("w:left")).get(qn("w:val")) == "nil"
    # the document closes with an empty paragraph after the table, as Word requires
    assert opened.element.body[-2].tag == qn("w:p")


def test_imprint_without_copy_to(layout):
    document = Document(blocks=[Paragraph("正文。"), Imprint(printer=PRINTER, print_date="2025年1月8日印发")])
    opened = docx.Document(io.BytesIO(write_docx(document, layout)))
    [table] = opened.tables
    assert [row.cells[0].text for row in table.rows] == [f"{PRINTER}\t2025年1月8日印发"]


def test_document_without_header_starts_with_the_title(layout):
    document = Document(blocks=[Title(("关于某事的报告",)), Paragraph("正文。")])
    opened = docx.Document(io.BytesIO(write_docx(document, layout)))
    title = opened.paragraphs[0]
    assert title.style.name == "公文标题" and not title.paragraph_format.space_before
    assert title.paragraph_format.element.pPr.find(qn("w:pBdr")) is None


def test_invalid_heading_level_is_refused(layout):
    with pytest.raises(ValueError):
        write_docx(Document(blocks=[Heading(5, "五级")]), layout)


def test_language_and_core_properties(opened):
    defaults = opened.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    props = opened.core_properties
    assert props.title == "示例县人民政府关于2024年度法治政府建设情况的报告"
    assert props.author == ISSUER and props.language == "zh-CN"


def test_font_table_declares_fallbacks(sample_docx):
    with zipfile.ZipFile(sample_docx) as package:
        fonts = docx.oxml.parse_xml(package.read("word/fontTable.xml"))
        names = package.namelist()
    alt = {f.get(qn("w:name")): f.find(qn("w:altName")) for f in fonts.findall(qn("w:font"))}
    assert alt["仿宋_GB2312"].get(qn("w:val")) == "仿宋"
    assert alt["楷体_GB2312"].get(qn("w:val")) == "楷体"
    assert alt["方正小标宋简体"].get(qn("w:val")) == "华文中宋"   # the first one Office installs
    assert "word/stylesWithEffects.xml" not in names


@pytest.mark.parametrize("text, width", [("示例县人民政府", 7), ("2025年1月8日", 6), ("abc", 1.5), ("（一）", 3)])
def test_text_width(text, width):
    assert text_width(text) == width


def test_several_signers_two_a_line_with_the_number_on_the_last(layout):
    signers = ("王某某", "李某", "欧阳某某")
    document = Document(blocks=[RedHeader(RED_HEADER), DocNumber(DOC_NUMBER, signers), Title(("标题",))])
    opened = docx.Document(io.BytesIO(write_docx(document, layout)))
    lines = paragraphs_by_style(opened, "发文字号")
    assert [line.text for line in lines] == ["\t签发人：王某某\t李某", f"{DOC_NUMBER}\t欧阳某某"]
    names = [run.text for line in lines for run in line.runs if run.style.name == "签发人姓名"]
    assert names == list(signers)
    width = 156 / 25.4 * 72
    stops = [[(stop.position.pt, stop.alignment) for stop in line.paragraph_format.tab_stops] for line in lines]
    column = 4 * BODY_CHAR                               # the longest name, 欧阳某某
    second, first = width - BODY_CHAR - column, width - 2 * BODY_CHAR - 2 * column
    left = WD_TAB_ALIGNMENT.LEFT
    assert [pos for pos, kind in stops[0] if kind == left] == pytest.approx(
        [first - 4 * BODY_CHAR, second], abs=0.1)       # 签发人： ends where the first column starts
    assert [pos for pos, kind in stops[1] if kind == left] == pytest.approx([first, second], abs=0.1)
    assert all(any(kind == WD_TAB_ALIGNMENT.CLEAR for _, kind in line) for line in stops)
    assert lines[0].paragraph_format.element.pPr.find(qn("w:pBdr")) is None
    assert lines[1].paragraph_format.element.pPr.find(qn("w:pBdr")) is not None   # the red rule under the last


@pytest.mark.parametrize("even_page, sections", [(True, 2), (False, 1)])
def test_imprint_on_the_back_of_the_sheet_is_a_section_without_page_numbers(layout, even_page, sections):
    import msgspec
    layout = msgspec.structs.replace(layout, imprint=msgspec.structs.replace(layout.imprint, even_page=even_page))
    line = Paragraph("依法行政" * 6 + "推进")
    blocks = [line] * 39 + [Signature(ISSUER, "2025年1月8日"), Note("此件公开发布"),
                            Imprint(COPY_TO[:3], PRINTER, PRINT_DATE)]
    opened = docx.Document(io.BytesIO(write_docx(Document(blocks=blocks), layout)))
    assert len(opened.sections) == sections
    first, last = opened.sections[0], opened.sections[-1]
    assert "PAGE" in first.footer._element.xml and "PAGE" in first.even_page_footer._element.xml
    if even_page:
        note = opened.paragraphs[-4]                               # then the blank page, the break, the end
        assert note.style.name == "附注" and note._p.pPr.find(qn("w:sectPr")) is not None
        for footer in (last.footer, last.even_page_footer):
            assert not footer.is_linked_to_previous and "PAGE" not in footer._element.xml
    breaks = [p for p in opened.paragraphs if p.paragraph_format.page_break_before]
    assert len(breaks) == 1 and len(opened.tables) == 1


def test_the_parts_are_those_python_docx_saves_in_the_same_order() -> None:
    doc = docx.Document()
    doc.add_paragraph("正文")
    saved = io.BytesIO()
    doc.save(saved)
    with zipfile.ZipFile(saved) as package:
        expected = [(name, package.read(name)) for name in package.namelist()]
    assert list(package_parts(doc).items()) == expected


def test_a_package_stamped_from_its_parts_is_the_one_stamp_makes_of_it_zipped(layout) -> None:
    members = docx_parts(sample_document(), layout)

    def unzipped(data: bytes) -> list[tuple[str, bytes]]:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return [(name, package.read(name)) for name in package.namelist()]

    assert unzipped(stamped_package(members)) == unzipped(stamp(zip_package(members)))


@given(st.text())
def test_text_width_counts_wide_characters_as_one_and_others_as_half(text: str) -> None:
    assert text_width(text) == sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)
