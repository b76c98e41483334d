"""Example cases for rubric checks, run like tests: `readiness rubrics test CASES...`.

A case file maps check ids to small projects and the status each must get:

    FE-10:
      - name: a 3.6-year payback within a 5-year horizon passes
        status: pass
        as_of: 2026-11-25            # optional
        project: {business_case: {...}, baseline: {...}}

`readiness: 1` and a project id and name are added to each project when absent. A funder's
custom pack can ship such a file and be tested the way the built-in packs are.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from readiness.errors import Diagnostic, InputError
from readiness.loader import Document, load_file, load_text
from readiness.model import STATUSES
from readiness.record import Record

if TYPE_CHECKING:
    from readiness.rubric import RubricSet

DEFAULT_AS_OF = date(2026, 11, 25)


class Case(Record):
    """One example: a project, the check it exercises and the status it must get."""

    file: str
    line: int
    check: str
    name: str
    status: str
    as_of: date
    project: dict[str, Any]


class CaseResult(Record):
    """What the check gave on the case."""

    case: Case
    status: str
    message: str

    @property
    def passed(self) -> bool:
        """Whether the check gave the expected status."""
        return self.status == self.case.status


def _problem(document: Document, pointer: str, message: str) -> Diagnostic:
    line, column = document.position(pointer)
    return Diagnostic(document.file, line, column, message)


def read_cases(paths: Iterable[Path], known_checks: set[str]) -> list[Case]:
    """Every case in the files; all problems in them reported at once as an InputError."""
    cases: list[Case] = []
    problems: list[Diagnostic] = []
    for path in paths:
        try:
            document = load_file(path, size_hint="split the cases over several files")
        except InputError as error:
            problems.extend(error.diagnostics)
            continue
        if not isinstance(document.data, dict):
            problems.append(_problem(document, "", "a case file maps check ids to lists of cases"))
            continue
        for check, entries in document.data.items():
            base = f"/{check}"
            if check not in known_checks:
                problems.append(_problem(document, base, f"'{check}' is not a known check"))
                continue
            if not isinstance(entries, list):
                problems.append(_problem(document, base, "expected a list of cases"))
                continue
            for index, entry in enumerate(entries):
                pointer = f"{base}/{index}"
                found = _case(document, pointer, check, entry, problems)
                if found is not None:
                    cases.append(found)
    if problems:
        raise InputError(problems)
    return cases


def _case(
    document: Document, pointer: str, check: str, entry: Any, problems: list[Diagnostic]
) -> Case | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("project"), dict):
        problems.append(_problem(document, pointer, "a case needs `name`, `status` and `project`"))
        return None
    status = entry.get("status")
    if status not in STATUSES:
        problems.append(
            _problem(document, f"{pointer}/status", f"status must be one of {', '.join(STATUSES)}")
        )
        return None
    try:
        as_of = date.fromisoformat(str(entry.get("as_of", DEFAULT_AS_OF)))
    except ValueError:
        problems.append(_problem(document, f"{pointer}/as_of", "as_of must be YYYY-MM-DD"))
        return None
    return Case(
        file=document.file,
        line=document.position(pointer)[0],
        check=check,
        name=str(entry.get("name", f"case {pointer}")),
        status=str(status),
        as_of=as_of,
        project=entry["project"],
    )


class _TextQuotingDumper(yaml.SafeDumper):
    """PyYAML's emitter quotes only the text YAML 1.1 would misread, but the project is read back
    by YAML 1.2's core schema (`0o17` and `1e3` went out plain and came back as numbers): every
    text value is written double-quoted, so each value is reloaded as the kind it was."""


_TextQuotingDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"'),
)


def case_document(case: Case) -> Document:
    """The case's project as a loaded document, with the required keys filled in."""
    project: dict[str, Any] = {"readiness": 1, "project": {"id": "case", "name": case.name}}
    project.update(case.project)
    text = yaml.dump(project, Dumper=_TextQuotingDumper, sort_keys=False, allow_unicode=True)
    return load_text(text, f"{case.file}:{case.line}")


def run_cases(cases: Iterable[Case], rubrics: RubricSet) -> list[CaseResult]:
    """Assess each case's project and compare the check's status with the expected one.

    A case whose project is invalid is a failure that says why, not a crash.
    """
    from readiness.assess import assess_document

    results = []
    for case in cases:
        try:
            # A case judges one check's status: the path to ready is not read.
            assessment = assess_document(
                case_document(case), as_of=case.as_of, rubrics=rubrics, with_path=False
            )
        except InputError as error:
            message = "; ".join(
                f"{d.path}: {d.message}" if d.path else d.message for d in error.diagnostics[:3]
            )
            results.append(CaseResult(case, "invalid", f"the case's project is invalid: {message}"))
            continue
        finding = next(f for f in assessment.findings if f.check == case.check)
        results.append(CaseResult(case, finding.status, finding.message))
    return results
