"""Traceability facts (rubrics/traceability.yaml): which battery duties apply, and when."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
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
    items_at,
    json_pointer,
    key_path,
    label,
    list_at,
    param_date,
    param_keywords,
    param_number,
    param_strings,
    section,
    statements,
)


def battery_in_scope(inputs: FactInputs) -> Fact | None:
    """Whether battery rules apply: as stated, else whether the project's sector is battery.

    The EU Battery Regulation's duties fall on makers and assemblers of batteries; a battery plant
    that forgot to say so is still in scope.
    """
    battery = section(inputs.data, "traceability", "battery")
    in_scope = battery.get("in_scope") if battery is not None else None
    if isinstance(in_scope, bool):
        return Fact(in_scope, ("/traceability/battery/in_scope",))
    sector = (section(inputs.data, "project") or {}).get("sector")
    return Fact(sector == "battery", ("/project/sector",))


def _battery_rules_value(battery: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """Which duties apply; a duty whose deciding fact (category, capacity, materials, turnover)
    is not stated is left out, and the checks on it then apply (`when_absent: applies`)."""
    category = as_text(battery.get("category"))
    capacity = as_number(battery.get("capacity_kwh"))
    value: dict[str, Any] = {}
    if category in param_strings(params, "passport_categories"):
        value["passport_applies"] = True
    elif category == "industrial":
        if capacity is not None:
            value["passport_applies"] = capacity > param_number(
                params, "passport_industrial_min_kwh"
            )
    elif category is not None:
        value["passport_applies"] = False
    # How TC-02 may put the duty: "is required" only once the category (and, for an industrial
    # battery, the capacity) says so (issue 15).
    value["passport_duty"] = (
        "is required"
        if value.get("passport_applies")
        else "may be required (the battery's category or capacity, which decides it, is not stated)"
    )
    value["passport_from"] = param_date(params, "passport_date").isoformat()
    covered = set(param_strings(params, "covered_materials"))
    materials = battery.get("materials")
    turnover = as_number(battery.get("company_turnover_eur"))
    if isinstance(materials, list) and not covered.intersection(as_strings(materials)):
        value["due_diligence_applies"] = False
    elif isinstance(materials, list) and turnover is not None:
        threshold = param_number(params, "due_diligence_turnover_eur")
        value["due_diligence_applies"] = turnover >= threshold
    value["due_diligence_from"] = param_date(params, "due_diligence_date").isoformat()
    return value


def battery_rules(inputs: FactInputs) -> Fact | None:
    """Whether the battery passport and supply-chain due diligence apply, and from when.

    The passport covers EV, LMT and larger industrial batteries; due diligence covers companies
    above a turnover threshold using cobalt, lithium, nickel or natural graphite. Dates and
    thresholds are pack parameters because the regulation's timetable moves. An unstated
    category, capacity, material list or turnover leaves the duty open: it is planned for, not
    assumed away.
    """
    battery = section(inputs.data, "traceability", "battery")
    if battery is None:
        return absent(("/traceability", ""), ("traceability.battery",))
    return Fact(_battery_rules_value(battery, inputs.params), ("/traceability/battery",))


def regulated_phases(inputs: FactInputs) -> Fact | None:
    """Each phase going live on or after an applicable regulatory date, and whether its gate
    names that requirement.

    A phase that goes live after the passport or due-diligence date without naming it in its gate
    will reach that gate unable to ship. A phase goes live on its `go_live` date, else when it
    starts (the earliest it can be live; a pilot is live from its first day): state `go_live` for
    a phase that starts before a regulatory date and goes live after it. A phase with neither
    date cannot be placed. A duty whose applicability is not stated counts as applying.
    """
    battery = section(inputs.data, "traceability", "battery")
    business_case = section(inputs.data, "business_case")
    if battery is None:
        return absent(("/traceability", ""), ("traceability.battery",))
    if list_at(business_case, "phases") is None:
        return absent(("/business_case", ""), ("business_case.phases",))
    rules = _battery_rules_value(battery, inputs.params)
    requirements: list[tuple[str, date]] = []
    if rules.get("passport_applies", True):
        requirements.append(("battery passport", param_date(inputs.params, "passport_date")))
    if rules.get("due_diligence_applies", True):
        requirements.append(("due diligence", param_date(inputs.params, "due_diligence_date")))
    keywords = param_keywords(inputs.params, "requirement_keywords")
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    needs: list[str] = []
    where: list[str] = []
    for k, phase in items_at(business_case, "phases"):
        live_on = as_date(phase.get("go_live")) or as_date(phase.get("start"))
        if live_on is None:
            needs.append(key_path("business_case", "phases", k, "go_live"))
            where.append(json_pointer("business_case", "phases", k))
            continue
        gate = as_text(phase.get("gate"))
        for requirement, from_date in requirements:
            if live_on < from_date:
                continue
            words = keywords.get(requirement) or [requirement]
            at = json_pointer("business_case", "phases", k)
            item_sources[json_pointer(len(entries))] = at + ("/gate" if gate else "")
            entries.append(
                {
                    "phase": label(phase, "name", "phase", k),
                    "live_on": live_on.isoformat(),
                    "requirement": requirement,
                    "names_requirement": gate is not None
                    and any(word.lower() in gate.lower() for word in words),
                }
            )
    if needs:
        return absent((*where, "/business_case/phases"), needs)
    return Fact(entries, ("/business_case/phases",), item_sources)


def traceability_rehearsal(inputs: FactInputs) -> Fact | None:
    """When traceability was rehearsed with a customer or an auditor (a mock recall or a passport
    data request answered end to end), and how many days before the as-of date.

    Genealogy that has never been queried under time pressure fails the first real recall; a
    rehearsal with the people who will ask is what shows it works. A date still to come is a
    plan, not a rehearsal.
    """
    found = statements(inputs.data, ("traceability", "battery"), {"rehearsed_on": as_date})
    if found.value is None:
        return found
    rehearsed_on = date.fromisoformat(found.value["rehearsed_on"])
    value = {
        "rehearsed_on": rehearsed_on.isoformat(),
        "days_ago": (inputs.as_of - rehearsed_on).days,
    }
    return Fact(value, ("/traceability/battery/rehearsed_on", "/traceability/battery"))


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("battery_in_scope", battery_in_scope),
    ("battery_rules", battery_rules),
    ("regulated_phases", regulated_phases),
    ("traceability_rehearsal", traceability_rehearsal),
)
