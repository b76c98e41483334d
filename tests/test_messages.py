"""Filling a check's message: placeholders over plain data, total over every value."""

from __future__ import annotations

from typing import Any

import pytest

from readiness.messages import MAX_VALUE_CHARS, fill, show, template_errors


@pytest.mark.parametrize(
    ("template", "root", "expected"),
    [
        ("{value} weeks", {"value": 3}, "3 weeks"),
        ("{value:.1f} years", {"value": 7.256}, "7.3 years"),
        ("{value:,d} EUR", {"value": 1234567}, "1,234,567 EUR"),
        ("{value:d} years", {"value": 2.6}, "3 years"),
        ("{value:,d} EUR", {"value": 1234567.4}, "1,234,567 EUR"),
        ("{value:.0%}", {"value": 0.25}, "25%"),
        ("{value:.1f}", {"value": 10**400}, "1" + "0" * (MAX_VALUE_CHARS - 2) + "…"),
        ("{value:d}", {"value": float("inf")}, "inf"),
        ("{value:d}", {"value": "text"}, "text"),
        ("{missing|none yet}", {}, "none yet"),
        ("{missing}", {}, "not stated"),
        ("{item.topic} at {items.1}", {"item": {"topic": "OEE"}, "items": [1, 2]}, "OEE at 2"),
        ("{{literal}} {value}", {"value": True}, "{literal} yes"),
        ("{value.__class__}", {"value": "x"}, "not stated"),
    ],
)
def test_fill(template: str, root: dict[str, Any], expected: str) -> None:
    """Placeholders take values, formats and fallbacks; no format ever raises."""
    assert template_errors(template) == []
    assert fill(template, root) == expected


@pytest.mark.parametrize("template", ["{value!r}", "{value:x}", "{0}", "{a[0]}", "open {", "}"])
def test_template_errors(template: str) -> None:
    """What the filler would not take is refused when the pack is loaded."""
    assert template_errors(template)


def test_show_bounds_any_value() -> None:
    """Long text, wide and deep lists are cut to a short line, quickly."""
    deep: Any = list(range(10))
    for _ in range(40):
        deep = [deep] * 10
    assert len(show(deep)) <= MAX_VALUE_CHARS
    assert len(show("x" * 1_000_000)) == MAX_VALUE_CHARS
    assert show(list(range(8))) == "0, 1, 2, 3, 4, 5, and 2 more"
    assert show({"a": [1, 2], "b": None}) == "a: 1, 2, b: not stated"


UNITS_ROOT: dict[str, Any] = {
    "value": {"years": 7.2647, "never": None, "kinds": [], "ids": ["plc-1", "mes"], "share": 0.25},
}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{value.years:.1f years|never}", "7.3 years"),
        ("{value.never:.1f years|never}", "never"),  # not "never years"
        ("{value.missing:.1f years}", "not stated"),
        ("{value.kinds|every kind}", "every kind"),  # an empty list takes the fallback
        ("{value.kinds}", "none"),  # ... and without one says so
        ("{value.ids|none}", "plc-1, mes"),
        ("{value.never|not given}", "not given"),
    ],
)
def test_units_show_only_beside_a_value(template: str, expected: str) -> None:
    """A unit after the number format is shown only with the value; a fallback also stands in
    for an empty list."""
    assert template_errors(template) == []
    assert fill(template, UNITS_ROOT) == expected


def test_a_unit_needs_a_number_format() -> None:
    """`{value.years years}` is not a placeholder: the unit follows a format such as `.1f`."""
    assert template_errors("{value.years years}")
