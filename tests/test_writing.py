"""Tests for canonical JSON and YAML text and atomic files (``citydiplomacy._io._writing``)."""

from __future__ import annotations

import collections
import enum
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydiplomacy._io._reading import MAX_DEPTH, read_text
from citydiplomacy._io._writing import to_json, to_yaml, write_atomic

DATA = Path(__file__).parent / "data" / "reading"

#: Strings a careless writer gets wrong: YAML 1.1 and 1.2 non-strings, dates,
#: numbers in disguise, indicators, scripts and control characters.
TRICKY = [
    "NO", "no", "No", "yes", "Yes", "on", "OFF", "y", "n", "Y", "true", "False", "null",
    "Null", "~", "", " ", "  x", "x  ", "2025", "2025-01", "2025-01-01", "2025-01-01T10:00:00Z",
    "2001-12-14 21:59:43.10 -5", "12:30", "1:20:30", "0x1", "0o17", "0b101", "017", "1_000",
    "1e3", "1E3", "1.", ".5", "+1", "-0", "-0.0", ".inf", "-.Inf", ".nan", "NaN", "Infinity",
    "<<", "=", "- x", "-", "?", ":", ": x", "x: y", "#x", "x #y", "&a", "*a", "!tag", "!!str",
    "|", ">", "%", "@", "`", "'", '"', "[", "]", "{}", ",", "a\nb", "a\n", "\n", "\n\n",
    "a\n\n", " a\nb", "a \nb", "\ta", "a\tb\n", "\r", "a\r\nb", "\x00", "\x07", "\x1b[0m",
    "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\xa0", "é", "تزنيت", "ⵜⵉⵣⵏⵉⵜ",
    "🎉", "\U0001d518", "\U0010fffd", "a" * 200, "---", "...", "--- x", "x\n---\ny",
]  # fmt: skip

TEXT = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(TEXT, inner, max_size=5),
    ),
    max_leaves=25,
)
DOCUMENTS = st.dictionaries(TEXT, VALUES, max_size=8)


def same(a: object, b: object) -> bool:
    """Equal and of the same types all the way down (1, 1.0 and True differ; key order counts)."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, dict):
            assert isinstance(y, dict)
            if list(x) != list(y):
                return False
            stack.extend((x[k], y[k]) for k in x)
        elif isinstance(x, list):
            assert isinstance(y, list)
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y, strict=True))
        elif isinstance(x, float):
            if repr(x) != repr(y):  # tells -0.0 from 0.0
                return False
        elif x != y:
            return False
    return True


ROUND_TRIP = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(DOCUMENTS)
def test_yaml_round_trip(document: dict[str, Any]) -> None:
    text = to_yaml(document)
    _, back, findings = read_text(text, name="x.yaml")
    assert findings == (), text
    assert same(back, document), text


@ROUND_TRIP
@given(DOCUMENTS)
def test_json_round_trip(document: dict[str, Any]) -> None:
    text = to_json(document)
    _, back, findings = read_text(text.encode("utf-8"), name="x.json")
    assert findings == (), text
    assert same(back, document), text


@ROUND_TRIP
@given(DOCUMENTS)
def test_yaml_1_1_readers_agree(document: dict[str, Any]) -> None:
    """PyYAML's own loader follows YAML 1.1: quoting must protect the strings there too."""
    text = to_yaml(document)
    assert same(yaml.load(text, Loader=yaml.CSafeLoader), document), text
    assert same(yaml.load(text, Loader=yaml.SafeLoader), document), text


@settings(max_examples=100, deadline=None)
@given(DOCUMENTS)
def test_writers_are_deterministic_and_idempotent(document: dict[str, Any]) -> None:
    copy = json.loads(json.dumps(document))
    for write in (to_yaml, to_json):
        text = write(document)
        assert write(copy) == text
        _, back, _ = read_text(text, format="json" if write is to_json else "yaml")
        assert write(back) == text
        assert text.endswith("\n")
        assert not text.endswith("\n\n") or document == {}


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_strings_are_quoted_when_needed(value: str) -> None:
    text = to_yaml({"k": value})
    _, back, findings = read_text(text)
    assert findings == ()
    assert back == {"k": value}
    assert yaml.safe_load(text) == {"k": value}


@pytest.mark.parametrize(
    "value",
    ["NO", "yes", "on", "y", "2025-01", "2025-01-01", "0o17", "1e3", ".inf", "null", "~", "",
     "1_000", "12:30", "0x1", ".5", "<<", "=", "1.2.3", "TRUE", "-1"],
)  # fmt: skip
def test_non_string_lookalikes_are_quoted(value: str) -> None:
    assert to_yaml({"k": value}) in (f"k: '{value}'\n", f'k: "{value}"\n')
    if value:  # PyYAML writes an empty key as the complex key "? ''"
        assert to_yaml({value: 1}) in (f"'{value}': 1\n", f'"{value}": 1\n')


@pytest.mark.parametrize(
    "value",
    ["2019-10-23?", "2016-09~", "2019%", "201X", "2022-XX-XX", "XXXX-09", "2025-21",
     "2023-08-30/2023-09-03", "2022-10/..", "../2022", "2022/", "/2022", "2019~/2021?"],
)  # fmt: skip
def test_edtf_dates_are_quoted_like_plain_dates(value: str) -> None:
    assert to_yaml({"k": value}) in (f"k: '{value}'\n", f'k: "{value}"\n')
    assert read_text(to_yaml({"k": value}))[1] == {"k": value}


@pytest.mark.parametrize("value", ["Grenoble", "NOPE", "yesterday", "2025-Q1", "v1.2", "x-y"])
def test_ordinary_strings_stay_plain(value: str) -> None:
    assert to_yaml({"k": value}) == f"k: {value}\n"


def test_yaml_layout() -> None:
    document = {
        "title": {"fr": "Coopération", "ar": "تعاون", "zgh-Tfng": "ⵜⵉⵣⵏⵉⵜ"},
        "parties": [{"id": "grenoble", "roles": ["signatory", "lead"]}, {"id": "tiznit"}],
        "amount": 1e16,
        "small": 1e-07,
        "count": 3,
        "ok": True,
        "none": None,
        "empty": {},
        "nothing": [],
        "note": "first line\nsecond line\n",
        "clipped": "no newline\nat the end",
        "emoji": "🎉",
        "long": "word " * 60,
    }
    assert to_yaml(document) == (
        "title:\n"
        "  fr: Coopération\n"
        "  ar: تعاون\n"
        "  zgh-Tfng: ⵜⵉⵣⵏⵉⵜ\n"
        "parties:\n"
        "  - id: grenoble\n"
        "    roles:\n"
        "      - signatory\n"
        "      - lead\n"
        "  - id: tiznit\n"
        "amount: 1.0e+16\n"
        "small: 1.0e-07\n"
        "count: 3\n"
        "ok: true\n"
        "none: null\n"
        "empty: {}\n"
        "nothing: []\n"
        "note: |\n"
        "  first line\n"
        "  second line\n"
        "clipped: |-\n"
        "  no newline\n"
        "  at the end\n"
        "emoji: 🎉\n"
        f"long: '{'word ' * 60}'\n"
    )


def test_json_layout() -> None:
    document = {"b": [1, 1.0, 1e-07, 1e16, True, None], "a": {"ar": "تعاون"}, "e": {}, "l": []}
    assert to_json(document) == (
        "{\n"
        '  "b": [\n'
        "    1,\n"
        "    1.0,\n"
        "    1e-07,\n"
        "    1e+16,\n"
        "    true,\n"
        "    null\n"
        "  ],\n"
        '  "a": {\n'
        '    "ar": "تعاون"\n'
        "  },\n"
        '  "e": {},\n'
        '  "l": []\n'
        "}\n"
    )


def test_fixtures_round_trip_through_both_writers() -> None:
    for name in ("convention.json", "convention.yaml"):
        _, document, findings = read_text((DATA / name).read_bytes(), name=name)
        assert findings == ()
        for write in (to_json, to_yaml):
            _, back, findings = read_text(
                write(document), format="json" if write is to_json else "yaml"
            )
            assert findings == ()
            assert same(back, document)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize("write", [to_json, to_yaml])
def test_non_finite_floats_rejected(bad: float, write: Any) -> None:
    with pytest.raises(ValueError, match="finite"):
        write({"a": [1, {"b": bad}]})


@pytest.mark.parametrize("write", [to_json, to_yaml])
def test_bad_documents_rejected(write: Any) -> None:
    with pytest.raises(TypeError, match="keys must be strings"):
        write({"a": {1: "x"}})
    with pytest.raises(TypeError, match="no JSON form"):
        write({"a": {1, 2}})
    with pytest.raises(TypeError, match="no JSON form"):
        write({"a": b"bytes"})
    with pytest.raises(ValueError, match="surrogate"):
        write({"a": "x\ud800"})
    with pytest.raises(ValueError, match="surrogate"):
        write({"\udfff": 1})
    cycle: list[object] = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="cycle"):
        write({"a": cycle})
    deep: object = {}
    for _ in range(MAX_DEPTH):
        deep = {"a": deep}
    with pytest.raises(ValueError, match="deeper than 64"):
        write(deep)


class Colour(str, enum.Enum):
    """A string enum, as the model layer might leave one."""

    RED = "red"


class Size(enum.IntEnum):
    """An integer enum."""

    BIG = 3


@pytest.mark.parametrize("write", [to_json, to_yaml])
def test_subclasses_and_tuples_are_written_as_plain_values(write: Any) -> None:
    document = collections.OrderedDict(
        [("z", Colour.RED), ("a", (Size.BIG, 1.5)), ("shared", [None])]
    )
    text = write(document)
    _, back, findings = read_text(text, format="json" if write is to_json else "yaml")
    assert findings == ()
    assert same(back, {"z": "red", "a": [3, 1.5], "shared": [None]})


def test_shared_objects_are_not_aliased() -> None:
    shared = {"x": [1]}
    text = to_yaml({"a": shared, "b": shared})
    assert "&" not in text
    assert "*" not in text


# ---------------------------------------------------------------- write_atomic


def test_write_atomic_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "c.yaml"
    write_atomic(target, "a: é\n", overwrite=True)
    assert target.read_bytes() == "a: é\n".encode()
    write_atomic(str(target), "b: 2\n", overwrite=True)
    assert target.read_text(encoding="utf-8") == "b: 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml"]


def test_write_atomic_keeps_newlines_as_given(tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    write_atomic(target, "{\r\n}\n", overwrite=True)
    assert target.read_bytes() == b"{\r\n}\n"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_write_atomic_keeps_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "c.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, "new\n", overwrite=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.yaml"
    previous = os.umask(0o027)
    try:
        write_atomic(fresh, "x\n", overwrite=True)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_write_atomic_follows_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, "new\n", overwrite=True)
    assert link.is_symlink()
    assert real.read_text() == "new\n"


def test_write_atomic_cleans_up_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "c.yaml"
    target.write_text("old\n")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new\n", overwrite=True)
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml"]


def test_write_atomic_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nope" / "c.yaml", "x\n", overwrite=True)
