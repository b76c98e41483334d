"""`readiness init`: write a commented starting project file (and the editor schema beside it),
or ask a few questions first."""

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readiness.commands._common import EXIT_INPUT_ERROR, echo

if TYPE_CHECKING:
    from readiness.starter import StarterAnswers


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
        echo(f"error: {path} exists; pass --force to overwrite it", err=True)
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
        echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from None
    echo(f"wrote {path}: every section explained, with a commented example")
    if write_schema:
        echo(f"wrote {schema_path}: editors with the YAML language server check {path.name}")
    echo(f"next: readiness assess {path}")


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
            echo("\nerror: no answer (end of input); nothing written", err=True)
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
