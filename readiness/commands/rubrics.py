"""`readiness rubrics`: list every check (or write the check pages), and `rubrics test`: run a
pack's example cases like tests."""

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.commands._common import (
    EXIT_GATE_FAILED,
    EXIT_INPUT_ERROR,
    EXIT_OK,
    ConfigPath,
    RubricPaths,
    echo,
    fail_input,
    print_document,
    rubrics_in_force,
    settings_in_force,
)

if TYPE_CHECKING:
    from readiness.rubric import RubricSet

app = typer.Typer(
    help="List every check, or test rubric packs on example cases.",
    add_completion=False,
    rich_markup_mode=None,
)


class RubricsFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.callback(invoke_without_command=True)
def list_rubrics(
    ctx: typer.Context,
    rubrics: RubricPaths = None,
    config: ConfigPath = None,
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
    """List every check: id, dimension, severity, level and title (with the packs of
    .readiness.yaml, as `assess` judges by them)."""
    if ctx.invoked_subcommand is not None:
        return
    import json

    settings = settings_in_force(config, {"rubrics": [str(path) for path in rubrics or []]})
    rubric_set = rubrics_in_force(settings)
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

        print_document(json_text(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n")
        return
    for dimension in rubric_set.dimensions:
        echo(f"{dimension.title} ({dimension.id}, pack v{dimension.version})")
        for c in dimension.checks:
            echo(f"  {c.id:<7} {c.severity:<8} L{c.level}  {c.title}")
    echo(f"{len(rubric_set.checks)} checks in {len(rubric_set.dimensions)} dimensions")


def _write_check_pages(rubric_set: "RubricSet", folder: Path) -> None:
    """Write the check pages (all or none) and remove pages of dimensions no longer there."""
    from readiness.checkdocs import check_pages, is_generated
    from readiness.output import OutputError, check_targets, write_files
    from readiness.report.escape import plain_line, plain_text

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
            # A file name may hold a line break and a workflow command: one line, no command.
            typer.echo(plain_text(f"removed {plain_line(str(stale))} (no such dimension now)"))
    names = plain_line(", ".join(pages))
    typer.echo(plain_text(f"wrote {len(pages)} pages to {plain_line(str(folder))}: {names}"))


@app.command("test")
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
        raise fail_input(error) from None
    results = run_cases(found, rubric_set)
    failed = [r for r in results if not r.passed]
    for result in failed:
        case = result.case
        echo(
            f"{case.file}:{case.line}: {case.check} '{case.name}': expected {case.status}, "
            f"got {result.status}: {result.message}"
        )
    echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    raise typer.Exit(EXIT_GATE_FAILED if failed else EXIT_OK)
