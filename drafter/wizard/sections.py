"""``--section NAME`` of ``drafter new`` and ``drafter edit``: which steps a name designates.

A key names one step; a word of a heading may name several, and then the clerk is
asked which (without a terminal the candidates are listed and the command stops);
a word found only in a help text or a figure label (公证) is taken and said so.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DrafterError
from .screen import Screen
from .steps import Candidate, Step, candidates

ALL = "__all__"


class UnknownSectionError(DrafterError):
    """``--section`` named no step of the structure."""

    exit_code = 2


class AmbiguousSectionError(DrafterError):
    """``--section`` named several steps and there is no terminal to ask which."""

    exit_code = 2


def _name_of(step: Step, titles: dict[str, str]) -> str:
    return f"{step.key}（{titles.get(step.id, step.title)}）"


def _listed(found: list[Candidate], titles: dict[str, str]) -> str:
    return "\n".join(f"  {_name_of(c.step, titles)}" + (f"：{c.why}" if c.why else "") for c in found)


def resolve(steps: list[Step], names: list[str], *, titles: dict[str, str], file: Path,
            screen: Screen | None, own: dict[str, str] | None = None) -> tuple[list[Step], list[str]]:
    """Return the steps ``names`` designate in questionnaire order, and notes on how they were found.

    ``titles`` are shown, ``own`` are the report's own headings (matched as the declared ones).
    Several candidates are offered in a menu on ``screen``; without one (no terminal)
    ``AmbiguousSectionError`` lists them. An unknown name raises ``UnknownSectionError``.
    """
    chosen: list[Step] = []
    notes: list[str] = []
    for name in names:
        found = candidates(steps, name, own)
        if not found:
            known = "、".join(_name_of(s, titles) for s in steps)
            raise UnknownSectionError(f"没有“{name}”这一节；可以用：{known}", file=file)
        if len(found) > 1:
            if screen is None:
                raise AmbiguousSectionError(
                    f"“{name}”对应 {len(found)} 个小节，请写得更具体一些（写键名最准确）：\n"
                    + _listed(found, titles), file=file)
            found = _ask(screen, name, found, titles)
        for candidate in found:
            if candidate.why:
                notes.append(f"“{name}”出现在“{titles.get(candidate.step.id, candidate.step.title)}”的"
                              f"{candidate.why}中，打开这一节。")
            if candidate.step not in chosen:
                chosen.append(candidate.step)
    return [s for s in steps if s in chosen], notes


def _ask(screen: Screen, name: str, found: list[Candidate], titles: dict[str, str]) -> list[Candidate]:
    choices: list[tuple[str, object]] = [
        (titles.get(c.step.id, c.step.title) + (f"（{c.why}）" if c.why else ""), c.step.id) for c in found]
    choices.append((f"以上 {len(found)} 个小节都填", ALL))
    picked = screen.select(f"“{name}”对应好几个小节，填哪一个？", choices)
    return found if picked == ALL else [c for c in found if c.step.id == picked]
