"""The steps of the questionnaire, derived from the declared structure and nothing else.

文档信息 and 开头 first, then every subsection of the statutory parts in document
order (a part without subsections is one step). Each step knows its part, so the
header can say “第 3 部分 / 共 5 部分”.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..structure import Block, Field, Group, Structure
from ..values import cn_ordinal


@dataclass(frozen=True)
class Step:
    """One screenful of the questionnaire: a metadata group or a subsection."""

    id: str
    title: str
    fields: tuple[Field, ...]
    part_number: int = 0        # 0 for 文档信息 and 开头
    part_title: str = ""
    block: Block | None = None
    group: Group | None = None
    help: str = ""

    @property
    def keys(self) -> list[str]:
        """Return the keys of the fields this step asks."""
        return [f.key for f in self.fields]

    def matches(self, name: str) -> bool:
        """Return whether ``name`` (id, last key, or part of the heading) designates this step."""
        name = name.strip()
        return bool(name) and (name in (self.id, self.id.rsplit(".", 1)[-1]) or name in self.title)


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
        for index, section in enumerate(part.sections, start=1):
            steps.append(Step(id=".".join(section.path), title=f"（{cn_ordinal(index)}）{section.heading}",
                              fields=section.figures, part_number=number,
                              part_title=part.heading, block=section, help=section.help))
    return steps


def find_steps(steps: list[Step], names: list[str]) -> list[Step]:
    """Return the steps ``names`` designate, in questionnaire order; raise KeyError for an unknown name."""
    chosen: list[Step] = []
    for name in names:
        found = [s for s in steps if s.matches(name)]
        if not found:
            raise KeyError(name)
        chosen.extend(s for s in found if s not in chosen)
    return [s for s in steps if s in chosen]
