"""Benchmark: every speed target of issue 10, measured in one run, written to bench/RESULTS.md.

    pip install -e '.[bench]'           # check-jsonschema and the YAML parsers compared
    python bench/run.py                 # the full run (about 15 minutes on 2 cores)
    python bench/run.py --smoke         # tiny sizes, no target judged (the test suite runs this)

Speed is judged here, never in a timed unit test. Each target is a ratio to a yardstick run in
the same rounds (bench/measure.py says how), or a bound on one input:

- one file, `assess -f json`, and `-f markdown`, `terminal`, `html`, `github`: ≤ 2.0× the floor
  (bench/floor.py: libyaml + jsonschema-rs);
- `--help`: ≤ 1.1× a minimal Typer app (bench/minimal_typer.py);
- every hostile input within the default limit (bench/adversarial.py), in every format: ≤ 1 s,
  ≤ 200 MB, exit 0-2; each hostile configuration (a folder) ≤ 1 s beyond the same projects
  found with one glob; a legitimate 1 MiB project ≤ 0.5 s, and beyond the limit
  (`--max-bytes`) a constant time per MiB;
- 1,000 files in one run, JSON: ≤ 2.0× the floor on the same files, ≤ 0.1× check-jsonschema,
  peak memory ≤ 150 MB; 10,000 files: time per file within 1.2× of that at 1,000;
- `baseline save` of each programme ≤ 150 MB; the largest programme assessed against its own
  baseline ≤ 150 MB a process; a baseline of 10,000 projects read by `assess --baseline` at
  ≤ 3× the cost of `json.loads` on it, and ≤ 150 MB.

The exit code is 1 when a target is missed (never with --smoke). RESULTS.md keeps whatever is
written below its measured part: the analysis of each miss lives there.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import (  # noqa: E402 - the bench runs as a script from anywhere
    Sample,
    instructions,
    interleaved,
    median,
    paired_ratio,
    run,
)

SAMPLE = ROOT / "samples" / "weld-vision-ready.yaml"
SCHEMA = ROOT / "readiness" / "schemas" / "project.schema.json"
AS_OF = "2026-11-25"
RESULTS = ROOT / "bench" / "RESULTS.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
MiB = 1024 * 1024
HOSTILE = "Hostile inputs (each within 1 MiB unless said)"
# The report formats for people, each held to the JSON run's bound against the floor.
REPORT_FORMATS = ("markdown", "terminal", "html", "github")
# Every format a hostile input is assessed in (the worst is judged).
ALL_FORMATS = ("json", "terminal", "markdown", "html", "sarif", "junit", "github")


@dataclass(frozen=True)
class Row:
    """One line of the results: a measurement, its target, and whether it was met."""

    section: str
    name: str
    value: str
    target: str = ""
    met: bool | None = None  # None: informational, or not judged (--smoke)
    detail: str = ""


def readiness(*args: str) -> list[str]:
    """The installed CLI, as a user or CI runs it."""
    script = Path(sys.executable).with_name("readiness")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "readiness", *args]


def python(script: str, *args: str) -> list[str]:
    return [sys.executable, str(ROOT / "bench" / script), *args]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def judged(met: bool, smoke: bool) -> bool | None:
    return None if smoke else met


# -- one file, cold ------------------------------------------------------------------------


def cold_start(rounds: int, smoke: bool, count_instructions: bool) -> list[Row]:
    """`assess -f json` against the floor, `--help` against a minimal Typer app."""
    commands = {
        "floor": python("floor.py", str(SAMPLE)),
        "assess": readiness("assess", str(SAMPLE), "-f", "json", "--as-of", AS_OF),
        **{
            f"assess -f {name}": readiness("assess", str(SAMPLE), "-f", name, "--as-of", AS_OF)
            for name in REPORT_FORMATS
        },
        "minimal --help": python("minimal_typer.py", "--help"),
        "readiness --help": readiness("--help"),
        "readiness --version": readiness("--version"),
    }
    runs = interleaved(commands, rounds)
    rows = []
    for top, bottom, label, bound in (
        ("assess", "floor", "one file, `assess -f json` ÷ floor", 2.0),
        *(
            (f"assess -f {name}", "floor", f"one file, `assess -f {name}` ÷ floor", 2.0)
            for name in REPORT_FORMATS
        ),
        ("readiness --help", "minimal --help", "`--help` ÷ minimal Typer app", 1.1),
    ):
        ratio = paired_ratio(runs[top], runs[bottom], "cpu")
        detail = (
            f"CPU {ms(median(runs[top], 'cpu'))} vs {ms(median(runs[bottom], 'cpu'))}; "
            f"wall {ms(median(runs[top], 'wall'))} vs {ms(median(runs[bottom], 'wall'))} "
            f"(wall ratio {paired_ratio(runs[top], runs[bottom], 'wall'):.2f}×); "
            f"peak {median(runs[top], 'peak_mb'):.0f} MB vs "
            f"{median(runs[bottom], 'peak_mb'):.0f} MB"
        )
        rows.append(
            Row(
                "One file, cold",
                label,
                f"{ratio:.2f}×",
                f"≤ {bound}×",
                judged(ratio <= bound, smoke),
                detail,
            )
        )
        if count_instructions:
            counts = [instructions(commands[top]), instructions(commands[bottom])]
            a, b = counts
            if a is not None and b is not None:
                rows.append(
                    Row(
                        "One file, cold",
                        f"{label}, instructions",
                        f"{a / b:.2f}×",
                        f"≤ {bound}×",
                        None,
                        f"{a / 1e6:.0f} M vs {b / 1e6:.0f} M instructions (callgrind)",
                    )
                )
    version = runs["readiness --version"]
    rows.append(
        Row(
            "One file, cold",
            "`--version` ÷ minimal Typer app `--help`",
            f"{paired_ratio(version, runs['minimal --help'], 'cpu'):.2f}×",
            detail=f"CPU {ms(median(version, 'cpu'))}",
        )
    )
    return rows


# -- hostile and large single files --------------------------------------------------------


def _adversarial() -> tuple[dict[str, Callable[[], bytes]], Callable[..., bytes] | None]:
    """The generators in bench/adversarial.py (the input engineer's), if present."""
    if importlib.util.find_spec("bench.adversarial") is None:
        return {}, None
    from bench import adversarial

    return dict(adversarial.CLASSES), getattr(adversarial, "legitimate", None)


def _adversarial_packs() -> dict[str, Callable[[], bytes]]:
    """The hostile rubric packs of bench/adversarial.py, each run with a sample project."""
    if importlib.util.find_spec("bench.adversarial") is None:
        return {}
    from bench import adversarial

    return dict(getattr(adversarial, "PACKS", {}))


def single_file(
    path: Path, *extra: str, timeout: float, rounds: int, output_format: str = "json"
) -> tuple[list[Sample], Sample]:
    """Runs of `assess -f FORMAT` on one file: more rounds only when the first is quick."""
    command = readiness("assess", str(path), "-f", output_format, "--as-of", AS_OF, *extra)
    first = run(command, timeout=timeout, sample_tree=True)
    samples = [first]
    if first.cpu < 2.0 and not first.timed_out:
        samples += [run(command, timeout=timeout, sample_tree=True) for _ in range(rounds - 1)]
    return samples, max(samples, key=lambda s: s.peak_mb)


def _folders() -> dict[str, Callable[[Path], Path]]:
    """The adversarial configurations (folders) of bench/adversarial.py, if present."""
    if importlib.util.find_spec("bench.adversarial") is None:
        return {}
    from bench import adversarial

    return dict(getattr(adversarial, "FOLDERS", {}))


def hostile(folder: Path, rounds: int, smoke: bool, timeout: float) -> list[Row]:
    """Each adversarial class in every format: ≤ 1 s, ≤ 200 MB, exit 0-2 (the worst format
    is judged; JSON gets `rounds` runs, the other formats one each)."""
    classes, _ = _adversarial()
    if not classes:
        return [
            Row(
                HOSTILE,
                "adversarial classes",
                "not measured",
                detail="bench/adversarial.py is not there",
            )
        ]
    if smoke:
        classes = {
            name: make for name, make in classes.items() if name in ("alias-bomb", "too-deep")
        }
    rows = []
    packs = _adversarial_packs() if not smoke else {}
    for name, make in {**classes, **packs}.items():
        path = folder / f"{name}.yaml"
        path.write_bytes(make())
        project, extra = path, tuple[str, ...]()
        if name in packs:  # a hostile pack is assessed with a sample project
            from bench.adversarial import PACK_PROJECT

            project, extra = PACK_PROJECT, ("--rubrics", str(path))
        by_format: dict[str, tuple[float, Sample, set[int | None]]] = {}
        for output_format in ("json",) if smoke else ALL_FORMATS:
            samples, worst = single_file(
                project,
                *extra,
                timeout=timeout,
                rounds=rounds if output_format == "json" else 1,
                output_format=output_format,
            )
            codes = {s.exit_code for s in samples}
            by_format[output_format] = (median(samples, "cpu"), worst, codes)
        slowest = max(by_format, key=lambda f: by_format[f][0])
        cpu, _, _ = by_format[slowest]
        peak = max(worst.peak_mb for _, worst, _ in by_format.values())
        codes = set().union(*(c for _, _, c in by_format.values()))
        timed_out = any(worst.timed_out for _, worst, _ in by_format.values())
        ok = codes <= {0, 1, 2} and cpu <= 1.0 and peak <= 200 and not timed_out
        value = f"> {timeout:.0f} s (stopped)" if timed_out else ms(cpu)
        shown = sorted(codes, key=lambda c: -1 if c is None else c)
        rows.append(
            Row(
                HOSTILE,
                name,
                value,
                "≤ 1 s, ≤ 200 MB, exit 0-2",
                judged(ok, smoke),
                f"{path.stat().st_size / 1024:.0f} KiB; slowest format {slowest}, JSON "
                f"{ms(by_format['json'][0])}; peak {peak:.0f} MB; "
                f"exit {', '.join(str(c) for c in shown)}",
            )
        )
    rows += hostile_folders(folder, smoke, timeout)
    return rows


def hostile_folders(folder: Path, smoke: bool, timeout: float) -> list[Row]:
    """Each adversarial configuration: what its folder costs beyond the same projects found
    with one glob (the projects' own assessment is the many-files section's business)."""
    rows = []
    for name, make in _folders().items():
        hostile_folder = make(folder / name)
        plain = folder / f"{name}-plain"
        shutil.copytree(hostile_folder, plain)
        (plain / ".readiness.yaml").write_text("globs: ['*.readiness.yaml']\n", "utf-8")
        command = ["assess", "-f", "json", "--as-of", AS_OF]
        runs = interleaved(
            {
                name: readiness(*command, str(hostile_folder)),
                "plain": readiness(*command, str(plain)),
            },
            1 if smoke else 3,
            timeout=timeout,
            sample_tree=True,
        )
        extra = median(runs[name], "cpu") - median(runs["plain"], "cpu")
        peak = max(s.peak_mb for s in runs[name])
        ok = extra <= 1.0 and peak <= 200
        rows.append(
            Row(
                HOSTILE,
                f"{name} (a configuration), beyond one glob",
                ms(max(extra, 0.0)),
                "≤ 1 s, ≤ 200 MB",
                judged(ok, smoke),
                f"CPU {ms(median(runs[name], 'cpu'))} vs {ms(median(runs['plain'], 'cpu'))} "
                f"with one glob, same projects; peak {peak:.0f} MB",
            )
        )
    return rows


def _in_child(generator: str, path: Path, size: int) -> None:
    """Write `bench.adversarial.<generator>(size)` to `path` from a child process.

    A measured command's peak memory (its ru_maxrss) counts the bench's own high-water mark,
    which Linux carries through fork and exec into the child: a large input built in this
    process would raise the peak of every command measured after it (a 60 MB file built here
    made every later run peak at 141 MB). So large inputs are built elsewhere or in pieces."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from bench import adversarial; "
        f"open(sys.argv[2], 'wb').write(adversarial.{generator}(int(sys.argv[3])))"
    )
    subprocess.run([sys.executable, "-c", code, str(ROOT), str(path), str(size)], check=True)


def legitimate(folder: Path, rounds: int, smoke: bool, timeout: float) -> list[Row]:
    """A legitimate project of 1 MiB ≤ 0.5 s; 2 and 4 MiB (with --max-bytes) at the same rate."""
    _, make = _adversarial()
    if make is None:
        return [
            Row(
                "Legitimate large projects",
                "1 MiB project",
                "not measured",
                detail="bench/adversarial.py is not there",
            )
        ]
    sizes = [MiB // 16] if smoke else [MiB, 2 * MiB, 4 * MiB]
    rows = []
    per_mib: dict[int, float] = {}
    for size in sizes:
        path = folder / f"legitimate-{size // 1024}k.yaml"
        try:
            _in_child("legitimate", path, size)
        except (TypeError, subprocess.CalledProcessError):
            if size != MiB:
                rows.append(
                    Row(
                        "Legitimate large projects",
                        f"{size // MiB} MiB project",
                        "not measured",
                        detail="the generator makes 1 MiB only",
                    )
                )
                continue
            path.write_bytes(make())
        samples, worst = single_file(
            path, "--max-bytes", str(8 * size), timeout=timeout, rounds=rounds
        )
        cpu = median(samples, "cpu")
        actual = path.stat().st_size
        per_mib[size] = cpu / (actual / MiB)
        detail = (
            f"{actual / MiB:.2f} MiB; wall {ms(median(samples, 'wall'))}; "
            f"peak {worst.peak_mb:.0f} MB; exit {worst.exit_code}"
        )
        if size == MiB or smoke:
            ok = cpu <= 0.5 and worst.exit_code in (0, 1)
            rows.append(
                Row(
                    "Legitimate large projects",
                    f"{actual / MiB:.2f} MiB project",
                    ms(cpu),
                    "≤ 0.5 s",
                    judged(ok, smoke),
                    detail,
                )
            )
        elif MiB in per_mib:
            ratio = per_mib[size] / per_mib[MiB]
            rows.append(
                Row(
                    "Legitimate large projects",
                    f"{size // MiB} MiB project (--max-bytes), time per MiB ÷ at 1 MiB",
                    f"{ratio:.2f}×",
                    "≤ 1.25× (constant)",
                    judged(ratio <= 1.25, smoke),
                    f"{ms(cpu)}; {detail}",
                )
            )
    return rows


def beyond_limit(folder: Path, smoke: bool) -> list[Row]:
    """A 60 MB file is refused without reading it all."""
    huge = folder / "huge.yaml"
    with huge.open("w", encoding="utf-8") as stream:  # a MB at a time: see `_in_child`
        stream.write("readiness: 1\nx-pad: '")
        for _ in range(1 if smoke else 60):
            stream.write("a" * 1_000_000)
        stream.write("'\n")
    sample = run(readiness("validate", str(huge)), timeout=30)
    ok = sample.cpu <= 1.0 and sample.exit_code == 2
    return [
        Row(
            HOSTILE,
            f"a {huge.stat().st_size / 1e6:.0f} MB file (refused)",
            ms(sample.cpu),
            "≤ 1 s, exit 2",
            judged(ok, smoke),
            f"wall {ms(sample.wall)}; peak {sample.peak_mb:.0f} MB; exit {sample.exit_code}",
        )
    ]


# -- many files in one run -----------------------------------------------------------------


def many_files(
    folder: Path, counts: Sequence[int], rounds: int, smoke: bool, timeout: float
) -> list[Row]:
    """`assess DIR -f json` on a generated programme, against the floor and check-jsonschema."""
    from bench.generate import generate_programme

    checker = shutil.which(
        "check-jsonschema", path=str(Path(sys.executable).parent)
    ) or shutil.which("check-jsonschema")
    rows: list[Row] = []
    per_file: dict[int, float] = {}
    for index, count in enumerate(counts):
        programme = folder / f"programme-{count}"
        files = generate_programme(programme, count)
        commands = {
            "readiness": readiness("assess", str(programme), "-f", "json", "--as-of", AS_OF),
            "floor": python("floor.py", *map(str, files)),
        }
        if checker and index == 0:
            commands["check-jsonschema"] = [checker, "--schemafile", str(SCHEMA), *map(str, files)]
        tries = rounds if index == 0 else max(1, rounds // 2)
        runs = interleaved(commands, tries, timeout=timeout, sample_tree=True, warm_up=False)
        ours, floor = runs["readiness"], runs["floor"]
        wall = median(ours, "wall")
        per_file[count] = wall / count
        peak = max(s.peak_mb for s in ours)
        section = "Many files in one run (JSON)"
        label = f"{count:,} files"
        if any(s.timed_out for s in ours):
            rows.append(
                Row(
                    section,
                    f"{label} ÷ floor",
                    f"> {timeout:.0f} s (stopped)",
                    "≤ 2.0×",
                    judged(False, smoke),
                )
            )
            continue
        ratio = paired_ratio(ours, floor, "wall")
        rows.append(
            Row(
                section,
                f"{label} ÷ floor",
                f"{ratio:.2f}×",
                "≤ 2.0×" if index == 0 else "",
                judged(ratio <= 2.0, smoke) if index == 0 else None,
                f"wall {ms(wall)} ({wall / count * 1000:.2f} ms a file) vs "
                f"{ms(median(floor, 'wall'))}; "
                f"CPU {ms(median(ours, 'cpu'))} vs {ms(median(floor, 'cpu'))} "
                f"(CPU ratio {paired_ratio(ours, floor, 'cpu'):.2f}×); exit {ours[0].exit_code}",
            )
        )
        rows.append(
            Row(
                section,
                f"{label}, peak memory",
                f"{peak:.0f} MB",
                "≤ 150 MB",
                judged(peak <= 150, smoke),
                "all processes of the run together, sampled every 50 ms",
            )
        )
        if "check-jsonschema" in runs:
            other = runs["check-jsonschema"]
            ratio = paired_ratio(ours, other, "wall")
            rows.append(
                Row(
                    section,
                    f"{label} ÷ check-jsonschema",
                    f"{ratio:.3f}×",
                    "≤ 0.1×",
                    judged(ratio <= 0.1, smoke),
                    f"wall {ms(wall)} vs {ms(median(other, 'wall'))} "
                    "(check-jsonschema validates only)",
                )
            )
        elif index == 0:
            rows.append(
                Row(
                    section,
                    f"{label} ÷ check-jsonschema",
                    "not measured",
                    "≤ 0.1×",
                    None,
                    "check-jsonschema is not installed: pip install -e '.[bench]'",
                )
            )
        shutil.rmtree(programme)
    if len(counts) > 1:
        first, last = counts[0], counts[-1]
        ratio = per_file[last] / per_file[first]
        rows.append(
            Row(
                "Many files in one run (JSON)",
                f"{last:,} files: time per file ÷ at {first:,}",
                f"{ratio:.2f}×",
                "≤ 1.2×",
                judged(ratio <= 1.2, smoke),
                f"{per_file[last] * 1000:.2f} ms vs {per_file[first] * 1000:.2f} ms a file (wall)",
            )
        )
    return rows


# -- programme scale: baselines -----------------------------------------------------------


def _wide_baseline(saved: Path, target: Path, projects: int) -> None:
    """A baseline of `projects` projects, made from a saved one by repeating its entries
    under new ids (what a programme of that many files would record), written entry by entry
    as `json.dumps(..., indent=2)` writes the whole: this process must never hold it whole, for
    a child's peak memory counts the parent's (Linux carries the parent's high-water mark
    through fork and exec into the child's ru_maxrss), and building the 20 MB text here made
    every run measured after it peak at 178 MB, json.loads's and readiness's alike."""
    data = json.loads(saved.read_text(encoding="utf-8"))
    entries = list(data.pop("projects").values())
    head = json.dumps({**data, "projects": {}}, indent=2, ensure_ascii=False)
    with target.open("w", encoding="utf-8") as out:
        out.write(head.removesuffix("}\n}") + "\n")  # ends `"projects": {`: projects last
        for number in range(projects):
            entry = {**entries[number % len(entries)], "file": f"p{number:05d}.yaml"}
            text = json.dumps(entry, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            separator = ",\n" if number < projects - 1 else "\n"
            out.write(f'    "p{number:05d}": {text}{separator}')
        out.write("  }\n}\n")


def programme_baselines(
    folder: Path, counts: Sequence[int], smoke: bool, timeout: float
) -> list[Row]:
    """`baseline save` on a programme of each size (time and memory, with the workers); the
    largest programme assessed against its own baseline (each process's peak); and a baseline
    of 10,000 projects read by `assess --baseline` against `json.loads` of the same file."""
    from bench.generate import generate_programme

    section = "Programme scale: baselines"
    rows = []
    for count in counts:
        programme = folder / f"baseline-programme-{count}"
        generate_programme(programme, count, broken=0)
        saved = folder / f"baseline-{count}-saved.json"
        save = run(
            readiness("baseline", "save", str(programme), "--as-of", AS_OF, "-o", str(saved)),
            timeout=timeout,
            sample_tree=True,
        )
        rows.append(
            Row(
                section,
                f"`baseline save`, {count:,} files, peak memory",
                f"{save.peak_mb:.0f} MB",
                "≤ 150 MB",
                judged(save.peak_mb <= 150 and save.exit_code == 0, smoke),
                f"all processes together (the workers share the files); wall {ms(save.wall)}, "
                f"CPU {ms(save.cpu)}; exit {save.exit_code}",
            )
        )
        if save.exit_code != 0:
            return rows
        if count == counts[-1] and len(counts) > 1:
            gated = run(
                readiness(
                    "assess",
                    str(programme),
                    "-f",
                    "json",
                    "--as-of",
                    AS_OF,
                    "--baseline",
                    str(saved),
                ),
                timeout=timeout,
            )
            rows.append(
                Row(
                    section,
                    f"{count:,} files with `--baseline` of them, largest process",
                    f"{gated.peak_mb:.0f} MB",
                    "≤ 150 MB a process",
                    judged(gated.peak_mb <= 150 and gated.exit_code in (0, 1), smoke),
                    f"the parent or a worker, whichever peaked higher; wall {ms(gated.wall)}, "
                    f"CPU {ms(gated.cpu)}; exit {gated.exit_code}",
                )
            )
    saved = folder / f"baseline-{counts[0]}-saved.json"
    projects = 200 if smoke else 10_000
    wide = folder / f"baseline-{projects}.json"
    _wide_baseline(saved, wide, projects)
    loads = [sys.executable, "-c", f"import json; json.loads(open({str(wide)!r}, 'rb').read())"]
    empty = [sys.executable, "-c", "import json"]
    with_baseline = readiness(
        "assess", str(SAMPLE), "-f", "json", "--as-of", AS_OF, "--baseline", str(wide)
    )
    without = readiness("assess", str(SAMPLE), "-f", "json", "--as-of", AS_OF)
    runs = interleaved(
        {"with": with_baseline, "without": without, "loads": loads, "empty": empty},
        1 if smoke else 3,
        timeout=timeout,
    )
    extra = median(runs["with"], "cpu") - median(runs["without"], "cpu")
    json_cost = max(median(runs["loads"], "cpu") - median(runs["empty"], "cpu"), 0.001)
    peak = median(runs["with"], "peak_mb")
    rows.append(
        Row(
            section,
            f"reading a baseline of {projects:,} projects ÷ json.loads of it",
            f"{extra / json_cost:.1f}×",
            "≤ 3× (json.loads-like)",
            judged(extra <= 3 * json_cost, smoke),
            f"{wide.stat().st_size / 1e6:.0f} MB file; `assess --baseline` costs {ms(extra)} "
            f"more CPU than without, json.loads {ms(json_cost)}",
        )
    )
    rows.append(
        Row(
            section,
            f"one file with a baseline of {projects:,} projects, peak memory",
            f"{peak:.0f} MB",
            "≤ 150 MB",
            judged(peak <= 150, smoke),
            f"json.loads alone peaks at {median(runs['loads'], 'peak_mb'):.0f} MB",
        )
    )
    return rows


# -- the YAML parser question and the loader -----------------------------------------------


def yaml_parsers(folder: Path, smoke: bool) -> list[Row]:
    """Parse time of each installed YAML parser on the sample (and the 1 MiB project)."""
    from bench.yaml_parsers import compare

    paths = [SAMPLE]
    _, make = _adversarial()
    if make is not None and not smoke:
        big = folder / "legitimate-1mib.yaml"
        big.write_bytes(make())
        paths.append(big)
    rows = []
    for name, positions, times in compare(paths, 0.05 if smoke else 0.5):
        value = " · ".join(f"{ms_:.2f} ms" for ms_ in times.values())
        rows.append(Row("YAML parsers (in process)", name, value, detail=f"positions: {positions}"))
    return rows


# -- the report ----------------------------------------------------------------------------


def machine() -> str:
    """What the numbers were measured on."""
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "absent"

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    commit = subprocess.run(
        [shutil.which("git") or "git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (
        f"commit {commit or 'unknown'}; "
        f"{os.cpu_count()} cores, load average {load} at the end; "
        f"Python {platform.python_version()}; "
        f"typer {v('typer')}, PyYAML {v('pyyaml')}, jsonschema-rs {v('jsonschema-rs')}, "
        f"jsonschema {v('jsonschema')}, check-jsonschema {v('check-jsonschema')}"
    )


def render(rows: list[Row], smoke: bool, started: datetime) -> str:
    """The measured part of RESULTS.md."""
    lines = [
        BEGIN,
        f"Run of `python bench/run.py{' --smoke' if smoke else ''}` on "
        f"{started:%Y-%m-%d %H:%M}: {machine()}.",
        "",
    ]
    section = None
    for row in rows:
        if row.section != section:
            section = row.section
            lines += [
                "",
                f"### {section}",
                "",
                "| measure | result | target | met | detail |",
                "|---|---|---|---|---|",
            ]
        mark = {True: "yes", False: "**no**", None: ""}[row.met]
        lines.append(f"| {row.name} | {row.value} | {row.target} | {mark} | {row.detail} |")
    missed = [row.name for row in rows if row.met is False]
    lines += [
        "",
        f"**{'All targets met.' if not missed else 'Missed: ' + '; '.join(missed) + '.'}**"
        if not smoke
        else "_Smoke run: no target judged._",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_results(path: Path, measured: str) -> None:
    """Replace the measured part of RESULTS.md, keeping the analysis around it."""
    if path.exists() and BEGIN in (text := path.read_text(encoding="utf-8")) and END in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        path.write_text(head + measured.rstrip("\n") + tail, encoding="utf-8")
    else:
        path.write_text("# Benchmark results\n\n" + measured, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Measure everything, write RESULTS.md, exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, no target judged")
    parser.add_argument("--rounds", type=int, help="rounds per comparison (default 15, smoke 2)")
    parser.add_argument("--files", type=int, nargs="+", help="programme sizes (default 1000 10000)")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (valgrind)"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=("cold", "hostile", "legitimate", "many", "baseline", "yaml"),
        help="measure only these parts",
    )
    parser.add_argument(
        "--timeout", type=float, default=20.0, help="seconds before a run is stopped"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results")
    args = parser.parse_args(argv)
    smoke = args.smoke
    rounds = args.rounds or (2 if smoke else 15)
    counts = args.files or ([3, 6] if smoke else [1000, 10_000])
    parts = set(args.only or ("cold", "hostile", "legitimate", "many", "baseline", "yaml"))
    started = datetime.now()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="readiness-bench-") as tmp:
        folder = Path(tmp)
        if "cold" in parts:
            rows += cold_start(rounds, smoke, args.instructions)
        if "hostile" in parts:
            rows += hostile(folder, 3 if not smoke else 1, smoke, args.timeout)
            rows += beyond_limit(folder, smoke)
        if "legitimate" in parts:
            rows += legitimate(folder, 3 if not smoke else 1, smoke, args.timeout)
        if "many" in parts:
            rows += many_files(folder, counts, 3 if not smoke else 1, smoke, args.timeout * 30)
        if "baseline" in parts:
            rows += programme_baselines(folder, counts, smoke, args.timeout * 30)
        if "yaml" in parts:
            rows += yaml_parsers(folder, smoke)
    measured = render(rows, smoke, started)
    write_results(args.out, measured)
    print(measured)
    return 1 if any(row.met is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
