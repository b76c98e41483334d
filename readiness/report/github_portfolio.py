"""GitHub Actions output for a portfolio: the gate first, then annotations on every project file.

GitHub shows only the first 10 annotations of each level of a step (see `report.github`), in
the order printed, so the output is ordered by the gate: the gate's own verdict first (an error
when it fails), then an error on each project that failed it (regressions and new projects
below the bar, with the owner who must act) or could not be assessed, then each project's
annotations worst first, where only the gaps that hold the gate are errors. A passing project
therefore can never push a failing one's errors out of view. The job summary (the portfolio's
Markdown) is appended once by the CLI, with a note when annotations were left out.
"""

from __future__ import annotations

from readiness.errors import Diagnostic
from readiness.portfolio import PortfolioRun, PortfolioSummary, ProjectOutcome, ProjectRow
from readiness.report.github import annotation_lines, hidden_note, workflow_command

__all__ = ["chunk", "head", "hidden_annotations_note", "tail"]

SUMMARY_FIRST = True
WORST_FIRST = True
SEPARATOR = ""
RELATIVE_LINKS = False


def _verdict(run: PortfolioRun, summary: PortfolioSummary) -> str:
    """The gate's verdict on the whole run: an error when it failed, else a notice."""
    total = len(summary.rows)
    *counts, gate = summary.tally()
    message = f"{total} project{'s' if total != 1 else ''}: {', '.join(counts)}; {gate}"
    message += "\n" + summary.gate_lines()[-1]
    if not run.gate.in_force.is_default:
        message += "\nGate settings in force: " + "; ".join(run.gate.in_force.lines())
    return workflow_command(
        "notice" if summary.passed else "error", {"title": "readiness gate"}, message
    )


def _failed_project(row: ProjectRow) -> str:
    """An error on the `id:` line of a project that failed the gate, naming who must act."""
    properties: dict[str, str | int] = {"file": row.file}
    if row.id_position[0]:
        properties |= {"line": row.id_position[0], "col": max(1, row.id_position[1])}
    kind = "regressed" if row.against_baseline else "failed the gate"
    name = row.project_name or row.project_id or row.file
    properties["title"] = f"readiness gate: {name} {kind}{row.owned_by}"
    return workflow_command("error", properties, f"gate: FAILED: {row.gate_reason}")


def head(run: PortfolioRun, summary: PortfolioSummary | None, *, folder: str | None = None) -> str:
    """The gate's verdict, then an error per project that failed it (worst first)."""
    if summary is None:
        return ""
    lines = [_verdict(run, summary)]
    lines += [_failed_project(row) for row in summary.rows if row.assessed and not row.gate_passed]
    return "".join(line + "\n" for line in lines)


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
    """One project's annotations (those holding the gate first), or an error on each problem of
    a file not assessed."""
    if outcome.assessment is None:
        lines = [problem_command(problem) for problem in outcome.problems]
    else:
        lines = annotation_lines(outcome.assessment, outcome.holding)
    return "".join(line + "\n" for line in lines)


def tail(run: PortfolioRun, summary: PortfolioSummary, wrote_any: bool) -> str:
    """Nothing: the verdict came first."""
    return ""


def hidden_annotations_note(summary: PortfolioSummary, where: str) -> str:
    """The job summary's sentence on annotations GitHub does not show (empty when none)."""
    failed = sum(1 for row in summary.rows if row.assessed and not row.gate_passed)
    errors = 1 if not summary.passed else 0
    notices = 0 if not summary.passed else 1
    for row in summary.rows:
        errors += row.annotations[0]
    warnings = sum(row.annotations[1] for row in summary.rows)
    notices += sum(row.annotations[2] for row in summary.rows)
    return hidden_note((errors + failed, warnings, notices), where)
