"""Where the 版记 goes (GB/T 9704 7.4, 7.5), measured in the PDF with the page numbers.

Three cases: it fits under the signature on the last page (the sample, in
test_pdf_layout); it does not fit and the next page is even (the back of the
sheet); it does not fit and the next page is odd, so a blank page comes first,
and neither the blank page nor the 版记 page carries a number. A layout setting
for single-sided printing puts it on the next page, numbered.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.render.blocks import Document, Imprint, Note, Paragraph, Signature
from drafter.render.docx import write_docx
from drafter.render.layout import load_layout

from .conftest import need_libreoffice
from .sample import COPY_TO, DEFAULT_LAYOUT, ISSUER, PRINTER
from .test_pdf_layout import TOP, body_lines, check_imprint_at_foot, footer_lines, line_with

pdfplumber = pytest.importorskip("pdfplumber")

LINE = Paragraph("依法行政" * 6 + "推进")      # exactly one line of the grid, indent included
ENDING = [Signature(ISSUER, "2025年1月8日"), Note("此件公开发布"), Imprint(COPY_TO[:3], PRINTER, "2025年1月8日")]


def numbers(document) -> list[str]:
    """The page number printed on each page ('' where there is none)."""
    return ["".join(line.text for line in footer_lines(page)).replace(" ", "") for page in document.pages]


def render(layout, blocks, folder: Path, name: str):
    need_libreoffice()
    from drafter.render.pdf import convert_to_pdf
    path = folder / f"{name}.docx"
    path.write_bytes(write_docx(Document(blocks=blocks), layout))
    return pdfplumber.open(convert_to_pdf(path, folder))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("imprint")


def test_next_page_even_takes_the_imprint_with_its_number(layout, folder):
    # 17 lines of text and the signature end on line 21 of page 1: no room for two rows and three rules.
    with render(layout, [LINE] * 17 + ENDING, folder, "even") as pdf:
        assert len(pdf.pages) == 2
        assert "抄送" not in pdf.pages[0].extract_text()
        check_imprint_at_foot(pdf.pages[1], above=TOP)
        assert numbers(pdf) == ["—1—", "—2—"]


def test_next_page_odd_gets_a_blank_page_first_and_neither_is_numbered(layout, folder):
    # Page 1 full, the signature ends on line 21 of page 2: the next page would be the front of a sheet.
    with render(layout, [LINE] * 39 + ENDING, folder, "odd") as pdf:
        assert len(pdf.pages) == 4
        second = body_lines(pdf.pages[1])
        assert len(second) == 20 and "（此件公开发布）" in second[-1].text
        assert not pdf.pages[2].extract_text().strip()           # blank: no text, no number
        assert "抄送" not in pdf.pages[1].extract_text()
        check_imprint_at_foot(pdf.pages[3], above=TOP)
        assert numbers(pdf) == ["—1—", "—2—", "", ""]


def test_single_sided_offices_take_the_next_page(folder, tmp_path):
    custom = tmp_path / "layout.yaml"
    custom.write_text(DEFAULT_LAYOUT.read_text(encoding="utf-8").replace("even_page: true", "even_page: false"),
                      encoding="utf-8")
    layout = load_layout(custom)
    assert layout.imprint.even_page is False
    with render(layout, [LINE] * 39 + ENDING, folder, "single") as pdf:
        assert len(pdf.pages) == 3
        check_imprint_at_foot(pdf.pages[2], above=TOP)
        assert numbers(pdf) == ["—1—", "—2—", "—3—"]


def test_imprint_that_fits_stays_under_the_signature(layout, folder):
    with render(layout, [LINE] * 14 + ENDING, folder, "fits") as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        note = line_with(body_lines(page), "（此件公开发布）")
        check_imprint_at_foot(page, above=note.bottom)
        assert numbers(pdf) == ["—1—"]
