"""Find a template set: a folder holding ``structure.yaml``, ``layout.yaml`` and ``text/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import StructureError

DEFAULT_SET = "default"
STRUCTURE_FILE = "structure.yaml"
LAYOUT_FILE = "layout.yaml"
TEXT_DIR = "text"


def builtin_root() -> Path:
    """Return the folder of the bundled template sets: inside the installed package, else the
    source tree's ``templates/`` (pyproject.toml installs that folder as ``drafter/templates``)."""
    package = Path(__file__).resolve().parent
    installed = package / "templates"
    if (installed / DEFAULT_SET).is_dir():
        return installed
    return package.parent / "templates"


def builtin_names() -> list[str]:
    """Return the names of the bundled template sets."""
    return sorted(p.name for p in builtin_root().iterdir() if (p / STRUCTURE_FILE).is_file())


@dataclass(frozen=True)
class TemplateSet:
    """A template set on disk; ``name`` is how a report file refers to it."""

    name: str
    path: Path

    @property
    def structure_path(self) -> Path:
        """Return the path of the structure file."""
        return self.path / STRUCTURE_FILE

    @property
    def layout_path(self) -> Path:
        """Return the path of the layout file."""
        return self.path / LAYOUT_FILE

    @property
    def text_dir(self) -> Path:
        """Return the folder of the Jinja text templates."""
        return self.path / TEXT_DIR


def set_chain(template_set: TemplateSet, bases: tuple[Path, ...]) -> list[Path]:
    """Return the folders to search for a set's files: the set itself, then its bases."""
    return [template_set.path, *bases]


def find_in_chain(chain: list[Path], relative: str) -> Path | None:
    """Return the first ``relative`` file or folder along ``chain``, or None."""
    for folder in chain:
        candidate = folder / relative
        if candidate.exists():
            return candidate
    return None


def find_template_set(name_or_path: str | Path | None, *, relative_to: Path | None = None) -> TemplateSet:
    """Return the set named ``name_or_path``: a bundled name, or a folder (relative to a report file)."""
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
                return TemplateSet(name=wanted, path=candidate.resolve())
        except OSError:  # a name too long for the file system, and the like
            continue
    raise StructureError(
        f"找不到模板“{wanted}”：它既不是内置模板（{'、'.join(builtin_names())}），"
        f"也不是含有 {STRUCTURE_FILE} 的文件夹")
