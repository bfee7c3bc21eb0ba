"""The check pipeline: document -> report (schema findings, then semantic rules).

Positions are looked up only when there is something to report, on the slow path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO

import attrs

from citydiplomacy._base._report import DocumentPath, Finding, Report, Severity, sort_findings
from citydiplomacy._checking._config import suppress_inline
from citydiplomacy._checking._rules import rule_findings
from citydiplomacy._checking._schema import schema_findings
from citydiplomacy._io._reading import (
    DEFAULT_MAX_BYTES,
    Format,
    Source,
    locate_places,
    read_path,
    read_stream,
    read_text,
)


def check_document(
    document: object, *, source: Source | None = None, name: str | None = None
) -> Report:
    """Report every finding of the schema and the semantic rules for a parsed document."""
    file = source.name if source is not None else name
    findings = schema_findings(document)
    findings.extend(_safe_rules(document))
    return _finish(findings, source, file)


def _safe_rules(document: object) -> list[Finding]:
    if not isinstance(document, Mapping):
        return []
    try:
        return rule_findings(document)
    except Exception as exc:
        return [
            Finding(
                "internal.rule-error",
                Severity.ERROR,
                (),
                f"a semantic rule failed on this document ({type(exc).__name__}: {exc}); "
                "please report this with the file",
            )
        ]


def _finish(findings: list[Finding], source: Source | None, file: str | None) -> Report:
    if not findings:
        return Report(file=file)
    report = Report(file=file, findings=place_findings(findings, source, file))
    if source is not None and source.format == "yaml":
        report = suppress_inline(report, source.text)
    return report


#: Rules whose findings, on a path that ends in an object key, are about that key (a
#: language tag that is malformed or given twice in a multilingual text), not about
#: the text it holds.
_ABOUT_KEYS = frozenset({"language.malformed", "language.duplicate"})


def _at_key(finding: Finding) -> bool:
    return finding.at_key or (
        finding.rule in _ABOUT_KEYS and bool(finding.path) and type(finding.path[-1]) is str
    )


def place_findings(
    findings: list[Finding], source: Source | None, file: str | None
) -> tuple[Finding, ...]:
    """Set file, line and column on findings (positions from the source text), sorted.

    A finding about a key points at the key, one about a value at the value, one
    about an object (a required key missing) at the start of the object.
    """
    places: dict[DocumentPath, tuple[int, int] | None] = {}
    key_places: dict[DocumentPath, tuple[int, int] | None] = {}
    if source is not None and source.text is not None:
        unplaced = [f for f in findings if f.line is None]
        if unplaced:
            about_keys = [_at_key(f) for f in unplaced]
            places, key_places = locate_places(
                source,
                {f.path for f, key in zip(unplaced, about_keys, strict=True) if not key},
                {f.path for f, key in zip(unplaced, about_keys, strict=True) if key},
            )
    placed = []
    for f in findings:
        line, column = (f.line, f.column)
        if line is None:
            where = key_places.get(f.path) if _at_key(f) else places.get(f.path)
            if where is not None:
                line, column = where
        placed.append(attrs.evolve(f, file=file, line=line, column=column))
    return sort_findings(placed)


def read_and_check(
    data: bytes | str,
    *,
    name: str = "<string>",
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[object | None, Report, Source]:
    """Parse text and check it: the document (None if unreadable), its report, its source."""
    source, document, read_findings = read_text(data, name=name, format=format, max_bytes=max_bytes)
    if read_findings or document is None:
        return None, _finish(list(read_findings), source, source.name), source
    return document, check_document(document, source=source), source


def read_path_and_check(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[object | None, Report, Source]:
    """Read a file and check it; ``OSError`` when it cannot be read at all."""
    source, document, read_findings = read_path(path, format=format, max_bytes=max_bytes)
    if read_findings or document is None:
        return None, _finish(list(read_findings), source, source.name), source
    return document, check_document(document, source=source), source


def read_stream_and_check(
    stream: IO[bytes],
    *,
    name: str,
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[object | None, Report, Source]:
    """Read a stream (standard input), at most one byte past ``max_bytes``, and check it."""
    source, document, read_findings = read_stream(
        stream, name=name, format=format, max_bytes=max_bytes
    )
    if read_findings or document is None:
        return None, _finish(list(read_findings), source, source.name), source
    return document, check_document(document, source=source), source
