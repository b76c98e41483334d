"""The published JSON Schemas (project file, rubric pack, result, portfolio, configuration,
baseline, diff), shipped as package data. The portfolio schema is published with the result
schema embedded in it (under `$defs/result`), so that it is one self-contained file and the two
can never disagree. A fragment of a rubric pack may refer to these and nothing else: both
schema libraries are given a registry of them that refuses anything else."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag

if TYPE_CHECKING:
    import referencing

SCHEMA_FILES = {
    "project": "project.schema.json",
    "rubric": "rubric.schema.json",
    "result": "result.schema.json",
    "portfolio": "portfolio.schema.json",
    "config": "config.schema.json",
    "baseline": "baseline.schema.json",
    "diff": "diff.schema.json",
}
# Published with other schemas embedded, each under `$defs/<name>` with its own `$id`.
EMBEDDED = {"portfolio": ("result",)}


@cache
def schema_text(name: str) -> str:
    """The schema as published, byte for byte."""
    # Beside this module (as rubric.py finds the packs): importlib.resources costs ~1.5 ms a run.
    text = Path(__file__).with_name(SCHEMA_FILES[name]).read_text(encoding="utf-8")
    if name not in EMBEDDED:
        return text
    schema = json.loads(text)
    for embedded in EMBEDDED[name]:
        schema["$defs"][embedded] = json.loads(schema_text(embedded))
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema as data; parsed once per process."""
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema


@cache
def published_schemas() -> dict[str, dict[str, Any]]:
    """The published schemas by their `$id`: the only documents a fragment may refer to."""
    found = {}
    for name in SCHEMA_FILES:
        schema = load_schema(name)
        found[str(schema["$id"])] = schema
    return found


def sealed_retriever(uri: str) -> Any:
    """jsonschema-rs's retriever: the published schemas, and nothing from anywhere else."""
    schema = published_schemas().get(urldefrag(uri).url)
    if schema is None:
        raise LookupError("references stay inside the pack and the published schemas")
    return schema


@cache
def sealed_registry() -> referencing.Registry[Any]:
    """Python jsonschema's registry: the published schemas, and a retrieve that refuses.

    Without it the Python library fetches an unknown `$ref` over HTTP (no timeout) or reads it
    from `file://`.
    """
    import referencing
    import referencing.exceptions
    from referencing.jsonschema import DRAFT202012

    def refuse(uri: str) -> referencing.Resource[Any]:
        raise referencing.exceptions.NoSuchResource(ref=uri)  # type: ignore[call-arg]

    resources = [(uri, DRAFT202012.create_resource(s)) for uri, s in published_schemas().items()]
    registry: referencing.Registry[Any] = referencing.Registry(retrieve=refuse)  # type: ignore[call-arg]
    return registry.with_resources(resources)
