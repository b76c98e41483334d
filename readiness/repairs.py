"""Repairs for the path to ready: what closing a gap changes in the file, and what follows.

Where a gap's repair can be computed from the file itself (cap a benefit at the cost of its
loss, cap the problem's impact at its losses' cost, cost the rollout at the per-asset rate,
correct a claimed payback to the recomputed one) it is an edit to a copy of the data; where it
cannot (evidence to collect, a person to train), it is an assumption, stated, and the check is
taken to pass. `Reassessment.realise` applies a step's repairs and assesses the copy again, so
every knock-on effect shows: capping benefits lengthens the payback and the claim must change;
costing the rollout honestly raises the capex and the stress may fail.

Re-assessing re-runs only what a repair can change. A step of assumptions alone edits nothing:
the findings are kept and only the assumed checks change. A step with edits derives the facts
again from the edited copy (each a small computation), then re-evaluates only the checks that
read an edited key or a fact whose value changed, keeping every other finding as it was.

Repairs are keyed by check id (`REPAIRS`); any other check gets the generic assumption, so a
pack's own checks have a path too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from readiness.engine import Subject, evaluate_check, holds
from readiness.facts import FACT_REGISTRY, Fact, derive_facts
from readiness.loader import Document
from readiness.model import (
    GAP_STATUSES,
    Check,
    Condition,
    Finding,
    PathAssumption,
    PathEdit,
    Waiver,
)
from readiness.path_to_ready import Realised, State, assumption
from readiness.paths import dotted_path
from readiness.pointers import escape_pointer_token, pointer_tokens
from readiness.record import replace
from readiness.waivers import apply_waivers

Edits = tuple[PathEdit, ...]
RepairFunction = Callable[[str, Mapping[str, Any], Mapping[str, Fact]], Edits]
"""A check's computable repair: the edits that close it, given the data and its facts; none
when this file's figures do not allow one (then the gap is assumed closed)."""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _amount(value: float, like: Any) -> int | float:
    """A money figure as the file writes it: whole when the figure it replaces was whole."""
    if isinstance(like, int) and not isinstance(like, bool):
        return math.floor(value)
    return math.floor(value * 100) / 100


def _edit(check: str, tokens: Sequence[str | int], before: Any, after: Any) -> PathEdit:
    return PathEdit(
        check=check,
        pointer="".join(f"/{escape_pointer_token(str(t))}" for t in tokens),
        key=dotted_path(tuple(tokens)),
        before=before,
        after=after,
    )


def _section(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    found = data.get(key)
    return found if isinstance(found, Mapping) else {}


def _items(node: Mapping[str, Any], key: str) -> list[tuple[int, Mapping[str, Any]]]:
    found = node.get(key)
    if not isinstance(found, list):
        return []
    return [(k, item) for k, item in enumerate(found) if isinstance(item, Mapping)]


def cap_benefits(check: str, data: Mapping[str, Any], facts: Mapping[str, Fact]) -> Edits:
    """Each loss's benefits cut back, in proportion, to at most the loss's cost. Only when every
    benefit names a costed loss and has an amount: a benefit on nothing cannot be capped."""
    losses: dict[str, float] = {}
    for _, loss in _items(_section(data, "baseline"), "losses"):
        cost = _number(loss.get("annual_cost"))
        loss_id = loss.get("id")
        if isinstance(loss_id, str) and loss_id not in losses:
            if cost is None:
                return ()
            losses[loss_id] = cost
    if any(
        _number(loss.get("annual_cost")) is None
        for _, loss in _items(_section(data, "baseline"), "losses")
    ):
        return ()
    benefits = _items(_section(data, "business_case"), "benefits")
    by_loss: dict[str, list[tuple[int, float, Any]]] = {}
    for k, benefit in benefits:
        amount = _number(benefit.get("annual"))
        loss_id = benefit.get("loss")
        if amount is None or not isinstance(loss_id, str) or loss_id not in losses:
            return ()
        by_loss.setdefault(loss_id, []).append((k, amount, benefit.get("annual")))
    edits = []
    for loss_id, claimed in by_loss.items():
        total = sum(amount for _, amount, _ in claimed)
        cost = losses[loss_id]
        if total <= cost or total <= 0:
            continue
        for k, amount, written in claimed:
            after = _amount(amount * cost / total, written)
            edits.append(_edit(check, ("business_case", "benefits", k, "annual"), written, after))
    return tuple(edits)


def cap_problem_impact(check: str, data: Mapping[str, Any], facts: Mapping[str, Fact]) -> Edits:
    """The problem's yearly impact cut back to the cost of the losses it names."""
    fact = facts.get("problem_quantified")
    value = fact.value if fact is not None and isinstance(fact.value, dict) else {}
    cost, impact = value.get("cost_of_losses_named"), value.get("annual_impact")
    if cost is None or impact is None or cost <= 0 or impact <= cost:
        return ()
    written = _section(data, "problem").get("annual_impact")
    return (_edit(check, ("problem", "annual_impact"), written, _amount(cost, written)),)


def cost_rollout(check: str, data: Mapping[str, Any], facts: Mapping[str, Fact]) -> Edits:
    """The scale-up estimate set to the pilot's cost per asset times the assets at scale, and the
    difference added to the capex (and to the last phase's, which the rollout spends)."""
    fact = facts.get("scale_cost")
    value = fact.value if fact is not None and isinstance(fact.value, dict) else {}
    naive, estimate = value.get("naive"), value.get("estimate")
    if naive is None or estimate is None or estimate >= naive:
        return ()
    integration = _section(data, "integration")
    written = integration.get("scale_cost_estimate")
    after = _amount(naive, written)
    edits = [_edit(check, ("integration", "scale_cost_estimate"), written, after)]
    extra = after - estimate
    case = _section(data, "business_case")
    capex = _number(case.get("capex"))
    if capex is not None and extra > 0:
        raised = _amount(capex + extra, case.get("capex"))
        edits.append(_edit(check, ("business_case", "capex"), case.get("capex"), raised))
        phases = _items(case, "phases")
        costed = [(k, phase) for k, phase in phases if _number(phase.get("capex")) is not None]
        if costed:
            k, phase = costed[-1]
            before = phase.get("capex")
            after_phase = _amount((_number(before) or 0.0) + extra, before)
            edits.append(_edit(check, ("business_case", "phases", k, "capex"), before, after_phase))
    return tuple(edits)


def correct_claim(check: str, data: Mapping[str, Any], facts: Mapping[str, Fact]) -> Edits:
    """The claimed payback corrected to the one recomputed from the figures (to a tenth of a
    year, or a hundredth where a tenth is too coarse)."""
    fact = facts.get("payback_claim")
    value = fact.value if fact is not None and isinstance(fact.value, dict) else {}
    computed = value.get("computed")
    if computed is None or computed <= 0:
        return ()
    after = round(computed, 1)
    if abs(after - computed) > 0.01 * computed:
        after = round(computed, 2)
    written = _section(data, "business_case").get("claimed_payback_years")
    if after == written:
        return ()
    return (_edit(check, ("business_case", "claimed_payback_years"), written, after),)


REPAIRS: dict[str, RepairFunction] = {
    "BL-04": cap_benefits,
    "FE-02": cap_benefits,
    "FE-01": cap_problem_impact,
    "IR-04": cost_rollout,
}
"""Repairs of figures, by check id, applied first."""

CLAIM_REPAIRS: dict[str, RepairFunction] = {
    "FE-09": correct_claim,
}
"""Repairs of claims made from the figures, applied once the figures' repairs are in."""


def set_at(data: Any, tokens: Sequence[str], value: Any) -> Any:
    """A copy of `data` with the value at the pointer tokens replaced; only the containers on
    the way are copied, the rest is shared (nothing is ever changed in place)."""
    if not tokens:
        return value
    head, rest = tokens[0], tokens[1:]
    if isinstance(data, list):
        index = int(head)
        copied = list(data)
        copied[index] = set_at(data[index], rest, value)
        return copied
    copied_map = dict(data)
    copied_map[head] = set_at(data.get(head), rest, value)
    return copied_map


# Figures a step reports when they change: (fact, key, what it is called, unit).
FIGURES: tuple[tuple[str, str, str, str], ...] = (
    ("payback", "years", "payback", "years"),
    ("stressed_payback", "years", "stressed payback", "years"),
    ("sensitivity_payback", "years", "payback with benefits short", "years"),
    ("loss_costing", "benefits_claimed", "benefits claimed", "a year"),
    ("payback", "capex", "capex", ""),
)


class Reassessment:
    """Applies steps of repairs to copies of one project and assesses each copy again, with the
    same packs, date, folder and waivers as the assessment it starts from."""

    def __init__(
        self,
        document: Document,
        *,
        checks: Sequence[Check],
        dimension_applies: Mapping[str, Condition | None],
        parameters: Mapping[str, Any],
        as_of: date,
        base_dir: Path | None,
        waivers: Sequence[Waiver],
    ) -> None:
        self.document = document
        self.checks = {check.id: check for check in checks}
        self.dimension_applies = dimension_applies
        self.parameters = parameters
        self.as_of = as_of
        self.base_dir = base_dir
        self.waivers = list(waivers)

    def realise(self, state: State, gaps: Sequence[Finding]) -> Realised:
        """The state after closing these gaps: computable repairs applied to a copy of the
        data (figures first, then claims on the repaired figures), the rest assumed."""
        checks = list(dict.fromkeys(f.check for f in gaps))
        data, facts, reads = state.data, state.facts, state.reads
        edits: list[PathEdit] = []
        for table, once in ((REPAIRS, True), (CLAIM_REPAIRS, False)):
            found: list[PathEdit] = []
            for check in checks:
                compute = table.get(check)
                if compute is not None and not (once and check in state.repaired):
                    found += compute(check, data, facts)
            if found:
                for edit in found:
                    data = set_at(data, pointer_tokens(edit.pointer), edit.after)
                facts, reads = self._facts(data, facts, reads, found)
                edits += found
        repaired = {edit.check for edit in edits}
        assumptions = tuple(
            PathAssumption(check=f.check, text=assumption(f))
            for f in gaps
            if f.check not in repaired
        )
        assumed = state.assumed | {a.check for a in assumptions}
        findings = self._findings(state, data, facts, edits, assumed)
        new = State(
            data=data,
            facts=facts,
            findings=findings,
            assumed=assumed,
            repaired=state.repaired | repaired,
            reads=reads,
        )
        before = {f.check for f in state.findings if f.status in GAP_STATUSES}
        reopened = tuple(
            f.check for f in findings if f.status in GAP_STATUSES and f.check not in before
        )
        changes = _figures(state.facts, facts) + tuple(
            f"{f.check} now {'fails' if f.status == 'fail' else f.status.replace('_', ' ')}: "
            f"{f.message}"
            for f in findings
            if f.check in reopened
        )
        return Realised(
            state=new,
            edits=tuple(edits),
            assumptions=assumptions,
            changes=changes,
            reopened=reopened,
        )

    def _facts(
        self,
        data: Mapping[str, Any],
        facts: Mapping[str, Fact],
        reads: Mapping[str, frozenset[str]],
        edits: Sequence[PathEdit],
    ) -> tuple[dict[str, Fact], dict[str, frozenset[str]]]:
        """The facts of the edited data: those that read an edited top-level key (or whose
        reads are not known) derived again, the others kept; with what each read."""
        edited = {pointer_tokens(edit.pointer)[0] for edit in edits}
        stale = {
            name
            for name, _ in FACT_REGISTRY
            if name not in reads or "*" in reads[name] or reads[name] & edited
        }
        read_now: dict[str, frozenset[str]] = {}
        fresh = derive_facts(
            data,
            as_of=self.as_of,
            parameters=self.parameters,
            base_dir=self.base_dir,
            citations=self.document.citations,  # repairs edit numbers, never a citation
            only=stale,
            reads=read_now,
        )
        merged = {
            name: fresh[name] if name in stale else facts[name]
            for name, _ in FACT_REGISTRY
            if (name in fresh if name in stale else name in facts)
        }
        return merged, {**reads, **read_now}

    def _findings(
        self,
        state: State,
        data: Mapping[str, Any],
        facts: Mapping[str, Fact],
        edits: Sequence[PathEdit],
        assumed: frozenset[str],
    ) -> tuple[Finding, ...]:
        """The findings on the edited copy: each check that reads an edited key or a changed
        fact evaluated again, the rest kept; assumed gaps then taken to pass."""
        findings = list(state.findings)
        if edits:
            edited = [edit.pointer for edit in edits]
            changed_facts = {
                name
                for name in set(facts) | set(state.facts)
                if name not in facts
                or name not in state.facts
                or (
                    facts[name] is not state.facts[name]
                    and facts[name].value != state.facts[name].value
                )
            }
            subject = Subject(replace(self.document, data=data), facts, self.parameters)
            root = subject.root
            applies = {d: holds(c, root) for d, c in self.dimension_applies.items()}
            again: list[Finding] = []
            places: list[int] = []
            for index, finding in enumerate(findings):
                check = self.checks.get(finding.check)
                if check is None or not _reads_changed(
                    check, self.dimension_applies, edited, changed_facts
                ):
                    continue
                again.append(
                    evaluate_check(check, subject, root, applies.get(check.dimension, True))
                )
                places.append(index)
            for index, finding in zip(places, apply_waivers(again, self.waivers), strict=True):
                findings[index] = replace(
                    finding, priority=findings[index].priority, bucket=findings[index].bucket
                )
        return tuple(
            replace(f, status="pass") if f.check in assumed and f.status in GAP_STATUSES else f
            for f in findings
        )


def _reads_changed(
    check: Check,
    dimension_applies: Mapping[str, Condition | None],
    edited: Sequence[str],
    changed_facts: set[str],
) -> bool:
    """Whether the check reads what changed: an edited key, or a fact whose value moved, at
    its path, its `applies_when` or its dimension's."""

    def reads(path: str) -> bool:
        if path.startswith("/facts/"):
            return path.split("/")[2] in changed_facts
        if path in ("", "/facts"):
            return True
        return any(
            e == path or e.startswith(path + "/") or path.startswith(e + "/") for e in edited
        )

    condition = dimension_applies.get(check.dimension)
    return (
        reads(check.path)
        or (check.applies_when is not None and reads(check.applies_when.path))
        or (condition is not None and reads(condition.path))
    )


def _years(value: Any) -> str:
    return f"{value:.1f}"


def _figures(before: Mapping[str, Fact], after: Mapping[str, Fact]) -> tuple[str, ...]:
    """`payback becomes 2.9 years (was 2.1)` for each business-case figure a step changes."""
    said = []
    for name, key, words, unit in FIGURES:
        old, new = _figure(before, name, key), _figure(after, name, key)
        if old == new:
            continue
        if unit == "years":
            shown_old = "never" if old is None else f"{_years(old)} years"
            shown_new = "never pays back" if new is None else f"becomes {_years(new)} years"
            if shown_new.endswith(shown_old):
                continue
            said.append(f"{words} {shown_new} (was {shown_old})")
        elif old is not None and new is not None:
            unit_text = f" {unit}" if unit else ""
            said.append(f"{words} becomes {new:,.0f}{unit_text} (was {old:,.0f})")
    return tuple(said)


def _figure(facts: Mapping[str, Fact], name: str, key: str) -> float | None:
    fact = facts.get(name)
    value = fact.value if fact is not None and isinstance(fact.value, dict) else None
    if value is None:
        return None
    found = value.get(key)
    return float(found) if isinstance(found, int | float) else None
