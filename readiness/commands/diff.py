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
    echo,
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
    if not is_result_file(old) and not is_result_file(new):
        _warn_of_evidence_left_behind(old, new)
    sys.stdout.write(DIFF_FORMATTERS[output_format.value](compare(*sides)))


def _warn_of_evidence_left_behind(old: Path, new: Path) -> None:
    """OLD copied out of its checkout cites evidence that is not there: the changes that rest
    on it are not real. Say which files, and how to diff against the target branch."""
    from readiness.diff import evidence_left_behind
    from readiness.report.escape import plain_text

    missing = evidence_left_behind(old, new)
    if not missing:
        return
    shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    echo(
        plain_text(
            f"warning: {old}: {len(missing)} evidence file(s) it cites cannot be found from "
            f"where it lies, though they can from {new} ({shown}); changes that rest on them "
            "are not real"
        ),
        err=True,
    )
    where = plain_text(str(new)) if not new.is_absolute() else "PATH"
    echo(
        "    hint: diff against a checkout of the target branch, where the evidence lies beside "
        f"the file: git worktree add ../base main && readiness diff ../base/{where} {where}",
        err=True,
    )
