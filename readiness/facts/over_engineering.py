"""Over-engineering facts (rubrics/over_engineering.yaml): is the spend aimed at the losses?"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from itertools import pairwise
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
    items_lacking,
    json_pointer,
    key_path,
    label,
    list_at,
    named_list,
    no_pilot_yet,
    pilot_scope,
    section,
    statements,
)


def _component_costs(
    inputs: FactInputs,
) -> tuple[list[tuple[int, Mapping[str, Any]]], float] | Fact:
    """The components and their total cost, or an absent fact naming the costs to add.

    A component without a cost is not a free component: shares of cost cannot be taken.
    """
    solution = section(inputs.data, "solution")
    if list_at(solution, "components") is None:
        return absent(("/solution", ""), ("solution.components",))
    components = items_at(solution, "components")
    uncosted = [k for k, component in components if as_number(component.get("cost")) is None]
    if uncosted:
        return items_lacking(("solution", "components"), uncosted, "cost")
    total = sum(as_number(component.get("cost")) or 0 for _, component in components)
    if total <= 0:  # no spend to share out
        return absent(("/solution/components", "/solution"), ("solution.components[].cost",))
    return components, total


def component_loss_share(inputs: FactInputs) -> Fact | None:
    """The share of component cost that addresses a baseline loss or KPI, and the parts that don't.

    Every part of the solution should trace to a measured loss; money spent on parts that address
    nothing is complexity the plant will maintain for no return.
    """
    costed = _component_costs(inputs)
    if isinstance(costed, Fact):
        return costed
    components, total = costed
    linked = sum(
        as_number(component.get("cost")) or 0
        for _, component in components
        if as_strings(component.get("addresses"))
    )
    unlinked, item_sources = named_list(
        (
            (label(component, "id", "component", k), json_pointer("solution", "components", k))
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
    is paid for at full scale. Before a pilot exists (`project.stage: idea`) the planned scope is
    judged where components declare it, and nothing where none does; a component whose
    `used_in_pilot` is not stated is neither used nor unused.
    """
    pilot = pilot_scope(inputs.data, ("solution", "components"), "used_in_pilot")
    if pilot is None:
        reason = no_pilot_yet(inputs.data)
        return absent(("/project/stage",), ("solution.components[].used_in_pilot",), reason)
    costed = _component_costs(inputs)
    if isinstance(costed, Fact):
        return costed
    components, total = costed
    unstated = [k for k, c in components if as_bool(c.get("used_in_pilot")) is None]
    if unstated:
        return items_lacking(("solution", "components"), unstated, "used_in_pilot")
    unused_items = [(k, c) for k, c in components if c.get("used_in_pilot") is False]
    unused, item_sources = named_list(
        (
            (label(c, "id", "component", k), json_pointer("solution", "components", k))
            for k, c in unused_items
        ),
        "unused",
    )
    unused_cost = sum(as_number(c.get("cost")) or 0 for _, c in unused_items)
    value = {"pilot": pilot, "share": unused_cost / total, "unused": unused}
    return Fact(value, ("/solution/components",), item_sources)


def future_proofing(inputs: FactInputs) -> Fact | None:
    """What is built ahead of need, as a share of capex, and which items have no trigger.

    "Future-proof" is the commonest way a project grows past its problem; an item with no event
    that would justify it is spend without a case. A project that lists nothing built ahead of
    need has nothing here to judge against (a share of 0).
    """
    capex = as_number((section(inputs.data, "business_case") or {}).get("capex"))
    if capex is None or capex <= 0:
        return absent(("/business_case", ""), ("business_case.capex",))
    items = items_at(section(inputs.data, "solution"), "future_proofing")
    uncosted = [k for k, item in items if as_number(item.get("cost")) is None]
    if uncosted:
        return items_lacking(("solution", "future_proofing"), uncosted, "cost")
    total = sum(as_number(item.get("cost")) or 0 for _, item in items)
    untriggered, item_sources = named_list(
        (
            (label(item, "item", "item", k), json_pointer("solution", "future_proofing", k))
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
    pilot that never scales; alternatives considered are the evidence it did not. Both dates are
    needed: a choice with no date may have come first.
    """
    solution = section(inputs.data, "solution")
    need = as_date(solution.get("need_established_on")) if solution is not None else None
    needs = [] if need is not None else ["solution.need_established_on"]
    if list_at(solution, "technology_choices") is None:
        needs.append("solution.technology_choices")
    choices = items_at(solution, "technology_choices")
    needs += [
        key_path("solution", "technology_choices", k, "decided_on")
        for k, choice in choices
        if as_date(choice.get("decided_on")) is None
    ]
    if needs or need is None:
        return absent(("/solution", ""), needs)
    decided = [as_date(choice.get("decided_on")) or need for _, choice in choices]
    value: dict[str, Any] = {"need_established_on": need.isoformat()}
    if decided:
        value["first_decided_on"] = min(decided).isoformat()
    value["need_first"] = need <= min(decided) if decided else True
    without, item_sources = named_list(
        (
            (
                label(choice, "technology", "choice", k),
                json_pointer("solution", "technology_choices", k),
            )
            for k, choice in choices
            if not as_strings(choice.get("alternatives"))
        ),
        "without_alternatives",
    )
    value["without_alternatives"] = without
    return Fact(value, ("/solution/need_established_on", "/solution"), item_sources)


def phase_scope_growth(inputs: FactInputs) -> Fact | None:
    """The step-up in assets from the pilot phase to the first rollout, and the largest step-up
    between later phases, with where each happens.

    A jump from two cells to the whole plant in one phase skips the learning a middle step buys;
    most of what goes wrong at scale shows up at the first moderate step. The step out of a pilot
    is judged on its own: a one-asset pilot followed by a first line of eight is ordinary, while
    growing eight-fold again after that is not.
    """
    case = section(inputs.data, "business_case")
    phases = items_at(case, "phases")
    unsized = [k for k, phase in phases if as_number(phase.get("assets")) is None]
    # A phase with no assets (design, commissioning) is no step on the scope ladder.
    sized = [
        (k, phase, assets)
        for k, phase in phases
        if (assets := as_number(phase.get("assets")) or 0.0) > 0
    ]
    if unsized or len(sized) < 2:
        needs = [key_path("business_case", "phases", k, "assets") for k in unsized]
        if len(phases) == 1:
            # Not `phases[1].assets`: there is no second phase to give assets to (issue 15).
            needs.append("a second phase in business_case.phases (the step after the pilot)")
        elif not phases:
            needs.append("business_case.phases[] with the assets of each phase")
        where = (json_pointer("business_case", "phases", k) for k in unsized)
        return absent((*where, "/business_case/phases", "/business_case", ""), needs)
    steps: list[tuple[int, dict[str, Any]]] = []
    for (k0, before, a0), (k1, after, a1) in pairwise(sized):
        step: dict[str, Any] = {
            "from": label(before, "name", "phase", k0),
            "to": label(after, "name", "phase", k1),
            "growth": a1 / a0,
        }
        steps.append((k1, step))
    value: dict[str, Any] = {"first": steps[0][1]}
    item_sources = {"/first": json_pointer("business_case", "phases", steps[0][0])}
    if len(steps) > 1:
        k, largest = max(steps[1:], key=lambda found: found[1]["growth"])
        value["later"] = largest
        item_sources["/later"] = json_pointer("business_case", "phases", k)
    return Fact(value, ("/business_case/phases",), item_sources)


def hybrid_approach(inputs: FactInputs) -> Fact | None:
    """Whether the solution sits beside what works, and how many components reuse, replace or add.

    Replacing systems that work adds risk and cost without adding value; a hybrid that reuses or
    extends what exists is faster to scale and easier to roll back. Without `solution.hybrid`,
    the kind of every component is needed to tell.
    """
    solution = section(inputs.data, "solution")
    if solution is None:
        return absent(("",), ("solution.hybrid", "solution.components"))
    components = items_at(solution, "components")
    kinds = [component.get("kind") for _, component in components]
    value: dict[str, Any] = {}
    hybrid = as_bool(solution.get("hybrid"))
    if hybrid is not None:
        value["hybrid"] = hybrid
    else:
        needs = ["solution.hybrid"] if not components else []
        needs += [
            key_path("solution", "components", k, "kind")
            for k, component in components
            if as_text(component.get("kind")) is None
        ]
        if needs:
            return absent(("/solution",), needs)
    value["reuse_or_extend"] = sum(1 for kind in kinds if kind in ("reuse", "extend"))
    value["replace"] = kinds.count("replace")
    value["new"] = kinds.count("new")
    return Fact(value, ("/solution/hybrid", "/solution"))


def largest_loss(inputs: FactInputs) -> Fact | None:
    """The costliest baseline loss, its share of all costed losses, and whether the project
    addresses it (a component or a benefit names it) or says why it leaves it alone.

    Money follows the biggest loss: a project aimed at a smaller one while the largest goes
    unaddressed, without a word on why, may be solving the problem its technology fits rather
    than the one the line has.
    """
    losses = items_at(section(inputs.data, "baseline"), "losses")
    costed = [(k, loss, cost) for k, loss in losses if (cost := as_number(loss.get("annual_cost")))]
    if not costed:
        return absent(("/baseline/losses", "/baseline", ""), ("baseline.losses[].annual_cost",))
    solution, case = section(inputs.data, "solution"), section(inputs.data, "business_case")
    if list_at(solution, "components") is None and list_at(case, "benefits") is None:
        return absent(("/solution", ""), ("solution.components",))
    addressed = {
        loss_id
        for _, component in items_at(solution, "components")
        for loss_id in as_strings(component.get("addresses"))
    } | {loss_id for _, b in items_at(case, "benefits") if (loss_id := as_text(b.get("loss")))}
    k, loss, cost = max(costed, key=lambda found: found[2])
    loss_id = label(loss, "id", "loss", k)
    value: dict[str, Any] = {
        "loss": loss_id,
        "annual_cost": cost,
        "share": cost / sum(found[2] for found in costed),
        "addressed": loss_id in addressed,
    }
    if (reason := as_text(loss.get("out_of_scope"))) is not None:
        value["out_of_scope"] = reason
    return Fact(value, (json_pointer("baseline", "losses", k),))


def usage_review(inputs: FactInputs) -> Fact | None:
    """When the post-implementation review of what was used is held or planned, and whether that
    is after the first phase goes live (a review before go-live has nothing to review).

    Components that nobody uses after go-live cost licences and maintenance for years; a dated
    review of what is used, and what to switch off, is how a plant keeps a solution lean.
    """
    found = statements(inputs.data, ("solution",), {"post_implementation_review": as_date})
    if found.value is None:
        return found
    review_on = date.fromisoformat(found.value["post_implementation_review"])
    value: dict[str, Any] = {"review_on": review_on.isoformat()}
    lives = [
        when
        for _, phase in items_at(section(inputs.data, "business_case"), "phases")
        if (when := as_date(phase.get("go_live")) or as_date(phase.get("start"))) is not None
    ]
    if lives:
        value["first_live"] = min(lives).isoformat()
        value["after_go_live"] = review_on > min(lives)
    return Fact(value, ("/solution/post_implementation_review", "/solution"))


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("component_loss_share", component_loss_share),
    ("unused_component_share", unused_component_share),
    ("future_proofing", future_proofing),
    ("need_before_technology", need_before_technology),
    ("phase_scope_growth", phase_scope_growth),
    ("hybrid_approach", hybrid_approach),
    ("largest_loss", largest_loss),
    ("usage_review", usage_review),
)
