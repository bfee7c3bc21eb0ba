"""The rules across files (``portfolio.*``), from the library and from ``validate``."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import citydiplomacy as cd
from citydiplomacy._base._report import Finding
from citydiplomacy._cli import run

from .conftest import EXAMPLES
from .test_portfolio import convention, write

TWO = (
    "  - {id: aville, kind: local_government, name: {fr: Aville}, country: FR,\n"
    "     level: municipality, identifiers: [{scheme: insee_cog, value: '38185'}]}\n"
    "  - {id: bville, kind: local_government, name: {fr: Bville}, country: SN}\n"
)


def findings(folder: Path) -> list[Finding]:
    return list(cd.load_portfolio(folder, jobs=1).cross_file_findings())


def validate(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["validate", "--no-config", *map(str, argv)], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_duplicate_ids_are_found_with_both_positions(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", convention("same-2020"))
    write(tmp_path, "b.yaml", convention("same-2020", signed="2020"))
    [finding] = findings(tmp_path)
    assert finding.rule == "portfolio.duplicate-id"
    assert finding.file == str(tmp_path / "b.yaml")
    assert (finding.line, finding.column) == (2, 5)
    assert finding.path == ("id",)
    assert f"{tmp_path / 'a.yaml'}:2:5" in finding.message


def test_the_same_convention_in_yaml_and_json_is_not_a_duplicate(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "grenoble-tiznit.yaml", tmp_path)
    shutil.copy(EXAMPLES / "grenoble-tiznit.json", tmp_path)
    assert findings(tmp_path) == []


def test_inverse_relations_must_agree(tmp_path: Path) -> None:
    write(
        tmp_path, "a.yaml", convention("a-1", links="  - {relation: renewed_by, instrument: b-1}\n")
    )
    write(tmp_path, "b.yaml", convention("b-1", links="  - {relation: amends, instrument: a-1}\n"))
    [finding] = findings(tmp_path)
    assert finding.rule == "portfolio.inverse-mismatch"
    assert finding.path == ("related_instruments", 0, "relation")
    assert finding.line == 7
    assert "says 'b-1' amends 'a-1', but" in finding.message
    assert "says 'a-1' renewed_by 'b-1', whose inverse is 'renews'" in finding.message
    assert ":7:" in finding.message
    # Agreeing statements, or a link stated on one side only, are fine.
    write(
        tmp_path, "a.yaml", convention("a-1", links="  - {relation: amended_by, instrument: b-1}\n")
    )
    assert findings(tmp_path) == []
    write(tmp_path, "a.yaml", convention("a-1"))
    assert findings(tmp_path) == []


def test_an_amendment_signed_before_what_it_amends(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", convention("a-1", signed="2025-03"))
    amendment = convention("b-1", links="  - {relation: amends, instrument: a-1}\n", signed="2025")
    write(tmp_path, "b.yaml", amendment)
    assert findings(tmp_path) == []  # 2025 may be after March 2025: not certainly before
    write(tmp_path, "b.yaml", amendment.replace('"2025"', '"2024-12-31"'))
    [finding] = findings(tmp_path)
    assert finding.rule == "portfolio.chain-order"
    assert finding.path == ("signature", "date")
    assert "2024-12-31" in finding.message
    assert str(tmp_path / "a.yaml") in finding.message


def test_a_renewal_starting_before_the_end_of_what_it_renews(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", convention("a-1", term='  start: "2020-01-01"\n  duration: P3Y\n'))
    renewal = convention(
        "b-1",
        links="  - {relation: renews, instrument: a-1}\n",
        term='  start: "2022-06-01"\n',
    )
    write(tmp_path, "b.yaml", renewal)
    [finding] = findings(tmp_path)
    assert finding.rule == "portfolio.chain-order"
    assert finding.path == ("term", "start")
    assert "2022-12-31" in finding.message
    write(tmp_path, "b.yaml", renewal.replace("2022-06-01", "2023-01-01"))
    assert findings(tmp_path) == []


def test_the_same_party_described_differently(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", convention("a-1", parties=TWO))
    write(
        tmp_path,
        "b.yaml",
        convention("b-1", parties=TWO.replace("{fr: Aville}", "{fr: ' aville '}")),
    )
    assert findings(tmp_path) == []  # case and spacing do not count
    other = TWO.replace(
        "country: FR,\n     level: municipality", "country: BE,\n     level: region"
    )
    write(tmp_path, "b.yaml", convention("b-1", parties=other))
    [finding] = findings(tmp_path)
    assert finding.rule == "portfolio.party-mismatch"
    assert finding.severity is cd.Severity.WARNING
    assert finding.path == ("parties", 0)
    assert "country 'BE' here, 'FR' there" in finding.message
    assert "level 'region' here, 'municipality' there" in finding.message


def test_an_action_outside_the_framework_term(tmp_path: Path) -> None:
    write(
        tmp_path, "f.yaml", convention("f-1", term='  start: "2025-03-01"\n  end: "2028-02-29"\n')
    )
    yearly = convention("y-1", links="  - {relation: implements, instrument: f-1}\n") + (
        "actions:\n"
        "  - {id: early, title: {fr: Avant}, period: {end: '2024'}}\n"
        "  - {id: inside, title: {fr: Pendant}, period: {start: '2027'}}\n"
        "  - {id: late, title: {fr: Après}, period: {start: '2028-03'}}\n"
        "  - {id: maybe, title: {fr: Peut-être}, period: {start: '2028'}}\n"
    )
    write(tmp_path, "y.yaml", yearly)
    found = findings(tmp_path)
    assert [(f.rule, f.path) for f in found] == [
        ("portfolio.action-outside-framework", ("actions", 0, "period")),
        ("portfolio.action-outside-framework", ("actions", 2, "period")),
    ]
    assert "ends (2024) before the start (2025-03-01)" in found[0].message
    assert "starts (2028-03) after the last day (2028-02-29)" in found[1].message
    whole = cd.load_portfolio(tmp_path, jobs=1, whole=True).cross_file_findings()
    assert list(whole) == found


# ------------------------------------------------------------------ from validate


def _conflicting(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", convention("same-2020"))
    write(tmp_path, "b.yaml", convention("same-2020", signed="2020"))


def test_validate_runs_them_on_a_folder_and_several_files(tmp_path: Path) -> None:
    _conflicting(tmp_path)
    code, out, err = validate(tmp_path)
    assert code == 1
    assert f"{tmp_path / 'b.yaml'}:2:5: error portfolio.duplicate-id $.id:" in out
    assert "checked 2 files: 1 valid, 1 with errors (1 error, 0 warnings)" in err
    assert "portfolio.duplicate-id" in err
    code, out, _ = validate(tmp_path / "a.yaml", tmp_path / "b.yaml")
    assert code == 1
    assert "portfolio.duplicate-id" in out
    # One file alone has no other file to be compared with.
    assert validate(tmp_path / "b.yaml")[0] == 0


def test_validate_can_turn_them_off(tmp_path: Path) -> None:
    _conflicting(tmp_path)
    code, out, _ = validate("--no-portfolio-rules", tmp_path)
    assert code == 0
    assert out == ""


def test_validate_json_counts_them_in_the_file_and_summary(tmp_path: Path) -> None:
    _conflicting(tmp_path)
    write(tmp_path, "c.yaml", "schema_version: [")
    code, out, _ = validate("--format", "json", tmp_path)
    assert code == 1
    report: dict[str, Any] = json.loads(out)
    by_file = {Path(f["file"]).name: f for f in report["files"]}
    assert by_file["b.yaml"] == {
        "file": str(tmp_path / "b.yaml"),
        "readable": True,
        "valid": False,
        "errors": 1,
        "warnings": 0,
    }
    assert by_file["a.yaml"]["valid"] is True
    assert report["summary"]["with_errors"] == 2
    assert report["summary"]["valid"] == 1
    assert report["summary"]["rules"]["portfolio.duplicate-id"] == 1
    rules = [f["rule"] for f in report["findings"]]
    assert rules[-1] == "portfolio.duplicate-id"


def test_validate_ignores_them_like_other_rules(tmp_path: Path) -> None:
    _conflicting(tmp_path)
    code, out, err = validate("--ignore", "portfolio.*", tmp_path)
    assert code == 0
    assert out == ""
    assert "1 suppressed" in err


def test_validate_sarif_and_github_carry_them(tmp_path: Path) -> None:
    _conflicting(tmp_path)
    _, out, _ = validate("--format", "github", tmp_path)
    assert "::error file=" in out
    assert "title=portfolio.duplicate-id" in out
    _, out, _ = validate("--format", "sarif", tmp_path)
    results = json.loads(out)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["portfolio.duplicate-id"]


@pytest.mark.parametrize("name", ["bad\x1b[31m.yaml", "bad\nname.yaml"])
def test_hostile_file_names_in_messages_are_escaped(tmp_path: Path, name: str) -> None:
    write(tmp_path, "a.yaml", convention("same-2020", signed="2020"))
    write(tmp_path, name, convention("same-2020"))
    code, out, _ = validate(tmp_path)
    assert code == 1
    assert "\x1b" not in out
    assert len(out.splitlines()) == 1
