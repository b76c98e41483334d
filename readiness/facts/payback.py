"""Payback facts (rubrics/funding.yaml): the payback recomputed from the case's own figures,
stressed for overrun and late delivery, with benefits short, and set against the claim.

Split from `facts/funding.py` so that each module stays readable; the funding pack's registry
lists these facts with the rest.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from readiness.facts.common import (
    Fact,
    FactInputs,
    absent,
    as_date,
    as_number,
    items_at,
    json_pointer,
    key_path,
    list_at,
    param_number,
    safe_ratio,
    section,
)
from readiness.record import Record


def phases_capex(case: Mapping[str, Any] | None) -> float | None:
    """What the phases spend in all (None unless every phase states its capex)."""
    phases = items_at(case, "phases")
    costs = [as_number(phase.get("capex")) for _, phase in phases]
    if not costs or any(cost is None for cost in costs):
        return None
    return sum(cost for cost in costs if cost is not None)


class _PaybackInputs(Record):
    capex: float
    benefits: float
    opex: float
    ramp_months: float
    horizon: float


def _payback_inputs(inputs: FactInputs) -> _PaybackInputs | Fact:
    """The figures a payback is computed from, or an absent fact naming those not given.

    Every benefit needs its amount: a benefit without one is not a benefit of zero.
    """
    case = section(inputs.data, "business_case")
    if case is None:
        return absent(
            ("/business_case",),
            (
                "business_case.capex",
                "business_case.opex_per_year",
                "business_case.ramp_months",
                "business_case.benefits",
            ),
        )
    figures = {key: as_number(case.get(key)) for key in ("capex", "opex_per_year", "ramp_months")}
    needs = [key_path("business_case", key) for key, figure in figures.items() if figure is None]
    where = ["/business_case"]
    if list_at(case, "benefits") is None:
        needs.append("business_case.benefits")
    benefits = 0.0
    for k, benefit in items_at(case, "benefits"):
        amount = as_number(benefit.get("annual"))
        if amount is None:
            needs.append(key_path("business_case", "benefits", k, "annual"))
            where.insert(len(where) - 1, json_pointer("business_case", "benefits", k))
        else:
            benefits += amount
    if needs:
        return absent(where, needs)
    horizon = as_number(case.get("horizon_years"))
    if horizon is None:
        horizon = param_number(inputs.params, "horizon_default_years")
    # The case's own parts bound its total: a capex lowered below what its phases spend is
    # paid back on what the phases spend (FE-10 must not pass on an edited total).
    spent = phases_capex(case)
    return _PaybackInputs(
        capex=max(figures["capex"] or 0.0, spent or 0.0),
        benefits=benefits,
        opex=figures["opex_per_year"] or 0.0,
        ramp_months=figures["ramp_months"] or 0.0,
        horizon=horizon,
    )


def _payback_fact(
    *, capex: float, net: float, ramp_months: float, horizon: float, delay_months: float = 0.0
) -> Fact:
    """years = capex / net + half the ramp (+ any delay before benefits start), rounded once to
    the tenth of a year the reports show; never paying back when net benefit is not positive.

    The horizon is judged on the rounded figure: a report must not print "5.0 years" beside
    "beyond the 5-year horizon" (a stressed 5.03 did), and a tenth of a year (five weeks) is
    finer than any business case's inputs are known to.
    """
    value: dict[str, Any] = {}
    pays_back = False
    if net > 0:
        # Rounded once, here: the table, the JSON, every message and the judgement use it.
        years = math.floor((capex / net + ramp_months / 24 + delay_months / 12) * 10 + 0.5) / 10
        value["years"] = years
        value["margin_years"] = round(horizon - years, 1)
        pays_back = value["margin_years"] >= 0
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
    if isinstance(found, Fact):
        return found
    return _payback_fact(
        capex=found.capex,
        net=found.benefits - found.opex,
        ramp_months=found.ramp_months,
        horizon=found.horizon,
    )


_DAYS_PER_MONTH = 365.25 / 12


def _delivery_months(case: Mapping[str, Any]) -> float | None:
    """How long the rollout takes before full benefits, in months: from the earliest phase
    `start` to the latest phase `go_live` (a phase's `start` where it has none). None when the
    phases give no such span (no dated phase, or one date only)."""
    starts, ends = [], []
    for _, phase in items_at(case, "phases"):
        start = as_date(phase.get("start"))
        end = as_date(phase.get("go_live")) or start
        if start is not None:
            starts.append(start)
        if end is not None:
            ends.append(end)
    if not starts or not ends or max(ends) <= min(starts):
        return None
    return (max(ends) - min(starts)).days / _DAYS_PER_MONTH


def stressed_payback(inputs: FactInputs) -> Fact | None:
    """Payback with capex and schedule uplifted (Green Book optimism bias); capex and ramp as used.

    Integration and ramp-up arrive late and over budget: "five years becomes ten". A case that
    only works on its own optimistic figures is not ready to scale. The uplift applies to the base
    estimate, so a contingency already in the capex (business_case.contingency_pct) counts
    against it, but only up to `contingency_credit_cap` (default 20 %): a declared contingency is
    the author's word, and declaring 50 % must not switch the stress test off.
    stressed capex = capex x (1 + uplift) / (1 + min(contingency, cap)), never below capex.

    A late schedule delays the benefits (the Green Book's duration uplift is on the works): they
    start `schedule_uplift` x the delivery time late, the delivery time running from the first
    phase's start to the last phase's go-live (`schedule_basis: phases`); with no such dates the
    ramp is the only schedule the case states and stands in for it (`schedule_basis: ramp`). The
    ramp itself is stretched by the same uplift.
    """
    found = _payback_inputs(inputs)
    if isinstance(found, Fact):
        return found
    case = section(inputs.data, "business_case") or {}
    declared = max(as_number(case.get("contingency_pct")) or 0.0, 0.0) / 100
    credited = min(declared, max(param_number(inputs.params, "contingency_credit_cap"), 0.0))
    uplift = param_number(inputs.params, "capex_uplift")
    capex_factor = max((1 + uplift) / (1 + credited), 1.0)
    schedule_factor = 1 + param_number(inputs.params, "schedule_uplift")
    delivery = _delivery_months(case)
    schedule = delivery if delivery is not None else found.ramp_months
    delay = max(schedule * (schedule_factor - 1), 0.0)
    fact = _payback_fact(
        capex=found.capex * capex_factor,
        net=found.benefits - found.opex,
        ramp_months=found.ramp_months * schedule_factor,
        horizon=found.horizon,
        delay_months=delay,
    )
    fact.value.update(
        capex_uplift=uplift,
        contingency_declared=declared,
        contingency_credited=credited,
        capex_uplift_applied=capex_factor - 1,
        schedule_uplift_applied=schedule_factor - 1,
        schedule_basis="phases" if delivery is not None else "ramp",
        schedule_months=schedule,
        benefit_delay_months=delay,
    )
    return fact


def sensitivity_payback(inputs: FactInputs) -> Fact | None:
    """Payback with benefits cut by the shortfall parameter; net_annual_benefit is the reduced one.

    Benefits are the least certain number in a business case; a case that fails when they fall
    short by a third rests on a forecast, not a margin. No stress on capex or schedule here: this
    is a second, separate scenario.
    """
    found = _payback_inputs(inputs)
    if isinstance(found, Fact):
        return found
    shortfall = param_number(inputs.params, "benefit_shortfall")
    net = found.benefits * (1 - shortfall) - found.opex
    fact = _payback_fact(
        capex=found.capex, net=net, ramp_months=found.ramp_months, horizon=found.horizon
    )
    fact.value["benefit_shortfall"] = shortfall
    return fact


def payback_claim(inputs: FactInputs) -> Fact | None:
    """The claimed payback beside the recomputed one, and their relative deviation.

    A claim far from what the case's own numbers give means the claim was not built from them.
    """
    claimed = as_number((section(inputs.data, "business_case") or {}).get("claimed_payback_years"))
    if claimed is None:
        return absent(("/business_case",), ("business_case.claimed_payback_years",))
    computed = payback(inputs)
    if computed is None or computed.value is None:
        return computed
    value: dict[str, Any] = {"claimed": claimed}
    years = computed.value.get("years")
    if years is not None:
        value["computed"] = years
        deviation = safe_ratio(abs(claimed - years), years)
        if deviation is not None:
            value["deviation"] = deviation
    return Fact(value, ("/business_case/claimed_payback_years",))
