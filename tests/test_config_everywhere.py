"""`explain`, `rubrics`, `config` and `validate` read .readiness.yaml as `assess` does (issue 14):
they judge and list by the packs it names, and refuse what `assess` refuses."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.cli import app

from .conftest import SAMPLES

PACK = (
    "pack: extra\nversion: 1\ndimension: {id: funding}\nchecks:\n"
    "  - {id: FX-02, title: The project is named, severity: low, level: 1, effort: 1,"
    " path: /project/name, message: m, missing: add it, rationale: r, remediation: r,"
    " expect: {type: string}}\n"
)
TYPO = "'fundng' is not a dimension of the packs in force"


@pytest.fixture
def programme(tmp_path: Path) -> Iterator[Path]:
    """A repository with a project, a pack, and the working directory in it."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "extra.yaml").write_text(PACK, encoding="utf-8")
    sample = (SAMPLES / "weld-vision-ready.yaml").read_text(encoding="utf-8")
    (tmp_path / "weld.readiness.yaml").write_text(sample, encoding="utf-8")
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(here)


def test_explain_and_rubrics_know_the_checks_of_the_configured_packs(programme: Path) -> None:
    (programme / ".readiness.yaml").write_text("rubrics: [packs/extra.yaml]\n", encoding="utf-8")
    runner = CliRunner()
    explained = runner.invoke(app, ["explain", "FX-02", "-p", "weld.readiness.yaml"])
    assert explained.exit_code == 0, explained.output
    assert explained.stdout.startswith("FX-02  The project is named")
    assert "in weld.readiness.yaml: pass at " in explained.stdout
    listed = runner.invoke(app, ["rubrics", "-f", "json"])
    assert listed.exit_code == 0, listed.output
    assert "FX-02" in listed.stdout


@pytest.mark.parametrize(
    "command",
    [["config"], ["validate", "weld.readiness.yaml"], ["explain", "FE-01"], ["rubrics"]],
)
def test_a_band_for_no_dimension_is_refused_by_every_command(
    programme: Path, command: list[str]
) -> None:
    """`min_bands: {fundng: 2}` is refused, located, wherever `assess` would refuse it."""
    (programme / ".readiness.yaml").write_text(
        "gate:\n  min_bands: {fundng: 2}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2, result.output
    assert f".readiness.yaml:2:15: error: gate.min_bands.fundng: {TYPO}" in result.stderr
    assert "did you mean 'funding'?" in result.stderr
