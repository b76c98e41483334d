"""How locations are spelt for people: `problem.losses[2].baseline` rather than a JSON pointer."""

from __future__ import annotations

import re
from collections.abc import Iterable

from readiness.errors import truncate

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def dotted_path(tokens: Iterable[str | int]) -> str:
    """Join path tokens as `a.b[2].c`; keys that are not plain words are quoted, shortened and
    their invisible characters shown escaped, so a path is always one short line."""
    text = ""
    for token in tokens:
        if isinstance(token, int) or (token.isascii() and token.isdigit() and len(token) < 19):
            text += f"[{token}]"
        elif _PLAIN_KEY.match(token) and len(token) <= 60:
            text += f".{token}" if text else token
        else:
            quoted = truncate(token.replace("\\", "\\\\").replace('"', '\\"'), 60)
            text += f'["{quoted}"]'
    return text
