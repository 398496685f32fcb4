"""Every bundled example renders to a complete report: docx reopened, PDF checked against GB/T 9704."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import docx
import pytest

from drafter.report import open_report
from tests.helpers import REPO, require, run_drafter
from tests.render.conftest import need_libreoffice
from tests.render.test_pdf_layout import BOTTOM, LEFT, MM, RIGHT, TOP, body_lines, footer_lines

pdfplumber = require("pdfplumber")

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))


def test_there_is_an_example_for_every_seed_and_a_department() -> None:
    names = {p.stem for p in EXAMPLES}
    assert {"灵丘县2025", "灵寿县2021", "岚县2023", "曲沃县2024", "吕梁市2023", "示例县司法局2025"} <= names


@pytest.fixture(scope="module", params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    need_libreoffice()
    example: Path = request.param
    out = tmp_path_factory.mktemp("examples") / f"{example.stem}.docx"
    result = run_drafter("render", str(example), "-o", str(out), "--pdf", timeout=300)
    assert result.code == 0, result.output
    assert "已生成 PDF" in result.output
    return example, out, out.with_suffix(".pdf")


def _docx_paragraphs(path: Path) -> list[docx.text.paragraph.Paragraph]:
    return list(docx.Document(str(path)).paragraphs)


def figures_as_the_file_shows_them(example: Path) -> list[str]:
    """Return each reported figure as the report should write it: the value as typed in the data
    file, then the unit in brackets at the end of its comment (“# 受理行政复议案件（件）”)."""
    shown, indent = [], None
    for line in example.read_text(encoding="utf-8").split("\n"):
        opened = re.match(r"^( *)figures:", line)
        if opened:
            indent = len(opened.group(1))
            continue
        if indent is None or not line.strip():
            continue
        if len(line) - len(line.lstrip(" ")) <= indent:
            indent = None
            continue
        entry = re.match(r"^ +\w+: *(\S*) +#.*（([^（）]+)）\s*$", line)
        assert entry, f"a figure line without its unit comment: {line!r}"
        if entry.group(1):
            shown.append(entry.group(1) + entry.group(2))
    return shown


def test_every_figure_of_the_yaml_is_in_the_text(rendered: tuple[Path, Path, Path]) -> None:
    example, out, _ = rendered
    text = "\n".join(p.text for p in _docx_paragraphs(out))
    expected = figures_as_the_file_shows_them(example)
    assert len(expected) >= 15, "the example reports few figures"
    missing = [figure for figure in expected if figure not in text]
    assert not missing, f"not in the document: {missing}"


def test_parts_in_statutory_order_as_outline_headings(rendered: tuple[Path, Path, Path]) -> None:
    example, out, _ = rendered
    opened = open_report(example)
    headings = [p for p in _docx_paragraphs(out) if p.style.name == "一级标题"]
    expected = [part for part in opened.structure.parts
                if part.key != "other" or opened.report.block_items(part)]
    titles = [p.text for p in headings]
    assert len(titles) == len(expected), titles
    numerals = "一二三四五"
    for index, (title, part) in enumerate(zip(titles, expected, strict=True)):
        assert title.startswith(numerals[index] + "、")
        default = part.heading.replace("下一年度", "")
        custom = opened.report.headings.get(part.key)
        assert (custom or default) in title, (title, part.heading)


def test_pdf_pages_follow_gbt9704(rendered: tuple[Path, Path, Path]) -> None:
    _, _, pdf_path = rendered
    with pdfplumber.open(pdf_path) as pdf:
        pages = pdf.pages
        assert len(pages) >= 2
        full_pages = 0
        for number, page in enumerate(pages, start=1):
            assert page.width * MM == pytest.approx(210, abs=0.5)
            assert page.height * MM == pytest.approx(297, abs=0.5)
            footer = footer_lines(page)
            assert [line.text.replace(" ", "") for line in footer] == [f"—{number}—"]
            lines = body_lines(page)
            assert len(lines) <= 22
            if lines and number < len(pages):  # the last page may hold only the 版记, one character in
                assert min(line.x0 for line in lines) == pytest.approx(LEFT, abs=1)
                assert max(line.x1 for line in lines) <= RIGHT + 6  # a hanging full stop at most
                assert lines[-1].bottom <= BOTTOM + 0.5
            if 1 < number < len(pages) and len(lines) == 22:
                full_pages += 1
                first_top = lines[0].top - (28.95 - 16) / 2 * MM
                assert first_top == pytest.approx(TOP, abs=1)
                _assert_full_lines_hold_28_characters(lines)
        assert full_pages >= 1 or len(pages) <= 2


def _assert_full_lines_hold_28_characters(lines: list) -> None:
    wide = [line for line in lines
            if all(unicodedata.east_asian_width(ch) in "WF" for ch in line.text)
            and line.x0 == pytest.approx(LEFT, abs=0.5) and line.x1 > RIGHT - 3]
    # Line-breaking rules may pull a character or two down (no line starts with ，or ends with （) or
    # let a full stop hang past the edge: 26, 27 or 29 then, 28 for the rest.
    counts = [len(line.text) - (line.text[-1] in "，。、；：！？”）" and len(line.text) == 29) for line in wide]
    assert all(26 <= n <= 28 for n in counts), [line.text for line in wide]
    assert counts.count(28) >= len(counts) * 0.6, counts


def test_every_example_validates_against_the_ooxml_schema(rendered: tuple[Path, Path, Path]) -> None:
    from tests.render.test_docx_schema import describe, validate

    _, out, _ = rendered
    errors = validate(out)
    assert not errors, describe(errors)
