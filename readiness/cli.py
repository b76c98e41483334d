"""The command line's assembly: the application, its commands (one module each under
`readiness/commands/`) and `main`, which turns a bug into one line and exit 3.

Exit codes are a contract (see `readiness.commands._common`): 0 the gate passed (or every file
is valid), 1 the gate failed, 2 a usage or input error, 3 a bug in readiness.

No `from __future__ import annotations` here: Typer reads every command's annotations on each
start, and string annotations would cost an `eval` each (about 7 % of `--help`).
"""

import gc
import sys
from typing import Annotated

import typer

from readiness import __version__
from readiness.commands import (
    assess,
    baseline,
    config,
    diff,
    explain,
    init,
    rubrics,
    schema,
    validate,
)
from readiness.commands._common import (
    EXIT_INTERNAL_ERROR,
    EXIT_OK,
    debug_requested,
    internal_error_text,
)

app = typer.Typer(
    name="readiness",
    help="Is a smart-factory project ready to go from pilot to production? What must be fixed?",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
# `--help` lists the commands in this order, then the groups.
app.command()(init.init)
app.command()(validate.validate)
app.command()(schema.schema)
app.command()(assess.assess)
app.command()(explain.explain)
app.command("config")(config.show_config)
app.command()(diff.diff)
app.add_typer(rubrics.app, name="rubrics")
app.add_typer(baseline.app, name="baseline")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readiness {__version__}")  # ours alone
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


def main() -> None:
    """Console-script entry point.

    Input problems are InputErrors with located messages (exit 2). Anything else is a bug in
    readiness: the user gets one line saying so rather than a traceback (exit 3), unless
    READINESS_DEBUG is set.
    """
    _freeze_what_is_loaded()
    _tolerate_any_locale()
    try:
        app()
    except Exception as error:
        if debug_requested():
            raise
        from readiness.report.escape import plain_text

        sys.stderr.write(plain_text(f"readiness: {internal_error_text(error)}\n"))
        sys.exit(EXIT_INTERNAL_ERROR)


_frozen = False


def _freeze_what_is_loaded() -> None:
    """Take what is loaded so far (Typer, the standard library, this module) out of the garbage
    collector's sight: it lives until the process exits, and each collection in the run would
    walk all of it again (gc.freeze: 4 % of a one-file run; forked workers share those pages
    untouched too). Once per process, so a caller that runs `main` repeatedly freezes only
    the start-up."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def _tolerate_any_locale() -> None:
    """Never fail to print for want of a character: in a locale whose encoding cannot show one
    (`LANG=C` without UTF-8 coercion, `PYTHONIOENCODING=ascii`, Latin-1), standard output
    replaces it with `?` and standard error with a backslash escape, so a diagnostic still
    names every character of a file name or key."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=errors)
