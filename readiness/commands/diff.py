"""`readiness diff`: what changed between two assessments of a project."""

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from readiness.commands._common import (
    AsOf,
    ConfigPath,
    NoWaivers,
    OptionalMaxBytes,
    RubricPaths,
    fail_input,
    parse_date,
    rubric_set_for,
    settings_in_force,
)


class DiffFormat(enum.StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


def diff(
    old: Annotated[
        Path,
        typer.Argument(help="The earlier project file, or its saved JSON result.", metavar="OLD"),
    ],
    new: Annotated[
        Path,
        typer.Argument(help="The later project file, or its saved JSON result.", metavar="NEW"),
    ],
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="How to print the changes.")
    ] = DiffFormat.terminal,
    as_of: AsOf = None,
    rubrics: RubricPaths = None,
    no_waivers: NoWaivers = False,
    max_bytes: OptionalMaxBytes = None,
    config: ConfigPath = None,
) -> None:
    """What changed between two assessments of a project: verdict, level, score, each
    dimension's score and band, and the gaps closed, opened and changed (matched by check id).

    A project file is assessed as of --as-of with the packs in force; a `.json` file is a
    result saved with `readiness assess FILE -f json`. Exit 0, or 2 for an input error.
    """
    from readiness.assess import assess_path
    from readiness.diff import DIFF_FORMATTERS, compare, is_result_file, load_result, side_of
    from readiness.errors import InputError

    settings = settings_in_force(
        config,
        {
            "rubrics": [str(path) for path in rubrics or []],
            "as_of": as_of,
            "max_bytes": max_bytes,
        },
    )
    day = parse_date(settings["as_of"])
    try:
        rubric_set = rubric_set_for([Path(path) for path in settings["rubrics"]])
        sides = [
            load_result(path)
            if is_result_file(path)
            else side_of(
                assess_path(
                    path,
                    as_of=day,
                    rubrics=rubric_set,
                    max_bytes=settings["max_bytes"],
                    display=str(path),
                    waiver_policy=settings.waiver_policy(honour=not no_waivers),
                )
            )
            for path in (old, new)
        ]
    except InputError as error:
        raise fail_input(error) from None
    sys.stdout.write(DIFF_FORMATTERS[output_format.value](compare(*sides)))
