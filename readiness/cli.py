"""The command line: parse options, call the core, choose a renderer, return an exit code.

Exit codes are a contract: 0 the gate passed (or every file is valid), 1 the gate failed,
2 a usage or input error. Heavy modules are imported inside the command that needs them.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from readiness import __version__

app = typer.Typer(
    name="readiness",
    help="Is a smart-factory project ready to go from pilot to production? What must be fixed?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_INPUT_ERROR = 2


class SchemaName(enum.StrEnum):
    project = "project"
    rubric = "rubric"
    result = "result"


class ValidateFormat(enum.StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readiness {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Is a smart-factory project ready to go from pilot to production? What must be fixed?"""


MaxBytes = Annotated[
    int,
    typer.Option("--max-bytes", min=1, help="Refuse project files larger than this many bytes."),
]


@app.command()
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Project files, or directories holding readiness.yaml files.", metavar="PATH..."
        ),
    ],
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="How to print the problems.")
    ] = ValidateFormat.text,
    max_bytes: MaxBytes = 1024 * 1024,
) -> None:
    """Check project files against the format; exit 0 if all are valid, 2 if any is not."""
    from readiness.discover import project_files
    from readiness.errors import InputError
    from readiness.loader import load_file
    from readiness.validate import validate_document

    files = project_files(paths)
    if not files:
        typer.echo("error: no project files found", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR)
    reports = []
    for path in files:
        try:
            problems = validate_document(load_file(path, max_bytes=max_bytes))
        except InputError as error:
            problems = error.diagnostics
        reports.append((str(path), problems))

    invalid = sum(1 for _, problems in reports if problems)
    if output_format is ValidateFormat.json:
        payload = {
            "files": [
                {"file": name, "valid": not problems, "problems": [p.as_dict() for p in problems]}
                for name, problems in reports
            ],
            "valid": invalid == 0,
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for name, problems in reports:
            for problem in problems:
                typer.echo(problem.render())
            if not problems:
                typer.echo(f"{name}: valid")
        if len(reports) > 1 or invalid:
            count = sum(len(problems) for _, problems in reports)
            typer.echo(
                f"{len(reports)} file{'s' if len(reports) != 1 else ''} checked: "
                f"{len(reports) - invalid} valid, {invalid} with problems ({count} in all)"
            )
    raise typer.Exit(EXIT_INPUT_ERROR if invalid else EXIT_OK)


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which schema to print.")] = SchemaName.project,
) -> None:
    """Print a published JSON Schema (for editors, CI and other tools)."""
    from readiness.schemas import schema_text

    sys.stdout.write(schema_text(name.value))


def main() -> None:
    """Console-script entry point."""
    app()
