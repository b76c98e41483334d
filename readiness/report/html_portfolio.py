"""The HTML annex for a portfolio: a first page that ranks every project, then each project's
own annex (`html.py`), each starting on a new page, in one self-contained A4 document.

The same head (CSP, stylesheet, running header), project body and tail as the one-project
annex, so a portfolio annex escapes and prints exactly as a single one does.
"""

from __future__ import annotations

from readiness.errors import Diagnostic
from readiness.model import BAND_NAMES, VERDICT_WORDS
from readiness.portfolio import (
    INPUT_ERROR,
    PortfolioRun,
    PortfolioSummary,
    ProjectOutcome,
    ProjectRow,
)
from readiness.report.annex import pack_digest_line
from readiness.report.html import document_head, document_tail, project_body, render_template
from readiness.report.numbers import number

__all__ = ["chunk", "head", "tail"]

SUMMARY_FIRST = True
WORST_FIRST = True
SEPARATOR = ""
RELATIVE_LINKS = False

SUMMARY_TEMPLATE = "annex-portfolio.html.j2"
LABELS = {**VERDICT_WORDS, INPUT_ERROR: "Input error"}


def _row(row: ProjectRow) -> dict[str, str]:
    if not row.assessed:
        blank = dict.fromkeys(("level", "score", "before_gate", "before_scaling", "improve"), "—")
        return {
            "project": row.file,
            "file": row.file,
            "verdict": LABELS[INPUT_ERROR],
            **blank,
            "gate": "error",
        }
    return {
        "project": row.project_name or row.file,
        "file": row.file,
        "verdict": LABELS.get(row.verdict, row.verdict),
        "level": f"{row.level} {BAND_NAMES.get(row.level or 0, '')}".rstrip(),
        "score": "n/a" if row.score is None else number(row.score),
        "before_gate": str(row.gap_count("before_gate")),
        "before_scaling": str(row.gap_count("before_scaling")),
        "improve": str(row.gap_count("improve")),
        "gate": "passed" if row.gate_passed else "failed",
    }


def _problem(problem: Diagnostic) -> str:
    at = f"{problem.file}:{problem.line}:{problem.column}" if problem.line else problem.file
    where = f"{problem.path}: " if problem.path else ""
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"{at}: {where}{problem.message}{hint}"


def head(run: PortfolioRun, summary: PortfolioSummary | None, *, folder: str | None = None) -> str:
    """The document head and the first page: counts, gate, one row per project."""
    rows = summary.rows if summary is not None else ()
    total = f"{len(rows)} project{'s' if len(rows) != 1 else ''}"
    passed = summary is not None and summary.passed
    counts = [f"{summary.count(v) if summary else 0} {LABELS[v].lower()}" for v in VERDICT_WORDS]
    if summary is not None and summary.input_errors:
        counts.append(f"{summary.input_errors} could not be assessed")
    view = {
        "total": total,
        "as_of": run.as_of.isoformat(),
        "tool_version": run.tool_version,
        "packs_line": ", ".join(f"{p.id} v{p.version}" for p in run.packs),
        "counts": " · ".join(counts),
        "outcome": "Gate passed" if passed else "Gate failed",
        "outcome_class": "ready" if passed else "not_ready",
        "gate_line": summary.gate_line().removeprefix("gate: ") if summary is not None else "",
        "gate_settings": run.gate.in_force.lines(),
        "rows": [_row(row) for row in rows],
        "broken": [
            {
                "file": row.file,
                "problems": [_problem(p) for p in row.problems],
                "more": row.problem_count - len(row.problems),
            }
            for row in rows
            if not row.assessed
        ],
        "search_problems": [
            f"{p.file}: {p.severity}: {p.message}"
            for p in (summary.search_problems if summary is not None else ())
        ],
    }
    running = f"Readiness portfolio · {total} · as of {run.as_of.isoformat()}"
    title = f"Readiness portfolio: {total}"
    summary_page = render_template(SUMMARY_TEMPLATE, view)
    return document_head(title, running, run.tool_version) + summary_page


def chunk(run: PortfolioRun, outcome: ProjectOutcome, *, folder: str | None = None) -> str:
    """One assessed project's annex, from a new page; nothing for a file not assessed (its
    problems are on the first page)."""
    if outcome.assessment is None:
        return ""
    return project_body(outcome.assessment, new_page=True)


def tail(run: PortfolioRun, summary: PortfolioSummary, wrote_any: bool) -> str:
    """The end of the document; every page's footer names the packs and the tool (each
    project's file digest is in its own annex)."""
    return document_tail(
        (
            f"Packs: {pack_digest_line(run.packs)} · readiness {run.tool_version}",
            "Each project's file and its SHA-256 are on the project's first page and last page.",
        )
    )
