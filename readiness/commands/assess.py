"""`readiness assess`: one file gives its full report and gate; several files or a folder give
the portfolio, whose run (workers, reports, the gate per project) is the core's."""

import contextlib
import enum
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.commands._common import (
    EXIT_GATE_FAILED,
    EXIT_INPUT_ERROR,
    EXIT_OK,
    AsOf,
    ConfigPath,
    Globs,
    NoWaivers,
    OptionalMaxBytes,
    RubricPaths,
    append_step_summary,
    discover_files,
    document_stream,
    echo,
    fail_input,
    output_targets,
    parse_date,
    paths_in_force,
    print_document,
    print_terminal,
    release_document_stream,
    rubric_set_for,
    settings_in_force,
    terminal_width,
    use_color,
    wants_step_summary,
)
from readiness.report import FORMATTERS
from readiness.vocabulary import FAIL_ON_CHOICES

if TYPE_CHECKING:
    from readiness.config import Settings
    from readiness.discover import Discovery
    from readiness.gate import GateSettings
    from readiness.rubric import RubricSet
    from readiness.waivers import WaiverPolicy

# The --format choices are the registry's keys: a new format module needs no CLI change.
ReportFormat = enum.StrEnum("ReportFormat", {name: name for name in FORMATTERS})  # type: ignore[misc]


# The gate's own list of what can fail it, so the CLI and the gate cannot drift apart.
FailOn = enum.StrEnum("FailOn", {name: name for name in FAIL_ON_CHOICES})  # type: ignore[misc]


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
    base: Annotated[
        Path | None,
        typer.Option(
            "--base",
            help="A checkout of the target branch: its projects at the same paths, assessed in "
            "this run with the same settings, are the baseline (as --baseline: only "
            "regressions and new projects below the bar fail).",
            metavar="DIR",
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

    settings = settings_in_force(
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
    paths = paths_in_force(settings)
    day = parse_date(settings["as_of"])
    rubric_paths = [Path(path) for path in settings["rubrics"]]
    try:
        rubric_set = rubric_set_for(rubric_paths)
        problems = settings.check_dimensions([d.id for d in rubric_set.dimensions])
        if problems:
            raise InputError(problems)
        gate_settings = settings.gate
        if settings["baseline"] is not None:
            from readiness.baseline import load_baseline

            recorded = load_baseline(
                Path(settings["baseline"]), today=day, policy=settings.baseline_policy
            )
            gate_settings = replace(gate_settings, baseline=recorded)
            for flag in recorded.flags:
                echo(f"warning: baseline flagged (gate.baseline_problems: flag): {flag}", err=True)
    except InputError as error:
        raise fail_input(error) from None
    policy = settings.waiver_policy(honour=not no_waivers)
    if base is not None:
        gate_settings = _with_base(base, paths, settings, day, rubric_set, policy, gate_settings)
    gate_settings = replace(
        gate_settings,
        in_force=settings.gate_in_force(gate_settings.baseline, day, honour=not no_waivers),
    )
    # Files in force that no report may replace (with the projects and the evidence they cite).
    in_force = [*rubric_paths]
    if settings.config is not None:
        in_force.append(settings.config.path)
    if settings["baseline"] is not None:
        in_force.append(Path(settings["baseline"]))
    targets = output_targets(list(settings["outputs"]))
    chosen = str(settings["format"])
    if len(paths) == 1 and not paths[0].is_dir():
        _assess_one(
            paths[0],
            day,
            chosen,
            targets,
            chart,
            in_force,
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
        discover_files(paths, list(settings["globs"])),
        day,
        chosen,
        targets,
        in_force,
        rubric_set,
        gate_settings,
        policy,
        color,
        settings["max_bytes"],
        settings["jobs"],
    )


def _assess_one(
    path: Path,
    day: date,
    output_format: str,
    targets: list[tuple[str, Path]],
    chart: Path | None,
    inputs: list[Path],
    rubric_set: "RubricSet",
    gate_settings: "GateSettings",
    policy: "WaiverPolicy",
    verbose: bool,
    color: bool | None,
    max_bytes: int,
) -> None:
    """One file: its full report, and its gate."""

    from readiness.assess import assess_document
    from readiness.errors import InputError
    from readiness.facts.common import RefLookup, evidence_files
    from readiness.gate import evaluate_gate
    from readiness.loader import load_file
    from readiness.output import OutputError, plan_reports, render_report, write_reports

    try:
        # Read once: the evidence files it cites are inputs no report may replace.
        document = load_file(path, display=str(path), max_bytes=max_bytes)
        folder = path.resolve().parent
        refs = RefLookup(folder)  # looked up once, for these inputs and for the facts
        try:
            plan = plan_reports(
                targets, chart, inputs=[path, *evidence_files(document.data, folder, refs), *inputs]
            )
        except OutputError as error:
            echo(f"error: {error}", err=True)
            raise typer.Exit(EXIT_INPUT_ERROR) from None
        assessment = assess_document(
            document,
            as_of=day,
            rubrics=rubric_set,
            base_dir=folder,
            waiver_policy=policy,
            refs=refs,
        )
    except InputError as error:
        if output_format == "github":  # annotated on the lines, as in a portfolio
            from readiness.report.github_portfolio import problem_command

            print_document("".join(problem_command(d) + "\n" for d in error.diagnostics))
        raise fail_input(error) from None

    result = evaluate_gate(assessment, gate_settings)
    # Every report shows the gate it was judged by, and the gaps that hold it.
    assessment = replace(assessment, gate=result)
    try:
        write_reports(assessment, plan)
    except OutputError as error:
        echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    if output_format == "github" and wants_step_summary():
        append_step_summary(render_report("markdown", assessment, plan))

    if output_format == "terminal":
        from readiness.report.terminal import render as render_terminal

        tty = sys.stdout.isatty()
        text = render_terminal(
            assessment,
            width=terminal_width() if tty else 80,
            color=use_color(color),
            verbose=verbose,
        )
        print_terminal(text)
    else:
        print_document(render_report(output_format, assessment, plan))
    _echo_gate_in_force(gate_settings)
    echo(result.line(), err=True)
    raise typer.Exit(EXIT_OK if result.passed else EXIT_GATE_FAILED)


def _echo_gate_in_force(gate_settings: "GateSettings") -> None:
    """Before the gate lines (which stay last): each setting a configuration file changed from
    the defaults, and where (the flags are on the command line already), and a flagged
    baseline's problems. The reports name every setting in force and the baseline."""
    for key, value, source in gate_settings.in_force.changed:
        if not source.startswith("--"):
            echo(f"gate setting: {key}: {value} (from {source})", err=True)
    for note in gate_settings.in_force.notes:
        if note.startswith("baseline flagged"):
            echo(f"gate setting: {note}", err=True)


def _with_base(
    base: Path,
    paths: list[Path],
    settings: "Settings",
    day: date,
    rubric_set: "RubricSet",
    policy: "WaiverPolicy",
    gate_settings: "GateSettings",
) -> "GateSettings":
    """The gate with, as its baseline, the target branch's checkout assessed as the head is:
    one run, one set of settings, so no option can judge one side only."""
    from readiness.errors import InputError
    from readiness.portfolio import PortfolioRun
    from readiness.portfolio_run import WorkerLost, baseline_of_checkout

    if settings["baseline"] is not None:
        raise typer.BadParameter("give --base or --baseline, not both", param_hint="--base")
    if not base.is_dir():
        raise typer.BadParameter(f"'{base}' is not a folder", param_hint="--base")
    run = PortfolioRun(
        as_of=day, rubrics=rubric_set, waiver_policy=policy, max_bytes=settings["max_bytes"]
    )
    try:
        recorded = baseline_of_checkout(base, paths, list(settings["globs"]), run, settings["jobs"])
    except InputError as error:
        raise fail_input(error) from None
    except WorkerLost as error:
        echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    return replace(gate_settings, baseline=recorded)


def _assess_portfolio(
    found: "Discovery",
    day: date,
    output_format: str,
    targets: list[tuple[str, Path]],
    inputs: list[Path],
    rubric_set: "RubricSet",
    gate_settings: "GateSettings",
    policy: "WaiverPolicy",
    color: bool | None,
    max_bytes: int,
    jobs: int | None,
) -> None:
    """Many files: the portfolio table (or the chosen format), one gate line per failing
    project, the overall gate last."""
    import os

    from readiness.errors import InputError
    from readiness.output import OutputError
    from readiness.portfolio import PortfolioRun
    from readiness.portfolio_run import PortfolioReports, WorkerLost, wants_progress

    try:
        reports = PortfolioReports(targets, [*found.files, *inputs])
    except OutputError as error:
        echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    except InputError as error:
        raise fail_input(error) from None
    run = PortfolioRun(
        as_of=day, rubrics=rubric_set, gate=gate_settings, waiver_policy=policy, max_bytes=max_bytes
    )
    document = document_stream() if output_format != "terminal" else None
    step_summary = output_format == "github" and wants_step_summary()
    # Not while JSON or SARIF streams to the same terminal: the bar would break its lines.
    streams_to_tty = output_format != "terminal" and sys.stdout.isatty()
    show = wants_progress(sys.stderr.isatty() and not streams_to_tty, os.environ, len(found.files))
    try:
        with _progress_bar(len(found.files) if show else 0) as advance:
            result = reports.run(
                found.files,
                run,
                stdout=(output_format, document) if document is not None else None,
                step_summary=step_summary,
                search_problems=found.problems,
                progress=advance,
                jobs=jobs,
            )
    except (OutputError, WorkerLost) as error:
        echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    finally:
        if document is not None:
            release_document_stream(document)
    summary = result.summary
    if result.step_summary is not None:
        from readiness.report.github_portfolio import hidden_annotations_note

        note = hidden_annotations_note(summary, "this step's log")
        append_step_summary(result.step_summary + (f"\n> {note}\n" if note else ""))
    if output_format == "terminal":
        from readiness.report.terminal_portfolio import PLAIN_WIDTH
        from readiness.report.terminal_portfolio import render as render_terminal

        width = terminal_width(160) if sys.stdout.isatty() else PLAIN_WIDTH
        print_terminal(render_terminal(run, summary, width=width, color=use_color(color)))
    sys.stdout.flush()
    _echo_gate_in_force(gate_settings)
    for line in summary.gate_lines():
        echo(line, err=True)
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
