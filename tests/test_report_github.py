"""GitHub Actions output: one escaped workflow command per line, and the step summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.cli import app
from readiness.model import GAP_STATUSES, Assessment
from readiness.report import github
from readiness.report.escape import strip_control

from .conftest import SAMPLES
from .report_fixtures import (
    HOSTILE,
    HOSTILE_FILE,
    empty_assessment,
    hostile_assessment,
    sample_assessment,
)

FIXTURES: list[Callable[[], Assessment]] = [sample_assessment, hostile_assessment, empty_assessment]


def _unescape_data(text: str) -> str:
    """What the runner does to a command's message."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    """What the runner does to a property value."""
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    """Split a command line the way the runner does: `::name k=v,k=v::message`."""
    assert line.startswith("::")
    head, message = line[2:].split("::", 1)
    command, _, properties = head.partition(" ")
    parsed: dict[str, str] = {}
    for pair in properties.split(",") if properties else []:
        key, value = pair.split("=", 1)
        parsed[key] = _unescape_property(value)
    return command, parsed, _unescape_data(message)


@pytest.mark.parametrize("build", FIXTURES)
def test_one_command_per_line(build: Callable[[], Assessment]) -> None:
    """The gate first, a command per gap, per waiver not honoured or excusing a blocker or high
    check, then the verdict; nothing spills a line."""
    assessment = build()
    text = github.render(assessment)
    lines = text.splitlines()
    assert text.endswith("\n")
    assert text.count("\n") == len(lines)
    assert "\r" not in text
    gaps = sum(1 for f in assessment.findings if f.status in GAP_STATUSES)
    flagged = sum(
        1 for w in assessment.waivers if not w.honoured or w.severity in ("blocker", "high")
    )
    assert len(lines) == 1 + gaps + flagged + 1
    assert _parse(lines[0])[1]["title"] == "readiness gate"
    for line in lines:
        command, _, _ = _parse(line)
        assert command in ("error", "warning", "notice")


def test_gap_annotations_sit_on_their_lines() -> None:
    """file, line, col and title properties; only a gap that holds the gate is an error (the
    failing blockers of a not_ready verdict), the rest warnings, low ones notices."""
    lines = github.render(sample_assessment()).splitlines()
    command, properties, message = _parse(lines[1])
    assert command == "error"
    assert properties == {
        "file": "press.yaml",
        "line": "88",
        "col": "3",
        "title": "holds the gate: FE-10 The business case pays back within its horizon",
    }
    assert message.startswith("payback recomputes to 7.3 years against a 5-year horizon\n")
    assert "What to do: Do what FE-10 asks" in message
    commands = {
        _parse(line)[1].get("title", "").removeprefix("holds the gate: ").split()[0]: _parse(line)[
            0
        ]
        for line in lines[1:-1]
    }
    assert commands["BL-04"] == "error"
    assert commands["BL-01"] == "warning"  # a blocker partly met does not make it not_ready
    assert commands["OE-03"] == "warning"
    assert commands["SF-06"] == "notice"
    assert commands["IR-02"] == "warning"  # high: the verdict is not_ready because of FE-10


def test_waiver_not_honoured_is_annotated_on_the_waiver_line() -> None:
    """The waiver's own line says it is not honoured, and why (a warning: its check does not
    hold the gate)."""
    lines = github.render(sample_assessment()).splitlines()
    command, properties, message = next(
        parsed
        for parsed in map(_parse, lines)
        if parsed[1].get("title", "").endswith("not honoured")
    )
    assert command == "warning"
    assert properties["line"] == "173"
    assert properties["title"] == "IR-02 waiver not honoured"
    assert message.startswith(
        "The waiver for IR-02 (high) is not honoured: expired on 2026-10-31. "
        "The check keeps its status. Approved by: J. Idowu."
    )


def test_honoured_waiver_of_a_high_check_is_a_warning_and_a_medium_one_is_quiet() -> None:
    """A reviewer sees who excused a blocker or high check; a medium waiver adds no noise."""
    parsed = [_parse(line) for line in github.render(sample_assessment()).splitlines()]
    titles = {
        properties.get("title"): (command, message) for command, properties, message in parsed
    }
    command, message = titles["KR-03 waived (high)"]
    assert command == "warning"
    assert message == (
        "KR-03, a high check, is waived until 2027-03-31, approved by R. Okafor. "
        "Reason given: Successor in post from January"
    )
    assert not any(str(title).startswith("SF-05") for title in titles)


def test_summary_line_last() -> None:
    """The last command is a notice with verdict, level and score."""
    last = github.render(sample_assessment()).splitlines()[-1]
    command, properties, message = _parse(last)
    assert (command, properties) == ("notice", {"title": "readiness"})
    assert message.startswith(
        "Press line 3 predictive maintenance: not ready, readiness level 1 (required 3), "
        "score 63/100, 6 gaps."
    )


def test_hostile_text_is_escaped_and_round_trips() -> None:
    """Properties carry no raw `:` `,` CR or LF; the runner gets the user's text back."""
    lines = github.render(hostile_assessment()).splitlines()
    command, properties, message = _parse(lines[1])
    assert command in ("error", "warning")
    head = lines[1][2:].split("::", 1)[0]
    for pair in head.partition(" ")[2].split(","):
        value = pair.split("=", 1)[1]
        assert not set(value) & set(":,\r\n")
    assert properties["file"] == strip_control(HOSTILE_FILE)
    assert properties["title"].startswith("holds the gate: EVIL-01 | @everyone:x,y The business")
    assert message.startswith(strip_control(HOSTILE) + "\n")
    assert "\x1b" not in "".join(lines)


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("50% done", "50%25 done", "50%25 done"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("k: v, w", "k: v, w", "k%3A v%2C w"),
        ("%0A", "%250A", "%250A"),
        ("\x1b[31m", "[31m", "[31m"),
    ],
)
def test_escaping_rules(text: str, data: str, prop: str) -> None:
    """The Actions toolkit's rules: data escapes % CR LF; properties also : and ,."""
    assert github.escape_data(text) == data
    assert github.escape_property(text) == prop


def test_workflow_command_without_properties() -> None:
    """`::notice::message` when there are no properties."""
    assert github.workflow_command("notice", {}, "a\nb") == "::notice::a%0Ab"


def test_step_summary_not_in_actions() -> None:
    """No GITHUB_STEP_SUMMARY (or an empty one): nothing written, None returned."""
    assert github.append_step_summary("# report\n", {}) is None
    assert github.append_step_summary("# report\n", {"GITHUB_STEP_SUMMARY": ""}) is None


def test_step_summary_appends(tmp_path: Path) -> None:
    """Appends (other steps write there too), ending each report with a newline."""
    target = tmp_path / "summary.md"
    target.write_text("earlier step\n", encoding="utf-8")
    environ = {"GITHUB_STEP_SUMMARY": str(target)}
    assert github.append_step_summary("# one", environ) == target
    assert github.append_step_summary("# two ✅\n", environ) == target
    assert target.read_text(encoding="utf-8") == "earlier step\n# one\n# two ✅\n"


def test_step_summary_respects_the_size_limit(tmp_path: Path) -> None:
    """A report over 1 MiB is cut at a line with a note, instead of being refused."""
    target = tmp_path / "summary.md"
    huge = "| a | b |\n" * 200_000
    github.append_step_summary(huge, {"GITHUB_STEP_SUMMARY": str(target)})
    written = target.read_bytes()
    assert len(written) <= github.STEP_SUMMARY_LIMIT
    assert written.endswith(b"step-summary limit._\n")
    assert b"\n| a | b |\n\n_The report was cut here" in written


def test_one_file_that_cannot_be_assessed_is_annotated_on_its_lines(tmp_path: Path) -> None:
    """`-f github` on one broken file printed no annotation (the diagnostics went to standard
    error as text); it now annotates each problem's line, as a portfolio does."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("readiness: 1\nproject: {id: a, name: b}\nsystem: []\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["assess", str(broken), "-f", "github"])
    assert result.exit_code == 2
    assert result.stdout == (
        f"::error file={broken},line=3,col=1,title=readiness%3A the file cannot be assessed"
        "::system: unknown key 'system'%0Ahint: did you mean 'systems'?\n"
    )
    assert f"{broken}:3:1: error: system: unknown key 'system'" in result.stderr


AS_OF = "2026-11-25"


@pytest.mark.parametrize("summary", [None, "", "  "])
def test_no_markdown_is_rendered_where_no_step_summary_reads_it(
    summary: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-f github` outside Actions (or with an empty GITHUB_STEP_SUMMARY) prints the
    annotations and renders no Markdown report nobody reads (it cost 0.4 of a JSON run)."""
    import readiness.output

    rendered: list[str] = []
    original = readiness.output.render_report

    def recording(name: str, *args: object, **kwargs: object) -> str:
        rendered.append(name)
        return original(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(readiness.output, "render_report", recording)
    if summary is None:
        monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    else:
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", summary)
    sample = SAMPLES / "plant-twin-tech-first.yaml"
    result = CliRunner().invoke(app, ["assess", str(sample), "-f", "github", "--as-of", AS_OF])
    assert result.exit_code == 1, result.output
    assert "::error " in result.stdout
    assert rendered == ["github"]


def test_the_markdown_is_rendered_for_a_step_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    sample = SAMPLES / "plant-twin-tech-first.yaml"
    result = CliRunner().invoke(app, ["assess", str(sample), "-f", "github", "--as-of", AS_OF])
    assert result.exit_code == 1, result.output
    assert summary.read_text(encoding="utf-8").startswith("<!-- readiness-report")
