"""The ``status`` and ``export`` commands, run through the real command line."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
import vobject

from citydiplomacy._checking._api import dump, load
from citydiplomacy._cli import run
from citydiplomacy._domain._model import Governance, Meeting, Suspension, Termination
from citydiplomacy._domain._values import MultilingualText, PartialDate
from citydiplomacy._outputs._calendar import meeting_uid, to_ical
from citydiplomacy._time._tz import tz_database_version


def prop(component: icalendar.cal.Component, name: str) -> Any:
    """A property of a component, untyped: icalendar types it as a union of every
    property type, and each test knows which one it reads."""
    return component[name]


def _own_zone(component: icalendar.cal.Component) -> dt.tzinfo:
    """The zone a VTIMEZONE defines, not the system's zone of the same name."""
    assert isinstance(component, icalendar.Timezone)
    zone_info: dt.tzinfo = component.to_tz(lookup_tzid=False)
    return zone_info


ROOT = Path(__file__).resolve().parents[1]
FICTIONAL = ROOT / "examples" / "fictional-villebelle-tilelli.yaml"
GRENOBLE_TIZNIT = ROOT / "examples" / "grenoble-tiznit.yaml"

STATUS_KEYS = {
    "format",
    "on",
    "convention",
    "tz_database",
    "term",
    "deadlines",
    "meetings",
    "expected_meetings",
    "overdue_follow_up",
    "follow_up_unknown",
    "late_actions",
}


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def with_paris_meeting(tmp_path: Path) -> Path:
    """The reference convention plus one meeting at 10:00 in Grenoble on 2026-10-01."""
    conv = load(GRENOBLE_TIZNIT)
    meeting = Meeting(
        id="follow-up-2026-10",
        body="follow-up-meetings",
        start=dt.datetime(2026, 10, 1, 10, 0),
        time_zone="Europe/Paris",
    )
    governance = conv.governance or Governance()
    conv = attrs.evolve(conv, governance=attrs.evolve(governance, meetings=(meeting,)))
    path = tmp_path / "grenoble-tiznit-with-meeting.yaml"
    dump(conv, path)
    return path


# ---------------------------------------------------------------- status


def test_status_text_of_the_fictional_convention() -> None:
    code, out, err = cli("status", str(FICTIONAL), "--on", "2026-09-01")
    assert (code, err) == (0, "")
    assert "On 2026-09-01: in force" in out
    assert "2027-11-29: last day to give notice against tacit renewal" in out
    assert "2028-02-29: the initial period ends" in out
    assert "2028-03-01: renewal 1 starts (tacitly, unless notice is given)" in out
    # Tilelli's clock is at UTC+00 since 2026-09-20: 10:00 there is 12:00 in France.
    assert (
        "2026-10-01 10:00 Africa/Casablanca (Villebelle (fictive) 12:00, Tilelli (fictive) 10:00)"
        in out
    )
    assert "Comité de pilotage: no meeting held between 2025-10-01 and 2026-04-29" in out
    assert f"Time zone data: IANA {tz_database_version()}" in out


def test_status_text_gives_local_times_in_each_city(with_paris_meeting: Path) -> None:
    code, out, _ = cli("status", str(with_paris_meeting), "--on", "2026-09-01")
    assert code == 0
    assert "2026-10-01 10:00 Europe/Paris (Grenoble 10:00, Tiznit 08:00)" in out


def test_status_of_the_reference_convention_cannot_tell() -> None:
    code, out, err = cli("status", str(GRENOBLE_TIZNIT), "--on", "2026-10-01")
    assert (code, err) == (0, "")
    assert "On 2026-10-01: cannot tell whether it is in force" in out
    assert "does not state when the term starts" in out
    assert "cannot tell for Rencontres" in out
    code, out, _ = cli("status", str(GRENOBLE_TIZNIT), "--on", "2024-06-01")
    assert "On 2024-06-01: not in force" in out
    assert "not signed before 2025-03-01" in out  # signed in spring 2025 (2025-21)


def test_status_json_has_stable_documented_keys() -> None:
    code, out, _ = cli("status", str(FICTIONAL), "--on", "2026-09-01", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert set(report) == STATUS_KEYS
    assert report["format"] == "citydiplomacy-status/1"
    assert report["on"] == "2026-09-01"
    assert report["tz_database"]["iana_version"] == tz_database_version()
    term = report["term"]
    assert set(term) == {
        "status",
        "possible_statuses",
        "in_force",
        "reason",
        "current_period",
        "notice_deadline",
        "termination",
        "suspensions",
        "depends_on",
    }
    assert term["termination"] is None
    assert term["suspensions"] == []
    assert term["depends_on"] == []
    assert term["status"] == "in_force"
    assert term["in_force"] is True
    assert term["possible_statuses"] == ["in_force"]
    assert term["current_period"] == {
        "index": 0,
        "start": {"earliest": "2025-03-01", "latest": "2025-03-01"},
        "end": {"earliest": "2028-02-29", "latest": "2028-02-29"},
    }
    assert term["notice_deadline"] == {"earliest": "2027-11-29", "latest": "2027-11-29"}
    assert [d["kind"] for d in report["deadlines"]][:3] == ["notice", "end", "renewal"]
    (meeting,) = report["meetings"]
    assert meeting["id"] == "copil-2026-10"
    assert meeting["instant"] == "2026-10-01T10:00:00Z"
    assert meeting["wall_time"] == "2026-10-01T10:00:00"
    assert meeting["wall_time_kind"] == "normal"
    locals_ = {t["party"]: t["local_time"] for t in meeting["local_times"]}
    assert locals_["villebelle"] == "2026-10-01T12:00:00+02:00"
    assert locals_["tilelli"] == "2026-10-01T10:00:00+00:00"
    assert locals_["eau-partagee"] is None
    assert meeting["unknown_time_zone_parties"] == ["eau-partagee", "fonds-exemple"]
    assert [(s["index"], s["status"]) for s in report["expected_meetings"]] == [
        (0, "held"),
        (1, "overdue"),
        (2, "scheduled"),
        (3, "upcoming"),
    ]
    assert report["overdue_follow_up"] == [
        {
            "body": "steering-committee",
            "index": 1,
            "window": {"earliest": "2025-10-01", "latest": "2026-04-29"},
            "host": "tilelli",
            "status": "overdue",
            "meeting": None,
            "possible_meetings": [],
            "note": None,
        }
    ]
    assert report["late_actions"] == []


def test_status_json_of_the_reference_convention() -> None:
    code, out, _ = cli("status", str(GRENOBLE_TIZNIT), "--on", "2026-10-01", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert set(report) == STATUS_KEYS
    assert report["term"]["status"] == "unknown"
    assert report["term"]["in_force"] is None
    assert report["term"]["possible_statuses"] == ["not_yet_in_force", "in_force", "expired"]
    assert report["term"]["current_period"] is None
    assert report["deadlines"] == []
    assert report["follow_up_unknown"] == [
        {
            "body": "follow-up-meetings",
            "reason": "the file does not state how often this body meets",
        }
    ]


def test_status_late_actions(tmp_path: Path) -> None:
    code, out, _ = cli("status", str(FICTIONAL), "--on", "2026-09-01", "--format", "json")
    assert json.loads(out)["late_actions"] == []  # the study ended 2026-03 but is completed
    conv = load(FICTIONAL)
    study = conv.actions[0]
    assert study.id == "water-network-study"
    late = attrs.evolve(conv, actions=(attrs.evolve(study, status=None), *conv.actions[1:]))
    path = tmp_path / "late.yaml"
    dump(late, path)
    code, out, _ = cli("status", str(path), "--on", "2026-09-01", "--format", "json")
    assert json.loads(out)["late_actions"] == [
        {
            "id": "water-network-study",
            "title": "Étude du réseau d'eau potable de Tilelli",
            "period_end": {"earliest": "2026-03-01", "latest": "2026-03-31"},
            "status": None,
        }
    ]
    code, out, _ = cli("status", str(path), "--on", "2026-09-01")
    assert code == 0
    assert "period ended between 2026-03-01 and 2026-03-31, status not recorded" in out


def test_status_defaults_to_today_in_utc() -> None:
    before = dt.datetime.now(dt.timezone.utc).date()
    code, out, _ = cli("status", str(FICTIONAL), "--format", "json")
    after = dt.datetime.now(dt.timezone.utc).date()
    assert code == 0
    assert json.loads(out)["on"] in {before.isoformat(), after.isoformat()}


@pytest.mark.parametrize(
    "bad", ["2026-1-01", "2026-02-30", "20261001", "2026-10-01T00:00", "today"]
)
def test_status_on_must_be_a_strict_date(bad: str) -> None:
    code, out, err = cli("status", str(FICTIONAL), "--on", bad)
    assert code == 2
    assert out == ""
    assert "--on" in err


def test_status_reports_findings_of_an_invalid_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text('schema_version: "1.0"\nid: broken\n', encoding="utf-8")
    code, out, err = cli("status", str(path))
    assert code == 1
    assert out == ""
    assert "broken.yaml" in err
    assert "error" in err


def test_status_of_a_missing_file(tmp_path: Path) -> None:
    code, out, err = cli("status", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert out == ""
    assert "cannot read" in err
    assert "missing.yaml" in err


# ---------------------------------------------------------------- export


def test_export_to_stdout_is_the_library_output() -> None:
    code, out, err = cli("export", str(FICTIONAL), "--to", "ics")
    assert (code, err) == (0, "")
    assert out.encode("utf-8") == to_ical(load(FICTIONAL))


def test_export_to_a_binary_stdout_keeps_crlf() -> None:
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    code = run(["export", str(FICTIONAL), "--to", "ics"], stdout=stdout, stderr=io.StringIO())
    stdout.flush()
    assert code == 0
    assert raw.getvalue() == to_ical(load(FICTIONAL))
    assert raw.getvalue().startswith(b"BEGIN:VCALENDAR\r\n")


def test_export_file_is_byte_stable_and_readable_by_two_parsers(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert cli("export", str(FICTIONAL), "--to", "ics", "-o", str(first))[0] == 0
    assert cli("export", str(FICTIONAL), "--to", "ics", "--output", str(second))[0] == 0
    data = first.read_bytes()
    assert data == second.read_bytes()
    conv = load(FICTIONAL)
    uid = meeting_uid(conv, "copil-2026-10")
    expected = dt.datetime(2026, 10, 1, 10, 0, tzinfo=dt.timezone.utc)  # Casablanca +00

    cal = icalendar.Calendar.from_ical(data)
    zones = {str(prop(z, "TZID")): _own_zone(z) for z in cal.walk("VTIMEZONE")}
    (event,) = [e for e in cal.walk("VEVENT") if str(prop(e, "UID")) == uid]
    start = prop(event, "DTSTART")
    wall = start.dt.replace(tzinfo=None)
    assert (
        wall.replace(tzinfo=zones[str(start.params["TZID"])]).astimezone(dt.timezone.utc)
        == expected
    )

    parsed = vobject.readOne(data.decode("utf-8"))
    (other,) = [e for e in parsed.vevent_list if e.uid.value == uid]
    assert other.dtstart.value.astimezone(dt.timezone.utc) == expected


def test_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(b"keep me")
    code, out, err = cli("export", str(FICTIONAL), "--to", "ics", "-o", str(target))
    assert (code, out) == (2, "")
    assert "exists" in err
    assert "--force" in err
    assert target.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ics"]  # no temporary left
    code, _, err = cli("export", str(FICTIONAL), "--to", "ics", "-o", str(target), "--force")
    assert (code, err) == (0, "")
    assert target.read_bytes() == to_ical(load(FICTIONAL))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ics"]


def test_export_to_a_missing_directory(tmp_path: Path) -> None:
    code, _, err = cli(
        "export", str(FICTIONAL), "--to", "ics", "-o", str(tmp_path / "no" / "x.ics")
    )
    assert code == 2
    assert "cannot write" in err


def test_export_until_extends_expected_meetings() -> None:
    _, default, _ = cli("export", str(FICTIONAL), "--to", "ics")
    _, shorter, _ = cli("export", str(FICTIONAL), "--to", "ics", "--until", "2026-12-31")
    count = default.count("BEGIN:VEVENT")
    assert shorter.count("BEGIN:VEVENT") < count


def test_export_of_the_reference_convention_is_empty_and_says_why() -> None:
    code, out, err = cli("export", str(GRENOBLE_TIZNIT), "--to", "ics")
    assert code == 0
    assert "BEGIN:VEVENT" not in out
    assert "calendar is empty" in err


def test_export_needs_a_format_and_a_readable_valid_file(tmp_path: Path) -> None:
    assert cli("export", str(FICTIONAL))[0] == 2
    assert cli("export", str(FICTIONAL), "--to", "csv")[0] == 2
    assert cli("export", str(tmp_path / "missing.yaml"), "--to", "ics")[0] == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\n", encoding="utf-8")
    assert cli("export", str(broken), "--to", "ics")[0] == 1


# ---------------------------------------------------------------- format 1.1 facts


def _fictional_with(tmp_path: Path, name: str, **term_changes: Any) -> Path:
    conv = load(FICTIONAL)
    assert conv.term is not None
    conv = attrs.evolve(conv, term=attrs.evolve(conv.term, **term_changes))
    path = tmp_path / name
    dump(conv, path)
    return path


def test_status_shows_a_suspension(tmp_path: Path) -> None:
    suspension = Suspension(
        start=PartialDate.parse("2026-03-01"),
        end=PartialDate.parse("2026-21"),
        reason=MultilingualText({"fr": "élections municipales"}),
    )
    path = _fictional_with(tmp_path, "suspended.yaml", suspensions=(suspension,))
    # The end is in spring 2026: only its first day, 2026-03-01, is surely suspended.
    code, out, err = cli("status", str(path), "--on", "2026-03-01")
    assert (code, err) == (0, "")
    assert "On 2026-03-01: suspended (not applied, though its term runs)" in out
    assert "suspended on 2026-03-01: from 2026-03-01 to between 2026-03-01 and 2026-05-31" in out
    code, out, _ = cli("status", str(path), "--on", "2026-04-15")
    assert "On 2026-04-15: cannot tell whether it is in force" in out
    assert "may be suspended on that day: suspension from 2026-03-01" in out
    assert "depends on dates not stated or not known to the day: term.suspensions[0].end" in out
    _, out, _ = cli("status", str(path), "--on", "2026-04-15", "--format", "json")
    term = json.loads(out)["term"]
    assert term["status"] == "unknown"
    assert term["possible_statuses"] == ["in_force", "suspended"]
    assert term["depends_on"] == ["term.suspensions[0].end"]
    assert term["suspensions"] == [
        {
            "index": 0,
            "start": {"earliest": "2026-03-01", "latest": "2026-03-01"},
            "end": {"earliest": "2026-03-01", "latest": "2026-05-31"},
            "reason": "élections municipales",
            "covers_day": None,
        }
    ]


def test_status_shows_a_termination(tmp_path: Path) -> None:
    termination = Termination(
        date=PartialDate.parse("2027-01-01"), reason=MultilingualText({"fr": "dénonciation"})
    )
    path = _fictional_with(tmp_path, "terminated.yaml", termination=termination)
    code, out, _ = cli("status", str(path), "--on", "2026-09-01")
    assert code == 0
    assert "termination recorded: no longer in force from 2027-01-01 (reason: dénonciation)" in out
    assert "2027-01-01: terminated: no longer in force from then" in out
    _, out, _ = cli("status", str(path), "--on", "2027-06-01")
    assert "On 2027-06-01: not in force" in out
    assert "terminated on 2027-01-01 (reason: dénonciation): no longer in force" in out
    _, out, _ = cli("status", str(path), "--on", "2027-06-01", "--format", "json")
    assert json.loads(out)["term"]["termination"] == {
        "date": {"earliest": "2027-01-01", "latest": "2027-01-01"},
        "stated": "2027-01-01",
        "reason": "dénonciation",
    }


def test_status_of_a_termination_without_a_date(tmp_path: Path) -> None:
    path = _fictional_with(tmp_path, "ended.yaml", termination=Termination())
    _, out, _ = cli("status", str(path), "--on", "2026-09-01")
    assert "cannot tell whether it is in force" in out
    assert "termination recorded: no longer in force on a day not stated" in out
    assert "depends on dates not stated or not known to the day: term.termination" in out
    _, out, _ = cli("status", str(path), "--on", "2026-09-01", "--format", "json")
    assert json.loads(out)["term"]["termination"]["date"] is None


def test_status_lists_meetings_known_by_date(tmp_path: Path) -> None:
    conv = load(FICTIONAL)
    assert conv.governance is not None
    meetings = (
        Meeting(id="by-day", body="steering-committee", date=PartialDate.parse("2026-11-03")),
        Meeting(id="by-month", body="steering-committee", date=PartialDate.parse("2026-12")),
        Meeting(id="past", body="steering-committee", date=PartialDate.parse("2026-01-10")),
    )
    conv = attrs.evolve(
        conv,
        governance=attrs.evolve(conv.governance, meetings=(*conv.governance.meetings, *meetings)),
    )
    path = tmp_path / "dated.yaml"
    dump(conv, path)
    code, out, err = cli("status", str(path), "--on", "2026-09-01")
    assert (code, err) == (0, "")
    assert "2026-11-03 (all day): Comité de pilotage [status not stated]" in out
    assert "2026-12 (day not known: between 2026-12-01 and 2026-12-31)" in out
    assert "cannot tell for Comité de pilotage, due between 2025-10-01 and 2026-04-29" in out
    assert "whether it was held is not stated" in out
    _, out, _ = cli("status", str(path), "--on", "2026-09-01", "--format", "json")
    report = json.loads(out)
    by_day = next(m for m in report["meetings"] if m["id"] == "by-day")
    assert by_day["status"] is None
    assert by_day["date"] == "2026-11-03"
    assert by_day["days"] == {"earliest": "2026-11-03", "latest": "2026-11-03"}
    assert (by_day["wall_time"], by_day["instant"], by_day["time_zone"]) == (None, None, None)
    assert [m["id"] for m in report["meetings"]][-2:] == ["by-day", "by-month"]
    slot = report["expected_meetings"][1]
    assert (slot["status"], slot["meeting"]) == ("unknown", "past")


def test_export_says_which_meetings_it_leaves_out(tmp_path: Path) -> None:
    conv = load(FICTIONAL)
    assert conv.governance is not None
    meetings = (
        Meeting(id="by-day", body="steering-committee", date=PartialDate.parse("2026-11-03")),
        Meeting(id="by-month", body="steering-committee", date=PartialDate.parse("2026-12")),
        Meeting(id="spring", body="steering-committee", date=PartialDate.parse("2027-21")),
    )
    conv = attrs.evolve(
        conv,
        governance=attrs.evolve(conv.governance, meetings=(*conv.governance.meetings, *meetings)),
    )
    path = tmp_path / "dated.yaml"
    dump(conv, path)
    code, out, err = cli("export", str(path), "--to", "ics")
    assert code == 0
    assert err == (
        "citydiplomacy: 2 recorded meeting(s) left out of the calendar: their date cannot "
        "be placed on days\n"
        "  meeting by-month (2026-12): its date is known only to the month, not to the day\n"
        "  meeting spring (2027-21): its date is known only to the season, not to the day\n"
    )
    assert "DTSTART;VALUE=DATE:20261103" in out
    assert out.encode("utf-8") == to_ical(load(path))
    parsed = vobject.readOne(out)
    uid = meeting_uid(conv, "by-day")
    (event,) = [e for e in parsed.vevent_list if e.uid.value == uid]
    assert (event.dtstart.value, event.dtend.value) == (dt.date(2026, 11, 3), dt.date(2026, 11, 4))
