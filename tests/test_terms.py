"""Terms: status on a date, periods, renewals, notice, reduced precision."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from citydiplomacy._domain._codes import InstrumentKind, InstrumentRelation, RenewalMode
from citydiplomacy._domain._model import (
    Convention,
    InstrumentLink,
    Renewal,
    Signature,
    Suspension,
    Term,
    Termination,
)
from citydiplomacy._domain._values import Duration, MultilingualText, PartialDate
from citydiplomacy._time._terms import (
    DateBounds,
    DeadlineKind,
    TermState,
    TermStatus,
    is_in_force,
    renewal_periods,
    term_periods,
    term_span,
    term_status,
    upcoming_deadlines,
)

S = TermStatus
P = PartialDate.parse
D = dt.date.fromisoformat


def tacit_term(**changes: object) -> Term:
    """The fictional Villebelle-Tilelli term: 2025-03-01, P3Y, tacit P1Y x2, notice P3M."""
    fields: dict[str, object] = {
        "start": P("2025-03-01"),
        "duration": Duration(years=3),
        "renewal": Renewal(mode=RenewalMode.TACIT, period=Duration(years=1), max_renewals=2),
        "notice_period": Duration(months=3),
    }
    fields.update(changes)
    return Term(**fields)  # type: ignore[arg-type]


def convention(term: Term | None, **changes: object) -> Convention:
    fields: dict[str, object] = {
        "schema_version": "1.0",
        "id": "test-convention",
        "kind": InstrumentKind.FRAMEWORK_CONVENTION,
        "title": MultilingualText({"fr": "Convention de test"}),
        "authoritative_language": "fr",
        "parties": (),
        "term": term,
    }
    fields.update(changes)
    return Convention(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2025-02-28", S.NOT_YET_IN_FORCE),
        ("2025-03-01", S.IN_FORCE),
        ("2027-08-28", S.IN_FORCE),
        ("2027-08-29", S.NOTICE_WINDOW),  # the notice period before the last day to give notice
        ("2027-11-29", S.NOTICE_WINDOW),  # last day to give notice
        ("2027-11-30", S.IN_FORCE),  # too late: the renewal is locked in
        ("2028-02-29", S.IN_FORCE),  # last day of the initial period (inclusive end)
        ("2028-03-01", S.RENEWED),
        ("2028-08-27", S.RENEWED),
        ("2028-08-28", S.NOTICE_WINDOW),
        ("2028-11-28", S.NOTICE_WINDOW),
        ("2029-03-01", S.RENEWED),  # last allowed renewal: no notice window
        ("2029-12-01", S.RENEWED),
        ("2030-02-28", S.RENEWED),
        ("2030-03-01", S.EXPIRED),
        ("2040-01-01", S.EXPIRED),
    ],
)
def test_tacit_term_timeline(day: str, status: TermStatus) -> None:
    state = term_status(tacit_term(), D(day))
    assert state.status is status
    assert state.possible == (status,)
    assert state.certain


def test_current_period_and_notice_deadline() -> None:
    state = term_status(tacit_term(), D("2026-06-01"))
    assert state.in_force is True
    assert state.current_period is not None
    assert state.current_period.index == 0
    assert state.current_period.start == DateBounds.exact(D("2025-03-01"))
    assert state.current_period.end == DateBounds.exact(D("2028-02-29"))
    assert state.notice_deadline == DateBounds.exact(D("2027-11-29"))
    assert "2027-11-29" in state.reason

    renewed = term_status(tacit_term(), D("2028-06-01"))
    assert renewed.current_period is not None
    assert renewed.current_period.index == 1
    assert str(renewed.current_period.end) == "2029-02-28"
    assert renewed.notice_deadline == DateBounds.exact(D("2028-11-28"))

    last = term_status(tacit_term(), D("2029-06-01"))
    assert last.notice_deadline is None  # nothing left to give notice against


def test_end_is_inclusive_start_plus_duration_minus_one_day() -> None:
    term = Term(
        start=P("2025-03-01"), duration=Duration(years=3), renewal=Renewal(mode=RenewalMode.NONE)
    )
    assert term_status(term, D("2028-02-29")).status is S.IN_FORCE
    expired = term_status(term, D("2028-03-01"))
    assert expired.status is S.EXPIRED
    assert "2028-02-29" in expired.reason
    assert [str(p.end) for p in term_periods(term)] == ["2028-02-29"]


def test_stated_end_is_the_last_day_and_wins_over_duration() -> None:
    term = Term(
        start=P("2026-06-15"),
        end=P("2028-02-29"),
        duration=Duration(years=10),
        renewal=Renewal(mode=RenewalMode.NONE),
    )
    assert term_status(term, D("2028-02-29")).status is S.IN_FORCE
    assert term_status(term, D("2028-03-01")).status is S.EXPIRED


def test_explicit_renewal_without_instrument_expires() -> None:
    term = tacit_term(renewal=Renewal(mode=RenewalMode.EXPLICIT, period=Duration(years=1)))
    state = term_status(convention(term), D("2028-03-01"))
    assert state.status is S.EXPIRED
    assert "no renewal instrument" in state.reason
    assert list(renewal_periods(term)) == []


def test_explicit_renewal_granted_by_a_renewal_instrument() -> None:
    term = tacit_term(renewal=Renewal(mode=RenewalMode.EXPLICIT, period=Duration(years=1)))
    link = InstrumentLink(relation=InstrumentRelation.RENEWED_BY, instrument="renewal-2028")
    conv = convention(term, related_instruments=(link,))
    assert term_status(conv, D("2028-03-01")).status is S.RENEWED
    # Explicit renewal has no notice window: nothing renews by default.
    assert term_status(conv, D("2027-10-01")).status is S.IN_FORCE
    assert term_status(conv, D("2029-03-01")).status is S.EXPIRED
    assert [str(p.start) for p in renewal_periods(conv)] == ["2028-03-01"]


def test_unstated_renewal_cannot_tell_after_the_end() -> None:
    term = Term(start=P("2025-03-01"), duration=Duration(years=3))
    assert term_status(term, D("2028-02-29")).status is S.IN_FORCE
    state = term_status(term, D("2028-03-01"))
    assert state.status is S.UNKNOWN
    assert set(state.possible) == {S.EXPIRED, S.RENEWED}
    assert state.in_force is None
    assert "does not say whether the term renews" in state.reason


def test_tacit_renewal_without_limit_goes_on() -> None:
    term = tacit_term(renewal=Renewal(mode=RenewalMode.TACIT, period=Duration(years=1)))
    assert term_status(term, D("2125-06-01")).status is S.RENEWED
    assert term_status(term, D("2125-06-01")).current_period.index == 98  # type: ignore[union-attr]
    periods = list(itertools.islice(term_periods(term), 200))
    assert len(periods) == 200
    assert all(
        a.end.latest + dt.timedelta(days=1) == b.start.earliest  # type: ignore[union-attr]
        for a, b in itertools.pairwise(periods)
    )


def test_renewal_length_defaults_to_the_initial_duration() -> None:
    term = tacit_term(renewal=Renewal(mode=RenewalMode.TACIT, max_renewals=1))
    assert [p.human() for p in term_periods(term)] == [
        "2025-03-01 to 2028-02-29",
        "2028-03-01 to 2031-02-28",
    ]


def test_period_boundaries_do_not_drift_at_month_ends() -> None:
    term = Term(
        start=P("2025-01-31"),
        duration=Duration(months=1),
        renewal=Renewal(mode=RenewalMode.TACIT, period=Duration(months=1)),
    )
    ends = [str(p.end) for p in term_periods(term, limit=4)]
    # Counted from the anchor (Jan 31 + n months - 1 day), not chained.
    assert ends == ["2025-02-27", "2025-03-30", "2025-04-29", "2025-05-30"]


def test_term_periods_limit_and_until() -> None:
    term = tacit_term(renewal=Renewal(mode=RenewalMode.TACIT, period=Duration(years=1)))
    assert len(list(term_periods(term, limit=3))) == 3
    assert list(term_periods(term, limit=0)) == []
    until = [p.index for p in term_periods(term, until=D("2030-03-01"))]
    assert until == [0, 1, 2, 3]  # period 3 starts on 2030-03-01
    assert [p.index for p in renewal_periods(term, limit=2)] == [1, 2]
    assert [p.index for p in term_periods(tacit_term())] == [0, 1, 2]  # max_renewals bounds it
    with pytest.raises(ValueError, match="negative"):
        list(term_periods(term, limit=-1))


def test_terminated_is_certain_and_absorbing() -> None:
    term = tacit_term(terminated_on=P("2026-01-15"))
    assert term_status(term, D("2026-01-14")).status is S.IN_FORCE
    for day in ("2026-01-15", "2027-10-01", "2031-01-01"):
        state = term_status(term, D(day))
        assert state.status is S.TERMINATED
        assert state.in_force is False
    assert upcoming_deadlines(term, D("2026-02-01")) == []
    assert term_span(term)[1] == DateBounds.exact(D("2026-01-14"))


def test_year_precision_start_gives_bounds_not_a_guess() -> None:
    term = Term(start=P("2025"), duration=Duration(years=3), renewal=Renewal(mode=RenewalMode.NONE))
    assert term_status(term, D("2024-12-31")).status is S.NOT_YET_IN_FORCE
    during = term_status(term, D("2025-06-01"))
    assert during.status is S.UNKNOWN
    assert during.possible == (S.NOT_YET_IN_FORCE, S.IN_FORCE)
    assert "between 2025-01-01 and 2025-12-31" in during.reason
    surely = term_status(term, D("2026-01-01"))
    assert surely.status is S.IN_FORCE
    assert surely.current_period is not None
    assert surely.current_period.end == DateBounds(D("2027-12-31"), D("2028-12-30"))
    late = term_status(term, D("2028-06-01"))
    assert late.possible == (S.IN_FORCE, S.EXPIRED)
    assert term_status(term, D("2028-12-31")).status is S.EXPIRED


def test_month_precision_gives_a_notice_deadline_interval() -> None:
    term = tacit_term(start=P("2025-03"))
    state = term_status(term, D("2026-06-01"))
    assert state.status is S.IN_FORCE
    assert state.notice_deadline == DateBounds(D("2027-11-29"), D("2027-12-30"))
    window = term_status(term, D("2027-10-01"))
    assert window.status is S.NOTICE_WINDOW  # whatever the day of March
    edge = term_status(term, D("2027-12-15"))
    assert edge.status is S.UNKNOWN
    assert edge.possible == (S.IN_FORCE, S.NOTICE_WINDOW)


def test_month_precision_end_and_termination() -> None:
    term = Term(start=P("2025-01-01"), end=P("2025-12"), terminated_on=P("2025-06"))
    assert term_status(term, D("2025-05-31")).status is S.IN_FORCE
    middle = term_status(term, D("2025-06-10"))
    assert middle.possible == (S.IN_FORCE, S.TERMINATED)
    assert term_status(term, D("2025-06-30")).status is S.TERMINATED


def test_unknown_start_with_signature_floor_reference_like() -> None:
    """Like Grenoble-Tiznit: signed "2025", no start, no end, no renewal information."""
    conv = convention(Term(), signature=Signature(date=P("2025")))
    before = term_status(conv, D("2024-12-31"))
    assert before.status is S.NOT_YET_IN_FORCE
    assert "not signed before 2025-01-01" in before.reason
    after = term_status(conv, D("2026-10-01"))
    assert after.status is S.UNKNOWN
    assert after.in_force is None
    assert "does not state when the term starts" in after.reason
    assert "neither an end date nor a duration" in after.reason
    assert upcoming_deadlines(conv, D("2026-10-01")) == []
    # A bare Term has no signature to bound it.
    assert term_status(Term(), D("1900-01-01")).status is S.UNKNOWN


def test_no_end_no_duration_cannot_tell_after_start() -> None:
    term = Term(start=P("2025-03-01"))
    assert term_status(term, D("2025-02-01")).status is S.NOT_YET_IN_FORCE
    state = term_status(term, D("2026-01-01"))
    assert state.possible == (S.IN_FORCE, S.EXPIRED)
    assert is_in_force(term, D("2026-01-01")) is None


def test_unknown_start_with_stated_end() -> None:
    term = Term(end=P("2027-12-31"), renewal=Renewal(mode=RenewalMode.NONE))
    assert term_status(term, D("2026-01-01")).possible == (S.NOT_YET_IN_FORCE, S.IN_FORCE)
    assert term_status(term, D("2028-01-01")).status is S.EXPIRED


def test_upcoming_deadlines() -> None:
    deadlines = upcoming_deadlines(tacit_term(), D("2027-12-01"), limit=4)
    assert [(d.kind, str(d.date), d.period_index) for d in deadlines] == [
        (DeadlineKind.END, "2028-02-29", 0),
        (DeadlineKind.RENEWAL, "2028-03-01", 1),
        (DeadlineKind.NOTICE, "2028-11-28", 1),
        (DeadlineKind.END, "2029-02-28", 1),
    ]
    start = upcoming_deadlines(tacit_term(), D("2025-01-01"), limit=1)
    assert [d.kind for d in start] == [DeadlineKind.START]


def test_upcoming_deadlines_stop_at_a_recorded_termination() -> None:
    term = tacit_term(terminated_on=P("2028-06-01"))
    deadlines = upcoming_deadlines(term, D("2027-12-01"), limit=10)
    assert [(d.kind, str(d.date)) for d in deadlines] == [
        (DeadlineKind.END, "2028-02-29"),
        (DeadlineKind.RENEWAL, "2028-03-01"),
        (DeadlineKind.TERMINATION, "2028-06-01"),
    ]
    assert upcoming_deadlines(term, D("2028-06-01")) == []


# ---------------------------------------------------------------- format 1.1 dates


def test_termination_date_ends_the_term() -> None:
    term = tacit_term(termination=Termination(date=P("2026-01-15")))
    assert term_status(term, D("2026-01-14")).status is S.IN_FORCE
    state = term_status(term, D("2026-01-15"))
    assert state.status is S.TERMINATED
    assert state.termination == DateBounds.exact(D("2026-01-15"))
    assert "terminated on 2026-01-15" in state.reason
    assert upcoming_deadlines(term, D("2026-02-01")) == []
    assert term_span(term)[1] == DateBounds.exact(D("2026-01-14"))


def test_termination_reason_is_carried_into_the_reason() -> None:
    why = MultilingualText({"fr": "retrait de la commune", "en": "the commune withdrew"})
    term = tacit_term(termination=Termination(date=P("2026-01-15"), reason=why))
    assert "(reason: the commune withdrew)" in term_status(term, D("2027-01-01")).reason


def test_termination_date_wins_over_the_deprecated_terminated_on() -> None:
    term = tacit_term(terminated_on=P("2030-01-01"), termination=Termination(date=P("2026-01-15")))
    assert term_status(term, D("2026-06-01")).status is S.TERMINATED


def test_termination_without_a_date_cannot_tell_after_the_start() -> None:
    term = tacit_term(termination=Termination())
    assert term_status(term, D("2025-02-01")).status is S.NOT_YET_IN_FORCE
    state = term_status(term, D("2026-06-01"))
    assert state.status is S.UNKNOWN
    assert state.possible == (S.IN_FORCE, S.TERMINATED)
    assert state.in_force is None
    assert "terminated on a day the file does not state" in state.reason
    assert state.depends_on == ("term.termination",)
    assert state.termination == DateBounds(D("2025-03-01"), dt.date(9999, 12, 31))
    # No termination deadline can be listed: its day is not known.
    kinds = [d.kind for d in upcoming_deadlines(term, D("2026-01-01"))]
    assert DeadlineKind.TERMINATION not in kinds


def test_uncertain_termination_date_is_widened() -> None:
    # 2019-10-23? may be any day from 2018-09-22 to 2020-11-24 (edtf's fuzzy bounds).
    term = Term(
        start=P("2016-09-01"),
        duration=Duration(years=10),
        termination=Termination(date=P("2019-10-23?")),
    )
    assert term_status(term, D("2018-09-21")).status is S.IN_FORCE
    state = term_status(term, D("2019-10-23"))
    assert state.possible == (S.IN_FORCE, S.TERMINATED)
    assert "between 2018-09-22 and 2020-11-24" in state.reason
    assert "term.termination.date" in state.depends_on
    assert term_status(term, D("2020-11-24")).status is S.TERMINATED


def test_suspension_gives_suspended_while_in_force() -> None:
    term = tacit_term(suspensions=(Suspension(start=P("2026-03-01"), end=P("2026-08-31")),))
    assert term_status(term, D("2026-02-28")).status is S.IN_FORCE
    state = term_status(term, D("2026-05-01"))
    assert state.status is S.SUSPENDED
    assert state.in_force is False
    assert is_in_force(term, D("2026-05-01")) is False
    assert state.current_period is not None
    assert state.current_period.index == 0
    assert "suspended on 2026-05-01: from 2026-03-01 to 2026-08-31" in state.reason
    assert [s.index for s in state.suspensions] == [0]
    assert term_status(term, D("2026-08-31")).status is S.SUSPENDED
    assert term_status(term, D("2026-09-01")).status is S.IN_FORCE
    # The schedule runs on: the notice deadline does not move.
    assert state.notice_deadline == DateBounds.exact(D("2027-11-29"))


def test_suspension_does_not_change_a_term_not_in_force() -> None:
    term = tacit_term(suspensions=(Suspension(start=P("2020-01-01"), end=P("2031-12-31")),))
    assert term_status(term, D("2025-01-01")).status is S.NOT_YET_IN_FORCE
    assert term_status(term, D("2030-06-01")).status is S.EXPIRED
    assert term_status(term, D("2030-06-01")).suspensions == ()


def test_suspension_with_an_imprecise_or_unstated_end_cannot_tell() -> None:
    reason = MultilingualText({"en": "elections"})
    term = tacit_term(
        suspensions=(Suspension(start=P("2026-03-01"), end=P("2026-21"), reason=reason),)
    )
    assert term_status(term, D("2026-02-28")).status is S.IN_FORCE
    sure = term_status(term, D("2026-03-01"))
    assert sure.status is S.SUSPENDED  # the end is in spring 2026, March at the earliest
    edge = term_status(term, D("2026-04-15"))
    assert edge.status is S.UNKNOWN
    assert edge.possible == (S.IN_FORCE, S.SUSPENDED)
    assert edge.depends_on == ("term.suspensions[0].end",)
    assert "(reason: elections)" in edge.reason
    assert term_status(term, D("2026-06-01")).status is S.IN_FORCE
    open_ended = tacit_term(suspensions=(Suspension(start=P("2026-03-01")),))
    later = term_status(open_ended, D("2027-01-01"))
    assert later.possible == (S.IN_FORCE, S.SUSPENDED)
    assert "from 2026-03-01 to an unstated day" in later.reason


def test_suspension_attested_in_effect_is_certain_up_to_the_latest_attested_day() -> None:
    """Dakhla-style: a suspension began, its end is not known, a later source says it
    still applies; every day from its start to the latest attested day is suspended."""
    term = tacit_term(
        suspensions=(
            Suspension(
                start=P("2025-09"),
                in_effect_on=(P("2026-05-14"), P("2027-01")),
            ),
        )
    )
    assert term_status(term, D("2025-08-31")).status is S.IN_FORCE
    # September 2025: the start may be later in the month.
    assert term_status(term, D("2025-09-15")).status is S.UNKNOWN
    for day in ("2025-09-30", "2026-05-14", "2027-01-01"):
        assert term_status(term, D(day)).status is S.SUSPENDED, day
    # A month attests only its first day: after it, the end may have come.
    later = term_status(term, D("2027-01-02"))
    assert later.possible == (S.IN_FORCE, S.SUSPENDED)
    assert later.depends_on == ("term.suspensions[0].end",)
    assert "in effect on 2026-05-14, between 2027-01-01 and 2027-01-31" in later.reason


def test_suspension_attested_days_without_start_or_end() -> None:
    attested = (P("2026-04-01"), P("2026-06-30"))
    term = tacit_term(suspensions=(Suspension(in_effect_on=attested),))
    assert term_status(term, D("2026-03-31")).status is S.UNKNOWN
    for day in ("2026-04-01", "2026-05-10", "2026-06-30"):
        assert term_status(term, D(day)).status is S.SUSPENDED, day
    assert term_status(term, D("2026-07-01")).status is S.UNKNOWN
    # A stated end after the attested days still bounds the certain span.
    ended = tacit_term(suspensions=(Suspension(in_effect_on=attested, end=P("2026-08-31")),))
    assert term_status(ended, D("2026-08-31")).status is S.SUSPENDED
    assert term_status(ended, D("2026-09-01")).status is S.IN_FORCE


def test_indefinite_term_is_in_force_until_terminated() -> None:
    term = Term(start=P("2016-05-02"), indefinite=True)
    assert term_status(term, D("2016-05-01")).status is S.NOT_YET_IN_FORCE
    state = term_status(term, D("2060-01-01"))
    assert state.status is S.IN_FORCE
    assert "indefinite" in state.reason
    unstated = term_status(Term(start=P("2016-05-02")), D("2060-01-01"))
    assert unstated.possible == (S.IN_FORCE, S.EXPIRED)
    ended = Term(start=P("2016-05-02"), indefinite=True, termination=Termination(date=P("2019")))
    assert term_status(ended, D("2020-01-01")).status is S.TERMINATED


def test_suspension_deadlines_are_listed() -> None:
    term = tacit_term(suspensions=(Suspension(start=P("2026-03-01"), end=P("2026-08-31")),))
    deadlines = upcoming_deadlines(term, D("2026-01-01"), limit=3)
    assert [(d.kind, str(d.date)) for d in deadlines] == [
        (DeadlineKind.SUSPENSION, "2026-03-01"),
        (DeadlineKind.SUSPENSION_END, "2026-08-31"),
        (DeadlineKind.NOTICE, "2027-11-29"),
    ]


def test_season_start_and_start_note() -> None:
    note = MultilingualText({"fr": "à la signature, au printemps 2025"})
    term = Term(start=P("2025-21"), start_note=note, duration=Duration(years=3))
    assert term_status(term, D("2025-02-28")).status is S.NOT_YET_IN_FORCE
    state = term_status(term, D("2025-04-01"))
    assert state.possible == (S.NOT_YET_IN_FORCE, S.IN_FORCE)
    assert "between 2025-03-01 and 2025-05-31 (stated as 2025-21)" in state.reason
    assert "(à la signature, au printemps 2025)" in state.reason
    assert state.depends_on == ("term.start",)
    assert term_status(term, D("2025-06-01")).status is S.IN_FORCE
    (start,) = [
        d for d in upcoming_deadlines(term, D("2025-01-01")) if d.kind is DeadlineKind.START
    ]
    assert start.description == "the term starts (à la signature, au printemps 2025)"
    assert start.date == DateBounds(D("2025-03-01"), D("2025-05-31"))


def test_approximate_start_is_widened_and_said() -> None:
    term = Term(start=P("2016-09~"), duration=Duration(years=3))
    # 2016-09~ may be any day from 2015-08-01 to 2017-10-30.
    state = term_status(term, D("2015-09-01"))
    assert state.possible == (S.NOT_YET_IN_FORCE, S.IN_FORCE)
    assert "stated as 2016-09~, approximate" in state.reason


def test_end_note_is_carried_into_expired() -> None:
    note = MultilingualText({"en": "at the end of the mandate"})
    term = Term(
        start=P("2020-01-01"),
        end=P("2020-12-31"),
        end_note=note,
        renewal=Renewal(mode=RenewalMode.NONE),
    )
    assert "(at the end of the mandate)" in term_status(term, D("2022-01-01")).reason


def test_certain_status_depends_on_nothing() -> None:
    assert term_status(tacit_term(), D("2026-01-01")).depends_on == ()


@pytest.mark.parametrize(
    "start", ["XXXX-09", "0001", "9999", "2022-10/..", "../2022", "[..2019]", "201X", "0001-01-01"]
)
@pytest.mark.parametrize("mode", [RenewalMode.TACIT, RenewalMode.NONE, None])
def test_any_supported_date_is_answered_quickly(start: str, mode: RenewalMode | None) -> None:
    renewal = Renewal(mode=mode, period=Duration(months=1)) if mode is not None else None
    term = Term(
        start=P(start),
        duration=Duration(months=1),
        renewal=renewal,
        notice_period=Duration(days=10),
        suspensions=(Suspension(start=P("XXXX-05")),),
    )
    for day in (dt.date(1, 1, 1), D("2026-01-01"), dt.date(9999, 12, 31)):
        state = term_status(term, day)
        assert state.possible
        upcoming_deadlines(term, day)
    list(term_periods(term, limit=3))
    list(term_periods(term, until=D("0002-01-01")))
    term_span(term, until=D("0003-01-01"))


def test_end_on_the_last_supported_day_does_not_overflow() -> None:
    term = Term(start=P("9999-01-01"), end=P("9999-12-31"), renewal=Renewal(mode=RenewalMode.TACIT))
    assert term_status(term, dt.date(9999, 12, 31)).status is S.IN_FORCE
    assert [p.index for p in term_periods(term)] == [0]
    upcoming_deadlines(term, dt.date(9999, 6, 1))


def test_deadlines_of_a_term_started_long_ago_are_computed_not_counted() -> None:
    term = Term(
        start=P("0001-03-01"),
        duration=Duration(days=1),
        renewal=Renewal(mode=RenewalMode.TACIT, period=Duration(days=1)),
    )
    deadlines = upcoming_deadlines(term, D("2026-01-01"), limit=2)
    # One-day periods: renewal n starts on 2026-01-01 and ends the same day.
    assert [(d.kind, str(d.date)) for d in deadlines] == [
        (DeadlineKind.RENEWAL, "2026-01-01"),
        (DeadlineKind.END, "2026-01-01"),
    ]


def test_a_datetime_stands_for_the_date_it_shows() -> None:
    # The policy for every day argument (tests/test_times.py checks it for all calls).
    day = term_status(tacit_term(), dt.date(2026, 1, 1))
    assert term_status(tacit_term(), dt.datetime(2026, 1, 1, 23, 59)) == day
    with pytest.raises(TypeError, match=r"datetime\.date"):
        term_status(tacit_term(), "2026-01-01")  # type: ignore[arg-type]


# ---------------------------------------------------------------- properties


def _rank(state: TermState) -> int:
    """Order of phases along time: not yet, initial period, renewals, expired."""
    if state.status is S.NOTICE_WINDOW:
        renewal = state.current_period is not None and state.current_period.index > 0
        return 2 if renewal else 1
    return {S.NOT_YET_IN_FORCE: 0, S.IN_FORCE: 1, S.RENEWED: 2, S.EXPIRED: 3}[state.status]


def _partial(day: dt.date, precision: str) -> PartialDate:
    if precision == "year":
        return P(f"{day.year:04d}")
    if precision == "month":
        return P(f"{day.year:04d}-{day.month:02d}")
    if precision == "season":
        season = 21 + (day.month - 3) % 12 // 3  # 21 spring (March-May) ... 24 winter
        return P(f"{day.year:04d}-{season}")
    if precision in ("uncertain", "approximate"):
        mark = "?" if precision == "uncertain" else "~"
        return P(f"{day.isoformat()}{mark}")
    return PartialDate.from_date(day)


PRECISIONS = ["day", "month", "year", "season", "uncertain", "approximate"]


@st.composite
def terms(draw: st.DrawFn) -> Term:
    start_day = draw(st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)))
    start = _partial(start_day, draw(st.sampled_from(PRECISIONS)))
    duration = Duration(
        years=draw(st.integers(0, 4)),
        months=draw(st.integers(0, 11)),
        days=draw(st.integers(1, 40)),
    )
    end = None
    if draw(st.booleans()):
        end_day = start.latest() + dt.timedelta(days=draw(st.integers(0, 2000)))
        end = _partial(end_day, draw(st.sampled_from(PRECISIONS)))
        assume(end.earliest() >= start.latest())
    mode = draw(st.sampled_from([None, *RenewalMode]))
    renewal = None
    if mode is not None:
        renewal = Renewal(
            mode=mode,
            period=draw(st.none() | st.builds(Duration, months=st.integers(1, 30))),
            max_renewals=draw(st.none() | st.integers(0, 4)),
        )
    notice = draw(st.none() | st.builds(Duration, months=st.integers(1, 6)))
    terminated = None
    if draw(st.booleans()):
        t = start.earliest() + dt.timedelta(days=draw(st.integers(0, 4000)))
        terminated = _partial(t, draw(st.sampled_from(PRECISIONS)))
    suspensions: tuple[Suspension, ...] = ()
    if draw(st.booleans()):
        s_day = start.earliest() + dt.timedelta(days=draw(st.integers(0, 3000)))
        e_day = s_day + dt.timedelta(days=draw(st.integers(0, 700)))
        s_date = draw(st.none() | st.just(_partial(s_day, draw(st.sampled_from(PRECISIONS)))))
        e_date = draw(st.none() | st.just(_partial(e_day, draw(st.sampled_from(PRECISIONS)))))
        a_day = s_day + dt.timedelta(days=draw(st.integers(0, (e_day - s_day).days)))
        attested = draw(
            st.lists(st.just(_partial(a_day, draw(st.sampled_from(PRECISIONS)))), max_size=1).map(
                tuple
            )
        )
        suspensions = (Suspension(start=s_date, end=e_date, in_effect_on=attested),)
    return Term(
        start=start,
        duration=duration,
        end=end,
        renewal=renewal,
        notice_period=notice,
        terminated_on=terminated,
        suspensions=suspensions,
    )


@settings(max_examples=40, deadline=None)
@given(terms(), st.lists(st.integers(0, 60 * 366), min_size=5, max_size=15))
def test_status_is_consistent_along_a_timeline(term: Term, offsets: list[int]) -> None:
    origin = term.start.earliest() - dt.timedelta(days=400)  # type: ignore[union-attr]
    days = sorted({origin + dt.timedelta(days=o) for o in offsets})
    states = [term_status(term, d) for d in days]
    # A notice window whose period index is not known cannot be placed in the order.
    certain = [
        s
        for s in states
        if s.certain
        and s.status is not S.SUSPENDED  # a suspension comes and goes
        and not (s.status is S.NOTICE_WINDOW and s.current_period is None)
    ]
    for earlier, later in itertools.combinations(certain, 2):
        if earlier.status is S.TERMINATED:
            assert later.status is S.TERMINATED
        elif later.status is not S.TERMINATED:
            assert _rank(earlier) <= _rank(later), (earlier, later)
    for s in states:
        assert (s.status is S.UNKNOWN) == (len(s.possible) > 1)
        assert s.possible
        period = s.current_period
        if s.in_force is True and period is not None:
            assert period.start is None or period.start.earliest <= s.on
            assert period.end is None or s.on <= period.end.latest


@settings(max_examples=60, deadline=None)
@given(terms(), st.data())
def test_reduced_precision_answers_cover_every_precise_reading(
    term: Term, data: st.DataObject
) -> None:
    """Pick actual days inside each date's possible range (uncertain and approximate
    dates widened): their status is among the possible ones."""

    def pick(p: PartialDate | None) -> PartialDate | None:
        if p is None:
            return None
        return PartialDate.from_date(data.draw(st.dates(*p.possible_range())))

    precise = Term(
        start=pick(term.start),
        duration=term.duration,
        end=pick(term.end),
        renewal=term.renewal,
        notice_period=term.notice_period,
        terminated_on=pick(term.terminated_on),
        suspensions=tuple(
            Suspension(
                start=pick(s.start),
                end=pick(s.end),
                in_effect_on=tuple(d for d in map(pick, s.in_effect_on) if d is not None),
            )
            for s in term.suspensions
        ),
    )
    assert precise.start is not None
    assume(precise.end is None or precise.end.earliest() >= precise.start.earliest())
    for s in precise.suspensions:
        assume(s.start is None or s.end is None or s.start.earliest() <= s.end.earliest())
        for attested in s.in_effect_on:
            assume(s.start is None or s.start.earliest() <= attested.earliest())
            assume(s.end is None or attested.earliest() <= s.end.earliest())
    for _ in range(5):
        day = data.draw(st.dates(dt.date(1999, 1, 1), dt.date(2060, 12, 31)))
        exact = term_status(precise, day)
        assert set(exact.possible) <= set(term_status(term, day).possible), (day, exact)
