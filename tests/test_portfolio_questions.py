"""Questions across a portfolio (overview, deadlines, overdue, partners, budgets) and
their outputs (text, JSON, CSV, Markdown)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import citydiplomacy as cd
from citydiplomacy._batch import _portfolio_questions as questions
from citydiplomacy._batch._portfolio_questions import Table
from citydiplomacy._cli import run
from citydiplomacy._outputs._tables import csv_cell, markdown_cell, render

from .conftest import EXAMPLES
from .test_portfolio import TERM, convention, write

FRAMEWORK = "fictional-villebelle-tilelli-2025"


def cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def as_json(*argv: str | Path) -> dict[str, Any]:
    code, out, err = cli("portfolio", *argv, "--format", "json")
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


# ------------------------------------------------------------------ overview


def test_overview_has_one_row_per_instrument_with_the_effective_term(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", convention("a-1", term=TERM, signed="2020-01-10"))
    write(tmp_path, "r.yaml", convention("r-1", links="  - {relation: renews, instrument: a-1}\n"))
    write(tmp_path, "u.yaml", convention("u-1", term='  start: "2021"\n  duration: P2Y\n'))
    write(tmp_path, "broken.yaml", "id: [")
    report = as_json("overview", tmp_path, "--on", "2023-06-01")
    rows = {r["id"]: r for r in report["rows"]}
    assert set(rows) == {"a-1", "r-1", "u-1"}
    assert rows["a-1"]["in_force"] == "yes"  # renewed by r-1, stated in another file
    assert rows["a-1"]["status"] == "renewed"
    assert rows["a-1"]["signed"] == "2020-01-10"
    assert rows["a-1"]["countries"] == "FR, SN"
    assert rows["a-1"]["parties"] == "Aville; Bville"
    assert rows["a-1"]["next_deadline"] == "2025-01-31"
    assert rows["a-1"]["next_deadline_kind"] == "end"
    # Ends between 2022-12-31 and 2023-12-30: on 2023-06-01 that cannot be told.
    assert rows["u-1"]["in_force"] == "cannot tell"
    assert rows["u-1"]["depends_on"] == "term.start"
    assert rows["r-1"]["in_force"] == "cannot tell"
    assert any("1 file(s) left out" in n for n in report["notes"])


def test_overview_counts_overdue_follow_up() -> None:
    portfolio = cd.load_portfolio(EXAMPLES)
    rows = {r["id"]: r for r in questions.overview(portfolio, dt.date(2026, 7, 1)).records()}
    assert rows[FRAMEWORK]["overdue_follow_up"] == 1
    assert rows["grenoble-tiznit-framework-convention-2025"]["overdue_follow_up"] == "cannot tell"


# ------------------------------------------------------------------ deadlines


def test_deadlines_between_two_days_sorted_across_instruments(tmp_path: Path) -> None:
    tacit = (
        '  start: "2020-01-01"\n  duration: P2Y\n  notice_period: P3M\n'
        "  renewal: {mode: tacit, period: P1Y}\n"
    )
    write(tmp_path, "t.yaml", convention("t-1", term=tacit))
    write(tmp_path, "u.yaml", convention("u-1", term='  start: "2021-05"\n  duration: P1Y\n'))
    report = as_json("deadlines", tmp_path, "--from", "2022-01-01", "--to", "2022-12-31")
    listed = [(r["earliest"], r["id"], r["kind"], r["certain"]) for r in report["rows"]]
    assert listed == [
        ("2022-01-01", "t-1", "renewal", True),
        ("2022-04-30", "u-1", "end", False),
        ("2022-09-30", "t-1", "notice", True),
        ("2022-12-31", "t-1", "end", True),
    ]
    uncertain = report["rows"][1]
    assert uncertain["date"] == "between 2022-04-30 and 2022-05-30"
    code, _, err = cli(
        "portfolio", "deadlines", tmp_path, "--from", "2023-01-01", "--to", "2022-01-01"
    )
    assert code == 2
    assert "before --from" in err


# ------------------------------------------------------------------ overdue and partners


def test_overdue_lists_overdue_and_undecidable_follow_up() -> None:
    table = questions.overdue(cd.load_portfolio(EXAMPLES), dt.date(2026, 7, 1))
    rows = table.records()
    overdue = [r for r in rows if r["status"] == "overdue"]
    assert [r["id"] for r in overdue] == [FRAMEWORK]
    assert overdue[0]["due"] == "between 2025-10-01 and 2026-04-29"
    assert all(r["note"] for r in rows if r["status"] == "cannot tell")


def test_partners_are_listed_once_by_country_and_level(tmp_path: Path) -> None:
    parties = (
        "  - {id: aville, kind: local_government, name: {fr: Aville}, country: FR,\n"
        "     level: municipality, identifiers: [{scheme: insee_cog, value: '38185'}]}\n"
        "  - {id: cville, kind: local_government, name: {fr: Cville}, country: BF,\n"
        "     level: municipality}\n"
    )
    write(tmp_path, "a.yaml", convention("a-1", parties=parties))
    write(tmp_path, "b.yaml", convention("b-1", parties=parties.replace("Cville", "Dville")))
    rows = questions.partners(cd.load_portfolio(tmp_path)).records()
    assert [(r["country"], r["party"], r["instruments"]) for r in rows] == [
        ("BF", "Cville", "a-1"),
        ("BF", "Dville", "b-1"),
        ("FR", "Aville", "a-1, b-1"),
    ]


# ------------------------------------------------------------------ budgets

ACTIONS = """actions:
  - id: one
    title: {fr: Un}
    period: {start: "2025-01", end: "2025-12"}
    budget:
      - {funder: aville, amount: 1000, currency: EUR, commitment: committed}
      - {funder: aville, amount: 500.5, currency: EUR, amount_qualifier: about}
      - {funder: aville, amount: 20000, currency: XOF}
      - {funder: bville, amount: 300, currency: EUR, period: {start: "2025", end: "2027"}}
      - {funder_description: {fr: autres}, amount: 10, currency: EUR, nature: in_kind}
      - {funder: bville, share: 50}
"""


def test_budgets_never_add_currencies_or_spread_periods(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", convention("a-1") + ACTIONS)
    table = questions.budgets(cd.load_portfolio(tmp_path))
    rows = [
        (r["funder"], r["currency"], r["year"], r["nature"], r["amount"]) for r in table.records()
    ]
    assert rows == [
        ("autres", "EUR", "2025", "in_kind", Decimal(10)),
        ("Aville", "EUR", "2025", "not stated", Decimal("1500.5")),
        ("Aville", "XOF", "2025", "not stated", Decimal(20000)),
        ("Bville", "EUR", "2025/2027", "not stated", Decimal(300)),
    ]
    first = table.records()[1]
    assert first["approximate"] is True
    assert first["lines"] == 2
    assert first["commitment"] == "committed, not stated"
    assert any("1 budget line(s) without an amount" in n for n in table.notes)
    report = as_json("budgets", tmp_path)
    assert report["rows"][1]["amount"] == "1500.5"


# ------------------------------------------------------------------ outputs


HOSTILE = Table(
    "T",
    ("name", "amount", "ok"),
    (
        ('=HYPERLINK("http://x")', Decimal("-5"), True),
        ("a|b *c* [l](u) <b>\n# h\x1b[2J", 3, None),
        ("@SUM(A1)", None, False),
        ("+1", None, None),
        ("-1", None, None),
    ),
    ("note\x1b[31m",),
)


def test_csv_cells_never_start_a_formula() -> None:
    rows = list(csv.reader(io.StringIO(render(HOSTILE, "csv"))))
    assert rows[0] == ["name", "amount", "ok"]
    assert [r[0][0] for r in rows[1:]] == ["'", "a", "'", "'", "'"]
    assert rows[1][1] == "-5"  # numbers stay numbers
    assert rows[1][2] == "yes"
    assert csv_cell("\tx") == "'\tx"


def test_markdown_and_text_escape_document_text() -> None:
    markdown = render(HOSTILE, "markdown")
    assert "\x1b" not in markdown
    row = markdown.splitlines()[5]
    assert row.count(" | ") == 2  # the | of the text is escaped
    assert "a\\|b \\*c\\* \\[l\\]\\(u\\) \\<b\\>\\\\n\\# h" in row
    assert markdown_cell("`x`") == "\\`x\\`"
    text = render(HOSTILE, "text")
    assert "\x1b" not in text
    assert len(text.splitlines()) == 1 + 1 + 5 + 1
    report = json.loads(render(HOSTILE, "json"))
    assert report["rows"][1]["name"] == "a|b *c* [l](u) <b>\n# h\x1b[2J"  # JSON escapes itself
    assert report["rows"][0]["amount"] == "-5"
    with pytest.raises(ValueError, match="unknown format"):
        render(HOSTILE, "xml")


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    code, out, _ = cli("portfolio", "partners", EXAMPLES, "--format", "markdown", "-o", target)
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8").startswith("## Partners\n")
    code, _, err = cli("portfolio", "partners", EXAMPLES, "-o", tmp_path / "no" / "such" / "f")
    assert code == 2
    assert "cannot write" in err


def test_missing_paths_are_a_usage_error(tmp_path: Path) -> None:
    code, out, err = cli("portfolio", "overview", tmp_path / "nowhere")
    assert code == 2
    assert out == ""
    assert "no such file" in err


def test_csv_notes_go_to_standard_error(tmp_path: Path) -> None:
    code, out, err = cli("portfolio", "overdue", EXAMPLES, "--on", "2026-07-01", "--format", "csv")
    assert code == 0
    assert out.startswith("id,body,status,due,earliest,latest,meeting,note\n")
    assert "note: on 2026-07-01" in err


def test_document_text_is_escaped_end_to_end(tmp_path: Path) -> None:
    parties = (
        '  - {id: aville, kind: local_government, name: {fr: "=HYPERLINK(\\"http://e.example\\")"},'
        " country: FR}\n"
        '  - {id: bville, kind: local_government, name: {fr: "B\\u001b[2J|*x*\\n::error::y"},'
        " country: SN}\n"
    )
    write(tmp_path, "a.yaml", convention("a-1", parties=parties))
    code, out, _ = cli("portfolio", "partners", tmp_path, "--format", "csv")
    assert code == 0
    names = [row[3] for row in csv.reader(io.StringIO(out))][1:]
    assert names[0].startswith("'=HYPERLINK")
    for fmt in ("text", "markdown"):
        code, out, _ = cli("portfolio", "overview", tmp_path, "--format", fmt)
        assert code == 0
        assert "\x1b" not in out
        assert "\n::error" not in out
    code, out, _ = cli("portfolio", "overview", tmp_path, "--format", "markdown")
    assert "B\\\\x1b\\[2J\\|\\*x\\*\\\\n::error::y" in out
