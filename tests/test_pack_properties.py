"""Property tests over generated rubric packs: whatever a pack says, the run ends in exit 0, 1 or
2 (never an internal error), refusals are one located line each, and the output is the same
bytes every time."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from readiness.assess import assess_document
from readiness.cli import app
from readiness.errors import InputError
from readiness.loader import load_file
from readiness.report.json_result import render
from readiness.rubric import load_rubrics

from .conftest import SAMPLES

PROJECT = str(SAMPLES / "packaging-oee-conditional.yaml")
DOCUMENT = load_file(PROJECT)
AS_OF = date(2026, 11, 25)
BIG = 10**400

NUMBERS = st.one_of(
    st.integers(-3, 12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e20, max_value=1e20),
    st.sampled_from([BIG, -BIG, 10**15 + 1, 0.5, 1e308, 2**63]),
)
TEXT = st.one_of(
    st.sampled_from(["", "x", "EV-01", "BL-01", "FE-10", "baseline", "::error::x", "a\nb"]),
    st.text(max_size=12),
)
SCALARS = st.one_of(NUMBERS, TEXT, st.booleans(), st.none())
PATTERNS = st.sampled_from(
    ["^(a+)+$", "(?<=a)b", "\\Z", "[", "^[a-z]+$", "\\b[Ll]ine\\b", "(a|aa)*c", "\\p{L}+", "x{2,}"]
)
REFERENCES = st.sampled_from(
    [
        "#",
        "#/$defs/d",
        "#/$defs/missing",
        "#anchor",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.json",
        "passwd",
        "https://readiness.dev/schemas/project-v1.json#/$defs/date",
        "https://json-schema.org/draft/2020-12/schema",
    ]
)
KEYWORDS = st.sampled_from(
    ["minimum", "maximum", "minLength", "maxItems", "minItems", "multipleOf", "const", "type"]
)


def _fragment_leaf() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.dictionaries(KEYWORDS, SCALARS, min_size=1, max_size=2),
        st.builds(lambda p: {"pattern": p}, PATTERNS),
        st.builds(lambda r: {"$ref": r, "$defs": {"d": {"minimum": 1}}}, REFERENCES),
        st.builds(lambda s: {"$schema": s}, st.sampled_from(["http://127.0.0.1:9/", "x"])),
        st.just({"$anchor": "anchor", "type": "string"}),
        st.just({}),
    )


FRAGMENTS = st.recursive(
    _fragment_leaf(),
    lambda children: st.one_of(
        st.builds(lambda s: {"items": s}, children),
        st.builds(lambda s: {"properties": {"a": s}}, children),
        st.lists(children, min_size=1, max_size=2).map(lambda a: {"anyOf": a}),
        st.builds(lambda s: {"not": s}, children),
    ),
    max_leaves=4,
)
TEMPLATES = st.one_of(
    st.sampled_from(
        [
            "found {value}",
            "{value:d} and {value:,d}",
            "{value:.1f} of {params.capex_uplift:.0%}",
            "{item.name|nothing} {facts.payback.years:.2f}",
            "{value!r}",
            "{value.__class__.__init__}",
            "{{literal}} {",
            "}",
            "{0}",
        ]
    ),
    st.text(max_size=20).filter(lambda t: t.strip() != ""),
)
PATHS = st.sampled_from(
    ["/project/name", "/business_case/capex", "/facts/payback", "/losses", "/nowhere", ""]
)
CHECK_IDS = st.sampled_from(["EV-01", "EV-02", "BL-01", "FE-10", "KR-03", "NOPE"])


@st.composite
def checks(draw: st.DrawFn) -> dict[str, Any]:
    """One check, mostly well formed, with hostile parts."""
    check: dict[str, Any] = {
        "id": draw(CHECK_IDS),
        "title": "a generated check",
        "severity": draw(st.sampled_from(["blocker", "high", "medium", "low", "worst"])),
        "level": draw(st.sampled_from([1, 3, 5, 6, BIG])),
        "effort": draw(st.sampled_from([1, 5, 0])),
        "path": draw(PATHS),
        "expect": draw(FRAGMENTS),
        "message": draw(TEMPLATES),
        "missing": draw(TEMPLATES),
        "rationale": "r",
        "remediation": "r",
    }
    if draw(st.booleans()):
        check["weight"] = draw(NUMBERS)
    if draw(st.booleans()):
        check["partial"] = draw(FRAGMENTS)
    if draw(st.booleans()):
        check["applies_when"] = {"path": draw(PATHS), "expect": draw(FRAGMENTS)}
    return check


@st.composite
def packs(draw: st.DrawFn) -> dict[str, Any]:
    """A rubric pack: a mix of new checks, overrides, disables, parameters and weights."""
    pack: dict[str, Any] = {
        "pack": draw(st.sampled_from(["funder", "baseline", "Bad Id"])),
        "version": draw(st.sampled_from([1, 2, 0, BIG])),
    }
    if draw(st.booleans()):
        pack["dimension"] = {
            "id": draw(st.sampled_from(["baseline", "esg", "funding"])),
            "title": "Generated",
            "weight": draw(NUMBERS),
        }
    if draw(st.booleans()):
        pack["parameters"] = draw(
            st.dictionaries(
                st.sampled_from(["capex_uplift", "annualise_weeks", "passport_date", "own"]),
                st.one_of(SCALARS, st.lists(SCALARS, max_size=3)),
                max_size=3,
            )
        )
    if draw(st.booleans()):
        pack["disable"] = draw(st.lists(CHECK_IDS, max_size=3, unique=True))
    if draw(st.booleans()):
        pack["overrides"] = draw(
            st.dictionaries(
                CHECK_IDS,
                st.fixed_dictionaries(
                    {},
                    optional={
                        "severity": st.sampled_from(["blocker", "low"]),
                        "weight": NUMBERS,
                        "level": st.sampled_from([1, 5]),
                        "expect": FRAGMENTS,
                        "partial": FRAGMENTS,
                    },
                ),
                max_size=2,
            )
        )
    if draw(st.booleans()):
        pack["checks"] = draw(st.lists(checks(), max_size=3))
    if draw(st.booleans()):
        pack["applies_when"] = {"path": draw(PATHS), "expect": draw(FRAGMENTS)}
    return pack


def _run(pack_file: Path) -> tuple[str, ...]:
    """The pipeline `assess --rubrics PACK -f json` runs: a JSON result or the diagnostics.

    Anything but an InputError escaping here would be exit 3 on the command line (the hostile
    corpus in test_hostile_packs.py drives the installed command itself).
    """
    try:
        rubrics = load_rubrics([pack_file])
        assessment = assess_document(DOCUMENT, as_of=AS_OF, rubrics=rubrics)
    except InputError as error:
        return tuple(d.render() for d in error.diagnostics)
    return (render(assessment),)


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(pack=packs())
def test_any_pack_gives_a_verdict_or_located_errors(pack: dict[str, Any]) -> None:
    """A result or located one-line errors (each with its hint); the same bytes twice."""
    with tempfile.TemporaryDirectory() as folder:
        pack_file = Path(folder) / "pack.yaml"
        pack_file.write_text(yaml.safe_dump(pack, allow_unicode=True), encoding="utf-8")
        found = _run(pack_file)
        if not found[0].startswith("{"):
            for diagnostic in found:
                error, _, hint = diagnostic.partition("\n    hint: ")
                assert re.match(rf"{re.escape(str(pack_file))}:\d+:\d+: error: ", error), error
                assert "\n" not in error, diagnostic
                assert "\n" not in hint, diagnostic
        assert _run(pack_file) == found


def test_the_cli_refuses_a_generated_pack_with_exit_2(tmp_path: Path) -> None:
    """The same pipeline through the command: a bad pack is exit 2 with its diagnostics."""
    pack_file = tmp_path / "pack.yaml"
    pack_file.write_text("pack: funder\nversion: 0\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["assess", PROJECT, "--rubrics", str(pack_file), "--as-of", "2026-11-25"]
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{pack_file}:2:1: error: version: ")
