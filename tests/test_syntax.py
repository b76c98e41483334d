"""YAML syntax errors are told in plain words at the mistake, with what to change."""

from __future__ import annotations

import pytest

from readiness.errors import InputError
from readiness.loader import load_text

# (yaml text, line, column, words in the message, words in the hint)
MISTAKES = [
    ("project:\n\tid: a\n", 2, 1, "a tab where YAML expects spaces", "never tabs"),
    ("systems:\n  - id: a\n\t- id: b\n", 3, 1, "a tab", "replace the tab with spaces"),
    (
        'project:\n  name: "Press line\n  site: x\nbaseline:\n  source: mes\n',
        2,
        9,
        'the quoted value that opens here with " is never closed',
        'end the value with "',
    ),
    (
        "project:\n  name: 'Press line\n  site: x\n",
        2,
        9,
        "the quoted value that opens here with ' is never closed",
        "write '' for a quote",
    ),
    (
        "problem:\n  losses: [a, b\nbaseline:\n  source: mes\n",
        2,
        11,
        "the list that opens here with '[' is not closed (at line 3, column 9",
        "close it with ']'",
    ),
    (
        "project: {id: a, name: b\nbaseline:\n  source: mes\n",
        1,
        10,
        "the mapping that opens here with '{' is not closed",
        "close it with '}'",
    ),
    (
        "systems:\n  - id: a\n    kind: plc\n  id: b\n",
        4,
        3,
        "inside the list that starts on line 2 but does not start with '- '",
        "start each item of a list with '- '",
    ),
    ("project:\n    id: a\n  name: b\n", 3, 3, "not lined up with the keys", "indent it"),
    (
        "baseline:\n  source: mes\n  - id: x\n",
        3,
        3,
        "a list item where the mapping that starts on line 2 expects a key",
        "a list needs a key of its own",
    ),
    ("project:\n  id: a\n    name: b\n", 3, 9, "indented more than the line above", "line it up"),
    (
        "project:\n  name: Press line: B\n",
        2,
        19,
        "a value holds ': '",
        'e.g. name: "Press line: B"',
    ),
    ("project:\n  id a\n  name: b\n", 3, 7, "the line above has no ':'", "key: value"),
    ('a: "x\\q"\n', 1, 6, "an unknown escape", "use single quotes"),
    ("a: @x\n", 1, 4, "a value cannot start with '@'", "quotes"),
    ("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document", "remove the '---'"),
    ("a: *x\n", 1, 4, "is read as an alias (*name), and no anchor", 'e.g. a: "*x"'),
    ("a" * 1100 + ": 1\n", 1, 1101, "a key longer than 1,024 characters", "shorten it"),
]


@pytest.mark.parametrize(("text", "line", "column", "message", "hint"), MISTAKES)
def test_a_syntax_error_is_told_where_it_is(
    text: str, line: int, column: int, message: str, hint: str
) -> None:
    """Each common mistake: one diagnostic at the mistake (an unclosed quote or bracket where it
    opens), saying what is wrong and what to write instead."""
    with pytest.raises(InputError) as caught:
        load_text(text, "p.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.line, diagnostic.column) == (line, column), diagnostic.render()
    assert diagnostic.message.startswith("invalid YAML: ")
    assert message in diagnostic.message
    assert hint in diagnostic.hint


def test_an_unknown_mistake_keeps_the_parser_words_and_a_hint() -> None:
    """A mistake not recognised is still located, in libyaml's words, with a general hint."""
    with pytest.raises(InputError) as caught:
        load_text("a: [b, , c]\n", "p.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.message.startswith("invalid YAML: ")
    assert diagnostic.hint
