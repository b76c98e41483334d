"""Did-you-mean hints: the closest known word, compared with a bounded set of candidates."""

from __future__ import annotations

import pytest

from readiness.suggest import MAX_CANDIDATES, MAX_LENGTH, Vocabulary, closest, did_you_mean

SCHEMA_KEYS = ["readiness", "project", "evidence", "baseline", "systems", "solution", "waivers"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("system", "systems"),
        ("projetc", "project"),
        ("WAIVERS", "waivers"),
        ("evidense", "evidence"),
        ("zzz", None),
        ("", None),
    ],
)
def test_closest_known_word(word: str, expected: str | None) -> None:
    """A near miss finds its word, whatever the case; nothing alike finds nothing."""
    assert closest(word, SCHEMA_KEYS) == expected


def test_hint_text() -> None:
    """The hint is a question naming the word, or empty."""
    assert did_you_mean("sytems", SCHEMA_KEYS) == "did you mean 'systems'?"
    assert did_you_mean("qqq", SCHEMA_KEYS) == ""


def test_many_known_words_are_narrowed_to_a_few_neighbours() -> None:
    """Among 50,000 ids only a bounded slice sharing the first letter is compared."""
    vocabulary = Vocabulary([f"ev-{n:05d}" for n in range(50_000)] + ["mes-q1", "mes-q2"])
    candidates = vocabulary.candidates("ev-12345x")
    assert len(candidates) == MAX_CANDIDATES
    assert ("ev-12345", "ev-12345") in candidates
    assert vocabulary.closest("ev-12345x") == "ev-12345"
    assert vocabulary.closest("mes-q3") in {"mes-q1", "mes-q2"}
    assert vocabulary.candidates("x-nothing") == []


def test_long_words_are_compared_in_part() -> None:
    """A word of a million letters is cut before it is compared."""
    vocabulary = Vocabulary(["a" * 100, *(f"a{n}" for n in range(100))])
    assert all(len(folded) <= MAX_LENGTH for folded, _ in vocabulary.candidates("a" * 10**6))
    assert vocabulary.closest("a" * 10**6) == "a" * 100


def test_the_hint_quotes_a_known_word_safely() -> None:
    """A known id with a line break in it is shown escaped, on one line."""
    assert did_you_mean("bad\nid2", ["bad\nid"]) == "did you mean 'bad\\nid'?"
