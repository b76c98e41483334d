"""What the packs given change from the built-in ones: one `PackChange` a difference (a
dimension added or re-weighted, a check added, replaced, disabled or with a field changed, a
parameter), credited to the pack that made it, and for a rule the effect of the change
(`readiness.rule_effect`): every report shows these, so a pack cannot quietly open the gate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from readiness.fragments import canonical
from readiness.model import Check, Condition, Dimension, PackChange
from readiness.rule_effect import condition_effect, rule_effect


class Rules(Protocol):
    """What is compared of a set of rules in force (`rubric.RubricSet` is one)."""

    @property
    def dimensions(self) -> Sequence[Dimension]: ...

    @property
    def checks(self) -> Sequence[Check]: ...

    @property
    def parameters(self) -> Mapping[str, Any]: ...


def pack_changes(
    base: Rules, merged: Rules, authors: dict[tuple[str, str], str]
) -> tuple[PackChange, ...]:
    """What is in force now that differs from `base`, each change credited to its pack."""
    changes: list[PackChange] = []

    def note(
        kind: str, target: str, aspect: str, before: str = "", after: str = "", effect: str = ""
    ) -> None:
        pack = authors.get((aspect, target)) or authors.get(("check", target), "?")
        changes.append(PackChange(pack, kind, target, before, after, effect))

    known = {d.id: d for d in base.dimensions}
    for dimension in merged.dimensions:
        old = known.get(dimension.id)
        if old is None:
            note(
                "dimension_added",
                dimension.id,
                "dimension_added",
                after=f"weight {dimension.weight:g}",
            )
            continue
        if dimension.weight != old.weight:
            note(
                "dimension_weight",
                dimension.id,
                "dimension_weight",
                f"{old.weight:g}",
                f"{dimension.weight:g}",
            )
        if dimension.applies_when != old.applies_when:
            before, after = (
                _condition_text(old.applies_when),
                _condition_text(dimension.applies_when),
            )
            effect = condition_effect(old.applies_when, dimension.applies_when)
            note(
                "dimension_applies_when",
                dimension.id,
                "dimension_applies_when",
                before,
                after,
                effect,
            )
    before_checks = {c.id: c for c in base.checks}
    for check in merged.checks:
        previous = before_checks.get(check.id)
        if previous is None:
            note("check_added", check.id, "check", after=_check_text(check))
        elif previous != check and ("check", check.id) in authors:
            effect = rule_effect(previous.expect, check.expect)
            note("check_replaced", check.id, "check", after=_check_text(check, effect))
        else:
            _field_changes(previous, check, note)
    now = {c.id for c in merged.checks}
    for check in base.checks:
        if check.id not in now:
            note("check_disabled", check.id, "check")
    for name, value in merged.parameters.items():
        if name not in base.parameters or canonical(base.parameters[name]) != canonical(value):
            before = _short(base.parameters[name]) if name in base.parameters else ""
            note("parameter", name, "parameter", before, _short(value))
    return tuple(changes)


def _field_changes(old: Check, new: Check, note: Any) -> None:
    """A check's fields that a pack changed, one note each."""
    for field in ("severity", "weight", "level", "effort"):
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            note(field, new.id, field, _short(before), _short(after))
    effect = rule_effect(old.expect, new.expect)
    if effect:
        note("expect", new.id, "expect", _short(old.expect), _short(new.expect), effect)
    no_credit = False  # no `partial`: a rule that gives half credit to nothing
    effect = rule_effect(
        no_credit if old.partial is None else old.partial,
        no_credit if new.partial is None else new.partial,
    )
    if effect:
        note("partial", new.id, "partial", _short(old.partial), _short(new.partial), effect)
    if old.applies_when != new.applies_when:
        effect = condition_effect(old.applies_when, new.applies_when)
        before, after = _condition_text(old.applies_when), _condition_text(new.applies_when)
        note("applies_when", new.id, "applies_when", before, after, effect)


def _condition_text(condition: Condition | None) -> str:
    if condition is None:
        return "always"
    return f"{condition.path} {_short(condition.expect)}"


def _check_text(check: Check, effect: str = "") -> str:
    text = f"{check.severity}, level {check.level}, {check.dimension}"
    return f"{text}, pass rule {effect}" if effect else text


def _short(value: Any, limit: int = 80) -> str:
    """A value as compact JSON text, cut to `limit` characters (a pack may write a lot)."""
    if value is None:
        return "none"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = canonical(value)
    if isinstance(value, str):
        text = value
    return text if len(text) <= limit else text[: limit - 1] + "…"
