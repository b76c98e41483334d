"""Adversarial project files, each within the default 1 MiB limit, and a legitimate 1 MiB project.

    python bench/adversarial.py DIR        # write one file per class into DIR

Each class is a way a pull request's author could make one run of readiness slow or large
(issue 10): a did-you-mean search per citation, text repeated through aliases, a cross-reference
index rebuilt per lookup, a quadratic `uniqueItems`, floods of tiny values, and so on. Most are
sized to stay just under the loader's cap on the number of values (one per 8 bytes of the size
limit: 131,072), so that the work after loading is what is measured; the floods go over it. The
generators are deterministic (the same bytes every time). `tests/test_bounded_work.py` checks
each class's answer (a refusal, or a report) and `bench/run.py` times them; the targets are
≤ 1 s and ≤ 200 MB each, and ≤ 0.5 s for the legitimate project.
"""

from __future__ import annotations

import argparse
import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1024 * 1024
HEAD = "readiness: 1\nproject: {id: adversarial, name: Adversarial input}\n"


def _fits(text: str) -> bytes:
    raw = text.encode("utf-8")
    if len(raw) > LIMIT:
        raise ValueError(f"{len(raw):,} bytes: over the 1 MiB default limit")
    return raw


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{index:05d}" for index in range(count)]


def undefined_citations() -> bytes:
    """80,000 citations of evidence ids that are not in a register of 2,000 similar ids."""
    register = "".join(f"  - {{id: {i}, kind: measured}}\n" for i in _ids("ev-", 2000))
    cited = ", ".join(_ids("ev-x", 80_000))
    return _fits(f"{HEAD}evidence:\n{register}baseline:\n  evidence: [{cited}]\n")


def alias_text() -> bytes:
    """One 400 KB text aliased 40,000 times into risk texts (16 GB if written out)."""
    text = "a" * 400_000
    risks = ", ".join(["{risk: *t}"] * 40_000)
    return _fits(f"{HEAD}x-text: &t {text}\nrisks: [{risks}]\n")


def component_links() -> bytes:
    """3,500 components citing 14,000 losses, four each."""
    losses = "".join(f"  - {{id: {i}}}\n" for i in _ids("l", 14_000))
    components = "".join(
        f"  - {{id: c{n:04d}, addresses: [l{4 * n:05d}, l{4 * n + 1:05d}, l{4 * n + 2:05d}, "
        f"l{4 * n + 3:05d}]}}\n"
        for n in range(3500)
    )
    return _fits(f"{HEAD}baseline:\n  losses:\n{losses}solution:\n  components:\n{components}")


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def unknown_keys() -> bytes:
    """65,000 unknown top-level keys."""
    keys = "".join(f"k{_base36(n)}: 0\n" for n in range(65_000))
    return _fits(HEAD + keys)


def unique_items() -> bytes:
    """A list under `uniqueItems` of 120,000 texts, a number and the first text again (the
    Python library's fallback for mixed types compares every pair: hours)."""
    goals = ", ".join(_ids("g", 120_000))
    return _fits(f"{HEAD}solution:\n  non_goals: [{goals}, 5, g00000]\n")


def flat_flood() -> bytes:
    """Half a million zeros in one flow list under an `x-` key."""
    return _fits(HEAD + "x-flood: [" + "0," * 520_000 + "0]\n")


def flat_flood_under_cap() -> bytes:
    """130,000 zeros in one flow list: as many tiny values as the cap lets through."""
    return _fits(HEAD + "x-flood: [" + "0," * 130_000 + "0]\n")


def deep_flood() -> bytes:
    """Tiny values nested ten deep, over and over: a flood of lists."""
    item = "[" * 10 + "0" + "]" * 10
    return _fits(HEAD + "x-flood: [" + ",".join([item] * 47_000) + "]\n")


def block_flood() -> bytes:
    """A quarter of a million one-character items, one per line."""
    return _fits(HEAD + "x-flood:\n" + "- 0\n" * 260_000)


def scalar_aliases() -> bytes:
    """A short text aliased 130,000 times: few nodes, many values."""
    return _fits(HEAD + "x-a: &a abcdef\nx-flood: [" + ",".join(["*a"] * 130_000) + "]\n")


def unknown_waiver_checks() -> bytes:
    """20,000 waivers naming checks that do not exist."""
    waivers = "".join(f"  - {{check: ZZ-{n:05d}, reason: r}}\n" for n in range(20_000))
    return _fits(f"{HEAD}waivers:\n{waivers}")


def type_errors() -> bytes:
    """16,000 systems, each with text where a number and a boolean belong."""
    systems = "".join(
        f"  - {{id: s{n:05d}, age_years: old, can_stop: maybe}}\n" for n in range(16_000)
    )
    return _fits(f"{HEAD}systems:\n{systems}")


def enum_typos() -> bytes:
    """21,000 systems whose kind is a near miss of an allowed value (a did-you-mean each)."""
    systems = "".join(f"  - {{id: s{n:05d}, kind: plcc}}\n" for n in range(21_000))
    return _fits(f"{HEAD}systems:\n{systems}")


def duplicate_ids() -> bytes:
    """20,000 evidence entries sharing one id."""
    return _fits(HEAD + "evidence:\n" + "  - {id: same, kind: measured}\n" * 20_000)


def duplicate_keys() -> bytes:
    """A mapping that repeats one key 65,000 times."""
    return _fits(HEAD + "x-dup:\n" + "  k: 0\n" * 65_000)


def long_text() -> bytes:
    """A project name of a million characters."""
    return _fits(f"readiness: 1\nproject: {{id: a, name: {'n' * 1_040_000}}}\n")


def long_keys() -> bytes:
    """Ten unknown keys of 100,000 characters each."""
    return _fits(HEAD + "".join(f"{chr(97 + n) * 100_000}: 0\n" for n in range(10)))


def invalid_dates() -> bytes:
    """21,000 business-case phases starting on a date that does not exist."""
    phases = "".join(f"    - {{name: p{n:05d}, start: 2026-02-30}}\n" for n in range(21_000))
    return _fits(f"{HEAD}business_case:\n  phases:\n{phases}")


def deep_nesting() -> bytes:
    """Mappings nested 60 deep (the limit is 64), a thousand times."""
    item = "{a: " * 60 + "0" + "}" * 60
    return _fits(HEAD + "x-deep: [" + ",".join([item] * 1000) + "]\n")


def too_deep() -> bytes:
    """Lists nested 100,000 deep."""
    return _fits(HEAD + "x-deep: " + "[" * 100_000 + "]" * 100_000 + "\n")


def alias_bomb() -> bytes:
    """The billion laughs: nine lists of nine aliases of the one before, nine deep."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return _fits(HEAD + "\n".join(f"x-{line}" for line in lines) + "\n")


def unknown_key_typos() -> bytes:
    """21,000 systems each with a near miss of a known key (a did-you-mean each)."""
    systems = "".join(f"  - {{id: s{n:05d}, nmae: x}}\n" for n in range(21_000))
    return _fits(f"{HEAD}systems:\n{systems}")


def many_waivers() -> bytes:
    """12,166 valid waivers, the built-in checks waived over and over (every report used to
    list and wrap each one)."""
    from readiness.rubric import builtin_rubrics

    checks = [check.id for check in builtin_rubrics().checks]
    waivers = "".join(
        f"  - {{check: {checks[n % len(checks)]}, reason: r, approved_by: A, "
        f"expires: 2027-01-31}}\n"
        for n in range(12_166)
    )
    return _fits(f"{HEAD}waivers:\n{waivers}")


def deep_evidence_refs() -> bytes:
    """3,891 evidence refs, each 120 folders deep (a path resolved folder by folder per ref)."""
    deep = "a/" * 120
    register = "".join(f"- {{id: e{n}, ref: {deep}{n}}}\n" for n in range(3_891))
    return _fits(f"{HEAD}evidence:\n{register}")


def many_evidence_refs() -> bytes:
    """16,374 evidence entries, each naming its own file (none of them exists)."""
    register = "".join(
        f"  - {{id: e{n:05d}, kind: measured, ref: evidence/f{n}.csv}}\n" for n in range(16_374)
    )
    return _fits(f"{HEAD}evidence:\n{register}")


def costed_losses() -> bytes:
    """21,832 costed losses (the loss-cost table behind gap ranking was rebuilt per gap)."""
    losses = "".join(f"  - {{id: l{n:05d}, annual_cost: {n + 1}}}\n" for n in range(21_832))
    return _fits(f"{HEAD}baseline:\n  losses:\n{losses}")


def failing_knowledge() -> bytes:
    """10,916 knowledge items, each failing the knowledge checks (undocumented, one holder,
    who is leaving)."""
    items = "".join(
        f"  - {{topic: t{n:05d}, kind: process, holders: [x], leaving_within_2y: [x]}}\n"
        for n in range(10_916)
    )
    return _fits(f"{HEAD}knowledge:\n{items}")


def many_globs(folder: Path, files: int = 50) -> Path:
    """A folder whose `.readiness.yaml` lists 5,001 globs (5,000 of them for folders that are
    not there) over `files` small projects: names were compared with every glob. Returns the
    folder."""
    folder.mkdir(parents=True, exist_ok=True)
    globs = "".join(f"  - d{n:04d}/*.readiness.yaml\n" for n in range(5_000))
    (folder / ".readiness.yaml").write_bytes(_fits(f"globs:\n{globs}  - '*.readiness.yaml'\n"))
    for n in range(files):
        (folder / f"p{n:04d}.readiness.yaml").write_text(
            f"readiness: 1\nproject: {{id: p{n:04d}, name: Project {n}}}\n", encoding="utf-8"
        )
    return folder


def _grown(copies: int) -> str:
    """The ready sample with `copies` more sets of its registers, each under new ids."""
    from readiness.loader import load_file

    data: dict[str, Any] = load_file(ROOT / "samples" / "weld-vision-ready.yaml").data
    evidence = data["evidence"][:3]
    losses = data["baseline"]["losses"][:2]
    kpis = data["baseline"]["kpis"][:1]
    systems = data["systems"][:2]
    components = data["solution"]["components"][:1]
    risks = (data.get("risks") or [])[:1]
    knowledge = (data.get("knowledge") or [])[:1]
    for number in range(1, copies + 1):
        suffix = f"-{number:04d}"
        cited = [entry["id"] + suffix for entry in evidence]
        for entry in copy.deepcopy(evidence):
            entry["id"] += suffix
            data["evidence"].append(entry)
        for loss in copy.deepcopy(losses):
            loss["id"] += suffix
            loss["evidence"] = cited[:1]
            data["baseline"]["losses"].append(loss)
        for kpi in copy.deepcopy(kpis):
            kpi["id"] += suffix
            kpi["evidence"] = cited[1:2]
            data["baseline"]["kpis"].append(kpi)
        for system in copy.deepcopy(systems):
            system["id"] += suffix
            data["systems"].append(system)
        for component in copy.deepcopy(components):
            component["id"] += suffix
            component["addresses"] = [losses[-1]["id"] + suffix, kpis[-1]["id"] + suffix]
            data["solution"]["components"].append(component)
        data.setdefault("risks", []).extend(copy.deepcopy(risks))
        data.setdefault("knowledge", []).extend(copy.deepcopy(knowledge))
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)


def legitimate(size: int = LIMIT) -> bytes:
    """A real programme's worth of project in one file, just under `size` bytes (1 MiB by
    default), valid and assessable: the ready sample with its registers, losses, KPIs, systems,
    components, risks and knowledge repeated under new ids, every citation defined. Larger sizes
    need --max-bytes."""
    empty, hundred = len(_grown(0).encode()), len(_grown(100).encode())
    copies = max(0, (size - 8_000 - empty) * 100 // (hundred - empty))
    while len(text := _grown(copies).encode()) > size and copies > 0:
        copies -= 5
    return text


FAILING_CHECKS = 5038
"""Checks in the `failing-checks` pack: as many as fit in 830 KB, the size issue 18 measured."""

FAILING_SEVERITIES = ("blocker", "high", "medium", "low")


def failing_checks_pack(count: int = FAILING_CHECKS) -> bytes:
    """A rubric pack (not a project) of `count` checks in a new dimension that all fail on any
    project (each asks for a project id nobody uses), severities in turn blocker, high, medium,
    low at levels 1-5: a path to ready over thousands of gaps (issue 18: 91 s and 512 MB when the
    search was quadratic in gaps). Assessed with a sample project and `--rubrics`."""
    checks = "".join(
        f"  - {{id: HX-{n:05d}, title: Hostile check {n}, "
        f"severity: {FAILING_SEVERITIES[n % 4]}, level: {1 + n % 5}, effort: {1 + n % 4}, "
        f"path: /project/id, expect: {{const: never-{n}}}, message: fails, missing: add it, "
        f"rationale: none, remediation: none}}\n"
        for n in range(count)
    )
    head = "pack: hostile\nversion: 1\ndimension: {id: hostile, title: Hostile, weight: 1}\n"
    return _fits(f"{head}checks:\n{checks}")


CLASSES: dict[str, Callable[[], bytes]] = {
    "undefined-citations": undefined_citations,
    "alias-text": alias_text,
    "component-links": component_links,
    "unknown-keys": unknown_keys,
    "unique-items": unique_items,
    "flat-flood": flat_flood,
    "flat-flood-under-cap": flat_flood_under_cap,
    "deep-flood": deep_flood,
    "block-flood": block_flood,
    "scalar-aliases": scalar_aliases,
    "unknown-waiver-checks": unknown_waiver_checks,
    "type-errors": type_errors,
    "enum-typos": enum_typos,
    "unknown-key-typos": unknown_key_typos,
    "duplicate-ids": duplicate_ids,
    "duplicate-keys": duplicate_keys,
    "long-text": long_text,
    "long-keys": long_keys,
    "invalid-dates": invalid_dates,
    "deep-nesting": deep_nesting,
    "too-deep": too_deep,
    "alias-bomb": alias_bomb,
    "many-waivers": many_waivers,
    "deep-evidence-refs": deep_evidence_refs,
    "many-evidence-refs": many_evidence_refs,
    "costed-losses": costed_losses,
    "failing-knowledge": failing_knowledge,
}
"""Every adversarial class by name; `legitimate` is kept apart (its target is tighter)."""


def failing_checks_at_limit() -> bytes:
    """The failing-checks pack cut to the most checks the packs given may hold
    (`readiness.rubric.MAX_PACK_CHECKS`): assessed, with a path to ready over a thousand gaps."""
    from readiness.rubric import MAX_PACK_CHECKS

    return failing_checks_pack(MAX_PACK_CHECKS)


PACKS: dict[str, Callable[[], bytes]] = {
    "failing-checks-pack": failing_checks_pack,
    "failing-checks-at-limit": failing_checks_at_limit,
}
"""Adversarial rubric packs by name, each assessed with `PACK_PROJECT` and `--rubrics`."""

PACK_PROJECT = ROOT / "samples" / "weld-vision-ready.yaml"


FOLDERS: dict[str, Callable[[Path], Path]] = {
    "many-globs": many_globs,
}
"""Adversarial configurations: each writes a folder to assess as a whole."""


def write_all(folder: Path) -> dict[str, Path]:
    """Write every class (and `legitimate`) as NAME.yaml under `folder`, and every folder
    class as the folder NAME; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, generate in {**CLASSES, "legitimate": legitimate}.items():
        path = folder / f"{name}.yaml"
        path.write_bytes(generate())
        written[name] = path
    for name, make in FOLDERS.items():
        written[name] = make(folder / name)
    return written


def main() -> None:
    """Write the files into the folder given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    for name, path in write_all(args.folder).items():
        print(f"{path.stat().st_size:>9,}  {name}")


if __name__ == "__main__":
    main()
