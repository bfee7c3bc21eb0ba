"""``citydiplomacy portfolio QUESTION PATH...``: questions across many conventions.

QUESTION is one of ``overview`` (one row per instrument), ``deadlines`` (term
deadlines between ``--from`` and ``--to``), ``overdue`` (follow-up meetings overdue
on ``--on``), ``partners`` (parties by country and government level) and
``budgets`` (budget lines by funder, currency, year and nature). PATH is a folder,
a file or a glob pattern (see ``citydiplomacy._batch._portfolio``). The answers are those
of ``citydiplomacy._batch._portfolio_questions``; the output (``--format``) is described
in ``citydiplomacy._outputs._tables``; ``-o FILE`` writes it to a file, atomically. Notes (what
the answer rests on, files left out) are part of text, JSON and Markdown output, and
go to standard error with CSV output.

Exit status: 0 with an answer; 2 on a usage error, a path that cannot be read, or an
output file that cannot be written.
"""

from __future__ import annotations

import argparse
import datetime as _dt
from typing import Any

from citydiplomacy._base._files import os_error_message, write_atomic
from citydiplomacy._base._text import human
from citydiplomacy._cli import EXIT_OK, EXIT_USAGE, Streams
from citydiplomacy._cli._commands.status import parse_day

_QUESTIONS = {
    "overview": "one row per instrument: parties, countries, kind, signed, in force on "
    "--on, next deadline, overdue follow-up",
    "deadlines": "term deadlines (starts, notice, ends, renewals, terminations, "
    "suspensions) between --from and --to, in date order",
    "overdue": "follow-up meetings overdue on --on, and those that cannot be told",
    "partners": "the parties, each once, by country and government level",
    "budgets": "budget lines by funder, currency, year and nature (currencies never added "
    "together)",
}


def register(subparsers: Any) -> None:
    """Add the ``portfolio`` subcommand and its questions."""
    parser = subparsers.add_parser(
        "portfolio",
        help="answer questions across many convention files",
        description="Answer questions across many convention files: the files under the "
        "folders, files and glob patterns given are read as one portfolio.",
    )
    questions = parser.add_subparsers(dest="question", metavar="QUESTION")
    questions.required = True
    for name, summary in _QUESTIONS.items():
        sub = questions.add_parser(
            name, help=summary, description=summary[0].upper() + summary[1:] + "."
        )
        sub.add_argument(
            "paths", nargs="+", metavar="PATH", help="a folder, a convention file or a glob pattern"
        )
        if name in ("overview", "overdue"):
            sub.add_argument(
                "--on",
                type=parse_day,
                metavar="DATE",
                help="the day to look from, YYYY-MM-DD (default: today, UTC)",
            )
        if name == "deadlines":
            sub.add_argument(
                "--from",
                dest="start",
                type=parse_day,
                metavar="DATE",
                help="first day, YYYY-MM-DD (default: today, UTC)",
            )
            sub.add_argument(
                "--to",
                dest="end",
                type=parse_day,
                required=True,
                metavar="DATE",
                help="last day, YYYY-MM-DD",
            )
        sub.add_argument(
            "--format",
            choices=("text", "json", "csv", "markdown"),
            default="text",
            help="text for people (default), json, csv (for spreadsheets: cells that would "
            "start a formula get a leading '), or a markdown table",
        )
        sub.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            default=None,
            help="write the answer to FILE (replaced atomically) instead of standard output",
        )
        sub.add_argument(
            "--jobs",
            "-j",
            type=int,
            default=None,
            metavar="N",
            help="worker processes for reading many files (default: the CPUs available)",
        )


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Read the portfolio, answer the question, write the table; the exit status."""
    from citydiplomacy._batch import _portfolio_questions as questions  # noqa: PLC0415 - see _cli
    from citydiplomacy._batch._portfolio import load_portfolio  # noqa: PLC0415
    from citydiplomacy._outputs._tables import render  # noqa: PLC0415

    prefix = f"citydiplomacy portfolio {args.question}"
    if args.jobs is not None and args.jobs < 1:
        streams.stderr.write(f"{prefix}: error: --jobs must be at least 1\n")
        return EXIT_USAGE
    today = _dt.datetime.now(_dt.timezone.utc).date()
    if args.question == "deadlines":
        start = args.start or today
        if args.end < start:
            streams.stderr.write(f"{prefix}: error: --to {args.end} is before --from {start}\n")
            return EXIT_USAGE
    portfolio = load_portfolio(args.paths, jobs=args.jobs)
    if portfolio.problems:
        for name, message in portfolio.problems:
            streams.stderr.write(f"{prefix}: {human(name)}: {human(message)}\n")
        return EXIT_USAGE
    on = getattr(args, "on", None) or today
    if args.question == "overview":
        table = questions.overview(portfolio, on)
    elif args.question == "deadlines":
        table = questions.deadlines(portfolio, start, args.end)
    elif args.question == "overdue":
        table = questions.overdue(portfolio, on)
    elif args.question == "partners":
        table = questions.partners(portfolio)
    else:
        table = questions.budgets(portfolio)
    text = render(table, args.format)
    if args.format == "csv":
        streams.stderr.writelines(f"{prefix}: note: {human(n)}\n" for n in table.notes)
    if args.output is None:
        streams.stdout.write(text)
        return EXIT_OK
    try:
        write_atomic(args.output, text, overwrite=True)
    except OSError as exc:
        streams.stderr.write(
            f"{prefix}: {human(args.output)}: cannot write: {human(os_error_message(exc))}\n"
        )
        return EXIT_USAGE
    return EXIT_OK
