"""Where a project cites its evidence register: one rule, for validation and for the facts.

A citation is an id in an `evidence: [...]` or `match_evidence: [...]` list anywhere below the
top level (the top-level `evidence` is the register itself); `x-` keys are the user's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from readiness.loader import escape_pointer_token

CITING_KEYS = frozenset({"evidence", "match_evidence"})


def evidence_citations(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(pointer, id) for every evidence citation, in document order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str) or key.startswith("x-"):
                continue
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key in CITING_KEYS and pointer and isinstance(value, list):
                for index, cited in enumerate(value):
                    if isinstance(cited, str):
                        yield f"{child}/{index}", cited
            else:
                yield from evidence_citations(value, child)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from evidence_citations(item, f"{pointer}/{index}")
