"""A corpus of the slips people make when they type a project file, each told at the mistake
with a hint that fits the field and the slip, compared with what an editor reports.

Every slip is one realistic change to a bundled sample (`samples/press-line-payback-drift.yaml`):
a quote, colon, dash or indentation slip, a percent sign, currency or a date as people write
them, an alias-like value, a control character or a file saved in another encoding. The table
holds where the mistake is (line, column), words of the message and of the hint, and the line
where Red Hat's yaml-language-server (the engine of most editors' YAML support) puts its first
diagnostic for the same file, so the comparison stays true as either side changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from readiness.cli import app

from .conftest import SAMPLES
from .test_editor import LanguageServer, needs_server

BASE = SAMPLES / "press-line-payback-drift.yaml"
BASE_LINES = BASE.read_text(encoding="utf-8").split("\n")
TITLE_25 = "title: MES OEE and stop extract, line B, weeks 6-25 2026"
SITE_13 = "site: Tamworth Pressings, press shop B"
NAME_12 = "name: Press line B condition monitoring and misfeed detection"
KPI_127 = "- {kpi: misfeed-rate"
EVIDENCE_67 = "evidence: [mes-press-b-2026w25, cmms-export-2026-06]"
# The editor is given text, not bytes: a slip of encoding has nothing to compare there.
NOT_TEXT = "not text"


class Slip(NamedTuple):
    name: str
    make: Callable[[], bytes]
    line: int
    column: int
    message: str
    hint: str
    editor: int | str | None  # the editor's first diagnostic line; None: it reports nothing


def edit(line: int, old: str, new: str) -> Callable[[], bytes]:
    """The sample with `old` replaced by `new` on one line."""

    def make() -> bytes:
        lines = list(BASE_LINES)
        assert old in lines[line - 1], (line, old)
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        return "\n".join(lines).encode("utf-8")

    return make


def whole(change: Callable[[str], bytes]) -> Callable[[], bytes]:
    return lambda: change("\n".join(BASE_LINES))


def replaced(old: str, new: str, encoding: str = "utf-8") -> Callable[[], bytes]:
    """The sample with the first `old` replaced by `new`, saved in `encoding`."""
    return whole(lambda text: text.replace(old, new, 1).encode(encoding))


def inserted(line: int, text: str) -> Callable[[], bytes]:
    def make() -> bytes:
        lines = list(BASE_LINES)
        lines.insert(line - 1, text)
        return "\n".join(lines).encode("utf-8")

    return make


SLIPS = [
    # Quotes
    Slip("unclosed double quote", edit(12, "name: Press", 'name: "Press'), 12, 9,
         'opens here with " is not closed on its line: YAML read on to line 109',
         'end the value with " on this line', 12),
    Slip("unclosed single quote", edit(12, "name: Press", "name: 'Press"), 12, 9,
         "opens here with ' is never closed", "end the value with '", 251),
    Slip("text after the closing quote",
         edit(12, "name: Press line B condition", 'name: "Press line B" condition'), 12, 24,
         'text follows the closing quote of "Press line B"',
         """e.g. name: '"Press line B" condition monitoring""", 12),
    Slip("apostrophe inside single quotes",
         edit(13, SITE_13, "site: 'Tamworth's press shop B'"), 13, 18,
         "the apostrophe here closes the quoted value 'Tamworth'",
         "write an apostrophe twice ('')", 13),
    Slip("double quotes inside double quotes",
         edit(25, TITLE_25, 'title: "MES "OEE" extract"'), 25, 18,
         'text follows the closing quote of "MES "',
         """e.g. title: 'MES "OEE" extract'""", 25),
    Slip("a Windows path in double quotes",
         edit(27, "ref: MES report PB-OEE-26W25 export", 'ref: "C:\\mes\\export.csv"'), 27, 13,
         "an unknown escape in a double-quoted value", "or use single quotes", 27),
    Slip("curly quotes around a value with a colon",
         edit(12, NAME_12, "name: \u201cPress line B: monitoring\u201d"), 12, 22,
         "a value holds ': '", "put the whole value in quotes", 12),
    # Colons
    Slip("a colon and space inside a value",
         edit(25, TITLE_25, "title: MES extract: line B"), 25, 23,
         "a value holds ': '", 'e.g. title: "MES extract: line B"', 25),
    Slip("no space after a key's colon", edit(24, "kind: measured", "kind:measured"), 24, 5,
         "the ':' after 'kind' has no space after it", "write `kind: measured`", 24),
    Slip("a key without its colon", edit(25, "title: MES", "title MES"), 25, 5,
         "this line has no ':' after its key", "write `key: value`", 25),
    Slip("a comma inside a value in braces",
         edit(17, "owner: {name: L. Novak, role", "owner: {name: Novak, L., role"), 17, 24,
         "unknown key 'L.'", 'e.g. name: "Novak, L."', None),
    # Dashes
    Slip("no space after a list dash, before braces", edit(127, KPI_127, "-{kpi: misfeed-rate"),
         127, 5, "a list item needs a space after its '-'", "write `- {kpi: misfeed-rate", 127),
    Slip("no space after a list dash, before a key",
         edit(72, "- id: press-breakdown", "-id: press-breakdown"), 72, 5,
         "a list item needs a space after its '-'", "write `- id: press-breakdown`", 72),
    Slip("a list item without its dash", edit(78, "- id: die-change", "  id: die-change"), 78, 7,
         "looks like the start of the next item without its '- '",
         "start line 78 with '- ' at column 5", 78),
    Slip("an en dash for a list dash", edit(78, "- id: die-change", "\u2013 id: die-change"),
         78, 5, "(en dash) is not the '-' that starts a list item", "type '-'", 78),
    # Indentation
    Slip("a key indented one space less",
         edit(75, "      hours_per_year", "     hours_per_year"), 75, 6,
         "inside the list that starts on line 72 but does not start with '- '",
         "indent it as far as that item's first key", 75),
    Slip("a key indented one space more",
         edit(75, "      hours_per_year", "       hours_per_year"), 75, 22,
         "indented more than the line above", "line it up with the keys above it", 74),
    Slip("a tab for indentation", edit(75, "      hours_per_year", "\thours_per_year"), 75, 1,
         "a tab where YAML expects spaces", "replace the tab with spaces", 75),
    # Percent signs
    Slip("a percentage for a fraction", edit(70, "availability: 0.72", "availability: 72%"),
         70, 9, "expected a number, got text '72%'",
         "a share is written as a fraction from 0 to 1: write 0.72", 70),
    Slip("a percent sign first", edit(70, "availability: 0.72", "availability: %72"), 70, 23,
         "a value cannot start with '%'", "0.72 for 72 %", 70),
    Slip("a percent sign on a number that is not a share",
         edit(68, "planned_hours: 2234", "planned_hours: 2234 %"), 68, 3,
         "expected a number, got text '2234 %'", "write 2234 without the '%'", 68),
    # Currency and amounts
    Slip("a currency sign and thousands separators",
         edit(76, "annual_cost: 534000", "annual_cost: £534,000"), 76, 7,
         "expected a number, got text '£534,000'",
         "write the plain number 534000, without separators, currency or units (the currency "
         "is given once, in business_case.currency)", 76),
    Slip("thousands separators", edit(76, "annual_cost: 534000", "annual_cost: 534,000"), 76, 7,
         "got text '534,000'", "write the plain number 534000", 76),
    Slip("an amount in words", edit(111, "annual: 881000", "annual: 0.88 million"), 111, 5,
         "got text '0.88 million'", "write the plain number 880000", 111),
    Slip("an amount with a currency and a scale letter",
         edit(111, "annual: 881000", "annual: \u20ac0.88m"), 111, 5,
         "got text '\u20ac0.88m'", "write the plain number 880000", 111),
    Slip("European thousands separators",
         edit(111, "annual: 881000", "annual: 881.000,50"), 111, 5,
         "got text '881.000,50'", "write the plain number 881000.5", 111),
    Slip("an approximate amount", edit(68, "planned_hours: 2234", "planned_hours: about 2234"),
         68, 3, "got text 'about 2234'",
         "write the plain number 2234, without separators, currency or units (an estimate is "
         "told by citing evidence whose kind is estimated)", 68),
    Slip("a number in words", edit(68, "planned_hours: 2234", "planned_hours: two thousand"),
         68, 3, "got text 'two thousand'", "write a number, e.g. 5", 68),
    # Dates
    Slip("a date that does not exist", edit(26, "date: 2026-06-24", "date: 2026-13-45"), 26, 5,
         "text '2026-13-45' is not a valid date", "there is no month 13", 26),
    Slip("a day that does not exist", edit(26, "date: 2026-06-24", "date: 2026-06-31"), 26, 5,
         "text '2026-06-31' is not a valid date", "June 2026 has no day 31", None),
    Slip("a date written day first", edit(26, "date: 2026-06-24", "date: 24/06/2026"), 26, 5,
         "text '24/06/2026' is not a valid date", "write 2026-06-24", 26),
    Slip("a date that reads either way", edit(26, "date: 2026-06-24", "date: 03/06/2026"), 26, 5,
         "text '03/06/2026' is not a valid date",
         "write 2026-06-03 if you mean 3 June, or 2026-03-06 if you mean March 6", 26),
    Slip("a date without leading zeros", edit(26, "date: 2026-06-24", "date: 2026-6-24"), 26, 5,
         "text '2026-6-24' is not a valid date", "write 2026-06-24", 26),
    Slip("a month and year only", edit(26, "date: 2026-06-24", "date: June 2026"), 26, 5,
         "text 'June 2026' is not a valid date", "a date needs a day: e.g. 2026-06-01", 26),
    Slip("a date in words", edit(26, "date: 2026-06-24", "date: 24 June 2026"), 26, 5,
         "text '24 June 2026' is not a valid date", "write 2026-06-24", 26),
    # Aliases, anchors, tags and other reserved starts
    Slip("a value in asterisks", edit(25, TITLE_25, "title: *Urgent* MES extract"), 25, 12,
         "a value that starts with '*' is read as an alias",
         'e.g. title: "*Urgent* MES extract"', 25),
    Slip("a value that names an alias", edit(25, TITLE_25, "title: *Urgent extract"), 25, 12,
         "is read as an alias (*name), and no anchor (&name) has that name",
         'e.g. title: "*Urgent extract"', 25),
    Slip("a value starting with an ampersand", edit(25, TITLE_25, "title: &Co extract"), 25, 12,
         "'&Co' starts an anchor", 'e.g. title: "&Co extract"', 25),
    Slip("a value starting with an exclamation mark",
         edit(25, TITLE_25, "title: !important MES extract"), 25, 12,
         "the tag '!important' is not allowed", "remove the tag", 25),
    Slip("a value starting with @", edit(13, SITE_13, "site: @tamworth"), 13, 9,
         "a value cannot start with '@'", 'e.g. site: "@tamworth"', 13),
    Slip("a value starting with a backtick", edit(13, SITE_13, "site: `B` press shop"), 13, 9,
         "a value cannot start with '`'", 'e.g. site: "`B` press shop"', 13),
    Slip("a value starting with braces", edit(13, SITE_13, "site: {Tamworth} press shop"),
         13, 20, "text follows the closing '}'", 'e.g. site: "{Tamworth} press shop"', 13),
    Slip("a value starting with brackets", edit(13, SITE_13, "site: [B] press shop"), 13, 13,
         "text follows the closing ']'", 'e.g. site: "[B] press shop"', 13),
    Slip("a value starting with a pipe", edit(13, SITE_13, "site: | press shop"), 13, 9,
         "'|' starts a block of text on the lines below", 'e.g. site: "| press shop"', 13),
    Slip("a value starting with '>'", edit(13, SITE_13, "site: > press shop"), 13, 9,
         "'>' starts a block of text on the lines below", 'e.g. site: "> press shop"', 13),
    # Lists in brackets, comments, structure, vocabulary
    Slip("a list in brackets left open",
         edit(67, EVIDENCE_67, "evidence: [mes-press-b-2026w25, cmms-export-2026-06"), 67, 13,
         "the list that opens here with '[' is not closed", "close it with ']'", 68),
    Slip("a comment inside a list in brackets",
         edit(67, EVIDENCE_67, "evidence: [mes-press-b-2026w25 #main, cmms-export-2026-06]"),
         67, 13, "the list that opens here with '[' is not closed", "'#'", 68),
    Slip("a second document", inserted(21, "---"), 21, 1,
         "more than one YAML document", "remove the '---' separators", None),
    Slip("a key given twice", edit(13, SITE_13, "name: Tamworth Pressings"), 13, 3,
         "duplicate key 'name': it is also on line 12", "keep one of the two", 13),
    Slip("a misspelt key", edit(16, "decision_date", "decison_date"), 16, 3,
         "unknown key 'decison_date'", "did you mean 'decision_date'?", 16),
    Slip("yes for a choice", edit(15, "stage: pilot", "stage: yes"), 15, 3,
         "text 'yes' is not one of the allowed values", "allowed: idea, pilot", 15),
    # Control characters and encodings
    Slip("a bell character", replaced("manager\n  - id: cmms", "manager\x07\n  - id: cmms"),
         28, 38, "a control character U+0007 (BEL)", "delete it", None),
    Slip("a NUL byte", replaced("line B, weeks", "line B,\x00 weeks"),
         25, 45, "a control character U+0000 (NUL)", "delete it", None),
    Slip("a terminal colour code", replaced("line B, weeks", "line B,\x1b[31m weeks"),
         25, 45, "a control character U+001B (ESC", "delete it", None),
    Slip("UTF-16 with a byte-order mark", whole(lambda t: t.encode("utf-16")), 1, 1,
         "the file is UTF-16", "save it as UTF-8", NOT_TEXT),
    Slip("UTF-16 without a byte-order mark", whole(lambda t: t.encode("utf-16-le")), 1, 1,
         "the file is UTF-16", "save it as UTF-8", NOT_TEXT),
    Slip("UTF-32", whole(lambda t: t.encode("utf-32")), 1, 1,
         "the file is UTF-32", "save it as UTF-8", NOT_TEXT),
    Slip("Latin-1", replaced("Tamworth", "Tamw\u00f6rth", "latin-1"),
         13, 13, "the file is not valid UTF-8",
         "byte 0xF6 is '\u00f6' in Windows-1252 (Latin-1)", NOT_TEXT),
    Slip("a Windows-1252 apostrophe", replaced("Tamworth", "\u2019Tamworth", "cp1252"),
         13, 9, "the file is not valid UTF-8", "byte 0x92 is '\u2019' in Windows-1252", NOT_TEXT),
]  # fmt: skip


def _write(tmp_path: Path, slip: Slip) -> Path:
    path = tmp_path / "slip.yaml"
    path.write_bytes(slip.make())
    return path


def _first_problem(path: Path) -> dict[str, object]:
    result = CliRunner().invoke(app, ["validate", "-f", "json", str(path)])
    assert result.exit_code == 2, result.stdout
    problems: list[dict[str, object]] = json.loads(result.stdout)["files"][0]["problems"]
    return problems[0]


def test_the_corpus_is_large_and_every_slip_is_different() -> None:
    """At least forty slips, none repeating another."""
    assert len(SLIPS) >= 40
    assert len({slip.make() for slip in SLIPS}) == len(SLIPS)


@pytest.mark.parametrize("slip", SLIPS, ids=lambda slip: slip.name)
def test_each_slip_is_told_where_it_is_with_a_hint_that_fits(tmp_path: Path, slip: Slip) -> None:
    """The first problem `validate` reports is at the mistake, says what it is and gives a hint
    that fits the field and the slip."""
    problem = _first_problem(_write(tmp_path, slip))
    assert (problem["line"], problem["column"]) == (slip.line, slip.column), problem
    assert slip.message in str(problem["message"]), problem
    assert slip.hint in str(problem.get("hint", "")), problem


@needs_server
def test_readiness_is_at_the_mistake_at_least_where_the_editor_is(tmp_path: Path) -> None:
    """The same files in yaml-language-server, with the published schema: the editor's first
    diagnostic is on the line the table says (None: it reports nothing, as for control
    characters, a second document and a comma inside braces), and readiness is never further
    from the mistake than the editor."""
    from readiness.schemas import schema_text

    (tmp_path / "project.schema.json").write_text(schema_text("project"), encoding="utf-8")
    server = LanguageServer(tmp_path)
    try:
        seen: dict[str, int | None] = {}
        for index, slip in enumerate(SLIPS):
            if slip.editor == NOT_TEXT:
                continue
            text = (
                slip.make().decode("utf-8").replace("$schema=../readiness/schemas/", "$schema=./")
            )
            path = tmp_path / f"slip-{index}.yaml"
            path.write_text(text, encoding="utf-8")
            found = server.diagnostics(path)
            seen[slip.name] = found[0][0] if found else None
    finally:
        server.close()
    assert seen == {s.name: s.editor for s in SLIPS if s.editor != NOT_TEXT}
    # Where the two differ, readiness is the one at the mistake (the test above holds it there).
    elsewhere = {s.name for s in SLIPS if s.editor != NOT_TEXT and seen[s.name] != s.line}
    assert elsewhere == {
        "unclosed single quote",
        "a comma inside a value in braces",
        "a key indented one space more",
        "a day that does not exist",
        "a list in brackets left open",
        "a comment inside a list in brackets",
        "a second document",
        "a bell character",
        "a NUL byte",
        "a terminal colour code",
    }


def test_independent_problems_are_all_reported_in_the_first_round(tmp_path: Path) -> None:
    """A misspelt key, a citation of evidence that does not exist and a waiver naming no check
    are independent: one run reports all three, so the file is fixed in one round."""
    text = (SAMPLES / "weld-vision-ready.yaml").read_text(encoding="utf-8")
    text = text.replace("decision_date", "decison_date", 1)
    text = text.replace("check: KR-03", "check: KR-3", 1)
    text = text.replace("evidence: [", "evidence: [mes-2025, ", 1)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "-f", "json", str(path)])
    assert result.exit_code == 2
    messages = [p["message"] for p in json.loads(result.stdout)["files"][0]["problems"]]
    assert any("unknown key 'decison_date'" in m for m in messages), messages
    assert any("evidence 'mes-2025' is cited but not defined" in m for m in messages), messages
    assert any("the waiver names 'KR-3', which is not a known check" in m for m in messages)


def test_an_unused_anchor_is_refused_but_an_anchor_an_alias_uses_is_fine(
    tmp_path: Path,
) -> None:
    """`&` starting a value silently drops a word from it unless an alias repeats it."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "readiness: 1\nproject: {id: a, name: &n Press B, site: *n}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.stdout
