"""``@record`` behaves as ``@dataclass(frozen=True, slots=True)`` does, for what records use."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from archlint.records import record


@record
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Reference:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list, compare=False, repr=False)


def test_same_behaviour_as_the_frozen_dataclass() -> None:
    for cls in (Point, Reference):
        a, b = cls(1, tags=("t",)), cls(1, 0, ("t",), ["ignored by =="])
        assert a == b and hash(a) == hash(b) and a != cls(2)
        assert a.notes == [] and a.notes is not cls(1).notes  # a fresh list each time
        assert {a, b} == {a}
        assert a.__eq__(("not", "a point")) is NotImplemented
        with pytest.raises(FrozenInstanceError):
            a.x = 5  # type: ignore[misc]
        with pytest.raises(FrozenInstanceError):
            del a.y  # type: ignore[misc]
        assert not hasattr(a, "__dict__")
        assert [f.name for f in dataclasses.fields(a)] == ["x", "y", "tags", "notes"]
        assert dataclasses.replace(a, y=3) == cls(1, 3, ("t",))
        assert pickle.loads(pickle.dumps(a)) == a
        assert copy.copy(a) == a and copy.deepcopy(a) == a
        match a:
            case cls(1, 0):  # type: ignore[misc]
                pass
            case _:
                pytest.fail("positional match failed")
    assert repr(Point(1)) == "Point(x=1, y=0, tags=())"
    assert repr(Point(1)) == repr(Reference(1)).replace("Reference", "Point")


def test_what_records_do_not_support_is_refused_where_the_class_is_defined() -> None:
    with pytest.raises(TypeError, match="not supported by @record"):

        @record
        class Hidden:
            shown: int
            hidden: int = field(default=0, init=False)

    with pytest.raises(TypeError, match="no __post_init__"):

        @record
        class Checked:
            value: int

            def __post_init__(self) -> None:
                pass


def test_a_record_without_a_docstring_gets_a_short_one() -> None:
    @record
    class Pair:
        left: int
        right: int = 2

    # dataclass would write "Pair(left: int, right: int = 2)" through inspect.signature:
    # a quarter of the cost of making a record. A record names its fields.
    assert Pair.__doc__ == "Pair(left, right)"
    assert Point.__doc__ == "Point(x, y, tags, notes)"
