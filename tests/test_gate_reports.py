"""What reviewers see first is what failed the gate: GitHub's display limits, JUnit and SARIF
under a gate and a baseline (issue 14, points 3 and 6)."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.assess import assess_path
from readiness.baseline import project_baseline, slips
from readiness.cli import app
from readiness.portfolio import PortfolioRun
from readiness.portfolio_run import run_portfolio
from readiness.report import github, github_portfolio
from readiness.rubric import builtin_rubrics

from .actions_runner import Command, commands

SAMPLES = Path(__file__).parent.parent / "samples"
AS_OF = "2026-11-25"


@pytest.fixture
def crowded(tmp_path: Path) -> Path:
    """26 projects: 25 conditional ones whose gate passes, each with a high gap (an `error`
    before), and last in file order a new not-ready project that fails the gate."""
    folder = tmp_path / "projects"
    folder.mkdir()
    shutil.copytree(SAMPLES / "evidence", tmp_path / "evidence")
    text = (SAMPLES / "packaging-oee-conditional.yaml").read_text(encoding="utf-8")
    for number in range(25):
        copy = text.replace("id: bp-lines-e-changeover", f"id: bp-lines-{number:02d}", 1)
        (folder / f"a{number:02d}.readiness.yaml").write_text(copy, encoding="utf-8")
    failing = (SAMPLES / "plant-twin-tech-first.yaml").read_text(encoding="utf-8")
    (folder / "zz-twin.readiness.yaml").write_text(failing, encoding="utf-8")
    return folder


def _shown(output: str) -> list[Command]:
    """The annotations GitHub shows of one step: the first 10 of each level (actions/toolkit
    docs/problem-matchers.md, "Limitations": 10 errors, 10 warnings, 10 notices per step)."""
    seen: dict[str, int] = {}
    shown = []
    for command in commands(output):
        if command.name in ("error", "warning", "notice"):
            seen[command.name] = seen.get(command.name, 0) + 1
            if seen[command.name] <= github.SHOWN_PER_LEVEL:
                shown.append(command)
    return shown


def test_the_gate_and_the_failing_project_are_shown_within_githubs_limits(
    crowded: Path,
) -> None:
    """Before, 25 passing projects printed their high gaps as errors first: the ten errors
    GitHub shows belonged to projects whose gate passed, and the failing project and the
    gate's own notice were never shown."""
    result = CliRunner().invoke(app, ["assess", str(crowded), "-f", "github", "--as-of", AS_OF])
    assert result.exit_code == 1
    shown = [c for c in _shown(result.stdout) if c.name == "error"]
    assert shown[0].properties.get("title") == "readiness gate"
    assert "gate failed for 1" in shown[0].data
    files = {c.properties.get("file") for c in shown[1:]}
    assert files == {str(crowded / "zz-twin.readiness.yaml")}
    assert any(
        "failed the gate (owner: J. Hartley)" in c.properties.get("title", "") for c in shown
    )
    every = [c for c in commands(result.stdout) if c.name == "error"]
    assert all(c.properties.get("file") != str(crowded / "a00.readiness.yaml") for c in every)


def test_the_summary_counts_the_annotations_github_leaves_out(crowded: Path) -> None:
    """The note's counts are the ones printed, beyond ten of each level."""
    out = io.StringIO()
    run = PortfolioRun(as_of=date.fromisoformat(AS_OF), rubrics=builtin_rubrics())
    files = sorted(crowded.glob("*.yaml"))
    summary = run_portfolio(files, run, [("github", out)], jobs=1)
    printed = github.level_counts(out.getvalue().splitlines())
    assert printed[0] > 10 or printed[1] > 10
    note = github_portfolio.hidden_annotations_note(summary, "the step's log")
    hidden = github.hidden_annotations(printed)
    assert note.startswith("GitHub shows 10 annotations of each level per step (50 per job): ")
    for number, level in zip(hidden, ("error", "warning", "notice"), strict=True):
        if number:
            assert f"{number} {level}" in note
    assert note.endswith("every annotation is in the step's log.")
    assert github_portfolio.hidden_annotations_note(summary.of(summary.rows[-1:]), "x") == ""


def test_a_band_that_fell_names_the_checks_the_baseline_never_saw() -> None:
    """A band that fell through checks the baseline never evaluated (a pack added since)
    named no check: now the gaps that keep it under its old band are named."""
    assessment = assess_path(
        SAMPLES / "press-line-payback-drift.yaml",
        as_of=date.fromisoformat(AS_OF),
        rubrics=builtin_rubrics(),
    )
    recorded = project_baseline(assessment)
    integration = next(d for d in assessment.dimensions if d.id == "integration")
    assert integration.band is not None
    unseen = {
        f.check for f in assessment.findings if f.dimension == "integration" and f.status != "pass"
    }
    recorded = replace(
        recorded,
        bands={**recorded.bands, "integration": integration.band + 2},
        checks={k: v for k, v in recorded.checks.items() if k not in unseen},
    )
    slipped = slips(recorded, assessment)
    (reason,) = [r for r in slipped.reasons if r.startswith("integration band fell")]
    assert "(not in the baseline)" in reason
    assert slipped.checks
    assert set(slipped.checks) <= unseen


def test_sarif_uris_are_relative_to_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a subfolder, a project's URI still resolves from the repository root, where
    code scanning looks for it."""
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "programme"
    sub.mkdir()
    shutil.copy(SAMPLES / "weld-vision-ready.yaml", sub / "weld.yaml")
    monkeypatch.chdir(sub)
    result = CliRunner().invoke(app, ["assess", "weld.yaml", "-f", "sarif", "--as-of", AS_OF])
    log = json.loads(result.stdout)
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
        for location in r["locations"]
    }
    assert uris == {"programme/weld.yaml"}
