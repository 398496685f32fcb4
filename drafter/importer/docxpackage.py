"""Open a .docx of unknown origin safely: bounded sizes, no DTDs, every failure in Chinese.

A .docx is a zip of XML parts. Before python-docx unpacks it, each part's size is
checked against a limit (the zip module never yields more than the size a part
declares, and a part that lies about it fails its CRC), XML with a DOCTYPE or
entity declarations is refused, and any zip or XML error becomes an
``UnreadableFileError`` naming the file.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import UnreadableFileError, package_reason

MAX_PART_BYTES = 50_000_000    # a year's report: document.xml of a few MB at most
MAX_TOTAL_BYTES = 200_000_000  # pictures included
MAX_PARTS = 5_000
_BROKEN = "这个 Word 文件无法读取（{}），文件可能已损坏，或者不是 .docx 格式；请在 Word 或 WPS 中打开后“另存为”.docx 再导入"
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, KeyError, OSError)


def open_docx(raw: bytes, path: Path) -> Any:
    """Return the python-docx ``Document`` of ``raw``; raise ``UnreadableFileError`` when unsafe or broken."""
    from docx import Document

    _check_package(raw, path)
    try:
        return Document(io.BytesIO(raw))
    except etree.LxmlError as exc:
        raise UnreadableFileError(_BROKEN.format(package_reason(exc)), file=path) from None
    except (*_ZIP_ERRORS, TypeError, AttributeError) as exc:
        raise UnreadableFileError(_BROKEN.format(package_reason(exc)), file=path) from None


def _check_package(raw: bytes, path: Path) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise UnreadableFileError(_BROKEN.format(package_reason(exc)), file=path) from None
    if len(infos) > MAX_PARTS:
        raise UnreadableFileError(f"Word 文件里有 {len(infos)} 个部件，超过了 {MAX_PARTS} 个的上限，"
                                  "不像是一份报告，没有读取", file=path)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
            what = f"其中的“{info.filename}”" if info.file_size > MAX_PART_BYTES else "全部内容"
            limit = MAX_PART_BYTES if info.file_size > MAX_PART_BYTES else MAX_TOTAL_BYTES
            raise UnreadableFileError(
                f"Word 文件{what}解压后超过 {limit // 1_000_000} MB 的上限，不像是一份报告"
                "（可能是恶意构造的压缩文件），没有读取", file=path)
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            _check_xml(archive, info, path)


def _check_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    try:
        data = archive.read(info)
    except _ZIP_ERRORS as exc:
        detail = "校验错误" if "CRC" in str(exc) else package_reason(exc)
        raise UnreadableFileError(_BROKEN.format(f"“{info.filename}”{detail}"), file=path) from None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UnreadableFileError(f"Word 文件的“{info.filename}”里有 DOCTYPE 或实体声明，Word 和 WPS 保存的文件"
                                  "不会有这些；为安全起见没有读取", file=path)
