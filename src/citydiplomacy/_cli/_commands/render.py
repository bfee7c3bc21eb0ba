"""``citydiplomacy render FILE [-o OUT] [--to html|markdown|svg] [--lang en|fr] [--on DATE]
[--tz ZONE] [--force]``: a factsheet for people.

Writes one self-contained HTML page (inline CSS, no script, no external resource), the
same facts as Markdown, or the timeline alone as SVG, to standard output or to ``OUT``
(atomically; an existing file is replaced only with ``--force``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
from typing import Any

from citydiplomacy._base._files import write_atomic
from citydiplomacy._cli import EXIT_USAGE, Streams, write_or_explain
from citydiplomacy._cli._commands.status import load_convention, parse_day


def register(subparsers: Any) -> None:
    """Add the ``render`` subcommand."""
    parser = subparsers.add_parser(
        "render",
        help="write a factsheet of a convention (HTML page, Markdown, or timeline SVG)",
        description=(
            "Write a factsheet of a convention for people: a self-contained HTML page "
            "(opens from disk, no script needed) with its timeline, Markdown for forges, "
            "or the timeline alone as SVG."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="convention file (YAML or JSON)")
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write to this file instead of standard output"
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it already exists")
    parser.add_argument(
        "--to",
        choices=("html", "markdown", "svg"),
        default="html",
        help="html: a page (default); markdown: for forges; svg: the timeline alone",
    )
    parser.add_argument(
        "--lang",
        choices=("en", "fr"),
        default="en",
        help="language of the page's own words (default: en); the file's texts come in "
        "it when they have it",
    )
    parser.add_argument(
        "--on",
        type=parse_day,
        metavar="DATE",
        help="the day the term's state and the 'today' marker are for, YYYY-MM-DD "
        "(default: today, UTC)",
    )
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        help="also show meeting times in this IANA time zone, e.g. America/Montreal",
    )


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Load, render, write; 0 on success, 1 on an invalid file, 2 on usage or I/O problems."""
    from citydiplomacy._outputs._render import render_factsheet  # noqa: PLC0415  (Jinja2 loads here)
    from citydiplomacy._outputs._render._view import check_zone  # noqa: PLC0415

    if args.tz is not None:
        try:
            check_zone(args.tz)
        except ValueError as exc:
            streams.stderr.write(f"citydiplomacy: --tz: {exc}\n")
            return EXIT_USAGE
    loaded = load_convention(args.file, streams)
    if isinstance(loaded, int):
        return loaded
    on: _dt.date = args.on or _dt.datetime.now(_dt.timezone.utc).date()
    text = render_factsheet(loaded, language=args.lang, on=on, time_zone=args.tz, format=args.to)
    if args.output is None:
        streams.stdout.write(text)
        return 0
    return write_or_explain(
        args.output, lambda: write_atomic(args.output, text, overwrite=args.force), streams.stderr
    )
