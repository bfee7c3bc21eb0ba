"""The real conventions under ``examples/real/``: the facts their sources state, read back.

Each example was written from public sources (research notes: one facts file and one checks
list per example). ``CHECKS`` holds those checks: an expression on the loaded convention,
through the public API only, and the value the sources state. The other tests hold for every
file of the folder: it validates under ``--strict`` with no finding at all, round-trips, uses
no extension, cites only documents that can be found again, and the folder as a whole covers
several languages and countries.
"""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import citydiplomacy as cd
from citydiplomacy._cli import run
from citydiplomacy._io._reading import read_path

REAL = Path(__file__).resolve().parents[1] / "examples" / "real"
FILES = sorted(p for p in REAL.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


@functools.cache
def load(slug: str) -> cd.Convention:
    """The example ``examples/real/<slug>.yaml``, loaded once."""
    return cd.load(REAL / f"{slug}.yaml")


def party(conv: cd.Convention, id: str) -> cd.Party:
    """The party with this id (new parties may be added to a file without renumbering)."""
    return next(p for p in conv.parties if p.id == id)


def document(conv: cd.Convention, id: str) -> cd.Document:
    """The document with this id."""
    return next(d for d in conv.documents if d.id == id)


def strs(values: Any) -> tuple[str, ...]:
    """Dates and codes as their text, for comparison with what the sources write."""
    return tuple(str(v) for v in values)


# (label, expression, expected). The label starts with the number of the check in the
# research notes' checks list, so that a failure points at the fact and its source.
Check = tuple[str, Callable[[Any], object], object]

AACHEN: list[Check] = [
    ("01-kind", lambda c: c.kind, "sister_city_agreement"),
    ("02-designation", lambda c: c.designation.text("de"), "Städtepartnerschaft"),
    ("03-signature-date", lambda c: str(c.signature.date), "2005-06-09"),
    ("04-follows-2001-treaty", lambda c: c.related_instruments[0].relation, "follows"),
    ("05-treaty-date", lambda c: str(c.related_instruments[0].date), "2001-09-26"),
    (
        "06-treaty-designation",
        lambda c: c.related_instruments[0].designation.text("de"),
        "Vertrag über freundschaftliche Beziehungen",
    ),
    ("07-deliberation-purpose", lambda c: c.deliberations[0].purpose, "suspend"),
    ("08-deliberation-date", lambda c: str(c.deliberations[0].date), "2022-03-30"),
    ("09-deliberation-outcome", lambda c: c.deliberations[0].outcome, "adopted"),
    ("10-deliberation-reference", lambda c: c.deliberations[0].reference, "FB 01/0228/WP18"),
    (
        "11-large-majority-no-counts",
        lambda c: (c.deliberations[0].votes.majority, c.deliberations[0].votes.in_favour),
        ("large_majority", None),
    ),
    ("12-suspension-start", lambda c: str(c.term.suspensions[0].start), "2022-03-30"),
    ("13-suspension-end-unknown", lambda c: c.term.suspensions[0].end, None),
    (
        "14-suspension-decided-by-council",
        lambda c: c.term.suspensions[0].decisions[0].deliberation,
        "aachen-council-2022-03-30",
    ),
    (
        "15-base-amount",
        lambda c: (c.actions[0].budget[0].amount, c.actions[0].budget[0].currency),
        (Decimal("1000"), "EUR"),
    ),
    (
        "16-still-suspended-on-2025-09-17",
        lambda c: strs(c.term.suspensions[0].in_effect_on),
        ("2025-09-17",),
    ),
    ("17-base-amount-is-yearly", lambda c: str(c.actions[0].budget[0].per), "P1Y"),
    (
        "18-association-is-a-stakeholder",
        lambda c: (
            party(c, "verein-aachen-kostroma").kind,
            party(c, "verein-aachen-kostroma").role,
        ),
        ("association", "stakeholder"),
    ),
    (
        "19-fb-01-is-part-of-aachen",
        lambda c: (party(c, "aachen-fb-01").part_of, party(c, "aachen-fb-01").kind),
        ("aachen", None),
    ),
    (
        "20-lord-mayor-attested",
        lambda c: strs(party(c, "aachen").heads[0].in_office_on),
        ("2025-09-17",),
    ),
]

CHAMBERY: list[Check] = [
    (
        "01-signed-in-1991",
        lambda c: (str(c.signature.date), c.signature.date.precision),
        ("1991", "year"),
    ),
    (
        "02-association-operates",
        lambda c: (c.parties[2].kind, c.parties[2].role),
        ("association", "implementing_partner"),
    ),
    (
        "03-council-creates-association",
        lambda c: (
            "créer l'association Chambéry Ouahigouya" in c.deliberations[0].summary.text("fr")
        ),
        True,
    ),
    (
        "04-population-more-than",
        lambda c: (c.parties[1].population[0].value, c.parties[1].population[0].qualifier),
        (120000, "more_than"),
    ),
    (
        "05-population-about",
        lambda c: (c.parties[1].population[1].value, c.parties[1].population[1].qualifier),
        (130000, "about"),
    ),
    ("06-mayor-2013", lambda c: c.parties[1].heads[0].name, "Gilbert Noël Ouédraogo"),
    (
        "07-unnamed-party-funder",
        lambda c: (
            c.actions[0].budget[0].funder,
            c.actions[0].budget[0].funder_description.text("fr"),
        ),
        (None, "Agence de l'eau Rhône Méditerranée et Corse"),
    ),
    (
        "08-veolia-grant",
        lambda c: (
            c.actions[0].budget[2].amount,
            c.actions[0].budget[2].currency,
            c.actions[0].budget[2].commitment,
        ),
        (Decimal("50000"), "EUR", "committed"),
    ),
    (
        "09-other-funders-etc",
        lambda c: c.actions[0].budget[3].funder_description.text("fr"),
        "etc.",
    ),
    ("10-people-target", lambda c: c.actions[0].indicators[0].target, Decimal("25000")),
    (
        "11-programme-2013-2015-ended",
        lambda c: (str(c.actions[1].period.end), c.actions[1].status),
        ("2015-12-31", "completed"),
    ),
    (
        "12-about-twenty-projects",
        lambda c: (c.action_count.value, c.action_count.qualifier),
        (Decimal("20"), "about"),
    ),
    (
        "13-more-than-80-people",
        lambda c: (
            c.governance.meetings[0].participants[1].count,
            c.governance.meetings[0].participants[1].count_qualifier,
        ),
        (80, "more_than"),
    ),
    (
        "14-2022-instrument-kind-unknown",
        lambda c: (c.related_instruments[0].kind, str(c.related_instruments[0].date)),
        (None, "2022"),
    ),
    (
        "15-2022-instrument-parties",
        lambda c: c.related_instruments[0].parties,
        ("ouahigouya", "chambery", "grand-chambery"),
    ),
    (
        "16-acdil-kind-not-stated",
        lambda c: (party(c, "acdil").kind, party(c, "acdil").role, party(c, "acdil").country),
        (None, "stakeholder", "BF"),
    ),
    (
        "17-half-of-investment-activities",
        lambda c: (
            c.actions[0].budget[0].share,
            c.actions[0].budget[0].share_basis.text("fr"),
        ),
        (Decimal("50"), "activités d'investissement"),
    ),
    (
        "18-veolia-committee-decision",
        lambda c: (
            str(c.actions[0].budget[2].decision_date),
            c.actions[0].budget[2].decided_by.text("fr"),
        ),
        ("2012-03-06", "Comité (Fondation Veolia)"),
    ),
    ("19-2022-instrument-signed", lambda c: c.related_instruments[0].status, "signed"),
    (
        "20-mayor-attested-2013-11-22",
        lambda c: strs(c.parties[1].heads[0].in_office_on),
        ("2013-11-22",),
    ),
]

CHAMBERY_2022: list[Check] = [
    ("21-kind-not-stated", lambda c: c.kind, None),
    (
        "22-signed-in-2022",
        lambda c: (str(c.signature.date), c.signature.date.precision),
        ("2022", "year"),
    ),
    (
        "23-main-theme-unranked",
        lambda c: (c.axes[0].title.text("fr"), c.axes[0].priority),
        ("Gouvernance locale et appui institutionnel", None),
    ),
    (
        "24-other-themes-by-priority",
        lambda c: [(a.priority, a.title.text("fr")) for a in c.axes[1:]],
        [
            (1, "Eau et déchets"),
            (2, "Infrastructures, équipements et manifestations culturelles"),
            (3, "Jeunesse & genre"),
            (4, "Agriculture et développement rural"),
            (5, "Éducation, emploi, formation professionnelle"),
        ],
    ),
    (
        "25-parties-named-in-the-title",
        lambda c: [p.id for p in c.parties],
        ["ouahigouya", "chambery", "grand-chambery"],
    ),
    (
        "26-follows-the-1991-convention",
        lambda c: (
            c.related_instruments[0].relation,
            c.related_instruments[0].instrument,
            str(c.related_instruments[0].date),
            c.related_instruments[0].status,
        ),
        ("follows", "chambery-ouahigouya-cooperation-1991", "1991", "signed"),
    ),
]

CHONGQING: list[Check] = [
    ("01-kind", lambda c: c.kind, "sister_city_agreement"),
    ("02-designation", lambda c: c.designation.text("zh"), "建立友好城市关系协议书"),
    ("03-signature-date", lambda c: str(c.signature.date), "2021-10-12"),
    ("04-signatory", lambda c: c.signature.signatories[0].name, "唐良智"),
    (
        "05-signatory-latin-name",
        lambda c: c.signature.signatories[0].name_variants,
        ("Tang Liangzhi",),
    ),
    (
        "06-ndjamena-signatory-office",
        lambda c: c.signature.signatories[1].office.text("zh"),
        "乍得首都恩贾梅纳市长",
    ),
    ("07-presided", lambda c: c.signature.attendees[0].note.text("zh"), "主持活动仪式"),
    ("08-ambassador", lambda c: c.signature.attendees[2].office.text("zh"), "驻乍得大使"),
    (
        "09-chadian-ambassador-latin-name",
        lambda c: c.signature.attendees[3].name_variants[0],
        "Maitine Djoumbe",
    ),
    ("10-level", lambda c: c.parties[0].level, "province_level_municipality"),
    ("11-level-name", lambda c: c.parties[0].level_name.text("zh"), "直辖市"),
    (
        "12-population-2023",
        lambda c: (c.parties[0].population[0].value, str(c.parties[0].population[0].year)),
        (31914300, "2023"),
    ),
    ("13-chad", lambda c: c.parties[1].country, "TD"),
    ("14-party-secretary", lambda c: c.parties[0].heads[1].name, "陈敏尔"),
    ("15-signed-online", lambda c: c.signature.mode, "online"),
    (
        "16-signatory-act-and-sources",
        lambda c: (c.signature.signatories[0].act, c.signature.signatories[0].sources),
        ("signed", ("mfa", "cqw-zh", "cqw-en")),
    ),
    (
        "17-mayor-attested",
        lambda c: strs(c.parties[0].heads[0].in_office_on),
        ("2021-10-12",),
    ),
    (
        "18-attendee-sources",
        lambda c: c.signature.attendees[3].sources,
        ("mfa", "cqw-en"),
    ),
]

DAKHLA: list[Check] = [
    ("01-kind", lambda c: c.kind, "declaration_of_intent"),
    (
        "02-designation-fr",
        lambda c: c.designation.text("fr"),
        "lettre d'intention en vue du jumelage",
    ),
    ("03-designation-ar", lambda c: c.designation.text("ar"), "رسالة نوايا"),
    ("04-signature-date", lambda c: str(c.signature.date), "2026-01-17"),
    ("05-place", lambda c: c.signature.place.text("fr"), "Hôtel de Ville de Nice"),
    (
        "06-consul-general",
        lambda c: (c.signature.attendees[0].name, c.signature.attendees[0].name_variants[0]),
        ("Mohamed El Hamouli", "محمد الحمولي"),
    ),
    (
        "07-consul-general-office",
        lambda c: c.signature.attendees[0].office.text("fr"),
        "Consul général du Maroc à Marseille",
    ),
    ("08-special-envoy", lambda c: c.signature.attendees[1].name, "Olivier Poivre d'Arvor"),
    ("09-country-left-out", lambda c: c.parties[0].country, None),
    (
        "10-mayor-of-nice",
        lambda c: c.parties[1].heads[0].office.text("fr"),
        "maire de Nice et président de la Métropole Nice Côte d'Azur",
    ),
    (
        "11-visit-a-thursday-before",
        lambda c: (
            str(c.governance.meetings[0].date),
            c.governance.meetings[0].date.is_set,
            c.governance.meetings[0].date.latest(),
        ),
        ("[..2026-01-16]", True, datetime.date(2026, 1, 16)),
    ),
    (
        "12-delegation-head",
        lambda c: c.governance.meetings[0].participants[0].name,
        "Olivier Bettati",
    ),
    (
        "13-twinning-to-follow",
        lambda c: (c.related_instruments[0].relation, c.related_instruments[0].kind),
        ("followed_by", "sister_city_agreement"),
    ),
    (
        "14-country-as-stated",
        lambda c: (
            "Morocco" in c.parties[0].country_note.text("en")
            and "EH" in c.parties[0].country_note.text("en")
        ),
        True,
    ),
    ("15-twinning-announced", lambda c: c.related_instruments[0].status, "announced"),
    (
        "16-each-claim-keeps-its-sources",
        lambda c: (c.signature.attendees[0].sources, c.signature.attendees[1].sources),
        (("atlasinfo", "frinfos", "hibapress"), ("laayouneinfo", "yaqin24")),
    ),
    (
        "17-heads-attested",
        lambda c: [strs(p.heads[0].in_office_on) for p in c.parties],
        [("2026-01-17",), ("2026-01-17",)],
    ),
    (
        "18-descriptive-document-title",
        lambda c: (
            document(c, "laayouneinfo").title_descriptive,
            document(c, "atlasinfo").title_descriptive,
        ),
        (True, None),
    ),
]

FENGDU: list[Check] = [
    ("01-signature-date", lambda c: str(c.signature.date), "2021-11-10"),
    ("02-signed-in-china", lambda c: str(c.signature.signatories[0].date), "2021-11-10"),
    ("03-signed-in-mexico", lambda c: str(c.signature.signatories[1].date), "2021-11-09"),
    (
        "04-county",
        lambda c: (c.parties[0].level, c.parties[0].level_name.text("zh")),
        ("county", "县"),
    ),
    (
        "05-time-zones",
        lambda c: (c.parties[0].time_zone, c.parties[1].time_zone),
        ("Asia/Shanghai", "America/Mexico_City"),
    ),
    ("06-state-of-guanajuato", lambda c: c.parties[1].subdivisions, ("MX-GUA",)),
    (
        "07-presiding-organisation",
        lambda c: c.signature.attendees[0].organisation.text("en"),
        "Chongqing People's Association for Friendship with Foreign Countries",
    ),
    ("08-first-axis", lambda c: c.axes[0].title.text("zh"), "经贸"),
    (
        "09-visit-december-2018",
        lambda c: (str(c.governance.meetings[0].date), c.governance.meetings[0].date.precision),
        ("2018-12", "month"),
    ),
    ("10-online-ceremony", lambda c: c.governance.meetings[1].mode, "online"),
    (
        "11-light-show-done",
        lambda c: (c.actions[0].status, str(c.actions[0].status_date)),
        ("completed", "2022-03-23"),
    ),
    (
        "12-followed-in-october-2025-uncertain",
        lambda c: (
            c.related_instruments[0].relation,
            str(c.related_instruments[0].date),
            c.related_instruments[0].date.is_uncertain,
            c.related_instruments[0].date.earliest(),
            c.related_instruments[0].date.latest(),
        ),
        ("followed_by", "2025-10?", True, datetime.date(2025, 10, 1), datetime.date(2025, 10, 31)),
    ),
    ("16-signed-online", lambda c: c.signature.mode, "online"),
    ("17-2025-agreement-signed", lambda c: c.related_instruments[0].status, "signed"),
    (
        "18-mayors-attested-on-their-local-dates",
        lambda c: (
            strs(c.parties[0].heads[0].in_office_on),
            strs(c.parties[1].heads[0].in_office_on),
        ),
        (("2021-11-10",), ("2021-11-09",)),
    ),
]

GUANAJUATO_2025: list[Check] = [
    ("13-witness", lambda c: c.signature.witnesses[0].name, "Lizeth Galván Cortés"),
    (
        "14-witness-office",
        lambda c: c.signature.witnesses[0].office.text("es"),
        "secretaria de Cultura del Estado",
    ),
    (
        "15-vice-governor-signs",
        lambda c: c.signature.signatories[1].office.text("es"),
        "vicegobernador del condado de Fengdu",
    ),
    (
        "19-mayor-attested-in-october-2025",
        lambda c: (
            strs(c.parties[0].heads[0].in_office_on),
            c.parties[0].heads[0].in_office_on[0].precision,
        ),
        (("2025-10",), "month"),
    ),
]

KARST: list[Check] = [
    (
        "01-kind-and-designation",
        lambda c: (c.kind, c.designation.text("fr")),
        ("project_convention", "convention de partenariat"),
    ),
    (
        "02-total-budget",
        lambda c: (c.total_budget.amount, c.total_budget.currency),
        (Decimal("904000"), "EUR"),
    ),
    ("03-programme-kind", lambda c: c.programmes[0].kind, "development_agency_facility"),
    ("04-programme-funder", lambda c: c.programmes[0].funder, "afd"),
    (
        "05-afd-grant",
        lambda c: (c.actions[0].budget[0].amount, c.actions[0].budget[0].programme),
        (Decimal("632000"), "ficol"),
    ),
    ("06-start", lambda c: str(c.actions[0].period.start), "2020-01-01"),
    (
        "07-province-of-laos",
        lambda c: (c.parties[1].level, c.parties[1].country),
        ("province", "LA"),
    ),
    ("08-syndicat-mixte", lambda c: c.parties[0].level_name.text("fr"), "syndicat mixte"),
    (
        "09-ngo-on-the-ground",
        lambda c: (party(c, "tetraktys").kind, party(c, "tetraktys").role),
        ("ngo", "implementing_partner"),
    ),
    (
        "10-geopark-by-2027",
        lambda c: (
            str(c.actions[0].indicators[0].target_date),
            c.actions[0].indicators[0].target_date.is_set,
            c.actions[0].indicators[0].target_date.possible_range()[1],
        ),
        ("[..2027]", True, datetime.date(2027, 12, 31)),
    ),
    (
        "11-workshop-27-29-september-2023",
        lambda c: (
            str(c.governance.meetings[0].date),
            c.governance.meetings[0].date.is_interval,
            c.governance.meetings[0].date.earliest(),
            c.governance.meetings[0].date.latest(),
        ),
        ("2023-09-27/2023-09-29", True, datetime.date(2023, 9, 27), datetime.date(2023, 9, 29)),
    ),
    (
        "12-minister",
        lambda c: c.governance.meetings[0].participants[2].office.text("fr"),
        "Ministre de l'Éducation et des Sports",
    ),
    (
        "13-related-ngo-project",
        lambda c: (c.related_instruments[0].relation, str(c.related_instruments[0].start)),
        ("related_to", "2016"),
    ),
    ("14-joint-syndicate", lambda c: c.parties[0].level, "joint_syndicate"),
    (
        "15-pict-is-a-service-of-the-province",
        lambda c: (party(c, "pict").part_of, party(c, "pict").role),
        ("khammouane", "stakeholder"),
    ),
    (
        "16-dict-kind-and-parent-not-stated",
        lambda c: (party(c, "dict").kind, party(c, "dict").part_of),
        (None, None),
    ),
    (
        "17-descriptive-document-title",
        lambda c: document(c, "news-2023").title_descriptive,
        True,
    ),
]

LAAYOUNE: list[Check] = [
    ("01-kind", lambda c: c.kind, "framework_convention"),
    ("02-designation-ar", lambda c: c.designation.text("ar"), "اتفاقية إطار للشراكة"),
    ("03-designation-fr", lambda c: c.designation.text("fr"), "convention cadre de partenariat"),
    ("04-signature-date", lambda c: str(c.signature.date), "2022-10-24"),
    ("05-mayor-of-metz", lambda c: c.signature.signatories[1].name, "François Grosdidier"),
    ("06-wali", lambda c: c.signature.attendees[0].office.text("ar"), "والي جهة العيون"),
    (
        "07-attractiveness-agency",
        lambda c: c.signature.attendees[1].organisation.text("fr"),
        "Agence d'attractivité de l'eurométropole de Metz",
    ),
    ("08-three-years", lambda c: str(c.term.duration), "P3Y"),
    ("09-tacit-renewal", lambda c: c.term.renewal.mode, "tacit"),
    (
        "10-metz-approval",
        lambda c: (str(c.deliberations[0].date), c.deliberations[0].party),
        ("2022-07-11", "metz"),
    ),
    (
        "11-laayoune-approval-october",
        lambda c: (str(c.deliberations[1].date), c.deliberations[1].date.precision),
        ("2022-10", "month"),
    ),
    ("12-approval-purpose", lambda c: c.deliberations[1].purpose, "approve"),
    ("13-country-left-out", lambda c: c.parties[0].country, None),
    ("14-level-name", lambda c: c.parties[0].level_name.text("ar"), "جماعة"),
    (
        "15-initialled",
        lambda c: [s.act for s in c.signature.signatories],
        ["initialled", "initialled"],
    ),
    (
        "16-venue-disagreement-noted",
        lambda c: (
            c.signature.place.text("fr"),
            "municipal palace" in c.signature.note.text("en"),
        ),
        ("Laâyoune", True),
    ),
    (
        "17-country-as-stated",
        lambda c: "ville saharienne marocaine" in c.parties[0].country_note.text("fr"),
        True,
    ),
    ("18-wali-sources", lambda c: c.signature.attendees[0].sources, ("le360-ar", "le360-fr")),
    (
        "19-heads-attested",
        lambda c: [strs(p.heads[0].in_office_on) for p in c.parties],
        [("2022-10-24",), ("2022-10-24",)],
    ),
]

SEVILLA: list[Check] = [
    ("01-kind", lambda c: c.kind, "memorandum_of_understanding"),
    ("02-designation-es", lambda c: c.designation.text("es"), "memorando de entendimiento"),
    ("03-designation-it", lambda c: c.designation.text("it"), "protocollo d'intesa"),
    ("04-signature-date", lambda c: str(c.signature.date), "2024-09-12"),
    ("05-place", lambda c: c.signature.place.text("it"), "Siviglia"),
    ("06-assessore", lambda c: c.signature.attendees[0].name, "Giuseppe Giordano"),
    (
        "07-assessore-office",
        lambda c: c.signature.attendees[0].office.text("it"),
        "assessore allo sviluppo digitale del Comune di Siena",
    ),
    ("08-committee", lambda c: c.governance.bodies[0].name.text("es"), "Comité de Entendimiento"),
    ("09-two-per-city", lambda c: [m.count for m in c.governance.bodies[0].members], [2, 2]),
    (
        "10-exhibition-days",
        lambda c: (str(c.actions[0].period.start), str(c.actions[0].period.end)),
        ("2025-11-12", "2025-11-16"),
    ),
    (
        "11-exhibition-open",
        lambda c: (c.actions[0].status, str(c.actions[0].status_date)),
        ("in_progress", "2025-11-12"),
    ),
    (
        "12-reception-day-without-time",
        lambda c: (str(c.governance.meetings[0].date), c.governance.meetings[0].start),
        ("2025-11-11", None),
    ),
    ("13-comune", lambda c: c.parties[1].level_name.text("it"), "Comune"),
    ("14-indefinite-duration", lambda c: (c.term.indefinite, c.term.end), (True, None)),
    (
        "15-amendment-clause",
        lambda c: c.term.amendment_clause.text("en").startswith(
            "May be modified at the request of one of the signatories"
        ),
        True,
    ),
    ("16-assessore-source", lambda c: c.signature.attendees[0].sources, ("lanazione",)),
    (
        "17-mayors-attested",
        lambda c: [strs(p.heads[0].in_office_on) for p in c.parties],
        [("2024-09-12", "2025-11-11"), ("2024-09-12", "2025-11-11")],
    ),
    ("18-descriptive-document-title", lambda c: document(c, "comune").title_descriptive, True),
]

CHECKS: dict[str, list[Check]] = {
    "aachen-kostroma": AACHEN,
    "chambery-ouahigouya": CHAMBERY,
    "chambery-ouahigouya-2022": CHAMBERY_2022,
    "chongqing-ndjamena": CHONGQING,
    "dakhla-nice": DAKHLA,
    "fengdu-guanajuato": FENGDU,
    "guanajuato-fengdu-2025": GUANAJUATO_2025,
    "karst-khammouane": KARST,
    "laayoune-metz": LAAYOUNE,
    "sevilla-siena": SEVILLA,
}

PARAMS = [
    pytest.param(slug, expression, expected, id=f"{slug}:{label}")
    for slug, checks in CHECKS.items()
    for label, expression, expected in checks
]


@pytest.mark.parametrize(("slug", "expression", "expected"), PARAMS)
def test_fact(slug: str, expression: Callable[[Any], object], expected: object) -> None:
    assert expression(load(slug)) == expected


def test_every_example_has_its_checks() -> None:
    assert sorted(CHECKS) == sorted(p.stem for p in FILES)
    for slug, checks in CHECKS.items():
        assert len(checks) >= 4, slug
        labels = [label for label, _, _ in checks]
        assert len(set(labels)) == len(labels), slug


# ---------------------------------------------------------------- every file of the folder


def _walk(value: Any, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object in a plain JSON value, with its path."""
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def _document(path: Path) -> dict[str, Any]:
    document = read_path(path)[1]
    assert isinstance(document, dict)
    return document


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_validates_strictly_with_no_finding(path: Path) -> None:
    report = cd.validate(path)
    assert not report.findings, [str(f) for f in report.findings]
    assert _document(path)["schema_version"] == "1.1"


def test_the_command_line_accepts_the_folder_strictly() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run(["validate", "--strict", str(REAL)], stdin=io.BytesIO(), stdout=out, stderr=err)
    assert code == 0, out.getvalue()
    assert out.getvalue() == ""
    count = len(FILES)
    assert err.getvalue().startswith(
        f"checked {count} files: {count} valid, 0 with errors (0 errors, 0 warnings) in "
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_round_trips(path: Path) -> None:
    conv = cd.load(path)
    for fmt in ("yaml", "json"):
        text = cd.dumps(conv, format=fmt)
        assert cd.loads(text, format=fmt) == conv
        assert cd.dumps(cd.loads(text, format=fmt), format=fmt) == text


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_extensions_are_used(path: Path) -> None:
    used = [where for where, obj in _walk(_document(path)) if "extensions" in obj]
    assert not used, f"{path.name}: a fact belongs in a member of the format, not in {used}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_source_is_a_document_that_can_be_found_again(path: Path) -> None:
    document = _document(path)
    documents = {d["id"]: d for d in document.get("documents", [])}
    cited = [(where, source) for where, obj in _walk(document) for source in obj.get("sources", [])]
    assert cited, f"{path.name} cites no source"
    for where, source in cited:
        assert source in documents, f"{where}: {source!r} is not among the documents"
    for where, obj in _walk(document):
        if isinstance(obj.get("document"), str):
            assert obj["document"] in documents, where
    for id, entry in documents.items():
        # A document without an address would need a note saying where to find it.
        assert "url" in entry or "note" in entry, f"{path.name}: document {id!r}"
        assert entry.get("url", "https://").startswith(("https://", "http://")), id
    assert set(documents) == {source for _, source in cited} | {
        obj["document"] for _, obj in _walk(document) if isinstance(obj.get("document"), str)
    }, f"{path.name}: every document listed is cited somewhere"


def test_the_examples_cover_languages_and_countries() -> None:
    conventions = [cd.load(path) for path in FILES]
    assert len(conventions) >= 6
    languages = {d.language for c in conventions for d in c.documents if d.language}
    assert len(languages - {"en"}) >= 3, languages
    countries = {p.country for c in conventions for p in c.parties if p.country}
    assert len(countries) >= 4, countries
    assert len({c.id for c in conventions}) == len(conventions)


def test_the_time_layer_sees_the_aachen_suspension_still_in_effect() -> None:
    state = cd.term_status(load("aachen-kostroma"), datetime.date(2025, 9, 17))
    assert cd.TermStatus.SUSPENDED in state.possible
    assert cd.TermStatus.IN_FORCE not in state.possible  # the suspension is attested that day
    assert "in effect on 2025-09-17" in state.reason
