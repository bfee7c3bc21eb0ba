"""SARIF 2.1.0 output: findings as a static analysis log that code-scanning
dashboards (GitHub code scanning, Azure DevOps, editors' SARIF viewers) read.

One run; the tool's rules are the whole registry, each with its descriptions, its
fix and an example (see :mod:`citydiplomacy._checking._rule_docs`), its default level and the
address of its documentation. Artifact URIs are relative to the working directory
(``uriBaseId`` ``%SRCROOT%``), so that an upload from the repository's root maps
each result to its file; files outside it get an absolute ``file:`` URI.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from citydiplomacy._base._report import Finding, Severity, format_path
from citydiplomacy._base._text import display_name
from citydiplomacy._checking._rule_docs import EXAMPLES, rule_url
from citydiplomacy._checking._schema import first_sentence

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "artifact_uri", "sarif_log", "sarif_rules"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
TOOL_URI = "https://github.com/citydiplomacy/citydiplomacy"


def artifact_uri(name: str, cwd: str) -> tuple[str, bool]:
    """The URI of a file for SARIF, and whether it is relative to ``cwd``.

    >>> artifact_uri("conventions/a b.yaml", "/repo")
    ('conventions/a%20b.yaml', True)
    """
    absolute = os.path.abspath(os.path.join(cwd, name))
    relative = os.path.relpath(absolute, cwd)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return Path(absolute).as_uri(), False
    # Bytes, so that a name that is not UTF-8 (surrogate escapes) is encoded as its bytes.
    encoded = os.fsencode(relative.replace(os.sep, "/"))
    return urllib.parse.quote(encoded, safe="/"), True


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def sarif_rules() -> list[dict[str, Any]]:
    """``reportingDescriptor`` objects for every rule of the registry, sorted by id."""
    from citydiplomacy._checking._rules import RULES  # noqa: PLC0415 - only for SARIF output

    rules = []
    for info in RULES.values():
        failing, fixed = EXAMPLES.get(info.id, ("", ""))
        text = f"Fix: {info.fix}"
        markdown = f"**Fix:** {info.fix}"
        if failing:
            text += f"\n\nFails:\n{failing}\n\nFixed:\n{fixed}"
            markdown += f"\n\nFails:\n\n```yaml\n{failing}\n```\n\nFixed:\n\n```yaml\n{fixed}\n```"
        markdown += f"\n\n[Documentation]({rule_url(info.id)})"
        rules.append(
            {
                "id": info.id,
                "name": "".join(p[:1].upper() + p[1:] for p in _words(info.id)),
                "shortDescription": {"text": first_sentence(info.summary) + "."},
                "fullDescription": {"text": info.summary},
                "help": {"text": text, "markdown": markdown},
                "helpUri": rule_url(info.id),
                "defaultConfiguration": {"level": _level(info.severity)},
                "properties": {"tags": [info.family]},
            }
        )
    return rules


def _words(rule_id: str) -> list[str]:
    return [w for w in rule_id.replace("-", ".").replace("_", ".").split(".") if w]


def _location(name: str, cwd: str, line: int | None, column: int | None) -> dict[str, Any]:
    uri, relative = artifact_uri(name, cwd)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = SRCROOT
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line is not None:
        region: dict[str, Any] = {"startLine": line}
        if column is not None:
            region["startColumn"] = column
        physical["region"] = region
    return {"physicalLocation": physical}


def sarif_result(finding: Finding, index: Mapping[str, int], cwd: str) -> dict[str, Any]:
    """A finding as a SARIF ``result`` (``index``: rule id -> position in the rules)."""
    path = format_path(finding.path)
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _level(finding.severity),
        "message": {"text": display_name(f"{path}: {finding.message}")},
        "locations": [],
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    location: dict[str, Any] = {}
    if finding.file is not None and finding.file != "<stdin>":
        location = _location(finding.file, cwd, finding.line, finding.column)
    location["logicalLocations"] = [{"fullyQualifiedName": display_name(path), "kind": "object"}]
    result["locations"].append(location)
    return result


def sarif_log(
    findings: Iterable[Finding],
    *,
    version: str,
    cwd: str | None = None,
    unreadable: Iterable[tuple[str, str]] = (),
    suppressed: int = 0,
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of ``findings``; ``unreadable`` (name, why) become tool
    notifications, and the run is then not successful."""
    where = cwd if cwd is not None else os.getcwd()
    rules = sarif_rules()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    notifications = []
    for name, why in unreadable:
        notification: dict[str, Any] = {
            "level": "error",
            "message": {"text": display_name(f"{name}: cannot read: {why}")},
            "descriptor": {"id": "unreadable"},
        }
        if name != "<stdin>":
            notification["locations"] = [_location(name, where, None, None)]
        notifications.append(notification)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "citydiplomacy",
                        "semanticVersion": version,
                        "version": version,
                        "informationUri": TOOL_URI,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {
                    SRCROOT: {"uri": Path(where).absolute().as_uri().rstrip("/") + "/"}
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": [sarif_result(f, index, where) for f in findings],
                "properties": {"suppressed": suppressed},
            }
        ],
    }
