"""``validate --format sarif``: a SARIF 2.1.0 log, valid against the SARIF schema,
with the rules' metadata and documentation, relative artifact URIs and regions; and
each rule's documented example (``_rule_docs``)."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped, unused-ignore]
import pytest

from citydiplomacy._checking._rule_docs import DOCS_URL, EXAMPLES, rule_url
from citydiplomacy._checking._rules import RULES
from citydiplomacy._cli import run
from citydiplomacy._outputs._sarif import artifact_uri

ROOT = Path(__file__).resolve().parents[1]
NEGATIVE = ROOT / "tests" / "example-files" / "negative"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-2.1.0-rtm.5.json"


def sarif(*args: str | Path) -> tuple[int, dict[str, Any], str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["validate", "--format", "sarif", *map(str, args)],
        stdin=io.BytesIO(b""),
        stdout=out,
        stderr=err,
    )
    log: dict[str, Any] = json.loads(out.getvalue())
    return code, log, err.getvalue()


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def test_every_negative_example_as_valid_sarif(
    validator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "con ventions"
    shutil.copytree(NEGATIVE, folder, ignore=shutil.ignore_patterns("*.expected.json"))
    monkeypatch.chdir(tmp_path)
    # Unrelated files, one rule each: the rules across files are not what is tested.
    code, log, _ = sarif("--no-portfolio-rules", "con ventions", "missing.yaml")
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == [], [e.message for e in errors[:5]]
    assert code == 2
    (result_run,) = log["runs"]
    assert log["version"] == "2.1.0"
    rules = result_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    for rule in rules:
        assert rule["helpUri"] == rule_url(rule["id"])
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"].startswith("Fix: ")
        assert rule["defaultConfiguration"]["level"] == RULES[rule["id"]].severity.value
    expected = set()
    for document in folder.iterdir():
        stem = document.name.rsplit(".", 1)[0]
        for item in json.loads((NEGATIVE / f"{stem}.expected.json").read_text("utf-8")):
            expected.add(
                (f"con ventions/{document.name}", item["line"], item["column"], item["rule"])
            )
    found = set()
    for result in result_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        artifact = location["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert artifact["uri"].startswith("con%20ventions/")
        region = location["region"]
        name = artifact["uri"].replace("%20", " ")
        found.add((name, region["startLine"], region["startColumn"], result["ruleId"]))
    assert found == expected
    base = result_run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == tmp_path.as_uri() + "/"
    (invocation,) = result_run["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert "missing.yaml" in notification["message"]["text"]


def test_a_valid_file_gives_an_empty_run(validator: Any) -> None:
    code, log, _ = sarif(ROOT / "examples" / "grenoble-tiznit.yaml")
    assert code == 0
    validator.validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_artifact_uris() -> None:
    assert artifact_uri("a b/c#d.yaml", "/repo") == ("a%20b/c%23d.yaml", True)
    assert artifact_uri("caf\udce9.yaml", "/repo") == ("caf%E9.yaml", True)
    assert artifact_uri("/elsewhere/x.yaml", "/repo") == ("file:///elsewhere/x.yaml", False)
    assert artifact_uri("../x.yaml", "/repo/sub") == ("file:///repo/x.yaml", False)


# ------------------------------------------------------------------ rule documentation


def test_every_rule_has_an_example_and_nothing_else_has() -> None:
    assert set(EXAMPLES) == set(RULES)
    for rule_id, (failing, fixed) in EXAMPLES.items():
        assert failing.strip(), rule_id
        assert fixed.strip(), rule_id
        assert failing != fixed, rule_id


def test_examples_are_taken_from_the_negative_files() -> None:
    """Where a negative example file has a finding of a rule, the rule's failing
    snippet shows what that finding points at."""
    pointed: dict[str, set[str]] = {}
    for path in NEGATIVE.glob("*.expected.json"):
        for item in json.loads(path.read_text(encoding="utf-8")):
            pointed.setdefault(item["rule"], set()).add(item["text"].strip().strip('"'))
    assert len(pointed) >= 30
    for rule_id, texts in sorted(pointed.items()):
        failing = EXAMPLES[rule_id][0]
        assert any(text in failing for text in texts), (rule_id, texts)


def test_rule_urls_point_at_the_anchors_of_the_rules_page() -> None:
    hook = ROOT / "docs" / "hooks" / "rules_reference.py"
    spec = importlib.util.spec_from_file_location("docs_hook_rules_for_sarif", hook)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page: str = module.render_rules()
    anchors = set(re.findall(r"\{ #([^ }]+) \}", page))
    assert set(RULES) <= anchors
    assert DOCS_URL.endswith("/reference/rules/")

    def tabbed(snippet: str) -> str:
        return "\n".join(f"    {line}".rstrip() for line in snippet.splitlines())

    for rule_id, (failing, fixed) in EXAMPLES.items():
        section = page.split(f"{{ #{rule_id} }}", 1)[1].split("### ", 1)[0]
        assert tabbed(failing) in section, rule_id
        assert tabbed(fixed) in section, rule_id
