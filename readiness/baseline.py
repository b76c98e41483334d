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

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from readiness import __version__
from readiness.errors import Diagnostic, InputError, truncate
from readiness.loader import SAVED_SIZE_HINT, Document, load_json_file
from readiness.model import BAND_NAMES, GAP_STATUSES, STATUS_WORDS, VERDICT_ORDER, Assessment
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
    """A programme's baseline: each project by id, and the file it came from (for messages)."""

    projects: Mapping[str, ProjectBaseline]
    file: str = "the baseline"
    as_of: str | None = None


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
    """The baseline file's content: sorted by project and check id, so it diffs cleanly."""
    return {
        "format": FORMAT,
        "tool": {"name": "readiness", "version": __version__},
        "as_of": baseline.as_of,
        "projects": {
            project_id: {
                "file": entry.file,
                "verdict": entry.verdict,
                "level": entry.level,
                "score": entry.score,
                "bands": dict(sorted(entry.bands.items())),
                "checks": dict(sorted(entry.checks.items())),
            }
            for project_id, entry in sorted(baseline.projects.items())
        },
    }


def render(baseline: Baseline) -> str:
    """The baseline as JSON text, one trailing newline."""
    import json

    return json.dumps(as_dict(baseline), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


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
    """A JSON object whose repeated words are shared, refusing a duplicate key (json.loads
    would keep the last one silently; the careful reader locates it)."""
    mapping = {
        key: _SHARED_WORDS.get(value, value) if isinstance(value, str) else value
        for key, value in pairs
    }
    if len(mapping) != len(pairs):
        raise _NotPlain
    return mapping


def _refuse_constant(_name: str) -> Any:
    raise _NotPlain  # NaN and Infinity are not JSON


def _plain_baseline(path: Path, name: str) -> Baseline | None:
    """The baseline read as json.loads reads it, when it is valid JSON, a baseline and valid
    against the schema: a 20 MB baseline (10,000 projects) in about json.loads's time and
    memory, where building a located document for the schema's messages took 4 s and 700 MB
    (issue 18). None for anything else, which `load_baseline` then reads the careful way."""
    import json

    from readiness.loader import read_input

    try:
        raw = read_input(path, BASELINE_MAX_BYTES + 1)
        if len(raw) > BASELINE_MAX_BYTES:
            return None
        data = json.loads(raw, object_pairs_hook=_shared_pairs, parse_constant=_refuse_constant)
    except (OSError, ValueError, RecursionError, _NotPlain):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    try:
        if not baseline_validator().is_valid(data):
            return None
    except (ValueError, RecursionError):
        return None
    return _baseline(data, name)


def _baseline(data: dict[str, Any], name: str) -> Baseline:
    """A validated baseline file's content as records."""
    projects = {
        project_id: ProjectBaseline(
            project_id=project_id,
            file=entry["file"],
            verdict=entry["verdict"],
            level=entry["level"],
            score=entry["score"],
            bands=entry["bands"],
            checks=entry["checks"],
        )
        for project_id, entry in data["projects"].items()
    }
    return Baseline(projects, file=name, as_of=data.get("as_of"))


def load_baseline(path: Path, display: str | None = None) -> Baseline:
    """Read and validate a baseline file; raise InputError with every problem. A valid file
    is read as plain JSON; anything else is read again with the safe loader, so that every
    problem has a line."""
    from readiness.validate import schema_diagnostics, sort_and_cap

    name = display or str(path)
    plain = _plain_baseline(path, name)
    if plain is not None:
        return plain
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
    return _baseline(document.data, name)


def _band(band: int | None) -> str:
    return "n/a" if band is None else f"{band} ({BAND_NAMES.get(band, '')})"


def regressions(before: ProjectBaseline, assessment: Assessment) -> list[str]:
    """How the project slipped since the baseline, one reason each, naming dimension and check:
    a band that fell (with the checks that newly fail in it), a dimension that no longer
    applies, a check that newly fails or got worse, a check newly waived. Checks the baseline
    never evaluated (a pack added since) count only through the bands."""
    worse: dict[str, list[str]] = {}
    waived: list[str] = []
    for finding in assessment.findings:
        old = before.checks.get(finding.check)
        if old is None or old == finding.status:
            continue
        if finding.status == "waived":
            waived.append(f"{finding.check} newly waived ({finding.dimension}, {finding.severity})")
        elif finding.status in GAP_STATUSES and _DISTANCE[finding.status] > _DISTANCE.get(old, 0):
            worse.setdefault(finding.dimension, []).append(
                f"{finding.check} {STATUS_WORDS[finding.status]} (was {STATUS_WORDS[old]})"
            )
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
        elif fell:
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
    return reasons
