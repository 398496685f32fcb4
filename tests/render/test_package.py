"""The package Word and WPS open: only drafter's parts, only the layout's fonts, Chinese style names.

python-docx's default template brought a Calibri/Cambria theme with Japanese and
Traditional Chinese fonts, a font table naming Symbol and ＭＳ 明朝, a thumbnail, a
customXml item and unused built-in styles; WPS reported the fonts as missing.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from drafter.render.docx import STYLE_NAMES, write_docx
from drafter.render.layout import ROLES, load_layout

from .sample import DEFAULT_LAYOUT, ISSUER, sample_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

# Every part drafter writes, and nothing else.
EXPECTED_PARTS = {
    "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
    "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml",
    "word/fontTable.xml", "word/theme/theme1.xml", "word/footer1.xml", "word/footer2.xml",
}
EXPECTED_RELS = {
    "_rels/.rels": {"officeDocument", "core-properties", "extended-properties"},
    "word/_rels/document.xml.rels": {"styles", "settings", "fontTable", "theme", "footer"},
}
WORD_DEFAULT_STYLES = {"Normal", "Default Paragraph Font", "Normal Table"}   # Word shows them in Chinese


def xml_parts(package: zipfile.ZipFile) -> dict[str, etree._Element]:
    return {name: etree.fromstring(package.read(name)) for name in package.namelist()
            if name.endswith((".xml", ".rels"))}


def font_names(root: etree._Element) -> set[str]:
    """Every font name an XML part refers to, in any attribute that holds one."""
    found = set()
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag == f"{W}rFonts":
            found.update(node.get(f"{W}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")
                         if node.get(f"{W}{slot}"))
        elif node.tag == f"{W}font":
            found.add(node.get(f"{W}name"))
        elif node.tag in (f"{W}altName", "{http://schemas.openxmlformats.org/officeDocument/2006/math}mathFont"):
            found.add(node.get(f"{W}val") or node.get(
                "{http://schemas.openxmlformats.org/officeDocument/2006/math}val"))
        for attr, value in node.attrib.items():
            if attr.rsplit("}", 1)[-1] == "typeface" and value:
                found.add(value)
    return found


@pytest.fixture(scope="module")
def package(sample_docx: Path):
    with zipfile.ZipFile(sample_docx) as opened:
        yield opened


def test_every_font_named_anywhere_is_a_layout_font(package, layout):
    allowed = layout.all_families()
    by_part = {name: font_names(root) for name, root in xml_parts(package).items()}
    for part in ("word/theme/theme1.xml", "word/fontTable.xml", "word/styles.xml", "word/footer1.xml"):
        assert by_part[part], f"{part} names no font: the scan would prove nothing"
    for part, names in by_part.items():
        assert names <= allowed, f"{part} names {names - allowed}"
    everything = set().union(*by_part.values())
    assert not everything & {"Calibri", "Cambria", "Symbol", "ＭＳ 明朝", "ＭＳ ゴシック", "新細明體",
                             "Cambria Math"}


def test_font_table_lists_exactly_the_used_fonts(package, layout):
    fonts = etree.fromstring(package.read("word/fontTable.xml")).findall(f"{W}font")
    table = {font.get(f"{W}name"): font for font in fonts}
    used = {getattr(layout.fonts, role).name for role in ROLES} | {"Times New Roman"}
    assert set(table) == used and len(fonts) == len(used)
    styles = font_names(etree.fromstring(package.read("word/styles.xml")))
    assert styles == used           # no font the table declares goes unused, and the reverse
    alt = {name: font.find(f"{W}altName").get(f"{W}val") for name, font in table.items()
           if font.find(f"{W}altName") is not None}
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
    assert alt["方正小标宋简体"] == "华文中宋" and alt["黑体"] == "SimHei" and alt["宋体"] == "SimSun"
    for name, font in table.items():
        charset = font.find(f"{W}charset").get(f"{W}val")
        assert charset == ("00" if name == "Times New Roman" else "86"), name


def test_theme_fonts_are_the_layout_fonts(package, layout):
    theme = etree.fromstring(package.read("word/theme/theme1.xml"))
    major, minor = theme.find(f".//{A}majorFont"), theme.find(f".//{A}minorFont")
    assert major.find(f"{A}ea").get("typeface") == layout.fonts.title.name == "方正小标宋简体"
    assert minor.find(f"{A}ea").get("typeface") == layout.fonts.body.name == "仿宋_GB2312"
    for group in (major, minor):
        assert group.find(f"{A}latin").get("typeface") == "Times New Roman"
        scripts = {font.get("script") for font in group.findall(f"{A}font")}
        assert scripts == {"Hans"}


def test_package_holds_only_the_parts_drafter_writes(package):
    assert set(package.namelist()) == EXPECTED_PARTS
    for rels_name, expected in EXPECTED_RELS.items():
        rels = etree.fromstring(package.read(rels_name))
        kinds = {rel.get("Type").rsplit("/", 1)[-1] for rel in rels}
        assert kinds == expected, rels_name
    types = package.read("[Content_Types].xml").decode()
    assert "jpeg" not in types and "customXml" not in types


def test_only_drafters_styles_with_chinese_names(package):
    styles = etree.fromstring(package.read("word/styles.xml"))
    names = {style.find(f"{W}name").get(f"{W}val") for style in styles.findall(f"{W}style")}
    assert names == WORD_DEFAULT_STYLES | {name for name, _ in STYLE_NAMES.values()}
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in names - WORD_DEFAULT_STYLES)
    assert styles.find(f"{W}latentStyles") is None


def test_settings_carry_no_template_leftovers(package):
    settings = package.read("word/settings.xml").decode()
    for leftover in ("mathPr", "savePreviewPicture", "attachedTemplate"):
        assert leftover not in settings


def test_properties_name_issuer_title_and_drafter(package):
    core = etree.fromstring(package.read("docProps/core.xml"))
    values = {node.tag.rsplit("}", 1)[-1]: node.text for node in core}
    assert values["title"] == "示例县人民政府关于2024年度法治政府建设情况的报告"
    assert values["creator"] == values["lastModifiedBy"] == ISSUER
    assert "drafter" in values["description"]
    app = etree.fromstring(package.read("docProps/app.xml"))
    ep = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.find(f"{ep}Application").text.startswith("drafter ")
    assert app.find(f"{ep}Company").text == ISSUER
    assert values["title"] in etree.tostring(app.find(f"{ep}TitlesOfParts"), encoding="unicode")
    assert app.find(f"{ep}Template") is None and app.find(f"{ep}Pages") is None


def test_every_rfonts_uses_the_latin_font_for_letters_and_digits(package):
    found = 0
    for name, root in xml_parts(package).items():
        for fonts in root.iter(f"{W}rFonts"):
            found += 1
            assert fonts.get(f"{W}ascii") == fonts.get(f"{W}hAnsi") == "Times New Roman", name
    assert found >= len(ROLES)


def test_latin_font_is_a_layout_setting(tmp_path):
    custom = tmp_path / "layout.yaml"
    custom.write_text(DEFAULT_LAYOUT.read_text(encoding="utf-8").replace(
        "latin: [Times New Roman]", "latin: [Arial, Helvetica]"), encoding="utf-8")
    layout = load_layout(custom)
    assert layout.latin == ("Arial", "Helvetica")
    with zipfile.ZipFile(io.BytesIO(write_docx(sample_document(), layout))) as package:
        parts = xml_parts(package)
    assert all(fonts.get(f"{W}hAnsi") == "Arial" for root in parts.values() for fonts in root.iter(f"{W}rFonts"))
    names = set().union(*(font_names(root) for root in parts.values()))
    assert "Arial" in names and "Times New Roman" not in names
    assert names <= layout.all_families()
    table = {font.get(f"{W}name"): font for font in parts["word/fontTable.xml"].findall(f"{W}font")}
    assert table["Arial"].find(f"{W}altName").get(f"{W}val") == "Helvetica"


def test_layout_without_latin_key_defaults_to_times_new_roman(tmp_path):
    custom = tmp_path / "layout.yaml"
    custom.write_text("version: 1\n", encoding="utf-8")
    assert load_layout(custom).latin == ("Times New Roman",)


def test_rendered_report_adds_only_the_content_hash_part(tmp_path):
    from drafter.render.pipeline import render_report_file

    from .sample import ROOT
    out = render_report_file(ROOT / "examples" / "灵丘县2025.yaml", tmp_path / "报告.docx")
    with zipfile.ZipFile(out) as package:
        assert set(package.namelist()) == EXPECTED_PARTS | {"docProps/custom.xml"}
        rels = etree.fromstring(package.read("_rels/.rels"))
    kinds = {rel.get("Type").rsplit("/", 1)[-1] for rel in rels}
    assert kinds == EXPECTED_RELS["_rels/.rels"] | {"custom-properties"}
