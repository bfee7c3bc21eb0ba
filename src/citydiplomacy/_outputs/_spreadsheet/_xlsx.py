"""XLSX workbooks (openpyxl) and CSV folders: tables out, sheets in, hostile files refused.

Reading never evaluates anything: the workbook is opened read-only with formulas as
formulas (a formula cell is a finding), after its zip directory has been checked
(file size, member count, uncompressed sizes and ratios: a zip bomb is refused before
any XML is parsed), and with caps on sheets, rows, columns and cells. Merged cells
are found by reading each sheet's ``mergeCell`` elements, which read-only mode skips.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from citydiplomacy._base._report import Severity
from citydiplomacy._base._resources import codelists_dir
from citydiplomacy._checking._schema import schema
from citydiplomacy._outputs._spreadsheet._flat import (
    Cell,
    ColumnKey,
    RawSheet,
    SheetFinding,
    Table,
    column_letter,
    header_text,
)
from citydiplomacy._outputs._spreadsheet._mapping import CODELIST_SHEET, Lang, sheets

EXTRA_HINT: Final = (
    "reading and writing workbooks needs openpyxl: pip install 'citydiplomacy[spreadsheets]'"
)

#: Limits on what is read (a workbook above them gets a finding, never a hang).
MAX_FILE_BYTES: Final = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES: Final = 100 * 1024 * 1024
MAX_RATIO: Final = 200
MAX_MEMBERS: Final = 10_000
MAX_SHEETS: Final = 64
MAX_ROWS: Final = 100_000
MAX_COLUMNS: Final = 1_000
MAX_CELLS: Final = 2_000_000

_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")
#: Rows of a template's drop-downs and text formats.
_TEMPLATE_ROWS: Final = 1000


class MissingExtra(RuntimeError):
    """openpyxl is not installed."""


def _openpyxl() -> Any:
    try:
        import openpyxl  # noqa: PLC0415 - optional extra
    except ImportError:
        raise MissingExtra(EXTRA_HINT) from None
    return openpyxl


# -- codelists ----------------------------------------------------------------------------


@functools.cache
def codelist(definition: str) -> tuple[tuple[str, ...], bool] | None:
    """The codes of the codelist behind a ``$defs`` name, and whether it is closed."""
    node: Mapping[str, Any] = schema()["$defs"].get(definition, {})
    if "enum" in node:
        return tuple(str(v) for v in node["enum"]), True
    with (codelists_dir() / "index.csv").open(encoding="utf-8", newline="") as handle:
        for entry in csv.DictReader(handle):
            if entry["schema_def"] == definition:
                with (codelists_dir() / f"{entry['codelist']}.csv").open(
                    encoding="utf-8", newline=""
                ) as codes:
                    found = tuple(row["code"] for row in csv.DictReader(codes))
                return found, entry["openness"] == "closed"
    return None


# -- writing --------------------------------------------------------------------------------


def _note(table: Table, key: ColumnKey, lang: Lang) -> str:
    sheet = sheets()[table.sheet]
    if key[0] == "k":
        target = sheets()[key[1]]
        what = "id" if target.has_id else "number (column #)"
        return f"Which row of sheet {target.name(lang)!r} this row belongs to: its {what}."
    if key[0] == "#":
        return (
            "Number of this row among the rows of the same parent (1, 2, ...); "
            "rows of other sheets point at it."
        )
    field = sheet.fields[key[1]]
    lines = [field.title, field.description] if field.title else []
    if key[0] == "m":
        lines.append(f"Text in the language {key[2]!r}; add a column FIELD/TAG for another.")
    elif key[0] == "x":
        lines.append('A JSON value: "text in double quotes", a number, true, false, a list.')
    elif field.shape == "list":
        lines.append(
            "Several values: separate them with ;"
            if field.separator == ";"
            else "Several values: one per line (Alt+Enter)."
        )
    if field.definition == "Date" or (field.shape == "list" and field.definition == "Date"):
        lines.append("A date as text (EDTF): 2025, 2025-03, 2025-03-14, 2025~, 2025-03/2025-06.")
    if field.shape == "boolean":
        lines.append("true or false.")
    return "\n".join(line for line in lines if line)


def _validation(
    table: Table, key: ColumnKey, lists: dict[str, str], ws_codelists: Any
) -> tuple[str, bool] | None:
    """A drop-down for a column: (formula, closed)."""
    if key[0] != "f":
        return None
    field = sheets()[table.sheet].fields[key[1]]
    if field.shape == "boolean":
        return '"true,false"', True
    if field.shape != "string" or field.definition is None:
        return None
    found = codelist(field.definition)
    if found is None:
        return None
    codes, closed = found
    if field.definition not in lists:
        column = column_letter(len(lists) + 1)
        ws_codelists.append_column(field.definition, codes)
        lists[field.definition] = f"'{CODELIST_SHEET}'!${column}$2:${column}${len(codes) + 1}"
    return lists[field.definition], closed


class _Codelists:
    """Columns of the hidden sheet that the drop-downs read."""

    def __init__(self) -> None:
        self.columns: list[tuple[str, Sequence[str]]] = []

    def append_column(self, name: str, codes: Sequence[str]) -> None:
        self.columns.append((name, codes))


def write_xlsx(tables: Sequence[Table], lang: Lang, *, template: bool = False) -> bytes:
    """The workbook's bytes: one sheet per table, headers in ``lang`` with notes from the
    schema, drop-downs for codes, text cells formatted as text (so that dates and
    codes stay as typed), and a hidden sheet of codelists."""
    openpyxl = _openpyxl()
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.comments import Comment  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    book = openpyxl.Workbook(write_only=True)
    lists: dict[str, str] = {}
    codes = _Codelists()
    bold = Font(bold=True)
    for table in tables:
        ws = book.create_sheet(sheets()[table.sheet].name(lang))
        ws.freeze_panes = "A2"
        header = []
        text_columns: list[int] = []
        for number, key in enumerate(table.columns, 1):
            cell = WriteOnlyCell(ws, value=header_text(table.sheet, key, lang))
            cell.data_type = "s"
            cell.font = bold
            note = _note(table, key, lang)
            if note:
                cell.comment = Comment(note, "citydiplomacy", height=160, width=320)
            header.append(cell)
            letter = column_letter(number)
            ws.column_dimensions[letter].width = 18
            if _is_text_column(table, key):
                # Cells typed later stay text too: 2025 or 01234 is not made a number.
                ws.column_dimensions[letter].number_format = "@"
            found = _validation(table, key, lists, codes)
            if found is not None:
                formula, closed = found
                rule = DataValidation(
                    type="list",
                    formula1=formula,
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="stop" if closed else "warning",
                    error=(
                        "Choose a code of the list."
                        if closed
                        else "Not in the codelist: keep it only if no code fits."
                    ),
                )
                rule.add(f"{letter}2:{letter}{_TEMPLATE_ROWS + len(table.rows)}")
                ws.data_validations.dataValidation.append(rule)
            if _is_text_column(table, key):
                text_columns.append(number)
        ws.append(header)
        for row in table.rows:
            ws.append(
                [
                    _cell(ws, value, n in text_columns, WriteOnlyCell)
                    for n, value in enumerate(row, 1)
                ]
            )
    if codes.columns:
        ws = book.create_sheet(CODELIST_SHEET)
        ws.sheet_state = "hidden"
        ws.append([name for name, _ in codes.columns])
        longest = max(len(c) for _, c in codes.columns)
        for n in range(longest):
            ws.append([c[n] if n < len(c) else None for _, c in codes.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _is_text_column(table: Table, key: ColumnKey) -> bool:
    if key[0] in ("k", "m", "x"):
        return key[0] != "k" or sheets()[key[1]].has_id
    if key[0] == "#":
        return False
    field = sheets()[table.sheet].fields[key[1]]
    return field.shape in ("string", "list")


def _cell(ws: Any, value: Cell, text: bool, cell_type: Any) -> Any:
    cell = cell_type(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    if text:
        cell.number_format = "@"
    return cell


def write_csv(tables: Sequence[Table], lang: Lang) -> dict[str, bytes]:
    """One CSV file per table (UTF-8 with a byte order mark, so that spreadsheets read
    accents right; RFC 4180 quoting). A text that a spreadsheet would take for a
    formula (or that starts with ``'``) gets a leading ``'``, which reading removes."""
    files: dict[str, bytes] = {}
    for table in tables:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([header_text(table.sheet, k, lang) for k in table.columns])
        writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
        files[f"{sheets()[table.sheet].name(lang)}.csv"] = out.getvalue().encode("utf-8-sig")
    return files


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return str(value)


# -- reading ----------------------------------------------------------------------------------


def _finding(file: str, rule: str, message: str, *where: Any) -> SheetFinding:
    """An error at ``where``: sheet, row, column (as far as known)."""
    return SheetFinding(rule, Severity.ERROR, message, file, *where)


def _zip_problem(data: bytes, file: str) -> SheetFinding | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return _finding(
            file,
            "workbook.read",
            "not an XLSX workbook (not a zip archive); save it as Excel Workbook (.xlsx)",
        )
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return _finding(file, "workbook.too-large", f"more than {MAX_MEMBERS} parts in the archive")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            return _finding(
                file,
                "workbook.too-large",
                f"part {member.filename!r} expands "
                f"{member.file_size // max(member.compress_size, 1)} times: refused as a "
                "possible zip bomb",
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        return _finding(
            file,
            "workbook.too-large",
            f"the workbook expands to {total // (1024 * 1024)} MB, more than the "
            f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB read; split it",
        )
    return None


def _merged(data: bytes, part: str) -> list[str]:
    """The ranges of the ``mergeCell`` elements of one sheet's XML part."""
    from openpyxl.xml.functions import iterparse  # noqa: PLC0415 - defusedxml when installed

    ranges: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part) as stream:
        for _, element in iterparse(stream, events=("end",)):
            if element.tag.endswith("}mergeCell") or element.tag == "mergeCell":
                ranges.append(str(element.get("ref", "")))
            element.clear()
    return ranges


def read_xlsx(data: bytes, file: str) -> tuple[list[RawSheet], list[SheetFinding]]:
    """The sheets of a workbook's bytes, and findings about what could not be read."""
    openpyxl = _openpyxl()
    if len(data) > MAX_FILE_BYTES:
        return [], [
            _finding(
                file,
                "workbook.too-large",
                f"the file has {len(data) // (1024 * 1024)} MB, more than the "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB read; split it",
            )
        ]
    problem = _zip_problem(data, file)
    if problem is not None:
        return [], [problem]
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        return [], [
            _finding(
                file,
                "workbook.read",
                f"cannot read the workbook ({type(exc).__name__}: {exc}); save it again "
                "as Excel Workbook (.xlsx)",
            )
        ]
    findings: list[SheetFinding] = []
    out: list[RawSheet] = []
    try:
        names = list(book.sheetnames)
        if len(names) > MAX_SHEETS:
            findings.append(
                _finding(
                    file,
                    "workbook.too-large",
                    f"more than {MAX_SHEETS} sheets; only the first are read",
                )
            )
        cells = 0
        for name in names[:MAX_SHEETS]:
            if name == CODELIST_SHEET:
                continue
            ws = book[name]
            try:
                sheet, counted = _read_sheet(ws, name, file, findings, MAX_CELLS - cells)
                cells += counted
                part = getattr(ws, "_worksheet_path", None)
                if isinstance(part, str):
                    for ref in _merged(data, part):
                        first = ref.split(":")[0]
                        findings.append(
                            _finding(
                                file,
                                "workbook.merged",
                                f"merged cells {ref}: unmerge them and give each cell its "
                                "own value",
                                name,
                                *_row_column(first),
                            )
                        )
            except Exception as exc:
                findings.append(
                    _finding(
                        file,
                        "workbook.read",
                        f"cannot read this sheet ({type(exc).__name__}: {exc})",
                        name,
                    )
                )
                continue
            out.append(sheet)
    finally:
        book.close()
    return out, findings


def _row_column(ref: str) -> tuple[int | None, int | None]:
    letters = "".join(c for c in ref if c.isalpha()).upper()
    digits = "".join(c for c in ref if c.isdigit())
    column = 0
    for c in letters:
        column = column * 26 + ord(c) - 64
    return (int(digits) if digits else None, column or None)


def _read_sheet(
    ws: Any, name: str, file: str, findings: list[SheetFinding], budget: int
) -> tuple[RawSheet, int]:
    ws.reset_dimensions()  # a sheet's stated size may lie; read what is there
    header: tuple[tuple[int, Cell], ...] = ()
    rows: list[tuple[int, tuple[tuple[int, Cell], ...]]] = []
    counted = 0
    wide = False
    for row in ws.iter_rows(max_col=MAX_COLUMNS + 1):
        values: list[tuple[int, Cell]] = []
        number: int | None = None
        for cell in row:
            value = cell.value
            if value is None or value == "":
                continue
            number = cell.row
            column = cell.column
            if column > MAX_COLUMNS:
                if not wide:
                    findings.append(
                        _finding(
                            file,
                            "workbook.too-large",
                            f"cells beyond column {MAX_COLUMNS} are not read",
                            name,
                            number,
                            column,
                        )
                    )
                    wide = True
                continue
            kind = cell.data_type
            if kind == "f":
                findings.append(
                    _finding(
                        file,
                        "workbook.formula",
                        "a formula: formulas are never evaluated here; type its value instead",
                        name,
                        number,
                        column,
                    )
                )
                continue
            if kind == "e":
                findings.append(
                    _finding(file, "workbook.type", f"an error value {value}", name, number, column)
                )
                continue
            values.append((column, value))
        if number is None:
            continue
        counted += len(values)
        if number > MAX_ROWS or counted > budget:
            findings.append(
                _finding(
                    file,
                    "workbook.too-large",
                    f"more than {MAX_ROWS} rows or {MAX_CELLS} cells; the rest is not read: "
                    "split the workbook",
                    name,
                    number,
                )
            )
            break
        if number == 1:
            header = tuple(values)
        else:
            rows.append((number, tuple(values)))
    return RawSheet(name, header, tuple(rows)), counted


def read_csv_folder(folder: str) -> tuple[list[RawSheet], list[SheetFinding]]:
    """The sheets of a folder of CSV files (``SHEET.csv``, UTF-8 with or without BOM)."""
    findings: list[SheetFinding] = []
    out: list[RawSheet] = []
    total = 0
    names = sorted(
        entry.name
        for entry in os.scandir(folder)
        if entry.name.lower().endswith(".csv") and entry.is_file()
    )
    if not names:
        findings.append(_finding(folder, "workbook.read", "no .csv file in this folder"))
    for name in names[:MAX_SHEETS]:
        path = Path(folder) / name
        label = str(path)
        size = path.stat().st_size
        total += size
        if size > MAX_FILE_BYTES or total > MAX_UNCOMPRESSED_BYTES:
            findings.append(
                _finding(
                    label, "workbook.too-large", "the CSV files are too large to read; split them"
                )
            )
            break
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            findings.append(
                _finding(
                    label,
                    "workbook.read",
                    f"not UTF-8 text (byte {exc.start}); save it as CSV UTF-8",
                )
            )
            continue
        rows, problem = _csv_rows(text)
        if problem is not None:
            findings.append(_finding(label, "workbook.read", problem))
            continue
        header = tuple((n, v) for n, v in enumerate(rows[0], 1) if v != "") if rows else ()
        body = tuple(
            (r, tuple((n, v) for n, v in enumerate(row, 1) if v != ""))
            for r, row in enumerate(rows[1:], 2)
            if any(v != "" for v in row)
        )
        out.append(RawSheet(name[: -len(".csv")], header, body, text_only=True))
    return out, findings


def _csv_rows(text: str) -> tuple[list[list[str]], str | None]:
    rows: list[list[str]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), 1):
            if number > MAX_ROWS:
                return rows, f"more than {MAX_ROWS} rows; split the file"
            if len(row) > MAX_COLUMNS:
                return rows, f"row {number} has more than {MAX_COLUMNS} columns"
            rows.append(row)
    except csv.Error as exc:
        return rows, f"not a readable CSV file ({exc})"
    return rows, None
