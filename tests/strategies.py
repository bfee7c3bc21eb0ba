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

from hypothesis import strategies as st

import citydiplomacy as cd
from citydiplomacy._tz import WallTime, classify_wall_time

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


def texts() -> st.SearchStrategy[cd.MultilingualText]:
    """Multilingual text in one to three languages, in any script."""
    return st.dictionaries(
        st.sampled_from(LANGUAGE_TAGS), _nonblank_text(), min_size=1, max_size=3
    ).map(cd.MultilingualText)


def ids(prefix: str, n_min: int = 0, n_max: int = 4) -> st.SearchStrategy[list[str]]:
    """Unique ids such as ``party-3``."""
    return st.lists(
        st.integers(0, 99).map(lambda i: f"{prefix}-{i}"),
        min_size=n_min,
        max_size=n_max,
        unique=True,
    )


def partial_dates(first_year: int, last_year: int) -> st.SearchStrategy[cd.PartialDate]:
    """Partial dates of any precision between two years."""
    day = st.dates(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))
    return st.one_of(
        day.map(cd.PartialDate.from_date),
        day.map(lambda d: cd.PartialDate(d.year, d.month)),
        day.map(lambda d: cd.PartialDate(d.year)),
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
        st.dictionaries(key, json_values(), max_size=2).map(cd._values.freeze_json),
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


@st.composite
def conventions(draw: st.DrawFn) -> cd.Convention:
    """A whole valid convention."""
    lang = draw(st.sampled_from(LANGUAGE_TAGS))
    own_id = draw(st.from_regex(r"\Aconvention-[a-z0-9-]{1,30}\Z"))

    documents = tuple(
        cd.Document(
            id=doc_id,
            kind=draw(st.sampled_from(codes("document-kinds"))),
            title=draw(texts()),
            publisher=draw(optional(_nonblank_text())),
            date=draw(optional(partial_dates(1990, 2030))),
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
        parties.append(
            cd.Party(
                id=party_id,
                kind=cd.PartyKind.LOCAL_GOVERNMENT
                if party_id in local_ids
                else draw(
                    st.sampled_from(
                        [k for k in cd.PartyKind if k is not cd.PartyKind.LOCAL_GOVERNMENT]
                    )
                ),
                role=cd.PartyRole.PARTNER
                if party_id in local_ids
                else draw(st.sampled_from(cd.PartyRole)),
                name=draw(texts()),
                level=draw(optional(st.sampled_from(codes("government-levels")))),
                country=country,
                subdivisions=draw(subset([f"{country}-{s}" for s in ("01", "38", "ARA", "09")], 2)),
                identifiers=tuple(
                    cd.Identifier(scheme=scheme, value=draw(st.from_regex(r"\A[A-Z0-9]{1,8}\Z")))
                    for scheme in draw(subset(codes("identifier-schemes"), 2))
                ),
                time_zone=draw(optional(st.sampled_from(ZONES))),
                sources=draw(subset(doc_ids)),
                extensions=draw(extensions()),
            )
        )
    party_ids = [p.id for p in parties]

    related = tuple(
        cd.InstrumentLink(
            relation=draw(st.sampled_from(cd.InstrumentRelation)),
            instrument=link_id,
            kind=draw(optional(st.sampled_from(cd.InstrumentKind))),
            date=draw(optional(partial_dates(1990, 2040))),
            sources=draw(subset(doc_ids)),
        )
        for link_id in draw(ids("instrument", 0, 2))
    )

    # Dates in bands so that deliberation <= signature <= start <= end always holds.
    deliberations = tuple(
        cd.Deliberation(
            id=del_id,
            party=draw(st.sampled_from(party_ids)),
            body=draw(optional(texts())),
            date=draw(optional(partial_dates(2000, 2004))),
            reference=draw(optional(st.from_regex(r"\A[A-Z]{2,4}-[0-9]{1,4}\Z"))),
            document=draw(optional(st.sampled_from(doc_ids))) if doc_ids else None,
        )
        for del_id in draw(ids("deliberation", 0, 2))
    )
    signature = draw(
        optional(
            st.builds(
                cd.Signature,
                date=optional(partial_dates(2005, 2009)),
                place=optional(texts()),
                signatories=st.lists(
                    st.builds(
                        cd.Signatory,
                        party=st.sampled_from(party_ids),
                        name=optional(_nonblank_text()),
                        office=optional(texts()),
                    ),
                    max_size=3,
                ).map(tuple),
            )
        )
    )
    term = draw(
        optional(
            st.builds(
                cd.Term,
                start=optional(partial_dates(2010, 2014)),
                end=optional(partial_dates(2040, 2045)),
                duration=optional(durations()),
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
                sectors=draw(subset(codes("sectors"))),
                sdg_goals=tuple(goals),
                sdg_targets=draw(subset(targets)),
                extensions=draw(extensions()),
            )
        )
    axis_ids = [a.id for a in axes]

    actions = []
    for action_id in draw(ids("action", 0, 3)):
        funders = draw(st.lists(st.sampled_from(party_ids), max_size=3))
        share_cap = 100 // max(len(funders), 1)
        actions.append(
            cd.Action(
                id=action_id,
                title=draw(texts()),
                kind=draw(optional(st.sampled_from(codes("action-kinds")))),
                axes=draw(subset(axis_ids)),
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
                budget=tuple(
                    cd.BudgetLine(
                        funder=funder,
                        currency=draw(st.sampled_from(CURRENCIES)),
                        amount=draw(optional(amounts())),
                        share=draw(optional(st.integers(0, share_cap).map(Decimal))),
                        commitment=draw(st.sampled_from(cd.Commitment)),
                        nature=draw(st.sampled_from(cd.FundingNature)),
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
                        target=draw(optional(amounts())),
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
                cd.Member(party=party, role=draw(st.sampled_from(cd.ParticipantRole)))
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
        zone = draw(st.sampled_from(ZONES))
        start = draw(wall_times(zone, 2016, 2030))
        minutes = draw(optional(st.integers(1, 600)))
        end = None if minutes is None else start + dt.timedelta(minutes=minutes)
        if end is not None and classify_wall_time(end, zone) is WallTime.NONEXISTENT:
            end = None
        meetings.append(
            cd.Meeting(
                id=meeting_id,
                start=start,
                time_zone=zone,
                body=draw(optional(st.sampled_from(body_ids))) if body_ids else None,
                kind=draw(optional(st.sampled_from(codes("meeting-kinds")))),
                title=draw(optional(texts())),
                end=end,
                status=draw(st.sampled_from(cd.MeetingStatus)),
                host=draw(optional(st.sampled_from(party_ids))),
                mode=draw(optional(st.sampled_from(cd.MeetingMode))),
                participants=tuple(
                    cd.Participant(
                        party=party,
                        role=draw(st.sampled_from(cd.ParticipantRole)),
                        count=draw(optional(st.integers(1, 50))),
                    )
                    for party in draw(subset(party_ids))
                ),
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

    return cd.Convention(
        schema_version=cd.schema_version(),
        id=own_id,
        kind=draw(st.sampled_from(cd.InstrumentKind)),
        title=draw(texts()),
        authoritative_language=lang,
        languages=draw(subset(LANGUAGE_TAGS)),
        summary=draw(optional(texts())),
        parties=tuple(parties),
        related_instruments=related,
        deliberations=deliberations,
        signature=signature,
        term=term,
        values=draw(subset(codes("shared-values"))),
        objectives=tuple(
            cd.Objective(id=obj_id, text=draw(texts()), axes=draw(subset(axis_ids)))
            for obj_id in draw(ids("objective", 0, 2))
        ),
        axes=tuple(axes),
        actions=tuple(actions),
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
