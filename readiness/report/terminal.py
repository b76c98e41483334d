"""The terminal report: verdict first, then dimensions, the money, and the ranked gaps.

Laid out by `readiness.report.layout`; every piece of user text goes in as `Text` (never
markup) with control characters removed, so a project name like `[bold]` or an escape sequence
prints as written. Reads at 80 columns and without colour.
"""

from __future__ import annotations

import unicodedata

from readiness.model import (
    BAND_NAMES,
    BUCKETS,
    Assessment,
    BusinessCase,
    DimensionScore,
    Finding,
)
from readiness.path_to_ready import path_note, step_details
from readiness.report.caps import GAP_CAP, capped, left_out, short_name
from readiness.report.escape import neutralise_commands, plain_text, strip_control
from readiness.report.layout import AlignedRows, Block, Grid, Group, Padding, Table, Text
from readiness.report.layout import render as lay_out
from readiness.scoring import set_aside_line
from readiness.vocabulary import list_ids
from readiness.waivers import expiring_soon, waiver_state

VERDICT_STYLE = {"ready": "bold green", "conditional": "bold yellow", "not_ready": "bold red"}
VERDICT_TEXT = {"ready": "READY", "conditional": "CONDITIONAL", "not_ready": "NOT READY"}
SEVERITY_STYLE = {"blocker": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
BAR_WIDTH = 10


def clean(text: str) -> str:
    """User text on one line, without control characters (a terminal would act on an escape
    sequence) or bidirectional overrides: the same rule as every other format."""
    return " ".join(strip_control(text).split())


def _bar(score: float | None) -> Text:
    if score is None:
        return Text("n/a", style="dim")
    filled = round(score / 100 * BAR_WIDTH)
    return Text("█" * filled, style="green" if score >= 70 else "yellow") + Text(
        "░" * (BAR_WIDTH - filled), style="dim"
    )


def _years(years: float | None) -> str:
    return "never" if years is None else f"{years:.1f} years"


def _money(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return "not given"
    return f"{amount:,.0f}" + (f" {currency}" if currency else "")


def _headline(assessment: Assessment) -> Block:
    title = Text("readiness · ", style="bold") + Text(
        clean(short_name(assessment.project_name)), style="bold"
    )
    title += Text("\n" + clean(assessment.file), style="dim")
    verdict = Text("Verdict: ") + Text(
        VERDICT_TEXT[assessment.verdict], style=VERDICT_STYLE[assessment.verdict]
    )
    band_name = next(
        (d.band_name for d in assessment.dimensions if d.band == assessment.level), None
    )
    level = f"Level {assessment.level}" + (f" ({band_name})" if band_name else "")
    level += f", {assessment.required_level} required"
    score = "n/a" if assessment.score is None else f"{assessment.score:.0f}/100"
    confidence = "n/a" if assessment.confidence is None else f"{assessment.confidence:.0%}"
    facts = Text(f"{level}  ·  Score {score}  ·  Evidence confidence {confidence}")
    reason = Text(clean(assessment.verdict_reason), style="dim")
    return Group(title, verdict, facts, reason, *_gate(assessment.gate))


def _gate(gate: object) -> list[Block]:
    """The gate's line and the settings it was judged by, under the verdict; nothing when no
    gate judged the assessment (a library caller's)."""
    from readiness.gate import GateResult

    if not isinstance(gate, GateResult):
        return []
    return [
        Text(clean(gate.line()), style="green" if gate.passed else "bold red"),
        gate_settings(gate.in_force.lines()),
    ]


def gate_settings(lines: list[str]) -> Block:
    """`gate settings:` and each setting in force, one a line, aligned."""
    grid = AlignedRows(0)
    for number, line in enumerate(lines):
        grid.add_row(Text("gate settings:" if number == 0 else ""), Text(clean(line), style="dim"))
    return grid


def _dimensions(dimensions: tuple[DimensionScore, ...]) -> Table:
    table = Table()
    table.add_heading("Dimension")
    table.add_heading("Score", justify="right")
    table.add_heading("", no_wrap=True)
    table.add_heading("Band")
    for d in dimensions:
        score = "n/a" if d.score is None else f"{d.score:.0f}"
        band = (
            Text("not applicable", style="dim")
            if d.band is None
            else Text(f"{d.band} {d.band_name}", style="bold" if d.band < 3 else "")
        )
        table.add_row(Text(clean(d.title)), score, _bar(d.score), band)
    return table


def _business_case(assessment: Assessment) -> Block:
    """The money view. Shown even when the file gives none of it: a figure not given reads "not
    given" (a deleted business case claims nothing, it does not claim zero)."""
    case = assessment.business_case
    horizon = f"{case.horizon_years:g}-year horizon" if case.horizon_years else "no horizon"
    heading = Text("Business case", style="bold")
    grid = Grid(gap=2)
    grid.add_column()
    grid.add_column(justify="right")
    grid.add_column()
    if case.claimed_payback_years is not None:
        grid.add_row("payback claimed", _years(case.claimed_payback_years), "")
    labels = {"computed": "payback recomputed", "stressed": "stressed", "sensitivity": "with"}
    if not case.paybacks:
        grid.add_row("payback recomputed", "not given", "")
    for payback in case.paybacks:
        label = labels.get(payback.scenario, payback.scenario)
        if payback.scenario != "computed":
            label = f"{label} {payback.assumption}" if payback.assumption else label
        mark = (
            Text("✓ within " + horizon, style="green")
            if payback.within_horizon
            else Text("✗ beyond " + horizon, style="red")
        )
        grid.add_row(label, _years(payback.years), mark)
    benefits = Text("  " + _benefits_against_losses(case))
    return Group(heading, Padding(grid, 2), benefits)


def _benefits_against_losses(case: BusinessCase) -> str:
    """One line: the benefits claimed against the cost of the losses they address, saying
    plainly which figure is not given rather than printing an absent amount as a number."""
    benefits, losses = case.benefits_claimed, case.cost_of_losses_addressed
    if benefits is None:
        return "benefits claimed a year: not given"
    line = f"benefits of {_money(benefits, case.currency)} a year claimed on losses "
    if losses is None:
        return line + "whose cost is not given"
    ratio = case.benefit_to_loss_ratio
    return (
        line
        + f"costing {_money(losses, case.currency)}"
        + (f" ({ratio:.0%})" if ratio is not None else "")
    )


def _path_to_ready(assessment: Assessment) -> Block | None:
    """The steps to ready, one row each: the gaps to close, their effort, what they reach."""
    path = assessment.path_to_ready
    if path is None or not path.steps:
        return None
    grid = Grid(gap=2)
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(no_wrap=True)
    for number, step in enumerate(path.steps, 1):
        reaches = Text("→ ") + Text(
            f"{VERDICT_TEXT[step.verdict].lower()}, level {step.level}",
            style=VERDICT_STYLE[step.verdict],
        )
        grid.add_row(
            f"{number}.", Text(clean(list_ids(step.checks))), f"effort {step.effort}", reaches
        )
    parts: list[Block] = [
        Text("Path to ready", style="bold"),
        Padding(grid, 2),
    ]
    for number, step in enumerate(path.steps, 1):
        details = step_details(step)
        if details:
            parts.append(Text(f"  Step {number}:"))
            parts += [Padding(Text(clean(f"- {line}"), style="dim"), 4) for line in details]
    note = path_note(path)
    if note:
        parts.append(Text(f"  {clean(note)}", style="yellow" if not path.reachable else "dim"))
    return Group(*parts)


def _where(finding: Finding) -> str:
    return f"{finding.location.file}:{finding.location.line}"


def _gaps(assessment: Assessment, verbose: bool = False) -> list[Block]:
    parts: list[Block] = []
    for key, heading in BUCKETS.items():
        gaps = [g for g in assessment.gaps if g.bucket == key]
        aside = "" if verbose else set_aside_line(gaps, assessment.required_level)
        gaps = [g for g in gaps if verbose or not g.set_aside]
        if not gaps and not aside:
            continue
        parts.append(Text(f"{heading} ({len(gaps)})", style="bold underline"))
        if aside:
            parts.append(Text(clean(f"{aside} (--verbose lists them)."), style="dim"))
        if not gaps:
            parts.append(Text(""))
            continue
        grid = AlignedRows(6, 7)
        shown, more = capped(gaps, GAP_CAP)
        for gap in shown:
            status = "" if gap.status == "fail" else f" [{gap.status}]"
            grid.add_row(
                Text(clean(gap.check), style="bold"),
                Text(gap.severity, style=SEVERITY_STYLE[gap.severity]),
                Text(clean(_where(gap)), style="dim") + Text(status, style="magenta"),
            )
            grid.add_row("", "", Text(clean(gap.message)))
            grid.add_row("", "", Text("→ " + clean(gap.remediation), style="dim"))
        if more:
            grid.add_row("", "", Text(left_out(more, "gaps in this list"), style="dim"))
        parts.append(grid)
    return parts


def _waivers(assessment: Assessment) -> list[Block]:
    """Each waiver (up to the list cap) with its check's severity, approver, expiry and state: in
    force, expiring within 30 days, or not honoured and why."""
    if not assessment.waivers:
        return []
    titles = {finding.check: finding.title for finding in assessment.findings}
    grid = AlignedRows(6, 7)
    shown, more = capped(assessment.waivers)
    for waiver in shown:
        state = waiver_state(waiver, assessment.as_of)
        if not waiver.honoured:
            style = "red"
        elif expiring_soon(waiver, assessment.as_of):
            style = "yellow"
        else:
            style = "green"
        where = f"{waiver.location.file}:{waiver.location.line}"
        until = f"until {waiver.expires}" if waiver.expires else "no expiry"
        by = f"approved by {waiver.approved_by}" if waiver.approved_by else "no approver"
        grid.add_row(
            Text(clean(waiver.check), style="bold"),
            Text(waiver.severity or "", style=SEVERITY_STYLE.get(waiver.severity or "", "")),
            Text(clean(titles.get(waiver.check, ""))),
        )
        grid.add_row(
            "",
            "",
            Text(clean(state), style=style)
            + Text(" · " + clean(f"{until}, {by}") + " · ")
            + Text(clean(where), style="dim"),
        )
        grid.add_row("", "", Text(clean(waiver.reason or "no reason given"), style="dim"))
    heading = Text(f"Waivers ({len(assessment.waivers)})", style="bold underline")
    if more:
        return [heading, grid, Text(left_out(more, "waivers"), style="dim"), Text("")]
    return [heading, grid, Text("")]


def _others(assessment: Assessment, verbose: bool) -> list[Block]:
    parts: list[Block] = _waivers(assessment)
    if assessment.missing_evidence_files:
        missing, more = capped(assessment.missing_evidence_files)
        parts.append(
            Text("Evidence files not found: ", style="yellow")
            + Text(clean(", ".join(missing) + (f" {left_out(more, 'files')}" if more else "")))
        )
    passed = [f for f in assessment.findings if f.status == "pass"]
    not_applicable = [f for f in assessment.findings if f.status == "not_applicable"]
    if verbose:
        for title, group in (("Passed", passed), ("Not applicable", not_applicable)):
            if not group:
                continue
            parts.append(Text(f"{title} ({len(group)})", style="bold underline"))
            grid = AlignedRows(0)
            for finding in sorted(group, key=lambda f: f.check):
                grid.add_row(Text(clean(finding.check)), Text(clean(finding.title)))
            parts.append(grid)
    else:
        parts.append(
            Text(
                f"{len(passed)} checks passed, {len(not_applicable)} not applicable "
                "(--verbose lists them).",
                style="dim",
            )
        )
    packs = ", ".join(f"{p.id} v{p.version}" for p in assessment.packs)
    parts.append(Text(f"As of {assessment.as_of} · packs: {clean(packs)}", style="dim"))
    parts.extend(_packs_in_force(assessment))
    return parts


def _packs_in_force(assessment: Assessment) -> list[Block]:
    """The dimension weights and what the user's packs change: one dim line when nothing does."""
    weights = {f"{d.weight:g}" for d in assessment.dimensions}
    shown = (
        f"all {weights.pop()}"
        if len(weights) == 1
        else ", ".join(f"{d.id} {d.weight:g}" for d in assessment.dimensions)
    )
    if not assessment.pack_changes:
        return [Text(f"Dimension weights: {shown} · pack changes: none", style="dim")]
    grid = AlignedRows(0)
    changes, more = capped(assessment.pack_changes)
    for change in changes:
        grid.add_row(Text(clean(change.pack)), Text(clean(change.summary)))
    if more:
        grid.add_row("", Text(left_out(more, "pack changes"), style="dim"))
    title = f"Pack changes in force ({len(assessment.pack_changes)})"
    return [
        Text(f"Dimension weights: {shown}", style="dim"),
        Text(title, style="bold underline"),
        grid,
    ]


def _in_short(assessment: Assessment) -> Block:
    """The answer again at the foot of the report, where the screen ends when the command
    returns (the report is ~170 lines at 80 columns): verdict, level, and the first step of
    the path to ready. The CLI's gate line follows it."""
    level_name = BAND_NAMES.get(assessment.level, "")
    answer = (
        Text("In short: ", style="bold")
        + Text(VERDICT_TEXT[assessment.verdict], style=VERDICT_STYLE[assessment.verdict])
        + Text(
            f" · level {assessment.level} of 5"
            + (f" ({level_name})" if level_name else "")
            + f", {assessment.required_level} required"
        )
    )
    path = assessment.path_to_ready
    if path is not None and path.steps:
        step = path.steps[0]
        first = (
            Text("First step to ready: ", style="bold")
            + Text(f"close {clean(', '.join(step.checks))} (effort {step.effort}) → ")
            + Text(
                f"{VERDICT_TEXT[step.verdict].lower()}, level {step.level}",
                style=VERDICT_STYLE[step.verdict],
            )
        )
    elif assessment.verdict == "ready":
        first = Text("Nothing stands between this project and ready.", style="green")
    else:
        actions = assessment.next_actions(1)
        first = (
            Text("Next action: ", style="bold")
            + Text(f"{actions[0].check} {clean(actions[0].title)} ({_where(actions[0])})")
            if actions
            else Text("")
        )
    return Group(Text("─" * 40, style="dim"), answer, first)


def render(
    assessment: Assessment, *, width: int = 80, color: bool = False, verbose: bool = False
) -> str:
    """The report as text for a terminal of `width` columns, with or without colour."""
    blank = Text("")
    blocks: list[Block] = [
        _headline(assessment),
        blank,
        _dimensions(assessment.dimensions),
        blank,
        _business_case(assessment),
        blank,
    ]
    path = _path_to_ready(assessment)
    if path is not None:
        blocks += [path, blank]
    gaps = _gaps(assessment, verbose)
    for part in gaps:
        blocks.append(part)
        if isinstance(part, AlignedRows):
            blocks.append(blank)
    if not gaps:
        blocks += [Text("No gaps.", style="green"), blank]
    blocks += _others(assessment, verbose)
    blocks.append(_in_short(assessment))
    text = lay_out(blocks, width, color)
    # Wrapping can put any word of user text at the start of a line: neutralise CI commands on
    # the finished lines (and, without colour, drop any control character that slipped by).
    return neutralise_commands(text) if color else plain_text(text)


# ASCII stand-ins for the report's own symbols, for a terminal whose encoding lacks them.
_ASCII = str.maketrans(
    {
        "─": "-",
        "█": "#",
        "░": ".",
        "■": "#",
        "□": ".",
        "→": "->",
        "·": "-",
        "✓": "+",
        "✗": "x",
        "\u00d7": "x",  # multiplication sign
        "÷": "/",
        "\u2212": "-",  # minus sign
        "\u2013": "-",  # en dash
        "—": "-",
        "…": "...",
        "≥": ">=",
        "≤": "<=",
        "€": "EUR",
        "£": "GBP",
    }
)


def ascii_fallback(text: str) -> str:
    """The report in ASCII: symbols by their stand-ins, accented letters without accents,
    anything else as `?` (for a terminal in a locale such as `LANG=C` without UTF-8)."""
    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return (
        "".join(char for char in text if not unicodedata.combining(char))
        .encode("ascii", "replace")
        .decode("ascii")
    )
