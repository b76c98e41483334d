"""Speed work changes no byte of any report (issue 10): on the samples and on the case book.

How this holds while reports legitimately change: every output is pinned by a golden file that
only `pytest --update-golden` rewrites, so a change that means to alter a report shows its diff
for review, and a change that only makes things faster shows none. Beside the goldens, the fast
paths are compared with the slow ones in the same run, which holds whatever the reports say:
a fresh process (lazy imports, nothing cached) prints what a long-lived one does, and an
assessment rendered after hundreds of others (every cache warm) is the one rendered first.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import pytest

from readiness.assess import assess_document
from readiness.casebook import Case, case_document, read_cases
from readiness.report import FORMATTERS, render
from readiness.rubric import RubricSet, builtin_rubrics

from .conftest import GOLDEN, ROOT, SAMPLES

# Not traced for coverage: every case of the book rendered, some twice, runs code the rest of
# the suite covers, and tracing it would cost three to four times the test.
pytestmark = pytest.mark.untraced

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))
SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.yaml"))
AS_OF = "2026-11-25"
# Each format as the golden files of tests/test_assess_cli.py name it.
GOLDEN_SUFFIX = {
    "json": "json",
    "markdown": "md",
    "sarif": "sarif",
    "junit": "xml",
    "github": "github.txt",
    "terminal": "txt",
}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@pytest.fixture(scope="module")
def rubrics() -> RubricSet:
    return builtin_rubrics()


@pytest.fixture(scope="module")
def cases(rubrics: RubricSet) -> list[Case]:
    # Reports name the case's file: relative to the repository, as in the golden, so that the
    # digests do not depend on where the repository is checked out.
    found = read_cases(CASES, {check.id for check in rubrics.checks})
    return [replace(case, file=Path(case.file).relative_to(ROOT).as_posix()) for case in found]


def _every_format(cases: list[Case]) -> set[int]:
    """The cases rendered in every format: the first of each check (the terminal report costs
    ~30 ms a case, too much for all of them in the suite); the others are pinned by their JSON
    result, which carries every finding, score and message the other formats show."""
    first: dict[str, int] = {}
    for index, case in enumerate(cases):
        first.setdefault(case.check, index)
    return set(first.values())


def _outputs(case: Case, rubrics: RubricSet, formats: Iterable[str]) -> dict[str, str]:
    assessment = assess_document(case_document(case), as_of=case.as_of, rubrics=rubrics)
    return {name: render(name, assessment) for name in formats}


def _case_line(case: Case, outputs: dict[str, str]) -> str:
    where = f"{Path(case.file).name}:{case.line}"
    digests = "  ".join(f"{name} {_digest(text)}" for name, text in sorted(outputs.items()))
    return f"{case.check} {where} {case.name!r}\n  {digests}\n"


@pytest.fixture(scope="module")
def book(cases: list[Case], rubrics: RubricSet) -> list[dict[str, str]]:
    """Every case's JSON result, and the first case of each check in every format, rendered
    in the order of the book."""
    full = _every_format(cases)
    return [
        _outputs(case, rubrics, FORMATTERS if index in full else ["json"])
        for index, case in enumerate(cases)
    ]


def test_case_book_outputs_match_their_golden(
    cases: list[Case], book: list[dict[str, str]], golden: Callable[[str, str], None]
) -> None:
    """The outputs hashed into tests/golden/casebook.outputs.txt, one entry per case (which
    check, where, which outputs changed). A report change that is meant regenerates it with
    --update-golden."""
    golden("casebook.outputs.txt", "".join(map(_case_line, cases, book)))


def test_outputs_do_not_depend_on_what_was_assessed_before(
    cases: list[Case], rubrics: RubricSet, book: list[dict[str, str]]
) -> None:
    """The first case of each check, in every format, rendered again after the others ran in
    reverse order (every cache warm with other projects): compiled fragments, validators and
    rule texts are keyed well enough that nothing leaks from one project into the next."""
    full = sorted(_every_format(cases))
    for index in reversed(full):
        _outputs(cases[index + 1 if index + 1 < len(cases) else index], rubrics, ["json"])
    changed = [
        f"{cases[i].check} {cases[i].name!r}: {name}"
        for i in full
        for name, text in _outputs(cases[i], rubrics, FORMATTERS).items()
        if text != book[i][name]
    ]
    assert changed == []


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_a_fresh_process_prints_the_golden_reports(name: str, tmp_path: Path) -> None:
    """Each sample in every format from one cold `readiness` process (run from the repository
    root, as the goldens were made) is byte for byte the golden the in-process tests hold."""
    written = {fmt: tmp_path / f"report.{suffix}" for fmt, suffix in GOLDEN_SUFFIX.items()}
    outputs = [f"{fmt}={path}" for fmt, path in written.items() if fmt != "markdown"]
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "NO_COLOR")}
    result = subprocess.run(
        [
            *(sys.executable, "-m", "readiness", "assess", f"samples/{name}.yaml"),
            *("--as-of", AS_OF, "-f", "markdown"),
            *(x for target in outputs for x in ("-o", target)),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    written["markdown"].write_text(result.stdout, encoding="utf-8")
    differ = [
        fmt
        for fmt, path in written.items()
        if path.read_bytes() != (GOLDEN / f"{name}.{GOLDEN_SUFFIX[fmt]}").read_bytes()
    ]
    assert differ == []
