"""The JSON result: the contract other tools read (`readiness schema result` publishes it)."""

from __future__ import annotations

from typing import Any

from readiness.gate import GateInForce, GateResult
from readiness.model import Assessment, Finding, Location, PackChange, Waiver
from readiness.path_to_ready import path_data
from readiness.report.escape import json_text
from readiness.report.json_indent import indented

FORMAT = "readiness-result/1"


def _location(location: Location) -> dict[str, Any]:
    return {"file": location.file, "line": location.line, "column": location.column}


def _waiver(waiver: Waiver) -> dict[str, Any]:
    return {
        "check": waiver.check,
        "reason": waiver.reason,
        "approved_by": waiver.approved_by,
        "expires": waiver.expires,
        "expired": waiver.expired,
        "severity": waiver.severity,
        "honoured": waiver.honoured,
        "not_honoured": waiver.not_honoured,
        "location": _location(waiver.location),
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "check": finding.check,
        "dimension": finding.dimension,
        "title": finding.title,
        "severity": finding.severity,
        "level": finding.level,
        "effort": finding.effort,
        "status": finding.status,
        "message": finding.message,
        "pointer": finding.pointer,
        "location": _location(finding.location),
        "priority": finding.priority,
        "bucket": finding.bucket,
        "set_aside": finding.set_aside,
        "remediation": finding.remediation,
        "waiver": _waiver(finding.waiver) if finding.waiver else None,
    }


def _pack_change(change: PackChange) -> dict[str, Any]:
    return {
        "pack": change.pack,
        "kind": change.kind,
        "target": change.target,
        "before": change.before,
        "after": change.after,
        "effect": change.effect or None,
        "summary": change.summary,
    }


def gate_dict(passed: bool, reasons: list[str], in_force: GateInForce) -> dict[str, Any]:
    """The gate as data: its outcome, every reason it failed, the settings in force (each
    that differs from the defaults with where it came from, or the one `default settings`
    line) and the baseline it compared with (null: none)."""
    return {
        "passed": passed,
        "reasons": reasons,
        "settings": in_force.lines(),
        "baseline": in_force.baseline,
    }


def _gate(gate: object) -> dict[str, Any] | None:
    """The gate that judged the assessment; None when none did (a library caller's)."""
    if not isinstance(gate, GateResult):
        return None
    return gate_dict(gate.passed, list(gate.reasons), gate.in_force)


def as_dict(assessment: Assessment) -> dict[str, Any]:
    """The result as plain data, in the contract's key order."""
    case = assessment.business_case
    return {
        "format": FORMAT,
        "tool": {"name": "readiness", "version": assessment.tool_version},
        "as_of": assessment.as_of,
        "packs": [
            {"id": p.id, "version": p.version, "valid_as_of": p.valid_as_of, "sha256": p.sha256}
            for p in assessment.packs
        ],
        "pack_changes": [_pack_change(c) for c in assessment.pack_changes],
        "project": {
            "id": assessment.project_id,
            "name": assessment.project_name,
            "file": assessment.file,
            "decision_date": assessment.decision_date,
            "sha256": assessment.file_sha256,
        },
        "verdict": assessment.verdict,
        "verdict_reason": assessment.verdict_reason,
        "level": assessment.level,
        "required_level": assessment.required_level,
        "score": assessment.score,
        "confidence": assessment.confidence,
        "gate": _gate(assessment.gate),
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "score": d.score,
                "band": d.band,
                "band_name": d.band_name,
                "weight": d.weight,
            }
            for d in assessment.dimensions
        ],
        "path_to_ready": path_data(assessment.path_to_ready),
        "business_case": {
            "currency": case.currency,
            "horizon_years": case.horizon_years,
            "claimed_payback_years": case.claimed_payback_years,
            "paybacks": [
                {
                    "scenario": p.scenario,
                    "years": p.years,
                    "horizon_years": p.horizon_years,
                    "within_horizon": p.within_horizon,
                    "assumption": p.assumption,
                }
                for p in case.paybacks
            ],
            "cost_of_losses_addressed": case.cost_of_losses_addressed,
            "benefits_claimed": case.benefits_claimed,
            "benefit_to_loss_ratio": case.benefit_to_loss_ratio,
        },
        "waivers": [_waiver(w) for w in assessment.waivers],
        "missing_evidence_files": list(assessment.missing_evidence_files),
        "findings": [_finding(f) for f in assessment.findings],
    }


def render(assessment: Assessment) -> str:
    """Pretty-printed JSON, stable key order, one trailing newline."""
    text = indented(as_dict(assessment))
    return json_text(text) + "\n"
