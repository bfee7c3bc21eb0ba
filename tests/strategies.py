"""Hypothesis strategies that generate whole, valid conventions.

"Valid" means: the canonical document passes the schema and has no error from the
semantic rules (warnings are allowed), so it loads back into an equal model.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import attrs
from hypothesis import strategies as st

import citydiplomacy as cd
from citydiplomacy._domain._values import freeze_json
from citydiplomacy._time._tz import WallTime, available_zones, classify_wall_time

T = TypeVar("T")

CODELISTS = Path(__file__).resolve().parents[1] / "schemas" / "codelists"

LANGUAGE_TAGS = ["fr", "en", "ar", "zgh-Tfng", "es", "pt-BR", "de", "wo", "ber-Latn"]
ZONES = [
    "Europe/Paris",
    "Africa/Casablanca",
    "Africa/Dakar",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "UTC",
]
COUNTRIES = ["FR", "MA", "SN", "BR", "IN", "DE", "TN", "BF"]
CURRENCIES = ["EUR", "MAD", "XOF", "BRL", "INR", "TND"]
#: Real ISO 3166-2 subdivisions of each country (the rules check codes against the list).
SUBDIVISIONS = {
    "FR": ["ARA", "38", "IDF"],
    "MA": ["09", "TIZ", "04"],
    "SN": ["DK", "TH"],
    "BR": ["SP", "RJ"],
    "IN": ["MH", "KA"],
    "DE": ["BY", "NW"],
    "TN": ["11", "81"],
    "BF": ["01", "HOU"],
}


@functools.cache
def codes(codelist: str) -> list[str]:
    """The codes of a bundled codelist CSV."""
    with (CODELISTS / f"{codelist}.csv").open(encoding="utf-8", newline="") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


def _nonblank_text(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=max_size,
    ).filter(lambda s: s.strip() == s and bool(s))


@st.composite
def texts(draw: st.DrawFn) -> cd.MultilingualText:
    """Multilingual text in one to three languages, in any script and any language order
    (the first language is the primary one)."""
    tags = draw(st.lists(st.sampled_from(LANGUAGE_TAGS), unique=True, min_size=1, max_size=3))
    return cd.MultilingualText.of({tag: draw(_nonblank_text()) for tag in tags})


def ids(prefix: str, n_min: int = 0, n_max: int = 4) -> st.SearchStrategy[list[str]]:
    """Unique ids such as ``party-3``."""
    return st.lists(
        st.integers(0, 99).map(lambda i: f"{prefix}-{i}"),
        min_size=n_min,
        max_size=n_max,
        unique=True,
    )


def _plain(day: dt.date, precision: str) -> str:
    text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    return text[: {"year": 4, "month": 7, "day": 10}[precision]]


def plain_date_texts(first_year: int = 1, last_year: int = 9999) -> st.SearchStrategy[str]:
    """Plain ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` texts (the 1.0 dates)."""
    return st.builds(
        _plain,
        st.dates(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)),
        st.sampled_from(["year", "month", "day"]),
    )


def _containing(day: dt.date, form: str, qualifier: str) -> str:
    """A single EDTF date of the given form whose days include ``day``."""
    y = day.year
    if form in ("year", "month", "day"):
        return _plain(day, form) + qualifier
    if form == "season" and day.month >= 3:  # the edtf library's winter is December
        return f"{y:04d}-{21 + (day.month - 3) // 3}"
    return {
        # The decade and the century of year 1 would include the year 0000.
        "decade": f"{y // 10:03d}X" if y >= 10 else f"{y:04d}",
        "century": f"{y // 100:02d}XX" if y >= 100 else f"{y:04d}",
        "year-xx": f"{y:04d}-XX",
        "year-xx-xx": f"{y:04d}-XX-XX",
        "month-xx": f"{y:04d}-{day.month:02d}-XX",
        "any-year-month": f"XXXX-{day.month:02d}",
        "any-year-day": f"XXXX-{day.month:02d}-{day.day:02d}",
    }.get(form, f"{y:04d}")


_SINGLE_FORMS = [
    "year",
    "month",
    "day",
    "season",
    "decade",
    "century",
    "year-xx",
    "year-xx-xx",
    "month-xx",
    "any-year-month",
    "any-year-day",
]
_QUALIFIERS = ["", "", "?", "~", "%"]


@st.composite
def edtf_texts(draw: st.DrawFn, first_year: int = 1, last_year: int = 9999) -> str:
    """EDTF texts of every supported kind, each about days between two years.

    Single dates (plain, uncertain, approximate, unspecified digits, seasons),
    intervals (qualified, open and unknown ends) and "one of" sets (with ranges).
    Each stated date includes a day drawn between the years, and an interval's or a
    range's ends are in order.
    """
    days = st.dates(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))
    kind = draw(st.sampled_from(["single", "single", "interval", "set"]))
    if kind == "single":
        form = draw(st.sampled_from(_SINGLE_FORMS))
        qualifier = draw(st.sampled_from(_QUALIFIERS)) if form in ("year", "month", "day") else ""
        return _containing(draw(days), form, qualifier)
    first, last = sorted(draw(st.lists(days, min_size=2, max_size=2)))
    if kind == "interval":
        ends = []
        for day in (first, last):
            form = draw(st.sampled_from(["year", "month", "day", "season", "open", "unknown"]))
            if form == "open":
                ends.append("..")
            elif form == "unknown":
                ends.append("")
            else:
                ends.append(_containing(day, form, draw(st.sampled_from(_QUALIFIERS))))
        if not _known(ends[0]) and not _known(ends[1]):
            ends[1] = _plain(last, "day")
        return "/".join(ends)
    members = sorted(draw(st.lists(days, min_size=2, max_size=4, unique=True)))
    items: list[str] = []
    index = 0
    while index < len(members):
        precision = draw(st.sampled_from(["year", "month", "day"]))
        here = _plain(members[index], precision)
        if index + 1 < len(members) and draw(st.booleans()):
            there = _plain(members[index + 1], precision)  # the library wants one precision
            items.append(f"{here}..{there}")
            index += 2
        else:
            items.append(here)
            index += 1
    if draw(st.booleans()) and ".." not in items[0]:
        items[0] = ".." + items[0]
    if draw(st.booleans()) and ".." not in items[-1]:
        items[-1] += ".."
    if len(items) == 1 and ".." not in items[0]:
        items.append(_plain(members[-1], "day") + "..")
    return "[" + ", ".join(items) + "]"


def _known(end: str) -> bool:
    return end not in ("", "..")


def partial_dates(first_year: int, last_year: int) -> st.SearchStrategy[cd.PartialDate]:
    """Dates of every EDTF kind the format supports, about days between two years,
    plain ones (the 1.0 dates) most often."""
    return st.one_of(
        plain_date_texts(first_year, last_year), edtf_texts(first_year, last_year)
    ).map(cd.PartialDate.parse)


def exact_days(first_year: int, last_year: int) -> st.SearchStrategy[cd.PartialDate]:
    """Exact days only."""
    return st.dates(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)).map(
        cd.PartialDate.from_date
    )


def durations() -> st.SearchStrategy[cd.Duration]:
    """Non-zero calendar durations."""
    parts = st.tuples(st.integers(0, 5), st.integers(0, 11), st.integers(0, 3), st.integers(0, 30))
    return parts.filter(any).map(lambda p: cd.Duration(*p))


def amounts() -> st.SearchStrategy[Decimal]:
    """Non-negative money amounts with at most two decimals."""
    return st.integers(0, 10**11).map(lambda cents: Decimal(cents).scaleb(-2).normalize())


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON value (for extensions)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**53), 2**53),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )


def extensions() -> st.SearchStrategy[cd.FrozenDict[str, Any]]:
    """Namespaced extension members (mostly none)."""
    key = st.from_regex(r"\A[a-z]{1,6}(-[a-z0-9]{1,4})?:[A-Za-z_][A-Za-z0-9_.-]{0,10}\Z")
    return st.one_of(
        st.just(cd.FrozenDict()),
        st.dictionaries(key, json_values(), max_size=2).map(freeze_json),
    )


def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """``None`` or a value."""
    return st.one_of(st.none(), strategy)


def subset(items: list[T], max_size: int = 3) -> st.SearchStrategy[tuple[T, ...]]:
    """A tuple of distinct items taken from ``items``."""
    if not items:
        return st.just(())
    return st.lists(st.sampled_from(items), unique=True, max_size=max_size).map(tuple)


def wall_times(zone: str, first_year: int, last_year: int) -> st.SearchStrategy[dt.datetime]:
    """Local wall times that exist in ``zone`` (whole minutes)."""
    return (
        st.datetimes(dt.datetime(first_year, 1, 1), dt.datetime(last_year, 12, 31, 23, 59))
        .map(lambda d: d.replace(second=0, microsecond=0))
        .filter(lambda d: classify_wall_time(d, zone) is not WallTime.NONEXISTENT)
    )


def _variants() -> st.SearchStrategy[tuple[str, ...]]:
    """Other spellings and scripts of a person's name."""
    return st.lists(_nonblank_text(20), unique=True, max_size=2).map(tuple)


def qualifiers() -> st.SearchStrategy[cd.QuantityQualifier | None]:
    """No qualifier (the number as stated) or one of the codelist's."""
    return optional(st.sampled_from(cd.QuantityQualifier))


def ordered_dates(
    first: tuple[int, int], second: tuple[int, int]
) -> st.SearchStrategy[tuple[cd.PartialDate | None, cd.PartialDate | None]]:
    """A start and an end, each optional, from two bands of years in order."""
    return st.tuples(optional(partial_dates(*first)), optional(partial_dates(*second)))


def money(doc_ids: list[str]) -> st.SearchStrategy[cd.Money]:
    """An amount in a currency, possibly qualified."""
    return st.builds(
        cd.Money,
        amount=amounts(),
        currency=st.sampled_from(CURRENCIES),
        qualifier=qualifiers(),
        note=optional(texts()),
        sources=subset(doc_ids),
        extensions=extensions(),
    )


@st.composite
def attendees(draw: st.DrawFn, party_ids: list[str], doc_ids: list[str]) -> cd.Attendee:
    """People present who did not sign, one or a group (with a count): at least a name,
    an office or an organisation."""
    name = draw(optional(_nonblank_text()))
    office = draw(optional(texts()))
    organisation = draw(optional(texts()))
    if name is None and office is None and organisation is None:
        organisation = draw(texts())
    return cd.Attendee(
        name=name,
        name_variants=draw(_variants()),
        office=office,
        party=draw(optional(st.sampled_from(party_ids))),
        organisation=organisation,
        count=draw(optional(st.integers(0, 500))),
        count_qualifier=draw(qualifiers()),
        note=draw(optional(texts())),
        sources=draw(subset(doc_ids)),
        extensions=draw(extensions()),
    )


def party_decisions(
    party_ids: list[str], deliberation_ids: list[str], years: tuple[int, int]
) -> st.SearchStrategy[tuple[cd.PartyDecision, ...]]:
    """Who decided to end or suspend, when, why, by which deliberation."""
    return st.lists(
        st.builds(
            cd.PartyDecision,
            party=st.sampled_from(party_ids),
            date=optional(partial_dates(*years)),
            date_note=optional(texts()),
            deliberation=optional(st.sampled_from(deliberation_ids))
            if deliberation_ids
            else st.none(),
            reason=optional(texts()),
            extensions=extensions(),
        ),
        max_size=2,
    ).map(tuple)


@st.composite
def _meeting_when(
    draw: st.DrawFn,
) -> tuple[dt.datetime | None, dt.datetime | None, str | None, cd.PartialDate | None]:
    """A meeting's start, end, zone and date: a wall time, a day, several days, or both."""
    shape = draw(st.sampled_from(["time", "day", "days", "reduced", "time+date"]))
    start = end = zone = date = None
    if shape in ("time", "time+date"):
        zone = draw(st.sampled_from(ZONES))
        start = draw(wall_times(zone, 2016, 2030))
        minutes = draw(optional(st.integers(1, 600)))
        end = None if minutes is None else start + dt.timedelta(minutes=minutes)
        if end is not None and classify_wall_time(end, zone) is WallTime.NONEXISTENT:
            end = None
        if shape == "time+date":
            day = start.date()
            date = draw(
                st.sampled_from(
                    [
                        cd.PartialDate.from_date(day),
                        cd.PartialDate.parse(f"{day:%Y-%m}"),
                        cd.PartialDate.parse(f"{day.isoformat()}/{day + dt.timedelta(days=2)}"),
                    ]
                )
            )
    elif shape == "day":
        date = draw(exact_days(2016, 2030))
    elif shape == "days":
        first = draw(st.dates(dt.date(2016, 1, 1), dt.date(2030, 12, 31)))
        last = first + dt.timedelta(days=draw(st.integers(1, 6)))
        date = cd.PartialDate.parse(f"{first.isoformat()}/{last.isoformat()}")
    else:
        date = draw(partial_dates(2016, 2030))
    return start, end, zone, date


@st.composite
def conventions(draw: st.DrawFn) -> cd.Convention:
    """A whole valid 1.1 convention, with every kind of EDTF date and every class."""
    own_id = draw(st.from_regex(r"\Aconvention-[a-z0-9-]{1,30}\Z"))

    documents = tuple(
        cd.Document(
            id=doc_id,
            kind=draw(st.sampled_from(codes("document-kinds"))),
            title=draw(optional(texts())),
            title_descriptive=draw(optional(st.booleans())),
            publisher=draw(optional(_nonblank_text())),
            date=draw(optional(partial_dates(1, 9999))),
            url=draw(optional(st.just(f"https://example.org/{doc_id}"))),
            language=draw(optional(st.sampled_from(LANGUAGE_TAGS))),
            extensions=draw(extensions()),
        )
        for doc_id in draw(ids("doc", 0, 3))
    )
    doc_ids = [d.id for d in documents]

    local_ids = draw(ids("city", 2, 4))
    other_ids = draw(ids("org", 0, 2))
    parties = []
    for party_id in local_ids + other_ids:
        country = draw(st.sampled_from(COUNTRIES))
        heads = []
        for _ in range(draw(st.integers(0, 2))):
            # Days a source attests the office fall between the start and the end.
            start, end = draw(ordered_dates((1, 3000), (7001, 9999)))
            heads.append(
                cd.Officeholder(
                    name=draw(_nonblank_text()),
                    name_variants=draw(_variants()),
                    office=draw(optional(texts())),
                    start=start,
                    end=end,
                    in_office_on=draw(
                        st.lists(partial_dates(3001, 7000), max_size=2, unique=True).map(tuple)
                    ),
                    note=draw(optional(texts())),
                    sources=draw(subset(doc_ids)),
                    extensions=draw(extensions()),
                )
            )
        parties.append(
            cd.Party(
                id=party_id,
                kind=cd.PartyKind.LOCAL_GOVERNMENT
                if party_id in local_ids
                else draw(
                    optional(
                        st.sampled_from(
                            [k for k in cd.PartyKind if k is not cd.PartyKind.LOCAL_GOVERNMENT]
                        )
                    )
                ),
                role=draw(optional(st.just(cd.PartyRole.PARTNER)))
                if party_id in local_ids
                else draw(optional(st.sampled_from(cd.PartyRole))),
                name=draw(texts()),
                level=draw(optional(st.sampled_from(codes("government-levels")))),
                level_name=draw(optional(texts())),
                # A department or service of one of the local governments (never itself).
                part_of=None
                if party_id in local_ids
                else draw(optional(st.sampled_from(local_ids))),
                country=country,
                country_note=draw(optional(texts())),
                subdivisions=draw(subset([f"{country}-{s}" for s in SUBDIVISIONS[country]], 2)),
                identifiers=tuple(
                    cd.Identifier(scheme=scheme, value=draw(st.from_regex(r"\A[A-Z0-9]{1,8}\Z")))
                    for scheme in draw(subset(codes("identifier-schemes"), 2))
                ),
                time_zone=draw(optional(st.sampled_from(ZONES))),
                population=tuple(
                    cd.Population(
                        value=draw(st.integers(0, 40_000_000)),
                        qualifier=draw(qualifiers()),
                        year=draw(optional(partial_dates(1, 9999))),
                        scope=draw(optional(texts())),
                        note=draw(optional(texts())),
                        sources=draw(subset(doc_ids)),
                        extensions=draw(extensions()),
                    )
                    for _ in range(draw(st.integers(0, 2)))
                ),
                heads=tuple(heads),
                former_names=tuple(
                    cd.FormerName(
                        name=draw(texts()),
                        until=draw(optional(partial_dates(1, 9999))),
                        sources=draw(subset(doc_ids)),
                        extensions=draw(extensions()),
                    )
                    for _ in range(draw(st.integers(0, 1)))
                ),
                successor=draw(
                    optional(
                        st.builds(
                            cd.Successor,
                            name=texts(),
                            date=optional(partial_dates(1, 9999)),
                            note=optional(texts()),
                            sources=subset(doc_ids),
                            extensions=extensions(),
                        )
                    )
                ),
                sources=draw(subset(doc_ids)),
                extensions=draw(extensions()),
            )
        )
    party_ids = [p.id for p in parties]

    related = []
    for link_id in draw(ids("instrument", 0, 2)):
        start, end = draw(ordered_dates((1, 5000), (5001, 9999)))
        related.append(
            cd.InstrumentLink(
                relation=draw(st.sampled_from(cd.InstrumentRelation)),
                instrument=link_id,
                kind=draw(optional(st.sampled_from(cd.InstrumentKind))),
                status=draw(optional(st.sampled_from(cd.InstrumentStatus))),
                designation=draw(optional(texts())),
                title=draw(optional(texts())),
                parties=draw(subset(party_ids)),
                date=draw(optional(partial_dates(1, 9999))),
                date_note=draw(optional(texts())),
                start=start,
                end=end,
                document=draw(optional(st.sampled_from(doc_ids))) if doc_ids else None,
                url=draw(optional(st.just(f"https://example.org/{link_id}"))),
                note=draw(optional(texts())),
                sources=draw(subset(doc_ids)),
            )
        )

    # Dates in bands so that deliberation <= signature <= start <= end always holds
    # ("certainly before" is the only finding, so wide and uncertain dates are fine).
    deliberations = tuple(
        cd.Deliberation(
            id=del_id,
            party=draw(st.sampled_from(party_ids)),
            body=draw(optional(texts())),
            purpose=draw(optional(st.sampled_from(cd.DeliberationPurpose))),
            date=draw(optional(partial_dates(2000, 2004))),
            date_note=draw(optional(texts())),
            reference=draw(optional(st.from_regex(r"\A[A-Z]{2,4}-[0-9]{1,4}\Z"))),
            outcome=draw(optional(st.sampled_from(cd.DeliberationOutcome))),
            votes=draw(
                optional(
                    st.builds(
                        cd.Votes,
                        in_favour=optional(st.integers(0, 80)),
                        against=optional(st.integers(0, 80)),
                        abstentions=optional(st.integers(0, 80)),
                        not_voting=optional(st.integers(0, 80)),
                        majority=optional(st.sampled_from(cd.VoteMajority)),
                        note=optional(texts()),
                    )
                )
            ),
            summary=draw(optional(texts())),
            document=draw(optional(st.sampled_from(doc_ids))) if doc_ids else None,
        )
        for del_id in draw(ids("deliberation", 0, 2))
    )
    deliberation_ids = [d.id for d in deliberations]
    signature = draw(
        optional(
            st.builds(
                cd.Signature,
                date=optional(partial_dates(2005, 2009)),
                date_note=optional(texts()),
                place=optional(texts()),
                mode=optional(st.sampled_from(cd.MeetingMode)),
                occasion=optional(texts()),
                signatories=st.lists(
                    st.builds(
                        cd.Signatory,
                        party=st.sampled_from(party_ids),
                        name=optional(_nonblank_text()),
                        name_variants=_variants(),
                        office=optional(texts()),
                        act=optional(st.sampled_from(cd.SignatureAct)),
                        date=optional(partial_dates(2005, 2009)),
                        date_note=optional(texts()),
                        place=optional(texts()),
                        sources=subset(doc_ids),
                    ),
                    max_size=3,
                ).map(tuple),
                witnesses=st.lists(attendees(party_ids, doc_ids), max_size=2).map(tuple),
                attendees=st.lists(attendees(party_ids, doc_ids), max_size=2).map(tuple),
                note=optional(texts()),
                sources=subset(doc_ids),
            )
        )
    )
    termination = draw(
        optional(
            st.builds(
                cd.Termination,
                date=optional(partial_dates(2031, 2035)),
                date_note=optional(texts()),
                decisions=party_decisions(party_ids, deliberation_ids, (2030, 2035)),
                reason=optional(texts()),
                note=optional(texts()),
                sources=subset(doc_ids),
            )
        )
    )
    suspensions = []
    for _ in range(draw(st.integers(0, 2))):
        # Days a source attests the suspension fall between its start and end.
        start, end = draw(ordered_dates((2015, 2019), (2023, 2029)))
        suspensions.append(
            cd.Suspension(
                start=start,
                end=end,
                in_effect_on=draw(
                    st.lists(partial_dates(2020, 2022), max_size=2, unique=True).map(tuple)
                ),
                decisions=draw(party_decisions(party_ids, deliberation_ids, (2015, 2020))),
                reason=draw(optional(texts())),
                note=draw(optional(texts())),
                sources=draw(subset(doc_ids)),
            )
        )
    terminated_on = None
    if termination is not None and termination.date is not None and draw(st.booleans()):
        terminated_on = termination.date  # deprecated, and then the same date
    # A term stated to be indefinite has neither end nor duration.
    indefinite = draw(optional(st.booleans()))
    term = draw(
        optional(
            st.builds(
                cd.Term,
                start=optional(partial_dates(2010, 2014)),
                start_note=optional(texts()),
                start_condition=optional(texts()),
                end=st.none() if indefinite else optional(partial_dates(2040, 2045)),
                end_note=optional(texts()),
                duration=st.none() if indefinite else optional(durations()),
                indefinite=st.just(indefinite),
                renewal=optional(
                    st.builds(
                        cd.Renewal,
                        mode=st.sampled_from(cd.RenewalMode),
                        period=optional(durations()),
                        max_renewals=optional(st.integers(1, 10)),
                    )
                ),
                notice_period=optional(durations()),
                termination_clause=optional(texts()),
                amendment_clause=optional(texts()),
                terminated_on=st.just(terminated_on),
                termination=st.just(termination),
                suspensions=st.just(tuple(suspensions)),
            )
        )
    )

    axes = []
    all_targets = codes("sdg-targets")
    for axis_id in draw(ids("axis", 0, 3)):
        goals = draw(st.lists(st.integers(1, 17), unique=True, max_size=2))
        targets = [t for t in all_targets if int(t.split(".")[0]) in goals]
        axes.append(
            cd.Axis(
                id=axis_id,
                title=draw(texts()),
                description=draw(optional(texts())),
                priority=draw(optional(st.integers(1, 10))),
                sectors=draw(subset(codes("sectors"))),
                sdg_goals=tuple(goals),
                sdg_targets=draw(subset(targets)),
                extensions=draw(extensions()),
            )
        )
    axis_ids = [a.id for a in axes]
    objectives = tuple(
        cd.Objective(id=obj_id, text=draw(texts()), axes=draw(subset(axis_ids)))
        for obj_id in draw(ids("objective", 0, 2))
    )
    objective_ids = [o.id for o in objectives]

    programmes = []
    for programme_id in draw(ids("programme", 0, 2)):
        start, end = draw(ordered_dates((1, 5000), (5001, 9999)))
        programmes.append(
            cd.Programme(
                id=programme_id,
                name=draw(texts()),
                kind=draw(optional(st.sampled_from(codes("programme-kinds")))),
                funder=draw(optional(st.sampled_from(party_ids))),
                funder_name=draw(optional(texts())),
                url=draw(optional(st.just(f"https://example.org/{programme_id}"))),
                period=cd.Period(start=start, end=end) if start or end else None,
                note=draw(optional(texts())),
                sources=draw(subset(doc_ids)),
                extensions=draw(extensions()),
            )
        )
    programme_ids = [p.id for p in programmes]

    actions = []
    for action_id in draw(ids("action", 0, 3)):
        funders = draw(st.lists(optional(st.sampled_from(party_ids)), max_size=3))
        share_cap = 100 // max(len(funders), 1)
        actions.append(
            cd.Action(
                id=action_id,
                title=draw(texts()),
                kind=draw(optional(st.sampled_from(codes("action-kinds")))),
                axes=draw(subset(axis_ids)),
                objectives=draw(subset(objective_ids)),
                instrument=draw(
                    optional(st.sampled_from([own_id] + [r.instrument for r in related]))
                ),
                lead_party=draw(optional(st.sampled_from(party_ids))),
                participants=draw(subset(party_ids)),
                target_groups=draw(subset(codes("target-groups"))),
                period=draw(
                    optional(
                        st.builds(
                            cd.Period,
                            start=optional(partial_dates(2015, 2020)),
                            end=optional(partial_dates(2021, 2030)),
                        )
                    )
                ),
                status=draw(optional(st.sampled_from(cd.ActionStatus))),
                status_date=draw(optional(partial_dates(2015, 2030))),
                total_budget=draw(optional(money(doc_ids))),
                programmes=draw(subset(programme_ids)),
                budget=tuple(
                    cd.BudgetLine(
                        funder=funder,
                        funder_description=draw(optional(texts()))
                        if funder is not None
                        else draw(texts()),
                        programme=draw(optional(st.sampled_from(programme_ids)))
                        if programme_ids
                        else None,
                        currency=draw(st.sampled_from(CURRENCIES)),
                        amount=draw(optional(amounts())),
                        amount_qualifier=draw(qualifiers()),
                        per=draw(optional(durations())),
                        share=draw(optional(st.integers(0, share_cap).map(Decimal))),
                        share_basis=draw(optional(texts())),
                        commitment=draw(optional(st.sampled_from(cd.Commitment))),
                        nature=draw(optional(st.sampled_from(cd.FundingNature))),
                        decision_date=draw(optional(partial_dates(2000, 2030))),
                        decided_by=draw(optional(texts())),
                    )
                    for funder in funders
                ),
                expected_results=tuple(draw(st.lists(texts(), max_size=2))),
                indicators=tuple(
                    cd.Indicator(
                        id=ind_id,
                        name=draw(texts()),
                        unit=draw(optional(st.sampled_from(["%", "people", "m3"]))),
                        baseline=draw(optional(amounts())),
                        baseline_qualifier=draw(qualifiers()),
                        target=draw(optional(amounts())),
                        target_qualifier=draw(qualifiers()),
                        target_date=draw(optional(partial_dates(2021, 2030))),
                        value=draw(optional(amounts())),
                        value_qualifier=draw(qualifiers()),
                        value_date=draw(optional(partial_dates(2015, 2030))),
                    )
                    for ind_id in draw(ids(f"{action_id}-indicator", 0, 2))
                ),
                sources=draw(subset(doc_ids)),
                extensions=draw(extensions()),
            )
        )
    action_ids = [a.id for a in actions]

    bodies = tuple(
        cd.Body(
            id=body_id,
            name=draw(texts()),
            kind=draw(optional(st.sampled_from(codes("body-kinds")))),
            members=tuple(
                cd.Member(
                    party=party,
                    role=draw(optional(st.sampled_from(cd.ParticipantRole))),
                    name=draw(optional(_nonblank_text())),
                    name_variants=draw(_variants()),
                    count=draw(optional(st.integers(1, 50))),
                    count_qualifier=draw(qualifiers()),
                )
                for party in draw(subset(party_ids))
            ),
            cadence=draw(
                optional(
                    st.builds(
                        cd.Cadence,
                        every=durations(),
                        rotation=st.sampled_from(cd.HostRotation),
                        hosts=subset(party_ids),
                        mode=optional(st.sampled_from(cd.MeetingMode)),
                    )
                )
            ),
        )
        for body_id in draw(ids("body", 0, 2))
    )
    body_ids = [b.id for b in bodies]
    meetings = []
    for meeting_id in draw(ids("meeting", 0, 3)):
        wall_start, wall_end, zone, date = draw(_meeting_when())
        participants = []
        for party in draw(st.lists(optional(st.sampled_from(party_ids)), max_size=3)):
            organisation = draw(optional(texts())) if party else draw(texts())
            participants.append(
                cd.Participant(
                    party=party,
                    organisation=organisation,
                    role=draw(optional(st.sampled_from(cd.ParticipantRole))),
                    name=draw(optional(_nonblank_text())),
                    name_variants=draw(_variants()),
                    office=draw(optional(texts())),
                    count=draw(optional(st.integers(1, 50))),
                    count_qualifier=draw(qualifiers()),
                )
            )
        meetings.append(
            cd.Meeting(
                id=meeting_id,
                body=draw(optional(st.sampled_from(body_ids))) if body_ids else None,
                kind=draw(optional(st.sampled_from(codes("meeting-kinds")))),
                title=draw(optional(texts())),
                start=wall_start,
                end=wall_end,
                time_zone=zone,
                date=date,
                date_note=draw(optional(texts())),
                status=draw(optional(st.sampled_from(cd.MeetingStatus))),
                host=draw(optional(st.sampled_from(party_ids))),
                place=draw(optional(texts())),
                mode=draw(optional(st.sampled_from(cd.MeetingMode))),
                participants=tuple(participants),
                agenda=tuple(draw(st.lists(texts(), max_size=2))),
                decisions=tuple(
                    cd.Decision(text=draw(texts()), actions=draw(subset(action_ids)))
                    for _ in range(draw(st.integers(0, 2)))
                ),
                minutes=draw(optional(st.sampled_from(doc_ids))) if doc_ids else None,
            )
        )
    governance = (
        cd.Governance(bodies=bodies, meetings=tuple(meetings)) if bodies or meetings else None
    )

    authentic = draw(st.booleans())
    return cd.Convention(
        schema_version=cd.schema_version(),
        id=own_id,
        kind=draw(optional(st.sampled_from(cd.InstrumentKind))),
        designation=draw(optional(texts())),
        title=draw(optional(texts())),
        title_descriptive=draw(optional(st.booleans())),
        authoritative_language=None
        if authentic
        else draw(optional(st.sampled_from(LANGUAGE_TAGS))),
        authentic_languages=draw(
            st.lists(st.sampled_from(LANGUAGE_TAGS), unique=True, min_size=2, max_size=3).map(tuple)
        )
        if authentic
        else (),
        parties=tuple(parties),
        languages=draw(subset(LANGUAGE_TAGS)),
        summary=draw(optional(texts())),
        related_instruments=tuple(related),
        deliberations=deliberations,
        signature=signature,
        term=term,
        values=draw(subset(codes("shared-values"))),
        objectives=objectives,
        axes=tuple(axes),
        actions=tuple(actions),
        total_budget=draw(optional(money(doc_ids))),
        programmes=tuple(programmes),
        action_count=draw(
            optional(
                st.builds(
                    cd.Quantity,
                    value=st.integers(0, 200).map(Decimal),
                    qualifier=qualifiers(),
                    unit=optional(st.sampled_from(["actions", "projects"])),
                    note=optional(texts()),
                )
            )
        ),
        governance=governance,
        documents=documents,
        sources=draw(subset(doc_ids)),
        extensions=draw(extensions()),
    )


def containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of every object and list in a document, the document itself first."""
    found = [path] if isinstance(node, (dict, list)) else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(containers(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(containers(value, (*path, index)))
    return found


@st.composite
def mutated(
    draw: st.DrawFn,
    documents: st.SearchStrategy[dict[str, Any]],
    *,
    min_changes: int = 1,
    max_changes: int = 4,
) -> dict[str, Any]:
    """A document from ``documents`` (copied), changed a few times in any object or list.

    Changes: delete a member or item, replace it with any JSON value, add a member
    with any key, duplicate a list item or a member's value.
    """
    document = copy.deepcopy(draw(documents))
    for _ in range(draw(st.integers(min_changes, max_changes))):
        target: Any = document
        for step in draw(st.sampled_from(containers(document))):
            target = target[step]
        operation = draw(st.sampled_from(["delete", "replace", "add", "duplicate"]))
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target)))
            if operation == "delete":
                del target[key]
            elif operation == "replace":
                target[key] = draw(json_values())
            elif operation == "add":
                target[draw(st.text(max_size=12))] = draw(json_values())
            else:
                value = target[key]
                target[key] = value * 2 if isinstance(value, list) else copy.deepcopy(value)
        elif isinstance(target, list) and target:
            index = draw(st.integers(0, len(target) - 1))
            if operation == "delete":
                del target[index]
            elif operation == "duplicate":
                target.append(copy.deepcopy(target[index]))
            else:
                target[index] = draw(json_values())
    return document


class JsonText(NamedTuple):
    """JSON text from :func:`json_texts`, with the offset where each value starts.

    ``offsets`` has the first occurrence of each path in the text (a repeated key can
    make a path occur again), counted in characters from the start of ``text``.
    """

    text: str
    offsets: dict[tuple[str | int, ...], int]


#: Keys that a JSON text spells with escapes, brackets or characters beyond the BMP;
#: drawn often, so that objects repeat keys.
TRICKY_KEYS = ["a", "b", "", 'qu"ote', "back\\slash", "new\nline", "[{:,}]", "é", "ⵜⵉⵣⵏⵉⵜ", "🎉"]


def _json_trees() -> st.SearchStrategy[Any]:
    """Values as ``("scalar", value)``, ``("array", [items])`` or ``("object", [(key, item)])``;
    objects may repeat a key, which a dict could not hold."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=8),
        st.sampled_from(TRICKY_KEYS),
    ).map(lambda value: ("scalar", value))
    keys = st.one_of(st.sampled_from(TRICKY_KEYS), st.text(max_size=6))
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda items: ("array", items)),
            st.lists(st.tuples(keys, inner), max_size=4).map(lambda items: ("object", items)),
        ),
        max_leaves=24,
    )


@st.composite
def json_texts(draw: st.DrawFn, *, top_object: bool = False) -> JsonText:
    """Any JSON value, written out in one of many layouts, with its values' offsets.

    Layouts: minified or indented (by spaces or a tab), spaces or none around ``,``
    and ``:``, non-ASCII as itself or as ``\\uXXXX`` escapes, blank lines around.
    Objects can repeat a key. With ``top_object`` the value is an object.
    """
    tree = draw(_json_trees())
    if top_object and tree[0] != "object":
        tree = ("object", [(draw(st.sampled_from(TRICKY_KEYS)), tree)])
    indent = draw(st.sampled_from([None, "", " ", "  ", "    ", "\t"]))
    comma = draw(st.sampled_from([",", ", ", " , "]))
    colon = draw(st.sampled_from([":", ": ", " :\t"]))
    ascii_only = draw(st.booleans())
    parts: list[str] = [draw(st.sampled_from(["", " ", "\n", "\r\n\t"]))]
    offsets: dict[tuple[str | int, ...], int] = {}
    length = len(parts[0])

    def emit(chunk: str) -> None:
        nonlocal length
        parts.append(chunk)
        length += len(chunk)

    def write(node: Any, path: tuple[str | int, ...], depth: int) -> None:
        offsets.setdefault(path, length)
        kind, content = node
        if kind == "scalar":
            emit(json.dumps(content, ensure_ascii=ascii_only))
            return
        emit("{" if kind == "object" else "[")
        for index, item in enumerate(content):
            if index:
                emit(comma)
            if indent is not None:
                emit("\n" + indent * (depth + 1))
            if kind == "object":
                key, value = item
                emit(json.dumps(key, ensure_ascii=ascii_only) + colon)
                write(value, (*path, key), depth + 1)
            else:
                write(item, (*path, index), depth + 1)
        if content and indent is not None:
            emit("\n" + indent * depth)
        emit("}" if kind == "object" else "]")

    write(tree, (), 0)
    emit(draw(st.sampled_from(["", "\n", "  \n\n"])))
    return JsonText("".join(parts), offsets)


#: Every zone of the tzdata package (the library reads its zones from it), and only
#: those: ``zoneinfo.available_timezones()`` adds the system's files, which may hold
#: names such as ``localtime`` that are no IANA zone.
ALL_ZONES = sorted(available_zones())


@st.composite
def range_conventions(draw: st.DrawFn) -> cd.Convention:
    """Conventions whose dates span the whole supported range (years 1 to 9999) and
    whose zones are any zone of tzdata: a term, renewals, a cadence and a meeting.
    They need not be valid (the rules may find errors): the time layer must still
    answer."""
    base = draw(conventions())
    zone = draw(st.sampled_from(ALL_ZONES))
    start = draw(optional(edtf_texts(1, 9999).map(cd.PartialDate.parse)))
    end = draw(optional(edtf_texts(1, 9999).map(cd.PartialDate.parse)))
    long_durations = st.builds(
        cd.Duration,
        st.integers(0, 9999),
        st.integers(0, 24),
        st.integers(0, 9),
        st.integers(1, 400),
    )
    every = draw(st.one_of(durations(), long_durations, st.just(cd.Duration(days=1))))
    renewal = draw(
        optional(
            st.builds(
                cd.Renewal,
                mode=st.sampled_from(list(cd.RenewalMode)),
                period=optional(st.one_of(durations(), st.just(cd.Duration(days=1)))),
                max_renewals=optional(st.integers(0, 10**9)),
            )
        )
    )
    term = cd.Term(
        start=start,
        end=end,
        duration=draw(optional(st.one_of(durations(), long_durations))),
        renewal=renewal,
        notice_period=draw(optional(durations())),
    )
    wall = draw(wall_times(zone, 1, 9999))
    body = cd.Body(
        id="range-body",
        name=cd.MultilingualText.of("Comité", "fr"),
        cadence=cd.Cadence(
            every=every, first=draw(optional(edtf_texts(1, 9999).map(cd.PartialDate.parse)))
        ),
    )
    meeting = cd.Meeting(id="range-meeting", body="range-body", start=wall, time_zone=zone)
    parties = tuple(
        attrs.evolve(p, time_zone=draw(st.sampled_from(ALL_ZONES))) for p in base.parties
    )
    return attrs.evolve(
        base,
        parties=parties,
        term=term,
        governance=cd.Governance(bodies=(body,), meetings=(meeting,)),
    )
