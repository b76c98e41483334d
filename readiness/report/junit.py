"""JUnit XML, for CI dashboards that already chart test results (Jenkins, GitLab, Azure).

A suite per dimension and a case per check, and a suite for the gate itself whose one case is
the gate's verdict (a merge-request summary shows test cases, not suite properties). A check
fails only when its gap holds the gate (Jenkins marks a build unstable on any failure): the
other gaps pass, with what was found and what to do as the case's output; a waived or
not-applicable check is skipped with the reason. Built with ElementTree, which escapes markup;
characters XML 1.0 cannot carry (an ANSI escape in a message, a NUL) are stripped first so the
document always parses.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from readiness.model import DIMENSION_ORDER, GAP_STATUSES, STATUS_WORDS, Assessment, Finding
from readiness.path_to_ready import describe
from readiness.report.escape import xml_document, xml_text

if TYPE_CHECKING:
    from readiness.gate import GateResult

__all__ = ["gate_case", "gate_properties", "render"]


def _case(finding: Finding, holds: bool = True) -> ET.Element:
    """One testcase, with its failure (a gap that holds the gate), its advice (a gap that does
    not) or its skip reason."""
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
        if not holds:
            ET.SubElement(case, "system-out").text = xml_text(
                f"A gap that does not hold the gate.\n{text}"
            )
            return case
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


def _counts(findings: list[Finding], holding: frozenset[str]) -> dict[str, str]:
    failures = sum(1 for f in findings if f.status in GAP_STATUSES and f.check in holding)
    skipped = sum(1 for f in findings if f.status in ("not_applicable", "waived"))
    return {
        "tests": str(len(findings)),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
    }


def gate_case(gate: GateResult, project: str, file: str, classname: str) -> ET.Element:
    """The gate as a test case: it fails with every reason when the gate fails; its output
    names the settings in force (and where each came from) and the baseline."""
    case = ET.Element(
        "testcase",
        {
            "classname": xml_text(classname),
            "name": xml_text(f"{project} passes the gate"),
            "file": xml_text(file),
        },
    )
    if not gate.passed:
        failure = ET.SubElement(case, "failure", {"message": xml_text(gate.line()), "type": "gate"})
        failure.text = xml_text("\n".join(gate.reasons))
    ET.SubElement(case, "system-out").text = xml_text(
        "Gate settings in force:\n" + "\n".join(gate.in_force.lines())
    )
    return case


def gate_properties(gate: GateResult) -> list[tuple[str, str]]:
    """The gate's outcome and settings as suite properties."""
    return [
        ("gate", "passed" if gate.passed else f"failed: {gate.reason}"),
        *(("gate_setting", line) for line in gate.in_force.lines()),
    ]


def render(assessment: Assessment) -> str:
    """The JUnit XML document: UTF-8 declaration, indented, one trailing newline."""
    titles = {d.id: d.title for d in assessment.dimensions}
    weights = {d.id: f"{d.weight:g}" for d in assessment.dimensions}
    order = [d.id for d in assessment.dimensions]
    order += [d for d in DIMENSION_ORDER if d not in order]
    by_dimension: dict[str, list[Finding]] = {dimension: [] for dimension in order}
    for finding in assessment.findings:
        by_dimension.setdefault(finding.dimension, []).append(finding)

    from readiness.gate import gate_of

    gate = gate_of(assessment)
    holding = frozenset(gate.holding)
    totals = _counts(list(assessment.findings), holding)
    totals["tests"] = str(int(totals["tests"]) + 1)
    totals["failures"] = str(int(totals["failures"]) + (0 if gate.passed else 1))
    root = ET.Element("testsuites", {"name": "readiness", **totals})
    gate_suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": "Gate",
            "tests": "1",
            "failures": "0" if gate.passed else "1",
            "errors": "0",
            "skipped": "0",
        },
    )
    gate_properties_element = ET.SubElement(gate_suite, "properties")
    # What the user's packs change holds for every suite: said once, here (a pack of thousands
    # of checks repeated in each suite made the document eight times longer).
    for name, value in (
        ("project", assessment.project_id),
        *gate_properties(gate),
        *_pack_change_properties(assessment),
    ):
        ET.SubElement(gate_properties_element, "property", {"name": name, "value": xml_text(value)})
    gate_suite.append(gate_case(gate, assessment.project_name, assessment.file, "readiness.gate"))
    for dimension, findings in by_dimension.items():
        if not findings:
            continue
        findings.sort(key=lambda f: f.check)
        suite = ET.SubElement(
            root,
            "testsuite",
            {"name": xml_text(titles.get(dimension, dimension)), **_counts(findings, holding)},
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("project", assessment.project_id),
            ("file", assessment.file),
            ("as_of", assessment.as_of),
            ("dimension", dimension),
            ("dimension_weight", weights.get(dimension, "")),
        ):
            ET.SubElement(properties, "property", {"name": name, "value": xml_text(value)})
        if assessment.path_to_ready is not None:
            path = xml_text(describe(assessment.path_to_ready))
            ET.SubElement(properties, "property", {"name": "path_to_ready", "value": path})
        suite.extend(_case(finding, finding.check in holding) for finding in findings)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return xml_document('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n")
