"""Escaping user text for the formats it lands in.

A project name, a pack message or a waiver reason is data, never markup. One helper per target:
`markdown_text` for inline Markdown (tables, headings, list items, PR comments) and `xml_text` for
the XML outputs (SVG chart, JUnit). Every Markdown renderer goes through `markdown_text`, so the
rules live in one place and one property test covers them.

Jinja2's autoescape only knows HTML: it does nothing for table pipes, `@mentions`, newlines or
link syntax, hence these helpers.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["markdown_text", "strip_control", "xml_text"]

# Zero-width space: invisible when rendered, but breaks `@name`, `http://` and `www.` so GitHub
# neither pings anyone nor turns user text into a live link.
ZWSP = "\u200b"

# Bidirectional overrides and isolates can make text read differently from what it is
# ("Trojan Source"); user text has no business carrying them into a report.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")

# Characters that Markdown (CommonMark, GFM, GitHub's math) may read as syntax anywhere in a
# line; each is backslash-escaped. `<`, `>` and `&` become entities instead (see below).
_MD_PUNCTUATION = frozenset("\\`*_[]()#!|~$")

_WHITESPACE_RUN = re.compile(r"\s+")
# At the start of a line, these begin a list, a heading underline or a thematic break
# (`*` and `_` are escaped everywhere anyway; `1.` only starts a list before a space).
_LEADING_BLOCK_MARKER = re.compile(r"^(?:([-+=])|(\d{1,9})[.)](?=\s|$))")
# `http://`, `ftp://`, `javascript://` ...: break the `//` so no autolinker sees a URL.
_SCHEME_SLASHES = re.compile(r"(?<=:)/(?=/)")
# `www.example.com` is autolinked by GitHub without a scheme (broken wherever it occurs: simpler
# than tracking which preceding characters GitHub accepts, and invisible either way).
_WWW_DOT = re.compile(r"(?i)(www)\.")
# `#123` (or `GH-123` style) references create cross-links and back-references on GitHub.
_ISSUE_REF = re.compile(r"#(?=\d)")


def _dropped(char: str) -> bool:
    """Whether `strip_control` removes this (non-whitespace) character."""
    return (
        char in _BIDI_CONTROLS
        or char in "\ufffe\uffff"
        or unicodedata.category(char) in ("Cc", "Cs")
    )


def strip_control(text: str) -> str:
    """Drop control characters (ANSI escapes, NUL, DEL, C1, bidi overrides) from user text.

    Tabs and line breaks are kept: callers decide what a newline means in their format. An ESC
    sequence such as `\\x1b[31m` loses its ESC and stays as harmless `[31m` text. Lone
    surrogates (which cannot be written as UTF-8) and the non-characters U+FFFE/U+FFFF go too.
    """
    return "".join(char for char in text if char in "\t\n\r" or not _dropped(char))


def markdown_text(text: str) -> str:
    """Make arbitrary user text safe as inline Markdown: it renders as the same literal text.

    - control characters are dropped; newlines and runs of whitespace become one space, so the
      text cannot end a table row, start a block or smuggle a hard line break;
    - `&`, `<`, `>` become HTML entities, so no raw HTML or `<autolink>` survives;
    - Markdown punctuation (backslash, backtick, `* _ [ ] ( ) # ! | ~ $`) is
      backslash-escaped, so no emphasis, code span, link, image, table cell break or math;
    - `@name` gets a zero-width space after the `@`, so nobody is mentioned;
    - `scheme://`, `www.` and `#123` are broken the same way, so nothing becomes a live link
      or a cross-reference;
    - a leading `-`, `+`, `=` or `1.` is escaped, in case a template puts the text at the start
      of a line.

    The result is safe inside a GFM table cell (`|` is escaped), a heading, a list item and
    emphasis, but not inside a code span or a link destination (use a URL quoting function).
    """
    text = strip_control(text)
    text = _WHITESPACE_RUN.sub(" ", text).strip()
    # Break links and mentions before escaping, while `://`, `www.` and `@` are still plain.
    text = _SCHEME_SLASHES.sub("/" + ZWSP, text)
    text = _WWW_DOT.sub(lambda match: match.group(1) + ZWSP + ".", text)
    text = text.replace("@", "@" + ZWSP)
    text = _ISSUE_REF.sub("#" + ZWSP, text)
    escaped: list[str] = []
    for char in text:
        if char == "&":
            escaped.append("&amp;")
        elif char == "<":
            escaped.append("&lt;")
        elif char == ">":
            escaped.append("&gt;")
        elif char in _MD_PUNCTUATION:
            escaped.append("\\" + char)
        else:
            escaped.append(char)
    result = "".join(escaped)
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
