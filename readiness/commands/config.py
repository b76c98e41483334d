"""`readiness config`: the settings in force and where each came from."""

import enum
from pathlib import Path
from typing import Annotated

import typer

from readiness.commands._common import (
    ConfigPath,
    fail_input,
    print_document,
    print_terminal,
    rubrics_in_force,
)


class ListFormat(enum.StrEnum):
    text = "text"
    json = "json"


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
        raise fail_input(error) from None
    if output_format is ListFormat.json:
        from readiness.report.escape import json_text

        print_document(
            json_text(json.dumps(settings_json(settings), indent=2, ensure_ascii=False)) + "\n"
        )
    else:
        from readiness.report.escape import plain_text

        print_terminal(plain_text(settings_text(settings)))
    # Shown, then judged as `assess` would: a pack it cannot read or a band for no dimension
    # is an error here too (exit 2), told after the settings that name it.
    rubrics_in_force(settings)
