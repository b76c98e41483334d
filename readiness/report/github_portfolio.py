"""GitHub Actions output for a portfolio: annotations on every project file, one notice.

Each assessed project gets the annotations its own `-f github` run prints (gaps, and waivers a
reviewer should see) on its own lines; a file that cannot be assessed gets an error on each of
its problems. The run ends with one notice counting the verdicts. The job summary (the
portfolio's Markdown) is appended once by the CLI.
"""

from __future__ import annotations

from readiness.errors import Diagnostic
from readiness.portfolio import PortfolioRun, PortfolioSummary, ProjectOutcome
from readiness.report.github import annotation_lines, workflow_command

__all__ = ["chunk", "head", "tail"]

SUMMARY_FIRST = False
WORST_FIRST = False
SEPARATOR = ""
RELATIVE_LINKS = False


def head(run: PortfolioRun, summary: PortfolioSummary | None, *, folder: str | None = None) -> str:
    """Nothing before the first project."""
    return ""


def problem_command(problem: Diagnostic) -> str:
    """An error annotation on one problem of a file that cannot be assessed."""
    properties: dict[str, str | int] = {"file": problem.file}
    if problem.line:
        properties |= {"line": problem.line, "col": max(1, problem.column)}
    properties["title"] = "readiness: the file cannot be assessed"
    where = f"{problem.path}: " if problem.path else ""
    hint = f"\nhint: {problem.hint}" if problem.hint else ""
    return workflow_command("error", properties, f"{where}{problem.message}{hint}")


def chunk(run: PortfolioRun, outcome: ProjectOutcome, *, folder: str | None = None) -> str:
    """One project's annotations, or an error on each problem of a file not assessed."""
    if outcome.assessment is None:
        lines = [problem_command(problem) for problem in outcome.problems]
    else:
        lines = annotation_lines(outcome.assessment)
    return "".join(line + "\n" for line in lines)


def tail(run: PortfolioRun, summary: PortfolioSummary, wrote_any: bool) -> str:
    """One notice for the portfolio: the verdicts and how many gates failed."""
    total = len(summary.rows)
    *counts, gate = summary.tally()
    message = f"{total} project{'s' if total != 1 else ''}: {', '.join(counts)}; {gate}"
    return workflow_command("notice", {"title": "readiness portfolio"}, message) + "\n"
