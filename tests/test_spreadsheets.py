"""Spreadsheets both ways: flatten to XLSX or CSV, unflatten back, the blank template,
and hostile workbooks that get findings instead of tracebacks."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl.utils import get_column_letter

import citydiplomacy as cd
import citydiplomacy._outputs._spreadsheet as spreadsheet
from citydiplomacy._checking._check import read_path_and_check
from citydiplomacy._checking._schema import schema
from citydiplomacy._cli import run
from citydiplomacy._outputs._spreadsheet import (
    MissingExtra,
    _xlsx,
    csv_files,
    flatten_files,
    read_workbook,
    template_tables,
    workbook_bytes,
)
from citydiplomacy._outputs._spreadsheet._flat import flatten, header_text, unflatten
from citydiplomacy._outputs._spreadsheet._labels import FRENCH
from citydiplomacy._outputs._spreadsheet._mapping import (
    LANGS,
    key_headers,
    mapped_properties,
    sheets,
)

from . import strategies
from .conftest import EXAMPLES

FILES = sorted([*EXAMPLES.glob("*.yaml"), *(EXAMPLES / "real").glob("*.yaml")])

#: Schema properties a workbook does not represent: none. (Comments, key order and
#: empty lists or objects are not properties; docs/spreadsheets.md lists them.)
NOT_REPRESENTED: frozenset[tuple[str, str]] = frozenset()


def cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def document(path: Path) -> dict[str, Any]:
    doc, report, _ = read_path_and_check(path)
    assert report.valid
    assert isinstance(doc, dict)
    return doc


def pruned(value: Any) -> Any:
    """``value`` without empty objects and lists (which a workbook has no cell for),
    except inside extension members (a cell holds their JSON whole)."""
    if isinstance(value, dict):
        out = {k: v if k == "extensions" else pruned(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in ({}, [])}
    if isinstance(value, list):
        return [pruned(v) for v in value]
    return value


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


# -- the mapping --------------------------------------------------------------------


def test_every_schema_property_is_mapped_or_listed_as_not_represented() -> None:
    everything = {
        (name, key)
        for name, node in schema()["$defs"].items()
        for key in node.get("properties", {})
    }
    assert everything - mapped_properties() == NOT_REPRESENTED
    assert mapped_properties() <= everything


def test_every_property_has_a_french_header_word_distinct_within_its_object() -> None:
    for name, node in schema()["$defs"].items():
        keys = list(node.get("properties", {}))
        assert set(keys) <= set(FRENCH), (name, set(keys) - set(FRENCH))
        words = [FRENCH[k] for k in keys]
        assert len(set(words)) == len(words), name


@pytest.mark.parametrize("lang", LANGS)
def test_sheet_names_fit_excel_and_headers_are_unique(lang: str) -> None:
    names = [s.name(lang) for s in sheets()]  # type: ignore[arg-type]
    assert len(set(names)) == len(names)
    for name in names:
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
    for table in template_tables(("fr", "en")):
        raw = [h for _, h in _headers(table, lang)]
        assert len(set(raw)) == len(raw), raw
    assert key_headers(0, lang) == []  # type: ignore[arg-type]


def _headers(table: Any, lang: str) -> list[tuple[int, str]]:
    return [(n, header_text(table.sheet, c, lang)) for n, c in enumerate(table.columns)]  # type: ignore[arg-type]


# -- round trips ----------------------------------------------------------------------


def test_every_example_flattens_without_loss() -> None:
    flat = flatten_files([str(f) for f in FILES])
    assert flat.problems == ()
    assert flat.skipped == ()
    assert flat.losses == ()
    assert flat.files == len(FILES)


@pytest.mark.parametrize("lang", LANGS)
def test_every_example_round_trips_through_a_workbook(tmp_path: Path, lang: str) -> None:
    flat = flatten_files([str(f) for f in FILES])
    book = tmp_path / "book.xlsx"
    book.write_bytes(workbook_bytes(flat.tables, lang))  # type: ignore[arg-type]
    back = read_workbook(str(book))
    assert back.findings == ()
    by_id = {d["id"]: d for d in back.documents}
    for path in FILES:
        original = document(path)
        assert by_id[original["id"]] == original, path


@pytest.mark.parametrize("lang", LANGS)
def test_every_example_round_trips_through_csv_files(tmp_path: Path, lang: str) -> None:
    flat = flatten_files([str(f) for f in FILES])
    for name, data in csv_files(flat.tables, lang).items():  # type: ignore[arg-type]
        assert data.startswith(b"\xef\xbb\xbf")
        (tmp_path / name).write_bytes(data)
    back = read_workbook(str(tmp_path))
    assert back.findings == ()
    by_id = {d["id"]: d for d in back.documents}
    assert [by_id[document(p)["id"]] for p in FILES] == [document(p) for p in FILES]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.conventions())
def test_generated_conventions_round_trip_through_a_workbook(convention: cd.Convention) -> None:
    doc = cd.to_document(convention)
    tables, losses = flatten([("generated", doc)])
    # An empty object or list is the one thing said lost; nothing else is.
    for loss in losses:
        assert "empty object or list" in loss.message
        assert _at(doc, loss.path) in ({}, [])
    data = workbook_bytes(tables, "fr")
    raw, findings = _xlsx.read_xlsx(data, "generated.xlsx")
    assert findings == []
    documents, built, _ = unflatten(raw, file="generated.xlsx")
    assert built == []
    assert len(documents) == 1
    # Equal as JSON (the order of languages within one text follows the columns).
    assert documents[0] == pruned(doc)
    assert cd.validate_document(documents[0]).valid


def test_an_item_whose_values_are_all_in_other_sheets_comes_back() -> None:
    # A suspension that states only the parties' decisions has no cell of its own in
    # the suspensions sheet: its row of keys must still carry its decisions back.
    doc = document(EXAMPLES / "grenoble-tiznit.yaml")
    doc.setdefault("term", {})["suspensions"] = [
        {"decisions": [{"party": "grenoble", "date": "2026"}]}
    ]
    tables, losses = flatten([("g.yaml", doc)])
    assert losses == []
    raw, findings = _xlsx.read_xlsx(workbook_bytes(tables, "en"), "g.xlsx")
    assert findings == []
    documents, built, _ = unflatten(raw, file="g.xlsx")
    assert built == []
    assert documents == [pruned(doc)]


def test_a_value_that_no_cell_holds_is_reported_not_lost_silently() -> None:
    doc = document(EXAMPLES / "grenoble-tiznit.yaml")
    doc["parties"][0]["heads"] = [{"name": "A", "name_variants": ["B\nC"]}]
    doc["total_budget"] = {"amount": 1234567890123456789, "currency": "EUR"}
    doc["action_count"] = {"value": Decimal("0.1000000000000000055511151231257827")}
    _, losses = flatten([("g.yaml", doc)])
    said = {loss.path: loss.message for loss in losses}
    assert "item 1 holds" in said[("parties", 0, "heads", 0, "name_variants")]
    assert "15 significant digits" in said[("total_budget", "amount")]
    assert "decimal number" in said[("action_count", "value")]
    assert len(losses) == 3


def test_dates_and_codes_are_text_cells_and_formulas_stay_text(tmp_path: Path) -> None:
    doc = document(EXAMPLES / "grenoble-tiznit.yaml")
    doc["summary"] = {"fr": '=HYPERLINK("http://x")'}
    tables, losses = flatten([("g.yaml", doc)])
    assert losses == []
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tables, "en")))
    ws = book["conventions"]
    headers = {c.value: c for c in ws[1]}
    row = {h: ws.cell(2, int(c.column or 0)) for h, c in headers.items()}
    assert row["signature/date"].data_type == "s"
    assert row["signature/date"].number_format == "@"
    assert row["summary/fr"].data_type == "s"
    assert row["summary/fr"].value == doc["summary"]["fr"]
    for name, data in csv_files(tables, "en").items():
        (tmp_path / name).write_bytes(data)
    assert "'=HYPERLINK" in (tmp_path / "conventions.csv").read_text("utf-8-sig")
    back = read_workbook(str(tmp_path))
    assert back.documents[0]["summary"] == doc["summary"]


# -- the template -----------------------------------------------------------------------


def test_new_workbook_writes_a_template_with_drop_downs_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    code, _, err = cli("new", "--workbook", "-o", path, "--lang", "fr")
    assert code == 0, err
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "conventions"
    assert book["_codelists"].sheet_state == "hidden"
    ws = book["actions"]
    headers = {c.value: c for c in ws[1]}
    assert {"conventions:id", "id", "titre/fr", "titre/en", "statut"} <= set(headers)
    note = headers["statut"].comment
    assert note is not None
    assert "Where the action stands" in note.text
    validations = ws.data_validations.dataValidation
    status = get_column_letter(int(headers["statut"].column or 0))
    assert any(str(v.sqref).startswith(f"{status}2") and v.type == "list" for v in validations)
    # Every code of the closed codelist is in the drop-down's range.
    formula = next(v.formula1 for v in validations if str(v.sqref).startswith(f"{status}2"))
    column = formula.split("!")[1].split(":")[0].strip("$")[0]
    codes = [c.value for c in book["_codelists"][column][1:] if c.value]
    assert codes == [s.value for s in cd.ActionStatus]
    assert read_workbook(str(path)).findings == ()
    code, _, err = cli("new", "--workbook", "-o", path)
    assert code == 2
    assert "--force" in err


def test_new_workbook_needs_an_xlsx_output() -> None:
    code, _, err = cli("new", "--workbook")
    assert code == 2
    assert "-o BOOK.xlsx" in err


def test_a_filled_template_becomes_convention_files(tmp_path: Path) -> None:
    blank = tmp_path / "blank.xlsx"
    assert cli("new", "--workbook", "-o", blank)[0] == 0
    book = openpyxl.load_workbook(blank)

    def fill(sheet: str, values: dict[str, Any]) -> None:
        ws = book[sheet]
        headers = {c.value: c.column for c in ws[1]}
        row = ws.max_row + 1 if ws.max_row > 1 else 2
        for header, value in values.items():
            ws.cell(row, int(headers[header] or 0), value)

    fill("conventions", {"id": "a-b-2025", "schema_version": "1.1", "kind": "framework_convention"})
    fill(
        "parties", {"conventions:id": "a-b-2025", "id": "a", "name/fr": "Ville A", "country": "FR"}
    )
    fill(
        "parties", {"conventions:id": "a-b-2025", "id": "b", "name/fr": "Ville B", "country": "MA"}
    )
    fill(
        "parties.identifiers",
        {"conventions:id": "a-b-2025", "parties:id": "a", "scheme": "insee_cog", "value": 38185},
    )
    book.save(blank)
    out = tmp_path / "out"
    code, stdout, err = cli("unflatten", blank, "-o", out)
    assert code == 0, stdout + err
    assert "number cell where text is expected" in stdout  # 38185 typed as a number
    loaded = cd.load(out / "a-b-2025.convention.yaml")
    assert [p.id for p in loaded.parties] == ["a", "b"]
    assert loaded.parties[0].identifiers[0].value == "38185"


# -- findings placed in the workbook -------------------------------------------------------


def _book(sheets_rows: dict[str, list[list[Any]]]) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for name, rows in sheets_rows.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    return book


def _read(
    tmp_path: Path, book: openpyxl.Workbook
) -> list[tuple[str, str | None, int | None, int | None]]:
    path = tmp_path / "hostile.xlsx"
    book.save(path)
    result = read_workbook(str(path))
    return [(f.rule, f.sheet, f.row, f.column) for f in result.findings]


MINIMAL = [["id", "schema_version"], ["x-2025", "1.1"]]
PARTIES = [["conventions:id", "id", "name/fr"], ["x-2025", "a", "A"], ["x-2025", "b", "B"]]


def test_validation_findings_point_at_the_cell(tmp_path: Path) -> None:
    book = _book(
        {
            "conventions": [["id", "schema_version", "kind"], ["x-2025", "1.1", "treaty"]],
            "parties": PARTIES,
            "actions": [
                ["conventions:id", "id", "title/en", "lead_party"],
                ["x-2025", "t", "T", "nobody"],
            ],
        }
    )
    found = _read(tmp_path, book)
    assert ("schema.enum", "conventions", 2, 3) in found
    assert any(f[1:] == ("actions", 2, 4) for f in found), found


def test_formulas_merged_cells_and_wrong_types_are_findings(tmp_path: Path) -> None:
    book = _book(
        {
            "conventions": [
                ["id", "schema_version", "title_descriptive"],
                ["x-2025", "1.1", "maybe"],
            ],
            "parties": PARTIES,
            "axes": [
                ["conventions:id", "id", "title/fr", "priority"],
                ["x-2025", "ax", "=1+1", "high"],
            ],
        }
    )
    ws = book["parties"]
    ws.append(["x-2025", "c", "C"])
    ws.merge_cells("C4:D4")
    found = _read(tmp_path, book)
    assert ("workbook.type", "conventions", 2, 3) in found
    assert ("workbook.formula", "axes", 2, 3) in found
    assert ("workbook.type", "axes", 2, 4) in found
    assert ("workbook.merged", "parties", 4, 3) in found


def test_keys_that_point_nowhere_unknown_columns_and_sheets(tmp_path: Path) -> None:
    book = _book(
        {
            "conventions": [["id", "schema_version", "titel/fr"], ["x-2025", "1.1", "T"]],
            "parties": [*PARTIES, ["y-2025", "c", "C"], [None, "d", "D"]],
            "parties.identifiers": [
                ["conventions:id", "parties:id", "scheme", "value"],
                ["x-2025", "zz", "wikidata", "Q1"],
            ],
            "Feuil1": [["anything"]],
        }
    )
    found = _read(tmp_path, book)
    assert ("workbook.header", "conventions", 1, 3) in found
    assert ("workbook.key", "parties", 4, 1) in found
    assert ("workbook.key", "parties", 5, None) in found
    assert ("workbook.key", "parties.identifiers", 2, 2) in found
    assert ("workbook.sheet", "Feuil1", None, None) in found


def test_a_date_cell_is_read_as_its_day_with_a_warning(tmp_path: Path) -> None:
    book = _book(
        {
            "conventions": [
                ["id", "schema_version", "signature/date"],
                ["x-2025", "1.1", dt.datetime(2025, 3, 14)],
            ],
            "parties": PARTIES,
        }
    )
    path = tmp_path / "d.xlsx"
    book.save(path)
    result = read_workbook(str(path))
    assert result.errors == ()
    assert result.documents[0]["signature"] == {"date": "2025-03-14"}
    assert [f.rule for f in result.findings] == ["workbook.type"]


def test_not_a_workbook_and_zip_bombs_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"id,name\n")
    assert [f.rule for f in read_workbook(str(path)).findings] == ["workbook.read"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    path.write_bytes(buffer.getvalue())
    (finding,) = read_workbook(str(path)).findings
    assert finding.rule == "workbook.too-large"
    assert "zip bomb" in finding.message
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", b"not a workbook")
    path.write_bytes(buffer.getvalue())
    assert [f.rule for f in read_workbook(str(path)).findings] == ["workbook.read"]


def test_huge_sheets_are_cut_with_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_xlsx, "MAX_ROWS", 5)
    monkeypatch.setattr(_xlsx, "MAX_COLUMNS", 3)
    rows: list[list[Any]] = [["conventions:id", "id", "name/fr", "country"]]
    rows += [["x-2025", f"p{n}", "P", "FR"] for n in range(10)]
    book = _book({"conventions": MINIMAL, "parties": rows})
    found = _read(tmp_path, book)
    assert ("workbook.too-large", "parties", 1, 4) in found
    assert ("workbook.too-large", "parties", 6, None) in found


def test_too_many_sheets_error_values_and_bad_csv_are_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_xlsx, "MAX_SHEETS", 2)
    book = _book({"conventions": MINIMAL, "parties": [*PARTIES, ["x-2025", "c", "#DIV/0!"]]})
    book.create_sheet("axes")
    found = _read(tmp_path, book)
    assert ("workbook.too-large", None, None, None) in found
    assert ("workbook.type", "parties", 4, 3) in found
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "conventions.csv").write_bytes(b"id,schema_version\r\nx-\xe9,1.1\r\n")
    (finding,) = read_workbook(str(folder)).findings
    assert finding.rule == "workbook.read"
    assert "UTF-8" in finding.message


def test_findings_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_FINDINGS", 2)
    rows: list[list[Any]] = [["conventions:id", "id", "title/fr", "priority"]]
    rows += [["x-2025", f"a{n}", "A", "high"] for n in range(5)]
    found = _read(tmp_path, _book({"conventions": MINIMAL, "parties": PARTIES, "axes": rows}))
    assert len(found) == 3
    assert found[-1][0] == "workbook.too-many-findings"


def test_new_workbook_takes_no_convention_options(tmp_path: Path) -> None:
    code, _, err = cli("new", "--workbook", "--kind", "amendment", "-o", tmp_path / "b.xlsx")
    assert code == 2
    assert "--kind" in err
    assert not (tmp_path / "b.xlsx").exists()


def test_missing_openpyxl_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtra, match=r"citydiplomacy\[spreadsheets\]"):
        workbook_bytes(template_tables(), "en")
    code, _, err = cli("flatten", EXAMPLES / "grenoble-tiznit.yaml", "-o", tmp_path / "b.xlsx")
    assert code == 2
    assert "pip install 'citydiplomacy[spreadsheets]'" in err
    assert not (tmp_path / "b.xlsx").exists()


# -- command line -------------------------------------------------------------------------


def test_flatten_and_unflatten_from_the_command_line(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    code, _, err = cli("flatten", EXAMPLES / "real", "-o", book, "--lang", "fr")
    assert code == 0, err
    code, _, err = cli("flatten", EXAMPLES / "real", "-o", book)
    assert code == 2
    assert "--force" in err
    assert cli("flatten", EXAMPLES / "real", "-o", book, "--force")[0] == 0
    out = tmp_path / "out"
    code, stdout, err = cli("unflatten", book, "-o", out)
    assert code == 0, err
    assert stdout == ""
    real = sorted((EXAMPLES / "real").glob("*.yaml"))
    assert len(list(out.iterdir())) == len(real)
    for path in real:
        doc = document(path)
        assert document(out / f"{doc['id']}.convention.yaml") == doc
    code, _, err = cli("unflatten", book, "-o", out)
    assert code == 2
    assert "--force" in err
    csv_dir = tmp_path / "csv"
    assert cli("flatten", EXAMPLES / "real", "-o", csv_dir)[0] == 0
    code, _, err = cli("unflatten", csv_dir, "-o", tmp_path / "out2", "--to", "json")
    assert code == 0, err
    assert len(list((tmp_path / "out2").glob("*.convention.json"))) == len(real)


def test_flatten_says_what_it_leaves_out(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: '1.1'\nid: x\nparties: []\n", encoding="utf-8")
    code, _, err = cli("flatten", bad, EXAMPLES / "grenoble-tiznit.yaml", "-o", tmp_path / "b.xlsx")
    assert code == 1
    assert "left out" in err
    assert "bad.yaml" in err
    code, _, err = cli("flatten", tmp_path / "missing.yaml", "-o", tmp_path / "c.xlsx")
    assert code == 2
    assert not (tmp_path / "c.xlsx").exists()


def test_unflatten_reports_errors_as_json_and_writes_nothing(tmp_path: Path) -> None:
    book = _book({"conventions": [["id", "schema_version"], ["x-2025", "9.9"]]})
    path = tmp_path / "b.xlsx"
    book.save(path)
    out = tmp_path / "out"
    code, stdout, _ = cli("unflatten", path, "-o", out, "--format", "json")
    assert code == 1
    assert not out.exists()
    report = json.loads(stdout)
    assert {"sheet": "conventions", "row": 2, "column": "B"}.items() <= next(
        f for f in report["findings"] if f["rule"] == "schema.enum"
    ).items()
    code, _, err = cli("unflatten", tmp_path / "nothing.xlsx", "-o", out)
    assert code == 2
    assert "cannot read" in err
