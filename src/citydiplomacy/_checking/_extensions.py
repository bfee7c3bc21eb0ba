"""Extensions: packaged definitions of ``namespace:name`` keys, checked on request.

Every object of the format has an ``extensions`` member whose keys are namespaced
(``crs:purpose_code``). The format accepts any value there; an *extension* says what
the keys of one namespace mean and hold, so that ``validate --extension`` can check
them. It is packaged the way Open Contracting (OCDS) extensions are: a folder with

- ``extension.json``: its namespace, version, name and description (per language),
  the schema versions it works with, where its documentation is, and the file names
  of its schema and codelists;
- its JSON Schema (draft 2020-12), whose ``properties`` define the extension's keys;
  a property may name one of the extension's codelists with ``codelist`` (and
  ``"openCodelist": true`` if other codes are allowed), as OCDS schemas do;
- ``codelists/NAME.csv``: CSV files with a ``code`` column (then titles and
  descriptions, as the format's own codelists have).

Extensions are read from local files only: a ``$ref`` to another address is an error,
never a download.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import jsonschema_rs

from citydiplomacy._base._report import DocumentPath, Finding, Report, Severity
from citydiplomacy._checking._check import place_findings
from citydiplomacy._checking._config import suppress_inline
from citydiplomacy._io._reading import read_path

__all__ = [
    "Extension",
    "ExtensionError",
    "extension_findings",
    "load_extension",
    "path_extension_findings",
]

#: The file that describes an extension, in its folder.
MANIFEST: Final = "extension.json"

_NAMESPACE = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
_TEXT = {
    "type": "object",
    "minProperties": 1,
    "propertyNames": {"pattern": r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$"},
    "additionalProperties": {"type": "string", "minLength": 1},
}
_FILE_NAME = {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*$"}

#: What ``extension.json`` holds (OCDS's extension metadata, with a namespace and a
#: version of its own, and one schema file).
MANIFEST_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["namespace", "version", "name", "description", "compatibility", "schema"],
    "additionalProperties": False,
    "properties": {
        "namespace": {"type": "string", "pattern": f"^{_NAMESPACE}$"},
        "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
        "name": _TEXT,
        "description": _TEXT,
        "documentationUrl": _TEXT,
        "compatibility": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"type": "string", "pattern": r"^\d+\.\d+$"},
        },
        "schema": _FILE_NAME,
        "codelists": {"type": "array", "uniqueItems": True, "items": _FILE_NAME},
    },
}


#: Where a key's schema is placed in the schema built to check its values.
_KEY_DEF: Final = "citydiplomacy-extension-key"


class ExtensionError(ValueError):
    """An extension that cannot be used: the message names the file, what and the fix."""


@attrs.frozen
class Extension:
    """One extension, read from its folder by :func:`load_extension`."""

    namespace: str
    version: str
    name: Mapping[str, str]
    compatibility: tuple[str, ...]
    folder: Path
    #: The extension's keys (``namespace:name``) and the schema of each one's value.
    keys: Mapping[str, Mapping[str, Any]] = attrs.field(repr=False)
    #: Codelist file name -> its codes.
    codelists: Mapping[str, frozenset[str]] = attrs.field(repr=False)
    _validators: Mapping[str, Any] = attrs.field(repr=False, alias="validators")

    def check(self, key: str, value: object) -> Iterator[tuple[DocumentPath, str]]:
        """The problems of one value of ``key`` (a key of this extension): (path, message)."""
        for error in self._validators[key].iter_errors(value):
            yield tuple(error.instance_path), error.message


def _manifest_path(path: str | os.PathLike[str]) -> Path:
    given = Path(path)
    if given.is_dir():
        given = given / MANIFEST
    if not given.is_file():
        raise ExtensionError(
            f"{path}: no {MANIFEST} here; give an extension's folder (holding "
            f"{MANIFEST}) or its {MANIFEST} file"
        )
    return given


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ExtensionError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ExtensionError(f"{path}: not valid UTF-8 JSON: {exc}") from None


def _no_network(uri: str) -> Any:
    raise ValueError(
        f"{uri} is not fetched: an extension schema must be self-contained "
        "(local $ref such as #/$defs/... only)"
    )


def _read_codelist(path: Path) -> frozenset[str]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise ExtensionError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ExtensionError(f"{path}: not a UTF-8 CSV file: {exc}") from None
    if not rows or "code" not in rows[0]:
        raise ExtensionError(f"{path}: a codelist needs a `code` column and at least one row")
    codes = [row["code"] for row in rows]
    if any(not c for c in codes) or len(set(codes)) != len(codes):
        raise ExtensionError(f"{path}: every row needs a code, each code once")
    return frozenset(codes)


def load_extension(path: str | os.PathLike[str]) -> Extension:
    """Read an extension from its folder (or its ``extension.json``).

    Raises :class:`ExtensionError`, with the file and the fix in its message, when
    anything in the package is missing or malformed.
    """
    manifest_path = _manifest_path(path)
    folder = manifest_path.parent
    manifest = _read_json(manifest_path)
    problems = [
        f"{'$' + ''.join(f'.{p}' if isinstance(p, str) else f'[{p}]' for p in e.instance_path)}"
        f": {e.message}"
        for e in jsonschema_rs.validator_for(MANIFEST_SCHEMA).iter_errors(manifest)
    ]
    if problems:
        raise ExtensionError(f"{manifest_path}: " + "; ".join(problems))
    namespace: str = manifest["namespace"]
    codelists = {
        name: _read_codelist(folder / "codelists" / name) for name in manifest.get("codelists", [])
    }
    schema_path = folder / manifest["schema"]
    schema = _read_json(schema_path)
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        raise ExtensionError(
            f"{schema_path}: an extension schema is a JSON object whose `properties` "
            f"define the extension's keys ({namespace}:NAME)"
        )
    keys: dict[str, Mapping[str, Any]] = {}
    validators: dict[str, Any] = {}
    for key, subschema in schema["properties"].items():
        if not re.fullmatch(rf"{re.escape(namespace)}:[A-Za-z_][A-Za-z0-9_.-]*", key):
            raise ExtensionError(
                f"{schema_path}: key {key!r} is not in the namespace {namespace!r}; "
                f"name it {namespace}:NAME"
            )
        if not isinstance(subschema, dict):
            raise ExtensionError(f"{schema_path}: the schema of {key!r} is not an object")
        codelist = subschema.get("codelist")
        if codelist is not None and codelist not in codelists:
            raise ExtensionError(
                f"{schema_path}: {key!r} names the codelist {codelist!r}, which "
                f"{MANIFEST} does not list under `codelists`"
            )
        # Each key's schema with the document's $defs, so that its $refs to them resolve.
        defs = schema.get("$defs", {})
        whole = {
            "$schema": schema.get("$schema", "https://json-schema.org/draft/2020-12/schema"),
            "$defs": {**(defs if isinstance(defs, dict) else {}), _KEY_DEF: subschema},
            "$ref": f"#/$defs/{_KEY_DEF}",
        }
        try:
            validators[key] = jsonschema_rs.validator_for(
                whole, validate_formats=True, retriever=_no_network
            )
        except (jsonschema_rs.ValidationError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ExtensionError(
                f"{schema_path}: the schema of {key!r} is invalid: {first}"
            ) from None
        keys[key] = subschema
    return Extension(
        namespace=namespace,
        version=manifest["version"],
        name=dict(manifest["name"]),
        compatibility=tuple(manifest["compatibility"]),
        folder=folder,
        keys=keys,
        codelists=codelists,
        validators=validators,
    )


def _extension_members(
    node: object, path: DocumentPath
) -> Iterator[tuple[DocumentPath, dict[str, Any]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "extensions" and isinstance(value, dict):
                yield (*path, key), value
            else:
                yield from _extension_members(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _extension_members(value, (*path, index))


def _codes(value: object) -> list[tuple[DocumentPath, str]]:
    if isinstance(value, str):
        return [((), value)]
    if isinstance(value, list):
        return [((i,), v) for i, v in enumerate(value) if isinstance(v, str)]
    return []


def extension_findings(document: object, extensions: Sequence[Extension]) -> list[Finding]:
    """Findings of the ``extension.*`` rules for the keys of these extensions' namespaces.

    Keys of other namespaces are left alone: no extension given, nothing to check.
    """
    by_namespace = {e.namespace: e for e in extensions}
    findings: list[Finding] = []
    if not isinstance(document, dict) or not by_namespace:
        return findings
    version = document.get("schema_version")
    used: set[str] = set()
    for where, members in _extension_members(document, ()):
        for key, value in members.items():
            extension = by_namespace.get(key.split(":", 1)[0])
            if extension is None:
                continue
            used.add(extension.namespace)
            path = (*where, key)
            if key not in extension.keys:
                known = ", ".join(sorted(extension.keys)) or "none"
                findings.append(
                    Finding(
                        "extension.unknown-key",
                        Severity.ERROR,
                        path,
                        f"{key} is not a key of the extension {extension.namespace} "
                        f"{extension.version} (its keys: {known}); correct the name, or "
                        "use another namespace for a key of your own",
                        at_key=True,
                    )
                )
                continue
            problems = list(extension.check(key, value))
            for inner, message in problems:
                findings.append(
                    Finding(
                        "extension.invalid-value",
                        Severity.ERROR,
                        (*path, *inner),
                        f"{key} (extension {extension.namespace} {extension.version}): {message}",
                    )
                )
            codelist = extension.keys[key].get("codelist")
            if problems or codelist is None or extension.keys[key].get("openCodelist"):
                continue
            for inner, code in _codes(value):
                if code not in extension.codelists[codelist]:
                    findings.append(
                        Finding(
                            "extension.unknown-code",
                            Severity.ERROR,
                            (*path, *inner),
                            f"{code!r} is not a code of the codelist {codelist} of the "
                            f"extension {extension.namespace} {extension.version}; use "
                            f"one of its codes (see {extension.folder / 'codelists' / codelist})",
                        )
                    )
    for namespace in sorted(used):
        extension = by_namespace[namespace]
        if isinstance(version, str) and version not in extension.compatibility:
            findings.append(
                Finding(
                    "extension.incompatible",
                    Severity.WARNING,
                    ("schema_version",),
                    f"the extension {namespace} {extension.version} is made for format "
                    f"version {', '.join(extension.compatibility)}, and this file is "
                    f"written in {version}: check that its keys still mean what the "
                    "extension says, or use a version of the extension made for "
                    f"{version}",
                )
            )
    return findings


def path_extension_findings(
    path: str | os.PathLike[str], extensions: Sequence[Extension], *, max_bytes: int
) -> Report:
    """The ``extension.*`` findings of a file, placed at their line and column (those
    an inline ``# citydiplomacy: ignore[...]`` comment names moved to ``suppressed``).

    A file that cannot be read gives none here: its reading findings are reported by
    the check that read it first.
    """
    source, document, read_problems = read_path(path, max_bytes=max_bytes)
    if read_problems or document is None:
        return Report(file=source.name)
    findings = extension_findings(document, extensions)
    if not findings:
        return Report(file=source.name)
    report = Report(file=source.name, findings=place_findings(findings, source, source.name))
    if source.format == "yaml" and source.text is not None:
        report = suppress_inline(report, source.text)
    return report
