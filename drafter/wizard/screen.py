"""The terminal the wizard talks to: a rich console for panels and tables, questionary for prompts.

Every prompt goes through ``Screen.ask``, which turns Ctrl-C (and Ctrl-D or a closed
terminal) into ``Interrupted`` so the session can save and stop cleanly.

Esc is bound in every menu, and Esc Enter too (the item editor teaches "Esc 再按
Enter", so clerks press it everywhere): in a menu both mean "back" where the caller
says what back is, and are ignored elsewhere. Left to prompt_toolkit, Esc Enter
would end a menu with an empty answer that is none of its choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from questionary import Choice
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


class Screen:
    """Show screens with rich and ask questions with questionary."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(highlight=False, markup=False)
        self.pending: list[tuple[str, str]] = []  # shown once under the next header

    def ask(self, question: questionary.Question) -> Any:
        """Ask ``question``; raise ``Interrupted`` on Ctrl-C, Ctrl-D or a lost terminal."""
        try:
            return question.unsafe_ask()
        except (KeyboardInterrupt, EOFError, OSError):  # OSError: the terminal is gone
            raise Interrupted from None

    def select(self, message: str, choices: Sequence[tuple[str, Any]], default: Any = None, *,
               back: Any = IGNORE, instruction: str = SELECT_HINT,
               keys: KeyBindings | None = None) -> Any:
        """Ask the clerk to pick one of ``choices`` (title, value); return the value.

        Esc (or Esc Enter) returns ``back``; when ``back`` is ``IGNORE`` Esc does nothing.
        The answer is always one of the values or ``back``. ``keys`` are more bindings
        (the wizard's moving keys), taking precedence over the menu's own.
        """
        options = [Choice(title, value=value) for title, value in choices]
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
        self.console.clear()

    def header(self, text: str) -> None:
        """Show the progress header at the top of a screen."""
        self.console.print(Panel(Text(text, style="bold"), style="cyan", expand=True))
        self.show_pending()

    def show_pending(self) -> None:
        """Print the messages kept for the next screen."""
        for text, style in self.pending:
            self.say(text, style)
        self.pending = []

    def later(self, text: str, style: str = "yellow") -> None:
        """Show ``text`` under the header of the next screen (it would be cleared at once otherwise)."""
        self.pending.append((text, style))

    def block(self, title: str, body: Sequence[str] = (), keys: str = "") -> None:
        """Show the heading of what is being filled in, with its help lines; ``keys`` names the
        moving keys of the screen on the panel's lower edge."""
        subtitle = Text(keys, style="dim") if keys else None
        if not body:
            self.console.print(Panel(Text(title, style="bold"), expand=True, subtitle=subtitle,
                                     subtitle_align="right"))
            return
        self.console.print(Panel(Text("\n".join(body)), title=Text(title, style="bold"),
                                 title_align="left", expand=True, subtitle=subtitle,
                                 subtitle_align="right"))

    def lines(self, rows: Sequence[tuple[str, str]]) -> None:
        """Show ``标题：内容`` lines above a question."""
        for label, text in rows:
            line = Text("  ")
            line.append(f"{label}：", style="bold")
            line.append(text)
            self.console.print(line)

    def say(self, text: str, style: str = "") -> None:
        """Print one message."""
        self.console.print(Text(text, style=style))

    def error(self, text: str) -> None:
        """Print a refusal or a broken rule, in red."""
        self.say(f"✗ {text}", "bold red")

    def warn(self, text: str) -> None:
        """Print a warning or a normalization note, in yellow."""
        self.say(f"⚠ {text}", "yellow")
