"""Evidence confidence: how much of the cited evidence is measured or documented, and there.

The one fact that touches the file system: it asks whether a relative-path evidence reference
names a file inside the project's repository (never opening it).
"""

from __future__ import annotations

import re
from pathlib import Path

from readiness.citations import evidence_citations
from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    as_text,
    items_at,
    json_pointer,
    named_list,
)

_STRONG_EVIDENCE = frozenset({"measured", "documented"})
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_FILE_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,5}$")


def _looks_like_relative_path(ref: str) -> bool:
    """A reference that names a file next to the project rather than a URL or a document title."""
    if not ref or "://" in ref or any(char.isspace() for char in ref):
        return False
    if ref.startswith(("/", "\\")) or _URI_SCHEME.match(ref):  # absolute, drive letter or URI
        return False
    return "/" in ref or "\\" in ref or bool(_FILE_EXTENSION.search(ref))


def _repository_root(base_dir: Path) -> Path:
    """The nearest folder at or above base_dir holding `.git`, else base_dir itself."""
    for folder in (base_dir, *base_dir.parents):
        if (folder / ".git").exists():
            return folder
    return base_dir


def _file_in_repository(ref: str, base_dir: Path, root: Path) -> bool:
    """Whether ref names an existing file that stays inside the repository (never opened)."""
    try:
        target = (base_dir / ref.replace("\\", "/")).resolve()
        return target.is_relative_to(root) and target.is_file()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte, a name too long
        return False


def evidence_confidence(inputs: FactInputs) -> Fact | None:
    """The share of cited evidence that is measured or documented and, if a file, actually there.

    Measured beats documented beats estimated beats asserted; a citation of a file that is not in
    the repository (or that points outside it) is an assertion, whatever kind it claims to be.
    """
    register = items_at(inputs.data, "evidence")
    missing_at: set[int] = set()
    if inputs.base_dir is not None:
        try:
            base_dir = inputs.base_dir.resolve()
            root = _repository_root(base_dir)
        except (OSError, RuntimeError):
            base_dir = root = inputs.base_dir.absolute()
        for k, entry in register:
            ref = entry.get("ref")
            if (
                isinstance(ref, str)
                and _looks_like_relative_path(ref)
                and not _file_in_repository(ref, base_dir, root)
            ):
                missing_at.add(k)
    first_entry: dict[str, int] = {}
    for k, entry in register:
        if isinstance(entry_id := entry.get("id"), str):
            first_entry.setdefault(entry_id, k)
    entries = dict(register)
    cited = list(dict.fromkeys(cited for _, cited in evidence_citations(inputs.data)))
    strong = sum(
        1
        for evidence_id in cited
        if (at := first_entry.get(evidence_id)) is not None
        and entries[at].get("kind") in _STRONG_EVIDENCE
        and at not in missing_at
    )
    missing_files, item_sources = named_list(
        (
            (as_text(entry.get("id")), json_pointer("evidence", k))
            for k, entry in register
            if k in missing_at
        ),
        "missing_files",
    )
    value = {
        "share": strong / len(cited) if cited else 0.0,
        "cited": len(cited),
        "strong": strong,
        "missing_files": missing_files,
    }
    return Fact(value, ("/evidence",), item_sources)


REGISTRY: tuple[tuple[str, FactFunction], ...] = (("evidence_confidence", evidence_confidence),)
