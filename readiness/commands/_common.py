"""What every command shares: the exit codes, the option types, printing to standard output and
error, and turning an input problem into exit 2.

Exit codes are a contract: 0 the gate passed (or every file is valid), 1 the gate failed,
2 a usage or input error, 3 a bug in readiness. Heavy modules are imported inside the function
that needs them.

No `from __future__ import annotations` here or in any command module: Typer reads every
command's annotations on each start, and string annotations would cost an `eval` each (about 7 %
of `--help`).
"""

import io
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

if TYPE_CHECKING:
    from readiness.config import Settings
    from readiness.discover import Discovery
    from readiness.rubric import RubricSet

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_INPUT_ERROR = 2
EXIT_INTERNAL_ERROR = 3


def echo(text: str, *, err: bool = False) -> None:
    """Print a message of ours that may quote user text (a file name, a key, a pack's words):
    without control or bidi characters, and with no CI workflow command on any line."""
    from readiness.report.escape import plain_text

    typer.echo(plain_text(text), err=err)


def document_stream() -> TextIO:
    """Standard output for a machine-readable document (JSON, SARIF, XML, Markdown, workflow
    commands): UTF-8 whatever the locale, as these formats are UTF-8 by definition and readers
    such as the CI runner decode them so."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    buffer = getattr(stream, "buffer", None)
    if encoding in ("utf-8", "utf8") or buffer is None:
        return stream
    stream.flush()
    return io.TextIOWrapper(buffer, encoding="utf-8", errors="replace", write_through=True)


def print_document(text: str) -> None:
    """Print a machine-readable document as UTF-8 (see `document_stream`)."""
    stream = document_stream()
    stream.write(text)
    release_document_stream(stream)


def release_document_stream(stream: TextIO) -> None:
    """Flush a document stream; a UTF-8 wrapper lets go of standard output's buffer."""
    stream.flush()
    if isinstance(stream, io.TextIOWrapper) and stream is not sys.stdout:
        stream.detach()


def print_terminal(text: str) -> None:
    """Print a terminal report in the terminal's own encoding; where that cannot show the
    report's symbols (bars, arrows, `·`), print their ASCII stand-ins instead."""
    from readiness.report.terminal import ascii_fallback

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = ascii_fallback(text)
    sys.stdout.write(text)


AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Treat this date (YYYY-MM-DD) as today.", metavar="DATE"),
]
RubricPaths = Annotated[
    list[Path] | None,
    typer.Option(
        "--rubrics", help="Extra rubric pack (file or folder). Repeatable.", metavar="PATH"
    ),
]
OptionalMaxBytes = Annotated[
    int | None,
    typer.Option(
        "--max-bytes",
        min=1,
        help="Refuse project files larger than this many bytes [default: 1 MiB].",
        metavar="N",
        show_default=False,
    ),
]
NoWaivers = Annotated[
    bool,
    typer.Option(
        "--no-waivers",
        help="Assess as if the project had no waivers (for audits); they are still listed.",
    ),
]
ConfigPath = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Use this configuration file instead of the nearest .readiness.yaml or "
        "pyproject.toml [tool.readiness].",
        metavar="FILE",
    ),
]


Globs = Annotated[
    list[str] | None,
    typer.Option(
        "--glob",
        help="Names to search directories for (default: readiness.yaml, *.readiness.yaml and "
        "their .yml spellings). Repeatable.",
        metavar="PATTERN",
    ),
]


def discover_files(paths: list[Path], globs: list[str] | None) -> "Discovery":
    """The project files the paths name; problems met on the way go to standard error."""
    from readiness.discover import DEFAULT_GLOBS, discover

    found = discover(paths, globs or DEFAULT_GLOBS)
    for problem in found.problems:
        if found.files or problem.severity == "error":
            echo(problem.render(), err=True)
    if not found.files:
        where = ", ".join(str(path) for path in paths)
        echo(
            f"error: no project files found in {where} (searched for {found.searched_for()})",
            err=True,
        )
        for hint in dict.fromkeys(problem.hint for problem in found.problems if problem.hint):
            echo(f"    hint: {hint}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR)
    return found


def parse_date(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date: write YYYY-MM-DD") from None


def output_targets(values: list[str]) -> list[tuple[str, Path]]:
    """`-o FORMAT=PATH` or `-o PATH` (format from the extension); anything else is exit 2."""
    from readiness.output import UsageError, parse_target

    try:
        return [parse_target(value) for value in values]
    except UsageError as error:
        raise typer.BadParameter(str(error), param_hint="'--output' / '-o'") from None


def fail_input(error: Exception) -> typer.Exit:
    from readiness.errors import InputError

    if isinstance(error, InputError):
        for diagnostic in error.diagnostics:
            echo(diagnostic.render(), err=True)
    else:
        echo(f"error: {error}", err=True)
    return typer.Exit(EXIT_INPUT_ERROR)


def settings_in_force(config: Path | None, flags: dict[str, Any]) -> "Settings":
    """The settings in force: defaults, the configuration file, then the flags given."""
    from readiness.config import settings_for
    from readiness.errors import InputError

    try:
        return settings_for(Path.cwd(), flags, config)
    except InputError as error:
        raise fail_input(error) from None


def paths_in_force(settings: "Settings") -> list[Path]:
    """The paths to work on; one that leads through a link out of the repository it is named
    in is refused before anything is read (exit 2)."""
    from readiness.discover import links_out
    from readiness.errors import InputError

    paths = [Path(path) for path in settings["paths"]]
    if not paths:
        raise typer.BadParameter(
            "name the project files or folders, or set `paths` in .readiness.yaml",
            param_hint="PATH",
        )
    if problems := links_out(paths):
        raise fail_input(InputError(problems))
    return paths


def rubrics_in_force(settings: "Settings") -> "RubricSet":
    """The packs in force (the built-in ones, then the configuration's or the flags'), with
    the configuration's `gate.min_bands` checked against their dimensions: every command judges
    and lists by what `assess` would, and refuses what it would refuse (exit 2, located)."""
    from readiness.errors import InputError

    try:
        rubric_set = rubric_set_for([Path(path) for path in settings["rubrics"]])
        problems = settings.check_dimensions([d.id for d in rubric_set.dimensions])
        if problems:
            raise InputError(problems)
    except InputError as error:
        raise fail_input(error) from None
    return rubric_set


def rubric_set_for(paths: list[Path]) -> "RubricSet":
    from readiness.rubric import builtin_rubrics, load_rubrics

    return load_rubrics(paths) if paths else builtin_rubrics()


def wants_step_summary() -> bool:
    """Whether GitHub Actions gave this step a summary page: the Markdown report is rendered
    for it only then (a `-f github` run elsewhere pays nothing for it)."""
    import os

    return bool(os.environ.get("GITHUB_STEP_SUMMARY", "").strip())


def append_step_summary(markdown: str) -> None:
    """The Markdown report on the job's summary page, when GitHub Actions provides one."""
    import os

    from readiness.report.github import append_step_summary

    try:
        append_step_summary(markdown, os.environ)
    except OSError as error:
        # The annotations matter more than the summary page: warn, and print them.
        echo(
            f"warning: cannot append the report to $GITHUB_STEP_SUMMARY "
            f"('{os.environ.get('GITHUB_STEP_SUMMARY', '')}'): {error.strerror or error}",
            err=True,
        )


def use_color(color: bool | None) -> bool:
    import os

    return color if color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)


def terminal_width(widest: int = 120) -> int:
    import shutil

    return max(60, min(shutil.get_terminal_size((80, 24)).columns, widest))


def debug_requested() -> bool:
    import os

    return bool(os.environ.get("READINESS_DEBUG"))


def internal_error_text(error: Exception) -> str:
    """One line, however the exception's text runs: a bug report, not a traceback."""
    from readiness.errors import truncate

    detail = truncate(f"{type(error).__name__}: {error}", 200)
    return (
        f"internal error ({detail}); this is a bug in readiness, not in your file; please "
        "report it (READINESS_DEBUG=1 shows the traceback)"
    )
