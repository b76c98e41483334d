"""Shop-floor facts (rubrics/shop_floor.yaml): who from the line takes part, and how much."""

from __future__ import annotations

from typing import Any

from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    as_number,
    items_at,
    list_at,
    safe_ratio,
    section,
)

_PLANT_FUNCTIONS = frozenset({"operations", "maintenance", "quality"})


def operator_involvement(inputs: FactInputs) -> Fact | None:
    """The share of affected operators involved, and how many shifts are not represented.

    Operators on a shift that never saw the pilot meet the new system on go-live day; that is
    where workarounds, and quiet rejection of the tool, begin.
    """
    shop_floor = section(inputs.data, "people", "shop_floor")
    if shop_floor is None:
        return None
    affected = as_number(shop_floor.get("operators_affected"))
    involved = as_number(shop_floor.get("operators_involved"))
    if affected is None or affected <= 0 or involved is None:
        return None
    value: dict[str, Any] = {
        "share": involved / affected,
        "operators_affected": affected,
        "operators_involved": involved,
    }
    shifts = as_number(shop_floor.get("shifts"))
    represented = as_number(shop_floor.get("shifts_represented"))
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
    team_list = list_at(section(inputs.data, "people"), "team")
    if team_list is None:
        return None
    team = items_at(section(inputs.data, "people"), "team")
    total = sum(as_number(member.get("fte")) or 0 for _, member in team)
    plant = sum(
        as_number(member.get("fte")) or 0
        for _, member in team
        if member.get("function") in _PLANT_FUNCTIONS
    )
    share = safe_ratio(plant, total) if total > 0 else None
    return Fact(share, ("/people/team",)) if share is not None else None


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("operator_involvement", operator_involvement),
    ("plant_fte_share", plant_fte_share),
)
