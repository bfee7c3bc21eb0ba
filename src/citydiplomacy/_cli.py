"""The command line: a thin shell over the library.

``run()`` takes its arguments and streams and returns the exit code, so tests call it
directly; ``main()`` is the console entry point. Each subcommand lives in its own
module under ``_commands`` and exposes ``register(subparsers)`` and
``run(args, streams) -> int``. Exit codes: 0 success, 1 findings, 2 usage or
unreadable input.
"""

from __future__ import annotations

import argparse
import contextvars
import importlib
import sys
from collections.abc import Sequence
from typing import BinaryIO, TextIO

import attrs

from . import __version__

#: Subcommands, in the order ``--help`` lists them.
COMMANDS = ("validate", "schema", "status", "export", "new", "upgrade", "render", "site")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


@attrs.frozen
class Streams:
    """The streams a command reads and writes, and whether stdout/stderr are terminals."""

    stdin: BinaryIO
    stdout: TextIO
    stderr: TextIO

    @property
    def interactive(self) -> bool:
        """True when a person is at a terminal (stdin and stderr are ttys)."""
        return _isatty(self.stdin) and _isatty(self.stderr)


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):
        return False


_OUTPUT: contextvars.ContextVar[TextIO | None] = contextvars.ContextVar("_OUTPUT", default=None)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, so ``run()`` returns codes."""

    def _print_message(self, message: str, file: object = None) -> None:
        if message:
            (_OUTPUT.get() or sys.stdout).write(message)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: error: {message}\n{self.format_usage()}")

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        raise _ParserExit(status, message)


class _UsageError(Exception):
    pass


class _ParserExit(Exception):
    def __init__(self, status: int, message: str | None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered (or just ``only``; none for "").

    Registering one subcommand imports only its module: ``validate`` in a pre-commit
    hook must not pay for the calendar and time imports of ``status`` and ``export``.
    """
    parser = _Parser(
        prog="citydiplomacy",
        description=(
            "Validate, inspect and create decentralised cooperation conventions "
            "(agreements between local governments)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS if only is None else (only,) if only else ():
        importlib.import_module(f"._commands.{name}", __package__).register(sub)
    return parser


def run(
    argv: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line with ``argv`` (without the program name); return the exit code."""
    streams = Streams(
        stdin=stdin if stdin is not None else sys.stdin.buffer,
        stdout=stdout if stdout is not None else sys.stdout,
        stderr=stderr if stderr is not None else sys.stderr,
    )
    command = next((a for a in argv if not a.startswith("-")), None)
    if command in COMMANDS:
        only: str | None = command
    elif command is None and "--version" in argv and not {"-h", "--help"} & set(argv):
        only = ""  # the version alone: no subcommand to import
    else:
        only = None
    parser = build_parser(only)
    token = _OUTPUT.set(streams.stdout)
    try:
        args = parser.parse_args(list(argv))
    except _UsageError as exc:
        streams.stderr.write(str(exc))
        return EXIT_USAGE
    except _ParserExit as exc:
        if exc.message:
            (streams.stdout if exc.status == 0 else streams.stderr).write(exc.message)
        return EXIT_OK if exc.status == 0 else EXIT_USAGE
    finally:
        _OUTPUT.reset(token)
    module = importlib.import_module(f"._commands.{args.command}", __package__)
    code: int = module.run(args, streams)
    return code


def main() -> None:
    """Console entry point."""
    try:
        code = run(sys.argv[1:])
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        code = 130
    except BrokenPipeError:
        code = EXIT_OK
    sys.exit(code)
