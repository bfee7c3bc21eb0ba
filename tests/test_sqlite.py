"""The SQLite export: a documented schema, foreign keys, and SQL answers that agree
with the library's."""

from __future__ import annotations

import collections
import io
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

import citydiplomacy as cd
from citydiplomacy._batch import _portfolio_questions as questions
from citydiplomacy._batch._portfolio import INVERSE
from citydiplomacy._batch._portfolio_questions import _lang
from citydiplomacy._cli import run
from citydiplomacy._outputs._sqlite import SCHEMA, to_sqlite_bytes, write_sqlite

from .conftest import EXAMPLES, ROOT

FRAMEWORK = "fictional-villebelle-tilelli-2025"


def cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[cd.Portfolio, sqlite3.Connection]:
    path = tmp_path_factory.mktemp("db") / "registry.db"
    code, _, err = cli("export", EXAMPLES, "--to", "sqlite", "-o", path)
    assert code == 0, err
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    return cd.load_portfolio(EXAMPLES), db


def test_every_valid_file_is_an_instrument_with_its_file(
    exported: tuple[cd.Portfolio, sqlite3.Connection],
) -> None:
    portfolio, db = exported
    rows = db.execute("SELECT id, file FROM instruments ORDER BY key").fetchall()
    assert rows == [(f.id, f.path) for f in portfolio]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_foreign_keys_are_declared_and_enforced(
    exported: tuple[cd.Portfolio, sqlite3.Connection],
) -> None:
    _, db = exported
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO parties (instrument_key, position, id, kind) VALUES (999, 0, 'x', 'y')"
        )
    targets = {row[2] for row in db.execute("PRAGMA foreign_key_list(budget_lines)")}
    assert targets == {"actions", "parties"}


def test_sql_and_library_agree_on_who_works_with_a_country(
    exported: tuple[cd.Portfolio, sqlite3.Connection],
) -> None:
    portfolio, db = exported
    sql = db.execute(
        "SELECT DISTINCT i.id FROM instruments i JOIN parties p ON p.instrument_key = i.key "
        "WHERE p.country = 'MA' ORDER BY i.id"
    ).fetchall()
    library = sorted(
        {
            str(f.id)
            for f in portfolio
            if f.convention and any(p.country == "MA" for p in f.convention.parties)
        }
    )
    assert [r[0] for r in sql] == library
    assert FRAMEWORK in library


def test_sql_and_library_agree_on_a_chain(
    exported: tuple[cd.Portfolio, sqlite3.Connection],
) -> None:
    portfolio, db = exported
    stated = db.execute(
        "SELECT l.relation, l.target FROM links l JOIN instruments i ON l.instrument_key = i.key "
        "WHERE i.id = ?",
        (FRAMEWORK,),
    ).fetchall()
    about = db.execute(
        "SELECT l.relation, i.id FROM links l JOIN instruments i ON l.instrument_key = i.key "
        "WHERE l.target = ?",
        (FRAMEWORK,),
    ).fetchall()
    inverse = {k.value: v.value for k, v in INVERSE.items()}
    neighbours = set(stated) | {(inverse[relation], other) for relation, other in about}
    related = {(r.value, other) for r, other in portfolio.chain(FRAMEWORK).related(FRAMEWORK)}
    assert neighbours == related
    resolved = db.execute(
        "SELECT t.id FROM links l JOIN instruments t ON l.target_key = t.key "
        "WHERE l.relation = 'amends'"
    ).fetchall()
    assert resolved == [(FRAMEWORK,)]


def test_sql_and_library_agree_on_party_budgets_by_currency(
    exported: tuple[cd.Portfolio, sqlite3.Connection],
) -> None:
    portfolio, db = exported
    sql = db.execute(
        "SELECT currency, SUM(CAST(amount AS REAL)) FROM budget_lines "
        "WHERE funder_party_key IS NOT NULL AND amount IS NOT NULL GROUP BY currency"
    ).fetchall()
    names = {
        p.name.text(*_lang(f.convention))
        for f in portfolio
        if f.convention
        for p in f.convention.parties
    }
    library: dict[str, Decimal] = collections.defaultdict(Decimal)
    for row in questions.budgets(portfolio).records():
        if row["funder"] in names:
            assert isinstance(row["amount"], Decimal)
            library[str(row["currency"])] += row["amount"]
    assert dict(sql) == {k: pytest.approx(float(v)) for k, v in library.items()}
    assert len(library) == 2  # euros and dirhams: never added together


def test_multilingual_text_keeps_every_language_in_order(
    exported: tuple[cd.Portfolio, sqlite3.Connection],
) -> None:
    portfolio, db = exported
    conv = portfolio[FRAMEWORK].convention
    assert conv is not None
    assert conv.title is not None
    rows = db.execute(
        "SELECT t.language, t.text FROM texts t JOIN instruments i ON t.row_key = i.key "
        "WHERE t.\"table\" = 'instruments' AND t.field = 'title' AND i.id = ? ORDER BY t.position",
        (FRAMEWORK,),
    ).fetchall()
    assert rows == list(conv.title.items())


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "r.db"
    target.write_bytes(b"old")
    code, _, err = cli("export", EXAMPLES / "grenoble-tiznit.yaml", "--to", "sqlite", "-o", target)
    assert code == 2
    assert "--force" in err
    assert target.read_bytes() == b"old"
    code, _, _ = cli(
        "export", EXAMPLES / "grenoble-tiznit.yaml", "--to", "sqlite", "-o", target, "--force"
    )
    assert code == 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM instruments").fetchone() == (1,)
    code, _, err = cli("export", EXAMPLES, "--to", "sqlite")
    assert code == 2
    assert "needs -o FILE" in err
    code, _, err = cli("export", EXAMPLES / "grenoble-tiznit.yaml", EXAMPLES, "--to", "ics")
    assert code == 2
    assert "one FILE" in err


def test_library_functions_and_bad_files(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: [", encoding="utf-8")
    (tmp_path / "good.yaml").write_text(
        (EXAMPLES / "grenoble-tiznit.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    portfolio = cd.load_portfolio(tmp_path)
    assert to_sqlite_bytes(portfolio).startswith(b"SQLite format 3\x00")
    write_sqlite(portfolio, tmp_path / "out.db")
    with pytest.raises(FileExistsError):
        write_sqlite(portfolio, tmp_path / "out.db")
    code, _, err = cli("export", tmp_path, "--to", "sqlite", "-o", tmp_path / "x.db")
    assert code == 0
    assert "1 file(s) left out" in err


def test_the_reference_page_shows_the_schema() -> None:
    page = (ROOT / "docs" / "reference" / "sqlite.md").read_text(encoding="utf-8")
    assert SCHEMA.strip() in page
