"""The command line: parse options, call the core, choose a renderer, return an exit code.

Exit codes are a contract: 0 the gate passed (or every file is valid), 1 the gate failed,
2 a usage or input error. Heavy modules are imported inside the command that needs them.

No `from __future__ import annotations` here: Typer reads every command's annotations on each
start, and string annotations would cost an `eval` each (about 7 % of `--help`).
"""

import contextlib
import enum
import gc
import io
import re
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from readiness import __version__
from readiness.report import FORMATTERS
from readiness.vocabulary import FAIL_ON_CHOICES

if TYPE_CHECKING:
    from readiness.config import Settings
    from readiness.discover import Discovery
    from readiness.gate import GateSettings
    from readiness.portfolio import PortfolioOutput
    from readiness.rubric import RubricSet
    from readiness.starter import StarterAnswers
    from readiness.waivers import WaiverPolicy

app = typer.Typer(
    name="readiness",
    help="Is a smart-factory project ready to go from pilot to production? What must be fixed?",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_INPUT_ERROR = 2
EXIT_INTERNAL_ERROR = 3


class SchemaName(enum.StrEnum):
    project = "project"
    rubric = "rubric"
    result = "result"
    portfolio = "portfolio"
    config = "config"
    baseline = "baseline"
    diff = "diff"


class ValidateFormat(enum.StrEnum):
    text = "text"
    json = "json"


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


def _echo(text: str, *, err: bool = False) -> None:
    """Print a message of ours that may quote user text (a file name, a key, a pack's words):
    without control or bidi characters, and with no CI workflow command on any line."""
    from readiness.report.escape import plain_text

    typer.echo(plain_text(text), err=err)


def _document_stream() -> TextIO:
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


def _print_document(text: str) -> None:
    """Print a machine-readable document as UTF-8 (see `_document_stream`)."""
    stream = _document_stream()
    stream.write(text)
    _release_document_stream(stream)


def _release_document_stream(stream: TextIO) -> None:
    """Flush a document stream; a UTF-8 wrapper lets go of standard output's buffer."""
    stream.flush()
    if isinstance(stream, io.TextIOWrapper) and stream is not sys.stdout:
        stream.detach()


def _print_terminal(text: str) -> None:
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
MaxBytes = Annotated[
    int,
    typer.Option(
        "--max-bytes", min=1, help="Refuse project files larger than this many bytes.", metavar="N"
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


def _discover(paths: list[Path], globs: list[str] | None) -> "Discovery":
    """The project files the paths name; problems met on the way go to standard error."""
    from readiness.discover import DEFAULT_GLOBS, discover

    found = discover(paths, globs or DEFAULT_GLOBS)
    for problem in found.problems:
        if found.files or problem.severity == "error":
            _echo(problem.render(), err=True)
    if not found.files:
        where = ", ".join(str(path) for path in paths)
        _echo(
            f"error: no project files found in {where} (searched for {found.searched_for()})",
            err=True,
        )
        for hint in dict.fromkeys(problem.hint for problem in found.problems if problem.hint):
            _echo(f"    hint: {hint}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR)
    return found


@app.command()
def init(
    path: Annotated[
        Path,
        typer.Argument(
            help="Where to write the file (a folder gets readiness.yaml).", metavar="[PATH]"
        ),
    ] = Path("readiness.yaml"),
    interactive: Annotated[
        bool,
        typer.Option(
            "--interactive",
            "-i",
            help="Ask for the name, sector, stage, main loss and its yearly cost, and the team.",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite a file that exists.")] = False,
) -> None:
    """Write a commented starting project file: every section explained, with an example.

    Also writes project.schema.json beside it (unless one is there) for editors.
    """
    from readiness.output import OutputError, check_targets, write_files
    from readiness.schemas import schema_text
    from readiness.starter import EDITOR_SCHEMA, SCHEMA_FILE, default_answers, starter_text

    if path.is_dir():
        path = path / "readiness.yaml"
    if path.exists() and not force:
        _echo(f"error: {path} exists; pass --force to overwrite it", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR)
    schema_path = path.parent / SCHEMA_FILE
    write_schema = force or not schema_path.exists()
    targets = [path, schema_path] if write_schema else [path]
    try:
        check_targets(targets)  # before any question: a person should not answer in vain
        answers = default_answers(path.name.removesuffix(".yaml").removesuffix(".yml"))
        if interactive:
            answers = _ask_starter_answers(answers.id)
        files = [(path, starter_text(answers, path.name))]
        if write_schema:
            files.append((schema_path, schema_text(EDITOR_SCHEMA)))
        write_files(files)
    except OutputError as error:
        _echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    _echo(f"wrote {path}: every section explained, with a commented example")
    if write_schema:
        _echo(f"wrote {schema_path}: editors with the YAML language server check {path.name}")
    _echo(f"next: readiness assess {path}")


def _ask_starter_answers(default_id: str) -> "StarterAnswers":
    """A handful of questions with Rich prompts; Enter skips the optional ones."""
    from rich.console import Console
    from rich.prompt import Prompt

    from readiness.starter import SECTORS, STAGES, StarterAnswers, parse_team, slug

    console = Console(highlight=False)

    def ask(question: str, **options: Any) -> str:
        try:
            return str(Prompt.ask(question, console=console, **options)).strip()
        except EOFError:
            _echo("\nerror: no answer (end of input); nothing written", err=True)
            raise typer.Exit(EXIT_INPUT_ERROR) from None

    name = ""
    while not name:
        name = ask("Project name")
    project_id = ""
    while not re.fullmatch(r"[a-z0-9][a-z0-9-]*", project_id):
        if project_id:
            console.print("an id is lower-case letters, digits and -, e.g. press-line-b")
        project_id = ask("Project id", default=slug(name, default_id))
    sector = ask("Sector", choices=list(SECTORS), default="general")
    stage = ask("Stage", choices=list(STAGES), default="idea")
    loss = ask(
        "The main loss today, in a few words (Enter to skip)", default="", show_default=False
    )
    cost: float | None = None
    while loss:
        text = ask("Its yearly cost, a number (Enter to skip)", default="", show_default=False)
        try:
            cost = float(text.replace(",", "")) if text else None
        except ValueError:
            console.print(f"'{text}' is not a number: write e.g. 120000")
            continue
        if cost is not None and not 0 <= cost < 1e15:
            console.print("a yearly cost is a number from 0 up")
            continue
        break
    while True:
        text = ask(
            "The team: function and FTE, e.g. operations 1, maintenance 0.5 (Enter to skip)",
            default="",
            show_default=False,
        )
        try:
            team = parse_team(text)
        except ValueError as error:
            console.print(str(error), markup=False)
            continue
        break
    return StarterAnswers(
        id=project_id,
        name=name,
        sector=sector,
        stage=stage,
        loss=loss or None,
        loss_cost=cost,
        team=team,
    )


@app.command()
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

    settings = _settings(
        config,
        {
            "paths": paths,
            "rubrics": [str(path) for path in rubrics or []],
            "max_bytes": max_bytes,
            "globs": glob,
        },
    )
    found = _discover(_paths_in_force(settings), list(settings["globs"]))
    files = found.files
    max_bytes = settings["max_bytes"]
    try:
        rubric_set = _rubric_set([Path(path) for path in settings["rubrics"]])
    except InputError as error:
        raise _fail_input(error) from None
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
            if _debug():
                raise
            internal_errors += 1
            problems = [Diagnostic(str(path), 0, 0, _internal_error_text(error))]
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
        _print_document(json_text(json.dumps(payload, indent=2, ensure_ascii=False)) + "\n")
    else:
        for name, problems in reports:
            for problem in problems:
                _echo(problem.render())
            if not problems:
                _echo(f"{plain_line(name)}: valid")
        if len(reports) > 1 or invalid:
            counts = [count_problems(problems) for _, problems in reports]
            total = sum(count for count, _ in counts)
            at_least = "" if all(exact for _, exact in counts) else "at least "
            _echo(
                f"{len(reports)} file{'s' if len(reports) != 1 else ''} checked: "
                f"{len(reports) - invalid} valid, {invalid} with problems "
                f"({at_least}{total:,} in all)"
            )
    if internal_errors:
        raise typer.Exit(EXIT_INTERNAL_ERROR)
    raise typer.Exit(EXIT_INPUT_ERROR if invalid or found.failed else EXIT_OK)


@app.command()
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

    _print_document(schema_text(name.value))


# The --format choices are the registry's keys: a new format module needs no CLI change.
ReportFormat = enum.StrEnum("ReportFormat", {name: name for name in FORMATTERS})  # type: ignore[misc]


# The gate's own list of what can fail it, so the CLI and the gate cannot drift apart.
FailOn = enum.StrEnum("FailOn", {name: name for name in FAIL_ON_CHOICES})  # type: ignore[misc]


def _parse_date(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date: write YYYY-MM-DD") from None


def _output_targets(values: list[str]) -> list[tuple[str, Path]]:
    """`-o FORMAT=PATH` or `-o PATH` (format from the extension); anything else is exit 2."""
    from readiness.output import UsageError, parse_target

    try:
        return [parse_target(value) for value in values]
    except UsageError as error:
        raise typer.BadParameter(str(error), param_hint="'--output' / '-o'") from None


def _fail_input(error: Exception) -> typer.Exit:
    from readiness.errors import InputError

    if isinstance(error, InputError):
        for diagnostic in error.diagnostics:
            _echo(diagnostic.render(), err=True)
    else:
        _echo(f"error: {error}", err=True)
    return typer.Exit(EXIT_INPUT_ERROR)


@app.command()
def assess(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Project files, or directories to search for them (default: `paths` in the "
            "configuration). One file gives its full report; several files or a directory give "
            "the portfolio.",
            metavar="PATH...",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Format for standard output [default: terminal].",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            help="Also write a report: FORMAT=PATH, or PATH with the format taken from its "
            "extension (.md .json .sarif .xml). Repeatable; written atomically, all or none.",
            metavar="[FORMAT=]PATH",
        ),
    ] = None,
    chart: Annotated[
        Path | None,
        typer.Option(
            help="Write the SVG radar chart here (default: beside a Markdown report).",
            metavar="PATH",
        ),
    ] = None,
    as_of: AsOf = None,
    rubrics: RubricPaths = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            help="Fail the gate on a not_ready verdict, or on any gap this severe "
            "[default: not_ready].",
            show_default=False,
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            min=0,
            max=100,
            help="Fail the gate when the overall score is below this.",
            metavar="SCORE",
        ),
    ] = None,
    min_level: Annotated[
        int | None,
        typer.Option(
            min=0, max=5, help="Fail the gate when the readiness level is below this.", metavar="N"
        ),
    ] = None,
    no_waivers: NoWaivers = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Fail a project this baseline (from `readiness baseline save`) records only "
            "on its regressions: a band that fell, a check that newly fails, a new waiver.",
            metavar="FILE",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List passing and not-applicable checks too.")
    ] = False,
    color: Annotated[
        bool | None,
        typer.Option("--color/--no-color", help="Colour the terminal report (default: on a TTY)."),
    ] = None,
    max_bytes: OptionalMaxBytes = None,
    glob: Globs = None,
    config: ConfigPath = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            max=64,
            help="Worker processes for many files (default: `jobs` in the configuration, else "
            "one per core when there are enough files; 1: none).",
            metavar="N",
        ),
    ] = None,
) -> None:
    """Assess projects: verdict, readiness level, scores and the ranked gap report.

    Defaults come from .readiness.yaml or pyproject.toml [tool.readiness] (see `readiness
    config`); flags win. Exit 0 when the gate passes, 1 when it fails, 2 for an input error.
    """
    from readiness.errors import InputError

    settings = _settings(
        config,
        {
            "paths": paths,
            "format": output_format.value if output_format is not None else None,
            "outputs": output,
            "rubrics": [str(path) for path in rubrics or []],
            "as_of": as_of,
            "max_bytes": max_bytes,
            "globs": glob,
            "gate.fail_on": fail_on.value if fail_on is not None else None,
            "gate.fail_under": fail_under,
            "gate.min_level": min_level,
            "baseline": str(baseline) if baseline is not None else None,
            "jobs": jobs,
        },
    )
    paths = _paths_in_force(settings)
    day = _parse_date(settings["as_of"])
    rubric_paths = [Path(path) for path in settings["rubrics"]]
    try:
        rubric_set = _rubric_set(rubric_paths)
        problems = settings.check_dimensions([d.id for d in rubric_set.dimensions])
        if problems:
            raise InputError(problems)
        gate_settings = settings.gate
        if settings["baseline"] is not None:
            from dataclasses import replace

            from readiness.baseline import load_baseline

            recorded = load_baseline(Path(settings["baseline"]))
            gate_settings = replace(gate_settings, baseline=recorded)
    except InputError as error:
        raise _fail_input(error) from None
    policy = settings.waiver_policy(honour=not no_waivers)
    targets = _output_targets(list(settings["outputs"]))
    chosen = str(settings["format"])
    if len(paths) == 1 and not paths[0].is_dir():
        _assess_one(
            paths[0],
            day,
            chosen,
            targets,
            chart,
            rubric_paths,
            rubric_set,
            gate_settings,
            policy,
            verbose,
            color,
            settings["max_bytes"],
        )
    if chart is not None:
        raise typer.BadParameter(
            "a radar chart shows one project; assess a single file to draw it",
            param_hint="--chart",
        )
    _assess_portfolio(
        _discover(paths, list(settings["globs"])),
        day,
        chosen,
        targets,
        rubric_paths,
        rubric_set,
        gate_settings,
        policy,
        color,
        settings["max_bytes"],
        settings["jobs"],
    )


def _settings(config: Path | None, flags: dict[str, Any]) -> "Settings":
    """The settings in force: defaults, the configuration file, then the flags given."""
    from readiness.config import settings_for
    from readiness.errors import InputError

    try:
        return settings_for(Path.cwd(), flags, config)
    except InputError as error:
        raise _fail_input(error) from None


def _paths_in_force(settings: "Settings") -> list[Path]:
    paths = [Path(path) for path in settings["paths"]]
    if not paths:
        raise typer.BadParameter(
            "name the project files or folders, or set `paths` in .readiness.yaml",
            param_hint="PATH",
        )
    return paths


def _rubric_set(paths: list[Path]) -> "RubricSet":
    from readiness.rubric import builtin_rubrics, load_rubrics

    return load_rubrics(paths) if paths else builtin_rubrics()


def _assess_one(
    path: Path,
    day: date,
    output_format: str,
    targets: list[tuple[str, Path]],
    chart: Path | None,
    rubrics: list[Path],
    rubric_set: "RubricSet",
    gate_settings: "GateSettings",
    policy: "WaiverPolicy",
    verbose: bool,
    color: bool | None,
    max_bytes: int,
) -> None:
    """One file: its full report, and its gate."""

    from readiness.assess import assess_path
    from readiness.errors import InputError
    from readiness.gate import evaluate_gate
    from readiness.output import OutputError, plan_reports, render_report, write_reports

    try:
        plan = plan_reports(targets, chart, inputs=[path, *rubrics])
    except OutputError as error:
        _echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    try:
        assessment = assess_path(
            path,
            as_of=day,
            rubrics=rubric_set,
            max_bytes=max_bytes,
            display=str(path),
            waiver_policy=policy,
        )
    except InputError as error:
        if output_format == "github":  # annotated on the lines, as in a portfolio
            from readiness.report.github_portfolio import problem_command

            _print_document("".join(problem_command(d) + "\n" for d in error.diagnostics))
        raise _fail_input(error) from None

    try:
        write_reports(assessment, plan)
    except OutputError as error:
        _echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    if output_format == "github":
        _append_step_summary(render_report("markdown", assessment, plan))

    if output_format == "terminal":
        from readiness.report.terminal import render as render_terminal

        tty = sys.stdout.isatty()
        text = render_terminal(
            assessment,
            width=_terminal_width() if tty else 80,
            color=_use_color(color),
            verbose=verbose,
        )
        _print_terminal(text)
    else:
        _print_document(render_report(output_format, assessment, plan))
    result = evaluate_gate(assessment, gate_settings)
    _echo(result.line(), err=True)
    raise typer.Exit(EXIT_OK if result.passed else EXIT_GATE_FAILED)


def _append_step_summary(markdown: str) -> None:
    """The Markdown report on the job's summary page, when GitHub Actions provides one."""
    import os

    from readiness.report.github import append_step_summary

    try:
        append_step_summary(markdown, os.environ)
    except OSError as error:
        # The annotations matter more than the summary page: warn, and print them.
        _echo(
            f"warning: cannot append the report to $GITHUB_STEP_SUMMARY "
            f"('{os.environ.get('GITHUB_STEP_SUMMARY', '')}'): {error.strerror or error}",
            err=True,
        )


def _use_color(color: bool | None) -> bool:
    import os

    return color if color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)


def _assess_portfolio(
    found: "Discovery",
    day: date,
    output_format: str,
    targets: list[tuple[str, Path]],
    rubrics: list[Path],
    rubric_set: "RubricSet",
    gate_settings: "GateSettings",
    policy: "WaiverPolicy",
    color: bool | None,
    max_bytes: int,
    jobs: int | None,
) -> None:
    """Many files: the portfolio table (or the chosen format), one gate line per failing
    project, the overall gate last."""
    import io
    import os

    from readiness.errors import InputError
    from readiness.output import OutputError, check_targets, commit_reports, stage_reports
    from readiness.portfolio import PortfolioRun, run_portfolio, wants_progress

    try:
        check_targets([path for _, path in targets], [*found.files, *rubrics])
        staged = stage_reports([path for _, path in targets])
    except OutputError as error:
        _echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    except InputError as error:
        raise _fail_input(error) from None
    run = PortfolioRun(
        as_of=day, rubrics=rubric_set, gate=gate_settings, waiver_policy=policy, max_bytes=max_bytes
    )
    # A report written to a file links to the projects from that file's folder.
    outputs: list[PortfolioOutput] = [
        (name, report, str(path.parent))
        for (name, path), report in zip(targets, staged, strict=True)
    ]
    document = _document_stream() if output_format != "terminal" else None
    if document is not None:
        outputs.append((output_format, document))
    step_summary = None
    if output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY", "").strip():
        step_summary = io.StringIO()
        outputs.append(("markdown", step_summary))
    # Not while JSON or SARIF streams to the same terminal: the bar would break its lines.
    streams_to_tty = output_format != "terminal" and sys.stdout.isatty()
    show = wants_progress(sys.stderr.isatty() and not streams_to_tty, os.environ, len(found.files))
    try:
        with _progress_bar(len(found.files) if show else 0) as advance:
            summary = run_portfolio(
                found.files,
                run,
                outputs,
                search_problems=found.problems,
                progress=advance,
                jobs=jobs,
            )
    except BaseException:
        for report in staged:
            report.discard()
        raise
    finally:
        if document is not None:
            _release_document_stream(document)
    try:
        commit_reports(staged)
    except OutputError as error:
        _echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    if step_summary is not None:
        _append_step_summary(step_summary.getvalue())
    if output_format == "terminal":
        from readiness.report.terminal_portfolio import PLAIN_WIDTH
        from readiness.report.terminal_portfolio import render as render_terminal

        width = _terminal_width(160) if sys.stdout.isatty() else PLAIN_WIDTH
        _print_terminal(render_terminal(run, summary, width=width, color=_use_color(color)))
    sys.stdout.flush()
    for line in summary.gate_lines():
        _echo(line, err=True)
    raise typer.Exit(summary.exit_code)


@contextlib.contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[], None] | None]:
    """A Rich progress bar on standard error for `total` files; nothing when total is 0.

    Redrawn by hand, at most ten times a second, rather than by Rich's refresh thread: the
    worker processes are forked after the bar starts, and a fork must not copy a thread that
    may hold the terminal's lock.
    """
    if total == 0:
        yield None
        return
    import time

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "assessing",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        auto_refresh=False,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = progress.add_task("assessing", total=total)
    drawn = 0.0

    def advance() -> None:
        nonlocal drawn
        progress.advance(task)
        now = time.monotonic()
        if now - drawn >= 0.1:
            progress.refresh()
            drawn = now

    with progress:
        yield advance


def _terminal_width(widest: int = 120) -> int:
    import shutil

    return max(60, min(shutil.get_terminal_size((80, 24)).columns, widest))


class ListFormat(enum.StrEnum):
    text = "text"
    json = "json"


rubrics_app = typer.Typer(
    help="List every check, or test rubric packs on example cases.",
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(rubrics_app, name="rubrics")


class RubricsFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@rubrics_app.callback(invoke_without_command=True)
def list_rubrics(
    ctx: typer.Context,
    rubrics: RubricPaths = None,
    output_format: Annotated[
        RubricsFormat,
        typer.Option(
            "--format",
            "-f",
            help="How to print the list; markdown writes one page per dimension (--output-dir).",
        ),
    ] = RubricsFormat.text,
    output_dir: Annotated[
        Path,
        typer.Option(help="Where --format markdown writes its pages.", metavar="DIR"),
    ] = Path("docs/checks"),
) -> None:
    """List every check: id, dimension, severity, level and title."""
    if ctx.invoked_subcommand is not None:
        return
    import json

    from readiness.errors import InputError
    from readiness.rubric import builtin_rubrics, load_rubrics

    try:
        rubric_set = load_rubrics(rubrics) if rubrics else builtin_rubrics()
    except InputError as error:
        raise _fail_input(error) from None
    if output_format is RubricsFormat.markdown:
        _write_check_pages(rubric_set, output_dir)
        return
    if output_format is RubricsFormat.json:
        rows = [
            {
                "id": c.id,
                "dimension": c.dimension,
                "severity": c.severity,
                "level": c.level,
                "effort": c.effort,
                "title": c.title,
            }
            for c in rubric_set.checks
        ]
        from readiness.report.escape import json_text

        _print_document(json_text(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n")
        return
    for dimension in rubric_set.dimensions:
        _echo(f"{dimension.title} ({dimension.id}, pack v{dimension.version})")
        for c in dimension.checks:
            _echo(f"  {c.id:<7} {c.severity:<8} L{c.level}  {c.title}")
    _echo(f"{len(rubric_set.checks)} checks in {len(rubric_set.dimensions)} dimensions")


def _write_check_pages(rubric_set: "RubricSet", folder: Path) -> None:
    """Write the check pages (all or none) and remove pages of dimensions no longer there."""
    from readiness.checkdocs import check_pages, is_generated
    from readiness.output import OutputError, check_targets, write_files

    pages = check_pages(rubric_set)
    targets = [folder / name for name in pages]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        check_targets(targets)
        write_files([(folder / name, text) for name, text in pages.items()])
    except (OSError, OutputError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    for stale in sorted(folder.glob("*.md")):
        if stale.name not in pages and is_generated(stale.read_text(encoding="utf-8")):
            stale.unlink()
            typer.echo(f"removed {stale} (no such dimension now)")
    typer.echo(f"wrote {len(pages)} pages to {folder}: {', '.join(pages)}")


@rubrics_app.command("test")
def run_rubric_cases(
    cases: Annotated[
        list[Path],
        typer.Argument(
            help="Case files (or folders of them): check id -> cases.", metavar="CASES..."
        ),
    ],
    rubrics: RubricPaths = None,
) -> None:
    """Run example cases against the packs, like tests; exit 1 if any case fails."""
    from readiness.casebook import read_cases, run_cases
    from readiness.errors import InputError
    from readiness.rubric import builtin_rubrics, load_rubrics

    files = [
        p for path in cases for p in (sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    ]
    try:
        rubric_set = load_rubrics(rubrics) if rubrics else builtin_rubrics()
        found = read_cases(files, {c.id for c in rubric_set.checks})
    except InputError as error:
        raise _fail_input(error) from None
    results = run_cases(found, rubric_set)
    failed = [r for r in results if not r.passed]
    for result in failed:
        case = result.case
        _echo(
            f"{case.file}:{case.line}: {case.check} '{case.name}': expected {case.status}, "
            f"got {result.status}: {result.message}"
        )
    _echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    raise typer.Exit(EXIT_GATE_FAILED if failed else EXIT_OK)


EXPLAIN_RULE_CHARS = 600
"""How much of a rule `explain` prints: every built-in rule in full (the longest is ~340
characters), a hostile pack's megabyte fragment cut short."""


@app.command()
def explain(
    check_id: Annotated[str, typer.Argument(help="A check id, e.g. FE-10.", metavar="ID")],
    project: Annotated[
        Path | None,
        typer.Option(
            "--project",
            "-p",
            help="Also say why the check passed or failed here.",
            metavar="PATH",
        ),
    ] = None,
    as_of: AsOf = None,
    rubrics: RubricPaths = None,
) -> None:
    """Print one check in full: what it looks at, why it matters, what to do."""
    import json
    import textwrap

    from readiness.assess import assess_path
    from readiness.errors import InputError
    from readiness.rubric import builtin_rubrics, load_rubrics
    from readiness.scoring import how_it_counts

    try:
        rubric_set = load_rubrics(rubrics) if rubrics else builtin_rubrics()
    except InputError as error:
        raise _fail_input(error) from None
    check = rubric_set.check(check_id)
    if check is None:
        from readiness.errors import truncate
        from readiness.suggest import closest

        close = closest(check_id, [c.id for c in rubric_set.checks])
        hint = f" (did you mean {close}?)" if close else " (`readiness rubrics` lists them)"
        _echo(f"error: no check '{truncate(check_id)}'{hint}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR)

    def para(label: str, text: str) -> None:
        _echo(f"{label}:")
        _echo(textwrap.fill(text, width=78, initial_indent="  ", subsequent_indent="  "))

    def rule(fragment: object) -> str:
        """A rule as JSON, cut short: a pack's fragment may be megabytes (the pack has it all)."""
        text = json.dumps(fragment, sort_keys=True)
        if len(text) <= EXPLAIN_RULE_CHARS:
            return text
        cut = f"(cut at {EXPLAIN_RULE_CHARS} of {len(text):,} characters)"
        return f"{text[: EXPLAIN_RULE_CHARS - 1]}… {cut}"

    dimension = next(d for d in rubric_set.dimensions if d.id == check.dimension)
    _echo(f"{check.id}  {check.title}")
    _echo(
        f"dimension {dimension.title} · severity {check.severity} · level {check.level} · "
        f"effort {check.effort}/5 · weight {check.weight:g}"
    )
    _echo(f"looks at: {check.path}")
    _echo(f"how a gap counts: {how_it_counts(check.severity, check.level)}")
    _echo(f"passes when: {rule(check.expect)}")
    if check.partial is not None:
        _echo(f"half credit when: {rule(check.partial)}")
    if check.applies_when is not None:
        _echo(f"applies when: {check.applies_when.path} matches {rule(check.applies_when.expect)}")
    para("why it matters", check.rationale)
    para("what to do", check.remediation)
    if check.location is not None:
        _echo(f"defined in {check.location.file}:{check.location.line}")
    if project is not None:
        try:
            assessment = assess_path(
                project,
                as_of=_parse_date(as_of),
                rubric_paths=rubrics or (),
                display=str(project),
            )
        except InputError as error:
            raise _fail_input(error) from None
        finding = next(f for f in assessment.findings if f.check == check.id)
        where = f"{finding.location.file}:{finding.location.line}:{finding.location.column}"
        _echo(f"in {project}: {finding.status} at {where}")
        _echo(textwrap.fill(finding.message, width=78, initial_indent="  ", subsequent_indent="  "))
        if finding.status == "missing":  # what to add here, rather than the advice for a failure
            para("what to add", finding.remediation)


@app.command("config")
def show_config(
    config: ConfigPath = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="How to print the settings.")
    ] = ListFormat.text,
) -> None:
    """Print the settings in force and where each came from (a default, or FILE:LINE).

    Flags given to `assess` or `validate` win over every value shown here.
    """
    import json

    from readiness.config import settings_for, settings_json, settings_text
    from readiness.errors import InputError

    try:
        settings = settings_for(Path.cwd(), {}, config)
    except InputError as error:
        raise _fail_input(error) from None
    if output_format is ListFormat.json:
        from readiness.report.escape import json_text

        _print_document(
            json_text(json.dumps(settings_json(settings), indent=2, ensure_ascii=False)) + "\n"
        )
    else:
        from readiness.report.escape import plain_text

        _print_terminal(plain_text(settings_text(settings)))


class DiffFormat(enum.StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


@app.command()
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

    settings = _settings(
        config,
        {
            "rubrics": [str(path) for path in rubrics or []],
            "as_of": as_of,
            "max_bytes": max_bytes,
        },
    )
    day = _parse_date(settings["as_of"])
    try:
        rubric_set = _rubric_set([Path(path) for path in settings["rubrics"]])
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
        raise _fail_input(error) from None
    sys.stdout.write(DIFF_FORMATTERS[output_format.value](compare(*sides)))


baseline_app = typer.Typer(
    help="Record a programme's results, so that the gate fails only on regressions.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("save")
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
    from readiness.baseline import baseline_of, render
    from readiness.errors import InputError
    from readiness.output import OutputError, check_targets, write_files
    from readiness.portfolio import PortfolioRun

    settings = _settings(
        config,
        {
            "paths": paths,
            "rubrics": [str(path) for path in rubrics or []],
            "as_of": as_of,
            "max_bytes": max_bytes,
            "globs": glob,
        },
    )
    found = _discover(_paths_in_force(settings), list(settings["globs"]))
    rubric_paths = [Path(path) for path in settings["rubrics"]]
    try:
        if output is not None:
            check_targets([output], [*found.files, *rubric_paths])
        run = PortfolioRun(
            as_of=_parse_date(settings["as_of"]),
            rubrics=_rubric_set(rubric_paths),
            waiver_policy=settings.waiver_policy(),
            max_bytes=settings["max_bytes"],
        )
        text = render(baseline_of(found.files, run))
        if found.failed:
            raise typer.Exit(EXIT_INPUT_ERROR)
        if output is None:
            sys.stdout.write(text)
        else:
            write_files([(output, text)])
    except InputError as error:
        raise _fail_input(error) from None
    except OutputError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    count = len(found.files)
    where = f" to {output}" if output is not None else ""
    typer.echo(f"saved a baseline of {count} project{'s' if count != 1 else ''}{where}", err=True)


def _debug() -> bool:
    import os

    return bool(os.environ.get("READINESS_DEBUG"))


def _internal_error_text(error: Exception) -> str:
    """One line, however the exception's text runs: a bug report, not a traceback."""
    from readiness.errors import truncate

    detail = truncate(f"{type(error).__name__}: {error}", 200)
    return (
        f"internal error ({detail}); this is a bug in readiness, not in your file; please "
        "report it (READINESS_DEBUG=1 shows the traceback)"
    )


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
        if _debug():
            raise
        from readiness.report.escape import plain_text

        sys.stderr.write(plain_text(f"readiness: {_internal_error_text(error)}\n"))
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
