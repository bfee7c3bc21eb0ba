"""``citydiplomacy validate PATH...``: check convention files, for people and for CI.

PATH is a file, a directory (searched recursively for ``--include`` patterns,
hidden files and folders skipped) or ``-`` for standard input. A file named
explicitly is checked whatever its name.

Output (stdout), one of:

* ``text`` (default): one line per finding, ``file:line:col: severity rule $.path: message``;
* ``json``: one object ``{"format", "version", "strict", "files", "findings", "summary"}``;
  each finding has ``file``, ``rule``, ``severity``, ``path`` (``$.a[0]``), ``pointer``
  (RFC 6901, ``/a/0``), ``message``, ``line`` and ``column`` (null when unknown);
* ``github``: GitHub Actions workflow commands (``::error file=...,line=...::...``),
  which show as annotations on the pull request.

A one-line summary goes to stderr, and, on a terminal during a long run, a progress
line (never when stderr is not a terminal or the ``CI`` environment variable is set).

Exit status: 0 when every file is valid; 1 when a file has errors (or warnings, with
``--strict``); 2 on a usage error or when a path is missing or cannot be read (the
other files are still checked, and 2 wins over 1).

Many files are checked in parallel worker processes (``--jobs``), in chunks, only
when there are enough of them to pay for starting the workers.
"""

from __future__ import annotations

import argparse
import collections
import fnmatch
import json
import os
import stat
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

import attrs

from citydiplomacy import __version__
from citydiplomacy._cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Streams
from citydiplomacy._report import Finding, Severity, format_path, json_pointer

FORMAT_ID = "citydiplomacy-validate/1"
DEFAULT_INCLUDE = ("*.yaml", "*.yml", "*.json")
#: Files larger than this are reported (``read.too-large``) without being read; the
#: reading layer's default (a test keeps them equal).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
STDIN = "-"
STDIN_NAME = "<stdin>"

#: Below this many files one process is faster than a pool. Measured on Linux with
#: fork (workers inherit the warmed-up caches): a pool of two workers costs about
#: 20 ms of CPU to start and stop, and each file costs about 15% more CPU in a worker
#: than in one process (about 1.4 ms for a 12 KB convention), so two workers break
#: even at about 35 files; 48 leaves a margin for busy machines. Spawned workers
#: (macOS, Windows) import the library again, 1.5 to 3 s each, so they pay off only
#: for thousands of files.
PARALLEL_MIN_FILES_FORK = 48
PARALLEL_MIN_FILES_SPAWN = 2000
#: Files per task sent to a worker: enough to make inter-process traffic negligible,
#: few enough to keep every worker busy until the end.
MAX_CHUNK = 32


# ------------------------------------------------------------------ arguments


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, found {value}")
    return value


def _byte_size(text: str) -> int:
    """``1000``, ``512k``, ``10M`` or ``1G`` (binary multiples) as a number of bytes."""
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    cleaned = text.strip().lower().removesuffix("b").removesuffix("i")
    factor = units.get(cleaned[-1:], 1)
    digits = cleaned[:-1] if cleaned[-1:] in units else cleaned
    try:
        value = int(digits) * factor
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a size such as 1000, 512k or 10M, found {text!r}"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError("the size must be at least 1 byte")
    return value


def _patterns(text: str) -> tuple[str, ...]:
    patterns = tuple(p.strip() for p in text.split(",") if p.strip())
    if not patterns:
        raise argparse.ArgumentTypeError("expected glob patterns such as '*.yaml,*.json'")
    return patterns


def register(subparsers: Any) -> None:
    """Add the ``validate`` subcommand to the command line."""
    parser = subparsers.add_parser(
        "validate",
        help="check convention files against the schema and the semantic rules",
        description=(
            "Check convention files (YAML or JSON) against the JSON Schema and the "
            "semantic rules. Exit status: 0 valid, 1 findings (errors, or warnings with "
            "--strict), 2 usage error or unreadable input."
        ),
        epilog=(
            "examples:\n"
            "  citydiplomacy validate conventions/\n"
            "  citydiplomacy validate --format github --strict conventions/*.yaml\n"
            "  cat convention.json | citydiplomacy validate -\n"
            "  citydiplomacy validate --list-rules"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a convention file, a directory to search recursively, or - for standard input",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="output: text lines (default), one JSON object, or GitHub Actions annotations",
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail on warnings too (exit status 1)"
    )
    parser.add_argument(
        "--include",
        type=_patterns,
        default=DEFAULT_INCLUDE,
        metavar="GLOBS",
        help="comma-separated file name patterns searched for in directories "
        f"(default: {','.join(DEFAULT_INCLUDE)}); files named explicitly are always checked",
    )
    parser.add_argument(
        "--max-bytes",
        type=_byte_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="report larger files without reading them (default: 10M; accepts k, M, G)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        default=None,
        metavar="N",
        help="worker processes for many files (default: the number of CPUs available; "
        "1 checks in this process)",
    )
    parser.add_argument(
        "--list-rules",
        action="store_true",
        help="print every rule id with its severity, what it checks and how to fix it",
    )


# ------------------------------------------------------------------ collecting files


@attrs.frozen
class Target:
    """A file to check: the name shown in output, and where to read it (None: stdin)."""

    name: str
    path: str | None


@attrs.frozen
class Problem:
    """A path that could not be checked at all (exit status 2)."""

    name: str
    message: str


def collect(arguments: Sequence[str], include: Sequence[str]) -> tuple[list[Target], list[Problem]]:
    """The files to check, in a stable order, and the paths that cannot be checked."""
    targets: list[Target] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(name: str, path: str | None) -> None:
        key = STDIN if path is None else os.path.normcase(os.path.realpath(path))
        if key not in seen:
            seen.add(key)
            targets.append(Target(name, path))

    for argument in arguments:
        if argument == STDIN:
            add(STDIN_NAME, None)
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
            found = list(_walk(argument, include, problems))
            if not found:
                problems.append(
                    Problem(
                        argument,
                        f"directory with no file matching {','.join(include)}; check the "
                        "path or --include",
                    )
                )
            for name in found:
                add(name, name)
        elif stat.S_ISREG(info.st_mode):
            add(argument, argument)
        else:
            problems.append(
                Problem(argument, "not a regular file; give a file, a directory, or - for stdin")
            )
    return targets, problems


def _walk(root: str, include: Sequence[str], problems: list[Problem]) -> Iterator[str]:
    """Matching files under ``root``, sorted, skipping hidden files and folders.

    Links to folders are not followed (no loops). A matching name that is not a
    regular file (a broken link, a pipe that would block the read) is a problem.
    """
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                # Classified while scanning, then sorted: keeping 20,000 DirEntry objects
                # (with their cached stat data) would cost several times the memory.
                entries = sorted(
                    kept
                    for entry in scan
                    if not entry.name.startswith(".")
                    and (kept := _classify(entry, include)) is not None
                )
        except OSError as exc:
            problems.append(Problem(folder, _os_message(exc)))
            continue
        subfolders = []
        for _name, path, kind in entries:
            if kind == _DIR:
                subfolders.append(path)
            elif kind == _FILE:
                yield path
            else:
                problems.append(Problem(path, kind))
        stack.extend(reversed(subfolders))


_DIR = "dir"
_FILE = "file"


def _classify(entry: os.DirEntry[str], include: Sequence[str]) -> tuple[str, str, str] | None:
    """(name, path, "dir" | "file" | a problem message), or None for a file not included."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return entry.name, entry.path, _DIR
        if not any(fnmatch.fnmatch(entry.name, p) for p in include):
            return None
        if entry.is_file():
            return entry.name, entry.path, _FILE
        if entry.is_symlink() and not os.path.exists(entry.path):
            return entry.name, entry.path, "broken symbolic link; check the link"
        if not entry.is_dir():
            return entry.name, entry.path, "not a regular file"
    except OSError as exc:
        return entry.name, entry.path, _os_message(exc)
    return None


def _os_message(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)


# ------------------------------------------------------------------ checking


@attrs.frozen
class Outcome:
    """What checking one target gave: its findings, or why it could not be read."""

    name: str
    findings: tuple[Finding, ...] = ()
    problem: str | None = None

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


def check_target(target: Target, max_bytes: int, stdin: Any = None) -> Outcome:
    """Check one file (or standard input); never raises on bad content."""
    # Deferred: the command line imports every subcommand to build its parser, and the
    # validators cost far more to import than the other subcommands need.
    from citydiplomacy._check import read_and_check, read_path_and_check  # noqa: PLC0415

    try:
        if target.path is None:
            data = _read_stdin(stdin, max_bytes + 1)
            report = read_and_check(data, name=target.name, max_bytes=max_bytes)[1]
        else:
            report = read_path_and_check(target.path, max_bytes=max_bytes)[1]
        findings = report.findings
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
    return Outcome(target.name, findings)


def _read_stdin(stdin: Any, limit: int) -> bytes:
    stream = getattr(stdin, "buffer", stdin)
    chunks = []
    total = 0
    while total < limit:
        chunk = stream.read(min(1 << 20, limit - total))
        if not chunk:
            break
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8", "surrogateescape")
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def check_chunk(targets: Sequence[Target], max_bytes: int) -> list[Outcome]:
    """Check a chunk of files in a worker process."""
    return [check_target(t, max_bytes) for t in targets]


def _warm_up() -> None:
    """Build the caches once in the parent, so that forked workers inherit them."""
    from citydiplomacy import _rules, _schema  # noqa: PLC0415 - deferred, see check_target
    from citydiplomacy._check import check_document  # noqa: PLC0415

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


def run_checks(
    targets: Sequence[Target],
    *,
    max_bytes: int,
    jobs: int,
    stdin: Any = None,
    min_parallel: int | None = None,
) -> Iterator[Outcome]:
    """Outcomes in the order of ``targets``, from worker processes when worth it."""
    files = [t for t in targets if t.path is not None]
    threshold = PARALLEL_MIN_FILES_FORK if _forks() else PARALLEL_MIN_FILES_SPAWN
    if min_parallel is not None:
        threshold = min_parallel
    workers = min(jobs, max(1, len(files) // 8))
    if workers < 2 or len(files) < threshold:
        for target in targets:
            yield check_target(target, max_bytes, stdin)
        return
    from concurrent.futures import Future, ProcessPoolExecutor  # noqa: PLC0415 - as above

    _warm_up()
    size = max(1, min(MAX_CHUNK, -(-len(files) // (workers * 4))))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context())
    try:
        # A bounded window of chunks in flight keeps memory flat however many files
        # there are: results are consumed in order while the workers stay busy.
        waiting = iter(chunks)
        in_flight: collections.deque[Future[list[Outcome]]] = collections.deque()

        def top_up() -> None:
            while len(in_flight) < workers * 3:
                chunk = next(waiting, None)
                if chunk is None:
                    return
                in_flight.append(pool.submit(check_chunk, chunk, max_bytes))

        top_up()
        done: dict[str, Outcome] = {}
        for target in targets:
            if target.path is None:
                yield check_target(target, max_bytes, stdin)
                continue
            while target.name not in done:
                for outcome in in_flight.popleft().result():
                    done[outcome.name] = outcome
                top_up()
            yield done.pop(target.name)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# ------------------------------------------------------------------ output


def escape_data(text: str) -> str:
    """Escape the message of a GitHub Actions workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(finding: Finding) -> str:
    """A finding as a ``::error`` or ``::warning`` workflow command."""
    props = [f"file={escape_property(finding.file or STDIN_NAME)}"]
    if finding.line is not None:
        props.append(f"line={finding.line}")
        if finding.column is not None:
            props.append(f"col={finding.column}")
    props.append(f"title={escape_property(finding.rule)}")
    level = "error" if finding.severity is Severity.ERROR else "warning"
    message = f"{format_path(finding.path)}: {finding.message}"
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as a JSON object of the ``json`` output."""
    return {
        "file": finding.file,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "path": format_path(finding.path),
        "pointer": json_pointer(finding.path),
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
    }


@attrs.define
class Tally:
    """Counts for the summary."""

    files: int = 0
    valid: int = 0
    with_errors: int = 0
    with_warnings: int = 0
    errors: int = 0
    warnings: int = 0
    unreadable: int = 0

    def add(self, outcome: Outcome) -> None:
        """Count one outcome."""
        if outcome.problem is not None:
            self.unreadable += 1
            return
        self.files += 1
        errors, warnings = outcome.errors, outcome.warnings
        self.errors += errors
        self.warnings += warnings
        if errors:
            self.with_errors += 1
        else:
            self.valid += 1
            if warnings:
                self.with_warnings += 1


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(tally: Tally, seconds: float, *, strict: bool) -> str:
    """``checked 3 files: 2 valid, 1 with errors (2 errors, 1 warning) in 0.1 s``."""
    parts = [f"{tally.valid} valid", f"{tally.with_errors} with errors"]
    counts = f"({_plural(tally.errors, 'error')}, {_plural(tally.warnings, 'warning')})"
    text = f"checked {_plural(tally.files, 'file')}: {', '.join(parts)} {counts}"
    if tally.unreadable:
        text += f", {tally.unreadable} unreadable"
    if strict and tally.with_warnings:
        text += f"; --strict: {_plural(tally.with_warnings, 'valid file')} with warnings fail"
    return f"{text} in {seconds:.1f} s"


class Progress:
    """A progress line on a terminal's stderr, for long runs only."""

    #: Show progress from the start for this many files, else after ``DELAY`` seconds.
    MANY_FILES = 200
    DELAY = 1.0
    INTERVAL = 0.1

    def __init__(self, stream: TextIO, total: int, *, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    @staticmethod
    def wanted(stream: TextIO, environ: Any = os.environ) -> bool:
        """Only for a person at a terminal: never in CI logs or when piped."""
        if environ.get("CI") or environ.get("TERM") == "dumb":
            return False
        isatty = getattr(stream, "isatty", None)
        try:
            return bool(isatty()) if callable(isatty) else False
        except (OSError, ValueError):
            return False

    def update(self, done: int) -> None:
        """Redraw the line if the run is long enough and the last redraw is old enough."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not self.shown and self.total < self.MANY_FILES and now - self.start < self.DELAY:
            return
        if now - self.last < self.INTERVAL and done < self.total:
            return
        self.last = now
        self.shown = True
        self.stream.write(f"\r\x1b[Kchecking {done}/{self.total} files...")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the line (before other output, and at the end)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def list_rules(stream: TextIO, fmt: str) -> None:
    """Print the rule registry."""
    from citydiplomacy._rules import RULES  # noqa: PLC0415 - deferred, see check_target

    if fmt == "json":
        rules = [
            {
                "rule": r.id,
                "family": r.family,
                "severity": r.severity.value,
                "summary": r.summary,
                "fix": r.fix,
            }
            for r in RULES.values()
        ]
        stream.write(json.dumps({"rules": rules}, ensure_ascii=False, indent=2) + "\n")
        return
    for rule in RULES.values():
        stream.write(f"{rule.id} ({rule.severity.value})\n")
        stream.write(f"    {rule.summary}\n    Fix: {rule.fix}\n")


# ------------------------------------------------------------------ the command


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Validate the paths given; return the exit status."""
    if args.list_rules:
        list_rules(streams.stdout, args.format)
        return EXIT_OK
    if not args.paths:
        streams.stderr.write(
            "citydiplomacy validate: error: give at least one PATH (a file, a directory, "
            "or - for standard input), or --list-rules\n"
        )
        return EXIT_USAGE
    started = time.perf_counter()
    targets, problems = collect(args.paths, args.include)
    for problem in problems:
        streams.stderr.write(f"citydiplomacy validate: {problem.name}: {problem.message}\n")
    progress = Progress(streams.stderr, len(targets), enabled=Progress.wanted(streams.stderr))
    outcomes = run_checks(
        targets,
        max_bytes=args.max_bytes,
        jobs=args.jobs or default_jobs(),
        stdin=streams.stdin,
    )
    tally = Tally()
    writer = _Writer(args.format, streams.stdout)
    try:
        for done, outcome in enumerate(outcomes, 1):
            tally.add(outcome)
            if outcome.findings or outcome.problem is not None:
                progress.clear()
            if outcome.problem is not None:
                streams.stderr.write(
                    f"citydiplomacy validate: {outcome.name}: cannot read: {outcome.problem}\n"
                )
            writer.outcome(outcome)
            progress.update(done)
    finally:
        progress.clear()
    seconds = time.perf_counter() - started
    tally.unreadable += len(problems)
    failed = tally.with_errors or (args.strict and tally.with_warnings)
    unreadable = [Outcome(p.name, problem=p.message) for p in problems]
    writer.finish(unreadable, tally, seconds, strict=args.strict, ok=not failed)
    streams.stderr.write(summary_line(tally, seconds, strict=args.strict) + "\n")
    if tally.unreadable:
        return EXIT_USAGE
    return EXIT_FINDINGS if failed else EXIT_OK


class _Writer:
    """Writes outcomes as they come (text, github) or all at the end (json)."""

    def __init__(self, fmt: str, stream: TextIO) -> None:
        self.fmt = fmt
        self.stream = stream
        self.files: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []

    def outcome(self, outcome: Outcome) -> None:
        """Write (or keep, for json) the findings of one file."""
        if self.fmt == "json":
            self.files.append(_file_json(outcome))
            self.findings.extend(finding_json(f) for f in outcome.findings)
        elif self.fmt == "github":
            if outcome.problem is not None:
                self.stream.write(_github_problem(outcome))
            self.stream.writelines(github_command(f) + "\n" for f in outcome.findings)
        else:
            # One line per finding, whatever a message holds.
            self.stream.writelines(
                str(f).replace("\r", " ").replace("\n", " ") + "\n" for f in outcome.findings
            )

    def finish(
        self,
        unreadable: Iterable[Outcome],
        tally: Tally,
        seconds: float,
        *,
        strict: bool,
        ok: bool,
    ) -> None:
        """Write what comes at the end: unreadable paths, and the whole json object."""
        missing = list(unreadable)
        if self.fmt == "github":
            self.stream.writelines(_github_problem(o) for o in missing)
        if self.fmt != "json":
            return
        document = {
            "format": FORMAT_ID,
            "version": __version__,
            "strict": strict,
            "files": self.files + [_file_json(o) for o in missing],
            "findings": self.findings,
            "summary": {
                "files": tally.files,
                "valid": tally.valid,
                "with_errors": tally.with_errors,
                "with_warnings": tally.with_warnings,
                "errors": tally.errors,
                "warnings": tally.warnings,
                "unreadable": tally.unreadable,
                "seconds": round(seconds, 3),
                "ok": ok and not tally.unreadable,
            },
        }
        self.stream.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _file_json(outcome: Outcome) -> dict[str, Any]:
    if outcome.problem is not None:
        return {"file": outcome.name, "readable": False, "message": outcome.problem}
    return {
        "file": outcome.name,
        "readable": True,
        "valid": outcome.errors == 0,
        "errors": outcome.errors,
        "warnings": outcome.warnings,
    }


def _github_problem(outcome: Outcome) -> str:
    return (
        f"::error file={escape_property(outcome.name)},title=unreadable::"
        f"{escape_data(f'cannot read: {outcome.problem}')}\n"
    )
