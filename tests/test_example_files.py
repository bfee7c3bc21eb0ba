"""Every file of ``tests/example-files``, run by one parametrised test.

``positive/`` holds valid conventions (no finding at all); each must load into the
model and survive a dump and a load unchanged. ``negative/NAME.yaml|json`` holds a
broken one beside ``NAME.expected.json``: every finding it produces, as
``{"rule", "path", "line", "column", "at", "text"}`` objects (``path`` as
``$.a[0].b``). ``at`` says what a reader would point at, and ``text`` is what the
file holds there:

* ``"key"``: the key the finding is about (unexpected, misspelt, repeated, not a
  language tag); ``text`` is the key as written;
* ``"value"``: the value at ``path``; ``text`` is how the value starts;
* ``"object"``: the object at ``path`` (a key it must have is missing, and the
  message names it);
* ``"text"``: a place in the text that is not a value (a syntax error).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import citydiplomacy as cd
from citydiplomacy._base._report import Finding, format_path
from citydiplomacy._io._reading import locate, read_path

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
    found = sorted((f.rule, format_path(f.path), f.line, f.column) for f in report)
    wanted = sorted((e["rule"], e["path"], e["line"], e["column"]) for e in expected)
    assert found == wanted
    assert not report.ok(strict=True)


_QUOTED_KEY = re.compile(r"""(?:key|property) '([^']*)'""")


@pytest.mark.parametrize("path", _documents("negative"), ids=lambda p: p.name)
def test_negative_positions_point_where_a_reader_would(path: Path) -> None:
    """Each finding's line and column land on the text its expectation names: on a
    key for a finding about a key, on the value for one about a value, at the start
    of the object (which the message names the missing key of) for one about an
    object."""
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = json.loads(expected_file(path).read_text(encoding="utf-8"))
    report = {(f.rule, format_path(f.path)): f for f in cd.validate(path)}
    source = read_path(path)[0]
    for item in expected:
        at, text = item["at"], item["text"]
        assert at in {"key", "value", "object", "text"}, item
        line = lines[item["line"] - 1]
        assert line[item["column"] - 1 :].startswith(text), (item, line)
        finding: Finding = report[(item["rule"], item["path"])]
        if at == "key":
            key = text[1:-1] if text[:1] in "\"'" else text
            named = _QUOTED_KEY.search(finding.message)
            # The key ends the path, or the message names it (a repeated key: the path
            # is its object).
            assert finding.path[-1:] == (key,) or (named is not None and named.group(1) == key), (
                item,
                finding.message,
            )
        elif at in {"value", "object"}:
            assert locate(source, finding.path) == (item["line"], item["column"]), item
        if at == "object":
            assert re.search(r"'[a-z_]+'", finding.message), finding.message


def test_every_negative_file_has_its_expectations_and_the_reverse() -> None:
    negatives = {p.stem for p in _documents("negative")}
    expectations = {
        p.name.removesuffix(".expected.json")
        for p in (EXAMPLE_FILES / "negative").glob("*.expected.json")
    }
    assert negatives == expectations
    assert len(_documents("positive")) >= 6
