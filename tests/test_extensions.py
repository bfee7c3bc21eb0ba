"""Extensions (``validate --extension``): the worked example, the rules, bad packages."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citydiplomacy._checking._extensions import (
    ExtensionError,
    extension_findings,
    load_extension,
)
from citydiplomacy._cli import run

ROOT = Path(__file__).resolve().parents[1]
CRS = ROOT / "extensions" / "crs"
CRS_CSV = CRS / "codelists" / "purpose-codes.csv"

with CRS_CSV.open(encoding="utf-8", newline="") as _f:
    CODES = [row["code"] for row in csv.DictReader(_f)]

DOCUMENT = """\
schema_version: "1.1"
id: villebelle-tilelli-2025
parties:
  - id: villebelle
    name: {fr: Villebelle}
  - id: tilelli
    name: {fr: Tilelli}
actions:
  - id: water
    title: {fr: Eau potable}
    extensions:
      crs:purpose_codes: [%s]
      other:note: kept as it is
"""


def validate(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["validate", *map(str, args)], stdin=io.BytesIO(b""), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _write(tmp_path: Path, codes: str, name: str = "convention.yaml") -> Path:
    path = tmp_path / name
    path.write_text(DOCUMENT % codes, encoding="utf-8")
    return path


def test_the_worked_example_loads() -> None:
    extension = load_extension(CRS)
    assert extension.namespace == "crs"
    assert set(extension.keys) == {"crs:purpose_codes"}
    assert extension.codelists["purpose-codes.csv"] == frozenset(CODES)
    assert len(CODES) == len(set(CODES)) > 250
    assert all(len(code) == 5 and code.isdigit() for code in CODES)
    # The same extension read from its extension.json.
    assert load_extension(CRS / "extension.json").keys == extension.keys


def test_valid_codes_pass(tmp_path: Path) -> None:
    path = _write(tmp_path, '"15112", "14031"')
    code, out, err = validate("--extension", CRS, path)
    assert code == 0, out + err
    assert out == ""


def test_findings_have_rule_ids_and_positions(tmp_path: Path) -> None:
    path = _write(tmp_path, '"14000", 14031')
    path.write_text(
        path.read_text("utf-8") + 'extensions:\n  crs:purpose: ["15112"]\n', encoding="utf-8"
    )
    code, out, _ = validate("--extension", CRS, "--format", "json", path)
    assert code == 1
    findings = json.loads(out)["findings"]
    places = {(f["rule"], f["line"], f["column"]) for f in findings}
    # 14031 unquoted is a number: the schema's type, not the codelist, refuses it.
    assert places == {
        ("extension.invalid-value", 12, 36),
        ("extension.unknown-key", 15, 3),
    }
    # The unknown code is reported once the value has the right shape.
    path = _write(tmp_path, '"14000", "14031"')
    code, out, _ = validate("--extension", CRS, path)
    assert code == 1
    assert f"{path}:12:27: error extension.unknown-code" in out
    assert "'14000' is not a code of the codelist purpose-codes.csv" in out


def test_without_the_extension_nothing_is_checked(tmp_path: Path) -> None:
    path = _write(tmp_path, '"14000"')
    code, out, err = validate(path)
    assert code == 0, out + err


def test_json_files_and_workers(tmp_path: Path) -> None:
    for number in range(3):
        document: dict[str, Any] = {
            "schema_version": "1.1",
            "id": f"instrument-{number}",
            "parties": [{"id": "a", "name": {"fr": "A"}}, {"id": "b", "name": {"fr": "B"}}],
            "extensions": {"crs:purpose_codes": ["99999"]},
        }
        (tmp_path / f"c{number}.json").write_text(json.dumps(document, indent=2), "utf-8")
    code, out, _ = validate("--extension", CRS, "--jobs", "2", tmp_path)
    assert code == 1
    assert out.count("extension.unknown-code") == 3
    assert re.search(r"c0\.json:\d+:\d+: error extension\.unknown-code", out)


def test_an_inline_comment_or_the_configuration_suppresses(tmp_path: Path) -> None:
    path = _write(tmp_path, '"14000"')
    text = path.read_text("utf-8").replace(
        '["14000"]', '["14000"]  # citydiplomacy: ignore[extension.unknown-code]'
    )
    path.write_text(text, encoding="utf-8")
    code, out, err = validate("--extension", CRS, path)
    assert code == 0, out + err


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "ext"
    shutil.copytree(CRS, folder)
    return folder


def _manifest(folder: Path, **changes: Any) -> None:
    manifest = json.loads((folder / "extension.json").read_text("utf-8"))
    manifest.update(changes)
    for key in [k for k, v in changes.items() if v is None]:
        del manifest[key]
    (folder / "extension.json").write_text(json.dumps(manifest), "utf-8")


def test_an_extension_for_another_format_version_warns(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _manifest(folder, compatibility=["1.0"])
    path = _write(tmp_path, '"15112"')
    code, out, _ = validate("--extension", folder, path)
    assert code == 0
    assert f"{path}:1:17: warning extension.incompatible" in out
    code, _, _ = validate("--strict", "--extension", folder, path)
    assert code == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": None}, 'extension.json: $: "version" is a required property'),
        ({"namespace": "CRS"}, "$.namespace"),
        ({"schema": "missing.json"}, "missing.json: cannot read"),
        ({"codelists": []}, "names the codelist 'purpose-codes.csv', which extension.json"),
    ],
)
def test_a_bad_package_is_a_usage_error(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    folder = _copy(tmp_path)
    _manifest(folder, **change)
    code, out, err = validate("--extension", folder, _write(tmp_path, '"15112"'))
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_schema_problems_are_usage_errors(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    schema_path = folder / "extension-schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    schema["properties"]["other:key"] = {"type": "string"}
    schema_path.write_text(json.dumps(schema), "utf-8")
    with pytest.raises(ExtensionError, match="not in the namespace 'crs'"):
        load_extension(folder)
    del schema["properties"]["other:key"]
    schema["properties"]["crs:purpose_codes"] = {"$ref": "https://example.org/codes.json"}
    schema_path.write_text(json.dumps(schema), "utf-8")
    with pytest.raises(ExtensionError, match="is not fetched"):
        load_extension(folder)
    with pytest.raises(ExtensionError, match=r"no extension\.json here"):
        load_extension(tmp_path / "nowhere")


def test_standard_input_and_a_namespace_twice_are_refused(tmp_path: Path) -> None:
    code, _, err = validate("--extension", CRS, "-")
    assert code == 2
    assert "not standard input" in err
    code, _, err = validate("--extension", CRS, "--extension", CRS, _write(tmp_path, '"15112"'))
    assert code == 2
    assert "a second extension for the namespace crs" in err


EXTENSION = load_extension(CRS)


@given(
    codes=st.lists(st.sampled_from(CODES), min_size=1, max_size=4, unique=True),
    wrong=st.from_regex(r"\A[0-9]{5}\Z").filter(lambda c: c not in CODES),
    at=st.integers(min_value=0, max_value=4),
)
def test_codes_of_the_codelist_pass_and_others_are_reported(
    codes: list[str], wrong: str, at: int
) -> None:
    document: dict[str, Any] = {
        "schema_version": "1.1",
        "axes": [{"extensions": {"crs:purpose_codes": codes}}],
    }
    assert extension_findings(document, [EXTENSION]) == []
    spoiled = [*codes]
    spoiled.insert(min(at, len(spoiled)), wrong)
    document["axes"][0]["extensions"]["crs:purpose_codes"] = spoiled
    [finding] = extension_findings(document, [EXTENSION])
    assert finding.rule == "extension.unknown-code"
    index = min(at, len(codes))
    assert finding.path == ("axes", 0, "extensions", "crs:purpose_codes", index)
