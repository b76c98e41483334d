"""docs/format-v1.yaml is the full annotated reference of the file format: it names every key the
published project schema defines (a key added to the schema must be shown, with its comment, in
the reference users read), and the schema accepts it (tests/test_validate.py)."""

from __future__ import annotations

from typing import Any

import yaml

from readiness.schemas import load_schema

from .conftest import FORMAT_REFERENCE

Schema = dict[str, Any]


def _alternatives(node: Schema, schema: Schema) -> list[Schema]:
    """The node with its `$ref` followed, and every subschema that may define its properties."""
    found: list[Schema] = []
    pending = [node]
    while pending:
        current = pending.pop()
        reference = current.get("$ref")
        if isinstance(reference, str) and reference.startswith("#/$defs/"):
            pending.append(schema["$defs"][reference.removeprefix("#/$defs/")])
        found.append(current)
        for keyword in ("oneOf", "anyOf", "allOf"):
            pending.extend(part for part in current.get(keyword, []) if isinstance(part, dict))
        pending.extend(current[k] for k in ("then", "else") if isinstance(current.get(k), dict))
    return found


def defined_keys(schema: Schema) -> dict[tuple[int, str], str]:
    """Every (subschema, key) the schema defines, with the first path that reaches it; a `$defs`
    entry used in many places (a person, a date) counts once."""
    keys: dict[tuple[int, str], str] = {}
    pending: list[tuple[Schema, str]] = [(schema, "")]
    while pending:
        node, path = pending.pop()
        for part in _alternatives(node, schema):
            for key, value in part.get("properties", {}).items():
                if (id(part), key) not in keys:
                    keys[(id(part), key)] = f"{path}.{key}".lstrip(".")
                    pending.append((value, f"{path}.{key}".lstrip(".")))
            if isinstance(part.get("items"), dict):
                pending.append((part["items"], f"{path}[]"))
    return keys


def shown_keys(document: object, node: Schema, schema: Schema) -> set[tuple[int, str]]:
    """The (subschema, key) pairs a document uses, walking it beside the schema."""
    shown: set[tuple[int, str]] = set()
    parts = _alternatives(node, schema)
    if isinstance(document, dict):
        for key, value in document.items():
            for part in parts:
                if key in part.get("properties", {}):
                    shown.add((id(part), key))
                    shown |= shown_keys(value, part["properties"][key], schema)
    elif isinstance(document, list):
        for item in document:
            for part in parts:
                if isinstance(part.get("items"), dict):
                    shown |= shown_keys(item, part["items"], schema)
    return shown


def test_the_reference_shows_every_key_of_the_schema() -> None:
    schema = load_schema("project")
    reference = yaml.safe_load(FORMAT_REFERENCE.read_text(encoding="utf-8"))
    defined = defined_keys(schema)
    shown = shown_keys(reference, schema, schema)
    missing = sorted(path for key, path in defined.items() if key not in shown)
    assert missing == [], f"docs/format-v1.yaml does not show {missing}"


def test_the_check_notices_a_key_left_out() -> None:
    """Without its waivers section the reference is reported as incomplete, by path."""
    schema = load_schema("project")
    reference = yaml.safe_load(FORMAT_REFERENCE.read_text(encoding="utf-8"))
    del reference["waivers"]
    shown = shown_keys(reference, schema, schema)
    missing = {path for key, path in defined_keys(schema).items() if key not in shown}
    assert {"waivers", "waivers[].check"} <= missing
