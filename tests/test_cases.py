"""Every check of every built-in pack, run on its table of small projects (tests/cases/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.casebook import Case, case_document, read_cases, run_cases
from readiness.rubric import builtin_rubrics

CASES = Path(__file__).parent / "cases"
# Plain values a project file can hold once loaded (no number beyond the loader's limits).
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**15), 10**15)
    | st.floats(-1e15, 1e15, allow_nan=False)
    | st.text()
)
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


def _case(project: dict[str, object]) -> Case:
    return Case("cases.yaml", 2, "BL-01", "a case", "pass", date(2026, 11, 25), project)


def test_text_that_yaml_1_2_reads_as_a_number_stays_text() -> None:
    """The case's project is written out and read back by YAML 1.2's core schema: text that
    YAML 1.1 does not take for a number (`0o17`, `1e3`) came back as 15 and 1000.0."""
    project = {"project": {"id": "0o17", "name": "1e3"}, "x-notes": ["+.5", "0x1F", "1_000"]}
    assert case_document(_case(project)).data == {"readiness": 1, **project}


@given(st.recursive(SCALARS, lambda children: st.lists(children, max_size=3), max_leaves=8))
def test_a_case_project_reads_back_as_written(value: object) -> None:
    """Whatever plain data a case's project holds, it is assessed as it was read."""
    document = case_document(_case({"x-value": value}))
    assert document.data["x-value"] == value


def test_an_invalid_case_project_names_the_key(tmp_path: Path) -> None:
    """A case whose project is invalid says which key, not only what is wrong."""
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "BL-01:\n  - {name: a typo, status: pass, project: {baseline: {sauce: mes}}}\n",
        encoding="utf-8",
    )
    [result] = run_cases(read_cases([cases], {"BL-01"}), builtin_rubrics())
    assert result.status == "invalid"
    assert "baseline.sauce: unknown key 'sauce'" in result.message
