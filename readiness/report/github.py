"""GitHub Actions output: workflow-command annotations on the YAML lines, and the step summary.

GitHub shows only the first 10 annotations of each level (error, warning, notice) of a step
and 50 of a job (actions/toolkit, docs/problem-matchers.md, "Limitations"), in the order they
are printed: so what fails the gate comes first, and only a gap that holds the gate is an
`error`. `render` prints the gate's own verdict first (an error when it fails), then one
command per gap (those holding the gate first, as errors; the others as warnings, low ones as
notices), then, on each waiver's own line, one per waiver that is not honoured and a warning
per honoured waiver of a blocker or high check, so a reviewer sees who excused what; then a
`::notice` with the verdict, and last the gaps set aside until the required level is reached
(level-5 governance advice on a project below level 3). The runner
reads commands line by line, so every piece of user text is escaped the way the Actions toolkit
does it: properties escape `%`, CR, LF, `:` and `,`; the message escapes `%`, CR and LF. A
hostile message therefore cannot end its annotation or start a command of its own.

`append_step_summary` adds the Markdown report to the job's summary page when the runner
provides `GITHUB_STEP_SUMMARY`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.model import GAP_STATUSES, STATUS_WORDS, VERDICT_WORDS, Assessment, Finding, Waiver
from readiness.path_to_ready import describe
from readiness.report.caps import capped, left_out
from readiness.report.escape import strip_control

if TYPE_CHECKING:
    from readiness.gate import GateResult

__all__ = [
    "annotation_counts",
    "annotation_lines",
    "append_step_summary",
    "escape_data",
    "escape_property",
    "gate_command",
    "hidden_annotations",
    "hidden_note",
    "level_counts",
    "render",
    "set_aside_lines",
    "workflow_command",
]

# A gap that does not hold the gate is advice: never an error, which would crowd a failing
# project's errors out of GitHub's ten.
COMMANDS: dict[str, str] = {
    "blocker": "warning",
    "high": "warning",
    "medium": "warning",
    "low": "notice",
}
LEVELS = ("error", "warning", "notice")
# GitHub's display limits (actions/toolkit docs/problem-matchers.md, "Limitations"): 10
# annotations of each level per step, 50 per job.
SHOWN_PER_LEVEL = 10
SHOWN_PER_JOB = 50
# GitHub refuses a step summary over 1 MiB (and shows an error instead of it).
STEP_SUMMARY_LIMIT = 1024 * 1024


def escape_data(text: str) -> str:
    """Escape a command's message the way `@actions/core` does (`%`, CR, LF)."""
    return strip_control(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value (`%`, CR, LF, `:` and `,`), as `@actions/core` does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, properties: Mapping[str, str | int], message: str) -> str:
    """One workflow command line: `::command key=value,key=value::message`."""
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    head = f"::{command} {rendered}" if rendered else f"::{command}"
    return f"{head}::{escape_data(message)}"


def _gap_command(finding: Finding, holds: bool = False) -> str:
    location = finding.location
    status = STATUS_WORDS[finding.status]
    message = f"{finding.message}\n{finding.severity}, {status}. What to do: {finding.remediation}"
    return workflow_command(
        "error" if holds else COMMANDS.get(finding.severity, "warning"),
        {
            "file": location.file,
            "line": max(1, location.line),
            "col": max(1, location.column),
            "title": f"{'holds the gate: ' if holds else ''}{finding.check} {finding.title}",
        },
        message,
    )


def _waiver_command(waiver: Waiver, holding: frozenset[str] = frozenset()) -> str | None:
    """A waiver that is not honoured, or an honoured one excusing a blocker or high check (an
    error only when its check holds the gate)."""
    severity = waiver.severity or "medium"
    properties: dict[str, str | int] = {
        "file": waiver.location.file,
        "line": max(1, waiver.location.line),
        "col": max(1, waiver.location.column),
    }
    by = waiver.approved_by or "nobody"
    if not waiver.honoured:
        properties["title"] = f"{waiver.check} waiver not honoured"
        return workflow_command(
            "error" if waiver.check in holding else COMMANDS.get(severity, "warning"),
            properties,
            f"The waiver for {waiver.check} ({severity}) is not honoured: {waiver.not_honoured}. "
            f"The check keeps its status. Approved by: {by}. Reason given: "
            f"{waiver.reason or 'none'}",
        )
    if severity not in ("blocker", "high"):
        return None
    properties["title"] = f"{waiver.check} waived ({severity})"
    return workflow_command(
        "error" if waiver.check in holding else "warning",
        properties,
        f"{waiver.check}, a {severity} check, is waived until {waiver.expires}, approved by "
        f"{by}. Reason given: {waiver.reason}",
    )


def _summary(assessment: Assessment) -> str:
    score = "n/a" if assessment.score is None else f"{assessment.score:.0f}/100"
    gaps = len(assessment.gaps)
    verdict = VERDICT_WORDS[assessment.verdict].lower()
    message = (
        f"{assessment.project_name}: {verdict}, readiness level {assessment.level} "
        f"(required {assessment.required_level}), score {score}, "
        f"{gaps} gap{'s' if gaps != 1 else ''}"
    )
    if assessment.verdict_reason:
        message += f". {assessment.verdict_reason}"
    if assessment.path_to_ready is not None and assessment.path_to_ready.steps:
        message += f". Path to ready: {describe(assessment.path_to_ready)}"
    if assessment.pack_changes:
        count = len(assessment.pack_changes)
        message += (
            f". Packs added with --rubrics make {count} change{'s' if count != 1 else ''} "
            "to the built-in rules (listed in the report)"
        )
    return workflow_command("notice", {"title": "readiness"}, message)


def annotation_lines(
    assessment: Assessment, holding: Iterable[str] = (), *, with_set_aside: bool = True
) -> list[str]:
    """The annotations on the project's lines: the gaps that hold the gate (`holding`, check
    ids) first as errors, then the other gaps, highest priority first, then its waivers that
    need a reviewer's eye, then (unless `with_set_aside` is false) the gaps set aside."""
    held = frozenset(holding)
    gaps = [f for f in assessment.findings if f.status in GAP_STATUSES]
    lines = [_gap_command(f, holds=True) for f in gaps if f.check in held]
    lines += [_gap_command(f) for f in gaps if f.check not in held and not f.set_aside]
    waivers = [
        command
        for command in (_waiver_command(w, held) for w in assessment.waivers)
        if command is not None
    ]
    shown, more = capped(waivers)
    lines += shown
    if more:
        lines.append(
            workflow_command("warning", {"title": "readiness"}, left_out(more, "waivers to review"))
        )
    if with_set_aside:
        lines += set_aside_lines(assessment, held)
    return lines


def set_aside_lines(assessment: Assessment, holding: Iterable[str] = ()) -> list[str]:
    """The gaps set aside until the required level (scoring.set_aside) that do not hold the gate:
    printed last, so they never take a place among the ten notices GitHub shows before those
    that matter now."""
    held = frozenset(holding)
    return [
        _gap_command(f)
        for f in assessment.findings
        if f.status in GAP_STATUSES and f.set_aside and f.check not in held
    ]


def annotation_counts(assessment: Assessment, holding: Iterable[str] = ()) -> tuple[int, int, int]:
    """The errors, warnings and notices `annotation_lines` gives, counted without rendering
    them (a portfolio keeps only the counts)."""
    held = frozenset(holding)
    counts = dict.fromkeys(LEVELS, 0)
    for finding in assessment.findings:
        if finding.status in GAP_STATUSES:
            level = "error" if finding.check in held else COMMANDS.get(finding.severity, "warning")
            counts[level] += 1
    for waiver in assessment.waivers:
        severity = waiver.severity or "medium"
        if waiver.honoured and severity not in ("blocker", "high"):
            continue
        if waiver.check in held:
            counts["error"] += 1
        elif waiver.honoured:
            counts["warning"] += 1
        else:
            counts[COMMANDS.get(severity, "warning")] += 1
    return counts["error"], counts["warning"], counts["notice"]


def gate_command(gate: GateResult, file: str, line: int = 0) -> str:
    """The gate's own verdict as an annotation: an error on the project file when it fails,
    else a notice."""
    properties: dict[str, str | int] = {"file": file}
    if line:
        properties["line"] = line
    properties["title"] = "readiness gate"
    message = gate.line()
    if not gate.in_force.is_default:
        message += "\nGate settings in force: " + "; ".join(gate.in_force.lines())
    return workflow_command("notice" if gate.passed else "error", properties, message)


def render(assessment: Assessment) -> str:
    """The workflow commands, one per line: the gate's verdict first (when the gate was
    evaluated), then the annotations, then the verdict notice, and after it the gaps set aside
    until the required level (they must not push the verdict out of GitHub's ten notices)."""
    from readiness.gate import gate_of

    gate = gate_of(assessment)
    lines = [
        gate_command(gate, assessment.file),
        *annotation_lines(assessment, gate.holding, with_set_aside=False),
        _summary(assessment),
        *set_aside_lines(assessment, gate.holding),
    ]
    return "\n".join(lines) + "\n"


def level_counts(lines: Iterable[str]) -> tuple[int, int, int]:
    """How many of these workflow commands are errors, warnings and notices."""
    counts = dict.fromkeys(LEVELS, 0)
    for line in lines:
        level = line[2 : line.find(" ")] if line.startswith("::") else ""
        level = level.split("::")[0]
        if level in counts:
            counts[level] += 1
    return counts["error"], counts["warning"], counts["notice"]


def hidden_annotations(counts: tuple[int, int, int]) -> tuple[int, int, int]:
    """How many errors, warnings and notices GitHub does not show of one step that printed
    `counts` (10 of each level are shown; three levels are 30, within the job's 50 unless
    other steps annotate too)."""
    errors, warnings, notices = (max(0, count - SHOWN_PER_LEVEL) for count in counts)
    return errors, warnings, notices


def hidden_note(counts: tuple[int, int, int], where: str) -> str:
    """A sentence for the job summary when GitHub hides annotations; empty when it shows all."""
    hidden = hidden_annotations(counts)
    if not any(hidden):
        return ""
    parts = [
        f"{number} {level}{'s' if number != 1 else ''}"
        for number, level in zip(hidden, LEVELS, strict=True)
        if number
    ]
    verb = "is" if sum(hidden) == 1 else "are"
    return (
        f"GitHub shows {SHOWN_PER_LEVEL} annotations of each level per step ({SHOWN_PER_JOB} per "
        f"job): {', '.join(parts)} of this run {verb} not shown as annotations. The gate's "
        f"verdict and what fails it are printed first; every annotation is in {where}."
    )


def append_step_summary(markdown: str, environ: Mapping[str, str]) -> Path | None:
    """Append the Markdown report to `$GITHUB_STEP_SUMMARY`; None when not in Actions.

    The environment is passed in (not read from `os.environ`) so the CLI decides and tests
    need no monkeypatching. A report over GitHub's 1 MiB limit is cut at a line boundary with
    a note, rather than losing the whole summary.
    """
    target = environ.get("GITHUB_STEP_SUMMARY", "").strip()
    if not target:
        return None
    text = markdown if markdown.endswith("\n") else markdown + "\n"
    encoded = text.encode("utf-8", "replace")
    if len(encoded) > STEP_SUMMARY_LIMIT:
        note = "\n_The report was cut here: it exceeds GitHub's 1 MiB step-summary limit._\n"
        keep = encoded[: STEP_SUMMARY_LIMIT - len(note.encode()) - 1]
        keep = keep[: keep.rfind(b"\n") + 1]
        text = keep.decode("utf-8", "ignore") + note
    path = Path(target)
    with path.open("a", encoding="utf-8", errors="replace") as summary:
        summary.write(text)
    return path
