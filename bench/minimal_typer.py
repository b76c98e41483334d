"""A minimal Typer app with readiness's settings: `--help` here is the yardstick for ours.

    python bench/minimal_typer.py --help

Two commands with one option each, plain help (no Rich markup, as readiness prints it) and
Typer's completion options. Whatever readiness's `--help` costs beyond this is ours.
"""

import typer

app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


@app.command()
def goodbye(name: str = "world") -> None:
    """Say goodbye."""
    typer.echo(f"goodbye {name}")


if __name__ == "__main__":
    app()
