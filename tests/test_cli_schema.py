"""``citydiplomacy schema``: the bundled schema and codelists, or their paths."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import citydiplomacy
from citydiplomacy._cli import run

ROOT = Path(__file__).resolve().parents[1]


def schema_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["schema", *args], stdin=io.BytesIO(), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_prints_the_bundled_schema() -> None:
    code, out, _ = schema_cli()
    assert code == 0
    bundled = json.loads((ROOT / "schemas" / "convention.schema.json").read_text("utf-8"))
    assert json.loads(out) == bundled


def test_prints_the_schema_path() -> None:
    code, out, _ = schema_cli("--path")
    assert code == 0
    path = Path(out.strip())
    assert path.name == "convention.schema.json"
    assert path.is_file()


def test_prints_a_codelist_as_csv() -> None:
    code, out, _ = schema_cli("--codelist", "sectors")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "water_sanitation" in [r["code"] for r in rows]
    code, out, _ = schema_cli("--codelist", "sectors", "--path")
    assert code == 0
    assert Path(out.strip()).name == "sectors.csv"


def test_lists_the_codelists() -> None:
    code, out, _ = schema_cli("--list-codelists")
    assert code == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[[r[0] for r in lines].index("sectors")][:2] == ["sectors", "open"]
    assert lines[[r[0] for r in lines].index("party-kinds")][:2] == ["party-kinds", "closed"]


def test_unknown_codelist_is_a_usage_error() -> None:
    code, out, err = schema_cli("--codelist", "colours")
    assert code == 2
    assert out == ""
    assert "no codelist 'colours'" in err
    assert "sectors" in err


def test_codelist_and_list_are_exclusive() -> None:
    assert schema_cli("--codelist", "sectors", "--list-codelists")[0] == 2


def test_version_alone_imports_no_subcommand() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["--version"], stdin=io.BytesIO(), stdout=out, stderr=err) == 0
    assert out.getvalue() == f"citydiplomacy {citydiplomacy.__version__}\n"
    script = (
        "import sys; from citydiplomacy._cli import run; run(['--version']); "
        "print(sorted(m for m in sys.modules if m.startswith(('citydiplomacy._cli._commands', "
        "'icalendar', 'pendulum'))))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert shown.splitlines()[-1] == "[]"


def test_help_still_lists_every_subcommand() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["--help", "--version"], stdin=io.BytesIO(), stdout=out, stderr=err) == 0
    for command in ("validate", "schema", "status", "export", "new"):
        assert command in out.getvalue()
