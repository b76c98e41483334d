"""The fast validator and the reference agree on every document the tests know, so the fast
path never lets an invalid file through or stops a valid one."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest

from readiness.casebook import case_document, read_cases
from readiness.loader import load_file
from readiness.rubric import builtin_rubrics
from readiness.schemacheck import CompiledSchema, compiled, is_calendar_date, jsonschema_rs
from readiness.validate import project_validator

from .conftest import FIXTURES, SAMPLES

pytestmark = pytest.mark.skipif(jsonschema_rs is None, reason="jsonschema-rs is not installed")

ODD_VALUES: list[Any] = [
    0,
    -1,
    1.5,
    1.0,
    10**30,
    "",
    "2026-02-30",
    "2026-13-01",
    "2026-1-5",
    "20260105",
    True,
    None,
    [],
    {},
    "x" * 300,
    "ünïcödé",
    "M3 Weld",
    "GBP",
    "gbp",
    2**64,
    "abc\n",
    "GBP\n",
    "0000-01-01",
    "2026-01-05\n",
    "\u0663",
]


def _documents() -> list[Any]:
    docs = [load_file(p).data for p in SAMPLES.glob("*.yaml")]
    docs.append(load_file(FIXTURES / "hostile.yaml").data)
    cases = read_cases(
        sorted((Path(__file__).parent / "cases").glob("*.yaml")),
        {c.id for c in builtin_rubrics().checks},
    )
    docs += [case_document(c).data for c in cases]
    return docs


def _leaves(node: Any) -> list[tuple[Any, Any]]:
    """(container, key) for every value below node, depth first."""
    found: list[tuple[Any, Any]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        if isinstance(value, dict | list):
            found += _leaves(value)
        found.append((node, key))
    return found


def _mutations(document: Any, rnd: random.Random, count: int) -> list[Any]:
    """Copies with one leaf replaced by an odd value each."""
    out = []
    for _ in range(count):
        mutated = copy.deepcopy(document)
        parent, key = rnd.choice(_leaves(mutated))
        parent[key] = rnd.choice(ODD_VALUES)
        out.append(mutated)
    return out


def test_project_schema_fast_path_agrees_with_reference() -> None:
    """Over the samples, the case book and 2,000 one-leaf mutations, both say the same."""
    validator = project_validator()
    rnd = random.Random(20261125)  # noqa: S311 - repeatable test data, not secrets
    documents = _documents()
    for document in list(documents):
        documents += _mutations(document, rnd, 8)
    disagreements = [
        d for d in documents if validator.is_valid(d) != validator.reference.is_valid(d)
    ]
    assert disagreements == []
    assert len(documents) > 2000


def test_check_fragments_agree_on_case_values() -> None:
    """Every check's expect and partial fragment gives the same answer on every case's value."""
    from datetime import date

    from readiness.engine import Subject
    from readiness.facts import derive_facts
    from readiness.pointers import resolve_pointer

    rubrics = builtin_rubrics()
    cases = read_cases(
        sorted((Path(__file__).parent / "cases").glob("*.yaml")), {c.id for c in rubrics.checks}
    )
    compared = 0
    for case in cases:
        document = case_document(case)
        facts = derive_facts(document.data, as_of=date(2026, 11, 25), parameters=rubrics.parameters)
        root = Subject(document, facts, rubrics.parameters).root
        for check in rubrics.checks:
            found, value = resolve_pointer(root, check.path)
            if not found or value is None:
                continue
            for fragment in filter(None, (check.expect, check.partial)):
                schema: CompiledSchema = compiled(fragment)
                assert schema.is_valid(value) == schema.reference.is_valid(value), (
                    check.id,
                    value,
                )
                compared += 1
    assert compared > 900


def test_values_the_fast_path_cannot_take_go_to_the_reference() -> None:
    """A number beyond 64 bits (only a caller's own data can hold one) does not raise."""
    schema = compiled({"type": "integer", "minimum": 0})
    assert schema.is_valid(10**40)
    assert not schema.is_valid(-(10**40))


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("2026-03-05", True),
        ("0001-01-01", True),
        ("9999-12-31", True),
        ("2028-02-29", True),
        ("0000-01-01", False),
        ("2026-02-29", False),
        ("2026-13-01", False),
        ("2026-03-05\n", False),
        ("20260305", False),
        ("2026-W10-4", False),
        ("2026-3-5", False),
        ("\u0662\u0660\u0662\u0666-03-05", False),
    ],
)
def test_one_rule_for_a_date_in_both_validators(text: str, valid: bool) -> None:
    """A date exists, from year 1, written YYYY-MM-DD: both validators read it so."""
    schema = compiled({"type": "string", "format": "date"})
    assert is_calendar_date(text) is valid
    assert schema.is_valid(text) is valid
    assert schema.reference.is_valid(text) is valid


@pytest.mark.parametrize("text", ["abc\n", "abc\n\n", "ab c", "\nabc"])
def test_a_dollar_anchor_ends_the_text_in_both_validators(text: str) -> None:
    """`$` does not match before a final newline, whichever validator is asked."""
    schema = compiled({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"})
    assert not schema.is_valid(text)
    assert not schema.reference.is_valid(text)
    assert [e.validator for e in schema.iter_errors(text)] == ["pattern"]


def test_the_fast_verdict_stands_when_the_reference_sees_nothing_wrong() -> None:
    """Should the two ever disagree, the refusal is reported with the fast validator's errors."""
    from jsonschema import Draft202012Validator

    schema = CompiledSchema(
        {"$defs": {"id": {"pattern": "^a$"}}, "properties": {"p": {"$ref": "#/$defs/id"}}}
    )
    schema.reference = Draft202012Validator({})  # a reference that accepts anything
    (error,) = schema.iter_errors({"p": "b"})
    assert (error.validator, error.validator_value, list(error.absolute_path)) == (
        "pattern",
        "^a$",
        ["p"],
    )
    assert error.instance == "b"
