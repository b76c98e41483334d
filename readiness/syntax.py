"""YAML syntax errors in plain English, located where the mistake is.

libyaml reports where it gave up, in its own terms: an unclosed quote or bracket "at the end of
the stream", many lines after the quote that opened it; a tab as "a character that cannot start
any token"; a missing `- ` or a key out of line as "did not find expected key". Here each common
mistake is recognised from libyaml's words and the text around the mark, and told as what to
change, at the quote or bracket that opened it or at the line that is out of place.
"""

from __future__ import annotations

import re
from collections import deque

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
        return self.line(self.previous_content_number(number)).strip()

    def previous_content_number(self, number: int) -> int:
        """The number of the nearest line above `number` that holds something other than a
        comment (0 when there is none)."""
        for earlier in range(number - 1, 0, -1):
            text = self.line(earlier).strip()
            if text and not text.startswith("#"):
                return earlier
        return 0


def _where(mark: yaml.Mark | None) -> tuple[int, int] | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def explain(file: str, error: yaml.YAMLError, source: str) -> Diagnostic:
    """One located diagnostic, with a hint, for a YAML syntax error in `source`."""
    if isinstance(error, yaml.reader.ReaderError):
        return _control_character(file, error, source)
    text = _Source(source)
    problem = str(getattr(error, "problem", None) or error)
    context = str(getattr(error, "context", None) or "")
    at = _where(getattr(error, "problem_mark", None))
    opened = _where(getattr(error, "context_mark", None))
    where = at or opened or (1, 1)
    found = _slip(text, source, where, opened, context + " " + problem) or _recognise(
        text, problem, context, where, opened
    )
    if found is None:
        message = truncate(f"{context}, {problem}" if context else problem, 200)
        hint = "YAML often notices a mistake a line or two after it: look at the lines above too"
    else:
        where, message, hint = found
    return Diagnostic(file, where[0], where[1], _INVALID + message, hint=hint)


# The controls a reader meets most, by the names editors and terminals give them.
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "ESC, the start of a terminal colour code",
    0x7F: "DEL",
}


def _control_character(file: str, error: yaml.reader.ReaderError, source: str) -> Diagnostic:
    """A character YAML does not allow (a control, a lone surrogate), at its line and column:
    libyaml gives only a byte offset into the whole text."""
    code = (
        error.character
        if isinstance(error.character, int)
        else ord(str(error.character)[:1] or " ")
    )
    index = source.find(chr(code))
    before = source[: max(index, 0)]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    name = _CONTROL_NAMES.get(code)
    what = f"U+{code:04X} ({name})" if name else f"U+{code:04X}"
    return Diagnostic(
        file,
        line,
        column,
        f"{_INVALID}a control character {what}, which YAML does not allow in a file",
        hint="delete it (most editors do not show it; it often comes with text pasted from "
        "another program); a tab inside a value is fine",
    )


# Characters that look like a list's '-' but are not: en dash, em dash, minus sign, hyphen and
# non-breaking hyphen (word processors and some keyboards type them).
_DASHES = "\u2013\u2014\u2212\u2010\u2011"
_KEY_WITHOUT_SPACE = re.compile(r"^\s*(?:- )?([A-Za-z_][\w.-]*):(\S.*)$")


def _slip(
    text: _Source,
    source: str,
    at: tuple[int, int],
    opened: tuple[int, int] | None,
    problem: str,
) -> tuple[tuple[int, int], str, str] | None:
    """Slips that libyaml reports away from where they are, or in its own terms: a list dash
    without its space (or a typographic dash), a quote that closes lines later or too early,
    text after a value in brackets, text after a block-scalar indicator, `*` or `&` starting a
    value, and a key's colon without a space."""
    for number in (at[0], text.previous_content_number(at[0])):
        found = _dash_slip(text, number)
        if found is not None:
            return found
    if "block scalar" in problem or "expected comment or line break" in problem:
        return _block_indicator(text, at)
    if "while scanning an alias" in problem or "while scanning an anchor" in problem:
        return _star_or_ampersand(text, at)
    for number in (opened[0] if opened else at[0], at[0]):
        colon = _KEY_WITHOUT_SPACE.match(text.line(number))
        if colon is None or "expected ':'" not in problem:
            continue
        key, value = colon.groups()
        return (
            (number, text.line(number).index(key) + 1),
            f"the ':' after '{truncate(key, 40)}' has no space after it",
            f"YAML needs a space after a key's ':': write `{truncate(key, 40)}: "
            f"{truncate(value, 40)}`",
        )
    return _after_token(text, _tokens_before(source, at), at)


def _dash_slip(text: _Source, number: int) -> tuple[tuple[int, int], str, str] | None:
    line = text.line(number)
    stripped = line.lstrip(" ")
    column = len(line) - len(stripped) + 1
    if stripped[:1] in _DASHES and stripped[:1] and stripped[1:2] == " ":
        import unicodedata  # only for this message: not on every run's start

        name = unicodedata.name(stripped[0], "a dash").lower()
        return (
            (number, column),
            f"'{stripped[0]}' ({name}) is not the '-' that starts a list item",
            "type '-' (the minus key on the keyboard): word processors and some editors turn "
            "it into a longer dash",
        )
    if (
        len(stripped) > 1
        and stripped[0] == "-"
        and (stripped[1].isalpha() or stripped[1] in "{['\"")
    ):
        return (
            (number, column),
            "a list item needs a space after its '-'",
            f"write `- {truncate(stripped[1:], 50)}`",
        )
    return None


def _block_indicator(text: _Source, at: tuple[int, int]) -> tuple[tuple[int, int], str, str]:
    line = text.line(at[0])
    match = re.search(r":\s+([|>])", line)
    column = match.start(1) + 1 if match else at[1]
    indicator = match.group(1) if match else "|"
    return (
        (at[0], column),
        f"'{indicator}' starts a block of text on the lines below, so nothing but a comment may "
        "follow it on its line",
        f"put the value in quotes, e.g. {quoted_example(line)}, or move the text to the next line, "
        "indented",
    )


def _star_or_ampersand(text: _Source, at: tuple[int, int]) -> tuple[tuple[int, int], str, str]:
    line = text.line(at[0])
    match = re.search(r"(?:^|[:\-,\[{]\s+|\s)([*&])", line)
    column = match.start(1) + 1 if match else at[1]
    sign = match.group(1) if match else "*"
    what = "an alias (a reference to an &anchor)" if sign == "*" else "an anchor (&name)"
    return (
        (at[0], column),
        f"a value that starts with '{sign}' is read as {what}",
        f"put the value in quotes, e.g. {quoted_example(line, column)}",
    )


def _tokens_before(source: str, at: tuple[int, int]) -> list[yaml.Token]:
    """The last few tokens that start before `at` (scanned again: only on an error)."""
    recent: deque[yaml.Token] = deque(maxlen=4)
    try:
        for token in yaml.scan(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            mark = token.start_mark
            if (mark.line + 1, mark.column + 1) >= at:
                break
            recent.append(token)
    except yaml.YAMLError:
        pass
    return list(recent)


def _after_token(
    text: _Source, tokens: list[yaml.Token], at: tuple[int, int]
) -> tuple[tuple[int, int], str, str] | None:
    """A quoted value that YAML closed lines later (its closing quote was missing) or that
    text follows on its line, and a value in brackets that text follows."""
    if not tokens:
        return None
    last = tokens[-1]
    start = (last.start_mark.line + 1, last.start_mark.column + 1)
    end = (last.end_mark.line + 1, last.end_mark.column + 1)
    line = text.line(at[0])
    between = line[end[1] - 1 : at[1] - 1] if end[0] == at[0] else None
    if isinstance(last, yaml.ScalarToken) and last.style in ("'", '"'):
        quote = last.style
        if start[0] < end[0] and end[0] >= at[0] - 1:
            return (
                start,
                f"the quoted value that opens here with {quote} is not closed on its line: "
                f"YAML read on to line {end[0]} to find its end",
                f"end the value with {quote} on this line; "
                + (
                    "inside '…' write '' for an apostrophe"
                    if quote == "'"
                    else 'inside "…" write \\" for a quote'
                ),
            )
        if between is not None and not between.strip():
            shown = truncate(text.line(start[0])[start[1] - 1 : end[1] - 1], 40)
            if quote == "'" and not between and text.char(*at).isalpha():
                return (
                    (end[0], end[1] - 1),
                    f"the apostrophe here closes the quoted value {shown}",
                    "inside '…' write an apostrophe twice (''), or put the value in double quotes",
                )
            return (
                at,
                f"text follows the closing quote of {shown}",
                f"put the whole value in quotes, e.g. {quoted_example(line)}"
                + ("" if quote == "'" else ', or write \\" for each quote inside "…"'),
            )
    closing = {yaml.FlowMappingEndToken: "}", yaml.FlowSequenceEndToken: "]"}
    bracket = closing.get(type(last))
    if bracket is not None and between is not None and not between.strip():
        kind = "a mapping" if bracket == "}" else "a list"
        opening = "{" if bracket == "}" else "["
        return (
            at,
            f"text follows the closing '{bracket}' of a value that starts with '{opening}', "
            f"which YAML reads as {kind}",
            f"if the value is text, put it all in quotes, e.g. {quoted_example(line)}",
        )
    return None


def quoted_example(line: str, column: int = 0) -> str:
    """The line's `key: value` with the value quoted, as an example to copy; inside a flow
    mapping or list, only the entry around `column`."""
    if column:
        start = max(line.rfind(mark, 0, column - 1) for mark in "{[,") + 1
        ends = [i for i in (line.find(mark, column - 1) for mark in ",}]") if i >= 0]
        if start:
            line = line[start : min(ends) if ends else len(line)]
    key, _, value = line.strip().partition(": ")
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]  # a quoted value with quotes inside: the example quotes it anew
    quoted = "'" + value.replace("'", "''") + "'" if '"' in value else f'"{value}"'
    return truncate(f"{key}: {quoted}", 70)


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
        return (
            at,
            "a value that starts with '*' is read as an alias (*name), and no anchor (&name) "
            "has that name",
            "if the value is text, put it in quotes, e.g. "
            + quoted_example(text.line(at[0]), at[1]),
        )
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
        share = "write a share as a number without '%' (0.72 for 72 %); " if char == "%" else ""
        return (
            at,
            f"a value cannot start with '{char}'",
            f"{share}put text in quotes, e.g. {quoted_example(text.line(at[0]), at[1])}",
        )
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
