"""The wizard's moving keys: PgUp goes back one question, PgDn skips the rest of a subsection's figures.

Both work in text prompts and menus alike (prompt_toolkit reads them the same in a
plain terminal, in tmux and in Windows Terminal), and neither is taken by the prompts
themselves: Esc stays "back/cancel" in menus, Tab stays "同上年". A key leaves the
prompt by raising ``Back`` or ``SkipRest``, which the session's walker catches.
"""

from __future__ import annotations

import questionary
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings

BACK_KEY = "pageup"
SKIP_KEY = "pagedown"
BACK_HINT = "PgUp 上一题"
SKIP_HINT = "PgDn 跳过本节其余{what}"
FIRST_QUESTION = "这已经是第一个问题，没有上一题了。"


class Move(Exception):  # noqa: N818 - a move, not an error
    """A moving key was pressed in a prompt."""


class Back(Move):
    """PgUp: go back to the question before this one."""


class SkipRest(Move):
    """PgDn: leave the rest of this step's figures as they are and go on."""


def hint(skip: bool, what: str = "数字") -> str:
    """Return the line naming the moving keys of a screen (PgDn only where it skips ``what``)."""
    return f"{BACK_HINT} · {SKIP_HINT.format(what=what)}" if skip else BACK_HINT


def move_bindings(*, skip: bool) -> KeyBindings:
    """Return key bindings raising ``Back`` for PgUp and, with ``skip``, ``SkipRest`` for PgDn."""
    bindings = KeyBindings()

    @bindings.add(BACK_KEY)
    def _back(event: KeyPressEvent) -> None:
        event.app.exit(exception=Back())

    if skip:
        @bindings.add(SKIP_KEY)
        def _skip(event: KeyPressEvent) -> None:
            event.app.exit(exception=SkipRest())

    return bindings


def bind_moves(question: questionary.Question, *, skip: bool) -> questionary.Question:
    """Give ``question`` (a text prompt) the moving keys."""
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), move_bindings(skip=skip)])
    return question
