"""Every path that writes a file: no lost file, no replaced special file, clear errors.

The races are made deterministic: the test wraps ``os.fsync``, which every writer
calls once its data is in a temporary file (after any check for an existing file and
before the file takes its name), and creates the target at that moment, as another
process could.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import citydiplomacy as cd
from citydiplomacy._base._files import open_input, os_error_message, read_bounded, write_atomic
from citydiplomacy._cli import run

ROOT = Path(__file__).resolve().parents[1]
FICTIONAL = ROOT / "examples" / "fictional-villebelle-tilelli.yaml"
PARTNERS = ["--partner", "Grenoble,FR,Europe/Paris,fr", "--partner", "Tiznit,MA"]
OTHERS = b"written by another process\n"


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdin=io.BytesIO(), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _new(target: Path, *extra: str) -> tuple[int, str, str]:
    return cli("new", *PARTNERS, "-o", str(target), *extra)


def _export(target: Path, *extra: str) -> tuple[int, str, str]:
    return cli("export", str(FICTIONAL), "--to", "ics", "-o", str(target), *extra)


def _dump(target: Path, *extra: str) -> tuple[int, str, str]:
    try:
        cd.dump(cd.load(FICTIONAL), target, overwrite=bool(extra))
    except FileExistsError as exc:
        return 2, "", str(exc)
    return 0, "", ""


def _dump_json(target: Path, *extra: str) -> tuple[int, str, str]:
    return _dump(target.with_suffix(".json"), *extra)


WRITERS: dict[str, Callable[..., tuple[int, str, str]]] = {
    "new -o": _new,
    "export -o": _export,
    "dump": _dump,
}


@pytest.fixture
def racing(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Arrange for ``target`` to be created by "another process" the first time a
    writer flushes its temporary file to disk."""

    def arrange(target: Path) -> None:
        real_fsync = os.fsync
        done: list[bool] = []

        def fsync(fd: int) -> None:
            real_fsync(fd)
            if not done:
                done.append(True)
                target.write_bytes(OTHERS)

        monkeypatch.setattr(os, "fsync", fsync)

    return arrange


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_file_created_during_the_write_is_never_replaced(
    writer: str, tmp_path: Path, racing: Callable[[Path], None]
) -> None:
    target = tmp_path / "out.yaml"
    racing(target)
    code, _, err = WRITERS[writer](target)
    assert target.read_bytes() == OTHERS
    assert code == 2
    assert "exists" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]  # no temporary left


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_force_replaces_a_regular_file(writer: str, tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_bytes(OTHERS)
    code, _, _ = WRITERS[writer](target, "--force")
    assert code == 0
    assert target.read_bytes() != OTHERS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


def test_write_atomic_without_links_still_never_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, racing: Callable[[Path], None]
) -> None:
    def no_links(src: str, dst: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    fresh = tmp_path / "fresh.yaml"
    write_atomic(fresh, "a: 1\n", overwrite=False)
    assert fresh.read_text() == "a: 1\n"
    target = tmp_path / "out.yaml"
    racing(target)
    with pytest.raises(FileExistsError):
        write_atomic(target, "a: 1\n", overwrite=False)
    assert target.read_bytes() == OTHERS


# ---------------------------------------------------------------- special files

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")


@posix_only
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_force_never_replaces_a_fifo_nobody_reads(writer: str, tmp_path: Path) -> None:
    fifo = tmp_path / "out.yaml"
    os.mkfifo(fifo)
    code, _, err = WRITERS[writer](fifo, "--force") if writer != "dump" else (2, "", "")
    if writer == "dump":
        with pytest.raises(OSError, match="no process is reading") as info:
            cd.dump(cd.load(FICTIONAL), fifo, overwrite=True)
        assert info.value.filename == str(fifo)
    else:
        assert code == 2
        assert "no process is reading" in err
        assert str(fifo) in err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@posix_only
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_force_writes_into_a_fifo_being_read(writer: str, tmp_path: Path) -> None:
    fifo = tmp_path / "out.yaml"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    # Until the reader has opened its end, the FIFO is refused (never waited on).
    for _ in range(500):
        code, _, _ = WRITERS[writer](fifo, "--force")
        if code == 0:
            break
        threading.Event().wait(0.01)
    reader.join(timeout=10)
    assert code == 0
    assert received
    assert received[0]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_force_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, "x\n", overwrite=True)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="/dev/null")
def test_force_writes_into_dev_null_and_keeps_it() -> None:
    write_atomic("/dev/null", "x\n", overwrite=True)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="/dev/stdout")
def test_new_to_dev_stdout_with_force_into_a_pipe() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "citydiplomacy", "new", *PARTNERS, "-o", "/dev/stdout", "--force"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b"schema_version" in result.stdout


# ---------------------------------------------------------------- a full disk


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_full_disk_is_a_clear_error_naming_the_file(
    writer: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "out.yaml"
    if writer == "dump":
        with pytest.raises(OSError, match="No space left") as info:
            cd.dump(cd.load(FICTIONAL), target)
        assert info.value.errno == errno.ENOSPC
        assert info.value.filename == str(target)
    else:
        code, _, err = WRITERS[writer](target)
        assert code == 2
        assert "[Errno" not in err
        assert "no space left on the device" in err
        assert str(target) in err
    assert list(tmp_path.iterdir()) == []


def test_os_error_message_has_no_errno_number() -> None:
    message = os_error_message(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "x"))
    assert message.startswith("no space left")


# ---------------------------------------------------------------- reading


def test_read_bounded_never_allocates_the_limit(tmp_path: Path) -> None:
    empty = tmp_path / "e.yaml"
    empty.write_bytes(b"")
    with open_input(empty) as stream:
        assert read_bounded(stream, 100 * 1024**3) == b""
    with open_input(empty) as stream:
        assert read_bounded(stream, 2**80) == b""
    assert read_bounded(io.BytesIO(b"abcdef"), 3) == b"abcd"


@posix_only
def test_open_input_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "in.yaml"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="named pipe") as info:
        open_input(fifo)
    assert info.value.filename == str(fifo)
