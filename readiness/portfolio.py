"""Many projects in one run: assess each file, gate each, and summarise them worst first.

`run_portfolio` is the core the CLI calls: it takes the files `discover` found, the settings
every project shares (`PortfolioRun`: one date, one set of packs loaded and compiled once, one
gate) and the outputs to write, and returns the `PortfolioSummary` (one `ProjectRow` per file,
worst first, and the run's exit code). A file that cannot be read or is invalid becomes an
input-error row; it never hides the others. A file whose `project.id` an earlier file (in the
files' order) already uses is an input error too, located on its `id:` line: baselines, the gate
and every report tell projects apart by id, so a copied file must get its own.

Results are streamed: each project is rendered for every output as soon as it is assessed and
only its row (about 2 KB) is kept, so memory grows by little more than the summary however many
files there are. An output whose beginning depends on the whole portfolio (the Markdown summary
table, JUnit's totals) keeps its project parts in a spooled temporary file until the end. Many
files are spread over worker processes forked after the packs are loaded; their results are
merged in the files' order, so every output is byte-identical whatever the number of workers.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Protocol

from readiness import __version__
from readiness.assess import DEFAULT_REQUIRED_LEVEL, assess_document
from readiness.errors import Diagnostic, InputError, count_problems, truncate
from readiness.gate import GateSettings, evaluate_gate
from readiness.loader import DEFAULT_MAX_BYTES, load_file
from readiness.model import (
    BUCKETS,
    STATUSES,
    VERDICT_ORDER,
    Assessment,
    DimensionScore,
    PackInfo,
)
from readiness.record import Record
from readiness.rubric import RubricSet
from readiness.waivers import WaiverPolicy

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_INPUT_ERROR = 2

INPUT_ERROR = "input_error"
# Worst first: files that could not be assessed, then by verdict.
VERDICT_RANK: dict[str, int] = {INPUT_ERROR: 0, "not_ready": 1, "conditional": 2, "ready": 3}
# A row keeps this many of a broken file's problems (`readiness validate FILE` shows them all).
PROBLEMS_KEPT = 10


class PortfolioRun(Record):
    """What every project of one run shares: today, the packs (loaded once), the gate."""

    as_of: date
    rubrics: RubricSet
    gate: GateSettings = field(default_factory=GateSettings)
    waiver_policy: WaiverPolicy = field(default_factory=WaiverPolicy)
    required_level: int = DEFAULT_REQUIRED_LEVEL
    max_bytes: int = DEFAULT_MAX_BYTES
    tool_version: str = __version__

    @property
    def packs(self) -> tuple[PackInfo, ...]:
        """The packs in force, for every report's header."""
        return self.rubrics.packs


class ProjectOutcome(Record):
    """One file's result: its assessment and gate, or the problems that stopped it."""

    index: int
    file: str
    assessment: Assessment | None
    problems: tuple[Diagnostic, ...] = ()
    gate_passed: bool = False
    gate_reason: str = ""
    id_position: tuple[int, int] = (0, 0)
    against_baseline: bool = False


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """One project's line in the portfolio: what a programme lead scans, and all a run keeps.

    `verdict` is `input_error` when the file could not be assessed; `problems` then holds the
    first few of its diagnostics and `problem_count` how many there were.
    """

    index: int
    file: str
    verdict: str
    gate_passed: bool
    gate_reason: str
    project_id: str | None = None
    project_name: str | None = None
    level: int | None = None
    required_level: int | None = None
    score: float | None = None
    weakest: DimensionScore | None = None
    gaps: tuple[tuple[str, int], ...] = ()
    waivers: int = 0
    waived_blockers: int = 0
    waivers_not_honoured: int = 0
    statuses: tuple[tuple[str, int], ...] = ()
    problems: tuple[Diagnostic, ...] = ()
    problem_count: int = 0
    id_position: tuple[int, int] = (0, 0)
    against_baseline: bool = False

    @property
    def assessed(self) -> bool:
        """Whether the file was assessed (not an input error)."""
        return self.verdict != INPUT_ERROR

    def status_count(self, *statuses: str) -> int:
        """How many checks ended with any of these statuses."""
        counts = dict(self.statuses)
        return sum(counts.get(status, 0) for status in statuses)

    def gap_count(self, bucket: str) -> int:
        """Gaps in one bucket (`before_gate`, `before_scaling`, `improve`)."""
        return dict(self.gaps).get(bucket, 0)


def weakest_dimension(dimensions: Iterable[DimensionScore]) -> DimensionScore | None:
    """The dimension holding the level down: lowest band, then lowest score, then first."""
    scored = [d for d in dimensions if d.band is not None]
    if not scored:
        return None
    return min(
        enumerate(scored),
        key=lambda pair: (pair[1].band, pair[1].score if pair[1].score is not None else 0, pair[0]),
    )[1]


def project_row(outcome: ProjectOutcome) -> ProjectRow:
    """The row for one outcome."""
    assessment = outcome.assessment
    if assessment is None:
        return ProjectRow(
            index=outcome.index,
            file=outcome.file,
            verdict=INPUT_ERROR,
            gate_passed=False,
            gate_reason=outcome.gate_reason,
            problems=outcome.problems[:PROBLEMS_KEPT],
            problem_count=count_problems(outcome.problems)[0],
        )
    gaps = assessment.gaps
    return ProjectRow(
        index=outcome.index,
        file=outcome.file,
        verdict=assessment.verdict,
        gate_passed=outcome.gate_passed,
        gate_reason=outcome.gate_reason,
        project_id=assessment.project_id,
        project_name=assessment.project_name,
        level=assessment.level,
        required_level=assessment.required_level,
        score=assessment.score,
        weakest=weakest_dimension(assessment.dimensions),
        gaps=tuple((bucket, sum(1 for g in gaps if g.bucket == bucket)) for bucket in BUCKETS),
        waivers=sum(1 for f in assessment.findings if f.status == "waived"),
        waived_blockers=sum(
            1 for f in assessment.findings if f.status == "waived" and f.severity == "blocker"
        ),
        waivers_not_honoured=sum(1 for w in assessment.waivers if not w.honoured),
        statuses=tuple(
            (status, count)
            for status in STATUSES
            if (count := sum(1 for f in assessment.findings if f.status == status))
        ),
        id_position=outcome.id_position,
        against_baseline=outcome.against_baseline,
    )


class ProjectIds:
    """The first file to use each project id, so that a second one is told apart.

    A baseline, the gate's lines and every report key projects by id: two files with one id
    (almost always a copied file whose id was not changed) would be confused, and under a
    baseline a new project could borrow an old one's record and be gated only on regressions.
    """

    def __init__(self) -> None:
        self._first: dict[str, tuple[str, int]] = {}

    def claim(self, project_id: str, file: str, position: tuple[int, int]) -> Diagnostic | None:
        """None for an id not seen before; else the problem, located on this file's `id:`."""
        first = self._first.get(project_id)
        if first is None:
            self._first[project_id] = (file, position[0])
            return None
        where = f"{first[0]}:{first[1]}" if first[1] else first[0]
        return Diagnostic(
            file,
            *position,
            f"'{truncate(project_id)}' is already the project id of {where}",
            path="project.id",
            hint="give this project an id of its own (a copied file keeps the id it was copied "
            "from): baselines, the gate and every report tell projects apart by id",
        )


def input_error_outcome(index: int, file: str, problems: Sequence[Diagnostic]) -> ProjectOutcome:
    """The outcome of a file that could not be assessed, with the reason the gate gives."""
    count, exact = count_problems(problems)
    first = problems[0].render().splitlines()[0] if problems else "the file cannot be used"
    count_text = f"{'' if exact else 'at least '}{count:,} problem{'s' if count != 1 else ''}"
    reason = f"could not be assessed ({count_text}: {first})"
    return ProjectOutcome(index, file, None, tuple(problems), False, reason)


def worst_first(row: ProjectRow) -> tuple[int, int, int, int, float, str, int]:
    """Sort key: input errors, failed gates, then verdict, level and score, lowest first."""
    return (
        0 if not row.assessed else 1,
        0 if not row.gate_passed else 1,
        VERDICT_RANK.get(row.verdict, len(VERDICT_RANK)),
        row.level if row.level is not None else -1,
        row.score if row.score is not None else -1.0,
        row.file,
        row.index,
    )


class PortfolioSummary(Record):
    """Every project's row, worst first, what the search ran into, and the exit code."""

    rows: tuple[ProjectRow, ...]
    search_problems: tuple[Diagnostic, ...] = ()
    baseline: bool = False

    @classmethod
    def of(
        cls,
        rows: Iterable[ProjectRow],
        search_problems: Iterable[Diagnostic] = (),
        *,
        baseline: bool = False,
    ) -> PortfolioSummary:
        """Sort the rows worst first; `baseline`: the gate judged against one."""
        return cls(tuple(sorted(rows, key=worst_first)), tuple(search_problems), baseline)

    def count(self, verdict: str) -> int:
        """How many rows have this verdict (`input_error` for files not assessed)."""
        return sum(1 for row in self.rows if row.verdict == verdict)

    @property
    def input_errors(self) -> int:
        """Files that could not be assessed."""
        return self.count(INPUT_ERROR)

    @property
    def gates_failed(self) -> int:
        """Assessed projects whose gate failed."""
        return sum(1 for row in self.rows if row.assessed and not row.gate_passed)

    @property
    def search_failed(self) -> bool:
        """Whether a folder could not be searched (it may hide a project)."""
        return any(problem.severity == "error" for problem in self.search_problems)

    @property
    def exit_code(self) -> int:
        """2 if any file could not be read (or a folder searched), else 1 if any gate failed."""
        if self.input_errors or self.search_failed:
            return EXIT_INPUT_ERROR
        if self.gates_failed:
            return EXIT_GATE_FAILED
        return EXIT_OK

    @property
    def passed(self) -> bool:
        """Whether the whole portfolio passes the gate."""
        return self.exit_code == EXIT_OK

    def tally(self) -> list[str]:
        """The verdicts counted, then the gate, for a summary's first line: `2 ready`, …,
        `1 could not be assessed`, `gate failed for 1`. The gate reads as passed only when the
        whole run passes: a file or folder that could not be read fails it too."""
        parts = [
            f"{self.count(verdict)} {verdict.replace('_', ' ')}"
            for verdict in reversed(VERDICT_ORDER)
        ]
        if self.input_errors:
            parts.append(f"{self.input_errors} could not be assessed")
        if self.gates_failed:
            parts.append(f"gate failed for {self.gates_failed}")
        else:
            parts.append("every gate passed" if self.passed else "the gate failed")
        return parts

    def gate_lines(self) -> list[str]:
        """The gate's verdict, printed last: a line per failing project, then the total."""
        lines = []
        for row in self.rows:
            if not row.assessed:
                lines.append(f"gate: ERROR: {row.file}: {row.gate_reason}")
            elif not row.gate_passed:
                lines.append(f"gate: FAILED: {row.file}: {row.gate_reason}")
        lines.extend(
            f"gate: ERROR: {problem.file}: {problem.message}"
            for problem in self.search_problems
            if problem.severity == "error"
        )
        total = len(self.rows)
        projects = _count(total, "project")
        if self.passed:
            waived = sum(row.waivers for row in self.rows)
            blockers = sum(row.waived_blockers for row in self.rows)
            taken = f" with {_count(waived, 'waiver')} ({_count(blockers, 'blocker')})"
            lines.append(f"gate: passed ({projects}){taken if waived else ''}{self._compared()}")
            return lines
        reasons = []
        if self.gates_failed:
            assessed = total - self.input_errors
            reasons.append(
                f"{self.gates_failed} of {_count(assessed, 'project')} failed the gate"
                f"{self._failed_against_baseline()}"
            )
        if self.input_errors:
            reasons.append(f"{_count(self.input_errors, 'file')} could not be assessed")
        if self.search_failed:
            reasons.append("a folder could not be searched")
        lines.append(f"gate: FAILED: {'; '.join(reasons)}")
        return lines

    def _compared(self) -> str:
        """What a pass was judged against, as the single-file gate line says it."""
        if not self.baseline:
            return ""
        new = sum(1 for row in self.rows if not row.against_baseline)
        text = ": no regression against the baseline"
        if new:
            text += (
                f"; {_count(new, 'project')} not in it {'meets' if new == 1 else 'meet'} the bar"
            )
        return text

    def _failed_against_baseline(self) -> str:
        """How the failures divide under a baseline: regressions, and new projects below the bar."""
        if not self.baseline:
            return ""
        failed = [row for row in self.rows if row.assessed and not row.gate_passed]
        slipped = sum(1 for row in failed if row.against_baseline)
        parts = []
        if slipped:
            parts.append(f"{slipped} slipped against the baseline")
        if len(failed) > slipped:
            parts.append(f"{len(failed) - slipped} not in it below the bar")
        return f" ({', '.join(parts)})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def assess_one(run: PortfolioRun, index: int, path: Path) -> ProjectOutcome:
    """Assess and gate one file with the run's packs; its input problems become the outcome."""
    name = str(path)
    try:
        document = load_file(path, display=name, max_bytes=run.max_bytes)
        assessment = assess_document(
            document,
            as_of=run.as_of,
            rubrics=run.rubrics,
            required_level=run.required_level,
            base_dir=path.resolve().parent,
            waiver_policy=run.waiver_policy,
        )
    except InputError as error:
        return input_error_outcome(index, name, error.diagnostics)
    result = evaluate_gate(assessment, run.gate)
    return ProjectOutcome(
        index,
        name,
        assessment,
        (),
        result.passed,
        result.reason,
        id_position=document.position("/project/id"),
        against_baseline=result.against_baseline,
    )


# Show a progress bar from this many files on: fewer finish before a bar would help.
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
    compiled; each file is assessed and rendered in a worker, and `imap` hands the results
    back in the files' order, so the output is the same byte for byte whatever the number of
    workers. Only plain results (a row, text) travel back, over the pool's pipes.
    """
    if workers <= 1:
        for index, path in enumerate(files):
            yield _render_chunks(run, variants, index, path)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(run, variants)) as pool:
        yield from pool.imap(_work, enumerate(files), chunksize=WORKER_BATCH)


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
    summary = PortfolioSummary.of(rows, search_problems, baseline=run.gate.baseline is not None)
    for writer in writers:
        writer.finish(run, summary)
    return summary
