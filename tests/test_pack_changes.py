"""What a user's pack changes from the built-in packs is recorded and shown in every report:
a pack that disables or loosens the rules can no longer turn a project ready unseen."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET  # our own output, not untrusted data
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from readiness.cli import app
from readiness.rubric import builtin_rubrics, load_rubrics
from readiness.rule_effect import rule_effect
from readiness.schemas import load_schema

from .conftest import SAMPLES

PROJECT = SAMPLES / "packaging-oee-conditional.yaml"


def _changes(tmp_path: Path, *packs: str) -> list[str]:
    files = []
    for index, text in enumerate(packs):
        path = tmp_path / f"pack{index}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return [f"{c.pack}: {c.summary}" for c in load_rubrics(files).changes]


@pytest.mark.parametrize(
    ("pack", "expected"),
    [
        ("pack: none\nversion: 1\n", []),
        ("pack: f\nversion: 1\ndisable: [OE-06]\n", ["f: OE-06 disabled"]),
        (
            "pack: f\nversion: 1\noverrides:\n  FE-04: {severity: blocker}\n",
            ["f: FE-04 severity high → blocker", "f: FE-04 weight 7.5 → 10"],
        ),
        (
            "pack: f\nversion: 1\noverrides:\n  FE-04: {severity: high, level: 4, effort: 1}\n",
            ["f: FE-04 level 3 → 4", "f: FE-04 effort 3 → 1"],
        ),
        (
            "pack: f\nversion: 1\noverrides:\n  BL-08: {expect: {maximum: 36}}\n",
            ['f: BL-08 pass rule loosened: {"maximum":18,"minimum":0} → {"maximum":36}'],
        ),
        (
            "pack: f\nversion: 1\noverrides:\n  BL-08: {expect: {maximum: 12, minimum: 0}}\n",
            ['f: BL-08 pass rule tightened: {"maximum":18,"minimum":0} → {"maximum":12,'],
        ),
        (
            "pack: f\nversion: 1\noverrides:\n  BL-01: {expect: {}}\n",
            ["f: BL-01 pass rule loosened: {"],
        ),
        (
            "pack: f\nversion: 1\nparameters: {capex_uplift: 1.0, own: [a]}\n",
            ["f: parameter capex_uplift 0.5 → 1", 'f: parameter own set to ["a"]'],
        ),
        (
            "pack: f\nversion: 1\ndimension: {id: funding, weight: 2}\n",
            ["f: dimension funding weight 1 → 2"],
        ),
        (
            "pack: esg\nversion: 1\ndimension: {id: esg, title: Energy}\nchecks:\n"
            "  - {id: ESG-01, title: t, severity: low, level: 1, effort: 1, path: /x,\n"
            "     expect: {}, message: m, missing: m, rationale: r, remediation: r}\n",
            ["esg: dimension esg added (weight 1)", "esg: ESG-01 added (low, level 1, esg)"],
        ),
        (
            "pack: baseline\nversion: 2\nchecks:\n"
            "  - {id: BL-08, title: t, severity: low, level: 1, effort: 1, path: /x,\n"
            "     expect: {}, message: m, missing: m, rationale: r, remediation: r}\n",
            ["baseline: BL-08 replaced (low, level 1, baseline, pass rule loosened)"],
        ),
        (
            "pack: f\nversion: 1\noverrides:\n  FE-04: {severity: high}\n  OE-06: {level: 3}\n",
            [],
        ),
    ],
)
def test_each_change_in_force_is_recorded(tmp_path: Path, pack: str, expected: list[str]) -> None:
    """Disables, overrides, new checks and dimensions, parameters: each one line, by its pack;
    a change to what is already in force is no change."""
    changes = _changes(tmp_path, pack)
    assert len(changes) == len(expected)
    for found, wanted in zip(changes, expected, strict=True):
        assert found.startswith(wanted), found


def test_changes_are_what_stands_after_every_pack(tmp_path: Path) -> None:
    """A later pack's change wins and is credited to it; an undone change is not listed."""
    first = "pack: a\nversion: 1\noverrides:\n  FE-04: {severity: blocker}\n  BL-08: {level: 4}\n"
    second = "pack: b\nversion: 1\noverrides:\n  BL-08: {level: 3}\ndisable: [FE-04]\n"
    assert _changes(tmp_path, first, second) == ["b: FE-04 disabled"]


def test_builtin_packs_change_nothing() -> None:
    """The built-in packs are what changes are measured from."""
    assert builtin_rubrics().changes == ()


@pytest.mark.parametrize(
    ("old", "new", "effect"),
    [
        ({"maximum": 12}, {"maximum": 36}, "loosened"),
        ({"minimum": 4}, {"minimum": 6}, "tightened"),
        ({"exclusiveMinimum": 0}, {}, "loosened"),
        ({"minimum": 4}, {"minimum": 4, "type": "integer"}, "tightened"),
        ({"minimum": 4}, {"minimum": 2, "maximum": 9}, "changed"),
        ({"required": ["a", "b"]}, {"required": ["a"]}, "loosened"),
        ({"enum": [1, 2]}, {"enum": [1]}, "tightened"),
        ({"type": "integer"}, {"type": ["number", "null"]}, "loosened"),
        ({"uniqueItems": True}, {"uniqueItems": False}, "loosened"),
        ({"items": {"minimum": 1}}, {"items": {"minimum": 0}}, "loosened"),
        (
            {"properties": {"a": {"maxItems": 0}}},
            {"properties": {"a": {"maxItems": 2}}},
            "loosened",
        ),
        ({"allOf": [{"minimum": 1}, {"maximum": 5}]}, {"allOf": [{"minimum": 2}, {}]}, "changed"),
        ({"contains": {"const": 1}}, {"contains": {"const": 2}}, "changed"),
        ({"pattern": "^a"}, {"pattern": "^b"}, "changed"),
        (False, {"minimum": 1}, "loosened"),
        ({"minimum": 1}, False, "tightened"),
        ({"minimum": 1}, {"minimum": 1.0}, ""),
    ],
)
def test_rule_effect(old: Any, new: Any, effect: str) -> None:
    """Whether a replaced rule passes more, fewer or other values."""
    assert rule_effect(old, new) == effect


LOOSE_PACK = """pack: lenient
version: 1
overrides:
  BL-01: {expect: {}}
  FE-10: {expect: {}}
disable: [IR-02, FE-01]
"""


def _run(args: list[str], env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "json", "sarif", "junit", "github"])
def test_every_format_names_the_changes(tmp_path: Path, fmt: str) -> None:
    """The loosened and disabled rules appear in every report format."""
    pack = tmp_path / "lenient.yaml"
    pack.write_text(LOOSE_PACK, encoding="utf-8")
    summary = tmp_path / "summary.md"
    out = _run(
        ["assess", str(PROJECT), "--rubrics", str(pack), "--as-of", "2026-11-25", "-f", fmt],
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    text = summary.read_text(encoding="utf-8") if fmt == "github" else out
    for words in ("IR-02 disabled", "FE-01 disabled", "BL-01 pass rule loosened"):
        assert words in text, words
    if fmt == "github":
        assert "make 4 changes to the built-in rules" in out
    if fmt == "json":
        payload = json.loads(out)
        Draft202012Validator(load_schema("result")).validate(payload)
        assert [c["kind"] for c in payload["pack_changes"]] == [
            "expect",
            "expect",
            "check_disabled",
            "check_disabled",
        ]
    if fmt == "junit":
        # Said once, in the Gate suite, however many suites there are.
        suites = ET.fromstring(out).findall("testsuite")  # noqa: S314
        assert [p.get("name") for p in suites[0].iter("property")].count("pack_change") == 4
        assert all(p.get("name") != "pack_change" for s in suites[1:] for p in s.iter("property"))


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "json", "sarif", "junit"])
def test_no_changes_are_said_briefly(fmt: str) -> None:
    """With the built-in packs alone, each format says so in a few words."""
    out = _run(["assess", str(PROJECT), "--as-of", "2026-11-25", "-f", fmt])
    briefly = {
        "terminal": "Dimension weights: all 1 · pack changes: none",
        "markdown": "No pack changes the built-in checks",
        "json": '"pack_changes": []',
        "sarif": '"packChanges": []',
        "junit": '<property name="pack_changes" value="none" />',
    }
    assert briefly[fmt] in out
