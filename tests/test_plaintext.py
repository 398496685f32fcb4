"""Which characters a report's text loses, whichever of the two patterns ``clean`` searches with."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drafter import plaintext


def test_every_bmp_character_is_removed_or_kept_as_by_the_full_pattern():
    for code in range(0x10000):
        ch = chr(code)
        if ch in "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029":
            continue   # line separators: written as \n first
        text, removed = plaintext.clean(f"文{ch}字")
        assert (removed == [ch]) == plaintext.is_removed(ch), f"U+{code:04X}"
        assert text == ("文字" if removed else f"文{ch}字")


def test_characters_beyond_the_bmp_are_checked_with_the_full_pattern():
    text, removed = plaintext.clean("文\U0001fffe字\x01\U00020000")   # a noncharacter, a control, 𠀀
    assert (text, removed) == ("文字\U00020000", ["\U0001fffe", "\x01"])
    assert plaintext.clean("\U0010fffd\U0010ffff") == ("\U0010fffd", ["\U0010ffff"])


def test_is_clean_says_so_only_of_text_that_clean_keeps_and_holds_no_private_use() -> None:
    for code in range(0x10000):
        ch = chr(code)
        if plaintext.is_clean(ch):
            assert plaintext.clean(ch) == (ch, []) and not plaintext.private_use(ch), hex(code)
    for ch in "中文，。；：“”（）《》、—…％\t\n aZ09·　":
        assert plaintext.is_clean(ch), repr(ch)   # the characters of every report say nothing to clean


@given(st.text())
def test_is_clean_is_never_wrong(text: str) -> None:
    if plaintext.is_clean(text):
        assert plaintext.clean(text) == (text, []) and not plaintext.private_use(text)
