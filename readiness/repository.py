"""Which repository a path is named in, and whether it leads out of it through a link.

In a pull request the files are the author's, links included: a folder replaced by a link to
`/home/runner/.config` would otherwise be read and quoted in annotations and comments, and a
report written through a folder link would land wherever it leads. A path's repository is the
nearest folder with `.git` above the path as written, never one reached through a link (a link
to another clone is not the repository it is named in).
"""

from __future__ import annotations

import os
from pathlib import Path


def named_in(path: Path) -> str | None:
    """The real path of the repository `path` is named in, or None outside any repository."""
    for candidate in Path(os.path.abspath(path)).parents:
        if candidate.is_symlink():
            continue
        if (candidate / ".git").exists():
            return os.path.realpath(candidate)
    return None


def inside(path: Path, repository: str | None) -> bool:
    """Whether `path`, its links followed, is inside `repository` (always, for None)."""
    if repository is None:
        return True
    target = os.path.realpath(path)
    return target == repository or target.startswith(repository.rstrip(os.sep) + os.sep)


def link_out(path: Path) -> str | None:
    """The repository `path` is named in when a link takes it out of it, else None."""
    repository = named_in(path)
    return None if inside(path, repository) else repository
