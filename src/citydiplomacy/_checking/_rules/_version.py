"""Format version: a file that says 1.0 uses nothing 1.1 added."""

from __future__ import annotations

from citydiplomacy._checking._rules._engine import (
    ERROR,
    RuleInfo,
    _Checker,
    _file_order,
    _r,
)

#: The rules of this family, with what each checks and how to fix it.
RULES: tuple[RuleInfo, ...] = (
    _r(
        "version.needs-1.1",
        ERROR,
        'The file says `schema_version: "1.0"` but uses something format 1.1 added: a '
        "member (such as `designation`, `termination` or a meeting's `date`), a code of a "
        "closed codelist (such as the instrument kind `partnership_agreement`) or a date "
        "form beyond YYYY, YYYY-MM and YYYY-MM-DD (such as the season 2025-21), or leaves "
        "out a member 1.0 requires and 1.1 made optional (such as a document's `title`, "
        "reported at the object or, at the top, at `schema_version`). Readers of "
        "format 1.0 refuse it. Reported once per file, at the first use.",
        "Run `citydiplomacy upgrade FILE`, which rewrites the file as 1.1 (or set "
        '`schema_version: "1.1"` yourself).',
    ),
)


def _version(c: _Checker) -> None:
    """One ``version.needs-1.1`` finding, at the first use in the file's order."""
    parent, last, what = min(c.newer, key=lambda use: _file_order(c.document, use[0], use[1]))
    others = len(c.newer) - 1
    c.add(
        "version.needs-1.1",
        (*parent, last),
        f'this file says schema_version "1.0" but uses {what}, which only format 1.1 allows'
        + (f" (and {others} other use{'s' if others > 1 else ''} of 1.1)" if others else "")
        + "; readers of 1.0 refuse it: run `citydiplomacy upgrade FILE` to rewrite the "
        'file as 1.1 (or set schema_version: "1.1")',
    )
