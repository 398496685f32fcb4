"""Time `drafter render` on the largest example against two floors; print medians and ratios.

    python benchmarks/render_bench.py [--runs 7]

Each run is a cold process (a new Python interpreter), as a clerk runs it:
  render   python -m drafter render <largest example> -o <tmp>.docx
  imports  python -c "import docx, jinja2, yaml"   (the floor: just loading the libraries)
  pandoc   pandoc <same text as Markdown> -o <tmp>.docx   (only when pandoc is installed)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def largest_example() -> Path:
    """Return the example report file with the most text."""
    return max((REPO / "examples").glob("*.yaml"), key=lambda p: p.stat().st_size)


def time_command(command: list[str], runs: int) -> list[float]:
    """Run ``command`` ``runs`` times (after one warm-up of the disk cache); return the seconds."""
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, check=True, capture_output=True)
        seconds.append(time.perf_counter() - started)
    return seconds


def markdown_of(example: Path) -> str:
    """Return the report's text as Markdown (headings and paragraphs), for the pandoc floor."""
    sys.path.insert(0, str(REPO))
    from drafter.render.blocks import Heading
    from drafter.render.pipeline import build_document
    from drafter.report import open_report

    document = build_document(open_report(example))
    lines = []
    for block in document.blocks:
        if isinstance(block, Heading):
            lines.append("#" * block.level + " " + block.text)
        else:
            lines.append(" ".join(getattr(block, "lines", ())) or getattr(block, "text", ""))
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    args = parser.parse_args()
    example = largest_example()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.docx"
        results = {
            "render": time_command([sys.executable, "-m", "drafter", "render", str(example), "-o", str(out)], args.runs),
            "imports": time_command([sys.executable, "-c", "import docx, jinja2, yaml"], args.runs),
        }
        if shutil.which("pandoc"):
            markdown = Path(tmp) / "report.md"
            markdown.write_text(markdown_of(example), encoding="utf-8")
            results["pandoc"] = time_command(["pandoc", str(markdown), "-o", str(Path(tmp) / "p.docx")], args.runs)
    medians = {name: statistics.median(values) for name, values in results.items()}
    print(f"example: {example.relative_to(REPO)} ({example.stat().st_size} bytes), {args.runs} cold runs each")
    for name, median in medians.items():
        spread = f"{min(results[name]):.3f}–{max(results[name]):.3f}"
        print(f"{name:8s} median {median:.3f} s   (range {spread} s)")
    print(f"render / imports = {medians['render'] / medians['imports']:.2f}")
    if "pandoc" in medians:
        print(f"render / pandoc  = {medians['render'] / medians['pandoc']:.2f}")
    else:
        print("pandoc not installed: no pandoc comparison (apt-get install pandoc)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
