"""Read the text templates the way data files are read, and only from inside their template set.

A clerk edits a .j2 file in Notepad: it may be saved with a BOM, as GBK, with
Windows line ends or stray control characters. Each is read as the clerk meant it
(a GBK file with a warning), or refused with file and line. A template file, or a
folder of templates, that is a link to somewhere outside its template set is refused:
templates read no other files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from .. import plaintext
from ..errors import StructureError
from ..problems import Level, Problem
from ..yamlsource import decode_file, read_bytes

WHAT = "文本模板"
MAX_DIGITS = 1000
_LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")


def read_template(path: Path) -> tuple[str, list[Problem]]:
    """Return the text of the template file ``path`` and warnings on what reading it changed."""
    raw = read_bytes(path, WHAT)
    text, problems = decode_file(raw, path, what=WHAT, rewritten=False)
    if plaintext.is_clean(text) and not _LONG_NUMBER.search(text):
        return text, problems   # the usual template: nothing to clean, line by line
    lines = []
    for number, line in enumerate(plaintext.split_lines(text), start=1):
        kept, removed = plaintext.clean(line)
        if _LONG_NUMBER.search(kept):  # Python refuses to read an integer of over 4,300 digits
            raise StructureError(f"文本模板里有一个超过 {MAX_DIGITS} 位的数字", file=path, line=number)
        if removed:
            problems.append(Problem(Level.WARNING, plaintext.removed_message(removed), path, number))
        lines.append(kept)
    return "\n".join(lines), problems


def outside_links(folder: Path) -> list[Problem]:
    """Return an error for every link inside ``folder`` that points outside it."""
    root = folder.resolve()
    problems = []
    for current, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(current, name)
            if path.is_symlink() and not _inside(path, root):
                problems.append(Problem(
                    Level.ERROR, f"这是指向模板文件夹以外的链接（指向 {os.readlink(path)}）；模板只能使用"
                    "自己文件夹里的文件，请删除这个链接，把需要的文件复制进来", path))
    return problems


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links
        return False


def _reached_directly(folder: Path, pieces: Sequence[str]) -> bool:
    """Return whether no step from ``folder`` down to the template is a link (then it is inside)."""
    current = folder
    for piece in pieces:
        current = current / piece
        if current.is_symlink():
            return False
    return True


def _unchanged(path: Path) -> Callable[[], bool]:
    """Return Jinja's ``uptodate`` check for ``path``: true while the file is as it was loaded."""
    mtime = path.stat().st_mtime
    return lambda: path.is_file() and path.stat().st_mtime == mtime


class TemplateLoader(jinja2.BaseLoader):
    """Load templates from ``folders`` (first match wins) with ``read_template``.

    The warnings of reading are for ``template check``, which reads each file itself.
    """

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = [Path(f) for f in folders]

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not path.is_file():
                continue
            if not _reached_directly(folder, pieces) and not _inside(path, folder.resolve()):
                raise StructureError(f"文本模板“{template}”是指向模板文件夹以外的链接，不能使用", file=path)
            return read_template(path)[0], str(path), _unchanged(path)
        raise jinja2.TemplateNotFound(template)
