"""A project full of hostile text renders safely in every format, through the real CLI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from readiness.cli import app

from .conftest import FIXTURES

HOSTILE = FIXTURES / "hostile.yaml"


def _run(fmt: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(FIXTURES.parent.parent)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = CliRunner().invoke(
        app, ["assess", "tests/fixtures/hostile.yaml", "-f", fmt, "--as-of", "2026-11-25"]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stdout


FOLDS = ("<details><summary>Why it matters</summary>", "</details>")


def test_markdown_keeps_its_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables keep their cell count; no raw HTML, no live link or mention from user text."""
    text = _run("markdown", monkeypatch)
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    html_tokens = [t for t in tokens if t.type == "html_block"]
    inline_html = [c for t in tokens if t.children for c in t.children if c.type == "html_inline"]
    # Raw HTML: the marker, and our own folds around each gap's rationale, nothing else.
    assert [t.content.strip() for t in html_tokens if t.content.strip() not in FOLDS] == [
        "<!-- readiness-report project=hostile-text -->"
    ]
    assert inline_html == []
    rows: list[int] = []
    cells = 0
    for token in tokens:
        if token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            rows.append(cells)
        elif token.type == "table_close":
            assert len(set(rows)) == 1, rows
            rows = []
    html = parser.render(text)
    assert "<script" not in html
    assert "javascript:" not in " ".join(
        c.attrs.get("href", "")
        for t in tokens
        if t.children
        for c in t.children
        if c.type == "link_open"
    )
    assert "@everyone" not in html
    assert "@here" not in html
    assert "<h1>" in html
    assert html.count("<h1>") == 1


def test_terminal_prints_text_not_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    """The terminal report shows the name as written, without escape codes or Rich markup."""
    text = _run("terminal", monkeypatch)
    assert "<script>alert(1)</script>" in text
    assert "\x1b" not in text
    assert "\u202e" not in text  # a bidi override would make the name read differently


def test_sarif_and_json_carry_the_text_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON formats hold the user's text as data, exactly."""
    result = json.loads(_run("json", monkeypatch))
    assert result["project"]["name"].startswith("Line | 3 <script>")
    sarif = json.loads(_run("sarif", monkeypatch))
    assert sarif["version"] == "2.1.0"
    waived = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert "<script>alert(2)</script>" in waived[0]["suppressions"][0]["justification"]


def test_junit_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    """JUnit XML with hostile text still parses, with a case per check and one for the gate."""
    root = ET.fromstring(_run("junit", monkeypatch).encode("utf-8"))  # noqa: S314
    assert root.tag == "testsuites"
    from readiness.rubric import builtin_rubrics

    checks = sum(len(dimension.checks) for dimension in builtin_rubrics().dimensions)
    assert int(root.attrib["tests"]) == len(root.findall(".//testcase")) == checks + 1


def test_github_commands_cannot_be_injected(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every annotation is one line; newlines in user text cannot start a new command."""
    lines = _run("github", monkeypatch).splitlines()
    assert all(line.startswith("::") for line in lines)
    assert not any(line.startswith("::error::injected") for line in lines)
    assert any("::error file=tests/fixtures/hostile.yaml" in line for line in lines)


def test_markdown_file_and_chart_are_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The chart escapes the name as XML and parses."""
    monkeypatch.chdir(FIXTURES.parent.parent)
    result = CliRunner().invoke(
        app,
        [
            "assess",
            "tests/fixtures/hostile.yaml",
            "-o",
            str(tmp_path / "r.md"),
            "--as-of",
            "2026-11-25",
        ],
    )
    assert result.exit_code == 1
    svg = (tmp_path / "r.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg.encode("utf-8"))  # noqa: S314
    assert root.tag.endswith("svg")
    assert "<script" not in svg
