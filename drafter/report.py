"""Open a report file: read it, find its template set, load the structure, validate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datafile import load_report_file
from .problems import Problem
from .structure import Structure
from .templateset import LoadedSets, TemplateSet, find_template_set
from .validate import Report, validate
from .yamlsource import LoadedYaml


@dataclass
class OpenedReport:
    """A report file with everything needed to check, render or edit it."""

    loaded: LoadedYaml
    template_set: TemplateSet
    structure: Structure
    report: Report
    problems: list[Problem]

    def role(self, name: str) -> Any:
        """Return the checked value of the field playing role ``name`` (issuer, year…), or None."""
        return self.structure.value_of(name, self.report.values)


def open_report(path: Path, *, template: str | Path | TemplateSet | None = None,
                sets: LoadedSets | None = None) -> OpenedReport:
    """Read and validate ``path`` with its own template set, or with ``template`` when given
    (a name, a folder, or an already loaded set); ``sets`` shares the sets of a command that opens
    many files (a batch, merge), so each set is loaded once."""
    loaded = load_report_file(path)
    if isinstance(template, TemplateSet):
        template_set = template
    else:
        wanted = template or loaded.data.get("template") or None
        find = sets.find if sets is not None else find_template_set
        template_set = find(wanted, relative_to=path.parent)
    report, problems = validate(loaded, template_set.structure)
    return OpenedReport(loaded, template_set, template_set.structure, report, problems)
