"""The Markdown portfolio: a summary table a programme lead scans, then each project, worst first.

What a CI bot posts on a pull request for a programme repository, or the job summary of a run.
The first line is a hidden marker, `<!-- readiness-report portfolio -->`, so a bot can find and
update its own comment. Each project gets its verdict, why, its bands and every gap on one line
with a link to its file and line; `readiness assess FILE -f markdown` gives the full report.

The pieces are the one-project report's (`markdown.py`): the same environment, whose finalize
hook escapes every value a template prints, and the same helpers for bars, bands, links and
waiver states. The projects are rendered as they are assessed and replayed in the table's
order at the end.
"""

from __future__ import annotations

from typing import Any

from readiness.errors import Diagnostic
from readiness.model import BAND_NAMES, STATUS_WORDS, Location
from readiness.portfolio import (
    INPUT_ERROR,
    PortfolioRun,
    PortfolioSummary,
    ProjectOutcome,
    ProjectRow,
)
from readiness.report.caps import capped, left_out
from readiness.report.escape import markdown_prose, markdown_text, neutralise_commands
from readiness.report.markdown import (
    VERDICT_LABELS,
    Md,
    band_cell,
    file_link,
    gate_settings,
    group_gaps,
    href,
    link_path,
    link_text,
    location_link,
    render_template,
    score_bar,
)
from readiness.waivers import waiver_state

__all__ = ["MARKER", "chunk", "head", "tail"]

SUMMARY_FIRST = True
WORST_FIRST = True
SEPARATOR = ""
RELATIVE_LINKS = True

MARKER = "<!-- readiness-report portfolio -->"
HEAD_TEMPLATE = "portfolio.md.j2"
PROJECT_TEMPLATE = "portfolio-project.md.j2"
LABELS = {**VERDICT_LABELS, INPUT_ERROR: "❗ Input error"}


def _problem_link(problem: Diagnostic, folder: str | None) -> Md:
    if problem.line:
        return location_link(Location(problem.file, problem.line, problem.column), folder)
    return file_link(problem.file, folder)


def _problem_text(problem: Diagnostic) -> Md:
    where = f"{problem.path}: " if problem.path else ""
    text = markdown_prose(f"{where}{problem.message}")
    if problem.hint:
        text += " (" + markdown_prose(problem.hint) + ")"
    return Md(text)


def _row_view(row: ProjectRow, folder: str | None) -> dict[str, Any]:
    name = row.project_name if row.project_name is not None else row.file
    project = Md(f"[{link_text(name)}]({href(link_path(row.file, folder))})")
    if not row.assessed:
        return {
            "project": project,
            "verdict": Md(LABELS[INPUT_ERROR]),
            **dict.fromkeys(("level", "score", "weakest", "waived"), Md("—")),
            **dict.fromkeys(("before_gate", "before_scaling", "improve"), Md("—")),
            "gate": Md("**error**"),
        }
    weakest = row.weakest
    waived = str(row.waivers)
    if row.waivers_not_honoured:
        waived += f" ({row.waivers_not_honoured} not honoured)"
    return {
        "project": project,
        "verdict": Md(LABELS.get(row.verdict, row.verdict)),
        "level": Md(f"{row.level} {BAND_NAMES.get(row.level or 0, '')}".rstrip()),
        "score": score_bar(row.score),
        "weakest": (Md(f"{markdown_text(weakest.title)} ({weakest.band})") if weakest else Md("—")),
        "before_gate": str(row.gap_count("before_gate")),
        "before_scaling": str(row.gap_count("before_scaling")),
        "improve": str(row.gap_count("improve")),
        "waived": Md(waived),
        "gate": Md("passed" if row.gate_passed else "**failed**"),
    }


def _counts(summary: PortfolioSummary) -> Md:
    parts = [
        f"{summary.count(verdict)} {LABELS[verdict]}"
        for verdict in ("ready", "conditional", "not_ready")
    ]
    if summary.input_errors:
        parts.append(f"{summary.input_errors} could not be assessed")
    return Md(" · ".join(parts))


def _outcome(summary: PortfolioSummary) -> Md:
    if summary.passed:
        return Md("✅ Gate passed")
    reasons = []
    if summary.gates_failed:
        reasons.append(f"failed for {summary.gates_failed}")
    if summary.input_errors:
        files = "file" if summary.input_errors == 1 else "files"
        reasons.append(f"{summary.input_errors} {files} could not be assessed")
    if summary.search_failed:
        reasons.append("a folder could not be searched")
    return Md(f"⛔ Gate {', '.join(reasons)}")


def head(run: PortfolioRun, summary: PortfolioSummary | None, *, folder: str | None = None) -> str:
    """The marker, the counts, the table and the files that could not be assessed; links are
    relative to `folder`, where the report is written (None: the current folder)."""
    rows = summary.rows if summary is not None else ()
    total = len(rows)
    broken = [row for row in rows if not row.assessed]
    view = {
        "marker": Md(MARKER),
        "total": Md(f"{total} project{'s' if total != 1 else ''}"),
        "outcome": _outcome(summary) if summary is not None else Md(""),
        "counts": _counts(summary) if summary is not None else Md(""),
        "as_of": run.as_of.isoformat(),
        "gate_settings": gate_settings(run.gate.in_force),
        "rows": [_row_view(row, folder) for row in rows],
        "broken": [
            {
                "link": file_link(row.file, folder),
                "count": Md(f"{row.problem_count} problem{'s' if row.problem_count != 1 else ''}"),
                "problems": [
                    {"link": _problem_link(p, folder), "text": _problem_text(p)}
                    for p in row.problems
                ],
                "more": row.problem_count - len(row.problems),
            }
            for row in broken
        ],
        "search_problems": [
            Md(f"{file_link(p.file, folder)}: {p.severity}: {markdown_prose(p.message)}")
            for p in (summary.search_problems if summary is not None else ())
        ],
        "sections": total > len(broken),
    }
    return neutralise_commands(render_template(HEAD_TEMPLATE, view))


def chunk(run: PortfolioRun, outcome: ProjectOutcome, *, folder: str | None = None) -> str:
    """One assessed project's section, its links relative to `folder`; nothing for a file not
    assessed (its problems are listed under the table)."""
    assessment = outcome.assessment
    if assessment is None:
        return ""
    titles = {d.id: d.title for d in assessment.dimensions}
    severities = {f.check: f.severity for f in assessment.findings}
    shown_waivers, more_waivers = capped(assessment.waivers)
    gate = (
        Md("passed")
        if outcome.gate_passed
        else Md(f"**failed**: {markdown_text(outcome.gate_reason)}")
    )
    view = {
        "a": assessment,
        "verdict": Md(LABELS.get(assessment.verdict, assessment.verdict)),
        "level_name": BAND_NAMES.get(assessment.level, ""),
        "score": score_bar(assessment.score),
        "file_link": file_link(assessment.file, folder),
        "gate": gate,
        "dimensions": [
            {"d": d, "score": score_bar(d.score), "band": band_cell(d.band, d.band_name)}
            for d in assessment.dimensions
        ],
        "groups": [
            {
                "title": group.title,
                "gaps": [
                    {
                        "f": gap,
                        "status": STATUS_WORDS[gap.status],
                        "dimension": titles.get(gap.dimension, gap.dimension),
                        "link": location_link(gap.location, folder),
                    }
                    for gap in group.gaps
                ],
                "count": group.count,
                "left_out": Md(group.left_out),
                "set_aside": group.set_aside,
            }
            for group in group_gaps(assessment.gaps, assessment.required_level)
        ],
        "waivers": [
            {
                "waiver": waiver,
                "severity": waiver.severity or severities.get(waiver.check, "unknown"),
                "state": waiver_state(waiver, assessment.as_of),
                "link": location_link(waiver.location, folder),
            }
            for waiver in shown_waivers
        ],
        "waiver_count": len(assessment.waivers),
        "waivers_left_out": Md(left_out(more_waivers, "waivers")) if more_waivers else None,
    }
    return "\n" + neutralise_commands(render_template(PROJECT_TEMPLATE, view))


def tail(run: PortfolioRun, summary: PortfolioSummary, wrote_any: bool) -> str:
    """The packs in force and the tool's version."""
    packs = ", ".join(f"{markdown_text(p.id)} v{p.version}" for p in run.packs)
    return (
        f"\nAssessed as of {run.as_of.isoformat()} by readiness {run.tool_version}; "
        f"packs: {packs}.\n"
    )
