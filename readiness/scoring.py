"""Scores, bands, the readiness level, the verdict and the ranking of gaps. No I/O, pure
functions over findings, so a "path to ready" can re-score hypothetical findings with them.

The rules follow design §5, with the band rule below. Averages never hide a weak spot: the
readiness level is the lowest band, and a band is a weakest-link ladder. Severity decides how far
one gap holds a band back: blocker and high gaps hold their level; a single medium or low gap
never turns a ready project conditional, but every gap counts from level 4 (Verified) up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from readiness.facts.common import param_number
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
from readiness.record import replace
from readiness.vocabulary import list_ids

CREDIT = {"pass": 1.0, "partial": 0.5}
PASSING = frozenset({"pass", "waived"})
BLOCKING = frozenset({"fail", "missing"})
# The stress (FE-04) and the claimed payback (FE-09): both failing, with the claim far off, is
# a business case that fails its own test (`VerdictRule.claim_deviation`).
STRESS_AND_CLAIM = frozenset({"FE-04", "FE-09"})
MAJOR = frozenset({"blocker", "high"})
# Up to this level a dimension tolerates one medium or low gap; from the next (4, Verified:
# "cross-checks hold") every check up to the level must hold, whatever its severity.
TOLERANT_UP_TO = 3
MINOR_GAPS_TOLERATED = 1
# A dimension with a waived blocker or high gap stops below level 5 (Governed).
WAIVED_MAJOR_CAP = 4


def _holds(findings: list[Finding], level: int) -> bool:
    """Whether a dimension reaches `level`: every blocker and high check up to it holds, and so
    does every other check, except that up to level 3 one medium or low gap is tolerated."""
    upto = [f for f in findings if f.level <= level]
    if any(f.status not in PASSING for f in upto if f.severity in MAJOR):
        return False
    minor_gaps = sum(1 for f in upto if f.severity not in MAJOR and f.status not in PASSING)
    return minor_gaps <= (MINOR_GAPS_TOLERATED if level <= TOLERANT_UP_TO else 0)


def band(findings: Iterable[Finding]) -> int | None:
    """The dimension's band (0-5), or None when no check applies.

    The highest level L that the dimension holds (`_holds`: blocker and high checks up to L
    pass or are waived; up to level 3 one medium or low gap is tolerated, from level 4 none),
    and never above the highest level the dimension's checks test: a band is earned by evidence,
    not by the absence of harder checks. Nothing stated at all is band 0 (Absent); a blocker
    that fails or has no data caps the band at 1; a waived blocker or high gap holds it below
    level 5 (Governed).
    """
    applicable = [f for f in findings if f.status != "not_applicable"]
    if not applicable:
        return None
    if all(f.status == "missing" for f in applicable):
        return 0
    reached = 0
    for level in range(1, max(f.level for f in applicable) + 1):
        if not _holds(applicable, level):
            break
        reached = level
    if any(f.status in BLOCKING for f in applicable if f.severity == "blocker"):
        return min(reached, 1)
    if any(f.status == "waived" for f in applicable if f.severity in MAJOR):
        # A waiver lets the verdict hold, not the honours: a funder does not call a dimension
        # "Governed" while one of its blocker or high gaps is only waived (issue 15).
        return min(reached, WAIVED_MAJOR_CAP)
    return reached


def closable_band(
    findings: Iterable[Finding], bit: Mapping[str, int]
) -> Callable[[int], int | None]:
    """`band` of these findings with some gaps closed (passing), for a mask of closed gaps
    (`bit` gives each gap's): the rule read once into a mask per level, so each set the path to
    ready tries costs a few `&`, not a copy of the findings and the ladder walked again."""
    applicable = [f for f in findings if f.status != "not_applicable"]
    if not applicable:
        return lambda mask: None
    gaps = [f for f in applicable if f.status not in PASSING]  # every one of them a gap
    every = _mask(gaps, bit)
    all_missing = all(f.status == "missing" for f in applicable)
    ladder = [
        (
            level,
            _mask((f for f in gaps if f.level <= level and f.severity in MAJOR), bit),
            _mask((f for f in gaps if f.level <= level and f.severity not in MAJOR), bit),
            MINOR_GAPS_TOLERATED if level <= TOLERANT_UP_TO else 0,
        )
        for level in range(1, max(f.level for f in applicable) + 1)
    ]
    failing_blockers = _mask(
        (f for f in applicable if f.severity == "blocker" and f.status in BLOCKING), bit
    )
    waived_major = any(f.status == "waived" for f in applicable if f.severity in MAJOR)

    def closed_band(mask: int) -> int | None:
        if all_missing and not mask & every:
            return 0
        reached = 0
        for level, major, minor, tolerated in ladder:
            if major & ~mask or (minor & ~mask).bit_count() > tolerated:
                break
            reached = level
        if failing_blockers & ~mask:
            return min(reached, 1)
        if waived_major:
            return min(reached, WAIVED_MAJOR_CAP)
        return reached

    return closed_band


def _mask(findings: Iterable[Finding], bit: Mapping[str, int]) -> int:
    mask = 0
    for finding in findings:
        mask |= bit[finding.check]
    return mask


def band_holders(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The gaps that hold a dimension at its band (`band`'s rule read backwards): those that
    stop it reaching the next level, and a failing blocker that caps it at 1. Empty when no
    check applies or the band is the highest level its checks test."""
    applicable = [f for f in findings if f.status != "not_applicable"]
    reached = band(applicable)
    if reached is None or reached >= max(f.level for f in applicable):
        return ()
    upto = [f for f in applicable if f.level <= reached + 1 and f.status not in PASSING]
    major = [f for f in upto if f.severity in MAJOR]
    minor = [f for f in upto if f.severity not in MAJOR]
    tolerated = MINOR_GAPS_TOLERATED if reached + 1 <= TOLERANT_UP_TO else 0
    holders = major + (minor if len(minor) > tolerated else [])
    if reached <= 1:
        holders += [f for f in applicable if f.severity == "blocker" and f.status in BLOCKING]
    return tuple(dict.fromkeys(holders))


def how_it_counts(severity: str, level: int) -> str:
    """What a gap on a check of this severity and level does to the band and verdict, in words
    (for `readiness explain`): the band rule of this module, said for one check."""
    name = f"level {level} ({BAND_NAMES[level]})" if level in BAND_NAMES else f"level {level}"
    below = f"below {name}" if level > 1 else f"at level 0 ({BAND_NAMES[0]})"
    if severity == "blocker":
        return (
            "a fail or a gap in the data makes the verdict not ready and caps the dimension at "
            "level 1 (Stated)"
        )
    if severity == "high":
        rule = DEFAULT_RULE
        return (
            f"a gap holds the dimension {below} and makes the verdict conditional "
            "(a waiver in force lets it hold); more than "
            f"{rule.max_open_highs} open high gaps (conditional_max_open_highs), or more than "
            f"{rule.max_weak_dimensions} dimension at band {rule.weak_band} or below "
            "(conditional_max_weak_dimensions), make it not ready"
        )
    if level <= TOLERANT_UP_TO:
        return (
            f"counts in the score; one medium or low gap per dimension is tolerated up to level "
            f"{TOLERANT_UP_TO}, a second holds the dimension {below}, and from level "
            f"{TOLERANT_UP_TO + 1} every gap counts"
        )
    return f"counts in the score, and any gap holds the dimension {below}"


def holding_back(findings: Iterable[Finding], level: int) -> list[Finding]:
    """The gaps that keep a dimension below `level` (what to close to reach it), worst first."""
    applicable = [f for f in findings if f.status != "not_applicable" and f.level <= level]
    gaps = [f for f in applicable if f.status not in PASSING]
    major = [f for f in gaps if f.severity in MAJOR]
    minor = [f for f in gaps if f.severity not in MAJOR]
    if level > TOLERANT_UP_TO or len(minor) > MINOR_GAPS_TOLERATED:
        major += minor
    return sorted(major, key=lambda f: (SEVERITY_RANK[f.severity], f.level, f.check))


def _dimension_score(findings: list[Finding], weights: Mapping[str, float]) -> float | None:
    """Weighted credit over applicable checks (0-100), unrounded; None when none applies.

    A waived check stays in the denominator and earns no credit: the score counts evidence,
    and a waiver is a decision, not evidence (it counts as holding for the band and verdict).
    """
    applicable = [f for f in findings if f.status != "not_applicable"]
    total = sum(weights[f.check] for f in applicable)
    if not total:
        return None
    return 100 * sum(weights[f.check] * CREDIT.get(f.status, 0.0) for f in applicable) / total


def shown(score: float | None) -> int | None:
    """A score as every report shows it and the gate compares it: a whole number, rounded once
    (half up), so "95" on screen is 95 to `--fail-under`."""
    return None if score is None else int(score + 0.5)


def score_dimensions(
    dimensions: Iterable[Dimension],
    findings: list[Finding],
    weights: Mapping[str, float],
) -> tuple[DimensionScore, ...]:
    """Score (0-100, weighted credit, a whole number) and band for each dimension."""
    results = []
    for dimension in dimensions:
        mine = [f for f in findings if f.dimension == dimension.id]
        dimension_band = band(mine)
        results.append(
            DimensionScore(
                id=dimension.id,
                title=dimension.title,
                weight=dimension.weight,
                score=shown(_dimension_score(mine, weights)),
                band=dimension_band,
                band_name=BAND_NAMES[dimension_band] if dimension_band is not None else None,
                counts=dict(sorted(Counter(f.status for f in mine).items())),
            )
        )
    return tuple(results)


def readiness_level(scores: Iterable[DimensionScore]) -> int:
    """The lowest band among dimensions that have one (the weakest link); 0 if none has."""
    return lowest_band(s.band for s in scores)


def lowest_band(bands: Iterable[int | None]) -> int:
    """The readiness level of these dimension bands: the lowest, None (no check applies) left
    out; 0 if none has one."""
    known = [b for b in bands if b is not None]
    return min(known) if known else 0


def overall_score(
    dimensions: Iterable[Dimension],
    findings: list[Finding],
    weights: Mapping[str, float],
) -> int | None:
    """Mean of the dimension scores weighted by the packs' dimension weights, rounded once.

    The weights come from the packs in force (the programme's), never from the project file:
    nothing the author writes raises their own score except evidence. Dimension scores enter
    unrounded, so the figure is rounded once, where it is shown.
    """
    pairs = []
    for dimension in dimensions:
        score = _dimension_score([f for f in findings if f.dimension == dimension.id], weights)
        if score is not None:
            pairs.append((score, dimension.weight))
    total = sum(weight for _, weight in pairs)
    if not total:
        return None
    return shown(sum(score * weight for score, weight in pairs) / total)


@dataclass(frozen=True)
class VerdictRule:
    """When gaps without a blocker still make a project not ready (issue 15): "conditional"
    means fundable with a short list of named conditions, so a long list is not.

    Pack parameters, defaults in `DEFAULT_PARAMETERS`: more than `max_open_highs` open high
    gaps; more than `max_weak_dimensions` dimensions at band `weak_band` or below; a business
    case that fails its own stress (FE-04) while its claimed payback (FE-09 failing) is off the
    recomputed one by more than `claim_deviation`.
    """

    max_open_highs: int
    max_weak_dimensions: int
    weak_band: int
    claim_deviation: float

    @classmethod
    def from_parameters(cls, params: Mapping[str, Any]) -> VerdictRule:
        """The rule in force: the packs' parameters over `DEFAULT_PARAMETERS`."""
        return cls(
            max_open_highs=int(param_number(params, "conditional_max_open_highs")),
            max_weak_dimensions=int(param_number(params, "conditional_max_weak_dimensions")),
            weak_band=int(param_number(params, "conditional_weak_band")),
            claim_deviation=param_number(params, "not_ready_claim_deviation"),
        )

    def in_words(self) -> str:
        """The rule as `readiness explain verdict` and the docs say it."""
        return (
            f"not ready when a blocker fails or has no data; when more than "
            f"{self.max_open_highs} high-severity gaps are open; when more than "
            f"{self.max_weak_dimensions} dimension{'s' if self.max_weak_dimensions != 1 else ''}"
            f" stand at band {self.weak_band} or below; or when the business case fails its own "
            f"stress (FE-04) while its claimed payback is off the recomputed one by more than "
            f"{self.claim_deviation:.0%} (FE-09). Otherwise ready if the readiness level reaches "
            f"the required one and no high-severity gap is open, else conditional"
        )


class CaseFigures(NamedTuple):
    """What the verdict rule needs beyond the findings: each dimension's band and how far the
    claimed payback is off the recomputed one (None when not known)."""

    bands: Mapping[str, int | None]
    claim_deviation: float | None


NO_FIGURES = CaseFigures({}, None)
DEFAULT_RULE = VerdictRule.from_parameters({})


def _too_many_gaps(findings: list[Finding], rule: VerdictRule, figures: CaseFigures) -> list[str]:
    """Why open gaps without a blocker still make the verdict not ready (empty when they
    do not): each clause of `VerdictRule`, said with the gaps it counts."""
    reasons = []
    high = [f.check for f in findings if f.severity == "high" and f.status in BLOCKING]
    if len(high) > rule.max_open_highs:
        reasons.append(
            f"{len(high)} high-severity gaps open, more than the {rule.max_open_highs} a "
            f"conditional verdict carries ({list_ids(high)})"
        )
    weak = sorted(d for d, b in figures.bands.items() if b is not None and b <= rule.weak_band)
    if len(weak) > rule.max_weak_dimensions:
        reasons.append(
            f"{len(weak)} dimensions at band {rule.weak_band} or below ({', '.join(weak)}), "
            f"more than {rule.max_weak_dimensions}"
        )
    status = {f.check: f.status for f in findings}
    off = figures.claim_deviation
    if (
        all(status.get(check) in BLOCKING for check in STRESS_AND_CLAIM)
        and off is not None
        and off > rule.claim_deviation
    ):
        reasons.append(
            f"the business case fails its own stress (FE-04) and its claimed payback is "
            f"{off:.0%} off the recomputed one (FE-09; more than {rule.claim_deviation:.0%})"
        )
    return reasons


def decide(
    findings: Iterable[Finding],
    level: int,
    required_level: int,
    rule: VerdictRule | None = None,
    figures: CaseFigures = NO_FIGURES,
) -> Verdict:
    """The verdict of `verdict` without its reason: what the path to ready re-scores many
    times (the reason costs a band per dimension)."""
    blocking = [f for f in findings if f.status in BLOCKING]
    return decide_counted(
        open_blockers=sum(f.severity == "blocker" for f in blocking),
        open_highs=sum(f.severity == "high" for f in blocking),
        stress_and_claim_fail={f.check for f in blocking} >= STRESS_AND_CLAIM,
        level=level,
        required_level=required_level,
        rule=rule or DEFAULT_RULE,
        figures=figures,
    )


def decide_counted(
    *,
    open_blockers: int,
    open_highs: int,
    stress_and_claim_fail: bool,
    level: int,
    required_level: int,
    rule: VerdictRule,
    figures: CaseFigures,
) -> Verdict:
    """`decide` from what it counts: the path to ready keeps the counts as it closes gaps,
    instead of reading every finding again for each set it tries."""
    weak = sum(1 for b in figures.bands.values() if b is not None and b <= rule.weak_band)
    off = figures.claim_deviation
    if (
        open_blockers
        or open_highs > rule.max_open_highs
        or weak > rule.max_weak_dimensions
        or (stress_and_claim_fail and off is not None and off > rule.claim_deviation)
    ):
        return "not_ready"
    if level < required_level or open_highs:
        return "conditional"
    return "ready"


def verdict(
    findings: Iterable[Finding],
    level: int,
    required_level: int,
    rule: VerdictRule | None = None,
    figures: CaseFigures = NO_FIGURES,
) -> tuple[Verdict, str]:
    """not_ready if a blocker fails or is missing, or the open gaps are more than a short list
    of conditions (`VerdictRule`); ready if the level is reached and no high-severity check
    fails or is missing; otherwise conditional (`decide`). With the reason why: for a level
    below the required one, the dimensions and the gaps that hold it there."""
    findings = list(findings)
    blockers = [f.check for f in findings if f.severity == "blocker" and f.status in BLOCKING]
    if blockers:
        return "not_ready", f"blocker{'s' if len(blockers) > 1 else ''} not met: " + list_ids(
            blockers
        )
    too_many = _too_many_gaps(findings, rule or DEFAULT_RULE, figures)
    if too_many:
        return "not_ready", "more than a short list of conditions: " + "; ".join(too_many)
    high = [f.check for f in findings if f.severity == "high" and f.status in BLOCKING]
    if level < required_level:
        return "conditional", (
            f"readiness level {level} is below the required {required_level}"
            + _held_by(findings, required_level)
        )
    if high:
        return "conditional", "high-severity gaps remain: " + list_ids(high)
    return "ready", (
        f"readiness level {level} meets the required {required_level}; "
        "no blocker or high-severity gap"
    )


def _held_by(findings: list[Finding], required_level: int) -> str:
    """`: baseline held back by BL-06, BL-08` for each dimension below the required level."""
    by_dimension: dict[str, list[Finding]] = {}
    for finding in findings:
        by_dimension.setdefault(finding.dimension, []).append(finding)
    parts = []
    for dimension, mine in by_dimension.items():
        reached = band(mine)
        if reached is None or reached >= required_level:
            continue
        gaps = holding_back(mine, min(reached + 1, required_level))
        if gaps:
            parts.append(f"{dimension} held back by {list_ids([f.check for f in gaps])}")
    return f" ({'; '.join(parts)})" if parts else ""


# An improve-list gap on a check this many levels or more above the required level is set
# aside while the project is below the required level: level-5 (Governed) gaps before level 3.
SET_ASIDE_LEVELS_ABOVE_REQUIRED = 2


def set_aside(findings: Iterable[Finding], level: int, required_level: int) -> list[Finding]:
    """The findings, with `set_aside` on the improve-list gaps that are noise for now.

    While a project is below the required level (default 3), the gaps that matter are those
    between it and that level; a medium or low gap on a check two or more levels above the
    required one (level 5, Governed: owners, reviews, change control) is advice for a project
    already funded. It never counts for the verdict or the path to ready (those need the required
    level, and only blocker and high gaps above it), so the human reports name how many were set
    aside, in one line, instead of listing each; the machine formats keep every one, marked. The
    rule reads the level, not the verdict: a project at level 3 that is not ready for another
    reason (many high gaps) has reached the rung where governance is the next step.
    """
    threshold = required_level + SET_ASIDE_LEVELS_ABOVE_REQUIRED
    return [
        replace(finding, set_aside=True)
        if level < required_level
        and finding.status in GAP_STATUSES
        and bucket(finding.severity) == "improve"
        and finding.level >= threshold
        else finding
        for finding in findings
    ]


def set_aside_line(gaps: Iterable[Finding], required_level: int) -> str:
    """One line for the gaps set aside: how many, of which level, until when, and which;
    empty when none is."""
    aside = [gap for gap in gaps if gap.set_aside]
    if not aside:
        return ""
    levels = sorted({gap.level for gap in aside})
    named = " and ".join(f"{lvl} ({BAND_NAMES.get(lvl, lvl)})" for lvl in levels)
    plural = "s" if len(aside) != 1 else ""
    return (
        f"{len(aside)} gap{plural} of level {named} set aside until level {required_level} is "
        f"reached: {', '.join(gap.check for gap in aside)}"
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


class LossCosts:
    """The cost of each loss and their total, read once per assessment: gap ranking asks for
    the impact of every gap, and a project may list tens of thousands of costed losses."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        baseline = data.get("baseline")
        losses = baseline.get("losses") if isinstance(baseline, dict) else None
        self.losses: list[Any] = losses if isinstance(losses, list) else []
        self.costs: dict[Any, float] = {
            loss.get("id"): float(loss["annual_cost"])
            for loss in self.losses
            if isinstance(loss, dict) and isinstance(loss.get("annual_cost"), int | float)
        }
        self.total = sum(self.costs.values()) if isinstance(losses, list) else 0.0


def impact(finding: Finding, data: Mapping[str, Any], costs: LossCosts | None = None) -> float:
    """1 + the share of the cost of losses that the finding's loss carries (1.0 if unknown).

    A gap on a loss item, or on a benefit naming it, weighs more the more that loss costs.
    `costs` is the table read once for all of a project's gaps (read here when not given).
    """
    table = costs if costs is not None else LossCosts(data)
    if not table.total:
        return 1.0
    losses = table.losses
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
    return 1.0 + table.costs.get(loss_id, 0.0) / table.total


def prioritise(
    findings: list[Finding],
    weights: Mapping[str, float],
    data: Mapping[str, Any],
    as_of: date,
    priorities: Mapping[str, float] | None = None,
) -> list[Finding]:
    """Priority and bucket on every gap; gaps first by bucket and priority, then the rest.

    priority = severity weight x impact x urgency / effort, times the project's own priority for
    the gap's dimension (`project.priorities`, 1 when not given): a team may order its own gaps,
    but the buckets (blockers first) and every score stay the programme's.
    """
    due = urgency(data, as_of)
    costs = LossCosts(data)
    own = priorities or {}
    ranked = []
    for finding in findings:
        if finding.status in GAP_STATUSES:
            weight = weights[finding.check]
            preference = _preference(own.get(finding.dimension))
            priority = round(
                weight * impact(finding, data, costs) * due * preference / max(finding.effort, 1), 2
            )
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


def _preference(value: Any) -> float:
    """A project's priority for a dimension, kept to 0-10 (the schema allows any number)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return 1.0
    return min(max(float(value), 0.0), 10.0)
