"""The answers of one wizard run: report data in the file layout, what was asked, saved after each answer.

The data is the plain dict that ``datafile.save_report`` writes. Beside it the wizard
keeps its progress, written into the same file under the top-level key ``progress``
while the questionnaire is unfinished and removed when the clerk finishes it:

``done``
    the steps (文档信息, 开头, each subsection) the clerk has gone through;
``asked``
    the fields asked so far in the step not yet done, so an answer left empty
    ("not reported") is told apart from a question not yet asked;
``draft``
    the work item being typed when the wizard was stopped (its step, the number of
    the item being changed or none for a new one, and the text), offered back on resume.
``finished``
    true when the questionnaire was finished before: the entry then only carries a
    ``draft`` (a paragraph being changed in ``drafter edit`` when it was stopped).

A file is written only when its content changes: opening a report and stopping at
once leaves it byte for byte as it was (comments the clerk wrote in it included).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from ..datafile import FORMAT_VERSION, load_report_file, save_report
from ..datapath import field_value, remove_at, set_at, set_field, value_at
from ..errors import DrafterError
from ..outputs import keep_backup
from ..structure import Section, Structure
from ..validate import check_field
from ..values import is_empty
from ..yamlsource import read_bytes

PROGRESS_KEY = "progress"


class Progress(msgspec.Struct):
    """Which steps are done and which fields of the current step were asked."""

    done: list[str] = msgspec.field(default_factory=list)
    asked: list[str] = msgspec.field(default_factory=list)
    draft: Draft | None = None
    finished: bool = False  # the questionnaire was finished; only a draft is kept

    @classmethod
    def from_data(cls, raw: Any) -> Progress:
        """Read the ``progress`` entry of a report file; a damaged entry counts as no progress."""
        if not isinstance(raw, dict):
            return cls()
        return cls(done=_strings(raw.get("done")), asked=_strings(raw.get("asked")),
                   draft=Draft.from_data(raw.get("draft")), finished=raw.get("finished") is True)

    def to_data(self) -> dict[str, Any]:
        """Return the entry as written into the report file."""
        data: dict[str, Any] = {"finished": True} if self.finished else {
            "done": list(self.done), "asked": list(self.asked)}
        if self.draft is not None:
            data["draft"] = self.draft.to_data()
        return data


class Draft(msgspec.Struct, frozen=True):
    """A work item being typed: its step, the item changed (None: a new one), the text so far."""

    step: str
    item: int | None
    text: str

    @classmethod
    def from_data(cls, raw: Any) -> Draft | None:
        """Read a saved draft; anything damaged or empty counts as none."""
        if not isinstance(raw, dict) or is_empty(raw.get("text")) or is_empty(raw.get("step")):
            return None
        item = raw.get("item")
        return cls(str(raw["step"]), item if isinstance(item, int) and item >= 0 else None,
                   str(raw["text"]))

    def to_data(self) -> dict[str, Any]:
        """Return the draft as written under ``progress:``."""
        return {"step": self.step, "item": self.item, "text": self.text}


def _strings(raw: Any) -> list[str]:
    return [str(x) for x in raw if not is_empty(x)] if isinstance(raw, list) else []


class Answers:
    """The report data being written, with its progress; every change can be saved at once."""

    def __init__(self, path: Path, structure: Structure, data: dict[str, Any],
                 progress: Progress | None) -> None:
        self.path = path
        self.structure = structure
        self.data = data
        self.progress = progress
        self.seen: str | None = None  # hash of the file as last read or written by this run
        # Asked when the file changed on disk since (edited in a text editor meanwhile):
        # returns "reload" (take the file as it is now) or "keep" (write this run's answers).
        self.on_changed: Callable[[], str] | None = None
        self.backup: Path | None = None  # where the last edited file was kept, when one was
        self.on_backup: Callable[[Path], None] | None = None  # told where it was kept
        self._written: Any = None  # (data, progress) as last read or written: unchanged, nothing to write
        self.writes = 0  # how many times this run wrote the file

    @classmethod
    def start(cls, path: Path, structure: Structure, *, template: str,
              previous: str | None = None) -> Answers:
        """Return empty answers for a new report file (nothing is written yet)."""
        data: dict[str, Any] = {"drafter": FORMAT_VERSION, "template": template}
        if previous:
            data["previous"] = previous
        return cls(path, structure, data, Progress())

    @classmethod
    def load(cls, path: Path, structure: Structure) -> Answers:
        """Read an existing report file; ``progress`` is None when its questionnaire was finished."""
        data = dict(load_report_file(path).data)
        raw_progress = data.pop(PROGRESS_KEY, None)
        progress = None if raw_progress is None else Progress.from_data(raw_progress)
        if progress is not None and progress.finished and progress.draft is None:
            progress = None  # a finished file whose kept paragraph was dealt with
        answers = cls(path, structure, data, progress)
        answers.seen = _disk_hash(path)
        answers._written = answers._content()
        return answers

    def reload(self) -> None:
        """Take the file's content as it is on disk now, in place of this run's answers."""
        fresh = Answers.load(self.path, self.structure)
        self.data, self.progress, self.seen, self._written = fresh.data, fresh.progress, fresh.seen, fresh._written

    def changed_on_disk(self) -> bool:
        """Return whether the file now differs from what this run last read or wrote."""
        return self.seen is not None and _disk_hash(self.path) not in (None, self.seen)

    @property
    def finished(self) -> bool:
        """Return whether the questionnaire of this file was finished."""
        return self.progress is None or self.progress.finished

    # values -------------------------------------------------------------

    def get(self, key: str) -> Any:
        """Return the value of field ``key`` as held in the file (None when not reported)."""
        return field_value(self.structure, self.data, key)

    def set(self, key: str, value: Any) -> None:
        """Set field ``key`` to ``value`` (None: not reported)."""
        set_field(self.structure, self.data, key, value)

    def parsed(self) -> dict[str, Any]:
        """Return the typed value of every reported field that ``drafter check`` accepts (for the rules)."""
        verdicts = {key: check_field(spec, self.get(key)) for key, spec in self.structure.fields.items()}
        return {key: verdict.value for key, verdict in verdicts.items() if verdict.value is not None}

    def items(self, block: Section) -> list[str]:
        """Return the clerk's paragraphs of ``block``."""
        raw = value_at(self.data, block.path + ("items",))
        if is_empty(raw):
            return []
        return [str(x) for x in (raw if isinstance(raw, list) else [raw]) if not is_empty(x)]

    def set_items(self, block: Section, items: list[str]) -> None:
        """Replace the clerk's paragraphs of ``block``."""
        set_at(self.data, block.path + ("items",), list(items))

    def text(self, block: Section, key: str) -> str:
        """Return the clerk's own ``heading`` or ``intro`` of ``block`` ("" when there is none)."""
        node = value_at(self.data, block.path + (key,))
        return "" if is_empty(node) or isinstance(node, (list, dict)) else str(node).strip()

    def set_text(self, block: Section, key: str, text: str) -> None:
        """Set the ``heading`` or ``intro`` of ``block``; empty text removes it (the template's own applies)."""
        if text:
            set_at(self.data, block.path + (key,), text)
        else:
            remove_at(self.data, block.path + (key,))

    def filled(self) -> tuple[int, int]:
        """Return (figures reported, figures declared) over the statutory parts."""
        figures = self.structure.figures()
        return sum(1 for f in figures if not is_empty(self.get(f.key))), len(figures)

    # progress -----------------------------------------------------------

    def is_done(self, step_id: str) -> bool:
        """Return whether the clerk has gone through step ``step_id``."""
        return self.finished or step_id in self.progress.done  # type: ignore[union-attr]

    def was_asked(self, key: str) -> bool:
        """Return whether field ``key`` of the current step was already asked."""
        return self.finished or key in self.progress.asked  # type: ignore[union-attr]

    def mark_asked(self, key: str) -> None:
        """Record that field ``key`` was asked (its answer may be 'not reported')."""
        if not self.finished and key not in self.progress.asked:  # type: ignore[union-attr]
            self.progress.asked.append(key)

    def mark_done(self, step_id: str, keys: list[str]) -> None:
        """Record that step ``step_id`` is done; forget the asked marks of its ``keys``."""
        if self.finished:
            return
        if step_id not in self.progress.done:  # type: ignore[union-attr]
            self.progress.done.append(step_id)
        self.progress.asked = [k for k in self.progress.asked if k not in keys]

    def draft(self, step_id: str) -> Draft | None:
        """Return the unsaved work item of step ``step_id`` kept from the last run, if any."""
        draft = self.progress.draft if self.progress is not None else None
        return draft if draft is not None and draft.step == step_id else None

    def keep_draft(self, draft: Draft | None) -> None:
        """Keep (or with None forget) the work item being typed; a finished file keeps it under a
        ``progress`` entry that says so, which goes again with the draft."""
        if draft is not None and not draft.text.strip():
            draft = None
        if self.progress is None:
            if draft is not None:
                self.progress = Progress(finished=True, draft=draft)
            return
        self.progress.draft = draft
        if draft is None and self.progress.finished:
            self.progress = None

    def pending_draft(self) -> Draft | None:
        """Return the work item kept from an earlier run, whichever step it belongs to."""
        return self.progress.draft if self.progress is not None else None

    def finish(self) -> None:
        """Mark the questionnaire finished: the file no longer carries a ``progress`` entry."""
        self.progress = None

    # file ---------------------------------------------------------------

    def save(self) -> None:
        """Write the report file atomically (the old file stays whole if anything fails).

        When the file was changed on disk meanwhile, ``on_changed`` decides: reload it
        (nothing is written) or keep this run's answers (the edited file is kept beside
        it as a dated backup first). Without ``on_changed`` the backup is kept and the
        answers written.
        """
        content = self._content()
        if content == self._written:
            return  # nothing to write: the file stays as it is, comments and all
        if self.changed_on_disk():
            if self.on_changed is not None and self.on_changed() == "reload":
                self.reload()
                return
            self.backup = keep_backup(self.path)
            if self.on_backup is not None:
                self.on_backup(self.backup)
        data = dict(self.data)
        data.pop(PROGRESS_KEY, None)
        if self.progress is not None:
            data[PROGRESS_KEY] = self.progress.to_data()
        self.seen = hashlib.sha256(save_report(self.path, self.structure, data)).hexdigest()
        self._written = content
        self.writes += 1

    def _content(self) -> Any:
        return copy.deepcopy((self.data, None if self.progress is None else self.progress.to_data()))


def _disk_hash(path: Path) -> str | None:
    """Return the hash of the file's bytes, or None when it cannot be read (gone, not a file)."""
    try:
        return hashlib.sha256(read_bytes(path, "报告数据文件")).hexdigest()
    except DrafterError:
        return None
