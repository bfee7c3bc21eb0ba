"""``citydiplomacy validate`` and ``citydiplomacy schema`` through the command line.

Bad input never gives a traceback, a hang or a silent pass: every broken file gives
findings with positions and exit status 1; a path that cannot be read gives exit
status 2 while the other files are still checked.
"""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import citydiplomacy as cd
from citydiplomacy._base._report import Finding, Severity
from citydiplomacy._batch import _engine as _batch
from citydiplomacy._checking import _check
from citydiplomacy._checking._rules import RULES
from citydiplomacy._cli import run
from citydiplomacy._cli._commands import validate as validate_command
from citydiplomacy._io import _reading
from citydiplomacy._io._writing import to_yaml
from citydiplomacy._outputs import _reporters

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
REFERENCE = EXAMPLES / "grenoble-tiznit.yaml"
POSITIVE = ROOT / "tests" / "example-files" / "positive"
NEGATIVE = ROOT / "tests" / "example-files" / "negative"
EVERY_CLASS = POSITIVE / "every-class.yaml"
SUFFIXES = (".yaml", ".yml", ".json")


@attrs.frozen
class Result:
    code: int
    out: str
    err: str

    def json(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.out)
        return loaded


def cli(*args: str | Path, stdin: bytes = b"") -> Result:
    """Run ``citydiplomacy validate ARGS`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    code = run(["validate", *map(str, args)], stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue()
    return Result(code, out.getvalue(), err.getvalue())


def reference_document() -> dict[str, Any]:
    document = _reading.read_path(REFERENCE)[1]
    assert isinstance(document, dict)
    return document


def reference_json() -> str:
    return json.dumps(reference_document(), ensure_ascii=False, indent=2)


# ------------------------------------------------------------------ valid input


def convention_files(folder: Path) -> list[Path]:
    """The files ``validate FOLDER`` checks: JSON and YAML, recursively, none hidden."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix in SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def test_valid_files_pass() -> None:
    examples = convention_files(EXAMPLES)
    assert REFERENCE in examples
    assert any(path.parent.name == "real" for path in examples)  # subfolders are walked
    count = len(examples) + len(convention_files(POSITIVE))
    result = cli(EXAMPLES, POSITIVE)
    assert result.code == 0, result.out
    assert result.out == ""
    assert result.err.startswith(
        f"checked {count} files: {count} valid, 0 with errors (0 errors, 0 warnings) in "
    )


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + REFERENCE.read_bytes())
    json_path = tmp_path / "bom.json"
    json_path.write_bytes(b"\xef\xbb\xbf" + reference_json().encode())
    assert cli(path, json_path).code == 0


def test_standard_input(tmp_path: Path) -> None:
    assert cli("-", stdin=REFERENCE.read_bytes()).code == 0
    assert cli("-", stdin=reference_json().encode()).code == 0
    broken = cli("-", stdin=b"schema_version: [")
    assert broken.code == 1
    assert broken.out.startswith("<stdin>:")


def test_no_network_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validate tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert cli(EXAMPLES, NEGATIVE / "schema-format.yaml").code == 1


# ------------------------------------------------------------------ bad input

BILLION_LAUGHS = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]" for i in range(8)]
).encode()
DEEP = 10_000

BAD_INPUTS: dict[str, tuple[str, bytes]] = {
    "invalid utf-8": ("bad.yaml", b'schema_version: "1.0"\nid: caf\xe9\n'),
    "invalid utf-8 in json": ("bad.json", b'{"schema_version": "1.0", "id": "caf\xe9"}'),
    "utf-16": ("utf16.yaml", 'schema_version: "1.0"\n'.encode("utf-16")),
    "nul bytes": ("nul.yaml", b"\x00\x00\x00\x00schema_version: 1\n"),
    "truncated json": ("truncated.json", reference_json().encode()[:5000]),
    "truncated yaml": ("truncated.yaml", REFERENCE.read_bytes()[:3000]),
    "truncated yaml in a flow": (
        "truncated-flow.yaml",
        b"schema_version: '1.0'\nvalues: [democracy, ",
    ),
    "trailing garbage json": ("garbage.json", reference_json().encode() + b"\n}{ x"),
    "trailing garbage yaml": ("garbage.yaml", REFERENCE.read_bytes() + b"\n...\n- oops: ]\n"),
    "tabs as yaml indentation": (
        "tabs.yaml",
        b"schema_version: '1.0'\nparties:\n\t- id: grenoble\n\t  kind: local_government\n",
    ),
    "alias bomb": ("bomb.yaml", BILLION_LAUGHS),
    "recursive alias": ("recursive.yaml", b"a: &a\n  b: *a\n"),
    "deep json": ("deep.json", b'{"extensions": {"x:y": ' + b"[" * DEEP + b"]" * DEEP + b"}}"),
    "deep yaml": ("deep.yaml", b"extensions:\n  x:y: " + b"[" * DEEP + b"]" * DEEP + b"\n"),
    "deep yaml blocks": (
        "deep-blocks.yaml",
        b"".join(b" " * i + b"k:\n" for i in range(300)),
    ),
    "nan json": ("nan.json", b'{"schema_version": "1.0", "x": NaN}'),
    "infinity json": ("inf.json", b'{"schema_version": "1.0", "x": -Infinity}'),
    "nan yaml": ("nan.yaml", b"schema_version: '1.0'\nextensions:\n  x:nan: .nan\n"),
    "infinity yaml": ("inf.yaml", b"schema_version: '1.0'\nextensions:\n  x:inf: -.inf\n"),
    "duplicate keys json": ("dup.json", b'{"schema_version": "1.0", "schema_version": "1.0"}'),
    "duplicate keys yaml": ("dup.yaml", b"schema_version: '1.0'\nid: a\nid: b\n"),
    "yaml tag": ("tag.yaml", b"schema_version: !!python/object/apply:os.system ['true']\n"),
    "several yaml documents": ("multi.yaml", REFERENCE.read_bytes() + b"\n---\nid: x\n"),
    "not a convention": (
        "workflow.yaml",
        b"name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    ),
    "package.json": ("package.json", b'{"name": "x", "version": "1.0.0", "private": true}'),
    "a list": ("list.json", b"[1, 2, 3]"),
    "a scalar": ("scalar.yaml", b"hello\n"),
    "random bytes": ("random.yaml", bytes(range(256)) * 8),
    "huge integer": ("int.json", b'{"schema_version": "1.0", "x": ' + b"9" * 5000 + b"}"),
    "number keys": ("keys.yaml", b"schema_version: '1.0'\n1: one\n"),
}


def _check_bad(result: Result) -> list[dict[str, Any]]:
    assert result.code == 1, (result.out, result.err)
    report = result.json()
    findings: list[dict[str, Any]] = report["findings"]
    assert findings
    assert any(f["severity"] == "error" for f in findings)
    for finding in findings:
        assert finding["rule"] in RULES, finding
        assert finding["message"], finding
        assert finding["line"] is not None, finding
        assert finding["column"] is not None, finding
    return findings


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gives_findings_with_positions(name: str, tmp_path: Path) -> None:
    filename, data = BAD_INPUTS[name]
    path = tmp_path / filename
    path.write_bytes(data)
    result = cli("--format", "json", path)
    _check_bad(result)


@pytest.mark.parametrize("name", ["empty.yaml", "empty.json", "blank.yaml"])
def test_empty_file_gives_a_finding_with_position(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(b"" if name != "blank.yaml" else b"  \n# nothing\n")
    findings = _check_bad(cli("--format", "json", path))
    assert [f["rule"] for f in findings] == ["read.empty"]


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = _sparse(tmp_path / "big.yaml", 50 * 1024 * 1024)
    findings = _check_bad(cli("--format", "json", big, REFERENCE))
    assert [f["rule"] for f in findings] == ["read.too-large"]


def test_max_bytes(tmp_path: Path) -> None:
    findings = _check_bad(cli("--format", "json", "--max-bytes", "1k", REFERENCE))
    assert [f["rule"] for f in findings] == ["read.too-large"]
    assert cli("--max-bytes", "64KiB", REFERENCE).code == 0
    big = tmp_path / "big.yaml"
    big.write_bytes(REFERENCE.read_bytes() + b"# " + b"x" * (11 * 1024 * 1024) + b"\n")
    assert cli("--max-bytes", "20M", big).code == 0
    assert cli("-", "--max-bytes", "100", stdin=REFERENCE.read_bytes()).code == 1
    assert cli("--max-bytes", "lots", REFERENCE).code == 2
    assert cli("--max-bytes", "0", REFERENCE).code == 2


def _members(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths of every object member, not descending into extensions (free JSON)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            if key != "extensions":
                yield from _members(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _members(value, (*path, index))


def _category(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


WRONG_VALUES: dict[str, Any] = {
    "null": None,
    "boolean": True,
    "number": 7.5,
    "string": "x",
    "array": ["x"],
    "object": {"x": "y"},
}


def test_wrong_types_at_every_level(tmp_path: Path) -> None:
    """Each object member of the reference example (and of the example that has every
    class), once per list position pattern, replaced by a value of each other JSON type."""
    count = 0
    for source in (REFERENCE, EVERY_CLASS):
        document: Any = _reading.read_path(source)[1]
        seen = set()
        for path in _members(document):
            pattern = tuple("*" if isinstance(p, int) else p for p in path)
            if pattern in seen:
                continue
            seen.add(pattern)
            node: Any = document
            for step in path:
                node = node[step]
            for category, value in WRONG_VALUES.items():
                if category == _category(node):
                    continue
                broken = copy.deepcopy(document)
                target: Any = broken
                for step in path[:-1]:
                    target = target[step]
                target[path[-1]] = value
                count += 1
                suffix = ".json" if count % 2 else ".yaml"
                text = json.dumps(broken, ensure_ascii=False, indent=1 + count % 3)
                (tmp_path / f"{count:04d}{suffix}").write_text(text, encoding="utf-8")
    assert count > 500
    result = cli("--format", "json", tmp_path)
    _check_bad(result)
    files = result.json()["files"]
    assert len(files) == count
    assert all(f["readable"] and not f["valid"] for f in files), [
        f["file"] for f in files if f["valid"]
    ]


# ------------------------------------------------------------------ unreadable paths


def test_missing_path_exits_2_and_the_others_are_checked() -> None:
    result = cli("missing.yaml", REFERENCE, NEGATIVE / "date-order.yaml")
    assert result.code == 2
    assert "missing.yaml: no such file" in result.err
    assert "date-order.yaml" in result.out
    assert "checked 2 files: 1 valid, 1 with errors" in result.err
    assert "1 unreadable" in result.err


def test_directory_named_like_a_file_without_conventions(tmp_path: Path) -> None:
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    result = cli(folder, REFERENCE)
    assert result.code == 2
    assert "no file matching" in result.err
    assert "checked 1 file: 1 valid" in result.err


def test_broken_link_and_pipe_in_a_folder(tmp_path: Path) -> None:
    shutil.copy(REFERENCE, tmp_path / "a.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "nowhere.yaml")
    os.mkfifo(tmp_path / "c.yaml")
    result = cli(tmp_path)
    assert result.code == 2
    assert "b.yaml: broken symbolic link" in result.err
    assert "c.yaml: is a named pipe (FIFO), not a regular file" in result.err
    assert "checked 1 file: 1 valid" in result.err


def test_a_pipe_named_explicitly_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = cli(fifo)
    assert result.code == 2
    assert "not a regular file" in result.err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    shutil.copy(REFERENCE, path)
    path.chmod(0)
    try:
        result = cli(path, REFERENCE)
    finally:
        path.chmod(0o644)
    assert result.code == 2
    assert "permission denied" in result.err


def test_a_file_that_vanishes_is_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gone.yaml"
    shutil.copy(REFERENCE, path)

    def vanish(*args: object, **kwargs: object) -> object:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(_check, "read_path", vanish)
    result = cli(path)
    assert result.code == 2
    assert "cannot read: no such file or directory" in result.err


def test_a_bug_is_a_finding_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(_check, "read_path", crash)
    result = cli(REFERENCE)
    assert result.code == 1
    assert "internal.error" in result.out


def test_no_path_is_a_usage_error() -> None:
    result = cli()
    assert result.code == 2
    assert "give at least one PATH" in result.err


def test_unknown_option_is_a_usage_error() -> None:
    assert cli("--frobnicate", REFERENCE).code == 2
    assert cli("--format", "xml", REFERENCE).code == 2
    assert cli("--jobs", "0", REFERENCE).code == 2


# ------------------------------------------------------------------ selection and options


def test_directories_are_searched_with_include_patterns(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    shutil.copy(REFERENCE, tmp_path / "sub" / "a.yaml")
    shutil.copy(POSITIVE / "reduced-precision.json", tmp_path / "sub" / "deeper" / "b.json")
    (tmp_path / "sub" / "notes.txt").write_text("not: [checked")
    (tmp_path / ".hidden" / "bad.yaml").write_text("not: [checked")
    (tmp_path / ".bad.yaml").write_text("not: [checked")
    (tmp_path / "c.yml").write_bytes((POSITIVE / "scripts-and-languages.yml").read_bytes())
    result = cli(tmp_path)
    assert result.code == 0, result.out
    assert "checked 3 files" in result.err
    only_json = cli("--include", "*.json", tmp_path)
    assert "checked 1 file:" in only_json.err
    named = cli("--include", "*.json", tmp_path / "sub" / "notes.txt")
    assert named.code == 1  # a file named explicitly is checked whatever its name


def test_the_same_file_twice_is_checked_once(tmp_path: Path) -> None:
    result = cli(REFERENCE, REFERENCE, EXAMPLES)
    examples = convention_files(EXAMPLES)
    assert REFERENCE in examples  # named twice and found once more in its folder
    assert f"checked {len(examples)} files:" in result.err


def test_strict_makes_warnings_fail() -> None:
    warning_only = NEGATIVE / "sdg-target-goal-mismatch.yaml"
    relaxed = cli(warning_only)
    assert relaxed.code == 0
    assert "warning sdg.target-goal-mismatch" in relaxed.out
    strict = cli("--strict", warning_only)
    assert strict.code == 1
    assert "--strict: 1 valid file with warnings fail" in strict.err


def test_text_output_is_one_line_per_finding() -> None:
    result = cli(NEGATIVE / "ref-unresolved.yaml")
    lines = result.out.splitlines()
    assert len(lines) == 5
    first = lines[0]
    assert first.startswith(f"{NEGATIVE / 'ref-unresolved.yaml'}:54:12: error ref.unresolved ")
    assert "$.actions[0].axes[0]: 'waters' is not the id of an axis" in first


def test_json_output() -> None:
    result = cli("--format", "json", REFERENCE, NEGATIVE / "date-order.yaml", "missing.json")
    assert result.code == 2
    report = result.json()
    assert report["format"] == "citydiplomacy-validate/1"
    assert report["version"] == cd.__version__
    names = [f["file"] for f in report["files"]]
    assert names == [str(REFERENCE), str(NEGATIVE / "date-order.yaml"), "missing.json"]
    assert report["files"][0] == {
        "file": str(REFERENCE),
        "readable": True,
        "valid": True,
        "errors": 0,
        "warnings": 0,
    }
    assert report["files"][2]["readable"] is False
    finding = report["findings"][0]
    assert finding == {
        "file": str(NEGATIVE / "date-order.yaml"),
        "rule": "date.order",
        "severity": "error",
        "path": "$.deliberations[0].date",
        "pointer": "/deliberations/0/date",
        "message": finding["message"],
        "line": 31,
        "column": 11,
    }
    assert report["summary"] == {
        "files": 2,
        "valid": 1,
        "with_errors": 1,
        "with_warnings": 0,
        "errors": 3,
        "warnings": 2,
        "unreadable": 1,
        "suppressed": 0,
        "rules": {"date.order": 3, "term.action-outside": 1, "term.meeting-outside": 1},
        "seconds": report["summary"]["seconds"],
        "ok": False,
    }


def test_github_output(tmp_path: Path) -> None:
    odd = tmp_path / "a,b:c%d.yaml"
    odd.write_bytes((NEGATIVE / "date-order.yaml").read_bytes())
    result = cli("--format", "github", odd, NEGATIVE / "sdg-target-goal-mismatch.yaml", "gone.yaml")
    lines = result.out.splitlines()
    escaped = str(odd).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
    assert lines[0] == (
        f"::error file={escaped},line=31,col=11,title=date.order::$.deliberations[0].date: "
        "2025-06 is after $.signature.date 2025-03-01; a council approves an instrument "
        "before it is signed: check both dates"
    )
    assert any(line.startswith("::warning file=") for line in lines)
    assert lines[-1].startswith("::error file=gone.yaml,title=unreadable::")
    assert result.code == 2


def test_github_escaping() -> None:
    finding = Finding(
        "x.y", Severity.ERROR, ("a",), "50% done\r\nnext: a,b", file="d:/f,1.yaml", line=2
    )
    assert _reporters.github_command(finding) == (
        "::error file=d%3A/f%2C1.yaml,line=2,title=x.y::$.a: 50%25 done%0D%0Anext: a,b"
    )


def test_list_rules() -> None:
    result = cli("--list-rules")
    assert result.code == 0
    for rule_id, info in RULES.items():
        assert f"{rule_id} ({info.severity.value})" in result.out
        assert f"See: https://citydiplomacy.github.io/reference/rules/#{rule_id}\n" in result.out
    listed = cli("--list-rules", "--format", "json").json()["rules"]
    assert [r["rule"] for r in listed] == list(RULES)
    assert all(r["url"].endswith(f"#{r['rule']}") for r in listed)


def test_summary_line() -> None:
    tally = _reporters.Tally(files=3, valid=2, with_errors=1, errors=2, warnings=1)
    assert (
        _reporters.summary_line(tally, 0.14, strict=False)
        == "checked 3 files: 2 valid, 1 with errors (2 errors, 1 warning) in 0.1 s"
    )


def test_byte_sizes() -> None:
    size = validate_command._byte_size
    assert [size("1000"), size("1k"), size("10M"), size("2MiB"), size("1G")] == [
        1000,
        1024,
        10 * 1024**2,
        2 * 1024**2,
        1024**3,
    ]
    assert _batch.DEFAULT_MAX_BYTES == _reading.DEFAULT_MAX_BYTES


# ------------------------------------------------------------------ parallel runs


def _mixed_folder(folder: Path, count: int) -> None:
    sources = sorted(POSITIVE.iterdir()) + sorted(NEGATIVE.glob("*.yaml"))
    for index in range(count):
        source = sources[index % len(sources)]
        shutil.copy(source, folder / f"{index:03d}-{source.name}")


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records, in order, each pool started (``pool N``) and each call of ``collect``."""
    events: list[str] = []

    class Spy(_batch.Pool):
        def __init__(self, workers: int) -> None:
            events.append(f"pool {workers}")
            super().__init__(workers)

    collect = _batch.collect

    def spy_collect(*args: Any) -> Any:
        events.append("collect")
        return collect(*args)

    monkeypatch.setattr(_batch, "Pool", Spy)
    monkeypatch.setattr(_batch, "collect", spy_collect)
    return events


def _same_reports(folder: Path) -> dict[str, Any]:
    sequential = cli("--jobs", "1", "--format", "json", folder)
    parallel = cli("--jobs", "2", "--format", "json", folder)
    assert sequential.code == parallel.code
    one, two = sequential.json(), parallel.json()
    for report in (one, two):
        report["summary"].pop("seconds")
    assert one == two  # the same findings, in the same order
    return one


def test_parallel_and_sequential_runs_give_the_same_output(
    tmp_path: Path, pools: list[str]
) -> None:
    # Enough small files for a pool: about 26 KB of work each (see work_of).
    _mixed_folder(tmp_path, 300)
    report = _same_reports(tmp_path)
    assert [f["file"] for f in report["files"]] == sorted(str(p) for p in tmp_path.iterdir())
    if _batch._forks():  # spawned workers pay only for thousands of files
        # The pool is started before the files are listed (it does not copy the list).
        assert pools == ["collect", "pool 2", "collect"]


def test_few_large_files_are_checked_in_parallel(tmp_path: Path, pools: list[str]) -> None:
    padding = "# " + "x" * 78 + "\n"
    for index in range(3):  # about 7 MB of work (see work_of): 2.3 MB each
        text = REFERENCE.read_text(encoding="utf-8") + padding * 3600
        (tmp_path / f"{index}.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "3.yaml").write_text("broken: [", encoding="utf-8")
    report = _same_reports(tmp_path)
    assert report["summary"]["with_errors"] == 1
    if _batch._forks():
        assert pools == ["collect", "pool 2", "collect"]


def test_few_small_files_are_checked_in_one_process(tmp_path: Path, pools: list[str]) -> None:
    _mixed_folder(tmp_path, 20)
    _same_reports(tmp_path)
    assert pools == ["collect", "collect"]


def test_workers_for_the_amount_of_work() -> None:
    workers_for, work_of = _batch.workers_for, _batch.work_of
    threshold = _batch.PARALLEL_MIN_WORK_FORK
    assert work_of("a.yaml", 1000) == work_of("a.yml", 1000) == work_of("a", 1000)
    assert work_of("a.json", 1000) == work_of("A.JSON", 1000) < work_of("a.yaml", 1000)
    assert workers_for(1000, threshold - 1, 8) == 1
    assert workers_for(1000, threshold, 8) == 2
    assert workers_for(1000, 2 * threshold, 8) == 4
    assert workers_for(1000, 100 * threshold, 8) == 8  # at most jobs
    assert workers_for(1000, 100 * threshold, 1) == 1
    assert workers_for(3, 100 * threshold, 8) == 3  # at most one per file
    assert workers_for(1, 100 * threshold, 8) == 1
    # 20 files of 2 MB go parallel; 47 files of 22 KB, as many files as before, do not.
    assert workers_for(20, 20 * work_of("a.json", 2 * 1024**2), 2) == 2
    assert workers_for(20, 20 * work_of("a.yaml", 1536 * 1024), 2) == 2
    assert workers_for(47, 47 * work_of("a.json", 22 * 1024), 2) == 1
    assert workers_for(200, 200 * work_of("a.json", 22 * 1024), 2) == 2
    assert workers_for(200, 200 * work_of("a.yaml", 16 * 1024), 2) == 2
    # Spawned workers start slowly: a pool pays only for far more work.
    assert workers_for(200, 200 * work_of("a.yaml", 16 * 1024), 2, forks=False) == 1
    assert workers_for(2000, 2000 * work_of("a.json", 22 * 1024), 2, forks=False) == 2


def _targets(*files: tuple[str | None, int]) -> _batch.Targets:
    targets = _batch.Targets()
    for path, size in files:
        targets.add(path, size)
    return targets


def test_chunks_spread_few_large_files_and_keep_the_order() -> None:
    chunks = _batch._chunks
    large = _targets(*[(f"{i}.json", 2 * 1024**2) for i in range(20)])
    assert list(chunks(large, 2)) == [[f"{i}.json"] for i in range(20)]
    small = [(f"{i:04d}.json", 22 * 1024) for i in range(2000)]
    many = _targets(*small[:1000], (None, 0), *small[1000:], ("big.yaml", 9 * 1024**2))
    sent = list(chunks(many, 2))
    assert [path for chunk in sent for path in chunk] == [p for p, _ in small] + ["big.yaml"]
    assert max(len(chunk) for chunk in sent) <= _batch.MAX_CHUNK
    assert sent[-1] == ["big.yaml"]
    few = _targets(*small[:200])  # still at least four chunks per worker
    assert len(list(chunks(few, 2))) >= 8


def test_collect_gives_paths_and_sizes_without_resolving_every_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mixed_folder(tmp_path, 5)
    resolved: list[str] = []
    realpath = os.path.realpath

    def spy(path: Any, *args: Any, **kwargs: Any) -> Any:
        resolved.append(path)
        return realpath(path, *args, **kwargs)

    monkeypatch.setattr(os.path, "realpath", spy)
    targets, problems = _batch.collect([str(tmp_path)], ("*.yaml", "*.json"))
    assert not problems
    expected = sorted(tmp_path.iterdir())
    assert targets.paths == [str(p) for p in expected]
    assert list(targets.sizes) == [p.stat().st_size for p in expected]
    assert [t.name for t in targets] == targets.paths
    assert not resolved  # one folder, no links: no file can be found twice
    both, _ = _batch.collect(["-", str(tmp_path), str(expected[0]), "-"], ("*",))
    assert both.paths == [None, *targets.paths]
    assert list(both.sizes) == [0, *targets.sizes]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_link_to_a_file_of_the_same_folder_is_checked_once(tmp_path: Path) -> None:
    shutil.copy(REFERENCE, tmp_path / "b.yaml")
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "c.yaml").symlink_to(REFERENCE)
    result = cli("--format", "json", tmp_path)
    assert [f["file"] for f in result.json()["files"]] == [
        str(tmp_path / "a.yaml"),
        str(tmp_path / "c.yaml"),
    ]


def test_parallel_run_keeps_stdin_in_order(tmp_path: Path) -> None:
    _mixed_folder(tmp_path, 60)
    targets = _batch.Targets()
    targets.add(None)
    for path in sorted(tmp_path.iterdir()):
        targets.add(str(path), path.stat().st_size)
    outcomes = list(
        _batch.run_checks(
            targets,
            max_bytes=10_000_000,
            jobs=2,
            stdin=io.BytesIO(REFERENCE.read_bytes()),
            workers=2,
        )
    )
    assert outcomes[0].name == "<stdin>"
    assert not outcomes[0].findings
    assert [o.name for o in outcomes[1:]] == [str(p) for p in sorted(tmp_path.iterdir())]


# ------------------------------------------------------------------ progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_outside_ci() -> None:
    wanted = _reporters.Progress.wanted
    assert not wanted(io.StringIO(), {})
    assert wanted(_Terminal(), {})
    assert not wanted(_Terminal(), {"CI": "true"})
    assert not wanted(_Terminal(), {"TERM": "dumb"})


def test_progress_line_for_many_files_is_cleared() -> None:
    stream = _Terminal()
    progress = _reporters.Progress(stream, 1000, enabled=True)
    progress.update(1)
    progress.update(1000)
    progress.clear()
    assert "checking 1000/1000 files" in stream.getvalue()
    assert stream.getvalue().endswith("\r\x1b[K")
    quiet = io.StringIO()
    short = _reporters.Progress(quiet, 3, enabled=True)
    short.update(3)
    short.clear()
    assert quiet.getvalue() == ""


def test_piped_stderr_gets_no_progress(tmp_path: Path) -> None:
    _mixed_folder(tmp_path, 210)
    result = cli(tmp_path)
    assert "\r" not in result.err
    # The summary line, then one line per rule id reported.
    lines = result.err.splitlines()
    assert lines[0].startswith("checked 210 files")
    assert all(" https://" in line for line in lines[1:])


# ------------------------------------------------------------------ the installed command


def console_command() -> tuple[list[str], dict[str, str]]:
    """The installed ``citydiplomacy`` script, else the same entry point from the source."""
    env = {k: v for k, v in os.environ.items() if k not in {"CI"}}
    script = Path(sys.executable).with_name("citydiplomacy")
    if script.exists():
        return [str(script)], env
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return [sys.executable, "-c", "from citydiplomacy._cli import main; main()"], env


@pytest.mark.parametrize(
    ("args", "stdin", "code"),
    [
        (["validate", str(EXAMPLES)], b"", 0),
        (["validate", str(NEGATIVE / "date-invalid.yaml")], b"", 1),
        (["validate", str(NEGATIVE / "read-syntax-trailing-garbage.json"), "missing"], b"", 2),
        (["validate", "-"], b"{\n  'broken", 1),
        (["validate"], b"", 2),
    ],
)
def test_console_script(args: list[str], stdin: bytes, code: int) -> None:
    command, env = console_command()
    result = subprocess.run(
        [*command, *args], input=stdin, capture_output=True, timeout=120, env=env, check=False
    )
    assert result.returncode == code, result.stderr
    assert b"Traceback" not in result.stderr


# ------------------------------------------------------------------ corrupted documents


def _example_documents() -> list[dict[str, Any]]:
    out = []
    for path in sorted(EXAMPLES.iterdir()) + sorted(POSITIVE.iterdir()):
        if not path.is_file():
            continue  # examples/real/ holds the real conventions, one folder deeper
        document = _reading.read_path(path)[1]
        if isinstance(document, dict):
            out.append(document)
    assert out
    return out


EXAMPLE_DOCUMENTS = _example_documents()
_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2),
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_paths(value, (*path, index)))
    return out


def _ids(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and key in {"id", "party", "lead_party", "funder"}:
                found.append(value)
            found.extend(_ids(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_ids(value))
    return found


@st.composite
def corrupted(draw: st.DrawFn) -> tuple[dict[str, Any], bytes]:
    """An example document corrupted in many ways, and its text with bytes changed."""
    document = copy.deepcopy(draw(st.sampled_from(EXAMPLE_DOCUMENTS)))
    ids = _ids(document) or ["x"]
    for _ in range(draw(st.integers(1, 5))):
        path = draw(st.sampled_from(_paths(document)[1:]))
        parent: Any = document
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        action = draw(
            st.sampled_from(["delete", "swap", "duplicate", "rename-id", "break-ref", "junk"])
        )
        if action == "delete":
            del parent[key]
        elif action == "swap":
            # A copy: a later corruption of this case must not change the shared table.
            parent[key] = copy.deepcopy(WRONG_VALUES[draw(st.sampled_from(sorted(WRONG_VALUES)))])
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif action == "rename-id" and isinstance(parent[key], str):
            parent[key] = draw(st.sampled_from(ids))
        elif action == "break-ref" and isinstance(parent[key], str):
            parent[key] = parent[key] + draw(st.sampled_from(["-x", "", " ", "é"]))
        else:
            parent[key] = draw(_JUNK)
    as_json = draw(st.booleans())
    text = (
        json.dumps(document, ensure_ascii=False, indent=2)
        if as_json
        else to_yaml(document)
        if draw(st.booleans())
        else json.dumps(document)
    ).encode("utf-8")
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.binary(min_size=1, max_size=4)) + text[at:]
        else:
            text = text[:at]
    return document, text


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(corrupted())
def test_corrupted_documents_never_raise(case: tuple[dict[str, Any], bytes]) -> None:
    document, text = case
    report = cd.validate_document(document)
    assert all(f.rule in RULES for f in report)
    text_report = cd.validate_text(text, name="corrupted")
    assert all(f.rule in RULES for f in text_report)
    assert cli("-", stdin=text).code in (0, 1)
