"""Tests for reading JSON and YAML into plain documents (``citydiplomacy._io._reading``)."""

from __future__ import annotations

import gc
import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydiplomacy._base._report import DocumentPath, Finding, Severity
from citydiplomacy._io import _json_scan, _reading
from citydiplomacy._io._reading import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    MAX_FINDINGS,
    READ_RULES,
    Format,
    Source,
    detect_format,
    locate,
    locate_many,
    read_path,
    read_text,
)

from .strategies import JsonText, json_texts

DATA = Path(__file__).parent / "data" / "reading"
CONVENTION_JSON = (DATA / "convention.json").read_bytes()
CONVENTION_YAML = (DATA / "convention.yaml").read_bytes()


def only(findings: tuple[Finding, ...], rule: str) -> Finding:
    """The single finding, checked to have ``rule``."""
    assert len(findings) == 1, findings
    assert findings[0].rule == rule, findings
    return findings[0]


def read_one(data: bytes | str, rule: str, format: Format | None = None) -> Finding:
    """Read ``data`` expecting exactly one finding with ``rule`` and no document."""
    _, document, findings = read_text(data, name="doc", format=format)
    assert document is None
    finding = only(findings, rule)
    assert finding.severity is Severity.ERROR
    assert finding.file == "doc"
    return finding


def position(finding: Finding) -> tuple[int | None, int | None]:
    """(line, column) of a finding."""
    return finding.line, finding.column


# ---------------------------------------------------------------- valid files


def test_fixtures_read_without_findings() -> None:
    json_source, json_doc, json_findings = read_text(CONVENTION_JSON, name="c.json")
    yaml_source, yaml_doc, yaml_findings = read_text(CONVENTION_YAML, name="c.yaml")
    assert json_findings == yaml_findings == ()
    assert json_source.format == "json"
    assert yaml_source.format == "yaml"
    assert json_doc == json.loads(CONVENTION_JSON)
    assert isinstance(yaml_doc, dict)
    assert yaml_doc["parties"][1]["name"]["zgh-Tfng"] == "ⵜⴰⵎⵙⵎⵓⵏⵜ ⵏ ⵜⵉⵣⵏⵉⵜ"  # noqa: RUF001
    assert yaml_doc["parties"][0]["identifiers"][0]["value"] == "38185"


@pytest.mark.parametrize(
    "text",
    [
        CONVENTION_JSON,  # canonical 2-space indentation: the short cut
        orjson.dumps(json.loads(CONVENTION_JSON)),  # minified
        json.dumps(json.loads(CONVENTION_JSON), indent=4).encode(),  # \u escapes, 4 spaces
    ],
    ids=["canonical", "minified", "ascii-4-spaces"],
)
def test_json_layouts_read_the_same(text: bytes) -> None:
    _, document, findings = read_text(text)
    assert findings == ()
    assert document == json.loads(CONVENTION_JSON)


def test_bom_and_valid_file_accepted() -> None:
    for data in (b"\xef\xbb\xbf" + CONVENTION_JSON, b"\xef\xbb\xbf" + CONVENTION_YAML):
        source, document, findings = read_text(data)
        assert findings == ()
        assert isinstance(document, dict)
        assert source.text is not None
        assert not source.text.startswith("\ufeff")
    _, document, findings = read_text("\ufeffa: 1\n")
    assert (document, findings) == ({"a": 1}, ())


def test_bom_does_not_shift_columns() -> None:
    finding = read_one(b'\xef\xbb\xbf{"a": 1, "a": 2}', "read.duplicate-key")
    assert position(finding) == (1, 10)


CORE_SCHEMA = [
    ("NO", "NO"),
    ("no", "no"),
    ("yes", "yes"),
    ("Yes", "Yes"),
    ("on", "on"),
    ("off", "off"),
    ("y", "y"),
    ("n", "n"),
    ("true", True),
    ("True", True),
    ("TRUE", True),
    ("false", False),
    ("False", False),
    ("FALSE", False),
    ("tRUE", "tRUE"),
    ("null", None),
    ("Null", None),
    ("NULL", None),
    ("~", None),
    ("", None),
    ("nULL", "nULL"),
    ("0", 0),
    ("-0", 0),
    ("+1", 1),
    ("012", 12),
    ("0o17", 15),
    ("0x1F", 31),
    ("0x1f", 31),
    ("0b101", "0b101"),
    ("1_000", "1_000"),
    ("1.0", 1.0),
    ("1.", 1.0),
    (".5", 0.5),
    ("-.5", -0.5),
    ("1e3", 1000.0),
    ("1E-2", 0.01),
    ("-0.0", -0.0),
    ("2025-01-01", "2025-01-01"),
    ("2025-01", "2025-01"),
    ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
    ("12:30", "12:30"),
    ("1:20:30", "1:20:30"),
    ("NaN", "NaN"),
    ("Infinity", "Infinity"),
    (".iNF", ".iNF"),
    ("+.nan", "+.nan"),
    ("=", "="),
    ("'1'", "1"),
    ('"true"', "true"),
    ("''", ""),
]


@pytest.mark.parametrize(("scalar", "expected"), CORE_SCHEMA)
def test_yaml_scalars_follow_the_core_schema(scalar: str, expected: object) -> None:
    _, document, findings = read_text(f"v: {scalar}\n")
    assert findings == ()
    assert isinstance(document, dict)
    value = document["v"]
    assert type(value) is type(expected)
    assert repr(value) == repr(expected)


def test_yaml_merge_key_is_a_plain_key() -> None:
    _, document, findings = read_text("base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n")
    assert findings == ()
    assert document == {"base": {"x": 1}, "item": {"<<": {"x": 1}, "y": 2}}


def test_yaml_aliases_are_expanded_into_independent_copies() -> None:
    _, document, findings = read_text("a: &x {b: [1]}\nc: *x\n")
    assert findings == ()
    assert isinstance(document, dict)
    assert document == {"a": {"b": [1]}, "c": {"b": [1]}}
    assert document["a"] is not document["c"]


def test_yaml_core_tags_are_accepted() -> None:
    text = (
        "a: !!str 12\nb: !!int '12'\nc: !!float 1\nd: !!bool true\n"
        "e: !!null ''\nf: !!map {}\ng: !!seq []\n"
    )
    _, document, findings = read_text(text)
    assert findings == ()
    assert document == {"a": "12", "b": 12, "c": 1.0, "d": True, "e": None, "f": {}, "g": []}
    assert isinstance(document, dict)
    assert type(document["c"]) is float


def test_json_big_integers_stay_exact() -> None:
    big = 2**64 + 1
    _, document, findings = read_text(f'{{"n": {big}, "m": -{big}, "f": 1e300}}')
    assert findings == ()
    assert document == {"n": big, "m": -big, "f": 1e300}
    _, document, findings = read_text(f"n: {big}\n")
    assert (document, findings) == ({"n": big}, ())


def test_json_plus_and_escapes_in_strings_take_the_exact_path() -> None:
    text = '{"tz": "UTC+01", "e": "e+5", "esc": "a\\u003ab\\"c\\\\", "url": "https://x/y"}'
    _, document, findings = read_text(text)
    assert findings == ()
    assert document == json.loads(text)


def test_source_text_and_equality() -> None:
    source, _, _ = read_text("a: é\n".encode(), name="x.yaml")
    assert source.text == "a: é\n"
    assert source == Source("x.yaml", "a: é\n", "yaml")
    assert hash(source) == hash(Source("x.yaml", "a: é\n", "yaml"))
    assert Source("x.yaml", None, "yaml").text is None


# ---------------------------------------------------------------- bad input


def test_invalid_utf8() -> None:
    data = b'{\n  "a": "x",\n  "b": \xff\n}'
    finding = read_one(data, "read.encoding")
    assert position(finding) == (3, 8)
    assert "0xff" in finding.message
    assert "UTF-8" in finding.message
    finding = read_one(b"a: 1\nb: 2\nc: d\xc3\xa9f\xff\n", "read.encoding")
    assert position(finding) == (3, 7)
    assert finding.message == (
        "file is not valid UTF-8: byte 0xff at line 3, column 7; save the file as UTF-8"
    )


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("\ufeffa: 1\n".encode("utf-16-le"), "UTF-16"),
        ("\ufeffa: 1\n".encode("utf-16-be"), "UTF-16"),
        ("\ufeff{}".encode("utf-32-le"), "UTF-32"),
        ("\ufeff{}".encode("utf-32-be"), "UTF-32"),
        ("a: 1\n".encode("utf-16-le"), "UTF-16 or UTF-32"),
    ],
)
def test_utf16_and_utf32_rejected(data: bytes, encoding: str) -> None:
    finding = read_one(data, "read.encoding")
    assert position(finding) == (1, 1)
    assert encoding in finding.message
    assert "save the file as UTF-8" in finding.message


def test_lone_surrogate_in_text() -> None:
    finding = read_one("a: 1\nb: x\ud800\n", "read.encoding")
    assert position(finding) == (2, 5)
    assert "U+D800" in finding.message


def test_truncated_json() -> None:
    finding = read_one('{\n  "a": [1, 2', "read.syntax")
    assert position(finding) == (2, 13)
    assert finding.message.startswith("unexpected end of file: the JSON is truncated")
    assert "closing ']' for the array opened at line 2, column 8" in finding.message
    finding = read_one('{"a": "abc', "read.syntax")
    assert "inside the string that starts at line 1, column 7" in finding.message


def test_truncated_yaml() -> None:
    finding = read_one('a: 1\nb: "abc', "read.syntax")
    assert position(finding) == (2, 8)
    assert "truncated" in finding.message
    finding = read_one("a: [1, 2", "read.syntax")
    assert "truncated" in finding.message
    assert "line 1, column 4" in finding.message


def test_trailing_garbage_json() -> None:
    finding = read_one('{"a": 1}\n}', "read.syntax")
    assert position(finding) == (2, 1)
    assert "after the end of the JSON document" in finding.message


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a:\n\tb: 1\n", (2, 1)),
        ("a:\n  b: 1\n\tc: 2\n", (3, 1)),
        ("a:\n  - x\n\t- y\n", (3, 1)),
        ("- a\n-\tb\n", (2, 2)),
        ("\ta: 1\n", (1, 1)),
        ("a: |\n\tx\n", (2, 1)),
    ],
)
def test_tabs_in_yaml_indentation(text: str, where: tuple[int, int]) -> None:
    finding = read_one(text, "read.syntax")
    assert position(finding) == where
    assert "tabs are not allowed for indentation" in finding.message
    assert "spaces" in finding.message


def test_tabs_elsewhere_in_yaml_are_fine() -> None:
    _, document, findings = read_text("a:\t1\nb: [1,\t2]\nc: 'x\ty'\n")
    assert findings == ()
    assert document == {"a": 1, "b": [1, 2], "c": "x\ty"}


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb() -> None:
    finding = read_one(BILLION_LAUGHS, "read.alias-expansion")
    assert "alias bomb" in finding.message
    assert "limit 100,000" in finding.message
    assert (finding.path, position(finding)) == (("i",), (9, 4))


def test_alias_reuse_below_the_limit_is_fine() -> None:
    text = "a: &a [1, 2, 3]\n" + "".join(f"k{i}: *a\n" for i in range(1000))
    _, document, findings = read_text(text)
    assert findings == ()
    assert isinstance(document, dict)
    assert len(document) == 1001


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "a: &x {b: *x}\n", "a: &x [[[*x]]]\n"])
def test_recursive_alias(text: str) -> None:
    finding = read_one(text, "read.recursive-alias")
    assert position(finding) == (1, 4)


def test_multiple_documents() -> None:
    finding = read_one("a: 1\n---\nb: 2\n", "read.multiple-documents")
    assert position(finding) == (2, 1)


DEEP = 10_000


def test_json_too_deep() -> None:
    finding = read_one("[" * DEEP + "]" * DEEP, "read.too-deep")
    assert position(finding) == (1, MAX_DEPTH + 1)
    assert finding.message == "nesting deeper than 64 levels; a convention needs far fewer"
    text = '{"a": ' * 100 + "1" + "}" * 100
    finding = read_one(text, "read.too-deep")
    assert finding.path == ("a",) * MAX_DEPTH
    assert finding.line == 1


def test_yaml_flow_too_deep() -> None:
    for levels in (DEEP, 100_000):
        finding = read_one("[" * levels + "]" * levels, "read.too-deep", format="yaml")
        assert position(finding) == (1, MAX_DEPTH + 1)
    finding = read_one("a: " + "{b: " * 100 + "1" + "}" * 100, "read.too-deep")
    assert finding.line == 1


def test_yaml_block_too_deep() -> None:
    finding = read_one("- " * DEEP + "x\n", "read.too-deep")
    assert position(finding) == (1, 2 * MAX_DEPTH + 1)
    text = "".join(" " * i + f"k{i}:\n" for i in range(DEEP // 10)) + " " * (DEEP // 10) + "x\n"
    finding = read_one(text, "read.too-deep")
    assert position(finding) == (MAX_DEPTH + 1, MAX_DEPTH + 1)


@pytest.mark.parametrize("format", ["json", "yaml"])
def test_depth_limit_is_exact(format: Format) -> None:
    def nested(levels: int) -> str:
        return '{"a": ' * (levels - 1) + "{}" + "}" * (levels - 1)

    _, document, findings = read_text(nested(MAX_DEPTH), format=format)
    assert findings == ()
    assert document is not None
    finding = read_one(nested(MAX_DEPTH + 1), "read.too-deep", format=format)
    assert finding.path == ("a",) * MAX_DEPTH


def test_yaml_depth_without_a_nesting_limit_in_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """When composing might overflow the C stack, events are checked first."""
    monkeypatch.setattr(_reading, "_composer_is_safe", lambda: False)
    finding = read_one("[" * DEEP + "]" * DEEP, "read.too-deep", format="yaml")
    assert finding.line == 1
    finding = read_one("- " * DEEP + "x\n", "read.too-deep")
    assert position(finding) == (1, 2 * MAX_DEPTH + 1)
    _, document, findings = read_text(CONVENTION_YAML)
    assert findings == ()
    assert document is not None
    source, _, _ = read_text(CONVENTION_YAML)
    assert locate(source, ("parties", 1)) is not None


def test_deep_yaml_in_a_small_thread_does_not_crash() -> None:
    results: list[tuple[str, ...]] = []

    def work() -> None:
        texts = ["[" * DEEP + "]" * DEEP, "- " * DEEP + "x\n"]
        results.extend(tuple(f.rule for f in read_text(t, format="yaml")[2]) for t in texts)

    previous = threading.stack_size(256 * 1024)
    try:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(previous)
    assert results == [("read.too-deep",), ("read.too-deep",)]


def test_too_large(tmp_path: Path) -> None:
    data = b"{" + b" " * DEFAULT_MAX_BYTES + b"}"
    finding = read_one(data, "read.too-large")
    assert "10.0 MiB" in finding.message
    assert "--max-bytes" in finding.message
    assert f"{len(data):,} bytes" in finding.message
    assert position(finding) == (1, 1)
    _, document, findings = read_text(data, max_bytes=len(data))
    assert (document, findings) == ({}, ())
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 200 + b"\n")
    _, document, findings = read_path(path, max_bytes=100)
    assert document is None
    assert only(findings, "read.too-large").file == str(path)
    _, document, findings = read_text("é" * 60, max_bytes=100)
    assert only(findings, "read.too-large")


@pytest.mark.parametrize(
    ("text", "word", "where"),
    [
        ('{"a": NaN}', "NaN", (1, 7)),
        ('{"a": Infinity}', "Infinity", (1, 7)),
        ('{"a": [1,\n -Infinity]}', "-Infinity", (2, 2)),
        ('{"a": 1e400}', "1e400", (1, 7)),
        ("a: .nan\n", ".nan", (1, 4)),
        ("a: .NaN\n", ".NaN", (1, 4)),
        ("a: .inf\n", ".inf", (1, 4)),
        ("a:\n  - -.Inf\n", "-.Inf", (2, 5)),
        ("a: +.INF\n", "+.INF", (1, 4)),
        ("a: 1e400\n", "1e400", (1, 4)),
    ],
)
def test_non_finite_numbers(text: str, word: str, where: tuple[int, int]) -> None:
    finding = read_one(text, "read.non-finite")
    assert position(finding) == where
    assert word in finding.message


def test_huge_integer_literal() -> None:
    digits = "1" * 5000
    finding = read_one(f"a: {digits}\n", "read.number-range")
    assert position(finding) == (1, 4)
    finding = read_one(f'{{"a": {digits}}}', "read.number-range")
    assert position(finding) == (1, 7)


def test_duplicate_keys_json() -> None:
    text = '{\n  "a": 1,\n  "b": {"x": 1, "y": 2, "x": 3},\n  "a": 2\n}'
    _, document, findings = read_text(text, name="d.json")
    assert document is None
    assert [(f.rule, f.path, f.line, f.column) for f in findings] == [
        ("read.duplicate-key", ("b",), 3, 25),
        ("read.duplicate-key", (), 4, 3),
    ]
    assert "'x'" in findings[0].message
    assert "first at line 3, column 9" in findings[0].message


def test_duplicate_keys_json_hidden_by_escapes() -> None:
    # The same key spelled with an escape, and a ':' escape that balances the count.
    finding = read_one('{"a": 1, "\\u0061": 2}', "read.duplicate-key")
    assert position(finding) == (1, 10)
    finding = read_one('{"a": 1, "a": 2, "b": "\\u003a"}', "read.duplicate-key")
    assert position(finding) == (1, 10)


def test_duplicate_keys_yaml() -> None:
    text = "a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\na: 2\n"
    _, document, findings = read_text(text)
    assert document is None
    assert [(f.rule, f.path, f.line, f.column) for f in findings] == [
        ("read.duplicate-key", ("b",), 5, 3),
        ("read.duplicate-key", (), 6, 1),
    ]
    assert "first at line 3, column 3" in findings[0].message
    finding = read_one("{a: 1, 'a': 2}", "read.duplicate-key", format="yaml")
    assert position(finding) == (1, 8)


def test_findings_are_capped_and_repeats_stay_cheap() -> None:
    keys = 20_000
    text = "".join(f"k{i}: 1\n" for i in range(keys))
    text += "".join(f"k{i}: 2\n" for i in reversed(range(keys)))
    _, document, findings = read_text(text)
    assert document is None
    assert len(findings) == MAX_FINDINGS
    assert {f.rule for f in findings} == {"read.duplicate-key"}
    json_text = "{" + ", ".join('"a": 1' for _ in range(MAX_FINDINGS + 500)) + "}"
    _, _, findings = read_text(json_text)
    assert len(findings) == MAX_FINDINGS


@pytest.mark.parametrize(
    ("text", "quoted", "where"),
    [
        ("1: x\n", "'1'", (1, 1)),
        ("a:\n  true: x\n", "'true'", (2, 3)),
        ("~: x\n", "'~'", (1, 1)),
        ("null: x\n", "'null'", (1, 1)),
        ("? \n: x\n", "''", (1, 2)),
        ("1.5: x\n", "'1.5'", (1, 1)),
        ("0x1F: x\n", "'0x1F'", (1, 1)),
        (".nan: x\n", "'.nan'", (1, 1)),
        ("!!int 7: x\n", "'7'", (1, 1)),
    ],
)
def test_non_string_keys(text: str, quoted: str, where: tuple[int, int]) -> None:
    finding = read_one(text, "read.key-type")
    assert position(finding) == where
    assert finding.message.startswith("keys must be strings")
    assert f"quote it: {quoted}" in finding.message


@pytest.mark.parametrize("text", ["? [1, 2]\n: x\n", "? {a: 1}\n: x\n", "[a]: x\n"])
def test_complex_keys(text: str) -> None:
    finding = read_one(text, "read.key-type", format="yaml")
    assert finding.message.startswith("keys must be strings")
    assert finding.line == 1


def test_key_like_strings_are_fine_quoted_or_not() -> None:
    _, document, findings = read_text("'1': x\nNO: y\nyes: z\n2025-01-01: d\n")
    assert findings == ()
    assert document == {"1": "x", "NO": "y", "yes": "z", "2025-01-01": "d"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: !!binary aGVsbG8=\n", "!!binary"),
        ("a: !!set {x, y}\n", "!!set"),
        ("a: !!omap [{x: 1}]\n", "!!omap"),
        ("a: !!pairs [{x: 1}]\n", "!!pairs"),
        ("a: !!timestamp 2025-01-01\n", "!!timestamp"),
        ("a: !!python/object/apply:os.system [echo hi]\n", "!!python/object/apply:os.system"),
        ("a: !!python/tuple [1]\n", "!!python/tuple"),
        ("a: !custom x\n", "!custom"),
        ("a: !<tag:example.com,2025:x> x\n", "!<tag:example.com,2025:x>"),
        ("a: !!seq {x: 1}\n", "!!seq"),
        ("a: !!map [1]\n", "!!map"),
    ],
)
def test_yaml_tags(text: str, shown: str) -> None:
    finding = read_one(text, "read.yaml-tag")
    assert position(finding) == (1, 4)
    assert finding.path == ("a",)
    assert shown in finding.message


def test_core_tag_with_a_wrong_value() -> None:
    finding = read_one("a: !!int abc\n", "read.yaml-tag")
    assert "'abc' is not a valid !!int" in finding.message


@pytest.mark.parametrize(
    ("data", "format"),
    [
        (b"", None),
        (b"   \n\t\n", None),
        (b"# nothing here\n\n# still nothing\n", None),
        (b"---\n", None),
        (b"---\n...\n", None),
        (b"", "json"),
        (b" \n", "json"),
        (b"// comment\n", "json"),
    ],
)
def test_empty_file(data: bytes, format: Format | None) -> None:
    finding = read_one(data, "read.empty", format=format)
    assert "empty" in finding.message
    assert position(finding) == (1, 1)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("[1, 2]", "a list"),
        ("- a\n- b\n", "a list"),
        ('"text"', "a string"),
        ("just words", "a string"),
        ("42", "a number"),
        ("null", "null"),
        ("true", "a boolean"),
        (".nan", "a number"),
    ],
)
def test_top_level_must_be_an_object(text: str, found: str) -> None:
    finding = read_one(text, "read.not-an-object")
    assert finding.message == f"expected a convention object at the top level, found {found}"
    assert position(finding) == (1, 1)


def test_json_syntax_messages() -> None:
    cases = {
        "{'a': 1}": "double quotes",
        '{"a": 1,}': "trailing comma",
        '{"a" 1}': "expected ':'",
        '{"a": tru}': "unexpected word 'tru'",
        '{"a": 01}': "cannot start with 0",
        '{"a": "x\ty"}': "control character",
        '{"a": 1 // c\n}': "expected ',' or '}'",
        "{a: 1}": "key in double quotes",
    }
    for text, expected in cases.items():
        finding = read_one(text, "read.syntax", format="json")
        assert expected in finding.message, (text, finding.message)
        assert finding.line is not None


def test_yaml_syntax_messages() -> None:
    cases = {
        "a: b: c\n": "unexpected ':'",
        "a: 1\n- b\n": "did not find expected key",
        "x: *nope\n": "not defined",
        "a: &x 1\nb: &x 2\n": "defined twice",
        "a: @x\n": "cannot start any YAML token",
        "a: \x01\n": "U+0001",
        "%YAML 2.0\n---\na: 1\n": "incompatible",
    }
    for text, expected in cases.items():
        finding = read_one(text, "read.syntax")
        assert expected in finding.message, (text, finding.message)
        assert finding.line is not None


def test_control_character_position_after_non_ascii() -> None:
    finding = read_one("a: é\nb: x\x01\n", "read.syntax")
    assert position(finding) == (2, 5)


def test_parser_exceptions_become_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> Any:
        raise RuntimeError("simulated")

    monkeypatch.setattr(_reading, "_read_json", boom)
    finding = read_one("{}", "read.syntax")
    assert "RuntimeError: simulated" in finding.message
    monkeypatch.setattr(_reading, "_compose", boom)
    finding = read_one("a: 1\n", "read.syntax")
    assert "RuntimeError" in finding.message


@pytest.mark.parametrize("enabled", [True, False])
def test_gc_state_is_restored(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        if enabled:
            gc.enable()
        else:
            gc.disable()
        read_text(CONVENTION_YAML)
        read_text(CONVENTION_JSON)
        read_text(b"\xff")
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


# ---------------------------------------------------------------- formats and files


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.json", "x: 1", "json"),
        ("A.JSON", "", "json"),
        ("a.yaml", "{}", "yaml"),
        ("a.YML", "[]", "yaml"),
        ("<stdin>", '  \n {"a": 1}', "json"),
        ("<stdin>", "[1]", "json"),
        (None, "\ufeff{}", "json"),
        (None, "a: 1", "yaml"),
        (None, "", "yaml"),
        ("notes.txt", "# {", "yaml"),
    ],
)
def test_detect_format(name: str | None, text: str, expected: Format) -> None:
    assert detect_format(name, text) == expected


def test_explicit_format_wins() -> None:
    source, document, findings = read_text('{"a": 1}', name="x.yaml", format="json")
    assert source.format == "json"
    assert (document, findings) == ({"a": 1}, ())
    finding = read_one("a: 1", "read.syntax", format="json")
    assert position(finding) == (1, 1)


def test_read_path(tmp_path: Path) -> None:
    json_path = tmp_path / "c.json"
    json_path.write_bytes(CONVENTION_JSON)
    yaml_path = tmp_path / "c.yml"
    yaml_path.write_bytes(CONVENTION_YAML)
    source, document, findings = read_path(json_path)
    assert (source.name, source.format, findings) == (str(json_path), "json", ())
    assert document == json.loads(CONVENTION_JSON)
    source, document, findings = read_path(str(yaml_path))
    assert (source.name, source.format, findings) == (str(yaml_path), "yaml", ())
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: 1\na: 2\n")
    _, _, findings = read_path(bad)
    assert only(findings, "read.duplicate-key").file == str(bad)


def test_read_path_errors_raise(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_path(tmp_path / "missing.yaml")
    with pytest.raises(OSError, match="directory"):
        read_path(tmp_path)
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "locked.yaml"
        locked.write_text("a: 1\n")
        locked.chmod(0)
        try:
            with pytest.raises(PermissionError):
                read_path(locked)
        finally:
            locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


# ---------------------------------------------------------------- locate


LOCATE_JSON = (
    '{\n  "id": "x",\n  "name": {"fr": "Tiznit", "ar": "تزنيت"},\n'
    '  "تزنيت": {"ⵜⵉⵣⵏⵉⵜ": [10, {"k": null}]},\n'
    '  "esc\\"aped\\u00e9": [true, "a\\nb", 1.5e3],\n'
    '  "empty": {}, "list": [], "🎉": "🎉"\n}\n'
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((), (1, 1)),
        (("id",), (2, 9)),
        (("name",), (3, 11)),
        (("name", "ar"), (3, 34)),
        (("تزنيت",), (4, 12)),
        (("تزنيت", "ⵜⵉⵣⵏⵉⵜ"), (4, 23)),
        (("تزنيت", "ⵜⵉⵣⵏⵉⵜ", 0), (4, 24)),
        (("تزنيت", "ⵜⵉⵣⵏⵉⵜ", 1), (4, 28)),
        (("تزنيت", "ⵜⵉⵣⵏⵉⵜ", 1, "k"), (4, 34)),
        (('esc"apedé',), (5, 22)),
        (('esc"apedé', 1), (5, 29)),
        (('esc"apedé', 2), (5, 37)),
        (("empty",), (6, 12)),
        (("list",), (6, 24)),
        (("🎉",), (6, 33)),
        (("name", "missing"), (3, 11)),
        (("تزنيت", "ⵜⵉⵣⵏⵉⵜ", 7), (4, 23)),
        (("id", "below", "a", "string"), (2, 9)),
        (("missing", 0), (1, 1)),
        (("list", 0), (6, 24)),
    ],
)
def test_locate_json(path: tuple[str | int, ...], expected: tuple[int, int]) -> None:
    source, _, findings = read_text(LOCATE_JSON)
    assert findings == ()
    assert locate(source, path) == expected


LOCATE_YAML = """\
id: x
name:
  fr: Tiznit
  ar: تزنيت
تزنيت:
  ⵜⵉⵣⵏⵉⵜ: [10, {k: null}]
"quoted key": &anchor
  - true
  - |
    literal
  - 1.5e3
alias: *anchor
"1": one
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((), (1, 1)),
        (("id",), (1, 5)),
        (("name",), (3, 3)),
        (("name", "ar"), (4, 7)),
        (("تزنيت", "ⵜⵉⵣⵏⵉⵜ"), (6, 11)),
        (("تزنيت", "ⵜⵉⵣⵏⵉⵜ", 1), (6, 16)),
        (("تزنيت", "ⵜⵉⵣⵏⵉⵜ", 1, "k"), (6, 20)),
        (("quoted key",), (7, 15)),
        (("quoted key", 1), (9, 5)),
        (("alias", 2), (11, 5)),
        (("1",), (13, 6)),
        (("name", "missing"), (3, 3)),
        (("quoted key", 5), (7, 15)),
        ((1,), (1, 1)),
    ],
)
def test_locate_yaml(path: tuple[str | int, ...], expected: tuple[int, int]) -> None:
    source, _, findings = read_text(LOCATE_YAML)
    assert findings == ()
    assert locate(source, path) == expected


def test_locate_many_parses_once_and_keeps_order() -> None:
    source, _, _ = read_text(CONVENTION_JSON)
    document = json.loads(CONVENTION_JSON)
    paths: list[DocumentPath] = [
        ("actions", i, "budget", 1, "amount") for i in range(len(document["actions"]))
    ]
    paths += [("parties", 1, "name", "zgh-Tfng"), ("nope",)]
    found = locate_many(source, paths)
    assert list(found) == paths
    for path, where in found.items():
        assert where is not None
        assert where == locate(source, path)
    yaml_source, _, _ = read_text(CONVENTION_YAML)
    assert all(v is not None for v in locate_many(yaml_source, paths).values())


def test_locate_never_raises() -> None:
    for text, format in [
        ('{"a": [1, 2', "json"),
        ("a: [1, 2", "yaml"),
        ("[" * DEEP, "yaml"),
        ("", "json"),
        ('{"a": 1} tail', "json"),
    ]:
        source = Source("x", text, format)  # type: ignore[arg-type]
        locate(source, ("a", 0))
    assert locate(Source("x", None, "json"), ("a",)) is None
    assert locate(Source("x", "a: [1, 2", "yaml"), ("a",)) is None
    assert locate(Source("x", '{"a": [1, 2', "json"), ("a", 1)) == (1, 11)


def test_finding_positions_use_locate_for_deep_json() -> None:
    text = '{"x": ' + "[" * 70 + "]" * 70 + "}"
    finding = read_one(text, "read.too-deep")
    assert finding.path == ("x",) + (0,) * (MAX_DEPTH - 1)
    assert position(finding) == (1, 7 + MAX_DEPTH - 1)


# ------------------------------------------------- locating skips what it does not need


def expected_position(
    text: str, offsets: dict[DocumentPath, int], path: DocumentPath
) -> tuple[int, int] | None:
    """Where ``path`` (or its deepest ancestor in ``offsets``) starts: 1-based, in characters."""
    for end in range(len(path), -1, -1):
        offset = offsets.get(path[:end])
        if offset is not None:
            before = text[:offset]
            return before.count("\n") + 1, offset - before.rfind("\n")
    return None


def full_scan_positions(
    text: str, paths: list[DocumentPath]
) -> dict[DocumentPath, tuple[int, int] | None]:
    """What locating in JSON gave before it skipped anything: one scan of every token."""
    offsets = _json_scan._scan_json(text, want=None, find_duplicates=False).positions
    return {path: expected_position(text, offsets, path) for path in paths}


def wanted_paths(offsets: dict[DocumentPath, int]) -> st.SearchStrategy[list[DocumentPath]]:
    """Paths to locate: values of the text, and paths below or beside them that do not exist."""
    existing = sorted(offsets, key=repr)

    def variants(path: DocumentPath) -> st.SearchStrategy[DocumentPath]:
        return st.sampled_from(
            [path, (*path, "missing"), (*path, 0), (*path, 3, "a"), (*path[:-1], "b"), (*path, "a")]
        )

    return st.lists(st.sampled_from(existing).flatmap(variants), min_size=1, max_size=6)


LOCATE_PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@LOCATE_PROPERTY
@given(json_texts(), st.data())
def test_locate_json_finds_what_was_written(laid_out: JsonText, data: st.DataObject) -> None:
    """Every layout, repeated keys, escapes and non-BMP keys: positions are the writer's."""
    paths = data.draw(wanted_paths(laid_out.offsets))
    found = locate_many(Source("t.json", laid_out.text, "json"), paths)
    expected = {path: expected_position(laid_out.text, laid_out.offsets, path) for path in paths}
    assert found == expected
    assert found == full_scan_positions(laid_out.text, paths)


BREAKAGES = [",", "]", "}", "[", "{", ":", '"', "NaN", "-Infinity", "01", "1.", "-", "tru", "\\"]


@LOCATE_PROPERTY
@given(json_texts(top_object=True), st.data())
def test_locate_invalid_json_stops_where_the_full_scan_stops(
    laid_out: JsonText, data: st.DataObject
) -> None:
    """In broken JSON, positions come from the text before the first bad token, as before."""
    text = laid_out.text
    # Array items start where a bad item and a comma leave all else valid.
    items = [offset for path, offset in laid_out.offsets.items() if path and type(path[-1]) is int]
    how = data.draw(st.sampled_from(["cut", "insert", "delete", "item"]))
    at = data.draw(st.sampled_from(items) if how == "item" and items else st.integers(0, len(text)))
    if how == "cut":
        text = text[:at]
    elif how == "delete":
        text = text[:at] + text[at + 1 :]
    elif how == "item" and items:
        text = text[:at] + data.draw(st.sampled_from(BREAKAGES)) + ", " + text[at:]
    else:
        text = text[:at] + data.draw(st.sampled_from(BREAKAGES)) + text[at:]
    paths = data.draw(wanted_paths(laid_out.offsets))
    found = locate_many(Source("t.json", text, "json"), paths)
    assert found == full_scan_positions(text, paths)


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        # A repeated key opens the same path again: the first occurrence of each path
        # counts, and a path missing from the first may be in the second.
        ('{"a": {"x": 1}, "b": 2, "a": {"y": 3}}', ("a", "y"), (1, 36)),
        ('{"a": {"x": 1}, "b": 2, "a": {"x": 3}}', ("a", "x"), (1, 13)),
        ('{"a": {"x": 1}, "b": 2, "a": {"y": 3}}', ("a", "z"), (1, 7)),
        ('{"a": [{"k": {"x": 1}, "k": {"y": 2}}]}', ("a", 0, "k", "y"), (1, 35)),
        ('{"a": {"b": [1]}, "a": {"b": [1, 2]}}', ("a", "b", 1), (1, 34)),
        # A bad token inside a value that is skipped stops the scan there, as it always
        # did: NaN and Infinity too, which the json module alone would accept.
        ('{"a": [1, NaN], "b": 2}', ("b",), (1, 1)),
        ('{"a": {"k": Infinity}, "b": 2}', ("b",), (1, 1)),
        ('{"a": [1, 2,], "b": 2}', ("b",), (1, 1)),
        ('{"a": "\x01", "b": 2}', ("b",), (1, 1)),
        ('{"a": [01], "b": 2}', ("b",), (1, 1)),
        ('{"a": 1.}', ("a",), (1, 7)),
        ('{"a": 1} trailing', ("a",), (1, 7)),
        # JSON that the full scan passes but the C scanner refuses (too deep, an integer
        # too long for int()), or orjson refuses (an escaped lone surrogate).
        ('{"a": ' + "[" * 5000 + "]" * 5000 + ', "b": 2}', ("b",), (1, 10014)),
        ('{"a": ' + "9" * 5000 + ', "b": 2}', ("b",), (1, 5014)),
        ('{"a": "\\ud800", "b": 2}', ("b",), (1, 22)),
    ],
)
def test_locate_json_edge_cases(text: str, path: DocumentPath, expected: tuple[int, int]) -> None:
    """Cases where stopping early or skipping a value whole could go wrong."""
    assert locate(Source("t.json", text, "json"), path) == expected
    assert full_scan_positions(text, [path]) == {path: expected}


# ---------------------------------------------------------------- robustness (hypothesis)


def check_result(data: bytes | str, format: Format | None = None) -> None:
    """Reading never raises and its result is consistent."""
    source, document, findings = read_text(data, name="fuzz", format=format)
    assert source.name == "fuzz"
    assert (document is None) == bool(findings)
    if document is not None:
        assert type(document) is dict
    for finding in findings:
        assert finding.rule in READ_RULES
        assert finding.severity is Severity.ERROR
        assert finding.line is None or finding.line >= 1
        assert finding.column is None or finding.column >= 1
    for path in [f.path for f in findings] + [("a",), ("parties", 0)]:
        where = locate(source, path)
        assert where is None or min(where) >= 1


FORMATS = st.sampled_from([None, "json", "yaml"])
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=300), FORMATS)
def test_arbitrary_bytes_never_raise(data: bytes, format: Format | None) -> None:
    check_result(data, format)


@FUZZ
@given(st.text(max_size=300), FORMATS)
def test_arbitrary_text_never_raises(text: str, format: Format | None) -> None:
    check_result(text, format)


YAML_ALPHABET = st.sampled_from(list(" \t\n-:?[]{},#&*!|>'\"%@`~.0123456789aeNnTty\\\x85\u2028é"))


@FUZZ
@given(st.text(YAML_ALPHABET, max_size=200))
def test_yaml_like_text_never_raises(text: str) -> None:
    check_result(text, "yaml")


JSON_ALPHABET = st.sampled_from(list(' \n{}[]:,"\\u0123456789abcdefnrtlsNIy.eE+-é'))


@FUZZ
@given(st.text(JSON_ALPHABET, max_size=200))
def test_json_like_text_never_raises(text: str) -> None:
    check_result(text, "json")


def mutate(data: bytes, draw: st.DrawFn) -> bytes:
    """Truncate, insert random bytes, delete a range or duplicate a line."""
    kind = draw(st.sampled_from(["truncate", "insert", "delete", "duplicate-line", "swap"]))
    size = len(data)
    at = draw(st.integers(0, size))
    if kind == "truncate":
        return data[:at]
    if kind == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    if kind == "delete":
        end = draw(st.integers(at, min(size, at + 200)))
        return data[:at] + data[end:]
    if kind == "swap":
        return (
            data[:at] + bytes([draw(st.sampled_from(b"\t:-[]{}\"'#&*!\x00\xff"))]) + data[at + 1 :]
        )
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    index = draw(st.integers(0, len(lines) - 1))
    return b"".join(lines[: index + 1] + lines[index:])


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[bytes, Format | None]:
    """A fixture with one to three mutations."""
    format = draw(st.sampled_from(["json", "yaml"]))
    data = CONVENTION_JSON if format == "json" else CONVENTION_YAML
    for _ in range(draw(st.integers(1, 3))):
        data = mutate(data, draw)
    return data, draw(st.sampled_from([format, None]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_documents())
def test_mutated_documents_never_raise(case: tuple[bytes, Format | None]) -> None:
    data, format = case
    check_result(data, format)


# Objects as lists of pairs, so keys can repeat; rendered with varied whitespace
# and escapes, to test the fast duplicate check against an exact reference.
KEYS = st.sampled_from(["a", "b", "é", "k:v", "a\\u003a", "x+y", "\\u0061", "1e+5", "\\\\"])
SCALARS = st.one_of(
    st.sampled_from(["1", "-2.5e+20", "0", "true", "null", '"a:b"', '"\\u003a"', '"+"', "1e+3"]),
    st.integers(-(2**70), 2**70).map(str),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: ("array", items)),
        st.lists(st.tuples(KEYS, inner), max_size=4).map(lambda pairs: ("object", pairs)),
    ),
    max_leaves=20,
)


def render(value: Any, space: str) -> str:
    """JSON text of a generated value, with ``space`` around punctuation."""
    if isinstance(value, str):
        return value
    kind, items = value
    if kind == "array":
        return "[" + f",{space}".join(render(item, space) for item in items) + "]"
    members = (f'"{key}"{space}:{space}{render(item, space)}' for key, item in items)
    return "{" + f",{space}".join(members) + space + "}"


def reference(text: str) -> tuple[bool, object]:
    """(has duplicate keys, value) by the standard library."""
    duplicated = False

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        nonlocal duplicated
        if len({key for key, _ in items}) != len(items):
            duplicated = True
        return dict(items)

    value = json.loads(text, object_pairs_hook=pairs)
    return duplicated, value


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(KEYS, JSON_VALUES), max_size=5), st.sampled_from(["", " ", "\n  "]))
def test_fast_json_checks_match_the_standard_library(
    pairs: list[tuple[str, Any]], space: str
) -> None:
    text = render(("object", pairs), space)
    duplicated, expected = reference(text)
    _, document, findings = read_text(text.encode(), format="json")
    if duplicated:
        assert document is None
        assert {f.rule for f in findings} == {"read.duplicate-key"}
    else:
        assert findings == ()
        assert repr(document) == repr(expected)
    canonical = json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    _, document, findings = read_text(canonical, format="json")
    assert findings == ()
    assert repr(document) == repr(expected)


@pytest.mark.skipif(not Path("/proc/version").exists(), reason="needs Linux /proc")
def test_read_path_reads_files_that_report_size_zero() -> None:
    # /proc files report st_size 0; their whole content must still be read.
    source, _document, _findings = read_path("/proc/version", format="yaml")
    assert source.text == Path("/proc/version").read_text("utf-8").lstrip("\ufeff")
