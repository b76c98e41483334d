"""Escaping user text for the formats and streams it lands in.

A project name, a key, a file name, a pack message or a waiver reason is data, never markup and
never a command. One helper per target: `markdown_text` for inline Markdown, `xml_text` for the
XML outputs, `plain_line` for one line of a plain-text stream (stderr diagnostics, the terminal),
and one neutraliser per whole output for CI logs (`plain_text`, `json_text`, `xml_document`).

CI logs are a target of their own. GitHub's runner reads workflow commands from every line of
a step's standard output *and* error: `::command::data` at the start of a line (after any
whitespace) and the legacy `##[command]data` anywhere in a line. The runner compares with .NET's
culture-sensitive string search, which skips "ignorable" characters (a zero-width space, a
control character), so those count as nothing here too. Each neutraliser breaks both shapes in a
way its format shows as the same text: `\\::` and `##\\[` in plain text and Markdown (where the
backslash escapes are invisible), `##\\u005b` in JSON and `##&#91;` / `&#58;:` in XML (which
parse back to exactly the user's text).

Jinja2's autoescape only knows HTML: it does nothing for table pipes, `@mentions`, newlines or
link syntax, hence these helpers. Each is built on compiled character classes, so
its cost grows with the text, not with a Python loop per character.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "html_text",
    "json_text",
    "markdown_code",
    "markdown_prose",
    "markdown_text",
    "neutralise_commands",
    "plain_line",
    "plain_text",
    "strip_control",
    "xml_document",
    "xml_text",
]


class _OnFirstUse:
    """A regular expression compiled when first used. A run uses a few of this module's
    patterns (a JSON report: three), and compiling all of them, large Unicode classes among
    them, cost milliseconds of every start."""

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.compiled.sub(replacement, text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)


# Zero-width space: invisible when rendered, but breaks `@name`, `http://` and `www.` so GitHub
# neither pings anyone nor turns user text into a live link.
ZWSP = "\u200b"

# Bidirectional marks, embeddings, overrides and isolates (with the Arabic letter mark U+061C)
# can make text read differently from what it is ("Trojan Source"); user text has no business
# carrying them into a report or a terminal.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"

# What `strip_control` drops: C0 and C1 controls but tab and line breaks, the bidi controls,
# lone surrogates (which cannot be written as UTF-8) and the non-characters U+FFFE and U+FFFF.
# `tests/test_escape.py` checks this class against `unicodedata` over every code point.
_CONTROL = _OnFirstUse(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff\ufffe\uffff]"
)

# Line breaks as a terminal or a reader sees them; `plain_line` shows each as an escape.
_LINE_BREAK = _OnFirstUse("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LINE_BREAK_NAMES = {"\r\n": "\\r\\n", "\n": "\\n", "\r": "\\r"}
# A file name that is not UTF-8 reaches us with its bytes as lone surrogates.
_SURROGATE = _OnFirstUse("[\ud800-\udfff]")

# What the runner skips before `::` at a line start, or between the characters of `##[`:
# .NET whitespace, C0/C1 controls, Unicode's default-ignorable code points (zero-width spaces
# and joiners, bidi controls, variation selectors, tags ...) and ANSI colour sequences (their
# ESC is ignorable and Rich puts them before text in a coloured terminal report).
_IGNORABLE = (
    " \x00-\x09\x0b\x0c\x0e-\x1f\x7f-\xa0\xad\u034f\u061c\u115f\u1160\u1680"
    "\u17b4\u17b5\u180b-\u180f"
    "\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_SKIP = f"(?:[{_IGNORABLE}]|\x1b\\[[0-9;]*m)*"
_LINE_START = "(?:\\A|(?<=[\r\n]))"
# `::` at a line start: group 1 is what precedes it, the colons follow.
_COMMAND_AT_LINE_START = _OnFirstUse(f"{_LINE_START}({_SKIP})(?=:{_SKIP}:)")
# The same, consuming the first colon (for formats that replace it rather than escape it).
_COLON_AT_LINE_START = _OnFirstUse(f"{_LINE_START}({_SKIP}):(?={_SKIP}:)")
# Any colon first on a line (for user text a template may place at a line start).
_ANY_COLON_AT_LINE_START = _OnFirstUse(f"{_LINE_START}({_SKIP}):")
# `##[`: group 1 is everything before the bracket.
_LEGACY_COMMAND = _OnFirstUse(f"(#{_SKIP}#{_SKIP})\\[")

# Markdown: characters that CommonMark, GFM or GitHub's math may read as syntax anywhere in a
# line are backslash-escaped; `&`, `<` and `>` become entities. (A compiled class finds them:
# faster than `str.translate`, which looks every character up.)
_MARKDOWN_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    **{char: "\\" + char for char in "\\`*_[]()#!|~$"},
}
_MARKDOWN_SPECIAL = _OnFirstUse("[" + re.escape("".join(_MARKDOWN_ESCAPES)) + "]")
# Runs of white space other than a lone space (which needs no change, and is most of them).
_WHITESPACE_RUN = _OnFirstUse(r"[^\S ]\s*| \s+")
# At the start of a line, these begin a list, a heading underline or a thematic break
# (`*` and `_` are escaped everywhere anyway; `1.` only starts a list before a space).
_LEADING_BLOCK_MARKER = _OnFirstUse(r"^(?:([-+=])|(\d{1,9})[.)](?=\s|$))")
# `http://`, `ftp://`, `javascript://` ...: break the `//` so no autolinker sees a URL.
_SCHEME_SLASHES = _OnFirstUse(r"(?<=:)/(?=/)")
# `www.example.com` is autolinked by GitHub without a scheme, and linkify (markdown-it's, in
# many wikis and PR bots) links any `name.tld` it knows: `people.shop_floor` became
# `http://people.shop`. A zero-width space after each dot between a letter or digit and a
# letter breaks both (before the dot it does not: linkify reads it as part of a Unicode name).
_LINKABLE_DOT = _OnFirstUse(r"(?<=[^\W_]\.)(?=[^\W\d_])")
# `#123` and `GH-123` are issue references on GitHub: cross-links and back-references.
_ISSUE_REF = _OnFirstUse(r"#(?=\d)")
_GH_ISSUE_REF = _OnFirstUse(r"(?i)(?<![0-9a-z_])(gh)-(?=\d)")

# A key path or a file name in our own words (`baseline.period.to`, `evidence/oee-2025.csv`):
# ASCII name characters with at least one dot inside (list indexes `[0,2]` allowed), the first
# part two characters or more so that `e.g.` and `i.e.` stay prose. It holds no backtick, so it
# goes in a code span as is.
_DOTTED_NAME = _OnFirstUse(
    r"(?a)(?<![\w./-])[A-Za-z_][\w/-]+(?:\[[\d,]*\])?(?:\.[\w/-]+(?:\[[\d,]*\])?)+(?:\[\])?"
)

# JSON: characters worth a `\uXXXX` escape although JSON allows them raw. DEL and the C1
# controls (U+009B starts an escape sequence in some terminals), bidi controls, which reorder
# what a terminal shows, and U+2028/U+2029, which end a line in JavaScript and some viewers.
_JSON_ESCAPED = _OnFirstUse(f"[\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029]")


def strip_control(text: str) -> str:
    """Drop control characters (ANSI escapes, NUL, DEL, C1, bidi controls) from user text.

    Tabs and line breaks are kept: callers decide what a newline means in their format. An ESC
    sequence such as `\\x1b[31m` loses its ESC and stays as harmless `[31m` text. Lone
    surrogates (which cannot be written as UTF-8) and the non-characters U+FFFE/U+FFFF go too.
    """
    if text.isascii() and text.isprintable():  # no control character at all (most text)
        return text
    return _CONTROL.sub("", text)


def _may_start_a_line_with_colon(text: str) -> bool:
    """Whether a line of `text` (lines end at CR or LF, as `_LINE_START` has them) may begin
    with a colon after what the runner skips. A line that starts with visible ASCII other than
    `:` cannot: nothing the runner skips is visible ASCII, and an ANSI sequence starts with ESC.
    A cheap test before the line-start patterns, whose compiling costs milliseconds a run and
    which most reports (every line starting `|`, `#`, `-` or a word) never need."""
    return any(
        line and not ("!" <= line[0] <= "~" and line[0] != ":")
        for line in text.replace("\r", "\n").split("\n")
    )


def _may_hold_command(text: str) -> bool:
    """Whether `text` has the two colons a `::command` needs, one of them where a line may
    start with it (a cheap test before the regex)."""
    return text.count(":") >= 2 and _may_start_a_line_with_colon(text)


# A `#` followed by something other than visible ASCII (or by `#`): where every `##[` starts,
# since what the runner skips is never visible ASCII. A small class, quick to compile.
_HASH_THEN_SKIPPABLE = re.compile('#[^!-"$-~]')


def _may_hold_legacy_command(text: str) -> bool:
    """Whether `text` has the two `#` and the `[` a `##[command` needs, the first `#` followed
    by a second or by a character the runner skips."""
    return "[" in text and text.count("#") >= 2 and _HASH_THEN_SKIPPABLE.search(text) is not None


def neutralise_commands(text: str) -> str:
    """Break every workflow command a CI runner could read in `text` (plain text or Markdown).

    A backslash goes before `::` at the start of a line and before the `[` of `##[`: a reader
    sees the same text (Markdown renders `\\:` and `\\[` as `:` and `[`), the runner no command.
    """
    if _may_hold_command(text):
        text = _COMMAND_AT_LINE_START.sub(lambda m: m.group(1) + "\\", text)
    if not _may_hold_legacy_command(text):
        return text
    return _LEGACY_COMMAND.sub(lambda m: m.group(1) + "\\[", text)


def _visible_line_break(match: re.Match[str]) -> str:
    found = match.group()
    return _LINE_BREAK_NAMES.get(found) or f"\\u{ord(found):04x}"


def _visible_surrogate(match: re.Match[str]) -> str:
    """A byte that was not UTF-8 (Python keeps it as U+DC80-U+DCFF) as `\\xNN`."""
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def plain_line(text: str) -> str:
    """User text as part of one line of a plain-text stream (a diagnostic, a terminal line).

    Line breaks become visible escapes (`\\n`), so a key or a file name with a newline can
    neither start a line of its own nor hide what follows; so do the bytes of a file name that
    is not UTF-8 (`\\xe9`); control and bidi characters go.
    Apply `neutralise_commands` (or `plain_text`) to the whole line once it is assembled.
    """
    text = _LINE_BREAK.sub(_visible_line_break, text)
    text = _SURROGATE.sub(_visible_surrogate, text)
    return strip_control(text)


def plain_text(text: str) -> str:
    """Whole plain-text output (ours, with user text inside): no control or bidi characters,
    no workflow command on any line. Our own line breaks and tabs stay."""
    return neutralise_commands(strip_control(text))


def json_text(text: str) -> str:
    """Serialised JSON made safe for a CI log and a terminal, parsing back to the same data.

    `##[` becomes `##\\u005b`; DEL, C1 and bidi controls and U+2028/U+2029 become `\\uXXXX`. In
    JSON text `#` and those characters occur only inside strings, where the escapes mean the
    same characters; a line of indented JSON never starts with `::`.
    """
    if not text.isascii() or "\x7f" in text:
        text = _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if not _may_hold_legacy_command(text):
        return text
    return _LEGACY_COMMAND.sub(lambda m: m.group(1) + "\\u005b", text)


def xml_document(text: str) -> str:
    """A serialised XML document made safe for a CI log and a terminal, parsing back to the
    same data (a carriage return too, which XML would otherwise read as a line feed).

    `##[` becomes `##&#91;` and a `:` that would start a line's `::` becomes `&#58;`: character
    references, which mean the same characters to every XML reader. Our own markup never starts
    a line with `::` or holds `##[`, so only user text (in element text) is touched.
    """
    # A raw carriage return in element text would move a terminal's cursor to the line start
    # (and XML readers turn it into a line feed): a reference keeps it, and keeps it exact.
    text = text.replace("\r", "&#13;")
    if ":" not in text and "#" not in text:
        return text
    text = _COLON_AT_LINE_START.sub(lambda m: m.group(1) + "&#58;", text)
    return _LEGACY_COMMAND.sub(lambda m: m.group(1) + "&#91;", text)


def html_text(text: str) -> str:
    """User text escaped for HTML (element text or a quoted attribute) and safe in a CI log.

    Markup characters and quotes become entities and control characters go, as for any HTML;
    besides, `##[`, a `:` where a line or the text begins (a template may put it first on a
    line) and a carriage return become character references, which a browser reads as the very
    same characters. Returns HTML: mark it safe (`Markup`) rather than escape it again.
    """
    # What `html.escape(text, quote=True)` does, without importing `html` (its package loads
    # the table of 2,231 named entities: ~1.5 ms of a run).
    text = (
        strip_control(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
        .replace("\r", "&#13;")
    )
    if ":" in text and _may_start_a_line_with_colon(text):
        text = _ANY_COLON_AT_LINE_START.sub(lambda m: m.group(1) + "&#58;", text)
    if not _may_hold_legacy_command(text):
        return text
    return _LEGACY_COMMAND.sub(lambda m: m.group(1) + "&#91;", text)


def markdown_text(text: str) -> str:
    """Make arbitrary user text safe as inline Markdown: it renders as the same literal text.

    - control characters are dropped; newlines and runs of whitespace become one space, so the
      text cannot end a table row, start a block or smuggle a hard line break;
    - `&`, `<`, `>` become HTML entities, so no raw HTML or `<autolink>` survives;
    - Markdown punctuation (backslash, backtick, `* _ [ ] ( ) # ! | ~ $`) is
      backslash-escaped, so no emphasis, code span, link, image, table cell break or math;
    - `@name` gets a zero-width space after the `@`, so nobody is mentioned;
    - `scheme://`, `#123`, `GH-123` and the dots of `www.example.com` or `baseline.period.to`
      are broken the same way, so nothing becomes a live link (not even with linkify) or a
      cross-reference;
    - a leading `-`, `+`, `=` or `1.` is escaped, in case a template puts the text at the start
      of a line.

    The result is safe inside a GFM table cell (`|` is escaped), a heading, a list item and
    emphasis, but not inside a code span or a link destination (use a URL quoting function).
    """
    text = strip_control(text)
    text = _WHITESPACE_RUN.sub(" ", text).strip()
    # Break links and mentions before escaping, while `://`, `www.` and `@` are still plain.
    # (Each rule runs only where its telltale character occurs: most text has none.)
    if "//" in text:
        text = _SCHEME_SLASHES.sub("/" + ZWSP, text)
    if "." in text:
        text = _LINKABLE_DOT.sub(ZWSP, text)
    text = text.replace("@", "@" + ZWSP)
    if "#" in text:
        text = _ISSUE_REF.sub("#" + ZWSP, text)
    if "-" in text:
        text = _GH_ISSUE_REF.sub(lambda match: match.group(1) + "-" + ZWSP, text)
    result = _MARKDOWN_SPECIAL.sub(lambda match: _MARKDOWN_ESCAPES[match.group()], text)
    marker = _LEADING_BLOCK_MARKER.match(result)
    if marker is not None:
        if marker.group(1) is not None:
            result = "\\" + result
        else:
            digits = marker.group(2)
            result = digits + "\\" + result[len(digits) :]
    return result


def xml_text(text: str) -> str:
    """Keep only characters that XML 1.0 allows, so ElementTree writes a document that parses.

    ElementTree escapes `&`, `<`, `>` and quotes, but writes control characters (an ANSI
    `\\x1b`, a NUL) as they are, and the result is not well-formed XML. `strip_control` drops
    exactly those (and the C1 range, which XML allows but no reader wants); tabs and newlines
    stay, and ElementTree writes them as character references inside attributes.
    """
    return strip_control(text)


def markdown_prose(text: str) -> str:
    """Our own sentences (a check's message, its advice) as inline Markdown: every key path and
    file name in a code span, which no renderer links and every reader sees as a name; the rest
    escaped by `markdown_text`, values filled in from the project file included.
    """
    text = _WHITESPACE_RUN.sub(" ", strip_control(text)).strip()
    parts: list[str] = []
    start = 0
    for match in _DOTTED_NAME.compiled.finditer(text):
        parts.append(_text_piece(text[start : match.start()], line_start=not parts))
        parts.append(f"`{match.group()}`")
        start = match.end()
    parts.append(_text_piece(text[start:], line_start=not parts))
    return "".join(parts)


def _text_piece(text: str, *, line_start: bool) -> str:
    """`markdown_text` for a piece of a line, its edge spaces kept; a piece that does not start
    the line cannot start a block, so its first character needs no block escape."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    escaped = markdown_text(stripped) if line_start else markdown_text("x " + stripped)[2:]
    return f"{lead}{escaped}{trail}"


def markdown_code(text: str) -> str:
    """User text as an inline code span (a file name): shown literally, linked by nobody.

    The fence is one backtick longer than the longest run inside, with a space either side when
    the text starts or ends with a backtick; line breaks become spaces; an `@` gets a zero-width
    space, as everywhere. Not for a table cell: a `|` would split it (GFM splits cells before it
    sees code spans).
    """
    text = _WHITESPACE_RUN.sub(" ", strip_control(text)).strip().replace("@", "@" + ZWSP)
    if not text:
        return ""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
