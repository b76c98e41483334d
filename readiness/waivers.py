"""Waivers: a project's accepted exceptions to named checks, each until a date.

An unexpired waiver turns a gap into `waived` (counted as passing for the band, never hidden from
the report). An expired waiver changes nothing but the message: the gap fails and says the waiver
lapsed. A waiver naming no known check is an input error: a typo must not silently waive nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from datetime import date
from typing import Any

from readiness.errors import Diagnostic
from readiness.loader import Document
from readiness.model import GAP_STATUSES, Finding, Location, Waiver


def read_waivers(
    document: Document, known_checks: set[str], as_of: date
) -> tuple[list[Waiver], list[Diagnostic]]:
    """The project's waivers, and a diagnostic for each that names an unknown check."""
    data = document.data if isinstance(document.data, dict) else {}
    raw: list[Any] = data.get("waivers") or []
    waivers: list[Waiver] = []
    problems: list[Diagnostic] = []
    for index, entry in enumerate(raw):
        pointer = f"/waivers/{index}"
        line, column = document.position(f"{pointer}/check")
        check = str(entry.get("check", ""))
        if check not in known_checks:
            close = difflib.get_close_matches(check, sorted(known_checks), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "run `readiness rubrics` for the ids"
            problems.append(
                Diagnostic(
                    document.file,
                    line,
                    column,
                    f"the waiver names '{check}', which is not a known check",
                    f"waivers[{index}].check",
                    hint,
                )
            )
            continue
        expires = str(entry["expires"])
        waivers.append(
            Waiver(
                check=check,
                reason=str(entry["reason"]),
                approved_by=entry.get("approved_by"),
                expires=expires,
                expired=date.fromisoformat(expires) < as_of,
                location=Location(document.file, line, column),
            )
        )
    return waivers, problems


def apply_waivers(findings: list[Finding], waivers: list[Waiver]) -> list[Finding]:
    """Findings with waivers applied: unexpired ones waive a gap, expired ones say they lapsed."""
    by_check: dict[str, Waiver] = {}
    for waiver in sorted(waivers, key=lambda w: w.expires):  # the latest-expiring one wins
        by_check[waiver.check] = waiver
    result = []
    for finding in findings:
        found = by_check.get(finding.check)
        if found is None or finding.status not in GAP_STATUSES:
            result.append(finding if found is None else replace(finding, waiver=found))
            continue
        waiver = found
        if waiver is None or finding.status not in GAP_STATUSES:
            result.append(finding if waiver is None else replace(finding, waiver=waiver))
            continue
        by = f", approved by {waiver.approved_by}" if waiver.approved_by else ""
        if waiver.expired:
            result.append(
                replace(
                    finding,
                    status="fail",
                    message=f"the waiver expired on {waiver.expires}{by}; {finding.message}",
                    waiver=waiver,
                )
            )
        else:
            result.append(
                replace(
                    finding,
                    status="waived",
                    message=f"waived until {waiver.expires}{by} ({waiver.reason}); "
                    f"{finding.message}",
                    waiver=waiver,
                )
            )
    return result
