"""Where the commands print: rich in a terminal, plain lines where nobody sees colour.

Importing rich takes about a tenth of a second, more than many a command's own work. Output
to a file, a pipe or another program shows no colour, and there rich writes a line of text as
it is (no markup, no wrapping, a few control characters dropped), so ``PlainConsole`` writes
it itself; a table or any other rich object still goes through rich.
"""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

# The control characters rich drops from printed text (rich.control.STRIP_CONTROL_CODES).
_DROPPED = {code: None for code in (7, 8, 11, 12, 13)}


def rich_console(*, stderr: bool = False) -> Console:
    """Return rich's console as the commands use it: no markup, no highlighting, no wrapping."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False, soft_wrap=True)


class PlainConsole:
    """``Console.print`` for output that is not a terminal, without importing rich for text."""

    is_terminal = False

    def __init__(self, *, stderr: bool = False) -> None:
        self.stderr = stderr
        self._rich: Console | None = None

    def print(self, *objects: Any, style: str | None = None, markup: bool | None = None, **options: Any) -> None:
        """Write text objects as one line; anything else (a table, a tab to expand) goes to rich."""
        if options or not all(isinstance(o, str) and "\t" not in o for o in objects):
            if self._rich is None:
                self._rich = rich_console(stderr=self.stderr)
            self._rich.print(*objects, style=style, markup=markup, **options)
            return
        stream: IO[str] = sys.stderr if self.stderr else sys.stdout
        stream.write(" ".join(objects).translate(_DROPPED) + "\n")


def console(*, stderr: bool = False) -> Console | PlainConsole:
    """Return rich's console when the output is a terminal (or colour is forced), else a plain one."""
    stream = sys.stderr if stderr else sys.stdout
    if _is_terminal(stream):
        return rich_console(stderr=stderr)
    return PlainConsole(stderr=stderr)


def _is_terminal(stream: IO[str]) -> bool:
    """Return what rich would decide: TTY_COMPATIBLE, then FORCE_COLOR, then ``isatty``."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    if os.environ.get("FORCE_COLOR") is not None:
        return True   # rich then writes colour codes even where isatty says no
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
