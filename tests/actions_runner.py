"""How the GitHub Actions runner finds workflow commands in a step's output, ported for tests.

Ported from actions/runner:
- `src/Runner.Sdk/ProcessInvoker.cs`: standard output and standard error are each read with
  `StreamReader.ReadLine`, so a line ends at `\\n`, `\\r` or `\\r\\n` (not at U+2028 or NEL);
- `src/Runner.Common/ActionCommand.cs`: `TryParseV2` (`::name k=v,k=v::data` once the line's
  leading whitespace is trimmed) and `TryParse` (the legacy `##[name k=v;k=v]data`, anywhere
  in a line), with their unescaping of properties and data;
- `src/Runner.Worker/ActionCommandManager.cs`: the registered command names (matched without
  regard to case), V2 tried before the legacy form, and `stop-commands`, which registers its
  data as a token and ignores every command until that token comes back as a command.

Where .NET is subtle the port errs towards finding a command. `StartsWith` and `IndexOf` with a
string argument compare with the current culture, and under ICU that skips "ignorable"
characters (controls, zero-width spaces and joiners, bidi marks ...): a line is therefore also
parsed with those removed, and a command found either way counts. `TrimStart` trims every
character .NET calls white space. The result is a superset of what the runner would act on,
which is what a test that wants *no* forged command needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Every command the runner's extensions register, plus `stop-commands` itself.
REGISTERED = frozenset(
    {
        "stop-commands",
        "set-env",
        "set-output",
        "save-state",
        "add-mask",
        "add-path",
        "add-matcher",
        "remove-matcher",
        "debug",
        "warning",
        "error",
        "notice",
        "group",
        "endgroup",
        "echo",
    }
)

# `char.IsWhiteSpace` in .NET: Zs, Zl, Zp, U+0009-U+000D, U+0085 and U+00A0 (itself Zs).
DOTNET_WHITESPACE = (
    "\t\n\x0b\x0c\r\x85 \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Characters ICU's root collation ignores completely (a generous list): C0/C1 controls (tab
# included) and Unicode's default-ignorable code points.
ICU_IGNORABLE = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_LINES = re.compile("\r\n|\r|\n")

V2_KEY = "::"
V1_PREFIX = "##["


@dataclass
class Command:
    """A workflow command as the runner parsed it."""

    name: str
    properties: dict[str, str] = field(default_factory=dict)
    data: str = ""


def _unescape(text: str, mappings: list[tuple[str, str]]) -> str:
    for token, replacement in mappings:
        text = text.replace(replacement, token)
    return text


# The order of the runner's tables matters: `%25` is undone last.
_V1_ESCAPES = [(";", "%3B"), ("\r", "%0D"), ("\n", "%0A"), ("]", "%5D"), ("%", "%25")]
_DATA_ESCAPES = [("\r", "%0D"), ("\n", "%0A"), ("%", "%25")]
_PROPERTY_ESCAPES = [("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")]


def try_parse_v2(message: str, registered: set[str]) -> Command | None:
    """`ActionCommand.TryParseV2`."""
    if not message:
        return None
    message = message.lstrip(DOTNET_WHITESPACE)
    if not message.startswith(V2_KEY):
        return None
    end = message.find(V2_KEY, len(V2_KEY))
    if end < 0:
        return None
    info = message[len(V2_KEY) : end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if name.lower() not in registered:
        return None
    command = Command(name)
    if space > 0:
        for pair in (p for p in info[space + 1 :].strip(DOTNET_WHITESPACE).split(",") if p):
            key, sep, value = pair.partition("=")
            if key and sep and value:
                command.properties[key.lower()] = _unescape(value, _PROPERTY_ESCAPES)
    command.data = _unescape(message[end + len(V2_KEY) :], _DATA_ESCAPES)
    return command


def try_parse(message: str, registered: set[str]) -> Command | None:
    """`ActionCommand.TryParse`, the legacy `##[command]` form, found anywhere in the line."""
    if not message:
        return None
    prefix = message.find(V1_PREFIX)
    if prefix < 0:
        return None
    bracket = message.find("]", prefix)
    if bracket < 0:
        return None
    info = message[prefix + len(V1_PREFIX) : bracket]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if name.lower() not in registered:
        return None
    command = Command(name)
    if space > 0:
        for pair in (p for p in info[space + 1 :].split(";") if p):
            key, sep, value = pair.partition("=")
            if key and sep and value:
                command.properties[key.lower()] = _unescape(value, _V1_ESCAPES)
    command.data = _unescape(message[bracket + 1 :], _V1_ESCAPES)
    return command


def _parse_line(line: str, registered: set[str]) -> Command | None:
    for candidate in (line, ICU_IGNORABLE.sub("", line)):
        command = try_parse_v2(candidate, registered) or try_parse(candidate, registered)
        if command is not None:
            return command
    return None


def commands(output: str) -> list[Command]:
    """Every command the runner would process in this output, in order (`ActionCommandManager`).

    A `stop-commands` is itself returned; while stopped, only the resume token is.
    """
    registered = set(REGISTERED)
    stop_token: str | None = None
    found: list[Command] = []
    for line in _LINES.split(output):
        command = _parse_line(line, registered)
        if command is None:
            continue
        if stop_token is not None:
            if command.name.lower() == stop_token.lower():
                registered.discard(stop_token.lower())
                stop_token = None
                found.append(command)
            continue
        if command.name.lower() == "stop-commands":
            stop_token = command.data
            registered.add(stop_token.lower())
        found.append(command)
    return found


def command_shaped_lines(output: str) -> list[str]:
    """Lines that look like a command to the runner whatever its registered names are: `::`
    at the start once whitespace and ignorable characters are gone, or `##[` anywhere."""
    shaped = []
    for line in _LINES.split(output):
        visible = ICU_IGNORABLE.sub("", line)
        if visible.lstrip(DOTNET_WHITESPACE).startswith(V2_KEY) or V1_PREFIX in visible:
            shaped.append(line)
    return shaped
