"""Compiled JSON Schema validators with a fast path.

jsonschema-rs answers "is this valid?" about 200 times faster than the Python jsonschema library
(0.08 ms against 16 ms for a full project file here); the Python library stays the reference that
explains *why* something is invalid (error paths and keywords, which the diagnostics and findings
are built from). So: ask the fast validator first, and only walk the errors when it says no. A
value the fast validator cannot take (an integer beyond 64 bits) goes to the reference.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - a platform without its wheel still works, slower
    jsonschema_rs = None  # type: ignore[assignment]


class CompiledSchema:
    """One schema, compiled once: a fast yes/no and the reference's explanations."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        from readiness.fragments import sealed_registry, sealed_retriever

        # Sealed: a `$ref` is never fetched over the network or read from the disk.
        self.reference = Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER, registry=sealed_registry()
        )
        self.fast: Any = (
            jsonschema_rs.Draft202012Validator(
                dict(schema), validate_formats=True, retriever=sealed_retriever
            )
            if jsonschema_rs is not None
            else None
        )

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
        return self.reference.iter_errors(instance)


@cache
def _by_text(text: str) -> CompiledSchema:
    return CompiledSchema(json.loads(text))


def compiled(fragment: Mapping[str, Any]) -> CompiledSchema:
    """A compiled validator for a schema fragment, built once per distinct fragment."""
    return _by_text(json.dumps(fragment, sort_keys=True))
