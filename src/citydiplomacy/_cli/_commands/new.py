"""``citydiplomacy new``: start a convention file from options or by answering questions."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from citydiplomacy._base._files import os_error_message, write_atomic
from citydiplomacy._base._report import ConventionError
from citydiplomacy._base._text import human
from citydiplomacy._cli import EXIT_OK, EXIT_USAGE, Streams
from citydiplomacy._cli._commands.flatten import add_lang, write_template
from citydiplomacy._domain._codes import InstrumentKind
from citydiplomacy._outputs._new import (
    DOCS_URL,
    PLACEHOLDER_PARTNERS,
    NewConventionOptions,
    NewPartner,
    check_country,
    check_id,
    check_kind,
    check_language,
    check_text,
    check_time_zone,
    new_convention_text,
    zones_for_country,
)

T = TypeVar("T")

EXIT_INTERNAL = 1

_DESCRIPTION = """\
Start a new convention file: valid YAML whose comments say what to fill in next.

Give the partners with --partner (at least two), or run the command in a terminal
without --partner and answer its questions. Without either, the file has the
placeholders "Your city" and "Partner city" (the same as examples/template.yaml).
Facts you leave empty stay out of the file: in this format, absent means unknown.
"""

_EPILOG = f"""\
examples:
  citydiplomacy new --partner "Grenoble,FR,Europe/Paris,fr" \\
      --partner "Tiznit,MA,Africa/Casablanca,ar,zgh-Tfng" -o grenoble-tiznit.convention.yaml
  citydiplomacy new --kind declaration_of_intent --partner "Grenoble,FR,,fr" \\
      --partner "Tiznit,MA" --language fr > declaration.convention.yaml
  citydiplomacy new -o my.convention.yaml         # asks questions in a terminal

Name the file NAME.convention.yaml (or keep it in a conventions/ folder): that is
the name the pre-commit hook looks for.
then check the file with: citydiplomacy validate FILE
documentation: {DOCS_URL}
"""


def _argument(check: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse ``type`` that turns the library's ``ValueError`` into a usage error."""

    def convert(value: str) -> T:
        try:
            return check(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = check.__name__
    return convert


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``new`` subcommand to the command line."""
    parser = subparsers.add_parser(
        "new",
        help="start a new convention file (from options, or by asking questions)",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--partner",
        action="append",
        metavar="NAME,COUNTRY,ZONE,LANG...",
        type=_argument(NewPartner.parse),
        help=(
            "a partner local government; repeat for each (at least two). Fields after the "
            "name may be empty when unknown: COUNTRY is an ISO 3166-1 alpha-2 code (FR), "
            "ZONE an IANA time zone (Europe/Paris), then one or more BCP 47 language tags "
            r"(fr, ar, zgh-Tfng). Write \, for a comma inside the name"
        ),
    )
    parser.add_argument(
        "--kind",
        type=_argument(check_kind),
        metavar="KIND",
        help="kind of instrument (default: framework_convention); one of: "
        + ", ".join(k.value for k in InstrumentKind),
    )
    parser.add_argument(
        "--id",
        type=_argument(check_id),
        help="id of the instrument (default: made from the partners and the kind)",
    )
    parser.add_argument(
        "--language",
        type=_argument(check_language),
        metavar="TAG",
        help="authoritative language, a BCP 47 tag (default: the first partner's first language)",
    )
    parser.add_argument(
        "--title",
        type=_argument(lambda v: check_text(v, "title")),
        help="title in the authoritative language (default: generated from kind and partners)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="file to write, by convention NAME.convention.yaml (the name the pre-commit "
        "hook looks for); '-' or nothing writes to standard output",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the output file if it exists (never done otherwise)",
    )
    parser.add_argument(
        "--workbook",
        action="store_true",
        help="write a blank workbook to fill in instead (-o BOOK.xlsx; see citydiplomacy "
        "unflatten), text columns for --language, fr and en",
    )
    add_lang(parser, "workbook's sheet names and headers, with --workbook")
    parser.add_argument(
        "--no-input",
        action="store_true",
        help="never ask questions, even in a terminal",
    )


class _EndOfInput(Exception):
    """Standard input ended while a question was waiting for its answer."""


class _Questions:
    """Asks on stderr, reads answers from stdin, re-asks until an answer is valid."""

    def __init__(self, streams: Streams) -> None:
        self.streams = streams

    def say(self, text: str = "") -> None:
        self.streams.stderr.write(text + "\n")
        self.streams.stderr.flush()

    def answer(self, prompt: str, default: str = "") -> str:
        shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
        self.streams.stderr.write(shown)
        self.streams.stderr.flush()
        line = self.streams.stdin.readline()
        if not line:
            raise _EndOfInput
        text = line.decode("utf-8", errors="replace").strip()
        return text or default

    def ask(self, prompt: str, check: Callable[[str], T], default: str = "") -> T:
        while True:
            text = self.answer(prompt, default)
            try:
                return check(text)
            except ValueError as exc:
                self.say(f"  {exc}")


def _optional(check: Callable[[str], str]) -> Callable[[str], str | None]:
    def convert(value: str) -> str | None:
        return check(value) if value.strip() else None

    return convert


def _language_list(value: str) -> tuple[str, ...]:
    return tuple(check_language(tag) for tag in value.replace(",", " ").split())


def _ask_partner(q: _Questions, number: int) -> NewPartner | None:
    default = PLACEHOLDER_PARTNERS[number - 1] if number <= len(PLACEHOLDER_PARTNERS) else ""
    hint = "" if default else " (empty when there are no more partners)"
    name = q.ask(
        f"Partner {number}, name{hint}", _optional(lambda v: check_text(v, "name")), default
    )
    if name is None:
        return None
    country = q.ask(
        "  country, ISO 3166-1 alpha-2 like FR (empty if unknown)", _optional(check_country)
    )
    zones = zones_for_country(country) if country else ()
    time_zone = q.ask(
        "  time zone, IANA like Europe/Paris (empty if unknown)",
        _optional(check_time_zone),
        zones[0] if len(zones) == 1 else "",
    )
    languages = q.ask("  languages, BCP 47 tags like fr ar (empty if unknown)", _language_list)
    return NewPartner(name=name, country=country, time_zone=time_zone, languages=languages)


def _interview(q: _Questions, args: argparse.Namespace) -> NewConventionOptions:
    q.say("A new convention file. Press Enter to keep the [proposed answer];")
    q.say("leave a fact empty when you do not know it: it stays out of the file.")
    kind = args.kind
    if kind is None:
        kinds = list(InstrumentKind)
        for number, item in enumerate(kinds, start=1):
            q.say(f"  {number}. {item.value}")

        def pick(value: str) -> InstrumentKind:
            if value.isdigit() and 1 <= int(value) <= len(kinds):
                return kinds[int(value) - 1]
            return check_kind(value)

        kind = q.ask(
            "Kind of instrument (number or code)", pick, InstrumentKind.FRAMEWORK_CONVENTION.value
        )
    partners: list[NewPartner] = []
    while True:
        partner = _ask_partner(q, len(partners) + 1)
        if partner is None:
            break
        partners.append(partner)
    options = NewConventionOptions(partners=tuple(partners), kind=kind, title=args.title)
    language = args.language
    if language is None:
        proposed = options.authoritative_language
        answer = q.ask("Authoritative language", check_language, proposed)
        language = None if answer == proposed else answer
    options = NewConventionOptions(
        partners=options.partners, kind=kind, language=language, title=args.title
    )
    convention_id = args.id
    if convention_id is None:
        proposed = options.convention_id()

        def check_free_id(value: str) -> str:
            ident = check_id(value)
            if ident in options.party_ids():
                raise ValueError(f"{ident!r} is a party's id; ids are unique in a file")
            return ident

        answer = q.ask("Id of the instrument", check_free_id, proposed)
        convention_id = None if answer == proposed else answer
    return NewConventionOptions(
        partners=options.partners,
        kind=kind,
        language=language,
        id=convention_id,
        title=args.title,
    )


def _ask_output(q: _Questions, proposed: str, force: bool) -> str:
    def check(value: str) -> str:
        if value != "-":
            _check_output(Path(value), force)
        return value

    return q.ask("File to write ('-' for standard output)", check, proposed)


def _check_output(path: Path, force: bool) -> None:
    if path.suffix.lower() == ".json":
        raise ValueError(
            f"{path}: 'new' writes commented YAML; choose a .yaml file name "
            "(the library reads and writes JSON too: see citydiplomacy.dumps)"
        )
    if path.is_dir():
        raise ValueError(f"{human(str(path))} is a directory; give a file name")
    if not path.parent.is_dir():
        raise ValueError(f"{human(str(path.parent))} is not an existing directory")
    if path.exists() and not force:
        raise ValueError(_exists(path))


def conventional_name(convention_id: str) -> str:
    """The file name proposed for a new convention: ``ID.convention.yaml``, which the
    pre-commit hook's default pattern matches (see ``.pre-commit-hooks.yaml``)."""
    return f"{convention_id}.convention.yaml"


def _exists(path: Path) -> str:
    return f"{human(str(path))} exists; choose another name or pass --force to replace it"


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Run ``citydiplomacy new``; return the exit code."""
    if args.workbook:
        return write_template(args, streams)
    output: str | None = args.output
    try:
        if output not in (None, "-"):
            _check_output(Path(output), args.force)
        if args.partner:
            options = NewConventionOptions(
                partners=tuple(args.partner),
                kind=args.kind or InstrumentKind.FRAMEWORK_CONVENTION,
                id=args.id,
                language=args.language,
                title=args.title,
            )
        elif streams.interactive and not args.no_input:
            q = _Questions(streams)
            options = _interview(q, args)
            if output is None:
                output = _ask_output(q, conventional_name(options.convention_id()), args.force)
        else:
            options = NewConventionOptions(
                kind=args.kind or InstrumentKind.FRAMEWORK_CONVENTION,
                id=args.id,
                language=args.language,
                title=args.title,
            )
    except _EndOfInput:
        streams.stderr.write(
            "\ncitydiplomacy new: input ended before every question was answered\n"
        )
        return EXIT_USAGE
    except ValueError as exc:
        streams.stderr.write(f"citydiplomacy new: error: {human(str(exc))}\n")
        return EXIT_USAGE

    try:
        text = new_convention_text(options)
    except ConventionError as exc:  # a bug here, not in the answers: say so
        streams.stderr.write(
            f"citydiplomacy new: internal error, the new file would be invalid:\n{exc}\n"
            "please report this with the command line you used\n"
        )
        return EXIT_INTERNAL

    if output in (None, "-"):
        streams.stdout.write(text)
        if output is None:
            name = human(conventional_name(options.convention_id()))
            streams.stderr.write(
                f"citydiplomacy new: save it as {name} (a name the pre-commit hook looks "
                f"for), or write it there with -o {name}\n"
            )
        return EXIT_OK
    path = Path(output)
    try:
        # Never replaces a file without --force, even one created since the check.
        write_atomic(path, text, overwrite=args.force)
    except FileExistsError:
        streams.stderr.write(f"citydiplomacy new: error: {_exists(path)}\n")
        return EXIT_USAGE
    except OSError as exc:
        streams.stderr.write(
            f"citydiplomacy new: error: cannot write {human(str(path))}: {os_error_message(exc)}\n"
        )
        return EXIT_USAGE
    shown = human(str(path))
    streams.stderr.write(
        textwrap.dedent(
            f"""\
            wrote {shown}
            next: fill in what you know (the comments say how), then run
              citydiplomacy validate {shown}
            """
        )
    )
    return EXIT_OK
