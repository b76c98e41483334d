"""Baseline facts (rubrics/baseline.yaml): how long, how consistent, how complete, how recent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    as_date,
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

_DAYS_PER_MONTH = 30.44  # mean Gregorian month, so "18 months" means the same in every season


def _baseline_weeks(data: Mapping[str, Any]) -> float | None:
    period = section(data, "baseline", "period")
    if period is None:
        return None
    start, end = as_date(period.get("from")), as_date(period.get("to"))
    if start is None or end is None:
        return None
    return (end - start).days / 7


def baseline_measurement(inputs: FactInputs) -> Fact | None:
    """How many weeks the baseline covers, its source, and how much of its evidence is measured.

    A baseline of a few days, or one built on estimates, cannot tell a real loss from a bad week,
    and every later number (losses, benefits, payback) is priced from it.
    """
    weeks = _baseline_weeks(inputs.data)
    baseline = section(inputs.data, "baseline")
    if weeks is None or baseline is None:
        return None
    register = index_by_id(items_at(inputs.data, "evidence"))
    cited = as_strings(baseline.get("evidence"))
    value: dict[str, Any] = {"weeks": weeks}
    source = as_text(baseline.get("source"))
    if source is not None:
        value["source"] = source
    value["measured_evidence"] = sum(
        1 for evidence_id in cited if register.get(evidence_id, {}).get("kind") == "measured"
    )
    value["cited_evidence"] = len(cited)
    return Fact(value, ("/baseline/period", "/baseline"))


def oee_consistency(inputs: FactInputs) -> Fact | None:
    """The stated OEE parts, their product and how far it is from the stated overall OEE.

    OEE is availability x performance x quality by definition; a stated overall that disagrees
    with its parts means one of the four numbers was not measured the way it claims.
    """
    baseline = section(inputs.data, "baseline")
    oee = section(inputs.data, "baseline", "oee")
    if baseline is None or oee is None:
        return None
    value: dict[str, Any] = {}
    for part in ("availability", "performance", "quality", "overall"):
        number = as_number(oee.get(part))
        if number is not None:
            value[part] = number
    availability, performance, quality = (
        value.get("availability"),
        value.get("performance"),
        value.get("quality"),
    )
    if availability is not None and performance is not None and quality is not None:
        product = availability * performance * quality
        value["product"] = product
        if "overall" in value:
            value["gap"] = abs(product - value["overall"])
    planned_hours = as_number(baseline.get("planned_hours"))
    if planned_hours is not None:
        value["planned_hours"] = planned_hours
    return Fact(value, ("/baseline/oee",))


def loss_coverage(inputs: FactInputs) -> Fact | None:
    """How much of the time lost to OEE (annualised) the listed losses explain, in how many kinds.

    If the named losses explain only a sliver of the lost hours, the project is aimed at a loss
    nobody has located; the rest of the lost time will still be there after go-live.
    """
    baseline = section(inputs.data, "baseline")
    overall = as_number((section(inputs.data, "baseline", "oee") or {}).get("overall"))
    planned_hours = as_number(baseline.get("planned_hours")) if baseline is not None else None
    weeks = _baseline_weeks(inputs.data)
    losses = list_at(baseline, "losses")
    if overall is None or planned_hours is None or weeks is None or weeks <= 0 or losses is None:
        return None
    annualise_weeks = param_number(inputs.params, "annualise_weeks")
    lost = (1 - overall) * planned_hours * annualise_weeks / weeks
    items = items_at(baseline, "losses")
    explained = sum(as_number(loss.get("hours_per_year")) or 0 for _, loss in items)
    categories = sorted(
        {category for _, loss in items if (category := as_text(loss.get("category"))) is not None}
    )
    value: dict[str, Any] = {"lost_hours_per_year": lost, "explained_hours_per_year": explained}
    share = safe_ratio(explained, lost)
    if share is not None:
        value["share"] = share
    value["categories"] = len(categories)
    value["category_names"] = categories
    return Fact(value, ("/baseline/losses", "/baseline/oee"))


def loss_costing(inputs: FactInputs) -> Fact | None:
    """Which losses are uncosted, what the losses the benefits address cost, and what is claimed.

    A benefit cannot be larger than the loss it removes; without a cost on every loss nobody can
    tell whether the business case claims more than there is to win.
    """
    baseline = section(inputs.data, "baseline")
    if list_at(baseline, "losses") is None:
        return None
    losses = items_at(baseline, "losses")
    benefits = items_at(section(inputs.data, "business_case"), "benefits")
    uncosted, item_sources = named_list(
        (
            (as_text(loss.get("id")), json_pointer("baseline", "losses", k))
            for k, loss in losses
            if as_number(loss.get("annual_cost")) is None
        ),
        "uncosted",
    )
    named = {loss_id for _, b in benefits if (loss_id := as_text(b.get("loss"))) is not None}
    cost_addressed = sum(
        as_number(loss.get("annual_cost")) or 0
        for loss_id, loss in index_by_id(losses).items()
        if loss_id in named
    )
    claimed = sum(as_number(b.get("annual")) or 0 for _, b in benefits)
    value: dict[str, Any] = {
        "losses": len(losses),
        "uncosted": uncosted,
        "cost_of_losses_addressed": cost_addressed,
        "benefits_claimed": claimed,
    }
    if benefits and cost_addressed > 0:
        ratio = safe_ratio(claimed, cost_addressed)
        if ratio is not None:
            value["ratio"] = ratio
    return Fact(value, ("/business_case/benefits", "/baseline/losses"), item_sources)


def baseline_age_months(inputs: FactInputs) -> Fact | None:
    """Months from the end of the baseline period to the as-of date.

    A plant changes: a baseline more than a year or so old may describe a line that no longer
    runs that way, and the benefits priced from it go stale with it.
    """
    end = as_date((section(inputs.data, "baseline", "period") or {}).get("to"))
    if end is None:
        return None
    return Fact((inputs.as_of - end).days / _DAYS_PER_MONTH, ("/baseline/period/to",))


def pilot_evidence(inputs: FactInputs) -> Fact | None:
    """How many pilot results there are, the shortest run, and whether criteria came first.

    A pilot judged on criteria written after it started, or on a week or two of data, proves
    what its authors hoped rather than what the line does.
    """
    pilot = section(inputs.data, "pilot")
    if pilot is None:
        return None
    results = items_at(pilot, "results")
    value: dict[str, Any] = {"results": len(results)}
    weeks = [w for _, r in results if (w := as_number(r.get("weeks"))) is not None]
    if weeks:
        value["shortest_weeks"] = min(weeks)
    criteria_set_on, started_on = (
        as_date(pilot.get("criteria_set_on")),
        as_date(pilot.get("started_on")),
    )
    if criteria_set_on is not None and started_on is not None:
        value["criteria_before_start"] = criteria_set_on <= started_on
    return Fact(value, ("/pilot",))


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("baseline_measurement", baseline_measurement),
    ("oee_consistency", oee_consistency),
    ("loss_coverage", loss_coverage),
    ("loss_costing", loss_costing),
    ("baseline_age_months", baseline_age_months),
    ("pilot_evidence", pilot_evidence),
)
