"""A portfolio run with its report files: every file checked and staged before the first project
is assessed, standard output streamed as the projects come, the files renamed into place
together at the end (all or none).

The command line chooses the formats and the streams; this is the order of work that keeps a
failed run from leaving half a report behind.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from readiness.errors import Diagnostic
from readiness.output import check_targets, commit_reports, stage_reports
from readiness.portfolio import (
    PortfolioOutput,
    PortfolioRun,
    PortfolioSummary,
    TextSink,
    run_portfolio,
)
from readiness.record import Record


class PortfolioResult(Record):
    """What a run leaves for the caller to print: the summary, and the Markdown report for
    GitHub's job summary page when it was asked for."""

    summary: PortfolioSummary
    step_summary: str | None = None


class PortfolioReports:
    """The report files of one portfolio run, staged beside their targets."""

    def __init__(self, targets: Sequence[tuple[str, Path]], inputs: Iterable[Path]) -> None:
        """Refuse (`OutputError`, naming the path) a target that would replace an input or
        cannot be written, then stage a temporary file for each: before any project is
        assessed, so a run that cannot write its reports costs nothing."""
        check_targets([path for _, path in targets], inputs)
        self.targets = list(targets)
        self.staged = stage_reports([path for _, path in self.targets])

    def run(
        self,
        files: Sequence[Path],
        run: PortfolioRun,
        *,
        stdout: tuple[str, TextSink] | None = None,
        step_summary: bool = False,
        search_problems: Sequence[Diagnostic] = (),
        progress: Callable[[], None] | None = None,
        jobs: int | None = None,
    ) -> PortfolioResult:
        """Assess every file, stream each project to the report files and to `stdout` (a
        format and its stream), then rename the files into place; `OutputError` if they cannot
        be (none are then). `step_summary` also renders the Markdown report for the job's
        summary page."""
        # A report written to a file links to the projects from that file's folder.
        outputs: list[PortfolioOutput] = [
            (name, report, str(path.parent))
            for (name, path), report in zip(self.targets, self.staged, strict=True)
        ]
        if stdout is not None:
            outputs.append(stdout)
        summary_page = io.StringIO() if step_summary else None
        if summary_page is not None:
            outputs.append(("markdown", summary_page))
        try:
            summary = run_portfolio(
                files,
                run,
                outputs,
                search_problems=search_problems,
                progress=progress,
                jobs=jobs,
            )
        except BaseException:
            for report in self.staged:
                report.discard()
            raise
        commit_reports(self.staged)
        page = summary_page.getvalue() if summary_page is not None else None
        return PortfolioResult(summary=summary, step_summary=page)
