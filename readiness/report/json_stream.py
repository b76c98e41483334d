"""Writing one large JSON document a list item at a time, indented as `json.dumps(…, indent=2)`
would (or with each item on one line).

A portfolio's JSON and SARIF hold one list that grows with the number of projects (results).
`ListStream` lays the document out with a marker where that list goes: the text before the
marker is written first, then each item as it is ready, indented to its depth, then the text
after it. Only what comes after the list (a summary) has to wait for the end. Items are
rendered on their own, so they may be made in worker processes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from readiness.report.escape import json_text
from readiness.report.json_indent import indented

__all__ = ["ROWS", "STREAMED", "ListStream", "dumps"]

# Stands for the streamed list while the rest of the document is laid out. A NUL cannot
# come out of json.dumps unescaped, so the marker cannot collide with any data.
STREAMED = "\x00streamed list\x00"
# Stands for the portfolio's rows, filled in at the end (see `ListStream.splice`).
ROWS = "\x00rows\x00"


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """JSON, indented unless `indent` is None, keeping non-ASCII text readable; a lone
    surrogate in user text (which UTF-8 cannot carry) makes that value fall back to ASCII
    escapes rather than fail to write. Made safe for a CI log and a terminal by `json_text`
    (the same data)."""
    if indent == 2:
        text = indented(value)
    else:
        text = json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, indent=indent, ensure_ascii=True, allow_nan=False)
    return json_text(text)


class ListStream:
    """The layout of a document whose one list (given as the stream's marker, `STREAMED` unless
    said otherwise) is written item by item.

    `head(document)` is the text up to and including the list's `[`; `item(value)` one item
    (the writer puts `,` between items); `tail(document, wrote_any)` closes the list and writes
    the rest. `head` and `tail` may get different versions of the document — the part before
    the list must not change, the part after may (the summary is only known at the end).
    `splice(text, values)` fills a second list, known only at the end, into text already laid
    out with its marker, an item at a time rather than as one nested structure.
    """

    def __init__(self, depth: int, *, one_line_items: bool = False, marker: str = STREAMED) -> None:
        """`depth`: how many levels the list's items sit below the document's top;
        `one_line_items`: each item on a single line (Python's C encoder: several times faster
        than indenting, and a file a line-oriented tool can take a project at a time)."""
        self.indent = "  " * depth
        self.one_line_items = one_line_items
        self.marker = marker
        self._marker_json = json.dumps(marker)

    def _split(self, text: str) -> tuple[str, str]:
        before, after = text.split(self._marker_json, 1)
        return before, after

    def head(self, document: Any) -> str:
        """The text before the list's first item."""
        return self._split(dumps(document))[0] + "["

    def item(self, value: Any) -> str:
        """One item on its own lines (or line), indented to sit in the list."""
        if self.one_line_items:
            return "\n" + self.indent + dumps(value, indent=None)
        return "\n" + self.indent + dumps(value).replace("\n", "\n" + self.indent)

    def _closing(self, wrote_any: bool) -> str:
        return "\n" + self.indent[:-2] + "]" if wrote_any else "]"

    def tail(self, document: Any, wrote_any: bool) -> str:
        """Close the list and write the rest of the document, one trailing newline."""
        return self._closing(wrote_any) + self._split(dumps(document))[1] + "\n"

    def splice(self, text: str, values: Iterable[Any]) -> str:
        """`text` (laid out with this stream's marker) with the marker replaced by the list."""
        before, after = self._split(text)
        items = ",".join(self.item(value) for value in values)
        return before + "[" + items + self._closing(bool(items)) + after
