"""A template set resolved once: its folder, its ``extends`` chain and every part, each loaded on
first use and then kept, so every command takes what it needs from one object."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StructureError
from ..lazyregex import LazyPattern
from ..problems import Problem, errors
from ..structure import Structure
from . import cache
from .finding import BASE_DOCX, LAYOUT_FILE, PHRASES_FILE, STRUCTURE_FILE, TEXT_DIR, builtin_root, locate_set
from .loading import find_in_chain, load_phrases, load_structure

_COMPARED = LazyPattern(r"\bf\.([a-z][a-z0-9_]*)\.(?:change|change_percent|last_year)\b")

if TYPE_CHECKING:
    from ..render.context import Phrases
    from ..render.layout import Layout
    from ..render.text import TextRenderer


CHECKS = "checks"
LAYOUTS = "layouts"


class TemplateSet:
    """A template set: ``name`` is how a report file refers to it, ``path`` its resolved folder.

    The structure, layout, phrases and Jinja environment are loaded on first use and kept;
    the chain (the set, then the sets it extends) is derived once, here.
    """

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path
        self._usable = False

    def __repr__(self) -> str:
        return f"TemplateSet({self.name!r}, {str(self.path)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TemplateSet) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)

    @property
    def structure_path(self) -> Path:
        """Return the path of the set's own structure file."""
        return self.path / STRUCTURE_FILE

    @property
    def text_dir(self) -> Path:
        """Return the set's own folder of Jinja text templates."""
        return self.path / TEXT_DIR

    @cached_property
    def structure(self) -> Structure:
        """The structure, with the ``extends`` chain laid in (raises ``StructureError``)."""
        return load_structure(self.structure_path)

    @cached_property
    def chain(self) -> tuple[Path, ...]:
        """The folders to search for the set's files: the set itself, then its bases, nearest first."""
        return (self.path, *self.structure.base)

    def find(self, relative: str) -> Path | None:
        """Return the first ``relative`` file or folder along the chain, or None."""
        return find_in_chain(self.chain, relative)

    @property
    def layout_path(self) -> Path:
        """Return the layout file the set uses (its own, else the nearest base's)."""
        return self.find(LAYOUT_FILE) or self.path / LAYOUT_FILE

    @cached_property
    def text_dirs(self) -> list[Path]:
        """The text template folders along the chain; a set's own templates win over its bases'."""
        return [folder / TEXT_DIR for folder in self.chain if (folder / TEXT_DIR).is_dir()]

    @cached_property
    def layout(self) -> Layout:
        """The page layout (raises ``StructureError`` listing every layout problem)."""
        from ..render.layout import Layout, load_layout

        path = self.layout_path
        return cache.kept(LAYOUTS, [path], lambda: load_layout(path), Layout)

    @property
    def base_docx(self) -> Path | None:
        """Return the set's base .docx (the county's own 红头 template), along the chain, or None."""
        found = self.find(BASE_DOCX)
        return found if found is not None and found.is_file() else None

    @cached_property
    def phrases(self) -> Phrases:
        """The phrase tables (guiding thoughts by year, words by level)."""
        return load_phrases(self.chain)

    @property
    def bundled(self) -> bool:
        """Whether every folder of the set's chain is one of drafter's own sets (tested with it)."""
        root = builtin_root().resolve()
        return all(folder.resolve().is_relative_to(root) for folder in self.chain)

    @cached_property
    def compared_figures(self) -> frozenset[str]:
        """The figures whose change (``f.key.change``, ``.change_percent``, ``.last_year``) the text
        templates write: for them a clerk's item states the figure only if it states the change too."""
        found: set[str] = set()
        for folder in self.text_dirs:
            for template in folder.rglob("*.j2"):
                try:
                    found.update(_COMPARED.findall(template.read_text(encoding="utf-8", errors="replace")))
                except OSError:  # unreadable: the set's check says so
                    continue
        return frozenset(found)

    @cached_property
    def renderer(self) -> TextRenderer:
        """The sandboxed Jinja environment over the text folders, ready to render reports."""
        from ..render.text import TextRenderer

        return TextRenderer(self.text_dirs, bytecode_cache=cache.bytecode_cache())

    def files(self) -> list[tuple[str, Path]]:
        """Return every file the set is made of along its chain, as (chain position/name, path)."""
        found: list[tuple[str, Path]] = []
        for position, folder in enumerate(self.chain):
            for name in (STRUCTURE_FILE, LAYOUT_FILE, PHRASES_FILE):
                if (folder / name).is_file():
                    found.append((f"{position}/{name}", folder / name))
            text = folder / TEXT_DIR
            if text.is_dir():
                found += [(f"{position}/{p.relative_to(folder).as_posix()}", p)
                          for p in sorted(text.rglob("*")) if p.is_file()]
        return found

    def check(self) -> list[Problem]:
        """Return every problem of the set (structure, layout, phrases, text); errors make it unusable."""
        from .check import check_template_set

        return check_template_set(self)

    def ensure_usable(self) -> None:
        """Raise ``StructureError`` listing every error of the set, if it has any.

        A set whose files are byte for byte those of a set that passed before is not checked
        again (the cache is keyed by their contents); an edited file is checked before its first use.
        """
        if self._usable:
            return
        key = cache.content_key(self.files())
        if not cache.is_marked(CHECKS, key):
            problems = errors(self.check())
            if problems:
                raise StructureError(f"模板“{self.name}”有 {len(problems)} 处错误，请先运行 "
                                     f"drafter template check {self.path}", file=self.path, problems=problems)
            cache.mark(CHECKS, key)
        self._usable = True


def find_template_set(name_or_path: str | Path | None, *, relative_to: Path | None = None) -> TemplateSet:
    """Return the set named ``name_or_path``: a bundled name, or a folder (relative to a report file)."""
    name, path = locate_set(name_or_path, relative_to=relative_to)
    return TemplateSet(name, path)


class LoadedSets:
    """The template sets met in one run, each loaded (and checked) once: a batch of reports shares them."""

    def __init__(self) -> None:
        self._by_path: dict[Path, TemplateSet] = {}

    def find(self, name_or_path: str | Path | None, *, relative_to: Path | None = None) -> TemplateSet:
        """Return the set ``name_or_path`` names, the one already loaded when it was met before."""
        name, path = locate_set(name_or_path, relative_to=relative_to)
        return self._by_path.setdefault(path, TemplateSet(name, path))
