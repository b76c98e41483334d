"""Safe YAML loading: one document, no code, no surprises, and a position for every key.

PyYAML's own loaders keep the last of two duplicate keys, turn dates into `date` objects, read
YAML 1.1 (`no` is false, `017` is fifteen), expand aliases however deep they nest and forget where
each value came from. We let libyaml compose the node graph (fast, and it stops at about 1,000
levels by itself), resolve plain scalars by YAML 1.2's core schema as editors do, and build the
plain data ourselves, which lets us refuse duplicate keys, unknown tags and a second use of the
same list or mapping (the alias bomb), keep dates as the ISO text the user wrote, and record the
1-based line and column of every mapping key and sequence item.
"""

from __future__ import annotations

import errno
import gc
import math
import os
import re
import stat
import warnings
from collections.abc import Container, Iterator, Mapping
from dataclasses import field
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from readiness.errors import Diagnostic, InputError, ProblemList, truncate
from readiness.paths import dotted_path
from readiness.record import Record
from readiness.syntax import explain as explain_syntax_error
from readiness.syntax import quoted_example

DEFAULT_MAX_BYTES = 1024 * 1024
DEFAULT_MAX_DEPTH = 64
BYTES_PER_VALUE = 8
"""A file may hold one value (key, item or scalar) per this many bytes of its size limit: a
project file has one per 12 or so, a flood of tiny values one per 2 (131,072 values under the
default limit; raising --max-bytes raises it too)."""
MIN_VALUES = 10_000

PROJECT_SIZE_HINT = (
    "a project file is a few kilobytes; raise --max-bytes if this one really is larger"
)
"""What to do about a file over the size limit; packs, case files, configurations and saved
results, whose limits no option raises, say their own."""
SAVED_SIZE_HINT = "readiness writes no result or baseline this large: is this the file it wrote?"

try:
    _BaseLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.CSafeLoader
    C_LOADER = True
except AttributeError:  # pragma: no cover - only where PyYAML was built without libyaml
    _BaseLoader = yaml.SafeLoader
    C_LOADER = False
    warnings.warn(
        "PyYAML has no libyaml here: loading falls back to the slower pure-Python parser",
        RuntimeWarning,
        stacklevel=1,
    )

_YAML_TAG = "tag:yaml.org,2002:"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


def _core_schema() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Plain scalars resolved by YAML 1.2's core schema, as editors' YAML language servers read
    them (PyYAML reads YAML 1.1): `yes`, `no`, `on` and `off` are text, `1.2e6` is a number,
    `017` is seventeen, `1_000` and `12:30` are text. Dates are not resolved: they stay the text
    written, for the schema to check. `<<` is kept apart so that merge keys can be refused."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, first in (
        (_NULL, r"(?:~|null|Null|NULL|)", ["~", "n", "N", ""]),
        (_BOOL, r"(?:true|True|TRUE|false|False|FALSE)", "tTfF"),
        (_INT, r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)", "-+0123456789"),
        (
            _FLOAT,
            r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))",
            "-+.0123456789",
        ),
        (_MERGE, r"<<", "<"),
    ):
        for character in first:
            table.setdefault(character, []).append((tag, re.compile(f"^{pattern}\\Z")))
    return table


class _ComposeLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """libyaml's composer with YAML 1.2's core schema for plain scalars."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = _core_schema()

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """PyYAML's resolver, memoised for plain scalars: it runs a list of regular expressions
        in Python on every value, and project files repeat the same few values (true, plc,
        measured) and keys thousands of times."""
        if kind is ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_LIMIT:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_LIMIT = 50_000


# What each plain-data tag may spell, whether the parser resolved it or the file wrote the tag
# (`!!bool maybe`, an empty `!!int`): anything else is refused here, located, by our own code.
# The spellings are YAML 1.2's core schema's, as for resolving (see _core_schema).
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL_WORDS = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}
_INT_TEXT = re.compile(r"([-+]?)([0-9]+)\Z|0o([0-7]+)\Z|0x([0-9a-fA-F]+)\Z")
_FLOAT_TEXT = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z"
    r"|[-+]?\.(inf|Inf|INF)\Z|\.(nan|NaN|NAN)\Z"
)

MAX_NUMBER = 10**15
"""The largest magnitude a number may have: far above any cost, count or rate a project states
(a quadrillion), and small enough that sums and products of thousands of them stay finite."""
_MAX_NUMBER_DIGITS = 64  # longer digit strings are refused before Python converts them


class _NumberError(ValueError):
    """A number the file writes that readiness does not take (too large, or not finite)."""


def _integer(text: str) -> int | None:
    """The whole number `text` spells (decimal, 0o octal or 0x hex), or None if it spells none."""
    match = _INT_TEXT.match(text)
    if match is None:
        return None
    sign, decimal, octal, hexadecimal = match.groups()
    digits, base = (decimal, 10) if decimal else (octal, 8) if octal else (hexadecimal, 16)
    if len(digits) > _MAX_NUMBER_DIGITS:
        raise _NumberError(text)
    number = int(digits, base)
    if number > MAX_NUMBER:
        raise _NumberError(text)
    return -number if sign == "-" else number


def _real(text: str) -> float | int | None:
    """The number `text` spells as a float (or a whole number for `!!float 5`), else None."""
    match = _FLOAT_TEXT.match(text)
    if match is None:
        return None
    if match.group(1) is None:  # .inf or .nan
        raise _NumberError(text)
    number = float(text)
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise _NumberError(text)
    return number


def escape_pointer_token(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer_parent(pointer: str) -> str:
    """The pointer one level up ('' is the root and its own parent)."""
    return pointer.rsplit("/", 1)[0] if pointer else ""


def pointer_tokens(pointer: str) -> list[str]:
    """Split and unescape a JSON pointer into its reference tokens."""
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def resolve_pointer(data: Any, pointer: str) -> tuple[bool, Any]:
    """Follow a JSON pointer through plain data; return (found, value)."""
    node = data
    for token in pointer_tokens(pointer):
        if isinstance(node, dict):
            if token not in node:
                return False, None
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                return False, None
            node = node[int(token)]
        else:
            return False, None
    return True, node


class Positions(Mapping[str, tuple[int, int]]):
    """Where each mapping key and sequence item sits, kept per list and mapping of the data.

    Spelling a JSON pointer for each of hundreds of thousands of values, to store its position
    under it, cost more than the rest of loading, and only a few dozen are ever asked for
    (diagnostics and findings). So the builder keeps, for each mapping, its keys' positions and,
    for each list, its items' (each a packed number: no objects for the garbage collector to
    walk), and a pointer is followed through the data when it is asked for."""

    def __init__(self, data: Any, table: dict[int, Any], flow: set[int]) -> None:
        self._data = data
        self._table = table
        self._flow = flow

    def locate(self, pointer: str) -> tuple[Any, tuple[int, int]] | None:
        """The value at `pointer` and where it is written, or None if there is none."""
        node, where = self._data, (1, 1)
        for token in pointer_tokens(pointer):
            if isinstance(node, dict):
                if token not in node:
                    return None
                packed = self._table.get(id(node), {}).get(token, 0)
                node = node[token]
            elif isinstance(node, list) and token.isascii() and token.isdigit():
                index = int(token)
                if index >= len(node):
                    return None
                entries = self._table.get(id(node), ())
                packed = entries[index] if index < len(entries) else 0
                node = node[index]
            else:
                return None
            if packed:  # 0: an alias item, located at the list that uses it
                where = (packed >> 32, packed & 0xFFFFFFFF)
        return node, where

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        found = self.locate(pointer)
        if found is None:
            raise KeyError(pointer)
        return found[1]

    def __contains__(self, pointer: object) -> bool:
        return isinstance(pointer, str) and self.locate(pointer) is not None

    def __iter__(self) -> Iterator[str]:
        stack: list[tuple[str, Any]] = [("", self._data)]
        while stack:
            pointer, node = stack.pop()
            yield pointer
            if isinstance(node, dict):
                stack.extend(
                    (f"{pointer}/{escape_pointer_token(key)}", value)
                    for key, value in reversed(node.items())
                )
            elif isinstance(node, list):
                stack.extend(
                    (f"{pointer}/{i}", item) for i, item in reversed(list(enumerate(node)))
                )

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def is_flow_mapping(self, pointer: str) -> bool:
        """Whether the value at `pointer` is a mapping written in braces, `{a: 1, b: 2}`."""
        found = self.locate(pointer)
        return found is not None and id(found[0]) in self._flow


class _FlowMappings(Container[str]):
    """The pointers of mappings written in braces."""

    def __init__(self, positions: Positions) -> None:
        self._positions = positions

    def __contains__(self, pointer: object) -> bool:
        return isinstance(pointer, str) and self._positions.is_flow_mapping(pointer)


class Document(Record):
    """A loaded YAML file: plain data plus where each key and item sits in the text."""

    file: str
    data: Any
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    flow_mappings: Container[str] = frozenset()

    def nearest(self, pointer: str) -> str:
        """The pointer itself if it has a position, else its nearest located ancestor."""
        while pointer and pointer not in self.positions:
            pointer = pointer_parent(pointer)
        return pointer

    def position(self, pointer: str) -> tuple[int, int]:
        """1-based (line, column) of the pointer, or of its nearest located ancestor."""
        return self.positions.get(self.nearest(pointer), (1, 1))

    @cached_property
    def citations(self) -> tuple[tuple[str, str], ...]:
        """(pointer, evidence id) for every evidence citation (`readiness.citations`): walked
        once, for the link check and for the facts."""
        from readiness.citations import evidence_citations

        return tuple(evidence_citations(self.data))


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_Path = tuple[Any, str | int] | None
"""Where a value is, as (parent path, key or index), spelt out only for a problem."""


def _tokens(path: _Path) -> list[str | int]:
    tokens: list[str | int] = []
    while path is not None:
        path, token = path
        tokens.append(token)
    return tokens[::-1]


_REFUSED = object()


class _Builder:
    """Turns a composed node graph into plain data, refusing hazards. Positions are not
    recorded here: NodePositions reads them from the same graph when they are asked for."""

    def __init__(
        self, file: str, max_depth: int, max_repeated: int, *, aliases: bool = True
    ) -> None:
        self.file = file
        self.max_depth = max_depth
        self.problems = ProblemList(file)
        # Aliases need an anchor (&) and an alias (*) in the text: without both, no node can be
        # met twice, and the bookkeeping that catches the alias bomb is skipped.
        self.aliases = aliases
        self._seen: set[int] = set()
        self.repeat_left = max_repeated
        self.max_repeated = max_repeated
        self._converted: dict[tuple[str, str], Any] = {}
        self.table: dict[int, Any] = {}  # id of each list and mapping -> its entries' positions
        self.flow: set[int] = set()  # ids of the mappings written in braces

    def problem(
        self, where: tuple[int, int], message: str, hint: str = "", path: _Path = None
    ) -> None:
        if self.problems.full:
            self.problems.stopped = True
            return
        dotted = dotted_path(_tokens(path)) if path is not None else ""
        self.problems.add(Diagnostic(self.file, where[0], where[1], message, dotted, hint))

    def refuse(self, where: tuple[int, int], message: str, hint: str) -> NoReturn:
        """Stop building: going on is the work or memory the refusal is there to prevent."""
        self.problem(where, message, hint)
        raise InputError(self.problems.finish())

    def build(self, node: Node, path: _Path, depth: int, where: tuple[int, int]) -> Any:
        """The plain data of `node`, used at `where` (an alias is used away from its node)."""
        if type(node) is ScalarNode:
            if self.aliases:
                if id(node) in self._seen:
                    self.repeat(node, where)
                else:
                    self._seen.add(id(node))
            if node.tag == _STR:
                return node.value
            return self.scalar(node, path)
        if depth > self.max_depth:
            self.problem(
                _position(node),
                f"the file nests deeper than {self.max_depth} levels",
                "project files are a few levels deep; flatten the structure",
            )
            return None
        if self.aliases:
            if id(node) in self._seen:
                # Stop at the first reuse: walking on is what makes an alias bomb explode.
                self.refuse(
                    where,
                    "an alias reuses a list or mapping that appears earlier in the file",
                    "write the values out again: aliases (*name) may only repeat plain values",
                )
            self._seen.add(id(node))
        if type(node) is MappingNode:
            return self.mapping(node, path, depth)
        if type(node) is SequenceNode:
            if node.tag != _SEQ:
                self.unknown_tag(node, path)
                return None
            start = node.start_mark.index
            items = []
            located = []
            for index, item in enumerate(node.value):
                mark = item.start_mark
                if type(item) is ScalarNode and item.tag == _STR and not self.aliases:
                    items.append(item.value)
                    located.append((mark.line + 1) << 32 | (mark.column + 1))
                    continue
                # An alias item is the anchored node itself, marked where the anchor was: it
                # is located at the list that uses it instead (0).
                aliased = mark.index < start
                located.append(0 if aliased else (mark.line + 1) << 32 | (mark.column + 1))
                used = where if aliased else (mark.line + 1, mark.column + 1)
                items.append(self.build(item, (path, index), depth + 1, used))
            self.table[id(items)] = located
            return items
        self.unknown_tag(node, path)  # pragma: no cover - the composer yields three kinds
        return None

    def mapping(self, node: MappingNode, path: _Path, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            self.unknown_tag(node, path)
            return {}
        result: dict[str, Any] = {}
        located: dict[str, int] = {}
        self.table[id(result)] = located
        if node.flow_style:
            self.flow.add(id(result))
        first_keys: dict[str, Node] | None = None
        missing_dash = False
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag == _MERGE:
                self.odd_key(key_node)
                continue
            key = key_node.value
            if key in result:
                if missing_dash:
                    continue  # the rest of the item that lost its '- ': said once
                if first_keys is None:  # built once per mapping, and only if a key repeats
                    first_keys = {}
                    for other, _ in node.value:
                        first_keys.setdefault(other.value, other)
                missing_dash = self.duplicate(key_node, first_keys[key], path, node)
                continue
            mark = key_node.start_mark
            located[key] = (mark.line + 1) << 32 | (mark.column + 1)
            if type(value_node) is ScalarNode and value_node.tag == _STR and not self.aliases:
                result[key] = value_node.value
            else:
                where = (mark.line + 1, mark.column + 1)
                result[key] = self.build(value_node, (path, key), depth + 1, where)
        return result

    def odd_key(self, key_node: Node) -> None:
        where = _position(key_node)
        if not isinstance(key_node, ScalarNode):
            self.problem(where, "a key must be plain text, not a list or mapping")
        else:
            self.problem(
                where,
                "merge keys (<<) are not supported",
                "write the keys out in this mapping instead of merging another one in",
            )

    def duplicate(
        self, key_node: ScalarNode, first: Node, path: _Path, mapping: MappingNode
    ) -> bool:
        """Report a key given twice; True when it looks like a list item that lost its '- '
        (the item's first key again, lined up with it), said once for the whole item."""
        key = key_node.value
        where, (line, column) = _position(key_node), _position(first)
        other = f"line {line}" if line != where[0] else f"line {line}, column {column}"
        in_list = path is not None and isinstance(path[1], int)
        lost_dash = in_list and mapping.value[0][0] is first and column == where[1] and column > 2
        if lost_dash:
            self.problem(
                where,
                f"duplicate key '{truncate(key)}': it is also on {other}, where this list item "
                "starts; this line looks like the start of the next item without its '- '",
                f"start line {where[0]} with '- ' at column {column - 2}, as the item on line "
                f"{line} starts; or keep one of the two '{truncate(key)}' keys",
                path=(path, key),
            )
            return True
        self.problem(
            where,
            f"duplicate key '{truncate(key)}': it is also on {other}",
            "keep one of the two; YAML would silently use only the last",
            path=(path, key),
        )
        return False

    def repeat(self, node: ScalarNode, where: tuple[int, int]) -> None:
        """Count the text an alias repeats: a long text aliased thousands of times is gigabytes
        for every later stage that reads or quotes it."""
        self.repeat_left -= len(node.value)
        if self.repeat_left < 0:
            self.refuse(
                where,
                f"aliases repeat more than {self.max_repeated:,} characters of text",
                "write the text out where it is needed, or shorten it: aliases (*name) may "
                "repeat short values, about as much text in all as the file holds",
            )

    def scalar(self, node: ScalarNode, path: _Path) -> Any:
        """A value of a plain-data tag other than text, converted once per spelling."""
        key = (node.tag, node.value)
        value = self._converted.get(key, _REFUSED)
        if value is _REFUSED:
            value = self.convert(node, path)
            if value is not _REFUSED and len(self._converted) < 4096:
                self._converted[key] = value
        return None if value is _REFUSED else value

    def convert(self, node: ScalarNode, path: _Path) -> Any:
        """The value a tag and its text spell, or _REFUSED after reporting why not."""
        tag, text = node.tag, str(node.value)
        if tag == _MERGE:  # `<<` as a value, not a key: the text it is
            return text
        try:
            if tag == _NULL and text in _NULL_WORDS:
                return None
            if tag == _BOOL and text in _BOOL_WORDS:
                return _BOOL_WORDS[text]
            if tag == _INT and (number := _integer(text)) is not None:
                return number
            if tag == _FLOAT and (real := _real(text)) is not None:
                return real
        except _NumberError:
            self.number_problem(node, path, text)
            return _REFUSED
        if tag in _SPELLINGS:
            self.problem(
                _position(node),
                f"the tag '{_short_tag(tag)}' needs {_SPELLINGS[tag]}, not '{truncate(text)}'",
                "remove the tag, or write a value of that kind",
                path=path,
            )
            return _REFUSED
        self.unknown_tag(node, path)
        return _REFUSED

    def number_problem(self, node: ScalarNode, path: _Path, text: str) -> None:
        finite = "inf" not in text.lower() and "nan" not in text.lower()
        self.problem(
            _position(node),
            f"the number {truncate(text, 40)} is "
            + ("too large" if finite else "not a finite number"),
            "numbers may be at most 10^15 in size: check the value, or put it in quotes if it "
            "is text"
            if finite
            else "write a number, or put it in quotes if it is text",
            path=path,
        )

    def unknown_tag(self, node: Node, path: _Path) -> None:
        self.problem(
            _position(node),
            f"the tag '{truncate(_short_tag(str(node.tag)))}' is not allowed",
            "project files hold text, numbers, true/false, lists and mappings; remove the tag",
            path=path,
        )


def _short_tag(tag: str) -> str:
    """A tag as it is written in a file: `!!binary`, not `tag:yaml.org,2002:binary`."""
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


_SPELLINGS = {
    _NULL: "empty (null)",
    _BOOL: "true or false",
    _INT: "a whole number",
    _FLOAT: "a number",
}


_SAVE_AS_UTF8 = "save it as UTF-8 (in most editors: File, Save with encoding, UTF-8)"


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-32 or UTF-16, told by a byte-order mark or, without one, by the zero bytes that
    ASCII text has in every second (UTF-16) or in three of four (UTF-32) bytes."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:64]
    if len(head) >= 8 and head.count(0) * 4 >= len(head) * 3:
        return "UTF-32"
    if len(head) >= 4 and min(head[0::2].count(0), head[1::2].count(0)) == 0:
        zeros = max(head[0::2].count(0), head[1::2].count(0))
        if zeros * 4 >= len(head) // 2 * 3:
            return "UTF-16"
    return None


def decode(raw: bytes, file: str) -> str:
    """Decode UTF-8 (a BOM is accepted); anything else is refused with the line it breaks on."""
    wide = _wide_encoding(raw)
    if wide is not None:
        raise InputError([Diagnostic(file, 1, 1, f"the file is {wide}", hint=_SAVE_AS_UTF8)])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = raw[error.start]
        legacy = bytes([byte]).decode("cp1252", "replace")
        guess = (
            f"byte 0x{byte:02X} is '{legacy}' in Windows-1252 (Latin-1): the file was saved in "
            "that older encoding; "
            if legacy.isprintable() and legacy != "\ufffd"
            else ""
        )
        raise InputError(
            [
                Diagnostic(
                    file, line, column, "the file is not valid UTF-8", hint=guess + _SAVE_AS_UTF8
                )
            ]
        ) from None


def load_text(
    text: str | bytes,
    file: str = "<string>",
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    size_hint: str = PROJECT_SIZE_HINT,
) -> Document:
    """Parse one YAML document safely; raise InputError with every problem found."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if len(raw) > max_bytes:
        raise InputError([_too_big(file, len(raw), max_bytes, size_hint)])
    max_values = max(max_bytes // BYTES_PER_VALUE, MIN_VALUES)
    estimate = estimate_values(raw)
    if estimate > max_values:
        raise InputError(
            [
                Diagnostic(
                    file,
                    1,
                    1,
                    f"the file holds about {estimate:,} values, over the limit of {max_values:,}",
                    hint=_VALUES_HINT,
                )
            ]
        )
    source = decode(raw, file)
    # The node graph holds no cycles: the collector would only walk it again and again while
    # hundreds of thousands of nodes are made (it halves the time of a large file).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _compose_and_build(source, file, max_depth, max_bytes)
    finally:
        if collecting:
            gc.enable()


_VALUES_HINT = (
    "a project file holds a few thousand values; raise --max-bytes if this one really holds "
    f"more (it allows one value per {BYTES_PER_VALUE} bytes)"
)
# Every node but the first follows one of these: a flow separator or opener, a key's colon, a
# block item's dash, a new line or a complex key's question mark.
_VALUE_MARKS = (b",", b"[", b"{", b":", b"- ", b"\n", b"?")


def estimate_values(raw: bytes) -> int:
    """About how many values (keys, items, scalars) a file holds, counted before it is parsed:
    at least as many as there are, give or take a few, and a little over for ordinary text."""
    return 1 + sum(raw.count(mark) for mark in _VALUE_MARKS)


def _compose_and_build(source: str, file: str, max_depth: int, max_bytes: int) -> Document:
    loader = _ComposeLoader(source)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        raise InputError([explain_syntax_error(file, error, source)]) from None
    except (ValueError, RecursionError) as error:
        message = "the file nests too deeply" if isinstance(error, RecursionError) else str(error)
        raise InputError([Diagnostic(file, 1, 1, f"invalid YAML: {truncate(message)}")]) from None
    finally:
        loader.dispose()
    if root is None:
        raise InputError(
            [Diagnostic(file, 1, 1, "the file is empty", hint="start it with `readiness: 1`")]
        )
    aliases = "&" in source and "*" in source
    builder = _Builder(file, max_depth, max_repeated=max_bytes, aliases=aliases)
    try:
        data = builder.build(root, None, 0, (1, 1))
    except RecursionError:
        raise InputError([Diagnostic(file, 1, 1, "the file nests too deeply")]) from None
    if builder.problems.found:
        raise InputError(builder.problems.finish())
    if _ANCHOR.search(source):
        anchors = _unused_anchors(file, source)
        if anchors:
            raise InputError(anchors)
    positions = Positions(data, builder.table, builder.flow)
    return Document(file, data, positions, _FlowMappings(positions))


# An '&' where a value or a list item starts: the only place YAML reads one as an anchor.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&\S")


def _unused_anchors(file: str, source: str) -> list[Diagnostic]:
    """An anchor that no alias uses is almost always text that began with '&' ("&Co report"):
    YAML takes `&Co` as the value's name and drops it, so the value silently reads "report"."""
    anchors: list[yaml.AnchorToken] = []
    used: set[str] = set()
    for token in yaml.scan(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(token, yaml.AnchorToken):
            anchors.append(token)
        elif isinstance(token, yaml.AliasToken):
            used.add(token.value)
    problems = ProblemList(file)
    lines = source.split("\n")
    for token in anchors:
        if token.value in used:
            continue
        line, column = token.start_mark.line + 1, token.start_mark.column + 1
        name = truncate(token.value, 40)
        problems.add(
            Diagnostic(
                file,
                line,
                column,
                f"'&{name}' starts an anchor (a name that *{name} could repeat), which YAML "
                "leaves out of the value, and nothing repeats it",
                hint="if it is text, put the whole value in quotes, e.g. "
                + quoted_example(lines[line - 1], column),
            )
        )
        if problems.full:
            break
    return problems.finish() if problems.found else []


def _too_big(file: str, size: int, limit: int, hint: str = PROJECT_SIZE_HINT) -> Diagnostic:
    return Diagnostic(
        file, 1, 1, f"the file is {size:,} bytes, over the limit of {limit:,}", hint=hint
    )


_READ_CHUNK = 1024 * 1024


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes, read in chunks: `read(limit)` would allocate the whole buffer up
    front, which a limit such as --max-bytes 1000000000000 turns into a MemoryError."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = stream.read(min(left, _READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _not_a_file(mode: int) -> str:
    """What a path that is not a regular file is, in words ('' for a regular file)."""
    for test, kind in (
        (stat.S_ISREG, ""),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a pipe"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a file"


def read_input(path: str | Path, limit: int) -> bytes:
    """Up to `limit` bytes of a regular file; anything else raises OSError before a byte is read.

    A file a pull request adds may be a link to a pipe or a device (`/proc/self/fd/1`, the run's
    own output; `/dev/zero`): reading one may wait for ever or never end. It is opened without
    waiting for a writer, and refused unless it is a regular file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    with open(descriptor, "rb") as stream:  # closes the descriptor
        kind = _not_a_file(os.fstat(descriptor).st_mode)
        if kind:
            raise OSError(
                errno.EINVAL, f"it is {kind}, not a regular file (a pipe or a device may never end)"
            )
        os.set_blocking(descriptor, True)
        return _read_at_most(stream, limit)


def load_file(
    path: str | Path,
    *,
    display: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    size_hint: str = PROJECT_SIZE_HINT,
) -> Document:
    """Read and parse a project file, refusing one over `max_bytes` before reading it whole
    (`size_hint` says what to do then, for a file that is not a project)."""
    path = Path(path)
    name = display or str(path)
    try:
        raw = read_input(path, max_bytes + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError([Diagnostic(name, 0, 0, f"cannot read the file: {reason}")]) from None
    if len(raw) > max_bytes:
        size = path.stat().st_size
        raise InputError([_too_big(name, max(size, len(raw)), max_bytes, size_hint)])
    return load_text(raw, name, max_bytes=max_bytes, max_depth=max_depth, size_hint=size_hint)


def load_json_file(
    path: str | Path, *, display: str | None = None, max_bytes: int, size_hint: str
) -> Document:
    """Read a JSON file the tool wrote earlier (a result, a baseline): refused with JSON's own
    line and column when it is not JSON, then built by the loader above (JSON is YAML) so that
    every key has a position for the schema's messages."""
    import json

    name = display or str(path)
    try:
        raw = read_input(path, max_bytes + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError([Diagnostic(name, 0, 0, f"cannot read the file: {reason}")]) from None
    if len(raw) > max_bytes:
        raise InputError([_too_big(name, Path(path).stat().st_size, max_bytes, size_hint)])
    try:
        json.loads(raw)
    except json.JSONDecodeError as error:
        message = f"invalid JSON: {error.msg}"
        raise InputError([Diagnostic(name, error.lineno, error.colno, message)]) from None
    except (UnicodeDecodeError, RecursionError):
        pass  # the loader below says what is wrong, in its own words
    return load_text(raw, name, max_bytes=max_bytes, size_hint=size_hint)
