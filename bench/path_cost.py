"""What the path to ready costs per file: one assessment with it against one without it.

    python bench/path_cost.py              # the samples and a 40-file generated programme

The path is the only part of an assessment whose work grows with what is wrong with the
project (a ready project has none; a not-ready one searches, repairs a copy and re-assesses it),
so its share of a programme run is measured apart: in one process, each file assessed with the
path and with `plan_path` replaced by a stub, interleaved, the median of the paired CPU-time
differences. `bench/run.py --only path` puts the rows into bench/RESULTS.md.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

AS_OF = date(2026, 11, 25)


def path_cost(files: Sequence[Path], rounds: int) -> list[tuple[str, float, float, str]]:
    """(file name, assessment without the path, the path's extra, the verdict) in seconds of
    CPU, each the median over `rounds` interleaved pairs."""
    import readiness.assess as assess
    from readiness.loader import load_file
    from readiness.model import PathToReady
    from readiness.rubric import builtin_rubrics

    rubrics = builtin_rubrics()
    planner = vars(assess)["plan_path"]

    def stub(*_: Any, **__: Any) -> PathToReady:
        return PathToReady((), reachable=True, proven_smallest=True)

    measured = []
    for path in files:
        document = load_file(path)
        verdict = ""

        folder = path.parent.resolve()

        def once(
            plan: Callable[..., PathToReady], document: Any = document, folder: Path = folder
        ) -> float:
            nonlocal verdict
            vars(assess)["plan_path"] = plan
            started = time.process_time()
            verdict = assess.assess_document(
                document, as_of=AS_OF, rubrics=rubrics, base_dir=folder
            ).verdict
            return time.process_time() - started

        pairs = [(once(planner), once(stub)) for _ in range(rounds)]
        vars(assess)["plan_path"] = planner
        without = statistics.median(b for _, b in pairs)
        extra = statistics.median(a - b for a, b in pairs)
        measured.append((path.name, without, max(extra, 0.0), verdict))
    return measured


def programme_cost(count: int, rounds: int) -> tuple[float, float, int]:
    """The path's mean extra CPU per file over a generated programme of `count` files, the mean
    assessment without it, and how many of the files are not ready."""
    from bench.generate import generate_programme

    with tempfile.TemporaryDirectory(prefix="readiness-path-") as folder:
        files = generate_programme(Path(folder), count)
        measured = path_cost(files, rounds)
    extra = statistics.mean(m[2] for m in measured)
    without = statistics.mean(m[1] for m in measured)
    return extra, without, sum(1 for m in measured if m[3] != "ready")


def main() -> None:
    """Print the cost per sample, per project of tests/fixtures/path-to-ready, and per file of
    a generated programme."""
    files = sorted((ROOT / "samples").glob("*.yaml"))
    files += sorted((ROOT / "tests" / "fixtures" / "path-to-ready").glob("*.yaml"))
    for name, without, extra, verdict in path_cost(files, 9):
        print(
            f"{name:38} {verdict:12} assess {without * 1000:6.1f} ms  path +{extra * 1000:6.1f} ms"
        )
    extra, without, not_ready = programme_cost(40, 3)
    print(
        f"generated programme, 40 files ({not_ready} not ready): assess {without * 1000:.1f} ms "
        f"a file, path +{extra * 1000:.1f} ms a file ({extra / without:.0%})"
    )


if __name__ == "__main__":
    main()
