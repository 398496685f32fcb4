"""What drafter takes as a line of text, and which characters cannot be part of a report's text.

One definition for every boundary (data files, imported documents, text templates)
and for the line markup: a line ends at any separator Python's ``str.splitlines``
knows (``\\r``, ``\\v``, ``\\f``, ``\\x1c``–``\\x1e``, U+0085, U+2028, U+2029), and
all of them are written as ``\\n`` once the text is read. Control characters,
surrogates and noncharacters cannot be stored in a .docx and are removed;
private-use characters (a clerk's 造字) are kept.
"""

from __future__ import annotations

import re

from .lazyregex import LazyPattern

LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Invisible characters that Word and web pages leave behind; no report means them. The direction
# marks and overrides (U+200E, U+202E …) would even show the text after them reversed in Word.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad"
                       "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def normalize_lines(text: str) -> str:
    """Return ``text`` with every line separator written as ``\\n``."""
    return LINE_BREAK.sub("\n", text)


def join_wrapped(lines: list[str]) -> str:
    """Join the lines of one wrapped paragraph (pasted from a web page, or folded by YAML): no space
    where Chinese meets Chinese (建设\n推进 is one phrase wrapped), a space between words of other scripts."""
    joined = ""
    for line in (part.strip() for part in lines):
        if joined and line and (joined[-1].isascii() or line[0].isascii()):
            joined += " "
        joined += line
    return joined


def split_lines(text: str) -> list[str]:
    """Return the lines of ``text``, split at every line separator (the one definition of a line)."""
    return LINE_BREAK.split(text)


_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
# Control characters but tab and newline, surrogates, noncharacters, invisible characters.
_REMOVED = LazyPattern(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}"
                      f"{''.join(sorted(INVISIBLE))}]")
_PRIVATE_USE = LazyPattern("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
# _REMOVED without its characters beyond U+FFFF: Python's re tests a class holding such
# characters range by range, a class of BMP characters with a bitmap, about ten times faster.
# Text without characters beyond U+FFFF (nearly all) is searched with this one.
_REMOVED_BMP = LazyPattern(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                          f"{''.join(sorted(INVISIBLE))}]")
_BEYOND_BMP = LazyPattern("[\U00010000-\U0010ffff]")


def is_removed(ch: str) -> bool:
    """Return whether ``ch`` cannot be part of a report's text (after line breaks are normalised).

    Tabs and ``\\n`` stay; other control characters, surrogates, noncharacters and the
    invisible characters Word and web pages leave behind go.
    """
    return _REMOVED.match(ch) is not None


def is_private_use(ch: str) -> bool:
    """Return whether ``ch`` is a private-use character (a user-defined 造字 of GBK, and the like)."""
    return _PRIVATE_USE.match(ch) is not None


def code_points(chars: set[str] | list[str]) -> str:
    """Return ``U+0001、U+E000`` for the characters, sorted, for a message."""
    return "、".join(sorted({f"U+{ord(ch):04X}" for ch in chars}))


def clean(text: str) -> tuple[str, list[str]]:
    """Return ``text`` with line separators normalised and removed characters dropped, and those."""
    text = normalize_lines(text)
    pattern = _REMOVED if _BEYOND_BMP.search(text) else _REMOVED_BMP
    removed = pattern.findall(text)
    if removed:
        text = pattern.sub("", text)
    return text, removed


def is_clean(text: str) -> bool:
    """Return true only when ``clean`` would leave ``text`` as it is and it holds no private-use
    character, so that none of the values read from it needs either, one by one.

    Every character ``clean`` changes (controls, separators, surrogates, noncharacters, the
    invisible format characters) and every private-use one is unprintable to Python; ``\\n``, tab
    and the spaces a report holds are unprintable too, and taken out first. One pass in C, and
    no pattern to compile in every process."""
    for kept in "\n\t\u3000\u00a0":
        if kept in text:
            text = text.replace(kept, "")
    return text.isprintable()


def private_use(text: str) -> list[str]:
    """Return the private-use characters of ``text``, in order."""
    return _PRIVATE_USE.findall(text)


def removed_message(removed: list[str]) -> str:
    """Return the Chinese warning for characters removed from a value."""
    return f"删除了不能写进文档的控制字符（{code_points(removed)}）"


_PRIVATE_USE_NOTICE = "含有私用区字符"


def private_use_message(chars: list[str]) -> str:
    """Return the Chinese warning for private-use characters kept in a value."""
    return (f"{_PRIVATE_USE_NOTICE}（{code_points(chars)}，通常是自造字），已原样保留；"
            "Word 文档的字体可能显示不出来，请打印前核对")


def is_private_use_notice(message: str) -> bool:
    """Return whether ``message`` is the warning of ``private_use_message`` (a notice, not a fault)."""
    return message.startswith(_PRIVATE_USE_NOTICE)
