"""The plain data that flows between the stages: checks, findings, scores and the assessment.

Frozen dataclasses (`Record`, which builds them without compiling their methods at every
start), so a renderer cannot change what the engine decided, and every renderer
(`readiness/report/`) reads the same fields.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Literal

from readiness.record import Record
from readiness.vocabulary import SEVERITIES as SEVERITIES
from readiness.vocabulary import Severity as Severity

Status = Literal["pass", "partial", "fail", "missing", "waived", "not_applicable"]
Verdict = Literal["ready", "conditional", "not_ready"]

STATUSES: tuple[Status, ...] = ("pass", "partial", "fail", "missing", "waived", "not_applicable")
SEVERITY_RANK: dict[str, int] = {severity: rank for rank, severity in enumerate(SEVERITIES)}
SEVERITY_WEIGHTS: dict[str, float] = {"blocker": 10.0, "high": 7.5, "medium": 5.0, "low": 2.5}
GAP_STATUSES: frozenset[str] = frozenset({"fail", "partial", "missing"})

BAND_NAMES: dict[int, str] = {
    0: "Absent",
    1: "Stated",
    2: "Estimated",
    3: "Measured",
    4: "Verified",
    5: "Governed",
}

STATUS_WORDS: dict[str, str] = {
    "pass": "passes",
    "partial": "partly met",
    "fail": "fails",
    "missing": "not evidenced",
    "waived": "waived",
    "not_applicable": "not applicable",
}

# From worst to best: the path to ready climbs it one verdict at a time.
VERDICT_ORDER: tuple[Verdict, ...] = ("not_ready", "conditional", "ready")

VERDICT_WORDS: dict[str, str] = {
    "ready": "Ready",
    "conditional": "Conditional",
    "not_ready": "Not ready",
}

# Which list a gap belongs to: blockers before the bid or gate, high before scaling.
SEVERITY_BUCKETS: dict[str, str] = {
    "blocker": "before_gate",
    "high": "before_scaling",
    "medium": "improve",
    "low": "improve",
}

BUCKETS: dict[str, str] = {
    "before_gate": "Fix before the bid or gate",
    "before_scaling": "Fix before scaling",
    "improve": "Improve",
}

DIMENSION_ORDER: tuple[str, ...] = (
    "baseline",
    "shop_floor",
    "integration",
    "over_engineering",
    "funding",
    "knowledge",
    "traceability",
)


class Location(Record):
    """Where in a file something is: 1-based line and column."""

    file: str
    line: int
    column: int


class Condition(Record):
    """`applies_when`: a JSON Schema fragment that the value at `path` must satisfy."""

    path: str
    expect: dict[str, Any]
    when_absent: Literal["applies", "not_applicable"] = "not_applicable"


class Check(Record):
    """One rule of a rubric pack: a JSON Schema fragment tested at a JSON pointer.

    `title`, `rationale` and `remediation` are filled from the rules in force (`{expect.…}`,
    `{params.…}`); `templates` keeps the pack's text for each that quotes a rule, so a later
    pack's override is quoted too.
    """

    id: str
    pack: str
    dimension: str
    title: str
    severity: Severity
    level: int
    effort: int
    weight: float
    path: str
    expect: dict[str, Any]
    message: str
    missing: str
    rationale: str
    remediation: str
    partial: dict[str, Any] | None = None
    applies_when: Condition | None = None
    location: Location | None = None
    templates: dict[str, str] = field(default_factory=dict)


class Dimension(Record):
    """A rubric pack's dimension: its id, title, weight in the overall score and checks."""

    id: str
    title: str
    weight: float
    pack: str
    version: int
    valid_as_of: str | None
    checks: tuple[Check, ...]
    applies_when: Condition | None = None


class Waiver(Record):
    """A project's exception to one check, until a date, as the waiver policy judged it.

    `not_honoured` says why the policy refuses it ("no approver; expired on 2026-10-31"); a
    waiver that is not honoured excuses nothing. `severity` is the waived check's, in the packs
    in force.
    """

    check: str
    reason: str | None
    approved_by: str | None
    expires: str | None
    expired: bool
    location: Location
    severity: Severity | None = None
    not_honoured: str | None = None

    @property
    def honoured(self) -> bool:
        """Whether the waiver excuses its check."""
        return self.not_honoured is None


class Finding(Record):
    """The outcome of one check on one project, located on the line it looked at.

    `remediation` is what to do here: for a `missing` finding, what to add. `check_remediation`
    is the check's own advice, the same for every project (SARIF rule help); empty when the two
    are the same.
    """

    check: str
    dimension: str
    title: str
    severity: Severity
    level: int
    effort: int
    status: Status
    message: str
    pointer: str
    location: Location
    rationale: str
    remediation: str
    priority: float = 0.0
    bucket: str | None = None
    waiver: Waiver | None = None
    check_remediation: str = ""
    # An improve-list gap the human reports leave out of the list, in one line, while the
    # project is still below the required level (scoring.set_aside).
    set_aside: bool = False


class DimensionScore(Record):
    """A dimension's score (0-100) and band (0-5); both None when no check applies."""

    id: str
    title: str
    weight: float
    score: int | None
    band: int | None
    band_name: str | None
    counts: dict[str, int] = field(default_factory=dict)


class Payback(Record):
    """A payback in years under one scenario; `years` is None when it never pays back."""

    scenario: str
    years: float | None
    horizon_years: float
    within_horizon: bool
    assumption: str = ""


class BusinessCase(Record):
    """The money view shown in every report; any figure the file does not support is None."""

    currency: str | None
    horizon_years: float | None
    claimed_payback_years: float | None
    paybacks: tuple[Payback, ...]
    cost_of_losses_addressed: float | None
    benefits_claimed: float | None
    benefit_to_loss_ratio: float | None


class PackInfo(Record):
    """Which rubric pack, at which version and rules date, produced the findings."""

    id: str
    version: int
    valid_as_of: str | None
    file: str
    sha256: str | None = None


class EvidenceItem(Record):
    """One entry of the project's evidence register, as written; `file_missing` when its ref
    is a relative path to a file that is not there."""

    id: str
    kind: str | None = None
    title: str | None = None
    date: str | None = None
    ref: str | None = None
    signed_off_by: str | None = None
    file_missing: bool = False


class PathEdit(Record):
    """One computed repair to the project file: the value at `pointer` (`key` as the user
    writes it) goes from `before` to `after`, to close `check`."""

    check: str
    pointer: str
    key: str
    before: Any
    after: Any


class PathAssumption(Record):
    """A gap the path cannot repair from the file's own figures, taken as closed: what it
    assumes the user does (`assumes you collect ...`)."""

    check: str
    text: str


class PathStep(Record):
    """Gaps to close together, their total effort, and the verdict and level that closing them
    reaches: found by repairing a copy of the file and assessing it again, not guessed.

    `edits` are the computed repairs, `assumptions` the gaps taken as closed, `changes` the
    figures the step moves and the checks it reopens, in words (`payback becomes 2.9 years (was
    2.1)`, `FE-09 now fails: ...`), and `reopened` the ids of those checks.
    """

    checks: tuple[str, ...]
    effort: int
    verdict: Verdict
    level: int
    edits: tuple[PathEdit, ...] = ()
    assumptions: tuple[PathAssumption, ...] = ()
    changes: tuple[str, ...] = ()
    reopened: tuple[str, ...] = ()


class PathToReady(Record):
    """The least a project must do to be ready: one step per verdict it must climb.

    No steps and `reachable` means the project is ready already. `reachable` False means that
    closing every gap still falls short of ready (the last step says how far it gets);
    `proven_smallest` False means a step came from the bounded search's greedy fallback;
    `note` says what a bound on the search left out.
    """

    steps: tuple[PathStep, ...]
    reachable: bool
    proven_smallest: bool
    note: str = ""


PACK_CHANGE_WORDS: dict[str, str] = {
    "severity": "severity",
    "weight": "weight",
    "level": "level",
    "effort": "effort",
    "expect": "pass rule",
    "partial": "half-credit rule",
    "applies_when": "applies-when rule",
}


class PackChange(Record):
    """One way a user's pack changes the built-in packs, as it stands after every pack.

    `kind` is `check_added`, `check_replaced`, `check_disabled`, a check field (`severity`,
    `weight`, `level`, `effort`, `expect`, `partial`, `applies_when`), `parameter`,
    `dimension_added`, `dimension_weight` or `dimension_applies_when`; `effect` says whether a
    rule now passes more (`loosened`), less (`tightened`) or other (`changed`) values.
    """

    pack: str
    kind: str
    target: str
    before: str = ""
    after: str = ""
    effect: str = ""

    @property
    def summary(self) -> str:
        """One line for a person: `BL-08 pass rule loosened: {"maximum":12} → {"maximum":36}`."""
        change = f"{self.before} → {self.after}"
        if self.kind == "check_added":
            return f"{self.target} added ({self.after})"
        if self.kind == "check_replaced":
            return f"{self.target} replaced ({self.after})"
        if self.kind == "check_disabled":
            return f"{self.target} disabled"
        if self.kind == "parameter":
            if not self.before:
                return f"parameter {self.target} set to {self.after}"
            return f"parameter {self.target} {change}"
        if self.kind == "dimension_added":
            return f"dimension {self.target} added ({self.after})"
        if self.kind == "dimension_weight":
            return f"dimension {self.target} weight {change}"
        if self.kind == "dimension_applies_when":
            return f"dimension {self.target} applies-when rule {self.effect}: {change}"
        word = PACK_CHANGE_WORDS.get(self.kind, self.kind)
        if self.effect:
            return f"{self.target} {word} {self.effect}: {change}"
        return f"{self.target} {word} {change}"


class FundingAsk(Record):
    """What the bid asks a funder for, as the project file states it; `rate_asked` is the grant
    as a share of the eligible cost (None when either is missing)."""

    scheme: str | None = None
    grant_requested: float | None = None
    eligible_cost: float | None = None
    rate_asked: float | None = None
    max_rate: float | None = None
    match_secured: bool | None = None
    match_evidence: tuple[str, ...] = ()
    private_investment: float | None = None


class LossTrace(Record):
    """One baseline loss followed through the case: what it costs a year, which components of
    the solution address it, the benefit claimed on it and the strongest kind of evidence
    (`measured`, `documented`, `estimated`, `asserted`, or None: none cited) behind each.
    A benefit claimed on no baseline loss is a row of its own, with no cost."""

    loss: str
    description: str | None
    annual_cost: float | None
    components: tuple[str, ...]
    benefit: float | None
    cost_evidence: str | None
    benefit_evidence: str | None
    in_baseline: bool = True


class PilotResult(Record):
    """One KPI the pilot measured, beside the baseline KPI's target."""

    kpi: str
    name: str | None
    unit: str | None
    before: float | None
    after: float | None
    weeks: float | None
    target: float | None


class CaseFile(Record):
    """The case as the project file states it, for the page a funder signs: who and what, the
    funding ask, the losses traced to components and benefits, the baseline and the pilot."""

    site: str | None = None
    sector: str | None = None
    stage: str | None = None
    owner: str | None = None
    summary: str | None = None
    funding: FundingAsk | None = None
    losses: tuple[LossTrace, ...] = ()
    baseline_from: str | None = None
    baseline_to: str | None = None
    baseline_source: str | None = None
    oee: tuple[tuple[str, float], ...] = ()
    planned_hours: float | None = None
    pilot_criteria: tuple[str, ...] = ()
    pilot_criteria_set_on: str | None = None
    pilot_started_on: str | None = None
    pilot_results: tuple[PilotResult, ...] = ()


class Assessment(Record):
    """Everything a renderer needs: verdict, level, scores, ranked findings and the money view."""

    tool_version: str
    as_of: str
    project_id: str
    project_name: str
    file: str
    verdict: Verdict
    level: int
    required_level: int
    score: int | None
    confidence: float | None
    dimensions: tuple[DimensionScore, ...]
    findings: tuple[Finding, ...]
    packs: tuple[PackInfo, ...]
    business_case: BusinessCase
    waivers: tuple[Waiver, ...] = ()
    missing_evidence_files: tuple[str, ...] = ()
    decision_date: str | None = None
    verdict_reason: str = ""
    path_to_ready: PathToReady | None = None
    evidence: tuple[EvidenceItem, ...] = ()
    pack_changes: tuple[PackChange, ...] = ()
    # The SHA-256 of the project file's bytes and the case it states (for the funder's annex).
    file_sha256: str | None = None
    case: CaseFile | None = None
    owner: str | None = None
    # The gate's outcome, set by whoever evaluated it (the CLI) so that every report can show
    # it; None for an assessment no gate has judged. A readiness.gate.GateResult, typed Any
    # because the gate sits above the model (tests/test_layers.py).
    gate: Any = None

    @property
    def gaps(self) -> tuple[Finding, ...]:
        """Findings that need work (fail, partial, missing), highest priority first."""
        return tuple(f for f in self.findings if f.status in GAP_STATUSES)

    def next_actions(self, count: int = 3) -> tuple[Finding, ...]:
        """The first `count` gaps: what to do next."""
        return self.gaps[:count]
