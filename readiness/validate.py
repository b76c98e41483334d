"""Check a loaded project file against the published schema and the links between its sections.

Every problem becomes one Diagnostic at the nearest located line, in plain English with a hint
where one helps. jsonschema's own messages embed the repr of the failing value (megabytes for a
hostile file), so messages are built here from the error's parts, with values truncated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache, partial
from itertools import islice
from typing import TYPE_CHECKING, Any

from readiness.errors import Diagnostic, ProblemList, truncate
from readiness.errors import sort_and_cap as sort_and_cap  # where rubric.py reads it
from readiness.loader import Document
from readiness.paths import dotted_path
from readiness.pointers import escape_pointer_token, pointer_tokens
from readiness.schemacheck import CompiledSchema, json_identity
from readiness.schemas import load_schema

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from readiness.suggest import Vocabulary

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "nothing",
}

_PATTERN_HINTS = {
    "^[a-z0-9][a-z0-9-]*$": "use lower-case letters, digits and '-', e.g. m3-weld-vision",
    "^[A-Za-z0-9][A-Za-z0-9_.-]*$": "use letters, digits, '.', '_' and '-' with no spaces, "
    "e.g. mes-2026q1",
    "^[A-Z]{3}$": "use a three-letter ISO 4217 code such as GBP, EUR or USD",
}


@cache
def project_validator() -> CompiledSchema:
    """The project-file validator, built once per process (building it re-checks the schema)."""
    return CompiledSchema(load_schema("project"), large=True)


def describe(value: Any) -> str:
    """Name a value's kind and show it briefly: `text 'tbd'`, `a list`, `nothing`."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"text '{truncate(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__  # pragma: no cover - the loader yields only plain data


def _expected(types: str | list[str]) -> str:
    names = [_TYPE_NAMES.get(t, t) for t in ([types] if isinstance(types, str) else types)]
    return " or ".join(names)


def _allowed(values: Iterable[Any], limit: int = 12) -> str:
    """A short list of allowed or known values; user ids are shown as `truncate` shows them.

    Only the values shown are cut and escaped (a register of 2,000 ids, each hint of 100)."""
    first = list(islice(values, limit + 1))
    text = ", ".join(truncate(str(v), 40) for v in first[:limit])
    return text + (", …" if len(first) > limit else "")


def _pointer(path: Iterable[str | int]) -> str:
    return "".join(f"/{escape_pointer_token(str(token))}" for token in path)


def _dotted(pointer: str) -> str:
    return dotted_path(pointer_tokens(pointer))


class _Collector:
    """Builds diagnostics for one document, located at the nearest line of each pointer."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems = ProblemList(document.file)

    @property
    def full(self) -> bool:
        """Whether collection has stopped (a loop over a flood of entries stops too)."""
        return self.problems.full

    def add(self, pointer: str, message: str, hint: str | Callable[[], str] = "") -> None:
        """A diagnostic at `pointer`; a hint given as a function is computed only if shown."""
        if self.full:
            self.problems.stopped = True
            return
        line, column = self.document.position(pointer)
        text, lazy = (hint, None) if isinstance(hint, str) else ("", hint)
        diagnostic = Diagnostic(self.document.file, line, column, message, _dotted(pointer), text)
        self.problems.add(diagnostic, lazy)


def _schema_problems(collector: _Collector, error: ValidationError) -> None:
    """Turn one jsonschema error into diagnostics (an unknown-keys error may give several)."""
    pointer = _pointer(error.absolute_path)
    kind = error.validator
    value: Any = error.validator_value
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties" and isinstance(instance, dict):
        _unknown_keys(collector, pointer, instance, schema)
    elif kind == "required" and isinstance(instance, dict):
        for key in value:
            if key not in instance:
                collector.add(pointer, f"missing required key '{key}'", f"add `{key}:` here")
    elif kind == "type":
        collector.add(
            pointer,
            f"expected {_expected(value)}, got {describe(instance)}",
            partial(_type_hint, value, instance, schema),
        )
    elif kind == "enum":
        collector.add(
            pointer,
            f"{describe(instance)} is not one of the allowed values",
            partial(_enum_hint, instance, value),
        )
    elif kind == "const":
        collector.add(pointer, f"must be {value!r}, got {describe(instance)}")
    elif kind in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[kind]
        collector.add(
            pointer,
            f"must be {words} {value}, got {truncate(str(instance))}",
            "rates are fractions from 0 to 1, e.g. 0.5 for 50 %" if value == 1 else "",
        )
    elif kind == "format":
        collector.add(
            pointer,
            f"{describe(instance)} is not a valid {value}",
            partial(_date_hint, instance) if value == "date" else "",
        )
    elif kind == "pattern":
        collector.add(
            pointer,
            f"{describe(instance)} is not in the expected form",
            _PATTERN_HINTS.get(str(value), f"it must match {value}"),
        )
    elif kind == "minLength":
        collector.add(pointer, "must not be empty")
    elif kind == "minItems":
        collector.add(pointer, f"needs at least {value} item{'s' if value != 1 else ''}")
    elif kind == "maxItems":
        collector.add(pointer, f"allows at most {value} items")
    elif kind == "uniqueItems" and isinstance(instance, list):
        seen: set[Any] = set()
        for index, item in enumerate(instance):
            key = json_identity(item)
            if key in seen:
                collector.add(f"{pointer}/{index}", f"{describe(item)} is listed twice")
                if collector.full:
                    break
            seen.add(key)
    else:
        collector.add(pointer, f"does not satisfy the schema's '{kind}' rule")


def _enum_hint(instance: Any, allowed: list[Any]) -> str:
    from readiness.suggest import did_you_mean  # hints only: not on a valid file's run

    close = did_you_mean(instance, map(str, allowed)) if isinstance(instance, str) else ""
    return " ".join(filter(None, [close, f"allowed: {_allowed(allowed)}"]))


_YES_NO = frozenset({"yes", "no", "on", "off", "y", "n"})


def _type_hint(expected: str | list[str], instance: Any, schema: dict[str, Any]) -> str:
    wanted = [expected] if isinstance(expected, str) else expected
    if ("number" in wanted or "integer" in wanted) and isinstance(instance, str):
        return _number_hint(instance, schema, whole="number" not in wanted)
    if "boolean" in wanted and isinstance(instance, str) and instance.lower() in _YES_NO:
        return "write true or false (YAML 1.2, as editors read it, takes yes/no/on/off as text)"
    if "integer" in wanted and isinstance(instance, float):
        return "this counts things: write a whole number"
    if "string" in wanted and isinstance(instance, bool):
        return "YAML reads true and false as true/false: put the text in quotes"
    if "string" in wanted and isinstance(instance, int | float):
        return "put the text in quotes if it is not meant as a number"
    if "array" in wanted and not isinstance(instance, list):
        return "write a list, e.g. [a, b] or one '- item' per line"
    return ""


_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


@cache
def _number_text() -> re.Pattern[str]:
    """A number as people write it in text (`about £1.2M`, `72 %`): compiled when a hint needs
    it, a millisecond no valid file should pay."""
    return re.compile(
        r"(?P<about>(?:about|approx\.?|approximately|around|circa|ca\.|~)\s*)?"
        r"(?P<before>[£$€¥]|[A-Za-z]{3}\b)?\s*(?P<digits>[-+]?\d[\d.,' _]*)\s*"
        r"(?P<unit>%|k|mn|m|bn|thousand|million|billion)?\.?\s*(?P<after>[£$€]|[A-Za-z]{3})?",
        re.IGNORECASE,
    )


def _plain_number(digits: str) -> float | None:
    """The number in `1,200,000`, `1.200.000`, `1 200 000`, `0,72` or `2.5` (separators of
    thousands and a decimal comma read as people write them), or None."""
    text = re.sub(r"[ _']", "", digits)
    if "," in text and "." in text:
        decimal = max(text.rfind(","), text.rfind("."))
        text = re.sub(r"[.,]", "", text[:decimal]) + "." + text[decimal + 1 :]
    elif text.count(",") == 1 and not re.fullmatch(r"[-+]?\d{1,3},\d{3}", text):
        text = text.replace(",", ".")  # a decimal comma: 0,72
    elif "," in text or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")
    if len(text) > 24:
        return None  # longer than any amount a project holds: no number to suggest
    try:
        number = float(text)
    except ValueError:
        return None
    return number if abs(number) <= 1e15 else None


def _shown(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:.15g}"


def _number_hint(text: str, schema: dict[str, Any], *, whole: bool) -> str:
    """What to write instead of a number written as text: the number itself, worked out from
    the text (`£1.2M` → 1200000, `72%` → 0.72 where a fraction is wanted), when it can be."""
    match = _number_text().fullmatch(text.strip())
    number = _plain_number(match["digits"]) if match else None
    if match is None or number is None:
        return "write a number, e.g. 5"
    unit = (match["unit"] or "").lower()
    if unit == "%":
        maximum = schema.get("maximum")
        if isinstance(maximum, int | float) and maximum <= 1:
            return f"a share is written as a fraction from 0 to 1: write {_shown(number / 100)}"
        return f"write {_shown(number)} without the '%'"
    number *= _SCALE.get(unit, 1)
    if abs(number) > 1e15:
        return "write a plain number, without separators, currency or units"
    if whole and number != int(number):
        return f"this counts things: write a whole number, e.g. {round(number)}"
    shown = _shown(number)
    notes = []
    if match["before"] or match["after"]:
        notes.append("the currency is given once, in business_case.currency")
    if match["about"]:
        notes.append("an estimate is told by citing evidence whose kind is estimated")
    told = f" ({'; '.join(notes)})" if notes else ""
    return f"write the plain number {shown}, without separators, currency or units{told}"


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _date_hint(text: Any) -> str:
    """What to write instead of a date that is not YYYY-MM-DD: the date itself where the text
    says it plainly, both readings where day and month could be either, or what is wrong."""
    usual = "write a date that exists as YYYY-MM-DD, e.g. 2026-03-05"
    if not isinstance(text, str):
        return usual
    value = text.strip()
    iso = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value)
    if iso:
        year, month, day = map(int, iso.groups())
        if not 1 <= month <= 12:
            return f"there is no month {month}: {usual}"
        written = _iso(year, month, day)
        if written is None:
            return f"{_MONTH_NAMES[month - 1]} {year} has no day {day}: {usual}"
        return f"write {written} (four-digit year, two-digit month and day, with '-')"
    numeric = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value)
    if numeric:
        first, second, year = map(int, numeric.groups())
        day_first, month_first = _iso(year, second, first), _iso(year, first, second)
        if day_first and month_first and first != second:
            return (
                f"write {day_first} if you mean {first} {_MONTH_NAMES[second - 1]}, or "
                f"{month_first} if you mean {_MONTH_NAMES[first - 1]} {second} (YYYY-MM-DD)"
            )
        if day_first or month_first:
            return f"write {day_first or month_first} (YYYY-MM-DD)"
        return usual
    words = re.fullmatch(
        r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]{3,})\.?\s*(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})",
        value,
    )
    if words and words[2][:3].lower() in _MONTHS:
        month = _MONTHS.index(words[2][:3].lower()) + 1
        year = int(words[4])
        day_text = words[1] or words[3]
        if day_text is None:
            return (
                f"a date needs a day: e.g. {year}-{month:02d}-01 for the start of "
                f"{_MONTH_NAMES[month - 1]} {year} (YYYY-MM-DD)"
            )
        written = _iso(year, month, int(day_text))
        if written:
            return f"write {written} (YYYY-MM-DD)"
    return usual


def _unknown_keys(
    collector: _Collector, pointer: str, instance: dict[str, Any], schema: dict[str, Any]
) -> None:
    known = list(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    keys = list(instance)
    for position, key in enumerate(keys):
        if key in schema.get("properties", {}) or any(p.search(key) for p in patterns):
            continue
        previous = keys[position - 1] if position else None
        comma = ""
        if (
            instance[key] is None
            and pointer in collector.document.flow_mappings
            and previous is not None
            and isinstance(instance[previous], str)
        ):
            whole = f"{instance[previous]}, {key}"
            comma = (
                f"a comma inside {{…}} ends the value: if this is part of '{truncate(previous)}', "
                f'quote the whole text, e.g. {truncate(previous)}: "{truncate(whole, 60)}"'
            )
        collector.add(
            f"{pointer}/{escape_pointer_token(key)}",
            f"unknown key '{truncate(key)}'",
            partial(_unknown_key_hint, key, known, comma),
        )
        if collector.full:
            break


def _unknown_key_hint(key: str, known: list[str], comma: str) -> str:
    from readiness.suggest import did_you_mean

    close = did_you_mean(key, known)
    if comma:
        return " ".join(filter(None, [comma, close]))
    return close or f"allowed keys here: {_allowed(known)}; your own keys start with 'x-'"


# --- links between sections -------------------------------------------------------------------

_ID_LISTS = (
    ("/evidence", "evidence"),
    ("/baseline/losses", "loss"),
    ("/baseline/kpis", "KPI"),
    ("/systems", "system"),
    ("/solution/components", "component"),
)


def _items(data: Any, *path: str) -> list[tuple[int, dict[str, Any]]]:
    node = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, list):
        return []
    return [(i, item) for i, item in enumerate(node) if isinstance(item, dict)]


def _ids(data: Any, *path: str) -> dict[str, int]:
    return {
        item["id"]: index
        for index, item in reversed(_items(data, *path))
        if isinstance(item.get("id"), str)
    }


def _link_problems(collector: _Collector, data: Any) -> None:
    if not isinstance(data, dict):
        return
    for list_pointer, noun in _ID_LISTS:
        first: dict[str, int] = {}
        for index, item in _items(data, *pointer_tokens(list_pointer)):
            if collector.full:
                return
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in first:
                line = collector.document.position(f"{list_pointer}/{first[item_id]}")[0]
                collector.add(
                    f"{list_pointer}/{index}/id",
                    f"duplicate {noun} id '{truncate(item_id)}': also used on line {line}",
                    "give each entry its own id",
                )
            else:
                first[item_id] = index

    # Each index is built once, whatever the number of citations of it.
    evidence = _ids(data, "evidence")
    losses = _ids(data, "baseline", "losses")
    kpis = _ids(data, "baseline", "kpis")
    losses_and_kpis = {**losses, **kpis}
    vocabularies: dict[int, Vocabulary] = {}

    def cite(pointer: str, cited: Any, known: dict[str, int], noun: str, where: str) -> None:
        if not isinstance(cited, str) or cited in known or collector.full:
            return

        def hint() -> str:
            from readiness.suggest import Vocabulary, did_you_mean

            if not known:
                return f"define it under {where} first"
            if id(known) not in vocabularies:
                vocabularies[id(known)] = Vocabulary(known)
            return did_you_mean(cited, vocabularies[id(known)]) or f"known: {_allowed(known)}"

        collector.add(pointer, f"{noun} '{truncate(cited)}' is cited but not defined", hint)

    for pointer, cited in collector.document.citations:
        if collector.full:
            break
        cite(pointer, cited, evidence, "evidence", "evidence: (the register)")
    problem = data.get("problem")
    if isinstance(problem, dict) and isinstance(problem.get("losses"), list):
        for index, cited in enumerate(problem["losses"]):
            cite(f"/problem/losses/{index}", cited, losses, "loss", "baseline.losses")
    for index, benefit in _items(data, "business_case", "benefits"):
        cite(
            f"/business_case/benefits/{index}/loss",
            benefit.get("loss"),
            losses,
            "loss",
            "baseline.losses",
        )
    for index, result in _items(data, "pilot", "results"):
        cite(f"/pilot/results/{index}/kpi", result.get("kpi"), kpis, "KPI", "baseline.kpis")
    for index, component in _items(data, "solution", "components"):
        addresses = component.get("addresses")
        if isinstance(addresses, list):
            for position, cited in enumerate(addresses):
                cite(
                    f"/solution/components/{index}/addresses/{position}",
                    cited,
                    losses_and_kpis,
                    "loss or KPI",
                    "baseline.losses or baseline.kpis",
                )
    systems = _ids(data, "systems")
    for index, phase in _items(data, "business_case", "phases"):
        downtime = phase.get("downtime_hours")
        if isinstance(downtime, dict):
            for system_id in downtime:
                pointer = f"/business_case/phases/{index}/downtime_hours/"
                cite(
                    pointer + escape_pointer_token(str(system_id)),
                    system_id,
                    systems,
                    "system",
                    "systems",
                )
    _period_problem(collector, data)


def _period_problem(collector: _Collector, data: dict[str, Any]) -> None:
    baseline = data.get("baseline")
    period = baseline.get("period") if isinstance(baseline, dict) else None
    if not isinstance(period, dict):
        return
    try:
        start = date.fromisoformat(str(period.get("from")))
        end = date.fromisoformat(str(period.get("to")))
    except ValueError:
        return
    if end < start:
        collector.add(
            "/baseline/period/to",
            f"the baseline period ends ({end}) before it starts ({start})",
            "swap 'from' and 'to'",
        )


def _collect_schema_problems(collector: _Collector, validator: CompiledSchema) -> None:
    for error in validator.iter_errors(collector.document.data):
        _schema_problems(collector, error)
        if collector.full:
            break


def schema_diagnostics(document: Document, validator: CompiledSchema) -> list[Diagnostic]:
    """The schema problems in a document (a project file or a rubric pack), sorted by line and
    capped per file."""
    collector = _Collector(document)
    _collect_schema_problems(collector, validator)
    return collector.problems.finish()


def validate_document(document: Document) -> list[Diagnostic]:
    """Every problem in the document (schema and links), sorted by line, capped per file."""
    collector = _Collector(document)
    _collect_schema_problems(collector, project_validator())
    _link_problems(collector, document.data)
    return collector.problems.finish()
