"""Baselines: what a programme's projects looked like once, so that the gate can fail only when
one slips backwards.

`baseline save` records, per project id, the verdict, level, score, each dimension's band and
each check's status (`snapshot`). `assess --baseline` then judges a project that is in the
baseline only by its regressions against it (`regressions`): a band that fell, a check that
newly fails or got worse, a check newly waived. A project that is not in the baseline must meet
the bar like any other. Everything is keyed by project id and check id, never by file or line,
so moving, reformatting or commenting a file changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from functools import cache
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from readiness import __version__
from readiness.errors import Diagnostic, InputError, truncate
from readiness.loader import SAVED_SIZE_HINT, Document, load_json_file
from readiness.model import (
    BAND_NAMES,
    GAP_STATUSES,
    STATUS_WORDS,
    VERDICT_ORDER,
    Assessment,
    Finding,
)
from readiness.pointers import escape_pointer_token
from readiness.record import Record
from readiness.schemacheck import CompiledSchema
from readiness.schemas import load_schema

FORMAT = "readiness-baseline/1"
# A baseline holds every check of every project: 1,000 projects are about 3 MB.
BASELINE_MAX_BYTES = 256 * 1024 * 1024

# How far a check is from passing: a regression is a move up this scale.
_DISTANCE = {"partial": 1, "fail": 2, "missing": 2}


class ProjectBaseline(Record):
    """One project as recorded: bands by dimension id and statuses by check id."""

    project_id: str
    file: str
    verdict: str
    level: int
    score: float | None
    bands: Mapping[str, int | None]
    checks: Mapping[str, str]


class Baseline(Record):
    """A programme's baseline: each project by id, the file it came from (for messages), the
    version that saved it, and what is wrong with it when a policy flags rather than refuses."""

    projects: Mapping[str, ProjectBaseline]
    file: str = "the baseline"
    as_of: str | None = None
    tool_version: str | None = None
    flags: tuple[str, ...] = ()
    # A baseline assessed from a checkout of the target branch (`assess --base DIR`): `file` is
    # the folder, and reports name it as the checkout it is.
    checkout: bool = False

    @property
    def label(self) -> str:
        """`FILE`, or `the target branch's checkout DIR` for a baseline made in the run."""
        return f"the target branch's checkout {self.file}" if self.checkout else self.file

    def describe(self, today: date | None = None) -> str:
        """`FILE (readiness 0.1.0, as of 2026-11-25, 12 days old)`, for every report."""
        parts = [f"readiness {self.tool_version or 'version unknown'}"]
        parts.append(f"as of {self.as_of}" if self.as_of else "no as-of date")
        age = self.age(today)
        if age is not None:
            parts.append(f"{age} day{'s' if age != 1 else ''} old")
        return f"{self.label} ({', '.join(parts)})"

    def age(self, today: date | None) -> int | None:
        """Days from the baseline's as-of date to `today` (None without both)."""
        if today is None or self.as_of is None:
            return None
        try:
            return (today - date.fromisoformat(self.as_of)).days
        except ValueError:
            return None


class BaselinePolicy(Record):
    """Which baselines a programme accepts: one saved by this version of readiness, whose
    projects all have their bands, saved at most `max_age_days` before the run and not after
    it. `on_problem`: `refuse` (exit 2, located) or `flag` (every report says so)."""

    max_age_days: int = 90
    on_problem: str = "refuse"


def baseline_problems(
    document: Document, baseline: Baseline, today: date, policy: BaselinePolicy
) -> list[Diagnostic]:
    """Why the baseline cannot be trusted to judge today's run, each on its line: a forged or
    stale baseline opens the gate for a project that is not ready."""
    name = baseline.label
    hint = "save the baseline again on the target branch (`readiness baseline save`)"
    problems = []
    if baseline.tool_version != __version__:
        problems.append(
            Diagnostic(
                name,
                *document.position("/tool/version"),
                f"saved by readiness {truncate(str(baseline.tool_version))}, not by this "
                f"version ({__version__}): its bands and statuses may not compare",
                "tool.version",
                hint,
            )
        )
    age = baseline.age(today)
    if baseline.as_of is None or age is None:
        problems.append(
            Diagnostic(name, *document.position("/as_of"), "no as-of date", "as_of", hint)
        )
    elif age < 0:
        problems.append(
            Diagnostic(
                name,
                *document.position("/as_of"),
                f"as of {baseline.as_of}, after the run's as-of date ({today.isoformat()})",
                "as_of",
                hint,
            )
        )
    elif age > policy.max_age_days:
        problems.append(
            Diagnostic(
                name,
                *document.position("/as_of"),
                f"as of {baseline.as_of}, {age} days before the run: older than the "
                f"programme's {policy.max_age_days}-day limit (gate.baseline_max_age_days)",
                "as_of",
                hint,
            )
        )
    for project_id, entry in baseline.projects.items():
        if not entry.bands and entry.checks:
            pointer = f"/projects/{escape_pointer_token(project_id)}/bands"
            problems.append(
                Diagnostic(
                    name,
                    *document.position(pointer),
                    f"the record of '{truncate(project_id)}' has no bands: no band could be "
                    "seen to fall",
                    f"projects.{truncate(project_id)}.bands",
                    hint,
                )
            )
    return problems


def project_baseline(assessment: Assessment) -> ProjectBaseline:
    """What the baseline keeps of one assessment."""
    return ProjectBaseline(
        project_id=assessment.project_id,
        file=assessment.file,
        verdict=assessment.verdict,
        level=assessment.level,
        score=assessment.score,
        bands={d.id: d.band for d in assessment.dimensions},
        checks={f.check: f.status for f in assessment.findings},
    )


def as_dict(baseline: Baseline) -> dict[str, Any]:
    """The baseline file's content as one value, sorted by project and check id so it diffs
    cleanly. `baseline save` writes it a project at a time (`rendered`); this whole form is
    what that text must equal, byte for byte, under `json.dumps(indent=2)` (its test)."""
    return {
        "format": FORMAT,
        "tool": {"name": "readiness", "version": __version__},
        "as_of": baseline.as_of,
        "projects": {
            project_id: _entry(entry) for project_id, entry in sorted(baseline.projects.items())
        },
    }


def _entry(entry: ProjectBaseline) -> dict[str, Any]:
    return {
        "file": entry.file,
        "verdict": entry.verdict,
        "level": entry.level,
        "score": entry.score,
        "bands": dict(sorted(entry.bands.items())),
        "checks": dict(sorted(entry.checks.items())),
    }


def render(baseline: Baseline) -> str:
    """The baseline as JSON text, one trailing newline."""
    return "".join(rendered(baseline))


def rendered(baseline: Baseline) -> Iterator[str]:
    """The baseline's JSON text (`render`'s, byte for byte) a project at a time: 10,000
    projects made whole (`as_dict`, then `json.dumps`) took `baseline save` past 230 MB."""
    from json.encoder import encode_basestring

    from readiness.report.json_indent import indented

    head = indented({"format": FORMAT, "tool": {"name": "readiness", "version": __version__}})
    head = head[:-2] + f',\n  "as_of": {indented(baseline.as_of)},\n  "projects": '
    projects = sorted(baseline.projects.items())
    if not projects:
        yield head + "{}\n}\n"
        return
    separator = head + "{\n    "
    for project_id, entry in projects:
        text = indented(_entry(entry), level=2)
        yield f"{separator}{encode_basestring(project_id)}: {text}"
        separator = ",\n    "
    yield "\n  }\n}\n"


@cache
def baseline_validator() -> CompiledSchema:
    """The baseline-file validator, built once."""
    return CompiledSchema(load_schema("baseline"))


class _NotPlain(Exception):
    """The file is not a plain valid baseline: read it the careful way, to say why."""


# The words a baseline records, shared by every project that records them (a 10,000-project
# baseline holds 600,000 statuses and verdicts, and a text object each would be 30 MB).
_SHARED_WORDS = {word: word for word in (*STATUS_WORDS, *VERDICT_ORDER)}


def _shared_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose repeated words and keys are shared, refusing a duplicate key
    (json.loads would keep the last one silently; the careful reader locates it)."""
    mapping = {
        _SHARED_KEYS.setdefault(key, key): (
            _SHARED_WORDS.get(value, value) if isinstance(value, str) else value
        )
        for key, value in pairs
    }
    if len(mapping) != len(pairs):
        raise _NotPlain
    return mapping


# Check ids and dimension ids, shared by every project of one baseline as json.loads shares them
# within a document (each project is decoded on its own: 650,000 keys would be 36 MB).
_SHARED_KEYS: dict[str, str] = {}


def _refuse_constant(_name: str) -> Any:
    raise _NotPlain  # NaN and Infinity are not JSON


def _plain_baseline(path: Path, name: str) -> Baseline | None:
    """The baseline read as json.loads reads it, when it is valid JSON, a baseline and valid
    against the schema; None for anything else, which `load_baseline` then reads the careful
    way (building a located document for the schema's messages took 4 s and 700 MB for a 20 MB
    baseline of 10,000 projects, issue 18).

    The projects are decoded one at a time, each checked against the schema's entry and kept
    as a record, so that the whole file is never held as Python objects at once: 10,000
    projects read with json.loads peaked at 100 MB, now 72 MB."""
    from readiness.loader import read_input

    try:
        raw = read_input(path, BASELINE_MAX_BYTES + 1)
        if len(raw) > BASELINE_MAX_BYTES:
            return None
        text = raw.decode("utf-8")
        del raw
        return _streamed(text, name)
    except (OSError, ValueError, RecursionError, _NotPlain):
        return None
    finally:
        _SHARED_KEYS.clear()


def _streamed(text: str, name: str) -> Baseline | None:
    """The top-level object read member by member, its `projects` entry by entry, each entry
    checked against the schema's and made a record at once (`_plain_baseline`)."""
    import json

    decoder = json.JSONDecoder(object_pairs_hook=_shared_pairs, parse_constant=_refuse_constant)
    top: dict[str, Any] = {}
    projects: dict[str, ProjectBaseline] = {}

    def project(key: str, at: int) -> int:
        entry, end = decoder.raw_decode(text, at)
        if key in projects or not entry_validator().is_valid(entry):
            raise _NotPlain
        projects[key] = _project(key, entry)
        return int(end)

    def member(key: str, at: int) -> int:
        if key in top:
            raise _NotPlain
        if key == "projects" and text.startswith("{", at):
            top[key] = {}
            return _members(text, at, project)
        top[key], end = decoder.raw_decode(text, at)
        return int(end)

    end = _members(text, _skip(text, 0), member)
    if _skip(text, end) != len(text):
        raise _NotPlain
    if top.get("format") != FORMAT or not baseline_validator().is_valid(top):
        return None
    return replace(_baseline(top, name), projects=projects)


_SPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, at: int) -> int:
    """Past the JSON whitespace at `at`."""
    found = _SPACE.match(text, at)
    return found.end() if found else at


def _members(text: str, at: int, read: Callable[[str, int], int]) -> int:
    """Read the JSON object at `at`, handing each member's key and where its value starts to
    `read`, which returns where the value ends; return where the object ends."""
    if not text.startswith("{", at):
        raise _NotPlain
    at = _skip(text, at + 1)
    if text.startswith("}", at):
        return at + 1
    while True:
        if not text.startswith('"', at):
            raise _NotPlain
        key, at = scanstring(text, at + 1)
        at = _skip(text, at)
        if not text.startswith(":", at):
            raise _NotPlain
        at = _skip(text, read(key, _skip(text, at + 1)))
        if text.startswith("}", at):
            return at + 1
        if not text.startswith(",", at):
            raise _NotPlain
        at = _skip(text, at + 1)


@cache
def entry_validator() -> CompiledSchema:
    """The validator of one project's entry in a baseline, built once."""
    return CompiledSchema(load_schema("baseline")["properties"]["projects"]["additionalProperties"])


def _project(project_id: str, entry: dict[str, Any]) -> ProjectBaseline:
    return ProjectBaseline(
        project_id=project_id,
        file=entry["file"],
        verdict=entry["verdict"],
        level=entry["level"],
        score=entry["score"],
        bands=entry["bands"],
        checks=entry["checks"],
    )


def _baseline(data: dict[str, Any], name: str) -> Baseline:
    """A validated baseline file's content as records."""
    projects = {
        project_id: _project(project_id, entry) for project_id, entry in data["projects"].items()
    }
    tool = data.get("tool")
    version = tool.get("version") if isinstance(tool, dict) else None
    return Baseline(
        projects,
        file=name,
        as_of=data.get("as_of"),
        tool_version=str(version) if version is not None else None,
    )


def load_baseline(
    path: Path,
    display: str | None = None,
    *,
    today: date | None = None,
    policy: BaselinePolicy | None = None,
) -> Baseline:
    """Read and validate a baseline file; raise InputError with every problem. A valid file
    is read as plain JSON; anything else is read again with the safe loader, so that every
    problem has a line. Given `today`, the baseline is also held to the policy
    (`baseline_problems`, located on the careful reading): refused, or flagged on the result."""
    from readiness.validate import schema_diagnostics, sort_and_cap

    name = display or str(path)
    plain = _plain_baseline(path, name)
    if plain is not None:
        return _held_to(plain, path, today, policy)
    document: Document = load_json_file(
        path, display=name, max_bytes=BASELINE_MAX_BYTES, size_hint=SAVED_SIZE_HINT
    )
    found = document.data.get("format") if isinstance(document.data, dict) else None
    if found != FORMAT:
        raise InputError(
            [
                Diagnostic(
                    name,
                    *document.position("/format"),
                    (
                        f"'{truncate(str(found))}' is not a baseline ({FORMAT})"
                        if found is not None
                        else f"no `format`: this is not a baseline ({FORMAT})"
                    ),
                    "format" if found is not None else "",
                    "save one with `readiness baseline save PATH... -o FILE`",
                )
            ]
        )
    problems = schema_diagnostics(document, baseline_validator())
    if problems:
        raise InputError(sort_and_cap(name, problems))
    return _held_to(_baseline(document.data, name), path, today, policy, document)


def _held_to(
    baseline: Baseline,
    path: Path,
    today: date | None,
    policy: BaselinePolicy | None,
    document: Document | None = None,
) -> Baseline:
    """The baseline held to the policy: unchanged when nothing is wrong (or no date given);
    refused with located problems, or returned flagged."""
    if today is None:
        return baseline
    policy = policy or BaselinePolicy()
    if not _doubtful(baseline, today, policy):
        return baseline
    if document is None:  # read again with positions, only to say where
        document = load_json_file(
            path, display=baseline.file, max_bytes=BASELINE_MAX_BYTES, size_hint=SAVED_SIZE_HINT
        )
    problems = baseline_problems(document, baseline, today, policy)
    if problems and policy.on_problem == "refuse":
        raise InputError(problems)
    return replace(baseline, flags=tuple(p.render() for p in problems))


def _doubtful(baseline: Baseline, today: date, policy: BaselinePolicy) -> bool:
    """Whether `baseline_problems` would find anything (cheap: no positions needed)."""
    age = baseline.age(today)
    return (
        baseline.tool_version != __version__
        or age is None
        or not 0 <= age <= policy.max_age_days
        or any(not entry.bands and entry.checks for entry in baseline.projects.values())
    )


def _band(band: int | None) -> str:
    return "n/a" if band is None else f"{band} ({BAND_NAMES.get(band, '')})"


class Slips(Record):
    """How a project slipped since the baseline: one reason per slip, and the checks that did
    it (what holds the gate, so that annotations and JUnit single them out)."""

    reasons: tuple[str, ...]
    checks: tuple[str, ...]


def regressions(before: ProjectBaseline, assessment: Assessment) -> list[str]:
    """How the project slipped since the baseline, one reason each (`slips` in short)."""
    return list(slips(before, assessment).reasons)


def slips(before: ProjectBaseline, assessment: Assessment) -> Slips:
    """How the project slipped since the baseline, one reason each, naming dimension and check:
    a band that fell (with the checks that newly fail in it or, when none does, the gaps that
    keep it under its old band: checks the baseline never evaluated, from a pack added since,
    are named too), a dimension that no longer applies, a check that newly fails or got worse,
    a check newly waived (with its approver)."""
    from readiness.scoring import holding_back

    worse: dict[str, list[str]] = {}
    culprits: list[str] = []
    waived: list[str] = []
    for finding in assessment.findings:
        old = before.checks.get(finding.check)
        if old is None or old == finding.status:
            continue
        if finding.status == "waived":
            by = finding.waiver.approved_by if finding.waiver is not None else None
            waived.append(
                f"{finding.check} newly waived ({finding.dimension}, {finding.severity}"
                f", approved by {by or 'nobody'}): if the programme accepts it, record it by "
                "saving the baseline again on the target branch (`readiness baseline save`)"
            )
            culprits.append(finding.check)
        elif finding.status in GAP_STATUSES and _DISTANCE[finding.status] > _DISTANCE.get(old, 0):
            worse.setdefault(finding.dimension, []).append(
                f"{finding.check} {STATUS_WORDS[finding.status]} (was {STATUS_WORDS[old]})"
            )
            culprits.append(finding.check)
    by_dimension: dict[str, list[Finding]] = {}
    for finding in assessment.findings:
        by_dimension.setdefault(finding.dimension, []).append(finding)
    reasons = []
    for dimension in assessment.dimensions:
        old_band = before.bands.get(dimension.id)
        checks = worse.pop(dimension.id, [])
        fell = old_band is not None and dimension.band is not None and dimension.band < old_band
        if old_band is not None and dimension.band is None:
            # Dropping a scored dimension (a battery project re-labelled to shed traceability)
            # would hide every slip in it; a real change of scope is recorded by saving the
            # baseline again on the target branch.
            reasons.append(
                f"{dimension.id} no longer applies (was band {_band(old_band)}); a change of "
                "scope is recorded by saving the baseline again"
            )
        elif fell and old_band is not None:
            if not checks:
                gaps = holding_back(by_dimension.get(dimension.id, []), old_band)
                checks = [
                    f"{gap.check} {STATUS_WORDS[gap.status]}"
                    + ("" if gap.check in before.checks else " (not in the baseline)")
                    for gap in gaps
                ]
                culprits.extend(gap.check for gap in gaps)
            because = f": {', '.join(checks)}" if checks else ""
            reasons.append(
                f"{dimension.id} band fell from {_band(old_band)} to {_band(dimension.band)}"
                f"{because}"
            )
        elif checks:
            reasons.append(f"{dimension.id}: {', '.join(checks)}")
    for dimension_id, checks in worse.items():  # a dimension the assessment no longer scores
        reasons.append(f"{dimension_id}: {', '.join(checks)}")
    reasons.extend(waived)
    return Slips(tuple(reasons), tuple(dict.fromkeys(culprits)))


def improvements(before: ProjectBaseline, assessment: Assessment) -> tuple[str, ...]:
    """How the project improved since the baseline (a better verdict, a band that rose), so the
    gate can say so and the programme can save the baseline again to lock the gain in."""
    from readiness.model import VERDICT_ORDER

    found = []
    order: dict[str, int] = {verdict: rank for rank, verdict in enumerate(VERDICT_ORDER)}
    old_rank, new_rank = order.get(before.verdict), order.get(assessment.verdict)
    if old_rank is not None and new_rank is not None and new_rank > old_rank:
        found.append(f"verdict {before.verdict} → {assessment.verdict}")
    for dimension in assessment.dimensions:
        old_band = before.bands.get(dimension.id)
        if old_band is not None and dimension.band is not None and dimension.band > old_band:
            found.append(
                f"{dimension.id} band rose from {_band(old_band)} to {_band(dimension.band)}"
            )
    return tuple(found)
