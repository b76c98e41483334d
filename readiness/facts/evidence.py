"""Evidence confidence: how much of the cited evidence is measured or documented, and there.

The register's entries are weighed once (`FactInputs.evidence`): a relative-path reference must
name a file inside the project's repository (asked of the file system, never opened); a
reference that cannot be checked (no ref, an absolute path, a `file:` URI, a path leaving the
repository) counts as unchecked, whatever kind it claims to be.
"""

from __future__ import annotations

from readiness.facts.common import (
    Fact,
    FactFunction,
    FactInputs,
    json_pointer,
    named_list,
)
from readiness.vocabulary import STRONG_EVIDENCE


def evidence_confidence(inputs: FactInputs) -> Fact | None:
    """The share of cited evidence that is measured or documented and can be found.

    Measured beats documented beats estimated beats asserted; a citation of a file that is not in
    the repository, or of a reference nobody can check, is an assertion, whatever kind it claims
    to be. Only evidence can raise this figure: nothing else the author writes does.
    """
    register = inputs.evidence
    cited = list(dict.fromkeys(evidence_id for _, evidence_id in inputs.citations))
    strong = sum(
        1
        for evidence_id in cited
        if (entry := register.get(evidence_id)) is not None
        and entry.kind in STRONG_EVIDENCE
        and entry.counts
    )

    def listed(standing: str, key: str) -> tuple[list[str], dict[str, str]]:
        return named_list(
            (
                (entry_id, json_pointer("evidence", entry.index))
                for entry_id, entry in register.items()
                if entry.standing == standing
            ),
            key,
        )

    missing_files, missing_sources = listed("missing", "missing_files")
    unchecked_ids, unchecked_sources = listed("unchecked", "unchecked")
    unchecked = [{"id": entry_id, "why": register[entry_id].why} for entry_id in unchecked_ids]
    value = {
        "share": strong / len(cited) if cited else 0.0,
        "cited": len(cited),
        "strong": strong,
        "missing_files": missing_files,
        "unchecked": unchecked,
    }
    return Fact(value, ("/evidence",), {**missing_sources, **unchecked_sources})


REGISTRY: tuple[tuple[str, FactFunction], ...] = (("evidence_confidence", evidence_confidence),)
