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

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness import __version__
from readiness.errors import Diagnostic, InputError, truncate
from readiness.loader import SAVED_SIZE_HINT, Document, load_json_file
from readiness.model import BAND_NAMES, GAP_STATUSES, STATUS_WORDS, Assessment
from readiness.record import Record
from readiness.schemacheck import CompiledSchema
from readiness.schemas import load_schema

if TYPE_CHECKING:
    from readiness.portfolio import PortfolioRun

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


def snapshot(assessments: Iterable[Assessment], as_of: str) -> Baseline:
    """A baseline of these assessments, whose project ids are all different (`baseline_of`
    refuses a second file with an id, located on its line, before it gets here)."""
    projects = {a.project_id: project_baseline(a) for a in assessments}
    return Baseline(projects, as_of=as_of)


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


def load_baseline(path: Path, display: str | None = None) -> Baseline:
    """Read and validate a baseline file (JSON, read with the safe loader so that every
    problem has a line); raise InputError with every problem."""
    from readiness.validate import schema_diagnostics, sort_and_cap

    name = display or str(path)
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
    data: dict[str, Any] = document.data
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


def baseline_of(files: Iterable[Path], run: PortfolioRun) -> Baseline:
    """Assess every file with the run's settings and record them; any file that cannot be
    assessed is an input error (a baseline missing a project would let it in unchecked)."""
    from readiness.portfolio import ProjectIds, assess_one

    assessments = []
    problems: list[Diagnostic] = []
    ids = ProjectIds()
    for index, path in enumerate(files):
        outcome = assess_one(run, index, path)
        if outcome.assessment is None:
            problems.extend(outcome.problems)
        elif duplicate := ids.claim(
            outcome.assessment.project_id, outcome.file, outcome.id_position
        ):
            problems.append(duplicate)
        else:
            assessments.append(outcome.assessment)
    if problems:
        raise InputError(problems)
    return snapshot(assessments, run.as_of.isoformat())
