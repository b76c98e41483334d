"""Which files a command works on: the paths given, and project files found below directories.

`discover` is the one place `assess` and `validate` find their files. A file named on the command
line is taken whatever its name; a directory is searched recursively, in sorted order so that
runs are repeatable, for names matching the globs (`readiness.yaml`, `*.readiness.yaml` and their
`.yml` spellings by default); hidden files and folders are passed over (`.readiness.yaml`, which
`*.readiness.yaml` would match, is the configuration). Symbolic links are followed, so a
programme may link projects in from elsewhere in its repository; a link that leads back into a
folder being searched (a loop), a link that leads out of the repository and a folder that cannot
be read are reported, and the search goes on with everything else.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from readiness.errors import Diagnostic
from readiness.record import Record

DEFAULT_GLOBS: tuple[str, ...] = (
    "readiness.yaml",
    "*.readiness.yaml",
    "readiness.yml",
    "*.readiness.yml",
)

# Folders nobody keeps project files in, and which can be huge: version control, virtual
# environments, caches, node_modules. A folder named on the command line is searched anyway.
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})


# A file with one of these endings, left out by the globs, may be a project with another name.
YAML_SUFFIXES = (".yaml", ".yml")


def skipped_folder(name: str) -> bool:
    """Hidden folders (`.git`, `.venv`, `.tox` …) and a few well-known tool folders."""
    return name.startswith(".") or name in SKIPPED_FOLDERS


class Discovery(Record):
    """The files found, in a stable order, and what got in the way of the search.

    `problems` holds errors (a folder that cannot be read: it may hide a project) and
    warnings (a symlink loop, a folder with no project file); neither stops the search.
    """

    files: tuple[Path, ...]
    problems: tuple[Diagnostic, ...]
    globs: tuple[str, ...]

    @property
    def failed(self) -> bool:
        """Whether the search may have missed a project (an error, not a warning)."""
        return any(problem.severity == "error" for problem in self.problems)

    def searched_for(self) -> str:
        """The names searched for, as a user reads them: `readiness.yaml, *.readiness.yaml …`."""
        return ", ".join(self.globs)


def matches(relative: PurePosixPath, globs: Iterable[str]) -> bool:
    """Whether a path (relative to the folder searched) matches one of the globs.

    A glob matches the end of the path, as `PurePath.match` does: `*.readiness.yaml` matches
    the name in any folder, `projects/*.yaml` a YAML file directly inside any `projects` folder.
    """
    return GlobSet(globs).matches(relative)


class GlobSet:
    """Globs read once into a tree of their parts from the last, so that a path is compared
    only with the globs whose later parts it matches, not with every glob: a configuration may
    list thousands of globs (issue 18), and `PurePath.match` parses its pattern on every call.
    Matches exactly what `PurePosixPath.match` does for a relative path."""

    def __init__(self, globs: Iterable[str]) -> None:
        self.root = _GlobNode()
        for glob in globs:
            pattern = PurePosixPath(glob)
            if pattern.is_absolute() or not pattern.parts:
                continue  # never matches a path relative to the folder searched
            node = self.root
            for part in reversed(pattern.parts):
                if any(char in part for char in "*?["):
                    node = node.wild.setdefault(part, _GlobNode())
                else:
                    node = node.literal.setdefault(part, _GlobNode())
            node.complete = True

    def matches(self, relative: PurePosixPath) -> bool:
        """Whether one of the globs matches the end of the path."""
        parts = relative.parts
        pending = [(self.root, len(parts) - 1)]
        while pending:
            node, index = pending.pop()
            if node.complete:
                return True
            if index < 0:
                continue
            part = parts[index]
            if (child := node.literal.get(part)) is not None:
                pending.append((child, index - 1))
            pending.extend(
                (child, index - 1)
                for pattern, child in node.wild.items()
                if fnmatch.fnmatchcase(part, pattern)
            )
        return False


class _GlobNode:
    """The globs that share their last parts: those ending here, and where each goes on."""

    __slots__ = ("complete", "literal", "wild")

    def __init__(self) -> None:
        self.complete = False
        self.literal: dict[str, _GlobNode] = {}
        self.wild: dict[str, _GlobNode] = {}


def discover(paths: Iterable[Path], globs: Iterable[str] = DEFAULT_GLOBS) -> Discovery:
    """The project files named by `paths`: files as given, directories searched for `globs`.

    A path that does not exist is kept, so that reading it reports the problem against its
    name. The same file reached twice (named twice, or through a link) is kept once, where it
    was first found.
    """
    patterns = tuple(globs)
    found: list[Path] = []
    problems: list[Diagnostic] = []
    seen: set[tuple[int, int] | str] = set()

    def keep(path: Path) -> None:
        try:
            status = path.stat()
            identity: tuple[int, int] | str = (status.st_dev, status.st_ino)
        except OSError:
            identity = os.path.abspath(path)
        if identity not in seen:
            seen.add(identity)
            found.append(path)

    for path in paths:
        if leaves := _named_path_leaves(path):
            problems.append(leaves)
            continue
        if path.is_dir():
            matched, trouble, others = _search(path, patterns)
            problems.extend(trouble)
            if not matched and not trouble:
                problems.append(
                    Diagnostic(
                        str(path),
                        0,
                        0,
                        f"no project files in this folder (searched for {', '.join(patterns)})",
                        hint=_nothing_found_hint(path, others),
                        severity="warning",
                    )
                )
            for match in matched:
                keep(match)
        else:
            keep(path)
    return Discovery(tuple(found), tuple(problems), patterns)


def _nothing_found_hint(folder: Path, others: list[str]) -> str:
    """What to do when a folder holds no file with a project name: take the YAML files it does
    hold with `--glob`, or name them."""
    if not others:
        return (
            "project files are named readiness.yaml or NAME.readiness.yaml; "
            "--glob PATTERN searches for other names"
        )
    suffixes = sorted({os.path.splitext(name)[1] for name in others}, key=YAML_SUFFIXES.index)
    count = len(others)
    files = f"{count} YAML file{'s' if count != 1 else ''} with other names"
    globs = " ".join(f"--glob '*{suffix}'" for suffix in suffixes)
    hint = (
        f"it holds {files} ({others[0]}{', …' if count > 1 else ''}): add {globs} to take "
        "every YAML file below it"
    )
    top = sorted(
        {os.path.splitext(name)[1] for name in others if "/" not in name},
        key=YAML_SUFFIXES.index,
    )
    if top:
        named = " ".join(f"{_shell_word(str(folder))}/*{suffix}" for suffix in top)
        hint += f", or name the ones you mean ({named})"
    return hint


def _shell_word(text: str) -> str:
    """`text` as one word for a shell command shown in a hint."""
    import shlex

    return shlex.quote(text)


def _repository_of(folder: Path) -> str | None:
    """The real path of the repository holding `folder` (the nearest folder with `.git`)."""
    real = Path(os.path.realpath(folder))
    for candidate in (real, *real.parents):
        if (candidate / ".git").exists():
            return str(candidate)
    return None


def _named_path_leaves(path: Path) -> Diagnostic | None:
    """An error when a path named to the command leads, through a link, out of the repository
    it is named in (a pull request that replaces `projects/` with a link to a folder elsewhere,
    or a project file with a link to a credentials file): it is not read, not even to quote it."""
    from readiness.repository import link_out

    repository = link_out(path)
    if repository is None:
        return None
    return Diagnostic(
        str(path),
        0,
        0,
        f"a link out of the repository ({repository}) is not followed; it leads to "
        f"{os.path.realpath(path)}",
        hint="name files inside the repository, or copy them in",
    )


def links_out(paths: Iterable[Path]) -> list[Diagnostic]:
    """`_named_path_leaves` for each path: what a command refuses before it reads anything."""
    return [problem for path in paths if (problem := _named_path_leaves(path))]


def _leaves(path: Path, repository: str | None) -> bool:
    """Whether a link leads outside the repository. A pull request may add one (`x -> /`): the
    search would walk the whole machine and read files that are not the programme's."""
    if repository is None:
        return False
    target = os.path.realpath(path)
    return not (target == repository or target.startswith(repository.rstrip(os.sep) + os.sep))


def _search(
    root: Path, patterns: tuple[str, ...]
) -> tuple[list[Path], list[Diagnostic], list[str]]:
    """Walk `root` depth first in name order, following links but never round a loop nor out of
    the repository `root` is in; also return the YAML files left out by the globs (paths
    relative to `root`, sorted), so a search that finds nothing can say what it passed over."""
    globs = GlobSet(patterns)
    matched: list[Path] = []
    others: list[str] = []
    problems: list[Diagnostic] = []
    repository = _repository_of(root)
    visited: set[tuple[int, int]] = set()
    root_status = root.stat()
    root_id = (root_status.st_dev, root_status.st_ino)
    visited.add(root_id)
    # Each entry: the folder, its path relative to root, and the folders above it (for loops).
    stack: list[tuple[Path, PurePosixPath, tuple[tuple[int, int], ...]]] = [
        (root, PurePosixPath(), (root_id,))
    ]
    while stack:
        folder, relative, ancestors = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            reason = error.strerror or str(error)
            problems.append(
                Diagnostic(
                    str(folder),
                    0,
                    0,
                    f"cannot search this folder: {reason}; project files in it were not assessed",
                    hint="make it readable, or leave it out of the paths given",
                )
            )
            continue
        below: list[tuple[Path, PurePosixPath, tuple[tuple[int, int], ...]]] = []
        for entry in entries:
            path = folder / entry.name
            try:
                is_folder = entry.is_dir()
            except OSError:  # pragma: no cover - is_dir swallows most errors itself
                is_folder = False
            if not is_folder and entry.name.startswith("."):
                continue  # hidden, like `.readiness.yaml`: the configuration, no project
            wanted = globs.matches(relative / entry.name) if not is_folder else True
            if wanted and entry.is_symlink() and _leaves(path, repository):
                if is_folder and skipped_folder(entry.name):
                    continue
                problems.append(
                    Diagnostic(
                        str(path),
                        0,
                        0,
                        f"this link leads out of the repository ({os.readlink(path)}); "
                        "not followed",
                        hint="name what it links to on the command line if it is a project",
                        severity="warning",
                    )
                )
                continue
            if not is_folder:
                if wanted:
                    matched.append(path)
                elif entry.name.endswith(YAML_SUFFIXES):
                    others.append(str(relative / entry.name))
                continue
            if skipped_folder(entry.name):
                continue
            try:
                status = entry.stat()
            except OSError as error:  # pragma: no cover - a folder removed while we walk
                problems.append(Diagnostic(str(path), 0, 0, f"cannot search: {error.strerror}"))
                continue
            identity = (status.st_dev, status.st_ino)
            if identity in ancestors:
                target = os.readlink(path) if entry.is_symlink() else str(path)
                problems.append(
                    Diagnostic(
                        str(path),
                        0,
                        0,
                        f"symlink loop: this link points back to a folder above it ({target}); "
                        "not searched again",
                        severity="warning",
                    )
                )
                continue
            if identity in visited:
                continue  # the same folder through another link: searched once already
            visited.add(identity)
            below.append((path, relative / entry.name, (*ancestors, identity)))
        stack.extend(reversed(below))
    # By path parts, as `sorted()` orders paths: the same order on every machine and run.
    matched.sort(key=lambda path: path.relative_to(root).parts)
    others.sort(key=lambda name: PurePosixPath(name).parts)
    return matched, problems, others
