"""SARIF 2.1.0, for code-scanning upload (GitHub, Azure DevOps, IDE viewers).

One rule per check, with its full help (what to do and why it matters, in text and Markdown;
no `informationUri` until the project has a home page of its own); one result per finding that
needs attention (fail, partial, missing) or was waived, located on the YAML line the check looked
at. Waived findings carry an accepted external suppression with the waiver's reason, so they show
as dismissed rather than vanishing. A partial fingerprint made of check, project and pointer lets
the code-scanning service follow a finding across edits that move its line.

Built as plain dicts and serialised with `json.dumps`: JSON escaping takes care of user text,
and `json_text` makes the log safe to print in a CI log.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from readiness.model import DIMENSION_ORDER, Assessment, Finding
from readiness.path_to_ready import path_data
from readiness.report.escape import json_text, markdown_prose
from readiness.report.json_indent import indented

if TYPE_CHECKING:
    from readiness.gate import GateResult

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "render"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "readiness/v1"
SRCROOT = "%SRCROOT%"

RESULT_STATUSES = frozenset({"fail", "partial", "missing", "waived"})
LEVELS: dict[str, str] = {"blocker": "error", "high": "error", "medium": "warning", "low": "note"}
STATUS_PREFIX: dict[str, str] = {
    "fail": "",
    "partial": "Partly met: ",
    "missing": "Not evidenced: ",
    "waived": "Waived: ",
}


def rule_name(title: str, check_id: str) -> str:
    """A CamelCase rule name from the check's title (`PaybackWithinHorizon`), or its id."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    name = "".join(word[:1].upper() + word[1:] for word in words)
    return name or re.sub(r"[^A-Za-z0-9]", "", check_id) or "Check"


def fingerprint(check_id: str, project_id: str, pointer: str) -> str:
    """A line-independent identity for a result: the first 32 hex digits of a SHA-256."""
    material = "\0".join((check_id, project_id, pointer)).encode("utf-8", "surrogatepass")
    return hashlib.sha256(material).hexdigest()[:32]


def repository_root() -> tuple[str, str] | None:
    """(the working directory, the repository root holding it: the nearest folder with
    `.git`), or None outside a repository. Code scanning resolves a result's URI against the
    repository root, whichever subfolder readiness ran in."""
    here = os.getcwd()
    root = _root_of(here)
    return (here, root) if root is not None else None


@functools.lru_cache(maxsize=8)
def _root_of(here: str) -> str | None:
    for folder in (here, *(str(parent) for parent in Path(here).parents)):
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
    return None


def from_repository_root(file: str) -> str:
    """A relative path made relative to the repository root instead of the working folder
    (unchanged outside a repository, or for a path that leaves it)."""
    found = repository_root()
    if found is None:
        return file
    here, root = found
    relative = os.path.relpath(os.path.normpath(os.path.join(here, file)), root)
    if relative == ".." or relative.startswith("../"):
        return file
    return relative


def artifact_location(file: str) -> dict[str, Any]:
    """The file as a SARIF artifact location: a percent-encoded URI relative to the repository
    root (else the working folder), under %SRCROOT%.

    Backslashes become slashes; an absolute path becomes a `file:` URI without a base, which
    is what viewers expect for files outside the checkout.
    """
    uri, base = _artifact_uri(file, os.getcwd())
    return {"uri": uri, "uriBaseId": base} if base else {"uri": uri}


@functools.lru_cache(maxsize=1024)
def _artifact_uri(file: str, here: str) -> tuple[str, str | None]:
    """The URI of `file` named from the working folder `here`, and its base (None for an
    absolute path): worked out once per file, not once per result (a pack of 5,000 checks)."""
    if PureWindowsPath(file).is_absolute() and not file.startswith("/"):
        return PureWindowsPath(file).as_uri(), None
    posix = file.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return PurePosixPath(posix).as_uri(), None
    posix = from_repository_root(posix)
    return quote(posix, safe="/", errors="replace"), SRCROOT


def baseline_state(finding: Finding, recorded: Mapping[str, str] | None) -> str | None:
    """SARIF's `baselineState` of a result against the baseline's record of its project
    (None: no baseline in force; an empty record: the project is new): `new` when the check
    was not a result then, `unchanged` when its status is the same, else `updated`."""
    if recorded is None:
        return None
    before = recorded.get(finding.check)
    if before is None or before not in RESULT_STATUSES:
        return "new"
    return "unchanged" if before == finding.status else "updated"


def _check_order(finding: Finding) -> tuple[int, str, str]:
    try:
        rank = DIMENSION_ORDER.index(finding.dimension)
    except ValueError:
        rank = len(DIMENSION_ORDER)
    return rank, finding.dimension, finding.check


@functools.lru_cache(maxsize=4096)
def _rule_texts(check_id: str, title: str, rationale: str, remediation: str) -> tuple[str, ...]:
    """A rule's name, description and help (plain and Markdown), built once per check and run
    however many files a run renders: escaping the 49 checks' texts for every file was most of
    a SARIF render's cost."""
    parts = [
        (label, text)
        for label, text in (("What to do", remediation), ("Why it matters", rationale))
        if text
    ]
    help_text = "\n\n".join(f"{label}: {text}" for label, text in parts)
    help_markdown = "\n\n".join(f"**{label}:** {markdown_prose(text)}" for label, text in parts)
    fallback = title or check_id
    return (
        rule_name(title, check_id),
        rationale or fallback,
        help_text or fallback,
        help_markdown or markdown_prose(fallback),
    )


def _rule(finding: Finding) -> dict[str, Any]:
    """The rule for a check: its title, its rationale, and the full help (what to do, why)."""
    name, description, help_text, help_markdown = _rule_texts(
        finding.check,
        finding.title,
        finding.rationale,
        # the check's advice: a rule is the same everywhere, whatever one project's finding says
        finding.check_remediation or finding.remediation,
    )
    return {
        "id": finding.check,
        "name": name,
        "shortDescription": {"text": finding.title or finding.check},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS.get(finding.severity, "warning")},
        "properties": {
            "tags": ["readiness", finding.dimension, finding.severity],
            "dimension": finding.dimension,
            "severity": finding.severity,
            "level": finding.level,
        },
    }


def _message(finding: Finding) -> str:
    text = finding.message or finding.title or finding.check
    return STATUS_PREFIX.get(finding.status, "") + text


def _result(
    finding: Finding,
    rule_index: int,
    project_id: str,
    recorded: Mapping[str, str] | None = None,
    holds: bool = False,
) -> dict[str, Any]:
    location = finding.location
    result: dict[str, Any] = {
        "ruleId": finding.check,
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": _message(finding)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(location.file),
                    "region": {
                        "startLine": max(1, location.line),
                        "startColumn": max(1, location.column),
                    },
                }
            }
        ],
        "partialFingerprints": {
            FINGERPRINT_KEY: fingerprint(finding.check, project_id, finding.pointer)
        },
        "properties": {
            "status": finding.status,
            "pointer": finding.pointer,
            "priority": round(finding.priority, 3),
            "bucket": finding.bucket,
            "setAside": finding.set_aside,
            "holdsGate": holds,
        },
    }
    state = baseline_state(finding, recorded)
    if state is not None:
        result["baselineState"] = state
    if finding.status == "waived":
        waiver = finding.waiver
        suppression: dict[str, Any] = {
            "kind": "external",
            "status": "accepted",
            "justification": (waiver.reason if waiver is not None else None) or "waived",
        }
        if waiver is not None:
            suppression["properties"] = {
                "approvedBy": waiver.approved_by,
                "expires": waiver.expires,
            }
        result["suppressions"] = [suppression]
    return result


def sarif_log(assessment: Assessment) -> dict[str, Any]:
    """The SARIF log as plain data (for tests and for callers that merge runs)."""
    checks: dict[str, Finding] = {}
    for finding in sorted(assessment.findings, key=_check_order):
        checks.setdefault(finding.check, finding)
    rule_index = {check_id: index for index, check_id in enumerate(checks)}
    from readiness.gate import gate_of

    gate = gate_of(assessment)
    recorded = gate.baseline_checks
    holding = frozenset(gate.holding)
    results = [
        _result(
            finding,
            rule_index[finding.check],
            assessment.project_id,
            recorded,
            finding.check in holding,
        )
        for finding in assessment.findings
        if finding.status in RESULT_STATUSES
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "readiness",
                "version": assessment.tool_version,
                "rules": [_rule(finding) for finding in checks.values()],
            }
        },
        # Distinguishes one project's uploads from another's in code scanning.
        "automationDetails": {"id": f"readiness/{assessment.project_id}/"},
        "originalUriBaseIds": {
            SRCROOT: {
                "description": {
                    "text": "The repository root (else the folder readiness ran in); project "
                    "files are relative to it."
                }
            }
        },
        "invocations": [{"executionSuccessful": True}],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "project": {
                "id": assessment.project_id,
                "name": assessment.project_name,
                "file": assessment.file,
            },
            "asOf": assessment.as_of,
            "verdict": assessment.verdict,
            "level": assessment.level,
            "requiredLevel": assessment.required_level,
            "score": assessment.score,
            "confidence": assessment.confidence,
            "packs": [
                {"id": pack.id, "version": pack.version, "validAsOf": pack.valid_as_of}
                for pack in assessment.packs
            ],
            "packChanges": [
                {"pack": c.pack, "kind": c.kind, "target": c.target, "summary": c.summary}
                for c in assessment.pack_changes
            ],
            "dimensionWeights": {d.id: d.weight for d in assessment.dimensions},
            "pathToReady": path_data(assessment.path_to_ready),
            **gate_properties(gate),
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def gate_properties(gate: GateResult) -> dict[str, Any]:
    """The gate's outcome and the settings in force, as run properties."""
    return {
        "gate": {
            "passed": gate.passed,
            "reasons": list(gate.reasons),
            "settings": gate.in_force.lines(),
        }
    }


def render(assessment: Assessment) -> str:
    """The SARIF log as pretty-printed JSON, one trailing newline.

    Non-ASCII text stays readable; if user text holds a lone surrogate (which UTF-8 cannot
    carry) the whole log falls back to ASCII escapes rather than failing to be written.
    """
    log = sarif_log(assessment)
    try:  # json.dumps's text, without its pure-Python indenting (1.5 s for 5,000 rules)
        text = indented(log)
    except ValueError:  # not a finite number somewhere: json.dumps writes what it always did
        text = json.dumps(log, indent=2, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(log, indent=2, ensure_ascii=True)
    return json_text(text) + "\n"
