"""Codelists in their languages: titles and descriptions in English, French, Arabic and
Spanish, language columns a translator can add, codes that are never translated."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import langcodes
import pytest

ROOT = Path(__file__).resolve().parents[1]
CODELISTS = ROOT / "schemas" / "codelists"
SCHEMA = json.loads((ROOT / "schemas" / "convention.schema.json").read_text("utf-8"))

#: The columns of formats 1.0 and 1.1, first and in this order.
BASE = {"code": ["code", "title_en", "title_fr", "description"]}
BASE["codelist"] = ["codelist", "openness", "schema_def", "title_en", "title_fr", "description"]

#: The languages every code has a title and a description in (English's description is
#: the ``description`` column).
REQUIRED = ("en", "fr", "ar", "es")

#: Scripts a language column's text must be written in (catches shifted columns).
ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
#: Direction controls: text is stored in logical order, the display marks direction.
BIDI_CONTROLS = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
#: Tatweel between two letters is justification padding of a printed layout (the UN
#: sources have it); after a prefix before a digit or the end (بـ9) it is spelling.
PADDING = re.compile(r"[\u0620-\u064a]\u0640+[\u0620-\u064a]")

FILES = sorted(CODELISTS.glob("*.csv"))


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def _key(header: list[str]) -> str:
    return header[0]


def _language_columns(header: list[str]) -> list[tuple[str, str]]:
    """(kind, tag) of every column after the base ones, e.g. ``("title", "ar")``."""
    out = []
    for column in header[len(BASE[_key(header)]) :]:
        kind, _, tag = column.partition("_")
        out.append((kind, tag))
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_language_columns_are_titles_and_descriptions_in_well_formed_tags(path: Path) -> None:
    header, _rows = _read(path)
    assert header[: len(BASE[_key(header)])] == BASE[_key(header)]
    columns = _language_columns(header)
    assert len(set(columns)) == len(columns), "a language column is repeated"
    for kind, tag in columns:
        assert kind in {"title", "description"}, f"{path.name}: {kind}_{tag}"
        assert langcodes.tag_is_valid(tag), f"{path.name}: {tag!r} is not a BCP 47 tag"
    # Every language with a description has a title too.
    titled = {tag for kind, tag in columns if kind == "title"} | {"en", "fr"}
    assert {tag for kind, tag in columns if kind == "description"} <= titled


def _text(row: dict[str, str], kind: str, tag: str) -> str:
    column = "description" if (kind, tag) == ("description", "en") else f"{kind}_{tag}"
    return row.get(column) or ""


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_code_has_a_title_and_description_in_every_required_language(path: Path) -> None:
    header, rows = _read(path)
    assert rows
    for row in rows:
        for tag in REQUIRED:
            for kind in ("title", "description"):
                text = _text(row, kind, tag)
                where = f"{path.name}: {row[_key(header)]} {kind} in {tag}"
                assert text.strip(), f"{where} is missing"
                assert text == text.strip(), f"{where} is padded"
                assert unicodedata.is_normalized("NFC", text), f"{where} is not NFC"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_language_is_written_in_its_script(path: Path) -> None:
    header, rows = _read(path)
    for row in rows:
        for kind in ("title", "description"):
            arabic = _text(row, kind, "ar")
            where = f"{path.name}: {row[_key(header)]} {kind}"
            assert ARABIC.search(arabic), f"{where} in Arabic has no Arabic letter"
            assert not BIDI_CONTROLS.search(arabic), f"{where} in Arabic has direction marks"
            assert not PADDING.search(arabic), f"{where} in Arabic has tatweel padding"
            for tag in ("en", "fr", "es"):
                text = _text(row, kind, tag)
                assert not ARABIC.search(text), f"{where} in {tag} has Arabic letters"
                assert LATIN.search(text) or text.isdigit(), f"{where} in {tag}"


def _schema_codes(definition: dict[str, object]) -> list[str]:
    values = definition.get("enum") or definition.get("examples") or []
    assert isinstance(values, list)
    return [str(v) for v in values]


@pytest.mark.parametrize("path", [p for p in FILES if p.name != "index.csv"], ids=lambda p: p.name)
def test_codes_are_never_translated(path: Path) -> None:
    """The code column holds the schema's own codes, in ASCII, whatever the language."""
    _header, index = _read(CODELISTS / "index.csv")
    entry = next(row for row in index if row["codelist"] == path.stem)
    definition = SCHEMA["$defs"][entry["schema_def"]]
    _header, rows = _read(path)
    codes = [row["code"] for row in rows]
    for code in codes:
        assert code.isascii(), f"{path.name}: {code!r}"
    if definition.get("type") == "integer":
        lowest, highest = definition["minimum"], definition["maximum"]
        assert codes == [str(n) for n in range(lowest, highest + 1)]
    else:
        assert codes == _schema_codes(definition)


def test_the_index_names_its_codelists_by_file_name() -> None:
    _header, index = _read(CODELISTS / "index.csv")
    assert sorted(row["codelist"] for row in index) == sorted(
        p.stem for p in FILES if p.name != "index.csv"
    )


def test_moroccan_and_french_administrative_terms() -> None:
    """The terms city officials use: a commune is a جماعة in Morocco, a collectivité
    territoriale a جماعة ترابية; a municipality is a municipio in Spanish."""
    levels = {row["code"]: row for row in _read(CODELISTS / "government-levels.csv")[1]}
    kinds = {row["code"]: row for row in _read(CODELISTS / "party-kinds.csv")[1]}
    assert levels["municipality"]["title_fr"] == "Commune"
    assert levels["municipality"]["title_ar"].startswith("جماعة")
    assert levels["municipality"]["title_es"] == "Municipio"
    assert levels["prefecture"]["title_ar"] == "عمالة"
    assert levels["region"]["title_ar"] == "جهة"
    assert levels["province"]["title_ar"] == "إقليم"
    assert kinds["local_government"]["title_fr"] == "Collectivité territoriale"
    assert kinds["local_government"]["title_ar"] == "جماعة ترابية"
