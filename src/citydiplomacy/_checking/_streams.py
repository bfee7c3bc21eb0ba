"""Open streams for :func:`load` and :func:`dump`: text or binary, named or not.

A stream is anything with ``read`` (for loading) or ``write`` (for writing): an open
file, ``io.StringIO``, ``io.BytesIO``, ``sys.stdin.buffer``. Whether it holds text or
bytes is found out from the stream itself (``io.TextIOBase``, or what ``read(0)``
returns), and its ``name``, when it has a string one, names it in messages as a path
would. Reading stops one byte (or character) past the size limit, as for files.
"""

from __future__ import annotations

import io
import os
from typing import IO, Any

from citydiplomacy._base._report import Report
from citydiplomacy._checking._check import read_and_check, read_stream_and_check
from citydiplomacy._io._reading import DEFAULT_MAX_BYTES, Format, Source

#: The name given to a stream that has none.
UNNAMED = "<stream>"


def is_stream(value: object, method: str) -> bool:
    """True for an object with ``method`` (``"read"`` or ``"write"``) that is not a path."""
    return not isinstance(value, (str, bytes, os.PathLike)) and callable(
        getattr(value, method, None)
    )


def stream_name(stream: object) -> str:
    """The stream's ``name`` when it is a string (an open file's path), else ``<stream>``.

    >>> stream_name(io.StringIO())
    '<stream>'
    """
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else UNNAMED


def _is_text(stream: Any, method: str) -> bool:
    if isinstance(stream, io.TextIOBase):
        return True
    if isinstance(stream, (io.RawIOBase, io.BufferedIOBase)):
        return False
    if method == "read":
        return isinstance(stream.read(0), str)
    return "b" not in str(getattr(stream, "mode", "b"))


def read_stream_checked(
    stream: IO[str] | IO[bytes], *, format: Format | None
) -> tuple[object | None, Report, Source]:
    """Read a text or binary stream and check it, like a file of the same name."""
    name = stream_name(stream)
    if _is_text(stream, "read"):
        text = stream.read(DEFAULT_MAX_BYTES + 1)
        assert isinstance(text, str)
        return read_and_check(text, name=name, format=format)
    return read_stream_and_check(stream, name=name, format=format)  # type: ignore[arg-type]


def write_stream(stream: IO[str] | IO[bytes], text: str) -> None:
    """Write ``text`` to a text stream, or its UTF-8 bytes to a binary one."""
    target: Any = stream  # text or bytes: found out at run time
    target.write(text if _is_text(stream, "write") else text.encode("utf-8"))
