"""A generated programme: many realistic project files with varied verdicts, for tests and bench.

    python bench/generate.py DIR [--count 200] [--seed 7] [--broken 1]

Each project starts from one of the bundled samples (a ready weld-vision pilot, a conditional
packaging case, two projects that are not ready) and is changed the way real projects differ:
its own id, name and decision date; capex and benefits scaled (so paybacks move across the
horizon); now and then a section left out (knowledge, pilot results), a baseline cut short or
the waivers dropped. The result is a mix of ready, conditional and not-ready verdicts, laid out
as a programme repository is: one folder per site, most projects as `NAME.readiness.yaml`, some
as `NAME/readiness.yaml` or with the `.yml` spelling, each folder with the evidence files the
samples cite. `--broken N` adds N files with the mistakes people make (a typo in a key, text
where a number belongs, a tab in the indentation, a duplicate key).

The same seed gives the same files, byte for byte. `tests/` and `bench/run.py` both use it.
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_NAMES = (
    "weld-vision-ready",
    "packaging-oee-conditional",
    "press-line-payback-drift",
    "plant-twin-tech-first",
)
# The ready sample is the one most projects in a healthy programme resemble.
SAMPLE_WEIGHTS = (5, 3, 2, 1)
SITES = (
    "wearside",
    "brighouse",
    "telford",
    "ebbw-vale",
    "motherwell",
    "halewood",
    "burnaston",
    "deeside",
    "castle-bromwich",
    "swindon",
)
LINES = ("L1", "L2", "L3", "line A", "line B", "hall C", "cell 4", "east wing", "BP-5", "press 2")

BROKEN_KINDS = ("typo", "text-for-number", "tab", "duplicate-key")


def _load_samples() -> list[dict[str, Any]]:
    from readiness.loader import load_file

    return [load_file(SAMPLES / f"{name}.yaml").data for name in SAMPLE_NAMES]


def _scale(value: Any, factor: float) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return round(value * factor)


def vary(base: dict[str, Any], index: int, rng: random.Random) -> dict[str, Any]:
    """One project: a sample changed as real projects differ (see the module docstring)."""
    data = copy.deepcopy(base)
    site = SITES[index % len(SITES)]
    line = LINES[rng.randrange(len(LINES))]
    project = data["project"]
    project["id"] = f"{site}-{project['id']}-{index:04d}"
    project["name"] = f"{project['name']} ({site.replace('-', ' ').title()}, {line})"
    if "decision_date" in project:
        project["decision_date"] = f"2027-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    case = data.get("business_case")
    if isinstance(case, dict):
        capex_factor = rng.choice((0.7, 0.85, 1.0, 1.0, 1.0, 1.15, 1.4, 1.9))
        case["capex"] = _scale(case.get("capex"), capex_factor)
        for phase in case.get("phases") or []:
            phase["capex"] = _scale(phase.get("capex"), capex_factor)
        benefit_factor = rng.choice((0.6, 0.9, 1.0, 1.0, 1.1, 1.2))
        for benefit in case.get("benefits") or []:
            benefit["annual"] = _scale(benefit.get("annual"), benefit_factor)
    if rng.random() < 0.12:
        data.pop("knowledge", None)
    if rng.random() < 0.1 and isinstance(data.get("pilot"), dict):
        data["pilot"].pop("results", None)
    if rng.random() < 0.08 and isinstance(data.get("baseline"), dict):
        period = data["baseline"].get("period")
        if isinstance(period, dict) and "from" in period:
            period["to"] = period["from"][:8] + "20"  # three weeks or less
    if rng.random() < 0.15:
        data.pop("waivers", None)
    return data


def _layout(folder: Path, site: str, slug: str, index: int) -> Path:
    """Where a project goes: mostly `SITE/SLUG.readiness.yaml`, some in folders of their own."""
    if index % 10 == 3:
        return folder / site / slug / "readiness.yaml"
    if index % 10 == 7:
        return folder / site / f"{slug}.readiness.yml"
    return folder / site / f"{slug}.readiness.yaml"


def _with_evidence(path: Path) -> None:
    """Put the evidence files the samples cite beside the project file."""
    target = path.parent / "evidence"
    if not target.exists():
        shutil.copytree(SAMPLES / "evidence", target)


# libyaml's emitter writes the same text as PyYAML's, three times as fast.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)


def _write(path: Path, data: dict[str, Any], header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _with_evidence(path)
    body = _dump(data)
    path.write_text(header + body, encoding="utf-8")


def broken_text(kind: str, data: dict[str, Any]) -> str:
    """A project file with one of the mistakes people make."""
    body = _dump(data)
    if kind == "typo":
        return body.replace("\nsystems:", "\nsystem:", 1)
    if kind == "text-for-number":
        return body.replace("  horizon_years: 5", "  horizon_years: five", 1)
    if kind == "tab":
        return body.replace("\n  name:", "\n\tname:", 1)
    return body.replace("\nproject:\n", "\nproject:\n  id: duplicate\n", 1)


def generate_programme(
    folder: Path, count: int = 200, *, seed: int = 7, broken: int = 0
) -> list[Path]:
    """Write `count` project files under `folder` (plus `broken` broken ones); return them all."""
    rng = random.Random(seed)  # noqa: S311 - varied test data, not secrets
    bases = _load_samples()
    written = []
    for index in range(count):
        sample = rng.choices(range(len(bases)), weights=SAMPLE_WEIGHTS)[0]
        data = vary(bases[sample], index, rng)
        site = SITES[index % len(SITES)]
        path = _layout(folder, site, f"{SAMPLE_NAMES[sample]}-{index:04d}", index)
        _write(
            path,
            data,
            f"# generated by bench/generate.py (seed {seed}) from {SAMPLE_NAMES[sample]}\n",
        )
        written.append(path)
    for number in range(broken):
        kind = BROKEN_KINDS[number % len(BROKEN_KINDS)]
        data = vary(bases[0], count + number, rng)
        path = folder / SITES[number % len(SITES)] / f"broken-{kind}-{number:02d}.readiness.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(broken_text(kind, data), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    """Write a programme to the folder given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=200, help="project files to write")
    parser.add_argument("--seed", type=int, default=7, help="the same seed gives the same files")
    parser.add_argument("--broken", type=int, default=0, help="broken files to add")
    args = parser.parse_args()
    files = generate_programme(args.folder, args.count, seed=args.seed, broken=args.broken)
    print(f"{len(files)} files under {args.folder}")


if __name__ == "__main__":
    main()
