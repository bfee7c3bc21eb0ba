"""Documents <-> tables of cells, one table per sheet (see ``_mapping`` for the shape).

``flatten`` turns valid convention documents into tables and checks its own work: it
rebuilds the documents from the tables and reports every value that would not come
back (a string a cell cannot hold, a number with more digits than a spreadsheet
keeps, an empty object). ``unflatten`` turns sheets read from a workbook or CSV
folder back into documents, with every problem placed at a sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Union

import attrs

from citydiplomacy._base._report import DocumentPath, Severity
from citydiplomacy._base._text import human
from citydiplomacy._outputs._spreadsheet._mapping import (
    EXTENSION_KEY,
    LANGS,
    LANGUAGE_TAG,
    TEXT_DEFINITION,
    Field,
    Lang,
    ancestors,
    sheets,
    word,
)

#: A value in a cell, as written and as read (dates and times only when read).
Cell = Union[str, int, float, bool, dt.datetime, dt.date, dt.time, None]

#: Excel keeps at most this many characters in a cell.
MAX_CELL_TEXT: Final = 32767
#: Spreadsheets keep numbers as IEEE doubles: 15 significant digits are exact.
MAX_DIGITS: Final = 15
#: Characters an XLSX file cannot hold (XML 1.0 forbids them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_NUMBER = re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$")
_TRUE: Final = frozenset({"true", "vrai"})
_FALSE: Final = frozenset({"false", "faux"})


def column_letter(column: int) -> str:
    """``1`` -> ``A``, ``28`` -> ``AB``."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@attrs.frozen
class SheetFinding:
    """One problem in a workbook (or CSV folder), placed at a sheet, row and column.

    ``row`` and ``column`` are 1-based (column 3 is ``C``); any of them is None when
    the problem is about a whole sheet, row or file. Findings of the convention
    checks keep their rule id and their path in the rebuilt document.
    """

    rule: str
    severity: Severity
    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    header: str | None = None
    path: DocumentPath = ()

    def location(self) -> str:
        """``book.xlsx: sheet 'actions', row 4, column C (title/fr)``, as far as known."""
        parts = [self.file or "<workbook>"]
        where = []
        if self.sheet is not None:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            column = f"column {column_letter(self.column)}"
            if self.header:
                column += f" ({self.header})"
            where.append(column)
        if where:
            parts.append(", ".join(where))
        return ": ".join(parts)

    def __str__(self) -> str:
        """One line, escaped for a terminal."""
        return human(f"{self.location()}: {self.severity.value} {self.rule}: {self.message}")

    def as_json(self) -> dict[str, Any]:
        """The finding as plain JSON values."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": column_letter(self.column) if self.column is not None else None,
            "header": self.header,
            "path": list(self.path),
        }


# -- columns ----------------------------------------------------------------------------

#: What a column holds: a key of an ancestor sheet ("k", sheet), the row's number
#: ("#",), a field ("f", field), a language of a text ("m", field, tag) or an
#: extension member ("x", field, key).
ColumnKey = tuple[Any, ...]


def header_text(sheet: int, key: ColumnKey, lang: Lang) -> str:
    """The header of a column in the header language."""
    kind = key[0]
    if kind == "k":
        return sheets()[key[1]].key_header(lang)
    if kind == "#":
        return word("number", lang)
    field = sheets()[sheet].fields[key[1]]
    if kind == "f":
        return field.header(lang)
    return f"{field.header(lang)}/{key[2]}"


@attrs.define
class Table:
    """The rows of one sheet: ``columns`` (keys) and one list of cells per row."""

    sheet: int
    columns: list[ColumnKey]
    rows: list[list[Cell]]


@attrs.frozen
class RawSheet:
    """A sheet as read: its name, its header cells and its non-empty cells by row.

    ``text_only`` says every cell is text (a CSV file): numbers and booleans are then
    read from their text, and a text cell that starts with ``'`` loses it.
    """

    name: str
    header: tuple[tuple[int, Cell], ...]
    rows: tuple[tuple[int, tuple[tuple[int, Cell], ...]], ...]
    text_only: bool = False


# -- flatten ----------------------------------------------------------------------------


@attrs.frozen
class Loss:
    """A value of a document that the workbook would not give back."""

    file: str
    path: DocumentPath
    message: str


def _get(item: Mapping[str, Any], path: Sequence[str]) -> Any:
    value: Any = item
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def _text_problem(text: str) -> str | None:
    if text == "":
        return "an empty text (a blank cell reads as absent)"
    if _ILLEGAL.search(text):
        return "a control character, which a spreadsheet cell cannot hold"
    if len(text) > MAX_CELL_TEXT:
        return f"more than {MAX_CELL_TEXT} characters, the most a spreadsheet cell holds"
    return None


def _significant_digits(value: int | float) -> int:
    mantissa = repr(abs(value)).split("e")[0].replace(".", "")
    return len(mantissa.strip("0")) if isinstance(value, float) else len(mantissa.rstrip("0"))


def _number_problem(value: int | float) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return "a number that is not finite"
    if _significant_digits(value) > MAX_DIGITS:
        return (
            f"a number with more than {MAX_DIGITS} significant digits, more than a "
            "spreadsheet keeps"
        )
    return None


def _field_cells(
    field: Field, value: Any
) -> tuple[list[tuple[ColumnKey, Cell]], list[tuple[DocumentPath, str]]]:
    """Cells of one field's value (column key tails), and the parts it cannot hold."""
    cells: list[tuple[ColumnKey, Cell]] = []
    problems: list[tuple[DocumentPath, str]] = []
    if field.shape == "multilingual":
        for tag, text in value.items():
            problem = _text_problem(text)
            if problem:
                problems.append(((tag,), problem))
            else:
                cells.append((("m", tag), text))
    elif field.shape == "extensions":
        for key, member in value.items():
            text = json.dumps(member, ensure_ascii=False, allow_nan=False)
            problem = _text_problem(text)
            if problem:
                problems.append(((key,), problem))
            else:
                cells.append((("x", key), text))
    elif field.shape == "list":
        items = [str(v) for v in value]
        for index, text in enumerate(items, 1):
            problem = _text_problem(text) or (
                f"a {field.separator!r} separator" if field.separator in text else None
            )
            if problem is None and text != text.strip():
                problem = "spaces around it (they are trimmed when read)"
            if problem:
                problems.append(((), f"item {index} holds {problem}; the whole list"))
                break
        else:
            if items:
                separator = field.separator + " " if field.separator == ";" else field.separator
                joined = separator.join(items)
                problem = _text_problem(joined)
                if problem:
                    problems.append(((), problem))
                else:
                    cells.append((("f",), joined))
    elif field.shape == "string":
        problem = _text_problem(value)
        if problem:
            problems.append(((), problem))
        else:
            cells.append((("f",), value))
    elif field.shape in ("integer", "number"):
        if isinstance(value, Decimal):
            value = _from_decimal(value)
        problem = (
            _number_problem(value)
            if value is not None
            else "a decimal number with more digits than a spreadsheet keeps"
        )
        if problem:
            problems.append(((), problem))
        else:
            cells.append((("f",), value))
    else:
        cells.append((("f",), value))
    return cells, problems


def _from_decimal(value: Decimal) -> int | float | None:
    """A Decimal as the int or float a cell holds, or None when a float would change it."""
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    return number if Decimal(repr(number)) == value else None


def flatten(
    documents: Sequence[tuple[str, Mapping[str, Any]]], *, languages: Sequence[str] = ()
) -> tuple[list[Table], list[Loss]]:
    """Tables of every sheet (all of them, empty or not) for valid convention documents
    (``(name, document)`` pairs), and everything the tables would not give back.

    ``languages`` are text columns to have even when no document uses them (a
    template's); other languages come in the order the documents first use them.
    """
    rows: list[list[dict[ColumnKey, Cell]]] = [[] for _ in sheets()]
    losses: list[Loss] = []
    order: dict[str, int] = {tag: n for n, tag in enumerate(languages)}
    extra: list[dict[ColumnKey, None]] = [{} for _ in sheets()]
    for name, document in documents:
        _flatten_item(
            0,
            document,
            {},
            position=1,
            rows=rows,
            extra=extra,
            order=order,
            losses=losses,
            name=name,
            path=(),
        )
    tables: list[Table] = []
    for index, sheet in enumerate(sheets()):
        columns: list[ColumnKey] = [("k", a) for a in ancestors(index)]
        if sheet.numbered:
            columns.append(("#",))
        for number, field in enumerate(sheet.fields):
            if field.shape == "multilingual":
                used = {k[2] for k in extra[index] if k[:2] == ("m", number)} | set(languages)
                columns.extend(("m", number, tag) for tag in sorted(used, key=order.__getitem__))
            elif field.shape == "extensions":
                columns.extend(k for k in extra[index] if k[:2] == ("x", number))
            else:
                columns.append(("f", number))
        table = Table(index, columns, [[row.get(c) for c in columns] for row in rows[index]])
        tables.append(table)
    losses.extend(_verify(documents, tables, losses))
    return tables, losses


def _flatten_item(
    index: int,
    item: Mapping[str, Any],
    keys: dict[ColumnKey, Cell],
    *,
    position: int,
    rows: list[list[dict[ColumnKey, Cell]]],
    extra: list[dict[ColumnKey, None]],
    order: dict[str, int],
    losses: list[Loss],
    name: str,
    path: DocumentPath,
) -> None:
    sheet = sheets()[index]
    row: dict[ColumnKey, Cell] = dict(keys)
    if sheet.numbered:
        row[("#",)] = position
    for number, field in enumerate(sheet.fields):
        value = item if sheet.definition == TEXT_DEFINITION else _get(item, field.path)
        if value is None:
            continue
        cells, problems = _field_cells(field, value)
        where = path if sheet.definition == TEXT_DEFINITION else (*path, *field.path)
        losses.extend(Loss(name, (*where, *p), f"{m}; it is left out") for p, m in problems)
        for tail, cell in cells:
            key: ColumnKey = (tail[0], number, *tail[1:])
            if tail[0] == "m":
                order.setdefault(tail[1], len(order))
            if tail[0] in ("m", "x"):
                extra[index].setdefault(key)
            row[key] = cell
    rows[index].append(row)
    own: Cell = item.get("id") if sheet.has_id else position
    for child in (i for i, s in enumerate(sheets()) if s.parent == index):
        relative = sheets()[child].relative
        values = _get(item, relative) or []
        child_keys = {**keys, ("k", index): own}
        for n, sub in enumerate(values, 1):
            _flatten_item(
                child,
                sub,
                child_keys,
                position=n,
                rows=rows,
                extra=extra,
                order=order,
                losses=losses,
                name=name,
                path=(*path, *relative, n - 1),
            )


def _differences(a: Any, b: Any, path: DocumentPath) -> Iterable[DocumentPath]:
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        for key in a.keys() | b.keys():
            if key not in a or key not in b:
                yield (*path, key)
            else:
                yield from _differences(a[key], b[key], (*path, key))
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _differences(x, y, (*path, n))
    elif (
        type(a) is not type(b)
        and not (
            isinstance(a, (int, float))
            and isinstance(b, (int, float))
            and not isinstance(a, bool)
            and not isinstance(b, bool)
        )
    ) or a != b:
        yield path


def _verify(
    documents: Sequence[tuple[str, Mapping[str, Any]]], tables: list[Table], said: list[Loss]
) -> list[Loss]:
    """Rebuild the documents from the tables; say where one would differ (unless
    ``said`` already says it)."""
    raw = [to_raw(t, "en") for t in tables]
    rebuilt, findings, _ = unflatten(raw, file=None)
    by_id = {doc.get("id"): doc for doc in rebuilt}
    losses = [
        Loss("<workbook>", f.path, f.message) for f in findings if f.severity is Severity.ERROR
    ]
    for name, document in documents:
        again = by_id.get(document.get("id"), {})
        known = [loss.path for loss in said if loss.file == name]
        for path in _differences(document, again, ()):
            if not any(path[: len(p)] == p or p[: len(path)] == path for p in known):
                losses.append(Loss(name, path, _lost(_at(document, path))))
    return losses


def _at(document: Any, path: DocumentPath) -> Any:
    value = document
    for key in path:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _lost(value: Any) -> str:
    if value in ({}, []):
        return "an empty object or list: the workbook has no cell for it, so it comes back absent"
    return "this value would not come back from the workbook; it is left out"


def to_raw(table: Table, lang: Lang) -> RawSheet:
    """A table as it reads back from a workbook with headers in ``lang``."""
    header = tuple((n, header_text(table.sheet, c, lang)) for n, c in enumerate(table.columns, 1))
    rows = tuple(
        (r, tuple((n, v) for n, v in enumerate(row, 1) if v is not None))
        for r, row in enumerate(table.rows, 2)
    )
    return RawSheet(sheets()[table.sheet].name(lang), header, rows)


# -- unflatten --------------------------------------------------------------------------


@attrs.frozen
class Place:
    """Where a value of a rebuilt document came from."""

    sheet: str
    row: int
    column: int | None = None
    header: str | None = None


def _headers(index: int) -> tuple[dict[str, ColumnKey], dict[str, int], dict[str, int]]:
    """Header texts (both languages) -> column keys; prefixes of texts and extensions."""
    fixed: dict[str, ColumnKey] = {}
    texts: dict[str, int] = {}
    extensions: dict[str, int] = {}
    sheet = sheets()[index]
    for lang in LANGS:
        for a in ancestors(index):
            fixed[sheets()[a].key_header(lang)] = ("k", a)
        if sheet.numbered:
            fixed[word("number", lang)] = ("#",)
        for number, field in enumerate(sheet.fields):
            if field.shape == "multilingual":
                texts[field.header(lang)] = number
            elif field.shape == "extensions":
                extensions[field.header(lang)] = number
            else:
                fixed[field.header(lang)] = ("f", number)
    return fixed, texts, extensions


def _sheet_index(name: str) -> int | None:
    wanted = name.strip().casefold()
    for index, sheet in enumerate(sheets()):
        if wanted in (sheet.name(lang).casefold() for lang in LANGS):
            return index
    return None


class _Builder:
    def __init__(self, file: str | None) -> None:
        self.file = file
        self.findings: list[SheetFinding] = []
        self.documents: list[dict[str, Any]] = []
        self.places: dict[tuple[int, DocumentPath], Place] = {}
        #: (sheet, keys) -> (item, document number, path)
        self.index: dict[tuple[int, tuple[Cell, ...]], tuple[Any, int, DocumentPath]] = {}
        self.ordinals: dict[tuple[int, tuple[Cell, ...]], int] = {}

    def say(
        self, rule: str, message: str, *where: Any, severity: Severity = Severity.ERROR
    ) -> None:
        """A finding at ``where``: sheet, row, column, header (as far as known)."""
        self.findings.append(SheetFinding(rule, severity, message, self.file, *where))


def unflatten(
    raw: Sequence[RawSheet], *, file: str | None
) -> tuple[list[dict[str, Any]], list[SheetFinding], dict[tuple[int, DocumentPath], Place]]:
    """Documents from sheets read from a workbook, findings about the sheets, and where
    each value of each document came from (document number, path) -> place."""
    b = _Builder(file)
    known: dict[int, RawSheet] = {}
    for sheet in raw:
        index = _sheet_index(sheet.name)
        if index is None:
            if sheet.name != "_codelists":
                names = [s.name(lang) for s in sheets() for lang in LANGS]
                close = _close(sheet.name, names)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                b.say(
                    "workbook.sheet",
                    f"this sheet is not part of the format and is ignored{hint}",
                    sheet.name,
                    severity=Severity.WARNING,
                )
            continue
        if index in known:
            b.say(
                "workbook.sheet",
                f"a second sheet for {sheets()[index].name('en')!r} (already read from "
                f"{known[index].name!r}); merge the two",
                sheet.name,
            )
            continue
        known[index] = sheet
    for index in sorted(known):
        _read_sheet(b, index, known[index])
    return b.documents, b.findings, b.places


def _close(text: str, options: list[str]) -> list[str]:
    """The known name closest to ``text`` (none for a text too long to be a name)."""
    return difflib.get_close_matches(text, options, n=1) if len(text) <= 100 else []


def _columns(b: _Builder, index: int, sheet: RawSheet) -> dict[int, tuple[ColumnKey, str]]:
    fixed, texts, extensions = _headers(index)
    columns: dict[int, tuple[ColumnKey, str]] = {}
    seen: dict[ColumnKey, int] = {}
    data_columns = {c for _, cells in sheet.rows for c, _ in cells}
    for column, value in sheet.header:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not isinstance(value, str):
            b.say("workbook.header", "a header must be text", sheet.name, 1, column)
            continue
        text = value.strip()
        key = fixed.get(text)
        if key is None and "/" in text:
            base, tail = text.rsplit("/", 1)
            if base in texts and LANGUAGE_TAG.match(tail):
                key = ("m", texts[base], tail)
            elif base in extensions and EXTENSION_KEY.match(tail):
                key = ("x", extensions[base], tail)
        if key is None:
            options = list(fixed) + [f"{p}/fr" for p in texts] + [f"{p}/NS:KEY" for p in extensions]
            close = _close(text, options)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            b.say(
                "workbook.header",
                f"unknown column {text!r}{hint} (a text column is FIELD/LANGUAGE, like "
                "title/fr; an extension column is extensions/NAMESPACE:KEY)",
                sheet.name,
                1,
                column,
            )
            continue
        if key in seen:
            b.say(
                "workbook.header",
                f"column {text!r} is already column {column_letter(seen[key])}",
                sheet.name,
                1,
                column,
            )
            continue
        seen[key] = column
        columns[column] = (key, text)
    for column in sorted(
        data_columns - set(columns) - {c for c, v in sheet.header if v not in (None, "")}
    ):
        b.say(
            "workbook.header",
            "this column holds values but has no header; give it one or clear it",
            sheet.name,
            1,
            column,
        )
    if sheet.rows:
        for a in ancestors(index):
            if ("k", a) not in seen:
                b.say(
                    "workbook.header",
                    f"the column {sheets()[a].key_header('en')!r} is missing: it says which "
                    f"row of sheet {sheets()[a].name('en')!r} each row belongs to",
                    sheet.name,
                    1,
                )
        if sheets()[index].has_id and ("f", _field_number(index, "id")) not in seen:
            b.say("workbook.header", "the column 'id' is missing", sheet.name, 1)
    return columns


def _field_number(index: int, name: str) -> int:
    return next(n for n, f in enumerate(sheets()[index].fields) if f.path == (name,))


def _read_sheet(b: _Builder, index: int, sheet: RawSheet) -> None:
    spec = sheets()[index]
    columns = _columns(b, index, sheet)
    if any(f.sheet == sheet.name and f.row == 1 and f.column is None for f in b.findings):
        return  # a key column is missing: no row can be placed
    id_field = _field_number(index, "id") if spec.has_id else None
    for row_number, cells in sheet.rows:
        values: dict[ColumnKey, tuple[int, Cell]] = {}
        for at, content in cells:
            if at in columns and content is not None and content != "":
                values[columns[at][0]] = (at, content)
        # A numbered row with keys only stands for an item whose values are all in
        # other sheets (a suspension with only its decisions): it is kept.
        if not any(k[0] in ("f", "m", "x") for k in values) and not (
            spec.numbered and ("#",) in values
        ):
            if values:
                b.say(
                    "workbook.row",
                    "this row has keys but no values; it is skipped",
                    sheet.name,
                    row_number,
                    severity=Severity.WARNING,
                )
            continue
        keys: list[Cell] = []
        ok = True
        for a in ancestors(index):
            found = values.get(("k", a))
            column: int | None = found[0] if found else None
            value: Cell = found[1] if found else None
            header = columns[column][1] if column is not None else None
            key = _key(b, value, sheets()[a].has_id, (sheet.name, row_number, column, header))
            if key is None:
                if value is None:
                    b.say(
                        "workbook.key",
                        f"the row does not say which row of sheet {sheets()[a].name('en')!r} "
                        f"it belongs to: fill in {sheets()[a].key_header('en')!r}",
                        sheet.name,
                        row_number,
                    )
                ok = False
                break
            keys.append(key)
        if not ok:
            continue
        parent = spec.parent
        holder: tuple[Any, int, DocumentPath] | None = None
        if parent is not None:
            holder = b.index.get((parent, tuple(keys)))
            if holder is None:
                column = values[("k", parent)][0]
                b.say(
                    "workbook.key",
                    f"no row of sheet {sheets()[parent].name('en')!r} has "
                    f"{sheets()[parent].key_header('en')} {keys[-1]!r}"
                    + (f" in convention {keys[0]!r}" if len(keys) > 1 else ""),
                    sheet.name,
                    row_number,
                    column,
                    columns[column][1],
                )
                continue
        item: dict[str, Any] = {}
        places: dict[DocumentPath, Place] = {}
        for column_key, (column, value) in values.items():
            if column_key[0] in ("k", "#"):
                continue
            field = spec.fields[column_key[1]]
            header = columns[column][1]
            parsed = _parse(b, field, column_key, value, sheet, (row_number, column, header))
            if parsed is _BAD:
                continue
            where: tuple[str, ...] = () if spec.definition == TEXT_DEFINITION else field.path
            if column_key[0] in ("m", "x"):
                where = (*where, column_key[2])
            _put(item, where, parsed)
            places[where] = Place(sheet.name, row_number, column, header)
        # Whose row is this: its id, its number, or its place among its parent's rows.
        parent_keys = tuple(keys)
        if spec.has_id:
            own: Cell = item.get("id") if id_field is not None else None
            if not isinstance(own, str):
                b.say("workbook.key", "the row has no id", sheet.name, row_number)
                continue
        else:
            own = b.ordinals.get((index, parent_keys), 0) + 1
            b.ordinals[(index, parent_keys)] = own
            if ("#",) in values:
                column, value = values[("#",)]
                number = _key(b, value, False, (sheet.name, row_number, column, columns[column][1]))
                if number is None:
                    continue
                own = number
        if (index, (*parent_keys, own)) in b.index and (spec.has_id or spec.numbered):
            b.say(
                "workbook.key",
                f"{spec.key_header('en')} {own!r} is given to two rows"
                + (f" of convention {keys[0]!r}" if keys else ""),
                sheet.name,
                row_number,
            )
            continue
        path: DocumentPath
        if holder is None:
            b.documents.append(item)
            number, path = len(b.documents) - 1, ()
        else:
            container, number, base = holder
            array = _array(container, spec.relative)
            path = (*base, *spec.relative, len(array))
            array.append(item)
        b.index[(index, (*parent_keys, own))] = (item, number, path)
        b.places[(number, path)] = Place(sheet.name, row_number)
        for below, place in places.items():
            b.places[(number, (*path, *below))] = place


def _array(container: dict[str, Any], relative: tuple[str, ...]) -> list[Any]:
    node = container
    for key in relative[:-1]:
        node = node.setdefault(key, {})
    array: list[Any] = node.setdefault(relative[-1], [])
    return array


def _put(item: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = item
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def _key(b: _Builder, value: Cell, is_id: bool, where: tuple[Any, ...]) -> Cell:
    """A key cell's value (an id, or a row number from 1), or None after a finding."""
    if value is None:
        return None
    if is_id:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            b.say("workbook.type", "an id must be text", *where)
            return None
        return str(value).strip()
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        b.say("workbook.type", "a row number must be a whole number from 1", *where)
        return None
    return value


_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")
#: What ``_parse`` returns for a cell it could not read (None is a JSON value: null).
_BAD: Final = object()


def _parse(  # noqa: PLR0917 - one cell: where it is, what it holds, what it must be
    b: _Builder, field: Field, key: ColumnKey, value: Cell, sheet: RawSheet, where: tuple[Any, ...]
) -> Any:
    """The JSON value of one cell for ``field``, or ``_BAD`` after a finding."""

    def bad(message: str, severity: Severity = Severity.ERROR) -> None:
        b.say("workbook.type", message, sheet.name, *where, severity=severity)

    if (
        sheet.text_only
        and isinstance(value, str)
        and value.startswith("'")
        and value[1:].startswith(_FORMULA_START)
    ):
        value = value[1:]  # the mark that kept a spreadsheet from reading a formula
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        if (
            field.definition == "Date"
            and isinstance(value, dt.datetime)
            and value.time() == dt.time(0)
        ):
            bad(
                "a date cell: it was read as "
                f"{value.date().isoformat()}; format the column as text so that dates "
                "stay as typed (2025, 2025-03, 2025-03-14~)",
                Severity.WARNING,
            )
            return value.date().isoformat()
        bad("a date or time cell; type the value as text (format the cell as Text)")
        return _BAD
    shape = "string" if key[0] == "m" else field.shape
    if key[0] == "x":
        if isinstance(value, str):
            try:
                return json.loads(value, parse_constant=_no_constant)
            except ValueError:
                bad(
                    "an extension cell holds a JSON value: text in double quotes "
                    '("like this"), a number, true, false, null, a list or an object'
                )
                return _BAD
        return value
    if shape == "string":
        if isinstance(value, bool):
            bad("expected text, found a true/false cell")
            return _BAD
        if isinstance(value, int):
            bad(
                f"a number cell where text is expected; read as {value}: format the column "
                "as text so that codes keep their leading zeros",
                Severity.WARNING,
            )
            return str(value)
        if isinstance(value, float):
            bad("a number cell where text is expected; format the column as text and retype it")
            return _BAD
        return value
    if shape == "list":
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            bad(
                "expected a list of values separated by "
                + ("';'" if field.separator == ";" else "line breaks")
            )
            return _BAD
        text = str(int(value)) if isinstance(value, (int, float)) else str(value)
        items = [part.strip() for part in text.split(field.separator) if part.strip()]
        if field.item_type == "integer":
            out: list[Any] = []
            for part in items:
                if not _INTEGER.match(part):
                    bad(f"{part!r} is not a whole number")
                    return _BAD
                out.append(int(part))
            return out
        return items
    if shape == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().casefold() in _TRUE | _FALSE:
            return value.strip().casefold() in _TRUE
        bad("expected true or false")
        return _BAD
    # integer or number
    if isinstance(value, bool):
        bad("expected a number, found a true/false cell")
        return _BAD
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER.match(text):
            hint = (
                " (write decimals with a point: 2500.5)"
                if re.match(r"^-?[0-9]+,[0-9]+$", text)
                else ""
            )
            bad(f"expected a number{hint}")
            return _BAD
        number: int | float = int(text) if _INTEGER.match(text) else float(text)
    else:
        assert isinstance(value, (int, float))
        number = value
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        number = int(number)
    if shape == "integer" and not isinstance(number, int):
        bad("expected a whole number")
        return _BAD
    return number


def _no_constant(name: str) -> Any:
    raise ValueError(name)
