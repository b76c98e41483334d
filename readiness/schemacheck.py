"""Compiled JSON Schema validators with a fast path.

jsonschema-rs answers "is this valid?" about 200 times faster than the Python jsonschema library
(0.08 ms against 16 ms for a full project file here); the Python library stays the reference that
explains *why* something is invalid (error paths and keywords, which the diagnostics and findings
are built from). So: ask the fast validator first, and only walk the errors when it says no. A
value the fast validator cannot take (an integer beyond 64 bits) goes to the reference.

The two must never disagree, and where they could the strict reading wins: both judge a `date`
by one rule (a real calendar date from year 1, as Python's `date` and every later stage read it),
the reference judges a `pattern` with the fast validator's regular-expression engine (in ECMA
regular expressions `$` ends the text; in Python's `re` it also matches before a final newline,
so `"abc\n"` passed `^[a-z]+$`), and when the fast validator refuses an instance the reference
finds nothing wrong with, the fast validator's own errors are reported. `uniqueItems` is
checked in one pass (the library's fallback for lists of mixed types compares every pair).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Python's jsonschema is imported only to explain an invalid value (see `reference`): it
    # costs more to import than the rest of a run, and jsonschema-rs judges every value.
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - a platform without its wheel still works, slower
    jsonschema_rs = None  # type: ignore[assignment]


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_calendar_date(text: object) -> bool:
    """Whether `text` is a date written YYYY-MM-DD that exists (year 1 to 9999): the one rule
    for a `date`, in both validators and wherever a later stage parses one."""
    if not isinstance(text, str):
        return True  # formats only judge text, as the JSON Schema specification says
    if _DATE.fullmatch(text) is None:
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


@cache
def _formats() -> FormatChecker:
    from jsonschema import Draft202012Validator, FormatChecker

    formats = FormatChecker(Draft202012Validator.FORMAT_CHECKER.checkers)
    formats.checks("date")(is_calendar_date)
    return formats


@lru_cache(maxsize=1024)
def _fast_pattern(pattern: str) -> Any:
    """The fast validator's engine for one pattern, or None where it cannot compile it."""
    if jsonschema_rs is None:  # pragma: no cover - only without the jsonschema-rs wheel
        return None
    try:
        return jsonschema_rs.Draft202012Validator({"pattern": pattern})
    except ValueError:
        return None


def _pattern(
    validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """The `pattern` keyword judged by the same engine as the fast validator."""
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "string"):
        return
    engine = _fast_pattern(pattern)
    matches = engine.is_valid(instance) if engine is not None else re.search(pattern, instance)
    if not matches:
        yield ValidationError(f"does not match {pattern!r}")


def json_identity(value: Any) -> Any:
    """A hashable stand-in equal for values JSON Schema calls equal: 1 and 1.0 alike, true and 1
    apart, mappings whatever their key order."""
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, list):
        return ("list", tuple(json_identity(item) for item in value))
    if isinstance(value, dict):
        return ("map", frozenset((key, json_identity(item)) for key, item in value.items()))
    return ("other", repr(value))  # pragma: no cover - plain data holds nothing else


def _unique_items(
    validator: Any, unique: bool, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """`uniqueItems` in one pass (the library compares every pair when types are mixed: hours
    for a list of a mebibyte)."""
    from jsonschema.exceptions import ValidationError

    if not unique or not validator.is_type(instance, "array"):
        return
    if not any(isinstance(item, bool | list | dict) for item in instance):
        # Text, numbers and nothing compare in Python as in JSON (1 == 1.0, "1" != 1).
        if len(set(instance)) < len(instance):
            yield ValidationError("has non-unique elements")
        return
    seen: set[Any] = set()
    for item in instance:
        identity = json_identity(item)
        if identity in seen:
            yield ValidationError("has non-unique elements")
            return
        seen.add(identity)


@cache
def _reference() -> Any:
    """The reference validator class: draft 2020-12 with our `pattern` and `uniqueItems`."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(  # type: ignore[no-untyped-call]  # untyped in jsonschema
        Draft202012Validator, {"pattern": _pattern, "uniqueItems": _unique_items}
    )


def _fast_validator(schema: Any) -> Any:
    """The fast validator for a schema (formats judged as the reference judges them), or None
    where jsonschema-rs is missing or cannot compile it."""
    if jsonschema_rs is None:  # pragma: no cover - only without the jsonschema-rs wheel
        return None
    from readiness.schemas import sealed_retriever

    try:
        # Sealed: a `$ref` is never fetched over the network or read from the disk.
        return jsonschema_rs.Draft202012Validator(
            schema,
            validate_formats=True,
            formats={"date": is_calendar_date},
            retriever=sealed_retriever,
        )
    except ValueError:
        return None


class _ValidSubtrees:
    """Answers "is this value valid under this part of the schema?" with the fast validator, so
    the reference descends only into the parts that hold an error: it would otherwise walk every
    value of a large file (seconds for a list of 100,000 items) to explain one mistake."""

    _MISSING = object()

    CHUNK = 256

    def __init__(self, root: Mapping[str, Any]) -> None:
        self._defs = root.get("$defs", {})
        self._validators: dict[int, tuple[Any, Any]] = {}
        self._lists: dict[int, tuple[Any, Any]] = {}

    def invalid_items(self, items: Any, instance: list[Any], start: int) -> Iterator[int]:
        """The indices from `start` of the items not valid under `items`: a run of items is
        checked at once, and only a run that fails is looked at item by item."""
        known = self._lists.get(id(items))
        if known is None:
            fast = (
                None
                if isinstance(items, bool)
                else _fast_validator({"$defs": self._defs, "items": items})
            )
            known = self._lists[id(items)] = (items, fast)
        for low in range(start, len(instance), self.CHUNK):
            high = min(low + self.CHUNK, len(instance))
            if known[1] is not None and high - low > 1:
                try:
                    if known[1].is_valid(instance[low:high]):
                        continue
                except (ValueError, OverflowError, TypeError):
                    pass
            yield from (index for index in range(low, high) if not self(items, instance[index]))

    def __call__(self, subschema: Any, value: Any) -> bool:
        if isinstance(subschema, bool):
            return subschema
        known = self._validators.get(id(subschema))
        if known is None:
            fast = _fast_validator({"$defs": self._defs, **subschema}) if subschema else None
            known = self._validators[id(subschema)] = (subschema, fast)
        fast = known[1]
        if fast is None:
            return not subschema  # `{}` holds for everything; otherwise let the reference look
        try:
            return bool(fast.is_valid(value))
        except (ValueError, OverflowError, TypeError):
            return False


def _skipping_reference(root: Mapping[str, Any]) -> Any:
    """The reference validator for `root`, descending only into values that hold an error."""
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import ValidationError

    valid = _ValidSubtrees(root)
    keywords = Draft202012Validator.VALIDATORS

    def properties(
        validator: Any, properties: dict[str, Any], instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        if not validator.is_type(instance, "object"):
            return
        for name, subschema in properties.items():
            if name in instance and not valid(subschema, instance[name]):
                yield from validator.descend(instance[name], subschema, path=name, schema_path=name)

    def items(validator: Any, items: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if items is False or not validator.is_type(instance, "array"):
            yield from keywords["items"](validator, items, instance, schema)
            return
        for index in valid.invalid_items(items, instance, len(schema.get("prefixItems", []))):
            yield from validator.descend(instance[index], items, path=index)

    def pattern_properties(
        validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        if not validator.is_type(instance, "object"):
            return
        for pattern, subschema in patterns.items():
            matches = re.compile(pattern).search
            for key, value in instance.items():
                if matches(key) and not valid(subschema, value):
                    yield from validator.descend(value, subschema, path=key, schema_path=pattern)

    def additional_properties(
        validator: Any, additional: Any, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        if not validator.is_type(instance, "object") or additional is True:
            return
        known = set(schema.get("properties", {}))
        patterns = [re.compile(p).search for p in schema.get("patternProperties", {})]
        extras = [
            key
            for key in instance
            if key not in known and not any(matches(key) for matches in patterns)
        ]
        if isinstance(additional, dict):
            for key in extras:
                if not valid(additional, instance[key]):
                    yield from validator.descend(instance[key], additional, path=key)
        elif extras:
            yield ValidationError(f"{len(extras)} properties are not allowed")

    return validators.extend(  # type: ignore[no-untyped-call]  # untyped in jsonschema
        _reference(),
        {
            "properties": properties,
            "items": items,
            "patternProperties": pattern_properties,
            "additionalProperties": additional_properties,
        },
    )


class CompiledSchema:
    """One schema, compiled once: a fast yes/no and the reference's explanations.

    `large`: the schema of whole files (a project, a pack), whose explanations skip the parts
    the fast validator finds valid; small fragments (a check's `expect`) do without."""

    def __init__(self, schema: Mapping[str, Any], *, large: bool = False) -> None:
        self.schema = schema
        self.large = large
        self.fast: Any = _fast_validator(dict(schema))

    @cached_property
    def reference(self) -> Draft202012Validator:
        """The Python library's validator, built the first time a value must be explained."""
        from readiness.schemas import sealed_registry

        reference = _skipping_reference(self.schema) if self.large else _reference()
        validator: Draft202012Validator = reference(
            self.schema, format_checker=_formats(), registry=sealed_registry()
        )
        return validator

    def is_valid(self, instance: Any) -> bool:
        """Whether the instance satisfies the schema."""
        if self.fast is not None:
            try:
                return bool(self.fast.is_valid(instance))
            except (ValueError, OverflowError, TypeError):
                pass  # not representable for the fast validator: the reference decides
        return bool(self.reference.is_valid(instance))

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        """The reference's errors, walked only when the instance is invalid."""
        if self.is_valid(instance):
            return iter(())
        return self._explain(instance)

    def _explain(self, instance: Any) -> Iterator[ValidationError]:
        found = False
        for error in self.reference.iter_errors(instance):
            found = True
            yield error
        if not found and self.fast is not None:
            # The fast validator refused what the reference accepts: its verdict stands.
            for fast_error in self.fast.iter_errors(instance):
                yield self._from_fast(fast_error)

    def _from_fast(self, error: Any) -> ValidationError:
        """A fast validator's error in the reference's shape (keyword, value, path, schema)."""
        from jsonschema.exceptions import ValidationError

        *parent, keyword = error.schema_path
        schema: Any = self.schema
        for token in parent:
            schema = schema[token] if isinstance(schema, dict | list) else {}
        schema = schema if isinstance(schema, dict) else {}
        return ValidationError(
            f"fails the '{keyword}' rule",
            validator=keyword,
            validator_value=schema.get(keyword),
            instance=error.instance,
            path=list(error.instance_path),
            schema=schema,
        )


@cache
def _by_text(text: str) -> CompiledSchema:
    return CompiledSchema(json.loads(text))


def compiled(fragment: Mapping[str, Any]) -> CompiledSchema:
    """A compiled validator for a schema fragment, built once per distinct fragment."""
    return _by_text(json.dumps(fragment, sort_keys=True))
