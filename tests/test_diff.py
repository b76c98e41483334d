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
    assert "Funding evidence             98 → 68 (-30)  4 Verified → 1 Stated  ▼" in text
    assert "Gaps opened (4)" in text
    assert "  FE-10   blocker  funding           passes → fails" in text
    markdown = _diff(runner, WELD, _costly(tmp_path), "-f", "markdown")
    assert "| Funding evidence | **98 → 68 \\(-30\\)** | **4 Verified → 1 Stated** |" in markdown
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
    assert "verdict: Ready\nlevel: 4\nscore: 91\n" in text
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
        ('{"verdict": "ready"}\n', "error: no `format`: this is not a single project's result"),
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


# --- the published readiness-diff/1 schema ---------------------------------------------------


def _diff_schema(runner: CliRunner) -> dict[str, Any]:
    result = runner.invoke(app, ["schema", "diff"])
    assert result.exit_code == 0
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def _diff_outputs(runner: CliRunner, tmp_path: Path) -> list[str]:
    """`diff -f json` of a project that lost a band, the other way round, a saved result
    against itself, and a gap of another kind (partly met → fails): every list filled."""
    costly = _costly(tmp_path)
    saved = runner.invoke(app, ["assess", str(WELD), "--as-of", AS_OF, "-f", "json"]).stdout
    (tmp_path / "weld.json").write_text(saved, encoding="utf-8")
    outputs = [
        _diff(runner, WELD, costly, "-f", "json"),
        _diff(runner, costly, WELD, "-f", "json"),
        _diff(runner, tmp_path / "weld.json", tmp_path / "weld.json", "-f", "json"),
    ]
    from readiness.diff import render_json

    old, new = _result("partial", 3), _result("fail", 2)
    for side in (old, new):
        side["format"] = "readiness-result/1"
    outputs.append(render_json(compare(Side("old.json", old), Side("new.json", new))))
    return outputs


def test_diff_json_matches_its_published_schema(runner: CliRunner, tmp_path: Path) -> None:
    """`readiness schema diff` is a valid 2020-12 schema that every `diff -f json` output
    meets, with formats checked; a key the schema does not know is refused."""
    from jsonschema import Draft202012Validator

    schema = _diff_schema(runner)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    outputs = [json.loads(text) for text in _diff_outputs(runner, tmp_path)]
    assert any(o["opened"] for o in outputs)
    assert any(o["closed"] for o in outputs)
    assert any(o["changed"] for o in outputs)
    for output in outputs:
        assert not list(validator.iter_errors(output))
    assert list(validator.iter_errors({**outputs[0], "surprise": 1}))
    assert list(validator.iter_errors({**outputs[0], "format": "readiness-diff/2"}))


def test_diff_json_passes_the_real_check_jsonschema(runner: CliRunner, tmp_path: Path) -> None:
    """The tool a consumer would use: check-jsonschema with the published schema file."""
    import subprocess
    import sys

    checker = Path(sys.executable).parent / "check-jsonschema"
    if not checker.exists():
        pytest.skip("check-jsonschema is not installed; install it with: pip install -e '.[test]'")
    schema = tmp_path / "diff.schema.json"
    schema.write_text(json.dumps(_diff_schema(runner)), encoding="utf-8")
    instances = []
    for number, text in enumerate(_diff_outputs(runner, tmp_path)):
        instances.append(tmp_path / f"diff-{number}.json")
        instances[-1].write_text(text, encoding="utf-8")
    command = [str(checker), "--schemafile", str(schema)]
    done = subprocess.run([*command, *map(str, instances)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "broken.json"
    data = json.loads(instances[0].read_text(encoding="utf-8"))
    data["old"]["level"] = 9  # beyond the five levels
    broken.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run([*command, str(broken)], capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
