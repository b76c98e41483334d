"""JUnit XML, for CI dashboards that already chart test results (Jenkins, GitLab, Azure).

A suite per dimension and a case per check: a gap (fail, partial, missing) is a failure whose
text says what was found, what to do and where; a waived or not-applicable check is skipped with
the reason. Built with ElementTree, which escapes markup; characters XML 1.0 cannot carry (an
ANSI escape in a message, a NUL) are stripped first so the document always parses.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from readiness.model import DIMENSION_ORDER, GAP_STATUSES, STATUS_WORDS, Assessment, Finding
from readiness.path_to_ready import describe
from readiness.report.escape import xml_document, xml_text

__all__ = ["render"]


def _case(finding: Finding) -> ET.Element:
    """One testcase, with its failure or skip reason."""
    location = finding.location
    case = ET.Element(
        "testcase",
        {
            "classname": xml_text(f"readiness.{finding.dimension}"),
            "name": xml_text(f"{finding.check} {finding.title}".strip()),
            "file": xml_text(location.file),
            "line": str(location.line),
        },
    )
    if finding.status in GAP_STATUSES:
        where = f"{location.file}:{location.line}:{location.column}"
        text = (
            f"{finding.message}\n"
            f"Status: {STATUS_WORDS[finding.status]}"
            f" ({finding.severity}, matters from level {finding.level})\n"
            f"What to do: {finding.remediation}\n"
            f"Where: {where}"
        )
        failure = ET.SubElement(
            case,
            "failure",
            {
                "message": xml_text(finding.message or finding.title),
                "type": xml_text(finding.severity),
            },
        )
        failure.text = xml_text(text)
    elif finding.status == "not_applicable":
        ET.SubElement(case, "skipped", {"message": "not applicable"})
    elif finding.status == "waived":
        waiver = finding.waiver
        reason = (waiver.reason if waiver is not None else None) or "no reason given"
        ET.SubElement(case, "skipped", {"message": xml_text(f"waived: {reason}")})
    return case


def _pack_change_properties(assessment: Assessment) -> list[tuple[str, str]]:
    """One `pack_change` property per change the user's packs make, or `pack_changes: none`."""
    if not assessment.pack_changes:
        return [("pack_changes", "none")]
    return [("pack_change", f"{c.pack}: {c.summary}") for c in assessment.pack_changes]


def _counts(findings: list[Finding]) -> dict[str, str]:
    failures = sum(1 for f in findings if f.status in GAP_STATUSES)
    skipped = sum(1 for f in findings if f.status in ("not_applicable", "waived"))
    return {
        "tests": str(len(findings)),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
    }


def render(assessment: Assessment) -> str:
    """The JUnit XML document: UTF-8 declaration, indented, one trailing newline."""
    titles = {d.id: d.title for d in assessment.dimensions}
    weights = {d.id: f"{d.weight:g}" for d in assessment.dimensions}
    order = [d.id for d in assessment.dimensions]
    order += [d for d in DIMENSION_ORDER if d not in order]
    by_dimension: dict[str, list[Finding]] = {dimension: [] for dimension in order}
    for finding in assessment.findings:
        by_dimension.setdefault(finding.dimension, []).append(finding)

    root = ET.Element(
        "testsuites",
        {"name": "readiness", **_counts(list(assessment.findings))},
    )
    for dimension, findings in by_dimension.items():
        if not findings:
            continue
        findings.sort(key=lambda f: f.check)
        suite = ET.SubElement(
            root,
            "testsuite",
            {"name": xml_text(titles.get(dimension, dimension)), **_counts(findings)},
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("project", assessment.project_id),
            ("file", assessment.file),
            ("as_of", assessment.as_of),
            ("dimension", dimension),
            ("dimension_weight", weights.get(dimension, "")),
            *_pack_change_properties(assessment),
        ):
            ET.SubElement(properties, "property", {"name": name, "value": xml_text(value)})
        if assessment.path_to_ready is not None:
            path = xml_text(describe(assessment.path_to_ready))
            ET.SubElement(properties, "property", {"name": "path_to_ready", "value": path})
        suite.extend(_case(finding) for finding in findings)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return xml_document('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n")
