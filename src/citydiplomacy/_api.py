"""Loading, validating and writing conventions: the functions users call."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from ._check import check_document, place_findings, read_and_check, read_path_and_check
from ._convert import structure, structure_findings, unstructure
from ._model import Convention
from ._reading import Format, Source
from ._report import ConventionError, Report
from ._writing import to_json, to_yaml, write_atomic

OutputFormat = Literal["json", "yaml"]


def validate(path: str | os.PathLike[str], *, format: Format | None = None) -> Report:
    """Check a convention file; return its :class:`Report` (never raises on bad content).

    ``format`` is ``"json"`` or ``"yaml"``; by default it follows the file's suffix.
    Raises ``OSError`` only when the file cannot be read at all.

    >>> validate("examples/grenoble-tiznit.yaml").valid
    True
    """
    return read_path_and_check(path, format=format)[1]


def validate_text(
    data: str | bytes, *, format: Format | None = None, name: str = "<string>"
) -> Report:
    """Check a convention given as JSON or YAML text (or bytes); return its :class:`Report`."""
    return read_and_check(data, name=name, format=format)[1]


def validate_document(document: Mapping[str, Any], *, name: str | None = None) -> Report:
    """Check an already-parsed document (plain dicts and lists); return its :class:`Report`."""
    return check_document(document, name=name)


def load(path: str | os.PathLike[str], *, format: Format | None = None) -> Convention:
    """Read a convention file (JSON or YAML) into a :class:`Convention`.

    Raises :class:`ConventionError` carrying every problem found, and ``OSError``
    when the file cannot be read.

    >>> conv = load("examples/grenoble-tiznit.yaml")
    >>> [p.name.text("fr") for p in conv.parties]
    ['Grenoble', 'Tiznit']
    """
    document, report, source = read_path_and_check(path, format=format)
    return _to_model(document, report, source)


def loads(data: str | bytes, *, format: Format | None = None, name: str = "<string>") -> Convention:
    """Read a convention from JSON or YAML text (format sniffed when not given)."""
    document, report, source = read_and_check(data, name=name, format=format)
    return _to_model(document, report, source)


def from_document(document: Mapping[str, Any], *, name: str | None = None) -> Convention:
    """Build a :class:`Convention` from a parsed document (plain dicts and lists)."""
    report = check_document(document, name=name)
    return _to_model(document, report, None)


def to_document(convention: Convention) -> dict[str, Any]:
    """The canonical plain document of a convention (what :func:`dumps` writes)."""
    return unstructure(convention)


def dumps(convention: Convention, *, format: OutputFormat = "yaml") -> str:
    """Write a convention as canonical YAML (default) or JSON text.

    The same convention always gives the same bytes, and ``loads(dumps(c)) == c``.
    A convention built in code that breaks the schema or the rules raises
    :class:`ConventionError` instead of producing an invalid file.
    """
    document = to_document(convention)
    report = check_document(document)
    if not report.valid:
        raise ConventionError(report.errors)
    if format == "json":
        return to_json(document)
    if format == "yaml":
        return to_yaml(document)
    raise ValueError(f"format must be 'json' or 'yaml', not {format!r}")


def dump(
    convention: Convention,
    path: str | os.PathLike[str],
    *,
    format: OutputFormat | None = None,
    overwrite: bool = False,
) -> None:
    """Write a convention to a file, atomically; the format follows the suffix by default.

    Refuses to replace an existing file unless ``overwrite=True``.
    """
    target = Path(path)
    fmt: OutputFormat = format or ("json" if target.suffix.lower() == ".json" else "yaml")
    text = dumps(convention, format=fmt)
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists; pass overwrite=True to replace it")
    write_atomic(target, text)


def _to_model(document: object, report: Report, source: Source | None) -> Convention:
    file = source.name if source is not None else report.file
    if not report.valid or not isinstance(document, Mapping):
        raise ConventionError(report.errors or report.findings, file)
    try:
        convention: Convention = structure(dict(document), Convention)
    except Exception as exc:
        findings = structure_findings(exc)
        raise ConventionError(place_findings(findings, source, file), file) from None
    return convention
