"""Open a returned .xlsx safely: size limits, zip sanity and bombs are refused before openpyxl sees it."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UnreadableFileError, package_reason
from ..yamlsource import read_bytes

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

MAX_BYTES = 20_000_000  # a filled collection workbook is some 30 KB
MAX_UNPACKED = 100_000_000  # all parts together, unpacked
MAX_RATIO = 200  # ordinary XML packs some 10:1; a bomb packs thousands to one
WHAT = "Excel 工作簿"


def open_workbook(path: Path) -> Workbook:
    """Return the workbook at ``path`` read with openpyxl (values, not formulas).

    Raise ``UnreadableFileError`` for anything that is not a sound .xlsx: not a zip
    (an .xls, a .et or a renamed file), a zip bomb, a broken package.
    """
    raw = read_bytes(path, WHAT, max_bytes=MAX_BYTES)
    _check_package(raw, path)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():  # openpyxl warns in English about Excel extensions it drops
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(raw), data_only=True)
            book.uncached_formulas = _uncached_formulas(raw, book) if _has_formulas(raw) else {}
            return book
    except Exception as exc:  # openpyxl raises many types for a damaged package; all mean "unreadable"
        raise UnreadableFileError(
            f"这个 Excel 工作簿已损坏，无法读取（{package_reason(exc)}）；请在 Excel 或 WPS 中打开后"
            "重新“另存为”.xlsx 格式", file=path) from None


def _has_formulas(raw: bytes) -> bool:
    """Return whether a worksheet of the package holds a formula (``<f>``): most returned forms hold none."""
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        return any(b"<f" in package.read(name) for name in package.namelist()
                   if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def _uncached_formulas(raw: bytes, values: Workbook) -> dict[tuple[str, str], str]:
    """Return (sheet, cell) → formula for each formula whose result the file does not hold: a file
    written by a program that does not calculate (Excel and WPS save the result with the formula)."""
    from openpyxl import load_workbook

    formulas = load_workbook(io.BytesIO(raw), data_only=False)
    found = {}
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("=") \
                        and values[sheet.title][cell.coordinate].value is None:
                    found[(sheet.title, cell.coordinate)] = cell.value
    return found


def _check_package(raw: bytes, path: Path) -> None:
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        hint = ("这是旧的 .xls 格式" if raw.startswith(b"\xd0\xcf\x11\xe0") else "这不是 .xlsx 格式的 Excel 工作簿")
        raise UnreadableFileError(f"{hint}，drafter 读不了；请在 Excel 或 WPS 中打开，"
                                  "“另存为”Excel 工作簿（*.xlsx）后再试", file=path)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            members = package.infolist()
            names = {m.filename for m in members}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFileError("这个 Excel 工作簿已损坏（压缩包不完整），请重新保存后再试",
                                  file=path) from None
    unpacked = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * packed and unpacked > 1_000_000:
        raise UnreadableFileError(
            f"这个文件解压后有 {unpacked / 1_000_000:.0f} MB，不像是一张填好的收集表（可能是“压缩炸弹”），"
            "drafter 拒绝打开", file=path)
    if "xl/workbook.xml" not in names:
        raise UnreadableFileError("这个压缩包里没有 Excel 工作簿的内容，不是 .xlsx 文件；"
                                  "请确认选对了文件", file=path)
