"""Configuration: a programme's defaults in `.readiness.yaml` or `[tool.readiness]` of a
`pyproject.toml`, found from the working directory upwards, and the settings in force once
command-line flags (which always win) are laid over them.

`find_config` looks for the file, `load_config` reads and validates it (every problem at once,
each at its file:line, like a project file), and `resolve` merges defaults, the file and the
flags into `Settings`, remembering where each value came from so that `readiness config` can
say it. Paths in the file are relative to the file's folder, so a run gives the same answer from
any subfolder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.discover import DEFAULT_GLOBS
from readiness.errors import Diagnostic, InputError, truncate
from readiness.gate import GateInForce, GateSettings
from readiness.loader import DEFAULT_MAX_BYTES, Document, load_file, read_input
from readiness.model import BAND_NAMES
from readiness.record import Record
from readiness.schemacheck import CompiledSchema
from readiness.schemas import load_schema
from readiness.validate import schema_diagnostics, sort_and_cap
from readiness.waivers import DEFAULT_MAX_TERM_MONTHS, WaiverPolicy

if TYPE_CHECKING:
    from readiness.baseline import Baseline, BaselinePolicy

CONFIG_NAMES = (".readiness.yaml", ".readiness.yml")
PYPROJECT = "pyproject.toml"
# A configuration file is a few hundred bytes; refuse anything absurd before reading it.
CONFIG_MAX_BYTES = 256 * 1024
CONFIG_SIZE_HINT = "a configuration is a few hundred bytes: is this the file you meant?"


@cache
def config_validator() -> CompiledSchema:
    """The configuration validator, built once."""
    return CompiledSchema(load_schema("config"))


def _is_repository_root(directory: Path) -> bool:
    return (directory / ".git").exists()


def _has_tool_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a `[tool.readiness]` table (read only when it may)."""
    try:
        text = read_input(pyproject, CONFIG_MAX_BYTES * 4).decode("utf-8", "replace")
    except OSError:
        return False
    return bool(re.search(r"^\s*\[\s*tool\s*\.\s*readiness\s*[\].]", text, re.MULTILINE))


def find_config(start: Path) -> Path | None:
    """The nearest `.readiness.yaml` (or `pyproject.toml` with `[tool.readiness]`) from `start`
    upwards, stopping at the repository root (a folder holding `.git`): a file above the
    repository is not the programme's and must not change its gate."""
    directory = start.resolve()
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            # There, even as something that cannot be read (a pipe, a broken link): it is
            # reported, never skipped, since skipping it would drop the programme's gate.
            if (folder / name).exists() or (folder / name).is_symlink():
                return folder / name
        if (folder / PYPROJECT).is_file() and _has_tool_table(folder / PYPROJECT):
            return folder / PYPROJECT
        if _is_repository_root(folder):
            return None
    return None


# --- reading --------------------------------------------------------------------------------


class ConfigFile(Record):
    """A validated configuration file: its data, where each key sits, and its folder."""

    path: Path
    display: str
    document: Document

    @property
    def data(self) -> dict[str, Any]:
        """The configuration as plain data."""
        data: dict[str, Any] = self.document.data
        return data

    @property
    def folder(self) -> Path:
        """Relative paths in the file are relative to this folder."""
        return self.path.parent

    def where(self, pointer: str) -> str:
        """`FILE:LINE` of a key, for `readiness config` and error messages."""
        line, _ = self.document.position(pointer)
        return f"{self.display}:{line}"


def _display(path: Path) -> str:
    """The path as a person in the working directory would type it: relative when the two
    share a folder below the root (`../projects`), else absolute (`/etc/readiness.yaml`)."""
    absolute = os.path.abspath(path)
    here = os.getcwd()
    if os.path.dirname(os.path.commonpath([absolute, here])) == os.path.commonpath(
        [absolute, here]
    ):
        return absolute  # nothing in common but the root
    return os.path.relpath(absolute, here)


def load_config(path: Path) -> ConfigFile:
    """Read and validate a configuration file; raise InputError with every problem, located."""
    display = _display(path)
    if path.name == PYPROJECT:
        document = _load_pyproject(path, display)
    elif _only_comments(path):
        document = Document(display, {})
    else:
        document = load_file(
            path, display=display, max_bytes=CONFIG_MAX_BYTES, size_hint=CONFIG_SIZE_HINT
        )
    if not isinstance(document.data, dict):
        raise InputError([Diagnostic(display, 1, 1, "the configuration must be a mapping")])
    problems = schema_diagnostics(document, config_validator())
    if problems:
        raise InputError(sort_and_cap(display, problems))
    config = ConfigFile(path, display, document)
    problems = paths_leaving_the_repository(config)
    if problems:
        raise InputError(sort_and_cap(display, problems))
    return config


def _repository_root(folder: Path) -> Path:
    """The repository holding `folder` (the nearest folder with `.git`), else `folder` itself."""
    for candidate in (folder, *folder.parents):
        if _is_repository_root(candidate):
            return candidate
    return folder


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


# What a report the configuration names may be called: the formats' own extensions, and plain
# text for the terminal and GitHub formats (which have none).
REPORT_SUFFIXES = (".md", ".markdown", ".json", ".sarif", ".xml", ".html", ".htm", ".txt", ".log")


def paths_leaving_the_repository(config: ConfigFile) -> list[Diagnostic]:
    """A located problem for each path in the file that leads outside its repository, and for
    each report it names that is not called as a report is (`.md`, `.json`, `.txt` …).

    In a pull request the configuration may be the author's. A report written outside the
    repository could replace any file the CI job can write, and one named `x.pth` in a Python's
    site-packages (even a `.venv` inside the repository) runs as Python at its next start: a
    report quotes the author's text at the start of a line. A pack, baseline or project path
    outside reads what is not the programme's. Links are followed, so one the branch planted
    cannot lead out either; a report at a link replaces the link, so its folder must stay inside.
    """
    folder = config.folder.resolve()
    root = os.path.realpath(_repository_root(folder))
    problems = []

    def problem(key: str, index: int | None, message: str, hint: str) -> None:
        pointer, where = (
            (f"/{key}", key) if index is None else (f"/{key}/{index}", f"{key}[{index}]")
        )
        line, column = config.document.position(pointer)
        problems.append(Diagnostic(config.display, line, column, message, where, hint))

    for key in ("paths", "rubrics", "baseline", "outputs"):
        value = config.data.get(key)
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        for position, item in enumerate(items):
            index = position if isinstance(value, list) else None
            target = item
            if key == "outputs":
                name, sep, rest = item.partition("=")
                target = rest if sep and "/" not in name and "." not in name else item
                where = os.path.join(os.path.realpath((folder / target).parent), Path(target).name)
                if not target.lower().endswith(REPORT_SUFFIXES):
                    problem(
                        key,
                        index,
                        f"'{truncate(item)}' is not named as a report is",
                        f"end the file name in one of {' '.join(REPORT_SUFFIXES)}",
                    )
                    continue
            else:
                where = os.path.realpath(folder / target)
            if not _inside(where, root):
                problem(
                    key,
                    index,
                    f"'{truncate(item)}' leads outside the repository ({truncate(where)})",
                    "a path in the configuration stays inside the repository it belongs to; "
                    "name a file elsewhere on the command line",
                )
    return problems


def _only_comments(path: Path) -> bool:
    """An empty configuration (or one with every line commented out) sets nothing."""
    try:
        head = read_input(path, CONFIG_MAX_BYTES + 1)
    except OSError:
        return False  # load_file reports it
    if len(head) > CONFIG_MAX_BYTES:
        return False  # too big to have read whole: load_file refuses it, whatever follows
    lines = head.decode("utf-8", "replace").splitlines()
    return all(not line.strip() or line.lstrip().startswith("#") for line in lines)


_TOML_ERROR_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_TOML_PART = r"""(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)"""
_TOML_KEY = re.compile(rf"^(\s*)({_TOML_PART}(?:\s*\.\s*{_TOML_PART})*)\s*=")


def _toml_key_parts(text: str) -> list[str]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", text)
    return [next(p for p in groups if p) if any(groups) else "" for groups in parts]


def _toml_positions(text: str) -> dict[str, tuple[int, int]]:
    """Where each key of the `[tool.readiness]` table sits: tomllib keeps no positions, so
    headers and `key =` lines are found by a small scan (a key inside an inline table or a
    multi-line value is located at the line of the key that holds it)."""
    positions: dict[str, tuple[int, int]] = {}
    table: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(line)
        if header and not line.lstrip().startswith("[["):
            parts = _toml_key_parts(header.group(1))
            table = parts[2:] if parts[:2] == ["tool", "readiness"] else None
            if table is not None:
                pointer = "".join(f"/{part}" for part in table)
                positions.setdefault(pointer, (number, 1))
            continue
        if line.lstrip().startswith("[["):
            table = None
            continue
        key = _TOML_KEY.match(line)
        if key and table is not None:
            pointer = "".join(f"/{part}" for part in [*table, *_toml_key_parts(key.group(2))])
            positions.setdefault(pointer, (number, len(key.group(1)) + 1))
    return positions


def _plain(value: Any) -> Any:
    """TOML values as the YAML loader gives them: dates and times as ISO text."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _load_pyproject(path: Path, display: str) -> Document:
    import tomllib

    try:
        raw = read_input(path, CONFIG_MAX_BYTES * 4 + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError([Diagnostic(display, 0, 0, f"cannot read the file: {reason}")]) from None
    text = raw.decode("utf-8", "replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_ERROR_POSITION.search(str(error))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
        message = _TOML_ERROR_POSITION.sub("", str(error)).strip()
        raise InputError(
            [Diagnostic(display, line, column, f"invalid TOML: {truncate(message)}")]
        ) from None
    table = data.get("tool", {}).get("readiness", {})
    return Document(display, _plain(table), _toml_positions(text))


# --- the settings in force -------------------------------------------------------------------


# Each setting, its default, and the flag that overrides it: the order `readiness config` shows.
DEFAULTS: dict[str, Any] = {
    "paths": (),
    "globs": DEFAULT_GLOBS,
    "format": "terminal",
    "outputs": (),
    "rubrics": (),
    "as_of": None,
    "max_bytes": DEFAULT_MAX_BYTES,
    "jobs": None,
    "baseline": None,
    "gate.fail_on": "not_ready",
    "gate.fail_under": None,
    "gate.min_level": None,
    "gate.min_bands": {},
    "gate.baseline_max_age_days": 90,
    "gate.baseline_problems": "refuse",
    "waivers.max_term_months": DEFAULT_MAX_TERM_MONTHS,
    "waivers.allow_blockers": False,
    "waivers.approvers": None,
    "waivers.allow_self_approval": False,
}
FLAGS: dict[str, str] = {
    "paths": "PATH",
    "globs": "--glob",
    "format": "--format",
    "outputs": "--output",
    "rubrics": "--rubrics",
    "as_of": "--as-of",
    "max_bytes": "--max-bytes",
    "jobs": "--jobs",
    "baseline": "--baseline",
    "gate.fail_on": "--fail-on",
    "gate.fail_under": "--fail-under",
    "gate.min_level": "--min-level",
}
# The settings that change a judgement: every report names those not at their defaults.
GATE_IN_FORCE_KEYS = (
    "gate.fail_on",
    "gate.fail_under",
    "gate.min_level",
    "gate.min_bands",
    "waivers.max_term_months",
    "waivers.allow_blockers",
    "waivers.approvers",
    "waivers.allow_self_approval",
    "as_of",
    "rubrics",
    "gate.baseline_max_age_days",
    "gate.baseline_problems",
)
# Settings whose values are paths relative to the configuration file's folder.
PATH_SETTINGS = frozenset({"paths", "rubrics", "baseline"})


class Settings(Record):
    """The settings in force and where each came from (`default`, `FILE:LINE` or a flag)."""

    values: Mapping[str, Any]
    sources: Mapping[str, str]
    config: ConfigFile | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def gate(self) -> GateSettings:
        """What fails the gate."""
        return GateSettings(
            fail_on=self.values["gate.fail_on"],
            fail_under=self.values["gate.fail_under"],
            min_level=self.values["gate.min_level"],
            min_bands=dict(self.values["gate.min_bands"]),
        )

    @property
    def baseline_policy(self) -> BaselinePolicy:
        """Which baselines the programme accepts, and whether a doubtful one is refused."""
        from readiness.baseline import BaselinePolicy

        return BaselinePolicy(
            max_age_days=self.values["gate.baseline_max_age_days"],
            on_problem=self.values["gate.baseline_problems"],
        )

    def gate_in_force(
        self, baseline: Baseline | None = None, today: date | None = None, *, honour: bool = True
    ) -> GateInForce:
        """What every report says about the gate: each setting that can change a judgement
        and differs from the defaults, with where it came from; the baseline; `--no-waivers`."""
        changed = tuple(
            (key, describe_value(key, self.values[key]), self.sources[key])
            for key in GATE_IN_FORCE_KEYS
            if self.sources.get(key, "default") != "default" and self.values[key] != DEFAULTS[key]
        )
        notes: list[str] = []
        if not honour:
            notes.append("waivers: none honoured (--no-waivers)")
        described = None
        if baseline is not None:
            described = baseline.describe(today)
            notes.extend(f"baseline flagged: {flag}" for flag in baseline.flags)
        return GateInForce(
            changed, described, tuple(notes), baseline.file if baseline is not None else None
        )

    def waiver_policy(self, *, honour: bool = True) -> WaiverPolicy:
        """Which waivers are honoured (`honour=False` is `--no-waivers`)."""
        approvers = self.values["waivers.approvers"]
        return WaiverPolicy(
            max_term_months=self.values["waivers.max_term_months"],
            allow_blockers=self.values["waivers.allow_blockers"],
            approvers=tuple(approvers) if approvers is not None else None,
            honour=honour,
            allow_self_approval=self.values["waivers.allow_self_approval"],
        )

    @property
    def as_of(self) -> date | None:
        """The date to treat as today, if one is set."""
        value = self.values["as_of"]
        return date.fromisoformat(value) if isinstance(value, str) else value

    def check_dimensions(self, dimension_ids: Sequence[str]) -> list[Diagnostic]:
        """A located problem for each `gate.min_bands` key that names no dimension in force
        (a typo must not silently gate nothing)."""
        import difflib

        if self.sources.get("gate.min_bands", "default") == "default" or self.config is None:
            return []
        problems = []
        for name in self.values["gate.min_bands"]:
            if name in dimension_ids:
                continue
            line, column = self.config.document.position(f"/gate/min_bands/{name}")
            close = difflib.get_close_matches(name, list(dimension_ids), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"one of: {', '.join(dimension_ids)}"
            problems.append(
                Diagnostic(
                    self.config.display,
                    line,
                    column,
                    f"'{truncate(name)}' is not a dimension of the packs in force",
                    f"gate.min_bands.{truncate(name)}",
                    hint,
                )
            )
        return problems


def _from_file(config: ConfigFile) -> dict[str, tuple[Any, str]]:
    """Each setting the file sets, with its value (paths made usable from here) and line."""
    found: dict[str, tuple[Any, str]] = {}
    for key in DEFAULTS:
        head, _, tail = key.partition(".")
        section = config.data if not tail else config.data.get(head)
        name = tail or head
        if not isinstance(section, dict) or name not in section:
            continue
        value = section[name]
        pointer = f"/{head}/{tail}" if tail else f"/{head}"
        if key in PATH_SETTINGS:
            value = _relative_to(config.folder, value)
        elif key == "outputs":
            value = tuple(_output_relative_to(config.folder, item) for item in value)
        elif isinstance(value, list):
            value = tuple(value)
        found[key] = (value, config.where(pointer))
    return found


def _relative_to(folder: Path, value: str | list[str]) -> str | tuple[str, ...]:
    if isinstance(value, list):
        return tuple(_display(folder / item) for item in value)
    return _display(folder / value)


def _output_relative_to(folder: Path, item: str) -> str:
    """`FORMAT=PATH` or `PATH`, with PATH made relative to the configuration's folder."""
    name, sep, path = item.partition("=")
    if sep and "/" not in name and "." not in name:
        return f"{name}={_display(folder / path)}"
    return _display(folder / item)


def resolve(config: ConfigFile | None, flags: Mapping[str, Any]) -> Settings:
    """Defaults, then the configuration file, then the flags given (None means not given)."""
    values = dict(DEFAULTS)
    sources = dict.fromkeys(DEFAULTS, "default")
    if config is not None:
        for key, (value, where) in _from_file(config).items():
            values[key] = value
            sources[key] = where
    for key, value in flags.items():
        if value is None or (key in ("paths", "outputs", "rubrics", "globs") and not value):
            continue
        values[key] = tuple(value) if isinstance(value, list) else value
        sources[key] = FLAGS.get(key, key)
    return Settings(values, sources, config)


def settings_for(start: Path, flags: Mapping[str, Any], config_path: Path | None) -> Settings:
    """The settings in force for a run in `start`: `config_path` if given, else the nearest
    configuration file, then the flags. Raises InputError for a broken configuration file."""
    path = config_path if config_path is not None else find_config(start)
    return resolve(load_config(path) if path is not None else None, flags)


def describe_value(key: str, value: Any) -> str:
    """A setting's value as `readiness config` prints it."""
    if key == "jobs" and value is None:
        return "one per core, when there are enough files"
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    if key == "gate.min_bands":
        if not value:
            return "none"
        return ", ".join(
            f"{name} ≥ {band} ({BAND_NAMES.get(band, '')})" for name, band in value.items()
        )
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value)) if value else "none"
    return str(value)


def settings_text(settings: Settings) -> str:
    """What `readiness config` prints: the file in force, then each setting, its value and
    where it came from."""
    where = settings.config.display if settings.config is not None else "none found"
    rows = [
        (key, describe_value(key, settings.values[key]), settings.sources[key]) for key in DEFAULTS
    ]
    width = max(len(key) for key in DEFAULTS)
    value_width = max(len(value) for _, value, _ in rows)
    lines = [f"configuration: {where}", f"{'setting':<{width}}  {'value':<{value_width}}  from"]
    lines += [f"{key:<{width}}  {value:<{value_width}}  {source}" for key, value, source in rows]
    return "\n".join(lines) + "\n"


def settings_json(settings: Settings) -> dict[str, Any]:
    """The same as data: `{"file": ..., "settings": {key: {"value": ..., "source": ...}}}`."""

    def plain(value: Any) -> Any:
        return list(value) if isinstance(value, tuple) else value

    return {
        "file": settings.config.display if settings.config is not None else None,
        "settings": {
            key: {"value": plain(settings.values[key]), "source": settings.sources[key]}
            for key in DEFAULTS
        },
    }
