"""The terminal view of a portfolio: one table row per project, worst first, then what failed.

A thousand full reports would scroll past unread, and cost Rich layout time for each; one
summary table says which projects to open (`readiness assess FILE` gives the full report). As in
the one-project report, user text goes in as `Text`, never markup, with control characters gone.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from readiness.model import BUCKETS
from readiness.portfolio import (
    INPUT_ERROR,
    PortfolioRun,
    PortfolioSummary,
    ProjectOutcome,
    ProjectRow,
)
from readiness.report.escape import neutralise_commands, plain_text
from readiness.report.terminal import VERDICT_STYLE, VERDICT_TEXT, clean

__all__ = ["chunk", "head", "render", "tail"]

SUMMARY_FIRST = True
WORST_FIRST = False
SEPARATOR = ""

VERDICT_LABELS = {**VERDICT_TEXT, INPUT_ERROR: "INPUT ERROR"}
VERDICT_STYLES = {**VERDICT_STYLE, INPUT_ERROR: "bold magenta"}
VERDICT_ORDER = (("ready", "ready"), ("conditional", "conditional"), ("not_ready", "not ready"))


def _counts(summary: PortfolioSummary) -> str:
    parts = [f"{summary.count(verdict)} {label}" for verdict, label in VERDICT_ORDER]
    if summary.input_errors:
        parts.append(f"{summary.input_errors} could not be assessed")
    failed = summary.gates_failed
    parts.append(f"gate failed for {failed}" if failed else "every gate passed")
    return " · ".join(parts)


def _row(table: Table, row: ProjectRow) -> None:
    verdict = Text(VERDICT_LABELS.get(row.verdict, row.verdict), style=VERDICT_STYLES[row.verdict])
    file = Text(clean(row.file))
    if not row.assessed:
        table.add_row(verdict, "", "", "", "", "", file)
        return
    weakest = row.weakest
    weak = (
        Text(f"{weakest.band} ", style="bold") + Text(weakest.id.replace("_", " "))
        if weakest is not None
        else Text("n/a", style="dim")
    )
    gaps = "·".join(str(row.gap_count(bucket)) for bucket in BUCKETS)
    waived = str(row.waivers)
    if row.waivers_not_honoured:
        waived += f" ({row.waivers_not_honoured} not honoured)"
    score = "n/a" if row.score is None else f"{row.score:.0f}"
    table.add_row(verdict, str(row.level), score, gaps, waived, weak, file)


# Paths need room: plain text (a pipe, a CI log, a file) is laid out this wide.
PLAIN_WIDTH = 120


def render(
    run: PortfolioRun, summary: PortfolioSummary, *, width: int = PLAIN_WIDTH, color: bool = False
) -> str:
    """The portfolio table and the problems found, for a terminal of `width` columns."""
    stream = io.StringIO()
    console = Console(
        file=stream,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    total = len(summary.rows)
    console.print(
        Text("readiness · ", style="bold")
        + Text(f"portfolio of {total} project{'s' if total != 1 else ''}", style="bold")
        + Text(f" · as of {run.as_of.isoformat()}", style="dim")
    )
    console.print(Text(_counts(summary)))
    console.print()
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Level", justify="right", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Gaps", no_wrap=True)
    table.add_column("Waived", no_wrap=True)
    table.add_column("Weakest band", no_wrap=True)
    table.add_column("Project file", overflow="fold")
    for row in summary.rows:
        _row(table, row)
    console.print(table)
    console.print(
        Text(
            "Gaps: fix before the bid or gate · before scaling · improve. "
            "`readiness assess FILE` gives a project's full report.",
            style="dim",
        )
    )
    broken = [row for row in summary.rows if not row.assessed]
    if broken:
        console.print()
        console.print(Text(f"Could not be assessed ({len(broken)})", style="bold underline"))
        for row in broken:
            for problem in row.problems:
                console.print(Text(clean(problem.render().splitlines()[0])))
            if row.problem_count > len(row.problems):
                more = row.problem_count - len(row.problems)
                console.print(
                    Text(f"  … and {more} more: readiness validate {clean(row.file)}", style="dim")
                )
    packs = ", ".join(f"{p.id} v{p.version}" for p in run.packs)
    console.print()
    console.print(Text(f"packs: {clean(packs)}", style="dim"))
    text = stream.getvalue()
    text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    # As in the one-project report: no CI command at any line start, no stray control.
    return neutralise_commands(text) if color else plain_text(text)


def head(run: PortfolioRun, summary: PortfolioSummary | None) -> str:
    """The whole view (written to a file: 120 columns, no colour)."""
    return render(run, summary) if summary is not None else ""


def chunk(run: PortfolioRun, outcome: ProjectOutcome) -> str:
    """Nothing per project: the table is built from the rows."""
    return ""


def tail(run: PortfolioRun, summary: PortfolioSummary, wrote_any: bool) -> str:
    """Nothing after the table."""
    return ""
