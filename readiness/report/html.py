"""The HTML bid annex: one self-contained file to attach to a funding bid, laid out for A4.

Everything is inside the file: the CSS (`templates/annex.css`) in a `<style>` element, the radar
chart (`chart.render_svg`) and the score bars as inline SVG. There is no script, no link and no
external reference, and a Content-Security-Policy meta tag allows nothing but that one style
element (by its SHA-256), so a browser opening the file fetches nothing and runs nothing.

The layout lives in `templates/annex-*.html.j2` (the document's head, one project's body, the
tail; `html_portfolio.py` puts many bodies between one head and tail), rendered by Jinja2 with
autoescape: every value
the template prints is escaped for HTML unless it is `Markup` built here from trusted parts (the
chart, which ElementTree escaped, and our own bars). The environment's `finalize` hook strips
control characters from text and refuses floats and None, so numbers are formatted here and the
output is byte-for-byte repeatable.

In print each group of sections starts a page (cover with verdict, dimensions and chart; the
business case and path to ready; the gaps with their rationale; the evidence register, waivers
and packs), a running header repeats on every page (the head of a table that frames the page
body, which browsers repeat), and long words wrap instead of running off the page.
"""

from __future__ import annotations

import binascii
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from readiness.gate import GateResult
from readiness.model import (
    BAND_NAMES,
    STATUS_WORDS,
    VERDICT_WORDS,
    Assessment,
    BusinessCase,
    DimensionScore,
    Finding,
)
from readiness.path_to_ready import path_note, step_details
from readiness.report.annex import (
    band_notes,
    baseline_lines,
    facts,
    funding_rows,
    pack_digest_line,
    pilot_dates,
    pilot_rows,
    trace_rows,
    verify_commands,
)
from readiness.report.caps import capped, left_out
from readiness.report.chart import render_svg
from readiness.report.escape import html_text
from readiness.report.markdown import COUNT_LABELS, SCENARIO_LABELS, group_gaps
from readiness.report.numbers import number
from readiness.vocabulary import join_ids
from readiness.waivers import waiver_state

if TYPE_CHECKING:
    from hashlib import sha256

    import jinja2

    from readiness.report.compiled_templates import Render
else:
    try:  # CPython's own SHA-256, the same digest: hashlib loads OpenSSL first (see loader.py)
        from _sha256 import sha256
    except ImportError:  # pragma: no cover - Python 3.12 and later name it differently
        from hashlib import sha256

__all__ = ["document_head", "document_tail", "project_body", "render", "render_template"]

HEAD_TEMPLATE = "annex-head.html.j2"
PROJECT_TEMPLATE = "annex-project.html.j2"
TAIL_TEMPLATE = "annex-tail.html.j2"
STYLESHEET = "annex.css"


def _finalize(value: object) -> object:
    """Text escaped for HTML and a CI log (`html_text`), Markup as it is."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return Markup(html_text(value))  # noqa: S704 - html_text escapes every markup character
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    msg = f"the annex template printed a {type(value).__name__}; format it first"
    raise TypeError(msg)


TEMPLATES = Path(__file__).parent / "templates"


def read_template(name: str) -> str:
    """A packaged template's (or the stylesheet's) source."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def source_environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """The Jinja2 environment for the packaged annex templates, with HTML autoescape,
    compiling them from source unless given another loader. Runs render the functions
    generated from them (`compiled_templates`) unless those are stale."""
    import jinja2

    return jinja2.Environment(
        loader=loader or jinja2.FunctionLoader(read_template),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )


@functools.cache
def _compiled() -> dict[str, Render] | None:
    """The templates as plain Python functions, None when a template changed since they were
    generated (`readiness.report.compiled_templates`)."""
    from readiness.report import compiled_templates
    from readiness.report.compiled import html

    return compiled_templates.current(html, read_template)


@functools.cache
def _environment() -> jinja2.Environment:
    return source_environment()


def render_template(name: str, view: dict[str, Any]) -> str:
    """One packaged template rendered with `view` (escaped for HTML): by its generated function
    when current, else by Jinja2 from its source."""
    compiled = _compiled()
    if compiled is not None:
        return compiled[name](view, _finalize, escape, {})
    return _environment().get_template(name).render(view)


@functools.cache
def _stylesheet() -> tuple[Markup, str]:
    """The CSS and its CSP source expression (`'sha256-…'`): the only style the page allows."""
    css = read_template(STYLESHEET)
    digest = binascii.b2a_base64(sha256(css.encode("utf-8")).digest(), newline=False).decode()
    return Markup(css), f"'sha256-{digest}'"  # noqa: S704 - our own packaged stylesheet


def render(assessment: Assessment) -> str:
    """The annex as one HTML document."""
    running = (
        f"Readiness annex · {assessment.project_name} · {assessment.project_id} · "
        f"as of {assessment.as_of}"
    )
    return (
        document_head(
            f"Readiness annex: {assessment.project_name}", running, assessment.tool_version
        )
        + project_body(assessment)
        + document_tail(footer_lines(assessment))
    )


def footer_lines(assessment: Assessment) -> tuple[str, ...]:
    """The footer of every printed page: what ties the page to the file it judged."""
    sha256sum, _ = verify_commands(assessment)
    return (
        f"Project file {assessment.file} · SHA-256 {assessment.file_sha256 or 'not known'} "
        f"(verify: {sha256sum}; see the last page) · readiness {assessment.tool_version}",
        f"Packs: {pack_digest_line(assessment.packs)}",
    )


def document_head(title: str, running: str, tool_version: str) -> str:
    """The document up to its body: the CSP, the stylesheet and the running header."""
    css, style_source = _stylesheet()
    view = {
        "title": title,
        "running": running,
        "tool_version": tool_version,
        "css": css,
        "csp": (
            f"default-src 'none'; style-src {style_source}; img-src 'none'; "
            "base-uri 'none'; form-action 'none'"
        ),
    }
    return render_template(HEAD_TEMPLATE, view)


def project_body(assessment: Assessment, *, new_page: bool = False) -> str:
    """One project's sections; `new_page` starts its cover on a new page (in a portfolio)."""
    return render_template(PROJECT_TEMPLATE, {**_view(assessment), "new_page": new_page})


def document_tail(footer: tuple[str, ...] = ()) -> str:
    """The end of the document, with the footer lines every printed page repeats."""
    return render_template(TAIL_TEMPLATE, {"footer": footer})


# --- formatting (each returns text or trusted Markup) -----------------------------------------


def money(amount: float | None, currency: str | None) -> str:
    """`1,196,700 GBP`; pence only when there are any."""
    if amount is None:
        return "not evidenced"
    text = number(amount, 0 if float(amount).is_integer() else 2)
    return f"{text} {currency}" if currency else text


def years(value: float | None) -> str:
    """A payback in years; None means the benefits never cover the running costs."""
    return "never" if value is None else f"{number(value, 1)} years"


def percent(share: float | None) -> str:
    """A 0-1 share as a whole percentage."""
    return "not evidenced" if share is None else f"{number(share * 100)}%"


def score_bar(score: float | None) -> Markup:
    """A small inline SVG bar for a 0-100 score (SVG attributes, so the CSP needs no styles)."""
    if score is None:
        return Markup("")
    filled = number(max(0.0, min(100.0, score)), 1)
    return Markup(  # noqa: S704 - our own markup around a formatted number
        '<svg class="bar" viewBox="0 0 100 8" width="100" height="8" aria-hidden="true">'
        '<rect width="100" height="8" fill="#eaeef2"/>'
        f'<rect width="{filled}" height="8" fill="#0969da"/></svg>'
    )


def chart(assessment: Assessment) -> Markup:
    """The radar chart as inline SVG: the chart module's document without its XML declaration
    (ElementTree escaped every piece of text in it)."""
    svg = render_svg(assessment)
    return Markup(svg[svg.index("<svg") :].rstrip())  # noqa: S704 - built and escaped by ElementTree


def counts(dimension: DimensionScore) -> str:
    """`7 pass · 1 partial · 1 fail`: the non-zero status counts, in a fixed order."""
    parts = [
        f"{dimension.counts[status]} {label}"
        for status, label in COUNT_LABELS.items()
        if dimension.counts.get(status)
    ]
    return " · ".join(parts) or "—"


# --- the view the template lays out -----------------------------------------------------------


def _paybacks(case: BusinessCase) -> list[dict[str, str]]:
    rows = []
    if case.claimed_payback_years is not None:
        within = "—"
        if case.horizon_years is not None:
            within = "yes" if case.claimed_payback_years <= case.horizon_years else "no"
        rows.append(
            {
                "label": "Claimed in the bid",
                "assumption": "as written",
                "years": years(case.claimed_payback_years),
                "within": within,
            }
        )
    rows.extend(
        {
            "label": SCENARIO_LABELS.get(payback.scenario, payback.scenario.capitalize()),
            "assumption": payback.assumption or "—",
            "years": years(payback.years),
            "within": "yes" if payback.within_horizon else "no",
        }
        for payback in case.paybacks
    )
    return rows


def _horizon(case: BusinessCase) -> str:
    horizon = case.horizon_years
    if horizon is None and case.paybacks:
        horizon = case.paybacks[0].horizon_years
    if horizon is None:
        return "horizon"
    return f"{number(horizon, 0 if float(horizon).is_integer() else 1)}-year horizon"


def _path(assessment: Assessment) -> dict[str, Any] | None:
    path = assessment.path_to_ready
    if path is None:
        return None
    return {
        "steps": [
            {
                "checks": join_ids(step.checks),
                "effort": step.effort,
                "reaches": f"{VERDICT_WORDS[step.verdict]}, level {step.level}",
                "verdict": step.verdict,
                "details": step_details(step),
            }
            for step in path.steps
        ],
        "note": path_note(path),
    }


def _gap(finding: Finding, titles: dict[str, str]) -> dict[str, Any]:
    return {
        "f": finding,
        "status": STATUS_WORDS[finding.status],
        "dimension": titles.get(finding.dimension, finding.dimension),
        "where": f"{finding.location.file}:{finding.location.line}",
    }


def gate_view(gate: object) -> dict[str, Any] | None:
    """The gate's line and the settings it was judged by (each that differs from the
    defaults, with where it came from, and the baseline); None when no gate judged."""
    if not isinstance(gate, GateResult):
        return None
    return {"line": gate.line().removeprefix("gate: "), "settings": gate.in_force.lines()}


def _view(assessment: Assessment) -> dict[str, Any]:
    case = assessment.business_case
    titles = {d.id: d.title for d in assessment.dimensions}
    evidence, more_evidence = capped(assessment.evidence)
    waivers, more_waivers = capped(assessment.waivers)
    return {
        "a": assessment,
        "verdict": VERDICT_WORDS[assessment.verdict],
        "level_name": BAND_NAMES.get(assessment.level, ""),
        "score": "n/a" if assessment.score is None else f"{number(assessment.score)}/100",
        "confidence": percent(assessment.confidence),
        "decision_date": assessment.decision_date or "not stated",
        "gate": gate_view(assessment.gate),
        "packs_line": ", ".join(f"{p.id} v{p.version}" for p in assessment.packs),
        "dimensions": [
            {
                "d": d,
                "score": "n/a" if d.score is None else number(d.score),
                "bar": score_bar(d.score),
                "band": "not applicable" if d.band is None else f"{d.band} {d.band_name or ''}",
                "counts": counts(d),
            }
            for d in assessment.dimensions
        ],
        "chart": chart(assessment),
        "horizon": _horizon(case),
        "paybacks": _paybacks(case),
        "money": {
            "losses": money(case.cost_of_losses_addressed, case.currency),
            "benefits": money(case.benefits_claimed, case.currency),
            "ratio": percent(case.benefit_to_loss_ratio),
        },
        "path": _path(assessment),
        "actions": [_gap(f, titles) for f in assessment.next_actions()],
        "groups": [
            {
                "title": g.title,
                "gaps": [_gap(f, titles) for f in g.gaps],
                "count": g.count,
                "left_out": g.left_out,
                "set_aside": g.set_aside,
            }
            for g in group_gaps(assessment.gaps, assessment.required_level)
        ],
        "evidence": [
            {
                "e": e,
                "ref": (e.ref or "—") + (" (file not found)" if e.file_missing else ""),
            }
            for e in evidence
        ],
        "evidence_left_out": left_out(more_evidence, "entries") if more_evidence else None,
        "waivers": [{"w": w, "state": waiver_state(w, assessment.as_of)} for w in waivers],
        "waivers_left_out": left_out(more_waivers, "waivers") if more_waivers else None,
        "not_applicable": [f for f in assessment.findings if f.status == "not_applicable"],
        "facts": facts(assessment),
        "funding": funding_rows(assessment),
        "trace": trace_rows(assessment),
        "baseline": baseline_lines(assessment),
        "pilot": pilot_rows(assessment),
        "pilot_criteria": assessment.case.pilot_criteria if assessment.case else (),
        "pilot_dates": pilot_dates(assessment),
        "band_notes": list(band_notes(assessment).values()),
        "verify": verify_commands(assessment),
        "packs": [{"p": p, "valid_as_of": p.valid_as_of or "—"} for p in assessment.packs],
    }
