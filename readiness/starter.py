"""The starting file `readiness init` writes: every section of the format, explained and shown.

The file is valid as written (only `readiness` and `project.id`/`project.name` are live) and
assesses `not_ready` with gaps that name what to add. Every other section is there as a commented
example under a one-line explanation taken from the published schema, so the file and the schema
cannot drift apart. Uncommenting an example (remove `# `, keep the indentation — what an editor's
toggle-comment does) gives valid YAML; a test uncomments them all and validates the result.

Answers from `readiness init --interactive` (`StarterAnswers`) turn the matching examples into
live lines. No I/O here: `starter_text` returns the text; the CLI writes it.
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import field
from importlib import resources
from typing import Literal

from readiness.record import Record
from readiness.report.escape import strip_control
from readiness.schemas import load_schema

EDITOR_SCHEMA = "project"
"""Which published schema the editor comment points at (written beside the file)."""

SCHEMA_FILE = "project.schema.json"

LineKind = Literal["prose", "live", "example"]

HEADER = """\
A readiness project file (format 1), started by `readiness init`.
Only `readiness`, `project.id` and `project.name` are required. Everything else below is a
commented example: remove the `# ` (keep the indentation) and write your own figures. What you
leave out is reported as "not evidenced", never guessed.
Next: `readiness assess {file}` lists the gaps, each naming what to add, and the path to ready.
Claims cite the evidence register by id (evidence: [mes-q1]); money is in business_case.currency;
dates are YYYY-MM-DD; keys starting with x- are your own."""


EXAMPLE_FILE = "starter-example.yaml"


@functools.cache
def examples() -> dict[str, str]:
    """Each section's example text, from the packaged example file (one top-level key each)."""
    text = resources.files("readiness").joinpath(EXAMPLE_FILE).read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        match = re.match(r"([a-z_]+):", line)
        if match:
            current = found.setdefault(match.group(1), [])
        if current is not None and not line.startswith("#"):
            current.append(line)
    found.pop("readiness", None)
    return {name: "\n".join(lines).rstrip() + "\n" for name, lines in found.items()}


SECTORS: tuple[str, ...] = ("automotive", "battery", "aerospace", "food", "pharma")
SECTORS += ("electronics", "process", "general", "other")
STAGES = ("idea", "pilot", "scaling", "production")
FUNCTIONS = ("operations", "maintenance", "quality", "it", "ot", "central", "vendor", "finance")


class TeamMember(Record):
    """One function's share of the team, in full-time equivalents."""

    function: str
    fte: float


class StarterAnswers(Record):
    """What `readiness init --interactive` asks; anything left None stays a commented example."""

    id: str
    name: str
    sector: str | None = None
    stage: str | None = None
    loss: str | None = None
    loss_cost: float | None = None
    team: tuple[TeamMember, ...] = field(default_factory=tuple)


# Letters that Unicode does not decompose into a base letter and an accent, spelt in ASCII as
# slug libraries (python-slugify's text-unidecode) spell them.
_ASCII_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "\u0131": "i",  # dotless i
        "ħ": "h",
        "ŋ": "ng",
    }
)


def slug(text: str, fallback: str = "my-project") -> str:
    """A project id from a name: lower-case letters, digits and single dashes, accents folded
    to their base letter ("Línea de prensa «B»" gives `linea-de-prensa-b`, not `l-nea-…`)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).lower().translate(_ASCII_LETTERS)
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", plain)
    return "-".join(words)[:60].strip("-") or fallback


def default_answers(stem: str) -> StarterAnswers:
    """The id and name `readiness init` uses without questions: from the file's name."""
    stem = stem.removesuffix(".readiness")
    if stem in ("", "readiness"):
        return StarterAnswers(id="my-project", name="My project")
    return StarterAnswers(id=slug(stem), name=stem.replace("-", " ").replace("_", " ").capitalize())


PLAIN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9 .()/&'-]*[A-Za-z0-9.)]")  # no flow indicators
# Words YAML 1.1 or 1.2 reads as something other than text.
RESERVED_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def yaml_string(text: str) -> str:
    """Text as a YAML scalar that loads back as the same text: plain where that is safe
    (letters, digits, spaces and mild punctuation), else double-quoted.

    JSON's string syntax is a subset of YAML's double-quoted style; characters YAML may not
    hold raw (controls, bidirectional overrides) are removed first, as every report does.
    """
    text = strip_control(text)
    if PLAIN_TEXT.fullmatch(text) and text.lower() not in RESERVED_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def yaml_number(value: float) -> str:
    """A number as YAML: whole numbers without a decimal point."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def parse_team(text: str) -> tuple[TeamMember, ...]:
    """`operations 1, maintenance 0.5` → team members; ValueError naming what is wrong."""
    members = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;]", text))):
        words = part.split()
        if len(words) != 2:
            raise ValueError(f"'{part}': write a function and its FTE, e.g. operations 1")
        function, amount = words[0].lower(), words[1]
        if function not in FUNCTIONS:
            raise ValueError(f"'{function}' is not a function: one of {', '.join(FUNCTIONS)}")
        try:
            fte = float(amount)
        except ValueError:
            raise ValueError(f"'{amount}' is not a number of FTE, e.g. 0.5") from None
        if not 0 <= fte <= 1000:
            raise ValueError(f"'{amount}': FTE is a number from 0 up, e.g. 0.5")
        members.append(TeamMember(function, fte))
    return tuple(members)


def _live_blocks(answers: StarterAnswers) -> dict[str, dict[str, list[str]]]:
    """Section → key → the live lines (without the section's indentation) for each answer."""
    project = {
        "id": [f"id: {yaml_string(answers.id)}"],
        "name": [f"name: {yaml_string(answers.name)}"],
    }
    if answers.sector:
        project["sector"] = [f"sector: {answers.sector}"]
    if answers.stage:
        project["stage"] = [f"stage: {answers.stage}"]
    blocks: dict[str, dict[str, list[str]]] = {"project": project}
    if answers.loss:
        loss_id = yaml_string(slug(answers.loss, "main-loss"))
        item = f"id: {loss_id}, description: {yaml_string(answers.loss)}"
        if answers.loss_cost is not None:
            item += f", annual_cost: {yaml_number(answers.loss_cost)}"
        blocks["baseline"] = {"losses": ["losses:", f"  - {{{item}}}"]}
    if answers.team:
        rows = [f"  - {{function: {m.function}, fte: {yaml_number(m.fte)}}}" for m in answers.team]
        blocks["people"] = {"team": ["team:", *rows]}
    return blocks


def _key_blocks(example: str) -> list[tuple[str | None, list[str]]]:
    """An example section split at its second-level keys: (key, lines) in order; the section's
    own first line has the key None."""
    lines = example.splitlines()
    blocks: list[tuple[str | None, list[str]]] = [(None, [lines[0]])]
    for line in lines[1:]:
        match = re.match(r"  ([a-z_]+):", line)
        if match:
            blocks.append((match.group(1), [line]))
        else:
            blocks[-1][1].append(line)
    return blocks


def _comment(line: str, indent: int) -> str:
    """Comment a line out the way an editor's toggle-comment does: `# ` after `indent` spaces."""
    return f"{line[:indent]}# {line[indent:]}"


def _section_lines(
    name: str, example: str, live: dict[str, list[str]] | None
) -> list[tuple[LineKind, str]]:
    if live is None:
        return [("example", _comment(line, 0)) for line in example.splitlines()]
    lines: list[tuple[LineKind, str]] = []
    shown: set[str] = set()
    for key, block in _key_blocks(example):
        if key is None:
            lines.append(("live", f"{name}:"))
        elif key in live:
            lines.extend(("live", "  " + line) for line in live[key])
            shown.add(key)
        else:
            lines.extend(("example", _comment(line, 2)) for line in block)
    # Answers for keys the example does not show come after it.
    for key, block in live.items():
        if key not in shown:
            lines.extend(("live", "  " + line) for line in block)
    return lines


def section_names() -> list[str]:
    """The format's top-level sections, in the schema's order, except `readiness` itself."""
    return [name for name in load_schema("project")["properties"] if name != "readiness"]


def explanation(name: str) -> str:
    """The one-line explanation of a section: its description in the published schema."""
    return str(load_schema("project")["properties"][name].get("description", ""))


def starter_lines(
    answers: StarterAnswers, file_name: str, schema_ref: str = f"./{SCHEMA_FILE}"
) -> list[tuple[LineKind, str]]:
    """The starting file line by line, each tagged prose, live or example."""
    lines: list[tuple[LineKind, str]] = [
        ("prose", f"# yaml-language-server: $schema={schema_ref}"),
        ("prose", "#"),
    ]
    lines += [("prose", f"# {line}") for line in HEADER.format(file=file_name).splitlines()]
    lines += [("prose", ""), ("live", "readiness: 1")]
    blocks = _live_blocks(answers)
    for name in section_names():
        lines.append(("prose", ""))
        lines.append(("prose", f"# ── {name} ".ljust(40, "─")))
        lines += [("prose", f"# {text}") for text in textwrap.wrap(explanation(name), width=98)]
        example = examples().get(name)
        if example is None:
            lines.append(("prose", f"# (see `readiness schema project` for the {name} keys)"))
            continue
        lines += _section_lines(name, example, blocks.get(name))
    return lines


def starter_text(
    answers: StarterAnswers, file_name: str, schema_ref: str = f"./{SCHEMA_FILE}"
) -> str:
    """The starting file as text, ending in one newline."""
    return "\n".join(text for _, text in starter_lines(answers, file_name, schema_ref)) + "\n"


def uncommented(lines: Sequence[tuple[LineKind, str]]) -> str:
    """The file with every example uncommented and the prose dropped: what a user who fills in
    every section starts from (tests validate it)."""
    out = []
    for kind, text in lines:
        if kind == "live":
            out.append(text)
        elif kind == "example":
            indent = len(text) - len(text.lstrip(" "))
            out.append(text[:indent] + text[indent + 2 :])
    return "\n".join(out) + "\n"
