"""The question walker behind PgUp and PgDn, without a terminal: which question comes next."""

from __future__ import annotations

import pytest

from drafter.wizard.moves import Back, SkipRest
from drafter.wizard.walker import Question, walk


class Script:
    """Questions that answer, go back or skip as scripted, and record the order they were asked in."""

    def __init__(self, keys: str, moves: dict[tuple[str, int], type[Exception]],
                 required: str = "", answered: str = "", applies: str | None = None) -> None:
        self.asked: list[str] = []
        self.moves = moves
        self.answered = set(answered)
        self.questions = [Question(
            key, lambda key=key: self._ask(key),
            applies=lambda key=key: applies is None or key in applies,
            pending=lambda key=key: key not in self.answered,
            skippable=lambda key=key: key not in required or key in self.answered) for key in keys]

    def _ask(self, key: str) -> None:
        self.asked.append(key)
        move = self.moves.get((key, self.asked.count(key)))
        if move is not None:
            raise move
        self.answered.add(key)


def test_back_asks_the_question_before_and_then_goes_on_where_it_left() -> None:
    script = Script("abcd", {("c", 1): Back})
    walk(script.questions)
    assert script.asked == ["a", "b", "c", "b", "c", "d"]


def test_back_passes_over_questions_that_do_not_apply() -> None:
    script = Script("abcd", {("c", 1): Back}, applies="acd")
    walk(script.questions)
    assert script.asked == ["a", "c", "a", "c", "d"]


def test_back_from_the_first_question_leaves_the_walk() -> None:
    script = Script("ab", {("a", 1): Back})
    with pytest.raises(Back):
        walk(script.questions)


def test_coming_back_from_the_next_step_starts_at_the_last_question_answered_or_not() -> None:
    script = Script("abc", {}, answered="abc")
    walk(script.questions, from_end=True)
    assert script.asked == ["c"]
    with pytest.raises(Back):
        walk(Script("ab", {}, applies="").questions, from_end=True)


def test_answered_questions_are_passed_unless_editing() -> None:
    script = Script("abc", {}, answered="b")
    walk(script.questions)
    assert script.asked == ["a", "c"]
    script = Script("abc", {}, answered="b")
    walk(script.questions, editing=True)
    assert script.asked == ["a", "b", "c"]


def test_skip_passes_the_rest_but_a_required_answer_still_missing() -> None:
    script = Script("abcde", {("b", 1): SkipRest}, required="d")
    walk(script.questions, editing=True)
    assert script.asked == ["a", "b", "d"]


def test_skip_on_a_required_question_without_an_answer_asks_it_again() -> None:
    script = Script("abc", {("a", 1): SkipRest}, required="a")
    walk(script.questions)
    assert script.asked == ["a", "a", "b", "c"]
