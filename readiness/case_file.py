"""The case as the project file states it, for the page a funder signs.

The checks judge the case; the annex must also show it, so an assessor can follow each loss to
the components that address it, the benefit claimed on it and the evidence behind both, and
read the funding ask, the baseline and the pilot without opening the YAML. Pure: plain data in
(a valid project file), a `CaseFile` out; nothing here judges.
"""

from __future__ import annotations

from typing import Any

from readiness.model import CaseFile, FundingAsk, LossTrace, PilotResult
from readiness.vocabulary import strongest_grade

__all__ = ["case_file"]

OEE_PARTS = ("availability", "performance", "quality", "overall")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _ids(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _grade(cited: list[str], kinds: dict[str, str]) -> str | None:
    """The strongest kind among the cited evidence ids the register knows; None if none."""
    return strongest_grade(kinds.get(ref) for ref in cited) if cited else None


def case_file(data: dict[str, Any]) -> CaseFile:
    """The case a valid project file states (absent parts are None or empty)."""
    project = _mapping(data.get("project"))
    owner = _mapping(project.get("owner"))
    owner_text = ", ".join(str(owner[key]) for key in ("name", "role") if owner.get(key))
    kinds = {
        str(item.get("id")): str(item.get("kind"))
        for item in _items(data.get("evidence"))
        if item.get("kind")
    }
    baseline = _mapping(data.get("baseline"))
    period = _mapping(baseline.get("period"))
    oee = _mapping(baseline.get("oee"))
    pilot = _mapping(data.get("pilot"))
    return CaseFile(
        site=_text(project.get("site")),
        sector=_text(project.get("sector")),
        stage=_text(project.get("stage")),
        owner=owner_text or None,
        summary=_text(project.get("summary")),
        funding=_funding(data.get("funding"), kinds),
        losses=_losses(data, kinds),
        baseline_from=_text(period.get("from")),
        baseline_to=_text(period.get("to")),
        baseline_source=_text(baseline.get("source")),
        oee=tuple(
            (part, number) for part in OEE_PARTS if (number := _number(oee.get(part))) is not None
        ),
        planned_hours=_number(baseline.get("planned_hours")),
        pilot_criteria=tuple(str(c) for c in pilot.get("criteria") or () if c is not None),
        pilot_criteria_set_on=_text(pilot.get("criteria_set_on")),
        pilot_started_on=_text(pilot.get("started_on")),
        pilot_results=_pilot_results(pilot, baseline),
    )


def _funding(value: Any, kinds: dict[str, str]) -> FundingAsk | None:
    funding = _mapping(value)
    if not funding:
        return None
    grant = _number(funding.get("grant_requested"))
    eligible = _number(funding.get("eligible_cost"))
    match = funding.get("match_secured")
    return FundingAsk(
        scheme=_text(funding.get("scheme")),
        grant_requested=grant,
        eligible_cost=eligible,
        rate_asked=grant / eligible if grant is not None and eligible else None,
        max_rate=_number(funding.get("max_intervention_rate")),
        match_secured=match if isinstance(match, bool) else None,
        match_evidence=tuple(
            f"{ref} ({kinds[ref]})" if ref in kinds else f"{ref} (not in the register)"
            for ref in _ids(funding.get("match_evidence"))
        ),
        private_investment=_number(funding.get("private_investment")),
    )


def _losses(data: dict[str, Any], kinds: dict[str, str]) -> tuple[LossTrace, ...]:
    """Each baseline loss in the file's order, then each benefit claimed on no baseline loss."""
    losses = _items(_mapping(data.get("baseline")).get("losses"))
    components = _items(_mapping(data.get("solution")).get("components"))
    benefits = _items(_mapping(data.get("business_case")).get("benefits"))
    known = {str(loss.get("id")) for loss in losses}
    # Indexed once: a file of thousands of losses and components is linear, not quadratic.
    addressing: dict[str, list[str]] = {}
    for component in components:
        name = str(component.get("name") or component.get("id"))
        for loss_id in dict.fromkeys(_ids(component.get("addresses"))):
            addressing.setdefault(loss_id, []).append(name)
    claims: dict[str, list[dict[str, Any]]] = {}
    for benefit in benefits:
        claims.setdefault(str(benefit.get("loss")), []).append(benefit)
    rows = [
        _trace(str(loss.get("id")), loss, addressing, claims, kinds, in_baseline=True)
        for loss in losses
    ]
    orphans = dict.fromkeys(str(b.get("loss")) for b in benefits if str(b.get("loss")) not in known)
    rows.extend(_trace(name, {}, addressing, claims, kinds, in_baseline=False) for name in orphans)
    return tuple(rows)


def _trace(
    loss_id: str,
    loss: dict[str, Any],
    addressing: dict[str, list[str]],
    claims: dict[str, list[dict[str, Any]]],
    kinds: dict[str, str],
    *,
    in_baseline: bool,
) -> LossTrace:
    claimed = claims.get(loss_id, [])
    amounts = [a for b in claimed if (a := _number(b.get("annual"))) is not None]
    return LossTrace(
        loss=loss_id,
        description=_text(loss.get("description")) or _text(loss.get("category")),
        annual_cost=_number(loss.get("annual_cost")),
        components=tuple(addressing.get(loss_id, ())),
        benefit=sum(amounts) if amounts else None,
        cost_evidence=_grade(_ids(loss.get("evidence")), kinds),
        benefit_evidence=_grade([ref for b in claimed for ref in _ids(b.get("evidence"))], kinds),
        in_baseline=in_baseline,
    )


def _pilot_results(pilot: dict[str, Any], baseline: dict[str, Any]) -> tuple[PilotResult, ...]:
    kpis = {str(k.get("id")): k for k in _items(baseline.get("kpis"))}
    results = []
    for result in _items(pilot.get("results")):
        kpi = kpis.get(str(result.get("kpi")), {})
        results.append(
            PilotResult(
                kpi=str(result.get("kpi")),
                name=_text(kpi.get("name")),
                unit=_text(kpi.get("unit")),
                before=_number(result.get("before")),
                after=_number(result.get("after")),
                weeks=_number(result.get("weeks")),
                target=_number(kpi.get("target")),
            )
        )
    return tuple(results)
