"""`readiness explain`: one check in full, and why it passed or failed in a project."""

from pathlib import Path
from typing import Annotated

import typer

from readiness.commands._common import (
    EXIT_INPUT_ERROR,
    AsOf,
    ConfigPath,
    RubricPaths,
    echo,
    fail_input,
    parse_date,
    rubrics_in_force,
    settings_in_force,
)

EXPLAIN_RULE_CHARS = 600
"""How much of a rule `explain` prints: every built-in rule in full (the longest is ~340
characters), a hostile pack's megabyte fragment cut short."""


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
    config: ConfigPath = None,
) -> None:
    """Print one check in full: what it looks at, why it matters, what to do (the packs and
    as-of date of .readiness.yaml apply, as they do to `assess`)."""
    import json
    import textwrap

    from readiness.assess import assess_path
    from readiness.errors import InputError
    from readiness.scoring import how_it_counts

    settings = settings_in_force(
        config, {"rubrics": [str(path) for path in rubrics or []], "as_of": as_of}
    )
    rubric_set = rubrics_in_force(settings)
    check = rubric_set.check(check_id)
    if check is None:
        from readiness.errors import truncate
        from readiness.suggest import closest

        close = closest(check_id, [c.id for c in rubric_set.checks])
        hint = f" (did you mean {close}?)" if close else " (`readiness rubrics` lists them)"
        echo(f"error: no check '{truncate(check_id)}'{hint}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR)

    def para(label: str, text: str) -> None:
        echo(f"{label}:")
        echo(textwrap.fill(text, width=78, initial_indent="  ", subsequent_indent="  "))

    def rule(fragment: object) -> str:
        """A rule as JSON, cut short: a pack's fragment may be megabytes (the pack has it all)."""
        text = json.dumps(fragment, sort_keys=True)
        if len(text) <= EXPLAIN_RULE_CHARS:
            return text
        cut = f"(cut at {EXPLAIN_RULE_CHARS} of {len(text):,} characters)"
        return f"{text[: EXPLAIN_RULE_CHARS - 1]}… {cut}"

    dimension = next(d for d in rubric_set.dimensions if d.id == check.dimension)
    echo(f"{check.id}  {check.title}")
    echo(
        f"dimension {dimension.title} · severity {check.severity} · level {check.level} · "
        f"effort {check.effort}/5 · weight {check.weight:g}"
    )
    echo(f"looks at: {check.path}")
    echo(f"how a gap counts: {how_it_counts(check.severity, check.level)}")
    echo(f"passes when: {rule(check.expect)}")
    if check.partial is not None:
        echo(f"half credit when: {rule(check.partial)}")
    if check.applies_when is not None:
        echo(f"applies when: {check.applies_when.path} matches {rule(check.applies_when.expect)}")
    para("why it matters", check.rationale)
    para("what to do", check.remediation)
    if check.location is not None:
        echo(f"defined in {check.location.file}:{check.location.line}")
    if project is not None:
        try:
            assessment = assess_path(
                project,
                as_of=parse_date(settings["as_of"]),
                rubrics=rubric_set,
                display=str(project),
            )
        except InputError as error:
            raise fail_input(error) from None
        finding = next(f for f in assessment.findings if f.check == check.id)
        where = f"{finding.location.file}:{finding.location.line}:{finding.location.column}"
        echo(f"in {project}: {finding.status} at {where}")
        echo(textwrap.fill(finding.message, width=78, initial_indent="  ", subsequent_indent="  "))
        if finding.status == "missing":  # what to add here, rather than the advice for a failure
            para("what to add", finding.remediation)
