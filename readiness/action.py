"""Helpers for the GitHub Action (`action.yml`): what its bash steps cannot say safely.

`python -m readiness.action outputs RESULT.json EXIT_CODE` prints the step outputs (`gate`,
`exit-code`, `projects`, `verdicts`, `worst-level`) as `key=value` lines for `$GITHUB_OUTPUT`,
from a `readiness-result/1` or `readiness-portfolio/1` file (or none, when the run stopped on a
usage error). `python -m readiness.action trusted-arguments BASE_DIR SCRATCH_DIR` prints,
NUL-separated, the arguments that make a run use the configuration of a checkout of the target
branch (`--config` and, when it names them, its project paths), or the defaults when it has
none, rather than whatever a pull request changed or added.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

GATE_WORDS = {0: "passed", 1: "failed"}
VERDICTS = ("ready", "conditional", "not_ready", "input_error")


def outputs(result: Mapping[str, Any] | None, exit_code: int) -> dict[str, str]:
    """The Action's outputs for a run that ended with `exit_code` and wrote `result`."""
    found = {
        "gate": GATE_WORDS.get(exit_code, "error"),
        "exit-code": str(exit_code),
        "projects": "0",
        "verdicts": json.dumps(dict.fromkeys(VERDICTS, 0)),
        "worst-level": "",
    }
    if not result:
        return found
    if result.get("format") == "readiness-portfolio/1":
        summary = result["summary"]
        levels = [row["level"] for row in summary["rows"] if row.get("level") is not None]
        found["projects"] = str(summary["projects"])
        found["verdicts"] = json.dumps({v: summary["verdicts"].get(v, 0) for v in VERDICTS})
        found["worst-level"] = str(min(levels)) if levels else ""
    elif result.get("format") == "readiness-result/1":
        counts = dict.fromkeys(VERDICTS, 0)
        counts[str(result["verdict"])] = 1
        found["projects"] = "1"
        found["verdicts"] = json.dumps(counts)
        found["worst-level"] = str(result["level"])
    return found


DEFAULTS_NAME = "readiness-defaults.yaml"


def trusted_arguments(base: Path, scratch: Path) -> list[str]:
    """`--config FILE` for the configuration a checkout of the target branch holds, and the
    project paths it names (relative, so they apply to the pull request's checkout too).

    When the target branch has none, FILE is an empty configuration written to `scratch`: the
    defaults, so that a configuration the pull request adds is never the one that judges it.
    """
    from readiness.config import find_config, load_config

    path = find_config(base)
    if path is None:
        defaults = scratch / DEFAULTS_NAME
        defaults.write_text(
            "# The target branch has no configuration: the gate runs with the defaults.\n",
            encoding="utf-8",
        )
        return ["--config", str(defaults.resolve())]
    config = load_config(path)
    arguments = ["--config", str(path.resolve())]
    for item in config.data.get("paths") or []:
        folder = config.folder.resolve()
        arguments.append(os.path.relpath(folder / item, base.resolve()))
    return arguments


def main(argv: Sequence[str]) -> int:
    """The command line of this module; see the module docstring."""
    from readiness.errors import InputError

    if len(argv) == 3 and argv[0] == "outputs":
        try:
            text = Path(argv[1]).read_text(encoding="utf-8")
            result = json.loads(text) if text.strip() else None
        except (OSError, ValueError):
            result = None
        for key, value in outputs(result, int(argv[2])).items():
            sys.stdout.write(f"{key}={' '.join(value.split())}\n")
        return 0
    if len(argv) == 3 and argv[0] == "trusted-arguments":
        try:
            arguments = trusted_arguments(Path(argv[1]), Path(argv[2]))
        except InputError as error:
            for diagnostic in error.diagnostics:
                sys.stderr.write(diagnostic.render() + "\n")
            return 2
        except OSError as error:
            sys.stderr.write(f"error: {error.filename}: {error.strerror}\n")
            return 2
        sys.stdout.write("".join(f"{argument}\0" for argument in arguments))
        return 0
    sys.stderr.write(
        "usage: python -m readiness.action outputs RESULT.json EXIT_CODE\n"
        "       python -m readiness.action trusted-arguments BASE_DIR SCRATCH_DIR\n"
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
