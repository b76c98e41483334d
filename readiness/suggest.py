"""Did-you-mean hints: the known word closest to a mistyped one, in bounded time.

difflib compares a word with every candidate, at a cost that grows with both lengths; over
thousands of known ids for each of thousands of mistakes that took minutes. Here the known words
are sorted once, and a word is compared only with its few neighbours in that order that share its
first letter (a typo is rarely in the first letter), both cut to 64 characters. Every
did-you-mean in readiness (unknown keys and values, undefined ids, waivers, `explain`) comes from
here, and callers compute it only for the diagnostics they show.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable

from readiness.errors import truncate

MAX_CANDIDATES = 40
"""Known words compared with one mistyped word, at most."""
MAX_LENGTH = 64
"""Characters of a word (and of each candidate) that are compared."""


class Vocabulary:
    """Known words, sorted once so that each lookup reads a bounded slice of them."""

    def __init__(self, words: Iterable[str]) -> None:
        pairs = sorted({(word.casefold()[:MAX_LENGTH], word) for word in words})
        self._folded = [folded for folded, _ in pairs]
        self._words = [word for _, word in pairs]

    def __len__(self) -> int:
        return len(self._words)

    def candidates(self, word: str) -> list[tuple[str, str]]:
        """(folded, original) for the known words `word` is compared with."""
        if len(self._words) <= MAX_CANDIDATES:
            return list(zip(self._folded, self._words, strict=True))
        folded = word.casefold()[:MAX_LENGTH]
        if not folded:
            return []
        # Words sharing the first letter sit in one run of the sorted list; take the slice of it
        # around where `word` itself would sort, so those sharing the longest prefix come first.
        first = bisect.bisect_left(self._folded, folded[0])
        end = bisect.bisect_left(self._folded, folded[0] + "\U0010ffff", lo=first)
        at = bisect.bisect_left(self._folded, folded, lo=first, hi=end)
        low = max(first, min(at - MAX_CANDIDATES // 2, end - MAX_CANDIDATES))
        high = min(end, low + MAX_CANDIDATES)
        return list(zip(self._folded[low:high], self._words[low:high], strict=True))

    def closest(self, word: str, cutoff: float = 0.6) -> str | None:
        """The known word most like `word`, if one is alike enough."""
        candidates = self.candidates(word)
        if not candidates:
            return None
        by_folded = dict(reversed(candidates))
        found = difflib.get_close_matches(
            word.casefold()[:MAX_LENGTH], list(by_folded), n=1, cutoff=cutoff
        )
        return by_folded[found[0]] if found else None


def closest(word: str, known: Vocabulary | Iterable[str]) -> str | None:
    """The known word most like `word` (build a Vocabulary once to ask about many words)."""
    vocabulary = known if isinstance(known, Vocabulary) else Vocabulary(known)
    return vocabulary.closest(word)


def did_you_mean(word: str, known: Vocabulary | Iterable[str]) -> str:
    """`did you mean 'X'?`, or '' when no known word is close."""
    found = closest(word, known)
    return f"did you mean '{truncate(found)}'?" if found is not None else ""
