"""Conventions as spreadsheets, both ways (``flatten``, ``unflatten``, ``new --workbook``).

* ``flatten_files`` reads convention files into tables (one per kind of object, see
  ``_mapping``), saying what the tables would not give back;
* ``workbook_bytes`` / ``csv_files`` write the tables as an XLSX workbook or as CSV;
* ``read_workbook`` turns an XLSX file or a folder of CSV files back into documents,
  checks them with the normal validation, and places every finding at a sheet, row
  and column.

openpyxl is an optional dependency (the ``spreadsheets`` extra); without it, reading
and writing XLSX raise :class:`MissingExtra` with the command to install it. CSV
needs nothing more.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from citydiplomacy._base._report import DocumentPath, Severity, format_path
from citydiplomacy._batch._engine import collect
from citydiplomacy._batch._portfolio import expand
from citydiplomacy._checking._check import check_document, read_path_and_check
from citydiplomacy._checking._config import DEFAULT_INCLUDE
from citydiplomacy._checking._schema import schema
from citydiplomacy._outputs._spreadsheet._flat import (
    Loss,
    Place,
    SheetFinding,
    Table,
    flatten,
    unflatten,
)
from citydiplomacy._outputs._spreadsheet._mapping import ROOT_DEFINITION, TEXT_DEFINITION, Lang
from citydiplomacy._outputs._spreadsheet._xlsx import (
    EXTRA_HINT,
    MAX_FILE_BYTES,
    MissingExtra,
    read_csv_folder,
    read_xlsx,
    write_csv,
    write_xlsx,
)

__all__ = [
    "EXTRA_HINT",
    "TEMPLATE_LANGUAGES",
    "Flattened",
    "Loss",
    "MissingExtra",
    "SheetFinding",
    "Unflattened",
    "csv_files",
    "flatten_files",
    "ordered",
    "read_workbook",
    "template_tables",
    "workbook_bytes",
]

#: Findings reported at most for one workbook (a hostile one could make millions).
MAX_FINDINGS = 1000

#: Text columns of a blank template.
TEMPLATE_LANGUAGES = ("fr", "en")


@attrs.frozen
class Flattened:
    """Tables of the conventions read, with what was left out and why.

    ``problems`` are paths that could not be read at all (name, message); ``skipped``
    files that are not valid conventions, or repeat an id (name, message); ``losses``
    values of the files read that the tables do not hold.
    """

    tables: tuple[Table, ...]
    files: int
    problems: tuple[tuple[str, str], ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()
    losses: tuple[Loss, ...] = ()


def flatten_files(paths: Sequence[str]) -> Flattened:
    """Read the convention files under ``paths`` (files, folders, glob patterns) and
    flatten the valid ones."""
    arguments, problems = expand(list(paths))
    targets, found = collect(arguments, DEFAULT_INCLUDE)
    problems.extend((p.name, p.message) for p in found if not p.note)
    documents: list[tuple[str, Mapping[str, Any]]] = []
    skipped: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for target in targets:
        if target.path is None:
            skipped.append((target.name, "standard input is not read by flatten; give a file"))
            continue
        try:
            document, report, _ = read_path_and_check(target.path)
        except OSError as exc:
            problems.append((target.name, str(exc.strerror or exc)))
            continue
        if document is None or not report.valid or not isinstance(document, Mapping):
            skipped.append(
                (target.name, "not a valid convention; run citydiplomacy validate on it")
            )
            continue
        ident = str(document.get("id"))
        if ident in seen:
            skipped.append((target.name, f"its id {ident!r} is already the id of {seen[ident]}"))
            continue
        seen[ident] = target.name
        documents.append((target.name, document))
    tables, losses = flatten(documents)
    return Flattened(tuple(tables), len(documents), tuple(problems), tuple(skipped), tuple(losses))


def template_tables(languages: Sequence[str] = TEMPLATE_LANGUAGES) -> tuple[Table, ...]:
    """Empty tables of every sheet, with text columns for ``languages``."""
    return tuple(flatten([], languages=languages)[0])


def workbook_bytes(tables: Sequence[Table], lang: Lang, *, template: bool = False) -> bytes:
    """The XLSX bytes of ``tables`` with headers in ``lang`` (needs openpyxl)."""
    return write_xlsx(tables, lang, template=template)


def csv_files(tables: Sequence[Table], lang: Lang) -> dict[str, bytes]:
    """One CSV file (name -> bytes) per table, headers in ``lang``."""
    return write_csv(tables, lang)


@attrs.frozen
class Unflattened:
    """Documents rebuilt from a workbook, and every finding placed in the workbook."""

    documents: tuple[dict[str, Any], ...]
    findings: tuple[SheetFinding, ...]

    @property
    def errors(self) -> tuple[SheetFinding, ...]:
        """Findings of severity ``error``."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)


def read_workbook(path: str) -> Unflattened:
    """Read an XLSX workbook (or a folder of CSV files), rebuild its conventions and check
    them; ``OSError`` only when the file cannot be read at all."""
    name = os.fspath(path)
    if os.path.isdir(name):
        raw, findings = read_csv_folder(name)
    else:
        size = os.stat(name).st_size
        if size > MAX_FILE_BYTES:
            raw = []
            findings = [
                SheetFinding(
                    "workbook.too-large",
                    Severity.ERROR,
                    f"the file has {size // (1024 * 1024)} MB, more than the "
                    f"{MAX_FILE_BYTES // (1024 * 1024)} MB read; split it",
                    name,
                )
            ]
        else:
            with open(name, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            raw, findings = read_xlsx(data, name)
    documents, built, places = unflatten(raw, file=name)
    findings = [*findings, *built]
    for number, document in enumerate(documents):
        report = check_document(document)
        for finding in report.findings:
            place = _place(places, number, finding.path)
            findings.append(
                SheetFinding(
                    finding.rule,
                    finding.severity,
                    f"convention {document.get('id')!r} at {_path_text(finding.path)}: "
                    f"{finding.message}",
                    name,
                    place.sheet if place else None,
                    place.row if place else None,
                    place.column if place else None,
                    place.header if place else None,
                    finding.path,
                )
            )
    if len(findings) > MAX_FINDINGS:
        more = len(findings) - MAX_FINDINGS
        findings = [
            *findings[:MAX_FINDINGS],
            SheetFinding(
                "workbook.too-many-findings",
                Severity.ERROR
                if any(f.severity is Severity.ERROR for f in findings)
                else Severity.WARNING,
                f"{more} more finding(s) not shown; fix these first",
                name,
            ),
        ]
    return Unflattened(tuple(ordered(d) for d in documents), tuple(findings))


def _path_text(path: DocumentPath) -> str:

    return format_path(path)


def _place(
    places: Mapping[tuple[int, DocumentPath], Place], number: int, path: DocumentPath
) -> Place | None:
    """Where the longest known prefix of ``path`` came from."""
    for end in range(len(path), -1, -1):
        place = places.get((number, path[:end]))
        if place is not None:
            return place
    return None


def ordered(document: Mapping[str, Any]) -> dict[str, Any]:
    """A rebuilt document with its keys in the schema's order (as files are written)."""
    out: dict[str, Any] = _ordered(document, ROOT_DEFINITION)
    return out


def _ordered(value: Any, definition: str | None) -> Any:
    defs: Mapping[str, Any] = schema()["$defs"]
    if isinstance(value, list):
        return [_ordered(v, definition) for v in value]
    if not isinstance(value, Mapping) or definition is None or definition == TEXT_DEFINITION:
        return value
    properties: Mapping[str, Any] = defs.get(definition, {}).get("properties", {})
    if not properties:
        return dict(value)
    out: dict[str, Any] = {}
    for key, node in properties.items():
        if key in value:
            target = node.get("items", node) if node.get("type") == "array" else node
            ref = target.get("$ref")
            out[key] = _ordered(value[key], ref.rsplit("/", 1)[-1] if ref else None)
    for key in value:
        out.setdefault(key, value[key])
    return out
