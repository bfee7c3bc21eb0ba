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
import io
import json
import time
from typing import TYPE_CHECKING, Any, TextIO

from citydiplomacy._base._files import os_error_message, write_atomic
from citydiplomacy._base._text import human, json_text
from citydiplomacy._base._translation import _
from citydiplomacy._batch._engine import DEFAULT_MAX_BYTES, STDIN, Outcome, Problem
from citydiplomacy._batch._validate import CrossFile, check_paths, worth_crossing
from citydiplomacy._checking._config import DEFAULT_INCLUDE, Config, ConfigError, load_config
from citydiplomacy._cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Streams
from citydiplomacy._outputs._reporters import (
    FORMATS,
    Progress,
    Reporter,
    Tally,
    reporter,
    rule_lines,
    summary_line,
    use_color,
)

if TYPE_CHECKING:
    from citydiplomacy._checking._extensions import Extension

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


def list_rules(stream: TextIO, fmt: str) -> None:
    """Print the rule registry."""
    from citydiplomacy._checking._rule_docs import rule_url  # noqa: PLC0415
    from citydiplomacy._checking._rules import RULES  # noqa: PLC0415 - deferred, see check_target

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
    strict = config.strict
    quiet = args.quiet
    tally = Tally()
    out: TextIO = io.StringIO() if args.output is not None else streams.stdout
    color = args.format == "text" and use_color(args.color, out)
    # Reports go to files: the same outcomes, in other formats, never colored.
    files: list[tuple[str, io.StringIO]] = []
    if args.output is not None:
        assert isinstance(out, io.StringIO)
        files.append((args.output, out))
    reporters = [reporter(args.format, out, color=color)]
    for fmt, file in args.report:
        buffer = io.StringIO()
        files.append((file, buffer))
        reporters.append(reporter(fmt, buffer))
    cross_file = CrossFile() if args.portfolio_rules and worth_crossing(args.paths) else None
    problems: list[Problem] = []

    def said(problem: Problem) -> None:
        if not problem.note:
            problems.append(problem)
        elif quiet:
            return
        streams.stderr.write(
            f"citydiplomacy validate: {human(problem.name)}: {human(problem.message)}\n"
        )

    progress: Progress | None = None

    def shown(done: int, total: int) -> None:
        nonlocal progress
        if progress is None:
            wanted = not quiet and Progress.wanted(streams.stderr)
            progress = Progress(streams.stderr, total, enabled=wanted)
        progress.update(done)

    outcomes = check_paths(
        args.paths,
        config,
        max_bytes=args.max_bytes,
        jobs=args.jobs,
        stdin=streams.stdin,
        cross_file=cross_file,
        extensions=extensions,
        problems=said,
        progress=shown,
    )
    try:
        for outcome in outcomes:
            tally.add(outcome)
            if progress is not None and (outcome.findings or outcome.problem is not None):
                progress.clear()
            if outcome.problem is not None:
                message = _("cannot read: {problem}").format(problem=human(outcome.problem))
                streams.stderr.write(f"citydiplomacy validate: {human(outcome.name)}: {message}\n")
            for each in reporters:
                each.outcome(outcome)
    finally:
        if progress is not None:
            progress.clear()
    if cross_file is not None:
        _report_cross_file(cross_file, None if config.is_default else config, tally, reporters)
    seconds = time.perf_counter() - started
    tally.unreadable += len(problems)
    failed = tally.with_errors or (strict and tally.with_warnings)
    unreadable = [Outcome(p.name, problem=p.message) for p in problems]
    for each in reporters:
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
    from citydiplomacy._checking._extensions import (  # noqa: PLC0415
        ExtensionError,
        load_extension,
    )

    if STDIN in args.paths:
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


def _report_cross_file(
    cross_file: CrossFile, config: Config | None, tally: Tally, reporters: list[Reporter]
) -> None:
    """Count and write the findings of the rules across files."""
    for before, report in cross_file.findings(config):
        tally.suppressed += len(report.suppressed)
        if not report.findings:
            continue
        tally.add_more(before, report.findings)
        for each in reporters:
            each.more(report.file or "", report.findings)
