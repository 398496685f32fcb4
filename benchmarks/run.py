"""Measure drafter against its floors, in one run, and print the ratios the README quotes.

    python benchmarks/run.py [--runs 7]

Every timing is a whole process (a new Python interpreter), as a clerk runs it; each
line is the median of ``--runs`` runs after one warm-up. The cache folder is a fresh
temporary one (``DRAFTER_CACHE_DIR``), so "warm" and "after an edit" mean what they say.
drafter's bytecode is compiled on the warm-up run into a temporary folder
(``PYTHONPYCACHEPREFIX``), as ``pip install`` compiles it, even where the environment says
``PYTHONDONTWRITEBYTECODE``: the floor's libraries have theirs, so the ratios compare like with like.

  floor          python -c "import docx, jinja2, yaml"
  render         drafter render <largest example>            (warm cache)
  render, edit   the same after a template edit               (the set is checked again)
  check          drafter check <largest example>
  --help         drafter --help
  batch          drafter render <folder of 100 reports>       (ms a report)
  pandoc         pandoc md → docx of the same text, one process a report (when pandoc is installed)
  merge          drafter merge of 100 and of 500 unit files   (ms a unit)
  merged file    drafter check of the 500 units' merged file  (about 10 MB)

Where valgrind is installed, the single-process lines also count the instructions each command
executes (callgrind; ``--no-instructions`` skips it). On a shared machine CPU time wanders by a
third from run to run while the count stays the same, so the instruction ratio is the steady one.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DRAFTER = [sys.executable, "-m", "drafter"]


def largest_example() -> Path:
    """Return the example report file with the most text."""
    return max((REPO / "examples").glob("*.yaml"), key=lambda p: p.stat().st_size)


@dataclass(frozen=True)
class Timing:
    """Medians of one command: wall-clock seconds, and CPU seconds (user + system) of the process,
    which a busy machine disturbs far less."""

    wall: float
    cpu: float


def median_seconds(command: list[str], runs: int, env: dict[str, str],
                   before: Callable[[], None] | None = None) -> Timing:
    """Run ``command`` once to warm up, then ``runs`` times (``before`` each); return the medians."""
    walls, cpus = [], []
    for index in range(runs + 1):
        if before is not None:
            before()
        used = _children_cpu()
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
        if index:
            walls.append(time.perf_counter() - started)
            cpus.append(_children_cpu() - used)
    return Timing(statistics.median(walls), statistics.median(cpus))


def instructions(command: list[str], env: dict[str, str], before: Callable[[], None] | None = None) -> int | None:
    """Return how many instructions ``command`` executes (valgrind's callgrind), or None without valgrind."""
    if not shutil.which("valgrind"):
        return None
    if before is not None:
        before()
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                          cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace")
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if found else None


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def units(folder: Path, example: Path, count: int) -> list[Path]:
    """Write ``count`` copies of ``example``, each with its own issuer; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    text = example.read_text(encoding="utf-8")
    issuer = next(line.split(":", 1)[1].split("#")[0].strip() for line in text.splitlines()
                  if line.strip().startswith("issuer:"))
    paths = []
    for number in range(count):
        path = folder / f"单位{number:03d}.yaml"
        path.write_text(text.replace(f"issuer: {issuer}", f"issuer: 第{number:03d}单位", 1), encoding="utf-8")
        paths.append(path)
    return paths


def markdown_of(example: Path) -> str:
    """Return the report's text as Markdown (headings and paragraphs), for the pandoc comparison."""
    sys.path.insert(0, str(REPO))
    from drafter.render.blocks import Heading
    from drafter.render.pipeline import build_document
    from drafter.report import open_report

    lines = []
    for block in build_document(open_report(example)).blocks:
        text = " ".join(getattr(block, "lines", ())) or str(getattr(block, "text", ""))
        lines += ["#" * block.level + " " + block.text if isinstance(block, Heading) else text, ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per line (default 7)")
    parser.add_argument("--no-instructions", action="store_true", help="do not count instructions with valgrind")
    args = parser.parse_args()
    example = largest_example()
    few = max(3, args.runs // 2)  # batch and merge take seconds a run
    rows: list[tuple[str, Timing, float | None, str]] = []  # name, timing, divisor, unit
    counts: dict[str, int | None] = {}   # row name → instructions
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = dict(os.environ, PYTHONPATH=str(REPO), DRAFTER_CACHE_DIR=str(tmp / "cache"),
                   PYTHONPYCACHEPREFIX=str(tmp / "pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)   # an installed drafter has its bytecode compiled
        out = str(tmp / "out.docx")
        def count(name: str, command: list[str], before: Callable[[], None] | None = None) -> None:
            if not args.no_instructions:
                counts[name] = instructions(command, env, before)

        floor_command = [sys.executable, "-c", "import docx, jinja2, yaml"]
        floor = median_seconds(floor_command, args.runs, env)
        rows.append(("floor: import docx, jinja2, yaml", floor, 1, "s"))
        count(rows[-1][0], floor_command)
        render_command = [*DRAFTER, "render", str(example), "-o", out]
        render = median_seconds(render_command, args.runs, env)
        rows.append((f"render {example.name} (warm cache)", render, 1, "s"))
        count(rows[-1][0], render_command)

        template = tmp / "tpl"
        shutil.copytree(REPO / "templates" / "default", template)
        closing = template / "text" / "closing.j2"
        edits = iter(range(10_000))

        def edit() -> None:
            closing.write_text(closing.read_text(encoding="utf-8") + f"{{# edit {next(edits)} #}}\n",
                               encoding="utf-8")

        edit_command = [*DRAFTER, "render", str(example), "-o", out, "--template", str(template)]
        edited = median_seconds(edit_command, args.runs, env, before=edit)
        rows.append(("render after a template edit", edited, 1, "s"))
        count(rows[-1][0], edit_command, before=edit)
        for name, command in (("check", [*DRAFTER, "check", str(example)]), ("drafter --help", [*DRAFTER, "--help"])):
            rows.append((name, median_seconds(command, args.runs, env), 1, "s"))
            count(name, command)

        batch = tmp / "batch"
        units(batch, example, 100)
        rows.append(("batch of 100 reports, a report", median_seconds([*DRAFTER, "render", str(batch)], few, env),
                     100, "ms"))
        if shutil.which("pandoc"):
            markdown = tmp / "report.md"
            markdown.write_text(markdown_of(example), encoding="utf-8")
            pandoc = median_seconds(["pandoc", str(markdown), "-o", str(tmp / "p.docx")], args.runs, env)
            rows.append(("pandoc md → docx, a report", pandoc, 1, "ms"))
        for count in (100, 500):
            paths = units(tmp / f"units{count}", example, count)
            target = tmp / f"merged{count}.yaml"

            def clear(target: Path = target) -> None:
                target.unlink(missing_ok=True)

            merged = median_seconds([*DRAFTER, "merge", str(target), *map(str, paths), "--issuer", "汇总县人民政府"],
                                    few, env, before=clear)
            rows.append((f"merge of {count} units, a unit", merged, count, "ms"))
            if count == 500:   # the merged file is about 10 MB: how long reading it takes
                size = target.stat().st_size / 1_000_000
                loaded = median_seconds([*DRAFTER, "check", str(target)], few, env)
                rows.append((f"check the merged file ({size:.0f} MB)", loaded, 1, "s"))
    width = max(len(name) for name, _, _, _ in rows)
    floor_count = counts.get(rows[0][0])
    print(f"drafter benchmarks: {example.relative_to(REPO)} ({example.stat().st_size} bytes), median of "
          f"{args.runs} runs (batch and merge: {few}), {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}" + ("" if shutil.which("pandoc") else "; pandoc not installed"))
    print(f"{'':{width}}  {'wall':>10}  {'× floor':>7}  {'CPU':>10}  {'× floor':>7}"
          + (f"  {'instructions':>12}  {'× floor':>7}" if floor_count else ""))
    for name, timing, divisor, unit in rows:
        scale = 1000 if unit == "ms" else 1
        wall, cpu = timing.wall / divisor, timing.cpu / divisor
        line = (f"{name:{width}}  {wall * scale:>7.3f} {unit:<2}  {wall / floor.wall:>7.2f}  "
                f"{cpu * scale:>7.3f} {unit:<2}  {cpu / floor.cpu:>7.2f}")
        counted = counts.get(name)
        if floor_count and counted:
            line += f"  {counted / 1e6:>10.0f} M  {counted / floor_count:>7.2f}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
