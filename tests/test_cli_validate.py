"""`readiness validate` as a user runs it: exit codes, located messages, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness import __version__
from readiness.cli import app

from .conftest import FIXTURES, FORMAT_REFERENCE, SAMPLES
from .docs_text import DOCS


def _bomb(path: Path) -> Path:
    lines = ["readiness: 1", "project: {id: a, name: b}", "a0: &a0 [lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_samples_are_valid(runner: CliRunner) -> None:
    """Every bundled sample validates."""
    samples = sorted(SAMPLES.glob("*.yaml"))
    assert len(samples) >= 3
    result = runner.invoke(app, ["validate", *map(str, samples)])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count(": valid") == len(samples)


def test_reference_validates(runner: CliRunner) -> None:
    """The annotated reference of format v1 is accepted."""
    result = runner.invoke(app, ["validate", str(FORMAT_REFERENCE)])
    assert result.exit_code == 0, result.stdout


def test_typo_gets_location_and_did_you_mean(runner: CliRunner, tmp_path: Path) -> None:
    """`system:` for `systems:` names the file, line and column and suggests the right key."""
    project = tmp_path / "p.yaml"
    project.write_text("readiness: 1\nproject: {id: a, name: b}\nsystem: []\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exit_code == 2
    assert f"{project}:3:1: error: system: unknown key 'system'" in result.stdout
    assert "did you mean 'systems'?" in result.stdout


def test_several_files_are_all_reported(runner: CliRunner, tmp_path: Path) -> None:
    """Bad files do not hide each other, and a good one is still reported valid."""
    good = tmp_path / "good.yaml"
    good.write_text("readiness: 1\nproject: {id: a, name: b}\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("readiness: 2\nproject: {id: a, name: b}\n", encoding="utf-8")
    ugly = tmp_path / "ugly.yaml"
    ugly.write_text("readiness: [\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(good), str(bad), str(ugly), "-f", "json"])
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert [f["valid"] for f in payload["files"]] == [True, False, False]
    assert payload["files"][1]["problems"][0]["line"] == 1
    assert payload["files"][2]["problems"][0]["message"].startswith("invalid YAML")


def test_directories_are_searched(runner: CliRunner, tmp_path: Path) -> None:
    """A directory stands for the readiness.yaml and *.readiness.yaml files below it."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "readiness.yaml").write_text(
        "readiness: 1\nproject: {id: a, name: b}\n", encoding="utf-8"
    )
    (tmp_path / "b.readiness.yaml").write_text("readiness: 1\n", encoding="utf-8")
    (tmp_path / "other.yaml").write_text("not: a project\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "2 files checked: 1 valid, 1 with problems" in result.stdout


def test_missing_file_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    """A path that does not exist is reported against its name, exit 2."""
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml: error: cannot read the file" in result.stdout


def test_version_and_module_entry_point() -> None:
    """`python -m readiness --version` works as the console script does."""
    result = subprocess.run(
        [sys.executable, "-m", "readiness", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"readiness {__version__}"


@pytest.mark.parametrize("kind", ["bomb", "huge"])
def test_hostile_files_are_refused_without_traceback(kind: str, tmp_path: Path) -> None:
    """An alias bomb and a 60 MB file are refused with exit 2 and one located message."""
    if kind == "bomb":
        path = _bomb(tmp_path / "bomb.yaml")
    else:
        path = tmp_path / "huge.yaml"
        with path.open("w", encoding="utf-8") as stream:
            stream.write("readiness: 1\nx-pad: '" + "a" * 60_000_000 + "'\n")
    result = subprocess.run(
        [sys.executable, "-m", "readiness", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    expected = "alias reuses" if kind == "bomb" else "over the limit of 1,048,576"
    assert expected in result.stdout
    assert f"{path}:" in result.stdout


def test_readme_example_output(
    runner: CliRunner, golden: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The broken file shown in the project-file guide gives exactly the output shown there."""
    monkeypatch.chdir(FIXTURES)
    result = runner.invoke(app, ["validate", "broken.yaml"])
    assert result.exit_code == 2
    golden("broken.validate.txt", result.stdout)
    guide = (DOCS / "project-file.md").read_text(encoding="utf-8")
    assert result.stdout in guide


def test_internal_errors_are_one_line_not_a_traceback() -> None:
    """A bug surfaces as one line and exit 3, however many lines its text has;
    READINESS_DEBUG=1 shows the traceback."""
    script = (
        "import readiness.assess as a, sys\n"
        "def boom(*a, **k): raise RuntimeError('simulated bug\\nsecond line\\nthird')\n"
        "a.assess_document = boom\n"
        "from readiness.cli import main\n"
        "sys.argv = ['readiness', 'assess', sys.argv[1]]\n"
        "main()\n"
    )
    sample = str(SAMPLES / "weld-vision-ready.yaml")
    result = subprocess.run(
        [sys.executable, "-c", script, sample], capture_output=True, text=True, check=False
    )
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1
    assert "internal error (RuntimeError: simulated bug\\nsecond line\\nthird)" in result.stderr
    assert "Traceback" not in result.stderr
    debug = subprocess.run(
        [sys.executable, "-c", script, sample],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "READINESS_DEBUG": "1"},
    )
    assert "Traceback" in debug.stderr


def test_a_bug_on_one_file_does_not_stop_a_batch() -> None:
    """`validate a b` answers for b when a meets a bug: a one-line internal error, exit 3."""
    script = (
        "import readiness.validate as v, sys\n"
        "real = v.validate_document\n"
        "def boom(doc):\n"
        "    if 'weld' in doc.file: raise RuntimeError('simulated bug')\n"
        "    return real(doc)\n"
        "v.validate_document = boom\n"
        "from readiness.cli import main\n"
        "sys.argv = ['readiness', 'validate', *sys.argv[1:]]\n"
        "main()\n"
    )
    files = [
        str(SAMPLES / "weld-vision-ready.yaml"),
        str(SAMPLES / "press-line-payback-drift.yaml"),
    ]
    result = subprocess.run(
        [sys.executable, "-c", script, *files], capture_output=True, text=True, check=False
    )
    assert result.returncode == 3
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{files[0]}: error: internal error (RuntimeError: simulated bug)")
    assert lines[1] == f"{files[1]}: valid"
    assert "Traceback" not in result.stdout + result.stderr


def _unknown_keys(path: Path, count: int) -> Path:
    body = "".join(f"unknown{i}: 1\n" for i in range(count))
    path.write_text("readiness: 1\nproject: {id: a, name: b}\n" + body, encoding="utf-8")
    return path


def test_summary_counts_the_problems_left_out_not_the_line_that_says_so(
    runner: CliRunner, tmp_path: Path
) -> None:
    """150 problems, 100 shown and one line for the other 50: the summary says 150 in all (the
    closing line is not a 101st problem); past the collection limit it says 'at least'."""
    many = _unknown_keys(tmp_path / "many.yaml", 150)
    result = runner.invoke(app, ["validate", str(many)])
    assert result.exit_code == 2
    assert "… and 50 more problems" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 file checked: 0 valid, 1 with problems (150 in all)"
    (listed,) = json.loads(runner.invoke(app, ["validate", str(many), "-f", "json"]).stdout)[
        "files"
    ]
    assert (listed["problem_count"], len(listed["problems"])) == (150, 101)
    flood = _unknown_keys(tmp_path / "flood.yaml", 1500)
    result = runner.invoke(app, ["validate", str(many), str(flood)])
    assert "… and at least 900 more problems (counting stopped)" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "2 files checked: 0 valid, 2 with problems (at least 1,150 in all)"
    )


def test_portfolio_counts_the_problems_left_out(runner: CliRunner, tmp_path: Path) -> None:
    """A portfolio's input-error row counts a capped file's problems as validate does."""
    many = _unknown_keys(tmp_path / "many.yaml", 150)
    good = tmp_path / "good.yaml"
    good.write_text("readiness: 1\nproject: {id: a, name: b}\n", encoding="utf-8")
    result = runner.invoke(app, ["assess", str(many), str(good), "-f", "json"])
    assert result.exit_code == 2
    (error,) = json.loads(result.stdout)["errors"]
    assert error["problem_count"] == 150
    assert f"{many}: could not be assessed (150 problems: " in result.stderr
