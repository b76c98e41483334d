"""Derived facts: what JSON Schema cannot compute, each traced back to the lines it came from.

A check is a JSON Schema fragment at a pointer. What a fragment cannot say (ratios, sums, payback
under stress, dates against "today", links between sections) is computed here once, into
`/facts/<name>`. Facts measure, packs judge: a fact is a number, a list or an object of plain data,
never a verdict, and every threshold lives in a pack. A fact whose essential inputs are absent is
left out of the result, so its check reports `missing` instead of failing on a guess; inside an
object fact, a key whose inputs are absent is omitted (never null).

Everything here is pure except `evidence_confidence`, which asks the file system whether a
relative-path evidence reference names a file inside the project's repository (never opening it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from readiness.citations import evidence_citations
from readiness.loader import escape_pointer_token


@dataclass(frozen=True)
class Fact:
    """One derived value and the document pointers it was derived from.

    `sources` run most specific first, so a finding points at the user's line. `item_sources`
    maps a pointer relative to the value (`/short_windows/0`) to the document item it names
    (`/systems/3`).
    """

    value: Any
    sources: tuple[str, ...]
    item_sources: Mapping[str, str] = field(default_factory=dict)


DEFAULT_PARAMETERS: dict[str, Any] = {
    # baseline
    "annualise_weeks": 52,
    # integration
    "legacy_age_years": 15,
    "pilot_kinds_exempt": ["erp", "cloud", "network", "other"],
    "closed_protocols": ["proprietary", "manual", "file"],
    "integration_routes": ["adapter", "retrofit", "replace"],
    # funding
    "horizon_default_years": 5,
    "capex_uplift": 0.5,
    "schedule_uplift": 0.25,
    "benefit_shortfall": 0.3,
    # knowledge
    "knowledge_kinds": ["system", "equipment", "process"],
    # traceability
    "passport_date": "2027-02-18",
    "passport_categories": ["ev", "lmt"],
    "passport_industrial_min_kwh": 2,
    "due_diligence_date": "2027-08-18",
    "due_diligence_turnover_eur": 40_000_000,
    "covered_materials": ["cobalt", "lithium", "nickel", "natural_graphite"],
    "requirement_keywords": {
        "battery passport": ["passport"],
        "due diligence": ["due diligence", "due-diligence"],
    },
}

_PLANT_FUNCTIONS = frozenset({"operations", "maintenance", "quality"})
_STRONG_EVIDENCE = frozenset({"measured", "documented"})
_DAYS_PER_MONTH = 30.44  # mean Gregorian month, so "18 months" means the same in every season
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_FILE_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,5}$")


@dataclass(frozen=True)
class FactInputs:
    """Everything a fact may look at: the project data, the merged parameters, today, the folder.

    `base_dir` is the project file's folder; without it, relative evidence paths are not checked.
    """

    data: Mapping[str, Any]
    params: Mapping[str, Any]
    as_of: date
    base_dir: Path | None = None


FactFunction = Callable[[FactInputs], Fact | None]


# --- reading sparse data ------------------------------------------------------------------------


def _pointer(*tokens: str | int) -> str:
    """A JSON pointer built from its reference tokens."""
    return "".join(f"/{escape_pointer_token(str(token))}" for token in tokens)


def _section(data: Mapping[str, Any], *keys: str) -> Mapping[str, Any] | None:
    """The mapping at data[keys[0]][keys[1]]..., or None when any step is absent."""
    node: Any = data
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else None


def _list(node: Mapping[str, Any] | None, key: str) -> list[Any] | None:
    """The list at node[key], or None when it is absent."""
    value = node.get(key) if node is not None else None
    return value if isinstance(value, list) else None


def _items(node: Mapping[str, Any] | None, key: str) -> list[tuple[int, Mapping[str, Any]]]:
    """(index, item) for each mapping in the list at node[key]; empty when the list is absent."""
    return [(i, item) for i, item in enumerate(_list(node, key) or []) if isinstance(item, Mapping)]


def _number(value: Any) -> float | None:
    """A finite int or float; booleans (which Python counts as ints) and text are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return value if math.isfinite(value) else None
    except OverflowError:  # an integer beyond a float's range cannot take part in a ratio
        return None


def _text(value: Any) -> str | None:
    """Non-blank text; a blank owner, gate or trigger names nothing."""
    return value if isinstance(value, str) and value.strip() else None


def _strings(value: Any) -> list[str]:
    """The distinct strings of a list, in document order (an absent list gives none)."""
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(item for item in value if isinstance(item, str)))


def _date(value: Any) -> date | None:
    """An ISO date (YYYY-MM-DD); anything else counts as absent."""
    if isinstance(value, date):  # a caller that loaded YAML with timestamps resolved
        return value if type(value) is date else date(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is zero or the result not finite."""
    if denominator == 0:
        return None
    result = numerator / denominator
    return result if math.isfinite(result) else None


def _index_by_id(items: Iterable[tuple[int, Mapping[str, Any]]]) -> dict[str, Mapping[str, Any]]:
    """Items by their `id`, the first one winning (duplicate ids are a validation error)."""
    found: dict[str, Mapping[str, Any]] = {}
    for _, item in items:
        item_id = item.get("id")
        if isinstance(item_id, str):
            found.setdefault(item_id, item)
    return found


def _named_list(
    entries: Iterable[tuple[str | None, str]], value_key: str | None = None
) -> tuple[list[str], dict[str, str]]:
    """A list of names with item_sources mapping each position to its document pointer.

    `entries` are (name, document pointer); nameless entries are skipped so positions stay true.
    `value_key` is the key of the list inside an object fact (None for a list-valued fact).
    """
    names: list[str] = []
    item_sources: dict[str, str] = {}
    for name, source in entries:
        if name is None:
            continue
        position = _pointer(len(names)) if value_key is None else _pointer(value_key, len(names))
        item_sources[position] = source
        names.append(name)
    return names, item_sources


# --- parameters (a pack may set any of them; a wrong type falls back to the default) -------------


def _param_number(params: Mapping[str, Any], name: str) -> float:
    value = _number(params.get(name))
    return value if value is not None else float(DEFAULT_PARAMETERS[name])


def _param_strings(params: Mapping[str, Any], name: str) -> list[str]:
    value = params.get(name)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return list(DEFAULT_PARAMETERS[name])


def _param_date(params: Mapping[str, Any], name: str) -> date:
    parsed = _date(params.get(name))
    return parsed if parsed is not None else date.fromisoformat(DEFAULT_PARAMETERS[name])


def _param_keywords(params: Mapping[str, Any], name: str) -> dict[str, list[str]]:
    """Keywords per requirement; a pack that names only some requirements keeps the others'."""
    keywords = {key: list(words) for key, words in DEFAULT_PARAMETERS[name].items()}
    value = params.get(name)
    if isinstance(value, Mapping):
        keywords.update(
            {key: _strings(words) for key, words in value.items() if isinstance(key, str)}
        )
    return keywords


# --- baseline --------------------------------------------------------------------------------


def _baseline_weeks(data: Mapping[str, Any]) -> float | None:
    period = _section(data, "baseline", "period")
    if period is None:
        return None
    start, end = _date(period.get("from")), _date(period.get("to"))
    if start is None or end is None:
        return None
    return (end - start).days / 7


def baseline_measurement(inputs: FactInputs) -> Fact | None:
    """How many weeks the baseline covers, its source, and how much of its evidence is measured.

    A baseline of a few days, or one built on estimates, cannot tell a real loss from a bad week,
    and every later number (losses, benefits, payback) is priced from it.
    """
    weeks = _baseline_weeks(inputs.data)
    baseline = _section(inputs.data, "baseline")
    if weeks is None or baseline is None:
        return None
    register = _index_by_id(_items(inputs.data, "evidence"))
    cited = _strings(baseline.get("evidence"))
    value: dict[str, Any] = {"weeks": weeks}
    source = _text(baseline.get("source"))
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
    baseline = _section(inputs.data, "baseline")
    oee = _section(inputs.data, "baseline", "oee")
    if baseline is None or oee is None:
        return None
    value: dict[str, Any] = {}
    for part in ("availability", "performance", "quality", "overall"):
        number = _number(oee.get(part))
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
    planned_hours = _number(baseline.get("planned_hours"))
    if planned_hours is not None:
        value["planned_hours"] = planned_hours
    return Fact(value, ("/baseline/oee",))


def loss_coverage(inputs: FactInputs) -> Fact | None:
    """How much of the time lost to OEE (annualised) the listed losses explain, in how many kinds.

    If the named losses explain only a sliver of the lost hours, the project is aimed at a loss
    nobody has located; the rest of the lost time will still be there after go-live.
    """
    baseline = _section(inputs.data, "baseline")
    overall = _number((_section(inputs.data, "baseline", "oee") or {}).get("overall"))
    planned_hours = _number(baseline.get("planned_hours")) if baseline is not None else None
    weeks = _baseline_weeks(inputs.data)
    losses = _list(baseline, "losses")
    if overall is None or planned_hours is None or weeks is None or weeks <= 0 or losses is None:
        return None
    annualise_weeks = _param_number(inputs.params, "annualise_weeks")
    lost = (1 - overall) * planned_hours * annualise_weeks / weeks
    items = _items(baseline, "losses")
    explained = sum(_number(loss.get("hours_per_year")) or 0 for _, loss in items)
    categories = sorted(
        {category for _, loss in items if (category := _text(loss.get("category"))) is not None}
    )
    value: dict[str, Any] = {"lost_hours_per_year": lost, "explained_hours_per_year": explained}
    share = _ratio(explained, lost)
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
    baseline = _section(inputs.data, "baseline")
    if _list(baseline, "losses") is None:
        return None
    losses = _items(baseline, "losses")
    benefits = _items(_section(inputs.data, "business_case"), "benefits")
    uncosted, item_sources = _named_list(
        (
            (_text(loss.get("id")), _pointer("baseline", "losses", k))
            for k, loss in losses
            if _number(loss.get("annual_cost")) is None
        ),
        "uncosted",
    )
    named = {loss_id for _, b in benefits if (loss_id := _text(b.get("loss"))) is not None}
    cost_addressed = sum(
        _number(loss.get("annual_cost")) or 0
        for loss_id, loss in _index_by_id(losses).items()
        if loss_id in named
    )
    claimed = sum(_number(b.get("annual")) or 0 for _, b in benefits)
    value: dict[str, Any] = {
        "losses": len(losses),
        "uncosted": uncosted,
        "cost_of_losses_addressed": cost_addressed,
        "benefits_claimed": claimed,
    }
    if benefits and cost_addressed > 0:
        ratio = _ratio(claimed, cost_addressed)
        if ratio is not None:
            value["ratio"] = ratio
    return Fact(value, ("/business_case/benefits", "/baseline/losses"), item_sources)


def baseline_age_months(inputs: FactInputs) -> Fact | None:
    """Months from the end of the baseline period to the as-of date.

    A plant changes: a baseline more than a year or so old may describe a line that no longer
    runs that way, and the benefits priced from it go stale with it.
    """
    end = _date((_section(inputs.data, "baseline", "period") or {}).get("to"))
    if end is None:
        return None
    return Fact((inputs.as_of - end).days / _DAYS_PER_MONTH, ("/baseline/period/to",))


def pilot_evidence(inputs: FactInputs) -> Fact | None:
    """How many pilot results there are, the shortest run, and whether criteria came first.

    A pilot judged on criteria written after it started, or on a week or two of data, proves
    what its authors hoped rather than what the line does.
    """
    pilot = _section(inputs.data, "pilot")
    if pilot is None:
        return None
    results = _items(pilot, "results")
    value: dict[str, Any] = {"results": len(results)}
    weeks = [w for _, r in results if (w := _number(r.get("weeks"))) is not None]
    if weeks:
        value["shortest_weeks"] = min(weeks)
    criteria_set_on, started_on = (
        _date(pilot.get("criteria_set_on")),
        _date(pilot.get("started_on")),
    )
    if criteria_set_on is not None and started_on is not None:
        value["criteria_before_start"] = criteria_set_on <= started_on
    return Fact(value, ("/pilot",))


# --- shop floor -------------------------------------------------------------------------------


def operator_involvement(inputs: FactInputs) -> Fact | None:
    """The share of affected operators involved, and how many shifts are not represented.

    Operators on a shift that never saw the pilot meet the new system on go-live day; that is
    where workarounds, and quiet rejection of the tool, begin.
    """
    shop_floor = _section(inputs.data, "people", "shop_floor")
    if shop_floor is None:
        return None
    affected = _number(shop_floor.get("operators_affected"))
    involved = _number(shop_floor.get("operators_involved"))
    if affected is None or affected <= 0 or involved is None:
        return None
    value: dict[str, Any] = {
        "share": involved / affected,
        "operators_affected": affected,
        "operators_involved": involved,
    }
    shifts = _number(shop_floor.get("shifts"))
    represented = _number(shop_floor.get("shifts_represented"))
    if shifts is not None:
        value["shifts"] = shifts
    if represented is not None:
        value["shifts_represented"] = represented
    if shifts is not None and represented is not None:
        value["shifts_missing"] = max(shifts - represented, 0)
    return Fact(value, ("/people/shop_floor",))


def plant_fte_share(inputs: FactInputs) -> Fact | None:
    """The share of the team's FTE from operations, maintenance and quality.

    A project staffed by central teams and vendors leaves the plant to inherit a system it did
    not shape and cannot maintain.
    """
    team_list = _list(_section(inputs.data, "people"), "team")
    if team_list is None:
        return None
    team = _items(_section(inputs.data, "people"), "team")
    total = sum(_number(member.get("fte")) or 0 for _, member in team)
    plant = sum(
        _number(member.get("fte")) or 0
        for _, member in team
        if member.get("function") in _PLANT_FUNCTIONS
    )
    share = _ratio(plant, total) if total > 0 else None
    return Fact(share, ("/people/team",)) if share is not None else None


# --- integration ------------------------------------------------------------------------------


def unstoppable_systems(inputs: FactInputs) -> Fact | None:
    """Systems that cannot stop, and those whose maintenance window is shorter than the cut-over.

    A system that cannot stop and has no window long enough for the cut-over forces a parallel or
    phased go-live, or an unplanned stoppage of the line.
    """
    systems = _items(inputs.data, "systems")
    if not systems:
        return None
    integration = _section(inputs.data, "integration") or {}
    downtime = _number(integration.get("required_downtime_hours"))
    unstoppable = [(k, system) for k, system in systems if system.get("can_stop") is False]

    def too_short(system: Mapping[str, Any]) -> bool:
        window = _number(system.get("maintenance_window_hours"))
        return downtime is None or window is None or window < downtime

    short_windows, item_sources = _named_list(
        (
            (_text(system.get("id")), _pointer("systems", k))
            for k, system in unstoppable
            if too_short(system)
        ),
        "short_windows",
    )
    value: dict[str, Any] = {"unstoppable": len(unstoppable)}
    cutover = _text(integration.get("cutover"))
    if cutover is not None:
        value["cutover"] = cutover
    if downtime is not None:
        value["required_downtime_hours"] = downtime
    value["short_windows"] = short_windows
    return Fact(value, ("/systems", "/integration"), item_sources)


def _is_legacy(system: Mapping[str, Any], age_limit: float) -> bool:
    age = _number(system.get("age_years"))
    return age is not None and age > age_limit


def legacy_without_route(inputs: FactInputs) -> Fact | None:
    """Ids of old or unsupported systems with no costed integration route.

    Legacy equipment is where integration cost explodes at scale; a route that is missing or
    uncosted is a cost the business case has not carried.
    """
    systems = _items(inputs.data, "systems")
    if not systems:
        return None
    age_limit = _param_number(inputs.params, "legacy_age_years")

    def needs_route(system: Mapping[str, Any]) -> bool:
        old = _is_legacy(system, age_limit) or system.get("vendor_supported") is False
        route = _text(system.get("integration"))
        unrouted = route in (None, "none") or _number(system.get("integration_cost")) is None
        return old and unrouted

    ids, item_sources = _named_list(
        (_text(system.get("id")), _pointer("systems", k))
        for k, system in systems
        if needs_route(system)
    )
    return Fact(ids, ("/systems",), item_sources)


def scale_cost(inputs: FactInputs) -> Fact | None:
    """The scale-up integration estimate against per-asset cost times assets at scale.

    Pilot integration costs do not scale down: an estimate well below the per-asset cost times
    the number of assets assumes savings nobody has shown.
    """
    integration = _section(inputs.data, "integration")
    if integration is None:
        return None
    per_asset = _number(integration.get("per_asset_cost"))
    assets = _number(integration.get("assets_at_scale"))
    estimate = _number(integration.get("scale_cost_estimate"))
    if per_asset is None or assets is None or estimate is None:
        return None
    naive = per_asset * assets
    ratio = _ratio(estimate, naive)
    if ratio is None:
        return None
    value = {"naive": naive, "estimate": estimate, "ratio": ratio}
    return Fact(value, ("/integration/scale_cost_estimate", "/integration"))


def pilot_coverage(inputs: FactInputs) -> Fact | None:
    """Kinds of system present at scale but absent from the pilot, and legacy systems piloted.

    A pilot on the newest line proves little about the oldest: kinds and age classes it never
    touched are where the rollout meets its surprises. Site-wide IT (the kinds in
    `pilot_kinds_exempt`: ERP, cloud, network) is listed for context and need not be piloted.
    """
    systems = _items(inputs.data, "systems")
    if not systems:
        return None
    age_limit = _param_number(inputs.params, "legacy_age_years")
    exempt = set(_param_strings(inputs.params, "pilot_kinds_exempt"))
    first_of_kind: dict[str, int] = {}
    piloted: set[str] = set()
    for k, system in systems:
        kind = _text(system.get("kind"))
        if kind is None or kind in exempt:
            continue
        first_of_kind.setdefault(kind, k)
        if system.get("in_pilot") is True:
            piloted.add(kind)
    kinds, item_sources = _named_list(
        (
            (kind, _pointer("systems", k))
            for kind, k in first_of_kind.items()
            if kind not in piloted
        ),
        "kinds_not_piloted",
    )
    legacy = [system for _, system in systems if _is_legacy(system, age_limit)]
    value = {
        "kinds_not_piloted": kinds,
        "legacy_in_scope": len(legacy),
        "legacy_in_pilot": sum(1 for system in legacy if system.get("in_pilot") is True),
    }
    return Fact(value, ("/systems",), item_sources)


def closed_links_without_route(inputs: FactInputs) -> Fact | None:
    """Ids of systems with closed links (proprietary, manual, file) and no adapter-type route.

    A closed link does not open itself at scale: without an adapter, retrofit or replacement it
    stays a manual or brittle step on every line the rollout reaches.
    """
    systems = _items(inputs.data, "systems")
    if not systems:
        return None
    closed = set(_param_strings(inputs.params, "closed_protocols"))
    routes = set(_param_strings(inputs.params, "integration_routes"))
    ids, item_sources = _named_list(
        (_text(system.get("id")), _pointer("systems", k))
        for k, system in systems
        if closed.intersection(_strings(system.get("protocols")))
        and system.get("integration") not in routes
    )
    return Fact(ids, ("/systems",), item_sources)


# --- over-engineering -------------------------------------------------------------------------


def _component_costs(
    inputs: FactInputs,
) -> tuple[list[tuple[int, Mapping[str, Any]]], float] | None:
    """The components and their total cost, or None when there is no cost to share out."""
    components = _items(_section(inputs.data, "solution"), "components")
    total = sum(_number(component.get("cost")) or 0 for _, component in components)
    if not components or total <= 0:
        return None
    return components, total


def component_loss_share(inputs: FactInputs) -> Fact | None:
    """The share of component cost that addresses a baseline loss or KPI, and the parts that don't.

    Every part of the solution should trace to a measured loss; money spent on parts that address
    nothing is complexity the plant will maintain for no return.
    """
    costed = _component_costs(inputs)
    if costed is None:
        return None
    components, total = costed
    linked = sum(
        _number(component.get("cost")) or 0
        for _, component in components
        if _strings(component.get("addresses"))
    )
    unlinked, item_sources = _named_list(
        (
            (_text(component.get("id")), _pointer("solution", "components", k))
            for k, component in components
            if not _strings(component.get("addresses"))
        ),
        "unlinked",
    )
    value = {"share": linked / total, "unlinked": unlinked}
    return Fact(value, ("/solution/components",), item_sources)


def unused_component_share(inputs: FactInputs) -> Fact | None:
    """The share of component cost the pilot never used, and which components those are.

    A component the pilot did not need is unproven at best and over-engineering at worst, and it
    is paid for at full scale.
    """
    costed = _component_costs(inputs)
    if costed is None:
        return None
    components, total = costed
    unused_items = [(k, c) for k, c in components if c.get("used_in_pilot") is False]
    unused, item_sources = _named_list(
        ((_text(c.get("id")), _pointer("solution", "components", k)) for k, c in unused_items),
        "unused",
    )
    unused_cost = sum(_number(c.get("cost")) or 0 for _, c in unused_items)
    value = {"share": unused_cost / total, "unused": unused}
    return Fact(value, ("/solution/components",), item_sources)


def future_proofing(inputs: FactInputs) -> Fact | None:
    """What is built ahead of need, as a share of capex, and which items have no trigger.

    "Future-proof" is the commonest way a project grows past its problem; an item with no event
    that would justify it is spend without a case.
    """
    capex = _number((_section(inputs.data, "business_case") or {}).get("capex"))
    if capex is None or capex <= 0:
        return None
    items = _items(_section(inputs.data, "solution"), "future_proofing")
    total = sum(_number(item.get("cost")) or 0 for _, item in items)
    untriggered, item_sources = _named_list(
        (
            (_text(item.get("item")), _pointer("solution", "future_proofing", k))
            for k, item in items
            if _text(item.get("trigger")) is None
        ),
        "untriggered",
    )
    value = {"share": total / capex, "total": total, "untriggered": untriggered}
    return Fact(value, ("/solution/future_proofing", "/business_case/capex"), item_sources)


def need_before_technology(inputs: FactInputs) -> Fact | None:
    """Whether the need was established before the first technology choice, and which had no rival.

    A project that picks its technology first and finds a problem for it later is the classic
    pilot that never scales; alternatives considered are the evidence it did not.
    """
    solution = _section(inputs.data, "solution")
    need = _date(solution.get("need_established_on")) if solution is not None else None
    if need is None:
        return None
    choices = _items(solution, "technology_choices")
    decided = [d for _, choice in choices if (d := _date(choice.get("decided_on"))) is not None]
    value: dict[str, Any] = {"need_established_on": need.isoformat()}
    if decided:
        value["first_decided_on"] = min(decided).isoformat()
    value["need_first"] = need <= min(decided) if decided else True
    without, item_sources = _named_list(
        (
            (_text(choice.get("technology")), _pointer("solution", "technology_choices", k))
            for k, choice in choices
            if not _strings(choice.get("alternatives"))
        ),
        "without_alternatives",
    )
    value["without_alternatives"] = without
    return Fact(value, ("/solution/need_established_on", "/solution"), item_sources)


def phase_scope_growth(inputs: FactInputs) -> Fact | None:
    """The largest step-up in assets from one sized phase to the next, and where it happens.

    A jump from two cells to the whole plant in one phase skips the learning a middle step buys;
    most of what goes wrong at scale shows up at the first moderate step.
    """
    phases = _items(_section(inputs.data, "business_case"), "phases")
    sized = [
        (k, phase, assets)
        for k, phase in phases
        if (assets := _number(phase.get("assets"))) is not None and assets > 0
    ]
    if len(sized) < 2:
        return None
    growth, before, after, after_index = max(
        ((a1 / a0, p0, p1, k1) for (_, p0, a0), (k1, p1, a1) in pairwise(sized)),
        key=lambda step: step[0],
    )
    value: dict[str, Any] = {"max_growth": growth}
    from_phase, to_phase = _text(before.get("name")), _text(after.get("name"))
    if from_phase is not None:
        value["from_phase"] = from_phase
    if to_phase is not None:
        value["to_phase"] = to_phase
    return Fact(value, (_pointer("business_case", "phases", after_index), "/business_case/phases"))


def hybrid_approach(inputs: FactInputs) -> Fact | None:
    """Whether the solution sits beside what works, and how many components reuse, replace or add.

    Replacing systems that work adds risk and cost without adding value; a hybrid that reuses or
    extends what exists is faster to scale and easier to roll back.
    """
    solution = _section(inputs.data, "solution")
    if solution is None:
        return None
    kinds = [component.get("kind") for _, component in _items(solution, "components")]
    value: dict[str, Any] = {}
    hybrid = solution.get("hybrid")
    if isinstance(hybrid, bool):
        value["hybrid"] = hybrid
    value["reuse_or_extend"] = sum(1 for kind in kinds if kind in ("reuse", "extend"))
    value["replace"] = kinds.count("replace")
    value["new"] = kinds.count("new")
    return Fact(value, ("/solution/hybrid", "/solution"))


# --- funding ----------------------------------------------------------------------------------


def problem_quantified(inputs: FactInputs) -> Fact | None:
    """The problem's stated annual impact against the cost of the baseline losses it names.

    Funders score a quantified problem tied to measured losses; an impact larger than the losses
    it names was not built from the baseline.
    """
    problem = _section(inputs.data, "problem")
    if problem is None:
        return None
    losses = _index_by_id(_items(_section(inputs.data, "baseline"), "losses"))
    named = _strings(problem.get("losses"))
    impact = _number(problem.get("annual_impact"))
    value: dict[str, Any] = {}
    if impact is not None:
        value["annual_impact"] = impact
    value["losses_named"] = len(named)
    costs = [_number(losses.get(loss_id, {}).get("annual_cost")) for loss_id in named]
    if named and all(cost is not None for cost in costs):
        cost_named = sum(cost or 0 for cost in costs)
        value["cost_of_losses_named"] = cost_named
        if impact is not None and cost_named > 0:
            ratio = _ratio(impact, cost_named)
            if ratio is not None:
                value["ratio"] = ratio
    return Fact(value, ("/problem/annual_impact", "/problem"))


def benefits_over_loss(inputs: FactInputs) -> Fact | None:
    """Each loss whose claimed benefits exceed its cost, or whose cost is unknown.

    You cannot save more than a loss costs; a benefit larger than its loss, or set against a loss
    nobody costed, is a projection rather than a number built from the baseline.
    """
    benefits = _items(_section(inputs.data, "business_case"), "benefits")
    if not benefits:
        return None
    losses = _index_by_id(_items(_section(inputs.data, "baseline"), "losses"))
    first_benefit: dict[str, int] = {}
    claimed: dict[str, float] = {}
    for k, benefit in benefits:
        loss_id = _text(benefit.get("loss"))
        if loss_id is None:
            continue
        first_benefit.setdefault(loss_id, k)
        claimed[loss_id] = claimed.get(loss_id, 0) + (_number(benefit.get("annual")) or 0)
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    for loss_id, benefit_total in claimed.items():
        cost = _number(losses.get(loss_id, {}).get("annual_cost"))
        if cost is not None and benefit_total <= cost:
            continue
        entry: dict[str, Any] = {"loss": loss_id, "benefit": benefit_total}
        if cost is not None:
            entry["loss_cost"] = cost
        item_sources[_pointer(len(entries))] = _pointer(
            "business_case", "benefits", first_benefit[loss_id]
        )
        entries.append(entry)
    return Fact(entries, ("/business_case/benefits",), item_sources)


def phasing(inputs: FactInputs) -> Fact | None:
    """How many phases there are, which lack capex or a gate, and phase one's share of capex.

    Phases with gates let a funder stop after a cheap first step; a phase without capex or a gate
    is a plan in name only, and a first phase that spends most of the money is not a pilot.
    """
    business_case = _section(inputs.data, "business_case")
    if _list(business_case, "phases") is None:
        return None
    phases = _items(business_case, "phases")

    def names(
        missing: Callable[[Mapping[str, Any]], bool], key: str
    ) -> tuple[list[str], dict[str, str]]:
        return _named_list(
            (
                (_text(phase.get("name")), _pointer("business_case", "phases", k))
                for k, phase in phases
                if missing(phase)
            ),
            key,
        )

    without_capex, capex_sources = names(lambda p: _number(p.get("capex")) is None, "without_capex")
    without_gate, gate_sources = names(lambda p: _text(p.get("gate")) is None, "without_gate")
    value: dict[str, Any] = {
        "phases": len(phases),
        "without_capex": without_capex,
        "without_gate": without_gate,
    }
    capex = _number((business_case or {}).get("capex"))
    first_capex = _number(phases[0][1].get("capex")) if phases and phases[0][0] == 0 else None
    if capex is not None and capex > 0 and first_capex is not None:
        value["first_phase_share"] = first_capex / capex
    return Fact(value, ("/business_case/phases",), {**capex_sources, **gate_sources})


def _payback_inputs(inputs: FactInputs) -> tuple[float, float, float, float, float] | None:
    """(capex, annual benefits, opex a year, ramp months, horizon years), or None if incomplete."""
    business_case = _section(inputs.data, "business_case")
    if business_case is None or _list(business_case, "benefits") is None:
        return None
    capex = _number(business_case.get("capex"))
    opex = _number(business_case.get("opex_per_year"))
    ramp = _number(business_case.get("ramp_months"))
    if capex is None or opex is None or ramp is None:
        return None
    benefits = sum(_number(b.get("annual")) or 0 for _, b in _items(business_case, "benefits"))
    horizon = _number(business_case.get("horizon_years"))
    if horizon is None:
        horizon = _param_number(inputs.params, "horizon_default_years")
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
    case = _section(inputs.data, "business_case") or {}
    contingency = _number(case.get("contingency_pct")) or 0.0
    uplift = _param_number(inputs.params, "capex_uplift")
    capex_factor = max((1 + uplift) / (1 + contingency / 100), 1.0)
    schedule_factor = 1 + _param_number(inputs.params, "schedule_uplift")
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
    shortfall = _param_number(inputs.params, "benefit_shortfall")
    net = benefits * (1 - shortfall) - opex
    return _payback_fact(capex=capex, net=net, ramp_months=ramp, horizon=horizon)


def payback_claim(inputs: FactInputs) -> Fact | None:
    """The claimed payback beside the recomputed one, and their relative deviation.

    A claim far from what the case's own numbers give means the claim was not built from them.
    """
    claimed = _number((_section(inputs.data, "business_case") or {}).get("claimed_payback_years"))
    computed = payback(inputs)
    if claimed is None or computed is None:
        return None
    value: dict[str, Any] = {"claimed": claimed}
    years = computed.value.get("years")
    if years is not None:
        value["computed"] = years
        deviation = _ratio(abs(claimed - years), years)
        if deviation is not None:
            value["deviation"] = deviation
    return Fact(value, ("/business_case/claimed_payback_years",))


def grant(inputs: FactInputs) -> Fact | None:
    """Grant intensity (requested / eligible cost), headroom under the scheme's rate, match funding.

    A bid above the maximum intervention rate, or without secured and evidenced match funding,
    fails eligibility however good the project is.
    """
    funding = _section(inputs.data, "funding")
    if funding is None:
        return None
    requested = _number(funding.get("grant_requested"))
    eligible = _number(funding.get("eligible_cost"))
    if requested is None or eligible is None:
        return None
    intensity = _ratio(requested, eligible)
    if intensity is None:
        return None
    value: dict[str, Any] = {"intensity": intensity}
    max_rate = _number(funding.get("max_intervention_rate"))
    if max_rate is not None:
        value["max_rate"] = max_rate
        value["headroom"] = max_rate - intensity
    match_secured = funding.get("match_secured")
    if isinstance(match_secured, bool):
        value["match_secured"] = match_secured
    value["match_evidence"] = len(_strings(funding.get("match_evidence")))
    return Fact(value, ("/funding/grant_requested", "/funding"))


def risk_register(inputs: FactInputs) -> Fact | None:
    """How many risks, in which categories, and which have no owner or no mitigation.

    An unowned risk is nobody's job; a register without integration and people risks has missed
    the two reasons pilots most often fail to scale.
    """
    if _list(inputs.data, "risks") is None:
        return None
    risks = _items(inputs.data, "risks")

    def texts(missing_key: str, value_key: str) -> tuple[list[str], dict[str, str]]:
        return _named_list(
            (
                (_text(risk.get("risk")), _pointer("risks", k))
                for k, risk in risks
                if _text(risk.get(missing_key)) is None
            ),
            value_key,
        )

    unowned, owner_sources = texts("owner", "unowned")
    unmitigated, mitigation_sources = texts("mitigation", "unmitigated")
    categories = sorted({c for _, risk in risks if (c := _text(risk.get("category"))) is not None})
    value = {
        "count": len(risks),
        "categories": categories,
        "unowned": unowned,
        "unmitigated": unmitigated,
    }
    return Fact(value, ("/risks",), {**owner_sources, **mitigation_sources})


# --- knowledge --------------------------------------------------------------------------------


def knowledge_coverage(inputs: FactInputs) -> Fact | None:
    """Which kinds of know-how (system, equipment, process) the register covers and misses.

    Know-how about the process is lost as easily as know-how about the PLC; a register that lists
    only one kind has not looked for the others.
    """
    if _list(inputs.data, "knowledge") is None:
        return None
    kinds = sorted(
        {
            kind
            for _, topic in _items(inputs.data, "knowledge")
            if (kind := _text(topic.get("kind")))
        }
    )
    expected = _param_strings(inputs.params, "knowledge_kinds")
    value = {"kinds": kinds, "missing_kinds": [kind for kind in expected if kind not in kinds]}
    return Fact(value, ("/knowledge",))


def knowledge_leavers(inputs: FactInputs) -> Fact | None:
    """For each topic with a holder: holders, leavers within two years, their share, successor.

    Know-how that leaves with a retiring engineer takes the ability to maintain and change the
    system with it; the share leaving is the measure of that exposure.
    """
    if _list(inputs.data, "knowledge") is None:
        return None
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    for k, topic in _items(inputs.data, "knowledge"):
        holders = len(_strings(topic.get("holders")))
        if holders < 1:
            continue
        leavers = len(_strings(topic.get("leaving_within_2y")))
        entry: dict[str, Any] = {}
        name = _text(topic.get("topic"))
        if name is not None:
            entry["topic"] = name
        entry.update(holders=holders, leavers=leavers, leaver_share=leavers / holders)
        if isinstance(topic.get("successor_trained"), bool):
            entry["successor_trained"] = topic["successor_trained"]
        item_sources[_pointer(len(entries))] = _pointer("knowledge", k)
        entries.append(entry)
    return Fact(entries, ("/knowledge",), item_sources)


# --- traceability -----------------------------------------------------------------------------


def battery_in_scope(inputs: FactInputs) -> Fact | None:
    """Whether battery rules apply: as stated, else whether the project's sector is battery.

    The EU Battery Regulation's duties fall on makers and assemblers of batteries; a battery plant
    that forgot to say so is still in scope.
    """
    battery = _section(inputs.data, "traceability", "battery")
    in_scope = battery.get("in_scope") if battery is not None else None
    if isinstance(in_scope, bool):
        return Fact(in_scope, ("/traceability/battery/in_scope",))
    sector = (_section(inputs.data, "project") or {}).get("sector")
    return Fact(sector == "battery", ("/project/sector",))


def _battery_rules_value(battery: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    category = _text(battery.get("category"))
    capacity = _number(battery.get("capacity_kwh"))
    passport_applies = category in _param_strings(params, "passport_categories") or (
        category == "industrial"
        and capacity is not None
        and capacity > _param_number(params, "passport_industrial_min_kwh")
    )
    value: dict[str, Any] = {
        "passport_applies": passport_applies,
        "passport_from": _param_date(params, "passport_date").isoformat(),
    }
    covered = set(_param_strings(params, "covered_materials"))
    uses_covered = bool(covered.intersection(_strings(battery.get("materials"))))
    turnover = _number(battery.get("company_turnover_eur"))
    if not uses_covered:
        value["due_diligence_applies"] = False
    elif turnover is not None:
        threshold = _param_number(params, "due_diligence_turnover_eur")
        value["due_diligence_applies"] = turnover >= threshold
    value["due_diligence_from"] = _param_date(params, "due_diligence_date").isoformat()
    return value


def battery_rules(inputs: FactInputs) -> Fact | None:
    """Whether the battery passport and supply-chain due diligence apply, and from when.

    The passport covers EV, LMT and larger industrial batteries; due diligence covers companies
    above a turnover threshold using cobalt, lithium, nickel or natural graphite. Dates and
    thresholds are pack parameters because the regulation's timetable moves.
    """
    battery = _section(inputs.data, "traceability", "battery")
    if battery is None:
        return None
    return Fact(_battery_rules_value(battery, inputs.params), ("/traceability/battery",))


def regulated_phases(inputs: FactInputs) -> Fact | None:
    """Each phase starting on or after an applicable regulatory date, and whether its gate names it.

    A phase that goes live after the passport or due-diligence date without naming it in its gate
    will reach that gate unable to ship. Due diligence counts as applying when the turnover that
    decides it is not stated.
    """
    battery = _section(inputs.data, "traceability", "battery")
    business_case = _section(inputs.data, "business_case")
    if battery is None or _list(business_case, "phases") is None:
        return None
    rules = _battery_rules_value(battery, inputs.params)
    requirements: list[tuple[str, date]] = []
    if rules["passport_applies"]:
        requirements.append(("battery passport", _param_date(inputs.params, "passport_date")))
    if rules.get("due_diligence_applies", True):
        requirements.append(("due diligence", _param_date(inputs.params, "due_diligence_date")))
    keywords = _param_keywords(inputs.params, "requirement_keywords")
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    for k, phase in _items(business_case, "phases"):
        start = _date(phase.get("start"))
        if start is None:
            continue
        gate = _text(phase.get("gate"))
        for requirement, from_date in requirements:
            if start < from_date:
                continue
            words = keywords.get(requirement) or [requirement]
            entry: dict[str, Any] = {}
            name = _text(phase.get("name"))
            if name is not None:
                entry["phase"] = name
            entry["start"] = start.isoformat()
            entry["requirement"] = requirement
            entry["names_requirement"] = gate is not None and any(
                word.lower() in gate.lower() for word in words
            )
            where = (
                ("business_case", "phases", k, "gate")
                if gate is not None
                else (
                    "business_case",
                    "phases",
                    k,
                )
            )
            item_sources[_pointer(len(entries))] = _pointer(*where)
            entries.append(entry)
    return Fact(entries, ("/business_case/phases",), item_sources)


# --- evidence ---------------------------------------------------------------------------------


def _looks_like_relative_path(ref: str) -> bool:
    """A reference that names a file next to the project rather than a URL or a document title."""
    if not ref or "://" in ref or any(char.isspace() for char in ref):
        return False
    if ref.startswith(("/", "\\")) or _URI_SCHEME.match(ref):  # absolute, drive letter or URI
        return False
    return "/" in ref or "\\" in ref or bool(_FILE_EXTENSION.search(ref))


def _repository_root(base_dir: Path) -> Path:
    """The nearest folder at or above base_dir holding `.git`, else base_dir itself."""
    for folder in (base_dir, *base_dir.parents):
        if (folder / ".git").exists():
            return folder
    return base_dir


def _file_in_repository(ref: str, base_dir: Path, root: Path) -> bool:
    """Whether ref names an existing file that stays inside the repository (never opened)."""
    try:
        target = (base_dir / ref.replace("\\", "/")).resolve()
        return target.is_relative_to(root) and target.is_file()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte, a name too long
        return False


def evidence_confidence(inputs: FactInputs) -> Fact | None:
    """The share of cited evidence that is measured or documented and, if a file, actually there.

    Measured beats documented beats estimated beats asserted; a citation of a file that is not in
    the repository (or that points outside it) is an assertion, whatever kind it claims to be.
    """
    register = _items(inputs.data, "evidence")
    missing_at: set[int] = set()
    if inputs.base_dir is not None:
        try:
            base_dir = inputs.base_dir.resolve()
            root = _repository_root(base_dir)
        except (OSError, RuntimeError):
            base_dir = root = inputs.base_dir.absolute()
        for k, entry in register:
            ref = entry.get("ref")
            if (
                isinstance(ref, str)
                and _looks_like_relative_path(ref)
                and not _file_in_repository(ref, base_dir, root)
            ):
                missing_at.add(k)
    first_entry: dict[str, int] = {}
    for k, entry in register:
        if isinstance(entry_id := entry.get("id"), str):
            first_entry.setdefault(entry_id, k)
    entries = dict(register)
    cited = list(dict.fromkeys(cited for _, cited in evidence_citations(inputs.data)))
    strong = sum(
        1
        for evidence_id in cited
        if (at := first_entry.get(evidence_id)) is not None
        and entries[at].get("kind") in _STRONG_EVIDENCE
        and at not in missing_at
    )
    missing_files, item_sources = _named_list(
        (
            (_text(entry.get("id")), _pointer("evidence", k))
            for k, entry in register
            if k in missing_at
        ),
        "missing_files",
    )
    value = {
        "share": strong / len(cited) if cited else 0.0,
        "cited": len(cited),
        "strong": strong,
        "missing_files": missing_files,
    }
    return Fact(value, ("/evidence",), item_sources)


# --- the registry -----------------------------------------------------------------------------

FACT_REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("baseline_measurement", baseline_measurement),
    ("oee_consistency", oee_consistency),
    ("loss_coverage", loss_coverage),
    ("loss_costing", loss_costing),
    ("baseline_age_months", baseline_age_months),
    ("pilot_evidence", pilot_evidence),
    ("operator_involvement", operator_involvement),
    ("plant_fte_share", plant_fte_share),
    ("unstoppable_systems", unstoppable_systems),
    ("legacy_without_route", legacy_without_route),
    ("scale_cost", scale_cost),
    ("pilot_coverage", pilot_coverage),
    ("closed_links_without_route", closed_links_without_route),
    ("component_loss_share", component_loss_share),
    ("unused_component_share", unused_component_share),
    ("future_proofing", future_proofing),
    ("need_before_technology", need_before_technology),
    ("phase_scope_growth", phase_scope_growth),
    ("hybrid_approach", hybrid_approach),
    ("problem_quantified", problem_quantified),
    ("benefits_over_loss", benefits_over_loss),
    ("phasing", phasing),
    ("payback", payback),
    ("stressed_payback", stressed_payback),
    ("sensitivity_payback", sensitivity_payback),
    ("payback_claim", payback_claim),
    ("grant", grant),
    ("risk_register", risk_register),
    ("knowledge_coverage", knowledge_coverage),
    ("knowledge_leavers", knowledge_leavers),
    ("battery_in_scope", battery_in_scope),
    ("battery_rules", battery_rules),
    ("regulated_phases", regulated_phases),
    ("evidence_confidence", evidence_confidence),
)


def _finite(value: Any) -> bool:
    """Whether every number inside value is finite (JSON has no NaN or infinity)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, Mapping):
        return all(_finite(item) for item in value.values())
    if isinstance(value, list):
        return all(_finite(item) for item in value)
    return True


def derive_facts(
    data: Mapping[str, Any],
    *,
    as_of: date,
    parameters: Mapping[str, Any],
    base_dir: Path | None = None,
) -> dict[str, Fact]:
    """Every fact whose inputs are present, by name, in registry order.

    `parameters` (the packs' merged parameters) win over DEFAULT_PARAMETERS. `data` has passed the
    project schema but may be sparse; `as_of` is "today"; `base_dir` is the project file's folder.
    """
    inputs = FactInputs(
        data=data,
        params={**DEFAULT_PARAMETERS, **parameters},
        as_of=as_of,
        base_dir=base_dir,
    )
    facts: dict[str, Fact] = {}
    for name, compute in FACT_REGISTRY:
        try:
            fact = compute(inputs)
        except OverflowError:  # amounts beyond a float's range (the schema sets no maximum)
            continue
        if fact is not None and _finite(fact.value):
            facts[name] = fact
    return facts
