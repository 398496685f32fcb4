"""The terminal the wizard talks to: a rich console for panels and tables, questionary for prompts.

Every prompt goes through ``Screen.ask``, which turns Ctrl-C (and Ctrl-D or a closed
terminal) into ``Interrupted`` so the session can save and stop cleanly.

Esc is bound in every menu, and Esc Enter too (the item editor teaches "Esc 再按
Enter", so clerks press it everywhere): in a menu both mean "back" where the caller
says what back is, and are ignored elsewhere. Left to prompt_toolkit, Esc Enter
would end a menu with an empty answer that is none of its choices.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import questionary
from prompt_toolkit.filters import to_filter
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.layout import walk
from prompt_toolkit.layout.containers import Window
from prompt_toolkit.layout.controls import BufferControl
from questionary import Choice
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from .questions import SELECT_HINT


class Interrupted(Exception):
    """The clerk pressed Ctrl-C (or the terminal went away) while a question was open."""


class _Escaped:
    """The result of a menu left with Esc (never one of its choices)."""


ESCAPED = _Escaped()
IGNORE = _Escaped()  # ``back`` of a menu where Esc does nothing


def _escape_bindings(leave: bool) -> KeyBindings:
    """Return key bindings for Esc and Esc Enter: leave the menu with ``ESCAPED``, or do nothing."""
    bindings = KeyBindings()

    def escape(event: KeyPressEvent) -> None:
        if leave:
            event.app.exit(result=ESCAPED)

    bindings.add("escape", "enter")(escape)
    bindings.add("escape")(escape)
    return bindings


def bind_escape(question: questionary.Question, leave: bool) -> questionary.Question:
    """Give ``question`` the wizard's Esc keys (they take precedence over the prompt's own)."""
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(),
                                           _escape_bindings(leave)])
    return question


def errors_under_input(question: questionary.Question) -> questionary.Question:
    """Show a refused answer's reason on the lines right under the input, wrapped, not on the last row.

    prompt_toolkit lets the input line grow to the bottom of the terminal and gives its
    validation toolbar one row there: on a 40-row window the reason appeared 28 rows
    below the question, cut at the right edge.
    """
    app = question.application
    for container in walk(app.layout.container):
        if not isinstance(container, Window):
            continue
        content = container.content
        if isinstance(content, BufferControl) and content.buffer is app.layout.current_buffer:
            container.dont_extend_height = to_filter(True)
        text = getattr(content, "text", None)
        if callable(text) and "ValidationToolbar" in getattr(text, "__qualname__", ""):
            container.height = None
            container.wrap_lines = to_filter(True)
            container.dont_extend_height = to_filter(True)
    return question


class _Resized:
    """The result of a prompt left because the window changed size (it is asked again)."""


RESIZED = _Resized()
COMPACT_ROWS = 30  # below this height the header and the step heading take one row each


def _leave_on_resize(question: questionary.Question) -> None:
    """Make a change of window size end ``question`` with ``RESIZED`` (its typed text stays in it).

    prompt_toolkit redraws only its own lines after a resize; the panels above, drawn
    for the old width, then wrap and the question line appears twice. The screen is
    drawn anew instead.
    """
    app = question.application
    app._on_resize = lambda: app.exit(result=RESIZED)  # type: ignore[method-assign]


def _typed(question: questionary.Question) -> str:
    """Return the text in a prompt that was left without Enter ('' when there is none to read)."""
    try:
        return question.application.current_buffer.text
    except Exception:  # noqa: BLE001 - no buffer (a menu), or the application is gone: nothing typed
        return ""


class Screen:
    """Show screens with rich and ask questions with questionary.

    What is shown since the last ``clear`` is kept, so that the screen can be drawn
    again at a new size.
    """

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(highlight=False, markup=False)
        self.pending: list[tuple[str, str]] = []  # shown once under the next header
        self.shown: list[Callable[[], None]] = []
        self.typed = ""  # the text left in the last prompt by Ctrl-C, PgUp or PgDn (not entered)

    @property
    def compact(self) -> bool:
        """Return whether the window is too low for boxed headers."""
        return self.console.size.height < COMPACT_ROWS

    def rows(self, text: str, indent: int = 0) -> int:
        """Return how many rows ``text`` takes on the screen at the present width."""
        width = max(10, self.console.size.width - indent)
        return sum(max(1, -(-cell_len(line) // width)) for line in text.splitlines() or [""])

    def show(self, draw: Callable[[], None]) -> None:
        """Draw something with the console, and keep it for a redraw."""
        self.shown.append(draw)
        draw()

    def redraw(self) -> None:
        """Clear the window and draw again what was shown since the last ``clear``."""
        self.console.clear()
        for draw in self.shown:
            draw()

    def ask(self, question: questionary.Question) -> Any:
        """Ask ``question``; raise ``Interrupted`` on Ctrl-C, Ctrl-D or a lost terminal.

        When the window is resized meanwhile, the screen is drawn again and the question
        asked again with what was typed so far.
        """
        errors_under_input(question)
        _leave_on_resize(question)
        self.typed = ""
        try:
            while True:
                reply = question.unsafe_ask()
                if reply is not RESIZED:
                    return reply
                self.redraw()
        except (KeyboardInterrupt, EOFError, OSError):  # OSError: the terminal is gone
            self.typed = _typed(question)
            raise Interrupted from None
        except Exception:  # PgUp, PgDn: what was typed and not yet entered is offered to the caller
            self.typed = _typed(question)
            raise

    def select(self, message: str, choices: Sequence[tuple[str, Any]], default: Any = None, *,
               back: Any = IGNORE, instruction: str = SELECT_HINT,
               keys: KeyBindings | None = None) -> Any:
        """Ask the clerk to pick one of ``choices`` (title, value); return the value.

        Esc (or Esc Enter) returns ``back``; when ``back`` is ``IGNORE`` Esc does nothing.
        The answer is always one of the values or ``back``. ``keys`` are more bindings
        (the wizard's moving keys), taking precedence over the menu's own. A title too
        long for one row is cut and ends in "…".
        """
        width = self.console.size.width - 4  # the pointer " » " and a margin
        options = [Choice(fit(title, width), value=value) for title, value in choices]
        values = [value for _, value in choices]
        while True:
            question = bind_escape(questionary.select(
                message, choices=options, default=default if default in values else None,
                instruction=instruction), leave=back is not IGNORE)
            if keys is not None:
                app = question.application
                app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), keys])
            reply = self.ask(question)
            if reply is ESCAPED:
                return back
            if any(reply is value or reply == value for value in values):
                return reply

    def yes_no(self, message: str, default: bool = True) -> bool:
        """Ask a yes/no question with the answers written out in Chinese; Esc means no."""
        choices = [("是", True), ("否", False)] if default else [("否", False), ("是", True)]
        return bool(self.select(message, choices, back=False))

    def clear(self) -> None:
        """Start a new screen."""
        self.shown = []
        self.console.clear()

    def header(self, text: str) -> None:
        """Show the progress header at the top of a screen (without a box in a low window), on one
        line: a long part title is shortened, the part number and the count stay."""
        def draw() -> None:
            width = self.console.size.width - (0 if self.compact else 4)
            line = fit_header(text, width)
            if self.compact:
                self.console.print(Text(line, style="bold reverse cyan"))
            else:
                self.console.print(Panel(Text(line, style="bold"), style="cyan", expand=True))
        self.show(draw)
        self.show_pending()

    def show_pending(self) -> None:
        """Print the messages kept for the next screen."""
        for text, style in self.pending:
            self.say(text, style)
        self.pending = []

    def pending_rows(self) -> int:
        """Return the rows the messages kept for the next screen will take."""
        return sum(self.rows(text) for text, _ in self.pending)

    def later(self, text: str, style: str = "yellow") -> None:
        """Show ``text`` under the header of the next screen (it would be cleared at once otherwise)."""
        self.pending.append((text, style))

    def block(self, title: str, body: Sequence[str] = (), keys: str = "") -> None:
        """Show the heading of what is being filled in, with its help lines; ``keys`` names the
        moving keys of the screen (on the panel's lower edge, or a line of its own in a low window).

        The title is cut at the right edge with "…" (it starts with what must stay
        visible, such as “第 3/23 项”); a low window gets no box.
        """
        def draw() -> None:
            width = self.console.size.width
            subtitle = Text(keys, style="dim") if keys else None
            if self.compact:
                self.console.print(Text(fit(title, width), style="bold underline"))
                if body:
                    self.console.print(Text("\n".join(body)))
                if keys:
                    self.console.print(Text(fit(keys, width), style="dim"))
            elif not body:
                self.console.print(Panel(Text(fit(title, width - 4), style="bold"), expand=True,
                                         subtitle=subtitle, subtitle_align="right"))
            else:
                self.console.print(Panel(Text("\n".join(body)), title=Text(fit(title, width - 6), style="bold"),
                                         title_align="left", expand=True, subtitle=subtitle,
                                         subtitle_align="right"))
        self.show(draw)

    def block_rows(self, body: Sequence[str] = (), keys: str = "") -> int:
        """Return the rows ``block`` takes for ``body`` and ``keys`` (its title is cut to one row)."""
        frame = (2 if keys else 1) if self.compact else 2
        inner = 0 if self.compact else 4
        return frame + sum(self.rows(line, inner) for line in body)

    def header_rows(self, text: str) -> int:
        """Return the rows the progress header ``text`` takes: one line, in a box unless the window is low."""
        return 1 if self.compact else 3

    def lines(self, rows: Sequence[tuple[str, str]]) -> None:
        """Show ``标题：内容`` lines above a question."""
        for label, text in rows:
            line = Text("  ")
            line.append(f"{label}：", style="bold")
            line.append(text)
            self.show(lambda line=line: self.console.print(line))

    def say(self, text: str, style: str = "") -> None:
        """Print one message."""
        self.show(lambda: self.console.print(Text(text, style=style)))

    def error(self, text: str) -> None:
        """Print a refusal or a broken rule, in red."""
        self.say(_marked("✗", text), "bold red")

    def warn(self, text: str) -> None:
        """Print a warning or a normalization note, in yellow."""
        self.say(_marked("⚠", text), "yellow")


def _marked(sign: str, text: str) -> str:
    # rich wraps at spaces: "✗ “甲…" would leave the sign alone on its row before Chinese text
    return f"{sign}{text}" if text[:1] and not text[:1].isascii() else f"{sign} {text}"


def fit(text: str, width: int) -> str:
    """Return ``text`` cut to ``width`` terminal cells, ending in "…" when it was cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(1, width - 1)).rstrip() + "…"


def fit_header(text: str, width: int) -> str:
    """Return the header ``第 3 部分 / 共 5 部分 · 标题 · 已填 4/124 项`` in ``width`` cells: the title in
    the middle is shortened first, so that where the clerk is and how much is filled stay in view."""
    if cell_len(text) <= width:
        return text
    head, *middle, tail = text.split(" · ") if text.count(" · ") >= 2 else ("", text, "")
    room = width - cell_len(head) - cell_len(tail) - 6
    if not head or room < 4:
        return fit(text, width)
    return " · ".join((head, fit(" · ".join(middle), room), tail))
