"""Every check of every built-in pack, run on its table of small projects (tests/cases/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.casebook import Case, read_cases, run_cases
from readiness.rubric import builtin_rubrics

CASES = Path(__file__).parent / "cases"
ALL = read_cases(sorted(CASES.glob("*.yaml")), {c.id for c in builtin_rubrics().checks})


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=f"{c.check}-{c.line}-{c.status}") for c in ALL]
)
def test_case(case: Case) -> None:
    """The check gives the status the case names, with a message."""
    [result] = run_cases([case], builtin_rubrics())
    assert result.passed, (
        f"{case.file}:{case.line} {case.name}: got {result.status}: {result.message}"
    )
    assert result.message


def test_every_check_has_a_passing_and_a_failing_case() -> None:
    """Each check in the packs has at least one pass and one fail case."""
    statuses: dict[str, set[str]] = {}
    for case in ALL:
        statuses.setdefault(case.check, set()).add(case.status)
    lacking = {
        check.id: sorted(statuses.get(check.id, set()))
        for check in builtin_rubrics().checks
        if not {"pass", "fail"} <= statuses.get(check.id, set())
    }
    assert lacking == {}


def test_every_check_has_a_missing_case() -> None:
    """Each check also shows what it says when its data is absent (and what to add)."""
    statuses: dict[str, set[str]] = {}
    for case in ALL:
        statuses.setdefault(case.check, set()).add(case.status)
    lacking = [c.id for c in builtin_rubrics().checks if "missing" not in statuses.get(c.id, set())]
    assert lacking == []


def test_missing_cases_advise_what_to_add() -> None:
    """A missing finding says nothing is there to judge (and names what is not given)."""
    missing = [case for case in ALL if case.status == "missing"]
    for result in run_cases(missing, builtin_rubrics()):
        assert result.message.startswith(("not evidenced: ", "no pilot yet")), result.message
