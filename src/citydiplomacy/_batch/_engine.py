"""The batch engine: which files a run covers, and checking them in worker processes.

One engine for every command and function that takes many files (``validate``,
portfolios): the paths given (files, folders searched recursively for name
patterns, hidden entries skipped, ``-`` for standard input) become a compact list
of targets (``collect``); each target is read and checked, in this process or in
worker processes started only when there is work enough to pay for them, and the
outcomes come back in the order of the targets (``run_checks``), with memory that
does not grow with the number of files: the workers are started before the list
of files exists (``early_pool``), and only a bounded window of chunks is in flight.

A run may also ask each worker to keep something of every document it checks (a
``digest``: a module-level function of the document and its report, so that it can
be sent to worker processes); it comes back in :attr:`Outcome.value`.
"""

from __future__ import annotations

import array
import collections
import contextlib
import errno
import fnmatch
import functools
import os
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeAlias

import attrs

from citydiplomacy._base._files import file_kind, os_error_message
from citydiplomacy._base._report import Finding, Report, Severity
from citydiplomacy._checking._config import Config

#: Files larger than this are reported (``read.too-large``) without being read; the
#: reading layer's default (a test keeps them equal).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
STDIN = "-"
STDIN_NAME = "<stdin>"

#: What a run may keep of each valid document, computed where it is checked (in a
#: worker process when there are workers): a module-level function of the parsed
#: document and its report; its result comes back as :attr:`Outcome.value`. Keep it
#: small: it crosses from the worker to this process, and a run holds one per file.
Digest: TypeAlias = Callable[[Mapping[str, Any], Report], Any]

#: The work of checking a file is counted in bytes of JSON: its size (times
#: ``YAML_COST`` unless it is named ``*.json``) plus ``FILE_COST`` for what every file
#: costs whatever its size. Measured in one process on Linux (CPython 3.11): JSON 13 to
#: 16 us per KB plus about 0.2 ms per file (0.45 ms for a convention of 22 KB); YAML 110
#: to 175 us per KB, 8 times JSON.
FILE_COST = 16 * 1024
YAML_COST = 8
#: Below this much work one process is faster than a pool. Measured on Linux with fork
#: (workers inherit the warmed-up caches), 2 CPUs: a pool of two workers costs about
#: 50 ms of CPU and 35 ms of wall time (forking them, then the pages and per-process
#: caches each worker makes its own), so it breaks even at about 4 to 5 MB of work,
#: some 90 ms of checking. Wall time with a pool / in one process (medians of whole
#: runs, two series): JSON files of 22 KB, 48: 1.11x, 64: 1.08-1.10x, 96: 1.04x,
#: 128: 0.99-1.00x, 200: 0.93x; YAML files of 16 KB, 32: 0.97-1.03x, 48: 0.95-0.96x;
#: YAML files of 136 KB, 2: 1.07-1.08x, 4: 0.96x; JSON files of 2 MB, 2: 0.99x, 4:
#: 0.88-0.95x. 6 MB leaves a margin for busy machines: 160 JSON files of 22 KB, 43 YAML
#: files of 16 KB, 3 JSON files of 2 MB, 2 YAML files of 1.5 MB (0.53x for 20 of them).
#: Spawned workers (macOS, Windows) import the library again, 1.5 to 3 s each, so they
#: pay off only for thousands of files (64 MB: 1,700 JSON files of 22 KB).
PARALLEL_MIN_WORK_FORK = 6 * 1024 * 1024
PARALLEL_MIN_WORK_SPAWN = 64 * 1024 * 1024
#: A worker for each such amount of work, and never more workers than files: two at
#: the threshold, four at twice the threshold. (Only two CPUs were at hand to measure;
#: forking a worker costs about 10 ms here.)
WORKER_MIN_WORK = PARALLEL_MIN_WORK_FORK // 2
#: A task sent to a worker holds at most this many files and about this much work
#: (40 ms of checking): enough to make inter-process traffic negligible, little enough
#: to keep every worker busy until the end. A task also holds at most a quarter of a
#: worker's share, so that a few large files spread over all the workers.
MAX_CHUNK = 32
CHUNK_WORK = 2 * 1024 * 1024


# ------------------------------------------------------------------ collecting files


@attrs.frozen
class Target:
    """A file to check: the name shown in output, and where to read it (None: stdin)."""

    name: str
    path: str | None


@attrs.define
class Targets:
    """The files to check, in order, kept compact: a run may have millions.

    For each: its path, which is also the name shown in output, or None for standard
    input; and its size in bytes when it was found (0 for standard input).
    """

    paths: list[str | None] = attrs.Factory(list)
    sizes: array.array[int] = attrs.Factory(lambda: array.array("q"))

    def add(self, path: str | None, size: int = 0) -> None:
        """Add a file (None: standard input) at the end."""
        self.paths.append(path)
        self.sizes.append(size)

    def __len__(self) -> int:
        return len(self.paths)

    def __iter__(self) -> Iterator[Target]:
        for path in self.paths:
            yield Target(STDIN_NAME, None) if path is None else Target(path, path)

    def work(self) -> tuple[int, int]:
        """How many files there are to read (standard input aside), and their work (see
        ``work_of``)."""
        files = work = 0
        for path, size in zip(self.paths, self.sizes, strict=True):
            if path is not None:
                files += 1
                work += work_of(path, size)
        return files, work

    def unique(self) -> Targets:
        """The targets without the files found again under another path (the first
        one stays), and standard input once."""
        seen: set[str] = set()
        kept = Targets()
        for path, size in zip(self.paths, self.sizes, strict=True):
            key = STDIN if path is None else os.path.normcase(os.path.realpath(path))
            if key not in seen:
                seen.add(key)
                kept.add(path, size)
        return kept


@attrs.frozen
class Problem:
    """A path that could not be checked at all (exit status 2), or, as a ``note``,
    one that was skipped on purpose (said, but no failure)."""

    name: str
    message: str
    note: bool = False


def collect(
    arguments: Sequence[str], include: Sequence[str], config: Config | None = None
) -> tuple[Targets, list[Problem]]:
    """The files to check, in a stable order, and the paths that cannot be checked.

    With a ``config``, files its ``exclude`` matches are left out (named or found),
    and files found in folders must match its ``include`` patterns that hold a
    folder (``conventions/**/*.yaml``); ``include`` gives the name patterns.
    """
    targets = Targets()
    problems: list[Problem] = []
    excluded = config.excluded if config is not None and config.exclude else None
    by_path = config is not None and any("/" in p for p in config.include)
    # The same file can be found twice only through two arguments, or through a link
    # in a folder (links to folders are not followed); else the paths found are
    # distinct files, and resolving each of them (several system calls per file)
    # and keeping a set of them would be wasted.
    duplicates = len(arguments) - arguments.count(STDIN) > 1 or arguments.count(STDIN) > 1
    for argument in arguments:
        if argument == STDIN:
            targets.add(None)
            continue
        try:
            info = os.stat(argument)
        except FileNotFoundError:
            reason = "broken symbolic link" if os.path.islink(argument) else "no such file"
            problems.append(Problem(argument, f"{reason}; check the path"))
            continue
        except OSError as exc:
            problems.append(Problem(argument, _os_message(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            before = len(targets)
            for path, size, linked in _walk(argument, include, problems):
                if (excluded is not None and excluded(path)) or (
                    by_path and config is not None and not config.included(path)
                ):
                    continue
                targets.add(path, size)
                duplicates = duplicates or linked
            if len(targets) == before:
                problems.append(
                    Problem(
                        argument,
                        f"directory with no file matching {','.join(include)}; check the "
                        "path or --include",
                    )
                )
        elif stat.S_ISREG(info.st_mode):
            if excluded is None or not excluded(argument):
                targets.add(argument, info.st_size)
        else:
            problems.append(
                Problem(
                    argument,
                    f"is {file_kind(info.st_mode)}, not a regular file; give a regular file, "
                    "a directory, or - for standard input",
                )
            )
    return (targets.unique() if duplicates else targets), problems


def _walk(
    root: str, include: Sequence[str], problems: list[Problem]
) -> Iterator[tuple[str, int, bool]]:
    """Matching files under ``root``, sorted, skipping hidden files and folders: for
    each, its path, its size, and whether it is reached through a symbolic link.

    Links to folders are not followed (no loops). A matching name that is not a
    regular file (a broken link, a pipe that would block the read) is a problem.
    """
    stack = [root]
    while stack:
        folder = stack.pop()
        # Only names are kept while scanning (classified on the way), then sorted:
        # 20,000 DirEntry objects (with their cached stat data), or tuples, would cost
        # several times the memory.
        files: list[str] = []
        links: set[str] = set()
        subfolders: list[str] = []
        bad: list[tuple[str, str]] = []
        skipped: list[tuple[str, str]] = []
        try:
            with os.scandir(folder) as scan:
                for entry in scan:
                    kind = _classify(entry, include)
                    if kind == _FILE:
                        files.append(entry.name)
                    elif kind == _LINK:
                        files.append(entry.name)
                        links.add(entry.name)
                    elif kind == _DIR:
                        subfolders.append(entry.name)
                    elif kind in _SKIPPED:
                        skipped.append((entry.name, _SKIPPED[kind]))
                    elif kind is not None:
                        bad.append((entry.name, kind))
        except OSError as exc:
            problems.append(Problem(folder, _os_message(exc)))
            continue
        files.sort()
        for name in files:
            path = os.path.join(folder, name)
            yield path, _size(path), name in links
        problems.extend(Problem(os.path.join(folder, name), kind) for name, kind in sorted(bad))
        problems.extend(
            Problem(os.path.join(folder, name), why, note=True) for name, why in sorted(skipped)
        )
        stack.extend(os.path.join(folder, name) for name in sorted(subfolders, reverse=True))


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # gone since the scan: checking it will say so
        return 0


def _sizes(arguments: Sequence[str], include: Sequence[str]) -> Iterator[tuple[str, int]]:
    """The files ``collect`` would find, with their sizes, in no order, found lazily.

    For deciding early how much work there is: duplicates are not removed, and paths
    that cannot be read are left for ``collect`` to report. Not ``_walk``: that sorts
    each folder first, so it would hold every name of a large folder in memory before
    the workers are forked, which is what starting them first avoids.
    """
    for argument in arguments:
        if argument == STDIN:
            continue
        try:
            info = os.stat(argument)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            yield argument, info.st_size
        if not stat.S_ISDIR(info.st_mode):
            continue
        stack = [argument]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as scan:
                    for entry in scan:
                        kind = _classify(entry, include)
                        if kind == _DIR:
                            stack.append(entry.path)
                        elif kind in (_FILE, _LINK):
                            yield entry.path, _size(entry.path)
            except OSError:
                continue


_DIR = "dir"
_FILE = "file"
_LINK = "link"  # a regular file, through a symbolic link
_HIDDEN_DIR = "hidden-dir"
_HIDDEN_FILE = "hidden-file"
_DIR_LINK = "dir-link"

#: Entries skipped on purpose, and what is said about them.
_SKIPPED = {
    _HIDDEN_DIR: "skipped: hidden folder (name it to check the files in it)",
    _HIDDEN_FILE: "skipped: hidden file (name it to check it)",
    _DIR_LINK: "skipped: symbolic link to a folder, not followed (a link can make a loop; "
    "name it to check the files in it)",
}


@functools.lru_cache(maxsize=64)
def _matcher(include: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """One compiled test for the ``--include`` patterns, ignoring case on every
    system: the reader takes ``.YAML`` and ``.Json`` as it takes ``.yaml`` and
    ``.json``, so the scan finds them too."""
    pattern = "|".join(f"(?:{fnmatch.translate(p)})" for p in include)
    return re.compile(pattern, re.IGNORECASE | re.DOTALL).match


def _included(name: str, include: Sequence[str]) -> bool:
    return _matcher(tuple(include))(name) is not None


def _classify(entry: os.DirEntry[str], include: Sequence[str]) -> str | None:
    """What an entry is: "dir", "file", "link" (to a file), a skip (hidden, link to a
    folder) or a problem message; None for a file not included."""
    try:
        hidden = entry.name.startswith(".")
        if entry.is_dir(follow_symlinks=False):
            return _HIDDEN_DIR if hidden else _DIR
        if entry.is_symlink() and entry.is_dir():
            return _DIR_LINK
        if not _included(entry.name, include):
            return None
        if hidden:
            return _HIDDEN_FILE
        if entry.is_file():
            return _LINK if entry.is_symlink() else _FILE
        if entry.is_symlink() and not os.path.exists(entry.path):
            return "broken symbolic link; check the link"
        if not entry.is_dir():
            return f"is {file_kind(entry.stat().st_mode)}, not a regular file; not checked"
    except OSError as exc:
        return _os_message(exc)
    return None


def _os_message(exc: OSError) -> str:
    return os_error_message(exc)


# ------------------------------------------------------------------ checking


@attrs.frozen
class Outcome:
    """What checking one target gave: its findings, or why it could not be read, and
    (for a run with a ``digest``, when the document is valid) what the digest kept."""

    name: str
    findings: tuple[Finding, ...] = ()
    problem: str | None = None
    suppressed: int = 0
    value: Any = None

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


def check_target(
    target: Target,
    max_bytes: int,
    stdin: Any = None,
    config: Config | None = None,
    digest: Digest | None = None,
) -> Outcome:
    """Check one file (or standard input), with a configuration's rule settings, and
    apply ``digest`` to it when it is valid; never raises on bad content."""
    # Deferred: the command line imports every subcommand to build its parser, and the
    # validators cost far more to import than the other subcommands need.
    from citydiplomacy._checking._check import read_path_and_check, read_stream_and_check  # noqa: PLC0415

    try:
        if target.path is None:
            if stdin is None:
                raise OSError(errno.EBADF, "standard input is closed")
            stream = getattr(stdin, "buffer", stdin)
            document, report, _ = read_stream_and_check(
                stream, name=target.name, max_bytes=max_bytes
            )
        else:
            document, report, _ = read_path_and_check(target.path, max_bytes=max_bytes)
        if config is not None:
            report = config.apply(report, target.path)
        findings = report.findings
        value = None
        if digest is not None and report.valid and isinstance(document, Mapping):
            value = digest(document, report)
    except OSError as exc:
        return Outcome(target.name, problem=_os_message(exc))
    except Exception as exc:  # a bug must not stop the other files
        finding = Finding(
            "internal.error",
            Severity.ERROR,
            (),
            f"citydiplomacy failed on this file ({type(exc).__name__}: {exc}); "
            "please report it with the file",
            file=target.name,
        )
        return Outcome(target.name, (finding,))
    return Outcome(target.name, findings, suppressed=len(report.suppressed), value=value)


def check_chunk(
    paths: Sequence[str],
    max_bytes: int,
    config: Config | None = None,
    digest: Digest | None = None,
) -> list[Outcome]:
    """Check a chunk of files in a worker process."""
    return [check_target(Target(path, path), max_bytes, None, config, digest) for path in paths]


def _warm_up() -> None:
    """Build the caches once in the parent, so that forked workers inherit them."""
    from citydiplomacy._checking import _rules, _schema  # noqa: PLC0415 - deferred, see check_target
    from citydiplomacy._checking._check import check_document  # noqa: PLC0415

    _rules.warm_up()
    check_document({"schema_version": _schema.schema_version()})


def _forks() -> bool:
    # fork is fast and safe on Linux in a process without threads (workers inherit the
    # warmed-up caches); macOS and Windows spawn fresh interpreters instead.
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _pool_context() -> Any:
    import multiprocessing  # noqa: PLC0415 - only runs that go parallel need it

    return multiprocessing.get_context("fork" if _forks() else "spawn")


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def work_of(path: str, size: int) -> int:
    """The estimated work of checking a file, in bytes of JSON (see ``FILE_COST``)."""
    return FILE_COST + (size if path[-5:].lower() == ".json" else size * YAML_COST)


def workers_for(files: int, work: int, jobs: int, *, forks: bool = True) -> int:
    """How many worker processes pay off for ``files`` files of ``work`` in all (see
    ``work_of``), using at most ``jobs``; 1: check them in this process."""
    if work < (PARALLEL_MIN_WORK_FORK if forks else PARALLEL_MIN_WORK_SPAWN):
        return 1
    return max(1, min(jobs, files, work // WORKER_MIN_WORK))


def _expected_workers(arguments: Sequence[str], include: Sequence[str], jobs: int) -> int:
    """``workers_for`` the files that ``collect`` will find, without listing them all:
    files are counted only until there is work enough for ``jobs`` workers."""
    forks = _forks()
    files = work = 0
    for path, size in _sizes(arguments, include):
        files += 1
        work += work_of(path, size)
        if workers_for(files, work, jobs, forks=forks) >= jobs:
            break
    return workers_for(files, work, jobs, forks=forks)


class Pool:
    """Worker processes, started at once (forked, where possible, from this process)."""

    def __init__(self, workers: int) -> None:
        from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 - as check_target

        _warm_up()
        self.workers = workers
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context())
        # With fork, the first task starts every worker, each a copy of this process
        # as it is now, which it keeps all its life: start them before building
        # anything that grows with the number of files.
        self.executor.submit(int)

    def close(self) -> None:
        """Stop the workers (tasks not started are cancelled)."""
        self.executor.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def early_pool(
    arguments: Sequence[str], include: Sequence[str], jobs: int
) -> Iterator[Pool | None]:
    """A pool for the files ``arguments`` name, started before they are listed (None
    when one process is enough)."""
    workers = _expected_workers(arguments, include, jobs) if jobs > 1 else 1
    if workers < 2:
        yield None
        return
    pool = Pool(workers)
    try:
        yield pool
    finally:
        pool.close()


def _chunks(targets: Targets, workers: int) -> Iterator[list[str]]:
    """The paths of the files, in order, in chunks of similar work for the workers."""
    budget = max(1, min(CHUNK_WORK, targets.work()[1] // (workers * 4)))
    chunk: list[str] = []
    work = 0
    for path, size in zip(targets.paths, targets.sizes, strict=True):
        if path is None:
            continue
        cost = work_of(path, size)
        if chunk and (len(chunk) >= MAX_CHUNK or work + cost > budget):
            yield chunk
            chunk, work = [], 0
        chunk.append(path)
        work += cost
    if chunk:
        yield chunk


def run_checks(
    targets: Targets,
    *,
    max_bytes: int,
    jobs: int,
    stdin: Any = None,
    pool: Pool | None = None,
    workers: int | None = None,
    config: Config | None = None,
    digest: Digest | None = None,
) -> Iterator[Outcome]:
    """Outcomes in the order of ``targets``, from worker processes when worth it.

    The workers of ``pool`` are used if given; else ``workers`` processes are started
    (by default as many as ``workers_for`` the files, using at most ``jobs``).
    ``digest`` (see :data:`Digest`) is applied to every valid document.
    """
    if pool is None:
        if workers is None:
            files, work = targets.work()
            workers = workers_for(files, work, jobs, forks=_forks())
        if workers < 2:
            for target in targets:
                yield check_target(target, max_bytes, stdin, config, digest)
            return
        pool = Pool(workers)
        try:
            yield from _checked_by(pool, targets, max_bytes, stdin, config=config, digest=digest)
        finally:
            pool.close()
    else:
        yield from _checked_by(pool, targets, max_bytes, stdin, config=config, digest=digest)


def _checked_by(
    pool: Pool,
    targets: Targets,
    max_bytes: int,
    stdin: Any,
    *,
    config: Config | None = None,
    digest: Digest | None = None,
) -> Iterator[Outcome]:
    from concurrent.futures import Future  # noqa: PLC0415 - as check_target

    # A bounded window of chunks in flight keeps memory flat however many files there
    # are: chunks are made as they are sent, and results are consumed in order while
    # the workers stay busy.
    chunks = _chunks(targets, pool.workers)
    in_flight: collections.deque[Future[list[Outcome]]] = collections.deque()

    def top_up() -> None:
        while len(in_flight) < pool.workers * 3:
            chunk = next(chunks, None)
            if chunk is None:
                return
            in_flight.append(pool.executor.submit(check_chunk, chunk, max_bytes, config, digest))

    top_up()
    ready: Iterator[Outcome] = iter(())
    for target in targets:
        if target.path is None:
            yield check_target(target, max_bytes, stdin, config, digest)
            continue
        outcome = next(ready, None)
        if outcome is None:
            ready = iter(in_flight.popleft().result())
            top_up()
            outcome = next(ready)
        yield outcome
