"""``citydiplomacy upgrade FILE...``: rewrite format 1.0 files as 1.1, in place.

For each file: read it, upgrade it with :func:`citydiplomacy.upgrade_text`, and
replace it atomically (a reader sees the old file or the new one, never a mix).
Files already at 1.1 are left untouched; a file that cannot be read or upgraded is
reported and left untouched, and the other files are still upgraded.

Output: per file, what changed and what a person should review, on stdout; with
``--diff`` the unified diff goes to stdout and that report to stderr, so that
``citydiplomacy upgrade --check --diff FILE > upgrade.patch`` is a clean patch. A
one-line summary goes to stderr.

Exit status: 0 when every file is upgraded or already 1.1; with ``--check``, 1 when
a file would change; 2 when a file is missing, unreadable or not a 1.0/1.1
convention (2 wins over 1).
"""

from __future__ import annotations

import argparse
import difflib
import os
from typing import TextIO

from citydiplomacy._base._files import write_atomic
from citydiplomacy._base._report import ConventionError
from citydiplomacy._cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Streams
from citydiplomacy._io._reading import DEFAULT_MAX_BYTES, detect_format
from citydiplomacy._io._upgrade import TO_VERSION, UpgradeError, UpgradeResult, upgrade_text

_PROG = "citydiplomacy upgrade"

_DESCRIPTION = f"""\
Rewrite convention files of format 1.0 as format {TO_VERSION}, in place.

The upgrade sets schema_version to "{TO_VERSION}" and moves the deprecated
term.terminated_on into term.termination.date; nothing else changes: comments, key
order, quoting, indentation and line ends stay as they are. Each file is replaced
atomically; files already at {TO_VERSION} are not touched.

It also lists what a person should review: places where a 1.0 default is gone (a
budget line without commitment or nature, a meeting without status) and dates that
1.1 can state more precisely (a "spring 2025" note next to "2025": "2025-21").
"""

_EPILOG = """\
examples:
  citydiplomacy upgrade examples/grenoble-tiznit.yaml
  citydiplomacy upgrade --check conventions/*.yaml      # exit 1 if one would change
  citydiplomacy upgrade --check --diff my.json > upgrade.patch

exit status: 0 upgraded or already up to date; 1 with --check when a file would
change; 2 when a file is missing, unreadable or not a 1.0 or 1.1 convention file.
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``upgrade`` subcommand to the command line."""
    parser = subparsers.add_parser(
        "upgrade",
        help=f"rewrite format 1.0 files as {TO_VERSION}, in place",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="convention files (.yaml, .yml or .json; other names are sniffed)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 when a file would change",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of each change on stdout (the report goes to stderr)",
    )


def _read(path: str) -> tuple[str, bool]:
    """The text of a file (without a byte order mark) and whether it had one."""
    if path == "-":
        raise UpgradeError(
            "upgrade rewrites files in place and does not read standard input; name the "
            "files (from Python, citydiplomacy.upgrade_text upgrades text)",
            path,
        )
    if os.path.isdir(path):
        raise IsADirectoryError(
            f"{path} is a directory; name the files (for example {path}/*.yaml)"
        )
    with open(path, "rb") as stream:
        data = stream.read(DEFAULT_MAX_BYTES + 1)
    if len(data) > DEFAULT_MAX_BYTES:
        raise UpgradeError(f"larger than {DEFAULT_MAX_BYTES // (1024 * 1024)} MiB; not read", path)
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UpgradeError(
            f"not UTF-8 (byte {exc.start + 1}); save the file as UTF-8 and try again", path
        ) from None
    return text, bom


def _report(path: str, result: UpgradeResult, check: bool, out: TextIO) -> None:
    verb = "would upgrade" if check else "upgraded"
    out.write(f"{path}: {verb} to {TO_VERSION}\n")
    for change in result.changes:
        out.write(f"  changed: {change}\n")
    for note in result.notes:
        out.write(f"  review: {note}\n")


def _diff(path: str, before: str, after: str, out: TextIO) -> None:
    out.writelines(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=path if os.path.isabs(path) else f"a/{path}",
            tofile=path if os.path.isabs(path) else f"b/{path}",
        )
    )


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Run ``citydiplomacy upgrade``; return the exit code."""
    report = streams.stderr if args.diff else streams.stdout
    upgraded = current = failed = 0
    for path in args.files:
        try:
            text, bom = _read(path)
            result = upgrade_text(text, format=detect_format(path, text), name=path)
        except ConventionError as exc:
            failed += 1
            streams.stderr.write(f"{_PROG}: error: {path} cannot be read:\n")
            for finding in exc.findings:
                streams.stderr.write(f"  {finding}\n")
            continue
        except (UpgradeError, OSError) as exc:
            failed += 1
            message = str(exc)
            if isinstance(exc, OSError) and exc.strerror and exc.filename is not None:
                message = f"{path}: {exc.strerror}"
            streams.stderr.write(f"{_PROG}: error: {message}\n")
            continue
        if not result.changed:
            current += 1
            report.write(f"{path}: already {TO_VERSION}, unchanged\n")
            continue
        if args.diff:
            _diff(path, text, result.text, streams.stdout)
        if not args.check:
            try:
                write_atomic(path, ("\ufeff" if bom else "") + result.text, overwrite=True)
            except OSError as exc:
                failed += 1
                streams.stderr.write(
                    f"{_PROG}: error: {path} could not be written, it is unchanged: {exc}\n"
                )
                continue
        upgraded += 1
        _report(path, result, args.check, report)
    streams.stderr.write(_summary(upgraded, current, failed, args.check))
    if failed:
        return EXIT_USAGE
    if args.check and upgraded:
        return EXIT_FINDINGS
    return EXIT_OK


def _summary(upgraded: int, current: int, failed: int, check: bool) -> str:
    def files(n: int) -> str:
        return f"{n} file{'s' if n != 1 else ''}"

    parts = [f"{files(upgraded)} {'would be upgraded' if check else 'upgraded'}"]
    parts.append(f"{files(current)} already {TO_VERSION}")
    if failed:
        parts.append(f"{files(failed)} with errors (unchanged)")
    return ", ".join(parts) + "\n"
