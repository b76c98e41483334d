"""Over-engineering facts (rubrics/over_engineering.yaml): is the spend aimed at the losses?"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
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
    named_list,
    section,
)


def _component_costs(
    inputs: FactInputs,
) -> tuple[list[tuple[int, Mapping[str, Any]]], float] | None:
    """The components and their total cost, or None when there is no cost to share out."""
    components = items_at(section(inputs.data, "solution"), "components")
    total = sum(as_number(component.get("cost")) or 0 for _, component in components)
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
        as_number(component.get("cost")) or 0
        for _, component in components
        if as_strings(component.get("addresses"))
    )
    unlinked, item_sources = named_list(
        (
            (as_text(component.get("id")), json_pointer("solution", "components", k))
            for k, component in components
            if not as_strings(component.get("addresses"))
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
    unused, item_sources = named_list(
        (
            (as_text(c.get("id")), json_pointer("solution", "components", k))
            for k, c in unused_items
        ),
        "unused",
    )
    unused_cost = sum(as_number(c.get("cost")) or 0 for _, c in unused_items)
    value = {"share": unused_cost / total, "unused": unused}
    return Fact(value, ("/solution/components",), item_sources)


def future_proofing(inputs: FactInputs) -> Fact | None:
    """What is built ahead of need, as a share of capex, and which items have no trigger.

    "Future-proof" is the commonest way a project grows past its problem; an item with no event
    that would justify it is spend without a case.
    """
    capex = as_number((section(inputs.data, "business_case") or {}).get("capex"))
    if capex is None or capex <= 0:
        return None
    items = items_at(section(inputs.data, "solution"), "future_proofing")
    total = sum(as_number(item.get("cost")) or 0 for _, item in items)
    untriggered, item_sources = named_list(
        (
            (as_text(item.get("item")), json_pointer("solution", "future_proofing", k))
            for k, item in items
            if as_text(item.get("trigger")) is None
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
    solution = section(inputs.data, "solution")
    need = as_date(solution.get("need_established_on")) if solution is not None else None
    if need is None:
        return None
    choices = items_at(solution, "technology_choices")
    decided = [d for _, choice in choices if (d := as_date(choice.get("decided_on"))) is not None]
    value: dict[str, Any] = {"need_established_on": need.isoformat()}
    if decided:
        value["first_decided_on"] = min(decided).isoformat()
    value["need_first"] = need <= min(decided) if decided else True
    without, item_sources = named_list(
        (
            (as_text(choice.get("technology")), json_pointer("solution", "technology_choices", k))
            for k, choice in choices
            if not as_strings(choice.get("alternatives"))
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
    phases = items_at(section(inputs.data, "business_case"), "phases")
    sized = [
        (k, phase, assets)
        for k, phase in phases
        if (assets := as_number(phase.get("assets"))) is not None and assets > 0
    ]
    if len(sized) < 2:
        return None
    growth, before, after, after_index = max(
        ((a1 / a0, p0, p1, k1) for (_, p0, a0), (k1, p1, a1) in pairwise(sized)),
        key=lambda step: step[0],
    )
    value: dict[str, Any] = {"max_growth": growth}
    from_phase, to_phase = as_text(before.get("name")), as_text(after.get("name"))
    if from_phase is not None:
        value["from_phase"] = from_phase
    if to_phase is not None:
        value["to_phase"] = to_phase
    return Fact(
        value, (json_pointer("business_case", "phases", after_index), "/business_case/phases")
    )


def hybrid_approach(inputs: FactInputs) -> Fact | None:
    """Whether the solution sits beside what works, and how many components reuse, replace or add.

    Replacing systems that work adds risk and cost without adding value; a hybrid that reuses or
    extends what exists is faster to scale and easier to roll back.
    """
    solution = section(inputs.data, "solution")
    if solution is None:
        return None
    kinds = [component.get("kind") for _, component in items_at(solution, "components")]
    value: dict[str, Any] = {}
    hybrid = solution.get("hybrid")
    if isinstance(hybrid, bool):
        value["hybrid"] = hybrid
    value["reuse_or_extend"] = sum(1 for kind in kinds if kind in ("reuse", "extend"))
    value["replace"] = kinds.count("replace")
    value["new"] = kinds.count("new")
    return Fact(value, ("/solution/hybrid", "/solution"))


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("component_loss_share", component_loss_share),
    ("unused_component_share", unused_component_share),
    ("future_proofing", future_proofing),
    ("need_before_technology", need_before_technology),
    ("phase_scope_growth", phase_scope_growth),
    ("hybrid_approach", hybrid_approach),
)
