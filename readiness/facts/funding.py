"""Funding facts (rubrics/funding.yaml): the problem's size, benefits per loss, paybacks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    as_number,
    as_strings,
    as_text,
    index_by_id,
    items_at,
    json_pointer,
    list_at,
    named_list,
    param_number,
    safe_ratio,
    section,
)


def problem_quantified(inputs: FactInputs) -> Fact | None:
    """The problem's stated annual impact against the cost of the baseline losses it names.

    Funders score a quantified problem tied to measured losses; an impact larger than the losses
    it names was not built from the baseline.
    """
    problem = section(inputs.data, "problem")
    if problem is None:
        return None
    losses = index_by_id(items_at(section(inputs.data, "baseline"), "losses"))
    named = as_strings(problem.get("losses"))
    impact = as_number(problem.get("annual_impact"))
    value: dict[str, Any] = {}
    if impact is not None:
        value["annual_impact"] = impact
    value["losses_named"] = len(named)
    costs = [as_number(losses.get(loss_id, {}).get("annual_cost")) for loss_id in named]
    if named and all(cost is not None for cost in costs):
        cost_named = sum(cost or 0 for cost in costs)
        value["cost_of_losses_named"] = cost_named
        if impact is not None and cost_named > 0:
            ratio = safe_ratio(impact, cost_named)
            if ratio is not None:
                value["ratio"] = ratio
    return Fact(value, ("/problem/annual_impact", "/problem"))


def benefits_over_loss(inputs: FactInputs) -> Fact | None:
    """Each loss whose claimed benefits exceed its cost, or whose cost is unknown.

    You cannot save more than a loss costs; a benefit larger than its loss, or set against a loss
    nobody costed, is a projection rather than a number built from the baseline.
    """
    benefits = items_at(section(inputs.data, "business_case"), "benefits")
    if not benefits:
        return None
    losses = index_by_id(items_at(section(inputs.data, "baseline"), "losses"))
    first_benefit: dict[str, int] = {}
    claimed: dict[str, float] = {}
    for k, benefit in benefits:
        loss_id = as_text(benefit.get("loss"))
        if loss_id is None:
            continue
        first_benefit.setdefault(loss_id, k)
        claimed[loss_id] = claimed.get(loss_id, 0) + (as_number(benefit.get("annual")) or 0)
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    for loss_id, benefit_total in claimed.items():
        cost = as_number(losses.get(loss_id, {}).get("annual_cost"))
        if cost is not None and benefit_total <= cost:
            continue
        entry: dict[str, Any] = {"loss": loss_id, "benefit": benefit_total}
        if cost is not None:
            entry["loss_cost"] = cost
        item_sources[json_pointer(len(entries))] = json_pointer(
            "business_case", "benefits", first_benefit[loss_id]
        )
        entries.append(entry)
    return Fact(entries, ("/business_case/benefits",), item_sources)


def phasing(inputs: FactInputs) -> Fact | None:
    """How many phases there are, which lack capex or a gate, and phase one's share of capex.

    Phases with gates let a funder stop after a cheap first step; a phase without capex or a gate
    is a plan in name only, and a first phase that spends most of the money is not a pilot.
    """
    business_case = section(inputs.data, "business_case")
    if list_at(business_case, "phases") is None:
        return None
    phases = items_at(business_case, "phases")

    def names(
        missing: Callable[[Mapping[str, Any]], bool], key: str
    ) -> tuple[list[str], dict[str, str]]:
        return named_list(
            (
                (as_text(phase.get("name")), json_pointer("business_case", "phases", k))
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
    capex = as_number((business_case or {}).get("capex"))
    first_capex = as_number(phases[0][1].get("capex")) if phases and phases[0][0] == 0 else None
    if capex is not None and capex > 0 and first_capex is not None:
        value["first_phase_share"] = first_capex / capex
    return Fact(value, ("/business_case/phases",), {**capex_sources, **gate_sources})


def _payback_inputs(inputs: FactInputs) -> tuple[float, float, float, float, float] | None:
    """(capex, annual benefits, opex a year, ramp months, horizon years), or None if incomplete."""
    business_case = section(inputs.data, "business_case")
    if business_case is None or list_at(business_case, "benefits") is None:
        return None
    capex = as_number(business_case.get("capex"))
    opex = as_number(business_case.get("opex_per_year"))
    ramp = as_number(business_case.get("ramp_months"))
    if capex is None or opex is None or ramp is None:
        return None
    benefits = sum(as_number(b.get("annual")) or 0 for _, b in items_at(business_case, "benefits"))
    horizon = as_number(business_case.get("horizon_years"))
    if horizon is None:
        horizon = param_number(inputs.params, "horizon_default_years")
    return capex, benefits, opex, ramp, horizon


def _payback_fact(*, capex: float, net: float, ramp_months: float, horizon: float) -> Fact:
    """years = capex / net + half the ramp; never paying back when net benefit is not positive."""
    value: dict[str, Any] = {}
    pays_back = False
    if net > 0:
        years = capex / net + ramp_months / 24
        value["years"] = years
        value["margin_years"] = horizon - years
        pays_back = horizon - years >= 0
    value["pays_back"] = pays_back
    value["horizon_years"] = horizon
    value["net_annual_benefit"] = net
    value["capex"] = capex
    value["ramp_months"] = ramp_months
    return Fact(value, ("/business_case",))


def payback(inputs: FactInputs) -> Fact | None:
    """The payback recomputed from capex, benefits, opex and ramp, against the horizon.

    A claimed payback is a number someone wanted; recomputing it from the case's own inputs (half
    the ramp counted as lost benefit) shows whether the case stands at all.
    """
    found = _payback_inputs(inputs)
    if found is None:
        return None
    capex, benefits, opex, ramp, horizon = found
    return _payback_fact(capex=capex, net=benefits - opex, ramp_months=ramp, horizon=horizon)


def stressed_payback(inputs: FactInputs) -> Fact | None:
    """Payback with capex and schedule uplifted (Green Book optimism bias); capex and ramp as used.

    Integration and ramp-up arrive late and over budget: "five years becomes ten". A case that
    only works on its own optimistic figures is not ready to scale. The uplift applies to the base
    estimate, so a contingency already in the capex (business_case.contingency_pct) counts
    against it: stressed capex = capex x (1 + uplift) / (1 + contingency), never below capex.
    """
    found = _payback_inputs(inputs)
    if found is None:
        return None
    capex, benefits, opex, ramp, horizon = found
    case = section(inputs.data, "business_case") or {}
    contingency = as_number(case.get("contingency_pct")) or 0.0
    uplift = param_number(inputs.params, "capex_uplift")
    capex_factor = max((1 + uplift) / (1 + contingency / 100), 1.0)
    schedule_factor = 1 + param_number(inputs.params, "schedule_uplift")
    fact = _payback_fact(
        capex=capex * capex_factor,
        net=benefits - opex,
        ramp_months=ramp * schedule_factor,
        horizon=horizon,
    )
    fact.value["capex_uplift_applied"] = capex_factor - 1
    return fact


def sensitivity_payback(inputs: FactInputs) -> Fact | None:
    """Payback with benefits cut by the shortfall parameter; net_annual_benefit is the reduced one.

    Benefits are the least certain number in a business case; a case that fails when they fall
    short by a third rests on a forecast, not a margin.
    """
    found = _payback_inputs(inputs)
    if found is None:
        return None
    capex, benefits, opex, ramp, horizon = found
    shortfall = param_number(inputs.params, "benefit_shortfall")
    net = benefits * (1 - shortfall) - opex
    return _payback_fact(capex=capex, net=net, ramp_months=ramp, horizon=horizon)


def payback_claim(inputs: FactInputs) -> Fact | None:
    """The claimed payback beside the recomputed one, and their relative deviation.

    A claim far from what the case's own numbers give means the claim was not built from them.
    """
    claimed = as_number((section(inputs.data, "business_case") or {}).get("claimed_payback_years"))
    computed = payback(inputs)
    if claimed is None or computed is None:
        return None
    value: dict[str, Any] = {"claimed": claimed}
    years = computed.value.get("years")
    if years is not None:
        value["computed"] = years
        deviation = safe_ratio(abs(claimed - years), years)
        if deviation is not None:
            value["deviation"] = deviation
    return Fact(value, ("/business_case/claimed_payback_years",))


def grant(inputs: FactInputs) -> Fact | None:
    """Grant intensity (requested / eligible cost), headroom under the scheme's rate, match funding.

    A bid above the maximum intervention rate, or without secured and evidenced match funding,
    fails eligibility however good the project is.
    """
    funding = section(inputs.data, "funding")
    if funding is None:
        return None
    requested = as_number(funding.get("grant_requested"))
    eligible = as_number(funding.get("eligible_cost"))
    if requested is None or eligible is None:
        return None
    intensity = safe_ratio(requested, eligible)
    if intensity is None:
        return None
    value: dict[str, Any] = {"intensity": intensity}
    max_rate = as_number(funding.get("max_intervention_rate"))
    if max_rate is not None:
        value["max_rate"] = max_rate
        value["headroom"] = max_rate - intensity
    match_secured = funding.get("match_secured")
    if isinstance(match_secured, bool):
        value["match_secured"] = match_secured
    value["match_evidence"] = len(as_strings(funding.get("match_evidence")))
    return Fact(value, ("/funding/grant_requested", "/funding"))


def risk_register(inputs: FactInputs) -> Fact | None:
    """How many risks, in which categories, and which have no owner or no mitigation.

    An unowned risk is nobody's job; a register without integration and people risks has missed
    the two reasons pilots most often fail to scale.
    """
    if list_at(inputs.data, "risks") is None:
        return None
    risks = items_at(inputs.data, "risks")

    def texts(missing_key: str, value_key: str) -> tuple[list[str], dict[str, str]]:
        return named_list(
            (
                (as_text(risk.get("risk")), json_pointer("risks", k))
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
    ("phasing", phasing),
    ("payback", payback),
    ("stressed_payback", stressed_payback),
    ("sensitivity_payback", sensitivity_payback),
    ("payback_claim", payback_claim),
    ("grant", grant),
    ("risk_register", risk_register),
)
