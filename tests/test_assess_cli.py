"""`readiness assess` as a user runs it: verdicts on the samples, gates, outputs, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from readiness.cli import app
from readiness.schemas import load_schema

from .conftest import SAMPLES

AS_OF = "2026-11-25"
EXPECTED = {
    "weld-vision-ready": ("ready", 4),
    "packaging-oee-conditional": ("conditional", 2),
    "plant-twin-tech-first": ("not_ready", 1),
    "press-line-payback-drift": ("not_ready", 1),
}
SAMPLE_NAMES = sorted(EXPECTED)


def _assess(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["assess", *args, "--as-of", AS_OF])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def _json(runner: CliRunner, path: Path, *args: str) -> dict[str, object]:
    code, out, _ = _assess(runner, str(path), "-f", "json", *args)
    assert code in (0, 1)
    payload: dict[str, object] = json.loads(out)
    return payload


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_samples_get_the_verdict_their_story_tells(runner: CliRunner, name: str) -> None:
    """Each sample is judged as a seasoned reviewer would: ready, conditional or not ready."""
    result = _json(runner, SAMPLES / f"{name}.yaml")
    assert (result["verdict"], result["level"]) == EXPECTED[name]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_json_result_matches_its_schema_and_golden(
    runner: CliRunner,
    name: str,
    golden: Callable[[str, str], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The JSON result validates against the published result schema and is stable."""
    monkeypatch.chdir(SAMPLES.parent)
    _, out, _ = _assess(runner, f"samples/{name}.yaml", "-f", "json")
    payload = json.loads(out)
    validator = Draft202012Validator(
        load_schema("result"), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(payload)) == []
    golden(f"{name}.json", out)


GOLDEN_FORMATS = {"markdown": "md", "sarif": "sarif", "junit": "xml", "github": "github.txt"}


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FORMATS))
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_format_golden(
    runner: CliRunner,
    name: str,
    fmt: str,
    golden: Callable[[str, str], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each sample in each report format, run from the repository root as a user would."""
    monkeypatch.chdir(SAMPLES.parent)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    code, out, _ = _assess(runner, f"samples/{name}.yaml", "-f", fmt)
    assert code in (0, 1)
    golden(f"{name}.{GOLDEN_FORMATS[fmt]}", out)


def test_markdown_report_writes_its_chart_beside_it(
    runner: CliRunner, tmp_path: Path, golden: Callable[[str, str], None]
) -> None:
    """`-o report.md` writes the report and report.svg, which it references."""
    report = tmp_path / "report.md"
    code, _, _ = _assess(runner, str(SAMPLES / "weld-vision-ready.yaml"), "-o", str(report))
    assert code == 0
    chart = tmp_path / "report.svg"
    assert "![Readiness radar](report.svg)" in report.read_text(encoding="utf-8")
    golden("weld-vision-ready.svg", chart.read_text(encoding="utf-8"))
    assert oct(report.stat().st_mode & 0o777) != oct(0o600)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_terminal_report_golden(
    runner: CliRunner,
    name: str,
    golden: Callable[[str, str], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The terminal report at 80 columns without colour reads as reviewed."""
    monkeypatch.chdir(SAMPLES.parent)
    code, out, _ = _assess(runner, f"samples/{name}.yaml", "--no-color")
    expected_code = 1 if EXPECTED[name][0] == "not_ready" else 0
    assert code == expected_code
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "\x1b[" not in out
    golden(f"{name}.txt", out)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_terminal_report_ends_with_the_answer(runner: CliRunner, name: str) -> None:
    """The report is long; its last lines say the verdict and level again, and the first step
    of the path to ready, so the answer is on screen when the command returns (the gate line,
    on standard error, follows them)."""
    _, out, err = _assess(runner, str(SAMPLES / f"{name}.yaml"), "--no-color")
    verdict = EXPECTED[name][0]
    lines = out.rstrip("\n").splitlines()
    at = max(i for i, line in enumerate(lines) if line.startswith("In short: "))
    rule, answer, step = lines[at - 1], lines[at], " ".join(lines[at + 1 :])
    assert set(rule) == {"─"}
    words = {"ready": "READY", "conditional": "CONDITIONAL", "not_ready": "NOT READY"}
    assert answer.startswith(f"In short: {words[verdict]} · level ")
    if verdict == "ready":
        assert step == "Nothing stands between this project and ready."
    else:
        assert step.startswith("First step to ready: close ")
    assert err.strip().splitlines()[-1].startswith("gate: ")


def test_exit_codes_and_gate_reason(runner: CliRunner) -> None:
    """Exit 1 on a not_ready verdict, with the reason printed last on stderr."""
    code, _, err = _assess(runner, str(SAMPLES / "press-line-payback-drift.yaml"))
    assert code == 1
    assert err.strip().splitlines()[-1].startswith("gate: FAILED: verdict is not_ready")


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--fail-on", "never"], 0, "gate: passed"),
        (["--fail-on", "high"], 1, "1 gap of severity high or worse: KR-02"),
        (["--fail-on", "medium"], 1, "3 gaps of severity medium or worse: KR-02, IR-08, KR-05"),
        (["--fail-on", "never", "--fail-under", "95"], 1, "score 88 is under 95"),
        (["--fail-on", "never", "--fail-under", "88"], 0, "gate: passed"),
        (["--fail-on", "never", "--min-level", "3"], 1, "readiness level 2 is below 3"),
        ([], 0, "gate: passed"),
    ],
)
def test_gate_options(runner: CliRunner, args: list[str], code: int, words: str) -> None:
    """--fail-on, --fail-under and --min-level tune the gate on a conditional project."""
    result_code, _, err = _assess(runner, str(SAMPLES / "packaging-oee-conditional.yaml"), *args)
    assert result_code == code
    assert words in err


def test_minimal_project_is_not_ready_at_level_zero(runner: CliRunner, tmp_path: Path) -> None:
    """Only `readiness` and `project`: not_ready, level 0, every gap says what to add."""
    project = tmp_path / "minimal.yaml"
    project.write_text("readiness: 1\nproject: {id: bare, name: Bare}\n", encoding="utf-8")
    result = _json(runner, project)
    assert result["verdict"] == "not_ready"
    assert result["level"] == 0
    findings = result["findings"]
    assert isinstance(findings, list)
    missing = [f for f in findings if f["status"] == "missing"]
    assert len(missing) >= 30
    # What was found says nothing is there to judge; what to do says what to add, never what
    # to change in data that is not there.
    assert all(f["message"].startswith("not evidenced: ") for f in missing), missing
    assert all(f["remediation"].startswith("add ") for f in missing), [
        f["remediation"] for f in missing
    ]
    assert all(f["location"]["line"] in (1, 2) for f in missing)


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (
            "baseline:\n  losses: [{id: scrap, category: process_reject, hours_per_year: 90}]\n"
            "business_case:\n  benefits: [{loss: scrap, annual: 40000}]\n",
            "benefits of 40,000 a year claimed on losses whose cost is not given",
        ),
    ],
)
def test_terminal_business_case_names_the_figure_not_given(
    runner: CliRunner, tmp_path: Path, body: str, line: str
) -> None:
    """An absent amount is said to be not given, never printed where a number belongs
    ("on losses costing not given")."""
    project = tmp_path / "p.yaml"
    project.write_text("readiness: 1\nproject: {id: p, name: P}\n" + body, encoding="utf-8")
    result = runner.invoke(app, ["assess", str(project)], env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output
    assert line in result.stdout
    assert "costing not given" not in result.stdout


def test_outputs_are_written_atomically_in_several_formats(
    runner: CliRunner, tmp_path: Path
) -> None:
    """-o FORMAT=PATH and -o PATH write each file whole; stdout keeps its own format."""
    out_json = tmp_path / "result.json"
    code, stdout, _ = _assess(
        runner,
        str(SAMPLES / "weld-vision-ready.yaml"),
        "-f",
        "json",
        "-o",
        f"json={out_json}",
    )
    assert code == 0
    assert json.loads(out_json.read_text(encoding="utf-8")) == json.loads(stdout)
    assert not list(tmp_path.glob(".*.tmp"))


def test_unwritable_output_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    """A report that cannot be written is exit 2 with the path named."""
    code, _, err = _assess(
        runner, str(SAMPLES / "weld-vision-ready.yaml"), "-o", f"json={tmp_path}/no/such/dir.json"
    )
    assert code == 2
    assert "cannot write" in err


def test_invalid_project_is_exit_2_with_locations(runner: CliRunner, tmp_path: Path) -> None:
    """A schema problem stops the assessment: exit 2, file:line:col on stderr, no report."""
    project = tmp_path / "p.yaml"
    project.write_text(
        "readiness: 1\nproject: {id: a, name: b}\nbusiness_case: {horizon_years: five}\n",
        encoding="utf-8",
    )
    code, out, err = _assess(runner, str(project))
    assert code == 2
    assert out == ""
    assert f"{project}:3:17: error: business_case.horizon_years" in err


def _with_waiver(tmp_path: Path, check: str, expires: str) -> Path:
    text = (SAMPLES / "packaging-oee-conditional.yaml").read_text(encoding="utf-8")
    text += (
        f"\nwaivers:\n  - {{check: {check}, reason: Second holder trained in Q1, "
        f"approved_by: Site director, expires: {expires}}}\n"
    )
    project = tmp_path / "waived.yaml"
    project.write_text(text, encoding="utf-8")
    return project


def test_waiver_in_force_waives_and_expired_waiver_fails(runner: CliRunner, tmp_path: Path) -> None:
    """An unexpired waiver turns the gap into `waived`; an expired one is not honoured: the
    gap stays and says why."""
    if "waivers:" in (SAMPLES / "packaging-oee-conditional.yaml").read_text(encoding="utf-8"):
        pytest.skip("the sample already has waivers")
    current = _json(runner, _with_waiver(tmp_path, "KR-02", "2027-06-30"))
    finding = next(f for f in current["findings"] if f["check"] == "KR-02")  # type: ignore[union-attr,index]
    assert finding["status"] == "waived"
    expired = _json(runner, _with_waiver(tmp_path, "KR-02", "2026-10-31"))
    finding = next(f for f in expired["findings"] if f["check"] == "KR-02")  # type: ignore[union-attr,index]
    assert finding["status"] == "fail"
    assert "(the waiver is not honoured: expired on 2026-10-31)" in finding["message"]


def test_waiver_for_unknown_check_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    """A waiver naming no known check is refused with its line and a did-you-mean."""
    code, _, err = _assess(runner, str(_with_waiver(tmp_path, "KR-2", "2027-06-30")))
    assert code == 2
    assert "the waiver names 'KR-2', which is not a known check" in err
    assert "did you mean" in err


def test_missing_evidence_files_are_listed_and_lower_confidence(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A register ref to a file that does not exist, or that leaves the repository and so cannot
    be checked, is reported and earns no confidence."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "mes.csv").write_text("week,oee\n1,0.7\n", encoding="utf-8")
    project = tmp_path / "p.yaml"
    project.write_text(
        "readiness: 1\nproject: {id: p, name: P}\nevidence:\n"
        "  - {id: mes, kind: measured, ref: evidence/mes.csv}\n"
        "  - {id: gone, kind: measured, ref: evidence/gone.csv}\n"
        "  - {id: out, kind: documented, ref: ../../etc/passwd.txt}\n"
        "baseline:\n  source: mes\n  evidence: [mes, gone, out]\n",
        encoding="utf-8",
    )
    result = _json(runner, project)
    assert result["missing_evidence_files"] == [
        "evidence/gone.csv (gone)",
        "../../etc/passwd.txt (out: the path leaves the repository)",
    ]
    assert result["confidence"] == pytest.approx(1 / 3, abs=0.001)
    _, out, _ = _assess(runner, str(project))
    assert "Evidence files not found: evidence/gone.csv (gone), ../../etc/passwd.txt" in out


def test_format_choices_come_from_the_registry(runner: CliRunner) -> None:
    """`--format` offers exactly the registered formatters, and refuses others with exit 2."""
    from readiness.report import FORMATTERS

    result = runner.invoke(app, ["assess", "--help"])
    for name in FORMATTERS:
        assert name in result.stdout
    bad = runner.invoke(app, ["assess", str(SAMPLES / "weld-vision-ready.yaml"), "-f", "pdf"])
    assert bad.exit_code == 2


def test_github_format_appends_the_report_to_the_step_summary(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With GITHUB_STEP_SUMMARY set, the Markdown report is appended to that file; an
    unwritable summary is a warning, and the annotations still print."""
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = _assess(runner, str(SAMPLES / "weld-vision-ready.yaml"), "-f", "github")
    assert code == 0
    assert out.startswith("::")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n<!-- readiness-report project=hall-a-weld-vision -->")
    missing = tmp_path / "missing" / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(missing))
    code, annotations, err = _assess(
        runner, str(SAMPLES / "weld-vision-ready.yaml"), "-f", "github"
    )
    assert code == 0
    assert annotations == out
    assert f"warning: cannot append the report to $GITHUB_STEP_SUMMARY ('{missing}')" in err
