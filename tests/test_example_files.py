"""Every file of ``tests/example-files``, run by one parametrised test.

``positive/`` holds valid conventions (no finding at all); each must load into the
model and survive a dump and a load unchanged. ``negative/NAME.yaml|json`` holds a
broken one beside ``NAME.expected.json``: the findings it must produce at least, as
``{"rule", "path", "line", "column"}`` objects (``path`` as ``$.a[0].b``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import citydiplomacy as cd
from citydiplomacy._report import format_path

EXAMPLE_FILES = Path(__file__).resolve().parent / "example-files"
SUFFIXES = (".yaml", ".yml", ".json")


def _documents(kind: str) -> list[Path]:
    return sorted(
        p
        for p in (EXAMPLE_FILES / kind).iterdir()
        if p.name.endswith(SUFFIXES) and not p.name.endswith(".expected.json")
    )


def expected_file(path: Path) -> Path:
    """``negative/NAME.expected.json`` for ``negative/NAME.yaml``."""
    return path.with_name(f"{path.stem}.expected.json")


CASES = [
    pytest.param(kind, path, id=f"{kind}/{path.name}")
    for kind in ("positive", "negative")
    for path in _documents(kind)
]


@pytest.mark.parametrize(("kind", "path"), CASES)
def test_example_file(kind: str, path: Path, tmp_path: Path) -> None:
    report = cd.validate(path)
    if kind == "positive":
        assert report.valid, [str(f) for f in report]
        assert not report.findings, [str(f) for f in report]
        convention = cd.loads(path.read_bytes(), name=path.name)
        assert cd.load(path) == convention
        copy = tmp_path / f"copy{path.suffix}"
        cd.dump(convention, copy)
        assert cd.load(copy) == convention
        return
    expected = json.loads(expected_file(path).read_text(encoding="utf-8"))
    assert expected, f"{expected_file(path).name} lists no finding"
    found = {(f.rule, format_path(f.path), f.line, f.column) for f in report}
    for item in expected:
        wanted = (item["rule"], item["path"], item["line"], item["column"])
        assert wanted in found, (wanted, sorted(found, key=str))
    assert not report.ok(strict=True)


def test_every_negative_file_has_its_expectations_and_the_reverse() -> None:
    negatives = {p.stem for p in _documents("negative")}
    expectations = {
        p.name.removesuffix(".expected.json")
        for p in (EXAMPLE_FILES / "negative").glob("*.expected.json")
    }
    assert negatives == expectations
    assert len(_documents("positive")) >= 6
