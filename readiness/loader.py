"""Safe loading of project files, packs and saved results: one document, no code, no surprises,
and a position for every key.

A file is read only if it is a regular file and not over its size limit, refused if it holds far
more values than its size allows, decoded as UTF-8 (another encoding is named), and built into
plain data by `yaml_tree` (YAML 1.2's core schema, no duplicate keys, no alias bombs, no unused
anchors, dates kept as text). The `Document` keeps the 1-based line and column of every mapping
key and sequence item, found by JSON pointer.
"""

from __future__ import annotations

import errno
import gc
import os
import re
import stat
from collections.abc import Container, Iterator, Mapping
from dataclasses import field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import yaml

from readiness.errors import Diagnostic, InputError
from readiness.pointers import escape_pointer_token, pointer_parent, pointer_tokens
from readiness.record import Record
from readiness.yaml_tree import build_plain_data

if TYPE_CHECKING:
    from hashlib import sha256 as _sha256
else:
    try:  # CPython's own SHA-256, the same digest: hashlib loads OpenSSL first, ~2 ms a run
        from _sha256 import sha256 as _sha256
    except ImportError:  # pragma: no cover - Python 3.12 and later name it differently
        from hashlib import sha256 as _sha256

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
    sha256: str | None = None  # of the bytes read: ties a report to the file it judged

    def nearest(self, pointer: str) -> str:
        """The pointer itself if it has a position, else its nearest located ancestor."""
        while pointer and pointer not in self.positions:
            pointer = pointer_parent(pointer)
        return pointer

    def position(self, pointer: str) -> tuple[int, int]:
        """1-based (line, column) of the pointer, or of its nearest located ancestor (each
        pointer looked up once: a lookup follows the pointer through the data)."""
        positions = self.positions
        while True:
            found = positions.get(pointer)
            if found is not None:
                return found
            if not pointer:
                return (1, 1)
            pointer = pointer_parent(pointer)

    @cached_property
    def citations(self) -> tuple[tuple[str, str], ...]:
        """(pointer, evidence id) for every evidence citation (`readiness.citations`): walked
        once, for the link check and for the facts."""
        from readiness.citations import evidence_citations

        return tuple(evidence_citations(self.data))


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
    if not source.isascii() and _AMBIGUOUS_BREAKS.search(source):
        problems = ambiguous_line_breaks(source, file)
        if problems:
            raise InputError(problems)
    # The node graph holds no cycles: the collector would only walk it again and again while
    # hundreds of thousands of nodes are made (it halves the time of a large file).
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = _compose_and_build(source, file, max_depth, max_bytes)
    finally:
        if collecting:
            gc.enable()
    return replace(document, sha256=_sha256(raw).hexdigest())


# NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR end a line for libyaml (YAML 1.1) and do not in
# YAML 1.2: in a `# comment` one of them makes the rest of the "comment" live for one reader
# and not for another (a waiver hidden in a comment). Inside a quoted scalar they are text.
_AMBIGUOUS_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAK_NAMES = {
    "\x85": "U+0085 (next line)",
    "\u2028": "U+2028 (line separator)",
    "\u2029": "U+2029 (paragraph separator)",
}


def ambiguous_line_breaks(source: str, file: str) -> list[Diagnostic]:
    """A located problem for each NEL, U+2028 or U+2029 outside a quoted scalar."""
    quoted: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(source, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                quoted.append((token.start_mark.index, token.end_mark.index))  # noqa: PERF401 - keep what was scanned before an error
    except yaml.YAMLError:
        pass  # what was scanned counts; every break after it is refused
    problems = []
    for match in _AMBIGUOUS_BREAKS.finditer(source):
        at = match.start()
        if any(start <= at < end for start, end in quoted):
            continue
        line = source.count("\n", 0, at) + 1
        column = at - source.rfind("\n", 0, at)
        problems.append(
            Diagnostic(
                file,
                line,
                column,
                f"{_BREAK_NAMES[match.group()]} outside a quoted string: YAML readers disagree "
                "on whether it ends the line (libyaml: yes, YAML 1.2: no), so text after it, "
                "in a comment say, is live for one and not for the other",
                hint="delete it, or put the text that holds it in quotes",
            )
        )
        if len(problems) >= 10:
            break
    return problems


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
    data, table, flow = build_plain_data(source, file, max_depth, max_bytes)
    positions = Positions(data, table, flow)
    return Document(file, data, positions, _FlowMappings(positions))


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
    except (UnicodeDecodeError, RecursionError, ValueError):
        # The loader below says what is wrong, in its own words (an integer longer than
        # Python's 4,300-digit limit for int() among them, located on its line).
        pass
    return load_text(raw, name, max_bytes=max_bytes, size_hint=size_hint)
