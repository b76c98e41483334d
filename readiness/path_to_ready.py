"""The path to ready: the least a project that is not ready must do, step by step.

For each verdict above the current one (not_ready → conditional → ready) the planner finds the
smallest set of gaps, by total effort, whose closing reaches it, and says what that reaches. It
never guesses: every candidate is judged by re-scoring the findings with those checks passing,
through the `Rescore` function the assessment hands it — the same scoring functions that gave the
verdict — so a change to the band rule or the verdict changes the path with it.

The search stays bounded however many gaps there are. Closing more gaps never lowers a verdict,
so a gap is *needed* when closing every other gap still falls short; when the needed gaps reach
the target on their own they are the smallest set (the usual case: a weakest-link ladder makes
every gap that holds a band back needed). Otherwise the optional gaps are searched cheapest
first, up to `SEARCH_LIMIT` re-scorings, and past that a set is shrunk greedily until no gap can
be dropped — a small set, reported as not proven the smallest.

Finding the needed gaps costs one re-scoring per gap, and a re-scoring reads every finding: with
more than `EXACT_GAPS` open gaps (a pack of thousands of failing checks) that search would be
quadratic, so the gaps are instead closed worst first, a group of one severity and level at a
time, and the fewest groups that reach the verdict are found by bisection — a handful of
re-scorings, the path saying that it is not proven the smallest and why (`PathToReady.note`).

The search is optimistic — a gap closed simply passes — so each chosen step is then *realised*
(`Realise`, `readiness.repairs`): its gaps are repaired in a copy of the file where the repair
can be computed and assumed closed where it cannot, and the copy is assessed again. The step
reports what that re-assessment reaches, with the edits, assumptions and changed figures, and
the next step is chosen from there: when a repair reopens another gap (capped benefits make the
claimed payback wrong), the path goes on to close it, so it never promises what following it
does not reach.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from typing import Any

from readiness.model import (
    GAP_STATUSES,
    SEVERITY_RANK,
    VERDICT_ORDER,
    Finding,
    PathAssumption,
    PathEdit,
    PathStep,
    PathToReady,
    Verdict,
)
from readiness.record import Record, replace
from readiness.vocabulary import IDS_SHOWN, join_ids

Outcome = tuple[Verdict, int]
Rescore = Callable[[list[Finding]], Outcome]
"""The verdict and readiness level the scoring gives a list of findings."""

SEARCH_LIMIT = 512
"""Re-scorings the cheapest-first search may spend on optional gaps before settling for a
greedy set: enough for a dozen optional gaps, and a few milliseconds."""

EXACT_GAPS = 96
"""Open gaps up to which the smallest set is searched; past it, worst first by bisection."""


class State(Record):
    """The project as the path has left it: its data, facts and findings, the checks taken to
    pass on an assumption and those whose figures were repaired (a figure is repaired once; a
    claim is corrected again whenever the figures behind it move), and the top-level keys each
    fact read (`derive_facts(reads=...)`), so a repair re-derives only the facts it can change."""

    findings: tuple[Finding, ...]
    data: Mapping[str, Any] = field(default_factory=dict)
    facts: Mapping[str, Any] = field(default_factory=dict)
    assumed: frozenset[str] = frozenset()
    repaired: frozenset[str] = frozenset()
    reads: Mapping[str, frozenset[str]] = field(default_factory=dict)


class Realised(Record):
    """A step applied: the state it leaves and what it changed on the way."""

    state: State
    edits: tuple[PathEdit, ...] = ()
    assumptions: tuple[PathAssumption, ...] = ()
    changes: tuple[str, ...] = ()
    reopened: tuple[str, ...] = ()


Realise = Callable[[State, Sequence[Finding]], Realised]
"""Closes gaps on a state: repairs what it can, assumes the rest, and assesses again."""

MAX_STEPS = 8
"""Steps the path may take: one per verdict to climb, and a few for what repairs reopen."""


def assumption(finding: Finding) -> str:
    """What a gap with no computable repair is taken to get: what its advice asks for."""
    advice = (finding.remediation or finding.title).strip()
    first = advice.split(". ")[0].rstrip(".")
    if len(first) > 1 and first[0].isupper() and first[1].islower():
        first = first[0].lower() + first[1:]
    if first.split(" ", 1)[0] in _NOT_A_VERB:
        return f"assumes this is done: {first}"
    return f"assumes you {first}"


_NOT_A_VERB = frozenset(
    {"for", "if", "where", "when", "in", "on", "with", "before", "after", "each", "every", "all"}
    | {"no", "the", "a", "an", "at", "one", "both", "any", "once"}
)


def assume_closed(state: State, gaps: Sequence[Finding]) -> Realised:
    """Close gaps on their assumption alone (no file to repair): they pass, nothing else moves."""
    closing = {f.check for f in gaps}
    return Realised(
        state=replace(
            state,
            findings=tuple(
                replace(f, status="pass") if f.check in closing else f for f in state.findings
            ),
            assumed=state.assumed | closing,
        ),
        assumptions=tuple(PathAssumption(check=f.check, text=assumption(f)) for f in gaps),
    )


def plan_path(
    findings: Sequence[Finding],
    required_level: int,
    rescore: Rescore,
    realise: Realise = assume_closed,
    start: State | None = None,
    rescore_of: Callable[[State], Rescore] | None = None,
) -> PathToReady:
    """The steps from the findings' verdict to ready, each the least effort that reaches the
    next verdict (the last one ready at the required level), each applied by `realise` and
    re-assessed before the next is chosen, so a step reports what it really reaches."""
    state = start or State(findings=tuple(findings))
    first = rescore

    def scoring(state: State) -> Rescore:
        """The scoring of a state (the verdict rule may read the state's own figures)."""
        return first if rescore_of is None or state is start else rescore_of(state)

    outcome = rescore(list(state.findings))
    steps: list[PathStep] = []
    proven = True
    note = ""
    for _ in range(MAX_STEPS):
        verdict, level = outcome
        if _is_ready(verdict, level, required_level):
            return PathToReady(tuple(steps), reachable=True, proven_smallest=proven, note=note)
        wanted = VERDICT_ORDER[min(VERDICT_ORDER.index(verdict) + 1, len(VERDICT_ORDER) - 1)]
        goal = _goal(wanted, required_level)
        rescore = scoring(state)
        scorer = _closed_scorer(rescore, state.findings)
        open_gaps = [f for f in state.findings if f.status in GAP_STATUSES]
        bit = gap_bit(state.findings)

        reaches = _reaching(goal, scorer)
        if len(open_gaps) > EXACT_GAPS:
            chosen, exact = _worst_first(open_gaps, reaches, bit)
            note = note or _bisected(len(open_gaps))
        else:
            chosen, exact = _smallest_closing(open_gaps, reaches, bit)
        if chosen is None:
            if open_gaps:
                realised = realise(state, open_gaps)
                reached = scoring(realised.state)(list(realised.state.findings))
                if reached != outcome:
                    steps.append(_step(open_gaps, reached, realised))
            return PathToReady(tuple(steps), reachable=False, proven_smallest=proven, note=note)
        proven = proven and exact
        realised = realise(state, chosen)
        state = realised.state
        outcome = scoring(state)(list(state.findings))
        steps.append(_step(chosen, outcome, realised))
    verdict, level = outcome
    if _is_ready(verdict, level, required_level):
        return PathToReady(tuple(steps), reachable=True, proven_smallest=proven, note=note)
    stopped = f"stopped after {MAX_STEPS} steps: each repair reopened other gaps"
    return PathToReady(
        tuple(steps),
        reachable=False,
        proven_smallest=proven,
        note=f"{note}; {stopped}" if note else stopped,
    )


ClosedScore = Callable[[int], Outcome]
"""The outcome of a state's findings with some gaps closed: those whose bits are set in a mask
(`gap_bit`: bit n for the n-th gap of the findings)."""


def gap_bit(findings: Sequence[Finding]) -> dict[str, int]:
    """Each gap's bit in a mask of closed gaps: a set of closed gaps is one int, which costs
    an `|` to grow and nothing to hash, where sets of check ids took most of a programme's
    path-to-ready time."""
    gaps = dict.fromkeys(f.check for f in findings if f.status in GAP_STATUSES)
    return {check: 1 << index for index, check in enumerate(gaps)}


def _mask(gaps: Iterable[Finding], bit: Mapping[str, int]) -> int:
    mask = 0
    for gap in gaps:
        mask |= bit[gap.check]
    return mask


def _closed_scorer(rescore: Rescore, findings: Sequence[Finding]) -> ClosedScore:
    """The findings scored with sets of gaps closed, each distinct set once (the bisection and
    the step that follows it ask for the same set). A rescore with a `closed` method (the
    assessment's) scores a mask itself, from counts it keeps; any other is given the whole
    list."""
    fast = getattr(rescore, "closed", None)
    scored: ClosedScore = fast(findings) if callable(fast) else _by_copies(rescore, findings)
    known: dict[int, Outcome] = {}

    def remembered(mask: int) -> Outcome:
        outcome = known.get(mask)
        if outcome is None:
            outcome = known[mask] = scored(mask)
        return outcome

    return remembered


def _by_copies(rescore: Rescore, findings: Sequence[Finding]) -> ClosedScore:
    """A mask's outcome from the whole list with its gaps passing (any rescore can do this)."""
    closing = Closing(findings)
    bits = gap_bit(findings).items()
    return lambda mask: rescore(closing(check for check, bit in bits if mask & bit))


def _reaching(goal: Callable[[Outcome], bool], score: ClosedScore) -> Callable[[int], bool]:
    """Whether closing the gaps of a mask reaches the goal."""
    return lambda mask: goal(score(mask))


def _bisected(count: int) -> str:
    return (
        f"{count:,} open gaps, more than the {EXACT_GAPS} searched for the smallest set: gaps "
        "closed worst first, by severity then level, up to the group that reaches each verdict"
    )


def _is_ready(verdict: Verdict, level: int, required_level: int) -> bool:
    return verdict == "ready" and level >= required_level


def _goal(wanted: Verdict, required_level: int) -> Callable[[Outcome], bool]:
    """Whether an outcome reaches the wanted verdict (ready also needs the required level)."""
    rank = VERDICT_ORDER.index(wanted)

    def reached(outcome: Outcome) -> bool:
        verdict, level = outcome
        if wanted == "ready":
            return _is_ready(verdict, level, required_level)
        return VERDICT_ORDER.index(verdict) >= rank

    return reached


class Closing:
    """The findings as they would be with some checks passing; each passing finding is made
    once, when a set first closes it (a copy costs more than the re-scoring). For a rescore
    that cannot score closed sets itself (the assessment's scores them from masks)."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = findings
        self.gap_checks = frozenset(f.check for f in findings if f.status in GAP_STATUSES)
        self.passing: dict[str, Finding] = {}

    def passed(self, finding: Finding) -> Finding:
        made = self.passing.get(finding.check)
        if made is None:
            made = self.passing[finding.check] = replace(finding, status="pass")
        return made

    def __call__(self, checks: Iterable[str]) -> list[Finding]:
        closed = frozenset(checks) & self.gap_checks
        return [self.passed(f) if f.check in closed else f for f in self.findings]


def _step(gaps: Iterable[Finding], outcome: Outcome, realised: Realised) -> PathStep:
    ordered = sorted(gaps, key=_cost_order)
    return PathStep(
        checks=tuple(f.check for f in ordered),
        effort=sum(f.effort for f in ordered),
        verdict=outcome[0],
        level=outcome[1],
        edits=realised.edits,
        assumptions=realised.assumptions,
        changes=realised.changes,
        reopened=realised.reopened,
    )


def _cost_order(finding: Finding) -> tuple[int, str]:
    return (finding.effort, finding.check)


def _smallest_closing(
    open_gaps: list[Finding], reaches: Callable[[int], bool], bit: Mapping[str, int]
) -> tuple[list[Finding] | None, bool]:
    """The least-effort gaps to close for the goal (`reaches`, of a mask of closed gaps), and
    whether that set is proven the smallest; None when even closing every gap falls short."""
    every = _mask(open_gaps, bit)
    if not reaches(every):
        return None, True
    needed = [g for g in open_gaps if not reaches(every & ~bit[g.check])]
    base = _mask(needed, bit)
    if reaches(base):
        return needed, True
    optional = sorted((g for g in open_gaps if g not in needed), key=_cost_order)

    def with_needed(extra: list[Finding]) -> bool:
        return reaches(base | _mask(extra, bit))

    found = _cheapest_first(optional, with_needed)
    if found is not None:
        return [*needed, *found], True
    return [*needed, *_shrink(optional, with_needed)], False


def _worst_first(
    open_gaps: list[Finding], reaches: Callable[[int], bool], bit: Mapping[str, int]
) -> tuple[list[Finding] | None, bool]:
    """The gaps, worst first, up to the first group of one severity and level whose closing
    reaches the goal (None when all of them fall short), found by bisection over the groups
    (at most one per severity and level: a handful of re-scorings however many gaps there are):
    closing more never lowers a verdict, so whether a run of groups reaches the goal only turns
    from no to yes as it grows."""
    order = sorted(open_gaps, key=lambda f: (SEVERITY_RANK[f.severity], f.level, f.effort, f.check))
    groups = [(f.severity, f.level) for f in order]
    ends = [k + 1 for k in range(len(order)) if k + 1 == len(order) or groups[k + 1] != groups[k]]

    def first(count: int) -> bool:
        return reaches(_mask(order[:count], bit))

    if not first(len(order)):
        return None, True
    low, high = 0, len(ends) - 1
    while low < high:
        middle = (low + high) // 2
        if first(ends[middle]):
            high = middle
        else:
            low = middle + 1
    return order[: ends[high]], False


def _cheapest_first(
    optional: list[Finding], reaches: Callable[[list[Finding]], bool]
) -> list[Finding] | None:
    """Subsets of the optional gaps in order of total effort (then size, then ids) until one
    reaches the goal; None when `SEARCH_LIMIT` re-scorings are spent first.

    Each subset is grown from the previous by adding a later gap or moving its last gap one
    place on, so every subset comes out of the heap exactly once and the first that reaches
    the goal is the cheapest.
    """
    efforts = [g.effort for g in optional]
    heap: list[tuple[int, int, tuple[int, ...]]] = [(efforts[0], 1, (0,))] if optional else []
    for _ in range(SEARCH_LIMIT):
        if not heap:
            return None
        cost, size, picked = heapq.heappop(heap)
        subset = [optional[i] for i in picked]
        if reaches(subset):
            return subset
        last = picked[-1]
        if last + 1 < len(optional):
            heapq.heappush(heap, (cost + efforts[last + 1], size + 1, (*picked, last + 1)))
            moved = cost - efforts[last] + efforts[last + 1]
            heapq.heappush(heap, (moved, size, (*picked[:-1], last + 1)))
    return None


def _shrink(optional: list[Finding], reaches: Callable[[list[Finding]], bool]) -> list[Finding]:
    """All optional gaps, then drop each in turn (dearest first) while the rest still reach
    the goal: a set from which no gap can be dropped."""
    kept = list(optional)
    for gap in sorted(optional, key=_cost_order, reverse=True):
        trial = [g for g in kept if g is not gap]
        if reaches(trial):
            kept = trial
    return sorted(kept, key=_cost_order)


def describe(path: PathToReady | None) -> str:
    """The path in one line of plain text, e.g. "close IR-02 and FE-10 (effort 7) →
    conditional, level 1; then FE-09, IR-04 and FE-04 (effort 6) → ready, level 3"."""
    if path is None:
        return "not computed"
    if not path.steps:
        return "already ready" if path.reachable else "no gap to close changes the verdict"
    parts = [
        f"{'close' if i == 0 else 'then'} {join_ids(step.checks)} (effort {step.effort}) → "
        f"{step.verdict}, level {step.level}"
        + (f", reopening {join_ids(step.reopened)}" if step.reopened else "")
        for i, step in enumerate(path.steps)
    ]
    text = "; ".join(parts)
    if not path.reachable:
        text += "; ready is out of reach by closing these gaps alone"
    if path.note:
        text += f" ({path.note})"
    return text


def path_note(path: PathToReady) -> str:
    """What a reader must know about the path as a whole, in a sentence ("" for nothing)."""
    said = []
    if not path.reachable:
        said.append("Ready is out of reach by closing these gaps alone.")
    if path.note:
        said.append(f"{path.note[0].upper()}{path.note[1:]}.")
    elif not path.proven_smallest:
        said.append("A small set, not proven the smallest: too many optional gaps to try them all.")
    return " ".join(said)


def step_details(step: PathStep) -> list[str]:
    """What a step does and what follows, one sentence each, for every report: the edits
    (`set business_case.claimed_payback_years: 1.5 → 2.9 (FE-09)`), the assumptions
    (`FE-04: assumes you build contingency …`, the first `IDS_SHOWN` of them) and the figures
    and checks it moves."""
    lines = [
        f"set {edit.key}: {_value(edit.before)} → {_value(edit.after)} ({edit.check})"
        for edit in step.edits
    ]
    lines += [f"{a.check}: {a.text}" for a in step.assumptions[:IDS_SHOWN]]
    if len(step.assumptions) > IDS_SHOWN:
        more = len(step.assumptions) - IDS_SHOWN
        lines.append(
            f"… and {more:,} more gaps closed on their assumption (the JSON report lists them all)"
        )
    lines += list(step.changes)
    return lines


def _value(value: Any) -> str:
    if value is None:
        return "(not given)"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def path_data(path: PathToReady | None) -> dict[str, Any] | None:
    """The path as plain data: the JSON result's `path_to_ready`, also in SARIF's properties."""
    if path is None:
        return None
    return {
        "summary": describe(path),
        "reachable": path.reachable,
        "proven_smallest": path.proven_smallest,
        **({"note": path.note} if path.note else {}),
        "steps": [
            {
                "close": list(s.checks),
                "effort": s.effort,
                "verdict": s.verdict,
                "level": s.level,
                "edits": [
                    {
                        "check": e.check,
                        "path": e.key,
                        "pointer": e.pointer,
                        "from": e.before,
                        "to": e.after,
                    }
                    for e in s.edits
                ],
                "assumptions": [{"check": a.check, "assumes": a.text} for a in s.assumptions],
                "changes": list(s.changes),
                "reopened": list(s.reopened),
            }
            for s in path.steps
        ],
    }
