"""Copy a template set into a folder of the clerk's own, for editing."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import OutputError
from .finding import locate_set


def init_template_set(target: Path, source: str = "default") -> Path:
    """Copy the set ``source`` into ``target`` (which must not exist or be empty); return it."""
    _, source_folder = locate_set(source)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OutputError(f"“{target}”已存在且不是空文件夹；为免覆盖已有修改，请换一个文件夹名", file=target)
    staging = target.with_name(f".{target.name}.copying")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(source_folder, staging,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "__init__.py"))
    if target.exists():
        target.rmdir()
    staging.rename(target)
    return target
