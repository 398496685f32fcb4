"""A county's own Word 红头 template made into a template set, and the Lingqiu example rendered with it.

Three templates (a red text header, an image logo, a joint two-line header with 文件)
go through ``drafter template init --from-docx``; the Lingqiu example, with a 版头 and
a 发文字号, is rendered with each. In the PDF the header is the template's (text,
colour and font; image bytes), the red rule is where the template has it, and the
page still holds 22 lines of 28 characters.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest

from drafter.render.layout import load_layout
from tests.helpers import REPO, run_drafter

from . import county_templates
from .conftest import need_libreoffice
from .test_docx_schema import describe, validate
from .test_package import font_names, xml_parts
from .test_pdf_layout import LEFT, MM, RIGHT, body_lines, rules

pdfplumber = pytest.importorskip("pdfplumber")

KINDS = ("text", "image", "joint")
NUMBER = "灵政报〔2026〕1号"


def lingqiu(folder: Path) -> Path:
    """The Lingqiu example with a 版头, a 发文字号 and a 签发人."""
    text = (REPO / "examples" / "灵丘县2025.yaml").read_text(encoding="utf-8")
    text = text.replace("  doc_number:  ", f"  doc_number: {NUMBER}", 1)
    text = text.replace("  signer:  ", "  signer: 张某某", 1)
    text = text.replace("  red_header:  ", "  red_header: 灵丘县人民政府文件", 1)
    assert NUMBER in text and "张某某" in text and "red_header: 灵丘" in text
    path = folder / "灵丘县2025.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Per kind: the template, its PDF, the new set, the rendered .docx and its PDF."""
    need_libreoffice()
    from drafter.render.pdf import convert_to_pdf
    folder = tmp_path_factory.mktemp("county")
    templates = county_templates.write_all(folder / "templates")
    report = lingqiu(folder)
    result = {}
    for kind in KINDS:
        template = templates[kind]
        target = folder / f"我县模板_{kind}"
        init = run_drafter("template", "init", str(target), "--from-docx", str(template))
        assert init.code == 0, init.output
        out = folder / f"报告_{kind}.docx"
        render = run_drafter("render", str(report), "--template", str(target), "-o", str(out), "--pdf",
                             timeout=300)
        assert render.code == 0, render.output
        result[kind] = {"template": template, "template_pdf": convert_to_pdf(template, folder / "tpl_pdf"),
                        "set": target, "docx": out, "pdf": out.with_suffix(".pdf"), "init": init.output}
    return result


def header_lines(pdf_path: Path, texts: tuple[str, ...]) -> list:
    with pdfplumber.open(pdf_path) as pdf:
        lines = body_lines(pdf.pages[0])
    found = []
    for text in texts:
        chars = [c for line in lines if text in line.text for c in line.find(text)]
        assert chars, f"{text} not on the first page of {pdf_path.name}"
        found.append(chars)
    return found


def red_rule_top(pdf_path: Path) -> float:
    with pdfplumber.open(pdf_path) as pdf:
        [rule] = rules(pdf.pages[0], color=(1, 0, 0))
        return rule["top"] * MM


def test_init_reads_the_template_into_layout_yaml(made):
    for kind in KINDS:
        layout = load_layout(made[kind]["set"] / "layout.yaml")
        assert (layout.page.margin_top, layout.page.margin_left) == (37, 28)
        assert (layout.page.text_width, layout.page.text_height) == (156, 225)
        assert layout.grid.lines_per_page == 22 and layout.grid.line_pitch == pytest.approx(28.95)
        assert layout.fonts.body.families[0] == "仿宋_GB2312" and layout.fonts.body.size == 16
        assert layout.fonts.title.families[0] == "方正小标宋简体" and layout.fonts.title.size == 22
        assert layout.red_rule.color == "FF0000" and layout.red_rule.width == pytest.approx(1.5)
        assert (layout.page_number.prefix, layout.page_number.suffix) == ("— ", " —")
        assert (layout.page_number.odd, layout.page_number.even) == ("right", "left")
        assert layout.fonts.page_number.families[0] == "宋体" and layout.fonts.page_number.size == 14
        assert (made[kind]["set"] / "base.docx").read_bytes() == made[kind]["template"].read_bytes()
        assert "fonts.heading1" in made[kind]["init"]            # what it could not read is named
    text = load_layout(made["text"]["set"] / "layout.yaml").fonts.red_header
    assert (text.families[0], text.size, text.color) == ("方正小标宋简体", 42, "FF0000")
    assert load_layout(made["joint"]["set"] / "layout.yaml").fonts.red_header.size == 28
    assert "版头是图片" in made["image"]["init"]


@pytest.mark.parametrize("kind, texts", [("text", (county_templates.HEADER_TEXT,)),
                                         ("joint", (*county_templates.JOINT_LINES, "文件"))])
def test_text_header_is_the_templates(made, kind, texts):
    expected = header_lines(made[kind]["template_pdf"], texts)
    found = header_lines(made[kind]["pdf"], texts)
    for want, got in zip(expected, found, strict=True):
        assert "".join(c["text"] for c in got) == "".join(c["text"] for c in want)
        assert all(tuple(c["non_stroking_color"]) == (1, 0, 0) for c in got)
        assert {c["fontname"] for c in got} == {c["fontname"] for c in want}
        assert got[0]["size"] == pytest.approx(want[0]["size"], abs=0.1)
        assert got[0]["x0"] * MM == pytest.approx(want[0]["x0"] * MM, abs=1)
        assert got[0]["top"] * MM == pytest.approx(want[0]["top"] * MM, abs=1)


def test_image_header_is_the_templates(made):
    with zipfile.ZipFile(made["image"]["docx"]) as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        assert [package.read(name) for name in media] == [county_templates.png()]
    with pdfplumber.open(made["image"]["template_pdf"]) as pdf:
        [want] = pdf.pages[0].images
        want_data = want["stream"].get_data()
    with pdfplumber.open(made["image"]["pdf"]) as pdf:
        [got] = pdf.pages[0].images
        assert got["stream"].get_data() == want_data
    for edge in ("x0", "x1", "top", "bottom"):
        assert got[edge] * MM == pytest.approx(want[edge] * MM, abs=1)


@pytest.mark.parametrize("kind", KINDS)
def test_red_rule_stays_where_the_template_has_it(made, kind):
    assert red_rule_top(made[kind]["pdf"]) == pytest.approx(red_rule_top(made[kind]["template_pdf"]), abs=1)
    lines = header_lines(made[kind]["pdf"], (NUMBER, "签发人：", "张某某"))
    assert lines[0][0]["x0"] * MM == pytest.approx(LEFT + 15.75 * MM, abs=0.7)   # one character in
    assert lines[2][-1]["x1"] * MM == pytest.approx(RIGHT - 15.75 * MM, abs=1)


@pytest.mark.parametrize("kind", KINDS)
def test_page_still_holds_22_lines_of_28(made, kind):
    with pdfplumber.open(made[kind]["pdf"]) as pdf:
        page = pdf.pages[1]
        lines = body_lines(page)
    assert len(lines) == 22
    full = [line for line in lines if line.x1 > RIGHT - 15.75 * MM
            and all(unicodedata.east_asian_width(ch) in "WF" for ch in line.text)]
    assert full, "no full line of full-width characters to count"
    # 28 a line; a line may hold 27 where a bracket may not end it (《 moves to the next line)
    assert max(len(line.text) for line in full) == 28
    for line in full:
        assert len(line.text) in (27, 28), line.text
        assert line.x0 == pytest.approx(LEFT, abs=0.5) and line.x1 <= RIGHT + 0.3


@pytest.mark.parametrize("kind", KINDS)
def test_package_is_valid_and_names_only_the_sets_fonts(made, kind):
    errors = validate(made[kind]["docx"])
    assert not errors, describe(errors)
    layout = load_layout(made[kind]["set"] / "layout.yaml")
    with zipfile.ZipFile(made[kind]["docx"]) as package:
        names = set().union(*(font_names(root) for root in xml_parts(package).values()))
        assert "docProps/custom.xml" in package.namelist()        # drafter's content hash (render stamps it)
    assert names <= layout.all_families(), names - layout.all_families()


def test_a_file_that_is_not_a_docx_is_refused_and_nothing_is_made(tmp_path):
    fake = tmp_path / "模板.docx"
    fake.write_text("不是 Word 文件", encoding="utf-8")
    target = tmp_path / "我县模板"
    result = run_drafter("template", "init", str(target), "--from-docx", str(fake))
    assert result.code != 0 and result.code != 70
    assert "无法读取 Word 模板" in result.output and "模板.docx" in result.output
    assert not target.exists()


def test_a_template_without_a_red_header_names_what_it_lacks(tmp_path):
    import docx
    plain = tmp_path / "空白模板.docx"
    docx.Document().save(str(plain))
    target = tmp_path / "我县模板"
    result = run_drafter("template", "init", str(target), "--from-docx", str(plain))
    assert result.code == 0, result.output
    assert "fonts.red_header" in result.output and "red_rule" in result.output
    from drafter.render.basedocx import load_base
    assert load_base(target / "base.docx").elements == []      # reports keep drafter's own 版头
    assert run_drafter("template", "check", str(target)).code == 0
