"""JUnit XML output: it parses back, and the counts add up per suite and overall."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace

import pytest

from readiness.gate import GateSettings, evaluate_gate
from readiness.model import GAP_STATUSES, Assessment
from readiness.report import junit

from .report_fixtures import HOSTILE, empty_assessment, hostile_assessment, sample_assessment

FIXTURES: list[Callable[[], Assessment]] = [sample_assessment, hostile_assessment, empty_assessment]


def _xml(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))  # noqa: S314 - parsing our own output


def _parse(assessment: Assessment) -> ET.Element:
    return _xml(junit.render(assessment))


@pytest.mark.parametrize("build", FIXTURES)
def test_parses_and_counts_match(build: Callable[[], Assessment]) -> None:
    """tests/failures/skipped on the root and each suite equal what the cases say: a case per
    check and one for the gate; only the gaps that hold the gate and the gate itself fail."""
    assessment = build()
    root = _parse(assessment)
    assert root.tag == "testsuites"
    assert root.get("name") == "readiness"
    cases = list(root.iter("testcase"))
    assert len(cases) == len(assessment.findings) + 1
    gate = evaluate_gate(assessment, GateSettings())
    holding = sum(
        1 for f in assessment.findings if f.status in GAP_STATUSES and f.check in gate.holding
    )
    failures = holding + (0 if gate.passed else 1)
    skips = sum(1 for f in assessment.findings if f.status in ("waived", "not_applicable"))
    assert root.get("tests") == str(len(cases))
    assert root.get("failures") == str(failures) == str(len(list(root.iter("failure"))))
    assert root.get("skipped") == str(skips) == str(len(list(root.iter("skipped"))))
    for suite in root.iter("testsuite"):
        suite_cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(suite_cases))
        assert suite.get("failures") == str(sum(len(c.findall("failure")) for c in suite_cases))
        assert suite.get("skipped") == str(sum(len(c.findall("skipped")) for c in suite_cases))
        assert suite.get("errors") == "0"


def test_document_shape() -> None:
    """XML declaration, indentation, a suite per dimension in order, a case per check."""
    text = junit.render(sample_assessment())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    assert "\n  <testsuite " in text
    assert text.endswith("</testsuites>\n")
    root = _xml(text)
    assert [s.get("name") for s in root.iter("testsuite")] == [
        "Gate",
        "Baseline clarity",
        "Shop-floor involvement",
        "Integration risk",
        "Over-engineering",
        "Funding evidence",
        "Knowledge risk",
        "Traceability and compliance",
    ]
    baseline = root.findall("testsuite")[1]
    assert [c.get("name") for c in baseline.findall("testcase")] == [
        "BL-01 The baseline is measured over at least four weeks",
        "BL-02 OEE factors multiply to overall",
        "BL-04 Benefits never exceed the losses they address",
    ]
    properties = {p.get("name"): p.get("value") for p in baseline.iter("property")}
    assert properties == {
        "project": "press-line-3-pdm",
        "file": "press.yaml",
        "as_of": "2026-11-25",
        "dimension": "baseline",
        "dimension_weight": "1",
    }
    gate = {p.get("name"): p.get("value") for p in root.findall("testsuite")[0].iter("property")}
    assert gate["pack_changes"] == "none"


def test_failure_says_what_where_and_what_to_do() -> None:
    """A gap is a failure typed by severity, with message, remediation and file:line."""
    root = _parse(sample_assessment())
    case = next(c for c in root.iter("testcase") if (c.get("name") or "").startswith("FE-10 "))
    assert case.get("classname") == "readiness.funding"
    assert (case.get("file"), case.get("line")) == ("press.yaml", "88")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "blocker"
    assert failure.get("message") == "payback recomputes to 7.3 years against a 5-year horizon"
    assert failure.text is not None
    assert "What to do: Do what FE-10 asks, then re-run readiness." in failure.text
    assert "Where: press.yaml:88:3" in failure.text
    # IR-02 (high) does not hold the gate (the verdict is not_ready because of the blockers):
    # it passes, and its output still says why its waiver is not honoured.
    expired = next(c for c in root.iter("testcase") if (c.get("name") or "").startswith("IR-02 "))
    assert expired.find("failure") is None
    assert "expired on 2026-10-31" in (expired.findtext("system-out") or "")


def test_the_gate_is_a_test_case_a_merge_request_summary_shows() -> None:
    """The gate's verdict is a case of its own, first, failing with every reason."""
    root = _parse(sample_assessment())
    first = next(root.iter("testcase"))
    assert first.get("name") == "Press line 3 predictive maintenance passes the gate"
    failure = first.find("failure")
    assert failure is not None
    assert (failure.get("message") or "").startswith("gate: FAILED: verdict is not_ready")
    assert "Gate settings in force:" in (first.findtext("system-out") or "")


def test_a_project_that_passes_the_gate_has_no_failure() -> None:
    """A project the gate passes fails no case, whatever its low gaps (Jenkins would mark the
    build unstable on any failure)."""
    assessment = sample_assessment()
    passed = evaluate_gate(assessment, GateSettings(fail_on="never"))
    root = _xml(junit.render(replace(assessment, gate=passed)))
    assert root.get("failures") == "0"
    assert list(root.iter("failure")) == []
    assert any(c.find("system-out") is not None for c in root.iter("testcase"))


def test_skips_say_why() -> None:
    """Not-applicable and waived checks are skipped with the reason."""
    root = _parse(sample_assessment())
    messages = {
        (c.get("name") or "").split()[0]: skipped.get("message")
        for c in root.iter("testcase")
        for skipped in c.findall("skipped")
    }
    assert messages == {
        "SF-05": "waived: Works council review booked for 9 December",
        "KR-03": "waived: Successor in post from January",
        "TC-01": "not applicable",
        "TC-02": "not applicable",
    }


def test_passing_case_is_empty() -> None:
    """A passing check is a bare testcase."""
    root = _parse(sample_assessment())
    case = next(c for c in root.iter("testcase") if (c.get("name") or "").startswith("BL-02 "))
    assert list(case) == []


def test_hostile_text_round_trips_without_control_characters() -> None:
    """Markup in user text comes back as text; the ANSI escape is gone; line breaks survive
    exactly (a carriage return too, written as a character reference)."""
    text = junit.render(hostile_assessment())
    assert "\x1b" not in text
    assert "<script>" not in text
    root = _xml(text)
    failure = next(
        found
        for case in root.iter("testcase")
        if case.get("classname") != "readiness.gate"
        for found in case.findall("failure")
    )
    cleaned = HOSTILE.replace("\x1b", "")
    assert failure.get("message") == cleaned
    assert (failure.text or "").startswith(cleaned)
    assert "\r" not in text
    names = [c.get("name") or "" for c in root.iter("testcase")]
    assert any(name.startswith("EVIL-01 | @everyone:x,y ") for name in names)
