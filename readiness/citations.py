"""Where a project cites its evidence register: one rule, for validation and for the facts.

A citation is an id in an `evidence: [...]` or `match_evidence: [...]` list anywhere below the
top level (the top-level `evidence` is the register itself); `x-` keys are the user's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from readiness.pointers import escape_pointer_token

CITING_KEYS = frozenset({"evidence", "match_evidence"})


def evidence_citations(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(pointer, id) for every evidence citation, in document order.

    One pass with a stack of its own: nested generators cost a step per level for every value
    yielded, and a pointer is spelt only for the citations found, not for every key walked
    (each step keeps a link to its parent's path instead)."""
    stack: list[tuple[Any, _Path]] = [(node, None)]
    while stack:
        current, path = stack.pop()
        if isinstance(current, dict):
            children: list[tuple[Any, _Path]] = []
            for key, value in current.items():
                if not isinstance(key, str) or key.startswith("x-"):
                    continue
                if key in CITING_KEYS and (path or pointer) and isinstance(value, list):
                    children.append((_Citations(value), (path, key)))
                elif isinstance(value, dict | list):
                    children.append((value, (path, key)))
            stack.extend(reversed(children))
        elif isinstance(current, _Citations):
            prefix = pointer + _spell(path)
            for index, cited in enumerate(current.ids):
                if isinstance(cited, str):
                    yield f"{prefix}/{index}", cited
        elif isinstance(current, list):
            for index in range(len(current) - 1, -1, -1):
                item = current[index]
                if isinstance(item, dict | list):
                    stack.append((item, (path, index)))


_Path = tuple[Any, str | int] | None
"""A path as (parent path, key or index), None at the start."""


def _spell(path: _Path) -> str:
    tokens: list[str] = []
    while path is not None:
        path, token = path
        tokens.append(escape_pointer_token(token) if isinstance(token, str) else str(token))
    return "".join(f"/{token}" for token in reversed(tokens))


class _Citations:
    """A list of evidence ids met on the walk, read out in its place in document order."""

    __slots__ = ("ids",)

    def __init__(self, ids: list[Any]) -> None:
        self.ids = ids
