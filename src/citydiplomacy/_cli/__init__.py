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
import errno
import importlib
import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import BinaryIO, TextIO, cast

import attrs

from citydiplomacy import __version__
from citydiplomacy._base._translation import LANGUAGES, _, resolve, use

#: Subcommands, in the order ``--help`` lists them.
COMMANDS = (
    "validate",
    "schema",
    "status",
    "export",
    "flatten",
    "unflatten",
    "new",
    "upgrade",
    "portfolio",
    "render",
    "site",
)

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


def write_or_explain(path: str, write: Callable[[], object], stderr: TextIO) -> int:
    """Run ``write`` (which writes the file at ``path``) and return the exit code.

    A file that exists without ``--force``, or any write error, is said on ``stderr``
    with the file's name, escaped; the exit code is then ``EXIT_USAGE``.
    """
    from citydiplomacy._base._files import os_error_message  # noqa: PLC0415 - only commands that write
    from citydiplomacy._base._text import human  # noqa: PLC0415

    try:
        write()
    except FileExistsError:
        stderr.write(
            "citydiplomacy: "
            + _("{path} exists; pass --force to replace it").format(path=human(path))
            + "\n"
        )
        return EXIT_USAGE
    except OSError as exc:
        message = _("cannot write {path}: {reason}")
        reason = os_error_message(exc)
        stderr.write(f"citydiplomacy: {message.format(path=human(path), reason=reason)}\n")
        return EXIT_USAGE
    return EXIT_OK


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):
        return False


class _ClosedInput(io.RawIOBase):
    """Standard input when the process was started without one (``<&-``): reading it
    is an ``OSError`` that says so, and nothing else notices."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: object) -> int:
        raise OSError(errno.EBADF, "standard input is closed")

    def readline(self, size: int | None = -1) -> bytes:
        raise OSError(errno.EBADF, "standard input is closed")

    def isatty(self) -> bool:
        return False


#: What writing to a closed or broken stream raises.
_LOST = (BrokenPipeError, ConnectionResetError, ValueError)


class _Output(io.TextIOBase):
    """Standard output or error as the commands see it: once the stream is gone (a
    closed pipe, as in ``| head -1``, or no stream at all, ``>&-``), further output is
    dropped and ``lost`` is set, so that the command still finishes and its exit status
    stays truthful, without a traceback."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self._stream = stream
        self.lost = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self._stream is None:
            self.lost = self.lost or bool(text)
        elif not self.lost:
            try:
                self._stream.write(text)
            except _LOST:
                self.lost = True
            except OSError as exc:
                if exc.errno not in (errno.EPIPE, errno.EBADF):
                    raise
                self.lost = True
        return len(text)

    def flush(self) -> None:
        if not self.lost and self._stream is not None:
            try:
                self._stream.flush()
            except (*_LOST, OSError):
                self.lost = True

    def isatty(self) -> bool:
        return not self.lost and _isatty(self._stream)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._stream, "encoding", None) or "utf-8")

    @property
    def buffer(self) -> _BinaryOutput:
        """The bytes beneath (for output that must not be translated, such as CRLF)."""
        return _BinaryOutput(self)


class _BinaryOutput:
    """The binary stream under an :class:`_Output`, losing bytes the same way."""

    def __init__(self, owner: _Output) -> None:
        self._owner = owner

    def write(self, data: bytes) -> int:
        stream = getattr(self._owner._stream, "buffer", None)
        if self._owner.lost or stream is None:
            self._owner.lost = self._owner.lost or bool(data)
            return len(data)
        try:
            stream.write(data)
        except (*_LOST, OSError):
            self._owner.lost = True
        return len(data)

    def flush(self) -> None:
        stream = getattr(self._owner._stream, "buffer", None)
        if not self._owner.lost and stream is not None:
            try:
                stream.flush()
            except (*_LOST, OSError):
                self._owner.lost = True


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
    _add_lang(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS if only is None else (only,) if only else ():
        importlib.import_module(f"._commands.{name}", __package__).register(sub)
    for command in sub.choices.values():
        # render and site have their own --lang (the page's language), read here too.
        if "--lang" not in command._option_string_actions:
            _add_lang(command)
    return parser


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_(
            "language of the messages for people (default: from LC_ALL, LC_MESSAGES or "
            "LANG, else English); rule ids and machine output (json, sarif) stay as they are"
        ),
    )


def requested_language(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` in ``argv`` (the last one wins, as argparse reads it)."""
    found = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


def run(
    argv: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line with ``argv`` (without the program name); return the exit code.

    Messages for people are in the language of ``--lang``, else of the locale (see
    :func:`citydiplomacy._base._translation.locale_language`).
    """
    with use(resolve(requested_language(argv))):
        return _run(argv, stdin=stdin, stdout=stdout, stderr=stderr)


def _run(
    argv: Sequence[str],
    *,
    stdin: BinaryIO | None,
    stdout: TextIO | None,
    stderr: TextIO | None,
) -> int:
    if stdin is None:
        # Without a standard input (<&-), sys.stdin is None: only reading it fails.
        stdin = sys.stdin.buffer if sys.stdin is not None else cast(BinaryIO, _ClosedInput())
    streams = Streams(
        stdin=stdin,
        stdout=stdout if stdout is not None else cast(TextIO, _Output(sys.stdout)),
        stderr=stderr if stderr is not None else cast(TextIO, _Output(sys.stderr)),
    )
    words = [a for i, a in enumerate(argv) if not (i and argv[i - 1] == "--lang")]
    command = next((a for a in words if not a.startswith("-")), None)
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
    """Console entry point.

    A closed or broken standard output (``| head -1``, ``>&-``) never turns a failure
    into success: the command finishes, its exit status stands, and if it would have
    been 0, output was lost, so it is 2 instead. No traceback either way.
    """
    with use(resolve(requested_language(sys.argv[1:]))):
        _main()


def _main() -> None:
    stdout, stderr = _Output(sys.stdout), _Output(sys.stderr)
    try:
        code = run(sys.argv[1:], stdout=cast(TextIO, stdout), stderr=cast(TextIO, stderr))
        stdout.flush()
    except KeyboardInterrupt:
        stderr.write(_("interrupted") + "\n")
        code = 130
    if stdout.lost:
        if code == EXIT_OK:
            stderr.write(
                "citydiplomacy: " + _("standard output is closed or broken; output was lost") + "\n"
            )
            code = EXIT_USAGE
        _silence(sys.stdout)
    if stderr.lost:
        _silence(sys.stderr)
    sys.exit(code)


def _silence(stream: TextIO | None) -> None:
    """Point a broken standard stream at the null device, so that the interpreter's
    final flush does not complain about it."""
    if stream is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
