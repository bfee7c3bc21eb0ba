"""``citydiplomacy unflatten BOOK.xlsx -o DIR`` (or a folder of CSV files): a filled
workbook back into convention files, every problem placed at a sheet, row and column.

Nothing is written while the workbook has an error. Exit codes: 0 written; 1 errors
in the workbook (nothing written); 2 usage, unreadable input or write problems.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from citydiplomacy._base._files import os_error_message
from citydiplomacy._base._text import human, json_text
from citydiplomacy._cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Streams
from citydiplomacy._cli._commands.flatten import write_folder
from citydiplomacy._io._writing import to_json, to_yaml

NAME = "citydiplomacy unflatten"


def register(subparsers: Any) -> None:
    """Add the ``unflatten`` subcommand."""
    parser = subparsers.add_parser(
        "unflatten",
        help="turn a filled workbook (XLSX or CSV files) back into convention files",
        description=(
            "Read a workbook written by citydiplomacy flatten or new --workbook (headers "
            "in English or French), rebuild one convention per row of its first sheet, "
            "check them, and write them as DIR/ID.convention.yaml. Every problem is "
            "reported as sheet, row and column; nothing is written while there is an "
            "error. XLSX needs the spreadsheets extra: pip install "
            "'citydiplomacy[spreadsheets]'."
        ),
    )
    parser.add_argument("workbook", metavar="BOOK", help="an .xlsx file, or a folder of CSV files")
    parser.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder to write (created if missing)"
    )
    parser.add_argument(
        "--to", choices=("yaml", "json"), default="yaml", help="file format (default: yaml)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="how problems are reported on standard output (default: text)",
    )
    parser.add_argument("--force", action="store_true", help="replace files that exist")


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Read, check, report, write."""
    from citydiplomacy._outputs._spreadsheet import MissingExtra, read_workbook  # noqa: PLC0415

    err = streams.stderr
    try:
        result = read_workbook(args.workbook)
    except MissingExtra as exc:
        err.write(f"{NAME}: error: {exc}\n")
        return EXIT_USAGE
    except OSError as exc:
        err.write(f"{NAME}: error: cannot read {human(args.workbook)}: {os_error_message(exc)}\n")
        return EXIT_USAGE
    if args.format == "json":
        streams.stdout.write(
            json_text(
                {
                    "format": "citydiplomacy-workbook/1",
                    "workbook": args.workbook,
                    "conventions": [d.get("id") for d in result.documents],
                    "findings": [f.as_json() for f in result.findings],
                }
            )
        )
    else:
        for finding in result.findings:
            streams.stdout.write(f"{finding}\n")
    if result.errors:
        err.write(
            f"{NAME}: {len(result.errors)} error(s) in {human(args.workbook)}; nothing written\n"
        )
        return EXIT_FINDINGS
    if not result.documents:
        err.write(f"{NAME}: no convention in {human(args.workbook)}: the first sheet is empty\n")
        return EXIT_FINDINGS
    suffix = ".convention.json" if args.to == "json" else ".convention.yaml"
    write = to_json if args.to == "json" else to_yaml
    files = {f"{d['id']}{suffix}": write(d).encode("utf-8") for d in result.documents}
    code = write_folder(args.output, files, args.force, err, NAME)
    if code == EXIT_OK:
        err.write(
            f"{NAME}: wrote {len(files)} convention file(s) to {human(args.output)}"
            f"{os.sep if not args.output.endswith(os.sep) else ''}\n"
        )
    return code
