"""The JSON portfolio, `readiness-portfolio/1`: every project's `readiness-result/1` and a summary.

`readiness schema portfolio` publishes its schema. Results are streamed in the files' order, each
the same data as `--format json` gives for one file, on one line of its own (a thousand indented
results are tens of megabytes, and indenting is Python's slow encoder: one line per project is
quicker to write and to read a project at a time with line-oriented tools); files that could not
be assessed are listed under `errors`, and `summary.rows` holds one row per file, worst first,
with its gate. The rest of the document is indented. It is written a project at a time, so that a
thousand results never sit in memory together.
"""

from __future__ import annotations

from typing import Any

from readiness.gate import GateInForce
from readiness.portfolio import PortfolioRun, PortfolioSummary, ProjectOutcome, ProjectRow
from readiness.report.json_result import as_dict, gate_dict
from readiness.report.json_stream import ROWS, STREAMED, ListStream

__all__ = ["FORMAT", "chunk", "head", "row_dict", "summary_dict", "tail"]

FORMAT = "readiness-portfolio/1"
SUMMARY_FIRST = False
WORST_FIRST = False
SEPARATOR = ","
RELATIVE_LINKS = False
# The document, then its results list; one result per line.
_RESULTS = ListStream(depth=2, one_line_items=True)
# The summary's rows, one per line: thousands of rows as one nested structure handed to the
# indenting encoder at the end would be the run's peak of memory.
_ROWS = ListStream(depth=3, one_line_items=True, marker=ROWS)


def _document(run: PortfolioRun, summary: PortfolioSummary | None) -> dict[str, Any]:
    """The portfolio with the results list left to the stream."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "tool": {"name": "readiness", "version": run.tool_version},
        "as_of": run.as_of.isoformat(),
        "packs": [
            {"id": p.id, "version": p.version, "valid_as_of": p.valid_as_of} for p in run.packs
        ],
        "results": STREAMED,
    }
    if summary is not None:
        document["errors"] = [
            {
                "file": row.file,
                "problem_count": row.problem_count,
                "problems": [p.as_dict() for p in row.problems],
            }
            for row in sorted(summary.rows, key=lambda r: r.index)
            if not row.assessed
        ]
        document["search_problems"] = [p.as_dict() for p in summary.search_problems]
        document["summary"] = summary_dict(summary, run.gate.in_force, rows=False)
    return document


def head(run: PortfolioRun, summary: PortfolioSummary | None, *, folder: str | None = None) -> str:
    """Everything before the first result: format, tool, date and packs, then `"results": [`."""
    return _RESULTS.head(_document(run, None))


def chunk(run: PortfolioRun, outcome: ProjectOutcome, *, folder: str | None = None) -> str:
    """One assessed project's result, indented to sit in the results list; nothing for errors."""
    if outcome.assessment is None:
        return ""
    return _RESULTS.item(as_dict(outcome.assessment))


def row_dict(row: ProjectRow) -> dict[str, Any]:
    """A summary row as data."""
    weakest = row.weakest
    return {
        "file": row.file,
        "project": (
            {"id": row.project_id, "name": row.project_name} if row.project_id is not None else None
        ),
        "verdict": row.verdict,
        "level": row.level,
        "required_level": row.required_level,
        "score": row.score,
        "weakest_dimension": (
            {
                "id": weakest.id,
                "title": weakest.title,
                "band": weakest.band,
                "band_name": weakest.band_name,
                "score": weakest.score,
            }
            if weakest is not None
            else None
        ),
        "gaps": dict(row.gaps) if row.assessed else None,
        "waivers": row.waivers,
        "waived_blockers": row.waived_blockers,
        "waivers_not_honoured": row.waivers_not_honoured,
        "gate": {"passed": row.gate_passed, "reason": row.gate_reason},
    }


def summary_dict(
    summary: PortfolioSummary, in_force: GateInForce, *, rows: bool = True
) -> dict[str, Any]:
    """The summary: counts, the gate's outcome (with the settings in force) and the rows, worst
    first (`rows=False`: the rows' marker, for `ListStream.splice`)."""
    return {
        "projects": len(summary.rows),
        "verdicts": {
            verdict: summary.count(verdict)
            for verdict in ("ready", "conditional", "not_ready", "input_error")
        },
        "gates_failed": summary.gates_failed,
        "passed": summary.passed,
        "exit_code": summary.exit_code,
        "gate": gate_dict(summary.passed, summary.gate_reasons(), in_force),
        "rows": [row_dict(row) for row in summary.rows] if rows else ROWS,
    }


def tail(run: PortfolioRun, summary: PortfolioSummary, wrote_any: bool) -> str:
    """Close the results list; then the errors (files' order), search problems and summary."""
    text = _RESULTS.tail(_document(run, summary), wrote_any)
    return _ROWS.splice(text, (row_dict(row) for row in summary.rows))
