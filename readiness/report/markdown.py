"""The Markdown gap report: what a programme lead attaches to a bid or a CI bot posts on a PR.

The layout lives in `templates/report.md.j2`; this module prepares the figures (formatted
numbers, bars, links, waiver states, gaps grouped by bucket) and renders the template.

Every value the template prints goes through `markdown_text` unless it is a `Md` fragment built
here from trusted parts: the environment's `finalize` hook does it, so a template edit cannot
forget to escape a project name. Numbers must be formatted here (the hook refuses floats and
None), which keeps the output deterministic. The first line is a hidden marker,
`<!-- readiness-report project=ID -->`, so a bot can find and update its own comment.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from readiness.gate import GateInForce, GateResult
from readiness.model import (
    BAND_NAMES,
    BUCKETS,
    SEVERITY_BUCKETS,
    STATUS_WORDS,
    VERDICT_WORDS,
    Assessment,
    BusinessCase,
    DimensionScore,
    Finding,
    Location,
    Waiver,
)
from readiness.path_to_ready import path_note, step_details
from readiness.record import Record
from readiness.report.caps import GAP_CAP, capped, left_out
from readiness.report.escape import (
    ZWSP,
    markdown_code,
    markdown_prose,
    markdown_text,
    neutralise_commands,
)
from readiness.report.numbers import number
from readiness.scoring import set_aside_line
from readiness.vocabulary import list_ids
from readiness.waivers import EXPIRY_WARNING_DAYS, waiver_state

if TYPE_CHECKING:
    import jinja2

    from readiness.report.compiled_templates import Render

__all__ = ["Md", "gate_settings", "render", "render_template", "render_with_chart"]

TEMPLATE = "report.md.j2"

VERDICT_LABELS: dict[str, str] = {
    "ready": "✅ Ready",
    "conditional": "⚠️ Conditional",
    "not_ready": "⛔ Not ready",
}
COUNT_LABELS: dict[str, str] = {
    "pass": "pass",
    "partial": "partial",
    "fail": "fail",
    "missing": "not evidenced",
    "waived": "waived",
    "not_applicable": "n/a",
}
SCENARIO_LABELS: dict[str, str] = {
    "computed": "Computed from the figures",
    "stressed": "Stressed (capex and schedule overrun)",
    "sensitivity": "Sensitivity (benefits fall short)",
}


class Md(str):
    """Markdown built from trusted parts (our own words, escaped text, quoted URLs)."""

    __slots__ = ()


def _finalize(value: object) -> object:
    """Escape whatever a template prints, unless it is already trusted `Md`."""
    if isinstance(value, Md):
        return value
    if isinstance(value, str):
        return markdown_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    # Floats, None and booleans have no single right spelling: format them in Python.
    msg = f"the report template printed a {type(value).__name__}; format it first"
    raise TypeError(msg)


TEMPLATES = Path(__file__).parent / "templates"


def read_template(name: str) -> str:
    """A packaged template's source."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def prose(text: str) -> Md:
    """Our own sentences (messages, advice, reasons): key paths and file names in code spans."""
    return Md(markdown_prose(text))


def code(text: str) -> Md:
    """Text in a code span."""
    return Md(markdown_code(text))


FILTERS = {"prose": prose, "code": code}


def source_environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """The Jinja2 environment for the packaged templates (shipped with us, so not sandboxed),
    compiling them from source unless given another loader. Runs render the functions
    generated from them (`compiled_templates`) unless those are stale."""
    import jinja2

    environment = jinja2.Environment(
        loader=loader or jinja2.FunctionLoader(read_template),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # noqa: S701 - Markdown, not HTML: `_finalize` escapes for Markdown
        finalize=_finalize,
    )
    environment.filters.update(FILTERS)
    return environment


@functools.cache
def _compiled() -> dict[str, Render] | None:
    """The templates as plain Python functions, None when a template changed since they were
    generated (`readiness.report.compiled_templates`)."""
    from readiness.report import compiled_templates
    from readiness.report.compiled import markdown

    return compiled_templates.current(markdown, read_template)


@functools.cache
def _environment() -> jinja2.Environment:
    return source_environment()


def render_template(name: str, view: dict[str, Any]) -> str:
    """One packaged template rendered with `view`: by its generated function when current,
    else by Jinja2 from its source."""
    compiled = _compiled()
    if compiled is not None:
        return compiled[name](view, _finalize, str, FILTERS)
    return _environment().get_template(name).render(view)


def render(assessment: Assessment) -> str:
    """The Markdown report, without a chart."""
    return render_with_chart(assessment, None)


def render_with_chart(
    assessment: Assessment, chart_href: str | None, *, folder: str | None = None
) -> str:
    """The Markdown report, embedding the radar chart at `chart_href` when one was written.

    `folder` is where the report is written (None: printed, read from the current folder):
    links to the project file are relative to it, so they work where the report is read.
    """
    # A last pass for CI logs (the report may be printed to one): no line may start a workflow
    # command; the backslashes it adds are Markdown escapes, invisible once rendered.
    return neutralise_commands(render_template(TEMPLATE, _view(assessment, chart_href, folder)))


# --- formatting helpers (each returns trusted Markdown) ---------------------------------------


def money(amount: float | None, currency: str | None) -> Md:
    """`1,196,700 GBP`: thousands separators, pence only when there are any."""
    if amount is None:
        return Md("not given")
    decimals = 0 if float(amount).is_integer() else 2
    text = number(amount, decimals)
    return Md(f"{text} {markdown_text(currency)}" if currency else text)


def percent(share: float | None) -> Md:
    """A 0-1 share as a whole percentage."""
    return Md("not evidenced" if share is None else f"{number(share * 100)}%")


def years(value: float | None) -> Md:
    """A payback in years; None means the benefits never cover the running costs."""
    if value is None:
        return Md("never")
    return Md(f"{number(value, 1)} years")


def bar(filled: int, cells: int, full: str, empty: str) -> Md:
    """A text bar that renders in any font: `█████░░░░░`."""
    filled = max(0, min(cells, filled))
    return Md(full * filled + empty * (cells - filled))


def score_bar(score: float | None) -> Md:
    """Ten-cell bar and the score out of 100, or a dash when no check applies."""
    if score is None:
        return Md("—")
    return Md(f"{bar(int(score / 10 + 0.5), 10, '█', '░')} {number(score)}")


def band_cell(band: int | None, band_name: str | None) -> Md:
    """Five-cell band bar with its number and name, or n/a."""
    if band is None:
        return Md("n/a (no check applies)")
    name = band_name or BAND_NAMES.get(band, "")
    return Md(f"{bar(band, 5, '■', '□')} {band} {markdown_text(name)}".rstrip())


def href(path: str) -> str:
    """A link destination for a relative path: percent-encoded so no character is syntax.

    Quoting `:` too means a file called `javascript:alert(1)` stays a relative path.
    """
    return quote(path.replace("\\", "/"), safe="/", errors="replace")


def link_path(file: str, folder: str | None = None) -> str:
    """`file` as seen from `folder` (the report's; None: the current folder): a relative path,
    so that a link works where the report is read and no absolute path of the machine that
    ran readiness is written into it."""
    try:
        return os.path.relpath(os.path.abspath(file), os.path.abspath(folder or os.curdir))
    except ValueError:  # on another drive: nothing relative reaches it
        return os.path.basename(file)


def shown_path(file: str, folder: str | None = None) -> str:
    """The file as the user named it, unless that is absolute (then as `link_path` has it)."""
    return link_path(file, folder) if os.path.isabs(file) else file


def link_text(text: str) -> str:
    """User text as the text of a link: as `markdown_text`, but a file name keeps its dots
    plain (no renderer links inside a link, so they need no zero-width space to copy along)."""
    return markdown_text(text).replace("." + ZWSP, ".")


def file_link(file: str, folder: str | None = None) -> Md:
    """`[file](file)`, relative to the report's folder."""
    return Md(f"[{link_text(shown_path(file, folder))}]({href(link_path(file, folder))})")


def location_link(location: Location, folder: str | None = None) -> Md:
    """`[file:line](file#Lline)`, the form GitHub turns into a jump to the line; the link is
    relative to the report's folder (see `link_path`)."""
    text = link_text(f"{shown_path(location.file, folder)}:{location.line}")
    return Md(f"[{text}]({href(link_path(location.file, folder))}#L{location.line})")


def chart_image(chart_href: str) -> Md:
    """The radar chart as an image; the href comes from the CLI, quoted all the same."""
    destination = quote(chart_href.replace("\\", "/"), safe="/:#?&=%~+,;@!$*", errors="replace")
    return Md(f"![Readiness radar]({destination})")


def gate_settings(in_force: GateInForce) -> list[Md]:
    """The gate settings in force, a line each: key paths, flags, configuration lines and the
    baseline's file in code spans (file names, which linkify would link)."""
    if in_force.is_default:
        return [prose(line) for line in in_force.lines()]
    lines = [
        Md(f"{markdown_code(key)}: {markdown_prose(value)} (from {markdown_code(source)})")
        for key, value, source in in_force.changed
    ]
    described, file = in_force.baseline, in_force.baseline_file
    if described is not None:
        before, found, after = described.partition(file) if file else (described, "", "")
        if found:  # the file name alone in a code span, the words around it as prose
            words = [markdown_prose(before)] if before.strip() else []
            words.append(markdown_code(found))
            if after.strip():
                words.append(markdown_prose(after))
            lines.append(Md("baseline: " + " ".join(words)))
        else:
            lines.append(Md(f"baseline: {markdown_prose(described)}"))
    lines.extend(prose(note) for note in in_force.notes)
    return lines


def gate_view(gate: object) -> dict[str, Any] | None:
    """The gate that judged the assessment and what it was judged by; None when no gate did
    (a library caller's assessment)."""
    if not isinstance(gate, GateResult):
        return None
    return {
        "line": Md(f"**Gate:** {markdown_prose(gate.line().removeprefix('gate: '))}"),
        "settings": gate_settings(gate.in_force),
    }


# --- the view the template lays out -----------------------------------------------------------


class WaiverRow(Record):
    """A waiver with its state on the as-of date."""

    waiver: Waiver
    state: str
    link: Md


class GapGroup(Record):
    """The gaps of one bucket, highest priority first, and the line that says which were set
    aside (empty when none was)."""

    key: str
    title: str
    gaps: tuple[Finding, ...]
    set_aside: str = ""
    count: int = 0
    left_out: str = ""


def group_gaps(gaps: tuple[Finding, ...], required_level: int = 3) -> tuple[GapGroup, ...]:
    """Gaps by bucket in the order of `model.BUCKETS`; a gap without one goes by severity. The
    gaps set aside (scoring.set_aside) are named in the group's one line, not listed; beyond
    `GAP_CAP` a group lists the first and says how many it left out."""
    grouped: dict[str, list[Finding]] = {key: [] for key in BUCKETS}
    for gap in gaps:
        key = gap.bucket or SEVERITY_BUCKETS.get(gap.severity, "improve")
        grouped.setdefault(key, []).append(gap)
    groups = []
    for key, items in grouped.items():
        listed = tuple(gap for gap in items if not gap.set_aside)
        shown, more = capped(listed, GAP_CAP)
        groups.append(
            GapGroup(
                key,
                BUCKETS.get(key, key),
                tuple(shown),
                set_aside_line(items, required_level),
                len(listed),
                left_out(more, "gaps in this list") if more else "",
            )
        )
    return tuple(group for group in groups if group.gaps or group.set_aside)


def marker_id(project_id: str) -> str:
    """The project id as it appears in the hidden marker: percent-encoded, so it cannot end
    the HTML comment (`-->`) or the line."""
    return quote(project_id, safe="", errors="replace")


def counts_cell(dimension: DimensionScore) -> Md:
    """`7 pass · 1 partial · 1 fail`: the non-zero status counts, in a fixed order."""
    parts = [
        f"{dimension.counts[status]} {label}"
        for status, label in COUNT_LABELS.items()
        if dimension.counts.get(status)
    ]
    return Md(" · ".join(parts) if parts else "—")


def _payback_rows(case: BusinessCase) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if case.claimed_payback_years is not None:
        within: str = "—"
        if case.horizon_years is not None:
            within = "yes" if case.claimed_payback_years <= case.horizon_years else "no"
        rows.append(
            {"label": "Claimed", "years": years(case.claimed_payback_years), "within": within}
        )
    for payback in case.paybacks:
        label = SCENARIO_LABELS.get(payback.scenario, payback.scenario.capitalize())
        if payback.assumption:
            label = f"{label}: {payback.assumption}"
        rows.append(
            {
                "label": label,
                "years": years(payback.years),
                "within": "yes" if payback.within_horizon else "no",
            }
        )
    return rows


def _horizon(case: BusinessCase) -> Md:
    horizon = case.horizon_years
    if horizon is None and case.paybacks:
        horizon = case.paybacks[0].horizon_years
    if horizon is None:
        return Md("the horizon")
    decimals = 0 if float(horizon).is_integer() else 1
    return Md(f"the {number(horizon, decimals)}-year horizon")


def _view(assessment: Assessment, chart_href: str | None, folder: str | None) -> dict[str, Any]:
    from readiness.report import annex  # imports this module: not at the top

    case = assessment.business_case
    titles = {dimension.id: dimension.title for dimension in assessment.dimensions}
    not_applicable = tuple(f for f in assessment.findings if f.status == "not_applicable")
    shown_waivers, more_waivers = capped(assessment.waivers)
    waivers = tuple(
        WaiverRow(w, waiver_state(w, assessment.as_of), location_link(w.location, folder))
        for w in shown_waivers
    )
    missing_files, more_files = capped(assessment.missing_evidence_files)
    changes, more_changes = capped(assessment.pack_changes)
    return {
        "a": assessment,
        "marker": Md(f"<!-- readiness-report project={marker_id(assessment.project_id)} -->"),
        "verdict": Md(VERDICT_LABELS.get(assessment.verdict, assessment.verdict)),
        "level_name": BAND_NAMES.get(assessment.level, ""),
        "score": score_bar(assessment.score),
        "confidence": percent(assessment.confidence),
        "file_link": file_link(assessment.file, folder),
        "gate": gate_view(assessment.gate),
        "chart": chart_image(chart_href) if chart_href else None,
        "dimensions": [
            {
                "d": d,
                "score": score_bar(d.score),
                "band": band_cell(d.band, d.band_name),
                "counts": counts_cell(d),
            }
            for d in assessment.dimensions
        ],
        "paybacks": _payback_rows(case),
        "horizon": _horizon(case),
        "money": {
            "losses": money(case.cost_of_losses_addressed, case.currency),
            "benefits": money(case.benefits_claimed, case.currency),
            "ratio": (
                Md("not given")
                if case.benefit_to_loss_ratio is None
                else Md(
                    f"{number(case.benefit_to_loss_ratio, 2)} "
                    f"({percent(case.benefit_to_loss_ratio)} of the losses)"
                )
            ),
        },
        "path": _path_view(assessment),
        "actions": [_gap_view(f, titles, folder) for f in assessment.next_actions()],
        "groups": [
            {
                "title": g.title,
                "gaps": [_gap_view(f, titles, folder) for f in g.gaps],
                "count": g.count,
                "left_out": Md(g.left_out),
                "set_aside": g.set_aside,
            }
            for g in group_gaps(assessment.gaps, assessment.required_level)
        ],
        "waivers": waivers,
        "waivers_left_out": Md(left_out(more_waivers, "waivers")) if more_waivers else None,
        "missing_files": missing_files,
        "missing_files_left_out": Md(left_out(more_files, "files")) if more_files else None,
        "expiry_days": EXPIRY_WARNING_DAYS,
        "not_applicable": not_applicable,
        "packs": [
            {
                "p": p,
                "version": p.version,
                "valid_as_of": p.valid_as_of or "—",
                "sha256": Md(f"`{p.sha256}`") if p.sha256 else "not known",
            }
            for p in assessment.packs
        ],
        "file_sha256": (
            Md(f"`{assessment.file_sha256}`") if assessment.file_sha256 else "not known"
        ),
        "verify": annex.verify_commands(assessment, shown_path(assessment.file, folder)),
        "facts": annex.facts(assessment),
        "funding": annex.funding_rows(assessment),
        "trace": annex.trace_rows(assessment),
        "baseline": annex.baseline_lines(assessment),
        "pilot": annex.pilot_rows(assessment),
        "pilot_criteria": assessment.case.pilot_criteria if assessment.case else (),
        "pilot_dates": annex.pilot_dates(assessment),
        "band_notes": list(annex.band_notes(assessment).values()),
        "weights": _weights(assessment),
        "pack_changes": changes,
        "pack_changes_left_out": Md(left_out(more_changes, "pack changes"))
        if more_changes
        else None,
    }


def _weights(assessment: Assessment) -> str:
    """The dimension weights in force: `all 1`, or each dimension's."""
    weights = {f"{d.weight:g}" for d in assessment.dimensions}
    if len(weights) == 1:
        return f"all {weights.pop()}"
    return ", ".join(f"{d.id} {d.weight:g}" for d in assessment.dimensions)


def _path_view(assessment: Assessment) -> dict[str, Any] | None:
    """The path to ready as table rows; None for a ready project (nothing to climb)."""
    path = assessment.path_to_ready
    if path is None or not path.steps:
        return None
    return {
        "steps": [
            {
                "checks": list_ids(step.checks),
                "effort": step.effort,
                "reaches": f"{VERDICT_WORDS[step.verdict]}, level {step.level}",
                "details": step_details(step),
            }
            for step in path.steps
        ],
        "note": path_note(path) or None,
    }


def _gap_view(finding: Finding, titles: dict[str, str], folder: str | None) -> dict[str, Any]:
    return {
        "f": finding,
        "status": STATUS_WORDS[finding.status],
        "dimension": titles.get(finding.dimension, finding.dimension),
        "link": location_link(finding.location, folder),
    }
