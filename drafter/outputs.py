"""Guards on the file a command writes: never one of the files it reads, never overwritten unasked."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from .errors import DrafterError, OutputError, os_reason

NAME_MAX = 255  # bytes of one file name, where the file system does not say


class OutputRefused(DrafterError):
    """The output named on the command line must not be written (it is an input, a device …)."""

    exit_code = 2


def resolved(path: Path) -> Path:
    """Return ``path`` made absolute with its links resolved, as far as the file system allows."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a name too long, a loop of links
        return Path(os.path.abspath(path))


def is_same_file(first: Path, second: Path) -> bool:
    """Return whether two paths name one file: the same resolved path, or a hard link to it."""
    if resolved(first) == resolved(second):
        return True
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def refuse_inputs(output: Path, inputs: Iterable[Path], *, folders: Iterable[Path] = (),
                  what: str = "输出文件") -> None:
    """Refuse ``output`` when it is one of ``inputs`` or an existing file inside ``folders``.

    ``folders`` are the template-set folders in use: writing over any of their files
    would break the templates the command has just read.
    """
    for source in inputs:
        if is_same_file(output, source):
            raise OutputRefused(f"{what}不能写到本命令读取的文件 {source} 上（那样会毁掉它）；"
                                "请用另一个文件名", file=output)
    target = resolved(output)
    for folder in folders:
        if target.is_relative_to(resolved(folder)) and target.exists():
            raise OutputRefused(f"{what}不能写到正在使用的模板文件夹 {folder} 中已有的文件上"
                                "（那样会毁掉模板）；请用另一个文件名", file=output)


def name_max(folder: Path) -> int:
    """Return the longest file name, in bytes, the file system of ``folder`` allows."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # Windows, or a folder not there
        return NAME_MAX


def check_name(path: Path, what: str) -> None:
    """Refuse, with a clear message, a file name longer than the file system allows."""
    size = len(os.fsencode(Path(path).name))
    limit = name_max(Path(path).parent)
    if size > limit:
        raise OutputError(f"无法保存{what}：文件名太长（{size} 字节，最多 {limit} 字节，"
                          "一个汉字占 3 字节）；请换一个短一些的文件名", file=path)


def refuse_existing(output: Path, *, what: str, hint: str) -> None:
    """Refuse to replace an existing ``output`` the clerk did not allow with ``--force``."""
    if output.exists() or output.is_symlink():
        raise DrafterError(f"{what}已经存在，为免覆盖其中的内容，没有写入；{hint}", file=output)


BACKUP_MARK = "修改前"


def keep_backup(path: Path, *, now: dt.datetime | None = None) -> Path:
    """Keep the current ``path`` beside it as ``NAME.修改前-YYYYMMDD-HHMM.EXT``; return that name.

    The backup is a hard link where the file system allows (no copy, no moment without
    the file), else a copy; a second backup within the same minute gets ``-2``, ``-3`` ….
    """
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M")
    for number in range(1, 1000):
        backup = path.with_name(_backup_name(path, f"{BACKUP_MARK}-{stamp}" + (f"-{number}" if number > 1 else "")))
        try:
            _link_or_copy(path, backup)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"无法在覆盖前保存原文件的备份（{os_reason(exc)}），原文件未改动",
                              file=backup) from None
        return backup
    raise OutputError("同一分钟内的备份太多，原文件未改动；请稍后再试", file=path)


def _backup_name(path: Path, mark: str) -> str:
    stem, suffix = path.stem, path.suffix
    while len(os.fsencode(f"{stem}.{mark}{suffix}")) > name_max(path.parent) and stem:
        stem = stem[:-1]
    return f"{stem}.{mark}{suffix}"


def _link_or_copy(source: Path, backup: Path) -> None:
    try:
        os.link(source, backup)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # no hard links here (FAT, some network shares): copy instead
    with open(source, "rb") as reading, open(backup, "xb") as writing:
        shutil.copyfileobj(reading, writing)
    shutil.copystat(source, backup)
