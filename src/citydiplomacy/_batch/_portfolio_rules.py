"""Rules across files (the ``portfolio.*`` family): what no single file can show.

They run over a :class:`Portfolio` (``validate`` runs them when it is given several
files or a folder; ``--no-portfolio-rules`` turns them off) and only look at valid
files. Each finding is placed in one file (``file:line:col`` of the value it is
about) and its message gives the position of what it conflicts with in the other
file. Positions are looked up on the slow path, only for files with findings.

* ``portfolio.duplicate-id``: two files hold instruments with the same id. The same
  convention saved twice (equal content, such as a YAML file and its JSON
  rendering) is not a conflict and is not reported.
* ``portfolio.inverse-mismatch``: both instruments state the link between them, and
  the relations are not each other's inverse (``amends`` one way, ``renewed_by`` the
  other).
* ``portfolio.chain-order``: an amendment signed certainly before the instrument it
  amends; a renewal starting certainly before the end of the initial period of what
  it renews. "Certainly" as everywhere: a date known only to the month or uncertain
  gives a finding only when every day it may stand for is before.
* ``portfolio.party-mismatch``: parties of two files with the same identifier in the
  same scheme are described differently: country, government level, or their name
  in a language both give.
* ``portfolio.action-outside-framework``: an implementing convention's action whose
  period lies certainly outside the term of the instrument it implements (ending
  before that term starts, or starting after its last day).

A link to an instrument with no file is not a finding: chains often start with
instruments nobody keeps a file of (a declaration of intent known from minutes), and
the link says what is known of them (see ``Chain``).
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from collections.abc import Iterable, Iterator

import attrs

from citydiplomacy._base._report import DocumentPath, Finding, Severity, sort_findings
from citydiplomacy._batch._portfolio import INVERSE, Portfolio, PortfolioFile
from citydiplomacy._domain._codes import InstrumentRelation
from citydiplomacy._domain._model import Convention, Party
from citydiplomacy._domain._values import PartialDate
from citydiplomacy._time._terms import DateBounds, term_periods, term_span

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@attrs.frozen
class _Raw:
    """A finding before positions: in ``file`` at ``path``, about ``other`` at
    ``other_path`` (whose position the message gives in place of ``{other}``)."""

    rule: str
    severity: Severity
    file: PortfolioFile
    path: DocumentPath
    message: str
    other: PortfolioFile | None = None
    other_path: DocumentPath = ()


def portfolio_findings(portfolio: Portfolio) -> tuple[Finding, ...]:
    """Every finding of the ``portfolio.*`` rules, placed and sorted by file (in the
    order of the portfolio), then position.

    Memory stays small for large portfolios: one pass reads each outline once (for
    the parties and the links) and keeps only the links; the outlines of the
    instruments that links join inside the portfolio are then read again.
    """
    raws = list(_duplicates(portfolio))
    firsts: dict[str, PortfolioFile] = {}
    targets: dict[str, tuple[str, ...]] = {}
    parties = _PartyCheck()
    for file in portfolio:
        conv = file.convention
        if conv is None or portfolio.find(conv.id)[0] is not file:
            continue
        firsts[conv.id] = file
        if conv.related_instruments:
            targets[conv.id] = tuple(link.instrument for link in conv.related_instruments)
        raws.extend(parties.check(file, conv))
    involved: set[str] = set()
    for source, linked in targets.items():
        inside = [t for t in linked if t in firsts and t != source]
        if inside:
            involved.add(source)
            involved.update(inside)
    conventions: dict[str, tuple[PortfolioFile, Convention]] = {}
    for instrument in involved:
        conv = firsts[instrument].convention
        assert conv is not None
        conventions[instrument] = (firsts[instrument], conv)
    raws.extend(_inverses(conventions))
    raws.extend(_chain_order(conventions))
    raws.extend(_actions(conventions))
    return _place(portfolio, raws)


# ------------------------------------------------------------------ the rules


def _duplicates(portfolio: Portfolio) -> Iterator[_Raw]:
    for instrument in portfolio.ids():
        files = portfolio.find(instrument)
        first = files[0]
        for other in files[1:]:
            if other.fingerprint is not None and other.fingerprint == first.fingerprint:
                continue
            yield _Raw(
                "portfolio.duplicate-id",
                ERROR,
                other,
                ("id",),
                f"instrument id {instrument!r} is also the id of {{other}}; ids are unique "
                "across the files of a portfolio: give one of them another id (and update "
                "the links meant for it), or remove the stale copy",
                first,
                ("id",),
            )


def _inverses(conventions: dict[str, tuple[PortfolioFile, Convention]]) -> Iterator[_Raw]:
    for instrument, (file, conv) in conventions.items():
        for index, link in enumerate(conv.related_instruments):
            other = conventions.get(link.instrument)
            if other is None or link.instrument <= instrument:
                continue  # each pair once, from the side with the smaller id
            other_file, other_conv = other
            back = [
                (i, k)
                for i, k in enumerate(other_conv.related_instruments)
                if k.instrument == instrument
            ]
            if not back or any(k.relation is INVERSE[link.relation] for _, k in back):
                continue
            i, k = back[0]
            yield _Raw(
                "portfolio.inverse-mismatch",
                ERROR,
                other_file,
                ("related_instruments", i, "relation"),
                f"this file says {other_conv.id!r} {k.relation.value} {instrument!r}, but "
                f"{{other}} says {instrument!r} {link.relation.value} {other_conv.id!r}, "
                f"whose inverse is {INVERSE[link.relation].value!r}; make the two "
                "statements agree",
                file,
                ("related_instruments", index, "relation"),
            )


def _signed(conv: Convention) -> PartialDate | None:
    return conv.signature.date if conv.signature is not None else None


def _chain_order(conventions: dict[str, tuple[PortfolioFile, Convention]]) -> Iterator[_Raw]:
    for file, conv in conventions.values():
        for link in conv.related_instruments:
            other = conventions.get(link.instrument)
            if other is None:
                continue
            other_file, other_conv = other
            if link.relation is InstrumentRelation.AMENDS:
                mine, theirs = _signed(conv), _signed(other_conv)
                if mine is not None and theirs is not None and mine.certainly_before(theirs):
                    yield _Raw(
                        "portfolio.chain-order",
                        ERROR,
                        file,
                        ("signature", "date"),
                        f"this amendment was signed ({mine}) before the instrument it amends, "
                        f"{link.instrument!r}, was signed ({theirs}, at {{other}}); check "
                        "both dates and the link",
                        other_file,
                        ("signature", "date"),
                    )
            elif link.relation is InstrumentRelation.RENEWS:
                start = conv.term.start if conv.term is not None else None
                end = _initial_end(other_conv)
                if (
                    start is not None
                    and end is not None
                    and start.possible_range()[1] < end.earliest
                ):
                    yield _Raw(
                        "portfolio.chain-order",
                        ERROR,
                        file,
                        ("term", "start"),
                        f"this renewal starts ({start}) before the end ({end.human()}) "
                        f"of the initial period of {link.instrument!r} that it renews "
                        "(its term at {other}); check both terms and the link",
                        other_file,
                        ("term",),
                    )


def _initial_end(conv: Convention) -> DateBounds | None:
    period = next(iter(term_periods(conv, limit=1)), None)
    return period.end if period is not None else None


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _differences(one: Party, two: Party) -> list[str]:
    out = []
    if one.country and two.country and one.country != two.country:
        out.append(f"country {one.country!r} here, {two.country!r} there")
    if one.level and two.level and one.level != two.level:
        out.append(f"level {one.level!r} here, {two.level!r} there")
    for language, here in one.name.items():
        there = two.name.get(language)
        if there is not None and _key(here) != _key(there):
            out.append(f"name in {language!r} {here!r} here, {there!r} there")
    return out


class _PartyCheck:
    """``portfolio.party-mismatch``, one file at a time: the first party seen with
    each identifier is kept, and each later one compared with it."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], tuple[PortfolioFile, int, Party]] = {}

    def check(self, file: PortfolioFile, conv: Convention) -> Iterator[_Raw]:
        for index, party in enumerate(conv.parties):
            for identifier in party.identifiers:
                key = (identifier.scheme, identifier.value)
                first = self.seen.get(key)
                if first is None:
                    self.seen[key] = (file, index, party)
                    continue
                other_file, other_index, other = first
                if other_file is file:
                    continue
                differences = _differences(party, other)
                if differences:
                    yield _Raw(
                        "portfolio.party-mismatch",
                        WARNING,
                        file,
                        ("parties", index),
                        f"party {party.id!r} has the identifier {identifier.scheme}:"
                        f"{identifier.value} of party {other.id!r} at {{other}}, but is "
                        f"described differently: {'; '.join(differences)}; describe the "
                        "same party the same way in every file",
                        other_file,
                        ("parties", other_index),
                    )
                    break  # one finding a party


def _actions(conventions: dict[str, tuple[PortfolioFile, Convention]]) -> Iterator[_Raw]:
    for file, conv in conventions.values():
        frameworks = [
            (index, link.instrument)
            for index, link in enumerate(conv.related_instruments)
            if link.relation is InstrumentRelation.IMPLEMENTS and link.instrument in conventions
        ]
        if not frameworks:
            continue
        periods = file.action_periods()
        for _, framework in frameworks:
            framework_file, framework_conv = conventions[framework]
            if framework_conv.term is None:
                continue
            first, last = term_span(framework_conv, until=_dt.date(9999, 1, 1))
            for index, start_text, end_text in periods:
                outside = _outside(start_text, end_text, first, last)
                if outside is None:
                    continue
                yield _Raw(
                    "portfolio.action-outside-framework",
                    WARNING,
                    file,
                    ("actions", index, "period"),
                    f"this action's period {outside} of {framework!r} that this convention "
                    "implements (its term at {other}); check the dates, or the link",
                    framework_file,
                    ("term",),
                )


def _outside(
    start_text: str | None,
    end_text: str | None,
    first: DateBounds | None,
    last: DateBounds | None,
) -> str | None:
    """How a period lies certainly outside a term span, or None."""
    try:
        start = PartialDate.parse(start_text) if start_text else None
        end = PartialDate.parse(end_text) if end_text else None
    except ValueError:  # the file's own rules report a bad date
        return None
    if end is not None and first is not None and end.possible_range()[1] < first.earliest:
        return f"ends ({end}) before the start ({first.human()}) of the term"
    if start is not None and last is not None and start.possible_range()[0] > last.latest:
        return f"starts ({start}) after the last day ({last.human()}) of the term"
    return None


# ------------------------------------------------------------------ positions


def _place(portfolio: Portfolio, raws: Iterable[_Raw]) -> tuple[Finding, ...]:
    """Findings with positions in both files, the other file's in the message."""
    from citydiplomacy._io._reading import locate_places, read_path  # noqa: PLC0415 - the slow path

    raws = list(raws)
    wanted: dict[str, set[DocumentPath]] = {}
    for raw in raws:
        wanted.setdefault(raw.file.path, set()).add(raw.path)
        if raw.other is not None:
            wanted.setdefault(raw.other.path, set()).add(raw.other_path)
    places: dict[tuple[str, DocumentPath], tuple[int, int] | None] = {}
    for path, paths in wanted.items():
        try:
            source = read_path(path)[0]
        except OSError:
            continue
        found = locate_places(source, paths)[0]
        for document_path, where in found.items():
            places[(path, document_path)] = where
    order = {file.path: index for index, file in enumerate(portfolio.files)}
    findings: list[Finding] = []
    for raw in raws:
        where = places.get((raw.file.path, raw.path))
        message = raw.message
        if raw.other is not None:
            there = places.get((raw.other.path, raw.other_path))
            location = raw.other.path + (f":{there[0]}:{there[1]}" if there else "")
            message = message.replace("{other}", location)
        findings.append(
            Finding(
                raw.rule,
                raw.severity,
                raw.path,
                message,
                file=raw.file.path,
                line=where[0] if where else None,
                column=where[1] if where else None,
            )
        )
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file or "", []).append(finding)
    out: list[Finding] = []
    for path in sorted(by_file, key=lambda p: order.get(p, len(order))):
        out.extend(sort_findings(by_file[path]))
    return tuple(out)
