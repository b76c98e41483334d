"""JSON pointers (RFC 6901): escaping, splitting and following them through plain data.

The lowest of the modules that spell where a value is: the loader locates keys by pointer, the
citations walk and the facts spell pointers for what they find, the validator and the engine
follow them.
"""

from __future__ import annotations

from typing import Any


def escape_pointer_token(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer_parent(pointer: str) -> str:
    """The pointer one level up ('' is the root and its own parent)."""
    return pointer.rsplit("/", 1)[0] if pointer else ""


def pointer_tokens(pointer: str) -> list[str]:
    """Split and unescape a JSON pointer into its reference tokens."""
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def resolve_pointer(data: Any, pointer: str) -> tuple[bool, Any]:
    """Follow a JSON pointer through plain data; return (found, value)."""
    node = data
    for token in pointer_tokens(pointer):
        if isinstance(node, dict):
            if token not in node:
                return False, None
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                return False, None
            node = node[int(token)]
        else:
            return False, None
    return True, node
