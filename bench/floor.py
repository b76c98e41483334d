"""The floor: the least any tool must do to say whether project files are valid.

    python bench/floor.py PATH...      (files, or folders searched for *.yaml and *.yml)

A bare process that reads each file, parses it with libyaml (PyYAML's C loader, dates kept as
text as readiness keeps them) and asks jsonschema-rs whether it satisfies the published project
schema. No CLI framework, no located diagnostics, no assessment: readiness's speed targets are
ratios to this. It prints how many files were valid.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema_rs
import yaml

SCHEMA = Path(__file__).resolve().parent.parent / "readiness" / "schemas" / "project.schema.json"


class Loader(yaml.CSafeLoader):
    """libyaml with dates left as text (jsonschema-rs takes JSON values only)."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def files(arguments: list[str]) -> list[Path]:
    """The files named, and the YAML files under the folders named, in a stable order."""
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")))
        else:
            found.append(path)
    return found


def main() -> int:
    """Validate every file; print the count of valid ones."""
    validator = jsonschema_rs.Draft202012Validator(
        json.loads(SCHEMA.read_text(encoding="utf-8")), validate_formats=True
    )
    paths = files(sys.argv[1:])
    valid = 0
    for path in paths:
        try:
            document = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506
            valid += bool(validator.is_valid(document))
        except (yaml.YAMLError, ValueError, UnicodeDecodeError):
            pass
    print(f"{valid} of {len(paths)} valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
