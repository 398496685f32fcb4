"""The generated package validates against the WordprocessingML schema (ECMA-376, transitional).

The validator is openxml-audit, a Python port of the Open XML SDK's validator: the
SDK's schema data (element sequences, attribute types and values of the
transitional schemas) plus its package and semantic checks, i.e. what decides
whether Word opens a file or "repairs" it. Each part this renderer writes is
also broken on purpose once, to show the validator really reads that part.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from drafter.render.blocks import DocNumber, Document, Imprint, Note, Paragraph, RedHeader, Signature, Title
from drafter.render.docx import write_docx

openxml_audit = pytest.importorskip("openxml_audit")

PARTS = ("word/document.xml", "word/styles.xml", "word/settings.xml", "word/footer1.xml",
         "word/footer2.xml", "word/fontTable.xml")


def validate(path: Path) -> list:
    # OFFICE_2010 is the first format whose schema is the ECMA-376 transitional one
    # (2nd edition onwards), which python-docx's own markup (w:tblLook attributes) follows.
    validator = openxml_audit.OpenXmlValidator(file_format=openxml_audit.FileFormat.OFFICE_2010)
    return list(validator.validate(path).errors)


def describe(errors: list) -> str:
    return "\n".join(str(error) for error in errors)


def test_sample_is_valid(sample_docx):
    errors = validate(sample_docx)
    assert not errors, describe(errors)


def test_small_documents_are_valid(layout, tmp_path):
    documents = {
        "no_header": Document(blocks=[Title(("关于某事的报告",)), Paragraph("正文。")]),
        "header_only": Document(blocks=[RedHeader("示例县人民政府文件"), Title(("标题",))]),
        "number_only": Document(blocks=[DocNumber("示政发〔2025〕1号"), Paragraph("正文。"),
                                        Signature("示例县人民政府", "2025年1月8日")]),
        "empty": Document(),
        # the 版记 on the back of the sheet: a second section with empty footers after a blank page
        "back_of_sheet": Document(blocks=[Paragraph("依法行政" * 6 + "推进")] * 39 + [
            Signature("示例县人民政府", "2025年1月8日"), Note("此件公开发布"),
            Imprint(("县委办公室",), "示例县人民政府办公室", "2025年1月8日")]),
        "several_signers": Document(blocks=[RedHeader("示例县人民政府文件"),
                                            DocNumber("示政报〔2025〕1号", ("王某某", "李某", "欧阳某某"))]),
    }
    for name, document in documents.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(write_docx(document, layout))
        errors = validate(path)
        assert not errors, f"{name}:\n{describe(errors)}"


def rewrite(source: Path, target: Path, part: str, change) -> None:
    """Copy the package ``source`` to ``target`` with ``change`` applied to one part's XML text."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == part:
                changed = change(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), f"the change to {part} matched nothing"
                data = changed.encode("utf-8")
            new.writestr(item, data)


def swap_first(text: str, first: str, second: str) -> str:
    """Move the first ``<w:second …/>`` in front of the ``<w:first …/>`` just before it."""
    pattern = re.compile(rf"(<w:{first}\b[^>]*/>)(.*?)(<w:{second}\b[^>]*/>)", re.S)
    return pattern.sub(lambda m: m.group(3) + m.group(2) + m.group(1), text, count=1)


BREAKAGES = {
    "word/document.xml": lambda xml: swap_first(xml, "tblpPr", "tblW"),
    "word/styles.xml": lambda xml: swap_first(xml, "widowControl", "autoSpaceDE"),
    "word/settings.xml": lambda xml: swap_first(xml, "evenAndOddHeaders", "characterSpacingControl"),
    "word/footer1.xml": lambda xml: swap_first(xml, "pStyle", "jc"),
    "word/footer2.xml": lambda xml: xml.replace('w:fldCharType="begin"', 'w:fldCharType="start"'),
    "word/fontTable.xml": lambda xml: swap_first(xml, "altName", "charset"),
}


@pytest.mark.parametrize("part", PARTS)
def test_validator_reads_every_part(sample_docx, tmp_path, part):
    broken = tmp_path / "broken.docx"
    rewrite(sample_docx, broken, part, BREAKAGES[part])
    errors = validate(broken)
    assert any(error.part_uri == "/" + part for error in errors), describe(errors)
