"""Check fragments: the JSON Schema pieces of rubric packs, compiled sealed, judged by one engine.

A pack is data written by whoever wrote it, in a CI gate possibly the pull request's author. So
each fragment is compiled by jsonschema-rs

- with a retriever that serves the published schemas and refuses everything else: no `$ref`
  reaches the network or the disk, and `fragment_problems` locates each reference that would
  leave the pack (or does not resolve) before anything is compiled;
- with Rust's `regex` engine, which runs in linear time: no pack pattern can backtrack for ever,
  and a pattern it cannot run (look-around, back-references, `\\Z`) is a pack error at load;

and the same compiled validator both judges a value and explains a failure: the failing element
is the deepest error path, ties broken in the order the Python jsonschema library reported them
(the reports were built on that order; `tests/test_fragments.py` keeps the two equal over the
case book). Python's jsonschema is not needed to judge or explain a check.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from itertools import islice
from typing import Any
from urllib.parse import unquote, urldefrag

import jsonschema_rs

from readiness.record import Record
from readiness.schemas import published_schemas, sealed_retriever

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_META_PREFIX = "https://json-schema.org/draft/2020-12/"
_REFERENCE_KEYS = ("$ref", "$dynamicRef")
# jsonschema-rs copies the failing value into each error it explains: beyond this much text in
# a value (only reachable through a text repeated by YAML aliases), a failure is located at the
# value as a whole instead of the element inside it.
EXPLAIN_BUDGET = 1 << 22
EXPLAIN_ERRORS = 1000  # errors ranked to find the element that fails most precisely
# Error messages never show the value (nothing reads them; formatting it costs its size).
_MASK = "…"
# The linear engine's compiled-program limit: a pattern that needs more is refused at load,
# so compiling a hostile pack stays cheap.
_REGEX_SIZE_LIMIT = 1 << 20
# Keywords whose subschema applies to a child of the instance (a step in the instance path).
_CHILD_BY_NAME = frozenset({"properties"})
_CHILD_BY_POSITION = frozenset(
    {"items", "additionalProperties", "unevaluatedItems", "unevaluatedProperties"}
)
# Python's jsonschema reports `then`/`else` errors under `if`, and `minContains` under `contains`.
_REPORTED_UNDER = {"then": "if", "else": "if", "minContains": "contains", "maxContains": "contains"}
_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"}
)
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_VALUES = frozenset(
    {
        "additionalProperties",
        "items",
        "contains",
        "not",
        "if",
        "then",
        "else",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    }
)


class FragmentProblem(Record):
    """Something wrong with a fragment, at a JSON pointer relative to the fragment."""

    pointer: str
    message: str
    hint: str = ""


def canonical(fragment: Any) -> str:
    """The fragment as canonical JSON text: its identity for the compiled-validator cache.

    Keys become text first (YAML allows `1:` as a key; JSON and sorting need strings).
    """
    return json.dumps(
        _jsonable(fragment), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def _jsonable(value: Any) -> Any:
    """The value as JSON would carry it (keys as text): what jsonschema-rs accepts."""
    return json.loads(json.dumps(value, default=str))


class Fragment:
    """One fragment compiled once: whether a value satisfies it, and where it fails if not."""

    __slots__ = ("_schema", "_validator", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._schema: Any = json.loads(text)
        self._validator = _compile(text)

    def _errors(self, value: Any) -> Iterator[Any]:
        try:
            yield from self._validator.iter_errors(value)
        except ValueError:  # a key or type JSON does not have: judge it as JSON would carry it
            yield from self._validator.iter_errors(_jsonable(value))

    def is_valid(self, value: Any) -> bool:
        """Whether the value satisfies the fragment."""
        try:
            return bool(self._validator.is_valid(value))
        except ValueError:
            return bool(self._validator.is_valid(_jsonable(value)))

    def failing_path(self, value: Any, sizes: TextSizes | None = None) -> list[str | int] | None:
        """The path to the element that fails most precisely (None when the value passes).

        The deepest error wins; among equally deep ones, the one Python's jsonschema reported
        first (it walks the fragment's keywords in sorted order, items in order). Only the errors
        of the first failing elements are ranked, `EXPLAIN_ERRORS` of them: a list of ten
        thousand failing items blames the most precise of the first thousand, not of all
        (issue 18). `sizes` measures values already measured for other fragments only once.
        """
        if self.is_valid(value):
            return None
        size = sizes(value) if sizes is not None else _text_size(value, EXPLAIN_BUDGET)
        if size > EXPLAIN_BUDGET:
            return []  # too much text to walk (repeated through aliases): the value as a whole
        if isinstance(value, list):
            rule = _list_rule(self.text)
            if rule is not None:
                found = _failing_item_path(rule, value)
                if found is not None:
                    return found
        return _best_path(islice(self._errors(value), EXPLAIN_ERRORS), value)


def _best_path(errors: Iterable[Any], value: Any) -> list[str | int]:
    """The reported path of the error that fails most precisely: the deepest, and among equally
    deep ones the first in Python's jsonschema's walk."""
    best: tuple[int, tuple[Any, ...]] | None = None
    best_path: list[str | int] = []
    for error in errors:
        path = _reported_path(error)
        if best is not None and -len(path) > best[0]:
            continue  # shallower than the best so far: its walk order cannot matter
        rank = (-len(path), _walk_order(error, value))
        if best is None or rank < best:
            best, best_path = rank, path
    return best_path


# --- a rule over every item of a list, explained item by item ------------------------------

# Keywords that judge a list as a whole: their errors sit at the list itself, never inside an
# item, so they can only be the most precise failure when no item fails.
_WHOLE_LIST = frozenset(
    {"type", "minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains"}
)
# Keywords that judge nothing, kept beside `items` so that its references still resolve.
_CONTEXT = frozenset(
    {"$schema", "$id", "$anchor", "$defs", "definitions", "$comment", "title", "description"}
)
# Applicators whose subschema judges a child of the instance: one step deeper.
_DEEPER = frozenset(
    {
        "properties",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
        "items",
        "prefixItems",
        "contains",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
# Applicators whose subschema judges the instance itself.
_IN_PLACE = frozenset({"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas"})


class _ListRule(Record):
    """A fragment's rule for each item, compiled apart: `items` with only what it refers to."""

    items: Fragment
    deepest: int | None  # the deepest an item's error can lie below the list (None: unbounded)


@cache
def _list_rule(text: str) -> _ListRule | None:
    """The rule a fragment applies to each item of a list, when the fragment is a list rule:
    `items` (a schema, not `true` or `false`) beside only whole-list keywords and context.
    None for anything else: the fragment is explained as a whole."""
    schema = json.loads(text)
    if not isinstance(schema, dict) or not isinstance(schema.get("items"), dict):
        return None
    if not set(schema) <= _WHOLE_LIST | _CONTEXT | {"items"}:
        return None
    items_only = {key: value for key, value in schema.items() if key not in _WHOLE_LIST}
    depth = _error_depth(schema["items"])
    return _ListRule(compiled_fragment(canonical(items_only)), None if depth is None else depth + 1)


def _error_depth(schema: Any) -> int | None:
    """How deep below the instance a schema's errors can lie, at most (None: no bound, as
    through a reference)."""
    if not isinstance(schema, dict):
        return 0
    deepest = 0
    for key, value in schema.items():
        if key in ("$ref", "$dynamicRef"):
            return None
        step = 1 if key in _DEEPER else 0 if key in _IN_PLACE else None
        if step is None:
            continue
        if isinstance(value, list):
            subschemas = value
        elif key in _SCHEMA_MAPS and isinstance(value, dict):
            subschemas = list(value.values())
        else:
            subschemas = [value]
        for subschema in subschemas:
            depth = _error_depth(subschema)
            if depth is None:
                return None
            deepest = max(deepest, depth + step)
    return deepest


def _failing_item_path(rule: _ListRule, items: list[Any]) -> list[str | int] | None:
    """The most precise failure inside the items of a list, or None when every item passes.

    Each item is judged alone (a yes or no), and only a failing item's errors are built: an
    error inside an item lies deeper than any error of the list as a whole, and among equally
    deep ones an earlier item's comes first. The walk stops at an error as deep as the rule
    allows (no later item can beat it) or once `EXPLAIN_ERRORS` errors are ranked.
    """
    best_depth = -1
    best_path: list[str | int] | None = None
    ranked = 0
    for index, item in enumerate(items):
        alone = [item]
        if rule.items.is_valid(alone):
            continue
        errors = list(islice(rule.items._errors(alone), EXPLAIN_ERRORS - ranked))
        ranked += len(errors)
        # Only an item with an error deeper than the best so far can change the answer; the
        # walk order that breaks ties inside it is worked out for that item alone.
        if max(len(_reported_path(error)) for error in errors) > best_depth:
            path = _best_path(errors, alone)
            best_depth, best_path = len(path), [index, *path[1:]]
        if best_depth == rule.deepest or ranked >= EXPLAIN_ERRORS:
            break
    return best_path


def _compile(text: str, mask: str | None = _MASK) -> Any:
    return jsonschema_rs.validator_for(
        text,
        validate_formats=True,
        retriever=sealed_retriever,
        pattern_options=jsonschema_rs.RegexOptions(size_limit=_REGEX_SIZE_LIMIT),
        mask=mask,
    )


def _text_size(value: Any, budget: int) -> int:
    """Roughly how many characters the value holds, counting a repeated text each time it
    appears; stops counting past `budget`."""
    size = 0
    pending = [value]
    pop, extend = pending.pop, pending.extend
    while pending and size <= budget:
        node = pop()
        kind = type(node)  # the exact types first: plain data is all a check sees, mostly
        if kind is str or (kind is not dict and kind is not list and isinstance(node, str)):
            size += 8 + len(node)
        elif kind is dict or isinstance(node, dict):
            extend(node.values())
            size += 8 + sum(map(len, map(str, node)))
        elif kind is list or isinstance(node, list | tuple):
            extend(node)
            size += 8
        else:
            size += 8
    return size


class TextSizes:
    """How much text each value holds (`_text_size`), each value measured once while this
    lives: one project's checks often judge the same list (three knowledge checks judge
    `/knowledge`), and measuring walks all of it."""

    __slots__ = ("_known",)

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, int]] = {}  # by identity, the value kept alive

    def __call__(self, value: Any) -> int:
        """The value's size, up to just past `EXPLAIN_BUDGET`."""
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        size = _text_size(value, EXPLAIN_BUDGET)
        self._known[id(value)] = (value, size)
        return size


@cache
def compiled_fragment(text: str) -> Fragment:
    """The compiled fragment for its canonical text (`canonical`), built once per process."""
    return Fragment(text)


# Compiled fragments by the identity of the pack's fragment object (kept alive here, so the id
# stays its own): checking a pack when it loads and running its checks ask for the same
# objects, and a dictionary lookup costs less than serialising the fragment each time.
_BY_IDENTITY: dict[int, tuple[Any, Fragment]] = {}
_IDENTITY_LIMIT = 16_384


def compiled(fragment: Mapping[str, Any]) -> Fragment:
    """The compiled fragment for a fragment given as data (fragments are never changed once
    loaded): found by identity, else by its canonical text."""
    known = _BY_IDENTITY.get(id(fragment))
    if known is not None and known[0] is fragment:
        return known[1]
    if len(_BY_IDENTITY) >= _IDENTITY_LIMIT:
        _BY_IDENTITY.clear()
    found = compiled_fragment(canonical(fragment))
    _BY_IDENTITY[id(fragment)] = (fragment, found)
    return found


def _reported_path(error: Any) -> list[str | int]:
    """Where the error is reported, as Python's jsonschema would report it.

    The two libraries agree except for a `false` subschema: jsonschema-rs reports it at the
    child (the item `items: false` refused), Python's library at the instance holding the
    keyword.
    """
    path = list(error.instance_path)
    if error.kind.name == "falseSchema":
        steps = list(error.evaluation_path)
        if steps and _descends(steps, len(steps) - 1):
            return path[:-1]
    return path


def _descends(steps: list[Any], index: int) -> bool:
    """Whether the evaluation step at `index` moves to a child of the instance."""
    step = steps[index]
    parent = steps[index - 1] if index > 0 else None
    if isinstance(step, int):
        return parent == "prefixItems"
    return step in _CHILD_BY_POSITION or parent in ("properties", "patternProperties")


def _walk_order(error: Any, value: Any) -> tuple[Any, ...]:
    """A sort key: the order in which Python's jsonschema walks to this error.

    It visits the (sorted) keywords of each subschema in turn and, under a keyword that applies
    to children, the instance's items in order.
    """
    key: list[tuple[int, Any]] = []
    instance_path = list(error.instance_path)
    steps = list(error.evaluation_path)
    node = value
    consumed = 0
    for index, step in enumerate(steps):
        if isinstance(step, int):
            key.append((0, step))
        else:
            key.append((1, _REPORTED_UNDER.get(step, step)))
        if consumed < len(instance_path) and index + 1 < len(steps) and _descends(steps, index):
            child = instance_path[consumed]
            consumed += 1
            if isinstance(node, list):
                key.append((0, child))
                node = _item(node, child)
            elif isinstance(node, Mapping):
                if index == 0 or steps[index - 1] != "properties":  # else the name orders it
                    key.append((0, _position(node, child)))
                node = node.get(child)
    key.extend((0, part) if isinstance(part, int) else (1, part) for part in instance_path)
    return tuple(key)


def _position(mapping: Mapping[str, Any], name: Any) -> int:
    for position, key in enumerate(mapping):
        if key == name:
            return position
    return len(mapping)


def _item(items: list[Any], index: Any) -> Any:
    return items[index] if isinstance(index, int) and 0 <= index < len(items) else None


# --- checking a fragment when its pack is loaded -------------------------------------------


def fragment_problems(fragment: Any) -> list[FragmentProblem]:
    """Everything wrong with a fragment, each at a pointer inside it; empty when it compiles.

    Static checks come first (a reference that leaves the pack, a `$schema` other than the
    draft every fragment is read as, a number that is not finite), so that nothing is compiled,
    let alone fetched, before they pass. Then the fragment is compiled by the engine that will
    run it: an invalid keyword or a pattern the linear engine cannot run is located by its error.
    """
    problems = list(_static_problems(fragment))
    if problems:
        return problems
    try:
        compiled(fragment)
    except jsonschema_rs.ValidationError as masked:
        return [_compile_problem(fragment, _unmasked_error(fragment) or masked)]
    return []


def _unmasked_error(fragment: Any) -> Any:
    """The compile error again, with the offending part of the fragment in its message."""
    try:
        _compile(canonical(fragment), mask=None)
    except jsonschema_rs.ValidationError as error:
        return error
    return None  # pragma: no cover - the mask changes messages, not what compiles


def _static_problems(fragment: Any) -> Iterator[FragmentProblem]:
    for pointer, key, value in _schema_keywords(fragment, ""):
        where = f"{pointer}/{_escape(key)}"
        if key == "$schema" and value != DRAFT:
            yield FragmentProblem(
                where,
                "a fragment is always read as JSON Schema 2020-12; "
                f"`$schema` may only name {DRAFT}",
                "remove `$schema`",
            )
        elif key in _REFERENCE_KEYS and isinstance(value, str):
            problem = _reference_problem(fragment, key, value)
            if problem:
                yield FragmentProblem(where, problem, _REFERENCE_HINT)
    for pointer, number in _numbers(fragment, ""):
        if not math.isfinite(number):
            yield FragmentProblem(pointer, "a fragment's numbers must be finite")


_REFERENCE_HINT = (
    "refer to a part of this fragment ('#/$defs/name') or of a published schema "
    "('https://readiness.dev/schemas/project-v1.json#/$defs/name')"
)


def _reference_problem(fragment: Any, key: str, reference: str) -> str:
    """Why a `$ref` cannot be followed inside the pack ('' when it can). Never reads a target."""
    shown = reference if len(reference) <= 80 else reference[:77] + "..."
    uri, pointer = urldefrag(reference)
    if uri and not uri.startswith(_META_PREFIX) and uri not in published_schemas():
        return (
            f"`{key}` '{shown}' leaves the pack: a pack may refer only to its own fragment "
            "and the published schemas (nothing is fetched or read)"
        )
    if uri.startswith(_META_PREFIX):
        return ""
    document = published_schemas()[uri] if uri else fragment
    if pointer.startswith("/") or not pointer:
        found = _resolve(document, pointer)
    else:
        found = pointer in set(_anchors(document))
    return "" if found else f"`{key}` '{shown}' does not resolve to anything"


def _resolve(document: Any, pointer: str) -> bool:
    node = document
    for raw in pointer.split("/")[1:] if pointer else []:
        token = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


def _anchors(schema: Any) -> Iterator[str]:
    for _, key, value in _schema_keywords(schema, ""):
        if key in ("$anchor", "$dynamicAnchor") and isinstance(value, str):
            yield value


def _schema_keywords(schema: Any, pointer: str) -> Iterator[tuple[str, str, Any]]:
    """(pointer of the subschema, keyword, value) for every keyword of every subschema."""
    if not isinstance(schema, dict):
        return
    for raw_key, value in schema.items():
        key = str(raw_key)
        yield pointer, key, value
        here = f"{pointer}/{_escape(key)}"
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            for name, sub in value.items():
                yield from _schema_keywords(sub, f"{here}/{_escape(str(name))}")
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            for index, sub in enumerate(value):
                yield from _schema_keywords(sub, f"{here}/{index}")
        elif key in _SCHEMA_VALUES:
            yield from _schema_keywords(value, here)


def _numbers(value: Any, pointer: str) -> Iterator[tuple[str, float]]:
    if isinstance(value, float):
        yield pointer, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, f"{pointer}/{_escape(str(key))}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numbers(item, f"{pointer}/{index}")


def _compile_problem(fragment: Any, error: Any) -> FragmentProblem:
    """A compile error, located: the keyword it names, or the first reference for a `$ref`."""
    kind = error.kind.name
    pointer = "".join(f"/{_escape(str(part))}" for part in error.instance_path)
    if kind == "referencing":
        references = [
            (f"{where}/{_escape(key)}", key, value)
            for where, key, value in _schema_keywords(fragment, "")
            if key in _REFERENCE_KEYS
        ]
        where, key, value = references[0] if references else ("", "$ref", "")
        return FragmentProblem(
            where, f"`{key}` '{str(value)[:80]}' does not resolve to anything", _REFERENCE_HINT
        )
    steps = list(error.instance_path)
    if kind == "format" and (steps[-1:] == ["pattern"] or steps[-2:-1] == ["patternProperties"]):
        return _pattern_problem(pointer)
    return FragmentProblem(
        pointer,
        f"not a valid JSON Schema fragment: {_short(error.message)}",
        "see https://json-schema.org/understanding-json-schema/ for the keywords",
    )


def _pattern_problem(pointer: str) -> FragmentProblem:
    return FragmentProblem(
        pointer,
        "the pattern is not a regular expression readiness can run in linear time",
        "write it without look-around, back-references or \\Z (use $ for the end)",
    )


def _short(text: str, limit: int = 160) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
