"""The CI gate: does an assessment pass, and if not, why (printed last by the CLI).

`evaluate_gate` is the core: a verdict or gap severity, a score floor, a level floor and a
minimum band per dimension, each failing with its own reason. The result also counts the
waivers that excused a gap, so that a pass bought with waivers says so on the gate line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import TYPE_CHECKING

from readiness.model import BAND_NAMES, GAP_STATUSES, SEVERITY_RANK, Assessment, Finding
from readiness.record import Record

if TYPE_CHECKING:
    from readiness.baseline import Baseline


class GateInForce(Record):
    """What every report says about the gate it was judged by: each setting that differs from
    the defaults, with where it came from (a configuration line or a flag), and the baseline.
    A gate loosened by configuration must never leave the reports unchanged."""

    changed: tuple[tuple[str, str, str], ...] = ()
    baseline: str | None = None
    notes: tuple[str, ...] = ()
    # The baseline's file as `baseline` names it first (a report shows it as a file name).
    baseline_file: str | None = None

    def lines(self) -> list[str]:
        """`fail_on: never (from .readiness.yaml:3)`, …, `baseline: FILE (…)`; or the one line
        `default settings` when nothing differs and no baseline is in force."""
        lines = [f"{key}: {value} (from {source})" for key, value, source in self.changed]
        if self.baseline is not None:
            lines.append(f"baseline: {self.baseline}")
        lines.extend(self.notes)
        return lines or ["default settings (fail on a not_ready verdict; no baseline)"]

    @property
    def is_default(self) -> bool:
        """Whether the gate is the default one, with no baseline."""
        return not self.changed and self.baseline is None and not self.notes


class GateSettings(Record):
    """What makes the gate fail: a verdict or gap severity, a score floor, a level floor, and a
    minimum band per dimension id. With a baseline, a project it records fails only on its
    regressions; the rest apply to projects it does not know."""

    fail_on: str = "not_ready"
    fail_under: float | None = None
    min_level: int | None = None
    min_bands: Mapping[str, int] = field(default_factory=dict)
    baseline: Baseline | None = None
    in_force: GateInForce = field(default_factory=GateInForce)


class GateResult(Record):
    """The gate's outcome for one project: every reason it failed, the waivers it took, and
    the checks whose gaps hold it (`holding`: only these are errors in annotations and
    failures in JUnit; every other gap is advice)."""

    passed: bool
    reasons: tuple[str, ...]
    waivers: int = 0
    waived_blockers: int = 0
    against_baseline: bool = False
    holding: tuple[str, ...] = ()
    in_force: GateInForce = field(default_factory=GateInForce)
    # The baseline's record of the project's checks (empty: a project the baseline does not
    # know), or None when no baseline is in force: SARIF's `baselineState` comes from it.
    baseline_checks: Mapping[str, str] | None = None
    # How the project improved since the baseline (a better verdict, a band that rose).
    improvements: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """The reasons on one line."""
        return "; ".join(self.reasons) if self.reasons else "gate passed"

    def line(self) -> str:
        """`gate: passed`, `gate: passed with 2 waivers (1 blocker)` or `gate: FAILED: why`."""
        if not self.passed:
            return f"gate: FAILED: {self.reason}"
        line = "gate: passed"
        if self.waivers:
            line += (
                f" with {_count(self.waivers, 'waiver')} "
                f"({_count(self.waived_blockers, 'blocker')})"
            )
        if self.against_baseline:
            line += ": no regression against the baseline"
        return line


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def evaluate_gate(assessment: Assessment, settings: GateSettings) -> GateResult:
    """The gate's outcome. By default it fails only on a `not_ready` verdict.

    `fail_on: high` fails on any gap of severity high or worse (a waiver that is not honoured
    leaves its gap; an honoured one does not); `never` turns that part of the gate off. A
    dimension that does not apply to the project has no band and cannot fail its minimum. A
    project the settings' baseline records fails only on its regressions against it.
    """
    waived = [f for f in assessment.findings if f.status == "waived"]
    waivers, waived_blockers = len(waived), sum(1 for f in waived if f.severity == "blocker")
    recorded = settings.baseline.projects.get(assessment.project_id) if settings.baseline else None
    if recorded is not None:
        from readiness.baseline import improvements, slips

        slipped = slips(recorded, assessment)
        return GateResult(
            not slipped.reasons,
            slipped.reasons,
            waivers,
            waived_blockers,
            against_baseline=True,
            holding=slipped.checks,
            in_force=settings.in_force,
            baseline_checks=recorded.checks,
            improvements=improvements(recorded, assessment),
        )
    reasons = _bar(assessment, settings)
    if settings.baseline is not None and reasons:
        reasons[0] = f"not in the baseline, and {reasons[0]}"
    holding = _holding(assessment, settings) if reasons else ()
    return GateResult(
        not reasons,
        tuple(reasons),
        waivers,
        waived_blockers,
        holding=holding,
        in_force=settings.in_force,
        baseline_checks={} if settings.baseline is not None else None,
    )


def _holding(assessment: Assessment, settings: GateSettings) -> tuple[str, ...]:
    """The checks whose gaps make the project miss the bar: the failing blockers of a not_ready
    verdict, the gaps at or above `fail_on`'s severity, the gaps that keep the level under
    `min_level` or a dimension under its minimum band. A score floor names no check (every gap
    costs points); the gate's own line says it."""
    from readiness.scoring import BLOCKING, holding_back

    gaps = [f for f in assessment.findings if f.status in GAP_STATUSES]
    held: set[str] = set()
    if settings.fail_on == "not_ready":
        if assessment.verdict == "not_ready":
            held |= {f.check for f in gaps if f.severity == "blocker" and f.status in BLOCKING}
    elif settings.fail_on != "never":
        worst = SEVERITY_RANK[settings.fail_on]
        held |= {f.check for f in gaps if SEVERITY_RANK[f.severity] <= worst}
    by_dimension: dict[str, list[Finding]] = {}
    for finding in assessment.findings:
        by_dimension.setdefault(finding.dimension, []).append(finding)
    for dimension in assessment.dimensions:
        if dimension.band is None:
            continue
        wanted = max(
            settings.min_bands.get(dimension.id, 0),
            settings.min_level
            if settings.min_level is not None and assessment.level < settings.min_level
            else 0,
        )
        if dimension.band < wanted:
            held |= {f.check for f in holding_back(by_dimension.get(dimension.id, []), wanted)}
    return tuple(f.check for f in gaps if f.check in held)


def _bar(assessment: Assessment, settings: GateSettings) -> list[str]:
    """Why the project does not meet the bar (empty when it does)."""
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
                f"{_count(len(hits), 'gap')} of severity {settings.fail_on} or worse: "
                f"{', '.join(hits)}"
            )
    if settings.fail_under is not None and (
        assessment.score is None or assessment.score < settings.fail_under
    ):
        shown = "n/a" if assessment.score is None else f"{assessment.score:g}"
        reasons.append(f"score {shown} is under {settings.fail_under:g}")
    if settings.min_level is not None and assessment.level < settings.min_level:
        reasons.append(f"readiness level {assessment.level} is below {settings.min_level}")
    for dimension in assessment.dimensions:
        minimum = settings.min_bands.get(dimension.id)
        if minimum is not None and dimension.band is not None and dimension.band < minimum:
            reasons.append(
                f"{dimension.id} band {dimension.band} ({BAND_NAMES[dimension.band]}) is below "
                f"{minimum} ({BAND_NAMES[minimum]})"
            )
    return reasons


def gate_of(assessment: Assessment) -> GateResult:
    """The gate the assessment was judged by (`Assessment.gate`), else the default gate's
    verdict on it: every report shows a gate, even for a library caller's assessment."""
    if isinstance(assessment.gate, GateResult):
        return assessment.gate
    return evaluate_gate(assessment, GateSettings())


def gate(assessment: Assessment, settings: GateSettings) -> tuple[bool, str]:
    """(passed, reason): `evaluate_gate` in short."""
    result = evaluate_gate(assessment, settings)
    return result.passed, result.reason
