"""``citydiplomacy upgrade`` and ``upgrade_text``: 1.0 files become 1.1, nothing else moves.

* every 1.0 file of the repository (as it was at the last 1.0 commit, kept in
  ``tests/data/upgrade``) upgrades to a file the 1.1 schema accepts, with the same
  values apart from the planned changes;
* YAML comments, quoting and layout survive; JSON keeps its key order and indentation;
* the upgrade is idempotent, ``--check`` changes nothing and says so by its exit code;
* unreadable or unsuitable input gives a clear error naming the file and exit 2, and
  a failed write leaves the file as it was.
"""

from __future__ import annotations

import difflib
import io
import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import citydiplomacy as cd
from citydiplomacy._checking._schema import schema
from citydiplomacy._cli import run
from citydiplomacy._io import _writing
from citydiplomacy._io._reading import Format, read_text
from citydiplomacy._io._upgrade import UpgradeError, UpgradeResult, upgrade_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_1_0 = ROOT / "schemas" / "1.0" / "convention.schema.json"

V10 = """\
# A convention file of format 1.0.
schema_version: "1.0"   # the version of the format
id: villebelle-tilelli
parties:
  # the two partners
  - id: villebelle
    kind: local_government
    role: partner
    name: {fr: Villebelle}
  - id: tilelli
    kind: local_government
    role: partner
    name:
      fr: Tilelli
term:
  start: "2016-03-01"
  # the council of Tilelli ended it
  terminated_on: "2019-05"   # by deliberation
  sources: [x]
"""


def _cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["upgrade", *map(str, argv)], stdin=io.BytesIO(), stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


def _format(path: str) -> Format:
    return "json" if path.endswith(".json") else "yaml"


def _document(text: str, format: Format = "yaml") -> Any:
    _, document, findings = read_text(text, name="<test>", format=format)
    assert not findings, [str(f) for f in findings]
    return document


# ---------------------------------------------------------------- every 1.0 file of the repository

CORPUS = Path(__file__).parent / "data" / "upgrade"


def _corpus() -> list[tuple[str, str]]:
    """(path, text) of every 1.0 file kept in ``tests/data/upgrade`` (see its README)."""
    return [
        (path.relative_to(CORPUS).as_posix(), path.read_bytes().decode("utf-8"))
        for path in sorted(CORPUS.rglob("*"))
        if path.suffix in (".yaml", ".yml", ".json")
    ]


CORPUS_FILES = _corpus()
CORPUS_IDS = [path for path, _ in CORPUS_FILES]


def test_the_corpus_holds_the_1_0_files_of_the_repository() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_1_0.read_text("utf-8")))
    paths = [path for path, _ in CORPUS_FILES]
    assert "examples/grenoble-tiznit.yaml" in paths
    assert "examples/grenoble-tiznit.json" in paths
    assert "examples/template.yaml" in paths
    assert {path.split("/")[0] for path in paths} == {"examples", "negative", "positive"}
    assert len(paths) >= 40
    for path, text in CORPUS_FILES:
        document = _document(text, _format(path))
        assert document["schema_version"] == "1.0", path
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(document)]
        assert not errors, (path, errors)


@pytest.mark.parametrize(("path", "text"), CORPUS_FILES, ids=CORPUS_IDS)
def test_every_1_0_file_upgrades_to_valid_1_1(path: str, text: str) -> None:
    format = _format(path)
    result = upgrade_text(text, format=format, name=path)
    assert result.changed
    before, after = _document(text, format), _document(result.text, format)
    assert after["schema_version"] == "1.1"
    errors = sorted(
        jsonschema.Draft202012Validator(schema()).iter_errors(after), key=lambda e: e.json_path
    )
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors]
    # Nothing but the planned changes: the version and a terminated_on that moved.
    before["schema_version"] = "1.1"
    term = before.get("term", {})
    if "terminated_on" in term:
        term["termination"] = {"date": term.pop("terminated_on")}
    assert after == before
    # The other lines stay as they were: each change rewrites one line of the file
    # (one more is allowed: ruamel.yaml writes `[1, {a: b}]` as `[1, a: b]`).
    removed = [
        line
        for line in difflib.ndiff(text.splitlines(), result.text.splitlines())
        if line.startswith("- ")
    ]
    assert len(removed) <= len(result.changes) + 1, removed


@pytest.mark.parametrize(("path", "text"), CORPUS_FILES, ids=CORPUS_IDS)
def test_upgrade_is_idempotent(path: str, text: str) -> None:
    format = _format(path)
    once = upgrade_text(text, format=format, name=path)
    twice = upgrade_text(once.text, format=format, name=path)
    assert twice == UpgradeResult(text=once.text)
    assert not twice.changed


# ---------------------------------------------------------------- what changes, what stays


def test_yaml_comments_quotes_and_order_survive() -> None:
    result = upgrade_text(V10, format="yaml", name="v.yaml")
    assert result.text == V10.replace('"1.0"   #', '"1.1"   #').replace(
        '  terminated_on: "2019-05"   # by deliberation\n',
        '  termination:\n    date: "2019-05"   # by deliberation\n',
    )
    assert result.changes == (
        '$.schema_version: "1.0" -> "1.1"',
        "$.term.terminated_on: moved to $.term.termination.date",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('---\nschema_version: "1.0"\nid: x\n...\n', '---\nschema_version: "1.1"\nid: x\n...\n'),
        ("# head\n---\nschema_version: '1.0'\nid: x", "# head\n---\nschema_version: '1.1'\nid: x"),
        (
            'schema_version:   "1.0"  # v\r\nid:    x\r\n',
            'schema_version:   "1.1"  # v\r\nid:    x\r\n',
        ),
        (
            'schema_version: "1.0"\r\nterm:\r\n  terminated_on: "2019-05"\r\n  sources: []\r\n',
            'schema_version: "1.1"\r\nterm:\r\n  termination:\r\n    date: "2019-05"\r\n'
            "  sources: []\r\n",
        ),
        (
            "schema_version: 1.0\nterm: {start: '2016', terminated_on: 2019-05, sources: []}\n",
            'schema_version: "1.1"\n'
            "term: {start: '2016', termination: {date: 2019-05}, sources: []}\n",
        ),
        (
            "schema_version: '1.0'\nterm:\n    terminated_on: 2019-05\n"
            "    termination:\n        reason: {en: x}\n",
            "schema_version: '1.1'\nterm:\n    termination:\n"
            "        date: 2019-05\n        reason: {en: x}\n",
        ),
        (
            "schema_version: '1.0'\nterm:\n  termination:\n    date: '2019-05'\n"
            "  terminated_on: '2019-05'   # the same\n",
            "schema_version: '1.1'\nterm:\n  termination:\n    date: '2019-05'\n",
        ),
        (  # a folded scalar: rewritten by ruamel.yaml, same values
            "schema_version: '1.0'\nterm:\n  terminated_on: >-\n    2019-05\n",
            "schema_version: '1.1'\nterm:\n  termination:\n    date: >-\n      2019-05\n",
        ),
    ],
    ids=[
        "document-markers",
        "comment-before-marker-no-final-newline",
        "spacing-and-crlf",
        "move-with-crlf",
        "flow-term",
        "four-space-indent-fill",
        "same-date-dropped",
        "folded-scalar",
    ],
)
def test_yaml_is_edited_where_it_changes(text: str, expected: str) -> None:
    assert upgrade_text(text, format="yaml").text == expected


def test_strings_that_look_like_other_things_keep_their_quotes() -> None:
    text = (
        "schema_version: '1.0'\n"
        "id: x\n"
        "parties: []\n"
        'extensions:\n  a:b: "NO"\n  a:c: yes\n  a:d: NO\n  a:e: "2025-01-15"\n'
        "  a:f: 2025-01-15\n  a:g: '012'\n  a:h: 1_000\n  a:i: null\n"
    )
    result = upgrade_text(text, format="yaml")
    assert result.text == text.replace("'1.0'", "'1.1'")
    assert _document(result.text)["extensions"] == {
        "a:b": "NO",
        "a:c": "yes",
        "a:d": "NO",
        "a:e": "2025-01-15",
        "a:f": "2025-01-15",
        "a:g": "012",
        "a:h": "1_000",
        "a:i": None,
    }


def test_an_unquoted_version_number_becomes_a_quoted_string() -> None:
    result = upgrade_text("schema_version: 1.0\nid: x\n", format="yaml")
    assert result.text == 'schema_version: "1.1"\nid: x\n'


@pytest.mark.parametrize("indent", [None, 2, 4, "\t"])
def test_json_keeps_key_order_and_indentation(indent: int | str | None) -> None:
    document = {
        "schema_version": "1.0",
        "id": "x",
        "term": {"terminated_on": "2019-05", "start": "2016"},
        "parties": [],
        "extensions": {"z:last": "é", "a:first": 1.5},
    }
    text = json.dumps(document, indent=indent, ensure_ascii=False) + "\n"
    result = upgrade_text(text, format="json")
    expected = {
        "schema_version": "1.1",
        "id": "x",
        "term": {"termination": {"date": "2019-05"}, "start": "2016"},
        "parties": [],
        "extensions": {"z:last": "é", "a:first": 1.5},
    }
    assert result.text == json.dumps(expected, indent=indent, ensure_ascii=False) + "\n"


def test_json_laid_out_by_hand_keeps_its_layout() -> None:
    text = (
        '{\n  "schema_version": "1.0",   "id": "x",\n'
        '  "term": {"start": "2016", "terminated_on": "2019-05", "sources": []},\n'
        '  "parties": [ {"id": "a"} ]\n}'
    )
    assert upgrade_text(text, format="json").text == (
        '{\n  "schema_version": "1.1",   "id": "x",\n'
        '  "term": {"start": "2016", "termination": {"date": "2019-05"}, "sources": []},\n'
        '  "parties": [ {"id": "a"} ]\n}'
    )
    joined = (
        '{"schema_version": "1.0", '
        '"term": {"terminated_on": "2019-05", "termination": {"reason": {"en": "x"}}}}'
    )
    assert upgrade_text(joined, format="json").text == (
        '{"schema_version": "1.1", '
        '"term": {"termination": {"date": "2019-05", "reason": {"en": "x"}}}}'
    )


def test_json_written_in_ascii_stays_ascii() -> None:
    text = '{"schema_version": "1.0", "id": "x", "title": {"fr": "\\u00e9t\\u00e9"}}'
    result = upgrade_text(text, format="json")
    assert result.text == text.replace("1.0", "1.1")


@pytest.mark.parametrize(
    ("termination", "expected", "note"),
    [
        ({"reason": {"en": "merger"}}, {"date": "2019-05", "reason": {"en": "merger"}}, None),
        ({"date": "2019-05"}, {"date": "2019-05"}, None),
        ({"date": "2019-06"}, {"date": "2019-06"}, "disagree"),
    ],
    ids=["termination-without-date", "same-date", "different-dates"],
)
def test_terminated_on_joins_an_existing_termination(
    termination: dict[str, Any], expected: dict[str, Any], note: str | None
) -> None:
    document = {
        "schema_version": "1.0",
        "id": "x",
        "term": {"terminated_on": "2019-05", "termination": termination},
    }
    result = upgrade_text(json.dumps(document, indent=2), format="json")
    term = json.loads(result.text)["term"]
    assert term["termination"] == expected
    if note is None:
        assert "terminated_on" not in term
        assert not any("terminated_on" in n for n in result.notes)
    else:
        assert term["terminated_on"] == "2019-05"
        assert any(note in n and "term.termination-mismatch" in n for n in result.notes)


def test_notes_for_what_a_person_must_decide() -> None:
    document = {
        "schema_version": "1.0",
        "id": "x",
        "authoritative_language": "fr",
        "title": {"en": "Convention", "fr": "Convention"},
        "deliberations": [{"id": "d", "party": "a", "date": "2025-01-10"}],
        "signature": {"date": "2025", "date_note": {"en": "spring 2025"}},
        "related_instruments": [
            {
                "relation": "follows",
                "instrument": "y",
                "date": "2019",
                "date_note": {"fr": "vers 2019"},
            }
        ],
        "actions": [{"id": "a1", "budget": [{"funder": "a", "currency": "EUR"}]}],
        "governance": {"meetings": [{"id": "m", "start": "2026-01-01T10:00", "time_zone": "UTC"}]},
    }
    notes = upgrade_text(json.dumps(document), format="json").notes
    text = "\n".join(notes)
    assert "$.actions[0].budget[0] has no `commitment`" in text
    assert "`indicative`" in text
    assert "$.actions[0].budget[0] has no `nature`" in text
    assert "$.governance.meetings[0] has no `status`" in text
    assert "$.deliberations[0] has no `purpose`" in text
    assert '$.signature.date is "2025"' in text
    assert '"2025-21"' in text
    assert '"2019~"' in text
    assert "$.title" in text
    assert "primary" in text
    assert all(note.startswith("$") for note in notes)


def test_upgrade_is_the_fix_for_a_1_0_file_using_1_1() -> None:
    text = V10.replace('term:\n  start: "2016-03-01"', 'term:\n  start: "2016-21"')
    text = text.replace("  sources: [x]\n", "")
    before = cd.validate_text(text, format="yaml")
    assert "version.needs-1.1" in {f.rule for f in before.findings}
    assert "citydiplomacy upgrade" in str(before.findings)
    after = cd.validate_text(upgrade_text(text, format="yaml").text, format="yaml")
    assert after.valid, [str(f) for f in after.findings]


def test_a_1_1_file_is_left_alone() -> None:
    text = V10.replace('"1.0"', '"1.1"')
    assert upgrade_text(text, format="yaml") == UpgradeResult(text=text)


@given(
    st.dictionaries(
        st.from_regex(r"\A[a-z]{1,6}:[a-z]{1,6}\Z"),
        st.one_of(
            st.text(max_size=20),
            st.integers(-(2**53), 2**53),
            st.booleans(),
            st.none(),
            st.lists(st.text(max_size=5), max_size=3),
        ),
        max_size=6,
    ),
    st.sampled_from(["json", "yaml"]),
)
def test_any_extension_value_survives(extensions: dict[str, Any], format: Format) -> None:
    document = {"schema_version": "1.0", "id": "x", "extensions": extensions}
    text = _writing.to_json(document) if format == "json" else _writing.to_yaml(document)
    result = upgrade_text(text, format=format)
    assert _document(result.text, format) == {**document, "schema_version": "1.1"}


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("text", "format", "error", "message"),
    [
        ("schema_version: '1.0'\nid: [unclosed\n", "yaml", cd.ConventionError, "v.yaml:"),
        ('{"schema_version": "1.0",}', "json", cd.ConventionError, "v.yaml:"),
        ("schema_version: '1.0'\nid: a\nid: b\n", "yaml", cd.ConventionError, "id"),
        ("- a list\n", "yaml", cd.ConventionError, "v.yaml"),
        ("id: x\n", "yaml", UpgradeError, "schema_version is missing"),
        ("schema_version: '2.0'\n", "yaml", UpgradeError, '"2.0"'),
    ],
    ids=["yaml-syntax", "json-syntax", "duplicate-key", "not-an-object", "no-version", "future"],
)
def test_bad_input_raises_a_clear_error(
    text: str, format: Format, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        upgrade_text(text, format=format, name="v.yaml")
    assert "v.yaml" in str(raised.value)
    assert message in str(raised.value)


def test_format_must_be_json_or_yaml() -> None:
    with pytest.raises(ValueError, match="'json' or 'yaml'"):
        upgrade_text(V10, format="toml")  # type: ignore[arg-type]


# ---------------------------------------------------------------- the command


def test_command_upgrades_in_place_and_reports(tmp_path: Path) -> None:
    target = tmp_path / "v.yaml"
    target.write_text(V10, encoding="utf-8")
    code, out, err = _cli(target)
    assert code == 0, err
    assert target.read_text("utf-8") == upgrade_text(V10, format="yaml").text
    assert f"{target}: upgraded to 1.1" in out
    assert "changed: $.term.terminated_on: moved to $.term.termination.date" in out
    assert "1 file upgraded" in err
    code, out, err = _cli(target)
    assert (code, out) == (0, f"{target}: already 1.1, unchanged\n")
    assert "1 file already 1.1" in err


def test_check_changes_nothing_and_exits_1(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(V10, encoding="utf-8")
    new.write_text(upgrade_text(V10, format="yaml").text, encoding="utf-8")
    stamp = old.stat().st_mtime_ns
    code, out, _ = _cli("--check", old, new)
    assert code == 1
    assert f"{old}: would upgrade to 1.1" in out
    assert old.read_text("utf-8") == V10
    assert old.stat().st_mtime_ns == stamp
    assert _cli("--check", new)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml", "old.yaml"]


def test_diff_is_a_patch_on_stdout(tmp_path: Path) -> None:
    target = tmp_path / "v.yaml"
    target.write_text(V10, encoding="utf-8")
    code, out, err = _cli("--check", "--diff", target)
    assert code == 1
    assert out.startswith(f"--- {target}\n+++ {target}\n")
    assert '-schema_version: "1.0"   # the version of the format\n' in out
    assert '+schema_version: "1.1"   # the version of the format\n' in out
    assert "would upgrade" in err
    assert target.read_text("utf-8") == V10


def test_errors_exit_2_name_the_file_and_do_not_stop_the_others(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: '1.0'\nid: [unclosed\n", encoding="utf-8")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("schema_version: '1.0'\nid: caf\xe9\n".encode("latin-1"))
    future = tmp_path / "future.json"
    future.write_text('{"schema_version": "2.0"}', encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(V10, encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    code, _, err = _cli(broken, latin, future, missing, tmp_path, good)
    assert code == 2
    assert f"{broken}:3:1: error read.syntax" in err
    assert f"{latin}: not UTF-8" in err
    assert f'{future}: $.schema_version is "2.0"' in err
    assert f"{missing}: No such file or directory" in err
    assert f"{tmp_path} is a directory" in err
    assert "5 files with errors (unchanged)" in err
    assert broken.read_text("utf-8") == "schema_version: '1.0'\nid: [unclosed\n"
    assert good.read_text("utf-8") == upgrade_text(V10, format="yaml").text


def test_no_file_is_a_usage_error() -> None:
    code, _, err = _cli()
    assert code == 2
    assert "FILE" in err
    code, _, err = _cli("-")
    assert code == 2
    assert "does not read standard input" in err


def test_a_failed_write_leaves_the_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "v.yaml"
    target.write_text(V10, encoding="utf-8")

    def fail(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    code, _, err = _cli(target)
    assert code == 2
    assert "could not be written, it is unchanged" in err
    assert target.read_text("utf-8") == V10
    assert [p.name for p in tmp_path.iterdir()] == ["v.yaml"]  # no temporary file left


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "v.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + V10.encode("utf-8"))
    assert _cli(target)[0] == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8") == upgrade_text(V10, format="yaml").text


def test_the_upgraded_examples_validate(tmp_path: Path) -> None:
    for path, text in CORPUS_FILES:
        if path.startswith("examples/"):
            target = tmp_path / Path(path).name
            target.write_text(text, encoding="utf-8")
    assert len(list(tmp_path.iterdir())) == 5
    code, _, err = _cli(*sorted(tmp_path.iterdir()))
    assert code == 0, err
    for target in tmp_path.iterdir():
        report = cd.validate(target)
        assert report.valid, [str(f) for f in report.errors]
