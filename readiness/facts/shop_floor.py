"""Shop-floor facts (rubrics/shop_floor.yaml): who from the line takes part, and how much."""

from __future__ import annotations

from typing import Any

from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    absent,
    as_number,
    as_text,
    items_at,
    key_path,
    list_at,
    no_pilot_yet,
    safe_ratio,
    section,
)

_PLANT_FUNCTIONS = frozenset({"operations", "maintenance", "quality"})


def operator_involvement(inputs: FactInputs) -> Fact | None:
    """The share of affected operators involved, and how many shifts are not represented.

    Operators on a shift that never saw the pilot meet the new system on go-live day; that is
    where workarounds, and quiet rejection of the tool, begin.
    """
    shop_floor = section(inputs.data, "people", "shop_floor") or {}
    affected = as_number(shop_floor.get("operators_affected"))
    involved = as_number(shop_floor.get("operators_involved"))
    needs = [
        key_path("people", "shop_floor", key)
        for key, number in (("operators_affected", affected), ("operators_involved", involved))
        if number is None
    ]
    if needs or affected is None or involved is None:
        return absent(("/people/shop_floor", "/people"), needs)
    if affected <= 0:  # nobody affected: no share to take
        return absent(("/people/shop_floor/operators_affected",), needs)
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
    not shape and cannot maintain. A team member without a function or an FTE leaves the share
    unknown: the fact names what to add rather than count them as outsiders.
    """
    people = section(inputs.data, "people")
    if list_at(people, "team") is None:
        return absent(("/people",), ("people.team",))
    team = items_at(people, "team")
    needs = [
        key_path("people", "team", k, key)
        for k, member in team
        for key, known in (
            ("function", as_text(member.get("function"))),
            ("fte", as_number(member.get("fte"))),
        )
        if known is None
    ]
    if needs:
        return absent(("/people/team",), needs)
    total = sum(as_number(member.get("fte")) or 0 for _, member in team)
    plant = sum(
        as_number(member.get("fte")) or 0
        for _, member in team
        if member.get("function") in _PLANT_FUNCTIONS
    )
    share = safe_ratio(plant, total) if total > 0 else None
    if share is None:
        return absent(("/people/team",), ("people.team[].fte",))
    return Fact(share, ("/people/team",))


def operator_issue_log(inputs: FactInputs) -> Fact | None:
    """How many operator issues have been logged and tracked so far.

    A log of what operators find wrong is the best evidence that the shop floor is heard; before
    a pilot exists (`project.stage: idea`) there is nothing yet to log.
    """
    reason = no_pilot_yet(inputs.data)
    if reason is not None:
        return absent(("/project/stage",), ("people.shop_floor.issues_logged",), reason)
    logged = as_number((section(inputs.data, "people", "shop_floor") or {}).get("issues_logged"))
    if logged is None:
        return absent(("/people/shop_floor", "/people"), ("people.shop_floor.issues_logged",))
    return Fact(logged, ("/people/shop_floor/issues_logged",))


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("operator_involvement", operator_involvement),
    ("plant_fte_share", plant_fte_share),
    ("operator_issue_log", operator_issue_log),
)
