"""The path to ready: proven on every sample by re-assessing, and exact on made-up rules."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import readiness.assess
from readiness.assess import assess_path
from readiness.model import Assessment, Finding, Location, PathToReady, Verdict
from readiness.path_to_ready import SEARCH_LIMIT, describe, gap_bit, plan_path
from readiness.rubric import builtin_rubrics
from readiness.vocabulary import join_ids

from .conftest import FIXTURES, SAMPLES

AS_OF = date(2026, 11, 25)
PROJECTS = sorted(SAMPLES.glob("*.yaml"))


def _reassess(
    path: Path, closed: Iterable[str], monkeypatch: pytest.MonkeyPatch, **options: object
) -> Assessment:
    """Assess the file again with these checks forced to pass after the engine and the
    waivers have spoken: a full re-assessment, not the planner's own re-scoring."""
    forced = frozenset(closed)
    original = readiness.assess.apply_waivers

    def forcing(findings: list[Finding], waivers: list[object]) -> list[Finding]:
        return [
            replace(f, status="pass") if f.check in forced else f
            for f in original(findings, waivers)  # type: ignore[arg-type]
        ]

    with monkeypatch.context() as patched:
        patched.setattr(readiness.assess, "apply_waivers", forcing)
        return assess_path(path, as_of=AS_OF, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_closing_the_named_gaps_reaches_the_promised_verdict(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each step, re-assessed with its gaps (and the earlier steps') passing, gets exactly the
    verdict and level it promises, and the last step is ready at the required level."""
    assessment = assess_path(path, as_of=AS_OF)
    plan = assessment.path_to_ready
    assert plan is not None
    assert plan.reachable
    if assessment.verdict == "ready":
        assert plan.steps == ()
        return
    closed: list[str] = []
    for step in plan.steps:
        closed += step.checks
        again = _reassess(path, closed, monkeypatch)
        assert (again.verdict, again.level) == (step.verdict, step.level), describe(plan)
    assert plan.steps[-1].verdict == "ready"
    assert plan.steps[-1].level >= assessment.required_level


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_no_gap_in_a_step_could_be_left_open(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Leaving any one named gap open, re-assessed, falls short of the step's verdict: the
    path names nothing that is not needed."""
    plan = assess_path(path, as_of=AS_OF).path_to_ready
    assert plan is not None
    closed: list[str] = []
    for step in plan.steps:
        for check in step.checks:
            again = _reassess(path, [c for c in [*closed, *step.checks] if c != check], monkeypatch)
            reached = (again.verdict, again.level)
            assert reached != (step.verdict, step.level), f"{check} was not needed"
        closed += step.checks


def test_the_press_line_path_reads_as_a_sentence() -> None:
    """The press line must fix its two blockers and enough of its seven high gaps to leave a
    short list of conditions (five at most, the verdict rule) to be conditional, then the rest
    of its high gaps."""
    assessment = assess_path(SAMPLES / "press-line-payback-drift.yaml", as_of=AS_OF)
    assert assessment.path_to_ready is not None
    first, second = assessment.path_to_ready.steps
    assert (set(first.checks), first.verdict) == (
        {"FE-09", "IR-04", "IR-02", "FE-10"},
        "conditional",
    )
    assert second.verdict == "ready"
    text = describe(assessment.path_to_ready)
    assert text.startswith("close FE-09, IR-04, IR-02 and FE-10 (effort 10) → conditional, level ")
    assert "; then " in text
    assert "→ ready, level 3" in text


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_a_stricter_required_level_is_proven_too(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With level 4 required, the path's promise holds when re-assessed; and where it says
    ready is out of reach, closing every gap, re-assessed, is indeed not ready."""
    assessment = assess_path(path, as_of=AS_OF, required_level=4)
    plan = assessment.path_to_ready
    assert plan is not None
    closed = [c for step in plan.steps for c in step.checks]
    if plan.reachable and not plan.steps:  # ready at level 4 already: nothing to close
        assert assessment.verdict == "ready"
    elif plan.reachable:
        again = _reassess(path, closed, monkeypatch, required_level=4)
        assert (again.verdict, again.level) == (plan.steps[-1].verdict, plan.steps[-1].level)
        assert again.verdict == "ready"
    else:
        every_gap = [f.check for f in assessment.gaps]
        again = _reassess(path, every_gap, monkeypatch, required_level=4)
        assert again.verdict != "ready"
        if plan.steps:
            assert (again.verdict, again.level) == (plan.steps[-1].verdict, plan.steps[-1].level)


def test_fixture_projects_get_a_path_or_say_why_not() -> None:
    """Every fixture that assesses gets a path whose steps climb the verdicts."""
    order = ("not_ready", "conditional", "ready")
    for path in sorted(FIXTURES.glob("*.yaml")):
        try:
            assessment = assess_path(path, as_of=AS_OF)
        except readiness.assess.InputError:
            continue
        plan = assessment.path_to_ready
        assert plan is not None
        verdicts = [assessment.verdict, *(s.verdict for s in plan.steps)]
        assert [order.index(v) for v in verdicts] == sorted(order.index(v) for v in verdicts)


# --- the planner on made-up rules, against brute force ---------------------------------------


def _gap(check: str, effort: int, severity: str = "medium", status: str = "fail") -> Finding:
    return Finding(
        check=check,
        dimension="d",
        title=check,
        severity=severity,  # type: ignore[arg-type]
        level=2,
        effort=effort,
        status=status,  # type: ignore[arg-type]
        message="",
        pointer="",
        location=Location("f.yaml", 1, 1),
        rationale="",
        remediation="",
    )


def _threshold_rule(
    needed: int, blockers: Iterable[str] = ()
) -> Callable[[list[Finding]], tuple[Verdict, int]]:
    """not_ready while a named blocker is open; ready (level 3) once `needed` checks pass."""
    blocking = frozenset(blockers)

    def rescore(findings: list[Finding]) -> tuple[Verdict, int]:
        if any(f.check in blocking and f.status != "pass" for f in findings):
            return "not_ready", 1
        passing = sum(f.status == "pass" for f in findings)
        return ("ready", 3) if passing >= needed else ("conditional", 2)

    return rescore


def test_optional_gaps_are_searched_cheapest_first() -> None:
    """Any two of three gaps make it ready: the planner closes the two cheapest."""
    findings = [_gap("A", 5), _gap("B", 1), _gap("C", 2)]
    plan = plan_path(findings, 3, _threshold_rule(2))
    assert [s.checks for s in plan.steps] == [("B", "C")]
    assert (plan.steps[0].effort, plan.reachable, plan.proven_smallest) == (3, True, True)


def test_blockers_come_first_then_the_rest() -> None:
    """Two steps: the blocker alone reaches conditional, then the cheapest others ready."""
    findings = [_gap("X", 4, "blocker"), _gap("A", 3), _gap("B", 1)]
    plan = plan_path(findings, 3, _threshold_rule(2, blockers=["X"]))
    assert [(s.checks, s.verdict) for s in plan.steps] == [
        (("X",), "conditional"),
        (("B",), "ready"),
    ]
    assert (
        describe(plan)
        == "close X (effort 4) → conditional, level 2; then B (effort 1) → ready, level 3"
    )


def test_a_ready_project_has_no_steps() -> None:
    """Nothing to do: no steps, and it says so."""
    plan = plan_path([_gap("A", 1, status="pass")], 3, _threshold_rule(1))
    assert plan == PathToReady((), reachable=True, proven_smallest=True)
    assert describe(plan) == "already ready"


def test_out_of_reach_says_how_far_closing_everything_gets() -> None:
    """When closing every gap still falls short of ready, the path says so."""
    findings = [_gap("X", 2, "blocker"), _gap("A", 1)]
    plan = plan_path(findings, 3, _threshold_rule(5, blockers=["X"]))
    assert not plan.reachable
    # Closing A as well changes nothing, so it is not offered as a step.
    assert [(s.checks, s.verdict) for s in plan.steps] == [(("X",), "conditional")]
    assert describe(plan).endswith("ready is out of reach by closing these gaps alone")


def test_a_search_past_its_limit_settles_for_a_set_it_cannot_shrink() -> None:
    """With many optional gaps and a late answer the search stops at its limit and keeps a
    greedy set from which no gap can be dropped, marked as not proven the smallest."""
    findings = [_gap(f"G{i:02}", 1 + i % 3) for i in range(24)]
    rescore = _threshold_rule(14)
    plan = plan_path(findings, 3, rescore)
    (step,) = plan.steps
    assert len(step.checks) == 14
    assert step.verdict == "ready"
    assert not plan.proven_smallest
    calls = 0

    def counting(found: list[Finding]) -> tuple[Verdict, int]:
        nonlocal calls
        calls += 1
        return rescore(found)

    plan_path(findings, 3, counting)
    assert calls < SEARCH_LIMIT + 3 * len(findings)


def test_join_ids_reads_as_english() -> None:
    """Lists of ids read as a sentence."""
    assert [join_ids(ids) for ids in ((), ("A",), ("A", "B"), ("A", "B", "C"))] == [
        "",
        "A",
        "A and B",
        "A, B and C",
    ]


@settings(max_examples=150, deadline=None)
@given(
    efforts=st.lists(st.integers(1, 5), min_size=1, max_size=7),
    needs=st.lists(st.sets(st.integers(0, 6), min_size=1, max_size=3), min_size=1, max_size=3),
)
def test_the_planner_finds_the_cheapest_set_brute_force_finds(
    efforts: list[int], needs: list[set[int]]
) -> None:
    """On a monotone made-up rule — ready when, for each clause, some gap in it is closed —
    the one step costs exactly what the cheapest subset found by brute force costs."""
    findings = [_gap(f"G{i}", effort) for i, effort in enumerate(efforts)]
    clauses = [{f"G{i}" for i in need if i < len(efforts)} for need in needs]
    clauses = [clause for clause in clauses if clause]

    def rescore(found: list[Finding]) -> tuple[Verdict, int]:
        passing = {f.check for f in found if f.status == "pass"}
        return ("ready", 3) if all(clause & passing for clause in clauses) else ("conditional", 2)

    plan = plan_path(findings, 3, rescore)
    best = min(
        sum(f.effort for f in subset)
        for size in range(len(findings) + 1)
        for subset in itertools.combinations(findings, size)
        if all(clause & {f.check for f in subset} for clause in clauses)
    )
    assert plan.reachable
    assert sum(step.effort for step in plan.steps) == best


def test_the_path_is_in_every_format() -> None:
    """Terminal and Markdown show it as a table, JSON and SARIF as data, JUnit as a property,
    the GitHub notice as a sentence."""
    import json

    from readiness.report import FORMATTERS, render

    assessment = assess_path(SAMPLES / "press-line-payback-drift.yaml", as_of=AS_OF)
    assert assessment.path_to_ready is not None
    summary = describe(assessment.path_to_ready)
    shown = {name: render(name, assessment) for name in FORMATTERS}
    assert "Path to ready" in shown["terminal"]
    assert "| 1 | FE-09, IR-04, IR-02, FE-10 | 10 | Conditional, level 2 |" in shown["markdown"]
    assert json.loads(shown["json"])["path_to_ready"]["summary"] == summary
    sarif = json.loads(shown["sarif"])["runs"][0]["properties"]["pathToReady"]
    assert sarif["steps"][0]["close"] == ["FE-09", "IR-04", "IR-02", "FE-10"]
    assert f'name="path_to_ready" value="{summary}"' in shown["junit"]
    assert f"Path to ready: {summary}" in shown["github"]
    assert set(shown) <= {"terminal", "markdown", "json", "sarif", "junit", "github", "html"}


def test_many_gaps_are_closed_worst_first_in_a_handful_of_rescorings() -> None:
    """Past EXACT_GAPS open gaps the planner bisects over groups of one severity and level: the
    re-scorings stay a handful however many gaps (issue 18: quadratic, 91 s for 5,038), and
    the path says the set is not proven the smallest."""
    from readiness.path_to_ready import EXACT_GAPS

    findings = [_gap(f"G{i:04}", 1 + i % 3, ("high", "medium")[i % 2]) for i in range(2_000)]
    calls = 0

    def counting(found: list[Finding]) -> tuple[Verdict, int]:
        nonlocal calls
        calls += 1
        highs_open = any(f.severity == "high" and f.status != "pass" for f in found)
        return ("conditional", 2) if highs_open else ("ready", 3)

    plan = plan_path(findings, 3, counting)
    (step,) = plan.steps
    assert set(step.checks) == {f.check for f in findings if f.severity == "high"}
    assert (step.verdict, plan.reachable, plan.proven_smallest) == ("ready", True, False)
    assert plan.note.startswith(f"2,000 open gaps, more than the {EXACT_GAPS} searched")
    assert calls <= 6
    assert describe(plan).count("G") <= 41  # 40 ids named, the rest counted
    assert "and 960 more" in describe(plan)


@functools.cache
def _case_findings() -> list[list[Finding]]:
    """Each sample's and each path fixture's findings."""
    paths = [*PROJECTS, *sorted((FIXTURES / "path-to-ready").glob("*.yaml"))]
    return [list(assess_path(path, as_of=AS_OF).findings) for path in paths]


@settings(max_examples=300)
@given(data=st.data())
def test_closing_counts_score_as_the_whole_list_does(data: st.DataObject) -> None:
    """The assessment's fast re-scoring of "these findings with these gaps closed" (counts kept
    per state) gives what scoring the whole list with those gaps passing gives, on every
    sample and path fixture, any set of gaps, any required level and claim deviation."""
    findings = data.draw(st.sampled_from(_case_findings()))
    required = data.draw(st.integers(0, 5))
    deviation = data.draw(st.none() | st.floats(0, 3))
    rescore = readiness.assess._Rescorer(builtin_rubrics(), required, deviation)
    gaps = sorted(f.check for f in findings if f.status in ("fail", "partial", "missing"))
    closed = frozenset(data.draw(st.lists(st.sampled_from(gaps), unique=True)) if gaps else [])
    whole = [replace(f, status="pass") if f.check in closed else f for f in findings]
    bit = gap_bit(findings)
    mask = sum(bit[check] for check in closed)
    assert rescore.closed(findings)(mask) == rescore(whole)


def test_an_assessment_without_its_path_changes_nothing_else() -> None:
    """`with_path=False` (the case book reads only findings) leaves the path out, as "not
    computed", and every other field as the full assessment has it."""
    from readiness.assess import assess_document
    from readiness.loader import load_file

    document = load_file(SAMPLES / "press-line-payback-drift.yaml")
    rubrics = builtin_rubrics()
    full = assess_document(document, as_of=AS_OF, rubrics=rubrics)
    bare = assess_document(document, as_of=AS_OF, rubrics=rubrics, with_path=False)
    assert full.path_to_ready is not None
    assert full.path_to_ready.steps
    assert bare.path_to_ready is None
    assert describe(bare.path_to_ready) == "not computed"
    assert replace(full, path_to_ready=None) == bare
