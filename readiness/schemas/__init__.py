"""The published JSON Schemas (project file, rubric pack, result), shipped as package data."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_FILES = {
    "project": "project.schema.json",
    "rubric": "rubric.schema.json",
    "result": "result.schema.json",
}


@cache
def schema_text(name: str) -> str:
    """The schema as published, byte for byte."""
    return resources.files(__package__).joinpath(SCHEMA_FILES[name]).read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema as data; parsed once per process."""
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema
