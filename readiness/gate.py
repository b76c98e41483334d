"""The CI gate: does an assessment pass, and if not, why (printed last by the CLI)."""

from __future__ import annotations

from dataclasses import dataclass

from readiness.model import GAP_STATUSES, SEVERITIES, SEVERITY_RANK, Assessment

FAIL_ON_CHOICES = ("not_ready", *SEVERITIES, "never")


@dataclass(frozen=True)
class GateSettings:
    """What makes the gate fail: a verdict or gap severity, a score floor, a level floor."""

    fail_on: str = "not_ready"
    fail_under: float | None = None
    min_level: int | None = None


def gate(assessment: Assessment, settings: GateSettings) -> tuple[bool, str]:
    """(passed, reason). By default the gate fails only on a `not_ready` verdict.

    `fail_on: high` fails on any gap of severity high or worse (an expired waiver is a gap;
    a waived check is not); `never` turns that part of the gate off.
    """
    reasons = []
    if settings.fail_on == "not_ready":
        if assessment.verdict == "not_ready":
            reasons.append(f"verdict is not_ready ({assessment.verdict_reason})")
    elif settings.fail_on != "never":
        worst = SEVERITY_RANK[settings.fail_on]
        hits = [
            f.check
            for f in assessment.findings
            if f.status in GAP_STATUSES and SEVERITY_RANK[f.severity] <= worst
        ]
        if hits:
            reasons.append(
                f"{len(hits)} gap{'s' if len(hits) != 1 else ''} of severity "
                f"{settings.fail_on} or worse: {', '.join(hits)}"
            )
    if settings.fail_under is not None and (
        assessment.score is None or assessment.score < settings.fail_under
    ):
        shown = "n/a" if assessment.score is None else f"{assessment.score:g}"
        reasons.append(f"score {shown} is under {settings.fail_under:g}")
    if settings.min_level is not None and assessment.level < settings.min_level:
        reasons.append(f"readiness level {assessment.level} is below {settings.min_level}")
    if reasons:
        return False, "; ".join(reasons)
    return True, "gate passed"
