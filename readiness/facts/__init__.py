"""Derived facts: what JSON Schema cannot compute, each traced back to the lines it came from.

A check is a JSON Schema fragment at a pointer. What a fragment cannot say (ratios, sums, payback
under stress, dates against "today", links between sections) is computed here once, into
`/facts/<name>`. Facts measure, packs judge: a fact is a number, a list or an object of plain data,
never a verdict, and every threshold lives in a pack. A fact whose essential inputs are absent is
left out of the result, so its check reports `missing` instead of failing on a guess; inside an
object fact, a key whose inputs are absent is omitted (never null).

One module per dimension, beside its pack (`facts/baseline.py` for `rubrics/baseline.yaml`; the
funding pack's paybacks in `facts/payback.py`, beside `facts/funding.py`), with the shared
readers in `facts/common.py`. Everything is pure except `evidence.py`, which asks the
file system whether a relative-path evidence reference names a file in the project's repository.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from readiness.citations import evidence_citations
from readiness.facts import (
    baseline,
    evidence,
    funding,
    integration,
    knowledge,
    over_engineering,
    shop_floor,
    traceability,
)
from readiness.facts.common import DEFAULT_PARAMETERS, Fact, FactFunction, FactInputs, RefLookup

__all__ = ["DEFAULT_PARAMETERS", "FACT_REGISTRY", "Fact", "FactInputs", "derive_facts"]

# In dimension order, then evidence confidence: the order facts appear under /facts.
FACT_REGISTRY: tuple[tuple[str, FactFunction], ...] = (
    *baseline.REGISTRY,
    *shop_floor.REGISTRY,
    *integration.REGISTRY,
    *over_engineering.REGISTRY,
    *funding.REGISTRY,
    *knowledge.REGISTRY,
    *traceability.REGISTRY,
    *evidence.REGISTRY,
)


def _finite(value: Any) -> bool:
    """Whether every number inside value is finite (JSON has no NaN or infinity)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, Mapping):
        return all(_finite(item) for item in value.values())
    if isinstance(value, list):
        return all(_finite(item) for item in value)
    return True


class _Reads(Mapping[str, Any]):
    """The project data, noting which of its top-level keys are read (the path to ready
    re-derives only the facts that read a key its repairs edit)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.keys_read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.keys_read.add(key)
        return self.data[key]

    def __contains__(self, key: object) -> bool:
        self.keys_read.add(str(key))
        return key in self.data

    def __iter__(self) -> Iterator[str]:
        self.keys_read.add("*")  # every key
        return iter(self.data)

    def __len__(self) -> int:
        self.keys_read.add("*")
        return len(self.data)


def derive_facts(
    data: Mapping[str, Any],
    *,
    as_of: date,
    parameters: Mapping[str, Any],
    base_dir: Path | None = None,
    citations: tuple[tuple[str, str], ...] | None = None,
    only: Collection[str] | None = None,
    reads: dict[str, frozenset[str]] | None = None,
    refs: RefLookup | None = None,
) -> dict[str, Fact]:
    """Every fact that could be worked out or says what it lacks, by name, in registry order.

    A fact absent from the result has nothing to go on at all; one whose value is None names the
    keys to add (`Fact.needs`). Either way its check reports `missing`.

    `parameters` (the packs' merged parameters) win over DEFAULT_PARAMETERS. `data` has passed the
    project schema but may be sparse; `as_of` is "today"; `base_dir` is the project file's folder;
    `citations` the file's evidence citations when the caller has walked them already
    (`Document.citations`). `only` names the facts to work out (all by default); `reads`, when
    given, is filled with the top-level keys of `data` each fact worked out has read (`*` for
    all; the shared evidence register counted for every fact once any fact has weighed it).
    `refs` shares the evidence refs looked up from `base_dir` with the caller.
    """
    recorder = _Reads(data) if reads is not None else None
    if recorder is not None and citations is None:  # the walk reads everything, once
        citations = tuple(evidence_citations(data))
        recorder.keys_read.add("*")
    inputs = FactInputs(
        data=recorder if recorder is not None else data,
        params={**DEFAULT_PARAMETERS, **parameters},
        as_of=as_of,
        base_dir=base_dir,
        cited=citations,
        refs=refs,
    )
    facts: dict[str, Fact] = {}
    for name, compute in FACT_REGISTRY:
        if only is not None and name not in only:
            continue
        if recorder is not None:
            recorder.keys_read = set()
        try:
            fact = compute(inputs)
        except OverflowError:  # amounts beyond a float's range (the schema sets no maximum)
            fact = None
        if reads is not None and recorder is not None:
            reads[name] = frozenset(recorder.keys_read)
        if fact is not None and _finite(fact.value):
            facts[name] = fact
    if reads is not None and "evidence" in vars(inputs):
        # The register is weighed once, by the first fact that asks; every fact may have used
        # it since without reading the data, so every fact counts as reading what it read.
        for name in reads:
            reads[name] |= _REGISTER_READS
    return facts


_REGISTER_READS = frozenset({"evidence"})
"""What `FactInputs.evidence` reads of the data: the register, `evidence`."""
