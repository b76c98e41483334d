"""`readiness validate`: check project files against the format and the packs in force."""

import enum
from pathlib import Path
from typing import Annotated

import typer

from readiness.commands._common import (
    EXIT_INPUT_ERROR,
    EXIT_INTERNAL_ERROR,
    EXIT_OK,
    ConfigPath,
    Globs,
    OptionalMaxBytes,
    RubricPaths,
    debug_requested,
    discover_files,
    echo,
    internal_error_text,
    paths_in_force,
    print_document,
    rubrics_in_force,
    settings_in_force,
)


class ValidateFormat(enum.StrEnum):
    text = "text"
    json = "json"


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Project files, or directories holding readiness.yaml files (default: `paths` "
            "in the configuration).",
            metavar="PATH...",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="How to print the problems.")
    ] = ValidateFormat.text,
    rubrics: RubricPaths = None,
    max_bytes: OptionalMaxBytes = None,
    glob: Globs = None,
    config: ConfigPath = None,
) -> None:
    """Check project files against the format and the packs in force (waivers must name a
    check); exit 0 if all are valid, 2 if any is not."""
    import json

    from readiness.assess import project_problems
    from readiness.errors import Diagnostic, InputError, count_problems
    from readiness.loader import load_file
    from readiness.portfolio import ProjectIds
    from readiness.report.escape import json_text, plain_line

    settings = settings_in_force(
        config,
        {
            "paths": paths,
            "rubrics": [str(path) for path in rubrics or []],
            "max_bytes": max_bytes,
            "globs": glob,
        },
    )
    found = discover_files(paths_in_force(settings), list(settings["globs"]))
    files = found.files
    max_bytes = settings["max_bytes"]
    rubric_set = rubrics_in_force(settings)
    reports = []
    internal_errors = 0
    ids = ProjectIds()
    for path in files:
        try:
            document = load_file(path, max_bytes=max_bytes)
            problems = project_problems(document, rubric_set)
            if not problems and (
                duplicate := ids.claim(
                    str(document.data["project"]["id"]),
                    str(path),
                    document.position("/project/id"),
                )
            ):
                problems = [duplicate]
        except InputError as error:
            problems = error.diagnostics
        except Exception as error:  # a bug must not hide the other files' answers
            if debug_requested():
                raise
            internal_errors += 1
            problems = [Diagnostic(str(path), 0, 0, internal_error_text(error))]
        reports.append((str(path), problems))

    invalid = sum(1 for _, problems in reports if problems)
    if output_format is ValidateFormat.json:
        payload = {
            "files": [
                {
                    "file": name,
                    "valid": not problems,
                    # The problems shown end with a `… and N more` line past 100: this counts them
                    # all (at least this many where counting stopped), as the text summary does.
                    "problem_count": count_problems(problems)[0],
                    "problems": [p.as_dict() for p in problems],
                }
                for name, problems in reports
            ],
            "valid": invalid == 0,
        }
        print_document(json_text(json.dumps(payload, indent=2, ensure_ascii=False)) + "\n")
    else:
        for name, problems in reports:
            for problem in problems:
                echo(problem.render())
            if not problems:
                echo(f"{plain_line(name)}: valid")
        if len(reports) > 1 or invalid:
            counts = [count_problems(problems) for _, problems in reports]
            total = sum(count for count, _ in counts)
            at_least = "" if all(exact for _, exact in counts) else "at least "
            echo(
                f"{len(reports)} file{'s' if len(reports) != 1 else ''} checked: "
                f"{len(reports) - invalid} valid, {invalid} with problems "
                f"({at_least}{total:,} in all)"
            )
    if internal_errors:
        raise typer.Exit(EXIT_INTERNAL_ERROR)
    raise typer.Exit(EXIT_INPUT_ERROR if invalid or found.failed else EXIT_OK)
