"""A paragraph's junctions are tidied: no 。。 where a field ends a sentence the template goes on
with, no space from a pasted line break or a web page's non-breaking space next to 。，."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_report_wording import render_text

from drafter.render.prose import tidy


@pytest.mark.parametrize("typed, printed", [
    ("提供了坚实的法治保障。。现将", "提供了坚实的法治保障。现将"),
    ("保障，。现将", "保障。现将"),
    ("保障。、。现将", "保障。现将"),   # a run ends once, and tidying again changes nothing
    ("发展定位， 以建设", "发展定位，以建设"),
    ("首要政治任务，\u00a0县委常委会", "首要政治任务，县委常委会"),
    ("营商环境。\u00a0全面推行", "营商环境。全面推行"),
    ("学习《 条例 》", "学习《条例》"),
    ("中共中央办公厅 国务院办公厅", "中共中央办公厅 国务院办公厅"),  # two organs: the space is meant
    ("县委\u00a0县政府", "县委 县政府"),
    ("12345 hotline", "12345 hotline"),
])
def test_tidy(typed: str, printed: str) -> None:
    assert tidy(typed) == printed


@given(st.text(alphabet=st.sampled_from(list("法治政府建设12 \u00a0，。；、：（）《》“”ab")), max_size=40))
def test_tidy_keeps_every_word_and_is_stable(text: str) -> None:
    tidied = tidy(text)
    assert tidy(tidied) == tidied
    words = re.sub(r"[\s\u00a0，。；、：]", "", text)
    assert re.sub(r"[\s，。；、：]", "", tidied) == words  # only spaces and doubled stops go


def test_a_summary_ending_in_a_full_stop_is_not_doubled() -> None:
    text = render_text({"opening": {"summary": "为全县经济社会发展提供了坚实的法治保障。"}})
    assert "提供了坚实的法治保障。\n" in text + "\n" and "。。" not in text


def test_pasted_spaces_in_a_work_item_are_not_printed() -> None:
    text = render_text({"measures": {"leadership": {"items": ["把学习作为首要政治任务，\u00a0县委常委会带头学。"]}}})
    assert "首要政治任务，县委常委会带头学。" in text
