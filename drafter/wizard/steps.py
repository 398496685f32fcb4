"""The steps of the questionnaire, derived from the declared structure and nothing else.

文档信息 and 开头 first, then every subsection of the statutory parts in document
order (a part without subsections is one step). Each step knows its part, so the
header can say “第 3 部分 / 共 5 部分”.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from ..structure import Field, Group, Section, Structure


class Step(msgspec.Struct, frozen=True):
    """One screenful of the questionnaire: a metadata group or a subsection."""

    id: str
    title: str                  # the declared heading; numbers come from wizard/numbering.py
    fields: tuple[Field, ...]
    part_number: int = 0        # 0 for 文档信息 and 开头
    part_title: str = ""
    block: Section | None = None
    group: Group | None = None
    help: str = ""

    @property
    def is_subsection(self) -> bool:
        """Return whether this step is a subsection of a part (not a whole part, not 文档信息/开头),
        numbered （一）（二）… in the document."""
        return self.block is not None and len(self.block.path) > 1

    @property
    def items_noun(self) -> str:
        """Return what the clerk's paragraphs are called here: 工作内容 in a subsection, else 内容
        (存在的不足 or next year's plans are no 工作内容)."""
        return "工作内容" if self.is_subsection else "内容"

    @property
    def where(self) -> str:
        """Return how the screen names this step: 本小节 or 这一部分."""
        return "本小节" if self.is_subsection else "这一部分"

    @property
    def keys(self) -> list[str]:
        """Return the keys of the fields this step asks."""
        return [f.key for f in self.fields]

    @property
    def is_part(self) -> bool:
        """Return whether this step is a whole part without subsections (it may have an opening sentence)."""
        return self.block is not None and len(self.block.path) == 1

    @property
    def key(self) -> str:
        """Return the last key of the step's id (``disputes`` for ``measures.disputes``)."""
        return self.id.rsplit(".", 1)[-1]

    def matches(self, name: str) -> bool:
        """Return whether ``name`` (id, last key, or part of the heading) designates this step."""
        name = name.strip()
        return bool(name) and (name in (self.id, self.key) or name in self.title)

    def mentions(self, name: str) -> str:
        """Return where ``name`` occurs in the step's help text or figure labels, e.g. “数字“办理公证””; else ""."""
        name = name.strip()
        if not name:
            return ""
        if name in self.help:
            return f"说明“{self.help}”"
        for field in self.fields:
            if name in field.label or any(name in alias for alias in field.aliases):
                return f"数字“{field.label}”"
        return ""


class Candidate(msgspec.Struct, frozen=True):
    """A step a ``--section`` name designates, and why (empty when by key or heading)."""

    step: Step
    why: str = ""


def build_steps(structure: Structure) -> list[Step]:
    """Return every step of ``structure`` in the order the questionnaire asks them."""
    steps = [Step(id=g.key, title=g.title, fields=g.fields, group=g)
             for g in (structure.meta, structure.opening)]
    for number, part in enumerate(structure.parts, start=1):
        if not part.has_sections:
            steps.append(Step(id=".".join(part.path), title=part.heading, fields=part.figures,
                              part_number=number, part_title=part.heading, block=part,
                              help=part.help))
            continue
        for section in part.sections:
            steps.append(Step(id=".".join(section.path), title=section.heading,
                              fields=section.figures, part_number=number,
                              part_title=part.heading, block=section, help=section.help))
    return steps


def candidates(steps: list[Step], name: str, own: Mapping[str, str] | None = None) -> list[Candidate]:
    """Return the steps ``name`` designates, in questionnaire order.

    A key or id designates its step alone; otherwise every step whose heading (the
    declared one, or the report's ``own`` heading by step id) holds ``name``; failing
    that, every step whose help text or figure labels hold it.
    """
    name = name.strip()
    own = own or {}
    exact = [s for s in steps if name and name in (s.id, s.key)]
    if exact:
        return [Candidate(exact[0])]
    by_heading = [Candidate(s) for s in steps if s.matches(name) or (name and name in own.get(s.id, ""))]
    if by_heading:
        return by_heading
    return [Candidate(s, why) for s in steps if (why := s.mentions(name))]


def find_steps(steps: list[Step], names: list[str]) -> list[Step]:
    """Return every step ``names`` designate, in questionnaire order; raise KeyError for an unknown name."""
    chosen: list[Step] = []
    for name in names:
        found = candidates(steps, name)
        if not found:
            raise KeyError(name)
        chosen.extend(c.step for c in found if c.step not in chosen)
    return [s for s in steps if s in chosen]
