"""Load the parts of a template set that are data: the structure (with its ``extends`` chain)
and the phrase tables."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path

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
    """Read the phrase tables of ``path`` (a ``phrases.yaml``)."""
    data = load_yaml(path, what="表述文件").data or {}
    thoughts = {int(year): str(text) for year, text in (data.get("guiding_thoughts") or {}).items()}
    levels = {str(level): {str(k): str(v) for k, v in words.items()}
              for level, words in (data.get("levels") or {}).items()}
    return Phrases(guiding_thoughts=thoughts, levels=levels)
