"""Load rubric packs (built-in, then the user's), validate them, and merge them into one set.

A pack is data: every problem in it (schema, an invalid JSON Schema fragment, a malformed message
placeholder, an unknown check id in `disable` or `overrides`, a duplicate id) is reported at once
with the pack's file, line and column, like a problem in a project file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, cast

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from readiness.errors import Diagnostic, InputError
from readiness.facts import DEFAULT_PARAMETERS
from readiness.loader import Document, load_file
from readiness.messages import template_errors
from readiness.model import (
    DIMENSION_ORDER,
    SEVERITY_WEIGHTS,
    Check,
    Condition,
    Dimension,
    Location,
    PackInfo,
    Severity,
)
from readiness.schemacheck import CompiledSchema
from readiness.schemas import load_schema
from readiness.validate import schema_diagnostics, sort_and_cap


@dataclass(frozen=True)
class RubricSet:
    """Every dimension with its checks, the merged parameters, and the packs they came from."""

    dimensions: tuple[Dimension, ...]
    parameters: dict[str, Any]
    packs: tuple[PackInfo, ...]

    @cached_property
    def checks(self) -> tuple[Check, ...]:
        """All checks in dimension order (built once: every assessment asks several times)."""
        return tuple(check for dimension in self.dimensions for check in dimension.checks)

    @cached_property
    def severities(self) -> dict[str, Severity]:
        """Each check id in force and its severity (what a waiver of it is judged by)."""
        return {check.id: check.severity for check in self.checks}

    def check(self, check_id: str) -> Check | None:
        """The check with this id (case-insensitive), if any."""
        wanted = check_id.upper()
        return next((c for c in self.checks if c.id.upper() == wanted), None)


def builtin_rubric_dir() -> Path:
    """The built-in packs: inside the installed package, or `rubrics/` of a source checkout."""
    packaged = Path(str(resources.files("readiness"))) / "rubrics"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rubrics"


@cache
def rubric_validator() -> CompiledSchema:
    """The pack-file validator, built once."""
    return CompiledSchema(load_schema("rubric"))


def _pack_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        else:
            files.append(path)
    return files


def _builtin_files() -> list[Path]:
    folder = builtin_rubric_dir()
    order = {name: index for index, name in enumerate(DIMENSION_ORDER)}
    return sorted(folder.glob("*.yaml"), key=lambda p: (order.get(p.stem, len(order)), p.stem))


class _Merger:
    """Accumulates packs in order; later packs add, replace, disable and re-weight checks."""

    def __init__(self) -> None:
        self.problems: list[Diagnostic] = []
        self.dimensions: dict[str, dict[str, Any]] = {}
        self.checks: dict[str, Check] = {}
        self.parameters: dict[str, Any] = {}
        self.packs: list[PackInfo] = []

    def problem(self, document: Document, pointer: str, message: str, hint: str = "") -> None:
        line, column = document.position(pointer)
        self.problems.append(Diagnostic(document.file, line, column, message, hint=hint))

    def add_pack(self, document: Document, *, builtin: bool) -> None:
        found = schema_diagnostics(document, rubric_validator())
        if found:
            self.problems.extend(found)
            return
        pack = cast(dict[str, Any], document.data)
        pack_id = str(pack["pack"])
        self.packs.append(
            PackInfo(pack_id, int(pack["version"]), pack.get("valid_as_of"), document.file)
        )
        parameters = pack.get("parameters", {})
        for name, value in parameters.items():
            expected = _kind(DEFAULT_PARAMETERS[name]) if name in DEFAULT_PARAMETERS else None
            if expected is not None and _kind(value) != expected:
                self.problem(
                    document,
                    f"/parameters/{name}",
                    f"parameter '{name}' must be {expected}, got {_kind(value)}",
                    f"the default is {DEFAULT_PARAMETERS[name]!r}",
                )
        self.parameters.update(parameters)
        dimension = self._dimension(document, pack, pack_id, builtin=builtin)
        for index, raw in enumerate(pack.get("checks", [])):
            check = self._check(
                document, f"/checks/{index}", raw, pack_id, dimension, trusted=builtin
            )
            if check is None:
                continue
            if check.id in self.checks and builtin:
                self.problem(document, f"/checks/{index}/id", f"duplicate check id '{check.id}'")
                continue
            self.checks[check.id] = check
        for index, check_id in enumerate(pack.get("disable", [])):
            if self.checks.pop(check_id, None) is None:
                self.problem(
                    document,
                    f"/disable/{index}",
                    f"cannot disable '{check_id}': no such check",
                    "run `readiness rubrics` to list the check ids",
                )
        for check_id, changes in pack.get("overrides", {}).items():
            self._override(document, check_id, changes)

    def _dimension(
        self, document: Document, pack: dict[str, Any], pack_id: str, *, builtin: bool
    ) -> str | None:
        raw = pack.get("dimension")
        dimension_id = raw["id"] if raw else (pack_id if pack_id in self.dimensions else None)
        if dimension_id is None:
            if pack.get("checks"):
                self.problem(
                    document,
                    "/pack",
                    "a pack with checks needs a `dimension` (or the id of an existing pack)",
                    "add `dimension: {id: ..., title: ...}`",
                )
            return None
        known = self.dimensions.get(dimension_id)
        if known is None:
            if not raw or "title" not in raw:
                self.problem(
                    document, "/dimension", f"the new dimension '{dimension_id}' needs a title"
                )
                return None
            self.dimensions[dimension_id] = {
                "id": dimension_id,
                "title": raw["title"],
                "weight": float(raw.get("weight", 1.0)),
                "pack": pack_id,
                "version": int(pack["version"]),
                "valid_as_of": pack.get("valid_as_of"),
                "applies_when": _condition(pack.get("applies_when")),
            }
        else:
            if raw and "title" in raw:
                known["title"] = raw["title"]
            if raw and "weight" in raw:
                known["weight"] = float(raw["weight"])
            if "applies_when" in pack:
                known["applies_when"] = _condition(pack["applies_when"])
        return dimension_id

    def _check(
        self,
        document: Document,
        pointer: str,
        raw: dict[str, Any],
        pack_id: str,
        dimension: str | None,
        *,
        trusted: bool,
    ) -> Check | None:
        ok = dimension is not None
        # Meta-validating a fragment costs ~4 ms; the built-in packs' fragments are checked by
        # the test suite instead of on every run.
        keys: tuple[str, ...] = () if trusted else ("expect", "partial")
        fragments: list[tuple[str, Any]] = [(k, raw[k]) for k in keys if k in raw]
        if "applies_when" in raw and not trusted:
            fragments.append(("applies_when/expect", raw["applies_when"]["expect"]))
        for key, fragment in fragments:
            ok &= self._fragment(document, f"{pointer}/{key}", fragment)
        for key in ("message", "missing"):
            for problem in template_errors(raw[key]):
                self.problem(document, f"{pointer}/{key}", problem)
                ok = False
        if not ok or dimension is None:
            return None
        severity = cast(Severity, raw["severity"])
        line, column = document.position(pointer)
        return Check(
            id=raw["id"],
            pack=pack_id,
            dimension=dimension,
            title=raw["title"],
            severity=severity,
            level=int(raw["level"]),
            effort=int(raw["effort"]),
            weight=float(raw.get("weight", SEVERITY_WEIGHTS[severity])),
            path=raw["path"],
            expect=raw["expect"],
            message=raw["message"].strip(),
            missing=raw["missing"].strip(),
            rationale=raw["rationale"].strip(),
            remediation=raw["remediation"].strip(),
            partial=raw.get("partial"),
            applies_when=_condition(raw.get("applies_when")),
            location=Location(document.file, line, column),
        )

    def _fragment(self, document: Document, pointer: str, fragment: dict[str, Any]) -> bool:
        try:
            Draft202012Validator.check_schema(fragment)
        except SchemaError as error:
            inner = "".join(f"/{part}" for part in error.path)
            self.problem(
                document,
                pointer + inner,
                f"not a valid JSON Schema fragment: {error.message[:160]}",
                "see https://json-schema.org/understanding-json-schema/ for the keywords",
            )
            return False
        return True

    def _override(self, document: Document, check_id: str, changes: dict[str, Any]) -> None:
        check = self.checks.get(check_id)
        if check is None:
            self.problem(
                document,
                f"/overrides/{check_id}",
                f"cannot override '{check_id}': no such check",
                "run `readiness rubrics` to list the check ids",
            )
            return
        for key in ("expect", "partial"):
            if key in changes and not self._fragment(
                document, f"/overrides/{check_id}/{key}", changes[key]
            ):
                return
        severity = changes.get("severity", check.severity)
        weight = changes.get(
            "weight",
            SEVERITY_WEIGHTS[severity] if "severity" in changes else check.weight,
        )
        self.checks[check_id] = replace(
            check,
            severity=severity,
            weight=float(weight),
            level=int(changes.get("level", check.level)),
            effort=int(changes.get("effort", check.effort)),
            expect=changes.get("expect", check.expect),
            partial=changes.get("partial", check.partial),
        )

    def result(self) -> RubricSet:
        by_dimension: dict[str, list[Check]] = {key: [] for key in self.dimensions}
        for check in self.checks.values():
            by_dimension[check.dimension].append(check)
        dimensions = tuple(
            Dimension(
                id=meta["id"],
                title=meta["title"],
                weight=meta["weight"],
                pack=meta["pack"],
                version=meta["version"],
                valid_as_of=meta["valid_as_of"],
                checks=tuple(by_dimension[meta["id"]]),
                applies_when=meta["applies_when"],
            )
            for meta in self.dimensions.values()
        )
        return RubricSet(dimensions, dict(self.parameters), tuple(self.packs))


def _kind(value: Any) -> str:
    """A parameter's kind, as a funder would name it."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing"


def _condition(raw: dict[str, Any] | None) -> Condition | None:
    if raw is None:
        return None
    return Condition(raw["path"], raw["expect"], raw.get("when_absent", "not_applicable"))


def load_rubrics(extra: Sequence[Path] = (), *, include_builtin: bool = True) -> RubricSet:
    """The built-in packs, then each of `extra` (files or folders of *.yaml) merged on top."""
    merger = _Merger()
    sources = [(path, True) for path in _builtin_files()] if include_builtin else []
    sources += [(path, False) for path in _pack_files(extra)]
    if include_builtin and not sources:
        raise InputError(
            [Diagnostic(str(builtin_rubric_dir()), 0, 0, "no built-in rubric packs found")]
        )
    for path, builtin in sources:
        try:
            document = load_file(path)
        except InputError as error:
            merger.problems.extend(error.diagnostics)
            continue
        merger.add_pack(document, builtin=builtin)
    if merger.problems:
        by_file: dict[str, list[Diagnostic]] = {}
        for problem in merger.problems:
            by_file.setdefault(problem.file, []).append(problem)
        raise InputError([d for file, found in by_file.items() for d in sort_and_cap(file, found)])
    return merger.result()


@cache
def builtin_rubrics() -> RubricSet:
    """The built-in packs, loaded and validated once per process."""
    return load_rubrics()
