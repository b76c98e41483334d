"""How the bench measures a command: CPU and wall time, peak memory, exit code, instructions.

The machine is shared and noisy, so a ratio is never two separate medians: the commands being
compared run in the same rounds, one after another in a rotating order, and the ratio is the
median over rounds of the two runs' quotient. CPU time (user + system, of the process and every
process it waited for) is what the ratios use for single-process work: it hardly moves when
another job holds the other core, where wall time can triple. Wall time is reported beside it,
and judges the work spread over processes. `instructions` counts with callgrind, which does not
depend on the machine's load at all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_MB = os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


@dataclass(frozen=True)
class Sample:
    """One run of a command."""

    wall: float  # seconds
    cpu: float  # user + system seconds, the process and the children it waited for
    peak_mb: float  # peak resident memory in MiB (the whole process tree when sampled)
    exit_code: int | None  # None: killed at the timeout

    @property
    def timed_out(self) -> bool:
        return self.exit_code is None


def bench_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment commands run in: bytecode caching on (as for a user; some shells here
    turn it off, and then every run recompiles readiness), no colour, a fixed hash seed."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"NO_COLOR": "1", "PYTHONHASHSEED": "0", "COLUMNS": "100"})
    env.update(extra or {})
    return env


def _tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and all its descendants, in MiB (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(name)] = int(fields[1])
        rss[int(name)] = int(fields[21])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree) * PAGE_MB


def run(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 60.0,
    sample_tree: bool = False,
    stdin: Path | None = None,
) -> Sample:
    """Run a command once, its output discarded; kill it (and its process group) at `timeout`."""
    peak_tree = 0.0
    done = threading.Event()
    with open(stdin or os.devnull, "rb") as source:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            stdin=source,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=dict(env or bench_env()),
            start_new_session=True,
        )

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(0.05):
            peak_tree = max(peak_tree, _tree_rss_mb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True) if sample_tree else None
    if sampler:
        sampler.start()
    timer = threading.Timer(timeout, lambda: _kill_group(process.pid))
    timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    timer.cancel()
    done.set()
    if sampler:
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return Sample(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=max(peak_tree, usage.ru_maxrss / 1024),
        exit_code=None if killed else process.returncode,
    )


def _kill_group(pid: int) -> None:
    """Stop a command we started, and the workers it started, at its timeout."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def interleaved(
    commands: Mapping[str, Sequence[str]],
    rounds: int,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 60.0,
    sample_tree: bool = False,
    warm_up: bool = True,
) -> dict[str, list[Sample]]:
    """Each command once per round, in an order that rotates from round to round (so none
    always runs first, on a cooler cache). One unrecorded warm-up run of each writes bytecode
    and fills the page cache."""
    names = list(commands)
    if warm_up:
        for name in names:
            run(commands[name], env=env, timeout=timeout)
    samples: dict[str, list[Sample]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(
                run(commands[name], env=env, timeout=timeout, sample_tree=sample_tree)
            )
    return samples


def median(samples: Sequence[Sample], metric: str) -> float:
    """The median of one metric ("wall", "cpu" or "peak_mb") over the samples."""
    return statistics.median(getattr(sample, metric) for sample in samples)


def paired_ratio(top: Sequence[Sample], bottom: Sequence[Sample], metric: str) -> float:
    """The median over rounds of top/bottom for one metric: runs of the same round are paired."""
    return statistics.median(
        getattr(a, metric) / getattr(b, metric) for a, b in zip(top, bottom, strict=True)
    )


def instructions(command: Sequence[str], *, env: Mapping[str, str] | None = None) -> int | None:
    """Instructions executed by one run under callgrind (None where valgrind is absent).

    The same binary, input and environment give the same count whatever else the machine is
    doing; the hash seed is fixed by bench_env()."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        result = subprocess.run(
            [valgrind, "--tool=callgrind", f"--callgrind-out-file={out}", *command],
            env=dict(env or bench_env()),
            capture_output=True,
            text=True,
            check=False,
        )
        for line in result.stderr.splitlines():
            if "Collected :" in line:
                return int(line.rsplit(":", 1)[1])
    return None
