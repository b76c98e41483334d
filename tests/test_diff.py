"""`readiness diff OLD NEW`: what changed between two assessments, matched by id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from readiness.cli import app
from readiness.diff import Side, compare, render_markdown, render_text

from .conftest import FIXTURES, SAMPLES

AS_OF = "2026-11-25"
WELD = SAMPLES / "weld-vision-ready.yaml"


def _diff(runner: CliRunner, old: Path, new: Path, *args: str) -> str:
    result = runner.invoke(app, ["diff", str(old), str(new), "--as-of", AS_OF, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _costly(tmp_path: Path) -> Path:
    """The ready weld project with its capex quadrupled: funding falls from band 4 to 1. Its
    evidence files come along (evidence that cannot be found would count for nothing)."""
    text = WELD.read_text(encoding="utf-8").replace("  capex: 1070000", "  capex: 4070000", 1)
    path = tmp_path / "weld-costly.yaml"
    path.write_text(text, encoding="utf-8")
    if not (tmp_path / "evidence").exists():
        shutil.copytree(SAMPLES / "evidence", tmp_path / "evidence")
    return path


def test_diff_of_two_project_files(runner: CliRunner, tmp_path: Path) -> None:
    """Verdict, level, score, the dimension that moved, and the gaps opened, worst first."""
    data = json.loads(_diff(runner, WELD, _costly(tmp_path), "-f", "json"))
    assert data["format"] == "readiness-diff/1"
    assert (data["old"]["verdict"], data["new"]["verdict"]) == ("ready", "not_ready")
    assert (data["old"]["level"], data["new"]["level"]) == (4, 1)
    funding = next(d for d in data["dimensions"] if d["id"] == "funding")
    assert (funding["old_band"], funding["new_band"]) == (4, 1)
    assert [c["check"] for c in data["opened"]] == ["FE-10", "FE-04", "FE-09", "FE-05"]
    assert data["opened"][0]["where"].endswith("weld-costly.yaml:185")
    assert data["closed"] == data["changed"] == []


def test_terminal_and_markdown(runner: CliRunner, tmp_path: Path) -> None:
    """The terminal marks the dimension that fell; Markdown bolds it; gaps say where."""
    text = _diff(runner, WELD, _costly(tmp_path))
    assert "verdict: Ready → Not ready" in text
    assert "Funding evidence             97 → 62 (-35)  4 Verified → 1 Stated  ▼" in text
    assert "Gaps opened (4)" in text
    assert "  FE-10   blocker  funding           passes → fails" in text
    markdown = _diff(runner, WELD, _costly(tmp_path), "-f", "markdown")
    assert "| Funding evidence | **97 → 62 \\(-35\\)** | **4 Verified → 1 Stated** |" in markdown
    assert "### Gaps closed (0)\n\nNone." in markdown


def test_the_other_way_closes_the_gaps(runner: CliRunner, tmp_path: Path) -> None:
    """Fixing the capex closes the four gaps the edit opened."""
    data = json.loads(_diff(runner, _costly(tmp_path), WELD, "-f", "json"))
    assert [c["check"] for c in data["closed"]] == ["FE-10", "FE-04", "FE-09", "FE-05"]
    assert data["opened"] == []


def test_a_saved_result_against_a_project_file(runner: CliRunner, tmp_path: Path) -> None:
    """Last quarter's JSON result against today's file gives the same diff as two files."""
    saved = tmp_path / "last-quarter.json"
    result = runner.invoke(app, ["assess", str(WELD), "--as-of", AS_OF, "-o", f"json={saved}"])
    assert result.exit_code == 0
    from_files = json.loads(_diff(runner, WELD, _costly(tmp_path), "-f", "json"))
    from_result = json.loads(_diff(runner, saved, _costly(tmp_path), "-f", "json"))
    assert from_result["old"]["source"] == str(saved)
    for key in ("dimensions", "closed", "opened", "changed"):
        assert from_result[key] == from_files[key]


def test_no_change_is_said_plainly(runner: CliRunner) -> None:
    """The same file twice: nothing moved."""
    text = _diff(runner, WELD, WELD)
    assert "verdict: Ready\nlevel: 4\nscore: 90\n" in text
    assert "▲" not in text
    assert "▼" not in text
    assert "Gaps opened (0)" in text


def _result(status: str, band: int) -> dict[str, Any]:
    finding = {
        "check": "KR-02",
        "title": "Know-how held by two",
        "dimension": "knowledge",
        "severity": "high",
        "status": status,
        "message": "one holder",
        "location": {"file": "p.yaml", "line": 9, "column": 1},
    }
    return {
        "project": {"id": "p", "name": "P"},
        "as_of": AS_OF,
        "verdict": "conditional",
        "level": band,
        "score": 80.0,
        "dimensions": [{"id": "knowledge", "title": "Knowledge risk", "score": 80.0, "band": band}],
        "findings": [finding],
    }


def test_a_gap_of_another_kind_is_changed_not_opened() -> None:
    """Partly met → fails is listed as changed; both sides match by check id."""
    diff = compare(Side("old", _result("partial", 3)), Side("new", _result("fail", 2)))
    assert [c.check for c in diff.changed] == ["KR-02"]
    assert diff.opened == diff.closed == ()
    assert "  KR-02   high     knowledge         partly met → fails" in render_text(diff)


def test_two_different_projects_are_flagged() -> None:
    """Comparing two projects is allowed, and said."""
    other = _result("fail", 2)
    other["project"] = {"id": "q", "name": "Q"}
    diff = compare(Side("old", _result("fail", 2)), Side("new", other))
    assert "note: these are two projects (p and q)" in render_text(diff)


def test_user_text_is_escaped(runner: CliRunner, tmp_path: Path) -> None:
    """A hostile project name cannot break the Markdown or the terminal."""
    hostile = FIXTURES / "hostile.yaml"
    markdown = _diff(runner, hostile, hostile, "-f", "markdown")
    assert "<script>" not in markdown
    assert "@everyone" not in markdown
    assert "\u202e" not in markdown
    text = _diff(runner, hostile, hostile)
    assert "\u202e" not in text
    assert "\x1b" not in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "readiness-portfolio/1"}\n', "is not a single project's result"),
        ('{"format": "readiness-result/1", "verdict": "maybe"}\n', "missing required key"),
        ("{not json\n", "invalid JSON: Expecting property name enclosed in double quotes"),
    ],
)
def test_a_file_that_is_not_a_result_is_an_input_error(
    runner: CliRunner, tmp_path: Path, text: str, message: str
) -> None:
    """Exit 2, located, nothing printed on standard output."""
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["diff", str(bad), str(WELD), "--as-of", AS_OF])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:1:")
    assert message in result.stderr
    assert result.stdout == ""


def test_markdown_renders_without_a_cli() -> None:
    """The renderers are pure functions of the diff."""
    diff = compare(Side("old", _result("pass", 3)), Side("new", _result("fail", 2)))
    text = render_markdown(diff)
    assert text.startswith("## Readiness diff: P\n")
    assert "### Gaps opened (1)" in text
