"""Load rubric packs (built-in, then the user's), validate them, and merge them into one set.

A pack is data: every problem in it (schema, an invalid JSON Schema fragment, a reference that
leaves the pack, a pattern the linear regex engine cannot run, a malformed message placeholder, a
number out of range, an unknown check id in `disable` or `overrides`, a duplicate id) is reported
at once with the pack's file, line and column, like a problem in a project file.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from readiness.errors import Diagnostic, InputError
from readiness.facts import DEFAULT_PARAMETERS
from readiness.fragments import fragment_problems
from readiness.loader import Document, load_file
from readiness.messages import fill, template_errors
from readiness.model import (
    DIMENSION_ORDER,
    SEVERITY_WEIGHTS,
    Check,
    Condition,
    Dimension,
    Location,
    PackChange,
    PackInfo,
    Severity,
)
from readiness.pointers import escape_pointer_token
from readiness.record import Record, replace

if TYPE_CHECKING:
    from readiness.schemacheck import CompiledSchema

# No parameter needs more (the largest default is a turnover of 40 million euros); beyond it,
# sums in the facts could overflow to infinity.
MAX_PARAMETER = 1e15


class RubricSet(Record):
    """Every dimension with its checks, the merged parameters, and the packs they came from."""

    dimensions: tuple[Dimension, ...]
    parameters: dict[str, Any]
    packs: tuple[PackInfo, ...]
    changes: tuple[PackChange, ...] = ()

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


PACK_SIZE_HINT = "a rubric pack is a few dozen kilobytes: split this one into several packs"

MAX_PACK_CHECKS = 1_000
"""Checks the packs given (`--rubrics`, the configuration) may hold in all, each entry of their
`checks` lists counted: a funder's pack adds or changes a few dozen, and every check costs each
run a little in every stage (5,038 checks that all fail took 1.4 s where 1,000 take 0.5 s)."""


def builtin_rubric_dir() -> Path:
    """The built-in packs: inside the installed package, or `rubrics/` of a source checkout."""
    packaged = Path(__file__).with_name("rubrics")  # not importlib.resources: 20 ms to import
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rubrics"


@cache
def rubric_validator() -> CompiledSchema:
    """The pack-file validator, built once (only when a pack is read from YAML)."""
    from readiness.schemacheck import CompiledSchema
    from readiness.schemas import load_schema

    return CompiledSchema(load_schema("rubric"))


def _pack_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        else:
            files.append(path)
    return files


def builtin_files() -> list[Path]:
    """The built-in pack files, in dimension order."""
    folder = builtin_rubric_dir()
    order = {name: index for index, name in enumerate(DIMENSION_ORDER)}
    return sorted(folder.glob("*.yaml"), key=lambda p: (order.get(p.stem, len(order)), p.stem))


class _Merger:
    """Accumulates packs in order; later packs add, replace, disable and re-weight checks."""

    def __init__(self, base: RubricSet | None = None) -> None:
        self.problems: list[Diagnostic] = []
        self.dimensions: dict[str, dict[str, Any]] = {}
        self.checks: dict[str, Check] = {}
        self.parameters: dict[str, Any] = dict(base.parameters) if base else {}
        self.packs: list[PackInfo] = list(base.packs) if base else []
        # Which pack last changed what: (aspect, check id / parameter / dimension) -> pack id.
        self.authors: dict[tuple[str, str], str] = {}
        self.given_checks = 0  # entries of the given packs' `checks` lists so far
        for dimension in base.dimensions if base else ():
            self.dimensions[dimension.id] = {
                "id": dimension.id,
                "title": dimension.title,
                "weight": dimension.weight,
                "pack": dimension.pack,
                "version": dimension.version,
                "valid_as_of": dimension.valid_as_of,
                "applies_when": dimension.applies_when,
            }
            self.checks.update((check.id, check) for check in dimension.checks)

    def problem(self, document: Document, pointer: str, message: str, hint: str = "") -> None:
        line, column = document.position(pointer)
        self.problems.append(Diagnostic(document.file, line, column, message, hint=hint))

    def add_pack(self, document: Document, *, builtin: bool) -> None:
        from readiness.validate import schema_diagnostics

        listed = document.data.get("checks") if isinstance(document.data, dict) else None
        if not builtin and isinstance(listed, list):
            self.given_checks += len(listed)
            if self.given_checks > MAX_PACK_CHECKS:  # refused before any is read
                self.problem(
                    document,
                    "/checks",
                    f"the packs given hold {self.given_checks:,} checks in all, over the limit "
                    f"of {MAX_PACK_CHECKS:,}",
                    "a funder's pack adds or changes a few dozen checks: keep the ones the "
                    "assessment needs, or split a rule that repeats across many checks into one "
                    "check over a list",
                )
                return
        found = schema_diagnostics(document, rubric_validator())
        if found:
            self.problems.extend(found)
            return
        pack = cast(dict[str, Any], document.data)
        pack_id = str(pack["pack"])
        self.packs.append(
            PackInfo(
                pack_id,
                int(pack["version"]),
                pack.get("valid_as_of"),
                document.file,
                document.sha256,
            )
        )
        parameters = pack.get("parameters", {})
        for pointer, number in _numbers(parameters, "/parameters"):
            if not math.isfinite(number) or abs(number) > MAX_PARAMETER:
                self.problem(
                    document,
                    pointer,
                    f"a parameter must be a finite number no larger than {MAX_PARAMETER:.0e}",
                    "write the value in the units the parameter is documented in",
                )
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
        self.authors.update((("parameter", name), pack_id) for name in parameters)
        self.check_dimension_condition(document, pack)
        dimension = self._dimension(document, pack, pack_id, builtin=builtin)
        for index, raw in enumerate(pack.get("checks", [])):
            check = self._check(document, f"/checks/{index}", raw, pack_id, dimension)
            if check is None:
                continue
            if check.id in self.checks and builtin:
                self.problem(document, f"/checks/{index}/id", f"duplicate check id '{check.id}'")
                continue
            self.checks[check.id] = check
            self.authors[("check", check.id)] = pack_id
        for index, check_id in enumerate(pack.get("disable", [])):
            self.authors[("check", check_id)] = pack_id
            if self.checks.pop(check_id, None) is None:
                self.problem(
                    document,
                    f"/disable/{index}",
                    f"cannot disable '{check_id}': no such check",
                    "run `readiness rubrics` to list the check ids",
                )
        for check_id, changes in pack.get("overrides", {}).items():
            self._override(document, check_id, changes)
            self.authors.update(((key, check_id), pack_id) for key in changes)
            if "severity" in changes:
                self.authors.setdefault(("weight", check_id), pack_id)

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
            self.authors[("dimension_added", dimension_id)] = pack_id
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
                self.authors[("dimension_weight", dimension_id)] = pack_id
            if "applies_when" in pack:
                known["applies_when"] = _condition(pack["applies_when"])
                self.authors[("dimension_applies_when", dimension_id)] = pack_id
        return dimension_id

    def check_dimension_condition(self, document: Document, pack: dict[str, Any]) -> bool:
        """A pack-wide `applies_when` is a fragment like any check's."""
        if "applies_when" not in pack:
            return True
        return self._fragment(document, "/applies_when/expect", pack["applies_when"]["expect"])

    def _check(
        self,
        document: Document,
        pointer: str,
        raw: dict[str, Any],
        pack_id: str,
        dimension: str | None,
    ) -> Check | None:
        ok = dimension is not None
        fragments: list[tuple[str, Any]] = [(k, raw[k]) for k in ("expect", "partial") if k in raw]
        if "applies_when" in raw:
            fragments.append(("applies_when/expect", raw["applies_when"]["expect"]))
        for key, fragment in fragments:
            ok &= self._fragment(document, f"{pointer}/{key}", fragment)
        for key in ("title", "message", "missing", "rationale", "remediation"):
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
        problems = fragment_problems(fragment)
        for found in problems:
            self.problem(document, pointer + found.pointer, found.message, found.hint)
        return not problems

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
            by_dimension[check.dimension].append(quote_rules_in_force(check, self.parameters))
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


def _numbers(value: Any, pointer: str) -> Iterator[tuple[str, float]]:
    """Every number in a value (booleans are not numbers), with its pointer."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield pointer, value if isinstance(value, float) else _bounded_int(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, f"{pointer}/{escape_pointer_token(str(key))}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numbers(item, f"{pointer}/{index}")


def _bounded_int(value: int) -> float:
    """An integer as a float, or infinity when it is too large to be one (no OverflowError)."""
    return float(value) if abs(value) <= MAX_PARAMETER else math.inf


def quote_rules_in_force(check: Check, parameters: dict[str, Any]) -> Check:
    """The check with `{expect.…}`, `{partial.…}` and `{params.…}` in its title, rationale and
    remediation filled from the rules in force, after every pack's overrides: a funder who sets
    BL-08 to 12 months sees "12 months" everywhere the check is named (list, explain, SARIF,
    JUnit), never the built-in figure. Messages are filled the same way when a check runs."""
    rules = {"expect": check.expect, "partial": check.partial or {}, "params": parameters}
    templates = {
        key: check.templates.get(key, getattr(check, key))
        for key in ("title", "rationale", "remediation")
    }
    quoting = {key: text for key, text in templates.items() if "{" in text}
    return replace(
        check,
        templates=quoting,
        title=fill(templates["title"], rules),
        rationale=fill(templates["rationale"], rules),
        remediation=fill(templates["remediation"], rules),
    )


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


def load_rubrics(
    extra: Sequence[Path] = (), *, include_builtin: bool = True, prevalidated: bool = True
) -> RubricSet:
    """The built-in packs, then each of `extra` (files or folders of *.yaml) merged on top.

    The built-in packs come from their pre-validated form (`readiness.prevalidated`) when it
    matches the YAML files; `prevalidated=False` reads and checks the YAML itself. What the
    extra packs change from the built-in ones is listed in the result's `changes`.
    """
    base = None
    if include_builtin:
        base = _prevalidated_builtins() if prevalidated else None
        base = base if base is not None else _merge([(path, True) for path in builtin_files()])
    files = _pack_files(extra)
    if base is not None and not files:
        return base
    merger = _Merger(base)
    merged = _merge([(path, False) for path in files], merger)
    if base is None:
        return merged
    from readiness.pack_changes import pack_changes  # with a user's pack only

    return replace(merged, changes=pack_changes(base, merged, merger.authors))


def _merge(sources: list[tuple[Path, bool]], merger: _Merger | None = None) -> RubricSet:
    """Merge pack files in order; every problem in any of them raised at once."""
    merger = merger if merger is not None else _Merger()
    if not sources and merger.dimensions == {}:
        raise InputError(
            [Diagnostic(str(builtin_rubric_dir()), 0, 0, "no built-in rubric packs found")]
        )
    for path, builtin in sources:
        try:
            document = load_file(path, size_hint=PACK_SIZE_HINT)
        except InputError as error:
            merger.problems.extend(error.diagnostics)
            continue
        merger.add_pack(document, builtin=builtin)
    if merger.problems:
        from readiness.validate import sort_and_cap

        by_file: dict[str, list[Diagnostic]] = {}
        for problem in merger.problems:
            by_file.setdefault(problem.file, []).append(problem)
        raise InputError([d for file, found in by_file.items() for d in sort_and_cap(file, found)])
    return merger.result()


@cache
def _prevalidated_builtins() -> RubricSet | None:
    """The built-in packs from `builtin_packs.json`, if it was made from the YAML files here."""
    from readiness.prevalidated import (
        PREVALIDATED,
        REGENERATE,
        read_prevalidated,
        source_digests,
    )

    files = builtin_files()
    if not files:
        return None
    if PREVALIDATED.is_file():
        found = read_prevalidated(
            PREVALIDATED.read_text(encoding="utf-8"), builtin_rubric_dir(), source_digests(files)
        )
        if found is not None:
            return RubricSet(*found)
    # The YAML is read instead: slower, never wrong. Said once a process, on standard error, so
    # that whoever changed a pack knows why every run got slower, and what to run.
    sys.stderr.write(
        f"readiness: note: {PREVALIDATED.name} was not made from these rubric packs, so they are "
        f"read from YAML (slower); run `{REGENERATE}`\n"
    )
    return None


@cache
def builtin_rubrics() -> RubricSet:
    """The built-in packs, loaded and validated once per process."""
    return load_rubrics()
