"""The start of a document (page, styles, page numbers) is built once per layout and reused.

Reused in the same process (a batch) or from drafter's cache folder (the next run), it must
give the very document a fresh build gives; a damaged cache entry or an unusable cache folder
only costs the time of building it again.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import msgspec
import pytest

from drafter.render import docx as docx_writer
from drafter.render.docx import write_docx
from drafter.templateset import cache

from .sample import sample_document


def parts(data: bytes) -> dict[str, bytes]:
    """Return the package's parts but the core properties (they hold the time of writing)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist() if name != "docProps/core.xml"}


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder, and nothing kept in this process from earlier tests."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(folder))
    monkeypatch.setattr(docx_writer, "_STARTS", {})
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*/{docx_writer._CACHE_KIND}/*"))


def test_a_reused_start_gives_the_document_a_fresh_build_gives(layout, cache_folder, monkeypatch):
    fresh = parts(write_docx(sample_document(), layout))
    assert len(entries(cache_folder)) == 1
    assert parts(write_docx(sample_document(), layout)) == fresh          # kept in this process
    monkeypatch.setattr(docx_writer, "_STARTS", {})
    assert parts(write_docx(sample_document(), layout)) == fresh          # read from the cache folder


def test_a_damaged_cache_entry_is_built_again(layout, cache_folder, monkeypatch):
    fresh = parts(write_docx(sample_document(), layout))
    (entry,) = entries(cache_folder)
    entry.write_bytes(b"PK\x03\x04 not a package")
    monkeypatch.setattr(docx_writer, "_STARTS", {})
    assert parts(write_docx(sample_document(), layout)) == fresh


def test_without_a_cache_folder_the_document_is_the_same(layout, cache_folder, monkeypatch):
    fresh = parts(write_docx(sample_document(), layout))
    monkeypatch.setenv(cache.ENV_VAR, "")   # an empty value turns the cache off
    monkeypatch.setattr(docx_writer, "_STARTS", {})
    assert parts(write_docx(sample_document(), layout)) == fresh


def test_another_layout_gets_its_own_start(layout, cache_folder):
    bigger = msgspec.structs.replace(layout, fonts=msgspec.structs.replace(
        layout.fonts, title=msgspec.structs.replace(layout.fonts.title, size=layout.fonts.title.size + 2)))
    first = parts(write_docx(sample_document(), layout))["word/styles.xml"]
    second = parts(write_docx(sample_document(), bigger))["word/styles.xml"]
    size = f'w:val="{round((layout.fonts.title.size + 2) * 2)}"'.encode()
    assert second != first and size in second
    assert len(entries(cache_folder)) == 2


def test_documents_written_from_the_kept_start_leave_it_as_it_was(layout, cache_folder):
    from drafter.render.blocks import Document, Heading, Paragraph

    first = parts(write_docx(sample_document(), layout))
    other = Document(blocks=[Heading(1, "一、另一份报告"), Paragraph("正文" * 200)], title="另一份", author="某单位")
    write_docx(other, layout)   # a second report of the batch, from a copy of the same start
    assert parts(write_docx(sample_document(), layout)) == first
