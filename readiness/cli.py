"""The command line's assembly: the application, its commands (one module each under
`readiness/commands/`) and `main`, which turns a bug into one line and exit 3.

Exit codes are a contract (see `readiness.commands._common`): 0 the gate passed (or every file
is valid), 1 the gate failed, 2 a usage or input error, 3 a bug in readiness.

No `from __future__ import annotations` here: Typer reads every command's annotations on each
start, and string annotations would cost an `eval` each (about 7 % of `--help`).
"""

import contextlib
import errno
import functools
import gc
import os
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from readiness import __version__
from readiness.commands._common import (
    EXIT_INPUT_ERROR,
    EXIT_INTERNAL_ERROR,
    EXIT_OK,
    debug_requested,
    internal_error_text,
)

# Each command's name, module (under readiness/commands/) and function, in the order `--help`
# lists them; then the groups, each a module's `app`.
_COMMANDS = (
    ("init", "init", "init"),
    ("validate", "validate", "validate"),
    ("schema", "schema", "schema"),
    ("assess", "assess", "assess"),
    ("explain", "explain", "explain"),
    ("config", "config", "show_config"),
    ("diff", "diff", "diff"),
)
_GROUPS = ("rubrics", "baseline")
_NAMES = frozenset(name for name, _, _ in _COMMANDS) | frozenset(_GROUPS)


def application(only: str | None = None) -> typer.Typer:
    """The command line with every command, or with only the one named `only`: Typer builds
    (and this imports) every command it holds on each start, and a run of one command needs
    none of the others (a third of a millisecond to a millisecond each)."""
    import importlib

    cli = typer.Typer(
        name="readiness",
        help="Is a smart-factory project ready to go from pilot to production? What must be fixed?",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    for name, module, function in _COMMANDS:
        if only in (None, name):
            command = getattr(importlib.import_module(f"readiness.commands.{module}"), function)
            cli.command(name)(command)
    for name in _GROUPS:
        if only in (None, name):
            group = importlib.import_module(f"readiness.commands.{name}").app
            cli.add_typer(group, name=name)
    cli.callback()(_main)
    return cli


def _application_for(arguments: list[str]) -> typer.Typer:
    """Only the command the arguments name, when they name one; everything for `--help`,
    `--version`, a mistyped command (Click suggests the near names) and shell completion
    (which reads its words from the environment, not the arguments)."""
    completing = any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)
    if arguments and arguments[0] in _NAMES and not completing:
        return application(arguments[0])
    return application()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readiness {__version__}")  # ours alone
        raise typer.Exit(EXIT_OK)


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
        _application_for(sys.argv[1:])()
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


@functools.cache
def _everything() -> typer.Typer:
    return application()


if TYPE_CHECKING:
    app: typer.Typer


def __getattr__(name: str) -> typer.Typer:
    """`app`, with every command, built when first asked for (tests, documentation tools)."""
    if name == "app":
        return _everything()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
