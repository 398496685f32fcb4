"""How a pre-filled answer behaves: the first typed key replaces it, the first Backspace clears it.

A prompt that shows an old value (a figure in ``edit``, "重新填写" after a mismatch,
last year's text) would otherwise append what the clerk types: ``70`` then ``64`` gave
``7064``. Here the old value behaves as if selected: Enter keeps it, typing or pasting
replaces it, Backspace empties it (the figure is then not reported), and moving the
cursor (←, Home) edits it in place.
"""

from __future__ import annotations

from collections.abc import Callable

import questionary
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys


def replace_hint(shown: str, what: str = "内容") -> str:
    """Return the line telling the clerk how a pre-filled ``shown`` value behaves."""
    return f"回车保留“{shown}”，直接输入新{what}替换；按 ← 修改，按退格键清空（未填）"


def replace_on_type(question: questionary.Question) -> questionary.Question:
    """Make the pre-filled text of ``question`` (a text prompt) behave as if selected."""
    app = question.application
    buffer = app.layout.current_buffer
    if buffer is None or not buffer.text:
        return question
    fresh = [True]

    def edited(_: Buffer) -> None:
        fresh[0] = False

    buffer.on_cursor_position_changed += edited
    untouched = Condition(lambda: fresh[0])
    bindings = KeyBindings()

    def replace(event: KeyPressEvent, text: str) -> None:
        fresh[0] = False
        event.current_buffer.text = ""
        event.current_buffer.insert_text(text)

    @bindings.add(Keys.Any, filter=untouched)
    def _typed(event: KeyPressEvent) -> None:
        if event.data and event.data.isprintable():
            replace(event, event.data)

    @bindings.add(Keys.BracketedPaste, filter=untouched)
    def _pasted(event: KeyPressEvent) -> None:
        replace(event, event.data.replace("\r\n", "\n").replace("\r", "\n"))

    @bindings.add("c-h", filter=untouched)
    def _cleared(event: KeyPressEvent) -> None:
        replace(event, "")

    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), bindings])
    return question


def watch_text(question: questionary.Question, changed: Callable[[str], None]) -> questionary.Question:
    """Call ``changed`` with the text of ``question`` after every change (for the autosave of a draft)."""
    buffer = question.application.layout.current_buffer
    if buffer is not None:
        buffer.on_text_changed += lambda buf: changed(buf.text)
    return question


def same_as_last_year(question: questionary.Question, text: str) -> questionary.Question:
    """Let Tab answer ``question`` with last year's ``text`` in one keystroke (the answer is checked as typed)."""
    bindings = KeyBindings()

    @bindings.add("tab")
    def _same(event: KeyPressEvent) -> None:
        event.current_buffer.text = text
        event.current_buffer.validate_and_handle()

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), bindings])
    return question
