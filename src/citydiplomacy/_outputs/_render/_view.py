"""What a factsheet shows, read once from a convention into plain values.

The HTML and Markdown templates render the same view: every fact already in the
reader's words, each human text with its language tag and direction, each fact with
the numbers of its sources, and ``None`` wherever the file does not say (the
templates print "not known", never a blank or a zero).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from citydiplomacy._domain._model import (
    Action,
    Attendee,
    BudgetLine,
    Convention,
    Identifier,
    Meeting,
    Money,
    Party,
    Quantity,
)
from citydiplomacy._domain._values import MultilingualText, PartialDate
from citydiplomacy._outputs._render import _i18n
from citydiplomacy._outputs._render._i18n import (
    Messages,
    code_label,
    date_text,
    day_text,
    direction,
)
from citydiplomacy._time._followup import FollowUp, SlotStatus, first_day, follow_up
from citydiplomacy._time._meetings import meeting_time
from citydiplomacy._time._terms import TermStatus, term_periods, term_status, upcoming_deadlines
from citydiplomacy._time._tz import UnknownTimeZone, in_zone, zone

#: The last follow-up computed: the view and the timeline of a page both need it.
_LAST_FOLLOW_UP: list[tuple[Convention, _dt.date, FollowUp]] = []


def page_follow_up(convention: Convention, on: _dt.date) -> FollowUp:
    """``follow_up(convention, on)``, computed once for the view and the timeline."""
    if _LAST_FOLLOW_UP:
        last, day, result = _LAST_FOLLOW_UP[0]
        if last is convention and day == on:
            return result
    result = follow_up(convention, on)
    _LAST_FOLLOW_UP[:] = [(convention, on, result)]
    return result


#: How many periods of a term that renews forever are listed.
_PERIODS_SHOWN = 12


@attrs.frozen
class Text:
    """One human text: its words, BCP 47 tag (``None``: not stated) and direction."""

    value: str
    lang: str | None
    dir: str
    #: The name of its language in the reader's language, when worth showing.
    language_name: str | None = None
    authoritative: bool = False


@attrs.frozen
class Cite:
    """A superscript link to a source: its number in the sources list and its id."""

    number: int
    id: str
    known: bool


@attrs.frozen
class Link:
    """A link: only ``http``/``https`` URLs are ever linked (else ``href`` is ``None``)."""

    text: str
    href: str | None


_SAFE_URL = re.compile(r"\Ahttps?://[^\s<>\"'`\\]+\Z", re.IGNORECASE)


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL without spaces or quotes; else ``None``.

    >>> safe_href("https://example.org/a?b=c"), safe_href("javascript:alert(1)")
    ('https://example.org/a?b=c', None)
    """
    if url is None or not _SAFE_URL.match(url):
        return None
    return url


#: Registers whose identifiers have a stable public page, with the shape they take.
_REGISTERS: dict[str, tuple[re.Pattern[str], str]] = {
    "wikidata": (re.compile(r"\AQ[1-9][0-9]*\Z"), "https://www.wikidata.org/wiki/{}"),
    "insee_cog": (
        re.compile(r"\A[0-9][0-9AB][0-9]{3}\Z"),
        "https://www.insee.fr/fr/statistiques/2011101?geo=COM-{}",
    ),
    "geonames": (re.compile(r"\A[1-9][0-9]*\Z"), "https://www.geonames.org/{}"),
    "osm_relation": (re.compile(r"\A[1-9][0-9]*\Z"), "https://www.openstreetmap.org/relation/{}"),
    "siren": (
        re.compile(r"\A[0-9]{9}\Z"),
        "https://annuaire-entreprises.data.gouv.fr/entreprise/{}",
    ),
}


def register_url(identifier: Identifier) -> str | None:
    """The register page of an identifier, for schemes with one and well-formed values."""
    entry = _REGISTERS.get(identifier.scheme)
    if entry is None or not entry[0].match(identifier.value):
        return None
    return entry[1].format(identifier.value)


def dir_of_plain(value: str) -> str:
    """``rtl`` when the first strong character of a text without a tag is right to left."""
    import unicodedata  # noqa: PLC0415

    for ch in value:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return "rtl"
        if bidi == "L":
            return "ltr"
    return "auto"


@attrs.frozen
class Options:
    """How a factsheet is read: chrome language, the day of its state, the reader's zone."""

    language: str
    on: _dt.date
    time_zone: str | None = None


class Builder:
    """Reads a convention into the view the templates render."""

    def __init__(self, convention: Convention, options: Options) -> None:
        self.c = convention
        self.o = options
        self.lang = options.language
        self.t = Messages(options.language)
        self._doc_numbers = {d.id: i for i, d in enumerate(convention.documents, start=1)}
        self._parties = {p.id: p for p in convention.parties}
        self._programmes = {p.id: p for p in convention.programmes}
        self._extra_sources: list[str] = []

    # -- small readers --------------------------------------------------------------

    def ml(self, text: MultilingualText | None) -> Text | None:
        """The version the reader gets (theirs, else the first stored)."""
        chosen = _i18n.ml_first(text, self.lang)
        if chosen is None:
            return None
        tag, value = chosen
        return Text(
            value,
            tag,
            direction(tag),
            authoritative=tag == self.c.authoritative_language,
        )

    def ml_all(self, text: MultilingualText | None) -> list[Text]:
        """Every version, in stored order, with the language names and the authority."""
        if text is None:
            return []
        return [
            Text(
                value,
                tag,
                direction(tag),
                language_name=_i18n.language_name(tag, self.lang),
                authoritative=tag == self.c.authoritative_language,
            )
            for tag, value in text.items()
        ]

    def plain(self, value: str | None) -> Text | None:
        """A text whose language the file does not state (a person's name)."""
        if value is None:
            return None
        return Text(value, None, dir_of_plain(value))

    def plains(self, values: Iterable[str]) -> list[Text]:
        """Several such texts."""
        return [Text(v, None, dir_of_plain(v)) for v in values]

    def date(self, value: PartialDate | None) -> dict[str, Any] | None:
        """A date in words, with its EDTF text and whether it is one exact day."""
        if value is None:
            return None
        return {
            "text": date_text(value, self.lang),
            "edtf": str(value),
            "exact": value.is_exact,
        }

    def label(self, codelist: str, code: object) -> str | None:
        """The label of a code (an enum member or a string), or ``None`` when absent."""
        if code is None:
            return None
        value = str(getattr(code, "value", code))
        return code_label(codelist, value, self.lang)

    def cites(self, ids: Sequence[str]) -> list[Cite]:
        """Source marks, in number order: documents are numbered in their order in the file."""
        out = []
        for source in dict.fromkeys(ids):
            number = self._doc_numbers.get(source)
            if number is None:
                if source not in self._extra_sources:
                    self._extra_sources.append(source)
                number = len(self._doc_numbers) + self._extra_sources.index(source) + 1
                out.append(Cite(number, source, known=False))
            else:
                out.append(Cite(number, source, known=True))
        return sorted(out, key=lambda c: c.number)

    def party_name(self, party_id: str | None) -> Text | None:
        """A party's name as the reader gets it; its id when the file names no such party."""
        if party_id is None:
            return None
        party = self._parties.get(party_id)
        if party is None:
            return Text(party_id, None, "auto")
        return self.ml(party.name)

    def money(self, money: Money | None) -> dict[str, Any] | None:
        """An amount with its currency, qualifier and note."""
        if money is None:
            return None
        return {
            "text": self.amount(money.amount, money.currency, money.qualifier),
            "note": self.ml(money.note),
            "cites": self.cites(money.sources),
        }

    def amount(self, amount: Decimal | None, currency: str | None, qualifier: object) -> str | None:
        """``about 12,000 EUR``; ``None`` when the amount is not known."""
        if amount is None:
            return None
        words = _i18n.amount_text(amount, self.lang)
        words = f"{words} {currency}" if currency else f"{words} ({self.t('not_known')})"
        qual = self.label("quantity-qualifiers", qualifier)
        return f"{qual} {words}" if qual else words

    def quantity(self, q: Quantity | None) -> dict[str, Any] | None:
        """A counted quantity: ``about 12 actions``."""
        if q is None:
            return None
        words = _i18n.amount_text(q.value, self.lang)
        if q.unit:
            words = f"{words} {q.unit}"
        qual = self.label("quantity-qualifiers", q.qualifier)
        return {
            "text": f"{qual} {words}" if qual else words,
            "note": self.ml(q.note),
            "cites": self.cites(q.sources),
        }

    # -- the whole page --------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        """The view of the whole factsheet."""
        c = self.c
        view: dict[str, Any] = {
            "id": c.id,
            "schema_version": c.schema_version,
            "heading": self.heading(),
            "titles": self.ml_all(c.title),
            "title_descriptive": bool(c.title_descriptive),
            "designation": self.ml_all(c.designation),
            "kind": self.label("instrument-kinds", c.kind),
            "authoritative_language": (
                _i18n.language_name(c.authoritative_language, self.lang)
                if c.authoritative_language
                else None
            ),
            "authentic_languages": [
                _i18n.language_name(x, self.lang) for x in c.authentic_languages
            ],
            "languages": [_i18n.language_name(x, self.lang) for x in c.languages],
            "summary": self.ml(c.summary),
            "cites": self.cites(c.sources),
            "state": self.state(),
            "parties": [self.party(p) for p in c.parties],
            "chain": [self.link(i) for i in c.related_instruments],
            "deliberations": [self.deliberation(d) for d in c.deliberations],
            "signature": self.signature(),
            "term": self.term(),
            "shared_values": [self.label("shared-values", v) for v in c.values],
            "objectives": [
                {"id": o.id, "text": self.ml(o.text), "cites": self.cites(o.sources)}
                for o in c.objectives
            ],
            "axes": self.axes(),
            "actions": [self.action(a) for a in c.actions],
            "action_total": len(c.actions),
            "budget_summary": self.budget_summary(c.actions),
            "total_budget": self.money(c.total_budget),
            "action_count": self.quantity(c.action_count),
            "programmes": [self.programme(p) for p in c.programmes],
            "governance": self.governance(),
        }
        # Sources last: the marks above may name sources the documents do not hold.
        view["documents"] = self.documents()
        return view

    def heading(self) -> Text:
        """The page's heading: the title, else the designation, else kind and parties."""
        c = self.c
        for text in (c.title, c.designation):
            chosen = self.ml(text)
            if chosen is not None:
                return chosen
        names = " \u2013 ".join(
            n.value for n in (self.ml(p.name) for p in c.local_governments or c.parties) if n
        )
        kind = self.label("instrument-kinds", c.kind) or self.t("convention")
        return Text(f"{kind}: {names}", self.lang, "ltr")

    def state(self) -> dict[str, Any]:
        """The term's state on the chosen day, and the next deadlines."""
        on = self.o.on
        state = term_status(self.c, on)
        labels = _i18n.TERM_STATUS[self.lang]
        deadlines = [
            {
                "kind": _i18n.DEADLINE_KIND[self.lang].get(d.kind.value, d.kind.value),
                "kind_code": d.kind.value,
                "sort": d.date.earliest.isoformat(),
                "iso": str(d.date),
                "date": self.bounds_text(d.date.earliest, d.date.latest),
                "exact": d.date.is_exact,
                "description": d.description,
            }
            for d in upcoming_deadlines(self.c, on, limit=5)
        ]
        return {
            "on": day_text(on, self.lang),
            "on_iso": on.isoformat(),
            "status": state.status.value,
            "label": labels.get(state.status.value, state.status.value),
            "certain": state.certain,
            "possible": [labels.get(s.value, s.value) for s in state.possible]
            if state.status is TermStatus.UNKNOWN
            else [],
            # The time layer explains in English: shown with its own language tag.
            "reason": Text(state.reason, "en", "ltr") if state.reason else None,
            "deadlines": deadlines,
        }

    def bounds_text(self, first: _dt.date, last: _dt.date) -> str:
        """One day, or the range of days it may be."""
        if first == last:
            return day_text(first, self.lang)
        return self.t("range_between", a=day_text(first, self.lang), b=day_text(last, self.lang))

    # -- parties --------------------------------------------------------------------

    def party(self, p: Party) -> dict[str, Any]:
        """A party: names in every script, country, level, identifiers and more."""
        return {
            "id": p.id,
            "partner_href": None,
            "names": self.ml_all(p.name),
            "name": self.ml(p.name),
            "kind": self.label("party-kinds", p.kind),
            "role": self.label("party-roles", p.role),
            "level": self.label("government-levels", p.level),
            "level_name": self.ml_all(p.level_name),
            "country": _i18n.country_name(p.country, self.lang) if p.country else None,
            "subdivisions": [_i18n.subdivision_name(s) for s in p.subdivisions],
            "identifiers": [
                {
                    "scheme": self.label("identifier-schemes", i.scheme),
                    "value": i.value,
                    "href": register_url(i),
                }
                for i in p.identifiers
            ],
            "time_zone": p.time_zone,
            "url": Link(p.url, safe_href(p.url)) if p.url else None,
            "population": [
                {
                    "value": self.amount_int(pop.value, pop.qualifier),
                    "year": self.date(pop.year),
                    "scope": self.ml(pop.scope),
                    "note": self.ml(pop.note),
                    "cites": self.cites(pop.sources),
                }
                for pop in p.population
            ],
            "heads": [
                {
                    "name": self.plain(h.name),
                    "variants": self.plains(h.name_variants),
                    "office": self.ml_all(h.office),
                    "start": self.date(h.start),
                    "end": self.date(h.end),
                    "note": self.ml(h.note),
                    "cites": self.cites(h.sources),
                }
                for h in p.heads
            ],
            "former_names": [
                {
                    "names": self.ml_all(f.name),
                    "until": self.date(f.until),
                    "cites": self.cites(f.sources),
                }
                for f in p.former_names
            ],
            "successor": {
                "names": self.ml_all(p.successor.name),
                "date": self.date(p.successor.date),
                "note": self.ml(p.successor.note),
                "cites": self.cites(p.successor.sources),
            }
            if p.successor is not None
            else None,
            "cites": self.cites(p.sources),
        }

    def amount_int(self, value: int, qualifier: object) -> str:
        """A whole number with its qualifier: ``about 90,000``."""
        words = _i18n.amount_text(Decimal(value), self.lang)
        qual = self.label("quantity-qualifiers", qualifier)
        return f"{qual} {words}" if qual else words

    # -- chain, approval, signature ------------------------------------------------

    def link(self, i: Any) -> dict[str, Any]:
        """A related instrument."""
        return {
            "relation": self.label("instrument-relations", i.relation),
            "instrument": i.instrument,
            "kind": self.label("instrument-kinds", i.kind),
            "title": self.ml(i.title) or self.ml(i.designation),
            "designation": self.ml(i.designation) if i.title is not None else None,
            "parties": [self.party_name(x) for x in i.parties],
            "date": self.date(i.date),
            "date_note": self.ml(i.date_note),
            "start": self.date(i.start),
            "end": self.date(i.end),
            "url": Link(i.url, safe_href(i.url)) if i.url else None,
            "document": self.cites([i.document]) if i.document else [],
            "note": self.ml(i.note),
            "cites": self.cites(i.sources),
        }

    def deliberation(self, d: Any) -> dict[str, Any]:
        """A council deliberation: who, what for, when, with what outcome and votes."""
        votes = None
        if d.votes is not None:
            v = d.votes
            unknown = self.t("not_known")
            votes = self.t(
                "votes_text",
                in_favour=unknown if v.in_favour is None else v.in_favour,
                against=unknown if v.against is None else v.against,
                abstentions=unknown if v.abstentions is None else v.abstentions,
            )
        return {
            "id": d.id,
            "party": self.party_name(d.party),
            "body": self.ml(d.body),
            "purpose": self.label("deliberation-purposes", d.purpose),
            "date": self.date(d.date),
            "date_note": self.ml(d.date_note),
            "reference": self.plain(d.reference),
            "outcome": self.label("deliberation-outcomes", d.outcome),
            "votes": votes,
            "summary": self.ml(d.summary),
            "document": self.cites([d.document]) if d.document else [],
            "cites": self.cites(d.sources),
        }

    def person(self, a: Attendee) -> dict[str, Any]:
        """A witness or an attendee."""
        return {
            "name": self.plain(a.name),
            "variants": self.plains(a.name_variants),
            "office": self.ml(a.office),
            "party": self.party_name(a.party),
            "organisation": self.ml(a.organisation),
            "note": self.ml(a.note),
        }

    def signature(self) -> dict[str, Any] | None:
        """When, where and by whom the instrument was signed."""
        s = self.c.signature
        if s is None:
            return None
        return {
            "date": self.date(s.date),
            "date_note": self.ml(s.date_note),
            "place": self.ml(s.place),
            "occasion": self.ml(s.occasion),
            "signatories": [
                {
                    "party": self.party_name(x.party),
                    "name": self.plain(x.name),
                    "variants": self.plains(x.name_variants),
                    "office": self.ml(x.office),
                    "date": self.date(x.date),
                    "date_note": self.ml(x.date_note),
                    "place": self.ml(x.place),
                }
                for x in s.signatories
            ],
            "witnesses": [self.person(a) for a in s.witnesses],
            "attendees": [self.person(a) for a in s.attendees],
            "cites": self.cites(s.sources),
        }

    # -- term -------------------------------------------------------------------------

    def term(self) -> dict[str, Any] | None:
        """The term as stated, its periods, termination and suspensions."""
        term = self.c.term
        if term is None:
            return None
        renewal = None
        if term.renewal is not None:
            r = term.renewal
            parts = [self.label("renewal-modes", r.mode) or ""]
            if r.period is not None:
                parts.append(_i18n.duration_text(r.period, self.lang))
            if r.max_renewals is not None:
                parts.append(self.t("renewal_max", n=r.max_renewals))
            renewal = ", ".join(p for p in parts if p)
        periods = []
        for period in term_periods(self.c, limit=_PERIODS_SHOWN):
            periods.append(
                {
                    "name": self.t("initial_period")
                    if period.index == 0
                    else self.t("renewal_n", n=period.index),
                    "start": self.bounds_text(period.start.earliest, period.start.latest)
                    if period.start
                    else self.t("period_unknown_start"),
                    "end": self.bounds_text(period.end.earliest, period.end.latest)
                    if period.end
                    else self.t("period_no_end"),
                }
            )
        termination = None
        if term.termination is not None:
            tm = term.termination
            termination = {
                "date": self.date(tm.date),
                "date_note": self.ml(tm.date_note),
                "reason": self.ml(tm.reason),
                "note": self.ml(tm.note),
                "decisions": [self.decision(x) for x in tm.decisions],
                "cites": self.cites(tm.sources),
            }
        elif term.terminated_on is not None:
            termination = {
                "date": self.date(term.terminated_on),
                "date_note": None,
                "reason": None,
                "note": None,
                "decisions": [],
                "cites": [],
            }
        return {
            "start": self.date(term.start),
            "start_note": self.ml(term.start_note),
            "start_condition": self.ml(term.start_condition),
            "end": self.date(term.end),
            "end_note": self.ml(term.end_note),
            "duration": _i18n.duration_text(term.duration, self.lang) if term.duration else None,
            "renewal": renewal,
            "notice_period": _i18n.duration_text(term.notice_period, self.lang)
            if term.notice_period
            else None,
            "termination_clause": self.ml(term.termination_clause),
            "termination": termination,
            "suspensions": [
                {
                    "start": self.date(s.start),
                    "end": self.date(s.end),
                    "reason": self.ml(s.reason),
                    "note": self.ml(s.note),
                    "decisions": [self.decision(x) for x in s.decisions],
                    "cites": self.cites(s.sources),
                }
                for s in term.suspensions
            ],
            "periods": periods,
            "cites": self.cites(term.sources),
        }

    def decision(self, x: Any) -> dict[str, Any]:
        """A party's decision to terminate or suspend."""
        return {
            "party": self.party_name(x.party),
            "date": self.date(x.date),
            "date_note": self.ml(x.date_note),
            "reason": self.ml(x.reason),
            "deliberation": x.deliberation,
        }

    # -- axes, actions, budgets ------------------------------------------------------

    def axes(self) -> list[dict[str, Any]]:
        """Each axis with the actions that serve it."""
        out = []
        for axis in self.c.axes:
            out.append(
                {
                    "id": axis.id,
                    "title": self.ml(axis.title),
                    "description": self.ml(axis.description),
                    "sectors": [self.label("sectors", s) for s in axis.sectors],
                    "sdgs": [str(g) for g in axis.sdg_goals] + list(axis.sdg_targets),
                    "cites": self.cites(axis.sources),
                    "actions": [
                        {"id": a.id, "title": self.ml(a.title)}
                        for a in self.c.actions_for_axis(axis.id)
                    ],
                }
            )
        return out

    def action(self, a: Action) -> dict[str, Any]:
        """An action with its period, status and budget lines."""
        period = a.period
        axes = {x.id: x for x in self.c.axes}
        return {
            "id": a.id,
            "title": self.ml(a.title),
            "axes": [
                self.ml(axes[x].title) if x in axes else Text(x, None, "auto") for x in a.axes
            ],
            "kind": self.label("action-kinds", a.kind),
            "description": self.ml(a.description),
            "lead": self.party_name(a.lead_party),
            "participants": [self.party_name(x) for x in a.participants],
            "target_groups": [self.label("target-groups", g) for g in a.target_groups],
            "start": self.date(period.start) if period else None,
            "end": self.date(period.end) if period else None,
            "status": self.label("action-statuses", a.status),
            "status_date": self.date(a.status_date),
            "total_budget": self.money(a.total_budget),
            "programmes": [self.programme_name(x) for x in a.programmes],
            "budget": [self.budget_line(b) for b in a.budget],
            "expected_results": [self.ml(r) for r in a.expected_results],
            "indicators": [
                {
                    "name": self.ml(i.name),
                    "unit": i.unit,
                    "baseline": self.amount(i.baseline, i.unit or "", i.baseline_qualifier),
                    "target": self.amount(i.target, i.unit or "", i.target_qualifier),
                    "target_date": self.date(i.target_date),
                    "value": self.amount(i.value, i.unit or "", i.value_qualifier),
                    "value_date": self.date(i.value_date),
                }
                for i in a.indicators
            ],
            "cites": self.cites(a.sources),
        }

    def programme_name(self, programme_id: str) -> Text:
        """A programme's name; its id when the file holds no such programme."""
        programme = self._programmes.get(programme_id)
        name = self.ml(programme.name) if programme is not None else None
        return name or Text(programme_id, None, "auto")

    def funder(self, b: BudgetLine) -> Text | None:
        """Who funds a budget line: a party, a description, or nobody named."""
        if b.funder is not None:
            return self.party_name(b.funder)
        return self.ml(b.funder_description)

    def budget_line(self, b: BudgetLine) -> dict[str, Any]:
        """One budget line."""
        period = b.period
        return {
            "funder": self.funder(b),
            "programme": self.programme_name(b.programme) if b.programme else None,
            "amount": self.amount(b.amount, b.currency, b.amount_qualifier),
            "share": f"{_i18n.amount_text(b.share, self.lang)} %" if b.share is not None else None,
            "commitment": self.label("budget-commitments", b.commitment),
            "nature": self.label("funding-natures", b.nature),
            "start": self.date(period.start) if period else None,
            "end": self.date(period.end) if period else None,
            "description": self.ml(b.description),
            "cites": self.cites(b.sources),
        }

    def budget_summary(self, actions: Sequence[Action]) -> list[dict[str, Any]]:
        """Sums per funder and currency; different currencies are never added.

        A sum is marked incomplete when a line of that funder states no amount, and
        approximate when a line's amount is qualified (``about``, ``at least``...).
        """
        sums: dict[tuple[str, str], dict[str, Any]] = {}
        for action in actions:
            for b in action.budget:
                key_funder = b.funder or ""
                currency = b.currency or ""
                key = (key_funder, currency)
                entry = sums.setdefault(
                    key,
                    {
                        "funder": self.funder(b) if b.funder else None,
                        "currency": b.currency,
                        "total": Decimal(0),
                        "lines": 0,
                        "unknown": 0,
                        "qualified": False,
                    },
                )
                entry["lines"] += 1
                if b.amount is None:
                    entry["unknown"] += 1
                else:
                    entry["total"] += b.amount
                    entry["qualified"] = entry["qualified"] or b.amount_qualifier is not None
        rows = []
        for entry in sums.values():
            known = entry["lines"] - entry["unknown"]
            amount = (
                _i18n.amount_text(entry["total"], self.lang) + f" {entry['currency']}"
                if known
                else None
            )
            if amount is not None and entry["currency"] is None:
                amount = f"{_i18n.amount_text(entry['total'], self.lang)} ({self.t('not_known')})"
            rows.append(
                {
                    "funder": entry["funder"],
                    "currency": entry["currency"],
                    "amount": amount,
                    "lines": entry["lines"],
                    "incomplete": entry["unknown"] > 0 and known > 0,
                    "approximate": entry["qualified"],
                }
            )
        return rows

    def programme(self, p: Any) -> dict[str, Any]:
        """A funding programme."""
        return {
            "id": p.id,
            "name": self.ml(p.name),
            "kind": self.label("programme-kinds", p.kind),
            "funder": self.party_name(p.funder) if p.funder else self.ml(p.funder_name),
            "url": Link(p.url, safe_href(p.url)) if p.url else None,
            "start": self.date(p.period.start) if p.period else None,
            "end": self.date(p.period.end) if p.period else None,
            "note": self.ml(p.note),
            "cites": self.cites(p.sources),
        }

    # -- governance -----------------------------------------------------------------

    def governance(self) -> dict[str, Any] | None:
        """Bodies with members and cadence, and meetings in local and reader time."""
        g = self.c.governance
        if g is None:
            return None
        overdue_ids: set[str] = set()
        overdue_slots: list[dict[str, Any]] = []
        for body in page_follow_up(self.c, self.o.on).bodies:
            for slot in body.slots:
                if slot.status is SlotStatus.OVERDUE:
                    w = slot.expected.window
                    overdue_slots.append(
                        {
                            "sort": w.earliest.isoformat(),
                            "body": self.ml(body.name),
                            "window": self.bounds_text(w.earliest, w.latest),
                        }
                    )
                if slot.meeting is not None and slot.status is SlotStatus.OVERDUE:
                    overdue_ids.add(slot.meeting)
        bodies = []
        for b in g.bodies:
            cadence = None
            if b.cadence is not None:
                cd = b.cadence
                cadence = {
                    "every": self.t(
                        "cadence_every", every=_i18n.duration_text(cd.every, self.lang)
                    ),
                    "rotation": self.label("host-rotations", cd.rotation),
                    "hosts": [self.party_name(h) for h in cd.hosts],
                    "mode": self.label("meeting-modes", cd.mode),
                    "first": self.date(cd.first),
                }
            bodies.append(
                {
                    "id": b.id,
                    "name": self.ml(b.name),
                    "kind": self.label("body-kinds", b.kind),
                    "members": [
                        {
                            "party": self.party_name(m.party),
                            "role": self.label("participant-roles", m.role),
                            "name": self.plain(m.name),
                            "office": self.ml(m.office),
                            "count": self.amount_int(m.count, m.count_qualifier)
                            if m.count is not None
                            else None,
                        }
                        for m in b.members
                    ],
                    "cadence": cadence,
                    "cites": self.cites(b.sources),
                }
            )
        meetings = [self.meeting(m, m.id in overdue_ids) for m in g.meetings]
        meetings.sort(key=lambda m: (m["sort"], m["id"]))
        return {"bodies": bodies, "meetings": meetings, "overdue_slots": overdue_slots}

    def meeting_state(self, m: Meeting) -> str:
        """held, planned, overdue (planned and surely past), postponed, cancelled, unstated."""
        status = m.status.value if m.status is not None else None
        first = first_day(m)
        if status in (None, "planned") and first.latest < self.o.on:
            return "overdue" if status == "planned" else "unstated"
        return status or "unstated"

    def meeting(self, m: Meeting, overdue: bool) -> dict[str, Any]:
        """A meeting: when (host's clock, each party's, the reader's), where, who, what."""
        when_host = None
        reader = None
        locals_: list[dict[str, Any]] = []
        notes: list[str] = []
        if m.start is not None and m.time_zone is not None:
            mt = meeting_time(m, self.c)
            notes.extend(mt.notes)
            if mt.local_start is not None:
                day = day_text(mt.local_start.date(), self.lang)
                when_host = f"{day} {mt.local_start:%H:%M} ({m.time_zone})"
            for pt in mt.parties:
                locals_.append(
                    {
                        "party": self.ml(pt.name),
                        "time": f"{day_text(pt.local.date(), self.lang)} {pt.local:%H:%M}"
                        if pt.local is not None
                        else None,
                        "zone": pt.time_zone,
                    }
                )
            if self.o.time_zone is not None and mt.instant is not None:
                there = in_zone(mt.instant, self.o.time_zone)
                reader = f"{day_text(there.date(), self.lang)} {there:%H:%M}"
        state = self.meeting_state(m)
        if overdue and state == "planned":
            state = "overdue"
        labels = {
            "held": self.label("meeting-statuses", "held"),
            "planned": self.label("meeting-statuses", "planned"),
            "postponed": self.label("meeting-statuses", "postponed"),
            "cancelled": self.label("meeting-statuses", "cancelled"),
            "overdue": self.t("overdue"),
            "unstated": self.t("meeting_status_unstated"),
        }
        first = first_day(m)
        return {
            "id": m.id,
            "sort": first.earliest,
            "title": self.ml(m.title),
            "kind": self.label("meeting-kinds", m.kind),
            "body": self.ml(self._body_name(m.body)),
            "date": self.date(m.date),
            "date_note": self.ml(m.date_note),
            "host_time": when_host,
            "reader_time": reader,
            "local_times": locals_,
            "state": state,
            "state_label": labels[state],
            "host": self.party_name(m.host),
            "place": self.ml(m.place),
            "mode": self.label("meeting-modes", m.mode),
            "participants": [
                {
                    "party": self.party_name(p.party),
                    "organisation": self.ml(p.organisation),
                    "role": self.label("participant-roles", p.role),
                    "name": self.plain(p.name),
                    "office": self.ml(p.office),
                    "count": self.amount_int(p.count, p.count_qualifier)
                    if p.count is not None
                    else None,
                }
                for p in m.participants
            ],
            "agenda": [self.ml(x) for x in m.agenda],
            "decisions": [self.ml(d.text) for d in m.decisions],
            "minutes": self.cites([m.minutes]) if m.minutes else [],
            "notes": [Text(n, "en", "ltr") for n in notes],
            "cites": self.cites(m.sources),
        }

    def _body_name(self, body_id: str | None) -> MultilingualText | None:
        g = self.c.governance
        if body_id is None or g is None:
            return None
        for b in g.bodies:
            if b.id == body_id:
                return b.name
        return MultilingualText({self.lang: body_id})

    # -- sources ----------------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        """The documents, numbered as the source marks number them."""
        out = []
        for number, d in enumerate(self.c.documents, start=1):
            out.append(
                {
                    "number": number,
                    "id": d.id,
                    "title": self.ml(d.title),
                    "kind": self.label("document-kinds", d.kind),
                    "publisher": self.plain(d.publisher),
                    "date": self.date(d.date),
                    "url": Link(d.url, safe_href(d.url)) if d.url else None,
                    "language": _i18n.language_name(d.language, self.lang) if d.language else None,
                    "accessed": self.date(d.accessed),
                    "note": self.ml(d.note),
                    "known": True,
                }
            )
        base = len(self.c.documents)
        for offset, source in enumerate(self._extra_sources, start=1):
            out.append({"number": base + offset, "id": source, "known": False})
        return out


def check_zone(name: str) -> str:
    """The reader's zone, checked; ``ValueError`` with the fix for an unknown name."""
    try:
        zone(name)
    except UnknownTimeZone as exc:
        raise ValueError(str(exc)) from None
    return name
