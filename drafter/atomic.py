"""Write a file so that a crash, a full disk or a locked target never leaves half a file behind.

The content goes to a temporary file beside the target (``.NAME.PID.xxxxxxxx.tmp``),
which then replaces the target in one step. A run killed in between leaves its
temporary file behind; the next write to the same target removes it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from .errors import OutputError, os_reason
from .outputs import OutputRefused, check_name, name_max, resolved

STALE_SECONDS = 24 * 3600  # a temporary file this old belongs to no running drafter
_RANDOM_PART = r"[a-z0-9_]{8}\.tmp"


def atomic_write(path: Path, content: bytes, *, what: str = "文件") -> None:
    """Replace ``path`` with ``content`` in one step; on failure the old file stays as it was.

    A link is followed (the file it points to is replaced, the link kept); a target that
    is not a regular file (a device, a FIFO, a folder) or a name too long is refused.
    """
    path = Path(path)
    if path.is_symlink():
        path = resolved(path)
    folder = path.parent if str(path.parent) else Path(".")
    check_name(path, what)
    if not folder.is_dir():
        raise OutputError(f"无法保存{what}：文件夹“{folder}”不存在", file=path)
    _refuse_special(path, what)
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"无法保存{what}：文件是只读的或被锁定（可能正在 Word/WPS 中打开），"
                          "原文件未改动；请关闭文件或换一个文件名后重试", file=path)
    prefix = _temp_prefix(path.name, name_max(folder))
    remove_stale_temporaries(folder, prefix)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f"{prefix}{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise OutputError(f"无法保存{what}：文件的完整路径太长，请换一个短一些的文件夹或文件名",
                              file=path) from None
        raise OutputError(f"无法保存{what}：文件夹不可写（{os_reason(exc)}），原文件未改动",
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
        raise OutputError(f"无法保存{what}（{os_reason(exc)}），原文件未改动", file=path) from None
    except BaseException:
        _discard(temp_name)
        raise


def remove_stale_temporaries(folder: Path, prefix: str) -> None:
    """Remove the temporary files of earlier writes to one target whose process is gone."""
    pattern = re.compile(re.escape(prefix) + rf"(?:(\d+)\.)?{_RANDOM_PART}")
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        pid = int(found.group(1)) if found.group(1) else None
        if now - info.st_mtime > STALE_SECONDS or (pid is not None and not _running(pid)):
            _discard(entry.path)


def _running(pid: int) -> bool:
    """Return whether process ``pid`` runs; where that cannot be asked, assume it does."""
    if os.name != "posix":
        return True  # Windows: os.kill(pid, 0) would send CTRL_C_EVENT; rely on age alone
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _refuse_special(path: Path, what: str) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"无法保存{what}（{os_reason(exc)}）", file=path) from None
    if stat.S_ISDIR(mode):
        raise OutputRefused(f"无法保存{what}：这是一个文件夹；请写出文件名", file=path)
    if not stat.S_ISREG(mode):
        raise OutputRefused(f"不能把{what}写到这里：它不是普通文件（而是设备、管道等特殊文件），"
                            "没有改动它；请换一个文件名", file=path)


def _temp_prefix(name: str, name_max: int) -> str:
    """Return ``.NAME.`` shortened so that the temporary name (pid and random part added) fits."""
    room = name_max - len(".") - len(".") - 10 - len(".") - 8 - len(".tmp")  # pid up to 10 digits
    encoded = os.fsencode(name)
    if len(encoded) > room:
        name = encoded[:room].decode("utf-8", errors="ignore") if os.name == "posix" else name[:room // 3]
    return f".{name}."


def _discard(temp_name: str) -> None:
    try:
        os.unlink(temp_name)
    except OSError:
        pass
