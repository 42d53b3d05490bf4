"""``@record``: ``@dataclass(frozen=True, slots=True)``, built at a fraction of its cost.

A frozen dataclass with slots compiles six functions and builds its class twice when it
is defined; archlint defines about sixty such value records (findings, locations,
references, facts), and a Terraform lint of the seed spent about a tenth of its time
making them. A record compiles one function, its ``__init__``; equality, hashing,
``repr`` and the frozen ``__setattr__`` are shared functions driven by per-class field
lists. It is a real dataclass (``fields``, ``replace``, ``asdict`` and ``match`` work) and
behaves as the frozen one does: equal when the class and the compared fields are equal,
hashable, ``FrozenInstanceError`` on assignment, picklable and copyable.

Only what records use is supported: fields with a default or a default factory, and
``compare``/``repr``/``hash`` flags; anything else is refused where the class is defined.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError
from typing import Any, TypeVar

__all__ = ["record"]

_T = TypeVar("_T")


def record(cls: type[_T]) -> type[_T]:
    if "__post_init__" in cls.__dict__:
        raise TypeError(f"{cls.__qualname__}: a record has no __post_init__ (use @dataclass)")
    # Without a docstring, dataclass would write one through inspect.signature: about a
    # quarter of the cost of making the record. A record names its fields instead.
    undocumented = not cls.__doc__
    if undocumented:
        cls.__doc__ = cls.__name__
    made: Any = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True)
    every = dataclasses.fields(made)
    if undocumented:
        made.__doc__ = f"{cls.__name__}({', '.join(item.name for item in every)})"
    for item in every:
        if not item.init or item.kw_only is True:
            raise TypeError(f"{cls.__qualname__}.{item.name}: not supported by @record")
    made.__init__ = _init(made, every)
    made.__record_compared__ = tuple(f.name for f in every if f.compare)
    made.__record_hashed__ = tuple(
        f.name for f in every if (f.compare if f.hash is None else f.hash)
    )
    made.__record_shown__ = tuple(f.name for f in every if f.repr)
    for name, function in _SHARED.items():
        if name not in cls.__dict__:  # a method the class writes itself wins
            setattr(made, name, function)
    return made  # type: ignore[no-any-return]


def _init(cls: type, every: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    parameters, body = [], []
    for item in every:
        name = item.name
        if item.default is not MISSING:
            namespace[f"_default_{name}"] = item.default
            parameters.append(f"{name}=_default_{name}")
            value = name
        elif item.default_factory is not MISSING:
            namespace[f"_factory_{name}"] = item.default_factory
            parameters.append(f"{name}=_FACTORY")
            value = f"_factory_{name}() if {name} is _FACTORY else {name}"
        else:
            parameters.append(name)
            value = name
        body.append(f"    _set(self, {name!r}, {value})")
    source = f"def __init__(self, {', '.join(parameters)}):\n" + ("\n".join(body) or "    pass")
    exec(source, namespace)
    function: Callable[..., None] = namespace["__init__"]
    function.__qualname__ = f"{cls.__qualname__}.__init__"
    return function


class _FactoryDefault:
    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _FactoryDefault()


def _values(instance: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple([getattr(instance, name) for name in names])


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = self.__record_compared__
    return _values(self, names) == _values(other, names)


def _hash(self: Any) -> int:
    return hash(_values(self, self.__record_hashed__))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{self.__class__.__qualname__}({shown})"


def _setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]


def _setstate(self: Any, state: list[Any]) -> None:
    for item, value in zip(dataclasses.fields(self), state, strict=True):
        object.__setattr__(self, item.name, value)


_SHARED: dict[str, Callable[..., Any]] = {
    "__eq__": _eq,
    "__hash__": _hash,
    "__repr__": _repr,
    "__setattr__": _setattr,
    "__delattr__": _delattr,
    "__getstate__": _getstate,
    "__setstate__": _setstate,
}
