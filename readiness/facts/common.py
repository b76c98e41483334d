"""What every fact module shares: the Fact record, its inputs, parameter defaults and readers."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from readiness.loader import escape_pointer_token
from readiness.paths import dotted_path


@dataclass(frozen=True)
class Fact:
    """One derived value and the document pointers it was derived from.

    `sources` run most specific first, so a finding points at the user's line. `item_sources`
    maps a pointer relative to the value (`/short_windows/0`) to the document item it names
    (`/systems/3`).

    A fact whose inputs are absent has the value None (see `absent`): its check reports
    `missing`, located at `sources`, naming in `needs` the keys to add (`business_case.capex`)
    and, in `reason`, why it cannot be judged yet when that is not simply a gap in the file
    ("no pilot yet").
    """

    value: Any
    sources: tuple[str, ...]
    item_sources: Mapping[str, str] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    reason: str | None = None


def absent(sources: Iterable[str], needs: Iterable[str], reason: str | None = None) -> Fact:
    """A fact that cannot be worked out: where to add what is missing, and what to add."""
    return Fact(None, tuple(sources), needs=tuple(dict.fromkeys(needs)), reason=reason)


def key_path(*tokens: str | int) -> str:
    """The key as the user writes it: `business_case.benefits[1].annual`."""
    return dotted_path(tokens)


def label(item: Mapping[str, Any], key: str, noun: str, index: int) -> str:
    """An item's name (its `key`), or `noun #n` (1-based) when it has none, so no item is lost."""
    return as_text(item.get(key)) or f"{noun} #{index + 1}"


DEFAULT_PARAMETERS: dict[str, Any] = {
    # baseline
    "annualise_weeks": 52,
    # integration
    "legacy_age_years": 15,
    "pilot_kinds_exempt": ["erp", "cloud", "network", "other"],
    "closed_protocols": ["proprietary", "manual", "file"],
    "integration_routes": ["adapter", "retrofit", "replace"],
    # funding
    "horizon_default_years": 5,
    "capex_uplift": 0.5,
    "schedule_uplift": 0.25,
    "benefit_shortfall": 0.3,
    # knowledge
    "knowledge_kinds": ["system", "equipment", "process"],
    # traceability
    "passport_date": "2027-02-18",
    "passport_categories": ["ev", "lmt"],
    "passport_industrial_min_kwh": 2,
    "due_diligence_date": "2027-08-18",
    "due_diligence_turnover_eur": 40_000_000,
    "covered_materials": ["cobalt", "lithium", "nickel", "natural_graphite"],
    "requirement_keywords": {
        "battery passport": ["passport"],
        "due diligence": ["due diligence", "due-diligence"],
    },
}


@dataclass(frozen=True)
class FactInputs:
    """Everything a fact may look at: the project data, the merged parameters, today, the folder.

    `base_dir` is the project file's folder; without it, relative evidence paths are not checked.
    """

    data: Mapping[str, Any]
    params: Mapping[str, Any]
    as_of: date
    base_dir: Path | None = None


FactFunction = Callable[[FactInputs], Fact | None]


# --- reading sparse data ------------------------------------------------------------------------


def json_pointer(*tokens: str | int) -> str:
    """A JSON pointer built from its reference tokens."""
    return "".join(f"/{escape_pointer_token(str(token))}" for token in tokens)


def section(data: Mapping[str, Any], *keys: str) -> Mapping[str, Any] | None:
    """The mapping at data[keys[0]][keys[1]]..., or None when any step is absent."""
    node: Any = data
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else None


def list_at(node: Mapping[str, Any] | None, key: str) -> list[Any] | None:
    """The list at node[key], or None when it is absent."""
    value = node.get(key) if node is not None else None
    return value if isinstance(value, list) else None


def items_at(node: Mapping[str, Any] | None, key: str) -> list[tuple[int, Mapping[str, Any]]]:
    """(index, item) for each mapping in the list at node[key]; empty when the list is absent."""
    return [
        (i, item) for i, item in enumerate(list_at(node, key) or []) if isinstance(item, Mapping)
    ]


def as_number(value: Any) -> float | None:
    """A finite int or float; booleans (which Python counts as ints) and text are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return value if math.isfinite(value) else None
    except OverflowError:  # an integer beyond a float's range cannot take part in a ratio
        return None


def as_text(value: Any) -> str | None:
    """Non-blank text; a blank owner, gate or trigger names nothing."""
    return value if isinstance(value, str) and value.strip() else None


def as_strings(value: Any) -> list[str]:
    """The distinct strings of a list, in document order (an absent list gives none)."""
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(item for item in value if isinstance(item, str)))


def as_date(value: Any) -> date | None:
    """An ISO date (YYYY-MM-DD); anything else counts as absent."""
    if isinstance(value, date):  # a caller that loaded YAML with timestamps resolved
        return value if type(value) is date else date(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def safe_ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is zero or the result not finite."""
    if denominator == 0:
        return None
    result = numerator / denominator
    return result if math.isfinite(result) else None


def index_by_id(items: Iterable[tuple[int, Mapping[str, Any]]]) -> dict[str, Mapping[str, Any]]:
    """Items by their `id`, the first one winning (duplicate ids are a validation error)."""
    found: dict[str, Mapping[str, Any]] = {}
    for _, item in items:
        item_id = item.get("id")
        if isinstance(item_id, str):
            found.setdefault(item_id, item)
    return found


def named_list(
    entries: Iterable[tuple[str | None, str]], value_key: str | None = None
) -> tuple[list[str], dict[str, str]]:
    """A list of names with item_sources mapping each position to its document pointer.

    `entries` are (name, document pointer); nameless entries are skipped so positions stay true.
    `value_key` is the key of the list inside an object fact (None for a list-valued fact).
    """
    names: list[str] = []
    item_sources: dict[str, str] = {}
    for name, source in entries:
        if name is None:
            continue
        position = (
            json_pointer(len(names)) if value_key is None else json_pointer(value_key, len(names))
        )
        item_sources[position] = source
        names.append(name)
    return names, item_sources


# --- parameters (a pack may set any of them; a wrong type falls back to the default) -------------


def param_number(params: Mapping[str, Any], name: str) -> float:
    value = as_number(params.get(name))
    return value if value is not None else float(DEFAULT_PARAMETERS[name])


def param_strings(params: Mapping[str, Any], name: str) -> list[str]:
    value = params.get(name)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return list(DEFAULT_PARAMETERS[name])


def param_date(params: Mapping[str, Any], name: str) -> date:
    parsed = as_date(params.get(name))
    return parsed if parsed is not None else date.fromisoformat(DEFAULT_PARAMETERS[name])


def param_keywords(params: Mapping[str, Any], name: str) -> dict[str, list[str]]:
    """Keywords per requirement; a pack that names only some requirements keeps the others'."""
    keywords = {key: list(words) for key, words in DEFAULT_PARAMETERS[name].items()}
    value = params.get(name)
    if isinstance(value, Mapping):
        keywords.update(
            {key: as_strings(words) for key, words in value.items() if isinstance(key, str)}
        )
    return keywords
