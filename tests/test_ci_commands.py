"""No text from a project or a pack can start a CI workflow command or steer a terminal.

Every stream (standard output and standard error) and every file of every command is read the
way GitHub's runner reads a step's output (`tests/actions_runner.py`, a port of its parser),
over hostile fixtures: keys, file names, waiver ids and pack words with raw newlines,
`::stop-commands::`, `##[error]`, zero-width and bidi characters, ANSI and OSC 8 escapes, and
text long enough that wrapping at 80 columns puts a command at the start of a line.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from readiness.cli import app
from readiness.portfolio_run import PORTFOLIO_FORMATTERS
from readiness.report import FORMATTERS, render
from readiness.report.escape import json_text, neutralise_commands, plain_line, xml_document

from .actions_runner import (
    DOTNET_WHITESPACE,
    ICU_IGNORABLE,
    Command,
    command_shaped_lines,
    commands,
    try_parse,
    try_parse_v2,
)
from .conftest import FIXTURES
from .report_fixtures import hostile_assessment, sample_assessment

AS_OF = "2026-11-25"
COMMANDS = FIXTURES / "hostile-commands.yaml"
KEYS = FIXTURES / "hostile-keys.yaml"
WAIVER = FIXTURES / "hostile-waiver.yaml"
PACK = FIXTURES / "hostile-pack.yaml"
# Terminal controls and bidi characters that must never reach a stream: C0 but tab and line
# feed, DEL, C1, the bidi marks, embeddings, overrides and isolates, and U+061C.
TERMINAL_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
ANNOTATIONS = {"error", "warning", "notice"}


def assert_inert(text: str, where: str) -> None:
    """The runner finds no command in `text`, nothing is shaped like one, no terminal control."""
    assert commands(text) == [], where
    assert command_shaped_lines(text) == [], where
    assert TERMINAL_CONTROL.search(text) is None, (where, TERMINAL_CONTROL.search(text))


def assert_only_annotations(text: str, where: str) -> list[Command]:
    """`-f github`: each line is one of our annotations, and nothing else is a command."""
    found = commands(text)
    assert [c.name for c in found if c.name not in ANNOTATIONS] == [], where
    assert "\r" not in text, where
    assert len(found) == text.count("\n"), where  # the runner's lines, one command each
    for command in found:
        assert set(command.properties) <= {"file", "line", "col", "title"}, command
    assert TERMINAL_CONTROL.search(text) is None, where
    return found


# --- the port itself: it must find what the runner finds --------------------------------------


@pytest.mark.parametrize(
    ("line", "name", "data"),
    [
        ("::error::x", "error", "x"),
        ("   ::warning file=a.yaml,line=3::x%0Ay", "warning", "x\ny"),
        ("\u2003::notice::em space is .NET white space", "notice", "em space is .NET white space"),
        ("\u200b::error::ICU skips a zero-width space", "error", "ICU skips a zero-width space"),
        ("text then ##[error]legacy anywhere", "error", "legacy anywhere"),
        ("#\u200b#[warning]ignorable inside", "warning", "ignorable inside"),
        ("::STOP-COMMANDS::token", "STOP-COMMANDS", "token"),
        ("::add-mask::secret", "add-mask", "secret"),
    ],
)
def test_the_port_finds_what_the_runner_finds(line: str, name: str, data: str) -> None:
    """Commands in both forms, with leading white space, ignorable characters and any case."""
    (found,) = commands(line)
    assert (found.name, found.data) == (name, data)


@pytest.mark.parametrize(
    "line",
    [
        "x ::error::not at the start",
        "::unknown::not a registered command",
        "\\::error::escaped",
        "##\\[error]escaped",
        "::error no separator",
        "# #[error] a space breaks the prefix",
    ],
)
def test_the_port_ignores_what_the_runner_ignores(line: str) -> None:
    """Text that is not a command stays text."""
    assert commands(line) == []


def test_the_port_follows_stop_commands() -> None:
    """`::stop-commands::T` hides every command until `::T::`, which itself resumes."""
    output = "::stop-commands::abc\n::error::hidden\n::abc::\n::error::seen\n"
    assert [(c.name, c.data) for c in commands(output)] == [
        ("stop-commands", "abc"),
        ("abc", ""),
        ("error", "seen"),
    ]


def test_the_port_reads_properties_as_the_runner_does() -> None:
    """Property values and data are unescaped with the runner's own tables."""
    command = try_parse_v2("::error file=a%2Cb.yaml,line=3,title=T%3A x::m%250A", {"error"})
    assert command is not None
    assert command.properties == {"file": "a,b.yaml", "line": "3", "title": "T: x"}
    assert command.data == "m%0A"
    legacy = try_parse("##[error file=a%3Bb;line=3]m%5D", {"error"})
    assert legacy is not None
    assert (legacy.properties, legacy.data) == ({"file": "a;b", "line": "3"}, "m]")


# --- the neutralisers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "::error::x",
        "a\n::error::x",
        "a\r::error::x",
        " \t\u200b\u2003::error::x",
        "\x1b[31m::error::coloured",
        "##[error]x",
        "#\u200b#\u2060[error]x",
        "::stop-commands::t\n::t::",
    ],
)
def test_neutralised_text_holds_no_command(text: str) -> None:
    """Plain text and Markdown lose every command; JSON and XML keep the exact data."""
    assert commands(neutralise_commands(text)) == []
    assert command_shaped_lines(neutralise_commands(text)) == []
    encoded = json_text(json.dumps({"k": text}, ensure_ascii=False))
    assert command_shaped_lines(encoded) == []
    assert json.loads(encoded) == {"k": text}
    element = ET.Element("t")
    element.text = text.replace("\x1b", "").replace("\r", "\n")
    document = xml_document(ET.tostring(element, encoding="unicode"))
    assert command_shaped_lines(document) == []
    assert ET.fromstring(document).text == element.text  # noqa: S314


def test_every_character_the_runner_skips_is_skipped_by_the_neutraliser() -> None:
    """Over every code point: what the port lets precede `::` or sit inside `##[` (.NET white
    space, ICU-ignorable characters) cannot carry a command past `neutralise_commands`."""
    skippable = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if chr(code) not in "\r\n"
        and (chr(code) in DOTNET_WHITESPACE or ICU_IGNORABLE.fullmatch(chr(code)))
    ]
    assert len(skippable) > 4000
    for char in skippable:
        for text in (f"{char}::error::x", f"{char}{char}::error::x", f"#{char}#{char}[error]x"):
            assert commands(neutralise_commands(text)) == [], repr(text)


def test_plain_line_keeps_user_text_on_its_line() -> None:
    """Line breaks become visible escapes; controls and bidi characters go."""
    assert plain_line("a\nb\r\nc\rd\u2028e\x85f\x1b[1m\u202eg\u061ch\th") == (
        "a\\nb\\r\\nc\\rd\\u2028e\\u0085f[1mgh\th"
    )


# --- every renderer, property-tested with hostile text -------------------------------------

HOSTILE_ALPHABET = st.sampled_from(
    [
        ":",
        "::",
        "#",
        "##",
        "[",
        "]",
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\u2028",
        "\u200b",
        "\x1b",
        "\x1b[31m",
        "\u202e",
        "\u061c",
        "error",
        "stop-commands",
        "a",
        "GH-1",
        "@",
        "|",
        "%0A",
    ]
)
HOSTILE_TEXT = st.lists(HOSTILE_ALPHABET, min_size=1, max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=HOSTILE_TEXT, words=st.integers(min_value=0, max_value=30))
def test_no_renderer_lets_user_text_start_a_command(text: str, words: int) -> None:
    """Every format, with the text in the name, file, messages, titles and waivers, preceded by
    a number of words that moves it to wherever wrapping at 80 columns puts it."""
    text = "word " * words + text
    base = hostile_assessment()
    findings = tuple(
        replace(f, message=text, title=text, remediation=text, rationale=text)
        for f in base.findings
    )
    assessment = replace(
        base,
        project_name=text,
        project_id=text,
        verdict_reason=text,
        findings=findings,
        dimensions=(replace(base.dimensions[0], title=text), *base.dimensions[1:]),
    )
    for name in FORMATTERS:
        output = render(name, assessment)
        if name == "github":
            assert_only_annotations(output, name)
        else:
            assert_inert(output, name)


def test_golden_outputs_are_untouched_by_the_neutralisers() -> None:
    """The neutralisers change nothing in a report without hostile text."""
    for name in FORMATTERS:
        output = render(name, sample_assessment())
        if name != "github":
            assert neutralise_commands(output) == output


# --- through the CLI, every stream and file ----------------------------------------------------


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
@pytest.mark.parametrize("pack", [False, True])
def test_assess_streams_and_files_carry_no_command(
    fmt: str, pack: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`assess` of the hostile project (with and without a hostile pack) in every format, and
    every file `-o` writes beside it."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    extra = ["--rubrics", str(PACK)] if pack else []
    outputs = [f"{name}={tmp_path / name}" for name in FORMATTERS]
    code, out, err = _run(
        "assess",
        str(COMMANDS),
        "-f",
        fmt,
        "--as-of",
        AS_OF,
        "-v",
        *extra,
        *(arg for value in outputs for arg in ("-o", value)),
    )
    assert code == 1, err
    assert_inert(err, "stderr")
    if fmt == "github":
        assert_only_annotations(out, "stdout")
    else:
        assert_inert(out, "stdout")
    for path in tmp_path.iterdir():
        text = path.read_text(encoding="utf-8")
        if path.name == "github":
            assert_only_annotations(text, path.name)
        else:
            assert_inert(text, path.name)


def test_data_formats_keep_the_exact_text(tmp_path: Path) -> None:
    """JSON, SARIF and JUnit neutralise with escapes that parse back to the user's text."""
    code, out, _ = _run("assess", str(COMMANDS), "-f", "json", "--as-of", AS_OF)
    assert code == 1
    name = json.loads(out)["project"]["name"]
    assert name.startswith("Forged \n::error file=x.yaml,line=1::forged from the name\n##[error]")
    assert "\u202eevil\u202c \u061cmark" in name
    assert "##[error]" not in out
    assert "\\u202e" in out
    code, out, _ = _run(
        "assess", str(COMMANDS), "-f", "junit", "--as-of", AS_OF, "--rubrics", str(PACK)
    )
    assert "\n&#58;:error::from a message ##&#91;error]legacy" in out
    root = ET.fromstring(out.encode("utf-8"))  # noqa: S314
    texts = " ".join(e.text or "" for tag in ("failure", "system-out") for e in root.iter(tag))
    assert "\n::error::from a message ##[error]legacy" in texts


def test_the_terminal_wraps_no_command_to_a_line_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture's waiver reason is long enough that 80-column wrapping puts a command first
    on a line; the line is neutralised and still no wider than a backslash more."""
    code, out, _ = _run("assess", str(COMMANDS), "--as-of", AS_OF, "--no-color")
    assert code == 1
    wrapped = [line for line in out.splitlines() if line.lstrip().startswith("\\::")]
    assert wrapped, "the fixture no longer wraps a command to a line start"
    assert all(len(line) <= 81 for line in out.splitlines())


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("fixture", [KEYS, WAIVER, COMMANDS])
def test_validate_diagnostics_carry_no_command(fixture: Path, fmt: str) -> None:
    """Key paths and waiver ids with raw newlines, escapes and commands stay on their line."""
    code, out, err = _run("validate", str(fixture), "-f", fmt)
    assert code == (0 if fixture == COMMANDS else 2)
    assert_inert(out, "stdout")
    assert_inert(err, "stderr")
    if fixture == KEYS and fmt == "text":
        assert '["x\\n::error file=a.yaml,line=1::forged from a key"]' in out
        assert len([line for line in out.splitlines() if "error:" in line]) == 5


def test_assess_diagnostics_carry_no_command() -> None:
    """The same diagnostics from `assess` go to standard error, equally inert."""
    for fixture in (KEYS, WAIVER):
        code, out, err = _run("assess", str(fixture), "--as-of", AS_OF)
        assert (code, out) == (2, "")
        assert_inert(err, "stderr")
        assert "error:" in err


def test_file_names_carry_no_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A project file whose name holds newlines and commands, found in a folder or named."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    folder = tmp_path / "##[error]folder"
    folder.mkdir()
    name = "\n::error file=a.yaml::forged from a file name\n##[warning]x\u202e.readiness.yaml"
    shutil.copy(COMMANDS, folder / name)
    shutil.copy(KEYS, folder / ("::error::broken" + name))
    code, out, err = _run("validate", str(folder))
    assert code == 2
    assert_inert(out, "stdout")
    assert_inert(err, "stderr")
    for fmt in sorted(PORTFOLIO_FORMATTERS):  # the folder as a portfolio, in every format
        code, out, err = _run("assess", str(folder), "-f", fmt, "--as-of", AS_OF)
        assert code == 2, err
        if fmt == "github":
            assert_only_annotations(out, "portfolio github")
        else:
            assert_inert(out, f"portfolio {fmt}")
        assert_inert(err, f"portfolio {fmt}")
    for fmt in sorted(FORMATTERS):
        code, out, err = _run("assess", str(folder / name), "-f", fmt, "--as-of", AS_OF)
        assert code == 1
        assert_inert(err, "stderr")
        if fmt == "github":
            (first, *_) = assert_only_annotations(out, fmt)
            assert first.properties["file"] == str(folder / name).replace("\u202e", "")
        else:
            assert_inert(out, fmt)


def test_packs_and_explanations_carry_no_command() -> None:
    """`rubrics`, `explain` and `rubrics test` print a hostile pack's words inertly."""
    runs = [
        ("rubrics", "--rubrics", str(PACK)),
        ("rubrics", "--rubrics", str(PACK), "-f", "json"),
        ("explain", "HX-01", "--rubrics", str(PACK), "--project", str(COMMANDS), "--as-of", AS_OF),
        ("explain", "KR-02", "--project", str(COMMANDS), "--as-of", AS_OF),
        ("explain", "##[error]x\n::error::y"),
    ]
    for args in runs:
        _, out, err = _run(*args)
        assert_inert(out, " ".join(args))
        assert_inert(err, " ".join(args))


def test_rubric_cases_carry_no_command(tmp_path: Path) -> None:
    """A failing case's name and message are printed inertly."""
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "HX-01:\n"
        '  - name: "a case\\n::error::from a case name ##[warning]x"\n'
        "    status: pass\n"
        '    project: {project: {id: p, name: "::error::n"}}\n',
        encoding="utf-8",
    )
    code, out, err = _run("rubrics", "test", str(cases), "--rubrics", str(PACK))
    assert code == 1
    assert "1 failed" in out
    assert_inert(out, "stdout")
    assert_inert(err, "stderr")
