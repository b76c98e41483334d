"""Which files a command works on: the paths given, and project files found in directories."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

DEFAULT_GLOBS = ("readiness.yaml", "*.readiness.yaml")


def project_files(paths: Iterable[Path], globs: Iterable[str] = DEFAULT_GLOBS) -> list[Path]:
    """Files as given, plus `readiness.yaml` and `*.readiness.yaml` found below directories.

    A directory is searched recursively in sorted order so that runs are repeatable; a path that
    does not exist is kept, so that reading it reports the problem against its name.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            matches = {m for pattern in globs for m in path.rglob(pattern) if m.is_file()}
            found.extend(sorted(matches))
        else:
            found.append(path)
    return list(dict.fromkeys(found))
