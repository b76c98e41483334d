"""JUnit XML output: it parses back, and the counts add up per suite and overall."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

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
    """tests/failures/skipped on the root and each suite equal what the cases say."""
    assessment = build()
    root = _parse(assessment)
    assert root.tag == "testsuites"
    assert root.get("name") == "readiness"
    cases = list(root.iter("testcase"))
    assert len(cases) == len(assessment.findings)
    gaps = sum(1 for f in assessment.findings if f.status in GAP_STATUSES)
    skips = sum(1 for f in assessment.findings if f.status in ("waived", "not_applicable"))
    assert root.get("tests") == str(len(cases))
    assert root.get("failures") == str(gaps) == str(len(list(root.iter("failure"))))
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
        "Baseline clarity",
        "Shop-floor involvement",
        "Integration risk",
        "Over-engineering",
        "Funding evidence",
        "Knowledge risk",
        "Traceability and compliance",
    ]
    baseline = root.find("testsuite")
    assert baseline is not None
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
        "pack_changes": "none",
    }


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
    expired = next(c for c in root.iter("testcase") if (c.get("name") or "").startswith("IR-02 "))
    assert "expired on 2026-10-31" in (expired.findtext("failure") or "")


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
    failure = next(root.iter("failure"))
    cleaned = HOSTILE.replace("\x1b", "")
    assert failure.get("message") == cleaned
    assert (failure.text or "").startswith(cleaned)
    assert "\r" not in text
    names = [c.get("name") or "" for c in root.iter("testcase")]
    assert any(name.startswith("EVIL-01 | @everyone:x,y ") for name in names)
