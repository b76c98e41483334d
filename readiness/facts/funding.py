"""Funding facts (rubrics/funding.yaml): the problem's size, benefits per loss, paybacks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    absent,
    as_bool,
    as_date,
    as_number,
    as_strings,
    as_text,
    index_by_id,
    items_at,
    items_lacking,
    json_pointer,
    key_path,
    label,
    list_at,
    named_list,
    safe_ratio,
    section,
)
from readiness.facts.payback import (
    payback,
    payback_claim,
    phases_capex,
    sensitivity_payback,
    stressed_payback,
)
from readiness.vocabulary import STRONG_EVIDENCE, strongest_grade


def problem_quantified(inputs: FactInputs) -> Fact | None:
    """The problem's stated annual impact against the cost of the baseline losses it names.

    Funders score a quantified problem tied to measured losses; an impact larger than the losses
    it names was not built from the baseline. A problem stated only in words is not evidenced:
    the fact names `problem.annual_impact` as the key to add.
    """
    problem = section(inputs.data, "problem")
    if problem is None:
        return absent(("/problem",), ("problem.annual_impact", "problem.losses"))
    impact = as_number(problem.get("annual_impact"))
    if impact is None:
        return absent(("/problem",), ("problem.annual_impact",))
    losses = index_by_id(items_at(section(inputs.data, "baseline"), "losses"))
    named = as_strings(problem.get("losses"))
    value: dict[str, Any] = {"annual_impact": impact, "losses_named": len(named)}
    costs = [as_number(losses.get(loss_id, {}).get("annual_cost")) for loss_id in named]
    if named and all(cost is not None for cost in costs):
        cost_named = sum(cost or 0 for cost in costs)
        value["cost_of_losses_named"] = cost_named
        if cost_named > 0:
            ratio = safe_ratio(impact, cost_named)
            if ratio is not None:
                value["ratio"] = ratio
    return Fact(value, ("/problem/annual_impact", "/problem"))


def _losses_by_id(data: Mapping[str, Any]) -> dict[str, tuple[int, Mapping[str, Any]]]:
    """Each baseline loss by id, with its index in baseline.losses (the first of a duplicate)."""
    found: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for k, loss in items_at(section(data, "baseline"), "losses"):
        if (loss_id := as_text(loss.get("id"))) is not None:
            found.setdefault(loss_id, (k, loss))
    return found


def benefits_over_loss(inputs: FactInputs) -> Fact | None:
    """Benefits that name no loss, and losses whose claimed benefits exceed their cost.

    You cannot save more than a loss costs, and a benefit tied to no measured loss cannot be
    checked at all: both are projections rather than numbers built from the baseline. A benefit
    without an amount, or one set against a loss nobody costed, leaves the sum unknown: the fact
    names the amounts to add.
    """
    case = section(inputs.data, "business_case")
    if list_at(case, "benefits") is None:
        return absent(("/business_case",), ("business_case.benefits",))
    benefits = items_at(case, "benefits")
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}

    def add(entry: dict[str, Any], k: int) -> None:
        item_sources[json_pointer(len(entries))] = json_pointer("business_case", "benefits", k)
        entries.append(entry)

    for k, benefit in benefits:
        if as_text(benefit.get("loss")) is None:
            entry: dict[str, Any] = {"benefit": _benefit_label(benefit, k)}
            if (amount := as_number(benefit.get("annual"))) is not None:
                entry["claimed"] = amount
            add(entry, k)
    if entries:  # a benefit tied to nothing fails whatever the amounts
        return Fact(entries, ("/business_case/benefits",), item_sources)
    losses = _losses_by_id(inputs.data)
    needs: list[str] = []
    where: list[str] = []
    first_benefit: dict[str, tuple[int, Mapping[str, Any]]] = {}
    claimed: dict[str, float] = {}
    for k, benefit in benefits:
        loss_id = str(benefit["loss"])
        first_benefit.setdefault(loss_id, (k, benefit))
        amount = as_number(benefit.get("annual"))
        if amount is None:
            needs.append(key_path("business_case", "benefits", k, "annual"))
            where.append(json_pointer("business_case", "benefits", k))
            continue
        claimed[loss_id] = claimed.get(loss_id, 0) + amount
    costs: dict[str, float] = {}
    for loss_id in first_benefit:
        if loss_id not in losses:  # a dangling id is a validation error; nothing to weigh here
            continue
        at, loss = losses[loss_id]
        cost = as_number(loss.get("annual_cost"))
        if cost is None:
            needs.append(key_path("baseline", "losses", at, "annual_cost"))
            where.append(json_pointer("baseline", "losses", at))
        else:
            costs[loss_id] = cost
    if needs:
        return absent((*where, "/business_case/benefits"), needs)
    for loss_id, total in claimed.items():
        if loss_id in costs and total > costs[loss_id]:
            k, benefit = first_benefit[loss_id]
            add(
                {
                    "benefit": _benefit_label(benefit, k),
                    "loss": loss_id,
                    "claimed": total,
                    "loss_cost": costs[loss_id],
                },
                k,
            )
    return Fact(entries, ("/business_case/benefits",), item_sources)


def _benefit_label(benefit: Mapping[str, Any], index: int) -> str:
    """`benefit #2 (weld-rework)`: benefits have no id, so their place and loss name them."""
    loss_id = as_text(benefit.get("loss"))
    return f"benefit #{index + 1}" + (f" ({loss_id})" if loss_id is not None else "")


def benefit_evidence(inputs: FactInputs) -> Fact | None:
    """How much of the benefit money rests on losses costed from measured or documented evidence
    that can be found, and which benefits rest on estimates, assertions or nothing.

    A benefit is only as good as the loss it is cut from: capped at the cost of a loss that a
    vendor's workbook estimated, it is still an estimate. The grade of a loss is the strongest
    evidence it cites that counts (`facts.common.EvidenceEntry.counts`).
    """
    case = section(inputs.data, "business_case")
    if list_at(case, "benefits") is None:
        return absent(("/business_case",), ("business_case.benefits",))
    benefits = items_at(case, "benefits")
    unpriced = [k for k, benefit in benefits if as_number(benefit.get("annual")) is None]
    if unpriced:
        return items_lacking(("business_case", "benefits"), unpriced, "annual")
    losses = _losses_by_id(inputs.data)
    register = inputs.evidence
    total = strong = 0.0
    weak: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    for k, benefit in benefits:
        amount = as_number(benefit.get("annual")) or 0.0
        total += amount
        loss_id = as_text(benefit.get("loss"))
        _, loss = losses.get(loss_id, (0, {})) if loss_id is not None else (0, {})
        kinds = {
            entry.kind
            for evidence_id in as_strings(loss.get("evidence"))
            if (entry := register.get(evidence_id)) is not None and entry.counts
        }
        grade = strongest_grade(kinds)
        if grade in STRONG_EVIDENCE:
            strong += amount
            continue
        item_sources[json_pointer("weak", len(weak))] = json_pointer("business_case", "benefits", k)
        weak.append(
            {
                "benefit": _benefit_label(benefit, k),
                "annual": amount,
                "grade": f"{grade} evidence only"
                if grade is not None
                else "no evidence that can be found"
                if loss_id in losses
                else "nothing: it names no baseline loss",
            }
        )
    value = {"share": (safe_ratio(strong, total) or 0.0) if total > 0 else 1.0, "weak": weak}
    return Fact(value, ("/business_case/benefits",), item_sources)


def benefit_delivery(inputs: FactInputs) -> Fact | None:
    """Benefits claimed on a loss that no component of the solution addresses.

    A benefit materialises only if something in the solution acts on its loss; money claimed on a
    loss nothing addresses is a hope written into the business case.
    """
    case = section(inputs.data, "business_case")
    solution = section(inputs.data, "solution")
    needs = [
        key
        for key, node, name in (
            ("business_case.benefits", case, "benefits"),
            ("solution.components", solution, "components"),
        )
        if list_at(node, name) is None
    ]
    if needs:
        return absent(("/business_case", "/solution"), needs)
    addressed = {
        loss_id
        for _, component in items_at(solution, "components")
        for loss_id in as_strings(component.get("addresses"))
    }
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    for k, benefit in items_at(case, "benefits"):
        loss_id = as_text(benefit.get("loss"))
        if loss_id is not None and loss_id not in addressed:
            item_sources[json_pointer(len(entries))] = json_pointer("business_case", "benefits", k)
            entries.append({"benefit": _benefit_label(benefit, k), "loss": loss_id})
    return Fact(entries, ("/business_case/benefits",), item_sources)


def benefits_realisation(inputs: FactInputs) -> Fact | None:
    """Benefits without an owner after go-live, or without a date by which they are realised.

    A benefit nobody owns after the project team leaves is never measured, and one with no date
    can always be "next year": a realisation plan gives each an owner and a date.
    """
    case = section(inputs.data, "business_case")
    if list_at(case, "benefits") is None:
        return absent(("/business_case",), ("business_case.benefits",))
    benefits = items_at(case, "benefits")

    def without(key: str, check: Callable[[Any], Any]) -> tuple[list[str], dict[str, str]]:
        return named_list(
            (
                (_benefit_label(benefit, k), json_pointer("business_case", "benefits", k))
                for k, benefit in benefits
                if check(benefit.get(key)) is None
            ),
            f"without_{key}",
        )

    without_owner, owner_sources = without("owner", as_text)
    without_date, date_sources = without("realised_by", as_date)
    value = {
        "benefits": len(benefits),
        "without_owner": without_owner,
        "without_realised_by": without_date,
    }
    return Fact(value, ("/business_case/benefits",), {**date_sources, **owner_sources})


def phasing(inputs: FactInputs) -> Fact | None:
    """How many phases there are, which lack capex or a gate, and phase one's share of capex.

    Phases with gates let a funder stop after a cheap first step; a phase without capex or a gate
    is a plan in name only, and a first phase that spends most of the money is not a pilot.
    """
    business_case = section(inputs.data, "business_case")
    if list_at(business_case, "phases") is None:
        return absent(("/business_case",), ("business_case.phases",))
    phases = items_at(business_case, "phases")
    capex = as_number((business_case or {}).get("capex"))
    if capex is None and phases:
        return absent(("/business_case",), ("business_case.capex",))

    def names(
        missing: Callable[[Mapping[str, Any]], bool], key: str
    ) -> tuple[list[str], dict[str, str]]:
        return named_list(
            (
                (label(phase, "name", "phase", k), json_pointer("business_case", "phases", k))
                for k, phase in phases
                if missing(phase)
            ),
            key,
        )

    without_capex, capex_sources = names(
        lambda p: as_number(p.get("capex")) is None, "without_capex"
    )
    without_gate, gate_sources = names(lambda p: as_text(p.get("gate")) is None, "without_gate")
    value: dict[str, Any] = {
        "phases": len(phases),
        "without_capex": without_capex,
        "without_gate": without_gate,
    }
    first_capex = as_number(phases[0][1].get("capex")) if phases and phases[0][0] == 0 else None
    if capex is not None and capex > 0 and first_capex is not None:
        value["first_phase_share"] = first_capex / capex
        # A first phase that is itself a large part of the scope (the pilot is one of two
        # machines) may take as large a part of the capex: what it takes beyond its share of
        # the assets is what a front-loaded plan shows (issue 15).
        assets = [as_number(phase.get("assets")) for _, phase in phases]
        known = [a for a in assets if a is not None and a > 0]
        if assets[0] is not None and assets[0] > 0 and len(known) == len(assets):
            share = assets[0] / sum(known)
            value["first_phase_asset_share"] = share
            value["first_phase_over_scope"] = value["first_phase_share"] - share
    return Fact(value, ("/business_case/phases",), {**capex_sources, **gate_sources})


def capex_parts(inputs: FactInputs) -> Fact | None:
    """The capex total beside what its phases spend, and by how much the total falls short.

    A total is the sum of its parts or more (contingency, shared costs); a total below its
    parts has been lowered, or the phases double-count. Either way the case is not one number:
    in a gate where the author is gated, the headline total can be edited to open it.
    """
    case = section(inputs.data, "business_case")
    capex = as_number((case or {}).get("capex"))
    phases = items_at(case, "phases")
    needs = [] if capex is not None else ["business_case.capex"]
    needs += [
        key_path("business_case", "phases", k, "capex")
        for k, phase in phases
        if as_number(phase.get("capex")) is None
    ]
    if not phases:
        needs.append("business_case.phases[].capex")
    spent = phases_capex(case)
    if needs or capex is None or spent is None:
        return absent(("/business_case/phases", "/business_case"), needs)
    value = {"capex": capex, "phases_capex": spent, "shortfall": max(spent - capex, 0.0)}
    return Fact(value, ("/business_case/capex", "/business_case"))


def additionality(inputs: FactInputs) -> Fact | None:
    """What happens without the grant, and whether a reason is given.

    A grant is additional only if the project would not happen, or not as soon or as fully,
    without it; the answer needs a reason a funder can test.
    """
    funding = section(inputs.data, "funding")
    counterfactual = as_text((funding or {}).get("counterfactual"))
    if counterfactual is None:
        return absent(("/funding",), ("funding.counterfactual", "funding.counterfactual_reason"))
    value: dict[str, Any] = {"counterfactual": counterfactual}
    if (reason := as_text((funding or {}).get("counterfactual_reason"))) is not None:
        value["counterfactual_reason"] = reason
    return Fact(value, ("/funding/counterfactual", "/funding"))


def grant(inputs: FactInputs) -> Fact | None:
    """Grant intensity (requested / eligible cost), headroom under the scheme's rate, match funding.

    A bid above the maximum intervention rate, or without secured and evidenced match funding,
    fails eligibility however good the project is. Without the rate or a word on the match
    funding the bid cannot be checked: the fact names what to add.
    """
    funding = section(inputs.data, "funding") or {}
    figures = {
        key: as_number(funding.get(key))
        for key in ("grant_requested", "eligible_cost", "max_intervention_rate")
    }
    match_secured = as_bool(funding.get("match_secured"))
    needs = [key_path("funding", key) for key, figure in figures.items() if figure is None]
    if match_secured is None:
        needs.append("funding.match_secured")
    if needs:
        return absent(("/funding",), needs)
    requested, eligible, max_rate = (figures[k] or 0.0 for k in figures)
    intensity = safe_ratio(requested, eligible)
    if intensity is None:  # an eligible cost of zero: the rate cannot be met
        return absent(("/funding/eligible_cost", "/funding"), ("funding.eligible_cost",))
    value: dict[str, Any] = {
        "intensity": intensity,
        "max_rate": max_rate,
        "headroom": max_rate - intensity,
        "match_secured": match_secured,
        "match_evidence": len(as_strings(funding.get("match_evidence"))),
    }
    return Fact(value, ("/funding/grant_requested", "/funding"))


def risk_register(inputs: FactInputs) -> Fact | None:
    """How many risks, in which categories, and which have no owner or no mitigation.

    An unowned risk is nobody's job; a register without integration and people risks has missed
    the two reasons pilots most often fail to scale. A risk without a description is still a
    risk, named `risk #n`.
    """
    if list_at(inputs.data, "risks") is None:
        return absent(("",), ("risks",))
    risks = items_at(inputs.data, "risks")

    def texts(missing_key: str, value_key: str) -> tuple[list[str], dict[str, str]]:
        return named_list(
            (
                (label(risk, "risk", "risk", k), json_pointer("risks", k))
                for k, risk in risks
                if as_text(risk.get(missing_key)) is None
            ),
            value_key,
        )

    unowned, owner_sources = texts("owner", "unowned")
    unmitigated, mitigation_sources = texts("mitigation", "unmitigated")
    categories = sorted(
        {c for _, risk in risks if (c := as_text(risk.get("category"))) is not None}
    )
    value = {
        "count": len(risks),
        "categories": categories,
        "unowned": unowned,
        "unmitigated": unmitigated,
    }
    return Fact(value, ("/risks",), {**owner_sources, **mitigation_sources})


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("problem_quantified", problem_quantified),
    ("benefits_over_loss", benefits_over_loss),
    ("benefit_delivery", benefit_delivery),
    ("benefit_evidence", benefit_evidence),
    ("benefits_realisation", benefits_realisation),
    ("phasing", phasing),
    ("capex_parts", capex_parts),
    ("payback", payback),
    ("stressed_payback", stressed_payback),
    ("sensitivity_payback", sensitivity_payback),
    ("payback_claim", payback_claim),
    ("additionality", additionality),
    ("grant", grant),
    ("risk_register", risk_register),
)
