"""Each adversarial class of bench/adversarial.py gets the right answer: a refusal that says
why, or a report. How fast is the bench's business (bench/run.py); here only the answers."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bench.adversarial import CLASSES, LIMIT, legitimate, write_all
from readiness.cli import app
from readiness.errors import COLLECT_LIMIT, MAX_PROBLEMS_PER_FILE
from readiness.rubric import builtin_rubrics

# class -> words of the first diagnostic shown (a refusal), or None (a report: exit 0 or 1)
ANSWERS: dict[str, str | None] = {
    "alias-bomb": "an alias reuses a list or mapping",
    "alias-text": "aliases repeat more than 1,048,576 characters of text",
    "block-flood": "the file holds about 520,011 values, over the limit of 131,072",
    "component-links": None,
    "deep-flood": "the file holds about 517,011 values, over the limit of 131,072",
    "deep-nesting": None,
    "duplicate-ids": "duplicate evidence id 'same': also used on line 4",
    "duplicate-keys": "duplicate key 'k': it is also on line 4",
    "enum-typos": "text 'plcc' is not one of the allowed values",
    "flat-flood": "the file holds about 520,012 values, over the limit of 131,072",
    "flat-flood-under-cap": None,
    "invalid-dates": "text '2026-02-30' is not a valid date",
    "long-keys": "invalid YAML",
    "long-text": None,
    "scalar-aliases": None,
    "too-deep": "invalid YAML",
    "type-errors": "expected a number, got text 'old'",
    "undefined-citations": "evidence 'ev-x00000' is cited but not defined",
    "unique-items": "expected text, got the number 5",
    "unknown-key-typos": "unknown key 'nmae'",
    "unknown-keys": "unknown key 'k0'",
    "unknown-waiver-checks": "the waiver names 'ZZ-00000', which is not a known check",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every class written once for the module."""
    return write_all(tmp_path_factory.mktemp("adversarial"))


@functools.cache
def _validate(path: Path) -> tuple[int, list[dict[str, Any]]]:
    """`validate -f json` on one file: its exit code and problems (once per file)."""
    result = CliRunner().invoke(app, ["validate", "-f", "json", str(path)])
    return result.exit_code, json.loads(result.stdout)["files"][0]["problems"]


def test_every_class_has_an_answer() -> None:
    """The table names every class the generators make, each file within the 1 MiB limit."""
    assert set(ANSWERS) == set(CLASSES)
    assert all(len(generate()) <= LIMIT for generate in CLASSES.values())


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_each_class_gets_its_answer(name: str, files: dict[str, Path]) -> None:
    """A refusal says why, first, within the display cap; a report comes out whole."""
    expected = ANSWERS[name]
    code, problems = _validate(files[name])
    if expected is None:
        assert (code, problems) == (0, [])
        result = CliRunner().invoke(
            app, ["assess", str(files[name]), "-f", "json", "--as-of", "2026-11-25"]
        )
        assert result.exit_code in (0, 1), result.output
        assert json.loads(result.stdout)["format"] == "readiness-result/1"
        return
    assert code == 2
    assert expected in problems[0]["message"], problems[0]
    assert len(problems) <= MAX_PROBLEMS_PER_FILE + 1
    assert all(len(p["message"]) < 300 and len(p["hint"]) < 400 for p in problems)


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("enum-typos", "did you mean 'plc'?"),
        ("unknown-key-typos", "did you mean 'name'?"),
        ("unknown-waiver-checks", "run `readiness rubrics` for the ids"),
        ("duplicate-keys", "keep one of the two"),
    ],
)
def test_hints_are_given_for_the_diagnostics_shown(
    name: str, hint: str, files: dict[str, Path]
) -> None:
    """Did-you-mean hints are computed for what is shown, every one of them."""
    _, problems = _validate(files[name])
    shown = problems[:MAX_PROBLEMS_PER_FILE]
    assert all(hint in p["hint"] for p in shown), shown[:2]


@pytest.mark.parametrize("name", ["duplicate-keys", "unknown-keys", "type-errors", "enum-typos"])
def test_a_flood_of_problems_stops_being_counted(name: str, files: dict[str, Path]) -> None:
    """Past the collection limit, the last line says there are at least that many more."""
    _, problems = _validate(files[name])
    extra = COLLECT_LIMIT - MAX_PROBLEMS_PER_FILE
    assert problems[-1]["message"] == f"… and at least {extra:,} more problems (counting stopped)"


def test_unique_items_finds_the_repeat_at_the_end(files: dict[str, Path]) -> None:
    """A repeat after 120,000 distinct texts and a number is found, where it is."""
    _, problems = _validate(files["unique-items"])
    assert [p["message"] for p in problems] == [
        "expected text, got the number 5",
        "text 'g00000' is listed twice",
    ]
    assert [p["path"] for p in problems] == [
        "solution.non_goals[120000]",
        "solution.non_goals[120001]",
    ]


def test_a_legitimate_mebibyte_project_is_assessed(tmp_path: Path) -> None:
    """A real project grown to just under 1 MiB is valid and gets a report."""
    path = tmp_path / "big.yaml"
    path.write_bytes(legitimate())
    assert LIMIT - 20_000 < path.stat().st_size <= LIMIT
    assert _validate(path) == (0, [])
    result = CliRunner().invoke(app, ["assess", str(path), "-f", "json", "--as-of", "2026-11-25"])
    assert result.exit_code in (0, 1)
    findings = json.loads(result.stdout)["findings"]
    assert len(findings) == len(builtin_rubrics().checks)


def test_the_legitimate_project_grows_to_the_size_asked() -> None:
    """Larger legitimate projects (for the bench's time per MiB beyond the limit) stay valid."""
    from readiness.loader import load_text
    from readiness.validate import validate_document

    text = legitimate(3 * LIMIT)
    assert 3 * LIMIT - 40_000 < len(text) <= 3 * LIMIT
    assert validate_document(load_text(text, "big.yaml", max_bytes=3 * LIMIT)) == []


def test_citations_are_walked_once_per_assessment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The link check and the facts share one walk of the evidence citations (a 1 MiB project
    has thousands), and the facts see the same citations either way."""
    from datetime import date

    import readiness.citations
    import readiness.facts.common
    from readiness.assess import assess_document
    from readiness.facts import derive_facts
    from readiness.loader import load_file

    walks = []
    walk = readiness.citations.evidence_citations

    def counted(node: Any, pointer: str = "") -> Any:
        walks.append(pointer)
        return walk(node, pointer)

    monkeypatch.setattr(readiness.citations, "evidence_citations", counted)
    monkeypatch.setattr(readiness.facts.common, "evidence_citations", counted)
    sample = Path(__file__).parent.parent / "samples" / "weld-vision-ready.yaml"
    document = load_file(sample)
    rubrics = builtin_rubrics()
    assess_document(document, as_of=date(2026, 11, 25), rubrics=rubrics, base_dir=sample.parent)
    assert len(walks) == 1
    assert document.citations
    shared = derive_facts(
        document.data,
        as_of=date(2026, 11, 25),
        parameters=rubrics.parameters,
        base_dir=sample.parent,
        citations=document.citations,
    )
    own = derive_facts(
        document.data,
        as_of=date(2026, 11, 25),
        parameters=rubrics.parameters,
        base_dir=sample.parent,
    )
    assert shared == own
