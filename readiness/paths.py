"""How locations are spelt for people: `problem.losses[2].baseline` rather than a JSON pointer."""

from __future__ import annotations

import re
from collections.abc import Iterable

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def dotted_path(tokens: Iterable[str | int]) -> str:
    """Join path tokens as `a.b[2].c`; keys that are not plain words are quoted."""
    text = ""
    for token in tokens:
        if isinstance(token, int) or (isinstance(token, str) and token.isdigit()):
            text += f"[{token}]"
        elif _PLAIN_KEY.match(token):
            text += f".{token}" if text else token
        else:
            quoted = token.replace("\\", "\\\\").replace('"', '\\"')
            text += f'["{quoted}"]'
    return text
