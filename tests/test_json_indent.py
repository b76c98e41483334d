"""`indented` writes exactly what `json.dumps(value, indent=2, ensure_ascii=False,
allow_nan=False)` writes, or raises what it raises: on generated values and on real results."""

from __future__ import annotations

import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.report.json_indent import indented

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities too: json.dumps refuses them, so must indented
    | st.text()
    | st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)  # lone surrogates
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8), inner, max_size=5)
        | st.dictionaries(st.integers() | st.booleans() | st.none(), inner, max_size=3)
    ),
    max_leaves=40,
)


def _outcome(write: Any, value: Any) -> str:
    try:
        return "text: " + write(value)
    except (ValueError, TypeError) as error:
        return f"{type(error).__name__}: {error}"


def _reference(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


@given(VALUES)
def test_the_same_text_as_json_dumps(value: Any) -> None:
    assert _outcome(indented, value) == _outcome(_reference, value)


class Colour(enum.IntEnum):
    RED = 1


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": {}, "b": [], "c": [{}], "d": [[[]]]},
        {"float": 1e16, "small": 5e-324, "negative": -0.0, "big": 10**40},
        {"enum": Colour.RED, "subclass": True},
        {"nan": math.nan},
        {"inf": [math.inf]},
        {"object": object()},
        {("tuple", "key"): 1},
        '\u2028\x7f\x1b[31m\\"',
    ],
)
def test_unusual_values_answer_as_json_dumps(value: Any) -> None:
    assert _outcome(indented, value) == _outcome(_reference, value)


def test_deep_nesting_falls_back_to_json_dumps() -> None:
    value: Any = 1
    for _ in range(5000):
        value = [value]
    with pytest.raises(RecursionError):
        _reference(value)
    with pytest.raises(RecursionError):
        indented(value)
    shallow: Any = 1
    for _ in range(200):
        shallow = {"k": shallow}
    assert indented(shallow) == _reference(shallow)
