"""Nothing the author writes loosens the gate unseen (issue 14, point 4): the Markdown, HTML,
JSON and terminal reports, of one project and of a portfolio, name the gate's outcome, each
setting that differs from the defaults with where it came from, and the baseline in force.
Before, `gate: {fail_on: never}` turned a failing gate into a pass while these reports stayed
byte-identical, and a `-o terminal=PATH` report said nothing of the gate at all."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.cli import app
from readiness.report import html, json_result, markdown, terminal
from tests.report_fixtures import sample_assessment

SAMPLES = Path(__file__).parent.parent / "samples"
AS_OF = "2026-11-25"
LOOSENED = "gate: {fail_on: never}\n"
FORMATS = {"markdown": "md", "html": "html", "json": "json", "terminal": "txt"}
# How each format writes the loosened setting and the baseline.
NAMED = {
    "markdown": ("`gate.fail_on`: never (from `.readiness.yaml:1`)", "baseline: `base.json` \\("),
    "html": ("gate.fail_on: never (from .readiness.yaml:1)", "baseline: base.json ("),
    "json": ("gate.fail_on: never (from .readiness.yaml:1)", "baseline: base.json ("),
    "terminal": ("gate.fail_on: never (from .readiness.yaml:1)", "baseline: base.json ("),
}


def _programme(root: Path, config: str | None, *, portfolio: bool) -> Path:
    """A repository holding the not-ready press-line sample (and, for a portfolio, the ready
    weld sample beside it), with `config` as its `.readiness.yaml`; the path to assess."""
    (root / ".git").mkdir(parents=True)
    shutil.copytree(SAMPLES / "evidence", root / "evidence")
    folder = root / "projects"
    folder.mkdir()
    shutil.copy(SAMPLES / "press-line-payback-drift.yaml", folder / "press.readiness.yaml")
    if portfolio:
        shutil.copy(SAMPLES / "weld-vision-ready.yaml", folder / "weld.readiness.yaml")
    if config is not None:
        (root / ".readiness.yaml").write_text(config, encoding="utf-8")
    return folder if portfolio else folder / "press.readiness.yaml"


def _report(
    root: Path, target: Path, fmt: str, monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str]:
    """Assess from `root` (where the configuration is found), writing `fmt` to a file."""
    monkeypatch.chdir(root)
    out = root / f"out.{FORMATS[fmt]}"
    path = str(target.relative_to(root))
    result = CliRunner().invoke(
        app, ["assess", path, "--as-of", AS_OF, "-o", f"{fmt}={out.name}", *args]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, out.read_text(encoding="utf-8")


@pytest.mark.parametrize("portfolio", [False, True], ids=["single", "portfolio"])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_gate_loosened_by_configuration_changes_every_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, portfolio: bool
) -> None:
    """`fail_on: never` beside a not-ready project: the gate passes, and the report differs
    from the default run's, naming the setting and the configuration line it came from."""
    default_root, loose_root = tmp_path / "default", tmp_path / "loose"
    default_code, default = _report(
        default_root, _programme(default_root, None, portfolio=portfolio), fmt, monkeypatch
    )
    loose_code, loose = _report(
        loose_root, _programme(loose_root, LOOSENED, portfolio=portfolio), fmt, monkeypatch
    )
    assert (default_code, loose_code) == (1, 0)
    assert loose != default
    assert NAMED[fmt][0] in loose
    assert NAMED[fmt][0] not in default
    if fmt == "json":
        data = json.loads(loose)
        gate = data["summary"]["gate"] if portfolio else data["gate"]
        assert gate["passed"] is True
        assert "gate.fail_on: never (from .readiness.yaml:1)" in gate["settings"]
        assert gate["baseline"] is None
        before = json.loads(default)
        before_gate = before["summary"]["gate"] if portfolio else before["gate"]
        assert before_gate["passed"] is False
        assert before_gate["reasons"]


@pytest.mark.parametrize("portfolio", [False, True], ids=["single", "portfolio"])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_report_names_the_baseline_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, portfolio: bool
) -> None:
    """`--baseline FILE`: the report names the file, the version that saved it, its as-of
    date and its age."""
    target = _programme(tmp_path, None, portfolio=portfolio)
    monkeypatch.chdir(tmp_path)
    path = str(target.relative_to(tmp_path))
    saved = CliRunner().invoke(app, ["baseline", "save", path, "--as-of", AS_OF, "-o", "base.json"])
    assert saved.exit_code == 0, saved.output
    _, text = _report(tmp_path, target, fmt, monkeypatch, "--baseline", "base.json")
    assert NAMED[fmt][1] in text
    assert f"as of {AS_OF}, 0 days old" in " ".join(text.split())  # the terminal wraps
    if fmt == "json":
        data = json.loads(text)
        gate = data["summary"]["gate"] if portfolio else data["gate"]
        assert gate["baseline"].startswith("base.json (readiness ")
        assert any(line.startswith("baseline: base.json") for line in gate["settings"])


def test_the_default_gate_is_named_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing changed, the reports say the defaults are in force, in one line."""
    root = tmp_path / "p"
    target = _programme(root, None, portfolio=False)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["assess", str(target.relative_to(root)), "-f", "markdown"])
    assert result.exit_code == 1
    assert "**Gate:** FAILED: verdict is not\\_ready" in result.stdout
    assert "- default settings \\(fail on a not\\_ready verdict; no baseline\\)\n" in result.stdout


def test_a_report_no_gate_judged_says_nothing_of_a_gate() -> None:
    """A library caller's assessment (no gate judged it): no gate part, a null JSON gate."""
    assessment = sample_assessment()
    assert assessment.gate is None
    assert "Gate" not in markdown.render(assessment)
    assert "Gate settings" not in html.render(assessment)
    assert "gate settings" not in terminal.render(assessment)
    assert json.loads(json_result.render(assessment))["gate"] is None


HOSTILE = "[x](javascript:alert(1)) <b>boss</b> ::error::pwned"


def test_settings_from_the_configuration_are_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A setting's value comes from the configuration: it stays text in Markdown and HTML."""
    config = "waivers:\n  approvers: [" + json.dumps(HOSTILE) + "]\n"
    root = tmp_path / "p"
    target = _programme(root, config, portfolio=False)
    _, text = _report(root, target, "markdown", monkeypatch)
    assert "](javascript" not in text
    assert "<b>" not in text
    assert "`waivers.approvers`: " in text
    _, page = _report(root, target, "html", monkeypatch)
    assert "<b>boss" not in page
    assert "&lt;b&gt;boss&lt;/b&gt;" in page


def test_the_terminal_report_shows_the_gate_under_the_verdict() -> None:
    """The gate line and the settings sit under the verdict, where the report is read first."""
    from readiness.gate import GateInForce, GateResult

    gate = GateResult(
        passed=True,
        reasons=(),
        in_force=GateInForce(changed=(("gate.fail_on", "never", ".readiness.yaml:1"),)),
    )
    text = terminal.render(replace(sample_assessment(), gate=gate))
    lines = text.splitlines()
    verdict = next(i for i, line in enumerate(lines) if line.startswith("Verdict: "))
    assert lines[verdict + 3] == "gate: passed"
    assert lines[verdict + 4] == "gate settings: gate.fail_on: never (from .readiness.yaml:1)"


def test_a_checkout_baseline_is_named_with_only_its_folder_as_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `--base DIR` the baseline is the target branch's checkout: Markdown puts the folder,
    not the whole phrase, in a code span, and every format says it is a checkout."""
    target = _programme(tmp_path, None, portfolio=False)
    base = tmp_path / "base"
    base.mkdir()
    shutil.copytree(tmp_path / "projects", base / "projects")
    shutil.copytree(SAMPLES / "evidence", base / "evidence")
    _, text = _report(tmp_path, target, "markdown", monkeypatch, "--base", "base")
    assert "baseline: the target branch's checkout `base` \\(" in text
    _, text = _report(tmp_path, target, "terminal", monkeypatch, "--base", "base")
    # assessed by this very run, so by this version (it used to read "version unknown")
    words = " ".join(text.split())  # the terminal wraps the line
    assert "baseline: the target branch's checkout base (readiness 0.1.0, as of" in words
