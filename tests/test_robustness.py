"""Bad inputs and hostile environments: a clear error naming the file and a truthful,
non-zero exit status; never a traceback, a hang, a silent pass or a wrong answer."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import citydiplomacy as cd
from citydiplomacy._checking._schema import first_sentence
from citydiplomacy._cli import run

ROOT = Path(__file__).resolve().parents[1]
FICTIONAL = ROOT / "examples" / "fictional-villebelle-tilelli.yaml"
REFERENCE = ROOT / "examples" / "grenoble-tiznit.yaml"
INVALID = ROOT / "tests" / "example-files" / "negative" / "schema-type.yaml"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX shell and FIFOs")


def cli(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "citydiplomacy", *argv]


# ---------------------------------------------------------------- silent passes


@posix_only
@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("validate", str(INVALID)), 1),
        (("validate", "--format", "json", str(REFERENCE)), 2),
        (("schema",), 2),
    ],
)
def test_a_broken_pipe_never_turns_into_success(argv: tuple[str, ...], expected: int) -> None:
    process = subprocess.Popen(command(*argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before anything is written
    _, err = process.communicate(timeout=120)
    assert process.returncode == expected, err
    assert b"Traceback" not in err
    assert b"Exception ignored" not in err


@posix_only
@pytest.mark.parametrize("redirect", ["<&-", ">&-", "<&- >&-"])
@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("validate", str(INVALID)), 1),
        (("validate", str(REFERENCE)), 0),
        (("status", str(FICTIONAL), "--on", "2026-09-01"), 0),
        (("validate", "-"), 2),
    ],
)
def test_closed_standard_streams_give_no_traceback(
    redirect: str, argv: tuple[str, ...], expected: int
) -> None:
    line = " ".join(f"'{a}'" for a in command(*argv)) + f" {redirect}"
    result = subprocess.run(["sh", "-c", line], capture_output=True, check=False, timeout=120)
    assert b"Traceback" not in result.stderr
    stdout_closed = ">&-" in redirect
    stdin_closed = "<&-" in redirect
    if argv[-1] == "-" and stdin_closed:
        assert b"standard input is closed" in result.stderr
        assert result.returncode == 2
    elif argv[-1] == "-":
        assert result.returncode == 1  # empty input: read.empty
    elif stdout_closed and expected == 0 and argv[0] == "status":
        assert result.returncode == 2  # its output was lost
        assert b"output was lost" in result.stderr
    else:
        assert result.returncode == expected, result.stderr


def test_scan_matches_suffixes_ignoring_case(tmp_path: Path) -> None:
    shutil.copy(REFERENCE, tmp_path / "valid.yaml")
    shutil.copy(INVALID, tmp_path / "INVALID.YAML")
    (tmp_path / "Invalid.Json").write_text("{", encoding="utf-8")
    code, out, err = cli("validate", str(tmp_path))
    assert code == 1
    assert "checked 3 files" in err
    assert "INVALID.YAML" in out
    assert "Invalid.Json" in out


@posix_only
def test_scan_says_what_it_skips(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    shutil.copy(INVALID, tmp_path / "real" / "bad.yaml")
    (tmp_path / "top").mkdir()
    shutil.copy(REFERENCE, tmp_path / "top" / "ok.yaml")
    (tmp_path / "top" / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "top" / ".hidden").mkdir()
    (tmp_path / "top" / ".draft.yaml").write_text("kind: 5\n")
    code, _, err = cli("validate", str(tmp_path / "top"))
    assert code == 0
    assert "checked 1 file" in err
    assert f"{tmp_path / 'top' / 'linked'}: skipped: symbolic link to a folder" in err
    assert f"{tmp_path / 'top' / '.hidden'}: skipped: hidden folder" in err
    assert f"{tmp_path / 'top' / '.draft.yaml'}: skipped: hidden file" in err


# ---------------------------------------------------------------- FIFOs


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "c.yaml"
    os.mkfifo(fifo)
    return fifo


def _within(seconds: float, call: Callable[[], Any]) -> Any:
    """``call()``'s result, failing (not hanging) if it takes longer than ``seconds``."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(_catch(call)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked"
    return result[0]


def _catch(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except Exception as exc:
        return exc


@posix_only
@pytest.mark.parametrize(
    "argv",
    [
        ("status", "{}"),
        ("export", "{}", "--to", "ics"),
        ("validate", "{}"),
    ],
)
def test_commands_refuse_a_fifo_without_blocking(tmp_path: Path, argv: tuple[str, ...]) -> None:
    fifo = _fifo(tmp_path)
    code, _, err = _within(30, lambda: cli(*(a.format(fifo) for a in argv)))
    assert code == 2
    assert str(fifo) in err
    assert "named pipe" in err


@posix_only
@pytest.mark.parametrize("function", [cd.load, cd.validate])
def test_api_refuses_a_fifo_without_blocking(tmp_path: Path, function: Any) -> None:
    fifo = _fifo(tmp_path)
    error = _within(30, lambda: function(fifo))
    assert isinstance(error, OSError)
    assert error.filename == str(fifo)
    assert "not a regular file" in str(error)


# ---------------------------------------------------------------- sizes


@pytest.mark.parametrize("size", ["100G", "99999999999G"])
def test_a_huge_max_bytes_never_allocates_it(tmp_path: Path, size: str) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_bytes(b"")
    code, out, _ = cli("validate", "--max-bytes", size, str(empty))
    assert code == 1
    assert "read.empty" in out
    code, out, _ = cli("validate", "--max-bytes", size, "-", stdin=REFERENCE.read_bytes())
    assert code == 0, out


def test_stdin_over_the_limit_is_not_given_a_made_up_size() -> None:
    code, out, _ = cli("validate", "--max-bytes", "1k", "-", stdin=b"a: 1\n" * 1000)
    assert code == 1
    assert "read.too-large" in out
    assert "1,025 bytes" not in out
    assert "larger than the limit of 1.0 KiB (1,024 bytes)" in out


# ---------------------------------------------------------------- output options


def test_export_dash_means_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("export", str(FICTIONAL), "--to", "ics", "-o", "-")
    assert code == 0
    assert out.startswith("BEGIN:VCALENDAR")
    assert not (tmp_path / "-").exists()


# ---------------------------------------------------------------- the calendar


def _with_title(title: str) -> cd.Convention:
    document = cd.to_document(cd.load(FICTIONAL))
    document["title"] = {"fr": title}
    return cd.from_document(document)


@pytest.mark.parametrize("title", ["a\rX-INJECTED:1", "a\nX-INJECTED:1", "a\r\nEND:VCALENDAR"])
def test_calendar_text_cannot_inject_lines(title: str) -> None:
    data = cd.to_ical(_with_title(title))
    lines = data.split(b"\r\n")
    assert not any(line.startswith((b"X-INJECTED", b"END:VCALENDAR\\")) for line in lines)
    assert b"\r" not in data.replace(b"\r\n", b"")
    assert b"\n" not in data.replace(b"\r\n", b"")
    for prop in (b"NAME:", b"X-WR-CALNAME:"):
        line = next(li for li in lines if li.startswith(prop))
        assert line == prop + b"a\\nX-INJECTED:1" or line == prop + b"a\\nEND:VCALENDAR"


def test_calendar_newline_in_title_under_python_o(tmp_path: Path) -> None:
    document = cd.to_document(cd.load(FICTIONAL))
    document["title"] = {"fr": "a\nX-INJECTED:1"}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    for flags in ([], ["-O"]):
        result = subprocess.run(
            [sys.executable, *flags, "-m", "citydiplomacy", "export", str(path), "--to", "ics"],
            capture_output=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert b"\r\nX-INJECTED" not in result.stdout
        assert b"NAME:a\\nX-INJECTED:1\r\n" in result.stdout


# ---------------------------------------------------------------- the Python API


@pytest.mark.parametrize(
    ("call", "accepted"),
    [
        (lambda: cd.validate_text(Path("x.yaml")), "str or bytes"),  # type: ignore[arg-type]
        (lambda: cd.validate_text(5), "str or bytes"),  # type: ignore[arg-type]
        (lambda: cd.loads(10**10), "str or bytes"),  # type: ignore[arg-type]
        (lambda: cd.loads("{}", name=3), "str"),  # type: ignore[arg-type]
        (lambda: cd.validate(b"x.yaml"), "os.PathLike"),  # type: ignore[arg-type]
        (lambda: cd.validate(5), "os.PathLike"),  # type: ignore[arg-type]
        (lambda: cd.load(None), "os.PathLike"),  # type: ignore[arg-type]
        (lambda: cd.validate_document("{}"), "Mapping"),  # type: ignore[arg-type]
        (lambda: cd.from_document([]), "Mapping"),  # type: ignore[arg-type]
        (lambda: cd.to_document({}), "Convention"),  # type: ignore[arg-type]
        (lambda: cd.dumps("text"), "Convention"),  # type: ignore[arg-type]
        (lambda: cd.dumps(cd.load(REFERENCE), format=1), "str"),  # type: ignore[arg-type]
        (lambda: cd.dump({}, "x.yaml"), "Convention"),  # type: ignore[arg-type]
        (lambda: cd.dump(cd.load(REFERENCE), 5), "os.PathLike"),  # type: ignore[arg-type]
        (lambda: cd.dump(cd.load(REFERENCE), "x.yaml", overwrite="yes"), "bool"),  # type: ignore[arg-type]
        (lambda: cd.to_ical("x"), "Convention"),  # type: ignore[arg-type]
        (lambda: cd.to_calendar(cd.load(REFERENCE), until="2026-01-01"), "datetime.date"),  # type: ignore[arg-type]
        (lambda: cd.to_calendar(cd.load(REFERENCE), stamp=dt.date(2026, 1, 1)), "datetime"),  # type: ignore[arg-type]
    ],
)
def test_public_functions_name_the_accepted_types(
    call: Callable[[], object], accepted: str
) -> None:
    with pytest.raises(TypeError, match=accepted):
        call()


def test_wrong_format_values_are_value_errors() -> None:
    with pytest.raises(ValueError, match="'json', 'yaml'"):
        cd.loads("{}", format="xml")  # type: ignore[arg-type]


# ---------------------------------------------------------------- messages


def test_descriptions_are_not_cut_at_abbreviations() -> None:
    assert first_sentence("Bodies (e.g. a committee) and meetings. Absent: none.") == (
        "Bodies (e.g. a committee) and meetings"
    )
    assert first_sentence("That is, i.e. this. Then.") == "That is, i.e. this"
    document = cd.to_document(cd.load(REFERENCE))
    del document["parties"][0]["name"]
    report = cd.validate_document(document)
    for finding in report.findings:
        assert "e.g)" not in finding.message
        assert ", )" not in finding.message


def test_counts_are_in_the_right_number() -> None:
    document = cd.to_document(cd.load(REFERENCE))
    document["id"] = ""
    messages = " ".join(f.message for f in cd.validate_document(document).findings)
    assert "1 characters" not in messages
    assert "at least 1 character expected" in messages


def test_yaml_merge_keys_get_a_hint() -> None:
    text = REFERENCE.read_text(encoding="utf-8").replace("\nid:", "\n<<: {x: 1}\nid:", 1)
    report = cd.validate_text(text, name="c.yaml")
    hints = [
        f for f in report.findings if "YAML merge keys are not part of the format" in f.message
    ]
    assert hints, [str(f) for f in report.findings]
    assert "write the keys out" in hints[0].message
