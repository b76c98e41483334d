"""The gate snippets of the README and the adoption guide, run as a user would copy them: the
quick start, the baseline and the diff."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.cli import app

from .conftest import SAMPLES
from .docs_text import DOCS, README, fenced_blocks

ADOPTION = DOCS / "adoption.md"
AS_OF = "2026-11-25"


def run(runner: CliRunner, line: str) -> tuple[int, str, str]:
    """One `readiness …` command line from the documentation, with the date fixed."""
    words = shlex.split(line)
    assert words[0] == "readiness"
    result = runner.invoke(app, [*words[1:], "--as-of", AS_OF])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def programme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with three projects under projects/, as the guides' snippets assume."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "projects").mkdir()
    for sample, name in (
        ("weld-vision-ready", "weld"),
        ("packaging-oee-conditional", "packaging"),
        ("press-line-payback-drift", "press"),
    ):
        text = (SAMPLES / f"{sample}.yaml").read_text(encoding="utf-8")
        (tmp_path / "projects" / f"{name}.readiness.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(SAMPLES / "evidence", tmp_path / "projects" / "evidence")  # files they cite
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_adopt_on_an_existing_programme(runner: CliRunner, programme: Path) -> None:
    """Save, gate (passes though one project is not ready), lose a band (fails as shown)."""
    commands = fenced_blocks(ADOPTION, "sh")[0]
    save, gate = commands.strip().splitlines()
    failed, passed = fenced_blocks(ADOPTION, "text")[:2]
    assert run(runner, save)[0] == 0
    assert run(runner, gate)[::2] == (0, passed)
    weld = programme / "projects" / "weld.readiness.yaml"
    weld.write_text(
        weld.read_text(encoding="utf-8").replace("  capex: 1070000", "  capex: 4070000"),
        encoding="utf-8",
    )
    assert run(runner, gate)[::2] == (1, failed)


def test_readme_diff_example(runner: CliRunner, programme: Path) -> None:
    """The console example, from a saved result to the edited file, up to its `…`."""
    (console,) = fenced_blocks(ADOPTION, "console")
    command, expected = console.split("\n", 1)
    saved = run(runner, "readiness assess projects/weld.readiness.yaml -f json")
    Path("last-quarter.json").write_text(saved[1], encoding="utf-8")
    weld = programme / "projects" / "weld.readiness.yaml"
    weld.write_text(
        weld.read_text(encoding="utf-8").replace("  capex: 1070000", "  capex: 4070000"),
        encoding="utf-8",
    )
    words = shlex.split(command.removeprefix("$ "))
    result = runner.invoke(app, words[1:])
    assert result.exit_code == 0
    shown = expected.split("…", 1)[0]
    assert result.stdout.startswith(shown)
    assert json.loads(saved[1])["verdict"] == "ready"


def test_quick_start_as_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's first commands, in an empty folder: a starting file, then a report and an
    annex, and the gate line the README describes (exit 1, not ready)."""
    monkeypatch.chdir(tmp_path)
    (commands,) = fenced_blocks(README, "sh", "## Quick start: from nothing to a first report")
    init, assess = (shlex.split(line, comments=True) for line in commands.strip().splitlines())
    assert init[:2] == ["readiness", "init"]
    assert runner.invoke(app, init[1:]).exit_code == 0
    result = runner.invoke(app, assess[1:])
    assert "Traceback" not in result.output
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("gate: FAILED: verdict is not_ready")
    assert Path("annex.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.fixture
def git_programme(tmp_path: Path) -> Path:
    """A real git repository: `main` holds the projects (and `as_of`); a pull-request branch
    is checked out, with the weld project slipped in the working tree."""
    repo = tmp_path / "repo"
    (repo / "projects").mkdir(parents=True)
    for sample, name in (("weld-vision-ready", "weld"), ("press-line-payback-drift", "press")):
        text = (SAMPLES / f"{sample}.yaml").read_text(encoding="utf-8")
        (repo / "projects" / f"{name}.readiness.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(SAMPLES / "evidence", repo / "projects" / "evidence")
    (repo / ".readiness.yaml").write_text(f"as_of: {AS_OF}\n", encoding="utf-8")
    script = (
        "git init -q -b main && git add . && git -c user.name=t -c user.email=t@e commit -qm p"
        " && git checkout -q -b pull-request"
    )
    assert _shell(script, repo).returncode == 0
    weld = repo / "projects" / "weld.readiness.yaml"
    weld.write_text(
        weld.read_text(encoding="utf-8").replace("  capex: 1070000", "  capex: 4070000"),
        encoding="utf-8",
    )
    return repo


def _shell(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A documented shell block, run by bash with this interpreter's readiness first on PATH."""
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GIT_CONFIG_GLOBAL": os.devnull,
        **env,
    }
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=cwd, env=environment, capture_output=True, text=True
    )


def test_gate_against_the_target_branch_as_the_guide_shows(git_programme: Path) -> None:
    """`--base` with the target branch checked out beside: the slipped project fails."""
    block = fenced_blocks(ADOPTION, "sh")[1]
    target = _shell("git rev-parse HEAD", git_programme).stdout.strip()
    done = _shell(block, git_programme, TARGET_COMMIT=target)
    assert done.returncode == 1, done.stderr
    failed = "gate: FAILED: projects/weld.readiness.yaml (owner: S. Mensah): funding band fell"
    assert failed in done.stderr


def test_diff_against_the_target_branch_as_the_guide_shows(git_programme: Path) -> None:
    """The file diffed in place in a checkout keeps its evidence: no warning, only the change."""
    block = fenced_blocks(ADOPTION, "sh")[2]
    done = _shell(block, git_programme)
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
    assert "Funding evidence" in done.stdout
    assert "Baseline clarity             97             4 Verified" in done.stdout
