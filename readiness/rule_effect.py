"""How a pack's change to a rule moves its bar: a replaced `expect` or `partial` fragment passes
more values (`loosened`), fewer (`tightened`) or other ones (`changed`), told from the keywords
that changed, so that every report can say what a pack did to a built-in check.

Split from `fragments.py` (which compiles and explains fragments); the merger in `rubric.py`
uses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from readiness.fragments import canonical
from readiness.model import Condition

_LOWER_BOUNDS = frozenset({"minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"})
_UPPER_BOUNDS = frozenset({"maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"})
# Keywords that only ever refuse values, whatever sits beside them: adding one can only tighten a
# fragment, removing one only loosen it. (Applicators such as `properties` or `contains` change
# what `additionalProperties` or `minContains` beside them look at, so they are not here.)
_ASSERTIONS = (
    _LOWER_BOUNDS
    | _UPPER_BOUNDS
    | {
        "type",
        "enum",
        "const",
        "multipleOf",
        "pattern",
        "format",
        "uniqueItems",
        "required",
        "dependentRequired",
        "not",
    }
)
# Applicators whose fragment moves the whole the same way when it is loosened or tightened.
_MONOTONE_ONE = frozenset(
    {"items", "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties"}
)
_MONOTONE_MAP = frozenset({"properties", "patternProperties", "dependentSchemas"})
_MONOTONE_LIST = frozenset({"allOf", "anyOf", "prefixItems"})
_ABSENT = object()


def condition_effect(old: Condition | None, new: Condition | None) -> str:
    """`applies_when` narrowed or widened: a check that applies to fewer projects judges less."""
    if old is None or new is None or old.path != new.path or old.when_absent != new.when_absent:
        return "changed"
    return rule_effect(old.expect, new.expect)


def rule_effect(old: Any, new: Any) -> str:
    """How replacing fragment `old` by `new` moves the bar: passes more values (`loosened`),
    fewer (`tightened`), other (`changed`), or '' when the two are the same.

    Exact for the common edits (a bound raised or lowered, a keyword added or dropped, `{}`
    that passes anything); anything it cannot be sure of is `changed`. `False` stands for a
    rule that passes nothing (no half credit at all).
    """
    if canonical(old) == canonical(new):
        return ""
    if old is False or new is True or new == {}:
        return "loosened"
    if new is False or old is True or old == {}:
        return "tightened"
    if not isinstance(old, dict) or not isinstance(new, dict):
        return "changed"
    return _combined(
        _keyword_effect(key, old.get(key, _ABSENT), new.get(key, _ABSENT)) for key in {*old, *new}
    )


def _combined(effects: Iterable[str]) -> str:
    """One direction when every part moved the same way (or not at all); else `changed`."""
    moved = {effect for effect in effects if effect}
    return moved.pop() if len(moved) == 1 else ("changed" if moved else "")


def _keyword_effect(key: str, old: Any, new: Any) -> str:
    if old is not _ABSENT and new is not _ABSENT and canonical(old) == canonical(new):
        return ""
    both = old is not _ABSENT and new is not _ABSENT
    if both and key in _MONOTONE_ONE:
        return rule_effect(old, new)
    same_names = isinstance(old, dict) and isinstance(new, dict) and set(old) == set(new)
    if both and key in _MONOTONE_MAP and same_names:
        return _combined(rule_effect(old[name], new[name]) for name in old)
    same_length = isinstance(old, list) and isinstance(new, list) and len(old) == len(new)
    if both and key in _MONOTONE_LIST and same_length:
        return _combined(rule_effect(a, b) for a, b in zip(old, new, strict=True))
    if key not in _ASSERTIONS:
        return "changed"
    if old is _ABSENT:
        return "tightened"
    if new is _ABSENT:
        return "loosened"
    if _is_number(old) and _is_number(new) and key in _LOWER_BOUNDS | _UPPER_BOUNDS:
        if new == old:
            return ""
        lower = (new < old) == (key in _LOWER_BOUNDS)
        return "loosened" if lower else "tightened"
    if key == "uniqueItems" and isinstance(old, bool) and isinstance(new, bool):
        return "loosened" if old else "tightened"
    if key in ("required", "enum", "type") and isinstance(old, list | str):
        before, after = _members(key, old), _members(key, new)
        if before is not None and after is not None:
            if before <= after:
                return "tightened" if key == "required" else "loosened"
            if after <= before:
                return "loosened" if key == "required" else "tightened"
    return "changed"


def _members(key: str, value: Any) -> frozenset[str] | None:
    """A list keyword's members as canonical text; types with `integer` inside `number`."""
    items = [value] if key == "type" and isinstance(value, str) else value
    if not isinstance(items, list):
        return None
    members = {canonical(item) for item in items}
    if key == "type" and canonical("number") in members:
        members.add(canonical("integer"))
    return frozenset(members)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
