"""GitHub Actions output: workflow-command annotations on the YAML lines, and the step summary.

`render` prints one `::error`/`::warning`/`::notice` command per gap (and per expired waiver,
on the waiver's own line), highest priority first, then a `::notice` with the verdict. The runner
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
from readiness.report.escape import strip_control

__all__ = ["append_step_summary", "escape_data", "escape_property", "render", "workflow_command"]

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
    if finding.waiver is not None and finding.waiver.expired:
        message += f"\nThe waiver for {finding.check} expired on {finding.waiver.expires}."
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


def _waiver_command(waiver: Waiver, finding: Finding | None) -> str:
    severity = finding.severity if finding is not None else "medium"
    return workflow_command(
        COMMANDS.get(severity, "warning"),
        {
            "file": waiver.location.file,
            "line": max(1, waiver.location.line),
            "col": max(1, waiver.location.column),
            "title": f"{waiver.check} waiver expired",
        },
        f"The waiver for {waiver.check} expired on {waiver.expires}: the check no longer "
        f"counts as passing. Renew it with a new date or fix the check. Reason given: "
        f"{waiver.reason}",
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
    return workflow_command("notice", {"title": "readiness"}, message)


def render(assessment: Assessment) -> str:
    """The workflow commands, one per line, ending with the verdict notice."""
    by_check = {f.check: f for f in assessment.findings}
    lines = [_gap_command(f) for f in assessment.findings if f.status in GAP_STATUSES]
    lines += [
        _waiver_command(waiver, by_check.get(waiver.check))
        for waiver in assessment.waivers
        if waiver.expired
    ]
    lines.append(_summary(assessment))
    return "\n".join(lines) + "\n"


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
