"""The command line's assembly: the application, its commands (one module each under
`readiness/commands/`) and `main`, which turns a bug into one line and exit 3.

Exit codes are a contract (see `readiness.commands._common`): 0 the gate passed (or every file
is valid), 1 the gate failed, 2 a usage or input error, 3 a bug in readiness.

No `from __future__ import annotations` here: Typer reads every command's annotations on each
start, and string annotations would cost an `eval` each (about 7 % of `--help`).
"""

import contextlib
import errno
import gc
import os
import sys
from typing import Annotated, Any, NoReturn

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
    EXIT_INPUT_ERROR,
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

    Input problems are InputErrors with located messages (exit 2). Standard output that cannot
    be written (a full disk, a reader that went away) is exit 2 with a message, never a silent
    exit 1 that reads as "gate failed". Anything else is a bug in readiness: the user gets one
    line saying so rather than a traceback (exit 3), unless READINESS_DEBUG is set.
    """
    _freeze_what_is_loaded()
    _tolerate_any_locale()
    code: Any = 0
    try:
        app()
    except SystemExit as done:
        code = done.code
    except OSError as error:
        if not _is_output_lost(error) or debug_requested():
            raise
        _output_lost(error)
    except Exception as error:
        if debug_requested():
            raise
        from readiness.report.escape import plain_text

        sys.stderr.write(plain_text(f"readiness: {internal_error_text(error)}\n"))
        sys.exit(EXIT_INTERNAL_ERROR)
    # Click (and the copy Typer carries) answers EPIPE by wrapping standard output in a
    # PacifyFlushWrapper and exiting 1, which a CI job reads as "gate failed".
    if type(sys.stdout).__name__ == "PacifyFlushWrapper":
        _output_lost(BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE)))
    try:
        sys.stdout.flush()
    except OSError as error:
        _output_lost(error)
    sys.exit(code)


_OUTPUT_LOST = frozenset({errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG})


def _is_output_lost(error: OSError) -> bool:
    """A write to standard output that failed (a file's errors name the file)."""
    return error.filename is None and error.errno in _OUTPUT_LOST


def _output_lost(error: OSError) -> NoReturn:
    """Say that the report could not be written, and exit 2. Standard output is pointed at
    /dev/null first, so that the interpreter's last flush cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.stderr.write(
        f"readiness: cannot write standard output: {error.strerror}; the report is incomplete\n"
    )
    sys.exit(EXIT_INPUT_ERROR)


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
