"""Tables as text, JSON, CSV and Markdown, with document text escaped for each.

* text: aligned columns for a terminal, every cell through :func:`human` (one line,
  no control sequence);
* JSON: ``{"format", "title", "notes", "columns", "rows": [{column: value}]}``,
  numbers as JSON numbers (amounts as decimal strings, never rounded);
* CSV: a header row then the rows; a text cell that a spreadsheet would take for a
  formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
  prefixed with ``'``; notes are left out (they go to standard error);
* Markdown: a table with ``|``, ``\\``, backticks, ``*``, ``_``, ``[``, ``]``, ``<``,
  ``>``, ``#`` and the other characters Markdown acts on escaped, and newlines
  shown as ``\\n`` (via :func:`human`).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any, Final

from citydiplomacy._base._text import display_name, human, json_text
from citydiplomacy._batch._portfolio_questions import Cell, Table

FORMATS: Final = ("text", "json", "csv", "markdown")
FORMAT_ID: Final = "citydiplomacy-portfolio/1"

_FORMULA: Final = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN: Final = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")


def _plain(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def csv_cell(value: Cell) -> str:
    """A cell for CSV (and spreadsheets): text that would start a formula gets a
    leading ``'``; numbers are written as they are."""
    text = _plain(value)
    if isinstance(value, str) and text.startswith(_FORMULA):
        return "'" + text
    return text


def markdown_cell(value: Cell) -> str:
    """A cell for a Markdown table: one line, Markdown's special characters escaped."""
    return _MARKDOWN.sub(r"\\\1", human(_plain(value)))


def _json_value(value: Cell) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return display_name(value)
    return value


def render(table: Table, fmt: str) -> str:
    """The table in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return json_text(
            {
                "format": FORMAT_ID,
                "title": table.title,
                "notes": [display_name(n) for n in table.notes],
                "columns": list(table.columns),
                "rows": [
                    {c: _json_value(v) for c, v in zip(table.columns, row, strict=True)}
                    for row in table.rows
                ],
            }
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([csv_cell(v) for v in row] for row in table.rows)
        return out.getvalue()
    if fmt == "markdown":
        lines = [f"## {markdown_cell(table.title)}", ""]
        lines.append("| " + " | ".join(markdown_cell(c) for c in table.columns) + " |")
        lines.append("| " + " | ".join("---" for _ in table.columns) + " |")
        lines.extend("| " + " | ".join(markdown_cell(v) for v in row) + " |" for row in table.rows)
        lines.append("")
        lines.extend(f"- {markdown_cell(n)}" for n in table.notes)
        return "\n".join(lines) + "\n"
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    cells = [list(table.columns)] + [[human(_plain(v)) or "-" for v in row] for row in table.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.columns))]
    lines = [human(table.title)]
    for row in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    if not table.rows:
        lines.append("(none)")
    lines.extend(f"note: {human(n)}" for n in table.notes)
    return "\n".join(lines) + "\n"
