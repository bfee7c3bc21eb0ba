"""``citydiplomacy export FILE --to ics [-o OUT] [--force] [--until DATE]``: calendar export;
``citydiplomacy export PATH... --to sqlite -o registry.db [--force]``: a portfolio as a
SQLite database (see ``citydiplomacy._outputs._sqlite``; files that are not valid conventions
are left out, and counted on standard error).

Writes the recorded and expected meetings as iCalendar to stdout, or to ``OUT``
atomically (a temporary file in the same directory, then a rename), refusing to
replace an existing file unless ``--force`` is given. The output is byte-stable:
the same convention always gives the same bytes.

Meetings recorded by a date that cannot be placed on days (``2024-05``, an uncertain
day, an open interval...) are left out of the calendar; standard error says how many
and, for each, why (one line each, after a summary line). The exit code stays 0:
the calendar holds everything that can be placed.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from citydiplomacy._base._files import write_atomic
from citydiplomacy._base._text import human
from citydiplomacy._cli import EXIT_USAGE, Streams, write_or_explain
from citydiplomacy._cli._commands.status import load_convention, parse_day
from citydiplomacy._outputs._calendar import skipped_meetings, to_calendar


def register(subparsers: Any) -> None:
    """Add the ``export`` subcommand."""
    parser = subparsers.add_parser(
        "export",
        help="export the meetings of a convention as a calendar (iCalendar), or many "
        "conventions as a SQLite database",
        description=(
            "Export recorded meetings, and the meetings each body's cadence calls for "
            "(as tentative all-day events), to an iCalendar file; or every convention "
            "under the paths given to a SQLite database."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="convention file (YAML or JSON); with --to sqlite, folders, files or glob patterns",
    )
    parser.add_argument(
        "--to",
        choices=("ics", "sqlite"),
        required=True,
        help="output format (ics: iCalendar of one convention; sqlite: a database of every "
        "convention under PATH)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to this file instead of standard output ('-': standard output)",
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it already exists")
    parser.add_argument(
        "--until",
        type=parse_day,
        metavar="DATE",
        help=(
            "list expected meetings up to this day, YYYY-MM-DD (default: the whole term, "
            "or its initial period when it has no known end; at most 1000 per body)"
        ),
    )
    parser.add_argument(
        "--from",
        dest="since",
        type=parse_day,
        metavar="DATE",
        help=(
            "list expected meetings from this day, YYYY-MM-DD (default: the term's start; "
            "at most 1000 per body)"
        ),
    )


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Load, export, write; 0 on success, 1 on an invalid file, 2 on I/O or usage problems."""
    if args.to == "sqlite":
        return _sqlite(args, streams)
    if len(args.paths) != 1:
        streams.stderr.write("citydiplomacy export: error: --to ics takes one FILE\n")
        return EXIT_USAGE
    loaded = load_convention(args.paths[0], streams)
    if isinstance(loaded, int):
        return loaded
    calendar = to_calendar(loaded, until=args.until, since=args.since)
    skipped = skipped_meetings(loaded)
    if skipped:
        streams.stderr.write(
            f"citydiplomacy: {len(skipped)} recorded meeting(s) left out of the calendar: "
            "their date cannot be placed on days\n"
        )
        for item in skipped:
            streams.stderr.write(f"  {item}\n")
    elif not calendar.walk("VEVENT"):
        streams.stderr.write(
            "citydiplomacy: no meeting is recorded and none can be expected from a cadence; "
            "the calendar is empty\n"
        )
    data: bytes = calendar.to_ical()
    if args.output in (None, "-"):
        _write_stdout(streams.stdout, data)
        return 0
    return write_or_explain(
        args.output, lambda: write_atomic(args.output, data, overwrite=args.force), streams.stderr
    )


def _sqlite(args: argparse.Namespace, streams: Streams) -> int:
    from citydiplomacy._batch._portfolio import load_portfolio  # noqa: PLC0415 - sqlite only
    from citydiplomacy._outputs._sqlite import write_sqlite  # noqa: PLC0415

    if args.output in (None, "-"):
        streams.stderr.write(
            "citydiplomacy export: error: --to sqlite needs -o FILE (a database is not "
            "written to standard output)\n"
        )
        return EXIT_USAGE
    portfolio = load_portfolio(args.paths)
    for name, message in portfolio.problems:
        streams.stderr.write(f"citydiplomacy export: {human(name)}: {human(message)}\n")
    if portfolio.problems:
        return EXIT_USAGE
    left_out = [f for f in portfolio.files if f.id is None]
    if left_out:
        streams.stderr.write(
            f"citydiplomacy export: {len(left_out)} file(s) left out (not valid conventions "
            "or unreadable; run citydiplomacy validate on them), e.g. "
            f"{human(left_out[0].path)}\n"
        )
    return write_or_explain(
        args.output,
        lambda: write_sqlite(portfolio, args.output, overwrite=args.force),
        streams.stderr,
    )


def _write_stdout(stdout: TextIO, data: bytes) -> None:
    # iCalendar lines end in CRLF; a text stream could translate them, so write the
    # bytes to the underlying buffer when there is one.
    buffer = getattr(stdout, "buffer", None)
    if buffer is not None:
        stdout.flush()
        buffer.write(data)
        buffer.flush()
    else:
        stdout.write(data.decode("utf-8"))
