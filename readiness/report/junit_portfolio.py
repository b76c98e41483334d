"""JUnit XML for a portfolio: one test suite per project, a test case per check.

Each suite holds what the project's own JUnit report holds (`junit._case` for every check:
gaps fail, waived and not-applicable checks are skipped), with the project in the class name
so that dashboards keep projects apart. A file that cannot be assessed is a suite with one
case in error, its problems as the error text. Suites stream in the files' order; the totals on
`<testsuites>` come from the portfolio's rows, so only they wait for the end.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from readiness.model import DIMENSION_ORDER, GAP_STATUSES, STATUSES
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
    totals = {
        "name": "readiness",
        "tests": str(sum(row.status_count(*STATUSES) for row in rows) + errors),
        "failures": str(sum(row.status_count(*GAP_STATUSES) for row in rows)),
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
    suite = ET.Element(
        "testsuite",
        {"name": xml_text(assessment.project_name), **junit._counts(findings)},
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("project", assessment.project_id),
        ("file", assessment.file),
        ("as_of", assessment.as_of),
        ("verdict", assessment.verdict),
        ("level", str(assessment.level)),
        ("gate", "passed" if outcome.gate_passed else f"failed: {outcome.gate_reason}"),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": xml_text(value)})
    for finding in findings:
        case = junit._case(finding)
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
