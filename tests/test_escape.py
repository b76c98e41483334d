"""The Markdown and XML escaping helpers: user text renders as itself and nothing more."""

from __future__ import annotations

import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from readiness.report.escape import ZWSP, html_text, markdown_text, strip_control, xml_text

# GitHub's dialect, as far as markdown-it-py goes, with linkify as wikis and PR bots have it
# (the option turns the rule on; enabling the rule alone links nothing).
MD = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])

FRAGMENTS = [
    "|",
    "\\",
    "\\|",
    "`",
    "``",
    "*",
    "**",
    "_",
    "__",
    "[",
    "]",
    "(",
    ")",
    "[x](javascript:alert(1))",
    "![i](http://x/y.png)",
    "<",
    ">",
    "&",
    "&amp;",
    "&#64;",
    "&lt;script&gt;",
    "<script>alert(1)</script>",
    "<a href='x'>",
    "<!--",
    "-->",
    "<http://evil.example>",
    "<javascript:alert(1)>",
    "#",
    "# ",
    "#12",
    "!",
    "~",
    "~~",
    "$",
    "$x$",
    "@",
    "@everyone",
    "@here",
    "a@b.example",
    "http://",
    "https://evil.example/x",
    "javascript:",
    "www.",
    "WWW.evil.example",
    "people.shop_floor",
    "baseline.period.to",
    "notes.md",
    "x@y.io",
    ".",
    "\u3002",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "    ",
    " ",
    "-",
    "- ",
    "+ ",
    "=",
    "1. ",
    "2) ",
    "---",
    "***",
    "> ",
    ":",
    ",",
    "%",
    "\x1b[31m",
    "\x00",
    "\u202e",
    "\u2028",
    "a",
    "word",
]
hostile_text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=12).map("".join),
)


def _inline(tokens: list[Token]) -> list[Token]:
    return [token for token in tokens if token.type == "inline"]


def _plain(inline: Token) -> str:
    """The text a reader sees: markdown-it has already decoded escapes and entities."""
    return "".join(child.content for child in inline.children or [])


def _expected(text: str) -> str:
    """What the escaped text should read as: the input, flattened, without invisible marks."""
    return " ".join(strip_control(text).split()).replace(ZWSP, "")


def _assert_inert(inline: Token, text: str) -> None:
    kinds = {child.type for child in inline.children or []}
    assert kinds <= {"text"}, (text, kinds)
    plain = _plain(inline)
    assert plain.replace(ZWSP, "") == _expected(text)
    assert re.search(r"@\w", plain) is None
    assert "://" not in plain


@settings(max_examples=400, deadline=None)
@given(hostile_text)
def test_table_cell_keeps_its_column_and_its_text(text: str) -> None:
    """Any text in a table cell stays one cell, renders literally and links or pings nothing."""
    document = f"| a | b | c |\n|---|---|---|\n| x | {markdown_text(text)} | y |\n"
    tokens = MD.parse(document)
    assert [t.type for t in tokens].count("td_open") == 3
    assert [t.type for t in tokens].count("th_open") == 3
    cells = _inline(tokens)
    assert [_plain(cells[3]), _plain(cells[5])] == ["x", "y"]
    _assert_inert(cells[4], text)
    html = MD.render(document)
    assert "<script" not in html
    assert "<a " not in html
    assert "@everyone" not in html


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_text_at_the_start_of_a_line_stays_a_paragraph(text: str) -> None:
    """Escaped text opening a line starts no list, heading, quote, rule or code block."""
    escaped = markdown_text(text)
    tokens = MD.parse(f"{escaped}\n")
    if not escaped:
        assert tokens == []
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    _assert_inert(tokens[1], text)


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_text_in_headings_and_list_items_stays_inside(text: str) -> None:
    """A heading stays one heading, a list item one item, with only literal text inside."""
    escaped = markdown_text(text)
    heading = MD.parse(f"## Report: {escaped}\n")
    assert [t.type for t in heading] == ["heading_open", "inline", "heading_close"]
    _assert_inert(heading[1], f"Report: {text}")
    items = MD.parse(f"- first: {escaped}\n- second\n")
    assert [t.type for t in items].count("list_item_open") == 2
    assert [t.type for t in items].count("bullet_list_open") == 1
    _assert_inert(_inline(items)[0], f"first: {text}")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("a | b", "a \\| b"),
        ("back\\slash", "back\\\\slash"),
        ("`code`", "\\`code\\`"),
        ("*bold* _it_", "\\*bold\\* \\_it\\_"),
        ("<script>", "&lt;script&gt;"),
        ("fish & chips", "fish &amp; chips"),
        ("[x](javascript:alert(1))", "\\[x\\]\\(javascript:alert\\(1\\)\\)"),
        ("@everyone", "@\u200beveryone"),
        ("see http://x.example", "see http:/\u200b/x.\u200bexample"),
        ("www.x.example", "www.\u200bx.\u200bexample"),
        ("people.shop_floor", "people.\u200bshop\\_floor"),
        ("e.g. 1.5 years", "e.\u200bg. 1.5 years"),
        ("issue #12", "issue \\#\u200b12"),
        ("two\nlines\r\nhere", "two lines here"),
        ("  spaced   out  ", "spaced out"),
        ("\x1b[31mred\x1b[0m", "\\[31mred\\[0m"),
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),
        ("version 0.1.0", "version 0.1.0"),
        ("costs $5", "costs \\$5"),
        ("see GH-12 and gh-3", "see GH-\u200b12 and gh-\u200b3"),
        ("SIGH-12 stays", "SIGH-12 stays"),
        ("", ""),
    ],
)
def test_markdown_text_examples(text: str, escaped: str) -> None:
    """A table of inputs and the Markdown they become."""
    assert markdown_text(text) == escaped


def test_markdown_text_drops_bidi_overrides() -> None:
    """Right-to-left overrides cannot disguise what a name says."""
    assert markdown_text("abc\u202edef\u2066") == "abcdef"


def test_strip_control_keeps_line_breaks_and_tabs() -> None:
    """Callers decide what a newline means; ESC, NUL, DEL and C1 go."""
    assert strip_control("a\tb\nc\r\x00\x1b\x7f\x85\ud800\ufffe\u061c") == "a\tb\nc\r"


@given(st.text())
def test_xml_text_always_parses(text: str) -> None:
    """Any text, once cleaned, survives an ElementTree round trip in text and attributes."""
    element = ET.Element("e", {"a": xml_text(text)})
    element.text = xml_text(text)
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode"))  # noqa: S314 - our own XML
    assert parsed.get("a") == xml_text(text)
    # Element text keeps its characters, except that XML reads a bare CR as a newline.
    assert (parsed.text or "") == xml_text(text).replace("\r\n", "\n").replace("\r", "\n")


# --- the compiled helpers equal straightforward reference implementations, code point by code
# point (the references are the per-character versions the helpers replaced) -----------------

_REFERENCE_BIDI = frozenset(
    "\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
)


def _reference_dropped(char: str) -> bool:
    return (
        char in _REFERENCE_BIDI
        or char in "\ufffe\uffff"
        or unicodedata.category(char) in ("Cc", "Cs")
    )


def _reference_strip_control(text: str) -> str:
    return "".join(char for char in text if char in "\t\n\r" or not _reference_dropped(char))


def _reference_markdown_text(text: str) -> str:
    text = _reference_strip_control(text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?<=:)/(?=/)", "/" + ZWSP, text)
    text = "".join(
        char + ZWSP
        if char == "."
        and 0 < i < len(text) - 1
        and text[i - 1].isalnum()
        and text[i + 1].isalnum()
        and not text[i + 1].isdecimal()
        else char
        for i, char in enumerate(text)
    )
    text = text.replace("@", "@" + ZWSP)
    text = re.sub(r"#(?=\d)", "#" + ZWSP, text)
    text = re.sub(r"(?i)(?<![0-9a-z_])(gh)-(?=\d)", lambda m: m.group(1) + "-" + ZWSP, text)
    escaped: list[str] = []
    for char in text:
        if char == "&":
            escaped.append("&amp;")
        elif char == "<":
            escaped.append("&lt;")
        elif char == ">":
            escaped.append("&gt;")
        elif char in "\\`*_[]()#!|~$":
            escaped.append("\\" + char)
        else:
            escaped.append(char)
    result = "".join(escaped)
    marker = re.match(r"^(?:([-+=])|(\d{1,9})[.)](?=\s|$))", result)
    if marker is not None:
        if marker.group(1) is not None:
            result = "\\" + result
        else:
            digits = marker.group(2)
            result = digits + "\\" + result[len(digits) :]
    return result


EVERY_CODE_POINT = "".join(map(chr, range(sys.maxunicode + 1)))


def test_strip_control_equals_its_reference_on_every_code_point() -> None:
    """The compiled character class drops exactly what the per-character rule drops."""
    assert strip_control(EVERY_CODE_POINT) == _reference_strip_control(EVERY_CODE_POINT)
    kept = strip_control(EVERY_CODE_POINT)
    assert len(EVERY_CODE_POINT) - len(kept) == 2048 + 65 - 3 + 12 + 2  # Cs, Cc, bidi, U+FFFE/F


def test_markdown_text_equals_its_reference_on_every_code_point() -> None:
    """The compiled classes escape exactly what the per-character loop escaped, every code
    point once in running text and each of the first 1,024 on its own (line-start rules)."""
    assert markdown_text(EVERY_CODE_POINT) == _reference_markdown_text(EVERY_CODE_POINT)
    for code in range(1024):
        text = chr(code) + " " + chr(code) + "1. x"
        assert markdown_text(text) == _reference_markdown_text(text), repr(text)


def test_html_text_escapes_as_the_html_module_does() -> None:
    """`html_text` replaces `html.escape(text, quote=True)` (which imports the entity table)
    with the same five replacements: every code point but the few its CI rules change."""
    import html

    text = EVERY_CODE_POINT.translate({ord(char): None for char in ":#\r"})
    assert html_text(text) == html.escape(strip_control(text), quote=True)


def test_the_line_start_test_passes_every_line_a_pattern_could_match() -> None:
    """The cheap test before the line-start patterns (`::command`, a colon first on a line)
    lets through every line either pattern matches, whatever code point starts it, and stops
    only lines that start with visible ASCII other than `:`."""
    from readiness.report import escape

    firsts = [char for char in EVERY_CODE_POINT if char not in "\r\n"]
    text = "\n".join(f"{char}::x" for char in firsts)  # five characters a line
    for pattern in (escape._COMMAND_AT_LINE_START, escape._ANY_COLON_AT_LINE_START):
        starts = {match.start() // 5 for match in pattern.compiled.finditer(text)}
        assert len(starts) > 3000
        for index in starts:
            assert escape._may_start_a_line_with_colon(f"{firsts[index]}::x"), hex(index)
    stopped = [
        char for char in firsts[:0x3000] if not escape._may_start_a_line_with_colon(f"{char}::x")
    ]
    assert stopped == [chr(code) for code in range(0x21, 0x7F) if chr(code) != ":"]
    for shape in ("a\n{}::x", "a\r{}::x", "{}\n \x1b[1m::x", "{}\r\n\u200b::x"):
        lines = shape.format("b")
        assert escape._may_start_a_line_with_colon(lines) == (
            escape._COMMAND_AT_LINE_START.compiled.search(lines) is not None
        ), lines
