"""Patterns compiled on first use behave as compiled ones, and a clean render compiles none of the rare ones."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from drafter.lazyregex import LazyPattern
from tests.helpers import REPO, VALID_REPORT

SOURCES = (r"\d+(?:\.\d+)?(万|亿)?", r"^ *[A-Za-z_]\w*[ \u3000]*：", r"[\ue000-\uf8ff\U000f0000-\U000ffffd]", r"(?i)pt|磅")


@given(st.sampled_from(SOURCES), st.text(alphabet="12.3万亿 ab_：\u3000\ue001PT磅x", max_size=30),
       st.integers(0, 5))
def test_a_lazy_pattern_answers_as_the_compiled_one(source: str, text: str, pos: int) -> None:
    lazy, compiled = LazyPattern(source), re.compile(source)
    for method in ("match", "fullmatch", "search"):
        ours, theirs = getattr(lazy, method)(text, pos), getattr(compiled, method)(text, pos)
        assert (ours and (ours.span(), ours.groups())) == (theirs and (theirs.span(), theirs.groups()))
    assert lazy.findall(text) == compiled.findall(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub("#", text, 2) == compiled.sub("#", text, 2)
    assert lazy.pattern == source


def test_compiled_once_on_first_use_with_its_flags() -> None:
    lazy = LazyPattern(r"^\s*(\d+)\s*(pt|磅)$", re.IGNORECASE)
    assert lazy._compiled is None
    assert lazy.match(" 16 PT").group(1) == "16"
    assert lazy.compiled is lazy.compiled


RARE = ("drafter.plaintext._REMOVED", "drafter.plaintext._REMOVED_BMP", "drafter.plaintext._BEYOND_BMP",
        "drafter.plaintext._PRIVATE_USE", "drafter.yamlsource._FULLWIDTH_COLON_KEY",
        "drafter.yamlsource._MISSING_COLON_KEY", "drafter.yamlsource._WIDE_SPACE_AFTER_COLON")


def test_rendering_a_clean_report_compiles_no_rare_pattern(tmp_path: Path) -> None:
    """The patterns for dirty text and mistyped lines cost a render nothing when the file is clean."""
    report = tmp_path / "r.yaml"
    report.write_text(VALID_REPORT, encoding="utf-8")
    script = textwrap.dedent(f"""
        import sys
        from drafter import cli
        from drafter.lazyregex import LazyPattern
        assert cli.main(["render", {str(report)!r}, "-o", {str(tmp_path / "r.docx")!r}]) == 0
        rare = {RARE!r}
        found = {{name: getattr(sys.modules[name.rpartition(".")[0]], name.rpartition(".")[2]) for name in rare}}
        eager = [name for name, pattern in found.items() if not isinstance(pattern, LazyPattern)]
        compiled = [name for name, pattern in found.items() if name not in eager and pattern._compiled]
        print("eager:", *eager)
        print("compiled:", *compiled)
    """)
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUTF8="1", DRAFTER_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-2:] == ["eager:", "compiled:"], proc.stdout
