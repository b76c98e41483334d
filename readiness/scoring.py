"""Scores, bands, the readiness level, the verdict and the ranking of gaps. No I/O.

The rules follow design §5. Averages never hide a weak spot: a band is the highest level at which
every applicable check up to that level passes; the readiness level is the lowest band.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from readiness.model import (
    BAND_NAMES,
    GAP_STATUSES,
    SEVERITY_BUCKETS,
    SEVERITY_RANK,
    Dimension,
    DimensionScore,
    Finding,
    Verdict,
)

CREDIT = {"pass": 1.0, "partial": 0.5}
PASSING = frozenset({"pass", "waived"})
BLOCKING = frozenset({"fail", "missing"})


def band(findings: Iterable[Finding]) -> int | None:
    """The dimension's band (0-5), or None when no check applies.

    The highest level L at which every applicable check of level <= L passes (waived counts as
    passing), and never above the highest level the dimension's checks test: a band is earned by
    evidence, not by the absence of harder checks. Nothing stated at all is band 0 (Absent); so
    is a blocker with no data, while a blocker that fails on the data given caps the band at 1.
    """
    applicable = [f for f in findings if f.status != "not_applicable"]
    if not applicable:
        return None
    if all(f.status == "missing" for f in applicable):
        return 0
    reached = 0
    for level in range(1, max(f.level for f in applicable) + 1):
        if all(f.status in PASSING for f in applicable if f.level <= level):
            reached = level
        else:
            break
    blockers = [f for f in applicable if f.severity == "blocker"]
    if any(f.status == "missing" for f in blockers):
        return 0
    if any(f.status == "fail" for f in blockers):
        return min(reached, 1)
    return reached


def score_dimensions(
    dimensions: Iterable[Dimension],
    findings: list[Finding],
    weights: Mapping[str, float],
) -> tuple[DimensionScore, ...]:
    """Score (0-100, weighted credit) and band for each dimension."""
    results = []
    for dimension in dimensions:
        mine = [f for f in findings if f.dimension == dimension.id]
        applicable = [f for f in mine if f.status != "not_applicable"]
        total = sum(weights[f.check] for f in applicable)
        score = (
            round(
                100 * sum(weights[f.check] * CREDIT.get(f.status, 0.0) for f in applicable) / total,
                1,
            )
            if total
            else None
        )
        dimension_band = band(mine)
        results.append(
            DimensionScore(
                id=dimension.id,
                title=dimension.title,
                weight=dimension.weight,
                score=score,
                band=dimension_band,
                band_name=BAND_NAMES[dimension_band] if dimension_band is not None else None,
                counts=dict(sorted(Counter(f.status for f in mine).items())),
            )
        )
    return tuple(results)


def readiness_level(scores: Iterable[DimensionScore]) -> int:
    """The lowest band among dimensions that have one (the weakest link); 0 if none has."""
    bands = [s.band for s in scores if s.band is not None]
    return min(bands) if bands else 0


def overall_score(
    scores: Iterable[DimensionScore], priorities: Mapping[str, float]
) -> float | None:
    """Weighted mean of dimension scores (pack weight x the project's own priority)."""
    pairs = [(s.score, s.weight * priorities.get(s.id, 1.0)) for s in scores if s.score is not None]
    total = sum(weight for _, weight in pairs)
    if not total:
        return None
    return round(sum(score * weight for score, weight in pairs) / total, 1)


def verdict(findings: Iterable[Finding], level: int, required_level: int) -> tuple[Verdict, str]:
    """not_ready if a blocker fails or is missing; ready if the level is reached and no
    high-severity check fails or is missing; otherwise conditional. With the reason why."""
    findings = list(findings)
    blockers = [f.check for f in findings if f.severity == "blocker" and f.status in BLOCKING]
    if blockers:
        return "not_ready", f"blocker{'s' if len(blockers) > 1 else ''} not met: " + ", ".join(
            blockers
        )
    high = [f.check for f in findings if f.severity == "high" and f.status in BLOCKING]
    if level < required_level:
        return "conditional", f"readiness level {level} is below the required {required_level}"
    if high:
        return "conditional", "high-severity gaps remain: " + ", ".join(high)
    return "ready", (
        f"readiness level {level} meets the required {required_level}; "
        "no blocker or high-severity gap"
    )


def bucket(severity: str) -> str:
    """Which list a gap belongs to: before the bid or gate, before scaling, or improve."""
    return SEVERITY_BUCKETS.get(severity, "improve")


def urgency(data: Mapping[str, Any], as_of: date) -> float:
    """2.0 for a decision due today or past, falling towards 1.0 as it recedes; 1.0 if unknown.

    The nearest of project.decision_date and funding.deadline counts: 1 + 1 / (1 + days / 30).
    """
    dates = []
    for section, key in (("project", "decision_date"), ("funding", "deadline")):
        part = data.get(section)
        if isinstance(part, dict) and isinstance(part.get(key), str):
            try:
                dates.append(date.fromisoformat(part[key]))
            except ValueError:
                continue
    if not dates:
        return 1.0
    days = max((min(dates) - as_of).days, 0)
    return 1.0 + 1.0 / (1.0 + days / 30.0)


def impact(finding: Finding, data: Mapping[str, Any]) -> float:
    """1 + the share of the cost of losses that the finding's loss carries (1.0 if unknown).

    A gap on a loss item, or on a benefit naming it, weighs more the more that loss costs.
    """
    baseline = data.get("baseline")
    losses = baseline.get("losses") if isinstance(baseline, dict) else None
    if not isinstance(losses, list):
        return 1.0
    costs = {
        loss.get("id"): float(loss["annual_cost"])
        for loss in losses
        if isinstance(loss, dict) and isinstance(loss.get("annual_cost"), int | float)
    }
    total = sum(costs.values())
    if not total:
        return 1.0
    parts = finding.pointer.split("/")
    loss_id = None
    if finding.pointer.startswith("/baseline/losses/") and parts[3].isdigit():
        index = int(parts[3])
        loss_id = losses[index].get("id") if index < len(losses) else None
    elif finding.pointer.startswith("/business_case/benefits/") and parts[3].isdigit():
        case = data.get("business_case") or {}
        benefits = case.get("benefits") or []
        index = int(parts[3])
        loss_id = benefits[index].get("loss") if index < len(benefits) else None
    return 1.0 + costs.get(loss_id, 0.0) / total


def prioritise(
    findings: list[Finding], weights: Mapping[str, float], data: Mapping[str, Any], as_of: date
) -> list[Finding]:
    """Priority and bucket on every gap; gaps first by bucket and priority, then the rest.

    priority = severity weight x impact x urgency / effort.
    """
    due = urgency(data, as_of)
    ranked = []
    for finding in findings:
        if finding.status in GAP_STATUSES:
            weight = weights[finding.check]
            priority = round(weight * impact(finding, data) * due / max(finding.effort, 1), 2)
            finding = replace(finding, priority=priority, bucket=bucket(finding.severity))
        ranked.append(finding)
    # Buckets first (blockers before high before the rest), then priority within a bucket, so
    # the next actions never put an easy improvement ahead of a blocker.
    gaps = sorted(
        (f for f in ranked if f.status in GAP_STATUSES),
        key=lambda f: (SEVERITY_RANK[f.severity], -f.priority, f.check),
    )
    rest = [f for f in ranked if f.status not in GAP_STATUSES]
    return gaps + rest
