"""The built-in packs in a pre-validated form: merged, checked and written as JSON once, read fast.

Parsing the seven YAML packs, validating them against the rubric schema and compiling their
fragments costs more than assessing a project. So `python -m readiness.builtin_packs` does it
once and writes `readiness/builtin_packs.json` (committed, shipped in the wheel; JSON, never
pickle): the merged rubric set and a digest of each pack file it came from. A run reads that file
when the digests still match the YAML beside it (a few microseconds of hashing), and otherwise
falls back to loading the YAML with every check, so a stale file is slow, never wrong (and a
one-line note on standard error says so). `tests/test_builtin_packs.py` fails, naming the pack
that changed and the command, when the file is stale.

This module reads and writes the form and sits below the rubric merger, which reads it;
`readiness.builtin_packs`, above the merger, regenerates it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.model import Check, Condition, Dimension, Location, PackInfo

if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:  # CPython's own SHA-256, the same digest: hashlib loads OpenSSL first, ~2 ms a run
        from _sha256 import sha256
    except ImportError:  # pragma: no cover - Python 3.12 and later name it differently
        from hashlib import sha256

FORMAT = "readiness-builtin-packs/1"
REGENERATE = "python -m readiness.builtin_packs"
PREVALIDATED = Path(__file__).with_name("builtin_packs.json")


def source_digests(files: list[Path]) -> dict[str, str]:
    """The SHA-256 of each pack file, by file name: what the pre-validated form was made from."""
    return {path.name: sha256(path.read_bytes()).hexdigest() for path in files}


def _condition(condition: Condition | None) -> dict[str, Any] | None:
    if condition is None:
        return None
    return {
        "path": condition.path,
        "expect": condition.expect,
        "when_absent": condition.when_absent,
    }


def _check(check: Check) -> dict[str, Any]:
    location = check.location
    return {
        "id": check.id,
        "pack": check.pack,
        "dimension": check.dimension,
        "title": check.title,
        "severity": check.severity,
        "level": check.level,
        "effort": check.effort,
        "weight": check.weight,
        "path": check.path,
        "expect": check.expect,
        "partial": check.partial,
        "applies_when": _condition(check.applies_when),
        "message": check.message,
        "missing": check.missing,
        "rationale": check.rationale,
        "remediation": check.remediation,
        "location": (
            [Path(location.file).name, location.line, location.column] if location else None
        ),
        "templates": check.templates,
    }


def serialise(
    dimensions: tuple[Dimension, ...],
    parameters: dict[str, Any],
    packs: tuple[PackInfo, ...],
    digests: dict[str, str],
) -> str:
    """The rubric set as JSON text, file names relative to the packs' folder."""
    document = {
        "format": FORMAT,
        "regenerate": REGENERATE,
        "sources": digests,
        "parameters": parameters,
        "packs": [
            {
                "id": p.id,
                "version": p.version,
                "valid_as_of": p.valid_as_of,
                "file": Path(p.file).name,
            }
            for p in packs
        ],
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "weight": d.weight,
                "pack": d.pack,
                "version": d.version,
                "valid_as_of": d.valid_as_of,
                "applies_when": _condition(d.applies_when),
                "checks": [_check(c) for c in d.checks],
            }
            for d in dimensions
        ],
    }
    return json.dumps(document, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def _read_condition(raw: dict[str, Any] | None) -> Condition | None:
    if raw is None:
        return None
    return Condition(raw["path"], raw["expect"], raw["when_absent"])


def _read_check(raw: dict[str, Any], folder: Path) -> Check:
    where = raw["location"]
    return Check(
        id=raw["id"],
        pack=raw["pack"],
        dimension=raw["dimension"],
        title=raw["title"],
        severity=raw["severity"],
        level=raw["level"],
        effort=raw["effort"],
        weight=raw["weight"],
        path=raw["path"],
        expect=raw["expect"],
        message=raw["message"],
        missing=raw["missing"],
        rationale=raw["rationale"],
        remediation=raw["remediation"],
        partial=raw["partial"],
        applies_when=_read_condition(raw["applies_when"]),
        location=Location(str(folder / where[0]), where[1], where[2]) if where else None,
        templates=raw.get("templates", {}),
    )


def read_prevalidated(
    text: str, folder: Path, digests: dict[str, str]
) -> tuple[tuple[Dimension, ...], dict[str, Any], tuple[PackInfo, ...]] | None:
    """The rubric set from its pre-validated form, or None when it was made from other files."""
    document = json.loads(text)
    if document.get("format") != FORMAT or document.get("sources") != digests:
        return None
    packs = tuple(
        PackInfo(
            p["id"],
            p["version"],
            p["valid_as_of"],
            str(folder / p["file"]),
            digests.get(Path(p["file"]).name),
        )
        for p in document["packs"]
    )
    dimensions = tuple(
        Dimension(
            id=d["id"],
            title=d["title"],
            weight=d["weight"],
            pack=d["pack"],
            version=d["version"],
            valid_as_of=d["valid_as_of"],
            checks=tuple(_read_check(c, folder) for c in d["checks"]),
            applies_when=_read_condition(d["applies_when"]),
        )
        for d in document["dimensions"]
    )
    return dimensions, document["parameters"], packs
