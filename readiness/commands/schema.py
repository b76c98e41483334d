"""`readiness schema`: print a published JSON Schema."""

import enum
from typing import Annotated

import typer

from readiness.commands._common import print_document


class SchemaName(enum.StrEnum):
    project = "project"
    rubric = "rubric"
    result = "result"
    portfolio = "portfolio"
    config = "config"
    baseline = "baseline"
    diff = "diff"


def schema(
    name: Annotated[
        SchemaName,
        typer.Argument(
            help="Which schema to print: project, rubric, result, portfolio, config, baseline "
            "or diff.",
            metavar="[NAME]",
        ),
    ] = SchemaName.project,
) -> None:
    """Print a published JSON Schema (for editors, CI and other tools)."""
    from readiness.schemas import schema_text

    print_document(schema_text(name.value))
