"""libyaml and the pure-Python loader read every file alike: the same values, key lines,
problems, and for a refused file the same message and line. Four readings are compared:
libyaml's own composer (the default for a file without anchors), libyaml's parser under the
guarded Python composer, the pure-Python loader, and that loader cleaning every value one by
one (what a file with something to clean gets; a clean file skips it)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter import plaintext, yamlsource
from drafter.errors import UnreadableFileError
from tests.helpers import DATA, REPO
from tests.test_hostile_corpus import CASES

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")

FILES = sorted([*REPO.glob("examples/*.yaml"), *REPO.glob("templates/**/*.yaml"), *DATA.glob("*.yaml"),
                *REPO.glob("seeds/*.yaml")])
CORPUS = {f"{case.id}/{name}": content for case in CASES for name, content in case.files.items()
          if name.endswith(".yaml")}


def _read(path: Path, loader: type, monkeypatch: pytest.MonkeyPatch, native: type | None = None) -> tuple:
    monkeypatch.setattr(yamlsource, "LOADER", loader)
    monkeypatch.setattr(yamlsource, "_NativeLoader", native)
    try:
        loaded = yamlsource.load_yaml(path)
    except UnreadableFileError as exc:
        return ("refused", exc.message, exc.location.line)
    return (loaded.data, loaded.lines, [p.format() for p in loaded.problems])


def _same(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple:
    native = _read(path, yamlsource._FastGuardedLoader, monkeypatch, yaml.CSafeLoader)
    fast = _read(path, yamlsource._FastGuardedLoader, monkeypatch)
    pure = _read(path, yamlsource._GuardedLoader, monkeypatch)
    with monkeypatch.context() as patched:   # every value cleaned one by one, as before the shortcut
        patched.setattr(plaintext, "is_clean", lambda text: False)
        cleaned = _read(path, yamlsource._GuardedLoader, patched)
    assert native == fast == pure == cleaned
    return fast


def test_the_fast_loaders_are_the_default() -> None:
    assert yamlsource.LOADER is yamlsource._FastGuardedLoader
    assert yamlsource._NativeLoader is yaml.CSafeLoader


@pytest.mark.parametrize("text", [
    "".join(f"{'  ' * level}k{level}:\n" for level in range(45)) + " " * 90 + "end: 1\n",   # block
    "a: " + "[" * 45 + "1" + "]" * 45 + "\n",                                           # flow
    "a:\n" + "".join(f"  - {'- ' * 44}x\n" for _ in range(1)),                          # compact
    "a: [" + ", ".join(["1"] * 400) + "]\n",                                              # many nodes
])
def test_the_native_composer_keeps_the_guards_limits(text: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsource, "MAX_NODES", 300)
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    refused = _same(path, monkeypatch)
    assert refused[0] == "refused" and ("嵌套过深" in refused[1] or "内容过多" in refused[1])


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(REPO)) for p in FILES])
def test_every_shipped_file_reads_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _same(path, monkeypatch)
    if path.parent.name == "examples":
        assert data[0] != "refused" and data[1]  # the example is read, with its lines


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_hostile_input_reads_alike(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = CORPUS[name]
    path = tmp_path / "r.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    _same(path, monkeypatch)


def test_a_syntax_error_names_the_same_line_with_libyaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("meta:\n  issuer: 灵丘县\n  note: a: b\n", encoding="utf-8")
    assert _same(path, monkeypatch) == ("refused", yamlsource._SYNTAX_HINTS[0][1], 3)


LINES = st.sampled_from(["a: 1", "b: 2", "  c: 3", "- x", "  - y", "d:", "e: '引号'", 'f: "x', "g: [1, 2",
                         "h: {k: v}", "i: &x 1", "j: *x", "k: !!str 5", "l: 010", "m: 1:20", "a: 4", "n: |",
                         "  文字", "--- ", "o: 2026-02-30", "p: .inf", "q: null", "r: ~", "s: yes", "t: 5e3",
                         "u: a\tb", "v:\t1", "w: 'a''b'", "x: a # c", "y: - z", "z: >-", "? k", ": v", "aa: %x",
                         "ab: @x", "ac: `x", "ad: a: b", "ae: \"\\u00e9\"", "  - [a, {b: c}]", "af: !x 1", "ag:",
                         "    深", "ah: 1_000", "ai: 0o17", "aj: +5", "ak: 1.5.2", "al: 中文：冒号"])


@settings(max_examples=300, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINES, max_size=10))
def test_generated_files_read_alike(lines: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _same(path, monkeypatch)


def test_a_file_without_anchors_is_composed_by_libyaml_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    class Unused:
        def __init__(self, text: str) -> None:
            raise AssertionError("the guarded composer was used")

    monkeypatch.setattr(yamlsource, "LOADER", Unused)
    example = REPO / "examples" / "灵丘县2025.yaml"
    assert yamlsource.load_yaml(example).data["meta"]
    with pytest.raises(AssertionError):   # an anchor needs the guarded composer: it refuses them
        yamlsource.parse_yaml("a: &x 1\n", example)


@settings(max_examples=200, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=12), max_size=6),
       raw=st.text(st.characters(exclude_categories=("Cs",)), max_size=8))
def test_any_text_reads_alike(values: list[str], raw: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever characters the values hold (controls, separators, private use, noncharacters),
    written as the writer writes them or pasted raw into a plain value, the three readings agree:
    the fast paths (libyaml's composer, no cleaning for a clean file, text taken as it stands)
    change nothing."""
    from drafter import yamlwrite

    text = yamlwrite.dump({f"k{i}": value for i, value in enumerate(values)}, allow_unicode=True)
    path = tmp_path / "r.yaml"
    path.write_text(text + f"raw: 文{raw}字\n", encoding="utf-8", errors="surrogatepass")
    _same(path, monkeypatch)
