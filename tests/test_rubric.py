"""Rubric packs: the built-in set loads; custom packs add, override and disable; broken packs
are input errors located on their own lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.assess import assess_document
from readiness.cli import app
from readiness.errors import InputError
from readiness.loader import load_file
from readiness.model import DIMENSION_ORDER
from readiness.rubric import builtin_rubrics, load_rubrics

from .conftest import SAMPLES

AS_OF = date(2026, 11, 25)
CATALOGUE = {
    "baseline": 11,
    "shop_floor": 7,
    "integration": 10,
    "over_engineering": 8,
    "funding": 14,
    "knowledge": 8,
    "traceability": 7,
}


def test_builtin_packs_hold_the_whole_catalogue() -> None:
    """Seven packs in dimension order with every check of the catalogue."""
    rubrics = builtin_rubrics()
    assert [d.id for d in rubrics.dimensions] == list(DIMENSION_ORDER)
    assert {d.id: len(d.checks) for d in rubrics.dimensions} == CATALOGUE
    assert all(p.valid_as_of for p in rubrics.packs)
    assert rubrics.parameters["passport_date"] == "2027-02-18"


def _pack(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "custom.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _finding(rubric_path: Path, sample: str, check: str) -> tuple[str, str]:
    rubrics = load_rubrics([rubric_path])
    document = load_file(SAMPLES / sample)
    assessment = assess_document(document, as_of=AS_OF, rubrics=rubrics)
    finding = next(f for f in assessment.findings if f.check == check)
    return finding.status, finding.severity


def test_custom_pack_overrides_severity_and_threshold(tmp_path: Path) -> None:
    """A funder can tighten a threshold and raise a severity without touching code."""
    pack = _pack(
        tmp_path,
        "pack: funder\nversion: 1\n"
        "overrides:\n  BL-08: {expect: {maximum: 3}, severity: blocker}\n",
    )
    assert _finding(pack, "weld-vision-ready.yaml", "BL-08") == ("fail", "blocker")


def test_custom_pack_parameters_change_facts(tmp_path: Path) -> None:
    """Parameters feed the facts: doubling the capex uplift breaks the stressed payback."""
    pack = _pack(tmp_path, "pack: funder\nversion: 1\nparameters: {capex_uplift: 2.0}\n")
    assert _finding(pack, "weld-vision-ready.yaml", "FE-04")[0] == "fail"


def test_custom_pack_disables_and_adds_checks(tmp_path: Path) -> None:
    """Checks can be switched off and new ones added to a dimension or a new dimension."""
    pack = _pack(
        tmp_path,
        """pack: esg
version: 1
dimension: {id: esg, title: Energy and emissions}
disable: [OE-06]
checks:
  - id: ESG-01
    title: The project states its energy baseline
    severity: medium
    level: 2
    effort: 2
    path: /x-energy/baseline_kwh
    expect: {type: number, exclusiveMinimum: 0}
    message: "energy baseline is {value}"
    missing: add x-energy.baseline_kwh
    rationale: Funders increasingly ask for the energy effect.
    remediation: Meter the line for four weeks.
""",
    )
    rubrics = load_rubrics([pack])
    assert rubrics.check("OE-06") is None
    assert rubrics.check("ESG-01") is not None
    assert [d.id for d in rubrics.dimensions][-1] == "esg"
    assessment = assess_document(
        load_file(SAMPLES / "weld-vision-ready.yaml"), as_of=AS_OF, rubrics=rubrics
    )
    finding = next(f for f in assessment.findings if f.check == "ESG-01")
    assert finding.status == "missing"
    assert finding.message == "not evidenced: x-energy.baseline_kwh is not given"
    assert finding.remediation == "add x-energy.baseline_kwh"


BROKEN = [
    ("pack: x\nversion: 1\nchecks: [\n", 4, "invalid YAML"),
    ("pack: x\nversion: 1\nchek: []\n", 3, "did you mean 'checks'?"),
    ("pack: x\nversion: 1\ndisable: [NOPE-1]\n", 3, "cannot disable 'NOPE-1'"),
    ("pack: x\nversion: 1\noverrides:\n  NOPE-2: {level: 2}\n", 4, "cannot override 'NOPE-2'"),
    (
        "pack: x\nversion: 1\noverrides:\n  BL-01: {expect: {type: banana}}\n",
        4,
        "not a valid JSON Schema fragment",
    ),
    (
        "pack: x\nversion: 1\ndimension: {id: new}\nchecks: []\n",
        3,
        "the new dimension 'new' needs a title",
    ),
    (
        """pack: baseline
version: 1
checks:
  - {id: BL-99, title: t, severity: low, level: 1, effort: 1, path: /a, expect: {},
     message: "bad {value.__class__!r}", missing: m, rationale: r, remediation: x}
""",
        5,
        "is not of the form",
    ),
    ("pack: x\nversion: 1\nparameters: !!python/name:os.system {}\n", 3, "tag"),
    (
        "pack: x\nversion: 1\nparameters:\n  capex_uplift: fifty percent\n",
        4,
        "parameter 'capex_uplift' must be a number, got text",
    ),
]


@pytest.mark.parametrize(("text", "line", "words"), BROKEN)
def test_broken_pack_is_a_located_input_error(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    """Every problem in a custom pack names the pack file and the line to change."""
    pack = _pack(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_rubrics([pack])
    first = caught.value.diagnostics[0]
    assert first.file == str(pack)
    assert first.line == line, first.render()
    assert words in first.render()


def test_broken_pack_on_the_command_line_exits_2(tmp_path: Path) -> None:
    """`assess --rubrics broken.yaml` is exit 2 with the pack's location, no report."""
    pack = _pack(tmp_path, "pack: x\nversion: 1\ndisable: [NOPE-1]\n")
    result = CliRunner().invoke(
        app, ["assess", str(SAMPLES / "weld-vision-ready.yaml"), "--rubrics", str(pack)]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{pack}:3:" in result.stderr


def test_rubrics_command_lists_every_check() -> None:
    """`readiness rubrics` lists all 65 checks with dimension, severity and level."""
    result = CliRunner().invoke(app, ["rubrics"])
    assert result.exit_code == 0
    assert "65 checks in 7 dimensions" in result.stdout
    assert "FE-10   blocker  L2  The business case pays back within its horizon" in result.stdout


def test_explain_prints_the_check_and_why_it_failed_here() -> None:
    """`readiness explain FE-10 --project` gives the rule and the finding on that project."""
    result = CliRunner().invoke(
        app,
        [
            "explain",
            "fe-10",
            "--project",
            str(SAMPLES / "press-line-payback-drift.yaml"),
            "--as-of",
            "2026-11-25",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("FE-10  The business case pays back within its horizon")
    assert "looks at: /facts/payback" in result.stdout
    assert "why it matters:" in result.stdout
    assert ": fail at " in result.stdout
    assert "7.3 years" in result.stdout


def test_explain_unknown_check_suggests_one() -> None:
    """An unknown id is exit 2 with a did-you-mean."""
    result = CliRunner().invoke(app, ["explain", "TC-O7"])
    assert result.exit_code == 2
    assert "did you mean TC-07?" in result.stderr


def test_builtin_fragments_are_valid_json_schema() -> None:
    """The built-in packs' fragments are valid 2020-12 schemas (not re-checked at run time)."""
    from jsonschema import Draft202012Validator

    rubrics = builtin_rubrics()
    fragments = [c.expect for c in rubrics.checks]
    fragments += [c.partial for c in rubrics.checks if c.partial is not None]
    fragments += [c.applies_when.expect for c in rubrics.checks if c.applies_when is not None]
    fragments += [d.applies_when.expect for d in rubrics.dimensions if d.applies_when is not None]
    for fragment in fragments:
        Draft202012Validator.check_schema(fragment)
    assert len(fragments) > 49


def test_rubrics_test_runs_a_funders_cases(tmp_path: Path) -> None:
    """`readiness rubrics test` runs case files against the packs: exit 0, or 1 naming the
    failing case with its line; a case naming no check is an input error."""
    pack = _pack(
        tmp_path, "pack: funder\nversion: 1\noverrides:\n  BL-08: {expect: {maximum: 12}}\n"
    )
    cases = tmp_path / "funder-cases.yaml"
    cases.write_text(
        """BL-08:
  - name: a baseline that ended ten months ago passes
    status: pass
    project: {baseline: {period: {from: 2025-12-01, to: 2026-01-25}}}
  - name: a baseline that ended fourteen months ago fails under the funder's rule
    status: pass
    project: {baseline: {period: {from: 2025-08-01, to: 2025-09-25}}}
""",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(app, ["rubrics", "test", str(cases), "--rubrics", str(pack)])
    assert result.exit_code == 1
    assert f"{cases}:5: BL-08 'a baseline that ended fourteen months ago" in result.stdout
    assert "expected pass, got fail" in result.stdout
    assert result.stdout.strip().endswith("1 passed, 1 failed")
    cases.write_text("XX-99:\n  - {name: n, status: pass, project: {}}\n", encoding="utf-8")
    result = runner.invoke(app, ["rubrics", "test", str(cases)])
    assert result.exit_code == 2
    assert "'XX-99' is not a known check" in result.stderr


def test_rubrics_test_on_the_builtin_cases() -> None:
    """The built-in packs pass their own case book through the command."""
    result = CliRunner().invoke(app, ["rubrics", "test", str(Path(__file__).parent / "cases")])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith(" passed, 0 failed")


def test_builtin_pack_parameters_match_the_facts_defaults() -> None:
    """The packs carry the parameters; readiness.facts keeps the same values as a fallback for use
    without packs. The two must not drift apart."""
    from readiness.facts import DEFAULT_PARAMETERS

    assert builtin_rubrics().parameters == DEFAULT_PARAMETERS


def test_explain_cuts_a_huge_rule_short(tmp_path: Path) -> None:
    """A pack's fragment may be megabytes: `explain` prints the start of each rule and says how
    long it is, where it printed the whole of it; a built-in rule is printed in full."""
    words = ", ".join(f"w{i:06d}" for i in range(20_000))
    pack = tmp_path / "big.yaml"
    pack.write_text(
        "pack: big\nversion: 1\ndimension: {id: funding}\nchecks:\n"
        "  - {id: XX-01, title: A big enum, severity: low, level: 1, effort: 1,"
        " path: /project/name, message: m, missing: add it, rationale: r, remediation: r,\n"
        f"     expect: {{enum: [{words}]}}, partial: {{enum: [{words}]}},\n"
        f"     applies_when: {{path: /project/id, expect: {{enum: [{words}]}}}}}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["explain", "XX-01", "--rubrics", str(pack)])
    assert result.exit_code == 0, result.output
    rules = [line for line in result.stdout.splitlines() if '{"enum": ["w000000", ' in line]
    assert len(rules) == 3
    for line in rules:
        assert line.endswith("… (cut at 600 of 220,010 characters)"), line[-80:]
        assert len(line) < 700
    full = CliRunner().invoke(app, ["explain", "BL-02"])
    assert "characters)" not in full.stdout
    assert full.stdout.count("}") > 2
