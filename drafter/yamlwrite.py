"""PyYAML's safe dumper with a shortcut for ordinary text: the same output, several times faster.

PyYAML looks at every character of a scalar twice in Python, once to choose its style and
once to write it. A merged report carries thousands of long paragraphs, and nearly all of
them are ordinary text: no line break, no character that is special in YAML, no space at
either end. For such a text the choice is known in advance (every style is allowed) and a
plain scalar is written as it is, so the dumper below skips both loops. Anything else goes
through PyYAML's own code. ``tests/test_yamlwrite.py`` compares the two on random text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.emitter import ScalarAnalysis

# Characters PyYAML writes as they are (printable, non-ASCII allowed) and that are nowhere special.
_SPECIAL_ANYWHERE = ",?[]{}:#"
_ASCII = "".join(re.escape(chr(code)) for code in range(0x20, 0x7F) if chr(code) not in _SPECIAL_ANYWHERE)
_PLAIN_CHARS = f"{_ASCII}\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe"
# Not first: indicators, and the start of a document marker; not last: a space.
_FIRST_EXCLUDED = re.escape("#,[]{}&*!|>'\"%@`?:-. ")
_ORDINARY = re.compile(f"(?![{_FIRST_EXCLUDED}])[{_PLAIN_CHARS}]*(?<! )")


class FastSafeDumper(yaml.SafeDumper):
    """``yaml.SafeDumper`` that analyses and writes ordinary text without a loop per character."""

    def analyze_scalar(self, scalar: str) -> ScalarAnalysis:
        if scalar and self.allow_unicode and _ORDINARY.fullmatch(scalar):
            return ScalarAnalysis(scalar=scalar, empty=False, multiline=False, allow_flow_plain=True,
                                  allow_block_plain=True, allow_single_quoted=True,
                                  allow_double_quoted=True, allow_block=True)
        return super().analyze_scalar(scalar)

    def write_plain(self, text: str, split: bool = True) -> None:
        # PyYAML folds a plain scalar only at a space past the line width (it never writes one with
        # a line break plain): text that ends before the width is written whole.
        if not text or self.column + 1 + len(text) >= self.best_width:
            super().write_plain(text, split)
            return
        if self.root_context:
            self.open_ended = True
        data = text if self.whitespace else " " + text
        self.whitespace = False
        self.indention = False
        self.column += len(data)
        self.stream.write(data.encode(self.encoding) if self.encoding else data)


def dump(value: Any, **options: Any) -> str:
    """Return ``yaml.safe_dump(value, **options)``, computed faster."""
    return yaml.dump(value, Dumper=FastSafeDumper, **options)
