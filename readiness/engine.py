"""Evaluate every check of a rubric set on one project: findings, each located on a line.

A check is a JSON Schema fragment tested at a JSON pointer into the project data or its derived
facts. The engine decides the status (pass, partial, fail, missing, not_applicable), fills the
message from the actual values and points the finding at the line the user must change: the
failing element itself, the document item a fact was derived from, or, when the data is absent,
the nearest part of the file that exists. No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from readiness.facts import Fact
from readiness.fragments import TextSizes, compiled
from readiness.loader import Document
from readiness.messages import fill, show
from readiness.model import Check, Condition, Finding, Location, Status
from readiness.paths import dotted_path
from readiness.pointers import escape_pointer_token, pointer_tokens, resolve_pointer
from readiness.record import Record

NOT_APPLICABLE_MESSAGE = "does not apply to this project"


class Subject(Record):
    """What checks look at: the project data with its positions, plus the derived facts."""

    document: Document
    facts: Mapping[str, Fact]
    parameters: Mapping[str, Any]

    @property
    def root(self) -> dict[str, Any]:
        """The project data with `/facts/<name>` beside it, as check paths see it."""
        data = self.document.data if isinstance(self.document.data, dict) else {}
        return {**data, "facts": {name: fact.value for name, fact in self.facts.items()}}

    def document_pointer(self, pointer: str) -> str:
        """Map a pointer (possibly into /facts) to the document pointer the user should edit."""
        tokens = pointer_tokens(pointer)
        if not tokens or tokens[0] != "facts":
            return self.document.nearest(pointer)
        if len(tokens) < 2 or tokens[1] not in self.facts:
            return ""
        fact = self.facts[tokens[1]]
        relative = "".join(f"/{escape_pointer_token(t)}" for t in tokens[2:])
        for candidate in _prefixes(relative):
            if candidate in fact.item_sources:
                return self.document.nearest(fact.item_sources[candidate])
        # A failing list (`maxItems: 0`) is best shown at its first item.
        if f"{relative}/0" in fact.item_sources:
            return self.document.nearest(fact.item_sources[f"{relative}/0"])
        for source in fact.sources:
            found, _ = resolve_pointer(self.document.data, source)
            if found:
                return source
        return self.document.nearest(fact.sources[0]) if fact.sources else ""

    def what_is_missing(self, path: str) -> tuple[tuple[str, ...], str | None]:
        """The keys to add for a check at `path` whose data is absent, and why it cannot be
        judged when that is more than a gap in the file (a fact's `reason`: "no pilot yet")."""
        tokens = pointer_tokens(path)
        if tokens and tokens[0] == "facts":
            fact = self.facts.get(tokens[1]) if len(tokens) > 1 else None
            return (fact.needs, fact.reason) if fact is not None else ((), None)
        return ((dotted_path(tokens),) if tokens else ()), None

    def location(self, pointer: str) -> Location:
        """File, line and column for a document pointer."""
        line, column = self.document.position(pointer)
        return Location(self.document.file, line, column)


def _prefixes(relative: str) -> list[str]:
    """`/a/0/b` → [`/a/0/b`, `/a/0`, `/a`]: most specific first."""
    parts = relative.split("/")[1:] if relative else []
    return ["/" + "/".join(parts[:n]) for n in range(len(parts), 0, -1)]


def holds(condition: Condition | None, root: dict[str, Any]) -> bool:
    """Whether an `applies_when` condition holds (an absent value: as `when_absent` says)."""
    if condition is None:
        return True
    found, value = resolve_pointer(root, condition.path)
    if not found or value is None:
        return condition.when_absent == "applies"
    return compiled(condition.expect).is_valid(value)


def failing_item(value: Any, path: list[str | int]) -> Any:
    """The innermost list element on the failing path (`{item.topic}` in messages), or None.

    For a rule over every item of a list, this is the item that failed; for a failing list as a
    whole (`maxItems: 0`), its first element.
    """
    item = None
    node = value
    for step in path:
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            item = node
        elif isinstance(node, dict) and step in node:
            node = node[step]
        else:
            break
    if item is None and isinstance(node, list) and node:
        item = node[0]
    return item


ITEMS_NAMED = 20
"""Offending items a finding's message names, one clause each; past them it says how many
more (10,916 failing knowledge items made a message of a megabyte)."""


def failing_items(value: Any, path: list[str | int], expect: Any) -> list[Any]:
    """Every item that offends, not only the first (`{item…}` in messages, issue 15): for a
    failing list as a whole (`maxItems: 0`), each of its elements; for a rule over every item of
    a list, each element that fails the rule on its own. Empty when no list is on the path."""
    node, prefix = value, []
    for step in path:
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            break
        if isinstance(node, dict) and step in node:
            node = node[step]
            prefix.append(step)
        else:
            return []
    if not isinstance(node, list) or not node:
        return []
    if len(prefix) == len(path):
        return list(node)
    fragment = compiled(expect)
    return [item for item in node if not fragment.is_valid(_with_list(value, prefix, [item]))]


def _with_list(value: Any, prefix: list[str | int], items: list[Any]) -> Any:
    """`value` with the list at `prefix` replaced by `items` (the rest shared, not copied)."""
    if not prefix:
        return items
    head, *rest = prefix
    return {**value, head: _with_list(value[head], rest, items)}


_ONE_INDEX = re.compile(r"^(?P<head>[^\[]*)\[(?P<index>\d+)\](?P<tail>[^\[]*)$")


def compact_keys(keys: tuple[str, ...]) -> list[str]:
    """Keys to add, with the same key on several items of one list written once:
    `knowledge[0].in_training, ..., knowledge[4].in_training` -> `knowledge[0-4].in_training`.

    A missing check's message and its advice both show them: each list of keys is compacted
    once (10,916 items lacking a key: two lists of 10,916 keys, each compacted twice)."""
    return list(_compacted(keys))


@lru_cache(maxsize=256)
def _compacted(keys: tuple[str, ...]) -> tuple[str, ...]:
    groups: dict[tuple[str, str], list[int]] = {}
    order: list[tuple[str, str] | str] = []
    for key in keys:
        match = _ONE_INDEX.match(key)
        if match is None:
            order.append(key)
            continue
        shape = (match["head"], match["tail"])
        if shape not in groups:
            groups[shape] = []
            order.append(shape)
        groups[shape].append(int(match["index"]))
    shown = []
    for entry in order:
        if isinstance(entry, str):
            shown.append(entry)
            continue
        head, tail = entry
        shown.append(f"{head}[{_ranges(groups[entry])}]{tail}")
    return tuple(shown)


def _ranges(indices: list[int]) -> str:
    """`0, 1, 2, 4` -> `0-2,4`."""
    runs: list[list[int]] = []
    for index in sorted(set(indices)):
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return ",".join(
        f"{run[0]}-{run[-1]}" if len(run) > 2 else ",".join(map(str, run)) for run in runs
    )


def missing_message(title: str, needs: tuple[str, ...], reason: str | None) -> str:
    """What a `missing` finding found: nothing to judge, and which keys are not given."""
    if reason is not None:
        return f"{reason}: {_sentence_case(title)}"
    if needs:
        verb = "is" if len(needs) == 1 else "are"
        return f"not evidenced: {show(compact_keys(needs))} {verb} not given"
    return f"not evidenced: {_sentence_case(title)}"


def _sentence_case(title: str) -> str:
    """`The pilot ...` -> `the pilot ...`, leaving `OT security ...` as written."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def _message_root(check: Check, subject: Subject, root: dict[str, Any]) -> dict[str, Any]:
    """What a check's message and advice may quote: the project, the facts, the rules in force
    (made only for a check that has something to say)."""
    return {
        **root,
        "params": dict(subject.parameters),
        "expect": check.expect,
        "partial": check.partial or {},
    }


def evaluate_check(
    check: Check,
    subject: Subject,
    root: dict[str, Any],
    applies: bool,
    sizes: TextSizes | None = None,
) -> Finding:
    """One check's finding on one project (waivers are applied afterwards); `sizes` shares the
    measure of a failing value between the checks that judge it."""
    found, value = resolve_pointer(root, check.path)
    status: Status
    pointer = check.path
    remediation = check.remediation
    if not applies or not holds(check.applies_when, root):
        status, message = "not_applicable", NOT_APPLICABLE_MESSAGE
    elif not found or value is None:
        # What was found (nothing to judge) and what to add, not what to change.
        status = "missing"
        needs, reason = subject.what_is_missing(check.path)
        message = missing_message(check.title, needs, reason)
        remediation = fill(
            check.missing,
            {**_message_root(check, subject, root), "value": None, "needs": compact_keys(needs)},
        )
    else:
        deepest = compiled(check.expect).failing_path(value, sizes)
        if deepest is None:
            status, message = "pass", check.title
        else:
            message_root = {**_message_root(check, subject, root), "value": value}
            partial = check.partial is not None and compiled(check.partial).is_valid(value)
            status = "partial" if partial else "fail"
            offenders = failing_items(value, deepest, check.expect) or [
                failing_item(value, deepest)
            ]
            message = "; ".join(
                dict.fromkeys(
                    fill(check.message, {**message_root, "item": item})
                    for item in offenders[:ITEMS_NAMED]
                )
            )
            if len(offenders) > ITEMS_NAMED:
                message += f"; and {len(offenders) - ITEMS_NAMED:,} more items like these"
            pointer = check.path + "".join(f"/{escape_pointer_token(str(t))}" for t in deepest)
    document_pointer = subject.document_pointer(pointer)
    return Finding(
        check=check.id,
        dimension=check.dimension,
        title=check.title,
        severity=check.severity,
        level=check.level,
        effort=check.effort,
        status=status,
        message=message,
        pointer=document_pointer,
        location=subject.location(document_pointer),
        rationale=check.rationale,
        remediation=remediation,
        check_remediation=check.remediation if remediation != check.remediation else "",
    )


def evaluate(
    checks: tuple[Check, ...],
    subject: Subject,
    dimension_applies: Mapping[str, Condition | None],
) -> list[Finding]:
    """Findings for every check, in the order given."""
    root = subject.root
    applies = {dim: holds(cond, root) for dim, cond in dimension_applies.items()}
    sizes = TextSizes()
    return [
        evaluate_check(check, subject, root, applies.get(check.dimension, True), sizes)
        for check in checks
    ]
