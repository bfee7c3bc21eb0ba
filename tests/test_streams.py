"""load and dump with open streams, text or binary, with the same errors as files."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import citydiplomacy as cd
from citydiplomacy._domain._model import Convention

EXAMPLE = Path("examples/fictional-villebelle-tilelli.yaml")


@pytest.fixture(scope="module")
def conv() -> Convention:
    return cd.load(EXAMPLE)


def test_load_from_a_text_stream(conv: Convention) -> None:
    assert cd.load(io.StringIO(EXAMPLE.read_text("utf-8"))) == conv


def test_load_from_a_binary_stream(conv: Convention) -> None:
    assert cd.load(io.BytesIO(EXAMPLE.read_bytes())) == conv


def test_load_from_open_files(conv: Convention) -> None:
    with EXAMPLE.open("rb") as binary:
        assert cd.load(binary) == conv
    with EXAMPLE.open(encoding="utf-8") as text:
        assert cd.load(text) == conv


def test_load_from_json_is_sniffed(conv: Convention) -> None:
    assert cd.load(io.StringIO(cd.dumps(conv, format="json"))) == conv
    assert cd.load(io.BytesIO(cd.dumps(conv, format="json").encode()), format="json") == conv


def test_errors_name_the_stream(tmp_path: Path) -> None:
    bad = "schema_version: '1.1'\nid: x\nparties: []\n"
    with pytest.raises(cd.ConventionError) as unnamed:
        cd.load(io.StringIO(bad))
    assert unnamed.value.findings
    assert all(f.file == "<stream>" for f in unnamed.value.findings)
    path = tmp_path / "bad.yaml"
    path.write_text(bad, "utf-8")
    with path.open("rb") as stream, pytest.raises(cd.ConventionError) as named:
        cd.load(stream)
    with pytest.raises(cd.ConventionError) as from_path:
        cd.load(path)
    assert [str(f) for f in named.value.findings] == [str(f) for f in from_path.value.findings]
    assert all(f.file == str(path) for f in named.value.findings)


def test_unreadable_content_is_reported_with_a_position() -> None:
    with pytest.raises(cd.ConventionError) as caught:
        cd.load(io.BytesIO(b"a: [1,\n"))
    assert caught.value.findings[0].line is not None


def test_load_from_standard_input(conv: Convention) -> None:
    code = "import sys, citydiplomacy as cd; print(cd.load(sys.stdin.buffer).id)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=EXAMPLE.read_bytes(),
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.decode().strip() == conv.id


def test_dump_to_text_and_binary_streams(conv: Convention) -> None:
    text = io.StringIO()
    cd.dump(conv, text)
    assert text.getvalue() == cd.dumps(conv)
    binary = io.BytesIO()
    cd.dump(conv, binary, format="json")
    assert binary.getvalue() == cd.dumps(conv, format="json").encode("utf-8")
    assert not text.closed
    assert not binary.closed


def test_dump_to_an_open_file_follows_its_suffix(conv: Convention, tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    with path.open("w", encoding="utf-8") as stream:
        cd.dump(conv, stream)
    assert path.read_text("utf-8") == cd.dumps(conv, format="json")
    with path.open("wb") as stream:
        cd.dump(conv, stream, format="yaml")
    assert cd.load(path, format="yaml") == conv


def test_dump_of_an_invalid_convention_writes_nothing(conv: Convention) -> None:
    import attrs  # noqa: PLC0415

    broken = attrs.evolve(conv, parties=())
    stream = io.StringIO()
    with pytest.raises(cd.ConventionError):
        cd.dump(broken, stream)
    assert stream.getvalue() == ""


def test_what_is_neither_a_path_nor_a_stream_is_refused(conv: Convention) -> None:
    with pytest.raises(TypeError, match="path"):
        cd.load(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="path"):
        cd.dump(conv, 42)  # type: ignore[arg-type]
