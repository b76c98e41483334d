"""GitHub Actions output: workflow-command annotations on the YAML lines, and the step summary.

`render` prints one `::error`/`::warning`/`::notice` command per gap, highest priority first;
then, on each waiver's own line, one per waiver that is not honoured (at its check's severity)
and a `::warning` per honoured waiver of a blocker or high check, so a reviewer sees who excused
what; then a `::notice` with the verdict. The runner
reads commands line by line, so every piece of user text is escaped the way the Actions toolkit
does it: properties escape `%`, CR, LF, `:` and `,`; the message escapes `%`, CR and LF. A
hostile message therefore cannot end its annotation or start a command of its own.

`append_step_summary` adds the Markdown report to the job's summary page when the runner
provides `GITHUB_STEP_SUMMARY`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from readiness.model import GAP_STATUSES, STATUS_WORDS, VERDICT_WORDS, Assessment, Finding, Waiver
from readiness.path_to_ready import describe
from readiness.report.caps import capped, left_out
from readiness.report.escape import strip_control

__all__ = [
    "annotation_lines",
    "append_step_summary",
    "escape_data",
    "escape_property",
    "render",
    "workflow_command",
]

COMMANDS: dict[str, str] = {
    "blocker": "error",
    "high": "error",
    "medium": "warning",
    "low": "notice",
}
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


def _gap_command(finding: Finding) -> str:
    location = finding.location
    status = STATUS_WORDS[finding.status]
    message = f"{finding.message}\n{finding.severity}, {status}. What to do: {finding.remediation}"
    return workflow_command(
        COMMANDS.get(finding.severity, "warning"),
        {
            "file": location.file,
            "line": max(1, location.line),
            "col": max(1, location.column),
            "title": f"{finding.check} {finding.title}",
        },
        message,
    )


def _waiver_command(waiver: Waiver) -> str | None:
    """A waiver that is not honoured, or an honoured one excusing a blocker or high check."""
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
            COMMANDS.get(severity, "warning"),
            properties,
            f"The waiver for {waiver.check} ({severity}) is not honoured: {waiver.not_honoured}. "
            f"The check keeps its status. Approved by: {by}. Reason given: "
            f"{waiver.reason or 'none'}",
        )
    if severity not in ("blocker", "high"):
        return None
    properties["title"] = f"{waiver.check} waived ({severity})"
    return workflow_command(
        "warning",
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


def annotation_lines(assessment: Assessment) -> list[str]:
    """The annotations on the project's lines: its gaps, highest priority first, then its
    waivers that need a reviewer's eye."""
    lines = [_gap_command(f) for f in assessment.findings if f.status in GAP_STATUSES]
    waivers = [
        command for command in map(_waiver_command, assessment.waivers) if command is not None
    ]
    shown, more = capped(waivers)
    lines += shown
    if more:
        lines.append(
            workflow_command("warning", {"title": "readiness"}, left_out(more, "waivers to review"))
        )
    return lines


def render(assessment: Assessment) -> str:
    """The workflow commands, one per line, ending with the verdict notice."""
    return "\n".join([*annotation_lines(assessment), _summary(assessment)]) + "\n"


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
