"""Settings for the whole suite: under CI (``CI=1``, set by ``.ci/run``) hypothesis draws the
same examples on every run and keeps no database, so a failure in CI is the same failure
when run again, and a green run does not depend on examples remembered from an earlier one."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
