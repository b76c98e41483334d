"""Baseline facts (rubrics/baseline.yaml): how long, how consistent, how complete, how recent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    absent,
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
    no_pilot_yet,
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


def _period_needs(data: Mapping[str, Any]) -> list[str]:
    """The period keys to add (from, to) when the baseline's length cannot be worked out."""
    period = section(data, "baseline", "period") or {}
    return [f"baseline.period.{key}" for key in ("from", "to") if as_date(period.get(key)) is None]


def baseline_measurement(inputs: FactInputs) -> Fact | None:
    """How many weeks the baseline covers, its source, and how much of its evidence is measured.

    A baseline of a few days, or one built on estimates, cannot tell a real loss from a bad week,
    and every later number (losses, benefits, payback) is priced from it. Measured evidence counts
    only where its reference can be found or taken as written (see `FactInputs.evidence`).
    """
    weeks = _baseline_weeks(inputs.data)
    baseline = section(inputs.data, "baseline")
    if weeks is None or baseline is None:
        return absent(("/baseline/period", "/baseline"), _period_needs(inputs.data))
    register = inputs.evidence
    cited = as_strings(baseline.get("evidence"))
    value: dict[str, Any] = {"weeks": weeks}
    source = as_text(baseline.get("source"))
    if source is not None:
        value["source"] = source
    value["measured_evidence"] = sum(
        1
        for evidence_id in cited
        if (entry := register.get(evidence_id)) is not None
        and entry.kind == "measured"
        and entry.counts
    )
    value["cited_evidence"] = len(cited)
    return Fact(value, ("/baseline/period", "/baseline"))


_OEE_PARTS = ("availability", "performance", "quality", "overall")


def oee_consistency(inputs: FactInputs) -> Fact | None:
    """The stated OEE parts, their product and how far it is from the stated overall OEE.

    OEE is availability x performance x quality by definition; a stated overall that disagrees
    with its parts means one of the four numbers was not measured the way it claims. All four
    are needed to judge it; planned hours, which turn OEE into lost time, may follow.
    """
    baseline = section(inputs.data, "baseline")
    oee = section(inputs.data, "baseline", "oee") or {}
    parts = {part: as_number(oee.get(part)) for part in _OEE_PARTS}
    needs = [key_path("baseline", "oee", part) for part, number in parts.items() if number is None]
    if needs:
        return absent(("/baseline/oee", "/baseline"), needs)
    value: dict[str, Any] = dict(parts)
    product = value["availability"] * value["performance"] * value["quality"]
    value["product"] = product
    value["gap"] = abs(product - value["overall"])
    planned_hours = as_number((baseline or {}).get("planned_hours"))
    if planned_hours is not None:
        value["planned_hours"] = planned_hours
    return Fact(value, ("/baseline/oee",))


def loss_coverage(inputs: FactInputs) -> Fact | None:
    """How much of the time lost to OEE (annualised) the listed losses explain, in how many kinds.

    If the named losses explain only a sliver of the lost hours, the project is aimed at a loss
    nobody has located; the rest of the lost time will still be there after go-live. Every loss
    needs its hours (0 for a loss that costs money but no line time): a loss of unknown size
    cannot be set against the lost time.
    """
    baseline = section(inputs.data, "baseline")
    overall = as_number((section(inputs.data, "baseline", "oee") or {}).get("overall"))
    planned_hours = as_number(baseline.get("planned_hours")) if baseline is not None else None
    weeks = _baseline_weeks(inputs.data)
    needs = [] if overall is not None else ["baseline.oee.overall"]
    if planned_hours is None:
        needs.append("baseline.planned_hours")
    needs += _period_needs(inputs.data)
    if list_at(baseline, "losses") is None:
        needs.append("baseline.losses")
    items = items_at(baseline, "losses")
    unsized = [k for k, loss in items if as_number(loss.get("hours_per_year")) is None]
    # Each path spelt once and joined per item, as `items_lacking` does (21,832 unsized losses
    # each spelt two whole paths).
    pointer, path = json_pointer("baseline", "losses"), key_path("baseline", "losses")
    needs += [f"{path}[{k}].hours_per_year" for k in unsized]
    if needs or overall is None or planned_hours is None or weeks is None:
        where = [f"{pointer}/{k}" for k in unsized]
        return absent((*where, "/baseline/losses", "/baseline/oee", "/baseline"), needs)
    if weeks <= 0:  # a period that ends as it starts: BL-01 says so; nothing to annualise
        return absent(("/baseline/period", "/baseline"), ("baseline.period.to",))
    annualise_weeks = param_number(inputs.params, "annualise_weeks")
    lost = (1 - overall) * planned_hours * annualise_weeks / weeks
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
    tell whether the business case claims more than there is to win. A benefit that names no loss
    addresses a loss costing nothing: it counts in the claim and against nothing. A benefit
    without an amount leaves the claim unknown (not zero), so the fact names the amount to add.
    Without a benefits list nothing is claimed, and `benefits_claimed` is left out.
    """
    baseline = section(inputs.data, "baseline")
    if list_at(baseline, "losses") is None:
        return absent(("/baseline",), ("baseline.losses",))
    losses = items_at(baseline, "losses")
    case = section(inputs.data, "business_case")
    benefits = items_at(case, "benefits")
    unpriced = [k for k, benefit in benefits if as_number(benefit.get("annual")) is None]
    if unpriced:
        return items_lacking(("business_case", "benefits"), unpriced, "annual")
    uncosted, item_sources = named_list(
        (
            (label(loss, "id", "loss", k), json_pointer("baseline", "losses", k))
            for k, loss in losses
            if as_number(loss.get("annual_cost")) is None
        ),
        "uncosted",
    )
    value: dict[str, Any] = {"losses": len(losses), "uncosted": uncosted}
    if list_at(case, "benefits") is not None:
        named = {loss_id for _, b in benefits if (loss_id := as_text(b.get("loss"))) is not None}
        addressed = [loss for loss_id, loss in index_by_id(losses).items() if loss_id in named]
        claimed = sum(as_number(b.get("annual")) or 0 for _, b in benefits)
        value["benefits_claimed"] = claimed
        value["claimed_on_no_loss"] = sum(
            as_number(b.get("annual")) or 0 for _, b in benefits if as_text(b.get("loss")) is None
        )
        costs = [as_number(loss.get("annual_cost")) for loss in addressed]
        if all(cost is not None for cost in costs):
            cost_addressed = sum(cost or 0 for cost in costs)
            value["cost_of_losses_addressed"] = cost_addressed
            if cost_addressed > 0:
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
        return absent(("/baseline/period", "/baseline"), ("baseline.period.to",))
    return Fact((inputs.as_of - end).days / _DAYS_PER_MONTH, ("/baseline/period/to",))


def pilot_evidence(inputs: FactInputs) -> Fact | None:
    """How many pilot results there are, the shortest run, which name no KPI, whether criteria
    came first.

    A pilot judged on criteria written after it started, on a week or two of data, or on a
    result that names no baseline KPI proves what its authors hoped rather than what the line
    does. Before a pilot exists (`project.stage: idea`) there is nothing to judge yet.
    """
    reason = no_pilot_yet(inputs.data)
    if reason is not None:
        return absent(("/project/stage",), ("pilot.results",), reason)
    pilot = section(inputs.data, "pilot")
    if pilot is None or list_at(pilot, "results") is None:
        return absent(("/pilot", ""), ("pilot.results",))
    results = items_at(pilot, "results")
    unmeasured = [k for k, r in results if as_number(r.get("weeks")) is None]
    if unmeasured:
        return items_lacking(("pilot", "results"), unmeasured, "weeks")
    without_kpi, item_sources = named_list(
        (
            (f"result #{k + 1}", json_pointer("pilot", "results", k))
            for k, result in results
            if as_text(result.get("kpi")) is None
        ),
        "without_kpi",
    )
    value: dict[str, Any] = {"results": len(results), "without_kpi": without_kpi}
    weeks = [as_number(r.get("weeks")) or 0.0 for _, r in results]
    if weeks:
        value["shortest_weeks"] = min(weeks)
    criteria_set_on, started_on = (
        as_date(pilot.get("criteria_set_on")),
        as_date(pilot.get("started_on")),
    )
    if criteria_set_on is not None and started_on is not None:
        value["criteria_before_start"] = criteria_set_on <= started_on
    return Fact(value, ("/pilot",), item_sources)


def _change(before: float, after: float) -> float | None:
    """The relative change from `before` to `after` (None from zero: no scale to measure on)."""
    return safe_ratio(after - before, abs(before)) if before != 0 else None


def pilot_against_promise(inputs: FactInputs) -> Fact | None:
    """The pilot results that fall short of what was promised: of the figure their success
    criterion set (`pilot.results[].target`), or of the change their KPI's target promises
    (`baseline.kpis[].value` to `target`) by more than `pilot_promise_min_share` allows.

    A pilot that moved its KPI half as far as its criterion asked has not passed, whatever its
    report says; and benefits sized on the KPI's target rest on more than the pilot showed when
    the pilot moved the KPI (relative to where it started) a fraction of what the target
    promises. Only results whose KPI and figures are stated are compared; before a pilot exists
    (`project.stage: idea`) there is nothing to compare.
    """
    reason = no_pilot_yet(inputs.data)
    if reason is not None:
        return absent(("/project/stage",), ("pilot.results",), reason)
    results = items_at(section(inputs.data, "pilot"), "results")
    unmeasured = [
        k
        for k, result in results
        if as_number(result.get("before")) is None or as_number(result.get("after")) is None
    ]
    if unmeasured:
        by_index = dict(results)
        needs = [
            key_path("pilot", "results", k, key)
            for k in unmeasured
            for key in ("before", "after")
            if as_number(by_index[k].get(key)) is None
        ]
        return absent((*(json_pointer("pilot", "results", k) for k in unmeasured), "/pilot"), needs)
    kpis = index_by_id(items_at(section(inputs.data, "baseline"), "kpis"))
    min_share = param_number(inputs.params, "pilot_promise_min_share")
    short: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    compared = 0
    for k, result in results:
        kpi_id = as_text(result.get("kpi"))
        before, after = float(result["before"]), float(result["after"])
        kpi = kpis.get(kpi_id) if kpi_id is not None else None
        entry: dict[str, Any] | None = None
        criterion = as_number(result.get("target"))
        if criterion is not None and criterion != before:
            compared += 1
            share = safe_ratio(after - before, criterion - before)
            if share is not None and share < 1:
                entry = {"against": f"the way to its criterion of {criterion:g}", "share": share}
        value, target = (as_number((kpi or {}).get(key)) for key in ("value", "target"))
        if entry is None and value is not None and target is not None:
            promised, moved = _change(value, target), _change(before, after)
            if promised is not None and promised != 0 and moved is not None:
                compared += 1
                share = moved / promised
                if share < min_share:
                    entry = {
                        "against": f"the change of {promised:+.0%} its KPI's target promises "
                        f"({value:g} to {target:g})",
                        "share": share,
                        "moved": moved,
                    }
        if entry is not None:
            item_sources[json_pointer(len(short))] = json_pointer("pilot", "results", k)
            short.append(
                {"kpi": kpi_id or f"result #{k + 1}", "before": before, "after": after, **entry}
            )
    if not compared:
        needs = [key_path("pilot", "results", k, "target") for k, _ in results]
        return absent(("/pilot/results", "/pilot"), needs or ("pilot.results",))
    return Fact(short, ("/pilot/results", "/pilot"), item_sources)


_REVIEW_CADENCES = ("daily", "weekly", "monthly", "quarterly")


def kpi_governance(inputs: FactInputs) -> Fact | None:
    """KPIs with nobody to own them after go-live, or no stated review cadence.

    A KPI that nobody owns once the project team has moved on stops being measured, and the
    benefit it proved quietly erodes: governed KPIs have an owner in the line organisation and a
    fixed review.
    """
    kpis_list = list_at(section(inputs.data, "baseline"), "kpis")
    if kpis_list is None:
        return absent(("/baseline",), ("baseline.kpis",))
    kpis = items_at(section(inputs.data, "baseline"), "kpis")

    def without(key: str, ok: Any) -> tuple[list[str], dict[str, str]]:
        return named_list(
            (
                (label(kpi, "id", "kpi", k), json_pointer("baseline", "kpis", k))
                for k, kpi in kpis
                if not ok(kpi.get(key))
            ),
            f"without_{key}",
        )

    without_owner, owner_sources = without("owner", as_text)
    without_review, review_sources = without("review", lambda v: v in _REVIEW_CADENCES)
    value = {"kpis": len(kpis), "without_owner": without_owner, "without_review": without_review}
    return Fact(value, ("/baseline/kpis",), {**review_sources, **owner_sources})


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("baseline_measurement", baseline_measurement),
    ("oee_consistency", oee_consistency),
    ("loss_coverage", loss_coverage),
    ("loss_costing", loss_costing),
    ("baseline_age_months", baseline_age_months),
    ("pilot_evidence", pilot_evidence),
    ("pilot_against_promise", pilot_against_promise),
    ("kpi_governance", kpi_governance),
)
