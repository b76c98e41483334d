"""A run that cannot finish says so, and never reads as a gate outcome: a killed worker, a
full disk under standard output, a reader that went away."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from readiness import portfolio_run
from readiness.portfolio import PortfolioRun, ProjectRow
from readiness.portfolio_run import Variant, WorkerLost, run_portfolio
from readiness.rubric import builtin_rubrics

from .conftest import SAMPLES


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail a test that hangs (what a killed worker used to do) instead of waiting for ever."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the run hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_killed_worker_stops_the_portfolio_instead_of_hanging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alarm: None
) -> None:
    files = []
    for number in range(12):
        path = tmp_path / f"p{number}.readiness.yaml"
        shutil.copy(SAMPLES / "weld-vision-ready.yaml", path)
        files.append(path)
    parent = os.getpid()
    render = portfolio_run._render_chunks

    def dies_in_a_worker(
        run: PortfolioRun, variants: tuple[Variant, ...], index: int, path: Path
    ) -> tuple[ProjectRow, tuple[str, ...]]:
        if index == 6 and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return render(run, variants, index, path)

    monkeypatch.setattr(portfolio_run, "_render_chunks", dies_in_a_worker)
    run = PortfolioRun(as_of=date(2026, 11, 25), rubrics=builtin_rubrics())
    with pytest.raises(WorkerLost, match="worker process died"):
        run_portfolio(files, run, jobs=2)


def _readiness(*args: str, **popen: object) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "readiness", *args]
    return subprocess.Popen(command, cwd=SAMPLES, stderr=subprocess.PIPE, **popen)  # type: ignore[call-overload]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_standard_output_on_a_full_disk_is_an_error_not_a_crash() -> None:
    with open("/dev/full", "wb") as full:
        done = _readiness("assess", "weld-vision-ready.yaml", "--as-of", "2026-11-25", stdout=full)
        _, err = done.communicate(timeout=120)
    assert done.returncode == 2
    assert b"cannot write standard output: No space left on device" in err
    assert b"Traceback" not in err


def test_a_reader_that_goes_away_is_an_error_not_a_failed_gate() -> None:
    """`readiness assess … | head -1` under `set -o pipefail`: click ends a run whose standard
    output pipe broke with a silent exit 1, which reads as "gate failed"."""
    done = _readiness(
        "assess", "weld-vision-ready.yaml", "--as-of", "2026-11-25", stdout=subprocess.PIPE
    )
    assert done.stdout is not None
    done.stdout.close()
    _, err = done.communicate(timeout=120)
    assert done.returncode == 2
    assert b"cannot write standard output" in err
