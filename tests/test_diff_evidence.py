"""`readiness diff OLD NEW` with OLD copied out of its checkout (`git show main:x > /tmp/x`):
the evidence it cites is not found from there, and the diff would report changes that never
happened. It says so, and how to diff against the target branch instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.cli import app

from .conftest import SAMPLES


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.copy(SAMPLES / "weld-vision-ready.yaml", repo / "weld.readiness.yaml")
    shutil.copytree(SAMPLES / "evidence", repo / "evidence")
    monkeypatch.chdir(repo)
    return repo


def _diff(old: Path | str, new: str) -> str:
    result = CliRunner().invoke(app, ["diff", str(old), new, "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    return result.output


def test_an_old_file_copied_away_from_its_evidence_is_warned_about(
    checkout: Path, tmp_path: Path
) -> None:
    old = tmp_path / "weld-on-main.yaml"
    shutil.copy(checkout / "weld.readiness.yaml", old)
    output = _diff(old, "weld.readiness.yaml")
    assert "warning:" in output
    assert "evidence/mes-hall-a-2026-w02-w17.csv" in output
    assert "git worktree add" in output


def test_an_old_file_beside_its_evidence_gets_no_warning(checkout: Path) -> None:
    shutil.copy(checkout / "weld.readiness.yaml", checkout / "old.readiness.yaml")
    assert "warning:" not in _diff("old.readiness.yaml", "weld.readiness.yaml")
