"""The questionnaire behind ``drafter new`` and ``drafter edit``.

Questions come from the declared structure (``steps.py``) through one adapter
(``questions.py``); ``session.py`` walks them and saves after every answer,
``items.py`` edits the clerk's paragraphs, ``review.py`` shows the review table,
``progress.py`` the header, ``run.py`` ties them to the command line.
"""

from __future__ import annotations

from .run import run_edit, run_new

__all__ = ["run_new", "run_edit"]
