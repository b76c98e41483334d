"""Smaller holes on the gate's path (issue 14, Why point 7): workflow commands through
`readiness diff`, raw controls in its JSON, and exit 3 from data. Each test failed before."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.cli import app

from .actions_runner import commands

SAMPLES = Path(__file__).parent.parent / "samples"
AS_OF = "2026-11-25"
FORGED_NAME = "Forged ##[error]legacy\n::error::from the name \x85\x9b31m \x7f \u202eevil\u202c"


def _result(tmp_path: Path, name: str, edit: tuple[str, str] | None = None) -> Path:
    """A result file of the weld sample (its evidence beside it), edited if asked."""
    if not (tmp_path / "evidence").exists():
        shutil.copytree(SAMPLES / "evidence", tmp_path / "evidence")
    text = (SAMPLES / "weld-vision-ready.yaml").read_text(encoding="utf-8")
    if edit is not None:
        text = text.replace(*edit, 1)
    project = tmp_path / f"{name}.yaml"
    project.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.json"
    result = CliRunner().invoke(
        app, ["assess", str(project), "--as-of", AS_OF, "-f", "json", "-o", f"json={out}"]
    )
    assert result.exit_code in (0, 1), result.output
    return out


def _forge(path: Path) -> None:
    """A result file whose user text carries workflow commands and raw controls, as a forged
    or hostile result would: the check id, the title and the message of an opened gap too."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["project"]["name"] = FORGED_NAME
    for finding in data["findings"]:
        if finding["check"] == "FE-10":
            finding["title"] = FORGED_NAME
            finding["message"] = FORGED_NAME
            finding["check"] = "::error::forged-check"
    path.write_text(json.dumps(data), encoding="utf-8")


def _diff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readiness", "diff", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("fmt", ["terminal", "json", "markdown"])
def test_diff_starts_no_workflow_command(tmp_path: Path, fmt: str) -> None:
    """`readiness diff` printed a forged result's text as it was: `##[error]` anywhere and a
    line starting `::error` are commands to GitHub's runner."""
    old = _result(tmp_path, "old")
    new = _result(tmp_path, "new", ("  capex: 1070000", "  capex: 4070000"))
    _forge(new)
    done = _diff(str(old), str(new), "-f", fmt)
    assert done.returncode in (0, 1), done.stderr
    assert commands(done.stdout) == []
    assert commands(done.stderr) == []


def test_diff_json_escapes_raw_controls(tmp_path: Path) -> None:
    """C1 controls (U+009B starts a terminal escape), DEL and RLO came out raw; now as
    `\\uXXXX` escapes that parse back to the same text."""
    old = _result(tmp_path, "old")
    new = _result(tmp_path, "new", ("  capex: 1070000", "  capex: 4070000"))
    _forge(new)
    done = _diff(str(old), str(new), "-f", "json")
    assert done.returncode == 0, done.stderr
    for raw in ("\x85", "\x9b", "\x7f", "\u202e"):
        assert raw not in done.stdout
    assert "\\u009b" in done.stdout
    opened = json.loads(done.stdout)["opened"]
    assert FORGED_NAME in [change["message"] for change in opened]


def test_a_4300_digit_integer_in_a_result_file_is_an_input_error(tmp_path: Path) -> None:
    """Python refuses to turn more than 4,300 digits into an int: exit 3 and 'a bug in
    readiness' before, a located input error now."""
    old = _result(tmp_path, "old")
    text = old.read_text(encoding="utf-8")
    huge = tmp_path / "huge.json"
    huge.write_text(text.replace('"level": ', '"level": ' + "9" * 4301 + ', "x": ', 1))
    done = _diff(str(huge), str(old))
    assert done.returncode == 2, done.stderr
    assert "bug" not in done.stderr
    assert str(huge) in done.stderr


def test_a_4300_digit_integer_in_a_baseline_is_an_input_error(tmp_path: Path) -> None:
    """The same in a baseline file given to `assess --baseline`."""
    baseline = tmp_path / "baseline.json"
    saved = CliRunner().invoke(
        app,
        ["baseline", "save", str(SAMPLES / "weld-vision-ready.yaml"), "-o", str(baseline)],
    )
    assert saved.exit_code == 0, saved.output
    text = baseline.read_text(encoding="utf-8").replace('"level": ', '"level": ' + "7" * 4400, 1)
    baseline.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "readiness",
            "assess",
            str(SAMPLES / "weld-vision-ready.yaml"),
            "--baseline",
            str(baseline),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "bug" not in done.stderr
    assert f"{baseline}:" in done.stderr


@pytest.mark.parametrize("as_of", ["9998-12-15", "9999-06-01", "9999-12-31"])
def test_an_as_of_near_the_end_of_the_calendar_is_no_crash(as_of: str) -> None:
    """A waiver's longest term ran past year 9999: `year 10000 is out of range`, exit 3."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "readiness",
            "assess",
            str(SAMPLES / "weld-vision-ready.yaml"),
            "--as-of",
            as_of,
            "-f",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr


def test_a_usage_error_does_not_echo_a_configuration_outputs_entry_as_a_command(
    tmp_path: Path,
) -> None:
    """An `outputs` entry of the configuration is echoed in the usage error: a line break and
    `::error` in it started a workflow command of the pull request's choosing."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".readiness.yaml").write_text(
        'outputs: ["x\\n::error::forged by the configuration ##[error]legacy.txt"]\n',
        encoding="utf-8",
    )
    shutil.copy(SAMPLES / "weld-vision-ready.yaml", tmp_path / "weld.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "assess", "weld.yaml"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert "cannot tell the format" in done.stderr
    assert commands(done.stderr) == []
    assert commands(done.stdout) == []


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x85"])
def test_a_line_break_only_libyaml_sees_is_refused_located(tmp_path: Path, brk: str) -> None:
    """In a `#` comment, U+2028, U+2029 or NEL ended the comment for libyaml (YAML 1.2 reads
    on): a waiver "in a comment" was live. Refused now, on its line; in quotes it is text."""
    text = (SAMPLES / "weld-vision-ready.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    lines.insert(2, f"# a note{brk}x-hidden: 1\n")
    path = tmp_path / "p.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:3:9: " in result.stderr + result.stdout
    quoted = "".join(lines).replace(f"# a note{brk}x-hidden: 1\n", f'x-note: "a{brk}b"\n')
    path.write_text(quoted, encoding="utf-8")
    assert CliRunner().invoke(app, ["validate", str(path)]).exit_code == 0


def _programme(tmp_path: Path, config: str) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "projects").mkdir()
    for name in ("weld-vision-ready", "press-line-payback-drift"):
        shutil.copy(SAMPLES / f"{name}.yaml", tmp_path / "projects" / f"{name}.readiness.yaml")
    (tmp_path / ".readiness.yaml").write_text(config, encoding="utf-8")
    return tmp_path


def _assess_in(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readiness", "assess", "projects", "--as-of", AS_OF, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        cwd=root,
    )


def test_a_gate_loosened_by_configuration_is_named_in_the_reports(tmp_path: Path) -> None:
    """`fail_on: never` changed the exit code while every report stayed byte-identical."""
    root = _programme(tmp_path, "gate: {fail_on: never}\nwaivers: {allow_blockers: true}\n")
    done = _assess_in(root, "-o", "junit=out.xml", "-o", "sarif=out.sarif", "-f", "github")
    assert done.returncode == 0, done.stderr
    assert "gate setting: gate.fail_on: never (from .readiness.yaml:1)" in done.stderr
    assert "gate setting: waivers.allow_blockers: true (from .readiness.yaml:2)" in done.stderr
    first = commands(done.stdout)[0]
    assert "Gate settings in force: gate.fail_on: never (from .readiness.yaml:1)" in first.data
    assert "gate.fail_on: never (from .readiness.yaml:1)" in (root / "out.xml").read_text()
    sarif = json.loads((root / "out.sarif").read_text(encoding="utf-8"))
    settings = sarif["runs"][0]["properties"]["gate"]["settings"]
    assert "gate.fail_on: never (from .readiness.yaml:1)" in settings


def _baseline(root: Path, edit: tuple[str, str]) -> None:
    saved = subprocess.run(
        [
            sys.executable,
            "-m",
            "readiness",
            "baseline",
            "save",
            "projects",
            "--as-of",
            AS_OF,
            "-o",
            "baseline.json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        cwd=root,
    )
    assert saved.returncode == 0, saved.stderr
    path = root / "baseline.json"
    path.write_text(path.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('"version": "', '"version": "0.0.1-'), "saved by readiness 0.0.1-"),
        (('"as_of": "2026-11-25"', '"as_of": "1990-01-01"'), "older than the programme's 90-day"),
        (('"as_of": "2026-11-25"', '"as_of": "2027-01-01"'), "after the run's as-of date"),
    ],
)
def test_a_forged_or_stale_baseline_is_refused_located(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    """Another tool version, as of 1990, or a date after the run: accepted silently before,
    and it opened the gate. Refused by default (exit 2, on its line); flagged on request."""
    root = _programme(tmp_path, "gate: {fail_on: not_ready}\n")
    _baseline(root, edit)
    done = _assess_in(root, "--baseline", "baseline.json")
    assert done.returncode == 2, done.stderr
    assert "baseline.json:" in done.stderr
    assert message in done.stderr
    (root / ".readiness.yaml").write_text("gate: {baseline_problems: flag}\n", encoding="utf-8")
    flagged = _assess_in(root, "--baseline", "baseline.json")
    assert flagged.returncode in (0, 1), flagged.stderr
    assert "warning: baseline flagged" in flagged.stderr
    assert "gate setting: baseline flagged: " in flagged.stderr
    assert message in flagged.stderr


def test_a_baseline_record_without_bands_is_refused(tmp_path: Path) -> None:
    """A project record with no bands could never be seen to slip a band."""
    root = _programme(tmp_path, "gate: {fail_on: not_ready}\n")
    _baseline(root, ("", ""))
    path = root / "baseline.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["projects"]["press-line-b-monitoring"]["bands"] = {}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    done = _assess_in(root, "--baseline", "baseline.json")
    assert done.returncode == 2, done.stderr
    assert "the record of 'press-line-b-monitoring' has no bands" in done.stderr
