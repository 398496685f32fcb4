"""Copy a template set into a folder of the clerk's own, for editing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import OutputError
from .finding import BASE_DOCX, LAYOUT_FILE, locate_set
from .fromdocx import TemplateReading, read_template_docx
from .layoutedit import set_values


def init_template_set(target: Path, source: str = "default") -> Path:
    """Copy the set ``source`` into ``target`` (which must not exist or be empty); return it."""
    _, source_folder = locate_set(source)
    _refuse_taken(target)
    staging = target.with_name(f".{target.name}.copying")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(source_folder, staging,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "__init__.py"))
    if target.exists():
        target.rmdir()
    staging.rename(target)
    return target


def init_from_docx(target: Path, template_docx: Path, source: str = "default") -> TemplateReading:
    """Make the set ``target`` from ``source`` with the page, fonts and 版头 of a county's Word template.

    The values read go into the new set's layout.yaml; the template is kept as the
    set's ``base.docx``, whose 版头 every report takes unchanged. Return what was
    read and what was not. Nothing is written when the template cannot be read or
    its values make no valid layout.
    """
    from ..render.layout import load_layout
    from .loaded import TemplateSet

    reading = read_template_docx(template_docx)
    _refuse_taken(target)
    name, source_folder = locate_set(source)
    layout_source = TemplateSet(name, source_folder).layout_path
    current = load_layout(layout_source)
    values = _with_fallbacks(reading.values, current)
    text, _ = set_values(layout_source.read_text(encoding="utf-8"), values)
    with tempfile.TemporaryDirectory(prefix="drafter-layout-") as folder:
        trial = Path(folder) / LAYOUT_FILE
        trial.write_text(text, encoding="utf-8")
        load_layout(trial)   # the template's values must make a valid layout before anything is written
    init_template_set(target, source)
    (target / LAYOUT_FILE).write_text(text, encoding="utf-8")
    shutil.copyfile(template_docx, target / BASE_DOCX)
    return reading


def _with_fallbacks(values: dict[tuple[str, ...], Any], current: Any) -> dict[tuple[str, ...], Any]:
    """Return ``values`` with each font family read put before the fallbacks the layout had."""
    result = dict(values)
    for path, value in values.items():
        if len(path) == 3 and path[0] == "fonts" and path[2] == "family" and isinstance(value, str):
            families = getattr(current.fonts, path[1]).families
            result[path] = [value, *(family for family in families if family != value)]
    return result


def _refuse_taken(target: Path) -> None:
    """Refuse a target that is a file or a folder with something in it: a set is copied only into a new one."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "是一个文件" if not target.is_dir() else "是一个有内容的文件夹"
        raise OutputError(f"“{target}”已存在，{what}；为免覆盖已有的内容，请换一个文件夹名", file=target)
