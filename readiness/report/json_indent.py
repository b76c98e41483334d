"""`json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)`, byte for byte, faster.

With `indent`, Python's json module gives up its C encoder for a pure-Python one that passes
every piece of text up through a generator per level of nesting: a tenth of the time of a
project's assessment went there. `indented` writes the same text by appending to one list, with
the C string encoder for every string. It knows the values our reports are made of (dicts with
text keys, lists, tuples, text, whole and finite numbers, booleans, None); anything else, and a
value nested too deep, goes to `json.dumps` itself, which then answers (or raises) as before.
`tests/test_json_indent.py` compares the two on generated values.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from math import isfinite
from typing import Any

__all__ = ["indented"]

_INDENT = "  "


class _Unusual(Exception):
    """A value `indented` leaves to `json.dumps`."""


def indented(value: Any) -> str:
    """The JSON text of `value` as `json.dumps(value, indent=2, ensure_ascii=False,
    allow_nan=False)` writes it."""
    parts: list[str] = []
    try:
        _write(value, "\n", parts)
    except (_Unusual, RecursionError):
        return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    return "".join(parts)


def _write(value: Any, newline: str, parts: list[str]) -> None:
    """Append `value`'s text; `newline` is a line break and the indent of the value's line."""
    kind = type(value)
    if kind is str:
        parts.append(encode_basestring(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is float:
        if not isfinite(value):
            raise _Unusual
        parts.append(float.__repr__(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + _INDENT
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            parts.append(separator)
            parts.append(encode_basestring(key))
            parts.append(": ")
            _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = newline + _INDENT
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        raise _Unusual
