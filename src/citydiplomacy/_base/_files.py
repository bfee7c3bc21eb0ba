"""Files: the one place that opens inputs and writes outputs.

* :func:`open_input` opens a file for reading and refuses anything that is not a
  regular file (a FIFO, a device, a socket, a directory) without ever blocking on it;
* :func:`read_bounded` reads a stream up to a limit, in chunks, never allocating the
  limit up front (``--max-bytes 100G`` costs nothing on a small file);
* :func:`write_atomic` writes a file in one step and never replaces a file it was not
  told to replace, even one created by another process while it writes; it never
  replaces a special file (a FIFO or a character device is written into, anything
  else refused);
* :func:`os_error_message` says what an ``OSError`` means, for people.

Every command and every API function that reads or writes a file goes through these.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from typing import IO, Final

__all__ = [
    "READ_CHUNK",
    "file_kind",
    "open_input",
    "os_error_message",
    "read_bounded",
    "write_atomic",
]

#: Bytes asked for per read; a read never asks for more than the limit left.
READ_CHUNK: Final = 1 << 20

_O_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)
_O_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)
_O_BINARY: Final = getattr(os, "O_BINARY", 0)


def file_kind(mode: int) -> str:
    """What a file is, in words, from its ``st_mode``: ``"a named pipe (FIFO)"``..."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISREG(mode):
        return "a regular file"
    return "not a regular file"


def _not_regular(mode: int, name: str) -> OSError:
    kind = file_kind(mode)
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, "is a directory; give a file", name)
    return OSError(
        errno.EINVAL,
        f"is {kind}, not a regular file; give a regular file (or - for standard input "
        "where the command accepts it)",
        name,
    )


def open_input(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open a regular file for reading, in binary.

    Raises ``OSError`` naming the file when it cannot be opened or is not a regular
    file. A FIFO is opened without blocking (no writer needed) and then refused, so
    no caller ever waits on one.
    """
    name = os.fspath(path)
    fd = os.open(name, os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC | _O_BINARY)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(mode, name)
        if _O_NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(stream: IO[bytes], limit: int, *, first: int = READ_CHUNK) -> bytes:
    """At most ``limit + 1`` bytes from ``stream``: one more than ``limit`` says it was
    over. Reads in chunks (the first of ``first`` bytes), so memory follows the data,
    never the limit.

    A text stream (one that returns ``str``) is read too, its text encoded as UTF-8
    with ``surrogateescape``.
    """
    chunks: list[bytes] = []
    total = 0
    want = max(1, min(first, READ_CHUNK))
    while total <= limit:
        chunk: bytes | str | None = stream.read(min(want, limit + 1 - total))
        if not chunk:
            break
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8", "surrogateescape")
        chunks.append(chunk)
        total += len(chunk)
        want = READ_CHUNK
    return b"".join(chunks)


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, overwrite: bool) -> None:
    """Write ``data`` (text as UTF-8) to the file at ``path`` in one step.

    The data goes to a temporary file in the same directory, flushed to disk, which
    then takes the target's name: a reader sees the old file or the new one, never a
    mix. Without ``overwrite``, the name is taken with a hard link, which fails if
    anything holds it, even a file created by another process a moment before (where
    links are not supported, the file is created exclusively and written in place);
    ``FileExistsError`` then. With ``overwrite``, a regular file is replaced (keeping
    its permission bits; through a symbolic link, the link's target is replaced);
    a FIFO or a character device (``/dev/stdout``, ``/dev/null``) is written into, never
    replaced; a directory, a block device or a socket is refused. A new file gets the
    usual permission bits (0o666 less the umask).

    Every ``OSError`` raised names the file (its ``filename`` is ``path``).
    """
    name = os.fspath(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        try:
            info: os.stat_result | None = os.stat(name)
        except FileNotFoundError:
            info = None
        if info is not None and not overwrite:
            raise FileExistsError(errno.EEXIST, "file exists", name)
        if info is not None and not stat.S_ISREG(info.st_mode):
            if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
                _write_into(name, payload)
                return
            raise _not_regular(info.st_mode, name)
        if info is not None:
            target = os.path.realpath(name)
            _replace(target, payload, stat.S_IMODE(info.st_mode))
        else:
            _create(name, payload)
    except OSError as exc:
        if exc.filename is None and exc.errno is not None:
            raise type(exc)(exc.errno, exc.strerror, name) from None
        raise


def _temporary(directory: str, base: str) -> tuple[int, str]:
    """A new, empty temporary file beside the target: its descriptor and path."""
    while True:
        temporary = os.path.join(directory, f".{base}.{secrets.token_hex(6)}.tmp")
        try:
            # 0o666 lets the kernel apply the umask, as for any new file.
            fd = os.open(
                temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC | _O_BINARY, 0o666
            )
        except FileExistsError:
            continue
        return fd, temporary


def _write_all(fd: int, payload: bytes, *, sync: bool) -> None:
    """Write every byte to ``fd``; with ``sync``, flush it to disk."""
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]
    if sync:
        os.fsync(fd)


def _write_temporary(directory: str, base: str, payload: bytes, mode: int | None) -> str:
    fd, temporary = _temporary(directory, base)
    try:
        try:
            _write_all(fd, payload, sync=True)
        finally:
            os.close(fd)
        if mode is not None:
            os.chmod(temporary, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def _replace(target: str, payload: bytes, mode: int) -> None:
    directory = os.path.dirname(target) or os.curdir
    temporary = _write_temporary(directory, os.path.basename(target), payload, mode)
    try:
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_directory(directory)


def _create(name: str, payload: bytes) -> None:
    directory = os.path.dirname(name) or os.curdir
    temporary = _write_temporary(directory, os.path.basename(name), payload, None)
    try:
        try:
            os.link(temporary, name)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            _create_in_place(name, payload)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    _fsync_directory(directory)


#: errno values of file systems without hard links (FAT, some network shares).
_NO_LINKS: Final = frozenset(
    getattr(errno, n)
    for n in ("EPERM", "ENOTSUP", "EOPNOTSUPP", "EMLINK", "ENOSYS", "EXDEV")
    if hasattr(errno, n)
)


def _create_in_place(name: str, payload: bytes) -> None:
    """Create ``name`` exclusively and write it: not atomic, but never replaces a file."""
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC | _O_BINARY, 0o666)
    try:
        _write_all(fd, payload, sync=True)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    os.close(fd)


def _write_into(name: str, payload: bytes) -> None:
    """Write into a FIFO or a character device, never replacing it; refuse a FIFO that
    no process reads (opening it would block)."""
    try:
        fd = os.open(name, os.O_WRONLY | _O_NONBLOCK | _O_CLOEXEC | _O_BINARY)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(
                errno.ENXIO, "is a named pipe (FIFO) that no process is reading", name
            ) from None
        raise
    try:
        if _O_NONBLOCK:
            os.set_blocking(fd, True)
        _write_all(fd, payload, sync=False)
    finally:
        os.close(fd)


def _fsync_directory(directory: str) -> None:
    """Make a rename in ``directory`` durable, where the platform allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_REASONS: Final = {
    errno.ENOSPC: "no space left on the device; free some space and try again",
    errno.EDQUOT: "disk quota exceeded; free some space and try again",
    errno.EACCES: "permission denied; check the file's and its folder's permissions",
    errno.EPERM: "operation not permitted; check the file's and its folder's permissions",
    errno.EROFS: "the file system is read-only; write somewhere else",
    errno.ENOENT: "no such file or directory; check the path",
    errno.ENOTDIR: "a part of the path is not a directory; check the path",
    errno.EEXIST: "the file exists",
    errno.EISDIR: "is a directory; give a file",
    errno.EIO: "input/output error from the device",
    errno.EFBIG: "file too large for the file system",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ELOOP: "too many levels of symbolic links; check the links",
}


def os_error_message(exc: OSError) -> str:
    """What went wrong, in words and without ``[Errno N]``, with a hint where there is
    one; the file name is left to the caller (it knows how to show it)."""
    if exc.errno in _REASONS and exc.strerror in (None, os.strerror(exc.errno or 0)):
        return _REASONS[exc.errno]
    if exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc)
