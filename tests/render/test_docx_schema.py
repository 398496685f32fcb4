"""The generated package validates against the WordprocessingML schema (ECMA-376, transitional).

The validator is openxml-audit, a Python port of the Open XML SDK's validator: the
SDK's schema data (element sequences, attribute types and values of the
transitional schemas) plus its package and semantic checks, i.e. what decides
whether Word opens a file or "repairs" it. (Whether the validator itself reads
every part is its own project's business, not a test of drafter.)
"""

from __future__ import annotations

from pathlib import Path

from drafter.render.blocks import DocNumber, Document, Imprint, Note, Paragraph, RedHeader, Signature, Title
from drafter.render.docx import write_docx
from tests.helpers import require

openxml_audit = require("openxml_audit")

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
