"""What every fact module shares: the Fact record, its inputs, parameter defaults and readers."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from readiness.citations import evidence_citations
from readiness.paths import dotted_path
from readiness.pointers import escape_pointer_token
from readiness.record import Record


class Fact(Record):
    """One derived value and the document pointers it was derived from.

    `sources` run most specific first, so a finding points at the user's line. `item_sources`
    maps a pointer relative to the value (`/short_windows/0`) to the document item it names
    (`/systems/3`).

    A fact whose inputs are absent has the value None (see `absent`): its check reports
    `missing`, located at `sources`, naming in `needs` the keys to add (`business_case.capex`)
    and, in `reason`, why it cannot be judged yet when that is not simply a gap in the file
    ("no pilot yet").
    """

    value: Any
    sources: tuple[str, ...]
    item_sources: Mapping[str, str] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    reason: str | None = None


def absent(sources: Iterable[str], needs: Iterable[str], reason: str | None = None) -> Fact:
    """A fact that cannot be worked out: where to add what is missing, and what to add."""
    return Fact(None, tuple(sources), needs=tuple(dict.fromkeys(needs)), reason=reason)


def items_lacking(where: tuple[str, ...], indices: Iterable[int], key: str) -> Fact:
    """An absent fact for the list items at `where` that lack `key`: it points at each item
    (then at the section) and names `where[k].key` for each, so the advice says what to add."""
    indices = tuple(indices)
    # Spelt once and joined per item (what json_pointer and key_path would give for each:
    # an index is spelt the same whatever surrounds it); 10,916 items lacking a key each
    # spelt their whole path twice.
    pointer, path, after = json_pointer(*where), key_path(*where), key_path("x", key)[1:]
    return absent(
        (*(f"{pointer}/{k}" for k in indices), f"/{where[0]}"),
        (f"{path}[{k}]{after}" for k in indices),
    )


def key_path(*tokens: str | int) -> str:
    """The key as the user writes it: `business_case.benefits[1].annual`."""
    return dotted_path(tokens)


def label(item: Mapping[str, Any], key: str, noun: str, index: int) -> str:
    """An item's name (its `key`), or `noun #n` (1-based) when it has none, so no item is lost."""
    return as_text(item.get(key)) or f"{noun} #{index + 1}"


DEFAULT_PARAMETERS: dict[str, Any] = {
    # baseline
    "annualise_weeks": 52,
    "pilot_promise_min_share": 0.5,
    # integration
    "legacy_age_years": 15,
    "pilot_kinds_exempt": ["erp", "cloud", "network", "other"],
    "closed_protocols": ["proprietary", "manual", "file"],
    "integration_routes": ["adapter", "retrofit", "replace"],
    # funding
    "horizon_default_years": 5,
    "capex_uplift": 0.5,
    "schedule_uplift": 0.25,
    "benefit_shortfall": 0.3,
    "contingency_credit_cap": 0.2,
    # knowledge
    "knowledge_kinds": ["system", "equipment", "process"],
    # traceability
    "passport_date": "2027-02-18",
    "passport_categories": ["ev", "lmt"],
    "passport_industrial_min_kwh": 2,
    "due_diligence_date": "2027-08-18",
    "due_diligence_turnover_eur": 40_000_000,
    "covered_materials": ["cobalt", "lithium", "nickel", "natural_graphite"],
    "requirement_keywords": {
        "battery passport": ["passport"],
        "due diligence": ["due diligence", "due-diligence"],
    },
    # the verdict (scoring.VerdictRule): when gaps without a blocker are more than conditions
    "conditional_max_open_highs": 5,
    "conditional_max_weak_dimensions": 1,
    "conditional_weak_band": 1,
    "not_ready_claim_deviation": 0.25,
}


EvidenceStanding = Literal["file", "reference", "missing", "unchecked"]


class EvidenceEntry(Record):
    """One register entry as the facts weigh it.

    `standing`: `file` (a path found in the repository), `reference` (a URL or a document
    reference, taken as written), `missing` (a path not found) or `unchecked` (a reference that
    cannot be checked: no ref, an absolute path, a `file:` URI, a path leaving the repository;
    `why` says which). Only a file or a reference can count as evidence.
    """

    index: int
    kind: str | None
    standing: EvidenceStanding
    why: str = ""

    @property
    def counts(self) -> bool:
        """Whether the entry can stand as evidence at all (its kind then decides how strong)."""
        return self.standing in ("file", "reference")


class FactInputs(Record):
    """Everything a fact may look at: the project data, the merged parameters, today, the folder.

    `base_dir` is the project file's folder; without it, relative evidence paths are not checked
    (they count as references). The evidence register and the citations are read once, however
    many facts look at them.
    """

    data: Mapping[str, Any]
    params: Mapping[str, Any]
    as_of: date
    base_dir: Path | None = None
    cited: tuple[tuple[str, str], ...] | None = None
    refs: RefLookup | None = None

    @cached_property
    def citations(self) -> tuple[tuple[str, str], ...]:
        """(pointer, evidence id) for every citation in the file: the one walk of them (`cited`,
        when the caller has walked them already)."""
        if self.cited is not None:
            return self.cited
        return tuple(evidence_citations(self.data))

    @cached_property
    def evidence(self) -> dict[str, EvidenceEntry]:
        """The register by id (the first of a duplicate id), each entry with its standing
        (looked up through `refs`, when the caller shares its lookups)."""
        found: dict[str, EvidenceEntry] = {}
        refs = self.refs if self.refs is not None else RefLookup(self.base_dir)
        for k, entry in items_at(self.data, "evidence"):
            entry_id = as_text(entry.get("id"))
            if entry_id is None or entry_id in found:
                continue
            standing, why = refs.standing(entry.get("ref"))
            found[entry_id] = EvidenceEntry(k, as_text(entry.get("kind")), standing, why)
        return found


FactFunction = Callable[[FactInputs], Fact | None]


# --- evidence references ---------------------------------------------------------------------

_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_FILE_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,5}$")


def _looks_like_path(ref: str) -> bool:
    """A reference that names a file rather than a URL or a document title.

    Ends with a file extension (`evidence/mes q1.csv`), starts like a path (`./`, `../`, `/`,
    `~`, a drive letter), or holds a separator and no space (`evidence/mes-q1`). A title with a
    slash in it (`Jan/Apr 2026 export`) stays a document reference.
    """
    if ref.startswith(("./", "../", ".\\", "..\\", "/", "\\", "~")) or _DRIVE.match(ref):
        return True
    if "://" in ref:
        return False
    if _FILE_EXTENSION.search(ref):
        return True
    return ("/" in ref or "\\" in ref) and not any(char.isspace() for char in ref)


def _repository_root(base_dir: Path) -> Path:
    """The nearest folder at or above base_dir holding `.git`, else base_dir itself."""
    for folder in (base_dir, *base_dir.parents):
        if (folder / ".git").exists():
            return folder
    return base_dir


class FolderResolver:
    """`Path.resolve()` one component at a time, each folder resolved once: a register of
    thousands of refs a hundred folders deep costs one look per distinct folder, not one per
    folder of every ref (issue 18). The result is what `(base / relative).resolve()` gives:
    a symbolic link is followed where it stands, and `..` climbs from where a link led. Plain
    strings, not `Path` objects: this runs once per evidence entry."""

    def __init__(self) -> None:
        self.resolved: dict[tuple[str, str], str] = {}

    def resolve(self, base: str, relative: str) -> str:
        """`(base / relative).resolve()`, for a resolved `base` and a relative path."""
        here = base
        for part in relative.split("/"):
            if part in ("", "."):
                continue
            key = (here, part)
            found = self.resolved.get(key)
            if found is None:
                if part == "..":
                    found = os.path.dirname(here)
                else:
                    found = os.path.join(here, part)
                    if os.path.islink(found):
                        found = str(Path(found).resolve())
                self.resolved[key] = found
            here = found
        return here


def ref_standing(
    ref: Any, base_dir: Path | None, root: Path | None, folders: FolderResolver | None = None
) -> tuple[EvidenceStanding, str]:
    """How far an evidence `ref` can be checked, and why not when it cannot (never opened).
    `folders` shares the folders resolved for earlier refs."""
    if as_text(ref) is None:
        return "unchecked", "no ref"
    text = str(ref).strip()
    if text.lower().startswith("file:"):
        return "unchecked", "a file: URI cannot be checked"
    if text.startswith(("/", "\\", "~")) or _DRIVE.match(text):
        return "unchecked", "an absolute path cannot be checked"
    if not _looks_like_path(text) or _URI_SCHEME.match(text):
        return "reference", ""
    if base_dir is None or root is None:
        return "reference", ""
    try:
        target = (folders or FolderResolver()).resolve(str(base_dir), text.replace("\\", "/"))
        top = str(root)
        if target != top and not target.startswith(top.rstrip(os.sep) + os.sep):
            return "unchecked", "the path leaves the repository"
        return ("file", "") if os.path.isfile(target) else ("missing", "")
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte, a name too long
        return "missing", ""


class RefLookup:
    """Evidence refs' standings from one project file's folder: the repository root found
    once, each folder resolved once and each ref looked up once, however many entries cite it
    (one export cited by many) and whoever asks: the facts, and the files a report must never
    replace (`evidence_files`), which looked every ref up a second time."""

    def __init__(self, base_dir: Path | None) -> None:
        self.base_dir = self.root = None
        if base_dir is not None:
            try:
                self.base_dir = base_dir.resolve()
                self.root = _repository_root(self.base_dir)
            except (OSError, RuntimeError):
                self.base_dir = self.root = base_dir.absolute()
        self.folders = FolderResolver()
        self.looked_up: dict[str, tuple[EvidenceStanding, str]] = {}

    def standing(self, ref: Any) -> tuple[EvidenceStanding, str]:
        """`ref_standing` of `ref` from this folder."""
        if not isinstance(ref, str):
            return ref_standing(ref, self.base_dir, self.root, self.folders)
        found = self.looked_up.get(ref)
        if found is None:
            found = ref_standing(ref, self.base_dir, self.root, self.folders)
            self.looked_up[ref] = found
        return found


def standing_from(ref: Any, folder: Path) -> EvidenceStanding:
    """`ref_standing` of a reference in a file that lies in `folder`, inside its repository."""
    return ref_standing(ref, folder, _repository_root(folder))[0]


def evidence_files(data: Any, folder: Path, refs: RefLookup | None = None) -> list[Path]:
    """The files a project's evidence register cites that exist (found as the facts find them,
    from `folder`, the project file's resolved folder, within its repository): inputs a report
    must never replace. Linear in the register; `refs` shares the facts' lookups."""
    if not isinstance(data, dict):
        return []
    refs = refs if refs is not None else RefLookup(folder)
    found = []
    for _, entry in items_at(data, "evidence"):
        ref = entry.get("ref")
        if isinstance(ref, str) and refs.standing(ref)[0] == "file":
            found.append(folder / ref.strip().replace("\\", "/"))
    return found


# --- reading sparse data ------------------------------------------------------------------------


def json_pointer(*tokens: str | int) -> str:
    """A JSON pointer built from its reference tokens."""
    return "".join(f"/{escape_pointer_token(str(token))}" for token in tokens)


def section(data: Mapping[str, Any], *keys: str) -> Mapping[str, Any] | None:
    """The mapping at data[keys[0]][keys[1]]..., or None when any step is absent."""
    node: Any = data
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else None


def list_at(node: Mapping[str, Any] | None, key: str) -> list[Any] | None:
    """The list at node[key], or None when it is absent."""
    value = node.get(key) if node is not None else None
    return value if isinstance(value, list) else None


def items_at(node: Mapping[str, Any] | None, key: str) -> list[tuple[int, Mapping[str, Any]]]:
    """(index, item) for each mapping in the list at node[key]; empty when the list is absent."""
    return [
        (i, item) for i, item in enumerate(list_at(node, key) or []) if isinstance(item, Mapping)
    ]


def as_number(value: Any) -> float | None:
    """A finite int or float; booleans (which Python counts as ints) and text are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return value if math.isfinite(value) else None
    except OverflowError:  # an integer beyond a float's range cannot take part in a ratio
        return None


def as_text(value: Any) -> str | None:
    """Non-blank text; a blank owner, gate or trigger names nothing."""
    return value if isinstance(value, str) and value.strip() else None


def as_bool(value: Any) -> bool | None:
    """True or False as written; anything else (absent included) is neither."""
    return value if isinstance(value, bool) else None


def statements(
    data: Mapping[str, Any], where: tuple[str, ...], readers: Mapping[str, Callable[[Any], Any]]
) -> Fact:
    """The keys of one section, each read as its reader says (`as_bool`, `as_text`, `as_date`),
    or an absent fact naming those not given: a flag left out is neither true nor false."""
    node = section(data, *where) or {}
    value = {key: read(node.get(key)) for key, read in readers.items()}
    needs = [key_path(*where, key) for key, read_value in value.items() if read_value is None]
    parents = [json_pointer(*where[:n]) for n in range(len(where), 0, -1)]
    if needs:
        return absent(parents, needs)
    shown = {key: v.isoformat() if isinstance(v, date) else v for key, v in value.items()}
    return Fact(shown, tuple(parents))


def no_pilot_yet(data: Mapping[str, Any]) -> str | None:
    """Why pilot evidence cannot exist yet (`project.stage: idea`), or None.

    Before a pilot exists, checks on what the pilot showed are not failed but not yet evidenced.
    """
    project = section(data, "project")
    if project is not None and project.get("stage") == "idea":
        return "no pilot yet (project.stage is idea)"
    return None


def pilot_scope(data: Mapping[str, Any], where: tuple[str, ...], key: str) -> str | None:
    """How to name the pilot a scope flag (`in_pilot`, `used_in_pilot`) describes: `the pilot`,
    or `the planned pilot` before one exists; None when the project is at `stage: idea` and no
    item of `where` states the flag yet (nothing declared, nothing to judge).

    A project that declares its planned pilot scope is judged on it at every stage: the same
    data must not pass at `stage: pilot` and be told to "add" what it has at `stage: idea`.
    """
    if no_pilot_yet(data) is None:
        return "the pilot"
    items = items_at(section(data, *where[:-1]), where[-1])
    declared = any(as_bool(item.get(key)) is not None for _, item in items)
    return "the planned pilot" if declared else None


def as_strings(value: Any) -> list[str]:
    """The distinct strings of a list, in document order (an absent list gives none)."""
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(item for item in value if isinstance(item, str)))


def as_date(value: Any) -> date | None:
    """An ISO date (YYYY-MM-DD); anything else counts as absent."""
    if isinstance(value, date):  # a caller that loaded YAML with timestamps resolved
        return value if type(value) is date else date(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def safe_ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is zero or the result not finite."""
    if denominator == 0:
        return None
    result = numerator / denominator
    return result if math.isfinite(result) else None


def index_by_id(items: Iterable[tuple[int, Mapping[str, Any]]]) -> dict[str, Mapping[str, Any]]:
    """Items by their `id`, the first one winning (duplicate ids are a validation error)."""
    found: dict[str, Mapping[str, Any]] = {}
    for _, item in items:
        item_id = item.get("id")
        if isinstance(item_id, str):
            found.setdefault(item_id, item)
    return found


def named_list(
    entries: Iterable[tuple[str | None, str]], value_key: str | None = None
) -> tuple[list[str], dict[str, str]]:
    """A list of names with item_sources mapping each position to its document pointer.

    `entries` are (name, document pointer); nameless entries are skipped so positions stay true.
    `value_key` is the key of the list inside an object fact (None for a list-valued fact).
    """
    names: list[str] = []
    item_sources: dict[str, str] = {}
    for name, source in entries:
        if name is None:
            continue
        position = (
            json_pointer(len(names)) if value_key is None else json_pointer(value_key, len(names))
        )
        item_sources[position] = source
        names.append(name)
    return names, item_sources


# --- parameters (a pack may set any of them; a wrong type falls back to the default) -------------


def param_number(params: Mapping[str, Any], name: str) -> float:
    value = as_number(params.get(name))
    return value if value is not None else float(DEFAULT_PARAMETERS[name])


def param_strings(params: Mapping[str, Any], name: str) -> list[str]:
    value = params.get(name)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return list(DEFAULT_PARAMETERS[name])


def param_date(params: Mapping[str, Any], name: str) -> date:
    parsed = as_date(params.get(name))
    return parsed if parsed is not None else date.fromisoformat(DEFAULT_PARAMETERS[name])


def param_keywords(params: Mapping[str, Any], name: str) -> dict[str, list[str]]:
    """Keywords per requirement; a pack that names only some requirements keeps the others'."""
    keywords = {key: list(words) for key, words in DEFAULT_PARAMETERS[name].items()}
    value = params.get(name)
    if isinstance(value, Mapping):
        keywords.update(
            {key: as_strings(words) for key, words in value.items() if isinstance(key, str)}
        )
    return keywords
