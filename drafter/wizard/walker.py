"""Walk a list of questions with the moving keys: PgUp goes back one, PgDn skips what may be skipped.

Going forward, a question is asked when it applies and is still pending (or always,
when editing); going back, the previous question that applies is asked again, pending
or not. ``Back`` out of the first question leaves the walk to the caller (the step
before), which starts its own walk at its last question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import msgspec

from .moves import Back, SkipRest


def _always() -> bool:
    return True


def _never() -> bool:
    return False


def _nothing() -> None:
    return None


class Question(msgspec.Struct, frozen=True):
    """One question of a step: how to ask it, whether it applies now, whether it still waits for an answer.

    ``skippable`` tells whether PgDn may pass it by (a figure not required, or answered);
    ``skip`` is what passing it by does (keep the answer Enter would have kept).
    """

    key: str
    ask: Callable[[], None]
    applies: Callable[[], bool] = _always
    pending: Callable[[], bool] = _always
    skippable: Callable[[], bool] = _never
    skip: Callable[[], None] = _nothing


def last_applying(questions: Sequence[Question], before: int) -> int:
    """Return the index of the last question before ``before`` that applies, or -1."""
    index = before - 1
    while index >= 0 and not questions[index].applies():
        index -= 1
    return index


def walk(questions: Sequence[Question], *, editing: bool = False, from_end: bool = False,
         start: int = 0) -> None:
    """Ask ``questions`` in order from ``start`` (or from the last that applies when ``from_end``).

    The question started at is asked whether pending or not when ``from_end`` (it was
    reached by going back); raise ``Back`` when going back from the first one, or when
    ``from_end`` finds nothing to ask.
    """
    index = last_applying(questions, len(questions)) if from_end else start
    if index < 0:
        raise Back
    forced = from_end
    skipping = False
    while index < len(questions):
        question = questions[index]
        skipped = skipping and question.skippable()
        passed = skipped or not (editing or question.pending())
        if not question.applies() or (passed and not forced):
            if skipped and question.applies():
                question.skip()
            index, forced = index + 1, False
            continue
        try:
            question.ask()
        except Back:
            index = last_applying(questions, index)
            if index < 0:
                raise
            forced, skipping = True, False
            continue
        except SkipRest:
            if not question.skippable():  # a required answer still missing: ask it again
                forced = True
                continue
            question.skip()
            skipping = True
        index, forced = index + 1, False
