"""Scoring rules as tables, and engine properties over random sparse projects."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.assess import assess_document
from readiness.loader import load_file, load_text
from readiness.model import GAP_STATUSES, STATUSES, Finding, Location
from readiness.record import replace
from readiness.rubric import builtin_rubrics
from readiness.scoring import band, closable_band, decide, urgency, verdict

from .conftest import SAMPLES


def _finding(status: str, level: int = 2, severity: str = "medium", check: str = "X-1") -> Finding:
    return Finding(
        check=check,
        dimension="d",
        title="t",
        severity=severity,  # type: ignore[arg-type]
        level=level,
        effort=1,
        status=status,  # type: ignore[arg-type]
        message="m",
        pointer="",
        location=Location("f", 1, 1),
        rationale="r",
        remediation="x",
    )


F = _finding
BANDS = [
    ([], None),
    ([F("not_applicable")], None),
    ([F("missing", 2), F("missing", 3)], 0),  # nothing stated at all: Absent
    ([F("pass", 2), F("pass", 3), F("pass", 4)], 4),
    ([F("pass", 2), F("waived", 3, "high")], 3),  # a waiver holds the level
    # blocker and high gaps hold their level
    ([F("pass", 2), F("fail", 3, "high")], 2),
    ([F("pass", 2), F("partial", 3, "high")], 2),
    ([F("fail", 2, "high"), F("pass", 3)], 1),
    # a single medium or low gap does not hold levels 1-3 ...
    ([F("pass", 2), F("fail", 3)], 3),
    ([F("pass", 2), F("partial", 3, "low")], 3),
    ([F("fail", 2), F("pass", 3)], 3),
    ([F("pass", 1), F("pass", 2), F("missing", 2)], 2),
    # ... two do
    ([F("pass", 2), F("fail", 2), F("fail", 3, "low")], 2),
    ([F("fail", 2), F("missing", 2)], 1),
    # from level 4 (Verified) every gap counts, whatever its severity
    ([F("pass", 2, "high"), F("fail", 3), F("pass", 4)], 3),
    ([F("pass", 3, "high"), F("pass", 4), F("fail", 5, "low")], 4),
    ([F("pass", 3, "high"), F("pass", 4), F("pass", 5)], 5),
    # a blocker that fails or has no data caps the band at 1
    ([F("pass", 2, "blocker"), F("pass", 3), F("fail", 4, "blocker")], 1),
    ([F("missing", 2, "blocker"), F("pass", 3)], 1),
]


@pytest.mark.parametrize(("findings", "expected"), BANDS)
def test_band(findings: list[Finding], expected: int | None) -> None:
    """A weakest-link ladder where severity decides how far one gap holds a band back."""
    assert band(findings) == expected


VERDICTS = [
    ([F("fail", severity="blocker", check="B")], 4, "not_ready"),
    ([F("missing", severity="blocker", check="B")], 4, "not_ready"),
    ([F("partial", severity="blocker", check="B")], 4, "ready"),
    ([F("fail", severity="high", check="H")], 4, "conditional"),
    ([F("pass", severity="high")], 2, "conditional"),
    ([F("pass", severity="high"), F("fail", severity="medium")], 3, "ready"),
    ([F("waived", severity="blocker")], 3, "ready"),
]


@pytest.mark.parametrize(("findings", "level", "expected"), VERDICTS)
def test_verdict(findings: list[Finding], level: int, expected: str) -> None:
    """not_ready on a failing or missing blocker; ready needs the level and no high gap."""
    assert verdict(findings, level, 3)[0] == expected
    assert decide(findings, level, 3) == expected


# A finding's status, severity and level, as the scoring reads them.
FINDING_SHAPE = (
    st.sampled_from(STATUSES),
    st.sampled_from(["blocker", "high", "medium", "low"]),
    st.integers(1, 5),
)


@given(st.lists(st.tuples(*FINDING_SHAPE), max_size=8), st.integers(0, 5))
def test_decide_is_the_verdict_without_its_reason(
    gaps: list[tuple[str, str, int]], level: int
) -> None:
    """The path to ready re-scores with `decide`: it must agree with `verdict` everywhere."""
    findings = [F(status, level=at, severity=severity) for status, severity, at in gaps]
    assert decide(findings, level, 3) == verdict(findings, level, 3)[0]


@given(st.lists(st.tuples(*FINDING_SHAPE, st.booleans()), max_size=10))
def test_a_band_with_gaps_closed_is_the_band_of_the_closed_findings(
    drawn: list[tuple[str, str, int, bool]],
) -> None:
    """The path to ready reads bands from masks of closed gaps (`closable_band`): for every set
    of gaps closed, the same band as `band` on the findings with those gaps passing."""
    findings = [
        _finding(status, level=at, severity=severity, check=f"X-{n}")
        for n, (status, severity, at, _) in enumerate(drawn)
    ]
    gaps = [f for f in findings if f.status in GAP_STATUSES]
    bit = {f.check: 1 << n for n, f in enumerate(gaps)}
    closed = {f.check for f, (*_, close) in zip(findings, drawn, strict=True) if close}
    mask = sum(bit[check] for check in closed if check in bit)
    copies = [
        replace(f, status="pass") if f.check in closed and f.status in GAP_STATUSES else f
        for f in findings
    ]
    assert closable_band(findings, bit)(mask) == band(copies)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ({}, 1.0),
        ({"project": {"decision_date": "2026-11-25"}}, 2.0),
        ({"project": {"decision_date": "2026-10-01"}}, 2.0),
        ({"project": {"decision_date": "2026-12-25"}}, 1.5),
        ({"project": {"decision_date": "2027-06-01"}, "funding": {"deadline": "2026-12-25"}}, 1.5),
    ],
)
def test_urgency(dates: dict[str, Any], expected: float) -> None:
    """Urgency is 1 + 1/(1 + days/30) to the nearest decision or deadline; 1 when unknown."""
    assert urgency(dates, date(2026, 11, 25)) == pytest.approx(expected)


FULL: dict[str, Any] = load_file(SAMPLES / "weld-vision-ready.yaml").data
SECTIONS = sorted(k for k in FULL if k not in ("readiness", "project"))


@st.composite
def sparse_projects(draw: st.DrawFn) -> dict[str, Any]:
    """The ready sample with random sections, keys and list items removed."""
    project = copy.deepcopy(FULL)
    for section in SECTIONS:
        if draw(st.booleans()):
            del project[section]
            continue
        value = project[section]
        if isinstance(value, dict):
            for key in sorted(value):
                if draw(st.integers(0, 3)) == 0:
                    del value[key]
        elif isinstance(value, list) and value:
            keep = draw(st.integers(0, len(value)))
            project[section] = value[:keep]
    return project


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sparse_projects())
def test_engine_never_breaks_on_sparse_projects(project: dict[str, Any]) -> None:
    """Any valid subset of a real project assesses: every check gives one located finding,
    scores stay in range and the level is the lowest band."""
    text = yaml.safe_dump(project, sort_keys=False, allow_unicode=True)
    document = load_text(text, "sparse.yaml")
    try:
        assessment = assess_document(document, as_of=date(2026, 11, 25), rubrics=builtin_rubrics())
    except Exception as error:  # a dropped id can leave a dangling citation: that is valid refusal
        from readiness.errors import InputError

        assert isinstance(error, InputError)
        assert all("cited but not defined" in d.message for d in error.diagnostics)
        return
    lines = text.count("\n") + 1
    assert len(assessment.findings) == len(builtin_rubrics().checks)
    for finding in assessment.findings:
        assert finding.status in STATUSES
        assert 1 <= finding.location.line <= lines
        assert finding.message
    bands = [d.band for d in assessment.dimensions if d.band is not None]
    assert assessment.level == (min(bands) if bands else 0)
    assert assessment.score is None or 0 <= assessment.score <= 100
    for dimension in assessment.dimensions:
        assert dimension.score is None or 0 <= dimension.score <= 100


@pytest.mark.parametrize(
    ("severity", "level", "says"),
    [
        ("low", 1, "a second holds the dimension at level 0 (Absent)"),
        ("high", 1, "a gap holds the dimension at level 0 (Absent)"),
        ("medium", 2, "a second holds the dimension below level 2 (Estimated)"),
        ("low", 5, "any gap holds the dimension below level 5 (Governed)"),
    ],
)
def test_how_a_gap_counts_names_the_level_it_leaves(severity: str, level: int, says: str) -> None:
    """A custom pack's level-1 check is said to leave the dimension at level 0, not 'below
    level 1'."""
    from readiness.scoring import how_it_counts

    assert says in how_it_counts(severity, level)
