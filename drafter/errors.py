"""The error family: every error a user can cause, located by file, line and field.

Constructors take keyword arguments and do no I/O; only ``cli.py`` prints them.
"""

from __future__ import annotations

import errno
from pathlib import Path

import msgspec


class Location(msgspec.Struct, frozen=True):
    """Where a problem sits: a file, a 1-based line (0 when unknown) and a field label."""

    file: Path | None = None
    line: int = 0
    field: str = ""

    def prefix(self) -> str:
        """Return ``file:line: 字段: `` for the start of a message line."""
        parts = []
        if self.file is not None:
            parts.append(f"{self.file}:{self.line}" if self.line else str(self.file))
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + (": " if parts else "")


class DrafterError(Exception):
    """Base of every error drafter reports to a user; ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str, *, file: Path | str | None = None, line: int = 0,
                 field: str = "", problems: list | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = Location(Path(file) if file is not None else None, line, field)
        self.problems = problems or []

    def __str__(self) -> str:
        return self.location.prefix() + self.message


class UnreadableFileError(DrafterError):
    """The file cannot be read as YAML at all (missing, encoding, syntax, bombs)."""

    exit_code = 2


class StructureError(DrafterError):
    """A template set's structure, layout or text templates are wrong; ``problems`` lists all."""

    exit_code = 2


class ReportInvalidError(DrafterError):
    """A report file has errors; ``problems`` holds every one of them."""


class OutputError(DrafterError):
    """The output file could not be written; the previous file is untouched."""

    exit_code = 3


# What the common system errors mean to someone who saves files in Word; the rest keep the
# system's own words after the number, so that support can still look them up.
_OS_REASONS = {
    errno.EACCES: "没有权限：文件可能正在 Word/WPS 中打开，或者文件夹只读",
    errno.EPERM: "没有权限：文件可能正在 Word/WPS 中打开，或者文件夹只读",
    errno.EROFS: "所在的磁盘或文件夹只读",
    errno.ENOSPC: "磁盘已满",
    errno.EFBIG: "文件太大，超出了磁盘或系统允许的大小",
    errno.EDQUOT: "磁盘空间配额已用完",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ETXTBSY: "文件正被其他程序占用",
    errno.EIO: "磁盘读写出错",
    errno.EMFILE: "同时打开的文件太多",
    errno.ELOOP: "快捷方式（链接）指向自己",
    errno.EXDEV: "不能跨磁盘移动文件",
}


def os_reason(exc: OSError) -> str:
    """Say in Chinese why the system refused a file operation."""
    reason = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    if reason:
        return reason
    return f"系统错误 {exc.errno}：{exc.strerror}" if exc.errno is not None else f"系统错误：{exc}"


# Why a .docx or .xlsx package could not be opened, by the class names of what the readers raise
# (python-docx, openpyxl, zipfile, lxml), nearest class first; nothing heavy is imported here.
_PACKAGE_REASONS = {
    "PackageNotFoundError": "不是 Office 文档格式（可能是 .doc、.wps，或改了扩展名的文件）",
    "BadZipFile": "不是有效的 Office 文档，或者不完整",
    "LargeZipFile": "文件太大",
    "error": "压缩数据已损坏",  # zlib.error
    "EOFError": "文件不完整（可能没有下载或复制完）",
    "KeyError": "缺少必需的部件",
    "NotImplementedError": "用了不支持的压缩方式",
    "XMLSyntaxError": "内部的 XML 格式错误",
    "LxmlError": "内部的 XML 格式错误",
    "ValueError": "内容不符合格式",
    "TypeError": "内容不符合格式",
    "AttributeError": "内容不符合格式",
}


def package_reason(exc: BaseException) -> str:
    """Say in Chinese why a Word or Excel file could not be opened (never the exception's class name)."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return os_reason(exc)
    for cls in type(exc).__mro__:
        if cls.__name__ in _PACKAGE_REASONS:
            return _PACKAGE_REASONS[cls.__name__]
    return "格式无法识别"
