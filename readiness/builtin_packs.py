"""`python -m readiness.builtin_packs`: regenerate `readiness/builtin_packs.json`, the built-in
packs' pre-validated form (`readiness.prevalidated`), from `rubrics/*.yaml`.

Kept apart from the reading side: regenerating loads the packs through the rubric merger, which
itself reads the pre-validated form, so the two ends sit on either side of it.
"""

from __future__ import annotations

import sys

from readiness import prevalidated
from readiness.errors import InputError
from readiness.rubric import builtin_files, load_rubrics


def generate() -> str:
    """Load the built-in YAML packs with every check and return their pre-validated form."""
    files = builtin_files()
    rubrics = load_rubrics(prevalidated=False)
    return prevalidated.serialise(
        rubrics.dimensions, rubrics.parameters, rubrics.packs, prevalidated.source_digests(files)
    )


def main() -> None:
    """Regenerate `readiness/builtin_packs.json` from `rubrics/*.yaml` (exit 2 if a pack is bad)."""
    try:
        text = generate()
    except InputError as error:
        sys.stderr.write(f"{error}\n")
        raise SystemExit(2) from None
    target = prevalidated.PREVALIDATED
    target.write_text(text, encoding="utf-8", newline="\n")
    sys.stdout.write(f"wrote {target}\n")


if __name__ == "__main__":
    main()
