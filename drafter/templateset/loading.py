"""Load the parts of a template set that are data: the structure (with its ``extends`` chain)
and the phrase tables."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..render.context import Phrases
from ..structure import Structure, read_structure
from ..yamlsource import load_yaml
from .finding import PHRASES_FILE
from .inherit import load_inherited


def load_structure(path: Path) -> Structure:
    """Load and check ``structure.yaml``; raise ``StructureError`` listing every problem.

    A structure may start with ``extends: <set name or folder>``: it is then laid
    over that set's structure (see ``inherit.py``).
    """
    return read_structure(load_inherited(path))


def find_in_chain(chain: Sequence[Path], relative: str) -> Path | None:
    """Return the first ``relative`` file or folder along ``chain`` (a set, then its bases), or None."""
    for folder in chain:
        candidate = folder / relative
        if candidate.exists():
            return candidate
    return None


def load_phrases(chain: Sequence[Path]) -> Phrases:
    """Return the phrase tables (guiding thoughts by year, words by level) along a set chain."""
    path = find_in_chain(chain, PHRASES_FILE)
    if path is None:
        return Phrases()
    data = load_yaml(path, what="表述文件").data or {}
    thoughts = {int(year): str(text) for year, text in (data.get("guiding_thoughts") or {}).items()}
    levels = {str(level): {str(k): str(v) for k, v in words.items()}
              for level, words in (data.get("levels") or {}).items()}
    return Phrases(guiding_thoughts=thoughts, levels=levels)
