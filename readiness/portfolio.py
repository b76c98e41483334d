"""Many projects in one run: what every project shares, each file's outcome and row, and the
summary, worst first.

`assess_one` assesses and gates one file with the run's settings (`PortfolioRun`: one date, one
set of packs loaded and compiled once, one gate); a file that cannot be read or is invalid becomes
an input-error outcome, it never hides the others. A file whose `project.id` an earlier file (in
the files' order) already uses is an input error too, located on its `id:` line (`ProjectIds`):
baselines, the gate and every report tell projects apart by id, so a copied file must get its own.
Only a row (about 2 KB) is kept of each project; `PortfolioSummary` sorts them and words the
gate.

The run itself (worker processes, every output streamed as the projects come) is
`readiness.portfolio_run`, above the portfolio renderers (`readiness/report/*_portfolio.py`) that
read these records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from readiness import __version__
from readiness.assess import DEFAULT_REQUIRED_LEVEL, assess_document
from readiness.errors import Diagnostic, InputError, count_problems, truncate
from readiness.facts.common import RefLookup, evidence_files
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
    holding: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()
    # The evidence files it cites that exist: inputs no report of the run may replace.
    evidence_files: tuple[str, ...] = ()


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
    owner: str | None = None
    # The owner's name alone, for the gate line (the owner above may add a role).
    owner_name: str | None = None
    improvements: tuple[str, ...] = ()
    # Gaps that hold the gate (JUnit failures).
    holding_gaps: int = 0
    # Errors, warnings and notices its GitHub annotations hold (for the note on hidden ones).
    annotations: tuple[int, int, int] = (0, 0, 0)
    # The evidence files the project cites that exist (a report must not replace them).
    evidence_files: tuple[str, ...] = ()

    @property
    def assessed(self) -> bool:
        """Whether the file was assessed (not an input error)."""
        return self.verdict != INPUT_ERROR

    @property
    def owned_by(self) -> str:
        """` (owner: NAME)`, or nothing when the project names no owner: who must act."""
        return f" (owner: {self.owner_name})" if self.owner_name else ""

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
    from readiness.report.github import annotation_counts

    if assessment is None:
        return ProjectRow(
            index=outcome.index,
            file=outcome.file,
            verdict=INPUT_ERROR,
            gate_passed=False,
            gate_reason=outcome.gate_reason,
            problems=outcome.problems[:PROBLEMS_KEPT],
            problem_count=count_problems(outcome.problems)[0],
            annotations=(len(outcome.problems), 0, 0),
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
        owner=assessment.case.owner if assessment.case else None,
        owner_name=assessment.owner,
        improvements=outcome.improvements,
        holding_gaps=sum(1 for g in gaps if g.check in outcome.holding),
        annotations=annotation_counts(assessment, outcome.holding),
        evidence_files=outcome.evidence_files,
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
    # Projects the baseline records that this run did not assess: (id, file it was in).
    gone: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(
        cls,
        rows: Iterable[ProjectRow],
        search_problems: Iterable[Diagnostic] = (),
        *,
        baseline: bool = False,
        gone: Iterable[tuple[str, str]] = (),
    ) -> PortfolioSummary:
        """Sort the rows worst first; `baseline`: the gate judged against one; `gone`: the
        projects it records that the run did not assess."""
        return cls(
            tuple(sorted(rows, key=worst_first)), tuple(search_problems), baseline, tuple(gone)
        )

    def changes(self) -> list[str]:
        """What changed against the baseline besides the failures: projects that improved
        (save the baseline again to lock the gain in), and those it records that the run did
        not assess (a file deleted, or an id changed: a renamed id is named as such)."""
        lines = [
            f"gate: improved: {row.file}: {'; '.join(row.improvements)}"
            for row in self.rows
            if row.improvements and row.gate_passed
        ]
        by_file = {row.file: row for row in self.rows if row.project_id is not None}
        for project_id, file in self.gone:
            row = by_file.get(file)
            if row is not None and not row.against_baseline:
                lines.append(
                    f"gate: renamed: {file}: project id '{project_id}' in the baseline is "
                    f"'{row.project_id}' now, so it is judged as a new project"
                )
            else:
                lines.append(
                    f"gate: not assessed: '{project_id}' ({file} in the baseline): its file "
                    "was deleted, moved out of the paths or its id changed"
                )
        return lines

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
        lines = self.changes()
        for row in self.rows:
            if not row.assessed:
                lines.append(f"gate: ERROR: {row.file}: {row.gate_reason}")
            elif not row.gate_passed:
                lines.append(f"gate: FAILED: {row.file}{row.owned_by}: {row.gate_reason}")
        lines.extend(
            f"gate: ERROR: {problem.file}: {problem.message}"
            for problem in self.search_problems
            if problem.severity == "error"
        )
        lines.append(self.gate_line())
        return lines

    def gate_line(self) -> str:
        """The whole run's gate: `gate: passed (4 projects)…` or `gate: FAILED: why`."""
        if not self.passed:
            return f"gate: FAILED: {'; '.join(self.gate_reasons())}"
        waived = sum(row.waivers for row in self.rows)
        blockers = sum(row.waived_blockers for row in self.rows)
        taken = f" with {_count(waived, 'waiver')} ({_count(blockers, 'blocker')})"
        projects = _count(len(self.rows), "project")
        return f"gate: passed ({projects}){taken if waived else ''}{self._compared()}"

    def gate_reasons(self) -> list[str]:
        """Why the whole run failed the gate (empty when it passed)."""
        total = len(self.rows)
        reasons: list[str] = []
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
        return reasons

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
    folder = path.resolve().parent
    refs = RefLookup(folder)  # the facts' lookups, and the files no report may replace
    try:
        document = load_file(path, display=name, max_bytes=run.max_bytes)
        assessment = assess_document(
            document,
            as_of=run.as_of,
            rubrics=run.rubrics,
            required_level=run.required_level,
            base_dir=folder,
            waiver_policy=run.waiver_policy,
            refs=refs,
        )
    except InputError as error:
        return input_error_outcome(index, name, error.diagnostics)
    result = evaluate_gate(assessment, run.gate)
    assessment = replace(assessment, gate=result)
    return ProjectOutcome(
        index,
        name,
        assessment,
        (),
        result.passed,
        result.reason,
        id_position=document.position("/project/id"),
        against_baseline=result.against_baseline,
        holding=result.holding,
        improvements=result.improvements,
        evidence_files=tuple(str(p) for p in evidence_files(document.data, folder, refs)),
    )
