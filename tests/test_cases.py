"""Every check of every built-in pack, run on its table of small projects (tests/cases/)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.assess import assess_document
from readiness.loader import Document, load_text
from readiness.rubric import builtin_rubrics

CASES = Path(__file__).parent / "cases"
DEFAULT_AS_OF = date(2026, 11, 25)


def _load(path: Path) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = load_text(path.read_bytes(), str(path)).data
    return data


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        for check_id, cases in _load(path).items():
            for index, case in enumerate(cases):
                params.append(
                    pytest.param(check_id, case, id=f"{check_id}-{index}-{case['status']}")
                )
    return params


def _document(case: dict[str, Any]) -> Document:
    project = {"readiness": 1, "project": {"id": "case", "name": "Case"}}
    project.update(case["project"])
    text = yaml.safe_dump(project, sort_keys=False, allow_unicode=True)
    return load_text(text, "case.yaml")


@pytest.mark.parametrize(("check_id", "case"), _cases())
def test_case(check_id: str, case: dict[str, Any]) -> None:
    """The check gives the status the case names, with a message and a location."""
    as_of = date.fromisoformat(str(case.get("as_of", DEFAULT_AS_OF)))
    assessment = assess_document(_document(case), as_of=as_of, rubrics=builtin_rubrics())
    finding = next(f for f in assessment.findings if f.check == check_id)
    assert finding.status == case["status"], f"{case['name']}: {finding.message}"
    assert finding.message
    assert finding.location.line >= 1


def test_every_check_has_a_passing_and_a_failing_case() -> None:
    """Each check in the packs has at least one pass and one fail case."""
    statuses: dict[str, set[str]] = {}
    for path in CASES.glob("*.yaml"):
        for check_id, cases in _load(path).items():
            statuses.setdefault(check_id, set()).update(c["status"] for c in cases)
    lacking = {
        check.id: sorted(statuses.get(check.id, set()))
        for check in builtin_rubrics().checks
        if not {"pass", "fail"} <= statuses.get(check.id, set())
    }
    assert lacking == {}
