"""Fill a check's message from plain data: `{value.years:.1f years|never}`, and nothing more.

Pack text is data, not code: placeholders name dotted paths into plain dicts and lists and may
carry one of a handful of number formats (with a unit shown only beside a value, so an absent
payback reads "never", not "never years") and a fallback for an absent value or an empty list.
No `str.format` on objects (a pack could reach `{x.__class__}`), no Jinja on pack text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_FIELD = re.compile(
    r"^(?P<path>[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)"
    r"(?::(?P<spec>,?\.\d[f%]|,?\.?0?f|,d|d)(?P<unit> [^{}|]+)?)?"
    r"(?:\|(?P<fallback>[^{}|]*))?$"
)
MAX_LIST_ITEMS = 6
MAX_VALUE_CHARS = 200
ABSENT = "not stated"


def template_errors(template: str) -> list[str]:
    """Problems with a message template's placeholders (empty when it is well formed)."""
    stripped = template.replace("{{", "").replace("}}", "")
    problems = [
        f"placeholder '{{{match.group(1)}}}' is not of the form "
        "{dotted.path}, {dotted.path:.1f}, {dotted.path:.1f unit} or {dotted.path|fallback}"
        for match in _PLACEHOLDER.finditer(stripped)
        if not _FIELD.match(match.group(1))
    ]
    leftover = _PLACEHOLDER.sub("", stripped)
    if "{" in leftover or "}" in leftover:
        problems.append("unbalanced '{' or '}' (write '{{' or '}}' for a literal brace)")
    return problems


def lookup(root: Any, path: str) -> tuple[bool, Any]:
    """Follow a dotted path through dicts and lists; numeric parts index lists."""
    node = root
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node


def show(value: Any, spec: str | None = None) -> str:
    """Show one value for a person: numbers trimmed or formatted, lists joined, text truncated.

    Total over plain data: a format that does not suit the number (`{value:d}` on 2.5, `.1f` on
    an integer too large for a float) falls back to the plain form instead of failing, and no
    value shows more than MAX_VALUE_CHARS characters however large it is.
    """
    text = _show(value, spec, MAX_VALUE_CHARS + 1)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _show(value: Any, spec: str | None, budget: int) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number(value, spec)
    if isinstance(value, list):
        shown = _joined((_show(item, None, budget) for item in value[:MAX_LIST_ITEMS]), budget)
        if len(value) > MAX_LIST_ITEMS:
            shown.append(f"and {len(value) - MAX_LIST_ITEMS} more")
        return ", ".join(shown) if shown else "none"
    if isinstance(value, dict):
        pairs = list(value.items())[:MAX_LIST_ITEMS]
        return ", ".join(_joined((f"{k}: {_show(v, None, budget)}" for k, v in pairs), budget))
    if value is None:
        return ABSENT
    return str(value)[:budget]


def _joined(texts: Iterator[str], budget: int) -> list[str]:
    """The texts in turn until they fill the budget (a nested list is never shown in full)."""
    shown: list[str] = []
    used = 0
    for text in texts:
        shown.append(text)
        used += len(text) + 2
        if used >= budget:
            break
    return shown


def _number(value: float, spec: str | None) -> str:
    if spec:
        if spec.endswith("d") and isinstance(value, float):
            spec = spec[:-1] + ".0f"  # a whole-number format on a fraction rounds it
        try:
            return format(value, spec)
        except (ValueError, OverflowError):
            pass  # e.g. `.1f` on an integer beyond a float's range: show it plainly
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    try:
        return str(value)
    except ValueError:  # beyond Python's limit on digits converted to text
        return "a number of more than 4300 digits"


def fill(template: str, root: dict[str, Any]) -> str:
    """Substitute every placeholder; an absent value (or an empty list, where a fallback is
    given) shows its fallback or 'not stated'."""

    def replace(match: re.Match[str]) -> str:
        field = _FIELD.match(match.group(1))
        if field is None:  # rejected when the pack was loaded; keep the text as written
            return match.group(0)
        found, value = lookup(root, field.group("path"))
        fallback = field.group("fallback")
        if not found or value is None or (value == [] and fallback is not None):
            return fallback if fallback is not None else ABSENT
        spec, unit = field.group("spec"), field.group("unit") or ""
        if spec and not isinstance(value, int | float):
            return show(value) + unit
        return show(value, spec) + unit

    parts = template.split("{{")
    filled = [
        "}".join(_PLACEHOLDER.sub(replace, piece) for piece in part.split("}}")) for part in parts
    ]
    return "{".join(filled)
