"""The example funder pack (samples/packs/): its cases pass, a broken case fails, and it changes
verdicts the way its rules say."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from readiness.assess import assess_path
from readiness.cli import app

from .conftest import FIXTURES, SAMPLES
from .test_path_to_ready import _reassess

PACK = SAMPLES / "packs" / "strict-funder.yaml"
CASES = SAMPLES / "packs" / "cases"
BROKEN = FIXTURES / "funder-cases-broken"
AS_OF = date(2026, 11, 25)


def _case_count(folder: Path) -> int:
    return sum(
        len(cases)
        for path in folder.glob("*.yaml")
        for cases in yaml.safe_load(path.read_text(encoding="utf-8")).values()
    )


def test_the_funder_pack_examples_pass(runner: CliRunner) -> None:
    """`readiness rubrics test samples/packs/cases --rubrics samples/packs/strict-funder.yaml`
    runs every example case and all pass."""
    result = runner.invoke(app, ["rubrics", "test", str(CASES), "--rubrics", str(PACK)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{_case_count(CASES)} passed, 0 failed\n"


def test_a_broken_case_is_reported_as_failing(runner: CliRunner) -> None:
    """A case that expects the wrong status fails the run (exit 1) and says where and why."""
    result = runner.invoke(app, ["rubrics", "test", str(BROKEN), "--rubrics", str(PACK)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "1 passed, 1 failed"
    assert lines[0].startswith(f"{BROKEN / 'strict-funder.yaml'}:5: FX-01 ")
    assert (
        "expected pass, got fail: the baseline period ends on 2025-09-25, 14.0 months" in (lines[0])
    )
    assert "Traceback" not in result.output


def test_the_pack_adds_disables_and_overrides(runner: CliRunner) -> None:
    """Its three checks join the funding dimension, BL-08 is gone and FE-05 is high."""
    result = runner.invoke(app, ["rubrics", "--rubrics", str(PACK), "-f", "json"])
    assert result.exit_code == 0
    checks = {row["id"]: row for row in json.loads(result.stdout)}
    assert {checks[i]["dimension"] for i in ("FX-01", "FX-02", "FX-03")} == {"funding"}
    assert "BL-08" not in checks
    assert checks["FE-05"]["severity"] == "high"


def test_the_ready_sample_is_conditional_under_the_funder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The weld-vision project, ready under the built-in packs, lacks the funder's benefits owner
    and carries a 10 % contingency: conditional, and the path to ready names just those two,
    which re-assessed with them passing is ready."""
    path = SAMPLES / "weld-vision-ready.yaml"
    assert assess_path(path, as_of=AS_OF).verdict == "ready"
    assessment = assess_path(path, as_of=AS_OF, rubric_paths=[PACK])
    assert assessment.verdict == "conditional"
    assert assessment.path_to_ready is not None
    (step,) = assessment.path_to_ready.steps
    assert (set(step.checks), step.verdict) == ({"FX-02", "FX-03"}, "ready")
    again = _reassess(path, step.checks, monkeypatch, rubric_paths=[PACK])
    assert (again.verdict, again.level) == (step.verdict, step.level)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_path_to_ready_holds_under_the_funder_pack(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the funder's rules too, closing the gaps each step names reaches what it promises."""
    assessment = assess_path(path, as_of=AS_OF, rubric_paths=[PACK])
    assert assessment.path_to_ready is not None
    closed: list[str] = []
    for step in assessment.path_to_ready.steps:
        closed += step.checks
        again = _reassess(path, closed, monkeypatch, rubric_paths=[PACK])
        assert (again.verdict, again.level) == (step.verdict, step.level)


def test_the_pack_is_documented_like_the_built_in_ones(runner: CliRunner, tmp_path: Path) -> None:
    """`readiness rubrics --format markdown --rubrics PACK` documents the funder's checks."""
    result = runner.invoke(
        app,
        ["rubrics", "--format", "markdown", "--rubrics", str(PACK), "--output-dir", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    funding = (tmp_path / "funding.md").read_text(encoding="utf-8")
    assert "## FX-03 · Every benefit has a named owner who answers for it after go-live" in funding
    assert "BL-08" not in (tmp_path / "baseline.md").read_text(encoding="utf-8")
