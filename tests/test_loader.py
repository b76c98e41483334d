"""The loader reads exactly what the user wrote, or refuses it with a located InputError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness import loader
from readiness.errors import InputError
from readiness.loader import load_file, load_text

BOMB = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
)

# (yaml text, line, column, words the message must contain)
REFUSED = [
    ("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a': it is also on line 1"),
    ("s:\n  - {x: 1, x: 2}\n", 2, 12, "duplicate key 'x': it is also on line 2, column 6"),
    ("a: !!python/object/apply:os.system [ls]\n", 1, 4, "tag"),
    ("a: !custom 1\n", 1, 4, "tag"),
    ("a: !!binary aGVsbG8=\n", 1, 4, "tag"),
    ("a: !!set {x, y}\n", 1, 4, "tag"),
    ("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"),
    ("a: [1, 2\n", 1, 4, "the list that opens here with '[' is not closed"),
    ("a:\n\tb: 1\n", 2, 1, "invalid YAML"),
    ("a: b: c\n", 1, 5, "invalid YAML"),
    ("", 1, 1, "the file is empty"),
    ("# only a comment\n", 1, 1, "the file is empty"),
    ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, 3, "merge keys"),
    (BOMB, 2, 1, "alias reuses a list or mapping"),
    ("a: &x [1]\nb: *x\n", 2, 1, "alias reuses"),
    ("a: *nowhere\n", 1, 4, "invalid YAML"),
    ("[" * 70 + "]" * 70 + "\n", 1, 66, "nests deeper than 64"),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), REFUSED)
def test_refused_with_location(text: str, line: int, column: int, words: str) -> None:
    """Each hazard is refused with one diagnostic at the line and column of the cause."""
    with pytest.raises(InputError) as caught:
        load_text(text, "p.yaml")
    first = caught.value.diagnostics[0]
    assert (first.line, first.column) == (line, column), first.render()
    assert words in first.message
    assert first.file == "p.yaml"


def test_dates_stay_iso_text() -> None:
    """Unquoted dates arrive as the text written, so the schema checks their format."""
    doc = load_text("d: 2026-03-05\ne: 2026-13-45\n")
    assert doc.data == {"d": "2026-03-05", "e": "2026-13-45"}


def test_yaml_scalars_are_plain_data() -> None:
    """Numbers, booleans and null load as Python values."""
    doc = load_text("i: 12\nf: 1.5\nb: true\nn: ~\nq: '.nan'\nbig: 1000000000000000\n")
    assert doc.data == {"i": 12, "f": 1.5, "b": True, "n": None, "q": ".nan", "big": 10**15}


# (value as written, words the message must contain): each refused at the value, line 1 col 4
REFUSED_SCALARS = [
    ("!!bool maybe", "the tag '!!bool' needs true or false, not 'maybe'"),
    ("!!int", "the tag '!!int' needs a whole number, not ''"),
    ("!!int 1.5", "the tag '!!int' needs a whole number"),
    ("!!float", "the tag '!!float' needs a number"),
    ("!!float abc", "the tag '!!float' needs a number"),
    ("!!null foo", "needs empty (null)"),
    ("!!int 0x_", "needs a whole number"),
    ("!!timestamp 2026-01-01", "tag"),
    (".nan", "not a finite number"),
    ("-.inf", "not a finite number"),
    ("1.0e+999", "too large"),
    ("1.0e+308", "too large"),
    ("1000000000000001", "too large"),
    ("-1000000000000001", "too large"),
    ("1" * 401, "too large"),
    ("1" * 5000, "too large"),
    ("0x" + "f" * 5000, "too large"),
    ("0o" + "7" * 100, "too large"),
    ("!!bool yes", "the tag '!!bool' needs true or false, not 'yes'"),
    ("!!int 1_000", "the tag '!!int' needs a whole number"),
]


@pytest.mark.parametrize(("written", "words"), REFUSED_SCALARS)
def test_scalars_refused_where_they_are(written: str, words: str) -> None:
    """A tagged value that is not of its tag's kind, or a number out of range, is located."""
    with pytest.raises(InputError) as caught:
        load_text(f"a: {written}\n", "p.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.line, diagnostic.column, diagnostic.path) == (1, 4, "a")
    assert words in diagnostic.message
    assert len(diagnostic.message) < 200
    assert diagnostic.hint


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("!!bool true", True),
        ("!!int 5", 5),
        ("!!float 5", 5.0),
        ("!!null", None),
        ("!!str 5", "5"),
        ("!!float -2.5", -2.5),
        ("!!int 0o17", 15),
        ("!!float 1e6", 1e6),
    ],
)
def test_tags_of_plain_kinds_are_resolved_by_the_loader(written: str, value: object) -> None:
    """A tag naming a plain kind is honoured when its value is of that kind."""
    assert load_text(f"a: {written}\n").data == {"a": value}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("017", 17),
        ("0o17", 15),
        ("0x1F", 31),
        ("-12", -12),
        ("+3", 3),
        ("0", 0),
        ("0.5", 0.5),
        (".5", 0.5),
        ("1.2e6", 1_200_000.0),
        ("1e6", 1_000_000.0),
        ("True", True),
        ("FALSE", False),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("Off", "Off"),
        ("y", "y"),
        ("1_000", "1_000"),
        ("0_17", "0_17"),
        ("0b101", "0b101"),
        ("12:30", "12:30"),
        ("1:30.5", "1:30.5"),
        ("<<", "<<"),
    ],
)
def test_plain_scalars_read_as_yaml_1_2_as_editors_do(text: str, value: object) -> None:
    """YAML 1.2's core schema, as editors' language servers read it (PyYAML reads 1.1, where
    `no` is false, `017` is fifteen and `12:30` is 750)."""
    assert load_text(f"v: {text}\n").data == {"v": value}


def test_non_string_keys_become_their_text() -> None:
    """`1:` and `true:` are keys spelt as written, so the schema can name them."""
    assert load_text("1: a\ntrue: b\n").data == {"1": "a", "true": "b"}


def test_positions_for_every_key_and_item() -> None:
    """Every mapping key and sequence item has a 1-based (line, column) under its pointer."""
    doc = load_text("a:\n  b: [x, y]\n  c:\n    - k: 1\n      m/n: 2\n")
    assert doc.positions["/a"] == (1, 1)
    assert doc.positions["/a/b"] == (2, 3)
    assert doc.positions["/a/b/1"] == (2, 10)
    assert doc.positions["/a/c/0"] == (4, 7)
    assert doc.positions["/a/c/0/m~1n"] == (5, 7)
    assert doc.position("/a/c/0/missing/deeper") == (4, 7)
    assert "/a/b" not in doc.flow_mappings


def test_scalar_aliases_are_fine() -> None:
    """Repeating a plain value through an alias is harmless and allowed."""
    assert load_text("a: &v 5\nb: *v\n").data == {"a": 5, "b": 5}


def test_size_limit_is_checked_before_parsing() -> None:
    """A file over the limit is refused by its size, with the limit in the message."""
    with pytest.raises(InputError) as caught:
        load_text("a: 1\n" * 100, "big.yaml", max_bytes=64)
    assert "over the limit of 64" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [(b"a: 1\nb: \xff\n", 2, 4), (b"\xff\xfea\x00", 1, 1)],
)
def test_not_utf8_is_refused(raw: bytes, line: int, column: int) -> None:
    """Bytes that are not UTF-8 are refused at the line and column where decoding fails."""
    with pytest.raises(InputError) as caught:
        load_text(raw, "x.yaml")
    diagnostic = caught.value.diagnostics[0]
    assert (diagnostic.line, diagnostic.column) == (line, column)
    assert "UTF" in diagnostic.message


def test_utf8_bom_is_accepted() -> None:
    """Editors on Windows add a BOM; it is not part of the content."""
    assert load_text(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_loads_or_raises_input_error(text: str) -> None:
    """No text makes the loader raise anything but the tool's own input error."""
    try:
        load_text(text)
    except InputError as error:
        assert error.diagnostics
        assert all(d.line >= 1 and d.column >= 1 for d in error.diagnostics)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_load_or_raise_input_error(raw: bytes) -> None:
    """No byte string makes the loader raise anything but the tool's own input error."""
    try:
        load_text(raw)
    except InputError as error:
        assert error.diagnostics


YAMLISH = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=10),
        st.sampled_from(["&a x", "*a", "!!str 1", "2026-01-01", ".nan", "{", "- "]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_yaml_shaped_text_loads_or_raises_input_error(value: object) -> None:
    """Text shaped like YAML (flow collections of odd scalars) never escapes as a raw error."""
    text = repr(value).replace("'", "").replace("None", "~")
    try:
        load_text(f"root: {text}\n")
    except InputError as error:
        assert error.diagnostics


def test_a_huge_size_limit_allocates_nothing_up_front(tmp_path: Path) -> None:
    """`--max-bytes 1000000000000` reads the file as it is, not a terabyte buffer."""
    path = tmp_path / "p.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_file(path, max_bytes=10**12).data == {"a": 1}


def test_the_file_is_read_in_chunks_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading stops one byte past the limit, whatever the chunk size."""
    monkeypatch.setattr(loader, "_READ_CHUNK", 7)
    path = tmp_path / "p.yaml"
    path.write_text("".join(f"k{i:02}: 1\n" for i in range(20)), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_file(path, max_bytes=50)
    assert "140 bytes, over the limit of 50" in caught.value.diagnostics[0].message
    assert len(load_file(path, max_bytes=140).data) == 20
