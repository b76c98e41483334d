"""Every format handles a portfolio: the samples and a broken file, as a programme run has them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from readiness.cli import app
from readiness.report.markdown_portfolio import MARKER

from .conftest import SAMPLES, SARIF_SCHEMA

AS_OF = "2026-11-25"
# Given as files, from the repository root: several paths make a portfolio.
FILES = [
    *(f"samples/{path.name}" for path in sorted(SAMPLES.glob("*.yaml"))),
    "tests/fixtures/broken.yaml",
]


@pytest.fixture(autouse=True)
def _from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SAMPLES.parent)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["assess", *args, "--as-of", AS_OF])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@cache
def _portfolio(fmt: str) -> str:
    code, out, _ = _run(*FILES, "-f", fmt)
    assert code == 2  # the broken file
    return out


@cache
def _single(name: str, fmt: str) -> str:
    _, out, _ = _run(name, "-f", fmt)
    return out


GOLDEN = {
    "terminal": "portfolio.txt",
    "markdown": "portfolio.md",
    "junit": "portfolio.xml",
    "github": "portfolio.github.txt",
}


@pytest.mark.parametrize("fmt", sorted(GOLDEN))
def test_portfolio_golden(fmt: str, golden: Callable[[str, str], None]) -> None:
    """The samples and a broken file in each format, stable byte for byte."""
    golden(GOLDEN[fmt], _portfolio(fmt))


def test_json_results_are_the_single_project_results() -> None:
    """Each result in the portfolio is exactly what `-f json` gives for that file alone."""
    portfolio = json.loads(_portfolio("json"))
    singles = [json.loads(_single(name, "json")) for name in FILES[:-1]]
    assert portfolio["results"] == singles
    assert [error["file"] for error in portfolio["errors"]] == ["tests/fixtures/broken.yaml"]


@cache
def _sarif_validator() -> Any:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = validator_for(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def test_sarif_is_one_valid_run_with_results_across_files() -> None:
    """One run, valid against the OASIS schema; each project's results are the ones its own log
    holds (same rule indexes, same fingerprints); the broken file's problems are results too."""
    log = json.loads(_portfolio("sarif"))
    errors = sorted(_sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message[:200]}" for e in errors]
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    for name in FILES[:-1]:
        (single,) = json.loads(_single(name, "sarif"))["runs"]
        assert single["tool"]["driver"]["rules"] == rules[:-1]
        mine = [
            r
            for r in results
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == name
        ]
        assert mine == single["results"]
    broken = [r for r in results if r["ruleId"] == "input-error"]
    assert len(broken) == 3
    assert rules[broken[0]["ruleIndex"]]["id"] == "input-error"
    assert run["invocations"] == [{"executionSuccessful": False}]
    assert run["properties"]["verdicts"] == {
        "ready": 1,
        "conditional": 1,
        "not_ready": 2,
        "input_error": 1,
    }


def test_junit_has_a_suite_per_project_and_an_error_for_the_broken_file() -> None:
    """Parses as XML; totals add up; the broken file is a suite whose case errors."""
    root = ET.fromstring(_portfolio("junit").encode("utf-8"))  # noqa: S314 - our own output
    suites = root.findall("testsuite")
    assert len(suites) == 5
    for attribute in ("tests", "failures", "errors", "skipped"):
        assert int(root.get(attribute, "")) == sum(int(s.get(attribute, "")) for s in suites)
    names = [s.get("name") for s in suites]
    assert "tests/fixtures/broken.yaml" in names
    broken = suites[names.index("tests/fixtures/broken.yaml")]
    error = broken.find("testcase/error")
    assert error is not None
    assert "unknown key 'system'" in (error.text or "")
    case_names = {c.get("classname", "").split(".")[1] for c in root.iter("testcase")}
    assert "press-line-b-monitoring" in case_names


def test_markdown_opens_with_the_marker_and_renders_one_table_row_per_project() -> None:
    """The hidden marker first; the table parses as a table with a row per file."""
    text = _portfolio("markdown")
    assert text.startswith(MARKER + "\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    first_table = next(i for i, t in enumerate(tokens) if t.type == "table_open")
    end = next(i for i, t in enumerate(tokens) if t.type == "table_close" and i > first_table)
    rows = [t for t in tokens[first_table:end] if t.type == "tr_open"]
    assert len(rows) == 1 + len(FILES)  # the header and a row per file


def test_github_puts_the_gate_first_then_what_failed_it(tmp_path: Path) -> None:
    """The gate's verdict first, an error per project that failed it (with its owner), then
    annotations on each project's own lines, worst first, errors on the broken file's problems;
    the job summary gets the portfolio's Markdown once."""
    summary = tmp_path / "summary.md"
    result = CliRunner().invoke(
        app,
        ["assess", *FILES, "-f", "github", "--as-of", AS_OF],
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    lines = result.stdout.splitlines()
    files = {line.split("file=", 1)[1].split(",", 1)[0] for line in lines if "file=" in line}
    assert files == {
        "samples/packaging-oee-conditional.yaml",
        "samples/plant-twin-tech-first.yaml",
        "samples/press-line-payback-drift.yaml",
        "samples/weld-vision-ready.yaml",
        "tests/fixtures/broken.yaml",
    }
    assert lines[0].startswith("::error title=readiness gate::5 projects: 1 ready")
    failed = [line for line in lines if "title=readiness gate%3A " in line]
    assert len(failed) == 2
    assert lines[1 : 1 + len(failed)] == failed
    assert all(line.startswith("::error ") for line in failed)
    assert "(owner%3A " in failed[0]
    # The one project whose gate passed comes last: nothing of it is an error.
    passing = [i for i, line in enumerate(lines) if "samples/weld-vision-ready.yaml" in line]
    assert passing
    assert min(passing) > max(i for i, line in enumerate(lines) if "weld-vision-ready" not in line)
    assert not any(lines[i].startswith("::error") for i in passing)
    text = summary.read_text(encoding="utf-8")
    assert text.count(MARKER) == 1
    assert text.startswith(_portfolio("markdown"))
    # The settings in force are the Markdown report's own, named once.
    assert text.count("Gate settings in force:\n\n- `as_of`: 2026-11-25 (from `--as-of`)\n") == 1
    # GitHub shows 10 of each level: the summary says how many are not shown, and where.
    assert "of this run are not shown as annotations" in text


def test_hostile_names_stay_text_in_every_portfolio_format(tmp_path: Path) -> None:
    """A project name full of markup is escaped wherever it lands."""
    hostile = "Evil | [x](javascript:alert(1)) <script> @team\x1b[31m ::error::pwned\n"
    project = tmp_path / "hostile.readiness.yaml"
    project.write_text(
        "readiness: 1\nproject: {id: evil, name: " + json.dumps(hostile) + "}\n",
        encoding="utf-8",
    )
    other = tmp_path / "other.readiness.yaml"
    other.write_text("readiness: 1\nproject: {id: other, name: Other}\n", encoding="utf-8")
    for fmt in ("terminal", "markdown", "junit", "github", "sarif", "json"):
        code, out, _ = _run(str(tmp_path), "-f", fmt)
        assert code == 1, fmt
        assert "\x1b" not in out, fmt
        if fmt == "markdown":
            assert "<script>" not in out
            assert "@team" not in out
            assert "Evil \\| \\[x\\]" in out
        if fmt == "github":
            assert all(line.startswith("::") for line in out.splitlines())
        if fmt == "junit":
            ET.fromstring(out.encode("utf-8"))  # noqa: S314 - our own output
        if fmt in ("json", "sarif"):
            json.loads(out)


def test_every_report_format_has_a_portfolio_renderer() -> None:
    """A new format module needs its portfolio view too: the two registries stay in step."""
    from readiness.portfolio_run import PORTFOLIO_FORMATTERS, portfolio_format
    from readiness.report import FORMATTERS

    assert set(PORTFOLIO_FORMATTERS) == set(FORMATTERS)
    for name in PORTFOLIO_FORMATTERS:
        module = portfolio_format(name)
        assert callable(module.head)
        assert callable(module.chunk)
        assert callable(module.tail)


def test_a_file_that_cannot_be_assessed_fails_the_gate_in_every_summary(tmp_path: Path) -> None:
    """No project failed its gate, but a file could not be assessed: the run fails (exit 2), and
    the terminal's count line and the GitHub notice said 'every gate passed'."""
    folder = tmp_path / "programme"
    folder.mkdir()
    (folder / "x.readiness.yaml").write_text(
        "readiness: 1\nproject: {id: a, name: b}\nsystem: []\n", encoding="utf-8"
    )
    runner = CliRunner()
    terminal = runner.invoke(app, ["assess", str(folder)])
    assert terminal.exit_code == 2
    assert terminal.stdout.splitlines()[1] == (
        "0 ready · 0 conditional · 0 not ready · 1 could not be assessed · the gate failed"
    )
    github = runner.invoke(app, ["assess", str(folder), "-f", "github"])
    assert "1 could not be assessed; the gate failed" in github.stdout.splitlines()[0]
    assert "every gate passed" not in terminal.stdout + github.stdout
