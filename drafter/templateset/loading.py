"""Load the parts of a template set that are data: the structure (with its ``extends`` chain)
and the phrase tables."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path

from ..errors import StructureError
from ..problems import Level, Problem
from ..render.context import Phrases
from ..structure import Structure, read_structure
from ..yamlsource import load_yaml
from . import cache
from .finding import PHRASES_FILE, STRUCTURE_FILE
from .inherit import load_inherited


def load_structure(path: Path) -> Structure:
    """Load and check ``structure.yaml``; raise ``StructureError`` listing every problem.

    A structure may start with ``extends: <set name or folder>``: it is then laid
    over that set's structure (see ``inherit.py``). A structure read before, whose files
    along the chain are byte for byte the same, comes from the cache.
    """
    key = cache.content_key([(str(path), path)])
    kept = _kept_structure(key)
    if kept is not None:
        return kept
    structure = read_structure(load_inherited(path))
    chain = [path, *(base / STRUCTURE_FILE for base in structure.base)]
    hashes = [(str(p), cache.content_key([(str(p), p)])) for p in chain]
    cache.store(STRUCTURES, key, pickle.dumps((hashes, structure), protocol=pickle.HIGHEST_PROTOCOL))
    return structure


def _kept_structure(key: str | None) -> Structure | None:
    data = cache.fetch(STRUCTURES, key)
    if not data:
        return None
    try:
        hashes, structure = pickle.loads(data)  # noqa: S301 - drafter's own cache, written above
    except Exception:  # a truncated or foreign entry: read the files instead
        return None
    if not isinstance(structure, Structure):
        return None
    if any(cache.content_key([(name, Path(name))]) != digest for name, digest in hashes):
        return None  # a base set changed since
    return structure


STRUCTURES = "structures"


def find_in_chain(chain: Sequence[Path], relative: str) -> Path | None:
    """Return the first ``relative`` file or folder along ``chain`` (a set, then its bases), or None."""
    for folder in chain:
        candidate = folder / relative
        if candidate.exists():
            return candidate
    return None


def load_phrases(chain: Sequence[Path]) -> Phrases:
    """Return the phrase tables (guiding thoughts by year, words by level) along a set chain
    (from the cache when the file is as it was)."""
    path = find_in_chain(chain, PHRASES_FILE)
    if path is None:
        return Phrases()
    return cache.kept(PHRASES, [path], lambda: read_phrases(path), Phrases)


PHRASES = "phrases"


def read_phrases(path: Path) -> Phrases:
    """Read the phrase tables of ``path`` (a ``phrases.yaml``); raise ``StructureError`` naming the
    line of every entry that is not ``年份: 表述`` or ``层级: {area: …, short: …}``."""
    loaded = load_yaml(path, what="表述文件")
    data = loaded.data if isinstance(loaded.data, dict) else {}
    problems = [p for p in loaded.problems if p.level is Level.ERROR]

    def refuse(message: str, *at: str) -> None:
        problems.append(Problem(Level.ERROR, message, path, loaded.lines.get(at, 1), at[-1] if at else ""))

    thoughts: dict[int, str] = {}
    table = data.get("guiding_thoughts") or {}
    if not isinstance(table, dict):
        refuse("guiding_thoughts 下应每行写“年份: 表述”", "guiding_thoughts")
        table = {}
    for year, text in table.items():
        if not (str(year).isdigit() and len(str(year)) == 4):
            refuse(f"“{year}”不是年份：guiding_thoughts 下每行写“年份: 表述”，年份用阿拉伯数字，如 2025",
                   "guiding_thoughts", year)
        elif text is None or isinstance(text, (dict, list)) or not str(text).strip():
            refuse(f"{year} 年的指导思想应是一段文字", "guiding_thoughts", year)
        else:
            thoughts[int(year)] = str(text)
    def words_table(key: str, what: str) -> dict[str, dict[str, str]]:
        table: dict[str, dict[str, str]] = {}
        rows = data.get(key) or {}
        if not isinstance(rows, dict):
            refuse(f"{key} 下应每行写“{what}: {{area: 全县, short: 县, …}}”", key)
            return table
        for name, words in rows.items():
            if not isinstance(words, dict):
                refuse(f"{what}“{name}”应写成“{name}: {{area: …, short: …}}”", key, name)
            else:
                table[str(name)] = {str(k): str(v) for k, v in words.items() if v is not None}
        return table

    levels = words_table("levels", "层级")
    endings = words_table("issuer_endings", "发文机关结尾")
    if problems:
        raise StructureError(f"表述文件有 {len(problems)} 处错误", file=path, problems=problems)
    return Phrases(guiding_thoughts=thoughts, levels=levels, issuer_endings=endings)
