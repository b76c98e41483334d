"""Integration facts (rubrics/integration.yaml): windows, legacy routes, scale cost, pilot reach."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    as_number,
    as_strings,
    as_text,
    items_at,
    json_pointer,
    named_list,
    param_number,
    param_strings,
    safe_ratio,
    section,
)


def unstoppable_systems(inputs: FactInputs) -> Fact | None:
    """Systems that cannot stop, and those whose maintenance window is shorter than the cut-over.

    A system that cannot stop and has no window long enough for the cut-over forces a parallel or
    phased go-live, or an unplanned stoppage of the line.
    """
    systems = items_at(inputs.data, "systems")
    if not systems:
        return None
    integration = section(inputs.data, "integration") or {}
    downtime = as_number(integration.get("required_downtime_hours"))
    unstoppable = [(k, system) for k, system in systems if system.get("can_stop") is False]

    def too_short(system: Mapping[str, Any]) -> bool:
        window = as_number(system.get("maintenance_window_hours"))
        return downtime is None or window is None or window < downtime

    short_windows, item_sources = named_list(
        (
            (as_text(system.get("id")), json_pointer("systems", k))
            for k, system in unstoppable
            if too_short(system)
        ),
        "short_windows",
    )
    value: dict[str, Any] = {"unstoppable": len(unstoppable)}
    cutover = as_text(integration.get("cutover"))
    if cutover is not None:
        value["cutover"] = cutover
    if downtime is not None:
        value["required_downtime_hours"] = downtime
    value["short_windows"] = short_windows
    return Fact(value, ("/systems", "/integration"), item_sources)


def _is_legacy(system: Mapping[str, Any], age_limit: float) -> bool:
    age = as_number(system.get("age_years"))
    return age is not None and age > age_limit


def legacy_without_route(inputs: FactInputs) -> Fact | None:
    """Ids of old or unsupported systems with no costed integration route.

    Legacy equipment is where integration cost explodes at scale; a route that is missing or
    uncosted is a cost the business case has not carried.
    """
    systems = items_at(inputs.data, "systems")
    if not systems:
        return None
    age_limit = param_number(inputs.params, "legacy_age_years")

    def needs_route(system: Mapping[str, Any]) -> bool:
        old = _is_legacy(system, age_limit) or system.get("vendor_supported") is False
        route = as_text(system.get("integration"))
        unrouted = route in (None, "none") or as_number(system.get("integration_cost")) is None
        return old and unrouted

    ids, item_sources = named_list(
        (as_text(system.get("id")), json_pointer("systems", k))
        for k, system in systems
        if needs_route(system)
    )
    return Fact(ids, ("/systems",), item_sources)


def scale_cost(inputs: FactInputs) -> Fact | None:
    """The scale-up integration estimate against per-asset cost times assets at scale.

    Pilot integration costs do not scale down: an estimate well below the per-asset cost times
    the number of assets assumes savings nobody has shown.
    """
    integration = section(inputs.data, "integration")
    if integration is None:
        return None
    per_asset = as_number(integration.get("per_asset_cost"))
    assets = as_number(integration.get("assets_at_scale"))
    estimate = as_number(integration.get("scale_cost_estimate"))
    if per_asset is None or assets is None or estimate is None:
        return None
    naive = per_asset * assets
    ratio = safe_ratio(estimate, naive)
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
    systems = items_at(inputs.data, "systems")
    if not systems:
        return None
    age_limit = param_number(inputs.params, "legacy_age_years")
    exempt = set(param_strings(inputs.params, "pilot_kinds_exempt"))
    first_of_kind: dict[str, int] = {}
    piloted: set[str] = set()
    for k, system in systems:
        kind = as_text(system.get("kind"))
        if kind is None or kind in exempt:
            continue
        first_of_kind.setdefault(kind, k)
        if system.get("in_pilot") is True:
            piloted.add(kind)
    kinds, item_sources = named_list(
        (
            (kind, json_pointer("systems", k))
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
    systems = items_at(inputs.data, "systems")
    if not systems:
        return None
    closed = set(param_strings(inputs.params, "closed_protocols"))
    routes = set(param_strings(inputs.params, "integration_routes"))
    ids, item_sources = named_list(
        (as_text(system.get("id")), json_pointer("systems", k))
        for k, system in systems
        if closed.intersection(as_strings(system.get("protocols")))
        and system.get("integration") not in routes
    )
    return Fact(ids, ("/systems",), item_sources)


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("unstoppable_systems", unstoppable_systems),
    ("legacy_without_route", legacy_without_route),
    ("scale_cost", scale_cost),
    ("pilot_coverage", pilot_coverage),
    ("closed_links_without_route", closed_links_without_route),
)
