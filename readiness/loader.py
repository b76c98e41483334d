"""Safe YAML loading: one document, no code, no surprises, and a position for every key.

PyYAML's own loaders keep the last of two duplicate keys, turn dates into `date` objects, expand
aliases however deep they nest and forget where each value came from. We let libyaml compose the
node graph (fast, and it stops at about 1,000 levels by itself) and build the plain data ourselves,
which lets us refuse duplicate keys, unknown tags and a second use of the same list or mapping (the
alias bomb), keep dates as the ISO text the user wrote, and record the 1-based line and column of
every mapping key and sequence item under its JSON pointer.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from readiness.errors import Diagnostic, InputError, truncate
from readiness.paths import dotted_path

DEFAULT_MAX_BYTES = 1024 * 1024
DEFAULT_MAX_DEPTH = 64

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
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


class _ComposeLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """libyaml's composer with the implicit timestamp resolver removed: dates stay text."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

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


# Leading-zero octals and base-60 numbers, which YAML 1.1 reads as numbers nobody meant.
_YAML11_NUMBER = re.compile(r"^[-+]?(0[0-9_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$")

# What each plain-data tag may spell, whether the parser resolved it or the file wrote the tag
# (`!!bool maybe`, an empty `!!int`): anything else is refused here, located, by our own code.
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL_WORDS = {
    **dict.fromkeys(("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"), True),
    **dict.fromkeys(("false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"), False),
}
_INT_TEXT = re.compile(r"([-+]?)(0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)\Z")
_FLOAT_TEXT = re.compile(
    r"[-+]?([0-9][0-9_]*(\.[0-9_]*)?|\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?\Z"
    r"|[-+]?\.(inf|Inf|INF)\Z|\.(nan|NaN|NAN)\Z"
)

MAX_NUMBER = 10**15
"""The largest magnitude a number may have: far above any cost, count or rate a project states
(a quadrillion), and small enough that sums and products of thousands of them stay finite."""
_MAX_NUMBER_DIGITS = 64  # longer digit strings are refused before Python converts them


class _NumberError(ValueError):
    """A number the file writes that readiness does not take (too large, or not finite)."""


def _integer(text: str) -> int | None:
    """The whole number `text` spells (decimal, 0x hex or 0b binary), or None if it spells none."""
    match = _INT_TEXT.match(text)
    if match is None:
        return None
    digits = match.group(2).replace("_", "")
    base = {"0x": 16, "0b": 2}.get(digits[:2], 10)
    if base != 10:
        digits = digits[2:]
    if not digits:
        return None
    if len(digits) > _MAX_NUMBER_DIGITS:
        raise _NumberError(text)
    number = int(digits, base)
    if number > MAX_NUMBER:
        raise _NumberError(text)
    return -number if match.group(1) == "-" else number


def _real(text: str) -> float | int | None:
    """The number `text` spells as a float (or a whole number for `!!float 5`), else None."""
    match = _FLOAT_TEXT.match(text)
    if match is None:
        return None
    if match.group(1) is None:  # .inf or .nan
        raise _NumberError(text)
    number = float(text.replace("_", ""))
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


@dataclass(frozen=True)
class Document:
    """A loaded YAML file: plain data plus where each key and item sits in the text."""

    file: str
    data: Any
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    flow_mappings: frozenset[str] = frozenset()

    def nearest(self, pointer: str) -> str:
        """The pointer itself if it has a position, else its nearest located ancestor."""
        while pointer and pointer not in self.positions:
            pointer = pointer_parent(pointer)
        return pointer

    def position(self, pointer: str) -> tuple[int, int]:
        """1-based (line, column) of the pointer, or of its nearest located ancestor."""
        return self.positions.get(self.nearest(pointer), (1, 1))


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node graph into plain data, recording positions and refusing hazards."""

    def __init__(self, file: str, max_depth: int) -> None:
        self.file = file
        self.max_depth = max_depth
        self.positions: dict[str, tuple[int, int]] = {"": (1, 1)}
        self.flow_mappings: set[str] = set()
        self.problems: list[Diagnostic] = []
        self._seen: set[int] = set()

    def problem(self, where: tuple[int, int], message: str, hint: str = "", path: str = "") -> None:
        self.problems.append(Diagnostic(self.file, where[0], where[1], message, path, hint))

    def build(self, node: Node, pointer: str, depth: int) -> Any:
        if depth > self.max_depth:
            self.problem(
                _position(node),
                f"the file nests deeper than {self.max_depth} levels",
                "project files are a few levels deep; flatten the structure",
            )
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, pointer)
        if id(node) in self._seen:
            # Stop at the first reuse: walking on is what makes an alias bomb explode.
            where = self.positions.get(pointer, _position(node))
            self.problem(
                where,
                "an alias reuses a list or mapping that appears earlier in the file",
                "write the values out again: aliases (*name) may only repeat plain values",
            )
            raise InputError(self.problems)
        self._seen.add(id(node))
        if isinstance(node, MappingNode):
            return self.mapping(node, pointer, depth)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self.unknown_tag(node, pointer)
                return None
            items = []
            for index, item in enumerate(node.value):
                child = f"{pointer}/{index}"
                # An alias item is the anchored node itself, marked where the anchor was: point
                # at the list that uses it instead.
                aliased = item.start_mark.index < node.start_mark.index
                self.positions[child] = self.positions[pointer] if aliased else _position(item)
                items.append(self.build(item, child, depth + 1))
            return items
        self.unknown_tag(node, pointer)  # pragma: no cover - the composer yields three kinds
        return None

    def mapping(self, node: MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            self.unknown_tag(node, pointer)
            return {}
        if node.flow_style:
            self.flow_mappings.add(pointer)
        result: dict[str, Any] = {}
        first_seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            where = _position(key_node)
            if not isinstance(key_node, ScalarNode):
                self.problem(where, "a key must be plain text, not a list or mapping")
                continue
            if key_node.tag == _MERGE:
                self.problem(
                    where,
                    "merge keys (<<) are not supported",
                    "write the keys out in this mapping instead of merging another one in",
                )
                continue
            key = str(key_node.value)
            if key in first_seen:
                line, column = first_seen[key]
                other = f"line {line}" if line != where[0] else f"line {line}, column {column}"
                self.problem(
                    where,
                    f"duplicate key '{truncate(key)}': it is also on {other}",
                    "keep one of the two; YAML would silently use only the last",
                    path=_dotted(pointer, key),
                )
                continue
            first_seen[key] = where
            child = f"{pointer}/{escape_pointer_token(key)}"
            self.positions[child] = where
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def scalar(self, node: ScalarNode, pointer: str) -> Any:
        tag, text = node.tag, str(node.value)
        if tag == _STR:
            return text
        if tag in (_INT, _FLOAT) and _YAML11_NUMBER.match(text):
            # `017` is 15 and `12:30` is 750 in YAML 1.1: keep what was written, so a text
            # field gets its text and a number field reports it instead of a silent change.
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
            self.number_problem(node, pointer, text)
            return None
        if tag in _SPELLINGS:
            self.problem(
                _position(node),
                f"the tag '{_short_tag(tag)}' needs {_SPELLINGS[tag]}, not '{truncate(text)}'",
                "remove the tag, or write a value of that kind",
                path=_dotted(pointer),
            )
            return None
        self.unknown_tag(node, pointer)
        return None

    def number_problem(self, node: ScalarNode, pointer: str, text: str) -> None:
        finite = "inf" not in text.lower() and "nan" not in text.lower()
        self.problem(
            _position(node),
            f"the number {truncate(text, 40)} is "
            + ("too large" if finite else "not a finite number"),
            "numbers may be at most 10^15 in size: check the value, or put it in quotes if it "
            "is text"
            if finite
            else "write a number, or put it in quotes if it is text",
            path=_dotted(pointer),
        )

    def unknown_tag(self, node: Node, pointer: str) -> None:
        self.problem(
            _position(node),
            f"the tag '{truncate(_short_tag(str(node.tag)))}' is not allowed",
            "project files hold text, numbers, true/false, lists and mappings; remove the tag",
            path=_dotted(pointer),
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


def _dotted(pointer: str, key: str | None = None) -> str:
    tokens = pointer_tokens(pointer)
    if key is not None:
        tokens.append(key)
    return dotted_path(tokens)


_YAML_HINTS = (
    ("found character '\\t'", "YAML indents with spaces, not tabs"),
    ("mapping values are not allowed", "a value contains ': ' — put the whole value in quotes"),
    ("found undefined alias", "an alias (*name) needs an anchor (&name) earlier in the file"),
    ("expected a single document", "keep one document per file: remove the '---' separators"),
    ("could not find expected ':'", "a key is missing its ':' or a quoted value is not closed"),
    ("found unexpected end of stream", "a quoted value or a bracket is not closed"),
)


def _yaml_problem(file: str, error: yaml.YAMLError) -> Diagnostic:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    text = f"{context}, {problem}" if context else str(problem)
    if "expected a single document" in text:
        text = "the file holds more than one YAML document"
    hint = next((h for needle, h in _YAML_HINTS if needle in str(error)), "")
    return Diagnostic(file, line, column, f"invalid YAML: {truncate(text, 200)}", hint=hint)


def decode(raw: bytes, file: str) -> str:
    """Decode UTF-8 (a BOM is accepted); anything else is refused with the line it breaks on."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Diagnostic(file, 1, 1, "the file is UTF-16", hint="save it as UTF-8")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            [Diagnostic(file, line, column, "the file is not valid UTF-8", hint="save it as UTF-8")]
        ) from None


def load_text(
    text: str | bytes,
    file: str = "<string>",
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Document:
    """Parse one YAML document safely; raise InputError with every problem found."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if len(raw) > max_bytes:
        raise InputError([_too_big(file, len(raw), max_bytes)])
    source = decode(raw, file)
    loader = _ComposeLoader(source)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        raise InputError([_yaml_problem(file, error)]) from None
    except (ValueError, RecursionError) as error:
        message = "the file nests too deeply" if isinstance(error, RecursionError) else str(error)
        raise InputError([Diagnostic(file, 1, 1, f"invalid YAML: {truncate(message)}")]) from None
    finally:
        loader.dispose()
    if root is None:
        raise InputError(
            [Diagnostic(file, 1, 1, "the file is empty", hint="start it with `readiness: 1`")]
        )
    builder = _Builder(file, max_depth)
    try:
        data = builder.build(root, "", 0)
    except RecursionError:
        raise InputError([Diagnostic(file, 1, 1, "the file nests too deeply")]) from None
    if builder.problems:
        raise InputError(builder.problems)
    return Document(file, data, builder.positions, frozenset(builder.flow_mappings))


def _too_big(file: str, size: int, limit: int) -> Diagnostic:
    return Diagnostic(
        file,
        1,
        1,
        f"the file is {size:,} bytes, over the limit of {limit:,}",
        hint="a project file is a few kilobytes; raise --max-bytes if this one really is larger",
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


def load_file(
    path: str | Path,
    *,
    display: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Document:
    """Read and parse a project file, refusing one over `max_bytes` before reading it whole."""
    path = Path(path)
    name = display or str(path)
    try:
        with path.open("rb") as stream:
            raw = _read_at_most(stream, max_bytes + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError([Diagnostic(name, 0, 0, f"cannot read the file: {reason}")]) from None
    if len(raw) > max_bytes:
        size = path.stat().st_size
        raise InputError([_too_big(name, max(size, len(raw)), max_bytes)])
    return load_text(raw, name, max_bytes=max_bytes, max_depth=max_depth)


def load_json_file(path: str | Path, *, display: str | None = None, max_bytes: int) -> Document:
    """Read a JSON file the tool wrote earlier (a result, a baseline): refused with JSON's own
    line and column when it is not JSON, then built by the loader above (JSON is YAML) so that
    every key has a position for the schema's messages."""
    import json

    name = display or str(path)
    try:
        with Path(path).open("rb") as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError([Diagnostic(name, 0, 0, f"cannot read the file: {reason}")]) from None
    if len(raw) > max_bytes:
        raise InputError([_too_big(name, Path(path).stat().st_size, max_bytes)])
    try:
        json.loads(raw)
    except json.JSONDecodeError as error:
        message = f"invalid JSON: {error.msg}"
        raise InputError([Diagnostic(name, error.lineno, error.colno, message)]) from None
    except (UnicodeDecodeError, RecursionError):
        pass  # the loader below says what is wrong, in its own words
    return load_text(raw, name, max_bytes=max_bytes)
