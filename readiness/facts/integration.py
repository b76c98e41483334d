"""Integration facts (rubrics/integration.yaml): windows, legacy routes, scale cost, pilot reach."""

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
    items_at,
    json_pointer,
    key_path,
    label,
    list_at,
    named_list,
    no_pilot_yet,
    param_number,
    param_strings,
    pilot_scope,
    safe_ratio,
    section,
    statements,
)


def _systems(inputs: FactInputs) -> list[tuple[int, Mapping[str, Any]]] | Fact:
    """The systems in scope, or an absent fact when none is listed."""
    systems = items_at(inputs.data, "systems")
    return systems if systems else absent(("",), ("systems",))


def _unstated(
    systems: list[tuple[int, Mapping[str, Any]]], key: str, known: Callable[[Any], Any]
) -> tuple[list[str], list[str]]:
    """(key paths to add, item pointers) for the systems whose `key` is not given."""
    missing = [k for k, system in systems if known(system.get(key)) is None]
    return (
        [key_path("systems", k, key) for k in missing],
        [json_pointer("systems", k) for k in missing],
    )


def _phase_name(phase: Mapping[str, Any], index: int) -> str:
    return f"phase '{label(phase, 'name', 'phase', index)}'"


def _phase_downtime(stated: Any, systems: Mapping[str, int]) -> dict[str, float] | None:
    """Hours a phase needs on each system that cannot stop: one figure for all of them, or one
    per named system (those not named need none); None when the phase does not say."""
    hours = as_number(stated)
    if hours is not None:
        return dict.fromkeys(systems, hours)
    if isinstance(stated, Mapping):
        return {
            system: number
            for system, value in stated.items()
            if system in systems and (number := as_number(value)) is not None
        }
    return None


def _is_pilot_phase(phase: Mapping[str, Any]) -> bool:
    """Whether a phase is the pilot (its name says so): it touches the systems in the pilot."""
    name = as_text(phase.get("name"))
    return name is not None and "pilot" in name.lower()


def _yearly_windows(phases: list[tuple[int, Mapping[str, Any]]]) -> tuple[int, str]:
    """How many yearly maintenance windows a phased plan can use (one per calendar year its
    phases start in, one per undated phase; at least one), and the years in words."""
    years = sorted({start.year for _, p in phases if (start := as_date(p.get("start")))})
    undated = sum(1 for _, p in phases if as_date(p.get("start")) is None)
    count = max(len(years) + undated, 1)
    if not phases:
        return 1, "with no phases to spread it over"
    if len(years) == 1 and not undated:
        return 1, f"with all its phases in {years[0]}"
    if count == 1:
        return 1, "within one yearly window"
    return count, f"spread over at most {count} yearly windows"


def _bounded_by_total(
    integration: Mapping[str, Any],
    unstoppable: list[tuple[int, Mapping[str, Any]]],
    ids: Mapping[str, int],
    phases: list[tuple[int, Mapping[str, Any]]],
) -> tuple[dict[str, tuple[str, float, int]], bool]:
    """What the total downtime of a phased cut-over tells without per-phase figures (issue 15):
    a total that fits a system's yearly window bounds every phase on it (nothing to add); a
    total beyond the windows its phases can use cannot fit however it is split (a demand that
    fails). Also whether some system lies between the two (or no total is given), where only
    per-phase figures tell."""
    total = as_number(integration.get("required_downtime_hours"))
    if total is None:
        return {}, True
    windows, spread = _yearly_windows(phases)
    by_index = dict(unstoppable)
    demands: dict[str, tuple[str, float, int]] = {}
    undecided = False
    for system, k in ids.items():
        window = as_number(by_index[k].get("maintenance_window_hours"))
        if window is None or total <= window:
            continue
        if total > window * windows:
            demands[system] = (f"the phased cut-over, {spread},", total, windows)
        else:
            undecided = True
    return demands, undecided


def unstoppable_systems(inputs: FactInputs) -> Fact | None:
    """Each system that cannot stop whose maintenance window is shorter than the downtime the
    cut-over needs on it.

    A big-bang cut-over needs all its downtime (`integration.required_downtime_hours`) inside one
    year's window; a phased or parallel one spreads it, so each phase's downtime on each system
    (`business_case.phases[].downtime_hours`: hours on every such system, or per system id) must
    fit, and phases starting in the same calendar year share that year's window. A phased
    cut-over on equipment that cannot stop and has no window at all still stops the line: the
    word "phased" is not a plan.
    """
    systems = _systems(inputs)
    if isinstance(systems, Fact):
        return systems
    needs, where = _unstated(systems, "can_stop", as_bool)
    unstoppable = [(k, system) for k, system in systems if system.get("can_stop") is False]
    more, more_where = _unstated(unstoppable, "maintenance_window_hours", as_number)
    needs, where = needs + more, where + more_where
    integration = section(inputs.data, "integration") or {}
    cutover = as_text(integration.get("cutover"))
    value: dict[str, Any] = {"unstoppable": len(unstoppable)}
    if cutover is not None:
        value["cutover"] = cutover
    # Per system id: (who needs the downtime, hours, how many yearly windows it may use).
    demands: dict[str, list[tuple[str, float, int]]] = {}
    ids = {label(system, "id", "system", k): k for k, system in unstoppable}
    if unstoppable and cutover is None:
        needs.append("integration.cutover")
    elif unstoppable and cutover == "big_bang":
        downtime = as_number(integration.get("required_downtime_hours"))
        if downtime is None:
            needs.append("integration.required_downtime_hours")
        else:
            demands = {system: [("the big-bang cut-over", downtime, 1)] for system in ids}
    elif unstoppable:
        phases = items_at(section(inputs.data, "business_case"), "phases")
        by_index = dict(unstoppable)
        piloted = {system: as_bool(by_index[k].get("in_pilot")) for system, k in ids.items()}
        by_year: dict[tuple[str, int | None, int], list[tuple[str, float]]] = {}
        unstated: list[int] = []
        for k, phase in phases:
            hours = _phase_downtime(phase.get("downtime_hours"), ids)
            if hours is None:
                unstated.append(k)
                continue
            if _is_pilot_phase(phase) and any(piloted.values()):
                # One figure for a pilot phase falls on the systems in the pilot only.
                hours = {system: h for system, h in hours.items() if piloted[system] is not False}
            start = as_date(phase.get("start"))
            for system, system_hours in hours.items():
                # Phases in one calendar year share its window; an undated phase stands alone.
                window_key = (system, start.year, 0) if start is not None else (system, None, k)
                by_year.setdefault(window_key, []).append((_phase_name(phase, k), system_hours))
        for (system, year, _), shared in sorted(by_year.items(), key=lambda kv: str(kv[0])):
            if len(shared) == 1:
                demands.setdefault(system, []).append((*shared[0], 1))
            else:
                names = ", ".join(name.removeprefix("phase ") for name, _ in shared)
                total = sum(h for _, h in shared)
                demands.setdefault(system, []).append((f"phases {names} (all in {year})", total, 1))
        if unstated or not phases:
            bounded, undecided = _bounded_by_total(integration, unstoppable, ids, phases)
            for system, demand in bounded.items():
                demands.setdefault(system, []).append(demand)
            if undecided:
                if not phases:
                    needs.append("business_case.phases[].downtime_hours")
                for k in unstated:
                    needs.append(key_path("business_case", "phases", k, "downtime_hours"))
                    where.append(json_pointer("business_case", "phases", k))
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    by_index = dict(unstoppable)
    for system, k in ids.items():
        window = as_number(by_index[k].get("maintenance_window_hours"))
        if window is None:
            continue
        for needed_by, needed, windows in demands.get(system, []):
            if needed > window * windows:
                item_sources[json_pointer("short_windows", len(entries))] = json_pointer(
                    "systems", k
                )
                entries.append(
                    {
                        "system": system,
                        "window_hours": window,
                        "downtime_hours": needed,
                        "needed_by": needed_by,
                    }
                )
    # A window known to be too short is a judgement even where other figures are missing.
    if needs and not entries:
        return absent((*where, "/systems", "/integration"), needs)
    value["short_windows"] = entries
    return Fact(value, ("/systems", "/integration"), item_sources)


def _legacy(system: Mapping[str, Any], age_limit: float) -> bool | None:
    """Whether a system is legacy (older than the limit, or unsupported); None when unknown."""
    age = as_number(system.get("age_years"))
    supported = as_bool(system.get("vendor_supported"))
    if (age is not None and age > age_limit) or supported is False:
        return True
    if age is None or supported is None:
        return None
    return False


def legacy_without_route(inputs: FactInputs) -> Fact | None:
    """Ids of old or unsupported systems with no costed integration route.

    Legacy equipment is where integration cost explodes at scale; a route that is missing or
    uncosted is a cost the business case has not carried. A `native` route (the system already
    speaks what the project needs) costs nothing to integrate and needs no price; an adapter,
    retrofit or replacement does.
    """
    systems = _systems(inputs)
    if isinstance(systems, Fact):
        return systems
    age_limit = param_number(inputs.params, "legacy_age_years")
    unknown = [k for k, system in systems if _legacy(system, age_limit) is None]
    if unknown:
        by_index = dict(systems)
        needs = [
            key_path("systems", k, key)
            for k in unknown
            for key in ("age_years", "vendor_supported")
            if by_index[k].get(key) is None
        ]
        return absent((*(json_pointer("systems", k) for k in unknown), "/systems"), needs)

    def unrouted(system: Mapping[str, Any]) -> bool:
        route = as_text(system.get("integration"))
        if route == "native":
            return False
        return route in (None, "none") or as_number(system.get("integration_cost")) is None

    ids, item_sources = named_list(
        (label(system, "id", "system", k), json_pointer("systems", k))
        for k, system in systems
        if _legacy(system, age_limit) and unrouted(system)
    )
    return Fact(ids, ("/systems",), item_sources)


def scale_cost(inputs: FactInputs) -> Fact | None:
    """The scale-up integration estimate against per-asset cost times assets at scale.

    Pilot integration costs do not scale down: an estimate well below the per-asset cost times
    the number of assets assumes savings nobody has shown.
    """
    integration = section(inputs.data, "integration") or {}
    figures = {
        key: as_number(integration.get(key))
        for key in ("per_asset_cost", "assets_at_scale", "scale_cost_estimate")
    }
    needs = [key_path("integration", key) for key, figure in figures.items() if figure is None]
    if needs:
        return absent(("/integration", ""), needs)
    per_asset, assets, estimate = (figures[key] or 0.0 for key in figures)
    naive = per_asset * assets
    ratio = safe_ratio(estimate, naive)
    if ratio is None:  # nothing to scale to
        return absent(("/integration/assets_at_scale", "/integration"), ())
    value = {"naive": naive, "estimate": estimate, "ratio": ratio}
    return Fact(value, ("/integration/scale_cost_estimate", "/integration"))


def pilot_coverage(inputs: FactInputs) -> Fact | None:
    """Kinds of system present at scale but absent from the pilot, and legacy systems piloted.

    A pilot on the newest line proves little about the oldest: kinds and age classes it never
    touched are where the rollout meets its surprises. Site-wide IT (the kinds in
    `pilot_kinds_exempt`: ERP, cloud, network) is listed for context and need not be piloted.
    Before a pilot exists (`project.stage: idea`) the planned scope is judged where systems
    declare it, and nothing is judged where none does; a system whose kind, age or place in the
    pilot is not stated leaves the coverage unknown.
    """
    pilot = pilot_scope(inputs.data, ("systems",), "in_pilot")
    if pilot is None:
        reason = no_pilot_yet(inputs.data)
        return absent(("/project/stage",), ("systems[].in_pilot",), reason)
    systems = _systems(inputs)
    if isinstance(systems, Fact):
        return systems
    age_limit = param_number(inputs.params, "legacy_age_years")
    exempt = set(param_strings(inputs.params, "pilot_kinds_exempt"))
    needs, where = _unstated(systems, "kind", as_text)
    at_scale = [(k, s) for k, s in systems if as_text(s.get("kind")) not in exempt]
    for key, known in (("in_pilot", as_bool), ("age_years", as_number)):
        more, more_where = _unstated(at_scale, key, known)
        needs, where = needs + more, where + more_where
    if needs:
        return absent((*where, "/systems"), needs)
    first_of_kind: dict[str, int] = {}
    piloted: set[str] = set()
    for k, system in at_scale:
        kind = str(system["kind"])
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
    legacy = [s for _, s in at_scale if (as_number(s.get("age_years")) or 0) > age_limit]
    value = {
        "pilot": pilot,
        "kinds_not_piloted": kinds,
        "legacy_in_scope": len(legacy),
        "legacy_in_pilot": sum(1 for system in legacy if system.get("in_pilot") is True),
    }
    return Fact(value, ("/systems",), item_sources)


def closed_links_without_route(inputs: FactInputs) -> Fact | None:
    """Ids of systems with closed links (proprietary, manual, file) and no adapter-type route.

    A closed link does not open itself at scale: without an adapter, retrofit or replacement it
    stays a manual or brittle step on every line the rollout reaches. A system whose protocols
    are not stated may hide one.
    """
    systems = _systems(inputs)
    if isinstance(systems, Fact):
        return systems
    needs, where = _unstated(systems, "protocols", lambda v: v if isinstance(v, list) else None)
    if needs:
        return absent((*where, "/systems"), needs)
    closed = set(param_strings(inputs.params, "closed_protocols"))
    routes = set(param_strings(inputs.params, "integration_routes"))
    ids, item_sources = named_list(
        (label(system, "id", "system", k), json_pointer("systems", k))
        for k, system in systems
        if closed.intersection(as_strings(system.get("protocols")))
        and system.get("integration") not in routes
    )
    return Fact(ids, ("/systems",), item_sources)


def cutover_readiness(inputs: FactInputs) -> Fact | None:
    """Whether the cut-over was rehearsed (in the pilot or a trial) and can be rolled back.

    A cut-over tried for the first time on the production line, with no way back, turns any
    integration surprise into lost output: rehearsal and a rollback plan verify the plan.
    """
    return statements(
        inputs.data, ("integration",), {"cutover_rehearsed": as_bool, "rollback_plan": as_bool}
    )


def integration_risk_rating(inputs: FactInputs) -> Fact | None:
    """The highest rating (likelihood x impact, 1-25) the register gives an integration risk,
    beside the systems the integration facts find at risk.

    A register that rates integration risk low while windows are short, legacy routes uncosted,
    links closed or kinds of system unpiloted has not looked at its own estate: the risk that
    stalls rollouts is the one nobody rated.
    """
    risks_list = list_at(inputs.data, "risks")
    if risks_list is None:
        return absent(("",), ("risks",))
    ratings: list[float] = []
    needs: list[str] = []
    for k, risk in items_at(inputs.data, "risks"):
        if risk.get("category") != "integration":
            continue
        likelihood, impact = as_number(risk.get("likelihood")), as_number(risk.get("impact"))
        if likelihood is None or impact is None:
            needs += [
                key_path("risks", k, key)
                for key, known in (("likelihood", likelihood), ("impact", impact))
                if known is None
            ]
            continue
        ratings.append(likelihood * impact)
    if needs:
        return absent(("/risks",), needs)
    at_risk: list[str] = []
    for found in (
        unstoppable_systems(inputs),
        legacy_without_route(inputs),
        closed_links_without_route(inputs),
    ):
        if found is None or found.value is None:
            continue
        listed = found.value["short_windows"] if isinstance(found.value, dict) else found.value
        at_risk += [item["system"] if isinstance(item, dict) else item for item in listed]
    highest = max(ratings, default=0)
    value = {
        "highest_rating": highest,
        "integration_risks": len(ratings),
        "systems_at_risk": list(dict.fromkeys(at_risk)),
        # What the register says, in words: "rated 0 of 25" for a register without a single
        # integration risk reads as a rating someone gave (issue 15).
        "register_says": (
            f"the highest integration risk in the register is rated {highest:g} of 25"
            if ratings
            else "the register holds no risk of category integration at all"
        ),
    }
    return Fact(value, ("/risks",))


def integration_governance(inputs: FactInputs) -> Fact | None:
    """Whether changes to the integrated systems go through change control, and who owns their
    OT security after go-live.

    Connections made by a project are changed for years after it ends; without change control and
    a named OT security owner they drift until a change stops the line or opens it to attack.
    """
    return statements(
        inputs.data, ("integration",), {"change_control": as_bool, "security_owner": as_text}
    )


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("unstoppable_systems", unstoppable_systems),
    ("legacy_without_route", legacy_without_route),
    ("scale_cost", scale_cost),
    ("pilot_coverage", pilot_coverage),
    ("closed_links_without_route", closed_links_without_route),
    ("cutover_readiness", cutover_readiness),
    ("integration_risk_rating", integration_risk_rating),
    ("integration_governance", integration_governance),
)
