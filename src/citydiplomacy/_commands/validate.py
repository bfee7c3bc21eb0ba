"""``citydiplomacy validate PATH...``: check convention files, for people and for CI.

PATH is a file, a directory (searched recursively for ``--include`` patterns,
hidden files and folders skipped) or ``-`` for standard input. A file named
explicitly is checked whatever its name.

Output (stdout), one of:

* ``text`` (default): one line per finding, ``file:line:col: severity rule $.path: message``;
* ``json``: one object ``{"format", "version", "strict", "files", "findings", "summary"}``;
  each finding has ``file``, ``rule``, ``severity``, ``path`` (``$.a[0]``), ``pointer``
  (RFC 6901, ``/a/0``), ``message``, ``line`` and ``column`` (null when unknown);
* ``github``: GitHub Actions workflow commands (``::error file=...,line=...::...``),
  which show as annotations on the pull request;
* ``sarif``: a SARIF 2.1.0 log for code-scanning dashboards (see ``_sarif``).

``--output FILE`` writes that output to a file instead, atomically, and each
``--report FORMAT=FILE`` another format of the same run to a file. Settings come
from a configuration file (see ``_config``) and the options, which win.

A summary goes to stderr (a line, then the count of each rule reported, with the
address of its documentation), and, on a terminal during a long run, a progress
line (never when stderr is not a terminal or the ``CI`` environment variable is
set); ``--quiet`` leaves only the findings.

Exit status: 0 when every file is valid; 1 when a file has errors (or warnings, with
``--strict``); 2 on a usage error or when a path is missing or cannot be read (the
other files are still checked, and 2 wins over 1).

Files are checked in parallel worker processes (``--jobs``), in chunks, only when
there is work enough (many files, or large ones) to pay for starting the workers. The
workers are started before the list of files is built, so that a run's memory does
not grow with the number of files (see ``run``).
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from citydiplomacy import __version__, _batch
from citydiplomacy._batch import (
    DEFAULT_MAX_BYTES,
    STDIN_NAME,
    Outcome,
    default_jobs,
)
from citydiplomacy._cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Streams
from citydiplomacy._config import DEFAULT_INCLUDE, Config, ConfigError, load_config
from citydiplomacy._files import os_error_message, write_atomic
from citydiplomacy._report import (
    Finding,
    Report,
    Severity,
    format_path,
    json_pointer,
    sort_findings,
)
from citydiplomacy._text import display_name, github_data, github_property, human, json_text
from citydiplomacy._translation import _, decimal, ngettext

if TYPE_CHECKING:
    from citydiplomacy._extensions import Extension
    from citydiplomacy._portfolio import PortfolioFile

FORMAT_ID = "citydiplomacy-validate/1"
FORMATS = ("text", "json", "github", "sarif")


# ------------------------------------------------------------------ arguments


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, found {value}")
    return value


def _byte_size(text: str) -> int:
    """``1000``, ``512k``, ``10M`` or ``1G`` (binary multiples) as a number of bytes."""
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    cleaned = text.strip().lower().removesuffix("b").removesuffix("i")
    factor = units.get(cleaned[-1:], 1)
    digits = cleaned[:-1] if cleaned[-1:] in units else cleaned
    try:
        value = int(digits) * factor
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a size such as 1000, 512k or 10M, found {text!r}"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError("the size must be at least 1 byte")
    return value


def _patterns(text: str) -> tuple[str, ...]:
    patterns = tuple(p.strip() for p in text.split(",") if p.strip())
    if not patterns:
        raise argparse.ArgumentTypeError("expected glob patterns such as '*.yaml,*.json'")
    return patterns


def _report(text: str) -> tuple[str, str]:
    """``FORMAT=FILE`` of ``--report``."""
    fmt, sep, file = text.partition("=")
    if not sep or fmt not in FORMATS or not file:
        raise argparse.ArgumentTypeError(
            f"expected FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}, found {text!r}"
        )
    return fmt, file


def _rule_ids(text: str) -> tuple[str, ...]:
    ids = tuple(p.strip() for p in text.split(",") if p.strip())
    if not ids:
        raise argparse.ArgumentTypeError("expected rule ids such as 'date.order,content.empty'")
    return ids


def register(subparsers: Any) -> None:
    """Add the ``validate`` subcommand to the command line."""
    parser = subparsers.add_parser(
        "validate",
        help="check convention files against the schema and the semantic rules",
        description=(
            "Check convention files (YAML or JSON) against the JSON Schema and the "
            "semantic rules. Exit status: 0 valid, 1 findings (errors, or warnings with "
            "--strict), 2 usage error or unreadable input."
        ),
        epilog=(
            "examples:\n"
            "  citydiplomacy validate conventions/\n"
            "  citydiplomacy validate --format github --strict conventions/*.yaml\n"
            "  cat convention.json | citydiplomacy validate -\n"
            "  citydiplomacy validate --format sarif --output results.sarif conventions/\n"
            "  citydiplomacy validate --list-rules\n"
            "\n"
            "Settings are read from citydiplomacy.toml, or [tool.citydiplomacy] in\n"
            "pyproject.toml, in the current folder or the nearest one above it;\n"
            "options win over them (see --show-config)."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a convention file, a directory to search recursively, or - for standard input",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output: text lines (default), one JSON object, GitHub Actions annotations, "
        "or a SARIF 2.1.0 log",
    )
    parser.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="fail on warnings too (exit status 1); --no-strict overrides the configuration",
    )
    parser.add_argument(
        "--include",
        type=_patterns,
        default=None,
        metavar="GLOBS",
        help="comma-separated file name patterns searched for in directories "
        f"(default: {','.join(DEFAULT_INCLUDE)}); files named explicitly are always checked",
    )
    parser.add_argument(
        "--exclude",
        type=_patterns,
        default=None,
        metavar="GLOBS",
        help="comma-separated patterns of files never checked, even when named "
        "(relative to the configuration file's folder when they hold a /)",
    )
    parser.add_argument(
        "--ignore",
        type=_rule_ids,
        default=None,
        metavar="RULES",
        help="comma-separated rule ids (or family.*) not to report, added to the configuration's",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=None,
        help="read the settings from FILE (citydiplomacy.toml or pyproject.toml) instead of "
        "looking for one",
    )
    parser.add_argument(
        "--no-config", action="store_true", help="use no configuration file, only the options"
    )
    parser.add_argument(
        "--show-config",
        action="store_true",
        help="print the settings in force and where each came from, then exit",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        default=None,
        help="write the output to FILE (replaced atomically) instead of standard output",
    )
    parser.add_argument(
        "--report",
        type=_report,
        action="append",
        default=[],
        metavar="FORMAT=FILE",
        help="also write the output in FORMAT to FILE (replaced atomically), from the same "
        "run; repeat for several, e.g. --report json=r.json --report sarif=r.sarif",
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="print the findings only: no summary, no notes"
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="color text output: auto (default) on a terminal unless NO_COLOR is set, or "
        "when FORCE_COLOR is",
    )
    parser.add_argument(
        "--max-bytes",
        type=_byte_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="report larger files without reading them (default: 10M; accepts k, M, G)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        default=None,
        metavar="N",
        help="worker processes for many or large files (default: the number of CPUs available; "
        "1 checks in this process)",
    )
    parser.add_argument(
        "--portfolio-rules",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="with several files or a folder, also check them together: instrument ids "
        "unique, links consistent both ways, chain dates in order, parties described alike "
        "(the portfolio.* rules; default: on)",
    )
    parser.add_argument(
        "--extension",
        action="append",
        default=[],
        metavar="PATH",
        help="also check the keys of an extension's namespace in every `extensions` "
        "member, against the extension in this folder (or this extension.json); repeat "
        "for several extensions (the extension.* rules)",
    )
    parser.add_argument(
        "--list-rules",
        action="store_true",
        help="print every rule id with its severity, what it checks and how to fix it",
    )


# ------------------------------------------------------------------ output


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
    from citydiplomacy._rule_docs import rule_url  # noqa: PLC0415 - only with findings

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


def list_rules(stream: TextIO, fmt: str) -> None:
    """Print the rule registry."""
    from citydiplomacy._rule_docs import rule_url  # noqa: PLC0415
    from citydiplomacy._rules import RULES  # noqa: PLC0415 - deferred, see check_target

    if fmt in ("json", "sarif"):
        rules = [
            {
                "rule": r.id,
                "family": r.family,
                "severity": r.severity.value,
                "summary": r.summary,
                "fix": r.fix,
                "url": rule_url(r.id),
            }
            for r in RULES.values()
        ]
        stream.write(json_text({"rules": rules}))
        return
    for rule in RULES.values():
        stream.write(f"{rule.id} ({rule.severity.value})\n")
        fix, see = _("Fix: {fix}"), _("See: {url}")
        stream.write(f"    {rule.summary}\n")
        stream.write(f"    {fix.format(fix=rule.fix)}\n    {see.format(url=rule_url(rule.id))}\n")


# ------------------------------------------------------------------ the command


def _config(args: argparse.Namespace, streams: Streams) -> Config | None:
    """The settings in force: the configuration file's, then the options."""
    try:
        base = Config() if args.no_config else load_config(args.config)
        return base.with_options(
            include=args.include, exclude=args.exclude, ignore=args.ignore, strict=args.strict
        )
    except ConfigError as exc:
        message = _("configuration: {problem}").format(problem=human(str(exc)))
        streams.stderr.write(f"citydiplomacy validate: {message}\n")
        return None


def show_config(config: Config, stream: TextIO) -> None:
    """Print the settings in force, in TOML, each with where it came from."""

    def toml(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    file = human(config.file) if config.file else _("(none)")
    stream.write("# " + _("configuration file: {file}").format(file=file) + "\n")
    root = _("patterns relative to: {folder}").format(folder=human(config.root))
    stream.write(f"# {root}\n")
    rows = [
        ("include", toml(list(config.include))),
        ("exclude", toml(list(config.exclude))),
        ("ignore", toml(sorted(config.ignore))),
        ("strict", "true" if config.strict else "false"),
        (
            "severity",
            "{" + ", ".join(f'"{k}" = "{v.value}"' for k, v in config.severity.items()) + "}",
        ),
    ]
    for key, value in rows:
        stream.write(f"{key} = {human(value)}  # {human(config.origin(key))}\n")
    for override in config.overrides:
        stream.write(f"[[overrides]]  # {human(config.origin('overrides'))}\n")
        stream.write(f"paths = {human(toml(list(override.paths)))}\n")
        if override.ignore:
            stream.write(f"ignore = {human(toml(sorted(override.ignore)))}\n")
        if override.severity:
            pairs = ", ".join(f'"{k}" = "{v.value}"' for k, v in override.severity.items())
            stream.write(f"severity = {{{human(pairs)}}}\n")


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Validate the paths given; return the exit status."""
    config = _config(args, streams)
    if config is None:
        return EXIT_USAGE
    if args.show_config:
        show_config(config, streams.stdout)
        return EXIT_OK
    if args.list_rules:
        list_rules(streams.stdout, args.format)
        return EXIT_OK
    if not args.paths:
        message = _(
            "error: give at least one PATH (a file, a directory, or - for standard input), "
            "or --list-rules"
        )
        streams.stderr.write(f"citydiplomacy validate: {message}\n")
        return EXIT_USAGE
    extensions = _extensions(args, streams)
    if extensions is None:
        return EXIT_USAGE
    started = time.perf_counter()
    jobs = args.jobs or default_jobs()
    strict = config.strict
    include = tuple(p.rsplit("/", 1)[-1] for p in config.include)
    tally = Tally()
    out: TextIO = io.StringIO() if args.output is not None else streams.stdout
    color = args.format == "text" and use_color(args.color, out)
    writer = _Writer(args.format, out, color=color)
    # Reports go to files: the same outcomes, in other formats, never colored.
    files: list[tuple[str, io.StringIO]] = []
    if args.output is not None:
        assert isinstance(out, io.StringIO)
        files.append((args.output, out))
    writers = [writer]
    for fmt, file in args.report:
        buffer = io.StringIO()
        files.append((file, buffer))
        writers.append(_Writer(fmt, buffer))
    quiet = args.quiet
    # Rules need applying only when the configuration changes what is reported.
    rules = None if config.is_default else config
    # The rules across files need an outline of each valid file (see _portfolio).
    together = args.portfolio_rules and (
        len([p for p in args.paths if p != _batch.STDIN]) > 1
        or any(os.path.isdir(p) for p in args.paths if p != _batch.STDIN)
    )
    kept: list[PortfolioFile] = []
    digest = None
    if together:
        # Deferred: only runs over several files need the model and the portfolio.
        from citydiplomacy._portfolio import PortfolioFile, outline_of  # noqa: PLC0415

        digest = outline_of
    # The workers, if the files are worth them, are started before the list of files
    # exists: forked later, each would carry a copy of it.
    with _batch.early_pool(args.paths, include, jobs) as pool:
        targets, problems = _batch.collect(args.paths, include, config)
        notes = [p for p in problems if p.note]
        problems = [p for p in problems if not p.note]
        for problem in ([] if quiet else notes) + problems:
            streams.stderr.write(
                f"citydiplomacy validate: {human(problem.name)}: {human(problem.message)}\n"
            )
        progress = Progress(
            streams.stderr, len(targets), enabled=not quiet and Progress.wanted(streams.stderr)
        )
        outcomes = _batch.run_checks(
            targets,
            max_bytes=args.max_bytes,
            jobs=jobs,
            stdin=streams.stdin,
            pool=pool,
            config=rules,
            digest=digest,
        )
        try:
            for done, checked in enumerate(outcomes, 1):
                outcome = _with_extensions(checked, extensions, rules, args.max_bytes)
                tally.add(outcome)
                if outcome.findings or outcome.problem is not None:
                    progress.clear()
                if outcome.problem is not None:
                    message = _("cannot read: {problem}").format(problem=human(outcome.problem))
                    streams.stderr.write(
                        f"citydiplomacy validate: {human(outcome.name)}: {message}\n"
                    )
                for each in writers:
                    each.outcome(outcome)
                if outcome.value is not None:
                    instrument, print_, data = outcome.value
                    report = Report(file=outcome.name, findings=outcome.findings)
                    kept.append(
                        PortfolioFile(outcome.name, report, instrument, None, print_, data=data)
                    )
                progress.update(done)
        finally:
            progress.clear()
        if len(kept) > 1:
            _cross_file(kept, rules, tally, writers)
    seconds = time.perf_counter() - started
    tally.unreadable += len(problems)
    failed = tally.with_errors or (strict and tally.with_warnings)
    unreadable = [Outcome(p.name, problem=p.message) for p in problems]
    for each in writers:
        each.finish(unreadable, tally, seconds, strict=strict, ok=not failed)
    for file, buffer in files:
        try:
            write_atomic(file, buffer.getvalue(), overwrite=True)
        except OSError as exc:
            message = _("cannot write: {problem}").format(problem=human(os_error_message(exc)))
            streams.stderr.write(f"citydiplomacy validate: {human(file)}: {message}\n")
            return EXIT_USAGE
    if not quiet:
        streams.stderr.write(summary_line(tally, seconds, strict=strict) + "\n")
        streams.stderr.writelines(line + "\n" for line in rule_lines(tally))
    if tally.unreadable:
        return EXIT_USAGE
    return EXIT_FINDINGS if failed else EXIT_OK


def _extensions(args: argparse.Namespace, streams: Streams) -> list[Extension] | None:
    """The extensions given with --extension; None (after saying why) if one is unusable."""
    if not args.extension:
        return []
    from citydiplomacy._extensions import ExtensionError, load_extension  # noqa: PLC0415

    if _batch.STDIN in args.paths:
        streams.stderr.write(
            "citydiplomacy validate: error: --extension checks files, not standard input "
            "(-): save the document to a file and give its path\n"
        )
        return None
    loaded: list[Extension] = []
    for path in args.extension:
        try:
            extension = load_extension(path)
        except ExtensionError as exc:
            streams.stderr.write(f"citydiplomacy validate: --extension {human(str(exc))}\n")
            return None
        if any(e.namespace == extension.namespace for e in loaded):
            streams.stderr.write(
                f"citydiplomacy validate: --extension {human(path)}: a second extension for "
                f"the namespace {extension.namespace}; give one of them\n"
            )
            return None
        loaded.append(extension)
    return loaded


def _with_extensions(
    outcome: Outcome, extensions: list[Extension], config: Config | None, max_bytes: int
) -> Outcome:
    """The outcome with the extension.* findings of its file added (configured)."""
    if not extensions or outcome.problem is not None:
        return outcome
    from citydiplomacy._extensions import path_extension_findings  # noqa: PLC0415

    report = path_extension_findings(outcome.name, extensions, max_bytes=max_bytes)
    if not report.findings and not report.suppressed:
        return outcome
    if config is not None:
        report = config.apply(report, outcome.name)
    return attrs.evolve(
        outcome,
        findings=sort_findings([*outcome.findings, *report.findings]),
        suppressed=outcome.suppressed + len(report.suppressed),
    )


def _cross_file(
    kept: list[PortfolioFile], config: Config | None, tally: Tally, writers: list[_Writer]
) -> None:
    """Run the rules across files on the valid files, and report their findings."""
    from citydiplomacy._portfolio import Portfolio  # noqa: PLC0415 - as in run
    from citydiplomacy._portfolio_rules import portfolio_findings  # noqa: PLC0415

    findings = portfolio_findings(Portfolio(kept))
    if not findings:
        return
    before = {f.path: f.report for f in kept}
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file or "", []).append(finding)
    for name, found in by_file.items():
        report = Report(file=name, findings=tuple(found))
        if config is not None:
            report = config.apply(report, name)
        tally.suppressed += len(report.suppressed)
        if not report.findings:
            continue
        tally.add_more(before[name], report.findings)
        for each in writers:
            each.more(name, report.findings)


class _Writer:
    """Writes outcomes as they come (text, github) or all at the end (json)."""

    def __init__(self, fmt: str, stream: TextIO, *, color: bool = False) -> None:
        self.fmt = fmt
        self.stream = stream
        self.color = color
        self.files: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []
        self.kept: list[Finding] = []
        self.unreadable: list[tuple[str, str]] = []

    def outcome(self, outcome: Outcome) -> None:
        """Write (or keep, for json and sarif) the findings of one file."""
        if self.fmt == "json":
            self.files.append(_file_json(outcome))
            self.findings.extend(finding_json(f) for f in outcome.findings)
        elif self.fmt == "sarif":
            if outcome.problem is not None:
                self.unreadable.append((outcome.name, outcome.problem))
            self.kept.extend(outcome.findings)
        elif self.fmt == "github":
            if outcome.problem is not None:
                self.stream.write(_github_problem(outcome))
            self.stream.writelines(github_command(f) + "\n" for f in outcome.findings)
        else:
            # One line per finding, escaped, whatever a message holds (Finding.__str__).
            self.stream.writelines(f"{text_line(f, color=self.color)}\n" for f in outcome.findings)

    def more(self, name: str, findings: tuple[Finding, ...]) -> None:
        """Write (or keep) more findings of a file already written: the findings of
        the rules across files, which come after every file's own."""
        if self.fmt == "json":
            self.findings.extend(finding_json(f) for f in findings)
            shown = display_name(name)
            for entry in self.files:
                if entry["file"] == shown and entry.get("readable"):
                    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
                    entry["errors"] += errors
                    entry["warnings"] += len(findings) - errors
                    entry["valid"] = entry["errors"] == 0
                    break
        elif self.fmt == "sarif":
            self.kept.extend(findings)
        elif self.fmt == "github":
            self.stream.writelines(github_command(f) + "\n" for f in findings)
        else:
            self.stream.writelines(f"{text_line(f, color=self.color)}\n" for f in findings)

    def finish(
        self,
        unreadable: Iterable[Outcome],
        tally: Tally,
        seconds: float,
        *,
        strict: bool,
        ok: bool,
    ) -> None:
        """Write what comes at the end: unreadable paths, and the whole json object."""
        missing = list(unreadable)
        if self.fmt == "github":
            self.stream.writelines(_github_problem(o) for o in missing)
        if self.fmt == "sarif":
            from citydiplomacy._sarif import sarif_log  # noqa: PLC0415 - SARIF output only

            log = sarif_log(
                self.kept,
                version=__version__,
                unreadable=self.unreadable + [(o.name, o.problem or "") for o in missing],
                suppressed=tally.suppressed,
            )
            self.stream.write(json_text(log))
            return
        if self.fmt != "json":
            return
        document = {
            "format": FORMAT_ID,
            "version": __version__,
            "strict": strict,
            "files": self.files + [_file_json(o) for o in missing],
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
