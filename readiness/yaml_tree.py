"""YAML text to plain data: libyaml composes the node graph, we build the data from it.

PyYAML's own loaders keep the last of two duplicate keys, turn dates into `date` objects, read
YAML 1.1 (`no` is false, `017` is fifteen), expand aliases however deep they nest and forget where
each value came from. Here libyaml composes the node graph (fast, and it stops at about 1,000
levels by itself), plain scalars are resolved by YAML 1.2's core schema as editors do, and the
builder refuses duplicate keys, unknown tags and a second use of the same list or mapping (the
alias bomb), keeps dates as the ISO text the user wrote, and records where each mapping key and
sequence item sits (the loader turns that into a `Document`'s positions).
"""

from __future__ import annotations

import math
import re
import warnings
from typing import Any, ClassVar, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from readiness.errors import Diagnostic, InputError, ProblemList, truncate
from readiness.paths import dotted_path
from readiness.syntax import explain as explain_syntax_error
from readiness.syntax import quoted_example

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


PlainTree = tuple[Any, dict[int, Any], set[int]]
"""The plain data, each list's and mapping's entries' packed positions (by the container's id),
and the ids of the mappings written in braces."""


def build_plain_data(source: str, file: str, max_depth: int, max_bytes: int) -> PlainTree:
    """Compose one YAML document and build its plain data; InputError with every problem."""
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
    return data, builder.table, builder.flow
