"""Shared fixtures of the layout tests: the sample 公文, its .docx and its PDF (converted once)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drafter.render.docx import write_docx
from drafter.render.layout import Layout, load_layout
from tests.helpers import missing

from .sample import DEFAULT_LAYOUT, sample_document


def need_libreoffice() -> None:
    """Skip where LibreOffice is missing, except in CI, where it must be installed."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        missing("LibreOffice is not installed")


@pytest.fixture(scope="session")
def layout() -> Layout:
    return load_layout(DEFAULT_LAYOUT)


@pytest.fixture(scope="session")
def sample_docx(layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    path.write_bytes(write_docx(sample_document(), layout))
    return path


@pytest.fixture(scope="session")
def sample_pdf(sample_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample converted once by LibreOffice; skipped where LibreOffice is not installed."""
    need_libreoffice()
    from drafter.render.pdf import convert_to_pdf
    return convert_to_pdf(sample_docx, tmp_path_factory.mktemp("pdf"))
