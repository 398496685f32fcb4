"""drafter's YAML dumper gives exactly PyYAML's safe_dump output, only faster."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from drafter import yamlwrite

# Every character PyYAML treats specially somewhere, plain text around them, and odd code points.
ALPHABET = st.sampled_from(list(
    "ab1 中文，。：《》“”-.?:#,[]{}&*!|>'\"%@`\\\t\n\r\x85\u2028\u2029\ufeff\u00a0\x7f\x01\x00\ue000\ufffd\ufffe"
    "\U0001f600\U0010fffe"))
TEXT = st.one_of(st.text(ALPHABET, max_size=12), st.text(max_size=12),
                 st.sampled_from(["---", "... x", "- a", "? a", ": a", "a: b", "a #b", "a#b", "null", "1.5",
                                  "2024-01-02", "0x1F", "~", "y", "NO", " a", "a ", "a\n", "长" * 300]))
# The options datafile.py dumps with.
OPTIONS = (
    {"allow_unicode": True, "width": 10**9, "default_flow_style": True},
    {"allow_unicode": True, "width": 10**9, "default_style": '"'},
    {"allow_unicode": True, "width": 10**9, "sort_keys": False},
    {"allow_unicode": True, "width": 20, "sort_keys": False},   # folding still PyYAML's
    {"allow_unicode": False, "width": 10**9, "sort_keys": False},
)
SHAPES = (lambda x: x, lambda x: [x], lambda x: {"键": x}, lambda x: {"k": [x, {x: x}]}, lambda x: {"u": [[x]]})


@settings(max_examples=120, derandomize=True, deadline=None)
@given(TEXT, st.sampled_from(range(len(OPTIONS))), st.sampled_from(range(len(SHAPES))))
@example("持续深化习近平法治思想学习贯彻。印发《意见》，落实“第一议题”制度 2023年 50%", 2, 3)
def test_same_text_as_pyyaml(text, options, shape):
    value = SHAPES[shape](text)
    assert yamlwrite.dump(value, **OPTIONS[options]) == yaml.safe_dump(value, **OPTIONS[options])


@pytest.mark.parametrize("text", [f"a{ch}b" for ch in ",?[]{}:#&*!|>'\"%@`-. \t"]
                         + [f"{ch}a" for ch in ",?[]{}:#&*!|>'\"%@`-. "] + ["a: b", "a #b", "词 " * 40 + "词"])
def test_special_characters_anywhere_and_long_text(text):
    for options in OPTIONS:
        for shape in SHAPES:
            assert yamlwrite.dump(shape(text), **options) == yaml.safe_dump(shape(text), **options)


def test_same_text_as_pyyaml_for_other_values():
    for value in (None, 0, 12, -3.5, True, dt.date(2024, 1, 2), ["a", 1, None], {"a": {"b": [1, "c"]}}):
        for options in OPTIONS:
            assert yamlwrite.dump(value, **options) == yaml.safe_dump(value, **options)
