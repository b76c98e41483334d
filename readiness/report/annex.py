"""What the funder's annex shows beyond the verdict, as plain text for the HTML annex and the
Markdown report alike (each escapes it for its format): the project and the funding ask, the
case traced loss by loss, the baseline and the pilot, a sentence for each dimension whose band
falls short of its score, and the digests that tie the page to the file it judged.
"""

from __future__ import annotations

from collections.abc import Iterable

from readiness.model import (
    BAND_NAMES,
    STATUS_WORDS,
    Assessment,
    CaseFile,
    DimensionScore,
    PackInfo,
)
from readiness.report.caps import capped, left_out
from readiness.report.numbers import number
from readiness.scoring import band_holders

__all__ = [
    "band_notes",
    "baseline_lines",
    "facts",
    "funding_rows",
    "pack_digest_line",
    "pilot_dates",
    "pilot_rows",
    "trace_rows",
    "verify_commands",
]

SHORT_DIGEST = 12  # hex digits of a pack's digest in a footer; the packs table has them whole
OEE_WORDS = {
    "availability": "availability",
    "performance": "performance",
    "quality": "quality",
    "overall": "overall OEE",
}


def _plain_money(amount: float | None, currency: str | None) -> str:
    """Money as plain text (`money` builds Markdown; its only markup is the escaped currency)."""
    if amount is None:
        return "not stated"
    decimals = 0 if float(amount).is_integer() else 2
    text = number(amount, decimals)
    return f"{text} {currency}" if currency else text


def _share(value: float | None) -> str:
    return "not stated" if value is None else f"{number(value * 100, 1).removesuffix('.0')}%"


def facts(assessment: Assessment) -> list[tuple[str, str]]:
    """The project's who and what, for the first page (absent items left out)."""
    case = assessment.case or CaseFile()
    rows = [
        ("Project", f"{assessment.project_name} ({assessment.project_id})"),
        ("Site", case.site),
        ("Sector", case.sector),
        ("Stage", case.stage),
        ("Owner", case.owner),
        ("Summary", case.summary),
    ]
    return [(label, value) for label, value in rows if value]


def funding_rows(assessment: Assessment) -> list[tuple[str, str]]:
    """The funding ask: scheme, grant, eligible cost, rate asked against the scheme's maximum,
    match funding and the evidence for it. Empty when the file asks no funder for anything."""
    case = assessment.case
    ask = case.funding if case else None
    if ask is None:
        return []
    currency = assessment.business_case.currency
    rate = _share(ask.rate_asked)
    if ask.rate_asked is not None and ask.max_rate is not None:
        within = "within" if ask.rate_asked <= ask.max_rate + 1e-9 else "above"
        rate = f"{rate} of eligible cost, {within} the scheme's maximum of {_share(ask.max_rate)}"
    elif ask.max_rate is not None:
        rate = f"{rate} (scheme maximum {_share(ask.max_rate)})"
    match = {True: "secured", False: "not secured", None: "not stated"}[ask.match_secured]
    evidence = ", ".join(ask.match_evidence) if ask.match_evidence else "none cited"
    rows = [
        ("Scheme", ask.scheme or "not stated"),
        ("Grant requested", _plain_money(ask.grant_requested, currency)),
        ("Eligible cost", _plain_money(ask.eligible_cost, currency)),
        ("Rate asked", rate),
        ("Match funding", f"{match}; evidence: {evidence}"),
    ]
    if ask.private_investment is not None:
        rows.append(("Private investment", _plain_money(ask.private_investment, currency)))
    return rows


def trace_rows(assessment: Assessment) -> list[dict[str, str]]:
    """One row per loss: its annual cost, the components addressing it, the benefit claimed on
    it and the grade of the evidence behind the cost and the benefit (the first `LIST_CAP`
    losses, then a row saying how many more)."""
    case = assessment.case
    currency = assessment.business_case.currency
    rows = []
    losses, more = capped(case.losses if case else ())
    for trace in losses:
        loss = trace.loss if trace.in_baseline else f"{trace.loss} (not a baseline loss)"
        if trace.description:
            loss = f"{loss}: {trace.description}"
        rows.append(
            {
                "loss": loss,
                "cost": _plain_money(trace.annual_cost, currency),
                "components": ", ".join(trace.components) or "none",
                "benefit": (
                    "none claimed"
                    if trace.benefit is None
                    else _plain_money(trace.benefit, currency)
                ),
                "evidence": (
                    f"cost {trace.cost_evidence or 'none cited'}; "
                    f"benefit {trace.benefit_evidence or 'none cited'}"
                    if trace.benefit is not None
                    else f"cost {trace.cost_evidence or 'none cited'}"
                ),
            }
        )
    if more:
        rows.append(_left_out_row(rows[0], left_out(more, "losses", "the project file")))
    return rows


def _left_out_row(like: dict[str, str], text: str) -> dict[str, str]:
    """A table row that says what a cap left out: the text in the first cell, the rest empty."""
    first, *rest = like
    return {first: text, **dict.fromkeys(rest, "")}


def baseline_lines(assessment: Assessment) -> list[str]:
    """The baseline's OEE and the period and source it was measured over."""
    case = assessment.case
    if case is None:
        return []
    lines = []
    if case.oee:
        parts = ", ".join(f"{OEE_WORDS.get(k, k)} {_share(v)}" for k, v in case.oee)
        lines.append(f"OEE: {parts}.")
    period = (
        f"{case.baseline_from} to {case.baseline_to}"
        if case.baseline_from and case.baseline_to
        else "not stated"
    )
    source = f", from {case.baseline_source}" if case.baseline_source else ""
    hours = (
        f"; {number(case.planned_hours)} planned hours" if case.planned_hours is not None else ""
    )
    lines.append(f"Measured over {period}{source}{hours}.")
    return lines


def pilot_rows(assessment: Assessment) -> list[dict[str, str]]:
    """Each KPI the pilot measured: before, after, the change and the baseline target."""
    case = assessment.case
    rows = []
    results, more = capped(case.pilot_results if case else ())
    for result in results:
        change = "—"
        if result.before and result.after is not None:
            change = f"{number((result.after - result.before) / abs(result.before) * 100):s}%"
            if not change.startswith("-"):
                change = "+" + change
        unit = f" {result.unit}" if result.unit else ""
        rows.append(
            {
                "kpi": f"{result.name} ({result.kpi})" if result.name else result.kpi,
                "before": "—" if result.before is None else f"{number(result.before, 1)}{unit}",
                "after": "—" if result.after is None else f"{number(result.after, 1)}{unit}",
                "change": change,
                "weeks": "—" if result.weeks is None else number(result.weeks),
                "target": "—" if result.target is None else f"{number(result.target, 1)}{unit}",
            }
        )
    if more:
        rows.append(_left_out_row(rows[0], left_out(more, "results", "the project file")))
    return rows


def pilot_dates(assessment: Assessment) -> str:
    """When the pilot's criteria were set and when it started, as stated."""
    case = assessment.case
    if case is None:
        return ""
    dates = [
        f"{label} {value}"
        for label, value in (
            ("set on", case.pilot_criteria_set_on),
            ("pilot started on", case.pilot_started_on),
        )
        if value
    ]
    return ", ".join(dates)


def _score_band(score: int) -> int:
    """The band a score alone would suggest (20 points a band): what a reader expects."""
    return min(5, score // 20)


def band_notes(assessment: Assessment) -> dict[str, str]:
    """A sentence for each dimension whose band is below what its score suggests, naming the
    checks that hold the band (the band is a weakest-link ladder, the score an average)."""
    notes: dict[str, str] = {}
    for dimension in assessment.dimensions:
        note = _band_note(assessment, dimension)
        if note:
            notes[dimension.id] = note
    return notes


def _band_note(assessment: Assessment, dimension: DimensionScore) -> str:
    if dimension.score is None or dimension.band is None:
        return ""
    if dimension.band >= _score_band(dimension.score):
        return ""
    findings = [f for f in assessment.findings if f.dimension == dimension.id]
    holders = band_holders(findings)
    if not holders:
        return ""
    named = "; ".join(
        f"{f.check} {f.title} ({f.severity}, {STATUS_WORDS[f.status]}, level {f.level})"
        for f in holders
    )
    verb = "holds" if len(holders) == 1 else "hold"
    band_name = BAND_NAMES.get(dimension.band, "")
    return (
        f"{dimension.title} scores {dimension.score} but sits in band {dimension.band}"
        f"{f' ({band_name})' if band_name else ''}: the band is the weakest link, not the "
        f"average. {named} {verb} it there."
    )


def pack_digest_line(packs: Iterable[PackInfo]) -> str:
    """Each pack's id, version and the start of its SHA-256, for a footer."""
    return " · ".join(
        f"{p.id} v{p.version} {(p.sha256 or 'no digest')[:SHORT_DIGEST]}" for p in packs
    )


def verify_commands(assessment: Assessment, file: str | None = None) -> tuple[str, str]:
    """How a reader checks that this page judged the file they hold: a command that prints the
    file's digest, and one that prints it and every pack's (`project.sha256`, `packs[].sha256`
    in the JSON result). `file` is the project file as the reader reaches it (default: as
    given to readiness)."""
    import shlex

    file = shlex.quote(file or assessment.file)
    return (
        f"sha256sum {file}",
        f"readiness assess {file} --as-of {assessment.as_of} --format json",
    )
