"""Hostile file names and document text never reach a terminal or a CI log raw.

The GitHub and text formats of ``validate``, and ``status``, are run on names and
messages holding newlines, ``::`` workflow commands, ``%``, ESC, BEL, CR, C1 and bidi
controls and bytes that are not UTF-8; on both streams, no workflow command but the
command's own survives, and no terminal control character at all.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import citydiplomacy as cd
from citydiplomacy._base._report import Finding, Severity
from citydiplomacy._base._text import display_name, github_data, github_property, human
from citydiplomacy._batch import _engine as _batch
from citydiplomacy._cli import run
from citydiplomacy._outputs import _reporters

ROOT = Path(__file__).resolve().parents[1]
FICTIONAL = ROOT / "examples" / "fictional-villebelle-tilelli.yaml"

#: Pieces of hostile text; each test joins them in several ways.
HOSTILE = [
    "\n::stop-commands::pwned\n",
    "\n::error file=forged.yaml::forged\n",
    "::warning::at the start",
    "  ::notice::after spaces",
    "50%0A%25",
    "\x1b[2J\x1b]0;title\x07",
    "\x07bell",
    "\rOn 2026-09-01: in force",
    "\x9b31m c1 \x85 next line",
    "\u202egnp.yaml\u2066\u2069",
    "\u2028\u2029",
    "a,b:c",
]

#: A control character that a terminal or a log viewer could act on.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069\u2028\u2029]")
OWN_COMMAND = re.compile(r"\A::(error|warning) file=[^:,]*(,line=\d+(,col=\d+)?)?,title=[^:,]+::")


def assert_safe(text: str, *, github: bool) -> None:
    """No control character, and no line a runner would take for a workflow command
    except well-formed ``::error``/``::warning`` annotations (in GitHub output)."""
    assert not CONTROL.search(text), repr(text)
    text.encode("utf-8")  # strict: no lone surrogate
    for line in text.split("\n"):
        if line.lstrip().startswith("::"):
            assert github, repr(line)
            assert OWN_COMMAND.match(line), repr(line)


@pytest.mark.parametrize("piece", HOSTILE)
def test_escapers_neutralise_each_piece(piece: str) -> None:
    for text in (piece, f"x{piece}y", piece * 2):
        assert_safe(human(text), github=False)
        assert "\n" not in human(text)
        command = f"::error file={github_property(text)},title={github_property(text)}::"
        assert_safe(command + github_data(text), github=True)


@given(st.text())
def test_escapers_on_any_text(text: str) -> None:
    assert_safe(human(text), github=False)
    assert "\n" not in human(text)
    assert "\n" not in github_data(text)
    assert "\r" not in github_data(text)
    assert ":" not in github_property(text)
    assert "," not in github_property(text)
    display_name(text).encode("utf-8")


def test_formatters_on_hostile_findings() -> None:
    bad_name = os.fsdecode(b"bad\xff\xfe") + "".join(HOSTILE)
    for piece in [*HOSTILE, bad_name]:
        finding = Finding(
            "schema.enum", Severity.ERROR, ("title", piece), f"{piece} is not allowed", file=piece
        )
        assert_safe(_reporters.github_command(finding) + "\n", github=True)
        assert_safe(str(finding), github=False)
        outcome = _batch.Outcome(piece, problem=piece)
        assert_safe(_reporters._github_problem(outcome), github=True)
        json.dumps(_reporters.finding_json(finding), ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------- end to end


def _hostile_folder(tmp_path: Path) -> Path:
    """A folder of invalid convention files with hostile names (those the file system
    allows) and hostile text inside."""
    folder = tmp_path / "in"
    folder.mkdir()
    names = [p.replace("/", "_") for p in HOSTILE] + [os.fsdecode(b"caf\xe9\xff")]
    for index, piece in enumerate(names):
        body = f'title: "{piece.encode("unicode_escape").decode("ascii")}"\nkind: 5\n'
        (folder / f"{piece}{index}.yaml").write_text(
            body, encoding="utf-8", errors="surrogateescape"
        )
    return folder


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdin=io.BytesIO(), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.skipif(os.name != "posix", reason="file names with control characters")
@pytest.mark.parametrize("fmt", ["text", "github"])
def test_validate_output_is_safe_on_both_streams(tmp_path: Path, fmt: str) -> None:
    folder = _hostile_folder(tmp_path)
    code, out, err = _cli("validate", "--format", fmt, str(folder))
    assert code == 1
    assert out.count("\n") >= len(HOSTILE)
    assert_safe(out, github=fmt == "github")
    assert_safe(err, github=False)
    # Unreadable and missing paths, named on the command line, too.
    missing = str(tmp_path / "\n::error::missing\x1b[2J.yaml")
    code, out, err = _cli("validate", "--format", fmt, missing)
    assert code == 2
    assert_safe(out, github=fmt == "github")
    assert_safe(err, github=False)


def test_status_escapes_document_text(tmp_path: Path) -> None:
    document = cd.to_document(cd.load(FICTIONAL))
    document["title"]["fr"] = "\x1b[2J\rOn 2026-09-01: in force\n::error::forged\u202e"
    document["governance"]["bodies"][0]["name"]["fr"] = "\x07::warning::x\x1b[31m"
    path = tmp_path / "c.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = _cli("status", str(path), "--on", "2026-09-01")
    assert code == 0, err
    assert_safe(out, github=False)
    assert "\\x1b[2J" in out
    code, out, _ = _cli("status", str(path), "--on", "2026-09-01", "--format", "json")
    assert json.loads(out)["convention"]["title"] == document["title"]["fr"]


def test_finding_messages_quoting_document_values_are_escaped() -> None:
    report = cd.validate_text('kind: "\\e[2J\\a\\r::error::x"\n', name="t.yaml")
    for finding in report.findings:
        assert_safe(str(finding), github=False)


@pytest.mark.skipif(os.name != "posix", reason="file names with control characters")
def test_sarif_output_is_json_whatever_the_names(tmp_path: Path) -> None:
    folder = _hostile_folder(tmp_path)
    code, out, err = _cli("validate", "--format", "sarif", str(folder))
    assert code == 1
    out.encode("utf-8")  # strict: no lone surrogate
    results = json.loads(out)["runs"][0]["results"]
    assert (
        len({r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results})
        == len(HOSTILE) + 1
    )
    for result in results:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.isprintable()
        assert " " not in uri
    assert_safe(err, github=False)


@pytest.mark.skipif(os.name != "posix", reason="file names that are not UTF-8")
@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_names_not_utf8_under_a_strict_utf8_locale(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.yaml")).write_bytes(b"kind: 5\n")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-m", "citydiplomacy", "validate", "--format", fmt, str(folder)],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    out = result.stdout.decode("utf-8")  # strict: valid UTF-8
    if fmt == "sarif":
        # A URI: the file name's bytes, percent-encoded.
        location = json.loads(out)["runs"][0]["results"][0]["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"].endswith("caf%E9.yaml")
        return
    if fmt == "json":
        out = json.loads(out)["files"][0]["file"]
    assert "caf\\xe9.yaml" in out  # the same escape in every format
