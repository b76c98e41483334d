"""The assessment pipeline as one call: load, validate, derive facts, evaluate, waive, score.

`assess_path` is what the CLI and other tools use; `assess_document` is the pure core for data
already loaded. Both raise InputError (exit 2) for a project or pack that cannot be used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from readiness import __version__
from readiness.case_file import case_file
from readiness.engine import Subject, evaluate
from readiness.errors import Diagnostic, InputError, ProblemsLeftOut, sort_and_cap
from readiness.facts import DEFAULT_PARAMETERS, Fact, derive_facts
from readiness.facts.common import RefLookup
from readiness.loader import DEFAULT_MAX_BYTES, Document, load_file
from readiness.model import (
    GAP_STATUSES,
    Assessment,
    BusinessCase,
    EvidenceItem,
    Finding,
    Payback,
    Verdict,
)
from readiness.path_to_ready import State, gap_bit, plan_path
from readiness.repairs import Reassessment
from readiness.rubric import RubricSet, builtin_rubrics, load_rubrics
from readiness.scoring import (
    BLOCKING,
    STRESS_AND_CLAIM,
    CaseFigures,
    VerdictRule,
    band,
    closable_band,
    decide,
    decide_counted,
    lowest_band,
    overall_score,
    prioritise,
    readiness_level,
    score_dimensions,
    set_aside,
    verdict,
)
from readiness.validate import validate_document
from readiness.waivers import WaiverPolicy, apply_waivers, read_waivers, unknown_check_problems

DEFAULT_REQUIRED_LEVEL = 3


def assess_document(
    document: Document,
    *,
    as_of: date,
    rubrics: RubricSet,
    required_level: int = DEFAULT_REQUIRED_LEVEL,
    base_dir: Path | None = None,
    waiver_policy: WaiverPolicy | None = None,
    with_path: bool = True,
    refs: RefLookup | None = None,
) -> Assessment:
    """Assess a loaded project file; raise InputError if it is invalid. `with_path=False`
    leaves the path to ready out (None: "not computed"), for a caller that reads only the
    findings: the path re-assesses repaired copies and costs most of an assessment. `refs`
    shares the evidence refs looked up from `base_dir` with the caller."""
    problems = project_problems(document, rubrics)
    if problems:
        raise InputError(problems)
    waivers, _ = read_waivers(document, rubrics.severities, as_of, waiver_policy)
    data: dict[str, Any] = document.data
    reads: dict[str, frozenset[str]] = {}
    facts = derive_facts(
        data,
        as_of=as_of,
        parameters=rubrics.parameters,
        base_dir=base_dir,
        citations=document.citations,
        reads=reads,
        refs=refs if refs is not None else RefLookup(base_dir),
    )
    subject = Subject(document, facts, rubrics.parameters)
    findings = evaluate(rubrics.checks, subject, {d.id: d.applies_when for d in rubrics.dimensions})
    findings = apply_waivers(findings, waivers)
    weights = {c.id: c.weight for c in rubrics.checks}
    priorities = data.get("project", {}).get("priorities") or {}
    findings = prioritise(findings, weights, data, as_of, priorities)
    scores = score_dimensions(rubrics.dimensions, findings, weights)
    level = readiness_level(scores)
    rule = VerdictRule.from_parameters(rubrics.parameters)
    claim_off = _claim_deviation(facts)
    figures = CaseFigures({s.id: s.band for s in scores}, claim_off)
    decided, reason = verdict(findings, level, required_level, rule, figures)
    findings = set_aside(findings, level, required_level)

    confidence = facts.get("evidence_confidence")
    path = (
        plan_path(
            findings,
            required_level,
            _Rescorer(rubrics, required_level, claim_off),
            Reassessment(
                document,
                checks=rubrics.checks,
                dimension_applies={d.id: d.applies_when for d in rubrics.dimensions},
                parameters=rubrics.parameters,
                as_of=as_of,
                base_dir=base_dir,
                waivers=waivers,
            ).realise,
            State(findings=tuple(findings), data=data, facts=facts, reads=reads),
            rescore_of=lambda state: _Rescorer(
                rubrics, required_level, _claim_deviation(state.facts)
            ),
        )
        if with_path
        else None
    )
    return Assessment(
        tool_version=__version__,
        as_of=as_of.isoformat(),
        project_id=str(data["project"]["id"]),
        project_name=str(data["project"]["name"]),
        file=document.file,
        verdict=decided,
        level=level,
        required_level=required_level,
        score=overall_score(rubrics.dimensions, findings, weights),
        confidence=round(confidence.value["share"], 3) if confidence else None,
        dimensions=scores,
        findings=tuple(findings),
        packs=rubrics.packs,
        business_case=business_case(data, facts, {**DEFAULT_PARAMETERS, **rubrics.parameters}),
        waivers=tuple(waivers),
        missing_evidence_files=_missing_files(data, confidence),
        decision_date=data["project"].get("decision_date"),
        verdict_reason=reason,
        path_to_ready=path,
        evidence=_evidence_register(data, confidence),
        pack_changes=rubrics.changes,
        file_sha256=document.sha256,
        case=case_file(data),
        owner=_person(data["project"].get("owner")),
    )


def _person(entry: Any) -> str | None:
    """A person's name from `{name: ..., role: ...}` (None when not stated)."""
    name = entry.get("name") if isinstance(entry, dict) else None
    return str(name).strip() or None if name is not None else None


def project_problems(document: Document, rubrics: RubricSet) -> list[Diagnostic]:
    """Everything that stops a project from being assessed with these packs: the schema, then
    the cross-checks against the packs (a waiver naming no check in force). `validate` and
    `assess` both ask here, so a file `validate` calls valid is one `assess` accepts."""
    problems = validate_document(document)
    if any(isinstance(problem, ProblemsLeftOut) for problem in problems):
        return problems
    # Reported in the same round as the schema's problems: a waiver's check id is independent
    # of them, and a user should not have to fix the file twice to meet it.
    waivers = unknown_check_problems(document, set(rubrics.severities))
    if not (problems and waivers):
        return problems or waivers
    return sort_and_cap(document.file, problems + waivers)


def _claim_deviation(facts: Mapping[str, Any]) -> float | None:
    """How far the claimed payback is off the recomputed one (for the verdict rule)."""
    claim = facts.get("payback_claim")
    if claim is None or not isinstance(claim.value, dict):
        return None
    deviation = claim.value.get("deviation")
    return float(deviation) if isinstance(deviation, int | float) else None


class _Rescorer:
    """The verdict and level a list of findings gets: the same scoring as `assess_document`.

    The path to ready re-scores many variants that differ in a few statuses, so each
    dimension's band (all the level needs) is kept by its findings' statuses and computed once,
    and `closed` scores "these findings with these gaps closed" from counts kept per set of
    findings, without reading every finding again.
    """

    def __init__(self, rubrics: RubricSet, required_level: int, claim_off: float | None) -> None:
        self.known: dict[tuple[str, tuple[str, ...]], int | None] = {}
        self.ids = [d.id for d in rubrics.dimensions]
        self.rule = VerdictRule.from_parameters(rubrics.parameters)
        self.required_level = required_level
        self.claim_off = claim_off

    def _band(self, dimension_id: str, mine: list[Finding]) -> int | None:
        key = (dimension_id, tuple(f.status for f in mine))
        if key not in self.known:
            self.known[key] = band(mine)
        return self.known[key]

    def _by_dimension(self, findings: Sequence[Finding]) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {i: [] for i in self.ids}
        for finding in findings:
            grouped.setdefault(finding.dimension, []).append(finding)
        return grouped

    def __call__(self, candidate: list[Finding]) -> tuple[Verdict, int]:
        by_dimension = self._by_dimension(candidate)
        bands = {i: self._band(i, by_dimension[i]) for i in self.ids}
        level = lowest_band(bands.values())
        figures = CaseFigures(bands, self.claim_off)
        return decide(candidate, level, self.required_level, self.rule, figures), level

    def closed(self, findings: Sequence[Finding]) -> Callable[[int], tuple[Verdict, int]]:
        """The outcome of `findings` with some gaps closed (passing), for a mask of them
        (`path_to_ready.gap_bit`): the same as calling this on that list, in time that grows
        with the dimensions the closed gaps touch, not the findings."""
        by_dimension = self._by_dimension(findings)
        gaps = {f.check: f for f in findings if f.status in GAP_STATUSES}

        bands = {i: self._band(i, by_dimension[i]) for i in self.ids}
        blocking = [f for f in findings if f.status in BLOCKING]
        blockers = [f.check for f in blocking if f.severity == "blocker"]
        highs = [f.check for f in blocking if f.severity == "high"]
        stress_and_claim = {f.check for f in blocking} >= STRESS_AND_CLAIM

        # A dimension's share of a set of closed gaps, the key of its band, is one `&`.
        bit = gap_bit(findings)
        dimension_masks = dict.fromkeys(self.ids, 0)
        for check, finding in gaps.items():
            if finding.dimension in dimension_masks:
                dimension_masks[finding.dimension] |= bit[check]
        blocker_mask = sum(bit[c] for c in set(blockers))  # blockers and highs are gaps
        high_mask = sum(bit[c] for c in set(highs))
        stress_mask = sum(bit[c] for c in STRESS_AND_CLAIM) if stress_and_claim else 0
        blocker_count, high_count = len(blockers), len(highs)
        # Each dimension some gap belongs to: its mask, its band's rule and the bands found.
        touched: list[tuple[str, int, Callable[[int], int | None], dict[int, int | None]]] = [
            (i, dimension_masks[i], closable_band(by_dimension[i], bit), {})
            for i in self.ids
            if dimension_masks[i]
        ]

        def outcome(mask: int) -> tuple[Verdict, int]:
            now = dict(bands)
            for dimension_id, dimension_mask, closed_band, known in touched:
                mine = mask & dimension_mask
                if mine:
                    if mine not in known:
                        known[mine] = closed_band(mine)
                    now[dimension_id] = known[mine]
            level = lowest_band(now.values())
            verdict = decide_counted(
                open_blockers=blocker_count - (mask & blocker_mask).bit_count(),
                open_highs=high_count - (mask & high_mask).bit_count(),
                stress_and_claim_fail=stress_and_claim and not mask & stress_mask,
                level=level,
                required_level=self.required_level,
                rule=self.rule,
                figures=CaseFigures(now, self.claim_off),
            )
            return verdict, level

        return outcome


def business_case(
    data: dict[str, Any], facts: dict[str, Fact], parameters: dict[str, Any]
) -> BusinessCase:
    """The money view: claimed against recomputed paybacks, losses against benefits.

    A figure the file does not give is None ("not given" in every report), never 0: a deleted
    business case claims nothing, it does not claim zero.
    """
    case = data.get("business_case") or {}
    paybacks = []
    horizon = None
    for scenario, name in (
        ("computed", "payback"),
        ("stressed", "stressed_payback"),
        ("sensitivity", "sensitivity_payback"),
    ):
        fact = facts.get(name)
        if fact is None or fact.value is None:
            continue
        value = fact.value
        horizon = value["horizon_years"]
        years = value.get("years")
        paybacks.append(
            Payback(
                scenario=scenario,
                years=round(years, 2) if years is not None else None,
                horizon_years=value["horizon_years"],
                within_horizon=bool(value["pays_back"]),
                assumption=_assumption(scenario, value, parameters),
            )
        )
    costing = facts.get("loss_costing")
    figures = costing.value if costing is not None and costing.value is not None else {}
    ratio = figures.get("ratio")
    return BusinessCase(
        currency=case.get("currency"),
        horizon_years=horizon if horizon is not None else case.get("horizon_years"),
        claimed_payback_years=case.get("claimed_payback_years"),
        paybacks=tuple(paybacks),
        cost_of_losses_addressed=figures.get("cost_of_losses_addressed"),
        benefits_claimed=figures.get("benefits_claimed"),
        benefit_to_loss_ratio=round(ratio, 3) if ratio is not None else None,
    )


def _evidence_register(data: dict[str, Any], confidence: Fact | None) -> tuple[EvidenceItem, ...]:
    """The register as the reports list it (the HTML annex), each entry's file checked."""
    missing = set(confidence.value["missing_files"]) if confidence else set()
    missing |= {entry["id"] for entry in confidence.value["unchecked"]} if confidence else set()

    def text(entry: dict[str, Any], key: str) -> str | None:
        value = entry.get(key)
        return None if value is None else str(value)

    return tuple(
        EvidenceItem(
            id=str(entry["id"]),
            kind=text(entry, "kind"),
            title=text(entry, "title"),
            date=text(entry, "date"),
            ref=text(entry, "ref"),
            signed_off_by=text(entry, "signed_off_by"),
            file_missing=entry["id"] in missing,
        )
        for entry in data.get("evidence") or []
        if isinstance(entry, dict) and entry.get("id") is not None
    )


def _assumption(scenario: str, value: dict[str, Any], parameters: dict[str, Any]) -> str:
    """What a payback scenario assumed, from the rules in force, and why the uplift is what it is.

    The stress names the capex uplift it applied and, where a contingency was credited against
    the pack's uplift, how much of it (capped by `contingency_credit_cap`), and how many months
    late the schedule uplift makes the benefits, on which schedule.
    """
    if scenario == "computed":
        return "capex / (benefits - opex) + half the ramp"
    if scenario == "sensitivity":
        return f"benefits {value['benefit_shortfall']:.0%} lower, costs as planned"
    applied, uplift = value["capex_uplift_applied"], value["capex_uplift"]
    credited, declared = value["contingency_credited"], value["contingency_declared"]
    why = ""
    if credited > 0:
        capped = f", credited up to {parameters['contingency_credit_cap']:.0%}" * (
            declared > credited
        )
        why = f" (+{uplift:.0%} less the {declared:.0%} contingency{capped})"
    # The delay in months, and what it was measured on: the phases' dated rollout, or the ramp
    # where the phases give no dates (funding.stressed_payback).
    on = (
        f"rollout {value['schedule_months']:.1f} months"
        if value["schedule_basis"] == "phases"
        else f"on the {value['schedule_months']:g}-month ramp: phases undated"
    )
    late = f"benefits {value['benefit_delay_months']:.1f} months late ({on})"
    return f"capex +{applied:.0%}{why}, schedule +{value['schedule_uplift_applied']:.0%}: {late}"


def _missing_files(data: dict[str, Any], confidence: Fact | None) -> tuple[str, ...]:
    """`ref (id)` for each register entry whose file is not there, and `ref (id: why)` for each
    whose reference cannot be checked: what the user must fix."""
    if confidence is None or confidence.value is None:
        return ()
    refs = {e.get("id"): e.get("ref") for e in data.get("evidence") or [] if isinstance(e, dict)}
    found = [f"{refs.get(i)} ({i})" for i in confidence.value["missing_files"]]
    found += [
        f"{refs.get(entry['id'])} ({entry['id']}: {entry['why']})"
        for entry in confidence.value["unchecked"]
        if refs.get(entry["id"])  # an entry with no ref at all is no file to fix
    ]
    return tuple(found)


def assess_path(
    path: str | Path,
    *,
    as_of: date | None = None,
    rubric_paths: Sequence[Path] = (),
    required_level: int = DEFAULT_REQUIRED_LEVEL,
    max_bytes: int = DEFAULT_MAX_BYTES,
    display: str | None = None,
    waiver_policy: WaiverPolicy | None = None,
    rubrics: RubricSet | None = None,
) -> Assessment:
    """Load and assess a project file with the built-in packs plus any given (or with
    `rubrics` already loaded)."""
    path = Path(path)
    if rubrics is None:
        rubrics = load_rubrics(rubric_paths) if rubric_paths else builtin_rubrics()
    document = load_file(path, display=display, max_bytes=max_bytes)
    return assess_document(
        document,
        as_of=as_of or date.today(),
        rubrics=rubrics,
        required_level=required_level,
        base_dir=path.resolve().parent,
        waiver_policy=waiver_policy,
    )
