"""drafter's own cache folder: template-set checks that passed, and compiled Jinja templates.

Entries are keyed by content hashes (of the set's files, and of drafter's own code), so an
edited template or a new drafter never meets a stale entry. The cache only saves time: a
folder that is missing, read-only or broken means no cache, never an error.
``DRAFTER_CACHE_DIR`` chooses the folder (an empty value turns the cache off); otherwise it is
the user cache folder of the platform (``platformdirs``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import jinja2

ENV_VAR = "DRAFTER_CACHE_DIR"
_PACKAGE = Path(__file__).resolve().parent.parent
T = TypeVar("T")


@cache
def code_fingerprint() -> str:
    """Return a short hash of Python's version and drafter's own modules (path, size, modification
    time): cached results of one drafter are never used by another. (Jinja's bytecode carries its
    own version mark.)"""
    digest = hashlib.sha256(sys.version.encode())
    for relative, size, mtime in sorted(_modules(str(_PACKAGE), "")):
        digest.update(f"{relative}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()[:16]


def _modules(folder: str, prefix: str) -> Iterable[tuple[str, int, int]]:
    """Yield (relative path, size, mtime) of every ``.py`` file under ``folder`` (os.scandir: this
    runs in every process, and pathlib's rglob costs several times as much)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    yield from _modules(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                stat = entry.stat()
                yield f"{prefix}{entry.name}", stat.st_size, stat.st_mtime_ns
        except OSError:
            continue


def cache_root() -> Path | None:
    """Return this drafter's cache folder (created if needed), or None when there is none to use."""
    wanted = os.environ.get(ENV_VAR)
    if wanted is not None and not wanted.strip():
        return None
    try:
        if wanted is None:
            from platformdirs import user_cache_dir

            wanted = user_cache_dir("drafter", appauthor=False)
        root = Path(wanted) / code_fingerprint()
        root.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError, ValueError):
        return None
    return root if os.access(root, os.W_OK | os.X_OK) else None


def content_key(files: Iterable[tuple[str, Path]]) -> str | None:
    """Return a hash of the names and contents of ``files`` (name, path); None if one is unreadable."""
    digest = hashlib.sha256()
    real_folders: dict[Path, Path] = {}   # a set's files share a few folders: each resolved once
    for name, path in files:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        # a file reached through a link is another set than the same bytes in place (links out are refused)
        if path.is_symlink():
            target = path.resolve()
        else:
            folder = real_folders.get(path.parent)
            if folder is None:
                folder = real_folders[path.parent] = path.parent.resolve()
            target = folder / path.name
        linked = str(target) if target != path.absolute() else ""
        digest.update(f"{name}\0{len(data)}\0{linked}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def is_marked(kind: str, key: str | None) -> bool:
    """Return whether the cache holds the mark ``kind``/``key`` (a check that passed)."""
    root = cache_root()
    return root is not None and key is not None and (root / kind / key).is_file()


def mark(kind: str, key: str | None) -> None:
    """Record ``kind``/``key`` in the cache; silently nothing when the cache cannot be written."""
    store(kind, key, b"")


def store(kind: str, key: str | None, data: bytes) -> None:
    """Keep ``data`` as ``kind``/``key`` (written whole or not at all); nothing when there is no cache."""
    root = cache_root()
    if root is None or key is None:
        return
    try:
        folder = root / kind
        folder.mkdir(exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=".entry-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(name, folder / key)
    except OSError:
        return


def fetch(kind: str, key: str | None) -> bytes | None:
    """Return the data kept as ``kind``/``key``, or None."""
    root = cache_root()
    if root is None or key is None:
        return None
    try:
        return (root / kind / key).read_bytes()
    except OSError:
        return None


def kept(kind: str, paths: Sequence[Path], build: Callable[[], T], expected: type) -> T:
    """Return what ``build`` makes of the files ``paths``: from the cache when they are byte for byte
    what they were when it was kept (``kind``/their content hash), else built now and kept.
    What ``build`` raises is raised, and nothing is kept."""
    key = content_key([(str(path), path) for path in paths])
    data = fetch(kind, key)
    if data:
        try:
            value = pickle.loads(data)  # noqa: S301 - drafter's own cache, written below
        except Exception:  # a truncated or foreign entry: build it again
            value = None
        if isinstance(value, expected):
            return value
    value = build()
    store(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Return the cache of compiled templates, or None when there is no cache folder."""
    from jinja2.bccache import Bucket, FileSystemBytecodeCache

    class QuietBytecodeCache(FileSystemBytecodeCache):
        """Jinja's file cache that treats any failure to read or write as a cache miss."""

        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # a truncated or foreign file: compile from source instead
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                return

    root = cache_root()
    if root is None:
        return None
    folder = root / "jinja"
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return QuietBytecodeCache(str(folder))
