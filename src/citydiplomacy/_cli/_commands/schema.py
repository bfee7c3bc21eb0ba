"""``citydiplomacy schema``: the bundled JSON Schema and codelists, for editors and tools.

* ``citydiplomacy schema`` prints the JSON Schema (draft 2020-12) exactly as bundled;
* ``citydiplomacy schema --path`` prints where the bundled file is;
* ``citydiplomacy schema --codelist NAME`` prints the codelist's CSV content (columns
  ``code,title_en,title_fr,description``, then the other languages' ``title_*`` and
  ``description_*``), and with ``--path`` the CSV file's path;
* ``citydiplomacy schema --list-codelists`` lists the codelists, open or closed.

Content rather than a path is the default for codelists too, because it is what a
script wants to pipe (``citydiplomacy schema --codelist sectors > sectors.csv``) and
it works the same from a wheel and from a source checkout.
"""

from __future__ import annotations

import argparse
import csv
from typing import Any

from citydiplomacy._base._resources import codelists_dir, schema_path
from citydiplomacy._cli import EXIT_OK, EXIT_USAGE, Streams


def register(subparsers: Any) -> None:
    """Add the ``schema`` subcommand to the command line."""
    parser = subparsers.add_parser(
        "schema",
        help="print the bundled JSON Schema, a codelist, or their paths",
        description=(
            "Print the bundled JSON Schema (draft 2020-12), or a codelist as CSV. "
            "Nothing is fetched from the network."
        ),
        epilog=(
            "examples:\n"
            "  citydiplomacy schema > convention.schema.json\n"
            "  citydiplomacy schema --path\n"
            "  citydiplomacy schema --codelist sectors\n"
            "  citydiplomacy schema --list-codelists"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--path", action="store_true", help="print the file's path instead of its content"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--codelist",
        metavar="NAME",
        help="a codelist (e.g. sectors, party-kinds) instead of the schema, as CSV",
    )
    which.add_argument(
        "--list-codelists",
        action="store_true",
        help="list the codelists: name, open or closed, English title",
    )


def codelists() -> list[dict[str, str]]:
    """The rows of the bundled ``codelists/index.csv``."""
    with (codelists_dir() / "index.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Print what was asked; return the exit status."""
    try:
        if args.list_codelists:
            for row in codelists():
                streams.stdout.write(
                    f"{row.get('codelist', '')}\t{row.get('openness', '')}\t"
                    f"{row.get('title_en', '')}\n"
                )
            return EXIT_OK
        if args.codelist is not None:
            names = [row.get("codelist", "") for row in codelists()]
            if args.codelist not in names:
                streams.stderr.write(
                    f"citydiplomacy schema: error: no codelist {args.codelist!r}; "
                    f"the codelists are: {', '.join(names)}\n"
                )
                return EXIT_USAGE
            target = codelists_dir() / f"{args.codelist}.csv"
        else:
            target = schema_path()
        if args.path:
            streams.stdout.write(f"{target}\n")
        else:
            text = target.read_text(encoding="utf-8")
            streams.stdout.write(text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        streams.stderr.write(f"citydiplomacy schema: error: {exc}\n")
        return EXIT_USAGE
    return EXIT_OK
