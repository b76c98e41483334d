"""Traceability facts (rubrics/traceability.yaml): which battery duties apply, and when."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    as_date,
    as_number,
    as_strings,
    as_text,
    items_at,
    json_pointer,
    list_at,
    param_date,
    param_keywords,
    param_number,
    param_strings,
    section,
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
    category = as_text(battery.get("category"))
    capacity = as_number(battery.get("capacity_kwh"))
    passport_applies = category in param_strings(params, "passport_categories") or (
        category == "industrial"
        and capacity is not None
        and capacity > param_number(params, "passport_industrial_min_kwh")
    )
    value: dict[str, Any] = {
        "passport_applies": passport_applies,
        "passport_from": param_date(params, "passport_date").isoformat(),
    }
    covered = set(param_strings(params, "covered_materials"))
    uses_covered = bool(covered.intersection(as_strings(battery.get("materials"))))
    turnover = as_number(battery.get("company_turnover_eur"))
    if not uses_covered:
        value["due_diligence_applies"] = False
    elif turnover is not None:
        threshold = param_number(params, "due_diligence_turnover_eur")
        value["due_diligence_applies"] = turnover >= threshold
    value["due_diligence_from"] = param_date(params, "due_diligence_date").isoformat()
    return value


def battery_rules(inputs: FactInputs) -> Fact | None:
    """Whether the battery passport and supply-chain due diligence apply, and from when.

    The passport covers EV, LMT and larger industrial batteries; due diligence covers companies
    above a turnover threshold using cobalt, lithium, nickel or natural graphite. Dates and
    thresholds are pack parameters because the regulation's timetable moves.
    """
    battery = section(inputs.data, "traceability", "battery")
    if battery is None:
        return None
    return Fact(_battery_rules_value(battery, inputs.params), ("/traceability/battery",))


def regulated_phases(inputs: FactInputs) -> Fact | None:
    """Each phase starting on or after an applicable regulatory date, and whether its gate names it.

    A phase that goes live after the passport or due-diligence date without naming it in its gate
    will reach that gate unable to ship. Due diligence counts as applying when the turnover that
    decides it is not stated.
    """
    battery = section(inputs.data, "traceability", "battery")
    business_case = section(inputs.data, "business_case")
    if battery is None or list_at(business_case, "phases") is None:
        return None
    rules = _battery_rules_value(battery, inputs.params)
    requirements: list[tuple[str, date]] = []
    if rules["passport_applies"]:
        requirements.append(("battery passport", param_date(inputs.params, "passport_date")))
    if rules.get("due_diligence_applies", True):
        requirements.append(("due diligence", param_date(inputs.params, "due_diligence_date")))
    keywords = param_keywords(inputs.params, "requirement_keywords")
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    for k, phase in items_at(business_case, "phases"):
        start = as_date(phase.get("start"))
        if start is None:
            continue
        gate = as_text(phase.get("gate"))
        for requirement, from_date in requirements:
            if start < from_date:
                continue
            words = keywords.get(requirement) or [requirement]
            entry: dict[str, Any] = {}
            name = as_text(phase.get("name"))
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
            item_sources[json_pointer(len(entries))] = json_pointer(*where)
            entries.append(entry)
    return Fact(entries, ("/business_case/phases",), item_sources)


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("battery_in_scope", battery_in_scope),
    ("battery_rules", battery_rules),
    ("regulated_phases", regulated_phases),
)
