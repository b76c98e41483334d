"""A non-editable install carries its schemas, rubric packs and templates, and works from
any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel and unpack it into a folder of its own, as pip would install it."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(out.glob("readiness-*.whl"))
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        for needed in (
            "readiness/schemas/project.schema.json",
            "readiness/schemas/rubric.schema.json",
            "readiness/schemas/result.schema.json",
            "readiness/schemas/portfolio.schema.json",
            "readiness/rubrics/baseline.yaml",
            "readiness/rubrics/traceability.yaml",
            "readiness/report/templates/report.md.j2",
            "readiness/report/compiled/markdown.py",
            "readiness/report/compiled/html.py",
            "readiness/py.typed",
            "readiness/starter-example.yaml",
            "readiness/builtin_packs.json",
        ):
            assert needed in names, needed
        archive.extractall(target)
    return target


def test_installed_package_assesses_from_another_directory(installed: Path, tmp_path: Path) -> None:
    """Run from an unrelated directory, the installed copy finds its own packs and schemas."""
    env = {**os.environ, "PYTHONPATH": str(installed)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import readiness.rubric as r, sys; print(r.builtin_rubric_dir()); "
            "from readiness.cli import main; sys.argv = ['readiness', 'assess', sys.argv[1], "
            "'--as-of', '2026-11-25', '-f', 'markdown']; main()",
            str(SAMPLES / "weld-vision-ready.yaml"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first, _, report = result.stdout.partition("\n")
    assert Path(first).is_relative_to(installed)
    assert "# Readiness report" in report


def test_installed_package_writes_a_starting_file(installed: Path, tmp_path: Path) -> None:
    """`readiness init` from the installed copy finds its example file and schema."""
    env = {**os.environ, "PYTHONPATH": str(installed)}
    result = subprocess.run(
        [sys.executable, "-m", "readiness", "init", "new.yaml"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "# ── baseline " in (tmp_path / "new.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "project.schema.json").exists()
