"""A portfolio run: assess the files, stream every project to every output, summarise.

`run_portfolio` takes the files `discover` found, the run's settings (`PortfolioRun`) and the
outputs to write, and returns the `PortfolioSummary` (one `ProjectRow` per file, worst first, and
the run's exit code). `PortfolioReports` wraps it for the command line: the report files are
checked and staged before the first project is assessed and renamed into place together at the
end (all or none).

Results are streamed: each project is rendered for every output as soon as it is assessed and
only its row (about 2 KB) is kept, so memory grows by little more than the summary however many
files there are. An output whose beginning depends on the whole portfolio (the Markdown summary
table, JUnit's totals) keeps its project parts in a spooled temporary file until the end. Many
files are spread over worker processes forked after the packs are loaded; their results are
merged in the files' order, so every output is byte-identical whatever the number of workers.
"""

from __future__ import annotations

import importlib
import io
import multiprocessing
import os
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Protocol, TypeVar

from readiness import __version__
from readiness.baseline import Baseline, ProjectBaseline, project_baseline
from readiness.errors import Diagnostic, InputError
from readiness.output import check_targets, commit_reports, stage_reports
from readiness.portfolio import (
    PortfolioRun,
    PortfolioSummary,
    ProjectIds,
    ProjectOutcome,
    ProjectRow,
    assess_one,
    input_error_outcome,
    project_row,
)
from readiness.record import Record

# Show a progress bar from this many files on: fewer finish before a bar would help.
T = TypeVar("T")

PROGRESS_MIN_FILES = 20
# Set by CI services (GitHub Actions, GitLab, Jenkins, Travis…): their logs are no terminal.
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE", "TF_BUILD")


def wants_progress(stderr_is_tty: bool, environ: Mapping[str, str], files: int) -> bool:
    """Whether to draw a progress bar: many files, a person at a terminal, not a CI log."""
    if not stderr_is_tty or files < PROGRESS_MIN_FILES:
        return False
    if environ.get("TERM") == "dumb":
        return False
    return not any(environ.get(name) for name in CI_VARIABLES)


# --- the outputs --------------------------------------------------------------------------------


class TextSink(Protocol):
    """Where an output's text goes: standard output, an atomic file, a buffer."""

    def write(self, text: str, /) -> int: ...


class PortfolioFormat(Protocol):
    """What a portfolio renderer module provides (`readiness/report/*_portfolio.py`).

    `chunk` is a pure function of one outcome, so it may run in a worker process; `head` and
    `tail` run once. A format whose head needs the whole portfolio sets `SUMMARY_FIRST`: its
    chunks wait in a spool and `head` gets the summary. `WORST_FIRST` replays the chunks in the
    summary's order rather than the files' order. `SEPARATOR` goes between two chunks.
    `folder` is where the output is written (None: standard output); a format that sets
    `RELATIVE_LINKS` makes its links to project files relative to it, so they work where the
    report is read, and is rendered once for each folder it is written to.
    """

    SUMMARY_FIRST: bool
    WORST_FIRST: bool
    SEPARATOR: str
    RELATIVE_LINKS: bool

    def head(
        self, run: PortfolioRun, summary: PortfolioSummary | None, *, folder: str | None = None
    ) -> str: ...

    def chunk(
        self, run: PortfolioRun, outcome: ProjectOutcome, *, folder: str | None = None
    ) -> str: ...

    def tail(self, run: PortfolioRun, summary: PortfolioSummary, wrote_any: bool) -> str: ...


PORTFOLIO_FORMATTERS: dict[str, str] = {
    "terminal": "readiness.report.terminal_portfolio",
    "markdown": "readiness.report.markdown_portfolio",
    "json": "readiness.report.json_portfolio",
    "sarif": "readiness.report.sarif_portfolio",
    "junit": "readiness.report.junit_portfolio",
    "github": "readiness.report.github_portfolio",
    "html": "readiness.report.html_portfolio",
}


def portfolio_format(name: str) -> PortfolioFormat:
    """The module that renders a portfolio in `name`; raises KeyError for an unknown format."""
    module: PortfolioFormat = importlib.import_module(PORTFOLIO_FORMATTERS[name])
    return module


# One rendering of the projects: a format, and the folder its links start from (None for a
# format without links, or for standard output). Outputs that share one share its chunks.
Variant = tuple[str, str | None]

# An output of the run: the format's name, where its text goes, and the folder of the file it
# is written to (left out, or None: standard output or a buffer).
PortfolioOutput = tuple[str, TextSink] | tuple[str, TextSink, str | None]


class _Output:
    """One output of the run: a format writing to a text stream, through a spool if it must."""

    def __init__(self, name: str, stream: TextSink, folder: str | None = None) -> None:
        self.name = name
        self.format = portfolio_format(name)
        self.folder = folder if self.format.RELATIVE_LINKS else None
        self.variant: Variant = (name, self.folder)
        self.stream = stream
        self.wrote_any = False
        self.spool: IO[bytes] | None = None
        self.spans: dict[int, tuple[int, int]] = {}
        if self.format.SUMMARY_FIRST:
            self.spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115

    def start(self, run: PortfolioRun) -> None:
        if self.spool is None:
            self.stream.write(self.format.head(run, None, folder=self.folder))

    def add(self, index: int, text: str) -> None:
        if not text:
            return
        if self.spool is None:
            self.stream.write(self.format.SEPARATOR + text if self.wrote_any else text)
        else:
            data = text.encode("utf-8", "surrogatepass")
            self.spans[index] = (self.spool.tell(), len(data))
            self.spool.write(data)
        self.wrote_any = True

    def finish(self, run: PortfolioRun, summary: PortfolioSummary) -> None:
        if self.spool is not None:
            self.stream.write(self.format.head(run, summary, folder=self.folder))
            order = (
                [row.index for row in summary.rows]
                if self.format.WORST_FIRST
                else sorted(self.spans)
            )
            first = True
            for index in order:
                span = self.spans.get(index)
                if span is None:
                    continue
                self.spool.seek(span[0])
                text = self.spool.read(span[1]).decode("utf-8", "surrogatepass")
                self.stream.write(text if first else self.format.SEPARATOR + text)
                first = False
            self.spool.close()
        self.stream.write(self.format.tail(run, summary, self.wrote_any))


# Spooled parts stay in memory up to this size, then go to a temporary file.
_SPOOL_IN_MEMORY = 4 * 1024 * 1024


def _render(
    variants: Sequence[Variant], run: PortfolioRun, outcome: ProjectOutcome
) -> tuple[str, ...]:
    """One outcome rendered for each variant."""
    return tuple(
        portfolio_format(name).chunk(run, outcome, folder=folder) for name, folder in variants
    )


def _render_chunks(
    run: PortfolioRun, variants: Sequence[Variant], index: int, path: Path
) -> tuple[ProjectRow, tuple[str, ...]]:
    """Assess one file and render it for each variant: the unit of work a worker does."""
    outcome = assess_one(run, index, path)
    return project_row(outcome), _render(variants, run, outcome)


# Below this many files per worker, starting processes costs more than it saves.
FILES_PER_WORKER = 8
# Files handed to a worker at a time: few enough to keep both busy to the end.
WORKER_BATCH = 4


def available_cores() -> int:
    """The cores this process may run on (its affinity, where the system says)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - systems without affinity


def worker_count(files: int, jobs: int | None = None) -> int:
    """How many worker processes to use: `jobs` if given (1 = none), else one per core when
    there are enough files to share; 1 where processes cannot be forked (Windows)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # pragma: no cover - spawning would re-import and re-load packs per worker
    if jobs is not None:
        return max(1, min(jobs, files))
    return max(1, min(available_cores(), files // FILES_PER_WORKER))


# What each worker process works with; set in the worker by `_start_worker` (it arrives by
# fork, so it is never pickled: the packs and compiled checks are the parent's own).
_WORKER: tuple[PortfolioRun, tuple[Variant, ...]] | None = None


def _start_worker(run: PortfolioRun, variants: tuple[Variant, ...]) -> None:
    global _WORKER
    _WORKER = (run, variants)
    # Ctrl-C is the parent's to handle (it stops the pool): a worker printing its own
    # KeyboardInterrupt traceback would only bury the terminal in noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(task: tuple[int, Path]) -> tuple[ProjectRow, tuple[str, ...]]:
    if _WORKER is None:  # pragma: no cover - the pool's initializer sets it
        msg = "a portfolio worker started without its run"
        raise RuntimeError(msg)
    run, variants = _WORKER
    return _render_chunks(run, variants, *task)


def _results(
    run: PortfolioRun, variants: tuple[Variant, ...], files: Sequence[Path], workers: int
) -> Iterator[tuple[ProjectRow, tuple[str, ...]]]:
    """Each file's row and rendered parts, in the files' order, from `workers` processes.

    Workers are forked once, each inheriting the packs already loaded and checks already
    compiled; each file is assessed and rendered in a worker, and `map` hands the results
    back in the files' order, so the output is the same byte for byte whatever the number of
    workers. Only plain results (a row, text) travel back, over the pool's pipes.
    """
    if workers <= 1:
        for index, path in enumerate(files):
            yield _render_chunks(run, variants, index, path)
        return
    yield from in_workers(_work, list(enumerate(files)), workers, _start_worker, (run, variants))


def in_workers(
    work: Callable[[tuple[int, Path]], T],
    tasks: list[tuple[int, Path]],
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple[object, ...],
) -> Iterator[T]:
    """`work` on each task in `workers` forked processes, the results in the tasks' order.

    Not multiprocessing.Pool: a worker killed there (the out-of-memory killer, a signal) is
    replaced and its tasks' results never come, so the run waited for ever. The executor
    notices the death: `WorkerLost`.
    """
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    executor = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=initializer,
        initargs=initargs,
    )
    try:
        yield from executor.map(work, tasks, chunksize=WORKER_BATCH)
    except BrokenProcessPool:
        raise WorkerLost from None
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


class WorkerLost(Exception):
    """A worker process died before it finished its files (killed, out of memory): the run is
    incomplete, so no report, baseline or gate can be given."""

    def __str__(self) -> str:
        return (
            "a worker process died before it finished (killed, or out of memory?); "
            "nothing was written. Run again, or with --jobs 1 to work in one process"
        )


def run_portfolio(
    files: Sequence[Path],
    run: PortfolioRun,
    outputs: Sequence[PortfolioOutput] = (),
    *,
    search_problems: Sequence[Diagnostic] = (),
    progress: Callable[[], None] | None = None,
    jobs: int | None = None,
) -> PortfolioSummary:
    """Assess every file, stream each to the outputs (format name, text stream and, for a
    file, its folder), summarise.

    `progress` is called once per file done (the CLI draws a progress bar with it). `jobs`
    caps the worker processes (1: assess in this process); by default there is one per core
    when there are enough files.
    """
    writers = [_Output(*output) for output in outputs]
    variants = tuple(dict.fromkeys(writer.variant for writer in writers))
    position = {variant: number for number, variant in enumerate(variants)}
    for writer in writers:
        writer.start(run)
    rows = []
    ids = ProjectIds()
    for row, chunks in _results(run, variants, files, worker_count(len(files), jobs)):
        if row.project_id is not None and (
            problem := ids.claim(row.project_id, row.file, row.id_position)
        ):
            # A later file with an earlier one's id: reported in its place, in every format.
            outcome = input_error_outcome(row.index, row.file, [problem])
            row = project_row(outcome)
            chunks = _render(variants, run, outcome)
        rows.append(row)
        for writer in writers:
            writer.add(row.index, chunks[position[writer.variant]])
        if progress is not None:
            progress()
    recorded = run.gate.baseline
    seen = {row.project_id for row in rows}
    gone = (
        [(pid, entry.file) for pid, entry in sorted(recorded.projects.items()) if pid not in seen]
        if recorded is not None
        else []
    )
    summary = PortfolioSummary.of(rows, search_problems, baseline=recorded is not None, gone=gone)
    for writer in writers:
        writer.finish(run, summary)
    return summary


# --- a programme's baseline (`baseline save`) ------------------------------------------------


# What a worker records of one file: its project's record (None when it cannot be assessed),
# its problems, and where its id is, for a duplicate's message.
_Recorded = tuple[ProjectBaseline | None, tuple[Diagnostic, ...], str, tuple[int, int]]

# The run a `baseline save` worker assesses with; it arrives by fork, never pickled.
_BASELINE_RUN: PortfolioRun | None = None


def _record_baseline(run: PortfolioRun, index: int, path: Path) -> _Recorded:
    """Assess one file and keep only what the baseline records of it."""
    outcome = assess_one(run, index, path)
    record = None if outcome.assessment is None else project_baseline(outcome.assessment)
    return record, outcome.problems, outcome.file, outcome.id_position


def _start_baseline_worker(run: PortfolioRun) -> None:
    global _BASELINE_RUN
    _BASELINE_RUN = run
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _baseline_work(task: tuple[int, Path]) -> _Recorded:
    if _BASELINE_RUN is None:  # pragma: no cover - the pool's initializer sets it
        msg = "a baseline worker started without its run"
        raise RuntimeError(msg)
    return _record_baseline(_BASELINE_RUN, *task)


def _recorded(files: list[Path], run: PortfolioRun, workers: int) -> Iterator[_Recorded]:
    """Each file's record in the files' order, from `workers` forked processes (as `assess`
    shares a programme's files): only the small record travels back, never the assessment."""
    if workers <= 1:
        for index, path in enumerate(files):
            yield _record_baseline(run, index, path)
        return
    yield from in_workers(
        _baseline_work, list(enumerate(files)), workers, _start_baseline_worker, (run,)
    )


def baseline_of(files: Iterable[Path], run: PortfolioRun, jobs: int | None = None) -> Baseline:
    """Assess every file with the run's settings and record them for `baseline save`; any file
    that cannot be assessed is an input error (a baseline missing a project would let it in
    unchecked).

    The files are shared among worker processes as `assess` shares them (`jobs` caps them; by
    default one per core when there are enough files), and only each project's record is kept,
    never its assessment: 10,000 files kept 700 MB of assessments in one process (issue 18).
    """
    paths = list(files)
    projects: dict[str, ProjectBaseline] = {}
    problems: list[Diagnostic] = []
    ids = ProjectIds()
    for record, trouble, file, position in _recorded(paths, run, worker_count(len(paths), jobs)):
        if record is None:
            problems.extend(trouble)
        elif duplicate := ids.claim(record.project_id, file, position):
            problems.append(duplicate)
        else:
            projects[record.project_id] = record
    if problems:
        raise InputError(problems)
    return Baseline(projects, as_of=run.as_of.isoformat(), tool_version=__version__)


def baseline_of_checkout(
    base: Path,
    paths: Sequence[Path],
    globs: Sequence[str],
    run: PortfolioRun,
    jobs: int | None = None,
) -> Baseline:
    """The baseline a checkout of the target branch gives under this run's own settings: the
    same paths, taken under `base`, assessed with the same packs, date, waiver policy and size
    limit as the pull request's files. One run judges both sides, so an option given to the
    gate cannot miss the baseline (an extra pack used to make every unchanged project "slip").

    A path the target branch does not have yet is passed over: its projects are new. A path
    outside the working folder has no counterpart in the checkout and is refused.
    """
    import os

    from readiness.discover import discover

    here = Path.cwd()
    mapped = []
    problems: list[Diagnostic] = []
    for path in paths:
        relative = os.path.relpath(os.path.abspath(path), here)
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            message = (
                "with --base, a path must lie in the working folder (the pull request's checkout)"
            )
            problems.append(Diagnostic(str(path), 0, 0, message))
            continue
        counterpart = base / relative
        if os.path.lexists(counterpart):
            mapped.append(counterpart)
    if problems:
        raise InputError(problems)
    found = discover(mapped, globs)
    if found.failed:
        raise InputError([problem for problem in found.problems if problem.severity == "error"])
    recorded = baseline_of(list(found.files), run, jobs)
    return Baseline(
        recorded.projects,
        file=str(base),
        as_of=recorded.as_of,
        tool_version=recorded.tool_version,
        checkout=True,
    )


# --- the report files of a run ----------------------------------------------------------------


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
            # Evidence a project cites is found while it is assessed: a report over one is
            # refused before any report replaces its target (issue 14).
            cited = [Path(f) for row in summary.rows for f in row.evidence_files]
            if cited:
                check_targets([path for _, path in self.targets], cited)
        except BaseException:
            for report in self.staged:
                report.discard()
            raise
        commit_reports(self.staged)
        page = summary_page.getvalue() if summary_page is not None else None
        return PortfolioResult(summary=summary, step_summary=page)
