"""YAML syntax errors in plain English, located where the mistake is.

libyaml reports where it gave up, in its own terms: an unclosed quote or bracket "at the end of
the stream", many lines after the quote that opened it; a tab as "a character that cannot start
any token"; a missing `- ` or a key out of line as "did not find expected key". Here each common
mistake is recognised from libyaml's words and the text around the mark, and told as what to
change, at the quote or bracket that opened it or at the line that is out of place.
"""

from __future__ import annotations

import yaml

from readiness.errors import Diagnostic, truncate

_INVALID = "invalid YAML: "


class _Source:
    """The text of the file, read line by line around a mark."""

    def __init__(self, source: str) -> None:
        self._lines = source.split("\n")

    def line(self, number: int) -> str:
        """The text of a 1-based line ('' past the end)."""
        return self._lines[number - 1] if 0 < number <= len(self._lines) else ""

    def char(self, line: int, column: int) -> str:
        """The character at a 1-based line and column ('' past the end of the line)."""
        text = self.line(line)
        return text[column - 1] if 0 < column <= len(text) else ""

    def previous_content_line(self, number: int) -> str:
        """The nearest line above `number` that holds something other than a comment."""
        for earlier in range(number - 1, 0, -1):
            text = self.line(earlier).strip()
            if text and not text.startswith("#"):
                return text
        return ""


def _where(mark: yaml.Mark | None) -> tuple[int, int] | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def explain(file: str, error: yaml.YAMLError, source: str) -> Diagnostic:
    """One located diagnostic, with a hint, for a YAML syntax error in `source`."""
    text = _Source(source)
    problem = str(getattr(error, "problem", None) or error)
    context = str(getattr(error, "context", None) or "")
    at = _where(getattr(error, "problem_mark", None))
    opened = _where(getattr(error, "context_mark", None))
    found = _recognise(text, problem, context, at or opened or (1, 1), opened)
    if found is None:
        where = at or opened or (1, 1)
        words = f"{context}, {problem}" if context else problem
        message = truncate(words, 200)
        hint = "YAML often notices a mistake a line or two after it: look at the lines above too"
    else:
        where, message, hint = found
    return Diagnostic(file, where[0], where[1], _INVALID + message, hint=hint)


def _recognise(
    text: _Source,
    problem: str,
    context: str,
    at: tuple[int, int],
    opened: tuple[int, int] | None,
) -> tuple[tuple[int, int], str, str] | None:
    """(where, message, hint) for a mistake this module knows, else None."""
    char = text.char(*at)
    if "tab" in problem or (char == "\t" and "cannot start any token" in problem):
        return (
            at,
            "a tab where YAML expects spaces",
            "YAML indents with spaces, never tabs: replace the tab with spaces",
        )
    if "expected a single document" in context + problem:
        return (
            at,
            "the file holds more than one YAML document",
            "keep one document per file: remove the '---' separators",
        )
    if "undefined alias" in problem:
        return at, "an alias (*name) with no anchor", "put the anchor (&name) earlier in the file"
    if "quoted scalar" in context and "end of stream" in problem and opened is not None:
        quote = text.char(*opened) or '"'
        return (
            opened,
            f"the quoted value that opens here with {quote} is never closed",
            f"end the value with {quote}; inside '…' write '' for a quote, inside \"…\" write \\\"",
        )
    if "escape" in problem:
        return (
            at,
            "an unknown escape in a double-quoted value",
            'in double quotes a backslash starts an escape (\\n, \\"): write \\\\ for a '
            "backslash, or use single quotes",
        )
    for kind, close, noun in (("sequence", "]", "list"), ("mapping", "}", "mapping")):
        if f"flow {kind}" in context and close in problem and opened is not None:
            bracket = "[" if close == "]" else "{"
            return (
                opened,
                f"the {noun} that opens here with '{bracket}' is not closed (at line {at[0]}, "
                f"column {at[1]} YAML still expected ',' or '{close}')",
                f"close it with '{close}'; an entry holding ',', ':', '#' or a bracket needs "
                "quotes",
            )
    if "expected '-' indicator" in problem:
        start = f" that starts on line {opened[0]}" if opened else ""
        return (
            at,
            f"this line is inside the list{start} but does not start with '- '",
            "start each item of a list with '- ' (a dash and a space); if this line belongs to "
            "the item above, indent it as far as that item's first key",
        )
    if "expected key" in problem:
        start = f" that starts on line {opened[0]}" if opened else ""
        if char == "-":
            return (
                at,
                f"a list item where the mapping{start} expects a key",
                "a list needs a key of its own: put it under a key (e.g. `losses:`) and indent "
                "it below that key, or remove the '- '",
            )
        return (
            at,
            f"this line is not lined up with the keys of the mapping{start}",
            "indent it exactly as far as the other keys of that mapping, with spaces",
        )
    if "mapping values are not allowed" in problem:
        return _stray_colon(text, at)
    if "could not find expected ':'" in problem:
        where = opened or at
        return (
            where,
            "this line has no ':' after its key",
            "write `key: value`; a key is at most 1,024 characters, and text that goes on from "
            "the line above must be indented under it or quoted",
        )
    if "cannot start any token" in problem and char in "@`%":
        return at, f"a value cannot start with '{char}'", "put the value in quotes"
    return None


def _stray_colon(text: _Source, at: tuple[int, int]) -> tuple[tuple[int, int], str, str]:
    """'mapping values are not allowed here': a colon in a value, a key with no ':' on the line
    above, or a key indented under a line that already has a value."""
    line = text.line(at[0])
    before = line[: at[1] - 1]
    if len(before.strip()) > 1024:
        return (
            at,
            "a key longer than 1,024 characters",
            "YAML allows keys of at most 1,024 characters: shorten it",
        )
    if ": " in before:
        key, _, value = line.strip().partition(": ")
        example = f'{key}: "{value}"'
        return (
            at,
            "a value holds ': ', which YAML reads as the start of another key",
            f"put the whole value in quotes, e.g. {truncate(example, 70)}",
        )
    above = text.previous_content_line(at[0])
    if above and ":" not in above and not above.startswith("- "):
        return (
            at,
            "the line above has no ':' after its key, so YAML reads both lines as one text",
            "write `key: value` on the line above",
        )
    return (
        at,
        "this key is indented more than the line above, which already has a value",
        "line it up with the keys above it, with spaces; if it belongs under the line above, "
        "that line's value must go",
    )
