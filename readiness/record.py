"""Frozen records: frozen dataclasses whose methods are not compiled at every start.

`@dataclass(frozen=True)` writes the source of six methods per class (`__init__`, `__repr__`,
`__eq__`, `__hash__`, `__setattr__`, `__delattr__`) and compiles it each time its module is
imported: about half a millisecond a class, and a one-file run defines some thirty, a tenth of
its time. A subclass of `Record` is the same class with those methods written once, below, and
shared: its fields, defaults and `field(default_factory=...)` are a dataclass's own (so
`dataclasses.fields`, `replace` and `asdict` work), and its instances are built, compared,
hashed, shown and refuse assignment as a frozen dataclass's are (`tests/test_record.py` holds
them to that), at the same cost or less.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, TypeVar, dataclass_transform

R = TypeVar("R")


class _Layout:
    """What the shared methods need to know about one record class, worked out once."""

    __slots__ = ("compared", "defaults", "factories", "hashed", "known", "names", "shown")

    def __init__(self, fields: tuple[dataclasses.Field[Any], ...]) -> None:
        self.names = tuple(f.name for f in fields)
        self.defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
        self.factories = tuple(
            (f.name, f.default_factory)
            for f in fields
            if f.default_factory is not dataclasses.MISSING
        )
        self.known = frozenset(self.names)
        self.compared = tuple(f.name for f in fields if f.compare)
        self.hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
        self.shown = tuple(f.name for f in fields if f.repr)


_SPECIAL = ("ClassVar", "InitVar", "KW_ONLY")


def _make_fields(cls: type) -> None:
    """The class's dataclass fields, as `dataclass(init=False, repr=False, eq=False)` makes
    them, without its work on each annotation (three regular-expression tests of the annotation
    text a field: a third of a millisecond a class, 14 M instructions for `model.py` alone).
    A class whose annotations name a ClassVar, an InitVar or KW_ONLY, or are not text (a module
    without `from __future__ import annotations`), goes to `dataclass`."""
    own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 - as `dataclasses` reads them
    if any(not isinstance(a, str) or any(w in a for w in _SPECIAL) for a in own.values()):
        dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
        return
    fields: dict[str, dataclasses.Field[Any]] = {}
    for base in reversed(cls.__mro__[1:]):
        fields.update(base.__dict__.get("__dataclass_fields__", {}))
    for name, annotation in own.items():
        default = cls.__dict__.get(name, dataclasses.MISSING)
        if isinstance(default, dataclasses.Field):
            made = default
            if made.default is dataclasses.MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, made.default)
        else:
            if default is not dataclasses.MISSING and default.__class__.__hash__ is None:
                msg = f"mutable default {type(default)} for field {name}: use default_factory"
                raise ValueError(msg)
            made = dataclasses.field(default=default)
        made.name = name
        made.type = annotation
        made._field_type = dataclasses._FIELD  # type: ignore[attr-defined]
        if made.kw_only is dataclasses.MISSING:
            made.kw_only = False
        fields[name] = made
    cls.__dataclass_fields__ = fields  # type: ignore[attr-defined]
    cls.__match_args__ = tuple(f.name for f in fields.values() if f.init)  # type: ignore[attr-defined,misc]


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
class Record:
    """A frozen dataclass: subclass it where `@dataclass(frozen=True)` was. Its fields are the
    subclass's annotations, with defaults and `field(default_factory=...)` as in a dataclass."""

    __slots__ = ()
    _layout: ClassVar[_Layout]
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        _make_fields(cls)
        fields = dataclasses.fields(cls)
        if hasattr(cls, "__post_init__") or not all(f.init and not f.kw_only for f in fields):
            msg = f"{cls.__qualname__}: use @dataclass for __post_init__, init=False or kw_only"
            raise TypeError(msg)
        cls._layout = _Layout(fields)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        layout = self._layout
        names = layout.names
        if len(args) > len(names):
            msg = f"{type(self).__qualname__}() takes {len(names)} arguments, {len(args)} given"
            raise TypeError(msg)
        state = self.__dict__
        state.update(layout.defaults)
        if args:
            given = names[: len(args)]
            if not kwargs.keys().isdisjoint(given):
                twice = ", ".join(repr(n) for n in given if n in kwargs)
                msg = f"{type(self).__qualname__}() got multiple values for {twice}"
                raise TypeError(msg)
            state.update(zip(given, args, strict=True))
        if kwargs:
            if not layout.known >= kwargs.keys():
                unknown = ", ".join(repr(n) for n in kwargs if n not in layout.known)
                msg = f"{type(self).__qualname__}() got unexpected arguments {unknown}"
                raise TypeError(msg)
            state.update(kwargs)
        for name, factory in layout.factories:
            if name not in state:
                state[name] = factory()
        if len(state) != len(names):
            missing = ", ".join(repr(n) for n in names if n not in state)
            msg = f"{type(self).__qualname__}() missing arguments {missing}"
            raise TypeError(msg)

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = self._layout.compared
        mine, theirs = self.__dict__, other.__dict__
        return tuple([mine[n] for n in compared]) == tuple([theirs[n] for n in compared])

    def __hash__(self) -> int:
        state = self.__dict__
        return hash(tuple([state[n] for n in self._layout.hashed]))

    def __repr__(self) -> str:
        state = self.__dict__
        shown = ", ".join(f"{n}={state[n]!r}" for n in self._layout.shown)
        return f"{type(self).__qualname__}({shown})"


def replace(record: R, /, **changes: Any) -> R:
    """`dataclasses.replace` for a `Record`, without going through `__init__` field by field
    (a fifth of its cost: a pack of thousands of checks makes a copy of each finding several
    times); any other dataclass goes to `dataclasses.replace`."""
    if not isinstance(record, Record):
        return dataclasses.replace(record, **changes)  # type: ignore[type-var]
    layout = record._layout
    if not layout.known >= changes.keys():
        unknown = ", ".join(repr(n) for n in changes if n not in layout.known)
        msg = f"{type(record).__qualname__}() got unexpected arguments {unknown}"
        raise TypeError(msg)
    copy = object.__new__(type(record))
    state = copy.__dict__
    mine = record.__dict__
    for name in layout.names:  # fields only: a `cached_property` of the old record is not new
        state[name] = mine[name]
    state.update(changes)
    return copy


__all__ = ["Record", "replace"]
