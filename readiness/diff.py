"""`readiness diff OLD NEW`: what changed between two assessments of a project.

Either side is a project file (assessed here) or a `readiness-result/1` JSON result saved
earlier, so a reviewer can compare a pull request's file with last quarter's result. Both become
the result contract's plain data (`report/json_result.as_dict`) and `compare` works on that:
verdict, level and score, each dimension's score and band, and the gaps closed, opened and
changed — matched by check id, never by line. `render_text`, `render_markdown` and `as_dict`
are the three formats.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from readiness.errors import Diagnostic, InputError, truncate
from readiness.model import BAND_NAMES, GAP_STATUSES, STATUS_WORDS, VERDICT_WORDS, Assessment
from readiness.record import Record
from readiness.report.escape import json_text, markdown_text, plain_text, strip_control
from readiness.schemacheck import CompiledSchema
from readiness.schemas import load_schema

FORMAT = "readiness-diff/1"
RESULT_FORMAT = "readiness-result/1"
# A result JSON carries every finding's text: a few hundred kilobytes at most.
RESULT_MAX_BYTES = 16 * 1024 * 1024


class Side(Record):
    """One side of a diff: the result contract's data, and where it came from."""

    source: str
    result: Mapping[str, Any]

    @property
    def project_id(self) -> str:
        """The project's id."""
        return str(self.result["project"]["id"])

    @property
    def checks(self) -> dict[str, Mapping[str, Any]]:
        """Each finding by check id."""
        return {finding["check"]: finding for finding in self.result["findings"]}

    @property
    def dimensions(self) -> dict[str, Mapping[str, Any]]:
        """Each dimension by id."""
        return {dimension["id"]: dimension for dimension in self.result["dimensions"]}


@cache
def _result_validator() -> CompiledSchema:
    return CompiledSchema(load_schema("result"))


def is_result_file(path: Path) -> bool:
    """A saved JSON result (`.json`) rather than a project file."""
    return path.suffix.lower() == ".json"


def side_of(assessment: Assessment) -> Side:
    """A fresh assessment as one side of a diff."""
    from readiness.report.json_result import as_dict as result_dict

    return Side(assessment.file, result_dict(assessment))


def load_result(path: Path, display: str | None = None) -> Side:
    """A saved JSON result, validated against the result schema (read with the safe loader,
    so every problem has its line); raise InputError when it is not one."""
    from readiness.loader import SAVED_SIZE_HINT, load_json_file
    from readiness.validate import schema_diagnostics, sort_and_cap

    name = display or str(path)
    document = load_json_file(
        path, display=name, max_bytes=RESULT_MAX_BYTES, size_hint=SAVED_SIZE_HINT
    )
    data = document.data
    if isinstance(data, dict) and data.get("format") != RESULT_FORMAT:
        found = data.get("format")
        raise InputError(
            [
                Diagnostic(
                    name,
                    *document.position("/format"),
                    (
                        f"'{truncate(str(found))}' is not a single project's result "
                        f"({RESULT_FORMAT})"
                        if found is not None
                        else f"no `format`: this is not a single project's result ({RESULT_FORMAT})"
                    ),
                    "format" if found is not None else "",
                    "diff compares one project: give two project files, or two results of "
                    "`readiness assess FILE -f json`",
                )
            ]
        )
    problems = schema_diagnostics(document, _result_validator())
    if problems:
        raise InputError(sort_and_cap(name, problems))
    return Side(name, data)


# --- comparing -----------------------------------------------------------------------------


class DimensionChange(Record):
    """One dimension before and after (None: no check applies)."""

    id: str
    title: str
    old_score: float | None
    new_score: float | None
    old_band: int | None
    new_band: int | None

    @property
    def changed(self) -> bool:
        """Whether the score or the band moved."""
        return (self.old_score, self.old_band) != (self.new_score, self.new_band)


class CheckChange(Record):
    """One check whose gap status changed: closed, opened, or still a gap of another kind."""

    check: str
    title: str
    dimension: str
    severity: str
    old_status: str | None
    new_status: str | None
    message: str
    where: str


class Diff(Record):
    """What changed between two results of a project."""

    old: Side
    new: Side
    dimensions: tuple[DimensionChange, ...]
    closed: tuple[CheckChange, ...]
    opened: tuple[CheckChange, ...]
    changed: tuple[CheckChange, ...]

    @property
    def same_project(self) -> bool:
        """Whether both sides are the same project id."""
        return self.old.project_id == self.new.project_id


def _where(finding: Mapping[str, Any]) -> str:
    location = finding["location"]
    return f"{location['file']}:{location['line']}"


def _change(
    check: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> CheckChange:
    shown = new or old or {}  # one side at least holds the check
    return CheckChange(
        check=check,
        title=str(shown["title"]),
        dimension=str(shown["dimension"]),
        severity=str(shown["severity"]),
        old_status=old["status"] if old is not None else None,
        new_status=new["status"] if new is not None else None,
        message=str(shown["message"]),
        where=_where(shown),
    )


def _status_of(finding: Mapping[str, Any] | None) -> str | None:
    return None if finding is None else str(finding["status"])


def _is_gap(finding: Mapping[str, Any] | None) -> bool:
    return finding is not None and finding["status"] in GAP_STATUSES


def compare(old: Side, new: Side) -> Diff:
    """Match dimensions and checks by id: a gap closed is one that is no longer a gap (or whose
    check is gone), a gap opened one that was not a gap before (or is a new check)."""
    old_dimensions, new_dimensions = old.dimensions, new.dimensions
    order = [*new_dimensions, *(d for d in old_dimensions if d not in new_dimensions)]
    dimensions = []
    for dimension_id in order:
        before, after = old_dimensions.get(dimension_id), new_dimensions.get(dimension_id)
        shown = after or before or {}
        dimensions.append(
            DimensionChange(
                id=dimension_id,
                title=str(shown["title"]),
                old_score=before["score"] if before else None,
                new_score=after["score"] if after else None,
                old_band=before["band"] if before else None,
                new_band=after["band"] if after else None,
            )
        )
    old_checks, new_checks = old.checks, new.checks
    closed, opened, changed = [], [], []
    for check in sorted(set(old_checks) | set(new_checks)):
        before, after = old_checks.get(check), new_checks.get(check)
        if _is_gap(before) and not _is_gap(after):
            closed.append(_change(check, before, after))
        elif _is_gap(after) and not _is_gap(before):
            opened.append(_change(check, before, after))
        elif _is_gap(before) and _is_gap(after) and _status_of(before) != _status_of(after):
            changed.append(_change(check, before, after))
    rank = {"blocker": 0, "high": 1, "medium": 2, "low": 3}

    def order_key(change: CheckChange) -> tuple[int, str]:
        return rank.get(change.severity, 4), change.check

    return Diff(
        old,
        new,
        tuple(dimensions),
        tuple(sorted(closed, key=order_key)),
        tuple(sorted(opened, key=order_key)),
        tuple(sorted(changed, key=order_key)),
    )


# --- rendering -----------------------------------------------------------------------------


def _score(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.0f}"


def _delta(old: float | None, new: float | None) -> str:
    if old is None or new is None or round(new) == round(old):
        return ""
    return f" ({round(new) - round(old):+d})"


def _band(band: int | None) -> str:
    return "n/a" if band is None else f"{band} {BAND_NAMES.get(band, '')}"


def _status(status: str | None) -> str:
    return "no such check" if status is None else STATUS_WORDS.get(status, status)


def _arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} → {new}"


def _headline(diff: Diff, clean: Callable[[str], str]) -> list[str]:
    old, new = diff.old.result, diff.new.result
    lines = []
    if not diff.same_project:
        lines.append(
            f"note: these are two projects ({clean(diff.old.project_id)} and "
            f"{clean(diff.new.project_id)}); checks are matched by id all the same"
        )
    verdicts = VERDICT_WORDS
    lines.append(
        "verdict: "
        + _arrow(verdicts.get(old["verdict"], old["verdict"]), verdicts.get(new["verdict"], ""))
    )
    lines.append(f"level: {_arrow(str(old['level']), str(new['level']))}")
    lines.append(
        f"score: {_arrow(_score(old['score']), _score(new['score']))}"
        f"{_delta(old['score'], new['score'])}"
    )
    return lines


def render_text(diff: Diff) -> str:
    """Plain text for a terminal or a CI log; user text stripped of control characters."""

    def clean(text: str) -> str:
        return " ".join(strip_control(text).split())

    new = diff.new.result
    lines = [
        f"readiness diff · {clean(str(new['project']['name']))}",
        f"old: {clean(diff.old.source)} (as of {diff.old.result['as_of']})",
        f"new: {clean(diff.new.source)} (as of {new['as_of']})",
        *_headline(diff, clean),
        "",
    ]
    rows = [
        (
            clean(d.title),
            _arrow(_score(d.old_score), _score(d.new_score)) + _delta(d.old_score, d.new_score),
            _arrow(_band(d.old_band), _band(d.new_band)),
            "" if not d.changed else ("▲" if _up(d) else "▼" if _down(d) else "•"),
        )
        for d in diff.dimensions
    ]
    table = [("Dimension", "Score", "Band", ""), *rows]
    widths = [max(len(row[column]) for row in table) for column in (0, 1, 2)]
    for title, score, band, mark in table:
        lines.append(
            f"{title:<{widths[0]}}  {score:<{widths[1]}}  {band:<{widths[2]}}  {mark}".rstrip()
        )
    for heading, changes in (
        ("Gaps closed", diff.closed),
        ("Gaps opened", diff.opened),
        ("Gaps changed", diff.changed),
    ):
        lines.append("")
        lines.append(f"{heading} ({len(changes)})")
        for change in changes:
            lines.append(
                f"  {change.check:<7} {change.severity:<8} {change.dimension:<17} "
                f"{_arrow(_status(change.old_status), _status(change.new_status))}"
            )
            if change.new_status in GAP_STATUSES:
                lines.append(f"          {clean(change.where)}  {clean(change.message)}")
    # A forged or hostile result's text must not reach a CI log as a workflow command.
    return plain_text("\n".join(lines) + "\n")


def _standing(band: int | None, score: float | None) -> tuple[int, float]:
    return (-1 if band is None else band, -1.0 if score is None else score)


def _up(change: DimensionChange) -> bool:
    return _standing(change.new_band, change.new_score) > _standing(
        change.old_band, change.old_score
    )


def _down(change: DimensionChange) -> bool:
    return _standing(change.new_band, change.new_score) < _standing(
        change.old_band, change.old_score
    )


def render_markdown(diff: Diff) -> str:
    """Markdown for a pull-request comment; every piece of user text escaped."""
    md = markdown_text
    new = diff.new.result
    lines = [
        f"## Readiness diff: {md(str(new['project']['name']))}",
        "",
        f"Old: {md(diff.old.source)} (as of {diff.old.result['as_of']}) · "
        f"new: {md(diff.new.source)} (as of {new['as_of']})",
        "",
        *(f"- {md(line)}" for line in _headline(diff, str)),
        "",
        "| Dimension | Score | Band |",
        "|---|---|---|",
    ]
    for d in diff.dimensions:
        score = _arrow(_score(d.old_score), _score(d.new_score)) + _delta(d.old_score, d.new_score)
        band = _arrow(_band(d.old_band), _band(d.new_band))
        bold = "**" if d.changed else ""
        lines.append(f"| {md(d.title)} | {bold}{md(score)}{bold} | {bold}{md(band)}{bold} |")
    for heading, changes in (
        ("Gaps closed", diff.closed),
        ("Gaps opened", diff.opened),
        ("Gaps changed", diff.changed),
    ):
        lines += ["", f"### {heading} ({len(changes)})", ""]
        if not changes:
            lines.append("None.")
        for change in changes:
            status = _arrow(_status(change.old_status), _status(change.new_status))
            lines.append(
                f"- **{md(change.check)}** {md(change.title)} ({md(change.severity)}, "
                f"{md(change.dimension)}): {md(status)}"
                + (
                    f" — {md(change.message)} ({md(change.where)})"
                    if change.new_status in GAP_STATUSES
                    else ""
                )
            )
    return "\n".join(lines) + "\n"


def _change_dict(change: CheckChange) -> dict[str, Any]:
    return {
        "check": change.check,
        "title": change.title,
        "dimension": change.dimension,
        "severity": change.severity,
        "old_status": change.old_status,
        "new_status": change.new_status,
        "message": change.message,
        "where": change.where,
    }


def _summary(side: Side) -> dict[str, Any]:
    result = side.result
    return {
        "source": side.source,
        "project": result["project"]["id"],
        "as_of": result["as_of"],
        "verdict": result["verdict"],
        "level": result["level"],
        "score": result["score"],
    }


def as_dict(diff: Diff) -> dict[str, Any]:
    """The diff as data (`readiness-diff/1`)."""
    return {
        "format": FORMAT,
        "old": _summary(diff.old),
        "new": _summary(diff.new),
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "old_score": d.old_score,
                "new_score": d.new_score,
                "old_band": d.old_band,
                "new_band": d.new_band,
            }
            for d in diff.dimensions
        ],
        "closed": [_change_dict(c) for c in diff.closed],
        "opened": [_change_dict(c) for c in diff.opened],
        "changed": [_change_dict(c) for c in diff.changed],
    }


def render_json(diff: Diff) -> str:
    """Pretty JSON, stable key order, one trailing newline."""
    text = json.dumps(as_dict(diff), indent=2, ensure_ascii=False, allow_nan=False)
    # DEL, C1 and bidi controls and `##[` as escapes that parse back to the same text.
    return json_text(text) + "\n"


DIFF_FORMATTERS: dict[str, Callable[[Diff], str]] = {
    "terminal": render_text,
    "markdown": render_markdown,
    "json": render_json,
}


def evidence_left_behind(old: Path, new: Path) -> list[str]:
    """The evidence files `old` cites that cannot be found from where it lies but can from
    where `new` does: an old version copied out of its checkout (`git show main:x > /tmp/x`)
    loses them, and the diff would report changes that never happened."""
    from readiness.facts.common import items_at, standing_from
    from readiness.loader import load_file

    refs: list[str] = []
    try:
        old_data = load_file(old).data
        new_data = load_file(new).data
    except InputError:
        return []
    if not isinstance(old_data, Mapping) or not isinstance(new_data, Mapping):
        return []
    new_refs = {entry.get("ref") for _, entry in items_at(new_data, "evidence")}
    old_dir, new_dir = old.parent.absolute(), new.parent.absolute()
    for _, entry in items_at(old_data, "evidence"):
        ref = entry.get("ref")
        if not isinstance(ref, str) or ref not in new_refs or ref in refs:
            continue
        if standing_from(ref, old_dir) != "missing":
            continue
        if standing_from(ref, new_dir) == "file":
            refs.append(ref)
    return refs
