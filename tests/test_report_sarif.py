"""SARIF 2.1.0 output: schema-valid, one rule per check, results on the YAML lines."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for

from readiness.model import Assessment
from readiness.report import sarif

from .conftest import SAMPLES, SARIF_SCHEMA
from .report_fixtures import HOSTILE, empty_assessment, hostile_assessment, sample_assessment

AS_OF = "2026-11-25"

FIXTURES: list[Callable[[], Assessment]] = [sample_assessment, hostile_assessment, empty_assessment]


@cache
def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return loaded


def _log(assessment: Assessment) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(sarif.render(assessment))
    return loaded


@pytest.mark.parametrize("build", FIXTURES)
def test_valid_against_the_official_schema(build: Callable[[], Assessment]) -> None:
    """The log validates against the OASIS SARIF 2.1.0 schema (its own draft, formats on)."""
    schema = _schema()
    validator_class = validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(_log(build())), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message[:200]}" for e in errors]


def test_envelope_and_driver() -> None:
    """Schema URI, version, tool name and version; pretty JSON with a trailing newline."""
    text = sarif.render(sample_assessment())
    assert text.endswith("}\n")
    assert text.startswith('{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n')
    log = json.loads(text)
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "readiness"
    assert driver["version"] == "0.1.0"
    assert "informationUri" not in driver  # no home page yet: no link to one that does not exist


def test_one_rule_per_check_with_help() -> None:
    """Every check gets a rule, in dimension order, with title, rationale and remediation."""
    assessment = sample_assessment()
    rules = _log(assessment)["runs"][0]["tool"]["driver"]["rules"]
    assert sorted(r["id"] for r in rules) == sorted(f.check for f in assessment.findings)
    assert [r["id"] for r in rules][:3] == ["BL-01", "BL-02", "BL-04"]
    fe10 = next(r for r in rules if r["id"] == "FE-10")
    assert fe10["name"] == "TheBusinessCasePaysBackWithinItsHorizon"
    assert fe10["shortDescription"] == {"text": "The business case pays back within its horizon"}
    assert fe10["fullDescription"]["text"].startswith("Why FE-10 matters")
    assert fe10["help"]["text"] == (
        "What to do: Do what FE-10 asks, then re-run readiness.\n\n"
        "Why it matters: Why FE-10 matters: funders and rollouts depend on it."
    )
    assert fe10["help"]["markdown"].startswith("**What to do:** Do what FE-10 asks")
    assert fe10["defaultConfiguration"] == {"level": "error"}
    assert fe10["properties"]["dimension"] == "funding"
    assert fe10["properties"]["severity"] == "blocker"
    assert fe10["properties"]["level"] == 2
    assert "funding" in fe10["properties"]["tags"]


@pytest.mark.parametrize(
    ("severity", "level"),
    [("blocker", "error"), ("high", "error"), ("medium", "warning"), ("low", "note")],
)
def test_severity_to_level(severity: str, level: str) -> None:
    """Blocker and high are errors, medium warnings, low notes."""
    assert sarif.LEVELS[severity] == level


def test_results_are_gaps_and_waivers_located_on_their_lines() -> None:
    """fail/partial/missing/waived give results; pass and n/a do not; ruleIndex matches."""
    assessment = sample_assessment()
    run = _log(assessment)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    expected = [f for f in assessment.findings if f.status in sarif.RESULT_STATUSES]
    assert [r["ruleId"] for r in results] == [f.check for f in expected]
    for result, finding in zip(results, expected, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == sarif.LEVELS[finding.severity]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": "press.yaml", "uriBaseId": "%SRCROOT%"}
        assert physical["region"] == {
            "startLine": finding.location.line,
            "startColumn": finding.location.column,
        }
    fe10 = results[0]
    assert fe10["message"]["text"] == "payback recomputes to 7.3 years against a 5-year horizon"
    messages = {r["ruleId"]: r["message"]["text"] for r in results}
    assert messages["BL-04"].startswith("Not evidenced: ")
    assert messages["BL-01"].startswith("Partly met: ")
    assert messages["IR-02"].endswith("(the waiver is not honoured: expired on 2026-10-31)")


def test_waivers_are_accepted_suppressions() -> None:
    """A waived check stays visible, suppressed with the waiver's reason."""
    results = _log(sample_assessment())["runs"][0]["results"]
    waived = {r["ruleId"]: r for r in results if "suppressions" in r}
    assert set(waived) == {"SF-05", "KR-03"}
    suppression = waived["KR-03"]["suppressions"][0]
    assert suppression["kind"] == "external"
    assert suppression["status"] == "accepted"
    assert suppression["justification"] == "Successor in post from January"
    assert suppression["properties"] == {"approvedBy": "R. Okafor", "expires": "2027-03-31"}


def test_fingerprints_follow_check_project_and_pointer_not_line() -> None:
    """32 hex digits of SHA-256 over check, project and pointer; a moved line keeps it."""
    results = _log(sample_assessment())["runs"][0]["results"]
    prints = [r["partialFingerprints"]["readiness/v1"] for r in results]
    assert all(len(p) == 32 and int(p, 16) >= 0 for p in prints)
    assert len(set(prints)) == len(prints)
    assert sarif.fingerprint("FE-10", "p", "/business_case") == sarif.fingerprint(
        "FE-10", "p", "/business_case"
    )
    assert sarif.fingerprint("FE-10", "p", "/a") != sarif.fingerprint("FE-10", "q", "/a")


def test_hostile_text_survives_as_data() -> None:
    """JSON carries user text exactly; file names become percent-encoded relative URIs."""
    log = _log(hostile_assessment())
    run = log["runs"][0]
    assert run["results"][0]["message"]["text"] == HOSTILE
    assert run["properties"]["project"]["name"] == HOSTILE
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert ":" not in uri
    assert " " not in uri
    assert "\n" not in uri
    assert uri.startswith("evil%20%7C%20%60dir%60/%40everyone")
    assert run["tool"]["driver"]["rules"][0]["help"]["markdown"].count("<script>") == 0


@pytest.mark.parametrize(
    ("file", "location"),
    [
        ("press.yaml", {"uri": "press.yaml", "uriBaseId": "%SRCROOT%"}),
        ("plants\\hall a.yaml", {"uri": "plants/hall%20a.yaml", "uriBaseId": "%SRCROOT%"}),
        ("/srv/p.yaml", {"uri": "file:///srv/p.yaml"}),
        ("C:\\p\\q.yaml", {"uri": "file:///C:/p/q.yaml"}),
    ],
)
def test_artifact_locations(file: str, location: dict[str, str]) -> None:
    """Relative paths sit under %SRCROOT%; absolute ones become file: URIs."""
    assert sarif.artifact_location(file) == location


@pytest.mark.parametrize(
    ("title", "check", "name"),
    [
        (
            "The baseline is measured over at least four weeks",
            "BL-01",
            "TheBaselineIsMeasuredOverAtLeastFourWeeks",
        ),
        ("OEE factors multiply to overall", "BL-02", "OEEFactorsMultiplyToOverall"),
        ("", "X-1", "X1"),
        ("—", "—", "Check"),
    ],
)
def test_rule_names(title: str, check: str, name: str) -> None:
    """CamelCase from the title, else the id without punctuation."""
    assert sarif.rule_name(title, check) == name


def test_samples_render_schema_valid_sarif() -> None:
    """Every sample project assesses and gives a schema-valid log (once the engine exists)."""
    assess = pytest.importorskip("readiness.assess")
    from datetime import date

    schema = _schema()
    validator = validator_for(schema)(schema)
    samples = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.yaml"))
    assert samples
    for path in samples:
        assessment = assess.assess_path(path, as_of=date(2026, 11, 25))
        errors = list(validator.iter_errors(_log(assessment)))
        assert not errors, (path.name, [e.message[:200] for e in errors])


SARIF_MULTITOOL = shutil.which("sarif-multitool")
# SARIF2005 asks for `informationUri`, left out on purpose until the project has a home page.
DELIBERATE = {"SARIF2005"}


@pytest.mark.skipif(
    SARIF_MULTITOOL is None,
    reason="Microsoft's SARIF validator is not installed: npm install -g "
    "--allow-scripts=@microsoft/sarif-multitool-linux @microsoft/sarif-multitool",
)
def test_microsofts_sarif_validator_finds_no_error_or_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sarif-multitool validate` (schema and the SARIF rules) passes our logs: one project,
    a portfolio of the samples, and the hostile assessment; only its notes remain."""
    from typer.testing import CliRunner

    from readiness.cli import app

    monkeypatch.chdir(SAMPLES.parent)
    samples = sorted(f"samples/{p.name}" for p in SAMPLES.glob("*.yaml"))
    logs = {
        "one.sarif": ["assess", samples[0], "-f", "sarif", "--as-of", AS_OF],
        "portfolio.sarif": ["assess", *samples, "-f", "sarif", "--as-of", AS_OF],
    }
    for name, args in logs.items():
        result = CliRunner().invoke(app, args)
        assert result.exit_code in (0, 1), result.output
        (tmp_path / name).write_text(result.stdout, encoding="utf-8")
    (tmp_path / "hostile.sarif").write_text(sarif.render(hostile_assessment()), encoding="utf-8")
    report = tmp_path / "validation.json"
    files = sorted(str(p) for p in tmp_path.glob("*.sarif"))
    completed = subprocess.run(
        [
            SARIF_MULTITOOL or "",
            "validate",
            "--level",
            "Error",
            "Warning",
            "-o",
            str(report),
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "3 files scanned" in completed.stdout
    findings = [
        (result["ruleId"], result["message"])
        for run in json.loads(report.read_text(encoding="utf-8"))["runs"]
        for result in run.get("results", [])
        if result["ruleId"] not in DELIBERATE
    ]
    assert findings == []
