"""`readiness baseline save`: record a programme's results, so that the gate fails only on
regressions."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from readiness.commands._common import (
    EXIT_INPUT_ERROR,
    AsOf,
    ConfigPath,
    Globs,
    OptionalMaxBytes,
    RubricPaths,
    discover_files,
    fail_input,
    parse_date,
    paths_in_force,
    rubric_set_for,
    settings_in_force,
)

app = typer.Typer(
    help="Record a programme's results, so that the gate fails only on regressions.",
    rich_markup_mode=None,
    no_args_is_help=True,
)


@app.command("save")
def save_baseline(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Project files or directories (default: `paths` in the configuration).",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the baseline here, atomically (default: standard output).",
            metavar="FILE",
        ),
    ] = None,
    as_of: AsOf = None,
    rubrics: RubricPaths = None,
    max_bytes: OptionalMaxBytes = None,
    glob: Globs = None,
    config: ConfigPath = None,
) -> None:
    """Assess every project and record, per project id, its bands and each check's status.

    `readiness assess --baseline FILE` then fails a recorded project only when it slips
    backwards. A file that cannot be assessed stops the save (exit 2): nothing is written.
    """
    from readiness.baseline import rendered
    from readiness.errors import InputError
    from readiness.output import OutputError, check_targets, write_streamed
    from readiness.portfolio import PortfolioRun
    from readiness.portfolio_run import WorkerLost, baseline_of

    settings = settings_in_force(
        config,
        {
            "paths": paths,
            "rubrics": [str(path) for path in rubrics or []],
            "as_of": as_of,
            "max_bytes": max_bytes,
            "globs": glob,
        },
    )
    found = discover_files(paths_in_force(settings), list(settings["globs"]))
    rubric_paths = [Path(path) for path in settings["rubrics"]]
    try:
        if output is not None:
            check_targets([output], [*found.files, *rubric_paths])
        run = PortfolioRun(
            as_of=parse_date(settings["as_of"]),
            rubrics=rubric_set_for(rubric_paths),
            waiver_policy=settings.waiver_policy(),
            max_bytes=settings["max_bytes"],
        )
        baseline = baseline_of(found.files, run)
        if found.failed:
            raise typer.Exit(EXIT_INPUT_ERROR)
        # Written a project at a time: the whole text of 10,000 projects is 21 MB, and making
        # it whole took as much again in pieces.
        if output is None:
            for piece in rendered(baseline):
                sys.stdout.write(piece)
        else:
            write_streamed(output, rendered(baseline))
    except InputError as error:
        raise fail_input(error) from None
    except (OutputError, WorkerLost) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    count = len(found.files)
    where = f" to {output}" if output is not None else ""
    typer.echo(f"saved a baseline of {count} project{'s' if count != 1 else ''}{where}", err=True)
