"""Fill a check's message from plain data: `{value.years:.1f|never}`, and nothing more.

Pack text is data, not code: placeholders name dotted paths into plain dicts and lists and may
carry one of a handful of number formats and a fallback. No `str.format` on objects (a pack could
reach `{x.__class__}`), no Jinja on pack text.
"""

from __future__ import annotations

import re
from typing import Any

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_FIELD = re.compile(
    r"^(?P<path>[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)"
    r"(?::(?P<spec>,?\.\d[f%]|,?\.?0?f|,d|d))?"
    r"(?:\|(?P<fallback>[^{}|]*))?$"
)
MAX_LIST_ITEMS = 6
ABSENT = "not stated"


def template_errors(template: str) -> list[str]:
    """Problems with a message template's placeholders (empty when it is well formed)."""
    stripped = template.replace("{{", "").replace("}}", "")
    problems = [
        f"placeholder '{{{match.group(1)}}}' is not of the form "
        "{dotted.path}, {dotted.path:.1f} or {dotted.path|fallback}"
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
    """Show one value for a person: numbers trimmed or formatted, lists joined."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if spec:
            return format(value, spec)
        if isinstance(value, float):
            return f"{value:.2f}".rstrip("0").rstrip(".")
        return str(value)
    if isinstance(value, list):
        shown = [show(item) for item in value[:MAX_LIST_ITEMS]]
        if len(value) > MAX_LIST_ITEMS:
            shown.append(f"and {len(value) - MAX_LIST_ITEMS} more")
        return ", ".join(shown) if shown else "none"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show(v)}" for k, v in list(value.items())[:MAX_LIST_ITEMS])
    if value is None:
        return ABSENT
    return str(value)


def fill(template: str, root: dict[str, Any]) -> str:
    """Substitute every placeholder; an absent value shows its fallback or 'not stated'."""

    def replace(match: re.Match[str]) -> str:
        field = _FIELD.match(match.group(1))
        if field is None:  # rejected when the pack was loaded; keep the text as written
            return match.group(0)
        found, value = lookup(root, field.group("path"))
        fallback = field.group("fallback")
        if not found or value is None:
            return fallback if fallback is not None else ABSENT
        spec = field.group("spec")
        if spec and not isinstance(value, int | float):
            return show(value)
        return show(value, spec)

    parts = template.split("{{")
    filled = [
        "}".join(_PLACEHOLDER.sub(replace, piece) for piece in part.split("}}")) for part in parts
    ]
    return "{".join(filled)
