"""Write a file so that a crash, a full disk or a locked target never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def atomic_write(path: Path, content: bytes, *, what: str = "文件") -> None:
    """Replace ``path`` with ``content`` in one step; on failure the old file stays as it was."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"无法保存{what}：文件夹“{folder}”不存在", file=path)
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"无法保存{what}：文件是只读的或被锁定（可能正在 Word/WPS 中打开），"
                          "原文件未改动；请关闭文件或换一个文件名后重试", file=path)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"无法保存{what}：文件夹不可写（{exc.strerror}），原文件未改动",
                          file=path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temp_name, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, path)
    except OSError as exc:
        _discard(temp_name)
        raise OutputError(f"无法保存{what}（{exc.strerror}），原文件未改动", file=path) from None
    except BaseException:
        _discard(temp_name)
        raise


def _discard(temp_name: str) -> None:
    try:
        os.unlink(temp_name)
    except OSError:
        pass
