"""Reporters: one small family that writes the outcomes of a validation run.

One class per output format, chosen by name from :data:`REPORTERS` (text, JSON, GitHub
workflow commands, SARIF), all with one interface: :meth:`Reporter.outcome` for each
file as it comes, :meth:`Reporter.more` for the findings of the rules across files,
:meth:`Reporter.finish` at the end. They write to any text stream, so Python code uses
them as the command line does::

    import io
    from citydiplomacy._batch._engine import Outcome
    from citydiplomacy._outputs._reporters import Tally, reporter

    out = io.StringIO()
    each = reporter("json", out)
    tally = Tally()
    for outcome in [Outcome("a.yaml")]:
        tally.add(outcome)
        each.outcome(outcome)
    each.finish([], tally, 0.0, strict=False, ok=True)

Every text that comes from a document is escaped for where it goes (see ``_text``).
"""

from __future__ import annotations

import collections
import os
import time
from collections.abc import Iterable
from typing import Any, ClassVar, TextIO

import attrs

from citydiplomacy import __version__
from citydiplomacy._base._report import Finding, Report, Severity, format_path, json_pointer
from citydiplomacy._base._text import display_name, github_data, github_property, human, json_text
from citydiplomacy._base._translation import _, decimal, ngettext
from citydiplomacy._batch._engine import STDIN_NAME, Outcome

FORMAT_ID = "citydiplomacy-validate/1"


def github_command(finding: Finding) -> str:
    """A finding as a ``::error`` or ``::warning`` workflow command."""
    props = [f"file={github_property(finding.file or STDIN_NAME)}"]
    if finding.line is not None:
        props.append(f"line={finding.line}")
        if finding.column is not None:
            props.append(f"col={finding.column}")
    props.append(f"title={github_property(finding.rule)}")
    level = "error" if finding.severity is Severity.ERROR else "warning"
    message = f"{format_path(finding.path)}: {finding.message}"
    return f"::{level} {','.join(props)}::{github_data(message)}"


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as a JSON object of the ``json`` output (valid UTF-8 whatever the
    file name: see :func:`display_name`)."""
    return {
        "file": None if finding.file is None else display_name(finding.file),
        "rule": finding.rule,
        "severity": finding.severity.value,
        "path": display_name(format_path(finding.path)),
        "pointer": display_name(json_pointer(finding.path)),
        "message": display_name(finding.message),
        "line": finding.line,
        "column": finding.column,
    }


@attrs.define
class Tally:
    """Counts for the summary."""

    files: int = 0
    valid: int = 0
    with_errors: int = 0
    with_warnings: int = 0
    errors: int = 0
    warnings: int = 0
    unreadable: int = 0
    suppressed: int = 0
    rules: collections.Counter[str] = attrs.Factory(collections.Counter)

    def add(self, outcome: Outcome) -> None:
        """Count one outcome."""
        if outcome.problem is not None:
            self.unreadable += 1
            return
        self.files += 1
        self.suppressed += outcome.suppressed
        if outcome.findings:
            self.rules.update(f.rule for f in outcome.findings)
        errors, warnings = outcome.errors, outcome.warnings
        self.errors += errors
        self.warnings += warnings
        if errors:
            self.with_errors += 1
        else:
            self.valid += 1
            if warnings:
                self.with_warnings += 1

    def add_more(self, before: Report, findings: tuple[Finding, ...]) -> None:
        """Count more findings of a valid file already counted (``before``: its own
        report): the findings of the rules across files."""
        self.rules.update(f.rule for f in findings)
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        warnings = len(findings) - errors
        self.errors += errors
        self.warnings += warnings
        had_warnings = bool(before.warnings)
        if errors:
            self.valid -= 1
            self.with_errors += 1
            if had_warnings:
                self.with_warnings -= 1
        elif warnings and not had_warnings:
            self.with_warnings += 1


def summary_line(tally: Tally, seconds: float, *, strict: bool) -> str:
    """``checked 3 files: 2 valid, 1 with errors (2 errors, 1 warning) in 0.1 s``, in
    the language in force."""
    text = _("{checked}: {valid}, {with_errors} ({errors}, {warnings})").format(
        checked=ngettext("checked {count} file", "checked {count} files", tally.files).format(
            count=tally.files
        ),
        valid=ngettext("{count} valid", "{count} valid", tally.valid).format(count=tally.valid),
        with_errors=ngettext(
            "{count} with errors", "{count} with errors", tally.with_errors
        ).format(count=tally.with_errors),
        errors=ngettext("{count} error", "{count} errors", tally.errors).format(count=tally.errors),
        warnings=ngettext("{count} warning", "{count} warnings", tally.warnings).format(
            count=tally.warnings
        ),
    )
    if tally.unreadable:
        text += ", " + ngettext(
            "{count} unreadable", "{count} unreadable", tally.unreadable
        ).format(count=tally.unreadable)
    if tally.suppressed:
        text += ", " + ngettext(
            "{count} suppressed", "{count} suppressed", tally.suppressed
        ).format(count=tally.suppressed)
    if strict and tally.with_warnings:
        text += ngettext(
            "; --strict: {count} valid file with warnings fail",
            "; --strict: {count} valid files with warnings fail",
            tally.with_warnings,
        ).format(count=tally.with_warnings)
    return _("{summary} in {seconds} s").format(summary=text, seconds=decimal(seconds, 1))


def rule_lines(tally: Tally) -> list[str]:
    """The count of each rule id reported, most frequent first, with the address of
    its documentation: ``      3  ref.unresolved  https://...#ref.unresolved``."""
    if not tally.rules:
        return []
    from citydiplomacy._checking._rule_docs import rule_url  # noqa: PLC0415 - only with findings

    ranked = sorted(tally.rules.items(), key=lambda item: (-item[1], item[0]))
    width = max(len(rule) for rule, _ in ranked)
    return [f"{count:7d}  {rule:<{width}}  {rule_url(rule)}" for rule, count in ranked]


def use_color(choice: str, stream: TextIO, environ: Any = os.environ) -> bool:
    """Whether to color text output: ``always``, ``never``, or (``auto``) when
    ``FORCE_COLOR`` is set (not to ``0``), else on a terminal unless ``NO_COLOR`` is
    set or ``TERM`` is ``dumb`` (https://no-color.org, https://force-color.org)."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    force = environ.get("FORCE_COLOR")
    if force is not None and force not in ("", "0", "false"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):
        return False


_BOLD, _RED, _YELLOW, _DIM, _RESET = "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[2m", "\x1b[0m"


def text_line(finding: Finding, *, color: bool = False) -> str:
    """A finding as one line of text output, escaped (see ``Finding.__str__``), its
    parts colored on request: the escaping is done before the colors are added, so a
    document cannot bring its own."""
    if not color:
        return str(finding)
    level = finding.severity.value
    tint = _RED if finding.severity is Severity.ERROR else _YELLOW
    return (
        f"{_BOLD}{human(finding.location())}{_RESET}: {tint}{level}{_RESET} "
        f"{_DIM}{human(finding.rule)}{_RESET} "
        f"{human(format_path(finding.path))}: {human(finding.message)}"
    )


class Progress:
    """A progress line on a terminal's stderr, for long runs only."""

    #: Show progress from the start for this many files, else after ``DELAY`` seconds.
    MANY_FILES = 200
    DELAY = 1.0
    INTERVAL = 0.1

    def __init__(self, stream: TextIO, total: int, *, enabled: bool) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    @staticmethod
    def wanted(stream: TextIO, environ: Any = os.environ) -> bool:
        """Only for a person at a terminal: never in CI logs or when piped."""
        if environ.get("CI") or environ.get("TERM") == "dumb":
            return False
        isatty = getattr(stream, "isatty", None)
        try:
            return bool(isatty()) if callable(isatty) else False
        except (OSError, ValueError):
            return False

    def update(self, done: int) -> None:
        """Redraw the line if the run is long enough and the last redraw is old enough."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not self.shown and self.total < self.MANY_FILES and now - self.start < self.DELAY:
            return
        if now - self.last < self.INTERVAL and done < self.total:
            return
        self.last = now
        self.shown = True
        line = _("checking {done}/{total} files...").format(done=done, total=self.total)
        self.stream.write(f"\r\x1b[K{line}")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the line (before other output, and at the end)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


class Reporter:
    """Writes the outcomes of a run to ``stream``: the interface of every format."""

    #: The format's name, as ``--format`` takes it.
    name: ClassVar[str] = ""

    def __init__(self, stream: TextIO, *, color: bool = False) -> None:
        self.stream = stream
        self.color = color

    def outcome(self, outcome: Outcome) -> None:
        """Write (or keep, for formats written at the end) the findings of one file."""

    def more(self, name: str, findings: tuple[Finding, ...]) -> None:
        """Write (or keep) more findings of a file already written: the findings of
        the rules across files, which come after every file's own."""

    def finish(
        self,
        unreadable: Iterable[Outcome],
        tally: Tally,
        seconds: float,
        *,
        strict: bool,
        ok: bool,
    ) -> None:
        """Write what comes at the end (unreadable paths, whole documents)."""


class TextReporter(Reporter):
    """One line per finding, ``file:line:col: severity rule $.path: message``, escaped
    whatever a message holds (``Finding.__str__``), colored on request."""

    name = "text"

    def outcome(self, outcome: Outcome) -> None:
        self.more(outcome.name, outcome.findings)

    def more(self, name: str, findings: tuple[Finding, ...]) -> None:
        self.stream.writelines(f"{text_line(f, color=self.color)}\n" for f in findings)


class GithubReporter(Reporter):
    """GitHub Actions workflow commands, shown as annotations on a pull request."""

    name = "github"

    def outcome(self, outcome: Outcome) -> None:
        if outcome.problem is not None:
            self.stream.write(_github_problem(outcome))
        self.more(outcome.name, outcome.findings)

    def more(self, name: str, findings: tuple[Finding, ...]) -> None:
        self.stream.writelines(github_command(f) + "\n" for f in findings)

    def finish(
        self,
        unreadable: Iterable[Outcome],
        tally: Tally,
        seconds: float,
        *,
        strict: bool,
        ok: bool,
    ) -> None:
        self.stream.writelines(_github_problem(o) for o in unreadable)


class JsonReporter(Reporter):
    """One JSON object ``{"format", "version", "strict", "files", "findings",
    "summary"}``, written at the end."""

    name = "json"

    def __init__(self, stream: TextIO, *, color: bool = False) -> None:
        super().__init__(stream, color=color)
        self.files: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []

    def outcome(self, outcome: Outcome) -> None:
        self.files.append(_file_json(outcome))
        self.findings.extend(finding_json(f) for f in outcome.findings)

    def more(self, name: str, findings: tuple[Finding, ...]) -> None:
        self.findings.extend(finding_json(f) for f in findings)
        shown = display_name(name)
        for entry in self.files:
            if entry["file"] == shown and entry.get("readable"):
                errors = sum(1 for f in findings if f.severity is Severity.ERROR)
                entry["errors"] += errors
                entry["warnings"] += len(findings) - errors
                entry["valid"] = entry["errors"] == 0
                break

    def finish(
        self,
        unreadable: Iterable[Outcome],
        tally: Tally,
        seconds: float,
        *,
        strict: bool,
        ok: bool,
    ) -> None:
        document = {
            "format": FORMAT_ID,
            "version": __version__,
            "strict": strict,
            "files": self.files + [_file_json(o) for o in unreadable],
            "findings": self.findings,
            "summary": {
                "files": tally.files,
                "valid": tally.valid,
                "with_errors": tally.with_errors,
                "with_warnings": tally.with_warnings,
                "errors": tally.errors,
                "warnings": tally.warnings,
                "unreadable": tally.unreadable,
                "suppressed": tally.suppressed,
                "rules": dict(sorted(tally.rules.items())),
                "seconds": round(seconds, 3),
                "ok": ok and not tally.unreadable,
            },
        }
        self.stream.write(json_text(document))


class SarifReporter(Reporter):
    """A SARIF 2.1.0 log for code-scanning dashboards (see ``_sarif``), written at the end."""

    name = "sarif"

    def __init__(self, stream: TextIO, *, color: bool = False) -> None:
        super().__init__(stream, color=color)
        self.kept: list[Finding] = []
        self.unreadable: list[tuple[str, str]] = []

    def outcome(self, outcome: Outcome) -> None:
        if outcome.problem is not None:
            self.unreadable.append((outcome.name, outcome.problem))
        self.kept.extend(outcome.findings)

    def more(self, name: str, findings: tuple[Finding, ...]) -> None:
        self.kept.extend(findings)

    def finish(
        self,
        unreadable: Iterable[Outcome],
        tally: Tally,
        seconds: float,
        *,
        strict: bool,
        ok: bool,
    ) -> None:
        from citydiplomacy._outputs._sarif import sarif_log  # noqa: PLC0415 - SARIF output only

        log = sarif_log(
            self.kept,
            version=__version__,
            unreadable=self.unreadable + [(o.name, o.problem or "") for o in unreadable],
            suppressed=tally.suppressed,
        )
        self.stream.write(json_text(log))


#: Every reporter by the name ``--format`` takes.
REPORTERS: dict[str, type[Reporter]] = {
    cls.name: cls for cls in (TextReporter, JsonReporter, GithubReporter, SarifReporter)
}
#: The format names, in the order the command line lists them.
FORMATS = tuple(REPORTERS)


def reporter(fmt: str, stream: TextIO, *, color: bool = False) -> Reporter:
    """The reporter of format ``fmt`` (a key of :data:`REPORTERS`) writing to ``stream``."""
    return REPORTERS[fmt](stream, color=color)


def _file_json(outcome: Outcome) -> dict[str, Any]:
    if outcome.problem is not None:
        return {
            "file": display_name(outcome.name),
            "readable": False,
            "message": display_name(outcome.problem),
        }
    return {
        "file": display_name(outcome.name),
        "readable": True,
        "valid": outcome.errors == 0,
        "errors": outcome.errors,
        "warnings": outcome.warnings,
    }


def _github_problem(outcome: Outcome) -> str:
    return (
        f"::error file={github_property(outcome.name)},title=unreadable::"
        f"{github_data(f'cannot read: {outcome.problem}')}\n"
    )
