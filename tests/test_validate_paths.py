"""validate_paths (many files from Python) and the reporter family agree with the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import citydiplomacy as cd
from citydiplomacy._base._report import format_path
from citydiplomacy._batch._engine import Outcome
from citydiplomacy._cli import run
from citydiplomacy._outputs import _reporters

ROOT = Path(__file__).resolve().parents[1]
NEGATIVE = ROOT / "tests" / "example-files" / "negative"
EXAMPLES = ROOT / "examples"


def _cli_json(*args: str) -> dict[str, object]:
    out, err = io.StringIO(), io.StringIO()
    run(["validate", "--format", "json", *args], stdout=out, stderr=err)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


def test_validate_paths_gives_the_findings_the_command_prints() -> None:
    paths = [str(EXAMPLES), str(NEGATIVE), str(ROOT / "no-such-file.yaml")]
    result = cd.validate_paths(paths, jobs=1)
    printed = _cli_json("--jobs", "1", *paths)
    findings = printed["findings"]
    assert isinstance(findings, list)
    # The command prints the findings of the rules across files last; here they join
    # the report of their file.
    mine = [
        (f.file, f.rule, format_path(f.path), f.line) for r in result.reports for f in r.findings
    ]
    assert sorted(mine, key=str) == sorted(
        ((f["file"], f["rule"], f["path"], f["line"]) for f in findings), key=str
    )
    assert any(rule.startswith("portfolio.") for _, rule, _, _ in mine)
    assert [p for p, _ in result.problems] == [str(ROOT / "no-such-file.yaml")]
    assert not result.valid
    assert len(result.reports) == len(printed["files"]) - 1  # type: ignore[arg-type]


def test_validate_paths_reports_progress_from_zero_to_all(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_bytes((EXAMPLES / "grenoble-tiznit.yaml").read_bytes())
    seen: list[tuple[int, int]] = []
    result = cd.validate_paths(tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert [Path(r.file or "").name for r in result.reports] == ["a.yaml", "b.yaml", "c.yaml"]


def test_validate_paths_refuses_what_is_not_a_path() -> None:
    with pytest.raises(TypeError, match="paths"):
        cd.validate_paths([1])  # type: ignore[list-item]


def test_the_reporter_family_is_the_command_line_formats() -> None:
    assert set(_reporters.REPORTERS) == {"text", "json", "github", "sarif"}
    assert tuple(_reporters.REPORTERS) == _reporters.FORMATS
    for name, cls in _reporters.REPORTERS.items():
        assert cls.name == name
        assert issubclass(cls, _reporters.Reporter)


@pytest.mark.parametrize("fmt", _reporters.FORMATS)
def test_each_reporter_writes_what_the_command_writes(fmt: str) -> None:
    path = sorted(NEGATIVE.glob("*.yaml"))[0]
    result = cd.validate_paths([str(path)], jobs=1)
    (report,) = result.reports
    out = io.StringIO()
    each = _reporters.reporter(fmt, out)
    tally = _reporters.Tally()
    outcome = Outcome(report.file or "", report.findings)
    tally.add(outcome)
    each.outcome(outcome)
    each.finish([], tally, 0.0, strict=False, ok=report.valid)
    printed = io.StringIO()
    argv = ["validate", "--quiet", "--jobs", "1", "--format", fmt, str(path)]
    run(argv, stdout=printed, stderr=io.StringIO())
    if fmt in ("json", "sarif"):
        mine, theirs = json.loads(out.getvalue()), json.loads(printed.getvalue())
        if fmt == "json":
            mine["summary"].pop("seconds")
            theirs["summary"].pop("seconds")
        assert mine == theirs
    else:
        assert out.getvalue() == printed.getvalue()
        assert out.getvalue()
