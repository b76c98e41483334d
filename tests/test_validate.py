"""Schema and link problems become one located, plain-English diagnostic each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from readiness.loader import load_file, load_text
from readiness.schemas import load_schema
from readiness.validate import validate_document

from .conftest import FORMAT_REFERENCE

HEAD = "readiness: 1\nproject: {id: p1, name: Press line}\n"

# (yaml after the two-line head, [(line, column, dotted path, words in message or hint)])
CASES = [
    ("system:\n  - id: plc\n", [(3, 1, "system", "did you mean 'systems'?")]),
    (
        "business_case:\n  horizon_years: five\n",
        [(4, 3, "business_case.horizon_years", "expected a whole number, got text 'five'")],
    ),
    ("business_case: {capex: -5}\n", [(3, 17, "business_case.capex", "at least 0")]),
    (
        "business_case: {capex: '1,200,000'}\n",
        [(3, 17, "business_case.capex", "without separators")],
    ),
    ("business_case: {capex: .nan}\n", [(3, 24, "business_case.capex", "not a finite number")]),
    ("business_case: {capex: '.nan'}\n", [(3, 17, "business_case.capex", "got text '.nan'")]),
    (
        "systems:\n  - {id: p, age_years: 1_000}\n",
        [(4, 13, "systems[0].age_years", "without separators")],
    ),
    ("systems:\n  - {id: p, age_years: 017}\n", []),
    (
        "baseline:\n  cost_of_inaction: {annual: 5, basis: Rework, scrap and warranty}\n",
        [
            (
                4,
                48,
                'baseline.cost_of_inaction["scrap and warranty"]',
                'quote the whole text, e.g. basis: "Rework, scrap and warranty"',
            )
        ],
    ),
    ("baseline:\n  source: mess\n", [(4, 3, "baseline.source", "did you mean 'mes'?")]),
    (
        "baseline:\n  period: {from: 2026-13-45, to: 2026-03-01}\n",
        [(4, 12, "baseline.period.from", "YYYY-MM-DD")],
    ),
    (
        "baseline:\n  period: {from: 2026-03-01, to: 2026-01-01}\n",
        [(4, 30, "baseline.period.to", "ends (2026-01-01) before it starts")],
    ),
    (
        "baseline:\n  oee: {availability: 82}\n",
        [(4, 9, "baseline.oee.availability", "rates are fractions")],
    ),
    ("people:\n  sponsor: R. Okafor\n", [(4, 3, "people.sponsor", "expected a mapping")]),
    ("project2: x\n", [(3, 1, "project2", "did you mean 'project'?")]),
    ("x-notes: {anything: [goes, here]}\n", []),
    (
        "evidence:\n  - {id: e1, kind: measured}\n  - {id: e1, kind: asserted}\n",
        [(5, 6, "evidence[1].id", "duplicate evidence id 'e1': also used on line 4")],
    ),
    (
        "evidence:\n  - {id: mes-q1, kind: measured}\nbaseline:\n  evidence: [mes-q2]\n",
        [(6, 14, "baseline.evidence[0]", "did you mean 'mes-q1'?")],
    ),
    ("problem: {losses: [scrap]}\n", [(3, 20, "problem.losses[0]", "loss 'scrap' is cited")]),
    (
        "pilot:\n  results:\n    - {kpi: fpy, before: 1, after: 2}\n",
        [(5, 8, "pilot.results[0].kpi", "KPI 'fpy' is cited but not defined")],
    ),
    (
        "systems: [{id: mes}]\nbusiness_case:\n  phases:\n"
        "    - {name: L1, downtime_hours: {mse: 6}}\n",
        [(6, 35, "business_case.phases[0].downtime_hours.mse", "system 'mse' is cited")],
    ),
    (  # only ids are structural: everything else absent is judged, not refused
        "business_case:\n  benefits: [{annual: 1000}]\n  phases: [{capex: 5}]\n"
        "risks: [{category: people}]\nknowledge: [{holders: [A]}]\nevidence: [{id: e1}]\n",
        [],
    ),
    ("project: {id: x, name: y}\n", [(3, 1, "project", "duplicate key 'project'")]),
    (
        "systems:\n  - {id: a, can_stop: no}\n  - {id: b, kind: robot}\n",
        [
            (4, 13, "systems[0].can_stop", "got text 'no'"),
            (5, 13, "systems[1].kind", "allowed: plc"),
        ],
    ),
    (
        "systems:\n  - {id: a, can_stop: yes}\n",
        [(4, 13, "systems[0].can_stop", "write true or false")],
    ),
    ("project3: 1\nsystem: []\n", [(3, 1, "project3", "project"), (4, 1, "system", "systems")]),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_diagnostics_are_located(body: str, expected: list[tuple[int, int, str, str]]) -> None:
    """Each problem is reported once, at its line and column, with its dotted path."""
    from readiness.errors import InputError

    try:
        problems = validate_document(load_text(HEAD + body, "p.yaml"))
    except InputError as error:
        problems = error.diagnostics
    got = [(p.line, p.column, p.path) for p in problems]
    assert got == [(line, column, path) for line, column, path, _ in expected], [
        p.render() for p in problems
    ]
    for problem, (_, _, _, words) in zip(problems, expected, strict=True):
        assert words in problem.render()


def test_minimal_project_is_valid() -> None:
    """Only the format version and the project's id and name are required."""
    assert validate_document(load_text(HEAD)) == []


def test_missing_required_keys() -> None:
    """Required keys are named, located at the mapping that should hold them."""
    problems = validate_document(load_text("readiness: 1\nproject:\n  site: x\n"))
    assert [(p.line, p.message) for p in problems] == [
        (2, "missing required key 'id'"),
        (2, "missing required key 'name'"),
    ]


def test_all_problems_reported_at_once_sorted_by_line() -> None:
    """A file with many problems gets every one of them, in line order."""
    body = "business_case: {capex: -1, opex_per_year: x}\nsystem: 1\nfunding: {deadline: soon}\n"
    problems = validate_document(load_text(HEAD + body))
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert len(problems) == 4


def test_huge_values_are_truncated_in_messages() -> None:
    """A hostile value cannot flood the output: quoted values are cut short."""
    problems = validate_document(load_text(HEAD + "business_case: {capex: '" + "9" * 5000 + "'}\n"))
    assert len(problems) == 1
    assert len(problems[0].render()) < 400


def test_problem_count_is_capped() -> None:
    """Thousands of problems are capped, with a count of what was left out."""
    body = "".join(f"unknown{i}: 1\n" for i in range(300))
    problems = validate_document(load_text(HEAD + body))
    assert len(problems) <= 102
    assert problems[-1].message.startswith("… and ")


def test_reference_file_is_valid() -> None:
    """The published schema accepts the annotated reference of the format."""
    assert validate_document(load_file(FORMAT_REFERENCE)) == []


def _properties(node: object, where: str) -> list[tuple[str, dict[str, object]]]:
    found = []
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            found.append((f"{where}.{key}", value))
        for key, value in node.items():
            found.extend(_properties(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_properties(value, f"{where}[{index}]"))
    return found


def test_schema_is_valid_and_documented() -> None:
    """The schema is valid 2020-12, every property has a description, objects are closed."""
    schema = load_schema("project")
    Draft202012Validator.check_schema(schema)
    undocumented = [where for where, prop in _properties(schema, "") if "description" not in prop]
    assert undocumented == []
    text = json.dumps(schema)
    assert text.count('"additionalProperties": false') == text.count('"^x-"')


def test_schema_command_prints_the_published_file(runner: object) -> None:
    """`readiness schema project` prints the schema byte for byte."""
    from typer.testing import CliRunner

    from readiness.cli import app

    result = CliRunner().invoke(app, ["schema", "project"])
    assert result.exit_code == 0
    published = Path(__file__).parent.parent / "readiness" / "schemas" / "project.schema.json"
    assert result.stdout == published.read_text(encoding="utf-8")


@pytest.mark.parametrize("separator", ["\n", "\r", "\x85", "\u2028", "\u2029", "\x1c", "\x0b"])
def test_a_key_with_a_line_break_stays_on_one_line(separator: str) -> None:
    """Whatever breaks a line for str.splitlines is shown escaped, in the path and the message."""
    escaped = repr(separator)[1:-1]
    body = f'"bad{escaped}key": 1\n'  # YAML reads the same escape in double quotes
    (problem,) = validate_document(load_text(HEAD + body, "p.yaml"))
    assert len(problem.render().splitlines()) == 2, problem.render()
    assert escaped in problem.path


@pytest.mark.parametrize("separator", ["\n", "\u2028", "\x1b[31m"])
def test_known_ids_listed_in_a_hint_stay_on_one_line(separator: str) -> None:
    """An unknown citation's hint lists the ids that are defined: user text, shown escaped."""
    escaped = json.dumps(separator)[1:-1]
    body = (
        f'evidence:\n  - {{id: "a{escaped}b", kind: measured, title: t}}\n'
        "baseline: {evidence: [mes-q1]}\n"
    )
    problems = validate_document(load_text(HEAD + body, "p.yaml"))
    (cited,) = [p for p in problems if "cited but not defined" in p.message]
    assert cited.hint.startswith("known: a")
    for problem in problems:  # JSON carries message and hint as they are, not as render() shows
        assert len((problem.message + problem.hint).splitlines()) == 1, problem
