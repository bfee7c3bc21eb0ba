"""``citydiplomacy flatten PATH... -o BOOK.xlsx`` (or ``-o FOLDER`` for CSV files):
conventions as a workbook, one sheet per kind of object (see docs/spreadsheets.md).

Exit codes: 0 written; 1 written, but files were left out or values could not be
flattened (each said on standard error); 2 usage, unreadable paths or write problems.
"""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Mapping
from typing import Any

from citydiplomacy._base._files import os_error_message, write_atomic
from citydiplomacy._base._report import format_path
from citydiplomacy._base._text import human
from citydiplomacy._cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Streams, write_or_explain

NAME = "citydiplomacy flatten"


def add_lang(parser: argparse.ArgumentParser, what: str) -> None:
    """The ``--lang`` option shared by flatten and new --workbook."""
    parser.add_argument(
        "--lang",
        choices=("en", "fr"),
        default="en",
        help=f"language of the {what} (default: en)",
    )


def register(subparsers: Any) -> None:
    """Add the ``flatten`` subcommand."""
    parser = subparsers.add_parser(
        "flatten",
        help="write conventions as a spreadsheet (XLSX workbook or CSV files)",
        description=(
            "Write the conventions under the paths as a workbook: one sheet per kind of "
            "object (parties, actions, budget lines, meetings...), ids linking the rows, "
            "one column per language for texts. OUT ending in .xlsx is a workbook (needs "
            "the spreadsheets extra: pip install 'citydiplomacy[spreadsheets]'); any other "
            "OUT is a folder of CSV files, one per sheet. Turn it back into convention "
            "files with citydiplomacy unflatten."
        ),
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="convention files, folders or glob patterns"
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="BOOK.xlsx, or a folder for CSV files (created if missing)",
    )
    add_lang(parser, "sheet names and column headers")
    parser.add_argument("--force", action="store_true", help="replace files that exist")


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Flatten, report what was left out, write."""
    from citydiplomacy._outputs._spreadsheet import (  # noqa: PLC0415 - loaded with the command
        MissingExtra,
        csv_files,
        flatten_files,
        workbook_bytes,
    )

    err = streams.stderr
    flat = flatten_files(args.paths)
    for name, message in flat.problems:
        err.write(f"{NAME}: error: {human(name)}: {human(message)}\n")
    if flat.problems:
        return EXIT_USAGE
    for name, message in flat.skipped:
        err.write(f"{NAME}: {human(name)}: left out: {human(message)}\n")
    for loss in flat.losses:
        err.write(
            f"{NAME}: {human(loss.file)}: {human(format_path(loss.path))}: {human(loss.message)}\n"
        )
    output: str = args.output
    if output.lower().endswith(".xlsx"):
        try:
            data = workbook_bytes(flat.tables, args.lang)
        except MissingExtra as exc:
            err.write(f"{NAME}: error: {exc}\n")
            return EXIT_USAGE
        code = write_or_explain(
            output, lambda: write_atomic(output, data, overwrite=args.force), err
        )
    else:
        code = write_folder(output, csv_files(flat.tables, args.lang), args.force, err)
    if code != EXIT_OK:
        return code
    rows = sum(len(t.rows) for t in flat.tables)
    err.write(
        f"{NAME}: wrote {human(output)}: {flat.files} convention(s), {rows} row(s) in "
        f"{sum(1 for t in flat.tables if t.rows)} sheet(s)\n"
    )
    return EXIT_FINDINGS if flat.skipped or flat.losses else EXIT_OK


def write_folder(
    folder: str, files: Mapping[str, bytes], force: bool, err: Any, name: str = NAME
) -> int:
    """Write ``files`` into ``folder`` (created if missing), each atomically; nothing is
    written when one exists and ``force`` is not given."""
    if os.path.exists(folder) and not os.path.isdir(folder):
        err.write(f"{name}: error: {human(folder)} exists and is not a folder\n")
        return EXIT_USAGE
    if not force:
        existing = [n for n in files if os.path.lexists(os.path.join(folder, n))]
        if existing:
            err.write(
                f"{name}: error: {len(existing)} file(s) exist in {human(folder)}, e.g. "
                f"{human(existing[0])}; pass --force to replace them\n"
            )
            return EXIT_USAGE
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        err.write(f"{name}: error: cannot create {human(folder)}: {os_error_message(exc)}\n")
        return EXIT_USAGE
    for file_name, data in files.items():
        path = os.path.join(folder, file_name)
        code = write_or_explain(path, functools.partial(_write, path, data, force), err)
        if code != EXIT_OK:
            return code
    return EXIT_OK


def _write(path: str, data: bytes, force: bool) -> None:
    write_atomic(path, data, overwrite=force)


def write_template(args: argparse.Namespace, streams: Streams) -> int:
    """``citydiplomacy new --workbook -o BOOK.xlsx``: the blank workbook to fill in."""
    from citydiplomacy._outputs._spreadsheet import (  # noqa: PLC0415
        TEMPLATE_LANGUAGES,
        MissingExtra,
        template_tables,
        workbook_bytes,
    )

    given = [f"--{n}" for n in ("partner", "kind", "id", "title") if getattr(args, n, None)]
    if given:
        streams.stderr.write(
            f"citydiplomacy new: error: --workbook writes a blank workbook; it takes no "
            f"{', '.join(given)}\n"
        )
        return EXIT_USAGE
    output = args.output
    if output in (None, "-") or not str(output).lower().endswith(".xlsx"):
        streams.stderr.write(
            "citydiplomacy new: error: --workbook needs -o BOOK.xlsx (a workbook is not "
            "written to standard output)\n"
        )
        return EXIT_USAGE
    languages = tuple(
        dict.fromkeys([*([args.language] if args.language else []), *TEMPLATE_LANGUAGES])
    )
    try:
        data = workbook_bytes(template_tables(languages), args.lang, template=True)
    except MissingExtra as exc:
        streams.stderr.write(f"citydiplomacy new: error: {exc}\n")
        return EXIT_USAGE
    code = write_or_explain(
        output, lambda: write_atomic(output, data, overwrite=args.force), streams.stderr
    )
    if code == EXIT_OK:
        streams.stderr.write(
            f"wrote {human(output)}\nnext: fill in one row per convention in the first "
            f"sheet and the others as needed, then run\n  citydiplomacy unflatten "
            f"{human(output)} -o conventions/\n"
        )
    return code
