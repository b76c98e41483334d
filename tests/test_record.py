"""`Record` behaves as the frozen dataclass it replaces: each check below runs on a record and
on the same class written with `@dataclass(frozen=True)`, and the two must agree."""

from __future__ import annotations

import copy
import dataclasses
import functools
import math
import pickle
import typing
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.model import Finding, Location
from readiness.record import Record, replace


class Item(Record):
    """A record with every kind of field: required, defaulted, made by a factory, not compared."""

    name: str
    count: int
    weight: float = 1.0
    tags: dict[str, Any] = field(default_factory=dict)
    note: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class Reference:
    """The same class as a frozen dataclass."""

    name: str
    count: int
    weight: float = 1.0
    tags: dict[str, Any] = field(default_factory=dict)
    note: str = field(default="", compare=False, repr=False)


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("a", 1), {}),
    (("a",), {"count": 2}),
    ((), {"name": "b", "count": 3, "weight": 0.5}),
    (("c", 4, 2.0, {"x": 1}, "why"), {}),
    (("c", 4), {"note": "why", "tags": {"y": [1, 2]}}),
    (("d", 5), {"weight": math.nan}),
]
WRONG: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((), {}),  # nothing given
    (("a",), {}),  # a required field missing
    (("a", 1), {"colour": "red"}),  # no such field
    (("a", 1), {"name": "b"}),  # given twice
    (("a", 1, 2.0, {}, "n", "extra"), {}),  # too many
]


def _both(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Item, Reference]:
    return Item(*args, **kwargs), Reference(*args, **kwargs)


def _pairs() -> list[tuple[Item, Reference]]:
    return [_both(args, kwargs) for args, kwargs in CALLS]


def _hash(value: object) -> int | str:
    """The hash, or the error hashing raises (a dict field makes a record unhashable)."""
    try:
        return hash(value)
    except TypeError as error:
        return str(error)


def _shown(text: str) -> str:
    return text.replace("Item", "X").replace("Reference", "X")


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_fields_defaults_and_repr_are_the_dataclass_s(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    mine, reference = _both(args, kwargs)
    assert repr(dataclasses.asdict(mine)) == repr(dataclasses.asdict(reference))
    assert [f.name for f in dataclasses.fields(mine)] == [
        f.name for f in dataclasses.fields(reference)
    ]
    assert _shown(repr(mine)) == _shown(repr(reference))
    assert dataclasses.is_dataclass(mine)


def test_a_factory_makes_a_new_value_for_each_record() -> None:
    first, second = Item("a", 1), Item("a", 1)
    assert first.tags == {}
    assert first.tags is not second.tags


@pytest.mark.parametrize(("args", "kwargs"), WRONG)
def test_wrong_calls_are_refused_as_the_dataclass_refuses_them(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(TypeError):
        Reference(*args, **kwargs)
    with pytest.raises(TypeError):
        Item(*args, **kwargs)


def test_equality_and_hashing_agree_with_the_dataclass() -> None:
    pairs = _pairs()
    for mine, reference in pairs:
        for other_mine, other_reference in pairs:
            assert (mine == other_mine) is (reference == other_reference)
        assert _hash(mine) == _hash(reference)
    nan = Item("d", 5, math.nan)
    assert nan == nan  # the same float object, as in the dataclass's tuple comparison
    assert Item("a", 1, note="x") == Item("a", 1, note="y")  # compare=False
    assert Item("a", 1) != Reference("a", 1)
    assert Item("a", 1).__eq__(("a", 1)) is NotImplemented
    assert _hash(Item("a", 1)) == "unhashable type: 'dict'"
    assert hash(Location("f", 1, 2)) == hash(("f", 1, 2))


def test_records_are_frozen() -> None:
    mine = Item("a", 1)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'count'"):
        mine.count = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'name'"):
        del mine.name  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        mine.other = 1  # type: ignore[attr-defined]


def test_replace_copy_and_pickle_give_equal_records() -> None:
    for mine, _ in _pairs():
        changed = dataclasses.replace(mine, count=9)
        assert (changed.count, changed.name) == (9, mine.name)
        assert changed != mine
        assert copy.copy(mine) == mine
        # (repr: a NaN field is a new float object in a deep copy, so not equal to itself)
        assert repr(copy.deepcopy(mine)) == repr(mine)
        # The portfolio's worker processes send results back pickled (our own objects only).
        assert repr(pickle.loads(pickle.dumps(mine))) == repr(mine)  # noqa: S301
    with pytest.raises(TypeError):
        dataclasses.replace(Item("a", 1), colour="red")


def test_fields_are_made_as_dataclass_makes_them() -> None:
    """Record makes its fields itself (dataclass's per-annotation tests cost 14 M instructions
    for model.py alone): the same fields, class attributes and match arguments, and the same
    refusal of a mutable default; a ClassVar still goes through dataclass."""
    aspects = ("name", "type", "default", "default_factory", "init", "repr", "compare", "hash")
    aspects += ("kw_only", "metadata")
    mine = [tuple(getattr(f, a) for a in aspects) for f in dataclasses.fields(Item)]
    theirs = [tuple(getattr(f, a) for a in aspects) for f in dataclasses.fields(Reference)]
    assert mine == theirs
    assert dataclasses.is_dataclass(Item)
    assert Item.__match_args__ == Reference.__match_args__
    for name in ("name", "count", "weight", "tags", "note"):
        assert hasattr(Item, name) == hasattr(Reference, name), name
        assert getattr(Item, name, None) == getattr(Reference, name, None), name
    assert dataclasses.asdict(Item("a", 1)) == dataclasses.asdict(Reference("a", 1))
    with pytest.raises(ValueError, match="mutable default"):

        class Mutable(Record):
            """A record with a list for a default."""

            items: list[int] = []  # noqa: RUF012

    class Counted(Record):
        """A record with a class-level constant beside its fields."""

        limit: typing.ClassVar[int] = 3
        name: str

    assert [f.name for f in dataclasses.fields(Counted)] == ["name"]
    assert Counted("x").limit == 3
    # Annotations that are objects, not text (a module without postponed annotations).
    plain = type(
        "Plain",
        (Record,),
        {"__annotations__": {"limit": typing.ClassVar[int], "n": int}, "limit": 3},
    )
    assert [f.name for f in dataclasses.fields(plain)] == ["n"]
    assert plain(5).limit == 3


def test_records_replace_gives_what_dataclasses_replace_gives() -> None:
    """`record.replace` copies a record's fields without its `__init__` (the path to ready makes
    thousands of copies): the same record as `dataclasses.replace`, factories not run again,
    an unknown field refused; any other dataclass goes to `dataclasses.replace`."""
    changes: list[dict[str, Any]] = [{}, {"count": 9}, {"note": "n", "tags": {"z": 1}}]
    for mine, _ in _pairs():
        for change in changes:
            fast, slow = replace(mine, **change), dataclasses.replace(mine, **change)
            assert type(fast) is Item
            assert repr(fast) == repr(slow)
            assert (fast.tags is mine.tags) == ("tags" not in change)
            assert fast.note == slow.note
            with pytest.raises(dataclasses.FrozenInstanceError):
                fast.count = 1  # type: ignore[misc]
    with pytest.raises(TypeError, match="'colour'"):
        replace(Item("a", 1), colour="red")

    class Cached(Record):
        """A record with a property worked out from its fields once."""

        name: str

        @functools.cached_property
        def shout(self) -> str:
            return self.name.upper()

    first = Cached("a")
    assert first.shout == "A"
    assert replace(first, name="b").shout == "B"  # not the copied cache of the first
    assert replace(first).shout == "A"
    assert replace(Reference("a", 1), count=2) == Reference("a", 2)


@given(st.text(), st.integers(), st.floats(allow_nan=False), st.text())
def test_any_values_round_trip(name: str, count: int, weight: float, note: str) -> None:
    mine, reference = _both((name, count, weight), {"note": note})
    assert dataclasses.astuple(mine) == dataclasses.astuple(reference)
    assert _shown(repr(mine)) == _shown(repr(reference))
    assert _hash(mine) == _hash(reference)


def test_the_model_is_made_of_records() -> None:
    """The classes a run builds hundreds of times are records, with their dataclass fields.
    (A diagnostic needs no slots: at most COLLECT_LIMIT of them are kept per file.)"""
    location = Location("f.yaml", 3, 5)
    assert repr(location) == "Location(file='f.yaml', line=3, column=5)"
    assert issubclass(Finding, Record)
    assert "remediation" in Finding.__dataclass_fields__


def test_what_a_record_does_not_do_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="use @dataclass"):

        class Later(Record):
            name: str
            size: int = field(init=False, default=0)

    with pytest.raises(TypeError, match="use @dataclass"):

        class Checked(Record):
            name: str

            def __post_init__(self) -> None:
                pass
