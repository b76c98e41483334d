"""JUnit XML for a portfolio: one test suite per project, a test case per check.

Each suite holds what the project's own JUnit report holds (`junit._case` for every check:
only a gap that holds the gate fails, so a passing project shows no failure and, under a
baseline, only regressions and new projects below the bar fail; waived and not-applicable
checks are skipped) and, first, a case for the project's gate (what a merge-request summary
shows), with the project in the class name so that dashboards keep projects apart. A file that
cannot be assessed is a suite with one case in error, its problems as the error text. Suites
stream in the files' order; the totals on `<testsuites>` come from the portfolio's rows, so only
they wait for the end.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from readiness.gate import gate_of
from readiness.model import DIMENSION_ORDER, STATUSES
from readiness.portfolio import PortfolioRun, PortfolioSummary, ProjectOutcome
from readiness.report import junit
from readiness.report.escape import xml_document, xml_text

__all__ = ["chunk", "head", "tail"]

SUMMARY_FIRST = True
WORST_FIRST = False
SEPARATOR = "\n"
RELATIVE_LINKS = False


def head(run: PortfolioRun, summary: PortfolioSummary | None, *, folder: str | None = None) -> str:
    """The declaration and the opening `<testsuites>` with the portfolio's totals."""
    rows = summary.rows if summary is not None else ()
    errors = sum(1 for row in rows if not row.assessed)
    assessed = [row for row in rows if row.assessed]
    totals = {
        "name": "readiness",
        "tests": str(sum(row.status_count(*STATUSES) for row in rows) + len(assessed) + errors),
        "failures": str(sum(row.holding_gaps + (0 if row.gate_passed else 1) for row in assessed)),
        "errors": str(errors),
        "skipped": str(sum(row.status_count("not_applicable", "waived") for row in rows)),
    }
    root = ET.Element("testsuites", totals)
    root.text = "\n"
    opening = ET.tostring(root, encoding="unicode").removesuffix("</testsuites>")
    return xml_document('<?xml version="1.0" encoding="UTF-8"?>\n' + opening)


def _suite(outcome: ProjectOutcome, run: PortfolioRun) -> ET.Element:
    assessment = outcome.assessment
    if assessment is None:
        return _error_suite(outcome, run)
    findings = sorted(
        assessment.findings,
        key=lambda f: (
            DIMENSION_ORDER.index(f.dimension)
            if f.dimension in DIMENSION_ORDER
            else len(DIMENSION_ORDER),
            f.dimension,
            f.check,
        ),
    )
    gate = gate_of(assessment)
    holding = frozenset(gate.holding)
    counts = junit._counts(findings, holding)
    counts["tests"] = str(int(counts["tests"]) + 1)
    counts["failures"] = str(int(counts["failures"]) + (0 if gate.passed else 1))
    suite = ET.Element("testsuite", {"name": xml_text(assessment.project_name), **counts})
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("project", assessment.project_id),
        ("file", assessment.file),
        ("as_of", assessment.as_of),
        ("verdict", assessment.verdict),
        ("level", str(assessment.level)),
        *junit.gate_properties(gate),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": xml_text(value)})
    suite.append(
        junit.gate_case(
            gate,
            assessment.project_name,
            assessment.file,
            f"readiness.{assessment.project_id}.gate",
        )
    )
    for finding in findings:
        case = junit._case(finding, finding.check in holding)
        case.set("classname", xml_text(f"readiness.{assessment.project_id}.{finding.dimension}"))
        suite.append(case)
    return suite


def _error_suite(outcome: ProjectOutcome, run: PortfolioRun) -> ET.Element:
    suite = ET.Element(
        "testsuite",
        {
            "name": xml_text(outcome.file),
            "tests": "1",
            "failures": "0",
            "errors": "1",
            "skipped": "0",
        },
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (("file", outcome.file), ("as_of", run.as_of.isoformat())):
        ET.SubElement(properties, "property", {"name": name, "value": xml_text(value)})
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": "readiness.input",
            "name": xml_text(f"{outcome.file} can be assessed"),
            "file": xml_text(outcome.file),
            "line": str(outcome.problems[0].line if outcome.problems else 0),
        },
    )
    error = ET.SubElement(
        case,
        "error",
        {
            "message": xml_text(outcome.gate_reason),
            "type": "input_error",
        },
    )
    error.text = xml_text("\n".join(problem.render() for problem in outcome.problems))
    return suite


def chunk(run: PortfolioRun, outcome: ProjectOutcome, *, folder: str | None = None) -> str:
    """One project's suite, indented to sit in `<testsuites>`."""
    suite = _suite(outcome, run)
    ET.indent(suite, space="  ", level=1)
    return xml_document("  " + ET.tostring(suite, encoding="unicode"))


def tail(run: PortfolioRun, summary: PortfolioSummary, wrote_any: bool) -> str:
    """Close `<testsuites>`."""
    return ("\n" if wrote_any else "") + "</testsuites>\n"
