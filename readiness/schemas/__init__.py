"""The published JSON Schemas (project file, rubric pack, result, portfolio, configuration,
baseline, diff), shipped as package data. The portfolio schema is published with the result
schema embedded in it (under `$defs/result`), so that it is one self-contained file and the two
can never disagree."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

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
