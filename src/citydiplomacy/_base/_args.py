"""Argument checks for the public functions: a wrong type is a ``TypeError`` that
names the function, the argument and the types it accepts, raised before any work."""

from __future__ import annotations

import datetime as _dt
import os
from typing import Final

__all__ = ["check_choice", "check_path", "check_type"]

_NAMES: Final = {
    str: "str",
    bytes: "bytes",
    bytearray: "bytearray",
    memoryview: "memoryview",
    bool: "bool",
    type(None): "None",
    _dt.date: "datetime.date",
    _dt.datetime: "datetime.datetime",
}


def _name(kind: type) -> str:
    return _NAMES.get(kind, kind.__name__)


def check_type(function: str, argument: str, value: object, *kinds: type) -> None:
    """Raise ``TypeError`` unless ``value`` is an instance of one of ``kinds`` (a
    ``bool`` never passes for an ``int``)."""
    if isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds):
        return
    accepted = " or ".join(_name(k) for k in kinds)
    raise TypeError(
        f"{function}() argument {argument!r} must be {accepted}, not {type(value).__name__}"
    )


def check_path(function: str, argument: str, value: object) -> None:
    """A file path: ``str`` or ``os.PathLike[str]`` (``pathlib.Path``)."""
    if isinstance(value, str) or (
        isinstance(value, os.PathLike) and isinstance(os.fspath(value), str)
    ):
        return
    raise TypeError(
        f"{function}() argument {argument!r} must be str or os.PathLike[str] "
        f"(such as pathlib.Path), not {type(value).__name__}"
    )


def check_choice(function: str, argument: str, value: object, choices: tuple[object, ...]) -> None:
    """``value`` is one of ``choices``: a ``TypeError`` for a wrong type, else a
    ``ValueError`` naming the choices."""
    kinds = tuple({type(c) for c in choices})
    check_type(function, argument, value, *kinds)
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(
            f"{function}() argument {argument!r} must be one of {listed}, not {value!r}"
        )
