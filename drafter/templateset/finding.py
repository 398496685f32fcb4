"""Find a template set on disk: a bundled name, or a folder holding ``structure.yaml``."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import StructureError

DEFAULT_SET = "default"
STRUCTURE_FILE = "structure.yaml"
LAYOUT_FILE = "layout.yaml"
BASE_DOCX = "base.docx"   # a county's own 红头 template, kept by template init --from-docx
PHRASES_FILE = "phrases.yaml"
TEXT_DIR = "text"


def builtin_root() -> Path:
    """Return the folder of the bundled template sets: inside the installed package, else the
    source tree's ``templates/`` (pyproject.toml installs that folder as ``drafter/templates``)."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    if (installed / DEFAULT_SET).is_dir():
        return installed
    return package.parent / "templates"


def set_reference(folder: Path, report_path: Path) -> str:
    """Return how the report file at ``report_path`` names the set in ``folder``: a bundled
    name, or the folder relative to the report (so that the two can move together)."""
    if folder.resolve() == builtin_root().resolve() / folder.name:
        return folder.name
    try:
        return os.path.relpath(folder.resolve(), report_path.resolve().parent)
    except ValueError:  # another drive on Windows
        return str(folder.resolve())


def builtin_names() -> list[str]:
    """Return the names of the bundled template sets."""
    return sorted(p.name for p in builtin_root().iterdir() if (p / STRUCTURE_FILE).is_file())


def locate_set(name_or_path: str | Path | None, *, relative_to: Path | None = None) -> tuple[str, Path]:
    """Return (name, resolved folder) of the set ``name_or_path``: a bundled name, or a folder
    (relative to a report file's folder when ``relative_to`` is given)."""
    wanted = str(name_or_path or DEFAULT_SET)
    try:
        as_path = Path(wanted).expanduser()
    except RuntimeError:  # ~someone who is not a user here
        as_path = Path(wanted)
    candidates = [relative_to / as_path] if relative_to is not None and not as_path.is_absolute() else []
    candidates += [as_path, builtin_root() / wanted] if "/" not in wanted and "\\" not in wanted else [as_path]
    for candidate in candidates:
        try:
            if (candidate / STRUCTURE_FILE).is_file():
                return wanted, candidate.resolve()
        except OSError:  # a name too long for the file system, and the like
            continue
    raise StructureError(
        f"找不到模板“{wanted}”：它既不是内置模板（{'、'.join(builtin_names())}），"
        f"也不是含有 {STRUCTURE_FILE} 的文件夹")
