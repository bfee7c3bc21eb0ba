"""``citydiplomacy site PATH... -o DIR [--lang en|fr] [--on DATE] [--force]``: a static
registry site.

Writes an index of all conventions (sortable and filterable; works without
JavaScript), a factsheet per convention, a page per partner, a deadlines page and the
table as JSON and CSV, for any static host. ``DIR`` must be new, empty, or a site
built by this command before; anything else is replaced only with ``--force``. Files
that are not valid conventions are skipped, named on standard error, and make the
exit code 1.
"""

from __future__ import annotations

import argparse
import datetime as _dt
from typing import Any

from citydiplomacy._cli import EXIT_FINDINGS, EXIT_USAGE, Streams
from citydiplomacy._cli._commands.status import parse_day


def register(subparsers: Any) -> None:
    """Add the ``site`` subcommand."""
    parser = subparsers.add_parser(
        "site",
        help="build a static site of conventions (index, factsheets, partners, deadlines)",
        description=(
            "Build a static site from convention files and folders: an index table, a "
            "factsheet per convention, a page per partner, a deadlines page, and the "
            "table as JSON and CSV."
        ),
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="convention files, or folders to search"
    )
    parser.add_argument("-o", "--output", metavar="DIR", required=True, help="the site's folder")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace DIR even if it is not empty and was not built by this command",
    )
    parser.add_argument(
        "--lang", choices=("en", "fr"), default="en", help="language of the pages (default: en)"
    )
    parser.add_argument(
        "--on",
        type=parse_day,
        metavar="DATE",
        help="the day statuses and deadlines are for, YYYY-MM-DD (default: today, UTC)",
    )


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Build the site; 0 when every file was used, 1 when some were skipped, 2 on usage
    or I/O problems."""
    from citydiplomacy._outputs._render._site import SiteError, build_site  # noqa: PLC0415

    on: _dt.date = args.on or _dt.datetime.now(_dt.timezone.utc).date()
    try:
        result = build_site(args.paths, args.output, language=args.lang, on=on, force=args.force)
    except SiteError as exc:
        streams.stderr.write(f"citydiplomacy: {exc}\n")
        return EXIT_USAGE
    except OSError as exc:
        where = exc.filename or args.output
        streams.stderr.write(
            f"citydiplomacy: cannot write the site ({where}): {exc.strerror or exc}\n"
        )
        return EXIT_USAGE
    for path, reason in result.skipped:
        streams.stderr.write(f"citydiplomacy: skipped {path}: {reason}\n")
    streams.stdout.write(
        f"wrote {result.out}: {result.conventions} conventions, {result.partners} partners, "
        f"{result.pages} pages"
        + (f"; {len(result.skipped)} file(s) skipped" if result.skipped else "")
        + "\n"
    )
    return EXIT_FINDINGS if result.skipped else 0
