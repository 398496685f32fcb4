"""A structure that extends another: the child's mappings are laid over the base's.

``extends: default`` (a bundled set's name, or a folder relative to the child's
set) at the top of ``structure.yaml`` starts from that set's structure. Keys the
child writes replace the base's, recursively; ``key: null`` removes an inherited
entry (a subsection, a figure); new keys are added after the inherited ones.
Every key remembers the file and line it came from, so problems point to the
file that wrote it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from ..errors import StructureError
from ..yamlsource import KeyPath, LoadedYaml, load_yaml
from .finding import STRUCTURE_FILE, locate_set

MAX_CHAIN = 5


class InheritedYaml(LoadedYaml):
    """Loaded YAML merged from a chain of files; ``bases`` are the base sets' folders, nearest first."""

    bases: tuple[Path, ...] = ()
    origins: dict[KeyPath, tuple[Path, int]] = msgspec.field(default_factory=dict)

    def locate(self, path: KeyPath) -> tuple[Path, int]:
        while path:
            if path in self.origins:
                return self.origins[path]
            path = path[:-1]
        return self.path, self.lines.get((), 1)

    def line_of(self, path: KeyPath) -> int:
        return self.locate(path)[1]


def load_inherited(path: Path, _chain: tuple[Path, ...] = ()) -> InheritedYaml:
    """Load ``path``, following its ``extends`` chain."""
    loaded = load_yaml(path, what="结构文件")
    data = loaded.data
    own = InheritedYaml(path=loaded.path, data=data, lines=loaded.lines, problems=loaded.problems)
    own.origins = {key: (loaded.path, line) for key, line in loaded.lines.items()}
    if not isinstance(data, dict) or "extends" not in data:
        return own
    if len(_chain) >= MAX_CHAIN or path.resolve() in _chain:
        raise StructureError("结构文件的 extends 形成了循环或层次过多", file=path,
                             line=loaded.line_of(("extends",)))
    try:
        _, base_folder = locate_set(str(data["extends"]), relative_to=path.parent.parent)
    except StructureError as exc:
        raise StructureError(f"extends 指向的模板找不到：{exc.message}", file=path,
                             line=loaded.line_of(("extends",))) from None
    base = load_inherited(base_folder / STRUCTURE_FILE, _chain + (path.resolve(),))
    merged = InheritedYaml(path=loaded.path, data=None, lines=dict(loaded.lines),
                           problems=base.problems + loaded.problems,
                           bases=(base_folder,) + base.bases)
    child = {k: v for k, v in data.items() if k != "extends"}
    merged.data = _overlay(base.data if isinstance(base.data, dict) else {}, child)
    _collect_origins(merged.data, (), child, base.origins, own.origins, merged.origins)
    return merged


_ABSENT = object()


def _overlay(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Return ``child`` laid over ``base``: mappings merge, anything else replaces, null removes."""
    result = dict(base)
    for key, value in child.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _overlay(result[key], value)
        else:
            # replaced or new as a whole: every line under it is the child's
            result[key] = value
    return result


def _collect_origins(value: Any, at: KeyPath, child: Any, base_origins: dict[KeyPath, tuple[Path, int]],
                     child_origins: dict[KeyPath, tuple[Path, int]],
                     out: dict[KeyPath, tuple[Path, int]]) -> None:
    """Record where every path of the merged ``value`` was written: the child file where the child
    wrote it (``child`` is the child's value at ``at``), else the base. One walk: linear in keys."""
    if at:
        origin = child_origins.get(at) if child is not _ABSENT else None
        origin = origin or base_origins.get(at)
        if origin is not None:
            out[at] = origin
    if isinstance(value, dict):
        for key, item in value.items():
            below = child.get(key, _ABSENT) if isinstance(child, dict) else _ABSENT
            _collect_origins(item, at + (key,), below, base_origins, child_origins, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            below = child[index] if isinstance(child, list) and index < len(child) else _ABSENT
            _collect_origins(item, at + (index,), below, base_origins, child_origins, out)
