"""Knowledge facts (rubrics/knowledge.yaml): which know-how is registered, and who is leaving."""

from __future__ import annotations

from typing import Any

from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    as_strings,
    as_text,
    items_at,
    json_pointer,
    list_at,
    param_strings,
)


def knowledge_coverage(inputs: FactInputs) -> Fact | None:
    """Which kinds of know-how (system, equipment, process) the register covers and misses.

    Know-how about the process is lost as easily as know-how about the PLC; a register that lists
    only one kind has not looked for the others.
    """
    if list_at(inputs.data, "knowledge") is None:
        return None
    kinds = sorted(
        {
            kind
            for _, topic in items_at(inputs.data, "knowledge")
            if (kind := as_text(topic.get("kind")))
        }
    )
    expected = param_strings(inputs.params, "knowledge_kinds")
    value = {"kinds": kinds, "missing_kinds": [kind for kind in expected if kind not in kinds]}
    return Fact(value, ("/knowledge",))


def knowledge_leavers(inputs: FactInputs) -> Fact | None:
    """For each topic with a holder: holders, leavers within two years, their share, successor.

    Know-how that leaves with a retiring engineer takes the ability to maintain and change the
    system with it; the share leaving is the measure of that exposure.
    """
    if list_at(inputs.data, "knowledge") is None:
        return None
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    for k, topic in items_at(inputs.data, "knowledge"):
        holders = len(as_strings(topic.get("holders")))
        if holders < 1:
            continue
        leavers = len(as_strings(topic.get("leaving_within_2y")))
        entry: dict[str, Any] = {}
        name = as_text(topic.get("topic"))
        if name is not None:
            entry["topic"] = name
        entry.update(holders=holders, leavers=leavers, leaver_share=leavers / holders)
        if isinstance(topic.get("successor_trained"), bool):
            entry["successor_trained"] = topic["successor_trained"]
        item_sources[json_pointer(len(entries))] = json_pointer("knowledge", k)
        entries.append(entry)
    return Fact(entries, ("/knowledge",), item_sources)


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("knowledge_coverage", knowledge_coverage),
    ("knowledge_leavers", knowledge_leavers),
)
