"""The terminal view of a portfolio: one table row per project, worst first, then what failed.

A thousand full reports would scroll past unread, and cost layout time for each; one
summary table says which projects to open (`readiness assess FILE` gives the full report). As in
the one-project report, user text goes in as `Text`, never markup, with control characters gone.
"""

from __future__ import annotations

import re

from readiness.model import BUCKETS
from readiness.portfolio import (
    INPUT_ERROR,
    PortfolioRun,
    PortfolioSummary,
    ProjectOutcome,
    ProjectRow,
)
from readiness.report.escape import neutralise_commands, plain_text
from readiness.report.layout import Block, Text, Unwrapped, cell_len, chop_cells
from readiness.report.layout import render as lay_out
from readiness.report.terminal import VERDICT_STYLE, VERDICT_TEXT, clean, gate_settings

__all__ = ["chunk", "fold_path", "head", "render", "tail"]

SUMMARY_FIRST = True
WORST_FIRST = False
SEPARATOR = ""
RELATIVE_LINKS = False

VERDICT_LABELS = {**VERDICT_TEXT, INPUT_ERROR: "INPUT ERROR"}
VERDICT_STYLES = {**VERDICT_STYLE, INPUT_ERROR: "bold magenta"}


def _counts(summary: PortfolioSummary) -> str:
    return " · ".join(summary.tally())


# The table's columns: heading, and whether the cells are right-aligned. Each project's file
# (and owner) goes on the line below its row, across the whole width, so a path is never cut
# mid-name: one longer than the line folds after a `/`.
COLUMNS: tuple[tuple[str, bool], ...] = (
    ("Verdict", False),
    ("Gate", False),
    ("Level", True),
    ("Score", True),
    ("Gaps", False),
    ("Waived", False),
    ("Weakest band", False),
)
GUTTER = "  "
INDENT = "  "
GATE_WORDS = {True: ("passed", "green"), False: ("FAILED", "bold red")}


def _cells(row: ProjectRow) -> list[Text]:
    verdict = Text(VERDICT_LABELS.get(row.verdict, row.verdict), style=VERDICT_STYLES[row.verdict])
    if not row.assessed:
        return [verdict, Text("error", style="bold magenta"), *(Text() for _ in range(5))]
    gate = Text(*GATE_WORDS[row.gate_passed])
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
    return [verdict, gate, Text(str(row.level)), Text(score), Text(gaps), Text(waived), weak]


def _pad(cell: Text, width: int, right: bool) -> Text:
    gap = " " * max(0, width - cell.cell_len)
    return Text(gap) + cell if right else cell + Text(gap)


def table(rows: tuple[ProjectRow, ...], width: int) -> Text:
    """Two lines per project: its figures in fixed columns, then its file and owner, whole.
    Laid out by hand: a grid measures every cell again and wraps them, which a layout this
    simple does not need."""
    cells = [_cells(row) for row in rows]
    widths = [
        max([len(heading), *(line[column].cell_len for line in cells)])
        for column, (heading, _) in enumerate(COLUMNS)
    ]
    ruled = max(sum(widths) + len(GUTTER) * (len(COLUMNS) - 1), min(width, PLAIN_WIDTH))
    lines = [
        Text(GUTTER).join(
            _pad(Text(heading, style="bold"), widths[column], right)
            for column, (heading, right) in enumerate(COLUMNS)
        ),
        Text(INDENT) + Text("Project file · owner", style="bold"),
        Text("─" * ruled),
    ]
    for row, line in zip(rows, cells, strict=True):
        lines.append(
            Text(GUTTER).join(
                _pad(cell, widths[column], COLUMNS[column][1]) for column, cell in enumerate(line)
            )
        )
        lines.extend(Text(INDENT) + piece for piece in _file_lines(row, width - len(INDENT)))
    return Text("\n").join(lines)


def _file_lines(row: ProjectRow, width: int) -> list[Text]:
    """The file, folded after a `/` where it is wider than `width` (mid-name only when one
    name alone is wider), then the owner, on the same line when it fits."""
    pieces = [Text(piece) for piece in fold_path(clean(row.file), width)]
    if row.owner:
        owner = Text(" · ", style="dim") + Text(clean(row.owner), style="dim")
        if pieces[-1].cell_len + owner.cell_len <= width:
            pieces[-1] = pieces[-1] + owner
        else:
            pieces.append(Text(clean(row.owner), style="dim"))
    return pieces


def fold_path(path: str, width: int) -> list[str]:
    """`path` in lines of at most `width` cells, each but the last ending with a `/`; a single
    name wider than that is cut where it must be."""
    width = max(width, 8)
    lines: list[str] = []
    current = ""
    for name in re.split(r"(?<=/)", path):
        if current and cell_len(current + name) > width:
            lines.append(current)
            current = ""
        while cell_len(name) > width:
            head = chop_cells(name, width)[0]
            lines.append(head)
            name = name[len(head) :]
        current += name
    lines.append(current)
    return lines


# Paths need room: plain text (a pipe, a CI log, a file) is laid out this wide.
PLAIN_WIDTH = 120


def render(
    run: PortfolioRun, summary: PortfolioSummary, *, width: int = PLAIN_WIDTH, color: bool = False
) -> str:
    """The portfolio table and the problems found, for a terminal of `width` columns."""
    total = len(summary.rows)
    blocks: list[Block] = [
        Text("readiness · ", style="bold")
        + Text(f"portfolio of {total} project{'s' if total != 1 else ''}", style="bold")
        + Text(f" · as of {run.as_of.isoformat()}", style="dim"),
        Text(_counts(summary)),
        Text(clean(summary.gate_line()), style="green" if summary.passed else "bold red"),
        gate_settings(run.gate.in_force.lines()),
        Text(""),
        # Laid out for the width already; narrower than its fixed columns, lines run long
        # rather than break mid-row.
        Unwrapped(table(summary.rows, width)),
        Text(
            "Gaps: fix before the bid or gate · before scaling · improve. "
            "`readiness assess FILE` gives a project's full report.",
            style="dim",
        ),
    ]
    broken = [row for row in summary.rows if not row.assessed]
    if broken:
        blocks += [Text(""), Text(f"Could not be assessed ({len(broken)})", style="bold underline")]
        for row in broken:
            blocks += [Text(clean(problem.render().splitlines()[0])) for problem in row.problems]
            if row.problem_count > len(row.problems):
                more = row.problem_count - len(row.problems)
                blocks.append(
                    Text(f"  … and {more} more: readiness validate {clean(row.file)}", style="dim")
                )
    packs = ", ".join(f"{p.id} v{p.version}" for p in run.packs)
    blocks += [Text(""), Text(f"packs: {clean(packs)}", style="dim")]
    text = lay_out(blocks, width, color)
    # As in the one-project report: no CI command at any line start, no stray control.
    return neutralise_commands(text) if color else plain_text(text)


def head(run: PortfolioRun, summary: PortfolioSummary | None, *, folder: str | None = None) -> str:
    """The whole view (written to a file: 120 columns, no colour)."""
    return render(run, summary) if summary is not None else ""


def chunk(run: PortfolioRun, outcome: ProjectOutcome, *, folder: str | None = None) -> str:
    """Nothing per project: the table is built from the rows."""
    return ""


def tail(run: PortfolioRun, summary: PortfolioSummary, wrote_any: bool) -> str:
    """Nothing after the table."""
    return ""
