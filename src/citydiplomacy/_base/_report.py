"""Findings and reports: the one type every check produces."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from typing import Union

import attrs

from citydiplomacy._base._text import human

#: A path inside a document, in the file's own key names: strings are object
#: keys, integers are list indexes. ``()`` is the whole document.
DocumentPath = tuple[Union[str, int], ...]


class Severity(str, enum.Enum):
    """How serious a finding is: errors make a document invalid, warnings do not.

    >>> Severity("warning") is Severity.WARNING
    True
    """

    ERROR = "error"
    WARNING = "warning"


def format_path(path: DocumentPath) -> str:
    """Render a document path the way users read it, like ``$.actions[2].lead_party``.

    >>> format_path(("actions", 2, "lead_party"))
    '$.actions[2].lead_party'
    """
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part.isidentifier():
            out.append(f".{part}")
        else:
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            out.append(f"['{escaped}']")
    return "".join(out)


def json_pointer(path: DocumentPath) -> str:
    """Render a document path as an RFC 6901 JSON pointer.

    >>> json_pointer(("parties", 0, "name", "zgh-Tfng"))
    '/parties/0/name/zgh-Tfng'
    """
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


@attrs.frozen
class Finding:
    """One problem found in a document.

    ``rule`` is a stable identifier (see the rule list in the docs), ``path`` points
    into the document in its own key names, and ``line``/``column`` (1-based) are
    set whenever the document came from text. ``at_key`` says that the finding is
    about the last key of ``path`` (an unexpected key, a key that is not a language
    tag), not about its value: its position is then that of the key itself.

    >>> import citydiplomacy as cd
    >>> doc = '{"schema_version": "1.1", "id": "x", "parties": []}'
    >>> finding = cd.validate_text(doc, name="x.json").findings[0]
    >>> finding.rule, finding.severity.value, (finding.line, finding.column)
    ('schema.minItems', 'error', (1, 49))
    """

    rule: str
    severity: Severity
    path: DocumentPath
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    at_key: bool = False

    def location(self) -> str:
        """``file:line:col`` (or as much of it as is known)."""
        parts = [self.file or "<document>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        """``file:line:col: severity rule $.path: message``, one line, escaped for a
        terminal (see :func:`citydiplomacy._base._text.human`)."""
        return human(
            f"{self.location()}: {self.severity.value} {self.rule} "
            f"{format_path(self.path)}: {self.message}"
        )


@attrs.frozen
class Report:
    """Every finding for one document, sorted by position then path.

    ``suppressed`` holds the findings left out by an inline comment
    (``# citydiplomacy: ignore[rule-id]``) or by a configuration's ``ignore``: they
    count for nothing, and are kept so that a summary can say how many there were.

    >>> import citydiplomacy as cd
    >>> report = cd.validate("examples/grenoble-tiznit.yaml")
    >>> report.valid, report.errors
    (True, ())
    """

    file: str | None
    findings: tuple[Finding, ...] = ()
    suppressed: tuple[Finding, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of severity ``error``."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings of severity ``warning``."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def ok(self, *, strict: bool = False) -> bool:
        """True when the document passes; ``strict`` makes warnings fail too."""
        return not (self.findings if strict else self.errors)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Order findings by line, column, then path, so output is stable."""

    def key(f: Finding) -> tuple[int, int, str, str]:
        return (
            f.line if f.line is not None else 0,
            f.column if f.column is not None else 0,
            format_path(f.path),
            f.rule,
        )

    return tuple(sorted(findings, key=key))


class ConventionError(ValueError):
    """Raised when a document cannot be loaded as a convention.

    Carries every problem found (``findings``), each with its path in the file's own
    key names, its position when known, and a message that says what was expected.

    >>> import citydiplomacy as cd
    >>> try:
    ...     cd.loads('{"schema_version": "1.1", "id": "x", "parties": []}', name="x.json")
    ... except cd.ConventionError as error:
    ...     print(error.findings[0])
    x.json:1:49: error schema.minItems $.parties: [] has too few items: at least 1 item expected
    """

    def __init__(self, findings: Sequence[Finding], file: str | None = None) -> None:
        self.findings: tuple[Finding, ...] = tuple(findings)
        self.file = file
        errors = [f for f in self.findings if f.severity is Severity.ERROR] or list(self.findings)
        head = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        where = f" in {file}" if file else ""
        lines = [f"{head}{where}:"] + [f"  {f}" for f in errors[:20]]
        if len(errors) > 20:
            lines.append(f"  ... and {len(errors) - 20} more")
        super().__init__("\n".join(lines))
