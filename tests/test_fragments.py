"""Check fragments: sealed (no reference leaves the pack), linear regular expressions, and the
failing element taken from jsonschema-rs exactly where Python's jsonschema put it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from readiness.casebook import case_document, read_cases
from readiness.engine import Subject
from readiness.facts import derive_facts
from readiness.fragments import (
    EXPLAIN_ERRORS,
    Fragment,
    TextSizes,
    canonical,
    compiled,
    fragment_problems,
)
from readiness.pointers import resolve_pointer
from readiness.rubric import builtin_rubrics
from readiness.schemas import sealed_registry, sealed_retriever

CASES = Path(__file__).parent / "cases"


def python_path(fragment: dict[str, Any], value: Any) -> list[Any] | None:
    """The failing path as the engine took it from Python's jsonschema (sorted keywords; the
    longest error path, the first among ties)."""
    schema = json.loads(canonical(fragment))
    validator = Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER, registry=sealed_registry()
    )
    errors = list(validator.iter_errors(value))
    if not errors:
        return None
    return list(max(errors, key=lambda e: len(e.absolute_path)).absolute_path)


def _case_values() -> list[tuple[str, str, dict[str, Any], Any]]:
    """(case, check, fragment, value) for every check of every case project in the book."""
    rubrics = builtin_rubrics()
    found = []
    for case in read_cases(sorted(CASES.glob("*.yaml")), {c.id for c in rubrics.checks}):
        document = case_document(case)
        facts = derive_facts(document.data, as_of=case.as_of, parameters=rubrics.parameters)
        root = Subject(document, facts, rubrics.parameters).root
        for check in rubrics.checks:
            exists, value = resolve_pointer(root, check.path)
            if exists and value is not None:
                label = f"{Path(case.file).name}:{case.line}"
                found.append((label, check.id, check.expect, value))
                if check.partial is not None:
                    found.append((label, f"{check.id} partial", check.partial, value))
    return found


def test_failing_paths_match_python_over_the_case_book() -> None:
    """Every check on every case project fails at the same element with either engine."""
    values = _case_values()
    mismatches = [
        (label, check, python_path(fragment, value), compiled(fragment).failing_path(value))
        for label, check, fragment, value in values
        if python_path(fragment, value) != compiled(fragment).failing_path(value)
    ]
    assert len(values) > 1000
    assert sum(compiled(f).failing_path(v) is not None for _, _, f, v in values) > 300
    assert mismatches == []


_LEAF = st.sampled_from(
    [
        {"minimum": 3},
        {"maximum": 1},
        {"type": "string"},
        {"type": "integer"},
        {"minLength": 2},
        {"maxItems": 1},
        {"enum": [1, "a"]},
        {"const": 2},
        {"required": ["a"]},
        {"uniqueItems": True},
        {"not": {"type": "integer"}},
        {"minProperties": 2},
    ]
)


def _combine(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    names = st.sampled_from(["a", "b", "c", "x-1"])
    return st.one_of(
        st.builds(lambda s: {"items": s}, children),
        st.dictionaries(names, children, min_size=1, max_size=3).map(lambda p: {"properties": p}),
        st.lists(children, min_size=1, max_size=3).map(lambda a: {"allOf": a}),
        st.lists(children, min_size=1, max_size=2).map(lambda a: {"prefixItems": a}),
        st.builds(lambda s: {"patternProperties": {"^[ab]": s}}, children),
        st.builds(lambda s: {"contains": s}, children),
        st.builds(lambda a, b: {**a, **b}, children, children),
        st.builds(lambda c, t: {"if": c, "then": t}, children, children),
        st.just({"items": False}),
        st.just({"properties": {"a": False}}),
    )


_NESTED = st.recursive(_LEAF, _combine, max_leaves=6)
FRAGMENTS = st.one_of(
    _NESTED,
    st.builds(
        lambda s, t: {"$defs": {"d": s}, "items": {"$ref": "#/$defs/d"}, **t}, _NESTED, _LEAF
    ),
)
VALUES = st.recursive(
    st.one_of(st.integers(-5, 5), st.sampled_from(["", "a", "ab", "abc"]), st.none()),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["a", "b", "c", "x-1", "z"]), children, max_size=4),
    ),
    max_leaves=10,
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment=FRAGMENTS, value=VALUES)
def test_failing_paths_match_python_on_generated_fragments(
    fragment: dict[str, Any], value: Any
) -> None:
    """Generated fragments and values: jsonschema-rs's path with the tie-break is Python's."""
    assert compiled(fragment).failing_path(value) == python_path(fragment, value)


_WHOLE_LIST = st.sampled_from(
    [
        {},
        {"minItems": 2},
        {"maxItems": 1},
        {"uniqueItems": True},
        {"type": "array"},
        {"contains": {"type": "string"}},
        {"contains": {"minimum": 3}, "minContains": 2},
    ]
)
LIST_RULES = st.one_of(
    st.builds(lambda s, w: {"items": s, **w}, _NESTED, _WHOLE_LIST),
    st.builds(
        lambda s, w: {"$defs": {"d": s}, "items": {"$ref": "#/$defs/d"}, **w}, _NESTED, _WHOLE_LIST
    ),
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment=LIST_RULES, value=st.lists(VALUES, max_size=6))
def test_list_rules_explained_item_by_item_match_python(
    fragment: dict[str, Any], value: list[Any]
) -> None:
    """A rule over every item of a list, explained one item at a time (issue 18), still fails
    where Python's jsonschema, walking the whole list, put it."""
    assert compiled(fragment).failing_path(value) == python_path(fragment, value)


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ([{"a": 5}, {}, {"a": 1}, {"a": 0}], [2, "a"]),  # deeper in a later item wins
        ([{}, {}], [0]),  # equally deep: the first item
        ([{"a": 5}], None),
        ([], []),  # no item fails: the list as a whole (`minItems`)
    ],
)
def test_a_list_rule_blames_the_deepest_then_the_first_item(value: Any, path: Any) -> None:
    """Items are explained one by one; the most precise failure is still the one chosen."""
    fragment = compiled(
        {"minItems": 1, "items": {"required": ["a"], "properties": {"a": {"minimum": 3}}}}
    )
    assert fragment.failing_path(value) == path


def test_a_list_rule_builds_errors_only_for_the_items_it_ranks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ten thousand failing items: errors are built for the first one when it fails as deep as
    the rule can, and for the first `EXPLAIN_ERRORS` errors' items when it fails shallower; the
    rest are only judged yes or no (jsonschema-rs builds every error it reports at once)."""
    explained: list[int] = []
    errors = Fragment._errors

    def counting(self: Fragment, value: Any) -> Any:
        explained.append(len(value) if isinstance(value, list) else -1)
        return errors(self, value)

    monkeypatch.setattr(Fragment, "_errors", counting)
    deep = compiled({"items": {"properties": {"holders": {"minItems": 2}}}})
    assert deep.failing_path([{"holders": ["x"]}] * 10_000) == [0, "holders"]
    assert explained == [1]
    explained.clear()
    shallow = compiled({"items": {"required": ["documented"]}, "minItems": 1})
    assert shallow.failing_path([{}] * 10_000) == [0]
    assert explained == [1]  # `required` lies at the item: as deep as this rule goes
    explained.clear()
    bounded = compiled({"items": {"required": ["a"], "properties": {"a": {"minimum": 3}}}})
    assert bounded.failing_path([{}] * 10_000 + [{"a": 1}]) == [0]
    assert explained == [1] * EXPLAIN_ERRORS  # the deeper failure past them is not looked for


def test_text_sizes_measure_each_value_once() -> None:
    """The sizes shared by one project's checks: the same answer, one walk per value."""
    text = "x" * 400_000
    sizes = TextSizes()
    many, few = [text] * 20_000, ["short", text]
    fragment = compiled({"items": {"maxLength": 10}})
    assert fragment.failing_path(many, sizes) == fragment.failing_path(many) == []
    assert fragment.failing_path(few, sizes) == fragment.failing_path(few) == [1]
    assert sizes(few) == sizes(list(few)) == 8 + 13 + 400_008


@pytest.mark.parametrize(
    ("fragment", "pointer", "words"),
    [
        ({"$ref": "file:///etc/passwd"}, "/$ref", "leaves the pack"),
        ({"items": {"$ref": "http://127.0.0.1:9/x.json"}}, "/items/$ref", "leaves the pack"),
        ({"$id": "file:///etc/", "$ref": "passwd"}, "/$ref", "leaves the pack"),
        ({"$dynamicRef": "https://example.org/s#x"}, "/$dynamicRef", "leaves the pack"),
        ({"$ref": "#/$defs/nope"}, "/$ref", "does not resolve"),
        ({"$ref": "#nowhere"}, "/$ref", "does not resolve"),
        (
            {"$ref": "https://readiness.dev/schemas/project-v1.json#/$defs/nope"},
            "/$ref",
            "does not resolve",
        ),
        ({"$schema": "http://127.0.0.1:9/meta"}, "/$schema", "2020-12"),
        ({"properties": {"a": {"pattern": "(?<=a)b"}}}, "/properties/a/pattern", "linear time"),
        ({"pattern": "\\Z"}, "/pattern", "linear time"),
        ({"patternProperties": {"(?=x)": {}}}, "/patternProperties/(?=x)", "linear time"),
        ({"minimum": "x"}, "/minimum", "not a valid JSON Schema fragment"),
        ({"maximum": float("inf")}, "/maximum", "finite"),
    ],
)
def test_fragment_problems_are_located(fragment: dict[str, Any], pointer: str, words: str) -> None:
    """Each refused fragment names the keyword to change, and nothing is fetched or read."""
    [problem] = fragment_problems(fragment)
    assert (problem.pointer, words in problem.message) == (pointer, True)


@pytest.mark.parametrize(
    "fragment",
    [
        {"$defs": {"d": {"minimum": 1}}, "items": {"$ref": "#/$defs/d"}},
        {"$anchor": "one", "items": {"$ref": "#one"}},
        {"$ref": "https://readiness.dev/schemas/project-v1.json#/$defs/date"},
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "minimum": 1},
        {"properties": {"role": {"pattern": "\\b[Ll]ine\\b|^(a+)+$"}}},
    ],
)
def test_references_inside_the_pack_and_published_schemas_are_fine(
    fragment: dict[str, Any],
) -> None:
    """A reference to the fragment itself or a published schema compiles and runs."""
    assert fragment_problems(fragment) == []


def test_a_published_schema_can_be_referenced() -> None:
    """`$ref` into the project schema judges with the project schema's rule."""
    date = compiled({"$ref": "https://readiness.dev/schemas/project-v1.json#/$defs/date"})
    assert (date.is_valid("2026-11-25"), date.is_valid("25/11/2026")) == (True, False)


def test_retrievers_refuse_everything_but_the_published_schemas(tmp_path: Path) -> None:
    """Both libraries' retrieval is sealed: a file's content is never read."""
    secret = tmp_path / "secret.json"
    secret.write_text('{"type": "string", "description": "TOKEN-123"}', encoding="utf-8")
    with pytest.raises(LookupError):
        sealed_retriever(secret.as_uri())
    assert sealed_retriever("https://readiness.dev/schemas/rubric-v1.json")["title"]
    python = Draft202012Validator({"$ref": secret.as_uri()}, registry=sealed_registry())
    with pytest.raises(Unresolvable):
        python.is_valid(1)


def test_patterns_run_in_linear_time() -> None:
    """`^(a+)+$` on a long near-match: a backtracking engine would not finish."""
    fragment = compiled({"pattern": "^(a+)+$"})
    assert fragment.failing_path("a" * 100_000 + "!") == []
    assert fragment.failing_path("a" * 100_000) is None


def test_a_value_repeated_through_aliases_is_located_as_a_whole() -> None:
    """20,000 references to one 400 KB text (what YAML aliases make): explaining each failing
    item would copy 8 GB, so the failure is placed on the value itself."""
    text = "x" * 400_000
    fragment = compiled({"items": {"maxLength": 10}})
    assert fragment.failing_path([text] * 20_000) == []
    assert fragment.failing_path(["short", text]) == [1]


def test_values_json_cannot_carry_are_judged_as_json_would() -> None:
    """A mapping with a number as a key (YAML allows `1:`) is judged with the key as text."""
    fragment = compiled({"propertyNames": {"pattern": "^[0-9]+$"}, "minProperties": 2})
    assert fragment.failing_path({1: "a"}) == []
    assert fragment.is_valid({1: "a", 2: "b"})


def test_canonical_text_is_the_same_for_the_same_fragment() -> None:
    """The cache key does not depend on key order, and numbers as keys become text."""
    assert canonical({"b": 1, "a": {"d": 2, "c": 3}}) == canonical({"a": {"c": 3, "d": 2}, "b": 1})
    assert canonical({1: {}}) == '{"1":{}}'
