"""The page as LibreOffice prints it: positions measured in the PDF, in millimetres from the top left.

GB/T 9704-2012: A4, text block 156 × 225 mm at 28 mm from the left and 37 mm from
the top, 22 lines of 28 characters, page numbers 7 mm under the text block, the
版记 ending on the last line of the last page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from drafter.render.blocks import Document, Imprint, Note, Paragraph, Signature
from drafter.render.docx import write_docx
from tests.helpers import require

from .conftest import need_libreoffice
from .sample import COPY_TO, DOC_NUMBER, ISSUER, PLAIN, PRINTER, RED_HEADER, SIGNER

pdfplumber = require("pdfplumber")

MM = 25.4 / 72                 # millimetres a point
PITCH = 28.95 * MM             # one line: 10.21 mm
CHAR = 15.75 * MM              # one body character: 5.56 mm
SMALL_CHAR = 14 * MM           # one 4号 character: 4.94 mm
LEFT, RIGHT = 28.0, 184.0      # the text block's edges
TOP, BOTTOM = 37.0, 262.0


@dataclass
class Line:
    """The characters of one printed line, left to right."""

    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars) * MM

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars) * MM

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"] * MM

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"] * MM

    @property
    def font(self) -> str:
        return self.chars[0]["fontname"]

    @property
    def size(self) -> float:
        return self.chars[0]["size"]

    def find(self, text: str) -> list[dict]:
        start = self.text.index(text)
        return self.chars[start:start + len(text)]


def lines_of(page) -> list[Line]:
    """Group a page's characters into lines by their baseline, top to bottom."""
    rows: dict[float, list[dict]] = {}
    for char in page.chars:
        if not char["text"].strip():
            continue
        key = next((k for k in rows if abs(k - char["bottom"]) < 1.0), char["bottom"])
        rows.setdefault(key, []).append(char)
    lines = [Line(sorted(chars, key=lambda c: c["x0"])) for chars in rows.values()]
    return sorted(lines, key=lambda line: line.top)


def body_lines(page) -> list[Line]:
    """The lines inside the text block (not the page number)."""
    return [line for line in lines_of(page) if line.bottom < BOTTOM + 1]


def footer_lines(page) -> list[Line]:
    return [line for line in lines_of(page) if line.top > BOTTOM + 1]


def rules(page, color=None) -> list[dict]:
    """Horizontal lines and thin rectangles on the page, each once, top to bottom."""
    found = []
    for edge in page.lines + page.rects:
        if abs(edge["top"] - edge["bottom"]) > 2:
            continue
        if color is not None and tuple(edge.get("stroking_color") or ()) != color:
            continue
        if not any(abs(edge["top"] - f["top"]) < 0.5 and abs(edge["x0"] - f["x0"]) < 0.5 for f in found):
            found.append(edge)
    return sorted(found, key=lambda e: e["top"])


def line_with(lines: list[Line], text: str) -> Line:
    matches = [line for line in lines if text in line.text]
    assert matches, f"no line contains {text!r}"
    return matches[0]


def is_ideographs(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture(scope="module")
def pdf(sample_pdf):
    with pdfplumber.open(sample_pdf) as document:
        yield document


@pytest.fixture(scope="module")
def full_page(pdf):
    """The second page: all body text, from the long plain paragraph."""
    return pdf.pages[1]


def test_pages_are_a4(pdf):
    assert len(pdf.pages) >= 3
    for page in pdf.pages:
        assert page.width * MM == pytest.approx(210, abs=0.5)
        assert page.height * MM == pytest.approx(297, abs=0.5)


def test_full_page_holds_22_lines(full_page):
    lines = body_lines(full_page)
    assert len(lines) == 22
    tops = [line.top for line in lines]
    steps = [b - a for a, b in zip(tops, tops[1:], strict=False)]
    assert all(step == pytest.approx(PITCH, abs=0.3) for step in steps), steps
    assert lines[-1].bottom <= BOTTOM


def test_text_block_starts_37_mm_down_and_28_mm_in(full_page):
    lines = body_lines(full_page)
    first = lines[0]
    # A line is 28.95 pt high and its 16 pt characters sit about in the middle of it.
    line_top = first.top - (28.95 - 16) / 2 * MM
    assert line_top == pytest.approx(TOP, abs=1)
    assert min(line.x0 for line in lines) == pytest.approx(LEFT, abs=1)
    assert max(line.x1 for line in lines) <= RIGHT + 0.3


def _ideograph_top(line: Line) -> float:
    """The top of the line's Chinese characters (digits in the Latin font sit a little lower)."""
    return min(c["top"] for c in line.chars if is_ideographs(c["text"])) * MM


def test_first_page_body_lines_sit_on_the_line_grid(pdf, full_page):
    # The 版头 is not a whole number of lines tall; the spacing after it must bring the body
    # back onto the grid of the full pages, or page 1 holds its lines between the grid lines.
    grid = _ideograph_top(body_lines(full_page)[0])
    body = [line for line in body_lines(pdf.pages[0])
            if line.size == pytest.approx(16, abs=0.1) and any(is_ideographs(c["text"]) for c in line.chars)]
    assert len(body) >= 8
    for line in body:
        steps = (_ideograph_top(line) - grid) / PITCH
        assert (steps - round(steps)) * PITCH == pytest.approx(0, abs=0.5), line.text


def test_full_line_holds_28_characters(full_page):
    plain = [line for line in body_lines(full_page) if is_ideographs(line.text)]
    assert all(len(line.text) <= 28 for line in plain)
    full = [line for line in plain if line.x1 > RIGHT - CHAR]       # lines that reach the right edge
    assert len(full) >= 15
    for line in full:
        assert line.x0 == pytest.approx(LEFT, abs=0.3)
        assert len(line.text) == 28, line.text
        assert line.text in PLAIN * 3
        assert line.x1 == pytest.approx(RIGHT, abs=0.6)


def test_page_numbers(pdf):
    for index, page in enumerate(pdf.pages, start=1):
        [number] = footer_lines(page)
        assert number.text.replace(" ", "") == f"—{index}—"
        assert number.size == pytest.approx(14, abs=0.1)
        assert number.top == pytest.approx(BOTTOM + 7, abs=1.5)
        if index % 2:
            assert number.x1 == pytest.approx(RIGHT - SMALL_CHAR, abs=1), f"page {index}"
        else:
            assert number.x0 == pytest.approx(LEFT + SMALL_CHAR, abs=1), f"page {index}"


def test_red_header(pdf):
    mark = line_with(body_lines(pdf.pages[0]), RED_HEADER)
    assert mark.text == RED_HEADER
    assert all(tuple(c["non_stroking_color"]) == (1, 0, 0) for c in mark.chars)
    assert mark.size == pytest.approx(42, abs=0.1)
    assert (mark.x0 + mark.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1)
    assert mark.top == pytest.approx(TOP + 35, abs=2)


def test_doc_number_signer_and_red_rule(pdf):
    page = pdf.pages[0]
    line = line_with(body_lines(page), DOC_NUMBER)
    assert line.x0 == pytest.approx(LEFT + CHAR, abs=0.7)          # one character in
    name = line.find(SIGNER)
    assert name[-1]["x1"] * MM == pytest.approx(RIGHT - CHAR, abs=1)   # one character in from the right
    assert all("Kai" in c["fontname"] for c in name)
    assert "Kai" not in line.find("签发人")[0]["fontname"]
    [rule] = rules(page, color=(1, 0, 0))
    assert rule["x0"] * MM == pytest.approx(LEFT, abs=0.5) and rule["x1"] * MM == pytest.approx(RIGHT, abs=0.5)
    assert rule["top"] * MM - line.bottom == pytest.approx(4, abs=1)


def test_title(pdf):
    lines = body_lines(pdf.pages[0])
    title = [line for line in lines if line.size == pytest.approx(22, abs=0.1)]
    assert [line.text for line in title] == ["示例县人民政府", "关于2024年度法治政府建设情况的报告"]
    for line in title:
        assert (line.x0 + line.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1.5)
        assert "Bold" in line.font
    assert title[1].top - title[0].top == pytest.approx(PITCH, abs=0.3)
    [rule] = rules(pdf.pages[0], color=(1, 0, 0))
    gap = title[0].top - rule["top"] * MM
    assert 1.5 * PITCH < gap < 3 * PITCH                              # two blank lines under the rule


def test_first_page_shows_recipients_and_body_text(pdf):
    lines = body_lines(pdf.pages[0])
    recipients = line_with(lines, "市人民政府：")
    assert recipients.x0 == pytest.approx(LEFT, abs=0.3)
    after = [line for line in lines if line.top > recipients.top]
    assert len(after) >= 5
    assert after[0].x0 == pytest.approx(LEFT + 2 * CHAR, abs=0.5)   # the first paragraph's indent


def test_fonts_by_role(pdf):
    lines = [line for page in pdf.pages for line in body_lines(page)]
    fonts = {
        "heading1": line_with(lines, "一、主要举措和成效").font,
        "heading2": line_with(lines, "（一）加强组织领导").font,
        "heading3": line_with(lines, "健全工作机制").find("健")[0]["fontname"],
        "body": line_with(lines, "市人民政府：").font,
        "title": line_with(lines, "示例县人民政府").font,
    }
    assert "Sans" in fonts["heading1"]            # 黑体 → Noto Sans CJK SC
    assert "Kai" in fonts["heading2"]             # 楷体_GB2312 → AR PL UKai
    assert "Ming" in fonts["body"]                # 仿宋_GB2312 → AR PL UMing
    assert fonts["heading3"] == fonts["body"]
    assert "Serif" in fonts["title"] and "Bold" in fonts["title"]   # 方正小标宋简体 → Noto Serif CJK SC Bold


def test_headings_are_indented_two_characters(pdf):
    lines = [line for page in pdf.pages for line in body_lines(page)]
    for text in ("一、主要举措和成效", "（一）加强组织领导", "健全工作机制", "完善考核办法"):
        line = line_with(lines, text)
        assert line.x0 == pytest.approx(LEFT + 2 * CHAR, abs=0.6), text


def test_signature_date_and_note(pdf):
    page = pdf.pages[-1]
    lines = body_lines(page)
    issuer = line_with(lines, ISSUER)
    date = line_with(lines, "2025年1月8日")
    note = line_with(lines, "（此件公开发布）")
    assert date.x0 - issuer.x0 == pytest.approx(2 * CHAR, abs=0.8)   # date starts two characters right
    assert issuer.x1 <= RIGHT - 2 * CHAR + 1
    assert date.top - issuer.top == pytest.approx(PITCH, abs=0.3)
    assert note.top - date.top == pytest.approx(PITCH, abs=0.3)
    assert note.x0 == pytest.approx(LEFT + 2 * CHAR, abs=0.5)
    before = [line for line in lines if line.top < issuer.top - 1]
    if before:  # one blank line between the text and the signature
        assert issuer.top - before[-1].top == pytest.approx(2 * PITCH, abs=0.5)


def check_imprint_at_foot(page, above: float) -> None:
    """The 版记 on ``page``: three rules across the text block, the last on its bottom line."""
    black = [edge for edge in rules(page) if tuple(edge.get("stroking_color") or ()) != (1, 0, 0)]
    assert len(black) == 3
    for edge in black:
        assert edge["x0"] * MM == pytest.approx(LEFT, abs=0.5)
        assert edge["x1"] * MM == pytest.approx(RIGHT, abs=0.5)
    assert black[-1]["top"] * MM == pytest.approx(BOTTOM, abs=0.7)
    widths = [edge["linewidth"] for edge in black]
    assert widths[0] == pytest.approx(0.35 / MM, abs=0.15) and widths[2] == pytest.approx(0.35 / MM, abs=0.15)
    assert widths[1] == pytest.approx(0.25 / MM, abs=0.1) and widths[1] < widths[0]
    assert black[0]["top"] * MM > above
    lines = body_lines(page)
    copy = line_with(lines, "抄送：")
    assert copy.x0 == pytest.approx(LEFT + SMALL_CHAR, abs=0.7)
    assert copy.size == pytest.approx(14, abs=0.1)
    printed = line_with(lines, "印发")
    assert printed.x0 == pytest.approx(LEFT + SMALL_CHAR, abs=0.7)
    assert printed.x1 == pytest.approx(RIGHT - SMALL_CHAR, abs=1)
    assert black[1]["top"] * MM < printed.top < black[2]["top"] * MM


def test_imprint_at_the_foot_of_the_last_page(pdf):
    page = pdf.pages[-1]
    note = line_with(body_lines(page), "（此件公开发布）")
    check_imprint_at_foot(page, above=note.bottom)
    lines = body_lines(page)
    copy = line_with(lines, "抄送：")
    continued = line_with(lines, COPY_TO[-1])
    assert continued.x0 == pytest.approx(LEFT + 4 * SMALL_CHAR, abs=0.7)   # aligned after “抄送：”
    assert line_with(lines, "印发").text == f"{PRINTER}2025年1月8日印发"
    assert continued.top > copy.top
    for other in pdf.pages[:-1]:
        assert "抄送" not in other.extract_text()


@pytest.fixture(scope="module")
def crowded_pdf(layout, tmp_path_factory):
    """A one-page text whose note is on line 21: the 版记 cannot fit under it."""
    need_libreoffice()
    from drafter.render.pdf import convert_to_pdf
    blocks = [Paragraph("依法行政" * 6 + "推进")] * 17 + [
        Signature(ISSUER, "2025年1月8日"), Note("此件公开发布"),
        Imprint(COPY_TO[:3], PRINTER, "2025年1月8日")]
    folder = tmp_path_factory.mktemp("crowded")
    path = folder / "crowded.docx"
    path.write_bytes(write_docx(Document(blocks=blocks), layout))
    with pdfplumber.open(convert_to_pdf(path, folder)) as document:
        yield document


def test_imprint_that_does_not_fit_goes_to_the_foot_of_a_new_page(crowded_pdf):
    assert len(crowded_pdf.pages) == 2
    first, second = crowded_pdf.pages
    lines = body_lines(first)
    assert len(lines) == 20 and "（此件公开发布）" in lines[-1].text   # on line 21
    assert "抄送" not in first.extract_text()
    check_imprint_at_foot(second, above=TOP)
    assert [line.text for line in footer_lines(second)][0].replace(" ", "") == "—2—"


def test_pdf_path(sample_pdf: Path, sample_docx: Path):
    assert sample_pdf.suffix == ".pdf" and sample_pdf.stem == sample_docx.stem
    assert sample_pdf.read_bytes().startswith(b"%PDF")


def test_digits_use_the_latin_font_in_text_and_page_numbers(pdf):
    lines = body_lines(pdf.pages[0])
    line = line_with(lines, "2024年，示例县")
    digit, chinese = line.find("2024")[0]["fontname"], line.find("年")[0]["fontname"]
    assert digit != chinese                       # Times New Roman (or what stands in for it here)
    [number] = footer_lines(pdf.pages[0])
    assert number.find("1")[0]["fontname"] == digit
    assert "Serif" in number.find("—")[0]["fontname"]   # the dashes stay in the Chinese 宋体 (hint)


@pytest.fixture(scope="module")
def signers_pdf(layout, tmp_path_factory):
    """A 版头 with three 签发人."""
    need_libreoffice()
    from drafter.render.blocks import DocNumber, RedHeader, Title
    from drafter.render.pdf import convert_to_pdf
    blocks = [RedHeader(RED_HEADER), DocNumber(DOC_NUMBER, ("王某某", "欧阳某某", "李某")),
              Title(("关于某事的报告",)), Paragraph(PLAIN)]
    folder = tmp_path_factory.mktemp("signers")
    path = folder / "signers.docx"
    path.write_bytes(write_docx(Document(blocks=blocks), layout))
    with pdfplumber.open(convert_to_pdf(path, folder)) as document:
        yield document


def test_several_signers_two_a_line_aligned_under_the_first(signers_pdf):
    page = signers_pdf.pages[0]
    lines = body_lines(page)
    first, last = line_with(lines, "签发人："), line_with(lines, DOC_NUMBER)
    assert last.top - first.top == pytest.approx(PITCH, abs=0.3)        # the number on the last line
    assert last.x0 == pytest.approx(LEFT + CHAR, abs=0.7)
    wang, ouyang, li = first.find("王某某"), first.find("欧阳某某"), last.find("李某")
    assert li[0]["x0"] * MM == pytest.approx(wang[0]["x0"] * MM, abs=0.3)   # under the first name
    assert ouyang[0]["x0"] * MM == pytest.approx(RIGHT - CHAR - 4 * CHAR, abs=0.5)   # second column
    assert ouyang[-1]["x1"] * MM == pytest.approx(RIGHT - CHAR, abs=1)     # one character in from the right
    assert wang[0]["x0"] * MM == pytest.approx(RIGHT - CHAR - 9 * CHAR, abs=0.5)   # a column and a gap before
    assert first.find("签发人：")[-1]["x1"] * MM == pytest.approx(wang[0]["x0"] * MM, abs=0.5)
    assert all("Kai" in c["fontname"] for c in wang + li + ouyang)
    [rule] = rules(page, color=(1, 0, 0))
    assert rule["top"] * MM - last.bottom == pytest.approx(4, abs=1)
