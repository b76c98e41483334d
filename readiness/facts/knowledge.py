"""Knowledge facts (rubrics/knowledge.yaml): which know-how is registered, and who is leaving."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    absent,
    as_bool,
    as_date,
    as_strings,
    as_text,
    items_at,
    items_lacking,
    json_pointer,
    key_path,
    label,
    list_at,
    named_list,
    param_strings,
    section,
)


def _topic(topic: Mapping[str, Any], index: int) -> str:
    return label(topic, "topic", "topic", index)


def knowledge_coverage(inputs: FactInputs) -> Fact | None:
    """Which kinds of know-how (system, equipment, process) the register covers and misses.

    Know-how about the process is lost as easily as know-how about the PLC; a register that lists
    only one kind has not looked for the others.
    """
    if list_at(inputs.data, "knowledge") is None:
        return absent(("",), ("knowledge",))
    topics = items_at(inputs.data, "knowledge")
    unkinded = [k for k, topic in topics if as_text(topic.get("kind")) is None]
    if unkinded:
        return items_lacking(("knowledge",), unkinded, "kind")
    kinds = sorted({str(topic["kind"]) for _, topic in topics})
    expected = param_strings(inputs.params, "knowledge_kinds")
    value = {"kinds": kinds, "missing_kinds": [kind for kind in expected if kind not in kinds]}
    return Fact(value, ("/knowledge",))


def knowledge_leavers(inputs: FactInputs) -> Fact | None:
    """For each topic with a holder: holders, leavers within two years, their share, successor.

    Know-how that leaves with a retiring engineer takes the ability to maintain and change the
    system with it; the share leaving is the measure of that exposure. A topic that does not say
    who is leaving (`leaving_within_2y: []` when nobody is) is not a topic nobody leaves.
    """
    if list_at(inputs.data, "knowledge") is None:
        return absent(("",), ("knowledge",))
    topics = [
        (k, topic)
        for k, topic in items_at(inputs.data, "knowledge")
        if as_strings(topic.get("holders"))
    ]
    unstated = [k for k, topic in topics if not isinstance(topic.get("leaving_within_2y"), list)]
    if unstated:
        return items_lacking(("knowledge",), unstated, "leaving_within_2y")
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    for k, topic in topics:
        holders = len(as_strings(topic.get("holders")))
        leavers = len(as_strings(topic.get("leaving_within_2y")))
        entry: dict[str, Any] = {
            "topic": _topic(topic, k),
            "holders": holders,
            "leavers": leavers,
            "leaver_share": leavers / holders,
        }
        if (successor := as_bool(topic.get("successor_trained"))) is not None:
            entry["successor_trained"] = successor
        item_sources[json_pointer(len(entries))] = json_pointer("knowledge", k)
        entries.append(entry)
    return Fact(entries, ("/knowledge",), item_sources)


def leaver_timing(inputs: FactInputs) -> Fact | None:
    """Holders who leave (on a stated date) before a phase that needs their know-how goes live,
    on topics with no trained successor.

    "Leaving within two years" hides the date that matters: a holder who retires before the
    rollout phase that depends on their know-how goes live leaves that phase without them. The
    register lists the know-how the project relies on, so every phase depends on every topic; a
    phase goes live on its `go_live` date, else its start.
    """
    if list_at(inputs.data, "knowledge") is None:
        return absent(("",), ("knowledge",))
    phases = [
        (label(phase, "name", "phase", k), when)
        for k, phase in items_at(section(inputs.data, "business_case"), "phases")
        if (when := as_date(phase.get("go_live")) or as_date(phase.get("start"))) is not None
    ]
    dated = 0
    entries: list[dict[str, Any]] = []
    item_sources: dict[str, str] = {}
    # A holder said to be leaving, with no successor trained, but no date: the date is what
    # the check needs, so it is asked for (issue 15), not left to KR-03.
    undated: list[str] = []
    for k, topic in items_at(inputs.data, "knowledge"):
        trained = as_bool(topic.get("successor_trained"))
        dated_holders = set()
        for j, leaver in items_at(topic, "leaves"):
            leaves_on = as_date(leaver.get("date"))
            if leaves_on is None:
                if not trained:
                    undated.append(key_path("knowledge", k, "leaves", j, "date"))
                continue
            dated += 1
            dated_holders.add(as_text(leaver.get("holder")))
            if trained:
                continue
            later = [(name, when) for name, when in phases if when > leaves_on]
            if later:
                name, when = min(later, key=lambda found: found[1])
                item_sources[json_pointer("before_phase", len(entries))] = json_pointer(
                    "knowledge", k, "leaves", j
                )
                entries.append(
                    {
                        "topic": _topic(topic, k),
                        "holder": as_text(leaver.get("holder")) or f"leaver #{j + 1}",
                        "leaves_on": leaves_on.isoformat(),
                        "phase": name,
                        "phase_live": when.isoformat(),
                    }
                )
        leaving = list_at(topic, "leaving_within_2y") or []
        if not trained and any(as_text(h) not in dated_holders for h in leaving):
            undated.append(key_path("knowledge", k, "leaves"))
    if undated and not entries:
        needs = undated if phases else [*undated, "business_case.phases[].start"]
        return absent(("/knowledge",), needs)
    if dated and not phases:
        return absent(("/business_case", ""), ("business_case.phases[].start",))
    value = {"dated_leavers": dated, "before_phase": entries}
    return Fact(value, ("/knowledge",), item_sources)


def knowledge_in_training(inputs: FactInputs) -> Fact | None:
    """Topics whose know-how is not (or not stated to be) built into a training programme.

    Documentation is read once; know-how built into the training of new maintainers and setters
    is renewed every year, which is what keeps it from depending on the people in post.
    """
    if list_at(inputs.data, "knowledge") is None:
        return absent(("",), ("knowledge",))
    topics = items_at(inputs.data, "knowledge")
    unstated = [k for k, topic in topics if as_bool(topic.get("in_training")) is None]
    if unstated:
        return items_lacking(("knowledge",), unstated, "in_training")
    outside, item_sources = named_list(
        (
            (_topic(topic, k), json_pointer("knowledge", k))
            for k, topic in topics
            if topic.get("in_training") is False
        ),
        "not_in_training",
    )
    return Fact({"topics": len(topics), "not_in_training": outside}, ("/knowledge",), item_sources)


REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    ("knowledge_coverage", knowledge_coverage),
    ("knowledge_leavers", knowledge_leavers),
    ("leaver_timing", leaver_timing),
    ("knowledge_in_training", knowledge_in_training),
)
