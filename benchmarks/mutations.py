"""Break one behaviour at a time in a copy of the tree and check that the tests notice.

    python benchmarks/mutations.py            # every mutation
    python benchmarks/mutations.py NAME …     # only these
    python benchmarks/mutations.py --list     # what is there

Each mutation names one or more edits (file, the original snippet, its replacement) and
the tests that must fail because of it. The tree is copied once to a temporary folder;
the tests are first run on the unchanged copy (they must pass, or nothing is proved),
then each mutation is applied alone, its tests run (``CI=1``: derandomized hypothesis,
no skipping for a missing tool), and the copy restored. An original snippet that is not
found exactly once is reported loudly as NOT FOUND and counts as a failure: a mutation
that cannot be applied proves nothing, so the code moved and this list must follow.

Exit status: 0 when every mutation is killed; 1 when one survives; 2 when a snippet is
not found or the unchanged tests fail.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COPIED = ("drafter", "templates", "tests", "examples", "seeds", "pyproject.toml", "README.md")


@dataclass(frozen=True)
class Mutation:
    """One behaviour broken on purpose, and the tests that must notice."""

    name: str
    edits: tuple[tuple[str, str, str], ...]  # (file, original snippet, replacement)
    tests: tuple[str, ...]                   # pytest node ids


def one(name: str, file: str, original: str, replacement: str, *tests: str) -> Mutation:
    """Return a mutation made of a single edit."""
    return Mutation(name, ((file, original, replacement),), tests)


CHECK = "tests/test_check_cli.py::"
TEXT = "tests/test_render_text.py::"
MERGE = "tests/test_compare_merge.py::"
DATAFILE = "tests/test_datafile.py::"
IMPORT = "tests/test_import.py::"
TEMPLATES = "tests/test_templates.py::"
SESSION = "tests/test_wizard_session.py::"

MUTATIONS: tuple[Mutation, ...] = (
    # rules
    one("rules: no warning for parts without their whole", "drafter/rules.py",
        '    if whole is None and args.get("needs_whole"):', "    if False:",
        CHECK + "test_parts_without_their_whole_are_a_warning_naming_the_whole"),
    one("rules: a rate computed over a zero whole", "drafter/rules.py",
        "or part is None or whole is None or whole == 0:", "or part is None or whole is None:",
        CHECK + "test_a_rate_over_a_zero_whole_is_not_computed"),
    # the report text
    one("text: a clause kept when its lead misses a figure", "drafter/render/text.py",
        "if MISSING in lead or not pieces:", "if not pieces:",
        TEXT + "test_a_clause_whose_lead_holds_a_missing_figure_is_left_out"),
    one("markup: a line with a missing figure kept", "drafter/render/markup.py",
        "if not line or has_missing(line):", "if not line:",
        TEXT + "test_a_plain_line_with_a_missing_figure_is_left_out"),
    one("context: a subsection with only an intro dropped", "drafter/render/context.py",
        "    return bool(items or intro) or any(", "    return bool(items) or any(",
        TEXT + "test_a_subsection_with_only_an_intro_is_written"),
    one("sandbox: templates run in a plain Jinja environment", "drafter/render/sandbox.py",
        "class BoundedSandbox(ImmutableSandboxedEnvironment):", "class BoundedSandbox(__import__(\"jinja2\").Environment):",
        TEMPLATES + "test_templates_run_in_a_sandbox"),
    one("sandbox: templates may change data", "drafter/render/sandbox.py",
        "class BoundedSandbox(ImmutableSandboxedEnvironment):",
        "class BoundedSandbox(__import__(\"jinja2.sandbox\").sandbox.SandboxedEnvironment):",
        TEMPLATES + "test_templates_run_in_a_sandbox"),
    # the page
    one("docx: no realignment to the line grid after the red header", "drafter/render/docx.py",
        "        self.realign = self._to_grid(used)", "        self.realign = 0.0",
        "tests/render/test_pdf_layout.py::test_first_page_body_lines_sit_on_the_line_grid"),
    # writing files
    one("atomic: a read-only or locked file overwritten", "drafter/atomic.py",
        "if path.exists() and not os.access(path, os.W_OK):", "if False:",
        DATAFILE + "test_read_only_file_is_an_output_error",
        "tests/test_render_output.py::test_a_read_only_document_is_left_alone"),
    one("atomic: the target written in place", "drafter/atomic.py",
        "        os.replace(temp_name, path)", "        path.write_bytes(content)\n        os.unlink(temp_name)",
        "tests/render/test_docx_writer.py::test_written_atomically_and_reopened"),
    one("datafile: no round-trip verification", "drafter/datafile.py",
        '    return text, _verify_round_trip(text, {"drafter": FORMAT_VERSION, "template": "default", **data}, path)',
        "    return text, parse_yaml(text, path)",
        DATAFILE + "test_text_the_reader_would_refuse_is_never_saved",
        DATAFILE + "test_text_that_reads_back_as_other_data_is_never_saved"),
    one("datafile: verified with plain YAML, not drafter's reader", "drafter/datafile.py",
        "        reread = parse_yaml(text, path)",
        "        reread = LoadedYaml(path, yamlwrite.yaml.safe_load(text))",
        DATAFILE + "test_text_the_reader_would_refuse_is_never_saved"),
    one("datafile: text with line breaks folded over several lines", "drafter/datafile.py",
        '    if "\\n" in dumped:\n', "    if False:\n",
        DATAFILE + "test_text_that_cannot_be_a_block_is_written_on_one_line"),
    one("datafile: invisible characters written", "drafter/datafile.py",
        "        return plaintext.clean(value)[0]",
        "        return plaintext.normalize_lines(value)",
        DATAFILE + "test_invisible_characters_are_not_written"),
    one("yamlsource: a full-width colon refused on any line", "drafter/yamlsource.py",
        "    problems += softened\n    root = _compose(text, path)",
        "    problems += softened\n"
        "    for number, old in enumerate(text.split('\\n'), start=1):\n"
        "        if re.match(r'^\\s*(-\\s+)?[A-Za-z_][A-Za-z0-9_]*\\s*：', old):\n"
        "            raise UnreadableFileError(_FULLWIDTH_COLON_MESSAGE, file=path, line=number)\n"
        "    root = _compose(text, path)",
        CHECK + "test_fullwidth_colon_or_wide_space_inside_text_is_accepted"),
    # the fast paths give what the slow ones gave
    one("docx: a document's start reused whatever its layout", "drafter/render/docx.py",
        'digest = hashlib.sha256(f"{docx.__version__}\\0{self.layout!r}\\0".encode())',
        "digest = hashlib.sha256(docx.__version__.encode())",
        "tests/render/test_docx_start_cache.py::test_another_layout_gets_its_own_start"),
    one("yamlwrite: a colon inside text taken as ordinary", "drafter/yamlwrite.py",
        '_SPECIAL_ANYWHERE = ",?[]{}:#"', '_SPECIAL_ANYWHERE = ",?[]{}#"',
        "tests/test_yamlwrite.py::test_special_characters_anywhere_and_long_text"),
    one("console: control characters printed off a terminal", "drafter/console.py",
        '" ".join(objects).translate(_DROPPED)', '" ".join(objects)',
        "tests/test_console.py::test_plain_console_writes_what_rich_writes_off_a_terminal"),
    # merge
    one("merge: amounts not summed", "drafter/merge.py",
        'if spec.kind not in ("count", "amount") or spec.merged_own:',
        'if spec.kind not in ("count",) or spec.merged_own:',
        MERGE + "test_merge_sums_amounts_and_keeps_the_duo_qualifier"),
    one("merge: the 多 qualifier lost", "drafter/merge.py",
        'v.qualifier in ("余", "多")', 'v.qualifier in ("余",)',
        MERGE + "test_merge_sums_amounts_and_keeps_the_duo_qualifier"),
    one("merge: a rate divided by a zero whole", "drafter/merge.py",
        "if rule and part is not None and whole is not None and numeric(whole):",
        "if rule and part is not None and whole is not None:",
        MERGE + "test_merge_of_a_zero_whole_leaves_the_rate_blank"),
    one("merge: part and whole summed over different units", "drafter/merge.py",
        "        if not any(dropped.values()):", "        if True:",
        MERGE + "test_merge_rate_uses_only_units_reporting_part_and_whole"),
    one("merge: merged data written without a check", "drafter/cli.py",
        "    if errors(problems):\n        _print_merge_table(result)", "    if False:\n        _print_merge_table(result)",
        MERGE + "test_merge_checks_the_merged_data_before_writing"),
    one("merge: the output may be one of its unit files", "drafter/cli.py",
        '    refuse_inputs(output, inputs, what="汇总结果文件")\n', "    pass\n",
        MERGE + "test_merge_refuses_to_write_over_one_of_its_unit_files"),
    # import
    one("import: 件次 read as 件", "drafter/importer/figures.py",
        'units = "|".join(re.escape(u) + ("" if u.endswith("次") else "(?!次)")',
        'units = "|".join(re.escape(u) + ""',
        IMPORT + "test_a_number_in_another_unit_is_left_to_the_clerk"),
    one("import: a number in another unit taken as the figure's", "drafter/importer/figures.py",
        '        if written.startswith(unit) and (unit.endswith("次") or written[len(unit): len(unit) + 1] != "次"):',
        "        if True:",
        IMPORT + "test_a_number_in_another_unit_is_left_to_the_clerk"),
    one("import: an absolute template path written", "drafter/importer/command.py",
        "set_reference(template_set.path, target)", "str(template_set.path)",
        IMPORT + "test_import_names_its_own_template_set_relative_to_the_report"),
    # template sets
    one("extends: lines inside a new subsection lost", "drafter/templateset/inherit.py",
        "        origin = child_origins.get(at) if child is not _ABSENT else None",
        "        origin = None",
        TEMPLATES + "test_error_inside_a_subsection_added_by_a_child_set_names_its_own_line"),
    # the wizard
    one("wizard: a finished step not saved", "drafter/wizard/session.py",
        "        self.answers.mark_done(step.id, step.keys + [progress_key(step, k) for k in text_keys(step)])\n"
        "        self.answers.save()",
        "        self.answers.mark_done(step.id, step.keys + [progress_key(step, k) for k in text_keys(step)])",
        SESSION + "test_a_finished_step_is_saved_as_done_at_once"),
    one("wizard: PgUp from a question goes nowhere", "drafter/wizard/walker.py",
        "            index = last_applying(questions, index)\n", "",
        "tests/test_wizard_walker.py::test_back_asks_the_question_before_and_then_goes_on_where_it_left"),
    one("wizard: PgDn passes a required answer still missing", "drafter/wizard/walker.py",
        "skipped = skipping and question.skippable()", "skipped = skipping",
        "tests/test_wizard_walker.py::test_skip_passes_the_rest_but_a_required_answer_still_missing"),
    one("wizard: subsection numbers count the ones not printed", "drafter/wizard/numbering.py",
        "        if shown:\n            printed[step.part_number] = number",
        "        printed[step.part_number] = number",
        "tests/test_wizard_moving.py::test_the_number_on_screen_is_the_number_the_document_prints"),
    one("wizard: nothing saved on an interrupt", "drafter/wizard/run.py",
        "kept as a backup\n    answers.save()\n",
        "kept as a backup\n",
        SESSION + "test_an_interrupt_saves_what_is_not_saved_yet"),
    # one validator, field roles
    one("wizard: an answer accepted that check refuses", "drafter/wizard/questions.py",
        "    if verdict.refusal is not None:\n", "    if verdict.refusal is not None and spec.kind != \"choice\":\n",
        "tests/test_one_validator.py::test_a_typed_answer_gets_the_verdict_and_words_of_check"),
    one("wizard: a rule checked with the wizard's own facts", "drafter/wizard/consistency.py",
        "    if verdict.value is not None:\n        typed[key] = verdict.value\n",
        "    if verdict.value is not None:\n        typed[key] = raw\n",
        "tests/test_one_validator.py::test_an_answer_breaking_a_rule_gets_the_words_of_check"),
    one("rules: after_year reads the key year, not the role", "drafter/rules.py",
        'facts.of_role("year")', 'facts.values.get("year")',
        "tests/test_second_report_type.py::test_the_date_rule_reads_the_year_from_the_role"),
    one("last year: carry: false ignored", "drafter/wizard/lastyear.py",
        "        if not spec.carry:\n            return None\n", "",
        "tests/test_roles.py::test_last_years_document_information_moves_on_or_carries_over"),
    one("yaml: libyaml's own composer lets any depth and size through", "drafter/yamlsource.py",
        "        if depth > MAX_DEPTH or count > MAX_NODES:\n            return False\n", "",
        "tests/test_yaml_loaders.py::test_the_native_composer_keeps_the_guards_limits"),
    one("yaml: every file taken as having nothing to clean", "drafter/plaintext.py",
        "    return text.isprintable()\n", "    return True\n",
        "tests/test_plaintext.py::test_is_clean_is_never_wrong",
        "tests/test_yaml_loaders.py::test_any_text_reads_alike"),
    one("docx: a batch writes into the kept start itself", "drafter/render/docx.py",
        "            return deepcopy(kept)\n", "            return kept\n",
        "tests/render/test_docx_start_cache.py::test_documents_written_from_the_kept_start_leave_it_as_it_was"),
    one("cli: a closed output pipe is an internal error", "drafter/cli.py",
        "    except BrokenPipeError:  # the reader", "    except NotImplementedError:  # the reader",
        CHECK + "test_main_called_directly_treats_a_closed_pipe_as_no_internal_error"),
)


def run_tests(root: Path, tests: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``tests`` in the copy at ``root``, stopping at the first failure."""
    env = dict(os.environ, PYTHONPATH=str(root), CI="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                          cwd=root, env=env, capture_output=True, text=True, encoding="utf-8")


def apply(root: Path, mutation: Mutation) -> dict[Path, str] | str:
    """Apply the edits in the copy; return the original texts, or what could not be found."""
    originals: dict[Path, str] = {}
    for file, original, replacement in mutation.edits:
        path = root / file
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        count = current.count(original)
        if count != 1:
            restore(originals)
            where = "not found" if count == 0 else f"found {count} times"
            return f"{file}: snippet {where}: {original!r}"
        originals.setdefault(path, current)
        path.write_text(current.replace(original, replacement), encoding="utf-8")
    return originals


def restore(originals: dict[Path, str]) -> None:
    for path, text in originals.items():
        path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("names", nargs="*", help="run only the mutations whose name contains one of these")
    parser.add_argument("--list", action="store_true", help="list the mutations and their tests")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if not args.names or any(n in m.name for n in args.names)]
    if args.list:
        for mutation in chosen:
            print(f"{mutation.name}\n    " + "\n    ".join(mutation.tests))
        return 0
    if not chosen:
        print("no mutation matches", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="drafter-mutations-") as folder:
        root = Path(folder) / "tree"
        root.mkdir()
        ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", ".pytest_cache")
        for name in COPIED:
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, root / name, ignore=ignore)
            elif source.is_file():
                shutil.copy2(source, root / name)
        all_tests = sorted({t for m in chosen for t in m.tests})
        print(f"unchanged copy: {len(all_tests)} tests …", flush=True)
        baseline = run_tests(root, all_tests)
        if baseline.returncode != 0:
            print(baseline.stdout[-4000:] + baseline.stderr[-2000:])
            print("THE TESTS FAIL ON THE UNCHANGED COPY: no mutation can prove anything", file=sys.stderr)
            return 2
        survived, not_found = [], []
        for number, mutation in enumerate(chosen, start=1):
            started = time.monotonic()
            applied = apply(root, mutation)
            if isinstance(applied, str):
                not_found.append(mutation.name)
                print(f"[{number}/{len(chosen)}] NOT FOUND  {mutation.name}\n        {applied}", flush=True)
                continue
            try:
                result = run_tests(root, list(mutation.tests))
            finally:
                restore(applied)
            seconds = time.monotonic() - started
            if result.returncode == 1:
                print(f"[{number}/{len(chosen)}] killed     {mutation.name} ({seconds:.0f} s)", flush=True)
            else:
                survived.append(mutation.name)
                how = "SURVIVED" if result.returncode == 0 else f"ERROR {result.returncode}"
                print(f"[{number}/{len(chosen)}] {how:<10} {mutation.name}\n"
                      + result.stdout[-2000:] + result.stderr[-1000:], flush=True)
    killed = len(chosen) - len(survived) - len(not_found)
    print(f"\n{killed} of {len(chosen)} mutations killed; {len(survived)} survived; "
          f"{len(not_found)} not found")
    for name in not_found:
        print(f"  NOT FOUND: {name}  (the code changed: update MUTATIONS in benchmarks/mutations.py)")
    for name in survived:
        print(f"  SURVIVED: {name}")
    return 2 if not_found else 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
